"""A crowd on a fresh server: twelve visitors open different links at the same moment, as when a
link is posted to a group, and every one of them gets its page without an exception.

A real `streamlit run app.py` (the first requests of a fresh process are where a half-imported
module or the old `pages/` mode would show), driven by the crowd benchmark's websocket client.
"""

from __future__ import annotations

import pytest

from benchmarks import crowd
from lib.i18n import t

# (URL path, query string, a text the page shows)
LINKS = [
    ("", "lang=vi", t("overview.title", "vi", year=2023)),
    ("overview", "lang=en&year=2023", t("overview.title", "en", year=2023)),
    ("explore", "field=labour", t("explore.title", "vi")),
    ("explore", "lang=en&field=social&measure=actual", t("explore.no_bullet", "en")),
    ("explore", "lang=en&indicator=jobs_created", t("explore.title", "en")),
    ("simulate", "seed=7", t("simulate.title", "vi", year=2024)),
    ("simulate", "lang=en&growth_pct=-12.5&cv_pct=5.0", t("simulate.title", "en", year=2024)),
    ("briefing", "field=social", t("briefing.title", "vi", year=2023)),
    ("briefing", "lang=en&year=2023&field=merit", t("field.merit", "en")),
    ("data", "", t("data.title", "vi")),
    ("data", "lang=en", t("data.title", "en")),
    ("", "year=2023&lang=en", t("overview.title", "en", year=2023)),
]


@pytest.fixture
def fresh_server(tmp_path):
    with crowd.Server(crowd.APP, {"CHITIEU_STATE_DIR": str(tmp_path / "state")}, start_timeout_s=180) as s:
        yield s


def test_twelve_visitors_at_once_on_a_fresh_server_see_their_pages(fresh_server):
    visits = crowd.run(crowd.visit_all(fresh_server.url, [(p, q) for p, q, _ in LINKS], timeout_s=300))
    for (page, query, text), v in zip(LINKS, visits, strict=True):
        assert not v.errors, (page, query, v.errors)
        assert any(text in shown for shown in v.texts), (page, query, text, v.texts[:5])
