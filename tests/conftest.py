from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = ROOT / "seeds"
SEED = SEED_DIR / "000_418aac17aef7de0a.txt"
GOLD = Path(__file__).resolve().parent / "gold"


@pytest.fixture(scope="session")
def seed_corpus():
    import framing

    return framing.read_corpus(SEED_DIR)


@pytest.fixture(scope="session")
def seed_passages(seed_corpus):
    import framing

    return framing.segment(seed_corpus)


@pytest.fixture(scope="session")
def seed_attributions(seed_passages):
    import framing

    return framing.attribute(seed_passages)
