"""The app makes no outbound connection: every request a browser makes while opening each page
goes to the app's own server (a `:material/...` favicon once sent every visit to
fonts.gstatic.com)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from lib import nav

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


@pytest.mark.parametrize("page", [p.url_path for p in nav.PAGES])
def test_opening_a_page_asks_no_other_host(tab, app_url, page):
    asked: list[str] = []
    tab.on("request", lambda request: asked.append(request.url))
    tab.goto(f"{app_url}/{page}?lang=vi")
    expect(tab.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")
    tab.wait_for_timeout(1000)  # the favicon and fonts are asked for after the first paint
    outside = [
        u
        for u in asked
        if urlsplit(u).scheme in ("http", "https", "ws", "wss") and urlsplit(u).hostname not in LOCAL_HOSTS
    ]
    assert outside == []
