"""Targets, roles and negation of lexicon matches against the hand-labelled sample, with two baselines.

    .venv/bin/python benchmarks/target_validation.py [--split test] [--shared ../shared] [--base PATH]

The gold file ``tests/gold/target_matches.jsonl`` holds 370 matches of ``urw_frames`` in four shared
corpora (drawn by ``tests/gold/sample_target_matches.py``; labelled by annotators who did not see the
toolkit's output, following tests/gold/GUIDELINES.md), a third of them (``split: test``) frozen as the
held-out sample before any target rule was written. The passages are rebuilt from ``../shared/corpora``
(their SHA-1 must agree), attributed and matched as ``framing analyze`` does, and scored:

- **targets**: precision, recall and F1 over (match, actor) pairs, against two baselines scored the same
  way: every actor mentioned in the passage, and the mention nearest the match;
- **roles**: accuracy over the targets found that the gold has, and F1 over (match, actor, role), the
  baselines casting every target in the role its category gives an owner;
- **counter-framing**: ``against_sponsor`` against the gold's (a gold villain is, or rolls up to, a sponsor
  of the category);
- **negation**: matches whose ``negated`` flag disagrees with the gold, by direction; with ``--base PATH``
  also those of another framing checkout (the negation before a change).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import warnings
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from framing import load_lexicon, match_table, read_corpus, segment  # noqa: E402
from framing.actors import attribute, load_actors  # noqa: E402
from framing.actors.targets import frame_targets  # noqa: E402
from framing.corpus.named import read_kremlin, read_ukraine_addresses, read_ungdc  # noqa: E402

GOLD = ROOT / "tests" / "gold" / "target_matches.jsonl"


def read_gold(path: Path = GOLD) -> list[dict]:
    """The gold records (one per line)."""
    with open(path, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def documents(corpus: str, doc_ids: set[str], shared: Path) -> list:
    """The documents ``doc_ids`` of one shared corpus, read as the sampler read them."""
    root = shared / "corpora"
    if corpus == "ungdc":
        docs = read_ungdc(root / "ungdc")
    elif corpus == "kremlin_en":
        docs = read_kremlin(root / "kremlin_en")
    elif corpus == "ukraine_addresses_2022":
        docs = read_ukraine_addresses(root / "ukraine_addresses_2022")
    else:
        docs = read_corpus(root / corpus / "articles.jsonl")
    return [d for d in docs if str(d.doc_id) in doc_ids]


def predict(gold: list[dict], shared: Path, reach: str = "segment") -> dict[tuple, dict]:
    """Per gold key (corpus, doc_id, start): the system's targets, roles and negation, the baselines'
    targets, and whether the passage text still has the gold's SHA-1."""
    warnings.simplefilter("ignore")
    lexicon, registry = load_lexicon("urw_frames"), load_actors()
    wanted: dict[str, set[str]] = defaultdict(set)
    for g in gold:
        wanted[g["corpus"]].add(g["doc_id"])
    out: dict[tuple, dict] = {}
    for corpus, ids in sorted(wanted.items()):
        docs = documents(corpus, ids, shared)
        passages = segment(docs)
        attributions = attribute(passages, registry, corpus=docs)
        table = frame_targets(attributions, match_table(passages, lexicon), lexicon.categories, registry, reach=reach)
        by_passage = {(str(a.doc_id), a.passage_id): a for a in attributions}
        for r in table.itertuples(index=False):
            a = by_passage[(str(r.doc_id), r.passage_id)]
            mentions = [m for m in a.mentions]
            nearest = min(mentions, key=lambda m: min(abs(m.start - r.end), abs(r.start - m.end)), default=None)
            key = (corpus, str(r.doc_id), int(r.start))
            out.setdefault(
                key,
                {
                    "sha1": hashlib.sha1(a.text.encode("utf-8")).hexdigest(),
                    "category": r.category,
                    "targets": dict(zip(r.targets.split(";"), r.roles.split(";"), strict=True)) if r.targets else {},
                    "rules": r.target_rules,
                    "negated": bool(r.negated),
                    "negator": r.negator,
                    "everyone": {m.actor for m in mentions},
                    "nearest": {nearest.actor} if nearest is not None else set(),
                    "default_role": lexicon.categories[r.category].role("owner"),
                    "against_sponsor": bool(r.against_sponsor),
                    "sponsors": {
                        s: {s, *registry.ancestors(s)} if s in registry else {s}
                        for s in lexicon.categories[r.category].sponsor
                    },
                    "lineage": {
                        m.actor: {m.actor, *registry.ancestors(m.actor)} for m in mentions if m.actor in registry
                    },
                },
            )
    return out


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return {"precision": round(p, 3), "recall": round(r, 3), "f1": round(2 * p * r / (p + r), 3) if p + r else 0.0}


def score(gold: list[dict], pred: dict[tuple, dict], *, negated: dict[tuple, bool] | None = None) -> dict:
    """Targets (system and baselines), roles and negation errors of ``pred`` against ``gold``."""
    counts = {k: [0, 0, 0] for k in ("system", "everyone", "nearest", "roles", "everyone_roles", "nearest_roles")}
    role_right = role_total = 0
    neg = {"false_negated": 0, "missed": 0}
    neg_base = {"false_negated": 0, "missed": 0}
    missing = 0
    against = [0, 0, 0]  # counter-framing: tp, fp, fn (gold: a gold villain is, or rolls up to, a sponsor)
    for g in gold:
        key = (g["corpus"], g["doc_id"], g["start"])
        p = pred.get(key)
        if p is None or p["sha1"] != g["sha1"]:
            missing += 1
            continue
        truth = set(g["targets"])
        systems = {"system": set(p["targets"]), "everyone": p["everyone"], "nearest": p["nearest"]}
        for name, found in systems.items():
            c = counts[name]
            c[0] += len(found & truth)
            c[1] += len(found - truth)
            c[2] += len(truth - found)
        true_cast = {(a, g["roles"].get(a, "none")) for a in truth}
        for name, cast in (
            ("roles", set(p["targets"].items())),
            ("everyone_roles", {(a, p["default_role"]) for a in p["everyone"]}),
            ("nearest_roles", {(a, p["default_role"]) for a in p["nearest"]}),
        ):
            c = counts[name]
            c[0] += len(cast & true_cast)
            c[1] += len(cast - true_cast)
            c[2] += len(true_cast - cast)
        for a in truth & set(p["targets"]):
            role_total += 1
            role_right += p["targets"][a] == g["roles"].get(a, "none")
        sponsors = set(p["sponsors"])
        gold_against = any(role == "villain" and p["lineage"].get(a, {a}) & sponsors for a, role in g["roles"].items())
        against[0] += gold_against and p["against_sponsor"]
        against[1] += p["against_sponsor"] and not gold_against
        against[2] += gold_against and not p["against_sponsor"]
        for flag, tally in ((p["negated"], neg), (None if negated is None else negated.get(key), neg_base)):
            if flag is None:
                continue
            if flag and not g["negated"]:
                tally["false_negated"] += 1
            elif g["negated"] and not flag:
                tally["missed"] += 1
    result = {
        "matches": len(gold) - missing,
        "missing": missing,
        "targets": {name: prf(*counts[name]) for name in ("system", "everyone", "nearest")},
        "role_accuracy": round(role_right / role_total, 3) if role_total else None,
        "roles_found": role_total,
        "target_role_pairs": {
            "system": prf(*counts["roles"]),
            # the baselines cast every target in its category's role for an owner ("Russia's aggression")
            "everyone": prf(*counts["everyone_roles"]),
            "nearest": prf(*counts["nearest_roles"]),
        },
        "negation_errors": neg,
        "against_sponsor": {**prf(*against), "gold": against[0] + against[2]},
    }
    if negated is not None:
        result["negation_errors_base"] = neg_base
    return result


_BASE = """
import json, sys, warnings
warnings.simplefilter("ignore")
sys.path.insert(0, sys.argv[1])
from framing import load_lexicon, match_table, segment
sys.path.insert(0, sys.argv[2])
from target_validation import documents
from pathlib import Path
keys = json.load(sys.stdin)
want = {}
for c, d, s in keys:
    want.setdefault(c, set()).add(d)
out = []
lexicon = load_lexicon("urw_frames")
for corpus, ids in want.items():
    t = match_table(segment(documents(corpus, ids, Path(sys.argv[3]))), lexicon)
    out += [[corpus, str(r.doc_id), int(r.start), bool(r.negated)] for r in t.itertuples(index=False)]
print(json.dumps(out))
"""


def base_negation(path: Path, gold: list[dict], shared: Path) -> dict[tuple, bool]:
    """The negation flags another checkout of framing gives the gold matches."""
    keys = sorted({(g["corpus"], g["doc_id"], g["start"]) for g in gold})
    run = subprocess.run(
        [sys.executable, "-c", _BASE, str(path.resolve()), str(Path(__file__).parent), str(shared.resolve())],
        input=json.dumps(keys), capture_output=True, text=True, check=True, cwd="/",
    )  # fmt: skip
    return {(c, d, s): n for c, d, s, n in json.loads(run.stdout)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--split", choices=("train", "test", "all"), default="test")
    ap.add_argument("--shared", type=Path, default=ROOT.parent / "shared")
    ap.add_argument("--gold", type=Path, default=GOLD)
    ap.add_argument("--reach", choices=("segment", "clause", "sentence"), default="segment")
    ap.add_argument("--base", type=Path, default=None, help="another framing checkout: its negation flags too")
    args = ap.parse_args(argv)
    gold = [g for g in read_gold(args.gold) if args.split == "all" or g["split"] == args.split]
    pred = predict(gold, args.shared, args.reach)
    base = base_negation(args.base, gold, args.shared) if args.base is not None else None
    print(json.dumps({"split": args.split, "reach": args.reach, **score(gold, pred, negated=base)}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
