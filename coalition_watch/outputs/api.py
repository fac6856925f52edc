"""Python API of the outputs: briefings, the web app, exports. Each ``cwatch`` output command is
one call here.

Example::

    from coalition_watch import api
    from coalition_watch.outputs import api as outputs
    store = api.open_default_store("cwatch.duckdb")
    b = outputs.briefing(store, "AFG", "2021-08-15")
    outputs.write_briefing(b, "afg-2021.html")
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.console import Console

from ..errors import InputError
from ..files import check_writable
from ..store import Store
from .parts import OPTIONAL
from .briefing import Briefing, build_briefing
from .exports import write_export
from .html import write_briefing_file
from .terminal import print_briefing as _print_briefing


def briefing(store: Store, country: str, as_of: str | dt.date | None = None, *,
             skip: tuple[str, ...] = ()) -> Briefing:
    """Every section of the briefing on ``country`` as of ``as_of`` (see :mod:`.briefing`);
    ``skip`` leaves out optional parts (``network``, ``risk``) for speed."""
    unknown = sorted(set(skip) - set(OPTIONAL))
    if unknown:
        raise InputError(f"cannot skip {', '.join(unknown)} (optional parts: {', '.join(OPTIONAL)})", field="skip")
    return build_briefing(store, country, as_of, use=tuple(p for p in OPTIONAL if p not in skip))


def print_briefing(b: Briefing, console: Console) -> None:
    """The terminal summary."""
    _print_briefing(b, console)


def check_output(path: str | Path, field: str | None = "path") -> Path:
    """``path`` if a file can be written there, else a one-line :class:`InputError`; check it
    before building a briefing or an export."""
    return check_writable(path, field)


def write_briefing(b: Briefing, path: str | Path) -> Path:
    """The self-contained offline HTML briefing; a ``path`` where no file can be written is a
    one-line :class:`InputError` (the reason :func:`check_output` gives)."""
    return write_briefing_file(b, path)


def export(store: Store, country: str, as_of: str | dt.date | None, fmt: str, path: str | Path) -> Path:
    """Write the country's graph (GraphML, GEXF, PNG, SVG) or a table (members-csv, relations-csv)."""
    check_writable(path)
    b = build_briefing(store, country, as_of, use=("network",))
    return write_export(b.sections["graph"].data, b.sections["members"].data or [], fmt, path)


def serve(store: Store, *, host: str = "127.0.0.1", port: int = 8765, token: str | None = None) -> None:
    """Run the web app with uvicorn (loopback by default; other hosts need ``token``)."""
    import uvicorn

    from .web import check_bind, create_app
    check_bind(host, token)
    uvicorn.run(create_app(store, token=token), host=host, port=port, log_level="info")
