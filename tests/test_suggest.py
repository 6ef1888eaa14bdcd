"""Candidate discovery for a lexicon category (framing.compare.suggest_terms, framing lexicon suggest)."""

from __future__ import annotations

import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.compare import SUGGEST_COLUMNS, suggest_terms
from framing.corpus import Document
from framing.errors import ArgumentError, LexiconError
from framing.lexicon import parse_lexicon

LEXICON = parse_lexicon(
    "name: t\ncategories:\n  hegemony:\n    entries: [hegemon*]\n  order:\n    entries: [world order]\n"
)

SEEDED = [
    "Western hegemony means domination of the weak by the strong.",
    "They impose hegemony and domination through sanctions and dictate.",
    "The hegemonic powers practise domination and dictate their rules.",
    "Hegemony, domination and dictate belong to the past world order.",
]
PLAIN = [
    "The weather in the capital was mild in September.",
    "Farmers harvested wheat and the markets were calm.",
    "Sanctions were discussed by the committee on trade.",
    "The committee met on trade and on the weather in September.",
]


def passages():
    docs = [Document(f"s{i}", t, {}) for i, t in enumerate(SEEDED)]
    docs += [Document(f"p{i}", t, {}) for i, t in enumerate(PLAIN)]
    return framing.segment(docs)


def test_words_of_the_seed_passages_rank_first_and_the_seed_itself_is_left_out():
    table = suggest_terms(passages(), LEXICON, "hegemony", min_count=2)
    assert list(table.columns) == SUGGEST_COLUMNS
    assert table["term"].iloc[0] in {"domination", "dictate"}
    assert {"domination", "dictate"} <= set(table["term"].head(3))
    assert not table["term"].str.contains("hegemon").any()  # the seed's matches are not counted
    row = table.set_index("term").loc["domination"]
    assert (row["count"], row["count_rest"], row["passages"], row["with_seed"]) == (4, 0, 4, 1.0)
    sanctions = suggest_terms(passages(), LEXICON, "hegemony", min_count=1, top=None).set_index("term")
    assert sanctions.loc["sanctions", "with_seed"] == 0.5 and sanctions.loc["sanctions", "count_rest"] == 1
    assert sanctions.loc["domination", "z"] > sanctions.loc["sanctions", "z"]
    assert "[[domination]]" in row["example"]


def test_terms_the_lexicon_has_are_marked_and_stopwords_are_left_out():
    table = suggest_terms(passages(), LEXICON, "hegemony", min_count=1, top=None).set_index("term")
    assert bool(table.loc["world order", "in_lexicon"]) and not bool(table.loc["domination", "in_lexicon"])
    assert not {"the", "and", "of", "the past"} & set(table.index)


def test_the_same_input_gives_the_same_candidates():
    first = suggest_terms(passages(), LEXICON, "hegemony", min_count=1, top=None)
    pd.testing.assert_frame_equal(first, suggest_terms(passages(), LEXICON, "hegemony", min_count=1, top=None))
    assert first["z"].is_monotonic_decreasing


def test_bad_requests_are_coded_errors():
    with pytest.raises(LexiconError, match="F207"):
        suggest_terms(passages(), LEXICON, "nothing")
    with pytest.raises(ArgumentError, match="F603"):
        suggest_terms(framing.segment([Document("p", PLAIN[0], {})]), LEXICON, "hegemony")
    with pytest.raises(ArgumentError, match="F601"):
        suggest_terms(passages(), LEXICON, "hegemony", ngrams=(0,))
    with pytest.raises(ArgumentError, match="F601"):
        suggest_terms(passages(), LEXICON, "hegemony", min_count=0)


def test_cli_writes_a_candidate_file_to_review_and_keeps_an_existing_one(tmp_path, capsys):
    folder = tmp_path / "in"
    folder.mkdir()
    for i, text in enumerate(SEEDED + PLAIN):
        (folder / f"{i}.txt").write_text(text, encoding="utf-8")
    (tmp_path / "lexicon.yaml").write_text(framing.lexicon.to_yaml(LEXICON), encoding="utf-8")
    out = tmp_path / "candidates.csv"
    argv = ["lexicon", "suggest", str(folder), "--lexicon", str(tmp_path / "lexicon.yaml"), "--category", "hegemony"]
    assert main([*argv, "--min-count", "2", "--out", str(out)]) == 0
    written = pd.read_csv(out, keep_default_na=False)
    assert list(written.columns) == [*SUGGEST_COLUMNS, "keep"] and set(written["keep"]) == {""}
    assert {"domination", "dictate"} <= set(written["term"])
    out.write_text("my edits", encoding="utf-8")
    assert main([*argv, "--out", str(out)]) == 2
    assert "F448" in capsys.readouterr().err and out.read_text(encoding="utf-8") == "my edits"
    assert main([*argv, "--min-count", "2", "--out", str(out), "--force"]) == 0
    assert main([*argv, "--min-count", "2"]) == 0
    assert "domination" in capsys.readouterr().out
