"""The rows a plot draws: the table a result holds, checked for the columns the plot needs, and the groups
or categories chosen from it. Only selects and orders; no statistic is computed here (nor in any plot).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..errors import ArgumentError, ArgumentTypeError, FigureError

__all__ = ["as_floats", "choose", "distinct", "result_table"]


def result_table(result: Any, what: str, columns: Sequence[str]) -> pd.DataFrame:
    """The DataFrame a result holds (``result.table``), or ``result`` itself when it is one.

    Raises :class:`~framing.errors.ArgumentTypeError` [F602] when there is no DataFrame,
    :class:`~framing.errors.FigureError` [F652] when it lacks one of ``columns``, [F651] when it has no rows.
    """
    table = result if isinstance(result, pd.DataFrame) else getattr(result, "table", result)
    if not isinstance(table, pd.DataFrame):
        raise ArgumentTypeError(
            "F602",
            name="the result to plot",
            expected=f"{what} (an object with a .table DataFrame) or a DataFrame",
            kind=f"a {type(result).__name__}",
        )
    missing = [c for c in columns if c not in table.columns]
    if missing:
        raise FigureError("F652", what=what, missing=missing, columns=list(table.columns))
    if table.empty:
        raise FigureError("F651", reason=f"The {what} table has no rows", fix="pass a result with rows")
    return table


def choose(requested: str | Sequence[str] | None, known: list[str], what: str) -> list[str]:
    """``requested`` (all of ``known`` when None), checked against ``known``, in the order given.

    Raises :class:`~framing.errors.FigureError` [F651] when an empty sequence is requested,
    :class:`~framing.errors.ArgumentError` [F604] naming those requested that are not known.
    """
    if requested is None:
        return known
    chosen = [requested] if isinstance(requested, str) else list(requested)
    if not chosen:
        raise FigureError(
            "F651", reason=f"No {what} requested", fix=f"name at least one, or pass None for all ({known})"
        )
    missing = [c for c in chosen if c not in known]
    if missing:
        raise ArgumentError("F604", what=what, missing=missing, where="this result", known=known)
    return list(dict.fromkeys(chosen))


def distinct(values: pd.Series) -> list[str]:
    """Distinct values in the order of the table (results are sorted when built)."""
    return [str(v) for v in dict.fromkeys(values)]


def as_floats(values: pd.Series) -> np.ndarray:
    """A column as floats, NaN where a value is not a number."""
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)
