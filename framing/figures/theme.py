"""The house style of the figures: the Okabe–Ito palette, marker shapes, figure sizes and the ``rcParams`` of
:data:`STYLE`, applied only while drawing with :func:`style` (never written to global ``rcParams``).

Also the look shared by every plot: :func:`color_of` and :func:`marker_of` give the i-th group its colour and
marker, :data:`REFERENCE` is the grey of zero lines and separators, :data:`NO_INTERVAL` the legend label of
points drawn without an interval.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import matplotlib.pyplot as plt
from matplotlib.rcsetup import cycler
from matplotlib.typing import RcKeyType

__all__ = [
    "MARKERS",
    "NO_INTERVAL",
    "OKABE_ITO",
    "REFERENCE",
    "SIZES",
    "STYLE",
    "color_of",
    "marker_of",
    "style",
]

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
REFERENCE = "0.75"
#: Label of the legend entry for points drawn without an interval.
NO_INTERVAL = "no interval (fewer than 2 documents)"


@contextmanager
def style() -> Iterator[None]:
    """Context in which :data:`STYLE` applies: ``with style(): fig, ax = plt.subplots()``.

    The previous ``rcParams`` are restored on exit, so nothing changes globally.

    Yields
    ------
    None
        Inside the ``with`` block, figures and Axes are made and drawn in the house style (a
        ``plt.rc_context`` of :data:`STYLE`).
    """
    with plt.rc_context(STYLE):
        yield


def color_of(i: int) -> str:
    """The colour of the ``i``-th group: :data:`OKABE_ITO` in turn, again from the first after eight."""
    return OKABE_ITO[i % len(OKABE_ITO)]


def marker_of(i: int) -> str:
    """The marker of the ``i``-th group: circles for the first eight, then the next of :data:`MARKERS`."""
    return MARKERS[(i // len(OKABE_ITO)) % len(MARKERS)]
