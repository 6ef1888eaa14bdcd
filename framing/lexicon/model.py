"""Lexicons: labelled framing categories of entries, and how they match text.

A :class:`Lexicon` is read from YAML (``load_lexicon("urw_frames")`` for a bundled one, or a file path).
Each :class:`Category` has entries, an optional ``sponsor`` (the actor id(s) whose frame it is), Entman's
``function`` (problem, cause, moral, remedy), a description and a provenance note. Categories may nest
(a ``categories`` key inside a category); nested names are dotted (``remedy.ceasefire``).

Matching semantics
------------------
* Text and entries are split into word tokens, maximal runs of Unicode word characters (``\\w+``), so
  Cyrillic and accented Latin work like ASCII. Comparison is case-insensitive (``str.casefold``).
* An entry token may hold glob wildcards: ``*`` (any run of word characters, possibly empty) and ``?``
  (exactly one). A wildcard never crosses a token boundary.
* A multiword entry matches consecutive tokens. Where the entry separates two tokens by white space, the
  text may have any white space there; where the entry has other characters (``long-lasting``,
  ``NATO's``), the text must have the same characters (``’`` counts as ``'``). So a multiword entry never
  matches across punctuation, and so never across a sentence boundary.
* Within one category the longest match wins, leftmost first, and a text span is counted at most once
  (``Czech Republic`` is one match, not also ``Czech``); categories match independently, so one span may
  count in several categories.
* Negation: a match is flagged ``negated`` when one of :data:`NEGATORS` (or a ``n't`` contraction) is among
  the :data:`NEGATION_WINDOW` tokens before it, with no clause punctuation (``, ; : . ! ?``) in between.
  Negated matches are reported, never dropped: counts keep them apart (``negated`` column).

Limits
------
* A token longer than :data:`MAX_REGEX_TOKEN_CHARS` (100) characters never matches a ``regex`` entry (it
  is never given to the regex engine); glob and fixed entries match tokens of any length.
* An entry has at most :data:`MAX_ENTRY_TOKENS` (20) tokens; a longer one is refused when the lexicon is
  read (F201 with file and line) or built (F211).
* Regex entries that can backtrack catastrophically are refused (:func:`regex_hazard`).
"""

from __future__ import annotations

import hashlib
import itertools
import json
import numbers
import re
import re._constants as _sre  # the regex parser's tree, walked to find patterns that backtrack catastrophically
import re._parser as _sre_parse
import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from ..errors import LexiconError
from ..files import error_line, load_yaml
from ..tokens import WORD_RE

if TYPE_CHECKING:
    import numpy as np

__all__ = [
    "Category",
    "Entry",
    "Lexicon",
    "LexiconMatch",
    "bundled_lexicons",
    "load_lexicon",
    "parse_entry",
    "parse_lexicon",
    "to_yaml",
]

FUNCTIONS = ("problem", "cause", "moral", "remedy")
VALUE_TYPES = ("glob", "fixed", "regex")
OVERLAP_MODES = ("category", "global")
#: Words that negate a following match. ``without`` is deliberately absent: it is part of framing phrases
#: ("talks without preconditions") far more often than a negation of one.
NEGATORS = frozenset({"not", "no", "never", "neither", "nor", "cannot", "nobody", "nothing", "none"})
#: How many tokens before a match a negator may stand (Hutto & Gilbert's VADER uses three).
NEGATION_WINDOW = 3
#: Longest regex entry accepted (characters): long user regexes are where catastrophic backtracking hides.
MAX_REGEX_LENGTH = 200
#: Longest token (characters) a regex entry is matched against; a longer token never matches one. The
#: longest words of the languages we read are shorter (German "Rindfleischetikettierungsüberwachungs-
#: aufgabenübertragungsgesetz", 63 letters); a longer ``\w+`` run is an identifier, a hash or base64. The cap
#: bounds what a regex the safety check accepts can cost: two quantifiers trading characters (``a*ba*c``)
#: take about n**2 steps on an n-character token: 10,000 here, where ``\w*a\w*x`` on a 200,000-character
#: token took over two minutes.
MAX_REGEX_TOKEN_CHARS = 100
#: Most tokens in one entry. Matching tries an entry at every token where its first token matches, so a
#: k-token entry costs up to k comparisons per token of text: a 20,000-word entry of one repeated word took
#: minutes on a page of that word. The longest entry of the eleven lexicons we read has 6 tokens ("ball is now
#: in the court"); the longest country names in newsmap 5. 20 leaves room for a quoted slogan or an official
#: title while keeping the cost at most 20 comparisons per token.
MAX_ENTRY_TOKENS = 20
_CLAUSE_PUNCT = re.compile(r"[,;:.!?]")
_GLOB_TOKEN = re.compile(r"[\w*?]+")
_TOP_KEYS = {"name", "version", "license", "description", "citation", "valuetype", "case_sensitive", "categories"}
_CAT_KEYS = {"description", "sponsor", "function", "provenance", "citation", "entries", "categories"}
_ENTRY_KEYS = {"pattern", "weight", "valuetype"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry.

    ``pattern`` is the entry as written; ``value_type`` is ``glob`` (``*``/``?`` wildcards inside a token),
    ``fixed`` (literal) or ``regex`` (each white-space separated part is a regular expression that must
    match one whole token). ``tokens`` are the per-token patterns and ``separators`` what must stand
    between consecutive tokens (``" "`` for any white space, else the literal characters).
    """

    pattern: str
    category: str
    tokens: tuple[str, ...]
    separators: tuple[str, ...]
    weight: float = 1.0
    line: int = 0
    value_type: str = "glob"

    @property
    def is_multiword(self) -> bool:
        return len(self.tokens) > 1

    @property
    def key(self) -> tuple:
        """What makes two entries the same (for duplicates): type, tokens and separators, case-folded."""
        return (self.value_type, tuple(t.casefold() for t in self.tokens), self.separators)


@dataclass(frozen=True, slots=True)
class Category:
    """A framing category: name (dotted when nested), entries and metadata."""

    name: str
    entries: tuple[Entry, ...]
    sponsor: tuple[str, ...] = ()
    function: str | None = None
    description: str = ""
    provenance: str = ""


@dataclass(frozen=True, slots=True)
class LexiconMatch:
    """One match in a text: offsets (plus the offset given to :meth:`Lexicon.find`), entry and category."""

    start: int
    end: int
    text: str
    entry: str
    category: str
    weight: float
    negated: bool
    negator: str = ""


def _normalise_sep(sep: str) -> str:
    return " " if not sep.strip() else sep.strip().replace("’", "'").replace("‘", "'")


class Lexicon:
    """A validated lexicon. Read one with :func:`load_lexicon`; match with :meth:`find`.

    ``sha256`` is a hash of the content that matching depends on (categories, entries, value types,
    weights, case sensitivity, sponsors and functions; not the order of entries, which matching ignores),
    so the same lexicon gives the same hash whatever file format it was read from; it goes into every
    output made with the lexicon.
    """

    def __init__(
        self,
        categories: Iterable[Category],
        *,
        name: str,
        version: str = "",
        license: str = "",
        description: str = "",
        citation: str = "",
        case_sensitive: bool = False,
        source: str = "<memory>",
    ) -> None:
        self.categories: dict[str, Category] = {c.name: c for c in sorted(categories, key=lambda c: c.name)}
        self.name, self.version, self.license = name, version, license
        self.description, self.citation = description, citation
        self.case_sensitive = case_sensitive
        self.source = source

    def __repr__(self) -> str:
        n = sum(len(c.entries) for c in self.categories.values())
        return f"Lexicon(name={self.name!r}, version={self.version!r}, categories={len(self.categories)}, entries={n})"

    def __len__(self) -> int:
        return len(self.categories)

    @property
    def category_names(self) -> list[str]:
        """Category names, sorted."""
        return list(self.categories)

    def entries(self) -> list[Entry]:
        """All entries, by category then in file order."""
        return [e for c in self.categories.values() for e in c.entries]

    @cached_property
    def sha256(self) -> str:
        content = {
            "case_sensitive": self.case_sensitive,
            "categories": [
                [c.name, list(c.sponsor), c.function, sorted([e.value_type, e.pattern, e.weight] for e in c.entries)]
                for c in self.categories.values()
            ],
        }
        return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()

    def roll_up(self, levels: int) -> Lexicon:
        """A lexicon whose categories are cut to their first ``levels`` dotted levels (quanteda's ``levels``).

        ``remedy.ceasefire`` and ``remedy.sanctions`` become ``remedy`` with ``levels=1``; their entries are
        merged (an entry present in both counts once per match), sponsors united, and the function kept
        where all merged categories agree.
        """
        if isinstance(levels, bool) or not isinstance(levels, numbers.Integral) or levels < 1:
            raise LexiconError("F213", value=levels)
        groups: dict[str, list[Category]] = {}
        for c in self.categories.values():
            groups.setdefault(".".join(c.name.split(".")[:levels]), []).append(c)
        merged = []
        for name, cats in groups.items():
            entries: dict[tuple, Entry] = {}
            for c in cats:
                for e in c.entries:
                    entries.setdefault(e.key, replace(e, category=name))
            functions = {c.function for c in cats}
            head = self.categories.get(name)
            merged.append(
                Category(
                    name,
                    tuple(entries.values()),
                    tuple(sorted({s for c in cats for s in c.sponsor})),
                    functions.pop() if len(functions) == 1 else None,
                    head.description if head else "",
                    head.provenance if head else "",
                )
            )
        return Lexicon(
            merged,
            name=self.name,
            version=self.version,
            license=self.license,
            description=self.description,
            citation=self.citation,
            case_sensitive=self.case_sensitive,
            source=f"{self.source} (levels={levels})",
        )

    def _norm(self, token: str) -> str:
        return token if self.case_sensitive else token.casefold()

    @cached_property
    def _index(self) -> tuple[dict[str, list[Entry]], dict[str, list[Entry]], tuple[int, ...], list[Entry]]:
        """Entries by first token: literal tokens by value, ``prefix*`` globs by prefix, the rest scanned.

        Raises [F211] for an entry of more than :data:`MAX_ENTRY_TOKENS` tokens (one built in code: a file's
        entries were checked with its name and line)."""
        literal: dict[str, list[Entry]] = {}
        prefix: dict[str, list[Entry]] = {}
        scan: list[Entry] = []
        for e in self.entries():
            if len(e.tokens) > MAX_ENTRY_TOKENS:
                raise LexiconError("F211", pattern=_short(e.pattern), category=e.category, reason=_too_long(e))
            first = e.tokens[0]
            wild = e.value_type == "glob" and ("*" in first or "?" in first)
            if e.value_type == "regex":
                scan.append(e)
            elif wild and first.endswith("*") and not set("*?") & set(first[:-1]) and len(first) > 1:
                prefix.setdefault(self._norm(first[:-1]), []).append(e)
            elif wild:
                scan.append(e)
            else:
                literal.setdefault(self._norm(first), []).append(e)
        return literal, prefix, tuple(sorted({len(p) for p in prefix})), scan

    def _first_token_candidates(self, norm: str) -> Iterable[Entry]:
        literal, prefix, lengths, scan = self._index
        yield from literal.get(norm, ())
        for n in lengths:
            if n > len(norm):
                break
            yield from prefix.get(norm[:n], ())
        yield from scan

    def _token_ok(self, entry: Entry, k: int, raw: str, norm: str) -> bool:
        pat = entry.tokens[k]
        if entry.value_type == "regex":  # the engine asks here too, so both apply the same cap
            return len(raw) <= MAX_REGEX_TOKEN_CHARS and _regex(pat, self.case_sensitive).fullmatch(raw) is not None
        if entry.value_type == "glob" and ("*" in pat or "?" in pat):
            return _glob_re(self._norm(pat)).fullmatch(norm) is not None
        return self._norm(pat) == norm

    def find(
        self, text: str, offset: int = 0, *, overlap: str = "category", across_punctuation: bool = False
    ) -> list[LexiconMatch]:
        """All matches in ``text``, sorted by (start, end, category, entry).

        This is the reference implementation of the matching semantics, one text at a time;
        :class:`framing.engine.Matcher` gives the same matches for whole batches of texts, much faster, and
        is what :func:`framing.lexicon.match_table` and the vectoriser use.

        ``overlap="category"`` (default): within a category the longest match wins, leftmost first;
        categories are independent. ``overlap="global"``: the longest match wins across all categories, and
        a span is reported once for every category that has an entry matching exactly that span.
        ``across_punctuation=True`` lets a white-space separator in a multiword entry match any run of
        non-word characters (so ``peace talks`` matches ``peace. Talks``).
        """
        if overlap not in OVERLAP_MODES:
            raise LexiconError("F212", modes=", ".join(map(repr, OVERLAP_MODES)), value=overlap)
        toks = [(m.start(), m.end(), m.group(), self._norm(m.group())) for m in WORD_RE.finditer(text)]
        cands: list[tuple[int, int, Entry]] = []
        for i, (_, _, raw, norm) in enumerate(toks):
            for e in self._first_token_candidates(norm):
                if e.value_type in ("regex", "glob") and not self._token_ok(e, 0, raw, norm):
                    continue
                j = self._match_rest(text, toks, i, e, across_punctuation)
                if j is not None:
                    cands.append((i, j, e))
        cands.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2].category, c[2].pattern))
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
        out = []
        starts, ends = [t[0] for t in toks], [t[1] for t in toks]
        for i, j, e in chosen:
            start, end = toks[i][0], toks[j][1]
            negator = _negator(text, starts, ends, i)
            out.append(
                LexiconMatch(
                    start + offset,
                    end + offset,
                    text[start:end],
                    e.pattern,
                    e.category,
                    e.weight,
                    bool(negator),
                    negator,
                )
            )
        out.sort(key=lambda m: (m.start, m.end, m.category, m.entry))
        return out

    def _match_rest(self, text: str, toks: list, i: int, e: Entry, across: bool) -> int | None:
        """Index of the last token of a match of ``e`` starting at token ``i``, or None."""
        j = i
        for k in range(1, len(e.tokens)):
            j = i + k
            if j >= len(toks) or not self._token_ok(e, k, toks[j][2], toks[j][3]):
                return None
            sep = e.separators[k - 1]
            if not (across and sep == " ") and _normalise_sep(text[toks[j - 1][1] : toks[j][0]]) != sep:
                return None
        return j


@lru_cache(maxsize=4096)
def _glob_re(token: str) -> re.Pattern[str]:
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
def _regex(pattern: str, case_sensitive: bool) -> re.Pattern[str]:
    # entries read from a file were checked with its name and line (entry_problem); this stops built ones
    if len(pattern) > MAX_REGEX_LENGTH:
        raise LexiconError("F210", pattern=pattern, reason=f"longer than {MAX_REGEX_LENGTH} characters")
    if hazard := regex_hazard(pattern):
        raise LexiconError("F210", pattern=pattern, reason=hazard)
    return re.compile(pattern, 0 if case_sensitive else re.IGNORECASE)


# ------------------------------------------------------------------------------------------ regex safety
_REPEATS = (_sre.MAX_REPEAT, _sre.MIN_REPEAT, _sre.POSSESSIVE_REPEAT)
#: Nodes the regex engine never backtracks into once they matched: an enclosing repeat cannot re-split them.
_ATOMIC = (_sre.POSSESSIVE_REPEAT, _sre.ATOMIC_GROUP, _sre.ASSERT, _sre.ASSERT_NOT)
_BACKREFS = (
    _sre.GROUPREF,
    _sre.GROUPREF_EXISTS,
    _sre.GROUPREF_IGNORE,
    _sre.GROUPREF_LOC_IGNORE,
    _sre.GROUPREF_UNI_IGNORE,
)
#: Largest character range of a class expanded to compare alternatives; a larger one counts as overlapping.
_MAX_CLASS_CHARS = 4096
NESTED_QUANTIFIERS = (
    "nested quantifiers (a repeated group that holds another quantifier, as in '(a+)+') can backtrack "
    "catastrophically; make the inner quantifier possessive ('a++') or the group atomic ('(?>...)')"
)
AMBIGUOUS_ALTERNATIVES = (
    "a repeated group whose alternatives can start with the same character (as in '(a|a)*' or '(a|ab)+') "
    "can backtrack catastrophically; use a character class, alternatives that start differently, or an "
    "atomic group ('(?>a|ab)+')"
)
#: Most quantifiers that may backtrack against each other in one pattern (outside possessive and atomic
#: parts): k of them cost up to n**k steps on an n-character token; 2 keep a 1,000-character token under a
#: million.
MAX_BACKTRACKING_QUANTIFIERS = 2
MANY_QUANTIFIERS = (
    "{n} quantifiers that can give back characters to each other (as in 'a*a*a*b') backtrack polynomially on "
    "long words; keep at most {max} or make the others possessive ('a*+', 'a++')"
)
BACKREFERENCES = "backreferences ('\\1', '(?P=name)', '(?(1)...)') can make matching exponential; rewrite without"
ADJACENT_QUANTIFIERS = (
    "adjacent quantifiers that can match the same characters (as in '\\w*\\w*', 'a+a+', '[a-z]+\\w+' or '.*.*') "
    "trade characters with each other and backtrack polynomially on long words; merge them into one "
    "('\\w*', '\\w{2,}') or make the first possessive ('\\w*+')"
)
#: Nodes that match no characters: they do not separate two quantifiers.
_ZERO_WIDTH = (_sre.AT, _sre.ASSERT, _sre.ASSERT_NOT)
#: The character categories of the parser, and the pairs of them no character belongs to both of.
_CATEGORY_RE = {
    _sre.CATEGORY_DIGIT: re.compile(r"\d"),
    _sre.CATEGORY_NOT_DIGIT: re.compile(r"\D"),
    _sre.CATEGORY_SPACE: re.compile(r"\s"),
    _sre.CATEGORY_NOT_SPACE: re.compile(r"\S"),
    _sre.CATEGORY_WORD: re.compile(r"\w"),
    _sre.CATEGORY_NOT_WORD: re.compile(r"\W"),
}
_DISJOINT_CATEGORIES = {
    frozenset(pair)
    for pair in (
        (_sre.CATEGORY_DIGIT, _sre.CATEGORY_NOT_DIGIT),
        (_sre.CATEGORY_SPACE, _sre.CATEGORY_NOT_SPACE),
        (_sre.CATEGORY_WORD, _sre.CATEGORY_NOT_WORD),
        (_sre.CATEGORY_WORD, _sre.CATEGORY_SPACE),
        (_sre.CATEGORY_DIGIT, _sre.CATEGORY_SPACE),
        (_sre.CATEGORY_DIGIT, _sre.CATEGORY_NOT_WORD),
    )
}


def _children(op: Any, av: Any) -> list[Any]:
    """The sub-patterns of one node of the parsed regex tree."""
    if op in _REPEATS:
        return [av[2]]
    if op is _sre.SUBPATTERN:
        return [av[3]]
    if op in (_sre.ASSERT, _sre.ASSERT_NOT):
        return [av[1]]
    if op is _sre.ATOMIC_GROUP:
        return [av]
    if op is _sre.BRANCH:
        return list(av[1])
    return []


def _exposed(seq: Any) -> Any:
    """Every node of ``seq`` that an enclosing repeat can backtrack into (atomic parts not entered)."""
    for op, av in seq:
        yield op, av
        if op not in _ATOMIC:
            for child in _children(op, av):
                yield from _exposed(child)


def _first_chars(alternative: Any) -> set[str] | None:
    """Case-folded characters an alternative can start with; None when unknown or when it can match empty."""
    if not len(alternative):
        return None
    op, av = alternative[0]
    if op is _sre.LITERAL:
        return {chr(av).casefold()}
    if op is _sre.IN:
        chars: set[str] = set()
        for item_op, item in av:
            if item_op is _sre.LITERAL:
                chars.add(chr(item).casefold())
            elif item_op is _sre.RANGE and item[1] - item[0] < _MAX_CLASS_CHARS:
                chars.update(chr(c).casefold() for c in range(item[0], item[1] + 1))
            else:  # a negated class, a category (\w, \d), a huge range: assume it overlaps
                return None
        return chars
    if op is _sre.SUBPATTERN:
        return _first_chars(av[3])
    return None


def _ambiguous(op: Any, av: Any) -> bool:
    if op is not _sre.BRANCH:
        return False
    seen: set[str] = set()
    for alternative in av[1]:
        chars = _first_chars(alternative)
        if chars is None or chars & seen:
            return True
        seen |= chars
    return False


@dataclass(frozen=True)
class _Chars:
    """A set of characters one regex node can match: listed characters (case-folded) and categories, or the
    complement of those (``negated``)."""

    chars: frozenset[str] = frozenset()
    categories: frozenset[Any] = frozenset()
    negated: bool = False

    def __contains__(self, ch: str) -> bool:
        hit = ch.casefold() in self.chars or any(_CATEGORY_RE[k].match(ch) for k in self.categories)
        return hit != self.negated


def _class_chars(items: Any) -> _Chars | None:
    """The characters of a character class (``[...]``, ``\\w``); None when unknown (a huge range)."""
    chars: set[str] = set()
    categories: set[Any] = set()
    negated = False
    for op, av in items:
        if op is _sre.NEGATE:
            negated = True
        elif op is _sre.LITERAL:
            chars.add(chr(av).casefold())
        elif op is _sre.RANGE and av[1] - av[0] < _MAX_CLASS_CHARS:
            chars.update(chr(c).casefold() for c in range(av[0], av[1] + 1))
        elif op is _sre.CATEGORY and av in _CATEGORY_RE:
            categories.add(av)
        else:
            return None
    return _Chars(frozenset(chars), frozenset(categories), negated)


def _body_chars(seq: Any) -> list[_Chars] | None:
    """The characters a sub-pattern can match, as sets; None when it may be any character."""
    out: list[_Chars] = []
    for op, av in seq:
        if op is _sre.LITERAL:
            out.append(_Chars(frozenset({chr(av).casefold()})))
        elif op is _sre.NOT_LITERAL:
            out.append(_Chars(frozenset({chr(av).casefold()}), negated=True))
        elif op is _sre.IN:
            found = _class_chars(av)
            if found is None:
                return None
            out.append(found)
        elif op in _ZERO_WIDTH:
            continue
        elif op in (_sre.SUBPATTERN, _sre.BRANCH, _sre.ATOMIC_GROUP, *_REPEATS):
            for child in _children(op, av):
                found_all = _body_chars(child)
                if found_all is None:
                    return None
                out.extend(found_all)
        else:  # '.', a backreference: assume any character
            return None
    return out


def _overlap(a: _Chars, b: _Chars) -> bool:
    """Whether some character is in both sets (True when that cannot be told cheaply)."""
    if a.negated and b.negated:
        return True  # the complements of two small sets always share characters
    if a.negated:
        a, b = b, a
    if b.negated:  # ``a`` shares a character with the complement of b's set unless all of a is in b's set
        return any(ch in b for ch in a.chars) or not a.categories <= b.categories
    return (
        any(ch in b for ch in a.chars)
        or any(ch in a for ch in b.chars)
        or any(frozenset((x, y)) not in _DISJOINT_CATEGORIES for x in a.categories for y in b.categories)
    )


def _items(seq: Any) -> Any:
    """The nodes of a sequence in order, groups opened and nodes that match no characters left out."""
    for op, av in seq:
        if op is _sre.SUBPATTERN:
            yield from _items(av[3])
        elif op not in _ZERO_WIDTH:
            yield op, av


def _sequences(seq: Any) -> Any:
    """Every sequence of nodes in the parse tree: the pattern, then the inside of each group, repeat, etc."""
    yield seq
    for op, av in seq:
        for child in _children(op, av):
            yield from _sequences(child)


def _adjacent_quantifiers(tree: Any) -> bool:
    """Whether two quantifiers that can give back characters stand side by side (``\\w*\\w*``, ``(a+)a+``)
    and can match a common character, so that they can trade it."""
    for seq in _sequences(tree):
        follows = False  # the node before is a quantifier that can give back characters
        before: list[_Chars] | None = None  # what that quantifier matches (None: any character)
        for op, av in _items(seq):
            if op in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and av[0] != av[1] and av[1] > 1:
                chars = _body_chars(av[2])
                if follows and (before is None or chars is None or any(_overlap(x, y) for x in before for y in chars)):
                    return True
                follows, before = True, chars
            else:
                follows = False
    return False


def regex_hazard(pattern: str) -> str:
    """Why matching ``pattern`` can backtrack catastrophically, or why it is invalid ('' when neither), from its
    parse tree.

    Refused: nested quantifiers (a quantifier that repeats more than once over a part holding another
    variable quantifier: ``(a+)+``, ``(\\w+\\s?)*``, ``(a?){30}``), a repeated group whose alternatives can
    start with the same character or match nothing (``(a|a)*``, ``(a|ab)+``, ``(a|)+``) and
    backreferences; more than :data:`MAX_BACKTRACKING_QUANTIFIERS` quantifiers that can trade
    characters (``a*a*a*b``: polynomial); and two such quantifiers side by side that can match a common
    character (``\\w*\\w*``, ``a+a+``, ``[a-z]+\\w+``, ``.*.*``: quadratic; groups are opened and anchors
    and lookarounds skipped to find neighbours, so ``(\\w*)\\w*`` is refused too). Possessive quantifiers
    and atomic groups (Python 3.11+: ``a++``, ``(?>...)``) are never backtracked into, so ``(a++)+``,
    ``(?>a|ab)+`` and ``\\w*+\\w*`` are accepted. The check is conservative: it refuses a few safe patterns
    (``(ab*)+``), never accepts one of the forms above. Two quantifiers apart (``a*ba*c``) are accepted:
    quadratic in the token's length, which :data:`MAX_REGEX_TOKEN_CHARS` bounds.
    """
    with warnings.catch_warnings():
        warnings.simplefilter("error", FutureWarning)  # "Possible nested set": syntax a later Python reads otherwise
        try:
            tree = _sre_parse.parse(pattern)
            re.compile(pattern)
        except re.error as exc:
            return f"invalid regex {pattern!r}: {exc}"
        except FutureWarning as exc:
            return f"invalid regex {pattern!r}: {exc}; escape '[', '-', '&', '~' or '|' inside the set"
        except RecursionError:
            return f"invalid regex {pattern!r}: nested too deeply"
    scopes = [tree]  # the whole pattern, then each atomic part (possessive repeat, atomic group, lookaround)
    while scopes:
        nodes = list(_exposed(scopes.pop()))
        loose = [a for o, a in nodes if o in (_sre.MAX_REPEAT, _sre.MIN_REPEAT) and a[0] != a[1] and a[1] > 1]
        if len(loose) > MAX_BACKTRACKING_QUANTIFIERS:
            return MANY_QUANTIFIERS.format(n=len(loose), max=MAX_BACKTRACKING_QUANTIFIERS)
        for op, av in nodes:
            if op in _BACKREFS:
                return BACKREFERENCES
            if op in _REPEATS and av[1] > 1:
                body = list(_exposed(av[2]))
                if any(o in _REPEATS and o is not _sre.POSSESSIVE_REPEAT and a[0] != a[1] for o, a in body):
                    return NESTED_QUANTIFIERS
                if any(_ambiguous(o, a) for o, a in body):
                    return AMBIGUOUS_ALTERNATIVES
            if op in _ATOMIC:
                scopes.extend(_children(op, av))
    if _adjacent_quantifiers(tree):
        return ADJACENT_QUANTIFIERS
    return ""


def _negator(
    text: str, starts: Sequence[int] | np.ndarray, ends: Sequence[int] | np.ndarray, i: int, first: int = 0
) -> str:
    """The negator of a match starting at token ``i`` ('' if none): one of :data:`NEGATORS` or a ``n't``
    contraction among the :data:`NEGATION_WINDOW` tokens before it, with no clause punctuation in between.
    Tokens are ``text[starts[k]:ends[k]]``; the search does not go before token ``first``."""
    for k in range(i - 1, max(first - 1, i - 1 - NEGATION_WINDOW), -1):
        if _CLAUSE_PUNCT.search(text[ends[k] : starts[k + 1]]):
            return ""
        tok = text[starts[k] : ends[k]].casefold()
        if tok in NEGATORS:
            return text[starts[k] : ends[k]]
        if tok == "t" and k > first and text[starts[k - 1] : ends[k - 1]].casefold().endswith("n"):
            if _normalise_sep(text[ends[k - 1] : starts[k]]) == "'":
                return text[starts[k - 1] : ends[k]]
    return ""


# ------------------------------------------------------------------------------------------------ loading
def bundled_lexicons() -> list[str]:
    """Names of the lexicons that ship with the package."""
    folder = resources.files("framing").joinpath("data/lexicons")
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_lexicon(source: str | Path | Lexicon) -> Lexicon:
    """Load a lexicon: a bundled name (``"urw_frames"``) or a file path.

    Files are read by their suffix: ``.yaml``/``.yml`` (this toolkit's format, or a quanteda dictionary
    YAML), ``.dic`` (LIWC 2007 and 2015 layouts), ``.cat`` (WordStat), ``.csv``/``.tsv`` (term, category
    [, weight]); see :mod:`framing.formats`. An unknown suffix is an error, not a guess. Raises
    :class:`~framing.errors.LexiconError` naming file and line for malformed content.
    """
    if isinstance(source, Lexicon):
        return source
    name = str(source)
    if name in bundled_lexicons():
        text = resources.files("framing").joinpath(f"data/lexicons/{name}.yaml").read_text(encoding="utf-8")
        return parse_lexicon(text, f"framing/data/lexicons/{name}.yaml")
    path = Path(source)
    if not path.is_file():
        raise LexiconError("F202", name=name, bundled=", ".join(bundled_lexicons()))
    from .formats import read_lexicon_file

    return read_lexicon_file(path)


def parse_entry(
    pattern: str,
    category: str,
    weight: float = 1.0,
    line: int = 0,
    value_type: str = "glob",
    *,
    where: str | None = None,
) -> Entry | None:
    """Split an entry into token patterns and separators; None if it can match no token.

    ``glob``: tokens are runs of word characters, ``*`` and ``?``; ``fixed``: runs of word characters;
    ``regex``: white-space separated parts, each a regular expression for one token. An entry of more than
    :data:`MAX_ENTRY_TOKENS` tokens raises :class:`~framing.errors.LexiconError`: [F201] naming the file
    ``where`` and ``line`` when ``where`` is given (a reader), else [F211].
    """
    text = pattern.strip()
    if value_type == "regex":
        parts = text.split()
        if not parts:
            return None
        entry = Entry(text, category, tuple(parts), (" ",) * (len(parts) - 1), float(weight), line, "regex")
    else:
        rx = _GLOB_TOKEN if value_type == "glob" else WORD_RE
        found = list(rx.finditer(text))
        if not found or not any(WORD_RE.search(p.group()) or value_type == "glob" for p in found):
            return None
        tokens = tuple(p.group() for p in found)
        seps = tuple(_normalise_sep(text[a.end() : b.start()]) for a, b in itertools.pairwise(found))
        entry = Entry(text, category, tokens, seps, float(weight), line, value_type)
    if len(entry.tokens) > MAX_ENTRY_TOKENS:
        if where is not None:
            detail = f"category {category!r}: entry {_short(text)!r}: {_too_long(entry)}"
            raise LexiconError("F201", path=where, line=line, detail=detail)
        raise LexiconError("F211", pattern=_short(text), category=category, reason=_too_long(entry))
    return entry


def _too_long(entry: Entry) -> str:
    return (
        f"{len(entry.tokens)} tokens, more than {MAX_ENTRY_TOKENS} (MAX_ENTRY_TOKENS: a phrase that long "
        "costs matching time on every token of the text); shorten it or split it into several entries"
    )


def _short(pattern: str, limit: int = 60) -> str:
    """``pattern`` cut to ``limit`` characters for a message (a 20,000-word entry is not quoted whole)."""
    return pattern if len(pattern) <= limit else pattern[: limit - 1] + "…"


def entry_problem(entry: Entry) -> str:
    """Why ``entry`` cannot match as written ('' when it can): characters outside tokens, bad regex."""
    if entry.value_type == "regex":
        if len(entry.pattern) > MAX_REGEX_LENGTH:
            return f"regex longer than {MAX_REGEX_LENGTH} characters"
        for part in entry.tokens:
            if hazard := regex_hazard(part):
                return hazard if hazard.startswith("invalid regex") else f"unsafe regex {part!r}: {hazard}"
        return ""
    rx = _GLOB_TOKEN if entry.value_type == "glob" else WORD_RE
    covered = "".join(m.group() for m in rx.finditer(entry.pattern))
    if not covered:
        return "no word characters"
    lead, trail = re.match(r"^\W*", entry.pattern), re.search(r"\W*$", entry.pattern)
    assert lead is not None and trail is not None  # both match the empty string
    edges = lead.group() + trail.group()
    edges = edges.replace("*", "").replace("?", "") if entry.value_type == "glob" else edges
    if edges.strip():
        return f"characters {edges.strip()!r} at its ends are not part of any word token and are ignored"
    return ""


def parse_lexicon(text: str, where: str = "<string>") -> Lexicon:
    """Parse and validate lexicon YAML ``text`` (this toolkit's format); ``where`` names the file in errors."""

    def fail(line: int, detail: str) -> LexiconError:
        return LexiconError("F201", path=where, line=line, detail=detail)

    try:
        data, line_of = load_yaml(text)
    except yaml.YAMLError as exc:
        raise LexiconError(
            "F203", path=where, line=error_line(exc), reason=getattr(exc, "problem", None) or exc
        ) from None
    if not isinstance(data, Mapping):
        raise fail(1, "a lexicon file must be a mapping with 'name' and 'categories'")
    for key in data:
        if key not in _TOP_KEYS:
            raise fail(line_of((key,)), f"unknown key {key!r} (allowed: {', '.join(sorted(_TOP_KEYS))})")
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        raise fail(1, "missing 'name' (a non-empty string)")
    if not isinstance(data.get("categories"), Mapping) or not data["categories"]:
        raise fail(line_of(("categories",)), "'categories' must be a non-empty mapping")
    default_type = data.get("valuetype", "glob")
    if default_type not in VALUE_TYPES:
        raise fail(line_of(("valuetype",)), f"valuetype must be one of {VALUE_TYPES}, not {default_type!r}")
    case_sensitive = data.get("case_sensitive", False)
    if not isinstance(case_sensitive, bool):
        raise fail(line_of(("case_sensitive",)), "case_sensitive must be true or false")
    categories: list[Category] = []

    def walk(spec_map: Mapping[str, Any], path: tuple[Any, ...], prefix: str) -> None:
        for cname, spec in spec_map.items():
            here = (*path, cname)
            if not isinstance(cname, str) or not re.fullmatch(r"[\w-]+", cname):
                raise fail(line_of(here), f"category name {cname!r} must be letters, digits, '_' or '-'")
            full = f"{prefix}{cname}"
            if not isinstance(spec, Mapping):
                raise fail(line_of(here), f"category {full!r} must be a mapping with 'entries'")
            for key in spec:
                if key not in _CAT_KEYS:
                    raise fail(
                        line_of((*here, key)),
                        f"category {full!r}: unknown key {key!r} (allowed: {', '.join(sorted(_CAT_KEYS))})",
                    )
            sponsor = spec.get("sponsor") or []
            sponsor = [sponsor] if isinstance(sponsor, str) else sponsor
            if not isinstance(sponsor, list) or not all(isinstance(s, str) and s for s in sponsor):
                raise fail(
                    line_of((*here, "sponsor")), f"category {full!r}: sponsor must be an actor id or a list of them"
                )
            function = spec.get("function")
            if function is not None and function not in FUNCTIONS:
                raise fail(
                    line_of((*here, "function")),
                    f"category {full!r}: function must be one of {FUNCTIONS}, not {function!r}",
                )
            raw_entries = spec.get("entries") or []
            if not isinstance(raw_entries, list):
                raise fail(line_of((*here, "entries")), f"category {full!r}: entries must be a list")
            if not raw_entries and not spec.get("categories"):
                raise fail(line_of(here), f"category {full!r} has no entries; remove it or add entries")
            entries: list[Entry] = []
            seen: dict[tuple, int] = {}
            for i, raw in enumerate(raw_entries):
                line = line_of((*here, "entries", i))
                weight: Any = 1.0
                value_type = default_type
                if isinstance(raw, Mapping):
                    if set(raw) - _ENTRY_KEYS or "pattern" not in raw:
                        raise fail(
                            line,
                            f"category {full!r}: an entry mapping needs 'pattern' and may have 'weight', 'valuetype'",
                        )
                    raw, weight, value_type = raw["pattern"], raw.get("weight", 1.0), raw.get("valuetype", default_type)
                if not isinstance(raw, str) or not raw.strip():
                    raise fail(line, f"category {full!r}: entry {raw!r} must be a non-empty string")
                if isinstance(weight, bool) or not isinstance(weight, int | float) or weight != weight:
                    raise fail(line, f"category {full!r}: weight of {raw!r} must be a number")
                if value_type not in VALUE_TYPES:
                    raise fail(line, f"category {full!r}: valuetype of {raw!r} must be one of {VALUE_TYPES}")
                entry = parse_entry(raw, full, weight, line, value_type, where=where)
                if entry is None:
                    raise LexiconError("F205", path=where, line=line, entry=raw)
                if entry.value_type == "regex" and (problem := entry_problem(entry)):
                    raise fail(line, f"category {full!r}: entry {raw!r}: {problem}")
                if entry.key in seen:
                    raise fail(line, f"category {full!r}: entry {raw!r} duplicates the entry on line {seen[entry.key]}")
                seen[entry.key] = line
                entries.append(entry)
            if entries:
                categories.append(
                    Category(
                        full,
                        tuple(entries),
                        tuple(sponsor),
                        function,
                        str(spec.get("description") or "").strip(),
                        str(spec.get("provenance") or spec.get("citation") or "").strip(),
                    )
                )
            if spec.get("categories"):
                if not isinstance(spec["categories"], Mapping):
                    raise fail(line_of((*here, "categories")), f"category {full!r}: 'categories' must be a mapping")
                walk(spec["categories"], (*here, "categories"), f"{full}.")

    walk(data["categories"], ("categories",), "")
    return Lexicon(
        categories,
        name=data["name"].strip(),
        version=str(data.get("version", "")),
        license=str(data.get("license", "")),
        description=str(data.get("description", "")).strip(),
        citation=str(data.get("citation", "")).strip(),
        case_sensitive=case_sensitive,
        source=where,
    )


def to_yaml(lexicon: Lexicon) -> str:
    """Write ``lexicon`` in this toolkit's YAML format (nested categories as dotted names are nested back).

    Everything the model holds is written: metadata, sponsor, function, description, provenance, value
    types and weights, so ``parse_lexicon(to_yaml(lx))`` gives an equal lexicon (same ``sha256``).
    """
    root: dict[str, Any] = {}
    for cat in lexicon.categories.values():
        node = root
        parts = cat.name.split(".")
        for part in parts[:-1]:
            node = node.setdefault(part, {}).setdefault("categories", {})
        spec = node.setdefault(parts[-1], {})
        if cat.description:
            spec["description"] = cat.description
        if cat.sponsor:
            spec["sponsor"] = list(cat.sponsor)
        if cat.function:
            spec["function"] = cat.function
        if cat.provenance:
            spec["provenance"] = cat.provenance
        entries: list[str | dict[str, Any]] = []
        for e in cat.entries:
            if e.weight == 1.0 and e.value_type == "glob":
                entries.append(e.pattern)
            else:
                item: dict[str, Any] = {"pattern": e.pattern}
                if e.weight != 1.0:
                    item["weight"] = e.weight
                if e.value_type != "glob":
                    item["valuetype"] = e.value_type
                entries.append(item)
        spec["entries"] = entries
        # keep child categories after this category's own keys
        if "categories" in spec:
            spec["categories"] = spec.pop("categories")
    doc: dict[str, Any] = {"name": lexicon.name}
    for key in ("version", "license", "description", "citation"):
        if getattr(lexicon, key):
            doc[key] = getattr(lexicon, key)
    if lexicon.case_sensitive:
        doc["case_sensitive"] = True
    doc["categories"] = root
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)
