"""What a planner reads when an upload is refused, in Vietnamese and in English (review 2, items
3, 4, 8, 9, 10): the headers and indicators in the planner's words, numbers in the UI's number
style, a text cell's length and a period's year limited and named, and the Data page's CSV
download readable by Excel.

Each case asserts the sentence the Data page shows (`datasets.problem_lines`), in both languages.
"""

from __future__ import annotations

import io
import shutil

import fixtures
import openpyxl
import pandas as pd
import pytest

from lib import settings
from lib.data import contract, queries, store, validate
from lib.data.numbers import spoken
from lib.report import export
from lib.state import datasets

CATALOGUE = validate.validate_paths([settings.BUNDLED_DATA_DIR / "indicators.csv"], {})[0].frame
UNITS = dict(zip(CATALOGUE["indicator_id"], CATALOGUE["unit"], strict=True))
NAMES = validate.name_index(CATALOGUE)
JOBS_VI = "Lượt lao động được tạo việc làm mới"
JOBS_EN = "Workers given new jobs"
NEXT_YEARS = contract.LIMITS.max_year


def shown(body: str | bytes, lang: str, file: str = "f.csv") -> list[str]:
    """The problems of an upload as the Data page lists them."""
    data = body.encode() if isinstance(body, str) else body
    result = validate.validate_bytes(data, file, UNITS, NAMES, map_areas=True)
    return datasets.problem_lines(result.problems, lang)


# ---------------------------------------------------------------- item 3: headers and names


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "vi",
            [
                "f.csv, dòng 1: thiếu cột chỉ tiêu (thấy 'Tên, Giá trị, Mô tả'; "
                "cần một cột Chỉ tiêu (tên chỉ tiêu) hoặc Mã chỉ tiêu)",
                "f.csv, dòng 1: thiếu cột loại số liệu (thấy 'Tên, Giá trị, Mô tả'; cần các cột Kế hoạch, "
                "Thực hiện, Tỷ lệ thay cho cột Giá trị, hoặc một cột Loại số liệu bên cạnh cột Giá trị, "
                "ghi Thực hiện, Kế hoạch, Tỷ lệ (so với kế hoạch, %) hoặc So với năm trước (%))",
                "f.csv, dòng 1: thiếu cột kỳ (thấy 'Tên, Giá trị, Mô tả'; "
                "cần một cột Năm hoặc Kỳ (2024, hoặc 2024-05 cho một tháng))",
            ],
        ),
        (
            "en",
            [
                "f.csv, line 1: no indicator column (seen 'Tên, Giá trị, Mô tả'; expected a column "
                "Indicator (the indicator's name) or Indicator id (Chỉ tiêu | Mã chỉ tiêu))",
                "f.csv, line 1: no measure column (seen 'Tên, Giá trị, Mô tả'; expected columns Plan, "
                "Actual, % of plan instead of the column Value (Kế hoạch | Thực hiện | Tỷ lệ), or a column "
                "Measure beside the column Value, holding Actual, Plan, % of plan or Change on previous year "
                "(%), or the codes actual, target, pct_of_target, change_pct)",
                "f.csv, line 1: no period column (seen 'Tên, Giá trị, Mô tả'; "
                "expected a column Year or Period (2024, or 2024-05 for a month) (Năm | Kỳ))",
            ],
        ),
    ],
)
def test_missing_headers_are_named_in_the_planners_words(lang, expected):
    assert shown("Tên,Giá trị,Mô tả\nviệc làm,25953,abc\n", lang) == expected


def test_no_message_about_a_missing_column_names_a_code_column_in_vietnamese():
    lines = shown("Tên,Giá trị,Mô tả\nviệc làm,25953,abc\n", "vi")
    for word in ("cột indicator_id", "cột measure", "cột period", "or columns", "measure ("):
        assert not any(word in line for line in lines), (word, lines)


@pytest.mark.parametrize(
    ("typed", "lang", "expected"),
    [
        # A name close to one of the catalogue's: that indicator, by its name.
        ("Lượt lao động đuợc tạo việc làm", "vi", JOBS_VI),
        ("Lượt lao động đuợc tạo việc làm", "en", JOBS_EN),
        # An id with a typo: the name, and the id the planner was typing.
        ("jobs_creatd", "vi", f"{JOBS_VI} (jobs_created)"),
        ("jobs_creatd", "en", f"{JOBS_EN} (jobs_created)"),
        # Nothing close: a few of the catalogue's indicators by name, never a list of ids.
        (
            "Việc làm mới cho thanh niên",
            "vi",
            f"{JOBS_VI} | Tuyển sinh đào tạo giáo dục nghề nghiệp | Thu thập thông tin người lao động "
            "gắn với cơ sở dữ liệu quốc gia về dân cư (hoàn thành trước thời hạn) | …",
        ),
        (
            "Việc làm mới cho thanh niên",
            "en",
            f"{JOBS_EN} | Vocational training enrolment | Labour data linked to the national "
            "population database (days ahead of deadline) | …",
        ),
    ],
)
def test_an_unknown_indicator_suggests_names_in_the_uis_language(typed, lang, expected):
    (line,) = shown(f"Chỉ tiêu,Năm,Thực hiện\n{typed},2024,1\n", lang)
    head = {"vi": "f.csv, dòng 2, cột Chỉ tiêu: chỉ tiêu không có trong danh mục (thấy", "en": ""}[lang]
    assert line.startswith(head or "f.csv, line 2, column Chỉ tiêu: indicator not in the catalogue (seen")
    assert line.endswith(f"'{typed}'; {'cần' if lang == 'vi' else 'expected'} {expected})")
    assert "labour_data_days_early" not in line and "merit_gifts" not in line


@pytest.mark.parametrize(
    ("typed", "lang", "expected"),
    [
        (
            JOBS_VI,
            "vi",
            f"f.csv, dòng 3: trùng chỉ tiêu, địa bàn, kỳ và loại số liệu với dòng 2 "
            f"(thấy '{JOBS_VI} / Toàn tỉnh / 2024 / Thực hiện')",
        ),
        (
            JOBS_VI,
            "en",
            f"f.csv, line 3: same indicator, area, period and measure as line 2 "
            f"(seen '{JOBS_EN} / Province-wide / 2024 / Actual')",
        ),
        (
            "jobs_created",
            "vi",
            f"f.csv, dòng 3: trùng chỉ tiêu, địa bàn, kỳ và loại số liệu với dòng 2 "
            f"(thấy '{JOBS_VI} (jobs_created) / Toàn tỉnh / 2024 / Thực hiện')",
        ),
    ],
)
def test_a_duplicate_figure_is_named_as_the_planner_names_it(typed, lang, expected):
    body = f"Chỉ tiêu,Địa bàn,Năm,Thực hiện\n{typed},Toàn tỉnh,2024,1\n{typed},Toàn tỉnh,2024,2\n"
    assert shown(body, lang) == [expected]


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "vi",
            "f.csv, dòng 2, cột measure: giá trị không hợp lệ (thấy 'dự báo'; cần Thực hiện, Kế hoạch, "
            "Tỷ lệ (so với kế hoạch, %) hoặc So với năm trước (%))",
        ),
        (
            "en",
            "f.csv, line 2, column measure: not an allowed value (seen 'dự báo'; expected Actual, Plan, "
            "% of plan or Change on previous year (%), or the codes the app's CSV files use: actual, "
            "target, pct_of_target, change_pct)",
        ),
    ],
)
def test_a_bad_measure_says_what_each_allowed_code_means(lang, expected):
    body = "indicator_id,area,period,measure,value\njobs_created,province,2024,dự báo,1\n"
    assert shown(body, lang) == [expected]


def test_a_catalogue_duplicate_id_is_not_called_a_duplicate_figure():
    body = (
        "indicator_id,field,name_vi,name_en,unit,direction\na,labour,A,A,people,up\na,labour,B,B,people,up\n"
    )
    result = validate.validate_bytes(body.encode(), "i.csv", {})
    assert datasets.problem_lines(result.problems, "vi") == [
        "i.csv, dòng 3, cột indicator_id: mã chỉ tiêu trùng với dòng 2 (thấy 'a')"
    ]


# ---------------------------------------------------------------- item 4: numbers in words


@pytest.mark.parametrize(
    ("cell", "lang", "expected"),
    [
        (
            "1.234",
            "vi",
            "f.csv, dòng 2, cột Tỷ lệ (%): không xác định được kiểu số: giá trị này có thể là 1.234 (một "
            "nghìn hai trăm ba mươi tư) hoặc 1,234 (một phẩy hai ba bốn), và không số nào khác trong tệp "
            "cho biết tệp viết số theo kiểu nào; hãy viết số nguyên không có dấu ngăn cách (1234), hoặc "
            "viết một số thập phân ở chỗ khác trong tệp (169,7 hay 169.7) để cho biết kiểu số (thấy '1.234')",
        ),
        (
            '"1,234"',
            "en",
            "f.csv, line 2, column Tỷ lệ (%): cannot tell the number style: this may mean 1,234 (one "
            "thousand two hundred and thirty-four) or 1.234 (one point two three four), and no other "
            "number in the file says which style the file uses; write the whole number without separators "
            "(1234), or write a decimal elsewhere in the file (169,7 or 169.7) to show the style "
            "(seen '1,234')",
        ),
    ],
)
def test_an_undecidable_number_gives_both_readings_in_the_uis_style_and_in_words(cell, lang, expected):
    assert shown(f"Chỉ tiêu,Năm,Tỷ lệ (%)\npoverty_rate_fall,2024,{cell}\n", lang) == [expected]


@pytest.mark.parametrize(
    ("body", "lang", "expected"),
    [
        # Nothing in the file shows a style: the example is in the UI's.
        ("Chỉ tiêu;Năm;Thực hiện\njobs_created;2024;hai mươi nghìn\n", "vi", "cần 25.953 | 169,7)"),
        ("Chỉ tiêu;Năm;Thực hiện\njobs_created;2024;hai mươi nghìn\n", "en", "expected 25953 | 169.7)"),
        # The file writes 4.87: its own style, in either language.
        (
            "Chỉ tiêu;Năm;Thực hiện\npoverty_rate_fall;2024;4.87\njobs_created;2024;nhiều\n",
            "vi",
            "cần 25953 | 169.7)",
        ),
    ],
)
def test_the_example_of_a_number_is_in_the_files_style_else_the_uis(body, lang, expected):
    (line,) = shown(body, lang)
    assert line.endswith(expected), line


@pytest.mark.parametrize(
    ("canonical", "vi", "en"),
    [
        ("0", "không", "zero"),
        ("4", "bốn", "four"),
        ("15", "mười lăm", "fifteen"),
        ("21", "hai mươi mốt", "twenty-one"),
        ("105", "một trăm linh năm", "one hundred and five"),
        ("1005", "một nghìn không trăm linh năm", "one thousand and five"),
        (
            "25953",
            "hai mươi lăm nghìn chín trăm năm mươi ba",
            "twenty-five thousand nine hundred and fifty-three",
        ),
        ("2000000", "hai triệu", "two million"),
        ("-1.234", "âm một phẩy hai ba bốn", "minus one point two three four"),
    ],
)
def test_numbers_in_words(canonical, vi, en):
    assert (spoken(canonical, "vi"), spoken(canonical, "en")) == (vi, en)


# ---------------------------------------------------------------- item 9: a text cell's length


def test_a_two_million_character_note_is_refused_naming_the_cell():
    note = "ghi chú " * 249_999 + "ghi chú!"  # 2.000.000 characters, a 4 MB file
    body = f'Chỉ tiêu;Năm;Thực hiện;Ghi chú\njobs_created;2024;25953;"{note}"\n'
    assert shown(body, "vi") == [
        "f.csv, dòng 2, cột Ghi chú: ô quá dài (2.000.000 ký tự; tối đa 2.000): ghi chú hay nguồn chỉ "
        "cần vài câu; hãy rút gọn, văn bản dài để ở tài liệu riêng và ghi tên tài liệu đó "
        "(thấy 'ghi chú ghi chú ghi chú ghi chú ghi chú…')"
    ]
    assert shown(body, "en") == [
        "f.csv, line 2, column Ghi chú: the cell is too long (2,000,000 characters; at most 2,000): a note "
        "or a source needs a few sentences; shorten it, and keep a long text in a document of its own, "
        "naming that document here (seen 'ghi chú ghi chú ghi chú ghi chú ghi chú…')"
    ]


def test_a_long_source_in_a_workbook_is_refused_and_one_at_the_limit_read():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "KQ"
    sheet.append(["Chỉ tiêu", "Năm", "Thực hiện", "Nguồn"])
    sheet.append(["jobs_created", 2023, 25953, "x" * contract.LIMITS.max_text_chars])
    sheet.append(["jobs_created", 2024, 26111, "y" * 30_000])
    out = io.BytesIO()
    book.save(out)
    (line,) = shown(out.getvalue(), "vi", "kq.xlsx")
    assert line.startswith("kq.xlsx, dòng KQ!3, cột Nguồn: ô quá dài (30.000 ký tự; tối đa 2.000)")


# ---------------------------------------------------------------- item 10: a period's year


@pytest.mark.parametrize(
    ("period", "column"),
    [
        ("1850", "Năm"),
        ("2203", "Năm"),
        ("1999-12", "Năm"),
        (str(NEXT_YEARS + 1), "Năm"),
        ("Tháng 5/1999", "Năm"),
    ],
)
def test_a_year_out_of_range_is_refused_naming_the_cell(period, column):
    (vi,) = shown(f"Chỉ tiêu;Năm;Thực hiện\njobs_created;{period};1\n", "vi")
    (en,) = shown(f"Chỉ tiêu;Năm;Thực hiện\njobs_created;{period};1\n", "en")
    assert vi == (
        f"f.csv, dòng 2, cột {column}: năm nằm ngoài khoảng 2000–{NEXT_YEARS} mà số liệu có thể có (số liệu "
        f"từ năm 2000, kế hoạch tới 20 năm sau năm nay): có thể gõ nhầm (thấy '{period}')"
    )
    assert en == (
        f"f.csv, line 2, column {column}: a year outside 2000–{NEXT_YEARS}, the years a figure may name "
        f"(figures from 2000, plans up to 20 years after this one): probably a typo (seen '{period}')"
    )


def test_a_year_in_a_column_header_out_of_range_names_that_column():
    (line,) = shown("Chỉ tiêu;Thực hiện 1999;Thực hiện 2023\njobs_created;1;2\n", "vi")
    assert line.startswith("f.csv, dòng 2, cột Thực hiện 1999: năm nằm ngoài khoảng 2000–")


@pytest.mark.parametrize("period", ["2000", "2000-01", str(NEXT_YEARS), "2024-05"])
def test_the_years_at_the_ends_of_the_range_are_read(period):
    result = validate.validate_bytes(
        f"Chỉ tiêu;Năm;Thực hiện\njobs_created;{period};1\n".encode(), "f", UNITS
    )
    assert result.problems == [] and result.frame["period"].tolist() == [period]


@pytest.mark.parametrize("as_parquet", [False, True])
def test_a_data_folder_refuses_1850_in_csv_and_in_parquet(tmp_path, as_parquet):
    folder = tmp_path / "data"
    folder.mkdir()
    shutil.copy(settings.BUNDLED_DATA_DIR / "indicators.csv", folder)
    row = {c: "" for c in contract.OBSERVATION_COLUMNS}
    frame = pd.DataFrame([{**row, "indicator_id": "jobs_created", "area": "province", "period": "1850",
                           "measure": "actual", "value": "1"}])  # fmt: skip
    if as_parquet:
        frame.to_parquet(folder / "observations.parquet", index=False)
    else:
        frame.to_csv(folder / "observations.csv", index=False)
    with pytest.raises(store.LoadError) as err:
        store.open_dir(folder)
    ((line, column, code, value),) = [(p.line, p.column, p.code, p.value) for p in err.value.problems]
    assert (column, value) == ("period", "1850")
    # The Parquet check shares the rule (one scan of the periods); its reader still names the
    # code of the form (`contract.rule_problem` gives the year's own message).
    assert code == ("bad_period" if as_parquet else "period_out_of_range")


# ---------------------------------------------------------------- item 8: the Data page's CSV


def figures(frame: pd.DataFrame) -> list[tuple]:
    columns = ["indicator_id", "area", "period", "measure", "value", "value_decimals", "source", "note"]
    return sorted(tuple(str(v) for v in row) for row in frame[columns].itertuples(index=False))


def test_the_data_pages_csv_has_a_bom_and_comes_back_as_the_same_figures():
    bundled = store.open_dir(settings.BUNDLED_DATA_DIR)
    data = datasets.csv_download(bundled, export.to_csv)()
    assert data.startswith(b"\xef\xbb\xbf")  # Excel then reads UTF-8: "Sở Lao động", not "Sá»Ÿ"
    again = validate.validate_bytes(data, "chitieu-observations.csv", UNITS, NAMES)
    assert again.problems == []
    assert figures(again.frame) == figures(queries.loaded_observations(bundled.cursor()))


def test_the_data_pages_csv_neutralises_formulas_and_keeps_written_decimals():
    frame = validate.canonical_observations(
        pd.DataFrame(
            [
                [
                    "poverty_rate_fall",
                    "province",
                    "2023",
                    "actual",
                    "-0.50",
                    "exact",
                    "user",
                    '=HYPERLINK("x")',
                    " @me",
                    "",
                ]
            ],
            columns=validate.OBSERVATION_COLUMNS,
        )
    )
    text = datasets.download_csv(frame, export.to_csv).decode("utf-8-sig")
    assert (
        text.splitlines()[1]
        == 'poverty_rate_fall,province,2023,actual,-0.50,exact,user,"\'=HYPERLINK(""x"")",\' @me,'
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "vi",
            "f.csv, dòng 3, cột Thực hiện: ba chữ số sau dấu: giá trị này có thể là 22.200 (hai mươi hai "
            "nghìn hai trăm) nếu dấu ',' ngăn cách hàng nghìn, hoặc 22,2 (hai mươi hai phẩy hai) nếu đó là "
            "dấu thập phân như dòng 2 dùng trong 22,5; không số nào trong tệp ngăn cách hàng nghìn bằng dấu "
            "'.' để cho biết; hãy viết 22200 không có dấu, hoặc viết số thập phân không có số 0 ở cuối "
            "(thấy '22,200')",
        ),
        (
            "en",
            "f.csv, line 3, column Thực hiện: three digits after the mark: this may mean 22,200 (twenty-two "
            "thousand two hundred) if ',' groups thousands, or 22.2 (twenty-two point two) if it is a "
            "decimal mark, as line 2 uses it in 22,5; no number in the file groups thousands with '.' to say "
            "which; write 22200 without the mark, or the decimal without trailing zeros (seen '22,200')",
        ),
    ],
)
def test_three_digits_after_a_mark_give_both_readings_in_the_uis_style(lang, expected):
    body = "Chỉ tiêu;Năm;Thực hiện\nmerit_gifts_value;2023;22,5\nmerit_housing_value;2023;22,200\n"
    assert shown(body, lang) == [expected]


@pytest.mark.parametrize(
    ("body", "vi", "en"),
    [
        (
            "Chỉ tiêu;Năm;Thực hiện\njobs_created;20x4;1\n",
            "f.csv, dòng 2, cột Năm: kỳ không hợp lệ "
            "(thấy '20x4'; cần 2024 | 2024-05 | 05/2024 | Tháng 5/2024)",
            "f.csv, line 2, column Năm: not a valid period (seen '20x4'; expected 2024 | 2024-05 | 05/2024)",
        ),
        (
            "Chỉ tiêu;Năm;Thực hiện\njobs_created;2024;-5\n",
            "f.csv, dòng 2, cột Thực hiện: số âm với đơn vị không thể âm (thấy '-5'; cần 0 trở lên)",
            "f.csv, line 2, column Thực hiện: negative where the unit cannot be negative "
            "(seen '-5'; expected 0 or more)",
        ),
        (
            "Chỉ tiêu;Năm;Thực hiện\njobs_created;2024;1,5\n",
            "f.csv, dòng 2, cột Thực hiện: số đếm không thể có phần thập phân (người, hộ, suất quà, "
            "gia đình và ngày là số nguyên) (thấy '1,5'; cần 25.953)",
            "f.csv, line 2, column Thực hiện: a count cannot have a fractional part (people, households, "
            "gifts, families and days are whole numbers) (seen '1,5'; expected 25,953)",
        ),
        (
            "Chỉ tiêu;Năm;Thực hiện\nmerit_gifts_value;2024;9000000000000000\n",
            "f.csv, dòng 2, cột Thực hiện: số quá lớn, không thể là số liệu (thấy '9000000000000000'; "
            "cần nhỏ hơn 1.000.000.000.000.000 (một triệu tỷ))",
            "f.csv, line 2, column Thực hiện: too large to be a figure (seen '9000000000000000'; "
            "expected less than 1,000,000,000,000,000 (a million billion))",
        ),
    ],
    ids=["period", "negative", "count", "too-big"],
)
def test_what_is_expected_is_written_in_the_uis_words_and_number_style(body, vi, en):
    assert (shown(body, "vi"), shown(body, "en")) == ([vi], [en])


def test_a_long_header_cell_is_named_by_its_line_and_a_long_area_by_its_cell():
    header = "Chỉ tiêu;Năm;Thực hiện;" + "Ghi chú " * 300
    assert shown(f"{header}\njobs_created;2024;1;x\n", "vi")[0].startswith(
        "f.csv, dòng 1: ô quá dài (2.399 ký tự; tối đa 2.000)"  # the header cell, trimmed
    )
    area = "Xã " * 1_000  # would otherwise be kept as the planner's own area code
    assert shown(f"Chỉ tiêu;Địa bàn;Năm;Thực hiện\njobs_created;{area}x;2024;1\n", "en")[0].startswith(
        "f.csv, line 2, column Địa bàn: the cell is too long (3,001 characters; at most 2,000)"
    )


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("vi", "số liệu có đơn vị đếm là số nguyên, nên '1,000' là 1.000 dù viết theo kiểu nào (1 ô)"),
        ("en", "figures in count units are whole numbers, so '1,000' is 1,000 in any style (1 cells)"),
    ],
)
def test_a_count_read_as_whole_is_written_in_the_uis_number_style(lang, expected):
    result = validate.validate_bytes(
        'Chỉ tiêu,Năm,Thực hiện\njobs_created,2024,"1,000"\n'.encode(), "f", UNITS
    )
    assert expected in [n.message(lang) for n in result.notes]


def test_a_unit_that_differs_names_the_catalogues_unit_in_the_uis_language():
    body = "Chỉ tiêu;Năm;Thực hiện;Đơn vị tính\npoverty_rate_fall;2024;1,5;hộ\n"
    assert shown(body, "vi") == [
        "f.csv, dòng 2, cột Đơn vị tính: đơn vị khác với đơn vị của chỉ tiêu trong danh mục; hãy quy đổi số "
        "liệu trước (thấy 'hộ'; cần điểm %)"
    ]


# ---------------------------------------------------------------- review 3, defect 10


NOT_WORKBOOK_VI = {
    "bad_xlsx": "up.xlsx: tệp Excel bị hỏng hoặc chưa được lưu trọn vẹn (thường do tải lên hay chép "
    "tệp khi tệp "
    "đang được lưu, hoặc tệp tải về bị ngắt giữa chừng): hãy mở tệp bằng Excel, lưu lại rồi tải lên lại; "
    "nếu Excel không mở được, hãy lấy lại tệp gốc",
    "xlsx_not_workbook": "up.xlsx: tệp là tệp nén (zip) nhưng không phải bảng tính Excel ({what}): hãy tải "
    "lên bảng tính lưu từ Excel dạng .xlsx, hoặc tệp CSV",
    "xlsx_ods": "up.xlsx: tệp là bảng tính OpenDocument (.ods, của LibreOffice), không phải .xlsx: hãy mở "
    "bằng LibreOffice hoặc Excel và lưu lại dạng Sổ làm việc Excel (.xlsx)",
    "xlsx_encrypted": "up.xlsx: tệp Excel có đặt mật khẩu nên không đọc được: hãy mở bằng Excel, bỏ mật "
    "khẩu (Tệp › Thông tin › Bảo vệ sổ làm việc › Mã hóa bằng mật khẩu, xóa mật khẩu), lưu lại rồi tải lên",
    "old_excel": "up.xlsx: tệp là định dạng Excel cũ (.xls, Excel 97–2003), dù tên tệp có thể ghi .xlsx: "
    "hãy mở bằng Excel, chọn Lưu thành › Sổ làm việc Excel (.xlsx), rồi tải lên tệp mới",
    "empty_file": "up.xlsx: tệp không có nội dung (rỗng, hoặc chỉ có ô trống): hãy kiểm tra đã chọn đúng "
    "tệp và tệp đã được lưu xong",
}
WHAT = {"plain_zip": "không có trang tính nào bên trong", "word_docx": "tệp Word"}


@pytest.mark.parametrize("name", list(fixtures.NOT_WORKBOOKS))
def test_a_file_that_is_not_a_readable_workbook_says_what_it_is_and_what_to_do(name):
    data, code = fixtures.NOT_WORKBOOKS[name]
    assert shown(data, "vi", "up.xlsx") == [NOT_WORKBOOK_VI[code].format(what=WHAT.get(name, ""))]
    (en,) = shown(data, "en", "up.xlsx")
    assert "cannot read the file" not in en and ": " in en.removeprefix(
        "up.xlsx: "
    )  # a reason, then what to do


def test_a_long_file_names_its_measures_in_the_planners_words():
    body = (
        "Chỉ tiêu,Năm,Loại số liệu,Giá trị\n"
        f"{JOBS_VI},2024,Thực hiện,24310\n"
        f"{JOBS_VI},2024,Kế hoạch,22550\n"
        f'{JOBS_VI},2024,Tỷ lệ (%),"107,8"\n'
        f'{JOBS_VI},2024,So với năm trước (%),"-6,3"\n'
        f"{JOBS_VI},2023,actual,25953\n"
    )
    result = validate.validate_bytes(body.encode(), "f.csv", UNITS, NAMES)
    assert result.problems == []
    assert list(result.frame["measure"]) == ["actual", "target", "pct_of_target", "change_pct", "actual"]
    assert list(result.frame["value"]) == [24310.0, 22550.0, 107.8, -6.3, 25953.0]


def test_a_data_folder_holds_measure_cells_to_the_contracts_ids_as_its_parquet_files_are():
    body = "indicator_id,area,period,measure,value\njobs_created,province,2024,Thực hiện,1\n"
    result = validate.validate_bytes(body.encode(), "observations.csv", UNITS, number_style="plain")
    assert [(p.column, p.code) for p in result.problems] == [("measure", "bad_value")]


def test_english_messages_write_no_plural_in_brackets():
    from lib import i18n

    assert [k for k, v in i18n.catalogue("en").items() if "(s)" in v] == []
    assert i18n.t("data.errors", "en", count=1).startswith("Problems found in the file: 1.")


@pytest.mark.parametrize(
    ("titles", "vi", "en"),
    [
        (
            1,
            "bỏ qua dòng tiêu đề Báo cáo!1 phía trên dòng tên cột",
            "title row Báo cáo!1 above the header left out",
        ),
        (
            2,
            "bỏ qua các dòng tiêu đề Báo cáo!1 đến Báo cáo!2 phía trên dòng tên cột",
            "title rows Báo cáo!1 to Báo cáo!2 above the header left out",
        ),
    ],
)
def test_one_title_row_is_said_as_one_row(titles, vi, en):
    rows = [[f"BÁO CÁO KẾT QUẢ NĂM 2024 ({i})"] for i in range(titles)]
    rows += [["Chỉ tiêu", "Năm", "Thực hiện"], [JOBS_VI, 2024, 24310]]
    data = fixtures.xlsx_bytes(rows)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    wb.active.title = "Báo cáo"
    buf = io.BytesIO()
    wb.save(buf)
    result = validate.validate_bytes(buf.getvalue(), "f.xlsx", UNITS, NAMES)
    (note,) = [n for n in result.notes if n.code.startswith("title_row")]
    assert (note.message("vi"), note.message("en")) == (vi, en)
