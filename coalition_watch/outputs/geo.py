"""Country outlines for the offline map, and capitals.

Outlines come from Natural Earth via the npm ``world-atlas`` package (``countries-50m.json``,
ISC licence), copied into ``static/vendor`` at set-up. A briefing embeds only the country and its
neighbours: :func:`country_topology` cuts a smaller valid TopoJSON out of the world file, keeping
the arcs those shapes use. Province (admin1) outlines are in :mod:`.provinces`.
Capitals come from the ingestion part's table (``coalition_watch/data/capitals.csv``).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

import pycountry

VENDOR_DIR = Path(__file__).parent / "static" / "vendor"
WORLD_FILE = VENDOR_DIR / "countries-50m.json"

@lru_cache(maxsize=1)
def _capitals() -> dict[str, dict]:
    from ..ingest.geography import capitals
    return {row.iso3: {"name": row.capital, "lat": float(row.lat), "lon": float(row.lon)}
            for row in capitals().itertuples() if row.iso3 and row.lat == row.lat}


def capital_of(country: str) -> dict | None:
    """``{"name", "lat", "lon"}`` of a country's capital (the ingestion part's capitals table)."""
    return _capitals().get(country.upper())


def country_name(country: str) -> str:
    """English short name of an ISO3 code (the code itself when unknown)."""
    record = pycountry.countries.get(alpha_3=country.upper())
    return record.name if record else country


def country_names(country: str) -> list[str]:
    """The ISO3 code and the names datasets use for a country, for matching event rows."""
    record = pycountry.countries.get(alpha_3=country.upper())
    if not record:
        return [country]
    names = {country.upper(), record.name, getattr(record, "common_name", record.name),
             getattr(record, "official_name", record.name)}
    return sorted(names)


@lru_cache(maxsize=1)
def _world() -> dict | None:
    if not WORLD_FILE.exists():
        return None
    return json.loads(WORLD_FILE.read_text())


@lru_cache(maxsize=1)
def _arc_bboxes() -> list[tuple[float, float, float, float]]:
    world = _world()
    (sx, sy), (tx, ty) = world["transform"]["scale"], world["transform"]["translate"]
    boxes = []
    for arc in world["arcs"]:
        x = y = 0
        xs, ys = [], []
        for dx, dy in arc:
            x += dx
            y += dy
            xs.append(x * sx + tx)
            ys.append(y * sy + ty)
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def _arc_indices(geometry: dict) -> list[int]:
    arcs = geometry.get("arcs") or []
    if geometry["type"] == "Polygon":
        rings = arcs
    elif geometry["type"] == "MultiPolygon":
        rings = [ring for polygon in arcs for ring in polygon]
    else:
        return []
    return [i if i >= 0 else ~i for ring in rings for i in ring]


def _bbox(geometry: dict) -> tuple[float, float, float, float] | None:
    boxes = [_arc_bboxes()[i] for i in _arc_indices(geometry)]
    if not boxes:
        return None
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))


def _reindex(arcs, mapping: dict[int, int]):
    if isinstance(arcs, int):
        return mapping[arcs] if arcs >= 0 else ~mapping[~arcs]
    return [_reindex(a, mapping) for a in arcs]


def country_topology(country: str, margin: float = 2.0) -> dict | None:
    """A TopoJSON with the country (``properties.focus = true``) and every neighbour whose outline
    comes within ``margin`` degrees of its bounding box; ``None`` if outlines are not installed."""
    world = _world()
    record = pycountry.countries.get(alpha_3=country.upper())
    if world is None or record is None:
        return None
    geometries = world["objects"]["countries"]["geometries"]
    focus = [g for g in geometries if str(g.get("id")) == record.numeric]
    if not focus or _bbox(focus[0]) is None:
        return None
    x0, y0, x1, y1 = _bbox(focus[0])
    x0, y0, x1, y1 = x0 - margin, y0 - margin, x1 + margin, y1 + margin
    def near(box) -> bool:
        return bool(box) and box[0] <= x1 and box[2] >= x0 and box[1] <= y1 and box[3] >= y0

    chosen = []
    for g in geometries:
        if g["type"] == "MultiPolygon":
            parts = [p for p in g["arcs"] if near(_bbox({"type": "Polygon", "arcs": p}))]
            if parts:
                chosen.append({**g, "arcs": parts})
        elif g["type"] == "Polygon" and near(_bbox(g)):
            chosen.append(g)
    used = sorted({i for g in chosen for i in _arc_indices(g)})
    mapping = {old: new for new, old in enumerate(used)}
    out_geometries = [{"type": g["type"], "id": g.get("id"),
                       "properties": {"name": (g.get("properties") or {}).get("name"),
                                      "focus": str(g.get("id")) == record.numeric},
                       "arcs": _reindex(g["arcs"], mapping)} for g in chosen]
    return {"type": "Topology", "transform": world["transform"],
            "bbox": [x0, y0, x1, y1], "focus_bbox": list(_bbox(focus[0])),
            "objects": {"countries": {"type": "GeometryCollection", "geometries": out_geometries}},
            "arcs": [world["arcs"][i] for i in used]}
