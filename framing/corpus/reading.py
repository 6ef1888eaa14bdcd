"""Corpus: documents, their metadata, and an account of every input.

``read_corpus`` reads ``.txt`` files, folders of them, ``.jsonl`` and ``.csv`` files with a text field plus
metadata. Each :class:`Document` keeps its decoded text untouched (offsets everywhere in the toolkit point
into it) and has a stable id. Every input is accounted for in :attr:`Corpus.report`: processed, or skipped
with a reason (``empty``, ``binary``, ``decode-error``, ``invalid-json``, ``missing-field``,
``malformed-row``, ``duplicate-id``, ``unsupported-format``, ``unreadable``), so
``inputs == processed + skipped`` always holds.

The model (:class:`Document`, :class:`Corpus`, …) is in :mod:`framing.corpus.model`, the decoding of the bytes
of a file in :mod:`framing.corpus.decoding`, the clean-up of site chrome, datelines and transcript turns in
:mod:`framing.corpus.cleanup`; this module reads files and folders into them, one input at a time.

File names and ids are made as :mod:`framing.corpus.ids` says.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import re
import warnings
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from ..errors import CorpusError, CorpusWarning, RunError
from .cleanup import TRANSCRIPT_FIELDS, find_chrome, mark_transcript, mark_turns
from .dates import DERIVED_DATE_FIELDS, date_fields
from .decoding import Skip, decode_input, open_regular, sniff_utf8, utf8_lines
from .ids import clean, escape_name, id_text, json_text
from .model import ChromeRules, Corpus, Document, InputRecord, Transform

__all__ = [
    "SUPPORTED_SUFFIXES",
    "CorpusStream",
    "iter_corpus",
    "possible_fields",
    "read_corpus",
]

SUPPORTED_SUFFIXES = (".txt", ".jsonl", ".csv")

#: Line breaks of a JSONL file. JSON strings cannot hold a raw CR or LF, so a file with old Mac (CR) line
#: ends splits as well as one with LF or CRLF; U+2028 and U+2029, legal raw inside JSON strings, do not split.
_JSONL_LINE_BREAK = re.compile(r"\r\n|\r|\n")


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
        raw = json_text(doc_id if raw_id is None else raw_id)
        if doc_id in self.seen:
            first_raw, first_where = self.seen[doc_id]
            detail = f"document id {doc_id!r} was already read ({first_where})"
            if raw != first_raw:
                detail += f"; ids are compared as text: this record's id is {raw}, that one's {first_raw}"
            self.skip(source, doc_id, "duplicate-id", detail, line)
            return
        excluded, chrome_meta = find_chrome(text, self.chrome)
        meta = {**chrome_meta, **meta}
        meta.update(date_fields(meta))  # year and month from an ISO date, for every input format
        self.seen[doc_id] = (raw, source if line is None else f"{source}, line {line}")
        reason, _, detail = note.partition(": ")
        record = InputRecord(source, doc_id, "processed", reason, detail, line)
        self.pending.append((record, Document(doc_id, text, meta, excluded, source)))

    def read_path(self, path: Path, root: Path | None) -> Iterator[tuple[InputRecord, Document | None]]:
        """Every input in the file at ``path``, as (record, document or None), one record at a time: JSONL
        and CSV files in UTF-8 are streamed, never held whole in memory."""
        suffix = path.suffix.lower()
        source = escape_name(path.as_posix())
        if source != path.as_posix():
            self.escaped_names.append(source)
        if suffix not in SUPPORTED_SUFFIXES:
            self.skip(source, None, "unsupported-format", f"suffix {suffix!r} is not one of {SUPPORTED_SUFFIXES}")
            yield from self.drain()
            return
        stem = escape_name(path.relative_to(root).with_suffix("").as_posix() if root is not None else path.stem)
        if not path.is_file():  # never open a FIFO or a device: reading one can block for ever
            what = "a dangling symlink" if path.is_symlink() and not path.exists() else "not a regular file"
            self.skip(source, stem if suffix == ".txt" else None, "unreadable", what)
            yield from self.drain()
            return
        records = 0
        self.file_done = 0
        try:
            with open_regular(path) as fh:
                self.file = fh
                for _ in self._read_file(fh, suffix, source, stem):
                    records += len(self.pending)
                    yield from self.drain()
                records += len(self.pending)
        except Skip as s:
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
            stream, note = (False, "") if suffix == ".txt" else sniff_utf8(fh, source, self.on_decode_error)
            if stream:
                errors = "replace" if note else "strict"
                if suffix == ".jsonl":
                    yield from self.read_jsonl(utf8_lines(fh, errors), source, stem, note)
                else:
                    size = os.fstat(fh.fileno()).st_size
                    text_stream = io.TextIOWrapper(fh, encoding="utf-8-sig", errors=errors, newline="")
                    try:
                        yield from self.read_csv(text_stream, size, source, stem, note)
                    finally:
                        text_stream.detach()
                return
            fh.seek(0)
            text, note = decode_input(fh.read(), source, self.on_decode_error)
        except Skip as s:
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
            doc_id = clean(id_text(raw_id))[0]
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
        text, bad = clean(text)
        if any(
            clean(k)[1] or clean(v)[1] or (isinstance(v, tuple) and any(clean(x)[1] for x in v))
            for k, v in meta.items()
        ):
            cleaned = {}
            for k, v in meta.items():
                k, n_k = clean(k)
                v, n_v = clean(v) if isinstance(v, str) else (v, 0)
                if isinstance(v, tuple):
                    parts = [clean(x) if isinstance(x, str) else (x, 0) for x in v]
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
            raise CorpusError("F101", path=escape_name(str(item)))
    return out


def read_corpus(
    inputs: str | Path | Iterable[str | Path],
    *,
    text_field: str = "text",
    id_field: str = "id",
    on_decode_error: str = "replace",
    chrome: ChromeRules | None = ChromeRules(),  # noqa: B008 (frozen, immutable: safe as a default)
    turns: bool | None = None,
) -> Corpus:
    """Read documents from files and folders into a :class:`Corpus`.

    Parameters
    ----------
    inputs : str, Path or iterable of them
        A path or paths: ``.txt`` files (one document each, id = file stem, or the path relative to the
        folder given), folders (read recursively, sorted; hidden files and folders ignored), ``.jsonl``
        files (one JSON object per line) and ``.csv`` files (a header row).
    text_field : str
        The field (JSONL) or column (CSV) that holds a record's text; default ``"text"``.
    id_field : str
        The field or column of a record's id; default ``"id"`` (a record without one gets
        ``<file stem>:<line>``). The other scalar fields (and lists of scalars) become metadata; an ISO
        8601 ``date`` adds ``year`` and ``month`` when the record has none (:mod:`framing.corpus.dates`).
    on_decode_error : {"replace", "skip", "raise"}
        What to do with invalid UTF-8: ``"replace"`` (default: keep the document with U+FFFD in place of
        bad bytes, and warn), ``"skip"`` (skip it, reason ``decode-error``) or ``"raise"``.
    chrome : ChromeRules or None
        :class:`ChromeRules` for site chrome and datelines, or ``None`` to keep every line as text.
    turns : bool or None
        Whether the documents are transcripts, whose ``Name:`` speaker-turn labels are marked (see
        :func:`mark_turns`). ``None`` (default): each document is a transcript if its metadata says so
        (``transcript``), else if :func:`~framing.corpus.cleanup.detect_turns` finds speaker labels; a
        document found so gets metadata ``transcript`` (``True``) and ``transcript_reason`` (see
        :func:`~framing.corpus.cleanup.mark_transcript`). ``True``: every document is a transcript (the
        dateline rule is then off, since a first line ``Name: text`` is a turn, not a dateline). ``False``:
        none is.

    Returns
    -------
    Corpus
        The documents read, in input order, and :attr:`Corpus.report`, the account of every input.

    Raises
    ------
    CorpusError
        [F101] for an input that does not exist, [F105] when the inputs hold no file, [F106] for an unknown
        ``on_decode_error``, [F104] for invalid UTF-8 with ``on_decode_error="raise"``, [F103] for a CSV file
        without ``text_field``, [F107] for a CSV file the csv module cannot parse, [F110] for an invalid
        chrome pattern.

    Notes
    -----
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


class CorpusStream(Iterable[tuple[InputRecord, "Document | None"]]):
    """Documents read lazily (see :func:`iter_corpus`): iterating yields ``(record, document)`` for every
    input in input order, ``document`` being ``None`` for a skipped input. It can be iterated once (a second
    iteration raises :class:`~framing.errors.RunError` [F114]).

    ``total_bytes`` is the size of the input files, ``bytes_read`` how much of it has been read so far (for
    progress), and :meth:`counts` the counts so far, as :meth:`Corpus.counts` gives them. A ``transform``
    (see :func:`iter_corpus`) is applied to every item before it is counted and yielded. At the end of the
    stream a warning summarises the skips (W102) and the file names escaped (W105).

    Made by :func:`iter_corpus`, not directly.

    Parameters
    ----------
    paths : list of (Path, Path or None)
        The files to read, each with the folder it was found in (``None`` for a file named directly).
    reader : _Reader
        The reader of files (its fields, decoding policy and chrome rules).
    turns : bool or None
        Mark transcript turn labels in every document (``True``, :func:`mark_turns`), in none (``False``),
        or in those that are transcripts by their metadata or by detection (``None``, :func:`mark_transcript`).
    transform : callable, optional
        A :data:`Transform` applied to every ``(record, document)`` before it is counted and yielded.
    """

    def __init__(
        self,
        paths: list[tuple[Path, Path | None]],
        reader: _Reader,
        turns: bool | None,
        transform: Transform | None = None,
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
        """Bytes of the input files read so far (files done, and the current one's position)."""
        return self._done_bytes + self._reader.consumed()

    def counts(self) -> dict[str, Any]:
        """Inputs, processed, skipped and skipped by reason (sorted), so far: as :meth:`Corpus.counts`."""
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
                if doc is not None and self._turns is not False:
                    doc = mark_turns(doc) if self._turns else mark_transcript(doc)
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
    """The metadata fields documents read from ``inputs`` can have, known without reading them.

    Parameters
    ----------
    inputs : str, Path or iterable of them
        The inputs, as :func:`read_corpus` takes them.
    text_field, id_field : str
        The fields that are not metadata, as :func:`read_corpus` takes them.

    Returns
    -------
    frozenset of str or None
        ``source``, ``dateline``, ``transcript`` and ``transcript_reason`` (a detected transcript's, see
        :func:`~framing.corpus.cleanup.mark_transcript`) for ``.txt`` files; ``source``, ``line``,
        ``transcript``, ``transcript_reason`` and the header's columns for CSV files (with ``year`` and
        ``month`` when there is a ``date`` column, see :mod:`framing.corpus.dates`); ``None`` when it cannot
        be known before reading (a JSONL file: each record has its own fields; a CSV file that cannot be
        opened).

    Raises
    ------
    CorpusError
        [F101] for an input that does not exist.
    """
    fields = {"source"}
    for path, _ in _expand(inputs):
        suffix = path.suffix.lower()
        if suffix in (".txt", ".csv"):
            fields.update(TRANSCRIPT_FIELDS)
        if suffix == ".txt":
            fields.add("dateline")
        elif suffix == ".csv":
            try:
                with path.open("r", encoding="utf-8-sig", errors="replace", newline="") as fh:
                    header = next(csv.reader([fh.readline()]), [])
            except OSError:
                return None
            columns = {c for c in header if c not in (text_field, id_field)}
            fields.update({"line", *columns, *(DERIVED_DATE_FIELDS if "date" in columns else ())})
        elif suffix == ".jsonl":
            return None  # each record has its own fields: known only once read
    return frozenset(fields)


def iter_corpus(
    inputs: str | Path | Iterable[str | Path],
    *,
    text_field: str = "text",
    id_field: str = "id",
    on_decode_error: str = "replace",
    chrome: ChromeRules | None = ChromeRules(),  # noqa: B008 (frozen, immutable: safe as a default)
    turns: bool | None = None,
    transform: Transform | None = None,
) -> CorpusStream:
    """Read documents lazily: the :class:`CorpusStream` of :func:`read_corpus` (same arguments, same
    documents, same report on every input), one input at a time. JSONL and CSV files are read a record at a
    time, so memory does not grow with the file (a ``.txt`` file is one document and is read whole).

    Parameters
    ----------
    inputs, text_field, id_field, on_decode_error, chrome, turns
        As for :func:`read_corpus`.
    transform : callable, optional
        A :data:`Transform`: takes each ``(record, document or None)`` as read (turns marked) and returns
        the pair to yield instead, one input at a time: the readers of :mod:`framing.corpus.named` add their
        metadata with it. It must keep the record's status and reason, and a document for a processed record.

    Returns
    -------
    CorpusStream
        The stream, not yet read: iterate it once, or :meth:`CorpusStream.collect` it into a :class:`Corpus`.

    Raises
    ------
    CorpusError
        At once (before anything is read): [F106] for an unknown ``on_decode_error``, [F101] for a missing
        input, [F105] when the inputs hold no file. Errors inside a file ([F104] with
        ``on_decode_error="raise"``, [F103] for a CSV without the text column, [F107]) when the stream
        reaches it.
    """
    if on_decode_error not in ("replace", "skip", "raise"):
        raise CorpusError("F106", value=on_decode_error)
    paths = _expand(inputs)
    if not paths:
        raise CorpusError("F105", detail="the inputs contain no files")
    if turns is True and chrome is not None:
        chrome = ChromeRules(line_patterns=chrome.line_patterns, dateline=None)
    return CorpusStream(paths, _Reader(text_field, id_field, on_decode_error, chrome), turns, transform)
