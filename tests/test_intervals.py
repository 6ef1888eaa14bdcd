"""The analytic intervals of framing.stats.intervals, the permutation tests' new parts and compare_groups'
p-values: exact bounds for zero counts, the p-value as the inverted interval, shared documents, Monte Carlo
honesty and seed stability. Coverage over a grid of designs is `make validate-stats` (tests/test_validate_stats.py)."""

from __future__ import annotations

import numpy as np
import pytest

from framing.compare import compare_groups, profiles
from framing.compare.units import UnitTable
from framing.errors import StatisticsError
from framing.stats import (
    permutation_test_jensen_shannon,
    permutation_test_rate_difference,
    poisson_interval,
    rate_contrast_intervals,
    rate_intervals,
)


def _corpus(seed: int, m: int, rates: list[float], sdlog: float = 1.0, overdispersed: bool = True):
    rng = np.random.default_rng(seed)
    tokens = np.round(np.exp(rng.normal(np.log(1000), sdlog, m))) + 1
    g = rng.gamma(1.0, 1.0, (m, 1)) if overdispersed else np.ones((m, 1))
    return rng.poisson(np.array(rates) / 1000 * tokens[:, None] * g).astype(float), tokens


def test_the_exact_poisson_bounds_are_garwoods():
    lower, upper = poisson_interval([0, 1, 10], [1000, 1000, 1000])
    assert lower[0] == 0 and upper[0] == pytest.approx(1000 * -np.log(0.025) / 1000)  # 3.689 per 1,000
    # chi-square form: chi2(2y; 0.025)/2 and chi2(2y + 2; 0.975)/2 (Garwood 1936), from tables
    assert lower[1] == pytest.approx(0.0253, abs=1e-4) and upper[1] == pytest.approx(5.5716, abs=1e-4)
    assert lower[2] == pytest.approx(4.7954, abs=1e-4) and upper[2] == pytest.approx(18.3904, abs=1e-4)


def test_rate_intervals_are_positive_for_zero_counts_and_refuse_one_document():
    num, den = _corpus(1, 8, [2.0, 0.0])
    found = rate_intervals(num, den, categories=["used", "never"])
    assert found.zero.tolist() == [False, True]
    assert found.lower[1] == 0 and found.upper[1] == pytest.approx(1000 * -np.log(0.025) / den.sum())
    assert found.lower[0] < found.estimate[0] < found.upper[0]
    assert "exact Poisson" in found.summary()
    with pytest.raises(StatisticsError, match=r"\[F607\]"):
        rate_intervals(num[:1], den[:1])


def test_the_p_value_is_the_interval_inverted():
    num_a, den_a = _corpus(2, 9, [6.0, 3.0, 1.0, 0.0])
    num_b, den_b = _corpus(3, 12, [2.0, 3.0, 0.5, 0.0])
    found = rate_contrast_intervals(num_a, den_a, num_b, den_b)
    assert found.p_value[3] == 1.0  # both never used it: no difference
    for confidence in (0.8, 0.9, 0.95, 0.99):
        at = rate_contrast_intervals(num_a, den_a, num_b, den_b, confidence=confidence)
        excludes = (at.difference_lower > 0) | (at.difference_upper < 0)
        decided = found.p_value < 1 - confidence
        near = np.abs(found.p_value - (1 - confidence)) < 1e-6
        assert ((excludes == decided) | near).all(), (confidence, found.p_value, at.difference_lower)


def test_ratio_intervals_with_a_zero_rate():
    num_a, den_a = np.zeros((6, 1)), np.full(6, 1000.0)
    num_b, den_b = _corpus(4, 6, [5.0])
    found = rate_contrast_intervals(num_a, den_a, num_b, den_b)
    assert found.ratio[0] == 0 and found.ratio_lower[0] == 0 and 0 < found.ratio_upper[0] < np.inf
    back = rate_contrast_intervals(num_b, den_b, num_a, den_a)
    assert back.ratio[0] == np.inf and back.ratio_upper[0] == np.inf and back.ratio_lower[0] > 0


def test_shared_documents_enter_the_interval_and_the_permutation_test():
    # both groups speak in the same six documents, with the document's rate multiplier in common: the
    # correlation narrows the interval of the difference, and the test swaps units within documents
    rng = np.random.default_rng(5)
    g = rng.gamma(1.0, 1.0, (6, 1))
    den = np.full(6, 800.0)
    num_a, num_b = rng.poisson(5 / 1000 * den[:, None] * g), rng.poisson(5 / 1000 * den[:, None] * g)
    docs = [f"d{i}" for i in range(6)]
    paired = rate_contrast_intervals(num_a, den, num_b, den, documents_a=docs, documents_b=docs)
    alone = rate_contrast_intervals(num_a, den, num_b, den)
    assert paired.n_shared == 6 and paired.correlation[0] > 0
    assert (
        paired.difference_upper[0] - paired.difference_lower[0] < alone.difference_upper[0] - alone.difference_lower[0]
    )
    test = permutation_test_rate_difference(num_a, den, num_b, den, documents_a=docs, documents_b=docs, rng=0)
    assert test.n_shared == 6 and not test.exact and "swapped within" in test.method
    with pytest.raises(ValueError, match=r"\[F601\].*documents_a"):
        permutation_test_rate_difference(num_a, den, num_b, den, documents_a=docs[:5], documents_b=docs, rng=0)


def test_monte_carlo_refinement_reaches_small_p_values_and_reports_its_error():
    num_a, den_a = _corpus(6, 20, [12.0, 3.0])
    num_b, den_b = _corpus(7, 20, [2.0, 3.0])
    plain = permutation_test_rate_difference(num_a, den_a, num_b, den_b, n_perm=200, rng=1)
    refined = permutation_test_rate_difference(
        num_a, den_a, num_b, den_b, n_perm=200, rng=1, min_extreme=30, max_perm=20_000
    )
    assert plain.p_value[0] <= 3 / 201  # near the floor of 200 relabellings
    # refined until 30 relabellings were as extreme, or the cap: far more precise than 3/201
    extreme = refined.p_value[0] * (refined.permutations[0] + 1) - 1
    assert refined.permutations[0] > 200 and (round(extreme) >= 30 or refined.permutations[0] == 20_000)
    assert refined.p_mc_se[0] / refined.p_value[0] < 0.2
    assert refined.permutations[1] == 200  # a large p needs no more
    assert (refined.p_mc_se > 0).all() and "Monte Carlo s.e." in refined.summary()


def _units(seed: int) -> UnitTable:
    """Four groups × 30 documents, two categories, Poisson counts; group a uses the first five times as
    often."""
    groups, docs, counts, tokens = [], [], [], []
    for gi, g in enumerate("abcd"):
        num, den = _corpus(seed + gi, 30, [15.0 if g == "a" else 3.0, 2.0], overdispersed=False)
        groups += [g] * 30
        docs += [f"{g}{i}" for i in range(30)]
        counts.append(num)
        tokens.append(den)
    c = np.vstack(counts)
    return UnitTable(
        tuple(groups), tuple(docs), c, np.zeros_like(c), c, np.concatenate(tokens), np.ones(120), ("x", "y")
    )


def test_significance_does_not_flip_with_the_seed():
    units = _units(10)
    for test in ("interval", "permutation"):
        found = [
            compare_groups(units, n_perm=500, n_boot=0, rng=seed, test=test).significant()[["group", "category"]]
            for seed in range(4)
        ]
        sets = [set(map(tuple, f.to_numpy())) for f in found]
        assert sets[0] == sets[1] == sets[2] == sets[3] and ("a", "x") in sets[0], (test, sets)


def test_compare_groups_reports_what_it_did():
    units = _units(20)
    found = compare_groups(units, n_perm=300, n_boot=100, rng=0)
    t = found.table
    excludes = (t["diff_lower"] > 0) | (t["diff_upper"] < 0)
    assert (excludes == (t["p_value"] < 0.05)).all()  # the p-value and its interval never disagree
    assert (t["n_perm"] == 0).all() and (t["p_mc_se"] == 0).all() and found.test == "interval"
    assert {"js_null_median", "js_p_value"} <= set(found.distances.columns)
    perm = compare_groups(units, n_perm=300, n_boot=0, rng=0, test="permutation")
    # planned so that p can reach a tenth of the BH threshold of the 8 tests: 10 · 8 / 0.05
    assert perm.max_perm == 1600 and (perm.table["n_perm"] >= 300).all()
    assert perm.table["n_perm"].max() > 300
    with pytest.raises(ValueError, match=r"\[F601\].*test"):
        compare_groups(units, test="bootstrap")


def test_one_vs_rest_counts_a_shared_document_once_in_the_rest():
    # b and c speak in the same documents: in "a vs rest" each of those documents is one unit
    c = np.ones((9, 1))
    units = UnitTable(
        ("a",) * 3 + ("b",) * 3 + ("c",) * 3,
        ("p", "q", "r", "s", "t", "u", "s", "t", "u"),
        c, np.zeros_like(c), c, np.full(9, 100.0), np.ones(9), ("x",),
    )  # fmt: skip
    row = compare_groups(units, groups=["a"], n_perm=50, n_boot=0).table.iloc[0]
    assert row["documents_group"] == 3 and row["documents_other"] == 3 and row["documents_shared"] == 0


def test_the_jensen_shannon_null_is_near_the_observed_distance_without_a_difference():
    num_a, _ = _corpus(30, 15, [4.0, 4.0, 4.0])
    num_b, _ = _corpus(31, 15, [4.0, 4.0, 4.0])
    same = permutation_test_jensen_shannon(num_a, num_b, n_perm=500, rng=0)
    assert same.p_value > 0.05 and same.null_median > 0  # sampling noise alone gives a distance
    num_c, _ = _corpus(32, 15, [12.0, 1.0, 1.0])
    far = permutation_test_jensen_shannon(num_a, num_c, n_perm=500, rng=0)
    assert far.p_value < 0.01


def test_profiles_never_give_zero_upper_bounds_from_two_documents():
    units = _units(40)
    zero = UnitTable(units.groups, units.documents, units.counts * 0, units.negated, units.present * 0,
                     units.tokens, units.passages, units.categories)  # fmt: skip
    table = profiles(zero).table
    assert (table["ci_upper"] > 0).all() and (table["note"].str.contains("exact Poisson")).all()


def test_proportion_intervals_stay_in_the_unit_interval_and_cover():
    from framing.stats import proportion_intervals

    # 10 documents; each document's share of sponsor A varies (Beta around 0.3), totals overdispersed
    rng = np.random.default_rng(50)
    hits = 0
    for _ in range(400):
        whole = rng.poisson(rng.gamma(1.0, 8.0, 10)) + 1
        part = rng.binomial(whole, rng.beta(3, 7, 10))
        share, lower, upper = proportion_intervals(part, whole)
        assert 0 <= lower[0] <= share[0] <= upper[0] <= 1
        hits += lower[0] <= 0.3 <= upper[0]
    # the pooled share estimates the match-weighted share (0.3 here: the Beta mean, independent of size)
    assert 0.88 <= hits / 400 <= 0.995
    share, lower, upper = proportion_intervals([[0, 4], [0, 6]], [4, 6])
    assert share.tolist() == [0.0, 1.0] and lower[0] == 0 and upper[1] == 1
    assert upper[0] == pytest.approx(1 - 0.025 ** (1 / 10)) and lower[1] == pytest.approx(0.025 ** (1 / 10))
    with pytest.raises(StatisticsError, match=r"\[F605\]"):
        proportion_intervals([[5], [1]], [4, 3])


def test_adoption_has_intervals_per_group():
    from framing.compare import frame_adoption
    from framing.lexicon import parse_lexicon

    lexicon = parse_lexicon(
        "name: t\ncategories:\n  x: {sponsor: [russia], entries: [aa]}\n  y: {sponsor: [ukraine], entries: [bb]}\n",
        "t.yaml",
    )
    table = frame_adoption(_units(60), lexicon)
    assert {"rate_lower", "rate_upper", "share_lower", "share_upper"} <= set(table.columns)
    assert ((table["share_lower"] <= table["share"]) & (table["share"] <= table["share_upper"])).all()
    assert ((table["rate_lower"] <= table["rate_per_1000"]) & (table["rate_per_1000"] <= table["rate_upper"])).all()
