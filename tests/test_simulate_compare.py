"""Saved scenarios side by side, each on its own indicator: a scenario of another indicator is
measured against its own target, never against the one on screen."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures import APP, act_as
from streamlit.testing.v1 import AppTest

from lib.data import store
from lib.models import sim_setup, simulate
from lib.report import sim_words

VOC = "vocational_enrolment"  # 13.575 in 2023; the fixture gives it a 2024 target of 14.000


@pytest.fixture
def vocational(data_copy, monkeypatch) -> Path:
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write(f"{VOC},province,2024,target,14000,exact,reported,,\n")
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    return data_copy


def setups(con, *ids: str) -> dict:
    return {i: sim_setup.load_setup(con, "province", i) for i in ids}


def test_each_scenario_runs_on_its_own_indicator_and_target(vocational):
    con = store.open_dir(vocational).cursor()
    scenarios = {
        "jobs": sim_setup.Assumptions(),
        "enrolment": sim_setup.Assumptions(indicator=VOC, growth_pct=5.0),
        "unnamed": sim_setup.Assumptions(),  # an old scenario with no indicator: the page's default
    }
    runs = sim_setup.run_scenarios(scenarios, setups(con, sim_setup.JOBS_ID, VOC), sim_setup.JOBS_ID)
    assert [(r.name, r.setup.indicator_id, r.jobs.inputs.target) for r in runs] == [
        ("jobs", "jobs_created", 22550.0),
        ("enrolment", VOC, 14000.0),
        ("unnamed", "jobs_created", 22550.0),
    ]
    own = sim_setup.additive_result(con, VOC, "province", scenarios["enrolment"])
    assert runs[1].jobs.probability_pct == own.probability_pct  # what its own page shows
    assert not sim_setup.one_indicator(runs)


def test_scenarios_of_different_indicators_are_not_ranked_and_name_their_targets(vocational):
    con = store.open_dir(vocational).cursor()
    scenarios = {"A": sim_setup.Assumptions(), "B": sim_setup.Assumptions(indicator=VOC)}
    runs = sim_setup.run_scenarios(scenarios, setups(con, sim_setup.JOBS_ID, VOC), sim_setup.JOBS_ID)
    names = {sim_setup.JOBS_ID: "Việc làm", VOC: "Tuyển sinh"}
    table = sim_words.compare_table(runs, names, "vi").set_index("Giả định / kết quả")
    assert table.loc["Chỉ tiêu (kế hoạch)"].tolist() == ["Việc làm: 22.550 người", "Tuyển sinh: 14.000 người"]
    assert table.loc["Khả năng đạt chỉ tiêu"].tolist() == [
        sim_words.prob_text(r.jobs.probability_pct, "vi") for r in runs
    ]
    sentence = sim_words.compare_sentence(runs, "vi")
    assert sentence.startswith("Các kịch bản thuộc những chỉ tiêu khác nhau")
    assert "cao nhất" not in sentence


def test_a_scenario_whose_indicator_has_no_target_here_shows_dashes(vocational):
    con = store.open_dir(vocational).cursor()
    scenarios = {"A": sim_setup.Assumptions(), "gone": sim_setup.Assumptions(indicator="merit_gifts")}
    offered = setups(con, sim_setup.JOBS_ID) | {"merit_gifts": None}  # not offered in this data
    runs = sim_setup.run_scenarios(scenarios, offered, sim_setup.JOBS_ID)
    assert runs[1].jobs is None and runs[1].setup is None
    table = sim_words.compare_table(runs, {}, "en").set_index("Assumption / result")
    assert table.loc["Chance of reaching the target", "gone"] == "—"
    assert table.loc["Indicator (target)", "gone"] == "merit_gifts: —"
    assert sim_words.compare_sentence(runs, "en").startswith("These scenarios are for different indicators")


def test_one_indicator_keeps_the_ranking_and_has_no_indicator_row(vocational):
    con = store.open_dir(vocational).cursor()
    scenarios = {"A": sim_setup.Assumptions(), "B": sim_setup.Assumptions(growth_pct=-10.0)}
    runs = sim_setup.run_scenarios(scenarios, setups(con, sim_setup.JOBS_ID), sim_setup.JOBS_ID)
    table = sim_words.compare_table(runs, {}, "vi")
    assert "Chỉ tiêu (kế hoạch)" not in table["Giả định / kết quả"].tolist()
    assert sim_words.compare_sentence(runs, "vi").startswith("Khả năng đạt chỉ tiêu cao nhất ở kịch bản “A”")


def save(at: AppTest, name: str) -> None:
    at.text_input(key="sim_name").input(name)
    at.button(key="sim_save").click().run()
    assert not at.exception


def test_the_page_compares_scenarios_of_two_indicators_each_against_its_own_target(isolated_app, vocational):
    at = AppTest.from_file(APP, default_timeout=60)
    at.query_params["lang"] = "vi"
    act_as(at, "planner")  # a planner saves scenarios
    at.switch_page("pages/simulate.py").run()
    save(at, "Việc làm")
    at.selectbox(key="sim_indicator").set_value(VOC).run()
    save(at, "Tuyển sinh")
    at.multiselect(key="sim_compare").set_value(["Tuyển sinh", "Việc làm"]).run()
    assert not at.exception
    (table,) = at.dataframe
    rows = table.value.set_index("Giả định / kết quả")
    assert rows.loc["Chỉ tiêu (kế hoạch)"].tolist() == [
        "Tuyển sinh đào tạo giáo dục nghề nghiệp: 14.000 người",
        "Lượt lao động được tạo việc làm mới: 22.550 người",
    ]
    con = store.open_dir(vocational).cursor()
    jobs = simulate.simulate_jobs(sim_setup.jobs_inputs(sim_setup.load_setup(con), sim_setup.Assumptions()))
    assert (
        rows.loc["Khả năng đạt chỉ tiêu", "Việc làm"]
        == "90,5%"
        == sim_words.prob_text(jobs.probability_pct, "vi")
    )
    voc = sim_setup.additive_result(con, VOC, "province", sim_setup.Assumptions(indicator=VOC))
    assert rows.loc["Khả năng đạt chỉ tiêu", "Tuyển sinh"] == sim_words.prob_text(voc.probability_pct, "vi")
    markdown = [m.value for m in at.markdown]
    assert any(m.startswith("**Các kịch bản thuộc những chỉ tiêu khác nhau") for m in markdown)
    assert "**Phân bố tổng cả năm theo kịch bản**" not in markdown  # no overlaid chart across two targets
    assert len(at.get("vega_lite_chart")) == 5  # the page's own five; no comparison chart
