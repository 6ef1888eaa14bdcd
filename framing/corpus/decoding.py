"""Decoding of input files for the readers: UTF-8 (a BOM dropped) or BOM-marked UTF-16/UTF-32, binary
and empty files told apart, invalid bytes replaced, skipped or raised as :func:`~framing.corpus.read_corpus`
is asked to. The byte order marks are :data:`framing.files.BOMS`, looked up with :func:`framing.files.bom_codec`.
"""

from __future__ import annotations

import codecs
import os
import stat
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from ..errors import CorpusError, CorpusWarning
from ..files import bom_codec

__all__ = ["BINARY_SNIFF_BYTES", "Skip", "decode_input", "open_regular", "sniff_utf8", "utf8_lines"]

#: Bytes sniffed for NUL bytes to tell binary files from text (same size as git's heuristic).
BINARY_SNIFF_BYTES = 8000


class Skip(Exception):
    """An input to skip: ``reason`` (the report's code: ``empty``, ``binary``, ``decode-error``,
    ``unreadable``) and ``detail``; the reader records it, it never reaches the caller."""

    def __init__(self, reason: str, detail: str) -> None:
        self.reason, self.detail = reason, detail


def decode_input(data: bytes, source: str, on_decode_error: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM removed) or BOM-marked UTF-16/UTF-32; raise Skip for
    empty/binary/undecodable.

    Returns the text and a note (``""`` or ``"decoded-with-replacements: ..."``) for the input report.
    """
    note = ""
    if not data:
        raise Skip("empty", "file has no bytes")
    codec = bom_codec(data)
    if codec is not None:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise Skip("decode-error", f"invalid {codec.upper()} at byte {exc.start}") from None
    else:
        if b"\x00" in data[:BINARY_SNIFF_BYTES]:
            raise Skip(
                "binary",
                f"NUL bytes in the first {BINARY_SNIFF_BYTES} bytes: not a text file (UTF-16 or UTF-32 text needs "
                "a byte order mark)",
            )
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            if on_decode_error == "raise":
                raise CorpusError(
                    "F104", path=source, position=exc.start, encoding="UTF-8", reason=exc.reason
                ) from None
            if on_decode_error == "skip":
                raise Skip("decode-error", f"invalid UTF-8 at byte {exc.start} ({exc.reason})") from None
            text = data.decode("utf-8", errors="replace")
            bad = _count_invalid(data)
            note = f"decoded-with-replacements: {bad} invalid byte(s), first at byte {exc.start}"
            warnings.warn(CorpusWarning("W101", path=source, count=bad, position=exc.start), stacklevel=4)
    if not text.strip():
        raise Skip("empty", "only white space")
    return text, note


def _count_invalid(data: bytes) -> int:
    """Number of U+FFFD characters that decoding with errors='replace' introduces."""
    return data.decode("utf-8", errors="replace").count("\ufffd") - data.decode("utf-8", errors="ignore").count(
        "\ufffd"
    )


#: Bytes read at a time when a JSONL or CSV file is checked before it is streamed.
_BLOCK = 1 << 20
_UTF8_BOM = b"\xef\xbb\xbf"


def sniff_utf8(fh: IO[bytes], source: str, on_decode_error: str) -> tuple[bool, str]:
    """Check a JSONL/CSV file before streaming it, with the outcomes of :func:`decode_input` on the whole file.

    Returns ``(False, "")`` for a file with a UTF-16/32 byte order mark (read whole with :func:`decode_input`),
    else ``(True, note)``: stream it as UTF-8, with replacements if ``note`` says so. Raises ``Skip`` for an
    empty, binary, undecodable (``on_decode_error="skip"``) or blank file. Reads the file once, a block at a
    time (twice when it has invalid bytes, to count them)."""
    head = fh.read(BINARY_SNIFF_BYTES)
    if not head:
        raise Skip("empty", "file has no bytes")
    if bom_codec(head) is not None:
        return False, ""
    if b"\x00" in head:
        raise Skip(
            "binary",
            f"NUL bytes in the first {BINARY_SNIFF_BYTES} bytes: not a text file (UTF-16 or UTF-32 text needs "
            "a byte order mark)",
        )
    start = len(_UTF8_BOM) if head.startswith(_UTF8_BOM) else 0
    fh.seek(start)
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    offset, blank, error = 0, True, None
    while error is None:
        block = fh.read(_BLOCK)
        pending = len(decoder.getstate()[0])
        try:
            text = decoder.decode(block, final=not block)
        except UnicodeDecodeError as exc:
            error = (offset - pending + exc.start, exc.reason)
            break
        blank = blank and not text.strip()
        offset += len(block)
        if not block:
            break
    note = ""
    if error is not None:
        position, reason = error
        if on_decode_error == "raise":
            raise CorpusError("F104", path=source, position=position, encoding="UTF-8", reason=reason)
        if on_decode_error == "skip":
            raise Skip("decode-error", f"invalid UTF-8 at byte {position} ({reason})")
        fh.seek(start)
        replace = codecs.getincrementaldecoder("utf-8")("replace")
        ignore = codecs.getincrementaldecoder("utf-8")("ignore")
        bad = 0
        while True:
            block = fh.read(_BLOCK)
            bad += replace.decode(block, final=not block).count("\ufffd")
            bad -= ignore.decode(block, final=not block).count("\ufffd")
            if not block:
                break
        note = f"decoded-with-replacements: {bad} invalid byte(s), first at byte {position}"
        warnings.warn(CorpusWarning("W101", path=source, count=bad, position=position), stacklevel=5)
    elif blank:
        raise Skip("empty", "only white space")
    fh.seek(start)
    return True, note


def open_regular(path: Path) -> IO[bytes]:
    """``path`` opened for reading if it is a regular file; raises ``Skip("unreadable")`` if it is not.

    The caller has checked ``path.is_file()``, but the file can be replaced between that check and the open
    (by a FIFO, whose ``open`` waits for a writer for ever). So it is opened non-blocking, checked with
    ``fstat`` on the open descriptor (what is read is what was checked), and only then made blocking again."""
    nonblock = getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, os.O_RDONLY | nonblock | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise Skip("unreadable", "not a regular file (it was replaced after it was listed)")
        if nonblock:
            os.set_blocking(fd, True)
        return open(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def utf8_lines(fh: IO[bytes], errors: str) -> Iterator[str]:
    """The lines of a UTF-8 file (after any BOM), split as ``_JSONL_LINE_BREAK.split`` splits the decoded
    text, reading one ``\\n``-terminated chunk at a time (a trailing empty line is not yielded)."""
    for raw in iter(fh.readline, b""):
        text = raw.decode("utf-8", errors)
        if text.endswith("\n"):
            text = text[:-2] if text.endswith("\r\n") else text[:-1]
        yield from text.split("\r")
