"""The reporting clauses of attribution: a reporting verb's subject, the actor a pronoun refers to, the
person a colon introduces a quotation with (the ``reporting-verb``, ``pronoun`` and ``quote-introduced``
rules of :mod:`framing.actors.attribution`, whose docstring states them).

A :class:`Clause` is one decision: the speakers, the rule, and the span of evidence (``ev_start``,
``ev_end``; ``-1`` for none). Salient actors, the antecedents of pronouns, are ``(position, passage index,
actor)`` triples.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..passages import Passage
from .quotes import Quote, inside
from .registry import ActorRegistry, Mention

__all__ = ["Clause", "Recent", "can_be_subject", "coordinated", "introducer", "reporting_clause", "resolve_pronoun"]

_PREPOSITIONS = frozenset(
    "of in into by with to for from on at about against between over under toward towards upon within after "
    "before since including than like among across through via per amid despite behind beyond near onto "
    "versus vs without".split()
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


class Recent:
    """Salient actors before a position: earlier passages' (sorted by position) and this passage's own."""

    def __init__(self, earlier: list[tuple[int, int, str]], here: list[tuple[int, int, str]]) -> None:
        self.earlier, self.here = earlier, here

    def before(self, pos: int, first_passage: int) -> list[tuple[int, int, str]]:
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
    verb_re: re.Pattern[str],
    salient: list[tuple[int, int, str]],
    registry: ActorRegistry,
    carryover_scope: int,
) -> Clause | None:
    """The reporting clause of passage ``p`` (index ``i``): the first reporting verb outside quotes whose
    subject, the first mention or pronoun before it, is an actor (``reporting-verb``) or a pronoun that
    resolves (``pronoun``); or, right after a quotation, the mention right after the verb; ``None`` when none."""
    free = [m for m in mentions if not inside(m.start, qspans)]
    here = [(m.start, i, m.actor) for m in free]
    for v in verb_re.finditer(p.text):
        vs, ve = v.start() + p.start, v.end() + p.start
        if inside(vs, qspans):
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
        if candidates:
            start, end, mention = candidates[0]
            if mention is not None:
                speakers = coordinated(p, mention, free, vs)
                return Clause(tuple(speakers), "reporting-verb", start, ve)
            pronoun = p.text[start - p.start : end - p.start].lower()
            actors = resolve_pronoun(pronoun, start, i, Recent(salient, here), registry, carryover_scope)
            if actors:
                return Clause(actors, "pronoun", start, ve, f"{pronoun!r} refers to {', '.join(actors)}")
            continue
        # inverted order only right after a quotation: '"…," said President of Ukraine Volodymyr Zelenskyi'
        closing = [e for s, e in qspans if p.start <= e <= vs]
        right_after_quote = bool(closing) and not p.text[max(closing) - p.start : vs - p.start].strip(" ,;:—–-")
        after = [m for m in free if m.start >= ve and not p.text[ve - p.start : m.start - p.start].strip()]
        if after and right_after_quote:
            return Clause((after[0].actor,), "reporting-verb", vs, after[0].end, "speaker after the verb")
    return None


def can_be_subject(p: Passage, m: Mention) -> bool:
    """Can mention ``m`` be a verb's subject: not a possessive, not the object of a preposition?"""
    rel_end = m.end - p.start
    if re.match(r"['’]s?(?!\w)", p.text[rel_end:]):
        return False  # possessive: Russia's invasion
    words = [w.lower() for w in _WORD.findall(p.text[: m.start - p.start])]
    while words and words[-1] in _DETERMINERS:
        words.pop()
    return not (words and words[-1] in _PREPOSITIONS)


def coordinated(p: Passage, first: Mention, free: list[Mention], verb_start: int) -> list[str]:
    """The subject ``first`` and the co-speakers joined to it (``and``, ``along with``, …) before the verb."""
    speakers = [first.actor]
    prev = first
    for m in free:
        if m.start < prev.end or m.start >= verb_start:
            continue
        gap = " ".join(p.text[prev.end - p.start : m.start - p.start].split())
        if gap not in _COORDINATION:
            break
        if m.actor not in speakers:
            speakers.append(m.actor)
        prev = m
    return speakers


def resolve_pronoun(
    pronoun: str, pos: int, i: int, salient: Recent, registry: ActorRegistry, carryover_scope: int
) -> tuple[str, ...]:
    """The actor(s) a subject pronoun refers to (see the module docstring), or ``()``."""
    recent = salient.before(pos, i - carryover_scope)
    if pronoun == "they" and recent:
        # plural: the persons mentioned together in the latest passage that mentions two or more of them
        for si in sorted({si for _, si, _ in recent}, reverse=True):
            persons = [a for _, s2, a in recent if s2 == si and getattr(registry.actors.get(a), "kind", "") == "person"]
            if len(set(persons)) >= 2:
                return tuple(dict.fromkeys(persons))
            if persons:
                break
    for _, _, actor in reversed(recent):
        a = registry.actors.get(actor)
        if a is None:
            continue
        if pronoun == "they":
            if a.kind != "person":
                return (actor,)
        elif a.kind == "person" and a.pronoun in (None, pronoun):
            return (actor,)
    return ()


def introducer(
    q: Quote,
    passages: list[Passage],
    index: dict[int, int],
    salient: list[tuple[int, int, str]],
    registry: ActorRegistry,
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
    for spos, _, actor in reversed(Recent(salient, []).before(q.start, i - carryover_scope)):
        a = registry.actors.get(actor)
        if a is not None and a.kind == "person":
            return Clause(
                (actor,),
                "quote-introduced",
                spos,
                q.start,
                "quotation introduced by a colon: the most recent person mentioned",
            )
    return None
