"""Vietnamese a department would sign (issue 17): every leader surface read as a reviewer would.

Each page (AppTest), the PDF (pypdf's text) and the workbook (openpyxl) in Vietnamese: the terms
the reviewer asked for are there, and the words they struck out are not: code and formula ids
(`pct_of_target`, `actual /`), method jargon (Monte Carlo, seed, "Trung vị", "Độ bất định", "lần
rút", "lệch một bước"), "tổng hợp" for made-up data, the old status words. The simulator's method
notes are the one place allowed to name the method. docs/GLOSSARY.md lists the terms.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import openpyxl
import pypdf
import pytest
from fixtures import APP, PAGES, page_texts, struck_in
from streamlit.testing.v1 import AppTest

from lib import fmt, settings
from lib.data import queries, store, synth
from lib.i18n import t as i18n_t
from lib.models import sim_setup
from lib.report import briefing, document, report, scorecard, sim_words


# Words no leader should read, with what replaces them (see docs/GLOSSARY.md).
def open_page(page: str, lang: str = "vi", **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = lang
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


PAGE_TERMS = {
    "pages/overview.py": [
        "Vượt kế hoạch",
        "Đạt kế hoạch",
        "Nguồn không nêu kế hoạch",
        scorecard.legend("vi"),
        "**So với kế hoạch:** 117%",
        "**Kế hoạch:** khoảng 8.000 người · Tính toán",
        "Số báo cáo",
        "Thực hiện ÷ (% kế hoạch ÷ 100)",
        "So với kế hoạch (%)",
        "thấp hơn từ 0,52 đến 0,54 điểm % so với kế hoạch năm 2023",
        # The poverty rate's tracker card: a word beside the dash icon, never "— —" (review 16).
        ":material/remove: **Chưa đánh giá**",
    ],
    "pages/explore.py": [
        "So với kế hoạch (%)",
        "Đạt kế hoạch",
        "Thực hiện ÷ (1 + % so với năm trước ÷ 100)",
        "Tính toán",
    ],
    "pages/simulate.py": [
        "Khoảng dự báo 80%",
        "Mức dự kiến cả năm (trung vị)",
        "Mức dao động (hệ số biến thiên, %)",
        "Mốc so sánh",
        "khi giảm một nấc",
        "Mã tái lập kết quả",
        "Tỷ lệ hộ không nghèo dự kiến tái nghèo, phát sinh mới (%)",
        "Nếu giữ bằng mức thực hiện năm 2023 (25.953 lượt lao động), khả năng đạt chỉ tiêu 22.550 người"
        " là 90,5%.",
        "**Với các giả định này, tỷ lệ hộ nghèo dự kiến giảm 3,33 điểm phần trăm, 80% khả năng nằm trong"
        " khoảng 2,86 – 3,79 điểm phần trăm; khả năng giảm trên 3 điểm phần trăm là 81,7%.**",
        "Khả năng 50%: có thể giảm tối đa",
    ],
    "pages/data.py": [
        "Dữ liệu: nhập số liệu",
        "kiểu quốc tế (25953; 169.7)",
        "Dữ liệu có sẵn (kết quả năm 2023 của Sở, như đã đăng trên báo tỉnh)",
    ],
    # A visitor is told what the page will show, not a server administrator's command (an
    # approver reads what to do: tests/test_places.py).
    "pages/places.py": [
        "trang này chưa có gì để xếp hạng. Khi số liệu theo xã, phường được nạp, "
        "trang sẽ hiện bảng xếp hạng và bản đồ"
    ],
    "pages/briefing.py": [
        "Báo cáo tóm tắt phục vụ lãnh đạo năm 2023",
        "Kết quả thực hiện năm 2023",
        "Chỉ tiêu, nhiệm vụ năm 2024",
        "#### Năm 2023, 2/2 chỉ tiêu có kế hoạch đều vượt kế hoạch.",
        "Mô phỏng, không phải số liệu báo cáo: kịch bản mặc định của trang Mô phỏng (100.000 lần mô phỏng).",
        "#### Nếu giữ bằng mức thực hiện năm 2023 (25.953 lượt lao động), khả năng đạt chỉ tiêu 22.550"
        " người khoảng 90%.",
    ],
}


@pytest.mark.parametrize("page_path", PAGES)
def test_every_page_speaks_to_a_leader(isolated_app, page_path):
    texts = page_texts(open_page(page_path))
    joined = "\n".join(texts)
    assert [t for t in PAGE_TERMS.get(page_path, []) if t not in joined] == []
    assert struck_in(texts) == []
    assert "python -m" not in joined and "CHITIEU_DATA_DIR" not in joined


@pytest.mark.parametrize("field", ["merit", "social"])
def test_every_field_of_the_briefing_page(isolated_app, field):
    texts = page_texts(open_page("pages/briefing.py", field=field))
    assert struck_in(texts) == []


@pytest.mark.parametrize("page_path", PAGES)
def test_the_english_pages_get_the_same_care(isolated_app, page_path):
    texts = page_texts(open_page(page_path, lang="en"))
    found = [
        (w, t[:100])
        for t in texts
        if not t.startswith(("**Counts and amounts (people, households, gifts, funds).**", "**Poverty.**"))
        for w in ("pct_of_target", "actual /", "seed", "Monte Carlo", "Derived", "draws", "Uncertainty", "≈")
        if w in t
    ]
    assert found == []


def test_a_card_at_exactly_100_percent_says_met(isolated_app):
    at = open_page("pages/overview.py")
    badges = [m.value for m in at.markdown if "badge[" in m.value]
    # 425 households, "đạt 100% kế hoạch" in the source.
    assert ":green-badge[:material/check: Đạt kế hoạch]" in badges
    card = next(
        c
        for c in scorecard.cards(queries.year_summary(at_con(), 2023))
        if c.indicator_id.endswith("new_homes")
    )
    assert (card.pct_text, card.status_text) == ("100%", "Đạt kế hoạch")


def at_con():
    return store.open_dir(settings.BUNDLED_DATA_DIR).cursor()


def test_the_explorer_counts_in_the_number_style(isolated_app, monkeypatch, data_copy):
    # 3.000 monthly figures of the user's own (and their 250 yearly totals): more rows than the
    # explorer shows.
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        for area in range(250):
            for month in range(1, 13):
                fh.write(f"jobs_created,d{area:03d},2022-{month:02d},actual,{100 + month},exact,user,,\n")
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    captions = [c.value for c in open_page("pages/explore.py").caption]
    assert (
        "Đang hiển thị 2.000 dòng mới nhất trong tổng số 3.264 dòng khớp bộ lọc; thu hẹp bộ lọc để xem"
        " đầy đủ." in captions
    )


def test_synthetic_data_is_called_made_up_not_compiled(isolated_app, monkeypatch, tmp_path):
    folder = tmp_path / "national"
    synth.generate(folder, rows=1)
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(folder))
    at = AppTest.from_file(APP, default_timeout=60).run()
    (banner,) = [w.value for w in at.warning if "giả lập" in w.value]
    assert banner.startswith("Dữ liệu giả lập (do máy tạo ra để thử tải, không phải số liệu báo cáo)")
    assert "tổng hợp" not in banner
    # Yearly totals of synthetic months are sums, not approximations: no "≈", no "khoảng".
    at.switch_page("pages/overview.py").run()
    texts = page_texts(at)
    assert struck_in(texts) == []
    assert not [t for t in texts if t.startswith("**Kế hoạch:** khoảng")]


# ---------------------------------------------------------------- PDF and workbook


@pytest.fixture(scope="module")
def briefings() -> dict[str, briefing.Briefing]:
    con = at_con()
    return {lang: briefing.build(con, 2023, lang) for lang in ("vi", "en")}


@pytest.fixture(scope="module")
def pdf_text(briefings) -> dict[str, str]:
    out = {}
    for lang, b in briefings.items():
        reader = pypdf.PdfReader(io.BytesIO(report.pdf_bytes(b, today=dt.date(2024, 1, 15))))
        # Read as a reader does: a sentence may run over a page break, past the page's footer.
        pages = [re.sub(r"\n?(Trang|Page) \d+\s*$", "", p.extract_text()) for p in reader.pages]
        out[lang] = " ".join(" ".join(pages).split())
    return out


PDF_TERMS = {
    "vi": [
        "Báo cáo tóm tắt kết quả thực hiện chỉ tiêu năm 2023",
        "Kết quả thực hiện năm 2023",
        "Chỉ tiêu, nhiệm vụ năm 2024",
        "Năm 2023, 2/2 chỉ tiêu có kế hoạch đều vượt kế hoạch.",
        "Phụ lục: mô phỏng tham khảo",
        "Nguồn: Báo tỉnh, Thu Hương: Dấu ấn của ngành Lao động - Thương binh và Xã hội (2023)",
        "Năm 2023, 3/3 chỉ tiêu có kế hoạch đều đạt và vượt kế hoạch.",
        "với tổng kinh phí trên 6,96 tỷ đồng",
        "Tỷ lệ hộ nghèo toàn tỉnh giảm 4,87 điểm phần trăm, đạt 138% kế hoạch.",
        "phấn đấu giảm tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giai đoạn 2022–2025 trên 3 điểm phần trăm",
        "khả năng đạt chỉ tiêu 22.550 người khoảng 90%",
        "Với giả định minh họa, chưa phải số liệu của tỉnh, tỷ lệ hộ nghèo dự kiến giảm",
        "80% khả năng nằm trong khoảng",
        "Số báo cáo",
        "Tính toán",
        "So với kế hoạch (%)",
        "Thực hiện ÷ (% kế hoạch ÷ 100)",
        "Thực hiện ÷ (1 + % so với năm trước ÷ 100)",
    ],
    "en": [
        "In 2023, every target with a plan was met or exceeded (3 of 3).",
        "with total funding of over 6.96 billion VND",
        "Cut the poor-household rate across the province by 4.87 percentage points, 138% of plan.",
        "the chance of reaching the target of 22,550 people is about 90%",
        "Actual ÷ (% of plan ÷ 100)",
        "Calculated",
        "Appendix: simulations for reference",
        "Source: Báo tỉnh, Thu Hương: Dấu ấn của ngành Lao động - Thương binh và Xã hội (2023)",
    ],
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_pdf_reads_like_a_year_end_report(pdf_text, lang):
    text = pdf_text[lang]
    assert [t for t in PDF_TERMS[lang] if t not in text] == []
    for word in (
        "pct_of_target",
        "actual /",
        "seed",
        "Monte Carlo",
        "Suy ra",
        "suy ra",
        "Derived",
        "derived",
        "tổng hợp",
    ):
        assert word not in text
    # One "Nguồn:" line per section, not a "[1]" after every line pointing to the source (only a
    # calculated figure's formula is a numbered note).
    sentences = re.split("Nguồn và ghi chú|Sources and notes", text)[0]
    assert not re.search(r"\. \[\d+\]", sentences) and "] Báo tỉnh" not in text


def workbook_texts(b: briefing.Briefing) -> list[str]:
    """Every text cell a reader sees (the last two columns are ASCII ids for machines)."""
    wb = openpyxl.load_workbook(io.BytesIO(report.xlsx_bytes(b)))
    return [
        str(c.value)
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row[:-2]
        if isinstance(c.value, str)
    ]


def test_the_workbook_in_vietnamese(briefings):
    texts = workbook_texts(briefings["vi"])
    for term in (
        "Số báo cáo",
        "Tính toán",
        "So với kế hoạch (%)",
        "Thực hiện ÷ (% kế hoạch ÷ 100)",
        "Thực hiện ÷ (1 + % so với năm trước ÷ 100)",
    ):
        assert term in texts
    assert struck_in(texts) == []


def test_the_workbook_in_english(briefings):
    texts = workbook_texts(briefings["en"])
    assert {"Reported figure", "Calculated", "Against plan (%)", "Actual ÷ (% of plan ÷ 100)"} <= set(texts)
    assert not [t for t in texts if "actual /" in t or "pct_of_target" in t]


# ---------------------------------------------------------------- the exact sentences


CHANCES = {
    "vi": [
        "Nếu giữ bằng mức thực hiện năm 2023 (25.953 lượt lao động), khả năng đạt chỉ tiêu 22.550 người"
        " khoảng 90%.",
        "Với giả định minh họa, chưa phải số liệu của tỉnh, tỷ lệ hộ nghèo dự kiến giảm 3,33 điểm phần trăm,"
        " 80% khả năng nằm trong khoảng 2,86 – 3,79 điểm phần trăm; khả năng giảm trên 3 điểm phần trăm"
        " khoảng 80%.",
    ],
    "en": [
        "Holding at the 2023 result (25,953 workers), the chance of reaching the target of 22,550 people"
        " is about 90%.",
        "With illustrative assumptions, not the province's figures, the poor-household rate is expected to"
        " fall by 3.33 percentage points, with an 80% chance of a fall between 2.86 and 3.79 percentage"
        " points; the chance of a fall of over 3 percentage points is about 80%.",
    ],
}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_appendix_sentences_for_the_bundled_data(briefings, lang):
    assert [c.text for c in briefings[lang].chances] == CHANCES[lang]


@pytest.mark.parametrize(
    ("lang", "summary"),
    [
        ("vi", "Năm 2023, 5/5 chỉ tiêu có kế hoạch đều đạt và vượt kế hoạch."),
        ("en", "In 2023, every target with a plan was met or exceeded (5 of 5)."),
    ],
)
def test_the_year_summary_line_is_counted_from_the_data(lang, summary):
    s = briefing.summary_sentence(queries.year_summary(at_con(), 2023, "province"), 2023, lang)
    assert s.text == summary


@pytest.mark.parametrize(
    ("pcts", "expected"),
    [
        ((100, 100), "Năm 2023, 2/2 chỉ tiêu có kế hoạch đều đạt kế hoạch."),
        ((117, 95), "Năm 2023, 1/2 chỉ tiêu có kế hoạch đạt và vượt kế hoạch; 1 chỉ tiêu cơ bản đạt."),
        (
            (80, 95),
            "Năm 2023, chưa có chỉ tiêu nào trong 2 chỉ tiêu có kế hoạch đạt kế hoạch; 1 chỉ tiêu cơ bản"
            " đạt; 1 chỉ tiêu chưa đạt.",
        ),
    ],
)
def test_the_summary_line_follows_the_status_scale(pcts, expected):
    def edit(obs):
        for ind, pct in zip(("jobs_created", "vocational_enrolment"), pcts, strict=True):
            mask = (
                (obs["indicator_id"] == ind) & (obs["period"] == "2023") & (obs["measure"] == "pct_of_target")
            )
            obs.loc[mask, "value"] = pct
        return obs

    indicators, observations = store.read_dir(settings.BUNDLED_DATA_DIR)
    con = store.Store(indicators, edit(observations.copy())).cursor()
    rows = queries.year_summary(con, 2023, "province")
    assert briefing.summary_sentence(rows, 2023, "vi", "labour").text == expected


@pytest.mark.parametrize(
    ("value", "low", "high", "unit", "vi", "en"),
    [
        (7999.4, 7997.1, 8002.2, "people", "khoảng 8.000 người", "about 8,000 people"),
        (22182.1, 22087.7, 22277.0, "people", "khoảng 22.200 người", "about 22,200 people"),
        (425.0, 422.9, 427.1, "households", "khoảng 425 hộ", "about 425 households"),
        (3.529, 3.516, 3.542, "points", "khoảng 3,53 điểm %", "about 3.53 points"),
    ],
)
def test_a_calculated_plan_at_the_precision_its_range_allows(value, low, high, unit, vi, en):
    assert fmt.approx_figure(value, unit, "vi", low, high) == vi
    assert fmt.approx_figure(value, unit, "en", low, high) == en


def test_the_goal_seek_says_how_far_the_year_may_fall(con):
    lines = sim_words.goalseek_lines(sim_setup.default_jobs_result(con), "vi")
    assert any(
        re.fullmatch(r"Khả năng 50%: có thể giảm tối đa [\d,]+% so với mốc so sánh \(.*\)", x) for x in lines
    )
    assert not [x for x in lines if "−" in x]


@pytest.mark.parametrize(("lang", "words"), [("vi", ("bài báo",)), ("en", ("newspaper article", "article"))])
def test_the_bundled_data_is_named_as_the_department_would_sign_it(lang, words):
    """Review 16: "Dữ liệu có sẵn (theo bài báo …)": a department does not sign under "bài báo";
    the figures are its year's results as published (/work/shared/seed/facts.md)."""
    from lib import i18n

    assert (
        i18n.t("data.bundled", lang)
        == {
            "vi": "Dữ liệu có sẵn (kết quả năm 2023 của Sở, như đã đăng trên báo tỉnh)",
            "en": "Bundled data (the department's 2023 results, as published in the provincial newspaper)",
        }[lang]
    )
    assert [k for k, v in i18n.catalogue(lang).items() if any(w in v.lower() for w in words)] == []


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_simulator_and_the_overview_give_one_expected_level(con, lang):
    """Review 11: the overview said 25.953 (22.627–29.279) and the Simulate page 25.959
    (22.632–29.281) under one label. The simulator now writes the model's exact expected level,
    the overview's, and labels its 80% range as the runs'."""
    from lib.models import tracking
    from lib.report import tracking_words

    track = tracking.track_of(con, "jobs_created", 2024, "province")
    result = sim_setup.default_jobs_result(con)
    shown = dict(sim_words.jobs_metrics(result, lang))
    level = fmt.number(track.expected, lang, 0)
    assert level == {"vi": "25.953", "en": "25,953"}[lang]
    median, interval, gap = (
        i18n_t(k, lang) for k in ("simulate.median", "simulate.interval", "simulate.gap")
    )
    assert (shown[median], shown[gap]) == (level, {"vi": "+3.403", "en": "+3,403"}[lang])
    card = tracking_words.card(track, lang)
    assert any(level in line for line in card.lines)
    # The two ranges come from different computations and say so: the page's is the runs'.
    assert (
        interval
        == {
            "vi": "Khoảng dự báo 80% (theo các lần mô phỏng)",
            "en": "80% prediction interval (from the runs)",
        }[lang]
    )


@pytest.mark.parametrize(("lang", "bound"), [("vi", "dưới"), ("en", "under")])
def test_the_explorer_table_keeps_a_plans_bound(con, lang, bound):
    """ "Xóa nhà tạm: trên 181% kế hoạch" makes a plan under 1.135 households: the Explore table
    (and its download) said 1.135 alone, which reads as exactly 1.135."""
    from lib import i18n
    from lib.report import charts

    data = charts.bullet_data(queries.explore_table(con, indicators=["temporary_homes_removed"]), lang)
    row = charts.table(data, charts.BULLET_COLUMNS, lang).iloc[0]
    plan, plan_bound = (i18n.t(k, lang) for k in ("charts.target", "charts.target_bound"))
    assert (row[plan], row[plan_bound]) == (1135, bound)


def test_the_explorer_ranking_reads_a_year_that_is_over_as_its_result(data_copy):
    """Review 2, item 5: with 2024's whole-year actual, the ranking said "Đã đạt", a chance of
    100 and 0 months beside 26.111; the poverty target "3" had lost its "trên" and its unit."""
    from lib import ui
    from lib.models import tracking
    from lib.report import tracking_words

    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write("jobs_created,province,2024,actual,26111,exact,user,,\n")
    tracks = tracking.track_year(store.open_dir(data_copy).cursor(), 2024, "province")
    shown = ui.table_text(tracking_words.ranking(tracks, {}, "vi"), "vi").set_index("Chỉ tiêu")
    columns = ["Trạng thái", "Khả năng đạt (%)", "Kế hoạch cả năm", "Lũy kế", "Số tháng"]
    assert shown.loc["jobs_created", columns].tolist() == ["Đã đạt", "—", "22.550 người", "26.111", "—"]
    assert shown.loc["poverty_rate_fall", "Kế hoạch cả năm"] == "trên 3 điểm %"


def test_one_source_line_per_section(briefings):
    """Section I of the PDF and the Word file (one list of blocks): each field's results closed
    by one "Nguồn:" line, naming the year's sources."""
    b = briefings["vi"]
    blocks = document.build(b, today=dt.date(2024, 1, 15)).blocks
    headings = [i for i, x in enumerate(blocks) if isinstance(x, document.Heading) and x.level == 1]
    results = blocks[headings[0] : headings[1]]
    fields = [x.text for x in results if isinstance(x, document.Heading)][1:]
    lines = [x.text for x in results if isinstance(x, document.Para) and x.kind == "source"]
    assert (fields, lines) == (
        ["1. Lao động", "2. Người có công", "3. Xã hội"],
        ["Nguồn: Báo tỉnh, Thu Hương: Dấu ấn của ngành Lao động - Thương binh và Xã hội (2023)"] * 3,
    )


def test_the_summary_line_is_the_first_line_of_each_field_with_a_plan(briefings):
    b = briefings["vi"]
    kinds = {f: [s.kind for s in b.results_for(f)] for f in b.fields()}
    assert kinds == {
        "labour": ["summary", "result", "result", "result"],
        "merit": ["result", "result", "result"],  # the source gives no plan here: nothing to count
        "social": ["summary", "result", "result", "result"],
    }
