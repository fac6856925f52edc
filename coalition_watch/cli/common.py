"""Options, output and error handling shared by every command."""

from __future__ import annotations

import getpass
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.console import Console

from .. import api
from ..dates import parse_partial_date
from ..errors import InputError

if TYPE_CHECKING:
    from ..store import Store

console = Console()
err_console = Console(stderr=True)

DbOption = Annotated[Optional[Path], typer.Option(
    "--db", envvar="CWATCH_DB", help="DuckDB store file (default ./cwatch.duckdb).", show_default=False)]
JsonOption = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON.")]
KbDirOption = Annotated[Optional[Path], typer.Option(
    "--kb", help="Knowledge-base folder (default: the embedded one).", show_default=False)]


def check_partial_date(param: typer.CallbackParam, value: Optional[str]) -> Optional[str]:
    """Option callback: a date YYYY, YYYY-MM or YYYY-MM-DD, or a one-line error naming the option."""
    if value is not None:
        try:
            parse_partial_date(value)
        except ValueError as exc:
            raise InputError(str(exc), field=param.opts[0] if param.opts else param.name) from None
    return value


ReviewerOption = Annotated[Optional[str], typer.Option(help="Reviewer name (default $USER).")]


def reviewer_name(name: str | None) -> str:
    """``name``, else the login name ($USER), else an empty string (the API then asks for one)."""
    if name:
        return name
    try:
        return os.environ.get("USER") or getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name available
        return ""


def store_for(db: Path | None, *, read_only: bool = False) -> Store:
    """The store named by ``--db``/``$CWATCH_DB``, with the embedded KB loaded on first use.

    ``read_only`` (commands that only read): a read-only connection, so that other commands can
    read the same file meanwhile. A store that does not exist yet, needs migrations or has no
    knowledge base loaded is first prepared with a short write (as any command would), then
    reopened read-only."""
    if not read_only:
        return api.open_default_store(db)
    from ..store import StoreNotReady, StoreOpenInOtherMode, open_store
    from ..store.actors import is_kb_loaded

    path = str(db) if db else None
    if path == ":memory:":
        return api.open_default_store(db)
    try:
        store = open_store(path, read_only=True)
    except StoreNotReady:
        pass
    except StoreOpenInOtherMode:
        # this process has the file open for writing already (the API and the commands called
        # in one process, as in tests): DuckDB shares that instance, but only with the same mode
        return api.open_default_store(db)
    else:
        if is_kb_loaded(store):
            return store
        store.close()
    api.open_default_store(db).close()  # create, migrate and load the KB once
    return open_store(path, read_only=True)


def print_json(data: Any) -> None:
    """Write JSON to stdout (UTF-8, stable key order as built)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def print_json_stream(key: str, items, tail=None) -> None:
    """Write ``{key: [items...], **tail()}`` to stdout as one JSON object, each item as it comes.

    The text is the same as :func:`print_json` of the whole object (same indentation and key
    order), but only one item is held at a time. ``tail`` is called after the last item for the
    keys that follow (counts known only at the end)."""
    out = sys.stdout
    out.write("{\n  " + json.dumps(key) + ": [")
    first = True
    for item in items:
        # nested two levels deep: every line of the item's own indented form moves 4 spaces right
        # (JSON strings never hold a raw newline, so the replacement touches only line breaks)
        out.write(("\n    " if first else ",\n    ")
                  + json.dumps(item, ensure_ascii=False, indent=2, default=str).replace("\n", "\n    "))
        first = False
    out.write("]" if first else "\n  ]")
    for name, value in (tail() if tail else {}).items():
        out.write(",\n  " + json.dumps(name) + ": "
                  + json.dumps(value, ensure_ascii=False, indent=2, default=str).replace("\n", "\n  "))
    out.write("\n}\n")


def sources_text(details: list[dict]) -> str:
    """Short human form of a list of source rows."""
    return "; ".join(f"{d.get('publisher') or ''} {d.get('title') or d.get('id')} ({d.get('date') or 'n.d.'})".strip()
                     for d in details)
