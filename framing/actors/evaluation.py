"""Evaluation of speaker and target attribution against hand-coded gold files, and of transcript turns.

Gold files are JSONL, one passage per line::

    {"doc_id": "...", "passage_id": 3, "starts": "first words of the passage", "speakers": ["putin"],
     "targets": ["ukraine", "nato"]}

``starts`` guards against segmentation drift: a gold passage whose text no longer starts that way is an
error, not a silent mismatch. ``sha1`` (the SHA-1 hex digest of the passage's UTF-8 text) does the same for
texts a gold file may not copy: a passage whose text hashes differently is an error too. Scores are
micro-averaged over (passage, actor) pairs: precision = correct pairs / predicted pairs, recall = correct
pairs / gold pairs, F1 their harmonic mean, with the toolkit's one convention
(:class:`framing.stats.PrecisionRecall`): precision is NaN when nothing is predicted, recall NaN when there
is no gold, F1 NaN when both are empty; a passage with no gold and no predicted targets contributes nothing
to target scores. Exact-match accuracy (all speakers of a passage right) is reported too.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..corpus import Document
from ..errors import RunError
from ..stats import PrecisionRecall
from .attribution import Attribution
from .registry import ActorRegistry

__all__ = ["AttributionScores", "evaluate_attributions", "evaluate_turns", "read_gold", "read_turns"]


@dataclass(frozen=True)
class AttributionScores:
    """Speaker and target scores over ``passages`` gold passages, with the passages that disagree.

    Attributes
    ----------
    passages : int
        Gold passages scored.
    speakers, targets : PrecisionRecall
        Micro-averaged precision, recall and F1 over (passage, actor) pairs, with their counts.
    speaker_exact : float
        Share of passages whose speakers are exactly the gold ones (NaN without gold passages).
    errors : tuple of dict
        The passages whose speakers or targets differ from the gold: ids, text, gold and predicted actors,
        and the rule applied.
    """

    passages: int
    speakers: PrecisionRecall
    targets: PrecisionRecall
    speaker_exact: float
    errors: tuple[dict, ...]

    def summary(self) -> str:
        lines = [f"{self.passages} gold passages"]
        for name, s in (("speakers", self.speakers), ("targets", self.targets)):
            lines.append(
                f"{name:9s} precision {s.precision:.3f}  recall {s.recall:.3f}  F1 {s.f1:.3f}  "
                f"(correct {s.tp}, predicted {s.predicted}, gold {s.gold})"
            )
        lines.append(f"speaker exact-match accuracy {self.speaker_exact:.3f}")
        return "\n".join(lines)

    def to_dict(self) -> dict:
        return {
            "passages": self.passages,
            **{
                f"{n}_{k}": getattr(getattr(self, n), k)
                for n in ("speakers", "targets")
                for k in ("precision", "recall", "f1", "tp", "predicted", "gold")
            },
            "speaker_exact": self.speaker_exact,
        }


def read_gold(path: str | Path) -> list[dict]:
    """Read a gold JSONL file of passages (see the module docstring).

    Parameters
    ----------
    path : str or Path
        The JSONL file: one object a line with ``doc_id``, ``passage_id``, ``speakers``, ``targets`` (and
        optionally ``starts`` or ``sha1``); blank lines are skipped.

    Returns
    -------
    list of dict
        The records in file order, each with its line number as ``_line``.

    Raises
    ------
    RunError
        [F404] naming the file and line: not UTF-8, invalid JSON, not an object, a key missing.
    """
    return _read_records(path, {"doc_id", "passage_id", "speakers", "targets"})


def read_turns(path: str | Path) -> list[dict]:
    """Read a JSONL file of labelled transcript turns.

    Parameters
    ----------
    path : str or Path
        The JSONL file: one object a line with ``doc_id``, ``turn`` (its number), ``speaker`` (the label)
        and, for :func:`evaluate_turns` to find it, ``text``; blank lines are skipped.

    Returns
    -------
    list of dict
        The records in file order, each with its line number as ``_line``.

    Raises
    ------
    RunError
        [F404] naming the file and line: not UTF-8, invalid JSON, not an object, a key missing.
    """
    return _read_records(path, {"doc_id", "turn", "speaker"})


def _read_records(path: str | Path, required: set[str]) -> list[dict]:
    """The JSON objects of a JSONL file, each with the keys ``required`` and its line as ``_line``."""
    out = []
    try:
        text = Path(path).read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise RunError("F404", path=str(path), line=1, detail=f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise RunError("F404", path=str(path), line=0, detail=f"cannot be read ({exc.strerror})") from None
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            rec = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            detail = getattr(exc, "msg", "nested too deeply")
            raise RunError("F404", path=str(path), line=lineno, detail=f"invalid JSON ({detail})") from None
        if not isinstance(rec, dict):
            raise RunError("F404", path=str(path), line=lineno, detail="a line must be a JSON object")
        missing = required - set(rec)
        if missing:
            raise RunError("F404", path=str(path), line=lineno, detail=f"missing {sorted(missing)}")
        rec["_line"] = lineno
        out.append(rec)
    return out


def evaluate_attributions(attributions: Iterable[Attribution], gold: Sequence[Mapping]) -> AttributionScores:
    """Score attributions against gold records (see the module docstring).

    Parameters
    ----------
    attributions : iterable of Attribution
        The attributions to score (those of passages without gold are ignored).
    gold : sequence of mapping
        Gold records, as :func:`read_gold` gives them.

    Returns
    -------
    AttributionScores
        The scores, and the passages that disagree.

    Raises
    ------
    RunError
        [F405] for a gold passage that has no attribution; [F406] for one whose text no longer starts with
        its ``starts`` or no longer has its ``sha1`` (segmentation drift).
    """
    by_key = {(str(a.doc_id), a.passage_id): a for a in attributions}
    sp = [0, 0, 0]
    tg = [0, 0, 0]
    exact = 0
    errors = []
    for g in gold:
        key = (str(g["doc_id"]), int(g["passage_id"]))
        a = by_key.get(key)
        if a is None:
            raise RunError("F405", doc_id=key[0], passage_id=key[1], line=g.get("_line", 0))
        expected = None
        if g.get("starts") and not a.text.startswith(g["starts"]):
            expected = f"start {g['starts']!r}"
        elif g.get("sha1") and hashlib.sha1(a.text.encode("utf-8")).hexdigest() != g["sha1"]:
            expected = f"have SHA-1 {g['sha1']}"
        if expected:
            raise RunError("F406", doc_id=key[0], passage_id=key[1], expected=expected, text=a.text[:60])
        for counts, pred, want in ((sp, set(a.speakers), set(g["speakers"])), (tg, set(a.targets), set(g["targets"]))):
            counts[0] += len(pred & want)
            counts[1] += len(pred)
            counts[2] += len(want)
        exact += set(a.speakers) == set(g["speakers"])
        if set(a.speakers) != set(g["speakers"]) or set(a.targets) != set(g["targets"]):
            errors.append(
                {
                    "doc_id": key[0],
                    "passage_id": key[1],
                    "text": a.text,
                    "gold_speakers": g["speakers"],
                    "speakers": list(a.speakers),
                    "gold_targets": g["targets"],
                    "targets": list(a.targets),
                    "rule": a.rule,
                }
            )
    n = len(gold)
    return AttributionScores(
        n, PrecisionRecall(*sp), PrecisionRecall(*tg), exact / n if n else float("nan"), tuple(errors)
    )


def evaluate_turns(
    documents: Iterable[Document],
    attributions: Iterable[Attribution],
    turns: Iterable[Mapping],
    registry: ActorRegistry,
) -> dict:
    """Compare transcript attribution with labelled turns (JSONL records: ``doc_id``, ``turn``, ``speaker``
    label, ``text``).

    Each labelled turn is located in its document by its text (searched in turn order), so one extra or
    missing label does not shift every later turn. The expected actor is ``registry.actor_for_label(label)``:
    the registry actor the label names, else the label's own id. A turn counts as right when every passage
    that starts inside it has exactly that speaker; a turn whose text cannot be found counts as wrong.

    Putin's passages are scored too (precision and recall, the unit a passage): the gold passages are those
    that start inside a turn labelled as Putin's; the predicted ones are the passages of the same documents
    (inside labelled turns or not) whose speakers are exactly ``("putin",)``. Precision thus counts passages
    wrongly given to Putin anywhere in a labelled transcript; recall, his passages given to someone else or
    to several speakers. Passages of one transcript are not independent: these are descriptive rates.

    Parameters
    ----------
    documents : iterable of Document
        The transcripts (turns of other documents are skipped).
    attributions : iterable of Attribution
        Their passages' attributions.
    turns : iterable of mapping
        Labelled turns, as :func:`read_turns` gives them.
    registry : ActorRegistry
        Resolves each label to the expected actor (by the document's ``date``).

    Returns
    -------
    dict
        ``turns``, ``right``, ``accuracy``, the same for the turns labelled as Putin's (``putin_turns``,
        ``putin_right``, ``putin_accuracy``), ``not_found`` (turns whose text was not found; an accuracy
        without turns is NaN) and ``putin_passages``, a :class:`~framing.stats.PrecisionRecall` of Putin's
        passages.
    """
    docs = {str(d.doc_id): d for d in documents}
    by_doc: dict[str, list[Attribution]] = {}
    for a in attributions:
        by_doc.setdefault(str(a.doc_id), []).append(a)
    labelled: dict[str, list[Mapping]] = {}
    for t in turns:
        labelled.setdefault(str(t["doc_id"]), []).append(t)
    total = right = putin_total = putin_right = not_found = 0
    putin_gold: set[tuple[str, int]] = set()
    putin_predicted: set[tuple[str, int]] = set()
    for doc_id, gold_turns in sorted(labelled.items()):
        doc = docs.get(doc_id)
        if doc is None:
            continue
        date = str(doc.meta.get("date", ""))[:10] or None
        putin_predicted.update((doc_id, a.passage_id) for a in by_doc.get(doc_id, ()) if a.speakers == ("putin",))
        pos = 0
        for t in sorted(gold_turns, key=lambda t: int(t["turn"])):
            want = registry.actor_for_label(t["speaker"], date)
            head = str(t.get("text", "")).strip().split("\n", 1)[0][:50]
            start = doc.text.find(head, pos) if head else -1
            inside = []
            if start >= 0:
                end = start + len(str(t["text"]).strip())
                inside = [a for a in by_doc.get(doc_id, ()) if start <= a.start < end]
                pos = start + 1
            else:
                not_found += 1
            ok = bool(inside) and all(a.speakers == (want,) for a in inside)
            total += 1
            right += ok
            if want == "putin":
                putin_total += 1
                putin_right += ok
                putin_gold.update((doc_id, a.passage_id) for a in inside)
    return {
        "turns": total,
        "right": right,
        "accuracy": right / total if total else float("nan"),
        "putin_turns": putin_total,
        "putin_right": putin_right,
        "putin_accuracy": putin_right / putin_total if putin_total else float("nan"),
        "not_found": not_found,
        "putin_passages": PrecisionRecall(
            tp=len(putin_gold & putin_predicted), predicted=len(putin_predicted), gold=len(putin_gold)
        ),
    }
