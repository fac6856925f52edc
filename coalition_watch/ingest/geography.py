"""Country codes and national capitals.

Country names from event datasets become ISO 3166-1 alpha-3 codes through
:func:`coalition_watch.countries.to_iso3` (pycountry plus the historical and local spellings that
UCDP, ACLED and GTD use: "Myanmar (Burma)", "DR Congo (Zaire)", "Yemen (North Yemen)"). Capitals with coordinates are
facts kept in ``coalition_watch/data/capitals.csv`` (one row per state; ``fips`` is the FIPS 10-4
code GDELT uses for countries). GDELT's FIPS 10-4 country codes map to ISO3 through the complete
code table ``coalition_watch/data/fips10_4.csv`` (its source is named in its header).
"""

from __future__ import annotations

import csv
import math
from functools import lru_cache
from importlib import resources

import pandas as pd

from ..countries import to_iso3


def country_iso3(name: str | None) -> str | None:
    """ISO3 code of a country name (None when unknown or empty); see :func:`coalition_watch.countries.to_iso3`."""
    return to_iso3(str(name)) if name is not None else None


@lru_cache(maxsize=1)
def capitals() -> pd.DataFrame:
    """National capitals: iso3, fips, country, capital, lat, lon (one row per state)."""
    with resources.files("coalition_watch").joinpath("data/capitals.csv").open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    frame = pd.DataFrame(rows)
    frame["lat"] = frame["lat"].astype(float)
    frame["lon"] = frame["lon"].astype(float)
    return frame


@lru_cache(maxsize=1)
def fips_codes() -> dict[str, tuple[str | None, str]]:
    """Every FIPS 10-4 country code → (its ISO3 code, None for an area ISO 3166 does not list as a
    country such as the Spratly Islands; its name), from ``data/fips10_4.csv``."""
    with resources.files("coalition_watch").joinpath("data/fips10_4.csv").open(encoding="utf-8") as fh:
        rows = csv.DictReader(line for line in fh if not line.startswith("#"))
        return {r["fips"]: (r["iso3"] or None, r["name"]) for r in rows}


@lru_cache(maxsize=1)
def fips_to_iso3() -> dict[str, str]:
    """FIPS 10-4 country code (GDELT) → ISO3, for the codes of ISO 3166 countries."""
    return {code: iso3 for code, (iso3, _) in fips_codes().items() if iso3}


EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km: 2R·asin(√(sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2))), R = 6371.0088 km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
