"""Negation that reads the sentence (issue 17, item 4): negating prefixes, and a negator word that negates a
match only when it scopes over it. Every case goes through the reference matcher (``Lexicon.find``) and the
engine (``Matcher``, ``match_table``), which must agree row for row."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_engine import lexicons, reference

from framing.lexicon import Category, Lexicon, Matcher, load_lexicon, match_table, parse_entry
from framing.lexicon.semantics import (
    CONDITION_NEGATORS,
    NEGATING_PREFIXES,
    NON_ACCEPTANCE_VERBS,
    PREFIX_HYPHENS,
    SUBORDINATORS,
)

ENTRIES = {
    "problem": ["terrorism", "violence", "democratic", "war", "aggression", "annexation", "war crimes"],
    "cause": ["halted the negotiations", "russia"],
    "remedy": ["ceasefire", "anti-war", "sanctions"],
}
LEX = Lexicon(
    [Category(c, tuple(parse_entry(p, c) for p in ps)) for c, ps in ENTRIES.items()],
    name="negation",
)


def negations(text: str, lexicon: Lexicon = LEX) -> list[tuple[str, str, bool, str]]:
    """(matched text, category, negated, negator) of every match of ``text``, after checking that the
    engine gives exactly the reference matcher's rows, alone and in a batch with other texts."""
    texts = ["no", text, "without it"]  # neighbours in one batch: no negator or condition leaks across texts
    want = reference(lexicon, texts, [0, 0, 0])
    got = list(Matcher(lexicon).match(texts, [0, 0, 0]).to_frame().itertuples(index=False, name=None))
    assert got == want
    return [(m.text, m.category, m.negated, m.negator) for m in lexicon.find(text)]


def flag(text: str, matched: str) -> tuple[bool, str]:
    """(negated, negator) of the one match of ``matched`` in ``text``."""
    found = [(neg, negator) for t, _, neg, negator in negations(text) if t == matched]
    assert len(found) == 1, found
    return found[0]


# ------------------------------------------------------------------------------------------- prefixes
@pytest.mark.parametrize(
    ("text", "matched", "negator"),
    [
        ("a policy of counter-terrorism", "terrorism", "counter-"),
        ("Counter-Terrorism units", "Terrorism", "Counter-"),
        ("the principle of non-violence", "violence", "non-"),
        ("an un-democratic vote", "democratic", "un-"),
        ("a non\u2010violence pledge", "violence", "non\u2010"),  # U+2010 hyphen
        ("a non\u2011violence pledge", "violence", "non\u2011"),  # U+2011 non-breaking hyphen
        ("NON-VIOLENCE", "VIOLENCE", "NON-"),
        ("it was not counter-terrorism", "terrorism", "counter-"),  # the prefix takes precedence over "not"
    ],
)
def test_a_hyphenated_prefix_negates_the_match_it_is_joined_to(text, matched, negator):
    assert flag(text, matched) == (True, negator)


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("UN-led sanctions and UN-sanctions", "sanctions"),  # the United Nations, not a prefix
        ("anti war", "war"),  # a space does not join
        ("anti – war and anti—war", "war"),  # nor a dash
        ("anti--war", "war"),  # nor two hyphens
        ("counter terrorism", "terrorism"),
        ("semi-democratic", "democratic"),  # not a negating prefix
        ("non-state violence", "violence"),  # the prefix is joined to another word
    ],
)
def test_no_prefix_negation_without_a_joining_hyphen_or_before_another_word(text, matched):
    for t, _, neg, negator in negations(text):
        if t.casefold() == matched:
            assert (neg, negator) == (False, "")


def test_an_entry_that_starts_with_the_prefix_is_not_negated_by_it():
    rows = negations("They marched in an anti-war protest.")
    assert ("anti-war", "remedy", False, "") in rows  # the entry anti-war itself
    assert ("war", "problem", True, "anti-") in rows  # the entry war, in another category
    assert ("anti-war", "remedy", True, "not") in negations("It was not an anti-war protest.")


# ------------------------------------------------------------------------------------------- scope
@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("It wasn't Russia that halted the negotiations; it was Ukraine.", "halted the negotiations"),
        ("It was not them who halted the negotiations.", "halted the negotiations"),
        ("Not because of aggression.", "aggression"),
        ("No matter whether sanctions work.", "sanctions"),
        ("never when war comes", "war"),
    ],
)
def test_a_subordinator_between_negator_and_match_ends_the_scope(text, matched):
    assert flag(text, matched) == (False, "")


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("We will not recognise the illegal annexation.", "annexation"),
        ("They did not recognize annexation.", "annexation"),
        ("We cannot accept aggression.", "aggression"),
        ("We will never forget the war crimes.", "war crimes"),
        ("Nobody tolerated aggression.", "aggression"),
        ("We will not stand for aggression.", "aggression"),
        ("We won't let aggression win.", "aggression"),
        ("They never justified the war.", "war"),
    ],
)
def test_a_verb_of_non_acceptance_takes_the_negation_and_the_frame_is_used(text, matched):
    assert flag(text, matched) == (False, "")


@pytest.mark.parametrize(
    ("text", "matched"),
    [
        ("No ceasefire without withdrawal.", "ceasefire"),
        ("no sanctions relief without withdrawal", "sanctions"),  # "without" third after the match
        ("Never again aggression.", "aggression"),
        ("never again war", "war"),
    ],
)
def test_no_and_never_that_begin_a_condition_do_not_negate(text, matched):
    assert flag(text, matched) == (False, "")


@pytest.mark.parametrize(
    ("text", "matched", "negator"),
    [
        # the controls: the same negators scope over the match when nothing of the above stands in the way
        ("It wasn't the Russia we know.", "Russia", "wasn't"),
        ("It wasn't Russia that halted the negotiations.", "Russia", "wasn't"),  # the cleft's own focus
        ("It is not aggression.", "aggression", "not"),
        ("not the annexation", "annexation", "not"),
        ("never aggression", "aggression", "never"),
        ("No ceasefire now.", "ceasefire", "No"),
        ("No ceasefire, without withdrawal.", "ceasefire", "No"),  # clause punctuation before "without"
        ("no ceasefire in sight and not without", "ceasefire", "no"),  # "without" four tokens after
        ("not ceasefire without withdrawal", "ceasefire", "not"),  # "not" begins no condition
        ("nothing again war", "war", "nothing"),  # only "never" begins "never again"
        ("They don't recognise that. Not aggression.", "aggression", "Not"),
    ],
)
def test_a_negator_with_nothing_in_the_way_still_negates(text, matched, negator):
    assert flag(text, matched) == (True, negator)


def test_the_nearest_negator_decides_and_a_breaker_before_it_does_not_count():
    assert flag("we accept no war", "war") == (True, "no")  # the verb is before the negator, not between
    assert flag("not that no war", "war") == (True, "no")
    assert flag("no standing war", "war") == (False, "")  # an inflected verb of the list between


def test_the_word_lists_are_lowercase_and_disjoint_from_the_negators():
    words = SUBORDINATORS | NON_ACCEPTANCE_VERBS | NEGATING_PREFIXES
    assert all(w == w.casefold() for w in words)
    assert CONDITION_NEGATORS <= {"no", "never"} and not words & {"not", "no", "never", "without", "again"}
    assert all(len(h) == 1 for h in PREFIX_HYPHENS)


@pytest.mark.parametrize("name", ["urw_frames", "negation"])
def test_match_table_agrees_with_find_on_the_seed(seed_passages, name):
    lexicon = LEX if name == "negation" else load_lexicon(name)
    table = match_table(seed_passages, lexicon)
    want = [(p.start + m.start, m.text, m.negated, m.negator) for p in seed_passages for m in lexicon.find(p.text)]
    got = zip(table["start"], table["text"], table["negated"], table["negator"], strict=True)
    assert sorted(got) == sorted(want) and want


def test_the_seed_cleft_is_not_a_negation_through_match_table(seed_passages):
    table = match_table(seed_passages, load_lexicon("urw_frames"))
    cleft = table[table["text"] == "halted the negotiations"]
    assert len(cleft) == 1 and not cleft["negated"].iloc[0] and cleft["negator"].iloc[0] == ""


# ------------------------------------------------------------------------------------------- equivalence
SCOPE_WORDS = ["not", "no", "never", "Never", "don", "t", "that", "Who", "accept", "let", "without", "again"]
PREFIX_WORDS = ["anti", "Non", "counter", "un", "UN", "Un", "semi"]
OTHER = ["war", "peace", "talks", "proxy", "s", "Київ", "ceasefire"]
# whole phrases, so that the rare constructions are drawn often enough
PHRASES = ["never again", "No war without", "wasn't it that", "won't let", "anti-war", "UN-", "non‑", "can't accept"]
SEPS = [" ", " ", "-", "\u2010", "\u2011", "–", " - ", "'", "’", ", ", ". ", "\n", "\u00a0", "--"]
scope_texts = st.lists(
    st.lists(
        st.tuples(st.sampled_from(SCOPE_WORDS + PREFIX_WORDS + OTHER + PHRASES), st.sampled_from(SEPS)), max_size=24
    ).map(lambda pairs: "".join(w + s for w, s in pairs)),
    max_size=5,
)
SCOPE_ENTRIES = "war|peace talks|anti-war|un|without|that|again|accept*|t|non-*|ceasefire".split("|")


@st.composite
def scope_lexicons(draw):
    """Lexicons whose entries are negators, scope words and prefixes too, or those of test_engine's strategy."""
    if draw(st.booleans()):
        return draw(lexicons())
    cats = []
    for name in draw(st.lists(st.sampled_from(["c1", "c2", "c3"]), min_size=1, max_size=3, unique=True)):
        patterns = draw(st.lists(st.sampled_from(SCOPE_ENTRIES), min_size=1, max_size=4, unique=True))
        cats.append(Category(name, tuple(parse_entry(p, name) for p in patterns)))
    return Lexicon(cats, name="scope", case_sensitive=draw(st.booleans()))


@settings(max_examples=400, deadline=None)
@given(
    lexicon=scope_lexicons(),
    texts=scope_texts,
    overlap=st.sampled_from(["category", "global"]),
    batch_chars=st.sampled_from([1, 40, 10_000]),
)
def test_engine_agrees_with_find_on_negation_in_random_text(lexicon, texts, overlap, batch_chars):
    matcher = Matcher(lexicon, overlap=overlap, batch_chars=batch_chars)
    offsets = [5 * i for i in range(len(texts))]
    want = reference(lexicon, texts, offsets, overlap=overlap)
    for _ in range(2):  # cold and warm token cache
        assert list(matcher.match(texts, offsets).to_frame().itertuples(index=False, name=None)) == want
