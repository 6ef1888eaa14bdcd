"""Coverage-guided fuzzing of framing's readers with atheris (libFuzzer), one target at a time.

    python fuzz/fuzz.py TARGET [libFuzzer options] [CORPUS_DIR ...]
    make fuzz                      # every target for FUZZ_SECONDS (default 60) each; see the Makefile

Targets (each gets the fuzzer's bytes as a file, so decoding is fuzzed too):

* ``dic``, ``cat``: a LIWC ``.dic`` / WordStat ``.cat`` lexicon file (``framing.load_lexicon``);
* ``table``: the same bytes as a ``.csv`` and a ``.tsv`` lexicon;
* ``yaml``: the same bytes as a ``.yaml`` lexicon (the toolkit's format or quanteda's), an actor registry
  and a corpus manifest;
* ``corpus``: the same bytes as a ``.txt``, ``.jsonl`` and ``.csv`` corpus input (``framing.read_corpus``),
  whose report must add up;
* ``regex``: the bytes as a regex lexicon entry: refused by ``regex_hazard``, or matched quickly;
* ``engine``: the bytes as texts (split at NUL bytes), matched by the compiled engine
  (``framing.lexicon.engine.Matcher``), which must give ``Lexicon.find``'s match table and counts; the compiled
  loops are built with numba's bounds checks, so an index out of bounds is a finding, not a silent read.

A finding is any exception that is not a ``framing.errors.FramingError`` (the documented errors), any
warning that is not a ``FramingWarning``, a broken invariant (an assertion) or an input that runs longer
than libFuzzer's ``-timeout``. libFuzzer saves the input that caused it (``-artifact_prefix``).
Seed inputs: ``fuzz/seeds/TARGET/``. This is not part of ``make test`` (tests/test_fuzz.py is the
hypothesis counterpart that is).
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
import warnings
from pathlib import Path

WORK = Path(tempfile.mkdtemp(prefix="framing-fuzz-"))
# the engine's compiled loops with bounds checks, in a cache of their own (set before numba is imported)
os.environ.update(NUMBA_BOUNDSCHECK="1", NUMBA_CACHE_DIR=str(WORK / "numba"))

import atheris  # noqa: E402

# every framing module the targets reach, imported here; not the engine's numba loops (numba compiles their
# Python source itself, and cannot compile atheris's coverage hooks)
with atheris.instrument_imports(include=["framing"], exclude=["framing.lexicon._kernels"]):
    import framing.lexicon.formats  # noqa: F401 - with every reader, under instrumentation (the face imports on use)
    from framing.actors.loading import load_actors
    from framing.corpus.manifests import load_manifest
    from framing.corpus.reading import read_corpus
    from framing.errors import FramingError, FramingWarning
    from framing.lexicon import Category, Lexicon, Matcher, load_lexicon, parse_entry, regex_hazard

#: Text the lexicons and the accepted regexes are matched against: words, a long run of one letter (what
#: catastrophic patterns choke on), Cyrillic.
SAMPLE = "Putin said NATO expansion caused the war; Kyiv said no ceasefire. Мир! " + "a" * 40 + "b"
#: Longest time one accepted regex may take on SAMPLE; far below libFuzzer's -timeout.
REGEX_SECONDS = 1.0
#: The engine target's lexicon: words, a wildcard, multiword entries with their separators, a regex, and
#: negators and ``n't`` before them in the seeds.
ENGINE_LEXICON = Lexicon(
    [
        Category("a", tuple(parse_entry(p, "a") for p in ("peace", "peace talks", "war", "sanction*", "кий*"))),
        Category("b", tuple(parse_entry(p, "b") for p in ("talks", "proxy war", "land grab", "t", "ceasefire now"))),
        Category("c", (parse_entry("nat(o|ion)s?", "c", value_type="regex"), parse_entry("peace-talks", "c"))),
    ],
    name="fuzz",
)
MATCHERS = [Matcher(ENGINE_LEXICON, overlap=o, across_punctuation=a) for o in ("category", "global") for a in (0, 1)]


def _file(name: str, data: bytes) -> Path:
    path = WORK / name
    path.write_bytes(data)
    return path


def _documented(call, *args):
    """``call(*args)``, or None when it raises one of the documented errors."""
    try:
        return call(*args)
    except FramingError:
        return None


def _lexicon(data: bytes, *suffixes: str) -> None:
    for suffix in suffixes:
        lexicon = _documented(load_lexicon, _file(f"lexicon{suffix}", data))
        if lexicon is not None:
            assert lexicon.categories
            for match in lexicon.find(SAMPLE):
                assert SAMPLE[match.start : match.end] == match.text


def fuzz_dic(data: bytes) -> None:
    _lexicon(data, ".dic")


def fuzz_cat(data: bytes) -> None:
    _lexicon(data, ".cat")


def fuzz_table(data: bytes) -> None:
    _lexicon(data, ".csv", ".tsv")


def fuzz_yaml(data: bytes) -> None:
    _lexicon(data, ".yaml")
    registry = _documented(load_actors, _file("registry.yaml", data))
    if registry is not None:
        for mention in registry.find_mentions(SAMPLE, date="2022-02-24"):
            assert SAMPLE[mention.start : mention.end] == mention.text
    manifest = _documented(load_manifest, _file("manifest.yaml", data))
    if manifest is not None:
        assert all(not f.path.startswith("/") and ".." not in f.path.split("/") for f in manifest.files)


def fuzz_corpus(data: bytes) -> None:
    for suffix in (".txt", ".jsonl", ".csv"):
        corpus = _documented(read_corpus, _file(f"input{suffix}", data))
        if corpus is None:
            continue
        counts = corpus.counts()
        assert counts["inputs"] == counts["processed"] + counts["skipped"] == len(corpus.report) >= 1
        assert len({d.doc_id for d in corpus}) == len(corpus) == counts["processed"]
        for doc in corpus:
            assert doc.text.strip() and doc.sha256  # sha256 encodes the text: no lone surrogates


def fuzz_regex(data: bytes) -> None:
    pattern = data.decode("utf-8", "replace")
    hazard = regex_hazard(pattern)
    assert isinstance(hazard, str)
    entry = parse_entry(pattern, "c", value_type="regex")
    if hazard or entry is None:
        return
    lexicon = Lexicon([Category("c", (entry,))], name="fuzz")
    start = time.perf_counter()
    _documented(lexicon.find, SAMPLE)  # F210 for a part longer than MAX_REGEX_LENGTH
    elapsed = time.perf_counter() - start
    assert elapsed < REGEX_SECONDS, f"accepted regex {pattern!r} took {elapsed:.2f} s"


def fuzz_engine(data: bytes) -> None:
    texts = data.decode("utf-8", "replace").split("\x00")
    for matcher in MATCHERS:
        settings = {"overlap": matcher.overlap, "across_punctuation": matcher.across_punctuation}
        want = [
            (i, m.start, m.end, m.text, m.entry, m.category, m.negated, m.negator)
            for i, t in enumerate(texts)
            for m in ENGINE_LEXICON.find(t, **settings)
        ]
        table = matcher.match(texts).to_frame()
        columns = ["text_index", "start", "end", "text", "entry", "category", "negated", "negator"]
        assert list(table[columns].itertuples(index=False, name=None)) == want
        counts = matcher.count(texts)
        assert int(counts.sum()) == len(want)
        for i, c in zip(table["text_index"], table["category"], strict=True):
            counts[i, matcher.categories.index(c)] -= 1
        assert not counts.any()


TARGETS = {
    "dic": fuzz_dic,
    "cat": fuzz_cat,
    "table": fuzz_table,
    "yaml": fuzz_yaml,
    "corpus": fuzz_corpus,
    "regex": fuzz_regex,
    "engine": fuzz_engine,
}


def main(argv: list[str]) -> None:
    if len(argv) < 2 or argv[1] not in TARGETS:
        sys.exit(f"usage: python fuzz/fuzz.py {{{','.join(TARGETS)}}} [libFuzzer options] [CORPUS_DIR ...]")
    target = TARGETS[argv[1]]

    def one_input(data: bytes) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a warning that is not the toolkit's is a finding
            warnings.simplefilter("ignore", FramingWarning)
            target(data)

    atheris.Setup([argv[0], *argv[2:]], one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main(sys.argv)
