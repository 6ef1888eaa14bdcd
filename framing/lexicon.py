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
"""

from __future__ import annotations

import hashlib
import itertools
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ._text import WORD_RE
from ._yaml import error_line, load_yaml
from .errors import LexiconError

__all__ = ["Category", "Entry", "Lexicon", "LexiconMatch", "bundled_lexicons", "load_lexicon", "parse_lexicon"]

FUNCTIONS = ("problem", "cause", "moral", "remedy")
#: Words that negate a following match. ``without`` is deliberately absent: it is part of framing phrases
#: ("talks without preconditions") far more often than a negation of one.
NEGATORS = frozenset({"not", "no", "never", "neither", "nor", "cannot", "nobody", "nothing", "none"})
#: How many tokens before a match a negator may stand (Hutto & Gilbert's VADER uses three).
NEGATION_WINDOW = 3
_CLAUSE_PUNCT = re.compile(r"[,;:.!?]")
_ENTRY_TOKEN = re.compile(r"[\w*?]+")
_TOP_KEYS = {"name", "version", "license", "description", "citation", "categories"}
_CAT_KEYS = {"description", "sponsor", "function", "provenance", "citation", "entries", "categories"}


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry: its pattern as written, its tokens, the separators between them, and a weight."""

    pattern: str
    category: str
    tokens: tuple[str, ...]
    separators: tuple[str, ...]
    weight: float = 1.0
    line: int = 0

    @property
    def is_glob(self) -> bool:
        return any(ch in t for t in self.tokens for ch in "*?")


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
    """A validated lexicon. Read one with :func:`load_lexicon`; match with :meth:`find`."""

    def __init__(
        self,
        categories: Iterable[Category],
        *,
        name: str,
        version: str = "",
        license: str = "",
        description: str = "",
        source: str = "<memory>",
        sha256: str = "",
    ) -> None:
        self.categories: dict[str, Category] = {c.name: c for c in sorted(categories, key=lambda c: c.name)}
        self.name, self.version, self.license, self.description = name, version, license, description
        self.source, self.sha256 = source, sha256

    def __repr__(self) -> str:
        n = sum(len(c.entries) for c in self.categories.values())
        return f"Lexicon(name={self.name!r}, version={self.version!r}, categories={len(self.categories)}, entries={n})"

    def __len__(self) -> int:
        return len(self.categories)

    @property
    def category_names(self) -> list[str]:
        """Category names, sorted."""
        return list(self.categories)

    def sponsor_of(self, category: str) -> tuple[str, ...]:
        return self.categories[category].sponsor

    @cached_property
    def _index(self) -> tuple[dict[str, list[Entry]], list[tuple[re.Pattern[str], Entry]]]:
        literal: dict[str, list[Entry]] = {}
        wild_first: list[tuple[re.Pattern[str], Entry]] = []
        for cat in self.categories.values():
            for e in cat.entries:
                first = e.tokens[0]
                if "*" in first or "?" in first:
                    wild_first.append((_glob_re(first), e))
                else:
                    literal.setdefault(first, []).append(e)
        return literal, wild_first

    def find(self, text: str, offset: int = 0) -> list[LexiconMatch]:
        """All matches in ``text`` under the documented semantics, sorted by (start, end, category)."""
        toks = [(m.start(), m.end(), m.group().casefold()) for m in WORD_RE.finditer(text)]
        literal, wild_first = self._index
        by_cat: dict[str, list[tuple[int, int, Entry]]] = {}
        for i, (_, _, tok) in enumerate(toks):
            cands = list(literal.get(tok, ()))
            cands.extend(e for rx, e in wild_first if rx.fullmatch(tok))
            for e in cands:
                j = _match_rest(text, toks, i, e)
                if j is not None:
                    by_cat.setdefault(e.category, []).append((i, j, e))
        out: list[LexiconMatch] = []
        for cat, spans in by_cat.items():
            spans.sort(key=lambda s: (s[0], -(s[1] - s[0]), s[2].pattern))
            taken_until = -1
            for i, j, e in spans:
                if i <= taken_until:
                    continue
                taken_until = j
                start, end = toks[i][0], toks[j][1]
                negator = _negator(text, toks, i)
                out.append(
                    LexiconMatch(
                        start + offset, end + offset, text[start:end], e.pattern, cat, e.weight, bool(negator), negator
                    )
                )
        out.sort(key=lambda m: (m.start, m.end, m.category, m.entry))
        return out


@lru_cache(maxsize=4096)
def _glob_re(token: str) -> re.Pattern[str]:
    """Compile a glob token: ``*`` is any run of word characters, ``?`` exactly one."""
    return re.compile("".join(r"\w*" if ch == "*" else r"\w" if ch == "?" else re.escape(ch) for ch in token))


def _token_ok(pattern: str, token: str) -> bool:
    if "*" in pattern or "?" in pattern:
        return _glob_re(pattern).fullmatch(token) is not None
    return pattern == token


def _match_rest(text: str, toks: list[tuple[int, int, str]], i: int, e: Entry) -> int | None:
    """Index of the last token of a match of ``e`` starting at token ``i``, or None."""
    j = i
    for k in range(1, len(e.tokens)):
        j = i + k
        if j >= len(toks) or not _token_ok(e.tokens[k], toks[j][2]):
            return None
        gap = text[toks[j - 1][1] : toks[j][0]]
        if _normalise_sep(gap) != e.separators[k - 1]:
            return None
    return j


def _negator(text: str, toks: list[tuple[int, int, str]], i: int) -> str:
    for k in range(i - 1, max(-1, i - 1 - NEGATION_WINDOW), -1):
        gap = text[toks[k][1] : toks[k + 1][0]]
        if _CLAUSE_PUNCT.search(gap):
            return ""
        tok = toks[k][2]
        if tok in NEGATORS:
            return text[toks[k][0] : toks[k][1]]
        if (
            tok == "t"
            and k > 0
            and toks[k - 1][2].endswith("n")
            and _normalise_sep(text[toks[k - 1][1] : toks[k][0]]) == "'"
        ):
            return text[toks[k - 1][0] : toks[k][1]]
    return ""


# ------------------------------------------------------------------------------------------------ loading
def bundled_lexicons() -> list[str]:
    """Names of the lexicons that ship with the package."""
    folder = resources.files("framing").joinpath("data/lexicons")
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_lexicon(source: str | Path) -> Lexicon:
    """Load a bundled lexicon by name (``"urw_frames"``) or a YAML lexicon file by path.

    Raises :class:`~framing.errors.LexiconError` naming file and line for malformed content.
    """
    name = str(source)
    if name in bundled_lexicons():
        text = resources.files("framing").joinpath(f"data/lexicons/{name}.yaml").read_text(encoding="utf-8")
        return parse_lexicon(text, f"framing/data/lexicons/{name}.yaml")
    path = Path(source)
    if not path.is_file():
        raise LexiconError("F202", name=name, bundled=", ".join(bundled_lexicons()))
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise LexiconError("F201", path=str(path), line=1, detail=f"not UTF-8 text ({exc.reason})") from None
    return parse_lexicon(text, str(path))


def parse_entry(pattern: str, category: str, weight: float = 1.0, line: int = 0) -> Entry | None:
    """Split an entry into tokens and separators; None if it has no word characters."""
    parts = list(_ENTRY_TOKEN.finditer(pattern.strip()))
    if not parts or not any(WORD_RE.search(p.group()) or set(p.group()) <= {"*", "?"} for p in parts):
        return None
    text = pattern.strip()
    tokens = tuple(p.group().casefold() for p in parts)
    seps = tuple(_normalise_sep(text[a.end() : b.start()]) for a, b in itertools.pairwise(parts))
    return Entry(text, category, tokens, seps, float(weight), line)


def parse_lexicon(text: str, where: str = "<string>") -> Lexicon:
    """Parse and validate lexicon YAML ``text``; ``where`` names the file in errors."""

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
            seen: dict[str, int] = {}
            for i, raw in enumerate(raw_entries):
                line = line_of((*here, "entries", i))
                weight: Any = 1.0
                if isinstance(raw, Mapping):
                    unknown = set(raw) - {"pattern", "weight"}
                    if unknown or "pattern" not in raw:
                        raise fail(line, f"category {full!r}: an entry mapping needs 'pattern' and may have 'weight'")
                    raw, weight = raw["pattern"], raw.get("weight", 1.0)
                if not isinstance(raw, str) or not raw.strip():
                    raise fail(line, f"category {full!r}: entry {raw!r} must be a non-empty string")
                if isinstance(weight, bool) or not isinstance(weight, int | float):
                    raise fail(line, f"category {full!r}: weight of {raw!r} must be a number")
                entry = parse_entry(raw, full, weight, line)
                if entry is None:
                    raise LexiconError("F205", path=where, line=line, entry=raw)
                key = " ".join(entry.tokens) + "|" + "|".join(entry.separators)
                if key in seen:
                    raise fail(line, f"category {full!r}: entry {raw!r} duplicates the entry on line {seen[key]}")
                seen[key] = line
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
        source=where,
        sha256=hashlib.sha256(text.encode("utf-8")).hexdigest(),
    )
