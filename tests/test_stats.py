"""framing.stats against independent references: loop implementations, scipy, scikit-learn, published values,
and simulations with a known truth (coverage of bootstrap intervals, validity of permutation p-values)."""

import itertools
import math

import numpy as np
import pytest
from scipy.spatial.distance import jensenshannon
from scipy.stats import chi2_contingency, false_discovery_control
from sklearn.metrics import cohen_kappa_score, precision_recall_fscore_support

from framing.errors import StatisticsError
from framing.stats import (
    Agreement,
    BootstrapRates,
    Keyness,
    LogOdds,
    PrecisionRecall,
    benjamini_hochberg,
    bootstrap_jensen_shannon,
    bootstrap_rate_contrast,
    chi2_keyness,
    cluster_bootstrap_rates,
    cohen_kappa,
    confusion_counts,
    g2_keyness,
    jensen_shannon_distance,
    krippendorff_alpha,
    log_odds_dirichlet,
    permutation_test_rate_difference,
    precision_recall_f1,
)

# ------------------------------------------------------------------------------------------------------------
# 1. log-odds with a Dirichlet prior

# three actors × four categories (hand table)
HAND = np.array(
    [
        [12, 3, 0, 25],
        [4, 9, 6, 31],
        [1, 1, 10, 20],
    ],
    dtype=float,
)


def reference_log_odds(y, alpha, pairs):
    """Monroe et al. (2008) eqs. 16-22, one feature at a time, with plain Python floats."""
    a0 = sum(alpha)
    out = []
    for first, second in pairs:
        n1, n2 = sum(first), sum(second)
        rows = []
        for w in range(len(alpha)):
            o1 = math.log((first[w] + alpha[w]) / (n1 + a0 - first[w] - alpha[w]))
            o2 = math.log((second[w] + alpha[w]) / (n2 + a0 - second[w] - alpha[w]))
            var = 1 / (first[w] + alpha[w]) + 1 / (second[w] + alpha[w])
            rows.append((o1 - o2, var, (o1 - o2) / math.sqrt(var)))
        out.append(rows)
    return np.array(out)  # comparisons × features × (delta, variance, z)


def hand_pairs(y, comparison):
    y = [list(map(float, row)) for row in y]
    if comparison == "pairs":
        return [(y[i], y[j]) for i, j in itertools.combinations(range(len(y)), 2)]
    return [(y[i], [sum(y[k][w] for k in range(len(y)) if k != i) for w in range(len(y[0]))]) for i in range(len(y))]


@pytest.mark.parametrize("comparison", ["one-vs-rest", "pairs"])
@pytest.mark.parametrize(
    ("prior", "alpha0", "alpha"),
    [
        ("pooled", None, [17.0, 13.0, 16.0, 76.0]),  # column totals of HAND
        ("pooled", 10.0, [17 * 10 / 122, 13 * 10 / 122, 16 * 10 / 122, 76 * 10 / 122]),
        (0.5, None, [0.5] * 4),
        ([100.0, 50.0, 50.0, 800.0], None, [100.0, 50.0, 50.0, 800.0]),
        ([100.0, 50.0, 50.0, 800.0], 4.0, [0.4, 0.2, 0.2, 3.2]),
    ],
)
def test_log_odds_matches_loop_reference(comparison, prior, alpha0, alpha):
    result = log_odds_dirichlet(HAND, prior=prior, alpha0=alpha0, compare=comparison)
    expected = reference_log_odds(HAND, alpha, hand_pairs(HAND, comparison))
    np.testing.assert_allclose(result.alpha, alpha, rtol=1e-12)
    assert result.alpha0 == pytest.approx(sum(alpha))
    np.testing.assert_allclose(result.delta, expected[..., 0], rtol=1e-10)
    np.testing.assert_allclose(result.variance, expected[..., 1], rtol=1e-10)
    np.testing.assert_allclose(result.z, expected[..., 2], rtol=1e-10)


def test_log_odds_with_tiny_uniform_prior_is_the_plain_log_odds_ratio():
    y = np.array([[30, 5, 65], [10, 20, 70]], dtype=float)
    result = log_odds_dirichlet(y, prior=1e-9, compare="pairs")
    n1, n2 = y.sum(axis=1)
    plain = np.log(y[0] / (n1 - y[0])) - np.log(y[1] / (n2 - y[1]))
    np.testing.assert_allclose(result.delta[0], plain, rtol=1e-7)
    np.testing.assert_allclose(result.variance[0], 1 / y[0] + 1 / y[1], rtol=1e-7)


def test_log_odds_names_signs_and_two_group_symmetry():
    y = np.array([[30, 5, 65], [10, 20, 70]], dtype=float)
    rest = log_odds_dirichlet(y, groups=["putin", "zelensky"], features=["threat", "peace", "other"])
    pairs = log_odds_dirichlet(y, compare="pairs", groups=["putin", "zelensky"])
    assert isinstance(rest, LogOdds)
    assert rest.comparisons == (("putin", "rest"), ("zelensky", "rest"))
    assert pairs.comparisons == (("putin", "zelensky"),)
    # with two groups, "a vs rest" is "a vs b", and "b vs rest" its mirror image
    np.testing.assert_allclose(rest.z[0], pairs.z[0])
    np.testing.assert_allclose(rest.z[1], -pairs.z[0])
    assert rest.z[0, 0] > 0 > rest.z[0, 1]  # putin: more "threat", less "peace"
    cols = rest.to_dict()
    assert list(cols["feature"][:3]) == ["threat", "peace", "other"] and len(cols["z"]) == 6
    assert "putin vs rest" in rest.summary()
    with pytest.raises(ValueError):
        rest.z[0, 0] = 1.0  # results are read-only


def test_log_odds_undefined_feature_is_nan_not_zero():
    y = np.array([[3, 0, 7], [2, 0, 8]], dtype=float)  # feature 1 never occurs: pooled prior gives it no mass
    result = log_odds_dirichlet(y)
    assert np.isnan(result.z[:, 1]).all() and np.isfinite(result.z[:, [0, 2]]).all()
    assert "undefined" in result.summary()


def test_log_odds_rejects_bad_input():
    with pytest.raises(ValueError, match="at least two groups"):
        log_odds_dirichlet([[1, 2, 3]])
    with pytest.raises(ValueError, match="no counts"):
        log_odds_dirichlet([[1, 2], [0, 0]])
    with pytest.raises(ValueError, match="negative"):
        log_odds_dirichlet([[1, -2], [3, 4]])
    with pytest.raises(ValueError, match="leave alpha0=None"):
        log_odds_dirichlet(HAND, prior=0.1, alpha0=5)
    with pytest.raises(StatisticsError, match=r"\[F606\].*one background count per feature"):
        log_odds_dirichlet(HAND, prior=[1.0, 2.0])
    with pytest.raises(ValueError, match="compare"):
        log_odds_dirichlet(HAND, compare="all")


# ------------------------------------------------------------------------------------------------------------
# 2. keyness

TARGET = np.array([40, 3, 0, 7, 120, 2, 0], dtype=float)
REFERENCE = np.array([10, 9, 5, 30, 800, 2, 0], dtype=float)  # last feature: seen nowhere


def scipy_keyness(target, reference, correction, lambda_=None):
    nt, nr = target.sum(), reference.sum()
    out = []
    for a, b in zip(target, reference, strict=True):
        if a + b == 0:
            out.append((math.nan, math.nan))
            continue
        table = np.array([[a, b], [nt - a, nr - b]])
        res = chi2_contingency(table, correction=correction, lambda_=lambda_)
        sign = 1.0 if a > res.expected_freq[0, 0] else -1.0
        out.append((sign * res.statistic, res.pvalue))
    return np.array(out)


@pytest.mark.parametrize(("correction", "flag"), [("yates", True), ("none", False)])
def test_chi2_keyness_matches_scipy(correction, flag):
    result = chi2_keyness(TARGET, REFERENCE, correction=correction)
    expected = scipy_keyness(TARGET, REFERENCE, flag)
    np.testing.assert_allclose(result.statistic, expected[:, 0], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(result.p_value, expected[:, 1], rtol=1e-9, atol=1e-15)


@pytest.mark.parametrize(("correction", "flag"), [("yates", True), ("none", False)])
def test_g2_keyness_matches_scipy_g_test(correction, flag):
    result = g2_keyness(TARGET, REFERENCE, correction=correction)
    expected = scipy_keyness(TARGET, REFERENCE, flag, lambda_="log-likelihood")
    np.testing.assert_allclose(result.statistic, expected[:, 0], rtol=1e-10, atol=1e-12)
    np.testing.assert_allclose(result.p_value, expected[:, 1], rtol=1e-9, atol=1e-15)


def test_keyness_williams_divides_by_q():
    nt, nr = TARGET.sum(), REFERENCE.sum()
    for fn, lam in ((chi2_keyness, None), (g2_keyness, "log-likelihood")):
        plain = scipy_keyness(TARGET, REFERENCE, False, lambda_=lam)[:, 0]
        result = fn(TARGET, REFERENCE, correction="williams").statistic
        for i, (a, b) in enumerate(zip(TARGET, REFERENCE, strict=True)):
            c, d = nt - a, nr - b
            n = a + b + c + d
            if a + b == 0:
                assert np.isnan(result[i])
                continue
            q = (
                1.0
                if a * b * c * d == 0
                else 1 + (n / (a + b) + n / (c + d) - 1) * (n / (a + c) + n / (b + d) - 1) / (6 * n)
            )
            assert result[i] == pytest.approx(plain[i] / q, rel=1e-10, abs=1e-12)


def test_keyness_quanteda_rule():
    # quanteda's own test case: d1 = "b b b b b b b a a a", d2 = "a a a a a a a b b"; feature "a" has an
    # expected cell below 5, so quanteda's default equals chisq.test(correct = TRUE)
    target, reference = np.array([3.0, 7.0]), np.array([7.0, 2.0])
    q = chi2_keyness(target, reference)  # default correction="quanteda"
    assert q.correction == "quanteda"
    np.testing.assert_allclose(q.statistic, scipy_keyness(target, reference, True)[:, 0], rtol=1e-12)
    # all expected cells >= 5: quanteda applies no correction, while scipy/R always do
    big_t, big_r = np.array([60.0, 140.0]), np.array([30.0, 170.0])
    np.testing.assert_allclose(
        chi2_keyness(big_t, big_r).statistic, scipy_keyness(big_t, big_r, False)[:, 0], rtol=1e-12
    )
    np.testing.assert_allclose(
        g2_keyness(big_t, big_r).statistic,
        scipy_keyness(big_t, big_r, False, lambda_="log-likelihood")[:, 0],
        rtol=1e-12,
    )
    # small expected cell but |ad - bc| < N/2: quanteda leaves it uncorrected (scipy would give 0)
    t, r = np.array([1.0, 99.0]), np.array([1.0, 100.0])
    assert chi2_keyness(t, r).statistic[0] == pytest.approx(scipy_keyness(t, r, False)[0, 0], rel=1e-12)
    assert chi2_keyness(t, r, correction="yates").statistic[0] == 0.0


def test_keyness_result_sign_nan_q_and_log_ratio():
    result = chi2_keyness(TARGET, REFERENCE, features=list("abcdefg"))
    assert isinstance(result, Keyness)
    assert result.statistic[0] > 0 and result.statistic[4] < 0  # over-, under-represented in the target
    assert np.isnan(result.statistic[6]) and np.isnan(result.p_value[6]) and np.isnan(result.q_value[6])
    np.testing.assert_allclose(result.q_value[:6], benjamini_hochberg(result.p_value[:6]))
    # Hardie's log ratio: log2 of relative frequencies, a zero count counted as 0.5
    nt, nr = TARGET.sum(), REFERENCE.sum()
    assert result.log_ratio[0] == pytest.approx(math.log2((40 / nt) / (10 / nr)))
    assert result.log_ratio[2] == pytest.approx(math.log2((0.5 / nt) / (5 / nr)))
    assert result.order()[0] == 0 and result.order()[-1] == 6
    assert "chi2 keyness" in result.summary()
    with pytest.raises(ValueError, match="same features"):
        chi2_keyness([1, 2], [1, 2, 3])
    with pytest.raises(ValueError, match="no tokens"):
        g2_keyness([0, 0], [1, 2])
    with pytest.raises(ValueError, match="correction must be"):
        chi2_keyness([1, 2], [3, 4], correction="yates-if-small")


# ------------------------------------------------------------------------------------------------------------
# 3. Benjamini-Hochberg


def reference_bh(p):
    """Loop version: q_i = min over p_j >= p_i of m p_j / rank_j, at most 1."""
    defined = [(v, i) for i, v in enumerate(p) if not math.isnan(v)]
    m = len(defined)
    ranked = sorted(defined)
    q = [math.nan] * len(p)
    for r, (_, i) in enumerate(ranked, start=1):
        q[i] = min(1.0, min(m * ranked[k - 1][0] / k for k in range(r, m + 1)))
    return q


def test_bh_hand_example():
    p = [0.001, 0.008, 0.039, 0.041, 0.042, 0.060, 0.074, 0.205]
    # m p / rank = .008 .032 .104 .082 .0672 .08 .084571 .205, then running minimum from the top
    expected = [0.008, 0.032, 0.0672, 0.0672, 0.0672, 0.08, 0.074 * 8 / 7, 0.205]
    np.testing.assert_allclose(benjamini_hochberg(p), expected, rtol=1e-12)
    np.testing.assert_allclose(benjamini_hochberg(p[::-1]), expected[::-1], rtol=1e-12)


def test_bh_matches_loop_and_scipy_and_is_monotone():
    rng = np.random.default_rng(5)
    p = np.concatenate([rng.uniform(size=40), rng.uniform(0, 0.01, size=10), [0.5, 0.5, 1.0, 0.0]])
    q = benjamini_hochberg(p)
    np.testing.assert_allclose(q, reference_bh(list(p)), rtol=1e-12)
    np.testing.assert_allclose(q, false_discovery_control(p, method="bh"), rtol=1e-12)
    order = np.argsort(p, kind="stable")
    assert (np.diff(q[order]) >= 0).all() and (q >= p).all() and (q <= 1).all()


def test_bh_nan_aware_and_shape_preserving():
    p = np.array([[0.01, np.nan], [0.04, 0.03]])
    q = benjamini_hochberg(p)
    assert q.shape == (2, 2) and np.isnan(q[0, 1])
    np.testing.assert_allclose(q[~np.isnan(p)], benjamini_hochberg([0.01, 0.04, 0.03]))  # m = 3, not 4
    assert np.isnan(benjamini_hochberg([np.nan, np.nan])).all()
    assert benjamini_hochberg([]).shape == (0,)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        benjamini_hochberg([0.5, 1.2])


# ------------------------------------------------------------------------------------------------------------
# 4. cluster bootstrap of rates


def simulate_corpus(rng, n_docs, rates_per_1000, heterogeneity_shape, passages_per_doc=1):
    """Documents of 200-1499 tokens; each document has its own multiplier of every category's rate,
    Gamma(shape k, scale 1/k) (mean 1, CV 1/sqrt(k)): the document-level random effect. Counts are Poisson
    given tokens and rate, i.e. negative binomial across documents. With ``passages_per_doc`` > 1 each
    document is cut into equal passages sharing the document's multiplier."""
    tokens = rng.integers(200, 1500, size=n_docs).astype(float)
    effect = rng.gamma(heterogeneity_shape, 1 / heterogeneity_shape, size=(n_docs, rates_per_1000.size))
    tokens = np.repeat(tokens / passages_per_doc, passages_per_doc)
    effect = np.repeat(effect, passages_per_doc, axis=0)
    counts = rng.poisson(tokens[:, None] * rates_per_1000 / 1000 * effect)
    return counts, tokens


def test_bootstrap_point_estimate_and_result():
    num = np.array([[2, 0], [5, 1], [0, 0], [3, 0]])
    den = np.array([100, 400, 50, 450])
    result = cluster_bootstrap_rates(num, den, n_boot=500, rng=1, categories=["threat", "peace"])
    assert isinstance(result, BootstrapRates)
    np.testing.assert_allclose(result.estimate, [10 / 1000 * 1000, 1 / 1000 * 1000])
    assert result.replicates.shape == (500, 2) and result.n_units == 4 and result.unit == "document"
    assert (result.lower <= result.estimate).all() and (result.estimate <= result.upper).all()
    assert result.seed == 1 and result.per == 1000 and not result.zero.any()
    assert "500 resamples of 4 documents" in result.summary() and "seed 1" in result.summary()
    assert list(result.to_dict()["category"]) == ["threat", "peace"]


def test_bootstrap_is_deterministic_given_a_seed_and_replayable_from_the_recorded_state():
    rng = np.random.default_rng(0)
    num, den = simulate_corpus(rng, 30, np.array([5.0, 1.0]), 2.0)
    first = cluster_bootstrap_rates(num, den, n_boot=300, rng=42)
    again = cluster_bootstrap_rates(num, den, n_boot=300, rng=np.random.default_rng(42))
    other = cluster_bootstrap_rates(num, den, n_boot=300, rng=43)
    np.testing.assert_array_equal(first.replicates, again.replicates)
    assert not np.array_equal(first.replicates, other.replicates)
    replay = np.random.default_rng()
    replay.bit_generator.state = again.rng_state
    np.testing.assert_array_equal(
        cluster_bootstrap_rates(num, den, n_boot=300, rng=replay).replicates, first.replicates
    )


def test_bootstrap_degenerate_input():
    with pytest.raises(ValueError, match="at least 2"):
        cluster_bootstrap_rates([[3, 1]], [100], rng=0)
    with pytest.raises(ValueError, match="0 tokens"):
        cluster_bootstrap_rates([[0], [0]], [0, 0], rng=0)
    with pytest.raises(ValueError, match="matches but 0 tokens"):
        cluster_bootstrap_rates([[1], [0]], [0, 10], rng=0)
    with pytest.raises(ValueError, match="one token count per"):
        cluster_bootstrap_rates([[1], [0]], [10, 10, 10], rng=0)
    with pytest.raises(ValueError, match="rng must be"):
        cluster_bootstrap_rates([[1], [0]], [10, 10], rng=None)
    with pytest.raises(ValueError, match="confidence"):
        cluster_bootstrap_rates([[1], [0]], [10, 10], rng=0, confidence=95)
    # a category without matches: interval [0, 0], flagged; an empty document can make a replicate undefined
    result = cluster_bootstrap_rates([[1, 0], [0, 0], [2, 0]], [10, 0, 10], n_boot=400, rng=3)
    assert result.zero.tolist() == [False, True] and result.upper[1] == 0.0
    assert result.n_undefined == int(np.isnan(result.replicates[:, 0]).sum()) > 0
    assert "no matches" in result.summary()


# Coverage simulation. 400 simulated corpora × 10 categories = 4,000 intervals; corpora are independent,
# categories within a corpus share the bootstrap draws, so the Monte-Carlo standard error is estimated from
# the spread of the per-corpus coverage (about 0.0035, the binomial value for 4,000 independent intervals).
# The 93-97 % window is then about ±4 standard errors around 95 %: it catches any interval whose real
# coverage is off by 2 points or more. Design: 150 documents, rates 1-20 per 1,000 tokens, document-level
# multiplier Gamma(4, 1/4) (CV 0.5). Observed with this seed: 94.8 % (s.e. 0.35 points).
COVERAGE_RATES = np.array([1.0, 2.0, 5.0, 10.0, 20.0, 1.0, 2.0, 5.0, 10.0, 20.0])


def test_cluster_bootstrap_interval_covers_the_true_rate_95_percent_of_the_time():
    rng = np.random.default_rng(20240601)
    n_corpora = 400
    hits = np.zeros((n_corpora, COVERAGE_RATES.size))
    for s in range(n_corpora):
        num, den = simulate_corpus(rng, 150, COVERAGE_RATES, 4.0)
        result = cluster_bootstrap_rates(num, den, n_boot=999, rng=rng)
        hits[s] = (result.lower <= COVERAGE_RATES) & (COVERAGE_RATES <= result.upper)
    coverage = hits.mean()
    mc_error = hits.mean(axis=1).std(ddof=1) / math.sqrt(n_corpora)
    assert mc_error < 0.006, mc_error
    assert 0.93 <= coverage <= 0.97, f"coverage {coverage:.4f} (Monte-Carlo s.e. {mc_error:.4f})"


def test_passage_bootstrap_under_covers_when_documents_vary():
    # the same model, each document cut into 8 passages that share its multiplier; resampling passages as if
    # independent ignores the document effect: intervals too narrow, coverage far below 95 % (about 80 %).
    rng = np.random.default_rng(7)
    n_corpora = 40
    hits_passages = np.zeros((n_corpora, COVERAGE_RATES.size))
    hits_documents = np.zeros((n_corpora, COVERAGE_RATES.size))
    for s in range(n_corpora):
        num, den = simulate_corpus(rng, 150, COVERAGE_RATES, 4.0, passages_per_doc=8)
        by_passage = cluster_bootstrap_rates(num, den, n_boot=499, rng=rng, unit="passage")
        doc_num, doc_den = num.reshape(150, 8, -1).sum(axis=1), den.reshape(150, 8).sum(axis=1)
        by_document = cluster_bootstrap_rates(doc_num, doc_den, n_boot=499, rng=rng)
        np.testing.assert_allclose(by_passage.estimate, by_document.estimate)  # same point estimate
        hits_passages[s] = (by_passage.lower <= COVERAGE_RATES) & (COVERAGE_RATES <= by_passage.upper)
        hits_documents[s] = (by_document.lower <= COVERAGE_RATES) & (COVERAGE_RATES <= by_document.upper)
    assert hits_passages.mean() < 0.88, hits_passages.mean()
    assert hits_documents.mean() > hits_passages.mean() + 0.05


# ------------------------------------------------------------------------------------------------------------
# 5. permutation test and rate contrast


def enumerate_p_value(num, den, n_a):
    """Exact two-sided p by brute force: every way of choosing which documents are group a."""
    n = len(den)

    def diff(members):
        rest = [i for i in range(n) if i not in members]
        ra = [1000 * sum(num[i][c] for i in members) / sum(den[i] for i in members) for c in range(len(num[0]))]
        rb = [1000 * sum(num[i][c] for i in rest) / sum(den[i] for i in rest) for c in range(len(num[0]))]
        return [x - y for x, y in zip(ra, rb, strict=True)]

    observed = diff(list(range(n_a)))
    subsets = list(itertools.combinations(range(n), n_a))
    count = [0] * len(observed)
    for members in subsets:
        d = diff(list(members))
        for c in range(len(observed)):
            count[c] += abs(d[c]) >= abs(observed[c]) - 1e-9
    return np.array(count) / len(subsets)


def test_permutation_exact_enumeration_on_a_tiny_case():
    num_a, den_a = [[5, 0], [7, 1], [4, 2]], [500, 600, 450]
    num_b, den_b = [[1, 1], [2, 0], [0, 3]], [400, 700, 500]
    result = permutation_test_rate_difference(num_a, den_a, num_b, den_b, rng=0, statistic="pooled")
    assert result.exact and result.n_perm == 20  # C(6, 3) <= n_perm: enumerated
    expected = enumerate_p_value(num_a + num_b, den_a + den_b, 3)
    np.testing.assert_allclose(result.p_value, expected, rtol=1e-12)
    assert result.p_value[0] == pytest.approx(2 / 20)  # the observed split and its mirror image
    assert result.difference[0] == pytest.approx(1000 * 16 / 1550 - 1000 * 3 / 1600)
    assert result.ratio[0] == pytest.approx((16 / 1550) / (3 / 1600))
    assert "exact enumeration" in result.summary()


def test_permutation_monte_carlo_approximates_the_exact_p_value():
    rng = np.random.default_rng(11)
    num, den = simulate_corpus(rng, 12, np.array([4.0, 8.0, 2.0]), 2.0)
    den = np.maximum(den, 1)
    exact = enumerate_p_value(num.tolist(), den.tolist(), 6)  # 924 splits
    result = permutation_test_rate_difference(num[:6], den[:6], num[6:], den[6:], n_perm=900, rng=3, statistic="pooled")
    assert not result.exact and result.n_perm == 900
    tolerance = 4 * np.sqrt(exact * (1 - exact) / 900) + 2 / 901
    assert (np.abs(result.p_value - exact) <= tolerance).all(), (result.p_value, exact)
    assert (result.p_value > 0).all()  # Phipson & Smyth: (b + 1) / (n_perm + 1)


def test_permutation_p_values_are_valid_under_the_null():
    # 150 data sets × 10 categories drawn from one population (document effect included); p-values from 199
    # relabellings take values k/200, and P(p <= 0.05) = 10/200 exactly for a continuous statistic. 1,500
    # p-values: binomial s.e. of the fraction about 0.0056.
    rng = np.random.default_rng(99)
    rates = np.array([3.0, 6.0, 10.0, 15.0, 25.0, 3.0, 6.0, 10.0, 15.0, 25.0])
    pvalues = []
    for _ in range(150):
        num, den = simulate_corpus(rng, 30, rates, 4.0)
        res = permutation_test_rate_difference(num[:15], den[:15], num[15:], den[15:], n_perm=199, rng=rng)
        pvalues.append(res.p_value)
    p = np.concatenate(pvalues)
    assert 0.03 <= (p <= 0.05).mean() <= 0.07
    assert 0.08 <= (p <= 0.10).mean() <= 0.12
    assert 0.46 <= (p <= 0.50).mean() <= 0.54


def test_permutation_detects_a_real_difference_and_is_deterministic():
    rng = np.random.default_rng(4)
    num_a, den_a = simulate_corpus(rng, 25, np.array([10.0, 5.0]), 4.0)
    num_b, den_b = simulate_corpus(rng, 25, np.array([5.0, 5.0]), 4.0)
    first = permutation_test_rate_difference(num_a, den_a, num_b, den_b, n_perm=999, rng=8)
    again = permutation_test_rate_difference(num_a, den_a, num_b, den_b, n_perm=999, rng=8)
    np.testing.assert_array_equal(first.p_value, again.p_value)
    assert first.p_value[0] < 0.01 and first.q_value[0] < 0.05
    assert first.p_value[0] >= 1 / 1000  # never 0
    with pytest.raises(ValueError, match="0 tokens"):
        permutation_test_rate_difference([[1], [0]], [10, 0], [[1]], [10], rng=0)
    with pytest.raises(StatisticsError, match=r"\[F606\].*pass the same categories"):
        permutation_test_rate_difference([[1, 2]], [10], [[1]], [10], rng=0)


def test_bootstrap_rate_contrast():
    rng = np.random.default_rng(12)
    num_a, den_a = simulate_corpus(rng, 40, np.array([10.0, 5.0, 1.0]), 4.0)
    num_b, den_b = simulate_corpus(rng, 40, np.array([5.0, 5.0, 1.0]), 4.0)
    result = bootstrap_rate_contrast(num_a, den_a, num_b, den_b, n_boot=999, rng=1)
    rate_a = 1000 * num_a.sum(axis=0) / den_a.sum()
    rate_b = 1000 * num_b.sum(axis=0) / den_b.sum()
    np.testing.assert_allclose(result.difference, rate_a - rate_b)
    np.testing.assert_allclose(result.ratio, rate_a / rate_b)
    assert result.difference_lower[0] > 0  # a true difference of 5 per 1,000
    assert result.ratio_lower[1] < 1 < result.ratio_upper[1]  # no difference
    again = bootstrap_rate_contrast(num_a, den_a, num_b, den_b, n_boot=999, rng=1)
    np.testing.assert_array_equal(result.difference_lower, again.difference_lower)
    assert "stratified cluster bootstrap" in result.summary()


# ------------------------------------------------------------------------------------------------------------
# 6. Jensen-Shannon distance


@pytest.mark.parametrize(
    ("p", "q"),
    [
        ([1, 2, 3, 4], [4, 3, 2, 1]),
        ([10, 0, 5, 0], [0, 3, 5, 1]),
        ([0.2, 0.3, 0.5], [0.2, 0.3, 0.5]),
        ([1, 0], [0, 1]),
    ],
)
@pytest.mark.parametrize("base", [2, math.e])
def test_jensen_shannon_matches_scipy(p, q, base):
    assert jensen_shannon_distance(p, q, base) == pytest.approx(jensenshannon(p, q, base=base), abs=1e-12)


def test_jensen_shannon_bounds_and_errors():
    assert jensen_shannon_distance([1, 0], [0, 1]) == pytest.approx(1.0)
    assert jensen_shannon_distance([2, 4], [1, 2]) == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(ValueError, match="sums to 0"):
        jensen_shannon_distance([0, 0], [1, 2])
    with pytest.raises(ValueError, match="same categories"):
        jensen_shannon_distance([1, 2], [1, 2, 3])


def test_bootstrap_jensen_shannon():
    rng = np.random.default_rng(21)
    a, _ = simulate_corpus(rng, 40, np.array([10.0, 5.0, 2.0]), 4.0)
    b, _ = simulate_corpus(rng, 40, np.array([5.0, 5.0, 6.0]), 4.0)
    result = bootstrap_jensen_shannon(a, b, n_boot=500, rng=2)
    assert result.estimate == pytest.approx(jensenshannon(a.sum(axis=0), b.sum(axis=0), base=2))
    assert result.lower < result.estimate < result.upper and result.replicates.shape == (500,)
    again = bootstrap_jensen_shannon(a, b, n_boot=500, rng=2)
    assert (again.lower, again.upper) == (result.lower, result.upper)
    assert "Jensen-Shannon distance" in result.summary()


# ------------------------------------------------------------------------------------------------------------
# 7. validation and agreement

GOLD = np.array([[1, 0, 0, 1, 1], [1, 0, 0, 0, 1], [0, 0, 0, 1, 0], [1, 0, 0, 0, 0], [0, 1, 0, 1, 1], [1, 0, 0, 1, 0]])
PRED = np.array([[1, 0, 1, 0, 1], [0, 0, 1, 0, 1], [0, 0, 0, 1, 1], [1, 0, 0, 0, 0], [0, 0, 0, 1, 1], [1, 1, 0, 1, 0]])


def test_confusion_counts_by_hand():
    counts = confusion_counts(GOLD, PRED, categories=list("abcde"))
    assert counts.tp.tolist() == [3, 0, 0, 3, 3]
    assert counts.fp.tolist() == [0, 1, 2, 0, 1]
    assert counts.fn.tolist() == [1, 1, 0, 1, 0]
    assert (counts.tp + counts.fp + counts.fn + counts.tn == 6).all()


def test_precision_recall_f1_matches_sklearn():
    result = precision_recall_f1(GOLD, PRED)
    p, r, f, s = precision_recall_fscore_support(GOLD, PRED, average=None, zero_division=np.nan)
    np.testing.assert_allclose(result.precision, p, equal_nan=True)
    np.testing.assert_allclose(result.recall, r, equal_nan=True)
    np.testing.assert_allclose(result.f1, f, equal_nan=True)
    np.testing.assert_array_equal(result.support, s)
    for avg in ("micro", "macro"):
        p, r, f, _ = precision_recall_fscore_support(GOLD, PRED, average=avg, zero_division=np.nan)
        assert getattr(result, f"{avg}_precision") == pytest.approx(p)
        assert getattr(result, f"{avg}_recall") == pytest.approx(r)
        assert getattr(result, f"{avg}_f1") == pytest.approx(f)
    assert np.isnan(result.recall[2]) and result.f1[2] == 0.0  # no gold positive: recall undefined, F1 0
    assert "macro average" in result.summary()
    with pytest.raises(ValueError, match="0/1"):
        precision_recall_f1([[2]], [[1]])


def test_precision_recall_of_counts_is_the_same_convention():
    result = precision_recall_f1(GOLD, PRED)
    counts = result.counts
    for i in range(len(result.categories)):
        tp, fp, fn = int(counts.tp[i]), int(counts.fp[i]), int(counts.fn[i])
        one = PrecisionRecall(tp, tp + fp, tp + fn)
        for name in ("precision", "recall", "f1"):
            expected = getattr(result, name)[i]
            assert getattr(one, name) == expected or (np.isnan(expected) and np.isnan(getattr(one, name)))
    tp, fp, fn = int(counts.tp.sum()), int(counts.fp.sum()), int(counts.fn.sum())
    pooled = PrecisionRecall(tp, tp + fp, tp + fn)
    micro = (result.micro_precision, result.micro_recall, result.micro_f1)
    assert (pooled.precision, pooled.recall, pooled.f1) == micro
    nothing_predicted = PrecisionRecall(0, 0, 4)
    assert np.isnan(nothing_predicted.precision) and nothing_predicted.recall == 0.0 and nothing_predicted.f1 == 0.0
    nothing_to_find = PrecisionRecall(0, 3, 0)
    assert nothing_to_find.precision == 0.0 and np.isnan(nothing_to_find.recall) and nothing_to_find.f1 == 0.0
    assert all(np.isnan(v) for v in (PrecisionRecall(0, 0, 0).precision, PrecisionRecall(0, 0, 0).f1))
    assert PrecisionRecall(3, 4, 6).f1 == pytest.approx(2 * (3 / 4) * (3 / 6) / (3 / 4 + 3 / 6))
    with pytest.raises(StatisticsError, match=r"\[F605\] tp must be at most predicted and gold"):
        PrecisionRecall(5, 4, 6)
    with pytest.raises(StatisticsError, match=r"\[F605\] gold must be a count"):
        PrecisionRecall(0, 1, -1)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ([0, 1, 2, 2, 1, 0, 0, 2, 1, 1], [0, 1, 2, 1, 1, 0, 2, 2, 1, 0]),
        (["war", "war", "peace", "aid", "war", "aid"], ["war", "peace", "peace", "aid", "war", "war"]),
        ([1, 1, 1, 0], [1, 1, 1, 1]),
    ],
)
def test_cohen_kappa_matches_sklearn(a, b):
    result = cohen_kappa(a, b)
    assert isinstance(result, Agreement)
    assert float(result) == pytest.approx(cohen_kappa_score(a, b), abs=1e-12)


def test_cohen_kappa_errors():
    with pytest.raises(ValueError, match="undefined"):
        cohen_kappa([1, 1, 1], [1, 1, 1])
    with pytest.raises(ValueError, match="krippendorff_alpha"):
        cohen_kappa([1.0, np.nan], [1.0, 0.0])
    with pytest.raises(ValueError, match="equal length"):
        cohen_kappa([1, 2], [1])


# Krippendorff (2011), "Computing Krippendorff's alpha-reliability", section C: 4 observers × 12 units,
# missing values; the paper reports alpha = .743 (nominal), .815 (ordinal), .849 (interval), .797 (ratio).
KRIPPENDORFF_2011 = np.array(
    [
        [1, 2, 3, 3, 2, 1, 4, 1, 2, np.nan, np.nan, np.nan],
        [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, np.nan, 3],
        [np.nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, np.nan],
        [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, np.nan],
    ]
)


@pytest.mark.parametrize(
    ("level", "published"), [("nominal", 0.743), ("ordinal", 0.815), ("interval", 0.849), ("ratio", 0.797)]
)
def test_krippendorff_alpha_worked_example(level, published):
    result = krippendorff_alpha(KRIPPENDORFF_2011, level=level)
    assert round(result.value, 3) == published
    assert result.n_units == 11 and result.n_values == 40  # unit 12 has one value: not pairable


def test_krippendorff_alpha_interval_by_hand():
    # coders A = (1, 2, 3), B = (1, 3, 3). Pairable values 1 1 2 3 3 3, n = 6.
    # D_o = (1/n) Σ_u Σ_{ordered pairs in u} (c - k)² / (m_u - 1) = (1/6) · 2 = 1/3  (only unit 2 differs)
    # D_e = Σ_{ordered pairs of all values} (c - k)² / (n (n - 1)) = 2 · (2·1 + 6·4 + 3·1) / 30 = 58/30
    # alpha = 1 - (1/3) / (58/30) = 1 - 10/58 = 24/29
    result = krippendorff_alpha([[1, 2, 3], [1, 3, 3]], level="interval")
    assert result.value == pytest.approx(24 / 29, rel=1e-12)
    assert result.observed_disagreement == pytest.approx(1 / 3)
    assert result.expected_disagreement == pytest.approx(58 / 30)
    # nominal, same data: D_o = 2/6, D_e = (6·5 - (2·1 + 1·0 + 3·2)) / 30 = 22/30, alpha = 1 - 10/22
    assert krippendorff_alpha([[1, 2, 3], [1, 3, 3]]).value == pytest.approx(1 - 10 / 22, rel=1e-12)


def test_krippendorff_alpha_errors():
    with pytest.raises(ValueError, match="undefined"):
        krippendorff_alpha([[1, 1, np.nan], [1, 1, 1]])
    with pytest.raises(ValueError, match="pairable"):
        krippendorff_alpha([[1, np.nan], [np.nan, 2]])
    with pytest.raises(ValueError, match="level"):
        krippendorff_alpha([[1, 2], [1, 2]], level="binary")


def test_the_old_keyword_comparison_still_works_with_a_future_warning():
    y = np.array([[5, 1, 0], [1, 4, 2]])
    new = log_odds_dirichlet(y, compare="pairs")
    with pytest.warns(FutureWarning, match="'comparison' is now called 'compare'"):
        old = log_odds_dirichlet(y, comparison="pairs")
    np.testing.assert_array_equal(old.z, new.z)
    assert old.compare == "pairs"
    with pytest.warns(FutureWarning, match="LogOdds.comparison is now LogOdds.compare"):
        assert old.comparison == "pairs"
