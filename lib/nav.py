"""The app's pages, declared once: file, title key, URL path, icon.

`app.py` builds its navigation from this list (through `lib.ui.navigation`), and so do the
tests, the benchmarks and the tools. `unknown_path` tells a link to a page that does not exist
(Streamlit then runs the default page, and says so only in English in its own dialog). Plain
data: never imports Streamlit.
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import unquote, urlsplit


class PageSpec(NamedTuple):
    path: str  # the script, relative to app.py
    title_key: str  # UI catalogue key of the page's title
    url_path: str  # "/<url_path>" opens the page
    icon: str


PAGES = [
    PageSpec("pages/overview.py", "nav.overview", "overview", ":material/dashboard:"),
    PageSpec("pages/explore.py", "nav.explore", "explore", ":material/query_stats:"),
    PageSpec("pages/simulate.py", "nav.simulate", "simulate", ":material/tune:"),
    PageSpec("pages/data.py", "nav.data", "data", ":material/upload_file:"),
    PageSpec("pages/briefing.py", "nav.briefing", "briefing", ":material/slideshow:"),
    PageSpec("pages/places.py", "nav.places", "places", ":material/map:"),
    # Sign-in, who is signed in, and (approvers) managing users; last, as an account menu is.
    PageSpec("pages/account.py", "account.title", "account", ":material/account_circle:"),
]
# The first page is the front page, served at "/". A default page still reserves a path name,
# so it takes HOME_URL_PATH and a hidden twin serves "/<its url_path>" links.
HOME_URL_PATH = "home"


def by_url_path(url_path: str) -> PageSpec:
    return next(p for p in PAGES if p.url_path == url_path)


def unknown_path(url: str | None, chosen_url_path: str, base_url_path: str = "") -> bool:
    """Whether the browser asked for a page the app does not have: `st.navigation` then runs the
    default page (`chosen_url_path` "", as `st.Page.url_path` gives it), while the address
    (`st.context.url`, without its query) still names a path below the app's own
    (`server.baseUrlPath`). Any other page, the app's root, an address outside the base path, or no
    address known: False."""
    if not url or chosen_url_path:
        return False
    path = [part for part in unquote(urlsplit(url).path).split("/") if part]
    base = [part for part in base_url_path.split("/") if part]
    return path[: len(base)] == base and len(path) > len(base)
