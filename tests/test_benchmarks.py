"""The benchmark (``make bench``, benchmarks/) at toy size, so that the generator and the harness cannot rot.

The full benchmark is not part of the suite: it needs the bench extra and minutes. Here the generator makes a
0.2 MB corpus (with the real 5,000-entry lexicon) and the harness runs framing (full and counts), the
``re`` floor and the peers the dev environment has (liwc is a dev dependency; pyahocorasick only with the
bench extra), each in its own child process, with the agreement check.
"""

import hashlib
import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from framing.lexicon import load_lexicon

BENCH = Path(__file__).resolve().parents[1] / "benchmarks"
TOY_MB = 0.2


@pytest.fixture(scope="module")
def bench_run():
    """benchmarks/run.py as a module (it imports its neighbours generate.py and peers.py)."""
    spec = importlib.util.spec_from_file_location("bench_run", BENCH / "run.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def toy(tmp_path_factory, bench_run):
    out = tmp_path_factory.mktemp("bench-data")
    return bench_run.generate.ensure(mb=TOY_MB, out=out, quiet=True)


def sha(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def test_generated_lexicon_and_corpus_have_the_promised_shape(toy):
    lexicon = load_lexicon(toy.lexicon)
    entries = lexicon.entries()
    assert len(entries) == 5000 and len(lexicon.category_names) == 20
    wild = sum(e.pattern.endswith("*") for e in entries)
    multi = sum(e.is_multiword for e in entries)
    assert (len(entries) - wild - multi, multi, wild) == (3500, 750, 750)
    lines = toy.corpus.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert [r["id"] for r in rows] == [f"p{i:07d}" for i in range(1, len(rows) + 1)]
    text = " ".join(r["text"] for r in rows)
    assert abs(len(text.encode("utf-8")) - TOY_MB * 1e6) < 0.05 * TOY_MB * 1e6
    assert {"“", "”", "—", "’"} <= set(text), "curly quotes, em dashes and apostrophes are missing"
    assert toy.manifest["passages"] == len(rows)
    # lexicon terms are injected: a good share of passages has matches, and some are negated
    found = [m for r in rows[:200] for m in lexicon.find(r["text"])]
    assert len(found) > 500 and any(m.negated for m in found) and any(" " in m.entry for m in found)


def test_generation_is_byte_identical_and_cached(toy, tmp_path, bench_run):
    """A second process (another hash seed) makes the same bytes; ensure() does not regenerate fresh data."""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    cmd = [sys.executable, str(BENCH / "generate.py"), "--mb", str(TOY_MB), "--out", str(tmp_path)]
    subprocess.run(cmd, check=True, capture_output=True, env=env)
    again = sorted(tmp_path.glob("*"))
    assert [p.name for p in again] == sorted(p.name for p in toy.corpus.parent.glob("*") if "index" not in p.name)
    for path in again:
        assert sha(path) == sha(toy.corpus.parent / path.name), path.name
    stamp = toy.corpus.stat().st_mtime_ns
    gen = bench_run.generate
    assert gen.ensure(mb=TOY_MB, out=toy.corpus.parent, quiet=True).manifest == toy.manifest
    assert toy.corpus.stat().st_mtime_ns == stamp, "fresh data was regenerated"
    manifest = toy.manifest_path
    stale = json.loads(manifest.read_text())
    stale["fingerprint"]["generator_sha256"] = "0" * 64
    manifest.write_text(json.dumps(stale))
    gen.ensure(mb=TOY_MB, out=toy.corpus.parent, quiet=True)
    assert json.loads(manifest.read_text()) == toy.manifest and sha(toy.corpus) == toy.manifest["corpus_sha256"]


def test_agreement_reports_differences(bench_run):
    ref = np.array([[1, 0], [2, 3]])
    assert bench_run.agreement(ref.copy(), ref)["agreement"] == 1.0
    tool = ref.copy()
    tool[1, 0] = 1
    a = bench_run.agreement(tool, ref)
    assert (a["equal_cells"], a["cells"], a["passages_differing"]) == (3, 4, 1)
    assert (a["framing_total"], a["tool_total"]) == (6, 5)


def test_spec_expands_wildcards_and_finds_what_liwc_shadows(bench_run, tmp_path):
    path = tmp_path / "lx.yaml"
    path.write_text(
        "name: t\ncategories:\n  a:\n    entries: [ban*, peace talks, long-lasting]\n"
        "  b:\n    entries: [bant, bank, banner*]\n  c:\n    entries: [ban]\n",
        encoding="utf-8",
    )
    spec = bench_run.build_spec(path, sorted(["ban", "bank", "banner", "banners", "bant", "peace", "zebra"]))
    assert spec["expansions"] == {"ban": ["ban", "bank", "banner", "banners", "bant"], "banner": ["banner", "banners"]}
    assert {e["pattern"]: e["kind"] for e in spec["entries"]}["long-lasting"] == "phrase"
    liwc = {p for _, p in spec["variants"]["liwc"]["entries"]}
    # bant, bank, banner* (b) and ban (c) sit under ban* (a) in liwc's trie: liwc reports a for them
    assert liwc == {"ban*"}
    assert {p for _, p in spec["variants"]["single"]["entries"]} == {"ban*", "bant", "bank", "banner*", "ban"}


def test_harness_runs_side_by_side_and_agrees(toy, tmp_path):
    tools = ["framing-full", "framing-counts", "re-floor", "liwc"]
    if importlib.util.find_spec("ahocorasick"):
        tools.append("pyahocorasick")
    out = tmp_path / "results"
    cmd = [sys.executable, str(BENCH / "run.py"), "--mb", str(TOY_MB), "--data", str(toy.corpus.parent)]
    cmd += ["--out", str(out), "--sizes", "0.5", "1", "--batch", "100", "--only", *tools]
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-3000:]
    report = json.loads((out / "latest.json").read_text())
    runs = {(r["tool"], r["fraction"]): r for r in report["runs"]}
    assert set(runs) == {(t, f) for t in tools for f in (0.5, 1.0)}
    for (tool, _), r in runs.items():
        assert r["status"] == "ok", (tool, r.get("reason"))
        assert r["mb_per_s"] > 0 and r["peak_rss_mb"] > 10
        if tool != "re-floor":
            c = r["coinciding"]
            assert c["agreement"] == 1.0 and c["framing_total"] == c["tool_total"] > 100, (tool, c)
    assert runs[("liwc", 1.0)]["whole"]["agreement"] < 1.0, "liwc has no phrases: the whole lexicon must differ"
    assert runs[("framing-full", 1.0)]["negated_matches"] > 0
    assert runs[("framing-full", 1.0)]["passages"] == report["data"]["passages"]
    assert 0 < report["rss_ratio"]["framing-full"] < 2
    md = (out / "latest.md").read_text()
    assert md == proc.stdout
    assert "| framing (full match table) |" in md and "framing counts ÷ tool" in md and "| liwc |" in md
