"""The one-way shape of the house (STYLE.md), held by parsing imports with ast."""

import ast
from pathlib import Path

import framing

PACKAGE = Path(framing.__file__).parent

# module -> package modules it may import (leaves: errors, _text, _yaml)
ALLOWED = {
    "corpus": {"errors"},
    "corpora": {"corpus", "errors"},
    "passages": {"corpus", "errors", "_text"},
    "actors": {"errors", "_yaml"},
    "attribution": {"actors", "corpus", "passages", "errors", "_text"},
    "lexicon": {"errors", "_text", "_yaml", "formats"},
    "formats": {"lexicon", "errors", "_text", "_yaml"},
    "_kernels": {"_text", "errors"},
    "engine": {"_kernels", "lexicon", "errors", "_text"},
    "features": {"corpus", "engine", "lexicon", "passages", "errors", "_text"},
    "diagnostics": {"corpus", "features", "lexicon", "passages", "errors", "_text"},
    "compare": {"actors", "attribution", "corpus", "features", "lexicon", "stats", "errors", "_text"},
    "stats": {"errors"},
    "figures": {"errors"},
    "install": {"errors", "_yaml", "files"},
    # the run's configuration, the output folder contract and the helpers for written files
    "config": {"errors"},
    "files": set(),
    "output": {"errors", "files"},
    # the pipeline and its callers: run chains every stage, dask runs run's batches on a cluster
    "progress": set(),
    "run": {
        "actors",
        "attribution",
        "compare",
        "config",
        "corpus",
        "errors",
        "files",
        "output",
        "features",
        "figures",
        "lexicon",
        "passages",
        "progress",
    },
    "dask": {"config", "corpus", "errors", "output", "progress", "run"},
}
# third-party packages confined to one module
CONFINED = {
    "nltk": {"passages"},
    "matplotlib": {"figures"},
    "sklearn": {"features"},
    "dask": {"dask"},
    "distributed": {"dask"},
    "numba": {"_kernels"},
    "llvmlite": set(),
}


def imports(module: str) -> tuple[set[str], set[str]]:
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    internal, external = set(), set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom):
            if node.level and node.module:
                internal.add(node.module.split(".")[0])
            elif node.level:  # from . import a, b
                internal.update(alias.name for alias in node.names)
            else:
                external.add((node.module or "").split(".")[0])
        elif isinstance(node, ast.Import):
            external.update(alias.name.split(".")[0] for alias in node.names)
    return internal, external


def test_modules_import_only_upstream():
    for module, allowed in ALLOWED.items():
        internal, _ = imports(module)
        assert internal <= allowed, f"{module} imports {sorted(internal - allowed)}"


def test_heavy_dependencies_stay_in_their_module():
    for path in PACKAGE.glob("*.py"):
        _, external = imports(path.stem)
        for package, owners in CONFINED.items():
            if package in external:
                assert path.stem in owners, f"{path.stem} imports {package}"


def test_leaves_import_nothing_from_the_package():
    for leaf in ("errors", "_text", "_yaml"):
        assert imports(leaf)[0] == set(), leaf


def test_nothing_downloads():
    for path in PACKAGE.rglob("*.py"):
        source = path.read_text(encoding="utf-8")
        assert "nltk.download" not in source and "urlopen" not in source and "requests" not in source


def test_every_error_code_used_is_in_the_catalogue():
    import re

    from framing.errors import Messages

    used = set()
    for path in PACKAGE.rglob("*.py"):
        used |= set(re.findall(r"""(?:Error|Warning)\(\s*["']([FW]\d{3})["']""", path.read_text(encoding="utf-8")))
    assert used, "no codes found: the scan is broken"
    missing = sorted(code for code in used if not hasattr(Messages, code))
    assert not missing, f"codes used but not in framing.errors.Messages: {missing}"
