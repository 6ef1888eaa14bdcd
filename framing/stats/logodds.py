"""Weighted log-odds ratios with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008)."""

from __future__ import annotations

import itertools
import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from ..errors import ArgumentError, StatisticsError, renamed_keyword
from .checks import as_counts, axis_names, fmt, readonly

__all__ = ["LogOdds", "log_odds_dirichlet"]


@dataclass(frozen=True, eq=False, repr=False)
class LogOdds:
    """Weighted log-odds ratios (Monroe, Colaresi & Quinn 2008), one row per comparison.

    ``comparisons[k] = (group, other)``: row ``k`` of ``delta``, ``variance`` and ``z`` compares ``group``
    with ``other`` (another group, or ``"rest"`` for all other groups pooled). Positive ``delta`` and ``z``:
    the feature is more typical of ``group``. ``alpha`` are the prior pseudo-counts per feature,
    ``alpha0`` their sum. Features whose log-odds are undefined (zero count and zero prior) are NaN.
    Made by :func:`log_odds_dirichlet`; the arrays are read-only.

    Attributes
    ----------
    groups : tuple of str
        Names of the groups (rows of the counts).
    features : tuple of str
        Names of the features (columns of the counts).
    comparisons : tuple of (str, str)
        ``(group, other)`` per row of ``delta``, ``variance`` and ``z``; ``other`` is ``"rest"`` in
        one-vs-rest comparisons.
    delta : ndarray of shape (n_comparisons, n_features)
        Differences of the posterior log-odds, ``ω_group − ω_other``.
    variance : ndarray of shape (n_comparisons, n_features)
        Approximate variance of ``delta`` (Monroe et al., eq. 20).
    z : ndarray of shape (n_comparisons, n_features)
        ``delta / sqrt(variance)``: a ranking score, not a test (tokens are treated as independent).
    alpha : ndarray of shape (n_features,)
        Prior pseudo-counts per feature.
    alpha0 : float
        Their sum.
    prior : {"pooled", "background", "uniform"}
        Which kind of prior was used.
    compare : {"one-vs-rest", "pairs"}
        How groups were compared.
    method : str
        The method, with its reference.
    unit : str
        Unit of the sampling model (``"token"``).
    """

    groups: tuple[str, ...]
    features: tuple[str, ...]
    comparisons: tuple[tuple[str, str], ...]
    delta: np.ndarray
    variance: np.ndarray
    z: np.ndarray
    alpha: np.ndarray
    alpha0: float
    prior: str
    compare: str
    method: str = "weighted log-odds ratio, informative Dirichlet prior (Monroe, Colaresi & Quinn 2008)"
    unit: str = "token"

    @property
    def comparison(self) -> str:
        """Deprecated name of :attr:`compare` (a :class:`FutureWarning`)."""
        warnings.warn(
            "LogOdds.comparison is now LogOdds.compare; comparison will be removed", FutureWarning, stacklevel=2
        )
        return self.compare

    def to_dict(self) -> dict[str, np.ndarray]:
        """Long-format columns (one row per comparison × feature), ready for ``pandas.DataFrame``.

        Returns
        -------
        dict of str to ndarray
            ``group``, ``other``, ``feature``, ``delta``, ``variance`` and ``z``.
        """
        k, w = self.delta.shape
        return {
            "group": np.repeat([c[0] for c in self.comparisons], w),
            "other": np.repeat([c[1] for c in self.comparisons], w),
            "feature": np.tile(np.array(self.features, dtype=object), k),
            "delta": self.delta.ravel(),
            "variance": self.variance.ravel(),
            "z": self.z.ravel(),
        }

    def summary(self, top: int = 5) -> str:
        """The ``top`` features with the largest and smallest z per comparison.

        Parameters
        ----------
        top : int, default 5
            How many features to list at each end.

        Returns
        -------
        str
            The method and prior, a caution about z, and one line per comparison.
        """
        lines = [
            f"{self.method}; {self.compare}; prior {self.prior}, alpha0 = {fmt(self.alpha0)}; unit {self.unit}",
            "z treats tokens as independent draws: use it to rank features, not as a test.",
        ]
        undefined = int(np.isnan(self.delta).all(axis=0).sum())
        if undefined:
            lines.append(f"{undefined} feature(s) undefined (zero count and zero prior): NaN.")
        for k, (g, o) in enumerate(self.comparisons):
            z = self.z[k]
            order = np.argsort(np.where(np.isnan(z), -np.inf, -z), kind="stable")
            ok = [i for i in order if not np.isnan(z[i])]
            hi = ", ".join(f"{self.features[i]} {z[i]:+.2f}" for i in ok[:top])
            lo = ", ".join(f"{self.features[i]} {z[i]:+.2f}" for i in ok[::-1][:top])
            lines.append(f"{g} vs {o}: more {hi} | less {lo}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"LogOdds(compare={self.compare!r}, groups={len(self.groups)}, features={len(self.features)}, "
            f"prior={self.prior!r}, alpha0={self.alpha0:.4g})"
        )


_PRIORS = "'pooled', an array of background counts (one per feature) or a positive number"


def log_odds_dirichlet(
    counts: object,
    *,
    prior: str | float | Sequence[float] | np.ndarray = "pooled",
    alpha0: float | None = None,
    compare: str = "one-vs-rest",
    groups: Sequence[str] | None = None,
    features: Sequence[str] | None = None,
    comparison: str | None = None,
) -> LogOdds:
    """Weighted log-odds ratios with an informative Dirichlet prior ("Fightin' Words").

    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature selection and
    evaluation for identifying the content of political conflict. *Political Analysis* 16(4): 372–403,
    §3.5.1, eqs. 16–22.

    ``counts`` is groups × features (e.g. actors × categories: matches per actor). Model: the tokens of
    group ``i`` are ``n_i`` independent draws from a multinomial with probabilities ``π_i``; the prior is
    ``π_i ~ Dirichlet(α)``. The posterior log-odds of feature ``w`` in group ``i`` and the difference
    between groups ``i`` and ``j`` are::

        ω_iw = log[(y_iw + α_w) / (n_i + α_0 − y_iw − α_w)]          α_0 = Σ_w α_w
        δ_w(i−j) = ω_iw − ω_jw
        σ²(δ_w(i−j)) ≈ 1 / (y_iw + α_w) + 1 / (y_jw + α_w)            (eq. 20, Monroe et al.'s approximation)
        z = δ / σ

    Sampling model: tokens are independent within a group. They are not (frames cluster in documents),
    so ``z`` overstates the evidence; use it to rank features and :func:`permutation_test_rate_difference`
    to test. A feature with zero count in a group and zero prior has undefined log-odds (NaN).

    Parameters
    ----------
    counts : array-like of shape (n_groups, n_features)
        Non-negative counts per group and feature (e.g. matches per actor and category); at least two
        groups and two features, and every group with some count.
    prior : "pooled", array-like of shape (n_features,) or float, default "pooled"
        The Dirichlet prior.

        * ``"pooled"``: ``α_w`` proportional to the corpus-wide count of ``w`` (all groups summed),
          scaled so that ``Σ α_w = alpha0``. With ``alpha0=None`` the prior is the pooled counts
          themselves (``alpha0`` = the total count): the empirical-Bayes default of tidylo's
          ``bind_log_odds`` (Schnoebelen, Silge & Hayes), a strong prior that shrinks rare features hard.
          Monroe et al. use the word distribution of a larger corpus as prior and choose its weight; pass
          ``alpha0`` (e.g. the mean group total) for a weaker prior.
        * an array of background counts (one per feature, e.g. the same categories counted in a reference
          corpus): ``α_w`` proportional to it, scaled to ``alpha0`` (default: the background total).
        * a positive number ``a``: uniform ``α_w = a`` (Monroe et al.'s "uninformative" prior; ``alpha0``
          must be ``None``). As ``a → 0`` the result approaches the plain log-odds ratio.
    alpha0 : float or None, default None
        Total weight of the prior (``Σ α_w``); ``None`` keeps the scale of the pooled or background counts.
    compare : {"one-vs-rest", "pairs"}, default "one-vs-rest"
        ``"one-vs-rest"`` compares each group with all others pooled (``y_rest = Σ_{k≠i} y_k``);
        ``"pairs"`` compares every pair ``i < j`` in the order of the rows.
    groups : sequence of str, optional
        Distinct names of the rows (default ``"0"``, ``"1"``, …); none may be ``"rest"`` in one-vs-rest
        comparisons.
    features : sequence of str, optional
        Distinct names of the columns (default ``"0"``, ``"1"``, …).
    comparison : str, optional
        Deprecated name of ``compare`` (a :class:`FutureWarning`).

    Returns
    -------
    LogOdds
        ``delta``, ``variance`` and ``z`` per comparison and feature, with the prior used.

    Raises
    ------
    StatisticsError
        When ``counts`` (or a background prior) is not a matrix (vector) of non-negative finite counts
        [F605], when names or the background prior do not match the counts [F606], with fewer than two
        groups or features [F607], or when a group has no counts or the prior has no mass [F608].
    ArgumentError
        When ``compare``, ``prior`` or ``alpha0`` has a value it does not take, names repeat [F601], a
        group is called ``"rest"`` in one-vs-rest comparisons, or ``alpha0`` is given with a uniform
        prior [F603].
    """
    compare = renamed_keyword("compare", compare, "comparison", comparison, "log_odds_dirichlet")
    y = as_counts(counts, "counts", 2)
    group_names, feature_names, totals = _check_table(y, compare, groups, features)
    alpha, kind = _prior_alpha(prior, alpha0, y)
    first, second, n_first, n_second, pairs = _sides(y, totals, group_names, compare)
    delta, variance, z = _weighted_log_odds(first, second, n_first, n_second, alpha)
    return LogOdds(
        groups=group_names,
        features=feature_names,
        comparisons=tuple(pairs),
        delta=readonly(delta),
        variance=readonly(variance),
        z=readonly(z),
        alpha=readonly(alpha),
        alpha0=float(alpha.sum()),
        prior=kind,
        compare=compare,
    )


def _check_table(
    y: np.ndarray, compare: str, groups: Sequence[str] | None, features: Sequence[str] | None
) -> tuple[tuple[str, ...], tuple[str, ...], np.ndarray]:
    """The group and feature names of the counts ``y`` and each group's total, once the table is usable."""
    n_groups, n_features = y.shape
    if n_groups < 2:
        raise StatisticsError(
            "F607",
            statistic="log_odds_dirichlet",
            needed="at least two groups (rows of counts)",
            found=f"counts has {n_groups}",
            fix="compare two or more groups",
        )
    if n_features < 2:
        raise StatisticsError(
            "F607",
            statistic="log_odds_dirichlet",
            needed="at least two features (columns of counts)",
            found=f"counts has {n_features}",
            fix="count two or more features",
        )
    if compare not in ("one-vs-rest", "pairs"):
        raise ArgumentError("F601", name="compare", expected="'one-vs-rest' or 'pairs'", value=compare)
    group_names = axis_names(groups, n_groups, "group")
    feature_names = axis_names(features, n_features, "feature")
    if compare == "one-vs-rest" and "rest" in group_names:
        raise ArgumentError(
            "F603",
            function="log_odds_dirichlet",
            problem="a group is called 'rest', the name of the pooled other groups in one-vs-rest comparisons",
            fix="rename it",
        )
    totals = y.sum(axis=1)
    if (totals == 0).any():
        empty = [group_names[i] for i in np.flatnonzero(totals == 0)]
        raise StatisticsError(
            "F608",
            statistic="log_odds_dirichlet",
            reason=f"group(s) {empty} have no counts at all",
            fix="drop them before comparing",
        )
    return group_names, feature_names, totals


def _prior_alpha(
    prior: str | float | Sequence[float] | np.ndarray, alpha0: float | None, y: np.ndarray
) -> tuple[np.ndarray, str]:
    """The prior pseudo-counts ``α`` per feature and the kind of prior (see :func:`log_odds_dirichlet`)."""
    n_features = y.shape[1]
    if isinstance(prior, str):
        if prior != "pooled":
            raise ArgumentError("F601", name="prior", expected=_PRIORS, value=prior)
        base, kind = y.sum(axis=0), "pooled"
    elif np.ndim(prior) == 0:
        a = float(prior)  # type: ignore[arg-type]
        if not (a > 0 and math.isfinite(a)):
            raise ArgumentError("F601", name="prior", expected=_PRIORS, value=prior)
        if alpha0 is not None:
            raise ArgumentError(
                "F603",
                function="log_odds_dirichlet",
                problem="a uniform prior sets alpha0 (alpha0 = prior × features)",
                fix="leave alpha0=None",
            )
        base, kind = np.full(n_features, a), "uniform"
    else:
        base = as_counts(prior, "prior", 1)
        if base.shape != (n_features,):
            raise StatisticsError(
                "F606",
                first="the background prior",
                second="counts",
                detail=f"{base.size} values for {n_features} features",
                fix="one background count per feature",
            )
        kind = "background"
    if base.sum() <= 0:
        raise StatisticsError(
            "F608",
            statistic="log_odds_dirichlet",
            reason="the prior has no mass (all background counts are 0)",
            fix="use a uniform prior or another background",
        )
    if alpha0 is not None:
        if not (alpha0 > 0 and math.isfinite(alpha0)):
            raise ArgumentError("F601", name="alpha0", expected="a positive number or None", value=alpha0)
        return base * (float(alpha0) / base.sum()), kind
    return base.astype(float), kind


def _sides(
    y: np.ndarray, totals: np.ndarray, group_names: tuple[str, ...], compare: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, list[tuple[str, str]]]:
    """The two sides of every comparison: their counts, their totals and their names, one row each."""
    if compare == "one-vs-rest":
        first = y
        second = y.sum(axis=0)[None, :] - y
        n_first, n_second = totals, totals.sum() - totals
        pairs = [(g, "rest") for g in group_names]
    else:
        idx = list(itertools.combinations(range(y.shape[0]), 2))
        first = y[[i for i, _ in idx]]
        second = y[[j for _, j in idx]]
        n_first, n_second = totals[[i for i, _ in idx]], totals[[j for _, j in idx]]
        pairs = [(group_names[i], group_names[j]) for i, j in idx]
    return first, second, n_first, n_second, pairs


def _weighted_log_odds(
    first: np.ndarray, second: np.ndarray, n_first: np.ndarray, n_second: np.ndarray, alpha: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``δ``, its variance and ``z`` (Monroe et al., eqs. 16–22), NaN where a log-odds is undefined."""
    a0 = float(alpha.sum())

    def omega(yi: np.ndarray, ni: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(yi + alpha) - np.log(ni[..., None] + a0 - yi - alpha)

    with np.errstate(divide="ignore", invalid="ignore"):
        delta = omega(first, n_first) - omega(second, n_second)
        variance = 1.0 / (first + alpha) + 1.0 / (second + alpha)
        z = delta / np.sqrt(variance)
    undefined = (first + alpha == 0) | (second + alpha == 0)
    for arr in (delta, variance, z):
        arr[undefined] = np.nan
    return delta, variance, z
