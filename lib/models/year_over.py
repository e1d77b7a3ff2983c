"""The poverty rate's target year when it is over: its result, stated, never simulated.

The jobs simulator stops at a year that is over through `sim_setup.year_actual` (the tracker's
`final`: the year's own figure, or its 12 months). The poverty model reads its setup from the
same place but never asked; this module asks it the same way, with the same functions, so there
is one rule for "the year is over": the year the poverty tab simulates (`sim_setup.choices`: the
latest year with a set target), the tracker's track of it (`tracking.track_of`; a rate has no
sum of months, so only a whole-year figure makes it final), and `sim_setup.year_actual` for the
figure and whether it met the target. The sentence a page shows is `poverty_sentence`.

Reads the store through `lib.data.queries` only; never imports Streamlit, never writes.
"""

from __future__ import annotations

from lib import fmt
from lib.data import areas as area_catalogue
from lib.data import queries
from lib.i18n import t
from lib.models import sim_setup, tracking


def poverty(con, area: str = area_catalogue.WHOLE) -> dict | None:
    """The poverty rate's target year result in `area` when the tracker calls that year final:
    `sim_setup.year_actual`'s {"value", "year", "bound", "provenance", "formula", "achieved"}
    and the target ({"target", "target_bound"}). None while the year is not over (the page then
    simulates it) or when the data has no poverty target."""
    rows = queries.sim_figures(con, sim_setup.POVERTY_ID, area)
    year = sim_setup.choices(rows)["year"]
    if year is None:
        return None
    track = tracking.track_of(con, sim_setup.POVERTY_ID, year, area)
    got = sim_setup.year_actual(rows, track)
    if got is None:
        return None
    return got | {"target": track.target, "target_bound": track.target_bound}


def poverty_sentence(got: dict, lang: str) -> str:
    """ "Năm 2024 đã có kết quả cả năm: tỷ lệ hộ nghèo giảm 3,2 điểm phần trăm, đạt chỉ tiêu
    giảm trên 3 điểm phần trăm." (a negative fall is said as the rise it is)."""
    value = got["value"]
    key = "simulate.poverty_year_rise" if value < 0 else "simulate.poverty_year_fall"
    return t(
        "simulate.poverty_year_result",
        lang,
        year=got["year"],
        change=t(key, lang, value=fmt.number(abs(value), lang)),
        reached=t("simulate.year_reached" if got["achieved"] else "simulate.year_missed", lang),
        bound=fmt.bound_prefix(got["target_bound"], lang),
        target=fmt.number(got["target"], lang),
    )
