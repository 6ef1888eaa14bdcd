"""The bundled lexicons: complete metadata, and every category attested in the shared corpora.

The corpus tests read ``../shared/corpora`` (UN General Debate speeches 2014-2024, en.kremlin.ru pages
2013-2020, Ukrainian official addresses 2022). Without that folder they skip, except under ``CI=true``,
where a missing folder is a failure: CI must not pass by skipping the evidence.

Run as a script to print the per-category coverage table of framing/data/lexicons/README.md (documents
matched per category and corpus)::

    .venv/bin/python tests/test_bundled_lexicons.py
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterator
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pytest
import yaml

import framing
from framing.lexicon import FUNCTIONS, Category, Entry, Lexicon

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPORA = SHARED / "corpora"
#: (corpus name, path under shared/corpora, glob); JSONL documents keep their text in the "text" field.
#: The Kremlin speaker-turn file is left out: it repeats the text of the transcripts in the docs file.
SOURCES = (
    ("ukraine_addresses_2022", "ukraine_addresses_2022", "addresses_en_2022.jsonl"),
    ("ungdc", "ungdc/speeches", "*/*.txt"),
    ("kremlin_en", "kremlin_en", "kremlin_en_2013_2020_docs.jsonl"),
)
#: Lexicons whose categories are actor-owned frames: every category needs a sponsor and a function.
ACTOR_OWNED = {"urw_frames", "urw_narratives"}
BUNDLED = framing.bundled_lexicons()


def require_shared() -> None:
    """Skip (or, under CI=true, fail) when the shared corpora are not there."""
    if all((CORPORA / folder).is_dir() for _, folder, _ in SOURCES):
        return
    reason = f"shared corpora not found at {CORPORA} (expected {', '.join(f for _, f, _ in SOURCES)})"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"{reason}; CI=true requires them")
    pytest.skip(reason)


def documents() -> Iterator[tuple[str, str, str]]:
    """(corpus, document id, text) for every document of the shared corpora, in a fixed order."""
    for name, folder, pattern in SOURCES:
        for path in sorted((CORPORA / folder).glob(pattern)):
            if path.suffix == ".txt":
                yield name, path.stem, path.read_text(encoding="utf-8", errors="replace")
                continue
            with path.open(encoding="utf-8") as fh:
                for line in fh:
                    record = json.loads(line)
                    yield name, str(record.get("id")), record.get("text") or ""


def anchor(entry: Entry) -> str:
    """A case-folded literal that every match of ``entry`` contains ('' when there is none).

    The longest wildcard-free run of the entry's tokens: a cheap substring test on the case-folded
    document rules a category out before the real matcher runs.
    """
    if entry.value_type == "regex":
        return ""
    parts = [p for token in entry.tokens for p in re.split(r"[*?]", token) if p]
    return max(parts, key=len).casefold() if parts else ""


def single(category: Category, lexicon: Lexicon) -> Lexicon:
    return Lexicon([category], name=lexicon.name, case_sensitive=lexicon.case_sensitive)


@lru_cache(maxsize=1)
def first_matches() -> dict[tuple[str, str], tuple[str, str, str]]:
    """For every bundled category, the first shared-corpus document it matches: (corpus, id, matched text).

    Stops reading as soon as every category has been found; categories not found are absent.
    """
    todo = {}
    for name in BUNDLED:
        lexicon = framing.load_lexicon(name)
        for category in lexicon.categories.values():
            anchors = [anchor(e) for e in category.entries]
            todo[(name, category.name)] = (single(category, lexicon), None if "" in anchors else set(anchors))
    found: dict[tuple[str, str], tuple[str, str, str]] = {}
    for corpus, doc_id, text in documents():
        folded = text.casefold()
        for key, (lexicon, anchors) in list(todo.items()):
            if anchors is not None and not any(a in folded for a in anchors):
                continue
            matches = lexicon.find(text)
            if matches:
                found[key] = (corpus, doc_id, matches[0].text)
                del todo[key]
        if not todo:
            break
    return found


# ------------------------------------------------------------------------------------------ metadata
@pytest.mark.parametrize("name", BUNDLED)
def test_bundled_lexicon_metadata_is_complete(name):
    lexicon = framing.load_lexicon(name)
    assert lexicon.name == name
    assert re.fullmatch(r"\d+\.\d+\.\d+", lexicon.version), lexicon.version
    assert lexicon.license == "CC-BY-4.0"
    assert lexicon.description and lexicon.citation
    assert lexicon.categories
    actors = framing.load_actors()
    for category in lexicon.categories.values():
        where = f"{name}: {category.name}"
        assert category.entries, where
        assert category.description and category.provenance, where
        assert category.function is None or category.function in FUNCTIONS, where
        assert all(s in actors for s in category.sponsor), f"{where}: unknown sponsor in {category.sponsor}"
        if name in ACTOR_OWNED:
            assert category.sponsor and category.function, where
        else:
            assert not category.sponsor, f"{where}: generic frames are not actor-owned"


@pytest.mark.parametrize("name", BUNDLED)
def test_parent_categories_are_documented_too(name):
    """Nested parents without entries are not categories of the model; their YAML still documents them."""
    text = resources.files("framing").joinpath(f"data/lexicons/{name}.yaml").read_text(encoding="utf-8")

    def walk(spec_map, prefix=""):
        for cname, spec in spec_map.items():
            assert spec.get("description") and spec.get("provenance"), f"{name}: {prefix}{cname}"
            walk(spec.get("categories") or {}, f"{prefix}{cname}.")

    walk(yaml.safe_load(text)["categories"])


def test_the_documented_lexicons_are_bundled():
    assert {"generic_frames", "urw_frames", "urw_narratives"} <= set(BUNDLED)
    assert len(framing.load_lexicon("urw_narratives").roll_up(1)) == 11  # the SemEval-2025 narratives
    generic = framing.load_lexicon("generic_frames")
    assert sorted({c.split(".")[0] for c in generic.categories}) == ["generic", "policy"]
    assert sum(c.startswith("generic.") for c in generic.categories) == 5
    assert sum(c.startswith("policy.") for c in generic.categories) == 14  # codebook 1-14; 15 is "Other"


@pytest.mark.parametrize(
    ("name", "text", "category"),
    [
        ("urw_frames", "a full-scale invasion", "imperial_aggression"),
        ("urw_frames", "without any preconditions", "negotiation_offer"),
        ("urw_narratives", "the collective West", "blaming_others.west_aggressor"),
        ("urw_narratives", "glorification of Nazism", "discrediting_ukraine.nazism"),
        ("generic_frames", "winners and losers", "generic.conflict"),
        ("generic_frames", "the standard of living", "policy.quality_of_life"),
    ],
)
def test_example_phrases_match_their_category(name, text, category):
    assert category in {m.category for m in framing.load_lexicon(name).find(text)}


# ------------------------------------------------------------------------------------------- corpora
def test_every_bundled_category_matches_a_shared_corpus_document():
    require_shared()
    found = first_matches()
    missing = [
        f"{name}: {category}"
        for name in BUNDLED
        for category in framing.load_lexicon(name).category_names
        if (name, category) not in found
    ]
    assert not missing, "categories matching no shared corpus document: " + "; ".join(missing)


def test_missing_corpora_skip_locally_and_fail_under_ci(monkeypatch):
    monkeypatch.setattr(sys.modules[__name__], "CORPORA", Path("/nonexistent/shared/corpora"))
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="shared corpora not found"):
        require_shared()
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI=true requires them"):
        require_shared()


# ------------------------------------------------------------------------- coverage table (a script)
#: UNGDC speakers shown apart in the coverage table (file names start with the ISO code, EU for the Union)
UNGDC_GROUPS = ("RUS", "UKR", "USA", "EU")


def ungdc_group(corpus: str, doc_id: str) -> str | None:
    iso = doc_id.split("_")[0]
    return f"ungdc:{iso}" if corpus == "ungdc" and iso in UNGDC_GROUPS else None


def coverage() -> dict[tuple[str, str], Counter]:
    """Documents matched per (lexicon, category) and corpus (and UNGDC speaker group), all documents read."""
    lexicons = [framing.load_lexicon(name) for name in BUNDLED]
    anchors = {lx.name: {anchor(e) for e in lx.entries()} for lx in lexicons}
    counts: dict[tuple[str, str], Counter] = {(lx.name, c): Counter() for lx in lexicons for c in lx.categories}
    for corpus, doc_id, text in documents():
        folded = text.casefold()
        groups = list(filter(None, (corpus, ungdc_group(corpus, doc_id))))
        for lx in lexicons:
            if "" not in anchors[lx.name] and not any(a in folded for a in anchors[lx.name]):
                continue
            for category in {m.category for m in lx.find(text)}:
                counts[(lx.name, category)].update(groups)
    return counts


def main() -> int:
    if not CORPORA.is_dir():
        print(f"shared corpora not found at {CORPORA}", file=sys.stderr)
        return 1
    columns = ["kremlin_en", "ukraine_addresses_2022", "ungdc", *(f"ungdc:{g}" for g in UNGDC_GROUPS)]
    totals = Counter()
    for corpus, doc_id, _ in documents():
        totals.update(filter(None, (corpus, ungdc_group(corpus, doc_id))))
    print("| lexicon | category | " + " | ".join(columns) + " |")
    print("|---|---|" + "---:|" * len(columns))
    print("| | *documents* | " + " | ".join(str(totals[c]) for c in columns) + " |")
    for (name, category), row in sorted(coverage().items()):
        print(f"| {name} | {category} | " + " | ".join(str(row[c]) for c in columns) + " |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
