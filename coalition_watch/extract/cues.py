"""Cue lexicons: the words that signal each relation type, its direction, and its polarity.

Each cue is a regular expression with a direction: ``fwd`` (the group written first is the source:
"A pledged allegiance to B"), ``rev`` (the group written second is the source: "A's affiliate B",
"A, backed by B") or ``sym``. Cues are searched only in the text *between* two mentions (or
around a coordinated list: "clashes between A and B", "A and B merged"), never in the whole
sentence, so a cue for one pair does not leak onto another.

Polarity cues are searched in the same window plus a short stretch before the first mention:
denial ("denied", "no longer", "not", "refused", "severed") and hedges ("could", "may", "might",
"aims to", "expected to", "if"). The lexicons are general English and domain vocabulary; they are
not tuned to single sentences of any evaluation file.
"""

from __future__ import annotations

import re

_W = r"(?:\s+\S+){0,3}?\s+"  # up to three words in between

#: type -> [(pattern, direction)]
RELATION_CUES: dict[str, list[tuple[str, str]]] = {
    "pledge": [
        (r"\b(?:pledg\w*|swor?e|swearing|declar\w*|gave|give|giving|offer\w*|renew\w*|announc\w*)\b(?:\s+\S+){0,3}\s+(?:allegiance|bay'?ah|loyalty|fealty)", "fwd"),
        (r"\ballegiance\s+(?:to|with)\b", "fwd"),
        (r"\b(?:affiliat\w*|franchise|branch|arm|wing|chapter|province|offshoot|subsidiary)\s+(?:of|to)\b", "fwd"),
        (r"'s\s+(?:\S+\s+){0,3}(?:affiliate|franchise|branch|arm|wing|chapter|province|offshoot)\b", "rev"),
        (r"\b(?:formally\s+)?joins?\b|\bjoined\b|\bjoining\b", "fwd"),
        (r"\bloyal\s+to\b|\bunder\s+the\s+(?:banner|command|umbrella)\s+of\b", "fwd"),
        (r"\baffiliat\w*\s+with\b", "fwd"),
    ],
    "merger": [
        (r"\bmerg\w*\b|\bamalgamat\w*", "fwd"),
        (r"\b(?:rebrand\w*|renam\w*|re-?nam\w*|evolv\w*\s+in\s*to|transform\w*\s+into|became|become|turned\s+into|changing\b.*\binto|dissolved\s+into|folded\s+into|absorbed\s+into|integrat\w*\s+into|subsumed\s+into|replaced\s+by)\b", "fwd"),
        (r"\b(?:formerly|previously|once\s+known\s+as|former\s+incarnation|originally)\b", "rev"),
        (r"\b(?:absorbed|replaced|subsumed)\b(?!\s+(?:by|into))", "rev"),
    ],
    "split": [
        (r"\bsplit\w*\b|\bsplinter\w*\b|\bbroke\s+(?:away|off|ranks|with)\b|\bbreak\w*\s+away\b|\bbreakaway\b", "fwd"),
        (r"\bsever\w*\s+(?:\S+\s+)?ties\b|\bcut\s+(?:\S+\s+)?ties\b|\bbroke\s+(?:\S+\s+)?ties\b|\bparted\s+ways\b|\bdefect\w*\s+from\b|\bdisaffiliat\w*|\bbreak\s+from\b|\bexpelled\s+from\b", "fwd"),
        (r"\bseceded\b|\bsecession\b", "fwd"),
    ],
    "rivalry": [
        (r"\bclash\w*|\bfight\w*|\bfought\b|\bbattl\w*|\bcombat\w*|\bwar\b|\bwarfare\b|\binfight\w*|\bskirmish\w*|\bhostil\w*", "sym"),
        (r"\brival\w*|\bcompet\w*|\benem\w*|\bfoe\w*|\bfeud\w*|\btensions?\b|\bconflict\w*|\bcontradictions?\b|\bstruggl\w*|\bconfront\w*|\bat\s+odds\b|\blocked\s+horns\b", "sym"),
        (r"\battack\w*|\btarget\w*|\bassault\w*|\bambush\w*|\bkill\w*|\bexecut\w*|\bassassinat\w*|\bbomb\w*|\boffensive\s+against\b|\bagainst\b|\bopposed?\b|\boppos\w*|\bexpel\w*|\bdrove\s+out\b|\bblock\w*|\bdecr[iy]\w*|\bcondemn\w*|\bdenounc\w*|\bobstacle\b|\bretaliat\w*", "sym"),
    ],
    "foreign_fighters": [
        (r"\bfighters\s+from\b[^.]*\bjoin\w*", "fwd"),
        (r"\b(?:defectors?|fighters|recruits|members|militants)\s+(?:\S+\s+){0,2}(?:join\w*|flock\w*|travel\w*\s+to|defect\w*\s+to)\b", "fwd"),
        (r"\b(?:attract\w*|recruit\w*|lur\w*|poach\w*|absorb\w*)\b(?:\s+\S+){0,2}\s*$", "rev"),
        (r"\bdefectors?\b|\bformer\s+\S+\s+fighters\b", "fwd"),
    ],
    "sanctuary": [
        (r"\b(?:safe\s+|permissive\s+)?haven\s+(?:under|in|provided\s+by)\b|\bsanctuary\s+(?:under|in|provided\s+by|from)\b|\bprotection\s+(?:of|from)\b", "rev"),
        (r"\b(?:host\w*|shelter\w*|harbou?r\w*|gave\s+(?:\S+\s+)?(?:sanctuary|refuge|safe\s+haven)|provid\w*\s+(?:\S+\s+)?(?:sanctuary|refuge|safe\s+haven))\b", "fwd"),
    ],
    "support": [
        (r"\b(?:support\w*|back\w*|fund\w*|financ\w*|arm\w*|equipp\w*|train\w*|suppl\w*|provid\w*|facilitat\w*|sponsor\w*|aid\w*|assist\w*|help\w*|protect\w*|weapons|logistic\w*)\b(?:\s+\S+){0,6}?\s+(?:by|from)\s*(?:the\s+)?$", "rev"),
        (r"\b(?:support\w*|back\w*|fund\w*|financ\w*|arm(?:s|ed|ing)\b|equipp\w*|train\w*|suppl\w*|provid\w*|facilitat\w*|sponsor\w*|aid(?:s|ed|ing)?\b|assist\w*|help\w*|weapons|logistic\w*|patron\w*|proxy|proxies)", "fwd"),
        (r"-backed\b|-supported\b|-sponsored\b|-funded\b|-armed\b", "rev"),
    ],
    "alliance": [
        (r"\balli\w*|\bally\b|\bcoalition\b|\bcooperat\w*|\bco-operat\w*|\bcollaborat\w*|\bcoordinat\w*|\bpartner\w*|\bjoint\b|\bunit(?:ed|e|es|ing|y)\b|\bjoined\s+forces\b|\bjoin\s+forces\b|\btogether\s+with\b|\balongside\b|\bside\s+by\s+side\b|\bin\s+league\b", "sym"),
        (r"\bmarriages?\s+of\s+convenience\b|\bclose\s+(?:\S+\s+)?(?:contact|ties|links?|relations\w*)\b|\bties\s+(?:to|with)\b|\blinks?\s+(?:to|with)\b|\blinked\b|-linked\b|\bassociat\w*|\bcontact\s+with\b|\bclose\s+to\b|\bnetwork\s+of\b|\bpact\b|\bagreement\b|\bumbrella\b|\bfront\s+of\b", "sym"),
        (r"\bcompris\w*|\bcomposed\s+of\b|\bmade\s+up\s+of\b|\bconsist\w*\s+of\b|\binclud\w*|\bmembers?\s+of\b|\bpart\s+of\b|\bparticipat\w*|\bjoined\s+by\b", "sym"),
    ],
}

#: Cues that, before a coordinated list ("clashes between A and B"), relate its members pairwise.
LIST_PREFIX_CUES: list[tuple[str, str]] = [
    ("rivalry", r"\b(?:fight\w*|clash\w*|battl\w*|conflict\w*|war|infighting|rivalry|rivalries|tensions?|hostilit\w*|contradictions?|competition|struggle|confrontation\w*|skirmish\w*|violence)\s+(?:\S+\s+){0,2}(?:between|among|pitting)\s+(?:the\s+)?$"),
    ("alliance", r"\b(?:alliance|coalition|cooperation|co-operation|coordination|collaboration|agreement|pact|partnership|ties|relations\w*|union|rapprochement|truce)\s+(?:\S+\s+){0,2}(?:between|among|of)\s+(?:the\s+)?$"),
    ("merger", r"\b(?:merger|merging|unification|amalgamation)\s+(?:\S+\s+){0,2}(?:between|of|among)\s+(?:the\s+)?$"),
]
#: Cues right after a coordinated list ("A, B and C united") that relate its members pairwise.
LIST_SUFFIX_CUES: list[tuple[str, str]] = [
    ("alliance", r"^\s*(?:\S+\s+){0,4}?(?:(?:have|has|had|were|are|was|is)\s+)?(?:\w+ly\s+)?(?:been\s+)?(?:united|unite|allied|allies|joined\s+forces|join\s+forces|formed\s+(?:an?\s+)?(?:alliance|coalition|front|joint)|cooperat\w*|collaborat\w*|coordinat\w*|(?:closely\s+)?linked|fought\s+(?:together|side\s+by\s+side)|signed\s+(?:an?\s+)?(?:pact|agreement)|agreed\s+to\s+(?:cooperate|unite|work\s+together))\b"),
    ("rivalry", r"^\s*(?:\S+\s+){0,4}?(?:(?:have|has|had|were|are|was|is)\s+)?(?:\w+ly\s+)?(?:been\s+)?(?:clash\w*|fought|fight\w*|battl\w*|rivals|at\s+odds|locked\s+horns|at\s+war|compet\w*|feud\w*)\b"),
    ("merger", r"^\s*(?:\S+\s+){0,4}?(?:(?:have|has|had|were|are|was|is)\s+)?(?:\w+ly\s+)?(?:merged|merge|announced\s+(?:\S+\s+){0,3}merger|amalgamated|unified\s+into)\b"),
]

DENIAL = re.compile(r"\b(?:den(?:y|ied|ies|ying|ial)|no\s+longer|not|never|n't|refus\w*|reject\w*|contradict\w*|dismiss\w*|disavow\w*|no\s+(?:evidence|sign|links?|ties)|neither|nor|ended|ceased|false(?:ly)?)\b", re.I)
HEDGE = re.compile(r"\b(?:could|may|might|would|should|expected\s+to|aims?\s+to|aiming\s+to|seeks?\s+to|plans?\s+to|planning\s+to|consider\w*|potential(?:ly)?|possibl[ey]|if|in\s+case|unless|demand\w*|urg\w*|call\w*\s+on|threaten\w*\s+to|likely|unlikely|rumou?r\w*|speculat\w*|whether|hop\w*\s+to|propos\w*)\b", re.I)

COMPILED: dict[str, list[tuple[re.Pattern, str]]] = {
    kind: [(re.compile(p, re.I), d) for p, d in cues] for kind, cues in RELATION_CUES.items()
}
LIST_PREFIX = [(kind, re.compile(p, re.I)) for kind, p in LIST_PREFIX_CUES]
LIST_SUFFIX = [(kind, re.compile(p, re.I)) for kind, p in LIST_SUFFIX_CUES]
PASSIVE_BY = re.compile(r"\b(?:by|from)\s*(?:the\s+)?$", re.I)
PASSIVE_ONLY_BY = re.compile(r"\bby\s*(?:the\s+)?$", re.I)
FIGHTERS_FROM = re.compile(r"\b(?:fighters|members|militants|defectors|recruits|commanders|cadres)\s+(?:from|of)\s+(?:the\s+)?$", re.I)
