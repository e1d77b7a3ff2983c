"""Places: a province's communes (or the country's provinces) ranked against plan, and a map.

Thin: reads the area, indicator and year (held in the URL as ASCII ids), asks the store for
the whole-year figures of the areas inside (`queries.place_ranking`), ranks and maps them with
`lib/report/place_charts.py` (status words and thresholds from `lib/report/scorecard.py`) and offers the
table as CSV and XLSX. On data without communes it says so (and, to approvers, how to make some).
"""

import streamlit as st

from lib import i18n, ui
from lib.data import areas, queries
from lib.report import charts, place_charts, scorecard

ui.enter_page()  # first: a link opened without app.py goes through it

LINK_KEYS = ("place", "place_indicator", "place_year")  # the widgets' keys, bound to the URL

lang = ui.lang()
st.title(ui.t("places.title"))
st.caption(ui.t("places.caption"))

options = ui.query(queries.place_options)
communes = options[options["level"] == "commune"]
if communes.empty:  # the bundled data: the whole province only
    # An approver reads what to do (a planner uploads, they publish); everyone else what will come.
    st.info(
        ui.t("places.no_communes" if ui.can("manage_users") else "places.no_communes_staff"),
        icon=":material/map:",
    )


def ranking() -> None:
    """The scope, indicator and year widgets, the summary, the map and the ranked table."""
    # Scopes: the whole country when there are province figures, and each province with communes.
    # Provinces in the order of their names without the type word (`Thành phố`, `Tỉnh`).
    provinces = sorted(
        set(communes["parent"]), key=lambda p: areas.loose_key(areas.split_prefix(areas.name(p))[0].core)
    )
    scopes = (["all"] if (options["level"] == "province").any() else []) + provinces
    catalogue = ui.query(queries.indicators)
    names = {row.indicator_id: i18n.name(row, lang) for row in catalogue.itertuples()}
    units = dict(zip(catalogue["indicator_id"], catalogue["unit"], strict=True))
    left, middle, right = st.columns([2, 3, 1])
    scope = ui.url_widget(
        left.selectbox,
        ui.t("places.scope"),
        scopes,
        key="place",
        default=scopes[0],
        format_func=lambda a: ui.t("places.all") if a == "all" else areas.display_name(a, lang),
    )

    # The indicators and years offered depend on the scope: a value no longer offered goes back to
    # the first one (ui.url_widget).
    inside = options[(options["level"] == "province") if scope == "all" else (options["parent"] == scope)]
    indicators = sorted(set(inside["indicator_id"]), key=lambda i: list(names).index(i) if i in names else 0)
    indicator = ui.url_widget(
        middle.selectbox,
        ui.t("places.indicator"),
        indicators,
        key="place_indicator",
        default=indicators[0],
        format_func=lambda i: names.get(i, i),
    )

    # Years as text, as the URL holds them.
    years = [
        str(y)
        for y in sorted(
            set(inside.loc[inside["indicator_id"] == indicator, "year"].astype(int)), reverse=True
        )
    ]
    year = ui.url_widget(right.selectbox, ui.t("places.year"), years, key="place_year", default=years[0])

    rows = ui.query(queries.place_ranking, scope, indicator, int(year))
    ranked = place_charts.ranking_data(rows, lang)
    statuses = ", ".join(
        f"{n} {scorecard.status_label(s, lang).lower()}" for s, n in place_charts.counts(ranked).items()
    )
    st.markdown(
        ui.t_md(
            "places.summary",
            areas=len(ranked),
            indicator=names.get(indicator, indicator),
            year=year,
            statuses=statuses,
        )
    )
    st.caption(
        ui.t("status.legend", exceeded=f"{scorecard.EXCEEDED_PCT:g}", close=f"{scorecard.CLOSE_PCT:g}")
    )

    unit = units.get(indicator, "")
    st.header(ui.t("places.map"))
    st.caption(ui.t("places.map_caption"))
    st.altair_chart(place_charts.map_chart(ranked, lang, unit), width="stretch")

    st.header(ui.t("places.ranking"))
    st.caption(ui.t("places.ranking_caption", unit=i18n.label("unit", unit, lang)))
    table = charts.table(ranked, place_charts.RANKING_COLUMNS, lang)
    ui.table(charts.styled(table, lang))
    ui.table_downloads(table, f"chitieu-places-{scope}-{indicator}-{year}", key="places")


# No st.stop(): what a page draws after a stop is dropped, and the front door's link notice is
# drawn when the page has run (ui.guarded).
if options.empty:  # nothing to choose: any place, indicator or year a link names is unusable
    ui.url_guard({key: ui.UrlParam.choice([]) for key in LINK_KEYS})
else:
    ranking()
