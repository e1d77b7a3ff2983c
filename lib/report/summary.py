"""The year summary as people read it: one row per indicator, figures in the UI's number style.

Owns turning `queries.year_summary` rows into display text (name in the UI language, unit,
"trên" bounds, provenance, the formulas of its calculated figures in words).

The one place that decides how a calculated figure is written on screen (`approximate`,
`figure_text`, `shown_value`): a figure calculated from a rounded percentage (a plan from
"117%", a previous year from "+4%") is known only within a range, so every card, table, sentence
and chart label writes it at the precision that range allows, "khoảng 22.200 người" (22.182 lies in
22.088–22.277), with its formula and range beside it (a card's hover, a table's formula or bound
columns, the briefing's note); an exact calculation (a sum of months: its range is the figure
itself) and an open bound ("dưới 1.135 hộ") are written as they are. Downloads keep the number
itself (22182) with its bounds and formula as columns of their own (`lib/report/export.py`).
Never computes a figure: every number comes from the store.
"""

from __future__ import annotations

import pandas as pd

from lib import fmt, i18n
from lib.data import areas
from lib.i18n import t
from lib.units import is_missing


def provenance_label(provenance: str | None, lang: str) -> str:
    return t(f"provenance.{provenance}", lang) if provenance else "—"


def _clean(x: object) -> object:
    return None if is_missing(x) else x


def approximate(provenance: object, low: object, high: object, bound: object = None) -> bool:
    """Whether a figure is written "khoảng …": a calculated one whose range is more than the
    figure itself (a sum of months is exact: its range is itself) and that has no open bound
    ("dưới 1.135 hộ" says how exact it is with its own word)."""
    low, high, bound = _clean(low), _clean(high), _clean(bound)
    if provenance != "derived" or low is None or high is None or low == high:
        return False
    return bound not in ("more_than", "less_than")


def shown_value(
    value: float | None, unit: str, provenance: object, low: object, high: object, bound: object = None
) -> float | None:
    """The number a chart label writes for a figure: an approximate one (`approximate`) at the
    precision its range allows (22.182 in 22.088–22.277 -> 22.200), any other as it is."""
    if is_missing(value):
        return None
    if approximate(provenance, low, high, bound):
        return fmt.rounded_in_range(float(value), float(low), float(high), unit)
    return float(value)


def figure_text(
    value: float | None,
    unit: str,
    lang: str,
    bound: str | None = None,
    provenance: str | None = None,
    low: float | None = None,
    high: float | None = None,
    with_unit: bool = True,
    prose: bool = False,
) -> str:
    """A figure as the screen writes it, everywhere (cards, tables, sentences): an approximate
    one (`approximate`) through `fmt.approx_figure` ("khoảng 22.200 người"), anything else
    through `fmt.figure` ("25.953 người", "dưới 1.135 hộ", "trên 6,96 tỷ đồng")."""
    bound = _clean(bound)
    if approximate(provenance, low, high, bound):
        return fmt.approx_figure(value, unit, lang, low, high, with_unit=with_unit, prose=prose)
    return fmt.figure(value, unit, lang, bound, with_unit=with_unit, prose=prose)


def range_text(unit: str, lang: str, low: object, high: object, measure: str = "target") -> str:
    """ "kế hoạch nằm trong khoảng 22.088 – 22.277 người, do tỷ lệ phần trăm trong nguồn đã làm
    tròn": a table's words for the range a card gives on hover."""
    lo, hi = sorted((float(low), float(high)))
    return t(
        "overview.formula_range",
        lang,
        measure=t(f"measure.{measure}", lang).lower(),
        low=fmt.figure(lo, unit, lang, with_unit=False),
        high=fmt.figure(hi, unit, lang),
    )


def formula_words(r, lang: str) -> str:
    """The formulas of a row's calculated figures (actual, plan, % of plan) in the reader's words,
    as the screen shows them: "Thực hiện ÷ (% kế hoạch ÷ 100)"; empty when nothing is calculated."""
    found = [
        fmt.formula_text(getattr(r, c, None), lang)
        for c in ("actual_formula", "target_formula", "pct_formula")
    ]
    return "; ".join(dict.fromkeys(f for f in found if f))


def _formula_cell(r, lang: str) -> str:
    """The table's formula column: the formulas in words, and the range of each figure written
    "khoảng …" (the screen's only other place for it is the card's hover)."""
    parts = [formula_words(r, lang)]
    for measure in ("actual", "target"):
        low, high = getattr(r, f"{measure}_low", None), getattr(r, f"{measure}_high", None)
        if approximate(
            getattr(r, f"{measure}_provenance", None), low, high, getattr(r, f"{measure}_bound", None)
        ):
            parts.append(range_text(r.unit, lang, low, high, measure))
    return "; ".join(p for p in parts if p)


def summary_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Columns: indicator, field, actual, plan, % of plan, change, provenance, formula. Figures
    as every screen writes them (`figure_text`): a plan calculated from a rounded percentage is
    "khoảng 22.200 người", its range in the formula column."""
    out = []
    for r in rows.itertuples(index=False):
        provs = {r.actual_provenance, r.target_provenance, r.pct_provenance}
        provs.discard(None)
        provs = {p for p in provs if isinstance(p, str)}
        out.append(
            {
                t("overview.col_indicator", lang): i18n.name(r, lang),
                t("overview.col_field", lang): i18n.label("field", r.field, lang),
                t("overview.col_actual", lang): figure_text(
                    r.actual,
                    r.unit,
                    lang,
                    r.actual_bound,
                    r.actual_provenance,
                    getattr(r, "actual_low", None),
                    getattr(r, "actual_high", None),
                ),
                t("overview.col_plan", lang): figure_text(
                    r.target, r.unit, lang, r.target_bound, r.target_provenance, r.target_low, r.target_high
                ),
                t("overview.col_pct", lang): fmt.bound_prefix(r.pct_bound, lang)
                + fmt.percent(r.pct_of_target, lang),
                t("overview.col_change", lang): fmt.signed_percent(r.change_pct, lang),
                t("overview.col_provenance", lang): ", ".join(
                    provenance_label(p, lang) for p in sorted(provs)
                ),
                t("overview.col_formula", lang): _formula_cell(r, lang),
            }
        )
    return pd.DataFrame(out)


def figures_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Explore's plain table of the filtered figures (rows of `queries.explore_table`): the
    overview's columns (`summary_table`), each row's area and period after the indicator. It
    shows every figure the filters keep, also those no chart can draw (an actual with no plan)."""
    out = summary_table(rows, lang)
    out.insert(1, t("charts.area", lang), [areas.display_name(str(a), lang) for a in rows["area"]])
    out.insert(2, t("charts.period", lang), [str(p) for p in rows["period"]])
    return out
