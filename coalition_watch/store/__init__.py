"""The embedded DuckDB store: schema, migrations, transactions, reads and writes."""

from .database import (SessionStore, Store, StoreBusy, StoreMissing, StoreNotReady, StoreOpenInOtherMode,
                       default_db_path, open_store)

__all__ = ["SessionStore", "Store", "StoreBusy", "StoreMissing", "StoreNotReady", "StoreOpenInOtherMode",
           "default_db_path", "open_store"]
