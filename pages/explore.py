"""Explore: filter the figures, see them as charts, read and download each chart's table.

Thin: the filters are widgets kept in the URL as ASCII ids (`ui.url_widget`); their values make
one `lib.filters.Filters`, which gives the store's queries their arguments (through the cached
`ui.query`) and says in words what is shown. Charts come from `lib/report/charts.py`.
"""

import streamlit as st

from lib import filters, fmt, ui
from lib.data import areas, queries
from lib.report import charts, export, summary
from lib.report import tracking_words as progress

ui.enter_page()  # first: a link opened without app.py goes through it

db = ui.current_store()
lang = ui.lang()
options = ui.explore_options(db)
catalogue = ui.query(queries.indicators)
names = ui.sim_indicator_names(lang)  # every indicator's name by id, shared per data and language
options["indicator"] = list(catalogue["indicator_id"])

st.title(ui.t("explore.title"))
st.caption(ui.t("explore.caption"))

rules = filters.Filters.params(options)  # what each key of a link may hold
# Every option's label, made once per data and language for every visitor: on national data the
# area list holds thousands of communes, each named on every run otherwise.
labels = ui.shared(
    db,
    "explore.labels",
    (lang,),
    lambda: {k: {v: charts.label(k, v, lang) for v in options[k]} for k in filters.MULTI if k != "indicator"},
)


class Named(dict):
    """An option's label by a dict lookup (Streamlit names every option on every run: thousands
    of areas); an id without one is named the usual way."""

    def __init__(self, key: str, known: dict) -> None:
        super().__init__(known)
        self.key = key

    def __missing__(self, value) -> str:
        return names.get(value, value) if self.key == "indicator" else charts.label(self.key, value, lang)


chosen = {}
columns = st.columns(3)
for i, key in enumerate(filters.MULTI):
    chosen[key] = ui.url_widget(
        columns[i % 3].multiselect,
        ui.t(f"explore.{key}"),
        options[key],
        key=key,
        default=[],
        param=rules[key],
        format_func=Named(key, names if key == "indicator" else labels[key]).__getitem__,
        placeholder=ui.t("explore.all"),
        persist_state="session",
    )
periods = options["period"]
if len(periods) > 1:
    chosen["period"] = ui.url_widget(
        columns[len(filters.MULTI) % 3].select_slider,
        ui.t("explore.period"),
        periods,
        key="period",
        default=(periods[0], periods[-1]),
        param=rules["period"],
        persist_state="session",
    )
# The widgets' values are ids in the query's shape: the same object a link reads itself into.
view = filters.Filters.from_query(chosen, options)
period_to = view.period[1] if view.period else (periods[-1] if periods else None)


def ranking() -> None:
    """Every target of one area through the filtered year, the furthest behind first. It depends
    on the data, the view and the language alone: drawn once for every visitor and replayed
    (`ui.drawn_once`; its table's marshalling on every visit showed under a crowd, py-spy)."""
    # One area: the one chosen, else the whole (the province, or the country on national data).
    area = view.area[0] if len(view.area) == 1 else areas.WHOLE if areas.WHOLE in options["area"] else "all"
    current = ui.tracking_year(area)
    if current is None:
        return
    year = min(int(str(period_to)[:4]), current) if period_to else current
    st.header(ui.t("track_page.rank_header", year=year))
    area_name = charts.label("area", area, lang)
    if len(view.area) > 1:
        st.caption(ui.t_md("track_page.rank_one_area", area=area_name))
    fields = dict(zip(catalogue["indicator_id"], catalogue["field"], strict=True))
    tracks = [
        t
        for t in ui.tracks(year, area)
        if (not view.field or fields.get(t.indicator_id) in view.field)
        and (not view.indicator or t.indicator_id in view.indicator)
    ]
    if not tracks:
        st.caption(ui.t("track_page.rank_none", year=year))
        return
    st.caption(ui.t_md("track_page.rank_caption", area=area_name))
    # A short static table (one row per indicator), not a chart's data: no downloads of its own.
    # Its text is built once per view (ui.table_text: no Styler).
    shown = ui.shared(
        db,
        "explore.ranking",
        (key, lang, year, area),
        lambda: ui.table_text(progress.ranking(tracks, names, lang), lang),
    )
    st.table(shown, hide_index=True)


# What depends only on the data and the view is computed once for every visitor (ui.query,
# ui.shared keyed by the view's ids); widgets and their keys stay per session.
key = tuple(sorted((k, tuple(v)) for k, v in view.to_params().items()))


def rows():
    """The filtered figures: read inside the shared computations only (a copy of the whole
    table for every visitor was a sixth of this page's time under a crowd, py-spy)."""
    return ui.query(queries.explore_table, **view.sql_args())


row_count = ui.shared(db, "explore.row_count", (key,), lambda: len(rows()))
if not row_count:
    st.info(ui.t("explore.empty"), icon=":material/filter_alt_off:")
    st.stop()
total = ui.query(queries.explore_total, **view.sql_args())
if total["rows"] is None:  # big data: only the newest periods were read
    figures = fmt.number(total["figures"], lang)
    st.caption(ui.t("explore_big.truncated", shown=fmt.number(row_count, lang), figures=figures))
elif total["rows"] > row_count:
    shown, matched = fmt.number(row_count, lang), fmt.number(total["rows"], lang)
    st.caption(ui.t("explore.truncated", shown=shown, total=matched))
described = ui.t("filters.shown", filters=view.describe(lang, names))


def drawn(chart, data, columns) -> tuple[dict, object]:
    """A chart's spec and exactly its data as a table."""
    return ui.arrow_spec(charts.spec(chart)), charts.table(data, columns, lang)


def show(name: str, args: tuple, panel) -> None:
    """The chart, then exactly its data as a table, what it is filtered by, and that table as
    CSV and XLSX. `panel()` gives the spec and the table (shared under `name` and `args`); what
    is drawn depends only on the data and the view, so it is drawn once for every visitor and
    replayed (`ui.drawn_once`); the downloads are widgets, drawn on every run."""
    shared = lambda: ui.shared(db, f"explore.{name}", args, panel)  # noqa: E731

    def draw() -> None:
        spec, table = shared()
        st.vega_lite_chart(spec, width="stretch")
        st.caption(ui.t("explore.table"))
        ui.table(ui.styled(table, lang))
        st.caption(ui.literal(described))  # indicator names come from the data: shown literally

    ui.drawn_once(db, f"explore.show.{name}", args, draw)
    table = ui.shared(db, f"explore.{name}_table", args, lambda: shared()[1])
    ui.table_downloads(table, f"chitieu-{name}", key=f"explore_{name}")


def chart_section(kind: str, data_fn, chart_fn, columns) -> None:
    """One of the explorer's bar charts (`bullet`, `achievement`): a heading, the chart with
    its table and downloads, or a sentence saying the selection has nothing for it."""
    st.header(ui.t(f"explore.{kind}"))

    def data():
        return ui.shared(db, f"explore.{kind}_data", (key, lang), lambda: data_fn(rows(), lang))

    bars = ui.shared(db, f"explore.{kind}_bars", (key, lang), lambda: len(data()))
    if not bars:
        st.info(ui.t(f"explore.no_{kind}"))
        return
    st.caption(ui.t(f"explore.{kind}_caption"))
    if bars == charts.MAX_BARS:
        st.caption(ui.t("explore.capped", bars=charts.MAX_BARS))
    show(kind, (key, lang), lambda: drawn(chart_fn(data(), lang), data(), columns))


chart_section("bullet", charts.bullet_data, charts.bullet_chart, charts.BULLET_COLUMNS)
chart_section("achievement", charts.achievement_data, charts.achievement_chart, charts.ACHIEVEMENT_COLUMNS)

st.header(ui.t("explore.series"))
candidates = ui.query(queries.explore_series_indicators, **view.sql_args())
series_areas = len(view.area or options["area"])
if not candidates:
    st.info(ui.t("explore.no_series"))
elif series_areas > charts.MAX_SERIES_AREAS:
    st.info(ui.t("explore.too_many_areas", areas=series_areas, most=charts.MAX_SERIES_AREAS))
else:
    indicator = ui.url_widget(
        st.selectbox,
        ui.t("explore.series_indicator"),
        candidates,
        key="series",
        default=candidates[0],
        format_func=lambda v: names.get(v, v),
        persist_state="session",
    )

    def series_panel():
        figures = ui.query(queries.explore_series, indicator, **{**view.sql_args(), "indicators": None})
        series = charts.series_data(figures, lang, catalogue.set_index("indicator_id")["unit"].get(indicator))
        return drawn(charts.series_chart(series, lang), series, charts.SERIES_COLUMNS)

    st.caption(ui.t("explore.series_caption"))
    show(f"series-{indicator}", (key, lang, indicator), series_panel)

# Every filtered figure as a plain table, also those no chart above can draw (an actual with no
# plan, a single period): a filter never leaves the page without its figures.
st.header(ui.t("explore.figures"))
st.caption(ui.t("explore.figures_caption"))


def figures_drawn() -> None:
    table = ui.shared(db, "explore.figures", (key, lang), lambda: summary.figures_table(rows(), lang))
    ui.table(table)
    st.caption(ui.literal(described))


ui.drawn_once(db, "explore.figures_drawn", (key, lang), figures_drawn)
filtered = ui.shared(
    db, "explore.figures_download", (key, lang), lambda: export.filtered_figures(rows(), lang)
)
ui.table_downloads(filtered, "chitieu-figures", key="explore_figures")

ui.drawn_once(db, "explore.ranking_drawn", (key, lang), ranking)
