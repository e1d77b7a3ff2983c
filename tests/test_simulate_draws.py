"""The additive model's chance is counted by bisecting the sorted draws: it must be, draw for
draw, the element-wise count it replaced (the figures for a seed do not move)."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lib.models import simulate as sim


def elementwise(inp: sim.JobsInputs) -> float:
    """The count as it was written before: every draw's total, compared one by one."""
    actual, rest, _ = sim._jobs_parts(inp)
    z = sim._draws(inp.seed, inp.draws, 1)[0]
    totals = actual + inp.baseline * (1 + inp.growth_pct / 100) * rest * sim._factor(z, inp.cv_pct)
    return 100.0 * float(np.mean(sim.meets(totals, inp.target, inp.target_bound, inp.direction)))


months = st.lists(st.tuples(st.integers(1, 12), st.floats(0, 5000)), max_size=12, unique_by=lambda m: m[0])


@settings(max_examples=150, deadline=None)
@given(
    baseline=st.floats(0, 1e6) | st.sampled_from([0.0, 22550.0, 25953.0]),
    target=st.floats(0, 2e6) | st.sampled_from([0.0, 22550.0]),
    growth=st.floats(-100, 100) | st.sampled_from([-13.1, -13.2, 0.0]),
    cv=st.floats(0, 60) | st.sampled_from([0.0, 10.0]),
    done=months,
    bound=st.sampled_from(["exact", "more_than", "less_than"]),
    direction=st.sampled_from(["up", "down"]),
    seed=st.integers(0, 3),
    draws=st.sampled_from([1, 2, 7, 1000]),
)
def test_the_bisection_counts_exactly_the_draws_that_meet_the_target(
    baseline, target, growth, cv, done, bound, direction, seed, draws
):
    inp = sim.JobsInputs(
        baseline=baseline, target=target, growth_pct=growth, cv_pct=cv, actual_months=tuple(done),
        target_bound=bound, direction=direction, seed=seed, draws=draws,
    )  # fmt: skip
    assert sim.jobs_probability(inp) == elementwise(inp)


def test_exact_ties_on_the_target_are_counted_as_before():
    # CV 0: every draw's total is exactly the target; "trên" (more_than) counts none of them.
    for bound, direction, expected in [
        ("exact", "up", 100.0), ("more_than", "up", 0.0),
        ("exact", "down", 100.0), ("less_than", "down", 0.0),
    ]:  # fmt: skip
        inp = sim.JobsInputs(22550, 22550, cv_pct=0.0, target_bound=bound, direction=direction)
        assert sim.jobs_probability(inp) == elementwise(inp) == expected


def test_a_negative_level_falls_back_to_counting_every_draw():
    inp = sim.JobsInputs(baseline=-1000.0, target=-900.0, cv_pct=20.0)
    assert sim.jobs_probability(inp) == elementwise(inp)
