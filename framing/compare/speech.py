"""Who speaks what, and which matches are theirs: the one aggregation under :func:`frame_counts` and
:func:`unit_table`.

Both tables are built in two passes. The first walks the attributions: each passage (or, when matches are
credited per span, each part of it) is voiced by some speakers, and each speaker's *key* (the actor
itself for :func:`frame_counts`; the actor rolled up and joined with a metadata value, in one document, for
:func:`unit_table`) is credited the part's tokens and, once per passage, the passage
(:func:`tally_speech`). The second walks the match table and hands each match to the voices of the place
where it lies (:func:`credited_matches`). What the caller adds up per match differs; the walks do not.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Iterator
from typing import Any, TypeVar

import pandas as pd

from ..actors import Attribution
from ..tokens import count_tokens

__all__ = ["PassageIndex", "Voices", "credited_matches", "spoken_parts", "tally_speech"]

K = TypeVar("K", bound=Hashable)

#: The attribution of each passage, by (document, passage).
PassageIndex = dict[tuple[str, int], Attribution]
#: Who voices a passage, or the place of a match in it: ``voices(attribution, position)``, where ``None``
#: stands for the whole passage.
Voices = Callable[[Attribution, int | None], tuple[str, ...]]


def spoken_parts(a: Attribution, by_span: bool, voices: Voices) -> list[tuple[str, tuple[str, ...]]]:
    """The parts of passage ``a`` with who voices each: its spans when ``by_span`` (and it has any), else the
    whole passage voiced by ``voices(a, None)``."""
    if by_span and a.spans:
        return [(a.text[s - a.start : e - a.start], who) for s, e, who, _ in a.spans]
    return [(a.text, voices(a, None))]


def tally_speech(
    attributions: Iterable[Attribution],
    *,
    by_span: bool,
    voices: Voices,
    key_of: Callable[[str, str], K],
) -> tuple[PassageIndex, dict[K, list[int]]]:
    """The attributions by passage, and ``[passages, tokens]`` spoken per key.

    Each part of a passage (:func:`spoken_parts`) adds its word tokens to the key (``key_of(actor,
    doc_id)``) of every actor voicing it; a key is credited the passage once, however many of its parts or
    actors it voices. Keys appear in the order first met.
    """
    by_passage: PassageIndex = {}
    volume: dict[K, list[int]] = {}
    for a in attributions:
        by_passage[(a.doc_id, a.passage_id)] = a
        seen: set[K] = set()
        for text, who in spoken_parts(a, by_span, voices):
            n = count_tokens(text)
            for actor in who:
                k = key_of(actor, a.doc_id)
                v = volume.setdefault(k, [0, 0])
                v[0] += k not in seen
                v[1] += n
                seen.add(k)
    return by_passage, volume


def credited_matches(
    matches: pd.DataFrame, by_passage: PassageIndex, voices: Voices
) -> Iterator[tuple[Any, Attribution, tuple[str, ...]]]:
    """Each match of a passage in ``by_passage`` (others are skipped), with its attribution and the actors
    voicing the place where it lies (``voices(attribution, row.start)``), in the order of the table."""
    row: Any  # pandas-stubs types every field of a row as any scalar
    for row in matches.itertuples(index=False):
        attribution = by_passage.get((row.doc_id, row.passage_id))
        if attribution is not None:
            yield row, attribution, voices(attribution, row.start)
