"""Differential test: framing's LIWC reader and matcher against the ``liwc`` package (PyPI 0.5.0).

Per-document category counts of the Moral Foundations Dictionaries (MFD 2.0 on the first 200 UN General
Debate speeches plus the seed document, MFD 1.0 on the first 30: its ~200 wildcard entries are what
makes framing's matcher slow) must agree cell by cell, wherever the two semantics coincide.

Where they do not coincide, and what the comparison does about it (each is intentional, and each is
also stated in the :mod:`framing.lexicon.formats` docstring):

1. Tokens. ``liwc`` matches whatever tokens it is given, case-sensitively. Both sides here see the same
   tokens: framing's (``\\w+``, from :data:`framing.tokens.WORD_RE`), case-folded for ``liwc`` (framing
   case-folds on its own). The patterns are lower-cased in ``liwc``'s copy of the dictionary.
2. Multiword terms. ``liwc`` never matches a term with a space or other non-word character against one
   token; framing matches it as a phrase (MFD 2.0 ``civil rights``; MFD 1.0 ``fair-*``, two tokens for
   framing). Such terms are removed from both sides.
3. A token matched by several entries. ``liwc`` walks a character trie and returns the categories of a
   single entry: the shortest ``*`` prefix on the token's path, else the exact term. framing counts the
   token in every category with a matching entry. A term ``q`` that a shorter wildcard ``p*`` shadows
   (``q`` starts with ``p``) while having categories ``p*`` lacks is removed from both sides. (Neither
   MFD has such a pair today; the rule is computed, not assumed, so a changed file cannot slip by.)
4. File layout. ``liwc``'s ``read_dic`` splits on single tabs only: it cannot read MFD 1.0 (space-padded
   header, ``01 07 09`` id lists; it raises ``KeyError``), and of a term repeated on several lines (57 in
   MFD 2.0, e.g. ``betray`` in fairness.vice and loyalty.vice) it keeps only the last line. ``liwc``
   therefore reads a normalised copy written by this module's own few-line parser (header ``id<TAB>name``,
   one line per term with all its ids, tab-separated), independent of :mod:`framing.lexicon.formats`; framing
   reads the original file.
5. Overlap. framing counts a span once per category (longest match wins). With single-token entries
   only, that is one count per matching token and category, as in ``liwc``.

For the record (not asserted): without restrictions 2-4, on the same 200 speeches, ``liwc`` reading the
raw MFD 2.0 agrees with framing in 1,700 of 2,000 document x category cells; framing counts 650 more
matches (21,105 vs 20,455), from phrases and from the repeated terms ``liwc`` loses.
"""

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from framing.lexicon import Category, Lexicon, read_lexicon_file
from framing.tokens import WORD_RE

from conftest import SEED

try:
    import liwc
except ImportError:  # a user's environment without the dev extra; on CI the package must be there
    if os.environ.get("CI", "").strip().lower() == "true":
        raise
    pytest.skip("the differential test needs the liwc package (pip install -e '.[dev]')", allow_module_level=True)

MFD1 = "lexicons/mfd1/moral_foundations_dictionary.dic"
MFD2 = "lexicons/mfd2/mfd2.0.dic"
#: How many speeches each dictionary is compared on (sorted by path: 2014 first). MFD 1.0 is slow to match.
N_SPEECHES = {MFD1: 30, MFD2: 200}


def raw_dic(path: Path) -> tuple[dict[str, str], dict[str, set[str]]]:
    """The test's own minimal .dic parser: ({id: name}, {lower-cased term: {category name}})."""
    lines = path.read_text(encoding="utf-8").splitlines()
    marks = [i for i, line in enumerate(lines) if line.strip() == "%"]
    header = dict(line.split(None, 1) for line in lines[marks[0] + 1 : marks[1]] if line.strip())
    terms: dict[str, set[str]] = {}
    for line in lines[marks[1] + 1 :]:
        if line.strip():
            term, _, ids = line.strip().partition("\t")
            terms.setdefault(term.strip().lower(), set()).update(header[i].strip() for i in ids.split())
    return {i: name.strip() for i, name in header.items()}, terms


def excluded_terms(terms: dict[str, set[str]]) -> tuple[set[str], set[str]]:
    """(multiword terms, terms shadowed in liwc's trie by a shorter wildcard with fewer categories)."""
    multiword = {t for t in terms if not re.fullmatch(r"\w+\*?", t)}
    wildcards = {t[:-1]: cats for t, cats in terms.items() if t.endswith("*") and t not in multiword}
    shadowed = {
        q
        for q, cats in terms.items()
        if q not in multiword
        for p, p_cats in wildcards.items()
        if q != p + "*" and q.startswith(p) and not cats <= p_cats
    }
    return multiword, shadowed


def liwc_copy(terms: dict[str, set[str]], keep: set[str], path: Path) -> Path:
    """A .dic that liwc 0.5.0 reads as intended: single tabs, one line per term."""
    names = sorted({c for cats in terms.values() for c in cats})
    ids = {name: str(i) for i, name in enumerate(names, 1)}
    lines = ["%", *(f"{ids[n]}\t{n}" for n in names), "%"]
    lines += ["\t".join([t, *(ids[c] for c in sorted(terms[t]))]) for t in terms if t in keep]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def restricted(lexicon: Lexicon, keep: set[str]) -> Lexicon:
    """``lexicon`` with only the entries whose pattern (lower-cased) is in ``keep``."""
    cats = [
        Category(c.name, tuple(e for e in c.entries if e.pattern.lower() in keep), description=c.description)
        for c in lexicon.categories.values()
    ]
    return Lexicon([c for c in cats if c.entries], name=lexicon.name, source=lexicon.source)


def compare(lexicon: Lexicon, parse, texts: list[str]) -> tuple[int, list[tuple[int, str, int, int]], int]:
    """(cells compared, [(doc, category, framing, liwc) that differ], framing's total count)."""
    cells, total, differ = 0, 0, []
    for d, text in enumerate(texts):
        ours = Counter(m.category for m in lexicon.find(text))
        theirs = Counter(c for m in WORD_RE.finditer(text) for c in parse(m.group().casefold()))
        assert set(theirs) <= set(lexicon.categories), "liwc returned a category framing does not have"
        for category in lexicon.categories:
            cells += 1
            if ours[category] != theirs[category]:
                differ.append((d, category, ours[category], theirs[category]))
        total += sum(ours.values())
    return cells, differ, total


@pytest.fixture(scope="module")
def speeches(shared_dir):
    paths = sorted((shared_dir / "corpora/ungdc/speeches").glob("*/*.txt"))[: max(N_SPEECHES.values())]
    assert len(paths) == max(N_SPEECHES.values()), "fewer UNGDC speeches than the test needs"
    return [p.read_text(encoding="utf-8") for p in paths]


def prepared(shared_dir, tmp_path, relative):
    path = shared_dir / relative
    header, terms = raw_dic(path)
    multiword, shadowed = excluded_terms(terms)
    keep = set(terms) - multiword - shadowed
    parse, names = liwc.load_token_parser(str(liwc_copy(terms, keep, tmp_path / "liwc_copy.dic")))
    lexicon = read_lexicon_file(path)
    assert sorted(names) == lexicon.category_names == sorted(header.values())
    return lexicon, restricted(lexicon, keep), parse, terms, multiword, shadowed


@pytest.mark.parametrize(
    ("relative", "n_terms", "n_multiword", "min_matches"),
    [(MFD1, 324, 1, 1000), (MFD2, 2040, 110, 15000)],
)
def test_framing_agrees_with_liwc_where_the_semantics_coincide(
    shared_dir, tmp_path, speeches, relative, n_terms, n_multiword, min_matches
):
    lexicon, coinciding, parse, terms, multiword, shadowed = prepared(shared_dir, tmp_path, relative)
    assert (len(terms), len(multiword), len(shadowed)) == (n_terms, n_multiword, 0)
    assert len({e.pattern.lower() for e in coinciding.entries()}) == n_terms - n_multiword
    texts = [*speeches[: N_SPEECHES[relative]], SEED.read_text(encoding="utf-8")]
    cells, differ, total = compare(coinciding, parse, texts)
    assert cells == len(texts) * len(lexicon)
    assert total >= min_matches, "too few matches for the comparison to mean anything"
    assert differ == []


def test_the_comparison_can_fail(shared_dir, tmp_path, speeches):
    """Two categories swapped in liwc's copy, or one entry (``help``) missing on framing's side, are caught."""
    _, coinciding, parse, terms, multiword, shadowed = prepared(shared_dir, tmp_path, MFD2)
    texts = speeches[:50]
    swap = {"care.virtue": "care.vice", "care.vice": "care.virtue"}
    swapped = {t: {swap.get(c, c) for c in cats} for t, cats in terms.items()}
    parse_swapped, _ = liwc.load_token_parser(
        str(liwc_copy(swapped, set(terms) - multiword - shadowed, tmp_path / "s.dic"))
    )
    _, differ, _ = compare(coinciding, parse_swapped, texts)
    assert {category for _, category, _, _ in differ} == {"care.virtue", "care.vice"}
    missing = restricted(coinciding, {e.pattern.lower() for e in coinciding.entries()} - {"help"})
    _, differ, _ = compare(missing, parse, texts)
    assert differ and all(category == "care.virtue" and ours < theirs for _, category, ours, theirs in differ)
