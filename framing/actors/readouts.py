"""Readouts: official accounts of a conversation between named participants (the ``joint``, ``participant``,
``side``, ``readout-continuation`` and ``excerpt`` rules of :mod:`framing.actors.attribution`, whose
docstring states them).

A readout ("Vladimir Putin had a telephone conversation with President of Armenia Serzh Sargsyan. Both
sides stressed …") reports almost every sentence as speech in the conversation: joint positions ("The two
leaders agreed", "It was agreed to continue contacts") belong to all the participants, a participant's own
statement ("Mr Putin expressed his confidence …") to that participant.

* :func:`is_readout` detects the genre from the document's metadata: ``genre`` when given (``"readout"``
  or anything else, which switches the rules off), else the title (:data:`READOUT_TITLE`) or the lead's
  first sentence (:data:`READOUT_LEAD`).
* :func:`participants` finds who took part: the host (the actor the document's ``the President`` alias
  names, on kremlin.ru ``putin``, or the one the lead names first) and the counterparts named after
  "conversation(s) with" in the title or lead, resolved through the registry, else given the open-world id
  of their name (``registry.actor_for_label``).
* :func:`readout_clauses` gives each passage outside quotations its :class:`~framing.actors.clauses.Clause`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from ..passages import Passage
from .clauses import Clause
from .quotes import inside
from .registry import NARRATOR, ActorRegistry

__all__ = ["READOUT_LEAD", "READOUT_TITLE", "Participants", "is_readout", "participants", "readout_clauses"]

#: Titles of readouts on kremlin.ru ("Telephone conversation with …", "Joint statement …", "… communiqué") and
#: of the White House ("Readout of President … Call with …").
#: Not "Meeting with …": most such pages report a meeting with officials or a council, not talks between
#: two sides ("The participants discussed …" at the Security Council); a meeting between leaders is caught
#: by its lead ("X and Y held talks") or by metadata ``genre``.
READOUT_TITLE = re.compile(
    r"^(?:Telephone conversations? with|Joint statement|Readout of)\b|communiqu[eé]", re.IGNORECASE
)  # "Readout of …": the White House's; a news lead "X spoke with Y" is not enough to make a readout
#: A lead (or first sentence) that opens a readout: "X had a telephone conversation with Y", "X and Y held
#: talks".
READOUT_LEAD = re.compile(
    r"\b(?:had|held) (?:a |their )?telephone conversations? with\b|\bIn a telephone conversation\b"
    r"|\band\b.+\b(?:held talks|had a telephone conversation)\b"
)

#: Verbs of speech and stance that carry a position in a readout (past forms, and the present "share").
_VERBS = (
    "discussed discuss agreed exchanged congratulated thanked expressed noted stressed emphasised emphasized "
    "reaffirmed confirmed affirmed welcomed called urged said told briefed updated informed offered invited "
    "reiterated wished shared share extended spoke praised mentioned covered touched reviewed continued "
    "declared pointed stated voiced proposed suggested asked requested condemned supported underlined "
    "highlighted raised focused telephoned sent given assessed considered"
).split()
_VERB_RE = re.compile(r"(?<![\w-])(?:" + "|".join(sorted(_VERBS, key=lambda v: (-len(v), v))) + r")(?![\w-])")
_PASSIVE = re.compile(r"(?:\b(?:was|were|been|being|is|are)(?: \w+ly| also| further| then| not)?)\s*$")
_JOINT = re.compile(
    r"\b(?:(?:the|both|two) (?:two )?(?:leaders|presidents|sides|parties|heads of state|heads|participants)\b"
    r"|both\b|they\b|the discussion\b|the interlocutors\b)",
    re.IGNORECASE,
)
_HOST_SIDE = re.compile(r"^(?:Russia|the Russian side|the Russian Federation)$", re.IGNORECASE)
_OTHER_SIDE = re.compile(r"^the (?!Russian\b)[A-Z][\w-]* side$", re.IGNORECASE)
_HOST_REF = re.compile(
    r"\b(?:[Tt]he President(?! of (?!Russia\b))|[Tt]he Russian (?:President|leader)|[Tt]he head of state)\b"
)
_OTHER_REF = re.compile(
    r"\b[Tt]he (?:(?!Russian\b)[A-Z][\w-]* )?(?:leader|President|Prime Minister|Premier|Chancellor|Emir|King|"
    r"Crown Prince|Secretary-General|Chairman|Sultan)\b(?: of (?!Russia\b)(?:the )?[A-Z][\w-]*)?"
)
#: Narration about the call as an event, not a position in it.
_PROCEDURAL = re.compile(
    r"\binitiative\b|\binitiated\b|^(?:The|This) (?:telephone )?conversation (?:was|took)\b", re.IGNORECASE
)
_EXCERPTS = re.compile(r"^Excerpts? from\b")
_TITLE_WORDS = frozenset(
    "President Minister Prime Chancellor Federal Emir King Prince Crown Secretary-General Secretary General "
    "Premier Chairman Commander Supreme Deputy Vice Sultan Leader Head Governor first".split()
)
_PARTICLES = frozenset("bin ibn al el de da van von der le la di du abu".split())


@dataclass(frozen=True)
class Participants:
    """Who took part in a readout's conversation: ``actors`` (host first), and for each actor the patterns
    that name it in the text (``names``: full name and surname)."""

    actors: tuple[str, ...]
    names: Mapping[str, tuple[str, ...]]

    @property
    def host(self) -> str:
        return self.actors[0]


def is_readout(meta: Mapping[str, object], first_sentence: str = "") -> bool:
    """Is this document a readout? Metadata ``genre`` decides when present (``"readout"``); else its title
    (:data:`READOUT_TITLE`) or its lead or first sentence (:data:`READOUT_LEAD`)."""
    genre = meta.get("genre")
    if isinstance(genre, str) and genre.strip():
        return genre.strip().lower() == "readout"
    if meta.get("transcript"):
        return False
    title = meta.get("title")
    if isinstance(title, str) and READOUT_TITLE.search(title):
        return True
    lead = meta.get("lead")
    opening = (lead if isinstance(lead, str) and lead.strip() else first_sentence).split(". ", 1)[0]
    return bool(READOUT_LEAD.search(opening))


def _counterpart_phrases(meta: Mapping[str, object], first_sentence: str) -> list[str]:
    """The phrases naming the counterparts: what follows "conversation(s) with" (or "talks with", "met
    with") in the title, else in the lead or first sentence, split at "and"."""
    for field in (meta.get("title"), meta.get("lead"), first_sentence):
        if not isinstance(field, str):
            continue
        m = re.search(r"\b(?:conversations?|talks|[Mm]eeting|met|[Cc]all|spoke(?: today| by phone)?) with (.+)", field)
        if m is None:
            continue
        phrase = re.split(r"\.(?:\s|$)|,| at the\b| at\b| upon\b| on (?!the\b)| to\b| during\b", m.group(1))[0]
        return [p.strip() for p in re.split(r" and (?=[A-Z])", phrase) if p.strip()]
    return []


def _name_in(phrase: str, body: str) -> str:
    """The person's name at the end of a phrase such as "President of Uzbekistan Islam Karimov"."""
    tokens = phrase.split()
    name: list[str] = []
    for tok in reversed(tokens):
        particle = tok.split("-", 1)[0].lower() in _PARTICLES and not tok[:1].isupper()
        if tok in _TITLE_WORDS or tok in ("of", "the", "and") or not (tok[:1].isupper() or particle):
            break
        name.insert(0, tok)
    if not name:
        return phrase
    # kremlin.ru labels a person's first mention "<family name> <given names>" ("Karimov Islam", "Al Nahyan
    # Mohammed bin Zayed"): the longest such rotation of an ending of the phrase is the name
    for i in range(len(name) - 1):
        for j in range(i + 1, len(name)):
            label = " ".join(name[j:] + name[i:j])
            if re.search(rf"(?<![\w-]){re.escape(label)}(?![a-z])", body):
                return " ".join(name[i:])
    flat = body.replace("-", " ")
    for k in range(len(name) - 1):  # the longest ending written in the body ("Mohammed Al Nahyan")
        if name[k].split("-", 1)[0].lower() in _PARTICLES:
            continue
        if re.search(rf"(?<!\w){re.escape(' '.join(name[k:]).replace('-', ' '))}(?!\w)", flat):
            return " ".join(name[k:])
    after_of = len(tokens) > len(name) and tokens[-len(name) - 1] == "of"
    return " ".join(name[1:] if after_of and len(name) >= 3 else name)


def participants(
    meta: Mapping[str, object], text: str, registry: ActorRegistry, date: str | None, first_sentence: str = ""
) -> Participants:
    """The participants of a readout (module docstring), host first.

    Parameters
    ----------
    meta : mapping
        The document's metadata (``title``, ``lead``, ``aliases``).
    text : str
        The document's text (where kremlin.ru's name labels give the counterparts' names in full).
    registry : ActorRegistry
        Resolves names; a name it does not know gets its own id (``registry.actor_for_label``).
    date : str or None
        The document's date, for role descriptions.
    first_sentence : str
        The first sentence, used when the metadata have no lead.
    """
    actors: list[str] = []
    names: dict[str, tuple[str, ...]] = {}
    aliases = meta.get("aliases") or ()
    pairs = [aliases] if isinstance(aliases, str) else list(aliases) if isinstance(aliases, tuple | list) else []
    host = next((str(a).split("=", 1)[1] for a in pairs if str(a).startswith("the President=")), None)
    lead = meta.get("lead") if isinstance(meta.get("lead"), str) and meta.get("lead") else first_sentence
    if host is None and isinstance(lead, str):
        persons = [m.actor for m in registry.find_mentions(lead, date=date) if _is_person(registry, m.actor)]
        host = persons[0] if persons else None
    if host is not None:
        actors.append(host)
    body = text  # not the lead, which repeats the title's phrase
    for phrase in _counterpart_phrases(meta, first_sentence):
        found = [m.actor for m in registry.find_mentions(phrase, date=date) if _is_person(registry, m.actor)]
        if found:
            actor, name = found[-1], ""
        else:
            name = _name_in(phrase, body)
            actor = registry.actor_for_label(name, date)
        if actor not in actors:
            actors.append(actor)
            if name:
                surname = name.split()[-1]
                names[actor] = tuple(dict.fromkeys((name, name.replace("-", " "), surname)))
    return Participants(tuple(actors), names)


def _is_person(registry: ActorRegistry, actor: str) -> bool:
    a = registry.actors.get(actor)
    return a is not None and a.kind == "person"


def _referred(subject: str, offset: int, who: Participants, registry: ActorRegistry, date: str | None) -> list[str]:
    """The participants a subject phrase names: by registry mention, by name, or by a role reference."""
    found: list[tuple[int, str]] = [
        (m.start, m.actor) for m in registry.find_mentions(subject, offset, date=date) if m.actor in who.actors
    ]
    for actor, names in who.names.items():
        for name in names:
            for m in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", subject):
                found.append((m.start() + offset, actor))
    for m in _HOST_REF.finditer(subject):
        found.append((m.start() + offset, who.host))
    others = [a for a in who.actors if a != who.host]
    if len(others) == 1:
        for m in _OTHER_REF.finditer(subject):
            if m.group().lower() != "the president":  # "the President (of Russia)" is the host
                found.append((m.start() + offset, others[0]))
    return list(dict.fromkeys(a for _, a in sorted(found)))


def _statement(p: Passage, who: Participants, registry: ActorRegistry, date: str | None) -> Clause | None:
    """The clause of a passage that reports a position: the first speech or stance verb whose subject is a
    joint phrase, an agentless passive, one or more participants, or a side."""
    everyone = who.actors
    for v in _VERB_RE.finditer(p.text):
        before = p.text[: v.start()]
        vs, ve = v.start() + p.start, v.end() + p.start
        cuts = [m.end() for m in re.finditer(r"[,;:] | that ", before)]
        piece_at = cuts[-1] if cuts else 0
        subject = before[piece_at:].strip()
        s = p.start + piece_at
        if _PASSIVE.search(before):
            start = p.start + max(0, before.rfind(" ", 0, len(before.rstrip()) - 4) + 1)
            return Clause(everyone, "joint", min(start, vs), ve, "agentless passive of a position verb")
        core = re.sub(r"^(?:[A-Z]\w+ly|[Ii]n particular|[Ss]pecifically|[Ii]n addition|[Ee]arlier)\W*", "", subject)
        if _HOST_SIDE.match(core):
            return Clause((who.host,), "side", s, ve, "the Russian side: its head of delegation")
        if _OTHER_SIDE.match(core) and len(everyone) == 2:
            return Clause((everyone[1],), "side", s, ve, "the other side: its head of delegation")
        named = _referred(subject, s, who, registry, date)
        if _JOINT.search(subject) or (len(named) >= 2 and len(named) == len(everyone)):
            return Clause(everyone, "joint", s, ve, "a joint position of the participants")
        if named:
            return Clause(tuple(named), "participant", s, ve, "a participant's statement")
    return None


def readout_clauses(
    passages: Sequence[Passage],
    meta: Mapping[str, object],
    text: str,
    registry: ActorRegistry,
    date: str | None,
    qspans: Sequence[tuple[int, int]],
) -> dict[int, Clause]:
    """The readout clause of each passage of a readout outside quotations, by passage id; ``{}`` when the
    document is not a readout (see the module docstring and :mod:`framing.actors.attribution`).

    Parameters
    ----------
    passages : sequence of Passage
        One document's passages, in order.
    meta : mapping
        The document's metadata (``genre``, ``title``, ``lead``, ``aliases``, ``transcript``).
    text : str
        The document's text.
    registry : ActorRegistry
        The actors.
    date : str or None
        The document's date.
    qspans : sequence of (int, int)
        The quotations' spans (passages that start inside one are left to the quotation rules).
    """
    first = passages[0].text if passages else ""
    if not passages or not is_readout(meta, first):
        return {}
    who = participants(meta, text, registry, date, first)
    if len(who.actors) < 2:
        return {}
    out: dict[int, Clause] = {}
    previous: Clause | None = None
    excerpt: Clause | None = None
    for p in passages:
        if inside(p.start, list(qspans)):
            previous = None
            continue
        if excerpt is not None:
            out[p.passage_id] = (
                Clause((NARRATOR,), "narrator", -1, -1)
                if not re.search(r"\w", p.text)
                else Clause((who.host,), "excerpt", excerpt.ev_start, excerpt.ev_end, excerpt.note)
            )
            continue
        if _EXCERPTS.match(p.text):
            excerpt = Clause((who.host,), "excerpt", p.start, p.end, "published excerpt of the host's words")
            out[p.passage_id] = Clause((NARRATOR,), "narrator", -1, -1)
            continue
        if _PROCEDURAL.search(p.text) and not _VERB_RE.search(p.text):
            out[p.passage_id] = Clause((NARRATOR,), "narrator", -1, -1)
            previous = None
            continue
        clause = _statement(p, who, registry, date)
        if clause is None and previous is not None:
            clause = Clause(
                previous.speakers,
                "readout-continuation",
                previous.ev_start,
                previous.ev_end,
                "continues the previous statement",
            )
        if clause is not None:
            out[p.passage_id] = clause
        previous = clause
    return out
