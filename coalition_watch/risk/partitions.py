"""The rolling-origin partition scheme, defined once and shared by every model and by ``cwatch risk``.

Timing convention. A row for data month ``t`` uses data through the end of ``t``; its label is a
fall in months ``t+1 … t+H``. A forecast *issued at origin month M* uses data through ``M-1``, so it
is the row ``t = M-1`` and covers months ``M … M+H-1``. A live forecast uses the refit of the
calendar year of ``t`` (see :func:`forecast_partition`), so it equals the backtest's prediction.

Backtest (yearly refits). For each origin year ``Y`` (2000–2024 by default) the model is fitted at
the start of ``Y`` with what was known then: training rows are data months from
:data:`FIRST_TRAIN_MONTH` to ``Dec(Y-1) - H``, the last rows whose whole label window had passed.
It then predicts every data month ``t`` of ``Y`` (the yearly model applied to monthly data). Test
rows whose label window runs past :data:`LABELS_KNOWN_THROUGH` are dropped, because their outcome
is not known.
"""

from __future__ import annotations

from dataclasses import dataclass

from coalition_watch.risk.data import month_index, month_label

FIRST_TRAIN_MONTH = month_index("1986-01")  # twelve months after the panel start (1985-01)
#: the label sources are curated through this month (KB cases); later windows are censored
LABELS_KNOWN_THROUGH = month_index("2025-12")
FIRST_ORIGIN_YEAR, LAST_ORIGIN_YEAR = 2000, 2024
HORIZONS = (3, 6, 12)
DEFAULT_HORIZON = 6
#: alarm threshold of a refit: this quantile of its predictions on its own training rows
ALARM_QUANTILE = 0.95


@dataclass(frozen=True)
class Partition:
    """Training and test data-month ranges (inclusive integer month indices) of one refit."""

    origin_year: int
    horizon: int
    train_start: int
    train_end: int
    test_start: int
    test_end: int

    def describe(self) -> str:
        return (f"origin {self.origin_year}, H={self.horizon}: train {month_label(self.train_start)}"
                f"..{month_label(self.train_end)}, test {month_label(self.test_start)}"
                f"..{month_label(self.test_end)}")


def rolling_origin(horizon: int = DEFAULT_HORIZON, first_year: int = FIRST_ORIGIN_YEAR,
                   last_year: int = LAST_ORIGIN_YEAR, labels_known_through: int = LABELS_KNOWN_THROUGH,
                   ) -> list[Partition]:
    """One :class:`Partition` per origin year, as described in the module docstring."""
    parts = []
    for year in range(first_year, last_year + 1):
        test_start = month_index(f"{year}-01")
        test_end = min(month_index(f"{year}-12"), labels_known_through - horizon)
        if test_end < test_start:
            continue
        parts.append(Partition(year, horizon, FIRST_TRAIN_MONTH, test_start - 1 - horizon,
                               test_start, test_end))
    return parts


def latest_refit_year(labels_known_through: int = LABELS_KNOWN_THROUGH) -> int:
    """The last refit year whose training rows all have known labels: the refit of year ``Y``
    trains through ``Dec(Y-1) - H``, whose label window ends ``Dec(Y-1)``, so ``Y`` may be at most
    the year after the one holding :data:`LABELS_KNOWN_THROUGH` (when that month is a December)."""
    return (labels_known_through + 1) // 12


def forecast_partition(as_of: str | int, horizon: int = DEFAULT_HORIZON,
                       labels_known_through: int = LABELS_KNOWN_THROUGH) -> Partition:
    """The partition of a live forecast issued at origin month ``as_of``: the data month
    ``as_of - 1`` is predicted by the refit of its calendar year ``Y``, the same model the
    backtest evaluates for that month (training rows up to ``Dec(Y-1) - H``). One fitted model
    thus serves every month of a year and can be cached.

    When ``Y`` is later than :func:`latest_refit_year` (data months past the curated labels, e.g.
    2027 with labels known through 2025-12), the latest refit with fully known labels is used
    instead, so no training row has an unknown outcome counted as "no fall"."""
    origin = month_index(as_of)
    data_month = origin - 1
    year = min(data_month // 12, latest_refit_year(labels_known_through))
    return Partition(year, horizon, FIRST_TRAIN_MONTH, year * 12 - 1 - horizon, data_month, data_month)
