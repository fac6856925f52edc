"""On-disk cache of the early-warning module's intermediate results, in plain data formats.

Each entry is a JSON file ``<key>.json``; the data frames of a :class:`~coalition_watch.risk.api.
Dataset` go beside it as ``<key>.<frame>.arrow`` (Arrow IPC files, the Feather v2 format, LZ4
compressed: written and read about twice as fast as Parquet, see
``docs/decisions/017-risk-cache-frames-as-arrow-ipc.md``). Reading an entry never runs code (no
pickle), so a cache folder shared with others is not a way to run code in a ranking. What can be
cached:

- a ranking (a JSON-ready ``dict``),
- a :class:`~coalition_watch.risk.scorer.LinearScorer` (arrays written as lists of floats, which
  JSON round-trips exactly),
- a ``Dataset``: ``features``, ``falls`` and ``near_misses``; list-valued cells (the sources of a
  fall) are restored as lists.

The cache folder is ``$CWATCH_CACHE/risk``, else ``~/.cache/coalition_watch/risk``. Keys carry a
fingerprint of every input, so an entry is never stale; an entry that cannot be read is a miss.
"""

from __future__ import annotations

import json
import os
from dataclasses import fields
from pathlib import Path

import numpy as np
import pandas as pd

FRAMES = ("features", "falls", "near_misses")
#: file suffix and compression of the data frames (Arrow IPC)
FRAME_SUFFIX, FRAME_COMPRESSION = "arrow", "lz4"


def cache_dir() -> Path:
    """Where the entries live."""
    root = os.environ.get("CWATCH_CACHE") or os.path.join(os.path.expanduser("~"), ".cache", "coalition_watch")
    return Path(root) / "risk"


def _encode(value) -> dict:
    from coalition_watch.risk.api import Dataset
    from coalition_watch.risk.scorer import LinearScorer

    if isinstance(value, LinearScorer):
        data = {f.name: getattr(value, f.name) for f in fields(value)}
        return {"kind": "scorer", "value": {k: (v.tolist() if isinstance(v, np.ndarray) else
                                                list(v) if isinstance(v, tuple) else v)
                                            for k, v in data.items()}}
    if isinstance(value, Dataset):
        return {"kind": "dataset"}
    if isinstance(value, dict):
        return {"kind": "dict", "value": value}
    raise TypeError(f"cannot cache a {type(value).__name__}")


def _decode(entry: dict, path: Path):
    from coalition_watch.risk.api import Dataset
    from coalition_watch.risk.scorer import LinearScorer

    if entry["kind"] == "dict":
        return entry["value"]
    if entry["kind"] == "scorer":
        v = entry["value"]
        return LinearScorer(tuple(v["features"]), *(np.asarray(v[k], dtype=float) for k in
                                                      ("medians", "means", "scales", "coef")),
                            float(v["intercept"]), float(v["threshold"]))
    if entry["kind"] == "dataset":
        return Dataset(*(_read_frame(path.with_suffix(f".{name}.{FRAME_SUFFIX}")) for name in FRAMES))
    raise ValueError(f"unknown cache entry {entry['kind']!r}")


def _write_frame(frame: pd.DataFrame, path: Path) -> None:
    """``frame`` without its index as an Arrow IPC file."""
    import pyarrow as pa
    from pyarrow import feather

    feather.write_feather(pa.Table.from_pandas(frame, preserve_index=False), path,
                          compression=FRAME_COMPRESSION)


def _read_frame(path: Path) -> pd.DataFrame:
    frame = pd.read_feather(path)
    for column in frame.columns:
        if frame[column].dtype == object and len(frame) and isinstance(frame[column].iloc[0], np.ndarray):
            frame[column] = [list(cell) for cell in frame[column]]
    return frame


def load(key: str):
    """The cached value under ``key``, or None when there is none or it cannot be read."""
    path = cache_dir() / f"{key}.json"
    try:
        with path.open(encoding="utf-8") as handle:
            return _decode(json.load(handle), path)
    except Exception:  # missing, truncated or foreign: a miss
        return None


def save(key: str, value) -> None:
    """Write ``value`` under ``key``; the JSON file is written last, so a reader never sees a
    half-written entry. Failures to write only cost speed."""
    folder = cache_dir()
    path = folder / f"{key}.json"
    try:
        folder.mkdir(parents=True, exist_ok=True)
        entry = _encode(value)
        if entry["kind"] == "dataset":
            for name in FRAMES:
                tmp = folder / f".{key}.{name}.{os.getpid()}.tmp"
                _write_frame(getattr(value, name), tmp)
                tmp.replace(path.with_suffix(f".{name}.{FRAME_SUFFIX}"))
        tmp = folder / f".{key}.{os.getpid()}.tmp"
        tmp.write_text(json.dumps(entry, separators=(",", ":")), encoding="utf-8")
        tmp.replace(path)
    except Exception:  # noqa: BLE001 - an entry that cannot be written is only a lost speed-up
        pass


def cached(key: str, build):
    """The value under ``key``, or ``build()`` written under ``key`` and returned."""
    value = load(key)
    if value is None:
        value = build()
        save(key, value)
    return value

