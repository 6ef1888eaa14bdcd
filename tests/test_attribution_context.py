"""Attribution with document context: roles by date, speech speakers, transcript turns, spans, evaluation."""

import hashlib
import json

import pytest

from framing import Document, actor_frames, attribute, load_actors, match_table, read_corpus, segment
from framing.actors.evaluation import evaluate_attributions, evaluate_turns, read_gold
from framing.corpus.reading import mark_turns
from framing.errors import RunError
from framing.lexicon import parse_lexicon


def run(docs):
    docs = list(docs)
    return attribute(segment(docs), corpus=docs)


def test_role_descriptions_resolve_by_document_date():
    registry = load_actors()
    role = next((r for r in registry.roles if "the US President" in r.aliases), None)
    if role is None:
        pytest.skip("the bundled registry has no 'the US President' role yet")
    mentions = registry.find_mentions("the US President spoke", date="2019-05-01")
    assert [m.actor for m in mentions] == [role.holder("2019-05-01")] and mentions[0].rule == "role"
    assert registry.find_mentions("the US President spoke")[0].actor == role.fallback


def test_actor_for_label_variants():
    registry = load_actors()
    assert registry.actor_for_label("Vladimir PUTIN") == "putin"
    assert registry.actor_for_label("President of Russia Vladimir Putin") == "putin"
    assert registry.actor_for_label("Megyn Kelly") == "megyn_kelly"
    assert registry.actor_for_label("Jörg Schönenborn (retranslated)") == "jörg_schönenborn"
    assert registry.actor_for_label("Defence Minister Sergei Shoigu Shoigu SergeiDefence Minister") == "sergei_shoigu"


def test_speech_speaker_from_metadata_and_quotes_override():
    doc = Document(
        "z",
        'We will defend our land.\nPutin said that he wants peace.\n"We want talks," Putin claimed.',
        {"speaker": ("Volodymyr Zelenskyy",), "date": "2022-03-01"},
    )
    a, b, c = run([doc])
    assert a.speakers == ("zelensky",) and a.rule == "document-speaker"
    assert b.speakers == ("zelensky",) and b.targets == ("putin",)  # reported speech stays the speaker's voice
    assert c.speakers == ("putin",) and c.rule == "reporting-verb"
    assert [(who, voice) for _, _, who, voice in c.spans] == [(("putin",), "quote"), (("zelensky",), "reporter")]


def test_transcript_turns():
    text = (
        "Vladimir Putin: Good afternoon. Let us begin.\nMore from me.\n"
        "Megyn Kelly: Mr President, a question.\nQuestion: Another one?\n"
        "There is another issue that I will report on in writing: fine."
    )
    doc = read_corpus_doc(text)
    labels = [doc.text[s:e] for s, e, why in doc.excluded if why == "turn"]
    assert labels == ["Vladimir Putin: ", "Megyn Kelly: ", "Question: "]
    atts = run([doc])
    assert [a.speakers[0] for a in atts] == ["putin", "putin", "putin", "megyn_kelly", "question", "question"]
    assert atts[0].rule == "turn" and atts[0].evidence == "Vladimir Putin: "
    assert not atts[0].text.startswith("Vladimir Putin")  # the label is not part of the passage


def read_corpus_doc(text):
    return mark_turns(Document("t", text))


def test_turns_via_read_corpus(tmp_path):
    (tmp_path / "t.txt").write_text("Dmitry Peskov: No comment.\n", encoding="utf-8")
    (doc,) = read_corpus(tmp_path / "t.txt", turns=True)
    assert [a.speakers for a in run([doc])] == [("peskov",)]


def test_span_credit_separates_quote_from_reporter(seed_corpus, seed_passages):
    atts = attribute(seed_passages, corpus=seed_corpus)
    lx = parse_lexicon(
        "name: t\ncategories:\n  ceasefire:\n    entries: [ceasefire]\n  occupation:\n    entries: [occupation]\n"
    )
    docs = [Document("q", '"We want a ceasefire," Lavrov said, referring to the occupation.')]
    passages = segment(docs)
    table = actor_frames(attribute(passages, corpus=docs), match_table(passages, lx), credit="span")
    got = table[table["count"] > 0][["actor", "category"]].values.tolist()
    assert got == [["lavrov", "ceasefire"], ["narrator", "occupation"]]
    assert atts[6].speakers_at(atts[6].start) == ("putin",)
    assert atts[6].speakers_at(atts[6].end - 3) == ("narrator",)
    with pytest.raises(ValueError, match="credit"):
        actor_frames(atts, match_table(passages, lx), credit="sentence")


def test_evaluate_attributions_scores(tmp_path, seed_attributions):
    gold = [
        {"doc_id": a.doc_id, "passage_id": a.passage_id, "speakers": list(a.speakers), "targets": list(a.targets)}
        for a in seed_attributions
    ]
    gold[2] = {**gold[2], "speakers": ["putin"], "targets": ["ukraine"]}
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(g) for g in gold), encoding="utf-8")
    scores = evaluate_attributions(seed_attributions, read_gold(path))
    assert scores.speakers.tp == sum(len(a.speakers) for a in seed_attributions) - 1
    assert scores.speakers.gold == scores.speakers.predicted == scores.speakers.tp + 1
    assert scores.targets.recall == 1.0 and scores.targets.precision < 1.0
    assert len(scores.errors) == 1 and "F1" in scores.summary()


def test_evaluate_attributions_checks_sha1_and_starts(seed_attributions):
    a = seed_attributions[1]
    record = {"doc_id": a.doc_id, "passage_id": a.passage_id, "speakers": list(a.speakers), "targets": []}
    digest = hashlib.sha1(a.text.encode("utf-8")).hexdigest()
    assert evaluate_attributions(seed_attributions, [{**record, "sha1": digest}]).passages == 1
    with pytest.raises(RunError, match=r"\[F406\].*should have SHA-1 0{40} but the passage is"):
        evaluate_attributions(seed_attributions, [{**record, "sha1": "0" * 40}])
    with pytest.raises(RunError, match=r"\[F406\].*should start 'no such start' but"):
        evaluate_attributions(seed_attributions, [{**record, "starts": "no such start"}])


def test_evaluate_turns_locates_turns_by_text():
    doc = mark_turns(
        Document("7", "Vladimir Putin: Hello there.\nMegyn Kelly: A question.\nVladimir Putin: An answer.")
    )
    atts = run([doc])
    turns = [
        {"doc_id": "7", "turn": 0, "speaker": "Vladimir Putin", "text": "Hello there."},
        {"doc_id": "7", "turn": 1, "speaker": "Megyn Kelly", "text": "A question."},
        {"doc_id": "7", "turn": 2, "speaker": "President of Russia Vladimir Putin", "text": "An answer."},
    ]
    result = evaluate_turns([doc], atts, turns, load_actors())
    assert (result["turns"], result["right"], result["putin_turns"], result["putin_right"]) == (3, 3, 2, 2)
    turns[1]["speaker"] = "Somebody Else"
    assert evaluate_turns([doc], atts, turns, load_actors())["right"] == 2
