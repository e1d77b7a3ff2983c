"""Places: a province's communes (or the country's provinces) ranked against plan, and a map.

Thin: reads the area, indicator and year (held in the URL as ASCII ids), asks the store for
the whole-year figures of the areas inside (`store.place_ranking`), ranks and maps them with
`lib/place_charts.py` (status words and thresholds from `lib/scorecard.py`) and offers the
table as CSV and XLSX. On data without communes it says so and how to make some.
"""

import streamlit as st

from lib import areas, charts, export, i18n, place_charts, scorecard, store, ui

ui.enter_page()  # first: a link opened without app.py goes through it

db = ui.current_store()
con = db.cursor()
lang = ui.lang()
st.title(ui.t("places.title"))
st.caption(ui.t("places.caption"))

options = ui.shared(db, "place_options", (), lambda: store.place_options(con))
communes = options[options["level"] == "commune"]
if communes.empty:  # the bundled data: the whole province only
    st.info(ui.t("places.no_communes"), icon=":material/map:")
    if options.empty:
        st.stop()

# Scopes: the whole country when there are province figures, and each province with communes.
# Provinces in the order of their names without the type word (`Thành phố`, `Tỉnh`).
provinces = sorted(
    set(communes["parent"]), key=lambda p: areas.loose_key(areas.split_prefix(areas.name(p))[0].core)
)
scopes = (["all"] if (options["level"] == "province").any() else []) + provinces
catalogue = store.indicators(con)
names = dict(zip(catalogue["indicator_id"], catalogue["name_vi" if lang == "vi" else "name_en"], strict=True))
units = dict(zip(catalogue["indicator_id"], catalogue["unit"], strict=True))
ui.url_guard(
    {
        "place": ui.UrlParam.choice(scopes),
        "place_indicator": ui.UrlParam.choice(sorted(set(options["indicator_id"]))),
        "place_year": ui.UrlParam.choice(sorted(set(options["year"].astype(str)))),
    }
)
left, middle, right = st.columns([2, 3, 1])
default_scope = scopes[0]
ui.url_seed("place", scopes, default_scope)
scope = left.selectbox(
    ui.t("places.scope"),
    scopes,
    format_func=lambda a: ui.t("places.all") if a == "all" else areas.display_name(a, lang),
    key="place",
)
ui.url_write("place", scope, default_scope)

inside = options[(options["level"] == "province") if scope == "all" else (options["parent"] == scope)]
indicators = sorted(set(inside["indicator_id"]), key=lambda i: list(names).index(i) if i in names else 0)
ui.url_seed("place_indicator", indicators, indicators[0])
if st.session_state["place_indicator"] not in indicators:
    st.session_state["place_indicator"] = indicators[0]
indicator = middle.selectbox(
    ui.t("places.indicator"), indicators, format_func=lambda i: names.get(i, i), key="place_indicator"
)
ui.url_write("place_indicator", indicator, indicators[0])

# Years as text, as the URL holds them.
years = [
    str(y)
    for y in sorted(set(inside.loc[inside["indicator_id"] == indicator, "year"].astype(int)), reverse=True)
]
ui.url_seed("place_year", years, years[0])
if st.session_state["place_year"] not in years:
    st.session_state["place_year"] = years[0]
year = right.selectbox(ui.t("places.year"), years, key="place_year")
ui.url_write("place_year", year, years[0])

rows = ui.shared(
    db,
    "place_ranking",
    (scope, indicator, year),
    lambda: store.place_ranking(con, scope, indicator, int(year)),
)
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
st.caption(ui.t("status.legend", exceeded=f"{scorecard.EXCEEDED_PCT:g}", close=f"{scorecard.CLOSE_PCT:g}"))

unit = units.get(indicator, "")
st.header(ui.t("places.map"))
st.caption(ui.t("places.map_caption"))
st.altair_chart(place_charts.map_chart(ranked, lang, unit), width="stretch")

st.header(ui.t("places.ranking"))
st.caption(ui.t("places.ranking_caption", unit=i18n.label("unit", unit, lang)))
table = charts.table(ranked, place_charts.RANKING_COLUMNS, lang)
st.dataframe(charts.styled(table, lang), hide_index=True, width="stretch")
buttons = st.container(horizontal=True)
name = f"chitieu-places-{scope}-{indicator}-{year}"
for kind, mime, data in (("csv", export.CSV_MIME, export.to_csv), ("xlsx", export.XLSX_MIME, export.to_xlsx)):
    buttons.download_button(
        ui.t(f"export.{kind}"),
        data=lambda build=data: build(table),  # built when clicked, not on every rerun
        file_name=export.file_name(name, kind),
        mime=mime,
        key=f"places_{kind}",
        on_click="ignore",
        icon=":material/download:",
    )
