"""Permutation test of the difference between two groups' pooled rates (document labels exchanged)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from ..errors import ArgumentError, StatisticsError
from .checks import axis_names, check_positive_int, fmt, readonly
from .keyness import benjamini_hochberg
from .rates import PER, two_groups
from .resampling import CHUNK_ELEMENTS, generator, rng_note

__all__ = ["RateDifferenceTest", "permutation_test_rate_difference"]


_TIE_RTOL = 1e-10
"""Relative tolerance for "as extreme as observed" in permutation tests: a permuted statistic equal to the
observed one up to floating-point rounding of a different summation order counts as a tie (scipy's
``permutation_test`` uses the same device)."""

# ----------------------------------------------------------------------------------------------------------
# permutation test of two groups' rates


@dataclass(frozen=True, eq=False, repr=False)
class RateDifferenceTest:
    """Two-sided permutation test of the difference in pooled rates, with effect sizes.

    ``difference = rate_a − rate_b`` (per ``per`` tokens) and ``ratio = rate_a / rate_b`` (inf when only
    ``rate_b`` is 0, NaN when both are) are the effect sizes; ``p_value`` the permutation p-value,
    ``q_value`` Benjamini–Hochberg over categories. ``exact`` is True when all relabellings were enumerated
    (then ``n_perm`` is their number). Made by :func:`permutation_test_rate_difference`; the arrays are
    read-only.

    Attributes
    ----------
    categories : tuple of str
        Names of the categories.
    rate_a, rate_b : ndarray of shape (n_categories,)
        Pooled rates per ``per`` tokens of group a and of group b.
    difference : ndarray of shape (n_categories,)
        ``rate_a − rate_b``.
    ratio : ndarray of shape (n_categories,)
        ``rate_a / rate_b`` (inf when only ``rate_b`` is 0, NaN when both are).
    p_value : ndarray of shape (n_categories,)
        Two-sided permutation p-value.
    q_value : ndarray of shape (n_categories,)
        Benjamini–Hochberg adjusted over the categories.
    n_a, n_b : int
        Documents in group a and in group b.
    n_perm : int
        Relabellings made for every category (all of them when ``exact``).
    permutations : ndarray of shape (n_categories,)
        Relabellings made per category: ``n_perm``, or more where the p-value was refined (``min_extreme``).
    p_mc_se : ndarray of shape (n_categories,)
        Monte Carlo standard error of ``p_value``, ``√(p (1 − p) / permutations)`` (0 when ``exact``).
    n_shared : int
        Documents in which both groups speak: their two units swap labels together (a sign flip).
    statistic : str
        The statistic permuted (``"studentized"``, ``"pooled"`` or ``"mean"``).
    exact : bool
        Whether every relabelling was enumerated.
    per : int
        Rates are per this many tokens.
    seed : int or None
        The seed, when ``rng`` was an ``int``.
    rng_state : dict
        State of the generator before the first draw.
    unit : str
        What is relabelled (``"document"``).
    alternative : str
        ``"two-sided"``.
    multiple_comparison : str
        How ``q_value`` was adjusted.
    """

    categories: tuple[str, ...]
    rate_a: np.ndarray
    rate_b: np.ndarray
    difference: np.ndarray
    ratio: np.ndarray
    p_value: np.ndarray
    q_value: np.ndarray
    n_a: int
    n_b: int
    n_perm: int
    permutations: np.ndarray
    p_mc_se: np.ndarray
    n_shared: int
    statistic: str
    exact: bool
    per: int
    seed: int | None
    rng_state: dict = field(repr=False)
    unit: str = "document"
    alternative: str = "two-sided"
    multiple_comparison: str = "Benjamini-Hochberg over categories"

    @property
    def method(self) -> str:
        """How the p-values were made: exact enumeration or Monte Carlo."""
        how = "exact enumeration" if self.exact else "Monte Carlo, p = (b + 1) / (n_perm + 1)"
        flips = f", {self.n_shared} shared documents swapped within" if self.n_shared else ""
        return f"permutation test of document group labels, {self.statistic} statistic ({how}{flips})"

    def to_dict(self) -> dict[str, np.ndarray]:
        """Columns (one row per category), ready for ``pandas.DataFrame``.

        Returns
        -------
        dict of str to ndarray
            ``category``, ``rate_a``, ``rate_b``, ``difference``, ``ratio``, ``p`` and ``q``.
        """
        return {
            "category": np.array(self.categories, dtype=object),
            "rate_a": self.rate_a,
            "rate_b": self.rate_b,
            "difference": self.difference,
            "ratio": self.ratio,
            "p": self.p_value,
            "q": self.q_value,
        }

    def summary(self) -> str:
        """The method and one line per category: rates, difference, ratio, p and q.

        Returns
        -------
        str
            The summary text.
        """
        lines = [
            f"{self.method}; {self.n_perm} relabellings of {self.n_a} + {self.n_b} {self.unit}s; "
            f"{self.alternative}; q {self.multiple_comparison}; {rng_note(self.seed, self.rng_state)}",
        ]
        for i, c in enumerate(self.categories):
            lines.append(
                f"  {c}: {fmt(self.rate_a[i])} vs {fmt(self.rate_b[i])} per {self.per} "
                f"(difference {fmt(self.difference[i])}, ratio {fmt(self.ratio[i])}), "
                f"p {fmt(self.p_value[i])} (Monte Carlo s.e. {fmt(self.p_mc_se[i])}, "
                f"{int(self.permutations[i])} relabellings), q {fmt(self.q_value[i])}"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"RateDifferenceTest(categories={len(self.categories)}, n_a={self.n_a}, n_b={self.n_b}, "
            f"n_perm={self.n_perm}, exact={self.exact}, seed={self.seed})"
        )


def permutation_test_rate_difference(
    num_a: object,
    den_a: object,
    num_b: object,
    den_b: object,
    *,
    n_perm: int = 2000,
    rng: np.random.Generator | int,
    categories: Sequence[str] | None = None,
    per: int = PER,
    statistic: str = "studentized",
    documents_a: Sequence[str] | None = None,
    documents_b: Sequence[str] | None = None,
    min_extreme: int = 0,
    max_perm: int | None = None,
) -> RateDifferenceTest:
    """Two-sided permutation test for the difference in pooled rates of two groups of documents.

    ``num_a`` (documents × categories) and ``den_a`` (tokens per document) describe group a, likewise b.
    The estimand is the difference of pooled rates, ``rate = 1000 · Σ y / Σ n`` over a group's documents
    (the estimand of :func:`rate_contrast_intervals`). Null hypothesis: the group labels are exchangeable
    across documents. The labels are permuted across documents, never across passages or tokens, because
    passages of one document are not independent. Documents in which both groups speak (``documents_a`` and
    ``documents_b`` name each row's document) keep one unit on each side: their two units swap labels with
    probability ½ (a sign flip), the other documents are permuted among themselves.

    ``statistic="studentized"`` (default) permutes ``T = (rate_a − rate_b) / SE``, with ``SE`` the
    cluster-robust (Welch-type) standard error of the difference (documents' residuals around each group's
    rate, and their covariance in shared documents). A studentized permutation test is exact when the
    documents are exchangeable and stays asymptotically valid when they are not, for instance when one
    group's speeches are much longer (Janssen 1997, *Stat. Probab. Lett.* 36; Chung & Romano 2013, *Ann.
    Stat.* 41(2)). ``"pooled"`` permutes the raw difference of pooled rates (over-rejects when the groups'
    lengths differ), ``"mean"`` the difference of mean per-document rates (a different estimand). The
    reported rates, difference and ratio are pooled. No permutation test is safe for a category with one or
    two matches when the groups' lengths differ a lot (where the only match falls decides, and a group of
    short documents makes any split of it look extreme): :func:`rate_contrast_intervals` gives a p-value
    that conditions on the lengths.

    ``p = (b + 1) / (n + 1)``, ``b`` = number of the ``n`` random relabellings with ``|T*| >= |T|`` (Phipson &
    Smyth 2010): never 0, and ``P(p <= α) <= α`` under the null. When there are no shared documents and the
    number of distinct relabellings ``C(n_a + n_b, n_a)`` is at most ``n_perm`` they are all enumerated and
    ``p = #{|T*| >= |T|} / C`` exactly. With ``min_extreme > 0``, categories with fewer than ``min_extreme``
    relabellings as extreme as observed after ``n_perm`` get more relabellings, in chunks, until they have
    that many or ``max_perm`` in all: small p-values are then precise enough for a multiple-testing
    correction over many tests (continuing only while ``b < h`` and reporting ``(b + 1)/(n + 1)`` is more
    conservative than Besag & Clifford's 1991 sequential p-value ``h / n``). ``p_mc_se`` is the Monte Carlo
    standard error of each p.

    Parameters
    ----------
    num_a : array-like of shape (n_a, n_categories) or (n_a,)
        Match counts per document of group a.
    den_a : array-like of shape (n_a,)
        Tokens of each document of group a (all positive).
    num_b : array-like of shape (n_b, n_categories) or (n_b,)
        Match counts per document of group b, same categories.
    den_b : array-like of shape (n_b,)
        Tokens of each document of group b (all positive).
    n_perm : int, default 2000
        Number of random relabellings for every category; when there are at most this many distinct
        relabellings (and no shared documents), all of them are enumerated instead.
    rng : int or numpy.random.Generator
        Seed or generator of the random relabellings (required even when the test turns out exact).
    categories : sequence of str, optional
        Distinct names of the categories (default ``"0"``, ``"1"``, …).
    per : int, default PER (1000)
        Rates are per this many tokens.
    statistic : {"studentized", "pooled", "mean"}, default "studentized"
        What is permuted (above).
    documents_a, documents_b : sequence of str, optional
        The document of each row of a and of b, to find the documents both groups speak in.
    min_extreme : int, default 0
        Refine p-values with fewer extreme relabellings than this (0: no refinement).
    max_perm : int, optional
        Most relabellings per category when refining (default ``n_perm``).

    Returns
    -------
    RateDifferenceTest
        Pooled rates, difference, ratio, p-values with their Monte Carlo errors and q-values per category,
        and how the relabellings were made.

    Raises
    ------
    StatisticsError
        When the counts are not non-negative and finite or a document has 0 tokens [F605], the inputs do
        not match [F606], a group has no documents [F607], or a group has no tokens [F608].
    ArgumentError
        When ``statistic`` is unknown, ``n_perm`` is not a positive integer, ``rng`` is neither an ``int``
        nor a generator, a side names a document twice, or category names repeat [F601].
    """
    if statistic not in ("studentized", "pooled", "mean"):
        raise ArgumentError("F601", name="statistic", expected="'studentized', 'pooled' or 'mean'", value=statistic)
    na, da, nb, db = two_groups(num_a, den_a, num_b, den_b, "permutation_test_rate_difference")
    if (da == 0).any() or (db == 0).any():
        raise StatisticsError(
            "F605",
            name="the token counts of permutation_test_rate_difference (den_a, den_b)",
            expected="positive",
            problem="some documents have 0 tokens: drop them (they carry no evidence and can leave a relabelled "
            "group without tokens)",
        )
    n_perm = check_positive_int(n_perm, "n_perm")
    max_perm = n_perm if max_perm is None else max(n_perm, check_positive_int(max_perm, "max_perm"))
    names = axis_names(categories, na.shape[1], "category")
    gen, seed, state = generator(rng)
    design = _Design.of(na, da, nb, db, documents_a, documents_b, per)
    observed = np.zeros((1, design.n), dtype=bool)
    observed[0, : na.shape[0]] = True
    ra, rb = _rates_of(observed, design.num, design.den, per)
    threshold = np.abs(design.statistic(statistic, observed)[0]) * (1.0 - _TIE_RTOL)
    total = math.comb(design.n, na.shape[0])
    exact = total <= n_perm and not design.pairs.size
    if exact:
        p = _count_extreme(_all_relabellings(design.n, na.shape[0]), design, statistic, threshold) / total
        done = np.full(len(names), float(total))
    else:
        extreme = _count_extreme(design.relabellings(gen, n_perm), design, statistic, threshold)
        done = np.full(len(names), float(n_perm))
        if min_extreme > 0:
            _refine(design, statistic, threshold, extreme, done, gen, min_extreme, max_perm)
        p = (extreme + 1.0) / (done + 1.0)
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = ra[0] / rb[0]
    return RateDifferenceTest(
        categories=names,
        rate_a=readonly(ra[0]),
        rate_b=readonly(rb[0]),
        difference=readonly((ra - rb)[0]),
        ratio=readonly(ratio),
        p_value=readonly(p),
        q_value=readonly(benjamini_hochberg(p)),
        n_a=na.shape[0],
        n_b=nb.shape[0],
        n_perm=total if exact else n_perm,
        permutations=readonly(done),
        p_mc_se=readonly(np.zeros_like(p) if exact else np.sqrt(p * (1 - p) / done)),
        n_shared=int(design.pairs.shape[0]),
        statistic=statistic,
        exact=exact,
        per=per,
        seed=seed,
        rng_state=state,
    )


@dataclass(frozen=True)
class _Design:
    """The units of a two-group permutation test (a's rows first) and what its statistics need.

    ``pairs`` holds, for each document both groups speak in, its a-row and its b-row; ``singles`` the other
    rows. ``partner_y`` / ``partner_n`` are, for a row of a shared document, the counts and tokens of the other
    side's row in that document (0 elsewhere), for the covariance of the two sides' residuals."""

    num: np.ndarray
    den: np.ndarray
    n_a: int
    pairs: np.ndarray
    singles: np.ndarray
    partner_y: np.ndarray
    partner_n: np.ndarray
    per: int

    @property
    def n(self) -> int:
        return self.num.shape[0]

    @classmethod
    def of(
        cls,
        na: np.ndarray,
        da: np.ndarray,
        nb: np.ndarray,
        db: np.ndarray,
        documents_a: Sequence[str] | None,
        documents_b: Sequence[str] | None,
        per: int,
    ) -> _Design:
        num, den = np.vstack([na, nb]), np.concatenate([da, db])
        n_a = na.shape[0]
        pairs = np.zeros((0, 2), dtype=np.intp)
        if documents_a is not None and documents_b is not None:
            for name, docs, rows in (("documents_a", documents_a, n_a), ("documents_b", documents_b, nb.shape[0])):
                if len(docs) != rows or len(set(docs)) != rows:
                    raise ArgumentError(
                        "F601", name=name, expected=f"{rows} distinct document ids (one per row)", value=len(docs)
                    )
            where_b = {d: n_a + i for i, d in enumerate(documents_b)}
            found = [(i, where_b[d]) for i, d in enumerate(documents_a) if d in where_b]
            pairs = np.array(found, dtype=np.intp).reshape(-1, 2)
        paired = np.zeros(num.shape[0], dtype=bool)
        paired[pairs.ravel()] = True
        partner_y, partner_n = np.zeros_like(num), np.zeros_like(den)
        partner_y[pairs[:, 0]], partner_y[pairs[:, 1]] = num[pairs[:, 1]], num[pairs[:, 0]]
        partner_n[pairs[:, 0]], partner_n[pairs[:, 1]] = den[pairs[:, 1]], den[pairs[:, 0]]
        return cls(num, den, n_a, pairs, np.flatnonzero(~paired), partner_y, partner_n, per)

    def relabellings(self, gen: np.random.Generator, n_perm: int) -> Iterator[np.ndarray]:
        """``n_perm`` random relabellings as boolean masks (rows: relabellings), in chunks: the single
        documents' labels permuted, each shared document's two units swapped with probability ½."""
        n_single_a = self.n_a - self.pairs.shape[0]
        chunk = max(1, CHUNK_ELEMENTS // self.n)
        done = 0
        while done < n_perm:
            size = min(chunk, n_perm - done)
            mask = np.zeros((size, self.n), dtype=bool)
            if self.singles.size:
                ranks = gen.permuted(np.broadcast_to(np.arange(self.singles.size), (size, self.singles.size)), axis=1)
                mask[:, self.singles] = ranks < n_single_a
            if self.pairs.size:
                flip = gen.random((size, self.pairs.shape[0])) < 0.5
                mask[:, self.pairs[:, 0]] = ~flip
                mask[:, self.pairs[:, 1]] = flip
            yield mask
            done += size

    def statistic(self, statistic: str, mask: np.ndarray, columns: np.ndarray | None = None) -> np.ndarray:
        """The permuted statistic of each relabelling (rows) and category (columns, or only ``columns``)."""
        num = self.num if columns is None else self.num[:, columns]
        if statistic == "mean":
            sa, sb = _means_of(mask, self.per * num / self.den[:, None])
            return sa - sb
        ra, rb = _rates_of(mask, num, self.den, 1)
        if statistic == "pooled":
            return self.per * (ra - rb)
        partner = self.partner_y if columns is None else self.partner_y[:, columns]
        return _studentized(mask, num, self.den, (ra, rb), self.n_a, partner, self.partner_n)


def _studentized(
    mask: np.ndarray,
    num: np.ndarray,
    den: np.ndarray,
    rates: tuple[np.ndarray, np.ndarray],
    n_a: int,
    partner_y: np.ndarray,
    partner_n: np.ndarray,
) -> np.ndarray:
    """``(rate_a − rate_b) / SE`` per relabelling (``rates``: both sides' pooled rates per token). ``SE²`` is
    each side's cluster-robust variance ``m/(m − 1) · Σ (y − r n)² / N²`` around its own rate (the Welch
    form: around the rate of both sides together, the statistic over-rejected by up to 21 % in simulations
    with ten-fold length differences) minus twice the covariance of the residuals in shared documents."""
    ra, rb = rates
    m = mask.astype(float)
    n_b = num.shape[0] - n_a
    tot = [num.sum(0), (num**2).sum(0), (num * den[:, None]).sum(0), den.sum(), (den**2).sum()]
    a_sums = [m @ num, m @ num**2, m @ (num * den[:, None]), m @ den, m @ den**2]
    b_sums = [t - s for t, s in zip(tot, a_sums, strict=True)]

    def spread(sums: list[np.ndarray], r: np.ndarray, k: int) -> np.ndarray:
        _, yy, yn, n, nn = sums
        ss = np.maximum(yy - 2 * r * yn + r**2 * nn[:, None], 0.0)
        return (k / (k - 1) if k > 1 else 1.0) * ss / (n**2)[:, None]

    variance = spread(a_sums, ra, n_a) + spread(b_sums, rb, n_b)
    if partner_n.any():
        cross = (num * partner_y).sum(0) / 2  # Σ over shared documents of y_a·y_b (each pair counted twice)
        nn = (den * partner_n).sum() / 2
        s = cross - rb * (m @ (num * partner_n[:, None])) - ra * (m @ (partner_y * den[:, None])) + ra * rb * nn
        variance = variance - 2 * s / (a_sums[3] * b_sums[3])[:, None]
    diff = ra - rb
    with np.errstate(divide="ignore", invalid="ignore"):
        t = diff / np.sqrt(variance)
    return np.where(variance > 0, t, np.where(diff == 0, 0.0, np.copysign(np.inf, diff)))


def _rates_of(mask: np.ndarray, num: np.ndarray, den: np.ndarray, per: int) -> tuple[np.ndarray, np.ndarray]:
    """Pooled rates of the units in ``mask`` (rows: relabellings) and of the others."""
    m = mask.astype(float)
    num_in, den_in = m @ num, m @ den
    num_out, den_out = num.sum(axis=0) - num_in, den.sum() - den_in
    return per * num_in / den_in[:, None], per * num_out / den_out[:, None]


def _means_of(mask: np.ndarray, rates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean per-document rates of the units in ``mask`` (rows: relabellings) and of the others."""
    m = mask.astype(float)
    k_in = m.sum(axis=1)[:, None]
    sum_in = m @ rates
    return sum_in / k_in, (rates.sum(axis=0) - sum_in) / (rates.shape[0] - k_in)


def _all_relabellings(n: int, n_a: int) -> Iterator[np.ndarray]:
    """Every choice of ``n_a`` of the ``n`` documents as group a, as boolean masks in chunks of rows."""
    combos = itertools.combinations(range(n), n_a)
    chunk = max(1, CHUNK_ELEMENTS // n)
    while batch := list(itertools.islice(combos, chunk)):
        mask = np.zeros((len(batch), n), dtype=bool)
        mask[np.repeat(np.arange(len(batch)), n_a), np.array(batch).ravel()] = True
        yield mask


def _count_extreme(masks: Iterable[np.ndarray], design: _Design, statistic: str, threshold: np.ndarray) -> np.ndarray:
    """Per category, how many relabellings give ``|T*| >= threshold``."""
    extreme = np.zeros(threshold.shape[0])
    for mask in masks:
        extreme += (np.abs(design.statistic(statistic, mask)) >= threshold).sum(axis=0)
    return extreme


def _refine(
    design: _Design,
    statistic: str,
    threshold: np.ndarray,
    extreme: np.ndarray,
    done: np.ndarray,
    gen: np.random.Generator,
    min_extreme: int,
    max_perm: int,
) -> None:
    """More relabellings, in place, for the categories with fewer than ``min_extreme`` extreme ones, until
    they have that many or ``max_perm`` in all (``extreme`` and ``done`` are updated)."""
    step = max(1, int(done.max()))
    while True:
        columns = np.flatnonzero((extreme < min_extreme) & (done < max_perm))
        if not columns.size:
            return
        size = int(min(step, max_perm - done[columns].max()))
        for mask in design.relabellings(gen, size):
            hits = np.abs(design.statistic(statistic, mask, columns)) >= threshold[columns]
            extreme[columns] += hits.sum(axis=0)
        done[columns] += size
        step *= 2
