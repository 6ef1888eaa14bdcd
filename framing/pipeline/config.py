"""The run configuration, declared once: :class:`RunConfig`.

Every option of a run (what to read, how to segment, attribute, match and compare, how many processes) is
one field of :class:`RunConfig` with its default, its constraint, its help text and its command-line flag.
:func:`framing.analyze`, :func:`framing.analyze_to`, :func:`framing.pipeline.dask.analyze` and ``framing
analyze`` are all built from it: the keyword arguments are the fields, the CLI options are made from them
(:func:`add_arguments`), and every value is checked in one place, with one error shape (F440), **before the
first document is read** (in scikit-learn's spirit: constraints declared once, ``_parameter_constraints``).
"""

from __future__ import annotations

import argparse
import difflib
import inspect
from collections.abc import Callable, Mapping
from dataclasses import MISSING, Field, asdict, dataclass, field, fields, replace
from pathlib import Path
from typing import Any

from ..errors import RunError

__all__ = ["DEFAULT_BATCH_SIZE", "RunConfig", "add_arguments", "config_from_args", "config_from_options"]

#: Characters of document text per batch. A batch's passages, attributions and matches take some 20 times
#: its text in memory, so 2 MB keeps a worker's batch near 50 MB; the per-batch overhead stays negligible
#: (a batch takes seconds), and 50 batches of a 100 MB corpus share 2 cores with little idle time at the end.
DEFAULT_BATCH_SIZE = 2_000_000


# --------------------------------------------------------------------------------------- constraints
@dataclass(frozen=True)
class _Choice:
    values: tuple[str, ...]
    optional: bool = False

    def check(self, value: Any) -> bool:
        return (self.optional and value is None) or (isinstance(value, str) and value in self.values)

    def __str__(self) -> str:
        return "one of " + ", ".join(map(repr, self.values)) + (" or None" if self.optional else "")


@dataclass(frozen=True)
class _Int:
    minimum: int

    def check(self, value: Any) -> bool:
        return isinstance(value, int) and not isinstance(value, bool) and value >= self.minimum

    def __str__(self) -> str:
        return f"a whole number, {self.minimum} or more"


@dataclass(frozen=True)
class _Bool:
    optional: bool = False

    def check(self, value: Any) -> bool:
        return isinstance(value, bool) or (self.optional and value is None)

    def __str__(self) -> str:
        return "True or False" + (" or None" if self.optional else "")


@dataclass(frozen=True)
class _Name:
    """A non-empty string (a field name, a metadata field), or None where ``optional``."""

    optional: bool = False

    def check(self, value: Any) -> bool:
        return (self.optional and value is None) or (isinstance(value, str) and value.strip() != "")

    def __str__(self) -> str:
        return "a non-empty name" + (" or None" if self.optional else "")


@dataclass(frozen=True)
class _Source:
    """A bundled name or a file path, or an object of class ``kind`` (a Lexicon, an ActorRegistry)."""

    kind: str
    optional: bool = False
    many: bool = False  # a non-empty list of file paths is also taken

    def check(self, value: Any) -> bool:
        if value is None:
            return self.optional
        if self.many and isinstance(value, list | tuple):
            return bool(value) and all(isinstance(v, Path) or (isinstance(v, str) and v != "") for v in value)
        return (isinstance(value, str) and value != "") or isinstance(value, Path) or type(value).__name__ == self.kind

    def __str__(self) -> str:
        paths = "a file path, a list of file paths" if self.many else "a file path"
        return f"a bundled name, {paths} or a {self.kind}" + (" or None (the bundled one)" if self.optional else "")


@dataclass(frozen=True)
class _Groups:
    def check(self, value: Any) -> bool:
        if value is None:
            return True
        items = [value] if isinstance(value, str) else value
        try:
            items = list(items)
        except TypeError:
            return False
        return bool(items) and all(isinstance(g, str) and g for g in items) and len(set(items)) == len(items)

    def __str__(self) -> str:
        return "None or a list of distinct, non-empty group names"


def _option(
    default: Any, constraint: Any, help: str, *, flag: str | None = None, cli: dict[str, Any] | None = None
) -> Any:
    """A field of :class:`RunConfig`: its default, constraint, help and CLI flag (``flag=""``: none)."""
    return field(default=default, metadata={"constraint": constraint, "help": help, "flag": flag, "cli": cli or {}})


LEXICON_HELP = "bundled lexicon name or a lexicon file: .yaml, .dic, .cat, .csv, .tsv (default: urw_frames)"


@dataclass(frozen=True, kw_only=True)
class RunConfig:
    """Every option of a run, checked when made (error F440 names the option, what it must be and the value).

    Make one with keywords (``RunConfig(n_boot=500, seed=1)``), from the command line
    (:func:`config_from_args`) or from keyword arguments (:func:`config_from_options`: unknown names are
    error F441); change one with :meth:`replace`. The fields are documented below (the section is made from
    the fields' help, constraint and flag); those that decide the results are recorded in ``run.json``
    (:meth:`recorded`); ``jobs``, ``batch_size`` and ``progress`` decide only how the work is done, never
    the results.
    """

    lexicon: Any = _option("urw_frames", _Source("Lexicon"), LEXICON_HELP)
    actors: Any = _option(
        None, _Source("ActorRegistry", optional=True, many=True), "actor registry YAML file that extends the bundled "
        "registry; repeat for several, applied in order (default: the bundled registry alone)",
        cli={"action": "append", "metavar": "FILE"},
    )  # fmt: skip
    replace_actors: bool = _option(
        False, _Bool(), "the --actors files replace the bundled registry instead of extending it"
    )
    unit: str = _option("sentence", _Choice(("sentence", "paragraph")), "passage unit: sentences or paragraphs")
    paragraphs: str = _option(
        "line", _Choice(("line", "blank")), "what ends a paragraph: a line break (default) or a blank line"
    )
    text_field: str = _option("text", _Name(), "JSONL/CSV field holding the text (default: text)")
    id_field: str = _option("id", _Name(), "JSONL/CSV field holding the document id (default: id)")
    transcript: bool | None = _option(
        None, _Bool(optional=True), "inputs are transcripts with 'Name:' speaker turns: all (--transcript), none "
        "(--no-transcript), or by metadata 'transcript', else detected per document (default; see "
        "framing.corpus.cleanup.detect_turns)", cli={"action": argparse.BooleanOptionalAction},
    )  # fmt: skip
    credit: str = _option(
        "passage",
        _Choice(("passage", "span")),
        "credit a match to its passage's speakers, or to the speaker of its quoted/unquoted part",
    )
    statistics: bool = _option(
        True, _Bool(), "skip profiles, comparisons, keyness, adoption", flag="--no-statistics",
        cli={"action": "store_false"},
    )  # fmt: skip
    level: str | None = _option(
        None,
        _Choice(("person", "state", "organisation", "group"), optional=True),
        "roll speakers up the actor registry to this kind (default: as attributed)",
    )
    by: str | None = _option(
        None, _Name(optional=True), "also group by this metadata field (e.g. year)", cli={"metavar": "FIELD"}
    )
    speaker_field: str | None = _option(
        None, _Name(optional=True), "group by this metadata field naming each document's speaker (e.g. iso3): only "
        "passages in the document's own voice count, not those it quotes", cli={"metavar": "FIELD"},
    )  # fmt: skip
    group_by: str | None = _option(
        None, _Name(optional=True), "group documents by this metadata field (e.g. outlet, year): every passage of a "
        "document counts for its value, quotes included", cli={"metavar": "FIELD"},
    )  # fmt: skip
    target: str | None = _option(
        None, _Name(optional=True), "count only the matches that frame this actor or one of its members (e.g. "
        "russia): profiles, comparisons, category keyness, adoption and models say how each group frames it "
        "(matches.csv, actor_frames.csv and targets.csv keep every match)",
        cli={"metavar": "ACTOR"},
    )  # fmt: skip
    groups: tuple[str, ...] | None = _option(
        None, _Groups(), "groups to compare (default: the max_groups that speak the most, narrator excluded)",
        cli={"nargs": "+", "metavar": "GROUP"},
    )  # fmt: skip
    max_groups: int = _option(8, _Int(1), "groups compared when none are named (default: 8)", cli={"metavar": "N"})
    compare: str = _option("one-vs-rest", _Choice(("one-vs-rest", "pairs")), "comparison design")
    model: str | None = _option(
        None, _Name(optional=True), "count models per category, formula of group and metadata fields (e.g. "
        "'group + year'; models.csv)", cli={"metavar": "FORMULA"},
    )  # fmt: skip
    test: str = _option(
        "interval", _Choice(("interval", "permutation")), "p-values of the comparisons: the difference's interval "
        "inverted (default), or a studentized permutation test",
    )  # fmt: skip
    min_documents: int = _option(
        2, _Int(2), "groups (or comparison sides) with fewer documents get no interval (default: 2)",
        cli={"metavar": "N"},
    )  # fmt: skip
    n_boot: int = _option(2000, _Int(1), "bootstrap resamples (default: 2000)", cli={"metavar": "N"})
    n_perm: int = _option(2000, _Int(1), "permutations (default: 2000)", cli={"metavar": "N"})
    seed: int = _option(0, _Int(0), "seed of every resampling (default: 0)", cli={"metavar": "N"})
    jobs: int = _option(
        0, _Int(0), "processes running batches of documents (default 0: all cores; 1: in this process)",
        cli={"metavar": "N"},
    )  # fmt: skip
    batch_size: int = _option(
        DEFAULT_BATCH_SIZE, _Int(1), "characters of text per batch (CLI: million characters); memory grows with it",
        cli={"metavar": "MB", "type": float, "scale": 1e6},
    )  # fmt: skip
    progress: bool | None = _option(
        None, _Bool(optional=True), "progress line: after 2 s on a terminal or notebook (None), always, never",
        flag="--quiet", cli={"action": "store_const", "const": False, "help": "no progress line on the terminal"},
    )  # fmt: skip

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name == "groups" and value is not None and _Groups().check(value):
                object.__setattr__(self, "groups", (value,) if isinstance(value, str) else tuple(value))
                continue
            if f.name == "actors" and isinstance(value, list):
                object.__setattr__(self, "actors", value := tuple(value))
            if not f.metadata["constraint"].check(value):
                raise RunError(
                    "F440", option=f.name, flag=_flag(f), constraint=str(f.metadata["constraint"]), value=value
                )
        if self.replace_actors and (self.actors is None or type(self.actors).__name__ == "ActorRegistry"):
            constraint = "False unless actors names registry files (they replace the bundled registry)"
            raise RunError("F440", option="replace_actors", flag="--replace-actors", constraint=constraint, value=True)
        if self.speaker_field is not None and self.group_by is not None:
            constraint = "None when speaker_field is given (one grouping by metadata per run)"
            raise RunError("F440", option="group_by", flag="--group-by", constraint=constraint, value=self.group_by)
        if self.compare == "pairs" and self.groups is not None and len(self.groups) < 2:
            raise RunError("F442", groups=", ".join(self.groups))

    def replace(self, **changes: Any) -> RunConfig:
        """A copy with ``changes`` (checked like the original)."""
        _check_names(changes, "RunConfig.replace")
        return replace(self, **changes)

    def recorded(self) -> dict[str, Any]:
        """The options recorded in ``run.json`` before the statistics complete them (reading, segmenting,
        crediting); ``transcript`` is ``"auto"`` when it is ``None``."""
        keys = ("unit", "paragraphs", "text_field", "id_field", "transcript", "credit")
        recorded = {k: getattr(self, k) for k in keys}
        if recorded["transcript"] is None:
            recorded["transcript"] = "auto"  # by metadata, else detected per document
        return recorded

    def to_dict(self) -> dict[str, Any]:
        """Every option as a plain dict (the lexicon and registry as given)."""
        return asdict(self)


def _flag(f: Field) -> str:
    flag = f.metadata["flag"]
    return flag if flag is not None else "--" + f.name.replace("_", "-")


def _check_names(options: Mapping[str, Any], where: str) -> None:
    known = [f.name for f in fields(RunConfig)]
    for name in options:
        if name not in known:
            close = difflib.get_close_matches(name, known, n=1)
            hint = f"did you mean {close[0]!r}? " if close else ""
            raise RunError("F441", option=name, where=where, hint=hint, known=", ".join(known))


def config_from_options(config: RunConfig | None, options: Mapping[str, Any], where: str) -> RunConfig:
    """The configuration of a call such as ``analyze(inputs, config=..., **options)``: ``options`` (checked
    names, F441) override ``config`` (default: all defaults).

    Parameters
    ----------
    config : RunConfig or None
        The call's ``config`` argument.
    options : mapping of str to object
        The call's keyword options: names of fields of :class:`RunConfig`.
    where : str
        The function called (e.g. ``"framing.analyze"``), named in error F441.

    Returns
    -------
    RunConfig
        ``config`` (or the defaults) with ``options`` replaced, checked.

    Raises
    ------
    RunError
        F441 (an option that is not a field), F440 (``config`` not a RunConfig, or a value outside its
        constraint), F442 (see :class:`RunConfig`).
    """
    _check_names(options, where)
    if config is not None and not isinstance(config, RunConfig):
        raise RunError("F440", option="config", flag="config", constraint="a RunConfig or None", value=config)
    return replace(config, **options) if config is not None else RunConfig(**options)


# ---------------------------------------------------------------------------------------- command line
def add_arguments(parser: argparse.ArgumentParser, names: tuple[str, ...] | None = None) -> None:
    """Add the CLI options of the fields ``names`` (default: all) of :class:`RunConfig` to ``parser``.

    Defaults are left to :class:`RunConfig` (argparse gets ``SUPPRESS``), so an option not given is not
    passed and the one default declared here applies.

    Parameters
    ----------
    parser : argparse.ArgumentParser
        The parser (or sub-command parser) to add the options to.
    names : tuple of str, optional
        The fields whose options to add, by field name; ``None`` adds all of them.
    """
    for f in fields(RunConfig):
        if names is not None and f.name not in names:
            continue
        meta, constraint = f.metadata, f.metadata["constraint"]
        cli = dict(meta["cli"])
        cli.pop("scale", None)
        kwargs: dict[str, Any] = {"dest": f.name, "default": argparse.SUPPRESS, "help": cli.pop("help", meta["help"])}
        if isinstance(constraint, _Choice):
            kwargs["choices"] = constraint.values
        elif isinstance(constraint, _Int):
            kwargs["type"] = int
        elif isinstance(constraint, _Bool) and "action" not in cli:
            kwargs["action"] = "store_true"
        kwargs.update(cli)
        parser.add_argument(_flag(f), **kwargs)


def config_from_args(args: argparse.Namespace) -> RunConfig:
    """The :class:`RunConfig` of parsed command-line ``args`` (options not given keep their defaults).

    Parameters
    ----------
    args : argparse.Namespace
        Parsed arguments of a parser given options by :func:`add_arguments`; attributes that are not fields
        of :class:`RunConfig` are ignored, and ``--batch-size`` (millions of characters) is scaled.

    Returns
    -------
    RunConfig
        The configuration, checked.

    Raises
    ------
    RunError
        F440 or F442, as :class:`RunConfig`.
    """
    options = {}
    for f in fields(RunConfig):
        if hasattr(args, f.name):
            value = getattr(args, f.name)
            scale = f.metadata["cli"].get("scale")
            options[f.name] = round(value * scale) if scale is not None and value > 0 else value
    return RunConfig(**options)


# ------------------------------------------------------------------------------------------- signatures
def with_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """Give ``func(inputs, ..., *, config=None, **options)`` the signature and the numpydoc ``Other
    Parameters`` of :class:`RunConfig`'s fields, so that ``help()``, IDEs and docs show every option.

    Parameters
    ----------
    func : callable
        A function taking ``**options`` (the fields of :class:`RunConfig`) as its last parameter.

    Returns
    -------
    callable
        ``func`` itself, its ``__signature__`` and ``__doc__`` completed.
    """
    signature = inspect.signature(func)
    params = [p for p in signature.parameters.values() if p.kind is not inspect.Parameter.VAR_KEYWORD]
    for f in fields(RunConfig):
        default = f.default if f.default is not MISSING else inspect.Parameter.empty
        params.append(inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=default))
    func.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    func.__doc__ = (func.__doc__ or "").rstrip() + "\n" + "\n".join(_field_section("Other Parameters")) + "\n"
    return func


def _field_section(title: str) -> list[str]:
    """A numpydoc section (indented as in a function's docstring) listing every field of :class:`RunConfig`."""
    lines = ["", f"    {title}", f"    {'-' * len(title)}"]
    for f in fields(RunConfig):
        text = f.metadata["help"]
        lines.append(f"    {f.name} : default {f.default!r}")
        lines.append(f"        {text[0].upper()}{text[1:]}; {f.metadata['constraint']} (CLI: ``{_flag(f)}``).")
    return lines


_RAISES = """
    Raises
    ------
    RunError
        F440 (a value outside its constraint, both ``speaker_field`` and ``group_by``, or ``replace_actors``
        without registry files), F442
        (``compare="pairs"`` with fewer than two ``groups``).
"""
RunConfig.__doc__ = (RunConfig.__doc__ or "").rstrip() + "\n" + "\n".join(_field_section("Attributes")) + "\n" + _RAISES
