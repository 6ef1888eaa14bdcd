"""The lazy reader (iter_corpus) gives what reading whole files gives: same documents, same report."""

import io
import warnings

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import framing
from framing.corpus import decoding
from framing.corpus import reading as corpus_module
from framing.corpus.reading import iter_corpus


def whole_file_reference(path, suffix, on_decode_error="replace"):
    """Read one JSONL/CSV file the way the reader reads a file with a byte order mark: decode it whole, then
    split. The streamed reader must give the same records."""
    reader = corpus_module._Reader("text", "id", on_decode_error, framing.ChromeRules())
    data = path.read_bytes()
    source = path.as_posix()
    try:
        text, note = decoding.decode_input(data, source, on_decode_error)
    except decoding.Skip as s:
        return [(source, None, "skipped", s.reason, s.detail, None)]
    steps = (
        reader.read_jsonl(corpus_module._JSONL_LINE_BREAK.split(text), source, path.stem, note)
        if suffix == ".jsonl"
        else reader.read_csv(io.StringIO(text, newline=""), len(text), source, path.stem, note)
    )
    out = []
    for _ in steps:
        out.extend(reader.drain())
    out.extend(reader.drain())
    if not out:
        out.append((corpus_module.InputRecord(source, None, "skipped", "empty", "no records"), None))
    return [flatten(r, d) for r, d in out]


def flatten(record, doc):
    r = (record.source, record.doc_id, record.status, record.reason, record.detail, record.line)
    return r if doc is None else (*r, doc.text, dict(doc.meta), doc.excluded)


def streamed(path, on_decode_error="replace"):
    return [flatten(r, d) for r, d in iter_corpus(path, on_decode_error=on_decode_error)]


LINES = st.lists(
    st.one_of(
        st.builds(
            lambda i, t: f'{{"id": "d{i}", "text": {t}}}'.encode(),
            st.integers(0, 5),
            st.sampled_from(['"Putin said peace."', '"caf\\u00e9 talks"', '""', "17", '"a\\nb"']),
        ),
        st.sampled_from([b"", b"   ", b"not json", b"[1, 2]", b'{"text": "x\xe2\x82"}', b'{"text": "\xff\xfe ok"}']),
        st.binary(max_size=12).filter(lambda b: b"\x00" not in b),
    ),
    max_size=8,
)
ENDS = st.sampled_from([b"\n", b"\r\n", b"\r"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=LINES, end=ENDS, bom=st.booleans(), trailing=st.booleans(), block=st.integers(1, 9))
def test_streamed_jsonl_equals_whole_file_reading(tmp_path, monkeypatch, lines, end, bom, trailing, block):
    monkeypatch.setattr(decoding, "_BLOCK", block)  # block edges inside multibyte characters
    data = (b"\xef\xbb\xbf" if bom else b"") + end.join(lines) + (end if trailing else b"")
    path = tmp_path / "c.jsonl"
    path.write_bytes(data)
    with warnings.catch_warnings(record=True) as w_ref:
        warnings.simplefilter("always")
        reference = whole_file_reference(path, ".jsonl")
    with warnings.catch_warnings(record=True) as w_stream:
        warnings.simplefilter("always")
        got = streamed(path)
    assert got == reference
    w101 = [str(w.message) for w in w_stream if "[W101]" in str(w.message)]
    assert w101 == [str(w.message) for w in w_ref if "[W101]" in str(w.message)]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    rows=st.lists(
        st.sampled_from(['a,"Putin said, peace."', 'b,"two\nlines"', "c,", "d,x,extra", 'e,"caf\u00e9 \xe2"', "f,ok"]),
        max_size=6,
    ),
    end=st.sampled_from(["\n", "\r\n"]),
    block=st.integers(1, 9),
)
def test_streamed_csv_equals_whole_file_reading(tmp_path, monkeypatch, rows, end, block):
    monkeypatch.setattr(decoding, "_BLOCK", block)
    path = tmp_path / "c.csv"
    path.write_bytes(("id,text" + end + end.join(rows)).encode("utf-8", "surrogateescape"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert streamed(path) == whole_file_reference(path, ".csv")


@pytest.mark.parametrize(
    ("data", "reason"),
    [(b"", "empty"), (b" \n\t\n", "empty"), (b"\x00\x01{}", "binary"), (b'{"text": "ok"}\n\xff\n', "decode-error")],
)
def test_whole_file_outcomes_are_kept(tmp_path, data, reason):
    path = tmp_path / "c.jsonl"
    path.write_bytes(data)
    with pytest.warns(framing.CorpusWarning, match=r"\[W102\]"):
        items = list(iter_corpus(path, on_decode_error="skip"))
    assert [(r.status, r.reason, d) for r, d in items] == [("skipped", reason, None)]


def test_invalid_utf8_raises_with_the_whole_file_position(tmp_path):
    path = tmp_path / "c.jsonl"
    path.write_bytes(b'{"text": "ok"}\n' * 3 + b'{"text": "\xc3("}\n')
    with pytest.raises(framing.CorpusError, match=r"\[F104\].*byte 55"):
        list(iter_corpus(path, on_decode_error="raise"))


def test_stream_reads_one_record_at_a_time_and_reports_its_position(tmp_path):
    path = tmp_path / "big.jsonl"
    line = b'{"text": "' + b"Putin said the talks would go on. " * 30 + b'"}\n'
    path.write_bytes(line * 2000)
    stream = iter_corpus(path)
    assert stream.total_bytes == len(line) * 2000
    positions = []
    for i, (record, doc) in enumerate(stream):
        assert record.status == "processed" and doc.doc_id == f"big:{i + 1}"
        positions.append(stream.bytes_read)
    # the file is read as the records are consumed (buffered), not at once
    assert positions[0] < stream.total_bytes / 10 and positions == sorted(positions)
    assert stream.bytes_read == stream.total_bytes
    assert stream.counts() == {"inputs": 2000, "processed": 2000, "skipped": 0, "skipped_by_reason": {}}
    with pytest.raises(RuntimeError, match=r"\[F114\].*iterated once"):
        list(stream)


def test_read_corpus_is_the_stream_collected(tmp_path):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("Putin said the talks would go on.", encoding="utf-8")
    (tmp_path / "in" / "b.jsonl").write_text('{"id": "x", "text": "Hi."}\n{"id": "x", "text": "Dup."}\n')
    (tmp_path / "in" / "c.csv").write_text("id,text\ny,Hello there.\n", encoding="utf-8")
    (tmp_path / "in" / "d.bin").write_bytes(b"\x00")
    with pytest.warns(framing.CorpusWarning, match=r"\[W102\] 2 of 5"):
        corpus = framing.read_corpus(tmp_path / "in")
    with pytest.warns(framing.CorpusWarning, match=r"\[W102\] 2 of 5"):
        items = list(iter_corpus(tmp_path / "in"))
    assert [r for r, _ in items] == list(corpus.report)
    assert [d for _, d in items if d is not None] == list(corpus)
