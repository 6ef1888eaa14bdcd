"""Corpus: documents, their metadata, and an account of every input.

``read_corpus`` reads ``.txt`` files, folders of them, ``.jsonl`` and ``.csv`` files with a text field plus
metadata. Each :class:`Document` keeps its decoded text untouched (offsets everywhere in the toolkit point
into it) and has a stable id. Every input is accounted for in :attr:`Corpus.report`: processed, or skipped
with a reason (``empty``, ``binary``, ``decode-error``, ``invalid-json``, ``missing-field``,
``malformed-row``, ``duplicate-id``, ``unsupported-format``, ``unreadable``), so
``inputs == processed + skipped`` always holds.

Site chrome and datelines
-------------------------
Scraped news carries lines that are not the article (``Select Language:``) and a leading dateline
(``Moscow:``). :class:`ChromeRules` recognises them; the spans are recorded in
:attr:`Document.excluded` (the text itself is never altered) and the passage segmenter skips them. The
dateline is kept as metadata (``meta["dateline"]``). The rules are:

* a **chrome line** is a whole line (ignoring surrounding white space) that matches one of
  :attr:`ChromeRules.line_patterns` (case-insensitive), anywhere in the document;
* a **dateline** is a short place name (one to three capitalised words, or an all-capitals name) followed
  by ``:``, ``—``, ``–`` or `` - `` at the very start of the first non-chrome line, optionally with a
  parenthesised agency (``MOSCOW (Reuters) -``).

Pass ``chrome=ChromeRules(...)`` to change them or ``chrome=None`` to switch them off. A transcript whose
first line is a turn such as ``Putin: Good afternoon`` looks like a dateline to this rule: read
transcripts with ``chrome=ChromeRules(dateline=None)``.

File names and ids
------------------
A file name is read as UTF-8. A name that is not valid UTF-8 (``b"caf\\xe9.txt"``, written by a Latin-1
system) is read all the same; each byte that is not UTF-8 is written as a backslash escape ``\\xNN`` (lower
case hexadecimal) wherever the name appears: the id, ``source``, ``documents.csv``, JSON outputs. This is
Python's rule for such bytes, ``os.fsencode(name).decode("utf-8", "backslashreplace")``; a valid name is
unchanged, and a warning (W105) counts the names escaped. :func:`source_path` turns an escaped ``source``
back into the path of its file.

An id in JSONL and CSV is text. A JSON string id is used as it is; any other JSON value as its compact JSON
text (``1``, ``1.5``, ``true``). So ``{"id": 1}`` and ``{"id": "1"}`` have the same id ``'1'``: the second
is skipped ``duplicate-id``, and the detail of the skip gives both raw values.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import hashlib
import io
import json
import os
import re
import stat
import warnings
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import IO, Any

from ..errors import CorpusError, CorpusWarning, DocumentNotFoundError, RunError

__all__ = [
    "ChromeRules",
    "Corpus",
    "CorpusStream",
    "Document",
    "InputRecord",
    "iter_corpus",
    "mark_turns",
    "read_corpus",
    "source_path",
]

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".csv")

#: Full-line patterns of site chrome recognised by default (matched case-insensitively against a stripped
#: line). Taken from the navigation and sharing widgets of the news sites our users scrape most.
DEFAULT_CHROME_LINES: tuple[str, ...] = (
    r"select language:?",
    r"advertisement",
    r"skip to (?:main )?content",
    r"share(?: this(?: article| story| page)?)?(?: on \w+)?:?",
    r"(?:read|see) (?:more|also):?",
    r"subscribe(?: now)?",
    r"cookie (?:settings|policy|preferences)",
    r"print(?: this page)?",
    r"\*(?:\s*\*){2,}",  # "* * *" section separators
)

#: A leading dateline: one to three capitalised words or an all-capitals place, optional agency in
#: parentheses, then ':' or a dash. Must be followed by more text on the same line.
DEFAULT_DATELINE = (
    r"(?P<dateline>(?:[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})(?:, [A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,2})?)"
    r"(?: \((?P<agency>[A-Za-z .]+)\))?(?::| [—–-]) +(?=\S)"
)

#: A speaker-turn label at the start of a paragraph of a transcript: a name, title or role ("Question"),
#: then ':' (kremlin.ru's labels sometimes have a space before it). A label has at most
#: TURN_LABEL_MAX_WORDS words (kremlin.ru repeats names and titles: "Rosneft CEO and Chairman of The
#: Management Board Igor Sechin Sechin IgorRosneft CEO, Chairman of the Management Board" has 19), no
#: sentence end, and every word in lower case is a connector of names and titles (TURN_LABEL_CONNECTORS)
#: unless the label ends in a capitalised name; so "There is another issue that I will report on in
#: writing:" is not a label.
TURN_LABEL = re.compile(r"(?P<label>[^\W\d_](?:(?![.!?]\s)[^\n:]){0,250}?)\s*:[ \t]+(?=\S)")
TURN_LABEL_MAX_WORDS = 30
TURN_LABEL_CONNECTORS = frozenset(
    "of the and for on in at to de da di du des del la le van von der den zu y e ibn bin al el".split()
)


def _is_turn_label(label: str) -> bool:
    """A label is capitalised words and connectors, or a description ending in a capitalised name
    ("Direct line programme host Kirill Kleymenov"); parenthesised notes ("(retranslated)") are ignored."""
    words = re.findall(r"[^\W\d_][\w'’-]*", re.sub(r"\([^)]*\)", " ", label))
    if not 0 < len(words) <= TURN_LABEL_MAX_WORDS or not words[0][0].isupper():
        return False
    if all(w[0].isupper() or w.casefold() in TURN_LABEL_CONNECTORS for w in words):
        return True
    return len(words) >= 3 and words[-1][0].isupper() and words[-2][0].isupper()


#: Longest line (characters, stripped) tested against the chrome patterns, and the longest stretch at the
#: start of the first line searched for a dateline. Chrome and datelines are short; the bound keeps a
#: scraped "document" that is one 50 MB line from costing seconds in the regex engine.
CHROME_MAX_CHARS = 1000

#: Bytes sniffed for NUL bytes to tell binary files from text (same size as git's heuristic).
BINARY_SNIFF_BYTES = 8000
#: Byte order marks and their codecs, longest first (the UTF-32-LE mark begins with the UTF-16-LE one).
BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32"),
    (b"\xff\xfe", "utf-16"),
    (b"\xfe\xff", "utf-16"),
)
#: Line breaks of a JSONL file. JSON strings cannot hold a raw CR or LF, so a file with old Mac (CR) line
#: ends splits as well as one with LF or CRLF; U+2028 and U+2029, legal raw inside JSON strings, do not split.
_JSONL_LINE_BREAK = re.compile(r"\r\n|\r|\n")
#: A lone surrogate (from a JSON escape such as ``"\\ud800"``): cannot be written as UTF-8.
_SURROGATE = re.compile("[\ud800-\udfff]")
#: A byte of a file name that was not UTF-8, as :func:`_escape_name` writes it.
_ESCAPED_BYTE = re.compile(r"\\x([89a-f][0-9a-f])")


def _escape_name(name: str) -> str:
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
    """The path of the file an input record's ``source`` names: ``source`` itself, or, when no such file
    exists and ``source`` holds ``\\xNN`` escapes of a file name that is not UTF-8 (see the module
    docstring), the path with those bytes restored."""
    path = Path(source)
    if _ESCAPED_BYTE.search(source) and not (path.exists() or path.is_symlink()):
        raw = _ESCAPED_BYTE.sub(lambda m: chr(0xDC00 + int(m.group(1), 16)), source)
        return Path(raw)
    return path


@dataclass(frozen=True)
class ChromeRules:
    """Rules that mark site chrome lines and a leading dateline (see the module docstring).

    Parameters
    ----------
    line_patterns:
        Regular expressions matched case-insensitively against whole stripped lines.
    dateline:
        Regular expression with a named group ``dateline`` matched at the start of the first non-chrome
        line, or ``None`` to keep datelines as text.
    """

    line_patterns: tuple[str, ...] = DEFAULT_CHROME_LINES
    dateline: str | None = DEFAULT_DATELINE

    def compiled(self) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
        """Compile the patterns; raises ``CorpusError`` [F110] on an invalid one."""
        try:
            lines = (
                re.compile("(?:" + "|".join(f"(?:{p})" for p in self.line_patterns) + r")\Z", re.IGNORECASE)
                if self.line_patterns
                else None
            )
            date = re.compile(self.dateline) if self.dateline else None
        except re.error as exc:
            raise CorpusError("F110", pattern=exc.pattern, reason=str(exc)) from None
        return lines, date


@dataclass(frozen=True, slots=True)
class Document:
    """One document: id, untouched text, metadata and the spans excluded as chrome.

    ``excluded`` holds ``(start, end, reason)`` triples (reason ``chrome`` or ``dateline``) into ``text``.
    """

    doc_id: str
    text: str
    meta: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    excluded: tuple[tuple[int, int, str], ...] = ()
    source: str = ""

    def __post_init__(self) -> None:
        if not isinstance(self.meta, MappingProxyType):
            object.__setattr__(self, "meta", MappingProxyType(dict(self.meta)))

    def __reduce__(self):  # the read-only metadata view does not pickle (documents go to worker processes)
        return Document, (self.doc_id, self.text, dict(self.meta), self.excluded, self.source)

    @property
    def sha256(self) -> str:
        """SHA-256 of the UTF-8 encoded text."""
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    def __repr__(self) -> str:
        head = self.text[:40].replace("\n", " ")
        return f"Document(doc_id={self.doc_id!r}, chars={len(self.text)}, text={head!r}...)"


@dataclass(frozen=True, slots=True)
class InputRecord:
    """What happened to one input: a file, or one record of a JSONL/CSV file."""

    source: str
    doc_id: str | None
    status: str  # "processed" or "skipped"
    reason: str  # "" or a short reason code
    detail: str = ""
    line: int | None = None  # line of the record in a JSONL/CSV file


class Corpus(Sequence[Document]):
    """An immutable, ordered collection of documents plus the report on every input.

    Indexing and iteration give the processed documents; :attr:`report` lists every input, processed or
    skipped, in input order.
    """

    def __init__(self, documents: Iterable[Document], report: Iterable[InputRecord] = ()) -> None:
        self._documents = tuple(documents)
        self._by_id = {d.doc_id: d for d in self._documents}
        if len(self._by_id) != len(self._documents):
            dup = [k for k, n in Counter(d.doc_id for d in self._documents).items() if n > 1]
            raise CorpusError("F105", detail=f"duplicate document ids {dup[:5]}")
        report = tuple(report)
        self.report: tuple[InputRecord, ...] = report or tuple(
            InputRecord(d.source, d.doc_id, "processed", "") for d in self._documents
        )

    def __len__(self) -> int:
        return len(self._documents)

    def __getitem__(self, i):
        return self._documents[i]

    def __iter__(self) -> Iterator[Document]:
        return iter(self._documents)

    def get(self, doc_id: str) -> Document:
        """The document with ``doc_id``; raises ``KeyError`` [F111] if absent."""
        try:
            return self._by_id[doc_id]
        except KeyError:
            raise DocumentNotFoundError("F111", doc_id=doc_id) from None

    def counts(self) -> dict[str, Any]:
        """Inputs, processed, skipped and skipped by reason (sorted)."""
        skipped = Counter(r.reason for r in self.report if r.status == "skipped")
        processed = sum(1 for r in self.report if r.status == "processed")
        return {
            "inputs": len(self.report),
            "processed": processed,
            "skipped": sum(skipped.values()),
            "skipped_by_reason": dict(sorted(skipped.items())),
        }

    def report_frame(self):
        """The input report as a pandas DataFrame (one row per input)."""
        import pandas as pd

        cols = ["source", "line", "doc_id", "status", "reason", "detail"]
        frame = pd.DataFrame([[getattr(r, c) for c in cols] for r in self.report], columns=cols)
        return frame.astype({"line": "Int64"})

    def __repr__(self) -> str:
        c = self.counts()
        return f"Corpus({c['processed']} documents, {c['skipped']} skipped of {c['inputs']} inputs)"


# ----------------------------------------------------------------------------------------------- decoding
class _Skip(Exception):
    def __init__(self, reason: str, detail: str) -> None:
        self.reason, self.detail = reason, detail


def _decode(data: bytes, source: str, on_decode_error: str) -> tuple[str, str]:
    """Decode bytes as UTF-8 (BOM removed) or BOM-marked UTF-16/UTF-32; raise _Skip for
    empty/binary/undecodable.

    Returns the text and a note (``""`` or ``"decoded-with-replacements: ..."``) for the input report.
    """
    note = ""
    if not data:
        raise _Skip("empty", "file has no bytes")
    codec = next((c for bom, c in BOMS if data.startswith(bom)), None)
    if codec is not None:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError as exc:
            raise _Skip("decode-error", f"invalid {codec.upper()} at byte {exc.start}") from None
    else:
        if b"\x00" in data[:BINARY_SNIFF_BYTES]:
            raise _Skip(
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
                raise _Skip("decode-error", f"invalid UTF-8 at byte {exc.start} ({exc.reason})") from None
            text = data.decode("utf-8", errors="replace")
            bad = _count_invalid(data)
            note = f"decoded-with-replacements: {bad} invalid byte(s), first at byte {exc.start}"
            warnings.warn(CorpusWarning("W101", path=source, count=bad, position=exc.start), stacklevel=4)
    if not text.strip():
        raise _Skip("empty", "only white space")
    return text, note


def _count_invalid(data: bytes) -> int:
    """Number of U+FFFD characters that decoding with errors='replace' introduces."""
    return data.decode("utf-8", errors="replace").count("\ufffd") - data.decode("utf-8", errors="ignore").count(
        "\ufffd"
    )


#: Bytes read at a time when a JSONL or CSV file is checked before it is streamed.
_BLOCK = 1 << 20
_UTF8_BOM = b"\xef\xbb\xbf"


def _sniff_utf8(fh: IO[bytes], source: str, on_decode_error: str) -> tuple[bool, str]:
    """Check a JSONL/CSV file before streaming it, with the outcomes of :func:`_decode` on the whole file.

    Returns ``(False, "")`` for a file with a UTF-16/32 byte order mark (read whole with :func:`_decode`),
    else ``(True, note)``: stream it as UTF-8, with replacements if ``note`` says so. Raises ``_Skip`` for an
    empty, binary, undecodable (``on_decode_error="skip"``) or blank file. Reads the file once, a block at a
    time (twice when it has invalid bytes, to count them)."""
    head = fh.read(BINARY_SNIFF_BYTES)
    if not head:
        raise _Skip("empty", "file has no bytes")
    if any(head.startswith(bom) for bom, _ in BOMS):
        return False, ""
    if b"\x00" in head:
        raise _Skip(
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
            raise _Skip("decode-error", f"invalid UTF-8 at byte {position} ({reason})")
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
        raise _Skip("empty", "only white space")
    fh.seek(start)
    return True, note


def _open_regular(path: Path) -> IO[bytes]:
    """``path`` opened for reading if it is a regular file; raises ``_Skip("unreadable")`` if it is not.

    The caller has checked ``path.is_file()``, but the file can be replaced between that check and the open
    (by a FIFO, whose ``open`` waits for a writer for ever). So it is opened non-blocking, checked with
    ``fstat`` on the open descriptor (what is read is what was checked), and only then made blocking again."""
    nonblock = getattr(os, "O_NONBLOCK", 0)
    fd = os.open(path, os.O_RDONLY | nonblock | getattr(os, "O_NOCTTY", 0) | getattr(os, "O_BINARY", 0))
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise _Skip("unreadable", "not a regular file (it was replaced after it was listed)")
        if nonblock:
            os.set_blocking(fd, True)
        return open(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def _utf8_lines(fh: IO[bytes], errors: str) -> Iterator[str]:
    """The lines of a UTF-8 file (after any BOM), split as ``_JSONL_LINE_BREAK.split`` splits the decoded
    text, reading one ``\\n``-terminated chunk at a time (a trailing empty line is not yielded)."""
    for raw in iter(fh.readline, b""):
        text = raw.decode("utf-8", errors)
        if text.endswith("\n"):
            text = text[:-2] if text.endswith("\r\n") else text[:-1]
        yield from text.split("\r")


# ---------------------------------------------------------------------------------------------- chrome
def _find_chrome(text: str, rules: ChromeRules | None) -> tuple[tuple[tuple[int, int, str], ...], dict]:
    if rules is None:
        return (), {}
    line_re, date_re = rules.compiled()
    excluded: list[tuple[int, int, str]] = []
    meta: dict[str, str] = {}
    first_content_seen = False
    for m in re.finditer(r"[^\r\n]+", text):
        line = m.group()
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        start, end = m.start() + lead, m.start() + lead + len(stripped)
        if line_re is not None and len(stripped) <= CHROME_MAX_CHARS and line_re.match(stripped):
            excluded.append((start, end, "chrome"))
            continue
        if not first_content_seen:
            first_content_seen = True
            if date_re is not None:
                d = date_re.match(text, start, min(end, start + CHROME_MAX_CHARS))
                if d is not None:
                    excluded.append((start, d.end(), "dateline"))
                    meta["dateline"] = d.group("dateline")
                    if d.groupdict().get("agency"):
                        meta["agency"] = d.group("agency")
    return tuple(excluded), meta


def mark_turns(doc: Document) -> Document:
    """Mark ``Name:`` speaker-turn labels at paragraph starts as excluded spans with reason ``turn``.

    For transcripts (press conferences, interviews): the label is kept out of passages and the attribution
    step gives the paragraphs up to the next label to the labelled speaker. Which documents are
    transcripts is the caller's knowledge (``read_corpus(..., turns=True)``, or the corpus reader).
    """
    cut = sorted(doc.excluded)
    spans = []
    for m in re.finditer(r"(?:^|(?<=\n))[ \t]*(?=\S)", doc.text):
        start = m.end()
        if any(s <= start < e for s, e, _ in cut):
            continue
        t = TURN_LABEL.match(doc.text, start)
        if t is not None and _is_turn_label(t.group("label")):
            spans.append((t.start(), t.end(), "turn"))
    if not spans:
        return doc
    return Document(doc.doc_id, doc.text, doc.meta, tuple(sorted((*doc.excluded, *spans))), doc.source)


# ---------------------------------------------------------------------------------------------- readers
@dataclass
class _Reader:
    text_field: str
    id_field: str
    on_decode_error: str
    chrome: ChromeRules | None
    pending: deque[tuple[InputRecord, Document | None]] = field(default_factory=deque)
    seen: dict[str, tuple[str, str]] = field(default_factory=dict)  # id -> (raw id as JSON, where it was read)
    escaped_names: list[str] = field(default_factory=list)  # file names that were not UTF-8, escaped
    file: IO[bytes] | None = None  # the file being read
    file_done: int = 0  # bytes of it read once it is closed

    def consumed(self) -> int:
        """Bytes of the current file read so far (for progress)."""
        if self.file is not None and not self.file.closed:
            with contextlib.suppress(OSError, ValueError):
                return self.file.tell()
        return self.file_done

    def skip(self, source: str, doc_id: str | None, reason: str, detail: str, line: int | None = None) -> None:
        self.pending.append((InputRecord(source, doc_id, "skipped", reason, detail, line), None))

    def drain(self) -> Iterator[tuple[InputRecord, Document | None]]:
        while self.pending:
            yield self.pending.popleft()

    def add(
        self,
        source: str,
        doc_id: str,
        text: str,
        meta: dict[str, Any],
        note: str = "",
        line: int | None = None,
        raw_id: Any = None,
    ) -> None:
        raw = _json_text(doc_id if raw_id is None else raw_id)
        if doc_id in self.seen:
            first_raw, first_where = self.seen[doc_id]
            detail = f"document id {doc_id!r} was already read ({first_where})"
            if raw != first_raw:
                detail += f"; ids are compared as text: this record's id is {raw}, that one's {first_raw}"
            self.skip(source, doc_id, "duplicate-id", detail, line)
            return
        excluded, chrome_meta = _find_chrome(text, self.chrome)
        meta = {**chrome_meta, **meta}
        self.seen[doc_id] = (raw, source if line is None else f"{source}, line {line}")
        reason, _, detail = note.partition(": ")
        record = InputRecord(source, doc_id, "processed", reason, detail, line)
        self.pending.append((record, Document(doc_id, text, meta, excluded, source)))

    def read_path(self, path: Path, root: Path | None) -> Iterator[tuple[InputRecord, Document | None]]:
        """Every input in the file at ``path``, as (record, document or None), one record at a time: JSONL
        and CSV files in UTF-8 are streamed, never held whole in memory."""
        suffix = path.suffix.lower()
        source = _escape_name(path.as_posix())
        if source != path.as_posix():
            self.escaped_names.append(source)
        if suffix not in SUPPORTED_SUFFIXES:
            self.skip(source, None, "unsupported-format", f"suffix {suffix!r} is not one of {SUPPORTED_SUFFIXES}")
            yield from self.drain()
            return
        stem = _escape_name(path.relative_to(root).with_suffix("").as_posix() if root is not None else path.stem)
        if not path.is_file():  # never open a FIFO or a device: reading one can block for ever
            what = "a dangling symlink" if path.is_symlink() and not path.exists() else "not a regular file"
            self.skip(source, stem if suffix == ".txt" else None, "unreadable", what)
            yield from self.drain()
            return
        records = 0
        self.file_done = 0
        try:
            with _open_regular(path) as fh:
                self.file = fh
                for _ in self._read_file(fh, suffix, source, stem):
                    records += len(self.pending)
                    yield from self.drain()
                records += len(self.pending)
        except _Skip as s:
            self.skip(source, stem if suffix == ".txt" else None, s.reason, s.detail)
            records += 1
        except OSError as exc:
            self.skip(source, stem if suffix == ".txt" else None, "unreadable", exc.strerror or str(exc))
            records += 1
        finally:
            self.file, self.file_done = None, _size(path)
        if not records:  # a CSV header without rows: the file is still an input
            self.skip(source, None, "empty", "no records")
        yield from self.drain()

    def _read_file(self, fh: IO[bytes], suffix: str, source: str, stem: str) -> Iterator[None]:
        """Read one open file, yielding after each record (the caller drains ``pending``)."""
        try:
            stream, note = (False, "") if suffix == ".txt" else _sniff_utf8(fh, source, self.on_decode_error)
            if stream:
                errors = "replace" if note else "strict"
                if suffix == ".jsonl":
                    yield from self.read_jsonl(_utf8_lines(fh, errors), source, stem, note)
                else:
                    size = os.fstat(fh.fileno()).st_size
                    text_stream = io.TextIOWrapper(fh, encoding="utf-8-sig", errors=errors, newline="")
                    try:
                        yield from self.read_csv(text_stream, size, source, stem, note)
                    finally:
                        text_stream.detach()
                return
            fh.seek(0)
            text, note = _decode(fh.read(), source, self.on_decode_error)
        except _Skip as s:
            self.skip(source, stem if suffix == ".txt" else None, s.reason, s.detail)
            yield
            return
        if suffix == ".txt":
            self.add(source, stem, text, {"source": source}, note)
            yield
        elif suffix == ".jsonl":
            yield from self.read_jsonl(_JSONL_LINE_BREAK.split(text), source, stem, note)
        else:
            yield from self.read_csv(io.StringIO(text, newline=""), len(text), source, stem, note)

    def record(self, raw: Mapping[str, Any], source: str, line: int, fallback_id: str, note: str) -> None:
        text = raw.get(self.text_field)
        raw_id = raw.get(self.id_field)
        if raw_id is None or raw_id == "":
            raw_id, doc_id = None, fallback_id
        else:
            doc_id = _clean(_id_text(raw_id))[0]
        if text is None:
            fields = ", ".join(sorted(map(str, raw))) or "none"
            self.skip(source, doc_id, "missing-field", f"no field {self.text_field!r} (fields: {fields})", line)
            return
        if not isinstance(text, str):
            self.skip(
                source, doc_id, "missing-field", f"field {self.text_field!r} is {type(text).__name__}, not text", line
            )
            return
        if not text.strip():
            self.skip(source, doc_id, "empty", f"field {self.text_field!r} is empty", line)
            return
        meta = {
            k: (tuple(v) if isinstance(v, list) else v)
            for k, v in raw.items()
            if k not in (self.text_field, self.id_field)
            and not isinstance(v, dict)
            and not (isinstance(v, list) and not all(isinstance(x, str | int | float | bool) for x in v))
        }
        text, bad = _clean(text)
        if any(
            _clean(k)[1] or _clean(v)[1] or (isinstance(v, tuple) and any(_clean(x)[1] for x in v))
            for k, v in meta.items()
        ):
            cleaned = {}
            for k, v in meta.items():
                k, n_k = _clean(k)
                v, n_v = _clean(v) if isinstance(v, str) else (v, 0)
                if isinstance(v, tuple):
                    parts = [_clean(x) if isinstance(x, str) else (x, 0) for x in v]
                    v, n_v = tuple(x for x, _ in parts), sum(n for _, n in parts)
                cleaned[k] = v
                bad += n_k + n_v
            meta = cleaned
        if bad:
            warnings.warn(CorpusWarning("W104", path=source, line=line, count=bad), stacklevel=5)
            note = note or f"decoded-with-replacements: {bad} unpaired surrogate escape(s) replaced with U+FFFD"
        meta.setdefault("source", source)
        meta.setdefault("line", line)
        self.add(source, doc_id, text, meta, note, line, raw_id)

    def read_jsonl(self, lines: Iterable[str], source: str, stem: str, note: str) -> Iterator[None]:
        # lines split by _JSONL_LINE_BREAK, not str.splitlines: that would also split on U+2028 etc., which JSON
        # strings may hold raw
        for lineno, line in enumerate(lines, start=1):
            yield
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
            except json.JSONDecodeError as exc:
                self.skip(source, None, "invalid-json", f"line {lineno}: {exc.msg} (column {exc.colno})", lineno)
                continue
            except (ValueError, RecursionError) as exc:  # an integer of over 4,300 digits; nesting too deep
                reason = "nested too deeply" if isinstance(exc, RecursionError) else str(exc).split(";")[0]
                self.skip(source, None, "invalid-json", f"line {lineno}: {reason}", lineno)
                continue
            if not isinstance(raw, dict):
                self.skip(
                    source,
                    None,
                    "invalid-json",
                    f"line {lineno}: a JSON object is expected, not {type(raw).__name__}",
                    lineno,
                )
                continue
            self.record(raw, source, lineno, f"{stem}:{lineno}", note)

    def read_csv(self, text: IO[str], size: int, source: str, stem: str, note: str) -> Iterator[None]:
        # the csv module refuses fields over 131,072 characters by default; a speech can be longer. The limit
        # is process-wide, so it is raised for this file only (``size``: its length) and put back.
        limit = csv.field_size_limit()
        csv.field_size_limit(max(limit, size + 1))
        try:
            yield from self._read_csv(text, source, stem, note)
        finally:
            csv.field_size_limit(limit)

    def _read_csv(self, text: IO[str], source: str, stem: str, note: str) -> Iterator[None]:
        reader = csv.DictReader(text)
        try:
            columns = reader.fieldnames or []
        except csv.Error as exc:
            raise CorpusError("F107", path=source, detail=f"line {reader.line_num}: {exc}") from None
        if self.text_field not in columns:
            raise CorpusError("F103", path=source, field=self.text_field, columns=", ".join(columns) or "none")
        for name in (self.text_field, self.id_field):
            if columns.count(name) > 1:
                raise CorpusError("F107", path=source, detail=f"line 1: the header has the column {name!r} twice")
        try:
            for row in reader:
                yield
                if None in row or None in row.values():
                    found = len(columns) + len(row.get(None, ())) - sum(v is None for v in row.values())
                    self.skip(
                        source,
                        None,
                        "malformed-row",
                        f"row has {found} fields, header has {len(columns)}",
                        reader.line_num,
                    )
                    continue
                self.record(row, source, reader.line_num, f"{stem}:{reader.line_num}", note)
        except csv.Error as exc:
            raise CorpusError("F107", path=source, detail=f"line {reader.line_num}: {exc}") from None


def _id_text(raw_id: Any) -> str:
    """A record's id as text: a string as it is, any other JSON value as its compact JSON text (``1``,
    ``1.5``, ``true``); see the module docstring."""
    return raw_id if isinstance(raw_id, str) else _json_text(raw_id)


def _json_text(value: Any) -> str:
    """``value`` as compact JSON (for ids and the details that show them), lone surrogates as U+FFFD."""
    return _clean(json.dumps(value, ensure_ascii=False, separators=(",", ":")))[0]


def _clean(text: Any) -> tuple[Any, int]:
    """``text`` with lone surrogates replaced by U+FFFD, and how many; other values unchanged."""
    if not isinstance(text, str) or not _SURROGATE.search(text):
        return text, 0
    return _SURROGATE.subn("\ufffd", text)


def _expand(inputs: str | Path | Iterable[str | Path]) -> list[tuple[Path, Path | None]]:
    """The files to read: every non-hidden entry under a folder that is not a folder (a dangling symlink or a
    FIFO is listed too, and reported ``unreadable``), and every file named."""
    if isinstance(inputs, str | Path):
        inputs = [inputs]
    out: list[tuple[Path, Path | None]] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files = sorted(
                p
                for p in path.rglob("*")
                if not p.is_dir() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            out.extend((p, path) for p in files)
        elif path.exists() or path.is_symlink():
            out.append((path, None))
        else:
            raise CorpusError("F101", path=_escape_name(str(item)))
    return out


def read_corpus(
    inputs: str | Path | Iterable[str | Path],
    *,
    text_field: str = "text",
    id_field: str = "id",
    on_decode_error: str = "replace",
    chrome: ChromeRules | None = ChromeRules(),
    turns: bool = False,
) -> Corpus:
    """Read documents from files and folders into a :class:`Corpus`.

    Parameters
    ----------
    inputs:
        A path or paths: ``.txt`` files (one document each, id = file stem, or the path relative to the
        folder given), folders (read recursively, sorted; hidden files and folders ignored), ``.jsonl`` files (one JSON
        object per line) and ``.csv`` files (a header row). In JSONL/CSV the text is ``text_field``, the id
        is ``id_field`` (default: ``<file stem>:<line>``) and other scalar fields become metadata.
    on_decode_error:
        What to do with invalid UTF-8: ``"replace"`` (default: keep the document with U+FFFD in place of
        bad bytes, and warn), ``"skip"`` (skip it, reason ``decode-error``) or ``"raise"``.
    chrome:
        :class:`ChromeRules` for site chrome and datelines, or ``None`` to keep every line as text.
    turns:
        ``True`` for transcripts: mark ``Name:`` speaker-turn labels (see :func:`mark_turns`); the
        dateline rule is then off, since a first line ``Name: text`` is a turn, not a dateline.

    Files with a UTF-8 BOM are read without it; files with a UTF-16 or UTF-32 BOM are decoded as such. CRLF
    and CR line ends are kept in the text (offsets point into it) and split JSONL lines. Empty and binary
    files, files that cannot be read (a dangling symlink, a FIFO, no permission), bad JSON lines, CSV rows of
    the wrong width, records without text and duplicate ids are skipped with a reason, never dropped
    silently: see :attr:`Corpus.report`. Unpaired surrogate escapes in JSON (``"\\ud800"``) are replaced by
    U+FFFD with a warning. A warning summarises the skips.
    """
    stream = iter_corpus(
        inputs, text_field=text_field, id_field=id_field, on_decode_error=on_decode_error, chrome=chrome, turns=turns
    )
    return stream.collect()


#: A per-input step of a :class:`CorpusStream`: ``(record, document or None)`` in, the pair to yield out.
Transform = Callable[[InputRecord, "Document | None"], tuple[InputRecord, "Document | None"]]


class CorpusStream(Iterable[tuple[InputRecord, "Document | None"]]):
    """Documents read lazily (see :func:`iter_corpus`): iterating yields ``(record, document)`` for every
    input in input order, ``document`` being ``None`` for a skipped input. It can be iterated once.

    ``total_bytes`` is the size of the input files, ``bytes_read`` how much of it has been read so far (for
    progress), and :meth:`counts` the counts so far, as :meth:`Corpus.counts` gives them. A ``transform``
    (see :func:`iter_corpus`) is applied to every item before it is counted and yielded."""

    def __init__(
        self, paths: list[tuple[Path, Path | None]], reader: _Reader, turns: bool, transform: Transform | None = None
    ) -> None:
        self._paths = paths
        self._reader = reader
        self._turns = turns
        self._transform = transform
        self._done_bytes = 0
        self._started = False
        self._skipped: Counter = Counter()
        self._inputs = 0
        self.total_bytes = sum(_size(p) for p, _ in paths)

    @property
    def paths(self) -> tuple[Path, ...]:
        """The files and folders this stream reads, as given (a folder once, not each of its files)."""
        return tuple(dict.fromkeys(root if root is not None else path for path, root in self._paths))

    @property
    def bytes_read(self) -> int:
        return self._done_bytes + self._reader.consumed()

    def counts(self) -> dict[str, Any]:
        skipped = sum(self._skipped.values())
        return {
            "inputs": self._inputs,
            "processed": self._inputs - skipped,
            "skipped": skipped,
            "skipped_by_reason": dict(sorted(self._skipped.items())),
        }

    def collect(self) -> Corpus:
        """The whole stream as a :class:`Corpus`: its documents, and its report on every input."""
        report, documents = [], []
        for record, doc in self:
            report.append(record)
            if doc is not None:
                documents.append(doc)
        return Corpus(documents, report)

    def __iter__(self) -> Iterator[tuple[InputRecord, Document | None]]:
        if self._started:
            raise RunError("F114")
        self._started = True
        for path, root in self._paths:
            for record, doc in self._reader.read_path(path, root):
                if self._turns and doc is not None:
                    doc = mark_turns(doc)
                if self._transform is not None:
                    record, doc = self._transform(record, doc)
                self._inputs += 1
                if record.status != "processed":
                    self._skipped[record.reason] += 1
                yield record, doc
            self._done_bytes += _size(path)
            self._reader.file_done = 0
        c = self.counts()
        if c["skipped"]:
            reasons = ", ".join(f"{n} {r}" for r, n in c["skipped_by_reason"].items())
            warnings.warn(CorpusWarning("W102", skipped=c["skipped"], total=c["inputs"], reasons=reasons), stacklevel=3)
        if escaped := self._reader.escaped_names:
            warnings.warn(CorpusWarning("W105", count=len(escaped), first=escaped[0]), stacklevel=3)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def possible_fields(
    inputs: str | Path | Iterable[str | Path], *, text_field: str = "text", id_field: str = "id"
) -> frozenset[str] | None:
    """The metadata fields documents read from ``inputs`` can have, known without reading them: ``source``
    and ``dateline`` for ``.txt`` files, ``source``, ``line`` and the header's columns for CSV files; ``None``
    when it cannot be known before reading (a JSONL file: each record has its own fields)."""
    fields = {"source"}
    for path, _ in _expand(inputs):
        suffix = path.suffix.lower()
        if suffix == ".txt":
            fields.add("dateline")
        elif suffix == ".csv":
            try:
                with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as fh:
                    header = next(csv.reader([fh.readline()]), [])
            except OSError:
                return None
            fields.update({"line", *(c for c in header if c not in (text_field, id_field))})
        elif suffix == ".jsonl":
            return None  # each record has its own fields: known only once read
    return frozenset(fields)


def iter_corpus(
    inputs: str | Path | Iterable[str | Path],
    *,
    text_field: str = "text",
    id_field: str = "id",
    on_decode_error: str = "replace",
    chrome: ChromeRules | None = ChromeRules(),
    turns: bool = False,
    transform: Transform | None = None,
) -> CorpusStream:
    """Read documents lazily: the :class:`CorpusStream` of :func:`read_corpus` (same arguments, same
    documents, same report on every input), one input at a time. JSONL and CSV files are read a record at a
    time, so memory does not grow with the file (a ``.txt`` file is one document and is read whole).

    ``transform``, if given, takes each ``(record, document or None)`` as read (turns marked) and returns
    the pair to yield instead, one input at a time: the readers of :mod:`framing.corpora` add their metadata
    with it. It must keep the record's status and reason, and a document for a processed record.

    Missing inputs and an input without files raise at once (before anything is read); errors inside a file
    (``on_decode_error="raise"``, a CSV without the text column) when the stream reaches it."""
    if on_decode_error not in ("replace", "skip", "raise"):
        raise CorpusError("F106", value=on_decode_error)
    paths = _expand(inputs)
    if not paths:
        raise CorpusError("F105", detail="the inputs contain no files")
    if turns and chrome is not None:
        chrome = ChromeRules(line_patterns=chrome.line_patterns, dateline=None)
    return CorpusStream(paths, _Reader(text_field, id_field, on_decode_error, chrome), turns, transform)
