"""Frame adoption: whose framing a text adopts, by the sponsors of the categories that match in it."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ArgumentError
from ..lexicon import Lexicon
from ..stats import PER, proportion_intervals, rate_intervals
from .units import UnitTable

__all__ = ["frame_adoption"]


def frame_adoption(units: UnitTable, lexicon: Lexicon, *, per: str = "group") -> pd.DataFrame:
    """Whose framing a text adopts: the matches of the categories each sponsor owns, per group or document.

    For each group (``per="group"``) or each group's speech in each document (``per="document"``) and each
    sponsor, the matches of the categories that sponsor owns, per 1,000 tokens (``rate_per_1000``) and as a
    share of all sponsor-labelled matches there (``share``). A category with several sponsors counts for
    each. **Counter-framing** is counted apart: a match that casts the category's own sponsor (or one of its
    members) as the villain (``against_sponsor`` of :func:`framing.actors.frame_targets`: Poland's "Russia's
    imperialist and neocolonialist policy" uses a Kremlin frame against the Kremlin) is not adoption of the
    sponsor's framing; it is in ``counter``, not in ``count``. Per outlet or year: group the units by that
    metadata (``unit_table(..., group_by="outlet")``
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
        Columns ``group`` (and ``doc_id`` with ``per="document"``), ``sponsor``, ``count`` (adoption),
        ``counter`` (counter-framing), ``tokens``, ``rate_per_1000``, ``counter_rate_per_1000`` and ``share``
        (of the adopted, sponsor-labelled matches); with ``per="group"`` also 95 % intervals
        ``rate_lower``/``rate_upper``
        and ``share_lower``/``share_upper`` (documents the independent units: :func:`framing.stats.rate_intervals`
        and, on the logit scale, :func:`framing.stats.proportion_intervals`; NaN for fewer than two
        documents); rows sorted. Where there
        are no tokens the rate is NaN, and where there is no sponsor-labelled match the share is NaN (no
        evidence, not 0).

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
        adopted = units.counts[mask] - units.counter[mask]
        by_document = adopted @ owner if sponsors else np.zeros((int(mask.sum()), 0))
        countered = (units.counter[mask] @ owner).sum(0) if sponsors else np.zeros(0)
        tokens = units.tokens[mask].sum()
        per_sponsor = by_document.sum(0)
        total = per_sponsor.sum()
        bounds = _intervals(by_document, units.tokens[mask], len(sponsors)) if per == "group" else None
        for si, sponsor in enumerate(sponsors):
            row = {
                **label,
                "sponsor": sponsor,
                "count": int(per_sponsor[si]),
                "counter": int(countered[si]),
                "tokens": int(tokens),
                "rate_per_1000": PER * per_sponsor[si] / tokens if tokens else np.nan,
                "counter_rate_per_1000": PER * countered[si] / tokens if tokens else np.nan,
                "share": per_sponsor[si] / total if total else np.nan,
            }
            if bounds is not None:
                row.update({name: values[si] for name, values in bounds.items()})
            rows.append(row)
    interval_cols = list(INTERVAL_COLUMNS) if per == "group" else []
    cols = [
        "group", *(["doc_id"] if per == "document" else []), "sponsor", "count", "counter", "tokens", "rate_per_1000",
        "counter_rate_per_1000", "share", *interval_cols,
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=cols)


#: The interval columns of :func:`frame_adoption` with ``per="group"``.
INTERVAL_COLUMNS = ("rate_lower", "rate_upper", "share_lower", "share_upper")


def _intervals(by_document: np.ndarray, tokens: np.ndarray, n_sponsors: int) -> dict[str, np.ndarray]:
    """95 % intervals of a group's rate of each sponsor's frames (over its documents with tokens) and of
    its share of the sponsor-labelled matches (over its documents with such a match), both as pooled ratios
    of document sums (:func:`framing.stats.rate_intervals`, :func:`framing.stats.proportion_intervals`);
    NaN with fewer than two such documents."""
    nan = np.full(n_sponsors, np.nan)
    out = {name: nan for name in INTERVAL_COLUMNS}
    spoken = tokens > 0
    if n_sponsors and spoken.sum() >= 2:
        found = rate_intervals(by_document[spoken], tokens[spoken])
        out["rate_lower"], out["rate_upper"] = found.lower, found.upper
    labelled = by_document.sum(1) > 0
    if n_sponsors and labelled.sum() >= 2:
        _, out["share_lower"], out["share_upper"] = proportion_intervals(
            by_document[labelled], by_document[labelled].sum(1)
        )
    return out
