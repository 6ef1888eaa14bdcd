"""A share of matches (a pooled proportion) with an interval over documents, on the logit scale."""

from __future__ import annotations

import numpy as np
from scipy import special

from ..errors import StatisticsError
from .checks import check_confidence
from .intervals import _check_documents, robust_parts
from .rates import rate_inputs

__all__ = ["proportion_intervals"]


def proportion_intervals(
    numerators: object, denominators: object, *, confidence: float = 0.95
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A pooled proportion ``Σ_d y_d / Σ_d n_d`` (``y_d <= n_d``: a share of a document's matches) per column,
    with an interval on the logit scale, documents as the units.

    The variance is the cluster-robust one of :func:`rate_intervals` (HC3 residuals, the same degrees of
    freedom), carried to the logit scale by the delta method (``V / (p (1 − p))²``), so the interval stays
    within [0, 1]. A share of 0 or 1 has no logit: it gets the exact (Clopper–Pearson) bound from the pooled
    counts, ``[0, 1 − (α/2)^(1/n)]`` or ``[(α/2)^(1/n), 1]``, which treats the matches as independent (so read
    it as a bound, not a document-level interval).

    Parameters
    ----------
    numerators : array-like of shape (n_documents, n_columns) or (n_documents,)
        Counts of the part per document (e.g. matches of one sponsor's frames).
    denominators : array-like of shape (n_documents,)
        Counts of the whole per document (all positive and at least the numerators).
    confidence : float, default 0.95
        Coverage of the interval, between 0 and 1.

    Returns
    -------
    estimate, lower, upper : ndarray of shape (n_columns,)
        The pooled proportion and its interval.

    Raises
    ------
    StatisticsError
        As :func:`rate_intervals`, and when a numerator exceeds its denominator [F605].
    ArgumentError
        When ``confidence`` is not between 0 and 1 [F601].
    """
    num, den = rate_inputs(numerators, denominators, "proportion_intervals")
    _check_documents(num, den, "proportion_intervals", "document")
    if (num > den[:, None]).any():
        raise StatisticsError(
            "F605", name="the numerators of proportion_intervals", expected="at most their denominators",
            problem="a part is larger than its whole",
        )  # fmt: skip
    confidence = check_confidence(confidence)
    share, _, variance, df = robust_parts(num, den)
    t = special.stdtrit(df, 1.0 - (1.0 - confidence) / 2)
    inner = (share > 0) & (share < 1)
    safe = np.where(inner, share, 0.5)
    with np.errstate(divide="ignore", invalid="ignore"):
        se = np.sqrt(variance) / (safe * (1 - safe))
        logit = np.log(safe / (1 - safe))
    lower = np.where(inner, 1 / (1 + np.exp(-(logit - t * se))), 0.0)
    upper = np.where(inner, 1 / (1 + np.exp(-(logit + t * se))), 1.0)
    edge = ((1.0 - confidence) / 2) ** (1.0 / den.sum())
    lower = np.where(share >= 1, edge, lower)
    upper = np.where(share <= 0, 1.0 - edge, upper)
    return share, lower, upper
