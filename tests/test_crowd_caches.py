"""What a crowd shares and what it must not (issue 11): each run asks for its data and user once
(`ui.begin_run`), results of the data and the view are kept once per process (`ui.shared`), and
chart data leaves as Arrow built once (`ui.arrow_spec`).

Two sessions are driven in turn in one process, as a server's threads serve them: one
planner's draft and role never reach another visitor, and a role change or a publication made
meanwhile shows on the next run of a session that is already open.
"""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import pyarrow as pa
import pytest
from fixtures import APP, ROOT, act_as
from streamlit.testing.v1 import AppTest

from lib import nav, settings, ui
from lib.data import store
from lib.literal import plain
from lib.state import access, datasets, statedb

PLAN = "Chỉ tiêu,Năm,Kế hoạch\nLượt lao động được tạo việc làm mới,2023,{plan}\n"


def overview(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def figures(at: AppTest) -> str:
    return at.dataframe[0].value.to_csv(index=False)


def draft_banner(at: AppTest) -> list[str]:
    return [plain(w.value) for w in at.warning if plain(w.value).startswith("Bản nháp")]


def save_draft(plan: int, by: access.User) -> str:
    """A planner's upload saved as a draft, the way the Data page saves it."""
    repo = datasets.DiskRepo(settings.state_dir() / "datasets", statedb.connect())
    con = store.open_dir(settings.BUNDLED_DATA_DIR).cursor()
    data = PLAN.format(plan=plan).encode()
    pv = datasets.preview(data, f"kh-{plan}.csv", con)
    assert pv.ok
    return datasets.accept(repo, by, pv, data, f"kh-{plan}.csv", con).id


def session(role: str | None = None, name: str | None = None, version: str | None = None) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    if role:
        act_as(at, role, name)
    if version:
        at.session_state[ui.VIEW_KEY] = version  # what the Data page's "view this draft" leaves
    return at.switch_page("pages/overview.py")


def test_a_planners_draft_and_role_stay_in_their_session_and_changes_show_on_the_next_run(isolated_app):
    planner = session("planner", "lan")
    version = save_draft(22200, access.User("lan", "planner", "local"))
    planner.session_state[ui.VIEW_KEY] = version
    visitor = session()
    for _ in range(2):  # in turn, twice: nothing one run learnt reaches the other session
        overview(planner)
        assert ",22.200 người," in figures(planner) and len(draft_banner(planner)) == 1
        overview(visitor)
        assert "khoảng 22.200 người" in figures(visitor) and draft_banner(visitor) == []
        assert not any("lan" in plain(c.value) for c in visitor.sidebar.caption)

    statedb.connect().set_role("lan", "viewer", by="duyet")  # an approver, in another session
    overview(planner)  # the same session, its next run: a viewer now, so no draft
    assert "khoảng 22.200 người" in figures(planner) and draft_banner(planner) == []

    repo = datasets.DiskRepo(settings.state_dir() / "datasets", statedb.connect())
    repo.publish(access.User("duyet", "approver", "local"), version, "publish")
    overview(visitor)  # already open: the publication shows on its next run
    assert ",22.200 người," in figures(visitor)
    assert any(plain(c.value).startswith("Số liệu đã công bố: phiên bản v0001") for c in visitor.caption)


def test_a_sign_out_in_one_session_leaves_the_other_signed_in(isolated_app):
    one, two = session("approver", "duyet"), session("planner", "lan")
    overview(one), overview(two)
    one.session_state[ui.SESSION_TOKEN] = None  # signed out: the token is gone from this session
    overview(one), overview(two)
    assert not any("duyet" in plain(c.value) for c in one.sidebar.caption)
    assert any("lan" in plain(c.value) for c in two.sidebar.caption)


def test_a_shared_result_is_each_callers_own_copy(isolated_app):
    frame = pd.DataFrame({"area": ["a", "b"], "value": [1.0, 2.0]})
    got = ui.shared(None, "test.copy", (1,), lambda: {"table": frame, "rows": [1, 2]})
    got["table"].loc[0, "value"] = 99.0
    got["table"]["extra"] = 1
    got["rows"].append(3)
    again = ui.shared(None, "test.copy", (1,), lambda: pytest.fail("computed twice"))
    assert again["table"].to_dict("list") == {"area": ["a", "b"], "value": [1.0, 2.0]}
    assert again["rows"] == [1, 2]


def test_a_shared_list_or_dict_of_names_is_each_callers_own_copy(isolated_app):
    """Flat lists and dicts (thousands of areas and their names on national data) are copied in
    one step: still a copy of each caller's own."""
    value = {"areas": ["all", "p01", "c00004"], "names": {"p01": "Thành phố Hà Nội", "c00004": None}}
    got = ui.shared(None, "test.flat", (), lambda: value)
    got["areas"].append("c99999")
    got["names"]["p01"] = "=HYPERLINK()"
    again = ui.shared(None, "test.flat", (), lambda: pytest.fail("computed twice"))
    assert again == {"areas": ["all", "p01", "c00004"], "names": {"p01": "Thành phố Hà Nội", "c00004": None}}
    assert value["areas"] == ["all", "p01", "c00004"]


@pytest.mark.parametrize(("first", "second"), [(1, True), (1, 1.0), ("1", 1), ((1,), [1])])
def test_shared_results_tell_equal_looking_arguments_apart(isolated_app, first, second):
    assert ui.shared(None, "test.keys", (first,), lambda: "first") == "first"
    assert ui.shared(None, "test.keys", (second,), lambda: "second") == "second"


def test_unhashable_arguments_are_still_shared(isolated_app):
    calls = []
    for _ in range(2):
        ui.shared(None, "test.unhashable", ({"a": {1, 2}},), lambda: calls.append(1))
    assert calls == [1]


def _draw(spec: dict) -> None:
    import streamlit as st

    st.vega_lite_chart(spec, width="stretch")


def _chart_tables(spec: dict) -> list[tuple[str, list]]:
    """The datasets of the chart message Streamlit builds for `spec`, decoded."""
    at = AppTest.from_function(_draw, default_timeout=30, args=(spec,)).run()
    assert not at.exception
    (chart,) = at.get("arrow_vega_lite_chart") or at.get("vega_lite_chart")
    spec = json.loads(chart.proto.spec)
    assert "datasets" not in spec
    return [(d.name, pa.ipc.open_stream(d.data.data).read_all().to_pylist()) for d in chart.proto.datasets]


def test_chart_data_built_once_as_arrow_reaches_the_browser_as_streamlit_would_send_it():
    frame = pd.DataFrame(
        {"name": ["Lao động", "Người có công", '=HYPERLINK("x")'], "value": [25953.5, None, 3.0]}
    )
    chart = alt.Chart(frame).mark_bar().encode(x="value:Q", y="name:N")
    spec = chart.to_dict(validate=False)
    ready = ui.arrow_spec(spec)
    assert all(isinstance(rows, bytes) for rows in ready["datasets"].values())
    assert all(isinstance(rows, list) for rows in spec["datasets"].values())  # the input is untouched
    assert _chart_tables(ready) == _chart_tables(spec)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_explore_tables_read_as_the_charts_style_says(lang):
    from lib.report import charts

    frame = pd.DataFrame(
        {"Chỉ tiêu": ["a", "b", "c", "d"], "Giá trị": [25953.0, 169.7049, None, -0.0], "Số": [1, 2, 3, 4]}
    )
    ours, theirs = ui.styled(frame, lang), charts.styled(frame, lang)
    assert ours.set_uuid("t").to_html() == theirs.set_uuid("t").to_html()
    assert ours.data.equals(frame)  # the cells stay numbers


@pytest.mark.parametrize("script", ["app.py", *(p.path for p in nav.PAGES)])
def test_no_script_relies_on_magic_which_is_off(script):
    """Streamlit's "magic" (a bare expression written to the page) is off in the server's
    settings: Streamlit rewrote every script's syntax tree for it whenever it compiled them again
    after the last session had gone, a stall a crowd's next visitors waited on (py-spy). So no
    script may hold an expression magic would have drawn (Streamlit's own rewrite finds none)."""
    import ast
    import tomllib

    from streamlit.runtime.scriptrunner import magic

    config = tomllib.loads((ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8"))
    assert config["runner"]["magicEnabled"] is False
    path = ROOT / script
    rewritten = ast.unparse(magic.add_magic(path.read_text(encoding="utf-8"), str(path)))
    assert "transparent_write" not in rewritten
