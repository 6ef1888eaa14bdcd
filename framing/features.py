"""Features: the match table (every lexicon match in every passage) and what is built from it.

The match table is the audit trail behind every count in the toolkit: one row per match with the
document, passage, character offsets into the original document text, the matched text, the entry and
category that matched, the category's sponsor and Entman function, the entry weight and the negation flag.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.utils.validation import check_is_fitted

from ._text import WORD_RE, count_tokens
from .corpus import Document
from .engine import MatchArrays, matcher_for
from .errors import ArgumentError, ArgumentTypeError, LexiconError
from .lexicon import Lexicon, load_lexicon
from .passages import Passage, segment

__all__ = ["KWIC_COLUMNS", "MATCH_COLUMNS", "LexiconVectorizer", "kwic", "match_table", "term_vectorizer"]

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
    passages = list(passages)
    found = matcher_for(lexicon).match([p.text for p in passages], [p.start for p in passages])
    where = found.text_index
    cats = lexicon.categories
    sponsor = np.array([";".join(cats[c].sponsor) for c in found.categories], dtype=object)
    function = np.array([cats[c].function or "" for c in found.categories], dtype=object)
    frame = found.to_frame()
    table = pd.DataFrame(
        {
            "doc_id": pd.Series(np.array([p.doc_id for p in passages], dtype=object)[where], dtype=object),
            "passage_id": np.array([p.passage_id for p in passages], np.int64)[where],
            "start": frame["start"],
            "end": frame["end"],
            "text": frame["text"],
            "entry": frame["entry"],
            "category": frame["category"],
            "sponsor": pd.Series(sponsor[found.category], dtype=object),
            "function": pd.Series(function[found.category], dtype=object),
            "weight": frame["weight"],
            "negated": frame["negated"],
            "negator": frame["negator"],
        },
        columns=MATCH_COLUMNS,
    )
    return table.sort_values(
        ["doc_id", "passage_id", "start", "end", "category", "entry"], kind="mergesort", ignore_index=True
    )


KWIC_COLUMNS = [
    "doc_id",
    "passage_id",
    "start",
    "end",
    "pre",
    "match",
    "post",
    "entry",
    "category",
    "sponsor",
    "negated",
    "negator",
]


def kwic(
    corpus: Iterable[Document],
    lexicon: Lexicon,
    *,
    category: str | None = None,
    window: int = 5,
    sentence: bool = False,
    unit: str = "sentence",
    paragraphs: str = "line",
) -> pd.DataFrame:
    """Keywords in context: every match with the text around it, to audit a count.

    ``window`` is the number of word tokens of context on each side, taken from the document text (so
    context may reach into neighbouring passages); ``sentence=True`` shows the match's whole passage instead.
    ``category`` keeps one category and its nested sub-categories (``remedy`` keeps ``remedy.ceasefire``).
    Rows are sorted like the match table; offsets point into the document text.
    """
    if isinstance(window, bool) or not isinstance(window, int) or window < 0:
        raise ArgumentError("F601", name="window", expected="a whole number of tokens, 0 or more", value=window)
    docs = list(corpus)
    passages = segment(docs, unit=unit, paragraphs=paragraphs)
    table = match_table(passages, lexicon)
    if category is not None:
        if category not in lexicon.categories and not any(c.startswith(category + ".") for c in lexicon.categories):
            raise LexiconError("F207", name=lexicon.name, category=category, categories=", ".join(lexicon.categories))
        keep = (table["category"] == category) | table["category"].str.startswith(category + ".")
        table = table[keep].reset_index(drop=True)
    texts = {d.doc_id: d.text for d in docs}
    spans = {(p.doc_id, p.passage_id): (p.start, p.end) for p in passages}
    rows = []
    r: Any  # pandas-stubs types every field of a row as any scalar
    for r in table.itertuples(index=False):
        text = texts[r.doc_id]
        if sentence:
            ps, pe = spans[(r.doc_id, r.passage_id)]
            lo, hi = ps, pe
        else:
            before = [m.start() for m in WORD_RE.finditer(text, max(0, r.start - 40 * (window + 1)), r.start)]
            lo = before[-window] if window and len(before) >= window else (before[0] if window and before else r.start)
            after = [m.end() for m in WORD_RE.finditer(text, r.end, r.end + 40 * (window + 1))]
            hi = after[window - 1] if window and len(after) >= window else (after[-1] if window and after else r.end)
        pre = " ".join(text[lo : r.start].split())
        post = " ".join(text[r.end : hi].split())
        rows.append(
            (
                r.doc_id,
                r.passage_id,
                r.start,
                r.end,
                pre,
                r.text,
                post,
                r.entry,
                r.category,
                r.sponsor,
                r.negated,
                r.negator,
            )
        )
    return pd.DataFrame(rows, columns=KWIC_COLUMNS).astype({"negated": "bool"})


# ------------------------------------------------------------------------------------------ vectorisers
class LexiconVectorizer(TransformerMixin, BaseEstimator):
    """Passages (or any texts) → a sparse matrix of lexicon category features, for scikit-learn pipelines.

    Parameters
    ----------
    lexicon:
        A :class:`~framing.lexicon.Lexicon`, a bundled lexicon name or a lexicon file path.
    value:
        ``"count"`` (matches), ``"weight"`` (sum of entry weights), ``"rate"`` (matches per 1,000 word
        tokens of the row) or ``"tfidf"`` (counts re-weighted by scikit-learn's ``TfidfTransformer``).
    negation:
        ``"separate"`` (default: negated matches go to extra ``neg:<category>`` features, never silently
        subtracted), ``"exclude"`` (dropped) or ``"include"`` (counted like the others).
    levels:
        Roll nested categories up to this many dotted levels (``None``: as they are).
    overlap:
        Passed to :meth:`Lexicon.find` (``"category"`` or ``"global"``).

    ``fit`` learns ``lexicon_`` and ``feature_names_`` (sorted categories, then the ``neg:`` features);
    ``transform`` returns a CSR matrix with one row per input. :meth:`match_table` gives the matches behind
    the matrix, one row per match with its input ``row``. Inputs are strings or
    :class:`~framing.passages.Passage` objects (their text is used).
    """

    def __init__(self, lexicon="urw_frames", *, value="count", negation="separate", levels=None, overlap="category"):
        self.lexicon = lexicon
        self.value = value
        self.negation = negation
        self.levels = levels
        self.overlap = overlap

    def fit(self, X=None, y=None):
        if self.value not in ("count", "weight", "rate", "tfidf"):
            raise ArgumentError("F601", name="value", expected="'count', 'weight', 'rate' or 'tfidf'", value=self.value)
        if self.negation not in ("separate", "exclude", "include"):
            raise ArgumentError(
                "F601", name="negation", expected="'separate', 'exclude' or 'include'", value=self.negation
            )
        lexicon = load_lexicon(self.lexicon)
        self.lexicon_ = lexicon.roll_up(self.levels) if self.levels else lexicon
        names = list(self.lexicon_.category_names)
        if self.negation == "separate":
            names += [f"neg:{c}" for c in self.lexicon_.category_names]
        self.feature_names_ = names
        if self.value == "tfidf":
            self.tfidf_ = TfidfTransformer().fit(self._counts(X if X is not None else []))
        return self

    def get_feature_names_out(self, input_features=None):
        check_is_fitted(self, "feature_names_")
        return np.asarray(self.feature_names_, dtype=object)

    @staticmethod
    def _texts(X) -> list[str]:
        if isinstance(X, str):
            raise ArgumentTypeError(
                "F602", name="LexiconVectorizer's X", expected="an iterable of texts or passages", kind="one string"
            )
        return [x.text if isinstance(x, Passage) else str(x) for x in X]

    def _rows(self, X) -> tuple[list[str], MatchArrays]:
        texts = self._texts(X)
        return texts, matcher_for(self.lexicon_, overlap=self.overlap).match(texts)

    def _features(self, found: MatchArrays) -> np.ndarray:
        """Column of each match in the matrix (-1: excluded negated match)."""
        ncat = len(self.lexicon_.category_names)
        if self.negation == "separate":
            return np.where(found.negated, found.category + ncat, found.category)
        if self.negation == "exclude":
            return np.where(found.negated, -1, found.category)
        return found.category

    def _counts(self, X, weighted: bool = False) -> sparse.csr_matrix:
        texts, found = self._rows(X)
        cols = self._features(found)
        keep = cols >= 0
        vals = found.weight[keep] if weighted else np.ones(int(keep.sum()))
        shape = (len(texts), len(self.feature_names_))
        return sparse.csr_matrix((vals, (found.text_index[keep], cols[keep])), shape=shape, dtype=np.float64)

    def transform(self, X):
        check_is_fitted(self, "feature_names_")
        if self.value == "tfidf":
            return self.tfidf_.transform(self._counts(X)).tocsr()
        matrix = self._counts(X, weighted=self.value == "weight")
        if self.value == "rate":
            tokens = np.array([count_tokens(t) for t in self._texts(X)], dtype=np.float64)
            scale = np.divide(1000.0, tokens, out=np.zeros_like(tokens), where=tokens > 0)
            matrix = sparse.diags(scale) @ matrix
        return matrix.tocsr()

    def match_table(self, X) -> pd.DataFrame:
        """The matches behind ``transform(X)``: ``row`` (input index), offsets into that input, entry, category,
        weight, negation, and the ``feature`` column the match is counted in (empty if excluded)."""
        check_is_fitted(self, "feature_names_")
        _, found = self._rows(X)
        cols = self._features(found)
        names = np.array([*self.feature_names_, ""], dtype=object)
        table = found.to_frame().rename(columns={"text_index": "row"}).drop(columns="negator")
        table["feature"] = pd.Series(names[cols], dtype=object)
        return table


def term_vectorizer(**kwargs) -> CountVectorizer:
    """A ``CountVectorizer`` whose tokens are the toolkit's word tokens (``\\w+``, lower-cased), for term
    keyness; keyword arguments (``ngram_range``, ``min_df``, ``stop_words`` …) are passed through."""
    params = {"token_pattern": r"(?u)\w+", "lowercase": True, **kwargs}
    return CountVectorizer(**params)
