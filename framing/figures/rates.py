"""Plots of rates with their intervals, from :mod:`framing.compare` results: :func:`plot_profiles` (each
group's rate per category), :func:`plot_comparisons` (differences between groups) and :func:`plot_timeline`
(one category's rate per actor over time).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from ..errors import FigureError
from .drawing import categorical_y, dodge, legend_outside, new_axes, open_dots, open_marker_handle
from .selection import as_floats, choose, distinct, result_table
from .theme import NO_INTERVAL, REFERENCE, color_of, marker_of, style

__all__ = ["plot_comparisons", "plot_profiles", "plot_timeline"]

#: Columns of a :class:`~framing.compare.Profiles` table the rate plots draw from.
_PROFILE_COLUMNS = ["group", "category", "rate_per_1000", "ci_lower", "ci_upper"]


def _ci_label(result: object) -> str:
    """`` (95% CI)`` for a result whose ``confidence`` is a float, else nothing."""
    confidence = getattr(result, "confidence", None)
    return f" ({confidence:.0%} CI)" if isinstance(confidence, float) else ""


# --------------------------------------------------------------------------------------------- profiles
def plot_profiles(
    profiles,
    *,
    categories: Sequence[str] | None = None,
    groups: Sequence[str] | None = None,
    ax: Axes | None = None,
    size: str | tuple[float, float] = "two_column",
) -> Axes:
    """Dot-and-whisker plot of frame profiles: each group's rate per category with its bootstrap interval.

    One row per category, the groups dodged within it by colour (and, after eight groups, by marker):
    ``rate_per_1000`` as a dot with its interval ``ci_lower``–``ci_upper`` as a whisker. A rate without an
    interval (a group with fewer than two documents) is an open dot without whisker, explained in the
    legend; a rate that is NaN (no tokens) is not drawn. Per group the Axes gets one ``LineCollection`` of
    whiskers and up to two ``PathCollection`` of dots (filled: with interval, open: without).

    Parameters
    ----------
    profiles : Profiles or pandas.DataFrame
        A :class:`~framing.compare.Profiles`, or a table with its columns ``group``, ``category``,
        ``rate_per_1000``, ``ci_lower`` and ``ci_upper``. The x label names the result's ``confidence``
        when it has one.
    categories : str or sequence of str, optional
        The categories to show, top to bottom; default all, in the table's order.
    groups : str or sequence of str, optional
        The groups to show, in this order; default all, in the table's order.
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
        [F602] when ``profiles`` is neither a result with a ``.table`` DataFrame nor a DataFrame.
    ArgumentError
        [F604] when a requested group or category is not in the table; [F601] for an unknown ``size``.
    FigureError
        [F652] when the table lacks a column; [F651] when it has no rows, when an empty selection is
        requested, or when every selected rate is NaN (nothing to draw).
    """
    table = result_table(profiles, "Profiles", _PROFILE_COLUMNS)
    gs = choose(groups, distinct(table["group"]), "group")
    cs = choose(categories, distinct(table["category"]), "category")
    rows = table[table["group"].isin(gs) & table["category"].isin(cs)]
    rate = as_floats(rows["rate_per_1000"])
    if not np.isfinite(rate).any():
        raise FigureError(
            "F651",
            reason=f"No rate for groups {gs} and categories {cs} (every rate is NaN: no tokens)",
            fix="choose other groups or categories",
        )
    ypos = {c: i for i, c in enumerate(cs)}
    offsets = dodge(len(gs))
    with style():
        ax = new_axes(ax, size)
        ax.axvline(0, color=REFERENCE, linewidth=0.8, zorder=0)
        handles, labels, any_open = [], [], False
        for i, g in enumerate(gs):
            sub = rows[rows["group"] == g]
            y = sub["category"].map(ypos).to_numpy(dtype=float) + offsets[i]
            x, lo, hi = as_floats(sub["rate_per_1000"]), as_floats(sub["ci_lower"]), as_floats(sub["ci_upper"])
            shown = np.isfinite(x)
            with_ci = shown & np.isfinite(lo) & np.isfinite(hi)
            without = shown & ~with_ci
            color, marker = color_of(i), marker_of(i)
            if with_ci.any():
                ax.hlines(y[with_ci], lo[with_ci], hi[with_ci], colors=color, linewidth=1.2, zorder=2)
                ax.scatter(x[with_ci], y[with_ci], color=color, marker=marker, s=16, zorder=3, label=g)
            if without.any():
                any_open = True
                open_dots(ax, x[without], y[without], color, marker, 16, 3, label="_nolegend_" if with_ci.any() else g)
            if shown.any():
                handles.append(Line2D([], [], color=color, marker=marker, linestyle="none"))
                labels.append(g)
        if any_open:
            handles.append(open_marker_handle())
            labels.append(NO_INTERVAL)
        categorical_y(ax, cs)
        ax.set_xlabel(f"rate per 1,000 tokens{_ci_label(profiles)}")
        legend_outside(ax, handles, labels, title="group")
    return ax


# ------------------------------------------------------------------------------------------ comparisons
def _draw_differences(ax: Axes, sub: pd.DataFrame, y: np.ndarray, alpha: float, color: str, marker: str) -> bool:
    """One comparison's differences at heights ``y``: whiskers (faded where not significant), filled dots
    where ``q_value < alpha``, open dots elsewhere. True when a difference is drawn without an interval."""
    x, lo, hi = as_floats(sub["difference"]), as_floats(sub["diff_lower"]), as_floats(sub["diff_upper"])
    q = as_floats(sub["q_value"])
    shown = np.isfinite(x)
    sig = shown & (q < alpha)  # NaN q: not significant
    with_ci = shown & np.isfinite(lo) & np.isfinite(hi)
    bare = bool((shown & ~with_ci).any())
    for mask, strength in ((with_ci & sig, 1.0), (with_ci & ~sig, 0.45)):
        if mask.any():
            ax.hlines(y[mask], lo[mask], hi[mask], colors=color, linewidth=1.2, alpha=strength, zorder=2)
    if sig.any():
        ax.scatter(x[sig], y[sig], color=color, marker=marker, s=18, zorder=3)
    if (shown & ~sig).any():
        rest = shown & ~sig
        open_dots(ax, x[rest], y[rest], color, marker, 18, 3)
    return bare


def _significance_legend(comparisons: object, alpha: float, any_bare: bool) -> tuple[list[Line2D], list[str]]:
    """The legend entries after the comparisons': filled and open dots (q below ``alpha`` or not, with the
    result's correction), and the dot without whisker when one was drawn."""
    handles = [Line2D([], [], color="0.3", marker="o", linestyle="none"), open_marker_handle()]
    correction = getattr(comparisons, "correction", None)
    how = f", {str(correction).split(' ')[0]}" if correction else ""
    labels = [f"q < {alpha:g}{how}", f"q ≥ {alpha:g}"]
    if any_bare:
        handles.append(Line2D([], [], color="0.3", marker="o", linestyle="none", markersize=2))
        labels.append("no whisker: " + NO_INTERVAL)
    return handles, labels


def plot_comparisons(
    comparisons,
    *,
    ax: Axes | None = None,
    alpha: float = 0.05,
    categories: Sequence[str] | None = None,
    size: str | tuple[float, float] = "two_column",
) -> Axes:
    """Differences of rates between groups with their intervals: one row per category, one colour per
    comparison (``group vs other``, dodged within the row).

    A difference whose ``q_value`` (Benjamini–Hochberg, as the result holds it; no test is redone) is below
    ``alpha`` is a filled dot with a full-strength whisker; the others (NaN ``q_value`` included) are open
    dots with faded whiskers. A difference without an interval is a dot only. Per comparison the Axes gets
    one ``LineCollection`` of whiskers and a ``PathCollection`` each of significant and other dots.

    Parameters
    ----------
    comparisons : Comparisons or pandas.DataFrame
        A :class:`~framing.compare.Comparisons`, or a table with its columns ``group``, ``other``,
        ``category``, ``difference``, ``diff_lower``, ``diff_upper`` and ``q_value``. The legend names the
        result's ``correction`` and the x label its ``confidence`` when it has them.
    ax : matplotlib.axes.Axes, optional
        Draw on this Axes (it keeps its own look); default a new figure of ``size`` in the house style.
    alpha : float, default 0.05
        The level below which a ``q_value`` counts as significant (drawn filled).
    categories : str or sequence of str, optional
        The categories to show, top to bottom; default all, in the table's order.
    size : str or (float, float), default "two_column"
        A preset of :data:`~framing.figures.SIZES` or (width, height) in inches; used only without ``ax``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    ArgumentTypeError
        [F602] when ``comparisons`` is neither a result with a ``.table`` DataFrame nor a DataFrame.
    ArgumentError
        [F604] when a requested category is not in the table; [F601] for an unknown ``size``.
    FigureError
        [F652] when the table lacks a column; [F651] when it has no rows or an empty selection is requested.
    """
    table = result_table(
        comparisons, "Comparisons", ["group", "other", "category", "difference", "diff_lower", "diff_upper", "q_value"]
    )
    cs = choose(categories, distinct(table["category"]), "category")
    rows = table[table["category"].isin(cs)]
    pairs = list(dict.fromkeys(zip(rows["group"].astype(str), rows["other"].astype(str), strict=True)))
    ypos = {c: i for i, c in enumerate(cs)}
    offsets = dodge(len(pairs))
    with style():
        ax = new_axes(ax, size)
        ax.axvline(0, color=REFERENCE, linewidth=0.8, zorder=0)
        handles, labels, any_bare = [], [], False
        for j, (g, o) in enumerate(pairs):
            sub = rows[(rows["group"].astype(str) == g) & (rows["other"].astype(str) == o)]
            y = sub["category"].map(ypos).to_numpy(dtype=float) + offsets[j]
            color, marker = color_of(j), marker_of(j)
            any_bare |= _draw_differences(ax, sub, y, alpha, color, marker)
            handles.append(Line2D([], [], color=color, marker=marker, linestyle="none"))
            labels.append(f"{g} vs {o}")
        more_handles, more_labels = _significance_legend(comparisons, alpha, any_bare)
        categorical_y(ax, cs)
        ax.set_xlabel(f"difference in rate per 1,000 tokens, group − other{_ci_label(comparisons)}")
        legend_outside(ax, handles + more_handles, labels + more_labels, title="comparison")
    return ax


# ---------------------------------------------------------------------------------------------- timeline
def _timeline_rows(
    table: pd.DataFrame, category: str, actors: Sequence[str] | None
) -> tuple[pd.DataFrame, list[str], list, list[str]]:
    """The rows of ``category`` for the chosen actors with ``actor``, ``period`` and ``x`` (the position of
    the period: numeric when every period reads as a number, else its rank in sorted order); the actors;
    the ticks and their labels. Raises :class:`~framing.errors.FigureError` [F651] when a group has no
    period or every rate is NaN, :class:`~framing.errors.ArgumentError` [F604] for an unknown category or
    actor."""
    undated = [g for g in distinct(table["group"]) if "|" not in g]
    if undated:
        raise FigureError(
            "F651",
            reason=f"Groups {undated[:5]} have no period",
            fix="plot_timeline needs profiles of units made with unit_table(..., by='year', corpus=docs) (groups "
            "like 'russia|2022')",
        )
    choose(category, distinct(table["category"]), "category")
    rows = table[table["category"] == category].copy()
    split = rows["group"].astype(str).str.rpartition("|")
    rows["actor"], rows["period"] = split[0], split[2]
    chosen = choose(actors, distinct(rows["actor"]), "actor")
    rows = rows[rows["actor"].isin(chosen)]
    numeric = pd.to_numeric(rows["period"], errors="coerce")
    if numeric.notna().all():
        rows["x"] = numeric.to_numpy(dtype=float)
        ticks = sorted(set(rows["x"]))
        tick_labels = [str(rows.loc[rows["x"] == t, "period"].iloc[0]) for t in ticks]
    else:
        tick_labels = sorted(set(rows["period"]))
        ticks = list(range(len(tick_labels)))
        rows["x"] = rows["period"].map({p: i for i, p in enumerate(tick_labels)}).astype(float)
    if not np.isfinite(as_floats(rows["rate_per_1000"])).any():
        raise FigureError(
            "F651",
            reason=f"No rate for category {category!r} and actors {chosen} (every rate is NaN: no tokens)",
            fix="choose other actors or another category",
        )
    return rows, chosen, ticks, tick_labels


def _draw_timeline(ax: Axes, sub: pd.DataFrame, i: int, actor: str) -> bool:
    """The ``i``-th actor's line over its periods (``sub``, sorted by ``x``): a band where the intervals of
    consecutive periods are known, a whisker for an interval with no known neighbour, an open marker for a
    rate without an interval. True when there was such a rate."""
    x, rate = sub["x"].to_numpy(dtype=float), as_floats(sub["rate_per_1000"])
    lo, hi = as_floats(sub["ci_lower"]), as_floats(sub["ci_upper"])
    color = color_of(i)
    ax.plot(x, rate, color=color, marker=marker_of(i), label=actor, zorder=3)
    known = np.isfinite(lo) & np.isfinite(hi) & np.isfinite(rate)
    bare = np.isfinite(rate) & ~known
    if bare.any():
        open_dots(ax, x[bare], rate[bare], color, marker_of(i), 16, 4)
    prev = np.concatenate([[False], known[:-1]])
    after = np.concatenate([known[1:], [False]])
    if (known & (prev | after)).any():
        ax.fill_between(x, lo, hi, where=known, color=color, alpha=0.2, linewidth=0, zorder=1)
    alone = known & ~prev & ~after
    if alone.any():
        ax.vlines(x[alone], lo[alone], hi[alone], colors=color, linewidth=1.0, alpha=0.6, zorder=2)
    return bool(bare.any())


def plot_timeline(
    profiles,
    *,
    category: str,
    actors: Sequence[str] | None = None,
    ax: Axes | None = None,
    size: str | tuple[float, float] = "two_column",
) -> Axes:
    """Rates of one category over time for each actor, with the bootstrap interval as a band.

    Drawn from frame profiles of units grouped by period, ``unit_table(..., by="year")`` (groups
    ``"actor|year"``, split at the last ``|``). Periods that all read as numbers are placed on a numeric
    axis, others in sorted order; the ticks name the periods when there are at most 20. One ``Line2D`` per
    actor (a point per period), and per actor a band (``PolyCollection``) where the intervals of consecutive
    periods are known; an interval with no known neighbour is a whisker (``LineCollection``); a rate
    without an interval gets an open marker (``PathCollection``), explained in the legend.

    Parameters
    ----------
    profiles : Profiles or pandas.DataFrame
        A :class:`~framing.compare.Profiles` of units grouped by period, or a table with its columns
        ``group``, ``category``, ``rate_per_1000``, ``ci_lower`` and ``ci_upper``. The x label is the
        result's ``by`` (default ``"period"``), the y label names its ``confidence`` when it has one.
    category : str
        The category whose rates are drawn.
    actors : str or sequence of str, optional
        The actors to show, in this order (legend and colours); default all, in the table's order.
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
        [F602] when ``profiles`` is neither a result with a ``.table`` DataFrame nor a DataFrame.
    ArgumentError
        [F604] when ``category`` or a requested actor is not in the table; [F601] for an unknown ``size``.
    FigureError
        [F652] when the table lacks a column; [F651] when it has no rows, when a group has no period (the
        profiles were not made by period), when an empty selection of actors is requested, or when every
        selected rate is NaN.
    """
    table = result_table(profiles, "Profiles", _PROFILE_COLUMNS)
    rows, chosen, ticks, tick_labels = _timeline_rows(table, category, actors)
    with style():
        ax = new_axes(ax, size)
        any_missing = False
        for i, actor in enumerate(chosen):
            sub = rows[rows["actor"] == actor].sort_values("x", kind="mergesort")
            any_missing |= _draw_timeline(ax, sub, i, actor)
        if len(ticks) <= 20:
            ax.set_xticks(ticks, labels=tick_labels)
        by = getattr(profiles, "by", None) or "period"
        ax.set_xlabel(by)
        ax.set_ylabel(f"{category}: rate per 1,000 tokens{_ci_label(profiles)}")
        handles, labels = ax.get_legend_handles_labels()
        if any_missing:
            handles.append(open_marker_handle())
            labels.append(NO_INTERVAL)
        legend_outside(ax, handles, labels, title="actor")
    return ax
