"""The Places page: areas ranked by % of plan (behind plan first, with the status word), the map
of dots on the catalogue's coordinates, the link holding area, indicator and year; the bundled
data says there are no communes. Also the department named per indicator on the briefing."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from fixtures import open_page, url_notices

from lib.data import areas, queries, store, synth
from lib.report import place_charts, scorecard

ROWS = 200_000  # 105 real communes, about three in each of the 34 provinces
YEAR = 2024


@pytest.fixture(scope="module")
def national_folder(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("places") / "national"
    synth.generate(folder, rows=ROWS)
    return folder


@pytest.fixture
def national(national_folder, monkeypatch, isolated_app) -> Path:
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(national_folder))
    return national_folder


def yearly(folder: Path, indicator: str, year: int) -> pd.DataFrame:
    """Actual and target of each commune and province in a year, summed with pandas."""
    obs = pd.read_parquet(folder / "observations")
    obs = obs[(obs["indicator_id"] == indicator) & obs["period"].str.startswith(f"{year}-")]
    parent = areas.catalogue().set_index("area_id")["parent"]
    both = pd.concat([obs, obs.assign(area=obs["area"].map(parent))])
    return both.pivot_table(index="area", columns="measure", values="value", aggfunc="sum")


def frame(*rows: tuple) -> pd.DataFrame:
    columns = ["area", "unit", "direction", "actual", "target", "pct_of_target", "pct_bound"]
    out = pd.DataFrame(rows, columns=columns)
    return out.assign(actual_provenance="reported", pct_provenance="reported", pct_formula=None)


def test_the_ranking_puts_behind_plan_first_and_no_plan_last():
    rows = frame(
        ("c00004", "people", "up", 100.0, 100.0, None, None),  # met
        ("c00008", "people", "up", 80.0, 100.0, None, None),  # behind, 80%
        ("c00025", "people", "up", 95.0, 100.0, None, None),  # close
        ("c00070", "people", "up", 50.0, None, None, None),  # no plan
        ("c00091", "people", "up", 120.0, 100.0, None, None),  # exceeded
        ("c00094", "people", "up", None, None, 50.0, "exact"),  # a reported 50% of plan
    )
    ranked = place_charts.ranking_data(rows, "vi")
    shown = ranked[["rank", "area", "pct_of_target", "status_label"]].fillna({"pct_of_target": -1})
    assert shown.values.tolist() == [
        [1, "c00094", 50.0, "Chưa đạt"],
        [2, "c00008", 80.0, "Chưa đạt"],
        [3, "c00025", 95.0, "Cơ bản đạt"],
        [4, "c00004", 100.0, "Đạt kế hoạch"],
        [5, "c00091", 120.0, "Vượt kế hoạch"],
        [6, "c00070", -1, "Nguồn không nêu kế hoạch"],
    ]
    assert ranked["status"].tolist() == ["behind", "behind", "close", "met", "exceeded", "no_plan"]
    assert ranked["name"].tolist()[1] == "Phường Ngọc Hà"


def map_points(chart) -> pd.DataFrame:
    spec = chart.to_dict()
    values = spec["datasets"][spec["data"]["name"]] if "datasets" in spec else spec["data"]["values"]
    return pd.DataFrame(values)


def test_the_map_plots_each_commune_at_its_coordinates(national_folder):
    con = store.open_dir(national_folder).cursor()
    rows = queries.place_ranking(con, "p01", "jobs_created", YEAR)
    ranked = place_charts.ranking_data(rows, "vi")
    chart = place_charts.map_chart(ranked, "vi", "people")
    spec = chart.to_dict()
    assert spec["projection"] == {"type": "mercator"}
    encoding = spec["encoding"]
    assert (encoding["longitude"]["field"], encoding["latitude"]["field"]) == ("lon", "lat")
    # Never colour alone: the status is also the shape, and a word in the tooltip.
    assert encoding["color"]["field"] == encoding["shape"]["field"] == "status_label"
    assert "status_label" in [t["field"] for t in encoding["tooltip"]]
    points = map_points(chart)
    obs = pd.read_parquet(national_folder / "observations", columns=["area"])
    parents = areas.catalogue().set_index("area_id")
    in_p01 = sorted(a for a in obs["area"].unique() if parents.loc[a, "parent"] == "p01")
    assert len(points) == len(in_p01) >= 2
    expected = parents.loc[in_p01, ["name_vi", "lat", "lon"]].sort_values("name_vi")
    got = points.set_index("name").sort_index()[["lat", "lon"]]
    assert got.values.tolist() == expected[["lat", "lon"]].values.tolist()
    assert got.index.tolist() == expected["name_vi"].tolist()


def table(at) -> pd.DataFrame:
    return next(df.value for df in at.dataframe if "Thứ tự" in df.value.columns)


def assert_behind_first(ranked: pd.DataFrame) -> None:
    order = {scorecard.status_label(s, "vi"): i for i, s in enumerate(place_charts.RANK_ORDER)}
    keys = [(order[s], p) for s, p in zip(ranked["Trạng thái"], ranked["So với kế hoạch (%)"], strict=True)]
    assert keys == sorted(keys)


def test_the_country_ranks_its_provinces_behind_plan_first(national):
    at = open_page("pages/places.py")
    assert not at.exception
    assert at.selectbox(key="place").value == "all"
    ranked = table(at)
    assert len(ranked) == 34
    assert_behind_first(ranked)
    sums = yearly(national, "jobs_created", YEAR)
    first = ranked.iloc[0]
    province = next(p for p in sums.index if areas.display_name(p) == first["Địa bàn"])
    assert (first["Thực hiện"], first["Kế hoạch"]) == (
        sums.loc[province, "actual"],
        sums.loc[province, "target"],
    )
    # To the one decimal a % is written with, with its provenance (the synthetic data's own %)
    # and its formula.
    assert first["So với kế hoạch (%)"] == round(100 * first["Thực hiện"] / first["Kế hoạch"], 1)
    assert (first["So với kế hoạch: nguồn gốc số liệu"], first["Công thức"]) == (
        "Dữ liệu giả lập",
        "100 × Thực hiện ÷ Kế hoạch",
    )
    assert len(map_points_of(at)) == 34


def map_points_of(at) -> pd.DataFrame:
    """The map's data as Streamlit sends it to the browser (an Arrow table beside the spec)."""
    import pyarrow as pa

    (chart,) = at.get("vega_lite_chart")
    return pa.ipc.open_stream(chart.proto.datasets[0].data.data).read_all().to_pandas()


def test_a_link_opens_a_provinces_communes_for_an_indicator_and_year(national):
    at = open_page(
        "pages/places.py", {"place": "p01", "place_indicator": "merit_gifts", "place_year": "2020"}
    )
    assert not at.exception
    assert [at.selectbox(key=k).value for k in ("place", "place_indicator", "place_year")] == [
        "p01",
        "merit_gifts",
        "2020",
    ]
    ranked = table(at)
    sums = yearly(national, "merit_gifts", 2020)
    communes = [
        a
        for a in sums.index
        if a.startswith("c") and areas.catalogue().set_index("area_id").loc[a, "parent"] == "p01"
    ]
    assert sorted(ranked["Địa bàn"]) == sorted(areas.display_name(c) for c in communes)
    assert_behind_first(ranked)
    points = map_points_of(at)
    where = areas.catalogue().set_index("name_vi")
    assert [(r.lat, r.lon) for r in points.itertuples()] == [
        tuple(where.loc[n, ["lat", "lon"]]) for n in points["name"]
    ]


def test_a_link_with_values_the_data_does_not_have_falls_back(national):
    at = open_page("pages/places.py", {"place": "p99", "place_indicator": "=cmd", "place_year": "1999"})
    assert not at.exception
    assert at.selectbox(key="place").value == "all"
    assert url_notices(at)


@pytest.mark.parametrize("role", [None, "planner", "approver"])
def test_the_bundled_data_says_there_are_no_communes(isolated_app, role):
    at = open_page("pages/places.py", role=role)
    assert not at.exception
    assert [i.value for i in at.info][0].startswith("Dữ liệu đang dùng không có số liệu theo xã, phường")
    assert "python -m" not in at.info[0].value  # for staff, not for whoever runs the server
    assert ("trang Dữ liệu" in at.info[0].value) is (role == "approver")  # what an approver can do
    assert not at.get("vega_lite_chart")


def test_the_briefing_names_the_department_of_each_indicator(isolated_app, data_copy, monkeypatch):
    path = data_copy / "indicators.csv"
    catalogue = pd.read_csv(path, dtype=str, keep_default_na=False)
    owner = "Phòng **Lao động** <b>x</b>"
    catalogue["department"] = [owner if f == "labour" else "" for f in catalogue["field"]]
    catalogue.to_csv(path, index=False)
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    monkeypatch.setenv("CHITIEU_AGENCY", "Sở Y tế tỉnh X")
    at = open_page("pages/briefing.py", {"field": "labour"})
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert "Sở Y tế tỉnh X" in captions
    said = next(c for c in captions if c.startswith("Đơn vị phụ trách: "))
    assert "Lượt lao động được tạo việc làm mới: Phòng \\*\\*Lao động\\*\\*" in said
    at = open_page("pages/briefing.py", {"field": "merit"})
    assert not [c for c in (c.value for c in at.caption) if c.startswith("Đơn vị phụ trách")]
