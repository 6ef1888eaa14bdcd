"""Compare: where who speaks (attribution) meets what is said (matches).

``counts`` holds :func:`actor_frames`, the actor × category table that credits every match to every speaker
of its passage (the unit of analysis is the passage, so rows of different actors are not additive), with
its additive part :class:`FrameCounts` and the displays :func:`top_frames` and :func:`frame_matrix`.

The statistics work on (group, document) units: ``units`` builds them (:func:`unit_table`); ``groups`` holds
:func:`profiles` (rates with cluster-bootstrap CIs over documents) and :func:`compare_groups` (one-vs-rest or
all pairs: differences with CIs, permutation p-values, Benjamini–Hochberg across the whole table,
Jensen–Shannon distances); ``keywords`` holds :func:`category_keyness` / :func:`term_keyness` (weighted
log-odds with an informative Dirichlet prior, chi² and G²); ``adoption`` :func:`frame_adoption` (rates of
each sponsor's frames, counter-framing apart); ``targets`` :func:`target_table` (who frames whom as what:
matches per speaking group, target, role and category; :func:`unit_table` with ``target=`` compares how
groups frame one actor); ``suggest`` :func:`suggest_terms` (candidate entries for a lexicon category:
the words and phrases of the passages it matches, by weighted log-odds against the rest); ``models``
:func:`count_model` (count regressions per category: rate ratios of
groups controlling for metadata such as year, negative binomial or quasi-Poisson, standard errors
clustered by document); ``validation`` checks lexicon scores against human coding (:func:`validate`,
:func:`agreement`). ``speech`` is the walk over attributions and matches that ``counts`` and ``units``
share. The formulas are in :mod:`framing.stats`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:
    from .adoption import frame_adoption
    from .counts import ACTOR_FRAME_COLUMNS, FrameCounts, actor_frames, frame_counts, frame_matrix, top_frames
    from .formulas import formula_fields
    from .groups import Comparisons, Profiles, compare_groups, profiles
    from .keywords import (
        KeynessTable,
        category_keyness,
        keyness,
        term_counts,
        term_keyness,
        term_keyness_from_counts,
    )
    from .models import MODEL_COLUMNS, REST, CountModels, count_model
    from .suggest import SUGGEST_COLUMNS, suggest_terms
    from .targets import TARGET_TABLE_COLUMNS, target_table
    from .units import UnitTable, actor_at_level, concat_units, matches_framing, unit_table
    from .validation import Validation, agreement, validate

__all__ = [
    "ACTOR_FRAME_COLUMNS",
    "MODEL_COLUMNS",
    "REST",
    "SUGGEST_COLUMNS",
    "TARGET_TABLE_COLUMNS",
    "Comparisons",
    "CountModels",
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
    "count_model",
    "formula_fields",
    "frame_adoption",
    "frame_counts",
    "frame_matrix",
    "keyness",
    "matches_framing",
    "profiles",
    "suggest_terms",
    "target_table",
    "term_counts",
    "term_keyness",
    "term_keyness_from_counts",
    "top_frames",
    "unit_table",
    "validate",
]

__getattr__, __dir__ = attach(
    __name__,
    {
        "counts": ("ACTOR_FRAME_COLUMNS", "FrameCounts", "actor_frames", "frame_counts", "frame_matrix", "top_frames"),
        "units": ("UnitTable", "actor_at_level", "concat_units", "matches_framing", "unit_table"),
        "targets": ("TARGET_TABLE_COLUMNS", "target_table"),
        "suggest": ("SUGGEST_COLUMNS", "suggest_terms"),
        "groups": ("Comparisons", "Profiles", "compare_groups", "profiles"),
        "keywords": (
            "KeynessTable",
            "category_keyness",
            "keyness",
            "term_counts",
            "term_keyness",
            "term_keyness_from_counts",
        ),
        "adoption": ("frame_adoption",),
        "models": ("MODEL_COLUMNS", "REST", "CountModels", "count_model"),
        "formulas": ("formula_fields",),
        "validation": ("Validation", "agreement", "validate"),
    },
)
