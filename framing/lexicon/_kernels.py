"""Compiled loops of the matching engine (numba): each is one pass over a batch's bytes or tokens.

These are the per-byte and per-token steps of :class:`framing.lexicon.Matcher`; the per-vocabulary work
(classifying a token seen for the first time) stays in Python. numba compiles them on first use and caches
the machine code on disk, so a process pays about a second once per installation and a few milliseconds to
load them afterwards. Where the cache goes is decided when this module is imported (see :func:`_compiled`):
numba's own choice where it has one, else a private folder in the temporary folder, else nowhere (the
loops are compiled in memory in every process, with a warning [W501]).
"""

from __future__ import annotations

import functools
import os
import stat
import sys
import tempfile
import warnings

import numpy as np
from numba import njit
from numba.core import config as numba_config

from ..errors import FramingWarning
from ..tokens import WORD_RE

#: Id of a token of at most 16 bytes that is not in the token table yet (the caller classifies it).
MISSING = -(1 << 62)
#: Id of a token longer than 16 bytes (the caller looks it up in its dictionary).
LONG = -(1 << 62) + 1
#: Flags of a token id for negation (:func:`negation`): a subordinator or verb of non-acceptance, ``without``,
#: ``again``, a negating prefix, a negator that may begin a condition (``no``, ``never``); see
#: :mod:`framing.lexicon.semantics` for the words.
SCOPE_BREAK = 1
SCOPE_WITHOUT = 2
SCOPE_AGAIN = 4
SCOPE_PREFIX = 8
SCOPE_CONDITION = 16

_M1 = np.uint64(0x9E3779B97F4A7C15)
_M2 = np.uint64(0xC2B2AE3D27D4EB4F)
_EMPTY = np.iinfo(np.int64).min
_WORD_CODEPOINTS: np.ndarray | None = None


def _private_cache_folder() -> tuple[str | None, str]:
    """A folder of this user's own in the temporary folder for the compiled loops' cache:
    ``(path, "")``, or ``(None, why not)``.

    numba loads its cache files (machine code and pickles) without further checks, so a folder that someone
    else could have made or could write to is refused: it must be a real folder (not a link), owned by this
    user and writable by nobody else. It is made with mode 0o700.
    """
    try:
        base = tempfile.gettempdir()
    except OSError as exc:  # no usable temporary folder at all
        return None, f"there is no temporary folder ({exc})"
    uid = os.getuid() if hasattr(os, "getuid") else None  # Windows: the temporary folder is per user already
    path = os.path.join(base, "framing-numba" if uid is None else f"framing-numba-{uid}")
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    except OSError as exc:
        return None, f"{path} cannot be made ({exc.strerror or exc})"
    try:
        st = os.lstat(path)
    except OSError as exc:
        return None, f"{path} cannot be read ({exc.strerror or exc})"
    if not stat.S_ISDIR(st.st_mode):
        return None, f"{path} is a link or a file, not a folder (refused)"
    if uid is not None and st.st_uid != uid:
        return None, f"{path} belongs to another user (refused)"
    if uid is not None and st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None, f"{path} is writable by another user (refused)"
    return path, ""


@functools.cache
def _warn_in_memory(reason: str) -> None:
    """Warn [W501] once per process that the compiled loops are not cached."""
    warnings.warn(FramingWarning("W501", reason=reason), stacklevel=4)


def _enable_cache(dispatcher) -> None:
    """Give a compiled loop a disk cache where one can be written, in this order:

    1. numba's own choice: ``NUMBA_CACHE_DIR`` if set, else ``__pycache__`` beside this file, else numba's
       folder in the user cache folder (``~/.cache/numba`` on Linux);
    2. a private folder in the temporary folder (:func:`_private_cache_folder`), for read-only installs
       with a read-only home, as in container and CI images;
    3. none: the loop is compiled in memory in every process, and [W501] says so once.

    numba picks its cache folder when a function is decorated, and raises ``RuntimeError`` ("cannot cache
    function ...: no locator available") when it can write none of its own; so step 2 points
    ``numba.config.CACHE_DIR`` at the private folder while this one loop is given its cache, and puts it back.
    """
    try:
        dispatcher.enable_caching()  # what njit(cache=True) does: no extra cost where numba can cache
        return
    except RuntimeError:  # no locator available: numba can write none of its folders
        pass
    folder, reason = _private_cache_folder()
    if folder is not None:
        saved = numba_config.CACHE_DIR
        numba_config.CACHE_DIR = folder
        try:
            dispatcher.enable_caching()
            return
        except RuntimeError:
            reason = f"numba cannot use {folder}"
        finally:
            numba_config.CACHE_DIR = saved
    _warn_in_memory(reason)


def _compiled(**options):
    """``njit(cache=True, **options)`` that never fails for want of a folder to cache in (see
    :func:`_enable_cache`)."""

    def compile_(func):
        dispatcher = njit(**options)(func)
        if hasattr(dispatcher, "enable_caching"):  # not with NUMBA_DISABLE_JIT=1 (then it is func itself)
            _enable_cache(dispatcher)
        return dispatcher

    return compile_


def word_codepoints() -> np.ndarray:
    """A 0/1 table over all code points: 1 where the character is a word character (``\\w``, as
    :data:`framing.tokens.WORD_RE` decides it; built with that regex, once per process)."""
    global _WORD_CODEPOINTS
    if _WORD_CODEPOINTS is None:
        points = np.concatenate([np.arange(0xD800), np.arange(0xE000, sys.maxunicode + 1)]).astype("<u4")
        chars = points.tobytes().decode("utf-32-le")  # every code point but the surrogates
        table = np.zeros(sys.maxunicode + 1, np.uint8)
        for m in WORD_RE.finditer(chars):
            table[points[m.start()] : points[m.end() - 1] + 1] = 1
        _WORD_CODEPOINTS = table
    return _WORD_CODEPOINTS


@_compiled(nogil=True, inline="always")
def _decode(data, i, n):  # pragma: no cover - compiled
    """Code point and byte length of the UTF-8 sequence at ``data[i]`` (``data[i] >= 0x80``)."""
    b = np.int64(data[i])
    if b >= 0xF0 and i + 3 < n:
        return ((b & 0x07) << 18) | ((np.int64(data[i + 1]) & 0x3F) << 12) | ((np.int64(data[i + 2]) & 0x3F) << 6) | (
            np.int64(data[i + 3]) & 0x3F
        ), 4
    if b >= 0xE0 and i + 2 < n:
        return ((b & 0x0F) << 12) | ((np.int64(data[i + 1]) & 0x3F) << 6) | (np.int64(data[i + 2]) & 0x3F), 3
    if b >= 0xC0 and i + 1 < n:
        return ((b & 0x1F) << 6) | (np.int64(data[i + 1]) & 0x3F), 2
    return 0, 1  # not reached on UTF-8 encoded by Python


@_compiled(nogil=True)
# long: numba's hot loop over every byte of a batch; split into compiled calls per token it runs slower
def tokens(data, n, words, word, pstart, tk1, tk2, tval, bits):  # pragma: no cover - compiled
    """The ``\\w+`` tokens of a batch and their ids in the token table.

    ``data[:n]`` is the batch's UTF-8 after the word-byte translation (ASCII non-word bytes are 32, other
    bytes are as encoded), followed by at least 16 zero bytes; ``words`` views ``data`` as unaligned 64-bit
    little-endian words (``words[i]`` holds bytes ``i`` to ``i + 7``). ``word`` is the table of
    :func:`word_codepoints`, ``pstart`` the character start of each text (ascending), ``(tk1, tk2, tval)``
    the token table of ``1 << bits`` slots (a token of at most 16 bytes is its own key: its bytes as two
    little-endian 64-bit words, zero-padded).

    Returns ``(bs, be, cs, ce, tp, ids)``: byte and character offsets of each token, the text it lies in,
    and its id, or :data:`MISSING` / :data:`LONG`.
    """
    cap = n // 2 + 1
    bs = np.empty(cap, np.int64)
    be = np.empty(cap, np.int64)
    cs = np.empty(cap, np.int64)
    ce = np.empty(cap, np.int64)
    tp = np.empty(cap, np.int64)
    ids = np.empty(cap, np.int64)
    shift = np.uint64(64 - bits)
    mask = (1 << bits) - 1
    ones = np.uint64(0xFFFFFFFFFFFFFFFF)
    ntext = pstart.shape[0]
    text = -1
    k = 0
    cont = 0  # UTF-8 continuation bytes before byte i
    i = 0
    while i < n:
        b = data[i]
        if b == 32:
            i += 1
            continue
        if b >= 0x80:
            cp, size = _decode(data, i, n)
            if not word[cp]:
                cont += size - 1
                i += size
                continue
        start = i
        cstart = i - cont
        while i < n:
            b = data[i]
            if b < 0x80:
                if b == 32:
                    break
                i += 1
                continue
            cp, size = _decode(data, i, n)
            if not word[cp]:
                break
            cont += size - 1
            i += size
        while text + 1 < ntext and pstart[text + 1] <= cstart:
            text += 1
        bs[k] = start
        be[k] = i
        cs[k] = cstart
        ce[k] = i - cont
        tp[k] = text
        size = i - start
        if size > 16:
            ids[k] = LONG
        else:
            if size >= 8:
                k1 = words[start]
                k2 = words[start + 8] & (ones >> np.uint64(8 * (16 - size))) if size > 8 else np.uint64(0)
            else:
                k1 = words[start] & (ones >> np.uint64(8 * (8 - size)))
                k2 = np.uint64(0)
            slot = np.int64(((k1 * _M1) ^ (k2 * _M2)) >> shift)
            while True:
                v = tval[slot]
                if v == _EMPTY:
                    ids[k] = MISSING
                    break
                if tk1[slot] == k1 and tk2[slot] == k2:
                    ids[k] = v
                    break
                slot = (slot + 1) & mask
        k += 1
    return bs[:k], be[:k], cs[:k], ce[:k], tp[:k], ids[:k]


@_compiled(nogil=True)
def singles(ids, tp, cnt, ptr, pair_cat, multi, cont, ntext, ncat):  # pragma: no cover - compiled
    """Single-token match counts per text and category (before overlaps with multiword matches), and the
    positions where a multiword candidate may start (a token that starts one, followed in the same text
    by one that may continue one)."""
    counts = np.zeros((ntext, ncat), np.int64)
    n = ids.shape[0]
    starts = np.empty(n, np.int64)
    m = 0
    for k in range(n):
        t = ids[k]
        if t == 0:
            continue
        c = cnt[t]
        if c:
            p = ptr[t]
            for q in range(p, p + c):
                counts[tp[k], pair_cat[q]] += 1
        if multi[t] and k + 1 < n and cont[ids[k + 1]] and tp[k + 1] == tp[k]:
            starts[m] = k
            m += 1
    return counts, starts[:m]


@_compiled(nogil=True)
def unblock(counts, ids, tp, first, last, mcat, sub, cnt, ptr, pair_cat, by_category):  # pragma: no cover
    """Count the kept multiword matches ``first..last`` (category ``mcat``) in ``counts`` and take out the
    single-token matches inside them: of the match's category, or of any category when ``by_category`` is
    false (then only for the matches marked in ``sub``, one per distinct span)."""
    for m in range(first.shape[0]):
        if not (by_category or sub[m]):
            counts[tp[first[m]], mcat[m]] += 1
            continue
        for k in range(first[m], last[m] + 1):
            t = ids[k]
            p = ptr[t]
            for q in range(p, p + cnt[t]):
                if not by_category or pair_cat[q] == mcat[m]:
                    counts[tp[k], pair_cat[q]] -= 1
        counts[tp[first[m]], mcat[m]] += 1


@_compiled(nogil=True)
# long: one compiled pass decides prefix, window and scope per match; split, numba would call per match
def negation(utf8, bs, be, ids, first, last, floor, ceil, negator_word, neg, scope, window):  # pragma: no cover
    """The negator of each match of tokens ``first[m]`` to ``last[m]`` (the search stops at token
    ``floor[m]``, the text's first, and before ``ceil[m]``, one past its last), as
    :func:`framing.lexicon.semantics.find_negator` decides it.

    Returns ``span`` (first and last token of the negator, -1 if none), ``prefix`` (the negator is a prefix:
    its text runs from the prefix to the match) and ``exact`` (matches whose contraction only Python can
    decide: a non-ASCII letter before the ``t``, or more than an apostrophe between the ``n`` and the
    ``t``). ``scope`` holds the flags of each token id (:data:`SCOPE_BREAK`, :data:`SCOPE_WITHOUT`,
    :data:`SCOPE_AGAIN`, :data:`SCOPE_PREFIX`, :data:`SCOPE_CONDITION`).

    1. A prefix (``SCOPE_PREFIX``, not the bytes ``UN``) right before the match, joined by ``-``, U+2010 or
       U+2011 alone.
    2. Else a negator word (``negator_word``) or a ``n't`` (``neg``: the token ``t``) among the ``window``
       tokens before the match, with no clause punctuation (``,;:.!?``) between it and the match, unless a
       ``SCOPE_BREAK`` token stands between them, or it is a ``SCOPE_CONDITION`` word followed by a
       ``SCOPE_AGAIN`` token or with a ``SCOPE_WITHOUT`` token among the ``window`` tokens after the match
       (no clause punctuation before it).
    """
    nm = first.shape[0]
    span = np.full((nm, 2), -1, np.int64)
    prefix = np.zeros(nm, np.bool_)
    exact = np.zeros(nm, np.bool_)
    for m in range(nm):
        i = first[m]
        f = floor[m]
        if i > f and scope[ids[i - 1]] & SCOPE_PREFIX:
            k = i - 1
            at = be[k]
            gap = bs[i] - at
            hyphen = (gap == 1 and utf8[at] == 0x2D) or (  # - or U+2010/U+2011
                gap == 3
                and utf8[at] == 0xE2
                and utf8[at + 1] == 0x80
                and (utf8[at + 2] == 0x90 or utf8[at + 2] == 0x91)
            )
            upper_un = at - bs[k] == 2 and utf8[bs[k]] == 0x55 and utf8[bs[k] + 1] == 0x4E  # UN
            if hyphen and not upper_un:
                span[m, 0] = k
                span[m, 1] = k
                prefix[m] = True
                continue
        for d in range(1, window + 1):
            k = i - d
            if k < f:
                break
            if _clause_between(utf8, be[k], bs[k + 1]):
                break
            t = ids[k]
            if negator_word[t]:
                span[m, 0] = k
                span[m, 1] = k
                break
            if neg[t] and k > f:
                at = be[k - 1]
                gap = bs[k] - at
                last_byte = utf8[at - 1]
                quote = (gap == 1 and utf8[at] == 0x27) or (  # ' or U+2018/U+2019
                    gap == 3
                    and utf8[at] == 0xE2
                    and utf8[at + 1] == 0x80
                    and (utf8[at + 2] == 0x98 or utf8[at + 2] == 0x99)
                )
                ends_n = last_byte == 0x6E or last_byte == 0x4E
                if ends_n and quote:
                    span[m, 0] = k - 1
                    span[m, 1] = k
                    break
                if last_byte >= 0x80 or (ends_n and gap > 1):
                    exact[m] = True
                    break
        k = span[m, 1]
        if k < 0:
            continue
        scoped = True
        for x in range(k + 1, i):
            if scope[ids[x]] & SCOPE_BREAK:
                scoped = False
        if scoped and span[m, 0] == k and scope[ids[k]] & SCOPE_CONDITION:
            if scope[ids[k + 1]] & SCOPE_AGAIN:
                scoped = False
            j = last[m]
            for x in range(j + 1, min(ceil[m], j + 1 + window)):
                if not scoped or _clause_between(utf8, be[x - 1], bs[x]):
                    break
                if scope[ids[x]] & SCOPE_WITHOUT:
                    scoped = False
        if not scoped:
            span[m, 0] = -1
            span[m, 1] = -1
    return span, prefix, exact


@_compiled(nogil=True, inline="always")
def _clause_between(utf8, a, b):  # pragma: no cover - compiled
    """Whether clause punctuation (``,;:.!?``) is among the bytes ``utf8[a:b]``."""
    for j in range(a, b):
        c = utf8[j]
        if c == 44 or c == 59 or c == 58 or c == 46 or c == 33 or c == 63:  # , ; : . ! ?
            return True
    return False


@_compiled(nogil=True)
def assemble(ids, cnt, ptr, pair_cat, pair_entry, mfirst, mlast, mcat, mentry, ncat, by_category):  # pragma: no cover
    """The matches of a batch in table order: single-token matches (per token ``ids``, from the per-id tables
    ``cnt``/``ptr``/``pair_cat``/``pair_entry``) that lie in no kept multiword match of their category (of
    any category when ``by_category`` is false), and the kept multiword matches ``mfirst..mlast`` (sorted by
    first token, last token, category, entry rank). Returns ``(first, last, entry)`` sorted by first token,
    last token, category and entry rank, as :meth:`Lexicon.find` orders its matches."""
    n = ids.shape[0]
    nm = mfirst.shape[0]
    total = nm
    for k in range(n):
        total += cnt[ids[k]]
    first = np.empty(total, np.int64)
    last = np.empty(total, np.int64)
    entry = np.empty(total, np.int64)
    until = np.full(ncat, -1, np.int64)  # last token of the kept multiword match covering, per category
    until_any = -1
    out = 0
    m = 0
    for k in range(n):
        q = m
        while q < nm and mfirst[q] == k:  # multiword matches starting here block from here on
            if mlast[q] > until[mcat[q]]:
                until[mcat[q]] = mlast[q]
            if mlast[q] > until_any:
                until_any = mlast[q]
            q += 1
        t = ids[k]
        p = ptr[t]
        for r in range(p, p + cnt[t]):
            if (until[pair_cat[r]] if by_category else until_any) >= k:
                continue
            first[out] = k
            last[out] = k
            entry[out] = pair_entry[r]
            out += 1
        while m < q:
            first[out] = mfirst[m]
            last[out] = mlast[m]
            entry[out] = mentry[m]
            out += 1
            m += 1
    return first[:out], last[:out], entry[:out]
