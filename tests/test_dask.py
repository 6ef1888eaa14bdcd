"""The same analysis on a Dask cluster (distributed.LocalCluster, 2 worker processes on loopback) gives the
bytes of the local run: from files read here and sent a batch at a time, and from a dask.bag of documents."""

import json
import warnings

import pytest

import framing
from framing.cli import main
from framing.pipeline.run import analyze_to

from conftest import SEED, toy_corpus

distributed = pytest.importorskip(
    "distributed", reason="dask/distributed are not installed (pip install 'framing[dask]'; the dev extra has them)"
)
dask_bag = pytest.importorskip("dask.bag", reason="dask is not installed (pip install 'framing[dask]')")
framing_dask = pytest.importorskip("framing.pipeline.dask")

FAST = {"n_boot": 30}


def files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def client():
    # Worker processes (not threads): the batches really cross a process boundary, as on a cluster (start-up
    # about 1 s). Start and shutdown raise no warning with these versions, so none is filtered: the suite's
    # filterwarnings=error holds here too (distributed's INFO logging is captured by pytest, not a warning).
    # dashboard_address=":0": any free port; None still asks for 8787 and warns when another run holds it.
    with (
        distributed.LocalCluster(
            n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=":0"
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        yield client


@pytest.fixture(scope="module")
def inputs(tmp_path_factory):
    root = tmp_path_factory.mktemp("dask") / "in"
    root.mkdir()
    (root / "a_seed.txt").write_bytes(SEED.read_bytes())
    lines = [json.dumps({"id": d.doc_id, "text": d.text, **d.meta}) for d in toy_corpus()] + ["{broken"]
    (root / "b_speeches.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def test_files_on_a_cluster_give_the_local_bytes(client, inputs, tmp_path):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)
        local = analyze_to(inputs, tmp_path / "local", jobs=1, **FAST)
        remote = framing_dask.analyze(inputs, client=client, out=tmp_path / "dask", batch_size=2_000, **FAST)
    assert files(tmp_path / "dask") == files(tmp_path / "local")
    assert remote.report == local.report
    assert remote.report["counts"]["inputs"] == 14 and remote.report["counts"]["skipped"] == 1
    # the command line: framing analyze --dask SCHEDULER
    address = client.scheduler.address
    assert main(["analyze", str(inputs), "--out", str(tmp_path / "cli"), "--dask", address, "--n-boot", "30"]) == 0
    assert files(tmp_path / "cli") == files(tmp_path / "local")


def test_a_bag_of_documents_gives_the_local_bytes(client, tmp_path):
    docs = list(framing.read_corpus(SEED.parent)) + toy_corpus()
    bag = dask_bag.from_sequence(docs, npartitions=3)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)
        analyze_to(framing.Corpus(docs), tmp_path / "local", jobs=1, **FAST)
        framing_dask.analyze(bag, client=client, out=tmp_path / "dask", **FAST)
        in_memory = framing_dask.analyze(bag, client=client, **FAST)
    assert files(tmp_path / "dask") == files(tmp_path / "local")
    assert isinstance(in_memory, framing.Analysis)
    assert [d.doc_id for d in in_memory.corpus] == [d.doc_id for d in docs]
    assert len(in_memory.passages) == json.loads((tmp_path / "local" / "run.json").read_text())["counts"]["passages"]


def test_duplicate_ids_in_a_bag_are_an_error(client, tmp_path):
    docs = toy_corpus()
    bag = dask_bag.from_sequence([*docs, docs[0]], npartitions=2)
    with pytest.raises(framing.RunError, match=r"\[F426\] Document id 'r0' occurs twice"):
        framing_dask.analyze(bag, client=client, out=tmp_path / "out", statistics=False)
    assert not (tmp_path / "out").exists()


def test_a_named_corpus_stream_on_a_cluster_gives_the_local_bytes(client, tmp_path):
    from test_reader_streaming import make_ungdc

    from framing.corpus.named import iter_named_corpus

    root = make_ungdc(tmp_path / "ungdc")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)
        local = analyze_to(iter_named_corpus("ungdc", root), tmp_path / "local", jobs=1, speaker_field="iso3", **FAST)
        stream = iter_named_corpus("ungdc", root)
        remote = framing_dask.analyze(
            stream, client=client, out=tmp_path / "dask", batch_size=2_000, speaker_field="iso3", **FAST
        )
        with pytest.raises(ValueError, match="without out"):
            framing_dask.analyze(iter_named_corpus("ungdc", root), client=client, **FAST)
    assert files(tmp_path / "dask") == files(tmp_path / "local")
    assert remote.report == local.report and local.report["counts"]["processed"] > 1
