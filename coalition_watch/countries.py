"""Country names and codes: ISO 3166-1 alpha-3 from the names used by conflict datasets."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import pycountry

#: Names used by UCDP, ACLED, GTD and the press that pycountry does not know, with their ISO3 code.
#: Historical states map to the code of the state that continues them in UCDP's own usage.
NAME_VARIANTS = {
    "russia": "RUS", "soviet union": "RUS", "ussr": "RUS",
    "dr congo": "COD", "drc": "COD", "democratic republic of congo": "COD",
    "democratic republic of the congo": "COD", "zaire": "COD", "congo kinshasa": "COD",
    "congo": "COG", "congo brazzaville": "COG", "republic of congo": "COG", "republic of the congo": "COG",
    "ivory coast": "CIV", "cote d ivoire": "CIV", "cote divoire": "CIV", "turkey": "TUR", "turkiye": "TUR",
    "bosnia herzegovina": "BIH", "bosnia and herzegovina": "BIH", "macedonia": "MKD",
    "macedonia fyr": "MKD", "fyr macedonia": "MKD", "north macedonia": "MKD", "myanmar": "MMR",
    "burma": "MMR", "cape verde": "CPV", "swaziland": "SWZ", "eswatini": "SWZ",
    "kingdom of eswatini": "SWZ", "east timor": "TLS", "timor leste": "TLS", "yemen": "YEM",
    "north yemen": "YEM", "south yemen": "YEM", "serbia": "SRB", "yugoslavia": "SRB",
    "cambodia": "KHM", "kampuchea": "KHM", "vietnam": "VNM", "north vietnam": "VNM",
    "south vietnam": "VNM", "laos": "LAO", "iran": "IRN", "syria": "SYR", "palestine": "PSE",
    "west bank and gaza strip": "PSE", "gaza strip": "PSE", "west bank": "PSE", "kosovo": "XKX",
    "somaliland": "SOL", "taiwan": "TWN", "south korea": "KOR", "north korea": "PRK",
    "tanzania": "TZA", "zanzibar": "TZA", "bolivia": "BOL", "venezuela": "VEN", "moldova": "MDA",
    "united states": "USA", "usa": "USA", "us": "USA", "united states of america": "USA",
    "united kingdom": "GBR", "uk": "GBR", "great britain": "GBR", "britain": "GBR",
    "gambia": "GMB", "the gambia": "GMB", "brunei": "BRN", "vatican": "VAT", "micronesia": "FSM",
    "bahamas": "BHS", "western sahara": "ESH", "central african republic": "CAF",
    "czechoslovakia": "CZE", "czech republic": "CZE", "german federal republic": "DEU",
    "west germany": "DEU", "east germany": "DEU", "south sudan": "SSD", "sudan": "SDN",
    "libya": "LBY", "malagasy": "MDG", "rhodesia": "ZWE", "upper volta": "BFA", "dahomey": "BEN",
    "ceylon": "LKA", "hyderabad": "IND", "east pakistan": "BGD",
}


_PARENS = re.compile(r"\s*\(([^()]*)\)\s*")


def _key(name: str) -> str:
    text = unicodedata.normalize("NFKD", name.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return " ".join(re.sub(r"[^a-z]+", " ", text).split())


@lru_cache(maxsize=4096)
def to_iso3(name: str | None) -> str | None:
    """ISO 3166-1 alpha-3 code for a country name or code, or None when unknown.

    Tries the name as given, then without its parenthesised part and the parenthesised former
    name itself ("DR Congo (Zaire)", "Yemen (North Yemen)"), each against a table of the
    historical and local spellings that UCDP, ACLED and GTD use (:data:`NAME_VARIANTS`) and then
    pycountry.
    """
    if not name or not name.strip():
        return None
    raw = name.strip()
    if len(raw) == 3 and raw.isupper() and (raw in NAME_VARIANTS.values()
                                            or pycountry.countries.get(alpha_3=raw)):
        return raw
    candidates = [raw]
    outer = _PARENS.sub(" ", raw).strip()
    if outer != raw:
        candidates += [outer, *_PARENS.findall(raw)]
    for candidate in candidates:
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


def require_iso3(name: str, field: str = "country") -> str:
    """The ISO3 code of a country name or code; an unknown one is an :class:`InputError` naming
    ``field``."""
    from .errors import InputError

    code = to_iso3(name)
    if code is None:
        raise InputError(f"unknown country {name!r} (a name or an ISO3 code such as SDN)", field=field)
    return code
