"""Let Ibis 12's DuckDB backend run on DuckDB 2, which renamed two result methods.

DuckDB 2 calls ``fetch_arrow_table`` / ``fetch_record_batch`` ``to_arrow_table`` /
``to_arrow_reader``; Ibis 12 still calls the old names. :func:`install` adds the old names as
aliases when they are missing (no effect on DuckDB versions that have them).
"""

from __future__ import annotations

import warnings

import duckdb


def install() -> None:
    cls = duckdb.DuckDBPyConnection
    if not hasattr(cls, "fetch_arrow_table") and hasattr(cls, "to_arrow_table"):
        def fetch_arrow_table(self, *args, **kwargs):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                return self.to_arrow_table(*args, **kwargs)
        cls.fetch_arrow_table = fetch_arrow_table
    if not hasattr(cls, "fetch_record_batch") and hasattr(cls, "to_arrow_reader"):
        def fetch_record_batch(self, rows_per_batch: int = 1_000_000):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", UserWarning)
                return self.to_arrow_reader(rows_per_batch)
        cls.fetch_record_batch = fetch_record_batch


install()
