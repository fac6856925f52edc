"""Open the DuckDB store, apply migrations, and run writes as single transactions."""

from __future__ import annotations

import os
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import duckdb

from ..errors import StoreError
from .migrations import MIGRATIONS

DEFAULT_DB = "cwatch.duckdb"


def default_db_path() -> str:
    """``$CWATCH_DB`` if set, else ``./cwatch.duckdb``."""
    return os.environ.get("CWATCH_DB") or DEFAULT_DB


class StoreNotReady(StoreError):
    """A read-only open found no store, or one that needs migrations (which need a write)."""


class StoreOpenInOtherMode(StoreError):
    """This process already has the file open, read-write where read-only was asked or the other
    way round: DuckDB shares one database instance per file and process, only in one mode
    (``duckdb.ConnectionException`` from ``duckdb.connect``)."""


#: How DuckDB words a lock held by another process. That failure is a ``duckdb.IOException``,
#: the class of every failure to open the file (permission denied, not a DuckDB file, a folder,
#: a missing folder), so only the text tells it apart; it is used for a hint, nothing else.
LOCK_CONFLICT = "Could not set lock on file"


class Store:
    """A DuckDB database file with the Coalition Watch schema.

    Each thread gets its own connection (a cursor of the first one), since a DuckDB connection
    must not be shared between threads. Writes go through :meth:`transaction`, so a failure
    leaves the store exactly as it was.

    ``read_only``: a read-only DuckDB connection, which other read-only processes can share (a
    read-write one holds the file's lock alone). It neither creates nor migrates: a missing file
    or one with pending migrations raises :class:`StoreNotReady`. A file this process already
    has open in the other mode raises :class:`StoreOpenInOtherMode`.
    """

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False) -> None:
        self.path = str(path or default_db_path())
        self.read_only = read_only
        if self.path != ":memory:":
            parent = Path(self.path).parent
            if not parent.exists():
                raise StoreError(f"cannot open store {self.path}: folder {parent} does not exist")
            if read_only and not Path(self.path).exists():
                raise StoreNotReady(f"store {self.path} does not exist yet")
        try:
            self._root = duckdb.connect(self.path, read_only=read_only)
        except duckdb.ConnectionException as exc:
            raise StoreOpenInOtherMode(f"cannot open store {self.path}: {exc}") from None
        except duckdb.Error as exc:
            hint = ("; another process (a cwatch command writing to it?) has it open for writing"
                    if isinstance(exc, duckdb.IOException) and LOCK_CONFLICT in str(exc) else "")
            raise StoreError(f"cannot open store {self.path}: {exc}{hint}") from None
        self._local = threading.local()
        self._local.con = self._root
        if not read_only:
            self.migrate()
        else:
            pending = self.pending_migrations()
            if pending:
                self.close()
                raise StoreNotReady(f"store {self.path} needs migrations {pending} (a write)")

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """This thread's connection."""
        con = getattr(self._local, "con", None)
        if con is None:
            con = self._local.con = self._root.cursor()
        return con

    def migrate(self) -> list[int]:
        """Apply pending migrations in order; return the versions applied."""
        con = self.con
        con.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                    "name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
        done = {row[0] for row in con.execute("SELECT version FROM schema_migrations").fetchall()}
        applied = []
        for version, name, sql in MIGRATIONS:
            if version in done:
                continue
            with self.transaction() as tx:
                for statement in (s.strip() for s in sql.split(";")):
                    if statement:
                        tx.execute(statement)
                tx.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)", [version, name])
            applied.append(version)
        return applied

    def pending_migrations(self) -> list[int]:
        """Versions of :data:`MIGRATIONS` not applied to this store yet (all of them in a new file)."""
        try:
            rows = self.con.execute("SELECT version FROM schema_migrations").fetchall()
        except duckdb.Error:  # no schema_migrations table: a file this program did not create
            rows = []
        done = {row[0] for row in rows}
        return [version for version, _name, _sql in MIGRATIONS if version not in done]

    def schema_version(self) -> int:
        """The highest applied migration."""
        row = self.con.execute("SELECT max(version) FROM schema_migrations").fetchone()
        return int(row[0] or 0)

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Run a block as one transaction: commit on success, roll back on any exception."""
        con = self.con
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
        except BaseException:
            con.execute("ROLLBACK")
            raise
        con.execute("COMMIT")

    def query(self, sql: str, params: list | tuple | None = None) -> list[dict]:
        """Rows of a parameterised query as dicts."""
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description]
        return [dict(zip(names, row)) for row in cursor.fetchall()]

    def count(self, table: str) -> int:
        """Number of rows in one of the store's tables."""
        if not table.isidentifier():
            raise StoreError(f"not a table name: {table!r}")
        return int(self.con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

    def close(self) -> None:
        self._root.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame) -> None:
    """Insert the rows of a pandas data frame into ``table``, by column name (nothing if empty)."""
    if frame.empty:
        return
    con.register("_frame_rows", frame)
    try:
        columns = ", ".join(frame.columns)
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {columns} FROM _frame_rows")
    finally:
        con.unregister("_frame_rows")


def open_store(path: str | Path | None = None, *, read_only: bool = False) -> Store:
    """Open (creating and migrating if needed) the store at ``path`` or the default location.

    With ``read_only`` a shared read-only connection to an existing, migrated store
    (:class:`StoreNotReady` otherwise; ``cli.common.store_for`` then prepares it first)."""
    return Store(path, read_only=read_only)
