"""The named corpus readers (framing.corpus.named) read lazily: ``iter_named_corpus`` gives the documents and report
of ``read_named_corpus`` one input at a time, and ``framing analyze --reader`` streams it in batches with the
bytes of an in-memory run on the whole corpus."""

import json
import shutil
import warnings

import pytest

import framing
from framing.cli import main
from framing.corpus.named import CORPUS_STREAMS, iter_named_corpus, read_named_corpus
from framing.corpus.reading import CorpusStream
from framing.pipeline.run import analyze_to

FAST = ["--n-boot", "30", "--n-perm", "30"]
SPEECH = (
    "Mr. President:\nThe {who} delegation speaks of NATO expansion and of sovereignty.\n"
    "We call for an immediate ceasefire and for sanctions to end. {n} war crimes must be judged.\n"
)


def make_ungdc(root, n=8):
    """An UNGDC folder: ``n`` speeches over two years, an empty one (skipped) and the speakers table."""
    rows = ["ISO Code,Year,Name of Person Speaking,Country,Post"]
    for i in range(n):
        iso3, year = ("RUS", "UKR", "USA", "FRA")[i % 4] + str(i // 4), 2014 + i % 2
        folder = root / "speeches" / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"{iso3}_{year - 1945}_{year}.txt").write_text(SPEECH.format(who=iso3, n=i) * (i + 1))
        rows.append(f"{iso3},{year},Person {i},Country {iso3},Minister")
    (root / "speeches" / "2015" / "ZZZ_70_2015.txt").write_bytes(b"")
    (root / "speakers_2014_2024.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    return root


def make_kremlin(root, n=8):
    """A kremlin.ru docs file: transcripts with turns and news items, a bad line (skipped)."""
    lines = []
    for i in range(n):
        text = (
            f"Vladimir Putin: Good afternoon. NATO expansion is the root of it, item {i}.\n"
            "Question: Will there be a ceasefire?\nVladimir Putin: The Kyiv regime refuses sanctions relief.\n"
        ) * (i + 1)
        record = {
            "id": f"k{i}",
            "text": text,
            "date": f"2019-0{i % 9 + 1}-15T10:00:00",
            "title": f"Meeting {i}",
            "sections": ["Transcripts", "Events"] if i % 2 else ["News"],
            "has_speaker_turns": bool(i % 2),
        }
        lines.append(json.dumps(record))
    lines.insert(3, "{not json")
    root.mkdir(parents=True, exist_ok=True)
    (root / "kremlin_en_2013_2020_docs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


def make_addresses(root, n=8):
    """A Ukrainian addresses file: speakers as lists, dates with times, an empty text (skipped)."""
    lines = []
    for i in range(n):
        speaker = ["Volodymyr Zelensky"] if i % 3 else ["Dmytro Kuleba", "Volodymyr Zelensky"]
        text = f"Glory to Ukraine. Russian war crimes in item {i}; we need sanctions and a ceasefire.\n" * (i + 1)
        date = f"2022-0{3 + i // 20}-{i % 20 + 10}T20:00"
        lines.append(json.dumps({"id": f"a{i}", "text": text, "date": date, "speaker_en": speaker}))
    lines.append(json.dumps({"id": "blank", "text": " "}))
    root.mkdir(parents=True, exist_ok=True)
    (root / "addresses_en_2022.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return root


MAKERS = {"ungdc": make_ungdc, "kremlin_en": make_kremlin, "ukraine_addresses_2022": make_addresses}
#: Reader, what its fixture skips, and a run option that depends on the metadata the reader adds.
READERS = [
    ("ungdc", {"empty": 1}, ["--speaker-field", "iso3"]),
    ("kremlin_en", {"invalid-json": 1}, []),
    ("ukraine_addresses_2022", {"empty": 1}, ["--by", "month"]),
]


def files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def quiet(fn, *args, **kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", framing.FramingWarning)
        return fn(*args, **kwargs)


@pytest.mark.parametrize(("name", "skipped", "_"), READERS, ids=[r[0] for r in READERS])
def test_the_stream_gives_the_documents_and_report_of_the_reader(tmp_path, name, skipped, _):
    path = MAKERS[name](tmp_path / name)
    corpus = quiet(read_named_corpus, name, path)
    stream = iter_named_corpus(name, path)
    assert isinstance(stream, CorpusStream)
    with pytest.warns(framing.CorpusWarning, match=r"\[W102\] 1 of 9"):  # the report at the end of the stream
        items = list(stream)
    assert [r for r, _ in items] == list(corpus.report)
    assert [d for _, d in items if d is not None] == list(corpus)
    assert (
        stream.counts()
        == corpus.counts()
        == {
            "inputs": 9,
            "processed": 8,
            "skipped": 1,
            "skipped_by_reason": skipped,
        }
    )
    assert stream.bytes_read == stream.total_bytes > 0
    # the metadata each reader adds (module docstring of framing.corpus.named)
    doc = corpus[0]
    if name == "ungdc":
        assert doc.doc_id == "RUS0_69_2014" and corpus.get("UKR0_70_2015").meta["year"] == "2015"
        assert (doc.meta["iso3"], doc.meta["post"]) == ("RUS0", "Minister")
        assert doc.meta["speaker"] == ("Person 0", "Country RUS0")
        assert [r.doc_id for r in corpus.report if r.status == "skipped"] == ["ZZZ_70_2015"]
    elif name == "kremlin_en":
        assert doc.meta["year"] == "2019" and doc.meta["sections"] == "News" and doc.meta["transcript"] is False
        assert "putin" in " ".join(doc.meta["aliases"]) and corpus[1].meta["sections"] == "Transcripts; Events"
        assert [x[2] for x in doc.excluded] == ["turn", "turn", "turn"]  # news pages too are searched for turns
    else:
        assert (doc.meta["date"], doc.meta["month"]) == ("2022-03-10", "2022-03")
        assert doc.meta["speaker"] == ("Dmytro Kuleba", "Volodymyr Zelensky")


@pytest.mark.parametrize(("name", "_", "options"), READERS, ids=[r[0] for r in READERS])
def test_analyze_with_a_reader_streams_the_bytes_of_the_whole_corpus_run(tmp_path, capsys, name, _, options):
    """``framing analyze --reader`` (the lazy reader, batches of one document and two processes) writes the
    files of the run on the corpus read whole: in memory, and streamed from the Corpus as it was before."""
    path = MAKERS[name](tmp_path / name)
    argv = ["analyze", "--reader", name, str(path), *FAST, *options, "--quiet"]
    assert main([*argv, "--out", str(tmp_path / "cli"), "--batch-size", "0.000001", "--jobs", "2"]) == 0
    assert main([*argv, "--out", str(tmp_path / "cli1"), "--jobs", "1"]) == 0
    assert "9 inputs: 8 processed, 1 skipped" in capsys.readouterr().out
    corpus = quiet(read_named_corpus, name, path)
    kwargs = {"n_boot": 30, "n_perm": 30}
    kwargs.update(zip([o[2:].replace("-", "_") for o in options[::2]], options[1::2], strict=True))
    quiet(framing.write_results, quiet(framing.analyze, corpus, **kwargs), tmp_path / "memory")
    quiet(analyze_to, corpus, tmp_path / "corpus", jobs=1, progress=False, **kwargs)
    cli = files(tmp_path / "cli")
    assert cli == files(tmp_path / "cli1") == files(tmp_path / "memory") == files(tmp_path / "corpus")
    assert json.loads(cli["run.json"])["counts"]["processed"] == 8
    ids = [line.split(",")[2] for line in cli["documents.csv"].decode().splitlines()[1:]]
    assert ids == [r.doc_id or "" for r in corpus.report]


@pytest.mark.parametrize("name", list(MAKERS))
def test_analyze_with_a_reader_processes_the_first_batch_before_reading_the_rest(tmp_path, monkeypatch, name):
    """``framing analyze --reader`` consumes the stream batch by batch: when the first batch is processed,
    little of the corpus has been read (had the corpus been read whole first, all of it would have been)."""
    path = MAKERS[name](tmp_path / name, n=40)
    streams, read_at_batch = [], []
    opened, process_batch = CORPUS_STREAMS[name], framing.pipeline.backends.process_batch

    def stream(path):
        streams.append(opened(path))
        return streams[-1]

    def spy(batch, spec):
        read_at_batch.append(streams[0].bytes_read)
        return process_batch(batch, spec)

    monkeypatch.setitem(CORPUS_STREAMS, name, stream)
    monkeypatch.setattr(framing.pipeline.backends, "process_batch", spy)
    argv = ["analyze", "--reader", name, str(path), "--no-statistics", "--quiet", "--jobs", "1"]
    assert quiet(main, [*argv, "--batch-size", "0.000001", "--out", str(tmp_path / "out")]) == 0
    (stream,) = streams
    assert len(read_at_batch) >= 40 and read_at_batch == sorted(read_at_batch)
    # two batches are read ahead (framing.pipeline.backends.choose_backend), and the first documents are the shortest
    assert read_at_batch[0] < stream.total_bytes / 20
    assert stream.bytes_read == stream.total_bytes


def test_the_ungdc_stream_yields_a_speech_before_reading_the_next_file(tmp_path):
    root = make_ungdc(tmp_path / "ungdc", n=4)
    stream = iter_named_corpus("ungdc", root)
    items = iter(stream)
    _, first = next(items)
    assert first.doc_id == "RUS0_69_2014"  # speeches/2014 first; UKR0 is in speeches/2015
    (root / "speeches" / "2015" / "UKR0_70_2015.txt").write_text("Changed after the first speech was read.\n")
    with pytest.warns(framing.CorpusWarning, match=r"\[W102\]"):
        rest = {d.doc_id: d.text for _, d in items if d is not None}
    assert rest["UKR0_70_2015"] == "Changed after the first speech was read.\n"


def test_several_paths_are_one_stream_and_repeats_are_skipped(tmp_path, capsys):
    one, two = make_kremlin(tmp_path / "one", n=4), make_kremlin(tmp_path / "two", n=6)
    with pytest.warns(framing.CorpusWarning, match=r"\[W102\] 6 of 12"):
        corpus = read_named_corpus("kremlin_en", [one, two])
    assert [d.doc_id for d in corpus] == ["k0", "k1", "k2", "k3", "k4", "k5"]
    assert corpus.counts()["skipped_by_reason"] == {"duplicate-id": 4, "invalid-json": 2}
    argv = ["analyze", "--reader", "kremlin_en", str(one), str(two), "--no-statistics", "--quiet"]
    assert main([*argv, "--out", str(tmp_path / "out")]) == 0
    assert "12 inputs: 6 processed, 6 skipped" in capsys.readouterr().out


def test_ungdc_speeches_of_one_name_in_two_subfolders_are_refused(tmp_path):
    root = make_ungdc(tmp_path / "ungdc", n=2)
    (root / "speeches" / "2014" / "sub").mkdir()
    shutil.copy(root / "speeches" / "2014" / "RUS0_69_2014.txt", root / "speeches" / "2014" / "sub")
    with pytest.raises(framing.CorpusError, match=r"\[F105\].*duplicate document ids \['RUS0_69_2014'\]"):
        quiet(read_named_corpus, "ungdc", root)


def test_an_unknown_corpus_name_is_refused_before_reading():
    with pytest.raises(framing.CorpusError, match=r"\[F112\] Unknown corpus 'nope'"):
        iter_named_corpus("nope", "anywhere")


def test_the_shared_corpora_stream_with_the_bytes_of_the_whole_corpus_run(shared_dir, tmp_path, capsys):
    """Slices of the real corpora (60 UNGDC speeches, the first lines of the JSONL files) through
    ``framing analyze --reader`` and through the in-memory run on the corpus read whole."""
    shared = shared_dir / "corpora"
    for year in ("2021", "2022"):  # 30 speeches of each year
        (tmp_path / "ungdc" / "speeches" / year).mkdir(parents=True)
        for speech in sorted((shared / "ungdc" / "speeches" / year).glob("*.txt"))[:30]:
            shutil.copy(speech, tmp_path / "ungdc" / "speeches" / year)
    shutil.copy(shared / "ungdc" / "speakers_2014_2024.csv", tmp_path / "ungdc")
    for name, filename, n in [
        ("kremlin_en", "kremlin_en_2013_2020_docs.jsonl", 80),
        ("ukraine_addresses_2022", "addresses_en_2022.jsonl", 60),
    ]:
        (tmp_path / name).mkdir()
        with (shared / name / filename).open("rb") as fh:
            (tmp_path / name / filename).write_bytes(b"".join(fh.readline() for _ in range(n)))
    for name, options in [("ungdc", ["--speaker-field", "iso3"]), ("kremlin_en", []), ("ukraine_addresses_2022", [])]:
        out = tmp_path / "out" / name
        argv = ["analyze", "--reader", name, str(tmp_path / name), *FAST, *options, "--quiet", "--jobs", "1"]
        assert main([*argv, "--out", str(out / "cli"), "--batch-size", "0.3"]) == 0
        kwargs = {"n_boot": 30, "n_perm": 30, "speaker_field": "iso3" if options else None}
        analysis = quiet(framing.analyze, quiet(read_named_corpus, name, tmp_path / name), **kwargs)
        quiet(framing.write_results, analysis, out / "memory")
        assert files(out / "cli") == files(out / "memory"), name
        assert analysis.counts()["processed"] >= 60
    capsys.readouterr()
