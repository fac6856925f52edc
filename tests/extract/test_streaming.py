"""``cwatch extract`` on many documents: streamed JSON, claims stored per batch, a summary for the
human output, and a store that is only read when nothing is stored."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from coalition_watch.cli import app
from coalition_watch.extract import api as extract_api
from coalition_watch.extract import pipeline

from ..conftest import SMALL_KB

TEXTS = ["The Taliban provided weapons to the TTP in 2021. ISIS clashed with the Taliban in Kunar.",
         "Al-Qaeda and the Taliban remain allied, the report says.",
         "The TTP pledged allegiance to the Taliban. A group calling itself Jamaat Ansar al-Kunar Front "
         "clashed with ISIS.",
         "Nothing about armed groups here."]


def _jsonl(tmp_path, n: int):
    path = tmp_path / "many.jsonl"
    path.write_text("".join(json.dumps({"id": f"d{i}", "text": TEXTS[i % len(TEXTS)]}) + "\n" for i in range(n)),
                    encoding="utf-8")
    return path


def _store_file(tmp_path, name="s.duckdb"):
    """A store with the small KB, made by another process (so this one holds no connection to it)."""
    db = tmp_path / name
    done = subprocess.run([sys.executable, "-m", "coalition_watch.cli", "kb", "load", "--kb", str(SMALL_KB),
                           "--db", str(db)], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return db


def _watching(check):
    """``extract_parallel`` that calls ``check(n)`` after yielding each document."""
    real = pipeline.extract_parallel

    def watched(*args, **kwargs):
        for n, doc in enumerate(real(*args, **kwargs), 1):
            yield doc
            check(n)
    return watched


def test_json_is_streamed_one_document_at_a_time(tmp_path, monkeypatch, capsys):
    """Documents are on stdout before the next are extracted (with --store, once their batch is
    stored), and the text is the same single JSON object the whole result gave before (with
    --store: its counts after the list)."""
    db, path = _store_file(tmp_path), _jsonl(tmp_path, 6)
    seen = []
    monkeypatch.setattr(extract_api, "STORE_BATCH", 2)
    monkeypatch.setattr(extract_api, "extract_parallel",
                        _watching(lambda n: seen.append(capsys.readouterr().out) if n == 3 else None))
    from coalition_watch.cli import main

    monkeypatch.setattr("sys.argv", ["cwatch", "extract", str(path), "--json", "--store", "--workers", "1",
                                     "--db", str(db)])
    with pytest.raises(SystemExit) as exit_:
        main()
    assert exit_.value.code == 0
    streamed = seen[0] + capsys.readouterr().out
    assert '"id": "d1"' in seen[0] and '"id": "d2"' not in seen[0]
    result = json.loads(streamed)
    assert list(result) == ["documents", "stored"]
    assert [d["id"] for d in result["documents"]] == [f"d{i}" for i in range(6)]
    assert result["stored"]["documents"] == 6 and result["stored"]["new"] > 0
    assert all(r["relation_id"].startswith("x-") for d in result["documents"] for r in d["relations"])
    # byte for byte what json.dumps(indent=2) of the whole object prints
    assert streamed == json.dumps(result, ensure_ascii=False, indent=2) + "\n"


def test_streamed_json_text_equals_the_whole_object_dumped(capsys):
    from coalition_watch.cli.common import print_json, print_json_stream

    for docs, tail in (([], None), ([], {"stored": {"new": 0}}), ([{"id": "a", "relations": []}, {"id": "b"}], None)):
        print_json({"documents": docs, **(tail or {})})
        whole = capsys.readouterr().out
        print_json_stream("documents", iter(docs), (lambda: tail) if tail else None)
        assert capsys.readouterr().out == whole


def test_claims_stored_per_batch_count_as_one_run(tmp_path):
    from coalition_watch import api

    path = _jsonl(tmp_path, 9)
    one = api.open_default_store(tmp_path / "one.duckdb", kb_dir=SMALL_KB)
    whole = extract_api.extract_paths([path], store=one, save=True, workers=1)
    batched = api.open_default_store(tmp_path / "batched.duckdb", kb_dir=SMALL_KB)
    run = extract_api.ExtractionRun([path], store=batched, save=True, workers=1, batch_size=2)
    docs = list(run)
    assert run.stored == whole["stored"] and run.stored["documents"] == 9
    assert run.stored["new_group_names"] >= 1  # a name in three documents counts once, as in one batch
    assert docs == whole["documents"]
    for store in (one, batched):
        store.close()


def test_human_output_sums_up_documents_beyond_the_first(tmp_path, monkeypatch):
    from coalition_watch.cli import extract as cli_extract

    monkeypatch.setattr(cli_extract, "DETAIL_DOCUMENTS", 3)
    result = CliRunner().invoke(app, ["extract", str(_jsonl(tmp_path, 11)), "--workers", "1",
                                      "--db", str(_store_file(tmp_path))], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "d2: " in result.stdout and "d3: " not in result.stdout
    assert "8 more documents (d3 … d10), summed up; --json gives every document in full" in result.stdout
    summary = result.stdout[result.stdout.index("8 more documents"):]
    assert "alliance" in summary and not any(f"d{i}: " in result.stdout for i in range(3, 11))


def test_extract_without_store_leaves_the_store_to_other_processes(tmp_path, monkeypatch):
    """While extracting, another process can open the same store for writing (it failed with
    "Conflicting lock is held" when extract kept a read-write connection for the whole run)."""
    db, path = _store_file(tmp_path), _jsonl(tmp_path, 3)
    other = []

    def open_elsewhere(n):
        if n == 1:
            other.append(subprocess.run([sys.executable, "-c", f"import duckdb; duckdb.connect({str(db)!r}).close()"],
                                        capture_output=True, text=True))
    monkeypatch.setattr(extract_api, "extract_parallel", _watching(open_elsewhere))
    result = CliRunner().invoke(app, ["extract", str(path), "--json", "--workers", "1", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert other[0].returncode == 0, other[0].stderr


def test_extract_without_store_prepares_a_new_store_first(tmp_path):
    """A store without its knowledge base is prepared first; a missing one is refused, not created
    (only ``extract --store``, which writes claims, creates a store)."""
    from coalition_watch import api
    from coalition_watch.cli.common import StoreMissing

    db = tmp_path / "new.duckdb"
    missing = CliRunner().invoke(app, ["extract", str(_jsonl(tmp_path, 1)), "--json", "--db", str(db)])
    assert isinstance(missing.exception, StoreMissing) and not db.exists()
    assert str(missing.exception) == f"no store at {db} (create it with: cwatch init --db {db})"
    api.init_store(db).close()  # migrated, no knowledge base yet
    result = CliRunner().invoke(app, ["extract", str(_jsonl(tmp_path, 1)), "--json", "--db", str(db)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["documents"][0]["relations"]  # the embedded KB was loaded
    from coalition_watch.store import open_store

    with open_store(db, read_only=True) as store:
        assert store.pending_migrations() == []


def test_read_only_open_refuses_a_missing_or_unmigrated_store(tmp_path):
    import duckdb

    from coalition_watch.store import StoreNotReady, open_store

    with pytest.raises(StoreNotReady, match="does not exist"):
        open_store(tmp_path / "none.duckdb", read_only=True)
    duckdb.connect(str(tmp_path / "old.duckdb")).close()
    with pytest.raises(StoreNotReady, match="needs migrations"):
        open_store(tmp_path / "old.duckdb", read_only=True)


def test_workers_are_given_a_bounded_number_of_chunks_ahead():
    """Results are not left to pile up when the caller is slower than the workers."""
    submitted = []

    class Pool:
        def apply_async(self, fn, args):
            submitted.append(args[0][0])

            class Done:
                def get(self):
                    return fn(*args)
            return Done()

    pipeline._WORKER = None
    chunks = [[(f"d{i}", "")] for i in range(20)]
    results = pipeline._in_order(Pool(), chunks, window=3)
    original = pipeline._work
    try:
        pipeline._work = lambda task: (task[0], task[1])
        first = next(results)
        assert first[0] == 0 and len(submitted) == 4
        assert [index for index, _ in results] == list(range(1, 20))
    finally:
        pipeline._work = original
