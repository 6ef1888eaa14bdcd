"""Bar charts: :func:`plot_keyness` (diverging bars of each group's key features), :func:`plot_adoption`
(stacked shares of the sponsors' frames) and :func:`plot_coverage` (a lexicon's coverage per category).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from ..errors import ArgumentError, FigureError
from .drawing import categorical_y, legend_outside, new_axes
from .selection import as_floats, choose, distinct, result_table
from .theme import OKABE_ITO, REFERENCE, color_of, style

__all__ = ["plot_adoption", "plot_coverage", "plot_keyness"]


# ----------------------------------------------------------------------------------------------- keyness
def _keyness_blocks(keyness_table, table: pd.DataFrame, gs: list[str], n: int) -> list[tuple[str, pd.DataFrame]]:
    """Per group its top ``n`` rows (``keyness_table.top`` when it has one, else the same order: highest z
    first, ties by feature), without those whose z is not finite."""
    top = getattr(keyness_table, "top", None)
    blocks = []
    for g in gs:
        if callable(top):
            rows = top(g, n)
        else:
            rows = (
                table[table["group"] == g]
                .sort_values(["z", "feature"], ascending=[False, True], kind="mergesort")
                .head(n)
            )
        blocks.append((g, rows[np.isfinite(as_floats(rows["z"]))]))
    return blocks


def plot_keyness(
    keyness_table,
    *,
    groups: Sequence[str],
    n: int = 10,
    ax: Axes | None = None,
    size: str | tuple[float, float] = "two_column",
) -> Axes:
    """Diverging bars of keyness ``z`` (weighted log-odds, each group against the rest), group by group.

    For each of ``groups`` a block headed by the group's name (bold) with its top ``n`` features
    (``KeynessTable.top``: highest z first), bars left of zero for features the group uses less than the
    rest; a grey line separates the blocks. Features whose z is not finite are left out. One
    ``BarContainer`` per group.

    Parameters
    ----------
    keyness_table : KeynessTable or pandas.DataFrame
        A :class:`~framing.compare.KeynessTable` (of terms or of categories), or a table with its columns
        ``group``, ``feature`` and ``z``. The x label names the result's ``features`` when it has them.
    groups : str or sequence of str
        The groups to show, top to bottom.
    n : int, default 10
        Features per group.
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
        [F602] when ``keyness_table`` is neither a result with a ``.table`` DataFrame nor a DataFrame.
    ArgumentError
        [F604] when a requested group is not in the table; [F601] when ``n`` is below 1 or ``size`` unknown.
    FigureError
        [F652] when the table lacks a column; [F651] when it has no rows, when ``groups`` is empty, or when
        no selected feature has a finite z.
    """
    table = result_table(keyness_table, "KeynessTable", ["group", "feature", "z"])
    gs = choose(groups, distinct(table["group"]), "group")
    if n < 1:
        raise ArgumentError("F601", name="n", expected="at least 1 (features per group)", value=n)
    blocks = _keyness_blocks(keyness_table, table, gs, n)
    if not any(len(rows) for _, rows in blocks):
        raise FigureError("F651", reason=f"No feature with a finite z for groups {gs}", fix="choose other groups")
    with style():
        ax = new_axes(ax, size)
        ax.axvline(0, color=REFERENCE, linewidth=0.8, zorder=0)
        tick_labels: list[str] = []
        headings: list[int] = []
        for i, (g, rows) in enumerate(blocks):
            if i:
                ax.axhline(len(tick_labels) - 0.5, color=REFERENCE, linewidth=0.6, zorder=0)
            headings.append(len(tick_labels))
            tick_labels.append(g)
            y = np.arange(len(rows), dtype=float) + len(tick_labels)
            ax.barh(y, as_floats(rows["z"]), height=0.75, color=color_of(i), label=g)
            tick_labels += [str(f) for f in rows["feature"]]
        categorical_y(ax, tick_labels)
        for k in headings:
            ax.get_yticklabels()[k].set_fontweight("bold")
        ax.tick_params(axis="y", length=0)
        kind = getattr(keyness_table, "features", "features")
        ax.set_xlabel(f"keyness z of {kind}, group vs rest")
    return ax


# ---------------------------------------------------------------------------------------------- adoption
def plot_adoption(
    adoption_frame: pd.DataFrame,
    *,
    groups: Sequence[str] | None = None,
    ax: Axes | None = None,
    size: str | tuple[float, float] = "two_column",
) -> Axes:
    """Stacked horizontal bars of the share of each sponsor's frames in each group's sponsor-labelled matches.

    One bar per group, one segment per sponsor (in the table's order, by colour), labelled with the number
    of adopted matches ``n`` and, when the table has them (:func:`~framing.compare.frame_adoption`'s
    ``counter``), the matches that turn a sponsor's frame against that sponsor, which are not in the shares
    ("counter-framing"). A group with no sponsor-labelled match (share NaN: no evidence, not zero) gets no
    bar but a note; a sponsor whose share is NaN beside known ones gets no segment. One ``BarContainer``
    per sponsor.

    Parameters
    ----------
    adoption_frame : pandas.DataFrame
        The table of :func:`~framing.compare.frame_adoption` (``per="group"``): columns ``group``,
        ``sponsor`` and ``share``, one row per group and sponsor.
    groups : str or sequence of str, optional
        The groups to show, top to bottom; default all, in the table's order.
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
        [F602] when ``adoption_frame`` is not a DataFrame (nor a result with a ``.table`` DataFrame).
    ArgumentError
        [F604] when a requested group is not in the table; [F601] for an unknown ``size``.
    FigureError
        [F652] when the table lacks a column; [F651] when it has no rows, when an empty selection is
        requested, or when no selected group has a sponsor-labelled match.
    """
    table = result_table(adoption_frame, "frame_adoption", ["group", "sponsor", "share"])
    gs = choose(groups, distinct(table["group"]), "group")
    sponsors = distinct(table["sponsor"])
    share = table.pivot(index="group", columns="sponsor", values="share").reindex(index=gs, columns=sponsors)
    values = share.to_numpy(dtype=float)
    evidence = np.isfinite(values).any(axis=1)
    if not evidence.any():
        raise FigureError(
            "F651",
            reason=f"No sponsor-labelled match for groups {gs} (every share is NaN: no evidence)",
            fix="choose other groups, or a lexicon whose categories have sponsors",
        )
    with style():
        ax = new_axes(ax, size)
        y = np.flatnonzero(evidence).astype(float)
        left = np.zeros(len(y))
        for j, sponsor in enumerate(sponsors):
            width = np.nan_to_num(values[evidence, j])  # a NaN beside known shares: that sponsor has none
            ax.barh(y, width, left=left, height=0.7, color=color_of(j), label=sponsor, edgecolor="white", linewidth=0.5)
            left = left + width
        for k in np.flatnonzero(~evidence).tolist():
            ax.text(0.01, k, "no sponsor-labelled match", va="center", ha="left", fontsize=7, color="0.3")
        if "count" in table.columns:
            n = table.groupby("group")["count"].sum()
            counter = table.groupby("group")["counter"].sum() if "counter" in table.columns else None
            for k in np.flatnonzero(evidence).tolist():
                c = int(counter[gs[k]]) if counter is not None else 0
                note = f"n = {int(n[gs[k]])}" + (f", {c} counter-framing" if c else "")
                ax.text(
                    1.01, k, note, va="center", ha="left", fontsize=7, color="0.3", transform=ax.get_yaxis_transform()
                )
        categorical_y(ax, gs)
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of sponsor-labelled matches")
        handles, labels = ax.get_legend_handles_labels()
        legend_outside(ax, handles, labels, title="sponsor")
    return ax


# ---------------------------------------------------------------------------------------------- coverage
def plot_coverage(
    lexicon_report,
    *,
    ax: Axes | None = None,
    size: str | tuple[float, float] = "one_column",
) -> Axes:
    """Coverage of each category of a lexicon: the share of documents with at least one match, as bars.

    Highest coverage first (ties by category name), each bar labelled ``documents_matched/documents``;
    categories whose coverage is NaN are left out. One ``BarContainer``.

    Parameters
    ----------
    lexicon_report : LexiconReport or pandas.DataFrame
        A :class:`~framing.lexicon.LexiconReport` made with a corpus (``check_lexicon(lexicon, corpus)``),
        or its ``coverage`` table: columns ``category``, ``coverage``, ``documents_matched`` and
        ``documents``.
    ax : matplotlib.axes.Axes, optional
        Draw on this Axes (it keeps its own look); default a new figure of ``size`` in the house style.
    size : str or (float, float), default "one_column"
        A preset of :data:`~framing.figures.SIZES` or (width, height) in inches; used only without ``ax``.

    Returns
    -------
    matplotlib.axes.Axes
        The Axes drawn on.

    Raises
    ------
    ArgumentTypeError
        [F602] when the coverage is not a DataFrame.
    ArgumentError
        [F601] for an unknown ``size``.
    FigureError
        [F651] when the report has no coverage (it was made without a corpus), when the table has no rows
        or no category has a coverage; [F652] when the table lacks a column.
    """
    coverage = lexicon_report if isinstance(lexicon_report, pd.DataFrame) else lexicon_report.coverage
    if coverage is None:
        raise FigureError(
            "F651", reason="The lexicon report has no coverage", fix="make it with check_lexicon(lexicon, corpus)"
        )
    table = result_table(coverage, "LexiconReport.coverage", ["category", "coverage", "documents_matched", "documents"])
    table = table[np.isfinite(as_floats(table["coverage"]))]
    if table.empty:
        raise FigureError(
            "F651",
            reason="No category has a coverage (no documents were checked)",
            fix="check the lexicon against a corpus with documents",
        )
    table = table.sort_values(["coverage", "category"], ascending=[False, True], kind="mergesort")
    with style():
        ax = new_axes(ax, size)
        bars = ax.barh(np.arange(len(table)), as_floats(table["coverage"]), height=0.7, color=OKABE_ITO[0])
        ax.bar_label(
            bars,
            labels=[f"{int(m)}/{int(d)}" for m, d in zip(table["documents_matched"], table["documents"], strict=True)],
            padding=2,
            fontsize=7,
        )
        categorical_y(ax, [str(c) for c in table["category"]])
        ax.set_xlim(0, 1.15)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        ax.set_xlabel("share of documents with a match")
    return ax
