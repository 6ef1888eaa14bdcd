"""The heatmap of an actor × category table (:func:`plot_actor_heatmap`), its cells annotated."""

from __future__ import annotations

from collections.abc import Mapping

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .theme import style

__all__ = ["plot_actor_heatmap"]


def plot_actor_heatmap(
    wide: pd.DataFrame,
    *,
    ax=None,
    value_label: str = "rate per 1,000 tokens",
    annotate: Mapping[tuple[str, str], str] | pd.DataFrame | None = None,
    cmap: str = "Blues",
):
    """Heatmap of an actor × category table, each cell annotated, with a colour bar.

    The colour scale starts at 0 and a missing value (NaN) is coloured as 0. A cell's text is its
    annotation (a float shown with one decimal); a cell whose text is ``0``, ``0.0`` or empty is left
    blank, and the text is white where the value is above 60 % of the largest value.

    Parameters
    ----------
    wide : pandas.DataFrame
        Actors as rows, categories as columns (e.g. :func:`~framing.compare.frame_matrix` of an
        :func:`~framing.compare.actor_frames` table): the values coloured.
    ax : matplotlib.axes.Axes, optional
        Draw on this Axes (it keeps its own look); default a new figure in the house style, sized to the
        table (0.6 inch per column, 0.45 per row, plus margins).
    value_label : str, default "rate per 1,000 tokens"
        The colour bar's label: what the values are.
    annotate : pandas.DataFrame or mapping of (str, str) to str, optional
        The text of each cell: a DataFrame aligned with ``wide`` (by position, e.g. the counts), or a
        mapping of (row label, column label) to text (cells not in it are blank). Default: the values
        themselves.
    cmap : str, default "Blues"
        The matplotlib colour map.

    Returns
    -------
    matplotlib.image.AxesImage
        The image drawn (its ``axes`` and ``figure`` lead to the rest).
    """
    with style():
        if ax is None:
            _, ax = plt.subplots(
                figsize=(1.0 + 0.6 * max(1, wide.shape[1]), 1.2 + 0.45 * max(1, wide.shape[0])),
                layout="constrained",
            )
        values = wide.to_numpy(dtype=float)
        image = ax.imshow(np.nan_to_num(values), cmap=cmap, aspect="auto", vmin=0)
        ax.set_xticks(range(wide.shape[1]), labels=[str(c) for c in wide.columns], rotation=45, ha="right")
        ax.set_yticks(range(wide.shape[0]), labels=[str(r) for r in wide.index])
        labels = annotate if annotate is not None else wide
        vmax = np.nanmax(values) if values.size and np.isfinite(values).any() else 0.0
        for i in range(wide.shape[0]):
            for j in range(wide.shape[1]):
                text = (
                    labels.iloc[i, j]
                    if isinstance(labels, pd.DataFrame)
                    else labels.get((wide.index[i], wide.columns[j]), "")
                )
                if isinstance(text, float):
                    text = f"{text:.1f}"
                if str(text) in ("0", "0.0", ""):
                    continue
                ax.text(
                    j,
                    i,
                    str(text),
                    ha="center",
                    va="center",
                    fontsize=8,
                    color="white" if vmax and values[i, j] > 0.6 * vmax else "black",
                )
        ax.figure.colorbar(image, ax=ax, label=value_label, shrink=0.8)
    return image
