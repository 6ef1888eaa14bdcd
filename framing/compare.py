"""Compare: where who speaks (attribution) meets what is said (matches).

:func:`actor_frames` credits every match to every speaker of its passage and aggregates an actor ×
category table. The unit of analysis is the passage: a passage with several speakers (``Biden, along with
Western European leaders and Ukraine, has characterized …``) counts fully for each of them, so rows of
different actors are not additive. Later statistics (issue 5) resample whole documents, because passages
of one article are not independent.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Sequence

import pandas as pd

from ._text import count_tokens
from .attribution import Attribution
from .errors import CompareWarning

__all__ = ["ACTOR_FRAME_COLUMNS", "actor_frames", "frame_matrix"]

ACTOR_FRAME_COLUMNS = ["actor", "category", "count", "negated", "weighted", "passages", "tokens", "rate_per_1000"]


def actor_frames(
    attributions: Iterable[Attribution],
    matches: pd.DataFrame,
    *,
    categories: Sequence[str] | None = None,
    credit: str = "passage",
) -> pd.DataFrame:
    """Actor × category counts from attributions and a match table (see :func:`framing.features.match_table`).

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
    """
    attributions = list(attributions)
    if credit not in ("passage", "span"):
        raise ValueError(f"credit must be 'passage' or 'span', not {credit!r}")
    by_passage = {(a.doc_id, a.passage_id): a for a in attributions}
    volume: dict[str, list[int]] = {}
    for a in attributions:
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
    cats = sorted(categories) if categories is not None else sorted(matches["category"].unique())
    counts: dict[tuple[str, str], list[float]] = {}
    for row in matches.itertuples(index=False):
        a = by_passage.get((row.doc_id, row.passage_id))
        if a is None:
            continue
        for s in a.speakers_at(row.start) if credit == "span" else a.speakers:
            c = counts.setdefault((s, row.category), [0, 0, 0.0])
            if row.negated:
                c[1] += 1
            else:
                c[0] += 1
                c[2] += row.weight
    matched = {cat for _, cat in counts}
    for cat in cats:
        if cat not in matched:
            warnings.warn(CompareWarning("W401", category=cat), stacklevel=2)
    rows = []
    for actor in sorted(volume):
        n_passages, n_tokens = volume[actor]
        for cat in cats:
            count, negated, weighted = counts.get((actor, cat), [0, 0, 0.0])
            rate = 1000.0 * count / n_tokens if n_tokens else float("nan")
            rows.append((actor, cat, int(count), int(negated), float(weighted), n_passages, n_tokens, rate))
    return pd.DataFrame(rows, columns=ACTOR_FRAME_COLUMNS)


def frame_matrix(table: pd.DataFrame, value: str = "count") -> pd.DataFrame:
    """The actor × category table in wide form (actors as rows, categories as columns), both sorted."""
    wide = table.pivot(index="actor", columns="category", values=value)
    return wide.sort_index(axis=0).sort_index(axis=1)
