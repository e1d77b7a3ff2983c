"""Briefing: one field per screen in large type for the meeting room, and the exports for paper.

Sentences, headlines and sources carry names from the data: they are shown through `ui.literal`
(their characters, never Markdown), the files neutralise them (`lib/report/report.py`).
"""

import dataclasses

import streamlit as st

from lib import i18n, settings, ui
from lib.data import queries
from lib.report import briefing, charts, document, docx_report, export, report

ui.enter_page()  # first: a link opened without app.py goes through it

db = ui.current_store()
lang = ui.lang()
years = ui.query(queries.years_with_actuals)
if not years:
    st.info(ui.t("briefing.no_data"))
    st.stop()

areas = ui.query(queries.areas)
# Named once per data and language for every visitor: thousands of communes on national data.
area_names = ui.shared(
    db, "briefing.area_names", (lang,), lambda: {a: briefing.area_label(a, lang) for a in areas}
)
left, middle, right = st.columns([1, 1, 3])
# Year, area and field are the view, kept in the URL as ids (ui.url_widget): a link opens the
# same screen in either language. The year is the overview's, for the session.
year = ui.url_widget(
    left.selectbox, ui.t("briefing.year"), years, key="year", default=years[0], persist_state="session"
)
area = ui.url_widget(
    middle.selectbox,
    ui.t("briefing.area"),
    areas,
    key="briefing_area",
    url_key="area",
    default=briefing.default_area(areas),
    shown=len(areas) > 1,
    format_func=lambda a: area_names.get(a) or briefing.area_label(a, lang),
)
# Built once per data version and view for every visitor: switching fields on a projector,
# or a room opening the same link, must not wait.
current = db
b = ui.query(briefing.build, year, lang, area)
fields = b.fields()
if not fields:
    st.info(ui.t("briefing.no_area_data", year=year))
    st.stop()
field_id = ui.url_widget(
    right.segmented_control,
    ui.t("briefing.field"),
    fields,
    key="briefing_field",
    url_key="field",
    default=fields[0],
    format_func=lambda f: ui.literal(i18n.label("field", f, lang)),  # option labels are Markdown
    required=True,
)

agency = settings.AGENCY.get().strip()  # the department's name, as on the Word report
view = (year, lang, area, field_id)


def body() -> None:
    """The field's screen up to its charts: it depends only on the data, the view and the
    department's name, so it is drawn once for every visitor and replayed (`ui.drawn_once`)."""
    st.title(ui.t("briefing.title", year=year))
    if agency:
        st.caption(ui.literal(agency))
    st.header(ui.literal(i18n.label("field", field_id, lang)), anchor=False)
    # Where the catalogue says which department owns an indicator.
    owners = ui.query(queries.departments, field_id)
    if not owners.empty:
        listed = "; ".join(f"{i18n.name(row, lang)}: {row.department}" for row in owners.itertuples())
        st.caption(ui.t_md("briefing.departments", owners=listed))

    heads = ui.shared(db, "briefing.headlines", view, lambda: briefing.headlines(b, field_id))
    # A card of its own, not st.metric: a metric cuts its label to one line ("Thu thập thông tin
    # người lao động gắn v…"), and an indicator's name is the card's point. The name wraps.
    for col, h in zip(st.columns(max(len(heads), 1)), heads, strict=False):
        with col.container(border=True):
            st.markdown(f"**{ui.literal(h.name)}**", help=ui.literal(h.provenance))
            st.markdown(f"### {ui.literal(h.value)}", anchors=False)
            if h.pct_of_plan:
                st.caption(ui.literal(h.pct_of_plan))

    results_col, targets_col = st.columns([3, 2], gap="large")
    with results_col:
        st.subheader(ui.t("briefing.results_heading", year=year), anchor=False, divider="gray")
        results = b.results_for(field_id)
        for s in results:
            st.markdown("#### " + ui.literal(s.text))
            labels = ", ".join(ui.t(f"provenance.{p}") for p in s.provenances)
            st.caption(ui.t_md("briefing.provenance_note", labels=labels))
        if not results:
            st.info(ui.t("briefing.no_results", year=year))
    with targets_col:
        st.subheader(ui.t("briefing.targets_heading", year=year + 1), anchor=False, divider="gray")
        targets = b.targets_for(field_id)
        for s in targets:
            st.markdown("#### " + ui.literal(s.text))
        if not targets:
            st.info(ui.t("briefing.no_targets", year=year + 1))
        sims = b.chances_for(field_id)
        if sims:
            with st.container(border=True):
                st.markdown(f"**{ui.t('briefing.sim_heading', year=year + 1)}**")
                for c in sims:
                    st.markdown("#### " + ui.literal(c.text))
                    st.caption(ui.literal(c.assumptions))
                st.caption(ui.literal(briefing.simulation_label(lang)))


ui.drawn_once(db, "briefing.body", (*view, agency), body)


# On screen a chart fills its column; files are drawn (on click) at a fixed size.
def screen_charts() -> list:
    return ui.shared(
        db,
        "briefing.charts",
        view,
        lambda: [
            (stem, ui.arrow_spec(charts.spec(c)))
            for stem, c in briefing.charts(b, field_id, width="container")
        ],
    )


def draw_chart(stem: str) -> None:
    # A stretched bar chart with a legend below gets squashed unless given a height.
    chart = dict(screen_charts())[stem]
    st.vega_lite_chart(chart, width="stretch", height="content" if "pct-of-plan" in stem else 340)


stems = ui.shared(db, "briefing.chart_stems", view, lambda: [stem for stem, _ in screen_charts()])
# The % of plan chart (long indicator names) gets a row of its own; the others go two by two.
wide = [c for c in stems if "pct-of-plan" in c]
narrow = [c for c in stems if "pct-of-plan" not in c]
slots = [st.container() for _ in wide]
for i in range(len(narrow)):
    if i % 2 == 0:
        row = st.columns(2, gap="large")
    slots.append(row[i % 2])
for stem, slot in zip(wide + narrow, slots, strict=True):
    with slot:
        # Drawn once per view for every visitor and replayed (ui.drawn_once); the buttons are
        # widgets, drawn on every run.
        ui.drawn_once(db, f"briefing.chart.{stem}", view, lambda stem=stem: draw_chart(stem))
        buttons = st.container(horizontal=True)
        for kind, mime, icon in (
            ("png", "image/png", ":material/image:"),
            ("svg", "image/svg+xml", ":material/draw:"),
        ):
            buttons.download_button(
                ui.t(f"briefing.download_{kind}"),
                data=lambda s=stem, kind=kind: report.chart_file(b, field_id, s, kind),
                file_name=export.file_name(stem, kind),
                mime=mime,
                key=f"{kind}-{stem}",
                on_click="ignore",
                icon=icon,
            )


def figures_table() -> None:
    figures = ui.shared(db, "briefing.figures", view, lambda: report.figures_frame(b, field_id))
    ui.table(figures)
    for source in b.sources():
        st.caption(ui.t_md("briefing.source_note", source=source))


with st.expander(ui.t("briefing.figures_heading")):
    ui.drawn_once(db, "briefing.figures_drawn", view, figures_table)

st.subheader(ui.t("briefing.exports_heading"), anchor=False)
pdf_col, docx_col, xlsx_col = st.columns(3)
# The sender printed on the report: settings first; what they leave empty can be typed here,
# and what stays empty is a dotted line in the file (never invented).
sender = document.Sender.from_settings()
unset = [f.name for f in dataclasses.fields(sender) if not getattr(sender, f.name)]
if unset:
    with st.expander(ui.t("briefing.doc_sender")):
        st.caption(ui.t("briefing.doc_sender_help"))
        boxes = st.columns(2)
        typed = {
            name: boxes[i % 2].text_input(ui.t(f"briefing.doc_{name}"), key=f"doc_{name}", max_chars=200)
            for i, name in enumerate(unset)
        }
    sender = dataclasses.replace(sender, **{k: v.strip() for k, v in typed.items()})


figures_line = ui.version_line()  # which approved figures: said in the PDF, Word and workbook


def fresh() -> briefing.Briefing:
    """Built on click, on Streamlit's download thread: it needs a cursor of its own."""
    return dataclasses.replace(briefing.build(current.cursor(), year, lang, area), data_version=figures_line)


# The three files of the briefing: one button each, built on click (a fresh build: see above).
REPORTS = (
    ("pdf", "application/pdf", ":material/picture_as_pdf:", lambda s: report.pdf_bytes(fresh(), sender=s)),
    (
        "docx",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ":material/description:",
        lambda s: docx_report.docx_bytes(fresh(), sender=s),
    ),
    (
        "xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ":material/table:",
        lambda s: report.xlsx_bytes(fresh()),
    ),
)
for col, (kind, mime, icon, build) in zip((pdf_col, docx_col, xlsx_col), REPORTS, strict=True):
    col.download_button(
        ui.t(f"briefing.download_{kind}"),
        data=lambda build=build, s=sender: build(s),
        file_name=f"briefing-{year}-{lang}.{kind}",
        mime=mime,
        key=f"download_{kind}",
        on_click="ignore",
        type="secondary" if kind == "xlsx" else "primary",  # the workbook is the figures' file
        icon=icon,
        width="stretch",
    )
