"""Passages: offsets into the original text, Punkt with shipped parameters, paragraphs, the seed."""

import pytest

from framing import CorpusError, Document, segment
from framing.passages import load_abbreviations, sentence_spans


def doc(text, doc_id="d"):
    return Document(doc_id, text)


def test_offsets_slice_the_original_text(seed_corpus, seed_passages):
    text = seed_corpus[0].text
    for p in seed_passages:
        assert text[p.start : p.end] == p.text
        assert p.text == p.text.strip()
    assert [p.passage_id for p in seed_passages] == list(range(len(seed_passages)))


def test_seed_has_one_passage_per_sentence(seed_passages):
    texts = [p.text for p in seed_passages]
    assert len(texts) == 14
    assert texts[0].startswith("Russian President Vladimir Putin")  # chrome and dateline excluded
    assert not any("Select Language" in t for t in texts)
    (ceasefire,) = [t for t in texts if "ceasefire" in t]
    assert "U.S. President Donald Trump" in ceasefire and ceasefire.endswith("comply soon.")
    assert texts[8] == '"Our proposal, as they say, is on the table.'
    assert texts[9].startswith("The ball is now in the court") and texts[9].endswith('their people."')
    assert texts[5].endswith("it was Ukraine.") and texts[6].startswith("Still, we are offering Kyiv")
    assert [p.paragraph_id for p in seed_passages][5:7] == [5, 5]  # two sentences of one quote paragraph


def test_sentence_rules():
    t = '"Stop it." he said. Mr. Smith arrived in Washington, D.C. on Monday. Then he left!'
    assert [t[s:e] for s, e in sentence_spans(t)] == [
        '"Stop it." he said.',
        "Mr. Smith arrived in Washington, D.C. on Monday.",
        "Then he left!",
    ]


def test_abbreviation_list_is_shipped_and_overridable():
    abbrevs = load_abbreviations()
    assert {"u.s", "mr", "dr", "e.g"} <= abbrevs
    t = "He met Gen. Smith."
    assert len(sentence_spans(t)) == 1
    assert len(sentence_spans("He met the Gen. Smith left.", abbreviations=[])) == 2


def test_sentences_never_cross_paragraphs_and_blank_mode():
    text = "First line without stop\nSecond line.\n\nThird para, wrapped\nover two lines."
    line_mode = [p.text for p in segment(doc(text))]
    assert line_mode == ["First line without stop", "Second line.", "Third para, wrapped", "over two lines."]
    blank_mode = segment(doc(text), paragraphs="blank")
    assert [p.text for p in blank_mode] == [
        "First line without stop\nSecond line.",
        "Third para, wrapped\nover two lines.",
    ]
    assert [p.paragraph_id for p in blank_mode] == [0, 1]


def test_paragraph_unit_and_crlf():
    text = "One. Two.\r\nThree.\r\n"
    paras = segment(doc(text), unit="paragraph")
    assert [(p.text, p.start, p.end) for p in paras] == [("One. Two.", 0, 9), ("Three.", 11, 17)]


def test_unknown_unit_and_rule_are_errors():
    with pytest.raises(CorpusError, match=r"\[F108\]"):
        segment(doc("x"), unit="clause")
    with pytest.raises(CorpusError, match=r"\[F109\]"):
        segment(doc("x"), paragraphs="double")


def test_token_count_uses_unicode_words():
    (p,) = segment(doc("Київ і Zelenskyy's 30-day plan."))
    assert p.n_tokens == 7


def test_no_download_needed(monkeypatch, tmp_path):
    # Punkt parameters ship with the package: an empty NLTK data path must not matter.
    import nltk

    monkeypatch.setattr(nltk.data, "path", [str(tmp_path)])
    assert len(segment(doc("One sentence. Another one."))) == 2
