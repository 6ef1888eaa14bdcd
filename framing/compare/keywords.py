"""Keyness: the features (word terms or lexicon categories) that set a group apart from the rest.

:func:`keyness` computes, for each group against the rest, the weighted log-odds with an informative
Dirichlet prior, chi² and G² from a groups × features count matrix and each group's tokens (the features'
counts are compared per token: an "other tokens" cell completes every table); :func:`category_keyness`
feeds it the categories' counts of a :class:`UnitTable`, :func:`term_keyness` the word terms each group
speaks (:func:`term_counts`, additive over batches, then :func:`term_keyness_from_counts`). The formulas
are in :mod:`framing.stats`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from ..actors import ActorRegistry, Attribution
from ..corpus import Document
from ..errors import StatisticsError
from ..features import term_vectorizer
from ..stats import PER, benjamini_hochberg, chi2_keyness, g2_keyness, log_odds_dirichlet, rate_contrast_intervals
from .groups import _side
from .units import UnitTable, actor_at_level, document_group, own_voice

__all__ = [
    "KEYNESS_COLUMNS",
    "KeynessTable",
    "category_keyness",
    "keyness",
    "term_counts",
    "term_keyness",
    "term_keyness_from_counts",
]

#: The columns of :attr:`KeynessTable.table`.
KEYNESS_COLUMNS = [
    "group",
    "feature",
    "unit",
    "count",
    "rate_per_1000",
    "rate_rest_per_1000",
    "delta",
    "z",
    "chi2",
    "chi2_p",
    "chi2_q",
    "g2",
    "log_ratio",
]

#: The numeric columns of :attr:`KeynessTable.table` (the statistics of :meth:`KeynessTable.to_frame`).
_STATISTICS = [c for c in KEYNESS_COLUMNS if c not in ("group", "feature", "unit")]


@dataclass(frozen=True)
class KeynessTable:
    """Keyness of features (terms or categories) for each group against the rest.

    ``table``: one row per group × feature: ``unit`` (what the rates are per: ``"token"``), ``count``,
    ``rate_per_1000`` and ``rate_rest_per_1000`` (the group's and the rest's rate, the difference the
    statistics are about), ``z`` and ``delta`` (Monroe, Colaresi & Quinn 2008 weighted log-odds with an
    informative Dirichlet prior), ``chi2``/``chi2_p``/``chi2_q`` and ``g2`` with ``log_ratio`` (quanteda's
    textstat_keyness parity; q-values Benjamini–Hochberg within each group). Every 2×2 table is the
    feature against all the other tokens, group against rest. These statistics treat tokens as
    independent, so they rank features and do not test documents (use :func:`compare_groups` for that).

    Attributes
    ----------
    table : pandas.DataFrame
        One row per group × feature, columns :data:`KEYNESS_COLUMNS` (described above).
    features : str
        What the features are: ``"terms"`` or ``"categories"``.
    prior : str
        The Dirichlet prior: its name (``"pooled"``, …) or ``"given"`` for a prior passed as numbers.
    alpha0 : float
        The prior's total concentration.
    left_out : tuple of str
        Groups left out for having nothing to compare: no token at all.
    unit : str
        What the rates are per and the statistics count as independent: ``"token"`` (or ``"count"``
        when :func:`keyness` was given no tokens: shares of the counted features).
    method : str
        The statistics, in words.
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
        long = self.table.melt(id_vars=["group", "feature", "unit"], value_vars=_STATISTICS, var_name="statistic")
        return long.sort_values(["group", "feature", "statistic"], kind="mergesort", ignore_index=True)

    def summary(self, n: int = 8) -> str:
        lines = [
            f"Keyness of {self.features} per {self.unit} ({self.method}; prior {self.prior}, alpha0 {self.alpha0:.4g})"
        ]
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
    tokens: Sequence[float] | np.ndarray | None = None,
    kind: str = "terms",
    prior: str | float | np.ndarray = "pooled",
    alpha0: float | None = None,
    report: Sequence[str] | None = None,
) -> KeynessTable:
    """Keyness for each group against the rest from a groups × features count matrix and the groups' tokens.

    With ``tokens`` the unit is the token: each group's tokens not counted in any feature (``tokens`` minus
    the row's counts, clipped at 0) form an "other tokens" column, so the weighted log-odds (Monroe et al.
    2008) and every χ²/G² 2×2 table (the feature against all other tokens, the group against the rest)
    compare rates per token; the column is then dropped from the table. Without it the rows' counts are
    the only total and the rates are shares of the counted features (``unit="count"``), which can point
    the other way: a group that speaks a lot and rarely uses any frame has a high share of the one frame
    it does use.

    With the default pooled prior in one-vs-rest the smoothed rates of each side are weighted averages of
    its own rate and the pooled rate, which lies between the two sides' rates; so ``z`` has exactly the
    sign of ``rate_per_1000 - rate_rest_per_1000`` (0 when the rates are equal; NaN for a feature nobody
    used), as have ``chi2`` and ``g2``. A background or uniform prior does not promise this.

    Every group takes part in the prior and in "the rest"; ``report`` limits the rows of the table to
    those groups (default: all), which keeps the table small when there are many groups (UN member states).

    Parameters
    ----------
    counts : numpy.ndarray
        Groups × features counts; every group with some count or some token.
    groups : sequence of str
        The group of each row.
    features : sequence of str
        The feature of each column.
    tokens : array-like of shape (n_groups,), optional
        The tokens each group speaks, the denominators of its rates; default: the rows' counts (shares).
    kind : str, default "terms"
        What the features are (``"terms"`` or ``"categories"``), recorded in the result.
    prior : str, float or numpy.ndarray, default "pooled"
        The Dirichlet prior of the log-odds (see :func:`framing.stats.log_odds_dirichlet`); with ``tokens``
        a background prior has one value per feature and, last, the background's other tokens.
    alpha0 : float, optional
        The prior's total concentration (see :func:`framing.stats.log_odds_dirichlet`).
    report : sequence of str, optional
        The groups whose rows the table keeps, in the order of ``groups``; default: all.

    Returns
    -------
    KeynessTable
        One row per reported group × feature.

    Raises
    ------
    ArgumentError, StatisticsError
        From :func:`framing.stats.log_odds_dirichlet`, for an invalid prior or ``alpha0`` or counts it
        cannot use.
    """
    counts = np.asarray(counts, dtype=float)
    groups, features = list(groups), list(features)
    full, unit = _with_other_tokens(counts, tokens)
    names = [*features, _OTHER] if full.shape[1] > counts.shape[1] else features
    lo = log_odds_dirichlet(full, prior=prior, alpha0=alpha0, compare="one-vs-rest", groups=groups, features=names)
    row_total, col_total = full.sum(1), full.sum(0)
    wanted = groups if report is None else [g for g in groups if g in set(report)]
    k = len(features)
    frames = []
    for group in wanted:
        gi = groups.index(group)
        rest = col_total - full[gi]
        chi = chi2_keyness(full[gi], rest, features=names)
        g2 = g2_keyness(full[gi], rest, features=names)
        # equal rates (exactly: a·n_rest == b·n_group in integers) get z = 0, not rounding noise
        tie = counts[gi] * (row_total.sum() - row_total[gi]) == rest[:k] * row_total[gi]
        delta, z = (np.where(tie & ~np.isnan(x[gi, :k]), 0.0, x[gi, :k]) for x in (lo.delta, lo.z))
        frames.append(
            pd.DataFrame(
                {
                    "group": group,
                    "feature": features,
                    "unit": unit,
                    "count": counts[gi].astype(np.int64),
                    "rate_per_1000": PER * counts[gi] / row_total[gi],
                    "rate_rest_per_1000": PER * rest[:k] / (row_total.sum() - row_total[gi]),
                    "delta": delta,
                    "z": z,
                    "chi2": chi.statistic[:k],
                    "chi2_p": chi.p_value[:k],
                    "chi2_q": benjamini_hochberg(chi.p_value[:k]),  # over the features, not the other tokens
                    "g2": g2.statistic[:k],
                    "log_ratio": chi.log_ratio[:k],
                }
            )
        )
    table = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=KEYNESS_COLUMNS)
    given = "given" if not isinstance(prior, str) else str(prior)
    return KeynessTable(table, kind, given, float(lo.alpha0), unit=unit)


#: The name of the "other tokens" column while the statistics are computed (never in a result).
_OTHER = "\0other tokens"


def _with_other_tokens(counts: np.ndarray, tokens: Sequence[float] | np.ndarray | None) -> tuple[np.ndarray, str]:
    """``counts`` with the "other tokens" column (each group's tokens minus its counts, clipped at 0) and the
    unit of the rates: ``"token"``; without ``tokens``, ``counts`` itself and ``"count"``."""
    if tokens is None:
        return counts, "count"
    t = np.asarray(tokens, dtype=float)
    if t.shape != (counts.shape[0],):
        raise StatisticsError(
            "F606",
            first="tokens",
            second="counts",
            detail=f"{t.size} token totals for {counts.shape[0]} groups",
            fix="one token total per group (row of counts)",
        )
    other = np.clip(t - counts.sum(1), 0.0, None)
    return np.column_stack([counts, other]), "token"


def category_keyness(units: UnitTable, **kwargs) -> KeynessTable:
    """Keyness of lexicon categories per group, per token (counts and tokens summed over the group's documents).

    Each group's tokens without a match of any category complete its counts (see :func:`keyness`), so
    ``z`` has the sign of the difference of the rates per token. A group that speaks but never uses a
    category is compared too (it under-uses them); groups without any token are left out (listed in
    ``KeynessTable.left_out``).

    Parameters
    ----------
    units : UnitTable
        The (group, document) units (see :func:`unit_table`).
    **kwargs
        ``prior``, ``alpha0`` and ``report`` of :func:`keyness`.

    Returns
    -------
    KeynessTable
        One row per group with tokens × category, ``features="categories"``, ``unit="token"``, and
        ``log_ratio_lower`` / ``log_ratio_upper``: the 95 % interval of ``log_ratio`` with documents as the
        units (the group's documents against the rest's, the rest's speech in a document one unit; NaN with
        fewer than two documents a side), because the token-level statistics of the table overstate the
        evidence.

    Raises
    ------
    ArgumentError, StatisticsError
        As :func:`keyness`.
    """
    groups = sorted(set(units.groups))
    counts = np.array([units.counts[units.rows(g)].sum(0) for g in groups]).reshape(len(groups), -1)
    tokens = np.array([units.tokens[units.rows(g)].sum() for g in groups], dtype=float)
    keep = (tokens > 0) | (counts.sum(1) > 0)
    left_out = tuple(g for g, k in zip(groups, keep, strict=True) if not k)
    groups = [g for g, k in zip(groups, keep, strict=True) if k]
    table = keyness(counts[keep], groups, units.categories, tokens=tokens[keep], kind="categories", **kwargs)
    bounds = {g: _log_ratio_interval(units, g) for g in table.table["group"].unique()}
    frame = table.table.copy()
    for i, name in enumerate(("log_ratio_lower", "log_ratio_upper")):
        frame[name] = np.concatenate([bounds[g][i] for g in frame["group"].unique()]) if len(frame) else []
    return replace(table, table=frame, left_out=left_out)


def _log_ratio_interval(units: UnitTable, group: str) -> tuple[np.ndarray, np.ndarray]:
    """The 95 % interval of ``log2`` of a group's rate ratio against the rest, per category, with documents
    as the units (the rest's speech in a document is one unit; :func:`framing.stats.rate_contrast_intervals`),
    NaN with fewer than two documents a side."""
    has_tokens = units.tokens > 0
    a, b = _side(units, units.rows(group) & has_tokens), _side(units, ~units.rows(group) & has_tokens)
    if min(len(a.documents), len(b.documents)) < 2:
        nan = np.full(len(units.categories), np.nan)
        return nan, nan
    found = rate_contrast_intervals(
        a.counts, a.tokens, b.counts, b.tokens, documents_a=a.documents, documents_b=b.documents
    )
    with np.errstate(divide="ignore"):
        return np.log2(found.ratio_lower), np.log2(found.ratio_upper)


def term_counts(
    attributions: Iterable[Attribution],
    *,
    registry: ActorRegistry | None = None,
    level: str | None = None,
    corpus: Iterable[Document] | None = None,
    speaker_field: str | None = None,
    group_by: str | None = None,
) -> dict[str, Counter]:
    """Word-term counts per speaker group (tokens as in :func:`framing.features.term_vectorizer`): the input of
    :func:`term_keyness_from_counts`.

    Counts of disjoint sets of documents add up (``Counter.update``), so a corpus can be counted in batches.

    Parameters
    ----------
    attributions : iterable of Attribution
        Who speaks each passage; a passage's terms count for each of its speakers' groups.
    registry : ActorRegistry, optional
        The actors, needed to roll speakers up with ``level``.
    level : str, optional
        Roll speakers up the registry (:func:`actor_at_level`).
    corpus : iterable of Document, optional
        The documents, for their metadata (``speaker_field``, ``group_by``).
    speaker_field : str, optional
        Group by this metadata field of the document instead of the attributed actors, counting only the
        passages in the document's own voice (as :func:`unit_table`).
    group_by : str, optional
        Group by this metadata field of the document, counting every passage of it (as :func:`unit_table`).

    Returns
    -------
    dict of str to collections.Counter
        Group → term counts, groups sorted.
    """
    meta = {str(d.doc_id): d.meta for d in corpus} if corpus is not None else {}
    texts: dict[str, list[str]] = {}
    for a in attributions:
        if group_by is not None:  # as in unit_table: every passage of the document, grouped by metadata
            keys = set(document_group(a, meta, group_by))
        elif speaker_field is not None:  # as in unit_table: the document's own voice, grouped by metadata
            keys = set(own_voice(a, meta, speaker_field))
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

    Terms seen fewer than ``min_count`` times overall are left out (their log-odds are noise), but their
    tokens still count: rates are per token of all the group's words (the rarer terms are its "other
    tokens", see :func:`keyness`). A group whose words are all rare is compared too (it under-uses every
    term kept); only groups without any token are left out (``KeynessTable.left_out``).

    Parameters
    ----------
    counts : mapping of str to mapping of str to int
        Group → term counts.
    min_count : int, default 5
        The fewest occurrences, over all groups, of a term that is kept.
    **kwargs
        ``prior``, ``alpha0`` and ``report`` of :func:`keyness`.

    Returns
    -------
    KeynessTable or None
        One row per group left × term kept, ``features="terms"``, ``unit="token"``; ``None`` when fewer
        than two groups are left or no term is frequent enough (a tiny corpus): there is nothing to compare.

    Raises
    ------
    ArgumentError, StatisticsError
        As :func:`keyness`.
    """
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
    tokens = np.array([sum(counts[g].values()) for g in groups], dtype=float)  # all words, rare ones too
    speaking = tokens > 0
    left_out = tuple(g for g, k in zip(groups, speaking, strict=True) if not k)
    groups = [g for g, k in zip(groups, speaking, strict=True) if k]
    if len(groups) < 2 or not features:
        return None
    table = keyness(matrix[speaking], groups, features, tokens=tokens[speaking], kind="terms", **kwargs)
    return replace(table, left_out=left_out)


def term_keyness(
    attributions: Iterable[Attribution],
    *,
    registry: ActorRegistry | None = None,
    level: str | None = None,
    min_count: int = 5,
    corpus: Iterable[Document] | None = None,
    speaker_field: str | None = None,
    group_by: str | None = None,
    **kwargs,
) -> KeynessTable | None:
    """Keyness of word terms per speaker group (the passages each group speaks, tokens as in the toolkit).

    Terms seen fewer than ``min_count`` times overall are left out (their log-odds are noise). This is
    :func:`term_counts` followed by :func:`term_keyness_from_counts`.

    Parameters
    ----------
    attributions : iterable of Attribution
        Who speaks each passage.
    registry : ActorRegistry, optional
        The actors, needed to roll speakers up with ``level``.
    level : str, optional
        Roll speakers up the registry (:func:`actor_at_level`).
    min_count : int, default 5
        The fewest occurrences, over all groups, of a term that is kept.
    corpus : iterable of Document, optional
        The documents, for their metadata (``speaker_field``).
    speaker_field, group_by : str, optional
        Group by this metadata field instead of the attributed actors (see :func:`term_counts`).
    **kwargs
        ``prior``, ``alpha0`` and ``report`` of :func:`keyness`.

    Returns
    -------
    KeynessTable or None
        ``None`` when fewer than two groups have terms frequent enough.

    Raises
    ------
    ArgumentError, StatisticsError
        As :func:`keyness`.
    """
    counts = term_counts(
        attributions, registry=registry, level=level, corpus=corpus, speaker_field=speaker_field, group_by=group_by
    )
    return term_keyness_from_counts(counts, min_count=min_count, **kwargs)
