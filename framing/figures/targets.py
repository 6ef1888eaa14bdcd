""":func:`plot_targets`: who frames whom as what, as bars of matches per speaker and target stacked by role."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from matplotlib.axes import Axes

from ..errors import FigureError
from .drawing import categorical_y, legend_outside, new_axes
from .selection import choose, distinct, result_table
from .theme import style

__all__ = ["ROLE_COLORS", "plot_targets"]

#: The colour of each role (Okabe–Ito: vermillion, blue, bluish green; grey for no role).
ROLE_COLORS = {"villain": "#D55E00", "victim": "#0072B2", "hero": "#009E73", "none": "#BBBBBB"}


def plot_targets(
    target_frame,
    *,
    groups: str | Sequence[str] | None = None,
    targets: str | Sequence[str] | None = None,
    categories: str | Sequence[str] | None = None,
    ax: Axes | None = None,
    size: str | tuple[float, float] = "two_column",
) -> Axes:
    """Who frames whom as what: for each speaking group and target, its matches stacked by role.

    One bar per (group, target) pair, groups top to bottom in the order given and their targets within
    (``russia → ukraine``); segments are the matches casting the target as villain, victim, hero or in no
    settled role (:data:`ROLE_COLORS`), labelled with the total and, when there are any, the matches that
    turn a frame against its own sponsor ("counter"). A group never framing a target gets an empty bar. One
    ``BarContainer`` per role.

    Parameters
    ----------
    target_frame : pandas.DataFrame
        The table of :func:`framing.compare.target_table` (``targets.csv``): columns ``group``, ``target``,
        ``role``, ``category``, ``count`` and ``against_sponsor``.
    groups, targets : str or sequence of str, optional
        The speakers and targets to show; default all, in the table's order.
    categories : str or sequence of str, optional
        Count only these categories; default all.
    ax : matplotlib.axes.Axes, optional
        Draw on this Axes (it keeps its own look); default a new figure of ``size`` in the house style.
    size : str or (float, float), default "two_column"
        A preset of :data:`~framing.figures.SIZES` or (width, height) in inches; used only without ``ax``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    ArgumentTypeError
        [F602] when ``target_frame`` is not a DataFrame.
    ArgumentError
        [F604] when a requested group, target or category is not in the table; [F601] for an unknown ``size``.
    FigureError
        [F652] when the table lacks a column; [F651] when it has no rows or the selection has no match.
    """
    table = result_table(
        target_frame, "target_table", ["group", "target", "role", "category", "count", "against_sponsor"]
    )
    gs = choose(groups, distinct(table["group"]), "group")
    ts = choose(targets, distinct(table["target"]), "target")
    cats = choose(categories, distinct(table["category"]), "category")
    table = table[table["group"].isin(gs) & table["target"].isin(ts) & table["category"].isin(cats)]
    if not table["count"].sum():
        raise FigureError(
            "F651",
            reason=f"No match of {cats} frames any of {ts} in the speech of {gs}",
            fix="choose other groups, targets or categories",
        )
    rows = [(g, t) for g in gs for t in ts if g != t]
    cells = table.groupby(["group", "target", "role"])["count"].sum()
    counter = table.groupby(["group", "target"])["against_sponsor"].sum()
    with style():
        ax = new_axes(ax, size)
        y = np.arange(len(rows), dtype=float)
        left = np.zeros(len(rows))
        for role, color in ROLE_COLORS.items():
            width = np.array([float(cells.get((g, t, role), 0)) for g, t in rows])
            ax.barh(y, width, left=left, height=0.7, color=color, label=role, edgecolor="white", linewidth=0.5)
            left = left + width
        for k, (g, t) in enumerate(rows):
            n_counter = int(counter.get((g, t), 0))
            note = f"{int(left[k])}" + (f" ({n_counter} counter)" if n_counter else "")
            ax.text(left[k], k, f" {note}", va="center", ha="left", fontsize=7, color="0.3")
        categorical_y(ax, [f"{g} → {t}" for g, t in rows])
        ax.set_xlim(0, max(left.max(), 1) * 1.2)
        ax.set_xlabel("matches that frame the target, by role")
        handles, labels = ax.get_legend_handles_labels()
        legend_outside(ax, handles, labels, title="role")
    return ax
