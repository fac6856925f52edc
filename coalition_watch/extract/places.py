"""Places named in text: countries, first-level subdivisions (pycountry), capitals, major cities
and regions that are no subdivision (Darfur, Mindanao); and the countries a text's demonyms point
to ("Sudanese", "Haitian"), which narrow shared names but are not places.

Names are matched case-sensitively on diacritic-folded text with an Aho-Corasick automaton, on word
boundaries, so "Ménaka" and "Menaka" both match and "chad" the verb does not. Each place carries
its ISO 3166-1 alpha-3 country code, which the mention finder uses to narrow shared aliases.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import pycountry

#: Capitals and cities that analysts' texts name often, with their country (ISO3).
CITIES: dict[str, str] = {
    "Kabul": "AFG", "Kandahar": "AFG", "Herat": "AFG", "Jalalabad": "AFG", "Mazar-i-Sharif": "AFG",
    "Kunduz": "AFG", "Islamabad": "PAK", "Peshawar": "PAK", "Quetta": "PAK", "Karachi": "PAK",
    "Lahore": "PAK", "North Waziristan": "PAK", "South Waziristan": "PAK", "Damascus": "SYR",
    "Aleppo": "SYR", "Idlib": "SYR", "Homs": "SYR", "Hama": "SYR", "Raqqa": "SYR", "Deir ez-Zor": "SYR",
    "Daraa": "SYR", "Sweida": "SYR", "Latakia": "SYR", "Baghdad": "IRQ", "Mosul": "IRQ", "Fallujah": "IRQ",
    "Ramadi": "IRQ", "Kirkuk": "IRQ", "Baiji": "IRQ", "Tikrit": "IRQ", "Diyala": "IRQ", "Salahaddin": "IRQ",
    "Bamako": "MLI", "Timbuktu": "MLI", "Gao": "MLI", "Kidal": "MLI", "Menaka": "MLI", "Mopti": "MLI",
    "Ouagadougou": "BFA", "Niamey": "NER", "N'Djamena": "TCD", "Maiduguri": "NGA", "Abuja": "NGA",
    "Borno": "NGA", "Mogadishu": "SOM", "Kismayo": "SOM", "Sanaa": "YEM", "Sana'a": "YEM", "Aden": "YEM",
    "Marib": "YEM", "Taiz": "YEM", "Taaz": "YEM", "Radaa": "YEM", "Radda": "YEM", "Hodeidah": "YEM",
    "Bangui": "CAF", "Kinshasa": "COD", "Goma": "COD", "Khartoum": "SDN", "El Fasher": "SDN",
    "Tripoli": "LBY", "Benghazi": "LBY", "Sirte": "LBY", "Naypyidaw": "MMR", "Yangon": "MMR",
    "Mandalay": "MMR", "Lashio": "MMR", "Shan State": "MMR", "Sagaing": "MMR", "Rakhine": "MMR",
    "Addis Ababa": "ETH", "Mekelle": "ETH", "Tigray": "ETH", "Beirut": "LBN", "Tehran": "IRN",
    "Ankara": "TUR", "Riyadh": "SAU", "Doha": "QAT", "Moscow": "RUS", "Washington": "USA",
    "Tashkent": "UZB", "Dushanbe": "TJK", "Cabo Delgado": "MOZ", "Maputo": "MOZ", "Nairobi": "KEN",
    # regions that are no ISO 3166-2 subdivision, and cities of the theatres covered since
    "Darfur": "SDN", "Kordofan": "SDN", "Omdurman": "SDN", "Port Sudan": "SDN", "Wad Madani": "SDN",
    "El Geneina": "SDN", "Nyala": "SDN", "Juba": "SSD", "Malakal": "SSD", "Bentiu": "SSD",
    "Srinagar": "IND", "Jammu": "IND", "Pahalgam": "IND", "Imphal": "IND", "Guwahati": "IND",
    "Mindanao": "PHL", "Marawi": "PHL", "Manila": "PHL", "Jolo": "PHL", "Jakarta": "IDN", "Poso": "IDN",
    "Port-au-Prince": "HTI", "Cite Soleil": "HTI", "Croix-des-Bouquets": "HTI", "Pétion-Ville": "HTI",
    "Mexico City": "MEX", "Culiacán": "MEX", "Tijuana": "MEX", "Ciudad Juárez": "MEX", "Bogotá": "COL",
    "Catatumbo": "COL", "Medellín": "COL", "Cali": "COL", "Bunia": "COD", "Bukavu": "COD", "Beni": "COD",
    "Butembo": "COD", "Rutshuru": "COD", "Masisi": "COD", "Uvira": "COD", "Djugu": "COD", "Gaza Strip": "PSE",
    "Gaza City": "PSE", "Jenin": "PSE", "Nablus": "PSE", "Tulkarm": "PSE", "Chechnya": "RUS", "Dagestan": "RUS",
    "Ingushetia": "RUS", "Grozny": "RUS", "Makhachkala": "RUS", "Kabardino-Balkaria": "RUS",
    # the two administered parts of Kashmir by the names news agencies use; "Kashmir" alone names
    # the disputed region and no country (the text's other places and demonyms decide)
    "Azad Kashmir": "PAK", "Pakistan-administered Kashmir": "PAK", "Indian-administered Kashmir": "IND",
    "India-administered Kashmir": "IND",
}
#: Demonyms, in a text a hint of the country it concerns ("the Sudanese army", "Indian troops"):
#: they narrow shared names (:func:`demonym_countries`) but are not places.
DEMONYMS: dict[str, str] = {
    "Afghan": "AFG", "Pakistani": "PAK", "Syrian": "SYR", "Iraqi": "IRQ", "Yemeni": "YEM", "Libyan": "LBY",
    "Malian": "MLI", "Burkinabe": "BFA", "Burkinabè": "BFA", "Nigerien": "NER", "Nigerian": "NGA",
    "Chadian": "TCD", "Cameroonian": "CMR", "Somali": "SOM", "Kenyan": "KEN", "Ethiopian": "ETH",
    "Eritrean": "ERI", "Sudanese": "SDN", "Congolese": "COD", "Rwandan": "RWA", "Ugandan": "UGA",
    "Burundian": "BDI", "Mozambican": "MOZ", "Algerian": "DZA", "Tunisian": "TUN", "Egyptian": "EGY",
    "Lebanese": "LBN", "Palestinian": "PSE", "Israeli": "ISR", "Jordanian": "JOR", "Iranian": "IRN",
    "Turkish": "TUR", "Saudi": "SAU", "Indian": "IND", "Bangladeshi": "BGD", "Burmese": "MMR",
    "Filipino": "PHL", "Philippine": "PHL", "Indonesian": "IDN", "Thai": "THA", "Colombian": "COL",
    "Mexican": "MEX", "Haitian": "HTI", "Venezuelan": "VEN", "Chechen": "RUS", "Dagestani": "RUS",
    "Uzbek": "UZB", "Tajik": "TJK",
}
_DEMONYM = re.compile(r"(?<![\w-])(" + "|".join(map(re.escape, sorted(DEMONYMS, key=len, reverse=True))) + r")s?(?![\w-])")
#: Short or common country names not in pycountry's name fields.
COUNTRY_NAMES: dict[str, str] = {
    "Syria": "SYR", "Iran": "IRN", "Russia": "RUS", "Turkey": "TUR", "Türkiye": "TUR", "Burma": "MMR",
    "Ivory Coast": "CIV", "Congo": "COD", "DR Congo": "COD", "DRC": "COD", "Laos": "LAO",
    "Palestine": "PSE", "Gaza": "PSE", "West Bank": "PSE", "Kosovo": "XKX", "United States": "USA",
    "US": "USA", "U.S.": "USA", "UK": "GBR", "Britain": "GBR", "Central African Republic": "CAF",
    "South Sudan": "SSD", "Tanzania": "TZA", "Venezuela": "VEN", "Bolivia": "BOL", "Vietnam": "VNM",
    "North Korea": "PRK", "South Korea": "KOR", "Moldova": "MDA",
}
_COMMON_WORDS = {"Centre", "Central", "North", "South", "East", "West", "Northern", "Southern", "Eastern",
                 "Western", "Capital", "Coast", "Lake", "Island", "Islands", "City", "Border", "Upper",
                 "Lower", "Federal", "Mountain", "River", "Sea", "Valley", "Plateau", "National", "Special"}


@dataclass(frozen=True)
class Place:
    """A place named in a text, with its country."""

    start: int
    end: int
    text: str
    country: str
    kind: str  # country | subdivision | city

    def as_dict(self) -> dict:
        return {"start": self.start, "end": self.end, "text": self.text, "country": self.country,
                "kind": self.kind}


_FOLD_TABLE: dict[int, str] = {}


def _fold_char(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    return base if len(base) == 1 else ch


def _ascii_fold(text: str) -> str:
    """Diacritics removed, case kept, same length (one character for one)."""
    for ch in set(text):
        if ord(ch) not in _FOLD_TABLE:
            _FOLD_TABLE[ord(ch)] = _fold_char(ch)
    return text.translate(_FOLD_TABLE)


@lru_cache(maxsize=1)
def place_automaton() -> ahocorasick.Automaton:
    """The automaton over folded place names (built once per process)."""
    entries: dict[str, tuple[str, str]] = {}
    for sub in pycountry.subdivisions:
        name = _ascii_fold(sub.name)
        if len(name) >= 4 and name not in _COMMON_WORDS and name[0].isupper():
            country = pycountry.countries.get(alpha_2=sub.country_code)
            if country is not None:
                entries.setdefault(name, (country.alpha_3, "subdivision"))
    for name, iso3 in CITIES.items():
        entries[_ascii_fold(name)] = (iso3, "city")
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                entries[_ascii_fold(value)] = (country.alpha_3, "country")
    for name, iso3 in COUNTRY_NAMES.items():
        entries[_ascii_fold(name)] = (iso3, "country")
    automaton = ahocorasick.Automaton()
    for name, (iso3, kind) in entries.items():
        automaton.add_word(name, (len(name), iso3, kind))
    automaton.make_automaton()
    return automaton


def find_places(text: str) -> list[Place]:
    """Places in ``text``, leftmost-longest, on word boundaries."""
    folded = _ascii_fold(text)
    if len(folded) != len(text):
        folded = text
    hits = []
    for end_index, (length, iso3, kind) in place_automaton().iter(folded):
        start, end = end_index - length + 1, end_index + 1
        if (start > 0 and folded[start - 1].isalnum()) or (end < len(text) and folded[end].isalnum()):
            continue
        hits.append((start, end, iso3, kind))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out, last = [], -1
    for start, end, iso3, kind in hits:
        if start >= last:
            out.append(Place(start, end, text[start:end], iso3, kind))
            last = end
    return out


def demonym_countries(text: str) -> set[str]:
    """The countries (ISO3) whose demonyms ``text`` uses, as whole capitalised words."""
    return {DEMONYMS[m.group(1)] for m in _DEMONYM.finditer(text)}
