"""Streamed runs (analyze_to, framing analyze) give the bytes of in-memory runs (analyze + write_results),
whatever the batch size and the number of processes; the run accounts for every input."""

import json
import shutil
import subprocess
import sys
import warnings

import pytest

import framing
from framing.cli import main
from framing.pipeline.backends import ordered
from framing.pipeline.batches import Batch, BatchResult
from framing.pipeline.merge import Merge
from framing.pipeline.run import analyze_to

from conftest import SEED, toy_corpus

FAST = {"n_boot": 30, "n_perm": 30}


@pytest.fixture(scope="module")
def corpus_dir(tmp_path_factory):
    """A seed article, toy speeches in JSONL (with a bad line, a duplicate id and an empty text), a CSV,
    an empty file and an unsupported one: inputs of every kind, in several files."""
    root = tmp_path_factory.mktemp("corpus") / "in"
    root.mkdir()
    shutil.copy(SEED, root / "a_seed.txt")
    lines = [json.dumps({"id": d.doc_id, "text": d.text, **d.meta}) for d in toy_corpus()]
    lines[3:3] = ["{not json", json.dumps({"id": "r0", "text": "Duplicate."}), json.dumps({"id": "z", "text": " "})]
    (root / "b_speeches.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "c_notes.csv").write_text(
        'id,text,year\nn1,"Lavrov said the sanctions are illegal, and NATO expansion goes on.",2023\n'
        'n2,"Macron said a ceasefire is needed now.",2023\n',
        encoding="utf-8",
    )
    (root / "d_empty.txt").write_bytes(b"")
    (root / "e_scan.pdf").write_bytes(b"%PDF")
    return root


def files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize(
    "options", [{}, {"level": "state", "by": "year", "credit": "span"}], ids=["default", "state-by-year-span"]
)
def test_streamed_files_equal_in_memory_files_for_any_batch_size(corpus_dir, tmp_path, options):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)
        analysis = framing.analyze(corpus_dir, batch_size=1, **FAST, **options)  # one document per batch
        framing.write_results(analysis, tmp_path / "memory")
        result = analyze_to(corpus_dir, tmp_path / "stream", jobs=1, batch_size=10**9, **FAST, **options)
    memory, stream = files(tmp_path / "memory"), files(tmp_path / "stream")
    assert memory == stream
    assert result.report == json.loads(stream["run.json"])
    counts = result.report["counts"]
    assert counts == analysis.counts()
    assert (counts["inputs"], counts["processed"]) == (20, 15)
    assert counts["skipped_by_reason"] == {"duplicate-id": 1, "empty": 2, "invalid-json": 1, "unsupported-format": 1}
    assert stream["passages.jsonl"].count(b"\n") == counts["passages"] == len(analysis.passages)
    assert stream["matches.csv"].count(b"\n") == counts["matches"] + 1
    # input order: files in order, records in file order
    docs = stream["documents.csv"].decode().splitlines()[1:]
    assert [d.split(",")[0].rsplit("/", 1)[-1] for d in docs[:2]] == ["a_seed.txt", "b_speeches.jsonl"]
    passages = [json.loads(line)["doc_id"] for line in stream["passages.jsonl"].decode().splitlines()]
    assert list(dict.fromkeys(passages)) == [d.doc_id for d in analysis.corpus]


def test_jobs_two_gives_the_bytes_of_jobs_one(corpus_dir, tmp_path, capsys):
    common = ["--n-boot", "30", "--n-perm", "30", "--batch-size", "0.000001"]
    assert main(["analyze", str(corpus_dir), "--out", str(tmp_path / "one"), "--jobs", "1", *common]) == 0
    assert main(["analyze", str(corpus_dir), "--out", str(tmp_path / "two"), "--jobs", "2", *common]) == 0
    out = capsys.readouterr()
    assert "20 inputs: 15 processed, 5 skipped" in out.out and "[W102]" in out.err
    assert files(tmp_path / "one") == files(tmp_path / "two")
    # in memory too: passages, attributions and matches come back from the workers
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)
        analysis = framing.analyze(corpus_dir, jobs=2, batch_size=1, **FAST)
        framing.write_results(analysis, tmp_path / "memory")
    assert files(tmp_path / "memory") == files(tmp_path / "one")


def test_a_selection_of_a_corpus_with_the_whole_report_is_analysed(corpus_dir):
    # notebooks select documents and keep the reader's report: the report is not checked against them
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)
        corpus = framing.read_corpus(corpus_dir)
        lavrov = framing.Corpus([d for d in corpus if d.doc_id.startswith("r")], corpus.report)
        analysis = framing.analyze(lavrov, statistics=False, batch_size=1)
    assert {p.doc_id for p in analysis.passages} == {d.doc_id for d in lavrov}
    assert analysis.counts()["inputs"] == 20


def test_the_run_accounting_is_checked():
    spec = framing.pipeline.plan.batch_spec(framing.pipeline.RunConfig())
    merge = Merge(spec)
    merge.add(result(0, inputs=3, processed=2, skipped={"empty": 1}, documents=2))
    merge.check()
    merge.add(result(1, inputs=2, processed=1, skipped={}, documents=1))
    with pytest.raises(framing.RunError, match=r"\[F403\] Run accounting failed: 5 inputs but 3 processed \+ 1"):
        merge.check()
    merge = Merge(spec)
    merge.add(result(0, inputs=3, processed=3, skipped={}, documents=2))
    with pytest.raises(framing.RunError, match=r"\[F420\] .*3 inputs processed but 2 documents analysed"):
        merge.check()
    with pytest.raises(RuntimeError, match="out of order"):
        merge.add(result(5, inputs=0, processed=0, skipped={}, documents=0))


def result(index, *, inputs, processed, skipped, documents):
    from collections import Counter

    from framing.compare import FrameCounts

    return BatchResult(index, inputs, processed, Counter(skipped), documents, 0, 0, 0, 0, None, [], FrameCounts())


class CountingBackend:
    """A backend that runs nothing: it counts how far the batches were read ahead of the results."""

    window = 3

    def __init__(self):
        self.submitted = 0

    def submit(self, batch):
        self.submitted += 1
        return type("F", (), {"result": lambda _self, b=batch: b})()


def test_batches_are_read_no_further_ahead_than_the_window():
    backend = CountingBackend()
    pulled = []

    def batches():
        for i in range(20):
            pulled.append(i)
            yield Batch(i, [], [])

    consumed = 0
    for batch in ordered(backend, batches()):
        assert batch.index == consumed
        consumed += 1
        assert len(pulled) - consumed <= backend.window  # never more than the window in flight
    assert consumed == 20


@pytest.mark.parametrize(
    ("args", "code"),
    [(["--jobs", "-2"], "F440"), (["--batch-size", "0"], "F440")],
)
def test_bad_jobs_and_batch_size_are_one_line_errors(tmp_path, capsys, args, code):
    assert main(["analyze", str(SEED), "--out", str(tmp_path / "o"), *args]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"framing: error: [{code}]") and "Traceback" not in err
    assert not (tmp_path / "o").exists()


def test_importing_framing_does_not_import_dask():
    code = (
        "import sys, framing, framing.pipeline.run, framing.cli; "
        "print(sorted({'dask', 'distributed'} & set(sys.modules)))"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert proc.stdout.strip() == "[]"
