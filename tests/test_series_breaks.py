"""Series breaks: a figure carries the standard it was measured under, and nothing joins across.

What a user would check: a bad or unknown standard is refused with its cell named (CSV, XLSX,
Parquet alike); two standards in one year of one series are refused; files without the column
load as before (25.953 jobs, the derived 2022 figure); no change is derived across a break, no
total sums two standards; the chart draws no line across a break and marks it in words; the
briefing says "không so sánh được" instead of a change; the learned CV leaves out years under
another standard and says so.
"""

from __future__ import annotations

import io
import shutil

import openpyxl
import pandas as pd
import pytest

from lib import settings
from lib.data import contract, queries, store, validate
from lib.report import briefing, charts

UNITS = {"jobs_created": "people", "poverty_rate_fall": "points"}
HEAD = "indicator_id,area,period,measure,value,standard\n"


def _csv(rows: list[str], head: str = HEAD) -> validate.FileResult:
    return validate.validate_bytes((head + "\n".join(rows) + "\n").encode(), "up.csv", UNITS)


def _seen(result: validate.FileResult) -> list[tuple[str, str, str, str]]:
    return [(p.line, p.column, p.code, p.value) for p in result.problems]


# ---------------------------------------------------------------- readers refuse, naming the cell


@pytest.mark.parametrize(
    ("cell", "code"),
    [
        ("Chuẩn 2022", "bad_standard"),
        ("md 2022", "bad_standard"),
        ('=HYPERLINK("http://x.example","md_2022_2025")', "bad_standard"),
        ("MD_2022_2025", "bad_standard"),
        ("![x](http://x.example/a.png)", "bad_standard"),
        ("md_1990", "unknown_standard"),
    ],
)
def test_a_bad_or_unknown_standard_is_refused_naming_the_cell(cell, code):
    quoted = '"' + cell.replace('"', '""') + '"'
    result = _csv([f"poverty_rate_fall,province,2023,actual,4.87,{quoted}"])
    assert result.frame is None
    assert _seen(result) == [("2", "standard", code, cell)]
    if code == "unknown_standard":
        assert result.problems[0].text("vi") == (
            "up.csv:2: standard: chuẩn đo không có trong danh mục chuẩn (standards.csv) "
            "(thấy 'md_1990'; cần md_2022_2025, md_from_2027)"
        )


def test_spaces_around_a_standard_are_not_part_of_it_and_the_vietnamese_header_is_read():
    head = "Mã chỉ tiêu,Địa bàn,Kỳ,loại số liệu,Giá trị,Chuẩn đo\n"
    result = _csv(["poverty_rate_fall,province,2023,actual,4.87,  md_2022_2025 "], head)
    assert result.problems == []
    assert list(result.frame["standard"]) == ["md_2022_2025"]


def test_two_standards_in_one_year_of_one_series_are_refused():
    result = _csv(
        [
            "poverty_rate_fall,province,2023,actual,4.87,md_2022_2025",
            "poverty_rate_fall,province,2023,target,3.5,md_from_2027",
            "poverty_rate_fall,province,2023,pct_of_target,138,",
        ]
    )
    assert _seen(result) == [
        ("3", "standard", "standard_mixed", "md_from_2027"),
        ("4", "standard", "standard_partly_stated", "—"),  # unstated: no other standard claimed
    ]
    assert result.problems[0].text("en") == (
        "up.csv:3: standard: same indicator, area and year as line 2 but another measurement standard "
        "(md_2022_2025): a series is measured under one standard a year (seen 'md_from_2027')"
    )


def test_a_file_where_only_some_years_carry_a_standard_loads_and_each_keeps_its_own():
    result = _csv(
        [
            "poverty_rate_fall,province,2022,actual,5.1,",
            "poverty_rate_fall,province,2023,actual,4.87,md_2022_2025",
            "jobs_created,province,2023,actual,25953,",
        ]
    )
    assert result.problems == []
    assert list(result.frame["standard"]) == ["", "md_2022_2025", ""]


def test_a_file_without_the_column_reads_as_before():
    result = _csv(
        ["jobs_created,province,2023,actual,25953"], head="indicator_id,area,period,measure,value\n"
    )
    assert result.problems == []
    assert list(result.frame["standard"]) == [""]
    assert list(result.frame["value"]) == [25953.0]


def test_an_xlsx_with_a_standard_column_is_read_and_a_bad_cell_named_by_sheet_and_row():
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append(["Mã chỉ tiêu", "Năm", "Thực hiện", "Chuẩn"])
    ws.append(["poverty_rate_fall", 2023, 4.87, "md_2022_2025"])
    ws.append(["poverty_rate_fall", 2024, 3.1, "chuẩn mới"])
    buf = io.BytesIO()
    wb.save(buf)
    result = validate.validate_bytes(buf.getvalue(), "up.xlsx", UNITS)
    assert _seen(result) == [("Số liệu!3", "Chuẩn", "bad_standard", "chuẩn mới")]


# ---------------------------------------------------------------- data folders: CSV and Parquet alike


def _folder(tmp_path, rows: list[dict], as_parquet: bool, name: str = "d", standard_column: bool = True):
    folder = tmp_path / name
    folder.mkdir()
    shutil.copy(settings.BUNDLED_DATA_DIR / "indicators.csv", folder)
    columns = [c for c in contract.OBSERVATION_COLUMNS if standard_column or c != "standard"]
    frame = pd.DataFrame(rows, columns=columns).astype(str).replace("nan", "")
    if as_parquet:
        frame.to_parquet(folder / "observations.parquet", index=False)
    else:
        frame.to_csv(folder / "observations.csv", index=False)
    return folder


def _row(ind, period, measure, value, standard="", area="province"):
    return {"indicator_id": ind, "area": area, "period": period, "measure": measure, "value": value,
            "standard": standard}  # fmt: skip


def _load_problems(folder) -> list[tuple[str, str, str, str]]:
    with pytest.raises(store.LoadError) as err:
        store.open_dir(folder)
    return sorted((p.line, p.column, p.code, p.value) for p in err.value.problems)


BAD_FOLDERS = [
    ([_row("poverty_rate_fall", "2023", "actual", "4.87", '=HYPERLINK("x")')], "bad_standard"),
    ([_row("poverty_rate_fall", "2023", "actual", "4.87", "md_1990")], "unknown_standard"),
    (
        [
            _row("poverty_rate_fall", "2023", "actual", "4.87", "md_2022_2025"),
            _row("poverty_rate_fall", "2023", "target", "3.5", "md_from_2027"),
        ],
        "standard_mixed",
    ),
]


@pytest.mark.parametrize(("rows", "code"), BAD_FOLDERS, ids=[c for _, c in BAD_FOLDERS])
def test_a_bad_standard_is_the_same_problem_in_csv_and_in_parquet(tmp_path, rows, code):
    in_csv = _load_problems(_folder(tmp_path, rows, as_parquet=False, name="c"))
    in_parquet = _load_problems(_folder(tmp_path, rows, as_parquet=True, name="p"))
    assert [p[1:] for p in in_csv] == [p[1:] for p in in_parquet]
    assert [p[2] for p in in_csv] == [code]
    # A CSV's line 2 (after its header) is the Parquet file's row 1.
    assert [int(p[0]) for p in in_csv] == [int(p[0]) + 1 for p in in_parquet]


def test_parquet_files_with_and_without_the_column_load_together(tmp_path):
    folder = tmp_path / "pq"
    (folder / "observations").mkdir(parents=True)
    shutil.copy(settings.BUNDLED_DATA_DIR / "indicators.csv", folder)
    old = pd.DataFrame([_row("jobs_created", "2023", "actual", "25953")]).drop(columns="standard")
    new = pd.DataFrame([_row("poverty_rate_fall", "2023", "actual", "4.87", "md_2022_2025")])
    old.to_parquet(folder / "observations" / "a.parquet", index=False)
    new.to_parquet(folder / "observations" / "b.parquet", index=False)
    s = store.open_dir(folder)
    got = s.cursor().execute("SELECT indicator_id, value, standard FROM observations ORDER BY 1").fetchall()
    assert got == [("jobs_created", 25953.0, ""), ("poverty_rate_fall", 4.87, "md_2022_2025")]


def test_a_folders_own_standards_catalogue_is_used_and_checked(tmp_path):
    folder = _folder(tmp_path, [_row("poverty_rate_fall", "2023", "actual", "4.87", "own_std")], False)
    (folder / "standards.csv").write_text("standard_id,name_vi\nown_std,Chuẩn riêng\n", encoding="utf-8")
    s = store.open_dir(folder)
    assert queries.standards(s.cursor())["own_std"] == ("Chuẩn riêng", "Chuẩn riêng")
    (folder / "standards.csv").write_text("standard_id,name_vi\nOwn std,Chuẩn riêng\n", encoding="utf-8")
    assert _load_problems(folder) == [("2", "standard_id", "bad_standard", "Own std")]


# ---------------------------------------------------------------- the store derives nothing across a break


def test_the_bundled_figures_are_unchanged_and_the_poverty_rows_carry_their_standard():
    s = store.open_dir(settings.BUNDLED_DATA_DIR)
    con = s.cursor()
    rows = queries.year_summary(con, 2023).set_index("indicator_id")
    assert rows.loc["jobs_created", "actual"] == 25953
    assert rows.loc["jobs_created", "change_pct"] == 4
    assert rows.loc["poverty_rate_fall", "standard"] == "md_2022_2025"
    assert rows.loc["jobs_created", "standard"] == ""
    jobs_2022 = queries.year_summary(con, 2022).set_index("indicator_id").loc["jobs_created", "actual"]
    assert round(jobs_2022) == 24955  # 25.953 / 1,04: derived, no standard on either side


def _store(tmp_path, rows):
    return store.open_dir(_folder(tmp_path, rows, as_parquet=False))


def test_no_change_is_derived_across_a_break(tmp_path):
    s = _store(
        tmp_path,
        [
            _row("poverty_rate_fall", "2026", "actual", "2.0", "md_2022_2025"),
            _row("poverty_rate_fall", "2027", "actual", "3.0", "md_from_2027"),
            _row("jobs_created", "2022", "actual", "100"),
            _row("jobs_created", "2023", "actual", "110"),
        ],
    )
    con = s.cursor()
    derived = con.execute("SELECT indicator_id, period, measure, value FROM derived ORDER BY ALL").fetchall()
    assert [d[:3] for d in derived] == [("jobs_created", "2023", "change_pct")]
    assert queries.year_summary(con, 2027).loc[0, "change_pct"] is pd.NA or pd.isna(
        queries.year_summary(con, 2027).loc[0, "change_pct"]
    )


@pytest.mark.parametrize(
    ("rows", "derived_2026"),
    [
        # 2027's reported change against 2026: 2026 is before the new standard applies.
        ([_row("poverty_rate_fall", "2027", "change_pct", "10", "md_from_2027")], False),
        # 2026 has a figure under another standard.
        (
            [
                _row("poverty_rate_fall", "2026", "target", "2", "md_2022_2025"),
                _row("poverty_rate_fall", "2025", "change_pct", "10", ""),
            ],
            False,
        ),
        # Same standard both years (valid from 2022): the previous year is derived as before.
        ([_row("poverty_rate_fall", "2024", "change_pct", "10", "md_2022_2025")], True),
    ],
)
def test_the_previous_years_actual_is_not_derived_from_a_change_across_a_break(tmp_path, rows, derived_2026):
    this = rows[0]
    actual = _row("poverty_rate_fall", this["period"], "actual", "3.3", this["standard"])
    s = _store(tmp_path, [actual, *rows])
    got = (
        s.cursor()
        .execute(
            "SELECT period, standard FROM derived WHERE measure = 'actual' AND formula LIKE '%change_pct%'"
        )
        .fetchall()
    )
    assert bool(got) is derived_2026
    if got:
        assert got == [(str(int(this["period"]) - 1), "md_2022_2025")]


def _months(area, year, value, standard):
    return [
        _row("jobs_created", f"{year}-{m:02d}", "actual", str(value), standard, area) for m in range(1, 13)
    ]


def test_a_total_of_areas_under_two_standards_is_not_made(tmp_path):
    from lib.data import areas as area_catalogue

    communes = area_catalogue.hierarchy()
    province = communes.loc[communes["level"] == "commune", "parent"].iloc[0]
    two = list(
        communes.loc[(communes["level"] == "commune") & (communes["parent"] == province), "area_id"][:2]
    )
    rows = _months(two[0], 2024, 10, "md_2022_2025") + _months(two[1], 2024, 5, "md_from_2027")
    rows += _months(two[0], 2023, 10, "md_2022_2025") + _months(two[1], 2023, 5, "md_2022_2025")
    s = _store(tmp_path, rows)
    got = (
        s.cursor()
        .execute(
            "SELECT area, year, value, standard FROM rollup"
            " WHERE measure = 'actual' AND area = $p ORDER BY year",
            {"p": province},
        )
        .fetchall()
    )
    assert got == [(province, 2023, 180.0, "md_2022_2025")]  # 2024 would mix two standards: no total
    own = (
        s.cursor()
        .execute("SELECT area, standard FROM rollup WHERE year = 2024 AND measure = 'actual' ORDER BY area")
        .fetchall()
    )
    assert own == sorted([(two[0], "md_2022_2025"), (two[1], "md_from_2027")])


def test_breaks_of_an_indicator_in_an_area(tmp_path):
    s = _store(
        tmp_path,
        [
            _row("poverty_rate_fall", "2025", "actual", "2.0", "md_2022_2025"),
            _row("poverty_rate_fall", "2026", "actual", "2.1", "md_2022_2025"),
            _row("poverty_rate_fall", "2027", "target", "3.0", "md_from_2027"),
            _row("jobs_created", "2023", "actual", "110"),
        ],
    )
    con = s.cursor()
    assert queries.breaks(con, "poverty_rate_fall", "province") == [(2027, "md_2022_2025", "md_from_2027")]
    assert queries.breaks(con, "jobs_created", "province") == []


# ---------------------------------------------------------------- what a reader sees


def _series_store(tmp_path):
    return _store(
        tmp_path,
        [
            _row("poverty_rate_fall", "2025", "actual", "2.0", "md_2022_2025"),
            _row("poverty_rate_fall", "2026", "actual", "2.1", "md_2022_2025"),
            _row("poverty_rate_fall", "2027", "actual", "3.0", "md_from_2027"),
            _row("poverty_rate_fall", "2028", "actual", "3.2", "md_from_2027"),
        ],
    )


def _layers(spec: dict) -> list[dict]:
    out = []
    for layer in spec.get("layer", []):
        out += _layers(layer) if "layer" in layer else [layer]
    return out


@pytest.mark.parametrize(
    ("lang", "label"),
    [
        ("vi", "Đổi chuẩn đo:\nChuẩn nghèo đa chiều mới (áp dụng từ năm 2027)"),
        ("en", "Measurement standard changes:\nNew multidimensional poverty standard (from 2027)"),
    ],
)
def test_the_series_chart_draws_no_line_across_a_break_and_labels_it(tmp_path, lang, label):
    con = _series_store(tmp_path).cursor()
    data = charts.series_data(queries.explore_series(con, "poverty_rate_fall"), lang)
    spec = charts.spec(charts.series_chart(data, lang))
    rows = spec["datasets"][spec["layer"][0]["data"]["name"]]
    line = next(layer for layer in _layers(spec) if layer["mark"]["type"] == "line")
    detail = line["encoding"]["detail"]["field"]
    segments: dict = {}
    for r in rows:
        segments.setdefault((r[detail]), set()).add(r["standard"])
    # Every line piece is under one standard; the two standards are two pieces.
    assert all(len(v) == 1 for v in segments.values())
    assert sorted(min(v) for v in segments.values()) == ["md_2022_2025", "md_from_2027"]
    rules = [layer for layer in _layers(spec) if layer["mark"]["type"] == "rule"]
    texts = [layer for layer in _layers(spec) if layer["mark"]["type"] == "text"]
    assert rules and texts
    marks = spec["datasets"][texts[0]["data"]["name"]]
    assert [(m["period"], m["break_label"]) for m in marks] == [("2027", label)]
    tooltip = {t["field"] for layer in _layers(spec) for t in layer["encoding"].get("tooltip", [])}
    assert "standard_label" in tooltip


def test_a_series_without_standards_has_no_break_mark():
    con = store.open_dir(settings.BUNDLED_DATA_DIR).cursor()
    data = charts.series_data(queries.explore_series(con, "jobs_created"), "vi")
    spec = charts.spec(charts.series_chart(data, "vi"))
    assert not [layer for layer in _layers(spec) if layer["mark"]["type"] in ("rule", "text")]
    # Nothing about standards in the table or the tooltip of a series that states none.
    assert "Chuẩn đo" not in list(charts.table(data, charts.SERIES_COLUMNS, "vi").columns)


@pytest.mark.parametrize(
    ("lang", "words"),
    [
        ("vi", "không so sánh được với năm 2026 do đổi chuẩn đo"),
        ("en", "not comparable with 2026: the measurement standard changed"),
    ],
)
def test_the_briefing_says_not_comparable_instead_of_a_change(tmp_path, lang, words):
    s = _store(
        tmp_path,
        [
            _row("poverty_rate_fall", "2026", "actual", "2.0", "md_2022_2025"),
            _row("poverty_rate_fall", "2027", "actual", "3.0", "md_from_2027"),
            _row("poverty_rate_fall", "2027", "change_pct", "50", "md_from_2027"),
        ],
    )
    rows = queries.year_summary(s.cursor(), 2027)
    (sentence,) = briefing.result_sentences(rows, 2027, lang)
    assert words in sentence.text
    assert "50" not in sentence.text  # the reported change across the break is not repeated


def test_a_card_and_next_years_comparison_say_not_comparable_across_a_break(tmp_path):
    from lib.report import scorecard

    s = _store(
        tmp_path,
        [
            _row("poverty_rate_fall", "2026", "actual", "2.0", "md_2022_2025"),
            _row("poverty_rate_fall", "2027", "actual", "3.0", "md_from_2027"),
            _row("poverty_rate_fall", "2027", "change_pct", "50", "md_from_2027"),
            _row("poverty_rate_fall", "2028", "target", "3.5", "md_from_2027"),
            _row("jobs_created", "2026", "actual", "100"),
            _row("jobs_created", "2027", "actual", "110"),
        ],
    )
    con = s.cursor()
    cards = {c.indicator_id: c for c in scorecard.cards(queries.year_summary(con, 2027), "vi")}
    assert (cards["poverty_rate_fall"].change_text, cards["poverty_rate_fall"].change_note) == (
        "",
        "Không so sánh được với năm trước (đổi chuẩn đo)",
    )
    assert (cards["jobs_created"].change_text, cards["jobs_created"].change_note) == ("+10%", "")
    (nxt,) = scorecard.next_year(queries.year_summary(con, 2027), queries.year_summary(con, 2028), 2027, "en")
    assert "3" in nxt.target_text and nxt.against  # same standard: compared as before


def test_next_years_target_under_another_standard_is_not_compared(tmp_path):
    from lib.report import scorecard

    s = _store(
        tmp_path,
        [
            _row("poverty_rate_fall", "2026", "actual", "2.0", "md_2022_2025"),
            _row("poverty_rate_fall", "2027", "target", "3.0", "md_from_2027"),
        ],
    )
    con = s.cursor()
    (nxt,) = scorecard.next_year(queries.year_summary(con, 2026), queries.year_summary(con, 2027), 2026, "vi")
    assert nxt.against == [
        "không so sánh được với năm 2026 do đổi chuẩn đo"
        " (chuẩn đo năm 2027: Chuẩn nghèo đa chiều mới (áp dụng từ năm 2027))"
    ]


def _monthly(year, standard, value=10.0):
    return [
        _row(
            "jobs_created", f"{year}-{m:02d}", "actual", str(value * (1 + 0.1 * (m % 3)) + year % 7), standard
        )
        for m in range(1, 13)
    ]


@pytest.mark.parametrize(("lang", "words"), [("vi", "bỏ các năm 2020, 2021"), ("en", "2020, 2021 left out")])
def test_the_learned_cv_uses_only_years_under_the_current_standard_and_says_so(tmp_path, lang, words):
    from lib.models import tracking

    # Years under another *stated* standard are left out (a standard not stated is no break).
    rows = (
        _monthly(2020, "md_from_2027")
        + _monthly(2021, "md_from_2027")
        + _monthly(2022, "md_2022_2025")
        + _monthly(2023, "md_2022_2025")
    )
    rows += [r for r in _monthly(2024, "md_2022_2025") if r["period"] <= "2024-06"]
    rows.append(_row("jobs_created", "2024", "target", "150", "md_2022_2025"))
    con = _store(tmp_path, rows).cursor()
    (track,) = tracking.track_year(con, 2024, "province", through_month=6)
    u = track.uncertainty
    assert (u.cv_method, u.cv_years, u.profile_years, u.other_standard_years) == (
        "monthly_history",
        2,
        2,
        (2020, 2021),
    )
    assert words in tracking.uncertainty_text(u, lang)


def test_history_under_one_standard_is_used_whole(tmp_path):
    from lib.models import tracking

    rows = [r for y in (2020, 2021, 2022, 2023) for r in _monthly(y, "")]
    rows += [r for r in _monthly(2024, "") if r["period"] <= "2024-06"]
    rows.append(_row("jobs_created", "2024", "target", "150"))
    con = _store(tmp_path, rows).cursor()
    (track,) = tracking.track_year(con, 2024, "province", through_month=6)
    assert (track.uncertainty.profile_years, track.uncertainty.other_standard_years) == (4, ())


def test_the_simulators_baselines_come_only_from_years_under_the_targets_standard(tmp_path):
    from lib.models import sim_setup

    s = _store(
        tmp_path,
        [
            _row("poverty_rate_fall", "2025", "actual", "2.0", "md_2022_2025"),
            _row("poverty_rate_fall", "2026", "actual", "2.5", "md_2022_2025"),
            _row("poverty_rate_fall", "2027", "target", "3.0", "md_from_2027"),
        ],
    )
    got = sim_setup.choices(queries.sim_figures(s.cursor(), "poverty_rate_fall", "province"))
    assert (got["year"], got["last_actual"], got["baselines"]) == (2027, None, {})


def test_lines_appended_in_the_old_format_to_a_file_with_the_standard_column_read_as_no_standard():
    body = (
        HEAD
        + "poverty_rate_fall,province,2023,actual,4.87,md_2022_2025\n"
        + "jobs_created,province,2023,actual,25953\n"
    )
    result = validate.validate_bytes(body.encode(), "up.csv", UNITS)
    assert result.problems == []
    assert list(result.frame["standard"]) == ["md_2022_2025", ""]
    (note,) = [n for n in result.notes if n.code == "no_standard_cell"]
    assert note.text("en") == (
        "up.csv:3: these lines stop before the standard column (the last, optional one): "
        "read as no standard stated (seen '3')"
    )
    # Two cells short is still a broken line.
    bad = HEAD + "jobs_created,province,2023,actual\n"
    assert [p.code for p in validate.validate_bytes(bad.encode(), "up.csv", UNITS).problems] == [
        "wrong_cells"
    ]


@pytest.mark.parametrize(("old_standard", "cv_years"), [("md_from_2027", 2), ("", 3), ("md_2022_2025", 3)])
def test_the_backtest_learns_only_from_years_under_the_cases_standard(tmp_path, old_standard, cv_years):
    from lib.models import backtest

    rows = [r for y in (2020, 2021) for r in _monthly(y, old_standard)]
    rows += [r for y in (2022, 2023, 2024) for r in _monthly(y, "md_2022_2025")]
    rows.append(_row("jobs_created", "2024", "target", "150", "md_2022_2025"))
    result = backtest.run(_store(tmp_path, rows).cursor(), cuts=(6,))
    (case,) = result.predictions.to_dict("records")
    assert (case["year"], case["cv_method"], case["cv_years"]) == (2024, "monthly_history", cv_years)


def test_a_target_under_the_new_standard_is_not_written_as_the_2022_2025_standard(tmp_path):
    s = _store(tmp_path, [_row("poverty_rate_fall", "2027", "target", "3", "md_from_2027")])
    (vi,) = briefing.target_sentences(queries.year_summary(s.cursor(), 2027), 2027, "vi")
    assert "2022–2025" not in vi.text
    assert vi.text == (
        "Năm 2027, chỉ tiêu “Mức giảm tỷ lệ hộ nghèo (chuẩn nghèo đa chiều)”: 3 điểm % "
        "(chuẩn đo: Chuẩn nghèo đa chiều mới (áp dụng từ năm 2027))."
    )
    bundled = store.open_dir(settings.BUNDLED_DATA_DIR).cursor()
    texts = [x.text for x in briefing.target_sentences(queries.year_summary(bundled, 2024), 2024, "vi")]
    assert "Năm 2024, phấn đấu giảm tỷ lệ hộ nghèo theo chuẩn nghèo đa chiều giai đoạn 2022–2025" in " ".join(
        texts
    )


def test_the_briefings_three_year_chart_says_when_its_bars_are_under_two_standards(tmp_path):
    s = _store(
        tmp_path,
        [
            _row("poverty_rate_fall", "2026", "actual", "2.0", "md_2022_2025"),
            _row("poverty_rate_fall", "2027", "actual", "3.0", "md_from_2027"),
            _row("poverty_rate_fall", "2028", "target", "3.5", "md_from_2027"),
        ],
    )
    b = briefing.build(s.cursor(), 2027, "vi", area="province")
    spec = charts.spec(briefing.target_chart(b, "social", "poverty_rate_fall"))
    assert spec["title"]["subtitle"] == ["Đổi chuẩn đo: Chuẩn nghèo đa chiều mới (áp dụng từ năm 2027)"]
    bundled = briefing.build(store.open_dir(settings.BUNDLED_DATA_DIR).cursor(), 2023, "vi")
    plain = charts.spec(briefing.target_chart(bundled, "social", "poverty_rate_fall"))
    assert "subtitle" not in plain["title"]


# ---------------------------------------------------------------- a standard not stated is no break
# Review 3, defect 2: a planner's file without the "Chuẩn" column (README: "empty or absent means
# none stated") made the Overview say "Không so sánh được với năm trước (đổi chuẩn đo)" and the
# briefing "không so sánh được với năm 2023 do đổi chuẩn đo (năm 2024 theo Không nêu chuẩn)".


def _unstated_2024(tmp_path, extra=()):
    """The bundled figures (2023 poverty under md_2022_2025) with 2024 uploaded without a standard."""
    bundled = pd.read_csv(settings.BUNDLED_DATA_DIR / "observations.csv", dtype=str, keep_default_na=False)
    rows = bundled[~((bundled["indicator_id"] == "poverty_rate_fall") & (bundled["period"] == "2024"))]
    rows = rows.to_dict("records") + [
        {**_row("poverty_rate_fall", "2024", "actual", "3.25"), "provenance": "user"},
        {**_row("poverty_rate_fall", "2024", "target", "3"), "bound": "more_than", "provenance": "user"},
        *extra,
    ]
    return _store(tmp_path, rows)


FALSE_BREAK = ("đổi chuẩn đo", "Không nêu chuẩn", "không so sánh được", "standard changed", "No standard")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_a_year_without_a_standard_stated_is_never_called_a_change_of_standard(tmp_path, lang):
    con = _unstated_2024(tmp_path, [_row("poverty_rate_fall", "2025", "target", "3")]).cursor()
    rows = queries.year_summary(con, 2024)
    texts = [s.text for s in briefing.result_sentences(rows, 2024, lang)]
    poverty = next(x for x in texts if "3,25" in x or "3.25" in x)
    assert not [w for w in FALSE_BREAK if w in poverty], poverty
    from lib.report import scorecard

    card = next(c for c in scorecard.cards(rows, lang) if c.indicator_id == "poverty_rate_fall")
    assert card.change_note == ""
    b = briefing.build(con, 2024, lang, area="province")
    spec = charts.spec(briefing.target_chart(b, "social", "poverty_rate_fall"))
    assert "subtitle" not in spec["title"]


@pytest.mark.parametrize(
    ("lang", "words", "note"),
    [
        (
            "vi",
            "(số liệu năm 2024 không ghi chuẩn đo nên được coi là cùng chuẩn với năm 2023)",
            "So với năm trước: một trong hai năm không ghi chuẩn đo, được coi là cùng chuẩn",
        ),
        (
            "en",
            "(the 2024 figures state no measurement standard,"
            " so they are taken as under the standard of 2023)",
            "Against the year before: one of the two years states no measurement standard; taken as the same",
        ),
    ],
)
def test_a_change_across_an_unstated_standard_is_shown_and_says_the_standard_was_not_stated(
    tmp_path, lang, words, note
):
    change = {**_row("poverty_rate_fall", "2024", "change_pct", "-33.3"), "provenance": "user"}
    con = _unstated_2024(tmp_path, [change]).cursor()
    rows = queries.year_summary(con, 2024)
    texts = [s.text for s in briefing.result_sentences(rows, 2024, lang)]
    poverty = next(x for x in texts if "33,3" in x or "33.3" in x)
    assert words in poverty
    assert not [w for w in FALSE_BREAK if w in poverty], poverty
    from lib.report import scorecard

    card = next(c for c in scorecard.cards(rows, lang) if c.indicator_id == "poverty_rate_fall")
    assert (card.change_text, card.change_note) == ("-33,3%" if lang == "vi" else "-33.3%", note)


def test_the_line_joins_a_year_without_a_standard_and_no_break_is_marked(tmp_path):
    s = _store(
        tmp_path,
        [
            _row("poverty_rate_fall", "2022", "actual", "5.1", "md_2022_2025"),
            _row("poverty_rate_fall", "2023", "actual", "4.87", "md_2022_2025"),
            _row("poverty_rate_fall", "2024", "actual", "3.25"),
            _row("poverty_rate_fall", "2025", "actual", "3.0", "md_2022_2025"),
        ],
    )
    data = charts.series_data(queries.explore_series(s.cursor(), "poverty_rate_fall"), "vi")
    assert data["segment"].nunique() == 1
    assert charts.series_breaks(data, "vi").empty


def test_next_years_target_without_a_standard_is_compared_with_this_year(tmp_path):
    from lib.report import scorecard

    s = _store(
        tmp_path,
        [
            _row("poverty_rate_fall", "2026", "actual", "2.0", "md_2022_2025"),
            _row("poverty_rate_fall", "2027", "target", "3.0"),
        ],
    )
    con = s.cursor()
    (nxt,) = scorecard.next_year(queries.year_summary(con, 2026), queries.year_summary(con, 2027), 2026, "vi")
    assert nxt.against and not [w for w in FALSE_BREAK if any(w in a for a in nxt.against)]


@pytest.mark.parametrize(
    ("a", "b", "comparable", "assumed"),
    [
        ("", "", True, False),
        ("md_2022_2025", "md_2022_2025", True, False),
        ("md_2022_2025", "", True, True),
        (None, "md_2022_2025", True, True),
        (float("nan"), "md_from_2027", True, True),
        ("md_2022_2025", "md_from_2027", False, False),
    ],
)
def test_the_one_rule_a_break_is_two_stated_standards_that_differ(a, b, comparable, assumed):
    assert (contract.comparable(a, b), contract.assumed_same(a, b)) == (comparable, assumed)


# ---------------------------------------------------------------- the upload preview warns


def _planners_2024_xlsx(standard: str | None = None) -> bytes:
    """Review 3's vi_headers_2024.xlsx: a title, STT and section rows, no "Chuẩn" column (or one)."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    extra = [] if standard is None else ["Chuẩn"]
    ws.append(["BÁO CÁO KẾT QUẢ THỰC HIỆN CHỈ TIÊU NĂM 2024"])
    ws.append([])
    ws.append(["STT", "Chỉ tiêu", "Năm", "Kế hoạch", "Thực hiện", "Tỷ lệ (%)", "Nguồn", *extra])
    ws.append(["I", "Lĩnh vực lao động"])
    ws.append(["1", "Lượt lao động được tạo việc làm mới", "2024", "22.550", "24.310", "107,8", "Báo cáo Sở"])
    ws.append(["II", "Lĩnh vực xã hội"])
    tail = [] if standard is None else [standard]
    ws.append(
        ["3", "Mức giảm tỷ lệ hộ nghèo (chuẩn nghèo đa chiều)", "2024", "3", "3,25", "108,3", "Sở", *tail]
    )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _preview(data: bytes, con, lang: str = "vi") -> tuple[validate.FileResult, list[str]]:
    from lib.state import datasets

    pv = datasets.preview(data, "vi_headers_2024.xlsx", con)
    assert pv.ok, [p.text("vi") for p in pv.result.problems]
    return pv.result, [w.text(lang) for w in pv.result.warnings]


def _saved_store(tmp_path, frame):
    """A store of the bundled catalogue and `frame` (a version's whole dataset, as saved)."""
    from lib.state import datasets

    folder = tmp_path / "saved"
    folder.mkdir()
    shutil.copy(settings.BUNDLED_DATA_DIR / "indicators.csv", folder)
    shutil.copy(settings.BUNDLED_DATA_DIR / "standards.csv", folder)
    (folder / "observations.csv").write_bytes(datasets.to_csv(frame))
    return store.open_dir(folder)


def _bundled_frame():
    from lib.state import datasets

    return datasets.read_snapshot(
        (settings.BUNDLED_DATA_DIR / "observations.csv").read_bytes(), "observations.csv", UNITS_ALL()
    )


def UNITS_ALL():  # noqa: N802
    frame = pd.read_csv(settings.BUNDLED_DATA_DIR / "indicators.csv", dtype=str)
    return dict(zip(frame["indicator_id"], frame["unit"], strict=True))


def test_the_preview_says_an_unstated_standard_takes_the_years_standard_and_the_report_is_plain(tmp_path):
    from lib.report import scorecard
    from lib.state import datasets

    con = store.open_dir(settings.BUNDLED_DATA_DIR).cursor()
    result, warnings = _preview(_planners_2024_xlsx(), con)
    assert warnings == [
        "vi_headers_2024.xlsx:Báo cáo!7: Mức giảm tỷ lệ hộ nghèo (chuẩn nghèo "
        "đa chiều) / Toàn tỉnh, năm 2024: "
        "tệp không ghi chuẩn đo; dữ liệu đang dùng ghi năm 2024 theo chuẩn md_2022_2025, nên số liệu được "
        "ghi theo chuẩn này (số liệu của một chỉ tiêu trong một năm theo cùng một chuẩn). Nếu số liệu đo "
        "theo chuẩn khác, hãy ghi mã chuẩn vào cột Chuẩn"
    ]
    assert result.notes[0] == result.warnings[0]  # first in "Cách đọc tệp"
    poverty = result.frame[result.frame["indicator_id"] == "poverty_rate_fall"]
    assert set(poverty["standard"]) == {"md_2022_2025"}
    # Saved and shown: the briefing and the card compare 2024 with 2023 as one series.
    saved = _saved_store(tmp_path, datasets.apply_upload(_bundled_frame(), result.frame))
    rows = queries.year_summary(saved.cursor(), 2024)
    texts = " ".join(x.text for x in briefing.result_sentences(rows, 2024, "vi"))
    assert "3,25 điểm phần trăm" in texts and not [w for w in FALSE_BREAK if w in texts]
    card = next(c for c in scorecard.cards(rows, "vi") if c.indicator_id == "poverty_rate_fall")
    assert card.change_note == ""


@pytest.mark.parametrize(
    ("standard", "lang", "words"),
    [
        (
            "md_from_2027",
            "vi",
            "Mức giảm tỷ lệ hộ nghèo (chuẩn nghèo đa chiều) / Toàn tỉnh, năm 2024: "
            "chuẩn đo md_from_2027 khác "
            "chuẩn md_2022_2025 của năm 2024 trong dữ liệu đang dùng, tức là đổi chuẩn đo",
        ),
        (
            "md_from_2027",
            "en",
            "Fall in the poor-household rate (multidimensional standard) / "
            "Province-wide, 2024: the measurement "
            "standard md_from_2027 differs from md_2022_2025 of 2024 in the data "
            "in use, a change of standard",
        ),
    ],
)
def test_the_preview_warns_when_an_upload_breaks_a_series(standard, lang, words):
    con = store.open_dir(settings.BUNDLED_DATA_DIR).cursor()
    _, warnings = _preview(_planners_2024_xlsx(standard), con, lang)
    assert len(warnings) == 1 and words in warnings[0], warnings


def test_the_preview_warns_when_a_later_year_leaves_the_series_standard_unstated():
    con = store.open_dir(settings.BUNDLED_DATA_DIR).cursor()
    wb = openpyxl.load_workbook(io.BytesIO(_planners_2024_xlsx()))
    for row in wb.active.iter_rows():
        if row[2].value == "2024":
            row[2].value = "2025"
    buf = io.BytesIO()
    wb.save(buf)
    result, warnings = _preview(buf.getvalue(), con)
    assert warnings == [
        "vi_headers_2024.xlsx:Báo cáo!7: Mức giảm tỷ lệ hộ nghèo (chuẩn nghèo "
        "đa chiều) / Toàn tỉnh, năm 2025: "
        "tệp không ghi chuẩn đo, còn dữ liệu đang dùng ghi năm 2024 theo chuẩn "
        "md_2022_2025. Số liệu được coi "
        "là cùng chuẩn với các năm đó, và khi so sánh, báo cáo sẽ ghi rõ năm "
        "2025 không ghi chuẩn đo. Nên ghi "
        "md_2022_2025 (hoặc chuẩn đã dùng) vào cột Chuẩn"
    ]
    assert set(result.frame["standard"]) == {""}  # not filled in: no figure of 2025 states one


def test_an_upload_to_a_series_that_states_no_standard_says_nothing_about_standards():
    con = store.open_dir(settings.BUNDLED_DATA_DIR).cursor()
    result, warnings = _preview(_planners_2024_xlsx(), con)
    assert not [w for w in result.warnings if "Lượt lao động" in w.text("vi")]


def test_the_three_year_chart_names_only_stated_standards_when_one_year_states_none(tmp_path):
    s = _store(
        tmp_path,
        [
            _row("poverty_rate_fall", "2026", "actual", "2.0"),
            _row("poverty_rate_fall", "2027", "actual", "3.0", "md_2022_2025"),
            _row("poverty_rate_fall", "2028", "target", "3.5", "md_from_2027"),
        ],
    )
    b = briefing.build(s.cursor(), 2027, "vi", area="province")
    spec = charts.spec(briefing.target_chart(b, "social", "poverty_rate_fall"))
    assert spec["title"]["subtitle"] == ["Đổi chuẩn đo: Chuẩn nghèo đa chiều mới (áp dụng từ năm 2027)"]
