"""Checks and shapes of the room's inputs, shared by every statistic of :mod:`framing.stats`.

Counts become float arrays (non-negative, finite, of the expected dimensions), axis names are checked or
made up, arguments such as ``confidence`` and ``n_boot`` are validated with the package's error codes, and
result arrays are made read-only.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from ..errors import ArgumentError, StatisticsError

__all__ = ["as_counts", "axis_names", "check_confidence", "check_positive_int", "fmt", "readonly"]


def readonly(a: np.ndarray) -> np.ndarray:
    """``a`` as an array that cannot be written to (results are frozen, arrays included)."""
    a = np.asarray(a)
    a.setflags(write=False)
    return a


def axis_names(names: Sequence[str] | None, n: int, what: str) -> tuple[str, ...]:
    """Names for an axis of length ``n``: the given ones (checked) or ``"0"``, ``"1"``, …"""
    if names is None:
        return tuple(str(i) for i in range(n))
    names = tuple(str(x) for x in names)
    if len(names) != n:
        raise StatisticsError(
            "F606",
            first=f"{what} names",
            second=f"the {what}s",
            detail=f"{len(names)} for {n}",
            fix=f"one name per {what}",
        )
    if len(set(names)) != n:
        raise ArgumentError("F601", name=f"{what} names", expected="distinct", value=sorted(names))
    return names


def as_counts(x: object, name: str, ndim: int) -> np.ndarray:
    """``x`` as a float array of non-negative finite counts with ``ndim`` dimensions."""
    a = np.asarray(x, dtype=float)
    if ndim == 2 and a.ndim == 1:
        a = a[:, None]
    if a.ndim != ndim:
        shape = "a vector (one value per feature)" if ndim == 1 else "a matrix (rows × categories)"
        raise StatisticsError("F605", name=name, expected=shape, problem=f"it has shape {a.shape}")
    if a.size and not np.isfinite(a).all():
        raise StatisticsError("F605", name=name, expected="finite", problem="it has NaN or infinite values")
    if a.size and (a < 0).any():
        raise StatisticsError("F605", name=name, expected=">= 0", problem="it has negative values")
    return a


def check_confidence(confidence: float) -> float:
    """``confidence`` as a float, once it is strictly between 0 and 1 (else F601)."""
    if not 0.0 < confidence < 1.0:
        raise ArgumentError("F601", name="confidence", expected="between 0 and 1 (e.g. 0.95)", value=confidence)
    return float(confidence)


def check_positive_int(value: int, name: str, minimum: int = 1) -> int:
    """``value`` as an ``int``, once it is an integer (not a bool) of at least ``minimum`` (else F601)."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ArgumentError("F601", name=name, expected=f"an integer >= {minimum}", value=value)
    return int(value)


def fmt(v: float) -> str:
    """A number for summaries: four significant digits, ``nan`` for NaN."""
    return "nan" if v != v else f"{v:.4g}"
