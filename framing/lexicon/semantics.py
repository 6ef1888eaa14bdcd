"""The matching semantics in one place: what the reference matcher (:meth:`Lexicon.find`) and the engine share.

Tokens are compared case-folded unless the lexicon is case-sensitive (:func:`fold`); a token fits an entry's
token pattern by :func:`token_fits` (glob wildcards compiled by :func:`glob_regex`, regexes by
:func:`compiled_regex`, which refuses unsafe ones, and never on a token longer than
:data:`MAX_REGEX_TOKEN_CHARS`); the text between two tokens must equal the entry's separator after
:func:`normalise_sep`; overlapping candidates are resolved by :func:`resolve_overlaps` (one of
:data:`OVERLAP_MODES`); and a match is negated when :func:`find_negator` finds one of
:data:`NEGATING_PREFIXES` joined to it by a hyphen, or one of :data:`NEGATORS` within :data:`NEGATION_WINDOW`
tokens before it that scopes over it (no :data:`SUBORDINATORS` or :data:`NON_ACCEPTANCE_VERBS` in between,
not a :data:`CONDITION_NEGATORS` condition). The rules themselves are in the docstring of
:mod:`framing.lexicon.model`. The engine (:mod:`framing.lexicon.engine`) computes the same in batches and
calls these functions for what it learns once per distinct token.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import LexiconError
from .regex_safety import regex_hazard

if TYPE_CHECKING:
    import numpy as np

    from .model import Entry

__all__ = [
    "CLAUSE_PUNCT",
    "CONDITION_NEGATORS",
    "GLOB_TOKEN",
    "MAX_REGEX_LENGTH",
    "MAX_REGEX_TOKEN_CHARS",
    "NEGATING_PREFIXES",
    "NEGATION_WINDOW",
    "NEGATORS",
    "NON_ACCEPTANCE_VERBS",
    "OVERLAP_MODES",
    "PREFIX_HYPHENS",
    "SUBORDINATORS",
    "check_overlap",
    "compiled_regex",
    "find_negator",
    "fold",
    "glob_regex",
    "match_rest",
    "normalise_sep",
    "resolve_overlaps",
    "token_fits",
]

#: How overlapping matches are resolved (:func:`resolve_overlaps`).
OVERLAP_MODES = ("category", "global")
#: Words that negate a following match. ``without`` is deliberately absent: it is part of framing phrases
#: ("talks without preconditions") far more often than a negation of one.
NEGATORS = frozenset({"not", "no", "never", "neither", "nor", "cannot", "nobody", "nothing", "none"})
#: How many tokens before a match a negator may stand (Hutto & Gilbert's VADER uses three); also how many
#: tokens after the match are searched for the ``without`` of a condition (:data:`CONDITION_NEGATORS`).
NEGATION_WINDOW = 3
#: Prefixes that negate the word they are joined to by a hyphen: "counter-terrorism", "anti-war",
#: "non-violence", "un-democratic". Written ``UN`` (all capitals) the token is the United Nations
#: ("UN-led talks") and negates nothing.
NEGATING_PREFIXES = frozenset({"non", "anti", "counter", "un"})
#: What joins a prefix to its word, alone: hyphen-minus, U+2010 hyphen, U+2011 non-breaking hyphen (all three
#: separate tokens). A dash (``–``, ``—``) or a space does not join.
PREFIX_HYPHENS = frozenset({"-", "\u2010", "\u2011"})
#: Subordinators and relative words: a negator before one of them negates another clause, not the match
#: after it ("It wasn't Russia that halted the negotiations", "not a secret that ...").
SUBORDINATORS = frozenset(
    {"that", "which", "who", "whom", "whose", "because", "if", "when", "while", "although", "whether", "unless"}
    | {"since", "until", "where"}
)
#: Verbs of non-acceptance, in their inflected forms (British and American spellings): a negator before one
#: of them negates the acceptance, not the frame, which is used ("will not recognise the illegal
#: annexation", "we cannot accept aggression", "never forget the war crimes", "will not stand for it").
NON_ACCEPTANCE_VERBS = frozenset(
    {"recognise", "recognises", "recognised", "recognising", "recognize", "recognizes", "recognized"}
    | {"recognizing", "accept", "accepts", "accepted", "accepting", "tolerate", "tolerates", "tolerated"}
    | {"tolerating", "allow", "allows", "allowed", "allowing", "condone", "condones", "condoned", "condoning"}
    | {"forget", "forgets", "forgot", "forgotten", "forgetting", "forgive", "forgives", "forgave", "forgiven"}
    | {"forgiving", "ignore", "ignores", "ignored", "ignoring", "permit", "permits", "permitted", "permitting"}
    | {"legitimise", "legitimises", "legitimised", "legitimising", "legitimize", "legitimizes", "legitimized"}
    | {"legitimizing", "reward", "rewards", "rewarded", "rewarding", "justify", "justifies", "justified"}
    | {"justifying", "excuse", "excuses", "excused", "excusing", "normalise", "normalises", "normalised"}
    | {"normalising", "normalize", "normalizes", "normalized", "normalizing", "stand", "stands", "stood"}
    | {"standing", "let", "lets", "letting"}
)
#: Negators that begin a condition rather than deny the match: "no ceasefire without withdrawal" (``without``
#: among the :data:`NEGATION_WINDOW` tokens after the match, in its clause), "never again aggression"
#: (``again`` right after ``never``).
CONDITION_NEGATORS = frozenset({"no", "never"})
#: Longest regex entry accepted (characters): long user regexes are where catastrophic backtracking hides.
MAX_REGEX_LENGTH = 200
#: Longest token (characters) a regex entry is matched against; a longer token never matches one. The
#: longest words of the languages we read are shorter (German "Rindfleischetikettierungsüberwachungs-
#: aufgabenübertragungsgesetz", 63 letters); a longer ``\w+`` run is an identifier, a hash or base64. The cap
#: bounds what a regex the safety check accepts can cost: two quantifiers trading characters (``a*ba*c``)
#: take about n**2 steps on an n-character token: 10,000 here, where ``\w*a\w*x`` on a 200,000-character
#: token took over two minutes.
MAX_REGEX_TOKEN_CHARS = 100
#: Characters that end a clause: no negator is looked for across them.
CLAUSE_PUNCT = re.compile(r"[,;:.!?]")
#: A token of a glob entry: word characters and the wildcards ``*`` and ``?``.
GLOB_TOKEN = re.compile(r"[\w*?]+")


def check_overlap(overlap: str) -> None:
    """Raise [F212] unless ``overlap`` is one of :data:`OVERLAP_MODES`."""
    if overlap not in OVERLAP_MODES:
        raise LexiconError("F212", modes=", ".join(map(repr, OVERLAP_MODES)), value=overlap)


def fold(token: str, case_sensitive: bool) -> str:
    """``token`` as compared with entries: case-folded unless the lexicon is case-sensitive."""
    return token if case_sensitive else token.casefold()


def normalise_sep(sep: str) -> str:
    """The text between two tokens as compared with an entry's separator: ``" "`` for white space (or
    nothing), else the characters stripped, with ``’`` and ``‘`` read as ``'``."""
    return " " if not sep.strip() else sep.strip().replace("’", "'").replace("‘", "'")


@lru_cache(maxsize=4096)
def glob_regex(token: str) -> re.Pattern[str]:
    """Compile a glob token: ``*`` is any run of word characters, ``?`` exactly one.

    In linear time (tokens are runs of word characters): the part after each inner ``*`` is taken at its
    first occurrence, in an atomic group nothing backtracks into (for a glob the leftmost choice is never
    wrong), and the last part must end the token. One ``\\w*`` per star backtracks polynomially instead:
    ``*a*b*c*d`` against a long token did not finish (found by ``make fuzz``).
    """

    def part(text: str) -> str:
        return "".join(r"\w" if ch == "?" else re.escape(ch) for ch in text)

    if "*" not in token:
        return re.compile(part(token))
    head, *inner, tail = token.split("*")
    return re.compile(part(head) + "".join(rf"(?>\w*?{part(p)})" for p in inner if p) + r"\w*" + part(tail))


@lru_cache(maxsize=4096)
def compiled_regex(pattern: str, case_sensitive: bool) -> re.Pattern[str]:
    """A regex entry's token pattern compiled (case-insensitive unless ``case_sensitive``).

    Raises [F210] for a pattern longer than :data:`MAX_REGEX_LENGTH` or one :func:`regex_hazard` refuses.
    """
    # entries read from a file were checked with its name and line (entry_problem); this stops built ones
    if len(pattern) > MAX_REGEX_LENGTH:
        raise LexiconError("F210", pattern=pattern, reason=f"longer than {MAX_REGEX_LENGTH} characters")
    if hazard := regex_hazard(pattern):
        raise LexiconError("F210", pattern=pattern, reason=hazard)
    return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)


def token_fits(entry: Entry, k: int, raw: str, norm: str, case_sensitive: bool) -> bool:
    """Whether a text token (``raw`` as written, ``norm`` as :func:`fold` gives it) fits token ``k`` of
    ``entry``: a regex must match the whole raw token (never one longer than :data:`MAX_REGEX_TOKEN_CHARS`),
    a glob with wildcards the folded one, any other token must equal it once folded."""
    pat = entry.tokens[k]
    if entry.value_type == "regex":  # the engine asks here too, so both apply the same cap
        return len(raw) <= MAX_REGEX_TOKEN_CHARS and compiled_regex(pat, case_sensitive).fullmatch(raw) is not None
    if entry.value_type == "glob" and ("*" in pat or "?" in pat):
        return glob_regex(fold(pat, case_sensitive)).fullmatch(norm) is not None
    return fold(pat, case_sensitive) == norm


def match_rest(
    text: str, toks: Sequence[tuple[int, int, str, str]], i: int, entry: Entry, across: bool, case_sensitive: bool
) -> int | None:
    """Index of the last token of a match of ``entry`` whose first token is ``toks[i]``, or None.

    ``toks`` are (start, end, raw, folded) of the text's tokens; the entry's later tokens must fit the next
    tokens and the text between them must equal its separators (a white-space separator matches any
    characters between the tokens when ``across`` is true)."""
    j = i
    for k in range(1, len(entry.tokens)):
        j = i + k
        if j >= len(toks) or not token_fits(entry, k, toks[j][2], toks[j][3], case_sensitive):
            return None
        sep = entry.separators[k - 1]
        if not (across and sep == " ") and normalise_sep(text[toks[j - 1][1] : toks[j][0]]) != sep:
            return None
    return j


def resolve_overlaps(cands: list[tuple[int, int, Entry]], overlap: str) -> list[tuple[int, int, Entry]]:
    """The candidates (first token, last token, entry) kept, in the order given.

    ``cands`` must be sorted by (first, longest, category, pattern). ``overlap="category"``: within a
    category the longest match wins, leftmost first; ``"global"``: the longest wins across categories, and a
    span is kept once for every category with an entry matching exactly that span."""
    chosen: list[tuple[int, int, Entry]] = []
    if overlap == "category":
        taken: dict[str, int] = {}
        for i, j, e in cands:
            if i > taken.get(e.category, -1):
                taken[e.category] = j
                chosen.append((i, j, e))
    else:
        taken_until, span, cats = -1, None, set()
        for i, j, e in cands:
            if (i, j) == span and e.category not in cats:
                cats.add(e.category)
                chosen.append((i, j, e))
            elif i > taken_until:
                taken_until, span, cats = j, (i, j), {e.category}
                chosen.append((i, j, e))
    return chosen


def find_negator(
    text: str,
    starts: Sequence[int] | np.ndarray,
    ends: Sequence[int] | np.ndarray,
    i: int,
    j: int | None = None,
    first: int = 0,
    stop: int | None = None,
) -> str:
    """The negator of a match of tokens ``i`` to ``j`` ('' if none), as written.

    1. A prefix: token ``i - 1`` is one of :data:`NEGATING_PREFIXES` (not spelt ``UN``) and the text between
       it and the match is one of :data:`PREFIX_HYPHENS`; the negator is the prefix with its hyphen
       (``counter-``). It takes precedence over a negator word.
    2. Else the nearest of :data:`NEGATORS` or a ``n't`` contraction among the :data:`NEGATION_WINDOW` tokens
       before the match, with no clause punctuation in between, provided it scopes over the match: no
       :data:`SUBORDINATORS` or :data:`NON_ACCEPTANCE_VERBS` stand between it and the match, and, for a
       :data:`CONDITION_NEGATORS` word, ``again`` does not follow it and ``without`` is not among the
       :data:`NEGATION_WINDOW` tokens after the match (in its clause).

    Tokens are ``text[starts[k]:ends[k]]``; the search does not go before token ``first`` nor reach token
    ``stop`` (default: ``len(starts)``); ``j`` defaults to ``i``.
    """
    j = i if j is None else j
    stop = len(starts) if stop is None else stop
    if i > first:
        tok = text[starts[i - 1] : ends[i - 1]]
        if tok != "UN" and tok.casefold() in NEGATING_PREFIXES and text[ends[i - 1] : starts[i]] in PREFIX_HYPHENS:
            return text[starts[i - 1] : starts[i]]
    k, negator = _window_negator(text, starts, ends, i, first)
    if not negator:
        return ""
    if any(text[starts[x] : ends[x]].casefold() in _SCOPE_BREAKERS for x in range(k + 1, i)):
        return ""
    if negator.casefold() in CONDITION_NEGATORS:
        if text[starts[k + 1] : ends[k + 1]].casefold() == "again":
            return ""
        for x in range(j + 1, min(stop, j + 1 + NEGATION_WINDOW)):
            if CLAUSE_PUNCT.search(text[ends[x - 1] : starts[x]]):
                break
            if text[starts[x] : ends[x]].casefold() == "without":
                return ""
    return negator


_SCOPE_BREAKERS = SUBORDINATORS | NON_ACCEPTANCE_VERBS


def _window_negator(
    text: str, starts: Sequence[int] | np.ndarray, ends: Sequence[int] | np.ndarray, i: int, first: int
) -> tuple[int, str]:
    """The last token and the text of the nearest of :data:`NEGATORS` or ``n't`` among the
    :data:`NEGATION_WINDOW` tokens before token ``i`` (not before token ``first``) in its clause, or
    ``(-1, "")``."""
    for k in range(i - 1, max(first - 1, i - 1 - NEGATION_WINDOW), -1):
        if CLAUSE_PUNCT.search(text[ends[k] : starts[k + 1]]):
            return -1, ""
        tok = text[starts[k] : ends[k]].casefold()
        if tok in NEGATORS:
            return k, text[starts[k] : ends[k]]
        if tok == "t" and k > first and text[starts[k - 1] : ends[k - 1]].casefold().endswith("n"):
            if normalise_sep(text[ends[k - 1] : starts[k]]) == "'":
                return k, text[starts[k - 1] : ends[k]]
    return -1, ""
