"""Run: the whole pipeline, in batches of documents, and its results written atomically with provenance.

One implementation, three ways to use it
----------------------------------------
Documents are processed in **batches** (about ``batch_size`` characters of text each, cut at document
boundaries). :func:`process_batch` takes one batch through segment → attribute → match table and returns
its share of every output: the lines of ``documents.csv``, ``passages.jsonl`` and ``matches.csv``, and the
**additive** aggregates the statistics need (actor × category counts, the (group, document) units of
:func:`framing.compare.unit_table`, word counts per group for term keyness). A document lies in one batch,
so units concatenate and counts add up; the merge (:class:`~.merge.Merge`) does exactly that, in batch order, and
the statistics are computed once at the end from the merged aggregates. The results are therefore the same
bytes whatever the batch size and however many processes ran the batches.

* :func:`analyze` keeps everything in memory (passages, attributions, match table) and returns an
  :class:`Analysis`; :func:`write_results` writes it.
* :func:`analyze_to` streams: documents are read lazily (:func:`framing.corpus.iter_corpus`), batches run in a
  pool of ``jobs`` processes (results consumed in input order, at most ``2 × jobs`` batches in flight), and
  the three per-document files are appended batch by batch, so memory is bounded by the batch size, not the
  corpus size. ``framing analyze`` is this function.
* :mod:`framing.pipeline.dask` runs the same batches on a Dask cluster.

Output order is input order: files in the order given (folders sorted), records in file order; passages
and matches follow their document.

Results folder
--------------
The output folder is written under the contract of :mod:`framing.pipeline.output`: checked and locked before the
first document is read, written into a staging folder and put in place atomically when the run completes,
and only files framing wrote (its record says which) are ever replaced or deleted.

Configuration
-------------
The options are the fields of :class:`framing.pipeline.RunConfig`, checked before anything is read.

Where the parts are
-------------------
:mod:`.batches` (batches and one batch's work), :mod:`.backends` (where batches run, and the loop that
merges their results), :mod:`.merge`, :mod:`.plan` (the batch spec, the checks before reading, the
statistics), :mod:`.results` (:class:`Analysis`, :class:`RunResult`, provenance) and :mod:`.writing` (the
files). This module puts them together: :func:`run_in_memory` and :func:`run_streamed` are the two ways to
run batches on any backend, used by :func:`analyze`, :func:`analyze_to` and :func:`framing.pipeline.dask.analyze`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ..corpus import Corpus, CorpusStream, read_corpus
from ..errors import RunError
from .backends import Backend, choose_backend, jobs_for, run_batches
from .batches import BatchResult, BatchSpec, as_paths, corpus_items, cut_batches, input_paths, local_batches
from .config import RunConfig, config_from_options, with_options
from .output import OutputFolder
from .plan import batch_spec, check_fields_before_reading, finish
from .progress import Progress
from .results import Analysis, RunResult
from .writing import OUTPUT_FILES, PartWriter, documents_csv, matches_csv, passages_jsonl, write_tables

__all__ = ["analyze", "analyze_to", "run_in_memory", "run_streamed", "write_results"]


def run_in_memory(
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
    batches, backend = choose_backend(batches, spec, jobs=jobs, backend=backend)
    with backend:
        merge = run_batches(
            batches, spec, backend, progress=progress, on_result=on_result, check_documents=check_documents
        )
        frames, stats, config = finish(merge, options, backend)
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
        stats.models,
        targets=merge.target_table(),
    )


def run_streamed(
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
    :class:`framing.pipeline.OutputFolder`) before the first batch is read, if that was not done yet."""
    folder = out if isinstance(out, OutputFolder) else OutputFolder(out, names=OUTPUT_FILES)
    with folder:
        batches, backend = choose_backend(batches, spec, jobs=jobs, backend=backend)
        with folder.staging() as tmp, PartWriter(tmp) as writer, backend:
            return _stream_into(tmp, writer, batches, folder, spec, options, backend=backend, progress=progress,
                                check_documents=check_documents, on_result=on_result)  # fmt: skip


def _stream_into(
    tmp: Path,
    writer: PartWriter,
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
    """The body of :func:`run_streamed`: run, merge, compute and write into the staging folder ``tmp``."""

    def consume(r: BatchResult) -> None:
        writer.add(r.documents_csv, r.passages_jsonl, r.matches_csv)
        if on_result is not None:
            on_result(r)

    merge = run_batches(batches, spec, backend, progress=progress, on_result=consume, check_documents=check_documents)
    writer.close()
    frames, stats, config = finish(merge, options, backend)
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
        stats.models,
        merge.counts(),
        targets=merge.target_table(),
    )
    result.report = write_tables(tmp, result)
    return result


@with_options
def analyze(
    inputs: str | Path | list[str | Path] | Corpus, *, config: RunConfig | None = None, **options: Any
) -> Analysis:
    """Run the pipeline on ``inputs``, keeping everything in memory.

    With ``statistics=True`` it also computes, on (group, document) units (see
    :func:`framing.compare.unit_table`; ``level`` rolls speakers up the registry, ``by`` adds a metadata
    field, ``group_by`` groups documents by a metadata field such as ``outlet``, every passage included,
    ``speaker_field`` groups speeches by a field such as ``iso3``, own voice only): profiles with bootstrap
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
        (e.g. a named corpus, :func:`framing.corpus.read_named_corpus`).
    config : RunConfig, optional
        The options as one object; keyword ``options`` override its fields.
    **options
        The fields of :class:`~framing.pipeline.RunConfig` (listed below).

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
    check_fields_before_reading(cfg, inputs)
    spec = batch_spec(cfg, keep=True)
    if isinstance(inputs, Corpus):
        corpus, paths = inputs, sorted({r.source for r in inputs.report})
    else:
        paths = as_paths(inputs)
        corpus = read_corpus(paths, text_field=cfg.text_field, id_field=cfg.id_field, turns=cfg.transcript)
    items, aligned = corpus_items(corpus)
    return run_in_memory(
        cut_batches(items, cfg.batch_size), spec, cfg, corpus=corpus, paths=list(paths), jobs=jobs_for(cfg.jobs),
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
        corpus read lazily (:func:`framing.corpus.iter_named_corpus`): it is consumed batch by batch, and
        its reading options are its own (``text_field``, ``id_field`` and ``transcript`` are then only
        recorded).
    out : str or Path
        The output folder, written under the contract of :mod:`framing.pipeline.output`: checked (not an input,
        nothing of the user's under framing's names) and locked before anything is read, and replaced
        atomically when the run completes.
    backend : Backend, optional
        Runs the batches elsewhere (see :class:`~framing.pipeline.Backend`; e.g.
        :class:`framing.pipeline.dask.DaskBackend`); default: this process or a pool of ``jobs`` processes.
    config : RunConfig, optional
        The options as one object; keyword ``options`` override its fields.
    **options
        The fields of :class:`~framing.pipeline.RunConfig` (listed below).

    Returns
    -------
    RunResult
        The result tables and the run report (``run.json``).

    Raises
    ------
    RunError
        As :func:`analyze`, and F402, F424, F430–F433 for the output folder (see :mod:`framing.pipeline.output`).
    """
    cfg = config_from_options(config, options, "framing.analyze_to")
    check_fields_before_reading(cfg, inputs)
    spec = batch_spec(cfg, write=True)
    folder = OutputFolder(out, names=OUTPUT_FILES, inputs=input_paths(inputs))
    with folder:
        batches, total, aligned = local_batches(inputs, cfg, cfg.batch_size)
        return run_streamed(
            batches, folder, spec, cfg, jobs=jobs_for(cfg.jobs), backend=backend,
            progress=Progress(total, enabled=cfg.progress), check_documents=aligned,
        )  # fmt: skip


def write_results(analysis: Analysis, out: str | Path) -> dict[str, Any]:
    """Write the run's files into ``out`` and return the run report (also written as ``run.json``).

    Files: ``documents.csv`` (every input and what happened to it), ``passages.jsonl`` (passages with
    speakers, targets, rule and evidence), ``matches.csv`` (the match table), ``actor_frames.csv``,
    ``actor_frames.png``/``.svg`` with the ``.json`` provenance sidecar, the statistics tables and
    ``run.json``. Rows are in input order. ``out`` is replaced atomically (see the module docstring).

    Parameters
    ----------
    analysis : Analysis
        The in-memory run (from :func:`analyze`).
    out : str or Path
        The output folder, written under the contract of :mod:`framing.pipeline.output` (checked, locked,
        replaced atomically; only files framing wrote are ever replaced).

    Returns
    -------
    dict
        The run report written as ``run.json``: :func:`~framing.pipeline.provenance` with ``outputs``, the
        sha256 of every file written.

    Raises
    ------
    RunError
        F403 (the corpus's report does not account for every input), and F402, F424, F430–F433 for the
        output folder (see :mod:`framing.pipeline.output`).
    """
    counts = analysis.counts()
    if counts["inputs"] != counts["processed"] + counts["skipped"]:
        raise RunError("F403", inputs=counts["inputs"], processed=counts["processed"], skipped=counts["skipped"])
    folder = OutputFolder(out, names=OUTPUT_FILES, inputs=analysis.sources)
    with folder, folder.staging() as tmp:
        with PartWriter(tmp) as writer:
            writer.add(
                documents_csv(analysis.corpus.report),
                passages_jsonl(analysis.attributions),
                matches_csv(analysis.matches),
            )
        report = write_tables(tmp, analysis)
    return report
