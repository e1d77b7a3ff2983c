"""Opening a page the way a browser does, for the link, injection and error-boundary tests."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from lib import i18n

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_page(page: str, params: dict | None = None) -> AppTest:
    """Open `page` as a link `page?params` would: one run of app.py with its navigation (a page
    opened without app.py goes through it, `ui.enter_page`), as every browser request does."""
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.switch_page(page).run()


def url_notices(at: AppTest) -> list[str]:
    """The link notices on the page (in either language)."""
    starts = tuple(i18n.t("url.ignored", lang, keys="").split("(")[0] for lang in i18n.LANGS)
    return [i.value for i in at.info if i.value.startswith(starts)]


def boundary_messages(at: AppTest) -> list[str]:
    """The error boundary's messages on the page (in either language)."""
    starts = tuple(i18n.t("error.unexpected", lang, ref="").split(":")[0] for lang in i18n.LANGS)
    return [e.value for e in at.error if e.value.startswith(starts)]
