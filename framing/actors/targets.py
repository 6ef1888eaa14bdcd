"""Whom a frame is about: the targets of each lexicon match, their roles, and framing turned against its sponsor.

:func:`frame_targets` links every row of a match table to the actors the framed phrase is about, using the
actor mentions attribution found in its passage (the registry's actors, as everywhere), by the shallow
rules of :mod:`framing.actors.linking` (no parser); each target names the rule and the evidence span that
decided it.

The **role** of a target is its category's role for the slot (:meth:`framing.lexicon.Category.role`: by
Entman function, e.g. a moral judgement's owner is its villain and its patient a victim; a remedy's agent a
hero, whom it is aimed against a villain, whom it is for a victim). A match is **against its sponsor**
(``against_sponsor``) when one of its villains is a sponsor of its category or rolls up to one through the
registry (Poland: "Russia's imperialist and neocolonialist policy" casts Russia as the villain of a Kremlin
frame): adoption counts it as counter-framing, not as adoption of the sponsor's framing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
import pandas as pd

from .attribution import Attribution
from .linking import Linker, Target
from .registry import ActorRegistry

__all__ = ["TARGET_COLUMNS", "frame_targets", "link_targets", "role_of"]

#: The columns :func:`frame_targets` adds to a match table.
TARGET_COLUMNS = ["targets", "roles", "target_rules", "target_evidence", "against_sponsor"]


def role_of(category: Any, target: Target) -> str:
    """The role a category casts ``target`` in: its role for the target's slot
    (:meth:`framing.lexicon.Category.role`), turned by an agent's cue (:data:`CUES`). Of a frame that
    accuses (its agent is a villain: aggression, war crimes), the agent who opposes it is a hero; of a frame
    that upholds (a remedy, sovereignty), the agent who opposes it is a villain; either way the agent who
    needs or suffers it is a victim and the one forced to it a villain."""
    role = category.role(target.slot)
    if target.slot != "agent" or not target.cue:
        return role
    accuses = category.role("agent") == "villain"
    return {
        "support": role,
        "oppose": "hero" if accuses else "villain",
        "need": "victim",
        "force": "villain",
    }[target.cue]


def link_targets(
    a: Attribution,
    start: int,
    end: int,
    registry: ActorRegistry | None = None,
    *,
    verbs: frozenset[str] | None = None,
) -> list[Target]:
    """The actors the phrase at ``[start, end)`` (document offsets) of passage ``a`` is about.

    Parameters
    ----------
    a : Attribution
        The phrase's passage with its actor mentions (:func:`framing.actors.attribute`).
    start, end : int
        The phrase (a lexicon match) in document offsets.
    registry : ActorRegistry, optional
        The actors, for their kinds (a state named as a place is a target, a region is not).
    verbs : frozenset of str, optional
        Reporting verbs (default: :func:`framing.actors.load_reporting_verbs`).

    Returns
    -------
    list of Target
        In the order of their mentions; empty when the phrase frames no one.
    """
    return Linker(registry, verbs=verbs).link(a, start, end)


def frame_targets(
    attributions: Iterable[Attribution],
    matches: pd.DataFrame,
    categories: Mapping,
    registry: ActorRegistry | None = None,
    *,
    reach: str = "segment",
) -> pd.DataFrame:
    """The match table with the targets of every match, their roles and whether it turns against its sponsor.

    Parameters
    ----------
    attributions : iterable of Attribution
        The passages' attributions (their actor mentions), as :func:`framing.actors.attribute` gives them.
    matches : pandas.DataFrame
        The match table of the same passages (:func:`framing.lexicon.match_table`).
    categories : mapping of str to Category
        The lexicon's categories (``lexicon.categories``), for their roles and sponsors.
    registry : ActorRegistry, optional
        The actors, to roll a villain up to its category's sponsor (``france`` → ``europe``).
    reach : {"segment", "clause", "sentence"}, default "segment"
        How far the last linking rule looks (:data:`framing.actors.linking.REACHES`): precision against
        recall.

    Returns
    -------
    pandas.DataFrame
        ``matches`` with the columns :data:`TARGET_COLUMNS`: ``targets`` (actor ids, ``;``-separated, empty
        when the phrase frames no one), ``roles`` (one of :data:`framing.lexicon.ROLES` per target, same
        order), ``target_rules`` (the rule per target) and ``target_evidence`` (the evidence text per target,
        ``|``-separated), and ``against_sponsor`` (a villain is the category's sponsor or one of its members).
        Matches of passages without an attribution get no targets.
    """
    by_passage = {(str(a.doc_id), int(a.passage_id)): a for a in attributions}
    linker = Linker(registry, reach=reach)
    n = len(matches)
    targets, roles, rules, evidence = ([""] * n for _ in range(4))
    against = np.zeros(n, dtype=bool)
    up: dict[str, set[str]] = {}

    def lineage(actor: str) -> set[str]:
        if actor not in up:
            up[actor] = {actor, *(registry.ancestors(actor) if registry is not None and actor in registry else ())}
        return up[actor]

    cols = [matches[c].to_numpy() for c in ("doc_id", "passage_id", "start", "end", "category")]
    for k, (doc_id, pid, start, end, category) in enumerate(zip(*cols, strict=True)):
        key = (str(doc_id), int(pid))
        a = by_passage.get(key)
        if a is None:
            continue
        found = linker.link(a, int(start), int(end))
        if not found:
            continue
        cat = categories.get(category)
        cast = [role_of(cat, t) if cat is not None else "none" for t in found]
        targets[k] = ";".join(t.actor for t in found)
        roles[k] = ";".join(cast)
        rules[k] = ";".join(t.rule for t in found)
        evidence[k] = "|".join(linker.evidence(a, t) for t in found)
        sponsors = set(cat.sponsor) if cat is not None else set()
        against[k] = any(r == "villain" and lineage(t.actor) & sponsors for t, r in zip(found, cast, strict=True))
    out = matches.copy()
    for name, values in zip(TARGET_COLUMNS[:4], (targets, roles, rules, evidence), strict=True):
        out[name] = pd.Series(values, index=matches.index, dtype=object)
    out["against_sponsor"] = against
    return out
