"""``CoalitionAnalysis.ties_on``: the ties in force on one day, on the embedded knowledge base."""

from __future__ import annotations

import datetime as dt


def test_ties_on_reads_the_day_not_the_month(kb_analysis):
    types = ("state_support", "support", "sanctuary", "foreign_fighters")
    fall = kb_analysis.ties_on(dt.date(2024, 12, 8), types)
    after = kb_analysis.ties_on("2024-12-09", types)
    # the Assad government's support of the PFLP-GC is coded to 2024-12-08, the day it fell
    assert ("syr-government", "pflp-gc", "state_support") in fall
    assert ("syr-government", "pflp-gc", "state_support") not in after
    # Pakistan's support of the Taliban is coded to 2021-08: in force through the month's last day
    assert ("pak", "taliban", "state_support") in kb_analysis.ties_on("2021-08-31", types)
    assert ("pak", "taliban", "state_support") not in kb_analysis.ties_on("2021-09-01", types)
    # a tie is cut to its ends' active periods: AQIS (founded 2014-09) before its founding
    assert ("aqis", "taliban", "foreign_fighters") not in kb_analysis.ties_on("2014-06-30", types)
    assert ("aqis", "taliban", "foreign_fighters") in kb_analysis.ties_on("2014-09-01", types)
    assert {t for *_, t in fall} <= set(types)
    assert kb_analysis.ties_on("2024-12-08", ("no-such-type",)) == set()
