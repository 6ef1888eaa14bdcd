"""Permutation test of the difference between two groups' pooled rates (document labels exchanged)."""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Iterator, Sequence
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
        Relabellings made (all of them when ``exact``).
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
        return f"permutation test of document group labels ({how})"

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
                f"p {fmt(self.p_value[i])}, q {fmt(self.q_value[i])}"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"RateDifferenceTest(categories={len(self.categories)}, n_a={self.n_a}, n_b={self.n_b}, "
            f"n_perm={self.n_perm}, exact={self.exact}, seed={self.seed})"
        )


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
    statistic: str = "pooled",
) -> RateDifferenceTest:
    """Two-sided permutation test for the difference in pooled rates of two groups of documents.

    ``num_a`` (documents × categories) and ``den_a`` (tokens per document) describe group a, likewise b.
    Statistic, per category: ``T = rate_a − rate_b`` with ``rate = 1000 · Σ y / Σ n`` over the documents
    of a group. Null hypothesis: the group labels are exchangeable across documents (documents of the two
    groups come from the same population). The labels are permuted across documents, never across passages
    or tokens, because passages of one document are not independent.

    ``p = (b + 1) / (n_perm + 1)``, ``b`` = number of random relabellings with ``|T*| >= |T|`` (Phipson &
    Smyth 2010, "Permutation p-values should never be zero", *Stat. Appl. Genet. Mol. Biol.* 9(1)): never 0,
    and ``P(p <= α) <= α`` under the null. When the number of distinct relabellings ``C(n_a + n_b, n_a)``
    is at most ``n_perm`` they are all enumerated and ``p = #{|T*| >= |T|} / C`` exactly (the observed
    labelling is one of them). The same relabellings serve all categories (vectorised); q-values are
    Benjamini–Hochberg over categories. Documents must have at least one token.

    ``statistic="mean"`` permutes the difference of the groups' **mean per-document rates** instead. With
    documents of very different lengths in the two groups, the pooled statistic also responds to the
    lengths (one match in a short group is a high pooled rate that no relabelling mixing in long documents
    reaches), so a frame used once can look "significant"; the mean of document rates does not reward
    length. The reported rates, difference and ratio stay pooled in both cases.

    Effect sizes: ``difference`` (rate points per 1,000 tokens) and ``ratio`` = rate_a / rate_b; for
    intervals see :func:`bootstrap_rate_contrast`.

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
        Number of random relabellings; when there are at most this many distinct relabellings, all of them
        are enumerated instead.
    rng : int or numpy.random.Generator
        Seed or generator of the random relabellings (required even when the test turns out exact).
    categories : sequence of str, optional
        Distinct names of the categories (default ``"0"``, ``"1"``, …).
    per : int, default PER (1000)
        Rates are per this many tokens.
    statistic : {"pooled", "mean"}, default "pooled"
        Test the difference of the pooled rates or of the mean per-document rates (above).

    Returns
    -------
    RateDifferenceTest
        Pooled rates, difference, ratio, p- and q-values per category, and how the relabellings were made.

    Raises
    ------
    StatisticsError
        When the counts are not non-negative and finite or a document has 0 tokens [F605], the inputs do
        not match [F606], a group has no documents [F607], or a group has no tokens [F608].
    ArgumentError
        When ``statistic`` is not ``"pooled"`` or ``"mean"``, ``n_perm`` is not a positive integer, ``rng``
        is neither an ``int`` nor a generator, or category names repeat [F601].
    """
    if statistic not in ("pooled", "mean"):
        raise ArgumentError("F601", name="statistic", expected="'pooled' or 'mean'", value=statistic)
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
    names = axis_names(categories, na.shape[1], "category")
    gen, seed, state = generator(rng)
    num, den = np.vstack([na, nb]), np.concatenate([da, db])
    n_a, n = na.shape[0], na.shape[0] + nb.shape[0]

    observed_mask = np.zeros((1, n), dtype=bool)
    observed_mask[0, :n_a] = True
    ra, rb = _rates_of(observed_mask, num, den, per)
    stat = _group_statistic(statistic, num, den, per)
    sa, sb = stat(observed_mask)
    threshold = np.abs((sa - sb)[0]) * (1.0 - _TIE_RTOL)

    total = math.comb(n, n_a)
    exact = total <= n_perm
    if exact:
        p = _count_extreme(_all_relabellings(n, n_a), stat, threshold) / total
    else:
        p = (_count_extreme(_random_relabellings(gen, n, n_a, n_perm), stat, threshold) + 1.0) / (n_perm + 1.0)
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
        n_a=n_a,
        n_b=n - n_a,
        n_perm=total if exact else n_perm,
        exact=exact,
        per=per,
        seed=seed,
        rng_state=state,
    )


def _group_statistic(
    statistic: str, num: np.ndarray, den: np.ndarray, per: int
) -> Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The per-group values whose difference is tested, as a function of the relabellings' masks."""
    doc_rates = per * num / den[:, None]

    def stat(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return _rates_of(mask, num, den, per) if statistic == "pooled" else _means_of(mask, doc_rates)

    return stat


def _all_relabellings(n: int, n_a: int) -> Iterator[np.ndarray]:
    """Every choice of ``n_a`` of the ``n`` documents as group a, as boolean masks in chunks of rows."""
    combos = itertools.combinations(range(n), n_a)
    chunk = max(1, CHUNK_ELEMENTS // n)
    while batch := list(itertools.islice(combos, chunk)):
        mask = np.zeros((len(batch), n), dtype=bool)
        mask[np.repeat(np.arange(len(batch)), n_a), np.array(batch).ravel()] = True
        yield mask


def _random_relabellings(gen: np.random.Generator, n: int, n_a: int, n_perm: int) -> Iterator[np.ndarray]:
    """``n_perm`` random relabellings (uniform permutations of the labels), as boolean masks in chunks of rows."""
    chunk = max(1, CHUNK_ELEMENTS // n)
    done = 0
    while done < n_perm:
        size = min(chunk, n_perm - done)
        ranks = gen.permuted(np.broadcast_to(np.arange(n), (size, n)), axis=1)
        yield ranks < n_a
        done += size


def _count_extreme(
    masks: Iterable[np.ndarray], stat: Callable[[np.ndarray], tuple[np.ndarray, np.ndarray]], threshold: np.ndarray
) -> np.ndarray:
    """Per category, how many relabellings give ``|T*| >= threshold``."""
    extreme = np.zeros(threshold.shape[0])
    for mask in masks:
        pa, pb = stat(mask)
        extreme += (np.abs(pa - pb) >= threshold).sum(axis=0)
    return extreme
