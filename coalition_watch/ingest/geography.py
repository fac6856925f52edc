"""Country codes and national capitals.

Country names from event datasets become ISO 3166-1 alpha-3 codes through :mod:`pycountry`,
after a short table of the historical or local spellings that UCDP, ACLED and GTD use
("Myanmar (Burma)", "DR Congo (Zaire)", "Yemen (North Yemen)"). Capitals with coordinates are
facts kept in ``coalition_watch/data/capitals.csv`` (one row per state; ``fips`` is the FIPS 10-4
code GDELT uses for countries).
"""

from __future__ import annotations

import csv
import math
import re
from functools import lru_cache
from importlib import resources

import pandas as pd
import pycountry

#: Spellings in UCDP / ACLED / GTD that pycountry does not know, mapped to ISO3.
_NAME_OVERRIDES = {
    "dr congo": "COD", "democratic republic of congo": "COD", "zaire": "COD", "congo kinshasa": "COD",
    "congo": "COG", "republic of congo": "COG", "congo brazzaville": "COG",
    "ivory coast": "CIV", "cote d'ivoire": "CIV", "côte d'ivoire": "CIV",
    "bosnia herzegovina": "BIH", "bosnia-herzegovina": "BIH", "bosnia and herzegovina": "BIH",
    "kingdom of eswatini": "SWZ", "swaziland": "SWZ", "eswatini": "SWZ",
    "russia": "RUS", "soviet union": "RUS", "iran": "IRN", "syria": "SYR", "laos": "LAO",
    "vietnam": "VNM", "north vietnam": "VNM", "south vietnam": "VNM", "burma": "MMR", "myanmar": "MMR",
    "cambodia": "KHM", "kampuchea": "KHM", "north yemen": "YEM", "south yemen": "YEM",
    "yemen": "YEM", "yugoslavia": "SRB", "serbia": "SRB", "macedonia": "MKD", "fyr macedonia": "MKD",
    "tanzania": "TZA", "bolivia": "BOL", "venezuela": "VEN", "moldova": "MDA", "turkey": "TUR",
    "turkiye": "TUR", "türkiye": "TUR", "czech republic": "CZE", "east timor": "TLS", "timor leste": "TLS",
    "palestine": "PSE", "west bank and gaza strip": "PSE", "gaza strip": "PSE", "west bank": "PSE",
    "kosovo": "XKX", "taiwan": "TWN", "south korea": "KOR", "north korea": "PRK", "malagasy": "MDG",
    "rhodesia": "ZWE", "upper volta": "BFA", "dahomey": "BEN", "ceylon": "LKA", "zanzibar": "TZA",
    "hyderabad": "IND", "east pakistan": "BGD", "west germany": "DEU", "east germany": "DEU",
    "united states": "USA", "united states of america": "USA", "united kingdom": "GBR",
    "great britain": "GBR", "cape verde": "CPV", "micronesia": "FSM", "brunei": "BRN",
    "gambia": "GMB", "the gambia": "GMB", "bahamas": "BHS", "western sahara": "ESH",
    "central african republic": "CAF", "south sudan": "SSD", "sudan": "SDN",
}
_PARENS = re.compile(r"\s*\(([^()]*)\)\s*")


def _key(name: str) -> str:
    return re.sub(r"\s+", " ", name.replace("_", " ")).strip().casefold()


@lru_cache(maxsize=4096)
def country_iso3(name: str | None) -> str | None:
    """ISO3 code of a country name (None when unknown or empty).

    Tries the override table, pycountry's exact lookup, then the name without a parenthesised
    former name ("Yemen (North Yemen)" → "Yemen") and the former name itself.
    """
    if not name or not str(name).strip():
        return None
    text = str(name).strip()
    if len(text) == 3 and text.isalpha() and text.isupper() and pycountry.countries.get(alpha_3=text):
        return text
    candidates = [text]
    inner = _PARENS.findall(text)
    outer = _PARENS.sub(" ", text).strip()
    if outer != text:
        candidates += [outer, *inner]
    for candidate in candidates:
        key = _key(candidate)
        if key in _NAME_OVERRIDES:
            return _NAME_OVERRIDES[key]
        try:
            return pycountry.countries.lookup(candidate).alpha_3
        except LookupError:
            continue
    return None


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
def fips_to_iso3() -> dict[str, str]:
    """FIPS 10-4 country code (GDELT) → ISO3."""
    return dict(zip(capitals()["fips"], capitals()["iso3"]))


EARTH_RADIUS_KM = 6371.0088


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in km: 2R·asin(√(sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2))), R = 6371.0088 km."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dphi, dlam = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dphi / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dlam / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(h)))
