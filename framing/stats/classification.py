"""Validation against gold codes: confusion counts, precision, recall and F1 per category."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import StatisticsError
from .checks import axis_names, fmt, readonly

__all__ = ["ClassificationScores", "ConfusionCounts", "confusion_counts", "precision_recall_f1"]


# ----------------------------------------------------------------------------------------------------------
# validation against gold


def _binary(x: object, name: str) -> np.ndarray:
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
    """Per category: true positives, false positives, false negatives, true negatives (units)."""

    categories: tuple[str, ...]
    tp: np.ndarray
    fp: np.ndarray
    fn: np.ndarray
    tn: np.ndarray

    def to_dict(self) -> dict[str, np.ndarray]:
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
    its own binary decision; a 1-D input is one category)."""
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
        return {
            "category": np.array(self.categories, dtype=object),
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "support": self.support,
        }

    def summary(self) -> str:
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
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.full(np.broadcast(num, den).shape, np.nan), where=den > 0)


def _nanmean(x: np.ndarray) -> float:
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
    """
    counts = confusion_counts(gold, pred, categories=categories)
    tp, fp, fn = counts.tp, counts.fp, counts.fn
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = _ratio(2 * tp, 2 * tp + fp + fn)
    all_tp, all_fp, all_fn = tp.sum(), fp.sum(), fn.sum()
    return ClassificationScores(
        categories=counts.categories,
        precision=readonly(precision),
        recall=readonly(recall),
        f1=readonly(f1),
        support=readonly(tp + fn),
        counts=counts,
        micro_precision=float(_ratio(all_tp, all_tp + all_fp)),
        micro_recall=float(_ratio(all_tp, all_tp + all_fn)),
        micro_f1=float(_ratio(2 * all_tp, 2 * all_tp + all_fp + all_fn)),
        macro_precision=_nanmean(precision),
        macro_recall=_nanmean(recall),
        macro_f1=_nanmean(f1),
    )
