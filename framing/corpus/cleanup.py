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
"""

from __future__ import annotations

import re

from .model import ChromeRules, Document

__all__ = ["CHROME_MAX_CHARS", "TURN_LABEL", "find_chrome", "mark_turns"]

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


def mark_turns(doc: Document) -> Document:
    """Mark ``Name:`` speaker-turn labels at paragraph starts as excluded spans with reason ``turn``.

    For transcripts (press conferences, interviews): the label is kept out of passages and the attribution
    step gives the paragraphs up to the next label to the labelled speaker. Which documents are
    transcripts is the caller's knowledge (``read_corpus(..., turns=True)``, or the corpus reader).

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
    cut = sorted(doc.excluded)
    spans = []
    for m in re.finditer(r"(?:^|(?<=\n))[ \t]*(?=\S)", doc.text):
        start = m.end()
        if any(s <= start < e for s, e, _ in cut):
            continue
        t = TURN_LABEL.match(doc.text, start)
        if t is not None and _is_turn_label(t.group("label")):
            spans.append((t.start(), t.end(), "turn"))
    if not spans:
        return doc
    return Document(doc.doc_id, doc.text, doc.meta, tuple(sorted((*doc.excluded, *spans))), doc.source)
