"""The simulator's charts: valid Vega-Lite, the UI's number locale, the target marked, cached."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest
from altair.vegalite.v6.schema.core import Root

from lib import simulate as sim
from lib import simulate_charts as charts

JOBS = sim.JobsInputs(baseline=25953, target=22550)
POVERTY = sim.PovertyInputs(rate_pct=8.0, households=300_000, exit_pct=45.0, entry_pct=0.3, target_pp=3.0)


def all_specs(lang: str) -> list[dict]:
    compare = charts.compare({"A": sim.simulate_jobs(JOBS).totals}, 22550, lang).to_dict(validate=False)
    return [*charts.jobs_specs(JOBS, lang), *charts.poverty_specs(POVERTY, lang), compare]


@pytest.mark.parametrize("lang, decimal, thousands", [("vi", ",", "."), ("en", ".", ",")])
def test_every_spec_is_valid_vega_lite_in_the_ui_number_style(lang, decimal, thousands):
    for spec in all_specs(lang):
        Root.validate(spec)  # the check the page skips on each rerun, for speed
        assert spec["config"]["locale"]["number"]["decimal"] == decimal
        assert spec["config"]["locale"]["number"]["thousands"] == thousands


@pytest.mark.parametrize(
    "inputs, specs, target",
    [(JOBS, charts.jobs_specs, 22550), (POVERTY, charts.poverty_specs, 3.0)],
)
def test_the_distribution_marks_the_target_and_sums_to_all_draws(inputs, specs, target):
    spec = specs(inputs, "vi")[0]
    values = [row for rows in spec["datasets"].values() for row in rows]
    assert {"target": target, "label": "Chỉ tiêu"} in values
    shares = [row["share_pct"] for row in values if "share_pct" in row]
    assert sum(shares) == pytest.approx(100)


def test_specs_are_cached_by_inputs_and_fresh_for_each_caller():
    first = charts.jobs_specs(JOBS, "vi")
    first[0]["mark"] = "changed by a caller"
    assert charts.jobs_specs(JOBS, "vi")[0] != first[0]  # the cache holds text, not shared dicts
    moved = charts.jobs_specs(replace(JOBS, growth_pct=-10.0), "vi")
    assert json.dumps(moved[0]) != json.dumps(charts.jobs_specs(JOBS, "vi")[0])
