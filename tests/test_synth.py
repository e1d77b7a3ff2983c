"""Synthetic national data and Parquet data folders: what a user generates and then opens."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from lib import settings
from lib.data import areas, queries, store, synth

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
ROWS = 20_000  # 34 communes (one per province) x 8 indicators x 120 months x 2 = 65.280 rows


@pytest.fixture(scope="module")
def small(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("synth") / "national"
    synth.generate(out, rows=ROWS)
    return out


def parquet_frame(folder: Path) -> pd.DataFrame:
    return pd.read_parquet(folder / "observations").sort_values(["period", "indicator_id", "area", "measure"])


def test_shape_provinces_months_and_provenance(small):
    frame = parquet_frame(small)
    shape = synth.shape_for(ROWS)
    assert len(frame) == shape.rows == 65_280
    catalogue = areas.catalogue().set_index("area_id")
    communes = frame["area"].unique()
    assert set(catalogue.loc[communes, "level"]) == {"commune"}  # real units of today
    assert catalogue.loc[communes, "parent"].nunique() == 34  # one in every province
    assert frame["period"].nunique() == 120
    assert (frame["period"].min(), frame["period"].max()) == ("2015-01", "2024-12")
    assert sorted(frame["measure"].unique()) == ["actual", "target"]
    assert set(frame["provenance"]) == {"synthetic"}
    assert sorted(p.name for p in (small / "observations").iterdir()) == [
        f"year={y}" for y in range(2015, 2025)
    ]


@pytest.mark.parametrize(
    ("rows", "communes", "years"),
    [(1, 34, 10), (65_280, 34, 10), (65_281, 35, 10), (6_376_320, 3321, 10), (10_000_000, 3321, 16)],
)
def test_row_count_sets_the_communes_then_the_years(rows, communes, years):
    shape = synth.shape_for(rows)
    assert (shape.communes, shape.years, shape.first_year) == (communes, years, 2025 - years)
    assert shape.rows >= rows


def test_synthetic_communes_are_the_real_ones_with_official_codes_and_names():
    ids = synth.commune_ids()
    catalogue = areas.catalogue().set_index("area_id")
    assert len(ids) == len(set(ids)) == 3321
    assert set(catalogue.loc[ids, "level"]) == {"commune"}
    # The first 34 are one commune of each province, in code order: Hà Nội's first is Ba Đình.
    assert catalogue.loc[ids[:34], "parent"].tolist() == sorted(catalogue.loc[ids, "parent"].unique())
    assert (ids[0], catalogue.loc[ids[0], "name_vi"], catalogue.loc[ids[0], "code"]) == (
        "c00004",
        "Phường Ba Đình",
        "00004",
    )


def test_same_seed_same_figures_other_seed_other_figures(small, tmp_path):
    synth.generate(tmp_path / "again", rows=ROWS)
    synth.generate(tmp_path / "other", rows=ROWS, seed=7)
    first, again, other = (
        parquet_frame(p)["value"].to_numpy() for p in (small, tmp_path / "again", tmp_path / "other")
    )
    assert (first == again).all()
    assert (first != other).any()


def test_rows_are_written_in_period_order(small):
    for part in sorted((small / "observations").iterdir()):
        periods = pd.read_parquet(part)["period"]
        assert periods.is_monotonic_increasing, part


def test_year_totals_in_the_store_are_the_sums_of_the_months(small):
    frame = parquet_frame(small)
    y2023 = frame[frame["period"].str.startswith("2023")]
    want = y2023.pivot_table(index="indicator_id", columns="measure", values="value", aggfunc="sum")
    s = store.open_dir(small)
    try:
        rows = queries.year_summary(s.cursor(), 2023, "all").set_index("indicator_id")
        assert rows["actual"].to_dict() == pytest.approx(want["actual"].to_dict())
        assert rows["target"].to_dict() == pytest.approx(want["target"].to_dict())
        jobs = rows.loc["jobs_created"]
        assert jobs["pct_of_target"] == pytest.approx(
            100 * want.loc["jobs_created", "actual"] / want.loc["jobs_created", "target"]
        )
        assert (jobs["actual_provenance"], jobs["target_provenance"]) == ("synthetic", "synthetic")
        # A province's total is the sum of its communes, by the catalogue's parents.
        province = queries.year_summary(s.cursor(), 2023, "p08").set_index("indicator_id")
        parent = areas.catalogue().set_index("area_id")["parent"]
        in_p08 = y2023[(y2023["area"].map(parent) == "p08") & (y2023["measure"] == "actual")]
        assert province["actual"].to_dict() == pytest.approx(
            in_p08.groupby("indicator_id")["value"].sum().to_dict()
        )
        assert s.provenances == {"synthetic": 65_280}
    finally:
        s.close()


def test_parquet_folder_gives_the_same_figures_as_the_csv(tmp_path, bundled_store):
    folder = tmp_path / "pq"
    (folder / "observations").mkdir(parents=True)
    shutil.copy(settings.BUNDLED_DATA_DIR / "indicators.csv", folder)
    obs = pd.read_csv(settings.BUNDLED_DATA_DIR / "observations.csv", dtype=str, keep_default_na=False)
    obs["value"] = obs["value"].astype(float)  # a typed column, as Parquet holds it
    obs.to_parquet(folder / "observations" / "part.parquet", index=False)
    s = store.open_dir(folder)
    try:
        for year in (2023, 2024):
            got = queries.year_summary(s.cursor(), year, "province")
            want = queries.year_summary(bundled_store.cursor(), year, "province")
            pd.testing.assert_frame_equal(got, want)
    finally:
        s.close()


BAD_ROW = {"indicator_id": "jobs_created", "area": "c00004", "period": "2023-01", "measure": "actual"}


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({"period": "2023-13"}, ("2", "period", "bad_period", "2023-13")),
        ({"indicator_id": "jobs"}, ("2", "indicator_id", "unknown_indicator", "jobs")),
        ({"measure": "plan"}, ("2", "measure", "bad_value", "plan")),
        ({"value": -5.0}, ("2", "value", "negative", "-5.0")),
        ({"provenance": "guess"}, ("2", "provenance", "bad_value", "guess")),
        ({"area": ""}, ("2", "area", "required", "")),
    ],
)
def test_a_broken_parquet_row_is_named_and_nothing_loads(tmp_path, change, problem):
    folder = tmp_path / "bad"
    folder.mkdir()
    shutil.copy(settings.BUNDLED_DATA_DIR / "indicators.csv", folder)
    good = {**BAD_ROW, "value": 10.0, "provenance": "synthetic"}
    pd.DataFrame([good, {**good, "period": "2023-02", **change}]).to_parquet(folder / "observations.parquet")
    with pytest.raises(store.LoadError) as err:
        store.open_dir(folder)
    got = [(p.line, p.column, p.code, p.value) for p in err.value.problems]
    assert got == [problem]
    assert err.value.problems[0].file.endswith("observations.parquet")


def test_duplicate_rows_across_parquet_files_are_named(tmp_path):
    folder = tmp_path / "dup"
    (folder / "observations").mkdir(parents=True)
    shutil.copy(settings.BUNDLED_DATA_DIR / "indicators.csv", folder)
    row = pd.DataFrame([{**BAD_ROW, "value": 10.0}])
    row.to_parquet(folder / "observations" / "a.parquet")
    row.to_parquet(folder / "observations" / "b.parquet")
    with pytest.raises(store.LoadError) as err:
        store.open_dir(folder)
    (problem,) = err.value.problems
    assert (problem.file.endswith("b.parquet"), problem.line, problem.code) == (True, "1", "duplicate")
    assert dict(problem.params)["first"].endswith("a.parquet:1")


def test_missing_column_is_named(tmp_path):
    folder = tmp_path / "cols"
    folder.mkdir()
    shutil.copy(settings.BUNDLED_DATA_DIR / "indicators.csv", folder)
    pd.DataFrame([{k: v for k, v in BAD_ROW.items() if k != "measure"} | {"value": 1.0}]).to_parquet(
        folder / "observations.parquet"
    )
    with pytest.raises(store.LoadError) as err:
        store.open_dir(folder)
    assert [(p.column, p.code) for p in err.value.problems] == [("measure", "missing_column")]


def test_cli_writes_a_dataset_and_refuses_the_bundled_folder(tmp_path):
    before = sorted((p.name, p.stat().st_mtime_ns) for p in settings.BUNDLED_DATA_DIR.iterdir())
    ok = subprocess.run(
        [sys.executable, "-m", "lib", "synth", "--rows", "100", "--out", str(tmp_path / "s")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert ok.returncode == 0, ok.stderr
    assert "65280 synthetic rows" in ok.stdout
    assert (tmp_path / "s" / "observations" / "year=2023").is_dir()
    refused = subprocess.run(
        [sys.executable, "-m", "lib", "synth", "--rows", "100", "--out", str(settings.BUNDLED_DATA_DIR)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert refused.returncode == 1
    assert "refusing to write into the bundled data folder" in refused.stderr
    assert sorted((p.name, p.stat().st_mtime_ns) for p in settings.BUNDLED_DATA_DIR.iterdir()) == before


PAGES = ["pages/overview.py", "pages/explore.py", "pages/simulate.py", "pages/data.py", "pages/briefing.py"]


@pytest.mark.parametrize(("lang", "text"), [("vi", "Dữ liệu giả lập"), ("en", "Synthetic data")])
def test_the_app_says_the_data_is_synthetic(isolated_app, monkeypatch, small, lang, text):
    """The banner comes from app.py, before any page (AppTest drops app.py's elements after
    switch_page, so the real-browser tests check it on every page)."""
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(small))
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = lang
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    banners = [w.value for w in at.warning if text in w.value]
    assert len(banners) == 1
    assert ("65.280" if lang == "vi" else "65,280") in banners[0]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_renders_on_synthetic_data(isolated_app, monkeypatch, small, page):
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(small))
    at = AppTest.from_file(APP, default_timeout=60).run()
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    if page.endswith("overview.py"):  # the national total is the default view
        assert at.selectbox(key="area").value == "all"


def test_bundled_data_has_no_synthetic_banner(isolated_app):
    at = AppTest.from_file(APP, default_timeout=30).run()
    assert not any("Dữ liệu giả lập" in w.value for w in at.warning)
