"""What every benchmark measures with: the median wall time of a few runs, and the peak traced memory."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def timed(fn: Callable[[], T], repeat: int) -> tuple[float, T]:
    """Median seconds of ``repeat`` runs of ``fn``, and what the last run returned."""
    runs = []
    for _ in range(max(repeat, 1)):
        start = time.perf_counter()
        result = fn()
        runs.append(time.perf_counter() - start)
    return statistics.median(runs), result


def median_time(fn: Callable[[], object], repeat: int) -> float:
    return timed(fn, repeat)[0]


def traced_peak(fn: Callable[[], object]) -> int:
    """Peak bytes allocated by Python objects while ``fn`` runs (tracemalloc)."""
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
