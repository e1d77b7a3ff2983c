"""The leadership briefing: the year's results as sentences a department would print, and charts.

Owns which figures make which sentence (below: ORDER, COMPANIONS and the `[briefing]` catalogue
section) and the Altair charts of the briefing. Every number comes from the store; a figure the
data does not have is left out of its sentence (a clause is dropped, or the whole sentence when
the main figure is missing), never filled in. Must never import Streamlit or read files.

Wording choices (the register of a year-end report; docs/GLOSSARY.md has the terms):
- each field opens with the summary line such reports open with, counted from the data by the
  status scale of `scorecard` ("Năm 2023, 2/2 chỉ tiêu có kế hoạch đều vượt kế hoạch.");
- the fall of the poor-household rate is written in percentage points ("giảm 4,87 điểm phần
  trăm", "by 4.87 percentage points"), not as the article's "giảm 4,87%", because the figure is
  a difference of two rates and "4,87%" reads as a relative fall;
- series breaks: a year under another measurement standard than the year before is "không so
  sánh được" / "not comparable", never a change (`contract.comparable`), even when the source
  printed one;
- simulations are an appendix of reference, opened by what they rest on, with no false
  precision ("khoảng 90%"); formulas are shown in words (`fmt.formula_text`), never as code.

Why over ~500 lines: the briefing's model (what leadership is told, field by field) and the
sentences that say it belong together; the charts and files it feeds live in their own modules.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import altair as alt
import duckdb
import pandas as pd

from lib import fmt, i18n, units
from lib.data import areas as area_catalogue  # `areas` is a list of ids in this module
from lib.data import contract, queries
from lib.data.areas import WHOLE
from lib.i18n import t
from lib.models import sim_setup, simulate
from lib.report import scorecard, sim_words, summary

FIELDS = ("labour", "merit", "social")

# Sentence order within a field: the order of the department's own report. Indicators not
# listed (a user's own data) follow, by id, in a generic sentence.
ORDER = (
    "jobs_created",
    "vocational_enrolment",
    "labour_data_days_early",
    "merit_gifts",
    "merit_housing_families",
    "poor_households_merit_allowance",
    "poverty_rate_fall",
    "temporary_homes_removed",
    "poor_households_new_homes",
)
# An indicator whose actual completes another's sentence ("16.691 suất quà, với trên 6,96 tỷ
# đồng") instead of making a sentence of its own.
COMPANIONS = {"merit_gifts": "merit_gifts_value", "merit_housing_families": "merit_housing_value"}
# The measurement standard an indicator's own target sentence names ("theo chuẩn nghèo đa chiều
# giai đoạn 2022–2025"): a target stated under another standard gets the generic sentence,
# which names the standard it was given under instead.
SENTENCE_STANDARD = {"poverty_rate_fall": "md_2022_2025"}


def default_area(areas: list[str]) -> str | None:
    """The area a briefing is about unless asked: the whole province, else the first area
    (`queries.areas` lists the province, then totals, then the parts)."""
    if WHOLE in areas:
        return WHOLE
    return areas[0] if areas else None


def area_label(area: str, lang: str) -> str:
    """ "province" -> "Toàn tỉnh", "c00070" -> "Phường Hoàn Kiếm"; an unknown id as it is."""
    return area_catalogue.display_name(area, lang)


@dataclass(frozen=True)
class Sentence:
    """One sentence of the briefing and what it rests on."""

    field: str
    indicator_ids: tuple[str, ...]
    text: str
    provenances: tuple[str, ...]  # of every figure in the sentence, sorted, no repeats
    sources: tuple[str, ...] = ()
    formulas: tuple[str, ...] = field(default_factory=tuple)  # in the reader's words
    kind: str = "result"  # "summary" (the field's opening line), "result" or "target"

    @property
    def reported_only(self) -> bool:
        return set(self.provenances) <= {"reported"}


def _has(x: object) -> bool:
    return not units.is_missing(x)


def _key(kind: str, indicator_id: str, lang: str) -> str | None:
    """The catalogue template for an indicator, or None when it has none of its own."""
    key = f"briefing.{kind}_{indicator_id}"
    return key if t(key, lang) != key else None


def _num(x: float, unit: str, lang: str, bound: str | None) -> str:
    """The number alone ("25.953", "trên 6,96 tỷ đồng"): templates carry their own unit words."""
    return fmt.figure(x, unit, lang, bound, with_unit=units.money(unit))


def _sort_key(indicator_id: str) -> tuple[int, str]:
    return (ORDER.index(indicator_id), "") if indicator_id in ORDER else (len(ORDER), indicator_id)


def _provs(*values: object) -> tuple[str, ...]:
    return tuple(sorted({v for v in values if isinstance(v, str)}))


def result_sentences(rows: pd.DataFrame, year: int, lang: str) -> list[Sentence]:
    """The year's results, one sentence per indicator with an actual, in report order, after
    each field's summary line.

    `rows` is `queries.year_summary(con, year, area)`. Clauses: the actual (always), a companion
    figure (COMPANIONS), "đạt X% kế hoạch" when a % of plan is known (reported, or derived
    from a reported plan), "tăng/giảm Y% so với năm N-1" when a change is known.
    """
    by_id = {r.indicator_id: r for r in rows.itertuples(index=False)}
    partners = {companion: partner for partner, companion in COMPANIONS.items()}
    areas = set(rows["area"]) if "area" in rows else set()
    where = t("briefing.where_province", lang) if areas == {WHOLE} else ""
    out = [s for f in _fields_of(rows) if (s := summary_sentence(rows, year, lang, f)) is not None]
    for ind in sorted(by_id, key=_sort_key):
        r = by_id[ind]
        partner = by_id.get(partners.get(ind, ""))
        if partner is not None and _has(partner.actual):
            continue  # a companion makes its own sentence only when its partner has no actual
        if _has(r.actual):
            out.append(_result_sentence(r, by_id.get(COMPANIONS.get(ind, "")), year, lang, where))
    return out


def _actual_clause(r, lang: str, where: str) -> str:
    """The sentence's opening: the indicator's own template, its "zero" one, or the generic."""
    zero_key, own_key = _key("zero", r.indicator_id, lang), _key("actual", r.indicator_id, lang)
    if r.actual == 0 and zero_key:
        return t(zero_key, lang)
    if own_key:
        return t(own_key, lang, n=_num(r.actual, r.unit, lang, r.actual_bound), where=where)
    figure = fmt.figure(r.actual, r.unit, lang, r.actual_bound)
    return t("briefing.actual_generic", lang, name=i18n.name(r, lang), figure=figure)


def broken_from_last_year(r) -> bool:
    """Whether a `year_summary` row's year is under another standard than the year before (a
    year with no figure before says nothing: NA)."""
    prev = getattr(r, "prev_standard", None)
    return isinstance(prev, str) and not contract.comparable(getattr(r, "standard", ""), prev)


def standard_name(r, lang: str) -> str:
    """The row's standard as the catalogue names it in `lang` (the id when it is not named)."""
    name = getattr(r, "standard_name_en" if lang == "en" else "standard_name_vi", None)
    if isinstance(name, str) and name:
        return name
    standard = getattr(r, "standard", "")
    return standard if isinstance(standard, str) and standard else t("charts.standard_none", lang)


def _result_sentence(r, comp, year: int, lang: str, where: str) -> Sentence:
    """One indicator's result with its companion's figure, its % of plan and its change."""
    text = _actual_clause(r, lang, where)
    ids, provs, sources, formulas = [r.indicator_id], [r.actual_provenance], [r.actual_source], []
    if comp is not None and _has(comp.actual):
        text += t("briefing.with_value", lang, value=_num(comp.actual, comp.unit, lang, comp.actual_bound))
        ids.append(comp.indicator_id)
        provs.append(comp.actual_provenance)
        sources.append(comp.actual_source)
    if _has(r.pct_of_target):
        pct = fmt.bound_prefix(r.pct_bound, lang) + fmt.percent(r.pct_of_target, lang)
        text += t("briefing.pct_of_plan", lang, pct=pct)
        provs.append(r.pct_provenance)
    if broken_from_last_year(r):
        name = standard_name(r, lang)
        text += t("briefing.change_break", lang, prev=year - 1, year=year, name=name)
    elif _has(r.change_pct):
        change = round(r.change_pct, 1)
        kind = "up" if change > 0 else "down" if change < 0 else "level"
        text += t(f"briefing.change_{kind}", lang, pct=fmt.percent(abs(change), lang), prev=year - 1)
        now, prev = getattr(r, "standard", ""), getattr(r, "prev_standard", None)
        if isinstance(prev, str) and contract.assumed_same(now, prev):  # a series break not stated
            unstated = year if not (isinstance(now, str) and now) else year - 1
            text += t("briefing.change_unstated", lang, unstated=unstated, stated=2 * year - 1 - unstated)
        provs.append(r.change_provenance)
        if r.change_provenance == "derived":
            formulas.append(fmt.formula_text("100 * (actual / previous_actual - 1)", lang))
    if r.pct_provenance == "derived":
        formulas.append(fmt.formula_text("100 * actual / target", lang))
    return Sentence(
        field=r.field,
        indicator_ids=tuple(ids),
        text=text + ".",
        provenances=_provs(*provs),
        sources=_provs(*sources),
        formulas=tuple(formulas),
    )


def _fields_of(rows: pd.DataFrame) -> list[str]:
    present = list(dict.fromkeys(rows["field"])) if "field" in rows else []
    return [f for f in FIELDS if f in present] + sorted(set(present) - set(FIELDS))


def summary_sentence(
    rows: pd.DataFrame, year: int, lang: str, field_id: str | None = None
) -> Sentence | None:
    """The line a year-end report opens a field with, counted from the data by the status scale
    (`scorecard.status`): "Năm 2023, 3/3 chỉ tiêu có kế hoạch đều đạt và vượt kế hoạch." Only
    indicators with a plan (a % of plan reported or computable) count; companions (money beside
    a count) never do. None when no indicator of the field has a plan. `field_id` None counts
    every field."""
    companions = set(COMPANIONS.values())
    statuses, provs, sources = [], [], []
    for r in rows.itertuples(index=False):
        if r.indicator_id in companions or (field_id is not None and r.field != field_id):
            continue
        if not _has(r.actual):
            continue
        direction = r.direction if isinstance(r.direction, str) else "up"
        key = scorecard.status(r.actual, r.target, r.pct_of_target, direction, r.pct_bound)
        if key == "no_plan":
            continue
        statuses.append(key)
        provs += [r.actual_provenance, r.pct_provenance if _has(r.pct_of_target) else r.target_provenance]
        sources.append(r.actual_source)
    if not statuses:
        return None
    n, ok = len(statuses), sum(k in ("exceeded", "met") for k in statuses)
    if ok == n:
        kinds = set(statuses)
        verb = t("briefing.verb_" + ("both" if len(kinds) == 2 else kinds.pop()), lang)
        text = t(
            "briefing.summary_one" if n == 1 else "briefing.summary_all",
            lang,
            year=year,
            ok=ok,
            n=n,
            verb=verb,
        )
    else:
        rest = "".join(
            t(f"briefing.summary_{k}", lang, k=statuses.count(k))
            for k in ("close", "behind")
            if statuses.count(k)
        )
        key = "briefing.summary_some" if ok else "briefing.summary_none"
        text = t(key, lang, year=year, ok=ok, n=n, rest=rest)
    return Sentence(
        field=field_id or "",
        indicator_ids=(),
        text=text,
        provenances=_provs(*provs),
        sources=_provs(*sources),
        kind="summary",
    )


def target_sentences(rows: pd.DataFrame, year: int, lang: str) -> list[Sentence]:
    """Next year's targets, one sentence each; `rows` is `queries.year_summary(con, year, area)`."""
    out = []
    by_id = {r.indicator_id: r for r in rows.itertuples(index=False)}
    for ind in sorted(by_id, key=_sort_key):
        r = by_id[ind]
        if not _has(r.target) or r.target_provenance == "derived":
            continue  # a plan derived from an actual is not a target anyone set
        own_key = _key("target", ind, lang)
        named = SENTENCE_STANDARD.get(ind)
        stated = getattr(r, "standard", "") or ""
        if named and stated and stated != named:
            own_key = None  # the template names another standard than the target's
        if own_key:
            text = t(own_key, lang, year=year, n=_num(r.target, r.unit, lang, r.target_bound))
        else:
            figure = fmt.figure(r.target, r.unit, lang, r.target_bound)
            if stated:
                figure += t("briefing.under_standard", lang, name=standard_name(r, lang))
            text = t("briefing.target_generic", lang, year=year, name=i18n.name(r, lang), figure=figure)
        out.append(
            Sentence(
                field=r.field,
                indicator_ids=(ind,),
                text=text,
                provenances=_provs(r.target_provenance),
                sources=(),
                kind="target",
            )
        )
    return out


@dataclass(frozen=True)
class Chance:
    """The simulator's chance of reaching one of next year's targets, with its assumptions."""

    field: str
    indicator_id: str
    probability_pct: float
    text: str  # the simulator's own sentence
    assumptions: str  # every assumption behind it, in words


def chances(con: duckdb.DuckDBPyConnection, year: int, lang: str, area: str | None = WHOLE) -> list[Chance]:
    """The Simulate page's default scenario for `year`'s targets (jobs, poor-household rate).

    A simulation under stated assumptions, never a reported figure: each Chance carries its
    assumptions in words, and the poverty model's inputs are the simulator's illustrative
    defaults (the source gives none). Empty when the data's targets are not for `year`.
    """
    setup = sim_setup.load_setup(con, area or WHOLE)
    a = sim_setup.Assumptions()
    out = []
    # Each target by its own year: the jobs target's and the poverty rate's may differ.
    # A year whose whole-year actual is known gets no chance (it is over): the page and every file
    # read these chances, so neither shows one.
    jobs_in = None if setup.year != year or setup.year_actual else sim_setup.jobs_inputs(setup, a)
    if jobs_in is not None:
        result = simulate.simulate_jobs(jobs_in)
        kind = a.baseline if a.baseline in setup.baselines else "last_actual"
        base = setup.baselines[kind]
        assumptions = t(
            "briefing.sim_jobs_assumptions",
            lang,
            baseline=sim_words.baseline_label(kind, base, lang),
            value=sim_words.baseline_value(base, lang),
            growth=fmt.signed_percent(a.growth_pct, lang) if a.growth_pct else fmt.percent(0, lang),
            cv=fmt.percent(a.cv_pct, lang),
        )
        text = sim_words.jobs_sentence(result, setup, a, lang, approx=True)
        out.append(Chance("labour", sim_setup.JOBS_ID, result.probability_pct, text, assumptions))
    poverty_in = sim_setup.poverty_inputs(setup, a) if setup.poverty_year == year else None
    if poverty_in is not None:
        result = simulate.simulate_poverty(poverty_in)
        assumptions = t(
            "briefing.sim_poverty_assumptions",
            lang,
            rate=fmt.percent(a.pov_rate_pct, lang),
            households=fmt.number(a.pov_households, lang, 0),
            exit=fmt.percent(a.pov_exit_pct, lang),
            entry=fmt.percent(a.pov_entry_pct, lang),
            cv=fmt.percent(a.pov_cv_pct, lang),
        )
        illustrative = sim_setup.is_illustrative(a)
        text = sim_words.poverty_sentence(result, lang, illustrative=illustrative, approx=True)
        out.append(Chance("social", sim_setup.POVERTY_ID, result.probability_pct, text, assumptions))
    return out


def simulation_label(lang: str) -> str:
    """What every chance is: a simulation of the default scenario, with its number of runs (the
    method's name and its seed live in the Simulate page's method notes only)."""
    return t(
        "briefing.sim_label",
        lang,
        draws=fmt.number(simulate.DRAWS, lang, 0),
        seed=simulate.DEFAULT_SEED,
    )


@dataclass(frozen=True)
class Briefing:
    """Everything one briefing shows, per field: sentences, next year's targets, figures."""

    year: int
    lang: str
    area: str | None
    results: list[Sentence]
    targets: list[Sentence]
    figures: pd.DataFrame  # queries.figures_around: long, one row per figure
    chances: list[Chance] = field(default_factory=list)  # simulated, for next year's targets
    data_version: str = ""  # which figures, in words: the approved version and its day (ui.version_line)

    def fields(self) -> list[str]:
        """The department's three fields first, then any other field in the data."""
        present = set(self.figures["field"])
        return [f for f in FIELDS if f in present] + sorted(present - set(FIELDS))

    def results_for(self, field_id: str) -> list[Sentence]:
        return [s for s in self.results if s.field == field_id]

    def targets_for(self, field_id: str) -> list[Sentence]:
        return [s for s in self.targets if s.field == field_id]

    def chances_for(self, field_id: str) -> list[Chance]:
        return [c for c in self.chances if c.field == field_id]

    def figures_for(self, field_id: str) -> pd.DataFrame:
        """The field's figures in report order (ORDER), then by year and measure."""
        f = self.figures[self.figures["field"] == field_id]
        rank = f["indicator_id"].map(lambda i: _sort_key(i)[0])
        return (
            f.assign(_rank=rank)
            .sort_values(["_rank", "indicator_id", "area", "year", "measure"], kind="stable")
            .drop(columns="_rank")
            .reset_index(drop=True)
        )

    def sources(self) -> list[str]:
        """Every source behind the figures, in first-seen order (the PDF's footnotes)."""
        seen = [s for s in self.figures["source"] if isinstance(s, str)]
        return list(dict.fromkeys(seen))


def _formulas_in_words(figures: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The store's formula ids as the reader's words, for every export that prints them."""
    if "formula" not in figures:
        return figures
    words = [fmt.formula_text(f, lang) or None for f in figures["formula"]]
    return figures.assign(formula=pd.Series(words, index=figures.index, dtype="object"))


def build(
    con: duckdb.DuckDBPyConnection, year: int, lang: str, area: str | None = WHOLE, simulate: bool = True
) -> Briefing:
    """The briefing for `year` from the store: results of `year`, targets of `year + 1` and,
    with `simulate`, the simulator's default-scenario chance of reaching them."""
    return Briefing(
        year=year,
        lang=lang,
        area=area,
        results=result_sentences(queries.year_summary(con, year, area), year, lang),
        targets=target_sentences(queries.year_summary(con, year + 1, area), year + 1, lang),
        figures=_formulas_in_words(queries.figures_around(con, year, area), lang),
        chances=chances(con, year + 1, lang, area) if simulate else [],
    )


# ---------------------------------------------------------------- charts


def _locale(chart: alt.TopLevelMixin, lang: str) -> alt.TopLevelMixin:
    return chart.configure(locale=alt.Locale(number=fmt.chart_locale(lang))).configure_view(stroke=None)


def pct_of_plan_chart(b: Briefing, field_id: str, width: int | str = 420) -> alt.TopLevelMixin | None:
    """Bars of each indicator's % of plan in the year, a rule at 100%. None when no figure."""
    lang = b.lang
    f = b.figures_for(field_id)
    f = f[(f["year"] == b.year) & (f["measure"] == "pct_of_target")]
    if f.empty:
        return None
    data = pd.DataFrame(
        {
            "name": i18n.names(f, lang),
            "pct": f["value"].astype(float),
            "provenance": [t(f"provenance.{p}", lang) for p in f["provenance"]],
            "bound": [fmt.bound_prefix(x, lang).strip() for x in f["bound"]],
        }
    )
    pct_title = t("briefing.chart_pct_axis", lang)
    x = alt.X("pct:Q", title=pct_title, axis=alt.Axis(format=",.0f"))
    y = alt.Y("name:N", title=None, sort=None, axis=alt.Axis(labelLimit=360, labelFontSize=12))
    bars = (
        alt.Chart(data)
        .mark_bar(color="#1f5fa8")
        .encode(
            x=x,
            y=y,
            tooltip=[
                alt.Tooltip("name:N", title=t("overview.col_indicator", lang)),
                alt.Tooltip("pct:Q", title=pct_title, format=",.1f"),
                alt.Tooltip("provenance:N", title=t("overview.col_provenance", lang)),
            ],
        )
    )
    labels = (
        bars.mark_text(align="left", dx=4, fontSize=13)
        .transform_calculate(label="(datum.bound ? datum.bound + ' ' : '') + format(datum.pct, ',.1~f')")
        .encode(text=alt.Text("label:N"))
    )
    rule = (
        alt.Chart(pd.DataFrame({"pct": [100.0]}))
        .mark_rule(color="#c0392b", strokeDash=[4, 3])
        .encode(x="pct:Q")
    )
    chart = (bars + labels + rule).properties(
        title=t("briefing.chart_pct_title", lang, year=b.year), width=width, height=alt.Step(34)
    )
    return _locale(chart, lang)


def target_chart(
    b: Briefing, field_id: str, indicator_id: str, width: int | str = 420
) -> alt.TopLevelMixin | None:
    """One indicator over the three years: actuals and plans side by side, derived ones paler.

    None unless the indicator has a target for the year after (the briefing's "next year").
    """
    lang = b.lang
    f = b.figures_for(field_id)
    f = f[(f["indicator_id"] == indicator_id) & f["measure"].isin(["actual", "target"])]
    if not ((f["year"] == b.year + 1) & (f["measure"] == "target")).any():
        return None
    series = [f"{m}|{p}" for m, p in zip(f["measure"], f["provenance"], strict=True)]
    data = _target_data(f, series, lang)
    unit = str(f["unit"].iloc[0])
    name = i18n.name(f.iloc[0], lang)
    value_title = fmt.unit_label(unit, lang)
    number_format = units.d3_format(unit)  # labels and tooltips: a calculated plan of people is whole
    # One legend: actual/plan in two hues, reported dark and derived pale.
    present = [x for x in _SERIES if x in series] + sorted(set(series) - set(_SERIES))
    domain = [_series_label(x, lang) for x in present]
    colors = [_SERIES.get(x, "#7f7f7f") for x in present]
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            x=alt.X("year:N", title=None, axis=alt.Axis(labelAngle=0, labelFontSize=13)),
            # Plan left of actual in every language (not the labels' alphabetical order).
            xOffset=alt.XOffset("measure:N", sort=[t("measure.target", lang), t("measure.actual", lang)]),
            y=alt.Y("value:Q", title=value_title, axis=alt.Axis(format=",~f"), scale=alt.Scale(nice=True)),
            color=alt.Color(
                "series:N",
                title=None,
                scale=alt.Scale(domain=domain, range=colors),
                legend=alt.Legend(orient="bottom", columns=2, labelLimit=300),
            ),
            tooltip=[
                alt.Tooltip("year:N", title=t("overview.year", lang)),
                alt.Tooltip("measure:N", title=t("briefing.chart_measure", lang)),
                alt.Tooltip("bound:N", title=" "),
                alt.Tooltip("value:Q", title=value_title, format=number_format),
                alt.Tooltip("provenance:N", title=t("overview.col_provenance", lang)),
            ],
        )
    )
    # The label keeps the source's "trên" (over): "trên 3", not a bare "3"; a figure calculated
    # from a rounded percentage reads as every screen writes it, "khoảng" over "22.200" (the
    # bar's height and its tooltip keep the figure itself: `summary.shown_value`).
    label = f"(datum.bound ? datum.bound + ' ' : '') + format(datum.shown, '{number_format}')"
    labels = (
        bars.mark_text(baseline="bottom", dy=-3, fontSize=12)
        .transform_calculate(label=label)
        .encode(text=alt.Text("label:N"), color=alt.value("#222"))
    )
    about = (
        bars.mark_text(baseline="bottom", dy=-18, fontSize=12)
        .transform_filter("datum.about")
        .encode(text=alt.Text("about:N"), color=alt.value("#222"))
    )
    # Series breaks: bars of two standards side by side say so under the title.
    title = alt.TitleParams(name)
    if "standard" in f.columns and f["standard"].replace("", None).dropna().nunique() > 1:
        stated = f[f["standard"].fillna("") != ""]  # a year stating none is no change of standard
        names = stated.sort_values("year").drop_duplicates("standard")
        changes = [standard_name(r, lang) for r in names.iloc[1:].itertuples(index=False)]
        title = alt.TitleParams(
            name, subtitle=[t("charts.standard_break", lang, name=n).replace("\n", " ") for n in changes]
        )
    chart = (bars + labels + about).properties(title=title, width=width, height=220)
    return _locale(chart, lang)


def _target_data(f: pd.DataFrame, series: list[str], lang: str) -> pd.DataFrame:
    """The target chart's rows: one bar per year and measure, labelled in `lang`; `shown` and
    `about` are the label's number and its "khoảng" (`summary.shown_value`, `summary.approximate`)."""
    missing = pd.Series(None, index=f.index, dtype="object")
    low, high = (f[c] if c in f.columns else missing for c in ("value_low", "value_high"))
    figure = (f["value"], f["unit"], f["provenance"], low, high, f["bound"])
    about = t("fmt.about", lang, figure="").strip()
    return pd.DataFrame(
        {
            "year": f["year"].astype(int).astype(str),
            "measure": [t(f"measure.{m}", lang) for m in f["measure"]],
            "series": [_series_label(x, lang) for x in series],
            "value": f["value"].astype(float),
            "provenance": [t(f"provenance.{p}", lang) for p in f["provenance"]],
            "bound": [fmt.bound_prefix(x, lang).strip() for x in f["bound"]],
            "shown": [summary.shown_value(*x) for x in zip(*figure, strict=True)],
            "about": [about if summary.approximate(*x[2:]) else "" for x in zip(*figure, strict=True)],
        }
    )


# Bar colours: actual orange, plan blue; reported dark, derived pale, synthetic grey.
_SERIES = {
    "actual|reported": "#d97f00",
    "actual|derived": "#f2c27a",
    "actual|user": "#8c6d3f",
    "actual|synthetic": "#b3b3b3",
    "target|reported": "#1f5fa8",
    "target|derived": "#9db8dc",
    "target|user": "#3f5a7a",
    "target|synthetic": "#c8c8c8",
}


def _series_label(series: str, lang: str) -> str:
    """ "actual|derived" -> "Thực hiện (suy ra)": what the bar is and where it comes from."""
    measure, provenance = series.split("|")
    return f"{t(f'measure.{measure}', lang)} ({t(f'provenance.{provenance}', lang).lower()})"


def charts(b: Briefing, field_id: str, width: int | str = 420) -> list[tuple[str, alt.TopLevelMixin]]:
    """The field's charts as (file-name stem, chart): % of plan, then one per next-year target.

    `width` in CSS pixels for files; "container" on screen (fills its column).
    """
    out = []
    pct = pct_of_plan_chart(b, field_id, width)
    if pct is not None:
        out.append((f"{field_id}-pct-of-plan-{b.year}", pct))
    ids = b.figures_for(field_id)["indicator_id"].unique()
    for ind in sorted(ids, key=_sort_key):
        chart = target_chart(b, field_id, ind, width)
        if chart is not None:
            out.append((f"{ind}-{b.year - 1}-{b.year + 1}", chart))
    return out


@dataclass(frozen=True)
class Headline:
    """A big number for the meeting-room screen: the actual, and its % of plan when known."""

    name: str
    value: str
    pct_of_plan: str | None
    provenance: str


def headlines(b: Briefing, field_id: str) -> list[Headline]:
    """The field's actuals of the year in report order (companions like money stay in sentences)."""
    lang = b.lang
    f = b.figures_for(field_id)
    f = f[f["year"] == b.year]
    out = []
    ids = [i for i in f["indicator_id"].unique() if i not in COMPANIONS.values()]
    for ind in sorted(ids, key=_sort_key):
        rows = f[f["indicator_id"] == ind].set_index("measure")
        if "actual" not in rows.index:
            continue
        a = rows.loc["actual"]
        pct = None
        if "pct_of_target" in rows.index:
            p = rows.loc["pct_of_target"]
            pct = t(
                "briefing.headline_pct",
                lang,
                pct=fmt.bound_prefix(p["bound"], lang) + fmt.percent(p["value"], lang),
            )
        out.append(
            Headline(
                name=i18n.name(a, lang),
                value=fmt.figure(a["value"], a["unit"], lang, a["bound"]),
                pct_of_plan=pct,
                provenance=t(f"provenance.{a['provenance']}", lang),
            )
        )
    return out
