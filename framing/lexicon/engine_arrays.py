"""The matching engine's data: the token table, a batch as token arrays, per-id tables and the match arrays.

:class:`TokenTable` maps the tokens of at most :data:`KEY_BYTES` bytes to their ids (filled and screened in
numpy, probed by the compiled token pass ``_kernels.tokens``); :class:`Batch` is one batch of texts as token
arrays; :class:`IdTables` what :class:`~framing.lexicon.Matcher` learnt per token id, as arrays for the
compiled passes; :class:`MatchArrays` the columnar match table the engine returns.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = [
    "KEY_BYTES",
    "M1",
    "M2",
    "MASKS",
    "MATCH_ARRAY_COLUMNS",
    "Batch",
    "IdTables",
    "MatchArrays",
    "TokenTable",
    "ranges",
    "resolve_multiword",
    "screen_tables",
    "slices",
    "table_keys",
]

#: Columns of :meth:`MatchArrays.to_frame`.
MATCH_ARRAY_COLUMNS = ["text_index", "start", "end", "text", "entry", "category", "weight", "negated", "negator"]

M1, M2 = np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F)
MASKS = np.array([(1 << (8 * n)) - 1 for n in range(9)], np.uint64)
#: Longest token (bytes) looked up in the token table; longer ones go through the dictionary.
KEY_BYTES = 16


class TokenTable:
    """An open-addressing hash table (linear probing) from token keys to ids: filled and screened with numpy,
    read by the compiled token pass (``_kernels.tokens``, which probes it the same way).

    A token of at most 16 bytes is its own key, exactly: its bytes as two little-endian 64-bit words,
    zero-padded (word bytes are never zero, so tokens of different lengths cannot collide). The load stays
    under 1/3, so most keys are found at their first slot.
    """

    EMPTY = np.iinfo(np.int64).min

    def __init__(self, bits: int = 12) -> None:
        self._allocate(bits)

    def _allocate(self, bits: int) -> None:
        """Empty arrays of ``2 ** bits`` slots."""
        self.bits = bits
        self.k1 = np.zeros(1 << bits, np.uint64)
        self.k2 = np.zeros(1 << bits, np.uint64)
        self.value = np.full(1 << bits, self.EMPTY, np.int64)
        self.n = 0

    def _slots(self, k1: np.ndarray, k2: np.ndarray) -> np.ndarray:
        return (((k1 * M1) ^ (k2 * M2)) >> np.uint64(64 - self.bits)).astype(np.int64)

    def lookup(self, k1: np.ndarray, k2: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Ids of the keys, and a mask of the keys not in the table."""
        slot = self._slots(k1, k2)
        value = np.take(self.value, slot)
        hit = (np.take(self.k1, slot) == k1) & (np.take(self.k2, slot) == k2) & (value != self.EMPTY)
        out = np.where(hit, value, 0)
        missing = np.zeros(len(k1), bool)
        pending = np.flatnonzero(~hit)  # collisions and new keys: probe on
        slot = slot[pending]
        mask = (1 << self.bits) - 1
        while len(pending):
            value = self.value[slot]
            used = value != self.EMPTY
            hit = used & (self.k1[slot] == k1[pending]) & (self.k2[slot] == k2[pending])
            out[pending[hit]] = value[hit]
            missing[pending[~used]] = True
            again = used & ~hit
            pending, slot = pending[again], (slot[again] + 1) & mask
        return out, missing

    def insert(self, k1: np.ndarray, k2: np.ndarray, value: np.ndarray) -> None:
        """Add keys that are not in the table yet (distinct)."""
        if (self.n + len(k1)) * 3 > len(self.value):
            self._grow(self.n + len(k1))
        slot = self._slots(k1, k2)
        mask = (1 << self.bits) - 1
        pending = np.arange(len(k1))
        while len(pending):
            free = self.value[slot] == self.EMPTY
            # one key per free slot in this round; the others probe on
            _, first = np.unique(slot[free], return_index=True)
            take = np.flatnonzero(free)[first]
            where, keys = slot[take], pending[take]
            self.k1[where], self.k2[where], self.value[where] = k1[keys], k2[keys], value[keys]
            rest = np.ones(len(pending), bool)
            rest[take] = False
            pending, slot = pending[rest], np.where(free[rest], slot[rest], (slot[rest] + 1) & mask)
        self.n += len(k1)

    def _grow(self, needed: int) -> None:
        used = self.value != self.EMPTY
        old = (self.k1[used], self.k2[used], self.value[used])
        bits = self.bits
        while (1 << bits) < 4 * needed:
            bits += 1
        self._allocate(bits)
        if len(old[0]):
            self.insert(*old)


def table_keys(data: bytes, bs: np.ndarray, be: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The table keys of the tokens ``data[bs:be]`` (meaningful for tokens of at most 16 bytes)."""
    padded = data + bytes(16)
    words = np.ndarray((len(data) + 8,), dtype="<u8", buffer=padded, strides=(1,))
    n = be - bs
    k1 = words[bs] & MASKS[np.minimum(n, 8)]
    k2 = np.zeros(len(bs), np.uint64)
    long = np.flatnonzero(n > 8)
    k2[long] = words[bs[long] + 8] & MASKS[np.minimum(n[long] - 8, 8)]
    return k1, k2


def ranges(starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """``concatenate([arange(a, a + n) for a, n in zip(starts, sizes)])`` without the Python loop."""
    return np.repeat(starts - (np.cumsum(sizes) - sizes), sizes) + np.arange(int(sizes.sum()))


def slices(data: bytes, starts: np.ndarray, ends: np.ndarray) -> list[bytes]:
    return [data[a:b] for a, b in zip(starts.tolist(), ends.tolist(), strict=True)]


@dataclass
class Batch:
    """One batch of texts as token arrays (token ``k``: characters ``cs[k]:ce[k]`` of ``text``)."""

    text: str
    ids: np.ndarray  # token id (0: starts nothing)
    cs: np.ndarray  # char start of each token in ``text``
    ce: np.ndarray  # char end
    tp: np.ndarray  # text index of each token
    pstart: np.ndarray  # char start of each text in ``text``
    first: np.ndarray  # index of the first token of each text (len(texts) + 1 entries)
    utf8: bytes  # ``text`` in UTF-8; token ``k`` is ``utf8[bs[k]:be[k]]``
    bs: np.ndarray
    be: np.ndarray

    def gap_has(self, k: np.ndarray, table: bytes) -> np.ndarray:
        """Whether the bytes between token ``k`` and token ``k + 1`` include one marked in ``table`` (a
        256-byte 0/1 table); numpy for gaps of up to four bytes, Python for longer ones."""
        marked = np.frombuffer(table, np.uint8).astype(bool)
        utf8 = np.frombuffer(self.utf8 + bytes(4), np.uint8)
        start, size = self.be[k], self.bs[k + 1] - self.be[k]
        out = np.zeros(len(k), bool)
        for d in range(4):
            out |= (size > d) & marked[utf8[start + d]]
        for m in np.flatnonzero(size > 4).tolist():
            out[m] = any(table[c] for c in self.utf8[start[m] : start[m] + size[m]])
        return out


@dataclass
class IdTables:
    """Per token id: where its single-token matches lie in ``pair_cat``/``pair_entry`` (``ptr``, ``cnt``,
    ``indptr``), whether it starts a multiword entry, may continue one, or is negator-like, and its flags for a
    negator's scope (``scope``, :data:`framing.lexicon._kernels.SCOPE_BREAK` and the others)."""

    ptr: np.ndarray
    cnt: np.ndarray
    indptr: np.ndarray
    pair_cat: np.ndarray
    pair_entry: np.ndarray
    multi: np.ndarray
    cont: np.ndarray
    neg: np.ndarray
    negator_word: np.ndarray
    longer: np.ndarray
    scope: np.ndarray


@dataclass
class MatchArrays:
    """A columnar match table: one element per match, sorted by (text_index, start, end, category, entry).

    ``entry`` and ``category`` are indices into ``entries`` (patterns) and ``categories``; :meth:`to_frame`
    gives the table with names.

    Attributes
    ----------
    text_index : ndarray of int
        Index of the text (in the batch given to :meth:`Matcher.match`) of each match.
    start, end : ndarray of int
        Character offsets of each match in its text, plus that text's offset.
    text : list of str
        The matched text of each match.
    entry : ndarray of int
        Index of each match's entry in ``entries``.
    category : ndarray of int
        Index of each match's category in ``categories``.
    weight : ndarray of float
        The entry's weight.
    negated : ndarray of bool
        Whether a negator stands before the match.
    negator : list of str
        The negating word as written ('' when not negated).
    entries : list of str
        The lexicon's entry patterns (by category, then in file order).
    categories : list of str
        The lexicon's category names, sorted.
    """

    text_index: np.ndarray
    start: np.ndarray
    end: np.ndarray
    text: list[str]
    entry: np.ndarray
    category: np.ndarray
    weight: np.ndarray
    negated: np.ndarray
    negator: list[str]
    entries: list[str]
    categories: list[str]

    def __len__(self) -> int:
        return len(self.start)

    def to_frame(self) -> pd.DataFrame:
        """The table as a DataFrame with the columns :data:`MATCH_ARRAY_COLUMNS`."""
        return pd.DataFrame(
            {
                "text_index": self.text_index.astype(np.int64),
                "start": self.start.astype(np.int64),
                "end": self.end.astype(np.int64),
                "text": pd.Series(self.text, dtype=object),
                "entry": pd.Series(np.asarray(self.entries, dtype=object)[self.entry], dtype=object),
                "category": pd.Series(np.asarray(self.categories, dtype=object)[self.category], dtype=object),
                "weight": self.weight.astype(np.float64),
                "negated": self.negated.astype(bool),
                "negator": pd.Series(self.negator, dtype=object),
            },
            columns=MATCH_ARRAY_COLUMNS,
        )

    @classmethod
    def concat(cls, parts: Sequence[MatchArrays], entries: list[str], categories: list[str]) -> MatchArrays:
        """The match tables ``parts`` (of consecutive batches) as one, naming ``entries`` and ``categories``."""
        if len(parts) == 1:
            return dataclasses.replace(parts[0], entries=list(entries), categories=list(categories))

        def cat(name: str, dtype) -> np.ndarray:
            return np.concatenate([getattr(p, name) for p in parts]) if parts else np.zeros(0, dtype)

        return cls(
            cat("text_index", np.int64),
            cat("start", np.int64),
            cat("end", np.int64),
            [t for p in parts for t in p.text],
            cat("entry", np.int64),
            cat("category", np.int64),
            cat("weight", np.float64),
            cat("negated", bool),
            [t for p in parts for t in p.negator],
            entries,
            categories,
        )


def screen_tables(literal: set[bytes], prefix: set[bytes]) -> tuple[TokenTable, TokenTable, tuple[int, ...]]:
    """Numpy tables of the ASCII ``literal`` tokens and ``prefix*`` prefixes of at most 16 bytes, and the
    lengths of those prefixes (longer and non-ASCII tokens are always classified in Python)."""
    tables = []
    for words in (literal, prefix):
        keys = sorted(w for w in words if w.isascii() and 0 < len(w) <= KEY_BYTES)
        table = TokenTable()
        if keys:
            data = b" ".join(keys)
            ends = np.cumsum([len(k) + 1 for k in keys]) - 1
            k1, k2 = table_keys(data, ends - np.array([len(k) for k in keys]), ends)
            table.insert(k1, k2, np.ones(len(keys), np.int64))
        tables.append(table)
    lengths = tuple(sorted({len(w) for w in prefix if w.isascii() and len(w) <= KEY_BYTES}))
    return tables[0], tables[1], lengths


def resolve_multiword(
    p: np.ndarray,
    i: np.ndarray,
    j: np.ndarray,
    cat: np.ndarray,
    rank: np.ndarray,
    ntokens: int,
    ncat: int,
    overlap: str,
) -> np.ndarray:
    """Which multiword candidates are kept when overlaps are resolved as in :meth:`Lexicon.find`.

    Candidate ``m`` is text ``p[m]``, tokens ``i[m]`` to ``j[m]``, of an entry of category ``cat[m]`` whose
    pattern ranks ``rank[m]`` among the lexicon's patterns; ``ntokens`` tokens in the batch, ``ncat``
    categories in the lexicon, ``overlap`` one of :data:`~framing.lexicon.OVERLAP_MODES`.

    Single-token candidates never block a multiword one, so multiword candidates are resolved among
    themselves. Candidates that overlap no other candidate of their group (text and category, or text
    with ``overlap="global"``) are kept at once; only the overlapping ones go through the greedy loop.
    """
    keep = np.zeros(len(p), bool)
    if not len(p):
        return keep
    group = p * ncat + cat if overlap == "category" else p
    order = np.lexsort((rank, cat, i - j, i, group))
    start = group[order] * (ntokens + 1) + i[order]
    end = group[order] * (ntokens + 1) + j[order]
    before = np.concatenate([[-1], np.maximum.accumulate(end)[:-1]])
    after = np.concatenate([start[1:], [np.iinfo(np.int64).max]])
    clean = (start > before) & (end < after)
    keep[order[clean]] = True
    taken: dict[int, int] = {}
    spans: dict[int, tuple[int, tuple[int, int], set[int]]] = {}
    for c in order[~clean].tolist():
        g, a, b, k = int(group[c]), int(i[c]), int(j[c]), int(cat[c])
        if overlap == "category":
            if a > taken.get(g, -1):
                taken[g] = b
                keep[c] = True
            continue
        until, span, cats = spans.get(g, (-1, (-1, -1), set()))
        if (a, b) == span and k not in cats:
            cats.add(k)
            keep[c] = True
        elif a > until:
            spans[g] = (b, (a, b), {k})
            keep[c] = True
    return keep
