"""Who speaks and who is talked about: the actor registry, attribution of passages, its evaluation.

``registry`` holds the actors (aliases, titles, roles, the ``member_of`` hierarchy) and finds their mentions;
``loading`` reads registries (the bundled one, extended or replaced by your files) and checks them;
``attribution`` credits each passage to its speakers (transcript turns, quotes, reporting verbs, carry-over)
and names the rule and the evidence of every decision, with ``quotes`` (where quotations open and close) and
``clauses`` (the reporting-verb, pronoun and colon rules), ``names`` (open-world speakers the registry does
not know), ``readouts`` (telephone-call readouts and joint statements) and ``verbs`` (the reporting verbs);
``evaluation`` scores attributions against gold, ``relations`` against attribution relations (PolNeAR);
``targets`` links lexicon matches to the actors they frame (by the rules of ``linking``), their roles and
framing against its sponsor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:
    from .attribution import Attribution, SpeakerAttributor, attribute, attributions_frame, load_reporting_verbs
    from .evaluation import AttributionScores, evaluate_attributions, evaluate_turns, read_gold, read_turns
    from .linking import Target
    from .loading import load_actors, parse_actors
    from .registry import NARRATOR, Actor, ActorRegistry, Mention, Role, slug
    from .relations import RelationScores, evaluate_relations, read_relations
    from .targets import TARGET_COLUMNS, frame_targets, link_targets

__all__ = [
    "NARRATOR",
    "TARGET_COLUMNS",
    "Actor",
    "ActorRegistry",
    "Attribution",
    "AttributionScores",
    "Mention",
    "RelationScores",
    "Role",
    "SpeakerAttributor",
    "Target",
    "attribute",
    "attributions_frame",
    "evaluate_attributions",
    "evaluate_relations",
    "evaluate_turns",
    "frame_targets",
    "link_targets",
    "load_actors",
    "load_reporting_verbs",
    "parse_actors",
    "read_gold",
    "read_relations",
    "read_turns",
    "slug",
]

__getattr__, __dir__ = attach(
    __name__,
    {
        "registry": (
            "Actor",
            "ActorRegistry",
            "Mention",
            "NARRATOR",
            "Role",
            "slug",
        ),
        "loading": ("load_actors", "parse_actors"),
        "attribution": (
            "Attribution",
            "SpeakerAttributor",
            "attribute",
            "attributions_frame",
            "load_reporting_verbs",
        ),
        "relations": ("RelationScores", "evaluate_relations", "read_relations"),
        "linking": ("Target",),
        "targets": ("TARGET_COLUMNS", "frame_targets", "link_targets"),
        "evaluation": (
            "AttributionScores",
            "evaluate_attributions",
            "evaluate_turns",
            "read_gold",
            "read_turns",
        ),
    },
)
