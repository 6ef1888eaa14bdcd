"""The plan of a run: the batch spec of a configuration, what is checked before anything is read, and the
statistics computed once from the merged batches.

Checked before reading: groups that cannot appear (F443, :func:`batch_spec`) and a ``by`` /
``speaker_field`` / ``group_by`` that no input can have (F444, :func:`check_fields_before_reading`). After
the merge, :func:`finish` makes the actor frames and :func:`statistics` the profiles, comparisons, keyness and adoption
from the merged aggregates (:class:`Statistics`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd
from threadpoolctl import threadpool_limits

from ..actors import ActorRegistry, load_actors, slug
from ..compare import (
    Comparisons,
    CountModels,
    KeynessTable,
    Profiles,
    category_keyness,
    compare_groups,
    count_model,
    formula_fields,
    frame_adoption,
    profiles,
    term_keyness_from_counts,
)
from ..corpus import Corpus, CorpusStream, possible_fields
from ..errors import CompareWarning, RunError
from ..lexicon import Lexicon, load_lexicon
from .backends import BLAS_THREADS, Backend
from .batches import BatchSpec, as_paths, grouping_fields
from .config import RunConfig
from .merge import Merge

__all__ = ["Statistics", "batch_spec", "check_fields_before_reading", "finish", "statistics"]


# ------------------------------------------------------------------------------------ before reading
def batch_spec(config: RunConfig, **flags: bool) -> BatchSpec:
    """The batch spec of ``config`` (lexicon and registry loaded) with ``flags`` (keep, write,
    return_documents); the groups it names are checked against the registry (F443)."""
    lex = config.lexicon if isinstance(config.lexicon, Lexicon) else load_lexicon(config.lexicon)
    registry = (
        config.actors
        if isinstance(config.actors, ActorRegistry)
        else load_actors(config.actors, extend=not config.replace_actors)
    )
    _check_groups(config, registry)
    if config.target is not None and config.target not in registry:
        raise RunError(
            "F440", option="target", flag="--target", value=config.target,
            constraint=f"an actor id of the registry {registry.name!r} (e.g. russia, putin)",
        )  # fmt: skip
    return BatchSpec(
        lex, registry, unit=config.unit, paragraphs=config.paragraphs, credit=config.credit,
        statistics=config.statistics, level=config.level, by=config.by, speaker_field=config.speaker_field,
        group_by=config.group_by, target=config.target, model_fields=_model_fields(config), **flags,
    )  # fmt: skip


def _model_fields(config: RunConfig) -> tuple[str, ...]:
    """The metadata fields of the count model's formula; a bad formula is an error before reading (F620)."""
    return formula_fields(config.model) if config.statistics and config.model is not None else ()


def _check_groups(config: RunConfig, registry: ActorRegistry) -> None:
    """Groups that cannot appear are an error before anything is read: with attributed speakers (no
    ``speaker_field`` or ``group_by``) a group is an actor id (of the registry, ``narrator``, or the slug of a
    speaker the registry does not know: lower case, words joined by ``_``), followed by ``|value`` when ``by``
    is set. Grouped by metadata, a group is any value of the field (followed by ``|value`` with ``by``).
    Whether such a group speaks is known once the documents are read (checked before the statistics)."""
    if not config.statistics or config.groups is None:
        return
    if config.speaker_field is not None or config.group_by is not None:
        _check_metadata_groups(config)
        return
    missing = []
    for group in config.groups:
        actor, bar, _ = group.partition("|")
        if (actor not in registry and slug(actor) != actor) or bool(bar) != (config.by is not None):
            missing.append(group)
    if missing:
        hints = [f"{g!r} is {registry.resolve_name(g)!r}" for g in missing if registry.resolve_name(g) is not None]
        shape = "ACTOR|VALUE (e.g. russia|2022)" if config.by is not None else "an actor id (e.g. russia, putin)"
        raise RunError(
            "F443", missing=", ".join(map(repr, missing)),
            why=f"a group is {shape}: an id of the actor registry {registry.name!r}, 'narrator', or a speaker's "
            "id in lower case with words joined by '_'",
            known=("Did you mean: " + "; ".join(hints) + ".") if hints else "",
        )  # fmt: skip


def _check_metadata_groups(config: RunConfig) -> None:
    """Grouped by metadata, any value may be a group; with ``by`` it must be ``VALUE|BY-VALUE`` (F443)."""
    if config.by is None:
        return
    missing = [g for g in config.groups or () if "|" not in g]
    if missing:
        option = "group_by" if config.group_by is not None else "speaker_field"
        raise RunError(
            "F443", missing=", ".join(map(repr, missing)),
            why=f"with {option} and by a group is VALUE|VALUE: the {option} value, '|', the by value (e.g. "
            "'outlet_a|2022')", known="",
        )  # fmt: skip


def check_fields_before_reading(config: RunConfig, inputs: Any) -> None:
    """``by`` / ``speaker_field`` / ``group_by`` naming a field that no input can have is an error before
    reading (F444): plain text and CSV files say which fields they can have (see
    :func:`framing.corpus.possible_fields`)."""
    if not config.statistics or isinstance(inputs, Corpus | CorpusStream):
        return
    names = [(o, n) for o, n in grouping_fields(config) if n is not None]
    names += [("model", n) for n in _model_fields(config)]
    if not names:
        return
    possible = possible_fields(as_paths(inputs), text_field=config.text_field, id_field=config.id_field)
    for option, name in names:
        if possible is not None and name not in possible:
            where = "The inputs (plain text and CSV files, by their headers) have"
            raise RunError("F444", where=where, field=name, option=option, fields=", ".join(sorted(possible)))


# ---------------------------------------------------------------------------------------- after the merge
def finish(merge: Merge, options: RunConfig, backend: Backend) -> tuple[pd.DataFrame, Statistics, dict[str, Any]]:
    """The actor frames and statistics from the merged batches (the comparisons run on ``backend``), and the
    run's configuration."""
    config = options.recorded()
    frames = merge.frames.table(merge.spec.lexicon.category_names)
    stats = statistics(
        merge, groups=options.groups, max_groups=options.max_groups, compare=options.compare,
        n_boot=options.n_boot, n_perm=options.n_perm, seed=options.seed, config=config, parallel_map=backend.map,
        model=options.model, test=options.test, min_documents=options.min_documents,
    )  # fmt: skip
    return frames, stats, config


@dataclass
class Statistics:
    profiles: Profiles | None = None
    comparisons: Comparisons | None = None
    category_keyness: KeynessTable | None = None
    term_keyness: KeynessTable | None = None
    adoption: pd.DataFrame | None = None
    models: CountModels | None = None


def statistics(
    merge: Merge,
    *,
    groups: Sequence[str] | None,
    max_groups: int,
    compare: str,
    n_boot: int,
    n_perm: int,
    seed: int,
    config: dict[str, Any],
    parallel_map: Callable[..., Iterable[Any]] = map,
    model: str | None = None,
    test: str = "interval",
    min_documents: int = 2,
) -> Statistics:
    """Profiles, comparisons, keyness, adoption and (``model``: a formula) the count models from the merged
    aggregates (``config`` is completed); ``test`` and ``min_documents`` as in
    :func:`framing.compare.compare_groups`."""
    spec = merge.spec
    out = Statistics()
    if not (spec.statistics and merge.passages):
        return out
    check_grouping_fields(merge)
    with threadpool_limits(BLAS_THREADS):
        return _compute_statistics(
            merge, out, groups=groups, max_groups=max_groups, compare=compare, n_boot=n_boot, n_perm=n_perm,
            seed=seed, config=config, parallel_map=parallel_map, model=model, test=test, min_documents=min_documents,
        )  # fmt: skip


def check_grouping_fields(merge: Merge) -> None:
    """No document with the ``by`` / ``speaker_field`` / ``group_by`` field is an error (F444); some without,
    a warning (W403); ``speaker_field`` on documents none of whose passages is in their own voice (a news
    CSV), a warning that says to use ``group_by`` (W404). A field of the model's formula that no document has
    is an error too (F444, before the statistics)."""
    spec = merge.spec
    fields = ", ".join(sorted(merge.fields)) or "none"
    for field in spec.model_fields:
        if field not in merge.fields:
            raise RunError("F444", where=f"None of the {merge.documents} documents has", field=field, option="model",
                           fields=fields)  # fmt: skip
    for option, name in grouping_fields(spec):
        n = merge.missing_fields.get(option, 0)
        if name is None or n == 0:
            continue
        if n >= merge.documents:
            where = f"None of the {merge.documents} documents has"
            raise RunError("F444", where=where, field=name, option=option, fields=fields)
        by_metadata = spec.speaker_field is not None or spec.group_by is not None
        example = ("VALUE|" if by_metadata else "ACTOR|") if option == "by" else ""
        warnings.warn(
            CompareWarning("W403", n=n, total=merge.documents, field=name, option=option, example=example),
            stacklevel=3,
        )
    if spec.speaker_field is not None and not any(len(u.groups) for u in merge.units):
        warnings.warn(
            CompareWarning("W404", passages=merge.passages, documents=merge.documents, field=spec.speaker_field),
            stacklevel=3,
        )


def _compute_statistics(
    merge: Merge,
    out: Statistics,
    *,
    groups: Sequence[str] | None,
    max_groups: int,
    compare: str,
    n_boot: int,
    n_perm: int,
    seed: int,
    config: dict[str, Any],
    parallel_map: Callable[..., Iterable[Any]],
    model: str | None = None,
    test: str = "interval",
    min_documents: int = 2,
) -> Statistics:
    spec = merge.spec
    units = merge.unit_table()
    level, by, credit = spec.level, spec.by, spec.credit
    volume = {g: units.tokens[units.rows(g)].sum() for g in set(units.groups) if not g.startswith("narrator")}
    if groups is None:
        groups = sorted(sorted(volume, key=lambda g: (-volume[g], g))[:max_groups])
    else:
        groups = list(groups)
        speaking = set(units.groups)
        missing = [g for g in groups if g not in speaking]
        if missing:
            largest = sorted(volume, key=lambda g: (-volume[g], g))[:12]
            raise RunError(
                "F443", missing=", ".join(map(repr, missing)), why="they speak no passage in these documents",
                known=f"The groups that speak the most: {', '.join(largest)}." if largest else "No group speaks.",
            )  # fmt: skip
    out.profiles = profiles(units, level=level, by=by, credit=credit, min_documents=min_documents)
    if len(groups) >= 2 or (compare == "one-vs-rest" and len(set(units.groups)) >= 2 and groups):
        out.comparisons = compare_groups(
            units, groups=groups, compare=compare, n_perm=n_perm, n_boot=n_boot, rng=seed, test=test,
            min_documents=min_documents, parallel_map=parallel_map,
        )  # fmt: skip
    speaking = set(units.groups)
    with_matches = {g for g in speaking if units.counts[units.rows(g)].sum() > 0}
    if len(with_matches) >= 1 and len(speaking) >= 2:  # per token: a group with a match against the rest
        out.category_keyness = category_keyness(units)
    if len(speaking) >= 2:
        out.term_keyness = term_keyness_from_counts(merge.terms, report=groups)
    out.adoption = frame_adoption(units, spec.lexicon)
    if model is not None:  # the run's groups are the model's levels, every other group is pooled (REST)
        out.models = count_model(units, model, metadata=merge.document_meta, groups=groups)
    if model is not None:  # recorded only when set, so that runs without a model keep their run.json
        config["model"] = model
    if spec.target is not None:  # likewise
        config["target"] = spec.target
    config.update(
        {
            "level": level,
            "by": by,
            "speaker_field": spec.speaker_field,
            "group_by": spec.group_by,
            "groups": groups,
            "compare": compare,
            "test": test,
            "min_documents": min_documents,
            "n_boot": n_boot,
            "n_perm": n_perm,
            "seed": seed,
        }
    )
    return out
