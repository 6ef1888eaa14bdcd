"""WordStat ``.cat`` dictionaries: :func:`parse_cat` reads one (rules in :mod:`framing.lexicon.formats`)."""

from __future__ import annotations

import re
from pathlib import Path

from .model import Entry, Lexicon, parse_entry
from .readers import NUMBER, Notes, add_entry, collect_categories, fail, level_name

__all__ = ["parse_cat", "read_cat_text"]

_CAT_ENTRY = re.compile(r"(.*?)\s*\(([^()]*)\)")


def parse_cat(text: str, where: str = "<string>", *, name: str | None = None) -> Lexicon:
    """Read a WordStat ``.cat`` dictionary; see :mod:`framing.lexicon.formats` for the rules.

    Parameters
    ----------
    text : str
        The dictionary's text (a leading BOM is ignored).
    where : str, default "<string>"
        The file's name, for error messages, reader notes and the lexicon's ``source``.
    name : str, optional
        The lexicon's name; by default the stem of ``where``.

    Returns
    -------
    Lexicon
        Categories nested by indentation (dotted names), entries lower-cased with their weights. What the
        reader changed or dropped is noted in the ``description``.

    Raises
    ------
    LexiconError
        [F201] naming the line: inconsistent indentation, a non-numeric weight, an entry outside any
        category, a label that gives no name or the same name as another, no entry at all.

    Warns
    -----
    FormatWarning
        Once, when content that changes what can match was dropped (or a repeated entry had another weight).
    """
    notes = Notes(where)
    return read_cat_text(text, where, name, notes)


def read_cat_text(text: str, where: str, name: str | None, notes: Notes) -> Lexicon:
    """:func:`parse_cat` with the caller's reader ``notes`` (which may already hold the decoding decision)."""
    # indents[d] is the indentation of the lines at depth d (children of path[d - 1]); right after a
    # category line len(indents) == len(path): the indentation of its children is not known yet.
    indents: list[str] = [""]
    path: list[str] = []  # names of the open categories
    order: list[str] = []
    cat_lines: dict[str, int] = {}
    labels: dict[str, str] = {}  # full name -> original label (to catch two labels with one name)
    descriptions: dict[str, str] = {}
    entries: dict[str, dict[tuple, Entry]] = {}
    for line, raw in enumerate(text.lstrip("\ufeff").splitlines(), 1):
        body = raw.rstrip()
        if not body.strip():
            continue
        stripped = body.lstrip()
        _close_levels(body[: len(body) - len(stripped)], indents, path, where, line)
        if m := _CAT_ENTRY.fullmatch(stripped):
            _read_entry(m, path, line, entries, where, notes)
            continue
        level = level_name(stripped)
        if not level:
            raise fail(where, line, f"category label {stripped!r} gives no usable name (letters, digits, '_', '-')")
        full = ".".join([*path, level])
        if full in labels and labels[full] != stripped:
            raise fail(
                where, line, f"category {stripped!r} and {labels[full]!r} (line {cat_lines[full]}) both become {full!r}"
            )
        if full in labels:
            notes.add(f"category {full!r} repeated and merged", line, warn=False)
        else:
            labels[full], cat_lines[full] = stripped, line
            descriptions[full] = stripped if level != stripped else ""
            order.append(full)
        path.append(level)
    has_children = {c.rsplit(".", 1)[0] for c in order if "." in c}
    for cname in order:  # a parent without own entries is a grouping, not an empty category
        if cname in has_children and cname not in entries:
            del cat_lines[cname]
    categories = collect_categories(order, entries, descriptions, cat_lines, notes)
    if not categories:
        raise fail(where, 1, "no entries ('WORD (1)' lines indented under a category)")
    description = notes.finish()
    return Lexicon(categories, name=name or Path(where).stem, description=description, source=where)


def _close_levels(indent: str, indents: list[str], path: list[str], where: str, line: int) -> None:
    """Place a line of indentation ``indent``: open the level under the last category, or close the
    categories deeper than the line (``indents`` and ``path`` are updated in place)."""
    deeper = indent.startswith(indents[-1]) and len(indent) > len(indents[-1])
    if deeper and len(indents) == len(path):  # the first line under a category
        indents.append(indent)
    elif indent in indents:
        depth = indents.index(indent)
        del path[depth:]
        del indents[depth + 1 :]
    elif deeper:
        raise fail(where, line, "unexpected indent: only a category line may be followed by a deeper line")
    else:
        raise fail(where, line, "indentation matches no enclosing level (mixed tabs and spaces?)")


def _read_entry(
    m: re.Match[str], path: list[str], line: int, entries: dict[str, dict[tuple, Entry]], where: str, notes: Notes
) -> None:
    """Add the entry of an entry line (``TERM (weight)``, matched as ``m``) to the open category."""
    term, weight_text = m.group(1), m.group(2).strip()
    if not NUMBER.fullmatch(weight_text):
        raise fail(where, line, f"weight {weight_text!r} of entry {term!r} is not a number")
    if not path:
        raise fail(where, line, f"entry {term!r} is outside any category; indent it under a category line")
    category = ".".join(path)
    entry = parse_entry(term.replace("_", " ").lower(), category, float(weight_text), line, where=where)
    if entry is None:
        notes.add("entries without word characters dropped", line)
    else:
        add_entry(entries, entry, notes)
