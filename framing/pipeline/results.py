"""Results: what a run produced (:class:`Analysis` in memory, :class:`RunResult` streamed to a folder) and
what it records about itself (:func:`provenance`, the body of ``run.json``; :func:`figure_provenance`, the
sidecar of a figure).
"""

from __future__ import annotations

import hashlib
import platform
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from ..actors import ActorRegistry, Attribution
from ..compare import Comparisons, CountModels, KeynessTable, Profiles
from ..corpus import Corpus, source_path
from ..files import sha256_file
from ..lexicon import Lexicon
from ..passages import Passage

__all__ = ["Analysis", "RunResult", "figure_provenance", "provenance"]

_PACKAGES = ("framing", "numpy", "pandas", "scikit-learn", "matplotlib", "nltk", "PyYAML")


@dataclass
class Analysis:
    """Everything one run produced: the corpus, passages, attributions, match table and actor frames.

    Returned by :func:`~framing.pipeline.analyze` (and by :func:`framing.pipeline.dask.analyze` without
    ``out``); :func:`~framing.pipeline.write_results` writes it.

    Attributes
    ----------
    corpus : Corpus
        The documents analysed, with the report of every input (processed or skipped).
    passages : list of Passage
        The passages of every document, in input order.
    attributions : list of Attribution
        The speakers and targets of each passage, in the order of ``passages``.
    matches : pandas.DataFrame
        The match table (one row per lexicon match; the columns of :func:`framing.lexicon.match_table`),
        in input order.
    actor_frames : pandas.DataFrame
        The actor × category table of :func:`framing.compare.actor_frames` (counts, negated, weighted,
        passages and tokens spoken, rate per 1,000 tokens).
    lexicon : Lexicon
        The lexicon matched.
    registry : ActorRegistry
        The actor registry of the attribution.
    inputs : list of str
        The files or folders the run read (for a ready corpus, the sources of its report).
    config : dict
        The options that decide the results, as recorded in ``run.json`` (completed by the statistics).
    profiles : Profiles or None
        Rates per group with bootstrap confidence intervals (``statistics=True``).
    comparisons : Comparisons or None
        The comparisons of the groups (needs two groups that speak).
    category_keyness, term_keyness : KeynessTable or None
        Categories and words over-used by each group compared with the rest (need two groups).
    adoption : pandas.DataFrame or None
        Frame adoption (``statistics=True``): for each group and sponsor, the matches of the categories the
        sponsor owns per 1,000 tokens and as a share (see :func:`framing.compare.frame_adoption`).
    models : CountModels or None
        The count models of the run's ``model`` formula (:func:`framing.compare.count_model`).
    targets : pandas.DataFrame or None
        Who frames whom as what (``targets.csv``): matches per speaking group, target, role and category
        (:func:`framing.compare.target_table`).
    """

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
    models: CountModels | None = None
    targets: pd.DataFrame | None = None

    @property
    def sources(self) -> list[str]:
        """The input files (sorted)."""
        return sorted({r.source for r in self.corpus.report})

    def counts(self) -> dict[str, Any]:
        """The corpus's counts (inputs, processed, skipped and by reason) with passages, matches and negated
        matches, as ``run.json`` records them."""
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
    without the per-passage data, which are in the output folder (``passages.jsonl``, ``matches.csv``).

    Attributes
    ----------
    out : Path
        The output folder the files were written to.
    report : dict
        The run report, as written to ``run.json`` (provenance, counts and the sha256 of every output).
    actor_frames : pandas.DataFrame
        The actor × category table of :func:`framing.compare.actor_frames` (counts, negated, weighted,
        passages and tokens spoken, rate per 1,000 tokens).
    lexicon : Lexicon
        The lexicon matched.
    registry : ActorRegistry
        The actor registry of the attribution.
    config : dict
        The options that decide the results, as recorded in ``run.json``.
    sources : list of str
        The input files (sorted).
    profiles, comparisons, category_keyness, term_keyness, adoption, models : optional
        The statistics, as in :class:`Analysis`.
    targets : pandas.DataFrame or None
        Who frames whom as what, as in :class:`Analysis`.
    """

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
    models: CountModels | None = None
    _counts: dict[str, Any] = field(default_factory=dict, repr=False)
    targets: pd.DataFrame | None = None

    def counts(self) -> dict[str, Any]:
        """The run's counts (inputs, processed, skipped and by reason, passages, matches, negated matches)."""
        return dict(self._counts)

    def __repr__(self) -> str:
        c = self._counts
        return (
            f"RunResult({c.get('processed')} documents, {c.get('passages')} passages, {c.get('matches')} matches, "
            f"written to {str(self.out)!r})"
        )


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
    """Versions, input file hashes, lexicon and registry identity, config and counts of a run.

    Parameters
    ----------
    analysis : Analysis or RunResult
        The run.

    Returns
    -------
    dict
        ``versions`` (Python and the packages that decide the results), ``inputs`` (``path`` and ``sha256``
        of every input file that exists as a file), ``lexicon`` and ``actors`` (``name``, ``version``,
        ``sha256``, ``source``), ``config`` and ``counts``: the body of ``run.json``, without ``outputs``.
    """
    versions = _versions()
    if analysis.models is not None:  # statsmodels decides the results of the count models only
        versions["statsmodels"] = metadata.version("statsmodels")
    return {
        "versions": versions,
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
    included).

    Parameters
    ----------
    analysis : Analysis or RunResult
        The run the figure was made from.
    _full : dict, optional
        Its :func:`provenance`, when already computed (private: saves hashing the inputs twice).

    Returns
    -------
    dict
        ``framing``, ``matplotlib``, ``corpus`` (``files``, ``sha256``), ``lexicon`` and ``actors``
        (``name``, ``version``, ``sha256``) and ``config``: what :func:`framing.figures.save_figure` writes
        into the figure's ``.json`` sidecar.
    """
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
