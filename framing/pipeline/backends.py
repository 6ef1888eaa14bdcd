"""Backends: where the batches of a run are processed, and the loop that feeds them and merges the results.

A :class:`Backend` runs batches somewhere: :class:`InProcess` (this process), :class:`ProcessPool` (``jobs``
worker processes) or :class:`~framing.pipeline.dask.DaskBackend` (a Dask cluster). :func:`choose_backend`
picks the local one a run needs; :func:`run_batches` submits the batches (at most ``backend.window`` in
flight, :func:`ordered`) and merges the results in batch order (:class:`~.merge.Merge`).
"""

from __future__ import annotations

import contextlib
import itertools
import multiprocessing
import os
import signal
import threading
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from typing import Any, Protocol

from threadpoolctl import threadpool_limits

from ..errors import RunError
from .batches import Batch, BatchResult, BatchSpec, process_batch
from .merge import Merge
from .progress import Progress

__all__ = [
    "BLAS_THREADS",
    "Backend",
    "InProcess",
    "ProcessPool",
    "choose_backend",
    "jobs_for",
    "ordered",
    "run_batches",
]

#: BLAS threads during the statistics and in worker processes. The resampling multiplies (draws × units)
#: by (units × categories) matrices, too small for threads to pay: on 2 cores the comparisons of a 100 MB
#: corpus (41,818 units) took 32 s with OpenBLAS's default threads and 19 s with one. The products are of
#: whole numbers, exact in any order, so the results do not depend on it.
BLAS_THREADS = 1


class _Future(Protocol):
    def result(self) -> BatchResult: ...


class Backend(Protocol):
    """Runs batches somewhere: a local process pool, or a Dask cluster (:mod:`framing.pipeline.dask`); and, with
    ``map``, the independent comparisons of the statistics (see :func:`framing.compare.compare_groups`).

    A backend is a context manager: entered before the first batch is submitted, exited when the run is
    done (with the exception, if any, so that it can stop its work at once). Pass one to
    :func:`~framing.pipeline.analyze_to` (``backend=``) to run a streamed analysis there.

    Attributes
    ----------
    window : int
        Batches kept in flight at most (submitted and not yet consumed, see :func:`ordered`).

    Methods
    -------
    submit(batch)
        Start processing one batch; returns a future whose ``result()`` is its
        :class:`~framing.pipeline.BatchResult`.
    map(fn, items)
        ``fn`` applied to each item, results in order (the comparisons of the statistics).
    """

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


class InProcess:
    """Runs each batch in this process when it is submitted (a window of one)."""

    window = 1

    def __init__(self, spec: BatchSpec) -> None:
        self.spec = spec

    def submit(self, batch: Batch) -> _Done:
        return _Done(process_batch(batch, self.spec))

    def map(self, fn: Callable[[Any], Any], items: Iterable[Any]) -> Iterable[Any]:
        return map(fn, items)

    def __enter__(self) -> InProcess:
        return self

    def __exit__(self, *exc: object) -> None:
        pass


@dataclass
class _Done:
    value: BatchResult

    def result(self) -> BatchResult:
        return self.value


class ProcessPool:
    """``jobs`` worker processes (forkserver where available: no fork of a threaded parent)."""

    def __init__(self, spec: BatchSpec, jobs: int) -> None:
        self.spec = spec
        self.jobs = jobs
        self.window = 2 * jobs
        self._pool: ProcessPoolExecutor | None = None

    def __enter__(self) -> ProcessPool:
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
        if context.get_start_method() == "forkserver":
            context.set_forkserver_preload(["framing.pipeline.backends"])
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


def ordered(backend: Backend, batches: Iterable[Any]) -> Iterator[BatchResult]:
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


def jobs_for(jobs: int) -> int:
    """Processes for ``jobs`` (checked by :class:`~framing.pipeline.RunConfig`): 0 means all cores."""
    return jobs or os.cpu_count() or 1


def choose_backend(
    batches: Iterator[Any], spec: BatchSpec, *, jobs: int, backend: Backend | None
) -> tuple[Iterator[Any], Backend]:
    """Where to run: the given backend, else this process (``jobs == 1``, or a single batch: no pool to start
    for a small corpus), else a pool of ``jobs`` processes. Returns the batches (two may have been read)."""
    if backend is not None:
        return batches, backend
    first = list(_take(batches, 2))
    backend = InProcess(spec) if jobs == 1 or len(first) < 2 else ProcessPool(spec, jobs)
    return itertools.chain(first, batches), backend


def _take(it: Iterator[Any], n: int) -> Iterator[Any]:
    for _ in range(n):
        try:
            yield next(it)
        except StopIteration:
            return


def run_batches(
    batches: Iterator[Any],
    spec: BatchSpec,
    backend: Backend,
    *,
    progress: Progress,
    on_result: Callable[[BatchResult], None] | None = None,
    check_documents: bool = True,
) -> Merge:
    """Run the batches on ``backend`` and merge the results in batch order."""
    merge = Merge(spec)
    with progress:
        for result in ordered(backend, batches):
            merge.add(result)
            if on_result is not None:
                on_result(result)
            progress.update(
                documents=merge.documents, done=result.done if result.done is not None else merge.text_chars
            )
    merge.check(documents=check_documents)
    return merge
