"""Number style: Vietnamese by default, English on request."""

import pytest

from lib import fmt


@pytest.mark.parametrize(
    ("call", "vi", "en"),
    [
        (lambda lang: fmt.number(25953, lang), "25.953", "25,953"),
        (lambda lang: fmt.number(1234567.5, lang), "1.234.567,5", "1,234,567.5"),
        (lambda lang: fmt.percent(169.7, lang), "169,7%", "169.7%"),
        (lambda lang: fmt.percent(117, lang), "117%", "117%"),
        (lambda lang: fmt.signed_percent(4, lang), "+4%", "+4%"),
        (lambda lang: fmt.figure(4.87, "points", lang), "4,87 điểm %", "4.87 points"),
        (
            lambda lang: fmt.figure(6.96e9, "vnd", lang, "more_than"),
            "trên 6,96 tỷ đồng",
            "over 6.96 billion VND",
        ),
        (lambda lang: fmt.figure(22550, "people", lang), "22.550 người", "22,550 people"),
        (lambda lang: fmt.number(None, lang), "—", "—"),
    ],
)
def test_formats(call, vi, en):
    assert (call("vi"), call("en")) == (vi, en)
