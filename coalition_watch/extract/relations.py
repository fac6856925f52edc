"""Relations between the groups mentioned in one sentence.

1. **Units.** Mentions separated only by list punctuation ("A, B and C", "A (B)", "A rebels and
   the B") form one coordinated unit; two adjacent mentions of one actor ("Tehrik-e Taliban
   Pakistan (TTP)") are one mention.
2. **Pairs across adjacent units.** For every pair (a in U_i, b in U_{i+1}) the text between the
   units is searched for cues of every type (:mod:`.cues`); each type found gives a relation. A cue
   marked ``rev`` (or a support cue followed by "by"/"from") makes b the source. Nested cue matches
   give way to the longer one ("joined forces" is alliance, not a pledge).
3. **Pairs inside a unit.** Members of a list are related pairwise only when the list itself is
   governed by a symmetric predicate: a prefix cue ("clashes between A and B", "merger of A and B")
   or a suffix cue ("A, B and C united"). Lists that are objects ("fought alongside A and B") give
   no relation among their members.
4. **Polarity** comes from denial and hedge cues in the pair's window and a short stretch before
   it (the clause the first mention opens); **confidence** from where the cue was found
   (between the two mentions > around a list), the window length and whether a mention is an
   anaphor.
5. A support relation whose source is a state becomes ``state_support``.
6. **Clause scope** (:mod:`.scope`): asides, prepositional objects, relative clauses on another
   noun, fronted subordinate clauses and coordinated verb phrases limit which cues and polarity
   words reach a pair; when one sentence gives a pair several types, merger > split > pledge >
   the rest decides which claim leads.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from functools import lru_cache

from ..vocabulary import is_directed
from .cues import (AID_ARRIVES, AID_FROM, AIMED_BACK, ALLOWED_AFTER, ALLOWING_BEFORE, ANSWER_BEFORE, ANY_CUE, APOSTROPHES,
                   APPOSITIVE_HEAD, APPOSITIVE_MODIFIERS, APPOSITIVE_NOUNS, APPOSITIVE_OPENER, CEASED_TO_EXIST,
                   COMBINED, COMPOUND_MODIFIER, DENIAL, DISSOLVED_BEFORE, FIGHTERS_FROM, FORMED_BY_MERGING, FIGHTERS_INSIDE, FOUNDED, FOUNDED_BEFORE, FOUNDED_BY, FOUNDED_GAP, FOUNDER_PEOPLE, FOUNDING,
                   COMMAND_AFTER, GIVEN_AFTER, GIVING_BEFORE, RECEIVING_BEFORE, HEAD_NOUN, HEDGE, HOSTILE_STATE, JOIN, JOINED_IN_ACTION, LEFT_BEFORE, LIST_PREFIX, LIST_SUFFIX,
                   MEETING_BEFORE, MEETING_PURPOSE, MEMBERS_OF, MERGED_INTO, MERGER_VERB_BEFORE, NAMED_PART, NEUTRAL_TIES, OFFER_AFTER, OFFER_BY, OFFERED_AFTER,
                   OPPOSING_SIDES, PASSIVE_BY,
                   PASSIVE_ONLY_BY, PEOPLE_OF, PROTECTION_AFTER, RECIPROCAL, RENAME_VERB_BEFORE, RENAMED_AS, SIDE_OPENER, UNDER_BEFORE, UNIT_NOUN)
from .folding import fold
from .group_names import LOWERCASE_OK, looks_like_group
from .mentions import Mention
from .scope import (APPOSED_OBJECT, FRONTED_COMPANION, FRONTED_SUPPORT, LISTED_PART_START, NAMED_UNIT_OF, PREPOSITION_END, blank_asides, clause_lead,
                    complement_lead, fronted_clause_end, is_non_party, new_clause_start, object_elsewhere, pair_tail,
                    rank, relative_clause_start)

MAX_WINDOW = 160
_GENERIC = r"(?:rebels?|fighters?|militants?|forces?|groups?|militias?|tribesmen|gunmen|factions?|elements|positions|members|movement|network|organi[sz]ations?|jihadists?|insurgents?|militiamen|troops)"
_FILLER = re.compile(rf"\b(?:the|even|also|its|their|both|{_GENERIC})\b", re.I)
_CONJUNCTION = re.compile(r"\b(?:and|or|nor|as\s+well\s+as|plus)\b", re.I)
_TRAILING_ADJECTIVE = re.compile(r"(?:\band\b|\bthe\b|,)\s+[A-Z][\w'’\-]*\s*$")
_LIST_GAP = re.compile(r"[\s,;&/()]*")
_QUALIFIER = re.compile(r"\([^()]{1,30}\)")
_CLAUSE_BREAK = re.compile(r"[;,]\s+(?:and\s+|but\s+|then\s+)?|\s(?:and|but|then|before|after|while|whereas|as\s+well\s+as)\s+(?:then\s+|later\s+)?(?=[a-z])")


_LAST_DOCUMENT: tuple[str, str] = ("", "")
_APOSTROPHE_VARIANTS = tuple(chr(code) for code, to in APOSTROPHES.items() if to == "'")


def _unified(text: str) -> str:
    """``text`` with apostrophe variants read as "'" (:data:`.cues.APOSTROPHES`, same length, so
    ``_unified(text)[a:b] == text[a:b].translate(APOSTROPHES)``), translated once per document:
    the pair windows of a document are slices of it."""
    global _LAST_DOCUMENT
    last = _LAST_DOCUMENT
    if last[0] is text:
        return last[1]
    unified = text
    for variant in _APOSTROPHE_VARIANTS:  # one-character replacements: the same as translate, faster
        if variant in unified:
            unified = unified.replace(variant, "'")
    _LAST_DOCUMENT = (text, unified)
    return unified


@lru_cache(maxsize=20_000)
def is_list_gap(gap: str) -> bool:
    """Whether the text between two mentions only coordinates them ("A, B and the C"); a pure
    function of the gap, cached: the same few gaps (", ", " and the ") recur in every text."""
    if not gap.strip():
        return False
    if len(gap) > 60:
        return _unnamed_members_gap(gap)
    if "(" in gap:  # "A (Dagestan) and B": a qualifier in brackets does not break the list
        gap = _QUALIFIER.sub(lambda m: " " if not ANY_CUE.search(m.group(0)) else m.group(0), gap)
    modifiers = _TRAILING_MODIFIERS.search(gap)
    if modifiers and not ANY_CUE.search(modifiers.group("words")):
        gap = gap[:modifiers.start("words")]  # "A and the neighbouring Syrian Kurdish B": B's modifiers
    gap = _TRAILING_ADJECTIVE.sub(lambda m: m.group(0).split()[0] if m.group(0)[0] != "," else ",", gap)
    if _CONJUNCTION.search(gap):
        # "A, B and the Sahara branch of C", "A and fighters of C": after the conjunction, a part of
        # the next group is that group as a member of the list (an apposition without one, "A, the
        # branch of C", is not)
        gap = _LISTED_PART.sub(" ", gap)
    if _CONJUNCTION.search(gap):  # "the A armed wing and B": A's wing is A as a member of the list
        gap = _OWN_PART.sub(" ", gap)
    if "of" in gap:  # "A, three factions of C and D": counted parts of C are C as a member of the list
        gap = _COUNTED_PART.sub(" ", gap)
    stripped = _CONJUNCTION.sub(" ", _FILLER.sub(" ", gap))
    return bool(_LIST_GAP.fullmatch(stripped)) or _unnamed_members_gap(gap)


#: "the Sahara branch of", "its Syrian wing of": a named part of the group right after it
#: "… and (the) guerrillas of the ELN": the people of the next group are that group as a list member
_LISTED_PART = re.compile(r"\b(?:the|its|their)\s+(?:[\w'’-]+\s+){0,2}?(?:branch|wing|chapter|faction)\s+of\s+(?:the\s+)?$|"
                          r"(?<=\s)(?:(?:the|its|their)\s+)?" + PEOPLE_OF + r"$", re.I)
#: "and the neighbouring Syrian Kurdish ": lower-case adjectives (no preposition, no possessive),
#: then perhaps capitalised ones, between "and the" and the next name
_TRAILING_MODIFIERS = re.compile(
    r"\b(?:and|or)\s+the\s+(?P<words>(?:(?!(?:of|in|on|at|to|from|with|by|for|that|which|who|then|also)\b)[a-z][a-z-]*\s+){1,2}"
    r"(?:[A-Z][\w'’-]*\s+){0,2})$")
_OWN_PART = re.compile(r"^\s+(?:(?:armed|military|political|youth|women's|student)\s+)?(?:wing|branch|faction|arm)(?=\s+(?:and|or)\s)", re.I)
_COUNTED_PART = re.compile(r"(?<=[\s,])(?:two|three|four|five|six|several|\d+)\s+(?:[\w-]+\s+)?(?:factions|wings|sub[\s-]?groups|"
                           r"units|branches|cells)\s+of\s+(?:the\s+)?$", re.I)
_MEMBER_SEPARATOR = re.compile(r"\s*(?:,|;|&|\band\b|\bas\s+well\s+as\b)\s*(?:the\s+)?", re.I)


def _unnamed_members_gap(gap: str) -> bool:
    """Whether the gap holds only separators and names of groups the registry lacks ("A, Kataib
    Thawar al-Sham, B and C"): every piece between separators is a capitalised group name (a
    group keyword, every word capitalised or a name's particle), and there are separators on both
    sides of it; a list of known groups does not break at an unknown member."""
    if len(gap) > 160 or not _MEMBER_SEPARATOR.match(gap) or not _MEMBER_SEPARATOR.search(gap[1:]):
        return False
    pieces = [p.strip() for p in _MEMBER_SEPARATOR.split(gap)]
    names = [p for p in pieces if p]
    return bool(names) and all(
        p[0].isupper() and looks_like_group(p)
        and all(w[0].isupper() or w.lower() in LOWERCASE_OK for w in re.split(r"[\s-]+", p) if w)
        for p in names)


_SAME_ACTOR_GAP = re.compile(r"^\s*(?:\(|,\s*(?:also\s+known\s+as|aka|a\.k\.a\.|or|known\s+as)\s+|\s*/\s*|\s*or\s+(?:the\s+)?)\s*$", re.I)


@dataclass(frozen=True)
class PairRelation:
    """One relation proposed from one sentence."""

    source: Mention
    target: Mention
    type: str
    polarity: str
    confidence: float
    cue: str


#: "the Islamic State 'West Africa Province' (": capitalised words, perhaps quoted, that extend the
#: name before them up to the acronym of the whole
_NAME_EXTENSION = re.compile(r"\s*[\"“‘']?(?:[A-Z][\w-]*\s*){1,4}[\"”’']?\s*\(\s*")


def merge_same_actor(mentions: list[Mention], text: str) -> list[Mention]:
    """Join "Name (ACRONYM)" and "Name, also known as Other" when both sides are one actor, and
    "Parent 'Branch words' (ACRONYM)" when the acronym's actor is named by the parent's name and
    those words (the acronym's actor wins)."""
    out: list[Mention] = []
    for m in mentions:
        if out and out[-1].actor_id and out[-1].actor_id == m.actor_id and \
                _SAME_ACTOR_GAP.match(text[out[-1].end:m.start]):
            prev = out[-1]
            end = m.end + 1 if text[m.end:m.end + 1] == ")" else m.end
            out[-1] = Mention(prev.start, end, text[prev.start:end], prev.actor_id, prev.name, prev.method)
            continue
        if out and out[-1].actor_id and m.actor_id and out[-1].actor_id != m.actor_id and m.method == "acronym" \
                and _NAME_EXTENSION.fullmatch(text, out[-1].end, m.start) and _extends(out[-1], text[out[-1].end:m.start], m):
            prev = out[-1]
            end = m.end + 1 if text[m.end:m.end + 1] == ")" else m.end
            out[-1] = Mention(prev.start, end, text[prev.start:end], m.actor_id, m.name, m.method)
            continue
        out.append(m)
    return out


def _extends(prev: Mention, gap: str, acronym: Mention) -> bool:
    """Whether the acronym's actor is called by ``prev``'s words followed by those of ``gap``."""
    words = lambda s: re.findall(r"[a-z0-9]+", fold(s))  # noqa: E731
    head = [w for w in words(prev.text) if w != "the"]
    return bool(acronym.name) and words(acronym.name) == head + words(gap)


#: "the Islamic State's regional chapter": the possessor names a parent, the party is its branch
_POSSESSED_BRANCH = re.compile(r"['’]s\s+(?:[a-z-]+\s+){0,2}?(?:chapter|branch|affiliate|franchise|province|wing|offshoot|arm|cell)s?\b")


_BRANCH_APPOSITION = re.compile(r"\s*(?:,|\(|\bis\b|\bwas\b|\bbecame\b|\bremains\b|\bas\b)\s*(?:(?:the|an?)\s+)?(?:[a-z-]+\s+){0,2}")


def _drop_branch_possessors(mentions: list[Mention], text: str, end: int) -> list[Mention]:
    """Leave out "A's regional branch" when the branch is not named right before or after it
    ("… is the Islamic State's regional chapter, which …"): the branch, not A, is the party of the
    sentence's relations; "A's affiliate in Syria, B" and "B, A's affiliate" keep A (the cue
    relates A and B)."""
    out = []
    for i, m in enumerate(mentions):
        match = _POSSESSED_BRANCH.match(text, m.end)
        if match and m.method != "anaphor" and not (i and _BRANCH_APPOSITION.fullmatch(text, mentions[i - 1].end, m.start)):
            following = mentions[i + 1].start if i + 1 < len(mentions) else end
            stop = _CLAUSE_END.search(text, match.end(), following)
            if following - match.end() > 40 or stop is not None and not text[match.end():following].strip(" ,").lower().startswith("in "):
                continue
        out.append(m)
    return out


#: "X, the leader of A, has merged his forces with B": the subject's group acts through its leader
_LEADER_ASIDE = re.compile(r",\s*(?:the\s+|its\s+|a\s+)?(?:[\w-]+\s+)?(?:leader|head|chief|commander|founder|emir|amir|"
                           r"spokes(?:man|person|woman))\s+of\s+(?:the\s+)?", re.I)
#: "B, an al-Qaeda-backed group": the compound is an apposition that describes B
_APPOSITION_BEFORE = re.compile(r"\s*,\s*(?:an?|the|another)\s+(?:[\w-]+\s+){0,2}$", re.I)


def _drop_unnamed_clients(mentions: list[Mention], text: str) -> list[Mention]:
    """"A attacked UAE-backed forces in the south": a name bound by a hyphen to "backed", "led" …
    modifies a noun phrase that names no group; it is not a party to the sentence's verbs. Kept
    when a group follows within a few words ("Iran-backed militias such as B")."""
    out = []
    for i, m in enumerate(mentions):
        compound = COMPOUND_MODIFIER.match(text, m.end) if m.method != "anaphor" else None
        if compound and i and _APPOSITION_BEFORE.fullmatch(text, mentions[i - 1].end, m.start):
            compound = None
        if compound:
            following = mentions[i + 1].start if i + 1 < len(mentions) else len(text)
            if following - compound.end() > 30:
                continue
        out.append(m)
    return out


def _drop_appositive_anaphors(mentions: list[Mention], text: str) -> list[Mention]:
    """"A, the group formerly known as B": a noun anaphor in apposition to the group just named
    describes that group; it is not a second party (whatever the anaphor resolver chose)."""
    if not any(m.method == "anaphor" for m in mentions):
        return mentions
    out: list[Mention] = []
    for m in mentions:
        if m.method == "anaphor" and out and out[-1].method != "anaphor" and \
                text[m.start:m.start + 4].lower() == "the " and _APPOSITION_GAP.fullmatch(text, out[-1].end, m.start):
            continue
        out.append(m)
    return out


_APPOSITION_GAP = re.compile(r"\s*,\s*")


def coordinated_units(mentions: list[Mention], text: str, barriers: tuple[int, ...] = ()) -> list[list[Mention]]:
    """Group sentence mentions into coordinated lists (see module docstring); no list runs across
    an offset in ``barriers`` (the comma that closes a fronted subordinate clause)."""
    units: list[list[Mention]] = []
    for m in mentions:
        if units:
            gap = text[units[-1][-1].end:m.start]
            if any(units[-1][-1].end <= b < m.start for b in barriers):
                units.append([m])
                continue
            possessive = text[m.end:m.end + 2] in ("'s", "’s")  # "and the party's ally": not a list member
            if (is_list_gap(gap) and not possessive) or m.start == units[-1][-1].start:  # or one plural anaphor
                units[-1].append(m)
                continue
        units.append([m])
    return units


#: a relative clause whose subject is the next name, its verb about the name before: ", which C …",
#: ", a group C …" (a group noun in apposition, then its clause: "A, a front C set up in 2012")
_RELATIVE_SUBJECT = re.compile(r",\s*(?:which|whom|that|whose\s+[a-z]+(?:\s+[a-z]+)?|"
                               r"(?:an?|the)\s+(?:[a-z-]+\s+)?(?:group|faction|front|militia|movement|organi[sz]ation|outfit|"
                               r"network|branch|wing|coalition|alliance)(?:\s+(?:that|which))?)\s+(?:the\s+)?", re.I)
_FRONTED_PARTICIPLE = re.compile(r"[\s\"“‘']*(?P<verb>[A-Z][a-z]+ed)\s+(?:\w+\s+){0,2}?by\s+(?:the\s+)?$")
_COORDINATED_PREDICATE = re.compile(
    r"\s*,?\s*(?:and|but)\s+(?:also\s+)?(?:an?|the)\s+(?:[a-z-]+\s+){0,2}?(?:ally|allies|rival|rivals|enemy|partner|"
    r"affiliate|branch|offshoot|splinter|backer|sponsor|patron|proxy|member|part|successor|predecessor)\s+(?:of|to)\s+(?:the\s+)?",
    re.I)
_OPENING = re.compile(r"\s*(?:the\s+|both\s+|its\s+|their\s+)?", re.I)
_COORDINATED_VERB = re.compile(r"(?:['’]s\s+(?:[a-z-]+\s+){0,3}?[a-z-]+)?\s*(?:(?:in|on|during|since|by|from|until|after)\s+[^,;]{1,25}?)?\s*,?\s*(?:and|but)\s+(?:then\s+|later\s+|also\s+|subsequently\s+)?"
                               r"(?:[a-z]+(?:ed|s)|fought|took|led|left|won|lost|sent|gave|made|began|broke|swore|drove|"
                               r"sought|held|struck|overran|split|built)\b(?!\s+by\b)")
_RELATIVE = re.compile(r"\s*,?\s*(?P<prep>from|with|against|to|into|by|of|under)\s+(?:which|whom)\s+", re.I)
#: "the six factions (that have) joined / merging into B": a noun of groups and its verb of joining, before B
_JOINING_SUBJECT = re.compile(r"\b(?:factions?|groups?|brigades?|battalions?|organi[sz]ations?|movements?|militias?|units?|members)\s+"
                              r"(?:(?:that|which|who)\s+(?:have\s+|had\s+)?(?:since\s+|recently\s+|now\s+)?)?"
                              r"(?:(?P<verb>joining|joined|merging\s+(?:into|with)|merged\s+(?:into|with))|"
                              r"(?P<member>(?:(?:actively\s+)?involved|participating|taking\s+part|fighting|operating)\s+(?:in|within|under)|"
                              r"belonging\s+to|within))\s+(?:the\s+)?$", re.I)
#: after B: the list that names them ("… include A1, A2", "… are A1 and A2")
_LISTED_AS = re.compile(r"\s*,?\s*(?:(?:now|reportedly|so\s+far)\s+)?(?:includ(?:e|es|ed)|are|were|compris(?:e|es|ed))\s*:?\s*(?:the\s+)?", re.I)
_CONTRAST = re.compile(r";|,\s+(?:and|but|while|whereas|although|though|however)\b|\s+(?:but|although|though|whereas|however)\b", re.I)
_CLAUSE_END = re.compile(r"[,;()]|\s(?:and|but|while|whereas)\s")
_DECLARED = re.compile(r"\b(?:announc\w*|declar\w*|stat(?:ed|es)|proclaim\w*|vow\w*|pledg\w*)\s+(?:that\s+)?(?:the\s+)?$", re.I)
#: between a verb and its object noun: a determiner or possessive and up to one modifier
_GOVERNED = re.compile(r"\s+(?:(?:the|its|their|a|an|\w+'s)\s+)?(?:[a-z-]+\s+)?", re.I)
_SELF_REFERENCE = re.compile(r"\b(?:and|with)\s+(?:its|their)\s+(?:allies|partners|affiliates|backers|supporters|proxies|branches)\b", re.I)
_MEMBERSHIP = re.compile(r"members?\s+of|part\s+of|network\s+of|elements", re.I)
#: between the first group and "includes": a relative pronoun that stands for the first group
#: ("the A control group, which includes B": lower-case words after the name describe it)
_WHICH_OF_FIRST = re.compile(r"(?:(?:\s+[a-z][a-z-]*)?\s+(?:group|coalition|alliance|room|front|umbrella|network|movement|organi[sz]ation|"
                             r"bloc|council|command|platform))?\s*,?\s*(?i:which|that)\s+(?:now\s+|also\s+|still\s+|currently\s+|reportedly\s+)?")
_EXAMPLES = re.compile(r"\b(?:includ\w*|such\s+as|notably|among\s+them|in\s+particular|especially)\b", re.I)


#: "the former A affiliate B", "B, an erstwhile A branch": a membership that has ended
_FORMER_BEFORE = re.compile(r"\b(?:former|erstwhile|one-?time|ex)[\s-]+(?:\S+\s+)?$", re.I)
_NAMED_PART = re.compile(NAMED_PART, re.I)
_HEAD_NOUN = re.compile(r"\s*" + HEAD_NOUN + r"\b", re.I)
_PROVIDING = re.compile(r"(?:provid|offer|giv|gave|grant|afford|extend)", re.I)


def _find_cues(window: str) -> list[tuple[str, str, int, int, str]]:
    # "A and its allies attacked B": the subject's own allies say nothing about A and B
    if "its " in window or "their " in window:
        window = _SELF_REFERENCE.sub(lambda m: " " * len(m.group(0)), window)
    found = []
    starts = [m.start() for m in ANY_CUE.finditer(window)]
    if not starts:
        return found
    for kind, (pattern, directions) in COMBINED.items():
        end = -1
        for start in starts:
            if start < end:
                continue
            match = pattern.match(window, start)
            if match and match.end() > start:
                found.append((kind, directions[match.lastgroup], match.start(), match.end(), match.group(0)))
                end = match.end()
    listed_part = LISTED_PART_START.search(window)
    if listed_part:  # "made up of six groups, namely the political wing of B": B is a listed member
        found = [c for c in found if c[2] < listed_part.start("part")]
    # of two overlapping cues of different types the one that starts first (then the longer) wins:
    # "joined forces" ⊃ "joined", "ended its affiliation" over "affiliation with"
    kept = [c for c in found if not any(o is not c and o[0] != c[0] and o[2] < c[3] and c[2] < o[3]
                                        and (o[2], -(o[3] - o[2])) < (c[2], -(c[3] - c[2])) for o in found)]
    if len(kept) > 1 and any(c[0] == "support" for c in kept):
        # "blocking fuel supplies", "attacked supply lines": a hostile verb whose object is aid
        kept = [c for c in kept if not (c[0] == "support" and any(
            o[0] == "rivalry" and o[3] <= c[2] and _GOVERNED.fullmatch(window, o[3], c[2]) for o in kept))]
    if len(kept) > 1 and any(c[0] == "alliance" and _MEMBERSHIP.fullmatch(c[4]) for c in kept):
        # "arrested members of B", "killed part of B's leadership": the hostile verb's object
        kept = [c for c in kept if not (c[0] == "alliance" and _MEMBERSHIP.fullmatch(c[4]) and any(
            o[0] == "rivalry" and o[3] <= c[2] and _GOVERNED.fullmatch(window, o[3], c[2]) for o in kept))]
    if len(kept) > 1 and any(c[0] == "sanctuary" for c in kept):
        # "safe houses provided by B": what is provided is the shelter, not material aid
        kept = [c for c in kept if not (c[0] == "support" and _PROVIDING.match(c[4]))]
    if len(kept) > 1 and any(_EXAMPLES.fullmatch(c[4]) for c in kept):
        # "… to combat leftist groups, including B": "including" introduces examples of what the
        # earlier cue governs; it is a cue of its own only when it is the only one
        kept = [c for c in kept if not _EXAMPLES.fullmatch(c[4])] or kept
    if len(kept) > 1:
        # cues of an earlier clause give way to those of the clause that reaches the second group:
        # "A split from C a year later and declared allegiance to B" relates A and B by the pledge
        breaks = [m.end() for m in _CLAUSE_BREAK.finditer(window)]
        for cut in reversed(breaks):
            last = [c for c in kept if c[2] >= cut]
            if last and len(last) < len(kept):
                kept = last
                break
    return kept


#: "… to fight B", "… in order to attack B": an infinitive of purpose whose verb takes B
_PURPOSE_INFINITIVE = re.compile(r"\b(?:in\s+order\s+|so\s+as\s+)?to\s+(?:\w+ly\s+)?$", re.I)
#: "attacks for B", "operations on behalf of B": the act is done for B, not to it
_ON_BEHALF = re.compile(r"\s*(?:\w+\s+){0,2}?(?:for|on\s+behalf\s+of|in\s+the\s+name\s+of)\s+(?:the\s+)?$", re.I)
#: "joined C, which includes B" / "joined C, including B": A and B are members of one body
_JOIN_WORD = re.compile(r"\bjoin(?:s|ed|ing)?\b", re.I)
_CO_MEMBERS = re.compile(r"[^;.]*?(?:,\s*(?:which|that)\s+(?:\w+\s+)?(?:includ\w*|compris\w*|encompass\w*|(?:brings?|brought)\s+together|unites?|united)"
                         r"|,?\s+(?:including|comprising))\b[^;.]*$", re.I)
#: "…, according to (a report on) B": what follows names the source of the claim, not a party
_ATTRIBUTION = re.compile(r"\baccording\s+to\b", re.I)
_OTHER_SUBJECT = re.compile(r"\b(?:but|while|whereas|and)\s+(?:some|others|many|most|several|few|a\s+few)\b(?:\s+of\s+(?:them|these|those))?"
                            # ", four Syrian rebel factions merged with B": a clause with a subject of its own
                            r"|,\s+(?:(?:some|several|many|most|other|two|three|four|five|six|seven|eight|nine|ten|\d+|a\s+number\s+of|"
                            r"a\s+few|dozens\s+of|hundreds\s+of)\s+)+(?:[\w-]+\s+){0,3}?(?:factions|groups|brigades|militias|rebels|"
                            r"fighters|organi[sz]ations|movements|battalions|militants|insurgents)\b"
                            # "X confirmed the suspects were members of B": the complement clause has its own subject
                            r"|\b(?:said|says|confirmed|stated|announced|reported|claimed|added|noted|denied|believes?|believed)\s+"
                            r"(?:that\s+)?(?:the|some|several|two|three|\d+)\s+(?:[\w-]+\s+){0,2}?(?:suspects|men|women|attackers|"
                            r"individuals|people|recruits|detainees|assailants|gunmen)\b", re.I)
#: a participle of owning or renting, then one person of the second group: "(a house) owned by a B
#: aide"; the person owns it, and B is no party to the clause before (ground "held by B" is B's)
_OWNED_BY = re.compile(r"\b(?:owned|rented|leased|built|used|lent)\s+by\s+(?:an?\s+|one\s+)(?:[\w'-]+\s+)?$", re.I)
_PERSON_AFTER = re.compile(r"\s*(?:[\w'-]+\s+)?(?:aide|official|commander|member|leader|relative|associate|supporter|"
                           r"figure|operative|militant|financier|cleric|facilitator)s?\b", re.I)
_AGAINST_END = re.compile(r"\bagainst\s+(?:the\s+)?(?:[\w'-]+\s+){0,2}?$", re.I)


def _scoped(between: str, cues: list[tuple[str, str, int, int, str]], after: str = "") -> list[tuple[str, str, int, int, str]]:
    """The cues of a pair's window that can be about the pair (:mod:`.scope`):

    * a cue ending in a preposition relates its object, so the text after it must lead straight
      to the second group ("against the army as members of …" does not reach B);
    * a relative clause on another noun phrase ("… of the group that later became B") speaks
      about that noun phrase: its cues give way to those before it;
    * "including"/"such as" give examples of the noun just before them, so they relate the pair
      only when that noun is the first group ("A, including B");
    * an infinitive of purpose takes the second group as its own object: in "A joined C to fight
      B" the cues before "to fight" are about C, not B;
    * a hostile act done *for* the second group ("carried out attacks for B", "on behalf of B")
      says that A works for B: it is read as an alliance, not a rivalry;
    * joining a body that includes the second group ("A joined C, which includes B") makes A
      and B members of one coalition: an alliance, not A's pledge to B.
    """
    if not cues:
        return cues
    relative = relative_clause_start(between)
    new_clause = new_clause_start(between, after) if after else None
    against = _AGAINST_END.search(between)
    semicolon = between.rfind(";")
    others = _OTHER_SUBJECT.search(between)
    named_unit = NAMED_UNIT_OF.search(between)
    purpose = max((c[2] for c in cues if _PURPOSE_INFINITIVE.search(between, 0, c[2])), default=None)
    attribution = _ATTRIBUTION.search(between)
    owner = _OWNED_BY.search(between) if _PERSON_AFTER.match(after) else None
    kept = []
    for cue in cues:
        kind, direction, start, end, words = cue
        if named_unit is not None and start >= named_unit.start() and words.strip()[:1].isupper():
            continue  # "… the Jose Solano Sepulveda Front of B": a unit's name, not "a front of"
        if purpose is not None and end <= purpose:
            continue  # "A joined C to fight B": the purpose verb governs B
        if kind == "rivalry" and _ON_BEHALF.fullmatch(between, end):
            kept.append(("alliance", "sym", start, end, words))
            continue  # "A carried out attacks for B": A acts for B
        if kind == "pledge" and _JOIN_WORD.search(words) and _CO_MEMBERS.match(between, end):
            kept.append(("alliance", "sym", start, end, words))
            continue  # "A joined C, which includes B": fellow members
        if kind == "sanctuary" and _SAFETY_FROM.fullmatch(between, end):
            continue  # "civilians found shelter in Diffa from groups like B": safety from B, not B's haven
        if owner is not None and end <= owner.start():
            continue  # "A's leader was killed in a house owned by a B aide": B owns the house, no more
        if kind == "pledge" and words.strip().lower() == "under" and _NOUN_AFTER_NAME.match(after) \
                and not COMMAND_AFTER.match(after):
            continue  # "A was under B siege / attack / pressure": a noun after B says what A is under
        if kind == "support" and _SENT_TO.search(words) and _ENEMY_GROUND.match(after):
            continue  # "A sent fighters to B-held areas": to ground B holds, not to help B
        if attribution is not None and end <= attribution.start():
            continue  # "A trained recruits, according to a report on B": B is in the attribution
        if end <= semicolon:
            continue  # "A raided B's homes; C met D": a semicolon closes the first clause
        if others is not None and start >= others.end():
            continue  # "most under the umbrella of A but some aligned with B": the others' verb
        if new_clause is not None and end <= new_clause:
            continue  # "A attacked the base, while B remained active": B opens a clause of its own
        if words.lstrip().startswith("-") and (_CLAUSE_PUNCTUATION.search(between, end) or len(between[end:].split()) > 3):
            continue  # "A, a C-backed group, attacked B": the compound binds C to "group", not to B
        if PREPOSITION_END.search(words) and object_elsewhere(between[end:]):
            continue
        if relative is not None and start >= relative and any(c[2] < relative for c in cues):
            continue
        if _EXAMPLES.fullmatch(words.strip()) and len(between[:start].strip(" ,(")) > 0 \
                and not _WHICH_OF_FIRST.fullmatch(between, 0, start):
            continue  # ("A, which includes B": the relative pronoun is A, so B is A's member)
        if kind == "alliance" and _JOINT.search(words) and any(c[0] == "rivalry" and c[2] >= end for c in cues):
            continue  # "A launched a joint offensive against B": done with others, aimed at B
        if kind != "rivalry" and against is not None and start < against.start():
            continue  # "A joined larger campaigns against B": A joined something else, aimed at B
        kept.append(cue)
    apposed = [c for c in kept if PREPOSITION_END.search(c[4]) and APPOSED_OBJECT.fullmatch(between[c[3]:])]
    if apposed:
        # "A turned against its former ally, B": the noun in apposition names B; it is no cue
        kept = [c for c in kept if c[2] < apposed[0][3]]
    return kept


#: a lower-case noun right after the second name ("under B siege", "B attack"), not a clause word
_NOUN_AFTER_NAME = re.compile(r"(?:'s)?\s+(?!(?:and|or|in|at|on|since|from|until|after|before|as|with|for|during|which|who|that|"
                              r"while|but|to|by|of|is|was|are|were|has|have|had)\b)[a-z]")
_SENT_TO = re.compile(r"\b(?:sen(?:t|d|ds|ding)|dispatch\w*|deploy\w*)\b", re.I)
#: ground another group holds, named after it: "B-held areas", "B strongholds", "B positions"
_ENEMY_GROUND = re.compile(r"(?:'s)?(?:\s*-\s*(?:held|controlled|run)\b|\s+(?:[\w-]+\s+)?(?:strongholds?|positions|territory|"
                           r"areas|front(?:\s+lines?)?|lines|bases|enclaves?)\b)", re.I)
_CLAUSE_PUNCTUATION = re.compile(r"[,;:()]")
#: after a cue of shelter: "from" and a short description of the second group
_SAFETY_FROM = re.compile(r"[^,;.]{0,60}?\bfrom\s+(?:the\s+)?(?:[\w-]+\s+){0,4}?", re.I)


def _appositive_cues(between: str, after: str) -> list[tuple[str, str, int, int, str]]:
    """"A, a B affiliate" / "A, an B-backed militia": the cue follows the second name ("A, B's
    Syrian branch" is read first, by :func:`_possessive_cues`)."""
    if not APPOSITIVE_OPENER.match(between):
        return []
    head = APPOSITIVE_HEAD.match(after)
    if not head:
        return []
    word = (head.group("noun") or head.group("modifier") or "").lower()
    found = APPOSITIVE_NOUNS.get(word) if head.group("noun") else APPOSITIVE_MODIFIERS.get(word)
    if head.group("modifier") and head.group("modifier").lower() in ("backed", "sponsored", "funded", "supported"):
        found = APPOSITIVE_MODIFIERS[head.group("modifier").lower()]
    if not found:
        return []
    return [(found[0], found[1], len(between), len(between), head.group(0).strip(" -"))]


def _possessive_cues(between: str, after: str) -> list[tuple[str, str, int, int, str]]:
    """"A, B's Syrian branch", "A became B's affiliate": the possessed noun after the second name
    says what A is to B (it outranks a verb of the copula: "became" is no rename here)."""
    if _BARE_COMMA.fullmatch(between) or _POSSESSIVE_OPENER.fullmatch(between):
        owned = _POSSESSIVE_HEAD.match(after)
        if owned and owned.group("noun").lower() in APPOSITIVE_NOUNS:
            kind, direction = APPOSITIVE_NOUNS[owned.group("noun").lower()]
            return [(kind, direction, len(between), len(between), owned.group(0).strip())]
    return []


_BARE_COMMA = re.compile(r"\s*,\s*")
#: "A is B's affiliate", "A operates as B's branch", "A was the B's Syrian franchise"
_POSSESSIVE_OPENER = re.compile(
    r"\s*(?:,\s*)?(?:\w+ly\s+)?(?:is|was|are|were|became|becomes|become|remains|remained|has\s+been|had\s+been|"
    r"(?:acts?|acted|serves?|served|operates?|operated|functions?|functioned)\s+as)\s+(?:the\s+)?", re.I)
_POSSESSIVE_HEAD = re.compile(r"'s?\s+(?:[\w-]+\s+){0,2}?(?P<noun>affiliate|franchise|branch|offshoot|wing|faction|splinter|"
                              r"province|chapter|arm|subsidiary|ally|partner|rival|enemy|proxy|client|backer|sponsor|patron|"
                              r"successor|predecessor)\b", re.I)
_COMPLEMENT_VERB = re.compile(
    r"^\s+(?:\w+ly\s+)?(?:consider\w*|regard\w*|view\w*|saw|sees?|label\w*|brand\w*|call\w*|designat\w*|"
    r"deem\w*|treat\w*|describ\w*|denounc\w*|condemn\w*|recogni[sz]\w*|accept\w*|acknowledg\w*|welcom\w*|embrac\w*)\s+(?:the\s+)?$", re.I)
_COMPLEMENT_NOUN = re.compile(
    r"^\s+(?:as|to\s+be)?\s*(?:an?|its|their|the|a\s+key|one\s+of\s+(?:its|their|the))?\s*(?:[\w-]+\s+){0,2}?"
    r"(?P<noun>enem(?:y|ies)|rivals?|adversar(?:y|ies)|foes?|threats?|traitors?|apostates?|"
    r"all(?:y|ies)|partners?|brothers?|friends?|proxy|proxies|affiliates?|branch(?:es)?|provinces?|chapters?|franchises?|wings?|successors?|predecessors?)\b", re.I)
_COMPLEMENT_TYPES = {"enem": ("rivalry", "sym"), "rival": ("rivalry", "sym"), "advers": ("rivalry", "sym"),
                     "foe": ("rivalry", "sym"), "threat": ("rivalry", "sym"), "traitor": ("rivalry", "sym"),
                     "apostat": ("rivalry", "sym"), "all": ("alliance", "sym"), "partner": ("alliance", "sym"),
                     "brother": ("alliance", "sym"), "friend": ("alliance", "sym"), "prox": ("support", "fwd"),
                     "affiliate": ("pledge", "rev"), "branch": ("pledge", "rev"), "province": ("pledge", "rev"),
                     "chapter": ("pledge", "rev"), "franchise": ("pledge", "rev"), "wing": ("pledge", "rev"),
                     "successor": ("merger", "fwd"),
                     "predecessor": ("merger", "rev")}


def _complement_cues(between: str, after: str) -> list[tuple[str, str, int, int, str]]:
    """"A considered B an enemy", "A regards B as its ally": the noun after the second name,
    predicated of it by a verb of judging, is the cue."""
    if not _COMPLEMENT_VERB.match(between):
        return []
    head = _COMPLEMENT_NOUN.match(after)
    if not head:
        return []
    noun = head.group("noun").lower()
    kind, direction = next(v for k, v in _COMPLEMENT_TYPES.items() if noun.startswith(k))
    return [(kind, direction, len(between), len(between), head.group(0).strip())]


_RIVALS_OF_SECOND = re.compile(r"\s+(?:rivals?|enem(?:y|ies)|opponents?|foes?|adversar(?:y|ies))\b", re.I)


def _given_cues(between: str, after: str) -> list[tuple[str, str, int, int, str]]:
    """"A gave B a base", "A sent B weapons", "A allowed B to operate from its soil": the verb
    comes before the second name and what it gives or allows after it."""
    if GIVING_BEFORE.match(between):
        given = GIVEN_AFTER.match(after)
        if given:
            kind = "sanctuary" if given.group("sanctuary") else "support"
            return [(kind, "fwd", 0, len(between), between.strip() + " … " + given.group(0).strip())]
    elif UNDER_BEFORE.search(between) and (protection := PROTECTION_AFTER.match(after)):
        return [("sanctuary", "rev", len(between), len(between), "under … " + protection.group(0).strip())]
    elif UNDER_BEFORE.search(between) and (command := COMMAND_AFTER.match(after)):
        return [("pledge", "fwd", len(between), len(between), "under … " + command.group(0).strip())]
    elif RECEIVING_BEFORE.match(between) and (given := GIVEN_AFTER.match(after)) and given.group(0).startswith("'"):
        # "A benefits from B's hospitality": B gives, A receives
        kind = "sanctuary" if given.group("sanctuary") else "support"
        return [(kind, "rev", 0, len(between), between.strip() + " … " + given.group(0).strip())]
    elif ALLOWING_BEFORE.match(between):
        allowed = ALLOWED_AFTER.match(after)
        if allowed:
            return [("sanctuary", "fwd", 0, len(between), between.strip() + " … " + allowed.group(0).strip())]
    elif (areas := _AREAS_UNDER.search(between)) and (control := _CONTROL_AFTER.match(after)):
        # "A relocated to areas under B control": A found refuge in ground B holds
        return [("sanctuary", "rev", areas.start(), len(between), areas.group(0).strip() + " … " + control.group(0).strip())]
    return []


_AREAS_UNDER = re.compile(r"\b(?:relocat\w*|mov(?:e|ed|es|ing)|fled|flee\w*|retreat\w*|withdr[ae]w\w*|based|hid(?:e|es|ing|den)|"
                          r"shelter\w*|regroup\w*)\s+(?:\S+\s+){0,2}?(?:to|in|into)\s+(?:\S+\s+){0,2}?(?:territory|territories|"
                          r"areas?|lands?|zones?|strongholds?|provinces?|districts?)\s+under\s+(?:the\s+)?$", re.I)
_CONTROL_AFTER = re.compile(r"(?:'s)?\s+(?:[\w-]+\s+)?control\b", re.I)


#: a determiner that negates the cue right after it: "no (known, direct) links to", "without any ties with"
_NEGATING_DETERMINER = re.compile(r"\b(?:no|without(?:\s+any)?)\s+(?:[a-z-]+\s+){0,2}$", re.I)


def _polarity(window: str) -> str:
    if DENIAL.search(window):
        return "denied"
    if HEDGE.search(window):
        return "hypothetical"
    return "asserted"


def _cue_polarity(window: str, cue_start: int, cue_end: int, lead: str = "", tail: str = "") -> str:
    """The polarity of the cue at ``window[cue_start:cue_end]``: denial and hedge words around it,
    its own words left out ("ended its affiliation" is a split, asserted), and a determiner that
    negates it ("A has no links to B", "without any ties with B")."""
    polarity = _polarity(lead + window[:cue_start] + " " * (cue_end - cue_start) + window[cue_end:] + tail)
    if polarity == "asserted" and _NEGATING_DETERMINER.search(window, 0, cue_start):
        return "denied"
    if polarity == "asserted" and _AGAINST_GERUND.search(window, 0, cue_start) and _GERUND.match(window, cue_start):
        return "hypothetical"  # "A warned B against joining C": the joining is what is argued against
    if polarity == "asserted" and _TALKS_BEFORE.search(window, 0, cue_start) and _RELATION_NOUN.match(window, cue_start):
        return "hypothetical"  # "A is discussing a merger with B": a merger talked about, not made
    return polarity


_TALKS_BEFORE = re.compile(r"\b(?:discuss\w*|negotiat\w*|talks\s+(?:on|about|over))\s+(?:an?\s+|the\s+)?"
                           r"(?:possible\s+|potential\s+|future\s+)?$", re.I)
_RELATION_NOUN = re.compile(r"(?:merger|unification|fusion|union|alliance|pact|partnership)\b", re.I)


_AGAINST_GERUND = re.compile(r"\bagainst\s+$", re.I)
_GERUND = re.compile(r"[a-z]+ing\b")


def _directed(kind: str, direction: str, window: str, cue_end: int, a: Mention, b: Mention) -> tuple[Mention, Mention]:
    if direction == "rev":
        return b, a
    tail = window[cue_end:]
    if kind in ("support", "sanctuary") and PASSIVE_BY.search(tail):
        return b, a
    if kind in ("pledge", "split", "merger") and PASSIVE_ONLY_BY.search(tail):
        return b, a
    return a, b


def _kind_for(kind: str, source: Mention, states: frozenset[str]) -> str:
    if kind == "support" and source.actor_id in states:
        return "state_support"
    return kind


#: after a name that opens a parenthesis: "(France 24, 9 August 2016)", "(BBC, March 2015)" — a
#: cited source, not a party
_CITATION = re.compile(r"[\w .'-]{0,25},\s*(?:\d{1,2}\s+)?(?:[A-Z][a-z]+\.?\s+)?(?:\d{1,2},?\s+)?(?:1[89]|20)\d\d\s*[);]")


def sentence_relations(text: str, mentions: list[Mention], *, start: int = 0, end: int | None = None,
                       states: frozenset[str] = frozenset(), nearby_fallback: bool = False) -> list[PairRelation]:
    """Relations among the resolved ``mentions`` of the sentence ``text[start:end]``."""
    end = len(text) if end is None else end
    mentions = [m for m in mentions if m.actor_id and not (
        m.actor_id in states and m.method != "anaphor" and is_non_party(text, m.end)) and not (
        m.method != "anaphor" and _CITATION.match(text, m.end) and text[max(0, m.start - 2):m.start].strip() == "(")]
    mentions = _drop_unnamed_clients(mentions, text)
    mentions = _drop_appositive_anaphors(merge_same_actor(mentions, text), text)
    mentions = _drop_branch_possessors(mentions, text, end)
    # "the 10th Front of B clashed with C": the unit is the party; B only says whose unit it is
    units_of = _units_of(text, mentions, states)
    if units_of:
        owners = {id(r.target) for r in units_of}
        mentions = [m for m in mentions if id(m) not in owners]
    fronted = fronted_clause_end(text, start, end)
    chain = former_name_chain(text, mentions, start)
    barriers = tuple(link[-1].end for link in chain[:-1]) + (() if fronted is None else (fronted,))
    units = coordinated_units(mentions, text, barriers)
    out: list[PairRelation] = []
    # the comma that closes a fronted clause opens the main clause, not an aside
    asides = [m.span() for m in _ASIDE.finditer(text, start, end) if m.start() != fronted] if len(units) > 1 else []
    created_by_merger = [_created_by_merger(text, units[i - 1], unit) if i else None for i, unit in enumerate(units)]
    for index, unit in enumerate(units):
        left_edge = units[index - 1][-1].end if index else start
        right_edge = units[index + 1][0].start if index + 1 < len(units) else end
        created = created_by_merger[index]
        if created is not None:
            # "B was created in 2009 with the merger of A1, A2 and A3": each went into B
            out.extend(PairRelation(m, head, "merger", _polarity(text[units[index - 1][-1].end:unit[0].start]), 0.7,
                                    created.group(0).strip())
                       for m in unit if m.actor_id not in states for head in units[index - 1] if head.actor_id != m.actor_id)
            continue  # (what follows the list is the new group's predicate, not the members')
        if len(unit) > 1:
            out.extend(_within_unit(text, unit, left_edge, right_edge, states, subject=index == 0, headed=index > 0))
        if index + 1 < len(units) and created_by_merger[index + 1] is None:
            right = units[index + 1]
            # a unit inside an aside relates to a unit after the aside only through the aside's text
            closing = [e for s, e in asides if s < unit[0].start and unit[-1].end <= e <= right[0].start
                       and text[s] != "(" and not (index == 0 and s - start <= 60 and
                                                   _LEADER_ASIDE.fullmatch(text, s, unit[0].start))]
            if closing and not text[unit[-1].end:min(closing)].strip(" ,") and \
                    _SINGULAR_APPOSITION.match(text, unit[-1].end, right[0].start) and \
                    any(e == min(closing) and _RELATIVE_OPENER.match(text, s) for s, e in asides):
                # "A, which received arms from B, an affiliate of C, grew": a relative clause that
                # ends in a name goes on with that name's apposition ("A, backed by B, an affiliate
                # of C" stacks two appositions of A)
                closing = []
            between = text[unit[-1].end:min(closing)] if closing else None
            if closing and index > 0:
                opener = [s for s, e in asides if e == min(closing)][0]
                if _RELATIVE_SUBJECT.fullmatch(text, opener, unit[0].start):
                    # "A, which C hosted for years, pledged allegiance to B": C's verb is about A
                    out.extend(_across_units(text, unit, units[index - 1], opener, states, between=between))
                    continue
                if _POSSESSIVE_ASIDE.fullmatch(text, opener, min(closing)):
                    continue  # "A, C's Syrian branch, fought B": C's noun phrase describes A, not B
            if fronted is not None and unit[-1].end <= fronted < right[0].start and \
                    _OPENING.fullmatch(text, fronted + 1, right[0].start):
                # "While A trained B, C recruited D": B is in the fronted clause, C opens the main one;
                # "Backed by A, B attacked C": the participle relates its agent A to the subject B
                participle = _FRONTED_PARTICIPLE.match(text, start, unit[0].start)
                if participle and index == 0:
                    out.extend(_across_units(text, right, unit, start, states,
                                             between=participle.group("verb") + " by "))
                elif index == 0 and FRONTED_SUPPORT.fullmatch(text, start, unit[0].start):
                    # "With the support of A, B attacked C": A backs B
                    out.extend(_across_units(text, right, unit, start, states, between=" backed by "))
                elif index == 0 and FRONTED_COMPANION.fullmatch(text, start, unit[0].start):
                    # "Together with A, B attacked C": A acted alongside B
                    out.extend(_across_units(text, unit, right, start, states, between=" alongside "))
                continue
            joining = _JOINING_SUBJECT.search(text, max(left_edge, unit[0].start - 80), unit[0].start) \
                if len(unit) == 1 and _LISTED_AS.fullmatch(text, unit[-1].end, right[0].start) else None
            if joining and joining.end() == unit[0].start:
                # "the factions joining B include A1, A2 and A3": the listed groups are the ones joining
                # ("the factions involved in B include A1 …": members of B, read as "part of")
                verb = joining.group("verb") or "part of"
                out.extend(_across_units(text, right, unit, left_edge, states, between=f" {verb} "))
                continue
            held = _AS_ITS.match(text, right[-1].end) if len(unit) == 1 and _HAS.fullmatch(text, unit[-1].end, right[0].start) else None
            if held:
                # "B has A1, A2 and A3 as its armed wings": each A is what the noun says it is to B
                out.extend(_held_as(text, unit[0], right, held, states))
                continue
            relative = _RELATIVE.match(text, unit[-1].end, right[0].start)
            if relative and relative.end() == right[0].start:
                # "C, from which A split": A is the subject, the verb follows it, C the object
                verb = _CLAUSE_END.split(text[right[-1].end:min(end, right[-1].end + 80)])[0]
                out.extend(_across_units(text, right, unit, left_edge, states,
                                         between=f"{verb} {relative.group('prep')} "))
                continue
            if index > 0 and (_COORDINATED_VERB.match(text, unit[-1].end, right[0].start) or
                              _COORDINATED_PREDICATE.fullmatch(text, unit[-1].end, right[0].start)) and \
                    not any(m.actor_id == r.actor_id for m in units[0] for r in right):
                # "A severed ties with C and joined B": C is an object; "joined" is A's verb
                # ("A is an ally of C and a rival of B": a coordinated predicate noun, also A's)
                subject_edge = start
                out.extend(_across_units(text, units[0], right, subject_edge, states,
                                         between=text[unit[-1].end:right[0].start]))
                continue
            if index > 0 and FORMED_BY_MERGING.match(text[unit[-1].end:right[0].start]) and \
                    _PART_OF_BEFORE.fullmatch(text, units[index - 1][-1].end, unit[0].start):
                # "A is a branch of C formed by merging groups, which included B": the participle
                # describes A (the branch), not C, so B merged into A
                out.extend(_across_units(text, units[index - 1], right, units[index - 1][0].start, states,
                                         between=text[unit[-1].end:right[0].start]))
                continue
            out.extend(_across_units(text, unit, right, left_edge, states, between=between, lead_owned=index == 0))
        elif index > 0 and _RELATIVE_SUBJECT.fullmatch(text, units[index - 1][-1].end, unit[0].start):
            # "A, which C shelters, attacked …": C's verb in the aside is about A
            close = _CLAUSE_PUNCTUATION.search(text, unit[-1].end, end)
            verb = text[unit[-1].end:close.start() if close else end]
            out.extend(_across_units(text, unit, units[index - 1], units[index - 1][-1].end, states, between=verb))
    out.extend(_across_asides(text, units, asides, start, states))
    out.extend(_subject_appositives(text, units, end, states))
    out = _former_names(chain, out)
    out.extend(_through_companions(text, units, start, states))
    out.extend(_opposing_sides(text, mentions, start, end, states))
    out.extend(units_of)
    if nearby_fallback:
        out.extend(_nearby_cue_pairs(text, units, out, start, end, states))
    # a state does not merge into or split from an armed group ("rebranding cadres … against India
    # and using the Haqqani network"); a group may merge into a state's forces or split from them
    out = [r for r in out if not (r.type in _CHANGES_OF_BODY and r.source.actor_id in states)]
    return _dedupe(_by_priority(_founded_then_split(_merged_to_form(out))))


_CHANGES_OF_BODY = ("merger", "split")
#: "A is a Sahelian branch of C", "A, the Syrian wing of C": A named as a part of C just before C
_PART_OF_BEFORE = re.compile(r"\s*(?:,\s*|\s+(?:is|was|are|were|became|remains|remained)\s+)(?:an?|the|one)\s+(?:[\w'’-]+\s+){0,2}?"
                             r"(?:branch|wing|affiliate|franchise|faction|arm|offshoot|chapter|province)\s+of\s+(?:the\s+)?", re.I)


#: "B has A as its wing", "B counts A among its members": a verb of having between the head and the list
_HAS = re.compile(r"\s+(?:has|have|had|counts?|counted|uses?|used)\s+(?:the\s+)?", re.I)
#: after the list: what the listed groups are to the head ("… as its armed arms")
_AS_ITS = re.compile(r"\s*,?\s+(?:as|among)\s+(?:its|their|his|her)\s+(?:[\w-]+\s+){0,2}?(?P<noun>affiliate|franchise|branch|offshoot|wing|"
                     r"front|faction|ally|allies|partner|prox(?:y|ies)|arm|chapter|subsidiar(?:y|ies)|client|member)(?:e?s)?\b", re.I)
#: what a listed group held as "its members" is to the head: a member of its alliance
_MEMBER_NOUN = {"member": ("alliance", "sym")}


def _held_as(text, head: Mention, members: list[Mention], held: re.Match, states) -> list[PairRelation]:
    """Relations of "B has A1 and A2 as its armed wings" and "B counts A among its members": the
    noun types each A's tie to B."""
    noun = held.group("noun").lower()
    noun = {"allies": "ally", "proxies": "proxy", "subsidiaries": "subsidiary"}.get(noun, noun)
    kind, direction = APPOSITIVE_NOUNS.get(noun) or _MEMBER_NOUN[noun]
    polarity = _polarity(text[head.end:held.end()])
    out = []
    for m in members:
        if m.actor_id == head.actor_id:
            continue
        source, target = (m, head) if direction != "rev" else (head, m)
        out.append(PairRelation(source, target, _kind_for(kind, source, states), polarity, 0.7, held.group(0).strip()))
    return out


#: a named unit: its name ends in a noun of a part of an armed group ("Eastern War Front")
_UNIT_NAME = re.compile(r"(?:" + UNIT_NOUN + r"|Fronts|Units|Branch|Chapter|Command|Group)$")
_OF_THE = re.compile(r"\s+of\s+(?:the\s+)?")


def _units_of(text, mentions, states) -> list[PairRelation]:
    """"the Eastern War Front of the ELN": a group named as a unit of the group named right after
    "of" is part of it (pledge)."""
    out = []
    for a, b in zip(mentions, mentions[1:]):
        if a.actor_id != b.actor_id and b.actor_id not in states and a.actor_id not in states and \
                a.method != "anaphor" and b.method != "anaphor" and _UNIT_NAME.search(a.text) and \
                _OF_THE.fullmatch(text, a.end, b.start):
            out.append(PairRelation(a, b, "pledge", "asserted", 0.75, text[a.end:b.start].strip()))
    return out


def _opposing_sides(text, mentions, start, end, states) -> list[PairRelation]:
    """"The battle between A on one side, and B and C on the other": every group of the first side
    is a rival of every group of the second (states are left out; a side's members are not thereby
    allies: the sentence says whom they fought, not with whom)."""
    out: list[PairRelation] = []
    if text.find("one side", start, end) < 0:
        return out
    for sides in OPPOSING_SIDES.finditer(text, start, end):
        openers = [o.end() for o in SIDE_OPENER.finditer(text, start, sides.start())]
        first = [m for m in mentions if (openers[-1] if openers else start) <= m.start and m.end <= sides.start()]
        second = [m for m in mentions if sides.start("mid") <= m.start and m.end <= sides.end("mid")]
        polarity = _polarity(text[start:sides.end()])
        out.extend(PairRelation(a, b, "rivalry", polarity, 0.72, "on one side … on the other")
                   for a in first for b in second
                   if a.actor_id != b.actor_id and a.actor_id not in states and b.actor_id not in states)
    return out


def _created_by_merger(text: str, head: list[Mention], unit: list[Mention]) -> re.Match | None:
    """The words "was created … with the merger of" between ``head`` and the list ``unit``, in one
    clause, or None."""
    match = _CREATED_BY_MERGER.search(text, max(head[-1].end, unit[0].start - 160), unit[0].start)
    return match if match and not _CLAUSE_BREAK_HARD.search(text, head[-1].end, match.start()) else None


def _merged_to_form(relations: list[PairRelation]) -> list[PairRelation]:
    """"A merged with B to form C": A and B went into C; B did not absorb A (the A–B merger
    goes when the sentence gives either of them a merger into a third group by "to form")."""
    formed = {(r.source.actor_id, r.target.actor_id) for r in relations
              if r.type == "merger" and _FORMING_CUE.match(r.cue)}
    if not formed:
        return relations
    def into_third(rel: PairRelation) -> bool:
        pair = {rel.source.actor_id, rel.target.actor_id}
        return any(s in pair and t not in pair for s, t in formed)
    return [r for r in relations if not (r.type == "merger" and MERGER_WORD.search(r.cue) and into_third(r))]


def _founded_then_split(relations: list[PairRelation]) -> list[PairRelation]:
    """"A was formed by B, from which it split a year later": the split ended the tie the
    founding made, so the founding's pledge goes when the sentence splits the same pair."""
    split = {frozenset((r.source.actor_id, r.target.actor_id)) for r in relations if r.type == "split"}
    if not split:
        return relations
    return [r for r in relations if not (r.type == "pledge" and is_founding_cue(r.cue)
                                         and frozenset((r.source.actor_id, r.target.actor_id)) in split)]


def _by_priority(relations: list[PairRelation]) -> list[PairRelation]:
    """One sentence, one pair, several types: a change of status outranks a standing tie and
    membership outranks material help (:func:`.scope.rank`); the outranked types stay, a little
    less confident, so that the pair's most confident claim carries the leading type."""
    if len(relations) < 2:
        return relations
    top: dict[frozenset, tuple[int, float]] = {}
    for rel in relations:
        pair = frozenset((rel.source.actor_id, rel.target.actor_id))
        top[pair] = max(top.get(pair, (0, 0.0)), (rank(rel.type), rel.confidence))
    out = []
    for rel in relations:
        best, confidence = top[frozenset((rel.source.actor_id, rel.target.actor_id))]
        if rank(rel.type) < best and rel.confidence >= confidence:
            rel = PairRelation(rel.source, rel.target, rel.type, rel.polarity,
                               round(max(confidence - 0.05, 0.3), 2), rel.cue)
        out.append(rel)
    return out


def _nearby_cue_pairs(text, units, found, start, end, states) -> list[PairRelation]:
    """A fallback for two groups of one sentence that no rule above related: the cue nearest to
    them in the sentence (up to 60 characters around the pair) types a low-confidence relation
    ("In a joint raid, A and B …", "A and B in renewed clashes"). Such claims carry confidence
    0.35 and the cue that typed them, for a reviewer to confirm."""
    related = {frozenset((r.source.actor_id, r.target.actor_id)) for r in found}
    out = []
    for i, left in enumerate(units):
        for right in units[i + 1:]:
            pairs = [(a, b) for a in left for b in right if a.actor_id != b.actor_id
                     and frozenset((a.actor_id, b.actor_id)) not in related]
            if not pairs:
                continue
            lo, hi = max(start, left[0].start - 60), min(end, right[-1].end + 60)
            region = _unified(text)[lo:hi]
            spans = [(m.start - lo, m.end - lo) for unit in units for m in unit]
            cues = [c for c in _find_cues(region) if not any(s < c[3] and c[2] < e for s, e in spans)]
            if not cues:
                continue
            middle = (left[-1].end + right[0].start) / 2 - lo
            kind, direction, cue_start, cue_end, cue_text = min(cues, key=lambda c: abs((c[2] + c[3]) / 2 - middle))
            polarity = _cue_polarity(region, cue_start, cue_end)
            for a, b in pairs:
                source, target = (b, a) if direction == "rev" and cue_start < left[0].start - lo else (a, b)
                out.append(PairRelation(source, target, _kind_for(kind, source, states), polarity, 0.35, cue_text.strip()))
                related.add(frozenset((a.actor_id, b.actor_id)))
    return out


_SUBJECT_APPOSITIVE = re.compile(
    r"\s*,\s*(?:(?:one|two|some)\s+of\s+)?(?:its|their)\s+(?:[a-z]+\s+){0,2}?(?P<noun>rivals?|enem(?:y|ies)|all(?:y|ies)|partners?|"
    r"affiliates?|offshoots?|splinters?|backers?|patrons?|sponsors?|proxy|proxies|parent)\b", re.I)
_SUBJECT_NOUNS = {"rival": ("rivalry", "fwd"), "enem": ("rivalry", "fwd"), "all": ("alliance", "fwd"),
                  "partner": ("alliance", "fwd"), "affiliate": ("pledge", "rev"), "offshoot": ("split", "rev"),
                  "splinter": ("split", "rev"), "backer": ("support", "rev"), "patron": ("support", "rev"),
                  "sponsor": ("support", "rev"), "prox": ("support", "fwd"), "parent": ("split", "fwd")}


def _subject_appositives(text, units, end, states) -> list[PairRelation]:
    """"A took the town from B, one of its major rivals": "its" is the subject A, so the noun
    relates A and B."""
    out = []
    for unit in units[1:]:
        match = _SUBJECT_APPOSITIVE.match(text, unit[-1].end, end)
        if not match:
            continue
        noun = match.group("noun").lower()
        kind, direction = next(v for k, v in _SUBJECT_NOUNS.items() if noun.startswith(k))
        for a in units[0]:
            for b in unit:
                if a.actor_id == b.actor_id:
                    continue
                source, target = (b, a) if direction == "rev" else (a, b)
                out.append(PairRelation(source, target, _kind_for(kind, source, states),
                                        _polarity(text[unit[0].start - 40 if unit[0].start > 40 else 0:match.end()]),
                                        0.65, match.group(0).strip(" ,")))
    return out


_FORMERLY = re.compile(r"[\s\"“‘']*(?:formerly|previously|once|originally)\s+(?:known\s+as\s+|called\s+|named\s+)?(?:the\s+)?", re.I)
_THEN_KNOWN = re.compile(r"\s*,?\s*(?:and\s+)?(?:then|later|subsequently|afterwards)\s+(?:known\s+as\s+|called\s+)?(?:the\s+)?", re.I)
_SUBJECT_AFTER = re.compile(r"\s*,\s*(?:the\s+)?")


_SAME_NAME = re.compile(r"\s*(?:\(|\)|/|\bor\b)\s*(?:the\s+)?|\s*\)\s*,?\s*(?:or\s+)?(?:the\s+)?", re.I)


def former_name_chain(text: str, mentions: list[Mention], start: int) -> list[list[Mention]]:
    """"Formerly A, then B, C …": the fronted earlier names of the main clause's subject C, oldest
    first, then C itself (variants of one name — "A or A'", "A (A')" — stay one link); empty when
    the sentence does not open so."""
    if len(mentions) < 2 or not _FORMERLY.fullmatch(text, start, mentions[0].start):
        return []
    chain = [[mentions[0]]]
    for m in mentions[1:]:
        gap = (chain[-1][-1].end, m.start)
        if _SAME_NAME.fullmatch(text, *gap):
            chain[-1].append(m)
        elif _THEN_KNOWN.fullmatch(text, *gap):
            chain.append([m])
        else:
            if _SUBJECT_AFTER.fullmatch(text, *gap):
                chain.append([m])
                return chain
            return []
    return []


def _former_names(chain: list[list[Mention]], relations: list[PairRelation]) -> list[PairRelation]:
    """The renames of a :func:`former_name_chain`: each earlier name merged into every later one,
    as renames are recorded; the names of the chain relate to each other only so."""
    if not chain:
        return relations
    spans = {(m.start, m.end) for link in chain for m in link}
    out = [r for r in relations if not ((r.source.start, r.source.end) in spans and (r.target.start, r.target.end) in spans)]
    for i, older in enumerate(chain):
        for newer in chain[i + 1:]:
            for a in older:
                for b in newer:
                    if a.actor_id != b.actor_id:
                        conf = 0.8 if a.method != "anaphor" and b.method != "anaphor" else 0.6
                        out.append(PairRelation(a, b, "merger", "asserted", conf, "formerly"))
    return out


_COMITATIVE = re.compile(r"\b(?:alongside|along\s+side|together\s+with|with|side\s+by\s+side\s+with|in\s+concert\s+with|in\s+tandem\s+with)\s+(?:the\s+)?"
                         r"(?:[\w-]+['\u2019]s\s+)?$", re.I)  # ("merged with Belmokhtar's B")
_DESCRIBING_ASIDE = re.compile(r"(?:\s*\([^()]{0,40}\)|\s+[\w'\u2019-]+){0,4}\s*,\s*(?:an?|another|the)\s+(?:[\w-]+\s+){0,2}$", re.I)
_ASIDE_CLOSE = re.compile(r"(?:\s+[\w-]+){0,2}\s*,")
_INCLUSION = re.compile(r"^\s*,?\s*\(?\s*(?:including|such\s+as|notably|among\s+them|especially|in\s+particular)\s+(?:the\s+)?$", re.I)


def _through_companions(text, units, start, states) -> list[PairRelation]:
    """Units one step apart linked through the unit between them:

    * a companion — "A fought alongside B against C": A is also C's rival (window B…C);
      "A merged with B to form C": A is also C's predecessor;
    * an example — "A fought the CMA, including B": B inherits the relation (window A…CMA).
    """
    out = []
    for i in range(len(units) - 2):
        a, b, c = units[i], units[i + 1], units[i + 2]
        first, second = text[a[-1].end:b[0].start], text[b[-1].end:c[0].start]
        if i + 3 < len(units) and _DESCRIBING_ASIDE.match(second) and \
                _ASIDE_CLOSE.match(text, c[-1].end, units[i + 3][0].start):
            # "A merged with B, another X offshoot, to form C": X is in an aside about B
            c = units[i + 3]
            second = text[b[-1].end:c[0].start]
        left_edge = units[i - 1][-1].end if i else start
        if _COORDINATED_VERB.match(second):
            continue  # "A accused B of working with C and attacked D": D is the object of A's next verb
        if _COMITATIVE.search(first) and len(first) <= MAX_WINDOW and not second.lstrip().startswith(("-", "'", "’")) \
                and not _BARE_COMMA.fullmatch(second):
            # (not "A merged with B, C's affiliate": the appositive describes B)
            # (not "A with B-backed C": the hyphen binds B to C alone)
            if i and _COORDINATED_VERB.match(first):
                # "A split from X and later allied with B against C": the companion of A's next verb
                a, left_edge = units[0], start
            out.extend(_across_units(text, a, c, left_edge, states, between=second, lead_owned=left_edge == start))
        elif _INCLUSION.match(second):
            out.extend(_across_units(text, a, c, left_edge, states, between=first, lead_owned=i == 0))
    return out


#: a possessive appositive right after a comma, its possessor a name (capitalised words):
#: "A, al-Qaeda's affiliate in the Sahel, clashed with B"
_POSSESSIVE_APPOSITIVE = (r",\s*(?:the\s+)?(?:(?:[A-Z][\w'’.-]*|al-[\w'’-]+)\s+){0,4}(?:[A-Z][\w.-]*|al-[\w-]+)['’]s\s+"
                          r"[^,;()]*,")
_ASIDE = re.compile(
    r"\([^()]*\)|\s[\u2014\u2013-]{1,2}\s[^\u2014\u2013]*?\s[\u2014\u2013-]{1,2}\s|"
    r",\s*(?:which|who|whose|whom|where|when|an?|the|its|their|led|headed|based|founded|formed|created|"
    r"another|itself|themselves|also|once|then|now|including|along\s+with|together\s+with|known|a\.k\.a\.|aka|formerly|"
    r"previously|later|according|composed|made\s+up|comprising|consisting|supported|backed|funded|armed|aided|"
    r"assisted|sponsored|helped|accompanied|joined|"
    # a contrast that sets a group apart: "A, but not C, joined B", "A, unlike C, …"
    r"but\s+not|not|unlike|except|apart\s+from|excluding)\b[^,;()]*,|"
    + _POSSESSIVE_APPOSITIVE)
_POSSESSIVE_ASIDE = re.compile(_POSSESSIVE_APPOSITIVE)


def _across_asides(text, units, asides, start, states) -> list[PairRelation]:
    """Pairs of units separated only by asides: "A, which C backs, attacked B" relates A and B
    through the text outside the aside (here "attacked")."""
    if len(units) < 3 or not asides:
        return []
    out = []
    for i in range(len(units) - 2):
        left_end = units[i][-1].end
        after_left = [(s, e) for s, e in asides if s >= left_end - 1]
        for j in range(i + 2, len(units)):
            if not all(any(s <= m.start and m.end <= e for s, e in after_left) for m in units[j - 1]):
                break  # a unit outside every aside stands between: no later unit pairs with unit i either
            right_start = units[j][0].start
            inner = [(s, e) for s, e in after_left if e <= right_start + 1]
            middle = [m for unit in units[i + 1:j] for m in unit]
            if not inner or not all(any(s <= m.start and m.end <= e for s, e in inner) for m in middle):
                continue
            last_close = max(e for s, e in inner)
            if text[middle[-1].end:last_close].strip(" ,") == "" and _SINGULAR_APPOSITION.match(text, last_close - 1, right_start) \
                    and any(e == last_close and _RELATIVE_OPENER.match(text, s) for s, e in inner):
                continue  # "A, which received arms from B, an affiliate of C": the apposition is B's
            pieces, cursor = [], left_end
            for s, e in inner:
                pieces.append(text[cursor:max(cursor, s)])
                cursor = max(cursor, e)
            pieces.append(text[cursor:right_start])
            between = " ".join(p.strip(" ,") for p in pieces if p.strip(" ,")).join("  ")
            left_edge = units[i - 1][-1].end if i else start
            out.extend(_across_units(text, units[i], units[j], left_edge, states, between=between))
    return out


_NEUTRAL_HEAD = re.compile(r"\s*(?:relationship|relations|ties)\b", re.I)
_JOINT = re.compile(r"\b(?:joint|jointly|coordinat\w*|combined)\b", re.I)
_AIMED_ELSEWHERE = re.compile(r"\s+(?:\w+\s+)?(?:with|against|on)\s+(?!(?:each\s+other|one\s+another|themselves)\b)", re.I)
_PASSIVE = re.compile(r"\b(?:were|was|are|is|been|being)\s+(?:\w+ly\s+)?\w+(?:ed|en|t)\s+by\b", re.I)
_SUBJECT_PREFIX = re.compile(r"[\s\"“‘']*(?:(?:in|on|by|during|since|after)\s+[^,]{0,30},\s*)?(?:the\s+|both\s+)?", re.I)


_COMPOSITION = re.compile(r"[,(]\s*(?:which\s+(?:includes?|included|comprises?|comprised)|comprising|composed\s+of|made\s+up\s+of|"
                          r"consisting\s+of|including|such\s+as)\s+(?:the\s+)?$", re.I)


_FORMER = re.compile(r"\bformer\s+$", re.I)
_FORMER_MEMBERS_FOUNDED = re.compile(
    r"\s*(?:[\w-]+\s+){0,2}?(?:generals?|commanders?|members?|leaders?|fighters|officers?|cadres?|officials?|militants|emirs?)\s+"
    r"(?:who\s+)?(?:have\s+|has\s+|had\s+)?(?:since\s+|later\s+|then\s+|subsequently\s+|in\s+\d{4},?\s+)?"
    r"(?:formed|founded|created|launched|set\s+up|established|started)\s+(?:their\s+own\s+|his\s+own\s+)?"
    r"(?:(?:[\w-]+\s+){0,3}?(?:movements?|groups?|factions?|militias?|organi[sz]ations?|outfits?)\s*[:,]?\s*)?(?:the\s+)?$", re.I)
_INVERTED_FIGHTERS = re.compile(
    r"\s*(?:['\u2019]s\s+)?(?:side|ranks|camp|forces)?\s*(?:were|are|was|is)\s+(?:also\s+)?(?:\S+\s+){0,2}?"
    r"(?:fighters|militants|members|combatants|recruits|defectors)\s+(?:from|of)\s+(?:the\s+)?", re.I)
_JOINING_LEAD = re.compile(r"\b(?:joining|joined|fighting\s+(?:alongside|for|with|on\s+the\s+side\s+of)|on\s+the\s+side\s+of)\s+(?:the\s+)?$", re.I)
_CREATED_BY_MERGER = re.compile(
    r"\b(?:was|were|had\s+been|has\s+been)\s+(?:created|formed|founded|established|born|set\s+up)\b[^.;:]{0,60}?\b(?:with|through|by|from|in|out\s+of)\s+"
    r"(?:the\s+|a\s+)?(?:merger|union|amalgamation|unification|fusion)\s+(?:of|between)\s+(?:[\w-]+\s+){0,4}?"
    r"(?:(?:groups?|factions?|organi[sz]ations?|movements?|militias?|brigades?|outfits?)\s*)?[:,]?\s*(?:the\s+)?"
    r"(?:[\w-]+['\u2019]s?\s+)?$", re.I)  # ("… of four groups: Aweys' Alliance …")
_CLAUSE_BREAK_HARD = re.compile(r"[;.]")
#: after "members of A": a verb of going over to B
_WENT_OVER = re.compile(r"\s*(?:have\s+|has\s+|had\s+)?(?:\w+ly\s+)?(?:defected|deserted|switched\s+(?:sides|allegiance)|"
                        r"(?:crossed|went|gone)\s+over)\s+(?:over\s+)?to\s+(?:the\s+)?", re.I)
#: "A, B and C merged to form D", "A and B merged into D": the list merged into the named group that
#: follows, not into each other
_MERGED_TO_FORM = re.compile(r"[^.;]*?\bmerg\w*\s+(?:together\s+)?(?:(?:in|on)\s+[^,;.]{1,20}?\s+)?(?:to\s+(?:form|create|establish|become)|into)\s+"
                             r"(?:(?:the|a)\s+(?:new\s+)?(?:(?:[\w-]+\s+){0,2}?(?:called|named|known\s+as)\s+(?:the\s+)?)?)?", re.I)
_MADE_UP_OF = re.compile(r"\b(?:compris\w*|composed\s+of|made\s+up\s+of|consist\w*\s+of)\s+(?:the\s+)?$", re.I)


def _within_unit(text, unit, left_edge, right_edge, states, subject: bool = False,
                 headed: bool = False) -> list[PairRelation]:
    prefix = _unified(text)[max(left_edge, unit[0].start - 80):unit[0].start]
    suffix = _unified(text)[unit[-1].end:min(right_edge, unit[-1].end + 80)]
    prefixed = [(k, hit) for k, p in LIST_PREFIX if (hit := p.search(prefix))]
    kinds = [k for k, _ in prefixed]
    # "there is no cooperation between A and B": the relation noun's own determiner negates it
    negated = any(_NEGATING_DETERMINER.search(prefix, 0, hit.start()) for _, hit in prefixed)
    if headed and _MADE_UP_OF.search(prefix) and unit[0].start - left_edge <= 80:
        # "B, the alliance made up of A1, A2 and A3": the members belong to the named head B (an
        # alliance each with B), not to each other
        kinds = []
    # "The alliance, comprising A, B and C, has seized …": the verb after the appositive list is
    # the head noun's, not the list's
    composition = bool(_COMPOSITION.search(prefix))
    own_verb = None  # "A and B ended their alliance": the verb is the relation, not its denial
    for kind, pattern in () if composition else LIST_SUFFIX:
        match = pattern.search(suffix)
        if not match:
            continue
        if "verb" in pattern.groupindex:
            own_verb = match.span("verb")
        # "A and B clashed with C", "A and B fought C": the list fought someone else (joint action below)
        aimed = kind == "rivalry" and bool(_AIMED_ELSEWHERE.match(suffix, match.end()) or (
            right_edge <= unit[-1].end + 80 and _OPENING.fullmatch(suffix, match.end())))
        if kind == "merger" and right_edge <= unit[-1].end + 80 and _MERGED_TO_FORM.fullmatch(suffix):
            continue
        if not aimed:
            kinds.append(kind)
    if "alliance" in kinds and (NEUTRAL_TIES.search(prefix) or _NEUTRAL_HEAD.match(suffix)) and \
            HOSTILE_STATE.match(suffix):
        # "relations between A and B have been hostile": the predicate types the neutral noun
        kinds = ["rivalry" if k == "alliance" else k for k in kinds]
    reciprocal = RECIPROCAL.match(_unified(text)[unit[-1].end:min(right_edge, unit[-1].end + MAX_WINDOW)])
    mutual: list[str] = []
    if reciprocal and not kinds:  # "A and B attacked one another's members"
        cues = _find_cues(reciprocal.group(0))
        kinds = [c[0] for c in cues if c[1] == "sym"][-1:]
        if not kinds:
            # "A and B have supported each other": a directed relation, each way
            mutual = [c[0] for c in cues if c[0] in _MUTUAL_KINDS][-1:]
    joint = False
    if not kinds and subject and not composition and right_edge < len(text) and _SUBJECT_PREFIX.fullmatch(prefix):
        # "A and B attacked C": a list that is the subject of a hostile act against a third group
        # acted together
        verb = _unified(text)[unit[-1].end:right_edge]
        if len(verb) <= 80 and not _CLAUSE_BREAK.search(verb) and \
                any(c[0] == "rivalry" for c in _find_cues(verb)) and not DENIAL.search(verb) \
                and not _PASSIVE.search(verb):
            kinds, joint = ["alliance"], True
    if not kinds and not composition and (_JOINT_CLAIM_AFTER.match(suffix) or _JOINT_CLAIM_BEFORE.search(
            _unified(text), max(0, unit[0].start - 120), unit[0].start)):
        # "A and B claimed the attack", "the bombing was carried out by A and B": one act, two authors
        kinds, joint = ["alliance"], True
    out = []
    if own_verb is not None:
        suffix = suffix[:own_verb[0]] + " " * (own_verb[1] - own_verb[0]) + suffix[own_verb[1]:]
    for kind in dict.fromkeys(kinds):
        polarity = "denied" if negated else _polarity(clause_lead(prefix) + " " + (_CLAUSE_END if joint else _CONTRAST).split(suffix)[0])
        for i, a in enumerate(unit):
            for b in unit[i + 1:]:
                if a.actor_id != b.actor_id:
                    conf = 0.75 if a.method != "anaphor" and b.method != "anaphor" else 0.55
                    out.append(PairRelation(a, b, _kind_for(kind, a, states), polarity,
                                            conf - 0.15 if joint else conf, "joint action" if joint else "list"))
    for kind in mutual:
        polarity = _polarity(clause_lead(prefix) + " " + _CONTRAST.split(suffix)[0])
        for a, b in itertools.permutations(unit, 2):
            if a.actor_id != b.actor_id:
                conf = 0.7 if a.method != "anaphor" and b.method != "anaphor" else 0.5
                out.append(PairRelation(a, b, _kind_for(kind, a, states), polarity, conf, "mutual"))
    return out


_ACT = r"(?:attack|bombing|assault|raid|ambush|operation|offensive|strike|kidnapping|abduction|massacre)"
#: a list that claimed or carried out one named act: "A and B (jointly) claimed the attack"
_JOINT_CLAIM_AFTER = re.compile(
    r"\s*(?:have\s+|has\s+|had\s+)?(?:jointly\s+)?(?:claimed(?:\s+(?:joint\s+)?responsibility\s+for)?|carried\s+out|staged|"
    r"conducted|mounted|launched|executed)\s+(?:the|a|an|this|that)\s+(?:[\w-]+\s+){0,3}?" + _ACT + r"\b(?!s)", re.I)
#: the act first, in the passive: "the bombing was carried out by A and B", "bombings claimed by A and B"
_JOINT_CLAIM_BEFORE = re.compile(
    r"\b" + _ACT + r"s?\b[^.;]{0,80}?\b(?:(?:was|were|had\s+been|has\s+been|are|is)\s+)?(?:jointly\s+)?"
    r"(?:claimed|carried\s+out|staged|conducted|mounted|executed)\s+(?:jointly\s+)?by\s+(?:the\s+)?$", re.I)
#: directed relations that two groups can have with each other ("supported each other")
_MUTUAL_KINDS = ("support", "sanctuary")


MERGER_WORD = re.compile(r"\bmerg|\bamalgamat|\bunit", re.I)
_FORMING = r"(?:to\s+(?:form|create|establish)|forming|creating)"
#: a cue that names what two groups went into ("to form", "forming")
_FORMING_CUE = re.compile(_FORMING + r"\b", re.I)
_TO_FORM = re.compile(r"\s*" + _FORMING + r"\s+(?:the\s+|a\s+new\s+)?", re.I)
_FOUGHT_WITH = re.compile(r"\s*(?:fought|fight\w*|battl\w*)\s*", re.I)
_PURPOSE_TAKE = re.compile(r"^\s*(?:in\s+order\s+)?to\s+(?:take|capture|seize|retake|recapture|hold|defend|storm|overrun|drive|expel|oust|"
                           r"topple|overthrow|defeat|repel|liberate|besiege)\b", re.I)
_ALTERNATIVE = re.compile(r"\s*(?:[\w'-]+\s+){0,2}?or\s+(?!(?:its|their|with|against|to)\b)", re.I)


def _across_units(text, left, right, left_edge, states, between: str | None = None,
                  lead_owned: bool = True) -> list[PairRelation]:
    """Relations between the units ``left`` and ``right`` from the cues of the text between them.

    ``lead_owned`` is false when the words before ``left`` follow another group: they are that
    group's predicate ("A is no longer part of the B-led coalition with C": the denial is A's), so
    their polarity reaches the pair only through a complement clause ("A denied that B …")."""
    between = _unified(text)[left[-1].end:right[0].start] if between is None else between.translate(APOSTROPHES)
    if len(between) > MAX_WINDOW:
        return []
    if _ALTERNATIVE.match(between):
        # "an A commander or a former member of B": alternatives, not a relation between them
        return []
    if OFFER_AFTER.match(between) or (OFFERED_AFTER.match(between) and
                                      OFFER_BY.search(text, max(left_edge, left[0].start - 40), left[0].start)):
        # "B's call to join it", "a call by B to join it": the tie B offers is not B's own act
        return []
    # an aside that names no group says nothing about the pair around it
    between = blank_asides(between)
    after = _unified(text)[right[-1].end:right[-1].end + 80]
    given = _given_cues(between, after)
    if given and given[0][0] == "sanctuary":
        cues = given  # "A provided B with safe havens": what is given types the tie, not "provide"
    else:
        cues = (_possessive_cues(between, after) or _scoped(between, _find_cues(between), after)
                or _appositive_cues(between, after) or _complement_cues(between, after) or given)
    if cues and _RIVALS_OF_SECOND.match(after):
        # "A trained B rivals": the object is B's rivals; B is only their modifier
        cues = [c for c in cues if c[0] not in ("support", "alliance", "sanctuary", "pledge")]
    lead = _unified(text)[max(left_edge, left[0].start - 40):left[0].start]
    if not cues and AID_FROM.search(lead) and AID_ARRIVES.fullmatch(between):
        # "funding from A reached B": A supports B
        cues = [("support", "fwd", 0, len(between), lead[AID_FROM.search(lead).start():].strip() + between)]
    if not cues and lead_owned:
        # "A claimed that B had killed its commanders": B's verb is aimed back at A
        back = AIMED_BACK.match(after)
        if back:
            aimed = [c for c in _find_cues(back.group("verb")) if c[0] in ("rivalry", "support") and c[1] != "rev"]
            if aimed:
                kind, _, _, _, words = aimed[0]
                cues = [(kind, "rev", len(between), len(between), words)]
    if not cues and MEETING_BEFORE.match(between) and (purpose := MEETING_PURPOSE.match(after)) \
            and not any(m.actor_id in states for m in (*left, *right)):
        # "A's chief met B leaders to plan strategy": groups meeting to work together
        cues = [("alliance", "sym", 0, len(between), between.strip() + " … " + purpose.group(0).strip())]
    founded = _founding_cue(between, after, left, right, states, lead)
    if founded:
        cues = [founded]
    answer = _answer_cue(between, after)
    if answer:
        cues = [answer]
    founding = FOUNDING.match(between) or FOUNDED_BEFORE.search(between)
    if founding and (MEMBERS_OF.search(lead) or LEFT_BEFORE.search(lead)):
        # "members of A (decided to split and) formed B", "dissidents left A to form B": B split from A
        cues = [("split", "rev", *founding.span(), founding.group(0))]
    if _WENT_OVER.fullmatch(between) and MEMBERS_OF.search(lead) and not any(m.actor_id in states for m in (*left, *right)):
        # "members of A defected to B": A's people went over to B
        cues = [("foreign_fighters", "fwd", 0, len(between), between.strip())]
    former_members = _FORMER_MEMBERS_FOUNDED.match(between)
    if former_members and _FORMER.search(lead) and not any(m.actor_id in states for m in (*left, *right)):
        # "two former Seleka generals have since formed movements: B1 and B2": B split from A
        cues = [("split", "rev", *former_members.span(), former_members.group(0).strip())]
    transitive = (MERGED_INTO.fullmatch(between) and MERGER_VERB_BEFORE.search(lead)) or \
        (RENAMED_AS.fullmatch(between) and RENAME_VERB_BEFORE.search(lead))
    if transitive:  # "merged A into B", "folded A into B", "changed A into B", "rebranded A as B"
        cues = [("merger", "fwd", 0, len(between), transitive.group(0) + between)]
    formed_by = FORMED_BY_MERGING.match(between)
    if formed_by:  # "A was formed by merging groups, which included B": B merged into A
        cues = [(kind, "rev", *rest) if kind == "merger" and direction == "fwd" and rest[0] >= formed_by.end() else (kind, direction, *rest)
                for kind, direction, *rest in cues]
    if _INVERTED_FIGHTERS.fullmatch(between) and _JOINING_LEAD.search(lead) and left[0].actor_id not in states \
            and not any(m.actor_id in states for m in right):
        # "Joining the B side were fighters from A": the inverted subject says where they came from
        cues = [("foreign_fighters", "rev", 0, len(between), between.strip())]
    # (a named unit may stand between "fighters from" and the group: a longer look back)
    fighters_from = FIGHTERS_FROM.search(_unified(text)[max(left_edge, left[0].start - 90):left[0].start])
    if FIGHTERS_INSIDE.fullmatch(between) and fighters_from:
        # "fighters from A serving with B": people of A inside B
        cues = [("foreign_fighters", "fwd", 0, len(between), between.strip())]
    moved = _people_moved(between, after) if not any(m.actor_id in states for m in (*left, *right)) else None
    if moved:
        cues = [moved]
    if not cues:
        return []
    if any((c[0] == "pledge" and JOIN.match(c[4])) or (c[0] == "alliance" and _MEMBERSHIP.fullmatch(c[4])) for c in cues):
        # "A joined B and ceased to exist", "A ceased to exist when it became part of B": absorbed,
        # a merger; the joining is the merger, not a pledge
        ended = CEASED_TO_EXIST.match(after) or DISSOLVED_BEFORE.search(text, max(left_edge, left[0].start - 80), left[0].start)
        if ended:
            cues = [("merger", "fwd", *c[2:4], c[4] + " … " + ended.group(0).strip())
                    if (c[0] == "pledge" and JOIN.match(c[4])) or (c[0] == "alliance" and _MEMBERSHIP.fullmatch(c[4])) else c
                    for c in cues]
    former = [c for c in cues if c[0] == "pledge" and not JOIN.match(c[4].strip())
              and (_FORMER_BEFORE.search(between, 0, c[2]) or (c[2] == 0 and _FORMER_BEFORE.search(lead)))]
    if former:
        # "the former al-Qaeda affiliate B", "B, a former A affiliate": B was A's affiliate, and left
        cues = cues + [("split", c[1], *c[2:4], "former … " + c[4]) for c in former[:1]]
    if _DECLARED.search(lead):  # "X announced that A supported B": a declaration, not material aid
        cues = [("pledge", *c[1:]) if c[0] == "support" and c[1] == "fwd" else c for c in cues]
    split_then_formed = [c for c in cues if c[0] == "merger" and _TO_FORM.fullmatch(c[4])]
    if split_then_formed and any(c[0] == "split" and c[3] <= split_then_formed[0][2] for c in cues):
        # "A fragmented when its members split off to form B": B split from A, no merger
        cues = [("split", "rev", c[2], split_then_formed[0][3], c[4] + " … " + split_then_formed[0][4])
                for c in cues if c[0] == "split"][:1]
    if any(c[0] == "rivalry" and _FOUGHT_WITH.fullmatch(c[4]) for c in cues) and _PURPOSE_TAKE.match(after):
        # "A fought with B to take the city": fought on B's side, for a shared objective
        cues = [("alliance", "sym", *c[2:]) if c[0] == "rivalry" and _FOUGHT_WITH.fullmatch(c[4]) else c for c in cues]
    if JOINED_IN_ACTION.match(after):
        # "A joined B in an attack on the town": took part alongside B, not a pledge
        cues = [("alliance", "sym", *c[2:]) if c[0] == "pledge" and JOIN.match(c[4]) else c for c in cues]
    elif fighters_from:  # "fighters from A joined B": people moving, not a pledge
        cues = [("foreign_fighters", "fwd", *c[2:]) if c[0] == "pledge" and "join" in c[4].lower() else c
                for c in cues]
    splits = [c for c in cues if c[0] == "split"]
    if len({c[1] for c in splits}) > 1:
        # "A splintered as its commander created his own outfit, B": the cue nearest B says who left
        nearest = max(splits, key=lambda c: c[3])
        cues = [c for c in cues if c[0] != "split" or c is nearest]
    scope_lead = clause_lead(lead) if lead_owned else complement_lead(lead)
    tail = pair_tail(after)
    out = []
    for kind, direction, cue_start, cue_end, cue_text in cues:
        polarity = _cue_polarity(between, cue_start, cue_end, lead=scope_lead + " ", tail=tail)
        if answer and answer[4] == cue_text and _REFUSAL.search(cue_text):
            # "A turned down B's offer of an alliance": the offered tie is denied; "A may reject
            # …" leaves it open, and so does "A did not reject …" (not refused, not accepted either)
            polarity = "denied" if polarity == "asserted" else "hypothetical"
        # "the A and C faction known as B": the descriptor belongs to the name right before it
        # ("A and the B affiliate C": the head noun right after B makes C B's affiliate, not A's)
        # ("A and C, an affiliate of B": a singular noun in apposition describes C alone)
        owners = left[-1:] if (cue_start == 0 and (_NAMED_PART.match(cue_text) or _HEAD_NOUN.match(cue_text))) \
            or _SINGULAR_APPOSITION.match(between) else left
        for a in owners:
            for b in right:
                if a.actor_id == b.actor_id:
                    continue
                source, target = _directed(kind, direction, between, cue_end, a, b)
                conf = 0.85 - min(len(between), MAX_WINDOW) / MAX_WINDOW * 0.3
                if len(left) > 1 or len(right) > 1:
                    conf -= 0.05
                if a.method == "anaphor" or b.method == "anaphor":
                    conf -= 0.2
                out.append(PairRelation(source, target, _kind_for(kind, source, states), polarity,
                                        round(max(conf, 0.3), 2), cue_text.strip()))
    return out


def _founding_cue(between: str, after: str, left: list[Mention], right: list[Mention],
                  states: frozenset[str], lead: str = "") -> tuple[str, str, int, int, str] | None:
    """A group made by another: "A was founded by B", "B created A (as its front)". The group a
    single group founded is its creation, its affiliate (a pledge, as MMP's "aff" for fronts and
    branches); several founders are the body's founding members (an alliance); a state founder
    sponsors it (support); the founder's people ("founded by B commanders", "B members formed
    A") make it a split from B, as "formed by members of B" does. "Founded by B leader X", "the
    leader of B founded A" name a person and give no claim about B. A relative clause that ends
    in the verb ("A, which B founded in 2012,": ``between`` is B's clause) is the active form."""
    passive = FOUNDED_BY.fullmatch(between)
    found = passive or FOUNDED.fullmatch(between) or FOUNDED_GAP.fullmatch(between)
    if not found or (not passive and _LEADER_OF.search(lead)):
        return None
    people = FOUNDER_PEOPLE.match(after) if passive else None
    if people and not people.group("people"):
        return None
    founders = right if passive else left
    if people or (not passive and found.group("people")):
        kind, direction = "split", "fwd" if passive else "rev"
    elif any(m.actor_id in states for m in founders):
        kind, direction = "support", "rev" if passive else "fwd"
    elif len(founders) > 1:
        kind, direction = "alliance", "sym"
    else:
        kind, direction = "pledge", "fwd" if passive else "rev"
    # (the cue runs from the verb to the founder: a "by" after it would read as a passive again)
    return (kind, direction, found.start("verb"), len(between), found.group(0).strip(" ,."))


#: before a founder named first: one person of it ("the leader of B founded A")
_LEADER_OF = re.compile(r"\b(?:leaders?|chief|head|emir|founders?|commander|member|official|spokesman|ideologue|cleric)\s+of\s+(?:the\s+)?$", re.I)


def is_founding_cue(cue: str) -> bool:
    """Whether ``cue`` is the words of :func:`_founding_cue` ("was founded by", "created")."""
    return bool(FOUNDED_BY.fullmatch(f" {cue} ") or FOUNDED.fullmatch(f" {cue} ") or FOUNDED_GAP.fullmatch(f" {cue}"))


#: the verbs of ANSWER_BEFORE that refuse
_REFUSAL = re.compile(r"^(?:\S+\s+){0,2}?(?:reject|refus|declin|turn|rebuff|spurn|dismiss|snub|ignor)", re.I)


def _answer_cue(between: str, after: str) -> tuple[str, str, int, int, str] | None:
    """A's answer to an offer B made: "A rejected B's call to join it", "A turned down B's offer
    of an alliance", "A accepted B's invitation to merge". The offered tie (pledge, alliance or
    merger, A to B) is the cue: denied when A refused it, asserted when A accepted it."""
    answer = ANSWER_BEFORE.match(between)
    offer = ((OFFERED_AFTER if answer.group("by") else OFFER_AFTER).match(after)) if answer else None
    if not offer:
        return None
    kind = next(k for k in ("pledge", "alliance", "merger") if offer.group(k))
    # (the cue is the answering verb, with "a call by" when the offer is named before B: its own
    # words do not count for the polarity, and its "by" is no passive)
    end = len(between) if answer.group("by") else answer.end("answer")
    return (kind, "fwd", answer.start("answer"), end, f"{answer.group(0).strip()} … {offer.group(0).strip()}")


#: an aside that is a relative clause: ", which …", ", who …"
_RELATIVE_OPENER = re.compile(r"\s*,\s*(?:which|who|that|whose)\b", re.I)
#: ", an affiliate of", ", the armed wing of": one noun in apposition to the name before it
_SINGULAR_APPOSITION = re.compile(
    r"\s*,\s*(?:an?|the)\s+(?:[\w'-]+\s+){0,2}?(?:affiliate|franchise|branch|offshoot|wing|faction|splinter|arm|chapter|"
    r"province|subsidiary|ally|partner|rival|enemy|proxy|client|backer|sponsor|patron|member|part|unit|successor|"
    r"predecessor)\s+(?:of|to)\b", re.I)


#: the people of the group just named: "IMU fighters", "TTP commanders", "ISKP members"
_PEOPLE_AFTER = re.compile(r"\s+(?:fighters|militants|members|commanders|cadres|defectors|recruits|combatants)\b", re.I)
#: what those people did that puts them inside the second group
_PEOPLE_INSIDE = re.compile(
    r"\s*(?:(?:could|would|may|might|will|can|are|were|have|has|had|been|be|being|now|also|later|to|\w+ed|\w+ly)\s+){0,5}?"
    r"(?:(?:fought|fight|fighting|serv\w*|operat\w*)\s+"
    r"(?:for|in\s+the\s+ranks\s+of|under)|enlist\w*\s+(?:in|with)|join(?:ed|s)?)\s+(?:the\s+)?$", re.I)
_PEOPLE_WERE = re.compile(r"\s+(?:are|were|is|was)\s+(?:\w+ly\s+)?(?:former|ex-?)\s*$", re.I)
#: "B counts hundreds of A fighters among its ranks", "B includes many A fighters"
_COUNTS_PEOPLE = re.compile(r"\s+(?:counts?|counted|includes?|included|boasts?|boasted)\s+(?:(?:hundreds|thousands|dozens|scores|"
                            r"many|several|some|numerous)\s+of\s+|many\s+|several\s+|some\s+)?(?:former\s+)?$", re.I)
#: "B's ranks include fighters from A"
_RANKS_INCLUDE = re.compile(r"'s\s+ranks\s+(?:include|included|includes|comprise\w*|contain\w*)\s+(?:\S+\s+){0,2}?"
                            r"(?:fighters|militants|members|commanders)\s+(?:from|of)\s+(?:the\s+)?$", re.I)


_UNDER_END = re.compile(r"\bunder\s+(?:the\s+)?$", re.I)
_UMBRELLA_AFTER = re.compile(r"(?:'s)?\s+(?:[\w-]+\s+)?umbrella\b", re.I)


def _people_moved(between: str, after: str) -> tuple[str, str, int, int, str] | None:
    """A cue of people of one group inside another: "IMU fighters fought for B", "TTP commanders
    defected to B", "A members are former C fighters" (C's people in A), "B counts hundreds of A
    fighters among its ranks", "B's ranks include fighters from A"."""
    people = _PEOPLE_AFTER.match(between)
    if people:
        rest = between[people.end():]
        if (_PEOPLE_INSIDE.fullmatch(rest) and not (_UNDER_END.search(rest) and _UMBRELLA_AFTER.match(after))) \
                or _WENT_OVER.fullmatch(rest):
            # ("A fighters operate under the B umbrella": A is under B's umbrella, a pledge)
            return ("foreign_fighters", "fwd", people.end(), len(between), between.strip())
        if _PEOPLE_WERE.fullmatch(rest) and _PEOPLE_AFTER.match(after):
            return ("foreign_fighters", "rev", people.end(), len(between), between.strip() + after[:_PEOPLE_AFTER.match(after).end()])
    people_after = _PEOPLE_AFTER.match(after)
    if (_COUNTS_PEOPLE.fullmatch(between) and people_after and not _CAPTIVE.match(after, people_after.end())) \
            or _RANKS_INCLUDE.fullmatch(between):
        return ("foreign_fighters", "rev", 0, len(between), between.strip())
    return None


#: after "B counts A members": people held, not people serving ("… in its prisons", "… arrested")
_CAPTIVE = re.compile(r"\s+(?:\S+\s+){0,3}?(?:arrested|detained|captured|killed|held|imprisoned|prisoners?|prisons?|jails?|custody)\b", re.I)


def _dedupe(relations: list[PairRelation]) -> list[PairRelation]:
    best: dict[tuple, PairRelation] = {}
    for rel in relations:
        ends = (rel.source.actor_id, rel.target.actor_id)
        key = (rel.type, ends if is_directed(rel.type) else tuple(sorted(ends)))
        if key not in best or rel.confidence > best[key].confidence:
            best[key] = rel
    return list(best.values())
