"""Count regression: does a group use a frame more than another, controlling for year, outlet, …?

:func:`count_model` fits, for each lexicon category, a regression of the (group, document) unit's match count
with a ``log(tokens)`` offset (so coefficients are log rate ratios per token) on the unit's group and on
metadata fields of its document, and reports rate ratios with intervals as a tidy table
(:class:`CountModels`). The fitting is statsmodels' (imported when a model is fitted, so that ``import
framing`` stays light); this module builds the design, handles what a fit cannot (levels without a match,
non-convergence) and reports.

Formula (the right-hand side only, in the patsy/formulaic syntax that statsmodels users know): terms joined
by ``+``. ``group`` is the unit's group; any other name is a metadata field of the unit's document: numeric
(every value reads as a number: ``year`` is ``"2022"`` in the UN corpus) it enters as a linear term on the
log scale (centred at its mean; the rate ratio is per +1), otherwise as a categorical term; ``C(year)`` makes a
numeric field categorical, ``C(field, Treatment('x'))`` names the reference level (``C(group,
Treatment('UKR'))``: rate ratios against Ukraine). Interactions and transformations are not supported: an
error [F620] says so, before any work.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from ..corpus import Document
from ..errors import ArgumentError, CompareWarning
from ..stats import benjamini_hochberg
from .formulas import Term, formula_error, parse_formula
from .units import UnitTable

__all__ = ["MODEL_COLUMNS", "REST", "CountModels", "count_model"]

#: The columns of :attr:`CountModels.table`.
MODEL_COLUMNS = [
    "category", "term", "level", "rate_ratio", "ci_lower", "ci_upper", "coef", "se", "statistic", "p_value",
    "q_value", "n_units", "n_documents", "family", "cov_type", "note",
]  # fmt: skip
#: The level that pools every group the model does not name (the default reference of ``group``).
REST = "(rest)"
FAMILIES = ("negbin", "quasi-poisson")
COV_TYPES = ("cluster", "gee-exchangeable")
#: A fitted |log rate ratio| above 20 (a rate ratio beyond e^20 ≈ 5·10^8, or below its inverse) is the
#: optimiser walking towards infinity (separation along a numeric term), not an estimate: it is reported as
#: not estimable. No frame rate differs by eight orders of magnitude between real groups.
MAX_ABS_COEF = 20.0
#: Iterations of the negative-binomial optimiser (BFGS; Newton from statsmodels' default start failed in a
#: quarter of small simulated samples, BFGS in none of 200).
MAX_ITER = 500


# ------------------------------------------------------------------------------------------- the result
@dataclass(frozen=True)
class CountModels:
    """Count regressions of every category on group and covariates: rate ratios with intervals.

    ``table``: one row per category × term level (columns :data:`MODEL_COLUMNS`): ``rate_ratio`` (exp of
    ``coef``, the log rate ratio per token against the term's reference level, or per +1 of a numeric
    field, other terms held fixed) with ``ci_lower``/``ci_upper``, ``se`` (cluster-robust), ``statistic``
    (coef / se), ``p_value`` (two-sided, t with documents − 1 degrees of freedom) and ``q_value``
    (Benjamini–Hochberg over the table's ``group`` rows; empty for covariates), ``n_units`` and
    ``n_documents`` of the category's model, ``family`` actually fitted and ``note`` (exact fallback for a
    level without a match, not estimable, did not converge). Sampling model: documents are independent
    draws; units of one document (several speakers) are not, so standard errors are clustered by document.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per category × term level, columns :data:`MODEL_COLUMNS`.
    formula : str
        The right-hand side of every category's model.
    family : str
        ``"negbin"`` or ``"quasi-poisson"`` (as asked; a row's ``family`` says what was fitted).
    cov_type : str
        ``"cluster"`` or ``"gee-exchangeable"``.
    reference : str
        The reference level of ``group`` (``""`` without a group term).
    groups : tuple of str
        The groups modelled as levels; every other group is pooled into :data:`REST`.
    confidence : float
        The confidence level of the intervals.
    units_left_out : int
        Units left out because their document lacks a field of the formula (or they have no tokens).
    seed : int or None
        None: the fits are deterministic (recorded for the provenance of every result).
    method : str
        The model, in words.
    """

    table: pd.DataFrame
    formula: str
    family: str
    cov_type: str
    reference: str
    groups: tuple[str, ...]
    confidence: float
    units_left_out: int = 0
    seed: int | None = None
    method: str = "GLM of match counts with log(tokens) offset; standard errors clustered by document"

    @property
    def notes(self) -> int:
        """Rows with a note (exact fallback, not estimable, did not converge)."""
        return int((self.table["note"] != "").sum())

    def to_frame(self) -> pd.DataFrame:
        """Tidy: one row per category × term × level × statistic."""
        stats = ["rate_ratio", "ci_lower", "ci_upper", "coef", "se", "statistic", "p_value", "q_value"]
        long = self.table.melt(id_vars=["category", "term", "level"], value_vars=stats, var_name="statistic")
        return long.sort_values(["category", "term", "level", "statistic"], kind="mergesort", ignore_index=True)

    def significant(self, alpha: float = 0.05) -> pd.DataFrame:
        """The ``group`` rows with ``q_value`` below ``alpha``, smallest q first."""
        rows = self.table[(self.table["term"] == "group") & (self.table["q_value"] < alpha)]
        return rows.sort_values(["q_value", "category", "level"], kind="mergesort")

    def summary(self, alpha: float = 0.05) -> str:
        """The model and the group rate ratios with q < ``alpha``."""
        sig = self.significant(alpha)
        n_group = int((self.table["term"] == "group").sum())
        lines = [
            f"Count models ({self.family}, {self.cov_type} by document): count ~ {self.formula} + "
            f"offset(log tokens); {self.table['category'].nunique()} categories; group reference "
            f"{self.reference!r}; {len(sig)} of {n_group} group rate ratios with q < {alpha} (Benjamini-Hochberg); "
            f"{self.notes} rows with a note; {self.units_left_out} units left out"
        ]
        for r in sig.head(15).itertuples(index=False):
            lines.append(
                f"  {r.level!s} vs {self.reference} · {r.category!s}: rate ratio {r.rate_ratio:.3g} "
                f"[{r.ci_lower:.3g}, {r.ci_upper:.3g}], q = {r.q_value:.3g}" + (f" ({r.note!s})" if r.note else "")
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"CountModels({self.table['category'].nunique()} categories, count ~ {self.formula}, "
            f"family={self.family!r}, cov_type={self.cov_type!r}, reference={self.reference!r}, notes={self.notes})"
        )


# ------------------------------------------------------------------------------------------- the design
@dataclass(frozen=True)
class _Factor:
    """A categorical term: each unit's level, the levels (reference first) and the reference."""

    term: str
    labels: np.ndarray
    levels: tuple[str, ...]


@dataclass(frozen=True)
class _Design:
    factors: tuple[_Factor, ...]
    numeric: tuple[tuple[str, np.ndarray], ...]  # (field, values centred at their mean)
    used: np.ndarray  # mask of the units of the table that are modelled


def _metadata(metadata: Iterable[Document] | Mapping[str, Mapping[str, Any]] | None) -> dict[str, Mapping]:
    if metadata is None:
        return {}
    if isinstance(metadata, Mapping):
        return {str(k): v for k, v in metadata.items()}
    return {str(d.doc_id): d.meta for d in metadata}


def _as_numbers(values: Sequence[Any]) -> np.ndarray | None:
    """``values`` as floats when every one reads as a number (booleans do not), else None."""
    try:
        out = np.array([float(v) for v in values if not isinstance(v, bool)], dtype=float)
    except (TypeError, ValueError):
        return None
    return out if len(out) == len(values) and np.isfinite(out).all() else None


def _factor(formula: str, term: Term, labels: np.ndarray, default_reference: str | None) -> _Factor:
    levels = sorted({str(v) for v in labels.tolist()})
    reference = term.reference if term.reference is not None else default_reference
    if reference is None or reference not in levels:
        if term.reference is not None:
            raise formula_error(
                formula, f"the reference {term.reference!r} is not a level of {term.field!r} in these data",
                f"choose one of: {', '.join(levels[:20])}",
            )  # fmt: skip
        reference = levels[0]
    return _Factor(term.field, labels, (reference, *[lv for lv in levels if lv != reference]))


def _design(
    formula: str, terms: Sequence[Term], units: UnitTable, meta: Mapping[str, Mapping], groups: Sequence[str]
) -> _Design:
    """The factors and numeric columns of the units that have tokens and every field of the formula."""
    fields = [t.field for t in terms if t.field != "group"]
    values = {f: [meta.get(str(d), {}).get(f) for d in units.documents] for f in fields}
    used = units.tokens > 0
    for f in fields:
        used &= np.array([v not in (None, "") for v in values[f]], dtype=bool)
    for f in fields:
        if not any(v not in (None, "") for v in values[f]):
            known = ", ".join(sorted({k for m in meta.values() for k in m})) or "none"
            raise formula_error(
                formula, f"no document has the metadata field {f!r}", f"name a field they have ({known})"
            )
    if not used.any():
        raise formula_error(formula, "no unit has tokens and every field of the formula", "check the fields")
    idx = np.flatnonzero(used)
    factors, numeric = [], []
    for t in terms:
        if t.field == "group":
            named = set(groups)
            labels = np.array(
                [str(g) if g in named else REST for g in np.array(units.groups, dtype=object)[idx]], dtype=object
            )
            factors.append(_factor(formula, t, labels, REST if REST in labels else None))
            continue
        raw = [values[t.field][i] for i in idx]
        numbers = None if t.categorical else _as_numbers(raw)
        if numbers is None:
            factors.append(_factor(formula, t, np.array([str(v) for v in raw], dtype=object), None))
        else:
            numeric.append((t.field, numbers - numbers.mean()))
    return _Design(tuple(factors), tuple(numeric), used)


# ------------------------------------------------------------------------------------------- the fits
@dataclass(frozen=True)
class _Fit:
    params: np.ndarray
    bse: np.ndarray
    family: str
    note: str


def _fit_glm(
    y: np.ndarray, x: np.ndarray, offset: np.ndarray, clusters: np.ndarray, family: str, cov_type: str
) -> _Fit:
    """One statsmodels fit: negative binomial (NB2, dispersion by maximum likelihood) or quasi-Poisson
    (Poisson estimates, Pearson χ² scale), standard errors clustered by document (CR1, statsmodels' small
    sample correction), or GEE with an exchangeable working correlation within documents and robust
    standard errors. A negative binomial that fails or does not converge falls back to quasi-Poisson, with
    a note; non-convergence is a note, never a traceback."""
    import statsmodels.api as sm

    note, alpha = "", None
    failed = (np.linalg.LinAlgError, ValueError, ZeroDivisionError, OverflowError)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # convergence and singularity are checked below and become notes
        if family == "negbin":
            try:
                fit, alpha = _fit_negbin(y, x, offset, clusters)
            except failed:
                fit, alpha = None, None
            if fit is not None and cov_type == "cluster":
                return fit
            if fit is None:
                note = "negbin did not converge: quasi-Poisson fitted"
        try:
            if cov_type == "gee-exchangeable":
                fam = sm.families.NegativeBinomial(alpha=alpha) if alpha is not None else sm.families.Poisson()
                gee = sm.GEE(y, x, groups=clusters, family=fam, offset=offset, cov_struct=sm.cov_struct.Exchangeable())
                res = gee.fit(maxiter=100)
                name = "negbin" if alpha is not None else "quasi-poisson"
                return _Fit(np.asarray(res.params), np.asarray(res.bse), name, note)
            glm = sm.GLM(y, x, family=sm.families.Poisson(), offset=offset)
            res = glm.fit(scale="X2", cov_type="cluster", cov_kwds={"groups": clusters})
            fit = _Fit(np.asarray(res.params), np.asarray(res.bse), "quasi-poisson", note)
            return fit if res.converged else _Fit(fit.params, fit.bse, fit.family, "did not converge")
        except failed as exc:
            return _Fit(np.full(x.shape[1], np.nan), np.full(x.shape[1], np.nan), family, f"fit failed ({exc})")


def _fit_negbin(
    y: np.ndarray, x: np.ndarray, offset: np.ndarray, clusters: np.ndarray
) -> tuple[_Fit | None, float | None]:
    """The NB2 fit (BFGS) with document-clustered standard errors and its dispersion, or (None, None) when it
    did not converge to finite estimates with a positive dispersion."""
    from statsmodels.discrete.discrete_model import NegativeBinomial

    model = NegativeBinomial(y, x, offset=offset)
    cluster = {"cov_type": "cluster", "cov_kwds": {"groups": clusters}}
    for attempt in range(2):
        if attempt == 0:
            nb = model.fit(method="bfgs", maxiter=MAX_ITER, disp=0, **cluster)
        else:  # BFGS from statsmodels' start can step into alpha ~ 0 on rare frames: Nelder-Mead, then BFGS
            start = model.fit(method="nm", maxiter=5 * MAX_ITER, disp=0).params
            nb = model.fit(start_params=start, method="bfgs", maxiter=MAX_ITER, disp=0, **cluster)
        alpha = float(nb.params[-1])
        fit = _Fit(np.asarray(nb.params[:-1]), np.asarray(nb.bse[:-1]), "negbin", "")
        if nb.mle_retvals.get("converged") and np.isfinite(alpha) and alpha > 0 and _finite(fit):
            return fit, alpha
    return None, None


def _finite(fit: _Fit) -> bool:
    return bool(np.isfinite(fit.params).all() and np.isfinite(fit.bse).all() and (fit.bse > 0).all())


def _exact(x_a: float, t_a: float, x_b: float, t_b: float, confidence: float) -> tuple[float, float, float, float]:
    """Rate ratio a/b, its exact interval and two-sided p-value from the conditional binomial of two Poisson
    counts given their total (x_a | x_a + x_b ~ Binomial(n, t_a·RR / (t_a·RR + t_b)); Clopper–Pearson bounds
    turned into rate-ratio bounds): the estimate where a level never (or only it) used the category."""
    from scipy.stats import binomtest

    n = round(x_a + x_b)
    if n == 0:
        return np.nan, np.nan, np.nan, np.nan
    test = binomtest(round(x_a), n, t_a / (t_a + t_b))
    ci = test.proportion_ci(confidence_level=confidence, method="exact")

    def ratio(p: float) -> float:
        return np.inf if p >= 1 else p / (1 - p) * t_b / t_a

    return ratio(x_a / n), ratio(ci.low), ratio(ci.high), float(test.pvalue)


# ------------------------------------------------------------------------------------------- one category
#: A row of one category's model: term, level, rate_ratio, ci_lower, ci_upper, coef, se, statistic, p_value,
#: family, note.
_Row = tuple[str, str, float, float, float, float, float, float, float, str, str]
#: The notes of rows without an estimate (counted by warning W460).
_NO_ESTIMATE = ("not estimable", "did not converge", "fit failed")
_NAN7 = (np.nan,) * 7  # rate_ratio, ci_lower, ci_upper, coef, se, statistic, p_value


def _row_keys(design: _Design) -> list[tuple[str, str]]:
    """(term, level) of every reported row, in the order of the formula (reference levels have none)."""
    keys = [(f.term, lv) for f in design.factors for lv in f.levels[1:]]
    return keys + [(name, "+1") for name, _ in design.numeric]


def _exact_rows(
    y: np.ndarray, tokens: np.ndarray, design: _Design, family: str, confidence: float
) -> tuple[dict, np.ndarray]:
    """Rows of the levels that a fit cannot estimate (a level, or the reference, without a match: the MLE is
    ±∞), from :func:`_exact`, and the mask of the units the fit keeps (those of levels with matches)."""
    rows: dict[tuple[str, str], _Row] = {}
    keep = np.ones(len(y), dtype=bool)
    for f in design.factors:
        masks = {lv: f.labels == lv for lv in f.levels}
        count = {lv: float(y[m].sum()) for lv, m in masks.items()}
        ref = f.levels[0]
        for lv in f.levels[1:]:
            if count[lv] and count[ref]:
                continue
            rr, lo, hi, p = _exact(count[lv], tokens[masks[lv]].sum(), count[ref], tokens[masks[ref]].sum(), confidence)
            why = f"no match in {lv!r}" if not count[lv] else f"no match in the reference {ref!r}"
            note = f"{why}; exact conditional interval (binomial of two Poisson counts), covariates ignored"
            if not (count[lv] or count[ref]):
                note = f"no match in {lv!r} nor in the reference {ref!r}: no estimate"
            rows[(f.term, lv)] = (f.term, lv, rr, lo, hi, np.nan, np.nan, np.nan, p, "exact", note)
        keep &= ~np.isin(f.labels, [lv for lv in f.levels if not count[lv]])
    return rows, keep


def _fitted_rows(
    y: np.ndarray, offset: np.ndarray, clusters: np.ndarray, design: _Design, keep: np.ndarray, family: str,
    cov_type: str, confidence: float,
) -> dict[tuple[str, str], _Row]:  # fmt: skip
    """Rows of the levels and numeric terms estimated by the fit on the units ``keep``: each factor against
    its reference (or, where the reference never matched, against the first level with matches, rows not
    reported: those levels have exact rows)."""
    from scipy.stats import t as student

    columns, keys = [np.ones(int(keep.sum()))], []
    for f in design.factors:
        live = [lv for lv in f.levels if y[keep & (f.labels == lv)].sum() > 0]
        for lv in live[1:]:
            columns.append((f.labels[keep] == lv).astype(float))
            keys.append((f.term, lv) if live[0] == f.levels[0] else None)
    for name, values in design.numeric:
        columns.append(values[keep])
        keys.append((name, "+1"))
    x = np.column_stack(columns)
    keep, x, keys, separated = _without_separation(keep, x, y, keys)
    note = "not estimable: separation (the matches lie at one end of {}; the estimate is infinite)"
    rows = {k: (*k, *_NAN7, family, note.format(k[0])) for k in separated}
    n_clusters = len(np.unique(clusters[keep]))
    if n_clusters < 2 or x.shape[0] <= x.shape[1] or np.linalg.matrix_rank(x) < x.shape[1]:
        note = "not estimable: too few documents, or terms that coincide in these units"
        return rows | {k: (*k, *_NAN7, family, note) for k in keys if k is not None}
    fit = _fit_glm(y[keep], x, offset[keep], clusters[keep], family, cov_type)
    q = student.ppf(0.5 + confidence / 2, n_clusters - 1)
    for j, key in enumerate(keys, start=1):
        if key is None:
            continue
        coef, se = float(fit.params[j]), float(fit.bse[j])
        unfit = fit.note.startswith(_NO_ESTIMATE)  # an estimate that did not converge is not reported
        if unfit or not (np.isfinite(coef) and np.isfinite(se) and se > 0) or abs(coef) > MAX_ABS_COEF:
            note = fit.note or f"not estimable: |log rate ratio| beyond {MAX_ABS_COEF:g} (separation)"
            rows[key] = (*key, *_NAN7, fit.family, note)
            continue
        stat = coef / se
        p = float(2 * student.sf(abs(stat), n_clusters - 1))
        ci = (np.exp(coef - q * se), np.exp(coef + q * se))
        rows[key] = (*key, float(np.exp(coef)), *ci, coef, se, stat, p, fit.family, fit.note)
    return rows


def _without_separation(
    keep: np.ndarray, x: np.ndarray, y: np.ndarray, keys: list
) -> tuple[np.ndarray, np.ndarray, list, list]:
    """Santos Silva & Tenreyro's (2010) check that the Poisson/NB maximum-likelihood estimates exist: they do
    not when some direction ``b`` has ``x·b = 0`` on every unit with matches and ``x·b ≤ 0`` on the others
    (found by a linear programme). The units with ``x·b < 0`` are then perfectly predicted (dropping them
    gives the MLE of the identified coefficients) and the columns in ``b`` are reported as not estimable.
    Returns the units kept, the design without those columns, its keys, and the keys of the separated ones."""
    from scipy.optimize import linprog

    pos = y[keep] > 0
    zero, xs = ~pos, x
    if not zero.any():
        return keep, x, keys, []
    res = linprog(
        xs[zero].sum(axis=0), A_ub=np.vstack([xs[zero], -xs[zero]]),
        b_ub=np.concatenate([np.zeros(zero.sum()), np.ones(zero.sum())]), A_eq=xs[pos], b_eq=np.zeros(pos.sum()),
        bounds=[(None, None)] * x.shape[1], method="highs",
    )  # fmt: skip
    if res.status != 0 or res.x is None or res.fun is None or res.fun > -1e-7:
        return keep, x, keys, []
    direction = np.asarray(res.x, dtype=float)
    b = np.where(np.abs(direction) > 1e-7 * max(1.0, float(np.abs(direction).max())), direction, 0.0)
    drop = (x @ b) < -1e-7
    cols = [j for j in range(1, x.shape[1]) if b[j] != 0]
    separated = [keys[j - 1] for j in cols if keys[j - 1] is not None]
    rest = [j for j in range(x.shape[1]) if j not in cols]
    kept = keep.copy()
    kept[np.flatnonzero(keep)[drop]] = False
    return kept, x[~drop][:, rest], [keys[j - 1] for j in rest[1:]], separated


def _category_rows(
    y: np.ndarray, tokens: np.ndarray, clusters: np.ndarray, design: _Design, family: str, cov_type: str,
    confidence: float,
) -> list[_Row]:  # fmt: skip
    """The rows of one category's model, in the order of the formula."""
    keys = _row_keys(design)
    if y.sum() == 0:
        return [(*k, *_NAN7, family, "no match in this category: nothing to model") for k in keys]
    rows, keep = _exact_rows(y, tokens, design, family, confidence)
    rows |= _fitted_rows(y, np.log(tokens), clusters, design, keep, family, cov_type, confidence)
    return [rows[k] for k in keys]


# ------------------------------------------------------------------------------------------- the function
def _check_options(family: str, cov_type: str, confidence: float) -> None:
    if family not in FAMILIES:
        raise ArgumentError("F601", name="family", expected="'negbin' or 'quasi-poisson'", value=family)
    if cov_type not in COV_TYPES:
        raise ArgumentError("F601", name="cov_type", expected="'cluster' or 'gee-exchangeable'", value=cov_type)
    if not (isinstance(confidence, float) and 0 < confidence < 1):
        raise ArgumentError("F601", name="confidence", expected="a number between 0 and 1", value=confidence)


def count_model(
    units: UnitTable,
    formula: str = "group",
    *,
    metadata: Iterable[Document] | Mapping[str, Mapping[str, Any]] | None = None,
    groups: Sequence[str] | None = None,
    family: str = "negbin",
    cov_type: str = "cluster",
    confidence: float = 0.95,
) -> CountModels:
    """Count regression per category: rate ratios of groups (and covariates) with intervals.

    For each category of ``units``, a model of the (group, document) unit's match count ``y`` with
    ``log(tokens)`` as offset: ``log E[y] = log(tokens) + β₀ + β·terms``, so ``exp(β)`` is a **rate ratio**
    per token against the term's reference level (or per +1 of a numeric field), the other terms held
    fixed. "Does Russia use the frame more than Ukraine, controlling for year": ``count_model(units,
    "C(group, Treatment('UKR')) + year", metadata=corpus, groups=["RUS", "UKR"])``.

    Family: ``"negbin"`` (NB2, the dispersion estimated by maximum likelihood; statsmodels'
    ``NegativeBinomial``) or ``"quasi-poisson"`` (Poisson estimates, Pearson χ² scale; statsmodels' ``GLM``).
    Standard errors are **clustered by document** (CR1; documents hold several speakers' units in news, and
    the units of one document are not independent), intervals and p-values use Student's t with
    documents − 1 degrees of freedom (Cameron & Miller 2015). In a simulation (tests/test_models.py: 10
    documents per group, lognormal lengths, Gamma(1) per-document overdispersion, a year effect) the 95 %
    interval of a group's rate ratio covered 93.2 % (negbin) and 88.1 % (quasi-Poisson) of 1,000 data sets.
    ``cov_type="gee-exchangeable"`` is the document-effect option: a GEE (Liang & Zeger 1986) with documents as
    clusters and an exchangeable working correlation (negbin: the dispersion of the NB fit), robust standard
    errors. It was chosen over a random-effects GLMM because statsmodels' mixed GLMs (``PoissonBayesMixedGLM``)
    are variational Bayes without an offset, while GEE keeps the offset, estimates the population-averaged
    rate ratio a reader of these tables asks for, and stays valid if the working correlation is wrong.

    A level without a single match (separation: the maximum-likelihood coefficient is −∞; or a reference
    without a match: +∞) is never reported from the fit: its rate ratio is 0 (or ∞) with an **exact
    conditional** interval and p-value from the binomial of the two levels' pooled counts given their total
    (Clopper–Pearson, covariates ignored, said in ``note``); the fit uses the other units (the limit of the
    MLE of every other coefficient). Separation along a numeric term is found by a linear programme (Santos
    Silva & Tenreyro 2010) and reported as not estimable. A negative binomial that cannot be fitted falls
    back to quasi-Poisson (``family`` and ``note`` say so); fits that do not converge, fitted |log rate
    ratios| beyond :data:`MAX_ABS_COEF` and singular designs are rows with NaN and a ``note``; a warning
    [W460] counts them.

    Parameters
    ----------
    units : UnitTable
        The (group, document) units (:func:`unit_table`); units without tokens are left out.
    formula : str, default "group"
        The right-hand side (see the module docstring): ``"group + year"``, ``"group + C(year)"``,
        ``"C(group, Treatment('UKR')) + outlet"``.
    metadata : Corpus, iterable of Document, or mapping of str to mapping, optional
        The documents' metadata (document id → fields), needed for every term but ``group``. Units whose
        document lacks a field of the formula are left out (counted in ``units_left_out``).
    groups : sequence of str, optional
        The groups modelled as levels; every other group is pooled into :data:`REST` ``"(rest)"``, the
        reference unless the formula names one (``C(group, Treatment('UKR'))``); without a rest, the first
        group in sorted order. Default: every group (with 190 countries, name the few you report).
    family : {"negbin", "quasi-poisson"}, default "negbin"
        The count model.
    cov_type : {"cluster", "gee-exchangeable"}, default "cluster"
        Document-clustered GLM standard errors, or a GEE with an exchangeable correlation within documents.
    confidence : float, default 0.95
        Confidence level of the intervals.

    Returns
    -------
    CountModels
        One row per category × term level; q-values (Benjamini–Hochberg) over the ``group`` rows.

    Raises
    ------
    ArgumentError
        [F620] for a formula that cannot be modelled (syntax, a field no document has, a reference that is
        not a level); [F601] for an unknown ``family``/``cov_type`` or a ``confidence`` outside (0, 1);
        [F604] for a group of ``groups`` that has no unit.
    """
    _check_options(family, cov_type, confidence)
    terms = parse_formula(formula)
    present = sorted(set(units.groups))
    chosen = list(groups) if groups is not None else present
    missing = [g for g in chosen if g not in present]
    if missing:
        raise ArgumentError("F604", what="group", missing=missing, where="these units", known=present[:20])
    design = _design(formula, terms, units, _metadata(metadata), chosen)
    used = design.used
    tokens, clusters = units.tokens[used], pd.factorize(np.array(units.documents, dtype=object)[used])[0]
    n_units, n_docs = int(used.sum()), int(clusters.max()) + 1
    rows = []
    for ci, category in enumerate(units.categories):
        for row in _category_rows(units.counts[used, ci], tokens, clusters, design, family, cov_type, confidence):
            rows.append((category, *row[:9], np.nan, n_units, n_docs, row[9], cov_type, row[10]))
    table = pd.DataFrame(rows, columns=MODEL_COLUMNS)
    is_group = (table["term"] == "group").to_numpy()
    table.loc[is_group, "q_value"] = benjamini_hochberg(table.loc[is_group, "p_value"].to_numpy(dtype=float))
    group = next((f for f in design.factors if f.term == "group"), None)
    result = CountModels(
        table, formula, family, cov_type, group.levels[0] if group else "", tuple(chosen), confidence,
        units_left_out=int(len(used) - n_units),
    )  # fmt: skip
    failed = table["note"].str.startswith(_NO_ESTIMATE)
    if failed.any():
        warnings.warn(CompareWarning("W460", n=int(failed.sum()), total=len(table)), stacklevel=2)
    return result
