"""Small helpers for the files framing writes: spreadsheet-safe CSV and hashing.

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
"""

from __future__ import annotations

import contextlib
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pandas is imported where a table is written, not by every user of the hashing helper
    import pandas as pd

__all__ = ["FORMULA_START", "sha256_file", "spreadsheet_safe", "to_csv", "writing"]

#: The first characters that make a spreadsheet evaluate a cell (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?\Z")


def _safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def spreadsheet_safe(frame: pd.DataFrame) -> pd.DataFrame:
    """``frame`` with every text cell that a spreadsheet would evaluate prefixed with ``'`` (module
    docstring); numeric columns untouched. Returns ``frame`` itself when nothing needs it (no copy)."""
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
    """``frame.to_csv`` of the spreadsheet-safe frame, without the index and with ``\\n`` line ends unless
    ``kwargs`` say otherwise."""
    kwargs.setdefault("index", False)
    kwargs.setdefault("lineterminator", "\n")
    return spreadsheet_safe(frame).to_csv(path_or_buf, **kwargs)


def sha256_file(path: Path) -> str:
    """The sha256 of a file's bytes (read in blocks)."""
    with Path(path).open("rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()


@contextlib.contextmanager
def writing(path: Path | str) -> Iterator[None]:
    """Name ``path`` in an operating-system error raised while writing it that names no file (a ``write``
    that fails with ENOSPC does not know the file's name), so that the user is told which file."""
    try:
        yield
    except OSError as exc:
        if exc.filename is None and exc.errno is not None:
            raise OSError(exc.errno, exc.strerror or str(exc), str(path)) from exc
        raise
