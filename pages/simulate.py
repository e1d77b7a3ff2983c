"""Simulate the target year: the chance of reaching each target, what it would take, scenarios.

Reads the widgets (every assumption and the seed bound to the URL), asks `lib.ui` for the setup
and for one run of each model per rerun (`ui.sim_jobs`, `ui.sim_poverty`: results and the
charts built from them), and draws what `lib.report.sim_words` writes about them.
"""

from dataclasses import fields, replace
from urllib.parse import urlencode

import streamlit as st

from lib import faults, fmt, settings, ui
from lib.models import backtest, sim_setup, simulate, tracking, year_over
from lib.report import sim_words as words
from lib.report import simulate_charts as charts
from lib.report import tracking_words as progress
from lib.report.briefing import area_label
from lib.state import access, datasets
from lib.state.scenarios import NotYours, ScenarioError, name_of
from lib.state.statedb import StateError

ui.enter_page()  # first: a link opened without app.py goes through it

lang, D = ui.lang(), sim_setup.Assumptions()
head = st.container()
chooser = st.container()  # the indicator, under the title the data decides
# The additive model's indicator: any count or amount with a target, the data's first by default.
indicators = ui.sim_indicators()
default_indicator = indicators[0] if indicators else None
names = ui.sim_indicator_names(lang)
if "sim_indicator" in st.session_state and st.session_state["sim_indicator"] not in indicators:
    del st.session_state["sim_indicator"]  # another dataset: its own indicators
indicator = st.session_state.get("sim_indicator") or default_indicator
areas = ui.sim_indicator_areas(indicator) if indicator else []
default_area = sim_setup.default_area(areas)
# Every key a link may carry, checked before a widget reads it: the numbers within the ranges
# `lib.models.sim_setup.INPUTS` declares for their widgets, the options among the ids the page offers.
ui.url_guard(
    {
        "area": ui.UrlParam.choice(areas),
        "indicator": ui.UrlParam.choice(indicators),
        "baseline": ui.UrlParam.choice(sim_setup.BASELINES),
        "profile": ui.UrlParam.choice(sim_setup.PROFILES),
        "weights": ui.UrlParam.text(max_chars=200),
        **{
            key: ui.UrlParam.number(spec.low, spec.high, integer=isinstance(getattr(D, key), int))
            for key, spec in sim_setup.INPUTS.items()
        },
    }
)


@ui.guarded_callback  # a button's action: no traceback (lib/ui.py)
def reset_defaults() -> None:
    """Another indicator or area: the variability starts again from that one's own history."""
    st.session_state.pop("cv_pct", None)


if indicators:
    # The indicator id (ASCII) is the URL's `indicator=`; its own session key, as the area's.
    indicator = ui.url_widget(chooser.selectbox, ui.t("track_page.sim_indicator"), indicators,
                              key="sim_indicator", url_key="indicator", default=default_indicator,
                              format_func=lambda i: names.get(i, i), on_change=reset_defaults,
                              help=ui.t("track_page.sim_indicator_help"))  # fmt: skip
    areas = ui.sim_indicator_areas(indicator)
    default_area = sim_setup.default_area(areas)
if areas:  # its own key: the overview's area selectbox (key `area`) offers other areas
    # The areas' names, made once per data, indicator and language for every visitor: on national
    # data the list holds thousands of communes, each named on every run otherwise.
    area_names = ui.shared(ui.current_store(), "simulate.area_names", (indicator, lang),
                           lambda: {a: area_label(a, lang) for a in areas})  # fmt: skip
    area = ui.url_widget(st.selectbox, ui.t("simulate_area.label"), areas, key="sim_area", url_key="area",
                         default=default_area, help=ui.t("simulate_area.help"), on_change=reset_defaults,
                         format_func=lambda a: area_names.get(a) or area_label(a, lang))  # fmt: skip
setup = ui.sim_indicator_setup(area, indicator) if areas else None
if setup is None or setup.year is None or not setup.baselines:
    head.title(ui.t("nav.simulate"))
    st.info(ui.t("simulate.no_target"))
    st.stop()
head.title(ui.t("simulate.title", year=setup.year))
head.caption(ui.t("simulate.caption", draws=fmt.number(simulate.DRAWS, lang)))
book = ui.scenario_book()
# The default variability and monthly profile are the tracker's, learned from the indicator's
# own history (`lib.models.tracking.estimate_uncertainty`); the page states the method and the years.
default_cv = sim_setup.default_cv(setup)
uncertainty = setup.track.uncertainty if setup.track else None


def current() -> sim_setup.Assumptions:
    a = {f.name: st.session_state[f.name] for f in fields(D) if f.name in st.session_state}
    return sim_setup.Assumptions.from_dict(
        a | {"indicator": indicator, "cv_pct": st.session_state.get("cv_pct", default_cv)}
    )


def number_input(container, key: str, default: float | None = None) -> None:
    """A numeric assumption's widget as `lib.models.sim_setup.INPUTS` declares it, bound to the URL."""
    spec = sim_setup.INPUTS[key]
    draw = container.slider if spec.kind == "slider" else container.number_input
    value = getattr(D, key) if default is None else default
    param = ui.UrlParam.number(spec.low, spec.high, integer=isinstance(getattr(D, key), int))
    ui.url_widget(draw, ui.t(spec.label), key=key, default=value, param=param, min_value=spec.low,
                  max_value=spec.high, step=spec.step, format=spec.format, persist_state="session",
                  help=ui.t(spec.help) if spec.help else None)  # fmt: skip


def option(container, key: str, options: list, default: str, label: str, format_func) -> str:
    """Option widgets keep ASCII ids in the URL (ui.url_widget), never their labels with figures."""
    return ui.url_widget(container.segmented_control, label, options, required=True, key=key,
                         default=default, format_func=format_func)  # fmt: skip


def metrics(pairs: list[tuple[str, str]], widths: list[float]) -> None:
    for column, (label, value) in zip(st.columns(widths), pairs, strict=True):
        column.metric(label, value)


def jobs_controls() -> None:
    """The additive model's assumptions: baseline, growth, variability, monthly profile."""
    name = names.get(indicator, indicator)  # from the data: shown literally
    st.subheader(ui.literal(words.jobs_header(setup, name, lang)))
    kinds = [k for k in sim_setup.BASELINES if k in setup.baselines]
    option(st, "baseline", kinds, sim_setup.default_baseline(setup), ui.t("simulate.baseline"),
           lambda k: ui.literal(words.baseline_option(k, setup.baselines[k], lang)))  # fmt: skip
    left, right = st.columns(2)
    number_input(left, "growth_pct")
    number_input(right, "cv_pct", default_cv)
    if uncertainty is not None:
        text = tracking.uncertainty_text(uncertainty, lang)
        st.caption(ui.literal(ui.t("track_page.sim_default_cv", text=text)))
    profiles = [p for p in sim_setup.PROFILES if p != "learned" or setup.learned_profile]
    profile = option(left, "profile", profiles, D.profile if D.profile in profiles else "flat",
                     ui.t("simulate.profile"), lambda p: ui.t(f"simulate.profile_{p}"))  # fmt: skip
    if profile == "custom":
        ui.url_widget(right.text_input, ui.t("simulate.weights"), key="weights", default=D.weights,
                      param=ui.UrlParam.text(max_chars=200), persist_state="session")  # fmt: skip
        if not sim_setup.parse_weights(st.session_state.get("weights", "")):
            right.warning(ui.t("simulate.weights_bad"))


def jobs_panel() -> None:
    if result := words.year_result(setup, lang):  # the year is over: its result, not a chance
        st.subheader(ui.literal(words.jobs_header(setup, names.get(indicator, indicator), lang)))
        st.success(ui.literal(result))
        st.caption(ui.literal(words.year_result_note(setup, lang)))
        return
    jobs_controls()
    a = current()
    res, _, sensitivity, (dist_spec, path_spec, tornado_spec) = ui.sim_jobs(
        sim_setup.jobs_inputs(setup, a), lang
    )
    if reported := words.months_reported(res, setup, lang):
        st.info(reported)
    st.markdown(f"**{ui.literal(words.jobs_sentence(res, setup, a, lang))}**")
    metrics(words.jobs_metrics(res, lang), [1, 1.6, 1, 1])
    st.markdown(f"**{ui.t('simulate.goalseek')}**")
    st.markdown("\n".join("- " + ui.literal(line) for line in words.goalseek_lines(res, lang, setup)))
    left, right = st.columns(2)
    left.markdown(f"**{ui.t('simulate.dist_title')}**")
    left.vega_lite_chart(dist_spec, width="stretch")
    right.markdown(f"**{ui.t('simulate.path_title')}**")
    right.vega_lite_chart(path_spec, width="stretch")
    tornado(sensitivity, tornado_spec)


def tornado(sensitivity, spec: dict) -> None:
    st.markdown(f"**{ui.t('simulate.sensitivity')}**")
    st.markdown(ui.literal(words.sensitivity_sentence(sensitivity, lang)))
    st.vega_lite_chart(spec, width="stretch")


def poverty_panel() -> None:
    if setup.poverty_target is None:
        st.info(ui.t("simulate_area.no_poverty_target"))
        return
    st.subheader(words.poverty_header(setup, lang))
    if over := ui.query(year_over.poverty, area):  # the year is over: its result, not a chance
        st.success(ui.literal(year_over.poverty_sentence(over, lang)))
        st.caption(ui.t("simulate.year_result_note", provenance=words.provenance(over["provenance"], lang)))
        return
    if reference := words.poverty_reference(setup, lang):
        st.caption(reference)
    st.warning(ui.t("simulate.illustrative"), icon=":material/edit_note:")
    for column, key in zip(st.columns(5), sim_setup.POVERTY_ILLUSTRATIVE, strict=True):
        number_input(column, key)
    a = current()
    res, sensitivity, (dist_spec, tornado_spec) = ui.sim_poverty(sim_setup.poverty_inputs(setup, a), lang)
    illustrative = sim_setup.is_illustrative(a)
    st.caption(ui.t("simulate.assumptions_illustrative" if illustrative else "simulate.assumptions_user"))
    st.markdown(f"**{ui.literal(words.poverty_sentence(res, lang))}**")
    metrics(words.poverty_metrics(res, lang), [1, 1, 1, 1])
    st.markdown(ui.literal(words.needed_sentence(res, lang)))
    st.vega_lite_chart(dist_spec, width="stretch")
    tornado(sensitivity, tornado_spec)


@ui.guarded_callback  # a button's action: no traceback (lib/ui.py)
def load_scenario(key: str) -> None:
    try:
        a = book.load(key)
    except StateError as err:
        st.session_state["_sim_msg"] = (
            "error",
            ui.t("drafts.scenarios_unavailable", reason=err.reason(lang)),
        )
        return
    if a is not None:
        for field, value in a.to_dict().items():
            if field == "indicator":  # the indicator's widget has its own key (see above)
                if value in indicators:
                    st.session_state["sim_indicator"] = value
                continue
            st.session_state[field] = value
        st.session_state["_sim_msg"] = ("success", ui.t("simulate.loaded", name=name_of(key)))


def _reason(err: Exception) -> str:
    return err.reason(lang) if isinstance(err, StateError) else faults.reason(err, lang)


@ui.guarded_callback  # a button's action: no traceback (lib/ui.py)
def save_scenario() -> None:
    try:
        key = book.save(st.session_state.get("sim_name", ""), current())
        st.session_state["_sim_msg"] = ("success", ui.t("simulate.saved", name=name_of(key)))
    except ScenarioError as err:
        st.session_state["_sim_msg"] = ("error", ui.t(str(err)))
    except access.Forbidden as err:  # the server's own check, whatever the page showed
        st.session_state["_sim_msg"] = ("error", ui.t("drafts.forbidden", role=err.role))
    except (OSError, StateError) as err:  # disk full, database busy or lost: nothing was written
        name = " ".join(str(st.session_state.get("sim_name", "")).split())
        reason = _reason(err)
        st.session_state["_sim_msg"] = ("error", ui.t("state.scenario_not_saved", name=name, reason=reason))


@ui.guarded_callback  # a button's action: no traceback (lib/ui.py)
def delete_scenario(key: str) -> None:
    name = name_of(key)
    try:
        deleted = book.delete(key)
    except access.Forbidden as err:
        st.session_state["_sim_msg"] = ("error", ui.t("drafts.forbidden", role=err.role))
        return
    except NotYours:
        st.session_state["_sim_msg"] = ("error", ui.t("drafts.scenario_not_own", name=name))
        return
    except (OSError, StateError) as err:
        reason = _reason(err)
        st.session_state["_sim_msg"] = ("error", ui.t("state.scenario_not_deleted", name=name, reason=reason))
        return
    st.session_state["sim_compare"] = [n for n in st.session_state.get("sim_compare", []) if n != key]
    if deleted:
        st.session_state["_sim_msg"] = ("success", ui.t("simulate.deleted", name=name))


def scenario_label(entry) -> str:
    """A scenario's name, and whose it is when someone signed in saved it."""
    if entry.mine:
        return entry.name
    return ui.t("drafts.scenario_owner", name=entry.name, owner=entry.owner or ui.t("drafts.nobody"))


def scenarios_panel() -> None:
    kind, msg = st.session_state.pop("_sim_msg", (None, None))
    if msg:
        (st.error if kind == "error" else st.success)(ui.literal(msg))  # may name a scenario
    query = sim_setup.share_query(current(), lang, area if area != default_area else None)
    if not settings.demo_mode():  # the figures it was computed on, as a pinned link opens them
        query += "&" + urlencode({"version": ui.data_state().version or datasets.BUNDLED})
    st.caption(ui.t("simulate.share"))
    st.code(f"{(st.context.url or '').split('?')[0]}?{query}", language=None, wrap_lines=True)
    left, right = st.columns(2)
    if ui.can("save_scenario"):
        left.text_input(ui.t("simulate.scenario_name"), key="sim_name", max_chars=80)
        left.button(ui.t("simulate.save"), key="sim_save", on_click=save_scenario, icon=":material/save:")
    else:
        left.caption(ui.t("drafts.scenario_viewer"))
    try:
        entries = book.entries()
    except StateError as err:
        right.warning(ui.t("drafts.scenarios_unavailable", reason=err.reason(lang)))
        entries = []
    labels = {e.key: scenario_label(e) for e in entries}
    right.markdown(f"**{ui.t('simulate.saved_list')}**")
    if not entries:
        right.caption(ui.t("simulate.none_saved"))
    may_delete = ui.can("delete_scenario")
    for i, entry in enumerate(entries):
        row = right.columns([3, 1, 1], vertical_alignment="center")
        row[0].markdown(ui.literal(labels[entry.key]))
        row[1].button(ui.t("simulate.load"), key=f"sim_load_{i}", on_click=load_scenario, args=(entry.key,))
        if entry.mine and may_delete:
            row[2].button(
                ui.t("simulate.delete"), key=f"sim_del_{i}", on_click=delete_scenario, args=(entry.key,)
            )
    picked = st.multiselect(
        ui.t("simulate.compare"), list(labels), max_selections=4, key="sim_compare", format_func=labels.get
    )
    if len(picked) < 2:
        st.caption(ui.t("simulate.compare_hint"))
    else:
        compare_panel(picked, labels)


def compare_panel(picked: list[str], labels: dict[str, str]) -> None:
    """The picked scenarios side by side, each on its own indicator against its own target; the
    overlaid distributions only when they are all of one indicator (one axis, one target)."""
    runs = ui.sim_compare(tuple(picked), labels, area, default_indicator)
    # A scenario of a year that is over (`Setup.year_actual`, as the jobs tab decides): the year's
    # result, stated once per indicator, and no chance for it in the table, sentence or chart.
    over = {r.indicator_id: r.setup for r in runs if r.setup is not None and words.year_result(r.setup, lang)}
    for indicator_id, setup_over in over.items():
        name = names.get(indicator_id, indicator_id)
        st.success(ui.literal(f"{name}: {words.year_result(setup_over, lang)}"))
    if poverty_over := ui.query(year_over.poverty, area):  # the same for the poverty rate's year
        st.success(ui.literal(year_over.poverty_sentence(poverty_over, lang)))
    if over or poverty_over:
        listed = ", ".join(f"“{r.name}”" for r in runs if r.indicator_id in over or poverty_over)
        st.caption(ui.t_md("simulate.compare_year_over", names=listed))
        runs = [
            replace(
                r,
                jobs=None if r.indicator_id in over else r.jobs,
                poverty=None if poverty_over else r.poverty,
            )
            for r in runs
        ]
    if sentence := words.compare_sentence(runs, lang):
        st.markdown(f"**{ui.literal(sentence)}**")
    ui.table(words.compare_table(runs, names, lang))
    totals = {r.name: r.jobs.totals for r in runs if r.jobs is not None}
    if totals and sim_setup.one_indicator(runs):
        target = next(r.jobs.inputs.target for r in runs if r.jobs is not None)
        st.markdown(f"**{ui.t('simulate.compare_chart')}**")
        st.vega_lite_chart(charts.spec(charts.compare(totals, target, lang)), width="stretch")


@st.fragment
def simulator() -> None:
    """Everything a slider moves, so a move reruns only this (title and data setup stay)."""
    # A move reruns only this fragment, outside app.py's boundary: it needs its own.
    with ui.guarded(home="pages/overview.py", notices=False):
        if st.session_state.get("sim_indicator", indicator) != indicator:
            st.rerun()  # a scenario of another indicator was loaded: the whole page follows it
        with st.expander(ui.t("simulate.settings")):
            number_input(st, "seed")
        jobs_tab, poverty_tab, scenario_tab = st.tabs(
            [ui.t("simulate.tab_jobs"), ui.t("simulate.tab_poverty"), ui.t("simulate.tab_scenarios")]
        )
        with jobs_tab:
            jobs_panel()
        with poverty_tab:
            poverty_panel()
        with scenario_tab:
            scenarios_panel()


simulator()
with st.expander(ui.t("simulate.formulas")):
    st.markdown(ui.t("simulate.formula_jobs"))
    st.markdown(ui.t("simulate.formula_poverty"))


def backtest_section(area: str, lang: str) -> None:
    """The chance above, checked on the years of this area whose outcome is known. It depends on
    the data, the area and the language alone: drawn once per process and replayed for every
    visitor (`ui.drawn_once`), as its four styled tables cost a fifth of the server's time under a
    crowd on 10 million rows otherwise (py-spy)."""
    result = ui.backtest((area,))
    area_name = area_label(area, lang)
    if not result.cases:
        st.info(ui.t_md("backtest.nothing", data=area_name))
        return
    if result.synthetic:
        st.warning(ui.t("backtest.synthetic"), icon=":material/science:")
    st.caption(ui.t_md("track_page.bt_caption", area=area_name))
    reached = fmt.percent(100 * result.predictions["reached"].mean(), lang)
    cuts = ", ".join(map(str, backtest.CUTS))
    st.markdown(ui.t("backtest.cases", cases=fmt.number(result.cases, lang, 0), cuts=cuts, reached=reached))
    ui.table(progress.styled(progress.scores_table(result, lang), lang))
    for box, (column, key) in zip(
        st.columns(2), (("model_pct", "backtest.model"), ("baseline_pct", "backtest.baseline")), strict=True
    ):
        box.markdown(f"**{ui.t(key)}**")
        table = progress.styled(progress.calibration_table(result, column, lang), lang)
        ui.table(table, container=box)
    st.markdown(f"**{ui.t('backtest.by_cut')}**")
    ui.table(progress.styled(progress.by_cut_table(result, lang), lang))


with st.expander(ui.t("track_page.bt_header")):
    ui.drawn_once(ui.current_store(), "simulate.backtest", (area, lang), lambda: backtest_section(area, lang))
