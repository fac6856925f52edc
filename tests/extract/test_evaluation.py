import json

import pytest
from typer.testing import CliRunner

from coalition_watch.cli import app
from coalition_watch.errors import InputError
from coalition_watch.extract import evaluation

runner = CliRunner()


@pytest.fixture(scope="module")
def dev_report(extractor, shared):
    return evaluation.evaluate_corpus(extractor, evaluation.read_gold(shared / "corpus/dev.jsonl"))


def test_prf_and_symmetric_keys():
    assert evaluation.prf(3, 4, 6) == {"precision": 0.75, "recall": 0.5, "f1": 0.6, "tp": 3, "predicted": 4, "gold": 6}
    assert evaluation.relation_key("b", "a", "alliance") == ("a", "b", "alliance")
    assert evaluation.relation_key("b", "a", "pledge") == ("b", "a", "pledge")
    assert evaluation.relation_key("b", "a", "sanctuary") == ("b", "a", "support")


def test_dev_scores_are_consistent(dev_report):
    r = dev_report
    assert r["documents"] >= 10
    m = r["mentions"]
    assert 0 < m["tp"] <= min(m["predicted"], m["gold"])
    # the small fixture KB lacks most groups, so absolute scores are low; the cue rules must still
    # be far more precise than co-occurrence
    assert r["relations"]["precision"] > r["baseline_cooccurrence"]["relations"]["precision"]
    assert r["gold_groups_not_in_registry"]
    assert set(r["per_type"]) <= {"alliance", "support", "pledge", "merger", "split", "rivalry", "foreign_fighters"}


def test_mmp_reader_and_eval(extractor, shared, tmp_path):
    rows = evaluation.read_mmp_relations(shared / "data/mmp/relationships_dev.csv")
    assert len(rows) > 100 and {r["type"] for r in rows} == set(evaluation.MMP_TYPES)
    from coalition_watch.extract.pipeline import Extractor

    report = evaluation.evaluate_mmp(Extractor(evaluation.mmp_gazetteer(extractor.resolver, rows[:60])), rows[:60])
    assert report["rows"] == 60
    assert 0 < report["pair_recall"] <= 1 and 0 <= report["type_accuracy"] <= 1
    bad = tmp_path / "bad.csv"
    bad.write_text("type,description,group1_name,group2_name\nxyz,d,a,b\n", encoding="utf-8")
    with pytest.raises(InputError, match="bad.csv:2"):
        evaluation.read_mmp_relations(bad)


def test_cli_extract_json_contract(small_store, shared, tmp_path):
    lines = (shared / "corpus/dev.jsonl").read_text(encoding="utf-8").splitlines()[:3]
    path = tmp_path / "three.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = runner.invoke(app, ["extract", str(path), "--json", "--db", small_store.path, "--workers", "1"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert [d["id"] for d in data["documents"]] == [json.loads(l)["id"] for l in lines]
    for doc in data["documents"]:
        assert {"id", "mentions", "relations", "new_group_candidates"} <= set(doc)
        for m in doc["mentions"]:
            assert set(m) >= {"start", "end", "text", "actor_id", "name"}
        for r in doc["relations"]:
            assert set(r) >= {"source", "target", "type", "polarity", "confidence", "evidence", "start", "end"}
            assert isinstance(r["confidence"], float) and r["polarity"] in ("asserted", "denied", "hypothetical")
    assert any(d["relations"] for d in data["documents"])


def test_cli_eval_commands(small_store, shared):
    result = runner.invoke(app, ["eval", "extraction", "--json", "--db", small_store.path])
    assert result.exit_code == 0, result.output
    assert "baseline_cooccurrence" in json.loads(result.stdout)
    result = runner.invoke(app, ["eval", "mmp", "--db", small_store.path])
    assert result.exit_code == 0, result.output
    assert "baseline" in result.stdout


def test_relations_between_groups_leave_out_states_the_gold_does_not_list():
    from coalition_watch.extract.pipeline import Extractor
    from coalition_watch.models import Actor
    from coalition_watch.registry.resolver import Resolver

    extractor = Extractor(Resolver([Actor(id="taliban", name="Taliban"), Actor(id="isis", name="ISIS"),
                                    Actor(id="pak", name="Pakistan", kind="state")]))
    doc = {"id": "d", "text": "Pakistan supported the Taliban for years. ISIS fought the Taliban in Nangarhar.",
           "groups": [{"mention": "Taliban", "canonical": "Taliban"}, {"mention": "ISIS", "canonical": "ISIS"}],
           "relations": [{"source": "ISIS", "target": "Taliban", "type": "rivalry"}]}
    report = evaluation.evaluate_corpus(extractor, [doc])
    assert (report["relations"]["tp"], report["relations"]["predicted"]) == (1, 2)
    assert (report["relations_between_groups"]["tp"], report["relations_between_groups"]["predicted"]) == (1, 1)
    # a state the gold lists is scored like a group
    listed = dict(doc, groups=doc["groups"] + [{"mention": "Pakistan", "canonical": "Pakistan"}])
    assert evaluation.evaluate_corpus(extractor, [listed])["relations_between_groups"]["predicted"] == 2


def test_precision_by_confidence_band(dev_report):
    bands = dev_report["by_confidence"]
    assert [(b["from"], b["to"]) for b in bands] == list(zip(evaluation.CONFIDENCE_BANDS, evaluation.CONFIDENCE_BANDS[1:]))
    between = dev_report["relations_between_groups"]
    assert sum(b["predicted"] for b in bands) == between["predicted"]
    assert sum(b["tp"] for b in bands) == between["tp"]
    for b in bands:
        assert b["precision"] is None if not b["predicted"] else b["precision"] == round(b["tp"] / b["predicted"], 3)
    assert [evaluation.confidence_band(c) for c in (0.0, 0.59, 0.6, 0.79, 0.8, 1.0)] == [0, 0, 1, 2, 3, 3]
