"""Name normalisation for matching actor names across spellings and scripts.

Three keys of decreasing strictness are derived from a name:

* ``normalize_name`` — transliterated to ASCII (anyascii), case-folded, apostrophes dropped,
  hyphens and punctuation to spaces, Arabic articles (al-/as-/ash-/ad-/el-/ul- …) unified as ``al``,
  Urdu/Persian izafat (-e-/-i-) unified as ``e``, a leading "the" dropped.
* ``skeleton`` — a consonant skeleton of the normalised form that absorbs transliteration variants:
  q→k, c/ck→k, ph→f, digraphs kh/gh/sh/th/dh reduced, vowels dropped after a token's first letter,
  doubled letters collapsed, a final -ah/-eh read as -a, articles and izafat dropped ("Tehreek-e-Taliban" ~ "Tahrik-i-Taliban").
* acronyms (``is_acronym``) are kept verbatim and matched case-sensitively, so "IS" is not "is".
"""

from __future__ import annotations

import re
import unicodedata

from anyascii import anyascii

# Letter variants in Arabic-script names that writers use interchangeably.
_ARABIC_VARIANTS = str.maketrans({
    "أ": "ا", "إ": "ا", "آ": "ا", "ٱ": "ا",
    "ة": "ه", "ى": "ي", "ی": "ي", "ې": "ي", "ۍ": "ي",
    "ک": "ك", "ګ": "ك", "ڪ": "ك",
    "ـ": None,  # tatweel
})
_APOSTROPHES = re.compile(r"[\u0027\u2018\u2019\u201b\u02bb\u02bc\u02bd\u02be\u02bf\u0060\u00b4\u2032\"]")
_ARTICLE = re.compile(r"\b(?:al|el|as|ash|ad|adh|ar|an|at|ath|az|ul|ud|us|ut|un|ur)-(?=\w)")
_ARTICLE_SPACED = re.compile(r"\b(?:al|el)\s+(?=\w)")
_IZAFAT = re.compile(r"(?<=\w)-(?:e|i|y|ye|yi)-(?=\w)")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_LEADING_THE = re.compile(r"^the\s+")
_ACRONYM_CHARS = re.compile(r"^[A-Za-z0-9/&\-]+$")

_DIGRAPHS = (("ph", "f"), ("ck", "k"), ("kh", "k"), ("gh", "g"), ("sh", "s"), ("th", "t"),
             ("dh", "d"), ("ch", "c"), ("q", "k"), ("c", "k"), ("w", "v"), ("z", "z"))
_VOWELS = set("aeiouy")
_SKELETON_DROP = {"al", "e", "the", "of", "and", "wa", "wal"}


def _strip_marks(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def normalize_name(name: str) -> str:
    """The normalised matching key of a name (see module docstring)."""
    text = _strip_marks(name.translate(_ARABIC_VARIANTS))
    text = anyascii(text).casefold()
    text = _APOSTROPHES.sub("", text)
    text = text.replace("`", "")
    text = _IZAFAT.sub(" e ", text)
    text = _ARTICLE.sub("al ", text)
    text = text.replace("&", " and ")
    text = _NON_WORD.sub(" ", text).strip()
    text = _ARTICLE_SPACED.sub("al ", text)
    return _LEADING_THE.sub("", text)


def name_slug(name: str) -> str:
    """A name's id form: its normalised key (:func:`normalize_name`), words joined by hyphens
    ("the Free Idlib Brigade" → "free-idlib-brigade")."""
    return "-".join(normalize_name(name).split())


def _token_skeleton(token: str) -> str:
    if len(token) > 3 and token[-1] == "h" and token[-2] in _VOWELS:
        token = token[:-1]  # final ta marbuta written -ah/-eh or -a: Sunnah ~ Sunna
    for digraph, replacement in _DIGRAPHS:
        token = token.replace(digraph, replacement)
    if not token:
        return token
    kept = [token[0]] + [ch for ch in token[1:] if ch not in _VOWELS]
    out: list[str] = []
    for ch in kept:
        if not out or out[-1] != ch:
            out.append(ch)
    return "".join(out)


def skeleton(normalized: str) -> str:
    """Consonant skeleton of an already normalised name (see module docstring)."""
    tokens = [t for t in normalized.split() if t not in _SKELETON_DROP]
    return " ".join(s for s in (_token_skeleton(t) for t in tokens) if s)


def acronym_key(name: str) -> str:
    """The verbatim form used to match an acronym: surrounding space and dots removed."""
    return name.strip().replace(".", "")


def is_acronym(name: str) -> bool:
    """True for names written as acronyms (TTP, HTS, IS, ETIM/TIP, LeT, M23).

    An acronym has no spaces, at most 10 characters, at least two capitals (or one capital and a
    digit), and no more lower-case letters than capitals.
    """
    key = acronym_key(name)
    if not key or len(key) > 10 or not _ACRONYM_CHARS.match(key):
        return False
    upper = sum(ch.isupper() for ch in key)
    lower = sum(ch.islower() for ch in key)
    digits = sum(ch.isdigit() for ch in key)
    return (upper >= 2 or (upper >= 1 and digits >= 1)) and lower <= upper


#: words any insurgent group's name may be made of: a name of these alone names no group in particular
_GENERIC_WORDS = frozenset("""
people peoples popular national liberation army front movement forces force revolutionary revolution
united democratic islamic party council union alliance resistance defence defense patriotic armed
socialist communist federal republican free freedom independence brigade brigades group organization
organisation militia of the for and e al in
""".split())


def generic_name(key: str) -> bool:
    """Whether a normalised name is made of generic group words only ("peoples liberation army")."""
    return bool(key) and all(word in _GENERIC_WORDS for word in key.split())
