from pathlib import Path

import pytest

from coalition_watch.errors import InputError
from coalition_watch.registry.knowledge_base import load_kb, validate_kb

from .conftest import FIXTURES, SMALL_KB


def test_small_kb_is_valid_and_keeps_date_precision(small_kb):
    assert validate_kb(SMALL_KB) == []
    assert small_kb.actors["ttp"].active_from == "2007-12"
    assert small_kb.actors["taliban"].active_from == "1994"
    assert small_kb.lineage[0].date == "2016-07-28"
    assert {c.id for c in small_kb.cases} == {"afg-2021"}


def test_every_problem_is_reported_with_file_line_and_field():
    problems = {(p.line, p.field): p.message for p in validate_kb(FIXTURES / "kb_bad")}
    rendered = [str(p) for p in validate_kb(FIXTURES / "kb_bad")]
    assert all(r.startswith("kb_bad/bad.yaml:") for r in rendered)
    assert "not an ISO 3166-1 alpha-3 code" in problems[(10, "origin")]
    assert "also names 'one'" in problems[(14, "aliases")]
    assert "month out of range" in problems[(15, "active")]
    assert problems[(16, "sources")] == "unknown source id 'nope'"
    assert problems[(18, "target")] == "unknown group id 'three'"
    assert "'friendship' is not one of" in problems[(19, "type")]
    assert "ends (2011) before it starts (2012)" in problems[(20, "to")]
    assert problems[(20, "sources")] == "relation has no source"
    assert problems[(22, "sources")] == "case has no source"


def test_a_problem_repeated_word_for_word_is_reported_once(tmp_path: Path):
    (tmp_path / "x.yaml").write_text(
        "sources:\n  - {id: s1, title: A source, url: https://example.org/a}\n"
        "groups:\n  - {id: one, name: Group One, sources: [s1]}\n"
        "  - {id: two, name: Group Two, aliases: [Group One, Group One], sources: [s1]}\n")
    problems = [str(p) for p in validate_kb(tmp_path)]
    assert len(problems) == 1 and "also names 'one'" in problems[0]


def test_load_refuses_an_invalid_kb_naming_the_first_problem():
    with pytest.raises(InputError) as err:
        load_kb(FIXTURES / "kb_bad")
    assert str(err.value).startswith("kb_bad/bad.yaml:10: field 'origin':")
    assert "more problems" in str(err.value)


def test_yaml_syntax_error_has_a_line(tmp_path: Path):
    (tmp_path / "x.yaml").write_text("groups:\n  - id: a\n    name: [unclosed\n")
    (problem,) = validate_kb(tmp_path)
    assert problem.line >= 3 and "YAML syntax error" in problem.message


def test_missing_folder_is_a_clear_error(tmp_path: Path):
    with pytest.raises(InputError, match="knowledge-base folder not found"):
        validate_kb(tmp_path / "nope")


def test_embedded_kb_is_valid():
    problems = validate_kb()
    assert problems == [], "\n".join(map(str, problems[:20]))


def test_external_ids_must_be_unique(tmp_path: Path):
    (tmp_path / "k.yaml").write_text(
        "sources:\n  - {id: s, title: t, url: 'https://example.org'}\n"
        "groups:\n  - {id: a, name: Alpha, external_ids: {mmp: 7}, sources: [s]}\n"
        "  - {id: b, name: Beta, external_ids: {mmp: 7, ucdp: null}, sources: [s]}\n")
    (problem,) = validate_kb(tmp_path)
    assert (problem.line, problem.field) == (5, "external_ids")
    assert "mmp id 7 is already given to 'a'" in problem.message
