"""A target year whose whole-year actual is known: the Simulate page gives the year's result, not
a chance, and the briefing page and its PDF agree (neither simulates a year that is over)."""

from __future__ import annotations

import pytest
from fixtures import open_page, open_sim

from lib.data import store
from lib.report import briefing, document

ACTUAL_2024 = "jobs_created,province,2024,actual,26111,exact,user,Tải lên v0001,,"


@pytest.fixture
def reported_2024(isolated_app, monkeypatch, data_copy):
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write(ACTUAL_2024 + "\n")
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    return data_copy


def texts(at) -> str:
    return "\n".join(str(e.value) for e in [*at.markdown, *at.info, *at.caption, *at.success, *at.warning])


@pytest.mark.parametrize(
    "lang, result, chance",
    [
        (
            "vi",
            "Năm 2024 đã có kết quả cả năm: 26.111 lượt lao động, đạt chỉ tiêu 22.550 người (115,8%).",
            "Nếu giữ bằng mức thực hiện năm 2023",
        ),
        (
            "en",
            "2024 already has its whole-year result: 26,111",
            "Holding at the 2023 result",
        ),
    ],
)
def test_the_simulate_page_gives_the_years_result_not_a_chance(reported_2024, lang, result, chance):
    at = open_sim(lang=lang, indicator="jobs_created")
    shown = texts(at)
    assert result in shown
    assert ("115,8%" if lang == "vi" else "115.8%") in shown
    assert chance not in shown  # no chance for a year that is over
    provenance = "Người dùng nhập" if lang == "vi" else "User-supplied"
    assert any(provenance.lower() in c.value.lower() for c in at.caption)


def test_the_briefing_and_its_pdf_agree_on_a_year_that_is_over(reported_2024):
    con = store.open_dir(reported_2024).cursor()
    b = briefing.build(con, 2023, "vi")
    assert not b.chances_for("labour")  # no chance for 2024's jobs: the year's result is known
    blocks = document.build(b, with_charts=False).blocks
    words = " ".join(str(getattr(x, "text", "")) for x in blocks)
    assert "22.550 người khoảng" not in words


@pytest.mark.parametrize(
    "rows, result, provenance",
    [
        (  # a year short of its target
            ["jobs_created,province,2024,actual,20000,exact,reported,Báo tỉnh,,"],
            "Năm 2024 đã có kết quả cả năm: 20.000 lượt lao động, chưa đạt chỉ tiêu 22.550 người (88,7%).",
            "số báo cáo",
        ),
        (  # twelve months and no yearly figure: their sum is the year's result, computed
            [f"jobs_created,province,2024-{m:02d},actual,2000,exact,user,," for m in range(1, 13)],
            "Năm 2024 đã có kết quả cả năm: 24.000 lượt lao động, đạt chỉ tiêu 22.550 người (106,4%).",
            "tính toán",
        ),
    ],
)
def test_a_year_over_by_its_figure_or_its_twelve_months(
    isolated_app, monkeypatch, data_copy, rows, result, provenance
):
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write("\n".join(rows) + "\n")
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    at = open_sim(lang="vi", indicator="jobs_created")
    assert result in texts(at)
    assert "Nếu giữ bằng mức" not in texts(at)
    assert any(provenance in c.value.lower() for c in at.caption)


def test_the_briefing_page_shows_no_chance_for_a_year_that_is_over(reported_2024):
    at = open_page("pages/briefing.py", {"year": "2023", "field": "labour", "lang": "vi"})
    assert not at.exception
    assert "22.550 người khoảng" not in texts(at)
    assert "Mô phỏng tham khảo" not in texts(at)
