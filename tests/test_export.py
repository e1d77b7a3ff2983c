"""Downloads: CSV in UTF-8 with BOM and XLSX, numbers as numbers, formulas neutralised."""

from __future__ import annotations

import csv
import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from lib.data import queries
from lib.report import charts, export

TABLE = pd.DataFrame(
    {
        "Chỉ tiêu": ["Lượt lao động được tạo việc làm mới", '=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)"],
        "Giá trị": [25953.0, 4.87, -5.0, 0.0, None],
        "Số": [1, 2, 3, 4, 5],
    }
)


def read_csv(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(data: bytes) -> list[tuple]:
    return list(load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))


def test_csv_starts_with_a_byte_order_mark_so_excel_reads_vietnamese():
    data = export.to_csv(TABLE)
    assert data.startswith(b"\xef\xbb\xbf")
    assert read_csv(data)[0] == ["Chỉ tiêu", "Giá trị", "Số"]


def test_csv_rows_neutralise_formulas_and_keep_numbers_plain():
    assert read_csv(export.to_csv(TABLE))[1:] == [
        ["Lượt lao động được tạo việc làm mới", "25953", "1"],  # a whole number, no ".0"
        ['\'=HYPERLINK("http://x")', "4.87", "2"],
        ["'+1", "-5", "3"],
        ["'-2", "0", "4"],
        ["'@SUM(A1)", "", "5"],
    ]


def test_xlsx_keeps_numbers_as_numeric_cells_and_neutralises_text():
    assert read_xlsx(export.to_xlsx(TABLE)) == [
        ("Chỉ tiêu", "Giá trị", "Số"),
        ("Lượt lao động được tạo việc làm mới", 25953, 1),
        ('\'=HYPERLINK("http://x")', 4.87, 2),
        ("'+1", -5, 3),
        ("'-2", 0, 4),
        ("'@SUM(A1)", None, 5),
    ]
    cell = load_workbook(io.BytesIO(export.to_xlsx(TABLE))).active["B2"]
    assert cell.data_type == "n"


@pytest.mark.parametrize(
    ("value", "expected"),
    [("=1+1", "'=1+1"), ("+84 912", "'+84 912"), ("-", "'-"), ("@a", "'@a"), ("\tx", "'\tx"),
     ("Toàn tỉnh", "Toàn tỉnh"), ("", ""), (12.5, 12.5), (-3, -3), (None, None)],
)  # fmt: skip
def test_safe_text(value, expected):
    assert export.safe_text(value) == expected


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_downloaded_files_hold_exactly_the_table_shown(con, lang):
    shown = charts.table(charts.bullet_data(queries.explore_table(con), lang), charts.BULLET_COLUMNS, lang)
    rows = read_xlsx(export.to_xlsx(shown))
    assert rows[0] == tuple(shown.columns)
    assert len(rows) - 1 == len(shown) == len(read_csv(export.to_csv(shown))) - 1
    jobs = next(r for r in rows if r[3] == 25953)
    assert (jobs[2], jobs[4]) == ("2023", 22182)  # a calculated count is whole, as on screen
