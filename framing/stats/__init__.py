"""Statistics for comparing framing: which categories an actor uses more, how sure we are, and how well coders agree.

Pure functions on numpy arrays (no pandas; scipy only for the t and Gamma quantiles): counts in, frozen result
objects out. Every result
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
* **Document-level analytic intervals** (:func:`rate_intervals`, :func:`rate_contrast_intervals`, the ones
  :mod:`framing.compare` reports) treat documents as the independent units too, through cluster-robust
  variances with small-sample degrees of freedom, and need no draws: their coverage at 5–100 documents is
  measured by ``make validate-stats`` (the README quotes it). The percentile bootstrap under-covers with
  few documents (74 % at 5, 84 % at 10 in that simulation); it stays here for comparison and for the
  distances.

Randomness comes only from the ``rng`` argument: an ``int`` seed or a :class:`numpy.random.Generator`
(``np.random.default_rng(seed)``). There is no default: a statistic that depends on random draws must say
which draws. Results record the seed (when an ``int`` was given) and the generator state before the first
draw, from which the exact draws can be replayed.

Rates are per 1,000 tokens (``per=1000``, :data:`PER`) throughout, like ``rate_per_1000`` in
:mod:`framing.compare`.

The room's modules, by topic: ``logodds`` (weighted log-odds with a Dirichlet prior), ``keyness`` (signed
χ² and G² keyness, Benjamini–Hochberg), ``rates`` (pooled rates and two groups' contrast, cluster
bootstrap), ``intervals`` (the analytic intervals and the exact Poisson bounds), ``proportions`` (a share
of matches with a logit interval), ``permutation``
(permutation tests of a rate difference: studentized, with shared documents and Monte Carlo errors),
``distances`` (Jensen–Shannon, with a bootstrap interval and a permutation null),
``classification`` (confusion counts, precision, recall, F1: the package's one convention for undefined
scores, also as :class:`PrecisionRecall` for counts; bootstrap intervals of P/R/F1) and ``agreement``
(Cohen's κ, Krippendorff's α); ``checks`` and ``resampling`` hold the input checks and the resampling
machinery they share.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..lazy import attach

if TYPE_CHECKING:
    from .agreement import Agreement, cohen_kappa, krippendorff_alpha
    from .classification import (
        ClassificationIntervals,
        ClassificationScores,
        ConfusionCounts,
        PrecisionRecall,
        bootstrap_precision_recall,
        confusion_counts,
        precision_recall_f1,
    )
    from .distances import (
        JensenShannon,
        JensenShannonTest,
        bootstrap_jensen_shannon,
        jensen_shannon_distance,
        permutation_test_jensen_shannon,
    )
    from .intervals import (
        RateContrastIntervals,
        RateIntervals,
        poisson_interval,
        rate_contrast_intervals,
        rate_intervals,
    )
    from .keyness import Keyness, benjamini_hochberg, chi2_keyness, g2_keyness
    from .logodds import LogOdds, log_odds_dirichlet
    from .permutation import RateDifferenceTest, permutation_test_rate_difference
    from .proportions import proportion_intervals
    from .rates import PER, BootstrapRates, RateContrast, bootstrap_rate_contrast, cluster_bootstrap_rates

__all__ = [
    "PER",
    "Agreement",
    "BootstrapRates",
    "ClassificationIntervals",
    "ClassificationScores",
    "ConfusionCounts",
    "JensenShannon",
    "JensenShannonTest",
    "Keyness",
    "LogOdds",
    "PrecisionRecall",
    "RateContrast",
    "RateContrastIntervals",
    "RateDifferenceTest",
    "RateIntervals",
    "benjamini_hochberg",
    "bootstrap_jensen_shannon",
    "bootstrap_precision_recall",
    "bootstrap_rate_contrast",
    "chi2_keyness",
    "cluster_bootstrap_rates",
    "cohen_kappa",
    "confusion_counts",
    "g2_keyness",
    "jensen_shannon_distance",
    "krippendorff_alpha",
    "log_odds_dirichlet",
    "permutation_test_jensen_shannon",
    "permutation_test_rate_difference",
    "poisson_interval",
    "precision_recall_f1",
    "proportion_intervals",
    "rate_contrast_intervals",
    "rate_intervals",
]

__getattr__, __dir__ = attach(
    __name__,
    {
        "logodds": ("LogOdds", "log_odds_dirichlet"),
        "keyness": ("Keyness", "benjamini_hochberg", "chi2_keyness", "g2_keyness"),
        "rates": ("PER", "BootstrapRates", "RateContrast", "bootstrap_rate_contrast", "cluster_bootstrap_rates"),
        "permutation": ("RateDifferenceTest", "permutation_test_rate_difference"),
        "distances": (
            "JensenShannon",
            "JensenShannonTest",
            "bootstrap_jensen_shannon",
            "jensen_shannon_distance",
            "permutation_test_jensen_shannon",
        ),
        "intervals": (
            "RateContrastIntervals",
            "RateIntervals",
            "poisson_interval",
            "rate_contrast_intervals",
            "rate_intervals",
        ),
        "proportions": ("proportion_intervals",),
        "classification": (
            "ClassificationIntervals",
            "ClassificationScores",
            "ConfusionCounts",
            "PrecisionRecall",
            "bootstrap_precision_recall",
            "confusion_counts",
            "precision_recall_f1",
        ),
        "agreement": ("Agreement", "cohen_kappa", "krippendorff_alpha"),
    },
)
