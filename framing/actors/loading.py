"""Reading actor registries: the bundled one, your YAML files that extend or replace it, and their checks.

:func:`load_actors` reads the bundled registry (``framing/data/actors.yaml``) and then, in order, the files
you give; :func:`parse_actors` reads one registry from its text. Each file is first validated on its own
(keys, kinds, ids, dates, aliases), then merged onto what came before it:

* **extend** (the default): an actor with a new id is added. An actor whose id is already there
  **replaces** the earlier one as a whole: its fields are not merged with the earlier ones (an override
  lists every alias, title and ``member_of`` it keeps), and the aliases of the replaced actor are released.
  A role that shares an alias with an earlier role replaces it, likewise whole. ``titles``, ``places`` and
  ``not_mentions`` are added to the earlier ones.
* **replace** (``extend=False``; CLI ``--replace-actors``): the bundled registry is left out; the first file
  is the base and later files extend it.

After each file the merged registry is checked: an alias belongs to one actor or role and is no
``not_mentions`` phrase ([F303] names both claims with their file and line); ``member_of``, role holders
and fallbacks name actors of this file or an earlier one; each of the file's ``places`` is an alias (an
earlier place whose alias was released goes with it); membership does not loop.

**Alias checks.** Aliases match case-sensitively as proper names, so an alias that would match ordinary
prose is refused with [F304] (file and line): one without a letter (only digits, punctuation or symbols:
``2022``, ``--``), a single letter (``A``, ``I.``), or one made only of English function words
(``framing/data/stopwords.txt``) and reporting verbs (``framing/data/reporting_verbs.txt``) written in lower
case or capitalised (``the``, ``Us``, ``said``, ``of the``, ``May``). Upper-case acronyms (``US``, ``UN``)
and names with digits (``G7``) are accepted. A one-word alias all in lower case that is not such a word
(``kremlin``) is borderline, a common noun more often than a name: warning [W301]. The bundled registry
passes these checks.

**Provenance.** A registry read from one file has that file's ``name``, ``version`` and ``source`` and the
SHA-256 of its text. A combination has the files' names, versions and sources joined by ``" + "`` in order
(the bundled one first when extending; a file without ``version`` shows ``unversioned``) and, as
``sha256``, the SHA-256 of the files' hex digests, one a line in order: for UTF-8 files, ``sha256sum A B |
cut -d' ' -f1 | sha256sum``. ``run.json`` records these four.
"""

from __future__ import annotations

import hashlib
import itertools
import re
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import ActorRegistryError, ActorRegistryWarning
from ..files import decode, error_line, load_yaml
from .registry import KINDS, PRONOUNS, Actor, ActorRegistry, Role

__all__ = ["BUNDLED", "load_actors", "parse_actors"]

#: The bundled registry, as named in errors and in :attr:`ActorRegistry.source`.
BUNDLED = "framing/data/actors.yaml"
_ACTOR_KEYS = {"kind", "label", "member_of", "aliases", "titles", "pronoun", "description"}
_TOP_KEYS = {"name", "version", "description", "titles", "actors", "roles", "places", "not_mentions"}
_ROLE_KEYS = {"aliases", "holders", "fallback", "description"}
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Characters stripped from a word of an alias before it is compared with the common-word lists.
_WORD_PUNCTUATION = ".,;:!?'\"’()"


def load_actors(source: str | Path | Sequence[str | Path] | None = None, *, extend: bool = True) -> ActorRegistry:
    """Load the actor registry: the bundled one, extended (or replaced) by your YAML files.

    Parameters
    ----------
    source : str, Path, sequence of them, or None
        ``None`` or ``"default"``: the bundled registry (``framing/data/actors.yaml``). A path, or several
        applied in order: registry files that extend the bundled registry (see the module docstring: new
        actors are added, an actor with an id already there replaces it whole, ``titles``, ``places``,
        ``not_mentions`` and roles are added).
    extend : bool, default True
        ``False``: the files replace the bundled registry (the first is the base, later ones extend it).

    Returns
    -------
    ActorRegistry
        The validated registry; its ``name``, ``version``, ``source`` and ``sha256`` describe the files
        it was made of (see the module docstring).

    Raises
    ------
    ActorRegistryError
        [F302] when a file does not exist; [F301] naming file and line for any malformed part (not UTF-8,
        invalid YAML, a wrong key or value, an unknown actor); [F303] for an alias claimed twice, naming
        both places; [F304] for an alias that would match ordinary prose; [F305] for ``extend=False``
        without a file.
    """
    if source is None or (isinstance(source, str) and source == "default"):
        paths: list[str | Path] = []
    elif isinstance(source, str | Path):
        paths = [source]
    else:
        paths = list(source)
    if not extend and not paths:
        raise ActorRegistryError("F305")
    layers = [_bundled_layer()] if extend else []
    return _merge([*layers, *map(_read_file, paths)])


def parse_actors(text: str, where: str = "<string>") -> ActorRegistry:
    """Parse and validate the YAML ``text`` of one registry (on its own: the bundled one is not added).

    Parameters
    ----------
    text : str
        The YAML of a registry (``actors``, and optionally ``titles``, ``roles``, ``places``,
        ``not_mentions``, ``name``, ``version``, ``description``).
    where : str
        What names the text in errors and in :attr:`ActorRegistry.source`.

    Returns
    -------
    ActorRegistry
        The validated registry.

    Raises
    ------
    ActorRegistryError
        [F301] at the line of the first problem: invalid YAML, an unknown key, a malformed actor,
        membership of an unknown actor or a loop of memberships, a malformed role, a place that is not an
        alias; [F303] an alias of two actors or roles, or one that is also a ``not_mentions`` phrase;
        [F304] an alias that would match ordinary prose (see the module docstring).
    """
    return _merge([_read_layer(text, where)])


# ---------------------------------------------------------------------------------------- one file
@dataclass(frozen=True)
class _File:
    """Where a registry's text comes from, and the line of each of its YAML values."""

    where: str
    line_of: Callable[[tuple], int]

    def at(self, path: tuple) -> str:
        return f"{self.where}:{self.line_of(path)}"

    def fail(self, path: tuple | int, detail: str) -> ActorRegistryError:
        line = path if isinstance(path, int) else self.line_of(path)
        return ActorRegistryError("F301", path=self.where, line=line, detail=detail)


@dataclass(frozen=True)
class _Layer:
    """One registry file, validated on its own terms (references to other actors are checked on merging)."""

    file: _File
    sha256: str
    name: str
    version: str
    actors: tuple[Actor, ...]
    roles: tuple[Role, ...]
    titles: tuple[str, ...]
    places: tuple[str, ...]
    not_mentions: tuple[str, ...]


@lru_cache(maxsize=1)
def _bundled_layer() -> _Layer:
    """The bundled registry, read once (a layer is immutable)."""
    return _read_layer(resources.files("framing").joinpath("data/actors.yaml").read_text(encoding="utf-8"), BUNDLED)


def _read_file(source: str | Path) -> _Layer:
    path = Path(source)
    if not path.is_file():
        raise ActorRegistryError("F302", name=str(source), bundled="default")
    data = path.read_bytes()
    try:
        text = decode(data)
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ActorRegistryError(
            "F301", path=str(path), line=line, detail=f"not UTF-8 text ({exc.reason} at byte {exc.start})"
        ) from None
    return _read_layer(text, str(path))


def _read_layer(text: str, where: str) -> _Layer:
    """The validated content of one registry file (every check that needs no other file)."""
    try:
        data, line_of = load_yaml(text)
    except yaml.YAMLError as exc:
        raise ActorRegistryError(
            "F301", path=where, line=error_line(exc), detail=f"invalid YAML ({getattr(exc, 'problem', exc)})"
        ) from None
    file = _File(where, line_of)
    if not isinstance(data, Mapping) or not isinstance(data.get("actors"), Mapping):
        raise file.fail(1, "the file must be a mapping with an 'actors' mapping")
    for key in data:
        if key not in _TOP_KEYS:
            raise file.fail((key,), f"unknown key {key!r} (allowed: {', '.join(sorted(_TOP_KEYS))})")
    titles = _strings(data, "titles", file, "'titles' must be a list of non-empty strings")
    not_mentions = _strings(data, "not_mentions", file, "'not_mentions' must be a list of phrases")
    places = _strings(data, "places", file, "'places' must be a list of aliases")
    actors = tuple(_parse_actor(actor_id, spec, file) for actor_id, spec in data["actors"].items())
    roles = _parse_roles(data.get("roles"), file)
    for actor in actors:
        for i, alias in enumerate(actor.aliases):
            _check_alias(alias, f"actor {actor.id!r}", file, ("actors", actor.id, "aliases", i))
    for i, role in enumerate(roles):
        for j, alias in enumerate(role.aliases):
            _check_alias(alias, f"role {role.aliases[0]!r}", file, ("roles", i, "aliases", j))
    return _Layer(
        file,
        hashlib.sha256(text.encode("utf-8")).hexdigest(),
        str(data.get("name", "actors")),
        str(data.get("version", "")),
        actors,
        roles,
        titles,
        places,
        not_mentions,
    )


def _strings(data: Mapping, key: str, file: _File, message: str, here: tuple = ()) -> tuple[str, ...]:
    """The list of non-empty strings under ``key`` of ``data`` (at YAML path ``here``; none: empty), stripped."""
    value = data.get(key) or []
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
        raise file.fail((*here, key), message)
    return tuple(x.strip() for x in value)


def _parse_actor(actor_id: Any, spec: Any, file: _File) -> Actor:
    """The :class:`Actor` of one entry of ``actors``, validated (its ``member_of`` is checked on merging)."""
    here = ("actors", actor_id)
    if not isinstance(actor_id, str) or not re.fullmatch(r"[a-z][a-z0-9_]*", actor_id):
        raise file.fail(here, f"actor id {actor_id!r} must be lower-case letters, digits and '_'")
    if not isinstance(spec, Mapping):
        raise file.fail(here, f"actor {actor_id!r} must be a mapping")
    for key in spec:
        if key not in _ACTOR_KEYS:
            raise file.fail((*here, key), f"actor {actor_id!r}: unknown key {key!r}")
    kind = spec.get("kind")
    if kind not in KINDS:
        raise file.fail((*here, "kind"), f"actor {actor_id!r}: kind must be one of {KINDS}, not {kind!r}")
    label = spec.get("label")
    if label is not None and not isinstance(label, str):
        raise file.fail((*here, "label"), f"actor {actor_id!r}: label must be a string")
    lists = {}
    for key in ("member_of", "aliases", "titles"):
        lists[key] = _strings(spec, key, file, f"actor {actor_id!r}: {key} must be a list of non-empty strings", here)
    pronoun = spec.get("pronoun")
    if pronoun is not None and pronoun not in PRONOUNS:
        raise file.fail((*here, "pronoun"), f"actor {actor_id!r}: pronoun must be one of {PRONOUNS}")
    return Actor(actor_id, kind, str(label or actor_id), lists["member_of"], lists["aliases"], lists["titles"], pronoun)


def _parse_roles(raw: Any, file: _File) -> tuple[Role, ...]:
    """The validated ``roles`` list: aliases, holders with ISO dates that do not overlap, a fallback."""
    if raw is None:
        return ()
    if not isinstance(raw, list):
        raise file.fail(("roles",), "'roles' must be a list")
    roles = []
    for i, spec in enumerate(raw):
        here = ("roles", i)
        if not isinstance(spec, Mapping):
            raise file.fail(here, "a role must be a mapping with 'aliases' and 'holders'")
        for key in spec:
            if key not in _ROLE_KEYS:
                raise file.fail((*here, key), f"role: unknown key {key!r} (allowed: {', '.join(sorted(_ROLE_KEYS))})")
        aliases = spec.get("aliases")
        if not isinstance(aliases, list) or not aliases or not all(isinstance(a, str) and a.strip() for a in aliases):
            raise file.fail((*here, "aliases"), "role: aliases must be a non-empty list of strings")
        holders = _parse_holders(spec.get("holders") or [], file, here)
        fallback = spec.get("fallback")
        if fallback is not None and not isinstance(fallback, str):
            raise file.fail((*here, "fallback"), f"role fallback {fallback!r} is not an actor of this registry")
        if not holders and fallback is None:
            raise file.fail(here, "a role needs holders or a fallback")
        roles.append(Role(tuple(a.strip() for a in aliases), holders, fallback))
    return tuple(roles)


def _parse_holders(raw: Any, file: _File, here: tuple) -> tuple[tuple[str, str, str], ...]:
    """A role's ``(actor, from, to)`` holders, sorted by start, refusing dates that are not ISO or overlap."""
    if not isinstance(raw, list):
        raise file.fail((*here, "holders"), "role: holders must be a list of {actor, from, to} mappings")
    holders = []
    for j, h in enumerate(raw):
        where = (*here, "holders", j)
        if not isinstance(h, Mapping) or set(h) - {"actor", "from", "to"} or "actor" not in h or "from" not in h:
            raise file.fail(where, "role holder must be a mapping with 'actor', 'from' and optional 'to'")
        if not isinstance(h["actor"], str):
            raise file.fail(where, f"role holder {h['actor']!r} is not an actor of this registry")
        start, end = str(h["from"]), str(h.get("to") or "")
        if not _ISO_DATE.fullmatch(start) or (end and not _ISO_DATE.fullmatch(end)) or (end and end <= start):
            raise file.fail(where, f"role holder {h['actor']!r}: 'from'/'to' must be ISO dates (YYYY-MM-DD), from < to")
        holders.append((h["actor"], start, end))
    holders.sort(key=lambda h: h[1])
    for (a1, _, e1), (a2, s2, _) in itertools.pairwise(holders):
        if not e1 or e1 > s2:
            raise file.fail(here, f"role holders {a1!r} and {a2!r} overlap in time")
    return tuple(holders)


@lru_cache(maxsize=1)
def _common_words() -> frozenset[str]:
    """The shipped function words and reporting verbs, lower case (see the module docstring)."""
    words: set[str] = set()
    for name in ("stopwords.txt", "reporting_verbs.txt"):
        text = resources.files("framing").joinpath(f"data/{name}").read_text(encoding="utf-8")
        words.update(w.lower() for line in text.splitlines() if not line.startswith("#") for w in line.split())
    return frozenset(words)


def _check_alias(alias: str, owner: str, file: _File, path: tuple) -> None:
    """Refuse (F304) an alias that would match ordinary prose; warn (W301) about a lower-case word."""
    letters = sum(ch.isalpha() for ch in alias)
    reason = None
    if letters == 0:
        reason = "has no letter (only digits, punctuation or symbols)"
    elif letters == 1 and not any(ch.isdigit() for ch in alias):
        reason = "is a single letter"
    else:
        words = [w.strip(_WORD_PUNCTUATION) for w in alias.split()]
        if all(w.lower() in _common_words() and w in (w.lower(), w.capitalize()) for w in words if w):
            reason = "is only common words (function words or reporting verbs)"
    if reason is not None:
        raise ActorRegistryError(
            "F304", path=file.where, line=file.line_of(path), alias=alias, owner=owner, reason=reason
        )
    if " " not in alias and alias == alias.lower() and alias != alias.upper():
        warnings.warn(
            ActorRegistryWarning("W301", path=file.where, line=file.line_of(path), alias=alias, owner=owner),
            stacklevel=5,
        )


# ------------------------------------------------------------------------------------------- merging
def _merge(layers: Sequence[_Layer]) -> ActorRegistry:
    """The registry of ``layers`` applied in order (see the module docstring), checked after each one."""
    actors: dict[str, tuple[Actor, _Layer]] = {}
    roles: list[tuple[Role, _Layer, int]] = []
    titles: dict[str, None] = {}
    not_mentions: dict[str, tuple[_Layer, int]] = {}
    places: dict[str, None] = {}
    for layer in layers:
        actors.update({a.id: (a, layer) for a in layer.actors})
        new = {alias for role in layer.roles for alias in role.aliases}
        roles = [r for r in roles if new.isdisjoint(r[0].aliases)] + [(r, layer, i) for i, r in enumerate(layer.roles)]
        titles.update(dict.fromkeys(layer.titles))
        not_mentions.update({p: not_mentions.get(p, (layer, i)) for i, p in enumerate(layer.not_mentions)})
        _check_references(layer, actors)
        owners = _alias_owners(actors.values(), roles, not_mentions, layers)
        for i, place in enumerate(layer.places):
            if place not in owners or place in not_mentions:
                raise layer.file.fail(("places", i), f"place {place!r} is not an alias of any actor")
        places = {p: None for p in [*places, *layer.places] if p in owners}  # released aliases leave
    registry = ActorRegistry(
        (a for a, _ in actors.values()),
        roles=(r for r, _, _ in roles),
        places=places,
        not_mentions=not_mentions,
        titles=titles,
        **_provenance(layers),
    )
    _check_membership(registry, actors)
    return registry


def _provenance(layers: Sequence[_Layer]) -> dict[str, str]:
    """``name``, ``version``, ``source`` and ``sha256`` of the registry made of ``layers``."""
    if len(layers) == 1:
        (one,) = layers
        return {"name": one.name, "version": one.version, "source": one.file.where, "sha256": one.sha256}
    digests = "".join(f"{layer.sha256}\n" for layer in layers)
    return {
        "name": " + ".join(layer.name for layer in layers),
        "version": " + ".join(layer.version or "unversioned" for layer in layers),
        "source": " + ".join(layer.file.where for layer in layers),
        "sha256": hashlib.sha256(digests.encode("ascii")).hexdigest(),
    }


def _check_references(layer: _Layer, actors: Mapping[str, tuple[Actor, _Layer]]) -> None:
    """The layer's ``member_of``, role holders and fallbacks must name actors of this layer or an earlier one."""
    for actor in layer.actors:
        for i, parent in enumerate(actor.member_of):
            if parent not in actors:
                raise layer.file.fail(
                    ("actors", actor.id, "member_of", i), f"actor {actor.id!r} is member of unknown actor {parent!r}"
                )
    for i, role in enumerate(layer.roles):
        for j, (holder, _, _) in enumerate(role.holders):
            if holder not in actors:
                raise layer.file.fail(
                    ("roles", i, "holders", j), f"role holder {holder!r} is not an actor of this registry"
                )
        if role.fallback is not None and role.fallback not in actors:
            raise layer.file.fail(
                ("roles", i, "fallback"), f"role fallback {role.fallback!r} is not an actor of this registry"
            )


def _alias_owners(
    actors: Iterable[tuple[Actor, _Layer]],
    roles: Iterable[tuple[Role, _Layer, int]],
    not_mentions: Mapping[str, tuple[_Layer, int]],
    layers: Sequence[_Layer],
) -> dict[str, str]:
    """alias -> its owner over actors, roles and ``not_mentions`` phrases; [F303] for a second owner of an
    alias, the earlier claim (by file order, then line) named first. The same actor, role or
    ``not_mentions`` listing a phrase twice is no conflict."""
    claims: list[tuple[str, str, _Layer, tuple]] = [
        (alias, f"actor {a.id!r}", layer, ("actors", a.id, "aliases", i))
        for a, layer in actors
        for i, alias in enumerate(a.aliases)
    ]
    claims += [
        (alias, f"role {role.aliases[0]!r}", layer, ("roles", k, "aliases", j))
        for role, layer, k in roles
        for j, alias in enumerate(role.aliases)
    ]
    claims += [(p, "not_mentions", layer, ("not_mentions", i)) for p, (layer, i) in not_mentions.items()]
    rank = {id(layer): k for k, layer in enumerate(layers)}
    claims.sort(key=lambda c: (rank[id(c[2])], c[2].file.line_of(c[3])))
    owners: dict[str, tuple[str, _Layer, tuple]] = {}
    for alias, owner, layer, path in claims:
        first, first_layer, first_path = owners.setdefault(alias, (owner, layer, path))
        if first != owner:
            raise ActorRegistryError(
                "F303",
                alias=alias,
                first=first,
                first_at=first_layer.file.at(first_path),
                second=owner,
                second_at=layer.file.at(path),
            )
    return {alias: owner for alias, (owner, _, _) in owners.items()}


def _check_membership(registry: ActorRegistry, actors: Mapping[str, tuple[Actor, _Layer]]) -> None:
    """Refuse a ``member_of`` chain that loops back to the actor it starts from."""
    for actor in registry.actors.values():
        seen: set[str] = set()
        frontier = list(actor.member_of)
        while frontier:
            nxt = frontier.pop()
            if nxt == actor.id:
                raise actors[actor.id][1].file.fail(
                    ("actors", actor.id, "member_of"), f"membership of {actor.id!r} loops back to itself"
                )
            if nxt not in seen:
                seen.add(nxt)
                frontier.extend(registry.actors[nxt].member_of)
