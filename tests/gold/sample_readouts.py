"""Draw the passages of the readout attribution gold file (deterministic; run from the repo root).

    .venv/bin/python tests/gold/sample_readouts.py ../shared/corpora/kremlin_en > readouts_sample.jsonl

Kremlin telephone-call readouts are the kremlin_en pages whose title starts "Telephone conversation". Only
those whose text does not mention Ukraine ("Ukrain") are drawn: the others are kept apart for an
independent check and never looked at during development. Their ids are sorted and shuffled with
``random.Random(SEED)``; documents are taken in that order until there are at least ``MIN_PASSAGES``
passages from at least ``MIN_DOCUMENTS`` documents, and every passage of a drawn document (as
``framing.segment`` cuts it) is written out. Documents alternate between the ``train`` and ``test`` splits
in draw order (split by document, fixed before any rule was written). The speakers and targets are then
added by hand following tests/gold/GUIDELINES.md into tests/gold/readout_attribution.jsonl.
"""

from __future__ import annotations

import json
import random
import sys
import warnings
from pathlib import Path

from framing import segment
from framing.corpus.named import read_kremlin

SEED = 16
MIN_PASSAGES = 200
MIN_DOCUMENTS = 35


def main(root: str) -> None:
    warnings.simplefilter("ignore")
    docs = {
        str(d.doc_id): d
        for d in read_kremlin(Path(root))
        if str(d.meta.get("title", "")).startswith("Telephone conversation") and "Ukrain" not in d.text
    }
    order = sorted(docs, key=int)
    random.Random(SEED).shuffle(order)
    n_passages = 0
    for k, doc_id in enumerate(order):
        if n_passages >= MIN_PASSAGES and k >= MIN_DOCUMENTS:
            break
        d = docs[doc_id]
        split = "train" if k % 2 == 0 else "test"
        for p in segment([d]):
            n_passages += 1
            record = {
                "corpus": "kremlin_en",
                "doc_id": doc_id,
                "passage_id": p.passage_id,
                "starts": p.text[:40],
                "split": split,
                "text": p.text,
                "date": str(d.meta.get("date", "")),
                "title": d.meta.get("title", ""),
                "lead": d.meta.get("lead", ""),
            }
            print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora/kremlin_en")
