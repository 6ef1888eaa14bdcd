"""Draw the lexicon matches of the target gold file (deterministic; run from the repo root).

    .venv/bin/python tests/gold/sample_target_matches.py ../shared/corpora > target_sample.jsonl

Four corpora of ../shared/corpora, read by the toolkit's readers and cut by ``framing.segment``, matched
against the bundled ``urw_frames`` lexicon (:func:`framing.match_table`): UN General Debate speeches of the
countries in ``UN_COUNTRIES`` since 2014, kremlin.ru pages (no transcripts), the Ukrainian addresses, and
full-text news articles of ``ukraine_media_en_2022``. Per corpus, ``N_DOCS[corpus]`` documents are drawn with
``random.Random(SEED)`` and ``PLAN[corpus]`` of their matches taken round-robin over the categories (so that
rare categories are in the sample), at most ``MAX_PER_DOC`` per document.

Each record gets ``split``: ``test`` for a third of the records (the SHA-1 of ``corpus/doc_id/start``
modulo 3 is 0), frozen as the held-out sample before any target rule was written; ``train`` otherwise.
Targets, roles and negation are then added by hand following tests/gold/GUIDELINES.md ("Targets") into
tests/gold/target_matches.jsonl, which keeps the SHA-1 of the passage text instead of the text (the news
articles are copyrighted: none of their text enters the repository; the matched words are lexicon terms).
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import warnings
from collections import defaultdict
from pathlib import Path

from framing import load_lexicon, match_table, read_corpus, segment
from framing.corpus.named import read_kremlin, read_ukraine_addresses, read_ungdc

SEED = 20261208
N_DOCS = {"ungdc": 150, "kremlin_en": 900, "ukraine_addresses_2022": 150, "ukraine_media_en_2022": 150}
MAX_PER_DOC = 3
PLAN = {"ungdc": 100, "kremlin_en": 90, "ukraine_addresses_2022": 85, "ukraine_media_en_2022": 95}
UN_COUNTRIES = {"RUS", "UKR", "USA", "EU", "DEU", "FRA", "GBR", "POL", "HUN", "TUR", "CHN", "BLR", "ITA", "LTU"}


def corpora(root: Path, rng: random.Random):
    un = [d for d in read_ungdc(root / "ungdc") if d.meta["iso3"] in UN_COUNTRIES and int(d.meta["year"]) >= 2014]
    yield "ungdc", un
    yield "kremlin_en", [d for d in read_kremlin(root / "kremlin_en") if not d.meta.get("transcript")]
    yield "ukraine_addresses_2022", list(read_ukraine_addresses(root / "ukraine_addresses_2022"))
    news = read_corpus(root / "ukraine_media_en_2022" / "articles.jsonl")
    yield "ukraine_media_en_2022", [d for d in news if d.meta.get("text_kind") == "full text (scraped)"]


def split_of(corpus: str, doc_id: str, start: int) -> str:
    key = f"{corpus}/{doc_id}/{start}".encode()
    return "test" if int(hashlib.sha1(key).hexdigest(), 16) % 3 == 0 else "train"


def main(root: str) -> None:
    warnings.simplefilter("ignore")
    rng = random.Random(SEED)
    lexicon = load_lexicon("urw_frames")
    for name, docs in corpora(Path(root), rng):
        docs = sorted(docs, key=lambda d: str(d.doc_id))
        rng.shuffle(docs)
        chosen = docs[: N_DOCS[name]]
        passages = segment(chosen)
        by_key = {(p.doc_id, p.passage_id): p for p in passages}
        table = match_table(passages, lexicon)
        rows = list(table.itertuples(index=False))
        rng.shuffle(rows)
        by_cat: dict[str, list] = defaultdict(list)
        for r in rows:
            by_cat[r.category].append(r)
        taken: list = []
        per_doc: dict[str, int] = defaultdict(int)
        cats = sorted(by_cat)
        while len(taken) < PLAN[name] and any(by_cat.values()):
            for c in cats:
                while by_cat[c]:
                    r = by_cat[c].pop()
                    if per_doc[str(r.doc_id)] < MAX_PER_DOC:
                        per_doc[str(r.doc_id)] += 1
                        taken.append(r)
                        break
                if len(taken) == PLAN[name]:
                    break
        meta = {str(d.doc_id): d.meta for d in chosen}
        for r in sorted(taken, key=lambda r: (str(r.doc_id), r.start)):
            p = by_key[(r.doc_id, r.passage_id)]
            m = meta[str(r.doc_id)]
            print(
                json.dumps(
                    {
                        "corpus": name,
                        "doc_id": str(r.doc_id),
                        "passage_id": int(r.passage_id),
                        "start": int(r.start),
                        "end": int(r.end),
                        "match": r.text,
                        "entry": r.entry,
                        "category": r.category,
                        "sponsor": r.sponsor,
                        "function": r.function,
                        "sha1": hashlib.sha1(p.text.encode("utf-8")).hexdigest(),
                        "split": split_of(name, str(r.doc_id), int(r.start)),
                        "speaker": list(m.get("speaker") or ())
                        if not isinstance(m.get("speaker"), str)
                        else [m["speaker"]],
                        "outlet": m.get("outlet", ""),
                        "date": str(m.get("date") or m.get("year") or ""),
                        "offset": int(r.start) - p.start,
                        "passage": p.text,
                    },
                    ensure_ascii=False,
                )
            )


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora")
