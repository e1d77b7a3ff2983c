"""The explorer's selection as a value (`lib.filters.Filters`): read from a link, written back,
described in words, turned into the store's arguments; links nobody should send fall back."""

from __future__ import annotations

import pytest

from lib.data import queries
from lib.filters import Filters, UrlParam

OPTIONS = {
    "field": ["labour", "merit", "social"],
    "indicator": ["jobs_created", "merit_gifts", "poverty_rate"],
    "area": ["province", "all", "c00070"],
    "measure": ["actual", "target", "pct_of_target"],
    "provenance": ["reported", "derived"],
    "period": ["2022", "2023", "2024"],
}


@pytest.mark.parametrize(
    "query",
    [
        {},
        {"field": ["labour"]},
        {"field": ["social", "labour"], "period": ["2023", "2023"]},
        {"indicator": ["merit_gifts"], "area": ["c00070", "province"], "measure": ["target"]},
        {"provenance": ["derived"], "period": ["2022", "2023"]},
        {k: v[:2] for k, v in OPTIONS.items()},
    ],
)
def test_a_query_round_trips(query):
    got = Filters.from_query(query, OPTIONS)
    assert (got.to_params(), got.dropped) == (query, ())
    assert Filters.from_query(got.to_params(), OPTIONS) == got


def test_a_single_value_reads_as_a_list_and_the_whole_period_as_no_filter():
    got = Filters.from_query({"field": "merit", "period": ["2022", "2024"]}, OPTIONS)
    assert got == Filters(field=("merit",))
    assert got.to_params() == {"field": ["merit"]}


def test_a_reversed_period_is_read_in_order():
    assert Filters.from_query({"period": ["2024", "2023"]}, OPTIONS).period == ("2023", "2024")


NASTY = {
    "unknown key": ({"colour": "red", "field": "labour"}, Filters(field=("labour",)), ()),
    "unknown id": ({"field": ["labour", "nonsense"]}, Filters(field=("labour",)), ("field",)),
    "non-ASCII": ({"area": ["Hà Nội ☃"], "measure": "actual"}, Filters(measure=("actual",)), ("area",)),
    "huge": ({"indicator": ["x" * 100_000]}, Filters(), ("indicator",)),
    "many": ({"field": ["labour"] * 10_000}, Filters(field=("labour",)), ("field",)),
    "repeated": ({"field": ["merit", "merit"]}, Filters(field=("merit",)), ("field",)),
    "empty": ({"provenance": [""]}, Filters(), ("provenance",)),
    "formula": ({"field": ['=HYPERLINK("x")']}, Filters(), ("field",)),
    "one period": ({"period": "2023"}, Filters(), ("period",)),
    "three periods": ({"period": ["2022", "2023", "2024"]}, Filters(), ("period",)),
    "unknown period": ({"period": ["1999", "2023"]}, Filters(), ("period",)),
    "number not id": ({"period": ["2023.0", "2023"]}, Filters(), ("period",)),
}


@pytest.mark.parametrize("case", list(NASTY))
def test_a_nasty_query_keeps_what_it_can_and_names_the_rest(case):
    query, expected, dropped = NASTY[case]
    got = Filters.from_query(query, OPTIONS)
    assert (got, got.dropped) == (expected, dropped)
    assert all(v.isascii() for values in got.to_params().values() for v in values)


@pytest.mark.parametrize(
    ("query", "vi", "en"),
    [
        ({}, "Tất cả số liệu (không lọc)", "All figures (no filter)"),
        (
            {"field": "labour", "period": ["2023", "2023"]},
            "Lĩnh vực: Lao động; Năm: 2023",
            "Field: Labour; Year: 2023",
        ),
        (
            {"field": ["labour", "social"], "area": ["province", "c00070"], "period": ["2022", "2023"]},
            "Lĩnh vực: Lao động, Xã hội; Địa bàn: Toàn tỉnh, Phường Hoàn Kiếm; Năm: 2022 – 2023",
            "Field: Labour, Social affairs; Area: Province-wide, Phuong Hoan Kiem; Year: 2022 – 2023",
        ),
        (
            {"indicator": ["jobs_created", "poverty_rate"], "measure": "target", "provenance": "derived"},
            "Chỉ tiêu: Lao động có việc làm mới, poverty_rate; Loại số liệu: Kế hoạch; Nguồn gốc: Tính toán",
            "Indicator: New jobs, poverty_rate; Measure: Plan; Provenance: Calculated",
        ),
    ],
)
def test_a_selection_describes_itself_in_both_languages(query, vi, en):
    got = Filters.from_query(query, OPTIONS)
    names = {"vi": {"jobs_created": "Lao động có việc làm mới"}, "en": {"jobs_created": "New jobs"}}
    assert (got.describe("vi", names["vi"]), got.describe("en", names["en"])) == (vi, en)


def test_months_are_described_as_periods():
    options = OPTIONS | {"period": ["2024-01", "2024-02", "2024-03"]}
    got = Filters.from_query({"period": ["2024-01", "2024-02"]}, options)
    assert got.describe("vi") == "Kỳ: 2024-01 – 2024-02"


def test_the_store_takes_the_selection_as_its_arguments(con):
    options = queries.explore_options(con) | {"indicator": list(queries.indicators(con)["indicator_id"])}
    got = Filters.from_query({"field": "merit", "measure": "actual"}, options)
    assert got.sql_args() == {
        "fields": ["merit"],
        "indicators": None,
        "areas": None,
        "measures": ["actual"],
        "provenances": None,
        "period_from": None,
        "period_to": None,
    }
    rows = queries.explore_table(con, **got.sql_args())
    assert len(rows) == 5
    assert queries.explore_total(con, **got.sql_args()) == {"figures": 5, "rows": 5}


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({}, {"figures": 25, "rows": 14}),
        ({"period_from": "2024", "period_to": "2024"}, {"figures": 2, "rows": 2}),
    ],
)
def test_the_total_under_the_table_is_its_own_query(con, filters, expected):
    got, rows = queries.explore_total(con, **filters), queries.explore_table(con, **filters)
    assert (got["rows"], got["figures"]) == (len(rows), rows["n_figures"].iloc[0])
    assert got == expected


def test_above_the_exact_limit_only_the_figures_are_counted(con, monkeypatch):
    monkeypatch.setattr(queries, "EXPLORE_EXACT_FIGURES", 10)
    assert queries.explore_total(con) == {"figures": 25, "rows": None}


@pytest.mark.parametrize(
    ("param", "values", "kept"),
    [
        (UrlParam.choice(["a", "b"], count=2), ["b", "a"], ["b", "a"]),
        (UrlParam.choice(["a", "b"], count=None), ["a"] * 1000, ["a"]),
        (UrlParam.text(3), ["é☃x"], ["é☃x"]),  # free text is text: the widget shows it as such
    ],
)
def test_what_a_key_keeps(param, values, kept):
    assert param.keep(values) == kept
