"""Features: lexicon matches and terms as scikit-learn matrices (the match table itself is in ``framing.lexicon``)."""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.utils.validation import check_is_fitted

from .errors import ArgumentError, ArgumentTypeError
from .lexicon import MatchArrays, load_lexicon, matcher_for
from .passages import Passage
from .tokens import PER, count_tokens

__all__ = ["LexiconVectorizer", "term_vectorizer"]


class LexiconVectorizer(TransformerMixin, BaseEstimator):
    """Passages (or any texts) → a sparse matrix of lexicon category features, for scikit-learn pipelines.

    Parameters
    ----------
    lexicon : Lexicon, str or path, default "urw_frames"
        A :class:`~framing.lexicon.Lexicon`, a bundled lexicon name or a lexicon file path (read by ``fit``).
    value : {"count", "weight", "rate", "tfidf"}, default "count"
        ``"count"`` (matches), ``"weight"`` (sum of entry weights), ``"rate"`` (matches per 1,000 word
        tokens of the row) or ``"tfidf"`` (counts re-weighted by scikit-learn's ``TfidfTransformer``).
    negation : {"separate", "exclude", "include"}, default "separate"
        ``"separate"``: negated matches go to extra ``neg:<category>`` features, never silently
        subtracted; ``"exclude"``: dropped; ``"include"``: counted like the others.
    levels : int, optional
        Roll nested categories up to this many dotted levels (``None``: as they are).
    overlap : {"category", "global"}, default "category"
        How overlapping matches are resolved, as for :meth:`Lexicon.find <framing.lexicon.Lexicon.find>`.

    Attributes
    ----------
    lexicon_ : Lexicon
        The lexicon read (and rolled up) by ``fit``.
    feature_names_ : list of str
        The sorted categories, then (with ``negation="separate"``) the ``neg:<category>`` features.
    tfidf_ : TfidfTransformer
        With ``value="tfidf"``, the transformer fitted on the counts of ``fit``'s ``X``.

    Raises
    ------
    ArgumentError
        [F601] from ``fit`` for an unknown ``value`` or ``negation``.
    ArgumentTypeError
        [F602] when ``X`` is one string instead of an iterable of texts.
    LexiconError
        From ``fit`` when the lexicon cannot be loaded or rolled up.

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
            scale = np.divide(float(PER), tokens, out=np.zeros_like(tokens), where=tokens > 0)
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
    """A ``CountVectorizer`` whose tokens are the toolkit's word tokens (``\\w+``, lower-cased), for term keyness.

    Parameters
    ----------
    **kwargs
        Passed through to ``CountVectorizer`` (``ngram_range``, ``min_df``, ``stop_words`` …); they may
        override ``token_pattern`` and ``lowercase`` too.

    Returns
    -------
    sklearn.feature_extraction.text.CountVectorizer
        The unfitted vectoriser.
    """
    params = {"token_pattern": r"(?u)\w+", "lowercase": True, **kwargs}
    return CountVectorizer(**params)
