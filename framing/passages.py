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

Long paragraphs
---------------
The pinned nltk runs Punkt's regular expressions under a wall-clock limit (``nltk.redos.DEFAULT_TIMEOUT``,
5 s) that counts all the work of one pass over a text, so one pass over a paragraph of a few megabytes
fails. A paragraph longer than :data:`PUNKT_WINDOW` characters is therefore segmented a window at a time:
Punkt runs on the next :data:`PUNKT_WINDOW` characters, and the window is cut

1. at the start of the last sentence Punkt found in its second half whose first word ends inside the
   window; Punkt decides a boundary from the words on either side of it, so this gives the sentences of one
   pass over the whole paragraph;
2. else (a sentence longer than half a window) at the start of the last word in its second half that ends
   inside the window: Punkt saw that word whole and started no sentence there, so the sentence goes on in
   the next window and the two parts are one sentence;
3. else (half a window without white space) at the window's end, inside a word: the parts are joined too.

The next window starts at the cut (after any white space); offsets always point into the paragraph. A
paragraph of at most :data:`PUNKT_WINDOW` characters goes to Punkt whole, as before. Should Punkt still hit
its time limit, the error is [F113], never a time-out passed off as a file error.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from nltk.tokenize.punkt import PunktParameters, PunktSentenceTokenizer

from .corpus import Corpus, Document
from .errors import CorpusError
from .tokens import count_tokens

__all__ = ["Passage", "load_abbreviations", "segment", "sentence_spans"]

_PARAGRAPH_BREAK = {
    "line": re.compile(r"\r\n|\r|\n"),
    "blank": re.compile(r"(?:\r\n|\r|\n)[ \t\f\v]*(?:\r\n|\r|\n)\s*"),
}
_SPACE = re.compile(r"\s")
_LOWER_START = re.compile(r"[\"'“‘«„(\[]*[^\W\d_]")
#: Longest text (characters) given to Punkt in one pass (see "Long paragraphs" in the module docstring).
#: Ordinary prose costs Punkt about 1 µs a character; the worst text we found (". " repeated, a candidate
#: break every two characters) about 50 µs, so a window of 10,000 characters takes at most about 0.5 s, a
#: tenth of nltk's 5 s limit. Real paragraphs can be longer (2,667 paragraphs of the shared corpora, split
#: by line or by blank line, up to 176,484 characters): the windows give each of them exactly the sentences
#: of one pass, in the same time.
PUNKT_WINDOW = 10_000


@dataclass(frozen=True, slots=True)
class Passage:
    """A sentence or paragraph: ``text == document.text[start:end]``.

    Attributes
    ----------
    doc_id : str
        The id of the :class:`~framing.corpus.Document` the passage is from.
    passage_id : int
        The passage's number within its document, from 0, in text order.
    start, end : int
        Character offsets of the passage in the document's untouched text.
    text : str
        ``document.text[start:end]``.
    paragraph_id : int
        The number of the passage's paragraph within its document, from 0 (one paragraph can hold several
        sentence passages).
    """

    doc_id: str
    passage_id: int
    start: int
    end: int
    text: str
    paragraph_id: int

    @property
    def n_tokens(self) -> int:
        """Number of word tokens (see :mod:`framing.tokens`)."""
        return count_tokens(self.text)


@lru_cache(maxsize=1)
def load_abbreviations() -> frozenset[str]:
    """The shipped abbreviation list (``framing/data/abbreviations.txt``), read once.

    Returns
    -------
    frozenset of str
        The abbreviations, lower case, without their final period (``#`` comment lines skipped).
    """
    text = resources.files("framing").joinpath("data/abbreviations.txt").read_text(encoding="utf-8")
    return frozenset(line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#"))


@lru_cache(maxsize=8)
def _tokenizer(abbreviations: frozenset[str]) -> PunktSentenceTokenizer:
    params = PunktParameters()
    params.abbrev_types = set(abbreviations)
    return PunktSentenceTokenizer(params)


def sentence_spans(text: str, *, abbreviations: Iterable[str] | None = None) -> list[tuple[int, int]]:
    """The sentences of one paragraph, by Punkt and the lower-case rule (see the module docstring).

    Parameters
    ----------
    text : str
        One paragraph (a sentence never crosses a paragraph break, so split paragraphs first).
    abbreviations : iterable of str, optional
        Abbreviations that do not end a sentence (case and a final period ignored); default: the shipped
        list, :func:`load_abbreviations`.

    Returns
    -------
    list of (int, int)
        ``(start, end)`` of each sentence, offsets into ``text``, trailing white space excluded.

    Raises
    ------
    CorpusError
        [F113] when Punkt hits nltk's time limit on a window of the text.
    """
    abbrevs = load_abbreviations() if abbreviations is None else frozenset(a.lower().rstrip(".") for a in abbreviations)
    return _sentence_spans(text, abbrevs, "a paragraph")


def _sentence_spans(text: str, abbrevs: frozenset[str], where: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for start, end in _punkt_spans(text, _tokenizer(abbrevs), where):
        if spans and _starts_lower(text, start):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return spans


def _punkt_spans(text: str, tokenizer: PunktSentenceTokenizer, where: str) -> list[tuple[int, int]]:
    """Punkt's sentence spans of ``text``, found a window of :data:`PUNKT_WINDOW` characters at a time."""
    out: list[tuple[int, int]] = []
    start, n, joined = 0, len(text), False
    while True:
        window = text[start : start + PUNKT_WINDOW]
        try:
            spans = list(tokenizer.span_tokenize(window))
        except TimeoutError:  # nltk.redos's limit; an OSError, so it must not pass for a file error
            raise CorpusError("F113", where=f"{where}, characters {start}-{start + len(window)} of {n}") from None
        last = start + len(window) >= n
        cut, join_next = (len(window), False) if last else _window_cut(window, spans)
        kept = []
        for s, e in spans:
            if s >= cut:
                break
            e = min(e, cut)
            while e > s and window[e - 1].isspace():
                e -= 1
            if e > s:
                kept.append((start + s, start + e))
        if joined and kept:  # the window began inside the sentence the last one ended with
            out[-1] = (out[-1][0], kept.pop(0)[1])
        out.extend(kept)
        if last:
            return out
        start, joined = start + cut, join_next
        while start < n and text[start].isspace():
            start += 1
        if start >= n:
            return out


def _window_cut(window: str, spans: Sequence[tuple[int, int]]) -> tuple[int, bool]:
    """Where to cut a full window, always past its middle, and whether the cut is inside a sentence (see
    "Long paragraphs" in the module docstring)."""
    half = len(window) // 2
    for s, _ in reversed(spans):
        if s < half:
            break
        if _SPACE.search(window, s):  # the sentence's first word ends inside the window
            return s, False
    # the start of the last word that ends inside the window: Punkt saw it whole and started no sentence there
    i = len(window) - 1
    while i >= half and not window[i].isspace():  # a word cut by the window's end
        i -= 1
    while i >= half and window[i].isspace():
        i -= 1
    while i >= half and not window[i].isspace():
        i -= 1
    return (i + 1, True) if i >= half else (len(window), True)


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
    corpus : Corpus, Document or iterable of Document
        A :class:`~framing.corpus.Corpus`, one :class:`~framing.corpus.Document`, or an iterable of them.
    unit : {"sentence", "paragraph"}
        ``"sentence"`` (default) or ``"paragraph"``.
    paragraphs : {"line", "blank"}
        ``"line"`` (a line break ends a paragraph) or ``"blank"`` (only a blank line does).
    abbreviations : iterable of str, optional
        Abbreviations for Punkt (case and a final period ignored); default: the shipped list.

    Returns
    -------
    list of Passage
        The passages in document order, then text order; the spans a document excludes (chrome, datelines,
        turn labels) are cut out, and a document with no text left has none.

    Raises
    ------
    CorpusError
        [F108] for an unknown ``unit``, [F109] for an unknown ``paragraphs`` rule, [F113] when Punkt hits
        nltk's time limit.
    """
    if unit not in ("sentence", "paragraph"):
        raise CorpusError("F108", unit=unit)
    if paragraphs not in _PARAGRAPH_BREAK:
        raise CorpusError("F109", rule=paragraphs)
    docs = [corpus] if isinstance(corpus, Document) else list(corpus)
    abbrevs = load_abbreviations() if abbreviations is None else frozenset(a.lower().rstrip(".") for a in abbreviations)
    out: list[Passage] = []
    for doc in docs:
        pid = 0
        for par_id, (ps, pe) in enumerate(_paragraph_spans(doc, paragraphs)):
            if unit == "paragraph":
                spans = [(ps, pe)]
            else:
                where = f"document {doc.doc_id!r}, paragraph {par_id}"
                spans = [(ps + s, ps + e) for s, e in _sentence_spans(doc.text[ps:pe], abbrevs, where)]
            for s, e in spans:
                out.append(Passage(doc.doc_id, pid, s, e, doc.text[s:e], par_id))
                pid += 1
    return out
