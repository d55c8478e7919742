"""The nearest-rank percentile that every figure of the benchmark uses: the load generator's
latencies and the disk probe's flushes."""

import math


def nearest_rank(count: int, fraction: float) -> int:
    """The 1-based rank of the `fraction` percentile among `count` sorted values."""
    return max(1, math.ceil(fraction * count))


def percentile(sorted_values: list[float], fraction: float) -> float:
    """Nearest-rank percentile of an already sorted list."""
    if not sorted_values:
        return math.nan
    return sorted_values[nearest_rank(len(sorted_values), fraction) - 1]
