"""Controlled vocabularies shared by the knowledge base, the store and the analytics, and wording
the commands and the outputs share."""

from __future__ import annotations

ACTOR_KINDS = ("armed_group", "state", "state_force", "militia", "coalition")
#: the kinds that stand for a state (its government or its forces)
STATE_KINDS = ("state", "state_force")

IDEOLOGY_FAMILIES = (
    "jihadist", "salafist", "deobandi", "islamist", "shia_islamist", "sufi", "nationalist",
    "ethnonationalist", "separatist", "leftist", "marxist", "maoist", "secular", "tribal",
    "baathist", "pro_government", "sectarian", "christian", "self_defense", "regionalist",
    "ethnic", "democratic", "state",
)

#: relation type -> (sign, directed). Symmetric types ignore source/target order.
RELATION_TYPES: dict[str, tuple[int, bool]] = {
    "alliance": (1, False),
    "support": (1, True),
    "sanctuary": (1, True),
    "pledge": (1, True),
    "merger": (1, True),
    "split": (-1, True),
    "rivalry": (-1, False),
    "foreign_fighters": (1, True),
    "state_support": (1, True),
    # Signals of contagion after a takeover: the source publicly celebrates, visits or says it
    # emulates the target (the winner). Positive, directed, weaker than an alliance.
    "celebration": (1, True),
    "visit": (1, True),
    "emulation": (1, True),
}

LINEAGE_TYPES = ("renamed", "merged", "split", "succeeded")

RELATION_STATUSES = ("curated", "extracted-pending", "accepted", "rejected")

CASE_OUTCOMES = ("fall", "near_miss")

CONFIDENCE_LABELS = {"high": 0.9, "medium": 0.7, "low": 0.5}

#: how a coalition's events, fatalities or a member's strength share reads when the store's events
#: for the country do not cover the window (the figure is None): in the CLI, the terminal
#: briefing and the HTML templates (a Jinja global there)
NO_EVENTS = "n/a — no events loaded"


def relation_sign(relation_type: str) -> int:
    """+1 for cooperative relation types, -1 for hostile ones."""
    return RELATION_TYPES[relation_type][0]


def is_directed(relation_type: str) -> bool:
    """Whether source and target order carries meaning for this relation type."""
    return RELATION_TYPES[relation_type][1]
