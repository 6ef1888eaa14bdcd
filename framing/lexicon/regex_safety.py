"""Regex safety: whether a regex entry can backtrack catastrophically, read from its parse tree.

:func:`regex_hazard` walks the tree of CPython's own regex parser (the private ``re._parser`` and
``re._constants``, the one place the package uses them) and names the first form that can make matching a
token take exponential or high polynomial time: nested quantifiers, ambiguous alternatives under a repeat,
backreferences, too many quantifiers that trade characters, and adjacent quantifiers that can match the same
characters. The reader refuses such entries with file and line; a lexicon built in code gets [F210] when it
first matches (:func:`framing.lexicon.semantics.compiled_regex`).
"""

from __future__ import annotations

import re
import re._constants as _sre  # the regex parser's tree, walked to find patterns that backtrack catastrophically
import re._parser as _sre_parse
import warnings
from dataclasses import dataclass
from typing import Any

__all__ = ["regex_hazard"]

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
    quadratic in the token's length, which :data:`~framing.lexicon.MAX_REGEX_TOKEN_CHARS` bounds.

    Parameters
    ----------
    pattern : str
        A regular expression (one token's part of a ``regex`` entry).

    Returns
    -------
    str
        '' when the pattern is valid and safe; else ``"invalid regex ..."`` with the parser's message, or why
        it can backtrack catastrophically (and how to rewrite it).
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
