"""The smoke of the simulation suite (`make validate-stats` runs the whole grid, the README quotes it)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[1] / "benchmarks" / "validate_stats.py"


def _suite():
    spec = importlib.util.spec_from_file_location("validate_stats", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_smoke_grid_holds_the_levels_the_readme_promises():
    suite = _suite()
    # lognormal lengths, Gamma(1) overdispersion, 150 data sets per cell: the Monte Carlo s.e. of a coverage
    # near 95 % is about 1.8 points, so these bounds are 3 s.e. below the 88 % (5 documents) and 92 %
    # (30 documents) and fail if the intervals fall back to the percentile bootstrap (71 % and 88 % here)
    rows = {r["documents"]: r for r in suite.run(("lognormal",), (5, 30), (2.0,), 150, 199)}
    assert rows[5]["rate"] >= 0.85 and rows[30]["rate"] >= 0.89
    assert rows[5]["difference"] >= 0.85 and rows[30]["difference"] >= 0.89
    assert rows[5]["ratio"] >= 0.85 and rows[30]["ratio"] >= 0.89
    for r in rows.values():  # under the null; binomial s.e. of a 5 % rate over 150 data sets is 1.8 points
        assert r["reject_interval"] <= 0.1 and r["reject_permutation"] <= 0.1
    text = suite.table(list(rows.values()))
    assert text.startswith("| design | documents |") and "| lognormal | 5 |" in text


def test_the_suite_is_deterministic():
    suite = _suite()
    assert suite.run(("shared",), (5,), (2.0,), 20, 99) == suite.run(("shared",), (5,), (2.0,), 20, 99)
