"""The year summary as people read it: one row per indicator, figures in the UI's number style.

Owns turning `queries.year_summary` rows into display text (name in the UI language, unit,
"trên" bounds, provenance, the formulas of its calculated figures in words). `figure_text` writes a
calculated figure with a range at the precision the range allows (`fmt.approx_figure`: "khoảng
22.200 người", as the cards say) and an exact calculation (a sum of months: its range is the
figure itself) as it is; the briefing's report uses it. Never computes a figure:
every number comes from the store.
"""

from __future__ import annotations

import pandas as pd

from lib import fmt, i18n
from lib.data import areas
from lib.i18n import t
from lib.units import is_missing


def provenance_label(provenance: str | None, lang: str) -> str:
    return t(f"provenance.{provenance}", lang) if provenance else "—"


def figure_text(
    value: float | None,
    unit: str,
    lang: str,
    bound: str | None = None,
    provenance: str | None = None,
    low: float | None = None,
    high: float | None = None,
    with_unit: bool = True,
) -> str:
    """A figure as the screen writes it: a calculated one with a range through
    `fmt.approx_figure` ("khoảng 22.200 người", "dưới 1.135 hộ"), anything else through
    `fmt.figure` ("25.953 người", "trên 6,96 tỷ đồng"). The condition is the cards' own
    (`scorecard._plan_text`): a range that is the figure itself is an exact calculation."""
    ranged = not (is_missing(low) or is_missing(high)) and low != high
    if provenance == "derived" and ranged:
        return fmt.approx_figure(value, unit, lang, low, high, bound, with_unit=with_unit)
    return fmt.figure(value, unit, lang, bound, with_unit=with_unit)


def formula_words(r, lang: str) -> str:
    """The formulas of a row's calculated figures (plan, % of plan) in the reader's words, as the
    screen shows them: "Thực hiện ÷ (% kế hoạch ÷ 100)"; empty when nothing is calculated."""
    found = [fmt.formula_text(f, lang) for f in (r.target_formula, getattr(r, "pct_formula", None))]
    return "; ".join(dict.fromkeys(f for f in found if f))


def summary_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Columns: indicator, field, actual, plan, % of plan, change, provenance, formula."""
    out = []
    for r in rows.itertuples(index=False):
        provs = {r.actual_provenance, r.target_provenance, r.pct_provenance}
        provs.discard(None)
        provs = {p for p in provs if isinstance(p, str)}
        out.append(
            {
                t("overview.col_indicator", lang): i18n.name(r, lang),
                t("overview.col_field", lang): i18n.label("field", r.field, lang),
                t("overview.col_actual", lang): fmt.figure(r.actual, r.unit, lang, r.actual_bound),
                t("overview.col_plan", lang): fmt.figure(r.target, r.unit, lang, r.target_bound),
                t("overview.col_pct", lang): fmt.bound_prefix(r.pct_bound, lang)
                + fmt.percent(r.pct_of_target, lang),
                t("overview.col_change", lang): fmt.signed_percent(r.change_pct, lang),
                t("overview.col_provenance", lang): ", ".join(
                    provenance_label(p, lang) for p in sorted(provs)
                ),
                t("overview.col_formula", lang): formula_words(r, lang),
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
