"""Targets of lexicon matches (framing.actors.targets): each rule, roles, counter-framing, and the tables
built on them (target_table, unit_table(target=), frame_adoption's counter-framing)."""

from __future__ import annotations

import importlib.util
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import framing
from framing.actors import TARGET_COLUMNS, attribute, frame_targets, load_actors
from framing.actors.targets import Target, role_of
from framing.compare import frame_adoption, matches_framing, target_table, unit_table
from framing.corpus import Document
from framing.lexicon import ROLE_SLOTS, ROLES, Category, parse_lexicon

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
REGISTRY = load_actors()
LEXICON = framing.load_lexicon("urw_frames")


def analyse(text: str, meta: dict | None = None):
    doc = Document("d", text, meta or {})
    passages = framing.segment([doc])
    attributions = attribute(passages, REGISTRY, corpus=[doc])
    table = frame_targets(attributions, framing.match_table(passages, LEXICON), LEXICON.categories, REGISTRY)
    return attributions, table


def linked(text: str, phrase: str) -> dict[str, tuple[str, str]]:
    """actor -> (role, rule) of the match whose text is ``phrase``."""
    _, table = analyse(text)
    rows = table[table["text"] == phrase]
    assert len(rows) == 1, table[["text", "category"]]
    r = rows.iloc[0]
    if not r["targets"]:
        return {}
    return {
        t: (role, rule)
        for t, role, rule in zip(
            r["targets"].split(";"), r["roles"].split(";"), r["target_rules"].split(";"), strict=True
        )
    }


@pytest.mark.parametrize(
    ("text", "phrase", "expected"),
    [
        # possessives, adjectives and names inside the phrase: the owner
        ("We condemn Russia's unprovoked and brutal aggression.", "unprovoked", {"russia": ("villain", "possessive")}),
        ("Russian imperialism has no place in Europe.", "Russian imperialism", {"russia": ("villain", "inside")}),
        ("They call them the Ukrainian neo-Nazis.", "neo-Nazis", {"ukraine": ("villain", "modifier")}),
        # prepositions: the preposition decides
        (
            "This is aggression against Ukraine.",
            "aggression against Ukraine",
            {"ukraine": ("victim", "inside")},
        ),
        ("We will keep up economic pressure on Russia.", "economic pressure", {"russia": ("villain", "preposition")}),
        ("The humiliation of Russia was deliberate.", "humiliation", {"russia": ("victim", "preposition")}),
        (
            "We respect the territorial integrity of Ukraine.",
            "territorial integrity",
            {"ukraine": ("victim", "preposition")},
        ),
        # a state as the place of the harm is its victim; a region is only the setting
        ("War crimes in Ukraine must be punished.", "War crimes", {"ukraine": ("victim", "preposition")}),
        ("A war of aggression in Europe is back.", "war of aggression", {}),
        # an institution in a capital is the state's
        ("He met the current regime in Kiev.", "regime in Kiev", {"ukraine": ("villain", "inside")}),
        # copulas, "as", "if not"
        ("Who is hegemonic today if not Russia?", "hegemonic", {"russia": ("villain", "copula")}),
        ("Russia is a terrorist state.", "terrorist state", {"russia": ("villain", "copula")}),
        # subjects, with the verb's cue
        ("Russia commits war crimes every day.", "war crimes", {"russia": ("villain", "subject")}),
        ("Germany strongly condemns the war crimes.", "war crimes", {"germany": ("hero", "subject")}),
        ("Ukraine needs security guarantees.", "security guarantees", {"ukraine": ("victim", "subject")}),
        ("Russia will be forced to end this war.", "end this war", {"russia": ("villain", "subject")}),
        (
            "Russia violated the territorial integrity of its neighbour.",
            "territorial integrity",
            {"russia": ("villain", "subject")},
        ),
        # a relative clause's antecedent
        (
            "They armed the Kyiv regime, which came to power through a bloody coup.",
            "bloody coup",
            {"ukraine": ("villain", "relative")},
        ),
        # coordination, and a list that is not one of actors
        (
            "Russia and China reject the unipolar order.",
            "unipolar",
            {"russia": ("hero", "coordination"), "china": ("hero", "subject")},
        ),
        # who only says the words is not a target; who does what the words name is
        ("Putin said that the West wages a proxy war.", "proxy war", {"west": ("villain", "subject")}),
        ("The European Union announced new sanctions.", "sanctions", {"eu": ("hero", "subject")}),
        # a negated cleft moves the blame away from its focus
        ("It wasn't Russia that halted the negotiations; it was Ukraine.", "halted the negotiations", {}),
        # frames that name no one
        ("The unipolar model is receding.", "unipolar", {}),
    ],
)
def test_rules(text, phrase, expected):
    assert linked(text, phrase) == expected


def test_target_columns_rules_and_evidence_line_up():
    _, table = analyse("Russia's aggression against Ukraine must end.")
    assert list(table.columns[-len(TARGET_COLUMNS) :]) == TARGET_COLUMNS
    r = table.iloc[0]
    assert r["targets"] == "russia;ukraine" and r["roles"] == "villain;victim"
    assert r["target_rules"] == "possessive;inside"
    assert r["target_evidence"].split("|") == ["Russia's aggression against Ukraine", "aggression against Ukraine"]


@pytest.mark.parametrize(
    ("text", "phrase", "against"),
    [
        # Poland at the UN, 2023, and France, 2022: Kremlin frames turned against the Kremlin
        ("We have consistently opposed Russia's imperialist and neocolonialist policy.", "neocolonialist", True),
        ("Who is hegemonic today if not Russia?", "hegemonic", True),
        ("The West seeks global dominance.", "global dominance", False),  # the Kremlin frame as it is
        ("We condemn the war crimes committed by Russia.", "war crimes", False),  # not a frame of Russia's
    ],
)
def test_against_sponsor(text, phrase, against):
    _, table = analyse(text)
    assert bool(table.loc[table["text"] == phrase, "against_sponsor"].iloc[0]) is against


def test_members_count_against_their_sponsor():
    # a Europe-sponsored remedy aimed at France (a member of europe) is turned against its sponsor
    lexicon = parse_lexicon(
        "name: t\ncategories:\n  sanctions:\n    sponsor: europe\n    function: remedy\n    entries: [sanctions]\n"
    )
    doc = Document("d", "They imposed sanctions against France.", {})
    passages = framing.segment([doc])
    table = frame_targets(
        attribute(passages, REGISTRY, corpus=[doc]),
        framing.match_table(passages, lexicon),
        lexicon.categories,
        REGISTRY,
    )
    assert table.iloc[0]["targets"] == "france" and table.iloc[0]["roles"] == "villain"
    assert bool(table.iloc[0]["against_sponsor"])
    # without the registry nobody rolls up, so France is not Europe
    plain = frame_targets(
        attribute(passages, REGISTRY, corpus=[doc]), framing.match_table(passages, lexicon), lexicon.categories
    )
    assert not bool(plain.iloc[0]["against_sponsor"])


def test_roles_follow_the_function_and_the_category():
    slot = {s: Target("x", s, "subject", 0, 1) for s in ROLE_SLOTS}
    moral = Category("m", (), function="moral")
    remedy = Category("r", (), function="remedy")
    assert [role_of(moral, slot[s]) for s in ROLE_SLOTS] == ["villain", "villain", "victim", "victim", "none"]
    assert [role_of(remedy, slot[s]) for s in ROLE_SLOTS] == ["hero", "hero", "villain", "victim", "none"]
    own = Category("s", (), function="moral", roles=(("owner", "victim"),))
    assert role_of(own, slot["owner"]) == "victim" and role_of(own, slot["agent"]) == "villain"
    assert role_of(Category("n", ()), slot["agent"]) == "none"
    cued = Target("x", "agent", "subject", 0, 1, "oppose")
    assert role_of(moral, cued) == "hero" and role_of(remedy, cued) == "villain"
    assert set(ROLES) == {"villain", "victim", "hero", "none"}


def test_roles_in_yaml_round_trip_and_are_checked():
    text = (
        "name: t\ncategories:\n  sov:\n    function: moral\n    roles: {agent: hero, owner: victim}\n"
        "    entries: [sovereignty]\n"
    )
    lexicon = parse_lexicon(text)
    assert lexicon.categories["sov"].roles == (("agent", "hero"), ("owner", "victim"))
    again = parse_lexicon(framing.lexicon.to_yaml(lexicon))
    assert again.categories["sov"].roles == lexicon.categories["sov"].roles
    with pytest.raises(framing.errors.LexiconError, match="roles must map"):
        parse_lexicon(text.replace("owner: victim", "owner: saint"))
    with pytest.raises(framing.errors.LexiconError, match="roles must map"):
        parse_lexicon(text.replace("owner: victim", "bystander: victim"))


def test_matches_of_passages_without_attribution_have_no_targets():
    doc = Document("d", "Russian aggression must end.", {})
    passages = framing.segment([doc])
    table = frame_targets([], framing.match_table(passages, LEXICON), LEXICON.categories, REGISTRY)
    assert table["targets"].tolist() == [""] and not table["against_sponsor"].any()


SPEECHES = [
    ("s1", "Russia's aggression against Ukraine must end. We condemn Russia's neocolonialist policy.", ["poland"]),
    ("s2", "The West wages a proxy war against Russia. NATO expansion threatens Russia.", ["russia"]),
    ("s3", "Western hegemony is over. The collective West seeks global dominance.", ["russia"]),
]


@pytest.fixture(scope="module")
def speeches():
    warnings.simplefilter("ignore")
    docs = [Document(i, t, {"speaker": s}) for i, t, s in SPEECHES]
    passages = framing.segment(docs)
    attributions = attribute(passages, REGISTRY, corpus=docs)
    table = frame_targets(attributions, framing.match_table(passages, LEXICON), LEXICON.categories, REGISTRY)
    return docs, attributions, table


def test_target_table_counts_who_frames_whom_as_what(speeches):
    _, attributions, matches = speeches
    t = target_table(attributions, matches, registry=REGISTRY)
    row = t[(t["group"] == "poland") & (t["target"] == "russia") & (t["category"] == "western_hegemony")]
    assert row[["role", "count", "against_sponsor", "documents"]].values.tolist() == [["villain", 1, 1, 1]]
    # the table adds up to the (match, target) pairs of the non-negated matches each group speaks
    pairs = sum(len(r.targets.split(";")) for r in matches.itertuples() if r.targets and not r.negated)
    assert t["count"].sum() == pairs
    by_state = target_table(attributions, matches, registry=REGISTRY, level="state")
    assert set(by_state["group"]) <= {"poland", "russia"}


def test_unit_table_by_target_keeps_the_matches_that_frame_it(speeches):
    _, attributions, matches = speeches
    cats = LEXICON.category_names
    russia = unit_table(attributions, matches, categories=cats, registry=REGISTRY, target="russia")
    everything = unit_table(attributions, matches, categories=cats, registry=REGISTRY)
    assert russia.counts.sum() == len(matches_framing(matches[~matches["negated"]], "russia", REGISTRY))
    assert 0 < russia.counts.sum() < everything.counts.sum()
    assert np.array_equal(russia.tokens, everything.tokens)
    with pytest.raises(framing.errors.ArgumentError, match="no 'targets' column"):
        matches_framing(matches.drop(columns=["targets"]), "russia")


def test_adoption_counts_counter_framing_apart(speeches):
    _, attributions, matches = speeches
    units = unit_table(attributions, matches, categories=LEXICON.category_names, registry=REGISTRY)
    adoption = frame_adoption(units, LEXICON)
    poland = adoption[(adoption["group"] == "poland") & (adoption["sponsor"] == "russia")].iloc[0]
    assert poland["counter"] == 1  # "Russia's neocolonialist policy"
    owner = [c for c in units.categories if "russia" in LEXICON.categories[c].sponsor]
    rows = units.rows("poland")
    assert poland["count"] == units.counts[rows][:, [units.categories.index(c) for c in owner]].sum() - 1
    # without targets nothing is counter-framing
    plain = unit_table(
        attributions, matches.drop(columns=TARGET_COLUMNS), categories=LEXICON.category_names, registry=REGISTRY
    )
    assert frame_adoption(plain, LEXICON)["counter"].sum() == 0


def test_pipeline_writes_targets_csv(tmp_path):
    (tmp_path / "in").mkdir()
    for i, text, _ in SPEECHES:
        (tmp_path / "in" / f"{i}.txt").write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # W401: most categories match nowhere in three sentences
        result = framing.analyze_to(tmp_path / "in", tmp_path / "out")
    written = pd.read_csv(tmp_path / "out" / "targets.csv", keep_default_na=False)
    assert list(written.columns) == framing.compare.TARGET_TABLE_COLUMNS
    assert written["count"].sum() == result.targets["count"].sum() > 0
    matches = pd.read_csv(tmp_path / "out" / "matches.csv", keep_default_na=False)
    assert set(TARGET_COLUMNS) <= set(matches.columns)


def test_reach_trades_precision_for_recall():
    text = "Since Russia invaded Ukraine, the US and its allies have imposed sanctions."
    doc = Document("d", text, {})
    passages = framing.segment([doc])
    attributions = attribute(passages, REGISTRY, corpus=[doc])
    matches = framing.match_table(passages, LEXICON)
    found = {
        reach: set(
            frame_targets(attributions, matches, LEXICON.categories, REGISTRY, reach=reach)["targets"]
            .iloc[0]
            .split(";")
        )
        for reach in ("segment", "clause", "sentence")
    }
    assert found["segment"] == {"united_states"}  # the other actors are in the clause before the comma
    assert found["segment"] < found["clause"] == found["sentence"] == {"russia", "ukraine", "united_states"}
    with pytest.raises(framing.errors.ArgumentError, match="reach"):
        frame_targets(attributions, matches, LEXICON.categories, REGISTRY, reach="paragraph")


# --------------------------------------------------------------------------- the hand-labelled matches
_SPEC = importlib.util.spec_from_file_location("target_validation", BENCH / "target_validation.py")
assert _SPEC is not None and _SPEC.loader is not None
validation = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(validation)


def test_gold_targets_held_out(shared_dir):
    """The 138 held-out matches (frozen before the rules were written): targets more precise than both
    baselines (every actor mentioned; the nearest mention), and (target, role) pairs well above both. The
    issue's bar of 0.90 precision and recall is not reached, recall is below the nearest mention's (README,
    "Targets and roles, measured")."""
    gold = [g for g in validation.read_gold() if g["split"] == "test"]
    result = validation.score(gold, validation.predict(gold, shared_dir))
    assert result["matches"] == len(gold) == 138 and result["missing"] == 0
    system, nearest = result["targets"]["system"], result["targets"]["nearest"]
    everyone = result["targets"]["everyone"]
    assert system["precision"] > max(nearest["precision"], everyone["precision"]), result
    pairs = result["target_role_pairs"]
    assert pairs["system"]["f1"] >= 1.3 * max(pairs["everyone"]["f1"], pairs["nearest"]["f1"]), result
    assert result["role_accuracy"] >= 0.6, result
    errors = result["negation_errors"]
    assert errors["false_negated"] + errors["missed"] <= 4, result


def test_plot_targets_stacks_roles_and_names_counter_framing(speeches):
    import matplotlib.pyplot as plt

    from framing.errors import FigureError
    from framing.figures import plot_targets

    _, attributions, matches = speeches
    table = target_table(attributions, matches, registry=REGISTRY)
    ax = plot_targets(table, groups=["poland"], targets=["russia", "ukraine"])
    assert [t.get_text() for t in ax.get_yticklabels()] == ["poland → russia", "poland → ukraine"]
    containers = ax.containers
    assert [c.get_label() for c in containers] == ["villain", "victim", "hero", "none"]
    widths = {c.get_label(): [p.get_width() for p in c] for c in containers}
    cells = table[table["group"] == "poland"].groupby(["target", "role"])["count"].sum()
    for role, (russia, ukraine) in widths.items():
        assert (russia, ukraine) == (cells.get(("russia", role), 0), cells.get(("ukraine", role), 0))
    assert ax.texts[0].get_text().strip() == f"{int(cells['russia'].sum())} (1 counter)"
    with pytest.raises(FigureError, match="F651"):
        plot_targets(table, groups=["poland"], targets=["russia"], categories=["proxy_war"])  # only Russia's
    plt.close("all")


def test_analyze_by_target(tmp_path):
    (tmp_path / "in").mkdir()
    for i, text, _ in SPEECHES:
        (tmp_path / "in" / f"{i}.txt").write_text(text, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # W401, W402: three sentences
        every = framing.analyze(tmp_path / "in", n_boot=20, n_perm=20)
        russia = framing.analyze(tmp_path / "in", n_boot=20, n_perm=20, target="russia")
    framed = unit_table(
        russia.attributions, russia.matches, categories=LEXICON.category_names, registry=REGISTRY, target="russia"
    )
    assert russia.profiles.table["count"].sum() == framed.counts.sum()
    assert 0 < framed.counts.sum() < every.profiles.table["count"].sum()
    assert len(russia.matches) == len(every.matches)  # the match table keeps every match
    with pytest.raises(framing.errors.RunError, match=r"\[F440\] Option target \(--target\) must be an actor id"):
        framing.analyze(tmp_path / "in", target="nobody")
