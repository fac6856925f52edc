"""Length-preserving text folding, so matches found in folded text keep their offsets in the original.

Each character maps to exactly one character: case-folded (when that gives one character),
diacritics removed, apostrophe and hyphen variants unified (hyphens become spaces), Arabic-script
letter variants unified (alef forms, ya/kaf forms, ta marbuta), other whitespace to a space.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache

#: U+0091/U+0092 and U+0096/U+0097: Windows-1252 quotes and dashes in text decoded as Latin-1
_APOSTROPHES = "'\u2018\u2019\u201b\u02bb\u02bc\u02bd\u02be\u02bf\u0060\u00b4\u2032\u0091\u0092"
_HYPHENS = "-\u2010\u2011\u2012\u2013\u2014\u2212_\u0096\u0097"
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


class _FoldTable(dict):
    """``str.translate`` table that folds each character the first time it is seen."""

    def __missing__(self, code: int) -> str:
        folded = _fold_char(chr(code))
        self[code] = folded
        return folded


_TABLE = _FoldTable()


def fold(text: str) -> str:
    """Fold ``text`` to a matching form of exactly the same length (see module docstring)."""
    return text.translate(_TABLE)
