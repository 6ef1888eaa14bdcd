"""The error catalogue (framing.errors) is the only way out: every error a user can cause comes from it, with a
stable code and a message that says what to fix. Held by parsing the package's sources with ast."""

import ast
import importlib
import inspect
import re
import string
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing
from framing import errors
from framing.errors import (
    ArgumentError,
    ArgumentTypeError,
    FigureError,
    FramingError,
    Messages,
    StatisticsError,
)

PACKAGE = Path(framing.__file__).parent
CODE = re.compile(r"[FW]\d{3}")
CODES = {name: template for name, template in vars(Messages).items() if CODE.fullmatch(name)}

#: Raises that are not catalogue errors on purpose, as (module, function or "*", what is raised): why.
INTERNAL = {
    ("lazy", "attach.__getattr__", "AttributeError"): "a module's __getattr__ must raise AttributeError (PEP 562)",
    ("lazy", "attach", "ValueError"): "a programming error of a face (a name exported twice), found at import",
    ("files", "*", "_error"): "a YAML error with its mark; the lexicon, actor and manifest readers turn it into "
    "their [F201]/[F203]/[F301]/[F502] error with file and line",
    ("files", "*", "_reader_error"): "as above",
    ("corpus.decoding", "*", "Skip"): "control flow: the reader catches it and records a skipped input in the report",
    ("pipeline.merge", "Merge.add", "RuntimeError"): "an invariant of the parallel merge (batches are merged in "
    "order); no input can break it",
    ("pipeline.output", "_exchange", "OSError"): "an operating-system error of the atomic swap of the output "
    "folder; the CLI reports it as every OSError, with the path (F446)",
    ("files", "writing", "OSError"): "re-raises an operating-system error with the name of the file being written "
    "(F446 in the CLI)",
    ("corpus.installing", "_read_record", "ValueError"): "control flow: caught at once and turned into the "
    "refusal [F511]",
    ("corpus.installing", "_additions.reraise", "exc"): "os.walk's error handler re-raises the OSError; install "
    "turns it into [F514]",
}
#: User-triggerable raises in modules other branches of issue 13 convert; remove an entry once it is converted.
NOT_YET_CATALOGUED: dict[tuple[str, str, str], str] = {}
#: Codes of the catalogue that no code raises: why each stays (a code is never reused for another message).
RESERVED: dict[str, str] = {}
#: Codes taken out of the catalogue; never to be reused for another message (see framing.errors.Messages).
RETIRED = ("F102", "F204", "F422", "F423", "W103")


def _sources():
    """(dotted module within framing, its tree) of every module; a face is named by its package."""
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        module = ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)
        yield module, ast.parse(path.read_text(encoding="utf-8"))


def _namespace(module: str) -> dict:
    return vars(importlib.import_module("framing" if module == "__init__" else f"framing.{module}"))


def _callee(node: ast.expr) -> str:
    func = node.func if isinstance(node, ast.Call) else node
    return func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", ast.unparse(func))


def _raises(tree: ast.Module):
    """(function qualname, raised callable, helper return annotations) of every ``raise X(...)`` in ``tree``."""
    helpers = {
        f.name: ast.unparse(f.returns).strip("'\"")
        for f in ast.walk(tree)
        if isinstance(f, ast.FunctionDef) and f.returns is not None
    }
    found = []

    def visit(node: ast.AST, scope: tuple[str, ...]) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
                visit(child, (*scope, child.name))
                continue
            if isinstance(child, ast.Raise) and child.exc is not None:
                found.append((".".join(s for s in scope), _callee(child.exc), child.lineno))
            visit(child, scope)

    visit(tree, ())
    return found, helpers


def _is_catalogue_error(namespace: dict, name: str, helpers: dict[str, str]) -> bool:
    name = helpers.get(name, name)  # a helper of this module that returns the error: its return annotation
    obj = namespace.get(name)
    if callable(obj) and not isinstance(obj, type):  # a helper imported from another module of the room
        returns = getattr(obj, "__annotations__", {}).get("return")
        obj = vars(importlib.import_module(obj.__module__)).get(returns) if isinstance(returns, str) else returns
    return isinstance(obj, type) and issubclass(obj, FramingError)


def test_every_raise_is_a_catalogue_error_or_documented_as_internal():
    other, seen = [], set()
    for module, tree in _sources():
        found, helpers = _raises(tree)
        namespace = _namespace(module)
        for function, raised, line in found:
            if _is_catalogue_error(namespace, raised, helpers):
                continue
            listed = [
                k for k in ((module, function, raised), (module, "*", raised)) if k in INTERNAL | NOT_YET_CATALOGUED
            ]
            seen.update(listed)
            if not listed:
                other.append(f"framing.{module}:{line}: {function} raises {raised}")
    assert not other, "raise an error of framing.errors (or document why not in INTERNAL):\n" + "\n".join(other)
    stale = sorted((set(INTERNAL) | set(NOT_YET_CATALOGUED)) - seen)
    assert not stale, f"these raises are gone or converted; remove them from the lists: {stale}"


def _coded_calls():
    """(module, line, callee, code, keywords) of every call whose first argument is a catalogue code."""
    for module, tree in _sources():
        if module == "errors":
            continue
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)):
                continue
            code = node.args[0].value
            if isinstance(code, str) and CODE.fullmatch(code):
                yield module, node.lineno, _callee(node), code, {k.arg for k in node.keywords}


def test_every_coded_call_names_a_code_and_fills_exactly_its_fields():
    wrong = []
    for module, line, callee, code, keywords in _coded_calls():
        if code not in CODES:
            wrong.append(f"framing.{module}:{line}: no code {code} in Messages")
            continue
        cls = _namespace(module).get(callee)
        extra = set()  # keyword-only arguments an error class takes besides the message fields
        if isinstance(cls, type):
            params = inspect.signature(cls.__init__).parameters.values()
            extra = {p.name for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY}
        fields = {f for _, f, _, _ in string.Formatter().parse(CODES[code]) if f}
        if None in keywords or keywords - extra != fields:
            wrong.append(f"framing.{module}:{line}: {code} takes {sorted(fields)}, given {sorted(keywords)}")
    assert not wrong, "\n".join(wrong)


def test_every_code_is_raised_somewhere_or_reserved():
    used = {code for _, _, _, code, _ in _coded_calls()}
    unused = sorted(set(CODES) - used - set(RESERVED))
    assert not unused, f"codes nothing raises; raise them or list them in RESERVED with a reason: {unused}"
    assert not sorted(set(RESERVED) & used), "a reserved code is raised after all; remove it from RESERVED"
    assert set(RESERVED) <= set(CODES)
    assert not set(RETIRED) & set(CODES), "a retired code is back in the catalogue: give the message a new code"
    assert all(code in Messages.__doc__ for code in RETIRED), "list retired codes in Messages' docstring"


def test_no_two_codes_share_a_template():
    by_template: dict[str, list[str]] = {}
    for code, template in CODES.items():
        by_template.setdefault(template, []).append(code)
    assert not [codes for codes in by_template.values() if len(codes) > 1]


def test_error_classes_keep_the_builtin_type_of_their_kind():
    """``except ValueError`` / ``except TypeError`` written against earlier versions still catch them."""
    assert issubclass(ArgumentError, ValueError) and issubclass(StatisticsError, ValueError)
    assert issubclass(FigureError, ValueError) and issubclass(ArgumentTypeError, TypeError)
    for cls in (ArgumentError, ArgumentTypeError, StatisticsError, FigureError):
        assert issubclass(cls, FramingError) and getattr(errors, cls.__name__) is cls


# ------------------------------------------------------------------- the F6xx errors as a user meets them
def _stats():
    from framing import stats

    return stats


@pytest.mark.parametrize(
    ("call", "cls", "message"),
    [
        (
            lambda s: s.cluster_bootstrap_rates([[1], [2]], [10, 10], rng=None),
            ArgumentError,
            r"\[F601\] rng must be an int seed or a numpy.random.Generator .*, not None\.",
        ),
        (
            lambda s: s.cluster_bootstrap_rates([[1], [2]], [5, 5], rng=0, n_boot=0),
            ArgumentError,
            r"\[F601\] n_boot must be an integer >= 1, not 0\.",
        ),
        (
            lambda s: s.log_odds_dirichlet([[1, 2], [3, 4]], groups=["x", "x"]),
            ArgumentError,
            r"\[F601\] group names must be distinct, not \['x', 'x'\]\.",
        ),
        (
            lambda s: s.log_odds_dirichlet([[1, 2], [3, 4]], prior=0.5, alpha0=1),
            ArgumentError,
            r"\[F603\] log_odds_dirichlet: a uniform prior sets alpha0 .*; leave alpha0=None\.",
        ),
        (
            lambda s: s.chi2_keyness([[1, 2]], [1, 2]),
            StatisticsError,
            r"\[F605\] target must be a vector \(one value per feature\), but it has shape \(1, 2\)\.",
        ),
        (
            lambda s: s.log_odds_dirichlet([[1, 2], [3, 4]], groups=["a"]),
            StatisticsError,
            r"\[F606\] group names and the groups do not match \(1 for 2\); pass one name per group\.",
        ),
        (
            lambda s: s.bootstrap_rate_contrast([[1]], [5], [[1], [2]], [5, 5], rng=0),
            StatisticsError,
            r"\[F607\] bootstrap_rate_contrast needs at least 2 documents in each group to resample, but group a "
            r"has 1 and group b 2; pool more documents",
        ),
        (
            lambda s: s.krippendorff_alpha([[1, 1], [1, 1]]),
            StatisticsError,
            r"\[F608\] krippendorff_alpha is undefined: all pairable values are equal .*; report the observed",
        ),
    ],
)
def test_statistics_errors_name_the_argument_and_the_fix(call, cls, message):
    with pytest.raises(cls, match=message):
        call(_stats())


def test_compare_figure_and_vectorizer_errors():
    from framing.compare import UnitTable, compare_groups
    from framing.features import LexiconVectorizer
    from framing.figures import plot_profiles, read_provenance, save_figure

    units = UnitTable(
        ("a",), ("d1",), np.ones((1, 1)), np.zeros((1, 1)), np.zeros((1, 1)), np.ones(1), np.ones(1), ("c",)
    )
    with pytest.raises(ArgumentError, match=r"\[F604\] No group \['z'\] in these data \(they speak no passage\); "):
        compare_groups(units, groups=["z"])
    with pytest.raises(ArgumentError, match=r"\[F601\] compare must be 'one-vs-rest' or 'pairs', not 'all'\."):
        compare_groups(units, compare="all")
    with pytest.raises(
        ArgumentTypeError, match=r"\[F602\] LexiconVectorizer's X must be an iterable .*, not one string"
    ):
        LexiconVectorizer("urw_frames").fit([]).transform("one text")
    with pytest.raises(ArgumentTypeError, match=r"\[F602\] the result to plot must be Profiles .*, not a list\."):
        plot_profiles([])
    with pytest.raises(FigureError, match=r"\[F651\] The Profiles table has no rows: nothing to plot; pass"):
        plot_profiles(pd.DataFrame(columns=["group", "category", "rate_per_1000", "ci_lower", "ci_upper"]))
    with pytest.raises(FigureError, match=r"\[F653\] Cannot read provenance from x\.gif: '\.gif' files are not"):
        read_provenance("x.gif")
    with pytest.raises(FigureError, match=r"\[F654\] Unsupported figure format 'jpg'; use png, svg or pdf\."):
        save_figure(None, "x", formats=("jpg",))
