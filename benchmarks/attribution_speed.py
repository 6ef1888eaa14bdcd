"""Attribution speed: MB of text per CPU-second, and the alias and reporting-verb searches old against new.

``make bench-attribution`` (= ``.venv/bin/python benchmarks/attribution_speed.py``) reads the UN General
Debate corpus from ``../shared/corpora/ungdc`` (never copied into the repository; ``--mb`` keeps the first
documents up to that many MB of text), segments it with the defaults and, in one process, times (CPU time,
``time.process_time``):

* reading, segmenting and attributing with the library as it is, and writing the attributions as JSON
  lines (to memory), so the split of ``framing attribute`` shows;
* attribution again with the two searches replaced by the regular-expression alternations they replaced
  (:func:`reference_find_mentions` and :func:`reference_verb_pattern`, kept here as the reference), and the
  ratio of the two;
* the alias search (``find_mentions`` on every passage, with the document date) and the reporting-verb
  search (every passage) alone, reference against library, with their ratios.

Identity: the reference and the library must give the same mentions and the same verb spans on every
passage; the counts of passages compared and of differences are printed (``--identity`` also checks the
kremlin.ru corpus, ``../shared/corpora/kremlin_en``). The script exits with status 1 on any difference.
"""

from __future__ import annotations

import argparse
import io
import json
import platform
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))

from framing.actors import SpeakerAttributor, load_actors, load_reporting_verbs  # noqa: E402
from framing.actors.registry import ActorRegistry, Mention, Role  # noqa: E402
from framing.actors.search import WordFinder  # noqa: E402
from framing.corpus import read_named_corpus  # noqa: E402
from framing.passages import segment  # noqa: E402

SHARED = ROOT.parent / "shared" / "corpora"


# -------------------------------------------------------------------------------------------- references
def reference_patterns(registry: ActorRegistry) -> tuple[re.Pattern[str], re.Pattern[str]] | None:
    """The alternations ``ActorRegistry`` compiled before :class:`~framing.actors.search.AliasSearch`: titles
    and aliases, and aliases alone (None without aliases)."""
    aliases = sorted(registry._alias_map, key=lambda s: (-len(s), s))
    if not aliases:
        return None
    titles = sorted(
        set(registry.titles) | {t for a in registry.actors.values() for t in a.titles}, key=lambda s: (-len(s), s)
    )
    alias_alt = "|".join(map(re.escape, aliases))
    title_part = f"(?:(?:{'|'.join(map(re.escape, titles))})\\s+)*" if titles else ""
    return (
        re.compile(rf"(?<!\w)(?P<full>{title_part}(?P<alias>{alias_alt}))(?!\w)"),
        re.compile(rf"(?<!\w)(?:{alias_alt})(?!\w)"),
    )


def reference_find_mentions(
    registry: ActorRegistry,
    patterns: tuple[re.Pattern[str], re.Pattern[str]] | None,
    text: str,
    offset: int = 0,
    *,
    date: str | None = None,
) -> list[Mention]:
    """``ActorRegistry.find_mentions`` as it was before :class:`~framing.actors.search.AliasSearch`, with
    ``patterns`` from :func:`reference_patterns`: each pattern's ``search`` tries every character."""
    if patterns is None:
        return []
    pattern, bare = patterns
    out: list[Mention] = []
    pos = 0
    while True:
        m = pattern.search(text, pos)
        if m is None:
            break
        alias = m.group("alias")
        target = registry._alias_map[alias]
        start, end = m.start("full"), m.end("full")
        titled = start != m.start("alias")
        if titled and (target is None or isinstance(target, Role) or registry.actors[target].kind != "person"):
            m2 = bare.search(text, start)
            assert m2 is not None
            start, end, alias = m2.start(), m2.end(), m2.group()
            target, titled = registry._alias_map[alias], False
        pos = end
        if target is None or (alias in registry.places and registry._locative_before(text, start)):
            continue
        if isinstance(target, Role):
            actor = target.holder(date)
            if actor is not None:
                out.append(Mention(actor, start + offset, end + offset, text[start:end], alias, "role"))
            continue
        out.append(
            Mention(target, start + offset, end + offset, text[start:end], alias, "title" if titled else "alias")
        )
    return out


def reference_verb_pattern(verbs: frozenset[str]) -> re.Pattern[str]:
    """The reporting-verb alternation as ``SpeakerAttributor`` compiled it before
    :class:`~framing.actors.search.WordFinder`."""
    alternatives = "|".join(sorted(map(re.escape, verbs), key=lambda v: (-len(v), v)))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)", re.IGNORECASE)


# ------------------------------------------------------------------------------------------------ helpers
def cpu(fn, *args, **kwargs):
    """``(result, CPU seconds)`` of ``fn(*args, **kwargs)``."""
    t = time.process_time()
    result = fn(*args, **kwargs)
    return result, time.process_time() - t


def dated(corpus, passages) -> list[tuple[str, int, str | None]]:
    """``(text, start, date)`` of every passage, the date as attribution takes it from the metadata."""
    dates = {d.doc_id: (str(d.meta["date"])[:10] if d.meta.get("date") else None) for d in corpus}
    return [(p.text, p.start, dates[p.doc_id]) for p in passages]


def compare(registry: ActorRegistry, items, verbs_old: re.Pattern[str], verbs_new: WordFinder) -> dict:
    """Mentions and verb spans, reference against library, on every passage; times each search alone."""
    patterns = reference_patterns(registry)
    old, t_old = cpu(lambda: [reference_find_mentions(registry, patterns, t, s, date=d) for t, s, d in items])
    new, t_new = cpu(lambda: [registry.find_mentions(t, s, date=d) for t, s, d in items])
    vold, tv_old = cpu(lambda: [[m.span() for m in verbs_old.finditer(t)] for t, _, _ in items])
    vnew, tv_new = cpu(lambda: [[m.span() for m in verbs_new.finditer(t)] for t, _, _ in items])
    return {
        "passages": len(items),
        "mentions": sum(map(len, new)),
        "mention_differences": sum(a != b for a, b in zip(old, new, strict=True)),
        "verbs": sum(map(len, vnew)),
        "verb_differences": sum(a != b for a, b in zip(vold, vnew, strict=True)),
        "alias_cpu_old": t_old,
        "alias_cpu_new": t_new,
        "verb_cpu_old": tv_old,
        "verb_cpu_new": tv_new,
    }


def attribute_with(registry: ActorRegistry, passages, corpus, *, reference: bool) -> list:
    """Attributions of ``passages``; with ``reference``, through the reference searches."""
    attributor = SpeakerAttributor(registry)
    if reference:
        ref = ActorRegistry.__new__(ActorRegistry)
        ref.__dict__.update(registry.__dict__)
        patterns = reference_patterns(registry)
        ref.find_mentions = lambda text, offset=0, *, date=None: reference_find_mentions(  # type: ignore[method-assign]
            ref, patterns, text, offset, date=date
        )
        attributor = SpeakerAttributor(ref)
        attributor.__dict__["_verb_re"] = reference_verb_pattern(load_reporting_verbs())
    return attributor.attribute(passages, corpus)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, default=SHARED / "ungdc", help="the UN General Debate folder")
    ap.add_argument("--mb", type=float, default=0, help="only the first documents up to MB of text (0: all)")
    ap.add_argument("--identity", action="store_true", help="also compare the searches on kremlin_en")
    args = ap.parse_args(argv)
    if not args.corpus.is_dir():
        print(f"attribution_speed: {args.corpus} does not exist (the UN corpus of ../shared/corpora)")
        return 2

    corpus, t_read = cpu(read_named_corpus, "ungdc", [args.corpus])
    docs = list(corpus)
    if args.mb:
        size, keep = 0, []
        for d in docs:
            if size >= args.mb * 1e6:
                break
            keep.append(d)
            size += len(d.text.encode("utf-8"))
        docs = keep
    mb = sum(len(d.text.encode("utf-8")) for d in docs) / 1e6
    passages, t_segment = cpu(lambda: list(segment(docs)))
    registry = load_actors()
    _ = registry._search  # compiled outside the timings
    attributions, t_new = cpu(attribute_with, registry, passages, docs, reference=False)
    reference, t_old = cpu(attribute_with, registry, passages, docs, reference=True)
    same = [a.to_record() for a in attributions] == [a.to_record() for a in reference]
    buf = io.StringIO()
    _, t_json = cpu(
        lambda: [buf.write(json.dumps(a.to_record(), ensure_ascii=False, sort_keys=True) + "\n") for a in attributions]
    )
    verbs = load_reporting_verbs()
    verbs_old, verbs_new = reference_verb_pattern(verbs), WordFinder(verbs)
    checks = {"ungdc": compare(registry, dated(docs, passages), verbs_old, verbs_new)}
    if args.identity:
        kremlin = list(read_named_corpus("kremlin_en", [SHARED / "kremlin_en"]))
        checks["kremlin_en"] = compare(registry, dated(kremlin, list(segment(kremlin))), verbs_old, verbs_new)

    print(f"# attribution speed — {platform.python_implementation()} {platform.python_version()}, one process")
    print(f"corpus: {args.corpus} — {len(docs)} documents, {mb:.2f} MB of text, {len(passages)} passages")
    print(f"CPU s: read {t_read:.1f}, segment {t_segment:.1f}, attribute {t_new:.1f}, JSON lines {t_json:.1f}")
    print(
        f"attribution: {mb / t_new:.3f} MB/CPU-s "
        f"(with the reference searches: {mb / t_old:.3f} MB/CPU-s; {t_old / t_new:.2f}× faster now)"
    )
    print(f"attributions identical to the reference searches': {same}")
    bad = not same
    for name, c in checks.items():
        print(
            f"{name}: {c['passages']} passages; alias search {c['alias_cpu_old']:.2f} → {c['alias_cpu_new']:.2f} "
            f"CPU s ({c['alias_cpu_old'] / c['alias_cpu_new']:.1f}×), {c['mentions']} mentions, "
            f"{c['mention_differences']} passages differ; verb search {c['verb_cpu_old']:.2f} → "
            f"{c['verb_cpu_new']:.2f} CPU s ({c['verb_cpu_old'] / c['verb_cpu_new']:.1f}×), {c['verbs']} verbs, "
            f"{c['verb_differences']} passages differ"
        )
        bad = bad or bool(c["mention_differences"] or c["verb_differences"])
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
