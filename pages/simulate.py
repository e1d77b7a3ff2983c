"""Simulate the target year: the chance of reaching each target, what it would take, scenarios.

Reads the widgets (every assumption and the seed bound to the URL), calls `lib.simulate`, draws.
"""

from dataclasses import fields

import streamlit as st

from lib import access, backtest, faults, fmt, i18n, store, tracking, ui
from lib import simulate as sim
from lib import simulate_charts as charts
from lib import tracking_words as progress
from lib.briefing import area_label
from lib.scenarios import NotYours, ScenarioError, split_key
from lib.statedb import StateError

ui.enter_page()  # first: a link opened without app.py goes through it

lang, D = ui.lang(), sim.Assumptions()
head = st.container()
chooser = st.container()  # the indicator, under the title the data decides
# The additive model's indicator: any count or amount with a target, the data's first by default.
indicators = ui.sim_indicators()
default_indicator = indicators[0] if indicators else None
catalogue = store.indicators(ui.cursor()).set_index("indicator_id")
names = catalogue["name_vi" if lang == "vi" else "name_en"].to_dict()
if "sim_indicator" in st.session_state and st.session_state["sim_indicator"] not in indicators:
    del st.session_state["sim_indicator"]  # another dataset: its own indicators
indicator = st.session_state.get("sim_indicator") or default_indicator
areas = ui.sim_indicator_areas(indicator) if indicator else []
default_area = sim.default_area(areas)
# Every key a link may carry, checked before a widget reads it: the numbers within the ranges
# `lib.simulate.INPUTS` declares for their widgets, the options among the ids the page offers.
ui.url_guard(
    {
        "area": ui.UrlParam.choice(areas),
        "indicator": ui.UrlParam.choice(indicators),
        "baseline": ui.UrlParam.choice(sim.BASELINES),
        "profile": ui.UrlParam.choice(sim.PROFILES),
        "weights": ui.UrlParam.text(max_chars=200),
        **{
            key: ui.UrlParam.number(spec.low, spec.high, integer=isinstance(getattr(D, key), int))
            for key, spec in sim.INPUTS.items()
        },
    }
)


def reset_defaults() -> None:
    """Another indicator or area: the variability starts again from that one's own history."""
    st.session_state.pop("cv_pct", None)


if indicators:
    # The indicator id (ASCII) is the URL's `indicator=`; its own session key, as the area's.
    if "sim_indicator" not in st.session_state:
        st.session_state["sim_indicator"] = (ui.url_values("indicator", indicators) or [default_indicator])[0]
    indicator = chooser.selectbox(
        ui.t("track_page.sim_indicator"),
        indicators,
        key="sim_indicator",
        format_func=lambda i: names.get(i, i),
        help=ui.t("track_page.sim_indicator_help"),
        on_change=reset_defaults,
    )
    ui.url_write("indicator", indicator, default_indicator)
    areas = ui.sim_indicator_areas(indicator)
    default_area = sim.default_area(areas)
if areas:
    # The area id (ASCII) is the URL's `area=`; a link without it opens the data's default area.
    # Its own session key: the overview's area selectbox (key `area`) offers other areas.
    if "sim_area" not in st.session_state:
        st.session_state["sim_area"] = (ui.url_values("area", areas) or [default_area])[0]
    area = st.selectbox(
        ui.t("simulate_area.label"),
        areas,
        key="sim_area",
        format_func=lambda a: area_label(a, lang),
        help=ui.t("simulate_area.help"),
        on_change=reset_defaults,
    )
    ui.url_write("area", area, default_area)
setup = ui.sim_indicator_setup(area, indicator) if areas else None
if setup is None or setup.year is None or not setup.baselines:
    head.title(ui.t("nav.simulate"))
    st.info(ui.t("simulate.no_target"))
    st.stop()
head.title(ui.t("simulate.title", year=setup.year))
head.caption(ui.t("simulate.caption", draws=fmt.number(sim.DRAWS, lang)))
book = ui.scenario_book()


# The default variability and monthly profile come from the indicator's own history (the tracker's
# estimate, `lib.tracking.estimate_uncertainty`); the page states the method and the years.
track = next((t for t in ui.tracks(setup.year, area) if t.indicator_id == indicator), None)
uncertainty = track.uncertainty if track else None
default_cv = D.cv_pct
if uncertainty is not None:
    spec = sim.INPUTS["cv_pct"]
    default_cv = min(spec.high, max(spec.low, round(uncertainty.cv_pct, 1)))


def current() -> sim.Assumptions:
    a = {f.name: st.session_state[f.name] for f in fields(D) if f.name in st.session_state}
    return sim.Assumptions.from_dict(
        a | {"indicator": indicator, "cv_pct": st.session_state.get("cv_pct", default_cv)}
    )


def number_input(container, key: str, default: float | None = None) -> None:
    """A numeric assumption's widget as `lib.simulate.INPUTS` declares it, bound to the URL."""
    spec = sim.INPUTS[key]
    draw = container.slider if spec.kind == "slider" else container.number_input
    value = getattr(D, key) if default is None else default
    draw(ui.t(spec.label), spec.low, spec.high, value, spec.step, format=spec.format, key=key,
         bind="query-params", help=ui.t(spec.help) if spec.help else None)  # fmt: skip


def prov(p: str | None) -> str:
    return ui.t(f"provenance.{p}").lower() if p else "—"


def jobs_panel() -> None:
    st.subheader(
        ui.t_md(  # the indicator's name comes from the data: shown literally
            "simulate.jobs_header",
            name=names.get(indicator, indicator),
            year=setup.year,
            target=sim.amount(setup.jobs_target, setup, lang),
            provenance=prov(setup.jobs_target_provenance),
        )
    )
    kinds = [k for k in sim.BASELINES if k in setup.baselines]
    b = setup.baselines
    # Option widgets with translated labels keep ASCII ids in the URL through ui.url_seed/url_write
    # (bind="query-params" would put the label, with its figures, in the link).
    ui.url_seed("baseline", kinds, D.baseline if D.baseline in kinds else kinds[0])
    baseline = st.segmented_control(
        ui.t("simulate.baseline"),
        kinds,
        required=True,
        key="baseline",
        format_func=lambda k: ui.literal(  # option labels are Markdown: the figures shown as they are
            i18n.t(
                f"simulate.baseline_{k}",
                lang,
                year=b[k]["year"],
                years=sim.baseline_years(b[k]),
                value=fmt.number(b[k]["value"], lang, 0),
                provenance=prov(b[k]["provenance"]),
            )
        ),
    )
    left, right = st.columns(2)
    number_input(left, "growth_pct")
    number_input(right, "cv_pct", default_cv)
    if uncertainty is not None:
        st.caption(
            ui.literal(ui.t("track_page.sim_default_cv", text=tracking.uncertainty_text(uncertainty, lang)))
        )
    profiles = [p for p in sim.PROFILES if p != "learned" or setup.learned_profile]
    ui.url_write("baseline", baseline, D.baseline if D.baseline in kinds else kinds[0])
    default_profile = D.profile if D.profile in profiles else "flat"
    ui.url_seed("profile", profiles, default_profile)
    profile = left.segmented_control(
        ui.t("simulate.profile"),
        profiles,
        required=True,
        format_func=lambda p: i18n.t(f"simulate.profile_{p}", lang),
        key="profile",
    )
    ui.url_write("profile", profile, default_profile)
    if profile == "custom":
        right.text_input(ui.t("simulate.weights"), D.weights, key="weights", bind="query-params")
        if not sim.parse_weights(st.session_state.get("weights", "")):
            right.warning(ui.t("simulate.weights_bad"))
    a = current()
    inp = sim.jobs_inputs(setup, a)
    res = ui.shared(None, "simulate.jobs", (inp,), lambda: sim.simulate_jobs(inp))  # once per process
    if res.reported_months:
        st.info(
            ui.t(
                "simulate.months_reported",
                n=len(res.reported_months),
                year=setup.year,
                total=fmt.number(res.actual_to_date, lang),
            )
        )
    st.markdown(f"**{ui.literal(sim.jobs_sentence(res, setup, a, lang))}**")
    c = st.columns([1, 1.6, 1, 1])
    c[0].metric(ui.t("simulate.median"), fmt.number(res.median, lang, 0))
    c[1].metric(
        ui.t("simulate.interval"), f"{fmt.number(res.low, lang, 0)} – {fmt.number(res.high, lang, 0)}"
    )
    c[2].metric(ui.t("simulate.probability"), sim.prob_text(res.probability_pct, lang))
    c[3].metric(ui.t("simulate.gap"), sim.signed_number(res.gap, lang))
    st.markdown(f"**{ui.t('simulate.goalseek')}**")
    st.markdown("\n".join("- " + ui.literal(line) for line in sim.goalseek_lines(res, lang, setup)))
    left, right = st.columns(2)
    left.markdown(f"**{ui.t('simulate.dist_title')}**")
    dist_spec, path_spec, tornado_spec = charts.jobs_specs(inp, lang)
    left.vega_lite_chart(dist_spec, width="stretch")
    right.markdown(f"**{ui.t('simulate.path_title')}**")
    right.vega_lite_chart(path_spec, width="stretch")
    tornado(inp, tornado_spec)


def tornado(inp, spec: dict) -> None:
    st.markdown(f"**{ui.t('simulate.sensitivity')}**")
    st.markdown(
        ui.literal(
            sim.sensitivity_sentence(
                ui.shared(None, "simulate.sensitivity", (inp,), lambda: sim.sensitivity(inp)), lang
            )
        )
    )
    st.vega_lite_chart(spec, width="stretch")


def poverty_panel() -> None:
    if setup.poverty_target is None:
        st.info(ui.t("simulate_area.no_poverty_target"))
        return
    st.subheader(
        ui.t(
            "simulate.poverty_header",
            year=setup.year,
            target=fmt.number(setup.poverty_target, lang),
            bound=fmt.bound_prefix(setup.poverty_target_bound, lang),
            provenance=prov(setup.poverty_target_provenance),
        )
    )
    last = setup.poverty_last
    if last:
        st.caption(
            ui.t(
                "simulate.poverty_reference",
                year=last["year"],
                value=fmt.number(last["value"], lang),
                provenance=prov(last["provenance"]),
            )
        )
    st.warning(ui.t("simulate.illustrative"), icon=":material/edit_note:")
    for column, key in zip(st.columns(5), sim.POVERTY_ILLUSTRATIVE, strict=True):
        number_input(column, key)
    a = current()
    inp = sim.poverty_inputs(setup, a)
    res = ui.shared(None, "simulate.poverty", (inp,), lambda: sim.simulate_poverty(inp))
    st.caption(
        ui.t("simulate.assumptions_illustrative" if sim.is_illustrative(a) else "simulate.assumptions_user")
    )
    st.markdown(f"**{ui.literal(sim.poverty_sentence(res, lang))}**")
    bound, target = fmt.bound_prefix(inp.target_bound, lang), fmt.number(inp.target_pp, lang)
    m = st.columns(4)
    m[0].metric(ui.t("simulate.pov_median"), fmt.number(res.median, lang))
    m[1].metric(ui.t("simulate.pov_interval"), f"{fmt.number(res.low, lang)} – {fmt.number(res.high, lang)}")
    m[2].metric(
        ui.t("simulate.pov_probability", bound=bound, target=target), sim.prob_text(res.probability_pct, lang)
    )
    m[3].metric(ui.t("simulate.pov_needed"), fmt.number(res.needed_exits, lang, 0))
    st.markdown(ui.literal(sim.needed_sentence(res, lang)))
    dist_spec, tornado_spec = charts.poverty_specs(inp, lang)
    st.vega_lite_chart(dist_spec, width="stretch")
    tornado(inp, tornado_spec)


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
        st.session_state["_sim_msg"] = ("success", ui.t("simulate.loaded", name=split_key(key)[1]))


def _reason(err: Exception) -> str:
    return err.reason(lang) if isinstance(err, StateError) else faults.reason(err, lang)


def save_scenario() -> None:
    try:
        key = book.save(st.session_state.get("sim_name", ""), current())
        st.session_state["_sim_msg"] = ("success", ui.t("simulate.saved", name=split_key(key)[1]))
    except ScenarioError as err:
        st.session_state["_sim_msg"] = ("error", ui.t(str(err)))
    except access.Forbidden as err:  # the server's own check, whatever the page showed
        st.session_state["_sim_msg"] = ("error", ui.t("drafts.forbidden", role=err.role))
    except (OSError, StateError) as err:  # disk full, database busy or lost: nothing was written
        name = " ".join(str(st.session_state.get("sim_name", "")).split())
        reason = _reason(err)
        st.session_state["_sim_msg"] = ("error", ui.t("state.scenario_not_saved", name=name, reason=reason))


def delete_scenario(key: str) -> None:
    name = split_key(key)[1]
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
    if not entry.owner:
        return entry.name
    owner = ui.t("drafts.scenario_mine") if entry.mine else entry.owner
    return ui.t("drafts.scenario_owner", name=entry.name, owner=owner)


def scenarios_panel() -> None:
    kind, msg = st.session_state.pop("_sim_msg", (None, None))
    if msg:
        (st.error if kind == "error" else st.success)(ui.literal(msg))  # may name a scenario
    st.caption(ui.t("simulate.share"))
    st.code(
        f"{(st.context.url or '').split('?')[0]}?"
        f"{sim.share_query(current(), lang, area if area != default_area else None)}",
        language=None,
        wrap_lines=True,
    )
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
        loaded = {labels[k]: book.load(k) for k in picked}
        table, totals, sentence = sim.compare_table(loaded, setup, lang)
        st.markdown(f"**{ui.literal(sentence)}**")
        st.dataframe(table, hide_index=True, width="stretch")
        st.markdown(f"**{ui.t('simulate.compare_chart')}**")
        st.vega_lite_chart(charts.spec(charts.compare(totals, setup.jobs_target, lang)), width="stretch")


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

with st.expander(ui.t("track_page.bt_header")):
    # The chance above, checked on the years of this area whose outcome is known (cached per data).
    result = ui.backtest((area,))
    area_name = area_label(area, lang)
    if not result.cases:
        st.info(ui.t_md("backtest.nothing", data=area_name))
    else:
        if result.synthetic:
            st.warning(ui.t("backtest.synthetic"), icon=":material/science:")
        st.caption(ui.t_md("track_page.bt_caption", area=area_name))
        reached = fmt.percent(100 * result.predictions["reached"].mean(), lang)
        cases = fmt.number(result.cases, lang, 0)
        st.markdown(
            ui.t("backtest.cases", cases=cases, cuts=", ".join(map(str, backtest.CUTS)), reached=reached)
        )
        st.dataframe(
            progress.styled(progress.scores_table(result, lang), lang), hide_index=True, width="stretch"
        )
        left, right = st.columns(2)
        for column, key, box in (
            ("model_pct", "backtest.model", left),
            ("baseline_pct", "backtest.baseline", right),
        ):
            box.markdown(f"**{ui.t(key)}**")
            box.dataframe(
                progress.styled(progress.calibration_table(result, column, lang), lang),
                hide_index=True,
                width="stretch",
            )
        st.markdown(f"**{ui.t('backtest.by_cut')}**")
        st.dataframe(
            progress.styled(progress.by_cut_table(result, lang), lang), hide_index=True, width="stretch"
        )
