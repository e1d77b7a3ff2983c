"""Number and time style for people: Vietnamese (25.953; 169,7%) or English (25,953; 169.7%).

Owns turning numbers into display text, through Babel's locale data rather than hand-made
separators; a derived figure at the precision its range allows ("khoảng 8.000 người", not
"≈7.999"); and a derived figure's formula in the reader's words ("Thực hiện ÷ (% kế hoạch ÷
100)"): the store keeps one formula id per derivation (its SQL-side text), FORMULAS maps each to
the catalogue. Sentences write "điểm phần trăm" (`prose=True`); tables and axes keep "điểm %".
What depends on the unit (decimals, money, the sentence form of its label) is asked of
`lib.units`, and what is missing is `units.is_missing`: this module keeps no unit list.
Times: the state keeps UTC (`2026-12-01T13:05:00+00:00`); people read the department's clock,
Vietnam time (UTC+7, no daylight saving), and every time shown goes through `clock` (a moment)
or `day` (a date), the zone said once: in the sentence ("20:05 (giờ Việt Nam)") or, in a table,
in its header (`vietnam_time` on the header, `clock(..., zone=False)` in the cells).
Must never change a number's value (rounding is for display only) and never be used to
pre-format numbers for charts or downloads: those keep numbers as numbers.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime, timedelta, timezone

from babel.dates import format_date
from babel.numbers import format_decimal, format_percent

from lib import units
from lib.i18n import label, norm_lang, t
from lib.units import is_missing

_LOCALES = {"vi": "vi_VN", "en": "en_US"}
MISSING = "—"  # a missing figure, in sentences and in every table cell (st.dataframe's placeholder)


def _decimals(max_decimals: int, min_decimals: int) -> str:
    """Babel's pattern for the decimals: `min_decimals` always written, up to `max_decimals`."""
    low = min(min_decimals, max_decimals)
    return "." + "0" * low + "#" * (max_decimals - low) if max_decimals else ""


def number(x: float | None, lang: str = "vi", max_decimals: int = 2, min_decimals: int = 0) -> str:
    """25953 -> "25.953" (vi) / "25,953" (en); 169.7 -> "169,7" / "169.7"; None -> "—".
    `min_decimals` for figures written side by side with the same decimals ("84,00 – 84,69")."""
    if is_missing(x):
        return "—"
    pattern = "#,##0" + _decimals(max_decimals, min_decimals)
    return format_decimal(x, format=pattern, locale=_LOCALES[norm_lang(lang)])


def percent(x: float | None, lang: str = "vi", max_decimals: int = 1, min_decimals: int = 0) -> str:
    """117 (already in %) -> "117%"; 169.7 -> "169,7%" (vi) / "169.7%" (en); `min_decimals` 1:
    83 -> "83,0%" (beside an "86,2%")."""
    if is_missing(x):
        return "—"
    pattern = "#,##0" + _decimals(max_decimals, min_decimals) + "%"
    return format_percent(x / 100, format=pattern, locale=_LOCALES[norm_lang(lang)])


def signed_percent(x: float | None, lang: str = "vi", max_decimals: int = 1) -> str:
    """A change: "+4%" or "−13%" (a true minus sign, easier to read on a projector)."""
    if is_missing(x):
        return "—"
    text = percent(abs(x), lang, max_decimals)
    return ("+" if x > 0 else "−" if x < 0 else "") + text


def money_vnd(x: float | None, lang: str = "vi") -> str:
    """6_960_000_000 -> "6,96 tỷ đồng" / "6.96 billion VND"; millions likewise."""
    if is_missing(x):
        return "—"
    lang = norm_lang(lang)
    for size, vi, en in ((1e9, "tỷ đồng", "billion VND"), (1e6, "triệu đồng", "million VND")):
        if abs(x) >= size:
            return f"{number(x / size, lang, 2)} {vi if lang == 'vi' else en}"
    return f"{number(x, lang, 0)} {'đồng' if lang == 'vi' else 'VND'}"


def bound_prefix(bound: str | None, lang: str = "vi") -> str:
    """The article's "trên" (over) and its mirror for derived upper limits."""
    if bound == "more_than":
        return "trên " if norm_lang(lang) == "vi" else "over "
    if bound == "less_than":
        return "dưới " if norm_lang(lang) == "vi" else "under "
    return ""


def unit_label(unit: str, lang: str = "vi", prose: bool = False) -> str:
    """ "người", "điểm %" (tables, axes) or, in a sentence, "điểm phần trăm"; an id the
    catalogue does not know as it is."""
    if prose and units.prose(unit):
        return label("unit", f"{unit}_prose", lang)
    return label("unit", unit, lang)


def figure(
    x: float | None,
    unit: str,
    lang: str = "vi",
    bound: str | None = None,
    with_unit: bool = True,
    prose: bool = False,
) -> str:
    """A figure in its unit: "25.953 người", "trên 6,96 tỷ đồng", "4,87 điểm %" (in a
    sentence, `prose=True`: "4,87 điểm phần trăm")."""
    if is_missing(x):
        return "—"
    if units.money(unit):
        body = money_vnd(x, lang)
    else:
        body = number(x, lang, units.decimals(x, unit))
        if with_unit:
            body = f"{body} {unit_label(unit, lang, prose)}"
    return bound_prefix(bound, lang) + body


def rounded_in_range(x: float, low: float | None, high: float | None, unit: str = units.DEFAULT) -> float:
    """`x` rounded to the coarsest power of ten that still lies in [low, high]: 7.999 in
    7.997–8.002 -> 8.000; 22.182 in 22.088–22.277 -> 22.200; 425 in 423–427 -> 425. Without
    a range, `x` itself."""
    if is_missing(x) or is_missing(low) or is_missing(high):
        return x
    lo, hi = sorted((low, high))
    finest = -units.decimals(x, unit)
    for exp in range(max(finest, int(math.floor(math.log10(max(abs(x), 1e-12))))), finest - 1, -1):
        step = 10.0**exp
        candidate = round(round(x / step) * step, max(0, -exp))
        if lo <= candidate <= hi:
            return candidate
    return x


def approx_figure(
    x: float | None,
    unit: str,
    lang: str = "vi",
    low: float | None = None,
    high: float | None = None,
    bound: str | None = None,
    with_unit: bool = True,
    prose: bool = False,
) -> str:
    """A derived figure as people say it: "khoảng 8.000 người" / "about 8,000 people"; with an
    open range ("dưới"/"trên") the bound word alone: "dưới 1.135 hộ"."""
    if is_missing(x):
        return "—"
    if bound in ("less_than", "more_than"):
        return figure(x, unit, lang, bound, with_unit, prose)
    value = rounded_in_range(x, low, high, unit)
    return t("fmt.about", lang, figure=figure(value, unit, lang, None, with_unit, prose))


# A derived figure's formula id (the text the store writes beside it) -> its catalogue words.
FORMULAS = {
    "actual / (pct_of_target / 100)": "formula.plan_from_pct",
    "actual / (1 + change_pct / 100)": "formula.previous_from_change",
    "100 * actual / target": "formula.pct_from_plan",
    "100 * target / actual": "formula.pct_from_plan_down",
    "100 * (actual / previous_actual - 1)": "formula.change_from_previous",
    "sum of the 12 monthly values": "formula.sum_months",
    "sum over the areas inside of the 12 monthly values": "formula.sum_months_areas",
    "sum over all areas of the 12 monthly values": "formula.sum_months_all",
}


def formula_text(formula: object, lang: str = "vi") -> str:
    """A formula id in the reader's words: "actual / (pct_of_target / 100)" -> "Thực hiện ÷
    (% kế hoạch ÷ 100)" / "Actual ÷ (% of plan ÷ 100)"; "mean(2022, 2023)" -> "bình quân các
    năm 2022, 2023". Empty for no formula; an unknown text is shown as it is."""
    if not isinstance(formula, str) or not formula:
        return ""
    key = FORMULAS.get(formula.strip())
    if key:
        return t(key, lang)
    mean = re.fullmatch(r"mean\(([0-9, ]+)\)", formula.strip())
    if mean:
        return t("formula.mean", lang, years=mean.group(1))
    return formula


def chart_locale(lang: str = "vi") -> dict:
    """The d3 number locale for Altair/Vega-Lite charts: pass as
    `chart.configure(locale=alt.Locale(number=chart_locale(lang)))`, so axes and tooltips use
    the UI's number style while the chart's data stay numbers. `currency` is required by Vega.
    """
    if norm_lang(lang) == "vi":
        return {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}
    return {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " VND"]}


VIETNAM = timezone(timedelta(hours=7))  # the department's clock (no daylight saving)


def _in_vietnam(iso_utc: object) -> datetime | None:
    """A stored time (ISO 8601; without a zone it is UTC, as the state stores) on Vietnam's clock."""
    try:
        moment = datetime.fromisoformat(str(iso_utc))
    except ValueError:
        return None
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(VIETNAM)


def day(iso_utc: object, lang: str = "vi") -> str:
    """The day of a stored time in Vietnam: `01/12/2026` (vi), `December 1, 2026` (en: the style
    of the briefing's own date line, `document.date_text`). Every day and time the UI shows goes
    through here. Text that is not a time is shown as it is."""
    moment = _in_vietnam(iso_utc)
    if moment is None:
        return str(iso_utc)
    if norm_lang(lang) == "vi":
        return moment.strftime("%d/%m/%Y")
    return format_date(moment.date(), format="long", locale="en_US")


def clock(iso_utc: object, lang: str = "vi", zone: bool = True, seconds: bool = False) -> str:
    """A stored time in Vietnam: `01/12/2026 20:05 (giờ Việt Nam)` / `December 1, 2026 20:05
    (Vietnam time)`; `zone=False` in a table whose header says the zone (`vietnam_time`). Text that is not
    a time is shown as it is."""
    moment = _in_vietnam(iso_utc)
    if moment is None:
        return str(iso_utc)
    text = f"{day(iso_utc, lang)} {moment.strftime('%H:%M:%S' if seconds else '%H:%M')}"
    return vietnam_time(text, lang) if zone else text


def vietnam_time(text: str, lang: str = "vi") -> str:
    """`text` with the zone said once: a time ("20:05 (giờ Việt Nam)") or a table's header."""
    return t("fmt.vietnam_time", lang, time=text)
