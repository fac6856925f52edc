"""On-disk cache of monthly coalition timelines, keyed on a digest of everything they depend on.

A timeline depends on the graph's edges (curated, accepted and event-derived), the actors, lineage
and cases, the events located in the country, the detection parameters and the month range. The
digest covers all of them, so any change to the store gives a new key and a stale timeline is
never read. Files live next to the store (``<store>.network-cache/``); in-memory stores are not
cached on disk. Timelines are written as JSON (plain data: reading a cache file never runs code).
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import pandas as pd

from ..store import Store
from .coalitions import CoalitionTrack, Community, Timeline
from .graph import TemporalSignedGraph

#: bump when the timeline's content or the detection code changes meaning
#: (4: a dataset's catch-all actors left out of detection; 5: communities cut into the connected
#: components of their positive ties)
CACHE_VERSION = 5
DIGEST_COLUMNS = ("source", "target", "type", "sign", "start", "end", "weight", "origin")


def graph_digest(net: TemporalSignedGraph) -> str:
    """SHA-256 over the edges' identity columns, the actors, lineage and cases."""
    h = hashlib.sha256()
    edges = net.edges[list(DIGEST_COLUMNS)].astype(str)
    h.update(pd.util.hash_pandas_object(edges, index=False).to_numpy().tobytes())
    for actor in sorted(net.actors.values(), key=lambda a: a.id):
        h.update(actor.model_dump_json().encode())
    for item in [*net.lineage, *net.cases]:
        h.update(item.model_dump_json().encode())
    return h.hexdigest()


def events_digest(store: Store | None, country: str) -> str:
    """Count and order-independent hash of the events located in ``country``."""
    if store is None or not store.count("events"):
        return "no-events"
    row = store.con.execute(
        "SELECT count(*), coalesce(sum(hash(id, date_start, side_a, side_b, unresolved, associated)::HUGEINT), 0) "
        "FROM events WHERE country = ?", [country]).fetchone()
    return f"{row[0]}-{row[1]}"


def cache_dir(store: Store | None) -> Path | None:
    """``<store file>.network-cache/`` beside a file store; None for in-memory stores."""
    if store is None or store.path == ":memory:":
        return None
    path = Path(store.path)
    return path.with_name(path.name + ".network-cache")


def timeline_key(graph_key: str, events_key: str, country: str, first: str, last: str, params: tuple) -> str:
    text = "|".join(map(str, (CACHE_VERSION, graph_key, events_key, country, first, last, params)))
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def timeline_to_dict(timeline: Timeline) -> dict:
    """A timeline as JSON-ready data (tuples and sets become lists)."""
    return {
        "months": list(timeline.months),
        "tracks": [{"id": t.id, "anchor": t.anchor, "members": {m: list(v) for m, v in t.members.items()},
                    "history": t.history, "last_key": sorted(t.last_key), "last_seen": t.last_seen,
                    "closed": t.closed} for t in timeline.tracks.values()],
        "by_month": {month: [[tid, list(c.members), c.positive_weight, c.negative_weight, c.anchor]
                             for tid, c in rows] for month, rows in timeline.by_month.items()},
    }


def timeline_from_dict(data: dict) -> Timeline:
    """The inverse of :func:`timeline_to_dict`."""
    tracks = {t["id"]: CoalitionTrack(t["id"], t["anchor"], {m: tuple(v) for m, v in t["members"].items()},
                                      t["history"], frozenset(t["last_key"]), t["last_seen"], t["closed"])
              for t in data["tracks"]}
    by_month = {month: [(tid, Community(tuple(members), pos, neg, anchor))
                        for tid, members, pos, neg, anchor in rows] for month, rows in data["by_month"].items()}
    return Timeline(tracks, by_month, list(data["months"]))


def load(folder: Path | None, key: str) -> Timeline | None:
    """The cached timeline for ``key``, or None (missing, unreadable or malformed file)."""
    if folder is None:
        return None
    path = folder / f"timeline-{key}.json"
    if not path.is_file():
        return None
    try:
        with open(path, encoding="utf-8") as fh:
            return timeline_from_dict(json.load(fh))
    except Exception:  # a truncated or foreign file is a cache miss
        return None


def save(folder: Path | None, key: str, timeline: Timeline) -> None:
    """Write ``timeline`` for ``key`` (atomically); failures to write only cost speed."""
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".timeline-{key}.{os.getpid()}.tmp"
        with open(tmp, "w", encoding="utf-8") as fh:
            json.dump(timeline_to_dict(timeline), fh, separators=(",", ":"))
        tmp.replace(folder / f"timeline-{key}.json")
    except OSError:
        pass
