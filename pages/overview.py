"""Overview: how the year went against plan, field by field, and what next year asks.

Thin: reads the year (and area) from the URL's view widgets (`ui.url_widget`), asks `lib` for the figures and
their card text, draws. Status thresholds, units and comparisons live in `lib/report/scorecard.py`.
"""

import streamlit as st

from lib import i18n, ui
from lib.data import areas as area_catalogue
from lib.data import queries
from lib.report import export, scorecard, summary
from lib.report import tracking_words as progress

ui.enter_page()  # first: a link opened without app.py goes through it

db = ui.current_store()
lang = ui.lang()
years = ui.query(queries.years_with_actuals)
if not years:
    st.info(ui.t("overview.no_data"))
    st.stop()

areas = ui.query(queries.areas)
# Named once per data and language for every visitor: thousands of communes on national data.
area_names = ui.shared(
    db, "overview.area_names", (lang,), lambda: {a: area_catalogue.display_name(a, lang) for a in areas}
)
left, right = st.columns(2)
# Year and area are the view: kept in the URL as ids (ui.url_widget), the year shared with the
# briefing for the session.
year = ui.url_widget(
    left.selectbox, ui.t("overview.year"), years, key="year", default=years[0], persist_state="session"
)
area = ui.url_widget(
    right.selectbox,
    ui.t("overview.area"),
    areas,
    key="area",
    default=areas[0],
    shown=len(areas) > 1,
    format_func=lambda a: area_names.get(a) or area_catalogue.display_name(a, lang),  # lang captured
)

view = (year, area, lang)


def rows():  # the year's figures (a query shared by every visitor)
    return ui.query(queries.year_summary, year, area)


def draw_card(card: scorecard.Card) -> None:
    with st.container(border=True):
        # Names, sources and figures come from the data: shown literally (ui.literal).
        st.markdown(f"**{ui.literal(card.name)}**", help=ui.literal(card.actual_help) or None)
        st.markdown(f"### {ui.literal(card.actual_text)}", anchors=False)
        st.caption(ui.literal(card.actual_provenance_text))
        if card.change_text:
            better = card.change_better
            arrow = (
                ":material/arrow_upward:" if card.change_text.startswith("+") else ":material/arrow_downward:"
            )
            word = (
                ""
                if better is None
                else " · " + ui.t("overview.change_better" if better else "overview.change_worse")
            )
            color = "gray" if better is None else ("blue" if better else "orange")
            change = card.change_text.replace("-", "−")  # a number we wrote: no escapes in a label
            st.markdown(
                f":{color}[{arrow} {change}] {ui.t('overview.change')}{word}",
                help=ui.literal(card.change_help) or None,
            )
        if card.change_note:  # e.g. not comparable: the measurement standard changed
            st.caption(ui.literal(card.change_note))
        if card.status == "no_plan":
            st.badge(card.status_text, icon=scorecard.STATUS_ICON["no_plan"], color="gray")
            return
        plan = f"**{ui.t('overview.plan')}:** {ui.literal(card.plan_text)}"
        if card.plan_provenance_text:
            plan += f" · {ui.literal(card.plan_provenance_text)}"
        st.markdown(plan, help=ui.literal(card.plan_help) or None)
        pct = f"**{ui.t('overview.pct')}:** {ui.literal(card.pct_text)}"
        if card.pct_provenance_text:
            pct += f" · {ui.literal(card.pct_provenance_text)}"
        st.markdown(pct, help=ui.literal(card.pct_help) or None)
        st.badge(  # catalogue text: a badge's label cannot carry escapes (lib/literal.py)
            card.status_text,
            icon=scorecard.STATUS_ICON[card.status],
            color=scorecard.STATUS_COLOR[card.status],
        )


def draw_plan(card: scorecard.Card) -> None:
    """A plan with no actual yet: the plan, and that the year's result is not in the data."""
    with st.container(border=True):
        st.markdown(f"**{ui.literal(card.name)}**")
        plan = f"**{ui.t('overview.plan')}:** {ui.literal(card.plan_text)}"
        if card.plan_provenance_text:
            plan += f" · {ui.literal(card.plan_provenance_text)}"
        st.markdown(plan, help=ui.literal(card.plan_help) or None)
        st.caption(ui.t("overview.plan_no_actual", year=year))


def this_year() -> None:
    year_rows = rows()
    cards = ui.shared(db, "overview.cards", view, lambda: scorecard.cards(year_rows, lang))
    plans = ui.shared(db, "overview.plans", view, lambda: scorecard.plan_cards(year_rows, lang))
    st.header(ui.t("overview.this_year", year=year))
    # Every field of the catalogue, in its order: one with plans but no actuals yet shows its
    # plans, one with nothing this year says so (never left out in silence).
    catalogue = ui.query(queries.indicators)
    for field in dict.fromkeys([*catalogue["field"], *year_rows["field"]]):
        st.subheader(ui.literal(i18n.label("field", field, lang)))  # a user's own field: its id
        field_cards = [c for c in cards if c.field == field]
        field_plans = [c for c in plans if c.field == field]
        if not field_cards:
            st.info(ui.t("overview.no_cards" if field_plans else "overview.nothing_this_year", year=year))
        columns = st.columns(3)
        for i, card in enumerate(field_cards + field_plans):
            with columns[i % 3]:
                (draw_card if i < len(field_cards) else draw_plan)(card)


def draw_progress(card: progress.Card, name: str) -> None:
    with st.container(border=True):
        st.markdown(f"**{ui.literal(name)}**")
        # The status is a word with its icon (never a colour alone); the rule on hover.
        st.markdown(f"{card.icon} **{ui.literal(card.status_text)}**", help=ui.literal(card.rule))
        if card.chance_text:
            st.markdown(ui.literal(card.chance_text), help=ui.literal(card.chance_help))
        st.markdown("\n".join(f"- {ui.literal(line)}" for line in card.lines))


def tracked() -> None:
    track_year = ui.tracking_year(area)
    if track_year is None:
        return
    st.header(ui.t("track_page.header", year=track_year))
    st.caption(ui.t("track_page.caption", year=track_year))
    names = ui.sim_indicator_names(lang)  # every indicator's name by id, shared per data and language
    columns = st.columns(3)
    for i, track in enumerate(ui.tracks(track_year, area)):
        with columns[i % 3]:
            draw_progress(progress.card(track, lang), names.get(track.indicator_id, track.indicator_id))


def next_year() -> None:
    st.header(ui.t("overview.next_year", year=year + 1))
    st.caption(ui.t("overview.next_caption"))
    targets = ui.shared(
        db,
        "overview.next_year",
        view,
        lambda: scorecard.next_year(rows(), ui.query(queries.year_summary, year + 1, area), year, lang),
    )
    if not targets:
        st.info(ui.t("overview.no_next", year=year + 1))
    columns = st.columns(max(1, min(len(targets), 3)))
    for i, target in enumerate(targets):
        with columns[i % len(columns)], st.container(border=True):
            st.markdown(f"**{ui.literal(target.name)}**", help=ui.literal(target.target_help) or None)
            st.markdown(f"### {ui.literal(target.target_text)}", anchors=False)
            st.markdown("\n".join(f"- {ui.literal(line)}" for line in target.against))


def body() -> None:
    """Everything between the view's widgets and the table: it depends only on the data and the
    view, so it is drawn once for every visitor and replayed (`ui.drawn_once`)."""
    st.title(ui.t("overview.title", year=year))
    st.caption(ui.t("overview.caption"))
    st.caption(
        ui.t("status.legend", exceeded=f"{scorecard.EXCEEDED_PCT:g}", close=f"{scorecard.CLOSE_PCT:g}")
    )
    this_year()
    tracked()
    next_year()


ui.drawn_once(db, "overview.body", view, body)

with st.expander(ui.t("overview.table", year=year)):
    ui.drawn_once(
        db,
        "overview.table_drawn",
        view,
        lambda: ui.table(ui.shared(db, "overview.table", view, lambda: summary.summary_table(rows(), lang))),
    )
    # The table's own toolbar download is off (.streamlit/config.toml): these neutralise formulas
    # and keep the figures as numbers.
    figures = ui.shared(db, "overview.figures", view, lambda: export.year_figures(rows(), lang))
    ui.table_downloads(figures, f"chitieu-{year}-{area}", key="overview")
