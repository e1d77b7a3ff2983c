"""The tracker: statuses at their thresholds both ways, pace, chance, uncertainty from history."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lib import settings
from lib.data import areas, queries, store, synth
from lib.models import sim_setup, simulate, tracking

NAN = float("nan")


def phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def base(target: float, direction: str = "up", bound: str = "exact") -> tracking.Track:
    return tracking.Track("x", "a", 2030, "people", direction, target, bound, "reported")


def six_months(value: float = 95.0) -> np.ndarray:
    """Months 1-6 reported at `value` each, 7-12 not yet."""
    return np.r_[np.full(6, value), np.full(6, NAN)]


NO_HISTORY = np.empty((0, 12))


def track(target, direction="up", bound="exact", months=None, **kw) -> tracking.Track:
    return tracking.track_values(
        base(target, direction, bound), six_months() if months is None else months, NO_HISTORY, [], **kw
    )


# ---------------------------------------------------------------- statuses at the thresholds

# 570 reported in six months, flat profile, no history: the rest is expected at 570 too.
# `up`: R = 570 / (target - 570); `down`: R = (target - 570) / 570.


@pytest.mark.parametrize(
    "target, ratio, status",
    [
        (569, None, "achieved"),
        (570, None, "achieved"),  # exactly the target by June is reached (>=)
        (1170, 0.95, "on_track"),  # R exactly 95%
        (1171, 570 / 601, "needs_acceleration"),  # just below 95%
        (1520, 0.60, "needs_acceleration"),  # R exactly 60%
        (1521, 570 / 951, "off_track"),  # just below 60%
    ],
)
def test_up_status_at_its_thresholds(target, ratio, status):
    got = track(target)
    assert got.status == status
    assert got.pace_ratio == (None if ratio is None else pytest.approx(ratio))


def test_up_reached_by_june_is_achieved_but_more_than_needs_more():
    assert track(570, months=six_months(95.0)).status == "achieved"  # 570 >= 570
    strict = track(570, bound="more_than")
    assert strict.status == "on_track"  # not yet "more than"; the rest will make it
    assert strict.chance_pct == pytest.approx(100 * phi(1 / 0.10))


@pytest.mark.parametrize(
    "target, ratio, status",
    [
        (570 + 570 * 0.95, 0.95, "on_track"),  # room left exactly 95% of the expected pace
        (570 + 570 * 0.95 - 0.1, (570 * 0.95 - 0.1) / 570, "needs_acceleration"),
        (570 + 570 * 0.60, 0.60, "needs_acceleration"),  # exactly 60%
        (570 + 570 * 0.60 - 0.1, (570 * 0.60 - 0.1) / 570, "off_track"),
        (2000, 1430 / 570, "on_track"),  # plenty of room
        (500, -70 / 570, "off_track"),  # already over the ceiling by June
    ],
)
def test_down_status_is_judged_the_other_way_round(target, ratio, status):
    got = track(target, direction="down")
    assert got.status == status
    assert got.pace_ratio == pytest.approx(ratio)


def test_down_year_within_the_ceiling_is_achieved_only_when_complete():
    full = np.full(12, 95.0)  # 1.140 in the year
    assert tracking.track_values(base(1140, "down"), full, NO_HISTORY, []).status == "achieved"
    assert tracking.track_values(base(1139, "down"), full, NO_HISTORY, []).status == "off_track"
    assert track(1140, direction="down").status == "on_track"  # June: not yet a result


def test_a_complete_year_short_of_the_target_is_off_track_and_final():
    got = tracking.track_values(base(1200), np.full(12, 95.0), NO_HISTORY, [])
    assert (got.status, got.final, got.chance_pct, got.expected) == ("off_track", True, 0.0, 1140)


# ---------------------------------------------------------------- pace, expected year end, chance


def test_pace_needed_against_the_pace_so_far():
    got = track(1170)
    assert got.actual_to_date == 570
    assert got.pace_so_far == pytest.approx(95)  # 570 / 6
    assert got.pace_needed == pytest.approx(100)  # (1.170 - 570) / 6
    assert got.pace_expected == pytest.approx(95)  # the same pace carried on (flat season)
    assert got.expected == pytest.approx(1140)
    assert [m for m, _ in got.actual_months] == [1, 2, 3, 4, 5, 6]


def within_sampling_error(chance_pct: float, exact: float) -> bool:
    se = math.sqrt(max(exact * (1 - exact), 1e-4) / simulate.DRAWS)
    return abs(chance_pct / 100 - exact) <= 4 * se


def test_chance_is_the_simulators_draws_on_the_models_closed_form():
    got = track(1170)
    assert got.chance_pct == simulate.additive_probability(tracking.model_inputs(got))  # one number
    k = (1170 - 570) / 570
    assert within_sampling_error(got.chance_pct, phi((1 - k) / 0.10))
    # The 80% interval is the runs' own 10th and 90th percentiles (the Simulate page's figures),
    # within the draws' sampling error of the closed form (a quantile's: ~0,3 here).
    runs = simulate.simulate_jobs(tracking.model_inputs(got))
    assert (got.low, got.high) == (runs.low, runs.high)
    assert got.low == pytest.approx(570 + 570 * (1 - 1.2815515655446004 * 0.10), abs=1.5)
    assert got.high == pytest.approx(570 + 570 * (1 + 1.2815515655446004 * 0.10), abs=1.5)


def test_down_chance_is_the_mirror():
    got = track(1100, direction="down", cv_pct=20.0)
    assert got.chance_pct == simulate.additive_probability(tracking.model_inputs(got))
    assert within_sampling_error(got.chance_pct, phi(((1100 - 570) / 570 - 1) / 0.20))
    assert got.cv_pct == 20.0  # a user's CV replaces the estimate


def test_the_season_moves_the_expected_rest():
    # Earlier years put 1/3 of the year in the first half: 570 by June means 1.710 in the year.
    past = np.tile(np.r_[np.full(6, 10.0), np.full(6, 20.0)], (3, 1))
    got = tracking.track_values(base(1600), six_months(), past, [], history_years=[2027, 2028, 2029])
    assert got.expected == pytest.approx(1710)
    assert got.uncertainty.profile_method == "monthly_history"
    assert got.uncertainty.profile_years == 3
    assert got.status == "on_track"  # 1.140 expected against 1.030 needed


# ---------------------------------------------------------------- uncertainty


def test_no_history_is_labelled_an_assumption():
    u = tracking.estimate_uncertainty(NO_HISTORY, [], np.arange(12) < 6)
    assert (u.cv_pct, u.cv_method, u.cv_years) == (tracking.DEFAULT_CV_PCT, "assumption", 0)
    assert (u.profile_method, u.profile_years, u.profile) == ("assumption", 0, (1 / 12,) * 12)
    assert "giả định" in tracking.uncertainty_text(u, "vi")
    assert "assumption" in tracking.uncertainty_text(u, "en")


def test_cv_from_yearly_actuals_states_its_years():
    # Changes +10%, -10%, +10%: root mean square 10%, widened by sqrt(4 / 2) for three changes.
    yearly = [(2026, 100.0), (2027, 110.0), (2028, 99.0), (2029, 108.9)]
    u = tracking.estimate_uncertainty(NO_HISTORY, yearly, None)
    assert (u.cv_method, u.cv_years) == ("yearly_history", 4)
    assert u.cv_pct == pytest.approx(10 * math.sqrt(2))
    assert u.growth_pct == pytest.approx(10 / 3)
    assert "4" in tracking.uncertainty_text(u, "en")


def test_two_yearly_actuals_are_not_enough():
    u = tracking.estimate_uncertainty(NO_HISTORY, [(2028, 100.0), (2029, 120.0)], None)
    assert u.cv_method == "assumption"


def test_cv_from_monthly_history_recovers_a_known_variation():
    # 40 earlier years: the first half always 100 a month, the second half's total varies
    # with a CV of 10%. Predicting the second half from the first should find about 10%.
    rng = np.random.default_rng(7)
    n = 40
    second = 600 * (1 + 0.10 * rng.standard_normal(n))
    history = np.c_[np.full((n, 6), 100.0), np.repeat(second[:, None] / 6, 6, axis=1)]
    u = tracking.estimate_uncertainty(history, [], np.arange(12) < 6, list(range(1990, 1990 + n)))
    assert (u.cv_method, u.cv_years) == ("monthly_history", n)
    assert u.cv_pct == pytest.approx(10, abs=2.0)


def test_estimated_cv_never_claims_certainty():
    history = np.tile(np.full(12, 50.0), (4, 1))  # four identical years
    u = tracking.estimate_uncertainty(history, [], np.arange(12) < 3, [2026, 2027, 2028, 2029])
    assert u.cv_pct == tracking.MIN_ESTIMATED_CV_PCT


# ---------------------------------------------------------------- words and ranking


@pytest.mark.parametrize("lang, on, acc", [("vi", "95%", "60%"), ("en", "95%", "60%")])
def test_rule_text_states_the_declared_thresholds(lang, on, acc):
    up, down = tracking.status_rule("up", lang), tracking.status_rule("down", lang)
    assert on in up and acc in up and on in down and acc in down
    assert up != down


def test_status_labels():
    assert [tracking.status_label(s, "vi") for s in tracking.STATUSES] == [
        "Đã đạt", "Đúng tiến độ", "Cần tăng tốc", "Chậm",
    ]  # fmt: skip
    assert [tracking.status_label(s, "en") for s in tracking.STATUSES] == [
        "Achieved", "On track", "Needs acceleration", "Off track",
    ]  # fmt: skip


def test_rank_puts_the_worst_and_least_likely_first():
    tracks = [track(500), track(1521), track(1170), track(1171), track(1600)]
    assert [(t.status, t.target) for t in tracking.rank(tracks)] == [
        ("off_track", 1600), ("off_track", 1521), ("needs_acceleration", 1171),
        ("on_track", 1170), ("achieved", 500),
    ]  # fmt: skip


def test_no_indicator_is_named_in_the_code():
    ids = pd.read_csv(settings.BUNDLED_DATA_DIR / "indicators.csv")["indicator_id"]
    for module in ("tracking.py", "backtest.py"):
        text = (Path(tracking.__file__).parent / module).read_text(encoding="utf-8")
        assert [i for i in ids if i in text] == []


# ---------------------------------------------------------------- from the store


def test_bundled_2024_targets_have_no_months_yet(con):
    got = {t.indicator_id: t for t in tracking.track_year(con, 2024, "province")}
    jobs = got["jobs_created"]
    # No month reported: no status; the chance is the simulator's default (2023 as baseline).
    assert (jobs.status, jobs.reason, jobs.basis) == (None, "no_monthly", "last_actual")
    assert jobs.chance_pct == sim_setup.default_jobs_result(con).probability_pct == 90.527
    assert within_sampling_error(jobs.chance_pct, phi((1 - 22550 / 25953) / 0.10))
    assert jobs.uncertainty.cv_method == "assumption"
    pov = got["poverty_rate_fall"]
    assert (pov.status, pov.chance_pct, pov.reason) == (None, None, "not_additive")


def test_bundled_2023_is_a_result(con):
    got = {t.indicator_id: t for t in tracking.track_year(con, 2023, "province")}
    assert got["jobs_created"].status == "achieved" and got["jobs_created"].final
    assert got["poverty_rate_fall"].status == "achieved"  # 4,87 points against a plan of 3,53


def test_the_simulator_runs_on_another_indicator_and_matches_a_hand_computed_chance(data_copy):
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write("vocational_enrolment,province,2024,target,14000,exact,reported,,\n")
    con = store.open_dir(data_copy).cursor()
    assert sim_setup.areas(con, "vocational_enrolment") == ["province"]
    result = sim_setup.additive_result(con, "vocational_enrolment", "province")
    exact = phi((1 - 14000 / 13575) / 0.10)  # P(13.575 * S >= 14.000), CV 10%
    se = math.sqrt(exact * (1 - exact) / simulate.DRAWS)
    assert abs(result.probability_pct / 100 - exact) <= 4 * se
    track = {t.indicator_id: t for t in tracking.track_year(con, 2024, "province")}["vocational_enrolment"]
    assert track.chance_pct == result.probability_pct  # the same inputs, the same number


@pytest.fixture(scope="module")
def national(tmp_path_factory) -> store.Store:
    folder = tmp_path_factory.mktemp("national") / "synth"
    synth.generate(folder, rows=6000)
    return store.open_dir(folder)


# The country, a province (Tuyên Quang, the third in code order) and its one commune in this small
# dataset (Phường Hà Giang 2, `synth.commune_ids(34)[2]`): ids from the area catalogue.
@pytest.mark.parametrize("area", ["all", "p08", "c00691"])
def test_synthetic_year_tracked_to_june_in_any_area(national, area):
    assert (
        synth.commune_ids(34)[2] == "c00691"
        and areas.catalogue().set_index("area_id").loc["c00691", "parent"] == "p08"
    )
    con = national.cursor()
    tracks = tracking.track_year(con, 2024, area, through_month=6)
    assert len(tracks) == len(synth.MONTHLY_MEAN)
    frame = tracking.to_frame(tracks)
    assert set(frame["status"]) <= set(tracking.STATUSES)
    assert (frame["months"] == 6).all()
    # Rare events (a family's home: mostly zero months) may have no usable history; counts do.
    assert set(frame["cv_method"]) <= set(tracking.CV_METHODS)
    # The expected year end adds the simulated rest to the months reported.
    assert (frame["expected"] >= frame["actual_to_date"]).all()
    jobs = next(t for t in tracks if t.indicator_id == "jobs_created")
    months = queries.monthly_actuals(con, "jobs_created", 2024, area)  # the simulator's own sums
    jan_jun = months[months["month"] <= 6]["value"].sum()
    assert jobs.actual_to_date == pytest.approx(jan_jun)
    assert (jobs.uncertainty.cv_method, jobs.uncertainty.cv_years, jobs.uncertainty.profile_years) == (
        "monthly_history",
        8,
        9,
    )  # fmt: skip: nine earlier years for the season, eight of them with a year before to weigh


def test_a_month_missing_in_between_is_simulated_not_counted():
    months = np.r_[95.0, 95.0, NAN, 95.0, np.full(8, NAN)]
    got = tracking.track_values(base(1200), months, NO_HISTORY, [], through_month=12)
    assert [m for m, _ in got.actual_months] == [1, 2, 4]
    assert got.actual_to_date == 285 and got.pace_so_far == pytest.approx(95)
    assert got.expected == pytest.approx(1140)  # 285 / (3/12), the March gap simulated
    cut = tracking.track_values(base(1200), months, NO_HISTORY, [], through_month=2)
    assert [m for m, _ in cut.actual_months] == [1, 2]  # what was known at the end of February


def test_uncertainty_for_states_what_the_page_shows(national):
    con = national.cursor()
    u = tracking.uncertainty_for(con, "jobs_created", 2024, "p08", through_month=6)
    assert (u.cv_method, u.cv_years) == ("monthly_history", 8)
    assert "8" in tracking.uncertainty_text(u, "vi") and "năm" in tracking.uncertainty_text(u, "vi")
    assert tracking.uncertainty_for(con, "jobs_created", 1990, "p08") is None
