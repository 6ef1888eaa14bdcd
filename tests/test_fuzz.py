"""Property-based fuzzing of every reader and lexicon parser (issue 8, item 5).

Arbitrary bytes and arbitrary Unicode, plus near-valid inputs built from fragments of each format (random
text alone rarely gets past the first line of a parser), go into the readers. The property: a reader
returns a result or raises the toolkit's documented error for that input (a subclass of
``framing.errors.FramingError``: ``CorpusError``, ``LexiconError``, ``ActorRegistryError``, the install
errors), never another exception; what it returns is usable (the corpus report adds up, every document
can be written as UTF-8, a lexicon can match text). The matcher against the reference matcher is
``tests/test_lexicon_semantics.py``. Coverage-guided fuzzing of the same parsers: ``make fuzz``.
"""

import copy
import re
import time
import warnings
from contextlib import contextmanager

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from framing.actors import parse_actors
from framing.corpus.manifests import InstallError, load_manifest
from framing.corpus.reading import read_corpus
from framing.errors import ActorRegistryError, CorpusError, FramingError, FramingWarning, LexiconError
from framing.files import load_yaml, safe_load
from framing.lexicon import (
    Lexicon,
    parse_cat,
    parse_dic,
    parse_lexicon,
    parse_quanteda_yaml,
    parse_table,
    read_lexicon_file,
    regex_hazard,
)

#: Per test; the 13 tests take about 18 s on two cores (the issue allows 40 s).
FUZZ = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SAMPLE = "Putin said NATO expansion caused the war; Kyiv said no ceasefire. Мир! café 2022 aaaaaaaaaaaaaaaaab"


@contextmanager
def only_framing_warnings():
    """The suite turns warnings into errors; readers may warn about what they repaired (FramingWarning)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", FramingWarning)
        yield


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


def mutated(fragments, *, joiners=("\n", "\r\n", "\r", "\t", " ", "")):
    """Texts made of a format's fragments, random text and random separators."""
    piece = st.sampled_from(fragments) | st.text(max_size=12)
    return st.lists(st.tuples(piece, st.sampled_from(joiners)), max_size=20).map(
        lambda pairs: "".join(p + j for p, j in pairs)
    )


def encoded(texts):
    """Bytes of a text in an encoding a user may have, or raw bytes."""
    codecs = st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32", "cp1252", "latin-1"])
    as_bytes = st.tuples(texts, codecs).map(lambda tc: tc[0].encode(tc[1], errors="replace"))
    return as_bytes | st.binary(max_size=200)


def assert_usable_lexicon(lexicon):
    assert isinstance(lexicon, Lexicon) and lexicon.categories
    for match in lexicon.find(SAMPLE):
        assert SAMPLE[match.start : match.end] == match.text


def check_lexicon_parse(parse, text):
    with only_framing_warnings():
        try:
            lexicon = parse(text)
        except LexiconError:
            return
    assert_usable_lexicon(lexicon)


# ------------------------------------------------------------------------------------------------ corpus
JSONL_FRAGMENTS = [
    '{"id": "a", "text": "Kyiv said no."}',
    '{"id": "a", "text": "again"}',
    '{"text": "no id"}',
    '{"id": 1, "text": 2}',
    '{"id": null, "text": ""}',
    '{"id": "s", "text": "\\ud800 lone"}',
    '{"id": "n", "text": "x", "meta": {"a": [1, {"b": 2}]}, "tags": ["x", 1]}',
    '{"id": ' + "9" * 5000 + ', "text": "big"}',
    "[" * 3000 + "]" * 3000,
    '"just a string"',
    '{"id": "t", "text": "trunc',
    "\ufeff",
    "\x00",
]
CSV_FRAGMENTS = ["id,text", "text,id,text", "a,Kyiv said no.", 'b,"quoted, with comma"', '"open quote', ",,,", "\x00"]


@FUZZ
@given(
    data=encoded(mutated(JSONL_FRAGMENTS)) | encoded(mutated(CSV_FRAGMENTS)),
    suffix=st.sampled_from([".txt", ".jsonl", ".csv"]),
)
def test_read_corpus_never_crashes_and_accounts_for_every_input(folder, data, suffix):
    path = folder / f"input{suffix}"
    path.write_bytes(data)
    with only_framing_warnings():
        try:
            corpus = read_corpus(path)
        except CorpusError as exc:  # only the CSV header errors are raised: every other problem is a skip
            assert exc.code in ("F103", "F107"), exc
            return
    counts = corpus.counts()
    assert counts["inputs"] == counts["processed"] + counts["skipped"] >= 1
    assert counts["processed"] == len(corpus) == len({d.doc_id for d in corpus})
    for doc in corpus:
        assert doc.text.strip()
        assert doc.sha256 and doc.doc_id.encode("utf-8")  # writable as UTF-8: no lone surrogates left
        for key, value in doc.meta.items():
            str(key).encode("utf-8"), str(value).encode("utf-8")


@FUZZ
@given(text=st.text(max_size=300))
def test_read_corpus_arbitrary_unicode_jsonl_lines(folder, text):
    path = folder / "unicode.jsonl"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with only_framing_warnings():
        corpus = read_corpus(path, on_decode_error="skip")  # JSONL never raises: every line is accounted for
    counts = corpus.counts()
    assert counts["inputs"] == counts["processed"] + counts["skipped"] >= 1


# ------------------------------------------------------------------------------------------------ lexicons
DIC_FRAGMENTS = [
    "%",
    "1\tpeace",
    "2 war (War Words)",
    "01\tcare.virtue",
    "x\tname",
    "peace*\t1",
    "war\t1 2",
    "kind (of)\t1",
    "(02 134)125/464",
    "like*\t(1 2)3/4",
    "?\t1",
    "a?b*\t1",
    "term 1 2",
    ":)\t1",
]
CAT_FRAGMENTS = [
    "PEACE",
    "\tCEASEFIRE (1)",
    "\t\tTRUCE (2.5)",
    "  WAR_IN_IRAQ (1)",
    "WAR",
    "\tBOMB* (x)",
    "+STATE+",
    "\t=STATE= (1)",
    " MIXED (1)",
    "()",
]
TABLE_FRAGMENTS = [
    "term,category,weight",
    "word,care_p,care_sent",
    "peace,remedy",
    "war*,problem,2",
    "x,y,nan",
    "a,b,1e999",
    "talks,remedy,-0.5",
    '"q,uoted",c',
    "word\tcat",
    ",,",
]
#: What hostile or broken YAML holds: impossible dates and huge integers (the safe constructor raised
#: ValueError), self-referencing and repeated aliases, object tags, complex keys, tabs, control characters.
YAML_TRAPS = [
    "x: 2020-13-45",
    "x: " + "9" * 5000,
    "x: &a [*a]",
    "a: &b [x, x]\nc: [*b, *b]",
    "x: !!python/object/apply:os.system ['true']",
    "x: !!python/name:os.system",
    "x: !!binary zz",
    "x: !!set {a}",
    "? [a]\n: b",
    "\t",
    "\x07",
    "[" * 200,
]
QUANTEDA_FRAGMENTS = [
    *YAML_TRAPS,
    "peace:",
    "  - ceasefire",
    "  - 'war*'",
    "war: [bomb*, 'shell?']",
    "nested:",
    "  sub:",
    "    - x",
    "no: [a]",
    "'yes': [b]",
    "key: 5",
    "empty: []",
    "# comment",
    "- list",
    "&a [x]",
    "*a",
]
FRAMING_FRAGMENTS = [
    *YAML_TRAPS,
    "name: t",
    "version: 1",
    "valuetype: regex",
    "case_sensitive: true",
    "categories:",
    "  c:",
    "    entries: [peace, 'war*']",
    "    sponsor: putin",
    "    function: remedy",
    "    entries:",
    "      - {pattern: '(a+)+$', valuetype: regex}",
    "      - {pattern: 'sanction(s|ed)', valuetype: regex}",
    "      - {pattern: x, weight: .5}",
    "    categories:",
    "      d:",
    "        entries: [talks]",
    "unknown: 1",
    "  e: {}",
]


@FUZZ
@given(text=mutated(DIC_FRAGMENTS, joiners=("\n", "\r\n", "\t", " ")) | st.text(max_size=200))
def test_parse_dic(text):
    check_lexicon_parse(lambda t: parse_dic(t, "fuzz.dic"), text)


@FUZZ
@given(text=mutated(CAT_FRAGMENTS, joiners=("\n", "\r\n", "\n\t", "\n  ")) | st.text(max_size=200))
def test_parse_cat(text):
    check_lexicon_parse(lambda t: parse_cat(t, "fuzz.cat"), text)


@FUZZ
@given(text=mutated(TABLE_FRAGMENTS, joiners=("\n", "\r\n", ",", "\t")) | st.text(max_size=200), tsv=st.booleans())
def test_parse_table(text, tsv):
    check_lexicon_parse(lambda t: parse_table(t, "fuzz.tsv", delimiter="\t" if tsv else ","), text)


@FUZZ
@given(text=mutated(QUANTEDA_FRAGMENTS, joiners=("\n", "\n  ", " ")) | st.text(max_size=200))
def test_parse_quanteda_yaml(text):
    check_lexicon_parse(lambda t: parse_quanteda_yaml(t, "fuzz.yml"), text)


@FUZZ
@given(text=mutated(FRAMING_FRAGMENTS, joiners=("\n", "\n  ", "\n    ")) | st.text(max_size=200))
def test_parse_lexicon(text):
    check_lexicon_parse(lambda t: parse_lexicon(t, "fuzz.yaml"), text)


ALL_LEXICON_TEXT = mutated(DIC_FRAGMENTS + CAT_FRAGMENTS + TABLE_FRAGMENTS + QUANTEDA_FRAGMENTS + FRAMING_FRAGMENTS)


@FUZZ
@given(data=encoded(ALL_LEXICON_TEXT), suffix=st.sampled_from([".dic", ".cat", ".csv", ".tsv", ".yaml", ".yml"]))
def test_read_lexicon_file_arbitrary_bytes(folder, data, suffix):
    path = folder / f"lexicon{suffix}"
    path.write_bytes(data)
    check_lexicon_parse(read_lexicon_file, path)


# ------------------------------------------------------------------------------------ YAML, registry, manifest
yaml_scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=10)
yaml_values = st.recursive(
    yaml_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8) | st.integers(), inner, max_size=4),
    max_leaves=20,
)


def dumped_and_mutated(values):
    """YAML documents from random data, then with a random edit (a splice of random characters)."""
    dumped = values.map(lambda v: yaml.safe_dump(v, allow_unicode=True))
    return (
        st.tuples(dumped, st.integers(0, 400), st.text(max_size=6)).map(lambda t: t[0][: t[1]] + t[2] + t[0][t[1] :])
        | dumped
    )


REGISTRY_BASE = {
    "actors": {
        "putin": {"kind": "person", "aliases": ["Putin"], "member_of": ["russia"], "pronoun": "he"},
        "russia": {"kind": "state", "aliases": ["Russia", "Moscow"]},
    },
    "roles": [{"aliases": ["the President"], "holders": [{"actor": "putin", "from": "2000-05-07"}]}],
    "places": ["Moscow"],
}


def registry_variants():
    """The base registry with one value replaced by random data at a random place."""

    def replace(base, path, value):
        data = copy.deepcopy(base)
        node = data
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
        return data

    paths = st.sampled_from(
        [
            ("actors", "putin", "kind"),
            ("actors", "putin", "aliases"),
            ("actors", "putin", "member_of"),
            ("actors", "putin", "pronoun"),
            ("actors", "putin", "label"),
            ("actors", "putin"),
            ("roles", 0, "holders"),
            ("roles", 0),
            ("roles", 0, "fallback"),
            ("places",),
            ("titles",),
            ("not_mentions",),
            ("actors",),
            ("name",),
        ]
    )
    return st.tuples(paths, yaml_values).map(lambda pv: yaml.safe_dump(replace(REGISTRY_BASE, *pv)))


@FUZZ
@given(text=dumped_and_mutated(yaml_values) | registry_variants() | mutated(YAML_TRAPS) | st.text(max_size=200))
def test_parse_actors(text):
    with only_framing_warnings():
        try:
            registry = parse_actors(text, "fuzz-registry.yaml")
        except ActorRegistryError:
            return
    for mention in registry.find_mentions(SAMPLE, date="2022-02-24"):
        assert SAMPLE[mention.start : mention.end] == mention.text


MANIFEST_BASE = {
    "manifest_version": 1,
    "name": "toy",
    "title": "Toy",
    "source": {"repository": "https://example.org"},
    "license_id": "CC0-1.0",
    "license": "CC0",
    "citation": "Toy",
    "reader": "toy",
    "expected": {"files": 1, "bytes": 3, "inputs": 1, "documents": 1, "skipped_by_reason": {}},
    "files": [{"path": "a.txt", "size": 3, "sha256": "0" * 64}],
}


@FUZZ
@given(
    key=st.sampled_from(sorted(MANIFEST_BASE)),
    value=yaml_values | st.sampled_from(["../x", "/etc/passwd", "a/./b", "C:\\x", "a\\b", ""]),
    mutate=st.booleans(),
)
def test_load_manifest(folder, key, value, mutate):
    data = dict(MANIFEST_BASE)
    if mutate:
        data[key] = value
    elif key == "files":
        data["files"] = [{"path": value, "size": 3, "sha256": "0" * 64}]
    path = folder / "toy.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    with only_framing_warnings():
        try:
            manifest = load_manifest(path)
        except InstallError:
            return
    assert manifest.files and all(not f.path.startswith("/") and ".." not in f.path.split("/") for f in manifest.files)


@FUZZ
@given(text=dumped_and_mutated(yaml_values) | mutated(YAML_TRAPS) | st.text(max_size=300))
def test_yaml_loader_raises_only_yaml_errors(text):
    for load in (load_yaml, safe_load):
        try:
            load(text)
        except yaml.YAMLError:
            pass


@FUZZ
@given(pattern=st.text(alphabet="()[]|*+?{},^$\\.:=!<>-aPwdsb1x ", max_size=20) | st.text(max_size=20))
def test_regex_hazard_never_raises_and_accepted_patterns_are_quick(pattern):
    hazard = regex_hazard(pattern)
    assert isinstance(hazard, str)
    if not hazard:
        compiled = re.compile(pattern, re.IGNORECASE)
        start = time.perf_counter()
        for text in ("a" * 30 + "!", "ab" * 15 + "x", "x" * 30):
            compiled.fullmatch(text)
        assert time.perf_counter() - start < 0.5, pattern


def test_every_documented_error_is_a_framing_error():
    """The fuzz tests accept these types only; all of them share FramingError, and stay ValueErrors for
    code that caught ValueError before."""
    for cls in (CorpusError, LexiconError, ActorRegistryError, InstallError):
        assert issubclass(cls, FramingError)
    for cls in (CorpusError, LexiconError, ActorRegistryError):
        assert issubclass(cls, ValueError)
