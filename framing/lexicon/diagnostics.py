"""Lexicon diagnostics: validation warnings, coverage on a corpus, dead entries, internal consistency.

:func:`check_lexicon` is what ``framing lexicon check FILE [--corpus INPUT]`` prints. Malformed files never
get this far: loading raises a :class:`~framing.errors.LexiconError` naming file and line. The checks here
are about lexicons that load but may not measure what their authors think:

``cannot-match``
    characters of an entry that are not part of any word token (``@user``, ``war!``) are ignored by the
    tokeniser: the entry matches less specifically than written.
``subsumed``
    a single-token entry whose every match is also matched, with the same span, by a wildcard entry of the
    same category (``sanctions`` next to ``sanction*``): it can never change a count.
``dead`` (with a corpus)
    an entry that matched nowhere in the corpus.
``no-match`` (with a corpus)
    a whole category that matched nowhere.

With a corpus, per category: documents with at least one match (coverage), matches, entries that matched,
and internal consistency across the category's entries over documents, as the LIWC workbench reports it
(Pennebaker et al. 2015, "The development and psychometric properties of LIWC2015"): Cronbach's α on
per-document entry rates (matches per 1,000 tokens) and KR-20 on per-document presence (0/1). Only entries
that matched at least once count as items; with fewer than two such entries, or no variance in the total,
α and KR-20 are undefined (NaN) and the ``note`` column says why.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from ..corpus import Document
from ..passages import segment
from ..tokens import PER, count_tokens
from .matches import match_table
from .model import Lexicon, entry_problem

__all__ = ["LexiconReport", "check_lexicon", "cronbach_alpha", "kr20"]

ISSUE_COLUMNS = ["severity", "check", "category", "entry", "line", "message"]
COVERAGE_COLUMNS = [
    "category",
    "entries",
    "entries_matched",
    "documents",
    "documents_matched",
    "coverage",
    "matches",
    "negated",
    "alpha",
    "kr20",
    "note",
]


def cronbach_alpha(items: np.ndarray) -> float:
    """Cronbach's α of an observations × items matrix.

    Item variances and the variance of the total are sample variances (``ddof=1``).

    Parameters
    ----------
    items : ndarray of shape (n_observations, n_items)
        The item scores (here: per-document entry rates).

    Returns
    -------
    float
        α; NaN with fewer than 2 items or 2 observations, or when the total has no variance.
    """
    n_obs, k = items.shape
    if k < 2 or n_obs < 2:
        return math.nan
    total_var = items.sum(axis=1).var(ddof=1)
    if total_var == 0:
        return math.nan
    return float(k / (k - 1) * (1 - items.var(axis=0, ddof=1).sum() / total_var))


def kr20(binary: np.ndarray) -> float:
    """Kuder–Richardson formula 20 of a 0/1 observations × items matrix (Cronbach's α for binary items).

    Uses ``p(1-p)`` item variances and the population variance of the total, as Kuder & Richardson (1937).

    Parameters
    ----------
    binary : ndarray of shape (n_observations, n_items)
        0/1 item scores (here: whether each entry occurs in each document).

    Returns
    -------
    float
        KR-20; NaN with fewer than 2 items or 2 observations, or when the total has no variance.
    """
    n_obs, k = binary.shape
    if k < 2 or n_obs < 2:
        return math.nan
    p = binary.mean(axis=0)
    total_var = binary.sum(axis=1).var(ddof=0)
    if total_var == 0:
        return math.nan
    return float(k / (k - 1) * (1 - (p * (1 - p)).sum() / total_var))


@dataclass
class LexiconReport:
    """What :func:`check_lexicon` found: ``issues`` (one row per finding) and ``coverage`` (per category).

    Attributes
    ----------
    lexicon : Lexicon
        The lexicon checked.
    issues : DataFrame
        One row per finding, columns ``severity`` (``error``, ``warning``, ``info``), ``check``
        (``cannot-match``, ``subsumed``, ``dead``, ``no-match``), ``category``, ``entry``, ``line`` and
        ``message``; sorted by severity, check, category, line and entry.
    coverage : DataFrame or None, default None
        With a corpus, one row per category: ``entries``, ``entries_matched``, ``documents``,
        ``documents_matched``, ``coverage``, ``matches``, ``negated``, ``alpha``, ``kr20`` and ``note``.
    documents : int, default 0
        The number of documents checked against.
    extra : dict
        Room for further results (empty).
    """

    lexicon: Lexicon
    issues: pd.DataFrame
    coverage: pd.DataFrame | None = None
    documents: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when no finding has severity ``error``."""
        return not (self.issues["severity"] == "error").any()

    def summary(self) -> str:
        lx = self.lexicon
        lines = [
            f"Lexicon {lx.name!r} {lx.version} ({lx.source}): {len(lx.categories)} categories, "
            f"{len(lx.entries())} entries, sha256 {lx.sha256[:12]}",
        ]
        # a Series indexed by (severity, check) pairs, which pandas-stubs types as any Hashable
        counts: Any = self.issues.groupby(["severity", "check"]).size() if len(self.issues) else {}
        lines.append(
            "Findings: "
            + (", ".join(f"{n} {sev} {chk}" for (sev, chk), n in counts.items()) if len(counts) else "none")
        )
        r: Any  # pandas-stubs types every field of a row as any scalar
        for r in self.issues.itertuples(index=False):
            if r.check != "dead":
                where = f"line {r.line}: " if r.line else ""
                lines.append(f"  {r.severity}: {where}[{r.check}] {r.message}")
        dead = self.issues[self.issues["check"] == "dead"]
        if len(dead):
            lines.append(f"Dead entries (never matched in {self.documents} documents): {len(dead)}")
            for cat, grp in dead.groupby("category", sort=True):
                lines.append(f"  {cat}: " + ", ".join(grp["entry"]))
        if self.coverage is not None:
            lines.append(f"\nCoverage on {self.documents} documents:")
            cov = self.coverage.copy()
            cov["coverage"] = cov["coverage"].map(lambda v: f"{v:.1%}")
            for col in ("alpha", "kr20"):
                cov[col] = cov[col].map(lambda v: "" if math.isnan(v) else f"{v:.2f}")
            lines.append(cov.drop(columns=["note"]).to_string(index=False))
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"LexiconReport(lexicon={self.lexicon.name!r}, issues={len(self.issues)}, "
            f"documents={self.documents}, ok={self.ok})"
        )


def _static_issues(lexicon: Lexicon) -> list[tuple]:
    rows = []
    for cat in lexicon.categories.values():
        globs = [
            e for e in cat.entries if e.value_type == "glob" and len(e.tokens) == 1 and set("*?") & set(e.tokens[0])
        ]
        for e in cat.entries:
            problem = entry_problem(e)
            if problem:
                rows.append(
                    ("warning", "cannot-match", cat.name, e.pattern, e.line, f"{cat.name}: {e.pattern!r}: {problem}")
                )
            if len(e.tokens) == 1 and e.value_type in ("fixed", "glob") and not set("*?") & set(e.tokens[0]):
                token = e.tokens[0] if lexicon.case_sensitive else e.tokens[0].casefold()
                for g in globs:
                    if lexicon.token_fits(g, 0, e.tokens[0], token):
                        rows.append(
                            (
                                "warning",
                                "subsumed",
                                cat.name,
                                e.pattern,
                                e.line,
                                f"{cat.name}: {e.pattern!r} is always also matched by {g.pattern!r} "
                                f"(line {g.line}): it never changes a count",
                            )
                        )
                        break
    return rows


def check_lexicon(
    lexicon: Lexicon, corpus: Iterable[Document] | None = None, *, unit: str = "sentence"
) -> LexiconReport:
    """Check ``lexicon``; with ``corpus``, also report coverage, dead entries and α / KR-20 per category.

    Parameters
    ----------
    lexicon : Lexicon
        The lexicon to check.
    corpus : iterable of Document, optional
        Documents to match against (for ``dead`` and ``no-match`` findings and the coverage table).
    unit : str, default "sentence"
        The passage unit the corpus is segmented into, as for :func:`framing.passages.segment`.

    Returns
    -------
    LexiconReport
        The findings, and with a corpus the coverage per category (see the module docstring).
    """
    rows = _static_issues(lexicon)
    if corpus is None:
        return LexiconReport(lexicon, _issue_frame(rows))
    docs = list(corpus)
    passages = segment(docs, unit=unit)
    table = match_table(passages, lexicon)
    tokens = pd.Series({d.doc_id: count_tokens(d.text) for d in docs}, dtype="float64")
    doc_ids = sorted(tokens.index)
    matched = table[~table["negated"]]
    per_entry = matched.groupby(["category", "entry", "doc_id"]).size()
    cov_rows = []
    for cat in lexicon.categories.values():
        cat_all = table[table["category"] == cat.name]
        cat_pos = matched[matched["category"] == cat.name]
        used = set(cat_pos["entry"]) | set(cat_all["entry"])
        for e in cat.entries:
            if e.pattern not in used:
                rows.append(("info", "dead", cat.name, e.pattern, e.line, f"{cat.name}: {e.pattern!r} never matched"))
        if cat_all.empty:
            rows.append(("warning", "no-match", cat.name, "", 0, f"category {cat.name!r} matched in no document"))
        items = [e.pattern for e in cat.entries if e.pattern in set(cat_pos["entry"])]
        note = ""
        if len(items) >= 2:
            counts = np.array([[per_entry.get((cat.name, item, d), 0) for item in items] for d in doc_ids], dtype=float)
            rates = float(PER) * counts / np.maximum(tokens.loc[doc_ids].to_numpy()[:, None], 1.0)
            alpha, k20 = cronbach_alpha(rates), kr20((counts > 0).astype(float))
            if math.isnan(alpha):
                note = "no variance in the category total across documents"
        else:
            alpha = k20 = math.nan
            note = f"{len(items)} entr{'y' if len(items) == 1 else 'ies'} matched; α needs two"
        n_docs_matched = cat_pos["doc_id"].nunique()
        cov_rows.append(
            (
                cat.name,
                len(cat.entries),
                len(items),
                len(docs),
                n_docs_matched,
                n_docs_matched / len(docs) if docs else math.nan,
                len(cat_pos),
                int(cat_all["negated"].sum()),
                alpha,
                k20,
                note,
            )
        )
    coverage = pd.DataFrame(cov_rows, columns=COVERAGE_COLUMNS)
    return LexiconReport(lexicon, _issue_frame(rows), coverage, len(docs))


def _issue_frame(rows: list[tuple]) -> pd.DataFrame:
    order = {"error": 0, "warning": 1, "info": 2}
    rows = sorted(rows, key=lambda r: (order[r[0]], r[1], r[2], r[4], r[3]))
    return pd.DataFrame(rows, columns=ISSUE_COLUMNS)
