"""Figures: plot functions that draw from result objects, and a byte-reproducible ``save_figure``.

Every ``plot_*`` function takes ``ax=None`` (a new figure of a fixed :data:`SIZES` preset when omitted),
draws what a result object of :mod:`framing.compare` or :mod:`framing.diagnostics` holds without
recomputing any statistic (it only selects and orders rows), returns the ``Axes`` it drew on, and never
calls ``plt.show()`` or changes global ``rcParams``: the house style (:data:`STYLE`: DejaVu Sans, the
Okabe–Ito colour-blind-safe palette) is applied with :func:`style`, a ``plt.rc_context``, while drawing.
Axes passed in keep their own look; make them inside ``with style():`` for a multi-panel figure in the
house style. A request that leaves nothing to draw raises :class:`~framing.errors.FigureError` [F651] (a
``ValueError``) saying what to pass instead; an empty figure is never returned.

:func:`save_figure` fixes the metadata each backend would otherwise stamp (PNG ``Software``, SVG ``Date``
and random ids, PDF dates, creator and producer) so the same data gives the same bytes, embeds the
provenance in each format and writes it to a JSON sidecar; :func:`read_provenance` reads it back.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.rcsetup import cycler
from matplotlib.typing import RcKeyType

from .errors import ArgumentError, ArgumentTypeError, FigureError

__all__ = [
    "OKABE_ITO",
    "SIZES",
    "STYLE",
    "plot_actor_heatmap",
    "plot_adoption",
    "plot_comparisons",
    "plot_coverage",
    "plot_keyness",
    "plot_profiles",
    "plot_timeline",
    "read_provenance",
    "save_figure",
    "style",
]

#: Salt for SVG element ids: fixed so that ids do not change between runs.
SVG_HASHSALT = "framing"

#: Okabe & Ito (2008), "Color Universal Design": eight colours distinguishable with the common forms of
#: colour-vision deficiency. Ordered for plotting on white: the yellow, hard to see as a thin line or a
#: small dot, and black come last.
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000")

#: Marker shapes: the second round of eight groups gets squares, the third diamonds … so that groups
#: whose colours repeat are still told apart.
MARKERS = ("o", "s", "D", "^", "v")

#: Figure sizes in inches: a journal's single column (~89 mm) and full width (~183 mm).
SIZES: dict[str, tuple[float, float]] = {"one_column": (3.5, 2.6), "two_column": (7.2, 4.0)}

#: The house style, applied only while drawing (``with style():``), never written to global ``rcParams``.
#: DejaVu Sans ships with matplotlib, so the figures look (and their bytes are) the same everywhere.
STYLE: dict[RcKeyType, Any] = {
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans"],
    "font.size": 8.0,
    "axes.titlesize": 9.0,
    "axes.labelsize": 8.0,
    "xtick.labelsize": 7.0,
    "ytick.labelsize": 7.0,
    "legend.fontsize": 7.0,
    "legend.title_fontsize": 7.0,
    "legend.frameon": False,
    "axes.prop_cycle": cycler(color=list(OKABE_ITO)),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.linewidth": 0.8,
    "lines.linewidth": 1.2,
    "lines.markersize": 4.0,
    "xtick.major.width": 0.8,
    "ytick.major.width": 0.8,
}

#: Colour of reference lines (zero, separators): light grey, behind the data.
_REFERENCE = "0.75"
#: Label of the legend entry for points drawn without an interval.
_NO_INTERVAL = "no interval (fewer than 2 documents)"


@contextmanager
def style() -> Iterator[None]:
    """Context in which :data:`STYLE` applies: ``with style(): fig, ax = plt.subplots()``.

    The previous ``rcParams`` are restored on exit, so nothing changes globally."""
    with plt.rc_context(STYLE):
        yield


# ---------------------------------------------------------------------------------------------- helpers
def _color(i: int) -> str:
    return OKABE_ITO[i % len(OKABE_ITO)]


def _marker(i: int) -> str:
    return MARKERS[(i // len(OKABE_ITO)) % len(MARKERS)]


def _new_axes(ax: Axes | None, size: str | tuple[float, float]) -> Axes:
    """``ax``, or the Axes of a new figure of the preset ``size`` (call inside :func:`style`)."""
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


def _table(result: Any, what: str, columns: Sequence[str]) -> pd.DataFrame:
    """The DataFrame a result holds (``result.table``), or ``result`` itself when it is one."""
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


def _choose(requested: str | Sequence[str] | None, known: list[str], what: str) -> list[str]:
    """``requested`` (all of ``known`` when None), checked against ``known``, in the order given."""
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


def _unique(values: pd.Series) -> list[str]:
    """Distinct values in the order of the table (results are sorted when built)."""
    return [str(v) for v in dict.fromkeys(values)]


def _dodge(k: int, width: float = 0.7) -> np.ndarray:
    """Offsets around a category's position for ``k`` groups side by side."""
    if k == 1:
        return np.zeros(1)
    return np.linspace(-width / 2, width / 2, k)


def _legend_outside(ax: Axes, handles: list, labels: list[str], title: str | None = None) -> None:
    if handles:
        ax.legend(handles, labels, title=title, loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0)


def _categorical_y(ax: Axes, labels: Sequence[str]) -> None:
    """Rows at 0, 1, … labelled, first on top."""
    ax.set_yticks(range(len(labels)), labels=list(labels))
    ax.set_ylim(len(labels) - 0.5, -0.5)


def _open_dots(ax: Axes, x, y, color: str, marker: str, size: float, zorder: int, **kwargs):
    """Hollow markers: the house sign for a value drawn without an interval (or not significant)."""
    return ax.scatter(
        x, y, facecolors="white", edgecolors=color, marker=marker, s=size, linewidths=1.0, zorder=zorder, **kwargs
    )


def _float(values: pd.Series) -> np.ndarray:
    return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float)


# ---------------------------------------------------------------------------------------------- heatmap
def plot_actor_heatmap(
    wide: pd.DataFrame,
    *,
    ax=None,
    value_label: str = "rate per 1,000 tokens",
    annotate: Mapping[tuple[str, str], str] | pd.DataFrame | None = None,
    cmap: str = "Blues",
):
    """Heatmap of an actor × category table (rows × columns of ``wide``, e.g. from ``frame_matrix``).

    ``annotate`` gives the text in each cell (a DataFrame aligned with ``wide``, e.g. the counts); by
    default the values themselves. Returns the ``AxesImage``.
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


# --------------------------------------------------------------------------------------------- profiles
def plot_profiles(
    profiles,
    *,
    categories: Sequence[str] | None = None,
    groups: Sequence[str] | None = None,
    ax: Axes | None = None,
    size: str | tuple[float, float] = "two_column",
) -> Axes:
    """Dot-and-whisker plot of :class:`~framing.compare.Profiles`: ``rate_per_1000`` with its bootstrap
    interval (``ci_lower``–``ci_upper``) for each category (rows) and group (dodged, by colour).

    ``categories`` and ``groups`` select and order what is shown (default: all, in the table's order). A
    rate without an interval (a group with fewer than two documents) is an open dot without whisker,
    explained in the legend; a rate that is NaN (no tokens) is not drawn. Per group the Axes gets one
    ``LineCollection`` of whiskers and up to two ``PathCollection`` of dots (filled: with interval, open:
    without). Returns the Axes.
    """
    table = _table(profiles, "Profiles", ["group", "category", "rate_per_1000", "ci_lower", "ci_upper"])
    gs = _choose(groups, _unique(table["group"]), "group")
    cs = _choose(categories, _unique(table["category"]), "category")
    rows = table[table["group"].isin(gs) & table["category"].isin(cs)]
    rate = _float(rows["rate_per_1000"])
    if not np.isfinite(rate).any():
        raise FigureError(
            "F651",
            reason=f"No rate for groups {gs} and categories {cs} (every rate is NaN: no tokens)",
            fix="choose other groups or categories",
        )
    confidence = getattr(profiles, "confidence", None)
    ypos = {c: i for i, c in enumerate(cs)}
    offsets = _dodge(len(gs))
    with style():
        ax = _new_axes(ax, size)
        ax.axvline(0, color=_REFERENCE, linewidth=0.8, zorder=0)
        handles, labels, any_open = [], [], False
        for i, g in enumerate(gs):
            sub = rows[rows["group"] == g]
            y = sub["category"].map(ypos).to_numpy(dtype=float) + offsets[i]
            x, lo, hi = _float(sub["rate_per_1000"]), _float(sub["ci_lower"]), _float(sub["ci_upper"])
            shown = np.isfinite(x)
            with_ci = shown & np.isfinite(lo) & np.isfinite(hi)
            without = shown & ~with_ci
            color, marker = _color(i), _marker(i)
            if with_ci.any():
                ax.hlines(y[with_ci], lo[with_ci], hi[with_ci], colors=color, linewidth=1.2, zorder=2)
                ax.scatter(x[with_ci], y[with_ci], color=color, marker=marker, s=16, zorder=3, label=g)
            if without.any():
                any_open = True
                _open_dots(ax, x[without], y[without], color, marker, 16, 3, label="_nolegend_" if with_ci.any() else g)
            if shown.any():
                handles.append(Line2D([], [], color=color, marker=marker, linestyle="none"))
                labels.append(g)
        if any_open:
            handles.append(Line2D([], [], color="0.3", marker="o", markerfacecolor="white", linestyle="none"))
            labels.append(_NO_INTERVAL)
        _categorical_y(ax, cs)
        ci = f" ({confidence:.0%} CI)" if isinstance(confidence, float) else ""
        ax.set_xlabel(f"rate per 1,000 tokens{ci}")
        _legend_outside(ax, handles, labels, title="group")
    return ax


# ------------------------------------------------------------------------------------------ comparisons
def plot_comparisons(
    comparisons,
    *,
    ax: Axes | None = None,
    alpha: float = 0.05,
    categories: Sequence[str] | None = None,
    size: str | tuple[float, float] = "two_column",
) -> Axes:
    """Differences of rates with their intervals from :class:`~framing.compare.Comparisons`: one row per
    category, one colour per comparison (``group vs other``, dodged).

    A difference whose ``q_value`` (Benjamini–Hochberg, as the result holds it) is below ``alpha`` is a
    filled dot with a full-strength whisker; the others are open dots with faded whiskers. A difference
    without an interval is a dot only. Per comparison the Axes gets one ``LineCollection`` of whiskers and
    a ``PathCollection`` each of significant and other dots. Returns the Axes.
    """
    table = _table(
        comparisons, "Comparisons", ["group", "other", "category", "difference", "diff_lower", "diff_upper", "q_value"]
    )
    cs = _choose(categories, _unique(table["category"]), "category")
    rows = table[table["category"].isin(cs)]
    pairs = list(dict.fromkeys(zip(rows["group"].astype(str), rows["other"].astype(str), strict=True)))
    ypos = {c: i for i, c in enumerate(cs)}
    offsets = _dodge(len(pairs))
    with style():
        ax = _new_axes(ax, size)
        ax.axvline(0, color=_REFERENCE, linewidth=0.8, zorder=0)
        handles, labels, any_bare = [], [], False
        for j, (g, o) in enumerate(pairs):
            sub = rows[(rows["group"].astype(str) == g) & (rows["other"].astype(str) == o)]
            y = sub["category"].map(ypos).to_numpy(dtype=float) + offsets[j]
            x, lo, hi = _float(sub["difference"]), _float(sub["diff_lower"]), _float(sub["diff_upper"])
            q = _float(sub["q_value"])
            shown = np.isfinite(x)
            sig = shown & (q < alpha)  # NaN q: not significant
            with_ci = shown & np.isfinite(lo) & np.isfinite(hi)
            any_bare |= bool((shown & ~with_ci).any())
            color, marker = _color(j), _marker(j)
            for mask, strength in ((with_ci & sig, 1.0), (with_ci & ~sig, 0.45)):
                if mask.any():
                    ax.hlines(y[mask], lo[mask], hi[mask], colors=color, linewidth=1.2, alpha=strength, zorder=2)
            if sig.any():
                ax.scatter(x[sig], y[sig], color=color, marker=marker, s=18, zorder=3)
            if (shown & ~sig).any():
                rest = shown & ~sig
                _open_dots(ax, x[rest], y[rest], color, marker, 18, 3)
            handles.append(Line2D([], [], color=color, marker=marker, linestyle="none"))
            labels.append(f"{g} vs {o}")
        handles += [
            Line2D([], [], color="0.3", marker="o", linestyle="none"),
            Line2D([], [], color="0.3", marker="o", markerfacecolor="white", linestyle="none"),
        ]
        correction = getattr(comparisons, "correction", None)
        how = f", {str(correction).split(' ')[0]}" if correction else ""
        labels += [f"q < {alpha:g}{how}", f"q ≥ {alpha:g}"]
        if any_bare:
            handles.append(Line2D([], [], color="0.3", marker="o", linestyle="none", markersize=2))
            labels.append("no whisker: " + _NO_INTERVAL)
        _categorical_y(ax, cs)
        confidence = getattr(comparisons, "confidence", None)
        ci = f" ({confidence:.0%} CI)" if isinstance(confidence, float) else ""
        ax.set_xlabel(f"difference in rate per 1,000 tokens, group − other{ci}")
        _legend_outside(ax, handles, labels, title="comparison")
    return ax


# ----------------------------------------------------------------------------------------------- keyness
def plot_keyness(
    keyness_table,
    *,
    groups: Sequence[str],
    n: int = 10,
    ax: Axes | None = None,
    size: str | tuple[float, float] = "two_column",
) -> Axes:
    """Diverging bars of keyness ``z`` (weighted log-odds, each group against the rest) from a
    :class:`~framing.compare.KeynessTable`: for each of ``groups`` a block headed by the group's name
    (bold) with its top ``n`` features (``KeynessTable.top``: highest z first), bars left of zero for
    features the group uses less than the rest. One ``BarContainer`` per group. Returns the Axes.
    """
    table = _table(keyness_table, "KeynessTable", ["group", "feature", "z"])
    gs = _choose(groups, _unique(table["group"]), "group")
    if n < 1:
        raise ArgumentError("F601", name="n", expected="at least 1 (features per group)", value=n)
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
        blocks.append((g, rows[np.isfinite(_float(rows["z"]))]))
    if not any(len(rows) for _, rows in blocks):
        raise FigureError("F651", reason=f"No feature with a finite z for groups {gs}", fix="choose other groups")
    with style():
        ax = _new_axes(ax, size)
        ax.axvline(0, color=_REFERENCE, linewidth=0.8, zorder=0)
        tick_labels: list[str] = []
        headings: list[int] = []
        for i, (g, rows) in enumerate(blocks):
            if i:
                ax.axhline(len(tick_labels) - 0.5, color=_REFERENCE, linewidth=0.6, zorder=0)
            headings.append(len(tick_labels))
            tick_labels.append(g)
            y = np.arange(len(rows), dtype=float) + len(tick_labels)
            ax.barh(y, _float(rows["z"]), height=0.75, color=_color(i), label=g)
            tick_labels += [str(f) for f in rows["feature"]]
        _categorical_y(ax, tick_labels)
        for k in headings:
            ax.get_yticklabels()[k].set_fontweight("bold")
        ax.tick_params(axis="y", length=0)
        kind = getattr(keyness_table, "features", "features")
        ax.set_xlabel(f"keyness z of {kind}, group vs rest")
    return ax


# ---------------------------------------------------------------------------------------------- timeline
def plot_timeline(
    profiles,
    *,
    category: str,
    actors: Sequence[str] | None = None,
    ax: Axes | None = None,
    size: str | tuple[float, float] = "two_column",
) -> Axes:
    """Rates of one ``category`` over time for each actor, from :class:`~framing.compare.Profiles` of
    units made with ``unit_table(..., by="year")`` (groups ``"actor|year"``), with the bootstrap interval
    as a band. Periods that all read as numbers are placed on a numeric axis, others in sorted order.

    One ``Line2D`` per actor (a point per period), and per actor a band (``PolyCollection``) where the
    intervals of consecutive periods are known; an interval with no known neighbour is a whisker
    (``LineCollection``); a rate without an interval gets an open marker (``PathCollection``), explained in
    the legend. Returns the Axes.
    """
    table = _table(profiles, "Profiles", ["group", "category", "rate_per_1000", "ci_lower", "ci_upper"])
    undated = [g for g in _unique(table["group"]) if "|" not in g]
    if undated:
        raise FigureError(
            "F651",
            reason=f"Groups {undated[:5]} have no period",
            fix="plot_timeline needs profiles of units made with unit_table(..., by='year', corpus=docs) (groups "
            "like 'russia|2022')",
        )
    _choose(category, _unique(table["category"]), "category")
    rows = table[table["category"] == category].copy()
    split = rows["group"].astype(str).str.rpartition("|")
    rows["actor"], rows["period"] = split[0], split[2]
    chosen = _choose(actors, _unique(rows["actor"]), "actor")
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
    if not np.isfinite(_float(rows["rate_per_1000"])).any():
        raise FigureError(
            "F651",
            reason=f"No rate for category {category!r} and actors {chosen} (every rate is NaN: no tokens)",
            fix="choose other actors or another category",
        )
    with style():
        ax = _new_axes(ax, size)
        any_missing = False
        for i, actor in enumerate(chosen):
            sub = rows[rows["actor"] == actor].sort_values("x", kind="mergesort")
            x, rate = sub["x"].to_numpy(dtype=float), _float(sub["rate_per_1000"])
            lo, hi = _float(sub["ci_lower"]), _float(sub["ci_upper"])
            color = _color(i)
            ax.plot(x, rate, color=color, marker=_marker(i), label=actor, zorder=3)
            known = np.isfinite(lo) & np.isfinite(hi) & np.isfinite(rate)
            bare = np.isfinite(rate) & ~known
            if bare.any():
                any_missing = True
                _open_dots(ax, x[bare], rate[bare], color, _marker(i), 16, 4)
            prev = np.concatenate([[False], known[:-1]])
            after = np.concatenate([known[1:], [False]])
            if (known & (prev | after)).any():
                ax.fill_between(x, lo, hi, where=known, color=color, alpha=0.2, linewidth=0, zorder=1)
            alone = known & ~prev & ~after
            if alone.any():
                ax.vlines(x[alone], lo[alone], hi[alone], colors=color, linewidth=1.0, alpha=0.6, zorder=2)
        if len(ticks) <= 20:
            ax.set_xticks(ticks, labels=tick_labels)
        by = getattr(profiles, "by", None) or "period"
        ax.set_xlabel(by)
        confidence = getattr(profiles, "confidence", None)
        ci = f" ({confidence:.0%} CI)" if isinstance(confidence, float) else ""
        ax.set_ylabel(f"{category}: rate per 1,000 tokens{ci}")
        handles, labels = ax.get_legend_handles_labels()
        if any_missing:
            handles.append(Line2D([], [], color="0.3", marker="o", markerfacecolor="white", linestyle="none"))
            labels.append(_NO_INTERVAL)
        _legend_outside(ax, handles, labels, title="actor")
    return ax


# ---------------------------------------------------------------------------------------------- adoption
def plot_adoption(
    adoption_frame: pd.DataFrame,
    *,
    groups: Sequence[str] | None = None,
    ax: Axes | None = None,
    size: str | tuple[float, float] = "two_column",
) -> Axes:
    """Stacked horizontal bars of the ``share`` of each sponsor's frames in each group's
    sponsor-labelled matches, from :func:`~framing.compare.frame_adoption`. A group with no
    sponsor-labelled match (share NaN: no evidence, not zero) gets no bar but a note. One
    ``BarContainer`` per sponsor. Returns the Axes.
    """
    table = _table(adoption_frame, "frame_adoption", ["group", "sponsor", "share"])
    gs = _choose(groups, _unique(table["group"]), "group")
    sponsors = _unique(table["sponsor"])
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
        ax = _new_axes(ax, size)
        y = np.flatnonzero(evidence).astype(float)
        left = np.zeros(len(y))
        for j, sponsor in enumerate(sponsors):
            width = np.nan_to_num(values[evidence, j])  # a NaN beside known shares: that sponsor has none
            ax.barh(y, width, left=left, height=0.7, color=_color(j), label=sponsor, edgecolor="white", linewidth=0.5)
            left = left + width
        for k in np.flatnonzero(~evidence).tolist():
            ax.text(0.01, k, "no sponsor-labelled match", va="center", ha="left", fontsize=7, color="0.3")
        _categorical_y(ax, gs)
        ax.set_xlim(0, 1)
        ax.set_xlabel("share of sponsor-labelled matches")
        handles, labels = ax.get_legend_handles_labels()
        _legend_outside(ax, handles, labels, title="sponsor")
    return ax


# ---------------------------------------------------------------------------------------------- coverage
def plot_coverage(
    lexicon_report,
    *,
    ax: Axes | None = None,
    size: str | tuple[float, float] = "one_column",
) -> Axes:
    """Coverage of each category (share of documents with at least one match) from a
    :class:`~framing.diagnostics.LexiconReport` made with a corpus, highest first, each bar labelled
    ``documents_matched/documents``. One ``BarContainer``. Returns the Axes.
    """
    coverage = lexicon_report if isinstance(lexicon_report, pd.DataFrame) else lexicon_report.coverage
    if coverage is None:
        raise FigureError(
            "F651", reason="The lexicon report has no coverage", fix="make it with check_lexicon(lexicon, corpus)"
        )
    table = _table(coverage, "LexiconReport.coverage", ["category", "coverage", "documents_matched", "documents"])
    table = table[np.isfinite(_float(table["coverage"]))]
    if table.empty:
        raise FigureError(
            "F651",
            reason="No category has a coverage (no documents were checked)",
            fix="check the lexicon against a corpus with documents",
        )
    table = table.sort_values(["coverage", "category"], ascending=[False, True], kind="mergesort")
    with style():
        ax = _new_axes(ax, size)
        bars = ax.barh(np.arange(len(table)), _float(table["coverage"]), height=0.7, color=OKABE_ITO[0])
        ax.bar_label(
            bars,
            labels=[f"{int(m)}/{int(d)}" for m, d in zip(table["documents_matched"], table["documents"], strict=True)],
            padding=2,
            fontsize=7,
        )
        _categorical_y(ax, [str(c) for c in table["category"]])
        ax.set_xlim(0, 1.15)
        ax.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
        ax.set_xlabel("share of documents with a match")
    return ax


# ------------------------------------------------------------------------------------------------ saving
def _pdf_string(data: bytes, start: int) -> bytes | None:
    """The literal PDF string starting after the ``(`` at ``start``, unescaped (None if it never ends)."""
    out, depth, i = bytearray(), 1, start
    escapes = {ord("n"): b"\n", ord("r"): b"\r", ord("t"): b"\t", ord("b"): b"\b", ord("f"): b"\f"}
    while i < len(data):
        c = data[i]
        if c == ord("\\") and i + 1 < len(data):
            out += escapes.get(data[i + 1], bytes([data[i + 1]]))
            i += 2
            continue
        if c == ord("("):
            depth += 1
        elif c == ord(")"):
            depth -= 1
            if depth == 0:
                return bytes(out)
        out.append(c)
        i += 1
    return None


def read_provenance(path: str | Path) -> dict[str, Any]:
    """The provenance :func:`save_figure` embedded in a ``.png``, ``.svg`` or ``.pdf`` (or its ``.json``
    sidecar), as a dict. Raises :class:`~framing.errors.FigureError` [F653] when the file holds none."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        return json.loads(path.read_text(encoding="utf-8"))
    if suffix == ".png":
        from PIL import Image

        with Image.open(path) as image:
            text = image.text.get("Description")  # type: ignore[attr-defined]
    elif suffix == ".svg":
        import xml.etree.ElementTree as ET

        node = ET.parse(path).getroot().find(".//{http://purl.org/dc/elements/1.1/}description")
        text = node.text if node is not None else None
    elif suffix == ".pdf":
        data = path.read_bytes()
        found = re.search(rb"/Subject \(", data)
        raw = _pdf_string(data, found.end()) if found else None
        if found and raw is None:
            reason = "its information dictionary has a string that never ends (a damaged file)"
            raise FigureError("F653", path=str(path), reason=reason, fix="save the figure again")
        text = raw.decode("latin-1") if raw is not None else None
    else:
        reason = f"{suffix!r} files are not supported" if suffix else "a file without a suffix is not supported"
        raise FigureError("F653", path=str(path), reason=reason, fix="use a .png, .svg, .pdf or .json file")
    if text is None:
        reason = "it holds none"
        raise FigureError("F653", path=str(path), reason=reason, fix="read a figure written by save_figure")
    return json.loads(text)


#: Axes positions (figure fractions) are rounded to this many decimals when a layout is frozen for saving:
#: 1e-6 of a 7.2-inch figure is 0.004 pixels at 600 dpi, far below what shows, far above float noise.
_POSITION_DECIMALS = 6
#: At most this many layout passes before saving; they stop once no Axes moves by more than 1e-12.
_LAYOUT_DRAWS = 8


def _freeze_layout(fig: Figure):
    """Run ``fig``'s layout engine, round the Axes positions and switch the engine off; return the engine
    (to restore after saving) or None when there is none.

    Constrained layout with a legend outside the axes settles only on the second draw and then keeps
    moving by a few ulps from draw to draw; SVG clip-path ids hash the exact coordinates. Settling,
    rounding to 1e-6 of the figure and saving every format from those positions makes the bytes the same
    in every format, every save and every process.
    """
    engine = fig.get_layout_engine()
    if engine is None:
        return None
    previous = None
    for _ in range(_LAYOUT_DRAWS):
        fig.draw_without_rendering()
        bounds = np.array([ax.get_position(original=True).bounds for ax in fig.axes], dtype=float)
        if previous is not None and bounds.shape == previous.shape and np.abs(bounds - previous).max() < 1e-12:
            break
        previous = bounds
    for ax in fig.axes:
        x0, y0, w, h = (round(float(v), _POSITION_DECIMALS) for v in ax.get_position(original=True).bounds)
        in_layout = ax.get_in_layout()
        ax.set_position((x0, y0, w, h), which="both")
        ax.set_in_layout(in_layout)
    fig.set_layout_engine("none")
    return engine


def save_figure(
    fig: Figure,
    path: str | Path,
    *,
    formats: Sequence[str] = ("png", "svg"),
    provenance: Mapping[str, Any] | None = None,
    dpi: int = 150,
    close: bool = False,
) -> list[Path]:
    """Save ``fig`` as ``path.<format>`` for each format with fixed metadata; return the paths written.

    ``provenance`` (versions, input and lexicon hashes, seed, config) is embedded where the format has a
    place for it (PNG text chunk ``Description``, SVG ``<dc:description>``, PDF ``Subject``, there as
    ASCII JSON) and written to a sidecar ``path.json``; :func:`read_provenance` reads it back. Nothing
    time-dependent is stored (no dates, no software versions, SVG ids from a fixed salt), so the same
    figure gives the same bytes in every run. ``close=True`` closes the figure afterwards (scripts that
    make many figures should).
    """
    fmts = [str(f).lower().lstrip(".") for f in formats]
    unknown = [f for f in fmts if f not in ("png", "svg", "pdf")]
    if unknown:
        raise FigureError("F654", suffix=unknown[0])
    base = Path(path)
    base.parent.mkdir(parents=True, exist_ok=True)
    record = dict(provenance or {})
    desc = json.dumps(record, sort_keys=True, ensure_ascii=False)
    written: list[Path] = []
    engine = _freeze_layout(fig)
    try:
        for fmt in fmts:
            out = base.with_suffix(f".{fmt}")
            if fmt == "png":
                meta: dict[str, Any] = {"Software": None, "Description": desc}
            elif fmt == "svg":
                meta = {"Date": None, "Creator": None, "Description": desc}
            else:
                meta = {
                    "Creator": None,
                    "Producer": None,
                    "CreationDate": None,
                    "ModDate": None,
                    "Subject": json.dumps(record, sort_keys=True, ensure_ascii=True),
                }
            with plt.rc_context({"svg.hashsalt": SVG_HASHSALT, "pdf.compression": 6}):
                fig.savefig(out, format=fmt, dpi=dpi, metadata=meta)
            written.append(out)
    finally:
        if engine is not None:
            fig.set_layout_engine(engine)
    sidecar = base.with_suffix(".json")
    sidecar.write_text(json.dumps(record, sort_keys=True, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    written.append(sidecar)
    if close:
        plt.close(fig)
    return written
