import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED_DIR = ROOT / "seeds"
SEED = SEED_DIR / "000_418aac17aef7de0a.txt"
GOLD = Path(__file__).resolve().parent / "gold"
SHARED = ROOT.parent / "shared"


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


@pytest.fixture(scope="session")
def shared_dir():
    """The shared data folder beside the repository (third-party lexicons, corpora).

    A user's clone has no such folder: tests that need it skip, saying why. On CI (``CI=true``) the
    folder must be there, so its absence fails instead of silently skipping.
    """
    if not SHARED.is_dir():
        reason = f"{SHARED} is absent (third-party lexicons and corpora are not part of the repository)"
        if os.environ.get("CI", "").strip().lower() == "true":
            pytest.fail(f"{reason}, but CI=true: provide the shared folder on CI")
        pytest.skip(reason)
    return SHARED
