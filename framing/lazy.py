"""Lazy public faces (the pattern of scientific Python's SPEC 1 and ``lazy_loader``): a leaf module.

Each room of the package (``framing.corpus``, ``framing.lexicon``, …) lists its public names and the module
of the room that defines each; :func:`attach` gives the room's ``__init__`` a module ``__getattr__`` (PEP 562)
that imports a name's module on first use. So ``import framing.lexicon`` does not load the matching engine's
numba kernels, and ``framing lexicon convert`` starts without scikit-learn. Static tools see the names through
the ``if TYPE_CHECKING:`` imports each face keeps next to its table.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping, Sequence
from typing import Any

__all__ = ["attach"]


def attach(package: str, exports: Mapping[str, Sequence[str]]) -> tuple[Callable[[str], Any], Callable[[], list[str]]]:
    """The ``__getattr__`` and ``__dir__`` of a package that re-exports names of its modules.

    Parameters
    ----------
    package : str
        The package's ``__name__``.
    exports : mapping of str to sequence of str
        Module of the package (relative, without the dot) → the public names it defines.

    Returns
    -------
    __getattr__, __dir__
        Assign them at the package's top level. The package also lists the same names in a literal
        ``__all__`` (for readers and linters); ``tests/test_shape.py`` checks that the two agree.

    Raises
    ------
    ValueError
        When two modules claim the same name (a programming error, found at import).
    """
    module_of: dict[str, str] = {}
    for module, names in exports.items():
        for name in names:
            if name in module_of:
                raise ValueError(f"{package}: {name} is exported by both {module_of[name]} and {module}")
            module_of[name] = module
    names = sorted(module_of)

    def __getattr__(name: str) -> Any:
        module = module_of.get(name)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        return getattr(importlib.import_module(f"{package}.{module}"), name)

    def __dir__() -> list[str]:
        return names

    return __getattr__, __dir__
