"""Number style: Vietnamese by default, English on request."""

import pytest

from lib import fmt


@pytest.mark.parametrize(
    ("call", "vi", "en"),
    [
        (lambda lang: fmt.number(25953, lang), "25.953", "25,953"),
        (lambda lang: fmt.number(1234567.5, lang), "1.234.567,5", "1,234,567.5"),
        (lambda lang: fmt.percent(169.7, lang), "169,7%", "169.7%"),
        (lambda lang: fmt.percent(117, lang), "117%", "117%"),
        (lambda lang: fmt.signed_percent(4, lang), "+4%", "+4%"),
        (lambda lang: fmt.figure(4.87, "points", lang), "4,87 điểm %", "4.87 points"),
        (
            lambda lang: fmt.figure(6.96e9, "vnd", lang, "more_than"),
            "trên 6,96 tỷ đồng",
            "over 6.96 billion VND",
        ),
        (lambda lang: fmt.figure(22550, "people", lang), "22.550 người", "22,550 people"),
        (lambda lang: fmt.number(None, lang), "—", "—"),
        # In a sentence the points are percentage points; tables and axes keep the short form.
        (
            lambda lang: fmt.figure(4.87, "points", lang, prose=True),
            "4,87 điểm phần trăm",
            "4.87 percentage points",
        ),
        (lambda lang: fmt.figure(22550, "people", lang, prose=True), "22.550 người", "22,550 people"),
        # A calculated plan at the precision its range allows.
        (
            lambda lang: fmt.approx_figure(7999.4, "people", lang, 7997.1, 8002.2),
            "khoảng 8.000 người",
            "about 8,000 people",
        ),
        (
            lambda lang: fmt.approx_figure(22182, "people", lang, 22088, 22277),
            "khoảng 22.200 người",
            "about 22,200 people",
        ),
        (
            lambda lang: fmt.approx_figure(425, "households", lang, 423, 427),
            "khoảng 425 hộ",
            "about 425 households",
        ),
        (
            lambda lang: fmt.approx_figure(3.529, "points", lang, 3.516, 3.542),
            "khoảng 3,53 điểm %",
            "about 3.53 points",
        ),
        # An open range keeps its one figure and its bound word.
        (
            lambda lang: fmt.approx_figure(1135.4, "households", lang, None, 1138.5, "less_than"),
            "dưới 1.135 hộ",
            "under 1,135 households",
        ),
        # No range: the figure as computed, said to be approximate.
        (
            lambda lang: fmt.approx_figure(24955.3, "people", lang),
            "khoảng 24.955 người",
            "about 24,955 people",
        ),
    ],
)
def test_formats(call, vi, en):
    assert (call("vi"), call("en")) == (vi, en)


@pytest.mark.parametrize(
    ("formula", "vi", "en"),
    [
        ("actual / (pct_of_target / 100)", "Thực hiện ÷ (% kế hoạch ÷ 100)", "Actual ÷ (% of plan ÷ 100)"),
        (
            "actual / (1 + change_pct / 100)",
            "Thực hiện ÷ (1 + % so với năm trước ÷ 100)",
            "Actual ÷ (1 + % change on the previous year ÷ 100)",
        ),
        ("100 * actual / target", "100 × Thực hiện ÷ Kế hoạch", "100 × Actual ÷ Plan"),
        ("100 * target / actual", "100 × Kế hoạch ÷ Thực hiện", "100 × Plan ÷ Actual"),
        (
            "100 * (actual / previous_actual - 1)",
            "100 × (Thực hiện ÷ Thực hiện năm trước − 1)",
            "100 × (Actual ÷ previous year's actual − 1)",
        ),
        ("sum of the 12 monthly values", "Tổng số liệu 12 tháng", "Sum of the 12 months"),
        ("mean(2022, 2023)", "Bình quân các năm 2022, 2023", "Mean of the years 2022, 2023"),
        (None, "", ""),
        (float("nan"), "", ""),
        # A formula of the user's own is shown as written, never dropped.
        ("my own rule", "my own rule", "my own rule"),
    ],
)
def test_formulas_are_shown_in_words(formula, vi, en):
    assert (fmt.formula_text(formula, "vi"), fmt.formula_text(formula, "en")) == (vi, en)


def test_every_formula_the_store_writes_has_words():
    """A new derivation in store.py without words in the catalogue would show its code."""
    import re
    from pathlib import Path

    sql = (Path(fmt.__file__).parent / "data" / "store.py").read_text(encoding="utf-8")
    ids = set(re.findall(r"'((?:actual /|100 \*|sum )[^']*)'", sql))
    assert ids and ids <= set(fmt.FORMULAS)
    for key in fmt.FORMULAS.values():
        for lang in ("vi", "en"):
            assert fmt.t(key, lang) != key


@pytest.mark.parametrize(
    ("stored", "vi", "en", "day_vi"),
    [
        (
            "2026-12-01T13:05:00+00:00",
            "01/12/2026 20:05 (giờ Việt Nam)",
            "December 1, 2026 20:05 (Vietnam time)",
            "01/12/2026",
        ),
        # Late in the evening UTC is the next morning in Vietnam: the day turns over too, and the year.
        (
            "2026-12-31T17:30:00+00:00",
            "01/01/2027 00:30 (giờ Việt Nam)",
            "January 1, 2027 00:30 (Vietnam time)",
            "01/01/2027",
        ),
        # A time without a zone is UTC (the state stores UTC), never the server's own clock.
        (
            "2026-12-01T13:05:00",
            "01/12/2026 20:05 (giờ Việt Nam)",
            "December 1, 2026 20:05 (Vietnam time)",
            "01/12/2026",
        ),
        (
            "2026-12-01T20:05:00+07:00",
            "01/12/2026 20:05 (giờ Việt Nam)",
            "December 1, 2026 20:05 (Vietnam time)",
            "01/12/2026",
        ),
        # Text that is not a time (a damaged row) is shown as it is, never raised.
        ("hôm qua", "hôm qua", "hôm qua", "hôm qua"),
        ("", "", "", ""),
    ],
)
def test_times_are_shown_in_vietnam_time_with_the_zone_said_once(stored, vi, en, day_vi):
    assert (fmt.clock(stored, "vi"), fmt.clock(stored, "en"), fmt.day(stored, "vi")) == (vi, en, day_vi)
    assert fmt.clock(stored, "vi").count("giờ Việt Nam") <= 1


def test_a_table_says_the_zone_in_its_header_and_may_keep_seconds():
    assert fmt.vietnam_time("Thời điểm", "vi") == "Thời điểm (giờ Việt Nam)"
    stamp = "2026-12-01T13:05:09+00:00"
    assert fmt.clock(stamp, "en", zone=False, seconds=True) == "December 1, 2026 20:05:09"
