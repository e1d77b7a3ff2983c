"""The store's build from a Parquet folder: the same figures however the files are ordered, and
every problem still refused with its file and row (the checks run on distinct values and on the
one per-year grouping, not row by row)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

from lib import settings
from lib.data import queries, store, synth
from lib.data.parquet_reader import LoadError

ROWS = 20_000  # 34 communes x 8 indicators x 120 months x 2 = 65.280 rows
TABLES = ["observations", "rollup", "track_monthly", "track_monthly_areas", "derived", "provenance_counts"]


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "national"
    synth.generate(out, rows=ROWS)
    return out


def _open(folder: Path) -> store.Store:
    source = store.ParquetSource(tuple(map(str, store.parquet_files(folder))))
    return store.Store(store.read_catalogue(folder), source, persist=False)


def _table(st: store.Store, name: str) -> pd.DataFrame:
    frame = st.cursor().execute(f"SELECT * FROM {name}").df()  # names from the fixed list above
    return frame.sort_values(list(frame.columns)).reset_index(drop=True)


def _folder(tmp_path: Path, files: dict[str, pd.DataFrame]) -> Path:
    folder = tmp_path / "data"
    (folder / "observations").mkdir(parents=True)
    shutil.copy(settings.BUNDLED_DATA_DIR / "indicators.csv", folder / "indicators.csv")
    for name, frame in files.items():
        frame.to_parquet(folder / "observations" / name, index=False)
    return folder


def test_files_out_of_period_order_give_the_same_figures(national, tmp_path):
    rows = pd.read_parquet(national / "observations").drop(columns=["year"])
    shuffled = rows.sample(frac=1.0, random_state=7).reset_index(drop=True)
    half = len(shuffled) // 2
    # Two files, each holding every year in random order: no row group follows the previous one.
    other = _folder(tmp_path, {"b.parquet": shuffled.iloc[:half], "a.parquet": shuffled.iloc[half:]})
    sorted_store, shuffled_store = _open(national), _open(other)
    try:
        for name in TABLES:
            pd.testing.assert_frame_equal(_table(shuffled_store, name), _table(sorted_store, name))
        for year in (2015, 2020, 2024):
            pd.testing.assert_frame_equal(
                queries.year_summary(shuffled_store.cursor(), year, "all"),
                queries.year_summary(sorted_store.cursor(), year, "all"),
            )
        # Sorted while loading: a year's rows are together, so a year's query skips the others.
        years = shuffled_store.cursor().execute("SELECT year FROM observations").fetchnumpy()["year"]
        assert (years[1:] >= years[:-1]).all()
    finally:
        sorted_store.close()
        shuffled_store.close()


def test_the_built_store_keeps_no_working_table(national):
    st = _open(national)
    try:
        tables = {
            r[0] for r in st.cursor().execute("SELECT table_name FROM information_schema.tables").fetchall()
        }
    finally:
        st.close()
    assert "observation_groups" not in tables
    assert set(TABLES) <= tables


def _rows(periods: list[str], area: str = "c00070", measure: str = "actual") -> pd.DataFrame:
    return pd.DataFrame(
        {"indicator_id": "jobs_created", "area": area, "period": periods, "measure": measure, "value": 10.0}
    )


MONTHS = [f"2023-{m:02d}" for m in range(1, 13)]


@pytest.mark.parametrize(
    ("second", "bad_row", "code", "column", "seen"),
    [
        ({"period": "2023-13"}, 3, "bad_period", "period", "2023-13"),
        ({"measure": "forecast"}, 5, "bad_value", "measure", "forecast"),
        ({"provenance": "guessed"}, 1, "bad_value", "provenance", "guessed"),
        ({"indicator_id": "no_such_indicator"}, 4, "unknown_indicator", "indicator_id", "no_such_indicator"),
        ({"value": -3.0}, 2, "negative", "value", "-3.0"),
        ({"value": float("inf")}, 6, "not_number", "value", "inf"),
        ({"value": float("nan")}, 6, "required", "value", ""),  # pandas writes NaN as null
    ],
)
def test_a_problem_row_among_good_ones_is_refused_with_its_file_and_row(
    tmp_path, second, bad_row, code, column, seen
):
    good = _rows(MONTHS)
    later = _rows([f"2024-{m:02d}" for m in range(1, 13)]).assign(provenance="user")
    for key, value in second.items():
        later[key] = later[key].astype(object)
        later.loc[bad_row - 1, key] = value
    folder = _folder(tmp_path, {"a.parquet": good, "b.parquet": later})
    with pytest.raises(LoadError) as err:
        store.open_dir(folder)
    got = [(Path(p.file).name, p.line, p.column, p.code, p.value) for p in err.value.problems]
    assert got == [("b.parquet", str(bad_row), column, code, seen)]


@pytest.mark.parametrize(
    ("periods", "twice"),
    [
        (MONTHS[:5] + ["2023-05"] + MONTHS[6:], "2023-05"),  # June missing: still 12 monthly rows
        (MONTHS + ["2023-12"], "2023-12"),  # thirteen rows
        (["2023", "2023"], "2023"),  # the year's own figure twice
    ],
)
def test_two_rows_of_one_key_are_refused_naming_both(tmp_path, periods, twice):
    rows = _rows(periods)
    first = rows.index[rows["period"] == twice][0]
    folder = _folder(tmp_path, {"a.parquet": rows.iloc[: first + 1], "b.parquet": rows.iloc[first + 1 :]})
    with pytest.raises(LoadError) as err:
        store.open_dir(folder)
    [problem] = err.value.problems
    assert (Path(problem.file).name, problem.code, problem.value) == (
        "b.parquet",
        "duplicate",
        f"jobs_created / c00070 / {twice} / actual",
    )
    assert dict(problem.params)["first"].endswith(f"a.parquet:{first + 1}")


def test_a_folder_that_fails_leaves_no_store_file(tmp_path, monkeypatch):
    monkeypatch.setenv("CHITIEU_STATE_DIR", str(tmp_path / "state"))
    folder = _folder(tmp_path, {"a.parquet": _rows(MONTHS + ["2023-01"])})
    with pytest.raises(LoadError):
        store.open_dir(folder)
    assert list((tmp_path / "state" / "stores").glob("*")) == []


def _with_standards(periods: list[str], standards: dict[str, str]) -> pd.DataFrame:
    rows = _rows(periods)
    return rows.assign(standard=[standards.get(p, "") for p in rows["period"]])


def test_a_standard_that_changes_between_years_loads(tmp_path):
    # A series break: 2023 under no stated standard, 2024 under another. Each year has one.
    months_2024 = [f"2024-{m:02d}" for m in range(1, 13)]
    rows = _with_standards(MONTHS + months_2024, dict.fromkeys(months_2024, "md_2022_2025"))
    st = store.open_dir(_folder(tmp_path, {"a.parquet": rows}))
    try:
        got = st.cursor().execute("SELECT year, standard FROM rollup WHERE area = 'c00070' ORDER BY year")
        assert got.fetchall() == [(2023, ""), (2024, "md_2022_2025")]
    finally:
        st.close()


@pytest.mark.parametrize(
    ("periods", "standards", "bad_line", "seen", "refused"),
    [
        # One month of twelve under another standard, in the second file.
        (MONTHS, {"2023-07": "md_2022_2025"}, 7, "md_2022_2025", 1),
        # The year's own figure (first) under a standard its twelve months do not share.
        (["2023", *MONTHS], {"2023": "md_2022_2025"}, 2, "—", 12),
    ],
)
def test_two_standards_in_one_series_year_are_refused_naming_the_row(
    tmp_path, periods, standards, bad_line, seen, refused
):
    rows = _with_standards(periods, standards)
    folder = _folder(tmp_path, {"a.parquet": rows.iloc[:1], "b.parquet": rows.iloc[1:]})
    with pytest.raises(LoadError) as err:
        store.open_dir(folder)
    got = [(Path(p.file).name, p.column, p.code, p.value) for p in err.value.problems]
    assert got == [("b.parquet", "standard", "standard_mixed", seen)] * refused
    assert int(err.value.problems[0].line) == bad_line - 1  # the row in b.parquet


# A column holding one value in every row is stored once (`observation_constants`), not ten million
# times; one that varies anywhere is stored row by row. Either way each figure reads as written.
_ONE_VALUE = {"bound": "exact", "provenance": "user", "source": "GSO", "note": None, "standard": ""}
_OTHER_VALUE = {
    "bound": "more_than", "provenance": "reported", "source": "Sở LĐ-TB&XH", "note": "ghi chú",
    "standard": "md_2022_2025",  # a series break between the years: one standard per series-year
}  # fmt: skip


@pytest.mark.parametrize("varied", [None, *_OTHER_VALUE, "bound_empty_and_missing", "all_optional_absent"])
def test_each_figure_reads_as_written_whether_its_columns_vary_or_not(tmp_path, varied):
    months_2024 = [f"2024-{m:02d}" for m in range(1, 13)]
    rows = pd.concat([_rows(MONTHS), _rows(months_2024, area="c00071")], ignore_index=True)
    if varied != "all_optional_absent":
        rows = rows.assign(**_ONE_VALUE)
    later = rows["period"].str.startswith("2024")
    if varied in _OTHER_VALUE:
        rows[varied] = rows[varied].astype(object)
        rows.loc[later, varied] = _OTHER_VALUE[varied]
    if varied == "bound_empty_and_missing":  # two raw values, one typed value: `exact`
        rows["bound"] = rows["bound"].astype(object)
        rows.loc[later, "bound"] = None
        rows.loc[~later, "bound"] = ""
    folder = _folder(tmp_path, {"a.parquet": rows.iloc[:5], "b.parquet": rows.iloc[5:]})
    st = store.open_dir(folder)
    try:
        got = queries.loaded_observations(st.cursor())
        provenances = st.provenances
        built = {name: _table(st, name) for name in TABLES if name != "observations"}
    finally:
        st.close()

    def given(column: str, default: object) -> pd.Series:  # absent from the files: NULL
        return rows[column] if column in rows else pd.Series(default, index=rows.index, dtype=object)

    want = rows.assign(
        bound=given("bound", None).replace("", None).fillna("exact"),
        provenance=given("provenance", None).fillna("user"),
        source=given("source", None).fillna(""),
        note=given("note", None).fillna(""),
        standard=given("standard", ""),
    )
    columns = ["indicator_id", "area", "period", "measure", "value", "bound", "provenance", "source", "note"]
    want = want.sort_values(["indicator_id", "area", "period", "measure"]).reset_index(drop=True)
    pd.testing.assert_frame_equal(
        got[[*columns, "standard"]].astype(object), want[[*columns, "standard"]].astype(object)
    )
    assert provenances == want["provenance"].value_counts().to_dict()
    # The totals, derived figures and counts are those of the same rows stored column by column
    # (the CSV door's table, every column written).
    reference = store.Store(store.read_catalogue(folder), want.assign(value_decimals=0))
    try:
        for name, table in built.items():
            pd.testing.assert_frame_equal(table, _table(reference, name), check_dtype=False)
    finally:
        reference.close()
