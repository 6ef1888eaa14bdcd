"""Agreement between coders: Cohen's κ and Krippendorff's α."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..errors import ArgumentError, StatisticsError

__all__ = ["Agreement", "cohen_kappa", "krippendorff_alpha"]


@dataclass(frozen=True, eq=False, repr=False)
class Agreement:
    """A chance-corrected agreement coefficient: ``value = 1 − observed / expected disagreement``.

    For Cohen's κ the disagreements are ``1 − p_o`` and ``1 − p_e``; for Krippendorff's α they are
    ``D_o`` and ``D_e`` under the metric of ``level``. ``n_units`` units entered (for α: units with at least
    two values), ``n_values`` values were pairable. ``float(result)`` is the coefficient. Made by
    :func:`cohen_kappa` and :func:`krippendorff_alpha`.

    Attributes
    ----------
    value : float
        The coefficient (1 perfect agreement, 0 chance agreement, negative worse than chance).
    observed_disagreement : float
        ``1 − p_o`` for κ, ``D_o`` for α.
    expected_disagreement : float
        ``1 − p_e`` for κ, ``D_e`` for α.
    n_units : int
        Units that entered (for α: units with at least two values).
    n_values : int
        Values that were pairable.
    method : str
        The coefficient, with its reference.
    level : {"nominal", "ordinal", "interval", "ratio"}
        Level of measurement (``"nominal"`` for κ).
    """

    value: float
    observed_disagreement: float
    expected_disagreement: float
    n_units: int
    n_values: int
    method: str
    level: str

    def __float__(self) -> float:
        return self.value

    def summary(self) -> str:
        """The coefficient, both disagreements and the units, on one line.

        Returns
        -------
        str
            The summary text.
        """
        return (
            f"{self.method} ({self.level}) = {self.value:.4f}; observed disagreement "
            f"{self.observed_disagreement:.4f}, expected {self.expected_disagreement:.4f}; {self.n_units} units, "
            f"{self.n_values} pairable values"
        )

    def __repr__(self) -> str:
        return (
            f"Agreement(method={self.method!r}, level={self.level!r}, value={self.value:.4f}, n_units={self.n_units})"
        )


def cohen_kappa(a: object, b: object) -> Agreement:
    """Cohen's κ for two coders assigning nominal labels to the same units.

    Cohen, J. (1960). A coefficient of agreement for nominal scales. *Educ. Psychol. Meas.* 20(1): 37–46::

        κ = (p_o − p_e) / (1 − p_e),   p_o = Σ_k n_kk / N,   p_e = Σ_k (n_k· / N)(n_·k / N)

    with ``n`` the coders' confusion matrix over the labels either coder used; each coder's own label
    distribution gives the chance agreement (unlike Krippendorff's α, which pools them). Labels may be
    numbers or strings; units are independent. Missing codes are not allowed: use
    :func:`krippendorff_alpha`.

    Parameters
    ----------
    a : array-like of shape (n_units,)
        Labels of the first coder (numbers or strings).
    b : array-like of shape (n_units,)
        Labels of the second coder for the same units.

    Returns
    -------
    Agreement
        κ with ``1 − p_o`` and ``1 − p_e``.

    Raises
    ------
    StatisticsError
        When ``a`` and ``b`` are not vectors of equal length [F606], are empty [F607], have missing (NaN)
        labels [F605], or when ``p_e = 1`` (both coders used one and the same label: κ is 0/0, undefined)
        [F608].
    """
    x, y = np.asarray(a), np.asarray(b)
    if x.ndim != 1 or x.shape != y.shape:
        raise StatisticsError(
            "F606", first="a", second="b", detail=f"shapes {x.shape} and {y.shape}", fix="label vectors of equal length"
        )
    if x.size == 0:
        raise StatisticsError(
            "F607",
            statistic="cohen_kappa",
            needed="at least one unit",
            found="a and b are empty",
            fix="pass the labels",
        )
    for name, v in (("a", x), ("b", y)):
        if v.dtype.kind == "f" and np.isnan(v).any():
            raise StatisticsError(
                "F605",
                name=name,
                expected="complete for Cohen's kappa",
                problem="it has missing labels (NaN): use krippendorff_alpha",
            )
    labels, inverse = np.unique(np.concatenate([x, y]), return_inverse=True)
    k, n = labels.size, x.size
    table = np.zeros((k, k))
    np.add.at(table, (inverse[:n], inverse[n:]), 1.0)
    p_o = np.trace(table) / n
    p_e = float(table.sum(axis=1) @ table.sum(axis=0)) / n**2
    if p_e >= 1.0:
        raise StatisticsError(
            "F608",
            statistic="cohen_kappa",
            reason="both coders used one and the same label for every unit (0/0)",
            fix="report the observed agreement instead",
        )
    return Agreement(
        value=float((p_o - p_e) / (1.0 - p_e)),
        observed_disagreement=float(1.0 - p_o),
        expected_disagreement=float(1.0 - p_e),
        n_units=n,
        n_values=2 * n,
        method="Cohen's kappa (Cohen 1960)",
        level="nominal",
    )


_ALPHA_LEVELS = ("nominal", "ordinal", "interval", "ratio")


def krippendorff_alpha(reliability_data: object, *, level: str = "nominal") -> Agreement:
    """Krippendorff's α for any number of coders, missing values allowed.

    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability. Annenberg School for
    Communication, University of Pennsylvania (https://repository.upenn.edu/asc_papers/43); Hayes &
    Krippendorff (2007), *Communication Methods and Measures* 1(1).

    ``reliability_data`` is coders × units (Krippendorff's reliability data matrix: one row per coder, one
    column per unit), numeric, with NaN where a coder did not code a unit; nominal labels must be coded as
    numbers first. Units with fewer than two values are not pairable and are dropped. From the coincidence
    matrix ``o_ck = Σ_u (number of c–k pairs of values from different coders in unit u) / (m_u − 1)``,
    ``n_c = Σ_k o_ck`` and ``n = Σ_c n_c``::

        α = 1 − D_o / D_e,   D_o = (1/n) Σ_c Σ_k o_ck δ²_ck,   D_e = 1/(n(n − 1)) Σ_c Σ_k n_c n_k δ²_ck

    with the difference function of ``level``: nominal ``δ² = [c ≠ k]``; interval ``(c − k)²``; ratio
    ``((c − k)/(c + k))²``; ordinal ``(Σ_{g=c..k} n_g − (n_c + n_k)/2)²`` over the ranks of the values used.

    Parameters
    ----------
    reliability_data : array-like of shape (n_coders, n_units)
        Numeric codes, NaN where a coder did not code a unit.
    level : {"nominal", "ordinal", "interval", "ratio"}, default "nominal"
        Level of measurement: which difference function.

    Returns
    -------
    Agreement
        α with ``D_o`` and ``D_e``, the pairable units and values.

    Raises
    ------
    StatisticsError
        When the data are not 2-D, have infinite values or (for ``"ratio"``) negative ones [F605], when no
        unit has values from two coders [F607], or when all pairable values are equal (``D_e = 0``: α is
        undefined) [F608].
    ArgumentError
        When ``level`` is not one of the four [F601].
    """
    data = _reliability_data(reliability_data, level)
    values, o, n_units = _coincidences(data, level)
    n_c = o.sum(axis=1)
    n = n_c.sum()
    d2 = _squared_differences(values, n_c, level)
    d_o = float((o * d2).sum() / n)
    d_e = float((np.outer(n_c, n_c) * d2).sum() / (n * (n - 1.0)))
    if d_e == 0:
        raise StatisticsError(
            "F608",
            statistic="krippendorff_alpha",
            reason="all pairable values are equal (no variation to agree on)",
            fix="report the observed agreement instead",
        )
    return Agreement(
        value=1.0 - d_o / d_e,
        observed_disagreement=d_o,
        expected_disagreement=d_e,
        n_units=n_units,
        n_values=int(np.rint(n)),
        method="Krippendorff's alpha (Krippendorff 2011)",
        level=level,
    )


def _reliability_data(reliability_data: object, level: str) -> np.ndarray:
    """The coders × units matrix as floats (NaN for missing), once ``level`` and the shape are checked."""
    if level not in _ALPHA_LEVELS:
        raise ArgumentError("F601", name="level", expected=f"one of {', '.join(map(repr, _ALPHA_LEVELS))}", value=level)
    data = np.asarray(reliability_data, dtype=float)
    if data.ndim != 2:
        raise StatisticsError(
            "F605", name="reliability_data", expected="coders × units (2-D)", problem=f"it has shape {data.shape}"
        )
    if np.isinf(data).any():
        raise StatisticsError(
            "F605",
            name="reliability_data",
            expected="finite, with NaN for a missing code",
            problem="it has infinite values",
        )
    return data


def _coincidences(data: np.ndarray, level: str) -> tuple[np.ndarray, np.ndarray, int]:
    """The distinct pairable values (sorted), their coincidence matrix ``o_ck`` and the pairable units."""
    present = ~np.isnan(data)
    m_u = present.sum(axis=0)
    pairable = m_u >= 2
    values, inverse = np.unique(data[:, pairable][present[:, pairable]], return_inverse=True)
    if values.size == 0:
        raise StatisticsError(
            "F607",
            statistic="krippendorff_alpha",
            needed="units coded by two or more coders (pairable values)",
            found="no unit has values from two coders",
            fix="code some units twice",
        )
    if level == "ratio" and (values < 0).any():
        raise StatisticsError(
            "F605",
            name="reliability_data",
            expected="non-negative for ratio-level alpha",
            problem="it has negative values",
        )
    # units × values: how many coders gave unit u value c (pairable units only)
    sub = data[:, pairable]
    unit_of = np.broadcast_to(np.arange(sub.shape[1]), sub.shape)[present[:, pairable]]
    n_uc = np.zeros((sub.shape[1], values.size))
    np.add.at(n_uc, (unit_of, inverse), 1.0)
    weights = 1.0 / (m_u[pairable] - 1.0)
    o = (n_uc * weights[:, None]).T @ n_uc - np.diag((n_uc * weights[:, None]).sum(axis=0))
    return values, o, int(pairable.sum())


def _squared_differences(values: np.ndarray, n_c: np.ndarray, level: str) -> np.ndarray:
    """Krippendorff's difference function δ²_ck of ``level`` between the (sorted) values."""
    if level == "nominal":
        return 1.0 - np.eye(values.size)
    if level == "interval":
        return (values[:, None] - values[None, :]) ** 2
    if level == "ratio":
        s = values[:, None] + values[None, :]
        return np.divide((values[:, None] - values[None, :]) ** 2, s**2, out=np.zeros_like(s), where=s > 0)
    # ordinal: values are sorted by np.unique
    cum = np.concatenate([[0.0], np.cumsum(n_c)])
    i, k = np.meshgrid(np.arange(values.size), np.arange(values.size), indexing="ij")
    lo, hi = np.minimum(i, k), np.maximum(i, k)
    return (cum[hi + 1] - cum[lo] - (n_c[i] + n_c[k]) / 2.0) ** 2
