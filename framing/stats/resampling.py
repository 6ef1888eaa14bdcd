"""Resampling machinery of :mod:`framing.stats`: the random generator, bootstrap sums, percentile intervals.

Randomness comes only from an ``rng`` argument (an ``int`` seed or a :class:`numpy.random.Generator`);
:func:`generator` turns it into the generator to draw from and records the seed and the state before the
first draw, so results can be replayed.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator

import numpy as np

from ..errors import ArgumentError

__all__ = ["CHUNK_ELEMENTS", "bootstrap_sums", "generator", "percentile_interval", "resample_counts", "rng_note"]


CHUNK_ELEMENTS = 1 << 22
"""Resampling draws are made in chunks of at most this many (replicate, unit) cells, about 32 MB of int64,
so memory does not grow with ``n_boot`` × documents. The chunk size depends only on the number of units,
so results do not depend on the machine."""


def generator(rng: np.random.Generator | int | None) -> tuple[np.random.Generator, int | None, dict]:
    """The generator to draw from, the seed if one was given, and the generator state before any draw."""
    if isinstance(rng, np.random.Generator):
        gen, seed = rng, None
    elif isinstance(rng, (int, np.integer)) and not isinstance(rng, bool):
        gen, seed = np.random.default_rng(int(rng)), int(rng)
    else:
        raise ArgumentError(
            "F601",
            name="rng",
            expected="an int seed or a numpy.random.Generator (np.random.default_rng(seed))",
            value=rng,
        )
    return gen, seed, dict(copy.deepcopy(gen.bit_generator.state))


def resample_counts(gen: np.random.Generator, n_units: int, n_boot: int) -> Iterator[np.ndarray]:
    """Yield (replicates, n_units) arrays: how often each unit is drawn in each bootstrap replicate.

    Each replicate draws ``n_units`` units with replacement, uniformly (Efron & Tibshirani 1993, ch. 6).
    """
    chunk = max(1, CHUNK_ELEMENTS // n_units)
    done = 0
    while done < n_boot:
        size = min(chunk, n_boot - done)
        draws = gen.integers(0, n_units, size=(size, n_units))
        flat = (draws + (np.arange(size) * n_units)[:, None]).ravel()
        yield np.bincount(flat, minlength=size * n_units).reshape(size, n_units)
        done += size


def bootstrap_sums(gen: np.random.Generator, values: np.ndarray, n_boot: int) -> np.ndarray:
    """Column sums of ``values`` (units × columns) over ``n_boot`` resamples of its rows: (n_boot, columns)."""
    return np.concatenate([w @ values for w in resample_counts(gen, values.shape[0], n_boot)], axis=0)


def percentile_interval(replicates: np.ndarray, confidence: float) -> tuple[np.ndarray, np.ndarray]:
    """Percentile interval (Efron & Tibshirani 1993, §13.3) per column, ignoring undefined (NaN) replicates."""
    tail = (1.0 - confidence) / 2.0
    lower, upper = np.nanquantile(replicates, [tail, 1.0 - tail], axis=0)
    return lower, upper


def rng_note(seed: int | None, state: dict) -> str:
    """Where the draws of a result came from, for its summary: the seed, or the kind of generator."""
    return f"seed {seed}" if seed is not None else f"generator {state.get('bit_generator', '?')} (state recorded)"
