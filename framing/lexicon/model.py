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
* Negation: a match is flagged ``negated`` (with its ``negator`` as written) when

  - one of :data:`NEGATING_PREFIXES` (``non``, ``anti``, ``counter``, ``un``; not ``UN``, the United
    Nations) is joined to its first token by a hyphen (``-``, U+2010 or U+2011): ``counter-terrorism`` negates
    a ``terrorism`` entry, with negator ``counter-``. An entry that itself starts with the prefix
    (``anti-war``) is not negated by it. A prefix takes precedence over a negator word; or
  - the nearest of :data:`NEGATORS` (or a ``n't`` contraction) among the :data:`NEGATION_WINDOW` tokens
    before it, with no clause punctuation (``, ; : . ! ?``) in between, scopes over the match itself. It does
    not when one of :data:`SUBORDINATORS` stands between them (the cleft "It wasn't Russia that halted the
    negotiations" moves the blame, it does not deny it), nor one of :data:`NON_ACCEPTANCE_VERBS` ("will not
    recognise the illegal annexation", "never forget the war crimes": the frame is used, the acceptance is
    negated), nor when a ``no`` or ``never`` begins a condition (:data:`CONDITION_NEGATORS`: "no ceasefire
    without withdrawal", ``without`` among the three tokens after the match in its clause; "never again
    aggression").

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
from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cached_property
from typing import NamedTuple

from ..errors import LexiconError
from ..tokens import WORD_RE
from .regex_safety import regex_hazard
from .semantics import (
    GLOB_TOKEN,
    MAX_REGEX_LENGTH,
    check_overlap,
    find_negator,
    fold,
    match_rest,
    normalise_sep,
    resolve_overlaps,
    token_fits,
)

__all__ = [
    "FUNCTIONS",
    "MAX_ENTRY_TOKENS",
    "ROLES",
    "ROLE_SLOTS",
    "VALUE_TYPES",
    "Category",
    "Entry",
    "FirstTokenIndex",
    "Lexicon",
    "LexiconMatch",
    "entry_problem",
    "parse_entry",
]

FUNCTIONS = ("problem", "cause", "moral", "remedy")
#: The roles a frame casts its targets in (Frermann et al. 2023; SemEval-2025 Task 10's antagonist,
#: innocent, protagonist): ``none`` when the sentence does not settle it.
ROLES = ("villain", "victim", "hero", "none")
#: Where a target stands to the framed phrase (:mod:`framing.actors.targets` finds it): ``agent`` (the
#: subject of its clause, or named by ``by``: "Russia commits war crimes"), ``owner`` (possessive, adjective,
#: ``of``, a copula or ``as``: "Russia's aggression", "Russia is a terrorist state"), ``patient`` (the object,
#: or named by ``against``/``on``: "aggression against Ukraine", "sanctions against Russia"),
#: ``recipient`` (named by ``to``/``for``: "weapons to Ukraine") and ``party`` (``between``/``with``: "talks
#: with Russia").
ROLE_SLOTS = ("agent", "owner", "patient", "recipient", "party")
#: The role of each slot by Entman function when a category does not say (:meth:`Category.role`): who
#: defines a problem, causes it or is judged is its villain and the one it is done to or for its victim;
#: who carries out a remedy is its hero, the one it is aimed against its villain and the one it is for its
#: victim; the parties to it are not cast.
DEFAULT_ROLES: dict[str | None, dict[str, str]] = {
    **{
        f: {"agent": "villain", "owner": "villain", "patient": "victim", "recipient": "victim", "party": "none"}
        for f in ("problem", "cause", "moral")
    },
    "remedy": {"agent": "hero", "owner": "hero", "patient": "villain", "recipient": "victim", "party": "none"},
    None: dict.fromkeys(("agent", "owner", "patient", "recipient", "party"), "none"),
}
VALUE_TYPES = ("glob", "fixed", "regex")
#: Most tokens in one entry. Matching tries an entry at every token where its first token matches, so a
#: k-token entry costs up to k comparisons per token of text: a 20,000-word entry of one repeated word took
#: minutes on a page of that word. The longest entry of the eleven lexicons we read has 6 tokens ("ball is now
#: in the court"); the longest country names in newsmap 5. 20 leaves room for a quoted slogan or an official
#: title while keeping the cost at most 20 comparisons per token.
MAX_ENTRY_TOKENS = 20


@dataclass(frozen=True, slots=True)
class Entry:
    """One lexicon entry. Made by :func:`parse_entry` (which splits ``pattern`` into tokens and separators).

    Attributes
    ----------
    pattern : str
        The entry as written (stripped).
    category : str
        The (dotted) name of its category.
    tokens : tuple of str
        The per-token patterns.
    separators : tuple of str
        What must stand between consecutive tokens (one fewer than ``tokens``): ``" "`` for any white
        space, else the literal characters.
    weight : float, default 1.0
        The entry's weight (summed by ``value="weight"`` features).
    line : int, default 0
        The line of the file it was read from (0: not read from a file).
    value_type : {"glob", "fixed", "regex"}, default "glob"
        ``glob``: ``*``/``?`` wildcards inside a token; ``fixed``: literal; ``regex``: each white-space
        separated part is a regular expression that must match one whole token.
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
    """A framing category: name (dotted when nested), entries and metadata.

    Attributes
    ----------
    name : str
        The category's name; nested categories are dotted (``remedy.ceasefire``).
    entries : tuple of Entry
        Its entries, in file order.
    sponsor : tuple of str, default ()
        The ids of the actors whose frame this is.
    function : {"problem", "cause", "moral", "remedy"} or None, default None
        Entman's framing function (one of :data:`FUNCTIONS`).
    description : str, default ""
        What the category measures.
    provenance : str, default ""
        Where its entries come from.
    roles : tuple of (str, str), default ()
        The role (one of :data:`ROLES`) of a target in each slot (one of :data:`ROLE_SLOTS`) where it differs
        from the default of the category's function (:data:`DEFAULT_ROLES`): ``sovereignty`` is a moral
        frame whose owner ("Ukraine's sovereignty") is its victim, not its villain.
    """

    name: str
    entries: tuple[Entry, ...]
    sponsor: tuple[str, ...] = ()
    function: str | None = None
    description: str = ""
    provenance: str = ""
    roles: tuple[tuple[str, str], ...] = ()

    def role(self, slot: str) -> str:
        """The role of a target in ``slot`` (one of :data:`ROLE_SLOTS`): the category's own, else the
        default of its function (:data:`DEFAULT_ROLES`)."""
        return dict(self.roles).get(slot) or DEFAULT_ROLES[self.function][slot]


@dataclass(frozen=True, slots=True)
class LexiconMatch:
    """One match in a text, as :meth:`Lexicon.find` reports it.

    Attributes
    ----------
    start, end : int
        Character offsets of the match in the text, plus the ``offset`` given to :meth:`Lexicon.find`.
    text : str
        The matched text.
    entry : str
        The pattern of the entry that matched.
    category : str
        The entry's category.
    weight : float
        The entry's weight.
    negated : bool
        Whether a negator scopes over the match (a negating prefix or a negator word; see the module
        docstring).
    negator : str, default ""
        The negating word or prefix as written ('' when not negated).
    """

    start: int
    end: int
    text: str
    entry: str
    category: str
    weight: float
    negated: bool
    negator: str = ""


class FirstTokenIndex(NamedTuple):
    """A lexicon's entries by their first token (:attr:`Lexicon.first_token_index`)."""

    literal: dict[str, list[Entry]]  # folded literal first token -> entries
    prefix: dict[str, list[Entry]]  # folded prefix of a ``prefix*`` first token -> entries
    prefix_lengths: tuple[int, ...]  # the lengths of those prefixes, ascending
    scan: list[Entry]  # entries whose first token is another glob or a regex: tried on every token


class Lexicon:
    """A validated lexicon. Read one with :func:`load_lexicon`; match with :meth:`find`.

    Parameters
    ----------
    categories : iterable of Category
        The categories (kept sorted by name; names must be distinct).
    name : str
        The lexicon's name.
    version, license, description, citation : str, default ""
        Metadata, carried into outputs.
    case_sensitive : bool, default False
        Compare tokens as written instead of case-folded.
    source : str, default "<memory>"
        Where the lexicon was read from.

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

        Parameters
        ----------
        levels : int
            How many dotted levels to keep (1 or more).

        Returns
        -------
        Lexicon
            The rolled-up lexicon (its ``source`` says ``levels``).

        Raises
        ------
        LexiconError
            [F213] when ``levels`` is not a whole number of at least 1.
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
            roles = {c.roles for c in cats}
            head = self.categories.get(name)
            merged.append(
                Category(
                    name,
                    tuple(entries.values()),
                    tuple(sorted({s for c in cats for s in c.sponsor})),
                    functions.pop() if len(functions) == 1 else None,
                    head.description if head else "",
                    head.provenance if head else "",
                    roles.pop() if len(roles) == 1 else (),
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

    # The matching API the engine and the diagnostics share with :meth:`find` (see :mod:`.semantics`).
    def norm(self, token: str) -> str:
        """``token`` as this lexicon compares it: case-folded unless the lexicon is case-sensitive."""
        return fold(token, self.case_sensitive)

    def token_fits(self, entry: Entry, k: int, raw: str, norm: str) -> bool:
        """Whether a text token (``raw``; ``norm`` as :meth:`norm` gives it) fits token ``k`` of ``entry``."""
        return token_fits(entry, k, raw, norm, self.case_sensitive)

    @cached_property
    def first_token_index(self) -> FirstTokenIndex:
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
                prefix.setdefault(self.norm(first[:-1]), []).append(e)
            elif wild:
                scan.append(e)
            else:
                literal.setdefault(self.norm(first), []).append(e)
        return FirstTokenIndex(literal, prefix, tuple(sorted({len(p) for p in prefix})), scan)

    def first_token_candidates(self, norm: str) -> Iterable[Entry]:
        """Entries whose first token may fit a token folded to ``norm`` (globs and regexes still to check)."""
        literal, prefix, lengths, scan = self.first_token_index
        yield from literal.get(norm, ())
        for n in lengths:
            if n > len(norm):
                break
            yield from prefix.get(norm[:n], ())
        yield from scan

    def continuation_index(self) -> tuple[set[str], dict[str, int], list[tuple[Entry, int]]]:
        """What the second and later tokens of multiword entries can be: folded literal tokens, folded
        ``prefix*`` prefixes (prefix → length) and the rest as (entry, position), to be checked one by one."""
        literal: set[str] = set()
        prefix: dict[str, int] = {}
        scan: list[tuple[Entry, int]] = []
        for e in self.entries():
            for k, tok in enumerate(e.tokens[1:], 1):
                wild = e.value_type == "glob" and ("*" in tok or "?" in tok)
                if e.value_type == "regex" or (wild and not (tok.endswith("*") and "*" not in tok[:-1])):
                    scan.append((e, k))
                elif wild and "?" not in tok:
                    prefix[self.norm(tok[:-1])] = len(tok) - 1
                else:
                    literal.add(self.norm(tok))
        return literal, prefix, scan

    def find(
        self, text: str, offset: int = 0, *, overlap: str = "category", across_punctuation: bool = False
    ) -> list[LexiconMatch]:
        """All matches in ``text``, sorted by (start, end, category, entry).

        This is the reference implementation of the matching semantics, one text at a time;
        :class:`framing.lexicon.Matcher` gives the same matches for whole batches of texts, much faster, and
        is what :func:`framing.lexicon.match_table` and the vectoriser use.

        Parameters
        ----------
        text : str
            The text to match.
        offset : int, default 0
            Added to the ``start`` and ``end`` of every match (the text's place in a larger document).
        overlap : {"category", "global"}, default "category"
            ``"category"``: within a category the longest match wins, leftmost first; categories are
            independent. ``"global"``: the longest match wins across all categories, and a span is reported
            once for every category that has an entry matching exactly that span.
        across_punctuation : bool, default False
            Let a white-space separator in a multiword entry match any run of non-word characters (so
            ``peace talks`` matches ``peace. Talks``).

        Returns
        -------
        list of LexiconMatch
            The matches, negated ones included (flagged).

        Raises
        ------
        LexiconError
            [F212] for an unknown ``overlap``; [F210] for an unsafe regex entry, [F211] for an entry of
            too many tokens (entries built in code).
        """
        check_overlap(overlap)
        toks = [(m.start(), m.end(), m.group(), self.norm(m.group())) for m in WORD_RE.finditer(text)]
        cands: list[tuple[int, int, Entry]] = []
        for i, (_, _, raw, norm) in enumerate(toks):
            for e in self.first_token_candidates(norm):
                if e.value_type in ("regex", "glob") and not self.token_fits(e, 0, raw, norm):
                    continue
                j = match_rest(text, toks, i, e, across_punctuation, self.case_sensitive)
                if j is not None:
                    cands.append((i, j, e))
        cands.sort(key=lambda c: (c[0], -(c[1] - c[0]), c[2].category, c[2].pattern))
        out = []
        starts, ends = [t[0] for t in toks], [t[1] for t in toks]
        for i, j, e in resolve_overlaps(cands, overlap):
            start, end = toks[i][0], toks[j][1]
            negator = find_negator(text, starts, ends, i, j)
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


def parse_entry(
    pattern: str,
    category: str,
    weight: float = 1.0,
    line: int = 0,
    value_type: str = "glob",
    *,
    where: str | None = None,
) -> Entry | None:
    """Split an entry into token patterns and separators.

    Parameters
    ----------
    pattern : str
        The entry as written. ``glob``: tokens are runs of word characters, ``*`` and ``?``; ``fixed``: runs
        of word characters; ``regex``: white-space separated parts, each a regular expression for one token.
    category : str
        The name of its category.
    weight : float, default 1.0
        Its weight.
    line : int, default 0
        The line it was read from.
    value_type : {"glob", "fixed", "regex"}, default "glob"
        How ``pattern`` is read.
    where : str, optional
        The file it was read from (given by readers: errors then name file and line).

    Returns
    -------
    Entry or None
        The entry; None when it can match no token (no word characters, or an empty regex).

    Raises
    ------
    LexiconError
        For an entry of more than :data:`MAX_ENTRY_TOKENS` tokens: [F201] naming ``where`` and ``line`` when
        ``where`` is given, else [F211].
    """
    text = pattern.strip()
    if value_type == "regex":
        parts = text.split()
        if not parts:
            return None
        entry = Entry(text, category, tuple(parts), (" ",) * (len(parts) - 1), float(weight), line, "regex")
    else:
        rx = GLOB_TOKEN if value_type == "glob" else WORD_RE
        found = list(rx.finditer(text))
        if not found or not any(WORD_RE.search(p.group()) or value_type == "glob" for p in found):
            return None
        tokens = tuple(p.group() for p in found)
        seps = tuple(normalise_sep(text[a.end() : b.start()]) for a, b in itertools.pairwise(found))
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
    """Why ``entry`` cannot match as written.

    Parameters
    ----------
    entry : Entry
        The entry to check.

    Returns
    -------
    str
        '' when it matches as written; else the problem: characters at its ends that are outside every word
        token (and so ignored), no word characters, or a regex that is too long, invalid or unsafe
        (:func:`regex_hazard`).
    """
    if entry.value_type == "regex":
        if len(entry.pattern) > MAX_REGEX_LENGTH:
            return f"regex longer than {MAX_REGEX_LENGTH} characters"
        for part in entry.tokens:
            if hazard := regex_hazard(part):
                return hazard if hazard.startswith("invalid regex") else f"unsafe regex {part!r}: {hazard}"
        return ""
    rx = GLOB_TOKEN if entry.value_type == "glob" else WORD_RE
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
