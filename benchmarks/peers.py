"""The tools the benchmark runs, each fed the same lexicon translated into what it supports.

Every tool is a class built from the *spec* (the lexicon as plain data, written by ``run.py``) with two
methods: ``process(texts)``, the work that is timed (from a batch of passage texts to per-passage
category counts, or to framing's match table), and ``counts(result, n)``, untimed, which turns the result
into ``{key: int array (passages x categories)}`` for the agreement check. A peer's module is imported in
its constructor, so a missing package is reported, not fatal, and a child process imports only what its
tool needs (peak RSS is the tool's own).

What each tool is given and how its semantics differ from framing's is in ``SEMANTICS`` (printed with the
results and in the README). Shared translation rules:

* case-insensitive everywhere (``str.lower``; framing uses ``str.casefold``, the same on this corpus);
* wildcard entries (``stem*``) are expanded against the corpus vocabulary (all ``\\w+`` tokens of the whole
  corpus, case-folded) for tools without wildcards. The expansion is made once before timing and is not
  timed (a favour to those tools). pyahocorasick and liwc take the prefix as it is;
* a multiword entry is its tokens with the entry's own separators (a space, or ``-``);
* an entry's categories are merged when two categories hold the same entry (one key, several categories).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import numpy as np

_WORD_END = re.compile(r"\w*")
_WORD = re.compile(r"\w+")


def surface(entry: dict) -> str:
    """The text an entry matches, lower case: tokens joined by the entry's separators (``" "`` or ``-``)."""
    out = entry["tokens"][0]
    for sep, tok in zip(entry["separators"], entry["tokens"][1:], strict=True):
        out += sep + tok
    return out


def keyword_table(spec: dict, *, expand: bool) -> dict[str, tuple[int, ...]]:
    """``{lower-case key: category indices}``: entries as text, ``stem*`` expanded if ``expand``."""
    table: dict[str, set[int]] = {}
    for e in spec["entries"]:
        if e["kind"] == "prefix":
            if expand:
                for word in spec["expansions"][e["tokens"][0]]:
                    table.setdefault(word, set()).add(e["cat"])
        else:
            table.setdefault(surface(e), set()).add(e["cat"])
    return {k: tuple(sorted(v)) for k, v in sorted(table.items())}


def _count_by_name(names_per_text, name_cats: dict, n_cat: int) -> np.ndarray:
    out = np.zeros((len(names_per_text), n_cat), dtype=np.int64)
    for i, names in enumerate(names_per_text):
        row = [0] * n_cat
        for name in names:
            for c in name_cats[name]:
                row[c] += 1
        out[i] = row
    return out


class Tool:
    """Base: ``counts`` of a tool that already returns the counts array."""

    requires = ""

    def __init__(self, spec: dict, workdir: Path) -> None:
        self.n_cat = len(spec["categories"])

    def process(self, texts: Sequence[str]):
        raise NotImplementedError

    def counts(self, result, n: int) -> dict[str, np.ndarray]:
        return {"main": result}


#: The files that make framing's engine (their git blob ids name the commit a run measured).
ENGINE_FILES = (
    "framing/lexicon/engine.py",
    "framing/lexicon/engine_arrays.py",
    "framing/lexicon/_kernels.py",
)


def engine_blob() -> tuple[str, str]:
    """The imported engine: the folder of the ``framing`` package and the git blob ids of
    :data:`ENGINE_FILES` joined by ``+`` (to name the commit they come from)."""
    import hashlib

    import framing

    root = Path(framing.__file__).parent.parent
    blobs = []
    for name in ENGINE_FILES:
        data = (root / name).read_bytes()
        blobs.append(hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest())
    return str(root / "framing"), "+".join(blobs)


def _per_category(cands: list[tuple[int, int, int]], n_cat: int) -> list[int]:
    """Matches per category from candidates ``(start, -end, category)``: framing's rule within a category,
    leftmost first, longest first, no overlap."""
    row = [0] * n_cat
    taken = [0] * n_cat
    for start, negend, c in sorted(cands):
        if start >= taken[c]:
            taken[c] = -negend
            row[c] += 1
    return row


class _Framing(Tool):
    """framing's engine (``Matcher``) on the spec's lexicon."""

    requires = "framing"

    def __init__(self, spec: dict, workdir: Path) -> None:
        super().__init__(spec, workdir)
        from framing.lexicon import Matcher, load_lexicon

        self.matcher = Matcher(load_lexicon(spec["lexicon_path"]))
        if list(self.matcher.categories) != spec["categories"]:
            raise RuntimeError("framing's categories differ from the spec's")
        self.engine = engine_blob()


class FramingFull(_Framing):
    """framing's ``Matcher.match(texts).to_frame()``: the match table with offsets, entry, negation."""

    def __init__(self, spec: dict, workdir: Path) -> None:
        super().__init__(spec, workdir)
        self.negated = 0

    def process(self, texts):
        return self.matcher.match(texts).to_frame()

    def counts(self, result, n):
        import pandas as pd

        codes = pd.Categorical(result["category"], categories=self.matcher.categories).codes.astype(np.int64)
        flat = np.bincount(result["text_index"].to_numpy(np.int64) * self.n_cat + codes, minlength=n * self.n_cat)
        self.negated += int(result["negated"].sum())
        return {"main": flat.reshape(n, self.n_cat)}


class FramingCounts(_Framing):
    """framing's ``Matcher.count(texts)``: matches per passage and category, no match table."""

    def process(self, texts):
        return self.matcher.count(texts)


class PyAhoCorasick(Tool):
    """pyahocorasick over the lower-cased text, with word-boundary checks and per-category overlap rules."""

    requires = "pyahocorasick"

    def __init__(self, spec: dict, workdir: Path) -> None:
        super().__init__(spec, workdir)
        import ahocorasick

        table: dict[str, tuple[set[int], set[int]]] = {}
        for e in spec["entries"]:
            if e["kind"] == "prefix":
                table.setdefault(e["tokens"][0], (set(), set()))[1].add(e["cat"])
            else:
                table.setdefault(surface(e), (set(), set()))[0].add(e["cat"])
        self.automaton = ahocorasick.Automaton()
        for key, (exact, prefix) in sorted(table.items()):
            self.automaton.add_word(key, (len(key), tuple(sorted(exact)), tuple(sorted(prefix))))
        self.automaton.make_automaton()

    def process(self, texts):
        out = np.zeros((len(texts), self.n_cat), dtype=np.int64)
        word_end = _WORD_END.match
        it = self.automaton.iter
        for i, text in enumerate(texts):
            low = text.lower()
            n = len(low)
            cands = []
            for end, (k, exact, prefix) in it(low):
                start = end - k + 1
                if start:
                    ch = low[start - 1]
                    if ch.isalnum() or ch == "_":
                        continue
                if exact:
                    nxt = end + 1
                    if nxt == n or not (low[nxt].isalnum() or low[nxt] == "_"):
                        for c in exact:
                            cands.append((start, -nxt, c))
                if prefix:
                    stop = word_end(low, end + 1).end()
                    for c in prefix:
                        cands.append((start, -stop, c))
            if cands:
                out[i] = _per_category(cands, self.n_cat)
        return out


class FlashText(Tool):
    """flashtext ``KeywordProcessor.extract_keywords``: one longest keyword per span, across all keywords."""

    requires = "flashtext"

    def __init__(self, spec: dict, workdir: Path) -> None:
        super().__init__(spec, workdir)
        from flashtext import KeywordProcessor

        self._keywords(spec, KeywordProcessor(case_sensitive=False))

    def _keywords(self, spec: dict, kp) -> None:
        """Give the keyword processor every (expanded) entry, named by its categories."""
        self.kp = kp
        self.name_cats = {}
        for key, cats in keyword_table(spec, expand=True).items():
            name = "|".join(map(str, cats))
            self.name_cats[name] = cats
            kp.add_keyword(key, name)

    def process(self, texts):
        extract = self.kp.extract_keywords
        return _count_by_name([extract(t) for t in texts], self.name_cats, self.n_cat)


class FlashText2(FlashText):
    """flashtext2 (Rust) ``KeywordProcessor.extract_keywords``: as flashtext."""

    requires = "flashtext2"

    def __init__(self, spec: dict, workdir: Path) -> None:
        Tool.__init__(self, spec, workdir)
        from flashtext2 import KeywordProcessor

        self._keywords(spec, KeywordProcessor(case_sensitive=False))


class SkLearn(Tool):
    """scikit-learn ``CountVectorizer(vocabulary, ngram_range=(1, 4))`` and a sparse term x category product."""

    requires = "scikit-learn"

    def __init__(self, spec: dict, workdir: Path) -> None:
        super().__init__(spec, workdir)
        import scipy.sparse as sp
        from sklearn.feature_extraction.text import CountVectorizer

        table: dict[str, set[int]] = {}
        for key, cats in keyword_table(spec, expand=True).items():
            table.setdefault(" ".join(_WORD.findall(key)), set()).update(cats)  # n-grams are space-joined tokens
        terms = sorted(table)
        n = max(len(t.split()) for t in terms)
        self.vectorizer = CountVectorizer(
            vocabulary=terms, ngram_range=(1, n), lowercase=True, token_pattern=r"(?u)\b\w+\b", dtype=np.int64
        )
        rows = [r for r, t in enumerate(terms) for _ in table[t]]
        cols = [c for t in terms for c in sorted(table[t])]
        self.term_cats = sp.csr_matrix((np.ones(len(rows), dtype=np.int64), (rows, cols)), (len(terms), self.n_cat))
        self.single = np.array([" " not in t for t in terms])

    def process(self, texts):
        x = self.vectorizer.transform(texts)
        return x, (x @ self.term_cats).toarray()

    def counts(self, result, n):
        x, main = result
        return {"main": main, "single": (x[:, self.single] @ self.term_cats[self.single]).toarray()}


class SpaCy(Tool):
    """spaCy ``PhraseMatcher(attr="LOWER")`` on ``spacy.blank("en")``'s tokenizer, per-category overlap rule."""

    requires = "spacy"

    def __init__(self, spec: dict, workdir: Path) -> None:
        super().__init__(spec, workdir)
        import spacy
        from spacy.matcher import PhraseMatcher

        self.nlp = spacy.blank("en")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        by_cat: dict[int, list[str]] = {}
        for key, cats in keyword_table(spec, expand=True).items():
            for c in cats:
                by_cat.setdefault(c, []).append(key)
        self.cat_of = {}
        for c, keys in sorted(by_cat.items()):
            label = f"c{c}"
            self.matcher.add(label, list(self.nlp.tokenizer.pipe(keys)))
            self.cat_of[self.nlp.vocab.strings[label]] = c

    def process(self, texts):
        out = np.zeros((len(texts), self.n_cat), dtype=np.int64)
        cat_of = self.cat_of
        for i, doc in enumerate(self.nlp.tokenizer.pipe(texts, batch_size=1000)):
            matches = self.matcher(doc)
            if matches:
                out[i] = _per_category([(start, -end, cat_of[mid]) for mid, start, end in matches], self.n_cat)
        return out


def _liwc_dic(spec: dict, path: Path) -> Path:
    """A LIWC .dic liwc 0.5.0 reads as intended: single tabs, one line per term with all its category ids."""
    terms: dict[str, set[int]] = {}
    for e in spec["entries"]:
        if e["kind"] != "phrase":
            terms.setdefault(e["tokens"][0] + ("*" if e["kind"] == "prefix" else ""), set()).add(e["cat"])
    lines = ["%", *(f"{i + 1}\t{name}" for i, name in enumerate(spec["categories"])), "%"]
    lines += ["\t".join([t, *(str(c + 1) for c in sorted(cats))]) for t, cats in sorted(terms.items())]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class Liwc(Tool):
    """The ``liwc`` package: ``parse(token)`` for every ``\\w+`` token of the lower-cased text; no phrases."""

    requires = "liwc"

    def __init__(self, spec: dict, workdir: Path) -> None:
        super().__init__(spec, workdir)
        import liwc

        self.parse, names = liwc.load_token_parser(str(_liwc_dic(spec, workdir / "liwc.dic")))
        self.index = {name: spec["categories"].index(name) for name in names}

    def process(self, texts):
        out = np.zeros((len(texts), self.n_cat), dtype=np.int64)
        parse, index, findall = self.parse, self.index, _WORD.findall
        for i, text in enumerate(texts):
            row = [0] * self.n_cat
            for tok in findall(text.lower()):
                for name in parse(tok):
                    row[index[name]] += 1
            out[i] = row
        return out


class LiwcCached(Liwc):
    """The ``liwc`` package with a per-token cache of ``parse`` (what a careful user would add)."""

    def __init__(self, spec: dict, workdir: Path) -> None:
        super().__init__(spec, workdir)
        self.cache: dict[str, tuple[int, ...]] = {}

    def process(self, texts):
        out = np.zeros((len(texts), self.n_cat), dtype=np.int64)
        parse, index, findall, cache = self.parse, self.index, _WORD.findall, self.cache
        get = cache.get
        for i, text in enumerate(texts):
            row = [0] * self.n_cat
            for tok in findall(text.lower()):
                cats = get(tok)
                if cats is None:
                    cats = cache[tok] = tuple(index[name] for name in parse(tok))
                for c in cats:
                    row[c] += 1
            out[i] = row
        return out


class ReFloor(Tool):
    """The floor: ``re.findall(r"\\w+", text.lower())`` per passage, nothing matched."""

    def __init__(self, spec: dict, workdir: Path) -> None:
        super().__init__(spec, workdir)
        self.findall = re.compile(r"\w+").findall

    def process(self, texts):
        findall = self.findall
        return sum(len(findall(t.lower())) for t in texts)

    def counts(self, result, n):
        return {}


#: Every tool by its command-line name, in the order of the table.
TOOLS: dict[str, type[Tool]] = {
    "framing-full": FramingFull,
    "framing-counts": FramingCounts,
    "pyahocorasick": PyAhoCorasick,
    "flashtext": FlashText,
    "flashtext2": FlashText2,
    "sklearn": SkLearn,
    "spacy": SpaCy,
    "liwc": Liwc,
    "liwc-cached": LiwcCached,
    "re-floor": ReFloor,
}

#: For each tool: (peer counts key, framing reference variant) where the semantics coincide. Variants are
#: defined in run.py: ``all`` (whole lexicon, overlap per category), ``all-global`` (whole lexicon, one
#: longest match across categories), ``single`` (single-token entries and wildcards), ``liwc`` (single-token
#: entries and wildcards that liwc's trie does not shadow). ``find`` is ``Lexicon.find``, framing's
#: reference implementation, on the first passages.
COINCIDING: dict[str, tuple[str, str]] = {
    "framing-full": ("main", "find"),
    "framing-counts": ("main", "find"),
    "pyahocorasick": ("main", "all"),
    "flashtext": ("main", "all-global"),
    "flashtext2": ("main", "all-global"),
    "sklearn": ("single", "single"),
    "spacy": ("main", "all"),
    "liwc": ("main", "liwc"),
    "liwc-cached": ("main", "liwc"),
}

SEMANTICS: dict[str, str] = {
    "framing-full": "Reference semantics (see framing.lexicon): \\w+ tokens, case-folded; phrases on consecutive "
    "tokens with their own separators; `*` inside a token; longest match per category, leftmost first; "
    "negation flagged. Output: the match table (DataFrame) with offsets, entry, negation. Compared with "
    "`Lexicon.find` on the first passages.",
    "framing-counts": "As framing (full), counts only (no match table). Compared with `Lexicon.find`.",
    "pyahocorasick": "Given every entry (phrases as text, `stem*` as a prefix key checked only at the word start and "
    "extended to the word end). Word boundaries checked with `str.isalnum()`/`_` (= `\\w`); overlaps resolved "
    "per category as framing does. Semantics coincide on the whole lexicon.",
    "flashtext": "Given every entry, wildcards expanded against the corpus vocabulary. One longest keyword per "
    "span across all categories (a phrase of one category hides a word of another), so compared with "
    "framing's `overlap='global'`. Word boundaries are ASCII letters, digits and `_`: an accented letter "
    "(`é`, `ö`) ends a word for flashtext, so `tuskic` is found inside `götuskic`.",
    "flashtext2": "As flashtext (wildcards expanded, global longest match), compared with `overlap='global'`. Its "
    "words are Unicode word segments (UAX #29), where an apostrophe between letters does not break a word: "
    "`Russia's`/`Russia’s` is one word, so `russia` is not found before a possessive (`\\w+` splits it).",
    "sklearn": "Given every entry as an n-gram (hyphens become token breaks), wildcards expanded. Counts every "
    "n-gram occurrence with no overlap rule (`peace talks` also counts `peace`), and n-grams run across "
    "punctuation and sentences; so compared on single-token entries only (the product restricted to "
    "unigram columns). Token pattern `\\b\\w+\\b` (the default `\\w\\w+` would drop one-letter words).",
    "spacy": "Given every entry (pattern docs from the same tokenizer), wildcards expanded; overlaps resolved per "
    "category as framing does. spaCy's tokenizer is not `\\w+` (`don’t` is `do` + `n’t`, `’s` is a token, "
    "`14.5` one token, infix rules for hyphens), so counts may differ where an entry meets such text; on this "
    "corpus they never did.",
    "liwc": "Given single-word entries and `stem*` wildcards (LIWC has no phrases: 750 multiword entries left out). "
    "Its trie returns only the shortest wildcard on a token's path, so a term under a shorter wildcard with other "
    "categories (e.g. `bant` in A under `ban*` in B) is compared without that term. Tokens `\\w+` of the "
    "lower-cased text, as framing's.",
    "liwc-cached": "As liwc, with a dictionary cache of `parse` per distinct token.",
    "re-floor": "Not a matcher: the cost of tokenising alone (`re.findall(r'\\w+', text.lower())`).",
}
