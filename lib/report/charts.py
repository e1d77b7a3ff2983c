"""Altair charts for the overview and the explorer, each with the table of exactly its data.

Owns chart data (one small frame per chart, numbers kept as numbers), the chart specs, and
the table a user sees and downloads under each chart (translated headers, ids turned into
labels). Numbers reach the screen in the UI's style through the chart's own locale config
(`fmt.chart_locale`), never by pre-formatting. Colours: Okabe-Ito, safe for colour-blind
readers, and never the only carrier of meaning (icons, words, dashes, tooltips). Never
imports Streamlit, never queries the store.

Pages draw `spec(chart)`, a plain Vega-Lite dict, with `st.vega_lite_chart`, never an Altair
object with `st.altair_chart`: Streamlit converts an Altair chart by switching Altair's
process-wide data transformer and theme for the duration, so another thread converting a chart
at that moment (a download, another session) would write its data into the wrong chart
("dictionary changed size during iteration" under a crowd). `spec` converts with Altair's
defaults, one chart at a time, and the caller caches the dict per data version and view.

Series breaks: a time series is drawn as one line per run of periods under one measurement
standard (`segment`: area and run), so no segment joins two standards; each period where the
standard changes gets a dashed rule labelled "Đổi chuẩn đo: <standard>" / "Measurement standard
changes: <standard>", and the tooltip and the table name each figure's standard.

A calculated figure known only within a range (a plan from a rounded "117%") is written on
screen as every card and sentence writes it (`summary.figure_text`: "khoảng 22.200"), while the
table's cell, its download and the chart keep the number itself (22182) beside its bounds and
formula: the chart's data carries those texts in `attrs[SHOWN]` (row, column -> text), `table`
passes them on under the translated headers, and `styled` (and `ui.styled`) show them.
"""

from __future__ import annotations

import threading

import altair as alt
import pandas as pd

from lib import fmt, i18n, units
from lib.data import areas, contract
from lib.i18n import t
from lib.report import scorecard, summary
from lib.units import is_missing

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
ACTUAL_COLOR = OKABE_ITO[0]
TARGET_COLOR = "#000000"
BAND_COLOR = "#BBBBBB"
EXACT = ",.2~f"  # d3: thousands grouped, up to 2 decimals, trailing zeros trimmed
MAX_BARS = 30  # bars per chart: the newest period of each indicator and area, then the first 30
MAX_SERIES_AREAS = 8  # lines per time series (one colour each)

# Columns of each chart's table: (data column, catalogue key). Order = order on screen.
BULLET_COLUMNS = [
    ("label", "charts.indicator"),
    ("area_label", "charts.area"),
    ("period", "charts.period"),
    ("actual", "charts.actual"),
    ("target", "charts.target"),
    ("target_low", "charts.target_low"),
    ("target_high", "charts.target_high"),
    ("actual_bound_label", "charts.actual_bound"),  # "trên"/"dưới": a number alone says "exactly"
    ("target_bound_label", "charts.target_bound"),
    ("unit_label", "charts.unit"),
    ("actual_provenance_label", "charts.actual_provenance"),  # each figure its own provenance
    ("target_provenance_label", "charts.target_provenance"),
    ("source", "charts.source"),
]
ACHIEVEMENT_COLUMNS = [
    ("label", "charts.indicator"),
    ("area_label", "charts.area"),
    ("period", "charts.period"),
    ("pct_of_target", "charts.pct_of_target"),
    ("bound_label", "charts.bound"),
    ("status_label", "charts.status"),
    ("pct_provenance_label", "charts.provenance"),
    ("pct_formula", "charts.formula"),
    ("source", "charts.source"),
]
SERIES_COLUMNS = [
    ("area_label", "charts.area"),
    ("period", "charts.period"),
    ("measure_label", "charts.measure"),
    ("value", "charts.value"),
    ("bound_label", "charts.bound"),
    ("value_low", "charts.low"),
    ("value_high", "charts.high"),
    ("provenance_label", "charts.provenance"),
    ("formula", "charts.formula"),
    ("source", "charts.source"),
    ("standard_label", "charts.standard"),
]
BREAK_COLOR = "#555555"


_SPEC_LOCK = threading.Lock()
# What Altair's default theme adds to every spec; the page's width and height decide instead.
_THEME_VIEW = {"continuousWidth": 300, "continuousHeight": 300}


def spec(chart: alt.TopLevelMixin) -> dict:
    """The chart as a Vega-Lite dict with its data inline, built with Altair's default theme
    and data transformer (never switched in this app), one chart at a time in the process.
    The schema check is skipped here (it costs most of a build); tests validate the specs."""
    with _SPEC_LOCK:
        out = chart.to_dict(validate=False)
    view = out.get("config", {}).get("view", {})
    for key, value in _THEME_VIEW.items():
        if view.get(key) == value:
            del view[key]
    return out


def localize(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    """Axes and tooltips in the UI's number style (25.953 / 25,953) via Vega's own locale."""
    return chart.configure(locale=alt.Locale(number=fmt.chart_locale(lang))).configure_view(stroke=None)


def label(key: str, value: object, lang: str) -> str:
    """The catalogue's label for an id (`field.labour` -> "Lao động"), or the id itself; a
    missing id is blank. Areas are named by `areas.display_name` (the whole province, or a
    unit of the area catalogue by its name)."""
    if is_missing(value) or value == "":
        return ""
    if key == "area":
        return areas.display_name(str(value), lang)
    return i18n.label(key, str(value), lang)


def _bound(bound: object, lang: str) -> str:
    return fmt.bound_prefix(None if is_missing(bound) else str(bound), lang).strip()


def _source(*values: object) -> str:
    for v in values:
        if not is_missing(v) and v:
            return str(v)
    return ""


SHOWN = "shown"  # a frame's attrs key: {(row, column): text} of cells written otherwise


def shown_texts(table: pd.DataFrame) -> tuple[pd.DataFrame, dict]:
    """`table` without its texts (a shallow copy: Streamlit would try to write a frame's attrs
    into the page's data, and cannot with these keys) and the texts of its cells written otherwise
    than their number, `attrs[SHOWN]`: {(row, column): "khoảng 22.200"}."""
    texts = table.attrs.get(SHOWN, {})
    plain = table.copy(deep=False)
    plain.attrs = {}
    return plain, texts


def with_texts(styler, texts: dict):
    """`styler` with the cells of `texts` written as those texts ("khoảng 22.200"), the cells
    themselves untouched (numbers: a sort and the downloads use them)."""
    data = styler.data
    for (row, column), text in texts.items():
        if column in data.columns and row in data.index:
            styler = styler.format(lambda _x, text=text: text, subset=pd.IndexSlice[[row], [column]])
    return styler


def styled(table: pd.DataFrame, lang: str = "vi"):
    """The table with numbers shown in the UI's style while the cells stay numbers, and each
    calculated figure known within a range as the screen writes it (`SHOWN`)."""
    table, texts = shown_texts(table)
    numeric = [c for c in table.columns if pd.api.types.is_float_dtype(table[c])]
    out = table.style.format({c: (lambda x: fmt.number(x, lang, 2)) for c in numeric}, na_rep="—")
    return with_texts(out, texts)


def table(data: pd.DataFrame, columns: list[tuple[str, str]], lang: str) -> pd.DataFrame:
    """The chart's data as people read it: translated headers, the chart's rows, numbers as
    numbers. This frame is both what the page shows and what the downloads contain; the texts
    of its approximate cells (`SHOWN`) go with it under the translated headers."""
    present = [(c, k) for c, k in columns if c in data.columns]
    out = data[[c for c, _ in present]].copy()
    header = {c: t(k, lang) for c, k in present}
    out.columns = list(header.values())
    out = out.reset_index(drop=True)
    rows = {label: i for i, label in enumerate(data.index)}
    texts = data.attrs.get(SHOWN, {})
    out.attrs = {
        SHOWN: {(rows[r], header[c]): text for (r, c), text in texts.items() if c in header and r in rows}
    }
    return out


def _shown(frame: pd.DataFrame, column: str, texts: list[str | None]) -> dict:
    """`frame`'s SHOWN entries for one column: the rows whose text is not None."""
    return {(label, column): x for label, x in zip(frame.index, texts, strict=True) if x is not None}


def _approx_texts(values, units_of, provenances, lows, highs, bounds, lang: str) -> list[str | None]:
    """Per figure, its screen text when it is approximate (`summary.approximate`), else None."""
    return [
        summary.figure_text(v, u, lang, b, p, lo, hi, with_unit=False)
        if summary.approximate(p, lo, hi, b)
        else None
        for v, u, p, lo, hi, b in zip(values, units_of, provenances, lows, highs, bounds, strict=True)
    ]


def _rounded(values: pd.Series, unit) -> pd.Series:
    """Figures at the decimals their unit is written with (`units.rounded`); `unit` is one id or
    one per figure. Numbers stay numbers (floats, missing as NaN)."""
    unit_of = [unit] * len(values) if isinstance(unit, str) else list(unit)
    cells = [units.rounded(x, u) for x, u in zip(values.tolist(), unit_of, strict=True)]
    return pd.Series(cells, index=values.index, dtype="float64")


def bullet_data(rows: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Rows of `queries.explore_table` with both an actual and a plan, one bar each (the newest
    period of each indicator and area, at most MAX_BARS)."""
    if rows.empty:
        return pd.DataFrame(columns=[c for c, _ in BULLET_COLUMNS])
    rows = _newest(rows[rows["actual"].notna() & rows["target"].notna()])
    out = pd.DataFrame(
        {
            "label": i18n.names(rows, lang).to_numpy(),
            "area_label": [label("area", a, lang) for a in rows["area"]],
            "period": rows["period"].astype(str),
            # Each figure at its unit's decimals (`units.rounded`): a calculated plan of people
            # is 22.182 in the table, its tooltip and its download, never 22.182,05.
            **{c: _rounded(rows[c], rows["unit"]) for c in ("actual", "target", "target_low", "target_high")},
            "actual_bound_label": [_bound(b, lang) for b in rows["actual_bound"]],
            "target_bound_label": [_bound(b, lang) for b in rows["target_bound"]],
            "unit_label": [label("unit", u, lang) for u in rows["unit"]],
            "actual_provenance_label": [label("provenance", p, lang) for p in rows["actual_provenance"]],
            "target_provenance_label": [label("provenance", p, lang) for p in rows["target_provenance"]],
            "source": [
                _source(a, b) for a, b in zip(rows["actual_source"], rows["target_source"], strict=True)
            ],
        }
    )
    out = out.reset_index(drop=True)
    # Under "dưới" (a plan below what was computed) the computed plan is the top itself, as the
    # downloads and the briefing's workbook say: no second, higher "top".
    out.loc[rows["target_bound"].eq("less_than").fillna(False).to_numpy(), "target_high"] = float("nan")
    texts = _approx_texts(
        rows["target"], rows["unit"], rows["target_provenance"], rows["target_low"],
        rows["target_high"], rows["target_bound"], lang,
    )  # fmt: skip
    out.attrs[SHOWN] = _shown(out, "target", texts)
    _tooltip_figure(
        out,
        "target",
        "target_bound_label",
        texts,
        rows["target_low"],
        rows["target_high"],
        rows["unit"],
        lang,
    )
    return out


def _tooltip_figure(
    out: pd.DataFrame, column: str, bound: str, texts, lows, highs, units_of, lang: str
) -> None:
    """The tooltip's figure as the table shows it: `<column>_shown` (22.200 for an approximate
    22.182) and `<column>_word` (its "khoảng", else the bound's "trên"/"dưới"), beside the columns
    the table and the download keep."""
    about = t("fmt.about", lang, figure="").strip()
    out[f"{column}_shown"] = [
        fmt.rounded_in_range(float(x), float(lo), float(hi), u) if text is not None else x
        for x, text, lo, hi, u in zip(out[column].tolist(), texts, lows, highs, units_of, strict=True)
    ]
    out[f"{column}_word"] = [
        about if text is not None else b for text, b in zip(texts, out[bound], strict=True)
    ]


def _newest(rows: pd.DataFrame) -> pd.DataFrame:
    """The newest period of each indicator and area (rows come newest first), at most MAX_BARS."""
    return rows.drop_duplicates(["indicator_id", "area"], keep="first").head(MAX_BARS)


def _row_key(data: pd.DataFrame) -> pd.Series:
    """One facet / bar per indicator, area and period, titled as briefly as the data allows."""
    key = data["label"].astype(str)
    if data["area_label"].nunique() > 1:
        key = key + " · " + data["area_label"].astype(str)
    if data["period"].nunique() > 1:
        key = key + " · " + data["period"].astype(str)
    return key


def _as_shown(
    data: pd.DataFrame, value: str, bound_label: str, bound_key: str, value_key: str, lang: str
) -> list[alt.Tooltip]:
    """A figure's two tooltips (its bound, its value) as the table shows it: where the frame has
    `<value>_shown` and `<value>_word` ("khoảng" 22.200 for a figure known only within a range),
    those; else the bound's label and the value itself."""
    shown = f"{value}_shown" in data.columns
    return [
        alt.Tooltip(f"{value}_word:N" if shown else f"{bound_label}:N", title=t(bound_key, lang)),
        alt.Tooltip(f"{value}_shown:Q" if shown else f"{value}:Q", title=t(value_key, lang), format=EXACT),
    ]


def bullet_chart(data: pd.DataFrame, lang: str = "vi") -> alt.TopLevelMixin:
    """Actual (bar) against plan (tick = the 100% mark), one row and one scale per indicator."""
    data = data.assign(row=_row_key(data), target_low=data["target_low"].fillna(data["target"]))
    data["target_high"] = data["target_high"].fillna(data["target"])
    tooltip = [
        alt.Tooltip("row:N", title=t("charts.indicator", lang)),
        alt.Tooltip("actual_bound_label:N", title=t("charts.actual_bound", lang)),
        alt.Tooltip("actual:Q", title=t("charts.actual", lang), format=EXACT),
        *_as_shown(data, "target", "target_bound_label", "charts.target_bound", "charts.target", lang),
        alt.Tooltip("target_low:Q", title=t("charts.target_low", lang), format=EXACT),
        alt.Tooltip("target_high:Q", title=t("charts.target_high", lang), format=EXACT),
        alt.Tooltip("unit_label:N", title=t("charts.unit", lang)),
        alt.Tooltip("actual_provenance_label:N", title=t("charts.actual_provenance", lang)),
        alt.Tooltip("target_provenance_label:N", title=t("charts.target_provenance", lang)),
        alt.Tooltip("source:N", title=t("charts.source", lang)),
    ]
    base = alt.Chart(data)
    x_title = f"{t('charts.actual', lang)} / {t('charts.target', lang)}"
    band = base.mark_bar(color=BAND_COLOR, height=22).encode(
        x=alt.X("target_low:Q", title=x_title, axis=alt.Axis(format=",~f")),
        x2="target_high:Q",
        tooltip=tooltip,
    )
    bar = base.mark_bar(color=ACTUAL_COLOR, height=12).encode(x="actual:Q", tooltip=tooltip)
    tick = base.mark_tick(color=TARGET_COLOR, thickness=3, size=26).encode(x="target:Q", tooltip=tooltip)
    layered = alt.layer(band, bar, tick).properties(width=560, height=30)
    chart = layered.facet(
        facet=alt.Facet(
            "row:N", title=None, header=alt.Header(labelAnchor="start", labelOrient="top", labelLimit=700)
        ),
        columns=1,
    ).resolve_scale(x="independent")
    return localize(chart, lang)


def achievement_data(rows: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """Rows with an achievement (% of plan, reported or derived), highest first (the newest
    period of each indicator and area, at most MAX_BARS)."""
    if rows.empty:
        return pd.DataFrame(columns=[c for c, _ in ACHIEVEMENT_COLUMNS] + ["status"])
    rows = rows.copy()
    # No % of plan in the data but an actual and a plan: derive it, and say so.
    computable = rows["pct_of_target"].isna() & rows["actual"].notna() & rows["target"].notna()
    computed = [
        scorecard.achievement_pct(r.actual, r.target, None, r.direction)
        for r in rows[computable].itertuples(index=False)
    ]
    rows.loc[computable, "pct_of_target"] = pd.Series(computed, index=rows.index[computable], dtype="float64")
    rows.loc[computable, "pct_provenance"] = "derived"
    rows.loc[computable, "pct_formula"] = [
        "100 * target / actual" if d == "down" else "100 * actual / target"
        for d in rows.loc[computable, "direction"]
    ]
    rows = _newest(rows[rows["pct_of_target"].notna()])
    statuses = [
        scorecard.status(r.actual, r.target, r.pct_of_target, r.direction, r.pct_bound)
        for r in rows.itertuples(index=False)
    ]
    out = pd.DataFrame(
        {
            "label": i18n.names(rows, lang).to_numpy(),
            "area_label": [label("area", a, lang) for a in rows["area"]],
            "period": rows["period"].astype(str),
            # to the one decimal every % of plan is written with (`fmt.percent`): 115,8, not 115,79
            "pct_of_target": rows["pct_of_target"].astype(float).round(1),
            "bound_label": [_bound(b, lang) for b in rows["pct_bound"]],
            "status": statuses,
            "status_label": [scorecard.status_label(s, lang) for s in statuses],
            "pct_provenance_label": [label("provenance", p, lang) for p in rows["pct_provenance"]],
            "pct_formula": [fmt.formula_text(f, lang) for f in rows["pct_formula"]],
            "source": [_source(s) for s in rows["actual_source"]],
        }
    )
    return out.sort_values("pct_of_target", ascending=False, kind="stable").reset_index(drop=True)


def achievement_chart(data: pd.DataFrame, lang: str = "vi") -> alt.TopLevelMixin:
    """Achievement bars sorted from highest, coloured (and labelled) by status, 100% line."""
    data = data.assign(row=_row_key(data))
    keys = [s for s in scorecard.STATUSES if s in set(data["status"])]
    status_scale = alt.Scale(
        domain=[scorecard.status_label(s, lang) for s in keys],
        range=[scorecard.STATUS_HEX[s] for s in keys],
    )
    pct_title = t("charts.pct_of_target", lang)
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            # An explicit order: "-x" sorting is unreliable in layered charts.
            y=alt.Y(
                "row:N", sort=list(data["row"]), title=None, axis=alt.Axis(labelLimit=420, labelOverlap=False)
            ),
            x=alt.X("pct_of_target:Q", title=pct_title, axis=alt.Axis(format=",~f")),
            color=alt.Color("status_label:N", title=t("charts.status", lang), scale=status_scale),
            tooltip=[
                alt.Tooltip("row:N", title=t("charts.indicator", lang)),
                alt.Tooltip("bound_label:N", title=t("charts.bound", lang)),
                alt.Tooltip("pct_of_target:Q", title=pct_title, format=",.1~f"),
                alt.Tooltip("status_label:N", title=t("charts.status", lang)),
                alt.Tooltip("pct_provenance_label:N", title=t("charts.provenance", lang)),
                alt.Tooltip("source:N", title=t("charts.source", lang)),
            ],
        )
    )
    labels = bars.mark_text(align="left", dx=4, color="#333333").encode(
        text=alt.Text("pct_of_target:Q", format=",.1~f"), color=alt.value("#333333")
    )
    mark = (
        alt.Chart(pd.DataFrame({"x": [100.0]}))
        .mark_rule(color=TARGET_COLOR, strokeDash=[4, 3], size=2)
        .encode(x="x:Q")
    )
    # One 32-pixel step per bar, so every indicator's label fits.
    chart = alt.layer(bars, labels, mark).properties(width="container", height=alt.Step(32))
    return localize(chart, lang)


def series_data(rows: pd.DataFrame, lang: str = "vi", unit: str | None = None) -> pd.DataFrame:
    """Rows of `queries.explore_series`, monthly only when the selection has months; with the
    indicator's `unit`, each figure at the decimals it is written with (`units.rounded`: a
    calculated 2022 actual of people is 24.955, not 24.954,81)."""
    if rows.empty:
        return pd.DataFrame(
            columns=[c for c, _ in SERIES_COLUMNS] + ["measure", "provenance", "standard", "segment"]
        )
    if rows["month"].notna().any():
        rows = rows[rows["month"].notna()]
    standards = _standards(rows, lang)

    def figures(column: str) -> pd.Series:
        return rows[column].astype(float) if unit is None else _rounded(rows[column], unit)

    out = pd.DataFrame(
        {
            "area_label": [label("area", a, lang) for a in rows["area"]],
            "period": rows["period"].astype(str),
            "measure": rows["measure"].astype(str),
            "measure_label": [label("measure", m, lang) for m in rows["measure"]],
            "value": figures("value"),
            "bound_label": [_bound(b, lang) for b in rows["bound"]],
            "value_low": figures("value_low"),
            "value_high": figures("value_high"),
            "provenance": rows["provenance"].astype(str),
            "provenance_label": [label("provenance", p, lang) for p in rows["provenance"]],
            "formula": [fmt.formula_text(f, lang) for f in rows["formula"]],
            "source": [_source(s) for s in rows["source"]],
            "standard": standards["standard"].to_numpy(),
            "standard_label": standards["label"].to_numpy(),
        }
    ).reset_index(drop=True)
    out["segment"] = _segments(out, rows["area"].astype(str).to_numpy())
    texts = _approx_texts(
        rows["value"], [unit or units.DEFAULT] * len(rows), rows["provenance"], rows["value_low"],
        rows["value_high"], rows["bound"], lang,
    )  # fmt: skip
    out.attrs[SHOWN] = _shown(out, "value", texts)
    unit_of = [unit or units.DEFAULT] * len(rows)
    _tooltip_figure(out, "value", "bound_label", texts, rows["value_low"], rows["value_high"], unit_of, lang)
    if not out["standard"].astype(bool).any():  # no standard stated: the table and tooltip as before
        out = out.drop(columns="standard_label")
    return out


def _standards(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Each row's standard ('' when the query gave none) and its name in `lang`."""
    if "standard" not in rows.columns:
        blank = [""] * len(rows)
        return pd.DataFrame({"standard": blank, "label": blank})
    standard = rows["standard"].fillna("").astype(str).to_numpy()
    name_col = "standard_name_en" if lang == "en" else "standard_name_vi"
    names = rows[name_col].fillna("").astype(str).to_numpy() if name_col in rows.columns else standard
    label_of = [n or s for s, n in zip(standard, names, strict=True)]
    none = t("charts.standard_none", lang)
    return pd.DataFrame({"standard": standard, "label": [x if x else none for x in label_of]})


def _segments(data: pd.DataFrame, area_ids) -> list[str]:
    """One id per area and run of consecutive periods under one standard: lines join points of
    one segment only, so no line crosses a break (a standard that comes back is a new run)."""
    order = sorted(range(len(data)), key=lambda i: (area_ids[i], data["period"].iloc[i]))
    run: dict[str, tuple[str, int]] = {}  # area -> (standard of its latest period, run number)
    seen_period: dict[tuple[str, str], int] = {}
    out = [""] * len(data)
    for i in order:
        area, period, standard = area_ids[i], data["period"].iloc[i], data["standard"].iloc[i]
        if (area, period) not in seen_period:
            last = run.get(area)
            number = 0 if last is None else last[1] + (not contract.comparable(last[0], standard))
            run[area] = (standard or (last[0] if last else ""), number)  # unstated: the run's
            seen_period[(area, period)] = number
        out[i] = f"{area}|{seen_period[(area, period)]}"
    return out


def series_breaks(data: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The periods of `series_data` where an area's standard changes: period, standard,
    break_label ("Đổi chuẩn đo: ..."), one row per period and new standard."""
    cols = ["period", "standard", "break_label"]
    if data.empty or "segment" not in data.columns or "standard_label" not in data.columns:
        return pd.DataFrame(columns=cols)  # no standard stated: no break
    first = data.sort_values("period").drop_duplicates("segment")
    area_of = first["segment"].str.rpartition("|")[0]
    starts = first[area_of.duplicated()]  # each area's first run is no break
    starts = starts.drop_duplicates(["period", "standard"]).sort_values("period")
    return pd.DataFrame(
        {
            "period": starts["period"].to_numpy(),
            "standard": starts["standard"].to_numpy(),
            "break_label": [t("charts.standard_break", lang, name=n) for n in starts["standard_label"]],
        }
    )


def series_chart(data: pd.DataFrame, lang: str = "vi") -> alt.TopLevelMixin:
    """Actual (solid) and plan (dashed) over the periods; hollow points are derived figures."""
    many_areas = data["area_label"].nunique() > 1
    color = (
        alt.Color("area_label:N", title=t("charts.area", lang), scale=alt.Scale(range=OKABE_ITO))
        if many_areas
        else alt.value(ACTUAL_COLOR)
    )
    dash = alt.StrokeDash(
        "measure_label:N",
        title=t("charts.measure", lang),
        scale=alt.Scale(
            domain=[t("measure.actual", lang), t("measure.target", lang)], range=[[1, 0], [6, 4]]
        ),
    )
    x = alt.X("period:O", title=t("charts.period", lang), sort="ascending", axis=alt.Axis(labelAngle=0))
    y = alt.Y("value:Q", title=t("charts.value", lang), axis=alt.Axis(format=",~f"))
    # Series breaks: one line per area and run of one standard (`segment`), never across.
    detail = alt.Detail("segment:N") if "segment" in data.columns else alt.Detail("area_label:N")
    lines = (
        alt.Chart(data).mark_line(strokeWidth=2).encode(x=x, y=y, color=color, strokeDash=dash, detail=detail)
    )
    points = (
        alt.Chart(data)
        .mark_point(size=80, strokeWidth=2, filled=False)
        .encode(
            x=x,
            y=y,
            color=color,
            shape=alt.Shape("provenance_label:N", title=t("charts.provenance", lang)),
            fill=alt.condition(
                alt.datum.provenance == "derived",
                alt.value("white"),
                alt.Fill("area_label:N", legend=None, scale=alt.Scale(range=OKABE_ITO))
                if many_areas
                else alt.value(ACTUAL_COLOR),
            ),
            tooltip=[
                alt.Tooltip("period:O", title=t("charts.period", lang)),
                alt.Tooltip("area_label:N", title=t("charts.area", lang)),
                alt.Tooltip("measure_label:N", title=t("charts.measure", lang)),
                *_as_shown(data, "value", "bound_label", "charts.bound", "charts.value", lang),
                alt.Tooltip("provenance_label:N", title=t("charts.provenance", lang)),
                alt.Tooltip("formula:N", title=t("charts.formula", lang)),
                alt.Tooltip("source:N", title=t("charts.source", lang)),
                *(
                    [alt.Tooltip("standard_label:N", title=t("charts.standard", lang))]
                    if "standard_label" in data.columns
                    else []
                ),
            ],
        )
    )
    layers = [lines, points]
    breaks = series_breaks(data, lang)
    if not breaks.empty:
        rule = alt.Chart(breaks).mark_rule(color=BREAK_COLOR, strokeDash=[2, 3], size=1.5)
        tooltip = [alt.Tooltip("break_label:N", title=t("charts.standard", lang))]
        layers.append(rule.encode(x=x, tooltip=tooltip))
        # The words beside the rule, on the side with room (the legend is on the right); long
        # names are cut at 240 px, the tooltip has them whole.
        periods = sorted(set(data["period"]))
        right = breaks["period"].map(periods.index) > len(periods) / 2
        for side, part in (("left", breaks[~right]), ("right", breaks[right])):
            if part.empty:
                continue
            text = alt.Chart(part).mark_text(
                align=side, baseline="top", dx=4 if side == "left" else -4, dy=2, color=BREAK_COLOR,
                lineBreak="\n", limit=240,
            )  # fmt: skip
            layers.append(text.encode(x=x, y=alt.value(0), text="break_label:N", tooltip=tooltip))
    return localize(alt.layer(*layers).properties(width="container", height=320), lang)
