"""The batch matching engine (framing.lexicon.engine) against Lexicon.find, the reference implementation of the
matching semantics: same rows, same counts, for any lexicon, texts, batch size and settings."""

import os
import pickle
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing.lexicon import MATCH_ARRAY_COLUMNS, Category, Lexicon, Matcher, load_lexicon, matcher_for, parse_entry
from framing.tokens import WORD_RE

WORDS = ["peace", "Talks", "war", "no", "not", "don", "t", "Київ", "café", "straße", "NATO", "s", "peace", "talks"]
# separators: ASCII, curly quotes and dashes, a no-break space, rare symbols the engine splits exactly
SEPS = [" ", " ", "  ", ", ", "-", "'", "’", ". ", "\n", "“", "” ", " — ", "\u00a0", "€", "⁂", "\u200b", "; "]
ENTRY_TOKENS = ["peace", "talks", "war", "київ", "café", "strasse", "nato", "s", "pea*", "?alks", "*"]


@st.composite
def lexicons(draw):
    case_sensitive = draw(st.booleans())
    cats = []
    for name in draw(st.lists(st.sampled_from(["c1", "c2", "c3", "c4"]), min_size=1, max_size=4, unique=True)):
        parsed = {}
        for _ in range(draw(st.integers(1, 4))):
            kind = draw(st.sampled_from(["glob", "glob", "glob", "fixed", "regex"]))
            if kind == "regex":
                pattern = draw(st.sampled_from(["pea(ce|ces)", "w.r", "[a-z]+s", "т|Київ", "proxy war", "NATO s"]))
            else:
                some = st.lists(st.sampled_from(ENTRY_TOKENS), min_size=1, max_size=3)
                toks = draw(some | st.just(["peace", "talks"]))
                if kind == "fixed":
                    toks = [t.replace("*", "").replace("?", "") or "war" for t in toks]
                seps = draw(st.lists(st.sampled_from([" ", "-", "'"]), min_size=len(toks) - 1, max_size=len(toks) - 1))
                pattern = toks[0] + "".join(s + t for s, t in zip(seps, toks[1:], strict=True))
            weight = draw(st.sampled_from([1.0, 0.5, 2.0]))
            entry = parse_entry(pattern, name, weight, 0, kind)
            if entry is not None:
                parsed.setdefault(entry.key, entry)
        if parsed:
            cats.append(Category(name, tuple(parsed.values())))
    if not cats:
        cats = [Category("c1", (parse_entry("war", "c1"),))]
    return Lexicon(cats, name="random", case_sensitive=case_sensitive)


texts_strategy = st.lists(
    st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), max_size=20).map(
        lambda pairs: "".join(w + s for w, s in pairs)
    ),
    max_size=6,
)


@pytest.fixture
def seed_text(seed_corpus):
    return seed_corpus[0].text


def reference(lexicon, texts, offsets, **kw):
    rows = []
    for i, (t, off) in enumerate(zip(texts, offsets, strict=True)):
        for m in lexicon.find(t, off, **kw):
            rows.append((i, m.start, m.end, m.text, m.entry, m.category, m.weight, m.negated, m.negator))
    return rows


@settings(max_examples=400, deadline=None)
@given(
    lexicon=lexicons(),
    texts=texts_strategy,
    overlap=st.sampled_from(["category", "global"]),
    across=st.booleans(),
    batch_chars=st.sampled_from([1, 30, 10_000]),
)
def test_engine_agrees_with_lexicon_find(lexicon, texts, overlap, across, batch_chars):
    matcher = Matcher(lexicon, overlap=overlap, across_punctuation=across, batch_chars=batch_chars)
    offsets = [7 * i for i in range(len(texts))]
    want = reference(lexicon, texts, offsets, overlap=overlap, across_punctuation=across)
    for _ in range(2):  # the second pass runs on the warm token cache
        got = list(matcher.match(texts, offsets).to_frame().itertuples(index=False, name=None))
        assert got == want
        counts = np.zeros((len(texts), len(matcher.categories)), np.int64)
        for row in want:
            counts[row[0], matcher.categories.index(row[5])] += 1
        assert (matcher.count(texts) == counts).all()


def test_engine_on_real_text_with_bundled_lexicons(seed_text):
    texts = [seed_text, seed_text.upper(), "", "no war", seed_text.replace(" ", "\u00a0")]
    for name in ("urw_frames", "urw_narratives", "generic_frames"):
        lexicon = load_lexicon(name)
        got = matcher_for(lexicon).match(texts, [0] * len(texts)).to_frame()
        assert list(got.columns) == MATCH_ARRAY_COLUMNS
        assert list(got.itertuples(index=False, name=None)) == reference(lexicon, texts, [0] * len(texts))
    assert len(got) > 20


def test_matcher_cache_pickles_and_is_per_setting(seed_text):
    lexicon = load_lexicon("urw_frames")
    m = matcher_for(lexicon)
    assert matcher_for(lexicon) is m and matcher_for(lexicon, overlap="global") is not m
    before = m.match([seed_text]).to_frame()
    clone = pickle.loads(pickle.dumps(m))
    assert clone.match([seed_text]).to_frame().equals(before)
    assert len(clone._vocab) == len(m._vocab) > 0


def test_vocabulary_cache_is_bounded(seed_text):
    lexicon = load_lexicon("urw_frames")
    m = Matcher(lexicon, max_vocabulary=50)
    want = m.match([seed_text]).to_frame()
    assert len(m._vocab) <= 50 + len(seed_text.split())  # pruned between batches, never during one
    m.match([seed_text])
    assert m.match([seed_text]).to_frame().equals(want)


def test_bad_settings():
    with pytest.raises(ValueError, match="overlap"):
        Matcher(load_lexicon("urw_frames"), overlap="none")
    with pytest.raises(ValueError, match="2 texts but 1 offsets"):
        Matcher(load_lexicon("urw_frames")).match(["a", "b"], [0])


def test_negation_variants_agree_with_find():
    lexicon = Lexicon([Category("c", (parse_entry("war", "c"), parse_entry("peace talks", "c")))], name="neg")
    texts = [
        "don't war",
        "don’t war",
        "don‘t war",
        "don-t war",
        "don ' t war",
        "don 't war",
        "DON'T WAR",
        "can’t, war",
        "naïveŉ't war",
        "isn't the war",
        "isn't it a big war",
        "t war",
        "no; war",
        "not peace talks",
        "never—peace talks",
        "Nothing but peace  talks",
    ]
    want = reference(lexicon, texts, [0] * len(texts))
    got = list(Matcher(lexicon).match(texts).to_frame().itertuples(index=False, name=None))
    assert got == want
    negated = [True, True, True, False, True, True, True, False, True, True, False, False, False, True, True, True]
    assert [r[7] for r in want] == negated


def test_cli_match_counts_agree_with_the_match_table(capsys):
    import io

    import pandas as pd

    from framing.cli import main

    assert main(["match", "seeds"]) == 0
    table = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert main(["match", "seeds", "--counts"]) == 0
    counts = pd.read_csv(io.StringIO(capsys.readouterr().out))
    assert counts.shape[0] == 14  # one row per passage of the seed, matched or not
    per_category = counts.drop(columns=["doc_id", "passage_id"]).sum()
    assert per_category[per_category > 0].to_dict() == table["category"].value_counts().sort_index().to_dict()


def _scan_spans(matcher: Matcher, texts: list[str]) -> list[list[tuple[int, int]]]:
    """Token spans per text, as the compiled tokenizer finds them (character offsets within each text)."""
    batch = matcher._scan(texts)
    spans: list[list[tuple[int, int]]] = [[] for _ in texts]
    for p, a, b in zip(batch.tp.tolist(), batch.cs.tolist(), batch.ce.tolist(), strict=True):
        spans[p].append((a - int(batch.pstart[p]), b - int(batch.pstart[p])))
    return spans


@settings(max_examples=300, deadline=None)
@given(
    texts=st.lists(st.text(st.characters(exclude_categories=("Cs",)), max_size=40), min_size=1, max_size=5),
    case_sensitive=st.booleans(),
)
def test_compiled_tokenizer_finds_exactly_the_word_re_tokens(texts, case_sensitive):
    """Any Unicode text (1- to 4-byte UTF-8 characters, marks, digits, symbols, controls): the compiled pass
    gives the tokens, offsets and texts of ``\\w+``."""
    lex = Lexicon([Category("c", (parse_entry("war", "c"),))], name="t", case_sensitive=case_sensitive)
    assert _scan_spans(Matcher(lex), texts) == [[m.span() for m in WORD_RE.finditer(t)] for t in texts]


def test_compiled_tokenizer_on_every_code_point():
    """Every code point but the surrogates, each on its own between spaces and all in one run: the word
    characters are exactly those of ``\\w``."""
    chars = [chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000]
    texts = [" ".join(chars), "".join(chars)]
    expected = [[m.span() for m in WORD_RE.finditer(t)] for t in texts]
    assert len(expected[0]) > 100_000
    assert _scan_spans(Matcher(load_lexicon("urw_frames"), batch_chars=10**8), texts) == expected


def test_compiled_loops_stay_in_bounds(tmp_path):
    """numba does not check indices by default: a wrong one would read or write outside an array silently.
    The property tests above run again with the loops compiled with bounds checks (into a fresh cache), so
    any index out of bounds on their texts is an IndexError."""
    env = {**os.environ, "NUMBA_BOUNDSCHECK": "1", "NUMBA_CACHE_DIR": str(tmp_path / "numba")}
    selected = "agrees_with_lexicon_find or tokenizer or negation_variants or real_text"
    cmd = [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", __file__, "-k", selected]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, cwd=Path(__file__).parent.parent)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert " passed" in done.stdout and " failed" not in done.stdout
    assert any((tmp_path / "numba").rglob("*.nbi")), "the bounds-checked loops were not compiled into the fresh cache"
