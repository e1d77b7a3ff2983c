"""Links in a real browser: a value the page cannot use is named on every visit, and a link
with the explorer's filters opens that view (the URL keeps ids, the table says its filters)."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from lib.i18n import t


def idle(tab) -> None:
    expect(tab.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")


@pytest.mark.parametrize("visit", range(6))
def test_a_dropped_year_is_named_on_every_visit(tab, app_url, visit):
    """`?year=2024` has no actuals: the notice on each visit. (It was reported missing on about
    one visit in three while the year was bound with Streamlit's `bind="query-params"` and the
    page reran to drop it; ui.url_widget drops it in the same run, with no rerun.)"""
    tab.goto(f"{app_url}/?lang=en&year=2024")
    expect(tab.get_by_text("25,953").first).to_be_visible()
    idle(tab)
    tab.wait_for_timeout(1500)  # a late rerun from the browser would have cleared it by now
    notice = t("url.ignored", "en", keys="year")
    expect(tab.get_by_text(notice)).to_have_count(1)
    assert "year" not in parse_qs(urlsplit(tab.url).query)


def test_a_link_opens_the_explorers_filters(tab, app_url, artifacts):
    tab.goto(f"{app_url}/explore?lang=en&field=labour&period=2023&period=2023")
    expect(tab.get_by_text("Figures filtered by: Field: Labour; Year: 2023").first).to_be_visible()
    idle(tab)
    tab.screenshot(path=artifacts / "explore-filtered-en.png", full_page=True)
    assert parse_qs(urlsplit(tab.url).query) == {
        "lang": ["en"],
        "field": ["labour"],
        "period": ["2023", "2023"],
    }
