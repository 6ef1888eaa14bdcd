"""Attribution on news nobody here annotated: PolNeAR (Newell et al. 2018) train and dev, against baselines.

``make validate-attribution`` (= ``.venv/bin/python benchmarks/attribution_relations.py``) reads
``../shared/gold/polnear_train_dev`` (never copied into the repository), attributes every passage of each split
with the bundled registry and scores it with :func:`framing.actors.evaluate_relations` (speech relations, the
default, and all relations), in one run with two baselines scored the same way:

``first-mention``
    Every passage whose text has a registry actor or a capitalised name goes to the first of them (a
    registry mention, else the first capitalised word that does not open the sentence); the rest are the
    narrator's. What a keyword approach to "who speaks" does.
``everyone-speaks``
    Every passage goes to a speaker (``someone``, outside the registry, matching no name): the ceiling of
    recall for the reporting-passage score, and its precision is the share of passages that report speech.

``--base PATH`` also scores the attribution of another checkout of framing (e.g. a ``git worktree`` of an
earlier commit) with this checkout's scorer, so that rule changes are compared under one definition.

The rules were written looking at errors on ``train`` only; ``dev`` was measured, not studied.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from framing.actors import NARRATOR, Attribution, attribute, evaluate_relations, load_actors, read_relations  # noqa: E402
from framing.passages import segment  # noqa: E402

GOLD = ROOT.parent / "shared" / "gold" / "polnear_train_dev"


def _first_mention(passages, registry) -> list[Attribution]:
    out = []
    for p in passages:
        ms = registry.find_mentions(p.text, p.start)
        names = [m for m in re.finditer(r"(?<=\w )[A-Z][a-z]+", p.text)]
        who = ms[0].actor if ms else (names[0].group().casefold() if names else NARRATOR)
        out.append(Attribution(p.doc_id, p.passage_id, p.start, p.end, p.text, (who,), (), "first-mention"))
    return out


def _everyone(passages) -> list[Attribution]:
    return [Attribution(p.doc_id, p.passage_id, p.start, p.end, p.text, ("someone",), (), "everyone") for p in passages]


_BASE_SCRIPT = """
import json, sys
sys.path.insert(0, sys.argv[1])
from framing.actors import attribute, load_actors
from framing.corpus import Corpus, Document
from framing.passages import segment
docs = [Document(r["id"], r["text"], {"date": r.get("date")}) for r in map(json.loads, open(sys.argv[2]))
        if r.get("split") == sys.argv[3]]
for a in attribute(segment(docs), load_actors(), corpus=Corpus(docs)):
    print(json.dumps([a.doc_id, a.passage_id, a.start, a.end, a.text, list(a.speakers), a.rule,
                      [[s, e, list(w), v] for s, e, w, v in a.spans]]))
"""


def _base(path: Path, split: str) -> list[Attribution]:
    run = subprocess.run(
        [sys.executable, "-c", _BASE_SCRIPT, str(path), str(GOLD / "docs.jsonl"), split],
        capture_output=True,
        text=True,
        check=True,
    )
    rows = []
    for line in run.stdout.splitlines():
        d, i, s, e, t, w, r, spans = json.loads(line)
        spans = tuple((a, b, tuple(c), v) for a, b, c, v in spans)
        rows.append(Attribution(d, i, s, e, t, tuple(w), (), r, spans=spans))
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD, help="the folder of docs.jsonl and attributions.jsonl")
    ap.add_argument("--base", type=Path, default=None, help="another framing checkout to score as well")
    args = ap.parse_args(argv)
    registry = load_actors()
    print("split  cues    system           reporting P/R/F1       registry P/R/F1        named P/R/F1")
    for split in ("train", "dev"):
        docs, relations = read_relations(args.gold, split)
        passages = list(segment(docs))
        systems = {
            "framing": attribute(passages, registry, corpus=docs),
            "first-mention": _first_mention(passages, registry),
            "everyone-speaks": _everyone(passages),
        }
        if args.base is not None:
            systems["base"] = _base(args.base, split)
        for cues in ("speech", "all"):
            f1 = {}
            for name, rows in systems.items():
                s = evaluate_relations(rows, docs, relations, registry, cues=cues)
                f1[name] = (s.reporting.f1, s.registry.f1, s.named.f1)
                cells = "  ".join(
                    f"{x.precision:.3f}/{x.recall:.3f}/{x.f1:.3f}" for x in (s.reporting, s.registry, s.named)
                )
                print(f"{split:6s} {cues:7s} {name:16s} {cells}")
            ratios = [
                f"{a / b:.2f}" if b and b == b else "-" for a, b in zip(f1["framing"], f1["first-mention"], strict=True)
            ]
            print(f"{split:6s} {cues:7s} framing/first-mention F1 ratios: {', '.join(ratios)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
