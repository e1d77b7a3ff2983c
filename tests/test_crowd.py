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


def test_a_shared_chart_is_each_visitors_own_and_draws_the_same_chart(isolated_app):
    """A chart spec shared by a crowd (`ui.arrow_spec` inside `ui.shared`): Streamlit writes into
    the dict it is given, so each visitor gets a copy of their own, equal to the first."""
    import altair as alt
    import pandas as pd

    from lib import ui

    frame = pd.DataFrame(
        {"name": ["Lao động", '=HYPERLINK("x")', "Người có công"], "value": [25953.5, None, 3.0]}
    )
    chart = alt.Chart(frame).mark_bar().encode(x="value:Q", y="name:N", color=alt.Color("name:N", title=None))

    def build():
        return ui.arrow_spec(chart.to_dict(validate=False))

    first = ui.shared(None, "test.chart", (1,), build)
    first["encoding"]["color"]["title"] = " "  # as Streamlit patches a legend's title
    first["datasets"].clear()
    again = ui.shared(None, "test.chart", (1,), lambda: pytest.fail("computed twice"))
    assert again == build() and again["encoding"]["color"]["title"] is None
    assert all(isinstance(rows, bytes) for rows in again["datasets"].values()) and again["datasets"]


def _replayed_part(calls: list) -> None:
    import streamlit as st

    from lib import ui

    def draw() -> None:
        calls.append(1)
        st.markdown("**Lao động** 25.953 người", help="Nguồn: báo cáo")
        with st.columns(2)[1], st.container(border=True):
            st.caption('=HYPERLINK("x")')

    with st.container():
        ui.drawn_once(None, "test.part", ("vi", 2023), draw)
    st.button("Tải về", key="after")  # a widget after a replayed part keeps its place


def test_a_part_drawn_once_is_replayed_for_the_next_visitor_in_the_same_place(isolated_app):
    """`ui.drawn_once`: the second visitor sees the same elements, in the same containers, though
    nothing is drawn again."""
    from streamlit.testing.v1 import AppTest

    calls: list = []
    first = AppTest.from_function(_replayed_part, args=(calls,), default_timeout=30).run()
    second = AppTest.from_function(_replayed_part, args=(calls,), default_timeout=30).run()
    assert calls == [1]
    for at in (first, second):
        assert not at.exception
        assert [m.value for m in at.markdown] == ["**Lao động** 25.953 người"]
        assert [c.value for c in at.caption] == ['=HYPERLINK("x")']
        assert at.button[0].key == "after"
    assert str(first.main) == str(second.main)
