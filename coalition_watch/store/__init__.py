"""The embedded DuckDB store: schema, migrations, transactions, reads and writes."""

from .database import (SessionStore, Store, StoreBusy, StoreNotReady, StoreOpenInOtherMode, default_db_path,
                       open_store)

__all__ = ["SessionStore", "Store", "StoreBusy", "StoreNotReady", "StoreOpenInOtherMode", "default_db_path",
           "open_store"]
