"""Frame adoption: whose framing a text adopts, by the sponsors of the categories that match in it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from ..lexicon import Lexicon
from ..stats import PER
from .units import UnitTable

__all__ = ["frame_adoption"]


def frame_adoption(units: UnitTable, lexicon: Lexicon, *, per: str = "group") -> pd.DataFrame:
    """Whose framing a text adopts: the matches of the categories each sponsor owns, per group or document.

    For each group (``per="group"``) or each group's speech in each document (``per="document"``) and each
    sponsor, the matches of the categories that sponsor owns, per 1,000 tokens (``rate_per_1000``) and as a
    share of all sponsor-labelled matches there (``share``). A category with several sponsors counts for
    each. Per outlet or year: group the units by that metadata (``unit_table(..., speaker_field="source")``
    or ``by="year"``).

    Parameters
    ----------
    units : UnitTable
        The (group, document) units (see :func:`unit_table`).
    lexicon : Lexicon
        The lexicon of ``units.categories``, whose categories name their sponsors.
    per : {"group", "document"}, default "group"
        One row set per group, or per group and document.

    Returns
    -------
    pandas.DataFrame
        Columns ``group`` (and ``doc_id`` with ``per="document"``), ``sponsor``, ``count``, ``tokens``,
        ``rate_per_1000`` and ``share``; rows sorted. Where there are no tokens the rate is NaN, and where
        there is no sponsor-labelled match the share is NaN (no evidence, not 0).

    Raises
    ------
    ArgumentError
        [F601] when ``per`` is neither ``"group"`` nor ``"document"``.
    """
    if per not in ("group", "document"):
        raise ArgumentError("F601", name="per", expected="'group' or 'document'", value=per)
    sponsors = sorted({s for c in units.categories for s in lexicon.categories[c].sponsor})
    owner = np.array([[s in lexicon.categories[c].sponsor for s in sponsors] for c in units.categories], dtype=float)
    keys = sorted(set(units.groups)) if per == "group" else sorted(set(zip(units.groups, units.documents, strict=True)))
    rows = []
    for key in keys:
        if isinstance(key, str):  # per == "group": groups and documents are str
            mask, label = units.rows(key), {"group": key}
        else:
            mask = units.rows(key[0]) & np.array([d == key[1] for d in units.documents])
            label = {"group": key[0], "doc_id": key[1]}
        tokens = units.tokens[mask].sum()
        per_sponsor = units.counts[mask].sum(0) @ owner if sponsors else np.zeros(0)
        total = per_sponsor.sum()
        for si, sponsor in enumerate(sponsors):
            rows.append(
                {
                    **label,
                    "sponsor": sponsor,
                    "count": int(per_sponsor[si]),
                    "tokens": int(tokens),
                    "rate_per_1000": PER * per_sponsor[si] / tokens if tokens else np.nan,
                    "share": per_sponsor[si] / total if total else np.nan,
                }
            )
    cols = ["group", *(["doc_id"] if per == "document" else []), "sponsor", "count", "tokens", "rate_per_1000", "share"]
    return pd.DataFrame(rows, columns=cols)
