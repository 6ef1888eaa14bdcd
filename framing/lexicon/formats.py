"""Lexicon file formats: one reader per format, all feeding the one model in :mod:`framing.lexicon`.

:func:`read_lexicon_file` picks the reader by suffix; an unknown suffix is an error, not a guess.
:func:`write_lexicon_file` writes ``.yaml``/``.yml`` (everything the model holds) or ``.dic``.

Every reader names file and 1-based line in its errors (``LexiconError`` ``[F201]``, ``[F203]`` for
YAML syntax). What a reader had to change or drop to fit the model is never silent: it is recorded in
the lexicon's ``description`` ("Reader notes: ..."), and what changes what can match (dropped or
reinterpreted content, an encoding guess) is also one :class:`FormatWarning` per file. Merged duplicates
(``Russia`` and ``russia`` in one key) change nothing that matches and are only recorded.

Encoding
--------
Files are read as UTF-8 (a BOM is dropped), or as UTF-16/UTF-32 when they start with that byte order
mark. ``.dic``, ``.cat``, ``.csv`` and ``.tsv`` files that are not valid UTF-8 are decoded as cp1252
(Windows Latin-1, the encoding of many older LIWC and WordStat dictionaries) and the decision is a reader
note. YAML must be UTF-8 (or UTF-16/32 with a BOM). A NUL byte is an error in every format: the file is
binary, or UTF-16 without its BOM.

Category names
--------------
A category name is dotted by level (``care.virtue``); each level must be letters, digits, ``_`` or ``-``
(as in this toolkit's YAML). A foreign label that is not is sanitised: ``+``, ``=``, ``&``, ``<``,
``>``, ``@``, ``#`` and ``%`` are spelled out (``plus``, ``equals``, ``and``, ``lt``, ``gt``, ``at``,
``hash``, ``percent``), the pieces are joined with ``_`` and other characters (spaces, dots inside a
WordStat or quanteda label, other punctuation) are dropped as separators. So WordStat's
``ECONOMY`` > ``+STATE+`` becomes ``ECONOMY.plus_STATE_plus``, ``=STATE=`` becomes
``ECONOMY.equals_STATE_equals``, ``-STATE-`` stays ``ECONOMY.-STATE-`` and ``CON ENVIRONMENT`` becomes
``ENVIRONMENT.CON_ENVIRONMENT``. The category's ``description`` then keeps the original label. Case is kept.
Two labels that sanitise to the same name are an error.

LIWC ``.dic`` (2007 and 2015 layouts)
-------------------------------------
A ``%`` line, one ``<id> <name>`` line per category, a ``%`` line, then one ``<term> <id> <id> ...``
line per term. Fields may be separated by runs of tabs or spaces; CRLF (or CR) line ends, blank lines and
trailing white space are ignored. Ids are numbers (``01`` and ``1`` are the same id). A label with a
parenthesised part (LIWC2015 ``function (Function Words)``) gives the name ``function`` and the
description ``Function Words``; a dot in a name nests (MFD 2.0's ``care.virtue``).

* The term is everything before the first tab; in a line without a tab, the trailing run of numbers are
  the ids and the rest is the term. A term may be several words (MFD 2.0's ``civil rights``).
* Terms are globs: LIWC's trailing ``*`` (``harm*``) is the toolkit's ``*``. ``?`` is not a LIWC
  wildcard: a term with a literal ``?`` is read as a ``fixed`` entry (with a ``*`` as well it cannot be
  expressed and is dropped).
* LIWC 2007 conditionals, which the model cannot express, are read as follows (reader notes):
  a term with parenthesised context words (``kind (of)``, ``(discrepancy) like*``) becomes the phrase
  without the parentheses (``kind of``: LIWC counts ``kind`` only before ``of``, the toolkit counts the
  phrase, the same number of matches over a longer span); a conditional category assignment
  (``(02 134)125/464``: category 125 after a word of category 02 or 134, else 464) is dropped, while the
  plain ids of the same line are kept.
* A category listed twice for a term, or a term repeated in one category, counts once (LIWC itself
  counts a doubled id twice). A term repeated on several lines with different ids is in all of them.
* A term with no word characters (an emoticon) cannot match a word token and is dropped; a category left
  without entries is dropped.
* Errors: a missing opening or closing ``%``, a non-numeric or duplicate id or a label without a name
  in the header, an undefined or non-numeric id or no id at all on a term line.

WordStat ``.cat``
-----------------
Categories nest by indentation (tabs or spaces, but consistently: a line's indentation must equal that of
an enclosing level, and only a category line may be followed by a deeper line). A line ending in a
parenthesised number is an entry (``ART (1)``, ``GALLER* (1)``), the number its weight; every other
line is a category. Entries are lower-cased (WordStat dictionaries are upper case; matching is
case-insensitive) and ``_`` joins the words of a phrase (``WAR_IN_IRAQ`` is the phrase ``war in iraq``);
other characters (hyphens, apostrophes) stay and must be in the text. A category may hold entries and
sub-categories (Laver & Garry's ``CULTURE``). Repeated categories under one parent are merged; an entry
repeated in a category counts once (with another weight: the first weight is kept, with a warning).

quanteda dictionary YAML
------------------------
A nested mapping: key to a list of glob patterns (or one pattern), or key to a mapping of sub-keys
(newsmap: continent > region > country code). Keys must be strings: YAML reads unquoted ``NO``,
``yes`` or ``on`` as booleans, so quote such keys. An empty key is dropped (as quanteda does), a pattern
repeated within a key counts once. The leading comment lines become the description. A ``.yaml``/``.yml``
file with a string ``name`` or a ``categories`` mapping of mappings with ``entries`` is this toolkit's
format (:func:`framing.lexicon.parse_lexicon`) instead.

CSV and TSV
-----------
*Long* layout: one ``term, category[, weight]`` row per entry, with or without a header (a header row
starts with ``term``, ``word``, ``entry`` or ``pattern`` and continues ``category``, ``key`` or
``label``). *Wide* layout (the eMFD): a header row ``word, <category>, <category>, ...`` and one row per
term with one number per category; each non-zero number is the weight of the term in that category
(zero and empty cells are no entry). The eMFD's ten columns (five foundation probabilities ``care_p`` ...
and five sentiment scores ``care_sent`` ...) so become ten weighted categories; sentiment weights are
signed. A non-numeric weight, a row of the wrong width and a term repeated in one category are errors.

Writing
-------
:func:`write_dic` writes the LIWC 2015 layout (ids numbered by sorted category name, a category's
description in parentheses after its name, one tab-separated line per term with all its ids). It refuses
(``LexiconError`` [F208] listing every problem) what a ``.dic`` cannot hold: regex entries, ``?`` or non-trailing
``*`` wildcards, parentheses in a term, weights other than 1, case sensitivity, sponsors and functions;
``lossy=True`` drops those entries or fields with a :class:`FormatWarning` instead. The lexicon's name,
version, license, citation and the categories' provenance are never written (a ``.dic`` has no place for
them; keep the YAML as the record). A ``.dic`` read back gives the same categories and entries; the first
write merges a term repeated on several lines into one line, which can change the order of entries
within a category (and so ``Lexicon.sha256``, which is order-sensitive) but not what matches.

Differences from the ``liwc`` package (PyPI 0.5.0), pinned by ``tests/test_liwc_differential.py``
-------------------------------------------------------------------------------------------------
* Tokens: ``liwc`` matches whatever tokens it is given, case-sensitively; the toolkit tokenises with
  ``\\w+`` and case-folds. (``fair-*`` is two tokens here, so a phrase.)
* Multiword terms: ``liwc`` puts them in its trie but never matches them against a single token; the
  toolkit matches them as phrases.
* Several entries matching one token: ``liwc`` returns the categories of one entry only, the shortest
  ``*`` prefix on the token's path, else the exact term (``harm*`` hides ``harmless``); the toolkit
  counts the token in every category that has a matching entry (categories are independent).
* File layout: ``liwc`` splits on single tabs only (so it cannot read MFD 1.0's space-padded header or
  its ``01 07 09`` id lists) and keeps only the last line of a term repeated on several lines (57 terms
  of MFD 2.0); the toolkit reads both layouts and keeps every line.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import warnings
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from ..errors import LexiconError, LexiconWarning
from ..files import BOMS, error_line, load_yaml, safe_load
from .model import Category, Entry, Lexicon, parse_entry, parse_lexicon, to_yaml

__all__ = [
    "FormatWarning",
    "parse_cat",
    "parse_dic",
    "parse_quanteda_yaml",
    "parse_table",
    "read_lexicon_file",
    "write_dic",
    "write_lexicon_file",
]

#: Spelled-out names of symbols that carry meaning in category labels (WordStat's ``+STATE+``/``=STATE=``).
SYMBOL_NAMES = {"+": "plus", "=": "equals", "&": "and", "<": "lt", ">": "gt", "@": "at", "#": "hash", "%": "percent"}
#: Header cells that name the term column of a CSV/TSV lexicon, and the category column of the long layout.
TERM_COLUMNS = frozenset({"term", "terms", "word", "words", "entry", "pattern"})
CATEGORY_COLUMNS = frozenset({"category", "categories", "key", "label"})
_LEVEL_RE = re.compile(r"[\w-]+")
_LABEL_PIECE = re.compile(r"[\w-]+|[^\w\s-]")
_DIC_FIELD = re.compile(r"[(<][^)>]*[)>]\S*|\S+")
_DIC_CONDITIONAL = re.compile(r"[(<][^)>]*[)>](\d+)(?:/(\d+))?")
_DIC_LABEL = re.compile(r"(.*?)\s*\(([^()]*)\)")
_CAT_ENTRY = re.compile(r"(.*?)\s*\(([^()]*)\)")
_NUMBER = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?")


class FormatWarning(LexiconWarning):
    """[W210] A reader or writer changed or dropped content that a format (or the model) cannot carry.

    The message names the file and the lines.
    """

    def __init__(self, message: str) -> None:
        super().__init__("W210", detail=message)


class _Notes:
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


def _fail(where: str, line: int, detail: str) -> LexiconError:
    return LexiconError("F201", path=where, line=line, detail=detail)


def _level_name(label: str) -> str:
    """A label made into one valid name level (see the module docstring); '' if nothing is left."""
    pieces = []
    for m in _LABEL_PIECE.finditer(label):
        piece = m.group()
        if _LEVEL_RE.fullmatch(piece):
            pieces.append(piece)
        elif piece in SYMBOL_NAMES:
            pieces.append(SYMBOL_NAMES[piece])
    return "_".join(pieces)


def _decode(data: bytes, where: str, notes: _Notes | None) -> str:
    """UTF-8 (BOM dropped) or BOM-marked UTF-16/32; with ``notes``, fall back to cp1252 and note the decision."""
    codec = next((c for bom, c in BOMS if data.startswith(bom)), None)
    if codec is not None:
        try:
            return data.decode(codec).lstrip("\ufeff")
        except UnicodeDecodeError as exc:
            raise _fail(where, 1, f"invalid {codec.upper()} at byte {exc.start} ({exc.reason})") from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise _fail(where, line, "NUL byte: a binary file, or UTF-16/UTF-32 text without its byte order mark")
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
            raise _fail(where, line, "neither UTF-8 nor cp1252 text; convert the file to UTF-8") from None
        notes.add(f"not UTF-8 (invalid byte at offset {exc.start}), decoded as cp1252", 0)
        return text


def _add(
    entries: dict[str, dict[tuple, Entry]],
    entry: Entry,
    notes: _Notes,
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


def _categories(
    order: Iterable[str],
    entries: Mapping[str, Mapping[tuple, Entry]],
    descriptions: Mapping[str, str],
    lines: Mapping[str, int],
    notes: _Notes,
) -> list[Category]:
    out = []
    for name in order:
        found = tuple(entries.get(name, {}).values())
        if found:
            out.append(Category(name, found, description=descriptions.get(name, "")))
        elif name in lines:
            notes.add(f"category {name!r} has no entries and was dropped", lines[name])
    return out


# ------------------------------------------------------------------------------------------------ LIWC .dic
def parse_dic(text: str, where: str = "<string>", *, name: str | None = None) -> Lexicon:
    """Read a LIWC ``.dic`` dictionary (2007 or 2015 layout); see the module docstring for the rules."""
    notes = _Notes(where)
    return _parse_dic(text, where, name, notes)


def _parse_dic(text: str, where: str, name: str | None, notes: _Notes) -> Lexicon:
    lines = text.lstrip("\ufeff").splitlines()
    numbered = [(i, raw.strip()) for i, raw in enumerate(lines, 1) if raw.strip()]
    if not numbered:
        raise _fail(where, 1, "empty file; a LIWC dictionary starts with a '%' line")
    first_line, first = numbered[0]
    if first != "%":
        raise _fail(where, first_line, f"missing header: a LIWC dictionary starts with a '%' line, not {first[:40]!r}")
    close = next((k for k, (_, s) in enumerate(numbered[1:], 1) if s == "%"), None)
    if close is None:
        raise _fail(where, first_line, "the category header opened here is never closed by a '%' line")
    if close == 1:
        raise _fail(where, numbered[1][0], "the header defines no categories ('<id><TAB><name>' lines)")

    ids: dict[int, str] = {}
    id_lines: dict[int, int] = {}
    cat_lines: dict[str, int] = {}
    descriptions: dict[str, str] = {}
    for line, s in numbered[1:close]:
        parts = s.split(None, 1)
        if not parts[0].isdecimal():
            raise _fail(where, line, f"category id {parts[0]!r} is not a number ('<id><TAB><name>')")
        cid = int(parts[0])
        if len(parts) < 2:
            raise _fail(where, line, f"category id {parts[0]} has no name")
        if cid in ids:
            raise _fail(where, line, f"category id {parts[0]} is already defined on line {id_lines[cid]}")
        label = parts[1].strip()
        description = ""
        if m := _DIC_LABEL.fullmatch(label):
            if m.group(1):
                label, description = m.group(1), m.group(2).strip()
        levels = [_level_name(p) for p in label.split(".")]
        if not all(levels):
            raise _fail(where, line, f"category label {label!r} gives no usable name (letters, digits, '_', '-')")
        cname = ".".join(levels)
        if cname != label:
            description = f"{label}: {description}" if description else label
        if cname in cat_lines:
            raise _fail(where, line, f"category {cname!r} is already defined on line {cat_lines[cname]}")
        ids[cid], id_lines[cid], cat_lines[cname], descriptions[cname] = cname, line, line, description

    entries: dict[str, dict[tuple, Entry]] = {}
    for line, s in numbered[close + 1 :]:
        term, fields = _split_term_line(s)
        if not fields:
            raise _fail(
                where, line, f"term {term[:40]!r} has no category ids ('<term><TAB><id> <id> ...' after the header)"
            )
        cats: list[str] = []
        for field in fields:
            if cond := _DIC_CONDITIONAL.fullmatch(field):
                for group in cond.groups():
                    if group is not None and int(group) not in ids:
                        raise _fail(where, line, f"category id {group} is not defined in the header")
                notes.add("LIWC 2007 conditional category assignments dropped", line)
                continue
            if not field.isdecimal():
                raise _fail(where, line, f"category id {field!r} of term {term[:40]!r} is not a number")
            if int(field) not in ids:
                raise _fail(where, line, f"category id {field} is not defined in the header")
            cname = ids[int(field)]
            if cname in cats:
                notes.add("a category listed twice for a term counted once", line)
            else:
                cats.append(cname)
        if "(" in term or ")" in term:
            term = " ".join(re.sub(r"[()]", " ", term).split())
            notes.add("LIWC 2007 context words in parentheses read as part of a phrase", line)
        value_type = "glob"
        if "?" in term:
            if "*" in term:
                notes.add("terms with both a literal '?' and a '*' wildcard dropped", line)
                continue
            value_type = "fixed"
        for cname in cats:
            entry = parse_entry(term, cname, 1.0, line, value_type, where=where)
            if entry is None:
                notes.add("terms without word characters dropped", line)
                break
            _add(entries, entry, notes)
    categories = _categories(ids.values(), entries, descriptions, cat_lines, notes)
    if not categories:
        raise _fail(where, numbered[close][0], "no term line assigns a category; the dictionary is empty")
    description = notes.finish()
    return Lexicon(categories, name=name or Path(where).stem, description=description, source=where)


def _split_term_line(s: str) -> tuple[str, list[str]]:
    """(term, id fields) of a stripped term line (see the module docstring)."""
    if "\t" in s:
        term, _, rest = s.partition("\t")
        return term.strip(), _DIC_FIELD.findall(rest)
    fields = list(_DIC_FIELD.finditer(s))
    k = len(fields)
    while k > 1 and (fields[k - 1].group().isdecimal() or _DIC_CONDITIONAL.fullmatch(fields[k - 1].group())):
        k -= 1
    if k == len(fields):
        return s, []
    return s[: fields[k].start()].strip(), [f.group() for f in fields[k:]]


# ------------------------------------------------------------------------------------------------ WordStat .cat
def parse_cat(text: str, where: str = "<string>", *, name: str | None = None) -> Lexicon:
    """Read a WordStat ``.cat`` dictionary; see the module docstring for the rules."""
    notes = _Notes(where)
    return _parse_cat(text, where, name, notes)


def _parse_cat(text: str, where: str, name: str | None, notes: _Notes) -> Lexicon:
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
        indent = body[: len(body) - len(stripped)]
        deeper = indent.startswith(indents[-1]) and len(indent) > len(indents[-1])
        if deeper and len(indents) == len(path):  # the first line under a category
            indents.append(indent)
        elif indent in indents:
            depth = indents.index(indent)
            del path[depth:]
            del indents[depth + 1 :]
        elif deeper:
            raise _fail(where, line, "unexpected indent: only a category line may be followed by a deeper line")
        else:
            raise _fail(where, line, "indentation matches no enclosing level (mixed tabs and spaces?)")
        if m := _CAT_ENTRY.fullmatch(stripped):
            term, weight_text = m.group(1), m.group(2).strip()
            if not _NUMBER.fullmatch(weight_text):
                raise _fail(where, line, f"weight {weight_text!r} of entry {term!r} is not a number")
            if not path:
                raise _fail(where, line, f"entry {term!r} is outside any category; indent it under a category line")
            category = ".".join(path)
            entry = parse_entry(term.replace("_", " ").lower(), category, float(weight_text), line, where=where)
            if entry is None:
                notes.add("entries without word characters dropped", line)
            else:
                _add(entries, entry, notes)
            continue
        level = _level_name(stripped)
        if not level:
            raise _fail(where, line, f"category label {stripped!r} gives no usable name (letters, digits, '_', '-')")
        full = ".".join([*path, level])
        if full in labels and labels[full] != stripped:
            raise _fail(
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
    categories = _categories(order, entries, descriptions, cat_lines, notes)
    if not categories:
        raise _fail(where, 1, "no entries ('WORD (1)' lines indented under a category)")
    description = notes.finish()
    return Lexicon(categories, name=name or Path(where).stem, description=description, source=where)


# ------------------------------------------------------------------------------------------------ YAML
def _yaml_error(exc: yaml.YAMLError, where: str) -> LexiconError:
    """[F203] at the line where the parser noticed, naming the line where the broken construct began."""
    reason = str(getattr(exc, "problem", None) or exc)
    context, mark = getattr(exc, "context", None), getattr(exc, "context_mark", None)
    if context and mark is not None and mark.line + 1 != error_line(exc):
        reason += f" ({context} started on line {mark.line + 1})"
    return LexiconError("F203", path=where, line=error_line(exc), reason=reason)


def _is_framing_yaml(data: Any) -> bool:
    """This toolkit's YAML: a string ``name``, or ``categories`` mapping to mappings with ``entries``."""
    if not isinstance(data, Mapping):
        return False
    if isinstance(data.get("name"), str):
        return True
    cats = data.get("categories")
    return isinstance(cats, Mapping) and any(isinstance(v, Mapping) and "entries" in v for v in cats.values())


def parse_quanteda_yaml(text: str, where: str = "<string>", *, name: str | None = None) -> Lexicon:
    """Read a quanteda dictionary YAML; see the module docstring for the rules."""
    notes = _Notes(where)
    try:
        data, line_of = load_yaml(text)
    except yaml.YAMLError as exc:
        raise _yaml_error(exc, where) from None
    if data is None:
        raise _fail(where, 1, "empty file; a quanteda dictionary is a mapping of keys to lists of patterns")
    if not isinstance(data, Mapping) or not data:
        raise _fail(where, 1, "a quanteda dictionary is a mapping of keys to lists of patterns or to sub-keys")
    order: list[str] = []
    cat_lines: dict[str, int] = {}
    labels: dict[str, tuple[str, int]] = {}  # full name -> (original key, line)
    descriptions: dict[str, str] = {}
    entries: dict[str, dict[tuple, Entry]] = {}

    def walk(node: Mapping[Any, Any], keys: tuple[Any, ...], prefix: str) -> None:
        for key, value in node.items():
            here = (*keys, key)
            line = line_of(here)
            if not isinstance(key, str):
                raise _fail(
                    where,
                    line,
                    f"key {key!r} is not a string (YAML reads unquoted no/yes/on/off as booleans); quote it",
                )
            level = _level_name(key)
            if not level:
                raise _fail(where, line, f"key {key!r} gives no usable category name (letters, digits, '_', '-')")
            full = prefix + level
            if full in labels:
                other, other_line = labels[full]
                raise _fail(where, line, f"key {key!r} and {other!r} (line {other_line}) both become {full!r}")
            labels[full], cat_lines[full] = (key, line), line
            descriptions[full] = key if key != level else ""
            order.append(full)
            if isinstance(value, Mapping):
                walk(value, here, full + ".")
                del cat_lines[full]  # a key with sub-keys is a grouping
                continue
            items = [value] if isinstance(value, str | int) and not isinstance(value, bool) else value
            if items is None:
                items = []
            if not isinstance(items, list):
                raise _fail(where, line, f"key {key!r} must map to a list of patterns or to sub-keys")
            for i, item in enumerate(items):
                item_line = line_of((*here, i)) if isinstance(value, list) else line
                if isinstance(item, bool) or not isinstance(item, str | int):
                    raise _fail(where, item_line, f"pattern {item!r} under {key!r} is not a string; quote it")
                entry = parse_entry(str(item), full, 1.0, item_line, where=where)
                if entry is None:
                    notes.add("patterns without word characters dropped", item_line)
                else:
                    _add(entries, entry, notes, "patterns repeated within a key counted once")

    walk(data, (), "")
    categories = _categories(order, entries, descriptions, cat_lines, notes)
    if not categories:
        raise _fail(where, 1, "no key has any pattern")
    comments = []
    for raw in text.lstrip("\ufeff").splitlines():
        if not raw.startswith("#"):
            break
        comments.append(raw.lstrip("#").strip())
    description = notes.finish("\n".join(comments).strip())
    return Lexicon(categories, name=name or Path(where).stem, description=description, source=where)


# ------------------------------------------------------------------------------------------------ CSV / TSV
def parse_table(text: str, where: str = "<string>", *, delimiter: str = ",", name: str | None = None) -> Lexicon:
    """Read a CSV/TSV lexicon (long or wide layout); see the module docstring for the rules."""
    notes = _Notes(where)
    return _parse_table(text, where, delimiter, name, notes)


def _parse_table(text: str, where: str, delimiter: str, name: str | None, notes: _Notes) -> Lexicon:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=delimiter)
    try:
        rows = [(reader.line_num, [c.strip() for c in row]) for row in reader if any(c.strip() for c in row)]
    except csv.Error as exc:
        raise _fail(where, reader.line_num, f"malformed {'TSV' if delimiter == chr(9) else 'CSV'} ({exc})") from None
    if not rows:
        raise _fail(where, 1, "empty file")
    head_line, head = rows[0]
    header = [c.casefold() for c in head]
    order: list[str] = []
    cat_lines: dict[str, int] = {}
    entries: dict[str, dict[tuple, Entry]] = {}
    seen: dict[tuple, int] = {}

    def category_name(label: str, line: int) -> str:
        levels = [_level_name(p) for p in label.split(".")]
        if not all(levels):
            raise _fail(where, line, f"category {label!r} gives no usable name (letters, digits, '_', '-')")
        full = ".".join(levels)
        if full not in cat_lines:
            cat_lines[full] = line
            order.append(full)
        return full

    def add(term: str, category: str, weight: float, line: int) -> None:
        entry = parse_entry(term, category, weight, line, where=where)
        if entry is None:
            notes.add("terms without word characters dropped", line)
            return
        if (category, entry.key) in seen:
            raise _fail(
                where, line, f"term {term!r} is already in category {category!r} on line {seen[(category, entry.key)]}"
            )
        seen[(category, entry.key)] = line
        entries.setdefault(category, {})[entry.key] = entry

    def weight_of(cell: str, line: int, what: str) -> float:
        value = float(cell) if _NUMBER.fullmatch(cell) else math.nan
        if math.isnan(value) or math.isinf(value):
            raise _fail(where, line, f"{what}: weight {cell!r} is not a number")
        return value

    wide = header[0] in TERM_COLUMNS and len(header) > 1 and header[1] not in CATEGORY_COLUMNS
    if wide:
        columns = [category_name(label, head_line) for label in head[1:]]
        if len(set(columns)) < len(columns):
            raise _fail(where, head_line, "two columns give the same category name")
        for line, row in rows[1:]:
            if len(row) != len(head):
                raise _fail(where, line, f"{len(row)} cells, but the header has {len(head)}")
            for column, label, cell in zip(columns, head[1:], row[1:], strict=True):
                if cell == "":
                    continue
                weight = weight_of(cell, line, f"term {row[0]!r}, column {label!r}")
                if weight != 0:
                    add(row[0], column, weight, line)
    else:
        has_header = header[0] in TERM_COLUMNS and len(header) > 1 and header[1] in CATEGORY_COLUMNS
        for line, row in rows[1:] if has_header else rows:
            if len(row) not in (2, 3) or not row[0] or not row[1]:
                raise _fail(where, line, "expected 'term, category[, weight]'")
            weight = weight_of(row[2], line, f"term {row[0]!r}") if len(row) == 3 and row[2] else 1.0
            add(row[0], category_name(row[1], line), weight, line)
    categories = _categories(order, entries, {}, cat_lines, notes)
    if not categories:
        raise _fail(where, head_line, "no entries")
    description = notes.finish()
    return Lexicon(categories, name=name or Path(where).stem, description=description, source=where)


# ------------------------------------------------------------------------------------------------ dispatch
def read_lexicon_file(path: str | Path) -> Lexicon:
    """Read a lexicon file, choosing the reader by its suffix (see the module docstring)."""
    path = Path(path)
    where = str(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        text = _decode(path.read_bytes(), where, None)
        if not text.strip():
            raise _fail(where, 1, "empty file")
        try:  # only to tell the two YAML formats apart: the fast loader, no line numbers needed
            data = safe_load(text)
        except yaml.YAMLError as exc:
            raise _yaml_error(exc, where) from None
        return parse_lexicon(text, where) if _is_framing_yaml(data) else parse_quanteda_yaml(text, where)
    readers = {".dic": _parse_dic, ".cat": _parse_cat}
    if suffix in readers:
        notes = _Notes(where)
        text = _decode(path.read_bytes(), where, notes)
        return readers[suffix](text, where, None, notes)
    if suffix in (".csv", ".tsv"):
        notes = _Notes(where)
        text = _decode(path.read_bytes(), where, notes)
        return _parse_table(text, where, "\t" if suffix == ".tsv" else ",", None, notes)
    raise LexiconError("F206", path=where, suffix=suffix)


# ------------------------------------------------------------------------------------------------ writers
def _dic_problems(lexicon: Lexicon) -> tuple[list[str], set[int]]:
    """What a ``.dic`` cannot hold: (problems, ids of the entries to drop)."""
    problems: list[str] = []
    drop: set[int] = set()
    if lexicon.case_sensitive:
        problems.append("case_sensitive: true (LIWC matching is case-insensitive)")
    for cat in lexicon.categories.values():
        if cat.sponsor:
            problems.append(f"category {cat.name!r}: sponsor {', '.join(cat.sponsor)}")
        if cat.function:
            problems.append(f"category {cat.name!r}: function {cat.function}")
        for e in cat.entries:
            why = ""
            if e.value_type == "regex":
                why = "a regex"
            elif "?" in e.pattern and e.value_type == "glob":
                why = "a '?' wildcard"
            elif "*" in e.pattern and (e.value_type == "fixed" or any("*" in t[:-1] for t in e.tokens)):
                why = "a '*' that is not at the end of a word"
            elif re.search(r"[()\t\n\r%]", e.pattern):
                why = "parentheses, '%' or control characters (LIWC syntax)"
            elif e.weight != 1.0:
                why = f"weight {e.weight:g}"
            if why:
                problems.append(f"category {cat.name!r}: entry {e.pattern!r} has {why}")
                drop.add(id(e))
        if all(id(e) in drop for e in cat.entries):
            problems.append(f"category {cat.name!r}: no entry left to write, so the category is left out")
    return problems, drop


def write_dic(lexicon: Lexicon, *, lossy: bool = False) -> str:
    """The lexicon in LIWC 2015 ``.dic`` layout (see the module docstring for what a ``.dic`` holds).

    Raises ``LexiconError`` [F208] listing every entry or field a ``.dic`` cannot hold; with ``lossy=True`` those
    are dropped with a :class:`FormatWarning` instead.
    """
    problems, drop = _dic_problems(lexicon)
    if problems and not lossy:
        raise LexiconError("F208", name=lexicon.name, problems="\n  ".join(problems))
    if problems:
        warnings.warn(
            FormatWarning(f"Lexicon {lexicon.name!r}: dropped writing .dic: {'; '.join(problems)}."), stacklevel=2
        )
    kept = [c for c in lexicon.categories.values() if any(id(e) not in drop for e in c.entries)]
    ids = {c.name: i for i, c in enumerate(kept, 1)}
    out = ["%"]
    for cat in kept:
        desc = cat.description
        one_line = desc and not re.search(r"[()\n\r\t]", desc)
        out.append(f"{ids[cat.name]}\t{cat.name} ({desc})" if one_line else f"{ids[cat.name]}\t{cat.name}")
    out.append("%")
    terms: dict[str, list[int]] = {}
    first: dict[str, tuple[int, int]] = {}  # a term's line is placed by its first entry (source line, order)
    for n, e in enumerate(e for c in kept for e in c.entries):
        if id(e) in drop:
            continue
        cids = terms.setdefault(e.pattern, [])
        if ids[e.category] not in cids:
            cids.append(ids[e.category])
        first[e.pattern] = min(first.get(e.pattern, (e.line, n)), (e.line, n))
    for pattern in sorted(terms, key=first.__getitem__):
        out.append("\t".join([pattern, *map(str, sorted(terms[pattern]))]))
    return "\n".join(out) + "\n"


def write_lexicon_file(lexicon: Lexicon, path: str | Path, *, lossy: bool = False) -> Path:
    """Write ``lexicon`` by suffix: ``.yaml``/``.yml`` (everything) or ``.dic`` (see :func:`write_dic`)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        text = to_yaml(lexicon)
    elif suffix == ".dic":
        text = write_dic(lexicon, lossy=lossy)
    elif suffix in (".cat", ".csv", ".tsv"):
        raise LexiconError("F209", path=str(path), suffix=suffix)
    else:
        raise LexiconError("F206", path=str(path), suffix=suffix)
    tmp = path.with_name(f".{path.name}.framing-tmp-{os.getpid()}")
    try:  # written beside and renamed: a failed write never leaves half a lexicon in place of the file
        tmp.write_text(text, encoding="utf-8", newline="\n")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
