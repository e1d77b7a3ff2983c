"""Review 3, defect 9: one year-end expectation under one label. The Overview's tracker and the
Simulate page's default (no slider moved) write the same expected level and the same 80% range,
from one computation (`simulate.jobs_quantiles` on `tracking.model_inputs(track)`); and a tracker
baseline before any month is reported (last year's actual under another name) is not offered."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from lib import fmt
from lib.data import store, synth
from lib.i18n import t
from lib.models import sim_setup, simulate, tracking
from lib.report import sim_words, tracking_words


def page_default(setup: sim_setup.Setup) -> sim_setup.Assumptions:
    """The assumptions the Simulate page runs before any slider is moved (pages/simulate.py)."""
    return sim_setup.Assumptions(
        baseline=sim_setup.default_baseline(setup),
        cv_pct=sim_setup.default_cv(setup),
        indicator=setup.indicator_id,
    )


def overview_range(track: tracking.Track, lang: str) -> tuple[str, str, str]:
    """(expected, low, high) as the Overview's tracker line writes them, units stripped."""
    line = tracking_words._expected(track, lang)
    number = r"([\d.,]+)"
    found = re.search(rf"{number}[^\d(]*\({'[^:]*'}: {number}[^\d–]*– {number}", line)
    assert found, line
    return found.groups()


def simulate_range(setup: sim_setup.Setup, lang: str) -> tuple[str, str, str]:
    """(expected, low, high) as the Simulate page's metrics write them by default."""
    result = simulate.simulate_jobs(sim_setup.jobs_inputs(setup, page_default(setup)))
    shown = dict(sim_words.jobs_metrics(result, lang))
    low, high = shown[t("simulate.interval", lang)].split(" – ")
    return shown[t("simulate.median", lang)], low, high


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_bundled_overview_and_simulate_default_write_one_range(con, lang):
    setup = sim_setup.load_setup(con)
    track = tracking.track_of(con, sim_setup.JOBS_ID, setup.year, "province")
    assert overview_range(track, lang) == simulate_range(setup, lang)
    assert (
        simulate_range(setup, lang)
        == {
            "vi": ("25.953", "22.632", "29.281"),
            "en": ("25,953", "22,632", "29,281"),
        }[lang]
    )
    # The same chance too (it always was: the tracker's chance is the simulator's draws).
    result = simulate.simulate_jobs(sim_setup.jobs_inputs(setup, page_default(setup)))
    assert result.probability_pct == track.chance_pct


def test_bundled_offers_no_tracker_baseline_before_any_month(con):
    setup = sim_setup.load_setup(con)
    assert setup.track is not None and setup.track.actual_months == ()
    assert "tracker" not in setup.baselines  # it would be 2023's actual again, labelled "tính toán"
    assert sim_setup.default_baseline(setup) == "last_actual"
    for lang in ("vi", "en"):
        options = [sim_words.baseline_option(k, b, lang) for k, b in setup.baselines.items()]
        assert not any(o.startswith(("Theo tiến độ", "At the pace")) for o in options), options
        # Each choice names its own year and what it is: the reported actual says "số báo cáo".
        last = sim_words.baseline_option("last_actual", setup.baselines["last_actual"], lang)
        assert last == {
            "vi": "Thực hiện năm 2023: 25.953 (số báo cáo)",
            "en": t("simulate.baseline_last_actual", "en", year=2023, value="25,953",
                    provenance=sim_words.provenance("reported", "en")),
        }[lang]  # fmt: skip
    # A link or a saved scenario naming `tracker` runs the last actual, said as such.
    a = sim_setup.Assumptions(baseline="tracker")
    assert sim_setup.baseline_kind(setup, a) == "last_actual"


def _cut(folder: Path, year: int, through: int) -> None:
    """Keep only the actual months up to `through` of `year` in a synthetic folder (a year in
    progress; its targets stay)."""
    obs = pd.read_parquet(folder / "observations")
    month = pd.to_numeric(obs["period"].str.slice(5, 7), errors="coerce")
    drop = obs["period"].str.startswith(f"{year}-") & (month > through) & (obs["measure"] == "actual")
    obs = obs[~drop].copy()
    obs["year"] = obs["year"].astype(int)
    for part in (folder / "observations").iterdir():
        for f in part.iterdir():
            f.unlink()
        part.rmdir()
    obs.to_parquet(folder / "observations", partition_cols=["year"], index=False)


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("syn") / "national"
    synth.generate(folder, rows=20_000)
    return folder


@pytest.mark.parametrize("area", ["all", "p08"])
def test_synthetic_year_in_progress_overview_and_simulate_default_write_one_range(synthetic, tmp_path, area):
    import shutil

    folder = tmp_path / "cut"
    shutil.copytree(synthetic, folder)
    _cut(folder, 2024, 5)
    con = store.open_dir(folder).cursor()
    setup = sim_setup.load_setup(con, area)
    track = tracking.track_of(con, sim_setup.JOBS_ID, setup.year, area)
    assert [m for m, _ in track.actual_months] == [1, 2, 3, 4, 5] and not track.final
    assert "tracker" in setup.baselines and sim_setup.default_baseline(setup) == "tracker"
    for lang in ("vi", "en"):
        assert overview_range(track, lang) == simulate_range(setup, lang)
    result = simulate.simulate_jobs(sim_setup.jobs_inputs(setup, page_default(setup)))
    assert result.probability_pct == track.chance_pct
    # Moving a slider still moves the Simulate page alone, from the runs.
    moved = simulate.simulate_jobs(sim_setup.jobs_inputs(setup, replace(page_default(setup), growth_pct=5.0)))
    assert moved.low > result.low and moved.high > result.high
    assert fmt.number(moved.low, "vi", 0) != fmt.number(track.low, "vi", 0)


def test_synthetic_before_any_month_the_tracker_choice_says_what_it_is(synthetic, tmp_path):
    """No month of 2024 yet: the tracker's level is 2023's actual carried on by the mean yearly
    change (synthetic data has many years); the choice says exactly that, and the page's default
    is still the overview's range."""
    import shutil

    folder = tmp_path / "none"
    shutil.copytree(synthetic, folder)
    _cut(folder, 2024, 0)
    con = store.open_dir(folder).cursor()
    setup = sim_setup.load_setup(con, "all")
    track = setup.track
    assert track.actual_months == () and track.basis == "last_actual"
    growth = track.uncertainty.growth_pct
    assert growth != 0
    base = setup.baselines["tracker"]
    assert base["value"] == pytest.approx(setup.baselines["last_actual"]["value"] * (1 + growth / 100))
    sign = "+" if growth > 0 else "−"
    for lang, words in (("vi", "Thực hiện năm trước theo mức thay đổi bình quân hằng năm"),
                        ("en", "Last year's actual with the mean yearly change")):  # fmt: skip
        option = sim_words.baseline_option("tracker", base, lang)
        value = sim_words.baseline_value(base, lang)
        derived = sim_words.provenance("derived", lang)
        assert option == f"{words} ({sign}{fmt.percent(abs(growth), lang)}): {value} ({derived})"
        assert "tiến độ năm" not in option and "pace" not in option
        assert overview_range(track, lang) == simulate_range(setup, lang)


def test_the_quantiles_are_the_runs_own():
    inp = simulate.JobsInputs(baseline=1234.5, target=1500, cv_pct=13.7, actual_months=((1, 80.0),))
    totals = simulate.jobs_totals(inp)
    assert simulate.jobs_quantiles(inp, (0.1, 0.5, 0.9)) == simulate._quantiles(totals, (0.1, 0.5, 0.9))
