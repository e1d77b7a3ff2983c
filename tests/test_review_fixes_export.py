"""Review of 1 Dec 2026, defects 5 and 10: the overview's table download keeps what the screen says.

The formula in the reader's words (never the store's formula id), the bound ("trên 6,96 tỷ
đồng" is not 6960000000), each figure's provenance, counts as whole numbers and a calculated
plan to its unit's decimals; in the CSV and the XLSX, in both languages.
"""

from __future__ import annotations

import csv
import io

import pandas as pd
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


# ---------------------------------------------------------------- review 3, defect 8: derived %s

PLACES_ROWS = pd.DataFrame(
    [  # 221,5 of a plan of 279 is 79,39068100358423% (shown 79,4%); a down indicator's % is plan ÷ actual
        ("c00008", "people", "up", 221.5, 279.0, None, None, "reported", None, None),
        ("c00004", "households", "down", 90.0, 100.0, None, None, "reported", None, None),
        ("c00094", "people", "up", None, None, 50.0, "exact", None, "reported", None),
        ("c00070", "people", "up", 50.0, None, None, None, "reported", None, None),
    ],
    columns=[
        "area", "unit", "direction", "actual", "target", "pct_of_target", "pct_bound",
        "actual_provenance", "pct_provenance", "pct_formula",
    ],
)  # fmt: skip
PLACES_EXPECTED = {  # area -> (% of plan, its provenance, its formula) in each language
    "vi": {
        "Phường Ngọc Hà": ("79.4", "Tính toán", "100 × Thực hiện ÷ Kế hoạch"),
        "Phường Ba Đình": ("111.1", "Tính toán", "100 × Kế hoạch ÷ Thực hiện"),
        "c00094": ("50", "Số báo cáo", ""),
        "Phường Hoàn Kiếm": ("", "", ""),
    },
}


def places_download(lang: str):
    from lib.report import charts, place_charts

    ranked = place_charts.ranking_data(PLACES_ROWS, lang)
    return charts.table(ranked, place_charts.RANKING_COLUMNS, lang)


def test_places_download_writes_a_computed_percent_as_shown_with_its_provenance_and_formula():
    table = places_download("vi")
    lines = list(csv.reader(io.StringIO(export.to_csv(table).decode("utf-8-sig"))))
    header = lines[0]
    pct = header.index("So với kế hoạch (%)")
    assert header[pct + 1 :] == ["Trạng thái", "Nguồn gốc", "So với kế hoạch: nguồn gốc số liệu", "Công thức"]
    got = {line[1]: (line[pct], line[pct + 3], line[pct + 4]) for line in lines[1:]}
    assert got == PLACES_EXPECTED["vi"]
    sheet = list(load_workbook(io.BytesIO(export.to_xlsx(table))).active.iter_rows(values_only=True))
    cells = {row[1]: (row[pct], row[pct + 3], row[pct + 4]) for row in sheet[1:]}
    assert cells["Phường Ngọc Hà"] == (79.4, "Tính toán", "100 × Thực hiện ÷ Kế hoạch")
    assert cells["c00094"] == (50, "Số báo cáo", None)


def test_places_download_in_english_names_the_calculation():
    table = places_download("en")
    row = table[table.iloc[:, 1] == "Phuong Ngoc Ha"].iloc[0].tolist()
    assert row[4] == 79.4 and row[-2:] == ["Calculated", "100 × Actual ÷ Plan"], row


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_briefing_workbook_writes_a_derived_change_to_the_decimal_the_screen_shows(data_copy, lang):
    """2024's jobs against 2023's 25.953: −6,330674681154394%, shown "−6,3%"; the workbook's cell
    is −6.3, marked calculated with its formula."""
    from lib.data import store
    from lib.report import briefing, report

    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write("jobs_created,province,2024,actual,24310,exact,user,Báo cáo Sở 2024,,\n")
    b = briefing.build(store.open_dir(data_copy).cursor(), 2024, lang, simulate=False)
    sheet = load_workbook(io.BytesIO(report.xlsx_bytes(b)))[{"vi": "Lao động", "en": "Labour"}[lang]]
    (change,) = [
        row
        for row in sheet.iter_rows(values_only=True)
        if (row[1], *row[12:]) == (2024, "jobs_created", "change_pct")
    ]
    assert change[3] == -6.3
    assert change[6] == {"vi": "Tính toán", "en": "Calculated"}[lang] and change[7]
    percents = [
        row[3]
        for ws in load_workbook(io.BytesIO(report.xlsx_bytes(b)))
        for row in ws.iter_rows(min_row=2, values_only=True)
        if len(row) > 13 and row[13] in ("pct_of_target", "change_pct") and row[3] is not None
    ]
    assert percents and all(round(p, 1) == p for p in percents), percents
