"""The corpus model: documents, their metadata, the account of every input, and the clean-up rules.

A :class:`Document` keeps its decoded text untouched (offsets everywhere in the toolkit point into it) and
has a stable id; a :class:`Corpus` is the documents plus :attr:`Corpus.report`, an :class:`InputRecord`
for every input, processed or skipped with a reason, so ``inputs == processed + skipped`` always holds.
:class:`ChromeRules` are the rules of site chrome and datelines that :mod:`framing.corpus.cleanup` applies.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from ..errors import CorpusError, DocumentNotFoundError

__all__ = [
    "DEFAULT_CHROME_LINES",
    "DEFAULT_DATELINE",
    "ChromeRules",
    "Corpus",
    "Document",
    "InputRecord",
    "Transform",
]

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


@dataclass(frozen=True)
class ChromeRules:
    """Rules that mark site chrome lines and a leading dateline (see :mod:`framing.corpus.cleanup`).

    Parameters
    ----------
    line_patterns : tuple of str
        Regular expressions matched case-insensitively against whole stripped lines; default
        :data:`DEFAULT_CHROME_LINES`.
    dateline : str or None
        Regular expression with a named group ``dateline`` (and optionally ``agency``) matched at the start
        of the first non-chrome line, or ``None`` to keep datelines as text; default :data:`DEFAULT_DATELINE`.
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

    Documents are immutable and pickle (they are sent to worker processes).

    Attributes
    ----------
    doc_id : str
        The document's id, unique in its corpus: the file stem (or path relative to the folder read) of a
        ``.txt`` file, the id field of a JSONL/CSV record, or ``<file stem>:<line>``.
    text : str
        The decoded text, untouched: every offset in the toolkit points into it.
    meta : mapping of str to object
        Metadata (a JSONL/CSV record's other scalar fields, ``source``, ``line``, ``dateline``, and what a
        named reader adds), held as a read-only view.
    excluded : tuple of (int, int, str)
        ``(start, end, reason)`` spans of ``text`` that are not the document's prose, sorted; reason
        ``chrome``, ``dateline`` or ``turn`` (a transcript's speaker label). The passage segmenter skips them.
    source : str
        The file the document was read from (a name that is not UTF-8 escaped, see
        :func:`~framing.corpus.source_path`).
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
    """What happened to one input: a file, or one record of a JSONL/CSV file.

    Attributes
    ----------
    source : str
        The file of the input.
    doc_id : str or None
        The document's id, when it was known (``None`` for an input skipped before an id could be read).
    status : str
        ``"processed"`` or ``"skipped"``.
    reason : str
        For a skipped input, why (``empty``, ``binary``, ``decode-error``, ``invalid-json``,
        ``missing-field``, ``malformed-row``, ``duplicate-id``, ``unsupported-format``, ``unreadable``); for
        a processed one ``""``, or ``decoded-with-replacements`` when invalid bytes were replaced.
    detail : str
        The specifics, for a person: where and what.
    line : int or None
        The line of the record in a JSONL/CSV file; ``None`` for a whole file.
    """

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

    Parameters
    ----------
    documents : iterable of Document
        The documents, in order; their ids must be unique.
    report : iterable of InputRecord, optional
        The account of every input; default: one ``processed`` record per document.

    Raises
    ------
    CorpusError
        [F105] when two documents have the same id.
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


#: A per-input step of a :class:`CorpusStream`: ``(record, document or None)`` in, the pair to yield out.
Transform = Callable[[InputRecord, "Document | None"], tuple[InputRecord, "Document | None"]]
