"""Country names and codes: ISO 3166-1 alpha-3 from the names used by conflict datasets."""

from __future__ import annotations

import re
from functools import lru_cache

import pycountry

#: Names used by UCDP, ACLED, GTD and the press that pycountry does not know, with their ISO3 code.
#: Historical states map to the code of the state that continues them in UCDP's own usage.
NAME_VARIANTS = {
    "russia": "RUS", "soviet union": "RUS", "ussr": "RUS", "dr congo": "COD", "drc": "COD",
    "democratic republic of congo": "COD", "democratic republic of the congo": "COD", "zaire": "COD",
    "congo brazzaville": "COG", "republic of congo": "COG", "republic of the congo": "COG",
    "ivory coast": "CIV", "cote divoire": "CIV", "turkey": "TUR", "turkiye": "TUR",
    "bosnia herzegovina": "BIH", "bosnia and herzegovina": "BIH", "macedonia": "MKD",
    "macedonia fyr": "MKD", "north macedonia": "MKD", "myanmar": "MMR", "burma": "MMR",
    "cape verde": "CPV", "swaziland": "SWZ", "eswatini": "SWZ", "east timor": "TLS",
    "timor leste": "TLS", "yemen": "YEM", "north yemen": "YEM", "south yemen": "YEM",
    "serbia": "SRB", "yugoslavia": "SRB", "cambodia": "KHM", "kampuchea": "KHM",
    "vietnam": "VNM", "north vietnam": "VNM", "laos": "LAO", "iran": "IRN", "syria": "SYR",
    "palestine": "PSE", "kosovo": "XKX", "somaliland": "SOL", "taiwan": "TWN",
    "south korea": "KOR", "north korea": "PRK", "tanzania": "TZA", "bolivia": "BOL",
    "venezuela": "VEN", "moldova": "MDA", "united states": "USA", "usa": "USA", "us": "USA",
    "united states of america": "USA", "uk": "GBR", "great britain": "GBR", "britain": "GBR",
    "gambia": "GMB", "the gambia": "GMB", "brunei": "BRN", "vatican": "VAT", "micronesia": "FSM",
    "czechoslovakia": "CZE", "czech republic": "CZE", "german federal republic": "DEU",
    "west germany": "DEU", "south sudan": "SSD", "sudan": "SDN", "libya": "LBY",
}


def _key(name: str) -> str:
    text = re.sub(r"\([^)]*\)", " ", name.casefold())
    text = re.sub(r"[^a-z ]+", " ", text.replace("ô", "o").replace("'", ""))
    return " ".join(text.split())


@lru_cache(maxsize=4096)
def to_iso3(name: str | None) -> str | None:
    """ISO 3166-1 alpha-3 code for a country name or code, or None when unknown.

    Tries the name as given, then without a parenthesised part ("DR Congo (Zaire)"), against
    pycountry and a table of dataset-specific variants (:data:`NAME_VARIANTS`).
    """
    if not name or not name.strip():
        return None
    raw = name.strip()
    if len(raw) == 3 and raw.isupper() and (raw in NAME_VARIANTS.values()
                                            or pycountry.countries.get(alpha_3=raw)):
        return raw
    for candidate in (raw, re.sub(r"\s*\([^)]*\)", "", raw).strip()):
        key = _key(candidate)
        if key in NAME_VARIANTS:
            return NAME_VARIANTS[key]
        try:
            return pycountry.countries.lookup(candidate).alpha_3
        except LookupError:
            continue
    return None


def country_name(iso3: str) -> str:
    """Common English name of an ISO3 country code (the code itself when unknown)."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return iso3
    return getattr(country, "common_name", None) or country.name
