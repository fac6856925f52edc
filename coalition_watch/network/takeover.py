"""After a takeover: sanctuary for foreign groups in the fallen country, and contagion abroad.

*Sanctuary*: after a ``fall`` case in a country, groups that the winners host or support there —
explicit ``sanctuary`` relations from a winner, and ``support``, ``alliance`` or
``foreign_fighters`` ties between a winner and a group whose origin is another country — in force
after the fall date.
Winners are the case's coalition plus its lineage successors (the Taliban succeeded the Islamic
Republic's government as the authority of Afghanistan).

*Contagion*: positive relations (pledges, alliances, support, and, when the vocabulary has them,
celebrations, visits and emulation claims) that start on or after a fall, between a winner and a
group based in another country.
"""

from __future__ import annotations

import datetime as dt

from ..models import Case
from .graph import OPEN_END, TemporalSignedGraph, to_date

SANCTUARY_TYPES = ("sanctuary", "support", "alliance", "foreign_fighters", "state_support")
CONTAGION_TYPES = ("pledge", "alliance", "support", "foreign_fighters", "celebration", "visit", "emulation")


def winners(net: TemporalSignedGraph, case: Case) -> set[str]:
    """The case's coalition and the actors that succeeded its government (lineage ``succeeded``)."""
    won = set(case.coalition)
    for link in net.lineage:
        if link.type == "succeeded" and link.from_id in case.government:
            won.add(link.to_id)
    return won


def falls_in(net: TemporalSignedGraph, country: str, after: object | None = None) -> list[Case]:
    """Fall cases in ``country`` (ISO3), on or after ``after`` if given — or the latest before it."""
    cases = [c for c in net.cases if c.outcome == "fall" and c.country == country.upper()]
    if after is None:
        return cases
    when = to_date(after)
    later = [c for c in cases if to_date(c.date) >= when]
    earlier = [c for c in cases if to_date(c.date) < when]
    return later or earlier[-1:]


def _edge_view(net: TemporalSignedGraph, row: dict) -> dict:
    return {"source": row["source"], "target": row["target"], "type": row["type"],
            "from": dt.date.fromordinal(int(row["start"])).isoformat(),
            "to": None if row["end"] >= OPEN_END else dt.date.fromordinal(int(row["end"])).isoformat(),
            "confidence": row["confidence"], "origin": row["origin"], "sources": list(row["sources"] or []),
            "evidence": row["evidence"]}


def sanctuary(net: TemporalSignedGraph, country: str, after: object) -> list[dict]:
    """Foreign-origin groups hosted or supported in ``country`` by the winners of its fall."""
    out = []
    for case in falls_in(net, country, after):
        won = winners(net, case)
        fall_day = max(to_date(case.date), to_date(after)).toordinal()
        edges = net.edges[(net.edges["end"] >= fall_day) & net.edges["type"].isin(SANCTUARY_TYPES)]
        hosted: dict[str, dict] = {}
        for row in edges.to_dict("records"):
            for host, guest in ((row["source"], row["target"]), (row["target"], row["source"])):
                if host not in won or guest in won:
                    continue
                if row["directed"] and host != row["source"] and row["type"] != "foreign_fighters":
                    continue
                actor = net.actors.get(guest)
                foreign = bool(actor and actor.origin and actor.origin != case.country)
                if actor is None or actor.kind in ("state", "state_force") or \
                        not (foreign or row["type"] == "sanctuary"):
                    continue
                entry = hosted.setdefault(guest, {"actor_id": guest, "name": actor.name, "origin": actor.origin,
                                                  "foreign_origin": foreign, "case": case.id, "host": set(),
                                                  "relations": []})
                entry["host"].add(host)
                entry["relations"].append(_edge_view(net, row))
        for entry in hosted.values():
            entry["host"] = sorted(entry["host"])
            entry["sanctuary_explicit"] = any(r["type"] == "sanctuary" for r in entry["relations"])
            entry["sources"] = sorted({s for r in entry["relations"] for s in r["sources"]})
            out.append(entry)
    return sorted(out, key=lambda e: (not e["sanctuary_explicit"], e["actor_id"]))


def contagion(net: TemporalSignedGraph, since: object, *, until: object | None = None) -> list[dict]:
    """New positive ties with a recent winner by groups based outside the fallen country."""
    since_d = to_date(since)
    until_d = to_date(until, end=True) if until is not None else dt.date.max
    out = []
    for case in net.cases:
        if case.outcome != "fall":
            continue
        fall = to_date(case.date)
        if fall > until_d:
            continue
        won = winners(net, case)
        start_floor = max(fall, since_d).toordinal()
        edges = net.edges[(net.edges["start"] >= start_floor) & (net.edges["start"] <= until_d.toordinal())
                          & net.edges["type"].isin(CONTAGION_TYPES) & (net.edges["sign"] > 0)]
        for row in edges.to_dict("records"):
            ends = {row["source"], row["target"]}
            winner = ends & won
            other = ends - won
            if not winner or len(other) != 1:
                continue
            guest = next(iter(other))
            actor = net.actors.get(guest)
            based = set(actor.operates_in or []) | ({actor.origin} if actor and actor.origin else set()) if actor else set()
            if actor is None or actor.kind in ("state",) or (based and based <= {case.country}):
                continue
            out.append({"case": case.id, "fallen_country": case.country, "winner": sorted(winner)[0],
                        "actor_id": guest, "name": actor.name, "based_in": sorted(based - {case.country}),
                        **_edge_view(net, row)})
    return sorted(out, key=lambda r: (r["from"], r["case"], r["actor_id"]))
