"""Corpus reading: formats, ids, metadata, chrome/dateline rules, and every bad-input rule."""

import json

import pytest

import framing
from framing import ChromeRules, CorpusError, CorpusWarning, read_corpus


def write(path, data):
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, encoding="utf-8")
    else:
        path.write_bytes(data)
    return path


def test_txt_file_keeps_text_untouched_and_has_stable_id(tmp_path):
    text = "Moscow: Putin said it.\r\nSecond line.\n"
    corpus = read_corpus(write(tmp_path / "a.txt", text))
    (doc,) = corpus
    assert doc.doc_id == "a"
    assert doc.text == text
    assert doc.meta["dateline"] == "Moscow"
    assert corpus.counts() == {"inputs": 1, "processed": 1, "skipped": 0, "skipped_by_reason": {}}


def test_folder_ids_are_relative_paths_sorted(tmp_path):
    write(tmp_path / "b.txt", "Bravo text.")
    write(tmp_path / "sub" / "a.txt", "Alpha text.")
    write(tmp_path / ".hidden.txt", "ignored")
    corpus = read_corpus(tmp_path)
    assert [d.doc_id for d in corpus] == ["b", "sub/a"]
    assert corpus.get("sub/a").text == "Alpha text."


def test_jsonl_metadata_and_ids(tmp_path):
    rows = [
        {"id": "x1", "text": "Kyiv said so.", "date": "2022-02-24", "speaker": "Zelensky"},
        {"text": "No id here.", "source": "outlet"},
    ]
    path = write(tmp_path / "c.jsonl", "\n".join(json.dumps(r) for r in rows) + "\n")
    corpus = read_corpus(path)
    assert [d.doc_id for d in corpus] == ["x1", "c:2"]
    assert corpus[0].meta["date"] == "2022-02-24" and corpus[0].meta["speaker"] == "Zelensky"
    assert corpus[1].meta["source"] == "outlet"
    with pytest.raises(TypeError):
        corpus[0].meta["date"] = "changed"  # documents are immutable


def test_csv_with_custom_text_field(tmp_path):
    path = write(tmp_path / "d.csv", 'doc,body,country\n1,"Moscow said, twice.",RUS\n2,Text two.,UKR\n')
    corpus = read_corpus(path, text_field="body", id_field="doc")
    assert [(d.doc_id, d.text, d.meta["country"]) for d in corpus] == [
        ("1", "Moscow said, twice.", "RUS"),
        ("2", "Text two.", "UKR"),
    ]


def test_csv_without_text_column_is_a_clear_error(tmp_path):
    path = write(tmp_path / "d.csv", "id,body\n1,x\n")
    with pytest.raises(CorpusError, match=r"\[F103\].*no column 'text'.*columns: id, body.*text_field"):
        read_corpus(path)


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "empty"),
        (b"  \n\t\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    ],
)
def test_empty_and_binary_files_are_skipped_and_counted(tmp_path, data, reason):
    write(tmp_path / "good.txt", "Good text.")
    write(tmp_path / "bad.txt", data)
    with pytest.warns(CorpusWarning, match=r"\[W102\] 1 of 2 input\(s\) skipped"):
        corpus = read_corpus(tmp_path)
    assert [d.doc_id for d in corpus] == ["good"]
    (skipped,) = [r for r in corpus.report if r.status == "skipped"]
    assert (skipped.doc_id, skipped.reason) == ("bad", reason)
    c = corpus.counts()
    assert c["inputs"] == c["processed"] + c["skipped"] == 2


def test_invalid_utf8_is_replaced_with_warning_and_status(tmp_path):
    path = write(tmp_path / "e.txt", b"Caf\xe9 and \xff more")
    with pytest.warns(CorpusWarning, match=r"\[W101\].*2 invalid byte"):
        corpus = read_corpus(path)
    assert corpus[0].text == "Caf\ufffd and \ufffd more"
    assert corpus.report[0].status == "processed"
    assert corpus.report[0].reason == "decoded-with-replacements"


def test_invalid_utf8_skip_and_raise(tmp_path):
    path = write(tmp_path / "e.txt", b"Caf\xe9")
    with pytest.warns(CorpusWarning, match="W102"):
        corpus = read_corpus(path, on_decode_error="skip")
    assert len(corpus) == 0 and corpus.report[0].reason == "decode-error"
    with pytest.raises(CorpusError, match=r"\[F104\].*e\.txt: byte 3"):
        read_corpus(path, on_decode_error="raise")
    with pytest.raises(CorpusError, match=r"\[F106\]"):
        read_corpus(path, on_decode_error="ignore")


def test_bom_and_utf16_are_decoded(tmp_path):
    write(tmp_path / "bom.txt", "\ufeffKyiv text.".encode())
    write(tmp_path / "u16.txt", "Київ text.".encode("utf-16"))
    corpus = read_corpus(tmp_path)
    assert corpus.get("bom").text == "Kyiv text."
    assert corpus.get("u16").text == "Київ text."


def test_jsonl_bad_lines_missing_field_and_duplicate_ids_are_accounted(tmp_path):
    lines = [
        '{"id": "a", "text": "One."}',
        "{not json",
        '{"id": "b", "body": "x"}',
        '["a list"]',
        '{"id": "a", "text": "Duplicate id."}',
        '{"id": "c", "text": ""}',
        '{"id": "d", "text": 5}',
    ]
    path = write(tmp_path / "f.jsonl", "\n".join(lines))
    with pytest.warns(CorpusWarning, match=r"6 of 7 input\(s\) skipped"):
        corpus = read_corpus(path)
    assert [d.doc_id for d in corpus] == ["a"]
    reasons = [(r.line, r.reason) for r in corpus.report]
    assert reasons == [
        (1, ""),
        (2, "invalid-json"),
        (3, "missing-field"),
        (4, "invalid-json"),
        (5, "duplicate-id"),
        (6, "empty"),
        (7, "missing-field"),
    ]
    frame = corpus.report_frame()
    assert list(frame.columns) == ["source", "line", "doc_id", "status", "reason", "detail"]
    assert len(frame) == 7


def test_unsupported_and_missing_inputs(tmp_path):
    write(tmp_path / "a.txt", "Text.")
    write(tmp_path / "notes.docx", b"PK\x03\x04")
    with pytest.warns(CorpusWarning):
        corpus = read_corpus(tmp_path)
    assert [r.reason for r in corpus.report] == ["", "unsupported-format"]
    with pytest.raises(CorpusError, match=r"\[F101\].*does not exist"):
        read_corpus(tmp_path / "nope.txt")
    (tmp_path / "empty_dir").mkdir()
    with pytest.raises(CorpusError, match=r"\[F105\].*no files"):
        read_corpus(tmp_path / "empty_dir")


def test_seed_chrome_and_dateline(seed_corpus):
    (doc,) = seed_corpus
    assert doc.text.startswith("Select Language:\nMoscow: Russian President")
    assert [(doc.text[s:e], why) for s, e, why in doc.excluded] == [
        ("Select Language:", "chrome"),
        ("Moscow: ", "dateline"),
    ]
    assert doc.meta["dateline"] == "Moscow"


def test_chrome_rules_are_overridable(tmp_path):
    path = write(tmp_path / "g.txt", "Select Language:\nMoscow: Text here.\nSponsored\n")
    off = read_corpus(path, chrome=None)[0]
    assert off.excluded == () and "dateline" not in off.meta
    custom = read_corpus(path, chrome=ChromeRules(line_patterns=(r"sponsored",), dateline=None))[0]
    assert [(custom.text[s:e], why) for s, e, why in custom.excluded] == [("Sponsored", "chrome")]
    with pytest.raises(CorpusError, match=r"\[F110\]"):
        read_corpus(path, chrome=ChromeRules(line_patterns=("(",)))


def test_dateline_with_agency_and_not_mid_document(tmp_path):
    doc = read_corpus(write(tmp_path / "h.txt", "KYIV (Reuters) - Officials said.\nLondon: not a dateline.\n"))[0]
    assert doc.meta["dateline"] == "KYIV" and doc.meta["agency"] == "Reuters"
    assert [why for *_, why in doc.excluded] == ["dateline"]


def test_corpus_repr_and_missing_id(seed_corpus):
    assert repr(seed_corpus) == "Corpus(1 documents, 0 skipped of 1 inputs)"
    with pytest.raises(KeyError, match="F111"):
        seed_corpus.get("missing")
    assert isinstance(seed_corpus[0], framing.Document)
