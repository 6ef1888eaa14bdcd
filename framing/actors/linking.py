"""The rules that link a framed phrase to the actors it is about (used by :mod:`framing.actors.targets`).

:class:`Linker` links a phrase (a lexicon match) to the actors it is about, using the actor mentions
attribution found in its passage (the registry's actors, as everywhere), and gives each a *slot* (one of
:data:`framing.lexicon.ROLE_SLOTS`) from which its category makes a role. It reads the phrase in its clause
with shallow rules, no parser; each target names its rule and an evidence span. In order:

- ``inside``: the name is part of the matched words. After a preposition there it takes the preposition's
  slot (``aggression against Ukraine``, ``pressure on Russia``, ``the regime in Kyiv``); at the start, after
  determiners or adjectives, or inside a hyphenated word it is the owner (``Russian aggression``, ``the
  self-proclaimed Kyiv authorities``, ``intra-Ukrainian``); after a verb, the patient (``defeat Russian
  forces``, ``isolate Russia``).
- ``possessive`` / ``modifier``: the name stands right before the phrase, with ``'s`` and up to three
  modifiers (``Russia's brutal aggression``), or adjectives only (``Ukrainian neo-Nazis``): ``owner``.
- ``copula``: the phrase is predicated of the name: ``Russia is a terrorist state``, ``recognize Russia as
  a state sponsor of terrorism`` (before), ``Who is hegemonic today if not Russia?`` (after): ``owner``.
- ``preposition``: a preposition right after the phrase (or after its head noun: ``an anti-Russia campaign
  by Kyiv``) introduces the name, with at most four determiners, modifiers or ``of`` between; it sets the
  slot (:data:`PREPOSITION_SLOTS`): ``against``/``on`` → ``patient``, ``to``/``for`` →
  ``recipient``, ``of`` → ``owner`` (``patient`` after a deverbal noun: ``invasion of Ukraine``), ``by`` →
  ``agent``, ``between``/``with`` → ``party``. A place (``in``, ``across`` …) is a target only when it is a
  state (``war crimes in Ukraine``: ``recipient``; ``a war of aggression in Europe``: none) or a capital
  after an institution (``the regime in Kyiv``: ``owner``; :data:`PLACE_OF_STATE`).
- ``object``: the name follows the phrase directly (``sanction Russia``): ``patient``.
- ``relative``: the antecedent of the relative clause the phrase is in (``the Kyiv regime, which came to
  power through a bloody coup``): ``agent``.
- ``subject``: the first name before the phrase in its clause with no clause opening between, no
  preposition before it, an even number of commas between (an apposition) and at most :data:`SUBJECT_GAP`
  words (``Russia commits war crimes``, ``The EU imposed a package of sanctions``), or the subject of an
  infinitive (``pressure on Russia to end this war``): ``agent``.
- ``coordination``: conjuncts of a target (``Russia and China``, ``France, Germany and Italy``) get its slot.
- ``clause``: last, the names no rule linked before the phrase, back to the last comma or clause
  punctuation (``reach="segment"``; :data:`REACHES`) and before an agent already found: ``agent``.

An agent's *cue*, the class of the word nearest the phrase (:data:`CUES`: support, oppose, need, force),
turns its role (:func:`framing.actors.targets.role_of`). A name that only says the words is not a target:
the subject of a reporting verb (``Putin said …``), ``according to X``, the name after ``said``, unless the
phrase is the verb's object and the verb names an act (``announced new sanctions``, ``called for a
ceasefire``); nor is the focus of a negated cleft (``It wasn't Russia that halted the negotiations``). A
clause ends at ``;``, ``:``, ``?``, ``!`` and dashes (a passage is a sentence: a full stop inside it, as in
``U.S.``, ends nothing). Pronouns are not resolved.

One piece: the rules share the passage's tokens and mentions and run in one order; split, they would
pass the same state around.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass

from ..errors import ArgumentError
from .attribution import Attribution
from .registry import ActorRegistry, Mention
from .verbs import load_reporting_verbs

__all__ = ["CUES", "PLACE_OF_STATE", "PREPOSITION_SLOTS", "REACHES", "SUBJECT_GAP", "Linker", "Target"]

#: The slot a preposition after the phrase gives the actor it introduces; ``"place"``: see :data:`PLACE_OF_STATE`.
PREPOSITION_SLOTS: dict[str, str] = {
    **dict.fromkeys(("against", "on", "upon", "at", "toward", "towards", "onto"), "patient"),
    **dict.fromkeys(("to", "for", "into"), "recipient"),
    "of": "owner",
    "by": "agent",
    **dict.fromkeys(("between", "with", "among", "amongst"), "party"),
    **dict.fromkeys(
        ("in", "over", "within", "across", "throughout", "inside", "near", "around", "from", "beyond"), "place"
    ),
}
#: Places (:data:`PREPOSITION_SLOTS` ``"place"``): a state where the framed harm or remedy happens is the one it
#: happens to or is for (``war crimes in Ukraine``, ``a ceasefire in Ukraine``: ``recipient``); a region,
#: group or city is only the setting (``a war of aggression in Europe``: no target); an institution in a
#: capital is the state's (``the regime in Kyiv``, ``a coup in Kiev``: ``owner``).
PLACE_OF_STATE = ("in", "over", "across", "throughout", "within", "inside")
_INSTITUTIONS = frozenset(
    "regime regimes authorities government governments leadership junta coup administration rulers".split()
)
#: How far the ``clause`` rule reaches: the mentions before the phrase back to the last comma or clause
#: punctuation (``segment``, the default: precision first), every mention of its clause (``clause``), or of
#: its sentence (``sentence``: recall first, close to "every actor mentioned").
REACHES = ("segment", "clause", "sentence")
#: Most tokens between a subject and the phrase of its clause.
SUBJECT_GAP = 10


_TOKEN = re.compile(r"['’]s\b|\w+(?:[-‐‑'’]\w+)*|[^\w\s]")
_CLAUSE_END = re.compile(r"[;:?!—–]|\s-\s")  # a passage is a sentence: a full stop inside it ends nothing ("U.S.")
_DETERMINERS = frozenset(
    "a an the this that these those its their his her our your any such so-called all every each other".split()
)
_SUBORDINATORS = frozenset(
    "that which who whom whose because if when while although though whether unless since until where whereas "
    "after before as once".split()
)
_COPULA = frozenset("is are was were be been being remains remain remained become becomes became as".split())
#: Words that make the name before them an oblique, not a subject ("defeat Russia through the proxy of").
_PREPOSITIONS = frozenset(PREPOSITION_SLOTS) | frozenset(
    "through via despite without under during after before since until about like than behind".split()
)
#: Subordinators that open a clause between a subject and the phrase; ``after``, ``before``, ``since`` and
#: ``until`` are prepositions there as often ("NATO's expansion after the Soviet Union's fall has ...").
_OPENERS = _SUBORDINATORS - {"after", "before", "since", "until", "as"}
_FUNCTION_WORDS = (
    _DETERMINERS
    | _SUBORDINATORS
    | _COPULA
    | frozenset(PREPOSITION_SLOTS)
    | frozenset(
        "and or but not no never nor it he she they we you i me us them him also about under during "
        "will would shall should can could may might must do does did said says say".split()
    )
)
_COORDINATORS = re.compile(r"^\s*(?:,\s*)?(?:and|or|as well as)\s*(?:the\s+)?$", re.IGNORECASE)
_LIST_COMMA = re.compile(r"^\s*,\s*(?:the\s+)?$", re.IGNORECASE)
_POSSESSIVE = re.compile(r"^['’]s?$")  # "Russia's", "Ukrainians'"


@dataclass(frozen=True, slots=True)
class Target:
    """One actor a framed phrase is about.

    Attributes
    ----------
    actor : str
        The actor's id.
    slot : str
        Where it stands to the phrase: one of :data:`framing.lexicon.ROLE_SLOTS`.
    rule : str
        The rule that linked it (module docstring).
    start, end : int
        The evidence: the span from the phrase to the mention (document offsets).
    cue : str
        For an agent, the class of the word nearest the phrase that says how it acts on it (one of
        :data:`CUES`: ``support``, ``oppose``, ``need``, ``force``), or ``""``.
    """

    actor: str
    slot: str
    rule: str
    start: int
    end: int
    cue: str = ""


#: Words (stems, case-folded) between an agent and the phrase that say how the agent acts on what the phrase
#: names: it carries it out or upholds it (``support``: "imposed sanctions", "stands for the preservation of
#: sovereignty"), works against it (``oppose``: "condemns the aggression", "violated the territorial
#: integrity"), suffers or needs it (``need``: "Ukraine needs security guarantees"), or is made to do it
#: (``force``: "Russia will be forced to end this war"). The nearest cue to the phrase counts.
CUES: dict[str, tuple[str, ...]] = {
    "support": (
        "support", "back", "defend", "protect", "respect", "uphold", "restor", "ensur", "guarante", "promot",
        "advocat", "favour", "favor", "endors", "seek", "sought", "want", "propos", "offer", "champion", "welcom",
        "provid", "send", "sent", "suppl", "deliver", "impos", "introduc", "announc", "adopt", "achiev",
        "negotiat", "implement", "pursu", "preserv", "commit", "wag", "launch", "carr", "conduct", "unleash",
        "continu", "start", "begin", "began", "organi", "plan", "prepar", "militari",
    ),
    "oppose": (
        "oppos", "condemn", "reject", "refus", "resist", "counter", "fight", "stop", "end", "prevent", "denounc",
        "block", "sabotag", "violat", "undermin", "ignor", "disregard", "attack", "abandon", "halt", "lift",
        "breach", "encroach", "infring", "threaten", "combat", "deni", "deny", "overlook", "assault", "eliminat",
        "address", "tackl", "remov", "overcom", "resolv", "eradicat", "settl",
    ),
    "need": (
        "need", "suffer", "face", "facing", "receiv", "deserv", "ask", "request", "endur", "lose", "lost", "victim",
    ),
    "force": ("forc", "pressur", "compel", "urg", "push", "press", "made", "coerc", "oblig"),
}  # fmt: skip
_CUE_OF = sorted(((stem, cls) for cls, stems in CUES.items() for stem in stems), key=lambda sc: -len(sc[0]))


def _cue(words: list[str]) -> str:
    """The class of the cue nearest the end of ``words`` (:data:`CUES`), or ``""``."""
    for w in reversed(words):
        for stem, cls in _CUE_OF:
            if w.startswith(stem):
                return cls
    return ""


#: Deverbal nouns whose ``of`` names what is done to it (``invasion of Ukraine``, ``humiliation of Russia``):
#: the objective genitive; others name the owner or doer (``sovereignty of Ukraine``, ``expansion of NATO``).
_ACTION_NOUN = re.compile(r"(?:ion|ment|al|ide|ing)$")
_NOT_ACTION = frozenset(
    "expansion enlargement aggression intervention participation position opinion ambition vision tradition "
    "nation region population federation territorial".split()
)
#: A word before a name inside the phrase that modifies the name's head rather than governing the name as a
#: verb (``self-proclaimed Kyiv authorities``, ``current Kiev authorities`` are Ukraine's own).
_ADJECTIVE = re.compile(r"(?:ed|ent|al|ive|ous|ic|ian|ese|ish|ary|ful|less)$|-")
_QUOTES = frozenset("\"“”‘’'«»„")


def _tokens(text: str, lo: int, hi: int) -> list[str]:
    """The case-folded tokens of ``text[lo:hi]``, quotation marks left out."""
    return [t.casefold() for t in _TOKEN.findall(text, lo, hi) if t not in _QUOTES]


def _is_modifier(tok: str) -> bool:
    """A word that may stand between an owner and the phrase: a lower-case content word or a hyphen."""
    return (tok not in _FUNCTION_WORDS and (tok[0].isalpha() or tok[0].isdigit())) or tok == "-"


class _Passage:
    """One passage's text (document offsets), its mentions that may be targets, and its speaker mentions."""

    def __init__(self, a: Attribution, verbs: frozenset[str], kinds: Mapping[str, str], places: Mapping[str, str]):
        self.text, self.base, self.kinds = a.text, a.start, kinds
        mentions = list(a.mentions)
        # capitals after a locative are places, not mentions, in attribution; "the regime in Kyiv" is Ukraine's
        taken = [(m.start, m.end) for m in a.mentions]
        for alias, actor in places.items():
            if alias not in a.text:
                continue
            for found in re.finditer(rf"(?<!\w){re.escape(alias)}(?!\w)", a.text):
                s, e = found.start() + a.start, found.end() + a.start
                if not any(ts < e and s < te for ts, te in taken):
                    mentions.append(Mention(actor, s, e, alias, alias, "place"))
        self.mentions = sorted(mentions, key=lambda m: m.start)
        # who says the words is not what they are about (the end of the reporting verb, or -1 when the
        # mention is not a subject of one), unless the words are what they do: "announced sanctions"
        self.says = [self._speaks(m, verbs) for m in self.mentions]

    def local(self, pos: int) -> int:
        return pos - self.base

    def _speaks(self, m: Mention, verbs: frozenset[str]) -> int | None:
        """Whether the mention says something: the local end of the reporting verb it is the subject of
        (``Putin said``), -1 after ``according to`` or right after a reporting verb (``…," said Putin``), or
        None."""
        if m.rule == "place":
            return None
        lo = m.end - self.base
        after = [(t.group(), t.end()) for t in _TOKEN.finditer(self.text, lo, min(len(self.text), lo + 40))][:3]
        if after[:1] and after[0][0] in ("'s", "’s"):  # "Biden's call for regime change": an owner
            return None
        skip = ("has", "have", "had", "also", "then", "again", "since", "already", "later", "repeatedly", "reportedly")
        after = [(t, e) for t, e in after if t.casefold() not in skip]
        if after and after[0][0].casefold() in verbs:
            return after[0][1]
        before = _tokens(self.text, max(0, m.start - self.base - 30), m.start - self.base)[-2:]
        if before == ["according", "to"] or (bool(before) and before[-1] in verbs and before[-1] != "claims"):
            return -1
        return None

    def clause(self, lo: int, hi: int) -> tuple[int, int]:
        """The local span of the clause around ``[lo, hi)``."""
        start = max((m.end() for m in _CLAUSE_END.finditer(self.text, 0, lo)), default=0)
        stop = _CLAUSE_END.search(self.text, hi)
        return start, stop.start() if stop else len(self.text)


class Linker:
    """Links phrases to the actors they frame, by the rules of :mod:`framing.actors.linking`.

    Parameters
    ----------
    registry : ActorRegistry, optional
        The actors: their kinds (a state named as a place is a target, a region is not) and their capitals
        (``the regime in Kyiv``).
    verbs : frozenset of str, optional
        Verbs of saying, whose subjects are not targets (default: the reporting verbs of attribution,
        :func:`framing.actors.load_reporting_verbs`, and :data:`_SAYING`).
    reach : {"segment", "clause", "sentence"}, default "segment"
        How far the last rule (``clause``) looks for actors no other rule linked (:data:`REACHES`).

    Raises
    ------
    ArgumentError
        [F601] for an unknown ``reach``.
    """

    def __init__(
        self, registry: ActorRegistry | None = None, *, verbs: frozenset[str] | None = None, reach: str = "segment"
    ):
        if reach not in REACHES:
            raise ArgumentError("F601", name="reach", expected=f"one of {REACHES}", value=reach)
        self.reach = reach
        self.verbs = verbs if verbs is not None else _verbs()
        self.kinds, self.places = _kinds(registry), _places(registry)
        self._last: tuple[tuple[str, int, int], _Passage] | None = None

    def link(self, a: Attribution, start: int, end: int) -> list[Target]:
        """The actors the phrase at ``[start, end)`` (document offsets) of passage ``a`` is about, in the
        order of their mentions; empty when it frames no one. Passages are read once for consecutive
        phrases of the same passage (a match table's order)."""
        key = (str(a.doc_id), int(a.passage_id), a.start)
        if self._last is None or self._last[0] != key:
            self._last = (key, _Passage(a, self.verbs, self.kinds, self.places))
        p = self._last[1]
        return _link(p, start - p.base, end - p.base, self.reach)

    @staticmethod
    def evidence(a: Attribution, target: Target) -> str:
        """The text of a target's evidence span in passage ``a``, white space collapsed."""
        return " ".join(a.text[target.start - a.start : target.end - a.start].split())


def _kinds(registry: ActorRegistry | None) -> dict[str, str]:
    return {a.id: a.kind for a in registry.actors.values()} if registry is not None else {}


def _places(registry: ActorRegistry | None) -> dict[str, str]:
    """The registry's place aliases (capitals) and the actor each names."""
    if registry is None:
        return {}
    found = {p: registry.resolve_name(p) for p in sorted(registry.places)}
    return {p: a for p, a in found.items() if a is not None}


def _place_slot(p: _Passage, i: int, preposition: str, head: str) -> str | None:
    """The slot of mention ``i`` named as a place by ``preposition`` after the word ``head``."""
    if head in _INSTITUTIONS:
        return "owner"
    m = p.mentions[i]
    if preposition in PLACE_OF_STATE and m.rule != "place" and p.kinds.get(m.actor) == "state":
        return "recipient"
    return None


def _link(p: _Passage, lo: int, hi: int, reach: str = "segment") -> list[Target]:
    """The targets of the phrase at local ``[lo, hi)``: the rules of the module docstring, in order."""
    text, base = p.text, p.base
    c_lo, c_hi = p.clause(lo, hi)
    found: dict[int, Target] = {}  # mention index -> target
    spans = [(m.start - base, m.end - base) for m in p.mentions]

    def add(i: int, slot: str | None, rule: str, e_lo: int, e_hi: int) -> None:
        if slot is not None and i not in found:
            cue = _cue(_tokens(text, spans[i][1], lo)) if slot == "agent" and spans[i][1] <= lo else ""
            found[i] = Target(p.mentions[i].actor, slot, rule, base + min(e_lo, e_hi), base + max(e_lo, e_hi), cue)

    for i, (ms, me) in enumerate(spans):
        if lo <= ms and me <= hi:  # inside the matched words
            add(i, _inside_slot(p, i, lo, hi, ms, me), "inside", lo, hi)
    # a capital as a place counts only after an institution; who says the words only when they are what the
    # speaker does ("the EU announced sanctions", "Putin called for a ceasefire")
    named = [
        m.rule != "place" and (said is None or _acts(p, said, lo)) and not _denied(p, spans[i])
        for i, (m, said) in enumerate(zip(p.mentions, p.says, strict=True))
    ]
    before = [i for i, (ms, me) in enumerate(spans) if c_lo <= ms and me <= lo and named[i]]
    after = [i for i, (ms, me) in enumerate(spans) if hi <= ms and me <= c_hi]
    if before:
        _right_before(p, spans, before[-1], lo, hi, add)
    if after:
        _right_after(p, spans, after[0], named[after[0]], lo, hi, add)
    # a phrase with its owner ("Russian aggression", "Russia's aggression") has its doer: the clause's
    # subject is someone else ("Ukrainians fleeing the Russian aggression")
    if not any(t.slot in ("agent", "owner") or t.rule == "copula" for t in found.values()):
        _relative(p, spans, before, lo, add)
    if not any(t.slot in ("agent", "owner") or t.rule == "copula" for t in found.values()):
        _subject(p, spans, before, lo, hi, c_lo, add)
    _coordinate(p, spans, found)
    # the clause rule adds what comes before an agent already found, never what follows it: in "NATO's
    # expansion has humiliated Russia and encroached upon ...", Russia is humiliated, not encroaching
    agents = [i for i, t in found.items() if t.slot == "agent" or t.rule == "copula"]
    # beside an owner ("Ukrainians fleeing the Russian aggression") the others are whom it is done to or for
    owned = any(t.slot == "owner" for t in found.values())
    _context(p, spans, named, lo, hi, reach, add, min(agents, default=len(spans)), "recipient" if owned else "agent")
    return [found[i] for i in sorted(found, key=lambda i: spans[i][0])]


def _right_before(p: _Passage, spans: list[tuple[int, int]], i: int, lo: int, hi: int, add) -> None:
    """The rules of a mention right before the phrase: ``possessive``, ``modifier``, ``copula``."""
    gap = _tokens(p.text, spans[i][1], lo)
    if len(gap) <= 4 and gap and _POSSESSIVE.match(gap[0]) and all(_is_modifier(t) or t == "and" for t in gap[1:]):
        add(i, "owner", "possessive", spans[i][0], hi)
    elif len(gap) <= 3 and all(_is_modifier(t) and (t == "-" or _ADJECTIVE.search(t)) for t in gap):
        add(i, "owner", "modifier", spans[i][0], hi)
    elif (
        0 < len(gap) <= 5
        and gap[0] in _COPULA
        and all(t in _COPULA or t in _DETERMINERS or (_is_modifier(t) and _ADJECTIVE.search(t)) for t in gap)
    ):
        add(i, "owner", "copula", spans[i][0], hi)


def _right_after(p: _Passage, spans: list[tuple[int, int]], i: int, named: bool, lo: int, hi: int, add) -> None:
    """The rules of a mention right after the phrase: ``preposition``, ``object``, ``copula`` (``if not``).
    A mention that is not ``named`` (a capital as a place, a speaker) counts only after a preposition."""
    text = p.text
    gap = _tokens(text, hi, spans[i][0])
    if gap[:1] in (["and"], ["or"]) and 2 < len(gap) <= 4 and gap[-1] in PREPOSITION_SLOTS:
        gap = gap[-1:]  # a coordinated phrase: "territorial integrity and sovereignty of Ukraine"
    elif len(gap) >= 2 and _is_modifier(gap[0]) and gap[1] in PREPOSITION_SLOTS and gap[1] != "of":
        gap = gap[1:]  # the phrase modifies a head noun: "an anti-Russia campaign by Kyiv"
    if gap and gap[0] in PREPOSITION_SLOTS:
        if len(gap) <= 5 and all(t in _DETERMINERS or t == "of" or _is_modifier(t) for t in gap[1:]):
            slot: str | None = PREPOSITION_SLOTS[gap[0]]
            head = _tokens(text, lo, hi)[-1]
            if slot == "place":
                slot = _place_slot(p, i, gap[0], head)
            elif gap[0] == "of" and _objective(head):
                slot = "patient"
            add(i, slot, "preposition", lo, spans[i][1])
    elif not named:
        return
    elif not gap or all(t in _DETERMINERS for t in gap):
        add(i, "patient", "object", lo, spans[i][1])
    elif len(gap) <= 5 and gap[-2:] == ["if", "not"]:
        add(i, "owner", "copula", lo, spans[i][1])


#: What ends the stretch of text the ``clause`` rule searches: clause punctuation, a comma, brackets, quotes.
_SEGMENT_END = re.compile(r"[,;:?!—–()\"“”]|\s-\s")


def _context(
    p: _Passage,
    spans: list[tuple[int, int]],
    named: list[bool],
    lo: int,
    hi: int,
    reach: str,
    add,
    until: int,
    slot: str,
) -> None:
    """The ``clause`` rule: the mentions no rule linked within ``reach`` of the phrase (:data:`REACHES`) and
    before mention ``until`` (an agent already found) are in ``slot`` (before it: its agents, or, beside an
    owner, its recipients) or its patients (after it),
    unless named as a place that is not a state (``in Europe``): "the US and its allies have imposed a
    series of punishing financial sanctions"."""
    text = p.text
    if reach == "segment":
        start, stop = max((m.end() for m in _SEGMENT_END.finditer(text, 0, lo)), default=0), lo
    elif reach == "clause":
        start, stop = p.clause(lo, hi)
    else:
        start, stop = 0, len(text)
    for i, (ms, me) in enumerate(spans[:until]):
        if not named[i] or ms < start or me > stop or lo <= ms < hi:
            continue
        lead = _tokens(text, max(0, ms - 30), ms)[-1:]
        if lead and PREPOSITION_SLOTS.get(lead[0]) == "place" and p.kinds.get(p.mentions[i].actor) != "state":
            continue
        opened = me <= lo and any(t in _OPENERS for t in _tokens(text, me, lo))  # "a city where the occupiers came"
        add(i, "patient" if me > lo else "recipient" if opened else slot, "clause", min(ms, lo), max(me, hi))


def _inside_slot(p: _Passage, i: int, lo: int, hi: int, ms: int, me: int) -> str | None:
    """The slot of a mention inside the matched words: after a preposition, the preposition's; at the start
    or before a head noun, the owner ("Russian aggression", "self-proclaimed Kyiv authorities"); else, ending
    the words after a verb, the patient ("isolate Russia")."""
    text = p.text
    before = _tokens(text, lo, ms)
    for k in range(len(before) - 1, -1, -1):
        if before[k] in PREPOSITION_SLOTS:
            slot = PREPOSITION_SLOTS[before[k]]
            head = before[k - 1] if k else ""
            if slot == "place":
                return _place_slot(p, i, before[k], head)
            return "patient" if before[k] == "of" and _objective(head) else slot
    if p.mentions[i].rule == "place":
        return None
    if [t for t in before if t != "-"][-1:] == ["anti"] and ms and text[ms - 1] in "-‐‑":
        return "patient"  # "anti-Russian": Russia is what the phrase is against
    if not before or (ms and text[ms - 1] in "-‐‑"):
        return "owner"
    # "self-proclaimed Kyiv authorities", "the Kyiv regime": the name modifies the head; "defeat Russian
    # forces", "isolate Russia": the name (with its head) is the object of the verb before it
    if all(t in _DETERMINERS or _ADJECTIVE.search(t) for t in before):
        return "owner"
    return "patient"


_CLEFT = re.compile(r"(?:\bnot|n['’]t)\s+$", re.IGNORECASE)


def _denied(p: _Passage, span: tuple[int, int]) -> bool:
    """Whether the mention is the focus of a negated cleft, which moves the frame to someone else: "It
    wasn't Russia that halted the negotiations; it was Ukraine"."""
    ms, me = span
    return bool(_CLEFT.search(p.text, max(0, ms - 6), ms)) and bool(re.match(r"\s+(?:that|who)\b", p.text[me:]))


#: Reporting verbs (stems) that can take the framed phrase as their object: an act, not a report of words
#: ("announced sanctions", "proposed direct negotiations"; but "said the operation went on" reports).
_ACT_VERBS = (
    "announc", "propos", "offer", "call", "demand", "urg", "pledg", "promis", "welcom", "reject", "condemn",
    "support", "back", "endors", "request", "seek", "sought", "advocat", "appeal", "insist", "vow",
)  # fmt: skip


def _acts(p: _Passage, verb_end: int, lo: int) -> bool:
    """Whether the phrase at ``lo`` is the object of the reporting verb ending at ``verb_end``: a verb that
    can name an act (:data:`_ACT_VERBS`), at most three words between, none opening a clause or a quotation
    ("announced new sanctions", "called for a ceasefire"), rather than what the speaker says ("said that
    sanctions …", "said the operation went on")."""
    if verb_end < 0 or verb_end > lo:
        return False
    verb = _TOKEN.findall(p.text, max(0, verb_end - 30), verb_end)[-1].casefold()
    if not verb.startswith(_ACT_VERBS):
        return False
    between = p.text[verb_end:lo]
    words = _tokens(p.text, verb_end, lo)
    return len(words) <= 3 and not re.search(r"[,:\"“”‘’'«»]", between) and not set(words) & _SUBORDINATORS


def _objective(noun: str) -> bool:
    """Whether ``noun of X`` names what is done to X (``invasion of Ukraine``): :data:`_ACTION_NOUN`."""
    return bool(_ACTION_NOUN.search(noun)) and noun not in _NOT_ACTION


_RELATIVE = re.compile(r"(?:\s+[\w-]+){0,2}\s*,?\s*(?:which|who|that)\b", re.IGNORECASE)


def _relative(p: _Passage, spans: list[tuple[int, int]], before: list[int], lo: int, add) -> None:
    """The antecedent of a relative clause the phrase is in: "the Kyiv regime, which came to power through a
    bloody coup", "Ukrainian neo-Nazis who seized power": the mention right before ``which``/``who``/``that``
    when no other clause opens between it and the phrase."""
    text = p.text
    for i in reversed(before):
        ms, me = spans[i]
        rel = _RELATIVE.match(text, me, lo)
        if rel is None:
            continue
        rest = _tokens(text, rel.end(), lo)
        if any(t in _OPENERS for t in rest) or len(rest) > SUBJECT_GAP:
            return
        add(i, "agent", "relative", ms, lo)
        return


def _subject(p: _Passage, spans: list[tuple[int, int]], before: list[int], lo: int, hi: int, c_lo: int, add) -> None:
    """The subject of the phrase's clause: its first mention before the phrase, when nothing in between
    opens another clause or makes the mention an oblique."""
    text = p.text
    # a subordinate clause closed by a comma before the subject starts a new search: "If X, Russia ..."
    for i in before:
        ms, me = spans[i]
        if ms < c_lo:
            continue
        lead = _tokens(text, c_lo, ms)
        gap = _tokens(text, me, lo)
        if gap == ["to"]:  # the subject of an infinitive: "for Russia to win this war", "pressure on Russia to end"
            add(i, "agent", "subject", ms, hi)
            return
        if lead and (lead[-1] in PREPOSITION_SLOTS or lead[-1] in ("than", "like", "unlike")):
            continue
        if gap[:1] == ["'s"] or gap[:1] == ["’s"]:
            gap = gap[1:]
        words = [t for t in gap if t != ","]
        if len(words) > SUBJECT_GAP or any(t in _OPENERS for t in gap) or not words:
            continue
        if (words[0] in _PREPOSITIONS and words[0] != "to") or words[0] in ("and", "or", "but"):
            continue
        if gap.count(",") % 2:  # a comma closes the subject's clause ("Since Russia invaded Ukraine, the US");
            continue  # a pair of them sets off an apposition ("Russia, a permanent member, violates")
        add(i, "agent", "subject", ms, hi)
        return


def _coordinate(p: _Passage, spans: list[tuple[int, int]], found: dict[int, Target]) -> None:
    """Conjuncts of a target (``Russia and Belarus``) get its slot."""
    changed = True
    while changed:
        changed = False
        for i in list(found):
            for j in (i - 1, i + 1):
                if 0 <= j < len(spans) and j not in found and p.mentions[j].rule != "place" and p.says[j] is None:
                    a, b = sorted((i, j))
                    if _conjoined(p, spans, a, b):
                        t = found[i]
                        found[j] = Target(
                            p.mentions[j].actor,
                            t.slot,
                            "coordination",
                            min(t.start, p.base + spans[j][0]),
                            max(t.end, p.base + spans[j][1]),
                            t.cue,
                        )
                        changed = True


def _conjoined(p: _Passage, spans: list[tuple[int, int]], a: int, b: int) -> bool:
    """Whether mentions ``a`` and ``b`` (adjacent) are conjuncts: joined by ``and``/``or``, or by a comma in
    a list that ends with ``and``/``or`` ("the United States, China, Russia and other powers" is not one:
    its last conjunct is not an actor; "France, Germany and Italy" is)."""
    between = p.text[spans[a][1] : spans[b][0]]
    if _COORDINATORS.match(between):
        return True
    if not _LIST_COMMA.match(between):
        return False
    for k in range(b, len(spans) - 1):  # the list goes on to an "and" between two actors
        gap = p.text[spans[k][1] : spans[k + 1][0]]
        if _COORDINATORS.match(gap):
            return True
        if not _LIST_COMMA.match(gap):
            return False
    return False


#: Verbs of saying besides the reporting verbs of attribution whose subject is not what the words are about.
_SAYING = frozenset(
    "informed inform informs likened admitted admits discussed discusses discussing exchanged suggested "
    "accused accuses alleged alleges".split()
)
_VERBS: frozenset[str] | None = None


def _verbs() -> frozenset[str]:
    global _VERBS
    if _VERBS is None:
        _VERBS = frozenset(v.casefold() for v in load_reporting_verbs() if " " not in v) | _SAYING
    return _VERBS
