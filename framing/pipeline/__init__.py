"""The whole job: one run configuration, batches of documents through every stage, the merge, the output.

``config`` is the run's configuration (every option, its check and its CLI flag); ``run`` cuts the input
into batches, runs each (in this process, a process pool, or on Dask with ``dask``), merges their parts,
computes the statistics and writes the results with provenance; ``output`` is the output-folder contract
(ownership record, lock, atomic swap); ``progress`` the progress line.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:
    from .config import (
        DEFAULT_BATCH_SIZE,
        LEXICON_HELP,
        RunConfig,
        add_arguments,
        config_from_args,
        config_from_options,
        with_options,
    )
    from .output import OutputFolder
    from .progress import Progress, format_duration
    from .run import (
        OUTPUT_FILES,
        Analysis,
        Batch,
        BatchResult,
        BatchSpec,
        RunResult,
        analyze,
        analyze_to,
        figure_provenance,
        process_batch,
        provenance,
        write_results,
    )

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "LEXICON_HELP",
    "OUTPUT_FILES",
    "Analysis",
    "Batch",
    "BatchResult",
    "BatchSpec",
    "OutputFolder",
    "Progress",
    "RunConfig",
    "RunResult",
    "add_arguments",
    "analyze",
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
        "run": (
            "OUTPUT_FILES",
            "Analysis",
            "Batch",
            "BatchResult",
            "BatchSpec",
            "RunResult",
            "analyze",
            "analyze_to",
            "figure_provenance",
            "process_batch",
            "provenance",
            "write_results",
        ),
        "output": ("OutputFolder",),
        "progress": (
            "Progress",
            "format_duration",
        ),
    },
)
