"""Lexicon check (validation warnings, coverage, dead entries, alpha/KR-20) and KWIC."""

import math

import numpy as np
import pytest

from framing import Document, LexiconError, load_lexicon
from framing.cli import main
from framing.lexicon import KWIC_COLUMNS, check_lexicon, cronbach_alpha, kr20, kwic, parse_lexicon


def lex(body):
    return parse_lexicon("name: t\ncategories:\n" + body, "t.yaml")


def test_cronbach_alpha_and_kr20_against_hand_computation():
    x = np.array([[1, 2, 3], [2, 3, 4], [3, 3, 5], [4, 5, 5]], dtype=float)
    k = 3
    item_var = x.var(axis=0, ddof=1).sum()
    total_var = x.sum(axis=1).var(ddof=1)
    assert cronbach_alpha(x) == pytest.approx(k / (k - 1) * (1 - item_var / total_var))
    b = np.array([[1, 1, 0], [1, 0, 0], [1, 1, 1], [0, 0, 0], [1, 1, 1]], dtype=float)
    p = b.mean(axis=0)
    assert kr20(b) == pytest.approx(3 / 2 * (1 - (p * (1 - p)).sum() / b.sum(axis=1).var()))
    assert math.isnan(cronbach_alpha(x[:, :1])) and math.isnan(kr20(np.zeros((3, 2))))


def test_static_warnings_cannot_match_and_subsumed():
    lx = lex("  c:\n    entries: ['@user', 'sanctions', 'sanction*', 'war!']\n  d:\n    entries: [sanctions]\n")
    report = check_lexicon(lx)
    found = {(r.check, r.entry, r.line) for r in report.issues.itertuples()}
    assert found == {("cannot-match", "@user", 4), ("cannot-match", "war!", 4), ("subsumed", "sanctions", 4)}
    assert report.ok and report.coverage is None
    assert "subsumed" in report.summary()


def test_corpus_coverage_dead_entries_and_alpha():
    lx = lex("  c:\n    entries: [ceasefire, truce, armistice]\n  d:\n    entries: [bloodbath]\n")
    docs = [
        Document("a", "A ceasefire and a truce."),
        Document("b", "A ceasefire, no truce."),
        Document("c", "Nothing here."),
        Document("d", "Truce! Truce! Ceasefire."),
    ]
    report = check_lexicon(lx, docs)
    cov = report.coverage.set_index("category")
    assert cov.loc["c", "documents_matched"] == 3 and cov.loc["c", "coverage"] == pytest.approx(0.75)
    assert cov.loc["c", "matches"] == 6 and cov.loc["c", "negated"] == 1  # "no truce"
    assert cov.loc["c", "entries_matched"] == 2
    assert not math.isnan(cov.loc["c", "alpha"]) and not math.isnan(cov.loc["c", "kr20"])
    assert cov.loc["d", "documents_matched"] == 0 and "α needs two" in cov.loc["d", "note"]
    dead = report.issues[report.issues["check"] == "dead"]
    assert sorted(dead["entry"]) == ["armistice", "bloodbath"]
    assert list(report.issues[report.issues["check"] == "no-match"]["category"]) == ["d"]


def test_kwic_window_sentence_and_category(seed_corpus):
    lx = load_lexicon("urw_frames")
    table = kwic(seed_corpus, lx, window=3)
    assert list(table.columns) == KWIC_COLUMNS
    row = table[table["match"] == "bloodbath"].iloc[0]
    assert (row["pre"], row["post"]) == ('to end the "', '" of the Ukraine')
    cleft = table[table["match"] == "halted the negotiations"].iloc[0]  # "It wasn’t Russia that halted ..."
    assert not cleft["negated"] and cleft["negator"] == ""  # the cleft moves the blame, it does not deny it
    neg = kwic([Document("n", "This is not a proxy war.")], lx, window=3).iloc[0]
    assert neg["negated"] and neg["negator"] == "not" and neg["pre"] == "is not a"
    whole = kwic(seed_corpus, lx, category="proxy_war", sentence=True)
    assert len(whole) == 1 and whole.iloc[0]["pre"].startswith("Trump, aiming")
    with pytest.raises(LexiconError, match=r"\[F207\].*no category 'nope'"):
        kwic(seed_corpus, lx, category="nope")


def test_cli_kwic_and_lexicon_check(capsys, tmp_path):
    from conftest import SEED_DIR

    assert main(["kwic", str(SEED_DIR), "--category", "root_causes", "--window", "2"]) == 0
    out = capsys.readouterr()
    assert "[[root causes]]" in out.out and "2 matches" in out.err
    assert main(["lexicon", "check", "urw_frames", "--corpus", str(SEED_DIR)]) == 0
    out = capsys.readouterr().out
    assert "Coverage on 1 documents" in out and "Dead entries" in out
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: b\ncategories:\n  c:\n    entries: [war, War]\n", encoding="utf-8")
    assert main(["lexicon", "check", str(bad)]) == 2
    assert "bad.yaml:4: category 'c': entry 'War' duplicates" in capsys.readouterr().err
