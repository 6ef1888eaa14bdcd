"""Atomic results: an interrupted run (exception, Ctrl-C, SIGKILL) leaves the previous results untouched and no
partial files; what a killed run leaves behind is cleaned up by the next run; the user's own files in the
output folder survive."""

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import warnings

import pytest

import framing
import framing.pipeline.output as output
import framing.pipeline.run as run
from framing.cli import main

from conftest import ROOT, SEED, toy_corpus

OUTPUTS = set(run.OUTPUT_FILES)


def framing_files(folder):
    """The files framing wrote in ``folder`` (name -> bytes)."""
    return {p.name: p.read_bytes() for p in folder.iterdir() if p.name in OUTPUTS}


def leftovers(out, *, lock=False):
    """Hidden entries framing left beside ``out`` (the lock file of a killed run too, with ``lock=True``: the
    system released the lock, the next run reuses and removes the file)."""
    names = (p.name for p in out.parent.iterdir() if p.name.startswith(f".{out.name}.framing-"))
    return sorted(n for n in names if lock or n != f".{out.name}.framing-lock")


def dead_pid():
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("atomic") / "in"
    root.mkdir()
    shutil.copy(SEED, root / "a_seed.txt")
    text = "\n".join(f'{{"id": "{d.doc_id}", "text": "{d.text}", "year": "{d.meta["year"]}"}}' for d in toy_corpus())
    (root / "b_speeches.jsonl").write_text(text + "\n", encoding="utf-8")
    return root


NEW = ["--n-boot", "30", "--n-perm", "30", "--jobs", "1", "--quiet"]
OLD = ["--no-statistics", "--jobs", "1", "--quiet"]  # fewer files: stale ones must not survive a new run


@pytest.fixture(scope="module")
def results(inputs, tmp_path_factory):
    """The previous results (seed only, no statistics) and the new ones (everything), each complete."""
    base = tmp_path_factory.mktemp("references")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)
        assert main(["analyze", str(inputs / "a_seed.txt"), "--out", str(base / "old"), *OLD]) == 0
        assert main(["analyze", str(inputs), "--out", str(base / "new"), *NEW]) == 0
    old, new = framing_files(base / "old"), framing_files(base / "new")
    assert set(old) < set(new)
    return base / "old", old, new


def previous_results(out, old_folder):
    if out.exists():
        shutil.rmtree(out)
    shutil.copytree(old_folder, out)
    (out / "notes.txt").write_text("mine", encoding="utf-8")
    (out / "figures").mkdir()
    (out / "figures" / "draft.png").write_bytes(b"png")


def test_an_exception_mid_run_leaves_the_previous_results(inputs, results, tmp_path, monkeypatch):
    old_folder, old, _ = results
    out = tmp_path / "out"
    previous_results(out, old_folder)

    def fail(folder, result):
        (folder / "profiles.csv").write_text("half a table")
        raise RuntimeError("disk full")

    monkeypatch.setattr(run, "write_tables", fail)
    with warnings.catch_warnings(), pytest.raises(RuntimeError, match="disk full"):
        warnings.simplefilter("ignore", framing.FramingWarning)
        run.analyze_to(inputs, out, jobs=1, n_boot=30, n_perm=30)
    assert framing_files(out) == old and (out / "notes.txt").read_text() == "mine"
    assert leftovers(out, lock=True) == []


def test_a_complete_run_replaces_the_results_and_keeps_the_users_files(inputs, results, tmp_path):
    old_folder, _, new = results
    out = tmp_path / "out"
    previous_results(out, old_folder)
    mode = 0o750
    out.chmod(mode)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)
        assert main(["analyze", str(inputs), "--out", str(out), *NEW]) == 0
    assert framing_files(out) == new
    assert (out / "notes.txt").read_text() == "mine" and (out / "figures" / "draft.png").read_bytes() == b"png"
    assert out.stat().st_mode & 0o777 == mode
    assert leftovers(out) == []
    # and back to a run that writes fewer files: the files it does not write are gone
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)
        assert main(["analyze", str(inputs / "a_seed.txt"), "--out", str(out), *OLD]) == 0
    assert set(framing_files(out)) == set(results[1]) and (out / "notes.txt").exists()


def test_a_new_output_folder_gets_the_usual_permissions(inputs, tmp_path):
    mask = os.umask(0o022)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", framing.FramingWarning)
            run.analyze_to(inputs / "a_seed.txt", tmp_path / "fresh", jobs=1, statistics=False)
    finally:
        os.umask(mask)
    assert (tmp_path / "fresh").stat().st_mode & 0o777 == 0o755


def test_an_output_folder_holding_the_current_folder_is_refused(tmp_path, monkeypatch, capsys):
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    for out in (".", str(tmp_path)):
        assert main(["analyze", str(SEED), "--out", out, "--jobs", "1"]) == 2
        assert "[F424]" in capsys.readouterr().err
    (tmp_path / "file").write_text("x")
    assert main(["analyze", str(SEED), "--out", str(tmp_path / "file"), "--jobs", "1"]) == 2
    assert "[F402]" in capsys.readouterr().err


def test_leftovers_of_killed_runs_are_recovered(results, tmp_path):
    old_folder, old, _ = results
    out = tmp_path / "out"
    pid = dead_pid()
    # 1. killed while writing: a partial temporary folder beside the previous results
    previous_results(out, old_folder)
    partial = tmp_path / f".out.framing-{pid}-abc123"
    partial.mkdir()
    (partial / ".framing-staging").touch()  # a staging folder is marked as such until its record is written
    (partial / "matches.csv").write_text("doc_id,passage_id\n")
    output._recover(out)
    assert not partial.exists() and framing_files(out) == old and (out / "notes.txt").exists()
    # 2. killed after the swap, before the user's files were moved back: they are moved back
    previous_results(out, old_folder)
    swapped = tmp_path / f".out.framing-{pid}-def456"
    out.rename(swapped)
    shutil.copytree(old_folder, out)  # the "new" results
    output._recover(out)
    assert not swapped.exists() and framing_files(out) == old
    assert (out / "notes.txt").read_text() == "mine" and (out / "figures" / "draft.png").exists()
    # 3. killed between the two renames of the fallback (no atomic swap): the previous results come back
    previous_results(out, old_folder)
    out.rename(tmp_path / f".out.framing-{pid}-ghi789-old")
    complete = tmp_path / f".out.framing-{pid}-ghi789"
    shutil.copytree(old_folder, complete)
    output._recover(out)
    assert framing_files(out) == old and (out / "notes.txt").exists() and leftovers(out) == []
    # 4. a temporary folder of a run still going (a live process) is left alone
    live = tmp_path / f".out.framing-{os.getppid()}-jkl012"
    live.mkdir()
    output._recover(out)
    assert live.exists()


def test_the_fallback_without_atomic_swap_gives_the_same_results(inputs, results, tmp_path, monkeypatch):
    old_folder, _, new = results
    out = tmp_path / "out"
    previous_results(out, old_folder)
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)
        assert main(["analyze", str(inputs), "--out", str(out), *NEW]) == 0
    assert framing_files(out) == new and (out / "notes.txt").exists() and leftovers(out) == []


# ---------------------------------------------------------------------------------- killing real processes
CHILD = """
import os, signal, sys
import framing.pipeline.output as output
from framing.cli import main
step, argv = sys.argv[1], sys.argv[2:]
def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)
if step == "before-swap":
    output._commit = die
elif step == "after-swap":
    output._settle = die
elif step == "between-renames":
    output._exchange = lambda a, b: False
    calls, rename = [], os.rename
    def rename_then_die(a, b):
        calls.append(a)
        if len(calls) == 2:
            die()
        rename(a, b)
    output.os.rename = rename_then_die
sys.exit(main(argv))
"""


def analyze_process(inputs, out, *extra):
    return subprocess.Popen(
        [sys.executable, "-c", CHILD, *extra, "analyze", str(inputs), "--out", str(out), *NEW],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


@pytest.mark.parametrize("step", ["before-swap", "after-swap", "between-renames"])
def test_a_kill_at_each_step_of_the_swap(inputs, results, tmp_path, step):
    old_folder, old, new = results
    out = tmp_path / "out"
    previous_results(out, old_folder)
    proc = analyze_process(inputs, out, step)
    assert proc.wait(timeout=60) == -signal.SIGKILL
    if step == "before-swap":
        assert framing_files(out) == old and (out / "notes.txt").exists()
    elif step == "after-swap":  # the new results are in place; the user's files wait in the leftover
        assert framing_files(out) == new
    else:  # the fallback's window: no folder at all until the next run puts the previous results back
        assert not out.exists()
    output._recover(out)
    assert framing_files(out) == (new if step == "after-swap" else old)
    assert (out / "notes.txt").read_text() == "mine" and leftovers(out) == []


def test_killing_framing_analyze_at_random_moments_never_leaves_partial_results(inputs, results, tmp_path):
    """SIGKILL and SIGINT at seeded random moments of a run: the output folder always holds the previous
    complete results or the new complete results; the next complete run gives the new results' bytes."""
    old_folder, old, new = results
    out = tmp_path / "out"
    previous_results(out, old_folder)
    start = time.monotonic()
    proc = analyze_process(inputs, tmp_path / "timing", "none")
    assert proc.wait(timeout=60) == 0
    duration = time.monotonic() - start
    rng = random.Random(20260801)
    outcomes = []
    for i in range(8):
        sig = (signal.SIGKILL, signal.SIGINT)[i % 2]
        proc = analyze_process(inputs, out, "none")
        time.sleep(rng.uniform(0.2, 1.05) * duration)
        proc.send_signal(sig)
        code = proc.wait(timeout=60)
        state = framing_files(out)
        assert state in (old, new), f"partial results after {sig!r} (exit {code})"
        outcomes.append("new" if state == new else "old")
        assert all(name.startswith(".out.framing-") for name in leftovers(out))
        if state == new:
            previous_results(out, old_folder)
    assert "old" in outcomes  # the moments do interrupt runs
    proc = analyze_process(inputs, out, "none")
    assert proc.wait(timeout=60) == 0
    assert framing_files(out) == new and (out / "notes.txt").read_text() == "mine"
    assert leftovers(out, lock=True) == []


def test_killing_a_parallel_run_leaves_no_worker_behind(inputs, tmp_path):
    psutil = pytest.importorskip("psutil", reason="psutil lists the worker processes (installed with the dev extra)")
    argv = ["analyze", str(inputs), "--out", str(tmp_path / "out"), "--jobs", "2", "--batch-size", "0.000001"]
    proc = subprocess.Popen([sys.executable, "-m", "framing.cli", *argv], cwd=ROOT, stderr=subprocess.DEVNULL)
    main_process = psutil.Process(proc.pid)
    children = []
    deadline = time.monotonic() + 30
    while len(children) < 3 and time.monotonic() < deadline and proc.poll() is None:
        children = main_process.children(recursive=True)  # forkserver and workers (and a resource tracker)
        time.sleep(0.05)
    assert len(children) >= 3, "the run ended before its workers could be seen"
    proc.kill()
    proc.wait()
    _, alive = psutil.wait_procs(children, timeout=10)
    assert alive == [], f"processes left behind: {alive}"
    assert not (tmp_path / "out").exists()
