"""The document subject from the command line and from JSONL lines (``--subject``, ``--subject-links``)."""

import json

import pytest
from typer.testing import CliRunner

from coalition_watch.cli import app
from coalition_watch.errors import InputError
from coalition_watch.extract import api as extract_api

PAGE = "In 2015 hundreds of fighters swore allegiance to ISIS."


def _pairs(result: dict) -> dict[str, set]:
    return {d["id"]: {(r["source"], r["target"], r["type"]) for r in d["relations"]} for d in result["documents"]}


def test_subject_links_follow_the_option_and_the_jsonl_field(tmp_path, small_store):
    path = tmp_path / "pages.jsonl"
    path.write_text("\n".join(json.dumps(line) for line in [
        {"id": "own-subject", "text": PAGE, "subject": "Tehrik-i-Taliban Pakistan"},
        {"id": "no-subject", "text": PAGE},
    ]) + "\n", encoding="utf-8")
    plain = _pairs(extract_api.extract_paths([path], store=small_store, workers=1))
    assert plain == {"own-subject": set(), "no-subject": set()}
    linked = _pairs(extract_api.extract_paths([path], store=small_store, workers=1, subject_links=True))
    assert linked == {"own-subject": {("ttp", "isis", "pledge")}, "no-subject": set()}
    # the option gives every document a subject; a line's own field wins
    both = _pairs(extract_api.extract_paths([path], store=small_store, workers=1, subject="al-qaeda",
                                            subject_links=True))
    assert both == {"own-subject": {("ttp", "isis", "pledge")}, "no-subject": {("al-qaeda", "isis", "pledge")}}


def test_unknown_subject_is_an_input_error_naming_line_and_field(tmp_path, small_store):
    path = tmp_path / "pages.jsonl"
    path.write_text(json.dumps({"id": "a", "text": PAGE}) + "\n"
                    + json.dumps({"id": "b", "text": PAGE, "subject": "Nonexistent Brigades of Nowhere"}) + "\n",
                    encoding="utf-8")
    with pytest.raises(InputError) as err:
        extract_api.extract_paths([path], store=small_store, workers=1)
    assert err.value.line == 2 and err.value.field == "subject" and str(path) in str(err.value)
    bad_type = tmp_path / "bad.jsonl"
    bad_type.write_text(json.dumps({"id": "a", "text": PAGE, "subject": 7}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="subject"):
        extract_api.extract_paths([bad_type], store=small_store, workers=1)


def test_cli_subject_option(tmp_path, small_store):
    text = tmp_path / "page.txt"
    text.write_text(PAGE, encoding="utf-8")
    db = str(small_store.path)
    small_store.close()
    runner = CliRunner()
    run = runner.invoke(app, ["extract", str(text), "--db", db, "--json", "--subject", "TTP", "--subject-links",
                              "--workers", "1"])
    assert run.exit_code == 0, run.output
    relations = json.loads(run.stdout)["documents"][0]["relations"]
    assert [(r["source"], r["target"], r["type"]) for r in relations] == [("ttp", "isis", "pledge")]
    assert relations[0]["confidence"] < 0.5
    run = runner.invoke(app, ["extract", str(text), "--db", db, "--json", "--subject", "No Such Front At All"])
    assert run.exit_code != 0 and "subject" in str(run.exception or run.output)
