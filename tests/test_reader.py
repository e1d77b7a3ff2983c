"""The shared reader on the files planners really have: a corpus of awkward and broken files, built here.

Each case asserts the exact figures loaded or the exact problems reported, as `FILE:LINE: COLUMN: ...`.
"""

from __future__ import annotations

import io
import unicodedata

import openpyxl
import pytest

from lib import settings
from lib.__main__ import main
from lib.data import validate

CATALOGUE = validate.validate_paths([settings.BUNDLED_DATA_DIR / "indicators.csv"], {})[0].frame
UNITS = dict(zip(CATALOGUE["indicator_id"], CATALOGUE["unit"], strict=True))
NAMES = validate.name_index(CATALOGUE)
JOBS_VI = "Lượt lao động được tạo việc làm mới"
TRAINING_VI = "Tuyển sinh đào tạo giáo dục nghề nghiệp"
TONE_MARKS = {"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"}


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 writes Vietnamese: base letters precomposed, tone marks combining."""
    out = b""
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONE_MARKS))
        out += base.encode("cp1258") + "".join(c for c in parts if c in TONE_MARKS).encode("cp1258")
    return out


def xlsx(rows: list[list], title: str = "KQ 2023", percent_cols: tuple[int, ...] = ()) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    for col in percent_cols:
        for (cell,) in sheet.iter_rows(min_col=col, max_col=col):
            cell.number_format = "0.0%"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read(data: bytes, file: str = "f.csv") -> validate.FileResult:
    return validate.validate_bytes(data, file, UNITS, NAMES)


def figures(result: validate.FileResult) -> list[tuple]:
    assert result.problems == [], [p.text() for p in result.problems]
    frame = result.frame
    return list(
        zip(
            frame["indicator_id"],
            frame["area"],
            frame["period"],
            frame["measure"],
            frame["value"],
            strict=True,
        )
    )


def problems(result: validate.FileResult, lang: str = "en") -> list[str]:
    return [p.text(lang) for p in result.problems]


def notes(result: validate.FileResult) -> list[str]:
    return [p.text() for p in result.notes]


WIDE_VI = (
    "Chỉ tiêu;Năm;Kế hoạch;Thực hiện;Tỷ lệ (%)\n"
    f"{JOBS_VI};2023;22.182;25.953;117\n"
    f"{TRAINING_VI};2023;8.000;13.575;169,7\n"
    "Tổng cộng;;30.182;39.528;\n"
)
WIDE_VI_FIGURES = [
    ("jobs_created", "province", "2023", "target", 22182.0),
    ("jobs_created", "province", "2023", "actual", 25953.0),
    ("jobs_created", "province", "2023", "pct_of_target", 117.0),
    ("vocational_enrolment", "province", "2023", "target", 8000.0),
    ("vocational_enrolment", "province", "2023", "actual", 13575.0),
    ("vocational_enrolment", "province", "2023", "pct_of_target", 169.7),
]


@pytest.mark.parametrize(
    ("data", "read_as"),
    [
        (WIDE_VI.encode("utf-8"), "read as UTF-8 text, separator ;"),
        (b"\xef\xbb\xbf" + WIDE_VI.encode("utf-8"), "read as UTF-8 text, separator ;"),
        (cp1258(WIDE_VI), "read as Windows-1258 text, separator ;"),
        (
            cp1258(WIDE_VI.replace(";", ",").replace("169,7", '"169,7"')),
            "read as Windows-1258 text, separator ,",
        ),
        # Excel's "Unicode text": UTF-16 with a BOM, tab-separated.
        (WIDE_VI.replace(";", "\t").encode("utf-16"), "read as UTF-16 text, separator tab"),
        (WIDE_VI.replace(";", "\t").encode("utf-16-le"), "read as UTF-16 text, separator tab"),
    ],
    ids=["utf8", "utf8-bom", "cp1258-semicolon", "cp1258-comma-quoted", "utf16-bom-tab", "utf16le-no-bom"],
)
def test_planners_wide_sheet_in_every_encoding_and_separator(data, read_as):
    result = read(data)
    assert figures(result) == WIDE_VI_FIGURES
    assert notes(result) == [
        f"f.csv: {read_as}",
        "f.csv: no area column: every figure is for the whole province",
        "f.csv:4: totals row left out (seen 'Tổng cộng')",
        "f.csv:2: Kế hoạch: figures in count units are whole numbers, "
        "so '22.182' is 22,182 in any style (4 cells)",
        "f.csv: numbers read in Vietnamese style: a dot separates thousands, a comma the decimals (25.953 is "
        "twenty-five thousand nine hundred and fifty-three; 169,7 is one hundred and sixty-nine point seven)",
    ]


def test_canonical_long_file_with_plain_numbers():
    body = (
        "indicator_id,area,period,measure,value,bound,provenance\n"
        "jobs_created,province,2023,actual,25953,,reported\n"
        "vocational_enrolment,province,2023,pct_of_target,169.7,,\n"
        "merit_gifts_value,province,2023,actual,6960000000,more_than,reported\n"
    )
    result = read(body.encode())
    assert figures(result) == [
        ("jobs_created", "province", "2023", "actual", 25953.0),
        ("vocational_enrolment", "province", "2023", "pct_of_target", 169.7),
        ("merit_gifts_value", "province", "2023", "actual", 6960000000.0),
    ]
    assert result.frame["bound"].tolist() == ["exact", "exact", "more_than"]
    assert result.frame["provenance"].tolist() == ["reported", "user", "reported"]


def test_english_headers_and_names_with_plain_decimals():
    body = (
        "Indicator,Area,Year,Plan,Actual,% of target\n"
        "Workers given new jobs,province,2023,22182,25953,117\n"
        "Vocational training enrolment,province,2023,8000,13575,169.7\n"
    )
    assert figures(read(body.encode())) == WIDE_VI_FIGURES


def test_headers_match_ignoring_case_accents_and_spacing():
    body = f"  CHI TIEU , nam,KE   HOACH,thuc hien\n{JOBS_VI.upper()},2024,22550,\n"
    assert figures(read(body.encode())) == [("jobs_created", "province", "2024", "target", 22550.0)]


def test_id_and_name_columns_area_spelled_out_and_unit_words():
    body = (
        "Mã chỉ tiêu,Tên chỉ tiêu,Địa bàn,Năm,Đơn vị tính,Thực hiện\n"
        f"jobs_created,{JOBS_VI},Toàn tỉnh,2023,lượt người,25953\n"
        "poverty_rate_fall,Mức giảm tỷ lệ hộ nghèo,Province-wide,2023,%,4.87\n"
        "temporary_homes_removed,Xóa nhà tạm,Huyện A,2023,hộ,120\n"
    )
    result = read(body.encode())
    assert figures(result) == [
        ("jobs_created", "province", "2023", "actual", 25953.0),
        ("poverty_rate_fall", "province", "2023", "actual", 4.87),
        ("temporary_homes_removed", "Huyện A", "2023", "actual", 120.0),
    ]
    assert "f.csv:1: columns not used (seen 'Tên chỉ tiêu')" in notes(result)


def test_vietnamese_thousands_and_decimal_comma_in_one_number():
    body = "Chỉ tiêu;Kỳ;Thực hiện\nmerit_gifts_value;2023;6.960.000.000\npoverty_rate_fall;2023;1.234.567,5\n"
    assert figures(read(body.encode())) == [
        ("merit_gifts_value", "province", "2023", "actual", 6960000000.0),
        ("poverty_rate_fall", "province", "2023", "actual", 1234567.5),
    ]


def test_year_and_month_columns_make_a_monthly_period_tab_separated():
    body = "Chỉ tiêu\tĐịa bàn\tNăm\tTháng\tThực hiện\njobs_created\tprovince\t2024\t3\t2100\n"
    assert figures(read(body.encode())) == [("jobs_created", "province", "2024-03", "actual", 2100.0)]


def test_excel_sheet_with_title_rows_totals_row_and_percent_cells():
    data = xlsx(
        [
            ["BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU NĂM 2023"],
            ["(Kèm theo báo cáo số 12/BC-SLĐTBXH)"],
            [],
            ["STT", "Chỉ tiêu", "Đơn vị tính", "Năm", "Kế hoạch", "Thực hiện", "Tỷ lệ"],
            [1, JOBS_VI, "người", 2023, 22182, 25953, 1.17],
            [2, TRAINING_VI, "người", 2023, 8000, 13575, 1.697],
            [None, "Tổng cộng", None, None, 30182, 39528, None],
        ],
        percent_cols=(7,),
    )
    result = read(data, "kq.xlsx")
    assert figures(result) == WIDE_VI_FIGURES
    assert notes(result) == [
        "kq.xlsx:KQ 2023!1: title rows KQ 2023!1 to KQ 2023!2 above the header left out",
        "kq.xlsx:KQ 2023!4: row-number column left out (seen 'STT')",
        "kq.xlsx: no area column: every figure is for the whole province",
        "kq.xlsx:KQ 2023!7: totals row left out (seen 'Tổng cộng')",
    ]


def test_excel_date_cells_are_monthly_periods():
    import datetime

    data = xlsx([["Chỉ tiêu", "Kỳ", "Thực hiện"], ["jobs_created", datetime.datetime(2024, 3, 1), 2100]])
    assert figures(read(data, "t.xlsx")) == [("jobs_created", "province", "2024-03", "actual", 2100.0)]


def test_excel_problems_name_sheet_and_row_as_the_spreadsheet_numbers_them():
    data = xlsx(
        [
            ["Kết quả 2023"],
            ["Chỉ tiêu", "Năm", "Thực hiện"],
            [JOBS_VI, 2023, "25 nghìn"],
            ["Việc làm mới", 2023, 5],
        ],
        title="Lao động",
    )
    assert problems(read(data, "kq.xlsx")) == [
        "kq.xlsx:Lao động!3: Thực hiện: not a number (seen '25 nghìn'; expected 25953 | 169.7)",
        "kq.xlsx:Lao động!4: Chỉ tiêu: indicator not in the catalogue "
        "(seen 'Việc làm mới'; expected Workers given new jobs)",
    ]


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            # 25.953 đồng and 13.575 đồng could be thousands or decimals, and nothing else in the file
            # says (were they people, the unit would settle it: a count is whole).
            "Chỉ tiêu;Năm;Thực hiện\nmerit_gifts_value;2023;25.953\nmerit_housing_value;2023;13.575\n",
            [
                "f.csv:2: Thực hiện: cannot tell the number style: this may mean 25,953 (twenty-five "
                "thousand nine hundred and fifty-three) or 25.953 (twenty-five point nine five three), and "
                "no other number in the file says which style the file uses; write the whole number "
                "without separators (25953), or write a decimal elsewhere in the file (169,7 or 169.7) to "
                "show the style (seen '25.953')"
            ],
        ),
        (
            "Chỉ tiêu;Năm;Thực hiện\njobs_created;2023;25.953\npoverty_rate_fall;2023;4.87\n"
            "poverty_rate_fall;2024;169,7\n",
            [
                "f.csv:4: Thực hiện: a number in Vietnamese style (25.953; 169,7), but line 3 writes 4.87 in "
                "international style (25953; 169.7): use one style in the whole file (seen '169,7')"
            ],
        ),
        (
            "Chỉ tiêu;Năm;Thực hiện\njobs_created;2023;25.95a\npoverty_rate_fall;2023;169,7\n",
            ["f.csv:2: Thực hiện: not a number (seen '25.95a'; expected 25.953 | 169,7)"],
        ),
        (
            f"Chỉ tiêu,Năm,Thực hiện\n{JOBS_VI[:-3]},2023,1\n",
            [
                "f.csv:2: Chỉ tiêu: indicator not in the catalogue "
                "(seen 'Lượt lao động được tạo việc làm'; expected Workers given new jobs)"
            ],
        ),
        (
            "Chỉ tiêu,Năm,Thực hiện,Đơn vị tính\nmerit_gifts_value,2023,6.96,tỷ đồng\n",
            [
                "f.csv:2: Đơn vị tính: unit differs from the catalogue's unit for this indicator; "
                "convert the figure first (seen 'tỷ đồng'; expected VND)"
            ],
        ),
        (
            "Chỉ tiêu,Năm,Kế hoạch,Plan\njobs_created,2023,1,2\n",
            ["f.csv:1: Plan: two columns mean the same thing (seen 'Plan')"],
        ),
        (
            "Chỉ tiêu,Thực hiện\njobs_created,1\n",
            [
                "f.csv:1: no period column (seen 'Chỉ tiêu, Thực hiện'; "
                "expected a column Year or Period (2024, or 2024-05 for a month) (Năm | Kỳ))"
            ],
        ),
        (
            "Chỉ tiêu;Năm;Thực hiện\njobs_created;2023;-5\n",
            [
                "f.csv:2: Thực hiện: negative where the unit cannot be negative "
                "(seen '-5'; expected 0 or more)"
            ],
        ),
    ],
    ids=[
        "undecidable",
        "mixed",
        "not-number-vi",
        "unknown-name",
        "unit",
        "dup-column",
        "no-period",
        "negative",
    ],
)
def test_each_error_kind_is_reported_exactly(body, expected):
    assert problems(read(body.encode())) == expected


def test_vietnamese_message_for_undecidable_style():
    body = "Chỉ tiêu;Năm;Thực hiện\nmerit_gifts_value;2023;25.953\n"
    assert problems(read(body.encode()), "vi") == [
        "f.csv:2: Thực hiện: không xác định được kiểu số: giá trị này có thể là 25.953 (hai mươi lăm nghìn "
        "chín trăm năm mươi ba) hoặc 25,953 (hai mươi lăm phẩy chín năm ba), và không số nào khác trong "
        "tệp cho biết tệp viết số theo kiểu nào; hãy viết số nguyên không có dấu ngăn cách (25953), hoặc "
        "viết một số thập phân ở chỗ khác trong tệp (169,7 hay 169.7) để cho biết kiểu số (thấy '25.953')"
    ]


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (
            b"PK\x03\x04 not really a workbook",
            [
                "f.xlsx: the Excel file is damaged or was not saved completely (as happens when a file is "
                "uploaded or copied while it is still being saved, or a download was cut off): open it in "
                "Excel, save it again and upload it; if Excel cannot open it, get the original file again"
            ],
        ),
        (
            b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64,
            [
                "f.xlsx: the file is in the old Excel format (.xls, Excel 97–2003), even if its name ends in "
                ".xlsx: open it in Excel, choose Save As › Excel Workbook (.xlsx) and upload the new file"
            ],
        ),
        (b"a,b\n" + b"x" * (10 * 1024 * 1024), ["f.xlsx: the file is too large (10.0 MB; at most 10 MB)"]),
        (
            b'"unclosed,quote\n' + b"y" * 200_000,
            [
                'f.xlsx:1: a quote (") opened on this line is never closed, so the rest of the file '
                "would be one cell"
            ],
        ),
    ],
    ids=["damaged-xlsx", "old-xls", "too-large", "runaway-quote"],
)
def test_files_that_cannot_be_read_say_why(data, expected):
    assert problems(read(data, "f.xlsx")) == expected


def test_row_and_cell_limits(monkeypatch):
    monkeypatch.setattr(validate, "LIMITS", validate.Limits(max_rows=2, max_cells=6))
    three_rows = (
        "Chỉ tiêu,Năm,Thực hiện\n" + "jobs_created,2021,1\njobs_created,2022,1\njobs_created,2023,1\n"
    )
    assert problems(read(three_rows.encode())) == ["f.csv: too many rows (3; at most 2)"]
    wide = "Chỉ tiêu,Năm,Kế hoạch,Thực hiện\njobs_created,2022,1,1\njobs_created,2023,1,1\n"
    assert problems(read(wide.encode())) == ["f.csv: too many cells (8; at most 6)"]


def test_cli_reports_excel_rows_as_sheet_and_row(tmp_path, capsys):
    path = tmp_path / "kq.xlsx"
    path.write_bytes(
        xlsx([["Tiêu đề"], ["Chỉ tiêu", "Năm", "Thực hiện"], [JOBS_VI, 2023, "abc"]], title="S1")
    )
    assert main(["validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:S1!3: Thực hiện: not a number (seen 'abc'; expected 25953 | 169.7)"
    ]


def test_cli_accepts_a_planners_sheet_named_in_vietnamese(tmp_path, capsys):
    path = tmp_path / "kh.csv"
    path.write_bytes(cp1258(WIDE_VI))
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{path}: ok, 6 rows of observations"]
