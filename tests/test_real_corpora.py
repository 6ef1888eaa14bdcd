"""Attribution on the real corpora in ../shared (skipped in a clone without them, failing under CI=true)."""

import json
import warnings

import pytest

from framing import attribute, load_actors, read_corpus, segment
from framing.actors.evaluation import evaluate_attributions, evaluate_turns, read_gold
from framing.corpus.named import read_kremlin, read_ukraine_addresses, read_ungdc

from conftest import GOLD

#: Thresholds of the attribution issue: speaker and target F1 at least 0.90 on the hand-annotated real
#: passages; transcript turns attributed to their labelled speakers.
MIN_F1 = 0.90
MIN_TURN_ACCURACY = 0.95


@pytest.fixture(scope="module")
def kremlin(shared_dir):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the corpus has 10 empty pages; the report counts them
        return read_kremlin(shared_dir / "corpora" / "kremlin_en")


def test_readers_account_for_every_input(shared_dir, kremlin):
    un = read_ungdc(shared_dir / "corpora" / "ungdc")
    ua = read_ukraine_addresses(shared_dir / "corpora" / "ukraine_addresses_2022")
    assert (len(un), len(ua)) == (2132, 354)
    counts = kremlin.counts()
    assert counts["inputs"] == 3451 == counts["processed"] + counts["skipped"]
    assert counts["skipped_by_reason"] == {"empty": counts["skipped"]}
    assert un.get("UKR_77_2022").meta["speaker"] == ("Volodymyr Zelenskyy", "Ukraine")


def test_kremlin_transcript_turns_whole_file(shared_dir, kremlin):
    path = shared_dir / "corpora" / "kremlin_en" / "kremlin_en_2013_2020_speaker_turns.jsonl"
    turns = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    wanted = {str(t["doc_id"]) for t in turns}
    docs = [d for d in kremlin if str(d.doc_id) in wanted]
    result = evaluate_turns(docs, attribute(segment(docs), corpus=docs), turns, load_actors())
    assert result["turns"] == len(turns) == 12538
    assert result["accuracy"] >= MIN_TURN_ACCURACY, result
    assert result["putin_accuracy"] >= MIN_TURN_ACCURACY, result


def test_gold_real_passages_f1(shared_dir, kremlin):
    # the development sample (152 passages, used while writing the rules) and the held-out sample (60 passages,
    # annotated after the rules were frozen), pooled
    gold = read_gold(GOLD / "real_attribution.jsonl") + read_gold(GOLD / "heldout_attribution.jsonl")
    corpora = {
        "kremlin_en": kremlin,
        "ukraine_addresses_2022": read_ukraine_addresses(shared_dir / "corpora" / "ukraine_addresses_2022"),
        "ungdc": read_ungdc(shared_dir / "corpora" / "ungdc"),
    }
    attributions = []
    for name, corpus in corpora.items():
        wanted = {g["doc_id"] for g in gold if g["corpus"] == name}
        docs = [d for d in corpus if str(d.doc_id) in wanted]
        attributions += attribute(segment(docs), corpus=docs)
    scores = evaluate_attributions(attributions, gold)
    assert scores.passages == 212
    assert scores.speakers.f1 >= MIN_F1, scores.summary()
    assert scores.targets.f1 >= MIN_F1, scores.summary()


#: Speaker F1 floors on the held-out news sample (tests/gold/news_attribution.jsonl, annotated before the
#: tool was run on it): the F1 measured when the sample was made (news 0.673, White House 0.165, pooled
#: 0.472) minus 0.05, rounded down, so that a regression shows.
MIN_NEWS_SPEAKER_F1 = {"news": 0.62, "whitehouse": 0.11, None: 0.42}


def test_gold_news_passages_speaker_f1(shared_dir):
    gold = read_gold(GOLD / "news_attribution.jsonl")
    files = [
        shared_dir / "corpora" / "ukraine_media_en_2022" / "articles.jsonl",
        shared_dir / "corpora" / "whitehouse_2021_2026" / "documents.jsonl",
    ]
    wanted = {g["doc_id"] for g in gold}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # 4 empty articles; the report counts them
        docs = [d for d in read_corpus(files) if str(d.doc_id) in wanted]
    attributions = attribute(segment(docs), corpus=docs)
    assert len(gold) == 150 and len(docs) == 30
    for split, floor in MIN_NEWS_SPEAKER_F1.items():
        scores = evaluate_attributions(attributions, [g for g in gold if split is None or g["split"] == split])
        assert scores.speakers.f1 >= floor, f"{split or 'pooled'}: {scores.summary()}"
