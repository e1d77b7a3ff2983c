"""What a visitor sees in a real browser (Chromium, headless, no network)."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from e2e.conftest import go, idle, serve_with_users, sign_in
from lib.i18n import t

# (url path, text the page shows once drawn, in Vietnamese)
PAGES = [
    ("overview", "25.953"),
    ("explore", t("explore.title", "vi")),
    ("simulate", t("simulate.probability", "vi")),
    ("data", t("data.title", "vi")),
    ("briefing", "25.953"),
]


def metric_value(tab, label: str) -> str:
    """The value of the metric whose label is `label` (as a visitor reads it)."""
    card = tab.get_by_test_id("stMetric").filter(has=tab.get_by_text(label, exact=True)).first
    return card.get_by_test_id("stMetricValue").inner_text()


def no_exception(tab) -> None:
    expect(tab.get_by_test_id("stException")).to_have_count(0)


@pytest.mark.parametrize(("path", "text"), PAGES)
def test_each_page_draws_and_is_saved_as_a_screenshot(tab, app_url, artifacts, path, text):
    tab.goto(f"{app_url}/{path}?lang=vi")
    expect(tab.get_by_text(text).first).to_be_visible()
    idle(tab)
    no_exception(tab)
    shot = artifacts / f"{path}-vi.png"
    tab.screenshot(path=shot, full_page=True)
    assert shot.stat().st_size > 10_000


def test_overview_link_in_english_shows_english_numbers(tab, app_url, artifacts):
    tab.goto(f"{app_url}/?lang=en")
    expect(tab.get_by_text("25,953").first).to_be_visible()
    expect(tab.get_by_text("25.953")).to_have_count(0)
    tab.screenshot(path=artifacts / "overview-en.png", full_page=True)


def test_overview_shows_vietnamese_numbers_then_english_after_the_switch(tab, app_url):
    tab.goto(f"{app_url}/?lang=vi")
    expect(tab.get_by_text("25.953").first).to_be_visible()
    idle(tab)
    tab.get_by_role("radio", name="English").click()
    expect(tab.get_by_text("25,953").first).to_be_visible(timeout=15_000)
    expect(tab.get_by_text("25.953")).to_have_count(0)
    assert "lang=en" in tab.url


PROB = "Khả năng đạt chỉ tiêu"
GROWTH = "Tăng trưởng so với mốc so sánh (%)"


def growth_slider(tab):
    return (
        tab.get_by_test_id("stSlider").filter(has=tab.get_by_text(GROWTH, exact=True)).get_by_role("slider")
    )


def test_moving_the_growth_slider_changes_the_probability_and_the_link_keeps_it(
    chromium, tab, app_url, artifacts
):
    tab.goto(f"{app_url}/simulate?lang=vi")
    expect(tab.get_by_text(PROB, exact=True).first).to_be_visible()
    idle(tab)
    before = metric_value(tab, PROB)
    slider = growth_slider(tab)
    slider.focus()
    slider.press("Home")  # growth -50%: far below the target
    expect(
        tab.get_by_test_id("stMetric").filter(has=tab.get_by_text(PROB, exact=True)).first
    ).not_to_contain_text(before)
    after = metric_value(tab, PROB)
    assert re.fullmatch(r"\d+(,\d)?%", after), after
    assert after != before
    no_exception(tab)
    tab.screenshot(path=artifacts / "simulate-moved-vi.png", full_page=True)
    expect(tab).to_have_url(re.compile(r"growth_pct=-50"))

    # The address is the share link: a new visitor opening it sees the same scenario.
    other = chromium.new_context(viewport={"width": 1400, "height": 1000}).new_page()
    try:
        other.goto(tab.url)
        expect(other.get_by_text(PROB, exact=True).first).to_be_visible()
        assert metric_value(other, PROB) == after
        thumb = other.get_by_test_id("stSlider").filter(has=other.get_by_text(GROWTH, exact=True))
        assert thumb.get_by_test_id("stSliderThumbValue").inner_text() == "-50.0"
    finally:
        other.context.close()


BROKEN = (
    "indicator_id,area,period,measure,value\n"
    "jobs_created,province,2023-13,actual,25953\n"
    "jobs_created,province,2023,actual,nhiều\n"
).encode()


@pytest.fixture
def planner_url(tmp_path):
    """A server whose state database has one planner, "lan" (uploads are a planner's)."""
    with serve_with_users(tmp_path, {"lan": "planner"}) as url:
        yield url


def test_a_broken_upload_shows_its_errors_and_loads_nothing(tab, planner_url, artifacts):
    app_url = planner_url
    sign_in(tab, app_url, "lan")
    go(tab, "data")  # through the sidebar: the same session, still signed in
    expect(tab.get_by_text(t("data.title", "vi")).first).to_be_visible()
    tab.locator("input[type=file]").set_input_files(
        files=[{"name": "broken.csv", "mimeType": "text/csv", "buffer": BROKEN}]
    )
    expect(tab.get_by_text(t("data.errors", "vi", count=2)).first).to_be_visible()
    no_exception(tab)
    tab.screenshot(path=artifacts / "data-broken-upload-vi.png", full_page=True)
    tab.goto(f"{app_url}/?lang=vi")
    expect(tab.get_by_text("25.953").first).to_be_visible()  # the bundled figures still stand


def test_a_share_link_as_a_fresh_servers_first_request_opens_its_page_in_its_language(tab, fresh_app_url):
    # Streamlit serves a pages/ folder in its old multipage mode until st.navigation first runs:
    # without lib.ui's fix this link ran the page without app.py (no language switch, raw sidebar).
    tab.goto(f"{fresh_app_url}/explore?lang=en&field=social")
    expect(tab.get_by_role("heading", name=t("explore.title", "en"))).to_be_visible()
    idle(tab)
    expect(tab.get_by_role("radio", name="English")).to_be_checked()
    expect(tab.get_by_test_id("stSidebarNav").get_by_text(t("nav.simulate", "en"))).to_be_visible()
    assert "field=social" in tab.url
