"""Lexicon file formats: one reader per format, all feeding the one model in :mod:`framing.lexicon`.

:func:`load_lexicon` reads a bundled lexicon by name or a file; :func:`read_lexicon_file` picks the reader
by suffix; an unknown suffix is an error, not a guess. :func:`write_lexicon_file` writes ``.yaml``/``.yml``
(everything the model holds) or ``.dic``. The readers live beside this module, one per format:
:mod:`~framing.lexicon.yaml_format` (this toolkit's YAML), :mod:`~framing.lexicon.liwc_dic`,
:mod:`~framing.lexicon.wordstat`, :mod:`~framing.lexicon.quanteda` and :mod:`~framing.lexicon.tables`, with
what they share in :mod:`~framing.lexicon.readers`; the rules of all of them are described here.

Every reader names file and 1-based line in its errors (``LexiconError`` ``[F201]``, ``[F203]`` for
YAML syntax). What a reader had to change or drop to fit the model is never silent: it is recorded in
the lexicon's ``description`` ("Reader notes: ..."), and what changes what can match (dropped or
reinterpreted content, an encoding guess) is also one :class:`FormatWarning` per file. Merged duplicates
(``Russia`` and ``russia`` in one key) change nothing that matches and are only recorded.

Encoding
--------
Files are read as UTF-8 (a BOM is dropped), or as UTF-16/UTF-32 when they start with that byte order
mark. ``.dic``, ``.cat``, ``.csv`` and ``.tsv`` files that are not valid UTF-8 are decoded as cp1252
(Windows Latin-1, the encoding of many older LIWC and WordStat dictionaries) and the decision is a reader
note. YAML must be UTF-8 (or UTF-16/32 with a BOM). A NUL byte is an error in every format: the file is
binary, or UTF-16 without its BOM.

Category names
--------------
A category name is dotted by level (``care.virtue``); each level must be letters, digits, ``_`` or ``-``
(as in this toolkit's YAML). A foreign label that is not is sanitised: ``+``, ``=``, ``&``, ``<``,
``>``, ``@``, ``#`` and ``%`` are spelled out (``plus``, ``equals``, ``and``, ``lt``, ``gt``, ``at``,
``hash``, ``percent``), the pieces are joined with ``_`` and other characters (spaces, dots inside a
WordStat or quanteda label, other punctuation) are dropped as separators. So WordStat's
``ECONOMY`` > ``+STATE+`` becomes ``ECONOMY.plus_STATE_plus``, ``=STATE=`` becomes
``ECONOMY.equals_STATE_equals``, ``-STATE-`` stays ``ECONOMY.-STATE-`` and ``CON ENVIRONMENT`` becomes
``ENVIRONMENT.CON_ENVIRONMENT``. The category's ``description`` then keeps the original label. Case is kept.
Two labels that sanitise to the same name are an error.

LIWC ``.dic`` (2007 and 2015 layouts)
-------------------------------------
A ``%`` line, one ``<id> <name>`` line per category, a ``%`` line, then one ``<term> <id> <id> ...``
line per term. Fields may be separated by runs of tabs or spaces; CRLF (or CR) line ends, blank lines and
trailing white space are ignored. Ids are numbers (``01`` and ``1`` are the same id). A label with a
parenthesised part (LIWC2015 ``function (Function Words)``) gives the name ``function`` and the
description ``Function Words``; a dot in a name nests (MFD 2.0's ``care.virtue``).

* The term is everything before the first tab; in a line without a tab, the trailing run of numbers are
  the ids and the rest is the term. A term may be several words (MFD 2.0's ``civil rights``).
* Terms are globs: LIWC's trailing ``*`` (``harm*``) is the toolkit's ``*``. ``?`` is not a LIWC
  wildcard: a term with a literal ``?`` is read as a ``fixed`` entry (with a ``*`` as well it cannot be
  expressed and is dropped).
* LIWC 2007 conditionals, which the model cannot express, are read as follows (reader notes):
  a term with parenthesised context words (``kind (of)``, ``(discrepancy) like*``) becomes the phrase
  without the parentheses (``kind of``: LIWC counts ``kind`` only before ``of``, the toolkit counts the
  phrase, the same number of matches over a longer span); a conditional category assignment
  (``(02 134)125/464``: category 125 after a word of category 02 or 134, else 464) is dropped, while the
  plain ids of the same line are kept.
* A category listed twice for a term, or a term repeated in one category, counts once (LIWC itself
  counts a doubled id twice). A term repeated on several lines with different ids is in all of them.
* A term with no word characters (an emoticon) cannot match a word token and is dropped; a category left
  without entries is dropped.
* Errors: a missing opening or closing ``%``, a non-numeric or duplicate id or a label without a name
  in the header, an undefined or non-numeric id or no id at all on a term line.

WordStat ``.cat``
-----------------
Categories nest by indentation (tabs or spaces, but consistently: a line's indentation must equal that of
an enclosing level, and only a category line may be followed by a deeper line). A line ending in a
parenthesised number is an entry (``ART (1)``, ``GALLER* (1)``), the number its weight; every other
line is a category. Entries are lower-cased (WordStat dictionaries are upper case; matching is
case-insensitive) and ``_`` joins the words of a phrase (``WAR_IN_IRAQ`` is the phrase ``war in iraq``);
other characters (hyphens, apostrophes) stay and must be in the text. A category may hold entries and
sub-categories (Laver & Garry's ``CULTURE``). Repeated categories under one parent are merged; an entry
repeated in a category counts once (with another weight: the first weight is kept, with a warning).

quanteda dictionary YAML
------------------------
A nested mapping: key to a list of glob patterns (or one pattern), or key to a mapping of sub-keys
(newsmap: continent > region > country code). Keys must be strings: YAML reads unquoted ``NO``,
``yes`` or ``on`` as booleans, so quote such keys. An empty key is dropped (as quanteda does), a pattern
repeated within a key counts once. The leading comment lines become the description. A ``.yaml``/``.yml``
file with a string ``name`` or a ``categories`` mapping of mappings with ``entries`` is this toolkit's
format (:func:`framing.lexicon.parse_lexicon`) instead.

CSV and TSV
-----------
*Long* layout: one ``term, category[, weight]`` row per entry, with or without a header (a header row
starts with ``term``, ``word``, ``entry`` or ``pattern`` and continues ``category``, ``key`` or
``label``). *Wide* layout (the eMFD): a header row ``word, <category>, <category>, ...`` and one row per
term with one number per category; each non-zero number is the weight of the term in that category
(zero and empty cells are no entry). The eMFD's ten columns (five foundation probabilities ``care_p`` ...
and five sentiment scores ``care_sent`` ...) so become ten weighted categories; sentiment weights are
signed. A non-numeric weight, a row of the wrong width and a term repeated in one category are errors.

Writing
-------
:func:`write_dic` writes the LIWC 2015 layout (ids numbered by sorted category name, a category's
description in parentheses after its name, one tab-separated line per term with all its ids). It refuses
(``LexiconError`` [F208] listing every problem) what a ``.dic`` cannot hold: regex entries, ``?`` or non-trailing
``*`` wildcards, parentheses in a term, weights other than 1, case sensitivity, sponsors and functions;
``lossy=True`` drops those entries or fields with a :class:`FormatWarning` instead. The lexicon's name,
version, license, citation and the categories' provenance are never written (a ``.dic`` has no place for
them; keep the YAML as the record). A ``.dic`` read back gives the same categories and entries; the first
write merges a term repeated on several lines into one line, which can change the order of entries
within a category (and so ``Lexicon.sha256``, which is order-sensitive) but not what matches.

Differences from the ``liwc`` package (PyPI 0.5.0), pinned by ``tests/test_liwc_differential.py``
-------------------------------------------------------------------------------------------------
* Tokens: ``liwc`` matches whatever tokens it is given, case-sensitively; the toolkit tokenises with
  ``\\w+`` and case-folds. (``fair-*`` is two tokens here, so a phrase.)
* Multiword terms: ``liwc`` puts them in its trie but never matches them against a single token; the
  toolkit matches them as phrases.
* Several entries matching one token: ``liwc`` returns the categories of one entry only, the shortest
  ``*`` prefix on the token's path, else the exact term (``harm*`` hides ``harmless``); the toolkit
  counts the token in every category that has a matching entry (categories are independent).
* File layout: ``liwc`` splits on single tabs only (so it cannot read MFD 1.0's space-padded header or
  its ``01 07 09`` id lists) and keeps only the last line of a term repeated on several lines (57 terms
  of MFD 2.0); the toolkit reads both layouts and keeps every line.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from ..errors import LexiconError
from ..files import safe_load
from .liwc_dic import read_dic_text, write_dic
from .model import Lexicon
from .quanteda import parse_quanteda_yaml
from .readers import Notes, decode_lexicon, fail, yaml_error
from .tables import read_table_text
from .wordstat import read_cat_text
from .yaml_format import parse_lexicon, to_yaml

__all__ = ["bundled_lexicons", "load_lexicon", "read_lexicon_file", "write_lexicon_file"]


def bundled_lexicons() -> list[str]:
    """Names of the lexicons that ship with the package.

    Returns
    -------
    list of str
        The names, sorted; each one can be given to :func:`load_lexicon`.
    """
    folder = resources.files("framing").joinpath("data/lexicons")
    return sorted(p.name[: -len(".yaml")] for p in folder.iterdir() if p.name.endswith(".yaml"))


def load_lexicon(source: str | Path | Lexicon) -> Lexicon:
    """Load a lexicon: a bundled name (``"urw_frames"``) or a file path.

    Files are read by their suffix (see :func:`read_lexicon_file` and this module's docstring).

    Parameters
    ----------
    source : str, path or Lexicon
        A name from :func:`bundled_lexicons`, the path of a lexicon file, or a lexicon (returned as it is).

    Returns
    -------
    Lexicon
        The lexicon read.

    Raises
    ------
    LexiconError
        [F202] when ``source`` is neither a bundled name nor a file; as :func:`read_lexicon_file` for a file
        that cannot be read (naming file and line for malformed content).
    """
    if isinstance(source, Lexicon):
        return source
    name = str(source)
    if name in bundled_lexicons():
        text = resources.files("framing").joinpath(f"data/lexicons/{name}.yaml").read_text(encoding="utf-8")
        return parse_lexicon(text, f"framing/data/lexicons/{name}.yaml")
    path = Path(source)
    if not path.is_file():
        raise LexiconError("F202", name=name, bundled=", ".join(bundled_lexicons()))
    return read_lexicon_file(path)


def read_lexicon_file(path: str | Path) -> Lexicon:
    """Read a lexicon file, choosing the reader by its suffix (see the module docstring).

    Parameters
    ----------
    path : str or path
        ``.yaml``/``.yml`` (this toolkit's format or a quanteda dictionary, told apart by their shape),
        ``.dic`` (LIWC), ``.cat`` (WordStat), ``.csv`` or ``.tsv``.

    Returns
    -------
    Lexicon
        The lexicon, its ``source`` the path.

    Raises
    ------
    LexiconError
        [F206] for another suffix; [F201] or [F203] naming the line for a file that cannot be decoded or
        read (see the readers).

    Warns
    -----
    FormatWarning
        Once, when the reader changed or dropped content that changes what can match.
    """
    path = Path(path)
    where = str(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        text = decode_lexicon(path.read_bytes(), where, None)
        if not text.strip():
            raise fail(where, 1, "empty file")
        try:  # only to tell the two YAML formats apart: the fast loader, no line numbers needed
            data = safe_load(text)
        except yaml.YAMLError as exc:
            raise yaml_error(exc, where) from None
        return parse_lexicon(text, where) if _is_framing_yaml(data) else parse_quanteda_yaml(text, where)
    readers = {".dic": read_dic_text, ".cat": read_cat_text}
    if suffix in readers:
        notes = Notes(where)
        text = decode_lexicon(path.read_bytes(), where, notes)
        return readers[suffix](text, where, None, notes)
    if suffix in (".csv", ".tsv"):
        notes = Notes(where)
        text = decode_lexicon(path.read_bytes(), where, notes)
        return read_table_text(text, where, "\t" if suffix == ".tsv" else ",", None, notes)
    raise LexiconError("F206", path=where, suffix=suffix)


def _is_framing_yaml(data: Any) -> bool:
    """This toolkit's YAML: a string ``name``, or ``categories`` mapping to mappings with ``entries``."""
    if not isinstance(data, Mapping):
        return False
    if isinstance(data.get("name"), str):
        return True
    cats = data.get("categories")
    return isinstance(cats, Mapping) and any(isinstance(v, Mapping) and "entries" in v for v in cats.values())


def write_lexicon_file(lexicon: Lexicon, path: str | Path, *, lossy: bool = False) -> Path:
    """Write ``lexicon`` to a file chosen by suffix: ``.yaml``/``.yml`` (everything) or ``.dic``.

    The text is written beside the file and renamed over it, so a failed write never leaves half a lexicon.

    Parameters
    ----------
    lexicon : Lexicon
        The lexicon to write.
    path : str or path
        The file; its suffix chooses the format.
    lossy : bool, default False
        For ``.dic``: drop what the format cannot hold instead of refusing (see :func:`write_dic`).

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    LexiconError
        [F209] for ``.cat``, ``.csv`` and ``.tsv`` (read-only formats), [F206] for another suffix, [F208] as
        :func:`write_dic`.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        text = to_yaml(lexicon)
    elif suffix == ".dic":
        text = write_dic(lexicon, lossy=lossy)
    elif suffix in (".cat", ".csv", ".tsv"):
        raise LexiconError("F209", path=str(path), suffix=suffix)
    else:
        raise LexiconError("F206", path=str(path), suffix=suffix)
    tmp = path.with_name(f".{path.name}.framing-tmp-{os.getpid()}")
    try:  # written beside and renamed: a failed write never leaves half a lexicon in place of the file
        tmp.write_text(text, encoding="utf-8", newline="\n")
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path
