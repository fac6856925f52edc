"""Spans of text already taken (by a name, a date), kept sorted so that the overlap test and the
search for uncovered gaps are binary searches, not scans of every span.

Spans do not overlap, except that one may lie inside the one before it (a name inside a longer
name); every search therefore also looks at the span before the one found.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable


class Coverage:
    """Spans ``[start, end)`` kept sorted by start."""

    def __init__(self, spans: Iterable[tuple[int, int]] = ()) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []
        for start, end in sorted(spans):
            self.add(start, end)

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span overlaps ``[start, end)``."""
        i = bisect.bisect_left(self.starts, end)  # spans starting before ``end``
        return i > 0 and max(self.ends[max(0, i - 2):i]) > start

    def add(self, start: int, end: int) -> None:
        """Take ``[start, end)``."""
        i = bisect.bisect_left(self.starts, start)
        self.starts.insert(i, start)
        self.ends.insert(i, end)

    def gaps(self, start: int, end: int) -> list[tuple[int, int]]:
        """The parts of ``[start, end)`` that no span covers."""
        out, cursor = [], start
        for i in range(max(0, bisect.bisect_left(self.starts, start) - 2), len(self.starts)):
            s, e = self.starts[i], self.ends[i]
            if s >= end:
                break
            if e <= cursor:
                continue
            if s > cursor:
                out.append((cursor, s))
            cursor = max(cursor, e)
        if cursor < end:
            out.append((cursor, end))
        return out
