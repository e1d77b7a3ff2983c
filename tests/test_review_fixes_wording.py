"""Review 2: the wording and number-writing a department signs, as a reader sees it.

- A figure calculated from a rounded percentage (the 2023 jobs plan 25.953 / 117% = 22.182, true
  value somewhere in 22.088–22.277) is written one way on every screen: "khoảng 22.200", its
  range and formula beside it; downloads keep 22182 with its bounds and formula.
- Probabilities of one sentence, and a model's figure beside its interval, share their decimals.
- One card writes its unit one way; the ranking's status is a word, never "—".
- The poverty heading and chance use the poverty target's own year.
- A target an official report would write ("Năm 2024, phấn đấu tuyển sinh ...").
- An area in the middle of a sentence; a headline card's title is never cut.
"""

from __future__ import annotations

import csv
import io
import re

import pandas as pd
import pyarrow as pa
import pytest
from fixtures import PAGES, open_page, page_texts

from lib import i18n, settings
from lib.data import queries, store
from lib.models import sim_setup, simulate
from lib.report import briefing, charts, export, report, sim_words, summary, tracking_words

# The bundled data's calculated figures written finer than their range allows, in either style:
# the 2023 jobs plan (22.182), the 2022 jobs actual (24.955), the training plan (7.999).
FALSE_PRECISION = re.compile(r"22[.,]182|24[.,]955|7[.,]999\b")
ABOUT = {"vi": "khoảng 22.200", "en": "about 22,200"}


def shown(element) -> pd.DataFrame:
    """A table as the page shows it: a Styler's display texts where it has them, else its cells."""
    styler = element.proto.arrow_data.styler
    if styler.display_values:
        return pa.ipc.open_stream(styler.display_values).read_pandas()
    return element.value


def screen_texts(at) -> list[str]:
    """Every text of the page (`fixtures.page_texts`) and every table cell as it is displayed."""
    cells = [str(v) for d in at.dataframe for v in shown(d).astype(str).to_numpy().ravel()]
    return page_texts(at) + cells


# ---------------------------------------------------------------- 1. one way for a calculated figure


@pytest.mark.parametrize("lang", ["vi", "en"])
@pytest.mark.parametrize("page", PAGES)
def test_no_page_writes_a_calculated_figure_finer_than_its_range(isolated_app, page, lang):
    at = open_page(page, {"lang": lang})
    assert not at.exception
    texts = screen_texts(at)
    assert [x[:160] for x in texts if FALSE_PRECISION.search(x)] == []
    if page in ("pages/overview.py", "pages/explore.py", "pages/briefing.py", "pages/simulate.py"):
        assert any(ABOUT[lang] in x for x in texts), page


def test_the_overview_table_says_what_its_card_says_with_the_range_beside_it(isolated_app):
    at = open_page("pages/overview.py")
    cards = [m.value for m in at.markdown if m.value.startswith("**Kế hoạch:**")]
    assert "**Kế hoạch:** khoảng 22.200 người · Tính toán" in cards
    table = shown(at.dataframe[0]).set_index("Chỉ tiêu")
    jobs = table.loc["Lượt lao động được tạo việc làm mới"]
    assert jobs["Kế hoạch"] == "khoảng 22.200 người"
    assert jobs["Công thức (số tính toán)"] == (
        "Thực hiện ÷ (% kế hoạch ÷ 100); kế hoạch nằm trong khoảng 22.088 – 22.277 người, do tỷ lệ "
        "phần trăm trong nguồn đã làm tròn"
    )
    # An open bound says how exact it is with its own word; a reported figure as it is.
    assert table.loc["Xóa nhà tạm, nhà dột nát", "Kế hoạch"] == "dưới 1.135 hộ"
    assert (
        table.loc["Xóa nhà tạm, nhà dột nát", "Công thức (số tính toán)"] == "Thực hiện ÷ (% kế hoạch ÷ 100)"
    )


def test_explore_shows_about_while_its_cells_and_downloads_keep_the_number(isolated_app):
    at = open_page("pages/explore.py")
    bullet, series = at.dataframe[0], at.dataframe[2]
    plan = shown(bullet).set_index("Chỉ tiêu")
    assert plan.loc["Lượt lao động được tạo việc làm mới", "Kế hoạch"] == "khoảng 22.200"
    assert plan.loc["Tuyển sinh đào tạo giáo dục nghề nghiệp", "Kế hoạch"] == "khoảng 8.000"
    # "dưới 1.135": the plan is below the computed 1.135, which is therefore its only top.
    homes = plan.loc["Xóa nhà tạm, nhà dột nát"]
    assert (homes["Kế hoạch"], homes["Kế hoạch: giới hạn"], homes["Kế hoạch (cận trên)"]) == (
        "1.135",
        "dưới",
        "—",
    )
    assert bullet.value.set_index("Chỉ tiêu").loc["Lượt lao động được tạo việc làm mới", "Kế hoạch"] == 22182
    years = shown(series)
    assert list(years["Giá trị"]) == ["khoảng 25.000", "25.953", "khoảng 22.200", "22.550"]
    assert list(years["Cận dưới (do làm tròn)"])[:1] == ["24.835"]


def test_explore_downloads_keep_numbers_bounds_and_formulas(bundled_store):
    con = bundled_store.cursor()
    rows = queries.explore_table(con, indicators=["jobs_created"])
    lines = list(
        csv.reader(io.StringIO(export.to_csv(export.filtered_figures(rows, "vi")).decode("utf-8-sig")))
    )
    by_period = {line[lines[0].index("Kỳ")]: dict(zip(lines[0], line, strict=True)) for line in lines[1:]}
    assert {k: by_period["2022"][k] for k in ("Thực hiện", "Thực hiện tính toán: cận dưới")} == {
        "Thực hiện": "24955",
        "Thực hiện tính toán: cận dưới": "24835",
    }
    assert by_period["2022"]["Thực hiện tính toán: cận trên"] == "25075"
    assert by_period["2022"]["Công thức (số tính toán)"] == "Thực hiện ÷ (1 + % so với năm trước ÷ 100)"
    assert (by_period["2023"]["Kế hoạch"], by_period["2023"]["Kế hoạch tính toán: cận dưới"]) == (
        "22182",
        "22088",
    )
    data = charts.bullet_data(rows, "vi")
    table = charts.table(data, charts.BULLET_COLUMNS, "vi")
    text = export.to_csv(table).decode("utf-8-sig")
    assert ",22182,22088,22277," in text and "khoảng" not in text
    # The chart's tooltip says what the table says: "khoảng" 22.200, beside the bounds.
    assert (data.loc[0, "target_word"], data.loc[0, "target_shown"]) == ("khoảng", 22200)
    spec = charts.spec(charts.bullet_chart(data, "vi"))
    fields = [tip["field"] for tip in spec["spec"]["layer"][0]["encoding"]["tooltip"]]
    assert "target_shown" in fields and "target" not in fields and "target_low" in fields


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_briefing_chart_labels_a_calculated_bar_about(bundled_store, lang):
    b = briefing.build(bundled_store.cursor(), 2023, lang, simulate=False)
    chart = dict(briefing.charts(b, "labour"))["jobs_created-2022-2024"]
    svg = report.chart_svg(chart).decode("utf-8")
    labels = re.findall(r"<text[^>]*>([^<]*)</text>", svg)
    about = "khoảng" if lang == "vi" else "about"
    assert labels.count(about) == 2  # the 2022 actual and the 2023 plan, over their numbers
    assert {"25.000", "22.200", "25.953", "22.550"} <= {x.replace(",", ".") for x in labels}
    assert not [x for x in labels if FALSE_PRECISION.search(x)]


def test_one_rule_decides_about_for_every_surface():
    # An exact sum (its range is itself), an open bound, a reported figure: never "khoảng".
    assert summary.figure_text(780.0, "people", "vi", "exact", "derived", 780.0, 780.0) == "780 người"
    assert (
        summary.figure_text(1135.36, "households", "vi", "less_than", "derived", None, 1138.5)
        == "dưới 1.135 hộ"
    )
    assert (
        summary.figure_text(22550.0, "people", "vi", "exact", "reported", 22550.0, 22550.0) == "22.550 người"
    )
    assert summary.shown_value(22182.05, "people", "derived", 22087.7, 22277.3) == 22200
    assert summary.shown_value(22182.05, "people", "reported", 22087.7, 22277.3) == 22182.05


# ---------------------------------------------------------------- 2. probabilities alike in a sentence


@pytest.mark.parametrize(
    ("low", "high", "base", "vi"),
    [
        (86.2, 83.0, 85.4, ("86,2%", "83,0%", "85,4%")),
        (80.0, 90.0, 85.0, ("80%", "90%", "85%")),
        (99.97, 83.0, 90.0, ("> 99,9%", "83,0%", "90,0%")),
    ],
)
def test_the_chances_of_one_sentence_share_their_decimals(low, high, base, vi):
    frame = pd.DataFrame([{"assumption": "cv_pct", "low_pct": low, "high_pct": high, "base_pct": base}])
    sentence = sim_words.sensitivity_sentence(frame, "vi")
    assert sentence.endswith(f"là {vi[0]} khi giảm một nấc và {vi[1]} khi tăng một nấc (hiện {vi[2]}).")


# ---------------------------------------------------------------- 3. a model's figures alike; units; status


def test_a_rise_and_its_interval_are_written_with_the_same_decimals():
    inputs = sim_setup.poverty_inputs(
        sim_setup.load_setup(store.open_dir(settings.BUNDLED_DATA_DIR).cursor()),
        sim_setup.Assumptions(pov_exit_pct=100.0, pov_entry_pct=100.0),
    )
    result = simulate.simulate_poverty(inputs)
    sentence = sim_words.poverty_sentence(result, "vi", illustrative=False)
    figures = re.findall(
        r"tăng (\S+) điểm phần trăm, 80% khả năng mức tăng nằm trong khoảng (\S+) – (\S+) điểm", sentence
    )
    assert figures, sentence
    assert all(re.fullmatch(r"\d+,\d\d", x) for x in figures[0]), figures
    median, interval = [v for _, v in sim_words.poverty_metrics(result, "vi")][:2]
    assert re.fullmatch(r"−\d+,\d\d", median) and re.fullmatch(r"−\d+,\d\d – −\d+,\d\d", interval)


def test_one_card_writes_its_unit_one_way(bundled_store):
    from lib.report import scorecard

    con = bundled_store.cursor()
    (poverty,) = [
        c
        for c in scorecard.next_year(
            queries.year_summary(con, 2023), queries.year_summary(con, 2024), 2023, "vi"
        )
        if c.indicator_id == "poverty_rate_fall"
    ]
    card = " ".join([poverty.target_text, *poverty.against])
    assert "điểm %" in card and "điểm phần trăm" not in card, card


def test_the_ranking_names_a_status_it_cannot_judge_in_words(bundled_store):
    from lib.models import tracking

    con = bundled_store.cursor()
    tracks = [tracking.track_of(con, i, 2024, "province") for i in ("jobs_created", "poverty_rate_fall")]
    table = tracking_words.ranking(tracks, {}, "vi")
    assert "—" not in list(table["Trạng thái"])
    assert set(table["Trạng thái"]) <= {"Chưa đánh giá", "Chưa có số liệu tháng"}


# ---------------------------------------------------------------- 4. the poverty rate's own year


@pytest.fixture
def poverty_a_year_later(data_copy):
    """The poverty target set for 2025 while the jobs target stays 2024."""
    path = data_copy / "observations.csv"
    text = path.read_text(encoding="utf-8")
    lines = [
        line.replace("poverty_rate_fall,province,2024,", "poverty_rate_fall,province,2025,")
        for line in text.splitlines()
    ]
    assert lines != text.splitlines()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    s = store.open_dir(data_copy)
    yield s.cursor()
    s.close()


def test_the_poverty_heading_and_chance_use_the_poverty_targets_year(poverty_a_year_later):
    setup = sim_setup.load_setup(poverty_a_year_later)
    assert (setup.year, setup.poverty_year) == (2024, 2025)
    assert sim_words.poverty_header(setup, "vi").startswith("Tỷ lệ hộ nghèo năm 2025: chỉ tiêu giảm trên 3")
    for_2024 = briefing.chances(poverty_a_year_later, 2024, "vi")
    assert [c.indicator_id for c in for_2024] == ["jobs_created"]  # no 2025 chance under 2024
    assert [c.indicator_id for c in briefing.chances(poverty_a_year_later, 2025, "vi")] == [
        "poverty_rate_fall"
    ]


# ---------------------------------------------------------------- 5. targets in a report's words


@pytest.fixture
def training_target(data_copy):
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write("vocational_enrolment,province,2024,target,9000,exact,user,Kế hoạch 2024,,\n")
        fh.write("temporary_homes_removed,province,2024,target,1200,more_than,user,Kế hoạch 2024,,\n")
    s = store.open_dir(data_copy)
    yield s.cursor()
    s.close()


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "vi",
            [
                "Năm 2024, phấn đấu giải quyết việc làm mới cho 22.550 người.",
                "Năm 2024, phấn đấu tuyển sinh đào tạo giáo dục nghề nghiệp cho 9.000 người.",
                "Năm 2024, phấn đấu giảm tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giai đoạn 2022–2025 trên 3 "
                "điểm phần trăm.",
                "Năm 2024, phấn đấu xóa nhà tạm, nhà dột nát cho trên 1.200 hộ.",
            ],
        ),
        (
            "en",
            [
                "For 2024, the goal is new jobs for 22,550 people.",
                "For 2024, the goal is to enrol 9,000 people in vocational training.",
                "For 2024, the goal is to cut the poor-household rate under the multidimensional poverty "
                "standard for 2022–2025 by over 3 percentage points.",
                "For 2024, the goal is to replace temporary and dilapidated homes for over 1,200 households.",
            ],
        ),
    ],
)
def test_next_years_targets_read_as_an_official_report(training_target, lang, expected):
    sentences = briefing.target_sentences(queries.year_summary(training_target, 2024, "province"), 2024, lang)
    assert [s.text for s in sentences] == expected


def test_a_users_own_indicator_keeps_the_one_generic_form():
    rows = pd.DataFrame(
        [
            {
                "indicator_id": "own_counts",
                "field": "social",
                "name_vi": "Lượt tư vấn",
                "name_en": "Advice sessions",
                "unit": "people",
                "area": "province",
                "target": 500.0,
                "target_bound": "exact",
                "target_provenance": "user",
                "standard": "",
            }
        ]
    )
    (s,) = briefing.target_sentences(rows, 2024, "vi")
    assert s.text == "Năm 2024, chỉ tiêu “Lượt tư vấn”: 500 người."


# ---------------------------------------------------------------- 6. sentences and titles


def test_an_area_never_sits_capitalised_in_the_middle_of_a_sentence():
    for lang in i18n.LANGS:
        for key in ("track_page.bt_caption", "track_page.rank_one_area", "track_page.rank_caption"):
            text = i18n.t(key, lang)
            # The area opens its sentence or follows a colon, where a capital belongs.
            assert re.search(r"(^|: )\{area\}", text), (lang, key, text)


def test_a_headline_cards_title_is_never_cut(isolated_app):
    at = open_page("pages/briefing.py")
    assert not at.exception and not at.metric  # a metric cuts its label to one line
    titles = [m.value for m in at.markdown if m.value.startswith("**")]
    name = (
        "Thu thập thông tin người lao động gắn với cơ sở dữ liệu quốc gia về dân cư"
        " (hoàn thành trước thời hạn)"
    )
    assert f"**{name}**" in titles
    assert "### 30 ngày" in [m.value for m in at.markdown]
