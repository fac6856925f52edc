import json

import pytest

from coalition_watch.extract.spark import extract_dataframe


@pytest.mark.slow
def test_spark_map_in_pandas_matches_local(spark, small_kb, extractor, shared):
    docs = [json.loads(l) for l in (shared / "corpus/dev.jsonl").read_text(encoding="utf-8").splitlines()[:6]]
    df = spark.createDataFrame([(d["id"], d["text"]) for d in docs], "id string, text string").repartition(2)
    rows = extract_dataframe(df, small_kb.actors.values(), small_kb.lineage).collect()
    remote = sorted((r.id, r.source, r.target, r.type, r.start) for r in rows)
    local = sorted((d["id"], r.source, r.target, r.type, r.start)
                   for d in docs for r in extractor.extract(d["id"], d["text"]).relations)
    assert remote == local and remote

    # the same run with the claims about possible new groups, flagged
    flagged = extract_dataframe(df, small_kb.actors.values(), small_kb.lineage, new_groups=True).collect()
    remote_new = sorted((r.id, r.source, r.target, r.type, r.start) for r in flagged if r.new_group)
    local_new = sorted((d["id"], r.source, r.target, r.type, r.start)
                       for d in docs for r in extractor.extract(d["id"], d["text"]).new_group_relations)
    assert remote_new == local_new and remote_new
    assert sorted((r.id, r.source, r.target, r.type, r.start) for r in flagged if not r.new_group) == remote
