"""Briefing outputs on the embedded knowledge base and UCDP GED Syria 2018-2019: coalition strength
shown as missing (not 0) for a country without events; members' sponsors read by the sponsor's
active period; the PNG/SVG picture without the groups inactive at the date."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from rich.console import Console

from coalition_watch import api
from coalition_watch.outputs import parts
from coalition_watch.outputs.briefing import build_briefing
from coalition_watch.outputs import exports
from coalition_watch.outputs.html import render_briefing_file
from coalition_watch.outputs.terminal import print_briefing
from .conftest import kb_store_with_ged

NO_EVENTS = "n/a — no events loaded"


@pytest.fixture(scope="module")
def store(tmp_path_factory, shared):
    """As `cwatch init` and `cwatch ingest ucdp-ged ged_syria_2018_2019.csv` leave it: no Afghan events."""
    store = kb_store_with_ged(tmp_path_factory.mktemp("kb"), shared, "ged_syria_2018_2019.csv")
    yield store
    store.close()


def _coalitions_table(html: str) -> str:
    start = html.index('id="coalitions-table"')
    return html[start:html.index("</table>", start)]


@pytest.mark.skipif(parts.load(parts.NETWORK) is None, reason="network analytics not installed")
def test_briefing_shows_missing_event_figures_as_n_a_not_zero(store):
    b = build_briefing(store, "AFG", "2021-08-15", use=("network",))
    assert b.sections["map"].status == "missing"  # "no event data loaded for AFG"
    coalitions = b.sections["graph"].data["coalitions"]
    taliban = next(c for c in coalitions if "taliban" in c["members"])
    assert taliban["measures"]["events"] is None and taliban["measures"]["fatalities"] is None
    table = _coalitions_table(render_briefing_file(b))
    assert NO_EVENTS in table and "<td>0</td><td>0.0</td>" not in table and "None" not in table
    console = Console(record=True, width=200)
    print_briefing(b, console)
    text = console.export_text()
    assert NO_EVENTS in text
    assert taliban["events_loaded"] is False

    syr = build_briefing(store, "SYR", "2019-06-30", use=("network",))
    loaded = syr.sections["graph"].data["coalitions"]
    assert loaded and all(isinstance(c["measures"]["events"], int) for c in loaded)
    assert all(c["events_loaded"] for c in loaded)
    assert NO_EVENTS not in _coalitions_table(render_briefing_file(syr))


@pytest.fixture()
def open_sponsorship(tmp_path):
    """The embedded KB plus an analyst's relation without an end: the Assad government (active to
    2024-12-08) supporting Hezbollah from 2006."""
    store = api.init_store(tmp_path / "s.duckdb")
    api.load_kb(store)
    with store.transaction() as con:
        con.execute(
            "INSERT INTO relations (id, source_id, target_id, type, sign, directed, valid_from, valid_from_date, "
            "confidence, status, provenance, sources, evidence, note) VALUES ('rel-analyst-syr-hezbollah', "
            "'syr-government', 'hezbollah', 'state_support', 1, true, '2006', ?, 0.8, 'accepted', 'analyst', [], "
            "'Arms transit through Syria to Hezbollah', '')", [dt.date(2006, 1, 1)])
    yield store
    store.close()


def test_members_sponsors_leave_out_a_state_no_longer_active(open_sponsorship):
    before = build_briefing(open_sponsorship, "LBN", "2024-06-30", use=())
    members = {m["id"]: m for m in before.sections["members"].data}
    assert "syr-government" in {s["id"] for s in members["hezbollah"]["sponsors"]}  # still in power then
    after = build_briefing(open_sponsorship, "LBN", "2025-06-30", use=())
    members = {m["id"]: m for m in after.sections["members"].data}
    sponsors = {s["id"] for s in members["hezbollah"]["sponsors"]}
    assert "syr-government" not in sponsors and "iran" in sponsors  # fell 2024-12-08; Iran stays


def test_picture_export_leaves_out_groups_inactive_at_the_date(store):
    import html

    import matplotlib
    b = build_briefing(store, "AFG", "2021-08-15", use=())
    graph, members = b.sections["graph"].data, b.sections["members"].data
    inactive = {n["id"]: n["name"][:28] for n in graph["nodes"] if n.get("active") is False}
    assert set(inactive) & {n["id"] for n in graph["nodes"] if n["core"]}  # groups of the country that ended
    with matplotlib.rc_context({"svg.fonttype": "none"}):  # labels as text, to read them back
        svg = html.unescape(exports.export_bytes(graph, members, "svg").decode())
    labels = set(re.findall(r"<text[^>]*>([^<]*)</text>", svg))
    assert "Taliban (Islamic Emirate of A" in labels or any(t.startswith("Taliban") for t in labels)
    assert not labels & set(inactive.values()), labels & set(inactive.values())
    assert exports.export_bytes(graph, members, "png")[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_no_events_wording_is_written_once():
    """:data:`coalition_watch.vocabulary.NO_EVENTS` is the one place: the CLI and the terminal
    briefing import it, the templates read it as a Jinja global."""
    from pathlib import Path

    import coalition_watch
    from coalition_watch import vocabulary
    from coalition_watch.cli import network
    from coalition_watch.outputs.html import environment

    assert vocabulary.NO_EVENTS == NO_EVENTS and network.NO_EVENTS is vocabulary.NO_EVENTS
    assert environment().from_string("<td>{{ NO_EVENTS }}</td>").render() == f"<td>{NO_EVENTS}</td>"
    package = Path(coalition_watch.__file__).parent
    holders = [str(p.relative_to(package)) for p in sorted(package.rglob("*"))
               if p.suffix in (".py", ".html") and "no events loaded" in p.read_text(encoding="utf-8")]
    assert holders == ["vocabulary.py"]
