"""Keyness of features between a target and a reference (signed χ² and G²), and Benjamini–Hochberg q-values."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import ArgumentError, StatisticsError
from .checks import as_counts, axis_names, fmt, readonly

__all__ = ["Keyness", "benjamini_hochberg", "chi2_keyness", "g2_keyness"]


def _chi2_sf_1df(x: np.ndarray) -> np.ndarray:
    """Upper tail of the χ² distribution with 1 df: P(X ≥ x) = erfc(√(x/2)) (since X = Z², Z standard normal)."""
    x = np.asarray(x, dtype=float)
    out = np.full(x.shape, np.nan)
    ok = ~np.isnan(x)
    out[ok] = [math.erfc(math.sqrt(v / 2.0)) for v in np.abs(x[ok]).ravel()]
    return out


# ----------------------------------------------------------------------------------------------------------
# keyness: signed chi-square and G² per feature


_KEYNESS_CORRECTIONS = ("quanteda", "yates", "williams", "none")


@dataclass(frozen=True, eq=False, repr=False)
class Keyness:
    """Signed keyness per feature: target against reference, one 2×2 table per feature.

    ``statistic`` is χ² or G², positive when the feature is over-represented in the target. ``p_value``
    from χ² with 1 df, ``q_value`` Benjamini–Hochberg adjusted over the features. ``log_ratio`` is Hardie's
    (2014) effect size: log2 of the ratio of relative frequencies, zero counts replaced by 0.5. Made by
    :func:`chi2_keyness` and :func:`g2_keyness`; the arrays are read-only.

    Attributes
    ----------
    features : tuple of str
        Names of the features.
    statistic : ndarray of shape (n_features,)
        Signed χ² or G² (NaN for a feature seen on neither side).
    p_value : ndarray of shape (n_features,)
        ``P(χ²₁ ≥ |statistic|)``.
    q_value : ndarray of shape (n_features,)
        Benjamini–Hochberg adjusted p-values over the features.
    log_ratio : ndarray of shape (n_features,)
        Hardie's Log Ratio, ``log2`` of target over reference relative frequency (NaN if both counts are 0).
    n_target : ndarray of shape (n_features,)
        Counts in the target.
    n_reference : ndarray of shape (n_features,)
        Counts in the reference.
    total_target : float
        All target tokens (the sum of ``n_target``).
    total_reference : float
        All reference tokens.
    measure : {"chi2", "G2"}
        Which statistic.
    correction : {"quanteda", "yates", "williams", "none"}
        The correction applied.
    multiple_comparison : str
        How ``q_value`` was adjusted.
    unit : str
        Unit of the sampling model (``"token"``).
    """

    features: tuple[str, ...]
    statistic: np.ndarray
    p_value: np.ndarray
    q_value: np.ndarray
    log_ratio: np.ndarray
    n_target: np.ndarray
    n_reference: np.ndarray
    total_target: float
    total_reference: float
    measure: str
    correction: str
    multiple_comparison: str = "Benjamini-Hochberg over features"
    unit: str = "token"

    def to_dict(self) -> dict[str, np.ndarray]:
        """Columns (one row per feature, input order), ready for ``pandas.DataFrame``.

        Returns
        -------
        dict of str to ndarray
            ``feature``, the measure (``chi2`` or ``G2``), ``p``, ``q``, ``log_ratio``, ``n_target`` and
            ``n_reference``.
        """
        return {
            "feature": np.array(self.features, dtype=object),
            self.measure: self.statistic,
            "p": self.p_value,
            "q": self.q_value,
            "log_ratio": self.log_ratio,
            "n_target": self.n_target,
            "n_reference": self.n_reference,
        }

    def order(self) -> np.ndarray:
        """Feature indices by decreasing statistic (ties by name; NaN last), as quanteda sorts.

        Returns
        -------
        ndarray of int
            Indices into ``features``.
        """
        stat = np.where(np.isnan(self.statistic), -np.inf, self.statistic)
        return np.array(sorted(range(len(self.features)), key=lambda i: (-stat[i], self.features[i])), dtype=int)

    def summary(self, top: int = 10) -> str:
        """The settings and the ``top`` features in :meth:`order`.

        Parameters
        ----------
        top : int, default 10
            How many features to list.

        Returns
        -------
        str
            One line of settings, a caution about the sampling model, one line per feature.
        """
        lines = [
            f"{self.measure} keyness, correction {self.correction!r}; target {self.total_target:.0f} tokens, "
            f"reference {self.total_reference:.0f}; p from chi-square(1), q {self.multiple_comparison}",
            "tokens treated as independent draws: p-values are anti-conservative when features cluster in documents.",
        ]
        for i in self.order()[:top]:
            lines.append(
                f"  {self.features[i]}: {self.measure} {fmt(self.statistic[i])}, p {fmt(self.p_value[i])}, "
                f"q {fmt(self.q_value[i])}, log ratio {fmt(self.log_ratio[i])} "
                f"({self.n_target[i]:.0f} vs {self.n_reference[i]:.0f})"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"Keyness(measure={self.measure!r}, correction={self.correction!r}, features={len(self.features)})"


def _two_by_two(target: object, reference: object, features: Sequence[str] | None):
    t = as_counts(target, "target", 1)
    r = as_counts(reference, "reference", 1)
    if t.shape != r.shape:
        raise StatisticsError(
            "F606",
            first="target",
            second="reference",
            detail=f"{t.size} and {r.size} features",
            fix="the same features in the same order",
        )
    nt, nr = float(t.sum()), float(r.sum())
    if nt == 0 or nr == 0:
        which = "target" if nt == 0 else "reference"
        raise StatisticsError(
            "F608",
            statistic="keyness",
            reason=f"the {which} has no tokens (all counts 0)",
            fix="pass counts of both sides",
        )
    names = axis_names(features, t.size, "feature")
    # a: feature in target, b: feature in reference, c: other in target, d: other in reference
    return t, r, nt - t, nr - r, names, nt, nr


def _continuity(a, b, c, d, correction: str) -> np.ndarray:
    """How much to move each cell towards its expected value (0 = no continuity correction)."""
    n = a + b + c + d
    dev = np.abs(a * d - b * c) / n  # |O − E|, the same for all four cells of a 2×2 table
    if correction == "yates":
        # Yates (1934) as R's chisq.test and scipy's chi2_contingency apply it: min(0.5, |O − E|)
        return np.minimum(0.5, dev)
    if correction == "quanteda":
        # quanteda.textstats (qatd_cpp_keyness, yates_correction): 0.5 only when some expected cell is
        # below 5 (the textbook rule of thumb) and |ad − bc| >= N/2; otherwise no correction
        with np.errstate(divide="ignore", invalid="ignore"):
            small = ((a + b) * (a + c) / n < 5) | ((a + b) * (b + d) / n < 5)
            small |= ((a + c) * (c + d) / n < 5) | ((c + d) * (b + d) / n < 5)
        return np.where(small & (np.abs(a * d - b * c) >= n / 2), 0.5, 0.0)
    return np.zeros_like(a)


def _williams_q(a, b, c, d) -> np.ndarray:
    """Williams' (1976) correction factor for a 2×2 table; 1 when a cell is 0, as quanteda does."""
    n = a + b + c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / (a + c) + n / (b + d) - 1.0) / (6.0 * n)
    return np.where(a * b * c * d == 0, 1.0, q)


def _log_ratio(a, b, nt, nr) -> np.ndarray:
    """Hardie (2014) Log Ratio: log2((a/nt) / (b/nr)), a zero count replaced by 0.5; NaN if both are 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        lr = np.log2((np.where(a == 0, 0.5, a) / nt) / (np.where(b == 0, 0.5, b) / nr))
    return np.where((a == 0) & (b == 0), np.nan, lr)


def _keyness(target, reference, correction, features, measure) -> Keyness:
    if correction not in _KEYNESS_CORRECTIONS:
        raise ArgumentError(
            "F601", name="correction", expected=f"one of {', '.join(map(repr, _KEYNESS_CORRECTIONS))}", value=correction
        )
    a, b, c, d, names, nt, nr = _two_by_two(target, reference, features)
    n = a + b + c + d
    sign = np.sign(a * d - b * c)  # a > E(a)  <=>  ad > bc
    delta = _continuity(a, b, c, d, correction) if correction in ("yates", "quanteda") else np.zeros_like(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "chi2":
            margins = (a + b) * (c + d) * (a + c) * (b + d)
            stat = n * (np.abs(a * d - b * c) - n * delta) ** 2 / margins
        else:
            # cells moved towards their expectations by delta (margins unchanged), 0·log 0 = 0
            s = np.where(sign > 0, 1.0, -1.0)
            cells = (a - s * delta, b + s * delta, c + s * delta, d - s * delta)
            expected = ((a + b) * (a + c) / n, (a + b) * (b + d) / n, (a + c) * (c + d) / n, (b + d) * (c + d) / n)
            stat = 2.0 * sum(np.where(o > 0, o * np.log(o / e), 0.0) for o, e in zip(cells, expected, strict=True))
        if correction == "williams":
            stat = stat / _williams_q(a, b, c, d)
    stat = np.where(a + b == 0, np.nan, stat)  # a feature seen nowhere: no table, no statistic
    stat = np.abs(stat) * sign + 0.0  # + 0.0 turns -0.0 into 0.0
    p = _chi2_sf_1df(stat)
    return Keyness(
        features=names,
        statistic=readonly(stat),
        p_value=readonly(p),
        q_value=readonly(benjamini_hochberg(p)),
        log_ratio=readonly(_log_ratio(a, b, nt, nr)),
        n_target=readonly(a),
        n_reference=readonly(b),
        total_target=nt,
        total_reference=nr,
        measure=measure,
        correction=correction,
    )


def chi2_keyness(
    target: object,
    reference: object,
    *,
    correction: str = "quanteda",
    features: Sequence[str] | None = None,
) -> Keyness:
    """Signed Pearson χ² keyness per feature (quanteda ``textstat_keyness(measure="chi2")``).

    For each feature a 2×2 table: ``a`` = count in the target, ``b`` = count in the reference,
    ``c = N_target − a``, ``d = N_reference − b``, ``N = a + b + c + d``::

        χ² = N (|ad − bc| − N·δ)² / ((a + b)(c + d)(a + c)(b + d))

    signed positive when ``a`` exceeds its expectation ``(a + b)(a + c)/N`` (i.e. ``ad > bc``), with
    p = P(χ²₁ ≥ |χ²|) = erfc(√(|χ²|/2)) and Benjamini–Hochberg q-values over features. ``target`` and
    ``reference`` are counts per feature (summed over the documents of each side); ``N_target`` and
    ``N_reference`` are their sums, so pass every feature (all categories plus an "other tokens" column if
    the rates should be per token rather than per match).

    Continuity correction δ:

    * ``"quanteda"`` (default): δ = 0.5 only when the smallest expected cell is below 5 and
      ``|ad − bc| >= N/2``, else 0 — what quanteda.textstats computes for ``correction="default"`` and
      ``"yates"`` (compiled ``qatd_cpp_keyness``); parity with ``textstat_keyness``.
    * ``"yates"``: δ = min(0.5, |ad − bc|/N) always — Yates (1934) as R's ``chisq.test(correct=TRUE)`` and
      ``scipy.stats.chi2_contingency(correction=True)`` apply it.
    * ``"williams"``: no continuity correction; χ² divided by Williams' (1976) q (1 when a cell is 0, as
      quanteda does).
    * ``"none"``.

    A feature with count 0 on both sides has no statistic (NaN, not 0). Sampling model: tokens are
    independent multinomial draws (Dunning 1993); clustering of features within documents makes the
    p-values anti-conservative. Test differences in rates with :func:`permutation_test_rate_difference`.

    Parameters
    ----------
    target : array-like of shape (n_features,)
        Non-negative counts per feature in the target (summed over its documents); not all 0.
    reference : array-like of shape (n_features,)
        Counts of the same features, in the same order, in the reference; not all 0.
    correction : {"quanteda", "yates", "williams", "none"}, default "quanteda"
        The correction (above).
    features : sequence of str, optional
        Distinct names of the features (default ``"0"``, ``"1"``, …).

    Returns
    -------
    Keyness
        Signed χ², p- and q-values, Hardie's log ratio and the counts, one per feature in input order.

    Raises
    ------
    StatisticsError
        When the counts are not non-negative finite vectors [F605], ``target``, ``reference`` and
        ``features`` differ in length [F606], or a side has no tokens at all [F608].
    ArgumentError
        When ``correction`` is not one of the four [F601] or feature names repeat [F601].
    """
    return _keyness(target, reference, correction, features, "chi2")


def g2_keyness(
    target: object,
    reference: object,
    *,
    correction: str = "quanteda",
    features: Sequence[str] | None = None,
) -> Keyness:
    """Signed log-likelihood G² keyness per feature (quanteda ``textstat_keyness(measure="lr")``).

    Same 2×2 table as :func:`chi2_keyness` (Dunning 1993, "Accurate methods for the statistics of surprise
    and coincidence", *Computational Linguistics* 19(1))::

        G² = 2 Σ O · ln(O / E)      over the four cells, E = row total × column total / N, 0·ln 0 = 0

    signed positive when the feature is over-represented in the target, p from χ² with 1 df, BH q-values.
    Corrections as in :func:`chi2_keyness`: ``"quanteda"`` and ``"yates"`` move the four observed cells
    δ towards their expectations before computing G² (the margins are unchanged); ``"williams"`` divides
    G² by Williams' q; ``"none"``. The default ``"quanteda"`` follows quanteda's compiled code (conditional
    Yates also for ``lr``; its documentation says Williams); quanteda adds 1e-9 inside the logarithm, which
    changes G² by less than 1e-8 relative. ``"yates"`` equals ``scipy.stats.chi2_contingency(...,
    correction=True, lambda_="log-likelihood")``.

    Parameters
    ----------
    target : array-like of shape (n_features,)
        Non-negative counts per feature in the target (summed over its documents); not all 0.
    reference : array-like of shape (n_features,)
        Counts of the same features, in the same order, in the reference; not all 0.
    correction : {"quanteda", "yates", "williams", "none"}, default "quanteda"
        The correction (as in :func:`chi2_keyness`).
    features : sequence of str, optional
        Distinct names of the features (default ``"0"``, ``"1"``, …).

    Returns
    -------
    Keyness
        Signed G², p- and q-values, Hardie's log ratio and the counts, one per feature in input order.

    Raises
    ------
    StatisticsError
        When the counts are not non-negative finite vectors [F605], ``target``, ``reference`` and
        ``features`` differ in length [F606], or a side has no tokens at all [F608].
    ArgumentError
        When ``correction`` is not one of the four [F601] or feature names repeat [F601].
    """
    return _keyness(target, reference, correction, features, "G2")


# ----------------------------------------------------------------------------------------------------------
# multiple comparisons


def benjamini_hochberg(pvalues: object) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values), same shape as ``pvalues``.

    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a practical and powerful
    approach to multiple testing. *JRSS B* 57(1): 289–300. With the ``m`` defined p-values sorted,
    ``p_(1) <= … <= p_(m)``::

        q_(i) = min(1, min_{k >= i} m · p_(k) / k)

    so q is monotone in p, and rejecting ``q <= α`` controls the FDR at α for independent (or positively
    dependent) tests. NaN p-values (undefined tests) stay NaN and do not count in ``m``. The same as
    ``scipy.stats.false_discovery_control(method="bh")`` and R's ``p.adjust(method="BH")``.

    Parameters
    ----------
    pvalues : array-like of float
        p-values in [0, 1], any shape; NaN for undefined tests.

    Returns
    -------
    ndarray of float
        q-values, same shape as ``pvalues``; NaN where the p-value is NaN.

    Raises
    ------
    StatisticsError
        When a p-value lies outside [0, 1] [F605].
    """
    p = np.asarray(pvalues, dtype=float)
    flat = p.ravel()
    ok = ~np.isnan(flat)
    if ((flat[ok] < 0) | (flat[ok] > 1)).any():
        raise StatisticsError(
            "F605", name="pvalues", expected="in [0, 1] (NaN for undefined tests)", problem="some lie outside"
        )
    q = np.full(flat.shape, np.nan)
    vals = flat[ok]
    m = vals.size
    if m:
        order = np.argsort(vals, kind="stable")
        scaled = vals[order] * m / np.arange(1, m + 1)
        adjusted = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
        out = np.empty(m)
        out[order] = adjusted
        q[ok] = out
    return q.reshape(p.shape)
