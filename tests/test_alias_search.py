"""The fast alias and reporting-verb searches (framing.actors.search) against the regular-expression
alternations they replaced: the same mentions and the same verb matches, on synthetic registries and texts
built to make aliases overlap (titles, places after locatives, not-mention phrases, role descriptions,
phrases that begin or end with punctuation, Unicode letters at word boundaries)."""

import importlib.util
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from framing import load_actors
from framing.actors import SpeakerAttributor
from framing.actors.registry import Actor, ActorRegistry, Role
from framing.actors.search import AliasSearch, WordFinder

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"


# ------------------------------------------------------------------------------------ the old searches
# the references live in the benchmark (benchmarks/attribution_speed.py), which times the library against them
_SPEC = importlib.util.spec_from_file_location("attribution_speed", BENCH / "attribution_speed.py")
assert _SPEC is not None and _SPEC.loader is not None
speed = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(speed)


def reference_find_mentions(registry, text, offset=0, *, date=None):
    """``find_mentions`` as it was before AliasSearch: one alternation searched at every character."""
    return speed.reference_find_mentions(registry, speed.reference_patterns(registry), text, offset, date=date)


def reference_verbs(verbs, text):
    """The reporting-verb matches as the old alternation found them."""
    return [m.span() for m in speed.reference_verb_pattern(frozenset(v.lower() for v in verbs)).finditer(text)]


# ------------------------------------------------------------------------------------ synthetic registries
# phrases that overlap: prefixes of one another, sharing first words, beginning or ending with punctuation,
# non-ASCII letters (a boundary of \w, not of ASCII)
PHRASES = [
    "Al",
    "Al Bo",
    "Al Bo Cy",
    "Al-Bo",
    "Bo",
    "Bo Cy",
    "Cy",
    "U.S.",
    "U.S.A.",
    "U",
    "US",
    "É",
    "Éa",
    "Київ",
    "Ки",
    "the Al",
    "the Head",
    "the Head of Bo",
    "(Al)",
    "-Bo",
    "Bo's",
    "Dé",
    "Al  Bo",
    "Sea",
    "Al Sea",
]
TITLES = [
    "Mr",
    "Mr.",
    "Dr.",
    "President",
    "President of",
    "the President",
    "Former President",
    "President of Bo",
    "Al",
    "the",
    "(Dr)",
]
WORDS = PHRASES + TITLES + ["in", "to", "said", "Alb", "Boa", "BO", "al", "ÉÉ", "Київа", "of", "visited", "x"]
SEPS = [" ", " ", "  ", "\n", "-", "'", "’", ".", ",", "_", "", "\u00a0", "3", "é", "(", ")"]


@st.composite
def registries(draw):
    phrases = draw(st.lists(st.sampled_from(PHRASES), min_size=1, max_size=len(PHRASES), unique=True))
    n_roles = draw(st.integers(0, min(2, len(phrases) - 1)))
    n_not = draw(st.integers(0, min(3, len(phrases) - n_roles - 1)))
    role_aliases, not_mentions, aliases = (
        phrases[:n_roles],
        phrases[n_roles : n_roles + n_not],
        phrases[n_roles + n_not :],
    )
    actors = []
    for i, alias in enumerate(aliases):  # one or two aliases per actor, persons and states
        kind = draw(st.sampled_from(["person", "state"]))
        own = draw(st.lists(st.sampled_from(TITLES), max_size=2, unique=True))
        actors.append(Actor(f"a{i}", kind, f"a{i}", aliases=(alias,), titles=tuple(own)))
    roles = [
        Role((a,), (("a0", "2020-01-01", "2021-01-01"),), draw(st.sampled_from([None, "a0"]))) for a in role_aliases
    ]
    return ActorRegistry(
        actors,
        titles=draw(st.lists(st.sampled_from(TITLES), max_size=4, unique=True)),
        roles=roles,
        places=draw(st.lists(st.sampled_from(aliases), max_size=2, unique=True)),
        not_mentions=not_mentions,
    )


texts = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), max_size=25).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)


@settings(max_examples=300, deadline=None)
@given(registry=registries(), text=texts, offset=st.sampled_from([0, 17]), date=st.sampled_from([None, "2020-06-01"]))
def test_find_mentions_equals_the_alternation(registry, text, offset, date):
    assert registry.find_mentions(text, offset, date=date) == reference_find_mentions(registry, text, offset, date=date)


def test_find_mentions_equals_the_alternation_on_the_bundled_registry():
    registry = load_actors()
    text = (
        "Russian President Vladimir Putin met U.S. President Donald Trump in Moscow; the Russian President said "
        "Former President Joe Biden visited Kyiv. President of Russia Vladimir Putin, the South China Sea, "
        "Київ, Kyivan, EUropean Western European leaders, Mr. Putin and Dr. Kissinger, talks in Washington."
    )
    for date in (None, "2018-06-01"):
        mentions = registry.find_mentions(text, 5, date=date)
        assert mentions == reference_find_mentions(registry, text, 5, date=date)
        assert {"title", "alias", "role"} <= {m.rule for m in mentions}  # every kind of mention is exercised


def test_alias_search_gives_the_regular_expression_matches():
    search = AliasSearch(["Al", "Al Bo", "(Al)", "Bo"], ["President", "the"])
    text = "the President Al Bo, (Al) xAl Bo_ the  Bo"
    starts = search.starts(text)
    found, pos = [], 0
    while (m := search.search(text, starts, pos)) is not None:
        found.append(m)
        pos = m[2]
    expected = [(m.start(), m.start("alias"), m.end(), m.group("alias")) for m in search.pattern.finditer(text)]
    assert found == expected == [(0, 14, 19, "Al Bo"), (21, 21, 25, "(Al)"), (34, 39, 41, "Bo")]
    assert search.search_bare(text, starts, 0) == (14, 19, "Al Bo")


def test_alias_search_tries_titles_in_the_alternations_order():
    # two ways to read it: "President of Bo" + "Cy" or "President of" + "Bo Cy"; the longer title is tried
    # first, as in the alternation, so the alias is "Cy"
    search = AliasSearch(["Bo Cy", "Cy"], ["President", "President of", "President of Bo"])
    text = "President of Bo Cy"
    assert search.pattern.match(text).group("alias") == "Cy"
    assert search.search(text, search.starts(text)) == (0, 16, 18, "Cy")


# ------------------------------------------------------------------------------------ reporting verbs
VERB_TEXT_WORDS = ["said", "SAID", "Said", "ſaid", "saıd", "says", "sayings", "stressed", "streßed", "told", "x"]


@settings(max_examples=300, deadline=None)
@given(
    verbs=st.lists(st.sampled_from(["said", "Says", "told", "stressed", "déclaré", "point out", "ſay"]), unique=True),
    text=st.lists(
        st.tuples(st.sampled_from([*VERB_TEXT_WORDS, "déclaré", "DÉCLARÉ", "point out"]), st.sampled_from(SEPS))
    ).map(lambda pairs: "".join(w + s for w, s in pairs)),
)
def test_word_finder_equals_the_alternation(verbs, text):
    finder = WordFinder(verbs)
    got = [m.span() for m in finder.finditer(text)]
    assert got == (reference_verbs(verbs, text) if verbs else [])  # no verbs: no match (not empty matches)


def test_word_finder_folds_case_as_the_regular_expression_does():
    verbs = ["said", "stressed", "asked"]
    text = "He SAID, she Said; they ſaid (long s) and saıd; ‘streßed’ is not stressed; xsaid said_ Kelvin: as\u212aed"
    spans = [m.span() for m in WordFinder(verbs).finditer(text)]
    assert spans == reference_verbs(verbs, text)
    assert [text[s:e] for s, e in spans] == ["SAID", "Said", "ſaid", "saıd", "stressed", "as\u212aed"]


def test_attributor_uses_the_word_finder():
    attributor = SpeakerAttributor(reporting_verbs=["Declared"])
    assert isinstance(attributor._verb_re, WordFinder)
    assert [m.group() for m in attributor._verb_re.finditer("Kyiv DECLARED, and declared.")] == ["DECLARED", "declared"]
