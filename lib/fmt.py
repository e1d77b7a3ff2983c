"""Number style for people: Vietnamese (25.953; 169,7%) or English (25,953; 169.7%).

Owns turning numbers into display text, through Babel's locale data rather than hand-made
separators. Must never change a number's value (rounding is for display only) and never be
used to pre-format numbers for charts or downloads: those keep numbers as numbers.
"""

from __future__ import annotations

import math

from babel.numbers import format_decimal, format_percent

from lib.i18n import norm_lang, t

_LOCALES = {"vi": "vi_VN", "en": "en_US"}


def _missing(x: float | None) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


def number(x: float | None, lang: str = "vi", max_decimals: int = 2) -> str:
    """25953 -> "25.953" (vi) / "25,953" (en); 169.7 -> "169,7" / "169.7"; None -> "—"."""
    if _missing(x):
        return "—"
    pattern = "#,##0" + ("." + "#" * max_decimals if max_decimals else "")
    return format_decimal(x, format=pattern, locale=_LOCALES[norm_lang(lang)])


def percent(x: float | None, lang: str = "vi", max_decimals: int = 1) -> str:
    """117 (already in %) -> "117%"; 169.7 -> "169,7%" (vi) / "169.7%" (en)."""
    if _missing(x):
        return "—"
    pattern = "#,##0" + ("." + "#" * max_decimals if max_decimals else "") + "%"
    return format_percent(x / 100, format=pattern, locale=_LOCALES[norm_lang(lang)])


def signed_percent(x: float | None, lang: str = "vi", max_decimals: int = 1) -> str:
    """A change: "+4%" or "−13%" (a true minus sign, easier to read on a projector)."""
    if _missing(x):
        return "—"
    text = percent(abs(x), lang, max_decimals)
    return ("+" if x > 0 else "−" if x < 0 else "") + text


def money_vnd(x: float | None, lang: str = "vi") -> str:
    """6_960_000_000 -> "6,96 tỷ đồng" / "6.96 billion VND"; millions likewise."""
    if _missing(x):
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


def figure(
    x: float | None, unit: str, lang: str = "vi", bound: str | None = None, with_unit: bool = True
) -> str:
    """A figure in its unit: "25.953 người", "trên 6,96 tỷ đồng", "4,87 điểm %"."""
    if _missing(x):
        return "—"
    if unit == "vnd":
        body = money_vnd(x, lang)
    else:
        decimals = 2 if unit == "points" else 0 if abs(x) >= 100 else 1
        body = number(x, lang, decimals)
        if with_unit:
            label = t(f"unit.{unit}", lang)
            body = f"{body} {label}" if not label.startswith("unit.") else f"{body} {unit}"
    return bound_prefix(bound, lang) + body


def chart_locale(lang: str = "vi") -> dict:
    """The d3 number locale for Altair/Vega-Lite charts: pass as
    `chart.configure(locale=alt.Locale(number=chart_locale(lang)))`, so axes and tooltips use
    the UI's number style while the chart's data stay numbers. `currency` is required by Vega.
    """
    if norm_lang(lang) == "vi":
        return {"decimal": ",", "thousands": ".", "grouping": [3], "currency": ["", " ₫"]}
    return {"decimal": ".", "thousands": ",", "grouping": [3], "currency": ["", " VND"]}
