"""Odd links: every key a page reads from the URL, with values nobody should send, falls back to
the page's default with a short notice, never an exception (AppTest through app.py)."""

from __future__ import annotations

import pytest
from pages_helpers import boundary_messages, open_page, url_notices

from lib import sim_setup as sim
from lib import ui

# The keys each page reads from its URL (widget keys bound to it included).
PAGE_KEYS = {
    "pages/overview.py": ["lang", "year", "area"],
    "pages/explore.py": ["lang", "field", "indicator", "area", "measure", "provenance", "period", "series"],
    "pages/briefing.py": ["lang", "year", "area", "field"],
    "pages/simulate.py": ["lang", "area", "baseline", "profile", "weights", *sim.INPUTS],
    "pages/data.py": ["lang"],
}
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
    ("page_path", "key"), [(page, key) for page, keys in PAGE_KEYS.items() for key in keys], ids=str
)
def test_a_nasty_value_falls_back_with_a_notice(isolated_app, page_path, key, value):
    at = open_page(page_path, {key: NASTY[value]})
    check(at, [] if (key, value) in USABLE else [key])


@pytest.mark.parametrize("page_path", list(PAGE_KEYS))
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
