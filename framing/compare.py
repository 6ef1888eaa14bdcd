"""Compare: where who speaks (attribution) meets what is said (matches).

:func:`actor_frames` credits every match to every speaker of its passage and aggregates an actor ×
category table. The unit of analysis is the passage: a passage with several speakers (``Biden, along with
Western European leaders and Ukraine, has characterized …``) counts fully for each of them, so rows of
different actors are not additive.

The statistics work on (group, document) units (:func:`unit_table`): :func:`profiles` (rates with
cluster-bootstrap CIs over documents), :func:`compare_groups` (one-vs-rest or all pairs: differences with
CIs, permutation p-values, Benjamini–Hochberg across the whole table, Jensen–Shannon distances),
:func:`category_keyness` / :func:`term_keyness` (weighted log-odds with an informative Dirichlet prior,
chi² and G²) and :func:`frame_adoption` (rates of each sponsor's frames). The formulas are in
:mod:`framing.stats`.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from dataclasses import field as _field
from fractions import Fraction
from functools import cached_property, partial
from typing import Any

import numpy as np
import pandas as pd

from .actors import ActorRegistry, Attribution
from .corpus import Document
from .errors import ArgumentError, CompareWarning, StatisticsError
from .features import term_vectorizer
from .lexicon import Lexicon
from .stats import (
    benjamini_hochberg,
    bootstrap_jensen_shannon,
    bootstrap_rate_contrast,
    chi2_keyness,
    cluster_bootstrap_rates,
    cohen_kappa,
    g2_keyness,
    jensen_shannon_distance,
    krippendorff_alpha,
    log_odds_dirichlet,
    permutation_test_rate_difference,
    precision_recall_f1,
)
from .tokens import count_tokens

__all__ = [
    "ACTOR_FRAME_COLUMNS",
    "Comparisons",
    "FrameCounts",
    "KeynessTable",
    "Profiles",
    "UnitTable",
    "Validation",
    "actor_at_level",
    "actor_frames",
    "agreement",
    "category_keyness",
    "compare_groups",
    "concat_units",
    "frame_adoption",
    "frame_counts",
    "frame_matrix",
    "keyness",
    "profiles",
    "term_counts",
    "term_keyness",
    "term_keyness_from_counts",
    "top_frames",
    "unit_table",
    "validate",
]

ACTOR_FRAME_COLUMNS = ["actor", "category", "count", "negated", "weighted", "passages", "tokens", "rate_per_1000"]


@dataclass
class FrameCounts:
    """The additive part of :func:`actor_frames`: what each actor speaks and what matched in it.

    Counts of disjoint sets of documents add up (``a + b``), so a corpus can be counted in batches and the
    batches merged in any grouping with the same result; :meth:`table` turns the sum into the actor ×
    category table. ``volume`` maps an actor to ``[passages, tokens]``; ``counts`` maps (actor, category) to
    ``[count, negated]``; ``weights`` counts (actor, category, weight) triples of non-negated matches, so the
    weighted sum is exact whatever the batching (a float sum would depend on the order of additions).
    """

    volume: dict[str, list[int]] = _field(default_factory=dict)
    counts: dict[tuple[str, str], list[int]] = _field(default_factory=dict)
    weights: Counter = _field(default_factory=Counter)

    def __iadd__(self, other: FrameCounts) -> FrameCounts:
        for actor, (n_passages, n_tokens) in other.volume.items():
            v = self.volume.setdefault(actor, [0, 0])
            v[0] += n_passages
            v[1] += n_tokens
        for key, (count, negated) in other.counts.items():
            c = self.counts.setdefault(key, [0, 0])
            c[0] += count
            c[1] += negated
        self.weights.update(other.weights)
        return self

    def table(self, categories: Sequence[str]) -> pd.DataFrame:
        """The actor × category table (see :func:`actor_frames`) for ``categories``; warns [W401] about
        categories that matched nowhere."""
        cats = sorted(categories)
        matched = {cat for _, cat in self.counts}
        unmatched = [cat for cat in cats if cat not in matched]
        if unmatched:
            warnings.warn(
                CompareWarning("W401", n=len(unmatched), total=len(cats), categories=", ".join(unmatched)),
                stacklevel=3,
            )
        weighted: dict[tuple[str, str], Fraction] = {}
        for (actor, cat, weight), n in self.weights.items():
            weighted[(actor, cat)] = weighted.get((actor, cat), Fraction(0)) + Fraction(weight) * n
        rows = []
        for actor in sorted(self.volume):
            n_passages, n_tokens = self.volume[actor]
            for cat in cats:
                count, negated = self.counts.get((actor, cat), (0, 0))
                rate = 1000.0 * count / n_tokens if n_tokens else float("nan")
                total = float(weighted.get((actor, cat), 0))
                rows.append((actor, cat, int(count), int(negated), total, n_passages, n_tokens, rate))
        return pd.DataFrame(rows, columns=ACTOR_FRAME_COLUMNS)


def frame_counts(attributions: Iterable[Attribution], matches: pd.DataFrame, *, credit: str = "passage") -> FrameCounts:
    """Count what each actor speaks and the matches credited to it (see :func:`actor_frames` for ``credit``).

    The result is additive over disjoint sets of documents: ``total += frame_counts(batch...)``."""
    if credit not in ("passage", "span"):
        raise ArgumentError("F601", name="credit", expected="'passage' or 'span'", value=credit)
    result = FrameCounts()
    by_passage: dict[tuple[str, int], Attribution] = {}
    volume = result.volume
    for a in attributions:
        by_passage[(a.doc_id, a.passage_id)] = a
        parts = (
            [(a.text[s - a.start : e - a.start], who) for s, e, who, _ in a.spans]
            if credit == "span" and a.spans
            else [(a.text, a.speakers)]
        )
        voiced: set[str] = set()
        for text, who in parts:
            n = count_tokens(text)
            for s in who:
                v = volume.setdefault(s, [0, 0])
                v[0] += s not in voiced
                v[1] += n
                voiced.add(s)
    counts, weights = result.counts, result.weights
    row: Any  # pandas-stubs types every field of a row as any scalar
    for row in matches.itertuples(index=False):
        attribution = by_passage.get((row.doc_id, row.passage_id))
        if attribution is None:
            continue
        for s in attribution.speakers_at(row.start) if credit == "span" else attribution.speakers:
            c = counts.setdefault((s, row.category), [0, 0])
            if row.negated:
                c[1] += 1
            else:
                c[0] += 1
                weights[(s, row.category, float(row.weight))] += 1
    return result


def actor_frames(
    attributions: Iterable[Attribution],
    matches: pd.DataFrame,
    *,
    categories: Sequence[str] | None = None,
    credit: str = "passage",
) -> pd.DataFrame:
    """Actor × category counts from attributions and a match table (see :func:`framing.lexicon.match_table`).

    Columns: ``actor``, ``category``, ``count`` (matches not negated), ``negated`` (negated matches, kept
    apart, never subtracted), ``weighted`` (sum of entry weights of the non-negated matches), ``passages``
    and ``tokens`` (how many passages and word tokens the actor speaks), and ``rate_per_1000`` (``count``
    per 1,000 of the actor's tokens). Every actor that speaks at least one passage gets a row for every
    category (``categories``, default: those in ``matches``), zero where nothing matched. Sorted by actor,
    then category.

    ``credit="passage"`` (default) credits a match to every speaker of its passage; ``credit="span"``
    credits it to the speaker of the part of the passage it lies in (:meth:`Attribution.speakers_at`), so in
    ``"…," Putin remarked, referring to … Russia's invasion`` the quotation is Putin's and the rest the
    reporter's; an actor's ``tokens`` are then the tokens of the parts it voices, and ``passages`` the
    passages where it voices a part.

    The counting is :func:`frame_counts` (additive over batches of documents) and :meth:`FrameCounts.table`.
    """
    counts = frame_counts(attributions, matches, credit=credit)
    cats = list(categories) if categories is not None else list(matches["category"].unique())
    return counts.table(cats)


def top_frames(table: pd.DataFrame, *, n: int = 3) -> pd.DataFrame:
    """Each actor's ``n`` most frequent categories (count > 0) from an :func:`actor_frames` table, with
    counts and rates: the basis of a plain-words description of who frames how. Sorted by actor, then by
    count (descending) and category."""
    used = table[table["count"] > 0]
    used = used.sort_values(["actor", "count", "category"], ascending=[True, False, True], kind="mergesort")
    return (
        used.groupby("actor", sort=True).head(n)[["actor", "category", "count", "rate_per_1000"]].reset_index(drop=True)
    )


def frame_matrix(table: pd.DataFrame, value: str = "count", *, top: int | None = None) -> pd.DataFrame:
    """The actor × category table in wide form (actors as rows, categories as columns), both sorted.

    ``top`` keeps the actors who speak the most tokens (ties by name), for displays of large corpora."""
    if top is not None:
        volume = table.groupby("actor")["tokens"].first()
        keep = sorted(volume.index, key=lambda a: (-volume[a], a))[:top]
        table = table[table["actor"].isin(keep)]
    wide = table.pivot(index="actor", columns="category", values=value)
    return wide.sort_index(axis=0).sort_index(axis=1)


# ------------------------------------------------------------------------------------ document-level data
@dataclass(frozen=True)
class UnitTable:
    """Per (group, document) unit: match counts per category, tokens and passages spoken.

    The building block of every statistic below: a *unit* is one group's (actor's, or actor × metadata
    value's) speech in one document, because passages of one document are not independent and the
    bootstrap and permutation tests resample documents, never passages.
    """

    groups: tuple[str, ...]  # group of each unit
    documents: tuple[str, ...]  # document of each unit
    counts: np.ndarray  # units × categories, non-negated matches
    negated: np.ndarray  # units × categories
    present: np.ndarray  # units × categories: passages with at least one match
    tokens: np.ndarray  # units
    passages: np.ndarray  # units
    categories: tuple[str, ...]

    def rows(self, group: str) -> np.ndarray:
        """Boolean mask of the units of ``group``."""
        return self._group_array == group

    @cached_property
    def _group_array(self) -> np.ndarray:
        return np.array(self.groups, dtype=object)


def concat_units(tables: Sequence[UnitTable], categories: Sequence[str]) -> UnitTable:
    """The units of several :class:`UnitTable` s, in order: the merge of tables of disjoint sets of documents
    (a unit is one group in one document, so units of different documents never need adding up)."""
    cats = tuple(categories)
    for t in tables:
        if t.categories != cats:
            raise StatisticsError(
                "F606",
                first="a unit table",
                second="the categories",
                detail=f"{t.categories} and {cats}",
                fix="unit tables of the same categories",
            )
    if not tables:
        empty = np.zeros((0, len(cats)))
        return UnitTable((), (), empty, empty.copy(), empty.copy(), np.zeros(0), np.zeros(0), cats)
    return UnitTable(
        tuple(g for t in tables for g in t.groups),
        tuple(d for t in tables for d in t.documents),
        np.concatenate([t.counts for t in tables]),
        np.concatenate([t.negated for t in tables]),
        np.concatenate([t.present for t in tables]),
        np.concatenate([t.tokens for t in tables]),
        np.concatenate([t.passages for t in tables]),
        cats,
    )


def actor_at_level(registry: ActorRegistry | None, actor: str, level: str | None) -> str:
    """``actor`` rolled up to the first of itself and its ancestors of kind ``level`` (``"state"``,
    ``"organisation"``, ``"group"``, ``"person"``); actors without one keep their own id (``narrator``,
    names not in the registry). ``level=None`` keeps every actor as attributed."""
    if level is None or registry is None or actor not in registry:
        return actor
    if registry[actor].kind == level:
        return actor
    return next((a for a in registry.ancestors(actor) if registry[a].kind == level), actor)


def unit_table(
    attributions: Iterable[Attribution],
    matches: pd.DataFrame,
    *,
    categories: Sequence[str],
    registry: ActorRegistry | None = None,
    level: str | None = None,
    by: str | None = None,
    corpus: Iterable[Document] | None = None,
    credit: str = "passage",
    speaker_field: str | None = None,
) -> UnitTable:
    """Aggregate attributions and matches into (group, document) units (see :class:`UnitTable`).

    ``speaker_field`` groups speeches by a metadata field instead of the attributed actors (``"iso3"`` for
    UN General Debate speeches: actors = countries): the passages in the document's own voice (rules
    ``document-speaker`` and ``turn``) are the group's; passages that quote someone else are left out.

    ``level`` rolls speakers up the registry (``"state"``: Putin's and Lavrov's passages are Russia's);
    ``by`` adds a metadata field of the document (``"year"``) to the group: ``"russia|2022"``.
    """
    meta = {str(d.doc_id): d.meta for d in corpus} if corpus is not None else {}
    for name, field in (("by", by), ("speaker_field", speaker_field)):
        if field is not None and not meta:
            raise ArgumentError(
                "F603",
                function="unit_table",
                problem=f"{name}={field!r} needs the corpus (its documents' metadata)",
                fix="pass corpus=",
            )

    def voices(a: Attribution, position: int | None = None) -> tuple[str, ...]:
        if speaker_field is not None:
            own = a.rule in ("document-speaker", "turn")
            return (str(meta.get(str(a.doc_id), {}).get(speaker_field, "")),) if own else ()
        return a.speakers_at(position) if credit == "span" and position is not None else a.speakers

    cat_index = {c: i for i, c in enumerate(categories)}
    units: dict[tuple[str, str], int] = {}
    tokens: list[int] = []
    passages: list[int] = []
    by_passage: dict[tuple[str, int], Attribution] = {}

    def key_of(actor: str, doc_id: str) -> tuple[str, str]:
        group = actor if speaker_field is not None else actor_at_level(registry, actor, level)
        if by is not None:
            group = f"{group}|{meta.get(str(doc_id), {}).get(by, '')}"
        return group, str(doc_id)

    for a in attributions:
        by_passage[(a.doc_id, a.passage_id)] = a
        parts = (
            [(a.text[s - a.start : e - a.start], who) for s, e, who, _ in a.spans]
            if credit == "span" and a.spans and speaker_field is None
            else [(a.text, voices(a))]
        )
        seen: set[tuple[str, str]] = set()
        for text, who in parts:
            n = count_tokens(text)
            for actor in who:
                k = key_of(actor, a.doc_id)
                if k not in units:
                    units[k] = len(units)
                    tokens.append(0)
                    passages.append(0)
                tokens[units[k]] += n
                if k not in seen:
                    passages[units[k]] += 1
                    seen.add(k)
    counts = np.zeros((len(units), len(categories)))
    negated = np.zeros_like(counts)
    present_sets: dict[tuple[int, int], set] = {}
    row: Any  # pandas-stubs types every field of a row as any scalar
    for row in matches.itertuples(index=False):
        attribution = by_passage.get((row.doc_id, row.passage_id))
        if attribution is None or row.category not in cat_index:
            continue
        for k in {key_of(actor, attribution.doc_id) for actor in voices(attribution, row.start)}:
            u, c = units[k], cat_index[row.category]
            if row.negated:
                negated[u, c] += 1
            else:
                counts[u, c] += 1
                present_sets.setdefault((u, c), set()).add(row.passage_id)
    present = np.zeros_like(counts)
    for (u, c), pids in present_sets.items():
        present[u, c] = len(pids)
    keys = list(units)
    return UnitTable(
        tuple(k[0] for k in keys),
        tuple(k[1] for k in keys),
        counts,
        negated,
        present,
        np.array(tokens, dtype=float),
        np.array(passages, dtype=float),
        tuple(categories),
    )


# ---------------------------------------------------------------------------------------------- profiles
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

    A group with fewer than two documents gets no interval (NaN, with a ``note`` and a warning): one
    document cannot show how much its rate would vary across documents.
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
                    1000.0 * count / total_tokens if total_tokens else np.nan,
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
    """

    table: pd.DataFrame
    distances: pd.DataFrame
    mode: str
    n_perm: int
    n_boot: int
    confidence: float
    seed: int
    unit: str = "document (a group's speech in one document)"
    correction: str = "Benjamini-Hochberg over all categories x comparisons"
    method: str = "permutation test of mean per-document rates; stratified cluster bootstrap for intervals"

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
            f"{len(self.table)} tests ({self.mode}); {len(sig)} with q < {alpha} ({self.correction}); "
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
        return f"Comparisons({len(self.distances)} comparisons, {len(self.table)} tests, mode={self.mode!r})"


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


def compare_groups(
    units: UnitTable,
    *,
    groups: Sequence[str] | None = None,
    mode: str = "one-vs-rest",
    n_perm: int = 2000,
    n_boot: int = 2000,
    confidence: float = 0.95,
    rng: int = 0,
    parallel_map: Callable[..., Iterable[Any]] = map,
) -> Comparisons:
    """Compare groups' rates category by category: ``mode="one-vs-rest"`` or ``"pairs"`` (all pairs).

    Comparison ``k`` (in the order of ``groups``) resamples with seed ``rng + k``, so the comparisons are
    independent; ``parallel_map`` (a ``map`` such as ``ProcessPoolExecutor.map``) may run them in parallel,
    with the same results. Raises :class:`~framing.errors.ArgumentError` [F603] for a comparison of a group
    with itself and :class:`~framing.errors.StatisticsError` [F607] for one with no documents.
    """
    if mode not in ("one-vs-rest", "pairs"):
        raise ArgumentError("F601", name="mode", expected="'one-vs-rest' or 'pairs'", value=mode)
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
    has_tokens = units.tokens > 0
    if mode == "pairs":
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
    tasks = (
        (rng + k, units.counts[ma], units.tokens[ma], units.counts[mb], units.tokens[mb])
        for k, (_, _, ma, mb) in enumerate(pairs)
    )
    compare = partial(_compare_pair, n_perm=n_perm, n_boot=n_boot, confidence=confidence, categories=units.categories)
    rows, dist = [], []
    for (a, b, _, _), (test, lo, hi, js) in zip(pairs, parallel_map(compare, tasks), strict=True):
        rate_a, rate_b, difference, ratio, p_value = test
        dist.append((a, b, *js))
        for ci, cat in enumerate(units.categories):
            rows.append((a, b, cat, rate_a[ci], rate_b[ci], difference[ci], lo[ci], hi[ci], ratio[ci], p_value[ci]))
    cols = [
        "group",
        "other",
        "category",
        "rate_group",
        "rate_other",
        "difference",
        "diff_lower",
        "diff_upper",
        "ratio",
        "p_value",
    ]
    table = pd.DataFrame(rows, columns=cols)
    table["q_value"] = benjamini_hochberg(table["p_value"].to_numpy())
    distances = pd.DataFrame(dist, columns=["group", "other", "js_distance", "js_lower", "js_upper"])
    return Comparisons(table, distances, mode, n_perm, n_boot, confidence, rng)


# ----------------------------------------------------------------------------------------------- keyness
@dataclass(frozen=True)
class KeynessTable:
    """Keyness of features (terms or categories) for each group against the rest.

    ``table``: one row per group × feature: ``count``, ``z`` and ``delta`` (Monroe, Colaresi & Quinn 2008
    weighted log-odds with an informative Dirichlet prior), ``chi2``/``chi2_p``/``chi2_q`` and ``g2`` with
    ``log_ratio`` (quanteda's textstat_keyness parity; q-values Benjamini–Hochberg within each group).
    The unit is the token: these statistics treat tokens as independent, so they rank features and do
    not test documents (use :func:`compare_groups` for that).
    """

    table: pd.DataFrame
    features: str
    prior: str
    alpha0: float
    left_out: tuple[str, ...] = ()
    unit: str = "token"
    method: str = "weighted log-odds ratio with informative Dirichlet prior; chi2 and G2 (one group vs the rest)"

    def top(self, group: str, n: int = 10) -> pd.DataFrame:
        t = self.table[self.table["group"] == group]
        return t.sort_values(["z", "feature"], ascending=[False, True], kind="mergesort").head(n)

    def to_frame(self) -> pd.DataFrame:
        stats = ["count", "delta", "z", "chi2", "chi2_p", "chi2_q", "g2", "log_ratio"]
        long = self.table.melt(id_vars=["group", "feature"], value_vars=stats, var_name="statistic")
        return long.sort_values(["group", "feature", "statistic"], kind="mergesort", ignore_index=True)

    def summary(self, n: int = 8) -> str:
        lines = [f"Keyness of {self.features} ({self.method}; prior {self.prior}, alpha0 {self.alpha0:.4g})"]
        for g in sorted(self.table["group"].unique()):
            top = self.top(g, n)
            lines.append(
                f"  {g}: " + ", ".join(f"{f} ({z:.1f})" for f, z in zip(top["feature"], top["z"], strict=True))
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"KeynessTable({self.table['group'].nunique()} groups, {self.table['feature'].nunique()} {self.features})"
        )


def keyness(
    counts: np.ndarray,
    groups: Sequence[str],
    features: Sequence[str],
    *,
    kind: str = "terms",
    prior: str | float | np.ndarray = "pooled",
    alpha0: float | None = None,
    report: Sequence[str] | None = None,
) -> KeynessTable:
    """Keyness for each group against the rest from a groups × features count matrix.

    Every group takes part in the prior and in "the rest"; ``report`` limits the rows of the table to
    those groups (default: all), which keeps the table small when there are many groups (UN member states).
    """
    counts = np.asarray(counts, dtype=float)
    lo = log_odds_dirichlet(
        counts, prior=prior, alpha0=alpha0, comparison="one-vs-rest", groups=list(groups), features=list(features)
    )
    wanted = list(groups) if report is None else [g for g in groups if g in set(report)]
    frames = []
    for group in wanted:
        gi = list(groups).index(group)
        rest = counts.sum(0) - counts[gi]
        chi = chi2_keyness(counts[gi], rest, features=list(features))
        g2 = g2_keyness(counts[gi], rest, features=list(features))
        frames.append(
            pd.DataFrame(
                {
                    "group": group,
                    "feature": list(features),
                    "count": counts[gi].astype(np.int64),
                    "delta": lo.delta[gi],
                    "z": lo.z[gi],
                    "chi2": chi.statistic,
                    "chi2_p": chi.p_value,
                    "chi2_q": chi.q_value,
                    "g2": g2.statistic,
                    "log_ratio": chi.log_ratio,
                }
            )
        )
    cols = ["group", "feature", "count", "delta", "z", "chi2", "chi2_p", "chi2_q", "g2", "log_ratio"]
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    return KeynessTable(table, kind, str(prior) if isinstance(prior, str) else "given", float(lo.alpha0))


def category_keyness(units: UnitTable, **kwargs) -> KeynessTable:
    """Keyness of lexicon categories per group (counts summed over the group's documents). Groups without
    any match have no profile to compare and are left out (listed in ``KeynessTable.left_out``)."""
    groups = sorted(set(units.groups))
    counts = np.array([units.counts[units.rows(g)].sum(0) for g in groups])
    keep = counts.sum(1) > 0
    left_out = tuple(g for g, k in zip(groups, keep, strict=True) if not k)
    groups, counts = [g for g, k in zip(groups, keep, strict=True) if k], counts[keep]
    table = keyness(counts, groups, units.categories, kind="categories", **kwargs)
    return replace(table, left_out=left_out)


def term_counts(
    attributions: Iterable[Attribution],
    *,
    registry: ActorRegistry | None = None,
    level: str | None = None,
    corpus: Iterable[Document] | None = None,
    speaker_field: str | None = None,
) -> dict[str, Counter]:
    """Word-term counts per speaker group (tokens as in :func:`framing.features.term_vectorizer`): the input of
    :func:`term_keyness_from_counts`. Groups are as in :func:`term_keyness`. Counts of disjoint sets of
    documents add up (``Counter.update``), so a corpus can be counted in batches."""
    meta = {str(d.doc_id): d.meta for d in corpus} if corpus is not None else {}
    texts: dict[str, list[str]] = {}
    for a in attributions:
        if speaker_field is not None:  # as in unit_table: the document's own voice, grouped by metadata
            own = a.rule in ("document-speaker", "turn")
            keys = {str(meta.get(str(a.doc_id), {}).get(speaker_field, ""))} if own else set()
        else:
            keys = {actor_at_level(registry, x, level) for x in a.speakers}
        for key in keys:
            texts.setdefault(key, []).append(a.text)
    analyzer = term_vectorizer().build_analyzer()
    # joined with " \n" as one text per group: no token crosses the joint
    return {group: Counter(analyzer(" \n".join(parts))) for group, parts in sorted(texts.items())}


def term_keyness_from_counts(
    counts: Mapping[str, Mapping[str, int]], *, min_count: int = 5, **kwargs
) -> KeynessTable | None:
    """Keyness of word terms per group from :func:`term_counts` (possibly summed over batches).

    Terms seen fewer than ``min_count`` times overall are left out (their log-odds are noise); groups none of
    whose terms is left have nothing to compare and are left out too (``KeynessTable.left_out``). ``None``
    when fewer than two groups are left (a tiny corpus): there is nothing to compare."""
    groups = sorted(counts)
    totals: Counter = Counter()
    for c in counts.values():
        totals.update(c)
    features = sorted(t for t, n in totals.items() if n >= min_count)
    index = {t: i for i, t in enumerate(features)}
    matrix = np.zeros((len(groups), len(features)), dtype=np.int64)
    for gi, g in enumerate(groups):
        kept = [(index[t], n) for t, n in counts[g].items() if t in index]
        if kept:
            cols, values = zip(*kept, strict=True)
            matrix[gi, list(cols)] = values
    speaking = matrix.sum(1) > 0  # a group none of whose words is frequent enough has nothing to compare
    left_out = tuple(g for g, k in zip(groups, speaking, strict=True) if not k)
    groups = [g for g, k in zip(groups, speaking, strict=True) if k]
    if len(groups) < 2:
        return None
    table = keyness(matrix[speaking], groups, features, kind="terms", **kwargs)
    return replace(table, left_out=left_out)


def term_keyness(
    attributions: Iterable[Attribution],
    *,
    registry: ActorRegistry | None = None,
    level: str | None = None,
    min_count: int = 5,
    corpus: Iterable[Document] | None = None,
    speaker_field: str | None = None,
    **kwargs,
) -> KeynessTable | None:
    """Keyness of word terms per speaker group (the passages each group speaks, tokens as in the toolkit).

    Terms seen fewer than ``min_count`` times overall are left out (their log-odds are noise). This is
    :func:`term_counts` followed by :func:`term_keyness_from_counts` (``None`` when fewer than two groups
    have such terms)."""
    counts = term_counts(attributions, registry=registry, level=level, corpus=corpus, speaker_field=speaker_field)
    return term_keyness_from_counts(counts, min_count=min_count, **kwargs)


# -------------------------------------------------------------------------------------------- adoption
def frame_adoption(units: UnitTable, lexicon: Lexicon, *, per: str = "group") -> pd.DataFrame:
    """Whose framing a text adopts: for each group (``per="group"``) or each group's speech in each
    document (``per="document"``) and each sponsor, the matches of the categories that sponsor owns, per
    1,000 tokens (``rate_per_1000``) and as a share of all sponsor-labelled matches there (``share``). A
    category with several sponsors counts for each. Per outlet or year: group the units by that metadata
    (``unit_table(..., speaker_field="source")`` or ``by="year"``). Rows sorted; where there is no
    sponsor-labelled match the share is NaN (no evidence, not 0)."""
    if per not in ("group", "document"):
        raise ArgumentError("F601", name="per", expected="'group' or 'document'", value=per)
    sponsors = sorted({s for c in units.categories for s in lexicon.categories[c].sponsor})
    owner = np.array([[s in lexicon.categories[c].sponsor for s in sponsors] for c in units.categories], dtype=float)
    keys = sorted(set(units.groups)) if per == "group" else sorted(set(zip(units.groups, units.documents, strict=True)))
    rows = []
    for key in keys:
        if isinstance(key, str):  # per == "group": groups and documents are str
            mask, label = units.rows(key), {"group": key}
        else:
            mask = units.rows(key[0]) & np.array([d == key[1] for d in units.documents])
            label = {"group": key[0], "doc_id": key[1]}
        tokens = units.tokens[mask].sum()
        per_sponsor = units.counts[mask].sum(0) @ owner if sponsors else np.zeros(0)
        total = per_sponsor.sum()
        for si, sponsor in enumerate(sponsors):
            rows.append(
                {
                    **label,
                    "sponsor": sponsor,
                    "count": int(per_sponsor[si]),
                    "tokens": int(tokens),
                    "rate_per_1000": 1000.0 * per_sponsor[si] / tokens if tokens else np.nan,
                    "share": per_sponsor[si] / total if total else np.nan,
                }
            )
    cols = ["group", *(["doc_id"] if per == "document" else []), "sponsor", "count", "tokens", "rate_per_1000", "share"]
    return pd.DataFrame(rows, columns=cols)


# ------------------------------------------------------------------------------------------ validation
@dataclass(frozen=True)
class Validation:
    """Lexicon scores validated against human coding (see :func:`validate`).

    ``scores``: per category ``precision``, ``recall``, ``f1``, ``support`` (gold positives), and the rows
    ``micro`` and ``macro``; ``confusion``: per category ``tp``, ``fp``, ``fn``, ``tn``; ``thresholds``: the
    threshold chosen per category in each fold (on the training folds only). Undefined values are NaN.
    """

    scores: pd.DataFrame
    confusion: pd.DataFrame
    thresholds: pd.DataFrame
    folds: int
    seed: int
    method: str

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


def validate(
    scores: pd.DataFrame, gold: pd.DataFrame, *, threshold: float | str = "cv", folds: int = 5, rng: int = 0
) -> Validation:
    """Validate lexicon scores (units × categories, e.g. rates per document from :class:`UnitTable` or a
    :class:`~framing.features.LexiconVectorizer`) against gold codes (the same units × categories, 0/1).

    A category is predicted present when its score exceeds a threshold: a fixed number, or with
    ``threshold="cv"`` the threshold that maximises F1 on the other folds of a ``folds``-fold split
    (shuffled with ``rng``), so the reported scores are out-of-fold: no threshold is ever chosen on the
    units it is scored on. Returns precision, recall, F1 per category with micro and macro averages.
    """
    if list(scores.columns) != list(gold.columns) or not scores.index.equals(gold.index):
        raise StatisticsError(
            "F606",
            first="scores",
            second="gold",
            detail="units (index) or categories (columns) differ",
            fix="the same units and categories, in the same order",
        )
    values = scores.to_numpy(dtype=float)
    truth = gold.to_numpy() > 0
    n = len(values)
    pred = np.zeros_like(truth)
    chosen = []
    if threshold == "cv":
        if not 2 <= folds <= n:
            raise ArgumentError("F601", name="folds", expected=f"between 2 and the number of units ({n})", value=folds)
        order = np.random.default_rng(rng).permutation(n)
        for k, test in enumerate(np.array_split(order, folds)):
            train = np.setdiff1d(order, test)
            for c, cat in enumerate(scores.columns):
                t = _best_threshold(values[train, c], truth[train, c])
                pred[test, c] = values[test, c] > t
                chosen.append((cat, k, t))
        method = f"thresholds chosen by {folds}-fold cross-validation (max F1 on the training folds), seed {rng}"
    else:
        t = float(threshold)
        pred = values > t
        chosen = [(cat, 0, t) for cat in scores.columns]
        method = f"fixed threshold {t:g}"
    result = precision_recall_f1(truth.astype(int), pred.astype(int), categories=list(scores.columns))
    table = pd.DataFrame(result.to_dict())
    table = pd.concat(
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
    return Validation(table, confusion, thresholds, folds if threshold == "cv" else 0, rng, method)


def agreement(codes: pd.DataFrame, *, level: str = "nominal") -> pd.DataFrame:
    """Agreement of several coders: ``codes`` has one column per coder and one row per unit (NaN where a
    coder did not code the unit). Returns Krippendorff's α (all coders) and Cohen's κ for each pair."""
    rows = [("all", "", "krippendorff_alpha", float(krippendorff_alpha(codes.to_numpy(dtype=float).T, level=level)))]
    coders = list(codes.columns)
    for i, a in enumerate(coders):
        for b in coders[i + 1 :]:
            both = codes[[a, b]].dropna()
            rows.append((a, b, "cohen_kappa", float(cohen_kappa(both[a].to_numpy(), both[b].to_numpy()))))
    return pd.DataFrame(rows, columns=["coder", "other", "statistic", "value"])
