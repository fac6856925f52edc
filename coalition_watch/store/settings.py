"""DuckDB settings changed for the length of a piece of work (a load) and restored after it.

``memory_limit``, ``threads`` and ``preserve_insertion_order`` are global to a DuckDB database
instance: every connection to one database file in a process, and every cursor of one, shares them
(two files are two instances, each with its own). Work that changes one for its own length must
not restore it while other work on the same instance still runs with the change, nor restore a
value that other work put in place. :func:`held_settings` therefore counts the holders of each
setting per instance: the first saves how to restore the value and sets the new one, later ones
join it (and run with the value already set), the last one restores.

A value is restored exactly, by setting it again as DuckDB reports it, except a setting DuckDB
reports rounded (:data:`ROUNDED_SETTINGS`): ``memory_limit`` is reported to a tenth of its unit
(``SET memory_limit = '3GB'`` reads back as ``2.7 GiB``, and setting that back gives ``2.6 GiB``),
so it is changed only while it has DuckDB's default, which ``RESET`` restores; a limit chosen on
the connection is left as it is.
"""

from __future__ import annotations

import functools
import threading
from contextlib import contextmanager
from typing import Hashable, Iterator, Mapping

import duckdb

#: settings DuckDB reports rounded, so that only their default can be restored exactly (by ``RESET``)
ROUNDED_SETTINGS = frozenset({"memory_limit", "max_memory"})

_lock = threading.Lock()
#: (instance, setting) -> [holders, SQL restoring the value from before the first holder]
_holds: dict[tuple[Hashable, str], list] = {}


@functools.cache
def default_value(name: str) -> object:
    """DuckDB's default of setting ``name`` in this process, as ``current_setting`` reports it
    (read once, from a new in-memory instance)."""
    con = duckdb.connect(":memory:")
    try:
        return _current(con, name)
    finally:
        con.close()


def _current(con: duckdb.DuckDBPyConnection, name: str) -> object:
    return con.execute(f"SELECT current_setting('{name}')").fetchall()[0][0]


def _literal(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    return "'" + str(value).replace("'", "''") + "'"


def _restore_statement(con: duckdb.DuckDBPyConnection, name: str) -> str | None:
    """SQL that puts ``name`` back to its current value exactly; None when it cannot (a rounded
    setting not at its default)."""
    current = _current(con, name)
    if name in ROUNDED_SETTINGS:
        return f"RESET {name}" if current == default_value(name) else None
    return f"SET {name} = {_literal(current)}"


@contextmanager
def held_settings(con: duckdb.DuckDBPyConnection, instance: Hashable,
                  settings: Mapping[str, object]) -> Iterator[None]:
    """Run a block with the global DuckDB ``settings`` (name -> value) set on the database instance
    of ``con`` (identified by ``instance``, e.g. ``Store.instance_key``), restoring each when the
    last block holding it on that instance ends (see the module docstring). A setting another block
    holds keeps that block's value; a rounded setting not at its default is left unchanged."""
    held: list[tuple[Hashable, str]] = []
    try:
        with _lock:
            for name, value in settings.items():
                if not name.isidentifier():
                    raise ValueError(f"not a setting name: {name!r}")
                key = (instance, name)
                hold = _holds.get(key)
                if hold is None:
                    restore = _restore_statement(con, name)
                    if restore is None:
                        continue
                    con.execute(f"SET {name} = {_literal(value)}")
                    hold = _holds[key] = [0, restore]
                hold[0] += 1
                held.append(key)
        yield
    finally:
        _release(con, held)


def _release(con: duckdb.DuckDBPyConnection, held: list[tuple[Hashable, str]]) -> None:
    """Drop one hold of each key; restore the settings nobody holds any more (all of them, raising
    the first failure afterwards)."""
    failure: BaseException | None = None
    with _lock:
        for key in reversed(held):
            hold = _holds[key]
            hold[0] -= 1
            if hold[0]:
                continue
            del _holds[key]
            try:
                con.execute(hold[1])
            except BaseException as exc:  # noqa: BLE001 - the other settings are still restored
                failure = failure or exc
    if failure is not None:
        raise failure
