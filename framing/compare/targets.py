"""Who frames whom as what: matches counted per speaking group, target, role and category (``targets.csv``)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from ..actors import ActorRegistry, Attribution
from ..corpus import Document
from .speech import credited_matches, tally_speech
from .units import actor_at_level, grouping

__all__ = ["TARGET_TABLE_COLUMNS", "target_table"]

#: The columns of :func:`target_table`.
TARGET_TABLE_COLUMNS = [
    "group", "target", "role", "category", "count", "against_sponsor", "documents", "passages", "negated",
]  # fmt: skip


def target_table(
    attributions: Iterable[Attribution],
    matches: pd.DataFrame,
    *,
    categories: Sequence[str] | None = None,
    registry: ActorRegistry | None = None,
    level: str | None = None,
    by: str | None = None,
    corpus: Iterable[Document] | None = None,
    credit: str = "passage",
    speaker_field: str | None = None,
    group_by: str | None = None,
) -> pd.DataFrame:
    """Who frames whom as what: per speaking group, target, role and category, the matches that cast the
    target in that role.

    The speaking groups are those of :func:`unit_table` (same parameters: ``level`` rolls speakers up, and
    targets too, so that at ``level="state"`` Putin's frames of Zelensky count as Russia's of Ukraine).
    A match counts once for each of its (target, role) pairs (:func:`framing.actors.frame_targets`).

    Parameters
    ----------
    attributions : iterable of Attribution
        Who speaks each passage.
    matches : pandas.DataFrame
        The match table with its target columns (:func:`framing.actors.frame_targets`).
    categories : sequence of str, optional
        Keep only these categories (default: all).
    registry, level, by, corpus, credit, speaker_field, group_by
        As for :func:`unit_table`.

    Returns
    -------
    pandas.DataFrame
        The columns :data:`TARGET_TABLE_COLUMNS`: ``group``, ``target``, ``role``, ``category``, ``count``
        (non-negated matches), ``against_sponsor`` (of them, those where this target is the villain and is,
        or rolls up to, a sponsor of the category: the counter-framing),
        ``documents`` and ``passages`` (with such a match) and ``negated`` (negated matches, not in
        ``count``); sorted by group, target, role and category.

    Raises
    ------
    ArgumentError
        [F603] as :func:`unit_table`.
    """
    attributions = list(attributions)
    voices, key_of, by_span = grouping(
        attributions, registry=registry, level=level, by=by, corpus=corpus, credit=credit,
        speaker_field=speaker_field, group_by=group_by,
    )  # fmt: skip
    by_passage, _ = tally_speech(attributions, by_span=by_span, voices=voices, key_of=key_of)
    keep = set(categories) if categories is not None else None
    cells: dict[tuple[str, str, str, str], list] = {}
    lineage: dict[str, set[str]] = {}

    def turned(target: str, role: str, sponsors: str) -> bool:
        """Whether this target, in this role, turns the match against its sponsor (a villain that is, or
        rolls up to, one of the category's sponsors)."""
        if role != "villain" or not sponsors:
            return False
        if target not in lineage:
            up = registry.ancestors(target) if registry is not None and target in registry else ()
            lineage[target] = {target, *up}
        return bool(lineage[target] & set(sponsors.split(";")))

    for row, attribution, who in credited_matches(matches, by_passage, voices):
        if not row.targets or (keep is not None and row.category not in keep):
            continue
        pairs = {
            (actor_at_level(registry, t, level), r, turned(t, r, row.sponsor))
            for t, r in zip(row.targets.split(";"), row.roles.split(";"), strict=True)
        }
        for group in {key_of(actor, attribution.doc_id)[0] for actor in who}:
            for target, role, against in pairs:
                c = cells.setdefault((group, target, role, row.category), [0, 0, set(), set(), 0])
                if row.negated:
                    c[4] += 1
                    continue
                c[0] += 1
                c[1] += against
                c[2].add(attribution.doc_id)
                c[3].add((attribution.doc_id, attribution.passage_id))
    rows = [(*k, c[0], c[1], len(c[2]), len(c[3]), c[4]) for k, c in sorted(cells.items())]
    return pd.DataFrame(rows, columns=TARGET_TABLE_COLUMNS).astype({c: "int64" for c in TARGET_TABLE_COLUMNS[4:]})
