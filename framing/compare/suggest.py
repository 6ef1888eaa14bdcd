"""Candidate entries for a category: the words and phrases of the passages it matches, against the rest.

:func:`suggest_terms` is the discovery step of building a lexicon from data (King, Lam & Roberts 2017 on
keyword discovery; Monroe, Colaresi & Quinn 2008 on weighted log-odds): the passages where a seed category
matches are contrasted with the passages where it does not, and every word and phrase is ranked by its
weighted log-odds with an informative Dirichlet prior (the pooled counts,
:func:`framing.stats.log_odds_dirichlet`). The seed's own matches are left out of the counts (they would
top the list), and so are words of the stop list and phrases that begin or end with one. Each candidate
comes with how often it occurs with the seed (``with_seed``: the share of the passages that have it where
the seed matches too), whether the lexicon already has it, and a keyword-in-context line to review it.
Nothing is added to a lexicon: the table is a list to read, and ``framing lexicon suggest --out`` writes it
as a CSV with an empty ``keep`` column to fill in.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from functools import lru_cache
from importlib import resources
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ArgumentError, LexiconError
from ..lexicon import Lexicon, match_table
from ..stats import log_odds_dirichlet
from ..tokens import WORD_RE

__all__ = ["SUGGEST_COLUMNS", "suggest_terms"]

#: The columns of :func:`suggest_terms`.
SUGGEST_COLUMNS = [
    "term", "count", "count_rest", "passages", "rate_per_1000", "rate_rest_per_1000", "delta", "z", "with_seed",
    "in_lexicon", "example",
]  # fmt: skip


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    text = resources.files("framing").joinpath("data/stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w.casefold() for line in text.splitlines() if not line.startswith("#") for w in line.split())


def suggest_terms(
    passages: Iterable[Any],
    lexicon: Lexicon,
    category: str,
    *,
    ngrams: Sequence[int] = (1, 2),
    min_count: int = 3,
    top: int | None = 50,
    window: int = 5,
) -> pd.DataFrame:
    """Words and phrases over-used where ``category`` matches, against the passages where it does not.

    Parameters
    ----------
    passages : iterable of Passage
        The passages (:func:`framing.passages.segment`; this room reads them, it does not make them).
    lexicon : Lexicon
        The lexicon with the seed category.
    category : str
        The seed category; its sub-categories count too (``remedy`` seeds with ``remedy.ceasefire``).
    ngrams : sequence of int, default (1, 2)
        The lengths of the phrases counted (in word tokens, case-folded).
    min_count : int, default 3
        Leave out terms with fewer occurrences in the seed's passages.
    top : int or None, default 50
        The number of candidates returned (``None``: all).
    window : int, default 5
        Word tokens of context on each side in ``example``.

    Returns
    -------
    pandas.DataFrame
        The columns :data:`SUGGEST_COLUMNS`, highest ``z`` first (ties by term): ``count`` and ``count_rest``
        (occurrences in the seed's passages and in the others), ``passages`` (seed passages with the term),
        the rates per 1,000 tokens, the weighted log-odds ``delta`` and its ``z`` (a ranking, not a test: the
        occurrences of a term in one document are not independent), ``with_seed`` (share of the passages
        with the term where the seed matches), ``in_lexicon`` (an entry of the lexicon matches the term) and
        ``example`` (the first occurrence in a seed passage with its context).

    Raises
    ------
    LexiconError
        [F207] when ``category`` is neither a category of the lexicon nor a parent of one.
    ArgumentError
        [F601] for ``ngrams``, ``min_count``, ``top`` or ``window`` out of range; [F603] when the seed
        matches in no passage, or in every one (nothing to contrast).
    """
    cats = [c for c in lexicon.categories if c == category or c.startswith(category + ".")]
    if not cats:
        raise LexiconError("F207", name=lexicon.name, category=category, categories=", ".join(lexicon.categories))
    sizes = tuple(ngrams)
    if not sizes or any(isinstance(n, bool) or not isinstance(n, int) or not 1 <= n <= 5 for n in sizes):
        raise ArgumentError("F601", name="ngrams", expected="phrase lengths from 1 to 5 tokens", value=ngrams)
    for name, value, low in (("min_count", min_count, 1), ("window", window, 0), ("top", top, 1)):
        if value is None and name == "top":
            continue
        if isinstance(value, bool) or not isinstance(value, int) or value < low:
            raise ArgumentError("F601", name=name, expected=f"a whole number of at least {low}", value=value)
    passages = list(passages)
    table = match_table(passages, lexicon)
    seed = table[table["category"].isin(cats)]
    spans: dict[tuple[str, int], list[tuple[int, int]]] = {}
    r: Any  # pandas-stubs types every field of a row as any scalar
    for r in seed.itertuples(index=False):
        spans.setdefault((str(r.doc_id), int(r.passage_id)), []).append((int(r.start), int(r.end)))
    if not spans or len(spans) == len(passages):
        raise ArgumentError(
            "F603", function="suggest_terms", problem=f"the seed {category!r} matches in {len(spans)} of "
            f"{len(passages)} passages", fix="give passages where it matches and passages where it does not",
        )  # fmt: skip
    counts, tokens, seen, example = _count_terms(passages, spans, sizes, window)
    terms = sorted(t for t in counts[0] if counts[0][t] >= min_count)
    if not terms:
        return pd.DataFrame(columns=SUGGEST_COLUMNS)
    vocabulary = sorted(set(counts[0]) | set(counts[1]))
    index = {t: i for i, t in enumerate(vocabulary)}
    matrix = np.zeros((2, len(vocabulary)))
    for side in (0, 1):
        for t, c in counts[side].items():
            matrix[side, index[t]] = c
    odds = log_odds_dirichlet(matrix, groups=["seed", "other"], features=vocabulary)
    delta, z = odds.delta[0], odds.z[0]
    seeded = {k for k, p in enumerate(passages) if (str(p.doc_id), int(p.passage_id)) in spans}
    rows = []
    for t in terms:
        j = index[t]
        where = seen[t]
        rows.append(
            (
                t, int(matrix[0, j]), int(matrix[1, j]), len(where & seeded),
                1000 * matrix[0, j] / tokens[0], 1000 * matrix[1, j] / tokens[1] if tokens[1] else np.nan,
                float(delta[j]), float(z[j]), len(where & seeded) / len(where),
                any(m.category in lexicon.categories for m in lexicon.find(t)), example[t],
            )
        )  # fmt: skip
    out = pd.DataFrame(rows, columns=SUGGEST_COLUMNS)
    out = out.sort_values(["z", "term"], ascending=[False, True], kind="mergesort", ignore_index=True)
    return out.head(top) if top is not None else out


def _count_terms(
    passages: list[Any], spans: dict[tuple[str, int], list[tuple[int, int]]], sizes: tuple[int, ...], window: int
) -> tuple[list[Counter], list[int], dict[str, set[int]], dict[str, str]]:
    """Occurrences of every phrase in the seed's passages (``[0]``) and the others (``[1]``), outside the
    seed's matches and without stop words at its ends; the tokens of each side; the passages of each term;
    and its first keyword-in-context line in a seed passage."""
    counts: list[Counter] = [Counter(), Counter()]
    tokens = [0, 0]
    seen: dict[str, set[int]] = {}  # term -> passages (index) where it occurs
    example: dict[str, str] = {}
    stop = _stopwords()
    for k, p in enumerate(passages):
        matched = spans.get((str(p.doc_id), int(p.passage_id)))
        side = 0 if matched else 1
        words = [(m.start() + p.start, m.end() + p.start, m.group().casefold()) for m in WORD_RE.finditer(p.text)]
        words = [w for w in words if not matched or not any(s <= w[0] < e for s, e in matched)]
        tokens[side] += len(words)
        for n in sizes:
            for i in range(len(words) - n + 1):
                gram = words[i : i + n]
                if gram[0][2] in stop or gram[-1][2] in stop or any(g[2].isdigit() for g in gram):
                    continue
                if n > 1 and any(p.text[a[1] - p.start : b[0] - p.start].strip() for a, b in pairwise(gram)):
                    continue  # not a phrase: punctuation or a seed match stands between
                term = " ".join(g[2] for g in gram)
                counts[side][term] += 1
                seen.setdefault(term, set()).add(k)
                if side == 0 and term not in example:
                    lo, hi = max(0, i - window), min(len(words), i + n + window)
                    text = p.text
                    parts = (
                        text[words[lo][0] - p.start : gram[0][0] - p.start],
                        f"[[{text[gram[0][0] - p.start : gram[-1][1] - p.start]}]]",
                        text[gram[-1][1] - p.start : words[hi - 1][1] - p.start],
                    )
                    example[term] = " ".join(" ".join(parts).split())
    return counts, tokens, seen, example
