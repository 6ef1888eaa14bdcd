"""What the lexicon file readers share: reader notes, category-name sanitising, decoding, collecting entries.

The rules these helpers implement are described in :mod:`framing.lexicon.formats`.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping

import yaml

from ..errors import LexiconError, LexiconWarning
from ..files import BOMS, decode, error_line
from .model import Category, Entry

__all__ = [
    "NUMBER",
    "SYMBOL_NAMES",
    "FormatWarning",
    "Notes",
    "add_entry",
    "collect_categories",
    "decode_lexicon",
    "fail",
    "level_name",
    "yaml_error",
]

#: Spelled-out names of symbols that carry meaning in category labels (WordStat's ``+STATE+``/``=STATE=``).
SYMBOL_NAMES = {"+": "plus", "=": "equals", "&": "and", "<": "lt", ">": "gt", "@": "at", "#": "hash", "%": "percent"}
_LEVEL_RE = re.compile(r"[\w-]+")
_LABEL_PIECE = re.compile(r"[\w-]+|[^\w\s-]")
#: A number as WordStat weights and table cells write it.
NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


class FormatWarning(LexiconWarning):
    """[W210] A reader or writer changed or dropped content that a format (or the model) cannot carry.

    Parameters
    ----------
    message : str
        What was changed or dropped, naming the file and the lines.
    """

    def __init__(self, message: str) -> None:
        super().__init__("W210", detail=message)


class Notes:
    """What a reader changed or dropped, by kind with the lines.

    Everything noted goes into the lexicon's description; what changes what can match (dropped or
    reinterpreted content, an encoding guess) is also one :class:`FormatWarning`. Merged duplicates
    change nothing that matches, so they are only recorded.
    """

    def __init__(self, where: str) -> None:
        self.where = where
        self.kinds: dict[str, dict[int, None]] = {}  # kind -> lines (an ordered set; 0: no line)
        self.warn_kinds: set[str] = set()

    def add(self, kind: str, line: int, *, warn: bool = True) -> None:
        self.kinds.setdefault(kind, {})[line] = None
        if warn:
            self.warn_kinds.add(kind)

    def text(self, kinds: Iterable[str]) -> str:
        parts = []
        for kind in kinds:
            lines = [n for n in self.kinds[kind] if n]
            shown = ", ".join(str(n) for n in lines[:8]) + (f" and {len(lines) - 8} more" if len(lines) > 8 else "")
            parts.append(f"{kind} (line{'s' if len(lines) > 1 else ''} {shown})" if lines else kind)
        return "; ".join(parts)

    def finish(self, description: str = "") -> str:
        """Warn once if anything that changes matching was noted; return ``description`` plus the notes."""
        if not self.kinds:
            return description
        if self.warn_kinds:
            warn_text = self.text(k for k in self.kinds if k in self.warn_kinds)
            warnings.warn(FormatWarning(f"{self.where}: {warn_text}."), stacklevel=4)
        return f"{description}\n\nReader notes: {self.text(self.kinds)}.".strip()


def fail(where: str, line: int, detail: str) -> LexiconError:
    return LexiconError("F201", path=where, line=line, detail=detail)


def level_name(label: str) -> str:
    """A label made into one valid name level (see the module docstring); '' if nothing is left."""
    pieces = []
    for m in _LABEL_PIECE.finditer(label):
        piece = m.group()
        if _LEVEL_RE.fullmatch(piece):
            pieces.append(piece)
        elif piece in SYMBOL_NAMES:
            pieces.append(SYMBOL_NAMES[piece])
    return "_".join(pieces)


def decode_lexicon(data: bytes, where: str, notes: Notes | None) -> str:
    """The text of a lexicon file: UTF-8 (BOM dropped) or BOM-marked UTF-16/32 (as :func:`framing.files.decode`
    reads them); with ``notes``, text that is not UTF-8 falls back to cp1252 and the decision is noted.

    Raises [F201] naming the line for a NUL byte, invalid text in a BOM's codec, and text that is not UTF-8
    (without ``notes``) or neither UTF-8 nor cp1252 (with them)."""
    codec = next((c for bom, c in BOMS if data.startswith(bom)), None)
    if codec is not None:
        try:
            return decode(data)  # the BOM's codec, the BOM dropped
        except UnicodeDecodeError as exc:
            raise fail(where, 1, f"invalid {codec.upper()} at byte {exc.start} ({exc.reason})") from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise fail(where, line, "NUL byte: a binary file, or UTF-16/UTF-32 text without its byte order mark")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        if notes is None:
            line = data[: exc.start].count(b"\n") + 1
            raise LexiconError(
                "F201", path=where, line=line, detail=f"not UTF-8 text ({exc.reason} at byte {exc.start})"
            ) from None
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc2:
            line = data[: exc2.start].count(b"\n") + 1
            raise fail(where, line, "neither UTF-8 nor cp1252 text; convert the file to UTF-8") from None
        notes.add(f"not UTF-8 (invalid byte at offset {exc.start}), decoded as cp1252", 0)
        return text


def add_entry(
    entries: dict[str, dict[tuple, Entry]],
    entry: Entry,
    notes: Notes,
    kind: str = "entries repeated within a category counted once",
) -> None:
    """Add ``entry`` to its category unless an equal entry is there (then note it; warn if weights differ)."""
    bucket = entries.setdefault(entry.category, {})
    if entry.key not in bucket:
        bucket[entry.key] = entry
    elif bucket[entry.key].weight == entry.weight:
        notes.add(kind, entry.line, warn=False)
    else:
        notes.add("entries repeated within a category with another weight: the first weight kept", entry.line)


def collect_categories(
    order: Iterable[str],
    entries: Mapping[str, Mapping[tuple, Entry]],
    descriptions: Mapping[str, str],
    lines: Mapping[str, int],
    notes: Notes,
) -> list[Category]:
    out = []
    for name in order:
        found = tuple(entries.get(name, {}).values())
        if found:
            out.append(Category(name, found, description=descriptions.get(name, "")))
        elif name in lines:
            notes.add(f"category {name!r} has no entries and was dropped", lines[name])
    return out


def yaml_error(exc: yaml.YAMLError, where: str) -> LexiconError:
    """[F203] at the line where the parser noticed, naming the line where the broken construct began."""
    reason = str(getattr(exc, "problem", None) or exc)
    context, mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and mark is not None and mark.line + 1 != error_line(exc):
        reason += f" ({context} started on line {mark.line + 1})"
    return LexiconError("F203", path=where, line=error_line(exc), reason=reason)
