"""Output bytes of a fixed set of runs, to show that a refactoring changes nothing a user sees.

``.venv/bin/python benchmarks/identity.py record FILE`` runs every job below (``framing analyze`` on the
seed article and on the three shared corpora with their readers, plus ``attribute``, ``match``, ``kwic`` and
``lexicon check`` on the seed) each in its own process, and writes the sha256 of every file each job wrote
(and of its standard output) to FILE as JSON. ``.venv/bin/python benchmarks/identity.py check FILE`` runs the
same jobs and lists every file whose bytes differ, exit status 1 if any does. Record with the code before the
change, check with the code after it. ``--only NAME`` runs some jobs; ``--fast`` skips the two largest.

The corpora are read in place from ``../shared/corpora`` (never copied into the repository). A job whose
corpus is missing is reported as skipped, not as a difference.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SHARED = ROOT.parent / "shared" / "corpora"
SEEDS = ROOT / "seeds"

PAIRS = ["--groups", "RUS", "UKR", "USA", "EU", "--compare", "pairs"]
MONTHS = ["--level", "state", "--by", "month"]
# name -> (command after `framing`, the corpus it needs or None, large?)
JOBS: dict[str, tuple[list[str], Path | None, bool]] = {
    "seed": (["analyze", str(SEEDS), "--quiet"], None, False),
    "seed-span-state": (
        ["analyze", str(SEEDS), "--quiet", "--credit", "span", "--level", "state", "--compare", "pairs"],
        None,
        False,
    ),
    "seed-generic": (["analyze", str(SEEDS), "--quiet", "--lexicon", "generic_frames", "--no-statistics"], None, False),
    "seed-attribute": (["attribute", str(SEEDS)], None, False),
    "seed-attribute-text": (["attribute", str(SEEDS), "--format", "text"], None, False),
    "seed-match": (["match", str(SEEDS)], None, False),
    "seed-counts": (["match", str(SEEDS), "--counts"], None, False),
    "seed-kwic": (["kwic", str(SEEDS), "--category", "proxy_war"], None, False),
    "seed-lexicon-check": (["lexicon", "check", "urw_frames", "--corpus", str(SEEDS)], None, False),
    "ungdc-pairs": (
        ["analyze", "--reader", "ungdc", str(SHARED / "ungdc"), "--quiet", "--speaker-field", "iso3", *PAIRS],
        SHARED / "ungdc",
        True,
    ),
    "ungdc": (["analyze", "--reader", "ungdc", str(SHARED / "ungdc"), "--quiet"], SHARED / "ungdc", True),
    "kremlin-by-year": (
        ["analyze", "--reader", "kremlin_en", str(SHARED / "kremlin_en"), "--quiet", "--by", "year"],
        SHARED / "kremlin_en",
        True,
    ),
    "ukraine-addresses": (
        ["analyze", "--reader", "ukraine_addresses_2022", str(SHARED / "ukraine_addresses_2022"), "--quiet", *MONTHS],
        SHARED / "ukraine_addresses_2022",
        False,
    ),
}


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _neutral(data: bytes, tmp: str) -> bytes:
    """The bytes with the temporary folder and the checkout's own path replaced (they differ between clones)."""
    return data.replace(tmp.encode(), b"TMP").replace(str(ROOT).encode(), b"ROOT")


def run_job(name: str, framing: Path) -> dict[str, str] | None:
    """sha256 of each file the job wrote (by relative path) and of its stdout; None when its corpus is missing."""
    command, corpus, _ = JOBS[name]
    if corpus is not None and not corpus.exists():
        return None
    with tempfile.TemporaryDirectory(prefix=f"framing-identity-{name}-") as tmp:
        out = Path(tmp) / "out"
        args = [str(framing), *command]
        if command[0] == "analyze":
            args += ["--out", str(out)]
        done = subprocess.run(args, capture_output=True, cwd=tmp, check=False)
        hashes = {"<exit>": str(done.returncode), "<stdout>": _sha256(_neutral(done.stdout, tmp))}
        hashes["<stderr>"] = _sha256(_neutral(done.stderr, tmp))
        if out.exists():
            files = sorted(path for path in out.rglob("*") if path.is_file())
            # run.json and the ownership record list each file's sha256 over its raw bytes, which hold paths:
            # those digests are replaced by the digests of the neutral bytes, so they compare too
            digests = {_sha256(path.read_bytes()): _sha256(_neutral(path.read_bytes(), tmp)) for path in files}
            for path in files:
                data = _neutral(path.read_bytes(), tmp)
                for raw, neutral in digests.items():
                    data = data.replace(raw.encode(), neutral.encode())
                hashes[path.relative_to(out).as_posix()] = _sha256(data)
    return hashes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["record", "check"])
    parser.add_argument("file", type=Path)
    parser.add_argument("--only", nargs="+", choices=sorted(JOBS), help="run only these jobs")
    parser.add_argument("--fast", action="store_true", help="skip the large corpora")
    args = parser.parse_args(argv)
    framing = Path(sys.executable).parent / "framing"
    names = [n for n in (args.only or JOBS) if not (args.fast and JOBS[n][2])]
    results = {}
    for name in names:
        results[name] = run_job(name, framing)
        print(f"{name}: {'skipped (corpus missing)' if results[name] is None else 'ran'}", flush=True)
    if args.action == "record":
        args.file.write_text(json.dumps(results, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        return 0
    reference = json.loads(args.file.read_text(encoding="utf-8"))
    differ = 0
    for name, hashes in results.items():
        if hashes is None or name not in reference or reference[name] is None:
            continue
        for key in sorted(set(hashes) | set(reference[name])):
            if hashes.get(key) != reference[name].get(key):
                differ += 1
                print(f"DIFFERS {name}: {key}")
    print(f"{differ} files differ" if differ else "identical bytes")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
