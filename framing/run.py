"""Run: the whole pipeline as one call, and writing its results with provenance.

``analyze`` chains corpus → passages → attribution and lexicon → match table → actor frames;
``write_results`` writes the output files and ``run.json``. The CLI's ``framing analyze`` is these two
calls. Outputs are first written to a temporary folder inside the output folder and then moved into place,
so a run that fails midway does not leave a mix of old and new files.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import shutil
import tempfile
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from .actors import ActorRegistry, load_actors
from .attribution import Attribution, attribute
from .compare import actor_frames, frame_matrix
from .corpus import Corpus, read_corpus
from .errors import RunError
from .features import match_table
from .lexicon import Lexicon, load_lexicon
from .passages import Passage, segment

__all__ = ["Analysis", "analyze", "write_results"]

OUTPUT_FILES = (
    "documents.csv",
    "passages.jsonl",
    "matches.csv",
    "actor_frames.csv",
    "actor_frames.png",
    "actor_frames.svg",
    "actor_frames.json",
    "run.json",
)
_PACKAGES = ("framing", "numpy", "pandas", "scikit-learn", "matplotlib", "nltk", "PyYAML")


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
) -> Analysis:
    """Run the pipeline on ``inputs``: files or folders (see :func:`framing.read_corpus`) or a ready
    :class:`~framing.corpus.Corpus` (e.g. from :mod:`framing.corpora`). ``credit`` is passed to
    :func:`~framing.compare.actor_frames`."""
    lex = lexicon if isinstance(lexicon, Lexicon) else load_lexicon(lexicon)
    registry = actors if isinstance(actors, ActorRegistry) else load_actors(actors)
    if isinstance(inputs, Corpus):
        corpus, paths = inputs, sorted({r.source for r in inputs.report})
    else:
        paths = [str(p) for p in ([inputs] if isinstance(inputs, str | Path) else inputs)]
        corpus = read_corpus(paths, text_field=text_field, id_field=id_field, turns=transcript)
    passages = segment(corpus, unit=unit, paragraphs=paragraphs)
    attributions = attribute(passages, registry, corpus=corpus)
    matches = match_table(passages, lex)
    frames = actor_frames(attributions, matches, categories=lex.category_names, credit=credit)
    config = {
        "unit": unit,
        "paragraphs": paragraphs,
        "text_field": text_field,
        "id_field": id_field,
        "transcript": transcript,
        "credit": credit,
    }
    return Analysis(corpus, passages, attributions, matches, frames, lex, registry, list(paths), config)


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


def provenance(analysis: Analysis) -> dict[str, Any]:
    """Versions, input file hashes, lexicon and registry identity, config and counts of a run."""
    sources = sorted({r.source for r in analysis.corpus.report})
    return {
        "versions": _versions(),
        "inputs": [{"path": s, "sha256": _sha256_file(Path(s))} for s in sources if Path(s).is_file()],
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


def write_results(analysis: Analysis, out: str | Path) -> dict[str, Any]:
    """Write the run's files into ``out`` and return the run report (also written as ``run.json``).

    Files: ``documents.csv`` (every input and what happened to it), ``passages.jsonl`` (passages with
    speakers, targets, rule and evidence), ``matches.csv`` (the match table), ``actor_frames.csv``,
    ``actor_frames.png``/``.svg`` with the ``.json`` provenance sidecar, and ``run.json``.
    """
    from .figures import plot_actor_heatmap, save_figure

    out = Path(out)
    if out.exists() and not out.is_dir():
        raise RunError("F402", path=str(out))
    counts = analysis.counts()
    if counts["inputs"] != counts["processed"] + counts["skipped"]:
        raise RunError("F403", inputs=counts["inputs"], processed=counts["processed"], skipped=counts["skipped"])
    out.mkdir(parents=True, exist_ok=True)
    report = provenance(analysis)
    tmp = Path(tempfile.mkdtemp(prefix=".framing-", dir=out))
    try:
        analysis.corpus.report_frame().to_csv(tmp / "documents.csv", index=False, lineterminator="\n")
        with (tmp / "passages.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
            for a in sorted(analysis.attributions, key=lambda a: (a.doc_id, a.passage_id)):
                fh.write(json.dumps(a.to_record(), ensure_ascii=False, sort_keys=True) + "\n")
        analysis.matches.to_csv(tmp / "matches.csv", index=False, lineterminator="\n")
        analysis.actor_frames.to_csv(tmp / "actor_frames.csv", index=False, lineterminator="\n", float_format="%.6g")
        table = analysis.actor_frames
        if len(table):
            image = plot_actor_heatmap(frame_matrix(table, "rate_per_1000"), annotate=frame_matrix(table, "count"))
            image.axes.set_title(
                f"Frames by speaker ({analysis.lexicon.name} {analysis.lexicon.version}): "
                "rate per 1,000 tokens, counts in cells",
                fontsize=9,
            )
            figure_provenance = {k: report[k] for k in ("versions", "inputs", "lexicon", "actors", "config")}
            save_figure(image.figure, tmp / "actor_frames", provenance=figure_provenance, close=True)
        files = sorted(p.name for p in tmp.iterdir())
        report["outputs"] = {name: _sha256_file(tmp / name) for name in files}
        (tmp / "run.json").write_text(
            json.dumps(report, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8"
        )
        for name in OUTPUT_FILES:  # stale files of an earlier run must not survive next to new ones
            if (out / name).exists() and not (tmp / name).exists():
                (out / name).unlink()
        for p in sorted(tmp.iterdir()):
            os.replace(p, out / p.name)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return report
