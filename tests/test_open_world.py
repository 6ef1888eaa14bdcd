"""Attribution of news it was not written on: open-world speakers, unnamed sources, quote conventions,
precision guards, pronoun salience (framing.actors.names, framing.actors.clauses) and the relations scorer."""

import json

import pytest

from framing import Document, attribute, segment
from framing.actors import evaluate_relations, load_actors, read_relations
from framing.actors.names import UNNAMED
from framing.actors.relations import source_name, speech_cue


def run(text, **meta):
    doc = Document("d", text, meta)
    return attribute(segment([doc]), corpus=[doc])


def test_an_unknown_named_source_speaks_under_an_id_from_the_name():
    a, b = run('"We will win this," Nina Turner said on Monday. Turner added that the vote was close.')
    assert a.speakers == ("nina_turner",) and a.rule == "reporting-verb"
    assert b.speakers == ("nina_turner",)  # the surname alone finds the same actor
    (actor,) = a.unregistered
    assert (actor.id, actor.kind, actor.label) == ("nina_turner", "person", "Nina Turner")
    assert a.targets == ()  # open-world actors are speakers, never targets
    assert a.to_record()["unregistered"][0]["name"] == "Nina Turner"


def test_an_unknown_speaker_stops_the_carry_over_of_the_previous_one():
    text = '"This is a disaster," Putin said.\n\nChris Christie said the plan was weak.\n\n"Nobody believes it."'
    a, b, c = run(text)
    assert a.speakers == ("putin",) and b.speakers == ("chris_christie",)
    assert c.speakers == ("chris_christie",) and c.rule == "quote-continuation"


def test_sentence_initial_common_words_are_not_names():
    (a,) = run("Officials said the talks would resume.")
    assert a.speakers == (UNNAMED,) and a.unregistered[0].kind == "voice"
    (b,) = run("Meanwhile the weather was fine.")
    assert b.speakers == ("narrator",)


def test_unnamed_sources_take_their_affiliation():
    (a,) = run("A senior Kremlin official said the offer stands.")
    assert a.speakers == ("russia",)
    (b,) = run('"The offer stands," said a spokesman for the Kremlin.')
    assert b.speakers == ("russia",)


def test_according_to():
    (a,) = run("The talks failed, according to Dmitry Kuleba.")
    assert a.speakers == ("kuleba",)
    (b,) = run("The talks failed, according to Jane Doe.")
    assert b.speakers == ("jane_doe",)


def test_double_apostrophe_quotes_are_quotations():
    (a,) = run("''We want peace,'' said Peter Wehner, a former official.")
    assert a.quotes == ((0, 18),) and a.speakers == ("peter_wehner",)


def test_reporting_verbs_only_in_verb_position():
    for text in (
        "The nominee was confirmed 92 to 0.",
        "His comments drew criticism in Kyiv.",
        "Putin made a phone call to Erdogan.",
        "The policy was described by Zelensky as a failure.",
    ):
        (a,) = run(text)
        assert a.speakers == ("narrator",), text


def test_scare_quotes_never_continue_a_speaker():
    a, b = run('Putin said the talks failed. The so-called "peace plan" was not discussed.')
    assert a.speakers == ("putin",)
    assert b.speakers == ("narrator",) and b.rule == "narrator"


def test_punctuation_only_passages_get_no_speaker():
    got = run('"We will fight on," Zelensky said.\n\n.\n\n"And we will win."')
    assert got[0].speakers == ("zelensky",)
    dot = [a for a in got if a.text.strip() == "."]
    assert dot and all(a.speakers == ("narrator",) for a in dot)


def test_pronouns_prefer_the_subject_of_the_previous_clause():
    _, b = run("Zelensky called on Trump to pressure Putin. He said there can be no peace without justice.")
    assert b.speakers == ("zelensky",) and b.rule == "pronoun"
    (c,) = run("Jeb Bush went after Trump at the debate, when he said the plan was wrong.")
    assert c.speakers == ("jeb_bush",)


def test_open_world_pronoun_agreement_from_honorifics():
    _, b = run("Ms. Jane Doe met Mr. John Roe. She said the meeting went well.")
    assert b.speakers == ("jane_doe",)


def test_role_description_at_sentence_start_resolves_by_date():
    (a,) = run("The US President said the talks failed.", date="2024-01-01")
    assert a.speakers == ("biden",)
    (b,) = run("The US President said the talks failed.", date="2025-06-01")
    assert b.speakers == ("trump",)


def test_speech_cues_and_source_names():
    assert speech_cue("said") and speech_cue("according to") and speech_cue(":") and speech_cue("has warned")
    assert not speech_cue("believes") and not speech_cue("shows")
    lower = {"nina": 0.0, "turner": 0.0, "officials": 0.9, "republican": 0.0, "campaign": 1.0}
    assert source_name("Nina Turner", lower) == ("nina", "turner")
    assert source_name("Officials", lower) == ()
    assert source_name("Republican officials", lower) == ()
    assert source_name("Turner, a spokeswoman for the campaign", lower) == ("turner",)


def test_relations_scorer_on_a_tiny_folder(tmp_path):
    text = 'Nina Turner said the vote was close. The weather was fine. "We lost," Putin said.'
    (tmp_path / "docs.jsonl").write_text(json.dumps({"id": "x", "text": text, "split": "dev"}) + "\n")
    rels = [
        {
            "doc": "x",
            "source": "Nina Turner",
            "cue": "said",
            "source_spans": [[0, 11]],
            "cue_spans": [[12, 16]],
            "content_spans": [[17, 35]],
        },
        {
            "doc": "x",
            "source": "Putin",
            "cue": "said",
            "source_spans": [[67, 72]],
            "cue_spans": [[73, 77]],
            "content_spans": [[58, 65]],
        },
    ]
    (tmp_path / "attributions.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rels))
    docs, relations = read_relations(tmp_path, "dev")
    registry = load_actors()
    scores = evaluate_relations(attribute(segment(docs), registry, corpus=docs), docs, relations, registry)
    assert (scores.reporting.tp, scores.reporting.predicted, scores.reporting.gold) == (2, 2, 2)
    assert (scores.registry.tp, scores.registry.gold) == (1, 1)
    assert (scores.named.tp, scores.named.predicted, scores.named.gold) == (1, 1, 1)


def test_polnear_dev(shared_dir):
    """PolNeAR dev, speech relations (train was used to write the rules; dev only measured)."""
    docs, relations = read_relations(shared_dir / "gold" / "polnear_train_dev", "dev")
    registry = load_actors()
    s = evaluate_relations(attribute(segment(docs), registry, corpus=docs), docs, relations, registry)
    # the thresholds of issue 16 (measured: 0.911, 0.804, 0.764; make validate-attribution)
    assert s.reporting.f1 >= 0.80
    assert s.registry.f1 >= 0.80
    assert s.named.f1 >= 0.75


def test_open_world_affiliation_from_titles_and_appositions():
    (a,) = run("Steffen Seibert, Ms. Merkel's spokesman, said the talks failed.")
    assert a.speakers == ("steffen_seibert",)  # a possessive is no co-speaker
    assert a.unregistered[0].member_of == ("germany",)  # a person's affiliation is their state
    (b,) = run('"No," said Jane Roe, a spokeswoman for the Kremlin.')
    assert b.speakers == ("jane_roe",) and b.unregistered[0].member_of == ("russia",)
    (c,) = run("Kremlin adviser Jane Roe said the talks failed.")
    assert c.speakers == ("jane_roe",) and c.unregistered[0].member_of == ("russia",)


def test_open_world_speakers_roll_up_through_their_affiliation():
    from framing.compare import unit_table
    from framing.lexicon import load_lexicon, match_table

    doc = Document("d", "Kremlin adviser Jane Roe said the West wants a proxy war.", {})
    passages = segment([doc])
    atts = attribute(passages, corpus=[doc])
    lexicon = load_lexicon("urw_frames")
    matches = match_table(passages, lexicon)
    registry = load_actors()
    by_state = unit_table(atts, matches, categories=lexicon.category_names, registry=registry, level="state")
    assert by_state.groups == ("russia",)
    by_person = unit_table(atts, matches, categories=lexicon.category_names, registry=registry, level="person")
    assert by_person.groups == ("jane_roe",)


def test_a_missing_relations_folder_is_a_coded_error(tmp_path):
    from framing.errors import RunError

    with pytest.raises(RunError, match="F404"):
        read_relations(tmp_path / "absent")
