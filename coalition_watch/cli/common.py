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


def store_for(db: Path | None) -> Store:
    """The store named by ``--db``/``$CWATCH_DB``, with the embedded KB loaded on first use."""
    return api.open_default_store(db)


def print_json(data: Any) -> None:
    """Write JSON to stdout (UTF-8, stable key order as built)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def sources_text(details: list[dict]) -> str:
    """Short human form of a list of source rows."""
    return "; ".join(f"{d.get('publisher') or ''} {d.get('title') or d.get('id')} ({d.get('date') or 'n.d.'})".strip()
                     for d in details)
