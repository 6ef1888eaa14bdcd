"""Frame profiles and comparisons of groups, on (group, document) units.

:func:`profiles` gives each group's rates with cluster-bootstrap CIs over documents; :func:`compare_groups`
compares groups one-vs-rest or in all pairs: differences with CIs, permutation p-values,
Benjamini–Hochberg across the whole table, Jensen–Shannon distances. The formulas are in
:mod:`framing.stats`.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ArgumentError, CompareWarning, StatisticsError, renamed_keyword
from ..stats import (
    PER,
    benjamini_hochberg,
    bootstrap_jensen_shannon,
    bootstrap_rate_contrast,
    cluster_bootstrap_rates,
    jensen_shannon_distance,
    permutation_test_rate_difference,
)
from .units import UnitTable

__all__ = ["COMPARISON_COLUMNS", "PROFILE_COLUMNS", "Comparisons", "Profiles", "compare_groups", "profiles"]

PROFILE_COLUMNS = [
    "group", "category", "count", "negated", "documents", "passages", "tokens", "rate_per_1000",
    "share_of_passages", "ci_lower", "ci_upper", "note",
]  # fmt: skip


@dataclass(frozen=True)
class Profiles:
    """Frame profiles per group with cluster-bootstrap confidence intervals (documents resampled).

    ``table``: one row per group × category with ``count``, ``negated``, ``documents`` (units with
    tokens), ``passages``, ``tokens``, ``rate_per_1000`` (pooled: all the group's matches per 1,000 of its
    tokens), ``share_of_passages`` (passages with at least one match), ``ci_lower``/``ci_upper`` and a
    ``note`` where no interval could be computed. Sampling model: documents are independent draws;
    passages within a document are not (Cameron & Miller 2015 on cluster-robust inference).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per group × category, columns :data:`PROFILE_COLUMNS` (described above).
    level : str or None
        The level the speakers were rolled up to (see :func:`framing.compare.unit_table`), for the record.
    by : str or None
        The metadata field added to the groups, for the record.
    credit : str
        How matches were credited (``"passage"`` or ``"span"``), for the record.
    confidence : float
        The confidence level of the intervals.
    n_boot : int
        Bootstrap resamples per group.
    seed : int or None
        The base seed; group ``k`` (in sorted order) resamples with ``seed + k``.
    unit : str
        What the bootstrap resamples.
    method : str
        The estimator and interval, in words.
    """

    table: pd.DataFrame
    level: str | None
    by: str | None
    credit: str
    confidence: float
    n_boot: int
    seed: int | None
    unit: str = "document"
    method: str = "pooled rate per 1,000 tokens; cluster bootstrap over documents, percentile interval"

    def to_frame(self) -> pd.DataFrame:
        """Tidy: one row per group × category × statistic."""
        stats = [c for c in PROFILE_COLUMNS if c not in ("group", "category", "note")]
        long = self.table.melt(id_vars=["group", "category"], value_vars=stats, var_name="statistic")
        return long.sort_values(["group", "category", "statistic"], kind="mergesort", ignore_index=True)

    def summary(self) -> str:
        head = (
            f"Frame profiles by {self.level or 'actor'}{' and ' + self.by if self.by else ''} "
            f"({self.method}; {self.confidence:.0%} CI, {self.n_boot} resamples, seed {self.seed}, "
            f"credit per {self.credit})"
        )
        wide = self.table.pivot(index="group", columns="category", values="rate_per_1000").round(2)
        return head + "\n" + wide.to_string()

    def __repr__(self) -> str:
        return (
            f"Profiles({self.table['group'].nunique()} groups × {self.table['category'].nunique()} categories, "
            f"unit={self.unit}, {self.confidence:.0%} CI, n_boot={self.n_boot}, seed={self.seed})"
        )


def profiles(
    units: UnitTable,
    *,
    n_boot: int = 2000,
    confidence: float = 0.95,
    rng: int = 0,
    level: str | None = None,
    by: str | None = None,
    credit: str = "passage",
) -> Profiles:
    """Profiles of every group in ``units`` (see :func:`unit_table`), with bootstrap CIs over documents.

    A group with fewer than two documents gets no interval (NaN, with a ``note`` and a warning [W402]): one
    document cannot show how much its rate would vary across documents.

    Parameters
    ----------
    units : UnitTable
        The (group, document) units; units without tokens are left out.
    n_boot : int, default 2000
        Bootstrap resamples per group.
    confidence : float, default 0.95
        Confidence level of the percentile intervals.
    rng : int, default 0
        Base seed: group ``k`` (in sorted order) resamples with seed ``rng + k``.
    level, by : str, optional
        How ``units`` were grouped (see :func:`unit_table`); recorded in the result, not used.
    credit : str, default "passage"
        How matches were credited; recorded in the result, not used.

    Returns
    -------
    Profiles
        One row per group × category: groups sorted, categories in the order of ``units.categories``.

    Raises
    ------
    ArgumentError
        From :func:`framing.stats.cluster_bootstrap_rates`, for an invalid ``n_boot`` or ``confidence``.
    """
    rows = []
    thin: list[str] = []
    for gi, group in enumerate(sorted(set(units.groups))):
        mask = units.rows(group) & (units.tokens > 0)
        num, den = units.counts[mask], units.tokens[mask]
        n_docs = int(mask.sum())
        if n_docs >= 2:
            boot = cluster_bootstrap_rates(
                num, den, n_boot=n_boot, confidence=confidence, rng=rng + gi, categories=units.categories
            )
            lower, upper, note = boot.lower, boot.upper, ""
        else:
            lower = upper = np.full(len(units.categories), np.nan)
            note = f"{n_docs} document: no interval"
            thin.append(group)
        total_tokens = den.sum()
        n_passages = units.passages[mask].sum()
        for ci, cat in enumerate(units.categories):
            count = num[:, ci].sum()
            rows.append(
                (
                    group,
                    cat,
                    int(count),
                    int(units.negated[mask, ci].sum()),
                    n_docs,
                    int(n_passages),
                    int(total_tokens),
                    PER * count / total_tokens if total_tokens else np.nan,
                    units.present[mask, ci].sum() / n_passages if n_passages else np.nan,
                    lower[ci],
                    upper[ci],
                    note,
                )
            )
    if thin:
        warnings.warn(CompareWarning("W402", n=len(thin), groups=", ".join(thin)), stacklevel=2)
    cols = PROFILE_COLUMNS
    return Profiles(pd.DataFrame(rows, columns=cols), level, by, credit, confidence, n_boot, rng)


# ------------------------------------------------------------------------------------------- comparisons
#: The columns of :attr:`Comparisons.table` before ``q_value``.
COMPARISON_COLUMNS = [
    "group", "other", "category", "rate_group", "rate_other", "difference", "diff_lower", "diff_upper", "ratio",
    "p_value",
]  # fmt: skip


@dataclass(frozen=True)
class Comparisons:
    """Differences between groups' rates: effect sizes with CIs, permutation p-values, FDR control.

    ``table``: one row per comparison × category: ``group``, ``other`` (a group, or ``rest``),
    ``rate_group``, ``rate_other``, ``difference`` (pooled rates per 1,000 tokens) with
    ``diff_lower``/``diff_upper`` (stratified cluster bootstrap), ``ratio``, ``p_value`` (permutation of the
    document units' group labels, statistic: difference of mean per-document rates, so that speech length
    does not make a single match "significant") and ``q_value`` (Benjamini–Hochberg over **all**
    categories × comparisons in the table).
    ``distances``: Jensen–Shannon distance between whole profiles per comparison, with a bootstrap CI.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per comparison × category, columns :data:`COMPARISON_COLUMNS` and ``q_value`` (described
        above).
    distances : pandas.DataFrame
        One row per comparison: ``group``, ``other``, ``js_distance``, ``js_lower``, ``js_upper``.
    compare : str
        ``"one-vs-rest"`` or ``"pairs"`` (the run option ``compare``; ``mode`` is its deprecated alias).
    n_perm : int
        Permutations per comparison.
    n_boot : int
        Bootstrap resamples per comparison.
    confidence : float
        The confidence level of the intervals.
    seed : int
        The base seed; comparison ``k`` resamples with ``seed + k``.
    unit : str
        What the tests resample, in words.
    correction : str
        The multiple-testing correction, in words.
    method : str
        The test and interval, in words.
    """

    table: pd.DataFrame
    distances: pd.DataFrame
    compare: str
    n_perm: int
    n_boot: int
    confidence: float
    seed: int
    unit: str = "document (a group's speech in one document)"
    correction: str = "Benjamini-Hochberg over all categories x comparisons"
    method: str = "permutation test of mean per-document rates; stratified cluster bootstrap for intervals"

    @property
    def mode(self) -> str:
        """Deprecated name of :attr:`compare` (a :class:`FutureWarning`)."""
        warnings.warn("Comparisons.mode is now Comparisons.compare; mode will be removed", FutureWarning, stacklevel=2)
        return self.compare

    def to_frame(self) -> pd.DataFrame:
        stats = ["rate_group", "rate_other", "difference", "diff_lower", "diff_upper", "ratio", "p_value", "q_value"]
        long = self.table.melt(id_vars=["group", "other", "category"], value_vars=stats, var_name="statistic")
        return long.sort_values(["group", "other", "category", "statistic"], kind="mergesort", ignore_index=True)

    def significant(self, alpha: float = 0.05) -> pd.DataFrame:
        """Rows with ``q_value`` below ``alpha`` (the FDR level), largest absolute difference first."""
        sig = self.table[self.table["q_value"] < alpha]
        return sig.reindex(sig["difference"].abs().sort_values(ascending=False, kind="mergesort").index)

    def summary(self, alpha: float = 0.05) -> str:
        sig = self.significant(alpha)
        lines = [
            f"{len(self.table)} tests ({self.compare}); {len(sig)} with q < {alpha} ({self.correction}); "
            f"unit: {self.unit}; {self.n_perm} permutations, {self.n_boot} resamples, seed {self.seed}"
        ]
        for r in sig.head(15).itertuples(index=False):
            lines.append(
                f"  {r.group} vs {r.other} · {r.category}: {r.rate_group:.2f} vs {r.rate_other:.2f} per "
                f"1,000 (diff {r.difference:+.2f} [{r.diff_lower:+.2f}, {r.diff_upper:+.2f}]), "
                f"q = {r.q_value:.3g}"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"Comparisons({len(self.distances)} comparisons, {len(self.table)} tests, compare={self.compare!r})"


def _distance(
    counts_a: np.ndarray, counts_b: np.ndarray, n_boot: int, confidence: float, rng: int, categories: Sequence[str]
) -> tuple[float, float, float]:
    """Jensen–Shannon distance with a bootstrap interval (``n_boot`` > 0 and two documents a side), or NaN
    where a side has no match at all: a profile of nothing has no shape to compare."""
    if counts_a.sum() == 0 or counts_b.sum() == 0:
        return np.nan, np.nan, np.nan
    if n_boot and len(counts_a) >= 2 and len(counts_b) >= 2:
        js = bootstrap_jensen_shannon(
            counts_a, counts_b, n_boot=n_boot, confidence=confidence, rng=rng, categories=categories
        )
        return js.estimate, js.lower, js.upper
    return jensen_shannon_distance(counts_a.sum(0), counts_b.sum(0)), np.nan, np.nan


def _compare_pair(
    task: tuple[int, np.ndarray, np.ndarray, np.ndarray, np.ndarray],
    *,
    n_perm: int,
    n_boot: int,
    confidence: float,
    categories: tuple[str, ...],
) -> tuple[tuple[np.ndarray, ...], np.ndarray, np.ndarray, tuple[float, float, float]]:
    """One comparison of :func:`compare_groups` (``task``: seed, then counts and tokens of both sides): the
    permutation test's rates, difference, ratio and p-values, the bootstrap interval of the difference, and
    the Jensen–Shannon distance. Separate so that comparisons can run in parallel with the same results."""
    seed, counts_a, tokens_a, counts_b, tokens_b = task
    args = (counts_a, tokens_a, counts_b, tokens_b)
    test = permutation_test_rate_difference(*args, n_perm=n_perm, rng=seed, categories=categories, statistic="mean")
    if len(counts_a) >= 2 and len(counts_b) >= 2:
        contrast = bootstrap_rate_contrast(*args, n_boot=n_boot, confidence=confidence, rng=seed, categories=categories)
        lo, hi = contrast.difference_lower, contrast.difference_upper
        js = _distance(counts_a, counts_b, n_boot, confidence, seed, categories)
    else:
        lo = hi = np.full(len(categories), np.nan)
        js = _distance(counts_a, counts_b, 0, confidence, seed, categories)
    return (test.rate_a, test.rate_b, test.difference, test.ratio, test.p_value), lo, hi, js


#: One comparison of :func:`compare_groups`: its two sides' names and their units (masks of the unit table).
_Pair = tuple[str, str, np.ndarray, np.ndarray]


def _chosen_groups(units: UnitTable, groups: Sequence[str] | None, compare: str) -> list[str]:
    """The groups to compare (default: every group of ``units``, sorted), checked: a known ``compare``
    [F601], groups that speak [F604], none listed twice [F603]."""
    if compare not in ("one-vs-rest", "pairs"):
        raise ArgumentError("F601", name="compare", expected="'one-vs-rest' or 'pairs'", value=compare)
    present = sorted(set(units.groups))
    chosen = list(groups) if groups is not None else present
    missing = [g for g in chosen if g not in present]
    if missing:
        raise ArgumentError(
            "F604", what="group", missing=missing, where="these data (they speak no passage)", known=present
        )
    if len(set(chosen)) != len(chosen):
        raise ArgumentError(
            "F603",
            function="compare_groups",
            problem="a group is listed twice, and a group cannot be compared with itself",
            fix="list each group once",
        )
    return chosen


def _comparison_pairs(units: UnitTable, chosen: Sequence[str], compare: str) -> list[_Pair]:
    """The comparisons, in order, each with the units with tokens of either side: every pair of ``chosen``
    (``compare="pairs"``) or each of them against all other units (``"rest"``). Raises [F607] when a side has
    no such unit."""
    has_tokens = units.tokens > 0
    if compare == "pairs":
        pairs = [
            (a, b, units.rows(a) & has_tokens, units.rows(b) & has_tokens)
            for i, a in enumerate(chosen)
            for b in chosen[i + 1 :]
        ]
    else:
        pairs = [(a, "rest", units.rows(a) & has_tokens, ~units.rows(a) & has_tokens) for a in chosen]
    for a, b, ma, mb in pairs:
        if ma.sum() < 1 or mb.sum() < 1:
            raise StatisticsError(
                "F607",
                statistic=f"compare_groups ({a} vs {b})",
                needed="documents with tokens on both sides",
                found=f"{a if ma.sum() < 1 else b} has none",
                fix="leave that group out",
            )
    return pairs


def _comparison_tables(
    pairs: Sequence[_Pair], results: Iterable[Any], categories: Sequence[str]
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The table of :class:`Comparisons` (with q-values over all of it) and its distances, from the results
    of :func:`_compare_pair` for ``pairs``, in order."""
    rows, dist = [], []
    for (a, b, _, _), (test, lo, hi, js) in zip(pairs, results, strict=True):
        rate_a, rate_b, difference, ratio, p_value = test
        dist.append((a, b, *js))
        for ci, cat in enumerate(categories):
            rows.append((a, b, cat, rate_a[ci], rate_b[ci], difference[ci], lo[ci], hi[ci], ratio[ci], p_value[ci]))
    table = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)
    table["q_value"] = benjamini_hochberg(table["p_value"].to_numpy())
    distances = pd.DataFrame(dist, columns=["group", "other", "js_distance", "js_lower", "js_upper"])
    return table, distances


def compare_groups(
    units: UnitTable,
    *,
    groups: Sequence[str] | None = None,
    compare: str = "one-vs-rest",
    n_perm: int = 2000,
    n_boot: int = 2000,
    confidence: float = 0.95,
    rng: int = 0,
    parallel_map: Callable[..., Iterable[Any]] = map,
    mode: str | None = None,
) -> Comparisons:
    """Compare groups' rates category by category: ``compare="one-vs-rest"`` or ``"pairs"`` (all pairs).

    Each comparison runs a permutation test of the difference of mean per-document rates, a stratified
    cluster bootstrap of the difference of pooled rates (both sides with at least two documents) and the
    Jensen–Shannon distance of the two profiles; the p-values of the whole table are then corrected together
    (Benjamini–Hochberg).

    Parameters
    ----------
    units : UnitTable
        The (group, document) units (see :func:`unit_table`); units without tokens are left out.
    groups : sequence of str, optional
        The groups to compare, in order; default: every group of ``units``, sorted.
    compare : {"one-vs-rest", "pairs"}, default "one-vs-rest"
        Each group against all other units (``other`` is ``"rest"``), or every pair of ``groups`` (the
        run option of the same name, ``--compare``).
    n_perm : int, default 2000
        Permutations per comparison.
    n_boot : int, default 2000
        Bootstrap resamples per comparison.
    confidence : float, default 0.95
        Confidence level of the intervals.
    rng : int, default 0
        Base seed: comparison ``k`` (in the order of ``groups``) resamples with seed ``rng + k``, so the
        comparisons are independent.
    parallel_map : callable, default map
        A ``map`` (such as ``ProcessPoolExecutor.map``) that may run the comparisons in parallel, with the
        same results.
    mode : str, optional
        Deprecated name of ``compare`` (a :class:`FutureWarning`).

    Returns
    -------
    Comparisons
        One row per comparison × category, and one distance per comparison.

    Raises
    ------
    ArgumentError
        [F601] for an unknown ``compare``; [F604] for a group not in ``units``; [F603] for a group listed twice
        (a comparison of a group with itself).
    StatisticsError
        [F607] for a comparison with no documents (with tokens) on one side.
    """
    compare = renamed_keyword("compare", compare, "mode", mode, "compare_groups")
    chosen = _chosen_groups(units, groups, compare)
    pairs = _comparison_pairs(units, chosen, compare)
    tasks = (
        (rng + k, units.counts[ma], units.tokens[ma], units.counts[mb], units.tokens[mb])
        for k, (_, _, ma, mb) in enumerate(pairs)
    )
    one = partial(_compare_pair, n_perm=n_perm, n_boot=n_boot, confidence=confidence, categories=units.categories)
    table, distances = _comparison_tables(pairs, parallel_map(one, tasks), units.categories)
    return Comparisons(table, distances, compare, n_perm, n_boot, confidence, rng)
