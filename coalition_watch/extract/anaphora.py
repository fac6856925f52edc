"""Anaphora: "It", "its", "the group", "the alliance", "the two groups", "them", "the latter".

Anaphors are found anywhere in a sentence (not only at its start) and resolved to the most
recent compatible group mention, in this order:

* "the alliance/coalition/front/room/umbrella …" → the most recent group whose actor kind is
  ``coalition`` or whose name contains that noun; "the party/movement/army/network …" → the most
  recent group whose name contains the noun (in the sentence before the anaphor, then earlier);
* "the two/three … groups", "both groups", "these groups", "the two sides", a bare "the two"
  ("hostilities between the two", "the two later merged"), "them" → the most recent coordinated
  list of that size (one anaphor per member; "them" takes any list, and only after a preposition
  or verb of relation — "clashes between them", not "hundreds of them"), else the groups named in the
  last sentence that named any, when their number fits;
* "the latter" → the last named group before it; "the former" → the one before that;
* "It", "its", "they", "the group", "the organisation", "this group", "the Somali group", "the
  al-Qaeda-linked group" → at the start of a sentence,
  the topic: the subject of the last sentence that named a group (a sentence that opens with
  "It" or "They" for one group has that group as its subject: "It pledged allegiance to B" leaves
  the topic where it was); inside a sentence, the first group named earlier in the same sentence
  (its subject: "X said its fighters …"), else the topic. An object "it" after the subject's
  second verb ("A was founded by B and later broke with it") is the group named right before
  that verb: a pronoun object is not its own clause's subject.
* With no group named yet, singular anaphors take the document's subject when one is given
  (``subject=``: the group a profile page or a title is about).

A possessive ("its", "their") after a group named in the same sentence is dropped (it would add
no pair and would cut that group's cue window: "X ended its affiliation with Y"). Non-referential "it" ("it is", "it was reported") and descriptors of a following name ("the
group Hamas", "the group of …") are skipped. Anaphors yield mentions with ``method="anaphor"``;
relations built on them get lower confidence.
"""

from __future__ import annotations

import itertools
import re

from ..registry.resolver import Resolver
from ..vocabulary import STATE_KINDS
from .cues import COMPOUND_MODIFIER
from .mentions import Mention
from .scope import fronted_clause_end

_NUMBERS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "both": 2}
_ADJECTIVES = r"(?:new|armed|militant|jihadist|rebel|umbrella|extremist|insurgent|terrorist|same|latter|former|main|larger|smaller|parent|original|rival)"
_NOUNS = r"(?:group|organi[sz]ation|alliance|coalition|front|room|umbrella|party|movement|army|network|faction|militia|outfit)"
#: "the Somali group", "the Pakistani militant group", "the al-Qaeda-linked group": a demonym or a
#: hyphenated modifier before the adjectives of a noun anaphor
_QUALIFIER = r"(?:(?:[A-Z][a-z]+(?:i|n|ese|ish)|[\w'’]+(?:-[\w'’]+)*-(?:linked|backed|affiliated|aligned|allied|based|led))\s+)?"
#: what may follow a bare "the two": a verb, an adverb or the end of a clause, not a noun
_BARE_NUMBER_TAIL = (r"(?=\s*(?:[.,;:!?)]|$)|\s+(?:of\s+them|have|had|has|were|are|was|did|would|will|could|"
                     r"then|also|later|soon|again|eventually|subsequently|reportedly|purportedly|jointly|each|"
                     r"[a-z]+ed|[a-z]+ly)\b)")
_ANAPHOR = re.compile(
    r"(?=[IiTtBb])(?<![\w'’-])(?P<phrase>"
    r"(?P<pron>[Ii]ts?|[Tt]hey|[Tt]heir|[Tt]hem)"
    r"|(?P<lat>[Tt]he\s+(?:latter|former))"
    r"|(?:[Tt]he\s+|[Bb]oth\s+|[Tt]hese\s+)(?:(?P<num>two|three|four|five|six)\s+)?(?:[a-z]+\s+)?(?:groups|factions|organi[sz]ations|movements|sides|rivals|allies)"
    r"|[Tt]he\s+(?P<bare>two|three)" + _BARE_NUMBER_TAIL +
    r"|(?:[Tt]he|[Tt]his)\s+" + _QUALIFIER + r"(?:" + _ADJECTIVES + r"\s+)?(?P<noun>" + _NOUNS + r"))(?P<poss>['’]s)?(?![\w-])")
_NON_REFERENTIAL_IT = re.compile(
    r"\s+(?:is|was|'s|’s|seems|seemed|appears|appeared|remains|remained|would\s+be|will\s+be|may\s+be|might\s+be|"
    r"could\s+be|has\s+been|had\s+been|is\s+not|was\s+not|takes|took|means|meant|follows|matters)\b", re.I)
#: "it is a group of …", "it was part of …": "it" with a predicate noun of a group refers
_PREDICATE_GROUP = re.compile(
    r"\s+(?:is|was|remains|remained)\s+(?:now\s+|still\s+|also\s+)?(?:(?:an?|the)\s+(?:[\w-]+\s+){0,3}?"
    r"(?:group|faction|alliance|coalition|organi[sz]ation|movement|network|umbrella|branch|affiliate|offshoot|"
    r"splinter|militia|front|party|wing)s?\b|part\s+of\b|one\s+of\s+the\b)", re.I)
#: "Formerly A, then B, it …": a fronted list of former names; the pronoun opens the main clause
_FORMER_NAMES_FRONT = re.compile(
    r"[\s\"“‘']*(?:formerly|previously|once|originally)\s+(?:known\s+as\s+|called\s+|named\s+)?[^,;.]{1,80}"
    r"(?:,\s*(?:and\s+)?(?:then|later|subsequently|afterwards)\s+(?:known\s+as\s+|called\s+)?[^,;.]{1,80})*,\s*", re.I)
_GROUP_PLURAL = re.compile(r"\b(?:groups|factions|organi[sz]ations|movements|militias)\b", re.I)
_THEM_CONTEXT = re.compile(r"\b(?:between|among|against|with|alongside|fought|attacked|joined|backed|supported)\s+$", re.I)
#: "several factions announced they …", "a local militia said it …": the pronoun is the unnamed
#: noun phrase that speaks, not a group named before
_UNNAMED_SPEAKER = re.compile(
    r"\b(?:factions?|groups?|militants?|rebels?|fighters?|organi[sz]ations?|movements?|militias?|insurgents?|"
    r"jihadists?|brigades?|battalions?|units?|commanders?|leaders?|officials?|members|tribes?|clans?)\s+"
    r"(?:(?:have|has|had|later|also|then|publicly|reportedly|jointly)\s+)*"
    r"(?:said|say|says|announced|announce|announces|declared|claimed|stated|denied|insisted|warned|vowed|added|argued|"
    r"confirmed|pledged|promised|threatened)\s+(?:that\s+)?$", re.I)
#: after an object "it": the end of the clause, a preposition or a conjunction ("broke with it.",
#: "attacked it in 2014", "asked it to join"), not a verb ("and said it would")
_OBJECT_IT_AFTER = re.compile(r"\s*(?:[.,;:!?)]|$)|\s+(?:to|in|on|at|of|for|from|with|and|or|but|after|before|when|while|as|by|"
                              r"over|into|since|until|because|again|altogether|outright|entirely)\b")
#: a word or mark that opens another clause (a complement, a relative or an adverbial clause)
_CLAUSE_WORD = re.compile(r"[;:]|\b(?:that|which|who|whom|whose|where|when|whenever|while|after|before|because|since|until|"
                          r"unless|if|although|though|whereas)\b", re.I)
#: between a group and an object "it": the subject's second verb ("and later broke with", "but then
#: attacked", "and cut ties with")
_SECOND_VERB = re.compile(r"\s*,?\s*(?:and|but)\s+(?:(?:then|later|also|soon|eventually|subsequently|[a-z]+ly)\s+){0,2}[a-z]+"
                          r"(?:\s+(?:[a-z]+\s+){0,2}?(?:with|from|against|to|on|for|alongside|towards?|off))?\s+")
#: between two coordinated groups: "A and B", "A, B and the C"
_COORDINATED = re.compile(r"\s*,?\s*(?:(?:and|or)\s+)?(?:the\s+)?", re.I)
_DESCRIPTOR = re.compile(r"^\s*(?:of\b|that\b|which\b|who\b|called\b|known\b|named\b|[A-Z\"“'‘])")
_COLLECTIVE = {"alliance", "coalition", "front", "room", "umbrella"}
_NAMED = {"party", "movement", "army", "network", "front", "room", "alliance", "coalition"}


def _object_referent(text: str, start: int, end: int, earlier: list[Mention], at: int) -> Mention | None:
    """The group an object "it" at ``at`` refers to when the sentence ``text[start:end]`` runs from
    its first group to the pronoun as one clause whose subject goes on with a second verb ("A was
    founded by B and later broke with it"): the group named right before that verb, which is
    not the clause's subject (the first group, with those coordinated with it: "A and B"). None
    otherwise: a fronted clause, a word that opens another clause ("A demanded that B pledge
    allegiance to it"), or another verb's object ("A contracted B to carry out attacks for it")."""
    if len(earlier) < 2 or _CLAUSE_WORD.search(text, earlier[0].start, at) or \
            not _SECOND_VERB.fullmatch(text, earlier[-1].end, at) or fronted_clause_end(text, start, end) is not None:
        return None
    subject = {earlier[0].actor_id}
    for previous, m in zip(earlier, earlier[1:]):
        if not _COORDINATED.fullmatch(text, previous.end, m.start):
            break
        subject.add(m.actor_id)
    return earlier[-1] if earlier[-1].actor_id not in subject else None


class AnaphoraTracker:
    """Walks a document's sentences in order and resolves their anaphors (see module docstring)."""

    def __init__(self, resolver: Resolver, subject: str | None = None) -> None:
        self.actors = resolver.actors
        self.history: list[Mention] = []
        self._noun_history: dict[str, tuple[int, Mention | None]] = {}
        self.last_subject: Mention | None = None
        self.lists: list[list[Mention]] = []
        self.list_is_recent = False
        self.last_named: list[Mention] = []
        self.subject = subject if subject in resolver.actors else None
        self._opening: Mention | None = None  # the group of the pronoun subject that opens the sentence

    def resolve(self, text: str, start: int, end: int, named: list[Mention] = ()) -> list[Mention]:
        """Anaphor mentions in the sentence ``text[start:end]``; ``named`` are its resolved names."""
        out: list[Mention] = []
        named = [m for m in named if m.actor_id]
        for match in _ANAPHOR.finditer(text, start, end):
            s, e = match.span("phrase")
            if any(m.start < e and s < m.end for m in named):
                continue
            tail = text[match.end():min(end, match.end() + 40)]
            before = [m for m in named if m.end <= s]
            if match.group("pron"):
                word = match.group("pron").lower()
                if word in ("its", "their") and before:
                    # a possessive of a group already named in the sentence adds no pair and would
                    # cut that group's cue window ("X ended its affiliation with Y")
                    continue
                if word == "it" and _NON_REFERENTIAL_IT.match(tail) and not _PREDICATE_GROUP.match(tail):
                    continue
                if word == "them" and not _THEM_CONTEXT.search(text, max(start, s - 12), s):
                    continue  # "hundreds of them", "both of them": people, not groups
                if _UNNAMED_SPEAKER.search(text, max(start, s - 80), s):
                    continue  # "several factions announced they were merging": those factions
                opens = s == start or text[start:s].strip() in "\"“‘'" or bool(_FORMER_NAMES_FRONT.fullmatch(text, start, s))
                if word in ("they", "them", "their"):
                    recent = self.list_is_recent and not before
                    found = self._plural(text, s, e, None, before, allow_single=word != "them", prefer_list=recent)
                    if word == "they" and opens and len(found) == 1:
                        self._opening = found[0]
                    out.extend(found)
                    continue
                target = self._singular(opens, before)
                if word == "it" and not opens and _OBJECT_IT_AFTER.match(text, e, end):
                    # an object "it" is not its clause's own subject: "A was founded by B and
                    # later broke with it" is B
                    target = _object_referent(text, start, end, sorted([*before, *out], key=lambda m: m.start), s) or target
                if word == "it" and opens and target is not None:
                    self._opening = target
            elif match.group("lat"):
                pool = self.history[-2:] + before  # the last two named (no copy of the whole history)
                index = -1 if match.group("lat").lower().endswith("latter") else -2
                target = pool[index] if len(pool) >= -index else None
            elif match.group("noun"):
                if match.group("poss") is None and _DESCRIPTOR.match(tail):
                    continue
                noun = match.group("noun").lower()
                if noun in _COLLECTIVE or noun in _NAMED:
                    target = self._named_noun(noun, before)
                else:
                    target = self._singular(s == start, before)
                    if target is not None and self._is_state(target):
                        # "the group", "the militia" is not the state named last: the latest group
                        target = next((m for m in itertools.chain(reversed(before), reversed(self.history))
                                       if not self._is_state(m)), None)
            else:
                num = match.group("num") or match.group("bare")
                size = _NUMBERS[num.lower()] if num else (2 if match.group(0).lower().startswith("both") else None)
                out.extend(self._plural(text, s, e, size, before, allow_single=False))
                continue
            possessive = match.group("pron") and match.group("pron").lower() in ("its", "their")
            if target is not None and not (possessive and any(m is target for m in before)):
                # an anaphor of a group named earlier in the same sentence adds no pair; left out,
                # it does not cut that group's cue window ("X ended its affiliation with Y")
                out.append(Mention(s, e, text[s:e], target.actor_id, target.name, "anaphor"))
        return out

    def _is_state(self, mention: Mention) -> bool:
        actor = self.actors.get(mention.actor_id)
        return actor is not None and actor.kind in STATE_KINDS

    def _singular(self, sentence_initial: bool, before: list[Mention]) -> Mention | None:
        if before and not sentence_initial:
            return before[0]
        if self.last_subject is not None:
            return self.last_subject
        if self.subject is not None:
            return Mention(0, 0, "", self.subject, self.actors[self.subject].name, "subject")
        return None

    def _names_noun(self, actor_id: str, noun: str) -> bool:
        """Whether "the <noun>" can name the actor: a collective noun a coalition, another noun a
        group with that word in its name ("the front", "the movement")."""
        actor = self.actors.get(actor_id)
        return bool(actor) and ((noun in _COLLECTIVE and actor.kind == "coalition") or noun in actor.name.lower())

    def _named_noun(self, noun: str, before: list[Mention]) -> Mention | None:
        for m in reversed(before):
            if self._names_noun(m.actor_id, noun):
                return m
        # the latest group of the history the noun names, kept per noun and brought up to date
        # with the mentions added since (a scan of the whole history each time is quadratic in a
        # long document)
        scanned, latest = self._noun_history.get(noun, (0, None))
        for m in self.history[scanned:]:
            if self._names_noun(m.actor_id, noun):
                latest = m
        self._noun_history[noun] = (len(self.history), latest)
        if latest is not None:
            return latest
        if self.subject is not None and not self.history and not before and self._names_noun(self.subject, noun):
            return Mention(0, 0, "", self.subject, self.actors[self.subject].name, "subject")
        return None

    def _plural(self, text: str, s: int, e: int, size: int | None, before: list[Mention],
                allow_single: bool, prefer_list: bool = True) -> list[Mention]:
        found = self._plural_targets(text, s, e, size, before, allow_single, prefer_list)
        if _GROUP_PLURAL.search(text, s, e) and any(self._is_state(m) for m in found):
            return []  # "these groups" are not states
        named = {m.actor_id for m in before}
        if len(found) > 1 and all(m.actor_id in named for m in found):
            return []  # "… between A and B, … between the two sides": nothing new, keep A–B's window
        return found

    def _plural_targets(self, text: str, s: int, e: int, size: int | None, before: list[Mention],
                        allow_single: bool, prefer_list: bool) -> list[Mention]:
        if not prefer_list and allow_single:
            target = self._singular(False, before)
            return [Mention(s, e, text[s:e], target.actor_id, target.name, "anaphor")] if target else []
        for unit in reversed(self.lists):
            if size is None or len(unit) == size:
                return [Mention(s, e, text[s:e], m.actor_id, m.name, "anaphor") for m in unit]
        recent = list({m.actor_id: m for m in self.last_named}.values())
        if len(recent) >= 2 and (size is None or len(recent) == size) and not allow_single:
            # "X opened talks with Y. The two groups then …": the groups of the last sentence
            return [Mention(s, e, text[s:e], m.actor_id, m.name, "anaphor") for m in recent]
        if allow_single:
            target = self._singular(False, before)
            if target is not None:
                return [Mention(s, e, text[s:e], target.actor_id, target.name, "anaphor")]
        return []

    def observe(self, mentions: list[Mention], units: list[list[Mention]], text: str = "") -> None:
        """Record a sentence's resolved mentions and coordinated lists for later sentences (a
        name that only modifies another, "al-Qaeda-linked Ansar Dine", is not one of the groups
        the sentence is about)."""
        named = [m for m in mentions if m.actor_id and m.method != "anaphor"
                 and not (text and COMPOUND_MODIFIER.match(text, m.end))]
        if named:
            self.history.extend(named)
            # a sentence that opens with "It" or "They" (one group) is still about that group:
            # "It pledged allegiance to B" leaves the topic where it was, not at B
            self.last_subject = self._opening or named[0]
            self.last_named = named
        self._opening = None
        lists = [u for u in units if len(u) > 1 and all(m.method != "anaphor" for m in u)]
        self.lists.extend(lists)
        if named:
            self.list_is_recent = bool(lists)
