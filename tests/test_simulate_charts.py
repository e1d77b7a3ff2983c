"""The simulator's charts: valid Vega-Lite, the UI's number locale, the target marked, built from results."""

from __future__ import annotations

import pytest
from altair.vegalite.v6.schema.core import Root

from lib.models import simulate as sim
from lib.report import simulate_charts as charts

JOBS = sim.JobsInputs(baseline=25953, target=22550)
POVERTY = sim.PovertyInputs(rate_pct=8.0, households=300_000, exit_pct=45.0, entry_pct=0.3, target_pp=3.0)


def jobs_run(inp: sim.JobsInputs) -> tuple:
    return sim.simulate_jobs(inp), sim.jobs_path(inp), sim.sensitivity(inp)


def poverty_run(inp: sim.PovertyInputs) -> tuple:
    return sim.simulate_poverty(inp), sim.sensitivity(inp)


def all_specs(lang: str) -> list[dict]:
    compare = charts.compare({"A": sim.simulate_jobs(JOBS).totals}, 22550, lang).to_dict(validate=False)
    return [
        *charts.jobs_specs(*jobs_run(JOBS), lang),
        *charts.poverty_specs(*poverty_run(POVERTY), lang),
        compare,
    ]


@pytest.mark.parametrize("lang, decimal, thousands", [("vi", ",", "."), ("en", ".", ",")])
def test_every_spec_is_valid_vega_lite_in_the_ui_number_style(lang, decimal, thousands):
    for spec in all_specs(lang):
        Root.validate(spec)  # the check the page skips on each rerun, for speed
        assert spec["config"]["locale"]["number"]["decimal"] == decimal
        assert spec["config"]["locale"]["number"]["thousands"] == thousands


@pytest.mark.parametrize(
    "run, specs, target",
    [
        (lambda: jobs_run(JOBS), charts.jobs_specs, 22550),
        (lambda: poverty_run(POVERTY), charts.poverty_specs, 3.0),
    ],
)
def test_the_distribution_marks_the_target_and_sums_to_all_draws(run, specs, target):
    spec = specs(*run(), "vi")[0]
    values = [row for rows in spec["datasets"].values() for row in rows]
    assert {"target": target, "label": "Chỉ tiêu"} in values
    shares = [row["share_pct"] for row in values if "share_pct" in row]
    assert sum(shares) == pytest.approx(100)


def test_charts_take_results_and_never_run_a_model(monkeypatch):
    """The page simulates once per rerun: the charts draw that run, whatever the models do after."""
    jobs, poverty = jobs_run(JOBS), poverty_run(POVERTY)

    def never(*args, **kwargs):
        raise AssertionError("a chart ran a model")

    for name in ("simulate_jobs", "jobs_path", "sensitivity", "simulate_poverty", "jobs_probability"):
        monkeypatch.setattr(sim, name, never)
    dist, path, tornado = charts.jobs_specs(*jobs, "vi")
    assert {"target": 22550, "label": "Chỉ tiêu"} in [r for rows in dist["datasets"].values() for r in rows]
    assert len(charts.poverty_specs(*poverty, "vi")) == 2
