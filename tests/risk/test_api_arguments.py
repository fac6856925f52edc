"""The risk API refuses a knowledge-base folder that does not exist (its falls would silently be
left out of the labels) and names the parameter of a bad month."""

from __future__ import annotations

import pytest

from coalition_watch.dates import DateError
from coalition_watch.errors import InputError
from coalition_watch.risk.api import load_dataset, load_ranking_data, risk_ranking
from coalition_watch.risk.data import month_index
from coalition_watch.risk.labels import load_cases


@pytest.mark.parametrize("call", [
    lambda kb: risk_ranking("2021-05", top=3, use_cache=False, kb_dir=kb),
    lambda kb: load_dataset(kb_dir=kb, use_cache=False),
    lambda kb: load_ranking_data(kb_dir=kb, use_cache=False),
    lambda kb: load_cases(kb),
])
def test_a_missing_kb_dir_is_refused(tmp_path, call):
    missing = tmp_path / "no-such-kb"
    with pytest.raises(InputError) as caught:
        call(missing)
    assert (caught.value.field, caught.value.reason) == ("kb_dir", f"no knowledge-base folder at {missing}")


def test_the_embedded_kb_is_read_by_default():
    falls = [c for c in load_cases() if c.outcome == "fall"]
    assert len(falls) >= 20 and load_cases(None) == load_cases()


def test_a_bad_month_names_as_of():
    with pytest.raises(DateError) as caught:
        risk_ranking("2021-13")
    assert caught.value.field == "as_of" and isinstance(caught.value, ValueError)
    with pytest.raises(ValueError) as caught:   # month_index's callers that catch ValueError still do
        month_index("May 2021")
    assert isinstance(caught.value, InputError) and caught.value.field is None
