"""Side-by-side benchmark: framing's engine and its peers on the same lexicon and corpus (issue 7).

``make bench`` (= ``.venv/bin/python benchmarks/run.py``) generates the data if needed (benchmarks/generate.py,
cached in benchmarks/data/), then, for each size (``--sizes``, fractions of the ``--mb`` corpus, each a prefix
of the next) and each tool (``--only`` to choose), runs the tool in its own child process pinned to one core,
streaming the corpus in batches of ``--batch`` passages. It times the tool's own work (reading and JSON
decoding are not timed; they are the same for every tool) and reads the child's peak RSS (``VmHWM``).

Agreement: every tool's per-passage category counts are compared, cell by cell, with framing's on the part of
the lexicon where the two semantics coincide (peers.COINCIDING, peers.SEMANTICS), and also on the whole
lexicon, where the differences in semantics show. framing's own counts (full and counts-only) are compared
with ``Lexicon.find``, the reference implementation, on the first ``--find-mb`` MB. Disagreements are
reported, never hidden.

Output: a table per size on stdout and in ``--out``/latest.md (and latest.json with every number).
"""

from __future__ import annotations

import argparse
import bisect
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import generate  # noqa: E402
import peers  # noqa: E402

RESULTS = HERE / "results"
LABELS = {
    "framing-full": "framing (full match table)",
    "framing-counts": "framing (counts only)",
    "pyahocorasick": "pyahocorasick + boundaries",
    "flashtext": "flashtext",
    "flashtext2": "flashtext2",
    "sklearn": "scikit-learn CountVectorizer (1-4)-grams",
    "spacy": "spaCy PhraseMatcher (blank en)",
    "liwc": "liwc",
    "liwc-cached": "liwc + token cache",
    "re-floor": "floor: re.findall(\\w+)",
}
DISTRIBUTIONS = {
    "framing-full": "framing",
    "framing-counts": "framing",
    "pyahocorasick": "pyahocorasick",
    "flashtext": "flashtext",
    "flashtext2": "flashtext2",
    "sklearn": "scikit-learn",
    "spacy": "spacy",
    "liwc": "liwc",
    "liwc-cached": "liwc",
}
#: Reference variants of framing's lexicon: which entries, and which overlap rule (see peers.COINCIDING).
VARIANTS = {
    "all": "category",
    "all-global": "global",
    "single": "category",
    "liwc": "category",
}


# ------------------------------------------------------------------------------------------ corpus helpers
def read_batches(path: Path, n_passages: int, batch: int):
    """Lists of at most ``batch`` passage texts, the first ``n_passages`` lines of the JSONL file."""
    texts: list[str] = []
    with path.open(encoding="utf-8") as f:
        for k, line in enumerate(f):
            if k >= n_passages:
                break
            texts.append(json.loads(line)["text"])
            if len(texts) == batch:
                yield texts
                texts = []
    if texts:
        yield texts


def corpus_index(ds: generate.Dataset) -> tuple[dict, Path]:
    """Cumulative UTF-8 text bytes per passage and the case-folded ``\\w+`` vocabulary (cached beside the data)."""
    path = ds.corpus.with_name(ds.corpus.stem + "-index.json")
    if path.exists():
        index = json.loads(path.read_text(encoding="utf-8"))
        if index["corpus_sha256"] == ds.manifest["corpus_sha256"]:
            return index, path
    print("indexing the corpus (passage sizes, vocabulary) ...", file=sys.stderr, flush=True)
    findall = peers._WORD.findall
    vocab: set[str] = set()
    sizes = []
    for texts in read_batches(ds.corpus, ds.manifest["passages"], 5000):
        for t in texts:
            sizes.append(len(t.encode("utf-8")))
            vocab.update(findall(t.casefold()))
    index = {
        "corpus_sha256": ds.manifest["corpus_sha256"],
        "cumulative_bytes": np.cumsum(sizes).tolist(),
        "vocabulary": sorted(vocab),
    }
    path.write_text(json.dumps(index), encoding="utf-8")
    return index, path


def plan_sizes(index: dict, fractions: list[float]) -> list[dict]:
    """For each fraction: the number of leading passages whose text fits in that share of the bytes."""
    cum = np.asarray(index["cumulative_bytes"], dtype=np.int64)
    out = []
    for f in sorted(fractions):
        n = int(np.searchsorted(cum, f * cum[-1], side="right"))
        out.append({"fraction": f, "passages": n, "bytes": int(cum[n - 1]) if n else 0})
    return out


# ---------------------------------------------------------------------------------------------- the spec
def build_spec(lexicon_path: Path, vocabulary: list[str]) -> dict:
    """The lexicon as plain data for the peers (no framing import in their processes), with the wildcard
    expansions against the corpus vocabulary and the entry sets of the reference variants."""
    from framing.lexicon import load_lexicon

    lexicon = load_lexicon(lexicon_path)
    cats = lexicon.category_names
    entries = []
    for e in lexicon.entries():
        toks = [t.casefold() for t in e.tokens]
        if e.value_type != "glob" or any("?" in t for t in toks):
            raise SystemExit(f"benchmark: entry {e.pattern!r}: only glob entries with '*' can be translated")
        if any("*" in t for t in toks):
            if len(toks) > 1 or not toks[0].endswith("*") or "*" in toks[0][:-1] or len(toks[0]) < 2:
                raise SystemExit(f"benchmark: entry {e.pattern!r}: only single-token trailing wildcards translate")
            kind, toks = "prefix", [toks[0][:-1]]
        else:
            kind = "word" if len(toks) == 1 else "phrase"
        entries.append(
            {
                "cat": cats.index(e.category),
                "category": e.category,
                "pattern": e.pattern,
                "kind": kind,
                "tokens": toks,
                "separators": list(e.separators),
            }
        )
    expansions = {}
    for e in entries:
        if e["kind"] == "prefix":
            p = e["tokens"][0]
            lo = bisect.bisect_left(vocabulary, p)
            hi = bisect.bisect_left(vocabulary, p + "\U0010ffff")
            expansions[p] = vocabulary[lo:hi]
    # liwc: a term is shadowed when a shorter wildcard on its trie path has other categories
    terms: dict[str, set[int]] = {}
    for e in entries:
        if e["kind"] != "phrase":
            terms.setdefault(e["tokens"][0] + ("*" if e["kind"] == "prefix" else ""), set()).add(e["cat"])
    wild = {t[:-1]: c for t, c in terms.items() if t.endswith("*")}
    shadowed = {
        q
        for q, c in terms.items()
        for n in range(1, len(q.rstrip("*")) + 1)
        if (p := q[:n]) in wild and q != p + "*" and not c <= wild[p]
    }
    select = {
        "all": lambda e: True,
        "all-global": lambda e: True,
        "single": lambda e: e["kind"] != "phrase",
        "liwc": lambda e: (
            e["kind"] != "phrase" and e["tokens"][0] + ("*" if e["kind"] == "prefix" else "") not in shadowed
        ),
    }
    variants = {
        name: {"overlap": VARIANTS[name], "entries": [[e["category"], e["pattern"]] for e in entries if keep(e)]}
        for name, keep in select.items()
    }
    kinds = {k: sum(e["kind"] == k for e in entries) for k in ("word", "phrase", "prefix")}
    return {
        "lexicon_path": str(lexicon_path),
        "categories": cats,
        "entries": entries,
        "expansions": expansions,
        "variants": variants,
        "summary": {
            "entries": len(entries),
            **kinds,
            "categories": len(cats),
            "vocabulary": len(vocabulary),
            "expanded_words": sum(len(v) for v in expansions.values()),
            "liwc_shadowed_terms": len(shadowed),
        },
    }


# -------------------------------------------------------------------------------------------- child side
def peak_rss_mb() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return rss / (1024 * 1024 if sys.platform == "darwin" else 1024)


def _idle_ticks() -> dict[int, int]:
    ticks = {}
    for line in Path("/proc/stat").read_text().splitlines():
        if line.startswith("cpu") and line[3:4].isdigit():
            name, *values = line.split()
            ticks[int(name[3:])] = int(values[3]) + int(values[4])  # idle + iowait
    return ticks


def one_core() -> None:
    """Pin this process to one core: the one idlest over the last 0.1 s (Linux), so the tool runs alone on
    it if any core is free. Thread pools are also limited to one thread (run_child's environment)."""
    if not hasattr(os, "sched_setaffinity"):
        return
    allowed = os.sched_getaffinity(0)
    try:
        before = _idle_ticks()
        time.sleep(0.1)
        after = _idle_ticks()
        core = max(sorted(allowed), key=lambda c: after.get(c, 0) - before.get(c, 0))
    except (OSError, ValueError, IndexError):
        core = min(allowed)
    os.sched_setaffinity(0, {core})


def child(args: argparse.Namespace) -> int:
    """Run one tool on one size; print one JSON line."""
    one_core()
    spec = json.loads(Path(args.spec).read_text(encoding="utf-8"))
    workdir = Path(args.workdir)
    started = time.perf_counter()
    try:
        tool = peers.TOOLS[args.tool](spec, workdir)
    except ImportError as exc:
        print(json.dumps({"status": "not installed", "reason": f"{type(exc).__name__}: {exc}"}))
        return 0
    setup = time.perf_counter() - started
    rss_setup = peak_rss_mb()
    seconds = cpu = 0.0
    n = nbytes = 0
    files: dict[str, object] = {}
    for texts in read_batches(Path(args.corpus), args.passages, args.batch):
        t0, c0 = time.perf_counter(), time.process_time()
        result = tool.process(texts)
        seconds += time.perf_counter() - t0
        cpu += time.process_time() - c0
        for key, arr in tool.counts(result, len(texts)).items():
            if arr.shape != (len(texts), len(spec["categories"])):
                raise RuntimeError(f"{args.tool}: counts {key} have shape {arr.shape}")
            if key not in files:
                files[key] = (workdir / f"{args.tool}-{args.passages}-{key}.i32").open("wb")
            files[key].write(np.ascontiguousarray(arr, dtype=np.int32).tobytes())
        del result
        n += len(texts)
        nbytes += sum(len(t.encode("utf-8")) for t in texts)
    for f in files.values():
        f.close()
    out = {
        "status": "ok",
        "seconds": seconds,
        "cpu_seconds": cpu,
        "setup_seconds": setup,
        "wall_seconds": time.perf_counter() - started,
        "passages": n,
        "bytes": nbytes,
        "peak_rss_mb": peak_rss_mb(),
        "rss_after_setup_mb": rss_setup,
        "counts": {key: f.name for key, f in files.items()},
    }
    if hasattr(tool, "negated"):
        out["negated_matches"] = tool.negated
    if hasattr(tool, "engine"):
        out["engine_file"], out["engine_blob"] = tool.engine
    print(json.dumps(out))
    return 0


def reference(args: argparse.Namespace) -> int:
    """Write the spec (framing reads the lexicon here, not in the parent), then framing's counts for every
    reference variant (``Matcher.count``) and ``Lexicon.find``'s on the first ``--find-passages``."""
    from framing.lexicon import Category, Lexicon, Matcher, load_lexicon

    index = json.loads(Path(args.index).read_text(encoding="utf-8"))
    spec = build_spec(Path(args.lexicon), index["vocabulary"])
    Path(args.spec).write_text(json.dumps(spec), encoding="utf-8")
    if not args.passages:
        print(json.dumps({"status": "ok", "seconds": 0.0, "passages": 0}))
        return 0
    workdir = Path(args.workdir)
    lexicon = load_lexicon(spec["lexicon_path"])
    cats = spec["categories"]
    matchers = {}
    for name, variant in spec["variants"].items():
        keep = {tuple(x) for x in variant["entries"]}
        sub = [
            Category(c.name, tuple(e for e in c.entries if (c.name, e.pattern) in keep))
            for c in lexicon.categories.values()
        ]
        sub_lexicon = Lexicon([c for c in sub if c.entries], name=f"{lexicon.name}-{name}")
        columns = np.array([cats.index(c) for c in sub_lexicon.category_names])
        matchers[name] = (Matcher(sub_lexicon, overlap=variant["overlap"]), columns)
    files = {name: (workdir / f"ref-{name}.i32").open("wb") for name in [*matchers, "find"]}
    done = 0
    started = time.perf_counter()
    for texts in read_batches(Path(args.corpus), args.passages, args.batch):
        for name, (matcher, columns) in matchers.items():
            out = np.zeros((len(texts), len(cats)), dtype=np.int32)
            out[:, columns] = matcher.count(texts)
            files[name].write(out.tobytes())
        head = texts[: max(0, args.find_passages - done)]
        if head:
            out = np.zeros((len(head), len(cats)), dtype=np.int32)
            for i, t in enumerate(head):
                for m in lexicon.find(t):
                    out[i, cats.index(m.category)] += 1
            files["find"].write(out.tobytes())
        done += len(texts)
    for f in files.values():
        f.close()
    print(json.dumps({"status": "ok", "seconds": time.perf_counter() - started, "passages": done}))
    return 0


# ------------------------------------------------------------------------------------------- parent side
def run_child(mode: str, argv: list[str]) -> dict:
    env = dict(os.environ)
    env.update({k: "1" for k in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS", "RAYON_NUM_THREADS")})
    proc = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), mode, *argv], capture_output=True, text=True, env=env
    )
    lines = proc.stdout.strip().splitlines()
    if proc.returncode != 0 or not lines:
        tail = (proc.stderr.strip().splitlines() or ["no output"])[-1]
        return {"status": "failed", "reason": tail, "stderr": proc.stderr[-4000:]}
    return json.loads(lines[-1])


def load_counts(path: str | Path, n_cat: int) -> np.ndarray:
    return np.fromfile(path, dtype=np.int32).reshape(-1, n_cat)


def agreement(tool: np.ndarray, ref: np.ndarray) -> dict:
    """Cells (passage x category) where the two counts are equal, and both totals."""
    if tool.shape != ref.shape:
        raise ValueError(f"shapes differ: {tool.shape} vs {ref.shape}")
    equal = tool == ref
    return {
        "cells": int(equal.size),
        "equal_cells": int(equal.sum()),
        "agreement": float(equal.mean()) if equal.size else 1.0,
        "passages_differing": int((~equal).any(axis=1).sum()),
        "framing_total": int(ref.sum()),
        "tool_total": int(tool.sum()),
    }


def measure(tool: str, size: dict, common: list[str], work: Path, refs: dict, n_cat: int, args) -> dict:
    """Run ``tool`` on ``size`` in ``--repeat`` fresh child processes; keep the fastest run, compare its counts."""
    tries = []
    for _ in range(args.repeat):
        r = {"tool": tool, "fraction": size["fraction"]}
        r.update(run_child("child", [*common, "--tool", tool, "--passages", str(size["passages"])]))
        tries.append(r)
        if r["status"] != "ok":
            print(f"{tool:>15} @ {100 * size['fraction']:5.1f} %: {r['status']}: {r['reason']}", file=sys.stderr)
            return r
    r = min(tries, key=lambda t: t["seconds"])
    r["repeats"] = [{k: t[k] for k in ("seconds", "cpu_seconds", "peak_rss_mb")} for t in tries]
    if (r["passages"], r["bytes"]) != (size["passages"], size["bytes"]):
        raise SystemExit(f"benchmark: {tool} read {r['passages']} passages, not {size['passages']}")
    r["mb_per_s"] = r["bytes"] / 1e6 / r["seconds"] if r["seconds"] else float("inf")
    r["passages_per_s"] = r["passages"] / r["seconds"] if r["seconds"] else float("inf")
    r["cpu_share"] = r["cpu_seconds"] / r["seconds"] if r["seconds"] else 1.0
    counts = {k: load_counts(p, n_cat) for k, p in r.pop("counts").items()} if refs else {}
    if refs and tool in peers.COINCIDING:
        key, ref = peers.COINCIDING[tool]
        n = min(len(refs[ref]), r["passages"])
        r["coinciding"] = agreement(counts[key][:n], refs[ref][:n])
        r["reference"] = ref
        r["reference_label"] = REFERENCE_LABELS[ref].format(find_mb=min(args.find_mb, size["bytes"] / 1e6))
        if tool != "framing-counts":
            r["whole"] = agreement(counts["main"], refs["all"][: r["passages"]])
    for path in work.glob(f"{tool}-*.i32"):
        path.unlink()
    print(
        f"{tool:>15} @ {100 * size['fraction']:5.1f} %: {r['mb_per_s']:8.2f} MB/s ({cpu_speed(r):.2f} per CPU-s), "
        f"{r['peak_rss_mb']:6.0f} MB peak RSS, agreement {fmt_pct(r.get('coinciding'))}",
        file=sys.stderr,
        flush=True,
    )
    return r


def versions() -> dict:
    from importlib.metadata import PackageNotFoundError, version

    out = {"python": platform.python_version(), "numpy": np.__version__}
    try:
        out["numba"] = version("numba")
    except PackageNotFoundError:
        out["numba"] = None
    for dist in sorted(set(DISTRIBUTIONS.values())):
        try:
            out[dist] = version(dist)
        except PackageNotFoundError:
            out[dist] = None
    return out


def git(*args: str) -> str:
    try:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def engine_label(blob: str, path: str) -> str:
    """The commit whose engine files (``peers.ENGINE_FILES``) are the files the framing runs imported (by git
    blob ids, ``+``-joined)."""
    blobs = blob.split("+")
    for commit in git("log", "--format=%h", "--", *peers.ENGINE_FILES).split():
        if all(git("rev-parse", f"{commit}:{f}") == b for f, b in zip(peers.ENGINE_FILES, blobs, strict=False)):
            return f"engine ({', '.join(peers.ENGINE_FILES)}) of commit {commit}"
    short = ", ".join(b[:10] for b in blobs)
    return f"engine ({', '.join(peers.ENGINE_FILES)}) not in any commit (blobs {short}, {path})"


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def fmt_pct(a: dict | None) -> str:
    if a is None:
        return "–"
    pct = 100 * a["agreement"]
    return "100 %" if a["equal_cells"] == a["cells"] else f"{min(pct, 99.99):.2f} %"


def cpu_speed(run: dict) -> float:
    """MB per CPU second of the timed work."""
    return run["bytes"] / 1e6 / run["cpu_seconds"] if run["cpu_seconds"] else float("inf")


def render(report: dict) -> str:
    """The report as Markdown (printed and written to latest.md)."""
    env, data = report["environment"], report["data"]
    lines = [
        "# framing benchmark",
        "",
        f"{env['date']} · {env['cpu']} · one core per tool · Python {env['versions']['python']} · "
        f"commit {env['commit'] or '?'} (engine: {env['engine']}) · 1-minute load average "
        f"{env['load_average']['start'][0]:.2f} at the start, {env['load_average']['end'][0]:.2f} at the end",
        "",
        f"Corpus: {data['corpus_mb']:g} MB synthetic English, {data['passages']:,} passages, seed {data['seed']} "
        f"(sha256 {data['corpus_sha256'][:12]}); lexicon: {data['entries']:,} entries in {data['categories']} "
        f"categories ({data['word']:,} words, {data['phrase']:,} phrases, {data['prefix']:,} `stem*` "
        f"wildcards, expanded to {data['expanded_words']:,} corpus words for tools without wildcards); "
        f"batches of {report['batch']:,} passages. MB = 10^6 bytes of UTF-8 passage text; times exclude "
        "reading and JSON decoding (the same for every tool); fastest of "
        f"{report['repeat']} run(s) per tool and size. CPU % = CPU time / wall time of the timed work: well "
        "below 100 % means the tool waited for its core (other load on the machine). *MB/CPU-s* divides by "
        "the CPU time instead (each tool is single-threaded and pinned to one core, so on a quiet machine it "
        "equals MB/s); the ratios (how many times faster framing is) use it, as it is robust to other load.",
        "",
    ]
    for size in report["sizes"]:
        rows = [r for r in report["runs"] if r["fraction"] == size["fraction"]]
        lines += [
            f"## {100 * size['fraction']:g} % of the corpus "
            f"({size['bytes'] / 1e6:.1f} MB, {size['passages']:,} passages)",
            "",
            "| tool | MB/s | passages/s | peak RSS MB | CPU % | MB/CPU-s | framing full ÷ tool "
            "| framing counts ÷ tool | agreement |",
            "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        ]
        speed = {r["tool"]: cpu_speed(r) for r in rows if r["status"] == "ok"}
        for r in rows:
            label = LABELS[r["tool"]]
            if r["status"] != "ok":
                lines.append(f"| {label} | {r['status']} | | | | | | | |")
                continue
            ratios = [
                f"{speed[f] / speed[r['tool']]:.2f}×" if speed.get(f) and speed[r["tool"]] else "–"
                for f in ("framing-full", "framing-counts")
            ]
            lines.append(
                f"| {label} | {r['mb_per_s']:.2f} | {r['passages_per_s']:,.0f} | {r['peak_rss_mb']:.0f} | "
                f"{100 * r['cpu_share']:.0f} | {speed[r['tool']]:.2f} | {ratios[0]} | {ratios[1]} | "
                f"{fmt_pct(r.get('coinciding'))} |"
            )
        lines.append("")
    missing = [r for r in report["runs"] if r["status"] != "ok"]
    for r in {r["tool"]: r for r in missing}.values():
        lines.append(f"- {LABELS[r['tool']]}: {r['status']} ({r.get('reason', '')})")
    if missing:
        lines.append("")
    last = report["sizes"][-1]["fraction"]
    compared = [r for r in report["runs"] if r["fraction"] == last and r["status"] == "ok" and "coinciding" in r]
    if compared:
        lines += [
            f"## Agreement with framing at {100 * last:g} % (passage × category cells with equal counts)",
            "",
            "| tool | compared where semantics coincide, with | cells equal | framing total | tool total "
            "| whole lexicon: cells equal | framing total | tool total |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
    for r in compared:
        c, w = r["coinciding"], r.get("whole")
        whole = f"{fmt_pct(w)} | {w['framing_total']:,} | {w['tool_total']:,}" if w else "– | – | –"
        lines.append(
            f"| {LABELS[r['tool']]} | {r['reference_label']} | {fmt_pct(c)} | {c['framing_total']:,} | "
            f"{c['tool_total']:,} | {whole} |"
        )
    if compared:
        lines.append("")
    for tool in ("framing-full", "framing-counts"):
        ratio = report.get("rss_ratio", {}).get(tool)
        if ratio:
            lines.append(
                f"- {LABELS[tool]}: peak RSS at {100 * report['sizes'][-1]['fraction']:g} % / at "
                f"{100 * report['sizes'][0]['fraction']:g} % = {ratio:.2f}"
            )
    neg = [r for r in report["runs"] if r["tool"] == "framing-full" and "negated_matches" in r]
    if neg:
        r = neg[-1]
        lines.append(
            f"- framing (full) flagged {r['negated_matches']:,} matches as negated at {100 * r['fraction']:g} %."
        )
    lines += ["", "### What each tool does and how its semantics differ from framing's", ""]
    tools_run = list(dict.fromkeys(r["tool"] for r in report["runs"]))
    lines += [f"- **{LABELS[t]}**: {peers.SEMANTICS[t]}" for t in tools_run]
    return "\n".join(lines) + "\n"


REFERENCE_LABELS = {
    "find": "`Lexicon.find` (first {find_mb:.3g} MB)",
    "all": "framing, whole lexicon",
    "all-global": "framing, `overlap='global'`",
    "single": "framing, single-token entries",
    "liwc": "framing, words + wildcards liwc does not shadow",
}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Benchmark framing's matching engine against its peers (issue 7).")
    ap.add_argument("--sizes", type=float, nargs="+", default=[0.1, 0.3, 1.0], help="fractions of the corpus")
    ap.add_argument("--mb", type=float, default=generate.MB, help="corpus size in MB (generated once, cached)")
    ap.add_argument("--seed", type=int, default=generate.SEED)
    ap.add_argument("--only", nargs="+", choices=list(peers.TOOLS), metavar="TOOL", help="run only these tools")
    ap.add_argument("--batch", type=int, default=2000, help="passages per batch")
    ap.add_argument("--find-mb", type=float, default=5.0, help="MB on which framing is checked against Lexicon.find")
    ap.add_argument("--data", type=Path, default=generate.DATA)
    ap.add_argument("--out", type=Path, default=RESULTS)
    ap.add_argument("--no-agreement", action="store_true", help="skip the agreement check")
    ap.add_argument("--repeat", type=int, default=1, help="runs per tool and size; the fastest is reported")
    ap.add_argument("--render", type=Path, metavar="JSON", help="only print the table of a latest.json again")
    args = ap.parse_args(argv)
    if args.render:
        print(render(json.loads(args.render.read_text(encoding="utf-8"))), end="")
        return 0
    if any(not 0 < f <= 1 for f in args.sizes):
        ap.error("--sizes are fractions in (0, 1]")
    tools = args.only or list(peers.TOOLS)
    load_before, head = os.getloadavg(), git("rev-parse", "--short", "HEAD")

    ds = generate.ensure(args.seed, args.mb, args.data)
    index, index_path = corpus_index(ds)
    sizes = plan_sizes(index, args.sizes)
    largest = 0 if args.no_agreement else sizes[-1]["passages"]
    work = Path(tempfile.mkdtemp(prefix="framing-bench-"))
    try:
        spec_path = work / "spec.json"
        common = ["--spec", str(spec_path), "--corpus", str(ds.corpus), "--workdir", str(work)]
        common += ["--batch", str(args.batch)]
        find_passages = int(np.searchsorted(index["cumulative_bytes"], args.find_mb * 1e6, side="right"))
        if largest:
            print(f"reference counts (framing, {len(VARIANTS)} lexicon variants) ...", file=sys.stderr, flush=True)
        prepare = ["--lexicon", str(ds.lexicon), "--index", str(index_path), "--find-passages", str(find_passages)]
        res = run_child("reference", [*common, *prepare, "--passages", str(largest)])
        if res["status"] != "ok":
            raise SystemExit(f"benchmark: the reference run failed: {res['reason']}\n{res.get('stderr', '')}")
        spec = json.loads(spec_path.read_text(encoding="utf-8"))
        n_cat = len(spec["categories"])
        refs = {name: load_counts(work / f"ref-{name}.i32", n_cat) for name in [*VARIANTS, "find"] if largest}
        runs = []
        for size in sizes:
            for tool in tools:
                runs.append(measure(tool, size, common, work, refs, n_cat, args))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    rss_ratio = {}
    for tool in ("framing-full", "framing-counts"):
        by = {r["fraction"]: r for r in runs if r["tool"] == tool and r["status"] == "ok"}
        if len(sizes) > 1 and sizes[0]["fraction"] in by and sizes[-1]["fraction"] in by:
            rss_ratio[tool] = by[sizes[-1]["fraction"]]["peak_rss_mb"] / by[sizes[0]["fraction"]]["peak_rss_mb"]
    blobs = {r["engine_blob"]: r["engine_file"] for r in runs if "engine_blob" in r}
    report = {
        "environment": {
            "date": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "cpu": cpu_model(),
            "commit": head,
            "engine": "; ".join(engine_label(blob, path) for blob, path in sorted(blobs.items())) or "not run",
            "versions": versions(),
            "load_average": {"start": load_before, "end": os.getloadavg()},
        },
        "data": {
            "corpus_mb": args.mb,
            "seed": args.seed,
            "passages": ds.manifest["passages"],
            "corpus_sha256": ds.manifest["corpus_sha256"],
            "lexicon_sha256": ds.manifest["lexicon_sha256"],
            **spec["summary"],
        },
        "batch": args.batch,
        "repeat": args.repeat,
        "sizes": sizes,
        "runs": runs,
        "rss_ratio": rss_ratio,
    }
    text = render(report)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.md").write_text(text, encoding="utf-8")
    (args.out / "latest.json").write_text(json.dumps(report, indent=1, default=float) + "\n", encoding="utf-8")
    print(text, end="")
    return 0


def _child_main(mode: str, argv: list[str]) -> int:
    ap = argparse.ArgumentParser(prog=f"run.py {mode}")
    ap.add_argument("--spec", required=True)
    ap.add_argument("--corpus", required=True)
    ap.add_argument("--workdir", required=True)
    ap.add_argument("--batch", type=int, required=True)
    ap.add_argument("--passages", type=int, required=True)
    ap.add_argument("--tool", choices=list(peers.TOOLS))
    ap.add_argument("--find-passages", type=int, default=0)
    ap.add_argument("--lexicon")
    ap.add_argument("--index")
    args = ap.parse_args(argv)
    return child(args) if mode == "child" else reference(args)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] in ("child", "reference"):
        raise SystemExit(_child_main(sys.argv[1], sys.argv[2:]))
    raise SystemExit(main())
