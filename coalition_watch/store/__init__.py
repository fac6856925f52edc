"""The embedded DuckDB store: schema, migrations, transactions, reads and writes."""

from .database import Store, StoreNotReady, StoreOpenInOtherMode, default_db_path, open_store

__all__ = ["Store", "StoreNotReady", "StoreOpenInOtherMode", "default_db_path", "open_store"]
