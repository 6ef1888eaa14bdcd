"""Deterministic benchmark data: a ≈5,000-entry lexicon and ≈100 MB of English-like passages (JSONL).

Nothing here is real text or a real lexicon; both are made to look like the real thing to a matcher:

* **Vocabulary.** ~350 English function words and ~45 contractions (straight and curly apostrophes), ~300
  common news words, ~100 numbers, and the long tail: pronounceable pseudo-word stems (syllables) with
  English suffixes (``-s``, ``-ed``, ``-ing``, ``-ation`` …), a few with accented letters. Token frequencies
  follow a Zipf–Mandelbrot law over the rank (function words on top, as in English).
* **Lexicon** (``lexicon-s{seed}.yaml``, this toolkit's YAML): 20 categories, ≈70 % single words, ≈15 %
  multiword entries (two to four tokens, some hyphenated, some with ``of``/``the``), ≈15 % trailing
  wildcards (``stem*``); mid-frequency words, a few in two categories, phrases that start with a single
  entry, literal entries under a wildcard of another category (as in real dictionaries).
* **Passages** (``corpus-s{seed}-{mb}mb.jsonl``, one ``{"id", "text"}`` per line, UTF-8): one to eight
  sentences; capitalised sentence starts and proper nouns, commas, ``? !`` endings, possessives, curly
  quotes, em dashes, parentheses, numbers; lexicon entries injected (Zipfian over entries: a few are
  frequent) with ``not``/``never``/``no`` before some of them.

The same seed and size give the same bytes (one ``numpy.random.Generator`` per stream, seeded explicitly;
no set or hash order reaches the output). :func:`ensure` regenerates only when a file is missing or the
generator (this file's bytes, the numpy version, the parameters) changed; ``manifest-s{seed}-{mb}mb.json``
records that and the sha256 of both outputs.

Run ``python benchmarks/generate.py [--seed N] [--mb MB] [--out DIR]``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
SEED = 20251126
MB = 100.0
GENERATOR_VERSION = 1  # bump when the output changes for a reason the source bytes do not show

N_CATEGORIES = 20
N_SINGLE, N_MULTI, N_WILD = 3500, 750, 750  # 70 % / 15 % / 15 % of 5,000 entries
N_STEMS = 14_000

CATEGORIES = [
    "capacity_resources",
    "conflict",
    "crime_punishment",
    "cultural_identity",
    "economic",
    "external_regulation",
    "fairness_equality",
    "health_safety",
    "human_interest",
    "legality",
    "morality",
    "policy_prescription",
    "political",
    "public_opinion",
    "quality_of_life",
    "responsibility",
    "security_defense",
    "sovereignty",
    "threat",
    "victimhood",
]

FUNCTION_WORDS = """
the of and to a in that is was he for it with as his on be at by i this had not are but from or have an they
which one you were her all she there would their we him been has when who will more no if out so said what up
its about into than them can only other new some could time these two may then do first any my now such like
our over me even most made after also did many before must through back years where much your way well down
should because each just those people how too little state good very make world still own see men work long
get here between both life being under never day same another know while last might us great old year off
come since against go came right used take three however again without during per whether upon yet though
although unless until within across among toward towards behind beyond above below near beside besides amid
via onto off whose whom whoever whatever whichever wherever whenever why hers ours yours theirs itself
himself herself themselves ourselves myself yourself nothing none nobody neither nor cannot anything
something everything anyone someone everyone everybody somebody anybody nowhere somewhere everywhere anywhere
always often sometimes usually rarely seldom already soon later today tomorrow yesterday tonight ago almost
quite rather really perhaps maybe indeed instead therefore thus hence meanwhile otherwise moreover furthermore
nevertheless nonetheless likewise accordingly either every few several least less fewer lot lots both half
once twice thrice four five six seven eight nine ten hundred thousand million billion second third next
shall ought am does doing done having got gotten getting goes going went gone says saying tell told asked
ask let lets put puts seem seems seemed become becomes became keep kept give gives gave given find found
think thought want wanted look looked use uses need needs needed feel felt try tried leave left call called
mean means meant show shown showed bring brought begin began run ran hold held stand stood turn turned
""".split()

CONTRACTIONS = """
don't don’t isn't isn’t wasn't wasn’t aren't aren’t weren't won't won’t can't can’t couldn't couldn’t
shouldn't wouldn't wouldn’t doesn't doesn’t didn't didn’t haven't hasn't hadn't it's it’s that's that’s
there's there’s he's she's we're we’re they're they’re i'm I’m you're we've they've i'd we'll they’ll let's
""".split()

NEWS_WORDS = """
government president minister ministry country countries nation nations state states war peace security
military army troops forces force border borders region regional city cities village villages people
citizens citizen official officials spokesman spokeswoman leader leaders party parties election elections
vote votes voters parliament congress senate law laws court courts judge judges police crime crimes attack
attacks strike strikes weapon weapons missile missiles drone drones talks negotiations agreement agreements
treaty deal deals sanctions economy economic market markets price prices inflation energy gas oil grain
food water health hospital hospitals doctors children families women men workers jobs budget tax taxes
debt bank banks trade trade exports imports report reports statement statements interview press media news
week weeks month months day days hour hours morning evening night summer winter spring autumn history future
support aid help rights freedom democracy power control authority authorities administration policy
policies plan plans reform reforms crisis conflict violence victims refugees migrants humanitarian
international foreign domestic national local public private global european american russian ukrainian
western eastern southern northern central capital headquarters summit meeting meetings conference
ceremony visit visits allies ally partners partner union alliance council committee commission agency
agencies company companies industry industries technology science research university school schools
education church religion culture tradition language languages land territory territories sea coast river
mountain road roads bridge bridges railway airport port ports ship ships plane planes car cars building
buildings home homes house houses street streets money cost costs fund funds program programs project
projects issue issues question questions answer problem problems solution decision decisions step steps
measure measures action actions effort efforts result results change changes growth risk risks threat
threats danger fear hope trust truth justice order rule rules system systems process role position case
cases example fact facts number numbers level levels rate rates share part parts side sides end ends
""".split()

NUMBERS = [str(y) for y in range(1990, 2026)] + [
    "1", "2", "3", "4", "5", "10", "12", "15", "20", "24", "30", "40", "50", "60", "75", "100", "150", "200",
    "250", "300", "500", "1,000", "1,200", "2,500", "10,000", "40,000", "1.5", "2.7", "3.2", "14.5", "0.8",
    "5%", "12%", "40%", "$3", "$50", "$1.2", "€20", "€300", "9/11", "24/7", "G7", "G20", "COVID-19", "No. 1",
]  # fmt: skip
NUMBERS += [f"{n}" for n in range(6, 100, 1) if n % 7 == 0 or n % 11 == 0]

CONSONANTS = "b c d f g h j k l m n p r s t v w y z".split()
CLUSTERS = "br cr dr fr gr pr tr bl cl fl gl pl sl sh ch th st sp sc sk sm sn sw str qu tw wh".split()
VOWELS = "a e i o u".split()
DIGRAPHS = "ai ea ee oo ou io ia oa ie au".split()
CODAS = "n r s t l m x nd nt st rt ck ng ss rn ld sk".split()
SUFFIXES = (
    "s ed ing er ers ion ions ive al ally ly ment ments ity ness ist ists ism ation ations able ful less ize ized izes "
    "izing ous ic ical"
).split()
ACCENTS = {"e": "é", "i": "ï", "a": "á", "o": "ö", "u": "ü"}
NEGATION = ["not", "never", "no", "not", "never"]


@dataclass(frozen=True)
class Vocabulary:
    """Word forms by frequency rank, each form's stem index (-2 closed-class, -1 news word or number)."""

    words: list[str]
    stem_of: np.ndarray
    stems: list[str]
    forms: list[list[str]]
    probability: np.ndarray


def _pseudo_stems(rng: np.random.Generator, n: int, taken: set[str]) -> list[str]:
    out: list[str] = []
    seen = set(taken)
    while len(out) < n:
        k = int(rng.choice([1, 2, 2, 2, 3, 3]))
        parts = []
        for _ in range(k):
            u = rng.random(3)
            parts.append(
                CONSONANTS[rng.integers(len(CONSONANTS))]
                if u[0] < 0.75
                else CLUSTERS[rng.integers(len(CLUSTERS))]
                if u[0] < 0.9
                else ""
            )
            parts.append(VOWELS[rng.integers(len(VOWELS))] if u[1] < 0.85 else DIGRAPHS[rng.integers(len(DIGRAPHS))])
            parts.append("" if u[2] < 0.55 else CODAS[rng.integers(len(CODAS))])
        stem = "".join(parts)
        if len(stem) < 3 or len(stem) > 10:
            continue
        if rng.random() < 0.006:  # a few loanword-like stems with an accented letter (naïve, café)
            for i, ch in enumerate(stem):
                if ch in ACCENTS:
                    stem = stem[:i] + ACCENTS[ch] + stem[i + 1 :]
                    break
        if stem not in seen:
            seen.add(stem)
            out.append(stem)
    return out


def build_vocabulary(rng: np.random.Generator) -> Vocabulary:
    """Function words on top, then news words, numbers and pseudo-word forms in a seeded order."""
    closed = list(dict.fromkeys(FUNCTION_WORDS + CONTRACTIONS))
    news = [w for w in dict.fromkeys(NEWS_WORDS) if w not in set(closed)]
    stems = _pseudo_stems(rng, N_STEMS, set(closed) | set(news))
    forms: list[list[str]] = []
    seen = set(closed) | set(news) | set(NUMBERS)
    for stem in stems:
        n = int(rng.choice([1, 2, 2, 3, 3, 4, 5]))
        chosen = [stem] + [stem + SUFFIXES[i] for i in rng.choice(len(SUFFIXES), size=n, replace=False)]
        kept = [f for f in chosen if f not in seen]
        seen.update(kept)
        forms.append(kept)
    open_words = [(f, s) for s, fs in enumerate(forms) for f in fs]
    open_words += [(w, -1) for w in news] + [(w, -1) for w in NUMBERS]
    # a random rank for every open-class word; news words and numbers drawn from the top sixth (they are
    # frequent in real news), pseudo-word forms from the whole range
    score = rng.random(len(open_words))
    score[[i for i, (_, s) in enumerate(open_words) if s < 0]] /= 6
    ranked = [open_words[i] for i in np.argsort(score, kind="stable")]
    words = closed + [w for w, _ in ranked]
    stem_of = np.array([-2] * len(closed) + [s for _, s in ranked], dtype=np.int64)
    rank = np.arange(1, len(words) + 1, dtype=np.float64)
    p = (rank + 2.7) ** -1.1  # Zipf–Mandelbrot; function words end up with about half of the tokens
    return Vocabulary(words, stem_of, stems, forms, p / p.sum())


def build_lexicon_entries(rng: np.random.Generator, vocab: Vocabulary) -> list[tuple[str, str]]:
    """(category, pattern) pairs: 3,500 single words, 750 phrases, 750 ``stem*`` wildcards; sorted.

    Entries are open-class words of rank up to 40,000, the more frequent ones more likely (as in real
    dictionaries); ~4 % of the single words are in two categories.
    """
    first = int((vocab.stem_of == -2).sum()) + 30
    candidates = [(r, w) for r, w in enumerate(vocab.words[first:40_000], first) if w.isalpha() and w.isascii()]
    mid = [w for _, w in candidates]
    weight = (np.arange(len(mid), dtype=np.float64) + 3000) ** -0.6
    weight /= weight.sum()
    entries: set[tuple[str, str]] = set()

    def category() -> str:
        return CATEGORIES[rng.integers(N_CATEGORIES)]

    n_words = int(N_SINGLE / 1.04)
    singles = [mid[i] for i in rng.choice(len(mid), size=n_words, replace=False, p=weight)]
    entries.update((category(), w) for w in singles)
    while len(entries) < N_SINGLE:
        entries.add((category(), singles[rng.integers(n_words)]))
    rank = {w: r for r, w in candidates}
    stems = [
        vocab.stems[s]
        for s, fs in enumerate(vocab.forms)
        if len(fs) >= 2
        and len(vocab.stems[s]) >= 4
        and vocab.stems[s].isascii()
        and min(rank.get(f, 10**9) for f in fs) < 40_000
    ]
    for s in rng.choice(len(stems), size=N_WILD, replace=False):
        entries.add((category(), stems[s] + "*"))
    connectors = ["of", "of the", "for", "and", "on", "in the", "against", "to"]

    def word() -> str:
        return mid[rng.choice(len(mid), p=weight)]

    phrases: set[str] = set()
    while len(phrases) < N_MULTI:
        kind = rng.random()
        head = singles[rng.integers(n_words)] if rng.random() < 0.3 else word()
        if kind < 0.55:
            pattern = f"{head} {word()}"
        elif kind < 0.75:
            pattern = f"{head} {connectors[rng.integers(len(connectors))]} {word()}"
        elif kind < 0.88:
            pattern = f"{head} {word()} {word()}"
        else:
            pattern = f"{head}-{word()}"
        if pattern not in phrases:
            phrases.add(pattern)
            entries.add((category(), pattern))
    return sorted(entries)


def write_lexicon(entries: list[tuple[str, str]], path: Path, seed: int) -> None:
    from framing.lexicon import Category, Lexicon, parse_entry, write_lexicon_file

    by_cat: dict[str, list] = {}
    for cat, pattern in entries:
        by_cat.setdefault(cat, []).append(parse_entry(pattern, cat))
    cats = [
        Category(c, tuple(es), description=f"Synthetic benchmark category {c} ({len(es)} entries).")
        for c, es in sorted(by_cat.items())
    ]
    lexicon = Lexicon(
        cats,
        name="bench_synthetic",
        version="1.0.0",
        license="CC0-1.0",
        description=f"Synthetic benchmark lexicon made by benchmarks/generate.py (seed {seed}); not a real lexicon.",
    )
    write_lexicon_file(lexicon, path)


def _surface(pattern: str, vocab: Vocabulary, stem_index: dict[str, int], rng: np.random.Generator) -> str:
    if pattern.endswith("*"):
        forms = vocab.forms[stem_index[pattern[:-1]]]
        return forms[rng.integers(len(forms))]
    return pattern


def write_corpus(
    rng: np.random.Generator, vocab: Vocabulary, entries: list[tuple[str, str]], mb: float, path: Path
) -> dict:
    """Write passages until their text reaches ``mb`` million UTF-8 bytes; return counts."""
    words = np.array(vocab.words, dtype=object)
    capital = np.array([w[:1].upper() + w[1:] for w in vocab.words], dtype=object)
    is_open = vocab.stem_of >= -1
    patterns = sorted({p for _, p in entries})
    stem_index = {s: i for i, s in enumerate(vocab.stems)}
    entry_p = (np.arange(1, len(patterns) + 1, dtype=np.float64) + 5) ** -0.9
    entry_p = entry_p[rng.permutation(len(patterns))]
    entry_p /= entry_p.sum()
    cdf = np.cumsum(vocab.probability)
    target = int(mb * 1_000_000)
    written = n_passages = n_sentences = n_tokens = 0
    chunk = 200_000
    with path.open("wb") as out:
        while written < target:
            ids = np.minimum(np.searchsorted(cdf, rng.random(chunk), side="right"), len(cdf) - 1)
            proper = is_open[ids] & (rng.random(chunk) < 0.025)
            toks = np.where(proper, capital[ids], words[ids]).tolist()
            # sparse decorations, drawn for the whole chunk at once
            for k in np.flatnonzero(rng.random(chunk) < 0.055):
                toks[k] += ","
            for k in np.flatnonzero(proper & (rng.random(chunk) < 0.12)):
                toks[k] += "’s" if rng.random() < 0.6 else "'s"
            for k in np.flatnonzero(rng.random(chunk) < 0.006):
                toks[k] += " —" if rng.random() < 0.5 else "—"
            for k in np.flatnonzero(rng.random(chunk) < 0.003):
                toks[k] = f"({toks[k]}"
                j = min(k + 1 + int(rng.integers(4)), chunk - 1)
                toks[j] += ")"
            inject = np.flatnonzero(rng.random(chunk) < 0.025)
            chosen = rng.choice(len(patterns), size=len(inject), p=entry_p)
            negate = rng.random(len(inject)) < 0.12
            for k, e, neg in zip(inject.tolist(), chosen.tolist(), negate.tolist(), strict=True):
                s = _surface(patterns[e], vocab, stem_index, rng)
                toks[k] = f"{NEGATION[rng.integers(len(NEGATION))]} {s}" if neg else s
            lengths = np.clip(rng.gamma(4.0, 5.0, size=chunk // 8).astype(np.int64) + 4, 4, 70)
            ends = np.cumsum(lengths)
            lengths = lengths[ends <= chunk]
            enders = rng.choice([". ", ". ", ". ", ". ", ". ", ". ", "? ", "! ", "… "], size=len(lengths))
            quoted = rng.random(len(lengths)) < 0.07
            sentences: list[str] = []
            start = 0
            for n, ender, q in zip(lengths.tolist(), enders.tolist(), quoted.tolist(), strict=True):
                s = " ".join(toks[start : start + n]).rstrip(",—( ")
                start += n
                s = s[:1].upper() + s[1:]
                sentences.append(f"“{s}{ender.strip()}” " if q else s + ender)
            n_tokens += start
            sizes = rng.integers(1, 9, size=len(sentences) // 2)
            i = 0
            lines = []
            for size in sizes.tolist():
                if i >= len(sentences) or written >= target:
                    break
                text = "".join(sentences[i : i + size]).strip()
                i += size
                n_sentences += size
                n_passages += 1
                written += len(text.encode("utf-8"))
                lines.append(json.dumps({"id": f"p{n_passages:07d}", "text": text}, ensure_ascii=False))
            out.write(("\n".join(lines) + "\n").encode("utf-8"))
    return {"passages": n_passages, "text_bytes": written, "sentences": n_sentences}


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def _fingerprint(seed: int, mb: float) -> dict:
    return {
        "generator_sha256": hashlib.sha256(Path(__file__).read_bytes()).hexdigest(),
        "generator_version": GENERATOR_VERSION,
        "numpy": np.__version__,
        "seed": seed,
        "mb": mb,
    }


@dataclass(frozen=True)
class Dataset:
    """Paths of the generated lexicon and corpus, and the manifest (parameters, sha256, counts)."""

    lexicon: Path
    corpus: Path
    manifest: dict

    @property
    def manifest_path(self) -> Path:
        return self.corpus.with_name(self.corpus.name.replace("corpus-", "manifest-", 1).replace(".jsonl", ".json"))


def _mb_label(mb: float) -> str:
    return f"{mb:g}".replace(".", "p")


def ensure(seed: int = SEED, mb: float = MB, out: Path = DATA, *, quiet: bool = False) -> Dataset:
    """The lexicon and corpus for ``seed`` and ``mb``, generated only when missing or stale."""
    out.mkdir(parents=True, exist_ok=True)
    lexicon = out / f"lexicon-s{seed}.yaml"
    corpus = out / f"corpus-s{seed}-{_mb_label(mb)}mb.jsonl"
    manifest_path = out / f"manifest-s{seed}-{_mb_label(mb)}mb.json"
    fingerprint = _fingerprint(seed, mb)
    if manifest_path.exists() and lexicon.exists() and corpus.exists():
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if (
            manifest.get("fingerprint") == fingerprint
            and corpus.stat().st_size == manifest["corpus_file_bytes"]
            and _sha256(lexicon) == manifest["lexicon_sha256"]
        ):
            return Dataset(lexicon, corpus, manifest)
    if not quiet:
        print(f"generating {mb:g} MB corpus and lexicon (seed {seed}) in {out} ...", file=sys.stderr, flush=True)
    vocab = build_vocabulary(np.random.default_rng([seed, 0]))
    entries = build_lexicon_entries(np.random.default_rng([seed, 1]), vocab)
    write_lexicon(entries, lexicon, seed)
    counts = write_corpus(np.random.default_rng([seed, 2]), vocab, entries, mb, corpus)
    manifest = {
        "fingerprint": fingerprint,
        "lexicon": lexicon.name,
        "lexicon_sha256": _sha256(lexicon),
        "corpus": corpus.name,
        "corpus_sha256": _sha256(corpus),
        "corpus_file_bytes": corpus.stat().st_size,
        "entries": len(entries),
        "vocabulary": len(vocab.words),
        **counts,
    }
    manifest_path.write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return Dataset(lexicon, corpus, manifest)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--mb", type=float, default=MB, help="corpus size in millions of UTF-8 text bytes")
    ap.add_argument("--out", type=Path, default=DATA)
    args = ap.parse_args(argv)
    ds = ensure(args.seed, args.mb, args.out)
    print(json.dumps({"lexicon": str(ds.lexicon), "corpus": str(ds.corpus), **ds.manifest}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
