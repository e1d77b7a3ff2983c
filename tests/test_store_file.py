"""A Parquet data folder's store is built once per content into a DuckDB file under the state
folder and reopened read-only by every later process; a changed folder builds a new one.

Built from the bundled report written as Parquet (a few dozen rows stand in for millions: the
same code path). What a user would check: the figures, the files in `stores/`."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from lib import settings
from lib.data import queries, store


def parquet_folder(folder: Path, jobs_2023: float = 25953.0) -> Path:
    """The bundled report as `indicators.csv` + `observations.parquet` (fixed-width values, no
    compression: a changed figure keeps the file's size)."""
    folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(settings.BUNDLED_DATA_DIR / "indicators.csv", folder / "indicators.csv")
    obs = pd.read_csv(settings.BUNDLED_DATA_DIR / "observations.csv", dtype=str, keep_default_na=False)
    obs["value"] = obs["value"].astype(float)
    jobs = (obs["indicator_id"] == "jobs_created") & (obs["period"] == "2023") & (obs["measure"] == "actual")
    obs.loc[jobs, "value"] = jobs_2023
    table = pa.Table.from_pandas(obs, preserve_index=False)
    pq.write_table(table, folder / "observations.parquet", compression="none", use_dictionary=False)
    return folder


def jobs_actual(db: store.Store) -> float:
    rows = queries.year_summary(db.cursor(), 2023, "province")
    return float(rows.set_index("indicator_id").loc["jobs_created", "actual"])


@pytest.fixture
def state(monkeypatch, tmp_path) -> Path:
    monkeypatch.setenv("CHITIEU_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("CHITIEU_DEMO", raising=False)
    return tmp_path / "state"


def built(state: Path) -> list[str]:
    return sorted(p.name for p in (state / "stores").iterdir())


def test_the_store_is_built_once_and_reopened_read_only(state, tmp_path):
    folder = parquet_folder(tmp_path / "national")
    first = store.open_dir(folder)
    assert jobs_actual(first) == 25953
    [name] = built(state)
    assert name == f"{first.token}.duckdb"
    first.close()
    inode = os.stat(state / "stores" / name).st_ino
    again = store.open_dir(folder)  # a restart: same content, same file, nothing rebuilt
    assert again.token == first.token and built(state) == [name]
    assert os.stat(state / "stores" / name).st_ino == inode
    assert jobs_actual(again) == 25953
    assert again.provenances == first.provenances
    with pytest.raises(duckdb.Error, match="read-only"):
        again.cursor().execute("DELETE FROM observation_rows")  # `observations` is a view of it


def test_a_changed_figure_with_the_same_size_and_time_builds_a_new_store(state, tmp_path):
    folder = parquet_folder(tmp_path / "national")
    before = store.open_dir(folder)
    stat = os.stat(folder / "observations.parquet")
    parquet_folder(folder, jobs_2023=99999.0)  # same size (fixed-width values), new figure
    os.utime(folder / "observations.parquet", ns=(stat.st_atime_ns, stat.st_mtime_ns))
    after_stat = os.stat(folder / "observations.parquet")
    assert (after_stat.st_size, after_stat.st_mtime_ns) == (stat.st_size, stat.st_mtime_ns)
    after = store.open_dir(folder)
    assert after.token != before.token
    assert jobs_actual(after) == 99999 and jobs_actual(before) == 25953
    assert built(state) == sorted([f"{before.token}.duckdb", f"{after.token}.duckdb"])


def test_a_folder_that_fails_validation_leaves_nothing_behind(state, tmp_path):
    folder = parquet_folder(tmp_path / "national")
    obs = pq.read_table(folder / "observations.parquet").to_pandas()
    obs.loc[0, "period"] = "20233"
    pq.write_table(pa.Table.from_pandas(obs, preserve_index=False), folder / "observations.parquet")
    with pytest.raises(store.LoadError, match="period"):
        store.open_dir(folder)
    assert built(state) == []


def test_old_stores_are_cleaned_and_the_recent_ones_kept(state, tmp_path):
    tokens = []
    for n in range(5):
        db = store.open_dir(parquet_folder(tmp_path / f"v{n}", jobs_2023=1000.0 + n))
        tokens.append(db.token)
        db.close()
    kept = [f"{t}.duckdb" for t in tokens[-1 - store.KEEP_OTHER_STORES :]]
    assert built(state) == sorted(kept)


def test_sessions_opening_a_new_folder_at_once_share_one_complete_build(state, tmp_path):
    folder = parquet_folder(tmp_path / "national")
    start, results = threading.Barrier(6), []

    def open_it() -> None:
        start.wait(timeout=30)
        results.append(jobs_actual(store.open_dir(folder)))

    threads = [threading.Thread(target=open_it) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert results == [25953.0] * 6
    assert len(built(state)) == 1  # one file; no half-built one left


def test_demo_mode_writes_nothing_to_the_state_folder(state, tmp_path, monkeypatch):
    monkeypatch.setenv("CHITIEU_DEMO", "1")
    db = store.open_dir(parquet_folder(tmp_path / "national"))
    assert jobs_actual(db) == 25953
    assert not (state / "stores").exists()
