"""What a group's name looks like in English text: the words that mark one ("Front", "Jabhat",
"Brigade", …), the particles names contain, words that never name a group on their own, and the
tests a capitalised span passes to be reported as a possible new group (not a state's body, an
intergovernmental body or a generic description; split at "and" between two names)."""

from __future__ import annotations

import re

from ..registry.normalize import is_acronym
from .folding import fold

#: words that mark a group's name
GROUP_KEYWORDS = frozenset("""
front jabhat jabhet harakat harakah harakat tehrik tehreek tahrik lashkar jaish jaysh ansar katiba katibat
brigade brigades battalion battalions khatiba khatibat kataib movement province wilayat wilayah army militia militias
forces force group organisation organization party council committee alliance coalition union
liwa faylaq jamaat jama'at jamaa hizb hezb sipah corps legion mujahideen mujahidin
""".split())
#: lower-case words inside names (Arabic articles, izafat, "of", "the", "and", "a", …)
PARTICLES = r"(?:al|el|ul|as|ash|ad|ar|at|az|an|a|e|i|wal|wa|lil|li|of|the|for|and|de|du|des|la|le|bin|ibn|fi)"
#: words that name nothing on their own (a lone sentence-initial "The", a month, a demonym)
STOP_SPANS = frozenset("""
the a an in on at by for from of to with and but or as it its this that these those he she they we
i you his her their our after before during when while since until although however moreover
additionally meanwhile also there here what who which where why how some many most all both
monday tuesday wednesday thursday friday saturday sunday january february march april may june july
august september october november december file photo image video read more reuters afp ap
islamic islamist jihadist jihadi jihadists muslim muslims arab arabs kurdish kurds shia sunni
syrian afghan pakistani iraqi yemeni malian somali nigerian burmese turkish russian iranian
american western un report press government president minister state states
""".split())

#: lower-case words a multi-word name may contain
LOWERCASE_OK = frozenset(PARTICLES.strip("(?:)").split("|")) | GROUP_KEYWORDS | {
    "network", "wal", "lil", "ahl", "government", "regime", "military", "authorities", "administration", "junta"}

GROUP_KEYWORD_ANYWHERE = re.compile(r"(?<![\w'])(?:" + "|".join(sorted((re.escape(k) for k in GROUP_KEYWORDS), key=len, reverse=True)) + r")(?![\w'])", re.I)


def looks_like_group(span: str) -> bool:
    """Whether a capitalised span of two or more words contains a group keyword (and does not
    start with a word that never begins a name)."""
    if " " not in span and "-" not in span or not GROUP_KEYWORD_ANYWHERE.search(span):
        return False  # fast exit: one word, or no group keyword at all
    span = trim_candidate(span)
    tokens = [t for t in re.split(r"[\s\-]+", fold(span)) if t]
    return len(tokens) >= 2 and any(t.strip("'") in GROUP_KEYWORDS for t in tokens) \
        and span.split()[0].lower() not in STOP_SPANS - {"islamic"}


#: bodies of states and of intergovernmental organisations, which are no armed groups
STATE_BODY_OF = re.compile(r"^(?:the\s+)?(?:(?:National|Royal|Federal|Armed|Defen[cs]e|Security|Police|Military|Border|Special)\s+)*"
                           r"(?:Forces?|Army|Police|Navy|Guard|Gendarmerie|Government|Ministry\s+of\s+\w+)\s+of\s+(?P<state>.+)$", re.I)
_INTERGOVERNMENTAL = re.compile(r"\b(?:african|european|arab|economic|postal|inter parliamentary)\s+union\b|\bunited\s+nations\b|"
                                r"\bsecurity\s+council\b|\btask\s+force\b|\bmonitoring\s+(?:team|group)\b|\bpanel\s+of\s+experts\b|"
                                r"\bleague\s+of\s+arab\s+states\b|\barab\s+league\b|\bpeacekeeping\b|\bstabili[sz]ation\s+mission\b")
_AND_THE = re.compile(r"\s+and\s+(?:the\s+)?")
#: words that describe a body without naming it ("Armed Forces", "Security Forces", "National Army")
_GENERIC_WORDS = frozenset("""armed security national special federal royal military regular government
governmental state local border police defence defense joint allied new main other rebel rebels militant
islamist jihadist opposition pro backed self""".split())


def generic_name(span: str) -> bool:
    """Whether every word of ``span`` is a group keyword, a particle or a generic word ("Armed Forces")."""
    words = [w.strip("'") for w in re.split(r"[\s\-]+", fold(trim_candidate(span))) if w]
    return all(w in GROUP_KEYWORDS or w in _GENERIC_WORDS or w in LOWERCASE_OK for w in words)


def coordinated_names(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The names in a capitalised span: the span, or the two sides of an "and" when the right side
    is a group's name on its own and the left one does too or is an acronym; a left side that is
    neither is left out ("Suqor Al-Sham and Harakat Nouredine Zenky" gives the second name)."""
    for joint in _AND_THE.finditer(text, start, end):
        left, right = text[start:joint.start()], text[joint.end():end]
        if right[:1].isupper() and looks_like_group(right):
            tail = coordinated_names(text, joint.end(), end)
            if looks_like_group(left) or is_acronym(left):
                return [(start, joint.start()), *tail]
            if " " in left.strip() and not GROUP_KEYWORD_ANYWHERE.search(left) or joint.group(0).rstrip().endswith("the"):
                return tail  # "and the" joins two noun phrases, never the words of one name
    return [(start, end)]


def trim_candidate(span: str) -> str:
    """A candidate name without a leading article and edge punctuation."""
    span = re.sub(r"^(?:The|the)\s+", "", span)
    return span.strip(" '’-")




def names_no_group(span: str) -> bool:
    """Whether ``span`` is a generic description or an intergovernmental body, not a group's name."""
    return generic_name(span) or bool(_INTERGOVERNMENTAL.search(fold(span)))

