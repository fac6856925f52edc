"""Render briefings and web pages with Jinja2 (autoescaped), and write the self-contained file.

Text from documents, the knowledge base and users is always escaped by the templates; data for
the scripts travels as JSON inside ``<script type="application/json">`` with ``<``, ``>`` and
``&`` written as ``\\u003c`` etc., so no string can close the element. Links are only made from
``http``/``https`` URLs (:func:`coalition_watch.store.actors.web_url`).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup

from ..dates import coded_date
from ..errors import CoalitionWatchError
from .briefing import Briefing
from .terminal import percent
from ..files import write_file
from ..store.actors import web_url
from ..vocabulary import NO_EVENTS, RELATION_TYPES

HERE = Path(__file__).parent
TEMPLATES = HERE / "templates"
STATIC = HERE / "static"
VENDOR = STATIC / "vendor"

#: Browser libraries a briefing needs, in load order (copied from npm by ``make vendor``).
BRIEFING_LIBRARIES = ("cytoscape.min.js", "plotly-basic.min.js", "topojson-client.min.js")


class MissingAssetsError(CoalitionWatchError):
    """The vendored browser libraries are not installed."""


def coded_from(tie: dict) -> str:
    """A tie's start as it was coded ('2021-08' for a month), '?' when open."""
    value = tie.get("from")
    if not value:
        return "?"
    return coded_date(str(value), tie.get("from_precision"))


def count_text(value: object) -> str:
    """A count (events, deaths) as a whole number with thousands separators ("3,365", not
    "3365.0"); a fractional value keeps one decimal; None is empty."""
    if value is None:
        return ""
    number = float(value)
    return f"{number:,.0f}" if number.is_integer() else f"{number:,.1f}"


#: a note extraction writes for itself ("cue=including"): kept in the JSON, not shown
_INTERNAL_NOTE = re.compile(r"^\s*\w+=[^;=]*(?:;\s*\w+=[^;=]*)*\s*$")


def internal_note(note: object) -> bool:
    """Whether a relation's note is extraction's own ``key=value; key=value`` record."""
    return bool(note) and bool(_INTERNAL_NOTE.match(str(note)))


def source_anchor(source_id: object) -> str:
    """The HTML id of a source's entry in a briefing's Sources list (``src-`` and the id; white
    space, which an id cannot hold, as ``_``: a citation an analyst gave may have some)."""
    return "src-" + re.sub(r"\s", "_", str(source_id))


def json_script(data: object) -> Markup:
    """JSON safe to place inside a ``<script type="application/json">`` element."""
    text = json.dumps(data, ensure_ascii=False, default=str, separators=(",", ":"))
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    return Markup(text)


def _inline_script(path: Path) -> Markup:
    """A library's source ready to sit inside ``<script>``: ``</script`` cannot end it early."""
    return Markup(path.read_text(encoding="utf-8").replace("</script", "<\\/script"))


def environment() -> Environment:
    """The Jinja environment shared by the briefing file and the web app."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=select_autoescape(default=True),
                      trim_blocks=True, lstrip_blocks=True)
    env.filters["safe_url"] = web_url
    env.filters["source_anchor"] = source_anchor
    env.filters["json_script"] = json_script
    env.filters["label"] = lambda v: str(v or "").replace("_", " ")
    env.filters["coded_from"] = coded_from
    env.globals["NO_EVENTS"] = NO_EVENTS
    env.filters["count_text"] = count_text
    env.filters["percent"] = percent
    env.filters["internal_note"] = internal_note
    env.globals["RELATION_TYPES"] = tuple(RELATION_TYPES)
    return env


_ENV: Environment | None = None


def env() -> Environment:
    global _ENV
    if _ENV is None:
        _ENV = environment()
    return _ENV


def vendor_missing() -> list[str]:
    """Library files a self-contained briefing needs that are not installed."""
    return [name for name in BRIEFING_LIBRARIES if not (VENDOR / name).exists()]


def render_briefing_file(briefing: Briefing) -> str:
    """The briefing as one HTML document with every script, style and datum inlined."""
    missing = vendor_missing()
    if missing:
        raise MissingAssetsError(
            f"browser libraries not installed ({', '.join(missing)} in {VENDOR}) — run 'make vendor' "
            "(npm ci, then copy into the static folder)")
    return env().get_template("briefing_file.html").render(
        b=briefing.to_dict(), css=Markup((STATIC / "briefing.css").read_text(encoding="utf-8")),
        libraries=[_inline_script(VENDOR / name) for name in BRIEFING_LIBRARIES],
        app_js=_inline_script(STATIC / "briefing.js"), inline=True)


def write_briefing_file(briefing: Briefing, path: str | Path) -> Path:
    """Write the self-contained briefing to ``path``; returns the path. ``cwatch brief`` checks
    ``path`` before it builds the briefing; a path where no file can be written is the same
    one-line :class:`InputError` here (from :func:`~coalition_watch.files.write_file`)."""
    return write_file(path, render_briefing_file(briefing))
