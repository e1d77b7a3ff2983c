"""The overview: cards per field with actual, plan, % of plan, change and status; next year's
targets against this year, all from the data and in the UI's number style."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import scorecard, store

APP = str(Path(__file__).resolve().parent.parent / "app.py")


def open_overview(**params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> list[str]:
    return [m.value for m in at.markdown] + [c.value for c in at.caption]


def help_of(at: AppTest, text: str) -> str:
    return next(m.proto.help for m in at.markdown if text in m.value)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "vi",
            [
                "### 25.953 người",
                "**% kế hoạch:** 117%",
                "**Kế hoạch:** ≈22.182 người · Suy ra",
                "### 22.550 người",
                "### trên 6,96 tỷ đồng",
                "### 4,87 điểm %",
                "### trên 3 điểm %",
                "**% kế hoạch:** 169,7%",
                "**% kế hoạch:** trên 181%",
                ":blue-badge[:material/check_circle: Vượt kế hoạch]",
            ],
        ),
        (
            "en",
            [
                "### 25,953 people",
                "**% of plan:** 117%",
                "**Plan:** ≈22,182 people · Derived",
                "### 22,550 people",
                "### over 6.96 billion VND",
                "### 4.87 points",
                "### over 3 points",
                "**% of plan:** 169.7%",
                "**% of plan:** over 181%",
                ":blue-badge[:material/check_circle: Exceeded]",
            ],
        ),
    ],
)
def test_cards_show_the_2023_figures_in_the_language_number_style(isolated_app, lang, expected):
    shown = texts(open_overview(lang=lang))
    missing = [e for e in expected if e not in shown]
    assert missing == []


@pytest.mark.parametrize(
    ("lang", "sentences"),
    [
        (
            "vi",
            [
                "thấp hơn 13% so với kết quả năm 2023 (25.953 người)",
                "cao hơn 1,7% so với kế hoạch năm 2023 (≈22.182 người)",
                "thấp hơn 1,87 điểm % so với kết quả năm 2023 (4,87 điểm %)",
            ],
        ),
        (
            "en",
            [
                "13% below the 2023 result (25,953 people)",
                "1.7% above the 2023 plan (≈22,182 people)",
                "1.87 points below the 2023 result (4.87 points)",
            ],
        ),
    ],
)
def test_next_year_targets_are_compared_with_this_year(isolated_app, lang, sentences):
    page = "\n".join(texts(open_overview(lang=lang)))
    assert [s for s in sentences if s not in page] == []


def test_derived_plan_shows_its_formula_and_range_on_hover(isolated_app):
    at = open_overview(lang="vi")
    assert help_of(at, "≈22.182 người").split("  \n") == [
        "Nguồn gốc: Suy ra",
        "Công thức: actual / (pct_of_target / 100)",
        "Khoảng do làm tròn: 22.088 – 22.277",
    ]


def test_change_on_previous_year_reads_as_better_not_by_colour_alone(isolated_app):
    assert ":blue[:material/arrow_upward: +4%] so với năm trước · tốt hơn năm trước" in texts(
        open_overview(lang="vi")
    )


def edit_observation(folder: Path, old: str, new: str) -> None:
    path = folder / "observations.csv"
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), encoding="utf-8")


@pytest.mark.parametrize(
    ("edits", "expected", "gone"),
    [
        (
            [("jobs_created,province,2023,actual,25953", "jobs_created,province,2023,actual,30000")],
            ["### 30.000 người", "thấp hơn 25% so với kết quả năm 2023 (30.000 người)"],
            "### 25.953 người",
        ),
        (
            [("jobs_created,province,2024,target,22550", "jobs_created,province,2024,target,26000")],
            ["### 26.000 người", "cao hơn 0,2% so với kết quả năm 2023 (25.953 người)"],
            "### 22.550 người",
        ),
        (
            [("jobs_created,province,2023,pct_of_target,117", "jobs_created,province,2023,pct_of_target,95")],
            [
                "**% kế hoạch:** 95%",
                ":orange-badge[:material/error: Gần đạt]",
                "**Kế hoạch:** ≈27.319 người · Suy ra",
            ],
            "**% kế hoạch:** 117%",
        ),
        (
            [("jobs_created,province,2023,pct_of_target,117", "jobs_created,province,2023,pct_of_target,80")],
            [":violet-badge[:material/cancel: Chưa đạt]"],
            "**% kế hoạch:** 117%",
        ),
    ],
)
def test_cards_follow_the_data(isolated_app, monkeypatch, data_copy, edits, expected, gone):
    for old, new in edits:
        edit_observation(data_copy, old, new)
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    shown = texts(open_overview(lang="vi"))
    page = "\n".join(shown)
    assert [e for e in expected if e not in page] == []
    assert gone not in shown


@pytest.mark.parametrize(
    ("actual", "target", "pct", "direction", "expected"),
    [
        (25953, None, 117, "up", "exceeded"),
        (100, 100, None, "up", "exceeded"),
        (95, 100, None, "up", "close"),
        (90, 100, None, "up", "close"),
        (89.9, 100, None, "up", "behind"),
        (100, None, 89, "up", "behind"),
        (30, None, None, "up", "no_plan"),
        # Less is better: 8 against a plan of at most 10 is a success, 12 is not.
        (8, 10, None, "down", "exceeded"),
        (10.5, 10, None, "down", "close"),
        (12, 10, None, "down", "behind"),
        (0, 5, None, "down", "exceeded"),
    ],
)
def test_status_thresholds(actual, target, pct, direction, expected):
    assert scorecard.status(actual, target, pct, direction) == expected


@pytest.mark.parametrize(
    ("change", "direction", "better"),
    [(4, "up", True), (-4, "up", False), (-4, "down", True), (4, "down", False), (0, "up", None)],
)
def test_change_is_judged_by_direction(change, direction, better):
    assert scorecard.change_is_better(change, direction) is better


def test_next_year_rows_come_from_the_store(con):
    got = scorecard.next_year(store.year_summary(con, 2023), store.year_summary(con, 2024), 2023, "en")
    assert [(n.indicator_id, n.target_text) for n in got] == [
        ("jobs_created", "22,550 people"),
        ("poverty_rate_fall", "over 3 points"),
    ]
