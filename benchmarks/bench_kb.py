"""Benchmark: reading + validating the embedded KB, loading it into a store, resolving names.

Baseline, same run: parsing the same YAML files with PyYAML's C loader and nothing else.
Target: the KB loads (read, validate, write) in under 2 s. Prints a table and writes
``benchmarks/results/kb.json``.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.timing import median_time  # noqa: E402
from coalition_watch import api  # noqa: E402
from coalition_watch.paths import shared_dir  # noqa: E402
from coalition_watch.registry.knowledge_base import kb_files, read_kb  # noqa: E402

RUNS = 5




def main() -> None:
    files = kb_files()
    plain = median_time(lambda: [yaml.load(f.read_text(), Loader=yaml.CSafeLoader) for f in files])
    read = median_time(lambda: read_kb())
    with tempfile.TemporaryDirectory() as tmp:
        store = api.init_store(Path(tmp) / "kb.duckdb")
        load = median_time(lambda: api.load_kb(store))
        resolver = api.resolver(store)
        names = pd.read_csv(shared_dir() / "data/ucdp/actor_list_v22_1.csv", encoding="utf-8-sig")["NameData"]
        names = [str(n) for n in names]
        resolve = median_time(lambda: api.resolver(store).resolve_many(names), runs=3)
        store.close()
    result = {"kb_files": len(files), "yaml_parse_s": plain, "read_validate_s": read,
              "load_into_store_s": load, "validate_vs_parse_ratio": read / plain,
              "resolve_names": len(names), "resolve_s": resolve, "names_per_s": len(names) / resolve,
              "target_load_s": 2.0, "runs": RUNS, "measured": time.strftime("%Y-%m-%d")}
    print(f"{'step':34} {'median s':>9}")
    for key in ("yaml_parse_s", "read_validate_s", "load_into_store_s", "resolve_s"):
        print(f"{key:34} {result[key]:9.3f}")
    print(f"read+validate / plain parse ratio   {result['validate_vs_parse_ratio']:.2f}")
    print(f"names resolved per second           {result['names_per_s']:.0f}")
    out = ROOT / "benchmarks" / "results" / "kb.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
