"""Pooled rates per 1,000 tokens and contrasts of two groups' rates, with cluster-bootstrap intervals."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import StatisticsError
from ..tokens import PER
from .checks import as_counts, axis_names, check_confidence, check_positive_int, fmt, readonly
from .resampling import bootstrap_sums, generator, percentile_interval, rng_note

__all__ = [
    "PER",
    "BootstrapRates",
    "ContrastColumns",
    "RateContrast",
    "bootstrap_rate_contrast",
    "cluster_bootstrap_rates",
]


# ----------------------------------------------------------------------------------------------------------
# pooled rates of one group, cluster bootstrap


@dataclass(frozen=True, eq=False, repr=False)
class BootstrapRates:
    """Pooled rates per ``per`` tokens with percentile bootstrap intervals, resampling ``unit`` s.

    ``replicates`` is ``n_boot`` × categories (rates of each resample); ``n_undefined`` replicates drew
    only units without tokens and are left out of the interval. ``zero`` marks categories with no match in
    any unit: their interval is [0, 0] by construction, which says nothing about how rare they are. Made by
    :func:`cluster_bootstrap_rates`; the arrays are read-only.

    Attributes
    ----------
    categories : tuple of str
        Names of the categories.
    estimate : ndarray of shape (n_categories,)
        Pooled rate per ``per`` tokens of all units.
    lower, upper : ndarray of shape (n_categories,)
        Percentile interval of the replicates.
    replicates : ndarray of shape (n_boot, n_categories)
        Pooled rate of each resample (NaN in a resample without tokens).
    zero : ndarray of bool, shape (n_categories,)
        Categories with no match in any unit.
    confidence : float
        Coverage of the interval (e.g. 0.95).
    n_boot : int
        Number of resamples.
    n_units : int
        Number of units (rows) resampled.
    n_undefined : int
        Resamples without tokens, left out of the interval.
    unit : str
        What a row is (``"document"`` unless told otherwise).
    per : int
        Rates are per this many tokens.
    seed : int or None
        The seed, when ``rng`` was an ``int``.
    rng_state : dict
        State of the generator before the first draw.
    method : str
        How the interval was made.
    """

    categories: tuple[str, ...]
    estimate: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    replicates: np.ndarray
    zero: np.ndarray
    confidence: float
    n_boot: int
    n_units: int
    n_undefined: int
    unit: str
    per: int
    seed: int | None
    rng_state: dict = field(repr=False)
    method: str = "cluster (unit) bootstrap, percentile interval"

    def to_dict(self) -> dict[str, np.ndarray]:
        """Columns (one row per category), ready for ``pandas.DataFrame``.

        Returns
        -------
        dict of str to ndarray
            ``category``, ``rate``, ``lower`` and ``upper``.
        """
        return {
            "category": np.array(self.categories, dtype=object),
            "rate": self.estimate,
            "lower": self.lower,
            "upper": self.upper,
        }

    def summary(self) -> str:
        """The method, the resampling and one line per category: rate [lower, upper].

        Returns
        -------
        str
            The summary text.
        """
        lines = [
            f"Rate per {self.per} tokens, {self.confidence:.0%} {self.method}; {self.n_boot} resamples of "
            f"{self.n_units} {self.unit}s; {rng_note(self.seed, self.rng_state)}",
        ]
        if self.n_undefined:
            lines.append(f"{self.n_undefined} resample(s) had no tokens and were left out.")
        for i, c in enumerate(self.categories):
            note = "  (no matches: interval degenerate)" if self.zero[i] else ""
            lines.append(f"  {c}: {fmt(self.estimate[i])} [{fmt(self.lower[i])}, {fmt(self.upper[i])}]{note}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"BootstrapRates(categories={len(self.categories)}, n_units={self.n_units}, unit={self.unit!r}, "
            f"n_boot={self.n_boot}, confidence={self.confidence}, seed={self.seed})"
        )


def rate_inputs(numerators: object, denominators: object, what: str) -> tuple[np.ndarray, np.ndarray]:
    """Match counts (documents × categories) and token counts (one per document) of a rate, checked.

    Parameters
    ----------
    numerators : array-like of shape (n_documents, n_categories) or (n_documents,)
        Non-negative match counts.
    denominators : array-like of shape (n_documents,)
        Non-negative token counts.
    what : str
        The statistic, for the error messages.

    Returns
    -------
    num, den : ndarray
        Both as float arrays, ``num`` two-dimensional.

    Raises
    ------
    StatisticsError
        When the counts are not non-negative and finite [F605], their rows do not match [F606], or a
        document has matches but 0 tokens [F608].
    """
    num = as_counts(numerators, f"{what} numerators", 2)
    den = as_counts(denominators, f"{what} denominators", 1)
    if den.shape[0] != num.shape[0]:
        raise StatisticsError(
            "F606",
            first=f"{what} numerators",
            second="denominators",
            detail=f"{num.shape[0]} rows, {den.shape[0]} token counts",
            fix="one token count per document (row)",
        )
    bad = (den == 0) & (num.sum(axis=1) > 0)
    if bad.any():
        raise StatisticsError(
            "F608",
            statistic=what,
            reason=f"{int(bad.sum())} document(s) have matches but 0 tokens",
            fix="fix the token counts",
        )
    return num, den


def cluster_bootstrap_rates(
    numerators: object,
    denominators: object,
    *,
    n_boot: int = 2000,
    confidence: float = 0.95,
    rng: np.random.Generator | int,
    categories: Sequence[str] | None = None,
    unit: str = "document",
    per: int = PER,
) -> BootstrapRates:
    """Pooled rate per 1,000 tokens per category, with a cluster-bootstrap percentile interval.

    ``numerators`` is documents × categories (match counts), ``denominators`` the tokens of each document.
    The estimate is the ratio of sums (the rate of the pooled text)::

        rate_c = 1000 · Σ_d y_dc / Σ_d n_d

    Sampling model: documents are independent draws from a population of documents; within a document,
    passages and tokens are not independent (one author, one outlet, one topic). Each of ``n_boot``
    replicates draws as many documents as observed, with replacement, keeping each document whole (the
    cluster bootstrap: Davison & Hinkley 1997, *Bootstrap Methods and their Application*, §3.8; Field &
    Welsh 2007, JRSS B 69(3)), and recomputes the pooled rate. The interval is the percentile interval of
    the replicates (Efron & Tibshirani 1993, *An Introduction to the Bootstrap*, §13.3). Resampling
    passages instead of documents ignores the document-level variation and gives intervals that are too
    narrow. With few documents (say < 20) the percentile interval under-covers.

    Parameters
    ----------
    numerators : array-like of shape (n_documents, n_categories) or (n_documents,)
        Match counts per document and category (a vector is one category).
    denominators : array-like of shape (n_documents,)
        Tokens of each document.
    n_boot : int, default 2000
        Number of bootstrap replicates.
    confidence : float, default 0.95
        Coverage of the interval, between 0 and 1.
    rng : int or numpy.random.Generator
        Seed or generator of the resampling draws (required: see :mod:`framing.stats`).
    categories : sequence of str, optional
        Distinct names of the categories (default ``"0"``, ``"1"``, …).
    unit : str, default "document"
        What a row is (recorded, not interpreted): pass ``unit="passage"`` only if passages really are
        independent.
    per : int, default PER (1000)
        Rates are per this many tokens.

    Returns
    -------
    BootstrapRates
        Estimates, intervals and replicates per category, with the seed and generator state.

    Raises
    ------
    StatisticsError
        (a ``ValueError``) When the counts are not non-negative and finite [F605] or do not match [F606],
        with fewer than 2 documents (nothing to resample) [F607], or when a document has matches but 0
        tokens or no document has any tokens [F608].
    ArgumentError
        When ``n_boot`` is not a positive integer, ``confidence`` is not between 0 and 1, ``rng`` is neither
        an ``int`` nor a generator, or category names repeat [F601].
    """
    num, den = rate_inputs(numerators, denominators, "cluster_bootstrap_rates")
    _check_resamplable(num, den, unit)
    n_boot = check_positive_int(n_boot, "n_boot")
    confidence = check_confidence(confidence)
    names = axis_names(categories, num.shape[1], "category")
    gen, seed, state = generator(rng)

    estimate = per * num.sum(axis=0) / den.sum()
    reps, tokens = resampled_rates(gen, num, den, n_boot, per)
    lower, upper = percentile_interval(reps, confidence)
    return BootstrapRates(
        categories=names,
        estimate=readonly(estimate),
        lower=readonly(lower),
        upper=readonly(upper),
        replicates=readonly(reps),
        zero=readonly(num.sum(axis=0) == 0),
        confidence=confidence,
        n_boot=n_boot,
        n_units=num.shape[0],
        n_undefined=int((tokens == 0).sum()),
        unit=unit,
        per=per,
        seed=seed,
        rng_state=state,
    )


def _check_resamplable(num: np.ndarray, den: np.ndarray, unit: str) -> None:
    """Raise unless there are two units or more to resample and some tokens."""
    n_docs = num.shape[0]
    if n_docs < 2:
        raise StatisticsError(
            "F607",
            statistic="cluster_bootstrap_rates",
            needed=f"at least 2 {unit}s to resample (one has no sampling variation)",
            found=f"there {'is' if n_docs == 1 else 'are'} {n_docs}",
            fix="pool more documents or report the rate without an interval",
        )
    if den.sum() == 0:
        raise StatisticsError(
            "F608",
            statistic="cluster_bootstrap_rates",
            reason="all documents have 0 tokens",
            fix="check the token counts",
        )


def resampled_rates(
    gen: np.random.Generator, num: np.ndarray, den: np.ndarray, n_boot: int, per: int
) -> tuple[np.ndarray, np.ndarray]:
    """Pooled rates of ``n_boot`` cluster-bootstrap resamples of the documents (rows), and their tokens.

    Parameters
    ----------
    gen : numpy.random.Generator
        The generator to draw from.
    num : ndarray of shape (n_documents, n_categories)
        Match counts.
    den : ndarray of shape (n_documents,)
        Token counts.
    n_boot : int
        Number of resamples.
    per : int
        Rates are per this many tokens.

    Returns
    -------
    rates : ndarray of shape (n_boot, n_categories)
        Pooled rate per ``per`` tokens of each resample (NaN where it has no tokens).
    tokens : ndarray of shape (n_boot,)
        Tokens of each resample.
    """
    k = num.shape[1]
    sums = bootstrap_sums(gen, np.column_stack([num, den]), n_boot)
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = per * sums[:, :k] / sums[:, k : k + 1]
    return rates, sums[:, k]


# ----------------------------------------------------------------------------------------------------------
# contrast of two groups' rates


def two_groups(
    num_a: object, den_a: object, num_b: object, den_b: object, what: str
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Match and token counts of two groups of documents, checked as :func:`rate_inputs` and against each other.

    Parameters
    ----------
    num_a, den_a : array-like
        Match counts (documents × categories) and tokens per document of group a.
    num_b, den_b : array-like
        The same for group b.
    what : str
        The statistic, for the error messages.

    Returns
    -------
    na, da, nb, db : ndarray
        The four arrays, as floats.

    Raises
    ------
    StatisticsError
        As :func:`rate_inputs`, and when the groups have different categories [F606], a group has no
        documents [F607] or no tokens [F608].
    """
    na, da = rate_inputs(num_a, den_a, f"{what} (group a)")
    nb, db = rate_inputs(num_b, den_b, f"{what} (group b)")
    if na.shape[1] != nb.shape[1]:
        raise StatisticsError(
            "F606",
            first=f"{what}: group a",
            second="group b",
            detail=f"{na.shape[1]} and {nb.shape[1]} categories",
            fix="the same categories",
        )
    for name, n, d in (("a", na, da), ("b", nb, db)):
        if n.shape[0] == 0:
            raise StatisticsError(
                "F607",
                statistic=what,
                needed="documents in both groups",
                found=f"group {name} has none",
                fix="pass at least one document per group",
            )
        if d.sum() == 0:
            raise StatisticsError(
                "F608",
                statistic=what,
                reason=f"group {name} has 0 tokens (its rate is 0/0)",
                fix="pass documents with tokens",
            )
    return na, da, nb, db


class ContrastColumns:
    """The columns and summary lines shared by the results that contrast two groups' rates
    (:class:`RateContrast`, :class:`framing.stats.RateContrastIntervals`): they have ``categories``,
    ``difference``, ``ratio``, their ``_lower`` and ``_upper`` bounds, and ``per``."""

    categories: tuple[str, ...]
    difference: np.ndarray
    difference_lower: np.ndarray
    difference_upper: np.ndarray
    ratio: np.ndarray
    ratio_lower: np.ndarray
    ratio_upper: np.ndarray
    per: int

    def to_dict(self) -> dict[str, np.ndarray]:
        """Columns (one row per category), ready for ``pandas.DataFrame``.

        Returns
        -------
        dict of str to ndarray
            ``category``, ``difference`` and ``ratio`` with their ``_lower`` and ``_upper`` bounds.
        """
        return {
            "category": np.array(self.categories, dtype=object),
            "difference": self.difference,
            "difference_lower": self.difference_lower,
            "difference_upper": self.difference_upper,
            "ratio": self.ratio,
            "ratio_lower": self.ratio_lower,
            "ratio_upper": self.ratio_upper,
        }

    def category_lines(self, extra: np.ndarray | None = None, label: str = "p") -> list[str]:
        """One line per category: difference and ratio with their intervals (and ``label`` ``extra[i]``)."""
        lines = []
        for i, c in enumerate(self.categories):
            tail = f", {label} {fmt(extra[i])}" if extra is not None else ""
            lines.append(
                f"  {c}: difference {fmt(self.difference[i])} [{fmt(self.difference_lower[i])}, "
                f"{fmt(self.difference_upper[i])}] per {self.per}, ratio {fmt(self.ratio[i])} "
                f"[{fmt(self.ratio_lower[i])}, {fmt(self.ratio_upper[i])}]{tail}"
            )
        return lines


@dataclass(frozen=True, eq=False, repr=False)
class RateContrast(ContrastColumns):
    """Difference and ratio of two groups' pooled rates with stratified cluster-bootstrap intervals.

    Made by :func:`bootstrap_rate_contrast`; the arrays are read-only.

    Attributes
    ----------
    categories : tuple of str
        Names of the categories.
    difference : ndarray of shape (n_categories,)
        ``rate_a − rate_b``, pooled rates per ``per`` tokens.
    difference_lower, difference_upper : ndarray of shape (n_categories,)
        Percentile interval of the difference.
    ratio : ndarray of shape (n_categories,)
        ``rate_a / rate_b`` (inf when only ``rate_b`` is 0, NaN when both are).
    ratio_lower, ratio_upper : ndarray of shape (n_categories,)
        Percentile interval of the ratio over the replicates where it is defined (NaN when it never is).
    confidence : float
        Coverage of the intervals (e.g. 0.95).
    n_boot : int
        Number of resamples.
    n_a, n_b : int
        Documents in group a and in group b.
    per : int
        Rates are per this many tokens.
    seed : int or None
        The seed, when ``rng`` was an ``int``.
    rng_state : dict
        State of the generator before the first draw.
    unit : str
        What a row is (``"document"``).
    method : str
        How the intervals were made.
    """

    categories: tuple[str, ...]
    difference: np.ndarray
    difference_lower: np.ndarray
    difference_upper: np.ndarray
    ratio: np.ndarray
    ratio_lower: np.ndarray
    ratio_upper: np.ndarray
    confidence: float
    n_boot: int
    n_a: int
    n_b: int
    per: int
    seed: int | None
    rng_state: dict = field(repr=False)
    unit: str = "document"
    method: str = "stratified cluster bootstrap (documents within each group), percentile interval"

    def summary(self) -> str:
        """The method, the resampling and one line per category: difference and ratio with intervals.

        Returns
        -------
        str
            The summary text.
        """
        head = (
            f"{self.confidence:.0%} {self.method}; {self.n_boot} resamples of {self.n_a} + {self.n_b} "
            f"{self.unit}s; {rng_note(self.seed, self.rng_state)}"
        )
        return "\n".join([head, *self.category_lines()])

    def __repr__(self) -> str:
        return f"RateContrast(categories={len(self.categories)}, n_a={self.n_a}, n_b={self.n_b}, n_boot={self.n_boot})"


def bootstrap_rate_contrast(
    num_a: object,
    den_a: object,
    num_b: object,
    den_b: object,
    *,
    n_boot: int = 2000,
    confidence: float = 0.95,
    rng: np.random.Generator | int,
    categories: Sequence[str] | None = None,
    per: int = PER,
) -> RateContrast:
    """Intervals for ``rate_a − rate_b`` and ``rate_a / rate_b``, resampling documents within each group.

    Each replicate resamples the documents of group a and, independently, those of group b, with
    replacement and whole (stratified cluster bootstrap: Davison & Hinkley 1997, §3.8), and recomputes both
    pooled rates; intervals are percentile intervals (Efron & Tibshirani 1993, §13.3). The ratio interval
    leaves out replicates where it is undefined (rate_b = 0). Sampling model: documents independent within
    and between groups. The interval of the difference complements the p-value of
    :func:`permutation_test_rate_difference`; they answer different questions (size vs. evidence) and need
    not agree exactly at the boundary.

    Parameters
    ----------
    num_a : array-like of shape (n_a, n_categories) or (n_a,)
        Match counts per document of group a.
    den_a : array-like of shape (n_a,)
        Tokens of each document of group a.
    num_b : array-like of shape (n_b, n_categories) or (n_b,)
        Match counts per document of group b, same categories.
    den_b : array-like of shape (n_b,)
        Tokens of each document of group b.
    n_boot : int, default 2000
        Number of bootstrap replicates.
    confidence : float, default 0.95
        Coverage of the intervals, between 0 and 1.
    rng : int or numpy.random.Generator
        Seed or generator of the resampling draws (group a's draws first, then group b's).
    categories : sequence of str, optional
        Distinct names of the categories (default ``"0"``, ``"1"``, …).
    per : int, default PER (1000)
        Rates are per this many tokens.

    Returns
    -------
    RateContrast
        Point difference and ratio of the pooled rates with their intervals, per category.

    Raises
    ------
    StatisticsError
        When the counts are not non-negative and finite [F605] or do not match [F606], with fewer than 2
        documents in a group [F607], or when a group has no tokens or a document has matches but 0 tokens
        [F608].
    ArgumentError
        When ``n_boot`` is not a positive integer, ``confidence`` is not between 0 and 1, ``rng`` is neither
        an ``int`` nor a generator, or category names repeat [F601].
    """
    na, da, nb, db = two_groups(num_a, den_a, num_b, den_b, "bootstrap_rate_contrast")
    if na.shape[0] < 2 or nb.shape[0] < 2:
        raise StatisticsError(
            "F607",
            statistic="bootstrap_rate_contrast",
            needed="at least 2 documents in each group to resample",
            found=f"group a has {na.shape[0]} and group b {nb.shape[0]}",
            fix="pool more documents or report the difference without an interval",
        )
    n_boot = check_positive_int(n_boot, "n_boot")
    confidence = check_confidence(confidence)
    names = axis_names(categories, na.shape[1], "category")
    gen, seed, state = generator(rng)
    ra, _ = resampled_rates(gen, na, da, n_boot, per)
    rb, _ = resampled_rates(gen, nb, db, n_boot, per)
    dl, du, rl, ru = _contrast_intervals(ra, rb, confidence)
    with np.errstate(divide="ignore", invalid="ignore"):
        rate_a, rate_b = per * na.sum(axis=0) / da.sum(), per * nb.sum(axis=0) / db.sum()
        point_ratio = rate_a / rate_b
    return RateContrast(
        categories=names,
        difference=readonly(rate_a - rate_b),
        difference_lower=readonly(dl),
        difference_upper=readonly(du),
        ratio=readonly(point_ratio),
        ratio_lower=readonly(rl),
        ratio_upper=readonly(ru),
        confidence=confidence,
        n_boot=n_boot,
        n_a=na.shape[0],
        n_b=nb.shape[0],
        per=per,
        seed=seed,
        rng_state=state,
    )


def _contrast_intervals(
    ra: np.ndarray, rb: np.ndarray, confidence: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Percentile intervals of the replicated differences and ratios (ratios only where defined)."""
    with np.errstate(divide="ignore", invalid="ignore"):
        diff, ratio = ra - rb, ra / rb
        ratio[~np.isfinite(ratio)] = np.nan
    dl, du = percentile_interval(diff, confidence)
    all_nan = np.isnan(ratio).all(axis=0)
    safe = np.where(all_nan[None, :], 0.0, ratio)
    rl, ru = percentile_interval(safe, confidence)
    rl[all_nan] = ru[all_nan] = np.nan
    return dl, du, rl, ru
