"""Edges derived from event data, kept apart from curated relations (origin ``event``/``inferred``).

Three signals, each aggregated per actor pair and calendar month:

* ``co_side`` (+): two actors listed on the same side of one event — several groups on one side
  of a GED event, an ACLED actor and its associated actors, GTD ``gname`` with ``gname2/3``.
  ``associated`` names are taken to be on side A, as ACLED and GTD record them.
* ``fought`` (−): two actors on opposite sides of a state-based or non-state event (GED
  ``type_of_violence`` 1 or 2); one-sided violence against civilians gives no edge.
* ``common_enemy`` (+, *inferred*): two non-state actors that fought the same government (an
  actor of kind ``state``/``state_force``) in the same admin1 region in the same month, whether or
  not in the same event. It is a weak hint of coordination, never evidence of an alliance.

Weight of an aggregated edge with ``n`` events: ``w = cap × min(1, log(1+n) / log(1+n_sat))`` with
(cap, n_sat) = (0.5, 10) for co-side, (0.6, 5) for fought, (0.2, 10) for common enemy, so a single
event never outweighs a curated relation (weight = its confidence, 0.5–0.9).

Names an ingest could not resolve stay in the graph as ``name:<lower-case name>`` nodes when
``include_unresolved`` is set, so unresolved coalition partners are not silently dropped.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from collections import defaultdict
from itertools import combinations

import pandas as pd

from ..store import Store
from .graph import EDGE_COLUMNS, empty_edges

#: event-derived edge type -> (sign, cap weight, saturation count, confidence, origin)
EVENT_EDGE_TYPES = {
    "co_side": (1, 0.5, 10, 0.6, "event"),
    "fought": (-1, 0.6, 5, 0.7, "event"),
    "common_enemy": (1, 0.2, 10, 0.3, "inferred"),
}

_VIOLENCE = {"1": 1, "1.0": 1, "state-based": 1, "state_based": 1, "state": 1,
             "2": 2, "2.0": 2, "non-state": 2, "non_state": 2, "battles": 2,
             "3": 3, "3.0": 3, "one-sided": 3, "one_sided": 3, "violence against civilians": 3}

EVENT_COLUMNS = ("id", "dataset", "date_start", "country", "admin1", "violence_type", "side_a",
                 "side_b", "side_a_names", "side_b_names", "unresolved", "associated", "deaths_best")


def violence_code(value: object) -> int | None:
    """1 state-based, 2 non-state, 3 one-sided, from GED codes or their names; None if unknown."""
    if value is None:
        return None
    return _VIOLENCE.get(str(value).strip().lower())


def read_events(store: Store, *, start: object | None = None, end: object | None = None,
                countries: list[str] | None = None) -> pd.DataFrame:
    """Events from the store's ``events`` table with the columns event edges need."""
    where, params = ["date_start IS NOT NULL"], []
    if start is not None:
        where.append("date_start >= ?")
        params.append(start)
    if end is not None:
        where.append("date_start <= ?")
        params.append(end)
    if countries:
        where.append("country IN (SELECT unnest(?))")
        params.append(countries)
    sql = f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE {' AND '.join(where)}"
    return store.con.execute(sql, params).df()


def _as_list(value) -> list:
    """A list column's value as a list: NULL (None or NaN from the frame) becomes []."""
    if value is None or isinstance(value, float):
        return []
    return list(value)


def _side(ids, names, unresolved: set[str], include_unresolved: bool) -> list[str]:
    nodes = list(dict.fromkeys(ids if ids is not None else []))
    if include_unresolved and names is not None:
        for name in names:
            if name in unresolved:
                nodes.append("name:" + name.strip().lower())
    return list(dict.fromkeys(nodes))


def _weight(kind: str, n: int) -> float:
    _, cap, saturation, _, _ = EVENT_EDGE_TYPES[kind]
    return cap * min(1.0, math.log1p(n) / math.log1p(saturation))


def event_edges(events: pd.DataFrame, *, state_ids: set[str], include_unresolved: bool = True,
                common_enemy: bool = True, max_evidence_ids: int = 5) -> pd.DataFrame:
    """Aggregated event-derived edges (one row per pair, type and month) from an events frame.

    ``state_ids`` are actors of kind state or state_force: the governments for the
    common-enemy signal.
    """
    if events is None or events.empty:
        return empty_edges()
    agg: dict[tuple, list] = defaultdict(lambda: [0, 0.0, [], set()])
    against_gov: dict[tuple, dict[str, list]] = defaultdict(lambda: defaultdict(lambda: [0, 0.0, []]))

    def add(kind, a, b, month, deaths, event_id, dataset):
        key = (kind, *sorted((a, b)), month)
        row = agg[key]
        row[0] += 1
        row[1] += deaths
        if len(row[2]) < max_evidence_ids:
            row[2].append(str(event_id))
        row[3].add(dataset)

    cols = [events[c].tolist() for c in EVENT_COLUMNS]
    for (eid, dataset, day, country, admin1, vtype, sa, sb, sa_names, sb_names, unres, assoc,
         deaths) in zip(*cols):
        sa, sb, sa_names, sb_names, assoc = map(_as_list, (sa, sb, sa_names, sb_names, assoc))
        unresolved = set(_as_list(unres))
        side_a = _side(sa, sa_names, unresolved, include_unresolved)
        side_b = _side(sb, sb_names, unresolved, include_unresolved)
        if assoc is not None and len(assoc):
            side_a = list(dict.fromkeys(side_a + [
                "name:" + x.strip().lower() if x in unresolved else x
                for x in assoc if include_unresolved or x not in unresolved]))
        day = day.date() if hasattr(day, "date") else day
        month = dt.date(day.year, day.month, 1)
        deaths = 0.0 if deaths is None or deaths != deaths else float(deaths)
        code = violence_code(vtype)
        for side in (side_a, side_b):
            for a, b in combinations(side, 2):
                add("co_side", a, b, month, deaths, eid, dataset)
        if code in (1, 2):
            for a in side_a:
                for b in side_b:
                    if a != b:
                        add("fought", a, b, month, deaths, eid, dataset)
        if common_enemy and code == 1:
            for gov_side, other in ((side_a, side_b), (side_b, side_a)):
                govs = [g for g in gov_side if g in state_ids]
                for gov in govs:
                    for group in other:
                        if group not in state_ids:
                            slot = against_gov[(gov, country, admin1, month)][group]
                            slot[0] += 1
                            slot[1] += deaths
                            if len(slot[2]) < max_evidence_ids:
                                slot[2].append(str(eid))
    if common_enemy:
        for (gov, country, admin1, month), groups in against_gov.items():
            for a, b in combinations(sorted(groups), 2):
                key = ("common_enemy", a, b, month)
                row = agg[key]
                n = min(groups[a][0], groups[b][0])
                row[0] += n
                row[1] += groups[a][1] + groups[b][1]
                if len(row[2]) < max_evidence_ids:
                    row[2].extend((groups[a][2] + groups[b][2])[: max_evidence_ids - len(row[2])])
                row[3].add(f"against {gov} in {admin1 or country}")
    rows = []
    for (kind, a, b, month), (n, deaths, ids, datasets) in agg.items():
        sign, _, _, confidence, origin = EVENT_EDGE_TYPES[kind]
        last = dt.date(month.year, month.month, calendar.monthrange(month.year, month.month)[1])
        rows.append({
            "source": a, "target": b, "type": kind, "sign": sign, "directed": False,
            "start": month.toordinal(), "end": last.toordinal(), "confidence": confidence,
            "weight": _weight(kind, n), "origin": origin,
            "provenance": f"{kind} from {', '.join(sorted(datasets))}",
            "sources": sorted(datasets), "evidence": f"{n} event(s), e.g. {', '.join(ids)}",
            "relation_id": None, "events": n, "fatalities": deaths, "start_precision": "month"})
    return pd.DataFrame(rows, columns=list(EDGE_COLUMNS))
