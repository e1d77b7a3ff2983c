"""Odd links: every key a page reads from the URL, with values nobody should send, falls back to
the page's default with a short notice, never an exception (AppTest through app.py)."""

from __future__ import annotations

import pytest
from fixtures import APP, boundary_messages, open_page, url_notices
from streamlit.testing.v1 import AppTest

from lib import filters, nav, ui
from lib.models import sim_setup as sim

# The keys each page reads from its URL (widget keys bound to it included).
PAGE_KEYS = {
    "pages/overview.py": ["lang", "year", "area"],
    "pages/explore.py": ["lang", "field", "indicator", "area", "measure", "provenance", "period", "series"],
    "pages/briefing.py": ["lang", "year", "area", "field"],
    "pages/simulate.py": ["lang", "area", "indicator", "baseline", "profile", "weights", *sim.INPUTS],
    "pages/data.py": ["lang"],
    "pages/places.py": ["lang", "place", "place_indicator", "place_year"],
    "pages/account.py": ["lang"],
}
# Every page, the places page included: on the bundled data it draws no widget (no communes; its
# links with communes are tested on national data in test_places.py), but still names a link's
# place, indicator or year it cannot use before it stops.
ODD_LINK_PAGES = list(PAGE_KEYS)
NASTY = {
    "huge": "1e309",
    "nan": "nan",
    "negative": "-1",
    "empty": "",
    "long": "9" * 5000,
    "non_ascii": "Hà Nội ☃",
    "repeated": ["2023", "2023"],
    "unknown": "no_such_id",
}
# Values a key may really hold: free text for the month weights, a fall for growth, a period
# range of one period.
USABLE = {("growth_pct", "negative"), ("period", "repeated")}
USABLE |= {("weights", n) for n in NASTY if n not in ("long", "repeated")}


def check(at, fixed: list[str]) -> None:
    assert not at.exception, [e.value for e in at.exception]
    assert not boundary_messages(at)
    notices = url_notices(at)
    if fixed:
        assert len(notices) == 1, notices
        for key in fixed:
            assert key in notices[0]
    else:
        assert notices == []


@pytest.mark.parametrize("value", list(NASTY))
@pytest.mark.parametrize(
    ("page_path", "key"), [(page, key) for page in ODD_LINK_PAGES for key in PAGE_KEYS[page]], ids=str
)
def test_a_nasty_value_falls_back_with_a_notice(isolated_app, page_path, key, value):
    at = open_page(page_path, {key: NASTY[value]})
    check(at, [] if (key, value) in USABLE else [key])


@pytest.mark.parametrize("page_path", ODD_LINK_PAGES)
@pytest.mark.parametrize("value", ["-1e309", "inf", "1e26", "0x10", " 1", "1_000"])
def test_every_key_at_once(isolated_app, page_path, value):
    keys = PAGE_KEYS[page_path]
    at = open_page(page_path, dict.fromkeys(keys, value))
    check(at, [k for k in keys if k != "weights"])


@pytest.mark.parametrize(
    ("key", "value"), [("seed", "1e309"), ("pov_households", "1e309"), ("seed", "-1"), ("cv_pct", "41")]
)
def test_the_simulator_opens_on_its_defaults(isolated_app, key, value):
    at = open_page("pages/simulate.py", {key: value, "growth_pct": "2.5"})
    check(at, [key])
    assert at.session_state[key] == getattr(sim.Assumptions(), key)
    assert at.session_state["growth_pct"] == 2.5  # the usable values of the same link are kept


@pytest.mark.parametrize(
    ("page_path", "params", "expected"),
    [
        ("pages/simulate.py", {"seed": "7", "growth_pct": "-2.5", "pov_households": "250000"}, None),
        ("pages/simulate.py", {"baseline": "mean", "profile": "custom", "weights": "1;" * 11 + "1"}, None),
        ("pages/overview.py", {"year": "2023", "area": "province", "lang": "en"}, None),
        ("pages/explore.py", {"field": ["labour", "social"], "period": ["2023", "2023"]}, None),
        ("pages/briefing.py", {"year": "2023", "field": "social", "lang": "en"}, None),
        ("pages/explore.py", {"field": ["labour", "nonsense", "labour"]}, ["labour"]),
    ],
)
def test_usable_links_open_without_a_notice(isolated_app, page_path, params, expected):
    at = open_page(page_path, params)
    if expected is None:
        check(at, [])
        for key, value in params.items():
            if key in sim.INPUTS:
                assert at.session_state[key] == type(getattr(sim.Assumptions(), key))(float(value))
    else:  # the known ids of a multi-valued key are kept, the rest reported
        check(at, ["field"])
        assert at.multiselect(key="field").value == expected


@pytest.mark.parametrize(
    ("param", "values", "kept"),
    [
        (ui.UrlParam.number(0, 10, integer=True), ["3"], ["3"]),
        (ui.UrlParam.number(0, 10, integer=True), ["3.5"], []),
        (ui.UrlParam.number(0, 10, integer=True), ["1" * 5000], []),
        (ui.UrlParam.number(-5, 5), ["-2.5e0"], ["-2.5e0"]),
        (ui.UrlParam.number(-5, 5), ["1e400"], []),
        (ui.UrlParam.number(-5, 5), ["NaN"], []),
        (ui.UrlParam.number(-5, 5), ["1", "2"], []),
        (ui.UrlParam.choice(["a", "b"]), ["b"], ["b"]),
        (ui.UrlParam.choice(["a", "b"]), ["c"], []),
        (ui.UrlParam.choice(["a", "b"], count=None), ["b", "c", "b", "a"], ["b", "a"]),
        (ui.UrlParam.choice(["a", "b"], count=2), ["b", "b"], ["b", "b"]),
        (ui.UrlParam.choice(["a", "b"], count=2), ["b"], []),
        (ui.UrlParam.text(5), [""], [""]),
        (ui.UrlParam.text(5), ["abcdef"], []),
    ],
)
def test_what_a_key_keeps(param, values, kept):
    assert param.keep(values) == kept


# ---------------------------------------------------------------- a link reopens its view

# A view other than the defaults for each page (ids, as a shared link holds them); a page not
# listed is opened in English.
VIEWS = {
    "pages/explore.py": {"field": ["labour"], "measure": ["actual", "target"], "period": ["2023", "2023"]},
    "pages/simulate.py": {
        "growth_pct": "2.5", "seed": "7", "baseline": "mean", "profile": "custom", "weights": "2;" * 11 + "1",
    },
    "pages/briefing.py": {"field": "social", "lang": "en"},
}  # fmt: skip
WIDGETS = ("selectbox", "multiselect", "select_slider", "slider", "number_input", "text_input")
WIDGETS += ("button_group",)  # segmented controls


def link_of(at: AppTest) -> dict[str, list[str]]:
    """The page's URL as a visitor would copy it."""
    return {k: filters.as_values(v) for k, v in at.query_params.items()}


def view_of(at: AppTest) -> dict:
    """Every widget's value by key: what a visitor sees of the view."""
    return {w.key: w.value for kind in WIDGETS for w in getattr(at, kind) if w.key}


def test_every_page_of_the_registry_declares_the_keys_it_keeps_in_the_url():
    assert sorted(PAGE_KEYS) == sorted(p.path for p in nav.PAGES)


@pytest.mark.parametrize("page", [p.path for p in nav.PAGES])
def test_a_link_reopens_the_same_view(isolated_app, page):
    link = {k: filters.as_values(v) for k, v in VIEWS.get(page, {"lang": "en"}).items()}
    at = open_page(page, link)
    check(at, [])
    assert link_of(at) == link  # the page keeps the link as it came: ids, nothing added
    assert set(at.session_state["_url_written"]) <= set(PAGE_KEYS[page])
    reopened = open_page(page, link_of(at))
    check(reopened, [])
    assert (view_of(reopened), link_of(reopened)) == (view_of(at), link)


@pytest.mark.parametrize("page", [p.path for p in nav.PAGES])
def test_a_view_chosen_on_screen_is_the_link(isolated_app, page):
    """Move every view widget away from its default: the URL then holds ids, and a fresh visit
    with it shows the same widgets."""
    at = open_page(page, {"lang": "en"})
    for box in at.selectbox:
        if box.key in PAGE_KEYS[page] or box.key.startswith(("sim_", "briefing_")):
            if len(box.options) > 1:
                box.set_value(box.options[-1])
    at.run()
    for box in at.multiselect:
        if box.key in PAGE_KEYS[page] and box.options:
            box.set_value([box.options[-1]])
    at.run()
    check(at, [])
    link = link_of(at)
    assert all(v.isascii() for values in link.values() for v in values), link
    reopened = open_page(page, link)
    check(reopened, [])
    assert view_of(reopened) == view_of(at)


def test_streamlit_binding_still_writes_labels_not_ids(tmp_path):
    """Why `ui.url_widget` does not use `bind="query-params"`: a bound widget with a
    `format_func` reads (and writes) the *label* in the URL, so `?k=en` is refused. When this
    fails, Streamlit binds ids: `ui.url_widget` could then be built on it."""
    script = tmp_path / "bound.py"
    script.write_text(
        "import streamlit as st\n"
        "st.selectbox('k', ['vi', 'en'], format_func={'vi': 'Tiếng Việt', 'en': 'English'}.get,"
        " key='k', bind='query-params')\n"
    )
    by_id, by_label = AppTest.from_file(str(script)), AppTest.from_file(str(script))
    by_id.query_params["k"] = "en"
    by_label.query_params["k"] = "English"
    assert (by_id.run().selectbox(key="k").value, by_label.run().selectbox(key="k").value) == ("vi", "en")


@pytest.mark.parametrize("visit", range(8))
def test_a_dropped_year_is_always_named(isolated_app, visit):
    """`?year=2024` (a year without actuals) on the overview: the notice on every visit, drawn in
    the run that dropped the value (no rerun; see tests/e2e/test_links_browser.py)."""
    at = open_page("pages/overview.py", {"year": "2024", "area": "province"})
    check(at, ["year"])
    assert at.selectbox(key="year").value == 2023 and link_of(at) == {}


@pytest.mark.parametrize("who", [None, "planner", "approver", "demo"])
def test_the_account_page_names_an_unusable_language_whoever_opens_it(isolated_app, monkeypatch, who):
    if who == "demo":
        monkeypatch.setenv("CHITIEU_DEMO", "1")
    at = open_page("pages/account.py", {"lang": "fr"}, role=None if who == "demo" else who)
    check(at, ["lang"])
    assert [t.value for t in at.title] == ["Tài khoản"]  # shown in Vietnamese, as the notice says


# ---------------------------------------------------------------- a page that does not exist

NOT_FOUND = "Đường dẫn trỏ tới một trang không có trong ứng dụng, nên trang chính được mở thay thế."


def open_address(url: str, page: str | None = None) -> AppTest:
    """The app as a browser at `url` (`st.context.url`: the address without its query) opens it;
    `page`: the page Streamlit resolved that address to (None: its default page)."""
    at = AppTest.from_file(APP, default_timeout=30)
    at.context = {"url": url}
    at.run()
    return at.switch_page(page).run() if page else at


@pytest.mark.parametrize(
    "url", ["http://localhost:8501/nosuchpage", "http://localhost:8501/explore/x", "http://h/%F0%9F%92%A9"]
)
def test_a_page_that_does_not_exist_says_so_with_the_way_to_the_overview(isolated_app, url):
    at = open_address(url)
    assert not at.exception and not boundary_messages(at)
    assert [w.value for w in at.warning] == [NOT_FOUND]
    (link,) = [p for p in at.get("page_link") if p.proto.label == "Về trang Tổng quan"]
    assert link.proto.page == ""  # the app's root: the overview, at a clean address
    assert [t.value for t in at.title] == ["Tổng quan năm 2023"]  # the overview, below the notice


@pytest.mark.parametrize(
    ("url", "page"),
    [
        ("http://localhost:8501", None),
        ("http://localhost:8501/", None),
        ("http://localhost:8501/overview", "pages/overview.py"),
        ("http://localhost:8501/explore", "pages/explore.py"),
    ],
)
def test_a_page_that_exists_says_nothing_of_the_kind(isolated_app, url, page):
    at = open_address(url, page)
    assert not at.exception and NOT_FOUND not in [w.value for w in at.warning]


@pytest.mark.parametrize(
    ("url", "base", "unknown"),
    [
        ("https://so.gov.vn/chitieu", "chitieu", False),
        ("https://so.gov.vn/chitieu/", "/chitieu/", False),
        ("https://so.gov.vn/chitieu/nosuchpage", "chitieu", True),
        ("https://so.gov.vn/other", "chitieu", False),  # a proxy's own path: not ours to judge
        ("https://so.gov.vn/a/b", "", True),
        (None, "", False),
        ("", "", False),
    ],
)
def test_what_counts_as_an_unknown_page(url, base, unknown):
    assert nav.unknown_path(url, "", base) is unknown
    assert nav.unknown_path(url, "explore", base) is False  # Streamlit found a page
