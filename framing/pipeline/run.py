"""Run: the whole pipeline, in batches of documents, and its results written atomically with provenance.

One implementation, three ways to use it
----------------------------------------
Documents are processed in **batches** (about ``batch_size`` characters of text each, cut at document
boundaries). :func:`process_batch` takes one batch through segment → attribute → match table and returns
its share of every output: the lines of ``documents.csv``, ``passages.jsonl`` and ``matches.csv``, and the
**additive** aggregates the statistics need (actor × category counts, the (group, document) units of
:func:`framing.compare.unit_table`, word counts per group for term keyness). A document lies in one batch,
so units concatenate and counts add up; the merge (:class:`_Merge`) does exactly that, in batch order, and
the statistics are computed once at the end from the merged aggregates. The results are therefore the same
bytes whatever the batch size and however many processes ran the batches.

* :func:`analyze` keeps everything in memory (passages, attributions, match table) and returns an
  :class:`Analysis`; :func:`write_results` writes it.
* :func:`analyze_to` streams: documents are read lazily (:func:`framing.corpus.iter_corpus`), batches run in a
  pool of ``jobs`` processes (results consumed in input order, at most ``2 × jobs`` batches in flight), and
  the three per-document files are appended batch by batch, so memory is bounded by the batch size, not the
  corpus size. ``framing analyze`` is this function.
* :mod:`framing.dask` runs the same batches on a Dask cluster.

Output order is input order: files in the order given (folders sorted), records in file order; passages
and matches follow their document.

Results folder
--------------
The output folder is written under the contract of :mod:`framing.output`: checked and locked before the
first document is read, written into a staging folder and put in place atomically when the run completes,
and only files framing wrote (its record says which) are ever replaced or deleted.

Configuration
-------------
The options are the fields of :class:`framing.config.RunConfig`, checked before anything is read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import platform
import signal
import threading
import warnings
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
from threadpoolctl import threadpool_limits

from ..actors import ActorRegistry, Attribution, SpeakerAttributor, load_actors, slug
from ..compare import (
    Comparisons,
    FrameCounts,
    KeynessTable,
    Profiles,
    UnitTable,
    category_keyness,
    compare_groups,
    concat_units,
    frame_adoption,
    frame_counts,
    frame_matrix,
    profiles,
    term_counts,
    term_keyness_from_counts,
    unit_table,
)
from ..corpus import Corpus, CorpusStream, Document, InputRecord, iter_corpus, possible_fields, read_corpus, source_path
from ..errors import CompareWarning, RunError
from ..files import sha256_file, to_csv, writing
from ..lexicon import MATCH_COLUMNS, Lexicon, load_lexicon, match_table
from ..passages import Passage, segment
from .config import DEFAULT_BATCH_SIZE, RunConfig, config_from_options, with_options
from .output import OutputFolder
from .progress import Progress

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "Analysis",
    "BatchResult",
    "RunConfig",
    "RunResult",
    "analyze",
    "analyze_to",
    "figure_provenance",
    "process_batch",
    "provenance",
    "write_results",
]

OUTPUT_FILES = (
    "profiles.csv",
    "comparisons.csv",
    "distances.csv",
    "keyness_categories.csv",
    "keyness_terms.csv",
    "adoption.csv",
    "documents.csv",
    "passages.jsonl",
    "matches.csv",
    "actor_frames.csv",
    "actor_frames.png",
    "actor_frames.svg",
    "actor_frames.json",
    "run.json",
)
#: Actors shown in the heatmap of a run (those who speak the most tokens); the CSV has all of them.
FIGURE_MAX_ACTORS = 30
_PACKAGES = ("framing", "numpy", "pandas", "scikit-learn", "matplotlib", "nltk", "PyYAML")
#: At most this many inputs per batch, so that a long run of skipped records (or tiny documents) is cut too.
MAX_BATCH_INPUTS = 20_000
#: BLAS threads during the statistics and in worker processes. The resampling multiplies (draws × units)
#: by (units × categories) matrices, too small for threads to pay: on 2 cores the comparisons of a 100 MB
#: corpus (41,818 units) took 32 s with OpenBLAS's default threads and 19 s with one. The products are of
#: whole numbers, exact in any order, so the results do not depend on it.
BLAS_THREADS = 1


# ----------------------------------------------------------------------------------------------- batches
@dataclass
class Batch:
    """Consecutive inputs: every input's report record, and the documents among them, in input order."""

    index: int
    records: list[InputRecord]
    documents: list[Document]
    done: int | None = None  # input bytes consumed once this batch was read (for progress), if known


@dataclass
class BatchSpec:
    """What every batch needs besides its documents; sent once to each worker process."""

    lexicon: Lexicon
    registry: ActorRegistry
    unit: str = "sentence"
    paragraphs: str = "line"
    credit: str = "passage"
    statistics: bool = True
    level: str | None = None
    by: str | None = None
    speaker_field: str | None = None
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
    """One batch's share of a run: output lines, additive aggregates and counts (see the module docstring)."""

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
    documents_csv: str = ""
    passages_jsonl: str = ""
    matches_csv: str = ""
    warnings: list[Warning | str] = field(default_factory=list)
    missing_fields: Counter = field(default_factory=Counter)  # documents without the by / speaker_field field
    fields: set[str] = field(default_factory=set)  # metadata fields seen
    doc_ids: list[str] | None = None
    kept_records: list[InputRecord] | None = None
    kept_documents: list[Document] | None = None
    kept_passages: list[Passage] | None = None
    kept_attributions: list[Attribution] | None = None
    kept_matches: pd.DataFrame | None = None


def process_batch(batch: Batch, spec: BatchSpec) -> BatchResult:
    """Segment, attribute and match one batch of documents and return its share of the run.

    Warnings raised on the way are returned (and re-raised by the merge in the calling process), so that
    they reach the user the same way whether the batch ran here or in another process."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        docs = batch.documents
        passages = segment(docs, unit=spec.unit, paragraphs=spec.paragraphs) if docs else []
        attributions = spec.attributor.attribute(passages, docs) if passages else []
        matches = _input_order(match_table(passages, spec.lexicon), docs)
        frames = frame_counts(attributions, matches, credit=spec.credit)
        units = terms = None
        if spec.statistics and not attributions:
            units, terms = concat_units([], spec.lexicon.category_names), {}
        elif spec.statistics:
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
            )
            terms = term_counts(
                attributions, registry=spec.registry, level=spec.level, corpus=docs, speaker_field=spec.speaker_field
            )
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
        warnings=[w.message for w in caught],
    )
    result.missing_fields, result.fields = _field_counts(docs, spec)
    if spec.write:
        result.documents_csv = _documents_csv(batch.records)
        result.passages_jsonl = _passages_jsonl(attributions)
        result.matches_csv = _matches_csv(matches)
    if spec.return_documents:
        result.doc_ids = [d.doc_id for d in docs]
    if spec.keep:
        result.kept_records = batch.records if spec.return_documents else None
        result.kept_documents = docs if spec.return_documents else None
        result.kept_passages = passages
        result.kept_attributions = attributions
        result.kept_matches = matches
    return result


def _field_counts(docs: list[Document], spec: BatchSpec) -> tuple[Counter, set[str]]:
    """How many documents lack the metadata field of ``by`` and of ``speaker_field``, and the fields seen."""
    missing: Counter = Counter()
    seen: set[str] = set()
    if spec.by is None and spec.speaker_field is None:  # nothing is grouped by metadata: nothing to count
        return missing, seen
    for d in docs:
        seen.update(k for k, v in d.meta.items() if v not in (None, ""))
        for option, name in (("by", spec.by), ("speaker_field", spec.speaker_field)):
            if name is not None and d.meta.get(name) in (None, ""):
                missing[option] += 1
    return missing, seen


def _input_order(matches: pd.DataFrame, docs: list[Document]) -> pd.DataFrame:
    """The match table (sorted by document id, passage, offsets) re-sorted into the documents' input order."""
    if len(docs) < 2 or not len(matches):
        return matches
    position = {d.doc_id: i for i, d in enumerate(docs)}
    order = matches["doc_id"].map(position).to_numpy().argsort(kind="stable")
    return matches.iloc[order].reset_index(drop=True)


def _batches(
    items: Iterable[tuple[InputRecord | None, Document | None]],
    batch_size: int,
    position: Callable[[], int | None] = lambda: None,
) -> Iterator[Batch]:
    """Cut (record, document) items into batches of about ``batch_size`` characters of text."""
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


def _corpus_items(corpus: Corpus) -> tuple[Iterator[tuple[InputRecord | None, Document | None]], bool]:
    """A ready corpus as (record, document) items, and whether its report lists exactly its documents.

    When it does (a reader's corpus), each processed record comes with its document. A corpus may also hold
    a selection of the documents of a larger report (``Corpus(some_docs, corpus.report)``): then the report
    comes first and the documents after, and the documents are not counted against the report."""
    processed = [r.doc_id for r in corpus.report if r.status == "processed"]
    if processed == [d.doc_id for d in corpus]:
        docs = iter(corpus)
        return ((r, next(docs) if r.status == "processed" else None) for r in corpus.report), True
    return _chain([(r, None) for r in corpus.report], ((None, d) for d in corpus)), False


# ------------------------------------------------------------------------------------------ output text
def _csv_text(frame: pd.DataFrame, *, header: bool, float_format: str | None = None) -> str:
    return to_csv(frame, header=header, float_format=float_format) or ""


def _report_frame(records: Iterable[InputRecord]) -> pd.DataFrame:
    return Corpus((), tuple(records)).report_frame()


def _documents_csv(records: Iterable[InputRecord]) -> str:
    records = list(records)
    return _csv_text(_report_frame(records), header=False) if records else ""


def _passages_jsonl(attributions: Iterable[Attribution]) -> str:
    return "".join(json.dumps(a.to_record(), ensure_ascii=False, sort_keys=True) + "\n" for a in attributions)


def _matches_csv(matches: pd.DataFrame) -> str:
    return _csv_text(matches, header=False) if len(matches) else ""


_HEADERS = {
    "documents.csv": lambda: _csv_text(_report_frame(()), header=True),
    "passages.jsonl": lambda: "",
    "matches.csv": lambda: _csv_text(pd.DataFrame(columns=MATCH_COLUMNS), header=True),
}


class _Writer:
    """Appends the per-document files (documents.csv, passages.jsonl, matches.csv) batch by batch."""

    def __init__(self, folder: Path) -> None:
        self._files = {name: (folder / name).open("w", encoding="utf-8", newline="\n") for name in _HEADERS}
        for name, header in _HEADERS.items():
            self._write(name, header())

    def _write(self, name: str, text: str) -> None:
        fh = self._files[name]
        with writing(fh.name):
            fh.write(text)

    def add(self, documents_csv: str, passages_jsonl: str, matches_csv: str) -> None:
        self._write("documents.csv", documents_csv)
        self._write("passages.jsonl", passages_jsonl)
        self._write("matches.csv", matches_csv)

    def close(self) -> None:
        for fh in self._files.values():
            if not fh.closed:
                with writing(fh.name):
                    fh.close()

    def __enter__(self) -> _Writer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ------------------------------------------------------------------------------------------------ merge
class _Merge:
    """Adds up batch results in batch order (see the module docstring)."""

    def __init__(self, spec: BatchSpec) -> None:
        self.spec = spec
        self.inputs = self.processed = self.documents = self.passages = self.matches = self.negated = 0
        self.text_chars = 0
        self.skipped: Counter = Counter()
        self.sources: set[str] = set()
        self.frames = FrameCounts()
        self.units: list[UnitTable] = []
        self.terms: dict[str, Counter] = {}
        self.records: list[InputRecord] = []
        self.documents_kept: list[Document] = []
        self.passages_kept: list[Passage] = []
        self.attributions: list[Attribution] = []
        self.match_frames: list[pd.DataFrame] = []
        self.next_index = 0
        self.missing_fields: Counter = Counter()
        self.fields: set[str] = set()

    def add(self, r: BatchResult) -> None:
        if r.index != self.next_index:
            raise RuntimeError(f"batch {r.index} merged out of order (expected {self.next_index})")
        self.next_index += 1
        for w in r.warnings:
            warnings.warn(w, stacklevel=2)
        self.inputs += r.inputs
        self.processed += r.processed
        self.skipped.update(r.skipped)
        self.documents += r.documents
        self.passages += r.passages
        self.matches += r.matches
        self.negated += r.negated
        self.text_chars += r.text_chars
        self.sources.update(r.sources)
        self.missing_fields.update(r.missing_fields)
        self.fields.update(r.fields)
        self.frames += r.frames
        if r.units is not None:
            self.units.append(r.units)
        for group, counts in (r.terms or {}).items():
            self.terms.setdefault(group, Counter()).update(counts)
        if self.spec.keep:
            self.records.extend(r.kept_records or ())
            self.documents_kept.extend(r.kept_documents or ())
            self.passages_kept.extend(r.kept_passages or ())
            self.attributions.extend(r.kept_attributions or ())
            if r.kept_matches is not None and len(r.kept_matches):
                self.match_frames.append(r.kept_matches)

    def counts(self) -> dict[str, Any]:
        """The run's counts, as :meth:`Analysis.counts` gives them."""
        skipped = sum(self.skipped.values())
        return {
            "inputs": self.inputs,
            "processed": self.processed,
            "skipped": skipped,
            "skipped_by_reason": dict(sorted(self.skipped.items())),
            "passages": self.passages,
            "matches": self.matches,
            "negated_matches": self.negated,
        }

    def check(self, *, documents: bool = True) -> None:
        """Nothing lost: every input processed or skipped, and (``documents``) every processed input analysed."""
        skipped = sum(self.skipped.values())
        if self.inputs != self.processed + skipped:
            raise RunError("F403", inputs=self.inputs, processed=self.processed, skipped=skipped)
        if documents and self.processed != self.documents:
            raise RunError("F420", processed=self.processed, documents=self.documents)
        if self.documents == 0:
            reasons = ", ".join(f"{reason} {n}" for reason, n in sorted(self.skipped.items()))
            summary = f"{self.inputs} input(s), all skipped: {reasons}" if self.inputs else "no input found"
            raise RunError("F434", summary=summary)

    def match_table(self) -> pd.DataFrame:
        if self.match_frames:
            return pd.concat(self.match_frames, ignore_index=True)
        return match_table([], self.spec.lexicon)

    def unit_table(self) -> UnitTable:
        return concat_units(self.units, self.spec.lexicon.category_names)


# ------------------------------------------------------------------------------------------- execution
class _Future(Protocol):
    def result(self) -> BatchResult: ...


class Backend(Protocol):
    """Runs batches somewhere: a local process pool, or a Dask cluster (:mod:`framing.dask`); and, with
    ``map``, the independent comparisons of the statistics (see :func:`framing.compare.compare_groups`)."""

    window: int

    def submit(self, batch: Any) -> _Future: ...

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterable[Any]: ...

    def __enter__(self) -> Backend: ...

    def __exit__(self, exc_type: object, *exc: object) -> None: ...


_WORKER_SPEC: BatchSpec | None = None


def _init_worker(spec: BatchSpec) -> None:
    """Initialise a worker process: keep the spec, leave Ctrl-C to the main process (which stops the pool),
    and exit if the parent dies (a killed run must not leave workers behind)."""
    global _WORKER_SPEC
    _WORKER_SPEC = spec
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threadpool_limits(BLAS_THREADS)  # the processes are the parallelism; see BLAS_THREADS
    parent = multiprocessing.parent_process()  # its sentinel closes when the run's process dies, even by SIGKILL
    if parent is not None:

        def watch() -> None:
            parent.join()
            os._exit(1)

        threading.Thread(target=watch, name="framing-parent-watch", daemon=True).start()


def _run_in_worker(batch: Batch) -> BatchResult:
    assert _WORKER_SPEC is not None, "worker not initialised"
    return process_batch(batch, _WORKER_SPEC)


class _InProcess:
    window = 1

    def __init__(self, spec: BatchSpec) -> None:
        self.spec = spec

    def submit(self, batch: Batch) -> _Done:
        return _Done(process_batch(batch, self.spec))

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterable[Any]:
        return map(fn, items)

    def __enter__(self) -> _InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


@dataclass
class _Done:
    value: BatchResult

    def result(self) -> BatchResult:
        return self.value


class _ProcessPool:
    """``jobs`` worker processes (forkserver where available: no fork of a threaded parent)."""

    def __init__(self, spec: BatchSpec, jobs: int) -> None:
        self.spec = spec
        self.jobs = jobs
        self.window = 2 * jobs
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> _ProcessPool:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if context.get_start_method() == "forkserver":
            context.set_forkserver_preload(["framing.run"])
        self._pool = ProcessPoolExecutor(self.jobs, mp_context=context, initializer=_init_worker, initargs=(self.spec,))
        return self

    def submit(self, batch: Batch):
        assert self._pool is not None
        return self._pool.submit(_run_in_worker, batch)

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterable[Any]:
        assert self._pool is not None
        return self._pool.map(fn, items)

    def __exit__(self, exc_type: object, *exc: object) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        if exc_type is None:
            pool.shutdown(wait=True)
            return
        # interrupted or failed: stop now, do not let the workers finish their batches
        processes = list(getattr(pool, "_processes", {}).values())
        pool.shutdown(wait=False, cancel_futures=True)
        for p in processes:
            with contextlib.suppress(Exception):
                p.terminate()
        for p in processes:
            with contextlib.suppress(Exception):
                p.join(timeout=5)


def _ordered(backend: Backend, batches: Iterable[Any]) -> Iterator[BatchResult]:
    """Submit batches keeping at most ``backend.window`` in flight; yield results in submission order."""
    pending: deque[_Future] = deque()
    for batch in batches:
        pending.append(backend.submit(batch))
        while len(pending) >= backend.window:
            yield _result(pending.popleft())
    while pending:
        yield _result(pending.popleft())


def _result(future: _Future) -> BatchResult:
    try:
        return future.result()
    except BrokenProcessPool as exc:
        raise RunError("F421", detail=str(exc) or type(exc).__name__) from None


def _jobs(jobs: int) -> int:
    """Processes for ``jobs`` (checked by :class:`~framing.config.RunConfig`): 0 means all cores."""
    return jobs or os.cpu_count() or 1


def _backend(
    batches: Iterator[Any], spec: BatchSpec, *, jobs: int, backend: Backend | None
) -> tuple[Iterator[Any], Backend]:
    """Where to run: the given backend, else this process (``jobs == 1``, or a single batch: no pool to start
    for a small corpus), else a pool of ``jobs`` processes. Returns the batches (two may have been read)."""
    if backend is not None:
        return batches, backend
    first = list(_take(batches, 2))
    backend = _InProcess(spec) if jobs == 1 or len(first) < 2 else _ProcessPool(spec, jobs)
    return _chain(first, batches), backend


def _take(it: Iterator[Any], n: int) -> Iterator[Any]:
    for _ in range(n):
        try:
            yield next(it)
        except StopIteration:
            return


def _chain(first: list[Any], rest: Iterator[Any]) -> Iterator[Any]:
    yield from first
    yield from rest


def _run_batches(
    batches: Iterator[Any],
    spec: BatchSpec,
    backend: Backend,
    *,
    progress: Progress,
    on_result: Callable[[BatchResult], None] | None = None,
    check_documents: bool = True,
) -> _Merge:
    """Run the batches on ``backend`` and merge the results in batch order."""
    merge = _Merge(spec)
    with progress:
        for result in _ordered(backend, batches):
            merge.add(result)
            if on_result is not None:
                on_result(result)
            progress.update(
                documents=merge.documents, done=result.done if result.done is not None else merge.text_chars
            )
    merge.check(documents=check_documents)
    return merge


# ------------------------------------------------------------------------------------------- statistics
@dataclass
class _Statistics:
    profiles: Profiles | None = None
    comparisons: Comparisons | None = None
    category_keyness: KeynessTable | None = None
    term_keyness: KeynessTable | None = None
    adoption: pd.DataFrame | None = None


def _statistics(
    merge: _Merge,
    *,
    groups: Sequence[str] | None,
    max_groups: int,
    compare: str,
    n_boot: int,
    n_perm: int,
    seed: int,
    config: dict[str, Any],
    parallel_map: Callable[..., Iterable[Any]] = map,
) -> _Statistics:
    """Profiles, comparisons, keyness and adoption from the merged aggregates (``config`` is completed)."""
    spec = merge.spec
    out = _Statistics()
    if not (spec.statistics and merge.passages):
        return out
    _check_grouping_fields(merge)
    with threadpool_limits(BLAS_THREADS):
        return _compute_statistics(
            merge, out, groups=groups, max_groups=max_groups, compare=compare, n_boot=n_boot, n_perm=n_perm,
            seed=seed, config=config, parallel_map=parallel_map,
        )  # fmt: skip


def _check_grouping_fields(merge: _Merge) -> None:
    """No document with the ``by`` / ``speaker_field`` field is an error (F444); some without, a warning."""
    spec = merge.spec
    fields = ", ".join(sorted(merge.fields)) or "none"
    for option, name in (("by", spec.by), ("speaker_field", spec.speaker_field)):
        n = merge.missing_fields.get(option, 0)
        if name is None or n == 0:
            continue
        if n >= merge.documents:
            where = f"None of the {merge.documents} documents has"
            raise RunError("F444", where=where, field=name, option=option, fields=fields)
        example = "ACTOR|" if option == "by" else ""
        warnings.warn(
            CompareWarning("W403", n=n, total=merge.documents, field=name, option=option, example=example),
            stacklevel=3,
        )


def _check_fields_before_reading(config: RunConfig, inputs: Any) -> None:
    """``by`` / ``speaker_field`` naming a field that no input can have is an error before reading (F444):
    plain text and CSV files say which fields they can have (see :func:`framing.corpus.possible_fields`)."""
    if not config.statistics or isinstance(inputs, Corpus | CorpusStream):
        return
    names = [(o, n) for o, n in (("by", config.by), ("speaker_field", config.speaker_field)) if n is not None]
    if not names:
        return
    possible = possible_fields(_paths(inputs), text_field=config.text_field, id_field=config.id_field)
    for option, name in names:
        if possible is not None and name not in possible:
            where = "The inputs (plain text and CSV files, by their headers) have"
            raise RunError("F444", where=where, field=name, option=option, fields=", ".join(sorted(possible)))


def _compute_statistics(
    merge: _Merge,
    out: _Statistics,
    *,
    groups: Sequence[str] | None,
    max_groups: int,
    compare: str,
    n_boot: int,
    n_perm: int,
    seed: int,
    config: dict[str, Any],
    parallel_map: Callable[..., Iterable[Any]],
) -> _Statistics:
    spec = merge.spec
    units = merge.unit_table()
    level, by, credit = spec.level, spec.by, spec.credit
    volume = {g: units.tokens[units.rows(g)].sum() for g in set(units.groups) if not g.startswith("narrator")}
    if groups is None:
        groups = sorted(sorted(volume, key=lambda g: (-volume[g], g))[:max_groups])
    else:
        groups = list(groups)
        speaking = set(units.groups)
        missing = [g for g in groups if g not in speaking]
        if missing:
            largest = sorted(volume, key=lambda g: (-volume[g], g))[:12]
            raise RunError(
                "F443", missing=", ".join(map(repr, missing)), why="they speak no passage in these documents",
                known=f"The groups that speak the most: {', '.join(largest)}." if largest else "No group speaks.",
            )  # fmt: skip
    out.profiles = profiles(units, n_boot=n_boot, rng=seed, level=level, by=by, credit=credit)
    if len(groups) >= 2 or (compare == "one-vs-rest" and len(set(units.groups)) >= 2 and groups):
        out.comparisons = compare_groups(
            units, groups=groups, mode=compare, n_perm=n_perm, n_boot=n_boot, rng=seed, parallel_map=parallel_map
        )
    speaking = set(units.groups)
    with_matches = {g for g in speaking if units.counts[units.rows(g)].sum() > 0}
    if len(with_matches) >= 2:  # keyness compares a group with the rest: it needs two groups
        out.category_keyness = category_keyness(units)
    if len(speaking) >= 2:
        out.term_keyness = term_keyness_from_counts(merge.terms, report=groups)
    out.adoption = frame_adoption(units, spec.lexicon)
    config.update(
        {
            "level": level,
            "by": by,
            "speaker_field": spec.speaker_field,
            "groups": groups,
            "compare": compare,
            "n_boot": n_boot,
            "n_perm": n_perm,
            "seed": seed,
        }
    )
    return out


# --------------------------------------------------------------------------------------------- results
@dataclass
class Analysis:
    """Everything one run produced: the corpus, passages, attributions, match table and actor frames."""

    corpus: Corpus
    passages: list[Passage]
    attributions: list[Attribution]
    matches: pd.DataFrame
    actor_frames: pd.DataFrame
    lexicon: Lexicon
    registry: ActorRegistry
    inputs: list[str]
    config: dict[str, Any] = field(default_factory=dict)
    profiles: Profiles | None = None
    comparisons: Comparisons | None = None
    category_keyness: KeynessTable | None = None
    term_keyness: KeynessTable | None = None
    adoption: pd.DataFrame | None = None

    @property
    def sources(self) -> list[str]:
        """The input files (sorted)."""
        return sorted({r.source for r in self.corpus.report})

    def counts(self) -> dict[str, Any]:
        c = self.corpus.counts()
        return {
            **c,
            "passages": len(self.passages),
            "matches": len(self.matches),
            "negated_matches": int(self.matches["negated"].sum()) if len(self.matches) else 0,
        }

    def __repr__(self) -> str:
        c = self.counts()
        return (
            f"Analysis({c['processed']} documents, {c['passages']} passages, {c['matches']} matches, "
            f"lexicon={self.lexicon.name!r}, actors={self.registry.name!r})"
        )


@dataclass
class RunResult:
    """What a streamed run (:func:`analyze_to`) produced: the result tables and the run report (``run.json``),
    without the per-passage data, which are in the output folder (``passages.jsonl``, ``matches.csv``)."""

    out: Path
    report: dict[str, Any]
    actor_frames: pd.DataFrame
    lexicon: Lexicon
    registry: ActorRegistry
    config: dict[str, Any]
    sources: list[str]
    profiles: Profiles | None = None
    comparisons: Comparisons | None = None
    category_keyness: KeynessTable | None = None
    term_keyness: KeynessTable | None = None
    adoption: pd.DataFrame | None = None
    _counts: dict[str, Any] = field(default_factory=dict, repr=False)

    def counts(self) -> dict[str, Any]:
        return dict(self._counts)

    def __repr__(self) -> str:
        c = self._counts
        return (
            f"RunResult({c.get('processed')} documents, {c.get('passages')} passages, {c.get('matches')} matches, "
            f"written to {str(self.out)!r})"
        )


def _spec(config: RunConfig, **flags: bool) -> BatchSpec:
    """The batch spec of ``config`` (lexicon and registry loaded) with ``flags`` (keep, write,
    return_documents); the groups it names are checked against the registry (F443)."""
    lex = config.lexicon if isinstance(config.lexicon, Lexicon) else load_lexicon(config.lexicon)
    registry = config.actors if isinstance(config.actors, ActorRegistry) else load_actors(config.actors)
    _check_groups(config, registry)
    return BatchSpec(
        lex, registry, unit=config.unit, paragraphs=config.paragraphs, credit=config.credit,
        statistics=config.statistics, level=config.level, by=config.by, speaker_field=config.speaker_field, **flags,
    )  # fmt: skip


def _check_groups(config: RunConfig, registry: ActorRegistry) -> None:
    """Groups that cannot appear are an error before anything is read: with attributed speakers (no
    ``speaker_field``) a group is an actor id (of the registry, ``narrator``, or the slug of a speaker the
    registry does not know: lower case, words joined by ``_``), followed by ``|value`` when ``by`` is set.
    Whether such a group speaks is known once the documents are read (checked before the statistics)."""
    if not config.statistics or config.groups is None or config.speaker_field is not None:
        return
    missing = []
    for group in config.groups:
        actor, bar, _ = group.partition("|")
        if (actor not in registry and slug(actor) != actor) or bool(bar) != (config.by is not None):
            missing.append(group)
    if missing:
        hints = [f"{g!r} is {registry.resolve_name(g)!r}" for g in missing if registry.resolve_name(g) is not None]
        shape = "ACTOR|VALUE (e.g. russia|2022)" if config.by is not None else "an actor id (e.g. russia, putin)"
        raise RunError(
            "F443", missing=", ".join(map(repr, missing)),
            why=f"a group is {shape}: an id of the actor registry {registry.name!r}, 'narrator', or a speaker's "
            "id in lower case with words joined by '_'",
            known=("Did you mean: " + "; ".join(hints) + ".") if hints else "",
        )  # fmt: skip


def _read(config: RunConfig, paths: list[str]) -> CorpusStream:
    return iter_corpus(paths, text_field=config.text_field, id_field=config.id_field, turns=config.transcript)


def _paths(inputs: str | Path | Iterable[str | Path]) -> list[str]:
    return [str(p) for p in ([inputs] if isinstance(inputs, str | Path) else inputs)]


def _input_paths(inputs: Any) -> list[str]:
    """The files and folders a run reads (for the output folder's checks)."""
    if isinstance(inputs, Corpus):
        return sorted({r.source for r in inputs.report})
    if isinstance(inputs, CorpusStream):
        return [str(p) for p in inputs.paths]
    return _paths(inputs)


def _finish(merge: _Merge, options: RunConfig, backend: Backend) -> tuple[pd.DataFrame, _Statistics, dict[str, Any]]:
    """The actor frames and statistics from the merged batches (the comparisons run on ``backend``), and the
    run's configuration."""
    config = options.recorded()
    frames = merge.frames.table(merge.spec.lexicon.category_names)
    stats = _statistics(
        merge, groups=options.groups, max_groups=options.max_groups, compare=options.compare,
        n_boot=options.n_boot, n_perm=options.n_perm, seed=options.seed, config=config, parallel_map=backend.map,
    )  # fmt: skip
    return frames, stats, config


def _analysis(
    batches: Iterator[Any],
    spec: BatchSpec,
    options: RunConfig,
    *,
    corpus: Corpus | None,
    paths: list[str],
    jobs: int,
    backend: Backend | None,
    progress: Progress,
    check_documents: bool = True,
    on_result: Callable[[BatchResult], None] | None = None,
) -> Analysis:
    """Run batches keeping everything (``spec.keep``) and return the :class:`Analysis`; ``corpus=None``
    builds it from the documents the batches return (``spec.return_documents``)."""
    batches, backend = _backend(batches, spec, jobs=jobs, backend=backend)
    with backend:
        merge = _run_batches(
            batches, spec, backend, progress=progress, on_result=on_result, check_documents=check_documents
        )
        frames, stats, config = _finish(merge, options, backend)
    if corpus is None:
        corpus = Corpus(merge.documents_kept, merge.records)
    return Analysis(
        corpus,
        merge.passages_kept,
        merge.attributions,
        merge.match_table(),
        frames,
        spec.lexicon,
        spec.registry,
        paths,
        config,
        stats.profiles,
        stats.comparisons,
        stats.category_keyness,
        stats.term_keyness,
        stats.adoption,
    )


def _stream(
    batches: Iterator[Any],
    out: str | Path | OutputFolder,
    spec: BatchSpec,
    options: RunConfig,
    *,
    jobs: int,
    backend: Backend | None,
    progress: Progress,
    check_documents: bool = True,
    on_result: Callable[[BatchResult], None] | None = None,
) -> RunResult:
    """Run batches writing their lines (``spec.write``) into a new result folder that replaces ``out`` when
    everything is written; return the :class:`RunResult`. ``out`` is checked and locked (see
    :class:`framing.output.OutputFolder`) before the first batch is read, if that was not done yet."""
    folder = out if isinstance(out, OutputFolder) else OutputFolder(out, names=OUTPUT_FILES)
    with folder:
        batches, backend = _backend(batches, spec, jobs=jobs, backend=backend)
        with folder.staging() as tmp, _Writer(tmp) as writer, backend:
            return _stream_into(tmp, writer, batches, folder, spec, options, backend=backend, progress=progress,
                                check_documents=check_documents, on_result=on_result)  # fmt: skip


def _stream_into(
    tmp: Path,
    writer: _Writer,
    batches: Iterator[Any],
    folder: OutputFolder,
    spec: BatchSpec,
    options: RunConfig,
    *,
    backend: Backend,
    progress: Progress,
    check_documents: bool,
    on_result: Callable[[BatchResult], None] | None,
) -> RunResult:
    """The body of :func:`_stream`: run, merge, compute and write into the staging folder ``tmp``."""

    def consume(r: BatchResult) -> None:
        writer.add(r.documents_csv, r.passages_jsonl, r.matches_csv)
        if on_result is not None:
            on_result(r)

    merge = _run_batches(batches, spec, backend, progress=progress, on_result=consume, check_documents=check_documents)
    writer.close()
    frames, stats, config = _finish(merge, options, backend)
    result = RunResult(
        Path(folder.out),
        {},
        frames,
        spec.lexicon,
        spec.registry,
        config,
        sorted(merge.sources),
        stats.profiles,
        stats.comparisons,
        stats.category_keyness,
        stats.term_keyness,
        stats.adoption,
        merge.counts(),
    )
    result.report = _write_tables(tmp, result)
    return result


@with_options
def analyze(
    inputs: str | Path | list[str | Path] | Corpus, *, config: RunConfig | None = None, **options: Any
) -> Analysis:
    """Run the pipeline on ``inputs``, keeping everything in memory.

    With ``statistics=True`` it also computes, on (group, document) units (see
    :func:`framing.compare.unit_table`; ``level`` rolls speakers up the registry, ``by`` adds a metadata
    field, ``speaker_field`` groups speeches by a metadata field such as ``iso3``): profiles with bootstrap
    CIs, comparisons (``compare``: one-vs-rest or pairs) of ``groups`` (default: the ``max_groups`` groups
    that speak the most tokens, narrator excluded), category and term keyness, and frame adoption. ``seed``
    drives every resampling.

    ``jobs`` processes run batches of about ``batch_size`` characters (``0``: all cores); the results do not
    depend on either. ``progress`` shows a progress line after 2 s on a terminal or in a notebook (``None``),
    always (``True``) or never (``False``). For corpora larger than memory use :func:`analyze_to`.

    Parameters
    ----------
    inputs : str, Path, list of them, or Corpus
        Files or folders (see :func:`framing.read_corpus`) or a ready :class:`~framing.corpus.Corpus`
        (e.g. from :mod:`framing.corpora`).
    config : RunConfig, optional
        The options as one object; keyword ``options`` override its fields.
    **options
        The fields of :class:`~framing.config.RunConfig` (listed below).

    Returns
    -------
    Analysis
        The corpus, passages, attributions, match table, actor frames and statistics.

    Raises
    ------
    RunError
        F440 (an option out of its range), F441 (an unknown option), F442/F443 (groups that cannot be
        compared), F434 (no input yielded a document); and the reading errors of :func:`framing.read_corpus`.
    """
    cfg = config_from_options(config, options, "framing.analyze")
    _check_fields_before_reading(cfg, inputs)
    spec = _spec(cfg, keep=True)
    if isinstance(inputs, Corpus):
        corpus, paths = inputs, sorted({r.source for r in inputs.report})
    else:
        paths = _paths(inputs)
        corpus = read_corpus(paths, text_field=cfg.text_field, id_field=cfg.id_field, turns=cfg.transcript)
    items, aligned = _corpus_items(corpus)
    return _analysis(
        _batches(items, cfg.batch_size), spec, cfg, corpus=corpus, paths=list(paths), jobs=_jobs(cfg.jobs),
        backend=None, progress=Progress(sum(len(d.text) for d in corpus), enabled=cfg.progress),
        check_documents=aligned,
    )  # fmt: skip


@with_options
def analyze_to(
    inputs: str | Path | list[str | Path] | Corpus | CorpusStream,
    out: str | Path,
    *,
    backend: Backend | None = None,
    config: RunConfig | None = None,
    **options: Any,
) -> RunResult:
    """Analyse ``inputs`` as :func:`analyze` does and write the results into the folder ``out``, streaming:
    documents are read lazily and processed in batches of about ``batch_size`` characters by ``jobs``
    processes (default: all cores), and the per-passage files are written batch by batch, so memory does
    not grow with the corpus. The files are the same bytes as ``write_results(analyze(...), out)``.

    Parameters
    ----------
    inputs : str, Path, list of them, Corpus or CorpusStream
        As for :func:`analyze`; or a :class:`~framing.corpus.CorpusStream` not yet iterated, such as a named
        corpus read lazily (:func:`framing.corpora.iter_named_corpus`): it is consumed batch by batch, and
        its reading options are its own (``text_field``, ``id_field`` and ``transcript`` are then only
        recorded).
    out : str or Path
        The output folder, written under the contract of :mod:`framing.output`: checked (not an input,
        nothing of the user's under framing's names) and locked before anything is read, and replaced
        atomically when the run completes.
    backend : optional
        Runs the batches elsewhere (see :mod:`framing.dask`).
    config : RunConfig, optional
        The options as one object; keyword ``options`` override its fields.
    **options
        The fields of :class:`~framing.config.RunConfig` (listed below).

    Returns
    -------
    RunResult
        The result tables and the run report (``run.json``).

    Raises
    ------
    RunError
        As :func:`analyze`, and F402, F424, F430–F433 for the output folder (see :mod:`framing.output`).
    """
    cfg = config_from_options(config, options, "framing.run.analyze_to")
    _check_fields_before_reading(cfg, inputs)
    spec = _spec(cfg, write=True)
    folder = OutputFolder(out, names=OUTPUT_FILES, inputs=_input_paths(inputs))
    with folder:
        batches, total, aligned = _local_batches(inputs, cfg, cfg.batch_size)
        return _stream(
            batches, folder, spec, cfg, jobs=_jobs(cfg.jobs), backend=backend,
            progress=Progress(total, enabled=cfg.progress), check_documents=aligned,
        )  # fmt: skip


def _local_batches(
    inputs: str | Path | Iterable[str | Path] | Corpus | CorpusStream, options: RunConfig, batch_size: int
) -> tuple[Iterator[Batch], int | None, bool]:
    """Batches of a corpus read here: lazily from files or from a given stream, or from a ready corpus; with
    the total size for progress and whether processed inputs and documents must match (see
    :func:`_corpus_items`)."""
    if isinstance(inputs, Corpus):
        items, aligned = _corpus_items(inputs)
        return _batches(items, batch_size), sum(len(d.text) for d in inputs), aligned
    stream = inputs if isinstance(inputs, CorpusStream) else _read(options, _paths(inputs))
    return _batches(iter(stream), batch_size, lambda: stream.bytes_read), stream.total_bytes, True


# ------------------------------------------------------------------------------------------ provenance
def _versions() -> dict[str, str]:
    out = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def provenance(analysis: Analysis | RunResult) -> dict[str, Any]:
    """Versions, input file hashes, lexicon and registry identity, config and counts of a run."""
    return {
        "versions": _versions(),
        "inputs": [
            {"path": s, "sha256": sha256_file(source_path(s))} for s in analysis.sources if source_path(s).is_file()
        ],
        "lexicon": {
            "name": analysis.lexicon.name,
            "version": analysis.lexicon.version,
            "sha256": analysis.lexicon.sha256,
            "source": analysis.lexicon.source,
        },
        "actors": {
            "name": analysis.registry.name,
            "version": analysis.registry.version,
            "sha256": analysis.registry.sha256,
            "source": analysis.registry.source,
        },
        "config": analysis.config,
        "counts": analysis.counts(),
    }


def _corpus_identity(inputs: list[dict[str, str]]) -> dict[str, Any]:
    """One hash for the whole corpus: sha256 over the sorted ``name sha256`` lines of its files (names, not
    paths, so the same files give the same hash wherever they lie), and the number of files."""
    lines = sorted(f"{Path(i['path']).name} {i['sha256']}" for i in inputs)
    return {"files": len(lines), "sha256": hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()}


def figure_provenance(analysis: Analysis | RunResult, *, _full: dict[str, Any] | None = None) -> dict[str, Any]:
    """What a figure made from ``analysis`` records about itself: the framing and matplotlib versions (the
    two that decide its bytes), the corpus (number of files and one sha256 over their names and hashes, see
    ``run.json`` for each file), the lexicon and actor registry identity, and the configuration (seed
    included)."""
    full = _full if _full is not None else provenance(analysis)
    versions = full["versions"]
    return {
        "framing": versions.get("framing"),
        "matplotlib": versions.get("matplotlib"),
        "corpus": _corpus_identity(full["inputs"]),
        "lexicon": {k: full["lexicon"][k] for k in ("name", "version", "sha256")},
        "actors": {k: full["actors"][k] for k in ("name", "version", "sha256")},
        "config": full["config"],
    }


def _write_tables(folder: Path, result: Analysis | RunResult) -> dict[str, Any]:
    """Write the result tables, the heatmap and ``run.json`` into ``folder``; return the run report."""
    from ..figures import plot_actor_heatmap, save_figure

    report = provenance(result)
    table = result.actor_frames
    with writing(folder / "actor_frames.csv"):
        to_csv(table, folder / "actor_frames.csv", float_format="%.6g")
    tables = {
        "profiles.csv": result.profiles.table if result.profiles is not None else None,
        "comparisons.csv": result.comparisons.table if result.comparisons is not None else None,
        "distances.csv": result.comparisons.distances if result.comparisons is not None else None,
        "keyness_categories.csv": result.category_keyness.table if result.category_keyness is not None else None,
        "keyness_terms.csv": result.term_keyness.table if result.term_keyness is not None else None,
        "adoption.csv": result.adoption,
    }
    for name, t in tables.items():
        if t is not None:
            with writing(folder / name):
                to_csv(t, folder / name, float_format="%.6g")
    if len(table):
        rates, counts = (frame_matrix(table, v, top=FIGURE_MAX_ACTORS) for v in ("rate_per_1000", "count"))
        shown = "" if len(rates) == table["actor"].nunique() else f", the {len(rates)} who speak most"
        image = plot_actor_heatmap(rates, annotate=counts)
        image.axes.set_title(
            f"Frames by speaker{shown} ({result.lexicon.name} {result.lexicon.version}): "
            "rate per 1,000 tokens, counts in cells",
            fontsize=9,
        )
        with writing(folder / "actor_frames.png"):
            save_figure(
                image.figure, folder / "actor_frames", provenance=figure_provenance(result, _full=report), close=True
            )
    files = sorted(p.name for p in folder.iterdir() if not p.name.startswith(".framing-"))  # not bookkeeping
    report["outputs"] = {name: sha256_file(folder / name) for name in files}
    with writing(folder / "run.json"):
        (folder / "run.json").write_text(
            json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
        )
    return report


def write_results(analysis: Analysis, out: str | Path) -> dict[str, Any]:
    """Write the run's files into ``out`` and return the run report (also written as ``run.json``).

    Files: ``documents.csv`` (every input and what happened to it), ``passages.jsonl`` (passages with
    speakers, targets, rule and evidence), ``matches.csv`` (the match table), ``actor_frames.csv``,
    ``actor_frames.png``/``.svg`` with the ``.json`` provenance sidecar, the statistics tables and
    ``run.json``. Rows are in input order. ``out`` is replaced atomically (see the module docstring).
    """
    counts = analysis.counts()
    if counts["inputs"] != counts["processed"] + counts["skipped"]:
        raise RunError("F403", inputs=counts["inputs"], processed=counts["processed"], skipped=counts["skipped"])
    folder = OutputFolder(out, names=OUTPUT_FILES, inputs=analysis.sources)
    with folder, folder.staging() as tmp:
        with _Writer(tmp) as writer:
            writer.add(
                _documents_csv(analysis.corpus.report),
                _passages_jsonl(analysis.attributions),
                _matches_csv(analysis.matches),
            )
        report = _write_tables(tmp, analysis)
    return report
