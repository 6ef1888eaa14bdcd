"""Passages: sentences or paragraphs with character offsets into the untouched document text.

Paragraphs
----------
With ``paragraphs="line"`` (default, right for scraped news where each paragraph is one line) a line
break ends a paragraph; with ``paragraphs="blank"`` (hard-wrapped text) only a blank line does. Spans
marked as chrome or dateline by the corpus reader are cut out; white space at either end is trimmed.

Sentences
---------
Sentences are found inside each paragraph (a sentence never crosses a paragraph break) by nltk's Punkt
algorithm (Kiss & Strunk 2006) with parameters that ship with the package: nothing is downloaded.
Punkt is given the abbreviation list in ``framing/data/abbreviations.txt``; an abbreviation followed by
a capitalised word does not end a sentence (``U.S. President Donald Trump``). One rule is added after
Punkt: a sentence never starts with a lower-case letter (after an optional opening quote or bracket), so
``"Stop it." he said.`` stays one sentence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from ._text import count_tokens
from .corpus import Corpus, Document
from .errors import CorpusError

__all__ = ["Passage", "load_abbreviations", "segment", "sentence_spans"]

_PARAGRAPH_BREAK = {
    "line": re.compile(r"\r\n|\r|\n"),
    "blank": re.compile(r"(?:\r\n|\r|\n)[ \t\f\v]*(?:\r\n|\r|\n)\s*"),
}
_LOWER_START = re.compile(r"[\"'“‘«„(\[]*[^\W\d_]")


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence or paragraph: ``text == document.text[start:end]``.

    ``passage_id`` numbers passages within a document from 0; ``paragraph_id`` numbers its paragraphs.
    """

    doc_id: str
    passage_id: int
    start: int
    end: int
    text: str
    paragraph_id: int

    @property
    def n_tokens(self) -> int:
        """Number of word tokens (see ``framing._text``)."""
        return count_tokens(self.text)


@lru_cache(maxsize=1)
def load_abbreviations() -> frozenset[str]:
    """The shipped abbreviation list (lower case, no final period)."""
    text = resources.files("framing").joinpath("data/abbreviations.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


@lru_cache(maxsize=8)
def _tokenizer(abbreviations: frozenset[str]) -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(abbreviations)
    return PunktSentenceTokenizer(params)


def sentence_spans(text: str, *, abbreviations: Iterable[str] | None = None) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of one paragraph ``text`` (see the module docstring)."""
    abbrevs = load_abbreviations() if abbreviations is None else frozenset(a.lower().rstrip(".") for a in abbreviations)
    spans: list[tuple[int, int]] = []
    for start, end in _tokenizer(abbrevs).span_tokenize(text):
        if spans and _starts_lower(text, start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _starts_lower(text: str, start: int) -> bool:
    m = _LOWER_START.match(text, start)
    return m is not None and text[m.end() - 1].islower()


def _paragraph_spans(doc: Document, rule: str) -> Iterator[tuple[int, int]]:
    text = doc.text
    breaks = [(m.start(), m.end()) for m in _PARAGRAPH_BREAK[rule].finditer(text)]
    bounds = [0] + [e for _, e in breaks]
    ends = [s for s, _ in breaks] + [len(text)]
    cut = sorted((s, e) for s, e, _ in doc.excluded)
    for start, end in zip(bounds, ends, strict=True):
        for s, e in _subtract(start, end, cut):
            while s < e and text[s].isspace():
                s += 1
            while e > s and text[e - 1].isspace():
                e -= 1
            if s < e:
                yield s, e


def _subtract(start: int, end: int, cuts: Sequence[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    pos = start
    for s, e in cuts:
        if e <= pos or s >= end:
            continue
        if s > pos:
            yield pos, s
        pos = max(pos, e)
    if pos < end:
        yield pos, end


def segment(
    corpus: Corpus | Document | Iterable[Document],
    *,
    unit: str = "sentence",
    paragraphs: str = "line",
    abbreviations: Iterable[str] | None = None,
) -> list[Passage]:
    """Split documents into passages with offsets into the original text.

    Parameters
    ----------
    corpus:
        A :class:`~framing.corpus.Corpus`, one :class:`~framing.corpus.Document`, or an iterable of them.
    unit:
        ``"sentence"`` (default) or ``"paragraph"``.
    paragraphs:
        ``"line"`` (a line break ends a paragraph) or ``"blank"`` (only a blank line does).
    abbreviations:
        Abbreviations for Punkt (lower case, no final period); default: the shipped list.

    Returns passages in document order, then text order.
    """
    if unit not in ("sentence", "paragraph"):
        raise CorpusError("F108", unit=unit)
    if paragraphs not in _PARAGRAPH_BREAK:
        raise CorpusError("F109", rule=paragraphs)
    docs = [corpus] if isinstance(corpus, Document) else list(corpus)
    abbrevs = None if abbreviations is None else list(abbreviations)
    out: list[Passage] = []
    for doc in docs:
        pid = 0
        for par_id, (ps, pe) in enumerate(_paragraph_spans(doc, paragraphs)):
            spans = (
                [(ps, pe)]
                if unit == "paragraph"
                else [(ps + s, ps + e) for s, e in sentence_spans(doc.text[ps:pe], abbreviations=abbrevs)]
            )
            for s, e in spans:
                out.append(Passage(doc.doc_id, pid, s, e, doc.text[s:e], par_id))
                pid += 1
    return out
