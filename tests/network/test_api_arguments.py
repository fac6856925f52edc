"""The coalition analytics API checks its arguments: countries are normalised or refused, and a
bad date is a :class:`~coalition_watch.dates.DateError` naming the parameter."""

from __future__ import annotations

import pytest

from coalition_watch.dates import DateError
from coalition_watch.errors import InputError


def _ranked(kb_analysis, countries):
    return [(r["country"], r["risk"], r["weakness"]) for r in
            kb_analysis.replication_risk("2017-06", countries=countries)["ranking"]]


def test_replication_risk_normalises_the_countries_asked_for(kb_analysis):
    syria = _ranked(kb_analysis, ["SYR"])
    assert [c for c, _, _ in syria] == ["SYR"] and syria[0][2] is not None  # governance data found
    # a lower-case code, a name or a bare string are the same country, at the same risk
    for countries in (["syr"], ["Syria"], "Syria", ["SYR", "Syria"]):
        assert _ranked(kb_analysis, countries) == syria, countries


def test_replication_risk_refuses_an_unknown_country_and_ranks_none_for_an_empty_list(kb_analysis):
    with pytest.raises(InputError) as caught:
        kb_analysis.replication_risk("2017-06", countries=["SYR", "XXX"])
    assert caught.value.field == "countries" and "'XXX'" in caught.value.reason
    assert kb_analysis.replication_risk("2017-06", countries=[])["ranking"] == []


@pytest.mark.parametrize("call, field", [
    (lambda a: a.coalitions_for_country("SYR", "June 2017"), "as_of"),
    (lambda a: a.coalition_show("taliban", "2021-13"), "as_of"),
    (lambda a: a.linchpins("taliban", "2021/07"), "as_of"),
    (lambda a: a.sanctuary("AFG", None), "after"),
    (lambda a: a.contagion("2021-13"), "since"),
    (lambda a: a.contagion("2021-01", until="soon"), "until"),
    (lambda a: a.replication_risk("2017-6-31"), "as_of"),
])
def test_a_bad_date_names_its_parameter(kb_analysis, call, field):
    with pytest.raises(DateError) as caught:
        call(kb_analysis)
    assert caught.value.field == field and isinstance(caught.value, ValueError)
