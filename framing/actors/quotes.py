"""Quotations in a document's passages: where each opens and closes, across paragraphs.

Quotation marks recognised: ``"…"``, ``“…”``, ``„…“``, ``«…»``, ``''…''`` and ``‘…’`` (a ``’`` followed by a letter
is an apostrophe). A paragraph that ends inside a quotation closes it, unless the next paragraph opens with a
quotation mark (the news convention for a quote running over paragraphs) or a following paragraph closes it
(“…” and «…» only, within :data:`QUOTE_LOOKAHEAD_PARAGRAPHS`). :mod:`framing.actors.attribution` gives each
quotation its speaker.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..passages import Passage

__all__ = [
    "OPEN_CLOSE",
    "QUOTE_LOOKAHEAD_PARAGRAPHS",
    "SCARE_QUOTE_WORDS",
    "Quote",
    "closes_later",
    "find_quotes",
    "inside",
    "marks",
    "quoted_share",
    "scare_quote",
]


@dataclass
class Quote:
    """One segment of a quotation: its part in one paragraph (``start``, ``end``: offsets in the document),
    the passages it covers, and its ``group``, the quotation it belongs to (shared across paragraphs)."""

    group: int
    start: int
    end: int
    passages: list[int] = field(default_factory=list)
    unclosed: bool = False


#: Opening quotation marks and the mark that closes each.
OPEN_CLOSE = {"“": "”", "„": "“", "«": "»", '"': '"', "‘": "’"}


#: How many paragraphs ahead an unclosed “…/«… quotation may find its closing mark (kremlin.ru style:
#: a quoted message of several paragraphs opens once and closes once).
QUOTE_LOOKAHEAD_PARAGRAPHS = 10


def marks(text: str) -> str:
    """``text`` with each ``''`` (two apostrophes, the quotation mark of NYT-style archives) read as ``"``
    (offsets unchanged: the second apostrophe becomes a space)."""
    return text.replace("''", '" ') if "''" in text else text


def closes_later(pars: list[list[Passage]], i: int, open_char: str) -> bool:
    """Does a following paragraph close the quotation before any new one opens (within the lookahead)?"""
    closing = {OPEN_CLOSE[open_char], "”", "»"} if open_char in "“«„" else set()
    for par in pars[i + 1 : i + 1 + QUOTE_LOOKAHEAD_PARAGRAPHS]:
        for p in par:
            for ch in marks(p.text):
                if ch in closing:
                    return True
                if ch in '“«„"':
                    return False
    return False


def find_quotes(passages: Sequence[Passage]) -> list[Quote]:
    """Quote segments (one per paragraph a quotation covers), grouped across paragraphs.

    A quotation still open at the end of a paragraph continues into the next one when that paragraph opens
    with a quotation mark (news style), or when a following paragraph closes it (“…” and «…» only, within
    QUOTE_LOOKAHEAD_PARAGRAPHS); otherwise it ends with its paragraph and is marked unclosed.
    """
    quotes: list[Quote] = []
    by_par: dict[int, list[Passage]] = {}
    for p in passages:
        by_par.setdefault(p.paragraph_id, []).append(p)
    pars = [by_par[k] for k in sorted(by_par)]
    group = -1
    carry = False  # the previous paragraph ended inside a quotation that this one re-opens
    inherited: str | None = None  # this paragraph starts inside a quotation opened earlier
    for i, par in enumerate(pars):
        open_char, cur = inherited, None
        if inherited is not None:
            cur = Quote(group, par[0].start, par[0].start, [par[0].passage_id])
        inherited = None
        for p in par:
            text = marks(p.text)
            for j, ch in enumerate(text):
                pos = p.start + j
                if open_char is None:
                    if ch in OPEN_CLOSE and ch != "’":
                        if ch == "‘" and j > 0 and text[j - 1].isalnum():
                            continue
                        open_char = ch
                        if not (carry and pos == par[0].start):
                            group += 1
                        cur = Quote(group, pos, pos, [p.passage_id])
                elif ch == OPEN_CLOSE[open_char] or (open_char == "“" and ch == '"'):
                    if ch == "’" and j + 1 < len(text) and text[j + 1].isalpha():
                        continue  # apostrophe inside a single-quoted span
                    assert cur is not None
                    cur.end = pos + (2 if p.text[j] == "'" else 1)  # '' closes with both apostrophes
                    quotes.append(cur)
                    open_char, cur = None, None
                if cur is not None and cur.passages[-1] != p.passage_id:
                    cur.passages.append(p.passage_id)
        carry = False
        if cur is not None:
            cur.end = par[-1].end
            nxt = pars[i + 1][0] if i + 1 < len(pars) else None
            if nxt is not None and marks(nxt.text)[:1] in OPEN_CLOSE:
                carry = True
            elif nxt is not None and open_char is not None and closes_later(pars, i, open_char):
                inherited = open_char
            else:
                cur.unclosed = True
            quotes.append(cur)
    return quotes


def quoted_share(p: Passage, quotes: list[Quote]) -> float:
    """The share of the characters of ``p`` that lie inside ``quotes`` (segments that overlap it)."""
    inside = sum(min(q.end, p.end) - max(q.start, p.start) for q in quotes)
    return inside / max(1, p.end - p.start)


def inside(pos: int, spans: Iterable[tuple[int, int]]) -> bool:
    """Is the offset ``pos`` inside one of the half-open ``spans``?"""
    return any(s <= pos < e for s, e in spans)


#: The most words a quoted phrase may have to be read as a scare quote (``so-called "denazification"``).
SCARE_QUOTE_WORDS = 4


def scare_quote(q: Quote, passages: Sequence[Passage], index: dict[int, int]) -> bool:
    """A short quoted phrase (at most :data:`SCARE_QUOTE_WORDS` words, no sentence end inside): a scare quote
    or a title, not speech."""
    p = passages[index[q.passages[0]]]
    if len(q.passages) > 1:
        return False
    text = p.text[q.start - p.start : q.end - p.start].strip("\"“”‘’«»„' ")
    return len(text.split()) <= SCARE_QUOTE_WORDS and not re.search(r"[.!?]\s*$|[.!?]\s", text)
