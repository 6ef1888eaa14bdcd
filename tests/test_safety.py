"""Nothing of the user's is ever lost (issue 13): the output folder contract (framing.pipeline.output), spreadsheet-safe
CSV (framing.files), one validated run configuration (framing.pipeline.config) checked before any document is read,
and every mistake a user can make as one coded line (exit 2) from the CLI, never a traceback."""

import csv
import errno
import io
import json
import os
import shutil
import subprocess
import sys
import threading
import warnings

import pytest

import framing
import framing.pipeline.output as output
from framing.cli import main
from framing.errors import RunError
from framing.files import spreadsheet_safe
from framing.pipeline.config import RunConfig
from framing.pipeline.output import RECORD, OutputFolder
from framing.pipeline.run import OUTPUT_FILES, analyze_to

from conftest import ROOT, SEED

QUICK = ["--no-statistics", "--jobs", "1", "--quiet"]


def quiet_main(argv):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)
        return main(argv)


def snapshot(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def one_coded_line(err, code):
    lines = [line for line in err.strip().splitlines() if not line.startswith("framing: warning:")]
    assert len(lines) == 1 and lines[0].startswith(f"framing: error: [{code}]"), err
    assert "Traceback" not in err


# ------------------------------------------------------------------------------ the output folder contract
def test_an_input_inside_the_output_folder_is_refused_and_kept(tmp_path, capsys):
    """`framing analyze project/documents.csv --out project` overwrote the user's own documents.csv."""
    project = tmp_path / "project"
    project.mkdir()
    (project / "documents.csv").write_text('id,text\nd1,"Putin said NATO expansion is a threat."\n')
    (project / "run.json").write_text('{"mine": true}\n')
    before = snapshot(project)
    assert quiet_main(["analyze", str(project / "documents.csv"), "--out", str(project), *QUICK]) == 2
    one_coded_line(capsys.readouterr().err, "F431")
    assert snapshot(project) == before


@pytest.mark.parametrize("where", ["same", "inside", "holds"])
def test_out_equal_to_inside_or_holding_an_input_folder_is_refused(tmp_path, capsys, where):
    data = tmp_path / "data"
    data.mkdir()
    shutil.copy(SEED, data / "seed.txt")
    out = {"same": data, "inside": data / "results", "holds": tmp_path}[where]
    assert quiet_main(["analyze", str(data), "--out", str(out), *QUICK]) == 2
    one_coded_line(capsys.readouterr().err, "F431")
    assert sorted(p.name for p in data.iterdir()) == ["seed.txt"]


def test_users_files_under_output_names_are_refused_by_name(tmp_path, capsys):
    """A profiles.csv of the user's beside framing's results of a run without statistics was deleted."""
    out = tmp_path / "out"
    assert quiet_main(["analyze", str(SEED), "--out", str(out), *QUICK]) == 0
    assert not (out / "profiles.csv").exists()
    (out / "profiles.csv").write_text("my,own,table\n")
    before = snapshot(out)
    assert quiet_main(["analyze", str(SEED), "--out", str(out), "--jobs", "1", "--quiet"]) == 2
    err = capsys.readouterr().err
    one_coded_line(err, "F430")
    assert "profiles.csv" in err
    assert snapshot(out) == before


def test_an_edited_output_is_the_users_and_is_not_replaced(tmp_path, capsys):
    out = tmp_path / "out"
    assert quiet_main(["analyze", str(SEED), "--out", str(out), *QUICK]) == 0
    with (out / "matches.csv").open("a") as fh:
        fh.write("my note\n")
    before = snapshot(out)
    assert quiet_main(["analyze", str(SEED), "--out", str(out), *QUICK]) == 2
    assert "matches.csv" in capsys.readouterr().err
    assert snapshot(out) == before


def test_a_folder_of_users_files_is_never_taken_for_results(tmp_path, capsys):
    out = tmp_path / "thesis"
    out.mkdir()
    for name in ("documents.csv", "run.json", "notes.txt"):
        (out / name).write_text(f"my {name}\n")
    before = snapshot(out)
    assert quiet_main(["analyze", str(SEED), "--out", str(out), *QUICK]) == 2
    err = capsys.readouterr().err
    assert "documents.csv" in err and "run.json" in err and "notes.txt" not in err
    assert snapshot(out) == before
    (out / "documents.csv").unlink()
    (out / "run.json").unlink()
    assert quiet_main(["analyze", str(SEED), "--out", str(out), *QUICK]) == 0  # names free: written around them
    assert (out / "notes.txt").read_text() == "my notes.txt\n" and (out / "matches.csv").exists()


def test_results_of_an_earlier_framing_without_a_record_are_recognised(tmp_path):
    """Folders written before the record existed are framing's by their run.json's output hashes."""
    out = tmp_path / "out"
    assert quiet_main(["analyze", str(SEED), "--out", str(out), *QUICK]) == 0
    (out / RECORD).unlink()
    (out / "mine.txt").write_text("mine")
    assert quiet_main(["analyze", str(SEED), "--out", str(out), "--jobs", "1", "--quiet", "--n-boot", "20"]) == 0
    assert (out / "profiles.csv").exists() and (out / "mine.txt").read_text() == "mine"
    (out / RECORD).unlink()
    (out / "profiles.csv").write_text("edited")  # no longer what run.json lists: the user's
    assert quiet_main(["analyze", str(SEED), "--out", str(out), *QUICK]) == 2


def test_a_second_run_on_a_locked_folder_is_refused_at_once(tmp_path, capsys):
    out = tmp_path / "out"
    holder = OutputFolder(out, names=OUTPUT_FILES).acquire()
    try:
        assert quiet_main(["analyze", str(SEED), "--out", str(out), *QUICK]) == 2
        err = capsys.readouterr().err
        one_coded_line(err, "F432")
        assert str(os.getpid()) in err
    finally:
        holder.release()
    assert not (tmp_path / ".out.framing-lock").exists()
    assert quiet_main(["analyze", str(SEED), "--out", str(out), *QUICK]) == 0


def test_the_commit_race_cannot_delete_the_users_files(tmp_path, monkeypatch):
    """Run A pauses just before its swap; run B on the same folder must not swap in between (before the
    lock it did, and A's moving the user's files back raced B's deleting its old folder)."""
    out = tmp_path / "out"
    assert quiet_main(["analyze", str(SEED), "--out", str(out), *QUICK]) == 0
    (out / "notes.txt").write_text("mine")
    at_commit, go_on = threading.Event(), threading.Event()
    commit = output._commit

    def paused_commit(tmp, target):
        if threading.current_thread().name == "run-a":
            at_commit.set()
            assert go_on.wait(60)
        return commit(tmp, target)

    monkeypatch.setattr(output, "_commit", paused_commit)
    outcome = {}

    def run_a():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            outcome["a"] = analyze_to(SEED, out, statistics=False, jobs=1, progress=False)

    a = threading.Thread(target=run_a, name="run-a")
    a.start()
    assert at_commit.wait(60)
    with pytest.raises(RunError, match=r"\[F432\]"):
        analyze_to(SEED, out, statistics=False, jobs=1, progress=False)
    go_on.set()
    a.join(60)
    assert "a" in outcome
    assert (out / "notes.txt").read_text() == "mine" and (out / "matches.csv").exists()


def test_concurrent_processes_never_lose_the_users_files(tmp_path):
    out = tmp_path / "out"
    assert quiet_main(["analyze", str(SEED), "--out", str(out), *QUICK]) == 0
    (out / "notes.txt").write_text("mine")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "framing.cli", "analyze", str(SEED), "--out", str(out), *QUICK],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(4)
    ]
    results = [(p.communicate(timeout=120)[1], p.returncode)[::-1] for p in procs]
    for code, err in results:
        assert code == 0 or (code == 2 and "[F432]" in err), err
    assert any(code == 0 for code, _ in results)
    assert (out / "notes.txt").read_text() == "mine"
    assert output.owned_files(out).keys() >= {"matches.csv", "run.json", "documents.csv"}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no lock, staging or leftover folders


def test_a_folder_that_cannot_be_swapped_gets_its_files_replaced_one_by_one(tmp_path, monkeypatch):
    """A mount point cannot be renamed: the files are replaced inside it, with the same ownership rules."""
    out = tmp_path / "mnt"
    monkeypatch.setattr(output, "_is_mount", lambda path: path == out.resolve() and path.is_dir())
    assert quiet_main(["analyze", str(SEED), "--out", str(out), "--jobs", "1", "--quiet", "--n-boot", "20"]) == 0
    (out / "notes.txt").write_text("mine")
    inode = out.stat().st_ino
    assert quiet_main(["analyze", str(SEED), "--out", str(out), *QUICK]) == 0
    assert out.stat().st_ino == inode  # the folder itself stayed
    assert not (out / "profiles.csv").exists()  # framing's old output that this run does not write: gone
    assert (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".")) == [RECORD]
    reference = tmp_path / "reference"
    monkeypatch.undo()
    assert quiet_main(["analyze", str(SEED), "--out", str(reference), *QUICK]) == 0
    for name in ("matches.csv", "passages.jsonl", "actor_frames.csv"):
        assert (out / name).read_bytes() == (reference / name).read_bytes()


def test_a_real_mount_point_works(tmp_path):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64m", "tmpfs", str(mnt)], capture_output=True)
    if mounted.returncode != 0:
        pytest.skip("mounting a tmpfs is not permitted here (the simulated mount point test covers the logic)")
    try:
        for _ in range(2):
            assert quiet_main(["analyze", str(SEED), "--out", str(mnt), *QUICK]) == 0
        assert (mnt / "matches.csv").exists() and os.path.ismount(mnt)
    finally:
        subprocess.run(["umount", str(mnt)], check=True)


def test_a_run_with_no_document_is_an_error_and_keeps_the_previous_results(tmp_path, capsys):
    out = tmp_path / "out"
    assert quiet_main(["analyze", str(SEED), "--out", str(out), *QUICK]) == 0
    before = snapshot(out)
    notes = tmp_path / "notes"
    notes.mkdir()
    (notes / "a.md").write_text("# Putin said NATO is a threat.\n")
    (notes / "b.pdf").write_bytes(b"%PDF-1.4")
    data = tmp_path / "other.jsonl"
    data.write_text(json.dumps({"id": "1", "body": "Putin said NATO is a threat."}) + "\n")
    for inputs in ([str(notes)], [str(data)]):
        assert quiet_main(["analyze", *inputs, "--out", str(out), *QUICK]) == 2
        err = capsys.readouterr().err
        one_coded_line(err, "F434")
    assert snapshot(out) == before


# ---------------------------------------------------------------------------------- spreadsheet-safe CSV
FORMULAS = ['=HYPERLINK("http://x","y")', "+cmd", "-2+3", "@SUM(A1)", "\tx", "\rx"]


def test_spreadsheet_safe_prefixes_text_cells_and_leaves_numbers():
    import pandas as pd

    frame = pd.DataFrame({"id": [*FORMULAS, "-2.5", "+1", "plain"], "rate": [-2.5] * 9})
    safe = spreadsheet_safe(frame)
    assert list(safe["id"]) == ["'" + f for f in FORMULAS] + ["-2.5", "+1", "plain"]
    assert safe["rate"].dtype == float and list(safe["rate"]) == [-2.5] * 9
    assert frame["id"].iloc[0] == FORMULAS[0]  # the caller's frame is not changed


def test_every_csv_framing_writes_is_spreadsheet_safe(tmp_path, capsys):
    evil = '=HYPERLINK("http://evil","Putin")'
    data = tmp_path / "in.jsonl"
    rows = [
        {"id": evil, "text": "NATO expansion is a threat to Russia.", "party": "@party", "speaker": "Putin"},
        {"id": "-3", "text": "The sanctions are illegal.", "party": "-party", "speaker": "Sergey Lavrov"},
    ]
    data.write_text("".join(json.dumps(r) + "\n" for r in rows))
    out = tmp_path / "out"
    assert quiet_main(["analyze", str(data), "--out", str(out), "--speaker-field", "party", "--jobs", "1",
                       "--quiet", "--n-boot", "20", "--n-perm", "20"]) == 0  # fmt: skip
    for path in out.glob("*.csv"):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "@", "\t", "\r")), (path.name, cell)
                assert not cell.startswith("-") or cell.lstrip("-").replace(".", "", 1).replace("e", "", 1).isdigit()
    documents = (out / "documents.csv").read_text(encoding="utf-8")
    assert "'=HYPERLINK" in documents and ",-3," in documents  # a number stays a number
    profiles = (out / "profiles.csv").read_text(encoding="utf-8")
    assert "'@party" in profiles and "'-party" in profiles
    passages = [json.loads(line) for line in (out / "passages.jsonl").read_text().splitlines()]
    assert passages[0]["doc_id"] == evil  # the raw value stays in the JSONL outputs
    capsys.readouterr()
    assert quiet_main(["match", str(data), "--format", "csv"]) == 0
    assert "'=HYPERLINK" in capsys.readouterr().out


# ------------------------------------------------------------------------- one validated configuration
def test_run_config_checks_every_option_with_one_error_shape():
    for bad in ({"seed": -1}, {"n_boot": 0}, {"jobs": -1}, {"batch_size": 0}, {"unit": "word"}, {"seed": True},
                {"level": "country"}, {"groups": ["a", "a"]}, {"groups": []}, {"text_field": ""}):  # fmt: skip
        with pytest.raises(RunError, match=r"\[F440\] Option " + next(iter(bad))):
            RunConfig(**bad)
    with pytest.raises(RunError, match=r"\[F442\]"):
        RunConfig(compare="pairs", groups=["russia"])
    with pytest.raises(RunError, match=r"\[F441\].*did you mean 'n_boot'"):
        framing.analyze(SEED, n_bot=10)
    assert RunConfig(groups="russia").groups == ("russia",)
    assert RunConfig().replace(seed=3).seed == 3


def test_analyze_and_analyze_to_share_the_declared_options():
    import inspect

    from framing.pipeline.dask import analyze as dask_analyze

    fields = set(RunConfig.__dataclass_fields__)
    for func in (framing.analyze, analyze_to, dask_analyze):
        params = inspect.signature(func).parameters
        assert fields <= set(params), func.__name__
        assert params["jobs"].default == 0 and params["n_boot"].default == 2000
        assert "Other Parameters" in func.__doc__ and "n_boot" in func.__doc__


def test_the_cli_options_are_made_from_the_configuration():
    from framing.cli import _parser

    help_text = _parser()._subparsers._group_actions[0].choices["analyze"].format_help()
    for f in RunConfig.__dataclass_fields__.values():
        flag = f.metadata["flag"] or "--" + f.name.replace("_", "-")
        assert flag in help_text, flag


class Unread(Exception):
    pass


@pytest.mark.parametrize(
    ("argv", "code"),
    [
        (["--groups", "no such"], "F443"),
        (["--groups", "Putin"], "F443"),
        (["--by", "dateline", "--groups", "putin"], "F443"),
        (["--seed", "-1"], "F440"),
        (["--compare", "pairs", "--groups", "russia"], "F442"),
        (["--by", "month"], "F444"),
        (["--speaker-field", "iso3"], "F444"),
        (["--lexicon", "nosuch"], "F202"),
        (["--n-boot", "0"], "F440"),
    ],
)
def test_mistakes_are_reported_before_any_document_is_read(tmp_path, capsys, monkeypatch, argv, code):
    import framing.corpus

    def unread(*args, **kwargs):
        raise Unread("a document was read")

    monkeypatch.setattr(framing.corpus.reading._Reader, "read_path", unread)
    out = tmp_path / "out"
    assert quiet_main(["analyze", str(SEED), "--out", str(out), "--jobs", "1", "--quiet", *argv]) == 2
    one_coded_line(capsys.readouterr().err, code)
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # no output folder, no lock, no staging


def test_a_group_that_does_not_speak_is_an_error_before_the_statistics(tmp_path, capsys, monkeypatch):
    import framing.pipeline.plan as plan

    def no_statistics(*args, **kwargs):
        raise AssertionError("the statistics started")

    monkeypatch.setattr(plan, "profiles", no_statistics)
    out = tmp_path / "out"
    assert quiet_main(["analyze", str(SEED), "--out", str(out), "--groups", "putin", "nosuch", *QUICK[2:]]) == 2
    err = capsys.readouterr().err
    one_coded_line(err, "F443")
    assert "'nosuch'" in err and "putin" in err
    assert not out.exists()


def test_groups_of_metadata_that_never_occur_are_an_error_before_the_statistics(tmp_path, capsys):
    data = tmp_path / "in.jsonl"
    record = {"id": "a", "text": "NATO expansion is a threat.", "iso3": "RUS", "speaker": "Vladimir Putin"}
    data.write_text(json.dumps(record) + "\n")
    assert quiet_main(["analyze", str(data), "--out", str(tmp_path / "out"), "--speaker-field", "iso3",
                       "--groups", "RUS", "XYZ", "--quiet", "--jobs", "1"]) == 2  # fmt: skip
    err = capsys.readouterr().err
    one_coded_line(err, "F443")
    assert "'XYZ'" in err and "RUS" in err


# ----------------------------------------------------------------------------- the error catalogue, CLI
MISTAKES = [
    ["analyze", "nosuch.txt"],
    ["analyze", str(SEED), "--level", "country"],
    ["analyze", str(SEED), "--n-boot", "many"],
    ["analyze", str(SEED), "--jobs", "-1"],
    ["analyze", str(SEED), "--batch-size", "0"],
    ["analyze", str(SEED), "--actors", "nosuch.yaml"],
    ["analyze", str(SEED), "--no-such-option"],
    ["frobnicate"],
    ["match", str(SEED), "--lexicon", "nosuch"],
    ["kwic", str(SEED), "--category", "nosuch"],
    ["kwic", str(SEED), "--window", "-3"],
    ["attribute", str(SEED), "--evaluate", "nosuch.jsonl"],
    ["analyze", str(SEED), "--groups", ""],
    ["lexicon", "check", "nosuch"],
    ["attribute", "nosuch-folder/"],
    ["corpus", "verify", "nosuch"],
]


@pytest.mark.parametrize("argv", MISTAKES, ids=lambda a: " ".join(a)[:40])
def test_every_mistake_is_one_coded_line_and_no_traceback(tmp_path, argv):
    check_mistake(tmp_path, argv)


@pytest.mark.parametrize("content", ["not json\n", "[1, 2]\n", '{"doc_id": "a"}\n', "\udcff"])
@pytest.mark.parametrize("option", ["--evaluate", "--evaluate-turns"])
def test_a_broken_gold_file_is_one_coded_line(tmp_path, option, content):
    gold = tmp_path / "gold.jsonl"
    gold.write_bytes(content.encode("utf-8", "surrogateescape"))
    check_mistake(tmp_path, ["attribute", str(SEED), option, str(gold)])


def check_mistake(tmp_path, argv):
    proc = subprocess.run(
        [sys.executable, "-m", "framing.cli", *argv, *(["--out", str(tmp_path / "o")] if argv[0] == "analyze" else [])],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if not line.startswith("framing: warning:")]
    assert len(errors) == 1 and errors[0].startswith("framing: error: ["), proc.stderr
    assert "Traceback" not in proc.stderr
    assert not (tmp_path / "o").exists()


class FullDisk:
    """A file whose writes fail as on a full disk: OSError(ENOSPC) that names no file."""

    def __init__(self, fh):
        self.fh, self.name, self.closed = fh, fh.name, False

    def write(self, text):
        if text:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    def close(self):
        self.closed = True
        self.fh.close()


def test_a_full_disk_names_the_file_and_the_cause(tmp_path, monkeypatch, capsys):
    import framing.pipeline.writing as writing

    init = writing.PartWriter.__init__

    def full_matches(self, folder):
        init(self, folder)
        self._files["matches.csv"] = FullDisk(self._files["matches.csv"])

    monkeypatch.setattr(writing.PartWriter, "__init__", full_matches)
    out = tmp_path / "out"
    assert quiet_main(["analyze", str(SEED), "--out", str(out), *QUICK]) == 2
    err = capsys.readouterr().err
    one_coded_line(err, "F446")
    assert "matches.csv" in err and "ENOSPC" in err and "disk is full" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []  # nothing half-written left


def test_lexicon_convert_never_replaces_a_file_unasked(tmp_path, capsys):
    mine = tmp_path / "mine.yaml"
    assert quiet_main(["lexicon", "convert", "urw_frames", str(mine)]) == 0
    mine.write_text(mine.read_text() + "# my comments\n")
    before = mine.read_bytes()
    assert quiet_main(["lexicon", "convert", "generic_frames", str(mine)]) == 2
    one_coded_line(capsys.readouterr().err, "F448")
    assert quiet_main(["lexicon", "convert", str(mine), str(mine), "--force"]) == 2
    one_coded_line(capsys.readouterr().err, "F449")
    assert mine.read_bytes() == before
    assert quiet_main(["lexicon", "convert", "generic_frames", str(mine), "--force"]) == 0
    assert b"# my comments" not in mine.read_bytes()
