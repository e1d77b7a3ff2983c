"""The simulator page as a planner uses it (AppTest): numbers on screen, sliders, share link, scenarios."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

import pytest
import streamlit as st
from fixtures import APP, APPROVER, PLANNER, SIM_PAGE, metrics, open_sim, share_link
from streamlit.testing.v1 import AppTest

from lib import fmt, settings
from lib.data import store
from lib.models import sim_setup
from lib.report import sim_words
from lib.state import datasets, statedb

PAGE = SIM_PAGE


def text(at: AppTest) -> str:
    return "\n".join(
        [m.value for m in at.markdown] + [c.value for c in at.caption] + [w.value for w in at.warning]
    )


@pytest.mark.parametrize(
    "lang, sentence, prob_label, prob",
    [
        (
            "vi",
            "Nếu giữ bằng mức thực hiện năm 2023 (25.953 lượt lao động), khả năng đạt chỉ tiêu 22.550 người "
            "là 90,5%.",
            "Khả năng đạt chỉ tiêu",
            "90,5%",
        ),
        (
            "en",
            "Holding at the 2023 result (25,953 workers), the chance of reaching the target of 22,550 "
            "people is 90.5%.",
            "Chance of reaching the target",
            "90.5%",
        ),
    ],
)
def test_page_shows_the_chance_with_the_target_from_the_data(isolated_app, lang, sentence, prob_label, prob):
    at = open_sim(lang=lang)
    assert sentence in text(at)
    assert metrics(at)[prob_label] == prob
    assert len(at.get("vega_lite_chart")) == 5  # distribution, path, two tornados, poverty distribution


def test_each_sensitivity_chart_has_its_sentence(isolated_app):
    page = text(open_sim(lang="vi"))
    assert (
        "Giả định tác động mạnh nhất là mức dao động (±1 điểm %): khả năng đạt là 92,7% khi giảm một nấc "
        "và 88,4% khi tăng một nấc (hiện 90,5%)." in page
    )
    assert "Giả định tác động mạnh nhất là tỷ lệ hộ nghèo đầu năm (±1 điểm %)" in page


def test_poverty_inputs_are_labelled_illustrative_with_2023_as_reference(isolated_app):
    at = open_sim(lang="vi")
    page = text(at)
    assert "chỉ để minh họa, KHÔNG phải số liệu báo cáo" in page
    assert "năm 2023 tỷ lệ hộ nghèo toàn tỉnh giảm 4,87 điểm phần trăm (số báo cáo)" in page
    assert "Kết quả dựa trên giả định minh họa" in page
    assert metrics(at)["Khả năng giảm trên 3 điểm %"] == "81,7%"
    at.number_input(key="pov_rate_pct").set_value(9.0).run()
    assert "Kết quả dựa trên giả định do người dùng nhập." in text(at)


@pytest.mark.parametrize("growth", [-10.0, -5.0, 4.0])
def test_moving_the_growth_slider_changes_the_probability(isolated_app, con, growth):
    at = open_sim(lang="vi")
    before = metrics(at)["Khả năng đạt chỉ tiêu"]
    at.slider(key="growth_pct").set_value(growth).run()
    after = metrics(at)["Khả năng đạt chỉ tiêu"]
    expected = sim_setup.default_jobs_result(
        con, replace(sim_setup.Assumptions(), growth_pct=growth)
    ).probability_pct
    assert after != before
    assert after == sim_words.prob_text(expected, "vi")


def test_share_link_reopens_the_same_numbers_in_a_fresh_session(isolated_app):
    at = open_sim(lang="vi")
    at.button_group(key="baseline").set_value("mean")
    at.slider(key="growth_pct").set_value(-3.7)
    at.slider(key="cv_pct").set_value(14.5)
    at.number_input(key="pov_rate_pct").set_value(9.5)
    at.number_input(key="pov_households").set_value(212_000)
    at.number_input(key="pov_exit_pct").set_value(38.0)
    at.number_input(key="pov_entry_pct").set_value(0.45)
    at.slider(key="pov_cv_pct").set_value(7.5)
    at.number_input(key="seed").set_value(99).run()
    assert not at.exception
    shown = metrics(at)
    link = share_link(at)
    assert set(link) == {"lang", "version"} | {
        f.name for f in fields(sim_setup.Assumptions)
    }  # all written out
    assert link["version"] == "bundled"  # the figures they were computed on: nothing published yet
    fresh = open_sim(**link)
    assert metrics(fresh) == shown
    assert shown["Khả năng đạt chỉ tiêu"] != "90,5%"  # the link did carry the changes


def test_saved_scenario_survives_a_new_session_and_loads_its_numbers(isolated_app):
    at = open_sim(lang="vi")
    at.slider(key="growth_pct").set_value(-8.0)
    at.number_input(key="seed").set_value(5).run()
    saved = metrics(at)
    at.text_input(key="sim_name").input("Thận trọng")
    at.button(key="sim_save").click().run()
    assert "Đã lưu kịch bản “Thận trọng”." in [s.value for s in at.success]

    fresh = open_sim(lang="vi")
    assert "Thận trọng" in [m.value for m in fresh.markdown]
    assert metrics(fresh) != saved  # a new session starts from the defaults ...
    fresh.button(key="sim_load_0").click().run()
    assert metrics(fresh) == saved  # ... and opening the scenario brings its numbers back
    fresh.button(key="sim_del_0").click().run()
    assert "Đã xóa kịch bản “Thận trọng”." in [s.value for s in fresh.success]
    assert "Chưa có kịch bản nào được lưu." in text(fresh)


def test_empty_name_is_refused_with_a_clear_message(isolated_app):
    at = open_sim(lang="vi")
    at.button(key="sim_save").click().run()
    assert [e.value for e in at.error] == ["Hãy đặt tên cho kịch bản."]


def test_compare_two_scenarios_side_by_side(isolated_app):
    at = open_sim(lang="vi")
    for name, growth in (("A", 0.0), ("B", -10.0)):
        at.slider(key="growth_pct").set_value(growth).run()
        at.text_input(key="sim_name").input(name)
        at.button(key="sim_save").click().run()
    at.multiselect(key="sim_compare").set_value(["A", "B"]).run()
    (table,) = at.dataframe
    rows = table.value.set_index("Giả định / kết quả")  # a column per scenario, side by side
    assert list(rows.columns) == ["A", "B"]
    assert rows.loc["Khả năng đạt chỉ tiêu", "A"] == "90,5%"
    assert rows.loc["Tăng trưởng so với mốc so sánh (%)", "B"] == "−10%"
    assert "Khả năng đạt chỉ tiêu cao nhất ở kịch bản “A” (90,5%), thấp nhất ở “B”" in text(at)
    assert len(at.get("vega_lite_chart")) == 6


def test_demo_mode_keeps_scenarios_in_the_session_only(isolated_app, monkeypatch, tmp_path):
    monkeypatch.setenv("CHITIEU_DEMO", "1")
    at = open_sim(lang="vi")
    at.text_input(key="sim_name").input("Chỉ trong phiên")
    at.button(key="sim_save").click().run()
    assert "Chỉ trong phiên" in [m.value for m in at.markdown]
    assert not (tmp_path / "state").exists()
    assert "Chỉ trong phiên" not in [m.value for m in open_sim(lang="vi").markdown]


def test_months_already_reported_are_tracked_not_simulated(isolated_app, monkeypatch, data_copy):
    rows = [f"jobs_created,province,2024-{m:02d},actual,2500,exact,user,," for m in (1, 2, 3)]
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write("\n".join(rows) + "\n")
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    at = open_sim(lang="vi", baseline="last_actual", cv_pct="0")
    assert "Đã có số liệu thực hiện 3 tháng của năm 2024 (tổng 7.500)" in "\n".join(i.value for i in at.info)
    assert metrics(at)["Mức dự kiến cả năm (trung vị)"] == "26.965"  # 7.500 + 25.953 * 9/12
    # By default the page starts from the tracker's level, as the overview: the pace so far.
    at = open_sim(lang="vi", cv_pct="0")
    assert at.button_group(key="baseline").value == "tracker"
    assert metrics(at)["Mức dự kiến cả năm (trung vị)"] == "30.000"  # 7.500 + 7.500 / (3/12) * 9/12


def test_without_a_target_the_page_says_so(isolated_app, monkeypatch, data_copy):
    path = data_copy / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(x for x in lines if ",target," not in x) + "\n", encoding="utf-8")
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    at = open_sim(lang="vi")  # the derived 2023 plan is not a target to simulate
    assert any(i.value.startswith("Dữ liệu chưa có chỉ tiêu kế hoạch") for i in at.info)
    assert not at.metric


def test_deleting_a_compared_scenario_leaves_the_comparison_working(isolated_app):
    at = open_sim(lang="en")
    for name in ("one", "two", "three"):
        at.text_input(key="sim_name").input(name)
        at.button(key="sim_save").click().run()
    at.multiselect(key="sim_compare").set_value(["one", "three", "two"]).run()
    assert list(at.dataframe[0].value.columns)[1:] == ["one", "three", "two"]
    at.button(key="sim_del_0").click().run()  # "one", the first in the list
    assert not at.exception
    assert at.multiselect(key="sim_compare").value == ["three", "two"]
    assert list(at.dataframe[0].value.columns) == ["Assumption / result", "three", "two"]


def test_a_share_link_keeps_its_numbers_after_the_defaults_change(isolated_app, monkeypatch):
    at = open_sim(lang="vi")
    at.slider(key="growth_pct").set_value(-6.0).run()
    link, shown = share_link(at), metrics(at)
    plain = metrics(open_sim(lang="vi"))

    @dataclass(frozen=True)
    class NewDefaults(sim_setup.Assumptions):  # a later version with other defaults
        growth_pct: float = 5.0
        cv_pct: float = 20.0
        pov_exit_pct: float = 50.0
        seed: int = 1

    monkeypatch.setattr(sim_setup, "Assumptions", NewDefaults)
    assert metrics(open_sim(lang="vi")) != plain  # the defaults did change what a bare link shows
    assert metrics(open_sim(**link)) == shown  # the share link did not


@pytest.mark.parametrize("with_history, expected_profile", [(True, "learned"), (False, "flat")])
def test_monthly_profile_is_learned_when_past_months_exist(
    isolated_app, monkeypatch, data_copy, with_history, expected_profile
):
    rows = [f"jobs_created,province,2024-{m:02d},actual,1000,exact,user,," for m in (1, 2)]
    if with_history:  # 2023 by month: January and February were a quarter of the year each
        rows += [
            f"jobs_created,province,2023-{m:02d},actual,{6000 if m <= 2 else 1200},exact,user,,"
            for m in range(1, 13)
        ]
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write("\n".join(rows) + "\n")
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    at = open_sim(lang="vi", baseline="last_actual", cv_pct="0")
    assert at.button_group(key="profile").value == expected_profile
    rest = 0.5 if with_history else 10 / 12  # the share of the year still to simulate
    assert metrics(at)["Mức dự kiến cả năm (trung vị)"] == fmt.number(2000 + 25953 * rest, "vi", 0)


PLAN_2024 = "Chỉ tiêu,Năm,Kế hoạch\nLượt lao động được tạo việc làm mới,2024,{plan}\n"


def publish_plan(plan: int) -> str:
    """An approver publishes the 2024 jobs plan `plan` on top of what is published (a new version)."""
    repo = datasets.DiskRepo(settings.state_dir() / "datasets", statedb.connect())
    active = repo.active()
    base = datasets.load_version(repo, active, settings.BUNDLED_DATA_DIR) if active else None
    con = (base or store.open_dir(settings.BUNDLED_DATA_DIR)).cursor()
    data = PLAN_2024.format(plan=plan).encode()
    version = datasets.accept(
        repo, PLANNER, datasets.preview(data, f"kh-{plan}.csv", con), data, f"kh-{plan}.csv", con
    )
    repo.publish(APPROVER, version.id)
    st.cache_resource.clear()  # as a restart would: the new publication is read again
    return version.id


def test_the_share_link_pins_the_figures_it_was_computed_on(isolated_app):
    """Review item 18: the link under Kịch bản changed its numbers after a publish."""
    first = publish_plan(24000)
    at = open_sim(lang="vi")
    link, shown = share_link(at), metrics(at)
    assert link["version"] == first
    publish_plan(30000)  # a later publication moves the target: a bare link's chance changes
    assert metrics(open_sim(lang="vi"))["Khả năng đạt chỉ tiêu"] != shown["Khả năng đạt chỉ tiêu"]
    viewer = AppTest.from_file(APP, default_timeout=30)  # whoever the link is sent to
    for key, value in link.items():
        viewer.query_params[key] = value
    viewer.switch_page(PAGE).run()
    assert not viewer.exception
    assert metrics(viewer) == shown  # the pinned link did not


def test_scenarios_of_a_year_that_is_over_give_its_result_not_a_chance(isolated_app, monkeypatch, data_copy):
    """The jobs tab states a finished year's result; the scenarios tab compared chances for it."""
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write("jobs_created,province,2024,actual,26111,exact,user,Tải lên v0001,,\n")
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    at = open_sim(lang="vi")
    for name in ("Thận trọng", "Lạc quan"):
        at.text_input(key="sim_name").input(name)
        at.button(key="sim_save").click().run()
    at.multiselect(key="sim_compare").set_value(["Lạc quan", "Thận trọng"]).run()
    assert not at.exception
    result = "Năm 2024 đã có kết quả cả năm: 26.111 lượt lao động, đạt chỉ tiêu 22.550 người (115,8%)."
    assert f"Lượt lao động được tạo việc làm mới: {result}" in [s.value for s in at.success]
    assert (
        "Các kịch bản “Lạc quan”, “Thận trọng” thuộc năm đã có kết quả cả năm (ở trên), nên không tính "
        "khả năng đạt chỉ tiêu đó cho chúng."
    ) in text(at)
    (table,) = at.dataframe
    items = list(table.value["Giả định / kết quả"])
    assert "Khả năng đạt chỉ tiêu" not in items and "Khả năng đạt chỉ tiêu cao nhất" not in text(at)
    assert len(at.get("vega_lite_chart")) == 2  # the poverty tab's own (its year is not over); no overlay


def poverty_2024(data_copy, monkeypatch, fall: str) -> None:
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write(f"poverty_rate_fall,province,2024,actual,{fall},exact,reported,Báo tỉnh,,md_2022_2025\n")
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))


@pytest.mark.parametrize(
    ("fall", "result"),
    [
        ("3.2", "tỷ lệ hộ nghèo giảm 3,2 điểm phần trăm, đạt chỉ tiêu giảm trên 3 điểm phần trăm."),
        ("3", "tỷ lệ hộ nghèo giảm 3 điểm phần trăm, chưa đạt chỉ tiêu giảm trên 3 điểm phần trăm."),
        ("-0.5", "tỷ lệ hộ nghèo tăng 0,5 điểm phần trăm, chưa đạt chỉ tiêu giảm trên 3 điểm phần trăm."),
    ],
)
def test_a_poverty_year_that_is_over_gives_its_result_not_a_chance(
    isolated_app, monkeypatch, data_copy, fall, result
):
    """The poverty model had no year-over check: it simulated 2024 with its 2024 figure known."""
    poverty_2024(data_copy, monkeypatch, fall)
    at = open_sim(lang="vi")
    assert not at.exception
    assert [s.value for s in at.success] == [f"Năm 2024 đã có kết quả cả năm: {result}"]
    assert "Nguồn gốc số thực hiện: số báo cáo. Năm đã kết thúc" in text(at)
    shown = metrics(at)
    assert "Khả năng giảm trên 3 điểm %" not in shown and "pov_rate_pct" not in [
        n.key for n in at.number_input
    ]
    assert shown["Khả năng đạt chỉ tiêu"] == "90,5%"  # the jobs year is not over: still simulated


def test_scenarios_in_a_poverty_year_that_is_over_give_no_poverty_chance(
    isolated_app, monkeypatch, data_copy
):
    poverty_2024(data_copy, monkeypatch, "3.2")
    at = open_sim(lang="vi")
    for name in ("A", "B"):
        at.text_input(key="sim_name").input(name)
        at.button(key="sim_save").click().run()
    at.multiselect(key="sim_compare").set_value(["A", "B"]).run()
    rows = at.dataframe[0].value.set_index("Giả định / kết quả")
    assert "Khả năng đạt chỉ tiêu giảm nghèo" not in rows.index
    assert rows.loc["Khả năng đạt chỉ tiêu", "A"] == "90,5%"  # the jobs chance stays
    assert "Các kịch bản “A”, “B” thuộc năm đã có kết quả cả năm" in text(at)
