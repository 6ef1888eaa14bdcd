"""Grouping documents by any metadata field (``group_by`` / ``--group-by``), and the date fields derived from
``date`` for every input (issue 15 item 6, issue 20: a news CSV compared by outlet and by month)."""

import contextlib
import csv
import io
import json
import warnings

import pandas as pd
import pytest

import framing
from framing.cli import main
from framing.compare import unit_table
from framing.corpus import date_fields, possible_fields, read_corpus
from framing.errors import ArgumentError, RunError

#: Three outlets, four articles each: a lead in the outlet's voice, a quote, and a neutral line (once or twice).
#: The Kyiv Post's only frame is in the quote it prints; the Wire Service's ``sanctions`` are in both.
NEWS = {
    "Wire Service": (
        "European leaders agreed a new package of sanctions on {day} March.",
        '"We will keep the sanctions until the guns fall silent," said Ursula von der Leyen.',
    ),
    "TASS": (
        "Moscow said the special military operation went on as planned on {day} March.",
        '"NATO expansion is the root of this conflict," said Vladimir Putin.',
    ),
    "Kyiv Post": (
        "The president spoke to reporters in Kyiv on {day} March.",
        '"Russia commits war crimes every day," said Volodymyr Zelensky.',
    ),
}
FAST = ["--n-boot", "40", "--n-perm", "40", "--jobs", "1", "--quiet"]


def news_rows():
    rows = []
    for outlet, (lead, quote) in NEWS.items():
        for i in range(4):
            text = " ".join([lead.format(day=i + 2), quote, "Officials counted the damage in the city." * (i % 2 + 1)])
            doc_id = f"{outlet.split()[0].lower()}{i}"
            rows.append({"id": doc_id, "date": f"2022-0{3 + i // 2}-1{i}T08:00", "outlet": outlet, "text": text})
    return rows


def write_csv(path, rows, columns=("id", "date", "outlet", "text")):
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, list(columns), extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def run_cli(argv):
    """Exit status of ``framing`` with its warnings shown on stderr (as a user sees them)."""
    with warnings.catch_warnings():
        warnings.simplefilter("default")
        return main(argv)


# ------------------------------------------------------------------------------------------ date fields
@pytest.mark.parametrize(
    ("date", "derived"),
    [
        ("2022-03-01", {"year": "2022", "month": "2022-03"}),
        ("2022-03-01T10:00:00+02:00", {"year": "2022", "month": "2022-03"}),
        ("2022-03-01 10:00", {"year": "2022", "month": "2022-03"}),
        ("2022-03", {"year": "2022", "month": "2022-03"}),
        ("2022-13-01", {}),  # no month 13
        ("2022-02-30", {}),  # no 30 February
        ("2022-03-011", {}),
        ("01/03/2022", {}),
        ("2022", {}),  # a year alone is not one of the two forms: give ``year`` itself
        ("", {}),
        (20220301, {}),
    ],
)
def test_year_and_month_come_from_an_iso_date(date, derived):
    assert date_fields({"date": date}) == derived


def test_fields_the_input_has_are_kept():
    assert date_fields({"date": "2022-03-01", "year": "FY2021"}) == {"month": "2022-03"}
    assert date_fields({"date": "2022-03-01", "year": "", "month": None}) == {"year": "2022", "month": "2022-03"}
    assert date_fields({"year": "2022"}) == {}


def test_every_input_format_gets_the_date_fields(tmp_path):
    write_csv(tmp_path / "a.csv", news_rows()[:2])
    lines = [
        {"id": "j1", "text": "One.", "date": "2021-12-31T23:59"},
        {"id": "j2", "text": "Two.", "date": "31.12.2021"},
        {"id": "j3", "text": "Three.", "date": "2021-12-31", "year": "2020"},
    ]
    (tmp_path / "b.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    corpus = read_corpus(tmp_path)
    meta = {d.doc_id: d.meta for d in corpus}
    assert (meta["wire0"]["year"], meta["wire0"]["month"]) == ("2022", "2022-03")
    assert (meta["j1"]["year"], meta["j1"]["month"]) == ("2021", "2021-12")
    assert "year" not in meta["j2"] and "month" not in meta["j2"]  # not ISO 8601: nothing derived
    assert (meta["j3"]["year"], meta["j3"]["month"]) == ("2020", "2021-12")  # the record's own year is kept


def test_a_csv_with_a_date_column_can_have_year_and_month(tmp_path):
    fields = possible_fields(write_csv(tmp_path / "a.csv", news_rows()))
    assert {"date", "year", "month", "outlet"} <= fields
    assert "year" not in possible_fields(write_csv(tmp_path / "b.csv", news_rows(), ("id", "outlet", "text")))


def test_the_named_readers_derive_the_same_fields(tmp_path):
    record = {"id": "a1", "text": "We need a ceasefire.", "date": "2022-03-10T20:00", "speaker_en": ["Zelensky"]}
    (tmp_path / "addresses_en_2022.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (doc,) = framing.corpus.read_ukraine_addresses(tmp_path)
    assert (doc.meta["date"], doc.meta["year"], doc.meta["month"]) == ("2022-03-10", "2022", "2022-03")
    page = {"id": 7, "text": "Putin said so.", "date": "2019-06-01", "has_speaker_turns": False}
    (tmp_path / "kremlin_en_2013_2020_docs.jsonl").write_text(json.dumps(page) + "\n", encoding="utf-8")
    (doc,) = framing.corpus.read_kremlin(tmp_path)
    assert (doc.meta["year"], doc.meta["month"]) == ("2019", "2019-06")


# ------------------------------------------------------------------------------------------ unit_table
@pytest.fixture(scope="module")
def news(tmp_path_factory):
    corpus = read_corpus(write_csv(tmp_path_factory.mktemp("news") / "news.csv", news_rows()))
    passages = framing.segment(corpus)
    attributions = framing.attribute(passages, corpus=corpus)
    lexicon = framing.load_lexicon("urw_frames")
    return corpus, attributions, framing.match_table(passages, lexicon), lexicon.category_names


def test_group_by_counts_every_passage_of_a_document_for_its_value(news):
    corpus, attributions, matches, categories = news
    units = unit_table(attributions, matches, categories=categories, corpus=corpus, group_by="outlet")
    outlet = {d.doc_id: d.meta["outlet"] for d in corpus}
    assert list(zip(units.groups, units.documents, strict=True)) == [(outlet[d.doc_id], d.doc_id) for d in corpus]
    rules = {a.rule for a in attributions}
    assert "narrator" in rules and "reporting-verb" in rules  # narration and quotes, none in the own voice
    for i, doc_id in enumerate(units.documents):
        mine = [a for a in attributions if a.doc_id == doc_id]
        assert units.passages[i] == len(mine)
        in_doc = matches[(matches["doc_id"] == doc_id) & ~matches["negated"]]
        assert units.counts[i].sum() == len(in_doc)
    war_crimes = categories.index("war_crimes")
    kyiv = units.rows("Kyiv Post")
    quoted = matches[(matches["category"] == "war_crimes") & matches["doc_id"].str.startswith("kyiv")]
    assert units.counts[kyiv, war_crimes].sum() == len(quoted) == 4  # every one in a quote of Zelensky


def test_speaker_field_keeps_its_meaning_the_documents_own_voice(news):
    corpus, attributions, matches, categories = news
    units = unit_table(attributions, matches, categories=categories, corpus=corpus, speaker_field="outlet")
    assert units.groups == ()  # a news article's passages are narration and quotes: none in its own voice


def test_group_by_with_by_splits_the_groups_by_month(news):
    corpus, attributions, matches, categories = news
    units = unit_table(attributions, matches, categories=categories, corpus=corpus, group_by="outlet", by="month")
    assert sorted(set(units.groups)) == [f"{o}|{m}" for o in sorted(NEWS) for m in ("2022-03", "2022-04")]


def test_term_counts_group_by_counts_every_passage(news):
    corpus, attributions, _, _ = news
    counts = framing.compare.term_counts(attributions, corpus=corpus, group_by="outlet")
    assert sorted(counts) == sorted(NEWS)
    assert counts["Kyiv Post"]["crimes"] == 4 and counts["Wire Service"]["sanctions"] == 8


def test_group_by_needs_the_corpus_and_excludes_speaker_field(news):
    corpus, attributions, matches, categories = news
    with pytest.raises(ArgumentError, match=r"\[F603\].*group_by='outlet' needs the corpus"):
        unit_table(attributions, matches, categories=categories, group_by="outlet")
    with pytest.raises(ArgumentError, match=r"\[F603\].*speaker_field= and group_by="):
        unit_table(attributions, matches, categories=categories, corpus=corpus, group_by="a", speaker_field="b")
    with pytest.raises(RunError, match=r"\[F440\] Option group_by \(--group-by\) must be None when speaker_field"):
        framing.pipeline.RunConfig(group_by="outlet", speaker_field="iso3")


# ------------------------------------------------------------------------------------ the whole run, CLI
@pytest.fixture(scope="module")
def outlet_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("outlets")
    data = write_csv(folder / "news.csv", news_rows())
    out = folder / "out"
    buffer, errors = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(buffer), contextlib.redirect_stderr(errors):
        status = run_cli(["analyze", str(data), "--group-by", "outlet", "--out", str(out), *FAST])
    return status, out, buffer.getvalue(), errors.getvalue()


def test_a_news_csv_grouped_by_outlet_gives_every_statistic(outlet_run):
    status, out, _, err = outlet_run
    assert status == 0, err
    profiles = pd.read_csv(out / "profiles.csv")
    assert sorted(profiles["group"].unique()) == sorted(NEWS)
    assert (profiles.groupby("group")["documents"].first() == 4).all()
    for name in ("comparisons.csv", "keyness_categories.csv", "keyness_terms.csv", "adoption.csv"):
        table = pd.read_csv(out / name)
        assert len(table) and set(table["group"]) == set(NEWS), name
    keyness = pd.read_csv(out / "keyness_categories.csv").dropna(subset=["z"])
    assert {"Kyiv Post", "TASS", "Wire Service"} <= set(keyness["group"])
    adoption = pd.read_csv(out / "adoption.csv").set_index(["group", "sponsor"])
    assert adoption.loc[("TASS", "russia"), "count"] == 8  # the operation (narration) and NATO expansion (quote)
    run = json.loads((out / "run.json").read_text(encoding="utf-8"))
    assert run["config"]["group_by"] == "outlet" and run["config"]["speaker_field"] is None


def test_quoted_passages_count_for_the_outlet(outlet_run):
    _, out, _, _ = outlet_run
    profiles = pd.read_csv(out / "profiles.csv").set_index(["group", "category"])
    passages = [json.loads(line) for line in (out / "passages.jsonl").read_text(encoding="utf-8").splitlines()]
    kyiv = [p for p in passages if p["doc_id"].startswith("kyiv")]
    quoted = [p for p in kyiv if "zelensky" in p["speakers"]]
    assert len(quoted) == 4 and all(p["rule"] != "narrator" for p in quoted)
    row = profiles.loc[("Kyiv Post", "war_crimes")]
    assert row["count"] == 4 and row["passages"] == len(kyiv)  # every passage, the quotes included
    assert profiles.loc[("Wire Service", "sanctions"), "count"] == 8  # 4 in the narration, 4 quoted


def test_the_console_summary_follows_the_grouping(outlet_run):
    _, _, console, _ = outlet_run
    assert "Matches by outlet (outlet x category, counts; rates per 1,000 tokens in profiles.csv):" in console
    table = console.split("profiles.csv):\n")[1].split("\n\n")[0].splitlines()
    assert table[0].split() == ["category", "sanctions", "security_grievance", "special_military_operation",
                                "war_crimes"]  # fmt: skip
    rows = {line.rsplit(None, 4)[0]: [int(x) for x in line.split()[-4:]] for line in table[2:]}
    assert rows == {"Kyiv Post": [0, 0, 0, 4], "TASS": [0, 4, 4, 0], "Wire Service": [8, 0, 0, 0]}
    assert "Matches by speaker" not in console and "lavrov" not in console and "narrator" not in console


def test_by_month_on_a_csv_with_only_a_date(tmp_path, capsys):
    data = write_csv(tmp_path / "news.csv", news_rows())
    assert run_cli(["analyze", str(data), "--group-by", "outlet", "--by", "month", "--out", str(tmp_path / "o"),
                    *FAST]) == 0  # fmt: skip
    groups = set(pd.read_csv(tmp_path / "o" / "profiles.csv")["group"])
    assert groups == {f"{o}|{m}" for o in NEWS for m in ("2022-03", "2022-04")}
    assert "Matches by outlet (outlet|month x category" in capsys.readouterr().out


def test_speaker_field_on_news_says_to_use_group_by(tmp_path, capsys):
    data = write_csv(tmp_path / "news.csv", news_rows())
    assert run_cli(["analyze", str(data), "--speaker-field", "outlet", "--out", str(tmp_path / "o"), *FAST]) == 0
    err = capsys.readouterr().err
    assert "[W404] None of the 36 passages of the 12 documents is in a document's own voice" in err
    assert "use group_by='outlet' (--group-by)" in err


def test_documents_without_the_field_are_counted_and_warned(tmp_path, capsys):
    rows = news_rows()
    for row in rows[:3]:
        row["outlet"] = ""
    data = write_csv(tmp_path / "news.csv", rows)
    assert run_cli(["analyze", str(data), "--group-by", "outlet", "--out", str(tmp_path / "o"), *FAST]) == 0
    err = capsys.readouterr().err
    assert "[W403] 3 of 12 documents have no metadata field 'outlet' (group_by)" in err
    units = pd.read_csv(tmp_path / "o" / "profiles.csv", keep_default_na=False).groupby("group")["documents"].first()
    assert units.to_dict() == {"": 3, "Kyiv Post": 4, "TASS": 4, "Wire Service": 1}


def test_an_unparseable_date_leaves_month_absent(tmp_path, capsys):
    rows = news_rows()
    rows[0]["date"] = "2 March 2022"
    data = write_csv(tmp_path / "news.csv", rows)
    assert run_cli(["analyze", str(data), "--group-by", "month", "--out", str(tmp_path / "o"), *FAST]) == 0
    assert "[W403] 1 of 12 documents have no metadata field 'month' (group_by)" in capsys.readouterr().err


def test_group_by_on_jsonl_keys(tmp_path):
    lines = [{**row, "source_name": row.pop("outlet")} for row in news_rows()]
    data = tmp_path / "news.jsonl"
    data.write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    with pytest.warns(framing.CompareWarning) as record:
        result = framing.analyze(data, group_by="source_name", n_boot=30, n_perm=30, jobs=1, progress=False)
    assert [str(w.message)[:6] for w in record] == ["[W401]"]  # the lexicon's other categories; nothing else
    assert set(result.profiles.table["group"]) == set(NEWS)
    assert result.comparisons is not None and result.category_keyness is not None


@pytest.mark.parametrize(
    ("argv", "code", "text"),
    [
        (["--group-by", "section"], "F444", "no metadata field 'section' for group_by"),
        (["--group-by", "outlet", "--by", "month", "--groups", "TASS"], "F443", "'TASS'"),
        (["--group-by", "outlet", "--speaker-field", "iso3"], "F440", "must be None when speaker_field"),
    ],
)
def test_group_by_mistakes_are_reported_before_reading(tmp_path, capsys, monkeypatch, argv, code, text):
    data = write_csv(tmp_path / "news.csv", news_rows())

    def unread(*args, **kwargs):
        raise AssertionError("a document was read")

    monkeypatch.setattr(framing.corpus.reading._Reader, "read_path", unread)
    assert run_cli(["analyze", str(data), "--out", str(tmp_path / "o"), *FAST, *argv]) == 2
    err = capsys.readouterr().err
    assert f"framing: error: [{code}]" in err and text in err
    assert not (tmp_path / "o").exists()


def test_any_value_of_the_field_is_a_group(tmp_path):
    data = write_csv(tmp_path / "news.csv", news_rows())
    out = tmp_path / "o"
    assert run_cli(["analyze", str(data), "--group-by", "outlet", "--groups", "Kyiv Post", "TASS", "--out", str(out),
                    *FAST]) == 0  # fmt: skip
    comparisons = pd.read_csv(out / "comparisons.csv")
    assert set(comparisons["group"]) == {"Kyiv Post", "TASS"}


def test_group_by_a_field_of_a_named_reader(tmp_path):
    """The Ukrainian addresses reader gives ``date``; ``month`` is derived and groups the addresses."""
    lines = [
        {"id": f"a{i}", "date": f"2022-0{3 + i % 2}-1{i}T20:00", "speaker_en": ["Volodymyr Zelensky"],
         "text": "We demand a ceasefire. The occupiers commit war crimes." * (1 + i % 3)}
        for i in range(6)
    ]  # fmt: skip
    (tmp_path / "addresses_en_2022.jsonl").write_text("".join(json.dumps(x) + "\n" for x in lines), encoding="utf-8")
    stream = framing.corpus.iter_ukraine_addresses(tmp_path)
    with pytest.warns(framing.CompareWarning, match=r"\[W401\]"):
        result = framing.analyze(stream.collect(), group_by="month", n_boot=30, n_perm=30, jobs=1, progress=False)
    table = result.profiles.table.set_index(["group", "category"])
    assert sorted(table.index.get_level_values("group").unique()) == ["2022-03", "2022-04"]
    assert table.loc[("2022-03", "war_crimes"), "count"] == 1 + 3 + 2  # addresses a0, a2, a4
