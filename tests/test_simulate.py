"""The simulator's models against closed forms, goal-seek fed back, strict "trên", in-year actuals."""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.models import sim_setup, tracking
from lib.models import simulate as sim
from lib.report import sim_words


def phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def within_sampling_error(p_sim_pct: float, p_exact: float, draws: int = sim.DRAWS) -> bool:
    """4 standard errors of a proportion (plus a floor for probabilities near 0 or 1)."""
    se = math.sqrt(max(p_exact * (1 - p_exact), 1e-4) / draws)
    return abs(p_sim_pct / 100 - p_exact) <= 4 * se


def jobs(**kw) -> sim.JobsInputs:
    return sim.JobsInputs(**{"baseline": 25953, "target": 22550, **kw})


def poverty(**kw) -> sim.PovertyInputs:
    base = dict(rate_pct=8.0, households=300_000, exit_pct=45.0, entry_pct=0.3, target_pp=3.0)
    return sim.PovertyInputs(**{**base, **kw})


# ---------------------------------------------------------------- zero uncertainty


@pytest.mark.parametrize(
    "baseline, growth, bound, expected",
    [
        (25953, 0.0, "exact", 100.0),  # above the target
        (22182, 0.0, "exact", 0.0),  # the derived 2023 plan is below 22.550
        (22550, 0.0, "exact", 100.0),  # exactly the target reaches it ...
        (22550, 0.0, "more_than", 0.0),  # ... but is not "more than" it
        (25953, -13.2, "exact", 0.0),  # 25.953 * 0,868 = 22.527 < 22.550
        (25953, -13.1, "exact", 100.0),  # 25.953 * 0,869 = 22.553
    ],
)
def test_zero_uncertainty_gives_certainty_on_the_right_side(baseline, growth, bound, expected):
    r = sim.simulate_jobs(jobs(baseline=baseline, growth_pct=growth, cv_pct=0.0, target_bound=bound))
    assert r.probability_pct == expected
    assert r.low == r.median == r.high == pytest.approx(baseline * (1 + growth / 100))


@pytest.mark.parametrize(
    "rate, exit_pct, entry, bound, expected",
    [
        (10.0, 30.0, 0.0, "more_than", 0.0),  # a fall of exactly 3 is not "trên 3"
        (10.0, 30.0, 0.0, "exact", 100.0),
        (10.0, 30.1, 0.0, "more_than", 100.0),
        (8.0, 45.0, 0.3, "more_than", 100.0),  # 3,6 - 0,276 = 3,324
        (8.0, 40.0, 0.5, "more_than", 0.0),  # 3,2 - 0,46 = 2,74
    ],
)
def test_poverty_more_than_is_strict(rate, exit_pct, entry, bound, expected):
    r = sim.simulate_poverty(
        poverty(rate_pct=rate, exit_pct=exit_pct, entry_pct=entry, cv_pct=0.0, target_bound=bound)
    )
    assert r.probability_pct == expected
    assert r.median == pytest.approx(rate * exit_pct / 100 - (100 - rate) * entry / 100)


# ---------------------------------------------------------------- closed forms


@pytest.mark.parametrize(
    "growth, cv", [(0.0, 10.0), (-10.0, 8.0), (-13.1, 15.0), (-5.0, 5.0), (3.0, 20.0), (-20.0, 12.0)]
)
def test_jobs_probability_matches_the_normal_closed_form(growth, cv):
    """T = B (1 + g) S, S ~ N(1, CV^2): P(T >= K) = Phi((B (1 + g) - K) / (CV B (1 + g)))."""
    inp = jobs(growth_pct=growth, cv_pct=cv)
    mu = inp.baseline * (1 + growth / 100)
    exact = phi((mu - inp.target) / (cv / 100 * mu))
    assert within_sampling_error(sim.jobs_probability(inp), exact)


@pytest.mark.parametrize(
    "rate, exit_pct, entry, cv",
    [(8.0, 45.0, 0.3, 10.0), (10.0, 35.0, 0.2, 5.0), (6.0, 55.0, 0.4, 15.0), (12.0, 30.0, 0.6, 8.0)],
)
def test_poverty_probability_matches_the_normal_approximation(rate, exit_pct, entry, cv):
    """fall = a S1 - b S2, a = r e, b = (100 - r) f: mean a - b, sd CV sqrt(a^2 + b^2)."""
    a, b = rate * exit_pct / 100, (100 - rate) * entry / 100
    mean, sd = a - b, cv / 100 * math.hypot(a, b)
    exact = 1 - phi((3.0 - mean) / sd)
    r = sim.simulate_poverty(poverty(rate_pct=rate, exit_pct=exit_pct, entry_pct=entry, cv_pct=cv))
    assert within_sampling_error(r.probability_pct, exact)
    assert r.median == pytest.approx(mean, abs=4 * sd / math.sqrt(sim.DRAWS) * 1.26)


def test_jobs_interval_is_the_normal_interval():
    r = sim.simulate_jobs(jobs(cv_pct=10.0))
    sd = 0.10 * 25953
    assert r.low == pytest.approx(25953 - 1.2816 * sd, rel=0.003)
    assert r.high == pytest.approx(25953 + 1.2816 * sd, rel=0.003)
    assert r.gap == pytest.approx(r.median - 22550)


# ---------------------------------------------------------------- goal-seek


@pytest.mark.parametrize("level", sim.LEVELS)
@pytest.mark.parametrize(
    "kw",
    [
        {},
        {"cv_pct": 20.0},
        {"baseline": 22182.05},
        {"cv_pct": 3.0, "target_bound": "more_than"},
        {"actual_months": ((1, 1800.0), (2, 1900.0), (3, 2100.0))},
    ],
)
def test_goal_seek_fed_back_gives_the_asked_probability(level, kw):
    inp = jobs(**kw)
    g = sim.needed_growth(inp, level)
    assert g is not None and round(g * 10) == pytest.approx(g * 10)  # on the 0,1-point grid
    assert sim.jobs_probability(replace(inp, growth_pct=g)) >= level
    assert sim.jobs_probability(replace(inp, growth_pct=round(g - 0.1, 1))) < level


def test_goal_seek_matches_the_closed_form():
    """P(T >= K) = p  <=>  1 + g = K / (B (1 + CV z_p)), z_p the (1 - p) normal quantile."""
    inp = jobs(cv_pct=10.0)
    z10 = -1.2816  # P(Z >= z10) = 90%
    expected = 100 * (22550 / (25953 * (1 + 0.10 * z10)) - 1)
    assert sim.needed_growth(inp, 90) == pytest.approx(expected, abs=0.25)
    assert sim.needed_growth(replace(inp, cv_pct=0.0), 50) == -13.1


@pytest.mark.parametrize(
    "monthly, expected",
    [
        (2000.0, -100.0),  # 24.000 reported: reached whatever the growth
        (1000.0, None),  # 12.000 reported and no month left: no growth can reach it
    ],
)
def test_goal_seek_when_every_month_is_reported(monthly, expected):
    months = tuple((m, monthly) for m in range(1, 13))
    assert sim.needed_growth(jobs(actual_months=months), 80) == expected


# ---------------------------------------------------------------- in-year actuals


def test_reported_months_are_not_simulated():
    months = ((1, 2100.0), (2, 1900.0), (3, 2300.0))
    inp = jobs(actual_months=months, cv_pct=15.0, growth_pct=2.0)
    r = sim.simulate_jobs(inp)
    simulated = r.totals - 6300.0
    assert r.actual_to_date == 6300.0 and r.reported_months == (1, 2, 3)
    # The simulated rest is 9 flat months of the baseline year: mean B (1 + g) 9/12, CV 15%.
    assert simulated.mean() == pytest.approx(25953 * 1.02 * 0.75, rel=0.003)
    assert simulated.std() / simulated.mean() == pytest.approx(0.15, rel=0.02)
    path = sim.jobs_path(inp)
    assert path.loc[:2, "median"].tolist() == [2100.0, 4000.0, 6300.0]
    assert path.loc[:2, "low"].tolist() == path.loc[:2, "high"].tolist()


@pytest.mark.parametrize("cv, growth", [(0.0, 0.0), (25.0, 30.0), (40.0, -50.0)])
def test_a_fully_reported_year_is_its_actuals(cv, growth):
    months = tuple((m, 2000.0) for m in range(1, 13))
    r = sim.simulate_jobs(jobs(actual_months=months, cv_pct=cv, growth_pct=growth))
    assert (r.low, r.median, r.high, r.probability_pct) == (24000.0, 24000.0, 24000.0, 100.0)


def test_profile_weights_the_months_not_yet_reported():
    profile = (2.0,) * 6 + (1.0,) * 6  # first half of the year twice as busy
    r = sim.simulate_jobs(
        jobs(profile=profile, cv_pct=0.0, actual_months=tuple((m, 0.0) for m in range(1, 7)))
    )
    assert r.median == pytest.approx(25953 / 3)


# ---------------------------------------------------------------- determinism, sensitivity


def test_same_inputs_same_numbers_and_seed_matters():
    a, b = sim.simulate_jobs(jobs()), sim.simulate_jobs(jobs())
    assert (a.median, a.low, a.high, a.probability_pct) == (b.median, b.low, b.high, b.probability_pct)
    c = sim.simulate_jobs(jobs(seed=7))
    assert c.probability_pct != a.probability_pct
    # NumPy's PCG64 stream is the same on every platform: the default page numbers are pinned.
    assert a.probability_pct == pytest.approx(90.527)
    assert sim.simulate_poverty(poverty()).probability_pct == pytest.approx(81.704)


def test_sensitivity_moves_each_assumption_one_step_with_the_right_sign():
    s = sim.sensitivity(jobs()).set_index("assumption")
    assert set(s.index) == set(sim.JOBS_STEPS)
    assert s.loc["growth_pct", "high_pct"] > s.loc["growth_pct", "low_pct"]
    assert s.loc["cv_pct", "high_pct"] < s.loc["cv_pct", "low_pct"]  # above 50%, more noise hurts
    p = sim.sensitivity(poverty()).set_index("assumption")
    assert p.loc["exit_pct", "high_pct"] > p.loc["exit_pct", "low_pct"]
    assert p.loc["entry_pct", "high_pct"] < p.loc["entry_pct", "low_pct"]
    assert p["swing_pct"].is_monotonic_decreasing


# ---------------------------------------------------------------- poverty counts, profiles


@pytest.mark.parametrize(
    "households, rate, entry, bound, expected",
    [
        (1000, 10.0, 0.0, "more_than", 31),  # 100 * 31 / 1000 = 3,1 > 3; 30 gives exactly 3
        (1000, 10.0, 0.0, "exact", 30),
        (300_000, 8.0, 0.3, "more_than", 9829),  # 9.000 + 828 inflow, plus one for "trên"
        (1000, 2.0, 0.0, "more_than", None),  # only 20 poor households: cannot fall 3 points
    ],
)
def test_households_that_must_leave_poverty(households, rate, entry, bound, expected):
    inp = poverty(households=households, rate_pct=rate, entry_pct=entry, target_bound=bound)
    assert sim.needed_exits(inp) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1;1;1;1;1;1;1;1;1;1;1;1", (1.0,) * 12),
        ("8 8 9 8 8 8 8 8 9 9 9 10,5", (8.0, 8.0, 9.0, 8.0, 8.0, 8.0, 8.0, 8.0, 9.0, 9.0, 9.0, 10.5)),
        ("1;2;3", None),
        ("1;1;1;1;1;1;1;1;1;1;1;-1", None),
        ("0;0;0;0;0;0;0;0;0;0;0;0", None),
        ("a;1;1;1;1;1;1;1;1;1;1;1", None),
        ("", None),
    ],
)
def test_parse_weights(text, expected):
    assert sim_setup.parse_weights(text) == expected


def test_the_learned_profile_uses_complete_years_only():
    """The simulator's learned profile is the tracker's estimate (one estimate for both pages)."""
    history = np.array([[100.0 * m for m in range(1, 13)], [5000.0] + [np.nan] * 11])
    u = tracking.estimate_uncertainty(history, [])
    assert (u.profile_method, u.profile_years) == ("monthly_history", 1)
    assert u.profile == pytest.approx(tuple(m / 78 for m in range(1, 13)))
    assert tracking.estimate_uncertainty(history[1:], []).profile_method == "assumption"


@pytest.mark.parametrize(
    "raw, expected",
    [
        (
            {"growth_pct": "2.5", "seed": "7", "baseline": "mean"},
            {"growth_pct": 2.5, "seed": 7, "baseline": "mean"},
        ),
        ({"growth_pct": "abc", "unknown": "1"}, {}),
        ({"pov_households": "250000.0"}, {"pov_households": 250000}),
        ({"growth_pct": "500", "cv_pct": "nan", "seed": "-1", "pov_rate_pct": "0"}, {}),  # out of range
        ({"cv_pct": 40, "pov_entry_pct": 100}, {"cv_pct": 40.0, "pov_entry_pct": 100.0}),  # at the edges
    ],
)
def test_assumptions_from_dict_keeps_defaults_for_what_it_cannot_read(raw, expected):
    assert sim_setup.Assumptions.from_dict(raw) == replace(sim_setup.Assumptions(), **expected)


# ---------------------------------------------------------------- from the store


def test_setup_takes_targets_and_baselines_from_the_data(con):
    s = sim_setup.load_setup(con)
    assert (s.year, s.jobs_target, s.jobs_target_bound) == (2024, 22550.0, "exact")
    assert (s.poverty_target, s.poverty_target_bound) == (3.0, "more_than")
    assert (s.baselines["last_actual"]["value"], s.baselines["last_actual"]["provenance"]) == (
        25953.0,
        "reported",
    )
    assert s.baselines["last_plan"]["value"] == pytest.approx(25953 / 1.17)
    assert s.baselines["last_plan"]["provenance"] == "derived"
    assert s.baselines["mean"]["value"] == pytest.approx((25953 + 25953 / 1.04) / 2)
    assert s.poverty_last["value"] == 4.87 and s.actual_months == () and s.learned_profile is None


def test_default_jobs_result_for_the_briefing(con):
    r = sim_setup.default_jobs_result(con)
    assert r.inputs.target == 22550.0 and r.probability_pct == pytest.approx(90.527)
    assert sim_setup.default_poverty_result(con).inputs.target_pp == 3.0


def test_monthly_actuals_of_the_target_year_replace_simulated_months(data_copy):
    from lib.data import store

    lines = [f"jobs_created,province,2023-{m:02d},actual,{1000 + 100 * m},exact,user,," for m in range(1, 13)]
    lines += [f"jobs_created,province,2024-{m:02d},actual,2000,exact,user,," for m in (1, 2)]
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")
    s = sim_setup.load_setup(store.open_dir(data_copy).cursor())
    assert s.actual_months == ((1, 2000.0), (2, 2000.0))
    assert s.learned_profile == pytest.approx(tuple((1000 + 100 * m) / 19800 for m in range(1, 13)))
    r = sim.simulate_jobs(
        sim_setup.jobs_inputs(s, replace(sim_setup.Assumptions(), profile="learned", cv_pct=0.0))
    )
    rest = 1 - (1100 + 1200) / 19800
    assert r.median == pytest.approx(4000 + 25953 * rest)
    assert np.all(r.totals >= 4000)


@pytest.mark.parametrize("growth", [0.0, -5.0, 3.0])
def test_sensitivity_steps_growth_both_ways_even_at_zero(growth):
    inp = jobs(growth_pct=growth)
    row = sim.sensitivity(inp).set_index("assumption").loc["growth_pct"]
    assert row["low_pct"] == sim.jobs_probability(replace(inp, growth_pct=growth - 1))
    assert row["high_pct"] == sim.jobs_probability(replace(inp, growth_pct=growth + 1))


@pytest.mark.parametrize(
    "x, lang, expected",
    [(3408.6, "vi", "+3.409"), (-7079.2, "vi", "−7.079"), (-0.4, "en", "0"), (12345, "en", "+12,345")],
)
def test_signed_number(x, lang, expected):
    assert sim_words.signed_number(x, lang) == expected


@pytest.mark.parametrize(
    "p, lang, expected",
    [
        (90.527, "vi", "90,5%"),
        (99.97, "vi", "> 99,9%"),
        (100.0, "en", "100%"),
        (0.01, "en", "< 0.1%"),
        (0.0, "vi", "0%"),
    ],
)
def test_probabilities_are_never_rounded_to_a_certainty(p, lang, expected):
    assert sim_words.prob_text(p, lang) == expected


@settings(max_examples=40, deadline=None)
@given(
    baseline=st.floats(5_000, 50_000),
    target=st.floats(5_000, 50_000),
    cv=st.floats(0.0, 30.0),
    level=st.sampled_from(sim.LEVELS),
    strict=st.booleans(),
)
def test_goal_seek_property(baseline, target, cv, level, strict):
    """For any baseline, target and uncertainty, the growth found gives at least the asked
    probability, and 0,1 point less does not."""
    inp = sim.JobsInputs(
        baseline=baseline, target=target, cv_pct=cv, target_bound="more_than" if strict else "exact"
    )
    g = sim.needed_growth(inp, level)
    assert g is not None
    assert sim.jobs_probability(replace(inp, growth_pct=g)) >= level
    if g > -100:
        assert sim.jobs_probability(replace(inp, growth_pct=round(g - 0.1, 1))) < level


@settings(max_examples=30, deadline=None)
@given(growth=st.floats(-40, 40), step=st.floats(0.1, 10), cv=st.floats(1, 30))
def test_more_growth_never_lowers_the_chance(growth, step, cv):
    inp = jobs(growth_pct=growth, cv_pct=cv)
    assert sim.jobs_probability(replace(inp, growth_pct=growth + step)) >= sim.jobs_probability(inp)
