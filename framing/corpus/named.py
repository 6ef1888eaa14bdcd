"""Readers for the real corpora the project works with (read from where they are, never copied here).

Each reader gives documents whose metadata the later stages use: ``date`` (ISO, resolves role descriptions
such as "the US President"; ``year`` and ``month`` are derived from it as for every input, see
:mod:`framing.corpus.dates`), ``speaker`` (the document-level speaker(s) of a speech or address, as names the
actor registry resolves), and ``transcript`` (``True`` when the text has ``Name:`` speaker turns).

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

Each has a lazy form, :func:`iter_ungdc`, :func:`iter_kremlin` and :func:`iter_ukraine_addresses`
(:func:`iter_named_corpus` by name): a :class:`~framing.corpus.CorpusStream` of
:func:`~framing.corpus.iter_corpus` whose ``transform`` adds the metadata one document at a time, so a
document is in memory only while it is used (``framing analyze --reader`` streams it in batches). The
``read_*`` functions collect that stream into a :class:`~framing.corpus.Corpus`: one code path, the same
documents and report.

None of these texts has a news dateline, so the dateline rule is switched off for them (a first line such
as ``Mr. President:`` is not a place). Which texts are transcripts is known, not detected: kremlin.ru pages
have their turn labels marked, speeches and addresses (one speaker each) none.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path

from ..errors import CorpusError
from .model import ChromeRules, Corpus, Document, InputRecord, Transform
from .reading import CorpusStream, iter_corpus

__all__ = [
    "CORPUS_READERS",
    "CORPUS_STREAMS",
    "iter_kremlin",
    "iter_named_corpus",
    "iter_ukraine_addresses",
    "iter_ungdc",
    "read_kremlin",
    "read_named_corpus",
    "read_ukraine_addresses",
    "read_ungdc",
]

NO_DATELINE = ChromeRules(dateline=None)

#: One path, or several read one after the other as one corpus (duplicate ids are skipped, as by
#: :func:`~framing.corpus.read_corpus`).
Paths = str | Path | Iterable[str | Path]


def _require(path: Path, what: str) -> Path:
    if not path.exists():
        raise CorpusError("F101", path=f"{path} ({what})")
    return path


def _as_paths(paths: Paths) -> list[Path]:
    return [Path(p) for p in ([paths] if isinstance(paths, str | Path) else paths)]


# ------------------------------------------------------------------------------------------------- UNGDC
UNGDC_SPEAKERS = "speakers_2014_2024.csv"


def _ungdc_speakers(root: Path) -> dict[tuple[str, str], dict[str, str]]:
    """The speakers table of an UNGDC folder by (ISO3, year); empty if the folder has none."""
    speakers: dict[tuple[str, str], dict[str, str]] = {}
    table = root / UNGDC_SPEAKERS
    if table.exists():
        with table.open(encoding="utf-8-sig", newline="") as fh:
            for row in csv.DictReader(fh):
                speakers[(row["ISO Code"].strip(), row["Year"].strip())] = row
    return speakers


class _UngdcSpeech:
    """The transform of :func:`iter_ungdc`: the id is the file name (``RUS_69_2014``, for the record too), the
    metadata come from the name and from the speakers table of the folder the speech is in.

    Renamed ids are checked for repeats (two files of one name in subfolders), which raise [F105] as a
    :class:`Corpus` of them would."""

    def __init__(self, speakers: dict[str, dict[tuple[str, str], dict[str, str]]]) -> None:
        self.speakers = speakers  # year folder (as_posix) -> the speakers table of its UNGDC folder
        self.seen: set[str] = set()

    def table(self, source: str) -> dict[tuple[str, str], dict[str, str]]:
        for folder in Path(source).parents:
            table = self.speakers.get(folder.as_posix())
            if table is not None:
                return table
        return {}

    def __call__(self, record: InputRecord, doc: Document | None) -> tuple[InputRecord, Document | None]:
        if record.doc_id:
            record = replace(record, doc_id=record.doc_id.rsplit("/", 1)[-1])
        if doc is None:
            return record, None
        stem = doc.doc_id.rsplit("/", 1)[-1]
        if stem in self.seen:
            raise CorpusError("F105", detail=f"duplicate document ids {[stem]}")
        self.seen.add(stem)
        iso3, session, year = [*stem.split("_"), "", "", ""][:3]
        row = self.table(doc.source).get((iso3, year), {})
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
        return record, replace(doc, doc_id=stem, meta=meta)


def iter_ungdc(root: Paths, *, years: tuple[int, int] | None = None) -> CorpusStream:
    """UN General Debate speeches under ``root`` (see the module docstring), read lazily, one speech at a
    time. Only the speakers table is read at once.

    Parameters
    ----------
    root : str, Path or iterable of them
        The UNGDC folder (with ``speeches/`` and the speakers table), or several.
    years : (int, int), optional
        The first and last year to read (``(2014, 2024)``); default: every year folder.

    Returns
    -------
    CorpusStream
        Documents with ids such as ``RUS_69_2014`` and the metadata of the module docstring.

    Raises
    ------
    CorpusError
        [F101] when a file or folder the reader needs is missing. Two speeches of the same file name raise
        [F105] when the stream reaches the second.
    """
    folders, speakers = [], {}
    for path in _as_paths(root):
        speeches = _require(path / "speeches", "the UNGDC speeches folder")
        table = _ungdc_speakers(path)
        for folder in sorted(p for p in speeches.iterdir() if p.is_dir() and p.name.isdigit()):
            if years is None or years[0] <= int(folder.name) <= years[1]:
                folders.append(folder)
                speakers[folder.as_posix()] = table
    return iter_corpus(folders, chrome=NO_DATELINE, turns=False, transform=_UngdcSpeech(speakers))


def read_ungdc(root: Paths, *, years: tuple[int, int] | None = None) -> Corpus:
    """UN General Debate speeches under ``root`` (see the module docstring): the collected :func:`iter_ungdc`.

    Parameters
    ----------
    root : str, Path or iterable of them
        The UNGDC folder (with ``speeches/`` and the speakers table), or several.
    years : (int, int), optional
        The first and last year to read (``(2014, 2024)``); default: every year folder.

    Returns
    -------
    Corpus
        The speeches, and the report on every input.

    Raises
    ------
    CorpusError
        [F101] when a file or folder the reader needs is missing. [F105] for two speeches of the same file name.
    """
    return iter_ungdc(root, years=years).collect()


# ------------------------------------------------------------------------------------------ JSONL corpora
def _jsonl_files(paths: Paths, filename: str, what: str) -> list[Path]:
    """The JSONL files named, a folder standing for its ``filename``."""
    return [_require(p / filename, what) if p.is_dir() else p for p in _as_paths(paths)]


def _fix_meta(fix: Callable[[dict], None]) -> Transform:
    """The transform that lets ``fix`` edit a copy of each document's metadata in place."""

    def transform(record: InputRecord, doc: Document | None) -> tuple[InputRecord, Document | None]:
        if doc is None:
            return record, None
        meta = dict(doc.meta)
        fix(meta)
        return record, replace(doc, meta=meta)

    return transform


#: On kremlin.ru (2013–2020) "the President" and "the Russian leader" are Vladimir Putin.
KREMLIN_ALIASES = ("the President=putin", "The President=putin", "the head of state=putin", "The head of state=putin")


def _kremlin_meta(meta: dict) -> None:
    meta["transcript"] = bool(meta.pop("has_speaker_turns", False))
    meta["aliases"] = KREMLIN_ALIASES
    if isinstance(meta.get("sections"), tuple):
        meta["sections"] = "; ".join(meta["sections"])


def iter_kremlin(path: Paths) -> CorpusStream:
    """kremlin.ru pages from the docs JSONL file (or the folder that holds it), read lazily, a line at a
    time. Turn labels are marked in every page (news items embed speeches under the same labels).

    Parameters
    ----------
    path : str, Path or iterable of them
        One path, or several read one after the other as one corpus (duplicate ids are skipped, as by
        :func:`~framing.corpus.read_corpus`).

    Returns
    -------
    CorpusStream
        The pages, with the metadata of the module docstring.

    Raises
    ------
    CorpusError
        [F101] when a file or folder the reader needs is missing.
    """
    files = _jsonl_files(path, "kremlin_en_2013_2020_docs.jsonl", "the kremlin.ru docs file")
    # news items embed speeches under the same labels ("President of Russia Vladimir Putin:"), so every page
    # is searched for turn labels (turns=True, which also keeps the dateline rule off), not only the transcripts
    return iter_corpus(files, chrome=NO_DATELINE, turns=True, transform=_fix_meta(_kremlin_meta))


def read_kremlin(path: Paths) -> Corpus:
    """kremlin.ru pages from the docs JSONL file (or the folder that holds it): the collected
    :func:`iter_kremlin`.

    Parameters
    ----------
    path : str, Path or iterable of them
        One path, or several read one after the other as one corpus (duplicate ids are skipped, as by
        :func:`~framing.corpus.read_corpus`).

    Returns
    -------
    Corpus
        The pages, and the report on every input.

    Raises
    ------
    CorpusError
        [F101] when a file or folder the reader needs is missing.
    """
    return iter_kremlin(path).collect()


def _address_meta(meta: dict) -> None:
    meta["speaker"] = tuple(meta.get("speaker_en") or ())
    meta["date"] = str(meta.get("date", ""))[:10]  # year and month are derived by the reader (corpus.dates)


def iter_ukraine_addresses(path: Paths) -> CorpusStream:
    """Ukrainian officials' addresses from the JSONL file (or the folder that holds it), read lazily.

    Parameters
    ----------
    path : str, Path or iterable of them
        One path, or several read one after the other as one corpus (duplicate ids are skipped, as by
        :func:`~framing.corpus.read_corpus`).

    Returns
    -------
    CorpusStream
        The addresses, with the metadata of the module docstring.

    Raises
    ------
    CorpusError
        [F101] when a file or folder the reader needs is missing.
    """
    files = _jsonl_files(path, "addresses_en_2022.jsonl", "the Ukrainian addresses file")
    return iter_corpus(files, chrome=NO_DATELINE, turns=False, transform=_fix_meta(_address_meta))


def read_ukraine_addresses(path: Paths) -> Corpus:
    """Ukrainian officials' addresses from the JSONL file (or the folder that holds it): the collected
    :func:`iter_ukraine_addresses`.

    Parameters
    ----------
    path : str, Path or iterable of them
        One path, or several read one after the other as one corpus (duplicate ids are skipped, as by
        :func:`~framing.corpus.read_corpus`).

    Returns
    -------
    Corpus
        The addresses, and the report on every input.

    Raises
    ------
    CorpusError
        [F101] when a file or folder the reader needs is missing.
    """
    return iter_ukraine_addresses(path).collect()


# ------------------------------------------------------------------------------------------------ by name
#: The named corpora, the one list of their names (``--reader``, a manifest's ``reader``): name -> the lazy
#: reader and the collecting one.
_NAMED: dict[str, tuple[Callable[..., CorpusStream], Callable[..., Corpus]]] = {
    "ungdc": (iter_ungdc, read_ungdc),
    "kremlin_en": (iter_kremlin, read_kremlin),
    "ukraine_addresses_2022": (iter_ukraine_addresses, read_ukraine_addresses),
}
#: Name -> lazy reader (a :class:`~framing.corpus.CorpusStream`) of every named corpus.
CORPUS_STREAMS: dict[str, Callable[..., CorpusStream]] = {name: lazy for name, (lazy, _) in _NAMED.items()}
#: Name -> reader (a :class:`~framing.corpus.Corpus`) of every named corpus: the same names as
#: :data:`CORPUS_STREAMS`, in the same order.
CORPUS_READERS: dict[str, Callable[..., Corpus]] = {name: read for name, (_, read) in _NAMED.items()}


def iter_named_corpus(name: str, path: Paths) -> CorpusStream:
    """Corpus ``name`` from ``path``, read lazily.

    Parameters
    ----------
    name : str
        A key of :data:`CORPUS_STREAMS` (``ungdc``, ``kremlin_en``, ``ukraine_addresses_2022``).
    path : str, Path or iterable of them
        What that corpus's reader takes (its folder or file).

    Returns
    -------
    CorpusStream
        ``(record, document)`` for every input, with the counts and the end-of-stream warning of
        :func:`~framing.corpus.iter_corpus`.

    Raises
    ------
    CorpusError
        [F112] for an unknown name; [F101] at once for a missing file.
    """
    try:
        stream = CORPUS_STREAMS[name]
    except KeyError:
        raise CorpusError("F112", name=name, known=", ".join(sorted(CORPUS_STREAMS))) from None
    return stream(path)


def read_named_corpus(name: str, path: Paths) -> Corpus:
    """Read corpus ``name`` from ``path``: the collected :func:`iter_named_corpus`.

    Parameters
    ----------
    name : str
        A key of :data:`CORPUS_READERS` (``ungdc``, ``kremlin_en``, ``ukraine_addresses_2022``).
    path : str, Path or iterable of them
        What that corpus's reader takes (its folder or file).

    Returns
    -------
    Corpus
        The documents, and the report on every input.

    Raises
    ------
    CorpusError
        [F112] for an unknown name; [F101] for a missing file.
    """
    return iter_named_corpus(name, path).collect()
