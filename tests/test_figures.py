"""Figures: each plot draws what its result holds, nothing global changes, saved bytes are reproducible."""

import hashlib
import json
import os
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.collections import LineCollection, PathCollection, PolyCollection
from matplotlib.container import BarContainer
from matplotlib.image import AxesImage
from PIL import Image

from framing import CompareWarning, Document, attribute, match_table, segment
from framing.compare import (
    actor_frames,
    category_keyness,
    compare_groups,
    frame_adoption,
    frame_matrix,
    profiles,
    term_keyness,
    unit_table,
)
from framing.figures import (
    OKABE_ITO,
    SIZES,
    plot_actor_heatmap,
    plot_adoption,
    plot_comparisons,
    plot_coverage,
    plot_keyness,
    plot_profiles,
    plot_timeline,
    read_provenance,
    save_figure,
    style,
)
from framing.lexicon import check_lexicon, parse_lexicon

from conftest import TOY_LEXICON_YAML, toy_corpus

LEX = parse_lexicon(TOY_LEXICON_YAML, "t.yaml")
PROVENANCE = {
    "versions": {"framing": "0.1.0"},
    "corpus": {"sha256": "ab" * 32, "documents": 13},
    "lexicon": {"name": "t", "version": "1.0.0", "sha256": "cd" * 32},
    "seed": 7,
    "config": {"level": None, "by": "year", "speaker": "Lavrov – Лавров"},
}
FORMATS = ("png", "svg", "pdf")


def corpus():
    """Lavrov (6 documents, 2022 and 2023), Macron (6, 2022), Blinken (1 document: no intervals)."""
    docs = toy_corpus()
    docs.append(Document("b0", "Blinken said the weather is fine.", {"year": "2023"}))
    return docs


def build_results() -> dict:
    """Every result a plot draws, made with the public API (also imported by the two-process test)."""
    docs = corpus()
    passages = segment(docs)
    atts = attribute(passages, corpus=docs)
    matches = match_table(passages, LEX)
    units = unit_table(atts, matches, categories=LEX.category_names)
    yearly = unit_table(atts, matches, categories=LEX.category_names, by="year", corpus=docs)
    with pytest.warns(CompareWarning, match=r"\[W402\].*blinken"):
        prof = profiles(units)
    with pytest.warns(CompareWarning, match=r"\[W402\].*blinken\|2023"):
        timeline = profiles(yearly, by="year")
    return {
        "profiles": prof,
        "timeline": timeline,
        "comparisons": compare_groups(units, compare="pairs", n_perm=200, n_boot=200, rng=1),
        "category_keyness": category_keyness(units),
        "term_keyness": term_keyness(atts, min_count=2),
        "adoption": frame_adoption(units, LEX),
        "report": check_lexicon(LEX, docs),
        "actor_frames": actor_frames(atts, matches),
    }


def draw_all(results: dict):
    """All six plots on one figure (each with ``ax=``); returns the figure."""
    with style():  # axes made in the house style, as a user would for a multi-panel figure
        fig, axes = plt.subplots(2, 3, figsize=(18, 8), layout="constrained")
    plot_profiles(results["profiles"], ax=axes[0, 0])
    plot_comparisons(results["comparisons"], ax=axes[0, 1])
    plot_keyness(results["term_keyness"], groups=["lavrov", "macron"], n=3, ax=axes[0, 2])
    plot_timeline(results["timeline"], category="grievance", ax=axes[1, 0])
    plot_adoption(results["adoption"], ax=axes[1, 1])
    plot_coverage(results["report"], ax=axes[1, 2])
    return fig


@pytest.fixture(scope="module")
def results():
    return build_results()


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def collections(ax, kind):
    return [c for c in ax.collections if isinstance(c, kind)]


def n_points(ax) -> int:
    return sum(len(c.get_offsets()) for c in collections(ax, PathCollection))


def n_open_points(ax) -> int:
    """Points drawn as open markers (white face): the ones without an interval / not significant."""
    return sum(
        len(c.get_offsets()) for c in collections(ax, PathCollection) if np.allclose(c.get_facecolors()[0][:3], 1.0)
    )


def n_whiskers(ax) -> int:
    return sum(len(c.get_segments()) for c in collections(ax, LineCollection))


def bars(ax):
    return [p for c in ax.containers if isinstance(c, BarContainer) for p in c.patches]


def legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


# -------------------------------------------------------------------------------------------- plots
def test_plot_profiles_draws_each_rate_and_interval(results):
    table = results["profiles"].table
    ax = plot_profiles(results["profiles"])
    assert ax.figure.get_size_inches().tolist() == list(SIZES["two_column"])
    with_ci = table["ci_lower"].notna()
    assert n_points(ax) == len(table) and n_whiskers(ax) == with_ci.sum()
    assert n_open_points(ax) == (~with_ci).sum() == 3  # blinken: one document
    assert [t.get_text() for t in ax.get_yticklabels()] == ["ceasefire", "grievance", "other"]
    assert legend_texts(ax) == ["blinken", "lavrov", "macron", "no interval (fewer than 2 documents)"]
    # the drawn values are the table's, not recomputed
    drawn = np.sort(np.concatenate([c.get_offsets()[:, 0] for c in collections(ax, PathCollection)]))
    assert np.allclose(drawn, np.sort(table["rate_per_1000"]))
    ends = np.sort(
        np.concatenate([np.array(c.get_segments())[:, :, 0].ravel() for c in collections(ax, LineCollection)])
    )
    assert np.allclose(ends, np.sort(np.r_[table.loc[with_ci, "ci_lower"], table.loc[with_ci, "ci_upper"]]))

    fig, given = plt.subplots()
    out = plot_profiles(results["profiles"], categories=["grievance"], groups=["macron", "lavrov"], ax=given)
    assert out is given and len(fig.axes) == 1
    assert n_points(out) == 2 and n_whiskers(out) == 2 and legend_texts(out) == ["macron", "lavrov"]


def test_plot_comparisons_highlights_significant_differences(results):
    table = results["comparisons"].table
    alpha = float(table["q_value"].min()) + 1e-9  # the smallest q-values count as significant
    ax = plot_comparisons(results["comparisons"], alpha=alpha)
    shown = table["difference"].notna()
    significant = (table["q_value"] < alpha).sum()
    assert significant > 0 and significant < shown.sum()
    assert n_points(ax) == shown.sum()
    assert n_points(ax) - n_open_points(ax) == significant
    assert n_whiskers(ax) == table["diff_lower"].notna().sum()
    labels = legend_texts(ax)
    assert labels[:3] == ["blinken vs lavrov", "blinken vs macron", "lavrov vs macron"]
    assert f"q < {alpha:g}, Benjamini-Hochberg" in labels and any(t.startswith("no whisker") for t in labels)
    fig, given = plt.subplots()
    assert plot_comparisons(results["comparisons"], ax=given) is given and len(fig.axes) == 1


def test_plot_keyness_one_block_of_top_features_per_group(results):
    key = results["term_keyness"]
    ax = plot_keyness(key, groups=["macron", "lavrov"], n=4)
    containers = [c for c in ax.containers if isinstance(c, BarContainer)]
    assert len(containers) == 2 and len(bars(ax)) == 8
    expected = [*key.top("macron", 4)["feature"], *key.top("lavrov", 4)["feature"]]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert labels == ["macron", *expected[:4], "lavrov", *expected[4:]]
    assert [t.get_fontweight() for t in ax.get_yticklabels()].count("bold") == 2
    widths = [p.get_width() for p in bars(ax)]
    assert np.allclose(widths, [*key.top("macron", 4)["z"], *key.top("lavrov", 4)["z"]])
    # category keyness has three features: n larger than that draws what there is
    fig, given = plt.subplots()
    out = plot_keyness(results["category_keyness"], groups=["lavrov"], n=10, ax=given)
    assert out is given and len(bars(out)) == 3 and len(fig.axes) == 1


def test_plot_timeline_one_line_per_actor_with_bands(results):
    table = results["timeline"].table
    ax = plot_timeline(results["timeline"], category="grievance")
    assert [line.get_label() for line in ax.lines] == ["blinken", "lavrov", "macron"]
    rows = table[table["category"] == "grievance"]
    for line in ax.lines:
        mine = rows[rows["group"].str.startswith(line.get_label() + "|")].sort_values("group")
        assert line.get_xdata().tolist() == [float(g.split("|")[1]) for g in mine["group"]]
        assert np.allclose(line.get_ydata(), mine["rate_per_1000"])
    assert len(collections(ax, PolyCollection)) == 1  # lavrov: intervals in 2022 and 2023
    assert n_whiskers(ax) == 1  # macron: one year with an interval
    assert n_open_points(ax) == 1  # blinken: one document
    assert [t.get_text() for t in ax.get_xticklabels()] == ["2022", "2023"] and ax.get_xlabel() == "year"
    fig, given = plt.subplots()
    out = plot_timeline(results["timeline"], category="ceasefire", actors=["lavrov"], ax=given)
    assert out is given and len(out.lines) == 1 and len(fig.axes) == 1


def test_plot_adoption_stacks_shares(results):
    frame = results["adoption"]
    ax = plot_adoption(frame)
    known = frame[frame["share"].notna()]
    assert len(bars(ax)) == len(known) == 4
    assert np.allclose(sorted(p.get_width() for p in bars(ax)), sorted(known["share"]))
    assert legend_texts(ax) == ["europe", "russia"]
    labelled = [g for g in dict.fromkeys(frame["group"]) if frame.loc[frame["group"] == g, "share"].notna().any()]
    n = frame.groupby("group")["count"].sum()
    # blinken: NaN, not zero; the others labelled with their adopted matches
    assert [t.get_text() for t in ax.texts] == ["no sponsor-labelled match", *(f"n = {n[g]}" for g in labelled)]
    fig, given = plt.subplots()
    assert len(bars(plot_adoption(frame, groups=["lavrov"], ax=given))) == 2 and len(fig.axes) == 1
    # counter-framing (a sponsor's frame turned against it) is named beside the adopted matches
    first = labelled[0]
    countered = frame.assign(counter=[2 if g == first else 0 for g in frame["group"]])
    texts = [t.get_text() for t in plot_adoption(countered, groups=[first]).texts]
    assert texts == [f"n = {n[first]}, {2 * (frame['group'] == first).sum()} counter-framing"]


def test_plot_coverage_sorted_and_labelled(results):
    coverage = results["report"].coverage
    ax = plot_coverage(results["report"])
    assert ax.figure.get_size_inches().tolist() == list(SIZES["one_column"])
    assert len(bars(ax)) == len(coverage)
    order = coverage.sort_values(["coverage", "category"], ascending=[False, True])
    assert [t.get_text() for t in ax.get_yticklabels()] == order["category"].tolist()
    assert [p.get_width() for p in bars(ax)] == order["coverage"].tolist()
    assert [t.get_text() for t in ax.texts] == [
        f"{m}/{d}" for m, d in zip(order["documents_matched"], order["documents"], strict=True)
    ]
    fig, given = plt.subplots()
    assert plot_coverage(results["report"].coverage, ax=given) is given and len(fig.axes) == 1


def test_actor_heatmap_still_returns_its_image(results):
    wide = frame_matrix(results["actor_frames"], "rate_per_1000")
    image = plot_actor_heatmap(wide, annotate=frame_matrix(results["actor_frames"], "count"))
    assert isinstance(image, AxesImage) and image.get_array().shape == wide.shape


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda r: plot_profiles(r["profiles"], groups=["putin"]), r"No group \['putin'\].*choose from"),
        (lambda r: plot_profiles(r["profiles"], categories=[]), "No category requested"),
        (lambda r: plot_profiles(r["profiles"].table.iloc[:0]), "Profiles table has no rows"),
        (lambda r: plot_comparisons(r["comparisons"], categories=["peace"]), r"No category \['peace'\]"),
        (lambda r: plot_keyness(r["term_keyness"], groups=[]), "No group requested"),
        (lambda r: plot_keyness(r["term_keyness"], groups=["lavrov"], n=0), "n must be at least 1"),
        (lambda r: plot_timeline(r["profiles"], category="grievance"), r"by='year'"),
        (lambda r: plot_timeline(r["timeline"], category="peace"), r"No category \['peace'\]"),
        (lambda r: plot_adoption(r["adoption"], groups=["blinken"]), "No sponsor-labelled match"),
        (lambda r: plot_adoption(r["adoption"].iloc[:0]), "no rows"),
        (lambda r: plot_coverage(check_lexicon(LEX)), r"check_lexicon\(lexicon, corpus\)"),
        (lambda r: plot_coverage(r["adoption"]), "lacks columns"),
    ],
)
def test_nothing_to_draw_is_an_error_not_an_empty_figure(results, call, message):
    before = plt.get_fignums()
    with pytest.raises(ValueError, match=message):
        call(results)
    assert plt.get_fignums() == before


# -------------------------------------------------------------------------------------------- style
def test_style_applies_while_drawing_and_never_globally(results):
    plt.close(plt.figure())  # let pyplot settle its backend first
    before = dict(matplotlib.rcParams)
    axes = [
        plot_profiles(results["profiles"]),
        plot_comparisons(results["comparisons"]),
        plot_keyness(results["category_keyness"], groups=["lavrov"]),
        plot_timeline(results["timeline"], category="ceasefire"),
        plot_adoption(results["adoption"]),
        plot_coverage(results["report"]),
    ]
    for ax in axes:
        ax.figure.canvas.draw()
    with style():
        assert matplotlib.rcParams["font.sans-serif"][0] == "DejaVu Sans"
    assert dict(matplotlib.rcParams) == before
    assert "DejaVu Sans" in axes[0].get_yticklabels()[0].get_fontname()
    assert axes[0].get_yticklabels()[0].get_fontsize() == 7.0
    assert matplotlib.colors.to_hex(axes[4].containers[0].patches[0].get_facecolor()) == OKABE_ITO[0].lower()
    assert not axes[0].spines["top"].get_visible()


# ------------------------------------------------------------------------------------------- saving
def digests(paths) -> dict[str, str]:
    return {Path(p).name: hashlib.sha256(Path(p).read_bytes()).hexdigest() for p in paths}


def test_save_figure_same_bytes_twice(results, tmp_path):
    fig = draw_all(results)
    first = save_figure(fig, tmp_path / "a" / "fig", formats=FORMATS, provenance=PROVENANCE)
    fig.canvas.draw()  # a draw in between (as a notebook would) moves the layout by float noise only
    second = save_figure(fig, tmp_path / "b" / "fig", formats=FORMATS, provenance=PROVENANCE)
    assert type(fig.get_layout_engine()).__name__ == "ConstrainedLayoutEngine"  # restored after saving
    assert [p.name for p in first] == ["fig.png", "fig.svg", "fig.pdf", "fig.json"]
    assert digests(first) == digests(second)
    pdf = first[2].read_bytes()
    assert b"CreationDate" not in pdf and b"ModDate" not in pdf and b"Producer" not in pdf
    assert b"matplotlib" not in pdf.lower()
    with pytest.raises(ValueError, match="Unsupported figure format 'jpg'"):
        save_figure(fig, tmp_path / "c" / "fig", formats=("png", "jpg"))
    assert not (tmp_path / "c" / "fig.png").exists()  # checked before anything is written


SCRIPT = """
import sys, warnings
import matplotlib
matplotlib.use("Agg")
sys.path.insert(0, {tests!r})
import test_figures as t
fig = t.draw_all(t.build_results())
t.save_figure(fig, sys.argv[1], formats=t.FORMATS, provenance=t.PROVENANCE)
"""


def test_save_figure_same_bytes_in_two_processes(tmp_path):
    script = SCRIPT.format(tests=str(Path(__file__).parent))
    runs = []
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "MPLBACKEND": "Agg"}
        out = tmp_path / seed / "fig"
        runs.append((out, subprocess.Popen([sys.executable, "-c", script, str(out)], env=env, stderr=subprocess.PIPE)))
    for _, proc in runs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    files = [[out.with_suffix(f".{f}") for f in (*FORMATS, "json")] for out, _ in runs]
    assert digests(files[0]) == digests(files[1])


def test_provenance_embedded_in_every_format(results, tmp_path):
    fig = plot_coverage(results["report"]).figure
    png, svg, pdf, sidecar = save_figure(fig, tmp_path / "cov", formats=FORMATS, provenance=PROVENANCE, close=True)
    assert not plt.fignum_exists(fig.number)
    with Image.open(png) as image:
        assert json.loads(image.text["Description"]) == PROVENANCE
        assert "Software" not in image.text
    desc = ET.parse(svg).getroot().find(".//{http://purl.org/dc/elements/1.1/}description")
    assert json.loads(desc.text) == PROVENANCE
    assert "<dc:date>" not in svg.read_text(encoding="utf-8")
    ascii_json = json.dumps(PROVENANCE, sort_keys=True, ensure_ascii=True).encode("ascii")
    assert b"/Subject (" + ascii_json.replace(b"\\", b"\\\\") + b")" in pdf.read_bytes()
    assert json.loads(sidecar.read_text(encoding="utf-8")) == PROVENANCE
    for path in (png, svg, pdf, sidecar):
        assert read_provenance(path) == PROVENANCE
    with pytest.raises(ValueError, match=r"use a \.png, \.svg, \.pdf or \.json"):
        read_provenance(tmp_path / "cov.txt")


def test_read_provenance_of_parentheses_and_backslashes(tmp_path):
    fig, ax = plt.subplots()
    ax.plot([0, 1], [0, 1])
    awkward = {"path": "C:\\corpus (v2)\\", "note": "a) b( \\) done"}
    written = save_figure(fig, tmp_path / "x", formats=("pdf",), provenance=awkward)
    assert read_provenance(written[0]) == awkward
