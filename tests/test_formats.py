"""Lexicon file formats: LIWC .dic, WordStat .cat, quanteda YAML, CSV/TSV readers; .dic and YAML writers.

Inline tests need nothing but the package; the tests of real third-party files use the ``shared_dir``
fixture (skipped in a user's clone, failing on CI without it).
"""

import re

import pytest

from framing import LexiconError, LexiconWarning, load_lexicon
from framing.lexicon import (
    Category,
    FormatWarning,
    Lexicon,
    parse_cat,
    parse_dic,
    parse_entry,
    parse_quanteda_yaml,
    parse_table,
    read_lexicon_file,
    write_dic,
    write_lexicon_file,
)


def cats(lexicon):
    """{category: [pattern, ...]} in entry order."""
    return {name: [e.pattern for e in c.entries] for name, c in lexicon.categories.items()}


def entry_sets(lexicon):
    return {name: {(e.pattern, e.weight, e.value_type) for e in c.entries} for name, c in lexicon.categories.items()}


def found(lexicon, text):
    return [(m.text, m.category) for m in lexicon.find(text)]


def error_at(path, line):
    """A pytest.raises match for an [F201] error naming ``path`` and ``line``."""
    return rf"\[F201\] {re.escape(str(path))}:{line}: "


# ------------------------------------------------------------------------------------------------ LIWC .dic
DIC_2015 = (
    "\ufeff%\r\n"
    "1\tfunction (Function Words)\r\n"
    "2   \t posemo\t \r\n"
    "10\tcare.virtue\r\n"
    "%\r\n"
    "\r\n"
    "the\t1\r\n"
    "happ*\t\t2 10   \r\n"
    "civil rights\t10\r\n"
    "care  2 10\r\n"
)


def test_dic_2015_layout_with_real_world_mess():
    lx = parse_dic(DIC_2015, "liwc.dic")
    assert lx.name == "liwc" and lx.source == "liwc.dic" and lx.description == ""
    assert cats(lx) == {
        "care.virtue": ["happ*", "civil rights", "care"],
        "function": ["the"],
        "posemo": ["happ*", "care"],
    }
    assert lx.categories["function"].description == "Function Words"
    assert lx.categories["care.virtue"].entries[1].is_multiword
    assert [e.line for e in lx.categories["care.virtue"].entries] == [8, 9, 10]
    assert found(lx, "Happiness and civil  rights; the CARE") == [
        ("Happiness", "care.virtue"),
        ("Happiness", "posemo"),
        ("civil  rights", "care.virtue"),
        ("the", "function"),
        ("CARE", "care.virtue"),
        ("CARE", "posemo"),
    ]
    assert lx.roll_up(1).category_names == ["care", "function", "posemo"]


def test_dic_liwc2007_conditionals_are_read_as_documented():
    text = (
        "%\n01\tpronoun\n02\tdiscrep\n125\taffect\n126\tposemo\n464\tfiller\n%\n"
        "like\t(01 02)125/464\t(01 02)126\t02 02\n"
        "kind (of)\t02\n"
    )
    with pytest.warns(FormatWarning) as record:
        lx = parse_dic(text, "liwc2007.dic")
    message = str(record[0].message)
    assert "liwc2007.dic: LIWC 2007 conditional category assignments dropped (line 8)" in message
    assert "context words in parentheses read as part of a phrase (line 9)" in message
    assert "a category listed twice for a term counted once (line 8)" in message
    assert cats(lx) == {"discrep": ["like", "kind of"]}  # affect, posemo, filler only had conditional entries
    assert "Reader notes:" in lx.description and "category 'affect' has no entries" in lx.description
    assert found(lx, "a kind of like") == [("kind of", "discrep"), ("like", "discrep")]


def test_dic_fallback_to_cp1252_is_recorded(tmp_path):
    path = tmp_path / "deutsch.dic"
    path.write_bytes("%\n1\tgefühl\n%\nmüde*\t1\nschön\t1\n".encode("cp1252"))
    with pytest.warns(FormatWarning, match=r"deutsch\.dic: not UTF-8 .*decoded as cp1252"):
        lx = read_lexicon_file(path)
    assert cats(lx) == {"gefühl": ["müde*", "schön"]}
    assert "decoded as cp1252" in lx.description
    assert found(lx, "Schön müder") == [("Schön", "gefühl"), ("müder", "gefühl")]


def test_dic_question_mark_is_literal_and_terms_without_words_are_dropped():
    with pytest.warns(FormatWarning, match=r"terms without word characters dropped \(line 5\)"):
        lx = parse_dic("%\n1\ta\n%\nwhat?\t1\n:)\t1\n", "x.dic")
    (entry,) = lx.categories["a"].entries
    assert (entry.pattern, entry.value_type) == ("what?", "fixed")
    assert found(lx, "whats what") == [("what", "a")]


@pytest.mark.parametrize(
    ("text", "line", "detail"),
    [
        ("1\ta\n%\nx\t1\n", 1, "missing header: a LIWC dictionary starts with a '%' line"),
        ("\n\n%\n1\ta\nx\t1\n", 3, "never closed by a '%' line"),
        ("%\n%\nx\t1\n", 2, "the header defines no categories"),
        ("%\none\ta\n%\nx\t1\n", 2, "category id 'one' is not a number"),
        ("%\n1\ta\n1\tb\n%\nx\t1\n", 3, "category id 1 is already defined on line 2"),
        ("%\n1\ta\n01\tb\n%\nx\t1\n", 3, "category id 01 is already defined on line 2"),
        ("%\n1\n%\nx\t1\n", 2, "category id 1 has no name"),
        ("%\n1\ta\n2\ta\n%\nx\t1\n", 3, "category 'a' is already defined on line 2"),
        ("%\n1\ta\n%\nx\t1\ny\t7\n", 5, "category id 7 is not defined in the header"),
        ("%\n1\ta\n%\nx\t1 b2\n", 4, "category id 'b2' of term 'x' is not a number"),
        ("%\n1\ta\n%\nx\t1\nlonely\n", 5, "term 'lonely' has no category ids"),
        ("%\n1\ta\n%\nx\t\t\n", 4, "term 'x' has no category ids"),
        ("%\n1\ta\n%\nlike\t(1)9/1\n", 4, "category id 9 is not defined in the header"),
        ("%\n1\ta\n%\n", 3, "no term line assigns a category"),
    ],
)
def test_dic_errors_name_file_and_line(text, line, detail):
    with pytest.raises(LexiconError, match=error_at("bad.dic", line) + ".*" + re.escape(detail)):
        parse_dic(text, "bad.dic")


# ------------------------------------------------------------------------------------------------ WordStat .cat
CAT = (
    "ECONOMY\r\n"
    "\t+STATE+\r\n"
    "\t\tBENEFIT* (1)\r\n"
    "\t\tPUBLIC_SERVICE (1)\r\n"
    "\t=STATE=\r\n"
    "\t\tBANK* (2)\r\n"
    "\r\n"
    "CULTURE\r\n"
    "\tART (1)\r\n"
    "\tPOPULAR\r\n"
    "\t\tMEDIA (1)\r\n"
    "\tHUMAN_RIGHTS (0.5)\r\n"
)


def test_cat_nesting_phrases_weights_and_name_sanitising():
    lx = parse_cat(CAT, "lg.cat")
    assert cats(lx) == {
        "CULTURE": ["art", "human rights"],
        "CULTURE.POPULAR": ["media"],
        "ECONOMY.equals_STATE_equals": ["bank*"],
        "ECONOMY.plus_STATE_plus": ["benefit*", "public service"],
    }
    assert lx.categories["ECONOMY.plus_STATE_plus"].description == "+STATE+"
    assert lx.categories["CULTURE"].description == ""
    assert {e.pattern: e.weight for e in lx.entries()}["bank*"] == 2.0
    assert {e.pattern: e.weight for e in lx.entries()}["human rights"] == 0.5
    assert found(lx, "Human rights and public services") == [("Human rights", "CULTURE")]
    assert lx.roll_up(1).category_names == ["CULTURE", "ECONOMY"]


def test_cat_indentation_by_spaces_and_empty_categories():
    text = "A\n  B\n    X (1)\n  EMPTY\n  C\n    Y (1)\n"
    with pytest.warns(FormatWarning, match=r"category 'A\.EMPTY' has no entries and was dropped \(line 4\)"):
        lx = parse_cat(text, "s.cat")
    assert cats(lx) == {"A.B": ["x"], "A.C": ["y"]}


def test_cat_repeated_entries_and_categories():
    text = "A\n\tX (1)\n\tx (1)\nB\n\tY (1)\nA\n\tZ (1)\n\tX (2)\n"
    with pytest.warns(FormatWarning, match=r"with another weight: the first weight kept \(line 8\)") as record:
        lx = parse_cat(text, "r.cat")
    assert len(record) == 1 and "repeated and merged" not in str(record[0].message)
    assert entry_sets(lx) == {"A": {("x", 1.0, "glob"), ("z", 1.0, "glob")}, "B": {("y", 1.0, "glob")}}
    assert "category 'A' repeated and merged (line 6)" in lx.description
    assert "entries repeated within a category counted once (line 3)" in lx.description


@pytest.mark.parametrize(
    ("text", "line", "detail"),
    [
        ("\tA\n\t\tX (1)\n", 1, "unexpected indent"),
        ("A\n\tX (1)\n\t\tY (1)\n", 3, "unexpected indent: only a category line may be followed by a deeper line"),
        ("A\n\t\tB\n\t\t\tX (1)\n\tC\n\t\tY (1)\n", 4, "indentation matches no enclosing level"),
        ("A\n\tB\n\t\tX (1)\n    C\n", 4, "indentation matches no enclosing level"),
        ("X (1)\nA\n\tY (1)\n", 1, "entry 'X' is outside any category"),
        ("A\n\tX (one)\n", 2, "weight 'one' of entry 'X' is not a number"),
        ("A\n\tB C\n\t\tX (1)\n\tB_C\n\t\tY (1)\n", 4, "category 'B_C' and 'B C' (line 2) both become 'A.B_C'"),
        ("A\nB\n", 1, "no entries"),
    ],
)
def test_cat_errors_name_file_and_line(text, line, detail):
    with pytest.raises(LexiconError, match=error_at("bad.cat", line) + ".*" + re.escape(detail)):
        parse_cat(text, "bad.cat")


# ------------------------------------------------------------------------------------------------ quanteda YAML
QUANTEDA = """# Geo seeds
# by someone
EUROPE:
  EAST:
    'UA': [Ukraine, Ukrainian*, Kyiv]
    'RU': [Russia, russia, Moscow]
  WEST:
    'FR': France
populism: [elit*, "consensus*", 'people s']
"""


def test_quanteda_yaml_nested_keys_become_dotted_categories():
    lx = parse_quanteda_yaml(QUANTEDA, "geo.yml")
    assert cats(lx) == {
        "EUROPE.EAST.RU": ["Russia", "Moscow"],
        "EUROPE.EAST.UA": ["Ukraine", "Ukrainian*", "Kyiv"],
        "EUROPE.WEST.FR": ["France"],
        "populism": ["elit*", "consensus*", "people s"],
    }
    assert lx.description.startswith("Geo seeds\nby someone")
    assert "patterns repeated within a key counted once (line 6)" in lx.description  # recorded, no warning
    assert lx.categories["EUROPE.EAST.UA"].entries[2].line == 5
    assert found(lx, "Ukrainian elites") == [("Ukrainian", "EUROPE.EAST.UA"), ("elites", "populism")]


def test_yaml_files_go_to_the_right_reader(tmp_path):
    ours = tmp_path / "ours.yaml"
    ours.write_text("name: mine\ncategories:\n  war:\n    entries: [war]\n", encoding="utf-8")
    theirs = tmp_path / "theirs.yml"
    theirs.write_text("war: [war]\npeace:\n  talks: [peace talks]\n", encoding="utf-8")
    assert read_lexicon_file(ours).name == "mine"
    assert cats(read_lexicon_file(theirs)) == {"peace.talks": ["peace talks"], "war": ["war"]}
    assert cats(load_lexicon(theirs)) == cats(read_lexicon_file(theirs))
    broken_ours = tmp_path / "broken.yaml"
    broken_ours.write_text("name: mine\ncategories:\n  war:\n    entries: [war]\n    colour: red\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=error_at(broken_ours, 5) + ".*unknown key 'colour'"):
        read_lexicon_file(broken_ours)


@pytest.mark.parametrize(
    ("text", "line", "detail"),
    [
        ("A:\n  NO: [Norway]\n", 2, "key False is not a string"),
        ("A:\n  B: [x, yes]\n", 2, "pattern True under 'B' is not a string"),
        ("A:\n  B: 1.5\n", 2, "key 'B' must map to a list of patterns or to sub-keys"),
        ("A B: [x]\nA_B: [y]\n", 2, "key 'A_B' and 'A B' (line 1) both become 'A_B'"),
        ("- a\n- b\n", 1, "a quanteda dictionary is a mapping"),
    ],
)
def test_quanteda_yaml_errors_name_file_and_line(text, line, detail):
    with pytest.raises(LexiconError, match=error_at("bad.yml", line) + ".*" + re.escape(detail)):
        parse_quanteda_yaml(text, "bad.yml")


def test_quanteda_yaml_syntax_error_and_empty_key(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("A:\n  B: [x, y\n  C: [z]\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"\[F203\] {re.escape(str(bad))}: cannot parse YAML at line 3"):
        read_lexicon_file(bad)
    with pytest.warns(FormatWarning, match=r"category 'A\.EMPTY' has no entries and was dropped \(line 3\)"):
        lx = parse_quanteda_yaml("A:\n  B: [x]\n  EMPTY: []\n", "e.yml")
    assert lx.category_names == ["A.B"]


# ------------------------------------------------------------------------------------------------ CSV / TSV
def test_csv_long_layout_with_and_without_header():
    with_header = parse_table("term,category,weight\nwar,conflict,2\npeace talk*,peace.talks,\n", "a.csv")
    without = parse_table("war,conflict,2\r\n\r\npeace talk*,peace.talks\r\n", "b.csv")
    assert (
        entry_sets(with_header)
        == entry_sets(without)
        == {
            "conflict": {("war", 2.0, "glob")},
            "peace.talks": {("peace talk*", 1.0, "glob")},
        }
    )
    tsv = parse_table("word\tkey\nwar\tconflict\n", "c.tsv", delimiter="\t")
    assert cats(tsv) == {"conflict": ["war"]}


def test_csv_wide_layout_gives_weighted_entries_and_skips_zeros():
    lx = parse_table("word,care_p,care_sent\nkind,0.5,0.25\nharm,0.0,-0.75\nodd,,1e-1\n", "w.csv")
    assert entry_sets(lx) == {
        "care_p": {("kind", 0.5, "glob")},
        "care_sent": {("kind", 0.25, "glob"), ("harm", -0.75, "glob"), ("odd", 0.1, "glob")},
    }


@pytest.mark.parametrize(
    ("text", "line", "detail"),
    [
        ("word,care_p\nkind,0.5\nharm,lots\n", 3, "term 'harm', column 'care_p': weight 'lots' is not a number"),
        ("word,care_p\nkind,nan\n", 2, "weight 'nan' is not a number"),
        ("word,a,b\nkind,0.5\n", 2, "2 cells, but the header has 3"),
        ("term,category,weight\nwar,conflict,heavy\n", 2, "term 'war': weight 'heavy' is not a number"),
        ("war,conflict\npeace\n", 2, "expected 'term, category[, weight]'"),
        ("war,conflict\nWar,conflict\n", 2, "term 'War' is already in category 'conflict' on line 1"),
        ("war,!!\n", 1, "category '!!' gives no usable name"),
    ],
)
def test_csv_errors_name_file_and_line(text, line, detail):
    with pytest.raises(LexiconError, match=error_at("bad.csv", line) + ".*" + re.escape(detail)):
        parse_table(text, "bad.csv")


# ------------------------------------------------------------------------------------------------ dispatch
def test_unknown_suffix_is_an_error_not_a_guess(tmp_path):
    path = tmp_path / "lexicon.txt"
    path.write_text("war\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"\[F206\] .*lexicon\.txt: unknown lexicon format '\.txt'"):
        read_lexicon_file(path)
    with pytest.raises(LexiconError, match=r"\[F206\]"):
        write_lexicon_file(parse_dic(DIC_2015, "x.dic"), tmp_path / "out.json")


def test_yaml_must_be_utf8(tmp_path):
    path = tmp_path / "latin.yml"
    path.write_bytes("a: [schön]\n".encode("cp1252"))
    with pytest.raises(LexiconError, match=error_at(path, 1) + "not UTF-8 text"):
        read_lexicon_file(path)


# ------------------------------------------------------------------------------------------------ writers
def test_write_dic_round_trip_keeps_everything_a_dic_holds(tmp_path):
    lx = parse_dic(DIC_2015, "liwc.dic")
    text = write_dic(lx)
    assert text == (
        "%\n1\tcare.virtue\n2\tfunction (Function Words)\n3\tposemo\n%\n"
        "the\t2\nhapp*\t1\t3\ncivil rights\t1\ncare\t1\t3\n"
    )
    back = parse_dic(text, "back.dic")
    assert back.sha256 == lx.sha256 and cats(back) == cats(lx)
    assert back.categories["function"].description == "Function Words"
    path = write_lexicon_file(lx, tmp_path / "out.dic")
    assert read_lexicon_file(path).sha256 == lx.sha256
    path = write_lexicon_file(lx, tmp_path / "out.yaml")
    assert read_lexicon_file(path).sha256 == lx.sha256


def test_write_dic_refuses_what_it_cannot_hold_unless_lossy():
    def entry(pattern, cat, weight=1.0, value_type="glob"):
        return parse_entry(pattern, cat, weight, 0, value_type)

    lx = Lexicon(
        [
            Category("ok", (entry("war*", "ok"), entry("peace talks", "ok"), entry("ceasefire", "ok", 1.0, "fixed"))),
            Category(
                "bad",
                (entry(r"\d+", "bad", 1.0, "regex"), entry("neg?tiate", "bad"), entry("*war", "bad")),
                sponsor=("ru",),
                function="problem",
            ),
            Category("heavy", (entry("war", "heavy", 2.0), entry("war", "heavy"))),
        ],
        name="mixed",
    )
    with pytest.raises(ValueError, match=r"cannot be written as a LIWC \.dic") as info:
        write_dic(lx)
    message = str(info.value)
    for problem in (
        r"entry '\\d+' has a regex",
        "entry 'neg?tiate' has a '?' wildcard",
        "entry '*war' has a '*' that is not at the end of a word",
        "category 'bad': sponsor ru",
        "category 'bad': function problem",
        "category 'heavy': entry 'war' has weight 2",
    ):
        assert problem in message
    with pytest.warns(FormatWarning, match="dropped writing .dic"):
        text = write_dic(lx, lossy=True)
    assert cats(parse_dic(text, "x.dic")) == {"heavy": ["war"], "ok": ["war*", "peace talks", "ceasefire"]}
    with pytest.raises(ValueError, match=r"writing \.cat is not supported"):
        write_lexicon_file(lx, "out.cat")


def test_format_warning_is_a_lexicon_warning():
    assert issubclass(FormatWarning, LexiconWarning)


# ------------------------------------------------------------------------------------------------ shared files
MFD1 = "lexicons/mfd1/moral_foundations_dictionary.dic"
MFD2 = "lexicons/mfd2/mfd2.0.dic"
LAVER_GARRY = "lexicons/laver_garry/Laver_and_Garry_2000.cat"
NEWSMAP = [f"lexicons/newsmap_geo/{lang}.yml" for lang in ("english", "french", "german", "russian")]
EMFD = "lexicons/emfd/emfd_scoring.csv"
SHARED_FILES = [MFD1, MFD2, LAVER_GARRY, *NEWSMAP, EMFD]


def categories_of(lexicon, pattern):
    return sorted(c.name for c in lexicon.categories.values() if any(e.pattern == pattern for e in c.entries))


def test_mfd1(shared_dir):
    lx = read_lexicon_file(shared_dir / MFD1)
    assert lx.category_names == [
        "AuthorityVice",
        "AuthorityVirtue",
        "FairnessVice",
        "FairnessVirtue",
        "HarmVice",
        "HarmVirtue",
        "IngroupVice",
        "IngroupVirtue",
        "MoralityGeneral",
        "PurityVice",
        "PurityVirtue",
    ]
    assert len(lx.entries()) == 359 and len({e.pattern for e in lx.entries()}) == 324
    assert categories_of(lx, "preserve") == ["AuthorityVirtue", "HarmVirtue", "PurityVirtue"]
    assert categories_of(lx, "benefit*") == ["HarmVirtue"]  # 'benefit*        \t01': spaces, then a tab
    (fair,) = [e for e in lx.categories["FairnessVirtue"].entries if e.pattern == "fair-*"]
    assert fair.tokens == ("fair", "*") and fair.separators == ("-",)
    assert found(lx, "A fair-minded, peaceful war") == [
        ("fair-minded", "FairnessVirtue"),
        ("peaceful", "HarmVirtue"),
        ("war", "HarmVice"),
    ]


def test_mfd2(shared_dir):
    lx = read_lexicon_file(shared_dir / MFD2)
    assert len(lx) == 10 and len(lx.entries()) == 2103
    assert lx.roll_up(1).category_names == ["authority", "care", "fairness", "loyalty", "sanctity"]
    assert categories_of(lx, "civil rights") == ["fairness.virtue"]
    assert categories_of(lx, "betray") == ["fairness.vice", "loyalty.vice"]  # two lines, two categories
    assert sum(e.is_multiword for e in lx.entries()) == 110
    assert found(lx, "They fought for civil rights.") == [("civil rights", "fairness.virtue")]


def test_laver_garry(shared_dir):
    lx = read_lexicon_file(shared_dir / LAVER_GARRY)
    assert len(lx) == 20 and len(lx.entries()) == 418
    assert lx.roll_up(1).category_names == [
        "CULTURE",
        "ECONOMY",
        "ENVIRONMENT",
        "GROUPS",
        "INSTITUTIONS",
        "LAW_AND_ORDER",
        "RURAL",
        "URBAN",
        "VALUES",
    ]
    assert [c for c in lx.category_names if c.startswith("ECONOMY")] == [
        "ECONOMY.-STATE-",
        "ECONOMY.equals_STATE_equals",
        "ECONOMY.plus_STATE_plus",
    ]
    assert lx.categories["ENVIRONMENT.CON_ENVIRONMENT"].description == "CON ENVIRONMENT"
    assert cats(lx)["CULTURE"] == ["people", "war in iraq", "civil war"]
    assert categories_of(lx, "galler*") == ["CULTURE.CULTURE-HIGH"]
    assert found(lx, "The war in Iraq and the galleries") == [
        ("war in Iraq", "CULTURE"),
        ("galleries", "CULTURE.CULTURE-HIGH"),
    ]


@pytest.mark.parametrize(("lang", "entries"), [("english", 819), ("french", 865), ("german", 929), ("russian", 642)])
def test_newsmap(shared_dir, lang, entries):
    lx = read_lexicon_file(shared_dir / f"lexicons/newsmap_geo/{lang}.yml")
    assert len(lx) == 241 and len(lx.entries()) == entries
    assert lx.roll_up(1).category_names == ["AFRICA", "AMERICA", "ASIA", "EUROPE", "OCEANIA"]
    assert "EUROPE.EAST.UA" in lx.categories and lx.description.startswith("Newsmap Geographical Dictionary")
    if lang == "english":
        assert cats(lx)["EUROPE.EAST.UA"] == ["Ukraine", "Ukrainian*", "Kiev", "Kyiv"]
        assert cats(lx)["AMERICA.NORTH.US"] == ["United States", "US", "American*", "Washington", "New York"]
        assert found(lx, "Kyiv and New York") == [("Kyiv", "EUROPE.EAST.UA"), ("New York", "AMERICA.NORTH.US")]
    if lang == "russian":
        assert cats(lx)["EUROPE.EAST.UA"] == ["Украин*", "Киев*", "ДНР", "ЛНP"]  # 'украин*' merged (same key)
        assert found(lx, "в Киеве") == [("Киеве", "EUROPE.EAST.UA")]


def test_emfd_wide_csv(shared_dir):
    lx = read_lexicon_file(shared_dir / EMFD)
    assert lx.category_names == sorted(
        f"{foundation}_{kind}"
        for foundation in ("care", "fairness", "loyalty", "authority", "sanctity")
        for kind in ("p", "sent")
    )
    assert len(lx.entries()) == 31037  # 10 x 3,270 cells minus 1,663 zeros
    assert len(lx.categories["care_p"].entries) == 3270 - 90
    weights = {(e.category, e.pattern): e.weight for e in lx.entries()}
    assert weights[("care_p", "brought")] == 0.18
    assert weights[("care_sent", "brought")] == pytest.approx(-0.23540370370370375)
    assert ("sanctity_p", "marine") not in weights  # a zero is no entry


@pytest.mark.parametrize("relative", SHARED_FILES)
def test_yaml_round_trip_of_every_shared_file(shared_dir, tmp_path, relative):
    lx = read_lexicon_file(shared_dir / relative)
    back = read_lexicon_file(write_lexicon_file(lx, tmp_path / "copy.yaml"))
    assert back.sha256 == lx.sha256
    assert cats(back) == cats(lx) and entry_sets(back) == entry_sets(lx)
    assert {c.name: c.description for c in back.categories.values()} == {
        c.name: c.description for c in lx.categories.values()
    }


@pytest.mark.parametrize("relative", [MFD1, MFD2, LAVER_GARRY, NEWSMAP[0]])
def test_dic_round_trip_of_shared_files(shared_dir, tmp_path, relative):
    lx = read_lexicon_file(shared_dir / relative)
    back = read_lexicon_file(write_lexicon_file(lx, tmp_path / "copy.dic"))
    assert entry_sets(back) == entry_sets(lx)
    assert {c.name: c.description for c in back.categories.values()} == {
        c.name: c.description for c in lx.categories.values()
    }
    again = parse_dic(write_dic(back), "again.dic")
    assert write_dic(again) == write_dic(back) and again.sha256 == back.sha256
    if relative == MFD1:  # every term on one line: even the entry order survives
        assert back.sha256 == lx.sha256


def test_dic_writer_refuses_weighted_and_mid_word_wildcards_of_shared_files(shared_dir):
    with pytest.raises(ValueError, match=r"entry 'brought' has weight 0\.18"):
        write_dic(read_lexicon_file(shared_dir / EMFD))
    with pytest.raises(ValueError, match=r"entry 'парагва\*\*' has a '\*' that is not at the end of a word"):
        write_dic(read_lexicon_file(shared_dir / NEWSMAP[3]))


def copy_with(shared_dir, tmp_path, relative, edit):
    """A copy of a shared file with ``edit(lines) -> lines`` applied (line ends kept)."""
    source = shared_dir / relative
    lines = source.read_bytes().decode("utf-8").splitlines(keepends=True)
    target = tmp_path / source.name
    target.write_bytes("".join(edit(lines)).encode("utf-8"))
    return target


def replace_line(number, new):
    return lambda lines: [*lines[: number - 1], new, *lines[number:]]


@pytest.mark.parametrize(
    ("relative", "edit", "line", "detail"),
    [
        (MFD1, lambda lines: lines[1:], 1, "missing header"),
        (MFD2, replace_line(600, "tit for tat\t3 12\n"), 600, "category id 12 is not defined in the header"),
        (MFD2, replace_line(6, "4\tloyalty.virtue\n"), 6, "category id 4 is already defined on line 5"),
        (MFD1, replace_line(20, "guard*\t\t\tO1\n"), 20, "category id 'O1' of term 'guard*' is not a number"),
        (MFD2, replace_line(14, "compassion\n"), 14, "term 'compassion' has no category ids"),
        (LAVER_GARRY, replace_line(5, "\t\t\tDANCE (1)\r\n"), 5, "unexpected indent"),
        (LAVER_GARRY, replace_line(19, "  +STATE+\r\n"), 20, "indentation matches no enclosing level"),
        (LAVER_GARRY, replace_line(3, "\t\tART (x)\r\n"), 3, "weight 'x' of entry 'ART' is not a number"),
        (EMFD, replace_line(3, "close,0.07,high,0,0,0,0,0,0,0,0\n"), 3, "column 'fairness_p': weight 'high'"),
        (EMFD, replace_line(4, "marine,0.03\n"), 4, "2 cells, but the header has 11"),
    ],
)
def test_malformed_copies_of_shared_files_name_file_and_line(shared_dir, tmp_path, relative, edit, line, detail):
    path = copy_with(shared_dir, tmp_path, relative, edit)
    with pytest.raises(LexiconError, match=error_at(path, line) + ".*" + re.escape(detail)):
        read_lexicon_file(path)


def test_malformed_yaml_copy_names_file_and_line(shared_dir, tmp_path):
    path = copy_with(shared_dir, tmp_path, NEWSMAP[0], replace_line(211, "    'UA': [Ukraine, Kyiv\n"))
    with pytest.raises(
        LexiconError,
        match=rf"\[F203\] {re.escape(str(path))}: cannot parse YAML at line 213: .*flow sequence started on line 211",
    ):
        read_lexicon_file(path)
    path = copy_with(shared_dir, tmp_path, NEWSMAP[0], replace_line(211, "    NO: [Norway]\n"))
    with pytest.raises(LexiconError, match=error_at(path, 211) + ".*key False is not a string"):
        read_lexicon_file(path)
