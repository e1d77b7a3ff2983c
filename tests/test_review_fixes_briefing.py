"""Review of 1 Dec 2026, defect 15: a year's results name the sources of that year's figures only,
in the PDF and the Word file, and the PDF breaks pages by keeping a heading with what follows
(no forced break that leaves a page nearly empty, no heading alone at the foot of a page)."""

from __future__ import annotations

import datetime as dt
import io

import docx
import openpyxl
import pandas as pd
import pypdf
import pytest

from lib import settings
from lib.data import store
from lib.report import briefing, document, docx_report, report

DAY = dt.date(2024, 1, 15)
ARTICLE = "Báo tỉnh, Thu Hương: Dấu ấn của ngành Lao động - Thương binh và Xã hội (2023)"
# The reviewer's upload: user figures of 2024 with sources of their own (one a formula).
NEXT_YEAR_ROWS = (
    'jobs_created,province,2024,actual,26111,exact,user,"=HYPERLINK(""http://evil.example/x"",""Bấm"")",\n'
    "vocational_enrolment,province,2024,actual,9000,,user,Sổ theo dõi 2024,\n"
)


@pytest.fixture
def with_2024_actuals(data_copy):
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write(NEXT_YEAR_ROWS)
    return store.open_dir(data_copy).cursor()


def source_lines(model: document.Document, section: str) -> list[str]:
    """The "Nguồn:"/"Source:" lines of one section (I, II or III) of the report."""
    out, inside = [], False
    for block in model.blocks:
        if isinstance(block, document.Heading) and block.level == 1:
            inside = block.text.startswith(f"{section}. ")
        elif inside and isinstance(block, document.Para) and block.kind == "source":
            out.append(block.text)
    return out


@pytest.mark.parametrize(("lang", "word"), [("vi", "Nguồn: "), ("en", "Source: ")])
def test_the_years_results_name_only_that_years_sources(with_2024_actuals, lang, word):
    b = briefing.build(with_2024_actuals, 2023, lang, simulate=False)
    model = document.build(b, today=DAY, sender=document.Sender())
    assert source_lines(model, "I") == [word + ARTICLE] * 3
    # The 2024 figures are still in the table, each citing its own source in the notes.
    (notes,) = [x for x in model.blocks if isinstance(x, document.Notes)]
    assert any("Sổ theo dõi 2024" in n for n in notes.texts)
    assert any("HYPERLINK" in n for n in notes.texts)


def test_the_2024_briefing_names_the_users_sources_under_its_results(with_2024_actuals):
    b = briefing.build(with_2024_actuals, 2024, "vi", simulate=False)
    lines = source_lines(document.build(b, today=DAY, sender=document.Sender()), "I")
    assert lines[0] == 'Nguồn: =HYPERLINK("http://evil.example/x","Bấm"); Sổ theo dõi 2024'


def test_the_word_file_says_the_same(with_2024_actuals):
    b = briefing.build(with_2024_actuals, 2023, "vi", simulate=False)
    d = docx.Document(io.BytesIO(docx_report.docx_bytes(b, today=DAY, sender=document.Sender())))
    texts = [p.text for p in d.paragraphs]
    results = texts[
        texts.index("I. Kết quả thực hiện năm 2023") : texts.index("II. Chỉ tiêu, nhiệm vụ năm 2024")
    ]
    assert [x for x in results if x.startswith("Nguồn:")] == ["Nguồn: " + ARTICLE] * 3


def pdf_pages(b: briefing.Briefing) -> list[str]:
    reader = pypdf.PdfReader(io.BytesIO(report.pdf_bytes(b, today=DAY, sender=document.Sender())))
    return [page.extract_text() for page in reader.pages]


@pytest.mark.parametrize("data", ["bundled", "with_2024"])
def test_no_page_is_left_nearly_empty_and_no_heading_ends_a_page(data, request):
    con = (
        store.open_dir(settings.BUNDLED_DATA_DIR).cursor()
        if data == "bundled"
        else request.getfixturevalue("with_2024_actuals")
    )
    b = briefing.build(con, 2023, "vi", simulate=False)
    model = document.build(b, today=DAY, sender=document.Sender(), with_charts=True)
    # Only the appendix (a page of its own by design) may force a break; no chances here.
    assert not [h.text for h in model.blocks if isinstance(h, document.Heading) and h.new_page]
    headings = [h.text for h in model.blocks if isinstance(h, document.Heading)]
    pages = pdf_pages(b)
    for number, text in enumerate(pages[:-1], start=1):
        lines = [x.strip() for x in text.splitlines() if x.strip() and not x.startswith("Trang ")]
        assert lines[-1] not in headings, f"page {number} ends with the heading {lines[-1]!r}"
    # Section II is short: the table's heading follows it on the same page.
    (page,) = [p for p in pages if "II. Chỉ tiêu, nhiệm vụ năm 2024" in p]
    assert "III. Bảng số liệu" in page


# ---------------------------------------------------------------- defect 10 in the briefing's files


def test_the_workbook_holds_counts_as_whole_numbers_and_a_calculated_plan_to_its_units_decimals():
    b = briefing.build(store.open_dir(settings.BUNDLED_DATA_DIR).cursor(), 2023, "vi", simulate=False)
    sheet = openpyxl.load_workbook(io.BytesIO(report.xlsx_bytes(b)))["Lao động"]
    rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[12] == "jobs_created"]
    cells = {(r[1], r[13]): r for r in rows}
    assert cells[(2023, "actual")][3] == 25953 and type(cells[(2023, "actual")][3]) is int
    plan = cells[(2023, "target")]
    assert plan[3] == 22182 and type(plan[3]) is int
    assert plan[6:8] == ("Tính toán", "Thực hiện ÷ (% kế hoạch ÷ 100)")
    assert cells[(2023, "pct_of_target")][3] == 117.0


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (12345.0, 12345.0, "12.345 người"),  # a sum of months: exact, never "khoảng"
        (None, None, "12.345 người"),
        (12300.0, 12390.0, "khoảng 12.300 người"),
    ],
)
def test_the_report_writes_an_exact_calculation_as_it_is(low, high, expected):
    row = pd.Series(
        {"measure": "actual", "value": 12345.0, "unit": "people", "bound": "exact", "provenance": "derived"}
        | {"value_low": low, "value_high": high}
    )
    assert document.value_text(row, "vi") == expected
