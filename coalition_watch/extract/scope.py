"""Clause scope: which stretch of a sentence a relation cue or a polarity word belongs to.

The relation rules read cues in the text between two group mentions (:mod:`.relations`). This
module narrows that text with clause boundaries that plain English marks without a parser:

* **asides** — a parenthesis, a dashed insert or a comma-bounded non-restrictive clause
  ("A, which was founded in 2001, attacked B") that names no group says nothing about the pair
  around it; it is blanked (same length, so offsets hold) before cues and polarity are read;
* **the lead** — the words before the first group belong to the pair only back to the last clause
  boundary: in "Although C denied it, A attacked B" the denial is not A's;
* **victims and places named by a nationality** — "Algerian civilians", "Afghan territory": a
  state named as an adjective of people or land is not a party to the sentence's relations;
* **prepositional objects** — a cue ending in a preposition relates that preposition's object,
  so only a short noun phrase may follow it before the second group (:func:`object_elsewhere`);
* **relative clauses on another noun** — "… of the group that later became B": the verbs after
  "that" have that noun as subject (:func:`relative_clause_start`);
* **fronted subordinate clauses** — "While A trained B, C recruited D" ends at the comma after
  its verb (:func:`fronted_clause_end`);
* **complement clauses and doubted clauses** — a polarity word after another group reaches the
  pair only through "that/whether/if" (:func:`complement_lead`); "… remain unconfirmed", "… is
  unclear" right after the pair count (:func:`pair_tail`);
* **type priority** — when one sentence gives one pair several types, a change of status outranks
  a standing tie, and membership outranks material help: merger > split > pledge > the rest
  ("A pledged allegiance to B and received funds from it" is first of all a pledge; "A declared
  allegiance to B and merged into it" a merger).
"""

from __future__ import annotations

import re

from .cues import UNIT_NOUN

#: a non-restrictive aside between two mentions: parentheses, dashes, or ", which/who/… ,"
ASIDE = re.compile(
    r"\([^()]*\)|\s[\u2014\u2013]\s[^\u2014\u2013]*?\s[\u2014\u2013]\s|"
    r",\s*(?:which|who|whose|whom|where|when|itself|themselves|according\s+to|founded|formed|created|"
    r"established|based|led|headed|reportedly|allegedly)\b[^,;()]*,")

#: the end of a clause in the words before the first group of a pair
LEAD_BOUNDARY = re.compile(r"[;:]|,(?!\s*(?:which|who)\b)|\b(?:but|although|though|whereas|while)\b", re.I)

#: a nationality adjective before a noun of people or land: a victim or a place, not a party
NON_PARTY_NOUN = re.compile(
    r"\s+(?:[a-z]+\s+)?(?:civilians?|people|population|citizens?|nationals?|villagers?|residents?|"
    r"territory|soil|borders?|towns?|cities|villages?|communit(?:y|ies)|refugees?|migrants?|women|children|"
    r"students?|journalists?|workers?|tourists?|pilgrims?|hostages?|prisoners?|detainees?|families|"
    r"farmers?|herders?|traders?|fishermen|diaspora|countryside|highlands?|lowlands?|coast|interior)\b"
    r"(?!\s+(?:guards?|police|forces|troops|officials|authorities|army|units|officers|patrols?)\b)")

#: relation types in the order in which one sentence's evidence ranks them for the same pair
PRIORITY = {"merger": 3, "split": 2, "pledge": 1}


def blank_asides(window: str, keep: re.Pattern | None = None) -> str:
    """``window`` with every aside that names no group replaced by spaces (offsets hold).

    ``keep`` marks asides to leave in place (those that carry a relation cue of their own,
    e.g. "(a B affiliate)", are judged by the caller)."""
    def blank(match: re.Match) -> str:
        inner = match.group(0)
        if keep is not None and keep.search(inner):
            return inner
        # the commas stay: they still separate clauses
        if inner.startswith(","):
            return "," + " " * (len(inner) - 2) + ","
        return " " * len(inner)

    if "(" not in window and "," not in window and "\u2014" not in window and "\u2013" not in window:
        return window
    return ASIDE.sub(blank, window)


def clause_lead(lead: str) -> str:
    """The part of ``lead`` (the words right before a pair's first group) in the same clause."""
    cut = 0
    for match in LEAD_BOUNDARY.finditer(lead):
        cut = match.end()
    return lead[cut:]


def is_non_party(text: str, end: int) -> bool:
    """Whether the name ending at ``end`` modifies a noun of people or land ("Afghan civilians")."""
    return bool(NON_PARTY_NOUN.match(text, end, min(len(text), end + 40)))


def rank(kind: str) -> int:
    """Priority of ``kind`` among the types one sentence gives one pair (higher wins)."""
    return PRIORITY.get(kind, 0)


#: a cue that ends in a preposition relates the preposition's object ("fought against B",
#: "formerly known as B")
PREPOSITION_END = re.compile(r"\b(?:against|alongside|into|to|with|of|for|from|under|between|among|by|as)\s*$", re.I)
#: what may stand between such a preposition and the second group: a coordinated first object,
#: a determiner, up to two modifiers and a group noun with "of" ("against fighters of B", "to the
#: leadership of B", "against the army and B")
SHORT_OBJECT = re.compile(
    r"[\s\"“‘'(]*(?:(?:[\w'-]+,?\s+){1,4}?(?:and|or|as\s+well\s+as)\s+)?"  # "against the army and B"
    r"(?:(?:the|a|an|its|their|some|several|many|all|both|local|rival|\w+'s)\s+)*"
    r"(?:[\w'-]+[\s\"“‘'(]+){0,2}?"
    r"(?:(?:rebels?|fighters?|militants?|forces?|groups?|militias?|factions?|elements|members|units?|cells?|"
    r"leaders?|leadership|commanders?|positions?|bases?|branch|wing|ranks|networks?|movement|organi[sz]ations?)"
    r"\s+(?:of|from|in|within|loyal\s+to)\s+(?:the\s+)?)?[\s\"“‘'(]*$", re.I)
#: a relative clause whose antecedent is a common noun phrase that is not the first group
#: ("as a member of the group that later became B"): its verbs have that noun phrase as subject
RELATIVE_OF_NOUN = re.compile(
    r"\b(?:the|a|an|this|those|these|other|some)\s+(?:[a-z-]+\s+){0,2}?[a-z]+\s+(?:that|which|who)\s+", re.I)


#: an organisation noun in apposition to the second group: "merged into a single organisation, B",
#: "united into a new front called B"
NAMED_OBJECT = re.compile(
    r"[\s\"“‘'(]*(?:(?:the|a|an)\s+)?(?:[\w'-]+\s+){0,2}?(?:group|organi[sz]ation|entity|movement|alliance|coalition|"
    r"front|body|structure|umbrella|outfit|command|formation)\s*(?:,|\s+(?:called|named|known\s+as|dubbed))\s*(?:the\s+)?$", re.I)


#: a named unit of the second group: "rebels from the Jose Solano Sepulveda Front of B", "the
#: Yarmouk Battalion of B" (capitalised words and a unit noun, then "of")
NAMED_UNIT_OF = re.compile(
    r"[\s\"“‘'(]*(?:(?:the|a|its|their)\s+)?(?:[A-Z0-9][\w'’-]*\s+){1,5}"
    + UNIT_NOUN + r"\s+(?:of|in)\s+(?:the\s+)?$")


#: a plural noun of groups that introduces the list naming the second group: "made up of six
#: groups, namely B", "consists of existing armed groups B", "includes factions such as B"
_LIST_INTRO = (
    r"[\s\"“‘'(]*(?:(?:the|its|their|some|several|many|all|both|\w+'s)\s+)*(?:[\w'-]+\s+){0,3}?"
    r"(?:groups|factions|organi[sz]ations|outfits|militias|movements|parties|brigades|battalions|units)"
    r"(?:\s+of\s+(?:[a-z][\w'-]*\s+){0,2}?[a-z][\w'-]*)?"  # "six groups of government opponents, namely B"
    r"\s*(?:[:,\u2014\u2013]\s*)?(?:(?:namely|such\s+as|including|like|among\s+them)\s*:?\s*)?")
LIST_INTRO = re.compile(_LIST_INTRO + r"(?:the\s+)?$", re.I)
#: a part of a listed group that stands for it in the list: "namely the political wing of B",
#: "including three factions of B" (B is the member; "wing of" is no relation of the head to B)
LISTED_PART_OF = (r"(?:the|its|their|a|an|one|two|three|four|five|several|some|\d+)\s+(?:[\w-]+\s+){0,2}?"
                  r"(?:wings?|factions?|branch(?:es)?|arms?|sub[\s-]?groups?|units?|cells?|members|elements)\s+of\s+(?:the\s+)?")
LIST_INTRO_PART = re.compile(_LIST_INTRO + LISTED_PART_OF + r"$", re.I)
#: where such a part begins, after the word that opens the list
LISTED_PART_START = re.compile(r"(?:\bnamely|\bsuch\s+as|\bincluding|:)\s*(?P<part>" + LISTED_PART_OF + r")$", re.I)


#: a relation noun in apposition to the second group: "turned against its former ally, B"
APPOSED_OBJECT = re.compile(
    r"[\s\"“‘'(]*(?:its|their|his|her|the|an?)\s+(?:[\w'-]+\s+){0,2}?(?:ally|allies|partners?|rivals?|enem(?:y|ies)|patrons?|"
    r"backers?|sponsors?|affiliates?|clients?|prox(?:y|ies)|protectors?|hosts?)\s*,\s*(?:the\s+)?$", re.I)


def object_elsewhere(tail: str) -> bool:
    """Whether the text ``tail`` between a prepositional cue and the second group is more than
    a short noun phrase leading to it: then the preposition governs something else
    ("fought against the army as members of the group that became B"). An organisation noun
    that the second group names ("into a single organisation, B") and a named unit of the
    second group ("from the Jose Solano Sepulveda Front of B") and a plural noun of groups that
    introduces a list ("of six groups, namely B", "namely the political wing of B") and a relation
    noun in apposition to it ("against its former ally, B") lead to it."""
    return not SHORT_OBJECT.fullmatch(tail) and not NAMED_OBJECT.fullmatch(tail) and \
        not NAMED_UNIT_OF.fullmatch(tail) and not LIST_INTRO.fullmatch(tail) and not LIST_INTRO_PART.fullmatch(tail) \
        and not APPOSED_OBJECT.fullmatch(tail)


def relative_clause_start(window: str) -> int | None:
    """Where a relative clause on a common noun phrase begins inside ``window`` (the text
    between two groups), unless that noun phrase is an apposition of the first group
    ("A, a group that later joined B"); ``None`` when there is none."""
    match = RELATIVE_OF_NOUN.search(window)
    if not match or not window[:match.start()].strip(" ,\"'"):
        return None
    return match.end()


#: a sentence that opens with a subordinate clause ("While A trained B, C …") or a passive
#: participle with its agent ("Backed by A, B …")
_COMPANION_PREP = (r"Together\s+with|Alongside|Along\s+with|Jointly\s+with|"
                   r"In\s+(?:close\s+)?(?:cooperation|coordination|concert|alliance|partnership|league|tandem)\s+with")
_SUPPORT_PREP = r"With\s+(?:the\s+)?(?:\w+\s+)?(?:support|backing|help|assistance|aid|funding|blessing)\s+(?:of|from)"
FRONTED = re.compile(r"[\s\"“‘']*(?:While|Although|Though|Whereas|After|Before|When|Once|Since|Because|As|If|Unless|Until|"
                     rf"[A-Z][a-z]+ed\s+(?:\w+\s+){{0,2}}?by|(?P<prep>{_COMPANION_PREP}|{_SUPPORT_PREP}))\b")
#: a fronted companion ("Together with A, B …"): A acted with the main clause's subject
FRONTED_COMPANION = re.compile(rf"[\s\"“‘']*(?:{_COMPANION_PREP})\s+(?:the\s+)?$")
#: a fronted backer ("With the support of A, B …"): A supports the main clause's subject
FRONTED_SUPPORT = re.compile(rf"[\s\"“‘']*{_SUPPORT_PREP}\s+(?:the\s+)?$")
_VERB_LIKE = re.compile(r"\b[a-z]{3,}(?:ed|es)\b|\b(?:is|are|was|were|has|had|have|took|fought|began|grew|led|left|lost|won|made|sent|gave)\b",
                        re.I)


def fronted_clause_end(text: str, start: int, end: int) -> int | None:
    """The offset of the comma that closes a fronted subordinate clause in the sentence
    ``text[start:end]`` ("While A trained B, C recruited D": the comma after B), or ``None``.
    The first comma after the clause's verb closes it: commas of a list before the verb do not."""
    fronted = FRONTED.match(text, start, end)
    if not fronted:
        return None
    if fronted.group("prep"):  # a fronted prepositional phrase has no verb: its first comma closes it
        comma = text.find(",", start, end)
        return comma if comma >= 0 else None
    cursor = start
    while True:
        comma = text.find(",", cursor, end)
        if comma < 0:
            return None
        if _ASIDE_OPENS.match(text, comma + 1, end):
            # "While their allies, including A, backed B, C …": the aside's commas do not close it
            close = text.find(",", comma + 1, end)
            if close < 0:
                return None
            cursor = close + 1
            continue
        if _VERB_LIKE.search(text, start, comma):
            return comma
        cursor = comma + 1


_ASIDE_OPENS = re.compile(r"\s*(?:including|such\s+as|notably|especially|particularly|among\s+them)\b", re.I)
_COMPLEMENTIZER = re.compile(r"\b(?:that|whether|if)\b", re.I)
#: right after the second group: a predicate that puts the whole clause in doubt or denies it
#: ("reports that A funds B remain unconfirmed", "A's alliance with B is unclear")
DOUBTED = re.compile(
    r"\s*(?:[^\s,;.]+\s+){0,3}?(?:is|are|was|were|remains?|remained|seems?|appears?)\s+(?:still\s+|largely\s+|highly\s+)?"
    r"(?P<word>unclear|uncertain|unconfirmed|unverified|unknown|disputed|doubtful|contested|denied|untrue|false)\b", re.I)


def complement_lead(lead: str) -> str:
    """The part of ``lead`` that scopes over a pair when the lead follows another group: only a
    complement clause ("B denied that …", "it is unclear whether …") reaches past that group."""
    last = None
    for last in _COMPLEMENTIZER.finditer(lead):
        pass
    return clause_lead(lead[:last.end()]) if last else ""


def pair_tail(after: str) -> str:
    """The doubt or denial predicated of the clause right after its second group, as a polarity
    word ("unclear", "denied"), or an empty string."""
    match = DOUBTED.match(after)
    if not match:
        return ""
    word = match.group("word").lower()
    return " denied" if word in ("denied", "untrue", "false") else " unclear"


#: a clause boundary right before the second group: a semicolon, or a comma or space followed by a
#: coordinating or subordinating conjunction (", while", "; ", ", and later", " as ", ", days after")
NEW_CLAUSE = re.compile(
    r"(?:;|,\s*(?:and|but|while|whereas|where|when|as|although|though|because|after|before|until|since|"
    r"(?:\w+\s+)?(?:after|before|later))?|\s(?:while|whereas|as|because|although|though|after|before|when|where|until)\s)"
    r"\s*(?:(?:then|later|also|meanwhile|subsequently|in\s+turn)\s+)?(?:(?:the|its|their|rival)\s+)?$", re.I)
#: right after the second group: a finite verb, so the group is that clause's subject
FINITE_VERB = re.compile(
    r"\s*(?:\([^()]*\)\s*)?(?:(?:also|later|then|still|now|reportedly|allegedly|itself|\w+ly)\s+)?"
    r"(?:(?:is|are|was|were|has|have|had|did|does|do|will|would|could|may|might|can|remain\w*|keeps?|kept)\b|"
    r"[a-z]{2,}(?:ed|es)\b|(?!(?:members|fighters|forces|positions|units|leaders|commanders|militants|cells|bases|"
    r"rebels|elements|ranks|branches|affiliates|allies|troops|groups|factions|operatives)\b)[a-z]{3,}s\b|"
    r"(?:took|fought|led|left|won|lost|sent|gave|made|began|broke|swore|drove|sought|held|struck|overran|split|built|"
    r"kept|grew|rose|fell|came|went|ran|saw|said|told|met|set|spent|withdrew|ceased|claimed)\b)")


def new_clause_start(window: str, after: str) -> int | None:
    """Where a new clause whose subject is the second group begins in ``window`` (the text between
    two groups), or ``None``: "A attacked the base, while B remained active" — the boundary is
    followed only by a determiner or adverb before B, and a finite verb follows B. Cues before that
    boundary relate the first group to its own objects, not to B."""
    match = NEW_CLAUSE.search(window)
    if not match or not FINITE_VERB.match(after):
        return None
    return match.start()
