"""This toolkit's lexicon YAML: :func:`parse_lexicon` reads and validates it, :func:`to_yaml` writes it.

A file is a mapping with ``name`` (required), ``version``, ``license``, ``description``, ``citation``, a
default ``valuetype`` (``glob``, ``fixed`` or ``regex``), ``case_sensitive`` and ``categories``: category
name → mapping with ``entries`` (patterns, or mappings with ``pattern``, ``weight`` and ``valuetype``),
``description``, ``sponsor`` (an actor id or a list of them), ``function`` (one of
:data:`~framing.lexicon.model.FUNCTIONS`), ``roles`` (slot → role where the function's default does not
fit: :meth:`~framing.lexicon.model.Category.role`), ``provenance`` (or ``citation``) and nested
``categories``.
Every error names the file and the line ([F201], [F203] for YAML syntax, [F205] for an entry that can match
no token).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import yaml

from ..errors import LexiconError
from ..files import error_line, load_yaml
from .model import FUNCTIONS, ROLE_SLOTS, ROLES, VALUE_TYPES, Category, Entry, Lexicon, entry_problem, parse_entry

__all__ = ["parse_lexicon", "to_yaml"]

_TOP_KEYS = {"name", "version", "license", "description", "citation", "valuetype", "case_sensitive", "categories"}
_CAT_KEYS = {"description", "sponsor", "function", "roles", "provenance", "citation", "entries", "categories"}
_ENTRY_KEYS = {"pattern", "weight", "valuetype"}


def parse_lexicon(text: str, where: str = "<string>") -> Lexicon:
    """Parse and validate lexicon YAML in this toolkit's format.

    Parameters
    ----------
    text : str
        The YAML text.
    where : str, default "<string>"
        The file's name, for error messages and the lexicon's ``source``.

    Returns
    -------
    Lexicon
        The lexicon, categories sorted by name, entries in file order.

    Raises
    ------
    LexiconError
        [F203] for malformed YAML; [F201] naming the line for content that breaks the format (unknown key,
        bad category name, sponsor, function, weight or value type, a category without entries, a
        duplicate entry, an unsafe regex, an entry of more than
        :data:`~framing.lexicon.MAX_ENTRY_TOKENS` tokens); [F205] for an entry without word characters.
    """
    try:
        data, line_of = load_yaml(text)
    except yaml.YAMLError as exc:
        raise LexiconError(
            "F203", path=where, line=error_line(exc), reason=getattr(exc, "problem", None) or exc
        ) from None
    reader = _Reader(where, line_of)
    default_type, case_sensitive = reader.top(data)
    reader.walk(data["categories"], ("categories",), "", default_type)
    return Lexicon(
        reader.categories,
        name=data["name"].strip(),
        version=str(data.get("version", "")),
        license=str(data.get("license", "")),
        description=str(data.get("description", "")).strip(),
        citation=str(data.get("citation", "")).strip(),
        case_sensitive=case_sensitive,
        source=where,
    )


class _Reader:
    """The validation steps of :func:`parse_lexicon`; collects the categories read."""

    def __init__(self, where: str, line_of: Callable[[tuple[Any, ...]], int]) -> None:
        self.where = where
        self.line_of = line_of
        self.categories: list[Category] = []

    def fail(self, line: int, detail: str) -> LexiconError:
        return LexiconError("F201", path=self.where, line=line, detail=detail)

    def top(self, data: Any) -> tuple[str, bool]:
        """Check the top-level mapping; return the default value type and the case sensitivity."""
        fail, line_of = self.fail, self.line_of
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
        return default_type, case_sensitive

    def walk(self, spec_map: Mapping[str, Any], path: tuple[Any, ...], prefix: str, default_type: str) -> None:
        """Read the categories of ``spec_map`` (at key ``path``), their entries and nested categories."""
        for cname, spec in spec_map.items():
            here = (*path, cname)
            if not isinstance(cname, str) or not re.fullmatch(r"[\w-]+", cname):
                raise self.fail(self.line_of(here), f"category name {cname!r} must be letters, digits, '_' or '-'")
            full = f"{prefix}{cname}"
            sponsor, function = self.category_fields(spec, here, full)
            roles = self.roles(spec, here, full)
            entries = self.entries(spec, here, full, default_type)
            if entries:
                self.categories.append(
                    Category(
                        full,
                        tuple(entries),
                        tuple(sponsor),
                        function,
                        str(spec.get("description") or "").strip(),
                        str(spec.get("provenance") or spec.get("citation") or "").strip(),
                        roles,
                    )
                )
            if spec.get("categories"):
                if not isinstance(spec["categories"], Mapping):
                    raise self.fail(
                        self.line_of((*here, "categories")), f"category {full!r}: 'categories' must be a mapping"
                    )
                self.walk(spec["categories"], (*here, "categories"), f"{full}.", default_type)

    def category_fields(self, spec: Any, here: tuple[Any, ...], full: str) -> tuple[list[str], str | None]:
        """Check a category's keys, sponsor and function; return (sponsor ids, function)."""
        fail, line_of = self.fail, self.line_of
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
            raise fail(line_of((*here, "sponsor")), f"category {full!r}: sponsor must be an actor id or a list of them")
        function = spec.get("function")
        if function is not None and function not in FUNCTIONS:
            raise fail(
                line_of((*here, "function")),
                f"category {full!r}: function must be one of {FUNCTIONS}, not {function!r}",
            )
        return sponsor, function

    def roles(self, spec: Mapping[str, Any], here: tuple[Any, ...], full: str) -> tuple[tuple[str, str], ...]:
        """A category's ``roles`` (slot: role), checked against :data:`ROLE_SLOTS` and :data:`ROLES`."""
        raw = spec.get("roles")
        if raw is None:
            return ()
        where = self.line_of((*here, "roles"))
        if not isinstance(raw, Mapping) or not all(s in ROLE_SLOTS and r in ROLES for s, r in raw.items()):
            raise self.fail(
                where, f"category {full!r}: roles must map slots {ROLE_SLOTS} to roles {ROLES}, not {raw!r}"
            )
        return tuple((s, raw[s]) for s in ROLE_SLOTS if s in raw)

    def entries(self, spec: Mapping[str, Any], here: tuple[Any, ...], full: str, default_type: str) -> list[Entry]:
        """The entries of one category, each checked (see :meth:`entry`), duplicates refused."""
        raw_entries = spec.get("entries") or []
        if not isinstance(raw_entries, list):
            raise self.fail(self.line_of((*here, "entries")), f"category {full!r}: entries must be a list")
        if not raw_entries and not spec.get("categories"):
            raise self.fail(self.line_of(here), f"category {full!r} has no entries; remove it or add entries")
        entries: list[Entry] = []
        seen: dict[tuple, int] = {}
        for i, raw in enumerate(raw_entries):
            line = self.line_of((*here, "entries", i))
            entry, pattern = self.entry(raw, line, full, default_type)
            if entry.key in seen:
                raise self.fail(
                    line, f"category {full!r}: entry {pattern!r} duplicates the entry on line {seen[entry.key]}"
                )
            seen[entry.key] = line
            entries.append(entry)
        return entries

    def entry(self, raw: Any, line: int, full: str, default_type: str) -> tuple[Entry, str]:
        """One entry (and its pattern as written): a pattern, or a mapping with ``pattern`` and optional
        ``weight`` and ``valuetype``."""
        fail = self.fail
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
        entry = parse_entry(raw, full, weight, line, value_type, where=self.where)
        if entry is None:
            raise LexiconError("F205", path=self.where, line=line, entry=raw)
        if entry.value_type == "regex" and (problem := entry_problem(entry)):
            raise fail(line, f"category {full!r}: entry {raw!r}: {problem}")
        return entry, raw


def to_yaml(lexicon: Lexicon) -> str:
    """Write ``lexicon`` in this toolkit's YAML format (nested categories as dotted names are nested back).

    Everything the model holds is written: metadata, sponsor, function, description, provenance, value
    types and weights, so ``parse_lexicon(to_yaml(lx))`` gives an equal lexicon (same ``sha256``).

    Parameters
    ----------
    lexicon : Lexicon
        The lexicon to write.

    Returns
    -------
    str
        The YAML text (UTF-8 characters kept, entries that are plain globs of weight 1 as bare patterns).
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
        if cat.roles:
            spec["roles"] = dict(cat.roles)
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
