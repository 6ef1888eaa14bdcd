"""Jensen–Shannon distance between category profiles, with a cluster-bootstrap interval."""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import ArgumentError, StatisticsError
from .checks import as_counts, axis_names, check_confidence, check_positive_int, fmt, readonly
from .permutation import _Design
from .resampling import bootstrap_sums, generator, percentile_interval, rng_note

__all__ = [
    "JensenShannon",
    "JensenShannonTest",
    "bootstrap_jensen_shannon",
    "jensen_shannon_distance",
    "permutation_test_jensen_shannon",
]


# ----------------------------------------------------------------------------------------------------------
# Jensen–Shannon distance between category profiles


def _js_rows(p: np.ndarray, q: np.ndarray, base: float) -> np.ndarray:
    """Jensen–Shannon distance between the rows of ``p`` and ``q`` (non-negative, normalised here)."""
    p = p / p.sum(axis=-1, keepdims=True)
    q = q / q.sum(axis=-1, keepdims=True)
    m = (p + q) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        kl_p = np.where(p > 0, p * np.log(p / m), 0.0).sum(axis=-1)
        kl_q = np.where(q > 0, q * np.log(q / m), 0.0).sum(axis=-1)
    js = (kl_p + kl_q) / (2.0 * math.log(base))
    return np.sqrt(np.maximum(js, 0.0))  # rounding can give -1e-17


def jensen_shannon_distance(p: object, q: object, base: float = 2) -> float:
    """Jensen–Shannon distance between two category profiles (counts or proportions).

    Lin, J. (1991). Divergence measures based on the Shannon entropy. *IEEE Trans. Inf. Theory* 37(1);
    Endres & Schindelin (2003) show its square root is a metric. With ``p`` and ``q`` normalised to sum 1
    and ``m = (p + q)/2``::

        JSD(p, q) = √( ½ KL(p ‖ m) + ½ KL(q ‖ m) ),   KL(p ‖ m) = Σ p_i log_base(p_i / m_i),  0·log 0 = 0

    In [0, 1] for ``base=2``. Zero entries are safe; an all-zero profile has no distribution and raises.
    The same as ``scipy.spatial.distance.jensenshannon(p, q, base)`` (whose default base is e).

    Parameters
    ----------
    p, q : array-like of shape (n_categories,)
        Non-negative counts or proportions over the same categories; neither all 0.
    base : float, default 2
        Base of the logarithm (positive, not 1); 2 gives bits and a distance in [0, 1].

    Returns
    -------
    float
        The distance.

    Raises
    ------
    StatisticsError
        When a profile is not a vector of non-negative finite values [F605], the two differ in length
        [F606], or one sums to 0 [F608].
    ArgumentError
        When ``base`` is not positive or is 1 [F601].
    """
    pa, qa = as_counts(p, "p", 1), as_counts(q, "q", 1)
    if pa.shape != qa.shape:
        raise StatisticsError(
            "F606",
            first="p",
            second="q",
            detail=f"{pa.size} and {qa.size} categories",
            fix="profiles over the same categories",
        )
    if pa.sum() == 0 or qa.sum() == 0:
        raise StatisticsError(
            "F608",
            statistic="jensen_shannon_distance",
            reason="a profile sums to 0 (no matches at all), so it has no distribution",
            fix="leave out the empty profile",
        )
    if not (base > 0 and base != 1):
        raise ArgumentError("F601", name="base", expected="positive and not 1 (2 for bits)", value=base)
    return float(_js_rows(pa, qa, float(base)))


@dataclass(frozen=True, eq=False, repr=False)
class JensenShannon:
    """Jensen–Shannon distance of two groups' category profiles, with a cluster-bootstrap interval.

    The plug-in distance is biased upwards in small samples (sampling noise alone makes two profiles look
    different), so an interval that excludes 0 is no test of a difference; ``replicates`` keeps the
    resampled distances. Made by :func:`bootstrap_jensen_shannon`.

    Attributes
    ----------
    categories : tuple of str
        Names of the categories.
    estimate : float
        Distance between the two groups' pooled profiles.
    lower, upper : float
        Percentile interval of the replicates.
    replicates : ndarray of shape (n_boot,)
        Distance of each resample (NaN where a resampled profile is empty); read-only.
    base : float
        Base of the logarithm.
    confidence : float
        Coverage of the interval (e.g. 0.95).
    n_boot : int
        Number of resamples.
    n_a, n_b : int
        Documents in group a and in group b.
    seed : int or None
        The seed, when ``rng`` was an ``int``.
    rng_state : dict
        State of the generator before the first draw.
    unit : str
        What is resampled (``"document"``).
    method : str
        How the interval was made.
    """

    categories: tuple[str, ...]
    estimate: float
    lower: float
    upper: float
    replicates: np.ndarray
    base: float
    confidence: float
    n_boot: int
    n_a: int
    n_b: int
    seed: int | None
    rng_state: dict = field(repr=False)
    unit: str = "document"
    method: str = "stratified cluster bootstrap (documents within each group), percentile interval"

    def summary(self) -> str:
        """The distance, its interval and how it was made, on one line.

        Returns
        -------
        str
            The summary text.
        """
        return (
            f"Jensen-Shannon distance (base {self.base:g}) {fmt(self.estimate)}, {self.confidence:.0%} interval "
            f"[{fmt(self.lower)}, {fmt(self.upper)}]; {self.method}; {self.n_boot} resamples of {self.n_a} + "
            f"{self.n_b} {self.unit}s; {rng_note(self.seed, self.rng_state)}"
        )

    def __repr__(self) -> str:
        return (
            f"JensenShannon(estimate={self.estimate:.4g}, lower={self.lower:.4g}, upper={self.upper:.4g}, "
            f"n_boot={self.n_boot})"
        )


def bootstrap_jensen_shannon(
    counts_a: object,
    counts_b: object,
    *,
    base: float = 2,
    n_boot: int = 2000,
    confidence: float = 0.95,
    rng: np.random.Generator | int,
    categories: Sequence[str] | None = None,
) -> JensenShannon:
    """Jensen–Shannon distance between the pooled category profiles of two groups of documents, with a
    percentile interval from resampling documents within each group.

    ``counts_a`` and ``counts_b`` are documents × categories match counts; a group's profile is its column
    sums, normalised. Each replicate resamples the documents of each group with replacement (stratified
    cluster bootstrap, Davison & Hinkley 1997 §3.8) and recomputes the distance (see
    :func:`jensen_shannon_distance`); replicates where a profile is empty are left out. Sampling model:
    documents independent. The plug-in distance is biased upwards, most with few matches.

    Parameters
    ----------
    counts_a : array-like of shape (n_a, n_categories)
        Match counts per document of group a (a vector is one category).
    counts_b : array-like of shape (n_b, n_categories)
        Match counts per document of group b, same categories.
    base : float, default 2
        Base of the logarithm (positive, not 1).
    n_boot : int, default 2000
        Number of bootstrap replicates.
    confidence : float, default 0.95
        Coverage of the interval, between 0 and 1.
    rng : int or numpy.random.Generator
        Seed or generator of the resampling draws (group a's draws first, then group b's).
    categories : sequence of str, optional
        Distinct names of the categories (default ``"0"``, ``"1"``, …).

    Returns
    -------
    JensenShannon
        The distance of the pooled profiles, its interval and the replicates.

    Raises
    ------
    StatisticsError
        When the counts are not non-negative and finite [F605], the groups have different categories
        [F606], a group has fewer than 2 documents [F607], or a group has no matches at all [F608].
    ArgumentError
        When ``base``, ``n_boot`` or ``confidence`` is out of range, ``rng`` is neither an ``int`` nor a
        generator, or category names repeat [F601].
    """
    a, b = as_counts(counts_a, "counts_a", 2), as_counts(counts_b, "counts_b", 2)
    if a.shape[1] != b.shape[1]:
        raise StatisticsError(
            "F606",
            first="counts_a",
            second="counts_b",
            detail=f"{a.shape[1]} and {b.shape[1]} categories",
            fix="the same categories (columns)",
        )
    if a.shape[0] < 2 or b.shape[0] < 2:
        raise StatisticsError(
            "F607",
            statistic="bootstrap_jensen_shannon",
            needed="at least 2 documents in each group to resample",
            found=f"counts_a has {a.shape[0]} and counts_b {b.shape[0]} (rows)",
            fix="pool more documents or report the distance without an interval",
        )
    n_boot = check_positive_int(n_boot, "n_boot")
    confidence = check_confidence(confidence)
    names = axis_names(categories, a.shape[1], "category")
    estimate = jensen_shannon_distance(a.sum(axis=0), b.sum(axis=0), base)
    gen, seed, state = generator(rng)
    sa, sb = bootstrap_sums(gen, a, n_boot), bootstrap_sums(gen, b, n_boot)
    ok = (sa.sum(axis=1) > 0) & (sb.sum(axis=1) > 0)
    reps = np.full(n_boot, np.nan)
    reps[ok] = _js_rows(sa[ok], sb[ok], float(base))
    lower, upper = percentile_interval(reps[:, None], confidence)
    return JensenShannon(
        categories=names,
        estimate=estimate,
        lower=float(lower[0]),
        upper=float(upper[0]),
        replicates=readonly(reps),
        base=float(base),
        confidence=confidence,
        n_boot=n_boot,
        n_a=a.shape[0],
        n_b=b.shape[0],
        seed=seed,
        rng_state=state,
    )


# ----------------------------------------------------------------------------------------------------------
# a permutation null for the distance


@dataclass(frozen=True, eq=False, repr=False)
class JensenShannonTest:
    """Whether two groups' profiles differ more than relabelled documents do: a permutation null for the
    Jensen–Shannon distance. Made by :func:`permutation_test_jensen_shannon`.

    The plug-in distance is biased upwards (two samples of one population already differ), so the
    distance of relabelled documents, not 0, is the reference: ``null_median`` is what the distance is when
    the labels carry nothing.

    Attributes
    ----------
    estimate : float
        Distance between the two groups' pooled profiles.
    p_value : float
        Two groups' distance against relabellings of their documents, ``(b + 1) / (n_perm + 1)``.
    p_mc_se : float
        Monte Carlo standard error of ``p_value``.
    null_median : float
        Median distance over the relabellings.
    n_perm : int
        Relabellings made.
    n_shared : int
        Documents both groups speak in (their units swap labels together).
    seed : int or None
        The seed, when ``rng`` was an ``int``.
    """

    estimate: float
    p_value: float
    p_mc_se: float
    null_median: float
    n_perm: int
    n_shared: int
    seed: int | None

    def summary(self) -> str:
        """One line: distance, null median and p.

        Returns
        -------
        str
            The summary text.
        """
        return (
            f"Jensen-Shannon distance {fmt(self.estimate)}; relabelled documents: median {fmt(self.null_median)}, "
            f"p {fmt(self.p_value)} (Monte Carlo s.e. {fmt(self.p_mc_se)}, {self.n_perm} relabellings)"
        )

    def __repr__(self) -> str:
        return f"JensenShannonTest(estimate={self.estimate:.4g}, p_value={self.p_value:.4g}, n_perm={self.n_perm})"


def permutation_test_jensen_shannon(
    counts_a: object,
    counts_b: object,
    *,
    documents_a: Sequence[str] | None = None,
    documents_b: Sequence[str] | None = None,
    n_perm: int = 2000,
    rng: np.random.Generator | int,
    base: float = 2,
) -> JensenShannonTest:
    """Permutation test of the Jensen–Shannon distance between two groups' pooled category profiles.

    The documents' group labels are permuted as in :func:`permutation_test_rate_difference` (documents both
    groups speak in swap their two units), and the distance of the relabelled profiles recomputed;
    ``p = (b + 1) / (n_perm + 1)`` with ``b`` the relabellings at least as distant as observed.

    Parameters
    ----------
    counts_a, counts_b : array-like of shape (n_documents, n_categories)
        Match counts per document of each group, same categories; each side with some match.
    documents_a, documents_b : sequence of str, optional
        The document of each row, to find the documents both groups speak in.
    n_perm : int, default 2000
        Number of random relabellings.
    rng : int or numpy.random.Generator
        Seed or generator of the relabellings.
    base : float, default 2
        Base of the logarithm.

    Returns
    -------
    JensenShannonTest
        The distance, its permutation p-value and the null median.

    Raises
    ------
    StatisticsError
        When the counts are invalid [F605], do not match [F606] or a side has no match [F608].
    ArgumentError
        When ``n_perm`` is not a positive integer or ``rng`` is neither an ``int`` nor a generator [F601].
    """
    a, b = as_counts(counts_a, "counts_a", 2), as_counts(counts_b, "counts_b", 2)
    if a.shape[1] != b.shape[1]:
        raise StatisticsError(
            "F606", first="counts_a", second="counts_b", detail=f"{a.shape[1]} and {b.shape[1]} categories",
            fix="profiles over the same categories",
        )  # fmt: skip
    if a.sum() == 0 or b.sum() == 0:
        raise StatisticsError(
            "F608", statistic="permutation_test_jensen_shannon", reason="a side has no match (no profile)",
            fix="leave out the empty side",
        )  # fmt: skip
    n_perm = check_positive_int(n_perm, "n_perm")
    gen, seed, _ = generator(rng)
    ones_a, ones_b = np.ones(a.shape[0]), np.ones(b.shape[0])
    design = _Design.of(a, ones_a, b, ones_b, documents_a, documents_b, 1)
    observed = float(_js_rows(a.sum(0), b.sum(0), float(base)))
    total = design.num.sum(axis=0)
    distances = []
    for mask in design.relabellings(gen, n_perm):
        inside = mask.astype(float) @ design.num
        outside = total - inside
        with np.errstate(divide="ignore", invalid="ignore"):
            distances.append(_js_rows(inside, outside, float(base)))
    null = np.concatenate(distances)
    null = np.where(np.isfinite(null), null, 1.0)  # a relabelled side without matches is as far as can be
    p = (float((null >= observed * (1 - 1e-10)).sum()) + 1.0) / (n_perm + 1.0)
    return JensenShannonTest(
        estimate=observed,
        p_value=p,
        p_mc_se=math.sqrt(p * (1 - p) / n_perm),
        null_median=float(np.median(null)),
        n_perm=n_perm,
        n_shared=int(design.pairs.shape[0]),
        seed=seed,
    )
