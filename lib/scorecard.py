"""Scorecards: how a year went against plan, and what next year's targets mean.

Owns the status thresholds (one place), how `down` indicators are judged (the other way
round), and the text of each card and of each "next year" comparison. Plain functions over
`store.year_summary` rows, importable by any page or the briefing. Never computes a figure
that is shown as reported: achievements and comparisons are marked as computed, and every
number comes from the store.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd

from lib import fmt
from lib.i18n import t

# Achievement (% of plan) at or above which a result is "exceeded" / "close"; below: "behind".
EXCEEDED_PCT = 100.0
CLOSE_PCT = 90.0

STATUSES = ("exceeded", "close", "behind", "no_plan")
# Never colour alone: each status has an icon and a word too. Blue/orange/red-purple read apart
# for the common colour-vision deficiencies (no red-green pair).
STATUS_ICON = {
    "exceeded": ":material/check_circle:",
    "close": ":material/error:",
    "behind": ":material/cancel:",
    "no_plan": ":material/remove_circle_outline:",
}
STATUS_COLOR = {"exceeded": "blue", "close": "orange", "behind": "violet", "no_plan": "gray"}
# The same statuses in charts (Okabe-Ito, colour-blind safe).
STATUS_HEX = {"exceeded": "#0072B2", "close": "#E69F00", "behind": "#CC79A7", "no_plan": "#999999"}


def missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA


def _clean(x: object) -> object:
    return None if missing(x) else x


def achievement_pct(
    actual: float | None, target: float | None, pct_of_target: float | None, direction: str = "up"
) -> float | None:
    """% of plan achieved. A reported % of plan is taken as the source states it. Otherwise
    `up`: 100 * actual / target; `down` (less is better): 100 * target / actual. None when it
    cannot be computed (no plan, or a `down` actual of 0, which `status` treats as met)."""
    if not missing(pct_of_target):
        return float(pct_of_target)
    if missing(actual) or missing(target):
        return None
    if direction == "down":
        return None if actual == 0 else 100.0 * target / actual
    return None if target == 0 else 100.0 * actual / target


def status(
    actual: float | None, target: float | None, pct_of_target: float | None, direction: str = "up"
) -> str:
    """ "exceeded" (≥ EXCEEDED_PCT), "close" (≥ CLOSE_PCT), "behind", or "no_plan"."""
    pct = achievement_pct(actual, target, pct_of_target, direction)
    if pct is None:
        if direction == "down" and not missing(actual) and not missing(target) and actual == 0:
            return "exceeded"
        return "no_plan"
    if pct >= EXCEEDED_PCT:
        return "exceeded"
    return "close" if pct >= CLOSE_PCT else "behind"


def status_label(key: str, lang: str = "vi") -> str:
    return t(f"status.{key}", lang)


def change_is_better(change_pct: float | None, direction: str = "up") -> bool | None:
    """A rise is better for `up` indicators, a fall for `down` ones; None when flat or unknown."""
    if missing(change_pct) or change_pct == 0:
        return None
    return (change_pct > 0) == (direction != "down")


def _sig_percent(x: float, lang: str) -> str:
    """A relative difference to two significant figures: 13,1 -> "13%", 1,66 -> "1,7%"."""
    return fmt.percent(abs(x), lang, 0 if abs(x) >= 10 else 1)


def _provenance_text(provenance: str | None, lang: str) -> str:
    return t(f"provenance.{provenance}", lang) if provenance else ""


def _approx(provenance: str | None) -> str:
    return "≈" if provenance == "derived" else ""


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
        parts.append(t("status.formula", lang, formula=formula))
        if not missing(low) and not missing(high):
            parts.append(
                t(
                    "status.range",
                    lang,
                    low=fmt.figure(low, unit, lang, with_unit=False),
                    high=fmt.figure(high, unit, lang, with_unit=False),
                )
            )
        elif not missing(high):
            parts.append(t("status.at_most", lang, high=fmt.figure(high, unit, lang, with_unit=False)))
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


def card(row: object, lang: str = "vi") -> Card:
    """A card from one `store.year_summary` row (a namedtuple from `itertuples`)."""
    r = {k: _clean(v) for k, v in row._asdict().items()}
    unit, direction = r["unit"], r["direction"] or "up"
    key = status(r["actual"], r["target"], r["pct_of_target"], direction)
    pct = achievement_pct(r["actual"], r["target"], r["pct_of_target"], direction)
    if r["pct_of_target"] is not None:
        pct_text = fmt.bound_prefix(r["pct_bound"], lang) + fmt.percent(pct, lang)
        pct_help = figure_help(r["pct_provenance"], unit, lang)
    elif pct is not None:
        pct_text = "≈" + fmt.percent(pct, lang)
        formula = "100 * target / actual" if direction == "down" else "100 * actual / target"
        pct_help = figure_help("derived", unit, lang, formula=formula)
    else:
        pct_text, pct_help = "—", ""
    plan_text = "—"
    if r["target"] is not None:
        approx = "" if r["target_bound"] in ("more_than", "less_than") else _approx(r["target_provenance"])
        plan_text = approx + fmt.figure(r["target"], unit, lang, r["target_bound"])
    change = r["change_pct"]
    return Card(
        indicator_id=r["indicator_id"],
        field=r["field"],
        area=r["area"],
        name=r["name_vi"] if lang == "vi" else r["name_en"],
        actual_text=_approx(r["actual_provenance"]) + fmt.figure(r["actual"], unit, lang, r["actual_bound"]),
        actual_help=figure_help(r["actual_provenance"], unit, lang, source=r["actual_source"])
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
    )


def cards(summary: pd.DataFrame, lang: str = "vi") -> list[Card]:
    """Cards for every indicator with an actual in the summary, in the summary's order."""
    return [card(r, lang) for r in summary.itertuples(index=False) if not missing(r.actual)]


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
    """(size, direction) of `new` against `base`: points as a difference in points ("1,87 điểm
    %"), everything else as a relative difference ("13%"); direction "above"/"below"/"equal"."""
    if missing(new) or missing(base):
        return None
    if unit == "points":
        diff = new - base
        size = fmt.figure(abs(diff), unit, lang)
    else:
        if base == 0:
            return None
        diff = 100.0 * (new / base - 1)
        size = _sig_percent(diff, lang)
    if round(diff, 6) == 0:
        return size, "equal"
    return size, "above" if diff > 0 else "below"


def next_year(
    this_year: pd.DataFrame, next_year_rows: pd.DataFrame, year: int, lang: str = "vi"
) -> list[NextTarget]:
    """Each target set for `year + 1`, against `year`'s actual and `year`'s plan (both from the
    data; a derived plan is marked ≈ and its range given when the rounding allows one)."""
    base = {(r.indicator_id, r.area): r for r in this_year.itertuples(index=False)}
    out = []
    for row in next_year_rows.itertuples(index=False):
        if missing(row.target):
            continue
        unit = row.unit
        now = base.get((row.indicator_id, row.area))
        against = []
        for measure in ("actual", "target"):
            value = None if now is None else _clean(getattr(now, measure))
            got = compare(row.target, value, unit, lang) if value is not None else None
            if got is None:
                continue
            size, way = got
            prov = getattr(now, f"{measure}_provenance")
            bound = getattr(now, f"{measure}_bound")
            text = t(
                f"next.{way}_{measure}",
                lang,
                size=size,
                year=year,
                value=_approx(prov) + fmt.figure(value, unit, lang, _clean(bound)),
            )
            if prov == "derived" and measure == "target":
                low, high = _clean(now.target_low), _clean(now.target_high)
                span = [compare(row.target, v, unit, lang) for v in (high, low) if v is not None]
                if len(span) == 2 and all(span):
                    text += " " + t(
                        "next.range",
                        lang,
                        low=_signed(span[0], lang),
                        high=_signed(span[1], lang),
                    )
            against.append(text)
        out.append(
            NextTarget(
                indicator_id=row.indicator_id,
                field=row.field,
                name=row.name_vi if lang == "vi" else row.name_en,
                target_text=_approx(row.target_provenance)
                + fmt.figure(row.target, unit, lang, _clean(row.target_bound)),
                target_help=figure_help(
                    row.target_provenance, unit, lang, row.target_formula, row.target_low, row.target_high
                ),
                against=against,
            )
        )
    return out


def _signed(got: tuple[str, str], lang: str) -> str:
    size, way = got
    return {"above": "+", "below": "−"}.get(way, "") + size
