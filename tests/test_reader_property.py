"""Property: whatever bytes arrive, the reader loads them or lists validation problems; it never raises."""

from __future__ import annotations

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from lib.data import contract, tables, validate

UNITS = {"jobs_created": "people", "poverty_rate_fall": "points", "merit_gifts_value": "vnd"}
NAMES = {tables.key("Lượt lao động được tạo việc làm mới"): "jobs_created"}
HEADERS = [
    "Chỉ tiêu",
    "Năm",
    "Tháng",
    "Kế hoạch",
    "Thực hiện",
    "Tỷ lệ",
    "Đơn vị tính",
    *contract.OBSERVATION_COLUMNS,  # the contract's own list: a column added there is tried here
    "Tổng cộng",
    "Năm 2023",
    "KH 2024",
    "Thực hiện năm 2023",
    "STT",
    "TH/KH (%)",
    "",
]
CELLS = [
    "jobs_created",
    "Lượt lao động được tạo việc làm mới",
    "2023",
    "2023-05",
    "25.953",
    "169,7",
    "169.7",
    "1.234.567,5",
    "-5",
    "",
    "actual",
    "target",
    "more_than",
    "người",
    "%",
    "=1+1",
    '"',
    "13",
    "22,200",
    "25,95",
    "0,875",
    "I. Lĩnh vực lao động",
    "Tháng 5",
    "05/2023",
    "1" + "0" * 20,
]


def check(data: bytes) -> None:
    result = validate.validate_bytes(data, "f.csv", UNITS, NAMES)
    assert isinstance(result, validate.FileResult)
    if result.ok and result.kind == "observations":
        frame = result.frame
        assert isinstance(frame, pd.DataFrame)
        assert frame["value"].map(lambda v: v == v and abs(v) != float("inf")).all()
        assert frame["period"].str.fullmatch(r"\d{4}(-\d{2})?").all()
    else:
        assert result.ok or result.problems
    for problem in result.problems + result.notes:
        problem.text("vi")
        problem.text("en")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
@example(b"PK\x03\x04")
@example(b"\xff\xfe\x00")
@example(b"\xfe\xff\x00a")
@example(b"a\x00b\x00")
def test_arbitrary_bytes_load_or_report_problems(data):
    check(data)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
    st.lists(st.lists(st.sampled_from(CELLS) | st.text(max_size=8), max_size=7), max_size=6),
    st.sampled_from([",", ";", "\t"]),
    st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1258"]),
)
def test_spreadsheet_like_text_loads_or_reports_problems(header, rows, delimiter, encoding):
    text = "\n".join(delimiter.join(cells) for cells in [header, *rows])
    check(text.encode(encoding, errors="ignore"))


SAFE_TEXT = st.text(st.characters(blacklist_categories=("Cc", "Cs")), max_size=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(st.sampled_from(HEADERS), min_size=1, max_size=6),
    st.lists(
        st.lists(st.sampled_from(CELLS) | SAFE_TEXT | st.integers() | st.floats(allow_nan=False), max_size=7),
        max_size=6,
    ),
)
def test_arbitrary_excel_sheets_load_or_report_problems(header, rows):
    import io

    import openpyxl

    book = openpyxl.Workbook()
    for row in [["Báo cáo"], header, *rows]:
        book.active.append(row)
    out = io.BytesIO()
    book.save(out)
    check(out.getvalue())
