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

from .alternation import dispatched_alternation

_W = r"(?:\s+\S+){0,3}?\s+"  # up to three words in between

#: a head noun of membership right after a name: "the Islamic State (group) affiliate C"
HEAD_NOUN = (r"(?:[-\u2010\u2011]\s*)?(?:(?:group|movement|network|organi[sz]ation)['’]?s?\s+)?"
             r"(?:affiliate|franchise|branch|chapter|province)")
#: "… faction known as", "'s armed wing, called": a part of the group just named, named next
NAMED_PART = r"\s*(?:'s\s+)?(?:[a-z-]+\s+){0,2}?(?:faction|wing|branch|cell|unit|arm|chapter)\s*,?\s+(?:known\s+as|called|named|dubbed)\b"

#: "armed" as the adjective of a noun of fighters or groups ("armed groups", "armed wing") is no
#: verb of arming
ARMED_NOT_ADJECTIVE = (r"(?!\s+(?:groups?|outfits?|factions?|wings?|militias?|movements?|forces|men|struggle|conflicts?|"
                       r"opposition|rebellion|insurgen\w*|violence|clashes|actors?|organi[sz]ations?|units?|branch\w*|"
                       r"cadres?|fighters?|resistance|personnel|elements|gangs?|bands?|robbery|attacks?|assaults?)\b)")
#: the nouns that end the name of a unit of an armed group ("the Yarmouk Battalion", "the Eastern
#: War Front")
UNIT_NOUN = r"(?:Front|Bloc|Brigades?|Battalions?|Column|Division|Regiment|Company|Unit|Wing|Faction|Katiba|Liwa)"
#: the people of a group named before it ("fighters of", "the guerrillas of"): the group as a party
PEOPLE_OF = r"(?:fighters|members|militants|guerrillas|combatants|loyalists|cadres)\s+(?:of|from)\s+(?:the\s+)?"

#: type -> [(pattern, direction)]
RELATION_CUES: dict[str, list[tuple[str, str]]] = {
    "pledge": [
        (r"\b(?:pledg\w*|swor[en]|swear\w*|declar\w*|gave|give|giving|offer\w*|renew\w*|reaffirm\w*|affirm\w*|profess\w*|announc\w*|transferr?\w*|extend\w*)\b(?:\s+\S+){0,3}\s+(?:allegiance|bay'?ah|bay'?a\b|bai'?ah?\b|loyalty|fealty)", "fwd"),
        # lexicon breadth: oath and pledge nouns, loyalty, and membership nouns of a global organisation
        (r"\b(?:oaths?\s+(?:of\s+(?:allegiance|loyalty|fealty)\s+)?to|(?:its|their|a|the|his)\s+pledge\s+(?:of\s+(?:allegiance|loyalty)\s+)?to|loyalty\s+to|fealty\s+to|bay'?ah?\s+to)\b", "fwd"),
        (r"\b(?:outpost|satellite|wilaya[ht]?|wilayah|regional\s+(?:branch|affiliate|franchise))\s+of\b", "fwd"),
        (r"\ballegiance\s+(?:to|with)\b", "fwd"),
        (r"\b(?:affiliat\w*|franchise|branch|arm|wing|chapter|province|subsidiary|front\s+(?:group\s+)?for|(?:a|the)\s+front)\s+(?:of|to|for)\b", "fwd"),
        (r"\b(?:pledg\w*|vow\w*|declar\w*|express\w*|announc\w*|voic\w*|proclaim\w*)\s+(?:\S+\s+){0,2}?support\s+(?:for|to)\b", "fwd"),
        # "statements in support of B": a declaration, not material aid
        (r"\b(?:statements?|declarations?|messages?|communiqu\w*|videos?|speech\w*)\s+(?:\S+\s+){0,2}?(?:in\s+|of\s+)?support\s+(?:of|for)\b", "fwd"),
        (r"'s\s+(?:\S+\s+){0,3}(?:affiliate|franchise|branch|arm|wing|chapter|province)\b", "rev"),
        (r"^'s\s+(?:[a-z]+\s+)?$", "rev"),  # "the Islamic Front's Suqour al-Sham": a member group
        # "the A faction known as B", "A's armed wing, called B": B is part of A
        (r"^" + NAMED_PART + r"\s+(?:the\s+)?$", "rev"),
        # "the Islamic State-affiliated ISWAP": a compound modifier naming what B belongs to
        (r"^\s*[-\u2010\u2011]\s*(?:affiliated|loyal|pledged)\b", "rev"),
        (r"\b(?:formally\s+)?(?:re-?)?(?:joins?|joined|joining)\b(?!\s+(?:with|hands|forces)\b)", "fwd"),
        (r"\bloyal\s+to\b|\bunder\s+the\s+(?:banner|command|umbrella)\s+of\b", "fwd"),
        # "A and C are under B" (a copula, then "under" and the name): members of B; the words
        # before "under" stay outside the cue, so "not under B" reads as a denial
        (r"(?:(?<=\bis\s)|(?<=\bare\s)|(?<=\bwas\s)|(?<=\bwere\s)|(?<=\bbeen\s)|(?<=\bremains\s)|(?<=\bremained\s)|"
         r"(?<=\bnot\s)|(?<=\blonger\s)|(?<=\bnow\s)|(?<=\ball\s)|(?<=\bboth\s)|(?<=\bstill\s)|(?<=\bformally\s)|"
         r"(?<=\bnominally\s)|(?<=\bfought\s)|(?<=\bfight\s)|(?<=\bfights\s)|(?<=\bserved\s)|(?<=\bserves\s)|(?<=\boperates\s)|"
         r"(?<=\boperated\s))under\s+(?:the\s+)?$", "fwd"),
        # "A's leader placed his group under the authority of B"
        (r"\b(?:plac\w*|put|puts|putting|brought|bring\w*)\s+(?:\S+\s+){0,3}?under\s+the\s+(?:authority|leadership|flag|suzerainty)\s+of\b", "fwd"),
        # "A answers to B", "A is subordinate to B": a chain of command
        (r"\b(?:answer(?:s|ed|ing)?|answerable|accountable|subordinate[sd]?|report(?:s|ed|ing)?\s+directly)\s+to\b", "fwd"),
        # "B accepted the pledge of A": the leader named first
        (r"\baccept\w*\s+(?:the\s+|an?\s+)?(?:\S+\s+)?(?:pledges?|bay'?ah|allegiance|oaths?)\s+(?:of|from)\b", "rev"),
        (r"\baffiliat\w*\s+with\b", "fwd"),
        # "A, a faction of B", "A is one faction of B" (in apposition or after a copula, not "C
        # attacked a faction of B"); a dissident faction is a split (below)
        (r"(?:^\s*,\s*|\b(?:is|was|are|were|became|becomes|remains?|remained)\s+)(?:a|an|one|another|the)\s+"
         r"(?:(?!dissident|renegade|breakaway|splinter|rival)[\w-]+\s+)?(?:faction|sub-?group|component)\s+(?:of|within)\b", "fwd"),
        # "Syrian al-Qaeda affiliate, Hurras al-Din, …": the head noun right after A, then B
        (r"^\s*" + HEAD_NOUN + r"(?:\s*,\s+|\s+)(?:the\s+)?$", "rev"),
    ],
    "merger": [
        (r"\bmerg\w*\b|\bamalgamat\w*|\b(?:to\s+form|forming|to\s+create|to\s+establish)\s+(?:the\s+|a\s+new\s+)?"
         # "… to establish a new umbrella group called B", "… to form what is now known as B"
         # (an umbrella, alliance, coalition or front formed so is a membership, not a merger)
         r"(?:(?!(?:[\w-]+\s+){0,2}?(?:umbrella|alliance|coalition|front|bloc|council|operations?\s+room)\b)"
         r"(?:[\w-]+\s+){0,2}?(?:group|organi[sz]ation|outfit|body|movement|entity|formation)"
         r"\s*,?\s*(?:called|named|known\s+as|dubbed)\s+(?:the\s+)?|what\s+(?:is|was|became)\s+(?:now\s+|today\s+|later\s+)?known\s+(?:today\s+)?as\s+(?:the\s+)?)?$", "fwd"),
        (r"\b(?:rebrand\w*|renam\w*|re-?nam\w*|evolv\w*\s+in\s*to|transform\w*\s+into|(?:became|become)(?=\s+(?:known\s+as\s+)?(?:the\s+)?$)|turned\s+into|changing\b.*\binto|(?:dissolv|fold|merg)\w*\s+(?:itself\s+|themselves\s+)?into|(?:absorb|integrat|subsum)\w*\s+into|replaced\s+by|incorporat\w*\s+into|(?:unit|combin|consolidat|fus|amalgamat)\w*\s+into|predecessor\s+(?:organi[sz]ation\s+|group\s+)?(?:of|to)|forerunner\s+of)\b", "fwd"),
        # lexicon breadth: renames (a rename is recorded as a merger of the old name into the new one,
        # as the knowledge base's lineage links renames and mergers alike) and other changes of body
        (r"\b(?:chang\w*|switch\w*)\s+(?:its|their)\s+(?:\S+\s+)?name\s+to\b|\b(?:re-?brand\w*|re-?nam\w*|re-?styl\w*)\s+(?:itself|themselves)\b"
         r"|\b(?:adopt\w*|took|tak(?:e|es|en|ing))\s+(?:on\s+)?(?:the|a)\s+(?:new\s+)?name\b|\bnew\s+name,?\s+(?:of\s+)?(?:the\s+)?$"
         r"|\b(?:now|later|subsequently|thereafter|henceforth)\s+(?:known\s+as|called|named)\b"
         r"|\b(?:re-?emerg\w*|resurfac\w*|reconstitut\w*|re-?form\w*|re-?launch\w*|reborn|re-?establish\w*|reorgani[sz]\w*|restructur\w*|re-?invent\w*)\s+(?:itself\s+|themselves\s+)?(?:as|into)\b"
         r"|\b(?:morph\w*|metamorphos\w*|grew|grown|develop\w*|mutat\w*)\s+into\b|\b(?:succeeded|superseded|supplanted)\s+by\b", "fwd"),
        (r"\bchang\w*\s+(?:its|their)\s+(?:\S+\s+)?name\s+from\b|\b(?:then|earlier|initially|at\s+first|until\s+\S+)\s+(?:known\s+as|called|named)\b"
         r"|\b(?:succeeded|superseded|supplanted)(?=\s+(?:the\s+)?$)|\bswallow\w*(?:\s+up)?(?=\s+(?:the\s+)?$)", "rev"),
        # "B is the latest incarnation of A": the newer group named first
        (r"\b(?:latest|newest|new|current|most\s+recent|later|present)\s+(?:incarnation|iteration|guise|avatar|version)\s+of\b", "rev"),
        # "A, the successor of B": the newer group named first
        (r"\bsuccessor\s+(?:organi[sz]ation\s+|group\s+|movement\s+)?(?:of|to)\b", "rev"),
        (r"\b(?:(?:formerly|previously|once|originally)\s+(?:known\s+as|called|named)|former\s+(?:incarnation|name)|formerly(?=\s+(?:the\s+)?$))\b", "rev"),
        (r"\b(?:absorbed|replaced|subsumed)\b(?!\s+(?:by|into|(?:\S+\s+){0,2}?(?:hundreds|thousands|dozens|scores|many|several|some|most)\s+of|"
         r"(?:\S+\s+)?(?:fighters|militants|members|cadres|commanders|recruits|defectors)\s+(?:from|of)\b))", "rev"),
        (r"\b(?:absorbed|subsumed|taken\s+over)\s+by\s+(?:the\s+)?$", "fwd"),
        # "B was formed from A (and …)": the older group is named second
        (r"\b(?:formed|created|founded|born|built)\s+(?:out\s+of|from)\s+(?:the\s+)?(?:remnants\s+of\s+(?:the\s+)?)?$", "rev"),
    ],
    "split": [
        # "A split into two factions, one of which became B": B is one of A's parts
        (r"\bsplit\s+into\s+(?:\S+\s+){0,3}?(?:factions|groups|wings|parts|camps)\b[^.;]{0,40}?\b(?:one|the\s+(?:larger|smaller|other|first|second))\s+"
         r"(?:of\s+)?(?:which|them|these)\s+(?:\S+\s+)?(?:became|becoming|formed|is|was|called|named|known\s+as)\s+(?:the\s+)?$", "rev"),
        (r"\bsplit\w*\b|\bsplinter\w*\b|\bbroke\s+(?:away|off|ranks|with)\b|\bbreak\w*\s+away\b|\bbreakaway\b", "fwd"),
        # "became independent of B", "declared its independence from B" (not "remained independent")
        (r"\b(?:became|become|becomes|becoming|declar\w*|gain\w*|won|proclaim\w*)\s+(?:its\s+|their\s+)?"
         r"independen\w*\s+(?:of|from)\b", "fwd"),
        (r"\bsever\w*\s+(?:\S+\s+)?ties\b|\bcut\s+(?:\S+\s+)?ties\b|\bbroke\s+(?:\S+\s+)?ties\b|\bparted\s+ways\b|\bdefect\w*\s+from\b|\bdisaffiliat\w*|\b(?:break|breaks|broke|breaking)\s+from\b|\bexpelled\s+from\b|\b(?:break|rupture|schism|separation)\s+(?:\S+\s+)?(?:with|from)\b", "fwd"),
        (r"\b(?:dissident|renegade)\s+(?:faction|wing|group|offshoot)s?\s+(?:of|from|within)\b", "fwd"),
        (r"\boffshoots?\s+of\b|\b(?:emerg\w*|stemm?\w*|originat\w*|grew|grown|spun\s+off)\s+(?:out\s+of|from)\s+(?:within\s+)?(?:the\s+)?(?:ranks\s+of\s+(?:the\s+)?)?$", "fwd"),
        (r"\b(?:was|were)\s+(?:formed|founded|created|established|set\s+up)\s+(?:by|from|out\s+of)\s+(?:\S+\s+){0,3}?(?:members|rebels|defectors|fighters|dissidents|cadres|commanders|militants|veterans)\s+(?:from|of)\b", "fwd"),
        (r"\bseceded\b|\bsecession\b|\b(?:separat|distanc|dissociat)\w*\s+(?:\S+\s+){0,2}?from\b|\brenounc\w*(?:\s+(?:\S+\s+){0,2}?(?:affiliations?|allegiance|ties|alliances?|links?|bay'?ah|loyalty)\b)?|\b(?:left|quit|abandoned|deserted)(?=\s+(?:the\s+)?$)|\bousted\s+from\b|\b(?:ended|end|ending|ends|terminat\w*|dissolv\w*)\s+(?:its|their|the)\s+(?:\S+\s+)?(?:affiliations?|alliances?|allegiance|ties|relationships?|associations?|links?|bay'?ah)\b", "fwd"),
        # lexicon breadth: cutting links, turning away, walking out of a body
        (r"\b(?:cut|cuts|cutting|sever\w*|snapp?\w*|broke|break\w*)\s+(?:\S+\s+){0,2}?(?:links|relations|connections|contacts|bonds)\b"
         r"|\bturn\w*\s+(?:its|their|his)\s+backs?\s+on\b|\bswitch\w*\s+(?:its|their|his)\s+(?:loyalty|loyalties|allegiance)\s+(?:away\s+)?from\b"
         r"|\b(?:pull\w*\s+out\s+of|withdr[ae]w\w*\s+from|walk\w*\s+out\s+of|exit\w*)(?=\s+(?:the\s+)?$)", "fwd"),
        # "A cut off B", "A disowned B": A is the body B left
        (r"\b(?:cut\s+off|disown\w*|excommunicat\w*)(?=\s+(?:the\s+)?$)", "rev"),
        # "B was founded by former A commanders": the people of A are named with their group
        (r"\b(?:was|were|been)\s+(?:\w+ly\s+)?(?:formed|founded|created|established|set\s+up|started|launched)\s+(?:\w+ly\s+)?by\s+(?:\S+\s+){0,2}?(?:former|ex-|disaffected|dissident|renegade|breakaway)\s*(?:the\s+)?$", "fwd"),
        # "A splintered as its commander created his own outfit, B": B is the splinter
        (r"\b(?:creat|form|found|launch|start|establish|set)\w*\s+(?:up\s+)?(?:his|her|their|its)\s+own\s+(?:[\w-]+\s+)?(?:outfit|group|faction|organi[sz]ation|movement|party|militia|network|front)\b", "rev"),
    ],
    "rivalry": [
        (r"\bclash\w*|\bfight(?!ers?\b|ing\s+(?:groups?|forces?|units?|factions?|men|capacity|strength)\b|\w*\s+under\b)\w*|\bfought\b(?!\s+under\b)|\bbattl\w*|\bcombat\w*|\bwar\b|\bwarfare\b|\binfight\w*|\bskirmish\w*|\bhostil\w*", "sym"),
        (r"\bf[ae]ll(?:s|en)?\s+out\s+with\b|\bfalling\s+out\s+with\b", "sym"),  # "A fell out with B"
        # "A was wiped out by B", "B crushed A"
        (r"\bwip(?:e|es|ed|ing)\s+out\b|\bdecimat\w*|\bannihilat\w*|\beradicat\w*", "sym"),  # (crush, rout: below)
        (r"\brival\w*|\bcompet\w*|\benem\w*|\bfoe\w*|\bfeud\w*|\btensions?\b|\bconflict\w*|\bcontradictions?\b|\bstruggl\w*|\bconfront\w*|\bat\s+odds\b|\blocked\s+horns\b", "sym"),
        (r"\battack\w*|\btarget\w*|\bassault\w*|\bambush\w*|\bkill\w*|\bexecut\w*|\bassassinat\w*|\bbomb(?!ers?\b|-?mak\w*)\w*|\boffensive\s+against\b|\bagainst\b(?!\s+(?!(?:fighting|ruling|rebelling)\b)(?-i:[a-z]+ing)\b)|\bopposed?\b|\boppos(?!ition\b)\w*|\bopposition\s+to\b|\bexpel\w*|\bdrove\s+out\b|\bcounter(?:s|ed|ing)?\b|\bcrush\w*|\beliminat\w*|\bdislodg\w*|\bousted\b|\bblock\w*|\bdecr[iy]\w*|\bcondemn\w*|\bdenounc\w*|\bobstacle\b|\bretaliat\w*|\bdefeat\w*|\brout(?:ed|ing)\b|\boverthr\w*|\btoppl\w*|\barrest\w*|\bdetain\w*|\bcrack\w*\s+down\b|\bcrackdown\b|\bpurg\w*|\bbesieg\w*|\b(?:drove|drive[ns]?|driving|chased|chasing)(?=\s+(?:the\s+)?$)", "sym"),
        (r"\b(?:retak\w*|retook|recaptur\w*|seiz\w*|captur\w*|wrest\w*|overr[au]n|took\s+(?:control|over))\b(?:\s+\S+){0,5}?\s+from\s*(?:the\s+)?$", "sym"),
        # lexicon breadth: violent acts, turning on a partner, contest and enmity nouns
        (r"\b(?:raid(?:s|ed|ing)?|shell(?:s|ed|ing)|storm(?:s|ed|ing)|overr[au]n(?:s|ning)?|invad\w*|invasion\s+of|murder\w*|behead\w*|abduct\w*|kidnap\w*|massacr\w*|slaughter\w*|slew|slain|assassins?"
         r"|fir(?:ed|es|ing)\s+(?:\S+\s+){0,2}?(?:on|at|upon)|shot\s+dead|shoot\w*|gunn(?:ed|ing)\s+down|los[te]\w*\s+(?:\S+\s+){0,3}?(?:towns?|villages?|cities|city|ground|territory|positions?|bases?|areas?|districts?|strongholds?|battles?)\s+to"
         r"|repel(?:s|led|ling)|repuls\w*|fend\w*\s+off|fought\s+off|beat\w*\s+back|push\w*\s+(?:back|out)|hunt\w*\s+down|raz(?:ed|es|ing)|sabotag\w*|siege|(?:air)?strikes?\s+(?:on|against)"
         r"|turn\w*\s+on|turn\w*\s+(?:its|their)\s+guns\s+on|declar\w*\s+(?:\S+\s+)?(?:war|jihad|takfir)\s+(?:on|against)|takfir\w*|vendettas?|bad\s+blood|animosity|antagonis\w*|enmity|animus|hatred"
         r"|loggerheads|grudges?|disputes?|quarrel\w*|squabbl\w*|vie[ds]?|vying|jockey\w*|challeng(?:ed|ing)|contest\w*\s+(?:\S+\s+){0,4}?with|retaliat\w*|reprisals?|revenge|avenge\w*)\b", "sym"),
    ],
    "foreign_fighters": [
        # "A militants travelled to Syria to fight with B"
        (r"\b(?:fighters|militants|members|recruits|volunteers|jihadists|commanders|cadres|veterans)\s+(?:\S+\s+){0,3}?(?:travel\w*|went|gone|go(?:es)?|head\w*|made\s+(?:their|the)\s+way|migrat\w*|mov(?:ed|ing)|relocat\w*|redeploy\w*|deploy\w*|cross\w*|stream\w*|pour\w*|flock\w*|flow\w*|journey\w*)\s+(?:\S+\s+){0,4}?"
         r"to\s+(?:fight|serve|join)\s+(?:with|for|alongside|in)?\s*(?:the\s+ranks\s+of\s+)?(?:the\s+)?$", "fwd"),
        (r"\bfighters\s+from\b[^.]*\bjoin\w*", "fwd"),
        # "A … with recent defections to B": A's people going over to B
        (r"\bdefections?\s+(?:\S+\s+){0,2}?(?:to|into)\s+(?:the\s+)?$", "fwd"),
        # "A veterans later fought in the ranks of B", "former A fighters now fill the ranks of B"
        (r"\b(?:fight\w*|fought|serv\w*|enlist\w*|fill\w*|swell\w*|join\w*|found\s+(?:a\s+)?(?:place|home))\s+(?:in\s+|within\s+)?(?:the\s+)?ranks\s+of\s+(?:the\s+)?$", "fwd"),
        # "B absorbed hundreds of A fighters": people of A taken into B
        (r"\b(?:absorb\w*|integrat\w*|recruit\w*|took\s+in|taken\s+in|welcom\w*)\s+(?:(?:\S+\s+){0,2}?(?:hundreds|thousands|dozens|scores|many|several|some|most)\s+of|"
         r"(?:\S+\s+)?(?:fighters|militants|members|cadres|commanders|recruits|defectors)\s+(?:from|of))\s+(?:the\s+)?(?:former\s+)?$", "rev"),
        (r"\b(?:defectors?|fighters|recruits|members|militants|veterans)\s+(?:\S+\s+){0,3}(?:join\w*|flock\w*|travel\w*\s+to|defect\w*\s+to|(?:cross\w*|went|gone|switch\w*)\s+over\s+to|switch\w*\s+sides\s+to|desert\w*\s+to|swell\w*\s+the\s+ranks\s+of|enlist\w*\s+(?:in|with))\b", "fwd"),
        (r"\b(?:attract\w*|recruit\w*|lur\w*|poach\w*)\b(?:\s+\S+){0,2}\s*$", "rev"),
        (r"\bdefectors?\b|\bformer\s+\S+\s+fighters\b", "fwd"),
        # "A fighters (serving) with/in B": people of one group inside another
        (r"^\s*(?:foreign\s+)?(?:fighters|militants|members|recruits|volunteers|jihadists|commanders|defectors|cadres)\s+"
         r"(?:(?:who|that)\s+)?(?:(?:are|were|have\s+been|had\s+been)\s+)?(?:(?:now|later|still|also|reportedly|\w+ly)\s+)?"
         r"(?:(?:fighting|fight|serv(?:e|es|ed|ing)|operat(?:e|es|ed|ing)|embedded|enlisted|active)\s+)?"
         r"(?:with|in|within|among|inside|for|alongside)\s+(?:the\s+ranks\s+of\s+)?(?:the\s+)?$", "fwd"),
        # "A lost dozens of commanders to B"
        (r"\b(?:lost|losing|loses|bled)\s+(?:\S+\s+){0,3}?(?:fighters|members|commanders|recruits|cadres|militants|men)\s+to\s+(?:the\s+)?$", "fwd"),
        # "B recruited fighters from A", "B drew recruits from the ranks of A"
        (r"\b(?:recruit\w*|attract\w*|(?:drew|draws|drawn)(?!\s+(?:its\s+|their\s+|much\s+|some\s+)?(?:inspiration|lessons?|strength|comparisons?|parallels?|attention|criticism|condemnation|legitimacy|ideas?)\b)|lur\w*|poach\w*|siphon\w*|enlist\w*)\b(?:\s+\S+){0,4}?\s+(?:from|among)\s+(?:the\s+)?(?:former\s+)?(?:ranks\s+of\s+(?:the\s+)?)?$", "rev"),
    ],
    "sanctuary": [
        (r"\b(?:found|sought|took|enjoy\w*|receiv\w*|given|granted|ha[sd])\s+(?:safe\s+)?(?:refuge|sanctuary|shelter|haven)\s+(?:with|among|under)\s+(?:the\s+)?$", "rev"),
        (r"\b(?:safe\s+|permissive\s+)?havens?\s+(?:under|in|provided\s+by|offered\s+by|granted\s+by)\b|\bsanctuar(?:y|ies)\s+(?:under|in|provided\s+by|offered\s+by|granted\s+by|from)\b|\bprotection\s+(?:of|from)\b", "rev"),
        # "A tolerates the presence of B", "A turned a blind eye to B"
        (r"\btolerat\w*\s+(?:the\s+)?presence\s+of\s+(?:the\s+)?$|\bturn\w*\s+a\s+blind\s+eye\s+to\b", "fwd"),
        (r"\b(?:host\w*|shelter\w*|harbou?r\w*|(?:gave|give[ns]?|giving|granted|grants?|offer\w*|extend\w*|provid\w*)\s+(?:\S+\s+)?(?:sanctuary|refuge|shelter|(?:safe\s+)?havens?))\b", "fwd"),
        # lexicon breadth: bases, homes and protection given; refuge in ground another group holds
        (r"\b(?:(?:gave|give[ns]?|giving|granted|grants?|offer\w*|extend\w*|provid\w*|afford\w*|lent|lend\w*)\s+(?:\S+\s+)?(?:(?:a|rear|safe|secure)\s+)?(?:bases?|foothold|home|hide-?outs?|safe\s*-?\s*houses?|protection|hospitality|safe\s+passage)\s+(?:to|for)"
         r"|(?:safe\s+)?(?:havens?|sanctuar(?:y|ies)|refuge|rear\s+bases?|safe\s*-?\s*houses?)\s+(?:for|to)|hous(?:ed|es|ing)|play\w*\s+host\s+to|took\s+in|taken\s+in)\b", "fwd"),
        (r"\b(?:hospitality\s+of|(?:refuge|sanctuary|shelter|haven|hid\w*|hiding|based|regroup\w*|relocat\w*)\s+(?:\S+\s+){0,2}?in\s+(?:\S+\s+){0,2}?(?:territory|areas?|lands?|zones?|strongholds?)\s+(?:controlled|held|run|ruled)\s+by\s+(?:the\s+)?$)", "rev"),
    ],
    "support": [
        (r"(?<!-)\b(?:support\w*|back\w*|fund\w*|financ\w*|arm\w*|equipp\w*|train\w*|suppl\w*|provid\w*|facilitat\w*|sponsor\w*|aid\w*|assist\w*|help\w*|protect\w*|weapons|logistic\w*)\b(?:\s+\S+){0,6}?\s+(?:by|from)\s*(?:the\s+)?$", "rev"),
        # "A, a proxy of B", "A acts as a proxy for B": B is the patron
        (r"\bprox(?:y|ies)\s+(?:of|for)\b", "rev"),
        (r"(?<!-)\b(?:support\w*|back\w*|fund\w*|financ\w*|arm(?:s|ed|ing)\b" + ARMED_NOT_ADJECTIVE + r"|equipp\w*|train\w*|suppl\w*|provid\w*|facilitat\w*|sponsor\w*|aid(?:s|ed|ing)?\b|assist\w*|help\w*|weapons|logistic\w*|patron\w*|proxy|proxies)", "fwd"),
        # lexicon breadth: paying, propping up, shipping arms; "in the pay of", "on the payroll of"
        (r"\b(?:bankroll\w*|underwr\w*|subsidi[sz]\w*|donat\w*|re-?arm\w*|equip(?:s|ped|ping)?|bolster\w*|prop(?:s|ped|ping)?\s+up|shor(?:e|es|ed|ing)\s+up|lifelines?\s+to"
         r"|(?:funnel\w*|channel\w*|smuggl\w*|ship\w*|sen(?:t|d|ds|ding)|deliver\w*|transferr?\w*|sold|sell\w*)\s+(?:\S+\s+){0,3}?(?:weapons|arms|money|cash|funds|munitions|ammunition|explosives|materiel|drones|missiles|rockets|supplies|equipment|advisers|advisors|trainers|instructors)"
         r"|(?:munitions|ammunition|materiel|explosives|cash|money|drones|missiles|rockets)\s+to|pa(?:id|ys?|ying)\s+(?:the\s+)?(?:salaries|wages|stipends)|donors?\s+to|financiers?|funders?)\b", "fwd"),
        (r"\b(?:in\s+the\s+pay\s+of|on\s+the\s+payroll\s+of|(?:money|cash|munitions|ammunition|materiel|explosives|drones|missiles|rockets|donations|subsidies)\s+(?:\S+\s+){0,2}?from\s+(?:the\s+)?$)", "rev"),
        (r"^\s*-\s*(?:backed|supported|sponsored|funded|armed)\b", "fwd"),  # "Iran-backed Houthis"
        (r"\b(?:sustain(?:s|ed|ing)?|nurtur\w*|cultivat\w*|propp\w*\s+up|kept\s+alive|keep\s+alive)(?=\s+(?:the\s+)?$)", "fwd"),  # "A sustained B"
        (r"\b(?:reli\w*|rely|depend\w*)\s+(?:\w+ly\s+)?(?:up)?on\s+(?:the\s+)?$", "rev"),  # "A relies on B (for funds)"
        # "A was set up with the help of B", "A, with the backing of B, took the town": B is the helper
        (r"\bwith\s+(?:the\s+)?(?:[\w-]+\s+)?(?:help|support|backing|assistance|aid|funding|blessing)\s+of\s*(?:the\s+)?$", "rev"),
        (r"\bto\s+(?:re-?)?arm(?=\s+(?:the\s+)?$)", "fwd"),  # "A is reported to arm B"
        # "A sent fighters to (help) B", "A dispatched reinforcements to B"
        (r"\b(?:sen(?:t|d|ds|ding)|dispatch\w*|deploy\w*)\s+(?:\S+\s+){0,3}?(?:fighters|troops|militants|reinforcements|men|cadres|units|commanders)\s+"
         r"to\s+(?:(?:help|aid|assist|support|reinforce|bolster)\s+)?(?:the\s+)?$", "fwd"),
        # "A enjoys the support of B", "A won the backing of B": B is the backer
        (r"\b(?:enjoy\w*|receiv\w*|get(?:s|ting)?|got|gain\w*|won|win(?:s|ning)?|secur\w*|sought|seek\w*|obtain\w*)\s+"
         r"(?:the\s+)?(?:[\w-]+\s+)?(?:support|backing|help|assistance|aid|patronage|sponsorship|funding|financing)\s+of\s*(?:the\s+)?$", "rev"),
    ],
    "alliance": [
        # lexicon breadth: multi-word expressions of acting together
        (r"\b(?:team\w*\s+up|join\w*\s+hands|band\w*\s+together|clos\w*\s+ranks|(?:made|make|making|found)\s+common\s+cause|common\s+cause|in\s+cahoots|hand\s+in\s+glove|hand\s+in\s+hand|shoulder\s+to\s+shoulder"
         r"|(?:brothers|comrades)[-\s]+in[-\s]+arms|collu\w*|pool\w*\s+(?:\S+\s+)?(?:resources|fighters|forces|efforts)|rapprochement|(?:friendly|cordial|warm|good|strong|close|longstanding|long-standing|deep|operational|working)\s+(?:relations|relationship|ties|links)"
         r"|(?:struck|strik\w*|forg\w*|seal\w*|sign\w*|conclud\w*|ink\w*|broker\w*|reach\w*|agreed|enter\w*)\s+(?:into\s+)?(?:an?\s+|the\s+)?(?:\S+\s+)?(?:deal|pact|accord|alliance|understanding|partnership|agreement|compact|entente)"
         r"|(?:deal|accord|understanding|entente)\s+with|(?:operations?\s+room|bloc|common\s+front|united\s+front|confederation|federation)\s+with)\b", "sym"),
        (r"\b(?:fight\w*|fought|battl\w*|combat\w*|attack\w*|operat\w*|work\w*|act\w*)\s+(?:\S+\s+){0,2}?(?:alongside|along\s+side|together|side\s+by\s+side|shoulder\s+to\s+shoulder|hand\s+in\s+hand|in\s+concert|in\s+tandem|jointly)\b|\b(?:coordinat\w*|joint|combined)\s+(?:\S+\s+)?(?:attacks?|offensives?|operations?|assaults?|raids?)\b", "sym"),
        (r"\balli\w*|\bally\b|\bcoalition\b|\bcooperat\w*|\bco-operat\w*|\bcollaborat\w*|\bcoordinat\w*|\bpartner\w*|\bjoint\b|\bunit(?:ed|e|es|ing|y)\b|\bjoined\s+forces\b|\bjoin\s+forces\b|\btogether\s+with\b|\balongside\b|\bside\s+by\s+side\b|\bin\s+league\b", "sym"),
        (r"\bmarriages?\s+of\s+convenience\b|\bclose\s+(?:\S+\s+)?(?:contact|ties|links?|relations\w*)\b|\bties\s+(?:to|with)\b|\btied\s+(?:closely\s+)?(?:to|with)\b|\blinks?\s+(?:to|with)\b|(?<!-)\blinked\b|^\s*-\s*(?:linked|allied|aligned)\b|\bassociat\w*|\baligned\s+(?:\w+\s+)?with\b|\bcontact\s+with\b|\bconnect\w*\s+(?:to|with)\b|\bwork(?:s|ed|ing)?\s+(?:\S+\s+)?with\b|\bcommunicat\w*\s+with\b|\bclose\s+to\b|\bnetwork\s+of\b|\bpact\b|\bagreement\b|\bumbrella\b|\bfront\s+of\b", "sym"),
        # "A works for B", "B acquired the services of A": a hired group works with its client
        (r"\bwork(?:s|ed|ing)?\s+for\s+(?:the\s+)?$|\b(?:acquir\w*|hir(?:e|es|ed|ing)|us(?:e|es|ed|ing)|retain\w*|engag\w*|enlist\w*)\s+"
         r"the\s+services\s+of\s+(?:the\s+)?$", "sym"),
        # "3R joined with the CPC": joined with a group named right after, not "joined with other factions"
        (r"\bjoined\s+with\s+(?:the\s+)?$", "sym"),
        (r"\bcompris\w*|\bcomposed\s+of\b|\bmade\s+up\s+of\b|\bconsist\w*\s+of\b|\binclud\w*|\bmembers?\s+of\b|\bpart\s+of\b|\bparticipat\w*|\bjoined\s+by\b", "sym"),
        # "The alliance's members are A, B and C", "Its member groups include A": the list ends the window
        (r"\b(?:members|member\s+(?:groups|factions|organi[sz]ations)|constituent\s+(?:groups|factions|parts)|components|founding\s+members)\s+(?:are|were|include[sd]?|compris(?:e|es|ed))\s*:?\s*(?:the\s+)?$", "sym"),
    ],
}

#: Cues that, before a coordinated list ("clashes between A and B"), relate its members pairwise.
LIST_PREFIX_CUES: list[tuple[str, str]] = [
    ("rivalry", r"\b(?:fight\w*|clash\w*|battl\w*|conflict\w*|war|infighting|rivalry|rivalries|tensions?|hostilit\w*|contradictions?|competition|struggle|confrontation\w*|skirmish\w*|violence)\s+(?:\S+\s+){0,2}(?:between|among|pitting)\s+(?:the\s+)?"
                 r"(?:" + PEOPLE_OF + r")?$"),
    ("alliance", r"\b(?:alliance|coalition|cooperation|co-operation|coordination|collaboration|agreement|pact|partnership|ties|relations\w*|union|rapprochement|truce)\s+(?:\S+\s+){0,2}(?:between|among|of)\s+(?:the\s+)?$"),
    ("alliance", r"\b(?:joint|combined|coordinated)\s+(?:effort|operation|attack|offensive|assault|raid|campaign)s?\s+(?:by|of|between|among)\s+(?:the\s+)?$"),
    ("merger", r"\b(?:merger|merging|unification|amalgamation)\s+(?:\S+\s+){0,2}(?:between|of|among)\s+(?:the\s+)?$"),
    # "the coalition brings together A, B and C", "an operations room uniting A and B"
    ("alliance", r"\b(?:brings?|brought|bringing)\s+together\s+(?:the\s+)?$|\b(?:unites|united|uniting)\s+(?:the\s+)?$"),
]
#: Cues right after a coordinated list ("A, B and C united") that relate its members pairwise.
#: A reciprocal ("fought one another", "cooperated with each other") is searched separately. A list
#: that jointly seized, captured or launched an offensive acted together (alliance).
LIST_SUFFIX_CUES: list[tuple[str, str]] = [
    ("alliance", r"^\s*(?:[^\s.;]+\s+){0,6}?(?:(?:have|has|had|were|are|was|is)\s+)?(?:\w+ly\s+)?(?:been\s+)?(?:united|unite|allied|allies|joined\s+forces|join\s+forces|formed\s+(?:an?\s+)?(?:alliance|coalition|front|joint)|cooperat\w*|collaborat\w*|coordinat\w*|(?:(?<=were\s)|(?<=are\s)|(?<=was\s)|(?<=is\s)|(?<=been\s)|(?<=closely\s)|(?<=remain\s)|(?<=remained\s))(?:linked|aligned)|(?:proposed|announced|signed|sealed|forged|struck|formed)\s+(?:an?\s+|their\s+)?(?:\S+\s+)?(?:alliance|pact|agreement|partnership|coalition)|(?:announced|declared|proclaimed)\s+(?:the\s+)?(?:formation|creation|establishment|launch)\s+of\s+(?:an?\s+|the\s+|their\s+)?(?:new\s+)?(?:\S+\s+){0,2}?(?:operations?\s+room|command|coalition|alliance|front|council|umbrella|bloc|pact|partnership)|(?:conducted|carried\s+out|launched|staged|mounted)\s+(?:an?\s+|the\s+)?(?:\S+\s+)?(?:joint|coordinated|combined)|joined\s+(?:in\s+)?(?:the\s+)?(?:battle|fight|fighting|offensive|war|campaign|struggle)\s+against|team\w*\s+up|band\w*\s+together|join\w*\s+hands|clos\w*\s+ranks|(?:work|operat|act|fought|fight)\w*\s+(?:closely\s+)?(?:together|hand\s+in\s+hand|shoulder\s+to\s+shoulder|in\s+tandem|in\s+concert)|jointly|(?:fought|fight\w*|battl\w*)\s+(?:together|side\s+by\s+side|alongside\s+(?:each\s+other|one\s+another))|signed\s+(?:an?\s+)?(?:pact|agreement)|agreed\s+to\s+(?:cooperate|unite|work\s+together)|share[sd]?\s+(?:\S+\s+){0,2}?(?:resources|fighters|intelligence|weapons|arms|training|bases|camps|members|expertise|logistics|commanders|safe\s+houses)|(?:maintain\w*|ha(?:ve|s|d)|kept(?:\s+up)?|keep(?:s|ing)?(?:\s+up)?|enjoy\w*|developed|built)\s+(?:(?!(?:hostile|tense|strained|bad|poor|difficult|troubled|adversarial)\b)\w+\s+){0,2}?(?:ties|links|contacts|relations|relationships?|partnership|alliance))\b"),
    ("alliance", r"^\s*(?:[^\s.;]+\s+){0,3}?(?:(?:have|has|had|were|are|was|is)\s+)?(?:jointly\s+|together\s+)?(?:seized|seize|captured|capture|overran|overrun|stormed|storm|retook|retake|recaptured|besieged|overt(?:ake|ook)|too?k\s+(?:control|over)|launched\s+(?:an?\s+|the\s+)?(?:\S+\s+)?(?:offensive|operation|assault|attack))\b"),
    ("rivalry", r"^\s*(?:[^\s.;]+\s+){0,6}?(?:(?:have|has|had|were|are|was|is)\s+)?(?:\w+ly\s+)?(?:been\s+)?(?:clash\w*|fought|fight(?!ers?\b)\w*|battl\w*|rivals|at\s+odds|locked\s+horns|at\s+war|compet\w*|feud\w*|f[ae]ll(?:en)?\s+out|falling\s+out|(?<=are\s)(?:\w+\s+)?(?:enemies|adversaries|foes|arch-?rivals|arch-?enemies)|(?<=were\s)(?:\w+\s+)?(?:enemies|adversaries|foes|arch-?rivals|arch-?enemies)|"
                 r"(?:developed|had|have|has|formed|built)\s+(?:an?\s+)?(?:\S+\s+)?(?:rivalry|feud|enmity|animosity)|locked\s+in\s+(?:an?\s+)?(?:\S+\s+){0,2}?(?:struggle|battle|war|fight|conflict|feud|rivalry|competition|contest))\b"
                 r"(?!\s+(?:alongside|together|side\s+by\s+side|shoulder\s+to\s+shoulder|hand\s+in\s+hand|in\s+concert|in\s+tandem|jointly)\b)"),
    # the list as the modifier of a relation noun: "the A and B alliance", "the A-B rivalry"
    ("alliance", r"^\s*(?:'s?\s+)?(?:alliance|coalition|partnership|cooperation|collaboration|relationship|relations|ties)\b"),
    ("rivalry", r"^\s*(?:'s?\s+)?(?:rivalry|rivalries|feud|conflict|war|infighting|clashes)\b"),
    # "A and B are affiliated", and the bare "A and B affiliates." of a terse summary (not the noun
    # phrase "A and B affiliates clashed")
    ("pledge", r"^\s*(?:(?:are|were|is|was|remain|remained)\s+(?:\w+\s+)?(?:affiliates|affiliated)\b|(?:affiliates|affiliated)\s*(?:\.|$))"),
    # "A and B ended their alliance": as "A ended its alliance with B", a split
    ("split", r"^\s*(?:[^\s.;]+\s+){0,3}?(?:(?:have|has|had)\s+)?(?P<verb>ended|terminated|dissolved|broke\s+off|severed)\s+(?:their|the)\s+"
              r"(?:\S+\s+)?(?:alliance|partnership|ties|relationship|cooperation|pact|coalition)\b"),
    ("merger", r"^\s*(?:[^\s.;]+\s+){0,6}?(?:(?:have|has|had|were|are|was|is)\s+)?(?:\w+ly\s+)?(?:merged|merge|merging|announced\s+(?:\S+\s+){0,3}(?:merger|unification|fusion)|(?:discuss\w*|consider\w*|negotiat\w*|agreed|plann\w*|propos\w*)\s+(?:an?\s+|the\s+)?(?:\S+\s+)?merger|amalgamated|unified\s+into)\b"),
]

#: "A, a B affiliate": the opener between the two names and the head noun right after the second.
APPOSITIVE_OPENER = re.compile(
    r"^\s*(?:,|\s[-\u2013\u2014]{1,2}|(?:\w+ly\s+)?(?:is|was|are|were|became|becomes|become|remains|remained|has\s+been|had\s+been|"
    r"(?:acts?|acted|serves?|served|operates?|operated)\s+as))\s*(?:(?:formerly|once|previously|originally|now|still|long)\s+)?"
    r"(?:(?:an?|the|another|its|their)\s+)(?:\S+\s+){0,2}?$", re.I)
APPOSITIVE_HEAD = re.compile(
    r"^(?:\s*-\s*|\s+)(?:(?P<modifier>linked|allied|aligned|affiliated|backed|sponsored|funded|supported|inspired)\b)?"
    r"(?:\s*(?:\S+\s+){0,2}?(?P<noun>affiliate|franchise|branch|offshoot|wing|front|faction|splinter|breakaway|ally|allies|partner|rival|enemy|proxy|successor|predecessor)s?\b)?", re.I)
APPOSITIVE_NOUNS = {"affiliate": ("pledge", "fwd"), "franchise": ("pledge", "fwd"), "branch": ("pledge", "fwd"),
                    "offshoot": ("split", "fwd"), "wing": ("pledge", "fwd"), "front": ("pledge", "fwd"),
                    "faction": ("pledge", "fwd"), "splinter": ("split", "fwd"), "breakaway": ("split", "fwd"),
                    "ally": ("alliance", "sym"), "allies": ("alliance", "sym"), "partner": ("alliance", "sym"),
                    "rival": ("rivalry", "sym"), "enemy": ("rivalry", "sym"), "proxy": ("support", "rev"),
                    "province": ("pledge", "fwd"), "chapter": ("pledge", "fwd"), "arm": ("pledge", "fwd"),
                    "subsidiary": ("pledge", "fwd"), "client": ("support", "rev"), "backer": ("support", "fwd"),
                    "sponsor": ("support", "fwd"), "patron": ("support", "fwd"),
                    "successor": ("merger", "rev"), "predecessor": ("merger", "fwd")}
APPOSITIVE_MODIFIERS = {"linked": ("alliance", "sym"), "allied": ("alliance", "sym"), "aligned": ("alliance", "sym"),
                        "affiliated": ("pledge", "fwd"), "backed": ("support", "rev"), "sponsored": ("support", "rev"),
                        "funded": ("support", "rev"), "supported": ("support", "rev"), "inspired": ("alliance", "sym")}
#: apostrophe variants read as "'" in cue windows (same length, so offsets hold)
#: (U+0091/U+0092 are the Windows-1252 quotes of text decoded as Latin-1)
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u0091": "'", "\u0092": "'"})

RECIPROCAL = re.compile(r"^[^.;]{0,160}?\b(?:one\s+another|each\s+other)(?:'s)?\b", re.I)

#: what a refusal word refuses when it denies a tie: an offer or a call ("turned down AQIM's offer",
#: "rebuffed the proposal"), not a request for comment
_REFUSED_OFFER = (r"(?:[\w'-]+\s+){0,3}(?:offers?|calls?|invitations?|overtures?|requests?|approach(?:es)?|"
                  r"proposals?|advances|appeals?|bids?)\b(?!\s+for\s+comment)")
#: what "declined to" denies: a tie's verb ("declined to join B"), or the cue a pair's window blanks
#: out (two or more spaces), not "declined to comment / say / 12"
_REFUSED_TIE = (r"to\s+(?:\s|(?:join|ally|align|merge|unite|pledge|swear|back|support|fund|finance|arm|host|shelter|"
                r"harbou?r|cooperate|co-operate|coordinate|fight|form|enter|sign|accept|recogni[sz]e|endorse|"
                r"integrate|affiliate|participate|take\s+part|become|be\s+part)\b)")
DENIAL = re.compile(r"\b(?:den(?:y|ied|ies|ying|ial)|no\s+longer|not|never|stopped|halted|suspended|n't|refus\w*|reject\w*|"
                    # refusals of a tie or an offer: "turned down an invitation to join B", "declined to join B"
                    # (not "declined to comment", "declined to 12", "spurned the request for comment")
                    rf"turn(?:s|ed|ing)?\s+down(?=\s+{_REFUSED_OFFER})|(?:rebuff\w*|spurn\w*)(?=\s+{_REFUSED_OFFER})|"
                    rf"declin(?:e|es|ed|ing)(?=\s+(?:{_REFUSED_TIE}|{_REFUSED_OFFER}))|"
                    r"contradict\w*|dismiss\w*|disavow\w*|no\s+(?:evidence|sign|links?|ties)|neither|nor|ended|ceased|false(?:ly)?)\b", re.I)
HEDGE = re.compile(r"\b(?:could|may(?!\s+\d)(?<!\bin\smay)(?<!\bof\smay)|might|would|should|expected\s+to|aims?\s+to|aiming\s+to|seeks?\s+to|plans?\s+to|planning\s+to|consider\w*|potential(?:ly)?|possibl[ey]|if|in\s+case|unless|demand\w*|urg\w*|call\w*\s+on|threaten\w*\s+to|likely|unlikely|allegedly|alleged\s+to|suspected\s+(?:of|to)|in\s+talks|(?:discuss\w*|negotiat\w*)(?=\s+(?:an?\s+|the\s+)?(?:possible\s+|potential\s+|future\s+)?(?:merger|unification|fusion|union)\b|\s*$)|rumou?r\w*|speculat\w*|whether|hop\w*\s+to|propos\w*|unclear|uncertain|unconfirmed|unverified|unknown)\b", re.I)

COMPILED: dict[str, list[tuple[re.Pattern, str]]] = {
    kind: [(re.compile(p, re.I), d) for p, d in cues] for kind, cues in RELATION_CUES.items()
}


def _combined(cues: list[tuple[str, str]]) -> re.Pattern:
    """One alternation per type, a named group per cue: a window is scanned once per type."""
    return re.compile("|".join(f"(?P<c{i}>{pattern})" for i, (pattern, _) in enumerate(cues)), re.I)


#: type -> (combined pattern, {group name: direction}); earlier cues win at the same position
COMBINED: dict[str, tuple[re.Pattern, dict[str, str]]] = {
    kind: (_combined(cues), {f"c{i}": d for i, (_, d) in enumerate(cues)}) for kind, cues in RELATION_CUES.items()
}
#: every cue of every type in one pattern: a window is scanned once for the places where any cue
#: starts, and each type's pattern is then tried only at those places
#: (the leading look-ahead rejects positions inside words and spaces before trying any cue). The
#: alternation is dispatched on the first character (:mod:`.alternation`): the same matches as
#: ``(?=\b\w|'|-|^)(?:cue1|cue2|…)``, without trying every cue at every word start.
ANY_CUE = dispatched_alternation(r"(?=\b\w|'|-|^)", [p for cues in RELATION_CUES.values() for p, _ in cues], re.I)
LIST_PREFIX = [(kind, re.compile(p, re.I)) for kind, p in LIST_PREFIX_CUES]
LIST_SUFFIX = [(kind, re.compile(p, re.I)) for kind, p in LIST_SUFFIX_CUES]
PASSIVE_BY = re.compile(r"\b(?:by|from)\s*(?:the\s+)?$", re.I)
PASSIVE_ONLY_BY = re.compile(r"\bby\s*(?:the\s+)?$", re.I)
#: "members of A formed B": B split from A (or "A and B merged to form C": see the merger cues).
MEMBERS_OF = re.compile(r"\b(?:members?|factions?|splinter\s+groups?|breakaway\s+(?:faction|group)s?|elements|defectors|cadres|commanders|fighters|wing|dissidents)\s+(?:of|from|within)\s+(?:the\s+)?$", re.I)
FOUNDING = re.compile(r"^\s*(?:\([^()]*\)\s*)?(?:\S+\s+){0,2}?(?:formed|founded|created|established|launched|set\s+up|started|"
                      r"became|emerged\s+as|turned\s+into|evolved\s+into|re-?branded\s+(?:itself\s+)?as|re-?named\s+itself)\b", re.I)
#: after "fighters from A": the words that put them inside B ("… serving with B")
FIGHTERS_INSIDE = re.compile(
    r"\s*,?\s*(?:(?:who|that)\s+)?(?:(?:are|were|have\s+been|had\s+been)\s+)?(?:(?:(?:fighting|serving|operating|embedded|enlisted|active)\s+)?"
    r"(?:with|in|within|among|inside|for|alongside)|(?:fight|fights|fought|serve|serves|served|operate|operates|operated)\s+(?:for|under|in))"
    r"\s+(?:the\s+ranks\s+of\s+)?(?:the\s+)?", re.I)
#: "fighters from A" before a verb of joining; a named unit of A may stand between ("fighters
#: from the Yarmouk Battalion of A")
FIGHTERS_FROM = re.compile(r"\b(?:fighters|members|militants|defectors|recruits|commanders|cadres)\s+(?:from|of)\s+(?:the\s+)?"
                           r"(?-i:(?:[A-Z0-9][\w'’-]*\s+){1,5}" + UNIT_NOUN +
                           r"\s+(?:of|in)\s+(?:the\s+)?)?$", re.I)
#: "A was formed by merging several groups, which included B", "A was created when factions merged,
#: among them B": A is what the merger made, so a merger cue after these words has B as its source
FORMED_BY_MERGING = re.compile(r"^\s*(?:\S+\s+){0,2}?(?:formed|founded|created|established|born|set\s+up)\s+"
                               r"(?:(?:in|on|at)\s+[^,;.]{1,30}?\s+)?(?:by|through|via|from|out\s+of|when|after)\s+", re.I)
#: "members of A decided to split and form B": the founding verb right before the second name
FOUNDED_BEFORE = re.compile(r"\b(?:form(?:ed)?|found(?:ed)?|creat(?:e|ed)|establish(?:ed)?|launch(?:ed)?|set\s+up)\s+(?:the\s+|a\s+(?:new\s+)?|their\s+own\s+)?$", re.I)
#: "merged A into B": a merger verb right before the first name, "into" between the two
MERGER_VERB_BEFORE = re.compile(r"\b(?:merg\w*|fold\w*|absorb\w*|integrat\w*|incorporat\w*|subsum\w*|dissolv\w*|"
                                r"transform\w*|turn(?:s|ed|ing)?|chang(?:e|es|ed|ing)|convert\w*|"
                                r"(?:merger|fusion|absorption|integration|incorporation|folding|dissolution|transformation)\s+of)\s+(?:the\s+)?$", re.I)
MERGED_INTO = re.compile(r"\s*(?:\S+\s+)?in\s?to\s+(?:the\s+)?(?:so-called\s+)?", re.I)
#: "rebranded A as B", "renamed A to B": a verb of naming right before the first name
RENAME_VERB_BEFORE = re.compile(r"\b(?:re-?nam(?:e|es|ed|ing)|re-?brand(?:s|ed|ing)?|re-?christen\w*|re-?designat\w*|re-?styl\w*)\s+(?:the\s+)?$", re.I)
RENAMED_AS = re.compile(r"\s*(?:\S+\s+)?(?:as|to)\s+(?:the\s+)?(?:so-called\s+)?", re.I)
#: right after a name: a hyphen that binds it as a modifier of the noun after it ("al-Qaeda-linked",
#: "UAE-backed", "Idlib-based")
COMPOUND_MODIFIER = re.compile(r"\s*[-\u2010\u2011\u2013]\s*(?:linked|backed|affiliated|aligned|allied|led|based|inspired|"
                               r"sponsored|funded|supported|trained|armed)\b", re.I)
#: a pledge cue that is a verb of joining, and what after the second name makes the joining a merger
JOIN = re.compile(r"(?:formally\s+)?(?:re-?)?join", re.I)
#: after "A joined B": B's action that A took part in ("… in an attack on the town")
JOINED_IN_ACTION = re.compile(r"^\s*(?:forces\s+)?in\s+(?:an?|the|their|its|a\s+joint)\s+(?:[\w-]+\s+){0,2}?(?:attacks?|clash\w*|offensives?|fight\w*|battles?|"
                              r"assaults?|operations?|raids?|campaigns?|ambush\w*|push|advance)\b", re.I)
#: before the pair: the first group ended as a separate body ("A ceased to exist when it became part of B")
DISSOLVED_BEFORE = re.compile(r"\b(?:ceas\w*\s+to\s+exist|dissolv\w*\s+(?:itself|themselves)|disband\w*|"
                              r"los[te]\w*\s+(?:its|their)\s+(?:separate\s+|independent\s+)?identity)\b", re.I)
#: "funding from A reached B": aid named with its origin, then a verb of arrival
AID_FROM = re.compile(r"\b(?:funding|funds|money|cash|weapons|arms|ammunition|supplies|support|aid|assistance|financing|"
                      r"equipment|explosives|donations)\s+from\s+(?:the\s+)?$", re.I)
AID_ARRIVES = re.compile(r"\s*(?:\S+\s+){0,3}?(?:reached|reach|reaches|went\s+to|go(?:es)?\s+to|flow\w*\s+to|"
                         r"(?:was|were|is|are|been)\s+(?:\w+ly\s+)?(?:sent|channel\w*|transferred|passed|delivered|funnel\w*|diverted|routed)\s+to|"
                         r"ended\s+up\s+(?:with|in\s+the\s+hands\s+of)|sustain\w*|kept)\s+(?:the\s+)?$", re.I)
#: after the second group: its verb aimed back at the first ("A claimed that B had killed its commanders")
AIMED_BACK = re.compile(r"\s*(?:of\s+|had\s+|has\s+|have\s+|was\s+|were\s+)?(?:\w+ly\s+)?(?P<verb>[a-z]+)\s+(?:its|their)\s+(?!own\b)", re.I)
CEASED_TO_EXIST = re.compile(
    r"^[^.;]{0,40}?\b(?:and|,)\s+(?:\w+ly\s+)?(?:ceas\w*\s+to\s+exist|dissolv\w*\s+(?:itself|themselves)|disband\w*|"
    r"no\s+longer\s+exist\w*|los[te]\w*\s+(?:its|their)\s+(?:separate\s+)?identity|was\s+absorbed|were\s+absorbed)", re.I)
#: "dissidents left A to form B": a verb of leaving right before the first name
LEFT_BEFORE = re.compile(r"\b(?:left|quit|abandoned|deserted|(?:broke|broken)\s+away\s+from|split\s+from|defected\s+from|separated\s+from)\s+(?:the\s+)?$", re.I)
#: after "relations/ties between A and B": a predicate that makes the neutral noun hostile
HOSTILE_STATE = re.compile(r"^\s*(?:[^\s.;]+\s+){0,5}?(?:hostile|tense|strained|antagonistic|adversarial|acrimonious|"
                           r"frosty|soured|sour|deteriorat\w*|worsen\w*|poisoned|bitter|bloody|bloodshed|violent|violence|fighting|clashes|hostilit\w*)\b", re.I)
#: the neutral relation nouns of the alliance list prefix
NEUTRAL_TIES = re.compile(r"\b(?:ties|relations|relationship|relationships)\s+(?:\S+\s+){0,2}(?:between|among|of)\s+(?:the\s+)?$", re.I)
#: "A gave B a base", "A allowed B to operate from its soil": the verb before the second name, what
#: it gives or lets the second group do after it (a double object or an infinitive)
GIVING_BEFORE = re.compile(r"^\s*(?:\w+ly\s+)?(?:gave|give[ns]?|giving|granted|grants?|grant|offer\w*|provid\w*|afford\w*|lent|lend\w*|"
                           r"sen[dt]|sends|sending|promis\w*)\s+(?:the\s+)?$", re.I)
GIVEN_AFTER = re.compile(
    r"^(?:'s?)?\s+(?:with\s+)?(?:(?:an?|the|its|their|some|more|\w+ly)\s+)?(?:[\w-]+\s+){0,2}?(?:"
    r"(?P<sanctuary>bases?|sanctuary|refuge|shelter|safe\s+havens?|havens?|home|foothold|hide-?outs?|safe\s*-?\s*houses?|protection|hospitality)|"
    r"(?P<support>weapons|arms|money|cash|funds|funding|financing|training|ammunition|munitions|explosives|materiel|equipment|drones|missiles|rockets|"
    r"supplies|support|aid|assistance|backing|advisers|advisors|instructors|intelligence))\b", re.I)
#: "A's chief met B leaders to plan a joint strategy": a meeting whose stated purpose is working
#: together (not a truce, a ceasefire or peace talks, which rivals hold too)
MEETING_BEFORE = re.compile(r"^\s*(?:(?:[\w'-]+|\([^()]{1,40}\))\s+){0,4}?(?:met|meets|meeting|held\s+talks\s+with|holds\s+talks\s+with|hosted|hosts|received|receives)\s+(?:with\s+)?(?:the\s+)?$", re.I)
MEETING_PURPOSE = re.compile(r"^[^.;]{0,80}?\bto\s+(?:discuss|plan|coordinate|co-ordinate|strengthen|deepen|boost|forge|unify|unite|build|cement|align)\b(?![^.;]{0,60}\b(?:truce|cease-?fire|peace|prisoners?|hostages?|dispute|disputes|surrender)\b)", re.I)
#: "between A on one side and B and C on the other", "A and B on one side, C on the other side": the
#: groups before ``one side`` oppose those in ``mid`` (not "on the one hand … on the other hand")
OPPOSING_SIDES = re.compile(r"\bon\s+(?:the\s+)?one\s+side\b(?P<mid>.{1,300}?)\bon\s+the\s+other\b(?:\s+side\b)?(?!\s+hand\b)", re.I | re.S)
#: where the first side of such a sentence opens: "between", "pitting", "with" (else the sentence start)
SIDE_OPENER = re.compile(r"\b(?:between|among|pitting|pitted|pits|with)\b", re.I)
#: "A lived under B protection", "A relocated to territory under B's protection": B shelters A
UNDER_BEFORE = re.compile(r"\bunder\s+(?:the\s+)?$", re.I)
#: "under the B umbrella", "under B's command": A is a member of B
COMMAND_AFTER = re.compile(r"^(?:'s?)?\s+(?:[\w-]+\s+)?(?:umbrella|banner|command|flag|leadership)\b", re.I)
#: "A benefits from B's hospitality", "A relies on B's funding": what B gives is named after B
RECEIVING_BEFORE = re.compile(r"^\s*(?:\S+\s+){0,2}?(?:benefit\w*|enjoy\w*|receiv\w*|rel(?:y|ies|ied|ying)|depend\w*|"
                              r"accept\w*|welcom\w*|draw\w*|drew)\s+(?:(?:up)?on|from)?\s*(?:the\s+)?$", re.I)
PROTECTION_AFTER = re.compile(r"^(?:'s?)?\s+(?:[\w-]+\s+)?(?:protection|shelter|patronage|hospitality|safekeeping)\b", re.I)
ALLOWING_BEFORE = re.compile(r"^\s*(?:(?:have|has|had|will|would|continue[sd]?\s+to|still)\s+)?(?:\w+ly\s+)?(?:allow\w*|permit\w*|let|lets|letting|enabl\w*|tolerat\w*)\s+(?:the\s+)?$", re.I)
ALLOWED_AFTER = re.compile(r"^(?:'s?\s+\S+)?(?:\s+(?:leaders|leadership|members|fighters|militants|commanders|cadres|families))?\s+(?:to\s+)?(?:operate|train|base|shelter|hide|regroup|live|settle|reside|rest|stay|find\s+refuge|(?:set\s+up|establish|build|run|open)\s+(?:[\w-]+\s+){0,2}?(?:camps?|bases?|headquarters|offices|hide-?outs?))\b", re.I)
#: "A was founded by B", "A, set up in 2012 by B": the second group made the first (the verb is
#: group ``verb``, whose own words never count as denial: "A was not founded by B" is denied)
_FOUNDING_VERB = r"(?P<verb>founded|created|established|set\s+up|formed)"
FOUNDED_BY = re.compile(r"\s*,?\s*(?:(?:which|that)\s+)?(?:(?:was|were|has\s+been|had\s+been|have\s+been|is|are)\s+)?"
                        r"(?:(?:not|never|\w+ly)\s+)?" + _FOUNDING_VERB + r"\s+(?:(?:in|on|during|around)\s+[^,;.()]{1,30}?\s+)?"
                        r"(?:\w+ly\s+)?by\s+(?:the\s+)?", re.I)
#: "B founded A", "B in 2011 created A as its front", "B members formed A": the first group (or
#: its people, group ``people``) made the second
FOUNDED = re.compile(r"\s*(?:(?P<people>members|fighters|militants|commanders|cadres|defectors|dissidents|veterans)\s+)?"
                     r"(?:(?:in|on|during)\s+[^,;.()]{1,30}?\s+)?(?:(?:has|had|have|did)\s+)?(?:(?:not|never|\w+ly)\s+)?"
                     + _FOUNDING_VERB + r"\s+(?:the\s+)?", re.I)
#: "A, which B founded (in 2012)", "A, a group B created in 2012": the founding verb ends a
#: relative clause about the group named before B (the text from B to the clause's end; no space
#: at its end, where the text between two names would have one)
FOUNDED_GAP = re.compile(r"\s*(?:(?P<people>members|fighters|militants|commanders|cadres|defectors|dissidents|veterans)\s+)?"
                         r"(?:(?:has|had|have|did)\s+)?(?:(?:not|never|\w+ly)\s+)?" + _FOUNDING_VERB +
                         r"(?:\s+(?:in|on|during|around)\s+(?:the\s+)?(?:(?:early|late|mid|\w+ly)\s+)?(?:[A-Z][a-z]+\s+)?\d{4}s?)?"
                         r"(?:\s+as\s+(?:its|their|a|an)\s+(?:[\w-]+\s+){0,2}?(?:front|branch|wing|arm|affiliate|proxy|cover|offshoot))?"
                         r"[,.]?(?<!\s)", re.I)
#: after the founder's name: its people ("founded by AQIM commanders": a split, as "by members of
#: AQIM"), or one person who leads it ("founded by AQIM leader X": no claim about AQIM itself)
FOUNDER_PEOPLE = re.compile(r"^(?:'s?)?\s+(?:[\w-]+\s+)?(?:(?P<people>members|fighters|militants|commanders|cadres|defectors|"
                            r"dissidents|veterans)|(?:leaders?|leadership|chief|emir|head|founders?|commander|member|cleric|"
                            r"ideologue|official|spokesman|operative)\b)", re.I)
#: "A rejected B's call to join it", "A turned down an offer from B to form an alliance": A's answer
#: to an offer B made; group ``answer`` is the verb (a refusal or an acceptance), group ``by``
#: the offer named before B ("a call by", "an offer from")
_OFFER_NOUN = (r"(?:calls?|offers?|invitations?|proposals?|requests?|appeals?|overtures?|demands?|bids?|pleas?|"
               r"entreat(?:y|ies))")
ANSWER_BEFORE = re.compile(r"^\s*(?:(?:has|have|had|did|not|never|may|might|could|would|will|publicly|flatly|firmly|openly|"
                           r"reportedly|formally|again|also|is\s+likely\s+to|is\s+expected\s+to)\s+){0,2}"
                           r"(?P<answer>(?:reject\w*|refus\w*|declin\w*|turn\w*\s+down|rebuff\w*|spurn\w*|"
                           r"dismiss\w*|snub\w*|ignor\w*)|accept\w*|heed\w*|answer\w*)\s+"
                           r"(?P<by>(?:an?|the)\s+(?:[\w-]+\s+)?" + _OFFER_NOUN + r"\s+(?:by|from)\s+)?(?:the\s+)?$", re.I)
#: what was offered, after B: "'s call to join it", "'s offer of an alliance", " to form an alliance"
_OFFERED = (r"\s+(?:(?:to|for|of)\s+(?:an?\s+|the\s+|its\s+)?)(?:[\w-]+\s+){0,2}?"
            r"(?:(?P<pledge>join\w*|(?:pledge|swear|declare|give)\w*\s+(?:its\s+|their\s+)?(?:allegiance|bay'?ah|loyalty)|"
            r"allegiance|bay'?ah)|(?P<alliance>all(?:y|iance|ied)|unit[ey]\w*|cooperat\w*|join\s+forces|partnership|coalition)|"
            r"(?P<merger>merg\w*|merger|unification))\b")
OFFER_AFTER = re.compile(r"^'s?\s+(?:[\w-]+\s+)?" + _OFFER_NOUN + _OFFERED, re.I)
OFFERED_AFTER = re.compile(r"^" + _OFFERED, re.I)
#: before B: the offer named first ("a call by B to join it"); with OFFER_AFTER, an offer B made,
#: whose offered tie is not B's own act
OFFER_BY = re.compile(r"\b" + _OFFER_NOUN + r"\s+(?:by|from)\s+(?:the\s+)?$", re.I)
