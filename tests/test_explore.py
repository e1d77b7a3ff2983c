"""The explorer: filters held in the URL as ASCII ids, charts with their tables, plain
messages for empty selections, and store queries that aggregate in DuckDB."""

from __future__ import annotations

import pytest
from fixtures import APP, PAGES, open_page
from streamlit.testing.v1 import AppTest

from lib.data import queries
from lib.fmt import MISSING


def open_explore(**params: str | list[str]) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page("pages/explore.py").run()  # the link opens the page itself
    assert not at.exception, [e.value for e in at.exception]
    return at


def view(at: AppTest) -> dict:
    """What a user sees of the view: the filters' values and the first column of each table."""
    return {
        "filters": {
            k: at.multiselect(key=k).value for k in ("field", "indicator", "area", "measure", "provenance")
        }
        | {"period": at.select_slider(key="period").value},
        "tables": [df.value.iloc[:, 0].tolist() for df in at.dataframe],
    }


def test_filters_open_from_a_link(isolated_app):
    at = open_explore(lang="en", field="labour", period=["2023", "2023"], provenance=["reported", "derived"])
    assert view(at)["filters"] == {
        "field": ["labour"],
        "indicator": [],
        "area": [],
        "measure": [],
        "provenance": ["reported", "derived"],
        "period": ("2023", "2023"),
    }
    assert view(at)["tables"] == [
        ["Workers given new jobs", "Vocational training enrolment"],
        ["Vocational training enrolment", "Workers given new jobs"],
        # The filtered figures, every one (also those no chart draws), newest first.
        [
            "Workers given new jobs",
            "Labour data linked to the national population database (days ahead of deadline)",
            "Vocational training enrolment",
        ],
    ]
    assert [i.value for i in at.info] == [
        "No indicator in this selection has figures for two or more periods."
    ]


def test_filters_chosen_on_screen_go_into_the_url_and_come_back(isolated_app):
    at = open_explore()
    at.multiselect(key="field").set_value(["social"])
    at.multiselect(key="measure").set_value(["actual", "pct_of_target"])
    at.select_slider(key="period").set_value(("2023", "2024"))
    at.run()
    assert not at.exception
    link = {k: at.query_params.get_all(k) if hasattr(at.query_params, "get_all") else at.query_params[k]
            for k in at.query_params}  # fmt: skip
    assert {k: v if isinstance(v, list) else [v] for k, v in link.items()} == {
        "field": ["social"],
        "measure": ["actual", "pct_of_target"],
        "period": ["2023", "2024"],
    }
    reopened = open_explore(**link)
    assert view(reopened) == view(at)
    # No plans among the measures chosen: the first table is achievement, highest first.
    assert view(reopened)["tables"][0] == [
        "Xóa nhà tạm, nhà dột nát",
        "Mức giảm tỷ lệ hộ nghèo (chuẩn nghèo đa chiều)",
        "Hỗ trợ làm nhà mới cho hộ nghèo (Chương trình MTQG giảm nghèo bền vững)",
    ]


def test_language_and_filters_survive_a_page_switch(isolated_app):
    at = open_explore(lang="en", field="merit")
    at.switch_page("pages/overview.py").run()
    at.switch_page("pages/explore.py").run()
    assert at.title[0].value == "Explore the figures"
    assert at.multiselect(key="field").value == ["merit"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"field": "merit", "measure": "target"}, "Không có số liệu nào khớp với bộ lọc đã chọn."),
        ({"lang": "en", "indicator": "merit_gifts", "provenance": "derived"}, "No figures match the filters"),
        ({"lang": "en", "period": ["2024", "2024"], "measure": "actual"}, "No figures match the filters"),
    ],
)
def test_an_empty_selection_says_so_plainly(isolated_app, params, message):
    at = open_explore(**params)
    assert [i.value for i in at.info if message in i.value] != []
    assert (len(at.get("vega_lite_chart")), len(at.dataframe)) == (0, 0)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"indicator": "merit_gifts"}, ["no_bullet", "no_achievement", "no_series"]),
        ({"indicator": "jobs_created", "measure": "actual"}, ["no_bullet", "no_achievement"]),
    ],
)
def test_a_chart_without_data_says_which(isolated_app, params, expected):
    from lib.i18n import t

    at = open_explore(**params)
    assert [i.value for i in at.info] == [t(f"explore.{k}", "vi") for k in expected]


def test_ids_not_in_the_data_are_ignored(isolated_app):
    at = open_explore(field=["labour", "nonsense"], period=["1999", "2023"])
    assert (at.multiselect(key="field").value, at.select_slider(key="period").value) == (
        ["labour"],
        ("2022", "2024"),
    )


def test_every_chart_has_its_table_and_downloads(isolated_app):
    at = open_explore()
    assert len(at.get("vega_lite_chart")) == 3
    assert len(at.dataframe) == 3 + 1  # and the filtered figures' own table
    assert len(at.get("download_button")) == 2 * (3 + 1)


def test_monthly_data_draws_a_monthly_series(isolated_app, monkeypatch, data_copy):
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        for month, value in (("01", 1800), ("02", 1950), ("03", 2100)):
            fh.write(f"jobs_created,province,2024-{month},actual,{value},exact,synthetic,,\n")
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    at = open_explore(lang="en", indicator="jobs_created", period=["2024", "2024"])
    series = at.dataframe[-2].value  # the last is the filtered figures' table
    assert series[["Period", "Value", "Provenance"]].values.tolist() == [
        ["2024-01", 1800.0, "Synthetic"],
        ["2024-02", 1950.0, "Synthetic"],
        ["2024-03", 2100.0, "Synthetic"],
    ]


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"fields": ["merit"], "measures": ["actual"]}, 5),
        ({"indicators": ["jobs_created"]}, 3),
        ({"indicators": ["jobs_created"], "provenances": ["reported"]}, 2),
        ({"period_from": "2024", "period_to": "2024"}, 2),
        ({"period_from": "2022", "period_to": "2022"}, 1),
        ({"areas": ["elsewhere"]}, 0),
        ({"fields": [], "indicators": None}, 14),
    ],
)
def test_explore_table_filters_in_duckdb(con, filters, expected):
    rows = queries.explore_table(con, **filters)
    assert len(rows) == expected
    assert rows.empty or rows["n_rows"].iloc[0] == expected


def test_explore_table_is_capped_and_says_how_many_matched(con):
    rows = queries.explore_table(con, limit=3)
    assert (len(rows), int(rows["n_rows"].iloc[0]), rows["period"].tolist()) == (
        3,
        14,
        ["2024", "2024", "2023"],
    )


@pytest.mark.parametrize(
    ("period", "end", "key"),
    [("2023", False, 202300), ("2023", True, 202312), ("2023-05", True, 202305), (None, True, None)],
)
def test_period_keys_put_months_inside_their_year(period, end, key):
    assert queries._period_key(period, end) == key


def test_each_table_says_what_it_is_filtered_by(isolated_app):
    at = open_explore(lang="en", field="labour", period=["2023", "2023"])
    words = [c.value for c in at.caption if c.value.startswith("Figures filtered by")]
    assert words == ["Figures filtered by: Field: Labour; Year: 2023"] * len(at.dataframe)


@pytest.mark.parametrize(
    ("total", "caption"),
    [
        ({"figures": 25, "rows": 14}, None),
        (
            {"figures": 25, "rows": 40},
            "Showing the newest 14 of 40 matching rows; narrow the filters to see them all.",
        ),
        (
            {"figures": 900_000, "rows": None},
            "Showing the newest 14 rows of 900,000 matching figures; narrow the filters to see them all.",
        ),
    ],
)
def test_the_count_under_the_title_is_the_stores_total(isolated_app, monkeypatch, total, caption):
    monkeypatch.setattr(queries, "explore_total", lambda con, **filters: total)
    at = open_explore(lang="en")
    counts = [c.value for c in at.caption if c.value.startswith("Showing")]
    assert counts == ([] if caption is None else [caption])


def test_figures_no_chart_draws_are_still_shown_in_a_table(isolated_app):
    # Review 2, item 9: the social field's actuals have no plan and one year each, so no chart
    # draws them; the page showed only "không có ..." notices.
    at = open_explore(field="social", measure="actual")
    table = at.dataframe[-1].value
    assert list(table.columns[:3]) == ["Chỉ tiêu", "Địa bàn", "Kỳ"]
    assert sorted(table["Thực hiện"]) == sorted(["4,87 điểm %", "2.055 hộ", "425 hộ"])
    assert set(table["Địa bàn"]) == {"Toàn tỉnh"} and set(table["Kỳ"]) == {"2023"}
    labels = [b.proto.label for b in at.get("download_button")]
    assert labels[-2:] == ["Tải CSV", "Tải Excel (XLSX)"]


@pytest.mark.parametrize("role", [None, "planner", "approver"])
@pytest.mark.parametrize("page", PAGES)
def test_a_missing_cell_reads_as_a_dash_in_every_table(isolated_app, page, role):
    # Review 2: Explore's "Kế hoạch (cận dưới)" of "Xóa nhà tạm" (a plan "dưới" 1.135 has no
    # lower bound) read "None": Streamlit draws a missing cell so unless told otherwise.
    at = open_page(page, role=role)
    assert not at.exception
    assert [d.proto.placeholder for d in at.dataframe] == [MISSING] * len(at.dataframe)


def test_the_ranking_drawn_once_is_each_views_own(isolated_app, june):
    """The ranking is drawn once per data, view and language and replayed (`ui.drawn_once`): a
    visitor of another field, area or language sees that view's rows, and the first view again
    reads as it did."""
    from lib.data import store
    from lib.i18n import t
    from lib.models import tracking

    con = store.open_dir(june).cursor()
    fields = dict(queries.indicators(con)[["indicator_id", "field"]].itertuples(index=False))

    def expected(area: str, field: str | None, lang: str) -> list[str]:
        tracks = tracking.rank(tracking.track_year(con, 2024, area))
        kept = [k for k in tracks if field in (None, fields[k.indicator_id])]
        return [tracking.status_label(k.status, lang) for k in kept]

    views = [("vi", None, None), ("vi", "labour", None), ("en", None, None), ("vi", None, "c00004")]
    views.append(views[0])
    seen = []
    for lang, field, area in views:
        params = {"lang": lang} | ({"field": field} if field else {}) | ({"area": area} if area else {})
        at = open_explore(**params)
        assert t("track_page.rank_header", lang, year=2024) in [h.value for h in at.header]
        (ranking,) = at.table
        status = ranking.value[t("track_page.col_status", lang)].tolist()
        assert status == expected(area or "all", field, lang)
        seen.append(ranking.value.to_csv())
    assert seen[0] == seen[-1] and len(set(seen)) == len(views) - 1
