"""Many visitors at once: 16 sessions on a real server, each on its own page with its own
filters, language and scenario, all reading one shared store. No session errs, and each one
reads exactly what it reads when it is the only visitor.

A real `streamlit run app.py` and Streamlit's own websocket protocol (the crowd benchmark's
client), so nothing of Streamlit is patched: sessions run in the server's threads as they do
for browsers.
"""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from benchmarks import crowd
from lib import i18n

# (page, URL query parameters): different pages, filters, languages and scenarios.
SESSIONS = [
    ("overview", {"lang": "vi", "year": "2023"}),
    ("overview", {"lang": "en", "year": "2023"}),
    ("overview", {"lang": "vi", "year": "2024"}),
    ("explore", {"lang": "vi", "field": "labour"}),
    ("explore", {"lang": "en", "field": "social", "measure": "actual"}),
    ("explore", {"lang": "vi", "indicator": "jobs_created"}),
    ("simulate", {"lang": "vi", "growth_pct": "-15.0", "cv_pct": "10.0"}),
    ("simulate", {"lang": "vi", "growth_pct": "0.0", "cv_pct": "20.0"}),
    ("simulate", {"lang": "en", "growth_pct": "-12.5", "cv_pct": "5.0", "seed": "7"}),
    ("simulate", {"lang": "en", "growth_pct": "3.0", "pov_exit_pct": "30.0"}),
    ("briefing", {"lang": "vi", "year": "2023", "field": "labour"}),
    ("briefing", {"lang": "en", "year": "2023", "field": "social"}),
    ("briefing", {"lang": "vi", "year": "2023", "field": "merit"}),
    ("data", {"lang": "vi"}),
    ("data", {"lang": "en"}),
    ("overview", {"lang": "en", "year": "2024"}),
]
LINKS = [(page, urlencode(params)) for page, params in SESSIONS]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    state = tmp_path_factory.mktemp("state")
    with crowd.Server(crowd.APP, {"CHITIEU_STATE_DIR": str(state)}, start_timeout_s=180) as s:
        yield s


def alone(server, index: int) -> crowd.Visit:
    return crowd.run(crowd.visit(server.url, *LINKS[index], timeout_s=300))


def test_sixteen_sessions_at_once_see_what_each_sees_alone(server):
    by_itself = [alone(server, i) for i in range(len(LINKS))]
    assert any("25.953" in text for text in by_itself[0].texts)
    assert any("25,953" in text for text in by_itself[1].texts)
    for link, v in zip(LINKS, by_itself, strict=True):
        assert not v.errors, (link, v.errors)
        assert v.texts, link
    together = crowd.run(crowd.visit_all(server.url, LINKS, timeout_s=300))
    for link, v, v_alone in zip(LINKS, together, by_itself, strict=True):
        assert not v.errors, (link, v.errors)
        assert figures(v.texts) == figures(v_alone.texts), link


def figures(texts: list[str]) -> list[str]:
    """What a session reads, without the link notice: whether a link's dropped value (`year=2024`
    has no actuals) is announced depends on when Streamlit's own URL binding sees it first
    (noted on issue 10), not on who else is visiting."""
    notice = (
        i18n.t("url.ignored", "vi", keys="").split("(")[0],
        i18n.t("url.ignored", "en", keys="").split("(")[0],
    )
    return [t for t in texts if not t.removeprefix("alert: ").startswith(notice)]


@pytest.mark.parametrize("index", [6, 8])
def test_scenarios_differ_so_a_mixup_would_show(server, index):
    """Guard against a vacuous comparison: two simulator sessions show different numbers."""
    assert alone(server, index).texts != alone(server, 7).texts
