"""The briefing file and the web app in Debian's Chromium, with every non-local request aborted."""

from __future__ import annotations

import pytest

from coalition_watch.outputs.briefing import build_briefing
from coalition_watch.outputs.html import write_briefing_file
from tests.web.conftest import ARTIFACTS, PENDING_ID

pytestmark = pytest.mark.slow


def click_node(page, node_id: str) -> None:
    """Click a graph node where Cytoscape drew it on the canvas."""
    page.wait_for_function("window.cwatch && window.cwatch.cy")
    point = page.evaluate(
        "(id) => { const n = window.cwatch.cy.getElementById(id); const p = n.renderedPosition();"
        " const box = document.getElementById('cy').getBoundingClientRect(); return [box.x + p.x, box.y + p.y]; }",
        node_id)
    page.mouse.click(point[0], point[1])


def assert_clean(browser, page) -> None:
    assert browser.blocked == [], f"requests left the machine: {browser.blocked[:5]}"
    assert page.evaluate("window.__pwned") is None, "injected script ran"
    assert page.locator("a[href^='javascript:']").count() == 0
    assert not [e for e in browser.errors if "dialog" in e or "pwned" in e], browser.errors


def test_briefing_file_works_offline(browser, served_store, tmp_path):
    path = write_briefing_file(build_briefing(served_store, "AFG", "2021-08-15", risk_months=2), tmp_path / "afg.html")
    assert path.stat().st_size < 5_000_000
    page = browser.page()
    page.goto(path.as_uri())
    click_node(page, "taliban")
    panel = page.locator("#evidence")
    panel.get_by_text("Taliban", exact=False).first.wait_for()
    assert "alliance" in panel.inner_text() and "Monitoring Team report" in panel.inner_text()
    assert page.locator("#map path.focus").count() == 1 and page.locator("#map polygon.capital").count() == 1
    assert page.locator("#map path.province").count() >= 30  # Afghanistan's provinces, outlined
    shaded = page.locator("#map path.province:not(.quiet)")
    assert sorted(shaded.nth(i).get_attribute("data-province") for i in range(shaded.count())) == ["AF.KB", "AF.KD"]
    assert page.locator("#map circle.admin1").count() == 0  # every event fell in a province
    assert page.locator("#events-plot .main-svg").count() >= 1
    page.screenshot(path=str(ARTIFACTS / "briefing-file.png"))
    page.locator("#sec-map").screenshot(path=str(ARTIFACTS / "briefing-map.png"))
    assert_clean(browser, page)
    assert browser.errors == []
    page.close()


def test_time_slider_hides_relations_not_yet_valid(browser, served_store, tmp_path):
    path = write_briefing_file(build_briefing(served_store, "AFG", "2021-08-15", risk_months=2), tmp_path / "afg.html")
    page = browser.page()
    page.goto(path.as_uri())
    page.wait_for_function("window.cwatch && window.cwatch.cy")
    visible = "() => window.cwatch.cy.edges().filter(e => e.style('display') !== 'none').length"
    at_fall = page.evaluate(visible)
    page.locator("#time-slider").fill("0")
    assert page.evaluate(visible) < at_fall
    page.close()


SHOWN = "(id) => window.cwatch.cy.getElementById(id).style('display') !== 'none'"
EDGE_SHOWN = ("([a, b]) => window.cwatch.cy.edges().filter(e => e.data('source') === a && e.data('target') === b)"
              ".some(e => e.style('display') !== 'none')")


def move_slider(page, month: str) -> None:
    """Move the time slider to the step of ``month`` (YYYY-MM), as a user dragging it does."""
    index = page.evaluate("(m) => window.cwatch.steps.findIndex(s => s.startsWith(m))", month)
    assert index >= 0, month
    page.locator("#time-slider").fill(str(index))
    assert page.locator("#time-label").inner_text() == month


def test_time_slider_hides_groups_outside_their_active_period(browser, served_store, tmp_path):
    """Nusra (2012-01 – 2016-07-27) became JFS (2016-07-28 – 2017-01-27), which merged into HTS
    (from 2017-01-28): at each date only the group active then is drawn, and hidden, not faded."""
    path = write_briefing_file(build_briefing(served_store, "SYR", "2017-06-30", risk_months=2), tmp_path / "syr.html")
    page = browser.page()
    page.goto(path.as_uri())
    page.wait_for_function("window.cwatch && window.cwatch.cy")
    shown = lambda: {i for i in ("jabhat-al-nusra", "jabhat-fatah-al-sham", "hts") if page.evaluate(SHOWN, i)}
    assert shown() == {"hts"}  # the briefing's own date
    for month, expected in (("2016-12", {"jabhat-fatah-al-sham"}), ("2016-07", {"jabhat-fatah-al-sham"}),
                            ("2016-06", {"jabhat-al-nusra"}), ("2017-01", {"hts"}), ("2015-03", {"jabhat-al-nusra"})):
        move_slider(page, month)
        assert shown() == expected, month
    move_slider(page, "2016-06")
    assert page.evaluate(EDGE_SHOWN, ["ahrar-al-sham", "jabhat-al-nusra"])
    assert page.evaluate("(id) => window.cwatch.cy.getElementById(id).style('opacity')", "jabhat-al-nusra") == "1"
    page.screenshot(path=str(ARTIFACTS / "briefing-slider-active-period.png"))
    page.close()

    # as of 2016-01-01 no group active only later is drawn, and the legend names none of their blocs
    path = write_briefing_file(build_briefing(served_store, "SYR", "2016-01-01", risk_months=2), tmp_path / "syr16.html")
    page = browser.page()
    page.goto(path.as_uri())
    page.wait_for_function("window.cwatch && window.cwatch.cy")
    assert shown() == {"jabhat-al-nusra"}
    drawn = page.evaluate("() => window.cwatch.cy.nodes().filter(n => n.style('display') !== 'none')"
                          ".map(n => [n.id(), n.data('from_date'), n.data('to_date')])")
    assert drawn and all((not f or f <= "2016-01-01") and (not t or t >= "2016-01-01") for _, f, t in drawn), drawn
    page.close()

    # a relation in force before one of its groups exists stays hidden with the group
    path = write_briefing_file(build_briefing(served_store, "AFG", "2021-08-15", risk_months=2), tmp_path / "afg.html")
    page = browser.page()
    page.goto(path.as_uri())
    page.wait_for_function("window.cwatch && window.cwatch.cy")
    assert page.evaluate(SHOWN, "ttp") and page.evaluate(EDGE_SHOWN, ["taliban", "ttp"])
    move_slider(page, "2007-06")  # the alliance is coded from 2007, the TTP from 2007-12
    assert not page.evaluate(SHOWN, "ttp") and not page.evaluate(EDGE_SHOWN, ["taliban", "ttp"])
    assert page.evaluate(SHOWN, "taliban")
    move_slider(page, "2007-12")
    assert page.evaluate(SHOWN, "ttp") and page.evaluate(EDGE_SHOWN, ["taliban", "ttp"])
    assert_clean(browser, page)
    assert browser.errors == []
    page.close()


def test_app_pages_offline_and_escaped(browser, live_server):
    page = browser.page()
    for path in ["/", "/search?q=taliban", "/groups/taliban", "/countries/AFG?as_of=2021-08-15",
                 "/coalitions/afg-2021", "/risk", "/review"]:
        response = page.goto(live_server + path)
        assert response.status == 200, path
        page.wait_for_load_state("networkidle")
        name = path.strip("/").split("?")[0].replace("/", "-") or "index"
        page.screenshot(path=str(ARTIFACTS / f"app-{name}.png"))
        assert_clean(browser, page)
    assert browser.errors == []
    page.goto(live_server + "/")
    page.locator("#q").fill("Pakistani")
    page.locator("#results a").first.wait_for()
    assert "Tehrik-i-Taliban Pakistan" in page.locator("#results").inner_text()
    page.close()


def test_accept_pending_claim_then_see_it_in_the_graph(browser, live_server):
    page = browser.page()
    page.goto(live_server + "/countries/AFG?as_of=2021-08-15")
    page.wait_for_function("window.cwatch && window.cwatch.cy")
    assert page.evaluate("(id) => window.cwatch.cy.getElementById(id).length", PENDING_ID) == 0
    page.goto(live_server + "/review")
    page.locator(f"#rev-{PENDING_ID} button.accept").click()  # no reviewer typed: the browser refuses
    page.wait_for_timeout(300)
    assert page.locator(f"#rev-{PENDING_ID}.done").count() == 0
    page.locator(f"#rev-{PENDING_ID} input[name=reviewer]").fill("browser-ana")
    page.locator(f"#rev-{PENDING_ID} textarea[name=note]").fill("seen in the browser")
    page.locator(f"#rev-{PENDING_ID} button.accept").click()
    page.locator(f"#rev-{PENDING_ID}.done").wait_for()
    audit = page.request.get(live_server + f"/api/review/audit?relation_id={PENDING_ID}").json()
    assert (audit[0]["reviewer"], audit[0]["note"], audit[0]["new_status"]) == ("browser-ana", "seen in the browser", "accepted")
    page.screenshot(path=str(ARTIFACTS / "app-review-accepted.png"))
    page.goto(live_server + "/countries/AFG?as_of=2021-08-15")
    page.wait_for_function("window.cwatch && window.cwatch.cy")
    assert page.evaluate("(id) => window.cwatch.cy.getElementById(id).length", PENDING_ID) == 1
    click_node(page, "lashkar-e-jhangvi")
    page.locator(f"#evidence [data-edge='{PENDING_ID}']").wait_for()
    assert "fought with the Taliban" in page.locator("#evidence").inner_text()
    page.screenshot(path=str(ARTIFACTS / "app-country-evidence.png"))
    assert_clean(browser, page)
    page.close()


def test_evidence_panel_names_an_extracted_claims_document(browser, small_store, tmp_path):
    """An accepted claim's source in the evidence panel: the page's title as a link, its
    publisher and date (a JSONL record); the file's name and path (a .txt file)."""
    import json

    from coalition_watch.extract import api as extract_api

    note = tmp_path / "kabul-note.txt"
    note.write_text("The Taliban provided weapons to the TTP in 2021.", encoding="utf-8")
    feed = tmp_path / "wire.jsonl"
    feed.write_text(json.dumps({"id": "lej-0721", "text": "Lashkar-e-Jhangvi fought alongside the Taliban in July 2021.",
                                "link": "https://news.example.org/lej", "title": "LeJ and the Taliban",
                                "published": "2021-07-20", "source": "Example Wire"}) + "\n", encoding="utf-8")
    extract_api.extract_paths([note, feed], store=small_store, save=True, workers=1)
    claims = {(r["source_id"], r["target_id"]): r["id"] for r in extract_api.review_list(small_store)}
    for pair in (("taliban", "ttp"), ("lashkar-e-jhangvi", "taliban")):
        extract_api.review_accept(small_store, claims[pair], reviewer="ana")
    path = write_briefing_file(build_briefing(small_store, "AFG", "2021-08-15", use=(), risk_months=2),
                               tmp_path / "afg.html")
    page = browser.page()
    page.goto(path.as_uri())
    click_node(page, "ttp")
    block = page.locator(f"#evidence [data-edge='{claims[('taliban', 'ttp')]}']")
    block.wait_for()
    assert "kabul-note.txt" in block.inner_text() and str(note) in block.inner_text()
    assert "doc:" not in block.inner_text()
    click_node(page, "lashkar-e-jhangvi")
    block = page.locator(f"#evidence [data-edge='{claims[('lashkar-e-jhangvi', 'taliban')]}']")
    block.wait_for()
    link = block.locator("a[href='https://news.example.org/lej']")
    assert link.inner_text() == "LeJ and the Taliban"
    assert "Example Wire, 2021-07-20" in block.inner_text()
    assert_clean(browser, page)
    page.close()
