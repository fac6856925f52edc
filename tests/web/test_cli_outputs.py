import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from coalition_watch.cli import app, main
from coalition_watch.errors import InputError
from coalition_watch.outputs import api as outputs
from coalition_watch.outputs import parts
from tests.conftest import SMALL_KB  # noqa: F401  (the store below is loaded from it)

runner = CliRunner()


def test_brief_writes_one_self_contained_file(small_store, tmp_path):
    db = small_store.path
    small_store.close()
    out = tmp_path / "afg.html"
    result = runner.invoke(app, ["brief", "AFG", "--as-of", "2021-08-15", "--db", db, "--out", str(out), "--skip", "risk"])
    assert result.exit_code == 0, result.output
    assert "Afghanistan" in result.output and "no event data loaded" in result.output
    html = out.read_text()
    assert out.stat().st_size < 5_000_000
    assert not re.search(r"<(script|link|img)[^>]+(src|href)=[\"']?(https?:)?//", html)
    assert "cytoscape" in html and 'id="briefing-data"' in html


def test_brief_json_and_errors(small_store, tmp_path):
    db = small_store.path
    small_store.close()
    result = runner.invoke(app, ["brief", "SYR", "--as-of", "2016-01-01", "--db", db, "--json", "--skip", "risk", "--skip", "network"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["country"] == "SYR" and set(data["sections"]) >= {"graph", "members", "risk", "map", "timeline"}
    bad = runner.invoke(app, ["brief", "Atlantis", "--db", db])
    assert bad.exit_code != 0


def test_export_formats(small_store, tmp_path):
    db = small_store.path
    small_store.close()
    for fmt, name in (("gexf", "g.gexf"), ("relations-csv", "r.csv"), ("svg", "g.svg")):
        result = runner.invoke(app, ["export", "AFG", "--format", fmt, "--out", str(tmp_path / name), "--db", db])
        assert result.exit_code == 0, result.output
        assert (tmp_path / name).stat().st_size > 100


def test_export_and_init_report_as_json(small_store, tmp_path):
    db = small_store.path
    small_store.close()
    out = tmp_path / "g.gexf"
    result = runner.invoke(app, ["export", "AFG", "--format", "gexf", "--out", str(out), "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"format": "gexf", "path": str(out), "bytes": out.stat().st_size}
    fresh = tmp_path / "fresh.duckdb"
    result = runner.invoke(app, ["init", "--db", str(fresh), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["store"] == str(fresh) and report["schema_version"] >= 1
    assert report["actors"] > 1000 and report["relations"] > 500 and report["cases"] > 10


def test_serve_refuses_open_bind_without_token(small_store):
    db = small_store.path
    small_store.close()
    result = runner.invoke(app, ["serve", "--host", "0.0.0.0", "--db", db], env={"CWATCH_TOKEN": ""})
    assert result.exit_code != 0 and "token" in str(result.exception or result.output)


def test_serve_refuses_a_port_out_of_range(small_store):
    db = str(small_store.path)
    small_store.close()
    result = runner.invoke(app, ["serve", "--port", "99999", "--db", db])
    assert result.exit_code == 2 and "65535" in result.output and result.exception.__class__ is SystemExit


def test_unknown_part_to_skip_is_an_input_error(small_store):
    db = small_store.path
    small_store.close()
    result = runner.invoke(app, ["brief", "AFG", "--db", db, "--skip", "everything"])
    assert result.exit_code != 0 and "cannot skip" in str(result.exception)


def test_briefing_file_must_be_html(small_store, tmp_path):
    db = small_store.path
    small_store.close()
    out = tmp_path / "afg.pdf"
    result = runner.invoke(app, ["brief", "AFG", "--db", db, "--out", str(out), "--skip", "risk"])
    assert result.exit_code != 0 and ".html" in str(result.exception) and "--out" in str(result.exception)
    assert not out.exists()


def _add_insurgency(store) -> None:
    """The Taliban's fight against the Islamic Republic, so that the network finds a coalition."""
    store.con.execute(
        "INSERT INTO relations (id, source_id, target_id, type, sign, directed, valid_from, valid_to, valid_from_date, "
        "valid_to_date, confidence, status, provenance, sources) VALUES ('r-insurgency', 'taliban', 'afg-government', "
        "'rivalry', -1, false, '2002', '2021-08-15', DATE '2002-01-01', DATE '2021-08-15', 0.9, 'curated', 'test', ['src-un-mt'])")


@pytest.mark.skipif(parts.load(parts.NETWORK) is None, reason="network analytics not installed")
def test_briefing_coalition_ids_are_the_ids_of_the_coalition_commands(small_store):
    _add_insurgency(small_store)
    db = small_store.path
    small_store.close()
    brief = runner.invoke(app, ["brief", "AFG", "--as-of", "2021-08-15", "--db", db, "--json", "--skip", "risk"])
    assert brief.exit_code == 0, brief.output
    briefed = {c["id"]: set(c["members"]) for c in json.loads(brief.stdout)["sections"]["graph"]["data"]["coalitions"]}
    assert briefed
    listed = runner.invoke(app, ["coalitions", "AFG", "--as-of", "2021-08", "--db", db, "--json"])
    assert listed.exit_code == 0, listed.output
    assert {c["id"] for c in json.loads(listed.stdout)["coalitions"]} == set(briefed)
    for coalition_id, members in briefed.items():
        shown = runner.invoke(app, ["coalition", "show", coalition_id, "--as-of", "2021-08", "--db", db, "--json"])
        assert shown.exit_code == 0, shown.output
        assert {m["id"] for m in json.loads(shown.stdout)["members"]} == members


def test_brief_checks_its_output_file_before_printing_anything(small_store, tmp_path, capsys, monkeypatch):
    db = small_store.path
    small_store.close()
    for target in (tmp_path / "missing" / "syr.html", Path("/proc/cwatch-brief.html")):
        monkeypatch.setattr("sys.argv", ["cwatch", "brief", "SYR", "--as-of", "2016-01-01", "--db", db,
                                         "--skip", "risk", "--skip", "network", "--out", str(target)])
        with pytest.raises(SystemExit) as exit_info:
            main()
        out = capsys.readouterr()
        assert exit_info.value.code == 2 and out.out == "", out.out[:200]
        assert out.err.startswith(f"error: field '--out': cannot write {target}") and out.err.count("\n") == 1, out.err
        assert not target.exists()


def test_writing_a_briefing_or_an_export_where_no_file_can_be_created_is_an_input_error(small_store, tmp_path):
    b = outputs.briefing(small_store, "AFG", "2021-08-15", skip=("network", "risk"))
    for target in (tmp_path / "missing" / "afg.html", Path("/proc/cwatch-brief.html"), tmp_path):
        with pytest.raises(InputError, match="cannot write"):
            outputs.write_briefing(b, target)
    with pytest.raises(InputError, match="cannot write"):
        outputs.export(small_store, "AFG", "2021-08-15", "gexf", Path("/proc/cwatch-export.gexf"))
    kept = tmp_path / "kept.html"
    kept.write_text("old")
    assert outputs.check_output(kept) == kept and kept.read_text() == "old"
    assert outputs.check_output(tmp_path / "new.html") and not (tmp_path / "new.html").exists()


def _probes_of(target: Path, monkeypatch) -> list[str]:
    """Records each time ``target`` is opened for appending (how ``check_writable`` probes a path)."""
    import builtins

    probes, real_open = [], builtins.open

    def watching_open(file, mode="r", *args, **kwargs):
        if isinstance(file, (str, Path)) and Path(file) == target and "a" in mode:
            probes.append(mode)
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", watching_open)
    return probes


def test_the_output_path_is_checked_once_per_brief_and_export(small_store, tmp_path, monkeypatch):
    """The early check is not repeated when the file is written (the write itself reports a failure)."""
    target = tmp_path / "afg.gexf"
    probes = _probes_of(target, monkeypatch)
    assert outputs.export(small_store, "AFG", "2021-08-15", "gexf", target) == target
    assert probes == ["ab"] and target.stat().st_size > 0
    db = small_store.path
    small_store.close()
    page = tmp_path / "afg.html"
    probes = _probes_of(page, monkeypatch)
    result = runner.invoke(app, ["brief", "AFG", "--as-of", "2021-08-15", "--db", db, "--out", str(page),
                                 "--skip", "risk", "--skip", "network"])
    assert result.exit_code == 0, result.output
    assert probes == ["ab"] and page.stat().st_size > 0


def test_writing_without_the_early_check_gives_its_reason(small_store, tmp_path):
    """``write_briefing`` called directly (no check before) fails with the reason the check gives."""
    b = outputs.briefing(small_store, "AFG", "2021-08-15", skip=("network", "risk"))
    for target in (tmp_path / "missing" / "afg.html", Path("/proc/cwatch-brief.html"), tmp_path):
        with pytest.raises(InputError) as checked:
            outputs.check_output(target)
        with pytest.raises(InputError) as written:
            outputs.write_briefing(b, target)
        assert str(written.value) == str(checked.value), (str(written.value), str(checked.value))
        assert written.value.__context__ is None or written.value.__suppress_context__  # one line
