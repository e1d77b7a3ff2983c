"""Explore: filter the figures, see them as charts, read and download each chart's table.

Thin: reads the filters (held in the URL as ASCII ids), asks the store for small aggregated
frames, and draws `lib/charts.py`'s charts with their tables and `lib/export.py`'s downloads.
"""

import streamlit as st

from lib import charts, export, fmt, store, ui
from lib import tracking_words as progress

ui.enter_page()  # first: a link opened without app.py goes through it

db = ui.current_store()
con = db.cursor()
lang = ui.lang()
options = ui.explore_options(db)
catalogue = ui.shared(db, "indicators", (), lambda: store.indicators(con))
names = dict(zip(catalogue["indicator_id"], catalogue["name_vi" if lang == "vi" else "name_en"], strict=True))
options["indicator"] = list(catalogue["indicator_id"])

st.title(ui.t("explore.title"))
st.caption(ui.t("explore.caption"))

FILTERS = [  # (URL key = widget key, catalogue section for labels)
    ("field", "field"),
    ("indicator", None),
    ("area", "area"),
    ("measure", "measure"),
    ("provenance", "provenance"),
]
# Each filter takes any number of the ids it offers; the period a range of two known periods.
ui.url_guard(
    {key: ui.UrlParam.choice(options[key], count=None) for key, _ in FILTERS}
    | {
        "period": ui.UrlParam.choice(options["period"], count=2),
        "series": ui.UrlParam.choice(catalogue["indicator_id"]),
    }
)
chosen = {}
columns = st.columns(3)
for i, (key, section) in enumerate(FILTERS):
    ui.url_seed(key, options[key], [], multi=True)
    chosen[key] = columns[i % 3].multiselect(
        ui.t(f"explore.{key}"),
        options[key],
        format_func=(lambda v: names.get(v, v))
        if section is None
        else (lambda v, s=section: charts.label(s, v, lang)),
        key=key,
        placeholder=ui.t("explore.all"),
        persist_state="session",
    )
    ui.url_write(key, chosen[key], [])

periods = options["period"]
period_from, period_to = (periods[0], periods[-1]) if periods else (None, None)
if len(periods) > 1:
    if "period" not in st.session_state:  # a view opening: the URL's range when it is valid
        picked = sorted(ui.url_values("period", periods), key=periods.index)
        st.session_state["period_opened"] = tuple(picked) if len(picked) == 2 else (periods[0], periods[-1])
    # A range slider takes its range from `value`; the key then keeps the user's moves.
    period_from, period_to = columns[len(FILTERS) % 3].select_slider(
        ui.t("explore.period"),
        periods,
        value=st.session_state["period_opened"],
        key="period",
        persist_state="session",
    )
    ui.url_write("period", [period_from, period_to], [periods[0], periods[-1]])

filters = {
    "fields": chosen["field"],
    "indicators": chosen["indicator"],
    "areas": chosen["area"],
    "measures": chosen["measure"],
    "provenances": chosen["provenance"],
    "period_from": period_from,
    "period_to": period_to,
}


def ranking() -> None:
    """Every target of one area through the filtered year, the furthest behind first."""
    # One area: the one chosen, else the whole (the province, or the country on national data).
    area = (
        chosen["area"][0]
        if len(chosen["area"]) == 1
        else "province"
        if "province" in options["area"]
        else "all"
    )
    current = ui.tracking_year(area)
    if current is None:
        return
    year = min(int(str(period_to)[:4]), current) if period_to else current
    st.header(ui.t("track_page.rank_header", year=year))
    area_name = charts.label("area", area, lang)
    if len(chosen["area"]) > 1:
        st.caption(ui.t_md("track_page.rank_one_area", area=area_name))
    fields = dict(zip(catalogue["indicator_id"], catalogue["field"], strict=True))
    tracks = [
        t
        for t in ui.tracks(year, area)
        if (not chosen["field"] or fields.get(t.indicator_id) in chosen["field"])
        and (not chosen["indicator"] or t.indicator_id in chosen["indicator"])
    ]
    if not tracks:
        st.caption(ui.t("track_page.rank_none", year=year))
        return
    st.caption(ui.t_md("track_page.rank_caption", area=area_name))
    table = progress.ranking(tracks, names, lang)
    # A short static table (one row per indicator), not a chart's data: no downloads of its own.
    st.table(charts.styled(table, lang).hide(axis="index"))


# The view's key: every filter as plain values. What depends only on the data and the view is
# computed once for every visitor (ui.shared); widgets and their keys stay per session.
view = tuple((k, tuple(v) if isinstance(v, list) else v) for k, v in filters.items())
rows = ui.shared(db, "explore_table", view, lambda: store.explore_table(con, **filters))
if rows.empty:
    st.info(ui.t("explore.empty"), icon=":material/filter_alt_off:")
    st.stop()
if rows["n_rows"].isna().iloc[0]:  # big data: only the newest periods were read
    figures = fmt.number(int(rows["n_figures"].iloc[0]), lang)
    st.caption(ui.t("explore_big.truncated", shown=fmt.number(len(rows), lang), figures=figures))
elif int(rows["n_rows"].iloc[0]) > len(rows):
    total = fmt.number(int(rows["n_rows"].iloc[0]), lang)
    st.caption(ui.t("explore.truncated", shown=fmt.number(len(rows), lang), total=total))


def drawn(chart, data, columns) -> tuple[dict, object, bytes, bytes]:
    """A chart's spec, exactly its data as a table, and that table as CSV and XLSX."""
    table = charts.table(data, columns, lang)
    return charts.spec(chart), table, export.to_csv(table), export.to_xlsx(table)


def show(panel: tuple[dict, object, bytes, bytes], name: str) -> None:
    """The chart, then exactly its data as a table, then that table as CSV and XLSX."""
    spec, table, csv, xlsx = panel
    st.vega_lite_chart(spec, width="stretch")
    st.caption(ui.t("explore.table"))
    st.dataframe(charts.styled(table, lang), hide_index=True, width="stretch")
    buttons = st.container(horizontal=True)
    buttons.download_button(
        ui.t("export.csv"),
        csv,
        file_name=export.file_name(f"chitieu-{name}", "csv"),
        mime=export.CSV_MIME,
        key=f"csv_{name}",
        on_click="ignore",
        icon=":material/download:",
    )
    buttons.download_button(
        ui.t("export.xlsx"),
        xlsx,
        file_name=export.file_name(f"chitieu-{name}", "xlsx"),
        mime=export.XLSX_MIME,
        key=f"xlsx_{name}",
        on_click="ignore",
        icon=":material/download:",
    )


st.header(ui.t("explore.bullet"))
bullet = ui.shared(db, "explore.bullet_data", (view, lang), lambda: charts.bullet_data(rows, lang))
if bullet.empty:
    st.info(ui.t("explore.no_bullet"))
else:
    st.caption(ui.t("explore.bullet_caption"))
    if len(bullet) == charts.MAX_BARS:
        st.caption(ui.t("explore.capped", bars=charts.MAX_BARS))
    panel = ui.shared(
        db,
        "explore.bullet",
        (view, lang),
        lambda: drawn(charts.bullet_chart(bullet, lang), bullet, charts.BULLET_COLUMNS),
    )
    show(panel, "bullet")

st.header(ui.t("explore.achievement"))
achievement = ui.shared(
    db, "explore.achievement_data", (view, lang), lambda: charts.achievement_data(rows, lang)
)
if achievement.empty:
    st.info(ui.t("explore.no_achievement"))
else:
    st.caption(ui.t("explore.achievement_caption"))
    if len(achievement) == charts.MAX_BARS:
        st.caption(ui.t("explore.capped", bars=charts.MAX_BARS))
    panel = ui.shared(
        db,
        "explore.achievement",
        (view, lang),
        lambda: drawn(charts.achievement_chart(achievement, lang), achievement, charts.ACHIEVEMENT_COLUMNS),
    )
    show(panel, "achievement")

st.header(ui.t("explore.series"))
candidates = ui.shared(
    db, "explore.series_indicators", view, lambda: store.explore_series_indicators(con, **filters)
)
series_areas = len(chosen["area"] or options["area"])
if not candidates:
    st.info(ui.t("explore.no_series"))
elif series_areas > charts.MAX_SERIES_AREAS:
    st.info(ui.t("explore.too_many_areas", areas=series_areas, most=charts.MAX_SERIES_AREAS))
else:
    ui.url_seed("series", candidates, candidates[0])
    if st.session_state["series"] not in candidates:
        st.session_state["series"] = candidates[0]
    indicator = st.selectbox(
        ui.t("explore.series_indicator"),
        candidates,
        format_func=lambda v: names.get(v, v),
        key="series",
        persist_state="session",
    )
    ui.url_write("series", indicator, candidates[0])

    def series_panel():
        series = charts.series_data(
            store.explore_series(con, indicator, **{**filters, "indicators": None}), lang
        )
        return drawn(charts.series_chart(series, lang), series, charts.SERIES_COLUMNS)

    panel = ui.shared(db, "explore.series", (view, lang, indicator), series_panel)
    st.caption(ui.t("explore.series_caption"))
    show(panel, f"series-{indicator}")

ranking()
