"""Helpers for the files framing reads and writes: decoding, YAML with line numbers, spreadsheet-safe CSV, hashing.

Spreadsheet-safe CSV
--------------------
A CSV cell that begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return is run as a formula by
Excel, LibreOffice and Google Sheets when the file is opened (CSV or formula injection). Every CSV framing
writes therefore goes through :func:`spreadsheet_safe`, which follows OWASP's rule: such a **text** cell is
written with a leading apostrophe (``'=HYPERLINK(...)``), which spreadsheet programs show as text and do not
evaluate. Two things are left as they are: numeric columns (``-2.5`` in a rate column stays a number) and
text cells that are plain decimal numbers (``-1``, ``+3.5e-2``: a number is not a formula). The raw value is
unchanged in the JSONL outputs (``passages.jsonl``, ``framing match --format jsonl``) and in the Python
objects; to undo the rule on a CSV read back, strip one leading ``'`` from cells that begin with ``'`` followed
by one of the six characters.

YAML
----
``load_yaml`` returns plain Python data plus a function that gives the 1-based line of any value by its
path of keys and indices, so validation errors can name file and line. This is the only module that calls
PyYAML's loaders, and only the safe ones: tags that construct objects (``!!python/object``, ``!!set``,
``!!omap``) are rejected. Everything a hostile or broken file can do to the loader ends as a
``yaml.YAMLError`` with a line, never another exception:

* values the safe constructor cannot build (``2020-13-45`` read as a date, an integer of more than 4,300
  digits) are errors at their line;
* nesting deeper than :data:`MAX_DEPTH` levels is an error (libyaml stops at 1,000 levels, Python's
  recursion earlier);
* an alias (``*name``) that repeats a mapping or a list is an error: none of the toolkit's files needs one,
  and repeating them is how a few hundred bytes expand to billions of values ("billion laughs"), or loop.
  Aliases of scalars are fine.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:  # pandas is imported where a table is written, not by every user of the hashing helper
    import pandas as pd

__all__ = [
    "BOMS",
    "FORMULA_START",
    "MAX_DEPTH",
    "decode",
    "error_line",
    "load_yaml",
    "safe_load",
    "sha256_file",
    "spreadsheet_safe",
    "to_csv",
    "writing",
]

#: The first characters that make a spreadsheet evaluate a cell (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\Z")


def _safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell that a spreadsheet would evaluate prefixed with ``'`` (module docstring).

    Parameters
    ----------
    frame : pandas.DataFrame
        A table about to be written as CSV.

    Returns
    -------
    pandas.DataFrame
        A copy with the text cells that start with one of :data:`FORMULA_START` (and are not plain numbers)
        prefixed with ``'``; numeric columns untouched. ``frame`` itself when nothing needs it (no copy).
    """
    import pandas as pd

    changed: dict[Any, pd.Series] = {}
    for name in frame.columns:
        column = frame[name]
        if column.dtype != object and not isinstance(column.dtype, pd.StringDtype):
            continue
        starts = column.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START))
        if starts.any():
            changed[name] = column.where(~starts, column.map(_safe_cell))
    if not changed:
        return frame
    out = frame.copy()
    for name, column in changed.items():
        out[name] = column
    return out


def to_csv(frame: pd.DataFrame, path_or_buf: Any = None, **kwargs: Any) -> str | None:
    """``frame.to_csv`` of the spreadsheet-safe frame (:func:`spreadsheet_safe`): every CSV framing writes.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    path_or_buf : str, path or file-like, optional
        Where to write; ``None`` returns the text.
    **kwargs
        Passed to :meth:`pandas.DataFrame.to_csv`; ``index=False`` and ``lineterminator="\\n"`` unless given.

    Returns
    -------
    str or None
        The CSV text when ``path_or_buf`` is ``None``, else ``None``.
    """
    kwargs.setdefault("index", False)
    kwargs.setdefault("lineterminator", "\n")
    return spreadsheet_safe(frame).to_csv(path_or_buf, **kwargs)


def sha256_file(path: Path) -> str:
    """The sha256 of a file's bytes (read in blocks, :func:`hashlib.file_digest`).

    Parameters
    ----------
    path : path
        The file.

    Returns
    -------
    str
        The hexadecimal digest.

    Raises
    ------
    OSError
        When the file cannot be read.
    """
    with Path(path).open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


@contextlib.contextmanager
def writing(path: Path | str) -> Iterator[None]:
    """A context that names ``path`` in an operating-system error raised while writing it.

    A ``write`` that fails with ENOSPC does not know the file's name; the error is raised again with it, so
    that the user is told which file (the CLI's F446).

    Parameters
    ----------
    path : path or str
        The file being written in the ``with`` block.

    Yields
    ------
    None

    Raises
    ------
    OSError
        The error of the block, with ``filename`` set to ``path`` when it had none.
    """
    try:
        yield
    except OSError as exc:
        if exc.filename is None and exc.errno is not None:
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise


Path_ = tuple[Any, ...]
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:map", "tag:yaml.org,2002:seq"})
#: Deepest nesting of mappings and lists accepted. The toolkit's deepest files (nested lexicon categories,
#: newsmap's continent > region > country) use under 10 levels.
MAX_DEPTH = 100
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it: many times faster
#: Byte order marks and their codecs, longest first (the UTF-32-LE mark begins with the UTF-16-LE one).
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)


def decode(data: bytes) -> str:
    """The text of a YAML file: UTF-8 (a BOM dropped), or UTF-16/UTF-32 when it starts with that BOM.

    The YAML spec allows the three encodings, told apart by the byte order mark.

    Parameters
    ----------
    data : bytes
        The file's bytes.

    Returns
    -------
    str
        The text, without a leading BOM.

    Raises
    ------
    UnicodeDecodeError
        When the bytes are not valid in the encoding (callers turn it into their coded error with a line).
    """
    return data.decode(bom_codec(data) or "utf-8-sig").lstrip("\ufeff")


def _error(problem: str, mark: yaml.Mark | None) -> yaml.MarkedYAMLError:
    return yaml.MarkedYAMLError(problem=problem, problem_mark=mark)


def _scalar(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    try:
        return loader.construct_object(node, deep=True)
    except (ValueError, OverflowError, TypeError) as exc:  # e.g. the "date" 2020-13-45, a 5,000-digit int
        value = str(node.value)
        shown = value if len(value) <= 40 else value[:37] + "..."
        kind = str(node.tag).rsplit(":", 1)[-1]
        reason = str(exc).split(";")[0]
        raise _error(
            f"cannot read the value {shown!r} as {kind} ({reason}); quote it to keep it as text", node.start_mark
        ) from None


def _convert(loader: yaml.SafeLoader, node: yaml.Node, path: Path_, lines: dict[Path_, int], seen: set[int]) -> Any:
    lines[path] = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        return _scalar(loader, node)
    if node.tag not in _PLAIN_TAGS:
        raise _error(f"unsupported tag {node.tag!r}", node.start_mark)
    if id(node) in seen:  # the composer gives an alias the very node of its anchor
        raise _error(
            "an alias (*name) repeats a mapping or a list; write the content out instead of using & and *",
            node.start_mark,
        )
    if len(path) >= MAX_DEPTH:
        raise _error(f"mappings and lists nested deeper than {MAX_DEPTH} levels", node.start_mark)
    seen.add(id(node))
    if isinstance(node, yaml.MappingNode):
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.MappingNode | yaml.SequenceNode):
                raise _error("a mapping key must be a scalar", key_node.start_mark)
            key = _scalar(loader, key_node)
            try:
                duplicate = key in out
            except TypeError:  # an unhashable scalar key (!!binary gives bytes, which hash; belt and braces)
                raise _error("a mapping key must be a scalar", key_node.start_mark) from None
            if duplicate:
                raise _error(f"duplicate key {key!r}", key_node.start_mark)
            out[key] = _convert(loader, value_node, (*path, key), lines, seen)
            lines[(*path, key)] = key_node.start_mark.line + 1  # errors point at the key's line
        return out
    return [_convert(loader, item, (*path, i), lines, seen) for i, item in enumerate(node.value)]


def _reader_error(exc: yaml.reader.ReaderError, text: str) -> yaml.MarkedYAMLError:
    """A ReaderError (a control character, a NUL) as an error with a line, like every other YAML error."""
    position = exc.position if isinstance(exc.position, int) else 0
    line = text.count("\n", 0, position)
    column = position - (text.rfind("\n", 0, position) + 1)
    mark = yaml.Mark("<yaml>", position, line, column, None, 0)
    return _error(f"character #x{exc.character:04x} is not allowed in YAML ({exc.reason}); remove it", mark)


def load_yaml(text: str) -> tuple[Any, Callable[[Path_], int]]:
    """Parse ``text`` with the safe loader, keeping the line of every value.

    Parameters
    ----------
    text : str
        A YAML document.

    Returns
    -------
    data : object
        Plain Python data (dicts, lists, scalars); ``None`` for an empty document.
    line_of : callable
        ``line_of(path)`` is the 1-based line of the value at ``path`` (a tuple of keys and indices), or of
        its nearest ancestor.

    Raises
    ------
    yaml.YAMLError
        With a mark, on malformed YAML, duplicate keys, unsupported tags, values that cannot be built, too
        deep nesting and repeated aliases (see the module docstring).
    """
    try:
        node = yaml.compose(text, Loader=_SAFE_LOADER)
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text) from None
    lines: dict[Path_, int] = {}
    data = None if node is None else _convert(yaml.SafeLoader(""), node, (), lines, set())

    def line_of(path: Path_) -> int:
        path = tuple(path)
        while path and path not in lines:
            path = path[:-1]
        return lines.get(path, 1)

    return data, line_of


def safe_load(text: str) -> Any:
    """Plain data of ``text`` by the safe loader, fast (no line numbers, aliases shared, not expanded).

    For a quick look at a file's shape (which reader to use); the values are then read with
    :func:`load_yaml`.

    Parameters
    ----------
    text : str
        A YAML document.

    Returns
    -------
    object
        Plain Python data.

    Raises
    ------
    yaml.YAMLError
        On any problem (never another exception).
    """
    try:
        return yaml.load(text, Loader=_SAFE_LOADER)  # the safe loader; the one place it is called
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text) from None
    except (ValueError, OverflowError, TypeError, RecursionError) as exc:
        raise _error(f"cannot read a value ({exc}); quote it to keep it as text", None) from None


def error_line(exc: yaml.YAMLError) -> int:
    """The 1-based line of a YAML error.

    Parameters
    ----------
    exc : yaml.YAMLError
        An error of :func:`load_yaml` or :func:`safe_load`.

    Returns
    -------
    int
        The line of its problem (or context) mark; 1 when it has none.
    """
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    return mark.line + 1 if mark is not None else 1


def bom_codec(data: bytes) -> str | None:
    """The codec of the UTF-16 or UTF-32 byte order mark ``data`` starts with.

    The one lookup of :data:`BOMS`, for every reader of text files (corpus inputs, lexicon files, YAML).

    Parameters
    ----------
    data : bytes
        The first bytes of a file (four are enough), or all of them.

    Returns
    -------
    str or None
        ``"utf-32"`` or ``"utf-16"`` (the codecs that read the mark and drop it); ``None`` when ``data`` has
        no such mark (a UTF-8 BOM is not one of them: UTF-8 files are read as such, the BOM dropped).
    """
    return next((c for bom, c in BOMS if data.startswith(bom)), None)
