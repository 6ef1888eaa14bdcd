"""The matching engine: :meth:`Lexicon.find <framing.lexicon.Lexicon.find>`'s semantics at corpus speed.

:class:`Matcher` gives the same matches as ``lexicon.find`` on every text (a property test holds the two
together), but works on a whole batch of texts at once:

1. The batch is joined into one string and encoded to UTF-8. ``bytes.translate`` turns every ASCII byte
   that is not a word character into a space, and ``bytes.split`` cuts the runs (C speed); run boundaries
   come from the same bytes with numpy, and character offsets from counting UTF-8 continuation bytes.
   Non-ASCII bytes count as word bytes, so a run may hold non-ASCII punctuation (``Russia’s``,
   ``“Peace``): such a run is split exactly with ``\\w+`` once per distinct run, and its tokens are patched
   into the token arrays. (Replacing the common non-ASCII punctuation first was measured slower.)
2. Each distinct token is looked up once: a dictionary maps its bytes to an id, and only new tokens are
   checked against the lexicon (literal entries, ``prefix*`` wildcards, other globs and regexes), so the
   cost of wildcards is paid once per vocabulary item, not per occurrence. Tokens that start no match
   and are no negator all share id 0.
3. Single-token matches are gathered with numpy from the per-id tables; multiword entries are checked
   in Python only where a token starts one, then overlaps are resolved exactly as ``find`` does (longest
   match first, leftmost first, per category or globally), and negation is checked only where a negator
   stands within :data:`~framing.lexicon.NEGATION_WINDOW` tokens before a match.

``count`` stops after step 3 with a matrix of counts; ``match`` builds the columnar match table
(:class:`MatchArrays`). Both process ``batch_chars`` characters at a time, so memory is bounded by the
batch, not by the number of texts. The vocabulary cache grows with the distinct tokens seen (Heaps' law).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse

from ._text import WORD_RE
from .lexicon import NEGATION_WINDOW, NEGATORS, OVERLAP_MODES, Entry, Lexicon, _negator, _normalise_sep

__all__ = ["MATCH_ARRAY_COLUMNS", "MatchArrays", "Matcher", "matcher_for"]

#: Characters per batch (texts are never split; a text longer than this is a batch of its own).
BATCH_CHARS = 4_000_000
#: Distinct tokens remembered before the cache drops those that start nothing (they are re-learnt when seen
#: again), so memory stays bounded however large the vocabulary of a corpus grows.
MAX_VOCABULARY = 1_000_000
#: Columns of :meth:`MatchArrays.to_frame`.
MATCH_ARRAY_COLUMNS = ["text_index", "start", "end", "text", "entry", "category", "weight", "negated", "negator"]

_WORD_BYTE = bytes(c if (c >= 128 or chr(c).isalnum() or c == 95) else 32 for c in range(256))


@dataclass
class _Batch:
    """One batch of texts as token arrays (token ``k``: characters ``cs[k]:ce[k]`` of ``text``)."""

    text: str
    ids: np.ndarray  # token id (0: starts nothing)
    cs: np.ndarray  # char start of each token in ``text``
    ce: np.ndarray  # char end
    tp: np.ndarray  # text index of each token
    pstart: np.ndarray  # char start of each text in ``text``
    first: np.ndarray  # index of the first token of each text (len(texts) + 1 entries)


@dataclass
class _Tables:
    """Per token id: where its single-token matches lie in ``pair_cat``/``pair_entry`` (``ptr``, ``cnt``,
    ``indptr``), whether it starts a multiword entry, may continue one, or is negator-like."""

    ptr: np.ndarray
    cnt: np.ndarray
    indptr: np.ndarray
    pair_cat: np.ndarray
    pair_entry: np.ndarray
    multi: np.ndarray
    cont: np.ndarray
    neg: np.ndarray


@dataclass
class MatchArrays:
    """A columnar match table: one element per match, sorted by (text_index, start, end, category, entry).

    ``entry`` and ``category`` are indices into ``entries`` (patterns) and ``categories``; :meth:`to_frame`
    gives the table with names.
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


class _Vocabulary(dict):
    """Token bytes → id; a new token is classified once by the matcher (``__missing__``)."""

    def __init__(self, matcher: Matcher) -> None:
        super().__init__()
        self.matcher = matcher

    def __missing__(self, raw: bytes) -> int:
        tid = self.matcher._classify(raw)
        self[raw] = tid
        return tid


class Matcher:
    """Match many texts against a lexicon quickly, with exactly :meth:`Lexicon.find`'s semantics.

    Parameters
    ----------
    lexicon:
        The :class:`~framing.lexicon.Lexicon`.
    overlap, across_punctuation:
        As for :meth:`Lexicon.find`.
    batch_chars:
        Characters processed at a time (bounds memory).
    max_vocabulary:
        Distinct tokens cached before the tokens that start nothing are forgotten (bounds memory).

    ``count(texts)`` returns an ``(n_texts, n_categories)`` array of match counts (negated matches
    included) in the order of :attr:`categories`; ``match(texts, offsets)`` the match table as
    :class:`MatchArrays`. A matcher caches what it learnt about each distinct token, so reuse one
    (:func:`matcher_for`) across batches of a corpus.
    """

    def __init__(
        self,
        lexicon: Lexicon,
        *,
        overlap: str = "category",
        across_punctuation: bool = False,
        batch_chars: int = BATCH_CHARS,
        max_vocabulary: int = MAX_VOCABULARY,
    ) -> None:
        if overlap not in OVERLAP_MODES:
            raise ValueError(f"overlap must be one of {OVERLAP_MODES}, not {overlap!r}")
        self.lexicon = lexicon
        self.overlap = overlap
        self.across_punctuation = across_punctuation
        self.batch_chars = batch_chars
        self.max_vocabulary = max_vocabulary
        self.categories: list[str] = list(lexicon.category_names)
        self._entries: list[Entry] = lexicon.entries()
        self._entry_index = {id(e): k for k, e in enumerate(self._entries)}
        self._cat_index = {c: k for k, c in enumerate(self.categories)}
        patterns = [e.pattern for e in self._entries]
        rank = sorted(range(len(patterns)), key=lambda k: patterns[k])
        self._entry_rank = np.empty(len(patterns), np.int64)
        self._entry_rank[rank] = np.arange(len(patterns))
        self._entry_cat = np.array([self._cat_index[e.category] for e in self._entries], np.int64)
        self._entry_weight = np.array([e.weight for e in self._entries], np.float64)
        self._cont_literal, self._cont_prefix, self._cont_scan = self._continuation_index()
        self._vocab = _Vocabulary(self)
        # per id (id 0: a token that starts nothing and negates nothing)
        self._multis: list[tuple[Entry, ...]] = [()]
        self._impure: list[tuple[tuple[int, int, bytes], ...]] = []
        self._ptr: list[int] = [0]
        self._cnt: list[int] = [0]
        self._neg: list[bool] = [False]
        self._cont: list[bool] = [False]
        self._pair_cat: list[int] = []
        self._pair_entry: list[int] = []
        self._tables: _Tables | None = None

    def __repr__(self) -> str:
        return (
            f"Matcher(lexicon={self.lexicon.name!r}, overlap={self.overlap!r}, "
            f"across_punctuation={self.across_punctuation}, vocabulary={len(self._vocab)})"
        )

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        state["_vocab"] = dict(self._vocab)
        del state["_entry_index"]  # keyed by object id: rebuilt after unpickling
        return state

    def __setstate__(self, state: dict) -> None:
        vocab = state.pop("_vocab")
        self.__dict__.update(state)
        self._entry_index = {id(e): k for k, e in enumerate(self._entries)}
        self._vocab = _Vocabulary(self)
        self._vocab.update(vocab)

    # -------------------------------------------------------------------------------- vocabulary
    def _continuation_index(self) -> tuple[set[str], dict[str, int], list[tuple[Entry, int]]]:
        """What the second and later tokens of multiword entries can be: literal tokens, ``prefix*``
        globs (prefix → length) and the rest (checked one by one)."""
        lex = self.lexicon
        literal: set[str] = set()
        prefix: dict[str, int] = {}
        scan: list[tuple[Entry, int]] = []
        for e in self._entries:
            for k, tok in enumerate(e.tokens[1:], 1):
                wild = e.value_type == "glob" and ("*" in tok or "?" in tok)
                if e.value_type == "regex" or (wild and not (tok.endswith("*") and "*" not in tok[:-1])):
                    scan.append((e, k))
                elif wild and "?" not in tok:
                    prefix[lex._norm(tok[:-1])] = len(tok) - 1
                else:
                    literal.add(lex._norm(tok))
        return literal, prefix, scan

    def _continues(self, text: str, norm: str) -> bool:
        """Whether the token can be the second or a later token of some multiword entry."""
        if norm in self._cont_literal or any(norm[:n] in self._cont_prefix for n in set(self._cont_prefix.values())):
            return True
        return any(self.lexicon._token_ok(e, k, text, norm) for e, k in self._cont_scan)

    def _classify(self, raw: bytes) -> int:
        """Id of a token seen for the first time: 0 if it starts no match and negates nothing."""
        text = raw.decode("utf-8")
        if not raw.isascii() and WORD_RE.fullmatch(text) is None:  # a run that holds non-word characters
            subs = []
            for m in WORD_RE.finditer(text):
                a = len(text[: m.start()].encode("utf-8"))
                subs.append((a, a + len(m.group().encode("utf-8")), m.group().encode("utf-8")))
            self._impure.append(tuple(subs))
            return -len(self._impure)
        lex = self.lexicon
        norm = lex._norm(text)
        best: dict[int, Entry] = {}
        multis = []
        for e in lex._first_token_candidates(norm):
            if e.value_type in ("regex", "glob") and not lex._token_ok(e, 0, text, norm):
                continue
            if e.is_multiword:
                multis.append(e)
                continue
            c = self._cat_index[e.category]
            if c not in best or e.pattern < best[c].pattern:
                best[c] = e
        folded = text.casefold()
        negish = folded in NEGATORS or folded == "t"
        cont = self._continues(text, norm)
        if not best and not multis and not negish and not cont:
            return 0
        self._ptr.append(len(self._pair_cat))
        self._cnt.append(len(best))
        for c in sorted(best):
            self._pair_cat.append(c)
            self._pair_entry.append(self._entry_index[id(best[c])])
        self._multis.append(tuple(sorted(multis, key=lambda e: e.pattern)))
        self._neg.append(negish)
        self._cont.append(cont)
        self._tables = None
        return len(self._cnt) - 1

    def _arrays(self) -> _Tables:
        if self._tables is None:
            cnt = np.array(self._cnt, np.int64)
            self._tables = _Tables(
                ptr=np.array(self._ptr, np.int64),
                cnt=cnt,
                indptr=np.concatenate([[0], np.cumsum(cnt)]),
                pair_cat=np.array(self._pair_cat, np.int64),
                pair_entry=np.array(self._pair_entry, np.int64),
                multi=np.array([bool(m) for m in self._multis]),
                cont=np.array(self._cont),
                neg=np.array(self._neg),
            )
        return self._tables

    # -------------------------------------------------------------------------------- tokenising
    def _scan(self, texts: Sequence[str]) -> _Batch:
        if len(self._vocab) > self.max_vocabulary:
            keep = {raw: tid for raw, tid in self._vocab.items() if tid > 0}
            self._vocab.clear()
            self._vocab.update(keep)
            self._impure.clear()
        text = "\n".join(texts)
        lengths = np.fromiter((len(t) for t in texts), np.int64, len(texts))
        pstart = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]) if len(texts) else np.zeros(0, np.int64)
        data = text.encode("utf-8")
        ascii_only = text.isascii()
        data = data.translate(_WORD_BYTE)
        tokens = data.split()
        ids = np.fromiter(map(self._vocab.__getitem__, tokens), np.int64, len(tokens))
        raw = np.frombuffer(data, np.uint8)
        word = np.zeros(len(raw) + 2, bool)
        np.not_equal(raw, 32, out=word[1:-1])
        edges = np.flatnonzero(word[1:] != word[:-1])
        bs, be = edges[0::2], edges[1::2]
        if (ids < 0).any():
            ids, bs, be = self._split_impure(ids, bs, be)
        if ascii_only:
            cs, ce = bs, be
        else:  # byte offsets → character offsets: subtract the UTF-8 continuation bytes before each offset
            cont = np.zeros(len(raw) + 1, np.int32)
            np.cumsum((raw & 0xC0) == 0x80, dtype=np.int32, out=cont[1:])
            cs, ce = bs - cont[bs], be - cont[be]
        tp = np.searchsorted(pstart, cs, side="right") - 1
        first = np.searchsorted(tp, np.arange(len(texts) + 1), side="left")
        return _Batch(text, ids, cs, ce, tp, pstart, first)

    def _split_impure(self, ids: np.ndarray, bs: np.ndarray, be: np.ndarray) -> tuple[np.ndarray, ...]:
        """Replace each run holding non-word characters by its word tokens (there may be none)."""
        bad = np.flatnonzero(ids < 0)
        reps = np.ones(len(ids), np.int64)
        subs = [self._impure[-ids[k] - 1] for k in bad]
        reps[bad] = [len(s) for s in subs]
        where = np.repeat(np.arange(len(ids)), reps)
        ids, bs2, be2 = ids[where], bs[where], be[where]
        out = np.concatenate([[0], np.cumsum(reps)])
        for k, sub in zip(bad, subs, strict=True):
            for n, (a, b, raw) in enumerate(sub):
                pos = out[k] + n
                ids[pos], bs2[pos], be2[pos] = self._vocab[raw], bs[k] + a, bs[k] + b
        return ids, bs2, be2

    # -------------------------------------------------------------------------------- matching
    def _multiword(self, batch: _Batch) -> list[tuple[int, int, int, Entry]]:
        """Multiword candidates (text, first token, last token, entry) where a token starts one."""
        lex, across = self.lexicon, self.across_punctuation
        text, ids, cs, ce, tp = batch.text, batch.ids, batch.cs, batch.ce, batch.tp
        n = len(ids)
        out = []
        tables, known = self._arrays(), np.maximum(ids, 0)
        # a multiword match needs its first token and a possible second token in the same text
        starts = tables.multi[known[:-1]] & tables.cont[known[1:]] & (tp[:-1] == tp[1:])
        for i in np.flatnonzero(starts).tolist():
            p = tp[i]
            for e in self._multis[ids[i]]:
                j = i
                for k in range(1, len(e.tokens)):
                    j = i + k
                    if j >= n or tp[j] != p:
                        break
                    raw = text[cs[j] : ce[j]]
                    if not lex._token_ok(e, k, raw, lex._norm(raw)):
                        break
                    sep = e.separators[k - 1]
                    if not (across and sep == " ") and _normalise_sep(text[ce[j - 1] : cs[j]]) != sep:
                        break
                else:
                    out.append((int(p), i, j, e))
        return out

    def _resolve(self, cands: list[tuple[int, int, int, Entry]]) -> list[tuple[int, int, int, Entry]]:
        """Multiword matches kept after overlaps are resolved as in :meth:`Lexicon.find` (single-token
        candidates never block a multiword one, so multiword candidates can be resolved among themselves)."""
        cands.sort(key=lambda c: (c[0], c[1], -(c[2] - c[1]), c[3].category, c[3].pattern))
        chosen = []
        if self.overlap == "category":
            taken: dict[tuple[int, str], int] = {}
            for p, i, j, e in cands:
                if i > taken.get((p, e.category), -1):
                    taken[(p, e.category)] = j
                    chosen.append((p, i, j, e))
        else:
            last, taken_until, span, cats = -1, -1, None, set()
            for p, i, j, e in cands:
                if p != last:
                    last, taken_until, span, cats = p, -1, None, set()
                if (i, j) == span and e.category not in cats:
                    cats.add(e.category)
                    chosen.append((p, i, j, e))
                elif i > taken_until:
                    taken_until, span, cats = j, (i, j), {e.category}
                    chosen.append((p, i, j, e))
        return chosen

    def _singles(self, batch: _Batch) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Single-token matches before overlaps: token position, category and entry of each."""
        t = self._arrays()
        ids = np.maximum(batch.ids, 0)
        pos = np.flatnonzero(t.cnt[ids])
        reps = t.cnt[ids[pos]]
        rows = np.repeat(pos, reps)
        starts = np.repeat(t.ptr[ids[pos]] - np.concatenate([[0], np.cumsum(reps)[:-1]]), reps)
        pidx = starts + np.arange(len(rows))
        return rows, t.pair_cat[pidx], t.pair_entry[pidx]

    def _blocked(self, chosen, rows: np.ndarray, cats: np.ndarray) -> np.ndarray:
        """Mask of single-token matches inside a kept multiword match (of the same category, or of any
        category with ``overlap="global"``)."""
        if not chosen:
            return np.zeros(len(rows), bool)
        ncat = len(self.categories)
        if self.overlap == "category":
            keys = {k * ncat + self._cat_index[e.category] for _, i, j, e in chosen for k in range(i, j + 1)}
            return np.isin(rows * ncat + cats, np.fromiter(keys, np.int64, len(keys)))
        spans = {k for _, i, j, _ in chosen for k in range(i, j + 1)}
        return np.isin(rows, np.fromiter(spans, np.int64, len(spans)))

    def _batches(self, texts: Sequence[str]):
        start, size = 0, 0
        for k, t in enumerate(texts):
            if size and size + len(t) > self.batch_chars:
                yield start, texts[start:k]
                start, size = k, 0
            size += len(t) + 1
        if start < len(texts) or not len(texts):
            yield start, texts[start:]

    def count(self, texts: Sequence[str]) -> np.ndarray:
        """Matches per text (rows) and category (columns, :attr:`categories`), negated ones included."""
        texts = list(texts)
        out = np.zeros((len(texts), len(self.categories)), np.int64)
        for start, part in self._batches(texts):
            if part:
                out[start : start + len(part)] = self._count_batch(self._scan(part))
        return out

    def _count_batch(self, batch: _Batch) -> np.ndarray:
        t = self._arrays()
        ntext, ncat = len(batch.pstart), len(self.categories)
        ids = np.maximum(batch.ids, 0)
        pos = np.flatnonzero(t.cnt[ids])
        tokens = sparse.csr_matrix(
            (np.ones(len(pos)), (batch.tp[pos], ids[pos])), shape=(ntext, len(t.cnt)), dtype=np.float64
        )
        table = sparse.csr_matrix((np.ones(len(t.pair_cat)), t.pair_cat, t.indptr), shape=(len(t.cnt), ncat))
        counts = np.asarray((tokens @ table).todense()).round().astype(np.int64)
        chosen = self._resolve(self._multiword(batch))
        if chosen:
            rows, cats, _ = self._singles(batch)
            blocked = self._blocked(chosen, rows, cats)
            np.subtract.at(counts, (batch.tp[rows[blocked]], cats[blocked]), 1)
            for p, _, _, e in chosen:
                counts[p, self._cat_index[e.category]] += 1
        return counts

    def match(self, texts: Sequence[str], offsets: Sequence[int] | None = None) -> MatchArrays:
        """The match table of ``texts``; ``offsets[i]`` is added to the offsets of text ``i`` (as the
        ``offset`` argument of :meth:`Lexicon.find`)."""
        texts = list(texts)
        offs = np.zeros(len(texts), np.int64) if offsets is None else np.asarray(offsets, np.int64)
        if len(offs) != len(texts):
            raise ValueError(f"{len(texts)} texts but {len(offs)} offsets")
        parts = []
        for start, part in self._batches(texts):
            if part:
                arrays = self._match_batch(self._scan(part), offs[start : start + len(part)])
                arrays.text_index += start
                parts.append(arrays)
        return MatchArrays.concat(parts, [e.pattern for e in self._entries], self.categories)

    def _match_batch(self, batch: _Batch, offs: np.ndarray) -> MatchArrays:
        chosen = self._resolve(self._multiword(batch))
        rows, cats, ents = self._singles(batch)
        keep = ~self._blocked(chosen, rows, cats)
        first = np.concatenate([rows[keep], np.array([c[1] for c in chosen], np.int64)])
        last = np.concatenate([rows[keep], np.array([c[2] for c in chosen], np.int64)])
        ents = np.concatenate([ents[keep], np.array([self._entry_index[id(c[3])] for c in chosen], np.int64)])
        cats = self._entry_cat[ents]
        tp = batch.tp[first]
        start, end = batch.cs[first], batch.ce[last]
        order = np.lexsort((self._entry_rank[ents], cats, end, start, tp))
        first, ents, cats, tp, start, end = (a[order] for a in (first, ents, cats, tp, start, end))
        negated, negator = self._negation(batch, first, tp)
        text = batch.text
        shift = offs[tp] - batch.pstart[tp]
        return MatchArrays(
            tp,
            start + shift,
            end + shift,
            [text[a:b] for a, b in zip(start.tolist(), end.tolist(), strict=True)],
            ents,
            cats,
            self._entry_weight[ents],
            negated,
            negator,
            [],
            [],
        )

    def _negation(self, batch: _Batch, first: np.ndarray, tp: np.ndarray) -> tuple[np.ndarray, list[str]]:
        """Negation flag and negator of matches starting at tokens ``first`` (exact check only where a
        negator-like token stands within the window before the match)."""
        negish = self._arrays().neg[np.maximum(batch.ids, 0)]
        before = np.concatenate([[0], np.cumsum(negish)])
        lo = np.maximum(first - NEGATION_WINDOW, batch.first[tp])
        maybe = np.flatnonzero(before[first] - before[lo] > 0)
        negated = np.zeros(len(first), bool)
        negator = [""] * len(first)
        text, cs, ce, firsts = batch.text, batch.cs, batch.ce, batch.first
        for m in maybe.tolist():
            found = _negator(text, cs, ce, int(first[m]), int(firsts[tp[m]]))
            negated[m], negator[m] = bool(found), found
        return negated, negator


def matcher_for(lexicon: Lexicon, *, overlap: str = "category", across_punctuation: bool = False) -> Matcher:
    """The lexicon's cached :class:`Matcher` for these settings (its token cache is reused across calls)."""
    cache = lexicon.__dict__.setdefault("_matchers", {})
    key = (overlap, across_punctuation)
    if key not in cache:
        cache[key] = Matcher(lexicon, overlap=overlap, across_punctuation=across_punctuation)
    return cache[key]
