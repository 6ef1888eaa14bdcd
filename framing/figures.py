"""Figures: plot functions that draw from result tables, and a byte-reproducible ``save_figure``.

Plot functions take ``ax=None``, draw without recomputing statistics, return what they drew, and never
call ``plt.show()`` or change global ``rcParams``. :func:`save_figure` fixes the metadata each backend
would otherwise stamp (PNG ``Software``, SVG ``Date`` and random ids, PDF dates and producer) so the same
data gives the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

__all__ = ["plot_actor_heatmap", "save_figure"]

#: Salt for SVG element ids: fixed so that ids do not change between runs.
SVG_HASHSALT = "framing"


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
    if ax is None:
        _, ax = plt.subplots(
            figsize=(1.0 + 0.6 * max(1, wide.shape[1]), 1.2 + 0.45 * max(1, wide.shape[0])), layout="constrained"
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
    place for it (PNG text chunk ``Description``, SVG ``<dc:description>``, PDF ``Subject``) and written to
    a sidecar ``path.json``. Nothing time-dependent is stored. ``close=True`` closes the figure afterwards
    (scripts that make many figures should).
    """
    base = Path(path)
    base.parent.mkdir(parents=True, exist_ok=True)
    desc = json.dumps(dict(provenance or {}), sort_keys=True, ensure_ascii=False)
    written: list[Path] = []
    for fmt in formats:
        out = base.with_suffix(f".{fmt}")
        if fmt == "png":
            meta: dict[str, Any] = {"Software": None, "Description": desc}
        elif fmt == "svg":
            meta = {"Date": None, "Creator": None, "Description": desc}
        elif fmt == "pdf":
            meta = {"Creator": None, "Producer": None, "CreationDate": None, "ModDate": None, "Subject": desc}
        else:
            raise ValueError(f"Unsupported figure format {fmt!r}; use png, svg or pdf.")
        with plt.rc_context({"svg.hashsalt": SVG_HASHSALT, "pdf.compression": 6}):
            fig.savefig(out, format=fmt, dpi=dpi, metadata=meta)
        written.append(out)
    sidecar = base.with_suffix(".json")
    sidecar.write_text(
        json.dumps(dict(provenance or {}), sort_keys=True, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    written.append(sidecar)
    if close:
        plt.close(fig)
    return written
