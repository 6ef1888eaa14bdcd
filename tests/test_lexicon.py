"""Lexicon: the YAML format, validation with file and line, and the documented matching semantics."""

import pytest

from framing import LexiconError, bundled_lexicons, load_lexicon
from framing.lexicon import parse_lexicon


def lex(categories_yaml):
    return parse_lexicon("name: t\nversion: '1'\ncategories:\n" + categories_yaml, "t.yaml")


def found(lexicon, text):
    return [(m.text, m.category, m.entry) for m in lexicon.find(text)]


def test_bundled_urw_frames_loads_with_metadata():
    assert "urw_frames" in bundled_lexicons()
    lx = load_lexicon("urw_frames")
    assert lx.name == "urw_frames" and lx.version and lx.license and len(lx.sha256) == 64
    for cat in lx.categories.values():
        assert (
            cat.entries
            and cat.description
            and cat.provenance
            and cat.function in ("problem", "cause", "moral", "remedy")
        )
        assert cat.sponsor


@pytest.mark.parametrize(
    "phrase",
    [
        "root causes",
        "underlying causes",
        "bloodbath",
        "proxy war",
        "imperial land grab",
        "ceasefire",
        "sanctions",
        "sphere of influence",
    ],
)
def test_seed_phrases_are_matched_by_the_shipped_lexicon(phrase):
    lx = load_lexicon("urw_frames")
    assert [m.text for m in lx.find(f"They spoke of the {phrase} again.")] == [phrase]


def test_case_insensitive_whole_words_and_offsets():
    lx = lex("  c:\n    entries: [war]\n")
    text = "WAR, warfare, postwar War"
    assert [(m.start, m.end, m.text) for m in lx.find(text, 10)] == [(10, 13, "WAR"), (32, 35, "War")]


def test_wildcards_stay_inside_one_token():
    lx = lex("  c:\n    entries: ['sanction*', 'neg?tiate', 'peace talk*']\n")
    assert found(lx, "Sanctions, sanctioned; negotiate; peace talks; sanction-busting") == [
        ("Sanctions", "c", "sanction*"),
        ("sanctioned", "c", "sanction*"),
        ("negotiate", "c", "neg?tiate"),
        ("peace talks", "c", "peace talk*"),
        ("sanction", "c", "sanction*"),
    ]


def test_longest_match_within_a_category_counts_once():
    lx = lex("  geo:\n    entries: [Czech, Czech Republic]\n  other:\n    entries: [Czech]\n")
    assert found(lx, "the Czech Republic and Czech beer") == [
        ("Czech", "other", "Czech"),
        ("Czech Republic", "geo", "Czech Republic"),
        ("Czech", "geo", "Czech"),
        ("Czech", "other", "Czech"),
    ]  # sorted by start, end, category


def test_overlapping_wildcard_and_fixed_entries_and_repeated_words():
    lx = lex("  c:\n    entries: ['peace', 'peace*', 'peace peace']\n")
    assert found(lx, "peace peace peacemaker") == [("peace peace", "c", "peace peace"), ("peacemaker", "c", "peace*")]


def test_multiword_needs_whitespace_or_the_same_punctuation():
    lx = lex("  c:\n    entries: ['long-lasting peace', \"NATO's expansion\", 'proxy war']\n")
    assert found(lx, "a long-lasting peace, NATO’s expansion") == [
        ("long-lasting peace", "c", "long-lasting peace"),
        ("NATO’s expansion", "c", "NATO's expansion"),
    ]
    assert found(lx, "long lasting peace; a proxy. War; proxy\n war") == [("proxy\n war", "c", "proxy war")]


def test_unicode_words_cyrillic_and_accents():
    lx = lex("  c:\n    entries: ['київ', 'Zelenskyy', 'égalité*']\n")
    assert found(lx, "Київ, ZELENSKYY and Égalités; Київщина") == [
        ("Київ", "c", "київ"),
        ("ZELENSKYY", "c", "Zelenskyy"),
        ("Égalités", "c", "égalité*"),
    ]


def test_negation_is_flagged_within_the_window_and_clause():
    lx = lex("  c:\n    entries: [imperial land grab, proxy war]\n")
    ms = lx.find("It is not an imperial land grab. Not, however, a proxy war. It wasn't a proxy war.")
    assert [(m.text, m.negated, m.negator) for m in ms] == [
        ("imperial land grab", True, "not"),
        ("proxy war", False, ""),
        ("proxy war", True, "wasn't"),
    ]
    far = lx.find("Never was it in any way a proxy war.")
    assert [m.negated for m in far] == [False]  # negator more than three tokens before


def test_entry_weights_and_nested_categories():
    lx = lex(
        "  remedy:\n    entries: [{pattern: talks, weight: 0.5}]\n    categories:\n"
        "      ceasefire:\n        entries: [ceasefire]\n"
    )
    assert lx.category_names == ["remedy", "remedy.ceasefire"]
    assert [(m.category, m.weight) for m in lx.find("talks on a ceasefire")] == [
        ("remedy", 0.5),
        ("remedy.ceasefire", 1.0),
    ]


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("  c:\n    entries: []\n", r"t\.yaml:4: category 'c' has no entries"),
        ("  c:\n    entries: [war, War]\n", r"t\.yaml:5: category 'c': entry 'War' duplicates the entry on line 5"),
        (
            "  c:\n    entries:\n      - war\n      - 12\n",
            r"t\.yaml:7: category 'c': entry 12 must be a non-empty string",
        ),
        ("  c:\n    function: blame\n    entries: [war]\n", r"t\.yaml:5: category 'c': function must be one of"),
        ("  c:\n    colour: red\n    entries: [war]\n", r"t\.yaml:5: category 'c': unknown key 'colour'"),
        ("  c:\n    entries: [{pattern: war, weight: high}]\n", r"t\.yaml:5: category 'c': weight of 'war'"),
        ("  c: [war]\n", r"t\.yaml:4: category 'c' must be a mapping"),
        ("  c:\n    entries: ['--']\n", r"\[F205\] t\.yaml:5: entry '--' cannot match"),
        ("  c:\n    entries: [war\n", r"\[F203\] t\.yaml: cannot parse YAML at line"),
    ],
)
def test_malformed_lexicons_name_file_and_line(body, message):
    with pytest.raises(LexiconError, match=message):
        lex(body)


def test_missing_name_unknown_keys_and_missing_file(tmp_path):
    with pytest.raises(LexiconError, match=r"t\.yaml:1: missing 'name'"):
        parse_lexicon("categories:\n  c:\n    entries: [a]\n", "t.yaml")
    with pytest.raises(LexiconError, match=r"t\.yaml:2: unknown key 'extra'"):
        parse_lexicon("name: t\nextra: 1\ncategories:\n  c:\n    entries: [a]\n", "t.yaml")
    with pytest.raises(LexiconError, match=r"\[F202\].*urw_frames"):
        load_lexicon(tmp_path / "none.yaml")
    path = tmp_path / "mine.yaml"
    path.write_text("name: mine\ncategories:\n  c:\n    entries: [a*]\n", encoding="utf-8")
    assert load_lexicon(path).name == "mine"
