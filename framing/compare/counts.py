"""The actor × category table: every match credited to the speakers of its passage.

:func:`actor_frames` credits every match to every speaker of its passage and aggregates an actor ×
category table. The unit of analysis is the passage: a passage with several speakers (``Biden, along with
Western European leaders and Ukraine, has characterized …``) counts fully for each of them, so rows of
different actors are not additive. :func:`frame_counts` is its additive part (batches of documents add up),
:func:`top_frames` and :func:`frame_matrix` reshape the table for reading and display.
"""

from __future__ import annotations

import warnings
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from dataclasses import field as _field
from fractions import Fraction

import pandas as pd

from ..actors import Attribution
from ..errors import ArgumentError, CompareWarning
from ..stats import PER
from .speech import credited_matches, tally_speech

__all__ = ["ACTOR_FRAME_COLUMNS", "FrameCounts", "actor_frames", "frame_counts", "frame_matrix", "top_frames"]

ACTOR_FRAME_COLUMNS = ["actor", "category", "count", "negated", "weighted", "passages", "tokens", "rate_per_1000"]


@dataclass
class FrameCounts:
    """The additive part of :func:`actor_frames`: what each actor speaks and what matched in it.

    Counts of disjoint sets of documents add up (``a + b``), so a corpus can be counted in batches and the
    batches merged in any grouping with the same result; :meth:`table` turns the sum into the actor ×
    category table.

    Attributes
    ----------
    volume : dict of str to list of int
        Actor → ``[passages, tokens]``: how many passages it speaks and how many word tokens.
    counts : dict of (str, str) to list of int
        (actor, category) → ``[count, negated]``: its non-negated and its negated matches.
    weights : collections.Counter
        How often each (actor, category, weight) triple occurs among the non-negated matches, so the
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
                rate = PER * count / n_tokens if n_tokens else float("nan")
                total = float(weighted.get((actor, cat), 0))
                rows.append((actor, cat, int(count), int(negated), total, n_passages, n_tokens, rate))
        return pd.DataFrame(rows, columns=ACTOR_FRAME_COLUMNS)


def frame_counts(attributions: Iterable[Attribution], matches: pd.DataFrame, *, credit: str = "passage") -> FrameCounts:
    """Count what each actor speaks and the matches credited to it.

    The result is additive over disjoint sets of documents: ``total += frame_counts(batch...)``.

    Parameters
    ----------
    attributions : iterable of Attribution
        Who speaks each passage (:func:`framing.actors.attribute`).
    matches : pandas.DataFrame
        The match table of the same passages (:func:`framing.lexicon.match_table`); matches of passages
        without an attribution are ignored.
    credit : {"passage", "span"}, default "passage"
        Credit a match to every speaker of its passage, or to the speaker of the span it lies in (see
        :func:`actor_frames`).

    Returns
    -------
    FrameCounts
        Passages and tokens per actor, matches per actor and category.

    Raises
    ------
    ArgumentError
        [F601] when ``credit`` is neither ``"passage"`` nor ``"span"``.
    """
    if credit not in ("passage", "span"):
        raise ArgumentError("F601", name="credit", expected="'passage' or 'span'", value=credit)
    by_span = credit == "span"

    def voices(a: Attribution, position: int | None) -> tuple[str, ...]:
        return a.speakers_at(position) if by_span and position is not None else a.speakers

    by_passage, volume = tally_speech(attributions, by_span=by_span, voices=voices, key_of=lambda actor, _: actor)
    result = FrameCounts(volume=volume)
    counts, weights = result.counts, result.weights
    for row, _, speakers in credited_matches(matches, by_passage, voices):
        for s in speakers:
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

    Every actor that speaks at least one passage gets a row for every category, zero where nothing
    matched. The counting is :func:`frame_counts` (additive over batches of documents) and
    :meth:`FrameCounts.table`.

    Parameters
    ----------
    attributions : iterable of Attribution
        Who speaks each passage (:func:`framing.actors.attribute`).
    matches : pandas.DataFrame
        The match table of the same passages.
    categories : sequence of str, optional
        The categories to report; default: those in ``matches``. Categories that matched nowhere are
        reported with zeros and a warning [W401].
    credit : {"passage", "span"}, default "passage"
        ``"passage"`` credits a match to every speaker of its passage; ``"span"`` credits it to the speaker
        of the part of the passage it lies in (:meth:`Attribution.speakers_at`), so in ``"…," Putin
        remarked, referring to … Russia's invasion`` the quotation is Putin's and the rest the reporter's;
        an actor's ``tokens`` are then the tokens of the parts it voices, and ``passages`` the passages
        where it voices a part.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`ACTOR_FRAME_COLUMNS`: ``actor``, ``category``, ``count`` (matches not negated),
        ``negated`` (negated matches, kept apart, never subtracted), ``weighted`` (sum of entry weights of
        the non-negated matches), ``passages`` and ``tokens`` (how many passages and word tokens the actor
        speaks), and ``rate_per_1000`` (``count`` per 1,000 of the actor's tokens). Sorted by actor, then
        category.

    Raises
    ------
    ArgumentError
        [F601] when ``credit`` is neither ``"passage"`` nor ``"span"``.
    """
    counts = frame_counts(attributions, matches, credit=credit)
    cats = list(categories) if categories is not None else list(matches["category"].unique())
    return counts.table(cats)


def top_frames(table: pd.DataFrame, *, n: int = 3) -> pd.DataFrame:
    """Each actor's ``n`` most frequent categories (count > 0): the basis of a plain-words description of
    who frames how.

    Parameters
    ----------
    table : pandas.DataFrame
        An :func:`actor_frames` table.
    n : int, default 3
        How many categories per actor at most.

    Returns
    -------
    pandas.DataFrame
        Columns ``actor``, ``category``, ``count``, ``rate_per_1000``; sorted by actor, then by count
        (descending) and category.
    """
    used = table[table["count"] > 0]
    used = used.sort_values(["actor", "count", "category"], ascending=[True, False, True], kind="mergesort")
    return (
        used.groupby("actor", sort=True).head(n)[["actor", "category", "count", "rate_per_1000"]].reset_index(drop=True)
    )


def frame_matrix(table: pd.DataFrame, value: str = "count", *, top: int | None = None) -> pd.DataFrame:
    """The actor × category table in wide form (actors as rows, categories as columns), both sorted.

    Parameters
    ----------
    table : pandas.DataFrame
        An :func:`actor_frames` table.
    value : str, default "count"
        The column of ``table`` to spread into the cells (``"rate_per_1000"``, ``"weighted"``, …).
    top : int, optional
        Keep only the ``top`` actors who speak the most tokens (ties by name), for displays of large
        corpora; default: every actor.

    Returns
    -------
    pandas.DataFrame
        Actors × categories, index and columns sorted.
    """
    if top is not None:
        volume = table.groupby("actor")["tokens"].first()
        keep = sorted(volume.index, key=lambda a: (-volume[a], a))[:top]
        table = table[table["actor"].isin(keep)]
    wide = table.pivot(index="actor", columns="category", values=value)
    return wide.sort_index(axis=0).sort_index(axis=1)
