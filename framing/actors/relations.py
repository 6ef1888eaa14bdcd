"""Scoring attribution against attribution relations annotated by others (PolNeAR and its format).

An *attribution relation* (Pareti 2016; PolNeAR, Newell et al. 2018) is a source (who), a cue (``said``,
``according to``) and a content (what), each a list of character spans in the document. This module reads
relations in a general JSONL format and scores the toolkit's passage attributions against them, so that
attribution is measured on text its rules were not written on.

Format (a folder, e.g. ``../shared/gold/polnear_train_dev/``):

``docs.jsonl``
    One document a line: ``id``, ``text``, optionally ``date``, ``split`` and any other metadata.
``attributions.jsonl``
    One relation a line: ``doc``, ``source`` (its text), ``cue`` (its text), ``source_spans``, ``cue_spans``,
    ``content_spans`` (``[start, end)`` offsets into the document's text), optionally ``split``.

What is scored (:func:`evaluate_relations`), with the passages as ``framing`` cuts them, by default for
*speech* relations only (a cue that is a verb of communication, :data:`SPEECH_CUES`; PolNeAR also annotates
beliefs, intentions and polls, which a speaker rule should not credit), or for all (``cues="all"``):

**reporting passages**
    A passage *reports* a relation when it overlaps the relation's cue or content. Gold positives are the
    passages that report a relation with a source; a passage counts as predicted when it has a speaker other
    than the narrator (in ``speakers`` or in any of its ``spans``). Passages that report only relations
    without a source (``It was reported that``) are left out.
**registry sources**
    A relation's source that names an actor of the registry in its head (up to a comma, parenthesis or
    relative pronoun; not when a name follows: ``Trump campaign manager Corey Lewandowski`` is a named
    source) gives a gold (passage, actor) pair for every passage reporting it; the predicted pairs are the
    passage's registry speakers. Micro precision, recall and F1 over pairs.
**named sources**
    A source that is a proper name outside the registry (``Nina Turner``; ``RoseAnn DeMoro, executive
    director of …``) gives a gold pair (passage, name); the predicted pairs are the passage's speakers
    outside the registry (open-world ids such as ``nina_turner``; not the unnamed source). A predicted
    speaker matches a gold name when the name's last word is one of the id's words or the id's last word
    is one of the name's words (``ted_cruz`` matches ``Cruz``; ``cruz`` matches ``Sen. Ted Cruz``). A word
    is part of a name when it is capitalised and its lower-case form is rare in the documents scored (less than
    :data:`NAME_LOWER_SHARE` of its uses), so ``Officials`` at a sentence start is not a name; the name is the
    source up to its first comma, parenthesis or relative pronoun, and its last word must be a name word
    (``the Clinton campaign`` and ``Republican officials`` are descriptions, not names).

In the last two scores a passage that also reports a relation whose source names no one (a pronoun: the
``coref`` that PolNeAR ships is automatic, not gold; or no source) adds no false positives: its speaker is
unknown to the gold.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ..corpus import Corpus, Document
from ..stats import PrecisionRecall
from .attribution import Attribution
from .evaluation import _read_records
from .names import UNNAMED
from .registry import NARRATOR, ActorRegistry

__all__ = [
    "NAME_LOWER_SHARE",
    "SPEECH_CUES",
    "RelationScores",
    "evaluate_relations",
    "read_relations",
    "source_name",
    "speech_cue",
]

#: Verbs of communication (Levin 1993, classes 37.1-37.9: transfer of a message, tell, manner of speaking,
#: instrument of communication, talk, chitchat, say, complain, advise; not ``show``, which polls and data
#: do) and the judgement verbs news uses for
#: speech acts (class 33: accuse, blame, criticize, praise ...), by lemma. A relation is a *speech* relation
#: when a word of its cue is a form of one of them, or its cue is ``according to`` or a colon. Independent of
#: the toolkit's own reporting-verb list, so that the scorer does not grade the rules by their own list.
SPEECH_CUES = frozenset(
    """say tell ask explain cite quote read relay teach write dictate shout whisper yell scream mumble
    mutter murmur cry exclaim cable email e-mail fax phone radio telegraph telephone wire tweet retweet post
    text speak talk argue chat joke quarrel gossip debate announce articulate blurt claim confess confide
    convey declare mention note observe proclaim propose recount reiterate relate remark repeat report
    reveal state suggest boast brag complain gripe grumble grouse moan whine lament bemoan admonish advise
    alert assure brief caution counsel inform instruct notify remind update warn add reply respond answer
    insist contend maintain acknowledge admit deny confirm concede urge call demand vow promise pledge
    threaten predict recall describe characterize characterise testify assert affirm allege emphasize
    emphasise stress underline point comment retort counter rebut dismiss reject accuse blame criticize
    criticise praise condemn denounce applaud slam blast attack mock ridicule decry deride hail thank
    congratulate welcome endorse question challenge wonder muse quip concede disclose recommend request
    invite implore plead appeal beg caution forecast estimate conclude agree disagree object protest
    charge label brand dub term frame portray paint""".split()
)


def _forms(lemma: str) -> set[str]:
    stem = lemma[:-1] if lemma.endswith("e") else lemma
    out = {lemma, lemma + "s", lemma + "es", stem + "ed", stem + "ing", lemma + "d", lemma + lemma[-1] + "ed"}
    out |= {lemma + lemma[-1] + "ing"}
    if lemma.endswith("y"):
        out |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    return out


_IRREGULAR = frozenset("said told wrote written spoke spoken taught shown read".split())
_SPEECH_FORMS = frozenset(f for lemma in SPEECH_CUES for f in _forms(lemma)) | _IRREGULAR


def speech_cue(cue: str) -> bool:
    """Is ``cue`` a speech cue: a form of a :data:`SPEECH_CUES` verb, ``according to`` or a colon?"""
    words = re.findall(r"[a-z]+", cue.casefold())
    return cue.strip() == ":" or "according" in words or any(w in _SPEECH_FORMS for w in words)


#: A capitalised word is a name word when its lower-case form makes up less than this share of its uses.
NAME_LOWER_SHARE = 0.1
_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_NAME_END = re.compile(r",|\(|\s(?:who|which|that|whose|of|from|at|for|in|on)\s|\s[-–—]\s")
_PRONOUNS = frozenset("i you he she it we they me him her us them his its our their my your who".split())


@dataclass(frozen=True)
class RelationScores:
    """Scores of attributions against attribution relations (see the module docstring).

    Attributes
    ----------
    documents, passages, relations : int
        Documents and passages scored, relations with a source read.
    reporting : PrecisionRecall
        Passages reporting a relation that get a speaker other than the narrator.
    registry : PrecisionRecall
        (passage, registry actor) pairs of registry actors named as sources.
    named : PrecisionRecall
        (passage, name) pairs of named sources outside the registry, matched by name.
    errors : tuple of dict
        Passages where a gold source was missed or a speaker was predicted wrongly: ids, text, predicted
        speakers, gold sources, the rule applied.
    unknown : tuple of (str, int)
        Speakers outside the registry that the attribution predicted, most frequent first.
    """

    documents: int
    passages: int
    relations: int
    reporting: PrecisionRecall
    registry: PrecisionRecall
    named: PrecisionRecall
    errors: tuple[dict, ...] = field(default=(), repr=False)
    unknown: tuple[tuple[str, int], ...] = field(default=(), repr=False)

    def summary(self) -> str:
        """The three scores, one line each."""
        lines = [f"{self.documents} documents, {self.passages} passages, {self.relations} relations with a source"]
        for name, s in (
            ("reporting passages", self.reporting),
            ("registry sources", self.registry),
            ("named sources", self.named),
        ):
            lines.append(
                f"{name:19s} precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}  "
                f"(tp {s.tp}, predicted {s.predicted}, gold {s.gold})"
            )
        return "\n".join(lines)

    def to_dict(self) -> dict:
        """The scores as a JSON-ready dict."""
        out: dict = {"documents": self.documents, "passages": self.passages, "relations": self.relations}
        for name in ("reporting", "registry", "named"):
            s = getattr(self, name)
            out[name] = {"precision": s.precision, "recall": s.recall, "f1": s.f1, "tp": s.tp}
            out[name].update(predicted=s.predicted, gold=s.gold)
        return out


def read_relations(directory: str | Path, split: str | None = None) -> tuple[Corpus, list[dict]]:
    """Read a folder of attribution relations (``docs.jsonl`` and ``attributions.jsonl``).

    Parameters
    ----------
    directory : str or Path
        The folder (see the module docstring for the format).
    split : str, optional
        Keep only the documents (and their relations) of this ``split`` (``train``, ``dev``); default all.

    Returns
    -------
    (Corpus, list of dict)
        The documents (metadata: every field but ``id`` and ``text``), and the relations of those documents.

    Raises
    ------
    RunError
        [F404] naming the file and line for a missing file, bad JSON or a missing field.
    """
    folder = Path(directory)
    docs: list[Document] = []
    for rec in _read_records(folder / "docs.jsonl", {"id", "text"}):
        line = rec.pop("_line")
        if split is not None and rec.get("split") != split:
            continue
        meta = {k: v for k, v in rec.items() if k not in ("id", "text")}
        docs.append(Document(str(rec["id"]), str(rec["text"]), meta=meta, source=f"{folder / 'docs.jsonl'}:{line}"))
    ids = {d.doc_id for d in docs}
    need = {"doc", "source_spans", "cue_spans", "content_spans"}
    relations = [rec for rec in _read_records(folder / "attributions.jsonl", need) if str(rec["doc"]) in ids]
    return Corpus(docs), relations


def _lower_shares(documents: Iterable[Document]) -> dict[str, float]:
    """For every word that occurs with a capital, the share of its uses in lower case (by casefold)."""
    counts: Counter[str] = Counter()
    for d in documents:
        counts.update(re.findall(r"[^\W\d_]+", d.text))
    lower: Counter[str] = Counter()
    other: Counter[str] = Counter()
    for w, n in counts.items():
        (lower if w.islower() else other)[w.casefold()] += n
    return {w: lower[w] / (lower[w] + n) for w, n in other.items()}


def source_name(source: str, lower_share: Mapping[str, float]) -> tuple[str, ...]:
    """The name words of a relation's source (casefolded), ``()`` when the source is not a proper name."""
    head = _NAME_END.split(f" {source} ", maxsplit=1)[0]
    words = [w.rstrip(".'’") for w in _WORD.findall(head)]
    words = [w for w in words if w]

    def is_name(w: str) -> bool:
        return (
            w[:1].isupper() and w.casefold() not in _PRONOUNS and lower_share.get(w.casefold(), 1.0) < NAME_LOWER_SHARE
        )

    if not words or not is_name(words[-1]):
        return ()
    return tuple(w.casefold() for w in words if is_name(w))


def _registry_source(source: str, registry: ActorRegistry, date: str | None) -> set[str]:
    """The registry actors a source names: the mentions in its head (up to a comma, parenthesis or relative
    pronoun), unless a capitalised name follows the last of them there (``Trump campaign manager Corey
    Lewandowski`` is Lewandowski, a named source; ``the Obama administration`` is ``obama``)."""
    head = _NAME_END.split(f" {source} ", maxsplit=1)[0]
    mentions = registry.find_mentions(head, date=date)
    if not mentions or re.search(r"(?<![\w'’])[A-Z]", head[mentions[-1].end :]):
        return set()
    return {m.actor for m in mentions} - {NARRATOR}


def _name_matches(actor_id: str, name: tuple[str, ...]) -> bool:
    parts = actor_id.split("_")
    return name[-1] in parts or parts[-1] in name


def _gold(
    docs: Mapping[str, Document],
    by_doc: Mapping[str, list[Attribution]],
    relations: Iterable[Mapping],
    registry: ActorRegistry,
    cues: str,
) -> tuple[dict, dict, set, set, int]:
    """Per passage: the registry actors and names of the sources of the relations it reports, the passages
    that report a relation with a source, those that report one whose source names no one, and the number
    of relations with a source."""
    lower = _lower_shares(docs.values())
    # gold per passage: kinds of source (registry actors, names, unresolved) of the relations it reports
    gold_actors: dict[tuple[str, int], set[str]] = {}
    gold_names: dict[tuple[str, int], list[tuple[str, ...]]] = {}
    reporting: set[tuple[str, int]] = set()
    unresolved: set[tuple[str, int]] = set()
    sourced = 0
    for r in relations:
        doc_id = str(r["doc"])
        doc = docs.get(doc_id)
        if doc is None:
            continue
        date = str(doc.meta.get("date") or "")[:10] or None
        spans = [tuple(s) for s in (*r["cue_spans"], *r["content_spans"])]
        hit = [
            (doc_id, a.passage_id) for a in by_doc.get(doc_id, ()) if any(s < a.end and a.start < e for s, e in spans)
        ]
        source = str(r.get("source") or "").strip()
        if not r["source_spans"] or not source or (cues == "speech" and not speech_cue(str(r.get("cue", "")))):
            unresolved.update(hit)
            continue
        sourced += 1
        reporting.update(hit)
        if source.casefold() in _PRONOUNS:
            unresolved.update(hit)  # a pronoun names no one; the corpus's coreference is automatic, not gold
            continue
        actors = _registry_source(source, registry, date)
        if actors:
            for key in hit:
                gold_actors.setdefault(key, set()).update(actors)
            continue
        name = source_name(source, lower)
        if name:
            for key in hit:
                gold_names.setdefault(key, []).append(name)
    return gold_actors, gold_names, reporting, unresolved, sourced


# long: one pass over the passages scores all three measures and keeps the disagreements together
def evaluate_relations(
    attributions: Iterable[Attribution],
    documents: Sequence[Document],
    relations: Iterable[Mapping],
    registry: ActorRegistry,
    *,
    cues: str = "speech",
) -> RelationScores:
    """Score passage attributions against attribution relations (see the module docstring).

    Parameters
    ----------
    attributions : iterable of Attribution
        The attributions of every passage of ``documents``.
    documents : sequence of Document
        The documents the relations annotate.
    relations : iterable of mapping
        The relations, as :func:`read_relations` gives them.
    registry : ActorRegistry
        The registry the attribution used: it decides which sources are registry actors.
    cues : {"speech", "all"}
        Score speech relations only (default: a cue of :func:`speech_cue`; passages reporting only other
        relations, beliefs and polls, are left out like source-less ones), or every relation.

    Returns
    -------
    RelationScores
    """
    docs = {d.doc_id: d for d in documents}
    by_doc: dict[str, list[Attribution]] = {}
    for a in attributions:
        by_doc.setdefault(str(a.doc_id), []).append(a)
    gold_actors, gold_names, reporting, unresolved, sourced = _gold(docs, by_doc, relations, registry, cues)
    rep = [0, 0, 0]
    reg = [0, 0, 0]
    nam = [0, 0, 0]
    errors: list[dict] = []
    unknown: Counter[str] = Counter()
    n_passages = 0
    for doc_id in sorted(docs):
        for a in sorted(by_doc.get(doc_id, ()), key=lambda a: a.passage_id):
            n_passages += 1
            key = (doc_id, a.passage_id)
            who = {s for s in a.speakers if s != NARRATOR}
            who.update(s for _, _, ws, _ in a.spans for s in ws if s != NARRATOR)
            if key in unresolved and key not in reporting:
                continue  # reports only source-less relations
            pred, want = bool(who), key in reporting
            rep[0] += pred and want
            rep[1] += pred
            rep[2] += want
            in_reg = {s for s in who if s in registry.actors}
            outside = sorted(who - in_reg - {UNNAMED})
            unknown.update(outside)
            g_act = gold_actors.get(key, set())
            g_names = list(dict.fromkeys(gold_names.get(key, [])))
            blind = key in unresolved
            tp_reg = len(in_reg & g_act)
            reg[0] += tp_reg
            reg[1] += tp_reg if blind else len(in_reg)
            reg[2] += len(g_act)
            free = list(g_names)
            tp_named = 0
            for s in outside:
                match = next((n for n in free if _name_matches(s, n)), None)
                if match is not None:
                    free.remove(match)
                    tp_named += 1
            nam[0] += tp_named
            nam[1] += tp_named if blind else len(outside)
            nam[2] += len(g_names)
            if pred != want or in_reg != g_act or tp_named != len(g_names) or (not blind and tp_named != len(outside)):
                errors.append(
                    {
                        "doc_id": doc_id,
                        "passage_id": a.passage_id,
                        "text": a.text,
                        "speakers": sorted(who),
                        "gold_actors": sorted(g_act),
                        "gold_names": [" ".join(n) for n in g_names],
                        "reporting": want,
                        "rule": a.rule,
                    }
                )
    return RelationScores(
        len(docs),
        n_passages,
        sourced,
        PrecisionRecall(*rep),
        PrecisionRecall(*reg),
        PrecisionRecall(*nam),
        tuple(errors),
        tuple(unknown.most_common()),
    )
