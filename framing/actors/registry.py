"""Actors: the registry of who can speak or be spoken about, and finding their mentions in passages.

An :class:`ActorRegistry` is loaded from YAML by :mod:`framing.actors.loading` (``load_actors()``: the bundled
registry, extended or replaced by your files).
Mentions are found with :meth:`ActorRegistry.find_mentions`:

* aliases match as whole words (Unicode word boundaries) and **case-sensitively**, because aliases are
  proper names (``US`` the country, not ``us`` the pronoun);
* a person's name may be preceded by titles, generic (``Former President``) or the person's own
  (``Russian President``): ``Russian President Vladimir Putin`` is one mention of ``putin``, not also a
  mention of ``russia``;
* aliases listed under ``places`` (capitals: Moscow, Kyiv, Washington …) are not mentions when a
  locative word stands right before them (``talks in Moscow``; see :data:`LOCATIVES`): there they name a
  venue, not the government;
* phrases listed under ``not_mentions`` (``South China Sea``, ``Budapest Memorandum``) are matched like
  aliases and then dropped, so the alias inside them (``China``, ``Budapest``) is not a mention;
* where aliases overlap, the longest match at the leftmost position wins (``Western European leaders``
  over ``European``), so every character belongs to at most one mention.

Who *speaks* in a passage is decided by :mod:`framing.actors.attribution`, which uses these mentions.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from .search import AliasSearch

__all__ = ["Actor", "ActorRegistry", "Mention", "Role", "slug"]

KINDS = ("person", "state", "organisation", "group", "voice")
PRONOUNS = ("he", "she", "they")
NARRATOR = "narrator"
#: Words before a place-name alias that make it a location, not the actor it stands for ("talks in Moscow",
#: "flew to Kyiv"); "Moscow said" or "Kyiv's position" stay mentions of the state.
LOCATIVES = frozenset(
    "in to from at near outside around into across through via inside within toward towards visit visited "
    "visiting visits arrived returned".split()
)


@dataclass(frozen=True, slots=True)
class Actor:
    """One actor: canonical id, kind, label, membership, aliases, titles and pronoun.

    Attributes
    ----------
    id : str
        The canonical id (lower-case letters, digits and ``_``: ``putin``).
    kind : str
        One of :data:`KINDS`: ``person``, ``state``, ``organisation``, ``group`` or ``voice``.
    label : str
        The name shown in outputs (default: the id).
    member_of : tuple of str
        The ids of the actors this one rolls up to (``putin`` → ``russia``).
    aliases : tuple of str
        The names that mention the actor, matched whole-word and case-sensitively.
    titles : tuple of str
        The actor's own titles, allowed before a person's name (``Russian President``).
    pronoun : str or None
        ``he``, ``she`` or ``they`` for a person a pronoun may refer to; ``None``: any person pronoun.
    """

    id: str
    kind: str
    label: str
    member_of: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    titles: tuple[str, ...] = ()
    pronoun: str | None = None


@dataclass(frozen=True, slots=True)
class Role:
    """A role description whose holder depends on the date (``the US President``).

    ``holders`` are ``(actor, from, to)`` with ISO dates (``to`` exclusive, ``""`` for open-ended);
    ``fallback`` is the actor a mention resolves to when the document has no date or no holder covers it
    (``None``: such a mention is not counted).

    Attributes
    ----------
    aliases : tuple of str
        The descriptions that name the role (``the US President``).
    holders : tuple of (str, str, str)
        ``(actor, from, to)``: who held the role when, ISO dates, ``to`` exclusive or ``""``.
    fallback : str or None
        The actor for an undated document or a date no holder covers; ``None``: no mention then.
    """

    aliases: tuple[str, ...]
    holders: tuple[tuple[str, str, str], ...]
    fallback: str | None = None

    def holder(self, date: str | None) -> str | None:
        """The actor holding the role on ``date`` (``YYYY-MM-DD`` or longer ISO), else the fallback."""
        if date:
            day = str(date)[:10]
            for actor, start, end in self.holders:
                if start <= day and (not end or day < end):
                    return actor
        return self.fallback


@dataclass(frozen=True, slots=True)
class Mention:
    """An actor mentioned at ``text[start:end]`` (offsets relative to the searched text plus its offset).

    ``rule`` says how the mention was resolved: ``alias``, ``title`` (a title before a name) or ``role``
    (a role description resolved by the document date).

    Attributes
    ----------
    actor : str
        The id of the actor mentioned.
    start, end : int
        The mention's offsets (in the document, when the searched text's offset was given).
    text : str
        The words matched, titles included.
    alias : str
        The alias (or role description) that matched.
    rule : str
        ``alias``, ``title`` or ``role``.
    """

    actor: str
    start: int
    end: int
    text: str
    alias: str
    rule: str = "alias"


#: Honorifics and suffixes around names in labels and metadata ("Mr. Vladimir Putin", "Joseph R. Biden, Jr").
_HONORIFIC = re.compile(r"^(?:(?:Mr|Mrs|Ms|Dr|H\.\s?E|Sir|Dame)\.?\s+)+|,?\s+(?:Jr|Sr)\.?$")
#: A middle initial ("Joseph R. Biden").
_INITIAL = re.compile(r"\s+[A-Z]\.\s+")


def slug(name: str) -> str:
    """An actor id for a name not in the registry.

    Parameters
    ----------
    name : str
        A person's name or a label.

    Returns
    -------
    str
        Its words in lower case (case-folded), joined by ``_`` (``Megyn Kelly`` → ``megyn_kelly``);
        ``unknown`` for a name without a word.
    """
    return "_".join(re.findall(r"\w+", name.casefold())) or "unknown"


class ActorRegistry:
    """A validated set of actors. Use :func:`load_actors` (or :func:`parse_actors`) to read one: the
    constructor does not validate.

    The narrator (:data:`NARRATOR`, the reporter's own voice) is always an actor.

    Parameters
    ----------
    actors : iterable of Actor
        The actors (kept sorted by id).
    titles : iterable of str
        Generic titles allowed before any person's name (``Former President``).
    name, version : str
        The registry's name and version, as its file gives them.
    source : str
        Where it was read from (several files joined by ``" + "``).
    sha256 : str
        SHA-256 of the file's text (UTF-8), or of several files' digests (see :mod:`framing.actors.loading`).
    roles : iterable of Role
        Role descriptions resolved by date.
    places : iterable of str
        Aliases that are not mentions after a locative word (``talks in Moscow``).
    not_mentions : iterable of str
        Phrases matched like aliases and dropped (``South China Sea``).
    """

    def __init__(
        self,
        actors: Iterable[Actor],
        *,
        titles: Iterable[str] = (),
        name: str = "actors",
        version: str = "",
        source: str = "<memory>",
        sha256: str = "",
        roles: Iterable[Role] = (),
        places: Iterable[str] = (),
        not_mentions: Iterable[str] = (),
    ) -> None:
        self.actors: dict[str, Actor] = {a.id: a for a in sorted(actors, key=lambda a: a.id)}
        self.titles = tuple(titles)
        self.roles = tuple(roles)
        self.places = frozenset(places)
        self.not_mentions = tuple(not_mentions)
        self.name, self.version, self.source, self.sha256 = name, version, source, sha256
        if NARRATOR not in self.actors:
            self.actors[NARRATOR] = Actor(NARRATOR, "voice", "Narrator (the reporter's own voice)")

    def __contains__(self, actor_id: object) -> bool:
        return actor_id in self.actors

    def __getitem__(self, actor_id: str) -> Actor:
        return self.actors[actor_id]

    def __len__(self) -> int:
        return len(self.actors)

    def __repr__(self) -> str:
        return f"ActorRegistry(name={self.name!r}, version={self.version!r}, actors={len(self.actors)})"

    def ancestors(self, actor_id: str) -> tuple[str, ...]:
        """All actors ``actor_id`` rolls up to, nearest first (breadth-first, each once)."""
        out: list[str] = []
        frontier = list(self.actors[actor_id].member_of)
        while frontier:
            nxt = frontier.pop(0)
            if nxt not in out:
                out.append(nxt)
                frontier.extend(self.actors[nxt].member_of)
        return tuple(out)

    @cached_property
    def _alias_map(self) -> dict[str, str | Role | None]:
        out: dict[str, str | Role | None] = {phrase: None for phrase in self.not_mentions}
        out.update({alias: role for role in self.roles for alias in role.aliases})
        # a role description may open a sentence: "The US President said" as well as "the US President"
        out.update({"T" + alias[1:]: role for role in self.roles for alias in role.aliases if alias.startswith("the ")})
        out.update({alias: a.id for a in self.actors.values() for alias in a.aliases})
        return out

    @cached_property
    def _name_pattern(self) -> re.Pattern[str]:
        return re.compile(rf"\s*{self._search.pattern.pattern}\s*" if self._search is not None else r"(?!)")

    def actor_for_label(self, label: str, date: str | None = None) -> str:
        """The actor id for a speaker label or metadata name: the registry actor it names, else its slug.

        Tolerates the forms transcripts use: any letter case (``Vladimir PUTIN``), parenthesised notes
        (``Jörg Schönenborn (retranslated)``), and kremlin.ru's repeated labels (``Defence Minister Sergei
        Shoigu Shoigu SergeiDefence Minister`` → the name ``Sergei Shoigu``). Unknown names keep their own
        id (``Megyn Kelly`` → ``megyn_kelly``).
        """
        clean = " ".join(re.sub(r"\([^)]*\)", " ", label).split())
        clean = _HONORIFIC.sub("", clean).strip(" ,")
        repeated = re.search(r"(?<!\w)([^\W\d_][\w'’-]*) ([^\W\d_][\w'’-]*) \2 \1", clean)
        candidates = [clean, clean.title(), _INITIAL.sub(" ", clean)]
        if repeated:
            name = f"{repeated.group(1)} {repeated.group(2)}"
            candidates += [name, clean[: repeated.start()] + name]
        for candidate in candidates:
            actor = self.resolve_name(candidate, date)
            if actor is not None:
                return actor
        return slug(f"{repeated.group(1)} {repeated.group(2)}" if repeated else clean)

    @staticmethod
    def _locative_before(text: str, start: int) -> bool:
        words = re.findall(r"\w+", text[max(0, start - 30) : start])
        return bool(words) and words[-1].casefold() in LOCATIVES

    def resolve_name(self, name: str, date: str | None = None) -> str | None:
        """The actor a whole name or label denotes (``President of Russia Vladimir Putin`` → ``putin``), or None.

        The name must consist of one mention only (titles allowed), as in transcript labels and metadata.
        """
        m = self._name_pattern.fullmatch(name)
        if m is None:
            return None
        target = self._alias_map[m.group("alias")]
        return target.holder(date) if isinstance(target, Role) else target  # None for a not-mention phrase

    @cached_property
    def _search(self) -> AliasSearch | None:
        """The search for aliases, not-mention phrases and role descriptions, after titles (generic or any
        actor's own; they attach to person names only, which find_mentions checks); None without aliases."""
        if not self._alias_map:
            return None
        return AliasSearch(self._alias_map, {*self.titles, *(t for a in self.actors.values() for t in a.titles)})

    def find_mentions(self, text: str, offset: int = 0, *, date: str | None = None) -> list[Mention]:
        """Every actor mention in ``text``, leftmost-longest, as :class:`Mention` with offsets + ``offset``.

        ``date`` (ISO) resolves role descriptions (``the US President``) to their holder on that day.
        """
        search = self._search
        if search is None:
            return []
        out: list[Mention] = []
        pos = 0
        starts = search.starts(text)  # where an alias or title can begin: the only places searched
        while True:
            m = search.search(text, starts, pos)
            if m is None:
                break
            start, alias_start, end, alias = m
            target = self._alias_map[alias]
            titled = start != alias_start
            if titled and (target is None or isinstance(target, Role) or self.actors[target].kind != "person"):
                # titles attach to person names only: match again from here without them
                m2 = search.search_bare(text, starts, start)
                assert m2 is not None  # the alias that search matched, at the latest
                start, end, alias = m2
                target, titled = self._alias_map[alias], False
            pos = end
            if target is None or (alias in self.places and self._locative_before(text, start)):
                continue
            if isinstance(target, Role):
                actor = target.holder(date)
                if actor is not None:
                    out.append(Mention(actor, start + offset, end + offset, text[start:end], alias, "role"))
                continue
            out.append(
                Mention(target, start + offset, end + offset, text[start:end], alias, "title" if titled else "alias")
            )
        return out
