"""Review of 1 Dec 2026, defect 3: the poverty simulator never gives a rate outside 0–100%, and
a negative fall reads as the rise it is, with a true minus sign wherever one is shown."""

from __future__ import annotations

import re

import pyarrow as pa
import pytest
from fixtures import metrics, open_sim, page_texts

from lib.models import simulate as sim
from lib.report import sim_words


def poverty(**kw) -> sim.PovertyInputs:
    base = dict(rate_pct=8.0, households=300_000, exit_pct=45.0, entry_pct=0.3, target_pp=3.0)
    return sim.PovertyInputs(**{**base, **kw})


@pytest.mark.parametrize(
    "rate, exit_pct, entry, cv",
    [
        (8.0, 100.0, 100.0, 10.0),  # the review's link
        (8.0, 100.0, 0.0, 30.0),  # more exits than poor households, without the cap
        (0.5, 100.0, 0.0, 50.0),
        (99.0, 0.0, 100.0, 50.0),
        (100.0, 100.0, 100.0, 30.0),
        (0.0, 0.0, 100.0, 30.0),
        (50.0, 90.0, 90.0, 60.0),
    ],
)
def test_the_rate_at_the_end_of_the_year_stays_within_0_and_100(rate, exit_pct, entry, cv):
    r = sim.simulate_poverty(poverty(rate_pct=rate, exit_pct=exit_pct, entry_pct=entry, cv_pct=cv))
    end_rate = rate - r.falls
    assert end_rate.min() >= -1e-9 and end_rate.max() <= 100 + 1e-9
    assert rate - 100 - 1e-9 <= r.low <= r.median <= r.high <= rate + 1e-9


def test_every_household_leaving_and_entering_is_the_rate_of_the_others():
    r = sim.simulate_poverty(poverty(exit_pct=100.0, entry_pct=100.0, cv_pct=0.0))
    assert r.low == r.median == r.high == pytest.approx(8.0 - 92.0)  # the rate goes 8% -> 92%


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        (
            "vi",
            # The median with the decimals of its interval (review 2: "tăng 84" beside "84,69").
            "Với các giả định này, tỷ lệ hộ nghèo dự kiến tăng 84,00 điểm phần trăm, 80% khả năng mức tăng "
            "nằm trong khoảng 72,51 – 84,69 điểm phần trăm; khả năng giảm trên 3 điểm phần trăm là 0%.",
        ),
        (
            "en",
            "With these assumptions, the poor-household rate is expected to rise by 84.00 percentage points, "
            "with an 80% chance of a rise between 72.51 and 84.69 percentage points; the chance of a fall "
            "of over 3 percentage points is 0%.",
        ),
    ],
)
def test_a_negative_fall_reads_as_a_rise(lang, expected):
    r = sim.simulate_poverty(poverty(exit_pct=100.0, entry_pct=100.0))
    assert sim_words.poverty_sentence(r, lang) == expected
    assert dict(sim_words.poverty_metrics(r, lang))[
        "Mức giảm dự kiến (trung vị, điểm %)" if lang == "vi" else "Expected fall (median, points)"
    ] == ("−84,00" if lang == "vi" else "−84.00")


def test_an_interval_across_zero_keeps_its_signs_with_a_true_minus():
    r = sim.simulate_poverty(poverty(exit_pct=10.0, entry_pct=1.0))
    text = sim_words.poverty_sentence(r, "vi")
    assert "tăng 0,12 điểm phần trăm" in text and "khoảng −0,04 – 0,28" in text
    shown = dict(sim_words.poverty_metrics(r, "vi"))
    assert shown["Khoảng dự báo 80% (điểm %)"] == "−0,28 – 0,04"


@pytest.mark.parametrize(("x", "text"), [(-83.97, "−83,97"), (-0.001, "0"), (0.0, "0"), (4.87, "4,87")])
def test_points_use_a_true_minus_and_no_minus_zero(x, text):
    assert sim_words.points(x, "vi") == text


def test_the_reviewers_link_on_the_page(isolated_app):
    at = open_sim(pov_exit_pct="100", pov_entry_pct="100")
    texts = page_texts(at)
    assert any("tỷ lệ hộ nghèo dự kiến tăng 84,00 điểm phần trăm" in x for x in texts)
    assert not [x for x in texts if re.search(r"giảm -|giảm −", x)]
    assert metrics(at)["Mức giảm dự kiến (trung vị, điểm %)"] == "−84,00"
    # The histogram's data never reach a fall below r − 100 (a rate above 100%).
    found: list[float] = []
    for chart in at.get("vega_lite_chart"):
        for dataset in chart.proto.datasets:  # Streamlit sends a chart's data as Arrow
            frame = pa.ipc.open_stream(dataset.data.data).read_all().to_pandas()
            if "start" in frame:
                found += list(frame["start"]) + list(frame["end"])
    assert found and min(found) >= 8.0 - 100 - 1e-9
