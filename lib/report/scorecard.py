"""Scorecards: how a year went against plan, and what next year's targets mean.

Owns the status scale of official tables, Vượt / Đạt / Cơ bản đạt / Chưa đạt (exceeded, met,
close, behind), and its thresholds (one place: THRESHOLDS; the legend, the cards, the charts
and the briefing's summary line all read them), how `down` indicators are judged (the other way
round), and the text of each card and of each "next year" comparison. Exactly 100% is "met",
not "exceeded"; a source's "trên 100%" is exceeded. Plain functions over
`queries.year_summary` rows, importable by any page or the briefing. Never computes a figure
that is shown as reported: achievements and comparisons are marked as computed, and every
number comes from the store.

Series breaks: a year under another measurement standard than the year before gives no change
on the card (`change_note` says it is not comparable), and a next-year target under another
standard than this year is "không so sánh được" / "not comparable", never a difference
(`contract.comparable`).
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from lib import fmt, i18n, units
from lib.data import contract
from lib.i18n import t
from lib.report import summary
from lib.units import is_missing

# Achievement (% of plan): above MET_PCT "exceeded" (vượt), exactly MET_PCT "met" (đạt), at or
# above CLOSE_PCT "close" (cơ bản đạt), below it "behind" (chưa đạt).
MET_PCT = 100.0
CLOSE_PCT = 90.0
EXCEEDED_PCT = MET_PCT  # kept for callers: the scale's top mark ("above 100%")
# Computed percentages within this of 100 count as exactly 100 (float noise, not a result).
_EPS = 1e-9

STATUSES = ("exceeded", "met", "close", "behind", "no_plan")
# Never colour alone: each status has an icon and a word too. Blue/orange/red-purple read apart
# for the common colour-vision deficiencies (no red-green pair).
STATUS_ICON = {
    "exceeded": ":material/check_circle:",
    "met": ":material/check:",
    "close": ":material/error:",
    "behind": ":material/cancel:",
    "no_plan": ":material/remove_circle_outline:",
}
# ... and one point shape per status on a chart or map (the places map), never colour alone.
STATUS_SHAPE = {
    "exceeded": "triangle-up",
    "met": "circle",
    "close": "diamond",
    "behind": "triangle-down",
    "no_plan": "cross",
}
STATUS_COLOR = {"exceeded": "blue", "met": "green", "close": "orange", "behind": "violet", "no_plan": "gray"}
# The same statuses in charts (Okabe-Ito, colour-blind safe).
STATUS_HEX = {
    "exceeded": "#0072B2",
    "met": "#56B4E9",
    "close": "#E69F00",
    "behind": "#CC79A7",
    "no_plan": "#999999",
}


def _clean(x: object) -> object:
    return None if is_missing(x) else x


def achievement_pct(
    actual: float | None, target: float | None, pct_of_target: float | None, direction: str = "up"
) -> float | None:
    """% of plan achieved. A reported % of plan is taken as the source states it. Otherwise
    `up`: 100 * actual / target; `down` (less is better): 100 * target / actual. None when it
    cannot be computed (no plan, or a `down` actual of 0, which `status` treats as met)."""
    if not is_missing(pct_of_target):
        return float(pct_of_target)
    if is_missing(actual) or is_missing(target):
        return None
    if direction == "down":
        return None if actual == 0 else 100.0 * target / actual
    return None if target == 0 else 100.0 * actual / target


def status(
    actual: float | None,
    target: float | None,
    pct_of_target: float | None,
    direction: str = "up",
    pct_bound: str | None = None,
) -> str:
    """ "exceeded" (> MET_PCT), "met" (= MET_PCT), "close" (≥ CLOSE_PCT), "behind", or
    "no_plan". A reported "trên X%" (`pct_bound` "more_than") counts as just above X, "dưới X%"
    as just below."""
    pct_bound = pct_bound if isinstance(pct_bound, str) else None  # NA/NaN from a frame: no bound
    pct = achievement_pct(actual, target, pct_of_target, direction)
    if pct is None:
        if direction == "down" and not is_missing(actual) and not is_missing(target) and actual == 0:
            return "exceeded"
        return "no_plan"
    if abs(pct - MET_PCT) <= _EPS:
        pct = MET_PCT
    above = pct_bound == "more_than" and not is_missing(pct_of_target)
    below = pct_bound == "less_than" and not is_missing(pct_of_target)
    if pct > MET_PCT or (pct == MET_PCT and above):
        return "exceeded"
    if pct == MET_PCT and not below:
        return "met"
    return "close" if pct > CLOSE_PCT or (pct == CLOSE_PCT and not below) else "behind"


def legend(lang: str = "vi") -> str:
    """The status scale in words, from the thresholds above."""
    return t("status.legend", lang, exceeded=f"{MET_PCT:g}", close=f"{CLOSE_PCT:g}")


def status_label(key: str, lang: str = "vi") -> str:
    return t(f"status.{key}", lang)


def change_is_better(change_pct: float | None, direction: str = "up") -> bool | None:
    """A rise is better for `up` indicators, a fall for `down` ones; None when flat or unknown."""
    if is_missing(change_pct) or change_pct == 0:
        return None
    return (change_pct > 0) == (direction != "down")


def _sig_percent(x: float, lang: str) -> str:
    """A relative difference to two significant figures: 13,1 -> "13%", 1,66 -> "1,7%"."""
    return fmt.percent(abs(x), lang, 0 if abs(x) >= 10 else 1)


def _provenance_text(provenance: str | None, lang: str) -> str:
    return t(f"provenance.{provenance}", lang) if provenance else ""


def _plan_text(
    value: float,
    unit: str,
    lang: str,
    bound: str | None,
    provenance: str | None,
    low: float | None,
    high: float | None,
    prose: bool = False,
) -> str:
    """A plan as people read it: a reported one as the source gives it; a calculated one at the
    precision its range allows ("khoảng 8.000 người"), or with its bound ("dưới 1.135 hộ"); an
    exact calculation (a sum of months) as it is. The one rule for every screen:
    `summary.figure_text`."""
    return summary.figure_text(value, unit, lang, bound, provenance, low, high, prose=prose)


def figure_help(
    provenance: str | None,
    unit: str,
    lang: str,
    formula: str | None = None,
    low: float | None = None,
    high: float | None = None,
    source: str | None = None,
) -> str:
    """Hover text for a figure: its provenance; for derived ones the formula and range."""
    provenance, formula, source = _clean(provenance), _clean(formula), _clean(source)
    low, high = _clean(low), _clean(high)
    if provenance is None:
        return ""
    parts = [t("status.provenance", lang, provenance=t(f"provenance.{provenance}", lang))]
    if provenance == "derived" and formula:
        parts.append(t("status.formula", lang, formula=fmt.formula_text(formula, lang)))
        if not is_missing(low) and not is_missing(high):
            parts.append(
                t(
                    "status.range",
                    lang,
                    low=fmt.figure(low, unit, lang, with_unit=False),
                    high=fmt.figure(high, unit, lang, with_unit=False),
                )
            )
        # An open range ("dưới 1.135 hộ") is said once, by the figure itself.
    if source:
        parts.append(t("status.source", lang, source=source))
    return "  \n".join(parts)


@dataclass(frozen=True)
class Card:
    """One indicator's card, as display text (Vietnamese or English number style)."""

    indicator_id: str
    field: str
    area: str
    name: str
    actual_text: str
    actual_help: str
    actual_provenance_text: str
    plan_text: str
    plan_help: str
    plan_provenance_text: str
    pct_text: str
    pct_help: str
    change_text: str
    change_better: bool | None
    status: str
    status_text: str
    change_note: str = ""  # series breaks: why no change is given ("" when one is, or none is known)
    # A % of plan the source did not print ("Tính toán" beside it, as beside a calculated plan)
    pct_provenance_text: str = ""
    change_help: str = ""  # the change's provenance (and formula when calculated), on hover


def card(row: object, lang: str = "vi") -> Card:
    """A card from one `queries.year_summary` row (a namedtuple from `itertuples`)."""
    r = {k: _clean(v) for k, v in row._asdict().items()}
    unit, direction = r["unit"], r["direction"] or "up"
    key = status(r["actual"], r["target"], r["pct_of_target"], direction, r["pct_bound"])
    pct = achievement_pct(r["actual"], r["target"], r["pct_of_target"], direction)
    if r["pct_of_target"] is not None:
        pct_text = fmt.bound_prefix(r["pct_bound"], lang) + fmt.percent(pct, lang)
        pct_help = figure_help(r["pct_provenance"], unit, lang, formula=r.get("pct_formula"))
    elif pct is not None:
        pct_text = "≈" + fmt.percent(pct, lang)
        formula = "100 * target / actual" if direction == "down" else "100 * actual / target"
        pct_help = figure_help("derived", unit, lang, formula=formula)
    else:
        pct_text, pct_help = "—", ""
    plan_text = "—"
    if r["target"] is not None:
        plan_text = _plan_text(
            r["target"],
            unit,
            lang,
            r["target_bound"],
            r["target_provenance"],
            r["target_low"],
            r["target_high"],
        )
    change = r["change_pct"]
    prev = r.get("prev_standard")
    broken = isinstance(prev, str) and not contract.comparable(r.get("standard") or "", prev)
    if broken:  # no change across two standards, even one the source printed
        change = None
    return Card(
        indicator_id=r["indicator_id"],
        field=r["field"],
        area=r["area"],
        name=i18n.name(r, lang),
        # A calculated actual: a sum of months (exact) as it is, one from a rounded percentage
        # "khoảng …" with its formula and range in the hover, as a calculated plan.
        actual_text=_plan_text(
            r["actual"],
            unit,
            lang,
            r["actual_bound"],
            r["actual_provenance"],
            r.get("actual_low"),
            r.get("actual_high"),
        )
        if r["actual"] is not None
        else "—",
        actual_help=figure_help(
            r["actual_provenance"],
            unit,
            lang,
            r.get("actual_formula"),
            r.get("actual_low"),
            r.get("actual_high"),
            source=r["actual_source"],
        )
        if r["actual"] is not None
        else "",
        actual_provenance_text=_provenance_text(r["actual_provenance"], lang),
        plan_text=plan_text,
        plan_provenance_text=_provenance_text(r["target_provenance"], lang)
        if r["target"] is not None
        else "",
        plan_help=figure_help(
            r["target_provenance"], unit, lang, r["target_formula"], r["target_low"], r["target_high"]
        )
        if r["target"] is not None
        else "",
        pct_text=pct_text,
        pct_help=pct_help,
        # An ASCII minus so Streamlit's metric draws a down arrow.
        change_text=(fmt.signed_percent(change, lang).replace("−", "-") if change is not None else ""),
        change_better=change_is_better(change, direction),
        status=key,
        status_text=status_label(key, lang),
        change_note=t("overview.change_not_comparable", lang)
        if broken
        else t("overview.change_unstated", lang)
        if change is not None and isinstance(prev, str) and contract.assumed_same(r.get("standard"), prev)
        else "",
        pct_provenance_text=_provenance_text(r["pct_provenance"], lang)
        if r["pct_of_target"] is not None and r["pct_provenance"] not in (None, "reported")
        else "",
        change_help=figure_help(
            r.get("change_provenance"),
            unit,
            lang,
            formula="100 * (actual / previous_actual - 1)"
            if r.get("change_provenance") == "derived"
            else None,
        )
        if change is not None
        else "",
    )


def cards(summary: pd.DataFrame, lang: str = "vi") -> list[Card]:
    """Cards for every indicator with an actual in the summary, in the summary's order."""
    return [card(r, lang) for r in summary.itertuples(index=False) if not is_missing(r.actual)]


def plan_cards(summary: pd.DataFrame, lang: str = "vi") -> list[Card]:
    """Cards for every indicator with a plan but no actual yet (the Overview shows the plan)."""
    return [
        card(r, lang)
        for r in summary.itertuples(index=False)
        if is_missing(r.actual) and not is_missing(r.target)
    ]


@dataclass(frozen=True)
class NextTarget:
    """Next year's target of one indicator and what it means against this year."""

    indicator_id: str
    field: str
    name: str
    target_text: str
    target_help: str
    against: list[str]


def compare(new: float, base: float, unit: str, lang: str) -> tuple[str, str] | None:
    """(size, direction) of `new` against `base`: a unit compared by difference
    (`units.by_difference`: points) as a difference in its unit ("1,87 điểm %": the lines of a
    card, which writes its unit as its figure does), everything else as a relative difference
    ("13%"); direction "above"/"below"/"equal"."""
    got = _difference(new, base, unit)
    if got is None:
        return None
    diff, way = got
    return _size(diff, unit, lang), way


def _difference(new: float, base: float, unit: str) -> tuple[float, str] | None:
    if is_missing(new) or is_missing(base):
        return None
    if units.by_difference(unit):
        diff = new - base
    else:
        if base == 0:
            return None
        diff = 100.0 * (new / base - 1)
    if round(diff, 6) == 0:
        return 0.0, "equal"
    return diff, "above" if diff > 0 else "below"


def _size(diff: float, unit: str, lang: str, with_unit: bool = True) -> str:
    if units.by_difference(unit):
        return fmt.figure(abs(diff), unit, lang, with_unit=with_unit)
    text = _sig_percent(diff, lang)
    return text if with_unit else text.rstrip("%")


def _range_text(
    new: float, low: float, high: float, unit: str, lang: str, year: int, value: str
) -> str | None:
    """Against a calculated plan known only within [low, high]: "thấp hơn từ 0,52 đến 0,54 điểm %
    so với kế hoạch năm 2023 (...)" (no signs, no double negatives)."""
    ends = [_difference(new, v, unit) for v in (low, high)]
    if not all(ends):
        return None
    ways = {w for _, w in ends}
    if len(ways) != 1 or ways == {"equal"}:
        return t("next.near_target_range", lang, year=year, value=value)
    small, large = sorted(abs(d) for d, _ in ends)
    return t(
        f"next.{ways.pop()}_target_range",
        lang,
        low=_size(small, unit, lang, with_unit=False) + ("" if units.by_difference(unit) else "%"),
        high=_size(large, unit, lang),
        year=year,
        value=value,
    )


def next_year(
    this_year: pd.DataFrame, next_year_rows: pd.DataFrame, year: int, lang: str = "vi"
) -> list[NextTarget]:
    """Each target set for `year + 1`, against `year`'s actual and `year`'s plan (both from the
    data; a calculated plan is given at the precision its range allows, and the difference as
    the range the rounding allows)."""
    base = {(r.indicator_id, r.area): r for r in this_year.itertuples(index=False)}
    out = []
    for row in next_year_rows.itertuples(index=False):
        if is_missing(row.target):
            continue
        unit = row.unit
        now = base.get((row.indicator_id, row.area))
        against = []
        if now is not None and not contract.comparable(
            getattr(row, "standard", ""), getattr(now, "standard", "")
        ):
            name = getattr(row, "standard_name_en" if lang == "en" else "standard_name_vi", "") or t(
                "charts.standard_none", lang
            )
            against.append(t("next.not_comparable", lang, year=year, next=year + 1, name=name))
            now = None  # series breaks: no difference across two standards
        for measure in ("actual", "target"):
            value = None if now is None else _clean(getattr(now, measure))
            got = compare(row.target, value, unit, lang) if value is not None else None
            if got is None:
                continue
            size, way = got
            prov = getattr(now, f"{measure}_provenance")
            bound = _clean(getattr(now, f"{measure}_bound"))
            low = _clean(now.target_low) if measure == "target" else None
            high = _clean(now.target_high) if measure == "target" else None
            # One card, one way of writing its unit: "trên 3 điểm %" above, "4,87 điểm %" here.
            value_text = _plan_text(value, unit, lang, bound, prov, low, high)
            text = t(f"next.{way}_{measure}", lang, size=size, year=year, value=value_text)
            if prov == "derived" and measure == "target" and low is not None and high is not None:
                text = _range_text(row.target, low, high, unit, lang, year, value_text) or text
            against.append(text)
        out.append(
            NextTarget(
                indicator_id=row.indicator_id,
                field=row.field,
                name=i18n.name(row, lang),
                target_text=_plan_text(
                    row.target,
                    unit,
                    lang,
                    row.target_bound,
                    row.target_provenance,
                    row.target_low,
                    row.target_high,
                ),
                target_help=figure_help(
                    row.target_provenance, unit, lang, row.target_formula, row.target_low, row.target_high
                ),
                against=against,
            )
        )
    return out
