"""Statistics for comparing framing: which categories an actor uses more, how sure we are, and how well coders agree.

Pure functions on numpy arrays (no pandas, no scipy): counts in, frozen result objects out. Every result
records its method, its unit of analysis, its correction and, where randomness is involved, the seed or
generator state, so a number can be traced back to how it was made.

Sampling models, stated once here and again where they matter:

* **Token-level models** (:func:`log_odds_dirichlet`, :func:`chi2_keyness`, :func:`g2_keyness`) treat every
  token as an independent draw from a multinomial distribution of the group. Words and frames cluster in
  documents (an article about sanctions says "sanctions" many times), so these models overstate the
  evidence: their z-scores and p-values rank features well but are anti-conservative as tests.
* **Document-level resampling** (:func:`cluster_bootstrap_rates`, :func:`permutation_test_rate_difference`,
  :func:`bootstrap_rate_contrast`, :func:`bootstrap_jensen_shannon`) treats documents as the independent
  units and keeps all passages and tokens of a document together. Passages of one article share an author,
  an outlet and a topic; resampling passages as if they were independent gives intervals that are too
  narrow (the test suite shows the contrast in a simulation).

Randomness comes only from the ``rng`` argument: an ``int`` seed or a :class:`numpy.random.Generator`
(``np.random.default_rng(seed)``). There is no default: a statistic that depends on random draws must say
which draws. Results record the seed (when an ``int`` was given) and the generator state before the first
draw, from which the exact draws can be replayed.

Rates are per 1,000 tokens (``per=1000``) throughout, like ``rate_per_1000`` in :mod:`framing.compare`.
"""

from __future__ import annotations

import copy
import itertools
import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

import numpy as np

from .errors import ArgumentError, StatisticsError

__all__ = [
    "Agreement",
    "BootstrapRates",
    "ClassificationScores",
    "ConfusionCounts",
    "JensenShannon",
    "Keyness",
    "LogOdds",
    "RateContrast",
    "RateDifferenceTest",
    "benjamini_hochberg",
    "bootstrap_jensen_shannon",
    "bootstrap_rate_contrast",
    "chi2_keyness",
    "cluster_bootstrap_rates",
    "cohen_kappa",
    "confusion_counts",
    "g2_keyness",
    "jensen_shannon_distance",
    "krippendorff_alpha",
    "log_odds_dirichlet",
    "permutation_test_rate_difference",
    "precision_recall_f1",
]

PER = 1000
"""Rates are per this many tokens (the unit of ``rate_per_1000`` in :mod:`framing.compare`)."""

_CHUNK_ELEMENTS = 1 << 22
"""Resampling draws are made in chunks of at most this many (replicate, unit) cells, about 32 MB of int64,
so memory does not grow with ``n_boot`` × documents. The chunk size depends only on the number of units,
so results do not depend on the machine."""

_TIE_RTOL = 1e-10
"""Relative tolerance for "as extreme as observed" in permutation tests: a permuted statistic equal to the
observed one up to floating-point rounding of a different summation order counts as a tie (scipy's
``permutation_test`` uses the same device)."""


# ----------------------------------------------------------------------------------------------------------
# shared helpers


def _readonly(a: np.ndarray) -> np.ndarray:
    a = np.asarray(a)
    a.setflags(write=False)
    return a


def _names(names: Sequence[str] | None, n: int, what: str) -> tuple[str, ...]:
    """Names for an axis of length ``n``: the given ones (checked) or ``"0"``, ``"1"``, …"""
    if names is None:
        return tuple(str(i) for i in range(n))
    names = tuple(str(x) for x in names)
    if len(names) != n:
        raise StatisticsError(
            "F606",
            first=f"{what} names",
            second=f"the {what}s",
            detail=f"{len(names)} for {n}",
            fix=f"one name per {what}",
        )
    if len(set(names)) != n:
        raise ArgumentError("F601", name=f"{what} names", expected="distinct", value=sorted(names))
    return names


def _counts(x: object, name: str, ndim: int) -> np.ndarray:
    """``x`` as a float array of non-negative finite counts with ``ndim`` dimensions."""
    a = np.asarray(x, dtype=float)
    if ndim == 2 and a.ndim == 1:
        a = a[:, None]
    if a.ndim != ndim:
        shape = "a vector (one value per feature)" if ndim == 1 else "a matrix (rows × categories)"
        raise StatisticsError("F605", name=name, expected=shape, problem=f"it has shape {a.shape}")
    if a.size and not np.isfinite(a).all():
        raise StatisticsError("F605", name=name, expected="finite", problem="it has NaN or infinite values")
    if a.size and (a < 0).any():
        raise StatisticsError("F605", name=name, expected=">= 0", problem="it has negative values")
    return a


def _generator(rng: np.random.Generator | int | None) -> tuple[np.random.Generator, int | None, dict]:
    """The generator to draw from, the seed if one was given, and the generator state before any draw."""
    if isinstance(rng, np.random.Generator):
        gen, seed = rng, None
    elif isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        gen, seed = np.random.default_rng(int(rng)), int(rng)
    else:
        raise ArgumentError(
            "F601",
            name="rng",
            expected="an int seed or a numpy.random.Generator (np.random.default_rng(seed))",
            value=rng,
        )
    return gen, seed, dict(copy.deepcopy(gen.bit_generator.state))


def _check_confidence(confidence: float) -> float:
    if not 0.0 < confidence < 1.0:
        raise ArgumentError("F601", name="confidence", expected="between 0 and 1 (e.g. 0.95)", value=confidence)
    return float(confidence)


def _check_positive_int(value: int, name: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ArgumentError("F601", name=name, expected=f"an integer >= {minimum}", value=value)
    return int(value)


def _chi2_sf_1df(x: np.ndarray) -> np.ndarray:
    """Upper tail of the χ² distribution with 1 df: P(X ≥ x) = erfc(√(x/2)) (since X = Z², Z standard normal)."""
    x = np.asarray(x, dtype=float)
    out = np.full(x.shape, np.nan)
    ok = ~np.isnan(x)
    out[ok] = [math.erfc(math.sqrt(v / 2.0)) for v in np.abs(x[ok]).ravel()]
    return out


def _resample_counts(gen: np.random.Generator, n_units: int, n_boot: int) -> Iterator[np.ndarray]:
    """Yield (replicates, n_units) arrays: how often each unit is drawn in each bootstrap replicate.

    Each replicate draws ``n_units`` units with replacement, uniformly (Efron & Tibshirani 1993, ch. 6).
    """
    chunk = max(1, _CHUNK_ELEMENTS // n_units)
    done = 0
    while done < n_boot:
        size = min(chunk, n_boot - done)
        draws = gen.integers(0, n_units, size=(size, n_units))
        flat = (draws + (np.arange(size) * n_units)[:, None]).ravel()
        yield np.bincount(flat, minlength=size * n_units).reshape(size, n_units)
        done += size


def _bootstrap_sums(gen: np.random.Generator, values: np.ndarray, n_boot: int) -> np.ndarray:
    """Column sums of ``values`` (units × columns) over ``n_boot`` resamples of its rows: (n_boot, columns)."""
    return np.concatenate([w @ values for w in _resample_counts(gen, values.shape[0], n_boot)], axis=0)


def _percentile_interval(replicates: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval (Efron & Tibshirani 1993, §13.3) per column, ignoring undefined (NaN) replicates."""
    tail = (1.0 - confidence) / 2.0
    lower, upper = np.nanquantile(replicates, [tail, 1.0 - tail], axis=0)
    return lower, upper


def _rng_note(seed: int | None, state: dict) -> str:
    return f"seed {seed}" if seed is not None else f"generator {state.get('bit_generator', '?')} (state recorded)"


def _fmt(v: float) -> str:
    return "nan" if v != v else f"{v:.4g}"


# ----------------------------------------------------------------------------------------------------------
# 1. weighted log-odds with an informative Dirichlet prior


@dataclass(frozen=True, eq=False, repr=False)
class LogOdds:
    """Weighted log-odds ratios (Monroe, Colaresi & Quinn 2008), one row per comparison.

    ``comparisons[k] = (group, other)``: row ``k`` of ``delta``, ``variance`` and ``z`` compares ``group``
    with ``other`` (another group, or ``"rest"`` for all other groups pooled). Positive ``delta`` and ``z``:
    the feature is more typical of ``group``. ``alpha`` are the prior pseudo-counts per feature,
    ``alpha0`` their sum. Features whose log-odds are undefined (zero count and zero prior) are NaN.
    """

    groups: tuple[str, ...]
    features: tuple[str, ...]
    comparisons: tuple[tuple[str, str], ...]
    delta: np.ndarray
    variance: np.ndarray
    z: np.ndarray
    alpha: np.ndarray
    alpha0: float
    prior: str
    comparison: str
    method: str = "weighted log-odds ratio, informative Dirichlet prior (Monroe, Colaresi & Quinn 2008)"
    unit: str = "token"

    def to_dict(self) -> dict[str, np.ndarray]:
        """Long-format columns (one row per comparison × feature), ready for ``pandas.DataFrame``."""
        k, w = self.delta.shape
        return {
            "group": np.repeat([c[0] for c in self.comparisons], w),
            "other": np.repeat([c[1] for c in self.comparisons], w),
            "feature": np.tile(np.array(self.features, dtype=object), k),
            "delta": self.delta.ravel(),
            "variance": self.variance.ravel(),
            "z": self.z.ravel(),
        }

    def summary(self, top: int = 5) -> str:
        """The ``top`` features with the largest and smallest z per comparison."""
        lines = [
            f"{self.method}; {self.comparison}; prior {self.prior}, alpha0 = {_fmt(self.alpha0)}; unit {self.unit}",
            "z treats tokens as independent draws: use it to rank features, not as a test.",
        ]
        undefined = int(np.isnan(self.delta).all(axis=0).sum())
        if undefined:
            lines.append(f"{undefined} feature(s) undefined (zero count and zero prior): NaN.")
        for k, (g, o) in enumerate(self.comparisons):
            z = self.z[k]
            order = np.argsort(np.where(np.isnan(z), -np.inf, -z), kind="stable")
            ok = [i for i in order if not np.isnan(z[i])]
            hi = ", ".join(f"{self.features[i]} {z[i]:+.2f}" for i in ok[:top])
            lo = ", ".join(f"{self.features[i]} {z[i]:+.2f}" for i in ok[::-1][:top])
            lines.append(f"{g} vs {o}: more {hi} | less {lo}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"LogOdds(comparison={self.comparison!r}, groups={len(self.groups)}, features={len(self.features)}, "
            f"prior={self.prior!r}, alpha0={self.alpha0:.4g})"
        )


_PRIORS = "'pooled', an array of background counts (one per feature) or a positive number"


def log_odds_dirichlet(
    counts: object,
    *,
    prior: str | float | Sequence[float] | np.ndarray = "pooled",
    alpha0: float | None = None,
    comparison: str = "one-vs-rest",
    groups: Sequence[str] | None = None,
    features: Sequence[str] | None = None,
) -> LogOdds:
    """Weighted log-odds ratios with an informative Dirichlet prior ("Fightin' Words").

    Monroe, B. L., Colaresi, M. P. & Quinn, K. M. (2008). Fightin' words: lexical feature selection and
    evaluation for identifying the content of political conflict. *Political Analysis* 16(4): 372–403,
    §3.5.1, eqs. 16–22.

    ``counts`` is groups × features (e.g. actors × categories: matches per actor). Model: the tokens of
    group ``i`` are ``n_i`` independent draws from a multinomial with probabilities ``π_i``; the prior is
    ``π_i ~ Dirichlet(α)``. The posterior log-odds of feature ``w`` in group ``i`` and the difference
    between groups ``i`` and ``j`` are::

        ω_iw = log[(y_iw + α_w) / (n_i + α_0 − y_iw − α_w)]          α_0 = Σ_w α_w
        δ_w(i−j) = ω_iw − ω_jw
        σ²(δ_w(i−j)) ≈ 1 / (y_iw + α_w) + 1 / (y_jw + α_w)            (eq. 20, Monroe et al.'s approximation)
        z = δ / σ

    ``comparison="one-vs-rest"`` compares each group with all others pooled (``y_rest = Σ_{k≠i} y_k``);
    ``"pairs"`` compares every pair ``i < j`` in the order of the rows.

    Prior:

    * ``"pooled"`` (default): ``α_w`` proportional to the corpus-wide count of ``w`` (all groups summed),
      scaled so that ``Σ α_w = alpha0``. With ``alpha0=None`` the prior is the pooled counts themselves
      (``alpha0`` = the total count): the empirical-Bayes default of tidylo's ``bind_log_odds``
      (Schnoebelen, Silge & Hayes), a strong prior that shrinks rare features hard. Monroe et al. use the
      word distribution of a larger corpus as prior and choose its weight; pass ``alpha0`` (e.g. the mean
      group total) for a weaker prior.
    * an array of background counts (one per feature, e.g. the same categories counted in a reference
      corpus): ``α_w`` proportional to it, scaled to ``alpha0`` (default: the background total).
    * a positive number ``a``: uniform ``α_w = a`` (Monroe et al.'s "uninformative" prior; ``alpha0`` must
      be ``None``). As ``a → 0`` the result approaches the plain log-odds ratio.

    Sampling model: tokens are independent within a group. They are not (frames cluster in documents),
    so ``z`` overstates the evidence; use it to rank features and :func:`permutation_test_rate_difference`
    to test. A feature with zero count in a group and zero prior has undefined log-odds (NaN).
    """
    y = _counts(counts, "counts", 2)
    n_groups, n_features = y.shape
    if n_groups < 2:
        raise StatisticsError(
            "F607",
            statistic="log_odds_dirichlet",
            needed="at least two groups (rows of counts)",
            found=f"counts has {n_groups}",
            fix="compare two or more groups",
        )
    if n_features < 2:
        raise StatisticsError(
            "F607",
            statistic="log_odds_dirichlet",
            needed="at least two features (columns of counts)",
            found=f"counts has {n_features}",
            fix="count two or more features",
        )
    if comparison not in ("one-vs-rest", "pairs"):
        raise ArgumentError("F601", name="comparison", expected="'one-vs-rest' or 'pairs'", value=comparison)
    group_names = _names(groups, n_groups, "group")
    feature_names = _names(features, n_features, "feature")
    if comparison == "one-vs-rest" and "rest" in group_names:
        raise ArgumentError(
            "F603",
            function="log_odds_dirichlet",
            problem="a group is called 'rest', the name of the pooled other groups in one-vs-rest comparisons",
            fix="rename it",
        )
    totals = y.sum(axis=1)
    if (totals == 0).any():
        empty = [group_names[i] for i in np.flatnonzero(totals == 0)]
        raise StatisticsError(
            "F608",
            statistic="log_odds_dirichlet",
            reason=f"group(s) {empty} have no counts at all",
            fix="drop them before comparing",
        )

    if isinstance(prior, str):
        if prior != "pooled":
            raise ArgumentError("F601", name="prior", expected=_PRIORS, value=prior)
        base, kind = y.sum(axis=0), "pooled"
    elif np.ndim(prior) == 0:
        a = float(prior)  # type: ignore[arg-type]
        if not (a > 0 and math.isfinite(a)):
            raise ArgumentError("F601", name="prior", expected=_PRIORS, value=prior)
        if alpha0 is not None:
            raise ArgumentError(
                "F603",
                function="log_odds_dirichlet",
                problem="a uniform prior sets alpha0 (alpha0 = prior × features)",
                fix="leave alpha0=None",
            )
        base, kind = np.full(n_features, a), "uniform"
    else:
        base = _counts(prior, "prior", 1)
        if base.shape != (n_features,):
            raise StatisticsError(
                "F606",
                first="the background prior",
                second="counts",
                detail=f"{base.size} values for {n_features} features",
                fix="one background count per feature",
            )
        kind = "background"
    if base.sum() <= 0:
        raise StatisticsError(
            "F608",
            statistic="log_odds_dirichlet",
            reason="the prior has no mass (all background counts are 0)",
            fix="use a uniform prior or another background",
        )
    if alpha0 is not None:
        if not (alpha0 > 0 and math.isfinite(alpha0)):
            raise ArgumentError("F601", name="alpha0", expected="a positive number or None", value=alpha0)
        alpha = base * (float(alpha0) / base.sum())
    else:
        alpha = base.astype(float)
    a0 = float(alpha.sum())

    def omega(yi: np.ndarray, ni: np.ndarray) -> np.ndarray:
        with np.errstate(divide="ignore", invalid="ignore"):
            return np.log(yi + alpha) - np.log(ni[..., None] + a0 - yi - alpha)

    if comparison == "one-vs-rest":
        first = y
        second = y.sum(axis=0)[None, :] - y
        n_first, n_second = totals, totals.sum() - totals
        pairs = [(g, "rest") for g in group_names]
    else:
        idx = list(itertools.combinations(range(n_groups), 2))
        first = y[[i for i, _ in idx]]
        second = y[[j for _, j in idx]]
        n_first, n_second = totals[[i for i, _ in idx]], totals[[j for _, j in idx]]
        pairs = [(group_names[i], group_names[j]) for i, j in idx]

    with np.errstate(divide="ignore", invalid="ignore"):
        delta = omega(first, n_first) - omega(second, n_second)
        variance = 1.0 / (first + alpha) + 1.0 / (second + alpha)
        z = delta / np.sqrt(variance)
    undefined = (first + alpha == 0) | (second + alpha == 0)
    for arr in (delta, variance, z):
        arr[undefined] = np.nan
    return LogOdds(
        groups=group_names,
        features=feature_names,
        comparisons=tuple(pairs),
        delta=_readonly(delta),
        variance=_readonly(variance),
        z=_readonly(z),
        alpha=_readonly(alpha),
        alpha0=a0,
        prior=kind,
        comparison=comparison,
    )


# ----------------------------------------------------------------------------------------------------------
# 2. keyness: signed chi-square and G² per feature


_KEYNESS_CORRECTIONS = ("quanteda", "yates", "williams", "none")


@dataclass(frozen=True, eq=False, repr=False)
class Keyness:
    """Signed keyness per feature: target against reference, one 2×2 table per feature.

    ``statistic`` is χ² or G², positive when the feature is over-represented in the target. ``p_value``
    from χ² with 1 df, ``q_value`` Benjamini–Hochberg adjusted over the features. ``log_ratio`` is Hardie's
    (2014) effect size: log2 of the ratio of relative frequencies, zero counts replaced by 0.5.
    """

    features: tuple[str, ...]
    statistic: np.ndarray
    p_value: np.ndarray
    q_value: np.ndarray
    log_ratio: np.ndarray
    n_target: np.ndarray
    n_reference: np.ndarray
    total_target: float
    total_reference: float
    measure: str
    correction: str
    multiple_comparison: str = "Benjamini-Hochberg over features"
    unit: str = "token"

    def to_dict(self) -> dict[str, np.ndarray]:
        """Columns (one row per feature, input order), ready for ``pandas.DataFrame``."""
        return {
            "feature": np.array(self.features, dtype=object),
            self.measure: self.statistic,
            "p": self.p_value,
            "q": self.q_value,
            "log_ratio": self.log_ratio,
            "n_target": self.n_target,
            "n_reference": self.n_reference,
        }

    def order(self) -> np.ndarray:
        """Feature indices by decreasing statistic (ties by name; NaN last), as quanteda sorts."""
        stat = np.where(np.isnan(self.statistic), -np.inf, self.statistic)
        return np.array(sorted(range(len(self.features)), key=lambda i: (-stat[i], self.features[i])), dtype=int)

    def summary(self, top: int = 10) -> str:
        lines = [
            f"{self.measure} keyness, correction {self.correction!r}; target {self.total_target:.0f} tokens, "
            f"reference {self.total_reference:.0f}; p from chi-square(1), q {self.multiple_comparison}",
            "tokens treated as independent draws: p-values are anti-conservative when features cluster in documents.",
        ]
        for i in self.order()[:top]:
            lines.append(
                f"  {self.features[i]}: {self.measure} {_fmt(self.statistic[i])}, p {_fmt(self.p_value[i])}, "
                f"q {_fmt(self.q_value[i])}, log ratio {_fmt(self.log_ratio[i])} "
                f"({self.n_target[i]:.0f} vs {self.n_reference[i]:.0f})"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"Keyness(measure={self.measure!r}, correction={self.correction!r}, features={len(self.features)})"


def _two_by_two(target: object, reference: object, features: Sequence[str] | None):
    t = _counts(target, "target", 1)
    r = _counts(reference, "reference", 1)
    if t.shape != r.shape:
        raise StatisticsError(
            "F606",
            first="target",
            second="reference",
            detail=f"{t.size} and {r.size} features",
            fix="the same features in the same order",
        )
    nt, nr = float(t.sum()), float(r.sum())
    if nt == 0 or nr == 0:
        which = "target" if nt == 0 else "reference"
        raise StatisticsError(
            "F608",
            statistic="keyness",
            reason=f"the {which} has no tokens (all counts 0)",
            fix="pass counts of both sides",
        )
    names = _names(features, t.size, "feature")
    # a: feature in target, b: feature in reference, c: other in target, d: other in reference
    return t, r, nt - t, nr - r, names, nt, nr


def _continuity(a, b, c, d, correction: str) -> np.ndarray:
    """How much to move each cell towards its expected value (0 = no continuity correction)."""
    n = a + b + c + d
    dev = np.abs(a * d - b * c) / n  # |O − E|, the same for all four cells of a 2×2 table
    if correction == "yates":
        # Yates (1934) as R's chisq.test and scipy's chi2_contingency apply it: min(0.5, |O − E|)
        return np.minimum(0.5, dev)
    if correction == "quanteda":
        # quanteda.textstats (qatd_cpp_keyness, yates_correction): 0.5 only when some expected cell is
        # below 5 (the textbook rule of thumb) and |ad − bc| >= N/2; otherwise no correction
        with np.errstate(divide="ignore", invalid="ignore"):
            small = ((a + b) * (a + c) / n < 5) | ((a + b) * (b + d) / n < 5)
            small |= ((a + c) * (c + d) / n < 5) | ((c + d) * (b + d) / n < 5)
        return np.where(small & (np.abs(a * d - b * c) >= n / 2), 0.5, 0.0)
    return np.zeros_like(a)


def _williams_q(a, b, c, d) -> np.ndarray:
    """Williams' (1976) correction factor for a 2×2 table; 1 when a cell is 0, as quanteda does."""
    n = a + b + c + d
    with np.errstate(divide="ignore", invalid="ignore"):
        q = 1.0 + (n / (a + b) + n / (c + d) - 1.0) * (n / (a + c) + n / (b + d) - 1.0) / (6.0 * n)
    return np.where(a * b * c * d == 0, 1.0, q)


def _log_ratio(a, b, nt, nr) -> np.ndarray:
    """Hardie (2014) Log Ratio: log2((a/nt) / (b/nr)), a zero count replaced by 0.5; NaN if both are 0."""
    with np.errstate(divide="ignore", invalid="ignore"):
        lr = np.log2((np.where(a == 0, 0.5, a) / nt) / (np.where(b == 0, 0.5, b) / nr))
    return np.where((a == 0) & (b == 0), np.nan, lr)


def _keyness(target, reference, correction, features, measure) -> Keyness:
    if correction not in _KEYNESS_CORRECTIONS:
        raise ArgumentError(
            "F601", name="correction", expected=f"one of {', '.join(map(repr, _KEYNESS_CORRECTIONS))}", value=correction
        )
    a, b, c, d, names, nt, nr = _two_by_two(target, reference, features)
    n = a + b + c + d
    sign = np.sign(a * d - b * c)  # a > E(a)  <=>  ad > bc
    delta = _continuity(a, b, c, d, correction) if correction in ("yates", "quanteda") else np.zeros_like(a)
    with np.errstate(divide="ignore", invalid="ignore"):
        if measure == "chi2":
            margins = (a + b) * (c + d) * (a + c) * (b + d)
            stat = n * (np.abs(a * d - b * c) - n * delta) ** 2 / margins
        else:
            # cells moved towards their expectations by delta (margins unchanged), 0·log 0 = 0
            s = np.where(sign > 0, 1.0, -1.0)
            cells = (a - s * delta, b + s * delta, c + s * delta, d - s * delta)
            expected = ((a + b) * (a + c) / n, (a + b) * (b + d) / n, (a + c) * (c + d) / n, (b + d) * (c + d) / n)
            stat = 2.0 * sum(np.where(o > 0, o * np.log(o / e), 0.0) for o, e in zip(cells, expected, strict=True))
        if correction == "williams":
            stat = stat / _williams_q(a, b, c, d)
    stat = np.where(a + b == 0, np.nan, stat)  # a feature seen nowhere: no table, no statistic
    stat = np.abs(stat) * sign + 0.0  # + 0.0 turns -0.0 into 0.0
    p = _chi2_sf_1df(stat)
    return Keyness(
        features=names,
        statistic=_readonly(stat),
        p_value=_readonly(p),
        q_value=_readonly(benjamini_hochberg(p)),
        log_ratio=_readonly(_log_ratio(a, b, nt, nr)),
        n_target=_readonly(a),
        n_reference=_readonly(b),
        total_target=nt,
        total_reference=nr,
        measure=measure,
        correction=correction,
    )


def chi2_keyness(
    target: object,
    reference: object,
    *,
    correction: str = "quanteda",
    features: Sequence[str] | None = None,
) -> Keyness:
    """Signed Pearson χ² keyness per feature (quanteda ``textstat_keyness(measure="chi2")``).

    For each feature a 2×2 table: ``a`` = count in the target, ``b`` = count in the reference,
    ``c = N_target − a``, ``d = N_reference − b``, ``N = a + b + c + d``::

        χ² = N (|ad − bc| − N·δ)² / ((a + b)(c + d)(a + c)(b + d))

    signed positive when ``a`` exceeds its expectation ``(a + b)(a + c)/N`` (i.e. ``ad > bc``), with
    p = P(χ²₁ ≥ |χ²|) = erfc(√(|χ²|/2)) and Benjamini–Hochberg q-values over features. ``target`` and
    ``reference`` are counts per feature (summed over the documents of each side); ``N_target`` and
    ``N_reference`` are their sums, so pass every feature (all categories plus an "other tokens" column if
    the rates should be per token rather than per match).

    Continuity correction δ:

    * ``"quanteda"`` (default): δ = 0.5 only when the smallest expected cell is below 5 and
      ``|ad − bc| >= N/2``, else 0 — what quanteda.textstats computes for ``correction="default"`` and
      ``"yates"`` (compiled ``qatd_cpp_keyness``); parity with ``textstat_keyness``.
    * ``"yates"``: δ = min(0.5, |ad − bc|/N) always — Yates (1934) as R's ``chisq.test(correct=TRUE)`` and
      ``scipy.stats.chi2_contingency(correction=True)`` apply it.
    * ``"williams"``: no continuity correction; χ² divided by Williams' (1976) q (1 when a cell is 0, as
      quanteda does).
    * ``"none"``.

    A feature with count 0 on both sides has no statistic (NaN, not 0). Sampling model: tokens are
    independent multinomial draws (Dunning 1993); clustering of features within documents makes the
    p-values anti-conservative. Test differences in rates with :func:`permutation_test_rate_difference`.
    """
    return _keyness(target, reference, correction, features, "chi2")


def g2_keyness(
    target: object,
    reference: object,
    *,
    correction: str = "quanteda",
    features: Sequence[str] | None = None,
) -> Keyness:
    """Signed log-likelihood G² keyness per feature (quanteda ``textstat_keyness(measure="lr")``).

    Same 2×2 table as :func:`chi2_keyness` (Dunning 1993, "Accurate methods for the statistics of surprise
    and coincidence", *Computational Linguistics* 19(1))::

        G² = 2 Σ O · ln(O / E)      over the four cells, E = row total × column total / N, 0·ln 0 = 0

    signed positive when the feature is over-represented in the target, p from χ² with 1 df, BH q-values.
    Corrections as in :func:`chi2_keyness`: ``"quanteda"`` and ``"yates"`` move the four observed cells
    δ towards their expectations before computing G² (the margins are unchanged); ``"williams"`` divides
    G² by Williams' q; ``"none"``. The default ``"quanteda"`` follows quanteda's compiled code (conditional
    Yates also for ``lr``; its documentation says Williams); quanteda adds 1e-9 inside the logarithm, which
    changes G² by less than 1e-8 relative. ``"yates"`` equals ``scipy.stats.chi2_contingency(...,
    correction=True, lambda_="log-likelihood")``.
    """
    return _keyness(target, reference, correction, features, "G2")


# ----------------------------------------------------------------------------------------------------------
# 3. multiple comparisons


def benjamini_hochberg(pvalues: object) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values), same shape as ``pvalues``.

    Benjamini, Y. & Hochberg, Y. (1995). Controlling the false discovery rate: a practical and powerful
    approach to multiple testing. *JRSS B* 57(1): 289–300. With the ``m`` defined p-values sorted,
    ``p_(1) <= … <= p_(m)``::

        q_(i) = min(1, min_{k >= i} m · p_(k) / k)

    so q is monotone in p, and rejecting ``q <= α`` controls the FDR at α for independent (or positively
    dependent) tests. NaN p-values (undefined tests) stay NaN and do not count in ``m``. The same as
    ``scipy.stats.false_discovery_control(method="bh")`` and R's ``p.adjust(method="BH")``.
    """
    p = np.asarray(pvalues, dtype=float)
    flat = p.ravel()
    ok = ~np.isnan(flat)
    if ((flat[ok] < 0) | (flat[ok] > 1)).any():
        raise StatisticsError(
            "F605", name="pvalues", expected="in [0, 1] (NaN for undefined tests)", problem="some lie outside"
        )
    q = np.full(flat.shape, np.nan)
    vals = flat[ok]
    m = vals.size
    if m:
        order = np.argsort(vals, kind="stable")
        scaled = vals[order] * m / np.arange(1, m + 1)
        adjusted = np.minimum(1.0, np.minimum.accumulate(scaled[::-1])[::-1])
        out = np.empty(m)
        out[order] = adjusted
        q[ok] = out
    return q.reshape(p.shape)


# ----------------------------------------------------------------------------------------------------------
# 4. cluster bootstrap of pooled rates


@dataclass(frozen=True, eq=False, repr=False)
class BootstrapRates:
    """Pooled rates per ``per`` tokens with percentile bootstrap intervals, resampling ``unit`` s.

    ``replicates`` is ``n_boot`` × categories (rates of each resample); ``n_undefined`` replicates drew
    only units without tokens and are left out of the interval. ``zero`` marks categories with no match in
    any unit: their interval is [0, 0] by construction, which says nothing about how rare they are.
    """

    categories: tuple[str, ...]
    estimate: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    replicates: np.ndarray
    zero: np.ndarray
    confidence: float
    n_boot: int
    n_units: int
    n_undefined: int
    unit: str
    per: int
    seed: int | None
    rng_state: dict = field(repr=False)
    method: str = "cluster (unit) bootstrap, percentile interval"

    def to_dict(self) -> dict[str, np.ndarray]:
        return {
            "category": np.array(self.categories, dtype=object),
            "rate": self.estimate,
            "lower": self.lower,
            "upper": self.upper,
        }

    def summary(self) -> str:
        lines = [
            f"Rate per {self.per} tokens, {self.confidence:.0%} {self.method}; {self.n_boot} resamples of "
            f"{self.n_units} {self.unit}s; {_rng_note(self.seed, self.rng_state)}",
        ]
        if self.n_undefined:
            lines.append(f"{self.n_undefined} resample(s) had no tokens and were left out.")
        for i, c in enumerate(self.categories):
            note = "  (no matches: interval degenerate)" if self.zero[i] else ""
            lines.append(f"  {c}: {_fmt(self.estimate[i])} [{_fmt(self.lower[i])}, {_fmt(self.upper[i])}]{note}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"BootstrapRates(categories={len(self.categories)}, n_units={self.n_units}, unit={self.unit!r}, "
            f"n_boot={self.n_boot}, confidence={self.confidence}, seed={self.seed})"
        )


def _rate_inputs(numerators: object, denominators: object, what: str) -> tuple[np.ndarray, np.ndarray]:
    num = _counts(numerators, f"{what} numerators", 2)
    den = _counts(denominators, f"{what} denominators", 1)
    if den.shape[0] != num.shape[0]:
        raise StatisticsError(
            "F606",
            first=f"{what} numerators",
            second="denominators",
            detail=f"{num.shape[0]} rows, {den.shape[0]} token counts",
            fix="one token count per document (row)",
        )
    bad = (den == 0) & (num.sum(axis=1) > 0)
    if bad.any():
        raise StatisticsError(
            "F608",
            statistic=what,
            reason=f"{int(bad.sum())} document(s) have matches but 0 tokens",
            fix="fix the token counts",
        )
    return num, den


def cluster_bootstrap_rates(
    numerators: object,
    denominators: object,
    *,
    n_boot: int = 2000,
    confidence: float = 0.95,
    rng: np.random.Generator | int,
    categories: Sequence[str] | None = None,
    unit: str = "document",
    per: int = PER,
) -> BootstrapRates:
    """Pooled rate per 1,000 tokens per category, with a cluster-bootstrap percentile interval.

    ``numerators`` is documents × categories (match counts), ``denominators`` the tokens of each document.
    The estimate is the ratio of sums (the rate of the pooled text)::

        rate_c = 1000 · Σ_d y_dc / Σ_d n_d

    Sampling model: documents are independent draws from a population of documents; within a document,
    passages and tokens are not independent (one author, one outlet, one topic). Each of ``n_boot``
    replicates draws as many documents as observed, with replacement, keeping each document whole (the
    cluster bootstrap: Davison & Hinkley 1997, *Bootstrap Methods and their Application*, §3.8; Field &
    Welsh 2007, JRSS B 69(3)), and recomputes the pooled rate. The interval is the percentile interval of
    the replicates (Efron & Tibshirani 1993, *An Introduction to the Bootstrap*, §13.3). Resampling
    passages instead of documents ignores the document-level variation and gives intervals that are too
    narrow. With few documents (say < 20) the percentile interval under-covers.

    ``unit`` names what a row is (recorded, not interpreted): pass ``unit="passage"`` only if passages
    really are independent. Raises :class:`~framing.errors.StatisticsError` (a ``ValueError``) with fewer
    than 2 documents (nothing to resample, [F607]) or when no document has any tokens ([F608]).
    """
    num, den = _rate_inputs(numerators, denominators, "cluster_bootstrap_rates")
    n_docs, n_cat = num.shape
    if n_docs < 2:
        raise StatisticsError(
            "F607",
            statistic="cluster_bootstrap_rates",
            needed=f"at least 2 {unit}s to resample (one has no sampling variation)",
            found=f"there {'is' if n_docs == 1 else 'are'} {n_docs}",
            fix="pool more documents or report the rate without an interval",
        )
    if den.sum() == 0:
        raise StatisticsError(
            "F608",
            statistic="cluster_bootstrap_rates",
            reason="all documents have 0 tokens",
            fix="check the token counts",
        )
    n_boot = _check_positive_int(n_boot, "n_boot")
    confidence = _check_confidence(confidence)
    names = _names(categories, n_cat, "category")
    gen, seed, state = _generator(rng)

    estimate = per * num.sum(axis=0) / den.sum()
    sums = _bootstrap_sums(gen, np.column_stack([num, den]), n_boot)
    with np.errstate(divide="ignore", invalid="ignore"):
        reps = per * sums[:, :n_cat] / sums[:, n_cat : n_cat + 1]
    undefined = int((sums[:, n_cat] == 0).sum())
    lower, upper = _percentile_interval(reps, confidence)
    return BootstrapRates(
        categories=names,
        estimate=_readonly(estimate),
        lower=_readonly(lower),
        upper=_readonly(upper),
        replicates=_readonly(reps),
        zero=_readonly(num.sum(axis=0) == 0),
        confidence=confidence,
        n_boot=n_boot,
        n_units=n_docs,
        n_undefined=undefined,
        unit=unit,
        per=per,
        seed=seed,
        rng_state=state,
    )


# ----------------------------------------------------------------------------------------------------------
# 5. permutation test and contrast of two groups' rates


@dataclass(frozen=True, eq=False, repr=False)
class RateDifferenceTest:
    """Two-sided permutation test of the difference in pooled rates, with effect sizes.

    ``difference = rate_a − rate_b`` (per ``per`` tokens) and ``ratio = rate_a / rate_b`` (inf when only
    ``rate_b`` is 0, NaN when both are) are the effect sizes; ``p_value`` the permutation p-value,
    ``q_value`` Benjamini–Hochberg over categories. ``exact`` is True when all relabellings were enumerated
    (then ``n_perm`` is their number).
    """

    categories: tuple[str, ...]
    rate_a: np.ndarray
    rate_b: np.ndarray
    difference: np.ndarray
    ratio: np.ndarray
    p_value: np.ndarray
    q_value: np.ndarray
    n_a: int
    n_b: int
    n_perm: int
    exact: bool
    per: int
    seed: int | None
    rng_state: dict = field(repr=False)
    unit: str = "document"
    alternative: str = "two-sided"
    multiple_comparison: str = "Benjamini-Hochberg over categories"

    @property
    def method(self) -> str:
        how = "exact enumeration" if self.exact else "Monte Carlo, p = (b + 1) / (n_perm + 1)"
        return f"permutation test of document group labels ({how})"

    def to_dict(self) -> dict[str, np.ndarray]:
        return {
            "category": np.array(self.categories, dtype=object),
            "rate_a": self.rate_a,
            "rate_b": self.rate_b,
            "difference": self.difference,
            "ratio": self.ratio,
            "p": self.p_value,
            "q": self.q_value,
        }

    def summary(self) -> str:
        lines = [
            f"{self.method}; {self.n_perm} relabellings of {self.n_a} + {self.n_b} {self.unit}s; "
            f"{self.alternative}; q {self.multiple_comparison}; {_rng_note(self.seed, self.rng_state)}",
        ]
        for i, c in enumerate(self.categories):
            lines.append(
                f"  {c}: {_fmt(self.rate_a[i])} vs {_fmt(self.rate_b[i])} per {self.per} "
                f"(difference {_fmt(self.difference[i])}, ratio {_fmt(self.ratio[i])}), "
                f"p {_fmt(self.p_value[i])}, q {_fmt(self.q_value[i])}"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"RateDifferenceTest(categories={len(self.categories)}, n_a={self.n_a}, n_b={self.n_b}, "
            f"n_perm={self.n_perm}, exact={self.exact}, seed={self.seed})"
        )


def _two_groups(num_a, den_a, num_b, den_b, what: str):
    na, da = _rate_inputs(num_a, den_a, f"{what} (group a)")
    nb, db = _rate_inputs(num_b, den_b, f"{what} (group b)")
    if na.shape[1] != nb.shape[1]:
        raise StatisticsError(
            "F606",
            first=f"{what}: group a",
            second="group b",
            detail=f"{na.shape[1]} and {nb.shape[1]} categories",
            fix="the same categories",
        )
    for name, n, d in (("a", na, da), ("b", nb, db)):
        if n.shape[0] == 0:
            raise StatisticsError(
                "F607",
                statistic=what,
                needed="documents in both groups",
                found=f"group {name} has none",
                fix="pass at least one document per group",
            )
        if d.sum() == 0:
            raise StatisticsError(
                "F608",
                statistic=what,
                reason=f"group {name} has 0 tokens (its rate is 0/0)",
                fix="pass documents with tokens",
            )
    return na, da, nb, db


def _rates_of(mask: np.ndarray, num: np.ndarray, den: np.ndarray, per: int) -> tuple[np.ndarray, np.ndarray]:
    """Pooled rates of the units in ``mask`` (rows: relabellings) and of the others."""
    m = mask.astype(float)
    num_in, den_in = m @ num, m @ den
    num_out, den_out = num.sum(axis=0) - num_in, den.sum() - den_in
    return per * num_in / den_in[:, None], per * num_out / den_out[:, None]


def _means_of(mask: np.ndarray, rates: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Mean per-document rates of the units in ``mask`` (rows: relabellings) and of the others."""
    m = mask.astype(float)
    k_in = m.sum(axis=1)[:, None]
    sum_in = m @ rates
    return sum_in / k_in, (rates.sum(axis=0) - sum_in) / (rates.shape[0] - k_in)


def permutation_test_rate_difference(
    num_a: object,
    den_a: object,
    num_b: object,
    den_b: object,
    *,
    n_perm: int = 2000,
    rng: np.random.Generator | int,
    categories: Sequence[str] | None = None,
    per: int = PER,
    statistic: str = "pooled",
) -> RateDifferenceTest:
    """Two-sided permutation test for the difference in pooled rates of two groups of documents.

    ``num_a`` (documents × categories) and ``den_a`` (tokens per document) describe group a, likewise b.
    Statistic, per category: ``T = rate_a − rate_b`` with ``rate = 1000 · Σ y / Σ n`` over the documents
    of a group. Null hypothesis: the group labels are exchangeable across documents (documents of the two
    groups come from the same population). The labels are permuted across documents, never across passages
    or tokens, because passages of one document are not independent.

    ``p = (b + 1) / (n_perm + 1)``, ``b`` = number of random relabellings with ``|T*| >= |T|`` (Phipson &
    Smyth 2010, "Permutation p-values should never be zero", *Stat. Appl. Genet. Mol. Biol.* 9(1)): never 0,
    and ``P(p <= α) <= α`` under the null. When the number of distinct relabellings ``C(n_a + n_b, n_a)``
    is at most ``n_perm`` they are all enumerated and ``p = #{|T*| >= |T|} / C`` exactly (the observed
    labelling is one of them). The same relabellings serve all categories (vectorised); q-values are
    Benjamini–Hochberg over categories. Documents must have at least one token.

    ``statistic="mean"`` permutes the difference of the groups' **mean per-document rates** instead. With
    documents of very different lengths in the two groups, the pooled statistic also responds to the
    lengths (one match in a short group is a high pooled rate that no relabelling mixing in long documents
    reaches), so a frame used once can look "significant"; the mean of document rates does not reward
    length. The reported rates, difference and ratio stay pooled in both cases.

    Effect sizes: ``difference`` (rate points per 1,000 tokens) and ``ratio`` = rate_a / rate_b; for
    intervals see :func:`bootstrap_rate_contrast`.
    """
    if statistic not in ("pooled", "mean"):
        raise ArgumentError("F601", name="statistic", expected="'pooled' or 'mean'", value=statistic)
    na, da, nb, db = _two_groups(num_a, den_a, num_b, den_b, "permutation_test_rate_difference")
    if (da == 0).any() or (db == 0).any():
        raise StatisticsError(
            "F605",
            name="the token counts of permutation_test_rate_difference (den_a, den_b)",
            expected="positive",
            problem="some documents have 0 tokens: drop them (they carry no evidence and can leave a relabelled "
            "group without tokens)",
        )
    n_perm = _check_positive_int(n_perm, "n_perm")
    names = _names(categories, na.shape[1], "category")
    gen, seed, state = _generator(rng)
    num, den = np.vstack([na, nb]), np.concatenate([da, db])
    n_a, n = na.shape[0], na.shape[0] + nb.shape[0]

    observed_mask = np.zeros((1, n), dtype=bool)
    observed_mask[0, :n_a] = True
    ra, rb = _rates_of(observed_mask, num, den, per)
    observed = (ra - rb)[0]
    doc_rates = per * num / den[:, None]

    def stat(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        return _rates_of(mask, num, den, per) if statistic == "pooled" else _means_of(mask, doc_rates)

    sa, sb = stat(observed_mask)
    threshold = np.abs((sa - sb)[0]) * (1.0 - _TIE_RTOL)

    total = math.comb(n, n_a)
    exact = total <= n_perm
    extreme = np.zeros(num.shape[1])
    if exact:
        combos = itertools.combinations(range(n), n_a)
        chunk = max(1, _CHUNK_ELEMENTS // n)
        while batch := list(itertools.islice(combos, chunk)):
            mask = np.zeros((len(batch), n), dtype=bool)
            mask[np.repeat(np.arange(len(batch)), n_a), np.array(batch).ravel()] = True
            pa, pb = stat(mask)
            extreme += (np.abs(pa - pb) >= threshold).sum(axis=0)
        p = extreme / total
        count = total
    else:
        chunk = max(1, _CHUNK_ELEMENTS // n)
        done = 0
        while done < n_perm:
            size = min(chunk, n_perm - done)
            ranks = gen.permuted(np.broadcast_to(np.arange(n), (size, n)), axis=1)
            pa, pb = stat(ranks < n_a)
            extreme += (np.abs(pa - pb) >= threshold).sum(axis=0)
            done += size
        p = (extreme + 1.0) / (n_perm + 1.0)
        count = n_perm
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = ra[0] / rb[0]
    return RateDifferenceTest(
        categories=names,
        rate_a=_readonly(ra[0]),
        rate_b=_readonly(rb[0]),
        difference=_readonly(observed),
        ratio=_readonly(ratio),
        p_value=_readonly(p),
        q_value=_readonly(benjamini_hochberg(p)),
        n_a=n_a,
        n_b=n - n_a,
        n_perm=count,
        exact=exact,
        per=per,
        seed=seed,
        rng_state=state,
    )


@dataclass(frozen=True, eq=False, repr=False)
class RateContrast:
    """Difference and ratio of two groups' pooled rates with stratified cluster-bootstrap intervals."""

    categories: tuple[str, ...]
    difference: np.ndarray
    difference_lower: np.ndarray
    difference_upper: np.ndarray
    ratio: np.ndarray
    ratio_lower: np.ndarray
    ratio_upper: np.ndarray
    confidence: float
    n_boot: int
    n_a: int
    n_b: int
    per: int
    seed: int | None
    rng_state: dict = field(repr=False)
    unit: str = "document"
    method: str = "stratified cluster bootstrap (documents within each group), percentile interval"

    def to_dict(self) -> dict[str, np.ndarray]:
        return {
            "category": np.array(self.categories, dtype=object),
            "difference": self.difference,
            "difference_lower": self.difference_lower,
            "difference_upper": self.difference_upper,
            "ratio": self.ratio,
            "ratio_lower": self.ratio_lower,
            "ratio_upper": self.ratio_upper,
        }

    def summary(self) -> str:
        lines = [
            f"{self.confidence:.0%} {self.method}; {self.n_boot} resamples of {self.n_a} + {self.n_b} "
            f"{self.unit}s; {_rng_note(self.seed, self.rng_state)}"
        ]
        for i, c in enumerate(self.categories):
            lines.append(
                f"  {c}: difference {_fmt(self.difference[i])} [{_fmt(self.difference_lower[i])}, "
                f"{_fmt(self.difference_upper[i])}] per {self.per}, ratio {_fmt(self.ratio[i])} "
                f"[{_fmt(self.ratio_lower[i])}, {_fmt(self.ratio_upper[i])}]"
            )
        return "\n".join(lines)

    def __repr__(self) -> str:
        return f"RateContrast(categories={len(self.categories)}, n_a={self.n_a}, n_b={self.n_b}, n_boot={self.n_boot})"


def bootstrap_rate_contrast(
    num_a: object,
    den_a: object,
    num_b: object,
    den_b: object,
    *,
    n_boot: int = 2000,
    confidence: float = 0.95,
    rng: np.random.Generator | int,
    categories: Sequence[str] | None = None,
    per: int = PER,
) -> RateContrast:
    """Intervals for ``rate_a − rate_b`` and ``rate_a / rate_b``, resampling documents within each group.

    Each replicate resamples the documents of group a and, independently, those of group b, with
    replacement and whole (stratified cluster bootstrap: Davison & Hinkley 1997, §3.8), and recomputes both
    pooled rates; intervals are percentile intervals (Efron & Tibshirani 1993, §13.3). The ratio interval
    leaves out replicates where it is undefined (rate_b = 0). Sampling model: documents independent within
    and between groups. The interval of the difference complements the p-value of
    :func:`permutation_test_rate_difference`; they answer different questions (size vs. evidence) and need
    not agree exactly at the boundary.
    """
    na, da, nb, db = _two_groups(num_a, den_a, num_b, den_b, "bootstrap_rate_contrast")
    if na.shape[0] < 2 or nb.shape[0] < 2:
        raise StatisticsError(
            "F607",
            statistic="bootstrap_rate_contrast",
            needed="at least 2 documents in each group to resample",
            found=f"group a has {na.shape[0]} and group b {nb.shape[0]}",
            fix="pool more documents or report the difference without an interval",
        )
    n_boot = _check_positive_int(n_boot, "n_boot")
    confidence = _check_confidence(confidence)
    names = _names(categories, na.shape[1], "category")
    gen, seed, state = _generator(rng)
    k = na.shape[1]
    sa = _bootstrap_sums(gen, np.column_stack([na, da]), n_boot)
    sb = _bootstrap_sums(gen, np.column_stack([nb, db]), n_boot)
    with np.errstate(divide="ignore", invalid="ignore"):
        ra, rb = per * sa[:, :k] / sa[:, k : k + 1], per * sb[:, :k] / sb[:, k : k + 1]
        diff, ratio = ra - rb, ra / rb
        ratio[~np.isfinite(ratio)] = np.nan
        rate_a, rate_b = per * na.sum(axis=0) / da.sum(), per * nb.sum(axis=0) / db.sum()
        point_ratio = rate_a / rate_b
    dl, du = _percentile_interval(diff, confidence)
    all_nan = np.isnan(ratio).all(axis=0)
    safe = np.where(all_nan[None, :], 0.0, ratio)
    rl, ru = _percentile_interval(safe, confidence)
    rl[all_nan] = ru[all_nan] = np.nan
    return RateContrast(
        categories=names,
        difference=_readonly(rate_a - rate_b),
        difference_lower=_readonly(dl),
        difference_upper=_readonly(du),
        ratio=_readonly(point_ratio),
        ratio_lower=_readonly(rl),
        ratio_upper=_readonly(ru),
        confidence=confidence,
        n_boot=n_boot,
        n_a=na.shape[0],
        n_b=nb.shape[0],
        per=per,
        seed=seed,
        rng_state=state,
    )


# ----------------------------------------------------------------------------------------------------------
# 6. Jensen–Shannon distance between category profiles


def _js_rows(p: np.ndarray, q: np.ndarray, base: float) -> np.ndarray:
    """Jensen–Shannon distance between the rows of ``p`` and ``q`` (non-negative, normalised here)."""
    p = p / p.sum(axis=-1, keepdims=True)
    q = q / q.sum(axis=-1, keepdims=True)
    m = (p + q) / 2.0
    with np.errstate(divide="ignore", invalid="ignore"):
        kl_p = np.where(p > 0, p * np.log(p / m), 0.0).sum(axis=-1)
        kl_q = np.where(q > 0, q * np.log(q / m), 0.0).sum(axis=-1)
    js = (kl_p + kl_q) / (2.0 * math.log(base))
    return np.sqrt(np.maximum(js, 0.0))  # rounding can give -1e-17


def jensen_shannon_distance(p: object, q: object, base: float = 2) -> float:
    """Jensen–Shannon distance between two category profiles (counts or proportions).

    Lin, J. (1991). Divergence measures based on the Shannon entropy. *IEEE Trans. Inf. Theory* 37(1);
    Endres & Schindelin (2003) show its square root is a metric. With ``p`` and ``q`` normalised to sum 1
    and ``m = (p + q)/2``::

        JSD(p, q) = √( ½ KL(p ‖ m) + ½ KL(q ‖ m) ),   KL(p ‖ m) = Σ p_i log_base(p_i / m_i),  0·log 0 = 0

    In [0, 1] for ``base=2``. Zero entries are safe; an all-zero profile has no distribution and raises.
    The same as ``scipy.spatial.distance.jensenshannon(p, q, base)`` (whose default base is e).
    """
    pa, qa = _counts(p, "p", 1), _counts(q, "q", 1)
    if pa.shape != qa.shape:
        raise StatisticsError(
            "F606",
            first="p",
            second="q",
            detail=f"{pa.size} and {qa.size} categories",
            fix="profiles over the same categories",
        )
    if pa.sum() == 0 or qa.sum() == 0:
        raise StatisticsError(
            "F608",
            statistic="jensen_shannon_distance",
            reason="a profile sums to 0 (no matches at all), so it has no distribution",
            fix="leave out the empty profile",
        )
    if not (base > 0 and base != 1):
        raise ArgumentError("F601", name="base", expected="positive and not 1 (2 for bits)", value=base)
    return float(_js_rows(pa, qa, float(base)))


@dataclass(frozen=True, eq=False, repr=False)
class JensenShannon:
    """Jensen–Shannon distance of two groups' category profiles, with a cluster-bootstrap interval.

    The plug-in distance is biased upwards in small samples (sampling noise alone makes two profiles look
    different), so an interval that excludes 0 is no test of a difference; ``replicates`` keeps the
    resampled distances.
    """

    categories: tuple[str, ...]
    estimate: float
    lower: float
    upper: float
    replicates: np.ndarray
    base: float
    confidence: float
    n_boot: int
    n_a: int
    n_b: int
    seed: int | None
    rng_state: dict = field(repr=False)
    unit: str = "document"
    method: str = "stratified cluster bootstrap (documents within each group), percentile interval"

    def summary(self) -> str:
        return (
            f"Jensen-Shannon distance (base {self.base:g}) {_fmt(self.estimate)}, {self.confidence:.0%} interval "
            f"[{_fmt(self.lower)}, {_fmt(self.upper)}]; {self.method}; {self.n_boot} resamples of {self.n_a} + "
            f"{self.n_b} {self.unit}s; {_rng_note(self.seed, self.rng_state)}"
        )

    def __repr__(self) -> str:
        return (
            f"JensenShannon(estimate={self.estimate:.4g}, lower={self.lower:.4g}, upper={self.upper:.4g}, "
            f"n_boot={self.n_boot})"
        )


def bootstrap_jensen_shannon(
    counts_a: object,
    counts_b: object,
    *,
    base: float = 2,
    n_boot: int = 2000,
    confidence: float = 0.95,
    rng: np.random.Generator | int,
    categories: Sequence[str] | None = None,
) -> JensenShannon:
    """Jensen–Shannon distance between the pooled category profiles of two groups of documents, with a
    percentile interval from resampling documents within each group.

    ``counts_a`` and ``counts_b`` are documents × categories match counts; a group's profile is its column
    sums, normalised. Each replicate resamples the documents of each group with replacement (stratified
    cluster bootstrap, Davison & Hinkley 1997 §3.8) and recomputes the distance (see
    :func:`jensen_shannon_distance`); replicates where a profile is empty are left out. Sampling model:
    documents independent. The plug-in distance is biased upwards, most with few matches.
    """
    a, b = _counts(counts_a, "counts_a", 2), _counts(counts_b, "counts_b", 2)
    if a.shape[1] != b.shape[1]:
        raise StatisticsError(
            "F606",
            first="counts_a",
            second="counts_b",
            detail=f"{a.shape[1]} and {b.shape[1]} categories",
            fix="the same categories (columns)",
        )
    if a.shape[0] < 2 or b.shape[0] < 2:
        raise StatisticsError(
            "F607",
            statistic="bootstrap_jensen_shannon",
            needed="at least 2 documents in each group to resample",
            found=f"counts_a has {a.shape[0]} and counts_b {b.shape[0]} (rows)",
            fix="pool more documents or report the distance without an interval",
        )
    n_boot = _check_positive_int(n_boot, "n_boot")
    confidence = _check_confidence(confidence)
    names = _names(categories, a.shape[1], "category")
    estimate = jensen_shannon_distance(a.sum(axis=0), b.sum(axis=0), base)
    gen, seed, state = _generator(rng)
    sa, sb = _bootstrap_sums(gen, a, n_boot), _bootstrap_sums(gen, b, n_boot)
    ok = (sa.sum(axis=1) > 0) & (sb.sum(axis=1) > 0)
    reps = np.full(n_boot, np.nan)
    reps[ok] = _js_rows(sa[ok], sb[ok], float(base))
    lower, upper = _percentile_interval(reps[:, None], confidence)
    return JensenShannon(
        categories=names,
        estimate=estimate,
        lower=float(lower[0]),
        upper=float(upper[0]),
        replicates=_readonly(reps),
        base=float(base),
        confidence=confidence,
        n_boot=n_boot,
        n_a=a.shape[0],
        n_b=b.shape[0],
        seed=seed,
        rng_state=state,
    )


# ----------------------------------------------------------------------------------------------------------
# 7. validation against gold, and agreement between coders


def _binary(x: object, name: str) -> np.ndarray:
    a = np.asarray(x)
    if a.ndim == 1:
        a = a[:, None]
    if a.ndim != 2:
        raise StatisticsError(
            "F605", name=name, expected="a units × categories 0/1 matrix", problem=f"it has shape {a.shape}"
        )
    if a.size and not np.isin(a, (0, 1)).all():
        raise StatisticsError(
            "F605", name=name, expected="0/1 (or False/True)", problem="it has other values: threshold scores first"
        )
    return a.astype(bool)


@dataclass(frozen=True, eq=False, repr=False)
class ConfusionCounts:
    """Per category: true positives, false positives, false negatives, true negatives (units)."""

    categories: tuple[str, ...]
    tp: np.ndarray
    fp: np.ndarray
    fn: np.ndarray
    tn: np.ndarray

    def to_dict(self) -> dict[str, np.ndarray]:
        return {
            "category": np.array(self.categories, dtype=object),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
        }

    def __repr__(self) -> str:
        units = int(self.tp[0] + self.fp[0] + self.fn[0] + self.tn[0]) if len(self.tp) else 0
        return f"ConfusionCounts(categories={len(self.categories)}, units={units})"


def confusion_counts(gold: object, pred: object, *, categories: Sequence[str] | None = None) -> ConfusionCounts:
    """Confusion counts per category of two units × categories 0/1 matrices (multi-label: each category is
    its own binary decision; a 1-D input is one category)."""
    g, p = _binary(gold, "gold"), _binary(pred, "pred")
    if g.shape != p.shape:
        raise StatisticsError(
            "F606",
            first="gold",
            second="pred",
            detail=f"shapes {g.shape} and {p.shape}",
            fix="the same units and categories",
        )
    names = _names(categories, g.shape[1], "category")

    def count(mask: np.ndarray) -> np.ndarray:
        return _readonly(mask.sum(axis=0).astype(int))

    return ConfusionCounts(names, count(g & p), count(~g & p), count(g & ~p), count(~g & ~p))


@dataclass(frozen=True, eq=False, repr=False)
class ClassificationScores:
    """Precision, recall and F1 per category, with micro and macro averages.

    Undefined values are NaN, not 0 or 1: precision when nothing was predicted, recall when there is no
    gold positive, F1 when there is neither (tp + fp + fn = 0). Macro averages are unweighted means over
    the categories where the value is defined; micro averages pool the counts of all categories.
    """

    categories: tuple[str, ...]
    precision: np.ndarray
    recall: np.ndarray
    f1: np.ndarray
    support: np.ndarray
    counts: ConfusionCounts
    micro_precision: float
    micro_recall: float
    micro_f1: float
    macro_precision: float
    macro_recall: float
    macro_f1: float

    def to_dict(self) -> dict[str, np.ndarray]:
        return {
            "category": np.array(self.categories, dtype=object),
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
            "support": self.support,
        }

    def summary(self) -> str:
        lines = [f"{'category':20s} precision  recall      F1  support"]
        for i, c in enumerate(self.categories):
            lines.append(
                f"{c:20s} {_fmt(self.precision[i]):>9s} {_fmt(self.recall[i]):>7s} {_fmt(self.f1[i]):>7s} "
                f"{self.support[i]:8d}"
            )
        for avg in ("micro", "macro"):
            p, r, f = (getattr(self, f"{avg}_{m}") for m in ("precision", "recall", "f1"))
            lines.append(f"{avg + ' average':20s} {_fmt(p):>9s} {_fmt(r):>7s} {_fmt(f):>7s}")
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"ClassificationScores(categories={len(self.categories)}, micro_f1={self.micro_f1:.4g}, "
            f"macro_f1={self.macro_f1:.4g})"
        )


def _ratio(num: np.ndarray, den: np.ndarray) -> np.ndarray:
    num, den = np.asarray(num, dtype=float), np.asarray(den, dtype=float)
    return np.divide(num, den, out=np.full(np.broadcast(num, den).shape, np.nan), where=den > 0)


def _nanmean(x: np.ndarray) -> float:
    ok = ~np.isnan(x)
    return float(x[ok].mean()) if ok.any() else math.nan


def precision_recall_f1(gold: object, pred: object, *, categories: Sequence[str] | None = None) -> ClassificationScores:
    """Precision, recall and F1 per category of a multi-label prediction, plus micro and macro averages.

    ``gold`` and ``pred`` are units × categories 0/1 matrices (e.g. passages × frame categories: hand-coded
    against lexicon matches). Per category ``precision = tp / (tp + fp)``, ``recall = tp / (tp + fn)``,
    ``F1 = 2 tp / (2 tp + fp + fn)`` (the harmonic mean of precision and recall, van Rijsbergen 1979);
    micro averages apply the same formulas to counts summed over categories, macro averages are unweighted
    means of the per-category values (Sokolova & Lapalme 2009, "A systematic analysis of performance
    measures for classification tasks", *Inf. Process. Manage.* 45(4)). Undefined values are NaN and left
    out of macro averages, as scikit-learn's ``precision_recall_fscore_support(zero_division=np.nan)``.
    Units are treated as independent; for intervals bootstrap documents, not passages.
    """
    counts = confusion_counts(gold, pred, categories=categories)
    tp, fp, fn = counts.tp, counts.fp, counts.fn
    precision, recall = _ratio(tp, tp + fp), _ratio(tp, tp + fn)
    f1 = _ratio(2 * tp, 2 * tp + fp + fn)
    all_tp, all_fp, all_fn = tp.sum(), fp.sum(), fn.sum()
    return ClassificationScores(
        categories=counts.categories,
        precision=_readonly(precision),
        recall=_readonly(recall),
        f1=_readonly(f1),
        support=_readonly(tp + fn),
        counts=counts,
        micro_precision=float(_ratio(all_tp, all_tp + all_fp)),
        micro_recall=float(_ratio(all_tp, all_tp + all_fn)),
        micro_f1=float(_ratio(2 * all_tp, 2 * all_tp + all_fp + all_fn)),
        macro_precision=_nanmean(precision),
        macro_recall=_nanmean(recall),
        macro_f1=_nanmean(f1),
    )


@dataclass(frozen=True, eq=False, repr=False)
class Agreement:
    """A chance-corrected agreement coefficient: ``value = 1 − observed / expected disagreement``.

    For Cohen's κ the disagreements are ``1 − p_o`` and ``1 − p_e``; for Krippendorff's α they are
    ``D_o`` and ``D_e`` under the metric of ``level``. ``n_units`` units entered (for α: units with at least
    two values), ``n_values`` values were pairable. ``float(result)`` is the coefficient.
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
    :func:`krippendorff_alpha`. Raises when ``p_e = 1`` (both coders used one and the same label: κ is
    0/0, undefined).
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
    Raises when fewer than two values are pairable or when all pairable values are equal (D_e = 0: α is
    undefined).
    """
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
    n_c = o.sum(axis=1)
    n = n_c.sum()

    if level == "nominal":
        d2 = 1.0 - np.eye(values.size)
    elif level == "interval":
        d2 = (values[:, None] - values[None, :]) ** 2
    elif level == "ratio":
        s = values[:, None] + values[None, :]
        d2 = np.divide((values[:, None] - values[None, :]) ** 2, s**2, out=np.zeros_like(s), where=s > 0)
    else:  # ordinal: values are sorted by np.unique
        cum = np.concatenate([[0.0], np.cumsum(n_c)])
        i, k = np.meshgrid(np.arange(values.size), np.arange(values.size), indexing="ij")
        lo, hi = np.minimum(i, k), np.maximum(i, k)
        d2 = (cum[hi + 1] - cum[lo] - (n_c[i] + n_c[k]) / 2.0) ** 2

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
        n_units=int(pairable.sum()),
        n_values=int(np.rint(n)),
        method="Krippendorff's alpha (Krippendorff 2011)",
        level=level,
    )
