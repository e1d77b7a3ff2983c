"""What a link may say: the rules for one URL key (`UrlParam`) and the explorer's view as a value
(`Filters`), in the spirit of datasette's `Filters`.

A view lives in the URL as ASCII ids (`?field=labour&period=2023&period=2023`), never as the
translated labels a widget shows, so a link opens the same view in either language.

- `UrlParam` says what one key may hold (ids from a list, a number in a range, short text, how
  many values); anything else falls back to the page's default. `lib.ui.url_widget` applies it
  to every widget that defines a view, on every page.
- `Filters` is the explorer's whole selection: read from a query (`from_query`, dropping what
  the data does not offer and naming the keys it dropped), written back (`to_params`), described
  in words (`describe`: "Lĩnh vực: Lao động; Năm: 2023") and turned into the store's query
  arguments (`sql_args`). The explorer's widgets give it their values in the query's shape.

Plain Python: never imports Streamlit, never queries the store.
"""

from __future__ import annotations

import dataclasses as dc
import math
import re
from collections.abc import Mapping

from lib import i18n
from lib.data import areas

_NUMBER = re.compile(r"[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d{1,3})?")
_INTEGER = re.compile(r"[+-]?\d{1,18}")


@dc.dataclass(frozen=True)
class UrlParam:
    """What one query key of a page may hold; anything else falls back to the page's default.

    `count` is how many values the key takes: 1, exactly n (a range: 2), or None for any number
    of distinct ids (a multiselect, where unknown ids are dropped and the rest kept).
    """

    options: tuple[str, ...] | None = None
    low: float | None = None
    high: float | None = None
    integer: bool = False
    count: int | None = 1
    max_chars: int = 200

    @classmethod
    def choice(cls, options, count: int | None = 1) -> UrlParam:
        return cls(options=tuple(map(str, options)), count=count)

    @classmethod
    def number(cls, low: float, high: float, integer: bool = False) -> UrlParam:
        return cls(low=low, high=high, integer=integer)

    @classmethod
    def text(cls, max_chars: int = 200) -> UrlParam:
        return cls(max_chars=max_chars)

    def _valid(self, value: str) -> bool:
        if len(value) > self.max_chars:
            return False
        if self.options is not None:
            return value in self.options
        if self.low is None and self.high is None:
            return True  # free text (its widget reads it as text)
        if not (_INTEGER if self.integer else _NUMBER).fullmatch(value):
            return False
        number = float(value)
        return math.isfinite(number) and self.low <= number <= self.high

    def keep(self, values: list[str]) -> list[str]:
        """The values to keep from the URL's: all of them when they are usable, else the usable
        distinct ids of a multi-valued key, else none (the default)."""
        if self.count is None:
            distinct = [v for v in dict.fromkeys(values) if self._valid(v)]
            return distinct[: len(self.options)] if self.options is not None else distinct
        if len(values) != self.count:  # a repeated single key is refused, not guessed
            return []
        return values if all(self._valid(v) for v in values) else []


def as_values(value: object) -> list[str]:
    """A query's value (one string, or a list of them as `st.query_params.get_all` gives, or a
    widget's list or tuple of ids) as a list of strings."""
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value]
    return [str(value)]


# The explorer's keys: URL key = widget key; each takes any number of the ids the data offers.
MULTI = ("field", "indicator", "area", "measure", "provenance")
PERIOD = "period"  # a range of two known periods ("2023" or "2023-05"), inclusive
KEYS = (*MULTI, PERIOD)
_SQL = {"field": "fields", "indicator": "indicators", "area": "areas", "measure": "measures",
        "provenance": "provenances"}  # fmt: skip


@dc.dataclass(frozen=True)
class Filters:
    """The explorer's selection as ASCII ids; an empty tuple (or no period) means every value.

    `dropped` names the keys of the query that held values the data does not offer (for the
    link notice); it is not part of the view (two selections compare equal without it).
    """

    field: tuple[str, ...] = ()
    indicator: tuple[str, ...] = ()
    area: tuple[str, ...] = ()
    measure: tuple[str, ...] = ()
    provenance: tuple[str, ...] = ()
    period: tuple[str, str] | None = None
    dropped: tuple[str, ...] = dc.field(default=(), compare=False)

    @staticmethod
    def params(options: Mapping[str, list]) -> dict[str, UrlParam]:
        """What each key may hold, given the ids the data offers (`queries.explore_options` plus
        the catalogue's indicators under "indicator")."""
        out = {key: UrlParam.choice(options.get(key, []), count=None) for key in MULTI}
        return out | {PERIOD: UrlParam.choice(options.get(PERIOD, []), count=2)}

    @classmethod
    def from_query(cls, params: Mapping[str, object], options: Mapping[str, list]) -> Filters:
        """The selection a query asks for: unknown keys ignored, unknown ids dropped (the known
        ones kept), a period range that is not two known periods dropped, the whole range
        read as no period filter."""
        rules, got, dropped = cls.params(options), {}, []
        for key, rule in rules.items():
            values = as_values(params.get(key))
            kept = rule.keep(values)
            if kept != values:
                dropped.append(key)
            got[key] = kept
        periods = [str(p) for p in options.get(PERIOD, [])]
        period = None
        if got[PERIOD]:
            start, end = sorted(got[PERIOD], key=periods.index)
            period = None if (start, end) == (periods[0], periods[-1]) else (start, end)
        return cls(**{k: tuple(got[k]) for k in MULTI}, period=period, dropped=tuple(dropped))

    def to_params(self) -> dict[str, list[str]]:
        """The query that reopens this selection (keys with no filter left out)."""
        out = {key: list(getattr(self, key)) for key in MULTI if getattr(self, key)}
        return out | ({PERIOD: list(self.period)} if self.period else {})

    def sql_args(self) -> dict:
        """The keyword arguments of the store's explorer queries (`queries.explore_table` ...)."""
        args = {_SQL[key]: list(getattr(self, key)) or None for key in MULTI}
        start, end = self.period or (None, None)
        return args | {"period_from": start, "period_to": end}

    def describe(self, lang: str, names: Mapping[str, str] | None = None) -> str:
        """The selection in words, as under a table: "Lĩnh vực: Lao động; Năm: 2023". `names`
        gives indicator names (from the data); ids without one are shown as they are."""
        names = names or {}
        words = {
            "field": lambda v: i18n.label("field", v, lang),
            "indicator": lambda v: names.get(v, v),
            "area": lambda v: areas.display_name(v, lang),
            "measure": lambda v: i18n.label("measure", v, lang),
            "provenance": lambda v: i18n.label("provenance", v, lang),
        }
        parts = [
            f"{i18n.t(f'filters.{key}', lang)}: {', '.join(words[key](v) for v in getattr(self, key))}"
            for key in MULTI
            if getattr(self, key)
        ]
        if self.period:
            start, end = self.period
            yearly = "-" not in start and "-" not in end
            span = start if start == end else f"{start} – {end}"
            parts.append(f"{i18n.t('filters.year' if yearly else 'filters.period', lang)}: {span}")
        return "; ".join(parts) if parts else i18n.t("filters.none", lang)
