"""Validation against gold codes: confusion counts, precision, recall and F1 per category.

One convention for the whole package: a score whose denominator is 0 is undefined (NaN), never 0 or 1 —
precision when nothing was predicted, recall when there is nothing to find, F1 when there is neither.
:func:`precision_recall_f1` applies it per category of a 0/1 matrix, :class:`PrecisionRecall` to the counts
of one decision (e.g. correct, predicted and gold (passage, actor) pairs); both compute with the same code.
:func:`bootstrap_precision_recall` gives their percentile intervals, resampling whole documents.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import ArgumentError, StatisticsError
from .checks import axis_names, fmt, readonly
from .resampling import generator, resample_counts

__all__ = [
    "ClassificationIntervals",
    "ClassificationScores",
    "ConfusionCounts",
    "PrecisionRecall",
    "bootstrap_precision_recall",
    "confusion_counts",
    "precision_recall_f1",
]


# ----------------------------------------------------------------------------------------------------------
# validation against gold


def _binary(x: object, name: str) -> np.ndarray:
    """``x`` as a boolean units × categories matrix (a vector is one category), checked to be 0/1."""
    a = np.asarray(x)
    if a.ndim == 1:
        a = a[:, None]
    if a.ndim != 2:
        raise StatisticsError(
            "F605", name=name, expected="a units × categories 0/1 matrix", problem=f"it has shape {a.shape}"
        )
    if a.size and not np.isin(a, (0, 1)).all():
        raise StatisticsError(
            "F605", name=name, expected="0/1 (or False/True)", problem="it has other values: threshold scores first"
        )
    return a.astype(bool)


@dataclass(frozen=True, eq=False, repr=False)
class ConfusionCounts:
    """Per category: true positives, false positives, false negatives, true negatives (units).

    Made by :func:`confusion_counts`; the arrays are read-only.

    Attributes
    ----------
    categories : tuple of str
        Names of the categories.
    tp : ndarray of int, shape (n_categories,)
        Units with the category in both gold and prediction.
    fp : ndarray of int, shape (n_categories,)
        Units predicted but not in gold.
    fn : ndarray of int, shape (n_categories,)
        Units in gold but not predicted.
    tn : ndarray of int, shape (n_categories,)
        Units in neither.
    """

    categories: tuple[str, ...]
    tp: np.ndarray
    fp: np.ndarray
    fn: np.ndarray
    tn: np.ndarray

    def to_dict(self) -> dict[str, np.ndarray]:
        """Columns (one row per category), ready for ``pandas.DataFrame``.

        Returns
        -------
        dict of str to ndarray
            ``category``, ``tp``, ``fp``, ``fn`` and ``tn``.
        """
        return {
            "category": np.array(self.categories, dtype=object),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
        }

    def __repr__(self) -> str:
        units = int(self.tp[0] + self.fp[0] + self.fn[0] + self.tn[0]) if len(self.tp) else 0
        return f"ConfusionCounts(categories={len(self.categories)}, units={units})"


def confusion_counts(gold: object, pred: object, *, categories: Sequence[str] | None = None) -> ConfusionCounts:
    """Confusion counts per category of two units × categories 0/1 matrices (multi-label: each category is
    its own binary decision; a 1-D input is one category).

    Parameters
    ----------
    gold : array-like of shape (n_units, n_categories) or (n_units,)
        The reference codes, 0/1 (or False/True).
    pred : array-like of the same shape
        The predicted codes, 0/1 (or False/True).
    categories : sequence of str, optional
        Distinct names of the categories (default ``"0"``, ``"1"``, …).

    Returns
    -------
    ConfusionCounts
        ``tp``, ``fp``, ``fn`` and ``tn`` per category.

    Raises
    ------
    StatisticsError
        When an input is not a 0/1 matrix [F605], the shapes differ or the names do not match the
        categories [F606].
    ArgumentError
        When category names repeat [F601].
    """
    g, p = _binary(gold, "gold"), _binary(pred, "pred")
    if g.shape != p.shape:
        raise StatisticsError(
            "F606",
            first="gold",
            second="pred",
            detail=f"shapes {g.shape} and {p.shape}",
            fix="the same units and categories",
        )
    names = axis_names(categories, g.shape[1], "category")

    def count(mask: np.ndarray) -> np.ndarray:
        return readonly(mask.sum(axis=0).astype(int))

    return ConfusionCounts(names, count(g & p), count(~g & p), count(g & ~p), count(~g & ~p))


@dataclass(frozen=True, eq=False, repr=False)
class ClassificationScores:
    """Precision, recall and F1 per category, with micro and macro averages.

    Undefined values are NaN, not 0 or 1: precision when nothing was predicted, recall when there is no
    gold positive, F1 when there is neither (tp + fp + fn = 0). Macro averages are unweighted means over
    the categories where the value is defined; micro averages pool the counts of all categories.
    Made by :func:`precision_recall_f1`; the arrays are read-only.

    Attributes
    ----------
    categories : tuple of str
        Names of the categories.
    precision, recall, f1 : ndarray of shape (n_categories,)
        Per category, NaN where undefined.
    support : ndarray of int, shape (n_categories,)
        Gold positives per category (``tp + fn``).
    counts : ConfusionCounts
        The counts the scores come from.
    micro_precision, micro_recall, micro_f1 : float
        The scores of the counts summed over categories.
    macro_precision, macro_recall, macro_f1 : float
        Unweighted means of the defined per-category scores (NaN when none is defined).
    """

    categories: tuple[str, ...]
    precision: np.ndarray
    recall: np.ndarray
    f1: np.ndarray
    support: np.ndarray
    counts: ConfusionCounts
    micro_precision: float
    micro_recall: float
    micro_f1: float
    macro_precision: float
    macro_recall: float
    macro_f1: float

    def to_dict(self) -> dict[str, np.ndarray]:
        """Columns (one row per category, without the averages), ready for ``pandas.DataFrame``.

        Returns
        -------
        dict of str to ndarray
            ``category``, ``precision``, ``recall``, ``f1`` and ``support``.
        """
        return {
            "category": np.array(self.categories, dtype=object),
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "support": self.support,
        }

    def summary(self) -> str:
        """A table: one row per category, then the micro and macro averages.

        Returns
        -------
        str
            The table as text (undefined values as ``nan``).
        """
        lines = [f"{'category':20s} precision  recall      F1  support"]
        for i, c in enumerate(self.categories):
            lines.append(
                f"{c:20s} {fmt(self.precision[i]):>9s} {fmt(self.recall[i]):>7s} {fmt(self.f1[i]):>7s} "
                f"{self.support[i]:8d}"
            )
        for avg in ("micro", "macro"):
            p, r, f = (getattr(self, f"{avg}_{m}") for m in ("precision", "recall", "f1"))
            lines.append(f"{avg + ' average':20s} {fmt(p):>9s} {fmt(r):>7s} {fmt(f):>7s}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"ClassificationScores(categories={len(self.categories)}, micro_f1={self.micro_f1:.4g}, "
            f"macro_f1={self.macro_f1:.4g})"
        )


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    """``num / den`` elementwise, NaN where ``den`` is 0."""
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.full(np.broadcast(num, den).shape, np.nan), where=den > 0)


def _prf(tp: object, predicted: object, gold: object) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Precision, recall and F1 from counts (scalars or arrays), NaN where a denominator is 0.

    ``F1 = 2 tp / (predicted + gold)``, which is ``2 tp / (2 tp + fp + fn)``: the harmonic mean of precision
    and recall where both are defined, 0 when only one is (nothing predicted, or nothing to find, with the
    other side non-empty), NaN when there is neither.
    """
    tp_, predicted_, gold_ = np.asarray(tp), np.asarray(predicted), np.asarray(gold)
    return _ratio(tp_, predicted_), _ratio(tp_, gold_), _ratio(2 * tp_, predicted_ + gold_)


def _nanmean(x: np.ndarray) -> float:
    """Mean of the values that are not NaN; NaN when there are none."""
    ok = ~np.isnan(x)
    return float(x[ok].mean()) if ok.any() else math.nan


def precision_recall_f1(gold: object, pred: object, *, categories: Sequence[str] | None = None) -> ClassificationScores:
    """Precision, recall and F1 per category of a multi-label prediction, plus micro and macro averages.

    ``gold`` and ``pred`` are units × categories 0/1 matrices (e.g. passages × frame categories: hand-coded
    against lexicon matches). Per category ``precision = tp / (tp + fp)``, ``recall = tp / (tp + fn)``,
    ``F1 = 2 tp / (2 tp + fp + fn)`` (the harmonic mean of precision and recall, van Rijsbergen 1979);
    micro averages apply the same formulas to counts summed over categories, macro averages are unweighted
    means of the per-category values (Sokolova & Lapalme 2009, "A systematic analysis of performance
    measures for classification tasks", *Inf. Process. Manage.* 45(4)). Undefined values are NaN and left
    out of macro averages, as scikit-learn's ``precision_recall_fscore_support(zero_division=np.nan)``.
    Units are treated as independent; for intervals bootstrap documents, not passages.

    Parameters
    ----------
    gold : array-like of shape (n_units, n_categories) or (n_units,)
        The reference codes, 0/1 (or False/True).
    pred : array-like of the same shape
        The predicted codes, 0/1 (or False/True).
    categories : sequence of str, optional
        Distinct names of the categories (default ``"0"``, ``"1"``, …).

    Returns
    -------
    ClassificationScores
        Per-category scores, their micro and macro averages, and the confusion counts.

    Raises
    ------
    StatisticsError
        When an input is not a 0/1 matrix [F605], the shapes differ or the names do not match the
        categories [F606].
    ArgumentError
        When category names repeat [F601].
    """
    counts = confusion_counts(gold, pred, categories=categories)
    tp, fp, fn = counts.tp, counts.fp, counts.fn
    precision, recall, f1 = _prf(tp, tp + fp, tp + fn)
    all_tp, all_fp, all_fn = tp.sum(), fp.sum(), fn.sum()
    micro_precision, micro_recall, micro_f1 = _prf(all_tp, all_tp + all_fp, all_tp + all_fn)
    return ClassificationScores(
        categories=counts.categories,
        precision=readonly(precision),
        recall=readonly(recall),
        f1=readonly(f1),
        support=readonly(tp + fn),
        counts=counts,
        micro_precision=float(micro_precision),
        micro_recall=float(micro_recall),
        micro_f1=float(micro_f1),
        macro_precision=_nanmean(precision),
        macro_recall=_nanmean(recall),
        macro_f1=_nanmean(f1),
    )


@dataclass(frozen=True)
class PrecisionRecall:
    """Precision, recall and F1 of one binary decision from its counts, NaN where undefined.

    The package's one convention (the same code as :func:`precision_recall_f1`): ``precision = tp /
    predicted`` is NaN when nothing was predicted, ``recall = tp / gold`` is NaN when there is nothing to
    find, ``f1 = 2 tp / (predicted + gold)`` is 0 when only one of them is undefined and NaN when both are.
    Use it for scores pooled over pairs, such as (passage, actor) pairs of an attribution against gold.

    Attributes
    ----------
    tp : int
        Correct predictions (true positives).
    predicted : int
        All predictions (``tp + fp``).
    gold : int
        All gold positives (``tp + fn``).

    Raises
    ------
    StatisticsError
        When a count is negative or not an integer, or ``tp`` exceeds ``predicted`` or ``gold`` [F605].
    """

    tp: int
    predicted: int
    gold: int

    def __post_init__(self) -> None:
        for name in ("tp", "predicted", "gold"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < 0:
                raise StatisticsError(
                    "F605", name=name, expected="a count (an integer >= 0)", problem=f"it is {value!r}"
                )
        if self.tp > min(self.predicted, self.gold):
            raise StatisticsError(
                "F605",
                name="tp",
                expected="at most predicted and gold",
                problem=f"tp {self.tp}, predicted {self.predicted}, gold {self.gold}",
            )

    @property
    def precision(self) -> float:
        """``tp / predicted``; NaN when nothing was predicted."""
        return float(_prf(self.tp, self.predicted, self.gold)[0])

    @property
    def recall(self) -> float:
        """``tp / gold``; NaN when there is no gold positive."""
        return float(_prf(self.tp, self.predicted, self.gold)[1])

    @property
    def f1(self) -> float:
        """``2 tp / (predicted + gold)``; NaN when both are 0."""
        return float(_prf(self.tp, self.predicted, self.gold)[2])


# ----------------------------------------------------------------------------------------------------------
# intervals: cluster bootstrap of the units


@dataclass(frozen=True, eq=False, repr=False)
class ClassificationIntervals:
    """Percentile bootstrap intervals of precision, recall and F1 per category and of their averages.

    Made by :func:`bootstrap_precision_recall`. Each replicate resamples whole clusters (documents) with
    replacement and recomputes the scores from the resampled counts with the package's one convention
    (:func:`precision_recall_f1`); replicates where a score is undefined (NaN) are left out of its
    percentiles. The arrays are read-only; an interval no replicate defines is NaN.

    Attributes
    ----------
    categories : tuple of str
        Names of the categories.
    lower, upper : dict of str to ndarray
        Per score (``"precision"``, ``"recall"``, ``"f1"``) the bounds per category.
    micro_lower, micro_upper, macro_lower, macro_upper : dict of str to float
        Per score the bounds of the micro and macro averages.
    confidence : float
        The nominal coverage (e.g. 0.95).
    n_boot : int
        Bootstrap replicates.
    resampled : str
        What was resampled: ``"documents"`` (clusters) or ``"rows"`` (units as independent).
    n_clusters : int
        How many documents (or rows) were resampled.
    seed : int or None
        The seed (``None`` when a generator was given).
    rng_state : dict
        The generator state before the first draw.
    method : str
        The method, in words.
    """

    categories: tuple[str, ...]
    lower: dict[str, np.ndarray]
    upper: dict[str, np.ndarray]
    micro_lower: dict[str, float]
    micro_upper: dict[str, float]
    macro_lower: dict[str, float]
    macro_upper: dict[str, float]
    confidence: float
    n_boot: int
    resampled: str
    n_clusters: int
    seed: int | None
    rng_state: dict
    method: str = "percentile cluster bootstrap (Efron & Tibshirani 1993, §13.3; clusters resampled whole)"

    def to_dict(self) -> dict[str, np.ndarray]:
        """Columns (one row per category, then ``micro`` and ``macro``), ready for ``pandas.DataFrame``.

        Returns
        -------
        dict of str to ndarray
            ``category``, then ``precision_lower``, ``precision_upper``, ``recall_lower``, … ``f1_upper``.
        """
        out = {"category": np.array([*self.categories, "micro", "macro"], dtype=object)}
        for score in _SCORES:
            for side, per, micro, macro in (
                ("lower", self.lower, self.micro_lower, self.macro_lower),
                ("upper", self.upper, self.micro_upper, self.macro_upper),
            ):
                out[f"{score}_{side}"] = np.append(per[score], [micro[score], macro[score]])
        return out

    def __repr__(self) -> str:
        return (
            f"ClassificationIntervals(categories={len(self.categories)}, confidence={self.confidence:g}, "
            f"n_boot={self.n_boot}, resampled={self.resampled!r} ({self.n_clusters}))"
        )


_SCORES = ("precision", "recall", "f1")


def _nan_percentiles(replicates: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile bounds per column of ``replicates`` (replicates × columns), NaN replicates ignored; NaN for a
    column no replicate defines (without numpy's all-NaN warning)."""
    tail = (1.0 - confidence) / 2.0
    lower = np.full(replicates.shape[1], np.nan)
    upper = lower.copy()
    ok = (~np.isnan(replicates)).any(axis=0)
    if ok.any():
        lower[ok], upper[ok] = np.nanquantile(replicates[:, ok], [tail, 1.0 - tail], axis=0)
    return lower, upper


def _replicate_scores(w: np.ndarray, tp: np.ndarray, fp: np.ndarray, fn: np.ndarray) -> dict[str, np.ndarray]:
    """Per score the (replicates × (categories + micro + macro)) values of the resampling weights ``w``
    (replicates × clusters) applied to the per-cluster counts (clusters × categories)."""
    t, p, f = w @ tp, w @ fp, w @ fn
    per = dict(zip(_SCORES, _prf(t, t + p, t + f), strict=True))
    st, sp, sf = t.sum(1), p.sum(1), f.sum(1)
    micro = dict(zip(_SCORES, _prf(st, st + sp, st + sf), strict=True))
    out = {}
    for score, values in per.items():
        defined = ~np.isnan(values)
        n = defined.sum(1)
        macro = np.divide(np.where(defined, values, 0.0).sum(1), n, out=np.full(len(n), np.nan), where=n > 0)
        out[score] = np.column_stack([values, micro[score], macro])
    return out


def bootstrap_precision_recall(
    gold: object,
    pred: object,
    *,
    rng: np.random.Generator | int,
    clusters: Sequence[object] | np.ndarray | None = None,
    n_boot: int = 2000,
    confidence: float = 0.95,
    categories: Sequence[str] | None = None,
) -> ClassificationIntervals:
    """Percentile intervals of precision, recall and F1 (per category, micro and macro) by a cluster bootstrap.

    Passages of one document are not independent (they share an author, a topic and often the coder's
    reading of the whole text), so each replicate draws whole ``clusters`` (documents) with replacement,
    as many as there are, and recomputes the confusion counts and the scores from them (Field & Welsh
    2007, "Bootstrapping clustered data", *JRSS B* 69(3)); without ``clusters`` the rows are the units
    resampled. The predictions are taken as given: thresholds chosen on these units are held fixed, so
    the intervals do not include the variation of the choice. A score undefined in a replicate (e.g. recall
    when the replicate has no gold positive) is left out of that score's percentiles, so with rare
    categories the interval describes the replicates where it is defined. A score of exactly 0 or 1 (no
    false positive at all, say) is so in every replicate: its interval has width 0, a known weakness of
    the percentile bootstrap at the boundary; read it with the counts.

    Parameters
    ----------
    gold : array-like of shape (n_units, n_categories) or (n_units,)
        The reference codes, 0/1 (or False/True).
    pred : array-like of the same shape
        The predicted codes, 0/1 (or False/True).
    rng : int or numpy.random.Generator
        The seed or generator of the resampling (recorded in the result).
    clusters : sequence of length n_units, optional
        The document (or other cluster) of each unit; default: every unit its own cluster.
    n_boot : int, default 2000
        Bootstrap replicates.
    confidence : float, default 0.95
        The nominal coverage of the intervals.
    categories : sequence of str, optional
        Distinct names of the categories (default ``"0"``, ``"1"``, …).

    Returns
    -------
    ClassificationIntervals
        Lower and upper bounds per score and category, and of the micro and macro averages.

    Raises
    ------
    StatisticsError
        When an input is not a 0/1 matrix [F605], the shapes, names or clusters do not match the units
        [F606], or there is no unit [F607].
    ArgumentError
        When ``n_boot``, ``confidence`` or ``rng`` has a value it does not take, or names repeat [F601].
    """
    names = confusion_counts(gold, pred, categories=categories).categories  # checks the inputs
    g, p = _binary(gold, "gold"), _binary(pred, "pred")
    if isinstance(n_boot, bool) or not isinstance(n_boot, (int, np.integer)) or n_boot < 1:
        raise ArgumentError("F601", name="n_boot", expected="an integer >= 1", value=n_boot)
    if not 0 < confidence < 1:
        raise ArgumentError("F601", name="confidence", expected="a number between 0 and 1", value=confidence)
    if g.shape[0] == 0:
        raise StatisticsError(
            "F607", statistic="bootstrap_precision_recall", needed="at least one unit", found="none", fix="code units"
        )
    inv, resampled = _cluster_index(clusters, g.shape[0])
    n_clusters = int(inv.max()) + 1
    per_cluster = []
    for mask in (g & p, ~g & p, g & ~p):  # tp, fp, fn per cluster × category
        sums = np.zeros((n_clusters, g.shape[1]))
        np.add.at(sums, inv, mask.astype(float))
        per_cluster.append(sums)
    gen, seed, state = generator(rng)
    chunks = [_replicate_scores(w.astype(float), *per_cluster) for w in resample_counts(gen, n_clusters, n_boot)]
    lower, upper = {}, {}
    for score in _SCORES:
        lower[score], upper[score] = _nan_percentiles(np.concatenate([c[score] for c in chunks]), confidence)
    k = len(names)
    return ClassificationIntervals(
        categories=names,
        lower={s: readonly(v[:k]) for s, v in lower.items()},
        upper={s: readonly(v[:k]) for s, v in upper.items()},
        micro_lower={s: float(v[k]) for s, v in lower.items()},
        micro_upper={s: float(v[k]) for s, v in upper.items()},
        macro_lower={s: float(v[k + 1]) for s, v in lower.items()},
        macro_upper={s: float(v[k + 1]) for s, v in upper.items()},
        confidence=float(confidence),
        n_boot=int(n_boot),
        resampled=resampled,
        n_clusters=n_clusters,
        seed=seed,
        rng_state=state,
    )


def _cluster_index(clusters: Sequence[object] | np.ndarray | None, n: int) -> tuple[np.ndarray, str]:
    """The cluster number (0, 1, … in sorted order of the names) of each of ``n`` units, and what is resampled."""
    if clusters is None:
        return np.arange(n), "rows"
    names = [str(c) for c in clusters]
    if len(names) != n:
        raise StatisticsError(
            "F606",
            first="clusters",
            second="gold",
            detail=f"{len(names)} clusters for {n} units",
            fix="one cluster (document) per unit",
        )
    return np.unique(np.array(names, dtype=str), return_inverse=True)[1].ravel(), "documents"
