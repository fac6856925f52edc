"""On-disk cache of monthly coalition timelines, keyed on a digest of everything they depend on.

A timeline depends on the graph's edges (curated, accepted and event-derived), the actors, lineage
and cases, the events located in the country, the detection parameters and the month range. The
digest covers all of them, so any change to the store gives a new key and a stale timeline is
never read. Files live next to the store (``<store>.network-cache/``); in-memory stores are not
cached on disk.
"""

from __future__ import annotations

import hashlib
import pickle
from pathlib import Path

import pandas as pd

from ..store import Store
from .graph import TemporalSignedGraph

#: bump when the timeline's content or the detection code changes meaning
CACHE_VERSION = 1
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


def load(folder: Path | None, key: str):
    """The cached object for ``key``, or None (missing or unreadable file)."""
    if folder is None:
        return None
    path = folder / f"timeline-{key}.pkl"
    if not path.is_file():
        return None
    try:
        with open(path, "rb") as fh:
            return pickle.load(fh)
    except Exception:  # a truncated or foreign file is a cache miss
        return None


def save(folder: Path | None, key: str, value) -> None:
    """Write ``value`` for ``key`` (atomically); failures to write only cost speed."""
    if folder is None:
        return
    try:
        folder.mkdir(parents=True, exist_ok=True)
        tmp = folder / f".timeline-{key}.tmp"
        with open(tmp, "wb") as fh:
            pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(folder / f"timeline-{key}.pkl")
    except OSError:
        pass
