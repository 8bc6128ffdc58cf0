"""Skewed, deterministic choices: a few parents own most children, as on real platforms."""

import numpy as np
import numpy.typing as npt

__all__ = ["growing_times", "pick", "zipf_weights"]

Floats = npt.NDArray[np.float64]
Ints = npt.NDArray[np.int64]


def zipf_weights(n: int, rng: np.random.Generator, exponent: float = 1.1) -> Floats:
    """Weights over n parents, 1/rank**exponent, with the ranks shuffled."""
    ranks = rng.permutation(n) + 1
    weights: Floats = 1.0 / ranks.astype(np.float64) ** exponent
    normalised: Floats = weights / weights.sum()
    return normalised


def pick(weights: Floats, size: int, rng: np.random.Generator) -> Ints:
    """`size` parent indexes drawn by weight."""
    cumulative = np.cumsum(weights)
    cumulative[-1] = 1.0
    return np.searchsorted(cumulative, rng.random(size), side="right").astype(np.int64)


def growing_times(
    start: int, stop: int, total: int, begin_us: int, end_us: int, rng: np.random.Generator
) -> Ints:
    """Times of rows [start, stop) of `total` rows, in order, over [begin_us, end_us).

    The rate grows linearly from 0.6 to 1.4 times the mean over the period (a
    platform that grows), so recent months hold more rows. Row i sits at the
    quantile (i + jitter) / total of that density, so rows come out sorted
    and any block of rows can be drawn on its own.
    """
    low = 0.6  # density at the start, relative to the mean; 2 - low at the end
    quantile = (np.arange(start, stop, dtype=np.float64) + rng.random(stop - start)) / total
    # Inverse of the cumulative density F(x) = low*x + (1 - low)*x**2 on [0, 1].
    x = (np.sqrt(low * low + 4 * (1 - low) * quantile) - low) / (2 * (1 - low))
    return begin_us + (x * (end_us - begin_us)).astype(np.int64)
