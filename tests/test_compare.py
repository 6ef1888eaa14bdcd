"""Compare: document units, profiles with CIs, comparisons with FDR, keyness, frame adoption."""

import numpy as np
import pandas as pd
import pytest

from framing import CompareWarning, Document, attribute, load_actors, match_table, segment
from framing.compare import (
    actor_at_level,
    category_keyness,
    compare_groups,
    frame_adoption,
    profiles,
    term_keyness,
    unit_table,
)
from framing.lexicon import parse_lexicon

from conftest import TOY_LEXICON_YAML, toy_corpus

LEX = parse_lexicon(TOY_LEXICON_YAML, "t.yaml")


def corpus():
    return toy_corpus()


@pytest.fixture(scope="module")
def data():
    docs = corpus()
    passages = segment(docs)
    atts = attribute(passages, corpus=docs)
    return docs, atts, match_table(passages, LEX)


def test_actor_levels():
    registry = load_actors()
    assert actor_at_level(registry, "lavrov", "state") == "russia"
    assert actor_at_level(registry, "macron", "group") == "europe"
    assert actor_at_level(registry, "narrator", "state") == "narrator"
    assert actor_at_level(registry, "megyn_kelly", "state") == "megyn_kelly"
    assert actor_at_level(registry, "lavrov", None) == "lavrov"


def test_unit_table_counts_match_the_match_table(data):
    docs, atts, matches = data
    units = unit_table(atts, matches, categories=LEX.category_names)
    assert sorted(set(units.groups)) == ["lavrov", "macron"]
    lavrov = units.rows("lavrov")
    assert units.counts[lavrov, 1].sum() == len(
        matches[(matches["category"] == "grievance") & matches["doc_id"].str.startswith("r")]
    )
    assert units.tokens[lavrov].sum() == sum(p.n_tokens for p in segment(docs) if p.doc_id.startswith("r"))
    by_state = unit_table(
        atts, matches, categories=LEX.category_names, registry=load_actors(), level="state", by="year", corpus=docs
    )
    assert sorted(set(by_state.groups)) == ["france|2022", "russia|2022", "russia|2023"]
    with pytest.raises(ValueError, match="needs the corpus"):
        unit_table(atts, matches, categories=LEX.category_names, by="year")


def test_profiles_rates_intervals_and_determinism(data):
    _, atts, matches = data
    units = unit_table(atts, matches, categories=LEX.category_names)
    p1 = profiles(units)
    p2 = profiles(units)
    pd.testing.assert_frame_equal(p1.table, p2.table)
    row = p1.table.set_index(["group", "category"]).loc[("lavrov", "grievance")]
    assert row["rate_per_1000"] == pytest.approx(1000 * row["count"] / row["tokens"])
    assert row["ci_lower"] <= row["rate_per_1000"] <= row["ci_upper"] and row["documents"] == 6
    never = p1.table.set_index(["group", "category"]).loc[("lavrov", "other")]
    # a category never used: the exact Poisson upper bound of a zero count, -log(0.025) per tokens, not [0, 0]
    assert never["count"] == 0 and never["ci_lower"] == 0
    assert never["ci_upper"] == pytest.approx(1000 * -np.log(0.025) / never["tokens"])
    assert "exact Poisson" in never["note"]
    with pytest.warns(FutureWarning, match="ignored"):
        profiles(units, n_boot=300, rng=7)
    long = p1.to_frame()
    assert set(long["statistic"]) >= {"rate_per_1000", "ci_lower", "ci_upper", "share_of_passages"}
    assert "95% CI" in repr(p1) and "lavrov" in p1.summary()


def test_profiles_warn_for_single_document_groups():
    docs = [Document("a", "Lavrov said a ceasefire is possible.")]
    passages = segment(docs)
    units = unit_table(attribute(passages, corpus=docs), match_table(passages, LEX), categories=LEX.category_names)
    with pytest.warns(CompareWarning, match=r"\[W402\] 1 group\(s\) speak in fewer than 2 documents \(lavrov\)"):
        p = profiles(units)
    assert p.table["ci_lower"].isna().all() and (p.table["note"] != "").all()


def test_comparisons_fdr_over_the_whole_table(data):
    _, atts, matches = data
    units = unit_table(atts, matches, categories=LEX.category_names)
    comp = compare_groups(units, compare="pairs", n_perm=500, n_boot=300, rng=1)
    t = comp.table
    assert len(t) == 3 and set(t["other"]) == {"macron"}
    from framing.stats import benjamini_hochberg

    assert np.allclose(t["q_value"], benjamini_hochberg(t["p_value"].to_numpy()), equal_nan=True)
    g = t.set_index("category").loc["grievance"]
    assert g["difference"] > 0 and g["diff_lower"] > 0 and g["q_value"] < 0.05
    assert list(comp.distances.columns) == [
        "group", "other", "js_distance", "js_lower", "js_upper", "js_null_median", "js_p_value",
    ]  # fmt: skip
    rest = compare_groups(units, compare="one-vs-rest", n_perm=200, n_boot=200)
    assert set(rest.table["other"]) == {"rest"} and len(rest.distances) == 2
    with pytest.raises(ValueError, match="compared with itself"):
        compare_groups(units, groups=["lavrov", "lavrov"], compare="pairs")
    with pytest.raises(ValueError, match="speak no passage"):
        compare_groups(units, groups=["putin"])


def test_keyness_and_adoption(data):
    _, atts, matches = data
    units = unit_table(atts, matches, categories=LEX.category_names)
    ck = category_keyness(units)
    top = ck.top("lavrov", 1)
    assert top["feature"].iloc[0] == "grievance" and top["z"].iloc[0] > 0
    assert ck.left_out == ()
    tk = term_keyness(atts, min_count=3)
    assert tk.top("macron", 3)["feature"].tolist()[:1] == ["macron"]
    adoption = frame_adoption(units, LEX).set_index(["group", "sponsor"])
    assert set(adoption.index.get_level_values("sponsor")) == {"europe", "russia"}
    lav = adoption.loc["lavrov"]
    assert lav.loc["russia", "share"] + lav.loc["europe", "share"] == pytest.approx(1.0)
    assert lav.loc["russia", "share"] > lav.loc["europe", "share"]
    per_doc = frame_adoption(units, LEX, per="document")
    assert list(per_doc.columns[:3]) == ["group", "doc_id", "sponsor"] and len(per_doc) == 12 * 2
    assert (
        per_doc.groupby(["group", "sponsor"])["count"].sum().to_dict()
        == frame_adoption(units, LEX).set_index(["group", "sponsor"])["count"].to_dict()
    )


def test_validate_cross_validated_thresholds_never_see_the_test_fold():
    from framing.compare import validate

    rng = np.random.default_rng(3)
    gold = pd.DataFrame({"a": rng.integers(0, 2, 60), "b": rng.integers(0, 2, 60)})
    # category a is well measured (score high when present), b is noise
    scores = pd.DataFrame({"a": gold["a"] * 2.0 + rng.uniform(0, 1.5, 60), "b": rng.uniform(0, 1, 60)})
    v = validate(scores, gold, folds=5, rng=1)
    s = v.scores.set_index("category")
    assert s.loc["a", "f1"] > 0.8 and s.loc["a", "f1"] > s.loc["b", "f1"]
    assert set(v.thresholds["fold"]) == set(range(5)) and len(v.thresholds) == 10
    conf = v.confusion.set_index("category")
    assert (conf.sum(axis=1) == 60).all()
    assert conf.loc["a", "tp"] + conf.loc["a", "fn"] == gold["a"].sum() == s.loc["a", "support"]
    # a fixed threshold is applied as given, and each result says how its thresholds were chosen
    fixed = validate(scores, gold, threshold=float(v.thresholds.query("category == 'b'")["threshold"].median()))
    assert "fixed threshold" in fixed.method and "cross-validation" in v.method
    with pytest.raises(ValueError, match="same units"):
        validate(scores, gold[["b", "a"]])


def test_agreement_of_coders_against_sklearn_and_the_alpha_module():
    from sklearn.metrics import cohen_kappa_score

    from framing.compare import agreement

    codes = pd.DataFrame(
        {"ann": [1, 0, 1, 1, 0, 1, 0, 0], "bob": [1, 0, 1, 0, 0, 1, 1, 0], "cyd": [1, 0, 1, 1, 0, np.nan, 0, 0]}
    )
    table = agreement(codes)
    kappa = table.query("coder == 'ann' and other == 'bob'")["value"].iloc[0]
    assert kappa == pytest.approx(cohen_kappa_score(codes["ann"], codes["bob"]))
    alpha = table.query("statistic == 'krippendorff_alpha'")["value"].iloc[0]
    assert -1 <= alpha <= 1 and len(table) == 4


def test_one_match_is_not_significant_whatever_the_speech_lengths():
    from framing.stats import permutation_test_rate_difference, rate_contrast_intervals

    # group b's speeches are five times shorter and one of them has the only match. Permutation tests
    # relabel the lengths too: the pooled statistic (and, with one match, even the studentized one) finds the
    # split "all short speeches in b" extreme. The mean of document rates does not reward length, and the
    # inverted interval (compare_groups' default) conditions on the lengths: neither calls it significant.
    num_a, num_b = np.zeros((10, 1)), np.zeros((10, 1))
    num_b[0, 0] = 1
    den_a, den_b = np.full(10, 5000.0), np.full(10, 1000.0)
    pooled = permutation_test_rate_difference(num_a, den_a, num_b, den_b, n_perm=999, rng=0, statistic="pooled")
    mean = permutation_test_rate_difference(num_a, den_a, num_b, den_b, n_perm=999, rng=0, statistic="mean")
    interval = rate_contrast_intervals(num_a, den_a, num_b, den_b)
    assert pooled.p_value[0] < 0.05 < 0.9 < mean.p_value[0]
    assert interval.p_value[0] > 0.05 and interval.difference_lower[0] < 0 < interval.difference_upper[0]


def test_groups_without_evidence_do_not_break_keyness_or_distances(data):
    from framing.corpus.reading import mark_turns

    _, atts, matches = data
    docs = [mark_turns(Document(f"s{i}", "Sergei Shoigu: Zyx qwv.")) for i in (1, 2)]
    passages = segment(docs)
    extra = attribute(passages, corpus=docs)
    (shoigu,) = {s for a in extra for s in a.speakers}
    units = unit_table(atts + extra, pd.concat([matches, match_table(passages, LEX)]), categories=LEX.category_names)
    # none of Shoigu's words is frequent enough, and none of his passages matches the lexicon: per token he
    # under-uses every term and every category, so he is compared, not left out
    for key in (term_keyness(atts + extra, min_count=3), category_keyness(units)):
        assert key.left_out == ()
        his = key.table[key.table["group"] == shoigu]
        assert len(his) and (his["count"] == 0).all() and (his["rate_per_1000"] == 0).all()
        used = his["rate_rest_per_1000"] > 0
        assert (his.loc[used, "z"] < 0).all() and (his.loc[used, "chi2"] < 0).all() and used.any()
    comp = compare_groups(units, compare="one-vs-rest", n_perm=100, n_boot=100)
    assert np.isnan(comp.distances.set_index("group").loc[shoigu, "js_distance"])


def test_the_old_keyword_mode_still_works_with_a_future_warning(data):
    _, atts, matches = data
    units = unit_table(atts, matches, categories=LEX.category_names)
    new = compare_groups(units, compare="pairs", n_perm=50, n_boot=50, rng=3)
    with pytest.warns(FutureWarning, match="'mode' is now called 'compare'"):
        old = compare_groups(units, mode="pairs", n_perm=50, n_boot=50, rng=3)
    pd.testing.assert_frame_equal(old.table, new.table)
    assert old.compare == "pairs"
    with pytest.warns(FutureWarning, match="Comparisons.mode is now Comparisons.compare"):
        assert old.mode == "pairs"
