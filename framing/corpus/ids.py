"""File names and record ids as the readers write them: text that can be written anywhere.

File names and ids
------------------
A file name is read as UTF-8. A name that is not valid UTF-8 (``b"caf\\xe9.txt"``, written by a Latin-1
system) is read all the same; each byte that is not UTF-8 is written as a backslash escape ``\\xNN`` (lower
case hexadecimal) wherever the name appears: the id, ``source``, ``documents.csv``, JSON outputs. This is
Python's rule for such bytes, ``os.fsencode(name).decode("utf-8", "backslashreplace")``; a valid name is
unchanged, and a warning (W105) counts the names escaped. :func:`source_path` turns an escaped ``source``
back into the path of its file.

An id in JSONL and CSV is text (:func:`id_text`). A JSON string id is used as it is; any other JSON value as
its compact JSON text (``1``, ``1.5``, ``true``). So ``{"id": 1}`` and ``{"id": "1"}`` have the same id
``'1'``: the second is skipped ``duplicate-id``, and the detail of the skip gives both raw values.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

__all__ = ["clean", "escape_name", "id_text", "json_text", "source_path"]

#: A lone surrogate (from a JSON escape such as ``"\\ud800"``): cannot be written as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: A byte of a file name that was not UTF-8, as :func:`escape_name` writes it.
_ESCAPED_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


def escape_name(name: str) -> str:
    """``name`` (a path as Python gives it) as text that can be written anywhere: each byte that is not UTF-8,
    held by Python as a lone surrogate (PEP 383 ``surrogateescape``), becomes ``\\xNN``. A valid name is
    unchanged."""
    if not _SURROGATE.search(name):
        return name
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte (a name given as text): \udXXX
        return name.encode("utf-8", "backslashreplace").decode("utf-8")
    return raw.decode("utf-8", "backslashreplace")


def source_path(source: str) -> Path:
    """The path of the file an input record's ``source`` names.

    Parameters
    ----------
    source : str
        A ``source`` of an :class:`InputRecord` or a :class:`Document`.

    Returns
    -------
    pathlib.Path
        ``source`` itself, or, when no such file exists and ``source`` holds ``\\xNN`` escapes of a file
        name that is not UTF-8 (see the module docstring), the path with those bytes restored.
    """
    path = Path(source)
    if _ESCAPED_BYTE.search(source) and not (path.exists() or path.is_symlink()):
        raw = _ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), source)
        return Path(raw)
    return path


def id_text(raw_id: Any) -> str:
    """A record's id as text: a string as it is, any other JSON value as its compact JSON text (``1``,
    ``1.5``, ``true``); see the module docstring."""
    return raw_id if isinstance(raw_id, str) else json_text(raw_id)


def json_text(value: Any) -> str:
    """``value`` as compact JSON (for ids and the details that show them), lone surrogates as U+FFFD."""
    return clean(json.dumps(value, ensure_ascii=False, separators=(",", ":")))[0]


def clean(text: Any) -> tuple[Any, int]:
    """``text`` with lone surrogates replaced by U+FFFD, and how many; other values unchanged."""
    if not isinstance(text, str) or not _SURROGATE.search(text):
        return text, 0
    return _SURROGATE.subn("\ufffd", text)
