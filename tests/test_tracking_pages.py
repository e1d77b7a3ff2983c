"""The tracker on the pages (AppTest): the overview's progress cards, the explorer's ranking, the
simulator on any count or amount with a target (`indicator=` links), and the backtest section."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pytest
from fixtures import metrics, open_page, open_sim, page_texts, share_link, struck_in, url_notices

from lib import fmt
from lib.data import store, synth
from lib.models import backtest, sim_setup, simulate, tracking
from lib.report import sim_words
from lib.report import tracking_words as progress


def phi(x: float) -> float:
    return 0.5 * (1 + math.erf(x / math.sqrt(2)))


def percent(text: str) -> float:
    """ "90,5%" -> 90.5 (a chance as the page writes it)."""
    return float(text.replace("> ", "").replace("< ", "").rstrip("%").replace(".", "").replace(",", "."))


def test_overview_shows_each_status_word_its_rule_and_the_chance(isolated_app, june):
    tracks = tracking.track_year(store.open_dir(june).cursor(), 2024, "all")
    assert {t.status for t in tracks} <= set(tracking.STATUSES) and len(tracks) == len(synth.MONTHLY_MEAN)
    at = open_page("pages/overview.py", {"lang": "vi"})
    assert "Theo dõi tiến độ năm 2024" in [h.value for h in at.header]
    shown = {m.value: m.help for m in at.markdown}
    for t in tracks:
        word = f"{progress.STATUS_ICON[t.status]} **{tracking.status_label(t.status, 'vi')}**"
        assert shown[word] == tracking.status_rule(t.direction, "vi")  # the rule on hover
    jobs = next(t for t in tracks if t.indicator_id == sim_setup.JOBS_ID)
    chance = f"Khả năng đạt chỉ tiêu (mô phỏng): {sim_words.prob_text(jobs.chance_pct, 'vi')}"
    assert chance.replace(">", "\\>") in shown  # a sign we wrote, escaped for Markdown
    lines = "\n".join(shown)
    assert f"Lũy kế 6 tháng: {fmt.figure(jobs.actual_to_date, 'people', 'vi')}" in lines
    assert f"Tốc độ cần cho các tháng còn lại: {fmt.figure(jobs.pace_needed, 'people', 'vi')}/tháng" in lines
    assert f"khoảng dự báo 80%: {fmt.figure(jobs.low, 'people', 'vi')} – " in lines


def test_overview_on_the_bundled_data_shows_the_chance_only_as_a_simulation(isolated_app):
    at = open_page("pages/overview.py", {"lang": "vi"})
    assert not at.exception and "Theo dõi tiến độ năm 2024" in [h.value for h in at.header]
    shown = [m.value for m in at.markdown]
    assert ":material/remove: **Chưa có số liệu tháng**" in shown  # jobs: 2024 has no months yet
    assert "Khả năng đạt chỉ tiêu (mô phỏng): 90,5%" in shown  # the simulator's default number
    assert ":material/remove: **Chưa đánh giá**" in shown  # the poverty rate: no sum of months, no status
    assert any("Chỉ tiêu tỷ lệ (không cộng dồn theo tháng)" in m for m in shown)


def test_explorer_ranks_the_targets_worst_first(isolated_app, june):
    expected = tracking.rank(tracking.track_year(store.open_dir(june).cursor(), 2024, "all"))
    at = open_page("pages/explore.py", {"lang": "vi"})
    assert "Xếp hạng theo tiến độ năm 2024" in [h.value for h in at.header]
    (ranking,) = at.table
    table = ranking.value
    assert table["Trạng thái"].tolist() == [tracking.status_label(t.status, "vi") for t in expected]
    # The table is text in the page's number style ("98,5"), written once per process.
    shown = [float(v.replace(",", ".")) for v in table["Khả năng đạt (%)"]]
    assert shown == [round(t.chance_pct, 1) for t in expected]


@pytest.fixture
def vocational(data_copy, monkeypatch) -> Path:
    """The bundled data with a 2024 target for vocational enrolment (13.575 in 2023)."""
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write("vocational_enrolment,province,2024,target,14000,exact,reported,,\n")
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    return data_copy


def test_the_simulator_on_another_indicator_reproduces_a_hand_computed_chance(isolated_app, vocational):
    at = open_sim(lang="vi", indicator="vocational_enrolment")
    assert at.selectbox(key="sim_indicator").value == "vocational_enrolment"
    assert at.slider(key="cv_pct").value == 10.0  # no earlier years: the assumption, and it says so
    assert any("Mức dao động (hệ số biến thiên 10%) là giả định" in c.value for c in at.caption)
    exact = phi((1 - 14000 / 13575) / 0.10)  # P(13.575 * S >= 14.000), S = max(0, 1 + 0,1 Z)
    se = math.sqrt(exact * (1 - exact) / simulate.DRAWS)
    shown = percent(metrics(at)["Khả năng đạt chỉ tiêu"])
    assert abs(shown / 100 - exact) <= 4 * se + 0.0005  # sampling error, and the 0,1-point rounding
    header = "Tuyển sinh đào tạo giáo dục nghề nghiệp năm 2024: chỉ tiêu 14.000 người (số báo cáo)"
    assert header in [h.value for h in at.subheader]
    sentence = "Nếu giữ bằng mức thực hiện năm 2023 (13.575 người), khả năng đạt chỉ tiêu 14.000 người là"
    assert any(m.value.startswith(f"**{sentence}") for m in at.markdown)


def test_the_indicator_link_reopens_the_same_view(isolated_app, vocational):
    at = open_sim(lang="vi", indicator="vocational_enrolment")
    at.slider(key="cv_pct").set_value(14.5).run()
    link = share_link(at)
    assert link["indicator"] == "vocational_enrolment"
    fresh = open_sim(**link)
    assert fresh.selectbox(key="sim_indicator").value == "vocational_enrolment"
    assert metrics(fresh) == metrics(at)
    # The data's first indicator with a target is the default, and the URL stays clean for it.
    at.selectbox(key="sim_indicator").set_value(sim_setup.JOBS_ID).run()
    assert "indicator" not in at.query_params
    assert metrics(at)["Khả năng đạt chỉ tiêu"] == "90,5%"


@pytest.mark.parametrize("bad", ["nope", "poverty_rate_fall", "jobs_created'--", "<b>x</b>"])
def test_a_bad_indicator_in_the_link_falls_back_with_the_notice(isolated_app, vocational, bad):
    at = open_page("pages/simulate.py", {"lang": "vi", "indicator": bad})
    assert at.selectbox(key="sim_indicator").value == sim_setup.JOBS_ID
    assert "indicator" not in at.query_params
    (notice,) = url_notices(at)
    assert "indicator" in notice
    assert metrics(at)["Khả năng đạt chỉ tiêu"] == "90,5%"


def test_the_simulator_defaults_the_variability_from_history(isolated_app, june):
    at = open_sim(lang="vi", indicator="merit_gifts")
    u = tracking.uncertainty_for(store.open_dir(june).cursor(), "merit_gifts", 2024, "all")
    assert (u.cv_method, u.cv_years) == ("monthly_history", 8)
    assert at.slider(key="cv_pct").value == round(u.cv_pct, 1)
    assert any("ước lượng từ số liệu tháng của 8 năm trước" in c.value for c in at.caption)


def test_the_backtest_section_shows_the_scores_of_the_data_in_use(isolated_app, june):
    at = open_sim(lang="vi")
    result = backtest.run(store.open_dir(june).cursor(), areas=["all"])
    assert result.cases and result.synthetic
    assert any(w.value.startswith("DỮ LIỆU GIẢ LẬP") for w in at.warning)
    scores = next(d.value for d in at.dataframe if "Sai số hiệu chuẩn (điểm %)" in d.value.columns)
    brier = "Điểm Brier (0 là hoàn hảo; luôn dự báo 50% được 0,25)"
    assert scores[brier].tolist() == [
        round(result.brier("model_pct"), 3),
        round(result.brier("baseline_pct"), 3),
    ]
    assert scores[brier].iloc[0] < scores[brier].iloc[1]  # the tracker beats the straight-line pace
    calibration = [d.value for d in at.dataframe if "Khả năng đạt bình quân" in d.value.columns]
    assert [c["Số trường hợp"].sum() for c in calibration] == [result.cases, result.cases]
    assert struck_in(page_texts(at)) == []  # the section in the agreed words (docs/GLOSSARY.md)


def test_the_tracker_pages_in_english_use_the_agreed_words(isolated_app, june):
    for page in ("pages/overview.py", "pages/simulate.py", "pages/explore.py"):
        texts = page_texts(open_page(page, {"lang": "en"}))
        assert [t for t in texts if "Uncertainty" in t or "≈" in t] == []


def test_the_backtest_section_says_when_there_is_nothing_to_test(isolated_app):
    at = open_sim(lang="vi")
    assert any(i.value.startswith("Không có gì để kiểm định") for i in at.info)


def down_track(months: list[float], target: float) -> tracking.Track:
    base = tracking.Track("x", "province", 2024, "households", "down", target, "exact", "reported")
    values = np.array(months + [np.nan] * (12 - len(months)))
    return tracking.track_values(base, values, np.empty((0, 12)), [], through_month=12)


@pytest.mark.parametrize(
    "months, status, line",
    [
        ([10.0] * 6, "on_track", "Dư địa còn lại trong chỉ tiêu: 15 hộ/tháng"),  # 90 left, 60 expected
        ([30.0] * 6, "off_track", "Lũy kế đã vượt chỉ tiêu: không còn dư địa"),  # 180 > 150
    ],
)
def test_a_ceiling_reads_the_other_way_round(months, status, line):
    card = progress.card(down_track(months, 150), "vi")
    assert (card.status, card.status_text) == (status, tracking.status_label(status, "vi"))
    assert card.rule == tracking.status_rule("down", "vi")
    assert any(x.startswith(line) for x in card.lines), card.lines


def test_without_any_figure_the_card_says_why_and_shows_no_chance():
    base = tracking.Track("x", "province", 2024, "people", "up", 100.0, "exact", "reported")
    track = tracking.track_indicator(base, [], [])
    assert track.reason == "no_baseline"
    card = progress.card(track, "vi")
    assert (card.status_text, card.chance_text) == ("Chưa đánh giá", None)
    assert any(x.startswith("Chưa đủ số liệu để dự báo") for x in card.lines)
