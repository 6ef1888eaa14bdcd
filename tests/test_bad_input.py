"""The bad-input matrix (issue 8): every reader against every kind of broken input, each with its
documented outcome (README "What happens with bad input").

Readers: a ``.txt`` file, a folder, JSONL, CSV (``read_corpus``); lexicons in this toolkit's YAML,
quanteda YAML, LIWC ``.dic``, WordStat ``.cat``, CSV and TSV (``load_lexicon``); the actor registry
(``load_actors``); corpus manifests (``load_manifest``). There is no run-configuration file to read (the
run's configuration is the command line or the ``analyze`` arguments), so it has no row.

An outcome is one of three:

* ``Ok``: the input is read, with the documented acceptance (a BOM dropped, UTF-16 decoded, CRLF kept in
  the text and treated as a line break) and exactly the warnings listed;
* ``Skip``: corpus inputs only, counted in ``Corpus.counts()`` (documents.csv / run.json) under a reason;
* ``Err``: the reader's documented error (a ``FramingError``) whose message names the file, the line and
  what to fix.

Nothing else may happen: no other exception, no other warning. Then: nothing executed (YAML object tags,
no pickle/eval, regexes that backtrack), install paths that escape, and the CLI on broken input (exit
status 2 or 0 and one line on stderr, never a traceback).
"""

from __future__ import annotations

import ast
import json
import os
import re
import subprocess
import sys
import time
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

import framing
from framing import cli
from framing.actors import load_actors
from framing.corpus.installing import install
from framing.corpus.manifests import ManifestError, UnsafePathError, load_manifest
from framing.corpus.reading import read_corpus
from framing.errors import ActorRegistryError, CorpusError, FramingError, FramingWarning, LexiconError
from framing.lexicon import Category, Lexicon, load_lexicon, parse_entry

PACKAGE = Path(framing.__file__).parent


# --------------------------------------------------------------------------------------------- outcomes
@dataclass(frozen=True)
class Ok:
    """Read; ``check`` gets the result; ``warns`` are the codes of the FramingWarnings expected."""

    check: Callable = lambda result: None
    warns: tuple[str, ...] = ()


@dataclass(frozen=True)
class Skip:
    """A corpus read with these counts: ``processed`` documents, ``skipped`` by reason."""

    processed: int
    skipped: dict = field(default_factory=dict)
    warns: tuple[str, ...] = ()
    check: Callable = lambda corpus: None


@dataclass(frozen=True)
class Err:
    """The error ``cls`` with a message matching ``pattern`` (``{path}`` stands for the file)."""

    cls: type
    pattern: str


def run_reader(load, path):
    """(result, warning codes) of ``load(path)``; any warning that is not a FramingWarning fails the test."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = load(path)
    others = [w for w in caught if not isinstance(w.message, FramingWarning)]
    assert not others, [str(w.message) for w in others]
    return result, sorted({w.message.code for w in caught})


def check_outcome(load, path, outcome):
    if isinstance(outcome, Err):
        with pytest.raises(outcome.cls) as info:
            run_reader(load, path)
        assert isinstance(info.value, FramingError)
        if not re.search(outcome.pattern.replace("{path}", re.escape(str(path))), str(info.value)):
            pytest.fail(f"message {str(info.value)!r} does not match {outcome.pattern!r}")
        return None
    result, codes = run_reader(load, path)
    if isinstance(outcome, Skip):
        counts = result.counts()
        assert counts["processed"] == outcome.processed, result.report
        assert counts["skipped_by_reason"] == outcome.skipped, result.report
        assert counts["inputs"] == counts["processed"] + counts["skipped"]
        assert codes == sorted({*outcome.warns, *(["W102"] if outcome.skipped else [])})
    else:
        assert codes == sorted(outcome.warns)
    outcome.check(result)
    return result


# ------------------------------------------------------------------------------------------- the inputs
TXT = b"Kyiv said no.\nMoscow said yes.\n"
JSONL = b'{"id": "a", "text": "Kyiv said no."}\n{"id": "b", "text": "Moscow said yes."}\n'
CSV = b"id,text\na,Kyiv said no.\nb,Moscow said yes.\n"
LEX_YAML = b"name: t\ncategories:\n  peace:\n    entries: [ceasefire]\n  war:\n    entries: ['bomb*']\n"
QUANTEDA = b"peace: [ceasefire]\nwar: ['bomb*']\n"
DIC = b"%\n1\tpeace\n2\twar\n%\nceasefire\t1\nbomb*\t2\n"
CAT = b"PEACE\n\tCEASEFIRE (1)\nWAR\n\tBOMB* (1)\n"
LEX_CSV = b"term,category\nceasefire,peace\nbomb*,war\n"
LEX_TSV = LEX_CSV.replace(b",", b"\t")
REGISTRY = b"actors:\n  putin:\n    kind: person\n    aliases: [Putin]\n  russia:\n    kind: state\n"
SHA = "'" + "0" * 64 + "'"  # quoted, or YAML reads the digits as the integer 0
MANIFEST = (
    "manifest_version: 1\nname: toy\ntitle: Toy\nsource: {repository: 'https://example.org'}\n"
    "license_id: CC0-1.0\nlicense: CC0\ncitation: Toy\nreader: toy\n"
    "expected: {files: 1, bytes: 3, inputs: 1, documents: 1, skipped_by_reason: {}}\n"
    f"files:\n  - {{path: a.txt, size: 3, sha256: {SHA}}}\n"
).encode()

BINARY = bytes(range(256)) * 8  # NUL bytes, invalid UTF-8, control characters
BAD_UTF8 = "é".encode("latin-1")  # b"\xe9": never valid UTF-8 here


def crlf(data: bytes) -> bytes:
    return data.replace(b"\n", b"\r\n")


def cr(data: bytes) -> bytes:
    return data.replace(b"\n", b"\r")


def utf16(data: bytes) -> bytes:
    return data.decode("utf-8").encode("utf-16")  # with its BOM


def bom(data: bytes) -> bytes:
    return b"\xef\xbb\xbf" + data


def nul(data: bytes) -> bytes:
    return data.replace(b"\n", b"\n\x00", 1)


def texts(corpus) -> list[str]:
    return [d.text for d in corpus]


def lexicon_is(expected: dict[str, list[str]]):
    def check(lexicon):
        assert {name: [e.pattern for e in c.entries] for name, c in lexicon.categories.items()} == expected

    return check


PEACE_WAR = lexicon_is({"peace": ["ceasefire"], "war": ["bomb*"]})
PEACE_WAR_CAT = lexicon_is({"PEACE": ["ceasefire"], "WAR": ["bomb*"]})
READERS: dict[str, tuple[str, Callable]] = {
    "txt": (".txt", read_corpus),
    "jsonl": (".jsonl", read_corpus),
    "csv": (".csv", read_corpus),
    "lexicon-yaml": (".yaml", load_lexicon),
    "quanteda-yaml": (".yml", load_lexicon),
    "dic": (".dic", load_lexicon),
    "cat": (".cat", load_lexicon),
    "lexicon-csv": (".csv", load_lexicon),
    "lexicon-tsv": (".tsv", load_lexicon),
    "registry": (".yaml", load_actors),
    "manifest": (".yaml", load_manifest),
}

TWO_DOCS = Skip(2, check=lambda c: texts(c) == ["Kyiv said no.", "Moscow said yes."])
EMPTY_LEXICON = Err(LexiconError, r"\[F201\] {path}:1: empty file")
NUL_LEXICON = Err(LexiconError, r"\[F201\] {path}:\d+: NUL byte: a binary file, or UTF-16/UTF-32 text without")
CP1252 = "W210"  # FormatWarning: not UTF-8, decoded as cp1252 (a reader note)
REGISTRY_OK = Ok(check=lambda r: "putin" in r.actors and r.actors["putin"].aliases == ("Putin",))
MANIFEST_OK = Ok(check=lambda m: [f.path for f in m.files] == ["a.txt"])

MATRIX = {
    # ------------------------------------------------------------------ a .txt file: one document
    ("txt", "empty file"): (b"", Skip(0, {"empty": 1})),
    ("txt", "only whitespace"): (b" \n\t\r\n ", Skip(0, {"empty": 1})),
    ("txt", "binary bytes"): (BINARY, Skip(0, {"binary": 1})),
    ("txt", "NUL bytes"): (nul(TXT), Skip(0, {"binary": 1})),
    ("txt", "invalid UTF-8"): (
        b"Kyiv said " + BAD_UTF8 + b" no.",
        Skip(1, warns=("W101",), check=lambda c: c.report[0].reason == "decoded-with-replacements"),
    ),
    ("txt", "UTF-8 with BOM"): (bom(TXT), Skip(1, check=lambda c: texts(c) == [TXT.decode()])),
    ("txt", "UTF-16 with BOM"): (utf16(TXT), Skip(1, check=lambda c: texts(c) == [TXT.decode()])),
    ("txt", "UTF-32 with BOM"): (TXT.decode().encode("utf-32"), Skip(1, check=lambda c: texts(c) == [TXT.decode()])),
    ("txt", "UTF-16 without BOM"): (TXT.decode().encode("utf-16-le"), Skip(0, {"binary": 1})),
    # CRLF and CR are kept (offsets point into the untouched text); passages split at them like at LF
    ("txt", "CRLF newlines"): (crlf(TXT), Skip(1, check=lambda c: texts(c) == [crlf(TXT).decode()])),
    ("txt", "CR newlines"): (cr(TXT), Skip(1, check=lambda c: texts(c) == [cr(TXT).decode()])),
    # a cut file cannot be told from a short one: read as it is (its sha256 is in run.json)
    ("txt", "truncated last line"): (TXT[:-6], Skip(1, check=lambda c: texts(c) == ["Kyiv said no.\nMoscow sai"])),
    # ------------------------------------------------------------------ JSONL: one document per line
    ("jsonl", "empty file"): (b"", Skip(0, {"empty": 1})),
    ("jsonl", "only whitespace"): (b"\n \n\t\n", Skip(0, {"empty": 1})),
    ("jsonl", "binary bytes"): (BINARY, Skip(0, {"binary": 1})),
    ("jsonl", "NUL bytes"): (nul(JSONL), Skip(0, {"binary": 1})),
    ("jsonl", "NUL byte after the first 8000 bytes"): (
        JSONL + b'{"id": "c", "text": "' + b"x" * 8000 + b'\x00"}\n',
        Skip(2, {"invalid-json": 1}, check=lambda c: "line 3" in c.report[2].detail),
    ),
    ("jsonl", "invalid UTF-8"): (
        JSONL.replace(b"no.", b"no" + BAD_UTF8),
        Skip(2, warns=("W101",), check=lambda c: texts(c)[0] == "Kyiv said no\ufffd"),
    ),
    ("jsonl", "UTF-8 with BOM"): (bom(JSONL), TWO_DOCS),
    ("jsonl", "UTF-16 with BOM"): (utf16(JSONL), TWO_DOCS),
    ("jsonl", "CRLF newlines"): (crlf(JSONL), TWO_DOCS),
    ("jsonl", "CR newlines"): (cr(JSONL), TWO_DOCS),
    ("jsonl", "truncated last line"): (
        JSONL[:-12],
        Skip(1, {"invalid-json": 1}, check=lambda c: c.report[1].line == 2 and "line 2" in c.report[1].detail),
    ),
    ("jsonl", "missing text field"): (
        JSONL.replace(b'"text"', b'"body"', 1),
        Skip(1, {"missing-field": 1}, check=lambda c: "no field 'text' (fields: body, id)" in c.report[0].detail),
    ),
    ("jsonl", "text that is not a string"): (b'{"id": "a", "text": ["x"]}\n', Skip(0, {"missing-field": 1})),
    ("jsonl", "a line that is not an object"): (JSONL + b"[1, 2]\n", Skip(2, {"invalid-json": 1})),
    ("jsonl", "duplicate ids"): (JSONL + JSONL[:36], Skip(2, {"duplicate-id": 1})),
    ("jsonl", "deeply nested JSON"): (
        b'{"id": "d", "text": "x", "m": ' + b"[" * 100_000 + b"]" * 100_000 + b"}\n" + JSONL,
        Skip(2, {"invalid-json": 1}, check=lambda c: "nested too deeply" in c.report[0].detail),
    ),
    ("jsonl", "an integer of 5000 digits"): (
        b'{"id": ' + b"9" * 5000 + b', "text": "x"}\n',
        Skip(0, {"invalid-json": 1}),
    ),
    ("jsonl", "unpaired surrogate escape"): (
        b'{"id": "s", "text": "Kyiv \\ud800 said"}\n',
        Skip(1, warns=("W104",), check=lambda c: texts(c) == ["Kyiv \ufffd said"] and c[0].sha256),
    ),
    # fields other than the text and the id are metadata
    ("jsonl", "unknown keys"): (
        b'{"id": "a", "text": "x", "colour": "red", "nested": {"a": 1}}\n',
        Skip(1, check=lambda c: c[0].meta["colour"] == "red" and "nested" not in c[0].meta),
    ),
    # ------------------------------------------------------------------ CSV: a header row, one document per row
    ("csv", "empty file"): (b"", Skip(0, {"empty": 1})),
    ("csv", "only whitespace"): (b"  \n\n", Skip(0, {"empty": 1})),
    ("csv", "binary bytes"): (BINARY, Skip(0, {"binary": 1})),
    ("csv", "NUL bytes"): (nul(CSV), Skip(0, {"binary": 1})),
    ("csv", "invalid UTF-8"): (
        CSV.replace(b"no.", b"no" + BAD_UTF8),
        Skip(2, warns=("W101",), check=lambda c: texts(c)[0] == "Kyiv said no\ufffd"),
    ),
    ("csv", "UTF-8 with BOM"): (bom(CSV), TWO_DOCS),
    ("csv", "UTF-16 with BOM"): (utf16(CSV), TWO_DOCS),
    ("csv", "CRLF newlines"): (crlf(CSV), TWO_DOCS),
    ("csv", "CR newlines"): (cr(CSV), TWO_DOCS),
    # cut inside a quoted field: the csv module reads the rest of the file as that field
    ("csv", "truncated last line"): (CSV + b'c,"Warsaw sa', Skip(3, check=lambda c: texts(c)[2] == "Warsaw sa")),
    ("csv", "missing text column"): (
        CSV.replace(b"id,text", b"id,body"),
        Err(CorpusError, r"\[F103\] {path}: no column 'text' for the document text \(columns: id, body\); pass"),
    ),
    ("csv", "text column twice"): (
        b"id,text,text\na,x,y\n",
        Err(CorpusError, r"\[F107\] {path}: line 1: the header has the column 'text' twice; fix the CSV file"),
    ),
    ("csv", "header only"): (b"id,text\n", Skip(0, {"empty": 1})),
    ("csv", "row too short or too long"): (
        CSV + b"c\nd,x,extra\n",
        Skip(2, {"malformed-row": 2}, check=lambda c: "row has 1 fields, header has 2" in c.report[2].detail),
    ),
    ("csv", "duplicate ids"): (CSV + b"a,Again.\n", Skip(2, {"duplicate-id": 1})),
    ("csv", "unknown keys"): (b"id,text,colour\na,x,red\n", Skip(1, check=lambda c: c[0].meta["colour"] == "red")),
    # ------------------------------------------------------------------ lexicon: the toolkit's YAML
    ("lexicon-yaml", "empty file"): (b"", EMPTY_LEXICON),
    ("lexicon-yaml", "only whitespace"): (b" \n\t\n", EMPTY_LEXICON),
    ("lexicon-yaml", "binary bytes"): (BINARY, NUL_LEXICON),
    ("lexicon-yaml", "NUL bytes"): (nul(LEX_YAML), NUL_LEXICON),
    ("lexicon-yaml", "invalid UTF-8"): (
        LEX_YAML.replace(b"ceasefire", b"cease" + BAD_UTF8),
        Err(LexiconError, r"\[F201\] {path}:4: not UTF-8 text \(invalid continuation byte at byte \d+\)"),
    ),
    ("lexicon-yaml", "a control character"): (
        LEX_YAML.replace(b"ceasefire", b"cease\x07fire"),
        Err(LexiconError, r"\[F203\] {path}: cannot parse YAML at line 4: character #x0007 is not allowed"),
    ),
    ("lexicon-yaml", "UTF-8 with BOM"): (bom(LEX_YAML), Ok(PEACE_WAR)),
    ("lexicon-yaml", "UTF-16 with BOM"): (utf16(LEX_YAML), Ok(PEACE_WAR)),
    ("lexicon-yaml", "CRLF newlines"): (crlf(LEX_YAML), Ok(PEACE_WAR)),
    ("lexicon-yaml", "CR newlines"): (cr(LEX_YAML), Ok(PEACE_WAR)),
    ("lexicon-yaml", "truncated last line"): (
        LEX_YAML[:-5],
        Err(LexiconError, r"\[F203\] {path}: cannot parse YAML at line 6: found unexpected end of stream"),
    ),
    ("lexicon-yaml", "renamed field"): (
        LEX_YAML.replace(b"entries", b"entrys", 1),
        Err(LexiconError, r"\[F201\] {path}:4: category 'peace': unknown key 'entrys' \(allowed: .*\); fix the"),
    ),
    ("lexicon-yaml", "duplicate ids"): (
        LEX_YAML + b"  peace:\n    entries: [truce]\n",
        Err(LexiconError, r"\[F203\] {path}: cannot parse YAML at line 7: duplicate key 'peace'"),
    ),
    ("lexicon-yaml", "duplicate entry"): (
        LEX_YAML.replace(b"[ceasefire]", b"[ceasefire, Ceasefire]"),
        Err(LexiconError, r"\[F201\] {path}:4: category 'peace': entry 'Ceasefire' duplicates the entry on line 4"),
    ),
    ("lexicon-yaml", "unknown keys"): (
        LEX_YAML + b"colour: red\n",
        Err(LexiconError, r"\[F201\] {path}:7: unknown key 'colour' \(allowed: .*\); fix the lexicon file"),
    ),
    # ------------------------------------------------------------------ lexicon: quanteda YAML (keys are categories)
    ("quanteda-yaml", "empty file"): (b"", EMPTY_LEXICON),
    ("quanteda-yaml", "only whitespace"): (b"\n  \n", EMPTY_LEXICON),
    ("quanteda-yaml", "binary bytes"): (BINARY, NUL_LEXICON),
    ("quanteda-yaml", "NUL bytes"): (nul(QUANTEDA), NUL_LEXICON),
    ("quanteda-yaml", "invalid UTF-8"): (
        QUANTEDA.replace(b"bomb", b"b" + BAD_UTF8),
        Err(LexiconError, r"\[F201\] {path}:2: not UTF-8 text"),
    ),
    ("quanteda-yaml", "UTF-8 with BOM"): (bom(QUANTEDA), Ok(PEACE_WAR)),
    ("quanteda-yaml", "UTF-16 with BOM"): (utf16(QUANTEDA), Ok(PEACE_WAR)),
    ("quanteda-yaml", "CRLF newlines"): (crlf(QUANTEDA), Ok(PEACE_WAR)),
    ("quanteda-yaml", "CR newlines"): (cr(QUANTEDA), Ok(PEACE_WAR)),
    ("quanteda-yaml", "truncated last line"): (
        QUANTEDA[:-6],
        Err(LexiconError, r"\[F203\] {path}: cannot parse YAML at line 2: found unexpected end of stream"),
    ),
    ("quanteda-yaml", "a key without patterns"): (
        QUANTEDA + b"truce:\n",
        Ok(PEACE_WAR, warns=("W210",)),  # dropped, with a warning naming the line
    ),
    ("quanteda-yaml", "duplicate ids"): (
        QUANTEDA + b"peace: [truce]\n",
        Err(LexiconError, r"\[F203\] {path}: cannot parse YAML at line 3: duplicate key 'peace'"),
    ),
    ("quanteda-yaml", "boolean key"): (
        QUANTEDA + b"no: [never]\n",
        Err(LexiconError, r"\[F201\] {path}:3: key False is not a string .*; quote it"),
    ),
    # ------------------------------------------------------------------ lexicon: LIWC .dic
    ("dic", "empty file"): (b"", Err(LexiconError, r"\[F201\] {path}:1: empty file; a LIWC dictionary starts with")),
    ("dic", "only whitespace"): (b" \n\t\n", Err(LexiconError, r"\[F201\] {path}:1: empty file")),
    ("dic", "binary bytes"): (BINARY, NUL_LEXICON),
    ("dic", "NUL bytes"): (nul(DIC), NUL_LEXICON),
    ("dic", "invalid UTF-8"): (DIC.replace(b"ceasefire", b"cease" + BAD_UTF8), Ok(warns=(CP1252,))),
    ("dic", "UTF-8 with BOM"): (bom(DIC), Ok(PEACE_WAR)),
    ("dic", "UTF-16 with BOM"): (utf16(DIC), Ok(PEACE_WAR)),
    ("dic", "CRLF newlines"): (crlf(DIC), Ok(PEACE_WAR)),
    ("dic", "CR newlines"): (cr(DIC), Ok(PEACE_WAR)),
    ("dic", "truncated last line"): (
        DIC[:-4],
        Err(LexiconError, r"\[F201\] {path}:6: term 'bomb' has no category ids \('<term><TAB><id> <id> ...'"),
    ),
    ("dic", "undefined category id"): (
        DIC + b"truce\t3\n",
        Err(LexiconError, r"\[F201\] {path}:7: category id 3 is not defined in the header"),
    ),
    ("dic", "duplicate ids"): (
        DIC.replace(b"2\twar", b"1\twar"),
        Err(LexiconError, r"\[F201\] {path}:3: category id 1 is already defined on line 2"),
    ),
    # ------------------------------------------------------------------ lexicon: WordStat .cat
    ("cat", "empty file"): (b"", Err(LexiconError, r"\[F201\] {path}:1: no entries \('WORD \(1\)' lines indented")),
    ("cat", "only whitespace"): (b" \n\t\n", Err(LexiconError, r"\[F201\] {path}:1: no entries")),
    ("cat", "binary bytes"): (BINARY, NUL_LEXICON),
    ("cat", "NUL bytes"): (nul(CAT), NUL_LEXICON),
    ("cat", "invalid UTF-8"): (CAT.replace(b"CEASEFIRE", b"CEASE" + BAD_UTF8), Ok(warns=(CP1252,))),
    ("cat", "UTF-8 with BOM"): (bom(CAT), Ok(PEACE_WAR_CAT)),
    ("cat", "UTF-16 with BOM"): (utf16(CAT), Ok(PEACE_WAR_CAT)),
    ("cat", "CRLF newlines"): (crlf(CAT), Ok(PEACE_WAR_CAT)),
    ("cat", "CR newlines"): (cr(CAT), Ok(PEACE_WAR_CAT)),
    # an entry cut before its "(1)" reads as a category, which has no entries and is dropped with a warning
    ("cat", "truncated last line"): (CAT[:-5], Ok(lexicon_is({"PEACE": ["ceasefire"]}), warns=("W210",))),
    ("cat", "weight that is not a number"): (
        CAT.replace(b"(1)", b"(one)", 1),
        Err(LexiconError, r"\[F201\] {path}:2: weight 'one' of entry 'CEASEFIRE' is not a number"),
    ),
    ("cat", "mixed indentation"): (
        CAT + b"  TRUCE (1)\n",
        Err(LexiconError, r"\[F201\] {path}:5: indentation matches no enclosing level \(mixed tabs and spaces\?\)"),
    ),
    ("cat", "duplicate ids"): (CAT + b"\tBOMB* (1)\n", Ok(PEACE_WAR_CAT)),  # counted once, recorded in the notes
    # ------------------------------------------------------------------ lexicon: CSV and TSV
    ("lexicon-csv", "empty file"): (b"", Err(LexiconError, r"\[F201\] {path}:1: empty file")),
    ("lexicon-csv", "only whitespace"): (b" \n\n", Err(LexiconError, r"\[F201\] {path}:1: empty file")),
    ("lexicon-csv", "binary bytes"): (BINARY, NUL_LEXICON),
    ("lexicon-csv", "NUL bytes"): (nul(LEX_CSV), NUL_LEXICON),
    ("lexicon-csv", "invalid UTF-8"): (LEX_CSV.replace(b"ceasefire", b"cease" + BAD_UTF8), Ok(warns=(CP1252,))),
    ("lexicon-csv", "UTF-8 with BOM"): (bom(LEX_CSV), Ok(PEACE_WAR)),
    ("lexicon-csv", "UTF-16 with BOM"): (utf16(LEX_CSV), Ok(PEACE_WAR)),
    ("lexicon-csv", "CRLF newlines"): (crlf(LEX_CSV), Ok(PEACE_WAR)),
    ("lexicon-csv", "CR newlines"): (cr(LEX_CSV), Ok(PEACE_WAR)),
    ("lexicon-csv", "truncated last line"): (
        LEX_CSV[:-5],
        Err(LexiconError, r"\[F201\] {path}:3: expected 'term, category\[, weight\]'; fix the lexicon file"),
    ),
    ("lexicon-csv", "missing field"): (
        LEX_CSV + b"truce\n",
        Err(LexiconError, r"\[F201\] {path}:4: expected 'term, category\[, weight\]'"),
    ),
    ("lexicon-csv", "weight that is not a number"): (
        b"term,category,weight\nceasefire,peace,lots\n",
        Err(LexiconError, r"\[F201\] {path}:2: term 'ceasefire': weight 'lots' is not a number"),
    ),
    ("lexicon-csv", "duplicate ids"): (
        LEX_CSV + b"ceasefire,peace\n",
        Err(LexiconError, r"\[F201\] {path}:4: term 'ceasefire' is already in category 'peace' on line 2"),
    ),
    ("lexicon-tsv", "empty file"): (b"", Err(LexiconError, r"\[F201\] {path}:1: empty file")),
    ("lexicon-tsv", "binary bytes"): (BINARY, NUL_LEXICON),
    ("lexicon-tsv", "UTF-16 with BOM"): (utf16(LEX_TSV), Ok(PEACE_WAR)),
    ("lexicon-tsv", "CRLF newlines"): (crlf(LEX_TSV), Ok(PEACE_WAR)),
    ("lexicon-tsv", "truncated last line"): (
        LEX_TSV[:-5],
        Err(LexiconError, r"\[F201\] {path}:3: expected 'term, category\[, weight\]'"),
    ),
    # ------------------------------------------------------------------ actor registry (YAML)
    ("registry", "empty file"): (b"", Err(ActorRegistryError, r"\[F301\] {path}:1: the file must be a mapping")),
    ("registry", "only whitespace"): (b"\n \n", Err(ActorRegistryError, r"\[F301\] {path}:1: the file must be")),
    ("registry", "binary bytes"): (
        BINARY,
        Err(ActorRegistryError, r"\[F301\] {path}:2: not UTF-8 text \(invalid start byte at byte 128\)"),
    ),
    ("registry", "NUL bytes"): (
        nul(REGISTRY),
        Err(ActorRegistryError, r"\[F301\] {path}:2: invalid YAML \(character #x0000 is not allowed in YAML"),
    ),
    ("registry", "invalid UTF-8"): (
        REGISTRY.replace(b"Putin", b"Put" + BAD_UTF8),
        Err(ActorRegistryError, r"\[F301\] {path}:4: not UTF-8 text \(invalid continuation byte at byte \d+\)"),
    ),
    ("registry", "UTF-8 with BOM"): (bom(REGISTRY), REGISTRY_OK),
    ("registry", "UTF-16 with BOM"): (utf16(REGISTRY), REGISTRY_OK),
    ("registry", "CRLF newlines"): (crlf(REGISTRY), REGISTRY_OK),
    ("registry", "CR newlines"): (cr(REGISTRY), REGISTRY_OK),
    ("registry", "truncated last line"): (
        REGISTRY[:-4],
        Err(ActorRegistryError, r"\[F301\] {path}:6: actor 'russia': kind must be one of .*, not 'st'"),
    ),
    ("registry", "renamed field"): (
        REGISTRY.replace(b"aliases", b"alias"),
        Err(ActorRegistryError, r"\[F301\] {path}:4: actor 'putin': unknown key 'alias'; fix the actor registry"),
    ),
    ("registry", "duplicate ids"): (
        REGISTRY + b"  putin:\n    kind: person\n",
        Err(ActorRegistryError, r"\[F301\] {path}:7: invalid YAML \(duplicate key 'putin'\)"),
    ),
    ("registry", "duplicate alias"): (
        REGISTRY + b"    aliases: [Putin]\n",
        Err(
            ActorRegistryError,
            r"\[F303\] 'Putin' is claimed twice, by actor 'putin' \({path}:4\) and by actor 'russia' \({path}:7\)",
        ),
    ),
    ("registry", "unknown keys"): (
        REGISTRY + b"colour: red\n",
        Err(ActorRegistryError, r"\[F301\] {path}:7: unknown key 'colour' \(allowed: .*\)"),
    ),
    ("registry", "a role holder that is a list"): (
        REGISTRY + b"roles:\n  - aliases: [the President]\n    holders: [{actor: [putin], from: 2000-05-07}]\n",
        Err(ActorRegistryError, r"\[F301\] {path}:9: role holder \['putin'\] is not an actor of this registry"),
    ),
    ("registry", "an impossible date"): (
        REGISTRY + b"roles:\n  - aliases: [the President]\n    holders: [{actor: putin, from: 2000-13-45}]\n",
        Err(ActorRegistryError, r"\[F301\] {path}:9: invalid YAML \(cannot read the value '2000-13-45' as timestamp"),
    ),
    # ------------------------------------------------------------------ corpus manifest (YAML)
    ("manifest", "empty file"): (b"", Err(ManifestError, r"\[F502\] {path}:1: a manifest is a mapping of keys")),
    ("manifest", "only whitespace"): (b"  \n", Err(ManifestError, r"\[F502\] {path}:1: a manifest is a mapping")),
    ("manifest", "binary bytes"): (
        BINARY,
        Err(ManifestError, r"\[F502\] {path}:2: not UTF-8 \(invalid start byte at byte 128\)"),
    ),
    ("manifest", "NUL bytes"): (
        nul(MANIFEST),
        Err(ManifestError, r"\[F502\] {path}:2: invalid YAML: character #x0000 is not allowed in YAML"),
    ),
    ("manifest", "invalid UTF-8"): (
        MANIFEST.replace(b"title: Toy", b"title: To" + BAD_UTF8),
        Err(ManifestError, r"\[F502\] {path}:3: not UTF-8 \(invalid continuation byte at byte \d+\)"),
    ),
    ("manifest", "UTF-8 with BOM"): (bom(MANIFEST), MANIFEST_OK),
    ("manifest", "UTF-16 with BOM"): (utf16(MANIFEST), MANIFEST_OK),
    ("manifest", "CRLF newlines"): (crlf(MANIFEST), MANIFEST_OK),
    ("manifest", "CR newlines"): (cr(MANIFEST), MANIFEST_OK),
    ("manifest", "truncated last line"): (
        MANIFEST[:-30],
        Err(ManifestError, r"\[F502\] {path}:11: invalid YAML: found unexpected end of stream"),
    ),
    ("manifest", "missing field"): (
        MANIFEST.replace(b"citation: Toy\n", b""),
        Err(ManifestError, r"\[F502\] {path}:1: the key 'citation' is missing; fix the corpus manifest"),
    ),
    ("manifest", "duplicate ids"): (
        MANIFEST + f"  - {{path: a.txt, size: 3, sha256: {SHA}}}\n".encode(),
        Err(ManifestError, r"\[F502\] {path}:12: file 'a.txt' is listed twice"),
    ),
    ("manifest", "unknown keys"): (
        MANIFEST + b"colour: red\n",
        Err(ManifestError, r"\[F502\] {path}:12: unknown key 'colour' \(known: .*\)"),
    ),
    ("manifest", "a path out of the folder"): (
        MANIFEST.replace(b"path: a.txt", b"path: ../a.txt"),
        Err(UnsafePathError, r"\[F503\] {path}:11: file path '../a.txt' goes up with '..'; a manifest path must be"),
    ),
}


@pytest.mark.parametrize(("reader", "problem"), sorted(MATRIX), ids=[f"{r}: {p}" for r, p in sorted(MATRIX)])
def test_bad_input_matrix(tmp_path, reader, problem):
    data, outcome = MATRIX[(reader, problem)]
    suffix, load = READERS[reader]
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    check_outcome(load, path, outcome)


# Deeply nested YAML: libyaml stops at 1,000 levels, the loader at 100 (framing.files.MAX_DEPTH); both are
# errors with a line, in every YAML reader.
YAML_READERS = {
    "lexicon-yaml": (load_lexicon, LexiconError, r"\[F203\] {path}: cannot parse YAML at line \d+: "),
    "quanteda-yaml": (load_lexicon, LexiconError, r"\[F203\] {path}: cannot parse YAML at line \d+: "),
    "registry": (load_actors, ActorRegistryError, r"\[F301\] {path}:\d+: invalid YAML \("),
    "manifest": (load_manifest, ManifestError, r"\[F502\] {path}:\d+: invalid YAML: "),
}
NESTED = {
    "150 levels": ("k: " + "[" * 150 + "]" * 150 + "\n", "nested deeper than 100 levels"),
    "10,000 levels": ("k: " + "[" * 10_000 + "]" * 10_000 + "\n", "exceeded maximum nesting depth"),
    "150 block levels": ("".join("  " * i + f"k{i}:\n" for i in range(150)) + "  " * 150 + "v\n", "deeper than 100"),
}


@pytest.mark.parametrize("reader", sorted(YAML_READERS))
@pytest.mark.parametrize("depth", sorted(NESTED))
def test_deeply_nested_yaml_is_an_error_with_a_line(tmp_path, reader, depth):
    load, cls, prefix = YAML_READERS[reader]
    text, reason = NESTED[depth]
    path = tmp_path / "nested.yaml"
    path.write_text(text, encoding="utf-8")
    check_outcome(load, path, Err(cls, prefix + ".*" + reason))


@pytest.mark.parametrize("reader", sorted(YAML_READERS))
def test_aliases_that_expand_are_an_error_not_a_hang(tmp_path, reader):
    """'Billion laughs': nine levels of ten aliases each would be 10**9 values."""
    load, cls, prefix = YAML_READERS[reader]
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 9)]
    path = tmp_path / "laughs.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    start = time.perf_counter()
    check_outcome(load, path, Err(cls, prefix + r".*an alias \(\*name\) repeats a mapping or a list"))
    assert time.perf_counter() - start < 5


# ------------------------------------------------------------------------------------------ folders
def test_folder_of_broken_files_accounts_for_every_one(tmp_path):
    """One folder holding one of each broken file: every one is an input, each skip has its reason."""
    root = tmp_path / "corpus"
    files = {
        "ok.txt": TXT,
        "empty.txt": b"",
        "blank.txt": b" \n\t\n",
        "binary.txt": BINARY,
        "nul.txt": nul(TXT),
        "latin1.txt": b"Kyiv said " + BAD_UTF8,
        "bom.txt": bom(TXT),
        "utf16.txt": utf16(TXT),
        "crlf.txt": crlf(TXT),
        "cr.txt": cr(TXT),
        "sub/deeper.txt": TXT,
        "notes.md": b"# not a corpus file\n",
        "records.jsonl": JSONL + b'{"id": "ok", "text": "same id as ok.txt"}\n{"id": "c", "te',
        "table.csv": b"id,text\n",
        ".hidden.txt": TXT,
        ".git/objects.txt": TXT,
    }
    for rel, data in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_bytes(data)
    (root / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    os.mkfifo(root / "pipe.txt")  # never opened: reading a FIFO would block the run
    corpus = check_outcome(
        read_corpus,
        root,
        Skip(
            9,  # ok, latin1, bom, utf16, crlf, cr, sub/deeper, records a and b
            {
                "binary": 2,
                "duplicate-id": 1,
                "empty": 3,
                "invalid-json": 1,
                "unreadable": 2,
                "unsupported-format": 1,
            },
            warns=("W101",),
        ),
    )
    by_source = {Path(r.source).name: r for r in corpus.report if r.line is None}
    assert by_source["dangling.txt"].detail == "a dangling symlink"
    assert by_source["pipe.txt"].detail == "not a regular file"
    assert by_source["table.csv"].detail == "no records"
    assert "objects" not in {d.doc_id.rsplit("/", 1)[-1] for d in corpus}


def test_empty_folder_and_missing_input_are_errors(tmp_path):
    with pytest.raises(CorpusError, match=r"\[F105\] No documents to read: the inputs contain no files"):
        read_corpus(tmp_path)
    with pytest.raises(CorpusError, match=r"\[F101\] Input '.*nothing.txt' does not exist; check the path"):
        read_corpus(tmp_path / "nothing.txt")


def test_duplicate_ids_across_files(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "doc.txt").write_bytes(TXT)
    (tmp_path / "b" / "doc.txt").write_bytes(TXT)
    check_outcome(
        lambda _: read_corpus([tmp_path / "a" / "doc.txt", tmp_path / "b" / "doc.txt"]),
        tmp_path,
        Skip(1, {"duplicate-id": 1}),
    )


def test_invalid_utf8_skip_and_raise_modes(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(b"Kyiv said " + BAD_UTF8)
    check_outcome(lambda p: read_corpus(p, on_decode_error="skip"), path, Skip(0, {"decode-error": 1}))
    check_outcome(
        lambda p: read_corpus(p, on_decode_error="raise"),
        path,
        Err(CorpusError, r"\[F104\] {path}: byte 10: invalid UTF-8 \(unexpected end of data\); fix the file or pass"),
    )


# ------------------------------------------------------------------------------------------ sizes
FIFTY_MB = 50_000_000


@pytest.mark.parametrize("suffix", [".txt", ".jsonl", ".csv"])
def test_a_50_mb_document_is_read(tmp_path, suffix):
    words = "Kyiv said no " * (FIFTY_MB // 13)
    data = {
        ".txt": words.encode(),
        ".jsonl": json.dumps({"id": "big", "text": words}).encode() + b"\n",
        ".csv": b"id,text\nbig," + words.encode() + b"\n",  # longer than the csv module's default field limit
    }[suffix]
    path = tmp_path / f"big{suffix}"
    path.write_bytes(data)
    start = time.perf_counter()
    corpus = check_outcome(read_corpus, path, Skip(1))
    assert len(corpus[0].text) == len(words) and time.perf_counter() - start < 10


def test_a_50_mb_single_word_line_costs_no_regex_time(tmp_path):
    """Chrome and dateline rules look at most CHROME_MAX_CHARS of a line (one 50 MB line took 3 s)."""
    path = tmp_path / "one-word.txt"
    path.write_bytes(b"A" + b"a" * FIFTY_MB)
    start = time.perf_counter()
    check_outcome(read_corpus, path, Skip(1))
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize("suffix", [".jsonl", ".csv"])
def test_100k_tiny_documents(tmp_path, suffix):
    n = 100_000
    if suffix == ".jsonl":
        data = "".join(f'{{"id": "d{i}", "text": "Doc {i}."}}\n' for i in range(n))
    else:
        data = "id,text\n" + "".join(f"d{i},Doc {i}.\n" for i in range(n))
    path = tmp_path / f"many{suffix}"
    path.write_text(data, encoding="utf-8")
    corpus = check_outcome(read_corpus, path, Skip(n))
    assert corpus[n - 1].doc_id == f"d{n - 1}"


def test_a_folder_of_20k_tiny_files(tmp_path):
    """20,000 files rather than 100,000: writing them is the cost (about 1 s per 20k), not reading them."""
    n = 20_000
    for i in range(n):
        (tmp_path / f"{i:05d}.txt").write_bytes(b"Doc.")
    corpus = check_outcome(read_corpus, tmp_path, Skip(n))
    assert corpus[0].doc_id == "00000" and corpus[n - 1].doc_id == f"{n - 1:05d}"


def test_100k_entry_lexicons(tmp_path):
    n = 100_000
    (tmp_path / "big.csv").write_text("term,category\n" + "".join(f"w{i},c{i % 50}\n" for i in range(n)))
    (tmp_path / "big.dic").write_text("%\n1\ta\n2\tb\n%\n" + "".join(f"w{i}\t{1 + i % 2}\n" for i in range(n)))
    for name in ("big.csv", "big.dic"):
        lexicon = check_outcome(load_lexicon, tmp_path / name, Ok())
        assert len(lexicon.entries()) == n
        assert [m.text for m in lexicon.find("w1 w99999 x")] == ["w1", "w99999"]


# ------------------------------------------------------------------------------------------ nothing executed
def yaml_object_tags(marker: Path) -> list[str]:
    """YAML that would run a command or build a Python object with an unsafe loader."""
    return [
        f"!!python/object/apply:os.system ['touch {marker}']",
        f"!!python/object/apply:subprocess.call [['touch', '{marker}']]",
        "!!python/object:builtins.dict {}",
        "!!python/name:os.system ''",
        "!!python/module:os ''",
    ]


TAGGED = {
    "lexicon-yaml": "name: t\ncategories:\n  peace:\n    entries: [{tag}]\n",
    "quanteda-yaml": "peace: {tag}\n",
    "registry": "actors:\n  putin:\n    kind: person\n    aliases: {tag}\n",
    "manifest": MANIFEST.decode().replace("source: {repository: 'https://example.org'}", "source: {tag}"),
}


@pytest.mark.parametrize("reader", sorted(TAGGED))
def test_yaml_object_tags_are_rejected_and_nothing_runs(tmp_path, reader):
    load, cls, prefix = YAML_READERS[reader]
    marker = tmp_path / "executed"
    for i, tag in enumerate(yaml_object_tags(marker)):
        path = tmp_path / f"tagged{i}.yaml"
        path.write_text(TAGGED[reader].replace("{tag}", tag), encoding="utf-8")
        check_outcome(load, path, Err(cls, prefix + r".*(unsupported tag|could not determine a constructor)"))
    assert not marker.exists()


def package_trees():
    for path in sorted(PACKAGE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"))


def test_no_module_can_execute_what_it_reads():
    """No pickle, marshal or shelve; no eval/exec/compile of text; PyYAML's loaders only in files.py, the
    safe ones (yaml.load there is given the safe loader: test_bad_input_matrix and the tag test hold it)."""
    forbidden_modules = {"pickle", "marshal", "shelve", "dill", "cloudpickle", "joblib"}
    yaml_outside = {"YAMLError", "MarkedYAMLError", "safe_dump"}
    unsafe_yaml = {
        "load",
        "load_all",
        "unsafe_load",
        "unsafe_load_all",
        "full_load",
        "full_load_all",
        "Loader",
        "UnsafeLoader",
        "FullLoader",
        "CLoader",
        "CUnsafeLoader",
        "CFullLoader",
        "add_constructor",
    }
    checked = 0
    for path, tree in package_trees():
        checked += 1
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                assert not {a.name.split(".")[0] for a in node.names} & forbidden_modules, path
            elif isinstance(node, ast.ImportFrom) and node.module:
                assert node.module.split(".")[0] not in forbidden_modules | {"yaml"}, path
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                assert node.func.id not in {"eval", "exec", "compile", "__import__"}, (path, node.lineno)
            elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "yaml":
                if path.name == "files.py":
                    assert node.attr not in unsafe_yaml - {"load"}, (path, node.attr)
                else:
                    assert node.attr in yaml_outside, (path, node.lineno, node.attr)
    assert checked > 15


def test_the_one_yaml_load_is_given_the_safe_loader():
    (tree,) = [t for p, t in package_trees() if p.name == "files.py"]
    calls = [
        n
        for n in ast.walk(tree)
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and n.func.attr in ("load", "compose")
    ]
    assert len(calls) == 2
    for call in calls:
        (loader,) = [k.value for k in call.keywords if k.arg == "Loader"]
        assert isinstance(loader, ast.Name) and loader.id == "_SAFE_LOADER"
    from framing import files as _yaml

    assert _yaml._SAFE_LOADER.__name__ in ("CSafeLoader", "SafeLoader")


EVIL = "(a+)+$"
HANG_TEXT = "a" * 40 + "b"


def test_a_catastrophic_regex_is_refused_at_load_naming_file_line_and_entry(tmp_path):
    path = tmp_path / "evil.yaml"
    path.write_text(
        f"name: evil\ncategories:\n  c:\n    entries:\n      - ok\n      - {{pattern: '{EVIL}', valuetype: regex}}\n"
    )
    with pytest.raises(
        LexiconError,
        match=rf"\[F201\] {re.escape(str(path))}:6: category 'c': entry "
        rf"'\(a\+\)\+\$': unsafe regex '\(a\+\)\+\$': nested quantifiers .*possessive",
    ):
        load_lexicon(path)


@pytest.mark.parametrize(
    ("pattern", "reason"),
    [
        ("(a|a)*", "alternatives can start with the same character"),
        (r"(\w+\s?)*", "nested quantifiers"),
        ("(a?){30}", "nested quantifiers"),
        ("(x|xy)+z", "alternatives can start with the same character"),
        (r"(a)\1", "backreferences"),
        ("a*a*a*b", "3 quantifiers"),
        ("x" * 201, "regex longer than 200 characters"),
        ("[[a]", "invalid regex '\\[\\[a\\]': Possible nested set"),
    ],
)
def test_unsafe_regexes_are_lexicon_errors(pattern, reason):
    from framing.lexicon import parse_lexicon

    with pytest.raises(LexiconError, match=r"\[F201\] t\.yaml:5: category 'c': entry .*" + reason):
        parse_lexicon(f"name: t\nvaluetype: regex\ncategories:\n  c:\n    entries: ['{pattern}']\n", "t.yaml")


def test_safe_rewrites_are_accepted_and_match():
    from framing.lexicon import parse_lexicon

    lexicon = parse_lexicon(
        "name: t\nvaluetype: regex\ncategories:\n  c:\n    entries: ['(?:a++)+b', '(?>x|xy)+z', 'sanction(s|ed)']\n"
    )
    assert [m.text for m in lexicon.find(f"{HANG_TEXT} xyz sanctioned")] == [HANG_TEXT, "sanctioned"]


def test_a_built_lexicon_with_a_catastrophic_regex_cannot_hang_a_run():
    """A Lexicon built in code skips the file checks; matching refuses the regex (F210) instead of hanging.
    In a child process with a timeout: a hang fails the test instead of stopping the suite."""
    code = f"""
import sys
from framing.errors import LexiconError
from framing.lexicon import Category, Lexicon, parse_entry
from framing.lexicon import match_table
from framing.corpus import Corpus, Document
from framing.passages import segment
lexicon = Lexicon([Category("c", (parse_entry({EVIL!r}, "c", value_type="regex"),))], name="evil")
text = {HANG_TEXT!r} + " and more"
for run in (lambda: lexicon.find(text), lambda: match_table(segment(Corpus([Document("d", text)])), lexicon)):
    try:
        run()
    except LexiconError as exc:
        print(exc)
    else:
        sys.exit("matched without an error")
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.count("[F210] Regex entry '(a+)+$': nested quantifiers") == 2, done.stdout
    assert Lexicon([Category("c", (parse_entry("a+", "c", value_type="regex"),))], name="ok").find("aaa")


def test_glob_entries_with_many_wildcards_match_long_tokens_in_linear_time():
    """A .dic term like ``************k*`` (found by make fuzz) compiled to one ``\\w*`` per star and did not
    finish on a 41-letter token; globs now match without backtracking. In a child process: a hang fails."""
    code = """
import time
from framing.lexicon import Category, Lexicon, parse_entry
entries = ("************k*", "*a*b*c*d*e*f*g", "?*?*?*x")
lexicon = Lexicon([Category("c", tuple(parse_entry(e, "c") for e in entries))], name="globs")
start = time.perf_counter()
found = lexicon.find("a" * 40 + "b " + "ab" * 5000 + " " + "y" * 3000 + " abcdefg")
print(len(found), round(time.perf_counter() - start, 3))
"""
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    count, seconds = done.stdout.split()
    assert count == "1" and float(seconds) < 1  # only "abcdefg" (by '*a*b*c*d*e*f*g')


def test_without_the_check_that_regex_really_hangs():
    """The refusal is what keeps a run alive: Python's re needs about 2**40 steps for this token."""
    code = f"import re; re.fullmatch({EVIL!r}, {HANG_TEXT!r}, re.IGNORECASE)"
    with pytest.raises(subprocess.TimeoutExpired):
        subprocess.run([sys.executable, "-c", code], timeout=2, check=False)


# ------------------------------------------------------------------------------------------ install paths
def make_corpus(tmp_path, files: dict[str, bytes]):
    import hashlib

    import yaml

    src = tmp_path / "src"
    for rel, data in files.items():
        (src / rel).parent.mkdir(parents=True, exist_ok=True)
        (src / rel).write_bytes(data)
    manifest = yaml.safe_load(MANIFEST.decode())
    manifest["files"] = [
        {"path": rel, "size": len(data), "sha256": hashlib.sha256(data).hexdigest()}
        for rel, data in sorted(files.items())
    ]
    manifest["expected"].update(files=len(files), bytes=sum(map(len, files.values())))
    path = tmp_path / "corpora" / "toy.yaml"
    path.parent.mkdir()
    path.write_text(yaml.safe_dump(manifest), encoding="utf-8")
    return path, src


def test_install_refuses_a_symlinked_folder_that_leads_out_of_the_source(tmp_path):
    manifest, src = make_corpus(tmp_path, {"docs/a.txt": b"abc"})
    outside = tmp_path / "outside"
    (src / "docs").rename(outside)
    (src / "docs").symlink_to(outside, target_is_directory=True)  # same bytes, but outside the folder
    with pytest.raises(UnsafePathError, match=r"\[F504\] Corpus 'toy': 'docs/a.txt' in .* is a symlink to .*outside"):
        install(manifest, src)
    assert not (tmp_path / "corpora" / "toy").exists()


def test_install_follows_a_symlink_that_stays_inside_the_source(tmp_path):
    manifest, src = make_corpus(tmp_path, {"a.txt": b"abc", "b.txt": b"abc"})
    (src / "b.txt").unlink()
    (src / "b.txt").symlink_to("a.txt")
    result = install(manifest, src)
    assert result.status == "installed" and not (result.target / "b.txt").is_symlink()


# ------------------------------------------------------------------------------------------ the command line
def run_cli(capsys, *argv):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        status = cli.main(list(map(str, argv)))
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return status, out, err


def test_cli_analyze_counts_every_broken_input(tmp_path, capsys):
    root = tmp_path / "in"
    root.mkdir()
    (root / "ok.txt").write_text("Putin said the talks failed. Zelensky said Kyiv wants a ceasefire.\n")
    (root / "empty.txt").write_bytes(b"")
    (root / "binary.txt").write_bytes(BINARY)
    (root / "records.jsonl").write_bytes(JSONL + JSONL[:37] + b'{"id": "c", "te')
    status, out, err = run_cli(capsys, "analyze", root, "--no-statistics", "--out", tmp_path / "out")
    assert status == 0, err
    assert "[W102] 4 of 7 input(s) skipped: 1 binary, 1 duplicate-id, 1 empty, 1 invalid-json" in err
    assert "7 inputs: 3 processed, 4 skipped" in out
    run = json.loads((tmp_path / "out" / "run.json").read_text())
    counts = run["counts"]
    assert (counts["inputs"], counts["processed"], counts["skipped"]) == (7, 3, 4)
    assert counts["skipped_by_reason"] == {"binary": 1, "duplicate-id": 1, "empty": 1, "invalid-json": 1}
    import pandas as pd

    documents = pd.read_csv(tmp_path / "out" / "documents.csv", keep_default_na=False)
    assert len(documents) == 7
    assert sorted(documents.loc[documents["status"] == "skipped", "reason"]) == [
        "binary",
        "duplicate-id",
        "empty",
        "invalid-json",
    ]


@pytest.mark.parametrize(
    ("file", "data", "argv", "message"),
    [
        ("bad.dic", DIC[:-4], ["lexicon", "check"], r"\[F201\] {path}:6: term 'bomb' has no category ids"),
        (
            "evil.yaml",
            f"name: e\nvaluetype: regex\ncategories:\n  c:\n    entries: ['{EVIL}']\n".encode(),
            ["lexicon", "check"],
            r"\[F201\] {path}:5: category 'c': entry .* unsafe regex",
        ),
        (
            "tagged.yml",
            b"peace: !!python/object/apply:os.system ['true']\n",
            ["lexicon", "check"],
            r"\[F203\] {path}: cannot parse YAML at line 1: could not determine a constructor for the tag",
        ),
        (
            "notext.csv",
            b"id,body\na,x\n",
            ["analyze", "--no-statistics", "--out", "OUT"],
            r"\[F103\] {path}: no column",
        ),
        (
            "bad-registry.yaml",
            REGISTRY.replace(b"aliases", b"alias"),
            ["analyze", "SEEDS", "--no-statistics", "--out", "OUT", "--actors"],
            r"\[F301\] {path}:4: actor 'putin': unknown key 'alias'",
        ),
        (
            "bad-manifest.yaml",
            MANIFEST.replace(b"citation: Toy\n", b""),
            ["corpus", "verify"],
            r"\[F502\] {path}:1: the key 'citation' is missing",
        ),
    ],
    ids=["dic", "unsafe-regex", "yaml-tag", "csv-no-text", "registry", "manifest"],
)
def test_cli_errors_are_one_line_with_a_code_never_a_traceback(tmp_path, capsys, file, data, argv, message):
    path = tmp_path / file
    path.write_bytes(data)
    seeds = Path(__file__).resolve().parents[1] / "seeds"
    argv = [{"OUT": tmp_path / "out", "SEEDS": seeds}.get(a, a) for a in argv]
    status, _, err = run_cli(capsys, *argv, path)
    assert status == 2, err
    (line,) = [x for x in err.splitlines() if x.startswith("framing: error:")]
    assert re.search(message.replace("{path}", re.escape(str(path))), line), err


def test_cli_in_a_real_process_exits_2_without_traceback(tmp_path):
    marker = tmp_path / "executed"
    path = tmp_path / "tagged.yaml"
    path.write_text(f"name: t\ncategories:\n  c:\n    entries: !!python/object/apply:os.system ['touch {marker}']\n")
    done = subprocess.run(
        [sys.executable, "-m", "framing.cli", "lexicon", "check", str(path)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"framing: error: [F203] {path}: cannot parse YAML at line 4: ")
    assert not marker.exists()


# ------------------------------------------------------------------------------------------ nothing lost
def read_counted(read, *args):
    corpus, _ = run_reader(lambda _: read(*args), None)
    counts = corpus.counts()
    assert counts["inputs"] == counts["processed"] + counts["skipped"] == len(corpus.report)
    processed = [r.doc_id for r in corpus.report if r.status == "processed"]
    assert processed == [d.doc_id for d in corpus]  # every processed input is a document, in order
    assert all(r.reason for r in corpus.report if r.status == "skipped")
    return corpus, counts


def test_nothing_lost_in_the_shared_corpora_and_broken_copies(shared_dir, tmp_path):
    """Every corpus of ../shared/corpora read whole, then broken copies of them: the counts are exact
    (inputs = processed + skipped, skips by reason as predicted) and every document of the original is
    still there, except the one whose line was cut."""
    import shutil
    from collections import Counter

    from framing.corpus.manifests import load_manifest
    from framing.corpus.named import read_named_corpus

    shared = shared_dir / "corpora"
    originals = {}
    for name in ("kremlin_en", "ukraine_addresses_2022", "ungdc"):
        originals[name] = read_counted(read_named_corpus, name, shared / name)
        assert not load_manifest(name).check_counts(originals[name][1])  # the manifest's recorded counts

    def expect(name, *, extra_inputs, lost_ids=(), gained=0, reasons=()):
        corpus, counts = originals[name]
        skipped = Counter(counts["skipped_by_reason"]) + Counter(reasons)
        return corpus, counts["inputs"] + extra_inputs, counts["processed"] - len(lost_ids) + gained, skipped

    # kremlin_en: the last line cut, the first record repeated, a raw NUL and undecodable bytes on new lines
    lines = (shared / "kremlin_en" / "kremlin_en_2013_2020_docs.jsonl").read_bytes().rstrip(b"\n").split(b"\n")
    original, _ = originals["kremlin_en"]
    last = original.report[-1]
    assert last.status == "processed"
    broken = [*lines[:-1], lines[-1][: len(lines[-1]) // 2], lines[0], b'{"id": 1, "text": "a\x00b"}', b"\xff\xfe{}"]
    folder = tmp_path / "kremlin_en"
    folder.mkdir()
    (folder / "kremlin_en_2013_2020_docs.jsonl").write_bytes(b"\n".join(broken) + b"\n")
    corpus, counts = read_counted(read_named_corpus, "kremlin_en", folder)
    _, inputs, processed, skipped = expect(
        "kremlin_en", extra_inputs=3, lost_ids=[last.doc_id], reasons={"invalid-json": 3, "duplicate-id": 1}
    )
    assert (counts["inputs"], counts["processed"], counts["skipped_by_reason"]) == (inputs, processed, skipped)
    assert {d.doc_id for d in corpus} == {d.doc_id for d in original} - {last.doc_id}
    assert [r.line for r in corpus.report if r.reason == "invalid-json"][-3:] == [
        len(lines),
        len(lines) + 2,
        len(lines) + 3,
    ]

    # ukraine_addresses_2022: a record repeated, one with empty text, one without a text field, CRLF line ends
    lines = (shared / "ukraine_addresses_2022" / "addresses_en_2022.jsonl").read_bytes().rstrip(b"\n").split(b"\n")
    extra = [lines[5], b'{"id": "e", "text": " "}', b'{"id": "m", "body": "x"}']
    folder = tmp_path / "ukraine_addresses_2022"
    folder.mkdir()
    (folder / "addresses_en_2022.jsonl").write_bytes(b"\r\n".join([*lines, *extra]) + b"\r\n")
    corpus, counts = read_counted(read_named_corpus, "ukraine_addresses_2022", folder)
    original, inputs, processed, skipped = expect(
        "ukraine_addresses_2022", extra_inputs=3, reasons={"duplicate-id": 1, "empty": 1, "missing-field": 1}
    )
    assert (counts["inputs"], counts["processed"], counts["skipped_by_reason"]) == (inputs, processed, skipped)
    assert [d.text for d in corpus] == [d.text for d in original]  # CRLF split lines, the texts are unchanged

    # ungdc: an empty, a binary and a Latin-1 speech added, one speech cut in half (still a document)
    folder = tmp_path / "ungdc"
    shutil.copytree(shared / "ungdc", folder)
    (folder / "speeches" / "2014" / "AAA_69_2014.txt").write_bytes(b"")
    (folder / "speeches" / "2015" / "BBB_70_2015.txt").write_bytes(BINARY)
    (folder / "speeches" / "2016" / "CCC_71_2016.txt").write_bytes("Déclaration générale.".encode("latin-1"))
    cut = sorted((folder / "speeches" / "2020").glob("*.txt"))[0]
    cut.write_bytes(cut.read_bytes()[: cut.stat().st_size // 2])
    corpus, counts = read_counted(read_named_corpus, "ungdc", folder)
    original, inputs, processed, skipped = expect("ungdc", extra_inputs=3, gained=1, reasons={"empty": 1, "binary": 1})
    assert (counts["inputs"], counts["processed"], counts["skipped_by_reason"]) == (inputs, processed, skipped)
    assert {d.doc_id for d in corpus} == {d.doc_id for d in original} | {"CCC_71_2016"}
    assert corpus.get("CCC_71_2016").text == "D\ufffdclaration g\ufffdn\ufffdrale."
