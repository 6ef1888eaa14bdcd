"""Steps every plot shares: a new Axes of a preset size, groups dodged around a row, categorical rows, hollow
markers, a legend outside the Axes. Call them inside :func:`~framing.figures.style`.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..errors import ArgumentError
from .theme import SIZES

__all__ = ["categorical_y", "dodge", "legend_outside", "new_axes", "open_dots", "open_marker_handle"]


def new_axes(ax: Axes | None, size: str | tuple[float, float]) -> Axes:
    """``ax``, or the Axes of a new figure of the preset ``size`` (call inside :func:`style`).

    Raises :class:`~framing.errors.ArgumentError` [F601] for a size name not in :data:`SIZES`.
    """
    if ax is not None:
        return ax
    if isinstance(size, str):
        if size not in SIZES:
            raise ArgumentError(
                "F601", name="size", expected=f"one of {sorted(SIZES)} or (width, height) in inches", value=size
            )
        figsize = SIZES[size]
    else:
        figsize = (float(size[0]), float(size[1]))
    _, new = plt.subplots(figsize=figsize, layout="constrained")
    return new


def dodge(k: int, width: float = 0.7) -> np.ndarray:
    """Offsets around a category's position for ``k`` groups side by side."""
    if k == 1:
        return np.zeros(1)
    return np.linspace(-width / 2, width / 2, k)


def legend_outside(ax: Axes, handles: list, labels: list[str], title: str | None = None) -> None:
    """A legend right of the Axes, top-aligned with it (none when there are no handles)."""
    if handles:
        ax.legend(handles, labels, title=title, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)


def categorical_y(ax: Axes, labels: Sequence[str]) -> None:
    """Rows at 0, 1, … labelled, first on top."""
    ax.set_yticks(range(len(labels)), labels=list(labels))
    ax.set_ylim(len(labels) - 0.5, -0.5)


def open_dots(ax: Axes, x, y, color: str, marker: str, size: float, zorder: int, **kwargs):
    """Hollow markers: the house sign for a value drawn without an interval (or not significant)."""
    return ax.scatter(
        x, y, facecolors="white", edgecolors=color, marker=marker, s=size, linewidths=1.0, zorder=zorder, **kwargs
    )


def open_marker_handle() -> Line2D:
    """The legend handle of hollow markers (a grey open circle)."""
    return Line2D([], [], color="0.3", marker="o", markerfacecolor="white", linestyle="none")
