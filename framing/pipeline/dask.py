"""Dask: the same analysis on a Dask cluster, beyond one machine (optional extra: ``framing[dask]``).

A run is batches of documents (see :mod:`framing.pipeline.run`): :func:`framing.pipeline.process_batch` runs
on the Dask workers and returns each batch's output lines and additive aggregates; the merge, the statistics
and the writing of the results run here, in batch order, by the same code as a local run
(:func:`~framing.pipeline.run.run_streamed`, :func:`~framing.pipeline.run.run_in_memory`). The results are
therefore the same bytes as a local run of the same documents (``framing analyze`` or
:func:`framing.analyze`), whatever the partitioning.

Two kinds of input:

* files and folders, a named corpus read lazily (:func:`framing.corpus.iter_named_corpus`, with ``out``)
  or a ready :class:`~framing.corpus.Corpus`: read here lazily, as in a local run, and sent to the workers
  a batch at a time (at most twice as many batches in flight as the cluster has
  threads), so neither this process nor the scheduler holds the corpus;
* a ``dask.bag.Bag`` of :class:`~framing.corpus.Document` objects: each partition is one batch, built and
  processed on the workers; every document counts as a processed input. Document ids must be unique.

``framing analyze INPUT --dask tcp://SCHEDULER:8786`` is :func:`analyze` with ``out``; the pipeline's face
exports it as :func:`framing.pipeline.analyze_on_dask`. The workers need
framing (the same version) installed. Importing ``framing`` never imports Dask; this module imports it when
called.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from ..corpus import Corpus, CorpusStream, Document, InputRecord
from ..errors import ArgumentError, ArgumentTypeError, RunError
from .batches import (
    Batch,
    BatchResult,
    BatchSpec,
    as_paths,
    corpus_items,
    cut_batches,
    input_paths,
    local_batches,
    process_batch,
)
from .config import RunConfig, config_from_options, with_options
from .output import OutputFolder
from .plan import batch_spec
from .progress import Progress
from .results import Analysis, RunResult
from .run import run_in_memory, run_streamed
from .writing import OUTPUT_FILES

__all__ = ["DaskBackend", "analyze", "analyze_on_dask", "process_partition"]


def _distributed() -> Any:
    try:
        import dask.bag  # noqa: F401
        import distributed
    except ImportError:
        raise RunError("F425") from None
    return distributed


def process_partition(documents: list[Document], index: int, spec: BatchSpec) -> BatchResult:
    """One partition of a bag of documents as batch ``index`` (on a worker): every document is an input."""
    documents = list(documents)
    for doc in documents:
        if not isinstance(doc, Document):
            raise ArgumentTypeError(
                "F602", name="each item of the bag", expected="a framing.Document", kind=f"a {type(doc).__name__}"
            )
    records = [InputRecord(d.source, d.doc_id, "processed", "") for d in documents]
    return process_batch(Batch(index, records, documents), spec)


class DaskBackend:
    """Runs batches on a Dask cluster through a ``distributed.Client`` (see :class:`framing.pipeline.Backend`).

    The batch spec (lexicon and actor registry) is sent to every worker once. Batches are local
    :class:`~framing.pipeline.Batch` objects, or ``(index, delayed_partition)`` pairs of a bag."""

    def __init__(self, client: Any, spec: BatchSpec, *, window: int | None = None) -> None:
        self.client = client
        self.spec = spec
        self.window = window or 2 * max(1, sum(client.nthreads().values()))
        self._spec_future: Any = None
        self._futures: list[Any] = []

    def __enter__(self) -> DaskBackend:
        self._spec_future = self.client.scatter(self.spec, broadcast=True, hash=False)
        return self

    def submit(self, batch: Batch | tuple[int, Any]) -> Any:
        if isinstance(batch, Batch):
            future = self.client.submit(process_batch, batch, self._spec_future, pure=False)
        else:
            import dask

            index, partition = batch
            task = dask.delayed(process_partition, pure=False)(partition, index, self._spec_future)
            future = self.client.compute(task)
        self._futures = [f for f in self._futures if not f.done()] + [future]
        return future

    def map(self, fn: Any, items: Any) -> Any:
        futures = self.client.map(fn, list(items), pure=False)
        self._futures.extend(futures)
        return self.client.gather(futures)

    def __exit__(self, exc_type: object, *exc: object) -> None:
        if exc_type is not None and self._futures:
            self.client.cancel(self._futures)
        self._futures = []
        if self._spec_future is not None:
            self._spec_future.release()
            self._spec_future = None


class _UniqueIds:
    """Checks that the documents of a bag have unique ids (a local reader skips duplicates; a bag cannot)."""

    def __init__(self) -> None:
        self.seen: set[str] = set()

    def __call__(self, result: BatchResult) -> None:
        for doc_id in result.doc_ids or ():
            if doc_id in self.seen:
                raise RunError("F426", doc_id=doc_id)
            self.seen.add(doc_id)


@with_options
def analyze(
    data: Any,
    *,
    client: Any = None,
    scheduler: str | None = None,
    out: str | Path | None = None,
    config: RunConfig | None = None,
    **options: Any,
) -> Analysis | RunResult:
    """Analyse ``data`` on a Dask cluster: files or folders, a :class:`~framing.corpus.CorpusStream` (with
    ``out``), a :class:`~framing.corpus.Corpus`, or a ``dask.bag.Bag`` of :class:`~framing.corpus.Document`
    objects (see the module docstring).

    ``client`` is a ``distributed.Client``; or ``scheduler`` an address to connect to (the client is closed
    at the end). ``options`` are those of :func:`framing.analyze` (lexicon, actors, statistics, seed, …).
    With ``out`` the results are written there as :func:`framing.pipeline.analyze_to` writes them (returns a
    :class:`~framing.pipeline.RunResult`); without, everything is kept in memory (returns an
    :class:`~framing.pipeline.Analysis`). ``batch_size`` (characters) cuts files and corpora into batches; a
    bag's partitions are its batches.

    Parameters
    ----------
    data : str, Path, list of them, Corpus, CorpusStream or dask.bag.Bag
        What to analyse (see the module docstring); a CorpusStream needs ``out``.
    client : distributed.Client, optional
        The cluster's client (left open).
    scheduler : str, optional
        A scheduler address to connect to when no ``client`` is given (the client made is closed at the end).
    out : str or Path, optional
        The output folder, written as :func:`framing.pipeline.analyze_to` writes it (checked and locked
        before anything is read, replaced atomically when the run completes).
    config : RunConfig, optional
        The options as one object; keyword ``options`` override its fields.
    **options
        The fields of :class:`~framing.pipeline.RunConfig` (listed below).

    Returns
    -------
    RunResult or Analysis
        With ``out``, the :class:`~framing.pipeline.RunResult`; without, the
        :class:`~framing.pipeline.Analysis`.

    Raises
    ------
    RunError
        F425 (Dask is not installed), F426 (two documents of a bag with the same id), and the errors of
        :func:`framing.pipeline.analyze_to` (options, groups, inputs, output folder).
    ArgumentError
        F603: neither ``client`` nor ``scheduler``, or a CorpusStream without ``out``.
    ArgumentTypeError
        F602: an item of a bag that is not a :class:`~framing.corpus.Document`.
    """
    _distributed()  # a clear error (F425) where Dask is not installed
    import dask.bag

    opts = config_from_options(config, options, "framing.pipeline.dask.analyze")
    is_bag = isinstance(data, dask.bag.Bag)
    folder = None if out is None else OutputFolder(out, names=OUTPUT_FILES, inputs=() if is_bag else input_paths(data))
    with folder if folder is not None else contextlib.nullcontext():
        return _run(data, opts, folder, client=client, scheduler=scheduler, is_bag=is_bag)


#: :func:`analyze` under the name the pipeline's face exports (``framing.pipeline.analyze`` is the local run).
analyze_on_dask = analyze


def _run(
    data: Any, opts: RunConfig, out: OutputFolder | None, *, client: Any, scheduler: str | None, is_bag: bool
) -> Analysis | RunResult:
    """The body of :func:`analyze`, with the output folder (if any) checked and locked."""
    distributed = _distributed()
    batch_size = opts.batch_size
    own = client is None
    if own:
        if scheduler is None:
            raise ArgumentError(
                "F603",
                function="framing.pipeline.dask.analyze",
                problem="no cluster to run on",
                fix="pass client= (a distributed.Client) or scheduler= (its address)",
            )
        client = distributed.Client(scheduler)
    try:
        spec = batch_spec(opts, keep=out is None, write=out is not None, return_documents=is_bag)
        backend = DaskBackend(client, spec)
        check = _UniqueIds() if is_bag else None
        corpus: Corpus | None = None
        paths: list[str] = []
        if is_bag:
            batches: Any = iter(enumerate(data.to_delayed()))
            total, aligned = None, True
        else:
            batches, total, aligned = local_batches(data, opts, batch_size)
            if isinstance(data, Corpus):
                corpus, paths = data, sorted({r.source for r in data.report})
            elif isinstance(data, CorpusStream) and out is None:
                raise ArgumentError(
                    "F603",
                    function="framing.pipeline.dask.analyze",
                    problem="a CorpusStream is streamed into out=, and there is no out",
                    fix="pass out=, or a Corpus instead (without out, the documents are kept in memory)",
                )
            elif out is None:  # in memory: the documents are kept here, as framing.analyze keeps them
                from ..corpus import read_corpus

                paths = as_paths(data)
                corpus = read_corpus(paths, text_field=opts.text_field, id_field=opts.id_field, turns=opts.transcript)
                items, aligned = corpus_items(corpus)
                batches, total = cut_batches(items, batch_size), sum(len(d.text) for d in corpus)
        meter = Progress(total, enabled=opts.progress)
        if out is not None:
            return run_streamed(
                batches, out, spec, opts, jobs=0, backend=backend, progress=meter, check_documents=aligned,
                on_result=check,
            )  # fmt: skip
        return run_in_memory(
            batches, spec, opts, corpus=corpus, paths=paths, jobs=0, backend=backend, progress=meter,
            check_documents=aligned, on_result=check,
        )  # fmt: skip
    finally:
        if own:
            client.close()
