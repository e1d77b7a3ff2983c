"""The overview's tracker and the simulator give one chance for one indicator, area and year:
the simulator's `tracker` baseline with the tracker's CV and profile runs on exactly
`tracking.model_inputs(track)`, and the tracker's chance is the simulator's count on them."""

from __future__ import annotations

import pytest
from fixtures import APP, JUNE_CUT
from streamlit.testing.v1 import AppTest

from lib.data import store, synth
from lib.models import sim_setup, simulate, tracking
from lib.report import sim_words
from lib.report import tracking_words as progress


@pytest.fixture(scope="module")
def june_con(june_folder):
    return store.open_dir(june_folder).cursor()


def the_trackers(con, area: str, indicator_id: str) -> tracking.Track:
    """The track the overview shows (`track_year`, every indicator of the area at once)."""
    return next(t for t in tracking.track_year(con, 2024, area) if t.indicator_id == indicator_id)


def simulators(con, area: str, indicator_id: str, seed: int = simulate.DEFAULT_SEED) -> tuple:
    """The simulator's inputs and result on the tracker's baseline, at the page's defaults."""
    setup = sim_setup.load_setup(con, area, indicator_id)
    a = sim_setup.Assumptions(
        baseline="tracker", cv_pct=sim_setup.default_cv(setup), indicator=indicator_id, seed=seed
    )
    inp = sim_setup.jobs_inputs(setup, a)
    return inp, simulate.simulate_jobs(inp)


@pytest.mark.parametrize("indicator_id", list(synth.MONTHLY_MEAN))
@pytest.mark.parametrize("area", ["all", "p08"])
def test_the_simulator_on_the_trackers_inputs_gives_the_overviews_chance(june_con, area, indicator_id):
    track = the_trackers(june_con, area, indicator_id)
    assert track.level is not None and len(track.actual_months) == JUNE_CUT
    inp, result = simulators(june_con, area, indicator_id)
    assert inp == tracking.model_inputs(track)  # the same inputs ...
    assert result.probability_pct == track.chance_pct  # ... the same number, not just close


def test_another_seed_is_another_input_and_both_pages_would_say_so(june_con):
    track = the_trackers(june_con, "all", "merit_gifts")
    inp, result = simulators(june_con, "all", "merit_gifts", seed=7)
    assert inp == tracking.model_inputs(track, seed=7)
    assert result.probability_pct == simulate.additive_probability(tracking.model_inputs(track, seed=7))


def test_the_trackers_baseline_is_offered_with_its_level_and_names_itself(june_con):
    setup = sim_setup.load_setup(june_con, "all", "jobs_created")
    track = the_trackers(june_con, "all", "jobs_created")
    base = setup.baselines["tracker"]
    assert (base["value"], base["year"], base["provenance"]) == (track.level, 2024, "derived")
    assert sim_words.baseline_option("tracker", base, "vi").startswith("Theo tiến độ năm 2024: ")
    assert setup.actual_months == track.actual_months  # the months the tracker read, not a second query
    assert setup.learned_profile == track.uncertainty.profile


def open_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


@pytest.mark.parametrize("indicator_id", ["jobs_created", "merit_gifts", "temporary_homes_removed"])
def test_both_pages_show_the_same_chance(isolated_app, june, indicator_id):
    track = the_trackers(store.open_dir(june).cursor(), "all", indicator_id)
    card = progress.card(track, "vi")
    overview = [m.value for m in open_page("pages/overview.py", lang="vi").markdown]
    assert card.chance_text.replace(">", "\\>") in overview  # the overview's card says it ...
    sim = open_page("pages/simulate.py", lang="vi", indicator=indicator_id, baseline="tracker")
    shown = {m.label: m.value for m in sim.metric}["Khả năng đạt chỉ tiêu"]
    assert shown == sim_words.prob_text(track.chance_pct, "vi")  # ... and the simulator shows it
    assert card.chance_text.endswith(shown)
