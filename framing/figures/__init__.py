"""Figures: plot functions that draw from result objects, and a byte-reproducible ``save_figure``.

Every ``plot_*`` function takes ``ax=None`` (a new figure of a fixed :data:`SIZES` preset when omitted),
draws what a result object of :mod:`framing.compare` or :mod:`framing.lexicon` holds without recomputing
any statistic (it only selects and orders rows), returns the ``Axes`` it drew on, and never calls
``plt.show()`` or changes global ``rcParams``: the house style (:data:`STYLE`: DejaVu Sans, the Okabe–Ito
colour-blind-safe palette) is applied with :func:`style`, a ``plt.rc_context``, while drawing. Axes passed
in keep their own look; make them inside ``with style():`` for a multi-panel figure in the house style. A
request that leaves nothing to draw raises :class:`~framing.errors.FigureError` [F651] (a ``ValueError``)
saying what to pass instead; an empty figure is never returned.

:func:`save_figure` fixes the metadata each backend would otherwise stamp (PNG ``Software``, SVG ``Date``
and random ids, PDF dates, creator and producer) so the same data gives the same bytes, embeds the
provenance in each format and writes it to a JSON sidecar; :func:`read_provenance` reads it back.

``theme`` holds the house style (palette, markers, sizes, :func:`style`); ``selection`` picks the rows a
plot draws from a result; ``drawing`` the steps the plots share; ``rates`` the plots of rates with
intervals (profiles, comparisons, timeline); ``bars`` the bar charts (keyness, adoption, coverage);
``heatmap`` the actor × category heatmap; ``targets`` who frames whom as what; ``saving``
:func:`save_figure` and :func:`read_provenance`.
Nothing here, matplotlib included, is imported before a name is used.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:
    from .bars import plot_adoption, plot_coverage, plot_keyness
    from .heatmap import plot_actor_heatmap
    from .rates import plot_comparisons, plot_profiles, plot_timeline
    from .saving import read_provenance, save_figure
    from .targets import plot_targets
    from .theme import OKABE_ITO, SIZES, STYLE, style

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
    "plot_targets",
    "plot_timeline",
    "read_provenance",
    "save_figure",
    "style",
]

__getattr__, __dir__ = attach(
    __name__,
    {
        "theme": ("OKABE_ITO", "SIZES", "STYLE", "style"),
        "rates": ("plot_comparisons", "plot_profiles", "plot_timeline"),
        "bars": ("plot_adoption", "plot_coverage", "plot_keyness"),
        "heatmap": ("plot_actor_heatmap",),
        "saving": ("read_provenance", "save_figure"),
        "targets": ("plot_targets",),
    },
)
