"""Claims about groups the registry lacks: provisional ids, kept apart from the registry's claims."""

import json

from coalition_watch.extract.evaluation import evaluate_corpus, new_group_keys
from coalition_watch.extract.new_groups import is_new_group, new_group_id
from coalition_watch.extract.pipeline import Extractor


def new_relations(extractor, text):
    return {(r.source, r.target, r.type, r.polarity) for r in extractor.extract("t", text).new_group_relations}


def test_provisional_id_is_the_folded_name():
    assert new_group_id("Free Idlib Brigade") == "new:free-idlib-brigade"
    assert new_group_id("Liwa’ al-Haqq") == new_group_id("Liwa' al-Haqq") == new_group_id("Liwa al Haqq")
    assert new_group_id("Jamāʿat Anṣār") == "new:jamaat-ansar"
    assert is_new_group("new:free-idlib-brigade") and not is_new_group("hts") and not is_new_group(None)


def test_unknown_group_allied_with_a_known_one(extractor):
    text = "The Free Idlib Brigade fought alongside Ahrar al-Sham against the regime."
    doc = extractor.extract("t", text)
    assert doc.relations == []
    assert new_relations(extractor, text) == {("new:free-idlib-brigade", "ahrar-al-sham", "alliance", "asserted")}
    rel = doc.new_group_relations[0]
    assert (rel.source_name, rel.source_text, rel.target_name) == ("Free Idlib Brigade", "Free Idlib Brigade", "Ahrar al-Sham")
    assert rel.evidence == text


def test_two_unknown_groups_and_typed_relations(extractor):
    assert new_relations(extractor, "The Free Idlib Brigade clashed with the Sham Revolutionaries Front near Saraqib.") == {
        ("new:free-idlib-brigade", "new:sham-revolutionaries-front", "rivalry", "asserted")}
    assert new_relations(extractor, "Hayat Tahrir al-Sham absorbed the Free Idlib Brigade in 2019.") == {
        ("new:free-idlib-brigade", "hts", "merger", "asserted")}


def test_claims_between_known_groups_are_unchanged(small_resolver, extractor):
    text = ("The Free Idlib Brigade pledged allegiance to Hayat Tahrir al-Sham, which fought alongside Ahrar al-Sham. "
            "Jaish al-Izza, the Free Idlib Brigade and Ahrar al-Sham formed a joint operations room.")
    without = Extractor(small_resolver, new_groups=False).extract("t", text)
    doc = extractor.extract("t", text)
    assert [r.as_dict() for r in doc.relations] == [r.as_dict() for r in without.relations]
    assert {(r.source, r.target, r.type) for r in doc.relations} == {("hts", "ahrar-al-sham", "alliance")}
    assert without.new_group_relations == []
    assert {(r.source, r.target, r.type) for r in doc.new_group_relations} == {
        ("new:free-idlib-brigade", "hts", "pledge"),
        ("new:jaish-al-izza", "new:free-idlib-brigade", "alliance"),
        ("new:jaish-al-izza", "ahrar-al-sham", "alliance"),
        ("new:free-idlib-brigade", "ahrar-al-sham", "alliance")}
    assert all(not is_new_group(r.source) and not is_new_group(r.target) for r in doc.relations)


def test_unknown_name_beside_a_known_one_in_one_capitalised_span(extractor):
    # names may contain "and" ("Movement for Justice and Equality"), so the span runs on
    doc = extractor.extract("t", "Ahrar al-Sham and the Free Idlib Brigade fought side by side.")
    assert "Free Idlib Brigade" in doc.new_group_candidates
    assert extractor.extract("t", "The Movement for Justice and Equality met.").new_group_candidates == [
        "Movement for Justice and Equality"]


def test_acronym_defined_after_an_unknown_name(extractor):
    text = ("The Rapid Support Forces (RSF) fought the army in Khartoum. "
            "Ahrar al-Sham condemned the RSF.")
    doc = extractor.extract("t", text)
    assert {(r.source, r.target, r.type, r.target_text) for r in doc.new_group_relations} == {
        ("ahrar-al-sham", "new:rapid-support-forces", "rivalry", "RSF")}
    # an acronym that comes before its definition, or that no name defines, is nobody's
    assert extractor.extract("t", "Ahrar al-Sham condemned the RSF.").new_group_relations == []


def test_json_form_extends_the_contract(extractor):
    out = extractor.extract("d1", "The Free Idlib Brigade fought alongside Ahrar al-Sham.").as_dict()
    assert {"id", "mentions", "relations", "new_group_candidates", "new_group_relations"} <= set(out)
    rel = out["new_group_relations"][0]
    assert {"source", "target", "type", "polarity", "confidence", "evidence", "start", "end"} <= set(rel)
    json.dumps(out)


def test_evaluation_matches_a_provisional_id_through_the_gold_mention(extractor):
    doc = {"id": "g1", "text": "The Free Idlib Brigade fought alongside Ahrar al-Sham against the regime.",
           "groups": [{"mention": "the Free Idlib Brigade", "canonical": "Liwa Idlib al-Hurra"},
                      {"mention": "Ahrar al-Sham", "canonical": "Ahrar al-Sham"}],
           "relations": [{"source": "Liwa Idlib al-Hurra", "target": "Ahrar al-Sham", "type": "alliance",
                          "polarity": "asserted"}]}
    report = evaluate_corpus(extractor, [doc])
    assert report["relations"]["tp"] == 0
    assert report["relations_with_new_groups"] == {"precision": 1.0, "recall": 1.0, "f1": 1.0, "tp": 1,
                                                   "predicted": 1, "gold": 1}
    keys = new_group_keys(extractor.extract("g1", doc["text"]).new_group_relations, doc["groups"],
                          lambda name: "ahrar-al-sham" if name == "Ahrar al-Sham" else f"name:{name}")
    assert keys == {("ahrar-al-sham", "name:Liwa Idlib al-Hurra", "alliance")}


def test_cli_shows_them_and_store_keeps_only_registry_claims(small_store, tmp_path):
    from typer.testing import CliRunner

    from coalition_watch.cli import app

    db = small_store.path
    small_store.close()
    note = tmp_path / "note.txt"
    note.write_text("The Free Idlib Brigade fought alongside Ahrar al-Sham. ISIS clashed with the Taliban in Kunar.",
                    encoding="utf-8")
    runner = CliRunner()
    shown = runner.invoke(app, ["extract", str(note), "--db", str(db), "--store", "--workers", "1"])
    assert shown.exit_code == 0, shown.output
    assert "relations with possible new groups" in shown.output and "Free Idlib Brigade" in shown.output
    assert "stored 1 new pending claims" in shown.output
    words = " ".join(shown.output.split())  # the console wraps long lines
    assert "1 possible new groups recorded" in words and "cwatch actors unresolved --context extract" in words
    listed = json.loads(runner.invoke(app, ["actors", "unresolved", "--context", "extract", "--json", "--db", str(db)]).output)
    assert [(r["name"], r["context"]) for r in listed] == [("Free Idlib Brigade", "extract:new-group")]
    out = json.loads(runner.invoke(app, ["extract", str(note), "--db", str(db), "--json", "--workers", "1"]).output)
    assert [(r["source"], r["target"]) for r in out["documents"][0]["new_group_relations"]] == [
        ("new:free-idlib-brigade", "ahrar-al-sham")]
    listed = json.loads(runner.invoke(app, ["review", "list", "--db", str(db), "--json"]).output)
    assert [(r["source_id"], r["target_id"]) for r in listed] == [("isis", "taliban")]


def test_candidate_names_split_at_a_coordination_only_between_two_names(extractor):
    def candidates(text):
        return extractor.extract("t", text).new_group_candidates

    assert candidates("The Sudan Liberation Army and Justice and Equality Movement signed.") == [
        "Sudan Liberation Army", "Justice and Equality Movement"]
    assert candidates("The Movement for Justice and Equality met.") == ["Movement for Justice and Equality"]
    # the left side is no group name: only the right one is proposed
    assert candidates("Suqor Al-Sham and Harakat Nouredine Zenky clashed.") == ["Harakat Nouredine Zenky"]
    # an article inside a name does not cut it
    assert candidates("The Alliance of Patriots for a Free and Sovereign Congo fought.") == [
        "Alliance of Patriots for a Free and Sovereign Congo"]


def test_bodies_of_states_and_intergovernmental_bodies_are_no_candidates(extractor):
    doc = extractor.extract("t", "The Armed Forces of the Democratic Republic of the Congo, the African Union and the "
                                 "Financial Action Task Force met the UN Security Council Monitoring Team; the "
                                 "National Army of Chad fought the Katiba Serma.")
    assert doc.new_group_candidates == ["Katiba Serma"]


def test_known_name_in_a_leftover_piece_is_resolved(extractor):
    # "X and Ahrar al-Sham" is one capitalised span; the piece the known name leaves over is
    # resolved like any span (here by its consonant skeleton)
    for text in ("Hayat Tahrir al-Shaam and Ahrar al-Sham fought side by side.",
                 "Ahrar al-Sham and Hayat Tahrir al-Shaam fought side by side."):
        doc = extractor.extract("t", text)
        assert [(m.text, m.actor_id) for m in doc.mentions if m.actor_id == "hts"] == [("Hayat Tahrir al-Shaam", "hts")]
        assert {(r.source, r.target, r.type) for r in doc.relations} <= {
            ("hts", "ahrar-al-sham", "alliance"), ("ahrar-al-sham", "hts", "alliance")}
        assert len(doc.relations) == 1


def test_a_name_of_another_country_is_not_the_group(small_kb):
    from coalition_watch.models import Actor
    from coalition_watch.registry.resolver import Resolver

    actors = [*small_kb.actors.values(),
              Actor(id="sna-syria", name="Syrian National Army", aliases=["National Army (Syria)"],
                    origin="SYR", operates_in=["SYR"]),
              Actor(id="tcd", name="Government of Chad", aliases=["Chad"], kind="state", origin="TCD")]
    extractor = Extractor(Resolver(actors, small_kb.lineage))

    def found(text):
        return [(m.text, m.actor_id) for m in extractor.extract("t", text).mentions]

    # the group operates in Syria: in a text that names Chad, "National Army" (a name of generic
    # words, the bare form of "National Army (Syria)") is not the Syrian group
    assert ("National Army", "sna-syria") not in found("The National Army of Chad fought the rebels near Abeche.")
    assert found("The National Army of Syria shelled Afrin.") == [("National Army", "sna-syria")]
    assert found("The National Army shelled Afrin.") == [("National Army", "sna-syria")]
    doc = extractor.extract("t", "The National Army of Chad clashed with Ahrar al-Sham.")
    assert "sna-syria" not in {r.source for r in doc.relations} | {r.target for r in doc.relations}
    assert doc.new_group_candidates == []


def test_generic_descriptions_are_no_candidates(extractor):
    doc = extractor.extract("t", "The Armed Forces and the Security Forces fought the Popular Mobilization Forces.")
    assert doc.new_group_candidates == ["Popular Mobilization Forces"]


def test_a_name_after_a_groups_possessive_is_read_with_the_groups_name(small_kb):
    from coalition_watch.models import Actor
    from coalition_watch.registry.resolver import Resolver

    actors = [*small_kb.actors.values(),
              Actor(id="iswap", name="Islamic State West Africa Province", aliases=["ISWAP"], operates_in=["NGA"]),
              Actor(id="sdn", name="Government of Sudan", aliases=["Sudan"], kind="state", origin="SDN")]
    extractor = Extractor(Resolver(actors, small_kb.lineage))
    doc = extractor.extract("t", "The Islamic State’s West Africa Province attacked Maiduguri.")
    assert [(m.text, m.actor_id) for m in doc.mentions] == [
        ("Islamic State", "isis"), ("West Africa Province", "iswap")]
    assert doc.new_group_candidates == []
    # a country's possessive before a two-word name is a place: no claim between the state and the group
    doc = extractor.extract("t", "Sudan's Rapid Support Forces fought the army in Khartoum.")
    assert doc.new_group_candidates == ["Rapid Support Forces"] and doc.new_group_relations == []
    assert [(r.source, r.type) for r in extractor.extract("t", "Sudan's support for the Taliban grew.").relations] == [
        ("sdn", "state_support")]


def test_a_country_that_begins_a_groups_name_is_no_mention(small_kb):
    from coalition_watch.models import Actor
    from coalition_watch.registry.resolver import Resolver

    actors = [*small_kb.actors.values(),
              Actor(id="sdn", name="Government of Sudan", aliases=["Sudan"], kind="state", origin="SDN")]
    extractor = Extractor(Resolver(actors, small_kb.lineage))
    doc = extractor.extract("t", "The Sudan Liberation Army and Justice and Equality Movement fought Ahrar al-Sham.")
    assert [m.actor_id for m in doc.mentions] == ["ahrar-al-sham"]
    assert doc.new_group_candidates == ["Sudan Liberation Army", "Justice and Equality Movement"]
    assert {(r.source, r.target, r.type) for r in doc.new_group_relations} >= {
        ("new:sudan-liberation-army", "ahrar-al-sham", "rivalry")}
    # the state's own bodies and possessives are left as they were
    assert [m.actor_id for m in extractor.extract("t", "Sudan Armed Forces fought Ahrar al-Sham.").mentions] == [
        "sdn", "ahrar-al-sham"]


def test_and_the_joins_two_names(extractor):
    assert extractor.extract("t", "Wazalendo and the Nyatura Brigade attacked.").new_group_candidates == [
        "Nyatura Brigade"]
