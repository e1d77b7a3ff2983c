"""Issue 10's classes of misread files, each built here at its nastiest: read right or refused by name.

Every case asserts what a planner would see: the figures loaded, or the problem with its cell.
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
import zipfile

import openpyxl
import pytest

from lib import units
from lib.data import validate
from tests.test_reader import JOBS_VI, NAMES, TRAINING_VI, UNITS, cp1258, figures, notes, problems, read


def book_bytes(book: openpyxl.Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def sheet(rows: list[list], title: str = "KQ") -> tuple[openpyxl.Workbook, object]:
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = title
    for row in rows:
        ws.append(row)
    return book, ws


def codes(result: validate.FileResult) -> list[tuple[str, str, str, str]]:
    return [(p.line, p.column, p.code, p.value) for p in result.problems]


# ---------------------------------------------------------------- 1. numbers and their unit


def test_english_excel_csv_reads_thousands_commas_in_count_columns():
    body = (
        "Chỉ tiêu,Năm,Kế hoạch,Thực hiện,Tỷ lệ (%)\n"
        f'{JOBS_VI},2023,"22,200","25,953",116.9\n'
        f'{TRAINING_VI},2023,"8,000","13,575",169.7\n'
    )
    result = read(body.encode())
    assert figures(result) == [
        ("jobs_created", "province", "2023", "target", 22200.0),
        ("jobs_created", "province", "2023", "actual", 25953.0),
        ("jobs_created", "province", "2023", "pct_of_target", 116.9),
        ("vocational_enrolment", "province", "2023", "target", 8000.0),
        ("vocational_enrolment", "province", "2023", "actual", 13575.0),
        ("vocational_enrolment", "province", "2023", "pct_of_target", 169.7),
    ]
    assert (
        "f.csv:2: Kế hoạch: figures in count units are whole numbers, "
        "so '22,200' is 22,200 in any style (4 cells)" in notes(result)
    )


@pytest.mark.parametrize("written", ["25,953", "25.953"])
def test_a_count_is_whole_in_any_style_even_alone(written):
    body = f"Chỉ tiêu;Năm;Thực hiện\njobs_created;2023;{written}\n"
    result = read(body.encode())
    assert figures(result) == [("jobs_created", "province", "2023", "actual", 25953.0)]
    assert any("whole numbers" in n for n in notes(result))


def test_a_fractional_count_is_refused():
    body = "Chỉ tiêu;Năm;Thực hiện\njobs_created;2023;25,95\n"
    assert codes(read(body.encode())) == [("2", "Thực hiện", "count_fraction", "25,95")]


def test_money_column_with_conflicting_marks_is_refused_naming_both_cells():
    body = "Chỉ tiêu;Năm;Thực hiện\nmerit_gifts_value;2022;22,5\nmerit_gifts_value;2023;22,200\n"
    result = read(body.encode())
    assert [p.code for p in result.problems] == ["number_style_three_decimals"]
    text = problems(result)[0]
    assert text.startswith("f.csv:3: Thực hiện:") and "line 2" in text and "22,5" in text, text


def test_money_decimals_read_when_the_file_groups_thousands_with_the_other_mark():
    body = "Chỉ tiêu;Năm;Thực hiện\nmerit_gifts_value;2022;1.234,5\nmerit_gifts_value;2023;22,200\n"
    assert [f[4] for f in figures(read(body.encode()))] == [1234.5, 22.2]


def test_a_percent_is_not_a_count():
    body = "Chỉ tiêu;Năm;Tỷ lệ\njobs_created;2023;116,9\n"
    assert figures(read(body.encode())) == [("jobs_created", "province", "2023", "pct_of_target", 116.9)]


def test_canonical_data_folder_stays_strict():
    body = 'indicator_id,area,period,measure,value\njobs_created,province,2023,actual,"25,953"\n'
    result = validate.validate_bytes(body.encode(), "o.csv", UNITS, number_style="plain")
    assert codes(result) == [("2", "value", "not_number", "25,953")]


# ---------------------------------------------------------------- 2. hidden sheets


@pytest.mark.parametrize("state", ["hidden", "veryHidden"])
def test_hidden_sheets_are_never_read(state):
    book, old = sheet([["Chỉ tiêu", "Năm", "Thực hiện"], ["jobs_created", 2023, 1]], title="Cũ")
    old.sheet_state = state
    new = book.create_sheet("Mới")
    for row in [["Chỉ tiêu", "Năm", "Thực hiện"], ["jobs_created", 2023, 25953]]:
        new.append(row)
    result = read(book_bytes(book), "k.xlsx")
    assert figures(result) == [("jobs_created", "province", "2023", "actual", 25953.0)]
    assert "k.xlsx: hidden sheets not read (seen 'Cũ')" in notes(result)


def test_a_workbook_with_only_hidden_sheets_is_refused():
    book, ws = sheet([["Chỉ tiêu", "Năm", "Thực hiện"], ["jobs_created", 2023, 1]])
    ws.sheet_state = "hidden"
    book.create_sheet("Trống")
    result = read(book_bytes(book), "k.xlsx")
    assert [p.code for p in result.problems] == ["empty_file"]


# ---------------------------------------------------------------- 3. months


def test_period_and_month_columns_make_a_month():
    body = "Chỉ tiêu;Kỳ;Tháng;Thực hiện\njobs_created;2023;5;2.100\njobs_created;2023;;25.953\n"
    assert figures(read(body.encode())) == [
        ("jobs_created", "province", "2023-05", "actual", 2100.0),
        ("jobs_created", "province", "2023", "actual", 25953.0),
    ]


@pytest.mark.parametrize("month", ["Tháng 5", "T5", "05", "5/2023"])
def test_month_written_as_planners_write_it(month):
    body = f"Chỉ tiêu;Năm;Tháng;Thực hiện\njobs_created;2023;{month};2100\n"
    assert figures(read(body.encode())) == [("jobs_created", "province", "2023-05", "actual", 2100.0)]


@pytest.mark.parametrize("month", ["13", "Tháng mười ba", "0", "6/2022"])
def test_a_bad_month_is_blamed_on_the_month_column_with_the_value_typed(month):
    body = f"Chỉ tiêu;Năm;Tháng;Thực hiện\njobs_created;2023;{month};2100\n"
    assert codes(read(body.encode())) == [("2", "Tháng", "bad_month", month)]


def test_a_month_without_a_year_is_refused():
    body = "Chỉ tiêu;Tháng;Thực hiện\njobs_created;5;2100\n"
    assert [p.message("vi") for p in read(body.encode()).problems] == [
        "thiếu cột năm (thấy 'Chỉ tiêu, Tháng, Thực hiện'; cần một cột Năm hoặc Kỳ bên cạnh cột Tháng)"
    ]


def test_excel_month_and_period_cells():
    rows = [["Chỉ tiêu", "Kỳ", "Tháng", "Thực hiện"], ["jobs_created", 2023, 5, 2100]]
    assert figures(read(book_bytes(sheet(rows)[0]), "m.xlsx")) == [
        ("jobs_created", "province", "2023-05", "actual", 2100.0)
    ]


# ---------------------------------------------------------------- 4. Excel formats


def test_date_formatted_as_year_under_nam_is_the_year():
    book, ws = sheet(
        [["Chỉ tiêu", "Năm", "Thực hiện"], ["jobs_created", datetime.datetime(2023, 1, 1), 25953]]
    )
    ws["B2"].number_format = "yyyy"
    assert figures(read(book_bytes(book), "y.xlsx")) == [
        ("jobs_created", "province", "2023", "actual", 25953.0)
    ]


@pytest.mark.parametrize("fmt", ["mm/yyyy", "m/yyyy", "mmm-yy", "yyyy-mm"])
def test_date_formatted_as_month_is_the_month(fmt):
    book, ws = sheet([["Chỉ tiêu", "Kỳ", "Thực hiện"], ["jobs_created", datetime.datetime(2023, 5, 1), 2100]])
    ws["B2"].number_format = fmt
    assert figures(read(book_bytes(book), "y.xlsx")) == [
        ("jobs_created", "province", "2023-05", "actual", 2100.0)
    ]


def test_a_full_date_under_nam_is_refused_as_shown():
    book, ws = sheet([["Chỉ tiêu", "Năm", "Thực hiện"], ["jobs_created", datetime.datetime(2023, 5, 17), 1]])
    ws["B2"].number_format = "dd/mm/yyyy"
    assert codes(read(book_bytes(book), "y.xlsx")) == [("KQ!2", "Năm", "bad_period", "17/05/2023")]


# ---------------------------------------------------------------- 5. formulas without values


def test_formulas_without_cached_values_are_named():
    book, ws = sheet(
        [["Chỉ tiêu", "Năm", "Kế hoạch", "Thực hiện"], ["jobs_created", 2023, 22182, "=C2*1.17"]],
        title="S",
    )
    ws.append(["vocational_enrolment", 2023, 8000, "=C3+5575"])
    result = read(book_bytes(book), "f.xlsx")
    assert codes(result) == [("", "", "formula_no_value", "S!D2, S!D3")]
    assert "open and save the file in Excel" in problems(result)[0]


# ---------------------------------------------------------------- 6. NFC


def test_nfd_text_in_excel_is_one_area_and_one_indicator():
    nfd = unicodedata.normalize("NFD", "Huyện Đắk Mil")
    rows = [
        ["Chỉ tiêu", "Địa bàn", "Năm", "Thực hiện"],
        [unicodedata.normalize("NFD", JOBS_VI), nfd, 2022, 1],
        [JOBS_VI, "Huyện Đắk Mil", 2023, 2],
    ]
    frame = read(book_bytes(sheet(rows)[0]), "n.xlsx").frame
    assert frame["area"].tolist() == ["Huyện Đắk Mil", "Huyện Đắk Mil"]
    assert frame["indicator_id"].tolist() == ["jobs_created", "jobs_created"]


def test_nfd_text_in_csv_is_composed():
    body = (
        f"Chỉ tiêu;Địa bàn;Năm;Thực hiện\njobs_created;{unicodedata.normalize('NFD', 'Huyện Ý Yên')};2023;1\n"
    )
    assert read(body.encode()).frame["area"].tolist() == ["Huyện Ý Yên"]


# ---------------------------------------------------------------- 7. layouts


def test_two_row_header_with_a_merged_year_group():
    book, ws = sheet(
        [
            ["STT", "Chỉ tiêu", "Năm 2023", None, "Năm 2024"],
            [None, None, "Kế hoạch", "Thực hiện", "Kế hoạch"],
            ["I", "Lĩnh vực lao động", None, None, None],
            [1, JOBS_VI, 22182, 25953, 22550],
        ]
    )
    ws.merge_cells("C1:D1")
    result = read(book_bytes(book), "h.xlsx")
    assert figures(result) == [
        ("jobs_created", "province", "2023", "target", 22182.0),
        ("jobs_created", "province", "2023", "actual", 25953.0),
        ("jobs_created", "province", "2024", "target", 22550.0),
    ]
    assert "h.xlsx:KQ!3: section row left out (seen 'Lĩnh vực lao động')" in notes(result)


def test_two_row_header_in_csv_with_measure_group_over_years():
    body = f"Chỉ tiêu;Thực hiện;\n;Năm 2022;Năm 2023\n{JOBS_VI};24.100;25.953\n"
    assert figures(read(body.encode())) == [
        ("jobs_created", "province", "2022", "actual", 24100.0),
        ("jobs_created", "province", "2023", "actual", 25953.0),
    ]


def test_measure_and_year_in_one_header_cell():
    body = f"TT;Chỉ tiêu;KH 2024;Thực hiện năm 2023;Kế hoạch năm 2023\n1;{JOBS_VI};22.550;25.953;22.182\n"
    assert figures(read(body.encode())) == [
        ("jobs_created", "province", "2024", "target", 22550.0),
        ("jobs_created", "province", "2023", "actual", 25953.0),
        ("jobs_created", "province", "2023", "target", 22182.0),
    ]


def test_years_as_columns_under_a_title_saying_results_are_actuals():
    body = f"BÁO CÁO KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU\nChỉ tiêu;Năm 2022;Năm 2023\n{JOBS_VI};24.100;25.953\n"
    result = read(body.encode())
    assert figures(result) == [
        ("jobs_created", "province", "2022", "actual", 24100.0),
        ("jobs_created", "province", "2023", "actual", 25953.0),
    ]
    assert any("read as actuals" in n for n in notes(result))


def test_years_as_columns_without_a_measure_are_refused_in_the_users_words():
    body = f"Chỉ tiêu;Năm 2022;Năm 2023\n{JOBS_VI};24.100;25.953\n"
    result = read(body.encode())
    assert codes(result) == [("1", "", "years_without_measure", "Chỉ tiêu, Năm 2022, Năm 2023")]
    assert "Thực hiện 2023" in problems(result, "vi")[0]


def test_section_rows_and_numbering_are_left_out():
    body = (
        "STT;Chỉ tiêu;Năm;Thực hiện\n"
        "I;Lĩnh vực lao động;;\n"
        f"1;{JOBS_VI};2023;25.953\n"
        "II.;LĨNH VỰC NGƯỜI CÓ CÔNG;;\n"
        "1.1;- Giá trị quà tặng người có công;2023;6.960.000.000\n"
    )
    result = read(body.encode())
    assert figures(result) == [
        ("jobs_created", "province", "2023", "actual", 25953.0),
        ("merit_gifts_value", "province", "2023", "actual", 6960000000.0),
    ]
    assert "f.csv:2: section row left out (seen 'Lĩnh vực lao động')" in notes(result)
    assert not any("columns not used" in n for n in notes(result))


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_unknown_kind_names_headers_found_and_expected(lang):
    result = read("Họ tên;Ngày sinh;Địa chỉ\nA;1/1/1990;X\n".encode())
    assert codes(result) == [("1", "", "unknown_kind", "Họ tên, Ngày sinh, Địa chỉ")]
    text = problems(result, lang)[0]
    assert ("Chỉ tiêu" in text) and ("Thực hiện" in text) and ("indicator_id" in text), text


# ---------------------------------------------------------------- 8. limits before the work


def shared_strings_bomb(size_mb: int = 57) -> bytes:
    """A small workbook whose shared strings (registered, referenced by A1) unpack to `size_mb` MB."""
    book, _ = sheet([["Chỉ tiêu", "Năm", "Thực hiện"], ["jobs_created", 2023, 1]])
    out = io.BytesIO()
    strings = b"<si><t>" + b"A" * 1000 + b"</t></si>"
    n = size_mb * 1000
    sst = (
        b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        b'spreadsheetml/2006/main" count="%d" uniqueCount="%d">' % (n, n) + strings * n + b"</sst>"
    )
    with zipfile.ZipFile(io.BytesIO(book_bytes(book))) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                data = data.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            if info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/'
                    b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            dst.writestr(info.filename, data, zipfile.ZIP_DEFLATED, 9)
        dst.writestr("xl/sharedStrings.xml", sst, zipfile.ZIP_DEFLATED, 9)
    return out.getvalue()


def test_shared_strings_bomb_is_refused_before_reading():
    data = shared_strings_bomb()
    assert len(data) < 400_000
    assert [p.code for p in read(data, "b.xlsx").problems] == ["xlsx_part_too_large"]


def test_a_part_packed_like_a_bomb_is_refused_under_the_size_limits():
    data = shared_strings_bomb(19)
    assert len(data) < 100_000
    assert [p.code for p in read(data, "b.xlsx").problems] == ["xlsx_packed_too_tight"]


def test_a_sheet_whose_dimension_lies_is_still_refused_at_its_first_wide_row():
    book, ws = sheet([["Chỉ tiêu", "Năm", "Thực hiện"], ["jobs_created", 2023, 1]])
    ws.cell(row=2, column=300, value="x")
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book_bytes(book))) as src, zipfile.ZipFile(data, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                body = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:C2"/>', body)
            dst.writestr(info.filename, body)
    result = read(data.getvalue(), "x.xlsx")
    assert [(p.line, p.code) for p in result.problems] == [("KQ!2", "too_many_columns")]


def test_a_stale_dimension_does_not_cut_cells_off():
    book, ws = sheet([["Chỉ tiêu", "Năm", "Kế hoạch", "Thực hiện"], ["jobs_created", 2023, 22182, 25953]])
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book_bytes(book))) as src, zipfile.ZipFile(data, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                body = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:B1"/>', body)
            dst.writestr(info.filename, body)
    assert [f[3:] for f in figures(read(data.getvalue(), "d.xlsx"))] == [
        ("target", 22182.0),
        ("actual", 25953.0),
    ]


def test_a_cell_in_the_last_column_is_refused_by_the_dimension():
    book, ws = sheet([["Chỉ tiêu", "Năm", "Thực hiện"]])
    for n in range(2, 2000):
        ws.append(["jobs_created", 2000 + n, 1])
        ws.cell(row=n, column=16384, value="x")
    assert [p.code for p in read(book_bytes(book), "x.xlsx").problems] == ["too_many_columns"]


def test_too_many_parts_are_refused():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for n in range(5000):
            z.writestr(f"x/{n}.xml", b"")
    assert [p.code for p in read(out.getvalue(), "p.xlsx").problems] == ["xlsx_too_many_parts"]


# ---------------------------------------------------------------- 9. text files


def test_cr_only_line_endings_of_old_mac_excel():
    body = "Chỉ tiêu;Năm;Thực hiện\rjobs_created;2023;25.953\rvocational_enrolment;2023;13.575\r"
    assert [f[4] for f in figures(read(cp1258(body)))] == [25953.0, 13575.0]


def test_a_note_up_to_the_limit_is_read_whole():
    note = "ghi chú dài " * 166 + "kết"  # 1.995 characters
    body = f'Chỉ tiêu;Năm;Thực hiện;Ghi chú\njobs_created;2023;25953;"{note}"\n'
    assert read(body.encode()).frame["note"].tolist() == [note]


def test_an_unclosed_quote_names_its_line():
    body = 'Chỉ tiêu;Năm;Thực hiện\njobs_created;2023;"25953\n' + "y" * 200_000
    assert codes(read(body.encode())) == [("2", "", "unclosed_quote", "")]


@pytest.mark.parametrize(
    "data",
    [
        b"Ch\xe1\xbb\x89 ti\xc3\xaau;N\xc4\x83m;Th\xe1\xbb\xb1c hi\xe1\xbb\x87n\n",
        b"indicator_id,area,period,measure,value\n",
    ],
)
def test_a_header_only_file_is_refused(data):
    assert [p.code for p in read(data).problems] == ["no_rows"]


def test_one_stray_byte_in_utf8_names_its_line():
    body = f"Chỉ tiêu;Năm;Thực hiện\n{JOBS_VI};2023;25.953\n".encode() + b"jobs_created;2024;\xff1\n"
    assert codes(read(body)) == [("3", "", "bad_utf8", "0xFF")]


def test_one_extra_cell_gives_one_problem():
    body = "Chỉ tiêu,Năm,Thực hiện\nmerit_gifts_value,2022,22.500\nmerit_gifts_value,2023,169,7\n"
    assert codes(read(body.encode())) == [("3", "", "wrong_cells", "")]


# ---------------------------------------------------------------- 10. magnitudes


@pytest.mark.parametrize("value", [1e26, 1e15, -1e16])
def test_huge_excel_numbers_are_refused_with_the_cell(value):
    rows = [["Chỉ tiêu", "Năm", "Thực hiện"], ["poverty_rate_fall", 2023, value]]
    assert [(p.line, p.code) for p in read(book_bytes(sheet(rows)[0]), "h.xlsx").problems] == [
        ("KQ!2", "too_big")
    ]


def test_huge_text_numbers_are_refused():
    body = (
        "indicator_id,area,period,measure,value\nmerit_gifts_value,province,2023,actual,1" + "0" * 26 + "\n"
    )
    assert [(p.line, p.code) for p in read(body.encode()).problems] == [("2", "too_big")]


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN", "1e5"])
def test_nan_and_inf_are_not_numbers(value):
    body = f"indicator_id,area,period,measure,value\nmerit_gifts_value,province,2023,actual,{value}\n"
    assert [p.code for p in read(body.encode()).problems] == ["not_number"]


def test_count_units_live_in_one_place():
    assert units.COUNTS == {"people", "households", "gifts", "families", "days"}
    assert NAMES  # the shared catalogue fixture is loaded


# ---------------------------------------------------------------- more of each class


def test_formulas_with_cached_values_are_read():
    book, _ = sheet([["Chỉ tiêu", "Năm", "Kế hoạch", "Thực hiện"], ["jobs_created", 2023, 22182, "=C2+3771"]])
    data = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(book_bytes(book))) as src, zipfile.ZipFile(data, "w") as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename.startswith("xl/worksheets/"):
                body = body.replace(b"<f>C2+3771</f><v></v>", b"<f>C2+3771</f><v>25953</v>")
            dst.writestr(info.filename, body)
    assert [f[4] for f in figures(read(data.getvalue(), "c.xlsx"))] == [22182.0, 25953.0]


def test_a_formula_in_a_hidden_sheet_is_not_the_visible_sheets_problem():
    book, old = sheet([["Chỉ tiêu", "Năm", "Thực hiện"], ["jobs_created", 2023, "=1+1"]], title="Nháp")
    old.sheet_state = "hidden"
    new = book.create_sheet("KQ")
    for row in [["Chỉ tiêu", "Năm", "Thực hiện"], ["jobs_created", 2023, 25953]]:
        new.append(row)
    assert figures(read(book_bytes(book), "k.xlsx")) == [
        ("jobs_created", "province", "2023", "actual", 25953.0)
    ]


def test_a_row_year_that_contradicts_the_column_year_is_refused():
    body = f"Chỉ tiêu;Năm;Thực hiện 2023\n{JOBS_VI};2022;25.953\n"
    assert codes(read(body.encode())) == [("2", "Năm", "period_conflict", "2022")]


def test_two_row_csv_header_with_blank_cells_under_a_merged_year():
    body = f'STT,Chỉ tiêu,Năm 2023,\n,,Kế hoạch,Thực hiện\n1,{JOBS_VI},"22,182","25,953"\n'
    assert figures(read(body.encode())) == [
        ("jobs_created", "province", "2023", "target", 22182.0),
        ("jobs_created", "province", "2023", "actual", 25953.0),
    ]


def test_a_catalogue_with_a_header_only_is_refused():
    result = read(b"indicator_id,field,name_vi,name_en,unit,direction\n", "i.csv")
    assert [p.code for p in result.problems] == ["no_rows"]


def test_english_style_money_and_percent():
    body = (
        "Indicator,Year,Plan,Actual,% of target\n"
        'merit_gifts_value,2023,"6,000,000,000.5","6,960,000,000",116.0\n'
        'poverty_rate_fall,2023,1.5,"1,234.75",\n'
    )
    result = read(body.encode())
    assert [f[4] for f in figures(result)] == [6000000000.5, 6960000000.0, 116.0, 1.5, 1234.75]
    assert "f.csv: numbers read in English style (25,953 = twenty-five thousand; 169.7)" in notes(result)


def test_vietnamese_thousands_dot_is_read_when_a_decimal_comma_shows_the_style():
    body = "Chỉ tiêu;Năm;Thực hiện\nmerit_gifts_value;2023;22.200\npoverty_rate_fall;2023;4,87\n"
    assert [f[4] for f in figures(read(body.encode()))] == [22200.0, 4.87]


def test_a_count_with_zero_decimals_is_whole_and_with_others_is_refused():
    ok = "indicator_id,area,period,measure,value\njobs_created,province,2023,actual,12.0\n"
    assert [f[4] for f in figures(read(ok.encode()))] == [12.0]
    rows = [["Chỉ tiêu", "Năm", "Thực hiện"], ["jobs_created", 2023, 25953.5]]
    assert codes(read(book_bytes(sheet(rows)[0]), "c.xlsx")) == [
        ("KQ!2", "Thực hiện", "count_fraction", "25953.5")
    ]


@pytest.mark.parametrize(
    ("period", "expected"),
    [("Năm 2023", "2023"), ("05/2023", "2023-05"), ("Tháng 5/2023", "2023-05"), ("T5 năm 2023", "2023-05")],
)
def test_periods_written_in_words(period, expected):
    body = f"Chỉ tiêu;Kỳ;Thực hiện\njobs_created;{period};2100\n"
    assert [f[2] for f in figures(read(body.encode()))] == [expected]


def test_messages_exist_in_both_languages_for_every_new_problem():
    from lib.i18n import catalogue

    for lang in ("vi", "en"):
        keys = {k for k in catalogue(lang) if k.startswith("problems.")}
        assert {f"problems.{c}" for c in NEW_CODES} <= keys, lang


NEW_CODES = (
    "count_fraction",
    "count_whole",
    "number_style_three_decimals",
    "style_en",
    "hidden_sheets",
    "hidden_cells",
    "bad_month",
    "period_conflict",
    "formula_no_value",
    "section_row",
    "row_number_column",
    "years_as_actuals",
    "years_without_measure",
    "xlsx_too_many_parts",
    "xlsx_part_too_large",
    "xlsx_packed_too_tight",
    "too_many_columns",
    "unclosed_quote",
    "no_rows",
    "bad_utf8",
    "too_big",
)


@pytest.mark.parametrize(
    "title", ["KẾ HOẠCH THỰC HIỆN CÁC CHỈ TIÊU", "Báo cáo kết quả thực hiện kế hoạch", "Số liệu các năm"]
)
def test_years_as_columns_under_a_title_that_may_mean_plans_are_refused(title):
    body = f"{title}\nChỉ tiêu;Năm 2022;Năm 2023\n{JOBS_VI};24.100;25.953\n"
    assert [p.code for p in read(body.encode()).problems] == ["years_without_measure"]


def test_a_group_row_above_a_header_row_gives_the_year():
    body = f";;Năm 2023;\nSTT;Chỉ tiêu;KH;TH/KH (%)\n1;{JOBS_VI};22.182;117\n"
    assert figures(read(body.encode())) == [
        ("jobs_created", "province", "2023", "target", 22182.0),
        ("jobs_created", "province", "2023", "pct_of_target", 117.0),
    ]


def test_an_estimate_column_is_not_read_as_an_actual():
    body = f"Chỉ tiêu;Năm;Kế hoạch;Ước thực hiện\n{JOBS_VI};2023;22.182;25.000\n"
    result = read(body.encode())
    assert figures(result) == [("jobs_created", "province", "2023", "target", 22182.0)]
    assert "f.csv:1: columns not used (seen 'Ước thực hiện')" in notes(result)


def test_a_merged_group_ends_where_its_sub_header_does():
    body = f"STT;Chỉ tiêu;Năm 2023;;\n;;Kế hoạch;Thực hiện;Ghi chú\n1;{JOBS_VI};22.182;25.953;ước\n"
    result = read(body.encode())
    assert [f[3:] for f in figures(result)] == [("target", 22182.0), ("actual", 25953.0)]
    assert result.frame["note"].tolist() == ["ước", "ước"]


@pytest.mark.parametrize(("written", "value"), [("0,875", 0.875), ("0.875", 0.875)])
def test_a_leading_zero_is_never_a_thousands_group(written, value):
    body = f"Chỉ tiêu;Năm;Thực hiện\npoverty_rate_fall;2023;{written}\n"
    assert [f[4] for f in figures(read(body.encode()))] == [value]


def test_hidden_rows_and_columns_are_read_and_said():
    book, ws = sheet(
        [
            ["Chỉ tiêu", "Năm", "Kế hoạch", "Thực hiện"],
            ["jobs_created", 2022, 20000, 24100],
            ["jobs_created", 2023, 22182, 25953],
        ]
    )
    ws.row_dimensions[2].hidden = True
    ws.column_dimensions["C"].hidden = True
    result = read(book_bytes(book), "h.xlsx")
    assert len(figures(result)) == 4
    assert (
        "h.xlsx: hidden rows and columns of the sheet were read as data; unhide them to check "
        "(seen 'KQ!C, KQ!2')" in notes(result)
    )
