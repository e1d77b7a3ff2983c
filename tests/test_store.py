"""The store: every reported figure of the article is loaded; derived figures follow formulas."""

from __future__ import annotations

import pytest

from lib.data import queries, store

# (indicator, period, measure, value, bound): every figure of shared/seed/facts.md.
REPORTED = [
    ("jobs_created", "2023", "actual", 25953, "exact"),
    ("jobs_created", "2023", "pct_of_target", 117, "exact"),
    ("jobs_created", "2023", "change_pct", 4, "exact"),
    ("vocational_enrolment", "2023", "actual", 13575, "exact"),
    ("vocational_enrolment", "2023", "pct_of_target", 169.7, "exact"),
    ("labour_data_days_early", "2023", "actual", 30, "exact"),
    ("merit_gifts", "2023", "actual", 16691, "exact"),
    ("merit_gifts_value", "2023", "actual", 6_960_000_000, "more_than"),
    ("merit_housing_families", "2023", "actual", 53, "exact"),
    ("merit_housing_value", "2023", "actual", 1_600_000_000, "more_than"),
    ("poor_households_merit_allowance", "2023", "actual", 0, "exact"),
    ("poverty_rate_fall", "2023", "actual", 4.87, "exact"),
    ("poverty_rate_fall", "2023", "pct_of_target", 138, "exact"),
    ("temporary_homes_removed", "2023", "actual", 2055, "exact"),
    ("temporary_homes_removed", "2023", "pct_of_target", 181, "more_than"),
    ("poor_households_new_homes", "2023", "actual", 425, "exact"),
    ("poor_households_new_homes", "2023", "pct_of_target", 100, "exact"),
    ("jobs_created", "2024", "target", 22550, "exact"),
    ("poverty_rate_fall", "2024", "target", 3, "more_than"),
]


def figure(con, indicator, period, measure):
    rows = con.execute(
        "SELECT value, bound, provenance, value_low, value_high, formula, source FROM figures "
        "WHERE indicator_id = ? AND period = ? AND measure = ?",
        [indicator, period, measure],
    ).fetchall()
    assert len(rows) == 1, rows
    return rows[0]


def test_every_reported_figure_is_loaded_and_nothing_else(con):
    got = con.execute(
        "SELECT indicator_id, period, measure, value, bound FROM observations "
        "WHERE provenance = 'reported' ORDER BY ALL"
    ).fetchall()
    assert sorted(got) == sorted((i, p, m, pytest.approx(v), b) for i, p, m, v, b in REPORTED)


@pytest.mark.parametrize(("indicator", "period", "measure", "value", "bound"), REPORTED)
def test_reported_figure_has_its_source(con, indicator, period, measure, value, bound):
    got_value, got_bound, provenance, _, _, formula, source = figure(con, indicator, period, measure)
    assert (got_value, got_bound, provenance, formula) == (
        pytest.approx(value),
        bound,
        "reported",
        None,
    )
    assert "Dấu ấn của ngành Lao động" in source


@pytest.mark.parametrize(
    ("indicator", "period", "measure", "expected", "low", "high"),
    [
        # 2023 jobs plan = 25.953 / 1,17; 117% rounded means 116,5-117,5%.
        ("jobs_created", "2023", "target", 25953 / 1.17, 25953 / 1.175, 25953 / 1.165),
        # 2022 jobs = 25.953 / 1,04; 4% rounded means 3,5-4,5%.
        ("jobs_created", "2022", "actual", 25953 / 1.04, 25953 / 1.045, 25953 / 1.035),
        # 169,7% has one decimal: 169,65-169,75%.
        ("vocational_enrolment", "2023", "target", 13575 / 1.697, 13575 / 1.6975, 13575 / 1.6965),
        ("poverty_rate_fall", "2023", "target", 4.87 / 1.38, 4.87 / 1.385, 4.87 / 1.375),
        ("poor_households_new_homes", "2023", "target", 425, 425 / 1.005, 425 / 0.995),
    ],
)
def test_derived_figure_follows_its_formula(con, indicator, period, measure, expected, low, high):
    value, _, provenance, value_low, value_high, formula, _ = figure(con, indicator, period, measure)
    assert provenance == "derived"
    assert formula
    assert value == pytest.approx(expected)
    assert (value_low, value_high) == (pytest.approx(low), pytest.approx(high))


def test_derived_ranges_match_the_facts_sheet(con):
    # facts.md: 2023 jobs plan 22.088 to 22.277; 2022 jobs 24.835 to 25.075.
    _, _, _, low, high, _, _ = figure(con, "jobs_created", "2023", "target")
    assert (round(low), round(high)) == (22088, 22277)
    _, _, _, low, high, _, _ = figure(con, "jobs_created", "2022", "actual")
    assert (round(low), round(high)) == (24835, 25075)


def test_over_a_percentage_gives_an_upper_limit(con):
    # "trên 181%" of plan: the plan was at most 2.055 / 1,81.
    value, bound, _, low, high, _, _ = figure(con, "temporary_homes_removed", "2023", "target")
    assert (round(value), bound, low) == (1135, "less_than", None)
    assert high >= value


def test_reported_target_is_never_replaced_by_a_derived_one(con):
    rows = con.execute(
        "SELECT provenance FROM figures WHERE indicator_id = 'jobs_created' AND period = '2024' "
        "AND measure = 'target'"
    ).fetchall()
    assert rows == [("reported",)]


def test_year_summary_for_2023(con):
    summary = queries.year_summary(con, 2023).set_index("indicator_id")
    jobs = summary.loc["jobs_created"]
    assert (jobs.actual, jobs.pct_of_target, jobs.change_pct) == (25953, 117, 4)
    assert jobs.target == pytest.approx(22182.05, abs=0.01)
    assert jobs.target_provenance == "derived"
    assert len(summary) == 11


def test_a_changed_file_changes_the_figures(data_copy):
    obs = data_copy / "observations.csv"
    obs.write_text(obs.read_text(encoding="utf-8").replace(",25953,", ",26000,"), encoding="utf-8")
    con = store.open_dir(data_copy).cursor()
    assert queries.year_summary(con, 2023).set_index("indicator_id").loc["jobs_created"].actual == 26000


def test_bad_folder_raises_load_error_with_problems(data_copy):
    (data_copy / "observations.csv").write_text(
        "indicator_id,area,period,measure,value\njobs_created,province,2023,actual,abc\n",
        encoding="utf-8",
    )
    with pytest.raises(store.LoadError) as info:
        store.open_dir(data_copy)
    assert [p.text() for p in info.value.problems] == [
        f"{data_copy / 'observations.csv'}:2: value: not a number (seen 'abc'; expected 25953 | 169.7)"
    ]


def test_cursors_in_threads_do_not_interfere(bundled_store):
    from concurrent.futures import ThreadPoolExecutor

    def work(year):
        con = bundled_store.cursor()
        return [len(queries.year_summary(con, year)) for _ in range(20)]

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, [2023, 2024] * 8))
    assert results == [[11] * 20, [2] * 20] * 8


def test_a_data_folder_is_read_in_plain_number_style(data_copy):
    # Canonical files use "." as the decimal mark: "1.500" is one and a half, never 1500.
    (data_copy / "observations.csv").write_text(
        "indicator_id,area,period,measure,value\npoverty_rate_fall,province,2023,actual,1.500\n",
        encoding="utf-8",
    )
    con = store.open_dir(data_copy).cursor()
    summary = queries.year_summary(con, 2023).set_index("indicator_id")
    assert summary.loc["poverty_rate_fall"].actual == 1.5


# ---------------------------------------------------------------- every data-folder failure is a LoadError


def _to_parquet(folder, select: str, name: str = "observations.parquet") -> None:
    import duckdb

    obs = folder / "observations.csv"
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"COPY ({select.format(obs=f'read_csv({str(obs)!r}, all_varchar=true)')}) TO '{target}'")
    con.close()
    obs.unlink()


def _spoil(folder, how: str) -> None:
    import os
    import shutil

    if how == "missing":
        shutil.rmtree(folder)
    elif how == "no catalogue":
        (folder / "indicators.csv").unlink()
    elif how == "catalogue is figures":
        shutil.copy(folder / "observations.csv", folder / "indicators.csv")
    elif how == "random parquet":
        (folder / "observations.csv").unlink()
        (folder / "observations.parquet").write_bytes(os.urandom(3000))
    elif how == "empty parquet":
        (folder / "observations.csv").unlink()
        (folder / "observations.parquet").write_bytes(b"")
    elif how == "truncated parquet":
        _to_parquet(folder, "FROM {obs}")
        data = (folder / "observations.parquet").read_bytes()
        (folder / "observations.parquet").write_bytes(data[:-40])
    elif how == "value as a list":
        _to_parquet(folder, "SELECT * REPLACE ([1] AS value) FROM {obs}")
    elif how == "value as text":
        _to_parquet(folder, "SELECT * REPLACE ('n/a' AS value) FROM {obs}")
    elif how == "no value column":
        _to_parquet(folder, "SELECT * EXCLUDE (value) FROM {obs}")
    elif how == "parquet folder is a file":
        _to_parquet(folder, "FROM {obs}", "observations/year=2023/x.parquet")
        (folder / "observations" / "year=2023" / "y.parquet").mkdir()


@pytest.mark.parametrize(
    ("how", "code", "file"),
    [
        ("missing", "folder_missing", ""),
        ("no catalogue", "unreadable", "indicators.csv"),
        ("catalogue is figures", "not_catalogue", "indicators.csv"),
        ("random parquet", "bad_parquet", "observations.parquet"),
        ("empty parquet", "bad_parquet", "observations.parquet"),
        ("truncated parquet", "bad_parquet", "observations.parquet"),
        ("value as a list", "bad_column_type", "observations.parquet"),
        ("value as text", "not_number", "observations.parquet"),
        ("no value column", "missing_column", "observations.parquet"),
        ("parquet folder is a file", "bad_parquet", "observations/year=2023/y.parquet"),
    ],
)
def test_every_data_folder_failure_is_a_load_error_naming_the_file(data_copy, how, code, file):
    _spoil(data_copy, how)
    with pytest.raises(store.LoadError) as err:
        store.open_dir(data_copy)
    first = err.value.problems[0]
    assert first.code == code
    assert first.file == str(data_copy / file) if file else first.file == str(data_copy)
