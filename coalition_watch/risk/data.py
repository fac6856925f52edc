"""Locate and read the public datasets the early-warning model uses (UCDP, leaders, governance).

Data are read in place from the shared data directory: ``$CWATCH_SHARED`` if set, otherwise
``<repo>/../shared``. Months are handled as integers, ``year * 12 + (month - 1)``, so that
window arithmetic is exact and fast; :func:`month_index` and :func:`month_label` convert.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import re
from pathlib import Path

import pandas as pd

from coalition_watch.dates import DateError
from coalition_watch.errors import CoalitionWatchError
from coalition_watch.paths import shared_dir as project_shared_dir


REPO_ROOT = Path(__file__).resolve().parents[2]


#: the slots a :class:`RiskDataError` message may hold for the inputs that would fix it, and how
#: the Python API words them (its parameters; an interface words them with its own names)
PYTHON_WORDS = {"as_of": "as_of", "db": "db",
                "ingest": "coalition_watch.ingest.api.ingest(store, 'ucdp-ged', files)"}
#: the slots as they are written in a message template
AS_OF, DB, INGEST = "{as_of}", "{db}", "{ingest}"


class RiskDataError(CoalitionWatchError):
    """A data file the risk model needs is missing or unreadable, or the data do not cover the
    month asked for; the message says which and what would fix it.

    The message names the inputs that would fix it as the Python API's parameters (``as_of``,
    ``db``). ``template`` holds it with slots for them (:data:`PYTHON_WORDS`), so that an interface
    words it with its own names (:meth:`worded`; the command line gives its options); ``db`` is the
    event store the message is about, if any."""

    def __init__(self, template: str, *, db: str | None = None) -> None:
        self.template, self.db = template, db
        super().__init__(self.worded({}))

    def worded(self, words: dict[str, str]) -> str:
        """The message with each slot given as ``words[slot]``, else as the Python API words it."""
        text = self.template
        for slot, python in PYTHON_WORDS.items():
            text = text.replace("{" + slot + "}", words.get(slot, python))
        return text


def shared_dir(shared: str | os.PathLike | None = None) -> Path:
    """The shared data directory: the argument, else ``$CWATCH_SHARED``, else ``<repo>/../shared``."""
    if shared is not None:
        path = Path(shared)
    else:
        path = project_shared_dir()
    if not (path / "data").is_dir():
        raise RiskDataError(
            f"shared data directory not found at {path}; set CWATCH_SHARED to the folder holding data/"
        )
    return path


def data_file(relative: str, shared: str | os.PathLike | None = None) -> Path:
    """Path of ``data/<relative>`` in the shared directory; a clear error if it is missing."""
    path = shared_dir(shared) / "data" / relative
    if not path.is_file():
        raise RiskDataError(f"expected data file {path} is missing")
    return path


_MONTH = re.compile(r"^\s*(\d{4})-(\d{1,2})")


def month_index(value: object, *, field: str | None = None) -> int:
    """Integer month ``year * 12 + month - 1`` from 'YYYY-MM', 'YYYY-MM-DD', a date or an int; a
    :class:`~coalition_watch.dates.DateError` (a ``ValueError``) naming ``field`` otherwise."""
    if isinstance(value, (int,)) and not isinstance(value, bool):
        return int(value)
    if isinstance(value, (dt.date, pd.Timestamp)):
        return value.year * 12 + value.month - 1
    match = _MONTH.match(str(value))
    if not match:
        raise DateError(f"expected a month as YYYY-MM, got {value!r}", field=field)
    year, month = int(match.group(1)), int(match.group(2))
    if not 1 <= month <= 12:
        raise DateError(f"month out of range in {value!r}", field=field)
    return year * 12 + month - 1


def month_label(index: int) -> str:
    """'YYYY-MM' for an integer month index."""
    return f"{int(index) // 12:04d}-{int(index) % 12 + 1:02d}"


@functools.lru_cache(maxsize=4)
def gw_to_iso3(shared: str | None = None) -> dict[int, str]:
    """Gleditsch–Ward state code → ISO3, taken from V-Dem's own country ids (both are in its file).

    Yemen's GW code 678 is the unified state (YEM); South Yemen (680) maps to V-Dem's YMD, which the
    UCDP panel does not contain.
    """
    vdem = pd.read_csv(data_file("governance/vdem_simple_1946on_core.csv", shared),
                       usecols=["country_text_id", "GWn"]).dropna()
    return dict(zip(vdem["GWn"].astype(int).tolist(), vdem["country_text_id"].tolist()))


@functools.lru_cache(maxsize=4)
def country_name_to_iso3(shared: str | None = None) -> dict[str, str]:
    """Country name as V-Dem spells it → ISO3 (used to read 'Government of X' in UCDP)."""
    vdem = pd.read_csv(data_file("governance/vdem_simple_1946on_core.csv", shared),
                       usecols=["vdem_country_name", "country_text_id"]).drop_duplicates()
    return dict(zip(vdem["vdem_country_name"], vdem["country_text_id"]))
