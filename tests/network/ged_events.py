"""A small loader for the UCDP GED Syria test files into the store's ``events`` table.

It exists only until the ingestion adapter is merged: side names are split on ', ' (GED lists
coalition members that way), resolved with the KB resolver at the event's date in Syria, and
stored in the canonical event model (unresolved names kept in ``unresolved``).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from coalition_watch.registry.resolver import Resolver
from coalition_watch.store.actors import read_actors, read_lineage

COLUMNS = ["id", "dataset", "version", "source_row_id", "date_start", "date_end", "country", "admin1",
           "violence_type", "side_a", "side_b", "side_a_names", "side_b_names", "unresolved",
           "associated", "deaths_best"]


def load_ged_events(store, paths: list[Path], *, start: str | None = None, end: str | None = None) -> int:
    frame = pd.concat([pd.read_csv(p) for p in paths], ignore_index=True)
    frame["date_start"] = pd.to_datetime(frame["date_start"]).dt.date
    if start:
        frame = frame[frame["date_start"] >= pd.Timestamp(start).date()]
    if end:
        frame = frame[frame["date_start"] <= pd.Timestamp(end).date()]
    resolver = Resolver(read_actors(store), read_lineage(store))
    cache: dict[tuple[str, int], str | None] = {}

    def resolve(name: str, year: int) -> str | None:
        if (name, year) not in cache:
            cache[(name, year)] = resolver.resolve(name, date=f"{year}", country="SYR").actor_id
        return cache[(name, year)]

    rows = []
    for r in frame.itertuples(index=False):
        year = r.date_start.year
        names = {side: [n.strip() for n in str(getattr(r, side)).split(", ") if n.strip()]
                 if isinstance(getattr(r, side), str) else [] for side in ("side_a", "side_b")}
        ids = {side: [resolve(n, year) for n in names[side]] for side in names}
        rows.append({
            "id": f"ged-{int(r.id)}", "dataset": "ucdp-ged", "version": None, "source_row_id": str(int(r.id)),
            "date_start": r.date_start, "date_end": pd.Timestamp(r.date_end).date(), "country": "SYR",
            "admin1": r.adm_1 if isinstance(r.adm_1, str) else None,
            "violence_type": str(int(r.type_of_violence)),
            "side_a": [i for i in ids["side_a"] if i], "side_b": [i for i in ids["side_b"] if i],
            "side_a_names": names["side_a"], "side_b_names": names["side_b"],
            "unresolved": [n for side in names for n, i in zip(names[side], ids[side]) if i is None],
            "associated": [], "deaths_best": float(r.best)})
    events = pd.DataFrame(rows, columns=COLUMNS)
    with store.transaction() as con:
        con.register("_events", events)
        con.execute(f"INSERT INTO events ({', '.join(COLUMNS)}) SELECT {', '.join(COLUMNS)} FROM _events")
        con.unregister("_events")
    return len(events)
