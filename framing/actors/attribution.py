"""Attribution: who speaks in each passage (its speakers) and who is talked about (its targets).

Every decision names the rule that made it and the span of evidence, so it can be audited with
:meth:`Attribution.explain`. The rules, tried in this order for each passage:

``reporting-verb``
    A reporting verb (``framing/data/reporting_verbs.txt``) outside quotation marks, in verb position (not
    inside a name, not a noun after a determiner or quantifier, ``his comments``, ``a phone call``, not a
    passive, ``was confirmed``, ``described by``, not a naming participle, ``a move called …``), whose
    subject is an actor. The subject is the first actor mention or open-world name
    (:mod:`framing.actors.names`: ``Nina Turner`` → ``nina_turner``) before the verb, outside quotes, in the
    verb's own clause (after a quotation that closes before it, after the comma of an introductory phrase,
    ``As Freddy stumbled,``; not before a subordinate clause the verb belongs to, ``…, even as advocates
    called``), that is not the object of a preposition (``by U.S. President Donald Trump``) and not a
    possessive (``Russia's``); a name in apposition after a description is preferred (``the GOP nominee,
    Donald Trump, tweeted``). Mentions joined to it by ``and``, a comma, ``along with``, ``together with``,
    ``as well as`` or ``alongside`` are co-speakers (``Biden, along with Western European leaders and
    Ukraine, has characterized``). With no subject before the verb and the verb right after a closing
    quotation mark, a mention or name right after the verb (titles allowed between) is taken (``"…," said
    Sen. Maria Cantwell``). With neither, a noun right before the verb (``officials said``) or, after a
    quotation, a description after it (``"…," said a spokesman for the Kremlin``) is an **unnamed source**:
    the registry actor named inside it (``A senior Kremlin official said`` → ``russia``), else
    :data:`~framing.actors.names.UNNAMED` (note ``an unnamed source``). Last, ``according to X`` makes X
    the speaker. An unknown speaker is a speaker: it ends the carry-over of the previous one.
``pronoun``
    The subject is ``he``/``she``/``they``: it refers to a compatible actor (a person with that pronoun,
    or any non-person actor for ``they``; open-world persons take the pronoun of ``Mr.``/``Ms.`` or of
    ``spokeswoman``) mentioned outside quotes or speaking, in this passage before the pronoun or in the
    previous ``carryover_scope`` passages of the same document. Salience decides: the nearest passage with
    a compatible actor, and in it the first one that can be a subject (``Zelensky called on Trump to
    pressure Putin. He said`` → Zelensky), else the most recent. A plural ``they`` after a passage that
    mentions two or more persons refers to all of them (``Putin and Erdogan had a telephone conversation.
    They expressed hope …``).
``joint`` / ``participant`` / ``side`` / ``readout-continuation`` / ``excerpt``
    In a readout (:mod:`framing.actors.readouts`: a "Telephone conversation with …" or White House "Readout of
    …" page, a lead "X had a telephone conversation with Y", or metadata ``genre: readout``), outside
    quotations, these replace the two rules above. The participants are the host and those named after
    "conversation with" (or "call with") in the title or lead (open-world ids for names the registry lacks). The
    subject of the first speech or stance verb decides: "the two leaders", "both sides", "the parties", "they",
    or all participants named together, and agentless passives ("It was agreed to …", "… were discussed") → all
    participants (``joint``; discussing is a joint speech act); one participant's name or title → that
    participant (``participant``); "Russia"/"the Russian side" → the host, "the X side" → the other participant
    (``side``). A sentence without such a verb continues the previous statement's speakers
    (``readout-continuation``), except narration about the call ("The conversation was constructive", "…
    initiative"), which is the narrator's; after an "Excerpts from …" heading, passages are the host's
    (``excerpt``).
``quote``
    The passage lies, wholly or partly, inside a quotation attributed by a reporting verb in another
    passage of the same quotation (a quote spanning sentences, with the speaker named once).
``turn`` / ``document-speaker``
    In transcripts, the speaker of the ``Name:`` turn; in speeches and addresses, the speaker(s) from the
    document's metadata, else from a title that names its author (``Statement from President Joe Biden on
    …``, ``Remarks by …``: :func:`~framing.actors.names.title_speaker`). Inside these, reported speech
    stays the speaker's own voice; a passage goes to someone quoted only when at least
    ``SPEECH_QUOTE_SHARE`` of it is their quotation.
``quote-introduced``
    An unattributed quotation introduced by a colon (``The message reads, in part: “…”``) belongs to the
    most recent person mentioned before it, within ``carryover_scope`` passages.
``quote-continuation``
    An otherwise unattributed quotation (e.g. a whole quoted paragraph) continues the latest speaker before
    it in the document, of a quotation or of a reporting clause, within ``carryover_scope`` passages. A
    scare quote (at most ``SCARE_QUOTE_WORDS`` words, no sentence end: ``the so-called "peace plan"``)
    neither continues a speaker nor is continued.
``narrator``
    Everything else: the reporter's own voice. A passage of punctuation only is always the narrator's.

Quotation marks recognised: ``"…"``, ``“…”``, ``„…“``, ``«…»``, ``''…''`` and ``‘…’`` (a ``’`` followed by
a letter is an apostrophe). A paragraph that ends inside a quotation closes it, unless the next paragraph
opens with a quotation mark (the news convention for a quote running over paragraphs). Targets are the
registry actors mentioned anywhere in the passage that are not among its speakers, in order of first
mention; speakers the registry does not know are listed with their kind and name in
:attr:`Attribution.unregistered` (``framing attribute --unregistered`` counts them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from ..corpus import Document
from ..passages import Passage
from .clauses import Clause, can_be_subject, introducer, reporting_clause
from .loading import load_actors
from .names import Cast, title_speaker
from .quotes import Quote, find_quotes, inside, quoted_share, scare_quote
from .readouts import readout_clauses
from .registry import NARRATOR, Actor, ActorRegistry, Mention
from .search import WordFinder
from .verbs import load_reporting_verbs

__all__ = ["Attribution", "SpeakerAttributor", "attribute", "attributions_frame", "load_reporting_verbs"]

#: Passages back that a pronoun or an unattributed quotation may reach for its antecedent. Five sentences
#: covers a news paragraph and its follow-up; beyond it a pronoun is left unresolved (narrator).
DEFAULT_CARRYOVER_SCOPE = 5


@dataclass(frozen=True, slots=True)
class Attribution:
    """Speakers and targets of one passage, with the rule and the evidence span behind them.

    Offsets (``start``, ``end``, ``evidence_start``, ``evidence_end`` and those of ``mentions`` and
    ``quotes``) point into the document text.

    Attributes
    ----------
    doc_id : str
        The passage's document.
    passage_id : int
        The passage's number in its document.
    start, end : int
        The passage's offsets.
    text : str
        The passage's text.
    speakers : tuple of str
        The actor ids who speak in it (the narrator, :data:`~framing.actors.NARRATOR`, when nobody else).
    targets : tuple of str
        The actors mentioned in it that are not among its speakers, in order of first mention.
    rule : str
        The rule that chose the speakers (module docstring): ``reporting-verb``, ``pronoun``, ``joint``,
        ``participant``, ``side``, ``readout-continuation``, ``excerpt``, ``quote``, ``turn``,
        ``document-speaker``, ``quote-introduced``, ``quote-continuation`` or ``narrator``.
    evidence_start, evidence_end : int or None
        The span of the evidence (the reporting clause, the turn label, ...), ``None`` when there is none.
    evidence : str
        The text of that span.
    note : str
        What else the rule says (the pronoun's antecedent, ...), or ``""``.
    mentions : tuple of Mention
        Every actor mention in the passage.
    quotes : tuple of (int, int)
        The parts of the passage inside quotation marks.
    spans : tuple of (int, int, tuple of str, str)
        Who speaks each part of the passage: ``(start, end, speakers, voice)``, ``voice`` being ``quote``
        (a quotation's speaker), ``speaker`` (the passage's) or ``reporter`` (the narrator, or a speech's
        own speaker, around a quotation that someone else speaks).
    unregistered : tuple of Actor
        The speakers (of the passage or of its spans) that the registry does not know: open-world actors
        found by name (:mod:`framing.actors.names`, with kind, the name as written as ``label`` and the
        affiliation as ``member_of``) and unnamed sources.
    """

    doc_id: str
    passage_id: int
    start: int
    end: int
    text: str
    speakers: tuple[str, ...]
    targets: tuple[str, ...]
    rule: str
    evidence_start: int | None = None
    evidence_end: int | None = None
    evidence: str = ""
    note: str = ""
    mentions: tuple[Mention, ...] = ()
    quotes: tuple[tuple[int, int], ...] = ()
    spans: tuple[tuple[int, int, tuple[str, ...], str], ...] = ()
    unregistered: tuple[Actor, ...] = ()

    def speakers_at(self, position: int) -> tuple[str, ...]:
        """Who speaks at document offset ``position``: the span containing it (quoted part or not)."""
        for s, e, who, _ in self.spans:
            if s <= position < e:
                return who
        return self.speakers

    def explain(self) -> str:
        """A human-readable account of this attribution: rule, evidence and targets."""
        where = f"{self.doc_id}#{self.passage_id} [{self.start}:{self.end}]"
        ev = f" evidence [{self.evidence_start}:{self.evidence_end}] {self.evidence!r}" if self.evidence else ""
        note = f" ({self.note})" if self.note else ""
        tgt = ", ".join(f"{m.actor}={m.text!r}@{m.start}" for m in self.mentions if m.actor in self.targets)
        return (
            f"{where}: speakers={list(self.speakers)} by rule {self.rule!r}{ev}{note}; "
            f"targets={list(self.targets)}" + (f" [{tgt}]" if tgt else "")
        )

    def to_record(self) -> dict:
        """A JSON-ready dict (the row of ``framing attribute --format jsonl``)."""
        return {
            "doc_id": self.doc_id,
            "passage_id": self.passage_id,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "speakers": list(self.speakers),
            "targets": list(self.targets),
            "rule": self.rule,
            "evidence": None
            if self.evidence_start is None
            else {"start": self.evidence_start, "end": self.evidence_end, "text": self.evidence},
            "note": self.note,
            "mentions": [{"actor": m.actor, "start": m.start, "end": m.end, "text": m.text} for m in self.mentions],
            "quotes": [list(q) for q in self.quotes],
            "spans": [{"start": s, "end": e, "speakers": list(w), "voice": v} for s, e, w, v in self.spans],
            "unregistered": [
                {"id": a.id, "kind": a.kind, "name": a.label, "member_of": list(a.member_of)} for a in self.unregistered
            ],
        }


#: In a speech, a passage goes to a quoted actor only if at least this share of its characters is inside
#: the quotation: "the so-called 'denazification'" stays the speaker's sentence.
SPEECH_QUOTE_SHARE = 0.5


def _local_alias_re(spec: str | Iterable[str] | None) -> tuple[re.Pattern[str], dict[str, str]] | None:
    """Document-level aliases from metadata (``aliases``: ``"the President=putin"`` strings): names whose
    meaning depends on the source (on kremlin.ru "the President" is Russia's). A local alias followed by
    ``of`` (``the President of France``) is not a mention of that actor."""
    if not spec:
        return None
    pairs = dict(item.split("=", 1) for item in ((spec,) if isinstance(spec, str) else spec) if "=" in item)
    if not pairs:
        return None
    alt = "|".join(map(re.escape, sorted(pairs, key=lambda a: (-len(a), a))))
    return re.compile(rf"(?<!\w)(?:{alt})(?!\w)(?! of\b)"), pairs


def _with_local(mentions: list[Mention], p: Passage, local) -> list[Mention]:
    if local is None:
        return mentions
    rx, pairs = local
    taken = [(m.start, m.end) for m in mentions]
    extra = [
        Mention(pairs[m.group()], m.start() + p.start, m.end() + p.start, m.group(), m.group(), "document-alias")
        for m in rx.finditer(p.text)
        if not any(s < m.end() + p.start and m.start() + p.start < e for s, e in taken)
    ]
    return sorted(mentions + extra, key=lambda m: m.start) if extra else mentions


class SpeakerAttributor:
    """Attribute passages to speakers and targets with the documented rules (see the module docstring).

    Parameters
    ----------
    registry : ActorRegistry, optional
        The :class:`~framing.actors.ActorRegistry` (default: the bundled one, loaded on first use).
    reporting_verbs : iterable of str, optional
        Inflected verb forms that introduce speech, matched case-insensitively (default: the shipped list,
        :func:`load_reporting_verbs`).
    carryover_scope : int
        How many passages back a pronoun or an unattributed quotation may look for its antecedent
        (default :data:`DEFAULT_CARRYOVER_SCOPE`).
    """

    def __init__(
        self,
        registry: ActorRegistry | None = None,
        *,
        reporting_verbs: Iterable[str] | None = None,
        carryover_scope: int = DEFAULT_CARRYOVER_SCOPE,
    ) -> None:
        self.registry = registry
        self.reporting_verbs = reporting_verbs
        self.carryover_scope = carryover_scope

    # public ---------------------------------------------------------------------------------------------
    def attribute(self, passages: Iterable[Passage], corpus: Iterable[Document] | None = None) -> list[Attribution]:
        """One :class:`Attribution` per passage, in the order given.

        With ``corpus`` (the documents the passages come from) the document metadata is used: ``date``
        resolves role descriptions, ``speaker`` (a name or names) makes a speech's speaker the default
        voice instead of the narrator, and turn labels marked by the reader (``Name:`` in transcripts)
        give each turn's passages to the labelled speaker.
        """
        passages = list(passages)
        docs = {d.doc_id: d for d in corpus} if corpus is not None else {}
        by_doc: dict[str, list[Passage]] = {}
        for p in passages:
            by_doc.setdefault(p.doc_id, []).append(p)
        result: dict[tuple[str, int], Attribution] = {}
        for doc_id, doc_passages in by_doc.items():
            ordered = sorted(doc_passages, key=lambda p: p.passage_id)
            for a in self._attribute_document(ordered, docs.get(doc_id)):
                result[(a.doc_id, a.passage_id)] = a
        return [result[(p.doc_id, p.passage_id)] for p in passages]

    # internals ------------------------------------------------------------------------------------------
    @cached_property
    def _registry(self) -> ActorRegistry:
        """The registry given, or the bundled one, loaded once per attributor."""
        return self.registry if self.registry is not None else load_actors()

    @cached_property
    def _verb_re(self) -> WordFinder:
        """The reporting verbs as whole words, case-insensitively (:class:`~framing.actors.search.WordFinder`)."""
        return WordFinder(load_reporting_verbs() if self.reporting_verbs is None else self.reporting_verbs)

    @staticmethod
    def _resolve_names(registry: ActorRegistry, names: object, date: str | None) -> tuple[str, ...]:
        if isinstance(names, str):
            names = (names,)
        if not isinstance(names, tuple | list):
            return ()
        out = [registry.actor_for_label(n, date) for n in names if isinstance(n, str) and n.strip()]
        return tuple(dict.fromkeys(out))

    def _attribute_document(self, passages: list[Passage], doc: Document | None) -> list[Attribution]:
        """The attributions of one document's passages (in passage order), in four steps: the default voice
        of each passage (turn or document speaker), the reporting clauses (reporting verbs and pronouns),
        the speaker of each quotation, then each passage's speakers, targets, evidence and spans."""
        registry = self._registry
        meta = doc.meta if doc is not None else {}
        date = str(meta["date"])[:10] if meta.get("date") else None
        base = self._default_voices(passages, doc, date)
        quotes = find_quotes(passages)
        local = _local_alias_re(meta.get("aliases"))
        mentions = {
            p.passage_id: _with_local(registry.find_mentions(p.text, p.start, date=date), p, local) for p in passages
        }
        cast = Cast(registry, doc.text if doc is not None else "\n".join(p.text for p in passages))
        names = {p.passage_id: cast.find(p, mentions[p.passage_id]) for p in passages}
        # salient actors for pronouns: (position, passage index, actor, can be subject); a document's title
        # and lead, when its metadata has them, introduce actors before the first passage
        salient: list[tuple[int, int, str, bool]] = [
            (-1, 0, m.actor, True)
            for field in ("title", "lead")
            if isinstance(meta.get(field), str)
            for m in registry.find_mentions(meta[field], date=date)
        ]
        qspans = [(q.start, q.end) for q in quotes]
        clauses = self._reporting_clauses(passages, mentions, names, qspans, salient, cast, set(base))
        clauses.update(readout_clauses(passages, meta, doc.text if doc is not None else "", registry, date, qspans))
        group_speaker = self._quote_speakers(passages, quotes, clauses, base, salient, cast)
        return [
            self._passage_attribution(
                p, doc, passages, mentions[p.passage_id], quotes, clauses.get(p.passage_id), base, group_speaker, cast
            )
            for p in passages
        ]

    def _default_voices(self, passages: list[Passage], doc: Document | None, date: str | None) -> dict[int, Clause]:
        """The default voice of each passage: its transcript turn's speaker, the document's speaker (from
        the metadata), or none (news: the narrator), by passage id."""
        registry = self._registry
        meta = doc.meta if doc is not None else {}
        text = doc.text if doc is not None else ""
        doc_speakers = self._resolve_names(registry, meta.get("speaker"), date)
        note = "speaker from metadata"
        if not doc_speakers and isinstance(meta.get("title"), str):
            doc_speakers = title_speaker(meta["title"], registry, date)
            note = "speaker from the title"
        turns = [
            (s, e, self._resolve_names(registry, text[s:e].rstrip(": \t").strip(), date))
            for s, e, why in (doc.excluded if doc is not None else ())
            if why == "turn"
        ]
        base: dict[int, Clause] = {}
        for p in passages:
            turn = next((t for t in reversed(turns) if t[0] <= p.start), None)
            if turn is not None and turn[2]:
                base[p.passage_id] = Clause(turn[2], "turn", turn[0], turn[1])
            elif doc_speakers:
                base[p.passage_id] = Clause(doc_speakers, "document-speaker", -1, -1, note)
        return base

    def _reporting_clauses(
        self,
        passages: list[Passage],
        mentions: dict[int, list[Mention]],
        names: dict[int, list[Mention]],
        qspans: list[tuple[int, int]],
        salient: list[tuple[int, int, str, bool]],
        cast: Cast,
        speech: set[int],
    ) -> dict[int, Clause]:
        """The reporting clause (reporting verb or pronoun rule) of each passage that has one, by passage id;
        in a speech or turn (passage ids in ``speech``) not that of an unnamed source.

        Extends ``salient`` passage by passage with the actors mentioned outside quotes and those a pronoun
        was resolved to, so that later pronouns can refer to them."""
        verb_re = self._verb_re
        clauses: dict[int, Clause] = {}
        for i, p in enumerate(passages):
            pid = p.passage_id
            if not any(c.isalnum() for c in p.text):
                continue  # a passage of punctuation only never gets a speaker
            clause = reporting_clause(
                p, i, mentions[pid], qspans, verb_re, salient, cast, self.carryover_scope, names[pid]
            )
            if clause is not None and pid in speech and clause.note.endswith("an unnamed source"):
                clause = (
                    None  # in a speech, words of an unnamed source ("my colleagues ask me, '…'") stay its speaker's
                )
            if clause is not None:
                clauses[pid] = clause
            new = [(m.start, i, m.actor, can_be_subject(p, m)) for m in mentions[pid] if not inside(m.start, qspans)]
            new.extend(
                (m.start, i, m.actor, True) for m in names[pid] if not inside(m.start, qspans) and can_be_subject(p, m)
            )
            if clause is not None and clause.rule in ("pronoun", "reporting-verb"):
                new.extend((clause.ev_start, i, s, True) for s in clause.speakers)
            salient.extend(sorted(new))  # positions only grow from passage to passage: salient stays sorted
        return clauses

    def _quote_speakers(
        self,
        passages: list[Passage],
        quotes: list[Quote],
        clauses: dict[int, Clause],
        base: dict[int, Clause],
        salient: list[tuple[int, int, str, bool]],
        cast: Cast,
    ) -> dict[int, Clause]:
        """The speaker of each quotation group: the reporting clause of one of its passages, else (outside a
        speech) its colon introducer or the continuation of the latest speaker: the latest attributed
        quotation or reporting clause before it, within the carry-over scope. A scare quote (a short quoted
        phrase, :func:`~framing.actors.quotes.scare_quote`) is never continued and never continues."""
        index = {p.passage_id: i for i, p in enumerate(passages)}
        group_speaker: dict[int, Clause] = {}
        latest: tuple[int, Clause] | None = None
        said = sorted((index[pid], c) for pid, c in clauses.items() if pid in index)
        for q in sorted(quotes, key=lambda q: q.start):
            if q.group in group_speaker:
                continue
            first = index[q.passages[0]]
            for j, c in said:
                if j < first and (latest is None or j >= latest[0]):
                    latest = (j, c)
            found = next((clauses[pid] for pid in reversed(q.passages) if pid in clauses), None)
            speech = q.passages[0] in base
            scare = scare_quote(q, passages, index)
            if found is None and not speech and not scare:
                found = introducer(q, passages, index, salient, cast, self.carryover_scope)
            if found is not None:
                group_speaker[q.group] = found
                if not scare:
                    latest = (index[q.passages[-1]], found)
            elif not speech and not scare and latest is not None and first - latest[0] <= self.carryover_scope:
                prev = latest[1]
                group_speaker[q.group] = Clause(
                    prev.speakers,
                    "quote-continuation",
                    prev.ev_start,
                    prev.ev_end,
                    "unattributed quotation continues the previous speaker",
                )
        return group_speaker

    def _passage_attribution(
        self,
        p: Passage,
        doc: Document | None,
        passages: list[Passage],
        mentions: list[Mention],
        quotes: list[Quote],
        clause: Clause | None,
        base: dict[int, Clause],
        group_speaker: dict[int, Clause],
        cast: Cast,
    ) -> Attribution:
        """The :class:`Attribution` of one passage, given its reporting clause (if any), its default voice and
        the speakers of the quotations."""
        ms = tuple(m for m in mentions)
        in_p = [q for q in quotes if q.start < p.end and q.end > p.start]
        pq = tuple((max(q.start, p.start), min(q.end, p.end)) for q in in_p)
        voice = base.get(p.passage_id)
        if voice is not None and clause is not None and quoted_share(p, in_p) < SPEECH_QUOTE_SHARE:
            # in a speech, reported speech and short (scare) quotes stay the speaker's own voice; the
            # quoted words still go to their speaker in the passage's spans
            clause = None
        if clause is None:
            groups = [q.group for q in in_p if q.group in group_speaker]
            if voice is not None and voice.rule == "turn":
                # a quotation's speaker named before this turn began is not this turn's: a turn label ends
                # what an unclosed quotation of an earlier turn said
                groups = [g for g in groups if group_speaker[g].ev_start >= voice.ev_start]
            if groups:
                src = group_speaker[groups[0]]
                speakers = tuple(dict.fromkeys(s for g in groups for s in group_speaker[g].speakers))
                rule = src.rule if src.rule in ("quote-continuation", "quote-introduced") else "quote"
                clause = Clause(speakers, rule, src.ev_start, src.ev_end, src.note)
        if clause is None:
            clause = voice or Clause((NARRATOR,), "narrator", -1, -1)
        if not any(c.isalnum() for c in p.text) and voice is None:
            clause = Clause((NARRATOR,), "narrator", -1, -1, "punctuation only")
        reporter = voice.speakers if voice is not None else (NARRATOR,)
        spans = self._spans(p, clause, in_p, group_speaker, reporter)
        speakers = clause.speakers
        targets = tuple(dict.fromkeys(m.actor for m in ms if m.actor not in speakers))
        evidence, ev_s, ev_e = "", None, None
        if clause.ev_start >= 0:
            ev_s, ev_e = clause.ev_start, clause.ev_end
            if doc is not None:
                evidence = doc.text[ev_s:ev_e]
            else:
                src_p = next(q for q in passages if q.start <= ev_s < q.end or q.start == ev_s)
                evidence = src_p.text[ev_s - src_p.start : ev_e - src_p.start]
        return Attribution(
            p.doc_id,
            p.passage_id,
            p.start,
            p.end,
            p.text,
            speakers,
            targets,
            clause.rule,
            ev_s,
            ev_e,
            evidence,
            clause.note,
            ms,
            pq,
            spans,
            cast.unregistered(speakers, spans),
        )

    @staticmethod
    def _spans(
        p: Passage, clause: Clause, quotes: list[Quote], group_speaker: dict[int, Clause], reporter: tuple[str, ...]
    ) -> tuple[tuple[int, int, tuple[str, ...], str], ...]:
        """Who speaks each part of the passage: quoted parts to the quotation's speaker; the rest to the
        passage's speaker, except in the quote-first layout (``"…," Putin remarked, referring to …``) where the
        text after the quotation is the reporter's (the narrator, or a speech's own speaker)."""
        if not quotes:
            return ((p.start, p.end, clause.speakers, "speaker"),)
        quote_first = clause.rule in ("reporting-verb", "pronoun") and any(q.end <= clause.ev_start for q in quotes)
        other = (
            reporter
            if (quote_first or clause.rule in ("quote", "quote-continuation", "quote-introduced"))
            else clause.speakers
        )
        other_voice = "reporter" if other == reporter and other != clause.speakers else "speaker"
        out = []
        pos = p.start
        for q in sorted(quotes, key=lambda q: q.start):
            qs, qe = max(q.start, p.start), min(q.end, p.end)
            if qs > pos and p.text[pos - p.start : qs - p.start].strip():
                out.append((pos, qs, other, other_voice))
            who = group_speaker[q.group].speakers if q.group in group_speaker else clause.speakers
            out.append((qs, qe, who, "quote"))
            pos = qe
        if pos < p.end and p.text[pos - p.start :].strip():
            out.append((pos, p.end, other, other_voice))
        return tuple(out)


def attributions_frame(attributions: Iterable[Attribution]) -> pd.DataFrame:
    """The attributions as a table.

    Parameters
    ----------
    attributions : iterable of Attribution
        The attributions.

    Returns
    -------
    pandas.DataFrame
        One row per passage: ``doc_id``, ``passage_id``, ``start``, ``end``, ``text``, ``speakers`` and
        ``targets`` (joined with ``;``), ``rule`` and ``evidence``, sorted by document and passage (stable).
    """
    rows = [
        (a.doc_id, a.passage_id, a.start, a.end, a.text, ";".join(a.speakers), ";".join(a.targets), a.rule, a.evidence)
        for a in attributions
    ]
    cols = ["doc_id", "passage_id", "start", "end", "text", "speakers", "targets", "rule", "evidence"]
    frame = pd.DataFrame(rows, columns=cols)
    return frame.sort_values(["doc_id", "passage_id"], kind="mergesort", ignore_index=True)


def attribute(
    passages: Iterable[Passage],
    registry: ActorRegistry | None = None,
    *,
    corpus: Iterable[Document] | None = None,
    **kwargs,
) -> list[Attribution]:
    """Attribute passages: ``SpeakerAttributor(registry, **kwargs).attribute(passages, corpus)``.

    Parameters
    ----------
    passages : iterable of Passage
        The passages, of one document or many.
    registry : ActorRegistry, optional
        The actors; default: the bundled registry.
    corpus : iterable of Document, optional
        The documents the passages come from, for their metadata (``date``, ``speaker``, ``aliases``,
        ``title``, ``lead``, ``genre``) and their turn labels; without it every passage is read as news.
    **kwargs
        ``reporting_verbs`` and ``carryover_scope`` of :class:`SpeakerAttributor`.

    Returns
    -------
    list of Attribution
        One per passage, in the order given.
    """
    return SpeakerAttributor(registry, **kwargs).attribute(passages, corpus)
