"""Saving figures byte-reproducibly, with their provenance, and reading the provenance back.

:func:`save_figure` fixes the metadata each backend would otherwise stamp (PNG ``Software``, SVG ``Date``
and random ids, PDF dates, creator and producer) and freezes the layout before saving, so the same data
gives the same bytes; it embeds the provenance in each format and writes it to a JSON sidecar.
:func:`read_provenance` reads it back from any of them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import matplotlib.pyplot as plt
import numpy as np
from matplotlib.figure import Figure

from ..errors import FigureError

__all__ = ["SVG_HASHSALT", "read_provenance", "save_figure"]

#: Salt for SVG element ids: fixed so that ids do not change between runs.
SVG_HASHSALT = "framing"

#: Axes positions (figure fractions) are rounded to this many decimals when a layout is frozen for saving:
#: 1e-6 of a 7.2-inch figure is 0.004 pixels at 600 dpi, far below what shows, far above float noise.
_POSITION_DECIMALS = 6
#: At most this many layout passes before saving; they stop once no Axes moves by more than 1e-12.
_LAYOUT_DRAWS = 8


# ------------------------------------------------------------------------------------------- provenance
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
    """The provenance :func:`save_figure` embedded in a figure file, or wrote to its sidecar.

    Parameters
    ----------
    path : str or Path
        A ``.png`` (read from its ``Description`` text chunk), ``.svg`` (its ``<dc:description>``), ``.pdf``
        (the ``Subject`` of its information dictionary) or ``.json`` sidecar; the suffix decides, in any
        case.

    Returns
    -------
    dict
        The provenance as :func:`save_figure` was given it (JSON: keys and values as JSON reads them back).

    Raises
    ------
    FigureError
        [F653] when the suffix is none of the four, when the file holds no provenance, or when a PDF's
        information dictionary has a string that never ends (a damaged file).
    """
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


# ----------------------------------------------------------------------------------------------- saving
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


def _metadata(fmt: str, record: dict[str, Any], desc: str) -> dict[str, Any]:
    """The metadata of format ``fmt``: time- and version-dependent fields blanked, the provenance embedded
    (``desc``, its JSON; in a PDF, ASCII JSON of ``record``)."""
    if fmt == "png":
        return {"Software": None, "Description": desc}
    if fmt == "svg":
        return {"Date": None, "Creator": None, "Description": desc}
    return {
        "Creator": None,
        "Producer": None,
        "CreationDate": None,
        "ModDate": None,
        "Subject": json.dumps(record, sort_keys=True, ensure_ascii=True),
    }


def save_figure(
    fig: Figure,
    path: str | Path,
    *,
    formats: Sequence[str] = ("png", "svg"),
    provenance: Mapping[str, Any] | None = None,
    dpi: int = 150,
    close: bool = False,
) -> list[Path]:
    """Save ``fig`` as ``path.<format>`` for each format with fixed metadata, and a provenance sidecar.

    Nothing time-dependent is stored (no dates, no software versions, SVG ids from a fixed salt,
    :data:`SVG_HASHSALT`), and the layout is settled and its Axes positions rounded before saving (then the
    figure's layout engine is restored), so the same figure gives the same bytes in every format, every
    save and every run.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to save (e.g. ``ax.figure`` of an Axes a ``plot_*`` function returned).
    path : str or Path
        Where to save, without suffix: each format's suffix replaces any the path has. Missing parent
        directories are made.
    formats : sequence of str, default ("png", "svg")
        Any of ``"png"``, ``"svg"`` and ``"pdf"`` (case and a leading dot ignored), saved in this order.
    provenance : mapping, optional
        Versions, input and lexicon hashes, seed, config … anything JSON can write. Embedded where the
        format has a place for it (PNG text chunk ``Description``, SVG ``<dc:description>``, PDF ``Subject``,
        there as ASCII JSON) and written to the sidecar ``path.json``; :func:`read_provenance` reads it back.
        None: an empty record ``{}``.
    dpi : int, default 150
        Resolution of the PNG (and of images embedded in SVG and PDF).
    close : bool, default False
        Close the figure afterwards (scripts that make many figures should).

    Returns
    -------
    list of Path
        The files written: one per format, in the order of ``formats``, then the ``.json`` sidecar.

    Raises
    ------
    FigureError
        [F654] for a format other than png, svg or pdf, before anything is written.
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
            with plt.rc_context({"svg.hashsalt": SVG_HASHSALT, "pdf.compression": 6}):
                fig.savefig(out, format=fmt, dpi=dpi, metadata=_metadata(fmt, record, desc))
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
