"""Scale of ``framing analyze``: memory bounded by the batch, not the corpus, and ``--jobs 2`` on 2 cores.

``.venv/bin/python benchmarks/scale.py`` builds a corpus of ``--mb`` MB of passage text (default 100) from the
Ukrainian officials' addresses of ``../shared/corpora`` (never copied into the repository: the corpus goes
to the git-ignored ``benchmarks/data/``): the 354 addresses repeated with their paragraphs shuffled
(seeded), each copy a new id, and a 10 % prefix of it (by documents). Then it runs ``framing analyze FILE
--quiet`` with the defaults on 10 % with ``--jobs 1`` and on 100 % with ``--jobs 1`` and ``--jobs 2``, each
in its own process, and prints wall time, peak RSS (the largest process of the run) and whether the two
100 % runs wrote the same bytes.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SOURCE = ROOT.parent / "shared" / "corpora" / "ukraine_addresses_2022" / "addresses_en_2022.jsonl"
SEED = 20251126
# runs a command and prints the peak RSS (KiB) of the largest process it waited for
_RSS = (
    "import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]).returncode; "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r)"
)


def build(source: Path, out: Path, mb: float) -> tuple[Path, Path, int]:
    """The corpus file and its 10 % prefix (by documents); returns their paths and the document count."""
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines() if line.strip()]
    rng = random.Random(SEED)
    lines: list[str] = []
    size, copy = 0, 0
    while size < mb * 1e6:
        for rec in records:
            paragraphs = rec["text"].split("\n")
            rng.shuffle(paragraphs)
            new = dict(rec, id=f"{rec['id']}-copy{copy}", text="\n".join(paragraphs))
            lines.append(json.dumps(new, ensure_ascii=False))
            size += len(new["text"].encode("utf-8"))
            if size >= mb * 1e6:
                break
        copy += 1
    out.mkdir(parents=True, exist_ok=True)
    full, tenth = out / f"scale-{mb:g}mb.jsonl", out / f"scale-{mb:g}mb-10pct.jsonl"
    full.write_text("\n".join(lines) + "\n", encoding="utf-8")
    tenth.write_text("\n".join(lines[: len(lines) // 10]) + "\n", encoding="utf-8")
    return full, tenth, len(lines)


def run(corpus: Path, jobs: int, out: Path) -> dict:
    cmd = [sys.executable, "-m", "framing.cli", "analyze", str(corpus), "--quiet", "--jobs", str(jobs)]
    cmd += ["--out", str(out)]
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", _RSS, *cmd], capture_output=True, text=True, check=True)
    return {"seconds": time.perf_counter() - started, "rss_mib": int(done.stdout.split()[-1]) / 1024}


def same_files(a: Path, b: Path) -> bool:
    names = sorted(p.name for p in a.iterdir())
    if names != sorted(p.name for p in b.iterdir()):
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, names, shallow=False)
    return not mismatch and not errors


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--mb", type=float, default=100.0, help="MB of passage text in the corpus")
    ap.add_argument("--source", type=Path, default=SOURCE, help="addresses_en_2022.jsonl")
    ap.add_argument("--data", type=Path, default=HERE / "data")
    args = ap.parse_args(argv)
    if not args.source.is_file():
        print(f"scale: {args.source} not found (the shared corpora are needed)", file=sys.stderr)
        return 2
    full, tenth, n = build(args.source, args.data, args.mb)
    with tempfile.TemporaryDirectory(prefix="framing-scale-") as work:
        work = Path(work)
        small = run(tenth, 1, work / "small")
        one = run(full, 1, work / "one")
        two = run(full, 2, work / "two")
        same = same_files(work / "one", work / "two")
    print(f"corpus: {n:,} documents, {args.mb:g} MB of text ({full}); 10 %: {n // 10:,} documents\n")
    print("| run | wall time | peak RSS |\n|---|---:|---:|")
    print(f"| 10 %, `--jobs 1` | {small['seconds']:.1f} s | {small['rss_mib']:.0f} MiB |")
    ratio = one["rss_mib"] / small["rss_mib"]
    print(f"| 100 %, `--jobs 1` | {one['seconds']:.1f} s | {one['rss_mib']:.0f} MiB: {ratio:.2f} × the 10 % run |")
    speedup = one["seconds"] / two["seconds"]
    print(f"| 100 %, `--jobs 2` | {two['seconds']:.1f} s: {speedup:.2f} × faster | {two['rss_mib']:.0f} MiB |")
    print(f"\n--jobs 1 and --jobs 2 wrote the same bytes: {'yes' if same else 'NO'}")
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
