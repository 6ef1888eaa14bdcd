"""Keyness per token: category keyness compares rates per token (an "other tokens" cell), not shares of matches."""

import warnings

import numpy as np
import pandas as pd
import pytest

from framing.compare import UnitTable, category_keyness, keyness


def units_of(groups: dict[str, tuple[list[int], int]], categories=("x", "y")) -> UnitTable:
    """One document per group: its counts per category and its tokens."""
    names = tuple(groups)
    counts = np.array([c for c, _ in groups.values()], dtype=float)
    tokens = np.array([t for _, t in groups.values()], dtype=float)
    return UnitTable(
        names,
        tuple(f"d{i}" for i in range(len(names))),
        counts,
        np.zeros_like(counts),
        np.minimum(counts, 1),
        tokens,
        np.ones(len(names)),
        tuple(categories),
    )


def test_a_talkative_group_that_rarely_frames_underuses_its_one_frame():
    # "big" speaks 100,000 tokens and uses x 9 times, y once: 90 % of its matches are x (the share says it
    # over-uses x), but 0.09 per 1,000 tokens against 5 per 1,000 in the rest (it under-uses x per token)
    units = units_of({"big": ([9, 1], 100_000), "a": ([5, 5], 1_000), "b": ([5, 5], 1_000), "silent": ([0, 0], 3_000)})
    per_token = category_keyness(units)
    row = per_token.table.set_index(["group", "feature"]).loc[("big", "x")]
    assert row["unit"] == "token" and per_token.unit == "token"
    assert row["rate_per_1000"] == pytest.approx(0.09) and row["rate_rest_per_1000"] == pytest.approx(10 / 5)
    assert row["z"] < 0 and row["chi2"] < 0 and row["g2"] < 0 and row["log_ratio"] < 0
    # the share-based answer (no tokens: the old unit) says the opposite
    groups = ["a", "b", "big", "silent"]
    counts = np.array([[5, 5], [5, 5], [9, 1], [0, 0]], dtype=float)
    share = keyness(counts[:3], groups[:3], ["x", "y"], kind="categories")
    assert share.unit == "count"
    assert share.table.set_index(["group", "feature"]).loc[("big", "x"), "z"] > 0
    # a group that speaks and never frames is compared (it under-uses both); one without tokens is left out
    silent = per_token.table[per_token.table["group"] == "silent"]
    assert len(silent) == 2 and (silent["z"] < 0).all() and per_token.left_out == ()
    mute = category_keyness(units_of({"a": ([5, 5], 1_000), "b": ([1, 2], 900), "mute": ([0, 0], 0)}))
    assert mute.left_out == ("mute",) and set(mute.table["group"]) == {"a", "b"}


def assert_signs_follow_rates(table):
    diff = table["rate_per_1000"] - table["rate_rest_per_1000"]
    defined = table["z"].notna()
    # NaN only for a feature nobody used
    assert ((table["rate_per_1000"] == 0) & (table["rate_rest_per_1000"] == 0))[~defined].all()
    for column in ("z", "delta"):  # exactly the sign, 0 only for equal rates
        got = np.sign(table.loc[defined, column])
        assert (got == np.sign(diff[defined])).all(), table.loc[defined & (got != np.sign(diff)), :]
    for column in ("chi2", "g2"):  # never the opposite sign (the continuity correction may bring them to 0)
        got = np.sign(table.loc[defined, column])
        assert (got * np.sign(diff[defined]) >= 0).all() and (got[np.sign(diff[defined]) == 0] == 0).all()


def test_z_and_chi2_have_the_sign_of_the_rate_difference_on_random_tables():
    rng = np.random.default_rng(0)
    for trial in range(100):
        n_groups, n_cats = rng.integers(2, 7), rng.integers(1, 6)
        counts = rng.poisson(rng.gamma(0.5, 4.0, size=(n_groups, n_cats))).astype(float)
        counts[:, rng.random(n_cats) < 0.2] = 0  # categories nobody used
        tokens = counts.sum(1) + rng.integers(0, 2_000, n_groups)
        if trial % 10 == 0:  # an exact tie: the same rate as the rest (3 per 300 tokens vs 6 per 600)
            counts, tokens = np.array([[3.0, 1.0], [2.0, 1.0], [4.0, 0.0]]), np.array([300.0, 250.0, 350.0])
        groups = [f"g{i}" for i in range(len(counts))]
        if tokens.min() == 0:
            continue
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            table = keyness(counts, groups, [f"c{j}" for j in range(counts.shape[1])], tokens=tokens).table
        assert_signs_follow_rates(table)
        if trial % 10 == 0:
            tie = table.set_index(["group", "feature"]).loc[("g0", "c0")]
            assert tie["rate_per_1000"] == tie["rate_rest_per_1000"] == 10 and tie["z"] == 0 == tie["delta"]


def test_keyness_checks_the_tokens_and_a_background_prior_covers_the_other_tokens():
    counts = np.array([[3.0, 1.0], [2.0, 4.0]])
    with pytest.raises(ValueError, match=r"\[F606\] tokens and counts do not match"):
        keyness(counts, ["a", "b"], ["x", "y"], tokens=[100.0])
    with pytest.raises(ValueError, match=r"\[F606\]"):  # the background needs its other tokens too
        keyness(counts, ["a", "b"], ["x", "y"], tokens=[100.0, 90.0], prior=np.array([5.0, 5.0]))
    given = keyness(counts, ["a", "b"], ["x", "y"], tokens=[100.0, 90.0], prior=np.array([5.0, 5.0, 990.0]))
    assert given.prior == "given" and len(given.table) == 4


def test_un_category_keyness_z_has_the_sign_of_the_per_token_rate_difference(shared_dir):
    """Issue 15's check on the UN General Debate corpus grouped by iso3, statistics on.

    Two sessions (2021 and 2022, 387 speeches, about 190 countries) keep the test near 20 s; the whole
    corpus takes several minutes. The rates are recomputed from the profiles (counts and tokens per
    country), independently of the keyness table.
    """
    from framing.corpus.named import read_ungdc
    from framing.pipeline import analyze

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # small groups warn (one speech per country and year)
        corpus = read_ungdc(shared_dir / "corpora" / "ungdc", years=(2021, 2022))
        result = analyze(corpus, speaker_field="iso3", n_boot=20, n_perm=20, jobs=1, progress=False)
    table = result.category_keyness.table
    profiles = result.profiles.table
    assert len(corpus) == 387 and table["group"].nunique() > 150 and (table["unit"] == "token").all()
    count = profiles.set_index(["group", "category"])["count"]
    tokens = profiles.groupby("group")["tokens"].first()
    total = profiles.groupby("category")["count"].sum()
    key = list(zip(table["group"], table["feature"], strict=True))
    rate = count.loc[key].to_numpy() / tokens.loc[table["group"]].to_numpy()
    rest = (total.loc[table["feature"]].to_numpy() - count.loc[key].to_numpy()) / (
        tokens.sum() - tokens.loc[table["group"]].to_numpy()
    )
    np.testing.assert_allclose(table["rate_per_1000"], 1000 * rate, rtol=1e-12)
    np.testing.assert_allclose(table["rate_rest_per_1000"], 1000 * rest, rtol=1e-12)
    defined = table["z"].notna()
    assert defined.sum() > 4000
    assert (np.sign(table.loc[defined, "z"]) == np.sign(rate - rest)[defined]).all()
    assert (np.sign(table.loc[defined, "chi2"]) * np.sign(rate - rest)[defined] >= 0).all()  # 0: continuity
    assert (rate[~defined] == 0).all() and (rest[~defined] == 0).all()
    # the example: Russia uses `sanctions` more per token than the rest, so its z is positive
    russia = table.set_index(["group", "feature"]).loc[("RUS", "sanctions")]
    assert russia["rate_per_1000"] > russia["rate_rest_per_1000"] and russia["z"] > 0


# ------------------------------------------------------------------------------------------------------
# intervals of validation precision / recall / F1

#: Population scores of the simulation below: prevalence 0.3, recall 0.7, false-positive rate 0.1 (document
#: means of independent Beta draws), so precision = 0.21 / (0.21 + 0.07) and F1 = 0.42 / (0.42 + 0.07 + 0.09).
POPULATION = {"precision": 0.21 / 0.28, "recall": 0.7, "f1": 0.42 / 0.58}


def coded_passages(gen, n_docs, per_doc, concentration=8.0):
    """Passages of ``n_docs`` documents; prevalence, recall and false-positive rate vary by document."""

    def beta(mean):
        return gen.beta(mean * concentration, (1 - mean) * concentration, n_docs)

    prevalence, recall, false_positive = beta(0.3), beta(0.7), beta(0.1)
    doc = np.repeat(np.arange(n_docs), per_doc)
    gold = gen.random(doc.size) < prevalence[doc]
    pred = np.where(gold, gen.random(doc.size) < recall[doc], gen.random(doc.size) < false_positive[doc])
    return gold.astype(int), pred.astype(int), doc


def coverage(n_docs, per_doc, by_document, reps=200, n_boot=1000):
    from framing.stats import bootstrap_precision_recall

    gen = np.random.default_rng(2024)
    hits = dict.fromkeys(POPULATION, 0)
    for i in range(reps):
        gold, pred, doc = coded_passages(gen, n_docs, per_doc)
        ci = bootstrap_precision_recall(gold, pred, rng=i, clusters=doc if by_document else None, n_boot=n_boot)
        for score, value in POPULATION.items():
            hits[score] += ci.lower[score][0] <= value <= ci.upper[score][0]
    return {score: h / reps for score, h in hits.items()}


def test_validation_intervals_cover_the_population_scores_when_documents_are_resampled():
    # 200 samples of 40 documents × 5 passages: each 95 % interval should cover 95 % ± 3 % (binomial SE 1.5 %)
    by_document = coverage(40, 5, True)
    assert all(0.90 <= c <= 0.99 for c in by_document.values()), by_document
    # with few long documents, resampling passages as if independent covers precision less often
    few = coverage(20, 10, True, reps=120)
    rows = coverage(20, 10, False, reps=120)
    assert rows["precision"] < few["precision"], (few, rows)


def test_validate_reports_intervals_resampling_documents_deterministically():
    from framing.compare import validate

    gen = np.random.default_rng(5)
    gold_codes, pred, doc = coded_passages(gen, 30, 4)
    index = pd.MultiIndex.from_arrays([[f"d{d}" for d in doc], np.arange(doc.size)], names=["doc_id", "passage"])
    gold = pd.DataFrame({"frame": gold_codes, "other": gen.integers(0, 2, doc.size)}, index=index)
    scores = pd.DataFrame({"frame": pred * 2.0 + gen.uniform(0, 0.5, doc.size), "other": 2 * gen.random(doc.size)})
    scores.index = index
    v = validate(scores, gold, threshold=1.0, rng=3, n_boot=500)
    assert v.resampled == "documents" and v.n_boot == 500 and v.seed == 3 and v.confidence == 0.95
    assert "500 bootstrap resamples of 30 documents" in v.method
    s = v.scores.set_index("category")
    for score in ("precision", "recall", "f1"):
        assert (s[f"{score}_lower"] <= s[score]).all() and (s[score] <= s[f"{score}_upper"]).all()
        assert (s[f"{score}_lower"] < s[f"{score}_upper"]).loc[["frame", "micro", "macro"]].all()
    again = validate(scores, gold, threshold=1.0, rng=3, n_boot=500)
    pd.testing.assert_frame_equal(v.scores, again.scores)
    other_seed = validate(scores, gold, threshold=1.0, rng=4, n_boot=500)
    assert not v.scores.equals(other_seed.scores)
    # without a document level the rows are resampled, and the result says so
    flat = validate(scores.reset_index(drop=True), gold.reset_index(drop=True), threshold=1.0, n_boot=200)
    assert flat.resampled == "rows" and "of 120 rows" in flat.method
    named = validate(scores, gold, threshold=1.0, n_boot=200, documents="passage")
    assert named.resampled == "documents" and "of 120 documents" in named.method
    with pytest.raises(ValueError, match=r"\[F604\] No index level 'speech'"):
        validate(scores, gold, documents="speech")
    with pytest.raises(ValueError, match=r"\[F606\] clusters and gold do not match"):
        validate(scores, gold, documents=["a", "b"])
    with pytest.raises(ValueError, match=r"\[F601\] n_boot must be"):
        validate(scores, gold, n_boot=0)


def test_bootstrap_precision_recall_nan_where_never_defined():
    from framing.stats import bootstrap_precision_recall

    # category b is never predicted and never coded: precision, recall, F1 undefined in every replicate
    gold = np.array([[1, 0], [0, 0], [1, 0], [0, 0]])
    pred = np.array([[1, 0], [1, 0], [0, 0], [0, 0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ci = bootstrap_precision_recall(gold, pred, rng=0, n_boot=300, categories=["a", "b"])
    assert np.isnan(ci.lower["recall"][1]) and np.isnan(ci.upper["f1"][1])
    assert 0 <= ci.lower["precision"][0] <= 0.5 <= ci.upper["precision"][0] <= 1
    assert ci.macro_lower["f1"] == ci.lower["f1"][0] and ci.resampled == "rows" and ci.seed == 0
    assert "n_boot=300" in repr(ci)
