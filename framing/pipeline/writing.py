"""Writing: the files of a run's output folder, as text and on disk.

The three per-document files (``documents.csv``, ``passages.jsonl``, ``matches.csv``) are written in parts:
each batch returns its lines (:func:`documents_csv`, :func:`passages_jsonl`, :func:`matches_csv`, without
header) and a :class:`PartWriter` appends them, in batch order, after the headers. The result tables, the
heatmap and ``run.json`` are written once at the end (:func:`write_tables`). :data:`OUTPUT_FILES` are all of
them: the names framing owns in an output folder (see :mod:`.output`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd

from ..actors import TARGET_COLUMNS, Attribution
from ..compare import frame_matrix
from ..corpus import Corpus, InputRecord
from ..files import sha256_file, to_csv, writing
from ..lexicon import MATCH_COLUMNS
from .results import Analysis, RunResult, figure_provenance, provenance

__all__ = [
    "FIGURE_MAX_ACTORS",
    "OUTPUT_FILES",
    "PartWriter",
    "documents_csv",
    "matches_csv",
    "passages_jsonl",
    "write_tables",
]

OUTPUT_FILES = (
    "profiles.csv",
    "comparisons.csv",
    "distances.csv",
    "keyness_categories.csv",
    "keyness_terms.csv",
    "adoption.csv",
    "targets.csv",
    "models.csv",
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


# ------------------------------------------------------------------------------ per-document files
def _csv_text(frame: pd.DataFrame, *, header: bool, float_format: str | None = None) -> str:
    return to_csv(frame, header=header, float_format=float_format) or ""


def _report_frame(records: Iterable[InputRecord]) -> pd.DataFrame:
    return Corpus((), tuple(records)).report_frame()


def documents_csv(records: Iterable[InputRecord]) -> str:
    """The lines of ``documents.csv`` (no header) for these input records."""
    records = list(records)
    return _csv_text(_report_frame(records), header=False) if records else ""


def passages_jsonl(attributions: Iterable[Attribution]) -> str:
    """The lines of ``passages.jsonl``: one JSON object per attributed passage."""
    return "".join(json.dumps(a.to_record(), ensure_ascii=False, sort_keys=True) + "\n" for a in attributions)


def matches_csv(matches: pd.DataFrame) -> str:
    """The lines of ``matches.csv`` (no header) for these rows of the match table."""
    return _csv_text(matches, header=False) if len(matches) else ""


_HEADERS = {
    "documents.csv": lambda: _csv_text(_report_frame(()), header=True),
    "passages.jsonl": lambda: "",
    "matches.csv": lambda: _csv_text(pd.DataFrame(columns=[*MATCH_COLUMNS, *TARGET_COLUMNS]), header=True),
}


class PartWriter:
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

    def __enter__(self) -> PartWriter:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


# ---------------------------------------------------------------------------------- result tables
def write_tables(folder: Path, result: Analysis | RunResult) -> dict[str, Any]:
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
        "targets.csv": result.targets,
        "models.csv": result.models.table if result.models is not None else None,
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
