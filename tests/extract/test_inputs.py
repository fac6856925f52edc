import json

import pytest

from coalition_watch.errors import InputError
from coalition_watch.extract.readers import MAX_DOCUMENT_BYTES, read_documents

SENTENCE = "The Taliban provided weapons and training to the TTP in Kandahar."


def _tiny_pdf(*lines: str) -> bytes:
    """A minimal valid one-page PDF with lines of Helvetica text, one below the other."""
    shown = " 0 -14 Td ".join(f"({line}) Tj" for line in lines)
    stream = f"BT /F1 12 Tf 40 700 Td {shown} ET".encode("latin-1")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_pdf_input(tmp_path, extractor):
    path = tmp_path / "report.pdf"
    path.write_bytes(_tiny_pdf(SENTENCE))
    [doc] = read_documents([path])
    assert doc.id == "report" and "Taliban" in doc.text
    rels = extractor.extract(doc.id, doc.text).relations
    assert ("taliban", "ttp", "support") in {(r.source, r.target, r.type) for r in rels}


def test_pdf_text_wrapped_at_the_page_width_keeps_its_sentences(tmp_path, extractor):
    # a UN-report paragraph as pypdf extracts it: one line per printed line
    path = tmp_path / "wrapped.pdf"
    path.write_bytes(_tiny_pdf("Member States reported that in the border districts the Taliban",
                               "provided weapons and training to the TTP, whose fighters then",
                               "crossed into Pakistan to attack security forces in the region."))
    [doc] = read_documents([path])
    assert doc.text.count("\n") == 2  # the line breaks are there
    rels = extractor.extract(doc.id, doc.text).relations
    assert ("taliban", "ttp", "support") in {(r.source, r.target, r.type) for r in rels}


def test_pdf_name_broken_across_lines_at_its_hyphen_is_joined(tmp_path, extractor):
    path = tmp_path / "broken.pdf"
    path.write_bytes(_tiny_pdf("The Taliban provided weapons and training to the Tehrik-e-",
                               "Taliban Pakistan in Kandahar."))
    [doc] = read_documents([path])
    assert "Tehrik-e-Taliban Pakistan" in doc.text
    rels = extractor.extract(doc.id, doc.text).relations
    assert ("taliban", "ttp", "support") in {(r.source, r.target, r.type) for r in rels}


def test_html_input_uses_main_text(tmp_path, extractor):
    path = tmp_path / "article.html"
    path.write_text(f"""<html><head><title>Pakistan border report</title></head><body>
<nav><a href="/">Home</a> <a href="/world">World</a> ISIS news menu</nav>
<article><h1>Pakistan border report</h1><p>{SENTENCE}</p>
<p>Officials in Islamabad said the cross-border attacks had grown over the past year, and
that the camps near the border were expanding despite repeated raids by security forces.</p></article>
<footer>Copyright, all rights reserved</footer></body></html>""", encoding="utf-8")
    [doc] = read_documents([path])
    assert SENTENCE in doc.text
    assert "Copyright" not in doc.text
    rels = extractor.extract(doc.id, doc.text).relations
    assert ("taliban", "ttp", "support") in {(r.source, r.target, r.type) for r in rels}


def test_jsonl_input_from_dev_corpus(shared):
    docs = read_documents([shared / "corpus/dev.jsonl"])
    assert len(docs) >= 10 and all(d.text for d in docs)


@pytest.mark.parametrize("content,message", [
    (b"", "empty file"),
    (b"   \n\t ", "no text"),
    (bytes(range(256)) * 64, "binary content"),
    (b"\xff\xfe caf\xe9 \xe9t\xe9 " * 10, "not UTF-8"),
])
def test_malformed_text_inputs(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=message) as info:
        read_documents([path])
    assert "bad.txt" in str(info.value)


def test_oversized_text_gets_clear_message(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as handle:
        handle.write(b"The Taliban supported the TTP. " * (50 * 1024 * 1024 // 31 + 1))
    assert path.stat().st_size >= 50 * 1024 * 1024 > MAX_DOCUMENT_BYTES
    with pytest.raises(InputError, match="over the .* limit.*JSONL"):
        read_documents([path])


def test_bad_pdf_and_bad_jsonl(tmp_path):
    pdf = tmp_path / "fake.pdf"
    pdf.write_bytes(b"not a pdf at all")
    with pytest.raises(InputError, match="not a PDF"):
        read_documents([pdf])
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n garbage garbage")
    with pytest.raises(InputError, match="PDF"):
        read_documents([broken])
    jsonl = tmp_path / "docs.jsonl"
    jsonl.write_text(json.dumps({"id": "a", "text": "x"}) + "\n{not json\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"docs.jsonl:2"):
        read_documents([jsonl])
    jsonl.write_text(json.dumps({"id": "a", "body": "x"}) + "\n", encoding="utf-8")
    with pytest.raises(InputError, match="field 'text'"):
        read_documents([jsonl])
    html = tmp_path / "empty.html"
    html.write_text("<html><head><script>var x = 1;</script></head><body></body></html>", encoding="utf-8")
    with pytest.raises(InputError, match="no main text"):
        read_documents([html])


def test_cli_reports_bad_input_in_one_line(tmp_path):
    import subprocess
    import sys

    from coalition_watch import api
    from tests.conftest import SMALL_KB

    store = api.init_store(tmp_path / "s.duckdb")
    api.load_kb(store, SMALL_KB)
    store.close()
    path = tmp_path / "junk.bin"
    path.write_bytes(b"\x00\x01\x02" * 100)
    run = subprocess.run([sys.executable, "-m", "coalition_watch.cli", "extract", str(path), "--db",
                          str(tmp_path / "s.duckdb")], capture_output=True, text=True)
    assert run.returncode == 2
    assert run.stderr.strip().count("\n") == 0 and "binary content" in run.stderr
