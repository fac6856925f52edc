"""The ``cwatch`` command line: a thin layer over :mod:`coalition_watch.api`."""

from __future__ import annotations

import importlib.util
import sys

import typer


def _load_on_first_use(name: str) -> None:
    """Register module ``name`` so that its code runs at the first attribute access, not at import:
    the store and knowledge-base API (DuckDB, pydantic, the KB loader) cost a few tenths of a second
    that commands which never open the store (``risk``, ``backtest``, ``--help``) need not pay."""
    if name in sys.modules:
        return
    spec = importlib.util.find_spec(name)
    spec.loader = importlib.util.LazyLoader(spec.loader)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    parent, _, child = name.rpartition(".")
    setattr(sys.modules[parent], child, module)


_load_on_first_use("coalition_watch.api")

from .. import __version__, api  # noqa: E402
from ..errors import CoalitionWatchError  # noqa: E402
from . import actors, cases, evaluate, extract, ingest, kb, network, outputs, risk  # noqa: E402
from .common import DbOption, JsonOption, console, error_message, print_json  # noqa: E402

app = typer.Typer(
    name="cwatch", no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
    help="Coalition Watch: armed-group coalitions, their relations with evidence, and early warning.")
app.add_typer(kb.app, name="kb")
app.add_typer(actors.app, name="actors")
app.add_typer(cases.app, name="cases")
app.add_typer(evaluate.app, name="eval")
app.command("ingest")(ingest.ingest)
app.add_typer(ingest.events_app, name="events")
network.register(app)
app.command("extract")(extract.extract)
app.add_typer(extract.review_app, name="review")
risk.register(app)
app.command("brief")(outputs.brief)
app.command("serve")(outputs.serve)
app.command("export")(outputs.export)


@app.command("init")
def init(db: DbOption = None, json_out: JsonOption = False) -> None:
    """Create or migrate the store and load the embedded knowledge base. Example: cwatch init --db my.duckdb"""
    store = api.init_store(db)
    summary = api.load_kb(store)
    if json_out:
        print_json({"store": str(store.path), "schema_version": store.schema_version(), "actors": summary.actors,
                    "relations": summary.relations, "cases": summary.cases})
        return
    console.print(f"store {store.path} at schema version {store.schema_version()}: "
                  f"{summary.actors} actors, {summary.relations} relations, {summary.cases} cases")


@app.command("version")
def version() -> None:
    """Print the version."""
    console.print(__version__)


def main() -> None:
    """Entry point: run the app. Library errors and usage errors (a bad choice, a missing option)
    become one line on stderr and exit code 2; ``--help`` and bare group commands print help."""
    try:
        code = app(standalone_mode=False)
    except CoalitionWatchError as exc:
        sys.stderr.write(f"error: {error_message(exc)}\n")
        sys.exit(2)
    except Exception as exc:
        # Typer ships its own copy of Click, so its exceptions are recognised by their shape
        # (as Typer itself does) rather than imported from a private module.
        kind = type(exc).__name__
        if kind == "NoArgsIsHelpError":  # a bare group: Typer has printed its help
            sys.exit(exc.exit_code)
        if kind == "Abort":
            sys.stderr.write("aborted\n")
            sys.exit(1)
        if not (hasattr(exc, "format_message") and isinstance(getattr(exc, "exit_code", None), int)):
            raise
        sys.stderr.write(f"error: {usage_error_line(exc)}\n")
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


def usage_error_line(exc: Exception) -> str:
    """One line for a command-line usage error, with the help command to try."""
    message = " ".join(exc.format_message().split())
    ctx = getattr(exc, "ctx", None)
    if ctx is not None and ctx.command.get_help_option(ctx) is not None:
        message += f" (see '{ctx.command_path} {ctx.help_option_names[0]}')"
    return message
