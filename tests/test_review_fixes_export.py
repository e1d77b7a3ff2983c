"""Review of 1 Dec 2026, defects 5 and 10: the overview's table download keeps what the screen says.

The formula in the reader's words (never the store's formula id), the bound ("trên 6,96 tỷ
đồng" is not 6960000000), each figure's provenance, counts as whole numbers and a calculated
plan to its unit's decimals; in the CSV and the XLSX, in both languages.
"""

from __future__ import annotations

import csv
import io

import pytest
from openpyxl import load_workbook

from lib.data import queries
from lib.report import export, summary

HEADER = {
    "vi": [
        "Chỉ tiêu",
        "Lĩnh vực",
        "Địa bàn",
        "Đơn vị",
        "Thực hiện",
        "Thực hiện: giới hạn",
        "Thực hiện: nguồn gốc số liệu",
        "Thực hiện tính toán: cận dưới",
        "Thực hiện tính toán: cận trên",
        "Kế hoạch",
        "Kế hoạch: giới hạn",
        "Kế hoạch: nguồn gốc số liệu",
        "Kế hoạch tính toán: cận dưới",
        "Kế hoạch tính toán: cận trên",
        "So với kế hoạch (%)",
        "So với kế hoạch: giới hạn",
        "So với kế hoạch: nguồn gốc số liệu",
        "So với năm trước (%)",
        "So với năm trước: nguồn gốc số liệu",
        "Công thức (số tính toán)",
        "Nguồn",
    ],
    "en": [
        "Indicator",
        "Field",
        "Area",
        "Unit",
        "Actual",
        "Actual: bound",
        "Actual: provenance",
        "Calculated actual: lower limit",
        "Calculated actual: upper limit",
        "Plan",
        "Plan: bound",
        "Plan: provenance",
        "Calculated plan: lower limit",
        "Calculated plan: upper limit",
        "Against plan (%)",
        "Against plan: bound",
        "Against plan: provenance",
        "Change on previous year (%)",
        "Change on previous year: provenance",
        "Formula (calculated figures)",
        "Source",
    ],
}
SOURCE = "Báo tỉnh, Thu Hương: Dấu ấn của ngành Lao động - Thương binh và Xã hội (2023)"
# (indicator id, the row as the CSV gives it in vi, in en), from column "Đơn vị" on.
ROWS = {
    "jobs_created": (
        [
            "người",
            "25953",
            "",
            "Số báo cáo",
            "",
            "",
            "22182",
            "",
            "Tính toán",
            "22088",
            "22277",
            "117",
            "",
            "Số báo cáo",
        ]
        + ["4", "Số báo cáo", "Thực hiện ÷ (% kế hoạch ÷ 100)", SOURCE],
        [
            "people",
            "25953",
            "",
            "Reported figure",
            "",
            "",
            "22182",
            "",
            "Calculated",
            "22088",
            "22277",
            "117",
            "",
        ]
        + ["Reported figure", "4", "Reported figure", "Actual ÷ (% of plan ÷ 100)", SOURCE],
    ),
    "merit_gifts_value": (
        ["đồng", "6960000000", "trên", "Số báo cáo"] + [""] * 13 + [SOURCE],
        ["VND", "6960000000", "over", "Reported figure"] + [""] * 13 + [SOURCE],
    ),
    "temporary_homes_removed": (
        [
            "hộ",
            "2055",
            "",
            "Số báo cáo",
            "",
            "",
            "1135",
            "dưới",
            "Tính toán",
            "",
            "",
            "181",
            "trên",
            "Số báo cáo",
        ]
        + ["", "", "Thực hiện ÷ (% kế hoạch ÷ 100)", SOURCE],
        [
            "households",
            "2055",
            "",
            "Reported figure",
            "",
            "",
            "1135",
            "under",
            "Calculated",
            "",
            "",
            "181",
            "over",
        ]
        + ["Reported figure", "", "", "Actual ÷ (% of plan ÷ 100)", SOURCE],
    ),
    "poverty_rate_fall": (
        [
            "điểm %",
            "4.87",
            "",
            "Số báo cáo",
            "",
            "",
            "3.53",
            "",
            "Tính toán",
            "3.52",
            "3.54",
            "138",
            "",
            "Số báo cáo",
        ]
        + ["", "", "Thực hiện ÷ (% kế hoạch ÷ 100)", SOURCE],
        ["points", "4.87", "", "Reported figure", "", "", "3.53", "", "Calculated", "3.52", "3.54", "138", ""]
        + ["Reported figure", "", "", "Actual ÷ (% of plan ÷ 100)", SOURCE],
    ),
    "labour_data_days_early": (
        ["ngày", "30", "", "Số báo cáo"] + [""] * 13 + [SOURCE],
        ["days", "30", "", "Reported figure"] + [""] * 13 + [SOURCE],
    ),
}


def figures_2023(con, lang):
    rows = queries.year_summary(con, 2023)
    return rows, export.year_figures(rows, lang)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_csv_keeps_formula_words_bounds_provenance_and_whole_counts(con, lang):
    rows, table = figures_2023(con, lang)
    lines = list(csv.reader(io.StringIO(export.to_csv(table).decode("utf-8-sig"))))
    assert lines[0] == HEADER[lang]
    by_id = dict(zip(rows["indicator_id"], lines[1:], strict=True))
    for indicator, expected in ROWS.items():
        assert by_id[indicator][3:] == expected[lang == "en"], indicator
    text = "\n".join(",".join(line) for line in lines)
    assert "pct_of_target" not in text and ".0," not in text


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_xlsx_holds_the_same_cells_with_numbers_as_numbers(con, lang):
    rows, table = figures_2023(con, lang)
    sheet = list(load_workbook(io.BytesIO(export.to_xlsx(table))).active.iter_rows(values_only=True))
    assert list(sheet[0]) == HEADER[lang]
    by_id = dict(zip(rows["indicator_id"], sheet[1:], strict=True))
    jobs = by_id["jobs_created"]
    assert jobs[4:10] == (25953, None, "Số báo cáo" if lang == "vi" else "Reported figure", None, None, 22182)
    assert all(type(v) is int for v in (jobs[4], jobs[9], jobs[12], jobs[13], jobs[14]))
    assert by_id["merit_gifts_value"][4:6] == (6960000000, "trên" if lang == "vi" else "over")
    assert by_id["poverty_rate_fall"][4] == 4.87
    # The source's text stays text and is neutralised where a spreadsheet would run it.
    assert all(c is None or not str(c).startswith("=") for row in sheet for c in row)


def test_user_text_in_the_source_is_neutralised(con):
    rows = queries.year_summary(con, 2023).copy()
    rows["actual_source"] = '=HYPERLINK("http://evil.example","x")'
    data = export.to_csv(export.year_figures(rows, "vi")).decode("utf-8-sig")
    assert "\n'=HYPERLINK" not in data
    assert all(line[-1].startswith("'=") for line in list(csv.reader(io.StringIO(data)))[1:])


def test_an_exact_calculation_is_not_about():
    # A sum of twelve months has itself as its range: written as it is, never "khoảng".
    text = summary.figure_text(12345.0, "people", "vi", "exact", "derived", 12345.0, 12345.0)
    assert text == "12.345 người"
    assert summary.figure_text(22182.05, "people", "vi", "exact", "derived", 22087.7, 22277.3) == (
        "khoảng 22.200 người"
    )


@pytest.mark.parametrize(
    ("x", "unit", "cell"),
    [
        (25953.0, "people", 25953),
        (22182.051, "people", 22182),
        (6.96e9, "vnd", 6960000000),
        (4.87, "points", 4.87),
        (3.528986, "points", 3.53),
        (30.0, "days", 30),
        (None, "people", None),
        (float("nan"), "vnd", None),
    ],
)
def test_figure_cell_uses_the_units_decimals(x, unit, cell):
    got = export.figure_cell(x, unit)
    assert got == cell and type(got) is type(cell)
