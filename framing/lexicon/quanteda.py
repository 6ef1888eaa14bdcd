"""quanteda dictionary YAML: :func:`parse_quanteda_yaml` reads one (rules in :mod:`framing.lexicon.formats`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import yaml

from ..files import load_yaml
from .model import Entry, Lexicon, parse_entry
from .readers import Notes, add_entry, collect_categories, fail, level_name, yaml_error

__all__ = ["parse_quanteda_yaml"]


def parse_quanteda_yaml(text: str, where: str = "<string>", *, name: str | None = None) -> Lexicon:
    """Read a quanteda dictionary YAML; see :mod:`framing.lexicon.formats` for the rules.

    Parameters
    ----------
    text : str
        The YAML text.
    where : str, default "<string>"
        The file's name, for error messages, reader notes and the lexicon's ``source``.
    name : str, optional
        The lexicon's name; by default the stem of ``where``.

    Returns
    -------
    Lexicon
        One category per key with patterns (nested keys give dotted names); the file's leading comment
        lines, then the reader notes, are its ``description``.

    Raises
    ------
    LexiconError
        [F203] for malformed YAML; [F201] naming the line: not a mapping, a key that is not a string or gives
        no usable or the same name as another, a value that is neither patterns nor sub-keys, a pattern that is
        not a string, no pattern at all.

    Warns
    -----
    FormatWarning
        Once, when patterns without word characters were dropped.
    """
    notes = Notes(where)
    try:
        data, line_of = load_yaml(text)
    except yaml.YAMLError as exc:
        raise yaml_error(exc, where) from None
    if data is None:
        raise fail(where, 1, "empty file; a quanteda dictionary is a mapping of keys to lists of patterns")
    if not isinstance(data, Mapping) or not data:
        raise fail(where, 1, "a quanteda dictionary is a mapping of keys to lists of patterns or to sub-keys")
    keys = _Keys(where, line_of, notes)
    keys.walk(data, (), "")
    categories = collect_categories(keys.order, keys.entries, keys.descriptions, keys.cat_lines, notes)
    if not categories:
        raise fail(where, 1, "no key has any pattern")
    comments = []
    for raw in text.lstrip("\ufeff").splitlines():
        if not raw.startswith("#"):
            break
        comments.append(raw.lstrip("#").strip())
    description = notes.finish("\n".join(comments).strip())
    return Lexicon(categories, name=name or Path(where).stem, description=description, source=where)


class _Keys:
    """The keys of a quanteda dictionary read into categories and entries."""

    def __init__(self, where: str, line_of: Callable[[tuple[Any, ...]], int], notes: Notes) -> None:
        self.where, self.line_of, self.notes = where, line_of, notes
        self.order: list[str] = []
        self.cat_lines: dict[str, int] = {}
        self.labels: dict[str, tuple[str, int]] = {}  # full name -> (original key, line)
        self.descriptions: dict[str, str] = {}
        self.entries: dict[str, dict[tuple, Entry]] = {}

    def walk(self, node: Mapping[Any, Any], keys: tuple[Any, ...], prefix: str) -> None:
        """Read the keys of ``node`` (at ``keys``): sub-keys recursively, patterns as entries."""
        where = self.where
        for key, value in node.items():
            here = (*keys, key)
            line = self.line_of(here)
            if not isinstance(key, str):
                raise fail(
                    where,
                    line,
                    f"key {key!r} is not a string (YAML reads unquoted no/yes/on/off as booleans); quote it",
                )
            level = level_name(key)
            if not level:
                raise fail(where, line, f"key {key!r} gives no usable category name (letters, digits, '_', '-')")
            full = prefix + level
            if full in self.labels:
                other, other_line = self.labels[full]
                raise fail(where, line, f"key {key!r} and {other!r} (line {other_line}) both become {full!r}")
            self.labels[full], self.cat_lines[full] = (key, line), line
            self.descriptions[full] = key if key != level else ""
            self.order.append(full)
            if isinstance(value, Mapping):
                self.walk(value, here, full + ".")
                del self.cat_lines[full]  # a key with sub-keys is a grouping
                continue
            self.patterns(key, value, here, line, full)

    def patterns(self, key: str, value: Any, here: tuple[Any, ...], line: int, full: str) -> None:
        """Add the patterns of key ``key`` (one pattern or a list of them) to category ``full``."""
        where = self.where
        items = [value] if isinstance(value, str | int) and not isinstance(value, bool) else value
        if items is None:
            items = []
        if not isinstance(items, list):
            raise fail(where, line, f"key {key!r} must map to a list of patterns or to sub-keys")
        for i, item in enumerate(items):
            item_line = self.line_of((*here, i)) if isinstance(value, list) else line
            if isinstance(item, bool) or not isinstance(item, str | int):
                raise fail(where, item_line, f"pattern {item!r} under {key!r} is not a string; quote it")
            entry = parse_entry(str(item), full, 1.0, item_line, where=where)
            if entry is None:
                self.notes.add("patterns without word characters dropped", item_line)
            else:
                add_entry(self.entries, entry, self.notes, "patterns repeated within a key counted once")
