"""Clean-up of read documents: site chrome, a leading dateline, transcript turn labels.

Nothing here alters a document's text: what is not the document's own prose is recorded as excluded spans
(``(start, end, reason)`` in :attr:`~framing.corpus.Document.excluded`), which the passage segmenter skips.

Site chrome and datelines
-------------------------
Scraped news carries lines that are not the article (``Select Language:``) and a leading dateline
(``Moscow:``). :class:`~framing.corpus.ChromeRules` recognises them; the spans are recorded in
:attr:`Document.excluded` (the text itself is never altered) and the passage segmenter skips them. The
dateline is kept as metadata (``meta["dateline"]``). The rules are:

* a **chrome line** is a whole line (ignoring surrounding white space) that matches one of
  :attr:`ChromeRules.line_patterns` (case-insensitive), anywhere in the document;
* a **dateline** is a short place name (one to three capitalised words, or an all-capitals name) followed
  by ``:``, ``—``, ``–`` or `` - `` at the very start of the first non-chrome line, optionally with a
  parenthesised agency (``MOSCOW (Reuters) -``).

Pass ``chrome=ChromeRules(...)`` to change them or ``chrome=None`` to switch them off. A transcript whose
first line is a turn such as ``Putin: Good afternoon`` looks like a dateline to this rule: read
transcripts with ``chrome=ChromeRules(dateline=None)``.

Transcript turns
----------------
:func:`mark_turns` marks ``Name:`` speaker-turn labels at paragraph starts (reason ``turn``).

Whether a plain document is a transcript (or an interview) is decided by :func:`detect_turns`, unless the
caller says so (``read_corpus(..., turns=True)`` or ``False``) or the document's metadata does
(``transcript``). The rule, :data:`MIN_TURNS` and :data:`NOT_SPEAKERS` are in its docstring;
:func:`read_turns` applies it and records the decision as metadata (``transcript``,
``transcript_reason``).
"""

from __future__ import annotations

import re

from .model import ChromeRules, Document

__all__ = [
    "CHROME_MAX_CHARS",
    "LONG_TURN_WORDS",
    "MIN_TURNS",
    "NOT_SPEAKERS",
    "TRANSCRIPT_FIELDS",
    "TURN_LABEL",
    "TURN_SENTENCE_CHARS",
    "detect_turns",
    "find_chrome",
    "mark_transcript",
    "mark_turns",
    "stated_transcript",
]

#: A speaker-turn label at the start of a paragraph of a transcript: a name, title or role ("Question"),
#: then ':' (kremlin.ru's labels sometimes have a space before it). A label has at most
#: TURN_LABEL_MAX_WORDS words (kremlin.ru repeats names and titles: "Rosneft CEO and Chairman of The
#: Management Board Igor Sechin Sechin IgorRosneft CEO, Chairman of the Management Board" has 19), no
#: sentence end, and every word in lower case is a connector of names and titles (TURN_LABEL_CONNECTORS)
#: unless the label ends in a capitalised name; so "There is another issue that I will report on in
#: writing:" is not a label.
TURN_LABEL = re.compile(r"(?P<label>[^\W\d_](?:(?![.!?]\s)[^\n:]){0,250}?)\s*:[ \t]+(?=\S)")
TURN_LABEL_MAX_WORDS = 30
TURN_LABEL_CONNECTORS = frozenset(
    "of the and for on in at to de da di du des del la le van von der den zu y e ibn bin al el".split()
)


def _is_turn_label(label: str) -> bool:
    """A label is capitalised words and connectors, or a description ending in a capitalised name
    ("Direct line programme host Kirill Kleymenov"); parenthesised notes ("(retranslated)") are ignored."""
    words = re.findall(r"[^\W\d_][\w'’-]*", re.sub(r"\([^)]*\)", " ", label))
    if not 0 < len(words) <= TURN_LABEL_MAX_WORDS or not words[0][0].isupper():
        return False
    if all(w[0].isupper() or w.casefold() in TURN_LABEL_CONNECTORS for w in words):
        return True
    return len(words) >= 3 and words[-1][0].isupper() and words[-2][0].isupper()


#: Longest line (characters, stripped) tested against the chrome patterns, and the longest stretch at the
#: start of the first line searched for a dateline. Chrome and datelines are short; the bound keeps a
#: scraped "document" that is one 50 MB line from costing seconds in the regex engine.
CHROME_MAX_CHARS = 1000


def find_chrome(text: str, rules: ChromeRules | None) -> tuple[tuple[tuple[int, int, str], ...], dict]:
    if rules is None:
        return (), {}
    line_re, date_re = rules.compiled()
    excluded: list[tuple[int, int, str]] = []
    meta: dict[str, str] = {}
    first_content_seen = False
    for m in re.finditer(r"[^\r\n]+", text):
        line = m.group()
        stripped = line.strip()
        if not stripped:
            continue
        lead = len(line) - len(line.lstrip())
        start, end = m.start() + lead, m.start() + lead + len(stripped)
        if line_re is not None and len(stripped) <= CHROME_MAX_CHARS and line_re.match(stripped):
            excluded.append((start, end, "chrome"))
            continue
        if not first_content_seen:
            first_content_seen = True
            if date_re is not None:
                d = date_re.match(text, start, min(end, start + CHROME_MAX_CHARS))
                if d is not None:
                    excluded.append((start, d.end(), "dateline"))
                    meta["dateline"] = d.group("dateline")
                    if d.groupdict().get("agency"):
                        meta["agency"] = d.group("agency")
    return tuple(excluded), meta


def _labels(doc: Document, cut: list[tuple[int, int, str]]):
    """The ``Name:`` labels at paragraph starts of ``doc`` outside the spans ``cut``: ``(start, end, label)``."""
    text, line = doc.text, 0
    while line >= 0:  # line starts found with str.find: one 50 MB line costs no regex scan
        m = _PARAGRAPH_START.match(text, line)
        line = text.find("\n", line)
        line = line + 1 if line >= 0 else -1
        if m is None or any(s <= m.end() < e for s, e, _ in cut):
            continue
        t = TURN_LABEL.match(text, m.end())
        if t is not None and _is_turn_label(t.group("label")):
            yield t.start(), t.end(), t.group("label")


#: The start of a paragraph's text: after a line break and the spaces or tabs that indent it.
_PARAGRAPH_START = re.compile(r"[ \t]*(?=\S)")


def mark_turns(doc: Document) -> Document:
    """Mark ``Name:`` speaker-turn labels at paragraph starts as excluded spans with reason ``turn``.

    For transcripts (press conferences, interviews): the label is kept out of passages and the attribution
    step gives the paragraphs up to the next label to the labelled speaker. Which documents are
    transcripts is the caller's knowledge (``read_corpus(..., turns=True)``, or the corpus reader), or
    :func:`detect_turns`'s guess (:func:`mark_transcript`).

    A label is a name, title or role at the start of a paragraph outside the spans already excluded, then
    ``:`` and more text on the line (:data:`TURN_LABEL`): at most :data:`TURN_LABEL_MAX_WORDS` words, no
    sentence end, capitalised words and connectors of names (or a description ending in a capitalised name).

    Parameters
    ----------
    doc : Document
        The document; its text is not changed.

    Returns
    -------
    Document
        ``doc`` itself when it has no label, else a copy whose ``excluded`` also holds a ``(start, end,
        "turn")`` span per label (the label, its colon and the white space after it), sorted.
    """
    spans = [(start, end, "turn") for start, end, _ in _labels(doc, sorted(doc.excluded))]
    if not spans:
        return doc
    return Document(doc.doc_id, doc.text, doc.meta, tuple(sorted((*doc.excluded, *spans))), doc.source)


#: Fewest paragraphs that must start with a speaker label (and hold a sentence) for :func:`detect_turns` to
#: call a document a transcript. One is not enough: a news item may set one quotation as "Putin: ...". Two
#: labelled turns are what the shortest kremlin.ru exchanges have ("President of Russia Vladimir Putin:"
#: then "Vladimir Putin:", the same man named twice); the kremlin.ru measurement in the README is the
#: evidence for it (not tuned: it is the smallest number that is more than one).
MIN_TURNS = 2

#: Labels that head a line of news or a form, not a speaker ("Note:", "Update:", "Photo:"), compared with
#: the whole label, case-folded; with the digit rule of :func:`detect_turns` they keep notes, datelines
#: ("Moscow, May 5:") and forms ("Date: 5 May") from counting as turns.
NOT_SPEAKERS = frozenset(
    {
        "abstract", "address", "agenda", "analysis", "also", "attention", "background", "breaking", "by",
        "caption", "category", "cc", "chart", "clarification", "contact", "context", "correction", "credit",
        "credits", "date", "dateline", "details", "disclaimer", "download", "editor's note", "editors' note",
        "editor’s note", "email", "e-mail", "example", "exclusive", "fax", "figure", "flashback", "from",
        "full text", "headline", "image", "keywords", "last updated", "link", "links", "listen", "location",
        "map", "more", "n.b", "nb", "note", "notes", "opinion", "p.s", "ps", "phone", "photo", "photo credit",
        "photos", "picture", "place", "posted", "price", "published", "re", "read", "read more", "reference",
        "references", "related", "see", "see also", "sent", "share", "source", "sources", "subject",
        "summary", "table", "tags", "tel", "time", "title", "to", "topics", "update", "updated", "url",
        "venue", "via", "video", "warning", "watch", "web", "website",
    }
)  # fmt: skip
_MONTHS = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)
#: A numbered speaker of an automatic transcript ("Speaker 1", "Participant 12"): the one label with a digit.
_NUMBERED_SPEAKER = re.compile(r"[^\W\d_]+ \d{1,3}")
#: A sentence end in a turn: the turn is speech, not a "Labour: 45 seats" row of a table. It is searched
#: in the turn's first TURN_SENTENCE_CHARS characters (to the next label): kremlin.ru's first turns often
#: end their first line with a salutation ("Good afternoon, colleagues,") and the speech follows.
_SENTENCE_END = re.compile(r"[.!?…](?=[\"'”’»)\]]*(?:\s|\Z))")
TURN_SENTENCE_CHARS = 1000
#: Words the longest turn must have (of its first TURN_SENTENCE_CHARS characters): a list of appointments
#: ("Minister of Defence: Sergei Shoigu.") has labels and sentence ends but no speech, its entries a name of
#: two to five words; six words make the shortest sentence of an answer ("A ceasefire, first of all. Then
#: negotiations.").
LONG_TURN_WORDS = 6


def _speaker_label(label: str) -> bool:
    """A turn label that can name a speaker: not a heading of :data:`NOT_SPEAKERS`, and no digit unless it
    is a numbered speaker that is not a date ("Speaker 2", not "May 5")."""
    name = " ".join(label.split()).rstrip(".").casefold()
    if name in NOT_SPEAKERS:
        return False
    if any(c.isdigit() for c in name):
        return _NUMBERED_SPEAKER.fullmatch(name) is not None and name.split()[0] not in _MONTHS
    return True


def detect_turns(doc: Document) -> tuple[bool, str]:
    """Whether a plain document is a transcript or an interview, and why.

    The rule: at least :data:`MIN_TURNS` paragraphs start with a speaker label and hold a sentence. A
    speaker label is a turn label as :func:`mark_turns` marks it (``Name:``, ``Question:``, ``Q:``,
    ``INTERVIEWER:``; see :data:`TURN_LABEL`), except headings of news and forms (:data:`NOT_SPEAKERS`:
    ``Note:``, ``Update:``, ``Photo:``) and labels with a digit (``Moscow, May 5:``) other than numbered
    speakers (``Speaker 2:``); a turn holds a sentence when a sentence end (``.``, ``!``, ``?`` or ``…``
    before a space or the end) follows its label before the next label, within
    :data:`TURN_SENTENCE_CHARS` characters, so rows of a table (``Labour: 45 seats``) are not turns; and the
    longest turn must have :data:`LONG_TURN_WORDS` words, so a list (``Minister of Defence: Sergei
    Shoigu.``) is not a transcript. Colons inside a sentence ("The message reads, in part: ...") are never
    labels. A leading dateline (``Moscow:``) is tested as a label too: in a transcript it is the first speaker.

    Parameters
    ----------
    doc : Document
        The document (its ``excluded`` spans other than a dateline and turns already marked are skipped).

    Returns
    -------
    (bool, str)
        The decision and its reason, e.g. ``"12 paragraphs start with a speaker label (5 distinct labels)"``
        or ``"1 paragraph starts with a speaker label (2 needed)"``.
    """
    cut = sorted(span for span in doc.excluded if span[2] not in ("dateline", "turn"))
    labels = list(_labels(doc, cut))
    ends = [start for start, _, _ in labels[1:]] + [len(doc.text)] * bool(labels)
    turns, longest = [], 0
    for (_, end, label), next_label in zip(labels, ends, strict=True):
        stop = min(next_label, end + TURN_SENTENCE_CHARS)
        if _speaker_label(label) and _SENTENCE_END.search(doc.text, end, stop):
            turns.append(" ".join(label.split()))
            longest = max(longest, len(doc.text[end:stop].split()))
    n, distinct = len(turns), len(set(turns))
    counted = f"{n} paragraph{'s start' if n != 1 else ' starts'} with a speaker label"
    if n < MIN_TURNS:
        return False, f"{counted} ({MIN_TURNS} needed)"
    if longest < LONG_TURN_WORDS:
        return False, f"{counted}, but no turn has {LONG_TURN_WORDS} words (a list, not speech)"
    return True, f"{counted} ({distinct} distinct label{'s' if distinct != 1 else ''})"


#: The metadata fields :func:`mark_transcript` gives a detected transcript.
TRANSCRIPT_FIELDS = ("transcript", "transcript_reason")


def stated_transcript(value: object) -> bool:
    """A ``transcript`` metadata value as a decision: ``True``, or text ``true``/``yes``/``1`` (any case)."""
    return value is True or (isinstance(value, str | int) and str(value).strip().casefold() in ("true", "yes", "1"))


def mark_transcript(doc: Document) -> Document:
    """Mark the turns of ``doc`` if it is a transcript: as its metadata says (``transcript``), else as
    :func:`detect_turns` decides.

    A document detected as a transcript gets metadata ``transcript: True`` and ``transcript_reason``; one
    that is not gets neither (its reason is :func:`detect_turns`'s). A transcript's leading dateline (a span
    ``dateline`` and metadata ``dateline``, ``agency``) is dropped: its first line ``Name: text`` is a turn.

    Parameters
    ----------
    doc : Document
        The document as read (chrome and dateline marked).

    Returns
    -------
    Document
        ``doc`` itself when it is not a transcript, else a copy with its turns marked (:func:`mark_turns`).
    """
    meta = dict(doc.meta)
    if "transcript" in meta:
        if not stated_transcript(meta["transcript"]):
            return doc
    else:
        found, reason = detect_turns(doc)
        if not found:
            return doc
        meta.update(transcript=True, transcript_reason=reason)
    excluded = doc.excluded
    datelines = [(s, e) for s, e, why in excluded if why == "dateline"]
    if datelines:
        excluded = tuple(span for span in excluded if span[2] != "dateline")
        if str(meta.get("dateline", "\0")) in doc.text[datelines[0][0] : datelines[0][1]]:
            meta.pop("dateline", None)
            meta.pop("agency", None)
    return mark_turns(Document(doc.doc_id, doc.text, meta, excluded, doc.source))
