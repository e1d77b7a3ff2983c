"""Briefing: one field per screen in large type for the meeting room, and the exports for paper.

Sentences, headlines and sources carry names from the data: they are shown through `ui.literal`
(their characters, never Markdown), the files neutralise them (`lib/report.py`).
"""

import dataclasses

import streamlit as st

from lib import briefing, charts, document, docx_report, export, i18n, report, settings, store, ui

ui.enter_page()  # first: a link opened without app.py goes through it

db = ui.current_store()
con = db.cursor()
lang = ui.lang()
years = ui.shared(db, "years_with_actuals", (), lambda: store.years_with_actuals(con))
if not years:
    st.info(ui.t("briefing.no_data"))
    st.stop()

areas = ui.shared(db, "areas", (), lambda: store.areas(con))
ui.url_guard({"year": ui.UrlParam.choice(years, bound=True), "area": ui.UrlParam.choice(areas)})
left, middle, right = st.columns([1, 1, 3])
year = left.selectbox(ui.t("briefing.year"), years, key="year", bind="query-params")
area = briefing.default_area(areas)
if len(areas) > 1:
    url_area = st.query_params.get("area")
    area = middle.selectbox(
        ui.t("briefing.area"),
        areas,
        index=areas.index(url_area if url_area in areas else area),
        format_func=lambda a: briefing.area_label(a, lang),
        key="briefing_area",
        on_change=lambda: st.query_params.update(area=st.session_state["briefing_area"]),
    )
# Built once per data version and view for every visitor: switching fields on a projector,
# or a room opening the same link, must not wait.
current = db
b = ui.shared(
    db, "briefing.build", (year, lang, area), lambda: briefing.build(current.cursor(), year, lang, area)
)
fields = b.fields()
if not fields:
    st.info(ui.t("briefing.no_area_data", year=year))
    st.stop()
# Bound widgets put the translated label in the URL ("field=Xã+hội"); the field is kept in the
# URL by hand instead, as its ASCII id ("field=social"), so a link works in either language.
ui.url_guard({"field": ui.UrlParam.choice(fields)})
url_field = st.query_params.get("field")
field_id = right.segmented_control(
    ui.t("briefing.field"),
    fields,
    format_func=lambda f: ui.literal(i18n.label("field", f, lang)),  # option labels are Markdown
    default=url_field if url_field in fields else fields[0],
    required=True,
    key="briefing_field",
    on_change=lambda: st.query_params.update(field=st.session_state["briefing_field"]),
)

st.title(ui.t("briefing.title", year=year))
agency = settings.AGENCY.get().strip()  # the department's name, as on the Word report
if agency:
    st.caption(ui.literal(agency))
st.header(ui.literal(i18n.label("field", field_id, lang)), anchor=False)
# Where the catalogue says which department owns an indicator.
owners = ui.shared(db, "departments", (field_id,), lambda: store.departments(con, field_id))
if not owners.empty:
    names = owners["name_vi" if lang == "vi" else "name_en"]
    listed = "; ".join(f"{n}: {d}" for n, d in zip(names, owners["department"], strict=True))
    st.caption(ui.t_md("briefing.departments", owners=listed))

view = (year, lang, area, field_id)
heads = ui.shared(db, "briefing.headlines", view, lambda: briefing.headlines(b, field_id))
for col, h in zip(st.columns(max(len(heads), 1)), heads, strict=False):
    col.metric(
        ui.literal(h.name),
        ui.literal(h.value),
        delta=ui.literal(h.pct_of_plan) if h.pct_of_plan else None,
        delta_color="off",
        delta_arrow="off",
        help=ui.literal(f"{h.name} · {h.provenance}"),
        border=True,
    )

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

# On screen a chart fills its column; files are drawn (on click) at a fixed size.
screen_charts = ui.shared(
    db,
    "briefing.charts",
    view,
    lambda: [(stem, charts.spec(c)) for stem, c in briefing.charts(b, field_id, width="container")],
)
# The % of plan chart (long indicator names) gets a row of its own; the others go two by two.
wide = [c for c in screen_charts if "pct-of-plan" in c[0]]
narrow = [c for c in screen_charts if "pct-of-plan" not in c[0]]
slots = [st.container() for _ in wide]
for i in range(len(narrow)):
    if i % 2 == 0:
        row = st.columns(2, gap="large")
    slots.append(row[i % 2])
for (stem, chart), slot in zip(wide + narrow, slots, strict=True):
    with slot:
        # A stretched bar chart with a legend below gets squashed unless given a height.
        st.vega_lite_chart(chart, width="stretch", height="content" if "pct-of-plan" in stem else 340)
        buttons = st.container(horizontal=True)
        buttons.download_button(
            ui.t("briefing.download_png"),
            data=lambda s=stem: report.chart_file(b, field_id, s, "png"),
            file_name=export.file_name(stem, "png"),
            mime="image/png",
            key=f"png-{stem}",
            on_click="ignore",
            icon=":material/image:",
        )
        buttons.download_button(
            ui.t("briefing.download_svg"),
            data=lambda s=stem: report.chart_file(b, field_id, s, "svg"),
            file_name=export.file_name(stem, "svg"),
            mime="image/svg+xml",
            key=f"svg-{stem}",
            on_click="ignore",
            icon=":material/draw:",
        )

with st.expander(ui.t("briefing.figures_heading")):
    figures = ui.shared(db, "briefing.figures", view, lambda: report.figures_frame(b, field_id))
    st.dataframe(figures, hide_index=True, width="stretch")
    for source in b.sources():
        st.caption(ui.t_md("briefing.source_note", source=source))

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


pdf_col.download_button(
    ui.t("briefing.download_pdf"),
    data=lambda s=sender: report.pdf_bytes(fresh(), sender=s),
    file_name=f"briefing-{year}-{lang}.pdf",
    mime="application/pdf",
    key="download_pdf",
    on_click="ignore",
    type="primary",
    icon=":material/picture_as_pdf:",
    width="stretch",
)
docx_col.download_button(
    ui.t("briefing.download_docx"),
    data=lambda s=sender: docx_report.docx_bytes(fresh(), sender=s),
    file_name=f"briefing-{year}-{lang}.docx",
    mime="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    key="download_docx",
    on_click="ignore",
    type="primary",
    icon=":material/description:",
    width="stretch",
)
xlsx_col.download_button(
    ui.t("briefing.download_xlsx"),
    data=lambda: report.xlsx_bytes(fresh()),
    file_name=f"briefing-{year}-{lang}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    key="download_xlsx",
    on_click="ignore",
    icon=":material/table:",
    width="stretch",
)
