"""An overview card marks every figure it did not read from the source: a % of plan or a change
the app calculated says "Tính toán" and gives its formula on hover, as a calculated plan does."""

from __future__ import annotations

from lib.data import queries, store
from lib.report import scorecard

# A user's 2024 actual: the % of plan (against the reported 22.550) and the change on 2023 are
# the app's own arithmetic.
LINE = "jobs_created,province,2024,actual,26111,exact,user,Sở LĐ-TB&XH,,\n"


def test_a_calculated_pct_of_plan_and_change_say_so_with_their_formula(data_copy):
    with (data_copy / "observations.csv").open("a", encoding="utf-8") as f:
        f.write(LINE)
    con = store.open_dir(data_copy).cursor()
    cards = scorecard.cards(queries.year_summary(con, 2024, "province"), "vi")
    jobs = next(c for c in cards if c.indicator_id == "jobs_created")
    assert (jobs.actual_text, jobs.pct_text) == ("26.111 người", "115,8%")
    assert jobs.pct_provenance_text == "Tính toán"
    assert "100 × Thực hiện ÷ Kế hoạch" in jobs.pct_help
    assert jobs.change_text == "+0,6%"
    assert "Tính toán" in jobs.change_help
    assert "100 × (Thực hiện ÷ Thực hiện năm trước − 1)" in jobs.change_help


def test_a_reported_pct_of_plan_needs_no_mark(con):
    cards = scorecard.cards(queries.year_summary(con, 2023, "province"), "vi")
    jobs = next(c for c in cards if c.indicator_id == "jobs_created")
    assert (jobs.pct_text, jobs.pct_provenance_text) == ("117%", "")
    assert "Số báo cáo" in jobs.change_help  # the source printed the change (+4%)
