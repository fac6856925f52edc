"""Missing event data is not zero: when the store's events for a country do not cover the twelve
months to the month, a coalition's events and fatalities and its members' strength shares are null
(None), and the CLI and briefing say "n/a — no events loaded"; inside the country's data a quiet
year is 0, and a coalition that had no events keeps 0."""

from __future__ import annotations

import json

import pytest

from coalition_watch.network.api import CoalitionAnalysis
from coalition_watch.network.measures import coalition_measures

from .conftest import console_script

NO_EVENTS = "n/a — no events loaded"


@pytest.fixture(scope="module")
def ged_analysis(ged_store):
    """The embedded knowledge base with UCDP GED Syria 2016-2019: no Afghan events at all."""
    return CoalitionAnalysis.from_store(ged_store)


def test_no_events_for_the_country_gives_null_strength_not_zero(ged_analysis):
    result = ged_analysis.coalitions_for_country("AFG", "2017-06")  # Syrian events in the window, no Afghan ones
    taliban = next(c for c in result["coalitions"] if c["label_id"] == "taliban")
    m = taliban["measures"]
    assert m["events"] is None and m["fatalities"] is None and m["admin1_active"] is None
    assert m["size"] > 1 and m["ideological_heterogeneity"] > 0  # the other measures stay
    assert all(row["strength_share"] is None for row in m["linchpins"])
    assert result["warnings"] == []  # the month is inside the store's data: the null says it all
    linchpins = ged_analysis.linchpins("taliban", "2017-06")
    assert all(r["strength_share"] is None for r in linchpins["linchpins"])
    assert result["events_loaded"] is False and m["events_loaded"] is False and linchpins["events_loaded"] is False
    # impact without the unknown share: connectivity loss + ½ tie share
    assert all(r["impact"] == pytest.approx(r["connectivity_loss"] + 0.5 * r["tie_share"], abs=2e-4)
               for r in linchpins["linchpins"])


def test_a_month_after_the_country_s_events_is_null_too(ged_analysis):
    later = ged_analysis.coalitions_for_country("SYR", "2021-06")  # GED Syria ends 2019-12
    assert later["coalitions"]
    assert all(c["measures"]["events"] is None and c["measures"]["fatalities"] is None for c in later["coalitions"])
    assert later["events_loaded"] is False


def test_events_loaded_keep_their_counts_and_an_idle_coalition_keeps_zero(ged_analysis):
    result = ged_analysis.coalitions_for_country("SYR", "2017-06")
    assert result["events_loaded"] is True
    counts = {c["id"]: c["measures"]["events"] for c in result["coalitions"]}
    assert all(isinstance(n, int) and n > 0 for n in counts.values()), counts
    assert all(isinstance(c["measures"]["fatalities"], float) for c in result["coalitions"])
    hts = ged_analysis.linchpins("hts", "2017-06", country="SYR")
    assert hts["events_loaded"] is True and all(isinstance(r["strength_share"], float) for r in hts["linchpins"])
    # the same window's events, a bloc without any of them: 0, not null
    month = ged_analysis.month_data("2017-06")
    idle = coalition_measures(month.graph, ["nrf"], ged_analysis.net.actors, target_country="SYR",
                              events=month.events, known=ged_analysis.events_loaded("SYR", month))
    assert idle["events"] == 0 and idle["fatalities"] == 0.0 and idle["events_loaded"] is True


@pytest.fixture()
def cwatch_syria(tmp_path, monkeypatch, capsys, shared):
    """``cwatch`` on a file store made by ``cwatch init`` and ``cwatch ingest ucdp-ged`` (Syria 2016-2017)."""
    from coalition_watch import api
    from coalition_watch.ingest.api import ingest

    db = tmp_path / "s.duckdb"
    store = api.init_store(db)
    api.load_kb(store)
    ingest(store, "ucdp-ged", [shared / "data" / "ucdp" / "ged_syria_2016_2017.csv"])
    store.close()
    monkeypatch.setenv("CWATCH_DB", str(db))
    return console_script(capsys, monkeypatch, rejoin=True)


def test_cli_shows_null_and_n_a_for_a_country_without_events(cwatch_syria):
    code, out, _ = cwatch_syria("coalitions", "AFG", "--as-of", "2021-08", "--json")
    result = json.loads(out)
    taliban = next(c for c in result["coalitions"] if c["label_id"] == "taliban")
    assert code == 0 and taliban["measures"]["events"] is None and taliban["measures"]["fatalities"] is None
    assert result["events_loaded"] is False
    code, out, _ = cwatch_syria("coalitions", "AFG", "--as-of", "2021-08")
    assert code == 0 and "n/a —" in out  # a table cell, wrapped to the terminal's width
    code, out, _ = cwatch_syria("coalition", "show", "taliban", "--as-of", "2021-07")
    assert code == 0 and f"events {NO_EVENTS}, fatalities {NO_EVENTS}" in out and "events 0" not in out
    code, out, _ = cwatch_syria("linchpins", "taliban", "--as-of", "2021-07")
    assert code == 0 and "n/a —" in out
    code, out, _ = cwatch_syria("coalition", "show", "hts", "--as-of", "2017-06")
    assert code == 0 and NO_EVENTS not in out and "events 0," not in out


class _StoreWithAGap:
    """Events in Mali (stored by name) in 2015 and 2019 only, and in Niger in 2019."""

    class _Con:
        def execute(self, sql):
            import datetime as dt

            class _Rows:
                def fetchall(self):
                    return [("Mali", dt.date(2015, 1, 5), dt.date(2015, 3, 1)),
                            ("MLI", dt.date(2019, 5, 1), dt.date(2019, 6, 30)),
                            ("Niger", dt.date(2019, 2, 1), dt.date(2019, 2, 1))]
            return _Rows()

    con = _Con()

    def count(self, table):
        return 3


def test_a_quiet_year_inside_a_country_s_data_is_a_true_zero(ged_analysis):
    # no Malian event in the twelve months to 2017-06, but the data run from 2015 to 2019:
    # the quiet year is known (0), while a country with no data then is unknown
    analysis = CoalitionAnalysis(ged_analysis.net, store=_StoreWithAGap())
    import datetime as dt

    assert analysis._covered_countries(dt.date(2017, 6, 1)) == frozenset({"MLI"})
    assert analysis._covered_countries(dt.date(2020, 1, 1)) == frozenset({"MLI", "NER"})
    assert analysis._covered_countries(dt.date(2021, 1, 1)) == frozenset()
