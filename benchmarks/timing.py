"""Shared timing helper for the benchmark scripts."""

from __future__ import annotations

import statistics
import time


def median_time(fn, runs: int = 5) -> float:
    """Median wall-clock seconds of ``runs`` calls of ``fn``."""
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)
