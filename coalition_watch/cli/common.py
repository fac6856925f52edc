"""Options, output and error handling shared by every command."""

from __future__ import annotations

import contextlib
import functools
import getpass
import json
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer
from rich.console import Console

from .. import api
from ..dates import parse_partial_date
from ..errors import CoalitionWatchError, InputError
# LOCK_WAIT: seconds to wait for a store another process holds
from ..store.database import LOCK_WAIT, StoreBusy, StoreMissing

if TYPE_CHECKING:
    from ..store import Store


#: data (names, evidence) may hold square brackets: nothing printed is read as Rich markup; styles
#: are given as ``Text`` spans
console = Console(markup=False)
err_console = Console(stderr=True, markup=False)

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


def option_names(command: Callable) -> dict[str, str]:
    """How the command line names each parameter of a command function: its option (``--as-of``,
    the first long name) or its argument (``COUNTRY``, as its usage line shows it), read from the
    command Typer makes of the function."""
    probe = typer.Typer(add_completion=False)
    probe.command()(command)
    names = {}
    for param in typer.main.get_command(probe).params:
        if param.param_type_name == "argument":
            names[param.name] = param.metavar or param.name.upper()
        else:
            names[param.name] = next((o for o in param.opts if o.startswith("--")), param.opts[0])
    return names


def names_options(hints: Mapping[str, str] | None = None, **names: str) -> Callable:
    """Decorator of a command: an :class:`InputError` of the library names the parameter at fault
    (``as_of``); the command raises it again naming the option or argument that gives it
    (``--as-of``, :func:`InputError.named <coalition_watch.errors.InputError.named>`). The
    command's own parameters name theirs (:func:`option_names`); ``names`` adds the library's
    parameters the command calls otherwise (``aliases="--alias"``); ``hints`` maps a parameter to
    words the command line adds after the reason (``"(--reviewer or $USER)"``)."""
    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def run(*args, **kwargs):
            try:
                return command(*args, **kwargs)
            except InputError as exc:
                worded = exc.named({**option_names(command), **names}, hints)
                if worded is exc:
                    raise
                raise worded from None
        return run
    return decorate


@contextlib.contextmanager
def usage_errors(**options: str | None) -> Iterator[None]:
    """Inside: a library :class:`InputError` about one of the parameters ``options`` names becomes
    the usage error a bad option value is on the command line (``Invalid value for --outcome:
    REASON``, with the ``--help`` to see); the value is the option (``outcome="--outcome"``), or
    None for a reason that names its input itself (``file not found: PATH``)."""
    try:
        yield
    except InputError as exc:
        if exc.field not in options or exc.file is not None or exc.line is not None:
            raise
        option = options[exc.field]
        reason = exc.template.replace("{field}", option or exc.field)
        raise typer.BadParameter(reason, param_hint=option) from None


def reviewer_name(name: str | None) -> str:
    """``name``, else the login name ($USER), else an empty string (the API then asks for one)."""
    if name:
        return name
    try:
        return os.environ.get("USER") or getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name available
        return ""


def error_message(exc: CoalitionWatchError) -> str:
    """A library error's line as the command line prints it: a busy store's names the option
    that opens another store."""
    return f"{exc} (pass it as --db PATH)" if isinstance(exc, StoreBusy) else str(exc)


def db_path(db: Path | None) -> str:
    """The store file named by ``--db``/``$CWATCH_DB``, else the default ``./cwatch.duckdb``."""
    from ..store import default_db_path

    return str(db) if db else default_db_path()


def require_store(db: Path | None) -> str:
    """The path of the store named by ``--db``/``$CWATCH_DB`` (or the default), when a file is
    there; otherwise a one-line error that says how to create it. Only ``init``, ``kb load`` and
    the commands that write new data (``ingest``, ``extract --store``, ``actors add``) create a
    store; every other command refuses a path where none exists, so that a mistyped ``--db`` does
    not quietly answer from a new, empty store."""
    path = db_path(db)
    if path != ":memory:" and not Path(path).exists():
        how = f"cwatch init --db {path}" if db else "cwatch init"
        raise StoreMissing(f"no store at {path} (create it with: {how})")
    return path


def store_for(db: Path | None, *, read_only: bool = False, create: bool = False) -> Store:
    """The store named by ``--db``/``$CWATCH_DB``, with the embedded KB loaded on first use.

    Without ``create``, a path where no store exists is an error (:func:`require_store`); with
    it (commands that write new data, never read-only) the store is created, with a note on
    stderr naming it.
    ``read_only`` (commands that only read): a read-only connection, so that other commands can
    read the same file meanwhile. A store that needs migrations or has no knowledge base loaded is
    first prepared with a short write (as any command would), then reopened read-only. A lock
    held for a moment by another process (``cwatch serve`` answering a request) is waited for
    up to :data:`LOCK_WAIT` seconds."""
    path = db_path(db)
    if create:
        if path != ":memory:" and not Path(path).exists():
            store = api.open_default_store(path)
            sys.stderr.write(f"created store {path} (knowledge base loaded)\n")  # a mistyped --db shows
            return store
    else:
        require_store(db)
    from ..store import StoreNotReady, StoreOpenInOtherMode, open_store
    from ..store.actors import is_kb_loaded

    if not read_only or path == ":memory:":
        return _prepared(open_store(path, wait=LOCK_WAIT, create=create))
    try:
        store = open_store(path, read_only=True, wait=LOCK_WAIT)
    except StoreNotReady:
        pass
    except StoreOpenInOtherMode:
        # this process has the file open for writing already (the API and the commands called
        # in one process, as in tests): DuckDB shares that instance, but only with the same mode
        return _prepared(open_store(path, create=False))
    else:
        if is_kb_loaded(store):
            return store
        store.close()
    _prepared(open_store(path, wait=LOCK_WAIT, create=False)).close()  # migrate and load the KB once
    return open_store(path, read_only=True, wait=LOCK_WAIT)


def _prepared(store: Store) -> Store:
    """``store`` (open read-write, migrated) with the embedded knowledge base loaded if it has none."""
    from ..store.actors import is_kb_loaded

    if not is_kb_loaded(store):
        api.load_kb(store)
    return store


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


def source_text(d: dict) -> str:
    """Short human form of one source (an entry of ``source_details``): publisher, title and date
    of a catalogued source; for a stored document also its id and where it is (its http(s) URL,
    else its file); the text itself of a source an analyst gave."""
    if d.get("kind") == "analyst":
        return f"{d.get('title') or d.get('id')} (given by an analyst)"
    text = f"{d.get('publisher') or ''} {d.get('title') or d.get('id')} ({d.get('date') or 'n.d.'})".strip()
    if d.get("kind") == "document":
        from ..store.actors import source_location

        where = source_location(d)
        text = f"{d['id']}: {text}" + (f" {where}" if where else "")
    return text


def sources_text(details: list[dict]) -> str:
    """Short human form of a list of source rows (:func:`source_text` each)."""
    return "; ".join(source_text(d) for d in details)
