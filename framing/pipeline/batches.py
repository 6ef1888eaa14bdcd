"""Batches: the unit of work of a run, and what one batch gives back.

Documents are processed in **batches** (about ``batch_size`` characters of text each, cut at document
boundaries, at most :data:`MAX_BATCH_INPUTS` inputs). :func:`process_batch` takes one batch through
segment → attribute → match table and returns its share of every output (a :class:`BatchResult`): the
lines of ``documents.csv``, ``passages.jsonl`` and ``matches.csv``, and the **additive** aggregates the
statistics need. A document lies in one batch, so the merge (:mod:`.merge`) only concatenates and adds up.

The batches of a run come from :func:`local_batches` (files, a stream or a ready corpus read in this
process) or, on Dask, from the partitions of a bag (:mod:`.dask`); :func:`cut_batches` cuts any sequence of
(record, document) items.
"""

from __future__ import annotations

import itertools
import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import pandas as pd

from ..actors import ActorRegistry, Attribution, SpeakerAttributor, frame_targets
from ..compare import (
    FrameCounts,
    UnitTable,
    concat_units,
    frame_counts,
    target_table,
    term_counts,
    unit_table,
)
from ..corpus import Corpus, CorpusStream, Document, InputRecord, iter_corpus
from ..lexicon import Lexicon, match_table
from ..passages import Passage, segment
from .config import RunConfig
from .writing import documents_csv, matches_csv, passages_jsonl

__all__ = [
    "MAX_BATCH_INPUTS",
    "Batch",
    "BatchResult",
    "BatchSpec",
    "as_paths",
    "corpus_items",
    "cut_batches",
    "grouping_fields",
    "input_paths",
    "local_batches",
    "process_batch",
]

#: At most this many inputs per batch, so that a long run of skipped records (or tiny documents) is cut too.
MAX_BATCH_INPUTS = 20_000

#: A (record, document) pair of a corpus: a processed input comes with its document, a skipped one without
#: (and a document of a selection without its record, see :func:`corpus_items`).
Item = tuple[InputRecord | None, Document | None]


@dataclass
class Batch:
    """Consecutive inputs: every input's report record, and the documents among them, in input order.

    Attributes
    ----------
    index : int
        The batch's position in the run (0, 1, …); the merge takes results in this order.
    records : list of InputRecord
        The report records of the batch's inputs, processed and skipped.
    documents : list of Document
        The documents of the processed inputs, in input order.
    done : int or None
        Input bytes consumed once this batch was read (for the progress line), if known.
    """

    index: int
    records: list[InputRecord]
    documents: list[Document]
    done: int | None = None  # input bytes consumed once this batch was read (for progress), if known


@dataclass
class BatchSpec:
    """What every batch needs besides its documents; sent once to each worker process.

    Attributes
    ----------
    lexicon : Lexicon
        The lexicon matched against the passages.
    registry : ActorRegistry
        The actor registry of the attribution (and of ``level``).
    unit, paragraphs, credit : str
        As the fields of :class:`~framing.pipeline.RunConfig` of the same names.
    statistics : bool
        Return the aggregates of the statistics (units and term counts).
    level, by, speaker_field, group_by : str or None
        As the fields of :class:`~framing.pipeline.RunConfig`: how the units are grouped.
    target : str or None
        As :class:`~framing.pipeline.RunConfig`'s: count only the matches that frame this actor.
    model_fields : tuple of str
        The metadata fields the count model's formula needs (``RunConfig.model``), kept for each document.
    keep : bool
        Return the passages, attributions and the match table (an in-memory analysis).
    write : bool
        Return the lines of ``documents.csv``, ``passages.jsonl`` and ``matches.csv``.
    return_documents : bool
        Return the records, documents and document ids too (batches made on a Dask worker).
    """

    lexicon: Lexicon
    registry: ActorRegistry
    unit: str = "sentence"
    paragraphs: str = "line"
    credit: str = "passage"
    statistics: bool = True
    level: str | None = None
    by: str | None = None
    speaker_field: str | None = None
    group_by: str | None = None
    target: str | None = None  # count only the matches that frame this actor (unit_table's target)
    model_fields: tuple[str, ...] = ()  # metadata fields of the count model, kept per document
    keep: bool = False  # return passages, attributions and the match table (in-memory analysis)
    write: bool = False  # return the lines of documents.csv, passages.jsonl and matches.csv
    return_documents: bool = False  # return the documents too (batches made on a Dask worker)

    @cached_property
    def attributor(self) -> SpeakerAttributor:
        return SpeakerAttributor(self.registry)

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "attributor"}


@dataclass
class BatchResult:
    """One batch's share of a run: output lines, additive aggregates and counts (see the module docstring).

    Attributes
    ----------
    index : int
        The batch's position in the run.
    inputs, processed : int
        Inputs of the batch, and those processed into a document.
    skipped : Counter
        Skipped inputs by reason.
    documents, passages, matches, negated : int
        Documents analysed, their passages, lexicon matches and negated matches.
    text_chars : int
        Characters of document text (the progress when the input size is not known).
    done : int or None
        Input bytes consumed once the batch was read, if known.
    sources : list of str
        The input files of the batch's records (sorted).
    frames : FrameCounts
        The actor × category counts of the actor frames.
    units : UnitTable or None
        The (group, document) units of the statistics (``spec.statistics``).
    terms : dict of str to Counter, or None
        Word counts per group for term keyness (``spec.statistics``).
    documents_csv, passages_jsonl, matches_csv : str
        The batch's lines of the three per-document files (``spec.write``), without header.
    warnings : list
        Warnings raised while processing, re-raised by the merge in the calling process.
    missing_fields : Counter
        Documents without the ``by`` / ``speaker_field`` / ``group_by`` metadata field, by option.
    fields : set of str
        Metadata fields seen with a value (only counted when a run groups by metadata).
    document_meta : dict of str to dict
        Each document's values of ``spec.model_fields`` (only those: a few values per document).
    doc_ids : list of str or None
        The document ids (``spec.return_documents``), to check that a bag's ids are unique.
    kept_records, kept_documents, kept_passages, kept_attributions, kept_matches : optional
        What an in-memory analysis keeps (``spec.keep``; records and documents with ``return_documents``).
    """

    index: int
    inputs: int
    processed: int
    skipped: Counter
    documents: int
    passages: int
    matches: int
    negated: int
    text_chars: int
    done: int | None
    sources: list[str]
    frames: FrameCounts
    units: UnitTable | None = None
    terms: dict[str, Counter] | None = None
    targets: pd.DataFrame | None = None
    documents_csv: str = ""
    passages_jsonl: str = ""
    matches_csv: str = ""
    warnings: list[Warning | str] = field(default_factory=list)
    missing_fields: Counter = field(default_factory=Counter)  # documents without a by / grouping field
    fields: set[str] = field(default_factory=set)  # metadata fields seen
    document_meta: dict[str, dict[str, Any]] = field(default_factory=dict)  # the model's fields per document
    doc_ids: list[str] | None = None
    kept_records: list[InputRecord] | None = None
    kept_documents: list[Document] | None = None
    kept_passages: list[Passage] | None = None
    kept_attributions: list[Attribution] | None = None
    kept_matches: pd.DataFrame | None = None


# ------------------------------------------------------------------------------------ one batch's work
def process_batch(batch: Batch, spec: BatchSpec) -> BatchResult:
    """Segment, attribute and match one batch of documents and return its share of the run.

    Warnings raised on the way are returned (and re-raised by the merge in the calling process), so that
    they reach the user the same way whether the batch ran here or in another process.

    Parameters
    ----------
    batch : Batch
        The inputs and documents to process.
    spec : BatchSpec
        The lexicon, registry and options, and what to return (``keep``, ``write``, ``return_documents``).

    Returns
    -------
    BatchResult
        The batch's counts, aggregates and, as ``spec`` asks, its output lines and kept objects.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = batch.documents
        passages = segment(docs, unit=spec.unit, paragraphs=spec.paragraphs) if docs else []
        attributions = spec.attributor.attribute(passages, docs) if passages else []
        matches = _input_order(match_table(passages, spec.lexicon), docs)
        matches = frame_targets(attributions, matches, spec.lexicon.categories, spec.registry)
        frames = frame_counts(attributions, matches, credit=spec.credit)
        units, terms = _aggregates(attributions, matches, docs, spec)
        targets = (
            target_table(
                attributions, matches, registry=spec.registry, level=spec.level, by=spec.by, corpus=docs,
                credit=spec.credit, speaker_field=spec.speaker_field, group_by=spec.group_by,
            )
            if attributions
            else None
        )  # fmt: skip
    result = BatchResult(
        index=batch.index,
        inputs=len(batch.records),
        processed=sum(1 for r in batch.records if r.status == "processed"),
        skipped=Counter(r.reason for r in batch.records if r.status == "skipped"),
        documents=len(docs),
        passages=len(passages),
        matches=len(matches),
        negated=int(matches["negated"].sum()) if len(matches) else 0,
        text_chars=sum(len(d.text) for d in docs),
        done=batch.done,
        sources=sorted({r.source for r in batch.records}),
        frames=frames,
        units=units,
        terms=terms,
        targets=targets,
        warnings=[w.message for w in caught],
    )
    result.missing_fields, result.fields = _field_counts(docs, spec)
    if spec.statistics and spec.model_fields:
        result.document_meta = {str(d.doc_id): {f: d.meta.get(f) for f in spec.model_fields} for d in docs}
    _add_outputs(result, batch, spec, passages, attributions, matches)
    return result


def _aggregates(
    attributions: list[Attribution], matches: pd.DataFrame, docs: list[Document], spec: BatchSpec
) -> tuple[UnitTable | None, dict[str, Counter] | None]:
    """The batch's (group, document) units and word counts per group, if the run computes statistics."""
    if not spec.statistics:
        return None, None
    if not attributions:
        return concat_units([], spec.lexicon.category_names), {}
    units = unit_table(
        attributions,
        matches,
        categories=spec.lexicon.category_names,
        registry=spec.registry,
        level=spec.level,
        by=spec.by,
        corpus=docs,
        credit=spec.credit,
        speaker_field=spec.speaker_field,
        group_by=spec.group_by,
        target=spec.target,
    )
    terms = term_counts(
        attributions, registry=spec.registry, level=spec.level, corpus=docs, speaker_field=spec.speaker_field,
        group_by=spec.group_by,
    )  # fmt: skip
    return units, terms


def _add_outputs(
    result: BatchResult,
    batch: Batch,
    spec: BatchSpec,
    passages: list[Passage],
    attributions: list[Attribution],
    matches: pd.DataFrame,
) -> None:
    """Put into ``result`` what ``spec`` asks for: output lines, document ids, kept objects."""
    docs = batch.documents
    if spec.write:
        result.documents_csv = documents_csv(batch.records)
        result.passages_jsonl = passages_jsonl(attributions)
        result.matches_csv = matches_csv(matches)
    if spec.return_documents:
        result.doc_ids = [d.doc_id for d in docs]
    if spec.keep:
        result.kept_records = batch.records if spec.return_documents else None
        result.kept_documents = docs if spec.return_documents else None
        result.kept_passages = passages
        result.kept_attributions = attributions
        result.kept_matches = matches


def _field_counts(docs: list[Document], spec: BatchSpec) -> tuple[Counter, set[str]]:
    """How many documents lack the metadata field of ``by``, ``speaker_field`` and ``group_by``, and the
    fields seen."""
    missing: Counter = Counter()
    seen: set[str] = set()
    options = [(o, n) for o, n in grouping_fields(spec) if n is not None]
    if not options and not spec.model_fields:  # no metadata used: nothing to count
        return missing, seen
    for d in docs:
        seen.update(k for k, v in d.meta.items() if v not in (None, ""))
        for option, name in options:
            if d.meta.get(name) in (None, ""):
                missing[option] += 1
    return missing, seen


def grouping_fields(spec: BatchSpec | RunConfig) -> tuple[tuple[str, str | None], ...]:
    """The options that group by a metadata field, with the field each names (``None``: not set)."""
    return (("by", spec.by), ("speaker_field", spec.speaker_field), ("group_by", spec.group_by))


def _input_order(matches: pd.DataFrame, docs: list[Document]) -> pd.DataFrame:
    """The match table (sorted by document id, passage, offsets) re-sorted into the documents' input order."""
    if len(docs) < 2 or not len(matches):
        return matches
    position = {d.doc_id: i for i, d in enumerate(docs)}
    order = matches["doc_id"].map(position).to_numpy().argsort(kind="stable")
    return matches.iloc[order].reset_index(drop=True)


# ----------------------------------------------------------------------------------- cutting batches
def cut_batches(
    items: Iterable[Item], batch_size: int, position: Callable[[], int | None] = lambda: None
) -> Iterator[Batch]:
    """Cut (record, document) items into batches of about ``batch_size`` characters of text.

    Parameters
    ----------
    items : iterable of (InputRecord or None, Document or None)
        The corpus, in input order (a :class:`~framing.corpus.CorpusStream`, or :func:`corpus_items`).
    batch_size : int
        A batch ends once its documents hold this many characters (or :data:`MAX_BATCH_INPUTS` inputs).
    position : callable, optional
        Input bytes consumed so far, recorded in each batch for the progress line.

    Yields
    ------
    Batch
        Consecutive batches, numbered from 0.
    """
    records: list[InputRecord] = []
    documents: list[Document] = []
    chars = 0
    index = 0
    for record, doc in items:
        if record is not None:
            records.append(record)
        if doc is not None:
            documents.append(doc)
            chars += len(doc.text)
        if chars >= batch_size or len(records) >= MAX_BATCH_INPUTS:
            yield Batch(index, records, documents, position())
            records, documents, chars, index = [], [], 0, index + 1
    if records or documents:
        yield Batch(index, records, documents, position())


def corpus_items(corpus: Corpus) -> tuple[Iterator[Item], bool]:
    """A ready corpus as (record, document) items, and whether its report lists exactly its documents.

    When it does (a reader's corpus), each processed record comes with its document. A corpus may also hold
    a selection of the documents of a larger report (``Corpus(some_docs, corpus.report)``): then the report
    comes first and the documents after, and the documents are not counted against the report."""
    processed = [r.doc_id for r in corpus.report if r.status == "processed"]
    if processed == [d.doc_id for d in corpus]:
        docs = iter(corpus)
        return ((r, next(docs) if r.status == "processed" else None) for r in corpus.report), True
    return itertools.chain([(r, None) for r in corpus.report], ((None, d) for d in corpus)), False


def local_batches(
    inputs: str | Path | Iterable[str | Path] | Corpus | CorpusStream, options: RunConfig, batch_size: int
) -> tuple[Iterator[Batch], int | None, bool]:
    """Batches of a corpus read here: lazily from files or from a given stream, or from a ready corpus; with
    the total size for progress and whether processed inputs and documents must match (see
    :func:`corpus_items`)."""
    if isinstance(inputs, Corpus):
        items, aligned = corpus_items(inputs)
        return cut_batches(items, batch_size), sum(len(d.text) for d in inputs), aligned
    stream = inputs if isinstance(inputs, CorpusStream) else _read(options, as_paths(inputs))
    return cut_batches(iter(stream), batch_size, lambda: stream.bytes_read), stream.total_bytes, True


def _read(config: RunConfig, paths: list[str]) -> CorpusStream:
    return iter_corpus(paths, text_field=config.text_field, id_field=config.id_field, turns=config.transcript)


def as_paths(inputs: str | Path | Iterable[str | Path]) -> list[str]:
    """One path or several, as a list of strings."""
    return [str(p) for p in ([inputs] if isinstance(inputs, str | Path) else inputs)]


def input_paths(inputs: Any) -> list[str]:
    """The files and folders a run reads (for the output folder's checks)."""
    if isinstance(inputs, Corpus):
        return sorted({r.source for r in inputs.report})
    if isinstance(inputs, CorpusStream):
        return [str(p) for p in inputs.paths]
    return as_paths(inputs)
