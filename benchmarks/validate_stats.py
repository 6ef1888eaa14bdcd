"""Coverage and type-I error of framing's intervals and tests on simulated corpora (`make validate-stats`).

Not part of `make test` (a few minutes); `--smoke` runs a small grid in seconds and is what the test suite runs.

Design (fixed seeds; every cell draws its own data sets from `numpy.random.default_rng([SEED, cell])`):

* two groups, `m` documents each (5, 10, 30, 100);
* document lengths lognormal with median 1,000 tokens and log-sd 1 (`lognormal`); or all 1,000 tokens without
  overdispersion (`poisson`); or group b's documents four times longer with log-sd 1.5 (`uneven`); or 70 % of
  group a's documents also hold a unit of group b, both units sharing the document's rate multiplier
  (`shared`, the news article that quotes two speakers);
* matches Poisson with mean `rate · length · g`, `g ~ Gamma(shape 1, mean 1)` per document (overdispersion;
  not in `poisson`); rates 0.5, 2 and 10 per 1,000 tokens, the same in both groups under the null and
  2 : 1 for the coverage of the difference and the ratio;
* the truth: the population rate per 1,000 tokens (the mean of `g` is 1, independent of length).

Measured per cell: coverage of the 95 % interval of one group's pooled rate (`rate_intervals`, and the
percentile cluster bootstrap it replaced as the baseline), of the difference and of the ratio of two groups'
rates (`rate_contrast_intervals`), and the rejection rate at 5 % under the null of the inverted-interval
p-value (`compare_groups`' default), of the studentized permutation test and of the mean-rate permutation test
it replaced. Coverage is a fraction of `reps` data sets (Monte Carlo s.e. about 0.7 points at 1,000).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from framing.stats import (
    cluster_bootstrap_rates,
    permutation_test_rate_difference,
    rate_contrast_intervals,
    rate_intervals,
)

SEED = 20261207
DESIGNS = ("lognormal", "poisson", "uneven", "shared")
SIZES = (5, 10, 30, 100)
RATES = (0.5, 2.0, 10.0)


def _documents(gen: np.random.Generator, m: int, rate: float, design: str, side: str, g=None):
    """Match counts (m × 1) and lengths of ``m`` documents of one group."""
    if design == "poisson":
        tokens = np.full(m, 1000.0)
        g = np.ones(m)
    else:
        median, sdlog = (4000.0, 1.5) if (design == "uneven" and side == "b") else (1000.0, 1.0)
        tokens = np.round(np.exp(gen.normal(np.log(median), sdlog, m))) + 1
        g = gen.gamma(1.0, 1.0, m) if g is None else g
    return gen.poisson(rate / 1000 * tokens * g)[:, None].astype(float), tokens


def _data_set(gen: np.random.Generator, m: int, rate_a: float, rate_b: float, design: str):
    """Both groups' counts, lengths and document ids."""
    if design != "shared":
        ya, na = _documents(gen, m, rate_a, design, "a")
        yb, nb = _documents(gen, m, rate_b, design, "b")
        return ya, na, yb, nb, None, None
    shared = round(0.7 * m)
    g = gen.gamma(1.0, 1.0, 2 * m - shared)
    ya, na = _documents(gen, m, rate_a, design, "a", g[:m])
    yb, nb = _documents(gen, m, rate_b, design, "b", np.concatenate([g[:shared], g[m:]]))
    docs_a = [f"d{i}" for i in range(m)]
    docs_b = [f"d{i}" for i in range(shared)] + [f"d{i}" for i in range(m, 2 * m - shared)]
    return ya, na, yb, nb, docs_a, docs_b


def _cell(design: str, m: int, rate: float, reps: int, n_perm: int, cell: int) -> dict:
    """One cell of the grid: coverage and rejection rates over ``reps`` simulated data sets."""
    gen = np.random.default_rng([SEED, cell])
    hits = dict.fromkeys(
        ("rate", "rate_bootstrap", "difference", "ratio", "reject_interval", "reject_permutation", "reject_mean"), 0
    )
    for _ in range(reps):
        ya, na, yb, nb, da, db = _data_set(gen, m, 2 * rate, rate, design)  # 2 : 1 for coverage
        truth = 2 * rate
        one = rate_intervals(ya, na)
        hits["rate"] += one.lower[0] <= truth <= one.upper[0]
        boot = cluster_bootstrap_rates(ya, na, n_boot=400, rng=gen)
        hits["rate_bootstrap"] += boot.lower[0] <= truth <= boot.upper[0]
        two = rate_contrast_intervals(ya, na, yb, nb, documents_a=da, documents_b=db)
        hits["difference"] += two.difference_lower[0] <= rate <= two.difference_upper[0]
        hits["ratio"] += two.ratio_lower[0] <= 2.0 <= two.ratio_upper[0]
        ya, na, yb, nb, da, db = _data_set(gen, m, rate, rate, design)  # the null
        null = rate_contrast_intervals(ya, na, yb, nb, documents_a=da, documents_b=db)
        hits["reject_interval"] += null.p_value[0] <= 0.05
        docs = {"documents_a": da, "documents_b": db}
        perm = permutation_test_rate_difference(ya, na, yb, nb, **docs, n_perm=n_perm, rng=gen)
        hits["reject_permutation"] += perm.p_value[0] <= 0.05
        mean = permutation_test_rate_difference(ya, na, yb, nb, n_perm=n_perm, rng=gen, statistic="mean")
        hits["reject_mean"] += mean.p_value[0] <= 0.05
    return {"design": design, "documents": m, "per_1000": rate, "reps": reps, **{k: v / reps for k, v in hits.items()}}


def run(designs, sizes, rates, reps: int, n_perm: int) -> list[dict]:
    """Every cell of the grid, in order."""
    rows = []
    cell = 0
    for design in designs:
        for m in sizes:
            for rate in rates:
                rows.append(_cell(design, m, rate, reps, n_perm, cell))
                cell += 1
    return rows


COLUMNS = (
    ("rate", "rate CI"),
    ("rate_bootstrap", "bootstrap CI (before)"),
    ("difference", "difference CI"),
    ("ratio", "ratio CI"),
    ("reject_interval", "type I: p (default)"),
    ("reject_permutation", "type I: permutation"),
    ("reject_mean", "type I: mean-rate perm. (before)"),
)


def table(rows: list[dict]) -> str:
    """The rows as a Markdown table (one row per design × documents, the worst cell over the rates:
    the lowest coverage and the highest rejection rate)."""
    lines = [
        "| design | documents | " + " | ".join(label for _, label in COLUMNS) + " |",
        "|---|---:|" + "---:|" * len(COLUMNS),
    ]
    keys = sorted({(r["design"], r["documents"]) for r in rows}, key=lambda k: (DESIGNS.index(k[0]), k[1]))
    for design, m in keys:
        cells = [r for r in rows if r["design"] == design and r["documents"] == m]
        values = []
        for key, _ in COLUMNS:
            worst = max(c[key] for c in cells) if key.startswith("reject") else min(c[key] for c in cells)
            values.append(f"{100 * worst:.1f} %")
        lines.append(f"| {design} | {m} | " + " | ".join(values) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--smoke", action="store_true", help="a small grid in seconds (the test suite runs it)")
    parser.add_argument("--reps", type=int, default=None, help="data sets per cell (default 1000; smoke 150)")
    parser.add_argument("--n-perm", type=int, default=199, help="permutations of each permutation test")
    parser.add_argument("--json", type=Path, help="also write every cell as JSON here")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    if args.smoke:
        rows = run(("lognormal",), (5, 30), (2.0,), args.reps or 150, args.n_perm)
    else:
        rows = run(DESIGNS, SIZES, RATES, args.reps or 1000, args.n_perm)
    print(table(rows))
    print(f"\n{len(rows)} cells, worst over rates {sorted({r['per_1000'] for r in rows})} per 1,000 tokens, "
          f"{rows[0]['reps']} data sets per cell; "
          f"{time.perf_counter() - start:.0f} s")  # fmt: skip
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
