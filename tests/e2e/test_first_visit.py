"""A fresh server's very first visitor: never Streamlit's old `pages/` menu of file names.

Until `st.navigation` has run once in a process, Streamlit serves the `pages/` folder in its
old multipage mode, and the browser drew that mode's menu ("app, account, briefing, data, ...")
over an empty page until the first run ended (review 2, item 1: 4-8 s on a busy server).
`client.showSidebarNavigation = false` in .streamlit/config.toml hides only that menu.
"""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from e2e.conftest import idle
from lib import nav
from lib.i18n import t

# Everything the page's sidebar menu shows, from the first byte on (a MutationObserver that the
# browser installs before the app's own script runs).
RECORD_MENU = """
window.__menus = [];
new MutationObserver(() => {
  document.querySelectorAll('[data-testid="stSidebarNav"]').forEach((el) => {
    window.__menus.push(el.innerText);
  });
}).observe(document, {subtree: true, childList: true, characterData: true});
"""
FILE_NAMES = {Path(p.path).stem for p in nav.PAGES} | {"app"}


def test_a_fresh_servers_first_visitor_never_sees_a_menu_of_file_names(tab, fresh_app_url):
    tab.add_init_script(RECORD_MENU)
    tab.goto(f"{fresh_app_url}/explore?lang=vi")
    expect(tab.get_by_role("heading", name=t("explore.title", "vi"))).to_be_visible()
    idle(tab)
    menus = tab.evaluate("window.__menus")
    shown = {line.strip() for text in menus for line in text.splitlines() if line.strip()}
    assert not shown & FILE_NAMES, f"the old pages/ menu was drawn: {sorted(shown & FILE_NAMES)}"
    # The app's own menu is there, in the visitor's language.
    expect(tab.get_by_test_id("stSidebarNav").get_by_text(t("nav.simulate", "vi"))).to_be_visible()
    assert t("nav.simulate", "vi") in shown
