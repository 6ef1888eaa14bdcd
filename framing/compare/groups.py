"""Frame profiles and comparisons of groups, on (group, document) units.

:func:`profiles` gives each group's rates with cluster-bootstrap CIs over documents; :func:`compare_groups`
compares groups one-vs-rest or in all pairs: differences with CIs, permutation p-values,
Benjamini–Hochberg across the whole table, Jensen–Shannon distances. The formulas are in
:mod:`framing.stats`.
"""

from __future__ import annotations

import math
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
    RateIntervals,
    benjamini_hochberg,
    bootstrap_jensen_shannon,
    permutation_test_jensen_shannon,
    permutation_test_rate_difference,
    rate_contrast_intervals,
    rate_intervals,
)
from .units import UnitTable

__all__ = [
    "COMPARISON_COLUMNS",
    "DISTANCE_COLUMNS",
    "PROFILE_COLUMNS",
    "Comparisons",
    "Profiles",
    "compare_groups",
    "profiles",
]

PROFILE_COLUMNS = [
    "group", "category", "count", "negated", "documents", "passages", "tokens", "rate_per_1000",
    "share_of_passages", "ci_lower", "ci_upper", "note",
]  # fmt: skip

#: Below this many documents a group gets no interval (its rows say so in ``note``).
MIN_DOCUMENTS = 2


@dataclass(frozen=True)
class Profiles:
    """Frame profiles per group with intervals that hold their level for few documents.

    ``table``: one row per group × category with ``count``, ``negated``, ``documents`` (units with
    tokens), ``passages``, ``tokens``, ``rate_per_1000`` (pooled: all the group's matches per 1,000 of its
    tokens), ``share_of_passages`` (passages with at least one match), ``ci_lower``/``ci_upper`` and a
    ``note``: why there is no interval (fewer than ``min_documents`` documents) or that a zero count has
    the exact Poisson upper bound. The interval is :func:`framing.stats.rate_intervals`: documents are the
    independent units (Cameron & Miller 2015 on cluster-robust inference), and its coverage at 5–100
    documents is measured by ``make validate-stats`` (README, "Statistics").

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
    min_documents : int
        Groups with fewer documents get no interval.
    unit : str
        The independent unit of the intervals.
    method : str
        The estimator and interval, in words.
    """

    table: pd.DataFrame
    level: str | None
    by: str | None
    credit: str
    confidence: float
    min_documents: int = MIN_DOCUMENTS
    unit: str = "document"
    method: str = RateIntervals.method

    def to_frame(self) -> pd.DataFrame:
        """Tidy: one row per group × category × statistic."""
        stats = [c for c in PROFILE_COLUMNS if c not in ("group", "category", "note")]
        long = self.table.melt(id_vars=["group", "category"], value_vars=stats, var_name="statistic")
        return long.sort_values(["group", "category", "statistic"], kind="mergesort", ignore_index=True)

    def summary(self) -> str:
        head = (
            f"Frame profiles by {self.level or 'actor'}{' and ' + self.by if self.by else ''} "
            f"({self.method}; {self.confidence:.0%} CI, at least {self.min_documents} documents, "
            f"credit per {self.credit})"
        )
        wide = self.table.pivot(index="group", columns="category", values="rate_per_1000").round(2)
        return head + "\n" + wide.to_string()

    def __repr__(self) -> str:
        return (
            f"Profiles({self.table['group'].nunique()} groups × {self.table['category'].nunique()} categories, "
            f"unit={self.unit}, {self.confidence:.0%} CI, min_documents={self.min_documents})"
        )


def _ignored_resampling(n_boot: int | None, rng: int | None) -> None:
    """The keywords ``n_boot`` and ``rng`` of :func:`profiles` belong to the bootstrap it no longer uses."""
    if n_boot is not None or rng is not None:
        warnings.warn(
            "profiles(n_boot=, rng=) are ignored: the intervals are analytic now (framing.stats.rate_intervals); "
            "the keywords will be removed",
            FutureWarning,
            stacklevel=3,
        )


def profiles(
    units: UnitTable,
    *,
    confidence: float = 0.95,
    min_documents: int = MIN_DOCUMENTS,
    level: str | None = None,
    by: str | None = None,
    credit: str = "passage",
    n_boot: int | None = None,
    rng: int | None = None,
) -> Profiles:
    """Profiles of every group in ``units`` (see :func:`unit_table`), with intervals over documents.

    Each group's pooled rate gets :func:`framing.stats.rate_intervals` (a cluster-robust t interval on the
    log rate united with the exact Poisson interval): a category the group never used gets ``[0, u]`` with
    the exact upper bound, never ``[0, 0]``. A group with fewer than ``min_documents`` documents gets no
    interval (NaN, with a ``note`` and a warning [W402]).

    Parameters
    ----------
    units : UnitTable
        The (group, document) units; units without tokens are left out.
    confidence : float, default 0.95
        Confidence level of the intervals.
    min_documents : int, default 2
        Groups with fewer documents get no interval (at least 2: one document shows no variation).
    level, by : str, optional
        How ``units`` were grouped (see :func:`unit_table`); recorded in the result, not used.
    credit : str, default "passage"
        How matches were credited; recorded in the result, not used.
    n_boot, rng : int, optional
        Deprecated and ignored (the intervals were a bootstrap before): a :class:`FutureWarning`.

    Returns
    -------
    Profiles
        One row per group × category: groups sorted, categories in the order of ``units.categories``.

    Raises
    ------
    ArgumentError
        For a ``confidence`` not between 0 and 1 or a ``min_documents`` below 2 [F601].
    """
    _ignored_resampling(n_boot, rng)
    if not (isinstance(min_documents, int) and min_documents >= 2):
        raise ArgumentError("F601", name="min_documents", expected="an integer >= 2", value=min_documents)
    rows = []
    thin: list[str] = []
    for group in sorted(set(units.groups)):
        mask = units.rows(group) & (units.tokens > 0)
        num, den = units.counts[mask], units.tokens[mask]
        n_docs = int(mask.sum())
        notes = [""] * len(units.categories)
        if n_docs >= min_documents:
            found = rate_intervals(num, den, confidence=confidence, categories=units.categories)
            lower, upper = found.lower, found.upper
            notes = ["no match: exact Poisson upper bound" if z else "" for z in found.zero]
        else:
            lower = upper = np.full(len(units.categories), np.nan)
            notes = [f"{n_docs} document(s), fewer than {min_documents}: no interval"] * len(units.categories)
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
                    notes[ci],
                )
            )
    if thin:
        warnings.warn(CompareWarning("W402", n=len(thin), groups=", ".join(thin), minimum=min_documents), stacklevel=2)
    cols = PROFILE_COLUMNS
    return Profiles(pd.DataFrame(rows, columns=cols), level, by, credit, confidence, min_documents)


# ------------------------------------------------------------------------------------------- comparisons
#: The columns of :attr:`Comparisons.table` before ``q_value`` and ``note``.
COMPARISON_COLUMNS = [
    "group", "other", "category", "documents_group", "documents_other", "documents_shared", "rate_group",
    "rate_other", "difference", "diff_lower", "diff_upper", "ratio", "ratio_lower", "ratio_upper", "p_value",
    "p_mc_se", "n_perm",
]  # fmt: skip
#: The columns of :attr:`Comparisons.distances`.
DISTANCE_COLUMNS = ["group", "other", "js_distance", "js_lower", "js_upper", "js_null_median", "js_p_value"]
#: A p-value is refined until this many relabellings are as extreme as observed (or the cap is reached).
MIN_EXTREME = 30
#: The false discovery rate the number of permutations is planned for.
FDR = 0.05


@dataclass(frozen=True)
class Comparisons:
    """Differences between groups' rates: effect sizes with intervals, permutation p-values, FDR control.

    ``table``: one row per comparison × category: ``group``, ``other`` (a group, or ``rest``), their
    documents (``documents_shared``: documents both speak in), ``rate_group``, ``rate_other``,
    ``difference`` (pooled rates per 1,000 tokens) with ``diff_lower``/``diff_upper``, ``ratio`` with
    ``ratio_lower``/``ratio_upper`` (MOVER intervals from each side's :func:`framing.stats.rate_intervals`,
    with the correlation of shared documents), ``p_value`` of the **same** estimand (the difference's
    interval inverted, or with ``test="permutation"`` a studentized permutation test: document labels
    permuted, shared documents' units swapped), ``p_mc_se`` (its Monte Carlo standard error, 0 for the
    inverted interval) and ``n_perm`` (relabellings made for it, 0 for the inverted interval), ``q_value``
    (Benjamini–Hochberg over **all** categories × comparisons in the table) and ``note``.
    ``distances``: Jensen–Shannon distance between whole profiles per comparison, with a bootstrap interval
    and a permutation null (``js_null_median``: the distance of relabelled documents; ``js_p_value``).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per comparison × category, columns :data:`COMPARISON_COLUMNS`, ``q_value`` and ``note``.
    distances : pandas.DataFrame
        One row per comparison, columns :data:`DISTANCE_COLUMNS`.
    compare : str
        ``"one-vs-rest"`` or ``"pairs"`` (the run option ``compare``; ``mode`` is its deprecated alias).
    n_perm : int
        Permutations per comparison and category (at least; see ``max_perm``).
    n_boot : int
        Bootstrap resamples of each distance's interval.
    confidence : float
        The confidence level of the intervals.
    seed : int
        The base seed; comparison ``k`` resamples with ``seed + k``.
    test : str
        Where the p-values come from: ``"interval"`` (the difference's interval inverted) or
        ``"permutation"``.
    max_perm : int
        The most permutations a small p-value was refined with.
    min_documents : int
        Comparisons with a side of fewer documents get no interval.
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
    test: str = "interval"
    max_perm: int = 0
    min_documents: int = MIN_DOCUMENTS
    unit: str = "document (a group's speech in one document; the rest's speech in a document is one unit)"
    correction: str = "Benjamini-Hochberg over all categories x comparisons"
    method: str = (
        "MOVER intervals of the difference and the ratio of pooled rates (documents' correlation where shared); "
        "p-values of the same estimand (see test)"
    )

    @property
    def mode(self) -> str:
        """Deprecated name of :attr:`compare` (a :class:`FutureWarning`)."""
        warnings.warn("Comparisons.mode is now Comparisons.compare; mode will be removed", FutureWarning, stacklevel=2)
        return self.compare

    def to_frame(self) -> pd.DataFrame:
        stats = [
            "rate_group", "rate_other", "difference", "diff_lower", "diff_upper", "ratio", "ratio_lower",
            "ratio_upper", "p_value", "p_mc_se", "q_value",
        ]  # fmt: skip
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
            f"unit: {self.unit}; "
            + (
                "p: the difference's interval inverted"
                if self.test == "interval"
                else f"p: permutation test, {self.n_perm} to {self.max_perm} permutations, seed {self.seed}"
            )
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


@dataclass(frozen=True)
class _Side:
    """One side of a comparison: one row per document (the rest's units in a document summed)."""

    counts: np.ndarray
    tokens: np.ndarray
    documents: tuple[str, ...]


def _side(units: UnitTable, mask: np.ndarray) -> _Side:
    """The units in ``mask`` summed per document, documents in sorted order."""
    docs = np.array(units.documents, dtype=object)[mask]
    names, inverse = np.unique(docs.astype(str), return_inverse=True)
    counts = np.zeros((len(names), len(units.categories)))
    tokens = np.zeros(len(names))
    np.add.at(counts, inverse, units.counts[mask])
    np.add.at(tokens, inverse, units.tokens[mask])
    return _Side(counts, tokens, tuple(names.tolist()))


@dataclass(frozen=True)
class _Settings:
    test: str
    n_perm: int
    max_perm: int
    n_boot: int
    confidence: float
    min_documents: int
    categories: tuple[str, ...]


def _distance(a: _Side, b: _Side, seed: int, settings: _Settings) -> tuple[float, ...]:
    """Jensen–Shannon distance with a bootstrap interval (both sides with ``min_documents``) and a
    permutation null, or NaN where a side has no match at all: a profile of nothing has no shape."""
    if a.counts.sum() == 0 or b.counts.sum() == 0:
        return (np.nan,) * 5
    test = permutation_test_jensen_shannon(
        a.counts, b.counts, documents_a=a.documents, documents_b=b.documents, n_perm=settings.n_perm, rng=seed
    )
    lower = upper = np.nan
    if settings.n_boot and min(len(a.documents), len(b.documents)) >= settings.min_documents:
        js = bootstrap_jensen_shannon(
            a.counts, b.counts, n_boot=settings.n_boot, confidence=settings.confidence, rng=seed,
            categories=settings.categories,
        )  # fmt: skip
        lower, upper = js.lower, js.upper
    return test.estimate, lower, upper, test.null_median, test.p_value


def _compare_pair(task: tuple[int, _Side, _Side], *, settings: _Settings) -> tuple[dict[str, Any], tuple[float, ...]]:
    """One comparison of :func:`compare_groups` (``task``: seed and both sides): the intervals of the
    difference and the ratio, the p-value (the difference's interval inverted, or a permutation test), and
    the distance, as columns. Separate so that comparisons can run in parallel with the same results."""
    seed, a, b = task
    k = len(settings.categories)
    columns: dict[str, Any] = {"category": list(settings.categories)}
    enough = min(len(a.documents), len(b.documents)) >= settings.min_documents
    if enough:
        ci = rate_contrast_intervals(
            a.counts, a.tokens, b.counts, b.tokens, documents_a=a.documents, documents_b=b.documents,
            confidence=settings.confidence,
            categories=settings.categories,
        )  # fmt: skip
        columns.update(
            diff_lower=ci.difference_lower, diff_upper=ci.difference_upper,
            ratio_lower=ci.ratio_lower, ratio_upper=ci.ratio_upper, p_value=ci.p_value,
            p_mc_se=np.zeros(k), n_perm=np.zeros(k, dtype=np.int64), note=[""] * k,
        )  # fmt: skip
    if settings.test == "permutation" or not enough:
        test = permutation_test_rate_difference(
            a.counts, a.tokens, b.counts, b.tokens, documents_a=a.documents, documents_b=b.documents,
            n_perm=settings.n_perm, rng=seed,
            categories=settings.categories, min_extreme=MIN_EXTREME, max_perm=settings.max_perm,
        )  # fmt: skip
        columns.update(p_value=test.p_value, p_mc_se=test.p_mc_se, n_perm=test.permutations.astype(np.int64))
    if not enough:
        nan = np.full(k, np.nan)
        columns.update(diff_lower=nan, diff_upper=nan, ratio_lower=nan, ratio_upper=nan)
        columns["note"] = [
            f"a side has fewer than {settings.min_documents} documents: no interval, p by permutation"
        ] * k
    tokens_a, tokens_b = a.tokens.sum(), b.tokens.sum()
    columns.update(
        documents_group=len(a.documents), documents_other=len(b.documents),
        documents_shared=len(set(a.documents) & set(b.documents)),
        rate_group=PER * a.counts.sum(0) / tokens_a, rate_other=PER * b.counts.sum(0) / tokens_b,
    )  # fmt: skip
    columns["difference"] = columns["rate_group"] - columns["rate_other"]
    with np.errstate(divide="ignore", invalid="ignore"):
        columns["ratio"] = columns["rate_group"] / columns["rate_other"]
    return columns, _distance(a, b, seed, settings)


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


def _comparison_tables(pairs: Sequence[_Pair], results: Iterable[Any]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The table of :class:`Comparisons` (with q-values over all of it) and its distances, from the results
    of :func:`_compare_pair` for ``pairs``, in order."""
    frames, dist = [], []
    for (a, b, _, _), (columns, js) in zip(pairs, results, strict=True):
        frames.append(pd.DataFrame({"group": a, "other": b, **columns}))
        dist.append((a, b, *js))
    table = pd.concat(frames, ignore_index=True)
    table.insert(2, "category", table.pop("category"))
    table = table[[*COMPARISON_COLUMNS, "note"]]
    table.insert(len(COMPARISON_COLUMNS), "q_value", benjamini_hochberg(table["p_value"].to_numpy()))
    return table, pd.DataFrame(dist, columns=DISTANCE_COLUMNS)


def compare_groups(
    units: UnitTable,
    *,
    groups: Sequence[str] | None = None,
    compare: str = "one-vs-rest",
    n_perm: int = 2000,
    n_boot: int = 2000,
    confidence: float = 0.95,
    rng: int = 0,
    min_documents: int = MIN_DOCUMENTS,
    test: str = "interval",
    max_perm: int | None = None,
    parallel_map: Callable[..., Iterable[Any]] = map,
    mode: str | None = None,
) -> Comparisons:
    """Compare groups' rates category by category: ``compare="one-vs-rest"`` or ``"pairs"`` (all pairs).

    Each comparison gives the MOVER intervals of the difference and the ratio of pooled rates
    (:func:`framing.stats.rate_contrast_intervals`, with the correlation of the documents both sides speak
    in; both sides with ``min_documents`` documents), a p-value for "no difference" of the **same** estimand,
    and the Jensen–Shannon distance of the two profiles with a bootstrap interval and a permutation null;
    the p-values of the whole table are then corrected together (Benjamini–Hochberg). In one-vs-rest, the
    rest's units in one document are summed into one unit: the document, not the speaker, is independent.

    ``test="interval"`` (default): the p-value is the difference's interval inverted (the smallest
    ``1 − confidence`` at which it excludes 0), so a p-value and its interval never disagree, and there is
    no Monte Carlo error: the significant set does not depend on the seed. ``test="permutation"``: a
    studentized permutation test of the difference of pooled rates (documents both sides speak in swap
    their units), with Monte Carlo honesty: every p-value has ``n_perm`` relabellings at least; those with
    fewer than 30 as extreme as observed get more, up to ``max_perm`` (default ``10 · tests / 0.05``, so that
    the smallest reachable p-value is a tenth of the Benjamini–Hochberg threshold of the whole table); the
    table reports each p's Monte Carlo standard error and relabellings. Comparisons with a side of fewer
    than ``min_documents`` documents always use the permutation test. The type-I error and coverage of
    both are measured by ``make validate-stats`` (README, "Statistics").

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
        Permutations per comparison and category, at least (the permutation test, the distances' null).
    n_boot : int, default 2000
        Bootstrap resamples of each Jensen–Shannon distance's interval (0: none).
    confidence : float, default 0.95
        Confidence level of the intervals.
    rng : int, default 0
        Base seed: comparison ``k`` (in the order of ``groups``) resamples with seed ``rng + k``, so the
        comparisons are independent.
    min_documents : int, default 2
        A comparison with a side of fewer documents gets no interval (a ``note`` says so).
    test : {"interval", "permutation"}, default "interval"
        Where the p-values come from (above).
    max_perm : int, optional
        The most permutations a small p-value is refined with (default above).
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
        [F601] for an unknown ``compare`` or a ``min_documents`` below 2; [F604] for a group not in ``units``;
        [F603] for a group listed twice (a comparison of a group with itself).
    StatisticsError
        [F607] for a comparison with no documents (with tokens) on one side.
    """
    compare = renamed_keyword("compare", compare, "mode", mode, "compare_groups")
    if test not in ("interval", "permutation"):
        raise ArgumentError("F601", name="test", expected="'interval' or 'permutation'", value=test)
    if not (isinstance(min_documents, int) and min_documents >= 2):
        raise ArgumentError("F601", name="min_documents", expected="an integer >= 2", value=min_documents)
    chosen = _chosen_groups(units, groups, compare)
    pairs = _comparison_pairs(units, chosen, compare)
    tests = len(pairs) * len(units.categories)
    planned = max(n_perm, math.ceil(10 * tests / FDR)) if max_perm is None else max(n_perm, max_perm)
    settings = _Settings(test, n_perm, planned, n_boot, confidence, min_documents, units.categories)
    tasks = ((rng + k, _side(units, ma), _side(units, mb)) for k, (_, _, ma, mb) in enumerate(pairs))
    table, distances = _comparison_tables(pairs, parallel_map(partial(_compare_pair, settings=settings), tasks))
    return Comparisons(table, distances, compare, n_perm, n_boot, confidence, rng, test, planned, min_documents)
