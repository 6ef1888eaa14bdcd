"""Speaker attribution: the seed gold file, and each rule on tiny inline texts."""

import json

import pytest

from framing import Document, attribute, segment

from conftest import GOLD


def run(text):
    return attribute(segment(Document("d", text)))


def test_seed_gold_every_sentence(seed_attributions):
    gold = [json.loads(line) for line in (GOLD / "seed_attribution.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(gold) == len(seed_attributions)
    for g, a in zip(gold, seed_attributions, strict=True):
        assert a.passage_id == g["passage_id"]
        assert a.text.startswith(g["starts"])
        assert list(a.speakers) == g["speakers"], a.explain()
        assert sorted(a.targets) == sorted(g["targets"]), a.explain()


def test_seed_rules_and_evidence(seed_attributions):
    rules = [a.rule for a in seed_attributions]
    assert rules == [
        "reporting-verb",
        "pronoun",
        "narrator",
        "reporting-verb",
        "pronoun",
        "quote",
        "reporting-verb",
        "pronoun",
        "quote-continuation",
        "quote-continuation",
        "reporting-verb",
        "reporting-verb",
        "reporting-verb",
        "reporting-verb",
    ]
    quote_first = seed_attributions[6]
    assert quote_first.evidence == "Putin remarked"
    assert "'putin'" in quote_first.explain() and "reporting-verb" in quote_first.explain()
    assert seed_attributions[5].evidence == "Putin remarked"  # first sentence of the quote, named later
    assert "refers to putin" in seed_attributions[7].explain()


def test_quote_first_and_quote_last_layouts():
    (a,) = run('"We will not give up," Zelensky said.')
    assert a.speakers == ("zelensky",) and a.rule == "reporting-verb"
    (b,) = run('"We will not give up," said President of Ukraine Volodymyr Zelenskyi.')
    assert b.speakers == ("zelensky",)
    (c,) = run("Lavrov said that Kyiv was to blame.")
    assert c.speakers == ("lavrov",) and c.targets == ("ukraine",)


def test_curly_and_guillemet_quotes_span_sentences():
    text = "«Russia wants peace. Ukraine refuses,» Lavrov claimed."
    a, b = run(text)
    assert a.speakers == b.speakers == ("lavrov",)
    assert a.rule == "quote" and b.rule == "reporting-verb"
    c, d = run("“It is a war of aggression. It must end,” Macron warned.")
    assert c.speakers == d.speakers == ("macron",)


def test_mentions_inside_quotes_are_not_speakers():
    (a,) = run('"Putin must stop," the diplomat said.')
    assert a.speakers == ("unnamed_source",) and a.targets == ("putin",)  # an unnamed source, not the narrator


def test_prepositional_and_possessive_mentions_are_not_subjects():
    (a,) = run("Backed by Biden, Europe warned Moscow.")
    assert a.speakers == ("europe",)
    (b,) = run("Russia's envoy said the talks failed.")
    # the possessive is not the subject: the envoy is, an unnamed source affiliated to Russia
    assert b.speakers == ("russia",) and b.note == "an unnamed source" and b.evidence == "Russia's envoy said"


def test_pronoun_carryover_scope_and_compatibility():
    text = "Putin spoke in Moscow.\nHe said the talks would go on."
    assert [a.speakers for a in run(text)] == [("narrator",), ("putin",)]
    far = "Putin spoke.\n" + "Nothing else.\n" * 6 + "He said more."
    assert run(far)[-1].speakers == ("narrator",)
    they = "NATO met on Monday. They said the alliance was united."
    assert run(they)[-1].speakers == ("nato",)
    she = "Putin spoke.\nShe said no."
    assert run(she)[-1].speakers == ("narrator",)  # no female actor to refer to


def test_coordinated_speakers():
    (a,) = run("Biden, along with Western European leaders and Ukraine, has characterized the war as aggression.")
    assert a.speakers == ("biden", "europe", "ukraine")
    (b,) = run("Macron and Zelensky said the talks failed.")
    assert b.speakers == ("macron", "zelensky")


def test_unclosed_quote_stays_in_its_paragraph():
    text = 'Zelensky said: "We will fight on.\nThe weather was cold.'
    a, b = run(text)
    assert a.speakers == ("zelensky",)
    assert b.speakers == ("narrator",)


def test_quote_continuing_over_paragraphs():
    text = '"We offer talks," Putin said.\n"The ball is in their court.\n"They must decide."\nThe weather was cold.'
    assert [a.speakers[0] for a in run(text)] == ["putin", "putin", "putin", "narrator"]


def test_document_without_actors_is_narrated_without_targets():
    (a,) = run("The weather was cold and the roads were empty.")
    assert (a.speakers, a.targets, a.rule) == (("narrator",), (), "narrator")


def test_to_record_is_json_ready(seed_attributions):
    rec = seed_attributions[0].to_record()
    assert json.loads(json.dumps(rec)) == rec
    assert {"doc_id", "passage_id", "start", "end", "text", "speakers", "targets", "rule", "evidence"} <= set(rec)


@pytest.mark.parametrize("scope", [0, 1])
def test_carryover_scope_parameter(scope):
    passages = segment(Document("d", "Putin spoke.\nHe said more."))
    (_, b) = attribute(passages, carryover_scope=scope)
    assert b.speakers == (("putin",) if scope else ("narrator",))


@pytest.mark.parametrize(
    "text",
    [
        "„Wir wollen Frieden. Jetzt sofort“, Macron said.",
        "‘We want peace. Right now,’ Macron said.",
        "«We want peace. Right now», Macron said.",
        "“We want peace. Right now,” Macron said.",
    ],
)
def test_every_quote_style_spans_sentences(text):
    a, b = run(text)
    assert a.speakers == b.speakers == ("macron",)
    assert a.rule == "quote" and a.quotes


def test_apostrophes_are_not_single_quotes():
    (a,) = run("Russia’s envoy said Ukraine’s army isn’t ready.")
    assert a.quotes == () and a.speakers == ("russia",)
