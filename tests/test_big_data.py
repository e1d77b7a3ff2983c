"""Pages on national-scale data keep the rows in DuckDB: the Data page never pulls the whole
table into pandas on a rerun, and the explorer reads only the newest periods it shows.

A small synthetic dataset (34 communes, 65.280 rows) stands in for the 10 million rows; the
thresholds are lowered so it takes the big-data paths. Speed itself is the benchmark's job."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fixtures import APP, act_as
from streamlit.testing.v1 import AppTest

from lib import settings
from lib.data import queries, store, synth
from lib.report import export
from lib.state import datasets


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("national")
    synth.generate(folder, rows=6000)
    return folder


@pytest.fixture
def full_table_reads(monkeypatch) -> list[int]:
    """Counts every read of the whole observations table into pandas."""
    calls: list[int] = []
    real = queries.loaded_observations

    def counted(con):
        frame = real(con)
        calls.append(len(frame))
        return frame

    monkeypatch.setattr(queries, "loaded_observations", counted)
    return calls


def open_page(page: str, data: Path, monkeypatch, **params: str | list[str]) -> AppTest:
    """`page` on `data` by a link, as a planner (the Data page's uploads are theirs)."""
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data))
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    act_as(at, "planner")
    at.switch_page(page).run()  # the link opens the page itself
    assert not at.exception, [e.value for e in at.exception]
    return at


def upload_for(data: Path) -> bytes:
    """One figure already loaded with a new value, and one new figure (a year not in the data)."""
    con = store.open_dir(data).cursor()
    ind, area, period = con.execute(
        "SELECT indicator_id, area, period FROM observations WHERE measure = 'actual' LIMIT 1"
    ).fetchone()
    return (
        f"indicator_id,area,period,measure,value\n{ind},{area},{period},actual,999999\n"
        f"{ind},{area},2030,target,5\n"
    ).encode()


def test_data_page_reruns_and_previews_without_reading_the_whole_table(
    isolated_app, monkeypatch, national, full_table_reads
):
    at = open_page("pages/data.py", national, monkeypatch)
    at.run()
    at.file_uploader(key="data_upload").set_value(("kh.csv", upload_for(national), "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert {m.label: m.value for m in at.metric if m.label in ("Mới", "Thay đổi", "Không đổi")} == {
        "Mới": "1",
        "Thay đổi": "1",
        "Không đổi": "0",
    }
    assert [b.key for b in at.get("download_button")] == ["data_download"]  # 65.280 rows: offered
    assert full_table_reads == []


def test_data_page_over_the_limit_says_so_instead_of_offering_the_file(
    isolated_app, monkeypatch, national, full_table_reads
):
    monkeypatch.setattr(datasets, "DOWNLOAD_MAX_ROWS", 10_000)
    at = open_page("pages/data.py", national, monkeypatch)
    at.file_uploader(key="data_upload").set_value(("kh.csv", upload_for(national), "text/csv"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.get("download_button") == []
    assert "data_confirm" not in [b.key for b in at.button]
    info = [i.value for i in at.info]
    assert any(v.startswith("Dữ liệu đang dùng có 65.280 số liệu, quá nhiều để tải về") for v in info), info
    assert any("chỉ nạp tệp lên được khi dữ liệu có tối đa 10.000 số liệu" in v for v in info), info
    assert full_table_reads == []


def test_the_download_is_built_when_clicked_and_holds_every_loaded_figure(full_table_reads):
    bundled = store.open_dir(settings.BUNDLED_DATA_DIR)
    build = datasets.csv_download(bundled, export.to_csv)
    assert full_table_reads == []  # nothing read until the user clicks
    text = build().decode()
    expected = datasets.download_csv(queries.loaded_observations(bundled.cursor()), export.to_csv).decode()
    assert text == expected
    assert len(text.splitlines()) == 1 + queries.observation_count(bundled.cursor())


@pytest.mark.parametrize(
    "upload",
    [
        "indicator_id,area,period,measure,value\njobs_created,province,2023,actual,25953\n",
        "indicator_id,area,period,measure,value,bound\njobs_created,province,2023,actual,25954,\n"
        "jobs_created,province,2024,target,23000,\npoverty_rate_cut,province,2023,actual,1.2,more_than\n",
        "indicator_id,area,period,measure,value\nmerit_gifts,elsewhere,2023,actual,7\n",
    ],
)
def test_comparing_in_duckdb_gives_the_same_statuses_as_in_pandas(con, upload):
    import io

    frame = pd.read_csv(io.StringIO(upload), dtype={"period": str}, keep_default_na=False)
    if "bound" not in frame:
        frame["bound"] = "exact"
    frame["bound"] = frame["bound"].replace("", "exact")
    want = datasets.compare(queries.loaded_observations(con), frame)
    got = datasets.compare_loaded(con, frame)
    assert got[["indicator_id", "area", "period", "measure", "status"]].values.tolist() == (
        want[["indicator_id", "area", "period", "measure", "status"]].values.tolist()
    )
    assert got["current_value"].tolist() == pytest.approx(want["current_value"].tolist(), nan_ok=True)


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"indicators": ["jobs_created"]},
        {"period_from": "2019", "period_to": "2021-06"},
        {"measures": ["target"], "areas": ["c00004", "c01273"]},  # Ba Đình (Hà Nội), Thục Phán (Cao Bằng)
    ],
)
def test_explorer_on_big_data_reads_the_newest_periods_and_shows_the_same_rows(
    monkeypatch, national, filters
):
    con = store.open_dir(national).cursor()
    exact = queries.explore_table(con, limit=300, **filters)
    monkeypatch.setattr(queries, "EXPLORE_EXACT_FIGURES", 1_000)
    windowed = queries.explore_table(con, limit=300, **filters)
    columns = [c for c in exact.columns if c != "n_rows"]
    pd.testing.assert_frame_equal(windowed[columns], exact[columns])
    assert len(windowed) == 300 and windowed["n_rows"].isna().all()
    assert windowed["n_figures"].iloc[0] == exact["n_figures"].iloc[0] >= int(exact["n_rows"].iloc[0])


def test_explore_page_on_big_data_says_how_many_figures_matched(isolated_app, monkeypatch, national):
    monkeypatch.setattr(queries, "EXPLORE_EXACT_FIGURES", 1_000)
    at = open_page("pages/explore.py", national, monkeypatch)
    figures = store.open_dir(national).cursor().execute("SELECT count(*) FROM figures").fetchone()[0]
    assert f"Đang hiển thị 2.000 dòng mới nhất trong tổng số {figures:,} số liệu khớp bộ lọc".replace(
        ",", "."
    ) in " ".join(c.value for c in at.caption)


def test_data_page_names_the_data_folder_instead_of_the_bundled_report(national, isolated_app, monkeypatch):
    at = open_page("pages/data.py", national, monkeypatch, lang="en")
    captions = [c.value for c in at.caption]
    assert any(f"The data folder “{national.name}”" in c for c in captions), captions
    assert not any("2023 report" in c for c in captions), captions
