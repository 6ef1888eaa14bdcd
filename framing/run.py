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

Atomic results
--------------
A run writes into a new hidden folder beside the output folder (``.NAME.framing-PID-XXXX``). Only when
every file is written is it swapped with the output folder in one atomic step (``renameat2`` with
``RENAME_EXCHANGE`` on Linux, ``renamex_np`` with ``RENAME_SWAP`` on macOS; elsewhere two renames); files in
the output folder that framing did not write are then moved back into it, and the previous results are
deleted. An interrupted run (Ctrl-C, a kill, an exception) therefore leaves the previous results as they
were, and a reader never sees a mix of old and new files. A hidden folder left by a killed run is cleaned
up by the next run on the same output folder (foreign files it still holds are moved back first).
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import hashlib
import json
import multiprocessing
import os
import platform
import re
import shutil
import signal
import sys
import tempfile
import threading
import warnings
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import cached_property
from importlib import metadata
from pathlib import Path
from typing import Any, Protocol

import pandas as pd
from threadpoolctl import threadpool_limits

from .actors import ActorRegistry, load_actors
from .attribution import Attribution, SpeakerAttributor
from .compare import (
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
from .corpus import Corpus, CorpusStream, Document, InputRecord, iter_corpus, read_corpus
from .errors import RunError
from .features import MATCH_COLUMNS, match_table
from .lexicon import Lexicon, load_lexicon
from .passages import Passage, segment
from .progress import Progress

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "Analysis",
    "BatchResult",
    "Options",
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
#: Characters of document text per batch. A batch's passages, attributions and matches take some 20 times
#: its text in memory, so 2 MB keeps a worker's batch near 50 MB; the per-batch overhead stays negligible
#: (a batch takes seconds), and 50 batches of a 100 MB corpus share 2 cores with little idle time at the end.
DEFAULT_BATCH_SIZE = 2_000_000
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
    warnings: list[Warning] = field(default_factory=list)
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
    return frame.to_csv(index=False, header=header, lineterminator="\n", float_format=float_format)


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
            self._files[name].write(header())

    def add(self, documents_csv: str, passages_jsonl: str, matches_csv: str) -> None:
        self._files["documents.csv"].write(documents_csv)
        self._files["passages.jsonl"].write(passages_jsonl)
        self._files["matches.csv"].write(matches_csv)

    def close(self) -> None:
        for fh in self._files.values():
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

    def __exit__(self, *exc: object) -> None: ...


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


def _jobs(jobs: int | None) -> int:
    if jobs is None or jobs == 0:
        return os.cpu_count() or 1
    if not isinstance(jobs, int) or jobs < 0:
        raise RunError("F422", value=jobs)
    return jobs


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
    groups: list[str] | None,
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
    with threadpool_limits(BLAS_THREADS):
        return _compute_statistics(
            merge, out, groups=groups, max_groups=max_groups, compare=compare, n_boot=n_boot, n_perm=n_perm,
            seed=seed, config=config, parallel_map=parallel_map,
        )  # fmt: skip


def _compute_statistics(
    merge: _Merge,
    out: _Statistics,
    *,
    groups: list[str] | None,
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
    if groups is None:
        volume = {g: units.tokens[units.rows(g)].sum() for g in set(units.groups) if not g.startswith("narrator")}
        groups = sorted(sorted(volume, key=lambda g: (-volume[g], g))[:max_groups])
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


@dataclass(frozen=True)
class Options:
    """What to analyse and how (the keyword arguments of :func:`analyze` that decide the results; how many
    processes and how large the batches are does not)."""

    lexicon: str | Path | Lexicon = "urw_frames"
    actors: str | Path | ActorRegistry | None = None
    unit: str = "sentence"
    paragraphs: str = "line"
    text_field: str = "text"
    id_field: str = "id"
    transcript: bool = False
    credit: str = "passage"
    statistics: bool = True
    level: str | None = None
    by: str | None = None
    speaker_field: str | None = None
    groups: list[str] | None = None
    max_groups: int = 8
    compare: str = "one-vs-rest"
    n_boot: int = 2000
    n_perm: int = 2000
    seed: int = 0

    def spec(self, **flags: bool) -> BatchSpec:
        """The batch spec (lexicon and registry loaded) with ``flags`` (keep, write, return_documents)."""
        lex = self.lexicon if isinstance(self.lexicon, Lexicon) else load_lexicon(self.lexicon)
        registry = self.actors if isinstance(self.actors, ActorRegistry) else load_actors(self.actors)
        return BatchSpec(
            lex, registry, unit=self.unit, paragraphs=self.paragraphs, credit=self.credit,
            statistics=self.statistics, level=self.level, by=self.by, speaker_field=self.speaker_field, **flags,
        )  # fmt: skip

    def config(self) -> dict[str, Any]:
        """The configuration recorded in ``run.json`` (completed by the statistics)."""
        return {
            "unit": self.unit,
            "paragraphs": self.paragraphs,
            "text_field": self.text_field,
            "id_field": self.id_field,
            "transcript": self.transcript,
            "credit": self.credit,
        }

    def read(self, paths: list[str]) -> CorpusStream:
        return iter_corpus(paths, text_field=self.text_field, id_field=self.id_field, turns=self.transcript)


def _batch_size(batch_size: int) -> int:
    if not isinstance(batch_size, int) or batch_size < 1:
        raise RunError("F423", value=batch_size)
    return batch_size


def _paths(inputs: str | Path | Iterable[str | Path]) -> list[str]:
    return [str(p) for p in ([inputs] if isinstance(inputs, str | Path) else inputs)]


def _finish(merge: _Merge, options: Options, backend: Backend) -> tuple[pd.DataFrame, _Statistics, dict[str, Any]]:
    """The actor frames and statistics from the merged batches (the comparisons run on ``backend``), and the
    run's configuration."""
    config = options.config()
    frames = merge.frames.table(merge.spec.lexicon.category_names)
    stats = _statistics(
        merge, groups=options.groups, max_groups=options.max_groups, compare=options.compare,
        n_boot=options.n_boot, n_perm=options.n_perm, seed=options.seed, config=config, parallel_map=backend.map,
    )  # fmt: skip
    return frames, stats, config


def _analysis(
    batches: Iterator[Any],
    spec: BatchSpec,
    options: Options,
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
    out: str | Path,
    spec: BatchSpec,
    options: Options,
    *,
    jobs: int,
    backend: Backend | None,
    progress: Progress,
    check_documents: bool = True,
    on_result: Callable[[BatchResult], None] | None = None,
) -> RunResult:
    """Run batches writing their lines (``spec.write``) into a new result folder that replaces ``out`` when
    everything is written; return the :class:`RunResult`."""
    batches, backend = _backend(batches, spec, jobs=jobs, backend=backend)
    with _result_folder(out) as tmp, _Writer(tmp) as writer, backend:

        def consume(r: BatchResult) -> None:
            writer.add(r.documents_csv, r.passages_jsonl, r.matches_csv)
            if on_result is not None:
                on_result(r)

        merge = _run_batches(
            batches, spec, backend, progress=progress, on_result=consume, check_documents=check_documents
        )
        writer.close()
        frames, stats, config = _finish(merge, options, backend)
        result = RunResult(
            Path(out),
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


def analyze(
    inputs: str | Path | list[str | Path] | Corpus,
    *,
    lexicon: str | Path | Lexicon = "urw_frames",
    actors: str | Path | ActorRegistry | None = None,
    unit: str = "sentence",
    paragraphs: str = "line",
    text_field: str = "text",
    id_field: str = "id",
    transcript: bool = False,
    credit: str = "passage",
    statistics: bool = True,
    level: str | None = None,
    by: str | None = None,
    speaker_field: str | None = None,
    groups: list[str] | None = None,
    max_groups: int = 8,
    compare: str = "one-vs-rest",
    n_boot: int = 2000,
    n_perm: int = 2000,
    seed: int = 0,
    jobs: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool | None = None,
) -> Analysis:
    """Run the pipeline on ``inputs``: files or folders (see :func:`framing.read_corpus`) or a ready
    :class:`~framing.corpus.Corpus` (e.g. from :mod:`framing.corpora`), keeping everything in memory.

    With ``statistics=True`` it also computes, on (group, document) units (see
    :func:`framing.compare.unit_table`; ``level`` rolls speakers up the registry, ``by`` adds a metadata
    field, ``speaker_field`` groups speeches by a metadata field such as ``iso3``): profiles with bootstrap
    CIs, comparisons (``compare``: one-vs-rest or pairs) of ``groups`` (default: the ``max_groups`` groups
    that speak the most tokens, narrator excluded), category and term keyness, and frame adoption. ``seed``
    drives every resampling.

    ``jobs`` processes run batches of about ``batch_size`` characters (``0``: all cores); the results do not
    depend on either. ``progress`` shows a progress line after 2 s on a terminal or in a notebook (``None``),
    always (``True``) or never (``False``). For corpora larger than memory use :func:`analyze_to`.
    """
    options = Options(
        lexicon, actors, unit, paragraphs, text_field, id_field, transcript, credit, statistics, level, by,
        speaker_field, groups, max_groups, compare, n_boot, n_perm, seed,
    )  # fmt: skip
    spec = options.spec(keep=True)
    jobs, batch_size = _jobs(jobs), _batch_size(batch_size)
    if isinstance(inputs, Corpus):
        corpus, paths = inputs, sorted({r.source for r in inputs.report})
    else:
        paths = _paths(inputs)
        corpus = read_corpus(paths, text_field=text_field, id_field=id_field, turns=transcript)
    items, aligned = _corpus_items(corpus)
    return _analysis(
        _batches(items, batch_size), spec, options, corpus=corpus, paths=list(paths), jobs=jobs, backend=None,
        progress=Progress(sum(len(d.text) for d in corpus), enabled=progress), check_documents=aligned,
    )  # fmt: skip


def analyze_to(
    inputs: str | Path | list[str | Path] | Corpus | CorpusStream,
    out: str | Path,
    *,
    lexicon: str | Path | Lexicon = "urw_frames",
    actors: str | Path | ActorRegistry | None = None,
    unit: str = "sentence",
    paragraphs: str = "line",
    text_field: str = "text",
    id_field: str = "id",
    transcript: bool = False,
    credit: str = "passage",
    statistics: bool = True,
    level: str | None = None,
    by: str | None = None,
    speaker_field: str | None = None,
    groups: list[str] | None = None,
    max_groups: int = 8,
    compare: str = "one-vs-rest",
    n_boot: int = 2000,
    n_perm: int = 2000,
    seed: int = 0,
    jobs: int | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: bool | None = None,
    backend: Backend | None = None,
) -> RunResult:
    """Analyse ``inputs`` as :func:`analyze` does and write the results into the folder ``out``, streaming:
    documents are read lazily and processed in batches of about ``batch_size`` characters by ``jobs``
    processes (default: all cores), and the per-passage files are written batch by batch, so memory does
    not grow with the corpus. The files are the same bytes as ``write_results(analyze(...), out)``.

    ``inputs`` may also be a :class:`~framing.corpus.CorpusStream` not yet iterated, such as a named corpus
    read lazily (:func:`framing.corpora.iter_named_corpus`): it is consumed batch by batch, and its reading
    options are its own (``text_field``, ``id_field`` and ``transcript`` are then only recorded).

    ``out`` is replaced atomically when the run completes (see the module docstring). ``backend`` runs the
    batches elsewhere (see :mod:`framing.dask`). Returns the result tables and the run report.
    """
    options = Options(
        lexicon, actors, unit, paragraphs, text_field, id_field, transcript, credit, statistics, level, by,
        speaker_field, groups, max_groups, compare, n_boot, n_perm, seed,
    )  # fmt: skip
    spec = options.spec(write=True)
    jobs, batch_size = _jobs(jobs), _batch_size(batch_size)
    batches, total, aligned = _local_batches(inputs, options, batch_size)
    return _stream(
        batches, out, spec, options, jobs=jobs, backend=backend, progress=Progress(total, enabled=progress),
        check_documents=aligned,
    )  # fmt: skip


def _local_batches(
    inputs: str | Path | Iterable[str | Path] | Corpus | CorpusStream, options: Options, batch_size: int
) -> tuple[Iterator[Batch], int | None, bool]:
    """Batches of a corpus read here: lazily from files or from a given stream, or from a ready corpus; with
    the total size for progress and whether processed inputs and documents must match (see
    :func:`_corpus_items`)."""
    if isinstance(inputs, Corpus):
        items, aligned = _corpus_items(inputs)
        return _batches(items, batch_size), sum(len(d.text) for d in inputs), aligned
    stream = inputs if isinstance(inputs, CorpusStream) else options.read(_paths(inputs))
    return _batches(iter(stream), batch_size, lambda: stream.bytes_read), stream.total_bytes, True


# ------------------------------------------------------------------------------------------ provenance
def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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
        "inputs": [{"path": s, "sha256": _sha256_file(Path(s))} for s in analysis.sources if Path(s).is_file()],
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
    from .figures import plot_actor_heatmap, save_figure

    report = provenance(result)
    table = result.actor_frames
    table.to_csv(folder / "actor_frames.csv", index=False, lineterminator="\n", float_format="%.6g")
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
            t.to_csv(folder / name, index=False, lineterminator="\n", float_format="%.6g")
    if len(table):
        rates, counts = (frame_matrix(table, v, top=FIGURE_MAX_ACTORS) for v in ("rate_per_1000", "count"))
        shown = "" if len(rates) == table["actor"].nunique() else f", the {len(rates)} who speak most"
        image = plot_actor_heatmap(rates, annotate=counts)
        image.axes.set_title(
            f"Frames by speaker{shown} ({result.lexicon.name} {result.lexicon.version}): "
            "rate per 1,000 tokens, counts in cells",
            fontsize=9,
        )
        save_figure(
            image.figure, folder / "actor_frames", provenance=figure_provenance(result, _full=report), close=True
        )
    files = sorted(p.name for p in folder.iterdir())
    unknown = sorted(set(files) - set(OUTPUT_FILES))
    assert not unknown, f"output files missing from OUTPUT_FILES: {unknown}"
    report["outputs"] = {name: _sha256_file(folder / name) for name in files}
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
    with _result_folder(out) as tmp:
        with _Writer(tmp) as writer:
            writer.add(
                _documents_csv(analysis.corpus.report),
                _passages_jsonl(analysis.attributions),
                _matches_csv(analysis.matches),
            )
        report = _write_tables(tmp, analysis)
    return report


# --------------------------------------------------------------------------------------- atomic folder
_AT_FDCWD = -100
_RENAME_EXCHANGE = 2  # linux/fs.h
_RENAME_SWAP = 2  # macOS sys/stdio.h


@contextlib.contextmanager
def _result_folder(out: str | Path) -> Iterator[Path]:
    """A new hidden folder beside ``out`` to write the results into; swapped with ``out`` on success,
    deleted on failure (see the module docstring)."""
    target = Path(out)
    if target.exists() and not target.is_dir():
        raise RunError("F402", path=str(out))
    target = target.resolve()
    cwd = Path.cwd().resolve()
    if cwd == target or target in cwd.parents:
        raise RunError("F424", path=str(out))
    target.parent.mkdir(parents=True, exist_ok=True)
    _recover(target)
    tmp = Path(tempfile.mkdtemp(prefix=f".{target.name}.framing-{os.getpid()}-", dir=target.parent))
    os.chmod(tmp, target.stat().st_mode & 0o7777 if target.is_dir() else 0o777 & ~_umask())
    try:
        yield tmp
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    with _no_interrupt():
        try:
            old = _commit(tmp, target)
            if old is not None:
                _settle(old, target)
        except BaseException:
            _recover(target, own=True)
            raise


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _no_interrupt() -> Iterator[None]:
    """Hold back Ctrl-C (SIGINT) for the few renames of a commit; it is delivered right after."""
    blocking = threading.current_thread() is threading.main_thread() and hasattr(signal, "pthread_sigmask")
    if blocking:
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        if blocking:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})


def _commit(tmp: Path, target: Path) -> Path | None:
    """Put ``tmp`` in place of ``target``; return the folder now holding the previous content, if any."""
    if not target.exists():
        os.rename(tmp, target)
        return None
    if _exchange(tmp, target):
        return tmp
    old = tmp.with_name(tmp.name + "-old")
    os.rename(target, old)
    os.rename(tmp, target)
    return old


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically where the system can; ``False`` where it cannot."""
    libc = _libc()
    if libc is None:
        return False
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        rc = libc.renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    elif sys.platform == "darwin" and hasattr(libc, "renamex_np"):
        rc = libc.renamex_np(os.fsencode(a), os.fsencode(b), _RENAME_SWAP)
    else:
        return False
    if rc == 0:
        return True
    err = ctypes.get_errno()
    if err in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
        return False
    raise OSError(err, os.strerror(err), str(b))


_LIBC: list[Any] = []


def _libc() -> Any:
    if not _LIBC:
        try:
            _LIBC.append(ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True))
        except OSError:
            _LIBC.append(None)
    return _LIBC[0]


def _ours(name: str) -> bool:
    """Whether an entry of a results folder was written by framing (else it is the user's)."""
    return name in OUTPUT_FILES or name.startswith(".framing-")


def _settle(old: Path, target: Path) -> None:
    """Move the user's entries of the previous results folder ``old`` back into ``target``; delete the rest."""
    kept = False
    for entry in sorted(old.iterdir()):
        if _ours(entry.name):
            continue
        if (target / entry.name).exists() or (target / entry.name).is_symlink():
            kept = True  # never overwrite: leave it where it is
            continue
        os.rename(entry, target / entry.name)
    if kept:
        for entry in old.iterdir():
            if _ours(entry.name):
                shutil.rmtree(entry) if entry.is_dir() and not entry.is_symlink() else entry.unlink()
    else:
        shutil.rmtree(old, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _recover(target: Path, *, own: bool = False) -> None:
    """Finish or undo what an interrupted run left beside ``target``: restore the previous results if the
    output folder is missing, move the user's files back, delete temporary folders. Folders of runs still
    going (another live process) are left alone; ``own=True`` includes this process's."""
    pattern = re.compile(re.escape(f".{target.name}.framing-") + r"(?P<pid>\d+)-[A-Za-z0-9_]+(?P<old>-old)?\Z")
    leftovers = []
    for entry in sorted(target.parent.iterdir()) if target.parent.is_dir() else ():
        m = pattern.match(entry.name)
        if m is None or not entry.is_dir() or entry.is_symlink():
            continue
        pid = int(m.group("pid"))
        if pid == os.getpid() and not own:
            continue
        if pid != os.getpid() and _alive(pid):
            continue
        leftovers.append((entry, bool(m.group("old"))))
    for entry, old in sorted(leftovers, key=lambda x: not x[1]):  # previous results first
        if target.is_dir():
            _settle(entry, target)
        elif old or any(not _ours(e.name) for e in entry.iterdir()):
            os.rename(entry, target)  # the output folder is missing: this was it
        else:
            shutil.rmtree(entry, ignore_errors=True)
