"""Length-preserving text folding, so matches found in folded text keep their offsets in the original.

Each character maps to exactly one character: case-folded (when that gives one character),
diacritics removed, apostrophe and hyphen variants unified (hyphens become spaces), Arabic-script
letter variants unified (alef forms, ya/kaf forms, ta marbuta), other whitespace to a space.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

_APOSTROPHES = "'\u2018\u2019\u201b\u02bb\u02bc\u02bd\u02be\u02bf\u0060\u00b4\u2032"
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2212_"
_ARABIC = {"أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا", "ة": "ه", "ى": "ي", "ی": "ي", "ې": "ي",
           "ۍ": "ي", "ک": "ك", "ګ": "ك", "ڪ": "ك"}


@lru_cache(maxsize=None)
def _fold_char(ch: str) -> str:
    if ch in _APOSTROPHES:
        return "'"
    if ch in _HYPHENS or ch.isspace():
        return " "
    if ch in _ARABIC:
        return _ARABIC[ch]
    base = unicodedata.normalize("NFKD", ch)
    base = "".join(c for c in base if not unicodedata.combining(c)) or ch
    if len(base) != 1:
        base = ch
    low = base.casefold()
    return low if len(low) == 1 else base.lower()[:1] or base


_TABLE: dict[int, str] = {}


def fold(text: str) -> str:
    """Fold ``text`` to a matching form of exactly the same length (see module docstring)."""
    missing = {ch for ch in set(text) if ord(ch) not in _TABLE}
    for ch in missing:
        _TABLE[ord(ch)] = _fold_char(ch)
    return text.translate(_TABLE)
