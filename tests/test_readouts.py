"""Readouts (framing.actors.readouts): joint positions, participants' statements, sides, continuations."""

import json
import warnings

import pytest

from framing import Document, attribute, load_actors, segment
from framing.actors.evaluation import evaluate_attributions, read_gold
from framing.actors.readouts import is_readout, participants

from conftest import GOLD

TITLE = "Telephone conversation with President of Armenia Serzh Sargsyan"
LEAD = "Vladimir Putin had a telephone conversation with President of Armenia Serzh Sargsyan."
TEXT = (
    "Serzh Sargsyan Sargsyan Serzh congratulated Vladimir Putin on his birthday.\n\n"
    "Both sides stressed the importance of cooperation between Russia and Armenia. "
    "It was agreed to continue contacts at various levels. "
    "The aim is to prepare a visit.\n\n"
    "The Russian side called for restraint. "
    "Mr Putin expressed his confidence that the talks will succeed. "
    "The conversation was constructive."
)


def run(meta, text=TEXT):
    doc = Document("r1", text, {"date": "2016-04-05", **meta})
    return {a.passage_id: a for a in attribute(segment([doc]), corpus=[doc])}


def test_readout_rules_on_a_synthetic_call():
    got = run({"title": TITLE, "lead": LEAD})
    both = ("putin", "serzh_sargsyan")
    expected = [
        (("serzh_sargsyan",), "participant"),
        (both, "joint"),
        (both, "joint"),
        (both, "readout-continuation"),
        (("putin",), "side"),
        (("putin",), "participant"),
        (("narrator",), "narrator"),
    ]
    assert [(got[i].speakers, got[i].rule) for i in sorted(got)] == expected
    assert got[1].evidence.startswith("Both sides") and got[1].targets == ("russia",)
    assert got[2].evidence == "It was agreed"
    assert got[0].targets == ("putin",)


def test_genre_metadata_overrides_detection():
    news = run({"title": TITLE, "lead": LEAD, "genre": "news"})
    # read as news, "Both sides stressed" is an unnamed source, not the participants of a call
    assert news[1].rule != "joint" and news[1].speakers == ("unnamed_source",)
    assert is_readout({"genre": "readout"}) and not is_readout({"title": "Visiting a factory"})
    assert is_readout({"lead": "Vladimir Putin had a telephone conversation with Angela Merkel."})


def test_participants_from_title_lead_and_name_labels():
    registry = load_actors()
    who = participants({"title": TITLE, "lead": LEAD}, TEXT, registry, "2016-04-05")
    assert who.actors == ("putin", "serzh_sargsyan")
    two = participants(
        {"title": "Telephone conversations with Ilham Aliyev and Serzh Sargsyan", "aliases": ("the President=putin",)},
        "",
        registry,
        "2016-04-05",
    )
    assert two.actors == ("putin", "ilham_aliyev", "serzh_sargsyan")
    emir = participants(
        {"title": "Telephone conversation with Crown Prince of Abu Dhabi Mohammed bin Zayed Al Nahyan"},
        "The Crown Prince Al Nahyan Mohammed bin ZayedCrown Prince of Abu Dhabi thanked Vladimir Putin.",
        registry,
        "2020-05-01",
        "Vladimir Putin had a telephone conversation with Crown Prince of Abu Dhabi.",
    )
    assert emir.actors == ("putin", "mohammed_bin_zayed_al_nahyan")
    registered = participants(
        {"title": "Telephone conversation with President of Turkey Recep Tayyip Erdogan"},
        "",
        registry,
        "2018-01-01",
        LEAD,
    )
    assert registered.actors == ("putin", "erdogan")


def test_excerpts_are_the_hosts_words():
    text = (
        "The two leaders discussed energy.\n\nExcerpts from telephone conversation with President of Armenia\n\n"
        "Mr President, I am calling you today.\n\n<…>"
    )
    got = run({"title": TITLE, "lead": LEAD}, text)
    assert [(got[i].speakers, got[i].rule) for i in sorted(got)] == [
        (("putin", "serzh_sargsyan"), "joint"),
        (("narrator",), "narrator"),
        (("putin",), "excerpt"),
        (("narrator",), "narrator"),
    ]


def test_split_filter_of_evaluate(tmp_path, capsys):
    from framing.cli import main

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Putin said that talks matter.\n\nThe weather was fine.\n", encoding="utf-8")
    gold = tmp_path / "gold.jsonl"
    rows = [
        {"doc_id": "a", "passage_id": 0, "speakers": ["putin"], "targets": [], "split": "train"},
        {"doc_id": "a", "passage_id": 1, "speakers": ["lavrov"], "targets": [], "split": "test"},
    ]
    gold.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    assert main(["attribute", str(folder), "--evaluate", str(gold), "--split", "train"]) == 0
    assert capsys.readouterr().out.startswith("1 gold passages\nspeakers  precision 1.000")
    assert main(["attribute", str(folder), "--evaluate", str(gold), "--split", "test"]) == 0
    assert "F1 0.000" in capsys.readouterr().out


@pytest.mark.parametrize("split", ["test"])
def test_readout_gold_split_f1(shared_dir, split):
    from framing.corpus.named import read_kremlin

    gold = [g for g in read_gold(GOLD / "readout_attribution.jsonl") if g["split"] == split]
    wanted = {g["doc_id"] for g in gold}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        docs = [d for d in read_kremlin(shared_dir / "corpora" / "kremlin_en") if str(d.doc_id) in wanted]
    scores = evaluate_attributions(attribute(segment(docs), corpus=docs), gold)
    assert scores.passages == len(gold) and scores.speakers.f1 >= 0.85, scores.summary()


def test_white_house_readouts_are_readouts_too():
    title = "Readout of President Joseph R. Biden, Jr. Call with President Emmanuel Macron of France"
    text = (
        "President Joseph R. Biden, Jr. spoke today with President Emmanuel Macron of France. "
        "The leaders agreed on the need for close coordination. "
        "They also agreed to work together on shared priorities."
    )
    doc = Document("wh1", text, {"date": "2021-01-24", "title": title})
    got = attribute(segment([doc]), corpus=[doc])
    assert "jr" not in got[0].speakers  # "Jr." is no name
    assert [a.speakers for a in got[1:]] == [("biden", "macron"), ("biden", "macron")]
    assert got[1].rule == "joint"
