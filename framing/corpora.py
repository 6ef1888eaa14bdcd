"""Readers for the real corpora the project works with (read from where they are, never copied here).

Each reader returns a :class:`~framing.corpus.Corpus` whose documents carry the metadata the later stages
use: ``date`` (ISO, resolves role descriptions such as "the US President"), ``speaker`` (the document-level
speaker(s) of a speech or address, as names the actor registry resolves), and ``transcript`` (``True``
when the text has ``Name:`` speaker turns).

* :func:`read_ungdc`: UN General Debate speeches (Jankin, Baturo & Dasandi; CC0), a folder with
  ``speeches/<year>/<ISO3>_<session>_<year>.txt`` and ``speakers_2014_2024.csv``. Metadata: ``iso3``,
  ``session``, ``year``, ``country``, ``person``, ``post``; ``speaker`` is (person, country).
* :func:`read_kremlin`: en.kremlin.ru pages 2013–2020 (CC BY 4.0), ``kremlin_en_2013_2020_docs.jsonl``.
  Metadata: ``date``, ``year``, ``title``, ``place``, ``sections``, ``transcript`` (from
  ``has_speaker_turns``), and
  ``aliases`` (document-level aliases: "the President" is Putin there).
* :func:`read_ukraine_addresses`: addresses and briefings of Ukrainian officials, 22 Feb–17 May 2022
  (CC0 compilation), ``addresses_en_2022.jsonl``. Metadata: ``date``, ``year``, ``month``, ``title``; ``speaker`` from
  ``speaker_en``.

None of these texts has a news dateline, so the dateline rule is switched off for them (a first line such
as ``Mr. President:`` is not a place).
"""

from __future__ import annotations

import csv
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from .corpus import ChromeRules, Corpus, mark_turns, read_corpus
from .errors import CorpusError

__all__ = ["CORPUS_READERS", "read_kremlin", "read_named_corpus", "read_ukraine_addresses", "read_ungdc"]

NO_DATELINE = ChromeRules(dateline=None)


def _require(path: Path, what: str) -> Path:
    if not path.exists():
        raise CorpusError("F101", path=f"{path} ({what})")
    return path


def read_ungdc(root: str | Path, *, years: tuple[int, int] | None = None) -> Corpus:
    """UN General Debate speeches under ``root`` (see the module docstring); ``years=(2014, 2024)`` filters."""
    root = Path(root)
    speeches = _require(root / "speeches", "the UNGDC speeches folder")
    speakers: dict[tuple[str, str], dict[str, str]] = {}
    table = root / "speakers_2014_2024.csv"
    if table.exists():
        with table.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                speakers[(row["ISO Code"].strip(), row["Year"].strip())] = row
    folders = sorted(p for p in speeches.iterdir() if p.is_dir() and p.name.isdigit())
    if years is not None:
        folders = [p for p in folders if years[0] <= int(p.name) <= years[1]]
    corpus = read_corpus(folders, chrome=NO_DATELINE)
    docs = []
    for doc in corpus:
        stem = doc.doc_id.rsplit("/", 1)[-1]
        iso3, session, year = [*stem.split("_"), "", "", ""][:3]
        row = speakers.get((iso3, year), {})
        person = (row.get("Name of Person Speaking") or "").strip()
        country = (row.get("Country") or "").strip()
        meta = {
            **doc.meta,
            "iso3": iso3,
            "session": session,
            "year": year,
            "country": country,
            "person": person,
            "post": (row.get("Post") or "").strip(),
            "speaker": tuple(x for x in (person, country) if x),
        }
        docs.append(replace(doc, doc_id=stem, meta=meta))
    report = [replace(r, doc_id=r.doc_id.rsplit("/", 1)[-1] if r.doc_id else r.doc_id) for r in corpus.report]
    return Corpus(docs, report)


#: On kremlin.ru (2013–2020) "the President" and "the Russian leader" are Vladimir Putin.
KREMLIN_ALIASES = ("the President=putin", "The President=putin", "the head of state=putin", "The head of state=putin")


def _read_jsonl(path: str | Path, filename: str, what: str, fix_meta: Callable[[dict], None]) -> Corpus:
    """Read a JSONL corpus file (or the folder holding ``filename``), letting ``fix_meta`` edit each
    document's metadata in place."""
    path = Path(path)
    if path.is_dir():
        path = _require(path / filename, what)
    corpus = read_corpus(path, chrome=NO_DATELINE)
    docs = []
    for doc in corpus:
        meta = dict(doc.meta)
        fix_meta(meta)
        docs.append(replace(doc, meta=meta))
    return Corpus(docs, corpus.report)


def _kremlin_meta(meta: dict) -> None:
    meta["transcript"] = bool(meta.pop("has_speaker_turns", False))
    meta["year"] = str(meta.get("date", ""))[:4]
    meta["aliases"] = KREMLIN_ALIASES
    if isinstance(meta.get("sections"), tuple):
        meta["sections"] = "; ".join(meta["sections"])


def read_kremlin(path: str | Path) -> Corpus:
    """kremlin.ru pages from the docs JSONL file (or the folder that holds it)."""
    corpus = _read_jsonl(path, "kremlin_en_2013_2020_docs.jsonl", "the kremlin.ru docs file", _kremlin_meta)
    # news items embed speeches under the same labels ("President of Russia Vladimir Putin:"), so every page
    # is searched for turn labels, not only the transcripts
    return Corpus([mark_turns(d) for d in corpus], corpus.report)


def _address_meta(meta: dict) -> None:
    meta["speaker"] = tuple(meta.get("speaker_en") or ())
    meta["date"] = str(meta.get("date", ""))[:10]
    meta["year"], meta["month"] = meta["date"][:4], meta["date"][:7]


def read_ukraine_addresses(path: str | Path) -> Corpus:
    """Ukrainian officials' addresses from the JSONL file (or the folder that holds it)."""
    return _read_jsonl(path, "addresses_en_2022.jsonl", "the Ukrainian addresses file", _address_meta)


CORPUS_READERS: dict[str, Callable[..., Corpus]] = {
    "ungdc": read_ungdc,
    "kremlin_en": read_kremlin,
    "ukraine_addresses_2022": read_ukraine_addresses,
}


def read_named_corpus(name: str, path: str | Path) -> Corpus:
    """Read corpus ``name`` (a key of :data:`CORPUS_READERS`) from ``path``."""
    try:
        reader = CORPUS_READERS[name]
    except KeyError:
        raise CorpusError("F112", name=name, known=", ".join(sorted(CORPUS_READERS))) from None
    return reader(path)
