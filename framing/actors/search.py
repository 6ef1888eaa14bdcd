"""Fast whole-word search for the fixed word lists of attribution: actor aliases (with titles) and
reporting verbs.

A regular-expression alternation of hundreds of phrases (``(?<!\\w)(?:A|B|…)(?!\\w)``) is tried at every
character of a text: that was most of attribution's time. Both searches here cut the text into ``\\w+``
runs once and look the runs up in a dictionary, and give the same matches as the alternation:

* :class:`AliasSearch` is ``(?<!\\w)(?P<full>(?:(?:T1|T2|…)\\s+)*(?P<alias>A1|A2|…))(?!\\w)`` (titles
  before an alias, both alternations longest first): a match can only begin at a run equal to the first
  word of a title or an alias, and there only the titles and aliases with that first word can match
  first, so only those are tried, in the alternation's order.
* :class:`WordFinder` finds the words of a set case-insensitively, as ``re.IGNORECASE`` does: an ASCII
  run by its lower case in a set, any other run (``ſaid`` matches ``said`` under ``re.IGNORECASE``) by the
  alternation itself.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

__all__ = ["AliasSearch", "WordFinder"]

_WORD = re.compile(r"\w+")


def _alternation(phrases: Iterable[str]) -> str:
    return "|".join(map(re.escape, phrases))


def _first_word(phrase: str) -> str:
    """The run of word characters a phrase begins with; ``""`` when it begins with another character."""
    m = _WORD.match(phrase)
    return m.group() if m is not None else ""


class AliasSearch:
    """Aliases, optionally preceded by titles, as whole words and case-sensitively, longest first.

    The regular expressions are :attr:`pattern` (titles allowed) and :attr:`bare` (aliases only);
    :meth:`search` and :meth:`search_bare` give their ``search`` results, trying them only where a title or
    an alias can begin (see the module docstring).

    Parameters
    ----------
    aliases : iterable of str
        The aliases (at least one).
    titles : iterable of str
        The titles that may precede an alias, each followed by white space.
    """

    def __init__(self, aliases: Iterable[str], titles: Iterable[str] = ()) -> None:
        self.aliases = sorted(set(aliases), key=lambda s: (-len(s), s))
        self.titles = sorted(set(titles), key=lambda s: (-len(s), s))
        title_part = f"(?:(?:{_alternation(self.titles)})\\s+)*" if self.titles else ""
        #: The whole search as one regular expression (what :meth:`search` finds).
        self.pattern = re.compile(rf"(?<!\w)(?P<full>{title_part}(?P<alias>{_alternation(self.aliases)}))(?!\w)")
        #: The aliases alone as one regular expression (what :meth:`search_bare` finds).
        self.bare = re.compile(rf"(?<!\w)(?:{_alternation(self.aliases)})(?!\w)")
        # after a title: more titles, then an alias (the white space after the title included, so that the
        # regular expression backtracks into it as the whole pattern would)
        self._after_title = re.compile(rf"\s+{title_part}(?P<alias>{_alternation(self.aliases)})(?!\w)")
        by_word: dict[str, tuple[list[str], list[str]]] = {}
        for title in self.titles:
            by_word.setdefault(_first_word(title), ([], []))[0].append(title)
        for alias in self.aliases:
            by_word.setdefault(_first_word(alias), ([], []))[1].append(alias)
        # per first word: its titles (in order), a quick test that one of them is followed by white space,
        # and its aliases as a whole-word alternation (in order)
        self._by_word = {
            word: (
                titles,
                re.compile(rf"(?:{_alternation(titles)})\s") if titles else None,
                re.compile(rf"(?<!\w)(?:{_alternation(aliases)})(?!\w)") if aliases else None,
            )
            for word, (titles, aliases) in by_word.items()
        }
        other = sorted(by_word.get("", ([], []))[0] + by_word.get("", ([], []))[1])
        self._other = re.compile(rf"(?<!\w)(?=(?:{_alternation(other)}))") if other else None

    def starts(self, text: str) -> list[tuple[int, str]]:
        """Where a match can begin in ``text``: ``(offset, first word)``, sorted; the first word is ``""``
        for a title or alias that begins with no word character."""
        by_word = self._by_word
        out = [(m.start(), m.group()) for m in _WORD.finditer(text) if m.group() in by_word]
        if self._other is not None:
            out = sorted(out + [(m.start(), "") for m in self._other.finditer(text)])
        return out

    def search(self, text: str, starts: list[tuple[int, str]], pos: int = 0) -> tuple[int, int, int, str] | None:
        """The first match of :attr:`pattern` at or after ``pos``: ``(start, alias start, end, alias)``.

        ``starts`` is ``self.starts(text)``.
        """
        for i in range(bisect.bisect_left(starts, (pos,)), len(starts)):
            p, word = starts[i]
            titles, titled, bare = self._by_word[word]
            if titled is not None and titled.match(text, p) is not None:
                for title in titles:  # the titles' order, as the alternation tries them
                    if text.startswith(title, p):
                        m = self._after_title.match(text, p + len(title))
                        if m is not None:
                            return p, m.start("alias"), m.end(), m.group("alias")
            m = bare.match(text, p) if bare is not None else None
            if m is not None:
                return p, p, m.end(), m.group()
        return None

    def search_bare(self, text: str, starts: list[tuple[int, str]], pos: int = 0) -> tuple[int, int, str] | None:
        """The first match of :attr:`bare` at or after ``pos``: ``(start, end, alias)``."""
        for i in range(bisect.bisect_left(starts, (pos,)), len(starts)):
            p, word = starts[i]
            bare = self._by_word[word][2]
            m = bare.match(text, p) if bare is not None else None
            if m is not None:
                return p, m.end(), m.group()
        return None


class WordFinder:
    """Whole-word, case-insensitive search for a set of words: a faster ``re.finditer`` of
    ``(?<!\\w)(?:w1|w2|…)(?!\\w)`` with ``re.IGNORECASE``, longest alternative first, with the same matches.

    Parameters
    ----------
    words : iterable of str
        The words (any case; none: no match). When one is not a single run of ASCII letters, digits or
        ``_`` (``point out``, ``déclarer``), every search uses the alternation itself.
    """

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(w.lower() for w in words)
        alternatives = "|".join(sorted(map(re.escape, self.words), key=lambda v: (-len(v), v)))
        # no words: a pattern that never matches (an empty alternation would match between two non-words)
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)" if self.words else "(?!)", re.IGNORECASE)
        self._by_lookup = all(w.isascii() and _WORD.fullmatch(w) for w in self.words)

    def finditer(self, text: str) -> Iterator[re.Match[str]]:
        """The matches in ``text``, left to right, as :meth:`re.Pattern.finditer` gives them."""
        if not self._by_lookup:
            yield from self.pattern.finditer(text)
            return
        words, fullmatch = self.words, self.pattern.fullmatch
        for m in _WORD.finditer(text):
            word = m.group()
            # an ASCII word matches its lower case exactly; a non-ASCII one may match through Unicode case
            # folding (the long s, the Kelvin sign, the dotless i), which the pattern itself decides
            if (word.lower() in words) if word.isascii() else (fullmatch(word) is not None):
                yield m
