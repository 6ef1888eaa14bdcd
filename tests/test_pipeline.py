"""The whole pipeline on the seed, through the API and the CLI; determinism of output bytes."""

import json
import os
import subprocess
import sys

import pandas as pd
import pytest

import framing
from framing.cli import main

from conftest import ROOT, SEED_DIR


@pytest.fixture(scope="module")
def analysis():
    # the seed uses some of the lexicon's categories; the others are reported, not silently zero
    with pytest.warns(framing.CompareWarning) as record:
        result = framing.analyze(SEED_DIR)
    # the seed uses 11 of the lexicon's categories, and it is one document: no interval for any speaker
    assert sorted(str(w.message)[:6] for w in record) == ["[W401]", "[W402]"]
    return result


def credited(table, category):
    rows = table[(table["category"] == category) & (table["count"] > 0)]
    return sorted(rows["actor"])


@pytest.mark.parametrize(
    ("category", "actors"),
    [
        ("root_causes", ["putin"]),  # "root causes", "underlying causes"
        ("security_grievance", ["putin"]),  # "sphere of influence", "NATO's expansion"
        ("humanitarian_cost", ["trump"]),  # "bloodbath"
        ("proxy_war", ["trump"]),  # "proxy war"
        ("imperial_aggression", ["biden", "europe", "ukraine"]),  # "imperial land grab"
        ("ceasefire", ["europe"]),
        ("sanctions", ["europe"]),
    ],
)
def test_seed_frames_are_credited_to_who_said_them(analysis, category, actors):
    assert credited(analysis.actor_frames, category) == actors


def test_seed_counts_are_aggregated_from_the_match_table(analysis):
    m, t = analysis.matches, analysis.actor_frames
    assert list(m.columns) == [*framing.lexicon.MATCH_COLUMNS, *framing.actors.TARGET_COLUMNS]
    putin_passages = {(a.doc_id, a.passage_id) for a in analysis.attributions if "putin" in a.speakers}
    mine = m[[(d, p) in putin_passages for d, p in zip(m["doc_id"], m["passage_id"], strict=True)]]
    row = t[(t["actor"] == "putin") & (t["category"] == "root_causes")].iloc[0]
    assert row["count"] == ((mine["category"] == "root_causes") & ~mine["negated"]).sum() == 2
    assert row["tokens"] == sum(p.n_tokens for p in analysis.passages if (p.doc_id, p.passage_id) in putin_passages)
    assert row["rate_per_1000"] == pytest.approx(1000 * 2 / row["tokens"])
    blame = t[(t["actor"] == "putin") & (t["category"] == "blame_on_ukraine")].iloc[0]
    # "It wasn't Russia that halted the negotiations": the cleft moves the blame, it does not negate it
    assert (blame["count"], blame["negated"]) == (2, 0)
    text = analysis.corpus[0].text
    for row in m.itertuples():
        assert text[row.start : row.end] == row.text


def run_cli(*args, cwd=ROOT, env=None):
    return subprocess.run(
        [sys.executable, "-m", "framing.cli", *args], cwd=cwd, capture_output=True, text=True, env=env, check=False
    )


def test_analyze_twice_gives_identical_bytes(tmp_path):
    for name in ("a", "b"):
        assert main(["analyze", str(SEED_DIR), "--out", str(tmp_path / name)]) == 0
    files_a = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert files_a == sorted(
        [
            ".framing-outputs.json",  # the record of what framing wrote (framing.pipeline.output)
            "actor_frames.csv",
            "actor_frames.json",
            "actor_frames.png",
            "actor_frames.svg",
            "adoption.csv",
            "comparisons.csv",
            "distances.csv",
            "documents.csv",
            "keyness_categories.csv",
            "keyness_terms.csv",
            "matches.csv",
            "passages.jsonl",
            "profiles.csv",
            "targets.csv",
            "run.json",
        ]
    )
    for name in files_a:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes(), name
    run = json.loads((tmp_path / "a" / "run.json").read_text())
    assert run["counts"]["inputs"] == run["counts"]["processed"] == 1
    assert run["lexicon"]["name"] == "urw_frames" and len(run["inputs"][0]["sha256"]) == 64
    assert set(run["outputs"]) == set(files_a) - {"run.json", ".framing-outputs.json"}
    record = json.loads((tmp_path / "a" / ".framing-outputs.json").read_text())
    assert set(record["files"]) == set(files_a) - {".framing-outputs.json"}


def test_analyze_defaults_to_seeds_and_prints_the_table(tmp_path):
    proc = run_cli("analyze", "--out", str(tmp_path / "out"))
    assert proc.returncode == 0, proc.stderr
    assert "14 passages" in proc.stdout and "putin" in proc.stdout and "root_causes" in proc.stdout
    table = pd.read_csv(tmp_path / "out" / "actor_frames.csv")
    assert list(table.columns) == framing.compare.ACTOR_FRAME_COLUMNS


def test_same_bytes_across_hash_seeds(tmp_path):
    outs = []
    for seed in ("0", "12345"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        proc = run_cli("analyze", str(SEED_DIR), "--out", str(tmp_path / seed), env=env)
        assert proc.returncode == 0, proc.stderr
        outs.append({p.name: p.read_bytes() for p in (tmp_path / seed).iterdir()})
    assert outs[0] == outs[1]


def test_attribute_cli_jsonl(capsys):
    assert main(["attribute", str(SEED_DIR), "--format", "jsonl"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 14
    assert {"doc_id", "passage_id", "start", "end", "text", "speakers", "targets"} <= set(records[0])
    assert records[11]["speakers"] == ["trump"] and "bloodbath" in records[11]["text"]
    assert main(["attribute", str(SEED_DIR), "--format", "text"]) == 0
    assert "by rule 'pronoun'" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_match_cli(capsys, fmt):
    assert main(["match", str(SEED_DIR), "--format", fmt]) == 0
    out = capsys.readouterr().out
    if fmt == "csv":
        assert out.splitlines()[0] == ",".join(framing.lexicon.MATCH_COLUMNS)
        assert len(out.splitlines()) == 1 + 23
    else:
        rows = [json.loads(line) for line in out.splitlines()]
        assert {r["text"] for r in rows} >= {"bloodbath", "proxy war", "imperial land grab"}


def test_cli_errors_are_one_clear_line(tmp_path, capsys):
    assert main(["match", str(tmp_path / "missing.txt")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("framing: error: [F101]") and "Traceback" not in err
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\ncategories:\n  c:\n    entries: []\n", encoding="utf-8")
    assert main(["match", str(SEED_DIR), "--lexicon", str(bad)]) == 2
    assert "bad.yaml:3: category 'c' has no entries" in capsys.readouterr().err
    assert main(["analyze", str(SEED_DIR), "--lexicon", "no_such_lexicon", "--out", str(tmp_path / "o")]) == 2
    assert "[F202]" in capsys.readouterr().err
    proc = run_cli("analyze", "--out", str(tmp_path / "o"), cwd=tmp_path)
    assert proc.returncode == 2 and "[F401]" in proc.stderr


def test_skipped_inputs_are_reported_by_the_cli(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Putin said the talks would go on.", encoding="utf-8")
    (tmp_path / "in" / "empty.txt").write_bytes(b"")
    assert main(["analyze", str(tmp_path / "in"), "--out", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert "2 inputs: 1 processed, 1 skipped" in captured.out
    assert "[W102]" in captured.err
    docs = pd.read_csv(tmp_path / "out" / "documents.csv")
    assert list(docs["reason"].fillna("")) == ["", "empty"]
