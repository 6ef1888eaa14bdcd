"""Features: the match table (every lexicon match in every passage) and what is built from it.

The match table is the audit trail behind every count in the toolkit: one row per match with the
document, passage, character offsets into the original document text, the matched text, the entry and
category that matched, the category's sponsor and Entman function, the entry weight and the negation flag.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .lexicon import Lexicon
from .passages import Passage

__all__ = ["MATCH_COLUMNS", "match_table"]

MATCH_COLUMNS = [
    "doc_id",
    "passage_id",
    "start",
    "end",
    "text",
    "entry",
    "category",
    "sponsor",
    "function",
    "weight",
    "negated",
    "negator",
]


def match_table(passages: Iterable[Passage], lexicon: Lexicon) -> pd.DataFrame:
    """Match every passage against ``lexicon``; one row per match, sorted by document, passage and offset.

    ``start``/``end`` are offsets into the document text; ``sponsor`` joins a category's sponsors with
    ``;`` (empty when the category has none).
    """
    rows = []
    for p in passages:
        for m in lexicon.find(p.text, p.start):
            cat = lexicon.categories[m.category]
            rows.append(
                (
                    p.doc_id,
                    p.passage_id,
                    m.start,
                    m.end,
                    m.text,
                    m.entry,
                    m.category,
                    ";".join(cat.sponsor),
                    cat.function or "",
                    m.weight,
                    m.negated,
                    m.negator,
                )
            )
    table = pd.DataFrame(rows, columns=MATCH_COLUMNS)
    table = table.astype(
        {"passage_id": "int64", "start": "int64", "end": "int64", "weight": "float64", "negated": "bool"}
    )
    return table.sort_values(
        ["doc_id", "passage_id", "start", "end", "category", "entry"], kind="mergesort", ignore_index=True
    )
