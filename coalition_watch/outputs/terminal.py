"""The terminal form of a briefing: a few Rich tables and the status of every section."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..vocabulary import NO_EVENTS
from .briefing import Briefing

STATUS_STYLE = {"live": "green", "fallback": "yellow", "missing": "red"}


def percent(value) -> str:
    """A probability as a percentage with two decimals ("1.40%"), or "n/a"."""
    return f"{value:.2%}" if isinstance(value, (int, float)) else "n/a"


def print_briefing(briefing: Briefing, console: Console, *, top: int = 12) -> None:
    """Print the headline, section status, leading members, sanctuary and latest changes."""
    b = briefing
    case = f" · case {b.case['id']} ({b.case['outcome'].replace('_', ' ')} {b.case['date']})" if b.case else ""
    console.print(Text.assemble("\n", (f"{b.country_name} ({b.country})", "bold"), f" as of {b.as_of}{case}"))
    status = Table("section", "status", "note", title="Sections", show_lines=False)
    for s in b.sections.values():
        status.add_row(s.title, Text(s.status, style=STATUS_STYLE[s.status]), s.message or "")
    console.print(status)
    graph = b.sections["graph"].data or {"nodes": [], "edges": []}
    active = [e for e in graph["edges"] if e.get("active")]
    console.print(f"graph: {len(graph['nodes'])} actors, {len(active)} relations active "
                  f"({len(graph['edges'])} over time)")
    for c in graph.get("coalitions") or []:
        m = c.get("measures") or {}
        figures = (f"events {c.get('events_note') or NO_EVENTS}" if m.get("events") is None else
                   f"{m['events']:,} events, {m.get('fatalities') or 0:,.0f} fatalities")
        size = c.get("members_listed", c["size"])
        others = c.get("members_not_listed") or []
        extra = (f" (+{len(others)} not in the Members table: "
                 + "; ".join(f"{o['name']} — {o['reason']}" for o in others) + ")") if others else ""
        console.print(f"coalition {c['label']} ({c['id']}): {size} member{'' if size == 1 else 's'}{extra}, {figures}", markup=False)
    members = b.sections["members"].data or []
    if members:
        table = Table("group", "coalition", "ideology", "origin", "sponsors", "foreign fighters",
                      title=f"Members (top {min(top, len(members))} of {len(members)})")
        for m in members[:top]:
            table.add_row(m["name"], m["coalition"] or "", ", ".join(m["ideology"]), m["origin"] or "",
                          ", ".join(s["name"] for s in m["sponsors"]),
                          ", ".join(f["name"] for f in m["foreign_fighters"]))
        console.print(table)
    risk = b.sections["risk"]
    if risk.status == "live":
        latest, threshold = risk.data.get("latest_score"), risk.data.get("threshold")
        alarm = (f"; alarm: above {threshold:.2%}" if risk.data.get("alarm") else f"; no alarm (threshold {threshold:.2%})") \
            if isinstance(threshold, (int, float)) else ""
        console.print(f"risk of a fall within {risk.data.get('horizon')} months, {risk.data.get('latest_month', '')}: "
                      f"{percent(latest)} (rank {risk.data.get('latest_rank')}{alarm})"
                      + "".join(f"\n  · {r.get('text') or r.get('feature')}" for r in risk.data.get("reasons", [])),
                      markup=False)
    timeline = b.sections["timeline"].data or []
    if timeline:
        table = Table("date", "what", "", title="Latest changes")
        for item in timeline[:top]:
            table.add_row(str(item["date"]) + (" (year)" if item.get("precision") == "year" else ""),
                          item["kind"], item["text"][:110])
        console.print(table)
