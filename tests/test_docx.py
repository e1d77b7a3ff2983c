"""The year-end report in Word (Decree 30/2020/NĐ-CP), read back with python-docx, and its CLI."""

from __future__ import annotations

import datetime as dt
import io
import re

import docx
import pypdf
import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph
from fixtures import APP
from streamlit.testing.v1 import AppTest

from lib import settings
from lib.__main__ import main
from lib.data import store
from lib.report import briefing, document, docx_report, report

DAY = dt.date(2024, 1, 15)
SENDER_ENV = (
    "CHITIEU_PARENT_AGENCY",
    "CHITIEU_AGENCY",
    "CHITIEU_PLACE",
    "CHITIEU_SIGNER_TITLE",
    "CHITIEU_SIGNER",
)


@pytest.fixture(autouse=True)
def no_sender_settings(monkeypatch):
    """Tests start from empty sender settings, whatever the machine's environment says."""
    for name in SENDER_ENV:
        monkeypatch.delenv(name, raising=False)


def read(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def blocks(d) -> list[Paragraph | Table]:
    """The body in order: paragraphs and tables."""
    out = []
    for child in d.element.body.iterchildren():
        if child.tag.endswith("}p"):
            out.append(Paragraph(child, d))
        elif child.tag.endswith("}tbl"):
            out.append(Table(child, d))
    return out


def body_texts(d) -> list[str]:
    return [p.text for p in d.paragraphs]


def table_rows(table: Table) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


def figures_table(d) -> Table:
    (table,) = [t for t in d.tables if t.style is not None and t.style.name == "Table Grid"]
    return table


def all_text(d) -> str:
    parts = body_texts(d)
    for t in d.tables:
        parts += [c.text for row in t.rows for c in row.cells]
    return "\n".join(parts)


def pdf_reading_text(reader: pypdf.PdfReader) -> str:
    """The PDF's text as a reader reads it: each page without its footer ("Trang 2"), so a
    sentence that runs over a page break reads on."""
    footer = re.compile(r"\n?(Trang|Page) \d+\s*$")
    return " ".join(footer.sub("", page.extract_text()) for page in reader.pages)


def bundled(lang: str, sender: document.Sender | None = None) -> bytes:
    b = briefing.build(store.open_dir(settings.BUNDLED_DATA_DIR).cursor(), 2023, lang)
    return docx_report.docx_bytes(b, today=DAY, sender=sender or document.Sender())


@pytest.fixture(scope="module")
def files() -> dict[str, bytes]:
    return {lang: bundled(lang) for lang in ("vi", "en")}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_page_is_a4_with_the_decrees_margins(files, lang):
    (section,) = read(files[lang]).sections
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    margins = {
        "top": section.top_margin.mm,
        "bottom": section.bottom_margin.mm,
        "left": section.left_margin.mm,
        "right": section.right_margin.mm,
    }
    # Decree 30/2020/NĐ-CP, Appendix I: top and bottom 20-25 mm, left 30-35 mm, right 15-20 mm.
    allowed = {"top": (20, 25), "bottom": (20, 25), "left": (30, 35), "right": (15, 20)}
    assert {k: allowed[k][0] - 0.1 <= v <= allowed[k][1] + 0.1 for k, v in margins.items()} == dict.fromkeys(
        allowed, True
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_body_is_times_new_roman_14_and_every_run_says_so(files, lang):
    d = read(files[lang])
    normal = d.styles["Normal"]
    assert (normal.font.name, normal.font.size.pt) == ("Times New Roman", 14)
    runs = [r for p in d.paragraphs for r in p.runs]
    runs += [r for t in d.tables for row in t.rows for c in row.cells for p in c.paragraphs for r in p.runs]
    assert {r.font.name for r in runs} == {"Times New Roman"}
    # The results' sentences are body text: the style's 14 pt, not a size of their own.
    sentences = [p for p in d.paragraphs if p.text.startswith("- ")]
    assert sentences and all(r.font.size in (None, docx.shared.Pt(14)) for p in sentences for r in p.runs[:1])


def test_header_block_has_the_national_title_and_the_motto(files):
    d = read(files["vi"])
    header = d.tables[0]
    assert header.style.name == "Normal Table"  # the template's borderless table style
    assert table_rows(header) == [
        [document.BLANK, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"],
        ["Số: ……/BC-……", "……………, ngày 15 tháng 01 năm 2024"],
    ]
    nation, motto = header.rows[0].cells[1].paragraphs
    assert nation.runs[0].bold and motto.runs[0].bold and motto.runs[0].underline
    assert header.rows[1].cells[1].paragraphs[0].runs[0].italic
    # Never invented: no agency name anywhere when none is set.
    assert "Sở Lao động" not in all_text(d).split("Nguồn và ghi chú")[0].split("I. Kết quả")[0]


def test_title_and_sections_in_the_register_of_a_year_end_report(files):
    d = read(files["vi"])
    titles = [p.text for p in d.paragraphs if p.style.name == "Title"]
    assert titles == ["BÁO CÁO", "Kết quả thực hiện chỉ tiêu năm 2023"]
    sections = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert sections == [
        "I. Kết quả thực hiện năm 2023",
        "II. Chỉ tiêu, nhiệm vụ năm 2024",
        "III. Bảng số liệu",
        "Phụ lục: mô phỏng tham khảo",
    ]
    assert d.styles["Heading 1"].font.all_caps  # shown "I. KẾT QUẢ …" as customary
    fields = [p.text for p in d.paragraphs if p.style.name == "Heading 2"]
    assert fields[:3] == ["1. Lao động", "2. Người có công", "3. Xã hội"]


SOURCE_LINE = "Nguồn: Báo tỉnh, Thu Hương: Dấu ấn của ngành Lao động - Thương binh và Xã hội (2023)"


def test_the_labour_results_with_their_figures_and_one_source_line(files):
    d = read(files["vi"])
    texts = body_texts(d)
    start, end = texts.index("1. Lao động"), texts.index("2. Người có công")
    # Issue 17: the field opens with its summary line and closes with one "Nguồn:" line, no "[1]".
    assert texts[start + 1 : end] == [
        "- Năm 2023, 2/2 chỉ tiêu có kế hoạch đều vượt kế hoạch.",
        "- Tạo việc làm mới cho 25.953 lượt lao động, đạt 117% kế hoạch, tăng 4% so với năm 2022.",
        "- Tuyển sinh đào tạo giáo dục nghề nghiệp 13.575 người, đạt 169,7% kế hoạch.",
        "- Hoàn thành thu thập thông tin người lao động gắn với cơ sở dữ liệu quốc gia về dân cư trước"
        " thời hạn 30 ngày.",
        SOURCE_LINE,
    ]
    (p,) = [p for p in d.paragraphs if p.text.startswith("- Tạo việc làm mới cho 25.953")]
    assert [r.text for r in p.runs] == [p.text]  # no note number: the figures are all reported
    # One source line under every field of I and II that has sentences, and under the table.
    assert texts.count(SOURCE_LINE) == 3 + 2 + 1
    notes = texts[texts.index("Nguồn và ghi chú") + 1 :]
    assert not [n for n in notes if "Báo tỉnh" in n]  # the source is in the lines, not a note


JOBS_HEADINGS = {
    "vi": [
        "Chỉ tiêu",
        "Năm",
        "Đơn vị tính",
        "Kế hoạch",
        "Thực hiện",
        "So với kế hoạch (%)",
        "So với cùng kỳ",
        "Ghi chú",
    ],
    "en": ["Indicator", "Year", "Unit", "Plan", "Actual", "Against plan (%)", "Year on year", "Note"],
}
JOBS_ROWS = {
    "vi": {
        "2022": [
            "Lượt lao động được tạo việc làm mới",
            "2022",
            "người",
            "",
            "khoảng 25.000",
            "",
            "",
            "Thực hiện: Tính toán [1]",
        ],
        "2023": [
            "Lượt lao động được tạo việc làm mới",
            "2023",
            "người",
            "khoảng 22.200",
            "25.953",
            "117%",
            "+4%",
            "Kế hoạch: Tính toán [2]",
        ],
        "2024": ["Lượt lao động được tạo việc làm mới", "2024", "người", "22.550", "", "", "", ""],
    },
    "en": {
        "2023": [
            "Workers given new jobs",
            "2023",
            "people",
            "about 22,200",
            "25,953",
            "117%",
            "+4%",
            "Plan: Calculated [2]",
        ],
    },
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_table_row_of_2023_jobs(files, lang):
    table = figures_table(read(files[lang]))
    rows = table_rows(table)
    assert rows[0] == JOBS_HEADINGS[lang]
    jobs = {r[1]: r for r in rows if r[0] == JOBS_ROWS[lang]["2023"][0]}
    for year, expected in JOBS_ROWS[lang].items():
        assert jobs[year] == expected
    # The derived plan is in italics, the reported actual is not.
    actual = JOBS_ROWS[lang]["2023"][4]
    (row,) = [row for row in table.rows if row.cells[1].text == "2023" and row.cells[4].text == actual]
    assert row.cells[3].paragraphs[0].runs[0].italic and not row.cells[4].paragraphs[0].runs[0].italic


def test_derived_figures_carry_their_formula_and_range_in_the_notes(files):
    texts = body_texts(read(files["vi"]))
    assert (
        "2 Số tính toán (nguồn không nêu), theo công thức Thực hiện ÷ (% kế hoạch ÷ 100); do tỷ lệ phần"
        " trăm trong nguồn đã làm tròn, giá trị nằm trong khoảng 22.088 người – 22.277 người."
    ) in texts
    assert (
        "Số báo cáo in chữ đứng; số tính toán (nguồn không nêu) in chữ nghiêng, cách tính và khoảng giá"
        " trị ghi ở mục Nguồn và ghi chú."
    ) in texts
    # Formulas in words only (issue 17): no formula id anywhere in the report.
    assert not [t for t in texts if "actual /" in t or "pct_of_target" in t]


def test_money_sits_under_the_figure_it_completes(files):
    rows = [r[0] for r in table_rows(figures_table(read(files["vi"])))]
    assert (
        rows.index("Giá trị quà tặng người có công")
        == rows.index("Suất quà thăm hỏi, tặng người có công") + 1
    )


def test_simulated_chances_are_an_appendix_labelled_as_simulations(files):
    d = read(files["vi"])
    (appendix,) = [p for p in d.paragraphs if p.text.startswith("Phụ lục:")]
    assert appendix.paragraph_format.page_break_before
    after = body_texts(d)[body_texts(d).index(appendix.text) :]
    # No false precision: "khoảng 90%", the count in people (never "22.550 việc làm").
    assert (
        "- Nếu giữ bằng mức thực hiện năm 2023 (25.953 lượt lao động), khả năng đạt chỉ tiêu 22.550 người"
        " khoảng 90%."
    ) in after
    assert any(
        t.startswith("- Với giả định minh họa, chưa phải số liệu của tỉnh, tỷ lệ hộ nghèo") for t in after
    )
    assert any(t.startswith("Giả định minh họa, chưa phải số liệu của tỉnh") for t in after)
    assert after[-1] == (
        "Mô phỏng, không phải số liệu báo cáo: kịch bản mặc định của trang Mô phỏng (100.000 lần mô phỏng)."
    )
    # Nothing simulated before the appendix.
    before = body_texts(d)[: body_texts(d).index(appendix.text)]
    assert not any("khả năng" in t for t in before)


def test_recipients_and_signature_are_left_to_fill(files):
    d = read(files["vi"])
    sign = d.tables[-1]
    assert table_rows(sign) == [["Nơi nhận:\n- ……………;\n- Lưu: VT.", "……………\n\n\n\n\n……………"]]


def test_sender_from_the_page_or_settings_fills_the_lines():
    sender = document.Sender("UBND tỉnh Hà Nam", "Sở Nội vụ", "Phủ Lý", "Giám đốc", "Nguyễn Văn A")
    d = read(bundled("vi", sender))
    assert table_rows(d.tables[0]) == [
        ["UBND tỉnh Hà Nam\nSở Nội vụ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc"],
        ["Số: ……/BC-……", "Phủ Lý, ngày 15 tháng 01 năm 2024"],
    ]
    # Shown in capitals as the decree wants, kept as typed in the file.
    assert all(r.font.all_caps for p in d.tables[0].rows[0].cells[0].paragraphs for r in p.runs)
    assert table_rows(d.tables[-1])[0][1] == "Giám đốc\n\n\n\n\nNguyễn Văn A"
    assert d.tables[-1].rows[0].cells[1].paragraphs[0].runs[0].font.all_caps
    assert d.core_properties.author == "Sở Nội vụ"


@pytest.mark.parametrize(
    ("day", "lang", "expected"),
    [
        (dt.date(2024, 1, 15), "vi", "Huế, ngày 15 tháng 01 năm 2024"),
        (dt.date(2024, 2, 5), "vi", "Huế, ngày 05 tháng 02 năm 2024"),
        (dt.date(2024, 3, 9), "vi", "Huế, ngày 09 tháng 3 năm 2024"),
        (dt.date(2024, 12, 31), "vi", "Huế, ngày 31 tháng 12 năm 2024"),
        (dt.date(2024, 3, 9), "en", "Huế, 9 March 2024"),
    ],
)
def test_date_line_follows_the_decree(day, lang, expected):
    assert document.place_date("Huế", day, lang) == expected


def test_english_version_has_the_same_structure(files):
    def shape(d):
        return [
            ("p", b.style.name) if isinstance(b, Paragraph) else ("table", len(b.rows), len(b.columns))
            for b in blocks(d)
        ]

    vi, en = read(files["vi"]), read(files["en"])
    assert shape(en) == shape(vi)
    text = all_text(en)
    for expected in (
        "SOCIALIST REPUBLIC OF VIET NAM",
        "Independence - Freedom - Happiness",
        "REPORT",
        "Results against targets, 2023",
        "- Created new jobs for 25,953 workers, 117% of plan, up 4% on 2022.",
        "Recipients:",
        "Appendix: simulations for reference",
        "A simulation, not reported figures: the Simulate page's default scenario (100,000 runs).",
        "Source: Báo tỉnh, Thu Hương: Dấu ấn của ngành Lao động - Thương binh và Xã hội (2023)",
    ):
        assert expected in text
    assert "Việt Nam" not in text and "ngày" not in text


def test_a_changed_figure_changes_the_text_and_the_table(data_copy, tmp_path):
    path = data_copy / "observations.csv"
    rows = path.read_text(encoding="utf-8").splitlines()
    (i,) = [i for i, r in enumerate(rows) if r.startswith("jobs_created,province,2023,actual,25953,")]
    rows[i] = rows[i].replace(",25953,", ",30000,")
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "r.docx"
    assert (
        main(["briefing", "--year", "2023", "--format", "docx", "--data", str(data_copy), "--out", str(out)])
        == 0
    )
    d = read(out.read_bytes())
    assert "- Tạo việc làm mới cho 30.000 lượt lao động, đạt 117% kế hoạch, tăng 4% so với năm 2022." in [
        p.runs[0].text for p in d.paragraphs if p.runs
    ]
    assert "25.953" not in all_text(d)
    jobs = [
        r for r in table_rows(figures_table(d)) if r[:2] == ["Lượt lao động được tạo việc làm mới", "2023"]
    ]
    # The plan calculated from the actual and its % of plan follows: 30.000 / 1,17 = 25.641, shown
    # at the precision the rounded 117% allows (25.532 to 25.751).
    assert jobs == [
        [
            "Lượt lao động được tạo việc làm mới",
            "2023",
            "người",
            "khoảng 25.600",
            "30.000",
            "117%",
            "+4%",
            jobs[0][7],
        ]
    ]


def test_pdf_and_word_say_the_same_things(files):
    """One document model: every sentence, target, chance, note and table figure is in both files."""
    b = briefing.build(store.open_dir(settings.BUNDLED_DATA_DIR).cursor(), 2023, "vi")
    model = document.build(b, today=DAY, sender=document.Sender())
    expected = [x.text for x in model.blocks if isinstance(x, document.Para)]
    expected += [n for x in model.blocks if isinstance(x, document.Notes) for n in x.texts]
    figures = [
        c for x in model.blocks if isinstance(x, document.Table) for r in x.rows for c in r.cells[3:7] if c
    ]
    word = " ".join(all_text(read(files["vi"])).split())
    reader = pypdf.PdfReader(io.BytesIO(report.pdf_bytes(b, today=DAY, sender=document.Sender())))
    pdf = " ".join(pdf_reading_text(reader).split())
    assert [e for e in expected if " ".join(e.split()) not in word] == []
    assert [e for e in expected if " ".join(e.split()) not in pdf] == []
    assert [f for f in figures if f not in word or f not in pdf] == []


NASTY = [
    '=HYPERLINK("http://x","y")',
    "**đậm** [liên kết](http://x) ![ảnh](http://x/a.png)",
    "<b>thẻ</b> &amp; {year} {0}",
    "ký tự\x01điều khiển\x0b",
]


@pytest.mark.parametrize("name", NASTY)
def test_text_from_data_is_written_literally(data_copy, name):
    with open(data_copy / "indicators.csv", "a", encoding="utf-8") as fh:
        quoted = '"' + name.replace('"', '""') + '"'
        fh.write(f"job_fairs,labour,{quoted},Job fairs,days,up\n")
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write("job_fairs,province,2023,actual,48,exact,user,,\n")
    try:
        con = store.open_dir(data_copy).cursor()
    except store.LoadError:
        pytest.skip("the reader refuses this name before any report is made")
    b = briefing.build(con, 2023, "vi", simulate=False)
    stored = b.figures.loc[b.figures["indicator_id"] == "job_fairs", "name_vi"].iloc[0]
    sender = document.Sender(agency=name, place=name)
    d = read(docx_report.docx_bytes(b, today=DAY, sender=sender))
    shown = re.sub("[\x01\x0b]", "\ufffd", stored)  # XML cannot hold these two: marked, not lost
    assert f"- {shown}: 48 ngày. (Người dùng nhập)" in [p.text for p in d.paragraphs]
    assert [r[0] for r in table_rows(figures_table(d)) if r[1] == "2023"].count(shown) == 1
    assert d.tables[0].rows[0].cells[0].text == re.sub("[\x01\x0b]", "\ufffd", name)
    # The PDF draws the same blocks: the name is there as typed (control characters have no glyph).
    pdf = pypdf.PdfReader(io.BytesIO(report.pdf_bytes(b, today=DAY, sender=sender)))
    flat = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert " ".join(re.sub("[\x01\x0b]", "", stored).split()) in flat


@pytest.mark.parametrize(
    ("args", "code", "err"),
    [
        ([], 0, ""),
        (["--lang", "en", "--agency", "Department of Home Affairs"], 0, ""),
        (["--year", "2019"], 1, "Không có số liệu thực hiện năm 2019 (các năm có số liệu: 2023)."),
        (["--out", "/nonexistent-folder/r.docx"], 1, "Không ghi được tệp /nonexistent-folder/r.docx"),
        (["--format", "doc"], 2, "invalid choice: 'doc'"),
    ],
)
def test_cli_exit_codes(tmp_path, capsys, args, code, err):
    out = tmp_path / "r.docx"
    argv = ["briefing", "--year", "2023", "--format", "docx", "--out", str(out), *args]
    assert main(argv) == code
    captured = capsys.readouterr()
    assert err in captured.err
    if code == 0:
        assert captured.out.strip() in {f"Đã ghi {out}", f"Wrote {out}"}
        assert read(out.read_bytes()).paragraphs  # a .docx that opens
    elif "--out" not in args:
        assert not out.exists()


def test_cli_takes_the_sender_from_settings_and_flags_override_them(tmp_path, monkeypatch):
    monkeypatch.setenv("CHITIEU_AGENCY", "Sở Nội vụ")
    monkeypatch.setenv("CHITIEU_PLACE", "Phủ Lý")
    out = tmp_path / "r.docx"
    assert (
        main(["briefing", "--year", "2023", "--format", "docx", "--place", "Hà Nam", "--out", str(out)]) == 0
    )
    header = table_rows(read(out.read_bytes()).tables[0])
    assert header[0][0] == "Sở Nội vụ"
    assert header[1][1].startswith("Hà Nam, ngày ")


@pytest.mark.parametrize(
    ("env", "boxes"), [({}, 5), ({"CHITIEU_AGENCY": "Sở Nội vụ", "CHITIEU_SIGNER": "A"}, 3)]
)
def test_page_offers_the_word_report_and_asks_only_for_what_settings_leave_empty(
    isolated_app, monkeypatch, env, boxes
):
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    at = AppTest.from_file(APP, default_timeout=30).run()
    at.switch_page("pages/briefing.py").run()
    assert not at.exception, [e.value for e in at.exception]
    assert len([w for w in at.text_input if w.key.startswith("doc_")]) == boxes
    at.text_input(key="doc_place").input("Phủ Lý").run()
    assert not at.exception
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Tải báo cáo Word (Nghị định 30)" in labels


def test_a_second_source_is_named_in_its_field_line_and_cited_by_row_in_the_table(data_copy):
    with open(data_copy / "indicators.csv", "a", encoding="utf-8") as fh:
        fh.write("job_fairs,labour,Phiên giao dịch việc làm,Job fairs held,days,up\n")
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write("job_fairs,province,2023,actual,48,exact,user,Sổ theo dõi của phòng,\n")
    b = briefing.build(store.open_dir(data_copy).cursor(), 2023, "vi", simulate=False)
    d = read(docx_report.docx_bytes(b, today=DAY, sender=document.Sender()))
    texts = body_texts(d)
    labour = texts[texts.index("1. Lao động") + 1 : texts.index("2. Người có công")]
    assert labour[-2:] == [
        "- Phiên giao dịch việc làm: 48 ngày. (Người dùng nhập)",
        SOURCE_LINE + "; Sổ theo dõi của phòng",
    ]
    # Two sources: the table cannot say it in one line, so each row cites its own by number.
    notes = texts[texts.index("Nguồn và ghi chú") + 1 :]
    assert notes[:1] == ["1 " + SOURCE_LINE.removeprefix("Nguồn: ")]
    rows = {r[0]: r for r in table_rows(figures_table(d)) if r[1] == "2023"}
    fairs = [n for n in notes if n.endswith("Sổ theo dõi của phòng")]
    assert len(fairs) == 1
    assert rows["Phiên giao dịch việc làm"][7] == f"[{fairs[0].split()[0]}]\nThực hiện: Người dùng nhập"
    assert rows["Lượt lao động được tạo việc làm mới"][7] == "[1]\nKế hoạch: Tính toán [3]"
    # The other fields rest on one source each: their lines (I: merit, social; II: labour, social)
    # name it alone, and no single line under the table claims to cover every row.
    assert texts.count(SOURCE_LINE) == 4
