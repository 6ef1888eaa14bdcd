"""The shape of the house (STYLE.md, README "How the package is laid out"), held by parsing the source with ast.

The package is a row of *rooms*, one per stage: a room is a subpackage (``framing/lexicon/``) or a top-level
module (``framing/passages.py``). Data flow one way, so a room imports only the rooms upstream of it; another
room is used only through its public face (the subpackage's ``__init__``, or the module itself), never through
its inner modules or its private names; there are no import cycles between modules; the heavy third-party
dependencies stay in the module that needs them; and no module or function grows past a size a reader can
hold, unless it says why.
"""

from __future__ import annotations

import ast
import functools
import importlib
from pathlib import Path

import pytest

import framing

PACKAGE = Path(framing.__file__).parent

# room -> the rooms it may import from (the one-way flow: corpus → passages → actors / lexicon → features →
# compare → figures; pipeline chains them, cli calls pipeline; errors, files, tokens and lazy are leaves)
ALLOWED: dict[str, set[str]] = {
    "errors": set(),
    "lazy": set(),
    "tokens": set(),
    "files": {"errors"},
    "corpus": {"errors", "files", "lazy"},
    "passages": {"corpus", "errors", "tokens"},
    "actors": {"corpus", "passages", "stats", "errors", "files", "tokens", "lazy"},
    "lexicon": {"corpus", "passages", "errors", "files", "tokens", "lazy"},
    "features": {"corpus", "passages", "lexicon", "errors", "tokens"},
    "stats": {"errors", "tokens", "lazy"},
    "compare": {"actors", "corpus", "features", "lexicon", "stats", "errors", "tokens", "lazy"},
    "figures": {"errors", "lazy"},
    "pipeline": {
        "actors",
        "compare",
        "corpus",
        "errors",
        "features",
        "figures",
        "files",
        "lexicon",
        "passages",
        "stats",
        "tokens",
        "lazy",
    },
    "cli": {"__init__", "actors", "compare", "corpus", "errors", "files", "lexicon", "passages", "pipeline"},
    "__init__": {"lazy", "actors", "compare", "corpus", "errors", "lexicon", "passages", "pipeline"},
}
# third-party packages -> the only modules (or rooms) that may import them
CONFINED = {
    "nltk": {"passages"},
    "matplotlib": {"figures"},
    "sklearn": {"features"},
    "statsmodels": {"compare"},
    "dask": {"pipeline.dask"},
    "distributed": {"pipeline.dask"},
    "numba": {"lexicon._kernels"},
    "llvmlite": set(),
}
MAX_MODULE_LINES = 600
MAX_FUNCTION_LINES = 60
#: A module over MAX_MODULE_LINES says in its docstring why it must be one piece, in a paragraph that starts so.
ONE_PIECE = "One piece:"
#: A function whose code (its docstring not counted) is over MAX_FUNCTION_LINES says why in a comment that
#: starts so, on its ``def`` line or the line above.
LONG = "# long:"


def _dotted(path: Path) -> str:
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


MODULES = {_dotted(path): path for path in sorted(PACKAGE.rglob("*.py")) if "__pycache__" not in path.parts}
PACKAGES = {name for name, path in MODULES.items() if path.name == "__init__.py" and name != "__init__"}


def room(module: str) -> str:
    return module.split(".")[0]


@functools.cache
def tree(module: str) -> ast.Module:
    return ast.parse(MODULES[module].read_text(encoding="utf-8"))


def _type_checking_nodes(module: ast.Module) -> set[int]:
    """ids of the import nodes under ``if TYPE_CHECKING:`` (not run; for static tools only)."""
    found: set[int] = set()
    for node in ast.walk(module):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            found.update(id(child) for stmt in node.body for child in ast.walk(stmt))
    return found


def _resolve(module: str, node: ast.ImportFrom) -> str:
    """The absolute dotted module (within framing) a relative import names."""
    is_package = module in PACKAGES or module == "__init__"
    base = [] if module == "__init__" else module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)] if node.level > 1 else base
    target = ".".join([*base, *(node.module.split(".") if node.module else [])])
    return target or "__init__"


def internal_imports(module: str, runtime_only: bool = False) -> list[tuple[str, list[str], int]]:
    """(target module, names, line) of every import of framing code in ``module``."""
    skip = _type_checking_nodes(tree(module)) if runtime_only else set()
    found = []
    for node in ast.walk(tree(module)):
        if id(node) in skip:
            continue
        if isinstance(node, ast.ImportFrom) and node.level:
            target = _resolve(module, node)
            names = [alias.name for alias in node.names]
            submodules = [name if target == "__init__" else f"{target}.{name}" for name in names]
            if (target in PACKAGES or target == "__init__") and all(sub in MODULES for sub in submodules):
                # from . import a, b  /  from .pkg import submodule
                found.extend((sub, [], node.lineno) for sub in submodules)
            else:
                found.append((target, names, node.lineno))
        elif isinstance(node, ast.ImportFrom | ast.Import):
            named = [node.module or ""] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
            for name in named:
                if name == "framing" or name.startswith("framing."):
                    target = name.removeprefix("framing").lstrip(".") or "__init__"
                    found.append((target, [a.name for a in node.names], node.lineno))
    return found


def external_imports(module: str) -> set[str]:
    found = set()
    for node in ast.walk(tree(module)):
        if isinstance(node, ast.ImportFrom) and not node.level:
            found.add((node.module or "").split(".")[0])
        elif isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
    return found


def face_exports(package: str) -> dict[str, str]:
    """name -> defining module of every name a room's face re-exports (from its TYPE_CHECKING imports)."""
    exports = {}
    for target, names, _ in internal_imports(package):
        if room(target) == room(package) and target != package:
            exports.update(dict.fromkeys(names, target))
    return exports


def test_every_module_is_in_a_room():
    assert set(map(room, MODULES)) <= set(ALLOWED), sorted(set(map(room, MODULES)) - set(ALLOWED))


def test_rooms_import_only_upstream():
    wrong = []
    for module in MODULES:
        for target, _, line in internal_imports(module):
            if room(target) != room(module) and room(target) not in ALLOWED[room(module)]:
                wrong.append(f"{module}:{line} imports {target}")
    assert not wrong, wrong


def test_another_room_is_used_only_through_its_face():
    wrong = []
    for module in MODULES:
        for target, names, line in internal_imports(module):
            if room(target) == room(module) or module == "__init__":
                continue
            if target != room(target):
                wrong.append(f"{module}:{line} imports {target} (not the face {room(target)})")
            private = [name for name in names if name.startswith("_") and not name.endswith("__")]
            if private:
                wrong.append(f"{module}:{line} imports private {private} from {target}")
    assert not wrong, wrong


def test_no_import_cycles_between_modules():
    graph: dict[str, set[str]] = {module: set() for module in MODULES}
    for module in MODULES:
        for target, names, _ in internal_imports(module, runtime_only=True):
            if target in PACKAGES and room(target) != room(module):
                exports = face_exports(target)  # a face import really depends on the defining module
                graph[module] |= {exports.get(name, target) for name in names}
            elif target in MODULES:
                graph[module].add(target)
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, path: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if nxt == node or nxt not in graph:
                continue
            if state.get(nxt) == 1:
                cycles.append(" -> ".join([*path[path.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert not cycles, cycles


@pytest.mark.parametrize("package", sorted(PACKAGES))
def test_each_face_exports_what_it_lists(package):
    face = importlib.import_module(f"framing.{package}")
    exports = face_exports(package)
    assert sorted(face.__all__) == sorted(exports), "the face's __all__ and its TYPE_CHECKING imports differ"
    for name, module in exports.items():
        assert getattr(face, name) is getattr(importlib.import_module(f"framing.{module}"), name), name
        assert not name.startswith("_")


def test_heavy_dependencies_stay_in_their_module():
    for module in MODULES:
        external = external_imports(module)
        for package, owners in CONFINED.items():
            if package in external:  # an owner is a module, or a room and every module in it
                assert any(module == o or module.startswith(f"{o}.") for o in owners), f"{module} imports {package}"


def test_leaves_import_nothing_from_the_package():
    for leaf in ("errors", "tokens", "lazy"):
        assert internal_imports(leaf) == [], leaf


def test_modules_are_short_or_say_why():
    long = []
    for module, path in MODULES.items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_MODULE_LINES and ONE_PIECE not in (ast.get_docstring(tree(module)) or ""):
            long.append(f"{module}: {lines} lines")
    assert not long, long


def test_functions_are_short_or_say_why():
    long = []
    for module, path in MODULES.items():
        source = path.read_text(encoding="utf-8").splitlines()
        for node in ast.walk(tree(module)):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                body = node.body[1:] if ast.get_docstring(node) is not None and len(node.body) > 1 else node.body
                length = (node.end_lineno or node.lineno) - body[0].lineno + 1  # the docstring not counted
                said = any(LONG in source[i] for i in range(max(node.lineno - 2, 0), node.lineno))
                if length > MAX_FUNCTION_LINES and not said:
                    long.append(f"{module}:{node.lineno} {node.name}: {length} lines")
    assert not long, long


def test_nothing_downloads():
    for path in MODULES.values():
        source = path.read_text(encoding="utf-8")
        assert "nltk.download" not in source and "urlopen" not in source and "requests" not in source


def test_every_error_code_used_is_in_the_catalogue():
    import re

    from framing.errors import Messages

    used = set()
    for path in MODULES.values():
        used |= set(re.findall(r"""(?:Error|Warning)\(\s*["']([FW]\d{3})["']""", path.read_text(encoding="utf-8")))
    assert used, "no codes found: the scan is broken"
    missing = sorted(code for code in used if not hasattr(Messages, code))
    assert not missing, f"codes used but not in framing.errors.Messages: {missing}"


def _public_api() -> list[tuple[str, str, object]]:
    """(room, name, object) of every function and class a room's face lists in ``__all__``."""
    import inspect

    found = []
    for name in sorted({room(module) for module in MODULES} - {"__init__", "cli", "errors", "lazy"}):
        face = importlib.import_module(f"framing.{name}")
        for public in getattr(face, "__all__", []):
            value = inspect.unwrap(getattr(face, public))  # functools wrappers (lru_cache) count as functions
            if inspect.isfunction(value) or inspect.isclass(value):
                found.append((name, public, value))
    return found


def _missing_sections(value: object) -> list[str]:
    """The numpydoc sections a public function or class lacks (Parameters; Returns or Yields for functions)."""
    import inspect

    doc = inspect.getdoc(value) or ""
    if not doc:
        return ["a docstring"]
    signature = inspect.signature(value)  # every face name is Python code: a signature always reads
    missing = []
    parameters = [p for p in signature.parameters.values() if p.name not in ("self", "cls")]
    has = lambda section: f"\n{section}\n{'-' * len(section)}" in f"\n{doc}"  # noqa: E731
    if parameters and not (has("Parameters") or (inspect.isclass(value) and has("Attributes"))):
        missing.append("Parameters")
    if inspect.isfunction(value):
        returns = signature.return_annotation
        if returns not in (None, "None", inspect.Signature.empty) and not (has("Returns") or has("Yields")):
            missing.append("Returns")
    return missing


def test_public_functions_and_classes_are_documented_numpydoc_style():
    undocumented = [
        f"{room_}.{name}: {', '.join(missing)}"
        for room_, name, value in _public_api()
        if (missing := _missing_sections(value))
    ]
    assert not undocumented, f"{len(undocumented)} without numpydoc sections: {undocumented}"
