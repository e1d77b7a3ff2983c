"""Every page renders through the app's navigation without an exception (AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = [
    "pages/overview.py",
    "pages/explore.py",
    "pages/simulate.py",
    "pages/data.py",
    "pages/briefing.py",
]


def open_app(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def page_text(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.title]
    parts += [str(df.value.to_dict()) for df in at.dataframe]
    parts += [str(m.value) for m in at.metric]
    return "\n".join(parts)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_renders(isolated_app, page, lang):
    at = open_app(lang=lang)
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]


def test_overview_shows_2023_jobs_in_vietnamese_style(isolated_app):
    at = open_app()
    assert not at.exception
    text = page_text(at)
    assert "25.953" in text
    assert "117%" in text
