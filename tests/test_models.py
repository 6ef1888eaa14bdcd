"""Count regression (framing.compare.count_model): agreement with statsmodels fitted directly, the exact fallback for
levels without a match, formula errors, coverage in a simulation, models.csv from the command line and the UN
corpus grouped by iso3."""

from __future__ import annotations

import json
import time
import warnings

import numpy as np
import pandas as pd
import pytest

from framing.compare import MODEL_COLUMNS, REST, UnitTable, count_model, formula_fields
from framing.errors import ArgumentError, CompareWarning

from conftest import toy_corpus


def _units(rng: np.random.Generator, n_per_group: int = 10, groups=("A", "B", "C"), rr_b: float = 1.5):
    """Simulated (group, document) units, one per document: lognormal lengths (median 2,000 tokens),
    Gamma(1) per-document overdispersion, a year effect of +5 % a year, group B at ``rr_b`` times A's rate."""
    n = n_per_group * len(groups)
    labels = np.repeat(np.array(groups, dtype=object), n_per_group)
    year = rng.integers(2014, 2025, n)
    tokens = np.round(np.exp(rng.normal(np.log(2000), 0.8, n))) + 1
    mu = tokens / 1000 * 2.0 * np.where(labels == "B", rr_b, 1.0) * np.exp(0.05 * (year - 2019)) * rng.gamma(1, 1, n)
    y = rng.poisson(mu).astype(float)[:, None]
    docs = tuple(f"d{i}" for i in range(n))
    units = UnitTable(tuple(labels), docs, y, np.zeros_like(y), (y > 0).astype(float), tokens, np.ones(n), ("x",))
    return units, {d: {"year": str(v)} for d, v in zip(docs, year, strict=True)}


def _frame(units: UnitTable, meta: dict) -> pd.DataFrame:
    year = np.array([float(meta[d]["year"]) for d in units.documents])
    return pd.DataFrame(
        {
            "y": units.counts[:, 0],
            "group": list(units.groups),
            "year": year - year.mean(),
            "doc": pd.factorize(np.array(units.documents))[0],
            "tokens": units.tokens,
        }
    )


# ------------------------------------------------------------------------------- agreement with statsmodels
def test_negbin_agrees_with_a_direct_statsmodels_fit():
    from statsmodels.discrete.discrete_model import NegativeBinomial

    units, meta = _units(np.random.default_rng(3))
    model = count_model(units, "C(group, Treatment('A')) + year", metadata=meta)
    df = _frame(units, meta)
    direct = NegativeBinomial.from_formula("y ~ C(group, Treatment('A')) + year", df, offset=np.log(df["tokens"])).fit(
        method="bfgs", maxiter=500, disp=0, cov_type="cluster", cov_kwds={"groups": df["doc"]}
    )
    t = model.table.set_index(["term", "level"])
    for (term, level), name in [
        (("group", "B"), "C(group, Treatment('A'))[T.B]"),
        (("group", "C"), "C(group, Treatment('A'))[T.C]"),
        (("year", "+1"), "year"),
    ]:
        assert t.loc[(term, level), "coef"] == pytest.approx(direct.params[name], rel=1e-4, abs=1e-6)
        assert t.loc[(term, level), "se"] == pytest.approx(direct.bse[name], rel=1e-3)
        assert t.loc[(term, level), "rate_ratio"] == pytest.approx(np.exp(direct.params[name]), rel=1e-4)
    assert list(model.table.columns) == MODEL_COLUMNS
    assert set(model.table["family"]) == {"negbin"} and model.reference == "A"


def test_quasi_poisson_agrees_with_a_direct_statsmodels_glm_and_pools_the_rest():
    import statsmodels.api as sm
    import statsmodels.formula.api as smf

    units, meta = _units(np.random.default_rng(4))
    model = count_model(units, "group + C(year)", metadata=meta, family="quasi-poisson", groups=["B"])
    df = _frame(units, meta).assign(group=lambda d: d["group"].where(d["group"] == "B", REST))
    df["year"] = [meta[d]["year"] for d in units.documents]
    direct = smf.glm(
        f"y ~ C(group, Treatment('{REST}')) + C(year)", df, family=sm.families.Poisson(), offset=np.log(df["tokens"])
    ).fit(scale="X2", cov_type="cluster", cov_kwds={"groups": df["doc"]})
    row = model.table.query("term == 'group'").iloc[0]
    assert (row["level"], model.reference) == ("B", REST)
    name = f"C(group, Treatment('{REST}'))[T.B]"
    assert row["coef"] == pytest.approx(direct.params[name], rel=1e-6)
    assert row["se"] == pytest.approx(direct.bse[name], rel=1e-6)
    # t with documents - 1 degrees of freedom
    assert row["p_value"] == pytest.approx(direct.t_test(f"{name} = 0", use_t=True).pvalue, rel=1e-2)
    years = model.table.query("term == 'year'")
    assert list(years["level"]) == sorted(set(df["year"]))[1:]  # the first year is the reference


# ------------------------------------------------------------------------------- levels without a match
def test_a_group_without_a_match_gets_an_exact_bound_not_a_huge_negative_coefficient():
    units, meta = _units(np.random.default_rng(5))
    zero_c = np.where(np.array(units.groups) == "C", 0.0, units.counts[:, 0])[:, None]
    units = UnitTable(units.groups, units.documents, zero_c, zero_c * 0, zero_c, units.tokens, units.passages, ("x",))
    model = count_model(units, "C(group, Treatment('A')) + year", metadata=meta)
    row = model.table.set_index(["term", "level"]).loc[("group", "C")]
    assert row["rate_ratio"] == 0 and row["ci_lower"] == 0 and np.isnan(row["coef"]) and row["family"] == "exact"
    assert "no match in 'C'" in row["note"]
    # Clopper-Pearson with 0 of n: upper p = 1 - (alpha / 2) ** (1 / n), turned into a rate ratio
    groups = np.array(units.groups)
    n = zero_c[groups == "A"].sum()
    t_c, t_a = units.tokens[groups == "C"].sum(), units.tokens[groups == "A"].sum()
    p_upper = 1 - 0.025 ** (1 / n)
    assert row["ci_upper"] == pytest.approx(p_upper / (1 - p_upper) * t_a / t_c, rel=1e-6)
    assert 0 < row["p_value"] < 0.05
    # the other rows are the fit without C's units (the limit of the maximum-likelihood estimates)
    keep = groups != "C"
    sub = UnitTable(
        tuple(groups[keep]), tuple(np.array(units.documents)[keep]), zero_c[keep], zero_c[keep] * 0, zero_c[keep],
        units.tokens[keep], units.passages[keep], ("x",),
    )  # fmt: skip
    without = count_model(sub, "C(group, Treatment('A')) + year", metadata=meta).table.set_index(["term", "level"])
    b = model.table.set_index(["term", "level"]).loc[("group", "B")]
    assert b["coef"] == pytest.approx(without.loc[("group", "B"), "coef"], rel=1e-4)
    assert b["note"] == ""


def test_a_reference_without_a_match_and_a_category_without_any():
    units, _ = _units(np.random.default_rng(6))
    groups = np.array(units.groups)
    counts = np.column_stack([np.where(groups == "A", 0.0, units.counts[:, 0]), np.zeros(len(groups))])
    units = UnitTable(units.groups, units.documents, counts, counts * 0, counts, units.tokens, units.passages,
                      ("x", "never"))  # fmt: skip
    model = count_model(units, "C(group, Treatment('A'))")
    t = model.table.set_index(["category", "term", "level"])
    for level in ("B", "C"):
        row = t.loc[("x", "group", level)]
        assert row["rate_ratio"] == np.inf and row["ci_upper"] == np.inf and row["ci_lower"] > 0
        assert "no match in the reference 'A'" in row["note"]
    never = model.table.query("category == 'never'")
    assert never["rate_ratio"].isna().all() and (never["note"] == "no match in this category: nothing to model").all()


def test_separation_along_a_numeric_term_is_a_counted_note():
    units, meta = _units(np.random.default_rng(7), n_per_group=8)
    year = np.array([int(meta[d]["year"]) for d in units.documents])
    only_last = np.where(year == year.max(), units.counts[:, 0] + 5, 0.0)[:, None]
    units = UnitTable(units.groups, units.documents, only_last, only_last * 0, only_last, units.tokens,
                      units.passages, ("x",))  # fmt: skip
    with pytest.warns(CompareWarning, match=r"\[W460\]"):
        model = count_model(units, "group + year", metadata=meta, family="quasi-poisson")
    row = model.table.set_index(["term", "level"]).loc[("year", "+1")]
    assert np.isnan(row["rate_ratio"]) and row["note"].startswith("not estimable")


# ------------------------------------------------------------------------------- formulas
@pytest.mark.parametrize(
    ("formula", "message"),
    [
        ("", "it is empty"),
        ("count ~ group", "'~' found"),
        ("group * year", "not supported"),
        ("group + log(year)", "not supported"),
        ("group + year + year", "appears twice"),
        ("group +", "an empty term"),
    ],
)
def test_bad_formulas_are_one_coded_line(formula, message):
    with pytest.raises(ArgumentError, match=rf"\[F620\] Model formula .*{message}"):
        formula_fields(formula)


def test_formula_fields_and_bad_fields_or_references():
    assert formula_fields("C(group, Treatment('UKR')) + year + C(outlet)") == ("year", "outlet")
    units, meta = _units(np.random.default_rng(8))
    with pytest.raises(ArgumentError, match=r"\[F620\].*no document has the metadata field 'outlet'"):
        count_model(units, "group + outlet", metadata=meta)
    with pytest.raises(ArgumentError, match=r"\[F620\].*the reference 'Z' is not a level of 'group'"):
        count_model(units, "C(group, Treatment('Z'))")
    with pytest.raises(ArgumentError, match=r"\[F601\] family"):
        count_model(units, "group", family="poisson")


def test_the_gee_option_and_the_result_object():
    units, meta = _units(np.random.default_rng(9))
    model = count_model(units, "group + year", metadata=meta, cov_type="gee-exchangeable")
    assert set(model.table["cov_type"]) == {"gee-exchangeable"}
    assert model.table["rate_ratio"].notna().all()
    assert "Count models (negbin, gee-exchangeable by document)" in model.summary()
    assert repr(model).startswith("CountModels(1 categories, count ~ group + year")
    tidy = model.to_frame()
    assert set(tidy.columns) == {"category", "term", "level", "statistic", "value"}
    # q-values over the group rows only
    assert model.table.query("term == 'year'")["q_value"].isna().all()
    assert model.table.query("term == 'group'")["q_value"].notna().all()


# ------------------------------------------------------------------------------- validity
def test_coverage_of_the_group_rate_ratio_in_a_simulation():
    """200 replications, 10 documents per group (3 groups), lognormal lengths, Gamma(1) overdispersion per
    document, a year effect; the true rate ratio of B against A is 1.5. Measured (seed 2026): negbin 0.910,
    quasi-Poisson 0.855; the bounds leave room for Monte Carlo error (sd about 0.02) and fail well below."""
    rng = np.random.default_rng(2026)
    start = time.perf_counter()
    covered = {"negbin": [], "quasi-poisson": []}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CompareWarning)
        for _ in range(200):
            units, meta = _units(rng)
            for family, hits in covered.items():
                row = count_model(units, "C(group, Treatment('A')) + year", metadata=meta, family=family).table.iloc[0]
                hits.append(row["ci_lower"] <= 1.5 <= row["ci_upper"])
    coverage = {k: float(np.mean(v)) for k, v in covered.items()}
    assert coverage["negbin"] >= 0.88, coverage
    assert coverage["quasi-poisson"] >= 0.82, coverage
    assert time.perf_counter() - start < 60


# ------------------------------------------------------------------------------- the pipeline
def test_cli_writes_models_csv(tmp_path, capsys):
    from framing.cli import main

    data = tmp_path / "toy.jsonl"
    data.write_text(
        "".join(json.dumps({"id": d.doc_id, "text": d.text, **d.meta}) + "\n" for d in toy_corpus()), encoding="utf-8"
    )
    out = tmp_path / "out"
    args = ["analyze", str(data), "--out", str(out), "--model", "group + C(year)", "--n-boot", "20", "--n-perm", "20"]
    assert main([*args, "--jobs", "1", "--quiet"]) == 0
    table = pd.read_csv(out / "models.csv")
    assert list(table.columns) == MODEL_COLUMNS and len(table)
    assert "Count models (negbin" in capsys.readouterr().out
    report = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert "models.csv" in report["outputs"] and report["config"]["model"] == "group + C(year)"


def test_cli_bad_formula_is_an_error_before_reading(tmp_path, capsys):
    from framing.cli import main

    text = tmp_path / "a.txt"
    text.write_text("Lavrov said NATO expansion is the cause.\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["analyze", str(text), "--out", str(out), "--model", "group:year"]) == 2
    assert "[F620]" in capsys.readouterr().err and not out.exists()


def test_un_general_debate_by_iso3_with_year(shared_dir):
    """The model with year as covariate on the UN General Debate grouped by iso3 (Russia, Ukraine, the USA and
    the EU, every other country pooled): the speeches of the four and every eighth other speech, to bound
    the runtime (the whole corpus: see the README)."""
    import framing
    from framing.corpus import Corpus, read_ungdc

    un = read_ungdc(shared_dir / "corpora" / "ungdc")
    four = ("RUS", "UKR", "USA", "EU")
    docs = [d for i, d in enumerate(un) if d.meta["iso3"] in four or i % 8 == 0]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CompareWarning)
        analysis = framing.analyze(
            Corpus(docs), speaker_field="iso3", groups=list(four), model="C(group, Treatment('UKR')) + year",
            n_boot=1, n_perm=1, jobs=1, progress=False,
        )  # fmt: skip
    models = analysis.models
    assert models is not None and models.reference == "UKR" and set(models.groups) == set(four)
    t = models.table.set_index(["category", "term", "level"])
    # Russia never uses imperial aggression, Ukraine does: an exact bound, not a fitted -inf
    rus = t.loc[("imperial_aggression", "group", "RUS")]
    assert rus["rate_ratio"] == 0 and rus["family"] == "exact" and 0 < rus["ci_upper"] < 1
    # Ukraine never uses western hegemony, Russia does: infinite rate ratio with an exact lower bound
    hegemony = t.loc[("western_hegemony", "group", "RUS")]
    assert hegemony["rate_ratio"] == np.inf and hegemony["ci_lower"] > 1
    assert t.loc[("sanctions", "year", "+1"), "rate_ratio"] > 0
    assert analysis.config["model"] == "C(group, Treatment('UKR')) + year"
