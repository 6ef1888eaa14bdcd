"""The match table: every lexicon match in every passage, and KWIC lines to audit it.

The match table is the audit trail behind every count in the toolkit: one row per match with the
document, passage, character offsets into the original document text, the matched text, the entry and
category that matched, the category's sponsor and Entman function, the entry weight and the negation flag.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from ..corpus import Document
from ..errors import ArgumentError, LexiconError
from ..passages import Passage, segment
from ..tokens import WORD_RE
from .engine import matcher_for
from .model import Lexicon

__all__ = ["KWIC_COLUMNS", "MATCH_COLUMNS", "kwic", "match_table"]

MATCH_COLUMNS = [
    "doc_id",
    "passage_id",
    "start",
    "end",
    "text",
    "entry",
    "category",
    "sponsor",
    "function",
    "weight",
    "negated",
    "negator",
]


def match_table(passages: Iterable[Passage], lexicon: Lexicon) -> pd.DataFrame:
    """Match every passage against ``lexicon``; one row per match, sorted by document, passage and offset.

    ``start``/``end`` are offsets into the document text; ``sponsor`` joins a category's sponsors with
    ``;`` (empty when the category has none).

    Parameters
    ----------
    passages : iterable of Passage
        The passages to match (:func:`framing.passages.segment`).
    lexicon : Lexicon
        The lexicon; matched with its cached :func:`matcher_for` (default settings).

    Returns
    -------
    DataFrame
        The columns :data:`MATCH_COLUMNS`: ``doc_id``, ``passage_id``, ``start``, ``end``, ``text``,
        ``entry``, ``category``, ``sponsor``, ``function``, ``weight``, ``negated``, ``negator``.

    Raises
    ------
    LexiconError
        [F210] or [F211] for an unsafe or too long entry of a lexicon built in code.
    """
    passages = list(passages)
    found = matcher_for(lexicon).match([p.text for p in passages], [p.start for p in passages])
    where = found.text_index
    cats = lexicon.categories
    sponsor = np.array([";".join(cats[c].sponsor) for c in found.categories], dtype=object)
    function = np.array([cats[c].function or "" for c in found.categories], dtype=object)
    frame = found.to_frame()
    table = pd.DataFrame(
        {
            "doc_id": pd.Series(np.array([p.doc_id for p in passages], dtype=object)[where], dtype=object),
            "passage_id": np.array([p.passage_id for p in passages], np.int64)[where],
            "start": frame["start"],
            "end": frame["end"],
            "text": frame["text"],
            "entry": frame["entry"],
            "category": frame["category"],
            "sponsor": pd.Series(sponsor[found.category], dtype=object),
            "function": pd.Series(function[found.category], dtype=object),
            "weight": frame["weight"],
            "negated": frame["negated"],
            "negator": frame["negator"],
        },
        columns=MATCH_COLUMNS,
    )
    return table.sort_values(
        ["doc_id", "passage_id", "start", "end", "category", "entry"], kind="mergesort", ignore_index=True
    )


KWIC_COLUMNS = [
    "doc_id",
    "passage_id",
    "start",
    "end",
    "pre",
    "match",
    "post",
    "entry",
    "category",
    "sponsor",
    "negated",
    "negator",
]


def kwic(
    corpus: Iterable[Document],
    lexicon: Lexicon,
    *,
    category: str | None = None,
    window: int = 5,
    sentence: bool = False,
    unit: str = "sentence",
    paragraphs: str = "line",
) -> pd.DataFrame:
    """Keywords in context: every match with the text around it, to audit a count.

    ``window`` is the number of word tokens of context on each side, taken from the document text (so
    context may reach into neighbouring passages); ``sentence=True`` shows the match's whole passage instead.
    ``category`` keeps one category and its nested sub-categories (``remedy`` keeps ``remedy.ceasefire``).
    Rows are sorted like the match table; offsets point into the document text.

    Parameters
    ----------
    corpus : iterable of Document
        The documents.
    lexicon : Lexicon
        The lexicon to match.
    category : str, optional
        Keep only this category and its sub-categories.
    window : int, default 5
        Word tokens of context on each side (0 or more).
    sentence : bool, default False
        Show the match's whole passage as context instead of ``window`` tokens.
    unit : str, default "sentence"
        The passage unit, as for :func:`framing.passages.segment`.
    paragraphs : str, default "line"
        How paragraphs are found, as for :func:`framing.passages.segment`.

    Returns
    -------
    DataFrame
        The columns :data:`KWIC_COLUMNS`: ``doc_id``, ``passage_id``, ``start``, ``end``, ``pre``, ``match``,
        ``post`` (context with white space collapsed), ``entry``, ``category``, ``sponsor``, ``negated``,
        ``negator``.

    Raises
    ------
    ArgumentError
        [F601] when ``window`` is not a whole number of at least 0.
    LexiconError
        [F207] when ``category`` is neither a category of the lexicon nor a parent of one.
    """
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise ArgumentError("F601", name="window", expected="a whole number of tokens, 0 or more", value=window)
    docs = list(corpus)
    passages = segment(docs, unit=unit, paragraphs=paragraphs)
    table = match_table(passages, lexicon)
    if category is not None:
        if category not in lexicon.categories and not any(c.startswith(category + ".") for c in lexicon.categories):
            raise LexiconError("F207", name=lexicon.name, category=category, categories=", ".join(lexicon.categories))
        keep = (table["category"] == category) | table["category"].str.startswith(category + ".")
        table = table[keep].reset_index(drop=True)
    texts = {d.doc_id: d.text for d in docs}
    spans = {(p.doc_id, p.passage_id): (p.start, p.end) for p in passages}
    rows = []
    r: Any  # pandas-stubs types every field of a row as any scalar
    for r in table.itertuples(index=False):
        text = texts[r.doc_id]
        if sentence:
            ps, pe = spans[(r.doc_id, r.passage_id)]
            lo, hi = ps, pe
        else:
            before = [m.start() for m in WORD_RE.finditer(text, max(0, r.start - 40 * (window + 1)), r.start)]
            lo = before[-window] if window and len(before) >= window else (before[0] if window and before else r.start)
            after = [m.end() for m in WORD_RE.finditer(text, r.end, r.end + 40 * (window + 1))]
            hi = after[window - 1] if window and len(after) >= window else (after[-1] if window and after else r.end)
        pre = " ".join(text[lo : r.start].split())
        post = " ".join(text[r.end : hi].split())
        rows.append(
            (
                r.doc_id,
                r.passage_id,
                r.start,
                r.end,
                pre,
                r.text,
                post,
                r.entry,
                r.category,
                r.sponsor,
                r.negated,
                r.negator,
            )
        )
    return pd.DataFrame(rows, columns=KWIC_COLUMNS).astype({"negated": "bool"})


# ------------------------------------------------------------------------------------------ vectorisers
