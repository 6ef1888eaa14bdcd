"""The matching engine: :meth:`Lexicon.find <framing.lexicon.Lexicon.find>`'s semantics at corpus speed.

:class:`Matcher` gives the same matches as ``lexicon.find`` on every text (a property test holds the two
together), but works on a batch of texts at once. The per-byte and per-token loops are compiled with numba
(:mod:`framing.lexicon._kernels`); what is learnt once per distinct token stays in Python:

1. **Tokens.** The batch is joined into one string and encoded to UTF-8; ``bytes.translate`` turns every
   ASCII byte that is not a word character into a space (and, for case-insensitive lexicons, lower-cases
   ASCII letters). One compiled pass (``_kernels.tokens``) then finds the ``\\w+`` tokens, decoding
   non-ASCII characters and deciding them with a table of all word code points built from the same regex,
   and gives each token its byte and character offsets and the index of its text.
2. **Token ids.** A token of at most 16 bytes is its own exact key (two 64-bit words), looked up in the
   same pass in an open-addressing hash table. Only tokens not seen before are classified against the
   lexicon (literal entries, ``prefix*`` wildcards, other globs and regexes), so the cost of wildcards is
   paid once per vocabulary item; new ASCII tokens are first screened in numpy against the lexicon's
   literal tokens and wildcard prefixes, and those that cannot start, continue or negate anything get id 0
   without Python. Longer tokens go through a dictionary. Regex entries are asked through
   ``Lexicon.token_fits``, so a token longer than :data:`~framing.lexicon.MAX_REGEX_TOKEN_CHARS` never
   matches one here either.
3. **Matches.** Single-token matches come from per-id tables in a compiled pass. Two-token entries are
   checked per distinct pair of ids (cached), longer ones per (entry, position, id) (cached); overlaps are
   resolved exactly as ``find`` does (longest first, leftmost first, per category or globally), in numpy
   where candidates do not overlap. The match table is assembled and negation decided in compiled passes
   (a negating prefix, or a negator word in the window and its scope, from per-id flags learnt with the
   tokens); Python looks only at unusual ``n't`` contractions.

``count`` stops at step 3 with a matrix of counts; ``match`` builds the columnar match table
(:class:`MatchArrays`). Both process ``batch_chars`` characters at a time, so memory is bounded by the
batch, not by the number of texts; the token cache is bounded by ``max_vocabulary``.

One piece: the classifier of new tokens, the id tables and the passes that read them change together.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import LexiconError
from . import _kernels
from .engine_arrays import (
    M1,
    M2,
    MASKS,
    Batch,
    IdTables,
    MatchArrays,
    TokenTable,
    ranges,
    resolve_multiword,
    screen_tables,
    slices,
    table_keys,
)
from .model import Entry, Lexicon
from .semantics import (
    CONDITION_NEGATORS,
    NEGATING_PREFIXES,
    NEGATION_WINDOW,
    NEGATORS,
    NON_ACCEPTANCE_VERBS,
    SUBORDINATORS,
    check_overlap,
    find_negator,
    normalise_sep,
)

__all__ = ["Matcher", "matcher_for"]

#: Characters per batch (texts are never split; a text longer than this is a batch of its own).
BATCH_CHARS = 4_000_000
#: Distinct tokens remembered before the cache drops those that start nothing (they are re-learnt when seen
#: again), so memory stays bounded however large the vocabulary of a corpus grows.
MAX_VOCABULARY = 1_000_000

_WORD_BYTE = bytes(c if (c >= 128 or chr(c).isalnum() or c == 95) else 32 for c in range(256))
# the same, ASCII letters lower-cased (for case-insensitive lexicons: ``str.casefold`` is ``lower`` on ASCII)
_WORD_BYTE_LOWER = bytes(_WORD_BYTE).lower()
_HIGH = np.uint64(0x8080808080808080)
# 0/1 byte table of the bytes that are not ASCII white space (a white-space separator of a multiword entry
# must see none)
_NOT_SPACE_BYTES = bytes(int(chr(c) not in " \t\n\r\x0b\x0c") for c in range(256))
# the words that decide a negator's scope or negate as a prefix (find_negator), and their flags per token id
_SCOPE_FLAGS = (
    (SUBORDINATORS | NON_ACCEPTANCE_VERBS, _kernels.SCOPE_BREAK),
    (frozenset({"without"}), _kernels.SCOPE_WITHOUT),
    (frozenset({"again"}), _kernels.SCOPE_AGAIN),
    (NEGATING_PREFIXES, _kernels.SCOPE_PREFIX),
    (CONDITION_NEGATORS, _kernels.SCOPE_CONDITION),
)
_SCOPE_WORDS = frozenset().union(*(words for words, _ in _SCOPE_FLAGS))


def _scope_flags(folded: str) -> int:
    """The :mod:`~framing.lexicon._kernels` scope flags of a case-folded token."""
    return sum(flag for words, flag in _SCOPE_FLAGS if folded in words)


class Matcher:
    """Match many texts against a lexicon quickly, with exactly :meth:`Lexicon.find`'s semantics.

    Parameters
    ----------
    lexicon : Lexicon
        The lexicon to match.
    overlap : {"category", "global"}, default "category"
        As for :meth:`Lexicon.find`.
    across_punctuation : bool, default False
        As for :meth:`Lexicon.find`.
    batch_chars : int, default BATCH_CHARS
        Characters processed at a time (bounds memory; a longer text is a batch of its own).
    max_vocabulary : int, default MAX_VOCABULARY
        Distinct tokens cached before the tokens that start nothing are forgotten (bounds memory).

    Raises
    ------
    LexiconError
        [F212] for an unknown ``overlap``; [F210] or [F211] for an unsafe or too long entry built in code.

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
        check_overlap(overlap)
        self.lexicon = lexicon
        self.overlap = overlap
        self.across_punctuation = across_punctuation
        self.batch_chars = batch_chars
        self.max_vocabulary = max_vocabulary
        self.categories: list[str] = list(lexicon.category_names)
        self._entries: list[Entry] = lexicon.entries()
        self._entry_index = {id(e): k for k, e in enumerate(self._entries)}
        self._cat_index = {c: k for k, c in enumerate(self.categories)}
        self._patterns = patterns = [e.pattern for e in self._entries]
        rank = sorted(range(len(patterns)), key=lambda k: patterns[k])
        self._entry_rank = np.empty(len(patterns), np.int64)
        self._entry_rank[rank] = np.arange(len(patterns))
        self._entry_cat = np.array([self._cat_index[e.category] for e in self._entries], np.int64)
        self._entry_weight = np.array([e.weight for e in self._entries], np.float64)
        self._entry_spaced = np.array([e.separators[:1] == (" ",) for e in self._entries], bool)
        self._cont_literal, self._cont_prefix, self._cont_scan = lexicon.continuation_index()
        self._cont_lengths = tuple(sorted(set(self._cont_prefix.values())))
        # a cheap screen: a new token that passes none of these starts, continues and negates nothing
        literal, prefix, _, scan = lexicon.first_token_index
        self._screen_literal = set(literal) | self._cont_literal
        self._screen_prefix = set(prefix) | set(self._cont_prefix)
        self._screen_lengths = tuple(sorted({len(x) for x in self._screen_prefix}))
        self._screen_all = bool(scan or self._cont_scan or lexicon.case_sensitive)
        self._screen_literal |= NEGATORS | {"t"} | _SCOPE_WORDS
        self._screen_literal_b = {x.encode("utf-8") for x in self._screen_literal}
        self._screen_prefix_b = {x.encode("utf-8") for x in self._screen_prefix}
        # case-insensitive lexicons without regexes treat all spellings of a case-folded token alike
        regex = any(e.value_type == "regex" for e in self._entries)
        self._by_norm: dict[str, int] | None = None if lexicon.case_sensitive or regex else {}
        screen = not (self._screen_all or self._by_norm is None)
        self._screen = screen_tables(self._screen_literal_b, self._screen_prefix_b) if screen else None
        self._vocab: dict[bytes, int] = {}  # tokens that are long, non-ASCII or start something
        self._table = TokenTable()
        # per id (id 0: a token that starts nothing and negates nothing)
        self._multis: list[tuple[Entry, ...]] = [()]
        self._starts_longer: list[bool] = [False]  # starts an entry of three or more tokens
        self._ptr: list[int] = [0]
        self._cnt: list[int] = [0]
        self._neg: list[bool] = [False]  # a negator or the 't' of a "n't"
        self._negator_word: list[bool] = [False]  # a negator
        self._scope: list[int] = [0]  # scope flags (_scope_flags)
        self._id_text: list[str] = [""]  # the token (its first spelling seen)
        self._pairs: dict[tuple[int, int], tuple[int, ...]] = {}
        self._fits: dict[tuple[int, int, int], bool] = {}  # (entry, position, token id): the token fits there
        self._longer: dict[int, list[tuple[Entry, int]]] = {}
        self._cont: list[bool] = [False]
        self._pair_cat: list[int] = []
        self._pair_entry: list[int] = []
        self._tables: IdTables | None = None
        self.count([""])  # load the compiled kernels (or compile them, once per installation) now

    def __repr__(self) -> str:
        return (
            f"Matcher(lexicon={self.lexicon.name!r}, overlap={self.overlap!r}, "
            f"across_punctuation={self.across_punctuation}, vocabulary={len(self._vocab)})"
        )

    def __getstate__(self) -> dict:
        state = self.__dict__.copy()
        del state["_entry_index"]  # keyed by object id: rebuilt after unpickling
        return state

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._entry_index = {id(e): k for k, e in enumerate(self._entries)}

    # -------------------------------------------------------------------------------- vocabulary
    def _continues(self, text: str, norm: str) -> bool:
        """Whether the token can be the second or a later token of some multiword entry."""
        if norm in self._cont_literal or any(norm[:n] in self._cont_prefix for n in self._cont_lengths):
            return True
        return any(self.lexicon.token_fits(e, k, text, norm) for e, k in self._cont_scan)

    def _may_match(self, k1: np.ndarray, k2: np.ndarray, length: np.ndarray) -> np.ndarray:
        """Mask of new tokens (keys of at most 16 lower-cased bytes) that may start, continue or negate
        something; the others are certainly id 0. Exact for ASCII; tokens with other bytes always pass."""
        if self._screen is None:
            return np.ones(len(k1), bool)
        literal, prefix, lengths = self._screen
        out = ((k1 | k2) & _HIGH) != 0
        out |= ~literal.lookup(k1, k2)[1]
        for n in lengths:
            at = np.flatnonzero(~out & (length >= n))
            if n <= 8:
                hit = ~prefix.lookup(k1[at] & MASKS[n], np.zeros(len(at), np.uint64))[1]
            else:
                hit = ~prefix.lookup(k1[at], k2[at] & MASKS[n - 8])[1]
            out[at[hit]] = True
        return out

    def _classify_many(self, raws: list[bytes]) -> list[int]:
        """Ids of tokens not in the vocabulary yet (and add them). ASCII tokens that cannot start, continue
        or negate anything are screened out on their lower-cased bytes, without decoding them."""
        vocab = self._vocab
        literal, prefix, lengths = self._screen_literal_b, self._screen_prefix_b, self._screen_lengths
        quick = not self._screen_all
        out = []
        for raw in raws:
            tid = vocab.get(raw)
            if tid is None:
                if quick and raw.isascii():
                    low = raw.lower()
                    if low in literal:
                        tid = self._classify(raw)
                    else:
                        for n in lengths:
                            if low[:n] in prefix:
                                tid = self._classify(raw)
                                break
                        else:
                            tid = 0
                else:
                    tid = self._classify(raw)
                vocab[raw] = tid
            out.append(tid)
        return out

    def _classify(self, raw: bytes) -> int:
        """Id of a token seen for the first time: 0 if it starts no match and negates nothing."""
        text = raw.decode("utf-8")
        lex = self.lexicon
        norm = lex.norm(text)
        folded = norm if self._by_norm is not None else text.casefold()
        if not (
            self._screen_all
            or folded in NEGATORS
            or folded == "t"
            or folded in _SCOPE_WORDS
            or norm in self._screen_literal
            or any(norm[:n] in self._screen_prefix for n in self._screen_lengths)
        ):
            return 0
        if self._by_norm is not None and norm in self._by_norm:
            return self._by_norm[norm]
        best: dict[int, Entry] = {}
        multis = []
        literal, prefix, lengths, scan = lex.first_token_index
        found = list(literal.get(norm, ()))
        for n in lengths:
            if n > len(norm):
                break
            found += prefix.get(norm[:n], ())  # a pure token matches 'prefix*' once the prefix matches
        found += [e for e in scan if lex.token_fits(e, 0, text, norm)]
        for e in found:
            if e.is_multiword:
                multis.append(e)
                continue
            c = self._cat_index[e.category]
            if c not in best or e.pattern < best[c].pattern:
                best[c] = e
        negish = folded in NEGATORS or folded == "t"
        scope = _scope_flags(folded)
        cont = self._continues(text, norm)
        if not best and not multis and not negish and not scope and not cont:
            return 0
        self._ptr.append(len(self._pair_cat))
        self._cnt.append(len(best))
        for c in sorted(best):
            self._pair_cat.append(c)
            self._pair_entry.append(self._entry_index[id(best[c])])
        self._multis.append(tuple(sorted(multis, key=lambda e: e.pattern)))
        self._starts_longer.append(any(len(e.tokens) > 2 for e in multis))
        self._neg.append(negish)
        self._negator_word.append(folded in NEGATORS)
        self._scope.append(scope)
        self._id_text.append(text)
        self._cont.append(cont)
        self._tables = None
        if self._by_norm is not None:
            self._by_norm[norm] = len(self._cnt) - 1
        return len(self._cnt) - 1

    def _arrays(self) -> IdTables:
        if self._tables is None:
            cnt = np.array(self._cnt, np.int64)
            self._tables = IdTables(
                ptr=np.array(self._ptr, np.int64),
                cnt=cnt,
                indptr=np.concatenate([[0], np.cumsum(cnt)]),
                pair_cat=np.array(self._pair_cat, np.int64),
                pair_entry=np.array(self._pair_entry, np.int64),
                multi=np.array([bool(m) for m in self._multis]),
                cont=np.array(self._cont),
                neg=np.array(self._neg),
                negator_word=np.array(self._negator_word),
                scope=np.array(self._scope, np.uint8),
                longer=np.array(self._starts_longer),
            )
        return self._tables

    # -------------------------------------------------------------------------------- tokenising
    def _scan(self, texts: Sequence[str]) -> Batch:
        if len(self._vocab) > self.max_vocabulary:
            keep = {raw: tid for raw, tid in self._vocab.items() if tid > 0}
            self._vocab.clear()
            self._vocab.update(keep)
            self._table = TokenTable()
        text = "\n".join(texts)
        lengths = np.fromiter((len(t) for t in texts), np.int64, len(texts))
        pstart = np.concatenate([[0], np.cumsum(lengths + 1)[:-1]]) if len(texts) else np.zeros(0, np.int64)
        utf8 = text.encode("utf-8")
        data = utf8.translate(_WORD_BYTE_LOWER if self._by_norm is not None else _WORD_BYTE)
        table, word = self._table, _kernels.word_codepoints()
        padded = data + bytes(16)
        words = np.ndarray((len(data) + 8,), dtype="<u8", buffer=padded, strides=(1,))
        bs, be, cs, ce, tp, ids = _kernels.tokens(
            np.frombuffer(padded, np.uint8), len(data), words, word, pstart, table.k1, table.k2, table.value, table.bits
        )
        self._fill_ids(data, bs, be, ids)
        first = np.searchsorted(tp, np.arange(len(texts) + 1), side="left")
        return Batch(text, ids, cs, ce, tp, pstart, first, utf8, bs, be)

    def _fill_ids(self, data: bytes, bs: np.ndarray, be: np.ndarray, ids: np.ndarray) -> None:
        """Give the tokens the table did not know (:data:`~framing.lexicon._kernels.MISSING`, tokens of at most 16
        bytes, and :data:`~framing.lexicon._kernels.LONG` ones) their ids: new short tokens are screened, classified
        and added to the table; long ones go through the vocabulary."""
        new = np.flatnonzero(ids == _kernels.MISSING)
        if len(new):
            k1, k2 = table_keys(data, bs[new], be[new])
            _, first, inverse = np.unique(k1 * M1 ^ k2 * M2, return_index=True, return_inverse=True)
            n1, n2 = k1[first], k2[first]
            if not ((n1[inverse] == k1).all() and (n2[inverse] == k2).all()):  # a hash collision
                pairs: dict[tuple[int, int], int] = {}
                keys = zip(k1.tolist(), k2.tolist(), strict=True)
                inverse = np.array([pairs.setdefault(k, len(pairs)) for k in keys])
                first = np.zeros(len(pairs), np.int64)
                first[inverse[::-1]] = np.arange(len(new))[::-1]  # the first occurrence of each key
                n1, n2 = k1[first], k2[first]
            at = new[first]
            value = np.zeros(len(at), np.int64)
            maybe = np.flatnonzero(self._may_match(n1, n2, be[at] - bs[at]))
            pos = at[maybe]
            value[maybe] = self._classify_many(slices(data, bs[pos], be[pos]))
            ids[new] = value[inverse.ravel()]
            self._table.insert(n1, n2, value)
        long = np.flatnonzero(ids == _kernels.LONG)
        if len(long):
            ids[long] = self._classify_many(slices(data, bs[long], be[long]))

    # -------------------------------------------------------------------------------- matching
    def _multiword(self, batch: Batch, starts: np.ndarray | None = None) -> tuple[np.ndarray, ...]:
        """Multiword candidates where a token starts one: arrays of text, first token, last token, entry.

        Two-token entries are checked per distinct pair of token ids (cached) and, where the entry
        separates its tokens by white space and the text has only ASCII white space there, without Python
        per occurrence; longer entries and other separators are checked one by one.
        """
        ids, tp = batch.ids, batch.tp
        tables = self._arrays()
        if starts is None:  # a multiword match needs its first token and a possible second one in the same text
            starts = np.flatnonzero(tables.multi[ids[:-1]] & tables.cont[ids[1:]] & (tp[:-1] == tp[1:]))
        found = [self._pairs_at(batch, starts)]
        longer = starts[tables.longer[ids[starts]]]
        if len(longer):
            found.append(self._longer_at(batch, longer))
        arrays = np.concatenate(found)
        return tuple(arrays[:, c] for c in range(4))

    def _pairs_at(self, batch: Batch, starts: np.ndarray) -> np.ndarray:
        """Two-token entries matching at ``starts``: rows (text, first, last, entry)."""
        if not len(starts):
            return np.zeros((0, 4), np.int64)
        a, b = batch.ids[starts], batch.ids[starts + 1]
        pairs, inverse = np.unique(a * (1 << 32) + b, return_inverse=True)
        lists = [self._pair_entries(int(x) >> 32, int(x) & 0xFFFFFFFF) for x in pairs.tolist()]
        sizes = np.array([len(x) for x in lists], np.int64)
        flat = np.array([k for x in lists for k in x], np.int64)
        offset = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        reps = sizes[inverse.ravel()]
        at = np.repeat(starts, reps)
        entry = flat[ranges(offset[inverse.ravel()], reps)]
        spaced = self._entry_spaced[entry]
        if self.across_punctuation:
            ok = spaced.copy()
        else:
            ok = spaced & ~batch.gap_has(at, _NOT_SPACE_BYTES)
        text, cs, ce = batch.text, batch.cs, batch.ce
        for m in np.flatnonzero(~ok).tolist():
            i, e = int(at[m]), self._entries[entry[m]]
            ok[m] = normalise_sep(text[ce[i] : cs[i + 1]]) == e.separators[0]
        return np.stack([batch.tp[at[ok]], at[ok], at[ok] + 1, entry[ok]], axis=1)

    def _pair_entries(self, first: int, second: int) -> tuple[int, ...]:
        """Two-token entries whose first token matches token id ``first`` and second token id ``second``."""
        key = (first, second)
        if key not in self._pairs:
            lex, raw = self.lexicon, self._id_text[second]
            norm = lex.norm(raw)
            self._pairs[key] = tuple(
                self._entry_index[id(e)]
                for e in self._multis[first]
                if len(e.tokens) == 2 and lex.token_fits(e, 1, raw, norm)
            )
        return self._pairs[key]

    def _longer_at(self, batch: Batch, starts: np.ndarray) -> np.ndarray:
        """Entries of three or more tokens matching at ``starts``: rows (text, first, last, entry).

        Whether a token id fits position ``k`` of an entry is cached per (entry, k, id), as for pairs."""
        across, fits = self.across_punctuation, self._fits
        text, ids, cs, ce, tp = batch.text, batch.ids, batch.cs, batch.ce, batch.tp
        n = len(ids)
        out: list[tuple[int, int, int, int]] = []
        for i in starts.tolist():
            p = int(tp[i])
            for e, x in self._longer_entries(int(ids[i])):
                j = i
                for k in range(1, len(e.tokens)):
                    j = i + k
                    if j >= n or tp[j] != p:
                        break
                    key = (x, k, int(ids[j]))
                    ok = fits.get(key)
                    if ok is None:
                        raw = self._id_text[ids[j]]
                        ok = fits[key] = self.lexicon.token_fits(e, k, raw, self.lexicon.norm(raw))
                    if not ok:
                        break
                    sep = e.separators[k - 1]
                    if not (across and sep == " ") and normalise_sep(text[ce[j - 1] : cs[j]]) != sep:
                        break
                else:
                    out.append((p, i, j, x))
        return np.array(out, np.int64).reshape(-1, 4)

    def _longer_entries(self, first: int) -> list[tuple[Entry, int]]:
        """The entries of three or more tokens that token id ``first`` starts, with their indices."""
        found = self._longer.get(first)
        if found is None:
            found = self._longer[first] = [
                (e, self._entry_index[id(e)]) for e in self._multis[first] if len(e.tokens) > 2
            ]
        return found

    def _keep(self, p: np.ndarray, i: np.ndarray, j: np.ndarray, entry: np.ndarray, ntokens: int) -> np.ndarray:
        """Which multiword candidates are kept (:func:`~framing.lexicon.engine_arrays.resolve_multiword`)."""
        cat = self._entry_cat[entry]
        ncat = len(self.categories)
        return resolve_multiword(p, i, j, cat, self._entry_rank[entry], ntokens, ncat, self.overlap)

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

    def _count_batch(self, batch: Batch) -> np.ndarray:
        t = self._arrays()
        ntext, ncat = len(batch.pstart), len(self.categories)
        counts, starts = _kernels.singles(batch.ids, batch.tp, t.cnt, t.ptr, t.pair_cat, t.multi, t.cont, ntext, ncat)
        p, first, last, entry = self._multiword(batch, starts)
        kept = self._keep(p, first, last, entry, len(batch.ids))
        first, last, mcat = first[kept], last[kept], self._entry_cat[entry[kept]]
        sub = np.ones(len(first), bool)
        if self.overlap == "global":  # identical spans of several categories: their tokens are taken out once
            sub[:] = False
            sub[np.unique(first * (len(batch.ids) + 1) + last, return_index=True)[1]] = True
        by_category = self.overlap == "category"
        _kernels.unblock(counts, batch.ids, batch.tp, first, last, mcat, sub, t.cnt, t.ptr, t.pair_cat, by_category)
        return counts

    def match(self, texts: Sequence[str], offsets: Sequence[int] | None = None) -> MatchArrays:
        """The match table of ``texts``; ``offsets[i]`` is added to the offsets of text ``i`` (as the
        ``offset`` argument of :meth:`Lexicon.find`)."""
        texts = list(texts)
        offs = np.zeros(len(texts), np.int64) if offsets is None else np.asarray(offsets, np.int64)
        if len(offs) != len(texts):
            raise LexiconError("F214", texts=len(texts), offsets=len(offs))
        parts = []
        for start, part in self._batches(texts):
            if part:
                arrays = self._match_batch(self._scan(part), offs[start : start + len(part)])
                arrays.text_index += start
                parts.append(arrays)
        return MatchArrays.concat(parts, self._patterns, self.categories)

    def _match_batch(self, batch: Batch, offs: np.ndarray) -> MatchArrays:
        p, mfirst, mlast, mentry = self._multiword(batch)
        kept = self._keep(p, mfirst, mlast, mentry, len(batch.ids))
        mfirst, mlast, mentry = mfirst[kept], mlast[kept], mentry[kept]
        order = np.lexsort((self._entry_rank[mentry], self._entry_cat[mentry], mlast, mfirst))
        mfirst, mlast, mentry = mfirst[order], mlast[order], mentry[order]
        t = self._arrays()
        first, last, ents = _kernels.assemble(
            batch.ids,
            t.cnt,
            t.ptr,
            t.pair_cat,
            t.pair_entry,
            mfirst,
            mlast,
            self._entry_cat[mentry],
            mentry,
            len(self.categories),
            self.overlap == "category",
        )
        cats = self._entry_cat[ents]
        tp = batch.tp[first]
        start, end = batch.cs[first], batch.ce[last]
        negated, negator = self._negation(batch, first, last, tp)
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

    def _negation(
        self, batch: Batch, first: np.ndarray, last: np.ndarray, tp: np.ndarray
    ) -> tuple[np.ndarray, list[str]]:
        """Negation flag and negator of matches of tokens ``first`` to ``last``, as
        :func:`~framing.lexicon.semantics.find_negator` decides: compiled over the prefix, the window and the
        scope; Python decides only unusual ``n't`` contractions (a non-ASCII letter before the ``t``, or
        white space around the apostrophe)."""
        tables = self._arrays()
        ids = batch.ids
        negated = np.zeros(len(first), bool)
        negator = [""] * len(first)
        if not len(first) or not (tables.neg.any() or (tables.scope & _kernels.SCOPE_PREFIX).any()):
            return negated, negator
        floor, ceil = batch.first[tp], batch.first[tp + 1]
        u8 = np.frombuffer(batch.utf8, np.uint8)
        span, prefix, exact = _kernels.negation(
            u8,
            batch.bs,
            batch.be,
            ids,
            first,
            last,
            floor,
            ceil,
            tables.negator_word,
            tables.neg,
            tables.scope,
            NEGATION_WINDOW,
        )
        text, cs, ce = batch.text, batch.cs, batch.ce
        end = np.where(prefix, cs[first], ce[np.maximum(span[:, 1], 0)])  # a prefix runs to the match
        for m in np.flatnonzero(span[:, 0] >= 0).tolist():
            negated[m], negator[m] = True, text[cs[span[m, 0]] : end[m]]
        for m in np.flatnonzero(exact).tolist():
            found = find_negator(text, cs, ce, int(first[m]), int(last[m]), int(floor[m]), int(ceil[m]))
            negated[m], negator[m] = bool(found), found
        return negated, negator


def matcher_for(lexicon: Lexicon, *, overlap: str = "category", across_punctuation: bool = False) -> Matcher:
    """The lexicon's cached :class:`Matcher` for these settings (its token cache is reused across calls).

    Parameters
    ----------
    lexicon : Lexicon
        The lexicon to match.
    overlap : {"category", "global"}, default "category"
        As for :meth:`Lexicon.find`.
    across_punctuation : bool, default False
        As for :meth:`Lexicon.find`.

    Returns
    -------
    Matcher
        The same matcher for every call with this lexicon object and these settings.

    Raises
    ------
    LexiconError
        As :class:`Matcher`, on the first call with these settings.
    """
    cache = lexicon.__dict__.setdefault("_matchers", {})
    key = (overlap, across_punctuation)
    if key not in cache:
        cache[key] = Matcher(lexicon, overlap=overlap, across_punctuation=across_punctuation)
    return cache[key]
