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


TOY_LEXICON_YAML = (
    "name: t\nversion: 1.0.0\ncategories:\n  ceasefire:\n    sponsor: europe\n    entries: [ceasefire]\n"
    "  grievance:\n    sponsor: [russia]\n    entries: [NATO expansion]\n  other:\n    entries: [weather]\n"
)


def toy_corpus():
    """Lavrov in 6 documents (2022 and 2023) and Macron in 6 (2022), with the toy lexicon's frames."""
    from framing import Document

    docs = []
    for i in range(6):
        docs.append(
            Document(
                f"r{i}",
                "Lavrov said NATO expansion is the cause. " * (i % 3 + 1) + "Lavrov said a ceasefire is possible.",
                {"year": "2022" if i < 3 else "2023"},
            )
        )
        docs.append(
            Document(
                f"e{i}",
                "Macron said a ceasefire is needed. " * (i % 2 + 1) + "Macron said NATO expansion is a myth.",
                {"year": "2022"},
            )
        )
    return docs
