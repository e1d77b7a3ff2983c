"""The overview: cards per field with actual, plan, % of plan, change and status; next year's
targets against this year, all from the data and in the UI's number style."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fixtures import APP
from streamlit.testing.v1 import AppTest

from lib.data import queries
from lib.report import scorecard


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
                "**So với kế hoạch:** 117%",
                "**Kế hoạch:** khoảng 22.200 người · Tính toán",
                "### 22.550 người",
                "### trên 6,96 tỷ đồng",
                "### 4,87 điểm %",
                "### trên 3 điểm %",
                "**So với kế hoạch:** 169,7%",
                "**Kế hoạch:** khoảng 8.000 người · Tính toán",
                "**So với kế hoạch:** trên 181%",
                "**Kế hoạch:** dưới 1.135 hộ · Tính toán",
                ":blue-badge[:material/check_circle: Vượt kế hoạch]",
                # 425 households at exactly 100% of plan: met, not exceeded.
                ":green-badge[:material/check: Đạt kế hoạch]",
                ":gray-badge[:material/remove_circle_outline: Nguồn không nêu kế hoạch]",
            ],
        ),
        (
            "en",
            [
                "### 25,953 people",
                "**Against plan:** 117%",
                "**Plan:** about 22,200 people · Calculated",
                "### 22,550 people",
                "### over 6.96 billion VND",
                "### 4.87 points",
                "### over 3 points",
                "**Against plan:** 169.7%",
                "**Against plan:** over 181%",
                ":blue-badge[:material/check_circle: Exceeded]",
                ":green-badge[:material/check: Met]",
                ":gray-badge[:material/remove_circle_outline: No plan in the source]",
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
                "cao hơn từ 1,2% đến 2,1% so với kế hoạch năm 2023 (khoảng 22.200 người;"
                " kế hoạch tính từ tỷ lệ đã làm tròn)",
                # One card writes its unit one way, as its figure does ("trên 3 điểm %").
                "thấp hơn 1,87 điểm % so với kết quả năm 2023 (4,87 điểm %)",
                # A range of differences without signs or double negatives.
                "thấp hơn từ 0,52 đến 0,54 điểm % so với kế hoạch năm 2023 (khoảng 3,53 điểm %;"
                " kế hoạch tính từ tỷ lệ đã làm tròn)",
            ],
        ),
        (
            "en",
            [
                "13% below the 2023 result (25,953 people)",
                "1.2% to 2.1% above the 2023 plan (about 22,200 people;"
                " the plan is calculated from a rounded percentage)",
                "1.87 points below the 2023 result (4.87 points)",
                "0.52 to 0.54 points below the 2023 plan (about 3.53 points;"
                " the plan is calculated from a rounded percentage)",
            ],
        ),
    ],
)
def test_next_year_targets_are_compared_with_this_year(isolated_app, lang, sentences):
    page = "\n".join(texts(open_overview(lang=lang)))
    assert [s for s in sentences if s not in page] == []


def test_derived_plan_shows_its_formula_and_range_on_hover(isolated_app):
    at = open_overview(lang="vi")
    assert help_of(at, "khoảng 22.200 người").split("  \n") == [
        "Nguồn gốc: Tính toán",
        "Công thức: Thực hiện ÷ (% kế hoạch ÷ 100)",
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
                "**So với kế hoạch:** 95%",
                ":orange-badge[:material/error: Cơ bản đạt]",
                "**Kế hoạch:** khoảng 27.300 người · Tính toán",
            ],
            "**So với kế hoạch:** 117%",
        ),
        (
            [("jobs_created,province,2023,pct_of_target,117", "jobs_created,province,2023,pct_of_target,80")],
            [":violet-badge[:material/cancel: Chưa đạt]"],
            "**So với kế hoạch:** 117%",
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
        (100, 100, None, "up", "met"),
        (100.0000000001, 100, None, "up", "met"),
        (100.5, 100, None, "up", "exceeded"),
        (425, None, 100, "up", "met"),
        (95, 100, None, "up", "close"),
        (90, 100, None, "up", "close"),
        (89.9, 100, None, "up", "behind"),
        (100, None, 89, "up", "behind"),
        (30, None, None, "up", "no_plan"),
        # Less is better: 8 against a plan of at most 10 is a success, 12 is not.
        (8, 10, None, "down", "exceeded"),
        (10, 10, None, "down", "met"),
        (10.5, 10, None, "down", "close"),
        (12, 10, None, "down", "behind"),
        (0, 5, None, "down", "exceeded"),
    ],
)
def test_status_thresholds(actual, target, pct, direction, expected):
    assert scorecard.status(actual, target, pct, direction) == expected


@pytest.mark.parametrize(
    ("pct", "bound", "expected"),
    [
        (100, "more_than", "exceeded"),
        (100, "less_than", "close"),
        (90, "less_than", "behind"),
        (100, None, "met"),
        (100, float("nan"), "met"),
        (100, pd.NA, "met"),
    ],
)
def test_a_reported_bound_on_the_percentage_moves_the_status(pct, bound, expected):
    # "đạt trên 100% kế hoạch" is exceeded; "dưới 100%" is not met.
    assert scorecard.status(1, None, pct, "up", bound) == expected


def test_the_legend_follows_the_thresholds():
    assert scorecard.legend("vi") == (
        "Đánh giá: Vượt kế hoạch khi thực hiện trên 100% kế hoạch; Đạt kế hoạch khi bằng 100%; "
        "Cơ bản đạt từ 90% đến dưới 100%; Chưa đạt dưới 90%. Chỉ tiêu càng thấp càng tốt được "
        "đánh giá theo chiều ngược lại."
    )


def test_the_page_shows_the_legend(isolated_app):
    assert scorecard.legend("vi") in texts(open_overview(lang="vi"))


@pytest.mark.parametrize(
    ("change", "direction", "better"),
    [(4, "up", True), (-4, "up", False), (-4, "down", True), (4, "down", False), (0, "up", None)],
)
def test_change_is_judged_by_direction(change, direction, better):
    assert scorecard.change_is_better(change, direction) is better


def test_next_year_rows_come_from_the_store(con):
    got = scorecard.next_year(queries.year_summary(con, 2023), queries.year_summary(con, 2024), 2023, "en")
    assert [(n.indicator_id, n.target_text) for n in got] == [
        ("jobs_created", "22,550 people"),
        ("poverty_rate_fall", "over 3 points"),
    ]


# ---------------------------------------------------------------- tables: every row in sight

ROW_PX = 35  # Streamlit's table row and header height (px)


def rows_in_sight(height: object, rows: int) -> int:
    """How many of a table's rows show without scrolling inside it, for st.dataframe's `height`:
    "auto" (the default) ten; "content" all (up to 10.000 px); pixels: what fits under the header."""
    if height == "content":
        return min(rows, 10_000 // ROW_PX - 1)
    if height in (None, "auto"):
        return min(rows, 10)
    return min(rows, (int(height) - ROW_PX - 2) // ROW_PX)


@pytest.fixture
def tables_drawn(monkeypatch):
    """Each table a page draws, as (rows, rows in sight): st.dataframe wrapped, still drawing."""
    import streamlit as st

    drawn, original = [], st.dataframe

    def dataframe(data=None, *args, **kwargs):
        rows = len(data.data if hasattr(data, "data") else data)
        drawn.append((rows, rows_in_sight(kwargs.get("height", "auto"), rows)))
        return original(data, *args, **kwargs)

    monkeypatch.setattr(st, "dataframe", dataframe)
    return drawn


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_overview_table_shows_every_row(isolated_app, tables_drawn, lang):
    at = open_overview(lang=lang)
    assert len(at.dataframe[0].value) == 11  # the 2023 figures: one more than Streamlit's default ten
    assert tables_drawn == [(11, 11)]


@pytest.mark.parametrize(("rows", "in_sight"), [(1, 1), (11, 11), (20, 20), (21, 20), (1_000, 20)])
def test_a_table_longer_than_the_frame_scrolls_with_a_row_cut_in_two(rows, in_sight):
    from lib import ui

    height = ui.table_height(rows)
    assert rows_in_sight(height, rows) == in_sight
    if rows > ui.TABLE_ROWS_SHOWN:  # half a row below the last whole one: there is more
        assert (height - ROW_PX - 2) % ROW_PX == ROW_PX // 2


# ---------------------------------------------------------------- a year with plans and few actuals

ACTUALS_2024 = {  # review 2's v0001: three 2024 results; 2024 plans exist for jobs and poverty only
    "jobs": "jobs_created,province,2024,actual,26111,exact,user,Báo cáo Sở 2024,,\n",
    "training": "vocational_enrolment,province,2024,actual,9500,exact,user,Báo cáo Sở 2024,,\n",
    "homes": "temporary_homes_removed,province,2024,actual,2100,exact,user,Báo cáo Sở 2024,,\n",
}


def this_year_fields(at: AppTest) -> dict[str, list[str]]:
    """The "this year" section as a reader meets it: each field's heading and the texts under it."""

    def in_order(node) -> list:
        children = getattr(node, "children", None)
        if not isinstance(children, dict):
            return [node]
        return [leaf for key in sorted(children) for leaf in in_order(children[key])]

    fields: dict[str, list[str]] = {}
    inside = False
    for element in in_order(at.main):
        if element.type == "header":
            inside = element.value.startswith(("Kết quả thực hiện năm", "Results for"))
        elif inside and element.type == "subheader":
            fields[element.value] = []
        elif inside and fields and element.type in ("markdown", "caption", "info"):
            fields[list(fields)[-1]].append(element.value)
    return fields


@pytest.mark.parametrize("results", [["jobs", "training", "homes"], ["jobs", "training"]])
def test_a_field_with_plans_but_no_actuals_shows_its_plans_and_says_so(
    isolated_app, monkeypatch, data_copy, results
):
    with (data_copy / "observations.csv").open("a", encoding="utf-8") as fh:
        fh.writelines(ACTUALS_2024[r] for r in results)
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    fields = this_year_fields(open_overview(year="2024"))
    assert list(fields) == ["Lao động", "Người có công", "Xã hội"]  # none left out
    assert "### 26.111 người" in fields["Lao động"]
    assert fields["Người có công"] == [
        "Lĩnh vực này chưa có số liệu năm 2024: chưa có kế hoạch, chưa có số liệu thực hiện."
    ]
    poverty_plan = [
        "**Mức giảm tỷ lệ hộ nghèo (chuẩn nghèo đa chiều)**",
        "**Kế hoạch:** trên 3 điểm % · Số báo cáo",
        "Chưa có số liệu thực hiện năm 2024.",
    ]
    social = fields["Xã hội"]
    if "homes" in results:  # the year's result first, then the plan still waiting for its result
        assert social[:2] == ["**Xóa nhà tạm, nhà dột nát**", "### 2.100 hộ"]
        assert social[-3:] == poverty_plan
    else:
        assert social == [
            "Lĩnh vực này chưa có số liệu thực hiện năm 2024; dưới đây là kế hoạch năm 2024.",
            *poverty_plan,
        ]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_national_datas_area_choice_names_every_unit(isolated_app, tmp_path, monkeypatch, lang):
    """The area selector writes a commune by its name ("Phường …"), as Briefing and Simulate do,
    never by its code (c00715)."""
    from lib.data import areas, store, synth

    folder = tmp_path / "national"
    synth.generate(folder, rows=20_000)
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(folder))
    ids = queries.areas(store.open_dir(folder).cursor())
    assert any(a.startswith("c") for a in ids)
    shown = open_overview(lang=lang).selectbox(key="area").options
    assert shown == [areas.display_name(a, lang) for a in ids]
    assert not [s for s in shown if s in ids and s not in ("province", "all")], shown[:5]
