"""Charts: the data each chart draws, its Vietnamese/English number locale, its 100% mark."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from fixtures import APP
from streamlit.testing.v1 import AppTest

from lib.data import queries
from lib.report import charts, scorecard

VI_LOCALE = {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}
EN_LOCALE = {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " VND"]}


def all_charts(con, lang):
    rows = queries.explore_table(con)
    series = charts.series_data(queries.explore_series(con, "jobs_created"), lang)
    return {
        "bullet": charts.bullet_chart(charts.bullet_data(rows, lang), lang),
        "achievement": charts.achievement_chart(charts.achievement_data(rows, lang), lang),
        "series": charts.series_chart(series, lang),
    }


@pytest.mark.parametrize(("lang", "locale"), [("vi", VI_LOCALE), ("en", EN_LOCALE)])
@pytest.mark.parametrize("name", ["bullet", "achievement", "series"])
def test_every_chart_carries_the_number_locale(con, lang, locale, name):
    spec = all_charts(con, lang)[name].to_dict()
    assert spec["config"]["locale"] == {"number": locale}


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_explore_page_charts_carry_the_locale_on_screen(isolated_app, lang):
    at = AppTest.from_file(APP, default_timeout=30)
    at.query_params["lang"] = lang
    at.switch_page("pages/explore.py").run()  # the link opens the page itself
    assert not at.exception
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    assert [s["config"]["locale"]["number"] for s in specs] == [VI_LOCALE if lang == "vi" else EN_LOCALE] * 3


def test_bullet_chart_pairs_every_actual_with_its_plan(con):
    data = charts.bullet_data(queries.explore_table(con, period_from="2023", period_to="2023"), "vi")
    got = {(r.label, r.actual, round(r.target)) for r in data.itertuples()}
    assert got == {
        ("Lượt lao động được tạo việc làm mới", 25953, 22182),
        ("Tuyển sinh đào tạo giáo dục nghề nghiệp", 13575, 7999),
        ("Mức giảm tỷ lệ hộ nghèo (chuẩn nghèo đa chiều)", 4.87, 4),
        ("Xóa nhà tạm, nhà dột nát", 2055, 1135),
        ("Hỗ trợ làm nhà mới cho hộ nghèo (Chương trình MTQG giảm nghèo bền vững)", 425, 425),
    }


def test_the_bullet_table_gives_the_actual_and_the_plan_each_its_own_provenance(con):
    """A user's actual against a reported plan was labelled with the plan's provenance alone."""
    data = charts.bullet_data(queries.explore_table(con, period_from="2023", period_to="2023"), "vi")
    jobs = data[data["label"] == "Lượt lao động được tạo việc làm mới"].iloc[0]
    assert (jobs["actual_provenance_label"], jobs["target_provenance_label"]) == ("Số báo cáo", "Tính toán")
    titles = dict(charts.BULLET_COLUMNS)
    assert [titles["actual_provenance_label"], titles["target_provenance_label"]] == [
        "charts.actual_provenance",
        "charts.target_provenance",
    ]


def test_achievement_is_sorted_with_a_100_percent_line(con):
    data = charts.achievement_data(queries.explore_table(con), "en")
    assert list(zip(data["pct_of_target"], data["bound_label"], data["status_label"], strict=True)) == [
        (181, "over", "Exceeded"),
        (169.7, "", "Exceeded"),
        (138, "", "Exceeded"),
        (117, "", "Exceeded"),
        (100, "", "Met"),
    ]
    spec = charts.achievement_chart(data, "en").to_dict()
    layers = spec["layer"]
    rule = next(layer for layer in layers if layer["mark"]["type"] == "rule")
    assert spec["datasets"][rule["data"]["name"]] == [{"x": 100.0}]
    assert layers[0]["encoding"]["y"]["sort"] == list(data["label"])


def test_status_colours_are_colour_blind_safe_and_never_alone(con):
    data = charts.achievement_data(queries.explore_table(con), "vi")
    spec = charts.achievement_chart(data, "vi").to_dict()
    color = spec["layer"][0]["encoding"]["color"]
    assert color["scale"] == {
        "domain": ["Vượt kế hoạch", "Đạt kế hoạch"],
        "range": [scorecard.STATUS_HEX["exceeded"], scorecard.STATUS_HEX["met"]],
    }
    assert set(scorecard.STATUS_HEX.values()) <= set(charts.OKABE_ITO) | {"#999999"}
    # the status is also a word in the tooltip and the table
    assert {"field": "status_label", "type": "nominal", "title": "Trạng thái"} in spec["layer"][0][
        "encoding"
    ]["tooltip"]


@pytest.mark.parametrize("name", ["bullet", "achievement", "series"])
def test_tooltips_give_the_exact_figure_and_its_source(con, name):
    spec = json.dumps(all_charts(con, "vi")[name].to_dict(), ensure_ascii=False)
    assert '"field": "source"' in spec
    assert '"format": ",.2~f"' in spec or '"format": ",.1~f"' in spec


def test_series_keeps_monthly_points_when_the_selection_has_months():
    rows = pd.DataFrame(
        {
            "area": ["province"] * 4,
            "period": ["2023", "2024", "2024-01", "2024-02"],
            "year": [2023, 2024, 2024, 2024],
            "month": [None, None, 1, 2],
            "measure": ["actual", "target", "actual", "actual"],
            "value": [25953.0, 22550.0, 1800.0, 1900.0],
            "bound": ["exact"] * 4,
            "provenance": ["reported", "reported", "synthetic", "synthetic"],
            "formula": [None] * 4,
            "value_low": [25953.0, 22550.0, 1800.0, 1900.0],
            "value_high": [25953.0, 22550.0, 1800.0, 1900.0],
            "source": ["a", "a", None, None],
        }
    )
    data = charts.series_data(rows, "en")
    assert list(zip(data["period"], data["value"], data["provenance_label"], strict=True)) == [
        ("2024-01", 1800.0, "Synthetic"),
        ("2024-02", 1900.0, "Synthetic"),
    ]


def test_tables_translate_headers_and_keep_numbers(con):
    data = charts.bullet_data(queries.explore_table(con, indicators=["jobs_created"]), "vi")
    table = charts.table(data, charts.BULLET_COLUMNS, "vi")
    assert list(table.columns[:5]) == ["Chỉ tiêu", "Địa bàn", "Kỳ", "Thực hiện", "Kế hoạch"]
    assert table["Thực hiện"].tolist() == [25953.0]
    assert pd.api.types.is_float_dtype(table["Kế hoạch"])


def test_achievement_is_derived_and_marked_when_the_data_has_only_actual_and_plan(con):
    rows = queries.explore_table(con, indicators=["jobs_created"], period_from="2023", period_to="2023")
    rows["pct_of_target"] = None
    data = charts.achievement_data(rows, "vi")
    assert data[["pct_of_target", "pct_provenance_label", "pct_formula"]].values.tolist() == [
        [pytest.approx(117.0), "Tính toán", "100 × Thực hiện ÷ Kế hoạch"]
    ]


@pytest.mark.parametrize("make", [charts.bullet_data, charts.achievement_data])
def test_bar_charts_draw_the_newest_period_of_each_indicator_and_area_at_most_max_bars(con, make):
    one = queries.explore_table(con, indicators=["jobs_created"], period_from="2023", period_to="2023")
    older = one.assign(period="2022", year=2022)
    areas = [one.assign(area=f"a{i:02d}") for i in range(40)]
    data = make(pd.concat([*areas, older.assign(area="a00")], ignore_index=True), "en")
    assert (len(data), set(data["period"])) == (charts.MAX_BARS, {"2023"})
