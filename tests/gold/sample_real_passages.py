"""Draw the passages of the real-corpus attribution gold file (deterministic; run from the repo root).

    .venv/bin/python tests/gold/sample_real_passages.py ../shared/corpora > sample.jsonl
    .venv/bin/python tests/gold/sample_real_passages.py ../shared/corpora 20261127 0.4 > heldout.jsonl

The second call draws the held-out sample (another seed, 40 % of the size), annotated after the rules were
frozen, so that its scores are not flattered by development on the first sample.

Per corpus, half of the passages are drawn among those with a quotation mark or a reporting verb (where
attribution is hard) and half uniformly, with a fixed seed, from passages of at least five tokens. The
annotations (speakers, targets) are then added by hand following tests/gold/GUIDELINES.md, without looking
at the toolkit's output, into tests/gold/real_attribution.jsonl.
"""

from __future__ import annotations

import json
import re
import sys
import warnings
from pathlib import Path

import numpy as np

from framing import segment
from framing.actors.attribution import load_reporting_verbs
from framing.corpus.named import read_kremlin, read_ukraine_addresses, read_ungdc

SEED = 20261126
PLAN = {"kremlin_en": 60, "ukraine_addresses_2022": 46, "ungdc": 46}
UN_COUNTRIES = {"RUS", "UKR", "USA", "EU", "DEU", "FRA", "GBR", "POL", "HUN", "TUR", "CHN", "BLR"}


def corpora(root: Path):
    yield "kremlin_en", [d for d in read_kremlin(root / "kremlin_en") if not d.meta.get("transcript")]
    yield "ukraine_addresses_2022", list(read_ukraine_addresses(root / "ukraine_addresses_2022"))
    un = read_ungdc(root / "ungdc")
    yield "ungdc", [d for d in un if d.meta["iso3"] in UN_COUNTRIES and int(d.meta["year"]) >= 2014]


def main(root: str, seed: int = SEED, scale: float = 1.0) -> None:
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(seed)
    verbs = re.compile(
        r"(?<!\w)(?:" + "|".join(sorted(load_reporting_verbs(), key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE
    )
    for name, docs in corpora(Path(root)):
        docs = sorted(docs, key=lambda d: str(d.doc_id))
        chosen_docs = [docs[i] for i in sorted(rng.choice(len(docs), size=min(len(docs), 40), replace=False))]
        passages = [p for p in segment(chosen_docs) if p.n_tokens >= 5]
        hard = [p for p in passages if re.search(r"[\"“”«»„]", p.text) or verbs.search(p.text)]
        n = round(PLAN[name] * scale)
        picked = {(p.doc_id, p.passage_id) for p in (hard[i] for i in rng.choice(len(hard), n // 2, replace=False))}
        rest = [p for p in passages if (p.doc_id, p.passage_id) not in picked]
        picked |= {
            (p.doc_id, p.passage_id) for p in (rest[i] for i in rng.choice(len(rest), n - len(picked), replace=False))
        }
        meta = {str(d.doc_id): d.meta for d in chosen_docs}
        by_key = {(p.doc_id, p.passage_id): p for p in passages}
        previous = {(p.doc_id, p.passage_id + 1): p.text for p in segment(chosen_docs)}
        for key in sorted(picked, key=lambda k: (str(k[0]), k[1])):
            p = by_key[key]
            m = meta[str(p.doc_id)]
            print(
                json.dumps(
                    {
                        "corpus": name,
                        "doc_id": str(p.doc_id),
                        "passage_id": p.passage_id,
                        "starts": p.text[:40],
                        "text": p.text,
                        "previous": previous.get(key, ""),
                        "date": str(m.get("date") or m.get("year") or ""),
                        "doc_speaker": list(m.get("speaker") or ()),
                        "title": m.get("title", ""),
                    },
                    ensure_ascii=False,
                )
            )


if __name__ == "__main__":
    args = sys.argv[1:]
    main(
        args[0] if args else "../shared/corpora",
        int(args[1]) if len(args) > 1 else SEED,
        float(args[2]) if len(args) > 2 else 1.0,
    )
