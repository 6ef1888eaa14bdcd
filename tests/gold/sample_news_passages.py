"""Draw the passages of the news attribution gold file (deterministic; run from the repo root).

    .venv/bin/python tests/gold/sample_news_passages.py ../shared/corpora > news_sample.jsonl

Two corpora of ../shared/corpora, read as ``framing attribute FILE.jsonl`` reads them (``read_corpus``
with its defaults) and cut by ``framing.segment``:

- ``ukraine_media_en_2022/articles.jsonl``: ``N_ARTICLES`` news articles (full scraped texts, not the NYT
  API abstracts) from at least ``MIN_OUTLETS`` outlets;
- ``whitehouse_2021_2026/documents.jsonl``: ``N_STATEMENTS`` statements and readouts (categories
  ``statements-releases`` and ``briefings-statements``, titles not "Press Briefing"/"Press Gaggle"/"Fact
  Sheet": no multi-speaker transcripts).

For each corpus the document ids are sorted and shuffled with ``random.Random(SEED)``; documents are taken
in that order, skipping those with fewer than ``MIN_SENTENCES`` passages, and at most ``MAX_PER_OUTLET`` per
news outlet (so that one outlet cannot fill the sample). From each drawn document a contiguous run of
``RUN`` passages is written out, starting at a passage drawn with the same generator. The speakers and
targets are then added by hand following tests/gold/GUIDELINES.md into tests/gold/news_attribution.jsonl,
where the news records carry the SHA-1 of the passage text instead of its first words (the articles are
copyrighted: no text of theirs enters the repository).
"""

from __future__ import annotations

import hashlib
import json
import random
import sys
import warnings
from pathlib import Path

from framing import read_corpus, segment

SEED = 1616
N_ARTICLES = 20
N_STATEMENTS = 10
MIN_OUTLETS = 8
MAX_PER_OUTLET = 3
MIN_SENTENCES = 5
RUN = 5
NEWS = "ukraine_media_en_2022"
WHITEHOUSE = "whitehouse_2021_2026"
NOT_STATEMENTS = ("Press Briefing", "Press Gaggle", "Fact Sheet", "FACT SHEET")


def _draw(docs: dict, n: int, keep, rng: random.Random, max_per_outlet: int):
    """Up to ``n`` documents of ``docs`` in shuffled id order that ``keep`` accepts, with their passages."""
    order = sorted(docs)
    rng.shuffle(order)
    per_outlet: dict[str, int] = {}
    drawn = []
    for doc_id in order:
        if len(drawn) == n:
            break
        d = docs[doc_id]
        if not keep(d):
            continue
        passages = segment([d])
        outlet = str(d.meta.get("outlet", ""))
        if len(passages) < MIN_SENTENCES or per_outlet.get(outlet, 0) >= max_per_outlet:
            continue
        per_outlet[outlet] = per_outlet.get(outlet, 0) + 1
        start = rng.randrange(len(passages) - RUN + 1)
        drawn.append((d, passages[start : start + RUN]))
    return drawn


def main(root: str) -> None:
    warnings.simplefilter("ignore")
    rng = random.Random(SEED)
    news = {str(d.doc_id): d for d in read_corpus(Path(root) / NEWS / "articles.jsonl")}
    wh = {str(d.doc_id): d for d in read_corpus(Path(root) / WHITEHOUSE / "documents.jsonl")}
    full_text = lambda d: d.meta.get("text_kind") == "full text (scraped)"  # noqa: E731
    drawn = [(NEWS, d, p) for d, p in _draw(news, N_ARTICLES, full_text, rng, MAX_PER_OUTLET)]
    outlets = {str(d.meta["outlet"]) for _, d, _ in drawn}
    assert len(outlets) >= MIN_OUTLETS, sorted(outlets)
    statement = {"statements-releases", "briefings-statements"}
    drawn += [
        (WHITEHOUSE, d, p)
        for d, p in _draw(
            wh,
            N_STATEMENTS,
            lambda d: d.meta.get("category") in statement and not str(d.meta.get("title")).startswith(NOT_STATEMENTS),
            rng,
            N_STATEMENTS,
        )
    ]
    for corpus, d, passages in drawn:
        for p in passages:
            record = {
                "corpus": corpus,
                "doc_id": str(d.doc_id),
                "passage_id": p.passage_id,
                "sha1": hashlib.sha1(p.text.encode("utf-8")).hexdigest(),
                "starts": p.text[:40],
                "outlet": d.meta.get("outlet", ""),
                "date": str(d.meta.get("date", "")),
                "title": d.meta.get("title", ""),
                "text": p.text,
            }
            print(json.dumps(record, ensure_ascii=False))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "../shared/corpora")
