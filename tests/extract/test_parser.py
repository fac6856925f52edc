"""The optional dependency-parser path (``Extractor(..., parser="spacy")``).

The parser tests skip only when spaCy or its English pipeline is absent; ``make test`` installs
both (``make parser``), so they run in CI. The pipeline is loaded once per session.
"""

from __future__ import annotations

import builtins
import json

import pytest

from coalition_watch import api
from coalition_watch.errors import CoalitionWatchError
from coalition_watch.extract import parser as dependency
from coalition_watch.extract.pipeline import Extractor

from .conftest import relations_of


def _pipeline_or_skip():
    try:
        return dependency.load_pipeline()
    except dependency.ParserUnavailable as exc:
        pytest.skip(str(exc))


@pytest.fixture(scope="session")
def parsed(small_resolver) -> Extractor:
    _pipeline_or_skip()
    return Extractor(small_resolver, parser="spacy")


def test_missing_extra_gives_an_install_hint(monkeypatch, small_resolver):
    real_import = builtins.__import__

    def no_spacy(name, *args, **kwargs):
        if name == "spacy" or name.startswith("spacy."):
            raise ImportError("No module named 'spacy'")
        return real_import(name, *args, **kwargs)

    dependency.load_pipeline.cache_clear()
    monkeypatch.setattr(builtins, "__import__", no_spacy)
    try:
        with pytest.raises(dependency.ParserUnavailable, match="make parser"):
            Extractor(small_resolver, parser="spacy")
    finally:
        monkeypatch.undo()
        dependency.load_pipeline.cache_clear()


def test_unknown_parser_is_refused(small_resolver):
    with pytest.raises(CoalitionWatchError, match="unknown parser"):
        Extractor(small_resolver, parser="stanza")


def test_cli_reports_missing_extra_in_one_line(monkeypatch, tmp_path, small_kb):
    from typer.testing import CliRunner

    from coalition_watch.cli import app

    def unavailable(name: str = dependency.PIPELINE):
        raise dependency.ParserUnavailable(f"the spaCy pipeline {name!r} is not installed; {dependency.INSTALL_HINT}")

    monkeypatch.setattr(dependency, "load_pipeline", unavailable)
    doc = tmp_path / "doc.txt"
    doc.write_text("The TTP formed an alliance with al-Qaeda.", encoding="utf-8")
    api.init_store(tmp_path / "x.duckdb").close()  # commands but init and the writers need a store
    result = CliRunner().invoke(app, ["extract", str(doc), "--parser", "spacy", "--db", str(tmp_path / "x.duckdb"),
                                      "--json"])
    assert result.exit_code != 0
    assert isinstance(result.exception, dependency.ParserUnavailable)
    assert "make parser" in str(result.exception)


DEFAULT_TEXTS = [
    "The TTP formed an alliance with al-Qaeda. Later the Taliban denied that they hosted al-Qaeda.",
    "The Nusra Front, which the Taliban never backed, pledged allegiance to al-Qaeda in 2013.",
]


def test_default_path_is_unchanged_by_the_hook(small_resolver):
    """Without ``parser`` the extractor never touches the parser module's objects."""
    plain = Extractor(small_resolver)
    assert plain.scoper is None and plain.parser is None
    first = [json.dumps(plain.extract("d", t).as_dict(), sort_keys=True) for t in DEFAULT_TEXTS]
    again = [json.dumps(Extractor(small_resolver, parser=None).extract("d", t).as_dict(), sort_keys=True)
             for t in DEFAULT_TEXTS]
    assert first == again


def test_parser_keeps_rule_claims_it_agrees_with(parsed, extractor):
    text = "The TTP formed an alliance with al-Qaeda."
    assert relations_of(parsed, text) == relations_of(extractor, text)


@pytest.mark.parametrize("text,expected", [
    ("The Taliban armed and trained the TTP.", ("taliban", "ttp", "support")),
    ("The TTP was armed by the Taliban.", ("taliban", "ttp", "support")),
    ("The Nusra Front pledged allegiance to al-Qaeda.", ("jabhat-al-nusra", "al-qaeda", "pledge")),
])
def test_direction(parsed, text, expected):
    found = {(s, t, k) for s, t, k, _ in relations_of(parsed, text)}
    assert expected in found
    assert (expected[1], expected[0], expected[2]) not in found


@pytest.mark.parametrize("text,polarity", [
    ("The Taliban did not support the TTP.", "denied"),
    ("The Taliban could support the TTP.", "hypothetical"),
    ("The Taliban no longer support the TTP.", "denied"),
    ("The Taliban support the TTP.", "asserted"),
])
def test_polarity_from_the_governing_words(parsed, text, polarity):
    found = {(s, t, k, p) for s, t, k, p in relations_of(parsed, text)}
    assert ("taliban", "ttp", "support", polarity) in found


def test_negation_of_another_clause_stays_there(parsed):
    text = "Although the Taliban did not back ISIS, the TTP fought alongside al-Qaeda."
    found = {(frozenset((s, t)), k, p) for s, t, k, p in relations_of(parsed, text)}
    assert (frozenset(("ttp", "al-qaeda")), "alliance", "asserted") in found


def test_coordination_gives_pairwise_relations(parsed):
    text = "The TTP, al-Qaeda and the Taliban united in 2014."
    pairs = {frozenset((s, t)) for s, t, k, _ in relations_of(parsed, text) if k == "alliance"}
    assert pairs == {frozenset(p) for p in (("ttp", "al-qaeda"), ("ttp", "taliban"), ("al-qaeda", "taliban"))}


def test_object_list_is_not_related_within(parsed):
    text = "The Taliban fought alongside the TTP and al-Qaeda."
    pairs = {frozenset((s, t)) for s, t, k, _ in relations_of(parsed, text)}
    assert frozenset(("ttp", "al-qaeda")) not in pairs
    assert frozenset(("taliban", "ttp")) in pairs


def test_cue_in_a_clause_the_pair_does_not_share_is_vetoed():
    """The veto reads clause heads: a cue in a relative clause on another noun is out of scope."""
    nlp = _pipeline_or_skip()
    doc = nlp("ISIS attacked the town that the army had supported, and al-Qaeda watched.")
    isis, qaeda = doc[0], [t for t in doc if t.text == "Qaeda"][0]
    supported = [t for t in doc if t.text == "supported"]
    path, _ = dependency.dependency_path(isis, qaeda)
    assert not dependency._governs(supported, path)
    attacked = [t for t in doc if t.text == "attacked"]
    assert dependency._governs(attacked, dependency.dependency_path(isis, doc[3])[0])


def test_path_addition_relates_a_pair_the_rules_left_unrelated(parsed):
    """A short path with a cue word and no clause boundary gives a low-confidence claim; a path
    through a coordination gives none (the list rules decide those)."""
    text = "The Taliban sheltered al-Qaeda and the TTP."
    mentions, _ = parsed.matcher.find(text)
    sentence = dependency.SentencePairs(0, len(text), [m for m in mentions if m.actor_id], [])
    added = parsed.scoper.refine(text, [sentence])[0]
    found = {(r.source.actor_id, r.target.actor_id, r.type) for r in added}
    assert ("taliban", "al-qaeda", "sanctuary") in found
    assert all(r.confidence == dependency.ADDED_CONFIDENCE and r.cue.startswith("path:") for r in added)
    assert not any({r.source.actor_id, r.target.actor_id} == {"al-qaeda", "ttp"} for r in added)
    assert dependency._path_cue("pledged allegiance to ")[0] == "pledge"


@pytest.mark.parametrize("command", ["extraction", "mmp"])
def test_eval_commands_pass_the_parser_option(monkeypatch, tmp_path, command):
    from typer.testing import CliRunner

    from coalition_watch.cli import app
    from coalition_watch.extract import api as extract_api

    seen = []
    report = {"rows": 0, "pair_recall": 0.0, "type_accuracy": 0.0, "documents": 0}

    def fake(path, *, store, parser=None):
        seen.append(parser)
        return report

    monkeypatch.setattr(extract_api, "evaluate_extraction" if command == "extraction" else "evaluate_mmp", fake)
    gold = tmp_path / ("gold.jsonl" if command == "extraction" else "gold.csv")
    gold.write_text("", encoding="utf-8")
    db = str(tmp_path / "x.duckdb")
    api.init_store(db).close()  # commands but init and the writers need a store
    runner = CliRunner()
    assert runner.invoke(app, ["eval", command, str(gold), "--db", db, "--json", "--parser", "spacy"]).exit_code == 0
    assert runner.invoke(app, ["eval", command, str(gold), "--db", db, "--json"]).exit_code == 0
    assert seen == ["spacy", None]
