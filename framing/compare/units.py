"""Document-level data: (group, document) units, the building block of every statistic of the room.

A *unit* is one group's (actor's, actor × metadata value's, or a metadata value's: ``group_by``) speech in
one document, because passages of one document are not independent and the bootstrap and permutation
tests resample documents, never passages. :func:`unit_table` aggregates attributions and matches into
units, :func:`concat_units` merges the tables of batches of documents, :func:`actor_at_level` rolls an actor
up the registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd

from ..actors import ActorRegistry, Attribution
from ..corpus import Document
from ..errors import ArgumentError, StatisticsError
from .speech import PassageIndex, Voices, credited_matches, tally_speech

__all__ = [
    "OWN_VOICE_RULES",
    "UnitTable",
    "actor_at_level",
    "concat_units",
    "document_group",
    "grouping",
    "matches_framing",
    "own_voice",
    "unit_table",
]

#: Attribution rules of the passages in a document's own voice (its speaker's, not someone it quotes).
OWN_VOICE_RULES = ("document-speaker", "turn")


@dataclass(frozen=True)
class UnitTable:
    """Per (group, document) unit: match counts per category, tokens and passages spoken.

    The building block of every statistic of :mod:`framing.compare`: a *unit* is one group's (actor's, or
    actor × metadata value's) speech in one document, because passages of one document are not independent
    and the bootstrap and permutation tests resample documents, never passages.

    Attributes
    ----------
    groups : tuple of str
        The group of each unit.
    documents : tuple of str
        The document of each unit.
    counts : numpy.ndarray
        Units × categories: non-negated matches.
    negated : numpy.ndarray
        Units × categories: negated matches.
    present : numpy.ndarray
        Units × categories: passages with at least one (non-negated) match.
    tokens : numpy.ndarray
        Word tokens each unit speaks.
    passages : numpy.ndarray
        Passages each unit speaks.
    categories : tuple of str
        The categories, in the order of the columns.
    against : numpy.ndarray, optional
        Units × categories: the non-negated matches that turn a category against its own sponsor
        (``against_sponsor`` of :func:`framing.actors.frame_targets`; counted in ``counts`` too). ``None``
        (read as zeros) when the matches have no targets.
    """

    groups: tuple[str, ...]  # group of each unit
    documents: tuple[str, ...]  # document of each unit
    counts: np.ndarray  # units × categories, non-negated matches
    negated: np.ndarray  # units × categories
    present: np.ndarray  # units × categories: passages with at least one match
    tokens: np.ndarray  # units
    passages: np.ndarray  # units
    categories: tuple[str, ...]
    against: np.ndarray | None = None  # units × categories: counter-framing (in counts too)

    @property
    def counter(self) -> np.ndarray:
        """Units × categories: matches against their category's sponsor (zeros when not known)."""
        return self.against if self.against is not None else np.zeros_like(self.counts)

    def rows(self, group: str) -> np.ndarray:
        """Boolean mask of the units of ``group``."""
        return self._group_array == group

    @cached_property
    def _group_array(self) -> np.ndarray:
        return np.array(self.groups, dtype=object)


def concat_units(tables: Sequence[UnitTable], categories: Sequence[str]) -> UnitTable:
    """The units of several :class:`UnitTable` s, in order: the merge of tables of disjoint sets of documents
    (a unit is one group in one document, so units of different documents never need adding up).

    Parameters
    ----------
    tables : sequence of UnitTable
        Tables of disjoint sets of documents, all of ``categories``.
    categories : sequence of str
        The categories of every table (and of the result, also when ``tables`` is empty).

    Returns
    -------
    UnitTable
        The units of all tables, in order.

    Raises
    ------
    StatisticsError
        [F606] when a table has other categories.
    """
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
        return UnitTable((), (), empty, empty.copy(), empty.copy(), np.zeros(0), np.zeros(0), cats, empty.copy())
    return UnitTable(
        tuple(g for t in tables for g in t.groups),
        tuple(d for t in tables for d in t.documents),
        np.concatenate([t.counts for t in tables]),
        np.concatenate([t.negated for t in tables]),
        np.concatenate([t.present for t in tables]),
        np.concatenate([t.tokens for t in tables]),
        np.concatenate([t.passages for t in tables]),
        cats,
        np.concatenate([t.counter for t in tables]),
    )


def actor_at_level(registry: ActorRegistry | None, actor: str, level: str | None) -> str:
    """An actor rolled up to the first of itself and its ancestors of kind ``level``.

    Parameters
    ----------
    registry : ActorRegistry or None
        The actors and their parents; ``None`` keeps every actor.
    actor : str
        An actor id as attributed.
    level : str or None
        ``"state"``, ``"organisation"``, ``"group"`` or ``"person"``; ``None`` keeps every actor as
        attributed.

    Returns
    -------
    str
        The id of ``actor`` or of its first ancestor of kind ``level``; actors without one keep their own
        id (``narrator``, names not in the registry).
    """
    if level is None or registry is None or actor not in registry:
        return actor
    if registry[actor].kind == level:
        return actor
    return next((a for a in registry.ancestors(actor) if registry[a].kind == level), actor)


def own_voice(a: Attribution, meta: Mapping[str, Mapping[str, Any]], speaker_field: str) -> tuple[str, ...]:
    """The speaker of passage ``a`` by a metadata field of its document (``"iso3"``: the country), when the
    passage is in the document's own voice (:data:`OWN_VOICE_RULES`); nobody when it quotes someone else.

    ``meta`` maps document ids to their metadata; a document without the field speaks as ``""``.
    """
    if a.rule not in OWN_VOICE_RULES:
        return ()
    return document_group(a, meta, speaker_field)


def document_group(a: Attribution, meta: Mapping[str, Mapping[str, Any]], group_by: str) -> tuple[str, ...]:
    """The group of passage ``a`` by a metadata field of its document (``"outlet"``), whoever speaks it: the
    passages a news article quotes are the outlet's as much as its narration (``group_by``).

    ``meta`` maps document ids to their metadata; a document without the field is in the group ``""``.
    """
    value = meta.get(str(a.doc_id), {}).get(group_by)
    return ("" if value is None else str(value),)


def _document_meta(corpus: Iterable[Document] | None, **fields: str | None) -> dict[str, Mapping[str, Any]]:
    """The metadata of each document of ``corpus`` by id; raises [F603] when one of ``fields`` (``by``,
    ``speaker_field``, ``group_by``) needs it and there is none, or when ``speaker_field`` and ``group_by``
    are both given."""
    if fields.get("speaker_field") is not None and fields.get("group_by") is not None:
        raise ArgumentError(
            "F603",
            function="unit_table",
            problem="speaker_field= and group_by= are two ways of grouping by metadata",
            fix="give one of them (group_by: every passage of a document; speaker_field: its own voice only)",
        )
    meta = {str(d.doc_id): d.meta for d in corpus} if corpus is not None else {}
    for name, field in fields.items():
        if field is not None and not meta:
            raise ArgumentError(
                "F603",
                function="unit_table",
                problem=f"{name}={field!r} needs the corpus (its documents' metadata)",
                fix="pass corpus=",
            )
    return meta


def _match_cells(
    matches: pd.DataFrame,
    by_passage: PassageIndex,
    voices: Voices,
    key_of: Callable[[str, str], tuple[str, str]],
    units: Mapping[tuple[str, str], int],
    categories: Sequence[str],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Units × categories: non-negated matches, negated matches, passages with a non-negated match and
    non-negated matches against their sponsor. A match counts once for each unit its voices roll up to;
    matches of other categories are ignored."""
    cat_index = {c: i for i, c in enumerate(categories)}
    counts = np.zeros((len(units), len(categories)))
    negated = np.zeros_like(counts)
    against = np.zeros_like(counts)
    has_targets = "against_sponsor" in matches.columns
    present_sets: dict[tuple[int, int], set] = {}
    for row, attribution, who in credited_matches(matches, by_passage, voices):
        if row.category not in cat_index:
            continue
        for k in {key_of(actor, attribution.doc_id) for actor in who}:
            u, c = units[k], cat_index[row.category]
            if row.negated:
                negated[u, c] += 1
            else:
                counts[u, c] += 1
                against[u, c] += bool(has_targets and row.against_sponsor)
                present_sets.setdefault((u, c), set()).add(row.passage_id)
    present = np.zeros_like(counts)
    for (u, c), pids in present_sets.items():
        present[u, c] = len(pids)
    return counts, negated, present, against


def grouping(
    attributions: Sequence[Attribution],
    *,
    registry: ActorRegistry | None = None,
    level: str | None = None,
    by: str | None = None,
    corpus: Iterable[Document] | None = None,
    credit: str = "passage",
    speaker_field: str | None = None,
    group_by: str | None = None,
) -> tuple[Voices, Callable[[str, str], tuple[str, str]], bool]:
    """Who voices each place of a passage, and the (group, document) key of a voice: the grouping shared
    by :func:`unit_table` and :func:`framing.compare.target_table` (the parameters are :func:`unit_table`'s).

    Returns
    -------
    voices : callable
        ``voices(attribution, position)``: the actors (or metadata values) voicing that place.
    key_of : callable
        ``key_of(actor, doc_id)``: the unit key ``(group, doc_id)``.
    by_span : bool
        Whether matches are credited to the speaker of their span.
    """
    meta = _document_meta(corpus, by=by, speaker_field=speaker_field, group_by=group_by)
    by_metadata = speaker_field is not None or group_by is not None
    by_span = credit == "span" and not by_metadata

    def voices(a: Attribution, position: int | None = None) -> tuple[str, ...]:
        if group_by is not None:
            return document_group(a, meta, group_by)
        if speaker_field is not None:
            return own_voice(a, meta, speaker_field)
        return a.speakers_at(position) if credit == "span" and position is not None else a.speakers

    # open-world speakers with an affiliation the text gives ("Kremlin adviser Jane Roe") roll up through it
    affiliation = {(str(a.doc_id), u.id): u.member_of[0] for a in attributions for u in a.unregistered if u.member_of}

    def key_of(actor: str, doc_id: str) -> tuple[str, str]:
        if level not in (None, "person") and not by_metadata:
            actor = affiliation.get((str(doc_id), actor), actor)
        group = actor if by_metadata else actor_at_level(registry, actor, level)
        if by is not None:
            group = f"{group}|{meta.get(str(doc_id), {}).get(by, '')}"
        return group, str(doc_id)

    return voices, key_of, by_span


def matches_framing(
    matches: pd.DataFrame, target: str, registry: ActorRegistry | None = None, level: str | None = None
) -> pd.DataFrame:
    """The matches that frame ``target``: one of their ``targets`` (:func:`framing.actors.frame_targets`) is
    ``target`` or, rolled up the registry, one of its members (``russia`` keeps "Putin's aggression").

    Parameters
    ----------
    matches : pandas.DataFrame
        A match table with its target columns.
    target : str
        The actor framed.
    registry : ActorRegistry, optional
        The actors, to roll targets up to ``target``.
    level : str, optional
        Roll targets up as :func:`actor_at_level` does, for a target named at that level.

    Returns
    -------
    pandas.DataFrame
        The rows of ``matches`` that frame ``target``, in their order.

    Raises
    ------
    ArgumentError
        [F603] when the matches have no ``targets`` column (a match table without attribution).
    """
    if "targets" not in matches.columns:
        raise ArgumentError(
            "F603",
            function="matches_framing",
            problem="the match table has no 'targets' column",
            fix="link the matches to their targets first (framing.actors.frame_targets; framing analyze does)",
        )

    def frames(targets: str) -> bool:
        for t in targets.split(";") if targets else ():
            if t == target or actor_at_level(registry, t, level) == target:
                return True
            if registry is not None and t in registry and target in registry.ancestors(t):
                return True
        return False

    keep = np.array([frames(t) for t in matches["targets"].astype(str)], dtype=bool)
    return matches[keep]


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
    group_by: str | None = None,
    target: str | None = None,
) -> UnitTable:
    """Aggregate attributions and matches into (group, document) units (see :class:`UnitTable`).

    Parameters
    ----------
    attributions : iterable of Attribution
        Who speaks each passage (:func:`framing.actors.attribute`).
    matches : pandas.DataFrame
        The match table of the same passages (:func:`framing.lexicon.match_table`); matches of passages
        without an attribution, and of categories not in ``categories``, are ignored.
    categories : sequence of str
        The categories, in the order of the table's columns.
    registry : ActorRegistry, optional
        The actors, needed to roll speakers up with ``level``.
    level : str, optional
        Roll speakers up the registry (:func:`actor_at_level`): with ``"state"``, Putin's and Lavrov's
        passages are Russia's; an open-world speaker rolls up through the affiliation the text gives
        (:attr:`~framing.actors.Attribution.unregistered`: "Kremlin adviser Jane Roe" is Russia's).
    by : str, optional
        A metadata field of the document (``"year"``) added to the group: ``"russia|2022"``. Needs
        ``corpus``.
    corpus : iterable of Document, optional
        The documents, for their metadata (``by``, ``speaker_field``, ``group_by``).
    credit : {"passage", "span"}, default "passage"
        Credit a match to every speaker of its passage, or to the speaker of the span it lies in (see
        :func:`framing.compare.actor_frames`); ignored with ``speaker_field`` and ``group_by``.
    speaker_field : str, optional
        Group speeches by this metadata field instead of the attributed actors (``"iso3"`` for UN General
        Debate speeches: actors = countries): the passages in the document's own voice (rules
        ``document-speaker`` and ``turn``) are the group's; passages that quote someone else are left out.
        Needs ``corpus``.
    group_by : str, optional
        Group documents by this metadata field instead of the attributed actors (``"outlet"`` of a news
        CSV): **every** passage of a document is its group's, narration and quotes alike (how framing
        studies of news count an outlet), one unit per (value, document). Documents without the field form
        the group ``""``. Needs ``corpus``; not with ``speaker_field``.
    target : str, optional
        Count only the matches that frame this actor (:func:`matches_framing`): how each group frames
        Russia (``target="russia"``). Tokens and passages stay those the group speaks.

    Returns
    -------
    UnitTable
        One unit per group and document, in the order first met in ``attributions``.

    Raises
    ------
    ArgumentError
        [F603] when ``by``, ``speaker_field`` or ``group_by`` is given without ``corpus`` (or with an empty
        one), or ``speaker_field`` with ``group_by``, or ``target`` for matches without targets.
    """
    attributions = list(attributions)
    voices, key_of, by_span = grouping(
        attributions, registry=registry, level=level, by=by, corpus=corpus, credit=credit,
        speaker_field=speaker_field, group_by=group_by,
    )  # fmt: skip
    if target is not None:
        matches = matches_framing(matches, target, registry, level)
    by_passage, volume = tally_speech(attributions, by_span=by_span, voices=voices, key_of=key_of)
    units = {k: u for u, k in enumerate(volume)}
    counts, negated, present, against = _match_cells(matches, by_passage, voices, key_of, units, categories)
    return UnitTable(
        tuple(k[0] for k in volume),
        tuple(k[1] for k in volume),
        counts,
        negated,
        present,
        np.array([v[1] for v in volume.values()], dtype=float),
        np.array([v[0] for v in volume.values()], dtype=float),
        tuple(categories),
        against,
    )
