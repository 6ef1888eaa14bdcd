"""Validation: lexicon scores against human coding, and agreement between human coders."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import ArgumentError, StatisticsError
from ..stats import bootstrap_precision_recall, cohen_kappa, krippendorff_alpha, precision_recall_f1

__all__ = ["Validation", "agreement", "validate"]


@dataclass(frozen=True)
class Validation:
    """Lexicon scores validated against human coding (see :func:`validate`).

    ``scores``: per category ``precision``, ``recall``, ``f1``, ``support`` (gold positives) with percentile
    bootstrap intervals (``precision_lower``, ``precision_upper``, ``recall_lower``, …), and the rows
    ``micro`` and ``macro``; ``confusion``: per category ``tp``, ``fp``, ``fn``, ``tn``; ``thresholds``: the
    threshold chosen per category in each fold (on the training folds only). Undefined values are NaN.

    Attributes
    ----------
    scores : pandas.DataFrame
        ``category`` (the categories, then ``micro`` and ``macro``), ``precision``, ``recall``, ``f1``,
        ``support``, then ``precision_lower``, ``precision_upper``, ``recall_lower``, ``recall_upper``,
        ``f1_lower`` and ``f1_upper``.
    confusion : pandas.DataFrame
        ``category``, ``tp``, ``fp``, ``fn``, ``tn``.
    thresholds : pandas.DataFrame
        ``category``, ``fold``, ``threshold`` (fold 0 for a fixed threshold).
    folds : int
        The number of cross-validation folds; 0 for a fixed threshold.
    seed : int
        The seed of the folds' shuffle and of the bootstrap.
    method : str
        How the thresholds were chosen and the intervals made, in words.
    n_boot : int
        Bootstrap replicates of the intervals.
    confidence : float
        Their nominal coverage.
    resampled : str
        What the bootstrap resampled: ``"documents"`` or ``"rows"`` (rows treated as independent).
    """

    scores: pd.DataFrame
    confusion: pd.DataFrame
    thresholds: pd.DataFrame
    folds: int
    seed: int
    method: str
    n_boot: int = 0
    confidence: float = 0.95
    resampled: str = "rows"

    def to_frame(self) -> pd.DataFrame:
        return self.scores.melt(id_vars=["category"], var_name="statistic").sort_values(
            ["category", "statistic"], kind="mergesort", ignore_index=True
        )

    def summary(self) -> str:
        return f"{self.method}\n" + self.scores.round(3).to_string(index=False)

    def __repr__(self) -> str:
        macro = self.scores.set_index("category")["f1"]["macro"]
        return f"Validation({len(self.confusion)} categories, macro F1 {macro:.3f}, folds={self.folds})"


def _best_threshold(scores: np.ndarray, gold: np.ndarray) -> float:
    """The threshold t maximising F1 of ``scores > t`` (ties: the smallest t); candidates are 0 and the
    observed scores."""
    best_t, best_f1 = 0.0, -1.0
    for t in np.unique(np.concatenate([[0.0], scores])):
        pred = scores > t
        tp = np.sum(pred & gold)
        denom = 2 * tp + np.sum(pred & ~gold) + np.sum(~pred & gold)
        f1 = 2 * tp / denom if denom else 0.0
        if f1 > best_f1:
            best_t, best_f1 = float(t), f1
    return best_t


def _cv_predictions(
    values: np.ndarray, truth: np.ndarray, categories: list, folds: int, rng: int
) -> tuple[np.ndarray, list[tuple[str, int, float]]]:
    """Out-of-fold predictions: for each of ``folds`` folds (units shuffled with seed ``rng``) and each
    category, the F1-maximising threshold on the other folds applied to the fold; with the thresholds chosen
    as (category, fold, threshold). Raises [F601] unless 2 ≤ ``folds`` ≤ the number of units."""
    n = len(values)
    pred = np.zeros_like(truth)
    chosen = []
    if not 2 <= folds <= n:
        raise ArgumentError("F601", name="folds", expected=f"between 2 and the number of units ({n})", value=folds)
    order = np.random.default_rng(rng).permutation(n)
    for k, test in enumerate(np.array_split(order, folds)):
        train = np.setdiff1d(order, test)
        for c, cat in enumerate(categories):
            t = _best_threshold(values[train, c], truth[train, c])
            pred[test, c] = values[test, c] > t
            chosen.append((cat, k, t))
    return pred, chosen


def _score_table(truth: np.ndarray, pred: np.ndarray, categories: list) -> pd.DataFrame:
    """Precision, recall, F1 and support per category, then the rows ``micro`` and ``macro``."""
    result = precision_recall_f1(truth.astype(int), pred.astype(int), categories=categories)
    table = pd.DataFrame(result.to_dict())
    return pd.concat(
        [
            table,
            pd.DataFrame(
                {
                    "category": ["micro", "macro"],
                    "precision": [result.micro_precision, result.macro_precision],
                    "recall": [result.micro_recall, result.macro_recall],
                    "f1": [result.micro_f1, result.macro_f1],
                    "support": [int(truth.sum()), int(truth.sum())],
                }
            ),
        ],
        ignore_index=True,
    )


def validate(
    scores: pd.DataFrame,
    gold: pd.DataFrame,
    *,
    threshold: float | str = "cv",
    folds: int = 5,
    rng: int = 0,
    documents: str | Sequence[object] | None = None,
    n_boot: int = 2000,
    confidence: float = 0.95,
) -> Validation:
    """Validate lexicon scores against gold codes: precision, recall and F1 of "score above a threshold",
    with bootstrap intervals.

    A category is predicted present when its score exceeds a threshold: a fixed number, or with
    ``threshold="cv"`` the threshold that maximises F1 on the other folds of a ``folds``-fold split
    (shuffled with ``rng``), so the reported scores are out-of-fold: no threshold is ever chosen on the
    units it is scored on.

    The intervals are percentile intervals of ``n_boot`` bootstrap replicates (seed ``rng``) that resample
    whole documents when the coded units say which document they come from (passages of one document are
    not independent), else the rows (see :func:`framing.stats.bootstrap_precision_recall`); the
    predictions, and so the thresholds, are held fixed. ``Validation.resampled`` says which.

    Parameters
    ----------
    scores : pandas.DataFrame
        Units × categories lexicon scores, e.g. rates per document from :class:`UnitTable` or a
        :class:`~framing.features.LexiconVectorizer`.
    gold : pandas.DataFrame
        The same units × categories (same index and columns, in the same order), coded 0/1 (above 0 is
        present).
    threshold : float or "cv", default "cv"
        A fixed threshold for every category, or ``"cv"`` to choose one per category and fold by
        cross-validation.
    folds : int, default 5
        The number of folds with ``threshold="cv"``.
    rng : int, default 0
        The seed of the folds' shuffle and of the bootstrap.
    documents : str or sequence, optional
        The document of each unit: the name of a level of the index, or one value per row. Default: the
        index level ``doc_id`` if there is one, else none (the rows are resampled).
    n_boot : int, default 2000
        Bootstrap replicates of the intervals.
    confidence : float, default 0.95
        Their nominal coverage.

    Returns
    -------
    Validation
        Precision, recall, F1 per category with micro and macro averages and their intervals, the
        confusion counts and the thresholds chosen.

    Raises
    ------
    StatisticsError
        [F606] when ``scores`` and ``gold`` differ in units (index) or categories (columns), or
        ``documents`` has not one value per unit.
    ArgumentError
        [F601] with ``threshold="cv"`` unless 2 ≤ ``folds`` ≤ the number of units, or for ``n_boot`` or
        ``confidence`` out of range; [F604] for ``documents`` naming no index level.
    """
    if list(scores.columns) != list(gold.columns) or not scores.index.equals(gold.index):
        raise StatisticsError(
            "F606",
            first="scores",
            second="gold",
            detail="units (index) or categories (columns) differ",
            fix="the same units and categories, in the same order",
        )
    clusters = _documents(gold.index, documents)
    values = scores.to_numpy(dtype=float)
    truth = gold.to_numpy() > 0
    if threshold == "cv":
        pred, chosen = _cv_predictions(values, truth, list(scores.columns), folds, rng)
        method = f"thresholds chosen by {folds}-fold cross-validation (max F1 on the training folds), seed {rng}"
    else:
        t = float(threshold)
        pred = values > t
        chosen = [(cat, 0, t) for cat in scores.columns]
        method = f"fixed threshold {t:g}"
    table = _score_table(truth, pred, list(scores.columns))
    ci = bootstrap_precision_recall(
        truth.astype(int), pred.astype(int), rng=rng, clusters=clusters, n_boot=n_boot, confidence=confidence,
        categories=[str(c) for c in scores.columns],
    )  # fmt: skip
    table = pd.concat([table, pd.DataFrame(ci.to_dict()).drop(columns="category")], axis=1)
    method += (
        f"; {confidence:.0%} percentile intervals from {n_boot} bootstrap resamples of {ci.n_clusters} "
        f"{ci.resampled} (thresholds held fixed), seed {rng}"
    )
    confusion = pd.DataFrame(
        {
            "category": list(scores.columns),
            "tp": (pred & truth).sum(0),
            "fp": (pred & ~truth).sum(0),
            "fn": (~pred & truth).sum(0),
            "tn": (~pred & ~truth).sum(0),
        }
    )
    thresholds = pd.DataFrame(chosen, columns=["category", "fold", "threshold"])
    folds_used = folds if threshold == "cv" else 0
    return Validation(table, confusion, thresholds, folds_used, rng, method, n_boot, confidence, ci.resampled)


def _documents(index: pd.Index, documents: str | Sequence[object] | None) -> list[object] | None:
    """The document of each unit (see :func:`validate`), or ``None`` when the rows are the units resampled."""
    levels = [n for n in index.names if n is not None]
    if documents is None:
        return list(index.get_level_values("doc_id")) if "doc_id" in levels else None
    if isinstance(documents, str):
        if documents not in levels:
            raise ArgumentError(
                "F604", what="index level", missing=repr(documents), where="the index of gold",
                known=", ".join(map(repr, levels)) or "(none: the index has no named level)",
            )  # fmt: skip
        return list(index.get_level_values(documents))
    return list(documents)


def agreement(codes: pd.DataFrame, *, level: str = "nominal") -> pd.DataFrame:
    """Agreement of several coders: Krippendorff's α of all coders and Cohen's κ of each pair.

    Parameters
    ----------
    codes : pandas.DataFrame
        One column per coder and one row per unit, NaN where a coder did not code the unit.
    level : str, default "nominal"
        The level of measurement of Krippendorff's α (see :func:`framing.stats.krippendorff_alpha`).

    Returns
    -------
    pandas.DataFrame
        Columns ``coder``, ``other``, ``statistic``, ``value``: first α (coder ``"all"``), then κ for each
        pair of coders, on the units both coded.

    Raises
    ------
    ArgumentError
        [F601] for an unknown ``level``.
    StatisticsError
        From :func:`framing.stats.krippendorff_alpha` and :func:`framing.stats.cohen_kappa` when a
        statistic is undefined for these codes (e.g. a pair of coders with no unit in common).
    """
    rows = [("all", "", "krippendorff_alpha", float(krippendorff_alpha(codes.to_numpy(dtype=float).T, level=level)))]
    coders = list(codes.columns)
    for i, a in enumerate(coders):
        for b in coders[i + 1 :]:
            both = codes[[a, b]].dropna()
            rows.append((a, b, "cohen_kappa", float(cohen_kappa(both[a].to_numpy(), both[b].to_numpy()))))
    return pd.DataFrame(rows, columns=["coder", "other", "statistic", "value"])
