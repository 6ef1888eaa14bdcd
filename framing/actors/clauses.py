"""The reporting clauses of attribution: a reporting verb's subject, the actor a pronoun refers to, the
person a colon introduces a quotation with (the ``reporting-verb``, ``pronoun`` and ``quote-introduced``
rules of :mod:`framing.actors.attribution`, whose docstring states them).

A :class:`Clause` is one decision: the speakers, the rule, and the span of evidence (``ev_start``,
``ev_end``; ``-1`` for none). Salient actors, the antecedents of pronouns, are ``(position, passage index,
actor, can be subject)`` tuples.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ..passages import Passage
from .names import TITLE_GAP, UNNAMED, Cast
from .quotes import Quote, inside
from .registry import Mention
from .search import WordFinder

__all__ = [
    "Clause",
    "Recent",
    "according_to",
    "can_be_subject",
    "coordinated",
    "description_after",
    "description_before",
    "introducer",
    "reporting_clause",
    "resolve_pronoun",
    "verb_position",
]

_PREPOSITIONS = frozenset(
    "of in into by with to for from on at about against between over under toward towards upon within after "
    "before since including than like among across through via per amid despite behind beyond near onto "
    "versus vs without during following throughout unlike around inside outside beside along".split()
)
_DETERMINERS = frozenset("the a an this that these those its their his her our your my some".split())
_COORDINATION = frozenset(
    {
        ",",
        "and",
        ", and",
        "along with",
        ", along with",
        "together with",
        ", together with",
        "as well as",
        ", as well as",
        "alongside",
        ", alongside",
    }
)
_PRONOUNS = {"he": "he", "she": "she", "they": "they"}
_WORD = re.compile(r"\w+")
#: Words before a reporting verb that make it a noun ("his statement", "the claims", "several states").
_NOUN_BEFORE = _DETERMINERS | frozenset("a an many several all both two three four few no any each every".split())
#: Reporting-verb forms that are also common nouns ("a phone call", "their claims", "his views").
_NOUN_FORMS = frozenset(
    """call calls claim claims view views comment comments note notes demand demands promise promises appeal
    appeals label labels frame frames outline outlines states statement remarks remark reply replies
    warning warnings welcome threat threats praise blame report reports tweet tweets""".split()
)
#: Participles that name rather than report after a noun ("a move called the boneless").
_NAMING = frozenset("called labeled labelled dubbed termed described named".split())
#: Words before a reporting verb that make it passive ("was confirmed", "is expected"): no speaker.
_PASSIVE_BEFORE = frozenset("was were been being be is are am".split())
#: Auxiliaries and adverbs between a subject and its reporting verb ("officials have repeatedly said").
_BETWEEN = frozenset(
    """has have had also later previously would will repeatedly publicly privately recently reportedly did
    does do often then again once further simply just never always earlier quickly flatly bluntly
    separately subsequently initially originally frequently has since could might may should""".split()
)
#: Words before a verb form that leave it a verb ("has called", "he called").
_VERB_NEIGHBOURS = _BETWEEN | frozenset(_PRONOUNS)
#: Nouns that are not speakers when they stand right before a reporting verb.
_NOT_SOURCE = frozenset(
    """that this it which who what there here having being when where while as than if because so and or but
    also not one ones thing things something nothing anything everything time times day days year years
    week weeks""".split()
)


class Recent:
    """Salient actors before a position: earlier passages' (sorted by position) and this passage's own."""

    def __init__(self, earlier: list[tuple[int, int, str, bool]], here: list[tuple[int, int, str, bool]]) -> None:
        self.earlier, self.here = earlier, here

    def before(self, pos: int, first_passage: int) -> list[tuple[int, int, str, bool]]:
        """Entries before ``pos`` from passage ``first_passage`` on, oldest first (walks back, stops early)."""
        out = [e for e in self.here if e[0] < pos]
        for e in reversed(self.earlier):
            if e[1] < first_passage:
                break
            if e[0] < pos:
                out.append(e)
        return sorted(out)


# ------------------------------------------------------------------------------------------- attribution
@dataclass(frozen=True)
class Clause:
    """One attribution decision: ``speakers``, the ``rule`` that chose them, the evidence span (``ev_start``,
    ``ev_end``; ``-1`` when there is none) and a ``note`` for :meth:`~framing.actors.Attribution.explain`."""

    speakers: tuple[str, ...]
    rule: str
    ev_start: int
    ev_end: int
    note: str = ""


def reporting_clause(
    p: Passage,
    i: int,
    mentions: list[Mention],
    qspans: list[tuple[int, int]],
    verb_re: WordFinder,
    salient: list[tuple[int, int, str, bool]],
    cast: Cast,
    carryover_scope: int,
    names: Sequence[Mention] = (),
) -> Clause | None:
    """The reporting clause of passage ``p`` (index ``i``): the first reporting verb outside quotes, in verb
    position, whose subject, the first mention, open-world name or pronoun before it, is an actor
    (``reporting-verb``), a pronoun that resolves (``pronoun``) or an unnamed description (``officials said``:
    ``reporting-verb``, its affiliation or :data:`~framing.actors.names.UNNAMED`); or, right after a
    quotation, the mention or name right after the verb; or the source after ``according to``; ``None``
    when none."""
    free = [m for m in (*mentions, *names) if not inside(m.start, qspans)]
    free.sort(key=lambda m: m.start)
    here = [(m.start, i, m.actor, can_be_subject(p, m)) for m in free]
    for v in verb_re.finditer(p.text):
        vs, ve = v.start() + p.start, v.end() + p.start
        if inside(vs, qspans) or not verb_position(p, v.start(), v.end(), free):
            continue
        candidates: list[tuple[int, int, Mention | None]] = []
        for m in free:
            if m.end <= vs and can_be_subject(p, m):
                candidates.append((m.start, m.end, m))
        for w in _WORD.finditer(p.text):
            ws = w.start() + p.start
            if ws >= vs:
                break
            if w.group().lower() in _PRONOUNS and not inside(ws, qspans):
                candidates.append((ws, w.end() + p.start, None))
        candidates.sort(key=lambda c: c[0])
        # the verb of a subordinate clause has the clause's own subject: "Schilling did not back down, even as
        # advocates … called for his dismissal" → not Schilling
        candidates = [c for c in candidates if not _SUBORDINATE.search(p.text[c[1] - p.start : vs - p.start])]
        # a quotation closing before the verb starts its clause: '"Clinton is …," Pence said' → Pence; so
        # does the comma after an introductory phrase: "As Freddy stumbled, Mr. Trump said" → Trump
        boundary = max((e for s, e in qspans if p.start <= e <= vs), default=-1)
        boundary = max(boundary, _after_introduction(p, max(boundary, p.start), vs))
        if any(c[0] >= boundary for c in candidates):
            candidates = [c for c in candidates if c[0] >= boundary]
        candidates = _apposition_first(p, _heads_only(p, candidates), vs)
        if candidates:
            start, end, mention = candidates[0]
            if mention is not None:
                speakers = coordinated(p, mention, free, vs)
                return Clause(tuple(speakers), "reporting-verb", start, ve)
            pronoun = p.text[start - p.start : end - p.start].lower()
            actors = resolve_pronoun(pronoun, start, i, Recent(salient, here), cast, carryover_scope)
            if actors:
                return Clause(actors, "pronoun", start, ve, f"{pronoun!r} refers to {', '.join(actors)}")
            continue
        # inverted order only right after a quotation: '"…," said President of Ukraine Volodymyr Zelenskyi'
        closing = [e for s, e in qspans if p.start <= e <= vs]
        right_after_quote = bool(closing) and not p.text[max(closing) - p.start : vs - p.start].strip(" ,;:—–-")
        after = [m for m in free if m.start >= ve and _titles_only(p.text[ve - p.start : m.start - p.start])]
        if after and right_after_quote:
            return Clause((after[0].actor,), "reporting-verb", vs, after[0].end, "speaker after the verb")
        described = description_before(p, v.start(), mentions)
        if described is None and right_after_quote:
            described = description_after(p, v.end(), mentions)
        if described is not None:
            who, ds, de = described
            return Clause((who,), "reporting-verb", min(ds, vs), max(de, ve), "an unnamed source")
    return according_to(p, free, qspans, mentions)


#: A comma and a subordinating word between a subject candidate and the verb: the verb is not its verb.
_SUBORDINATE = re.compile(
    r",\s*(?:even\s+|just\s+)?(?:as|while|when|after|because|since|although|though|whereas|until|before|"
    r"whereupon)\s"
)
#: Words that open an introductory phrase or clause before a sentence's subject.
_INTRODUCERS = frozenset(
    """as when while after before although though if because since once until during in at on following despite
    amid asked speaking months days weeks hours years earlier later last meanwhile unlike like with without
    by for from under according""".split()
)


def _after_introduction(p: Passage, start: int, vs: int) -> int:
    """The offset after the comma that ends an introductory phrase (``As Freddy stumbled,``, ``During the
    Miami debate,``) between ``start`` and the verb at ``vs``; -1 when there is none."""
    head = p.text[start - p.start : vs - p.start]
    lead = re.match(r"[\s\"“”'‘’]*(\w+)(\s+by\b)?", head)
    if lead is None or (lead.group(1).lower() not in _INTRODUCERS and not lead.group(2)):
        return -1  # not "As …," "During …," or a participle with its agent ("Pressed by Mr. Stephanopoulos,")
    comma = head.find(",")
    return start + comma + 1 if comma >= 0 else -1


def _heads_only(p: Passage, candidates: list[tuple[int, int, Mention | None]]) -> list[tuple[int, int, Mention | None]]:
    """Candidates without those that only modify the next one: "Kremlin adviser Jane Roe said" → Jane Roe."""
    out: list[tuple[int, int, Mention | None]] = []
    for c, nxt in zip(candidates, [*candidates[1:], None], strict=False):
        gap = p.text[c[1] - p.start : nxt[0] - p.start] if nxt is not None else ""
        if not (nxt is not None and c[2] is not None and nxt[2] is not None and TITLE_GAP.fullmatch(gap)):
            out.append(c)
    return out


def _apposition_first(
    p: Passage, candidates: list[tuple[int, int, Mention | None]], vs: int
) -> list[tuple[int, int, Mention | None]]:
    """A name set off by commas right before the verb, after a description, is the subject: "the
    presumptive GOP nominee, Donald Trump, tweeted" → Trump (but "Ben Rhodes, an Obama adviser, said" keeps
    Ben Rhodes: the part between the commas starts with a determiner)."""
    last = [c for c in candidates if c[2] is not None and c[1] <= vs]
    if len(candidates) < 2 or not last:
        return candidates
    s, e, _ = last[-1]
    before, after = p.text[: s - p.start], p.text[e - p.start : vs - p.start]
    if re.fullmatch(r"\s*,\s*", after) and re.search(r"[a-z]\s*,\s*$", before) and s != candidates[0][0]:
        return [last[-1]]
    return candidates


def _titles_only(gap: str) -> bool:
    """Is ``gap`` (between a verb and a name) empty or only capitalised titles (``said Sen. Maria Cantwell``)?"""
    return not gap.strip() or bool(re.fullmatch(r"\s*(?:[A-Z][\w.]*\s+)+", gap))


_ACCORDING = re.compile(r"\b[Aa]ccording to\s+")


def according_to(
    p: Passage, free: list[Mention], qspans: list[tuple[int, int]], mentions: list[Mention]
) -> Clause | None:
    """``according to X``: X (a mention or name right after it, else an unnamed description) speaks."""
    for a in _ACCORDING.finditer(p.text):
        s, e = a.start() + p.start, a.end() + p.start
        if inside(s, qspans):
            continue
        nxt = re.match(r"(?:(?:the|a|an|his|her|their|its|one|two|some|several)\s+)?", p.text[a.end() :])
        skip = e + (nxt.end() if nxt else 0)
        m = next(
            (
                m
                for m in free
                if e <= m.start <= skip + 40 and not p.text[skip - p.start : m.start - p.start].count(",")
            ),
            None,
        )
        if m is not None:
            return Clause((m.actor,), "reporting-verb", s, m.end, "according to")
        word = re.match(r"[a-z][\w-]*(?:\s+[a-z][\w-]*){0,3}", p.text[skip - p.start :])
        if word and word.group().split()[0] not in _NOT_SOURCE:
            return Clause((UNNAMED,), "reporting-verb", s, skip + word.end(), "according to an unnamed source")
    return None


def verb_position(p: Passage, rs: int, re_: int, free: list[Mention]) -> bool:
    """Is the reporting-verb hit at ``p.text[rs:re_]`` a verb: not inside an actor's name, not a noun after a
    determiner (``his statement``, ``several states``), not a passive (``was confirmed``, ``described by``)?"""
    s = rs + p.start
    if any(m.start <= s < m.end for m in free):
        return False
    before = _WORD.findall(p.text[max(0, rs - 30) : rs])
    if re.search(r"[,;:\"“”«»()—–]\s*$", p.text[max(0, rs - 30) : rs]):
        before = []  # a quotation or punctuation right before: '"No," said Jane Roe'
    if before:
        prev = before[-1].lower()
        if prev in _NOUN_BEFORE or prev in _PASSIVE_BEFORE:
            return False
        form = p.text[rs:re_].lower()
        named = before[-1].islower() and prev[-1] != "s"
        if form in _NAMING and named and prev not in _VERB_NEIGHBOURS:
            return False  # "a move called the boneless", "elected officials, called superdelegates"
        if form in _NOUN_FORMS and before[-1].islower() and prev not in _VERB_NEIGHBOURS:
            return False  # "a phone call", "her comments": a noun unless a name, pronoun or adverb precedes
        if prev in ("not", "never", "also", "repeatedly") and len(before) > 1 and before[-2].lower() in _PASSIVE_BEFORE:
            return False
    after = p.text[re_ : re_ + 4]
    return not re.match(r"\s+by\b", after)


def description_before(p: Passage, rs: int, mentions: list[Mention]) -> tuple[str, int, int] | None:
    """An unnamed source right before a reporting verb (``officials said``, ``a senior State Department
    official said``): the registry actor named inside the noun phrase, else UNNAMED; ``None`` when the word
    before the verb (auxiliaries and adverbs skipped) is not a noun."""
    words = list(re.finditer(r"[\w'’-]+|[,;:()\"“”]", p.text[:rs]))
    j = len(words) - 1
    while j >= 0 and words[j].group().lower() in _BETWEEN:
        j -= 1
    if j < 0:
        return None
    head = words[j].group()
    low = head.lower()
    opens = j == 0 or not words[j - 1].group()[0].isalnum()  # "Officials said", '"…," Officials said'
    if not head.isalpha() or not (head.islower() or (opens and head[1:].islower())):
        return None
    if low in _NOT_SOURCE or low.endswith("ly") or low in _DETERMINERS or low in _PRONOUNS:
        return None
    if low in _PREPOSITIONS or low in _COORD_WORDS:
        return None
    k = j
    while k > 0 and words[k - 1].group()[0].isalnum() and words[k - 1].group().lower() not in _NP_EDGE:
        k -= 1
        if words[k].group().lower() in _DETERMINERS:
            break
    ds, de = words[k].start() + p.start, words[j].end() + p.start
    inner = [m for m in mentions if ds <= m.start and m.end <= de]
    return (inner[-1].actor if inner else UNNAMED), ds, de


_COORD_WORDS = frozenset("and or but nor".split())
_VERBISH = frozenset("is are was were be been has have had said says do does did".split())
#: Words that end a noun phrase on its left (a description's start).
_NP_EDGE = _PREPOSITIONS | _VERBISH


def description_after(p: Passage, re_: int, mentions: list[Mention]) -> tuple[str, int, int] | None:
    """An unnamed source right after a reporting verb that follows a quotation (``"…," said a spokesman for
    the Kremlin``): the registry actor in the next words, else UNNAMED."""
    m = re.match(r"\s+((?:the|a|an|one|two|several|some)\s+(?:[\w'’-]+\s+){0,4}?[\w'’-]+)", p.text[re_:])
    if m is None:
        return None
    ds, de = re_ + m.start(1) + p.start, re_ + m.end(1) + p.start
    tail = p.text[de - p.start : de - p.start + 60]
    ext = re.match(r"(?:\s+(?:for|of|at|with)\s+(?:the\s+)?[\w'’. -]{1,40}?)(?=[,.;]|$)", tail)
    if ext:
        de += ext.end()
    inner = [x for x in mentions if ds <= x.start and x.end <= de]
    return (inner[0].actor if inner else UNNAMED), ds, de


def can_be_subject(p: Passage, m: Mention) -> bool:
    """Can mention ``m`` be a verb's subject: not a possessive, not the object of a preposition?"""
    rel_end = m.end - p.start
    if re.match(r"['’]s?(?!\w)", p.text[rel_end:]):
        return False  # possessive: Russia's invasion
    before = p.text[: m.start - p.start]
    if _CLAUSE_EDGE.search(before):
        return True  # a quotation or punctuation ends what came before: '"We will go on," Zelensky said'
    words = [w.lower() for w in _WORD.findall(before)]
    while words and words[-1] in _DETERMINERS:
        words.pop()
    return not (words and words[-1] in _PREPOSITIONS)


#: Punctuation right before a mention (its determiners aside) that cuts it off from a preposition before it.
_CLAUSE_EDGE = re.compile(r"[,;:\"“”«»()—–]\s*(?:(?:the|The|a|A|an|An)\s+)?$")


def coordinated(p: Passage, first: Mention, free: list[Mention], verb_start: int) -> list[str]:
    """The subject ``first`` and the co-speakers joined to it (``and``, ``along with``, …) before the verb."""
    speakers = [first.actor]
    prev = first
    for m in free:
        if m.start < prev.end or m.start >= verb_start or re.match(r"['’]s?(?!\w)", p.text[m.end - p.start :]):
            continue  # a possessive is no co-speaker: "Steffen Seibert, Ms. Merkel's spokesman, said"
        gap = " ".join(p.text[prev.end - p.start : m.start - p.start].split())
        if gap not in _COORDINATION:
            break
        if m.actor not in speakers:
            speakers.append(m.actor)
        prev = m
    return speakers


def resolve_pronoun(
    pronoun: str, pos: int, i: int, salient: Recent, cast: Cast, carryover_scope: int
) -> tuple[str, ...]:
    """The actor(s) a subject pronoun refers to (see the module docstring), or ``()``.

    Salience: the nearest passage (this one before the pronoun, then earlier ones) with a compatible actor
    decides, and in it the first compatible actor that can be a subject (not possessive, not after a
    preposition) wins over later ones (``Zelensky called on Trump to pressure Putin. He said`` → Zelensky);
    without one, the most recent compatible actor."""
    recent = salient.before(pos, i - carryover_scope)
    if pronoun == "they" and recent:
        # plural: the persons mentioned together in the latest passage that mentions two or more of them
        for si in sorted({e[1] for e in recent}, reverse=True):
            persons = [e[2] for e in recent if e[1] == si and getattr(cast.get(e[2]), "kind", "") == "person"]
            if len(set(persons)) >= 2:
                return tuple(dict.fromkeys(persons))
            if persons:
                break

    def fits(actor: str) -> bool:
        a = cast.get(actor)
        if a is None:
            return False
        if pronoun == "they":
            return a.kind != "person"
        return a.kind == "person" and a.pronoun in (None, pronoun)

    for si in sorted({e[1] for e in recent}, reverse=True):
        group = [e for e in recent if e[1] == si and fits(e[2])]
        if group:
            subjects = [e for e in group if e[3]]
            return ((subjects[0] if subjects else group[-1])[2],)
    return ()


def introducer(
    q: Quote,
    passages: list[Passage],
    index: dict[int, int],
    salient: list[tuple[int, int, str, bool]],
    cast: Cast,
    carryover_scope: int,
) -> Clause | None:
    """An unattributed quotation introduced by a colon ("The message reads, in part: “…”") belongs to
    the most recent person mentioned before it, within the carry-over scope."""
    i = index[q.passages[0]]
    p = passages[i]
    before = p.text[: q.start - p.start].rstrip()
    if not before and i > 0 and passages[i - 1].paragraph_id != p.paragraph_id:
        before = passages[i - 1].text.rstrip()
    if not before.endswith(":"):
        return None
    for spos, _, actor, _ in reversed(Recent(salient, []).before(q.start, i - carryover_scope)):
        a = cast.get(actor)
        if a is not None and a.kind == "person":
            return Clause(
                (actor,),
                "quote-introduced",
                spos,
                q.start,
                "quotation introduced by a colon: the most recent person mentioned",
            )
    return None
