"""The embedded DuckDB store: schema, migrations, transactions, reads and writes."""

from .database import Store, default_db_path, open_store

__all__ = ["Store", "default_db_path", "open_store"]
