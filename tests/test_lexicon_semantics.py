"""Matching conformance beyond the basics: value types, case, overlap modes, levels, round trips,
and a property test of the engine against a slow, obviously-correct reference matcher."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import LexiconError
from framing.lexicon import Category, Lexicon, parse_entry, parse_lexicon, to_yaml


def lex(body, header=""):
    return parse_lexicon("name: t\n" + header + "categories:\n" + body, "t.yaml")


def spans(lexicon, text, **kw):
    return [(m.text, m.category) for m in lexicon.find(text, **kw)]


def test_fixed_entries_have_no_wildcards_and_regex_entries_match_whole_tokens():
    # a fixed entry is normalised like text: its '*' is not a word character, so 'war*' means the token 'war'
    # (framing lexicon check warns about it: see test_diagnostics)
    lx = lex(
        "  c:\n    entries:\n      - {pattern: 'war*', valuetype: fixed}\n"
        "      - {pattern: 'sanction(s|ed)', valuetype: regex}\n      - {pattern: '\\d+ day', valuetype: regex}\n"
    )
    assert spans(lx, "warfare war* sanctions sanctioning 30-day 30 day") == [
        ("war", "c"),
        ("sanctions", "c"),
        ("30 day", "c"),
    ]


def test_valuetype_default_and_invalid_regex():
    lx = lex("  c:\n    entries: ['peace.*']\n", header="valuetype: regex\n")
    assert spans(lx, "peacemaker peace") == [("peacemaker", "c"), ("peace", "c")]
    with pytest.raises(LexiconError, match=r"t\.yaml:5: category 'c': entry '\(a': invalid regex"):
        lex("  c:\n    entries: ['(a']\n", header="valuetype: regex\n")
    with pytest.raises(LexiconError, match=r"t\.yaml:2: valuetype must be one of"):
        lex("  c:\n    entries: [a]\n", header="valuetype: pcre\n")


def test_case_sensitive_lexicon():
    lx = lex("  c:\n    entries: [US]\n", header="case_sensitive: true\n")
    assert spans(lx, "us US Us") == [("US", "c")]


def test_global_non_overlap_mode_keeps_same_span_in_several_categories():
    lx = lex(
        "  geo:\n    entries: [New York]\n  paper:\n    entries: [New York Times]\n"
        "  city:\n    entries: [New York]\n  word:\n    entries: [times]\n"
    )
    text = "The New York Times and New York"
    assert spans(lx, text) == [
        ("New York", "city"),
        ("New York", "geo"),
        ("New York Times", "paper"),
        ("Times", "word"),
        ("New York", "city"),
        ("New York", "geo"),
    ]
    assert spans(lx, text, overlap="global") == [("New York Times", "paper"), ("New York", "city"), ("New York", "geo")]
    with pytest.raises(ValueError, match="overlap"):
        lx.find(text, overlap="none")


def test_multiword_across_sentence_boundary_only_when_asked():
    lx = lex("  c:\n    entries: [peace talks]\n")
    assert spans(lx, "We want peace. Talks failed.") == []
    assert spans(lx, "We want peace. Talks failed.", across_punctuation=True) == [("peace. Talks", "c")]


def test_levels_roll_up():
    lx = lex(
        "  remedy:\n    function: remedy\n    categories:\n      ceasefire:\n        function: remedy\n"
        "        sponsor: europe\n        entries: [ceasefire, truce]\n      sanctions:\n        function: remedy\n"
        "        sponsor: [europe, united_states]\n        entries: [sanction*, truce]\n"
    )
    assert lx.category_names == ["remedy.ceasefire", "remedy.sanctions"]
    top = lx.roll_up(1)
    assert top.category_names == ["remedy"]
    cat = top.categories["remedy"]
    assert [e.pattern for e in cat.entries] == ["ceasefire", "truce", "sanction*"]
    assert cat.sponsor == ("europe", "united_states") and cat.function == "remedy"
    assert spans(top, "a truce and sanctions") == [("truce", "remedy"), ("sanctions", "remedy")]


def test_yaml_round_trip_loses_nothing():
    lx = lex(
        "  remedy:\n    description: Remedies.\n    function: remedy\n    entries: [talks]\n    categories:\n"
        "      ceasefire:\n        sponsor: europe\n        provenance: Seed.\n        entries:\n"
        "          - ceasefire\n          - {pattern: truce, weight: 0.25}\n"
        "          - {pattern: 'cease.?fire', valuetype: regex}\n",
        header="version: '2'\nlicense: CC0\ndescription: D.\ncitation: C.\n",
    )
    again = parse_lexicon(to_yaml(lx), "again.yaml")
    assert again.sha256 == lx.sha256
    assert (again.name, again.version, again.license, again.description, again.citation) == (
        "t",
        "2",
        "CC0",
        "D.",
        "C.",
    )
    assert again.categories == lx.categories or [c.name for c in again.categories.values()] == lx.category_names
    for name in lx.categories:
        a, b = lx.categories[name], again.categories[name]
        assert (a.sponsor, a.function, a.description, a.provenance) == (
            b.sponsor,
            b.function,
            b.description,
            b.provenance,
        )
        assert [(e.pattern, e.weight, e.value_type) for e in a.entries] == [
            (e.pattern, e.weight, e.value_type) for e in b.entries
        ]


def test_content_hash_ignores_format_but_not_content():
    a = lex("  c:\n    entries: [war]\n")
    b = Lexicon([Category("c", (parse_entry("war", "c"),))], name="other")
    assert a.sha256 == b.sha256
    c = lex("  c:\n    entries: [wars]\n")
    assert c.sha256 != a.sha256


# --------------------------------------------------------------------------------------- property test
WORDS = ["peace", "talks", "war", "proxy", "Київ", "café", "a", "no", "peacemaker", "warfare"]
SEPS = [" ", " ", " ", "  ", ", ", "-", "'", ". ", "\n"]


def reference_find(entries_by_cat, text):
    """Obviously-correct matcher: one regex per entry, tried at every word start; then per category the
    leftmost-longest non-overlapping spans. Independent of the engine's token index."""
    starts = [m.start() for m in re.finditer(r"\w+", text)]
    out = []
    for cat, entries in entries_by_cat.items():
        found = []
        for entry in entries:
            parts = re.findall(r"[\w*?]+|[^\w*?]+", entry)
            rx = ""
            for part in parts:
                if re.match(r"[\w*?]", part):
                    rx += r"(?=\w)" + "".join(
                        r"\w*" if ch == "*" else r"\w" if ch == "?" else re.escape(ch) for ch in part
                    )
                elif part.strip() == "":
                    rx += r"\s+"
                else:
                    rx += "".join("['’]" if ch == "'" else re.escape(ch) for ch in part.strip())
            pattern = re.compile(rf"(?:{rx})(?!\w)", re.IGNORECASE)
            for s in starts:
                m = pattern.match(text, s)
                if m:
                    found.append((m.start(), m.end()))
        found.sort(key=lambda se: (se[0], -se[1]))
        last = -1
        for s, e in found:
            if s >= last:
                out.append((s, e, cat))
                last = e
    return sorted(set(out))


entry_token = st.sampled_from(WORDS).map(str.lower) | st.sampled_from(["pea*", "war*", "?alks", "caf?", "*"])
entry = st.lists(entry_token, min_size=1, max_size=3).flatmap(
    lambda toks: st.lists(st.sampled_from([" ", "-", "'"]), min_size=len(toks) - 1, max_size=len(toks) - 1).map(
        lambda seps: toks[0] + "".join(s + t for s, t in zip(seps, toks[1:], strict=True))
    )
)
lexicon_spec = st.dictionaries(
    st.sampled_from(["c1", "c2", "c3"]), st.lists(entry, min_size=1, max_size=4, unique=True), min_size=1, max_size=3
)
text_strategy = st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(SEPS)), max_size=25).map(
    lambda pairs: "".join(w + s for w, s in pairs)
)


@settings(max_examples=300, deadline=None)
@given(spec=lexicon_spec, text=text_strategy)
def test_engine_agrees_with_reference_matcher(spec, text):
    cats = []
    for name, entries in spec.items():
        parsed = {}
        for e in entries:
            p = parse_entry(e, name)
            parsed.setdefault(p.key, p)
        cats.append(Category(name, tuple(parsed.values())))
    lexicon = Lexicon(cats, name="random")
    got = sorted({(m.start, m.end, m.category) for m in lexicon.find(text)})
    want = reference_find({c.name: [e.pattern for e in c.entries] for c in cats}, text)
    assert got == want
