"""Open-world actors: named people and organisations that the registry does not know.

A source quoted in the news is usually nobody the registry lists (``Nina Turner said``). Attribution still
credits them: :class:`Cast` finds capitalised names in a document's passages, gives each an actor id from the
name (:func:`~framing.actors.slug`: ``nina_turner``), a kind, the name as written and, where the text gives
one, an affiliation, and lets later mentions by surname (``Turner``, ``Ms. Turner``) find the same actor.

The rules, in order, for a run of capitalised words (initials, ``O'Brien``, ``de``/``van``/``bin`` inside):

* words a sentence may start with (``The``, ``But``, ``Meanwhile``: English stop words, days and months)
  are dropped from its start; so are honorifics and titles (``Mr.``, ``Sen.``, ``Gov.``), which settle the
  kind (a person) and, for ``Mr.``/``Ms.``/``Mrs.``, the pronoun;
* a run that overlaps a registry mention is not a name (the registry decides there);
* a single word at the start of a sentence is a name only if the document also has it capitalised
  elsewhere and never in lower case (``Officials said`` is not a name; ``Prager believes`` is, when the
  article introduced Dennis Prager);
* a name whose last word is an organisation word (``Department``, ``Times``, ``Committee``: see
  :data:`ORGANISATION_WORDS`) or that is all capitals (``CNN``) is an organisation; a plural single word
  (``Democrats``) a group; any other a person;
* a person's last word becomes an alias for the rest of the document (``Turner`` → ``nina_turner``);
* the affiliation is the registry actor named right before the name with only lower-case words between
  (``Kremlin spokesman Dmitry Peskov`` → member of ``russia``), or after it in an apposition (``Steffen
  Seibert, Ms. Merkel's spokesman``).

Open-world actors are speakers, never targets: targets are registry actors (see the gold guidelines).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from ..passages import Passage
from .registry import Actor, ActorRegistry, Mention, slug
from .verbs import load_reporting_verbs

__all__ = ["HONORIFICS", "ORGANISATION_WORDS", "UNNAMED", "Cast"]

#: The speaker id of an unnamed source with no affiliation the registry knows ("officials said").
UNNAMED = "unnamed_source"

#: Honorifics and titles before a name, with the pronoun they settle (``None``: a person, either pronoun).
HONORIFICS: dict[str, str | None] = {
    **dict.fromkeys(("Mr", "Mr.", "Sir", "Lord", "Congressman", "Chairman", "Spokesman", "King", "Prince"), "he"),
    **dict.fromkeys(
        ("Ms", "Ms.", "Mrs", "Mrs.", "Miss", "Dame", "Lady", "Congresswoman", "Chairwoman", "Spokeswoman", "Queen"),
        "she",
    ),
    **dict.fromkeys(
        (
            "Dr",
            "Dr.",
            "Sen.",
            "Sens.",
            "Rep.",
            "Reps.",
            "Gov.",
            "Gen.",
            "Lt.",
            "Col.",
            "Sgt.",
            "Rev.",
            "Prof.",
            "Atty.",
            "Supt.",
            "Senator",
            "Representative",
            "Governor",
            "Mayor",
            "Judge",
            "Justice",
            "Professor",
            "Ambassador",
            "Secretary",
            "Minister",
            "General",
            "Admiral",
            "Commissioner",
            "Chancellor",
            "Speaker",
            "Attorney",
            "Councilman",
            "Councilwoman",
            "Assemblyman",
            "Assemblywoman",
            "Pope",
            "Sheikh",
            "Archbishop",
            "Bishop",
            "Father",
        ),
        None,
    ),
}
_FEMININE = frozenset(
    "spokeswoman congresswoman chairwoman businesswoman councilwoman assemblywoman wife mother".split()
)
_MASCULINE = frozenset("spokesman congressman chairman businessman councilman assemblyman husband father".split())

#: Last words that make a name an organisation ("the State Department", "The New York Times").
ORGANISATION_WORDS = frozenset(
    """Department Ministry Committee Commission Council Party Times Post Journal News Press Herald Tribune
    Telegraph Guardian Gazette Review Magazine Network Radio Television TV Agency Association Institute
    Foundation Fund Center Centre University College School Union Group Bank Company Corporation Corp Inc
    Ltd LLC Office Bureau Board Service Services Administration Campaign Caucus Coalition Organization
    Organisation Court Senate House Congress Parliament Assembly Army Navy Force Forces Command Police
    Project Initiative Alliance Federation League Society Club Team Network Media Reuters Bloomberg Politico
    Breitbart Axios Insider Monitor Observer Examiner Inquirer Chronicle Daily Weekly Today PAC Trust
    Authority Agency Institution Secretariat Cabinet Government Embassy Mission Council Directorate""".split()
)
#: Titles that are no name on their own ("the President said": a role, which the registry resolves).
_TITLES_ALONE = frozenset(
    """President Prime Minister Chancellor Secretary Governor Senator Chairman Chairwoman Premier Mayor
    Ambassador Speaker King Queen Prince Pope General Commander Director Deputy Vice Foreign""".split()
)
#: Words a sentence may start with that are not names (besides English stop words).
_NOT_NAMES = frozenset(
    """Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May June July
    August September October November December Meanwhile However Still Yet Instead Now Then Also Later Earlier
    Today Yesterday Tomorrow Asked Speaking Writing According Despite Although Though While Since Because
    After Before During Last Next First Second Third Finally Indeed Moreover Furthermore Nevertheless
    Rather Perhaps Maybe Already Even Just Only Both Each Every Many Most Some Such Other Another Several
    Few More Less Much Here There This That These Those What When Where Which Who Whom Whose Why How
    If Unless Whether So Thus Hence Therefore Overall Ultimately Recently Currently Previously Eventually
    Mr Mrs Ms Dr Sen Rep Gov OK Yes No Oh Well Please Thanks Thank God I I'm I've I'd I'll Jan Feb Mar Apr
    Jun Jul Aug Sep Sept Oct Nov Dec AM PM TV Jr Sr II III IV""".split()
)
_STOP = frozenset(
    w.capitalize()
    for w in """a about above across after afterwards again against all almost alone along already also although
    always am among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere
    are around as at back be became because become becomes becoming been before beforehand behind being
    below beside besides between beyond both but by can cannot could do done down due during each eg
    eight either eleven else elsewhere enough etc even ever every everyone everything everywhere except
    few fifteen fifty find first five for former formerly forty four from further get give go had has
    have he hence her here hereafter hereby herein hereupon hers herself him himself his how however
    hundred i ie if in indeed into is it its itself keep last latter latterly least less ltd made many
    may me meanwhile might mine more moreover most mostly move much must my myself name namely neither
    never nevertheless next nine no nobody none noone nor not nothing now nowhere of off often on once
    one only onto or other others otherwise our ours ourselves out over own part per perhaps please put
    rather re same see seem seemed seeming seems several she should show side since sincere six sixty so
    some somehow someone something sometime sometimes somewhere still such take ten than that the their
    them themselves then thence there thereafter thereby therefore therein thereupon these they third
    this those though three through throughout thru thus to together too top toward towards twelve
    twenty two under until up upon us very via was we well were what whatever when whence whenever where
    whereafter whereas whereby wherein whereupon wherever whether which while whither who whoever whole
    whom whose why will with within without would yet you your yours yourself yourselves""".split()
)
_SKIP_START = _STOP | _NOT_NAMES
#: Lower-case words after a name that leave it a name (verbs, auxiliaries, function words).
_FOLLOWERS = frozenset(w.lower() for w in _STOP) | frozenset(
    """is was has had will would can could may might should must who which whose said says told tells also
    later previously repeatedly recently reportedly did does do often then again once never always added
    wrote argues argued believes thinks thought wants wanted hopes hoped""".split()
)


#: Word endings of adjectives ("Democratic", "Republican", "Presumptive", "Western").
_ADJECTIVE_ENDINGS = ("an", "ic", "ish", "ese", "ive", "al", "ern", "ary")
#: Nouns a name modifies rather than names ("Clinton supporters", "the Trump campaign").
_ROLE_NOUNS = frozenset(
    """nominee nominees candidate candidates supporter supporters campaign campaigns official officials voter
    voters delegate delegates administration party leader leaders aide aides adviser advisers advisor
    advisors spokesman spokeswoman spokesperson staff staffer staffers ally allies rival rivals critics
    camp team donors backers loyalists government lawmakers senators officers debate debates talks rally
    rallies speech speeches interview event meeting hearing primary primaries caucus caucuses convention race
    election elections era plan law policy bill program deal crisis scandal affair years strategist strategists
    analyst analysts expert experts consultant consultants operative operatives activist activists member
    members establishment base voters""".split()
)


#: Between a modifier (an affiliation) and the name it modifies: lower-case title words ("adviser", "deputy
#: foreign minister"), not a conjunction, preposition or verb.
TITLE_GAP = re.compile(
    r"(?:['’]s)?\s+(?:(?!(?:and|or|with|of|to|for|by|as|said|says|told|has|have|had|is|was|will|would)\s)[a-z][\w-]*\s+){1,4}"
)
#: Between a name and an affiliation in an apposition: ", a spokesman for the", ", Ms. " (a name's title).
_APPOSITION = re.compile(r",\s+(?:(?:a|an|the|former|senior)\s+)?(?:[a-z][\w-]*\s+){0,5}(?:(?:Mr|Ms|Mrs)\.?\s+)?")


@dataclass(frozen=True)
class _Span:
    """A word of a name run (``start``/``end`` within the run), like a regex match."""

    s: int
    e: int
    text: str

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e

    def group(self) -> str:
        return self.text


def _reporting_forms() -> frozenset[str]:
    return load_reporting_verbs()


_CAP = r"(?:[A-Z][\w'’-]*\.?|[A-Z]\.)"
#: A run of capitalised words: initials, apostrophes and hyphens inside words, name particles between them.
NAME_RUN = re.compile(
    rf"(?<![\w'’.-]){_CAP}(?:[ \t]+(?:(?:de|van|von|der|den|del|della|da|di|du|bin|ibn|al|el|la|le)[ \t]+)?{_CAP})*"
)
_WORD = re.compile(r"[\w'’.-]+")
_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z][\w'’-]*")
_SENTENCE_START = re.compile(r"^[\s\"“”‘’'«»„(\[—–-]*$")


@dataclass
class Cast:
    """The open-world actors of one document, and who each name in it refers to.

    Parameters
    ----------
    registry : ActorRegistry
        Names it knows are left to it.
    text : str
        The document's text (for the capitalisation evidence of single words at sentence starts).
    """

    registry: ActorRegistry
    text: str = ""
    actors: dict[str, Actor] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # surname or full name as written -> actor id
    affiliation: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._lower = {w.casefold() for w in _LOWER_WORD.findall(self.text)}
        self._mid_caps = set(re.findall(r"(?<=[\w,;:] )[A-Z][\w'’-]+", self.text))

    def get(self, actor_id: str) -> Actor | None:
        """The actor ``actor_id``: the registry's, else an open-world one, else ``None``."""
        return self.registry.actors.get(actor_id) or self.actors.get(actor_id)

    def find(self, p: Passage, mentions: Sequence[Mention]) -> list[Mention]:
        """The open-world names in passage ``p`` (offsets in the document), rule ``open-world``, that overlap
        none of the registry ``mentions``; registers new actors and surnames as it goes."""
        taken = [(m.start, m.end) for m in mentions]
        out: list[Mention] = []
        for run in NAME_RUN.finditer(p.text):
            words: list[re.Match[str] | _Span] = list(_WORD.finditer(run.group()))
            rs = run.start()
            at_start = bool(_SENTENCE_START.match(p.text[:rs]))
            pronoun: str | None = None
            person = False
            i = 0
            while i < len(words):
                w = words[i].group()
                if w in HONORIFICS or w.rstrip(".") in HONORIFICS:
                    pronoun = HONORIFICS.get(w, HONORIFICS.get(w.rstrip(".")))
                    person = True
                elif (i == 0 and at_start and w.rstrip(".") in _SKIP_START) or w.rstrip(".") in _NOT_NAMES:
                    pass
                else:
                    break
                i += 1
            if i and i == len(words) - 1 and words[-1].group().rstrip(".") in ORGANISATION_WORDS:
                i = 0  # "Justice Department": a title word starts an organisation's name
            words = words[i:]
            if words:  # a possessive ends the name: "Clinton's", "Jones'"
                last = words[-1]
                cut = len(re.sub(r"['’]s?$", "", last.group()))
                if cut < len(last.group()):
                    words[-1] = _Span(last.start(), last.start() + cut, last.group()[:cut])
                    words = [w for w in words if w.group()]
            if not words:
                continue
            if self._modifier(p.text, rs + words[-1].end(), words) and not person:
                continue  # a modifier ("Presumptive Democratic nominee", "Clinton supporters")
            s = p.start + rs + words[0].start()
            e = p.start + rs + words[-1].end()
            name = p.text[s - p.start : e - p.start].rstrip(".")
            e = s + len(name)
            if any(ts < e and s < te for ts, te in taken) or (not any(c.islower() for c in name) and len(name) < 2):
                continue
            if len(words) == 1 and (name in _SKIP_START or name in _TITLES_ALONE or name.endswith(("ish", "ese"))):
                continue  # not a name alone: "the President", "English", "Chinese"
            single_start = len(words) == 1 and i == 0 and at_start
            known = self.names.get(name)
            if known is None and single_start and not (name in self._mid_caps and name.casefold() not in self._lower):
                continue
            if known is None and len(words) == 1 and name.casefold() in self._lower and not person:
                continue  # a capitalised common word ("Officials", "Democratic" used in lower case elsewhere)
            actor_id = known or self._register(name, words, person, pronoun, p, s)
            actor = self.actors.get(actor_id)
            if actor is not None and not actor.member_of:
                self._affiliation(actor_id, p, s, e, mentions)
            out.append(Mention(actor_id, s, e, name, name, "open-world"))
        return out

    def _affiliation(self, actor_id: str, p: Passage, s: int, e: int, mentions: Sequence[Mention]) -> None:
        """The registry actor a name speaks for, from the words around it: a mention right before it with
        only lower-case words between (``Kremlin spokesman Dmitry Peskov``), or inside the apposition after
        it (``Steffen Seibert, Ms. Merkel's spokesman,``); a person's affiliation is their state or
        organisation."""
        for m in mentions:
            between = p.text[m.end - p.start : s - p.start]
            after = p.text[e - p.start : m.start - p.start]
            if (m.end <= s and TITLE_GAP.fullmatch(between)) or (m.start >= e and _APPOSITION.fullmatch(after)):
                actor = self.registry.actors.get(m.actor)
                if actor is not None and actor.kind == "person":
                    if not actor.member_of:
                        continue
                    self.affiliate(actor_id, actor.member_of[0])
                else:
                    self.affiliate(actor_id, m.actor)
                return

    @staticmethod
    def _modifier(text: str, end: int, words: list) -> bool:
        """Is the capitalised run ending at ``end`` a modifier of the lower-case word after it: adjectives
        (``Presumptive Democratic nominee``: every word ends like an adjective) or a name before a role noun
        (``Clinton supporters``, ``Trump campaign``)?"""
        m = re.match(r"[ \t]+([a-z][\w'’-]*)", text[end:])
        if m is None:
            return False
        w = m.group(1)
        if w in _FOLLOWERS or w in _reporting_forms():
            return False
        return w in _ROLE_NOUNS or all(x.group().endswith(_ADJECTIVE_ENDINGS) for x in words)

    def _register(self, name: str, words: list, person: bool, pronoun: str | None, p: Passage, s: int) -> str:
        last = words[-1].group().rstrip(".")
        upper = name.isupper()
        if not person and (last in ORGANISATION_WORDS or upper):
            kind = "organisation"
        elif not person and len(words) == 1 and last.endswith("s") and last[:-1].casefold() not in self._lower:
            kind = "group" if last.endswith(("ans", "ats", "ists", "ives", "ers")) else "person"
        else:
            kind = "person"
        before = p.text[max(0, s - p.start - 40) : s - p.start].casefold().split()
        if kind == "person" and pronoun is None and before:
            if before[-1] in _FEMININE:
                pronoun = "she"
            elif before[-1] in _MASCULINE:
                pronoun = "he"
        actor_id = slug(name)
        if actor_id in self.registry.actors:
            actor_id = f"{actor_id}_"
        if actor_id not in self.actors:
            self.actors[actor_id] = Actor(actor_id, kind, name, pronoun=pronoun)
        self.names.setdefault(name, actor_id)
        if kind == "person" and len(words) > 1:
            self.names.setdefault(last, actor_id)
        return actor_id

    def unregistered(self, speakers: tuple[str, ...], spans: Iterable) -> tuple[Actor, ...]:
        """The speakers (of a passage and of its ``spans``) that the registry does not know, as actors."""
        who = dict.fromkeys((*speakers, *(a for _, _, ws, _ in spans for a in ws)))
        return tuple(
            self.actors.get(a) or Actor(a, "voice" if a == UNNAMED else "person", a)
            for a in who
            if a not in self.registry.actors
        )

    def affiliate(self, actor_id: str, registry_actor: str) -> None:
        """Record that ``actor_id`` speaks for (is a member of) the registry actor ``registry_actor``."""
        a = self.actors.get(actor_id)
        if a is not None and registry_actor not in a.member_of and registry_actor != actor_id:
            self.actors[actor_id] = Actor(a.id, a.kind, a.label, (registry_actor,), pronoun=a.pronoun)


#: A title that names its author: "Statement from President Joe Biden on …", "Remarks by Vice President …".
AUTHOR_TITLE = re.compile(
    r"^(?:Joint\s+)?(?:Statement|Statements|Remarks|Message|Op-Ed|Letter|Address|Video Address|Proclamation)"
    r"\s+(?:by|from|of)\s+(?P<who>.+?)(?=\s+(?i:on|at|to|before|in|for|after|during|regarding|about|as|upon|"
    r"following|ahead)\s|[:;–—(]|$)"
)
#: Words of an office before a name in such a title ("National Security Advisor Jake Sullivan").
_OFFICE_WORDS = frozenset(
    """President Vice First Second Lady Gentleman Prime Minister Secretary Deputy National Security Advisor
    Adviser Press White House State Defense Homeland Treasury Special Envoy Representative Trade Ambassador
    Assistant Principal Senior Chief Staff Director Counselor Spokesperson Spokesman Spokeswoman Coordinator
    Administrator Attorney General Governor Senator Leader Majority Minority Speaker U.S. US United States
    Foreign Chancellor Commissioner Chair Chairman Chairwoman Mr. Ms. Mrs. Dr. Joseph R. Jr. Sr.""".split()
)


def title_speaker(title: str, registry: ActorRegistry, date: str | None = None) -> tuple[str, ...]:
    """The author a document's title names (``Statement from President Joe Biden on …`` → ``biden``;
    ``Statement by National Security Advisor Jake Sullivan`` → ``jake_sullivan``), ``()`` when it names none.

    The registry resolves the name with its titles (and a role by ``date``); otherwise the office words before
    the name are dropped and the rest gives an open-world id. Readouts are not statements: their
    participants speak (:mod:`framing.actors.readouts`).
    """
    m = AUTHOR_TITLE.match(title.strip())
    if m is None:
        return ()
    out: list[str] = []
    for who in re.split(r"\s*,\s*(?:and\s+)?|\s+and\s+", " ".join(m.group("who").split())):
        actor = _author(who, registry, date)
        if actor is not None and actor not in out:
            out.append(actor)
    return tuple(out)


def _author(who: str, registry: ActorRegistry, date: str | None) -> str | None:
    for name in (who, f"the {who}"):  # "President of Russia" is the role "the President of Russia"
        actor = registry.resolve_name(name, date)
        if actor is not None:
            return actor
    mentions = registry.find_mentions(who, date=date)
    if mentions and not re.search(r"[A-Z]", who[mentions[-1].end :]):
        return mentions[-1].actor  # "President Biden" with a title the registry lists
    words = re.split(r"\s+of\s+", who)[0].split()  # "Prime Minister Trudeau of Canada"
    while len(words) > 1 and words[0] in _OFFICE_WORDS:
        words = words[1:]
    if not words or not words[0][:1].isupper() or words[0] in _OFFICE_WORDS:
        return None  # "the Press Secretary": an office, no name
    return slug(" ".join(words))
