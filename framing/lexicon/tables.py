"""CSV and TSV lexicons (long and wide layouts): :func:`parse_table` reads one (rules in
:mod:`framing.lexicon.formats`)."""

from __future__ import annotations

import csv
import io
import math
from pathlib import Path

from .model import Entry, Lexicon, parse_entry
from .readers import NUMBER, Notes, collect_categories, fail, level_name

__all__ = ["CATEGORY_COLUMNS", "TERM_COLUMNS", "parse_table", "read_table_text"]

#: Header cells that name the term column of a CSV/TSV lexicon, and the category column of the long layout.
TERM_COLUMNS = frozenset({"term", "terms", "word", "words", "entry", "pattern"})
CATEGORY_COLUMNS = frozenset({"category", "categories", "key", "label"})


def parse_table(text: str, where: str = "<string>", *, delimiter: str = ",", name: str | None = None) -> Lexicon:
    """Read a CSV/TSV lexicon (long or wide layout); see :mod:`framing.lexicon.formats` for the rules.

    Parameters
    ----------
    text : str
        The table's text (a leading BOM is ignored).
    where : str, default "<string>"
        The file's name, for error messages, reader notes and the lexicon's ``source``.
    delimiter : str, default ","
        The cell separator (``"\\t"`` for TSV).
    name : str, optional
        The lexicon's name; by default the stem of ``where``.

    Returns
    -------
    Lexicon
        Long layout: one entry per ``term, category[, weight]`` row; wide layout: one weighted entry per
        non-zero cell, one category per column.

    Raises
    ------
    LexiconError
        [F201] naming the line: malformed CSV, an empty file, a row of the wrong width, a non-numeric weight,
        a label that gives no usable name, two columns with one name, a term repeated in one category, no
        entries.

    Warns
    -----
    FormatWarning
        Once, when terms without word characters were dropped.
    """
    notes = Notes(where)
    return read_table_text(text, where, delimiter, name, notes)


def read_table_text(text: str, where: str, delimiter: str, name: str | None, notes: Notes) -> Lexicon:
    """:func:`parse_table` with the caller's reader ``notes`` (which may already hold the decoding decision)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        rows = [(reader.line_num, [c.strip() for c in row]) for row in reader if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise fail(where, reader.line_num, f"malformed {'TSV' if delimiter == chr(9) else 'CSV'} ({exc})") from None
    if not rows:
        raise fail(where, 1, "empty file")
    head_line, head = rows[0]
    header = [c.casefold() for c in head]
    table = _Table(where, notes)
    wide = header[0] in TERM_COLUMNS and len(header) > 1 and header[1] not in CATEGORY_COLUMNS
    if wide:
        table.read_wide(rows)
    else:
        has_header = header[0] in TERM_COLUMNS and len(header) > 1 and header[1] in CATEGORY_COLUMNS
        table.read_long(rows[1:] if has_header else rows)
    categories = collect_categories(table.order, table.entries, {}, table.cat_lines, notes)
    if not categories:
        raise fail(where, head_line, "no entries")
    description = notes.finish()
    return Lexicon(categories, name=name or Path(where).stem, description=description, source=where)


class _Table:
    """The rows of a table lexicon read into categories and entries."""

    def __init__(self, where: str, notes: Notes) -> None:
        self.where, self.notes = where, notes
        self.order: list[str] = []
        self.cat_lines: dict[str, int] = {}
        self.entries: dict[str, dict[tuple, Entry]] = {}
        self.seen: dict[tuple, int] = {}

    def read_wide(self, rows: list[tuple[int, list[str]]]) -> None:
        """The wide layout: a header ``word, <category>, ...`` and one number per category and term."""
        where = self.where
        head_line, head = rows[0]
        columns = [self.category_name(label, head_line) for label in head[1:]]
        if len(set(columns)) < len(columns):
            raise fail(where, head_line, "two columns give the same category name")
        for line, row in rows[1:]:
            if len(row) != len(head):
                raise fail(where, line, f"{len(row)} cells, but the header has {len(head)}")
            for column, label, cell in zip(columns, head[1:], row[1:], strict=True):
                if cell == "":
                    continue
                weight = self.weight_of(cell, line, f"term {row[0]!r}, column {label!r}")
                if weight != 0:
                    self.add(row[0], column, weight, line)

    def read_long(self, rows: list[tuple[int, list[str]]]) -> None:
        """The long layout: ``term, category[, weight]`` rows (the header, if any, left out)."""
        for line, row in rows:
            if len(row) not in (2, 3) or not row[0] or not row[1]:
                raise fail(self.where, line, "expected 'term, category[, weight]'")
            weight = self.weight_of(row[2], line, f"term {row[0]!r}") if len(row) == 3 and row[2] else 1.0
            self.add(row[0], self.category_name(row[1], line), weight, line)

    def category_name(self, label: str, line: int) -> str:
        levels = [level_name(p) for p in label.split(".")]
        if not all(levels):
            raise fail(self.where, line, f"category {label!r} gives no usable name (letters, digits, '_', '-')")
        full = ".".join(levels)
        if full not in self.cat_lines:
            self.cat_lines[full] = line
            self.order.append(full)
        return full

    def add(self, term: str, category: str, weight: float, line: int) -> None:
        entry = parse_entry(term, category, weight, line, where=self.where)
        if entry is None:
            self.notes.add("terms without word characters dropped", line)
            return
        if (category, entry.key) in self.seen:
            raise fail(
                self.where,
                line,
                f"term {term!r} is already in category {category!r} on line {self.seen[(category, entry.key)]}",
            )
        self.seen[(category, entry.key)] = line
        self.entries.setdefault(category, {})[entry.key] = entry

    def weight_of(self, cell: str, line: int, what: str) -> float:
        value = float(cell) if NUMBER.fullmatch(cell) else math.nan
        if math.isnan(value) or math.isinf(value):
            raise fail(self.where, line, f"{what}: weight {cell!r} is not a number")
        return value
