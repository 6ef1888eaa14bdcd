"""LexiconVectorizer: a scikit-learn transformer over lexicon categories, and the term vectoriser."""

import pickle

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV
from sklearn.pipeline import Pipeline

from framing.features import LexiconVectorizer, term_vectorizer
from framing.lexicon import parse_lexicon

LEX = parse_lexicon(
    "name: t\ncategories:\n  remedy:\n    categories:\n      ceasefire:\n        entries: [ceasefire, truce]\n"
    "      sanctions:\n        entries: [{pattern: 'sanction*', weight: 0.5}]\n  war:\n    entries: [proxy war]\n",
    "t.yaml",
)
TEXTS = ["A ceasefire and a truce now.", "No ceasefire, but sanctions and more sanctions.", "Not a proxy war.", ""]


def test_counts_names_and_negation_kept_apart():
    vec = LexiconVectorizer(LEX).fit(TEXTS)
    names = list(vec.get_feature_names_out())
    assert names == [
        "remedy.ceasefire",
        "remedy.sanctions",
        "war",
        "neg:remedy.ceasefire",
        "neg:remedy.sanctions",
        "neg:war",
    ]
    m = vec.transform(TEXTS).toarray()
    assert m.tolist() == [[2, 0, 0, 0, 0, 0], [0, 2, 0, 1, 0, 0], [0, 0, 0, 0, 0, 1], [0, 0, 0, 0, 0, 0]]
    excl = LexiconVectorizer(LEX, negation="exclude").fit(TEXTS)
    assert excl.transform(TEXTS).toarray().sum() == 4 and len(excl.get_feature_names_out()) == 3


def test_weights_rates_levels_and_tfidf():
    w = LexiconVectorizer(LEX, value="weight", negation="include").fit(TEXTS).transform(TEXTS).toarray()
    assert w[1].tolist() == [1.0, 1.0, 0.0]  # one ceasefire (negated, included) + two sanctions at 0.5
    r = LexiconVectorizer(LEX, value="rate").fit(TEXTS).transform(TEXTS).toarray()
    assert r[0, 0] == pytest.approx(1000 * 2 / 6) and r[3].sum() == 0
    top = LexiconVectorizer(LEX, levels=1, negation="exclude").fit(TEXTS)
    assert list(top.get_feature_names_out()) == ["remedy", "war"]
    assert top.transform(TEXTS).toarray()[:, 0].tolist() == [2, 2, 0, 0]
    t = LexiconVectorizer(LEX, value="tfidf").fit(TEXTS).transform(TEXTS).toarray()
    assert np.allclose(np.linalg.norm(t[:3], axis=1), 1.0)
    with pytest.raises(ValueError, match="value must be"):
        LexiconVectorizer(LEX, value="share").fit(TEXTS)


def test_match_table_is_behind_the_matrix():
    vec = LexiconVectorizer(LEX).fit(TEXTS)
    table = vec.match_table(TEXTS)
    m = vec.transform(TEXTS).toarray()
    names = list(vec.get_feature_names_out())
    for (row, feature), n in table.groupby(["row", "feature"]).size().items():
        assert m[row, names.index(feature)] == n
    assert table["row"].max() < len(TEXTS) and set(table.columns) >= {"start", "end", "entry", "negated"}


def test_sklearn_protocol_pipeline_gridsearch_clone_pickle():
    texts = ["ceasefire now", "sanctions now", "truce please", "more sanctions"] * 5
    y = [0, 1, 0, 1] * 5
    pipe = Pipeline([("lex", LexiconVectorizer(LEX)), ("clf", LogisticRegression())])
    grid = GridSearchCV(pipe, {"lex__value": ["count", "rate"], "lex__levels": [None, 1]}, cv=2).fit(texts, y)
    # remedy.ceasefire vs remedy.sanctions separate the classes; rolled up to 'remedy' they cannot
    assert grid.best_score_ == 1.0 and grid.best_params_["lex__levels"] is None
    twin = clone(LexiconVectorizer(LEX, value="rate"))
    assert twin.get_params()["value"] == "rate" and not hasattr(twin, "lexicon_")
    fitted = LexiconVectorizer("urw_frames").fit([])
    again = pickle.loads(pickle.dumps(fitted))
    assert (again.transform(["a proxy war"]).toarray() == fitted.transform(["a proxy war"]).toarray()).all()
    with pytest.raises(TypeError, match="iterable"):
        fitted.transform("one string")


def test_term_vectorizer_uses_word_tokens():
    cv = term_vectorizer().fit(["Київ's 30-day plan, a plan"])
    assert list(cv.get_feature_names_out()) == ["30", "a", "day", "plan", "s", "київ"]
