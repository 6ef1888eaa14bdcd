"""Transcripts and interviews detected in plain text (framing.corpus.cleanup.detect_turns), the tri-state
transcript option (auto, on, off) and the score of Putin's passages in evaluate_turns."""

import json
import warnings

import pytest

from framing import Document, RunConfig, attribute, load_actors, read_corpus, segment
from framing.actors import evaluate_turns, read_turns
from framing.cli import _parser
from framing.corpus.cleanup import MIN_TURNS, detect_turns, mark_transcript
from framing.pipeline import config_from_args

INTERVIEW = (
    "The President answered questions from journalists after the talks.\n"
    "Vladimir Putin: Good afternoon, colleagues,\n"
    "We discussed energy and transport. The talks were useful.\n"
    "Olaf Scholz: Thank you. We agreed to continue the dialogue on gas supplies next month.\n"
    "Vladimir Putin: Let me add one point about the pipeline.\n"
)
NEWS_WITH_COLONS = (
    "Moscow: The Kremlin issued a statement on Monday.\n"
    "The message reads, in part: we are ready to talk without conditions.\n"
    "Kyiv, May 5: Officials said they would study the statement.\n"
    "Note: This story has been updated with new figures.\n"
    "Update: Officials confirmed the meeting will take place in Istanbul.\n"
    "Editor's note: An earlier version misspelled a name.\n"
)


def doc(text: str, **meta) -> Document:
    return Document("d", text, meta)


def turn_labels(d: Document) -> list[str]:
    return [d.text[s:e].strip() for s, e, why in d.excluded if why == "turn"]


def test_interview_is_detected_with_its_reason():
    found, reason = detect_turns(doc(INTERVIEW))
    assert found
    assert reason == "3 paragraphs start with a speaker label (2 distinct labels)"


@pytest.mark.parametrize(
    "text",
    [
        NEWS_WITH_COLONS,
        # one labelled quotation is not a transcript
        "Russia's President spoke on Monday.\nVladimir Putin: We are ready to talk. Nobody stopped the talks.\n",
        # a table: labels without sentences
        "Results by party.\nLabour: 45 seats\nConservatives: 30 seats\nLiberal Democrats: 10 seats\n",
        # a list of appointments: labels and sentence ends, but no speech
        "The appointments:\nMinister of Defence: Sergei Shoigu.\nMinister of Justice: Alexander Konovalov.\n",
        # forms and datelines
        "Date: 5 May 2025. Venue: the Kremlin.\nTime: 12:00. Doors open early.\nMay 5: Talks begin in Istanbul.\n",
    ],
)
def test_news_with_colons_is_not_a_transcript(text):
    found, reason = detect_turns(doc(text))
    assert not found, reason


@pytest.mark.parametrize(
    "text",
    [
        "Q: What do you expect from the talks?\nA: A ceasefire, first of all. Then negotiations.\n",
        "QUESTION: Will you meet him?\nANSWER: Yes. We will meet in Istanbul next week.\n",
        "Question: Is the ceasefire holding?\nAnswer: Mostly. There were two violations overnight, both minor.\n",
        "INTERVIEWER: Tell me about your work.\nRESPONDENT: I am a nurse. I have worked in Kyiv for ten years.\n",
        "Speaker 1: Welcome to the show.\nSpeaker 2: Thanks for having me. It is good to be back here again.\n",
    ],
)
def test_question_and_answer_layouts_are_transcripts(text):
    found, reason = detect_turns(doc(text))
    assert found, reason


def test_detected_transcript_is_marked_and_explained(tmp_path):
    (tmp_path / "talks.txt").write_text(INTERVIEW, encoding="utf-8")
    (tmp_path / "news.txt").write_text(NEWS_WITH_COLONS, encoding="utf-8")
    corpus = read_corpus(tmp_path)
    talks, news = corpus.get("talks"), corpus.get("news")
    assert talks.meta["transcript"] is True
    assert talks.meta["transcript_reason"] == detect_turns(Document("t", INTERVIEW))[1]
    assert turn_labels(talks) == ["Vladimir Putin:", "Olaf Scholz:", "Vladimir Putin:"]
    assert "transcript" not in news.meta and turn_labels(news) == []
    assert news.meta["dateline"] == "Moscow"  # the dateline rule still applies to what is not a transcript
    speakers = {a.text[:10]: a.speakers for a in attribute(segment(corpus), corpus=corpus) if a.doc_id == "talks"}
    assert speakers["We discuss"] == ("putin",)
    assert speakers["Let me add"] == ("putin",)


def test_transcript_opening_with_a_label_loses_its_dateline():
    text = "Sergei Lavrov: Good afternoon. We are ready to begin the talks today.\nAntony Blinken: Thank you.\n"
    [d] = read_corpus_text(text)
    assert "dateline" not in d.meta
    assert turn_labels(d) == ["Sergei Lavrov:", "Antony Blinken:"]


def read_corpus_text(text, **kw):
    """The documents of ``text`` read from a .txt file with ``read_corpus(..., **kw)``."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "t.txt").write_text(text, encoding="utf-8")
        return list(read_corpus(Path(folder) / "t.txt", **kw))


def test_override_on_and_off():
    [off] = read_corpus_text(INTERVIEW, turns=False)
    assert turn_labels(off) == [] and "transcript" not in off.meta
    [on] = read_corpus_text(NEWS_WITH_COLONS, turns=True)
    # on: every label is a turn, the caller's decision (and no dateline)
    assert turn_labels(on) == ["Moscow:", "Kyiv, May 5:", "Note:", "Update:"]
    assert "transcript" not in on.meta


def test_metadata_decides_before_detection(tmp_path):
    rows = [
        {"id": "said-no", "transcript": False, "text": INTERVIEW},
        {"id": "said-yes", "transcript": "true", "text": "Vladimir Putin: Good afternoon. Let us begin."},
    ]
    path = tmp_path / "c.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    corpus = read_corpus(path)
    assert turn_labels(corpus.get("said-no")) == [] and corpus.get("said-no").meta["transcript"] is False
    said_yes = corpus.get("said-yes")
    assert turn_labels(said_yes) == ["Vladimir Putin:"] and "transcript_reason" not in said_yes.meta
    assert mark_transcript(corpus.get("said-no")) is corpus.get("said-no")


def test_seed_is_not_a_transcript(seed_corpus):
    assert [detect_turns(d)[0] for d in seed_corpus] == [False]
    assert all("transcript" not in d.meta for d in seed_corpus)


def test_transcript_option_is_tri_state():
    parser = _parser()
    assert config_from_args(parser.parse_args(["attribute", "x.txt"])).transcript is None
    assert config_from_args(parser.parse_args(["attribute", "x.txt", "--transcript"])).transcript is True
    assert config_from_args(parser.parse_args(["attribute", "x.txt", "--no-transcript"])).transcript is False
    assert RunConfig().recorded()["transcript"] == "auto"
    assert RunConfig(transcript=False).recorded()["transcript"] is False
    assert MIN_TURNS >= 2


def putin_turns(doc_id: str, text: str) -> list[dict]:
    """Labelled turns of ``text``, as the kremlin turns file has them."""
    out = []
    for i, para in enumerate(p for p in text.split("\n") if ": " in p):
        label, _, said = para.partition(": ")
        out.append({"doc_id": doc_id, "turn": i, "speaker": label, "text": said})
    return out


@pytest.mark.parametrize("turns, recall", [(None, 1.0), (False, 0.0)])
def test_putin_passages_precision_and_recall(turns, recall):
    text = (
        "Vladimir Putin: Good afternoon. We discussed energy and transport.\n"
        "Olaf Scholz: Thank you. We agreed to talk again next month.\n"
        "Vladimir Putin: Let me add one point about the pipeline.\n"
    )
    docs = read_corpus_text(text, turns=turns)
    result = evaluate_turns(docs, attribute(segment(docs), corpus=docs), putin_turns("t", text), load_actors())
    scores = result["putin_passages"]
    if turns is None:
        assert scores.gold == 3  # "Good afternoon.", "We discussed ...", "Let me add ..."
    assert scores.recall == recall


# ------------------------------------------------------------------------------------- real transcripts
#: The issue's threshold for Putin's passages in plain-text kremlin.ru transcripts read without a flag.
MIN_PUTIN_SCORE = 0.95
#: Every SAMPLE_STEP-th transcript by sorted id (about 60 of 597): the test stays under a minute.
SAMPLE_STEP = 10


def test_kremlin_transcripts_as_plain_text(shared_dir, tmp_path):
    folder = shared_dir / "corpora" / "kremlin_en"
    lines = (folder / "kremlin_en_2013_2020_docs.jsonl").read_text(encoding="utf-8").splitlines()
    records = [json.loads(line) for line in lines if line.strip()]
    transcripts = sorted((r for r in records if r["has_speaker_turns"]), key=lambda r: int(r["id"]))[::SAMPLE_STEP]
    for r in transcripts:
        (tmp_path / f"{r['id']}.txt").write_text(r["text"], encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # empty pages are skipped with a warning
        docs = list(read_corpus(tmp_path))
    assert {d.doc_id for d in docs} == {str(r["id"]) for r in transcripts}  # the id of a .txt file: its stem
    wanted = {d.doc_id for d in docs}
    labelled = read_turns(folder / "kremlin_en_2013_2020_speaker_turns.jsonl")
    turns = [t for t in labelled if str(t["doc_id"]) in wanted]
    scores = evaluate_turns(docs, attribute(segment(docs), corpus=docs), turns, load_actors())["putin_passages"]
    assert scores.precision >= MIN_PUTIN_SCORE, scores
    assert scores.recall >= MIN_PUTIN_SCORE, scores


def test_attribute_text_output_says_why(tmp_path, capsys):
    from framing.cli import main

    (tmp_path / "talks.txt").write_text(INTERVIEW, encoding="utf-8")
    assert main(["attribute", str(tmp_path / "talks.txt"), "--format", "text"]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    reason = detect_turns(doc(INTERVIEW))[1]
    assert first == f"talks: read as a transcript: {reason} (--no-transcript to read it as prose)"
    assert main(["attribute", str(tmp_path / "talks.txt"), "--format", "text", "--no-transcript"]) == 0
    assert "read as a transcript" not in capsys.readouterr().out
