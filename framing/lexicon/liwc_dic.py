"""LIWC ``.dic`` dictionaries (2007 and 2015 layouts): :func:`parse_dic` reads one, :func:`write_dic` writes one.

The rules (what is read how, what a ``.dic`` cannot hold) are in :mod:`framing.lexicon.formats`.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

from ..errors import LexiconError
from .model import Entry, Lexicon, parse_entry
from .readers import FormatWarning, Notes, add_entry, collect_categories, fail, level_name

__all__ = ["parse_dic", "read_dic_text", "write_dic"]

_DIC_FIELD = re.compile(r"[(<][^)>]*[)>]\S*|\S+")
_DIC_CONDITIONAL = re.compile(r"[(<][^)>]*[)>](\d+)(?:/(\d+))?")
_DIC_LABEL = re.compile(r"(.*?)\s*\(([^()]*)\)")


def parse_dic(text: str, where: str = "<string>", *, name: str | None = None) -> Lexicon:
    """Read a LIWC ``.dic`` dictionary (2007 or 2015 layout); see :mod:`framing.lexicon.formats` for the rules.

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
        One category per header id that has entries; terms are ``glob`` entries (``fixed`` when they hold
        a literal ``?``). What the reader changed or dropped is noted in the ``description``.

    Raises
    ------
    LexiconError
        [F201] naming the line: no ``%`` header or an unclosed one, a bad or duplicate category id or
        label, an undefined or non-numeric id, a term without ids, no term at all, an entry of too many
        tokens.

    Warns
    -----
    FormatWarning
        Once, when content that changes what can match was dropped or reinterpreted.
    """
    notes = Notes(where)
    return read_dic_text(text, where, name, notes)


def read_dic_text(text: str, where: str, name: str | None, notes: Notes) -> Lexicon:
    """:func:`parse_dic` with the caller's reader ``notes`` (which may already hold the decoding decision)."""
    lines = text.lstrip("\ufeff").splitlines()
    numbered = [(i, raw.strip()) for i, raw in enumerate(lines, 1) if raw.strip()]
    close = _header_end(numbered, where)
    ids, cat_lines, descriptions = _read_header(numbered[1:close], where)
    entries: dict[str, dict[tuple, Entry]] = {}
    for line, s in numbered[close + 1 :]:
        _read_term_line(s, line, ids, entries, where, notes)
    categories = collect_categories(ids.values(), entries, descriptions, cat_lines, notes)
    if not categories:
        raise fail(where, numbered[close][0], "no term line assigns a category; the dictionary is empty")
    description = notes.finish()
    return Lexicon(categories, name=name or Path(where).stem, description=description, source=where)


def _header_end(numbered: list[tuple[int, str]], where: str) -> int:
    """Index (in ``numbered``, the non-blank lines) of the ``%`` line that closes the category header."""
    if not numbered:
        raise fail(where, 1, "empty file; a LIWC dictionary starts with a '%' line")
    first_line, first = numbered[0]
    if first != "%":
        raise fail(where, first_line, f"missing header: a LIWC dictionary starts with a '%' line, not {first[:40]!r}")
    close = next((k for k, (_, s) in enumerate(numbered[1:], 1) if s == "%"), None)
    if close is None:
        raise fail(where, first_line, "the category header opened here is never closed by a '%' line")
    if close == 1:
        raise fail(where, numbered[1][0], "the header defines no categories ('<id><TAB><name>' lines)")
    return close


def _read_header(header: list[tuple[int, str]], where: str) -> tuple[dict[int, str], dict[str, int], dict[str, str]]:
    """The category header's lines read: (id → category name, name → line, name → description)."""
    ids: dict[int, str] = {}
    id_lines: dict[int, int] = {}
    cat_lines: dict[str, int] = {}
    descriptions: dict[str, str] = {}
    for line, s in header:
        parts = s.split(None, 1)
        if not parts[0].isdecimal():
            raise fail(where, line, f"category id {parts[0]!r} is not a number ('<id><TAB><name>')")
        cid = int(parts[0])
        if len(parts) < 2:
            raise fail(where, line, f"category id {parts[0]} has no name")
        if cid in ids:
            raise fail(where, line, f"category id {parts[0]} is already defined on line {id_lines[cid]}")
        label = parts[1].strip()
        description = ""
        if m := _DIC_LABEL.fullmatch(label):
            if m.group(1):
                label, description = m.group(1), m.group(2).strip()
        levels = [level_name(p) for p in label.split(".")]
        if not all(levels):
            raise fail(where, line, f"category label {label!r} gives no usable name (letters, digits, '_', '-')")
        cname = ".".join(levels)
        if cname != label:
            description = f"{label}: {description}" if description else label
        if cname in cat_lines:
            raise fail(where, line, f"category {cname!r} is already defined on line {cat_lines[cname]}")
        ids[cid], id_lines[cid], cat_lines[cname], descriptions[cname] = cname, line, line, description
    return ids, cat_lines, descriptions


def _read_term_line(
    s: str, line: int, ids: dict[int, str], entries: dict[str, dict[tuple, Entry]], where: str, notes: Notes
) -> None:
    """Add the entries of one term line to ``entries`` (one per category id of the line)."""
    term, fields = _split_term_line(s)
    if not fields:
        raise fail(where, line, f"term {term[:40]!r} has no category ids ('<term><TAB><id> <id> ...' after the header)")
    cats = _term_categories(term, fields, line, ids, where, notes)
    if "(" in term or ")" in term:
        term = " ".join(re.sub(r"[()]", " ", term).split())
        notes.add("LIWC 2007 context words in parentheses read as part of a phrase", line)
    value_type = "glob"
    if "?" in term:
        if "*" in term:
            notes.add("terms with both a literal '?' and a '*' wildcard dropped", line)
            return
        value_type = "fixed"
    for cname in cats:
        entry = parse_entry(term, cname, 1.0, line, value_type, where=where)
        if entry is None:
            notes.add("terms without word characters dropped", line)
            break
        add_entry(entries, entry, notes)


def _term_categories(
    term: str, fields: list[str], line: int, ids: dict[int, str], where: str, notes: Notes
) -> list[str]:
    """The category names of a term line's id fields, each once (conditional assignments dropped, noted)."""
    cats: list[str] = []
    for field in fields:
        if cond := _DIC_CONDITIONAL.fullmatch(field):
            for group in cond.groups():
                if group is not None and int(group) not in ids:
                    raise fail(where, line, f"category id {group} is not defined in the header")
            notes.add("LIWC 2007 conditional category assignments dropped", line)
            continue
        if not field.isdecimal():
            raise fail(where, line, f"category id {field!r} of term {term[:40]!r} is not a number")
        if int(field) not in ids:
            raise fail(where, line, f"category id {field} is not defined in the header")
        cname = ids[int(field)]
        if cname in cats:
            notes.add("a category listed twice for a term counted once", line)
        else:
            cats.append(cname)
    return cats


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
    """The lexicon in LIWC 2015 ``.dic`` layout (see :mod:`framing.lexicon.formats` for what a ``.dic`` holds).

    Parameters
    ----------
    lexicon : Lexicon
        The lexicon to write.
    lossy : bool, default False
        Drop what a ``.dic`` cannot hold (with a :class:`FormatWarning`) instead of refusing.

    Returns
    -------
    str
        The ``.dic`` text: the category header, then one tab-separated line per term with all its ids.

    Raises
    ------
    LexiconError
        [F208] listing every entry or field a ``.dic`` cannot hold (regex entries, ``?`` or inner ``*``
        wildcards, parentheses, weights other than 1, case sensitivity, sponsors, functions), unless
        ``lossy``.

    Warns
    -----
    FormatWarning
        With ``lossy=True``, once, listing what was dropped.
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
