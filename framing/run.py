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
from .compare import (
    Comparisons,
    KeynessTable,
    Profiles,
    actor_frames,
    category_keyness,
    compare_groups,
    frame_adoption,
    frame_matrix,
    profiles,
    term_keyness,
    unit_table,
)
from .corpus import Corpus, read_corpus
from .errors import RunError
from .features import match_table
from .lexicon import Lexicon, load_lexicon
from .passages import Passage, segment

__all__ = ["Analysis", "analyze", "figure_provenance", "provenance", "write_results"]

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
) -> Analysis:
    """Run the pipeline on ``inputs``: files or folders (see :func:`framing.read_corpus`) or a ready
    :class:`~framing.corpus.Corpus` (e.g. from :mod:`framing.corpora`).

    With ``statistics=True`` it also computes, on (group, document) units (see
    :func:`framing.compare.unit_table`; ``level`` rolls speakers up the registry, ``by`` adds a metadata
    field, ``speaker_field`` groups speeches by a metadata field such as ``iso3``): profiles with bootstrap
    CIs, comparisons (``compare``: one-vs-rest or pairs) of ``groups`` (default: the ``max_groups`` groups
    that speak the most tokens, narrator excluded), category and term keyness, and frame adoption. ``seed``
    drives every resampling.
    """
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
    analysis = Analysis(corpus, passages, attributions, matches, frames, lex, registry, list(paths), config)
    if statistics and attributions:
        units = unit_table(
            attributions,
            matches,
            categories=lex.category_names,
            registry=registry,
            level=level,
            by=by,
            corpus=corpus,
            credit=credit,
            speaker_field=speaker_field,
        )
        if groups is None:
            volume = {g: units.tokens[units.rows(g)].sum() for g in set(units.groups) if not g.startswith("narrator")}
            groups = sorted(sorted(volume, key=lambda g: (-volume[g], g))[:max_groups])
        analysis.profiles = profiles(units, n_boot=n_boot, rng=seed, level=level, by=by, credit=credit)
        if len(groups) >= 2 or (compare == "one-vs-rest" and len(set(units.groups)) >= 2 and groups):
            analysis.comparisons = compare_groups(
                units, groups=groups, mode=compare, n_perm=n_perm, n_boot=n_boot, rng=seed
            )
        speaking = {g for g in set(units.groups)}
        with_matches = {g for g in speaking if units.counts[units.rows(g)].sum() > 0}
        if len(with_matches) >= 2:  # keyness compares a group with the rest: it needs two groups
            analysis.category_keyness = category_keyness(units)
        if len(speaking) >= 2:
            analysis.term_keyness = term_keyness(
                attributions, registry=registry, level=level, report=groups, corpus=corpus, speaker_field=speaker_field
            )
        analysis.adoption = frame_adoption(units, lex)
        config.update(
            {
                "level": level,
                "by": by,
                "speaker_field": speaker_field,
                "groups": groups,
                "compare": compare,
                "n_boot": n_boot,
                "n_perm": n_perm,
                "seed": seed,
            }
        )
    return analysis


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


def _corpus_identity(inputs: list[dict[str, str]]) -> dict[str, Any]:
    """One hash for the whole corpus: sha256 over the sorted ``name sha256`` lines of its files (names, not
    paths, so the same files give the same hash wherever they lie), and the number of files."""
    lines = sorted(f"{Path(i['path']).name} {i['sha256']}" for i in inputs)
    return {"files": len(lines), "sha256": hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()}


def figure_provenance(analysis: Analysis) -> dict[str, Any]:
    """What a figure made from ``analysis`` records about itself: the framing and matplotlib versions (the
    two that decide its bytes), the corpus (number of files and one sha256 over their names and hashes, see
    ``run.json`` for each file), the lexicon and actor registry identity, and the configuration (seed
    included)."""
    full = provenance(analysis)
    versions = full["versions"]
    return {
        "framing": versions.get("framing"),
        "matplotlib": versions.get("matplotlib"),
        "corpus": _corpus_identity(full["inputs"]),
        "lexicon": {k: full["lexicon"][k] for k in ("name", "version", "sha256")},
        "actors": {k: full["actors"][k] for k in ("name", "version", "sha256")},
        "config": full["config"],
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
        tables = {
            "profiles.csv": analysis.profiles.table if analysis.profiles is not None else None,
            "comparisons.csv": analysis.comparisons.table if analysis.comparisons is not None else None,
            "distances.csv": analysis.comparisons.distances if analysis.comparisons is not None else None,
            "keyness_categories.csv": analysis.category_keyness.table
            if analysis.category_keyness is not None
            else None,
            "keyness_terms.csv": analysis.term_keyness.table if analysis.term_keyness is not None else None,
            "adoption.csv": analysis.adoption,
        }
        for name, table in tables.items():
            if table is not None:
                table.to_csv(tmp / name, index=False, lineterminator="\n", float_format="%.6g")
        table = analysis.actor_frames
        if len(table):
            rates, counts = (frame_matrix(table, v, top=FIGURE_MAX_ACTORS) for v in ("rate_per_1000", "count"))
            shown = "" if len(rates) == table["actor"].nunique() else f", the {len(rates)} who speak most"
            image = plot_actor_heatmap(rates, annotate=counts)
            image.axes.set_title(
                f"Frames by speaker{shown} ({analysis.lexicon.name} {analysis.lexicon.version}): "
                "rate per 1,000 tokens, counts in cells",
                fontsize=9,
            )
            save_figure(image.figure, tmp / "actor_frames", provenance=figure_provenance(analysis), close=True)
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
