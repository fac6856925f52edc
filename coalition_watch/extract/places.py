"""Places named in text: countries, first-level subdivisions (pycountry), capitals, major cities
and regions that are no subdivision (Darfur, Mindanao); and the countries a text's demonyms point
to ("Sudanese", "Haitian"), which narrow shared names but are not places.

Names are matched case-sensitively on diacritic-folded text with an Aho-Corasick automaton, on word
boundaries, so "Ménaka" and "Menaka" both match and "chad" the verb does not. Each place carries
its ISO 3166-1 alpha-3 country code, which the mention finder uses to narrow shared aliases.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
import pycountry

from .group_names import GROUP_KEYWORDS

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
    # the two Congos by their long and their capital-city names (pycountry writes the first
    # "Congo, The Democratic Republic of the" only)
    "Democratic Republic of the Congo": "COD", "Democratic Republic of Congo": "COD", "Congo-Kinshasa": "COD",
    "Republic of Congo": "COG", "Congo-Brazzaville": "COG",
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


def place_country(name: str) -> str | None:
    """The country (ISO3) of ``name`` when it is itself a place name (whole), else None."""
    entry = place_automaton().get(_ascii_fold(name), None)
    return entry[1] if entry else None


def longer_place(places: list[Place], start: int, end: int) -> Place | None:
    """The place of ``places`` (sorted, not overlapping) that contains ``[start, end)`` and is
    longer: "South Sudan" around "Sudan", "Mexico City" around "Mexico"."""
    index = bisect.bisect_right(places, start, key=lambda p: p.start) - 1
    place = places[index] if index >= 0 else None
    return place if place is not None and end <= place.end and place.end - place.start > end - start else None


def demonym_countries(text: str) -> set[str]:
    """The countries (ISO3) whose demonyms ``text`` uses, as whole capitalised words."""
    return {DEMONYMS[m.group(1)] for m in _DEMONYM.finditer(text)}


# -- a country's name inside a longer proper name ----------------------------------------------
#: a capitalised word written as a word (not an acronym: "UN Syria envoy", "Pakistan PM")
_WORD_BEFORE = re.compile(r"(?<![\w'’.])([A-Z][a-z][\w'’]*) $")
_WORDS_AFTER = re.compile(r" ([A-Z][a-z][\w'’]*)((?: [A-Z][a-z][\w'’]*){0,3})")
#: capitalised ordinary words: at a sentence's start, in a dateline, before a country named as a place
_ORDINARY = frozenset("""
the a an in on at by for from of to with and but or as if so yet nor not no than then now once also even only
into onto upon within without inside outside across throughout beyond between among amid amidst against despite
under over above below beneath beside besides behind around along toward towards near nearby via per unlike like
about after before during since until while when where whereas because although though however meanwhile moreover
elsewhere today yesterday recently later earlier both neither either each every such all some many most this that
these those it its his her their our we they he she you i is was are were be been has have had do does did will
would can could should may might must let including regarding concerning following
monday tuesday wednesday thursday friday saturday sunday january february march april may june july august
september october november december
""".split())
#: words of a place's name or description, not of another name: "Northern Mali", "Lake Chad",
#: "Mopti Region", "the Sudan-Chad Border" ("Coast", "Sea", "River" and the like are in _COMMON_WORDS)
_PLACE_WORDS = frozenset("""
northeast northwest southeast southwest north-east north-west south-east south-west greater far mainland rural
old region regions province provinces state states district districts county governorate division territory
territories basin delta highlands strip peninsula mountains hills desert corridor frontier zone area triangle
gulf ocean bay canal airport port dam
""".split()) | {w.lower() for w in _COMMON_WORDS}
#: a name part that keeps the country: its government's organs and office-holders ("US Treasury
#: Department", "Pakistan Foreign Office", "Mexico President Sheinbaum"; group words such as
#: "Army", "Forces" are in GROUP_KEYWORDS)
_ORGAN_WORDS = frozenset("""
government administration ministry minister ministers department treasury embassy ambassador envoy consulate
president presidency prime premier cabinet parliament congress senate assembly office agency command police navy
naval marines military defence defense security intelligence armed border guard guards gendarmerie rangers
troops soldiers special national federal supreme court attorney foreign interior secretary chief general
commander officials authorities regime junta cartel cartels gang gangs
""".split()) | GROUP_KEYWORDS


def _title_case(text: str, start: int, end: int) -> bool:
    """Whether the line around ``text[start:end]`` is written in title case (a headline)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    words = [w for w in re.findall(r"[A-Za-z]{4,}", text[line_start:line_end if line_end >= 0 else len(text)])
             if w not in _SHORT_WORDS]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


#: words a title-case headline may leave in lower case
_SHORT_WORDS = frozenset("with from into onto over upon amid than that this".split())


def _sentence_start(text: str, start: int) -> bool:
    lead = text[max(0, start - 3):start]
    return start == 0 or lead.endswith("\n") or bool(re.search(r"[.!?:\"“”]\s*$", lead))


#: endings of adjectives that describe a country when written before it ("Shiite Iran", "Islamist
#: Sudan", "Sahelian Mali", "Francophone Mali", "Authoritarian Eritrea"): not part of a name
_ADJECTIVE_ENDINGS = ("ite", "ist", "ian", "ic", "ese", "ish", "phone", "ous", "ful", "ive")
#: other words that describe a country before its name
_DESCRIBING = frozenset("""sunni shia shi'a tiny small big large rich poor apartheid secular modern
    democratic federal royal imperial communist fascist postwar pre-war post-war war-torn oil-rich
    resource-rich impoverished""".split())


def _name_part(word: str, text: str, at: int, places: list[Place], before: bool) -> bool:
    """Whether the capitalised ``word`` at ``at``, right ``before`` a country's name or right
    after it, is part of a name other than a place's."""
    key = word.lower()
    if key in _ORDINARY or key in _PLACE_WORDS or key in _ORGAN_WORDS or word in DEMONYMS:
        return False
    if before and key.endswith(("ly", "ing", "ed")):
        return False  # an adverb or a participle ("Neighbouring Niger", "Landlocked Mali")
    if before and (key.endswith(("'s", "’s")) or key.endswith(_ADJECTIVE_ENDINGS) or key in _DESCRIBING):
        return False  # a possessive or an adjective describing the country ("Erdogan's Turkey", "Shiite Iran")
    if any(p.start <= at < p.end for p in places):
        return False  # another place ("Burkina Faso Mali")
    if _sentence_start(text, at) and re.search(rf"(?<![\w'’-]){re.escape(key)}(?![\w'’-])", text):
        return False  # a sentence's first word also written in lower case: an ordinary word
    return True


def in_longer_name(text: str, place: Place, places: list[Place]) -> bool:
    """Whether a country's name is only part of a longer proper name, a news outlet's, an
    agency's, a company's or a person's ("Infobae México", "Reuters India", "World Israel News",
    "Kenya Broadcasting Corporation", "Israel Katz"): a capitalised word right before it, or
    capitalised words right after it, that are no place, no ordinary word and no word of a
    group's or a government's name ("Northern Mali", "Lake Chad", "in Mali Monday", "Pakistan
    Army", "US Treasury Department" keep the country). In a title-case line (a headline) only
    the word before is read. ``places`` are all the places of ``text``."""
    if place.kind != "country":
        return False
    before = _WORD_BEFORE.search(text, max(0, place.start - 40), place.start)
    if before and _name_part(before.group(1), text, before.start(1), places, True):
        return True
    after = _WORDS_AFTER.match(text, place.end)
    if not after or _title_case(text, place.start, place.end):
        return False
    rest = after.group(2).lower().split()
    return _name_part(after.group(1), text, after.start(1), places, False) and not any(
        w in _ORGAN_WORDS or w in GROUP_KEYWORDS for w in rest)
