"""The simulator's area choice (AppTest): national synthetic data gets sliders and a chance for
the chosen area, computed from that area's figures; `area=` links round-trip; old links keep
opening the bundled data's province."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

# The simulator page's own helpers: open it with URL parameters, read its metrics and share link.
from fixtures import metrics, open_sim, share_link

from lib import fmt
from lib.data import areas, queries, store, synth
from lib.i18n import LANGS, t
from lib.models import backtest, sim_setup, tracking

ROWS = 70_000  # 37 real communes: p01, p04 and p08 hold two communes each, the other provinces one


@pytest.fixture
def national(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "national"
    synth.generate(folder, rows=ROWS)
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(folder))
    return folder


def expected_2024(folder: Path, area: str) -> tuple[float, float]:
    """The 2024 jobs actual and target of an area, summed with pandas from the Parquet files
    (`all`: every commune; `p08`: its communes, by the catalogue's parents; a commune: itself)."""
    obs = pd.read_parquet(folder / "observations")
    obs = obs[(obs["indicator_id"] == sim_setup.JOBS_ID) & obs["period"].str.startswith("2024-")]
    if area != "all":
        parent = areas.catalogue().set_index("area_id")["parent"]
        obs = obs[(obs["area"] == area) | (obs["area"].map(parent) == area)]
    sums = obs.groupby("measure")["value"].sum()
    return float(sums["actual"]), float(sums["target"])


def year_result(at) -> str:
    """The line a year that is over gets instead of a chance (lib/report/sim_words.year_result)."""
    (line,) = [s.value for s in at.success if s.value.startswith("Năm 2024 đã có kết quả cả năm")]
    return line


@pytest.mark.parametrize("area", [None, "p08", "c01273"])
def test_national_data_gives_the_chosen_areas_result_for_a_year_that_is_over(isolated_app, national, area):
    params = {"lang": "vi"} | ({"area": area} if area else {})
    at = open_sim(**params)
    shown = area or "all"  # a link without `area=` opens the national total
    assert at.selectbox(key="sim_area").value == shown
    # The default variability is the tracker's estimate from this area's earlier years.
    u = tracking.uncertainty_for(store.open_dir(national).cursor(), sim_setup.JOBS_ID, 2024, shown)
    assert u.cv_method != "assumption"
    actual, target = expected_2024(national, shown)
    # Synthetic 2024 is reported for all 12 months: the year is over, so its result, no chance.
    result = year_result(at)
    assert fmt.number(actual, "vi", 0) in result and fmt.number(target, "vi") in result
    assert ("chưa đạt chỉ tiêu" in result) == (actual < target)
    assert "Khả năng đạt chỉ tiêu" not in metrics(at)
    assert any("chưa có chỉ tiêu giảm tỷ lệ hộ nghèo" in i.value for i in at.info)  # no poverty target
    # The target is labelled with its own provenance: synthetic here, never "reported".
    (header,) = [h.value for h in at.subheader if h.value.startswith("Lượt lao động")]
    assert header == (
        "Lượt lao động được tạo việc làm mới năm 2024: "
        f"chỉ tiêu {fmt.number(target, 'vi')} người (dữ liệu giả lập)"
    )


def test_choosing_an_area_changes_the_numbers_and_the_url(isolated_app, national):
    at = open_sim(lang="vi")
    before = year_result(at)
    at.selectbox(key="sim_area").set_value("p08").run()
    assert not at.exception
    actual, _ = expected_2024(national, "p08")
    assert fmt.number(actual, "vi", 0) in year_result(at) != before
    assert at.query_params["area"] == "p08"
    at.selectbox(key="sim_area").set_value("all").run()
    assert "area" not in at.query_params  # the default area leaves the URL clean


@pytest.mark.parametrize("area", ["p08", "c01273"])
def test_share_link_with_area_reopens_the_same_result(isolated_app, national, area):
    at = open_sim(lang="vi", area=area)
    link = share_link(at)
    assert link["area"] == area
    fresh = open_sim(**link)
    assert fresh.selectbox(key="sim_area").value == area
    assert year_result(fresh) == year_result(at)


def test_share_link_of_the_default_area_has_no_area_and_reopens_it(isolated_app, national):
    at = open_sim(lang="vi")
    link = share_link(at)
    assert "area" not in link
    assert open_sim(**link).selectbox(key="sim_area").value == "all"


@pytest.mark.parametrize("url_area", [None, "p08", "nowhere"])
def test_bundled_data_links_open_the_province(isolated_app, url_area):
    at = open_sim(lang="vi", **({"area": url_area} if url_area else {}))
    box = at.selectbox(key="sim_area")
    assert (box.value, box.options) == ("province", ["Toàn tỉnh"])  # an unknown area is ignored
    assert metrics(at)["Khả năng đạt chỉ tiêu"] == "90,5%"
    assert "Lượt lao động được tạo việc làm mới năm 2024: chỉ tiêu 22.550 người (số báo cáo)" in [
        h.value for h in at.subheader
    ]
    assert "area" not in share_link(at)


@pytest.mark.parametrize(
    "areas, expected",
    [
        (["province", "all", "p01"], "province"),
        (["all", "p01", "c00004"], "all"),
        (["p04", "c01273"], "p04"),
        ([], None),
    ],
)
def test_default_area(areas, expected):
    assert sim_setup.default_area(areas) == expected


def test_monthly_actuals_of_a_province_add_up_its_communes(national):
    con = store.open_dir(national).cursor()
    got = queries.monthly_actuals(con, sim_setup.JOBS_ID, 2024, "p08")
    obs = pd.read_parquet(national / "observations")
    obs = obs[
        (obs["indicator_id"] == sim_setup.JOBS_ID)
        & (obs["area"].map(areas.catalogue().set_index("area_id")["parent"]) == "p08")
        & (obs["measure"] == "actual")
        & obs["period"].str.startswith("2024-")
    ]
    expected = obs.groupby(obs["period"].str[5:].astype(int))["value"].sum()
    assert obs["area"].nunique() == 2
    assert got["month"].tolist() == list(range(1, 13))
    assert got["value"].tolist() == pytest.approx(expected.tolist())
    assert set(got["provenance"]) == {"synthetic"}
    assert queries.sim_areas(con, sim_setup.JOBS_ID)[:3] == ["all", "p01", "p04"]


def backtest_lines(at) -> list[str]:
    """What the backtest expander says: its caption (naming the area) and its count of cases."""
    (expander,) = [e for e in at.expander if e.label in {t("track_page.bt_header", lang) for lang in LANGS}]
    return [c.value for c in expander.caption] + [m.value for m in expander.markdown]


def backtest_cases(folder: Path, area: str) -> int:
    return backtest.run(store.open_dir(folder).cursor(), areas=[area]).cases


def test_the_backtest_drawn_once_is_each_views_own_and_follows_the_data(isolated_app, monkeypatch, tmp_path):
    """The backtest section is drawn once per data, area and language and replayed for every
    later visitor (`ui.drawn_once`): two visitors of two views each see their own area's count;
    a visitor of the same view sees the same words; another data folder gets its own count."""
    first, second = tmp_path / "a", tmp_path / "b"
    synth.generate(first, rows=6000)
    shutil.copytree(first, second)  # the same figures without the first year
    shutil.rmtree(second / "observations" / f"year={synth.FIRST_YEAR}")
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(first))
    views = [("vi", "p01"), ("vi", "all"), ("en", "all"), ("vi", "p01")]
    seen = []
    for lang, area in views:
        at = open_sim(lang=lang, area=area)
        lines = backtest_lines(at)
        assert any(areas.display_name(area, lang) in line for line in lines), lines
        assert any(fmt.number(backtest_cases(first, area), lang, 0) in line for line in lines), lines
        seen.append(lines)
    assert seen[0] == seen[3] and len({tuple(lines) for lines in seen}) == 3
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(second))  # other figures: not the cached section
    lines = backtest_lines(open_sim(lang="vi", area="p01"))
    assert backtest_cases(second, "p01") != backtest_cases(first, "p01")
    assert any(fmt.number(backtest_cases(second, "p01"), "vi", 0) in line for line in lines), lines
