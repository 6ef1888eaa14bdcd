"""Execute the research notebooks headless and keep figures/MANIFEST (run from the repository root).

    python notebooks/execute.py            # run every notebook, then check figures/ against figures/MANIFEST
    python notebooks/execute.py --update   # run every notebook, then rewrite figures/MANIFEST

Each notebook runs in its own folder with the project's kernel (nbclient), top to bottom, and saves its
figures under figures/<notebook>/ with fixed metadata and a provenance sidecar. figures/MANIFEST lists the
sha256 of every file there; a regenerated figure whose bytes differ from its MANIFEST line is an error.
The executed notebooks are not written back: notebooks are committed without outputs.
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
FIGURES = ROOT / "figures"
MANIFEST = FIGURES / "MANIFEST"
#: Seconds a single cell may run (the UN General Debate notebook reads and analyses 2,132 speeches).
CELL_TIMEOUT = 1200


def run(path: Path) -> None:
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(
        notebook, timeout=CELL_TIMEOUT, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    ).execute()


def manifest() -> str:
    lines = ["# sha256 of every figure file, written by `make figures` (notebooks/execute.py --update)"]
    for path in sorted(p for p in FIGURES.rglob("*") if p.is_file() and p != MANIFEST):
        lines.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {path.relative_to(FIGURES).as_posix()}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--update", action="store_true", help="rewrite figures/MANIFEST instead of checking it")
    parser.add_argument("notebooks", nargs="*", help="notebooks to run (default: all in notebooks/)")
    args = parser.parse_args(argv)
    paths = [Path(p) for p in args.notebooks] or sorted(NOTEBOOKS.glob("[0-9][0-9]-*.ipynb"))
    for path in paths:
        print(f"running {path.name}", flush=True)
        run(path.resolve())
    now = manifest()
    if args.update:
        MANIFEST.write_text(now, encoding="utf-8")
        print(f"wrote {MANIFEST.relative_to(ROOT)} ({now.count(chr(10)) - 1} files)")
        return 0
    before = MANIFEST.read_text(encoding="utf-8") if MANIFEST.exists() else ""
    if now != before:
        print("figures differ from figures/MANIFEST:", file=sys.stderr)
        old, new = set(before.splitlines()), set(now.splitlines())
        for line in sorted(old ^ new):
            print(("  committed: " if line in old else "  now:       ") + line, file=sys.stderr)
        return 1
    print("figures match figures/MANIFEST")
    return 0


if __name__ == "__main__":
    sys.exit(main())
