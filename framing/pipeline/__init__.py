"""The whole job: one run configuration, batches of documents through every stage, the merge, the output.

``config`` is the run's configuration (every option, its check and its CLI flag); ``run`` puts a run
together (:func:`analyze` in memory, :func:`analyze_to` streamed into a folder, :func:`write_results`) from
its parts: ``batches`` cuts the input into batches and processes one, ``backends`` runs them (in this process
or a process pool; on Dask with ``dask``) and ``merge`` adds their results up in batch order, ``plan`` checks
the options before reading and computes the statistics, ``results`` holds what a run produced and its
provenance, ``writing`` writes the files; ``output`` is the output-folder contract (ownership record, lock,
atomic swap); ``progress`` the progress line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:
    from .backends import Backend
    from .batches import Batch, BatchResult, BatchSpec, process_batch
    from .config import (
        DEFAULT_BATCH_SIZE,
        LEXICON_HELP,
        RunConfig,
        add_arguments,
        config_from_args,
        config_from_options,
        with_options,
    )
    from .dask import analyze_on_dask
    from .output import OutputFolder
    from .progress import Progress, format_duration
    from .results import Analysis, RunResult, figure_provenance, provenance
    from .run import analyze, analyze_to, write_results
    from .writing import OUTPUT_FILES

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "LEXICON_HELP",
    "OUTPUT_FILES",
    "Analysis",
    "Backend",
    "Batch",
    "BatchResult",
    "BatchSpec",
    "OutputFolder",
    "Progress",
    "RunConfig",
    "RunResult",
    "add_arguments",
    "analyze",
    "analyze_on_dask",
    "analyze_to",
    "config_from_args",
    "config_from_options",
    "figure_provenance",
    "format_duration",
    "process_batch",
    "provenance",
    "with_options",
    "write_results",
]

__getattr__, __dir__ = attach(
    __name__,
    {
        "config": (
            "DEFAULT_BATCH_SIZE",
            "LEXICON_HELP",
            "RunConfig",
            "add_arguments",
            "config_from_args",
            "config_from_options",
            "with_options",
        ),
        "run": ("analyze", "analyze_to", "write_results"),
        "batches": ("Batch", "BatchResult", "BatchSpec", "process_batch"),
        "backends": ("Backend",),
        "results": ("Analysis", "RunResult", "figure_provenance", "provenance"),
        "writing": ("OUTPUT_FILES",),
        "dask": ("analyze_on_dask",),
        "output": ("OutputFolder",),
        "progress": (
            "Progress",
            "format_duration",
        ),
    },
)
