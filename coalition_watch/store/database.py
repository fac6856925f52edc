"""Open the DuckDB store, apply migrations, and run writes as single transactions."""

from __future__ import annotations

import contextvars
import itertools
import os
import threading
import time
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


class StoreMissing(StoreError):
    """A store was asked for where there is none, by a caller that creates none (a mistyped path
    would otherwise answer from a new, empty store)."""


class StoreOpenInOtherMode(StoreError):
    """This process already has the file open, read-write where read-only was asked or the other
    way round: DuckDB shares one database instance per file and process, only in one mode
    (``duckdb.ConnectionException`` from ``duckdb.connect``)."""


class StoreBusy(StoreError):
    """Another process holds the store's lock (a command writing to it, or ``cwatch serve`` in the
    middle of a request) for longer than the caller was willing to wait."""


#: How DuckDB words a lock held by another process. That failure is a ``duckdb.IOException``,
#: the class of every failure to open the file (permission denied, not a DuckDB file, a folder,
#: a missing folder), so only the text tells it apart; it is used for a hint and to wait, nothing else.
LOCK_CONFLICT = "Could not set lock on file"

#: DuckDB draws a progress bar on stdout for a query that runs over two seconds, which would
#: break ``--json`` output; every connection the tool opens turns it off
NO_PROGRESS_BAR = "SET enable_progress_bar = false"

#: The hint added to DuckDB's lock error (the command line names its option for another store).
LOCK_HINT = ("; the store is in use by another process (for example `cwatch serve` answering a request, or a "
             "cwatch command writing to it); try again when it is done, stop it, or open another store")

#: Seconds a command waits for a store another process holds for a moment (``cwatch serve`` in the
#: middle of a request) before it reports the lock: the CLI's store opens and the Ibis connections
#: to a store (``cwatch risk --db``, ``cwatch events aggregate``) wait this long.
LOCK_WAIT = 3.0


def _is_lock_conflict(exc: BaseException) -> bool:
    return isinstance(exc, duckdb.IOException) and LOCK_CONFLICT in str(exc)


def _waiting(wait: float):
    """Pauses (seconds) to sleep between attempts for about ``wait`` seconds in all, growing from 20 ms."""
    deadline = time.monotonic() + wait
    for step in itertools.count():
        left = deadline - time.monotonic()
        if left <= 0:
            return
        yield min(left, 0.02 * 1.5 ** min(step, 8))


def connect_duckdb(path: str | Path = ":memory:", *, read_only: bool = False,
                   wait: float = 0.0) -> duckdb.DuckDBPyConnection:
    """A raw DuckDB connection to ``path`` (``":memory:"``: a new in-memory database) with the
    progress bar off (:data:`NO_PROGRESS_BAR`); the tool opens its DuckDB connections with it.

    A lock another process holds on the file is waited for up to ``wait`` seconds (retrying with
    growing pauses), then :class:`StoreBusy` with :data:`LOCK_HINT`. A file this process already
    has open in the other mode is :class:`StoreOpenInOtherMode`; any other failure to open it
    (a missing folder, not a DuckDB file) is :class:`StoreError`."""
    path = str(path)
    pauses = _waiting(wait)
    while True:
        try:
            con = duckdb.connect(path, read_only=read_only)
        except duckdb.ConnectionException as exc:
            raise StoreOpenInOtherMode(f"cannot open store {path}: {exc}") from None
        except duckdb.Error as exc:
            if _is_lock_conflict(exc):
                pause = next(pauses, None)
                if pause is not None:  # a lock held for a moment (a request of `cwatch serve`)
                    time.sleep(pause)
                    continue
                raise StoreBusy(f"cannot open store {path}: {exc}{LOCK_HINT}") from None
            raise StoreError(f"cannot open store {path}: {exc}") from None
        try:
            con.execute(NO_PROGRESS_BAR)
        except BaseException:
            con.close()
            raise
        return con


def connect_ibis(path: str | Path = ":memory:", *, read_only: bool = False, wait: float = 0.0):
    """An Ibis DuckDB backend on a :func:`connect_duckdb` connection: the same progress bar
    setting, lock waiting and errors. ``backend.disconnect()`` closes the connection. With DuckDB 2,
    Ibis 12 needs :mod:`coalition_watch.ingest.duckdb_compat` imported to run queries (its
    callers import it)."""
    import ibis

    con = connect_duckdb(path, read_only=read_only, wait=wait)
    try:
        return ibis.duckdb.from_connection(con)
    except BaseException:
        con.close()
        raise


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

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False, wait: float = 0.0) -> None:
        self.path = str(path or default_db_path())
        self.read_only = read_only
        if self.path != ":memory:":
            parent = Path(self.path).parent
            if not parent.exists():
                raise StoreError(f"cannot open store {self.path}: folder {parent} does not exist")
            if read_only and not Path(self.path).exists():
                raise StoreNotReady(f"store {self.path} does not exist yet")
        self._root = connect_duckdb(self.path, read_only=read_only, wait=wait)
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

    @property
    def instance_key(self) -> tuple:
        """Identifies the DuckDB database instance behind :attr:`con`, whose global settings
        (``memory_limit``, ``threads``) all its connections share: DuckDB keeps one instance per
        database file in a process (every store open on the file uses it), and a new one for each
        ``:memory:`` store."""
        return ("memory", id(self)) if self.path == ":memory:" else ("file", os.path.abspath(self.path))

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

    @contextmanager
    def session(self, write: bool = False) -> Iterator["Store"]:
        """A block of work on the store. This store holds its connection for its whole life, so
        this does nothing; :class:`SessionStore` opens its connection here."""
        yield self

    def close(self) -> None:
        self._root.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class _Session:
    """One open use of a :class:`SessionStore`: a cursor on the attached file, and its mode."""

    __slots__ = ("con", "write", "closed")

    def __init__(self, con: duckdb.DuckDBPyConnection, write: bool) -> None:
        self.con, self.write, self.closed = con, write, False


class SessionStore(Store):
    """A store that holds no lock on its file between uses, for a long-running process (the web
    app) beside which ``cwatch`` commands keep working.

    Work happens in :meth:`session` blocks (the web app opens one per request): the first open
    session attaches the file to an in-memory DuckDB instance the object keeps (read-only, or
    read-write with ``write=True``), the last one to close detaches it, which releases DuckDB's
    lock, so other processes can open the file between sessions. Attaching costs about 2 ms;
    creating a DuckDB instance for each request (``duckdb.connect``) would cost 15–20 ms. The
    object itself stays the same, so caches keyed on the store (graphs, coalition analyses) live on
    across sessions; their keys include the store's revision, read in each session.

    Sessions of one mode run side by side (one cursor each); DuckDB cannot have a file attached
    read-only and read-write at once, so a session of the other mode waits until they end
    (a waiting writer goes before new readers). A lock held by another process is waited for up
    to ``wait`` seconds, then :class:`StoreBusy`. The store must exist and be migrated
    (:class:`StoreNotReady` otherwise); ``store.con`` outside a session is a :class:`StoreError`.
    """

    _ids = itertools.count(1)

    def __init__(self, path: str | Path, *, wait: float = 5.0) -> None:  # noqa: D107 - no Store.__init__
        self.path = str(path)
        if self.path == ":memory:" or not Path(self.path).is_file():
            raise StoreNotReady(f"no store at {self.path}")
        self.wait = wait
        self._alias = f"cwatch_store_{next(self._ids)}"
        self._root = connect_duckdb(":memory:")
        self._current: contextvars.ContextVar[_Session | None] = contextvars.ContextVar(self._alias, default=None)
        self._gate = threading.Condition()
        self._users = 0                 # open sessions
        self._mode: bool | None = None  # their mode (True: read-write) while any is open
        self._writers_waiting = 0
        self._attaching = False         # a thread is attaching the file (waiting on another process's lock)
        with self.session():
            pending = self.pending_migrations()
        if pending:
            self._root.close()
            raise StoreNotReady(f"store {self.path} needs migrations {pending} (a write)")

    # ---------------------------------------------------------------- sessions
    def open_session(self, write: bool = False) -> _Session:
        """Open a session (blocking: waits for sessions of the other mode in this process and for a
        lock held by another process). Pair with :meth:`close_session`; :meth:`session` does both."""
        pauses = _waiting(self.wait)
        deadline = time.monotonic() + self.wait
        with self._gate:
            if write:
                self._writers_waiting += 1
            try:
                while not self._may_join(write):
                    left = deadline - time.monotonic()
                    if left <= 0 or not self._gate.wait(left):
                        raise StoreBusy(f"store {self.path} is busy in this process (sessions of the other mode "
                                        f"did not end within {self.wait:g} s)")
            finally:
                if write:
                    self._writers_waiting -= 1
                    self._gate.notify_all()  # readers held back for this writer may go on
            if self._users == 0:
                self._attaching = True  # others wait on the gate meanwhile, not on its lock
                try:
                    self._attach(write, pauses)
                finally:
                    self._attaching = False
                    self._gate.notify_all()
            self._users += 1
            self._mode = write
            try:
                cursor = self._root.cursor()
                cursor.execute(f"USE {self._alias}")
            except BaseException:
                self._leave()
                raise
        return _Session(cursor, write)

    def close_session(self, session: _Session) -> None:
        """End a session from :meth:`open_session`; the last one detaches the file."""
        if session.closed:
            return
        session.closed = True
        with self._gate:
            try:
                session.con.close()
            finally:
                self._leave()

    def activate(self, session: _Session) -> contextvars.Token:
        """Make ``session`` the one ``store.con`` answers with in this context (and the threads
        it starts work in); undo with :meth:`deactivate`."""
        return self._current.set(session)

    def deactivate(self, token: contextvars.Token) -> None:
        self._current.reset(token)

    @contextmanager
    def session(self, write: bool = False) -> Iterator["SessionStore"]:
        """Open, use and close a session; inside an open session of a mode that allows the work
        (any for reading, read-write for writing) it only uses that one."""
        current = self._current.get()
        if current is not None and not current.closed and (current.write or not write):
            yield self
            return
        opened = self.open_session(write)
        token = self.activate(opened)
        try:
            yield self
        finally:
            self.deactivate(token)
            self.close_session(opened)

    def _may_join(self, write: bool) -> bool:
        if self._attaching:
            return False
        if self._users == 0:
            return True
        if self._mode != write:
            return False
        return write or self._writers_waiting == 0

    def _attach(self, write: bool, pauses) -> None:
        mode = "" if write else " (READ_ONLY)"
        path = self.path.replace("'", "''")
        while True:
            try:
                self._root.execute(f"ATTACH '{path}' AS {self._alias}{mode}")
                return
            except duckdb.Error as exc:
                if _is_lock_conflict(exc):
                    pause = next(pauses, None)
                    if pause is not None:
                        self._gate.wait(pause)  # (the gate is held: waiting on it lets other threads go on)
                        continue
                    raise StoreBusy(f"cannot open store {self.path}: {exc}{LOCK_HINT}") from None
                raise StoreError(f"cannot open store {self.path}: {exc}") from None

    def _leave(self) -> None:
        self._users -= 1
        if self._users == 0:
            self._mode = None
            self._root.execute(f"DETACH {self._alias}")
        self._gate.notify_all()

    # ---------------------------------------------------------------- Store interface
    @property
    def instance_key(self) -> tuple:
        """The in-memory DuckDB instance this object keeps (the file is attached to it), not the
        one a :class:`Store` on the same file uses."""
        return ("session", id(self))

    @property
    def read_only(self) -> bool:  # type: ignore[override]
        """Whether the current session is read-only (True outside any session)."""
        current = self._current.get()
        return current is None or current.closed or not current.write

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        """The current session's cursor."""
        current = self._current.get()
        if current is None or current.closed:
            raise StoreError(f"store {self.path} is used outside a session (wrap the work in store.session())")
        return current.con

    def migrate(self) -> list[int]:
        raise StoreError("a SessionStore does not migrate; open the store with open_store first")

    def close(self) -> None:
        """Close the in-memory instance (no file is held between sessions)."""
        self._root.close()


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


def open_store(path: str | Path | None = None, *, read_only: bool = False, wait: float = 0.0,
               create: bool = True) -> Store:
    """Open (creating and migrating if needed) the store at ``path`` or the default location.

    ``create=False``: only an existing store; a path where no file is is a :class:`StoreMissing`
    (nothing is created). With ``read_only`` a shared read-only connection to an existing, migrated
    store (:class:`StoreNotReady` otherwise; ``cli.common.store_for`` then prepares it first).
    ``wait``: seconds to keep trying while another process holds the file's lock (then
    :class:`StoreBusy`)."""
    file = str(path or default_db_path())
    if not create and file != ":memory:" and not Path(file).exists():
        raise StoreMissing(f"no store at {file}")
    return Store(path, read_only=read_only, wait=wait)
