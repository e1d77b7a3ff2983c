"""The simulator's words: every sentence, label and table cell the page, the briefing and the
scenario comparison write about a simulation.

Owns how a model's result reads on screen (lib/models/simulate.py computes, lib/models/sim_setup.py knows the
data and the assumptions): the chance without false certainty ("> 99,9%"), the baseline as the
sentences name it, the headline sentences, the goal-seek lines, the figures under the sliders and
the scenarios side by side. Figures are written in the unit the registry (lib/units.py) gives
them; an indicator's name comes from `i18n.name`. Returns strings and DataFrames of strings;
never imports Streamlit, never runs a model.
"""

from __future__ import annotations

import pandas as pd

from lib import fmt, i18n, units
from lib.i18n import t
from lib.models import simulate
from lib.models.sim_setup import Assumptions, ScenarioRun, Setup, baseline_kind, one_indicator
from lib.report import summary

# ---------------------------------------------------------------- numbers in words


def prob_text(p: float, lang: str, decimals: int = 0) -> str:
    """A probability in %, never rounded to a certainty it is not: "> 99,9%", "< 0,1%"; at least
    `decimals` decimals (`prob_texts`: "83,0%" beside "86,2%")."""
    if 99.95 <= p < 100:
        return "> " + fmt.percent(99.9, lang)
    if 0 < p < 0.05:
        return "< " + fmt.percent(0.1, lang)
    return fmt.percent(p, lang, min_decimals=decimals)


def prob_texts(ps, lang: str) -> list[str]:
    """Probabilities of one sentence, written alike: all with the one decimal when any needs it
    ("86,2% … 83,0% … 85,4%"), else none ("80% … 90%")."""
    ps = list(ps)
    # "> 99,9%" and "< 0,1%" are written with their decimal, whatever the number rounds to.
    decimals = int(any(99.95 <= p < 100 or 0 < p < 0.05 or round(p, 1) != round(p) for p in ps))
    return [prob_text(p, lang, decimals) for p in ps]


def signed_number(x: float, lang: str) -> str:
    """A whole-number difference with its sign: "+3.409", "−7.079" (a true minus sign)."""
    rounded = round(x)
    return ("+" if rounded > 0 else "−" if rounded < 0 else "") + fmt.number(abs(rounded), lang, 0)


def prob_words(p: float, lang: str, approx: bool = False) -> str:
    """A chance inside a sentence: "là 90,5%" (the Simulate page), or without false precision
    for a briefing (`approx`): "khoảng 90%" (to the nearest 5%), "trên 99%", "dưới 1%"."""
    if not approx:
        return t("simulate.prob_exact", lang, p=prob_text(p, lang))
    if p > 99:
        return t("simulate.prob_above", lang, p=fmt.percent(99, lang))
    if p < 1:
        return t("simulate.prob_below", lang, p=fmt.percent(1, lang))
    nearest = min(max(5 * round(p / 5), 5), 95)
    return t("simulate.prob_about", lang, p=fmt.percent(nearest, lang))


def amount(x: float, setup: Setup | None, lang: str, actual: bool = False) -> str:
    """A whole-year figure of the additive model's indicator with its unit: "22.550 người", an
    actual in the catalogue's words for what was counted when it has some ("25.953 lượt lao
    động", `[sim_actual_unit]`), money as "6,96 tỷ đồng"."""
    unit = setup.unit if setup else units.DEFAULT
    if units.known(unit) and units.get(unit).money:
        return fmt.figure(x, unit, lang)
    word = fmt.unit_label(unit, lang)
    if actual and setup:
        counted = i18n.label("sim_actual_unit", setup.indicator_id, lang)
        word = word if counted == setup.indicator_id else counted
    return f"{fmt.figure(x, unit, lang, with_unit=False)} {word}"


def provenance(p: str | None, lang: str) -> str:
    """Where a figure comes from, inside a sentence: "số báo cáo", "số tính toán"."""
    return t(f"provenance.{p}", lang).lower() if p else "—"


# ---------------------------------------------------------------- baselines


def baseline_years(base: dict) -> str:
    """ "2023", or "2022–2023" for a mean of several years."""
    years = base.get("years") or [base["year"]]
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def baseline_label(kind: str, base: dict, lang: str) -> str:
    """The baseline as the sentences name it: "2023", "kế hoạch 2023", "bình quân 2022–2023"."""
    if kind == "tracker" and base.get("growth") is not None:
        return t("simulate.baseline_word_trend", lang, growth=_signed_pct(base["growth"], lang))
    return t(f"simulate.baseline_word_{kind}", lang, year=base["year"], years=baseline_years(base))


def _signed_pct(x: float, lang: str) -> str:
    """A yearly change with its sign: "+3,1%", "−2%" (a true minus sign)."""
    return ("+" if x > 0 else "−" if x < 0 else "") + fmt.percent(abs(x), lang)


def baseline_value(base: dict, lang: str, unit: str = units.DEFAULT) -> str:
    """A baseline's figure as every screen writes it (`summary.figure_text`): "25.953", and a plan
    calculated from a rounded percentage "khoảng 22.200" (the model starts from 22.182 itself)."""
    return summary.figure_text(
        base["value"],
        unit,
        lang,
        None,
        base.get("provenance"),
        base.get("low"),
        base.get("high"),
        with_unit=False,
    )


def baseline_option(kind: str, base: dict, lang: str) -> str:
    """The baseline as the page's choice names it: "Thực hiện năm 2023: 25.953 (số báo cáo)",
    "Kế hoạch năm 2023: khoảng 22.200 (số tính toán)"; the tracker's level before any month, last
    year's actual carried on by the mean yearly change, as that."""
    if kind == "tracker" and base.get("growth") is not None:
        return t(
            "simulate.baseline_trend",
            lang,
            growth=_signed_pct(base["growth"], lang),
            value=baseline_value(base, lang),
            provenance=provenance(base["provenance"], lang),
        )
    return t(
        f"simulate.baseline_{kind}",
        lang,
        year=base["year"],
        years=baseline_years(base),
        value=baseline_value(base, lang),
        provenance=provenance(base["provenance"], lang),
    )


# ---------------------------------------------------------------- the additive model


def jobs_header(setup: Setup, name: str, lang: str) -> str:
    """The tab's heading: the indicator, the year, its target and where the target comes from."""
    return t(
        "simulate.jobs_header",
        lang,
        name=name,
        year=setup.year,
        target=amount(setup.jobs_target, setup, lang),
        provenance=provenance(setup.jobs_target_provenance, lang),
    )


def jobs_sentence(
    result: simulate.JobsResult, setup: Setup, a: Assumptions, lang: str, approx: bool = False
) -> str:
    """ "Nếu giữ bằng mức thực hiện năm 2023 (25.953 lượt lao động), khả năng đạt chỉ tiêu 22.550
    người là 90,5%." (`approx`: "khoảng 90%", for a briefing)."""
    kind = baseline_kind(setup, a)
    base = setup.baselines[kind]
    growth = round(a.growth_pct, 1)
    way = "up" if growth > 0 else "down" if growth < 0 else "level"
    return t(
        f"simulate.sentence_jobs_{way}",
        lang,
        growth=fmt.percent(abs(a.growth_pct), lang),
        baseline=baseline_label(kind, base, lang),
        value=amount(base["value"], setup, lang, actual=True),
        target=amount(result.inputs.target, setup, lang),
        prob=prob_words(result.probability_pct, lang, approx),
    )


def year_result(setup: Setup, lang: str) -> str | None:
    """ "Năm 2024 đã có kết quả cả năm: 26.111 lượt lao động, đạt chỉ tiêu 22.550 người
    (115,8%)." when the target year is over (`setup.year_actual`); None while it is not."""
    got = setup.year_actual
    if not got or setup.jobs_target is None:
        return None
    share = 100 * got["value"] / setup.jobs_target if setup.jobs_target else None
    return t(
        "simulate.year_result",
        lang,
        year=setup.year,
        actual=amount(got["value"], setup, lang, actual=True),
        reached=t("simulate.year_reached" if got["achieved"] else "simulate.year_missed", lang),
        target=amount(setup.jobs_target, setup, lang),
        pct=fmt.percent(share, lang) if share is not None else "—",
    )


def year_result_note(setup: Setup, lang: str) -> str:
    """Where the year's actual comes from, and why the page gives no chance for that year."""
    got = setup.year_actual or {}
    return t("simulate.year_result_note", lang, provenance=provenance(got.get("provenance"), lang))


def months_reported(result: simulate.JobsResult, setup: Setup, lang: str) -> str | None:
    """The months of the year already reported, used as they are (None when there are none)."""
    if not result.reported_months:
        return None
    return t(
        "simulate.months_reported",
        lang,
        n=len(result.reported_months),
        year=setup.year,
        total=fmt.number(result.actual_to_date, lang, units.decimals(result.actual_to_date, setup.unit)),
    )


def central(result: simulate.JobsResult) -> float:
    """The year's expected level as the model gives it exactly, A + B × (1 + g) × R
    (`simulate.expected_total`; the factor's median is 1, so this is the model's own median): the
    overview's tracker writes the same figure for the same inputs. The runs' median is an estimate
    of it (25.959 for 25.953), so the page writes this one beside the runs' 80% range, labelled
    as the runs' (review 11: two figures under one label)."""
    return simulate.expected_total(result.inputs, result.inputs.growth_pct)


def jobs_metrics(result: simulate.JobsResult, lang: str) -> list[tuple[str, str]]:
    """The four figures under the sentence: (label, value) for the expected level (`central`),
    the runs' 80% interval, the chance and the gap of the expected level to the target."""
    level = central(result)
    return [
        (t("simulate.median", lang), fmt.number(level, lang, 0)),
        (
            t("simulate.interval", lang),
            f"{fmt.number(result.low, lang, 0)} – {fmt.number(result.high, lang, 0)}",
        ),
        (t("simulate.probability", lang), prob_text(result.probability_pct, lang)),
        (t("simulate.gap", lang), signed_number(level - result.inputs.target, lang)),
    ]


def goalseek_lines(result: simulate.JobsResult, lang: str, setup: Setup | None = None) -> list[str]:
    """One line per probability level: the growth needed, and the year's total it means."""
    lines = []
    for level, g in result.needed_growth_pct.items():
        level_txt = fmt.percent(level, lang)
        if g is None:
            lines.append(t("simulate.goalseek_never", lang, level=level_txt))
        elif g <= -100:
            lines.append(t("simulate.goalseek_done", lang, level=level_txt))
        else:
            # "cần tăng tối thiểu 4%", "có thể giảm tối đa 13,1%": never a "minimum growth of −13%".
            total = amount(simulate.expected_total(result.inputs, g), setup, lang, actual=True)
            way = "" if g > 0 else "_down" if g < 0 else "_level"
            text = t(
                f"simulate.goalseek_row{way}",
                lang,
                level=level_txt,
                growth=fmt.percent(abs(g), lang),
                total=total,
            )
            lines.append(text)
    return lines


def sensitivity_sentence(frame: pd.DataFrame, lang: str) -> str:
    """The assumption that moves the chance most, in one sentence (frame from `sensitivity`)."""
    if frame.empty:
        return ""
    top = frame.iloc[0]
    name = t(f"simulate.sens_{top['assumption']}", lang)
    low, high, base = prob_texts((top["low_pct"], top["high_pct"], top["base_pct"]), lang)
    return t(
        "simulate.sentence_sensitivity", lang, name=name[:1].lower() + name[1:], low=low, high=high, base=base
    )


# ---------------------------------------------------------------- the poverty model


def poverty_header(setup: Setup, lang: str) -> str:
    """ "Tỷ lệ hộ nghèo năm 2024: chỉ tiêu giảm trên 3 điểm phần trăm (số báo cáo)": the year of
    the poverty rate's own target, never the other indicator's."""
    return t(
        "simulate.poverty_header",
        lang,
        year=setup.poverty_year if setup.poverty_year is not None else setup.year,
        target=fmt.number(setup.poverty_target, lang),
        bound=fmt.bound_prefix(setup.poverty_target_bound, lang),
        provenance=provenance(setup.poverty_target_provenance, lang),
    )


def poverty_reference(setup: Setup, lang: str) -> str | None:
    """The last reported fall, for reference (None when the data has none)."""
    last = setup.poverty_last
    if not last:
        return None
    return t(
        "simulate.poverty_reference",
        lang,
        year=last["year"],
        value=fmt.number(last["value"], lang),
        provenance=provenance(last["provenance"], lang),
    )


def points(x: float | None, lang: str, decimals: int = 2, fixed: bool = False) -> str:
    """Points as text with a true minus sign ("−1,25", never "-1,25"), as the cards' changes;
    `fixed`: always `decimals` decimals, for a model's figures written beside each other (the
    expected fall and its interval: "84,00", "72,51 – 84,69", never "84" beside "84,69")."""
    text = fmt.number(x, lang, decimals, decimals if fixed else 0)
    return "−" + text[1:] if text.startswith("-") and text.strip("-0,.") else text.lstrip("-")


def poverty_sentence(
    result: simulate.PovertyResult, lang: str, illustrative: bool = False, approx: bool = False
) -> str:
    """The expected fall, its 80% prediction interval and the chance, opened by what the
    assumptions are ("Với giả định minh họa, chưa phải số liệu của tỉnh, …" when `illustrative`).
    An expected fall below zero is said as the rise it is ("tăng 83,97 điểm phần trăm"), its
    interval as a rise too."""
    inp = result.inputs
    rise = round(result.median, 2) < 0
    median, low, high = (
        (-result.median, -result.high, -result.low)
        if rise
        else (
            result.median,
            result.low,
            result.high,
        )
    )
    return t(
        "simulate.sentence_poverty_rise" if rise else "simulate.sentence_poverty",
        lang,
        opener=t("simulate.opener_illustrative" if illustrative else "simulate.opener_user", lang),
        median=points(median, lang, fixed=True),
        low=points(low, lang, fixed=True),
        high=points(high, lang, fixed=True),
        bound=fmt.bound_prefix(inp.target_bound, lang),
        target=points(inp.target_pp, lang),
        prob=prob_words(result.probability_pct, lang, approx),
    )


def poverty_metrics(result: simulate.PovertyResult, lang: str) -> list[tuple[str, str]]:
    """The four figures under the poverty sentence: (label, value); a fall below zero with "−"."""
    inp = result.inputs
    bound, target = fmt.bound_prefix(inp.target_bound, lang), fmt.number(inp.target_pp, lang)
    return [
        (t("simulate.pov_median", lang), points(result.median, lang, fixed=True)),
        (
            t("simulate.pov_interval", lang),
            f"{points(result.low, lang, fixed=True)} – {points(result.high, lang, fixed=True)}",
        ),
        (
            t("simulate.pov_probability", lang, bound=bound, target=target),
            prob_text(result.probability_pct, lang),
        ),
        (t("simulate.pov_needed", lang), fmt.number(result.needed_exits, lang, 0)),
    ]


def needed_sentence(result: simulate.PovertyResult, lang: str) -> str:
    inp = result.inputs
    common = {
        "bound": fmt.bound_prefix(inp.target_bound, lang),
        "target": fmt.number(inp.target_pp, lang, 2),
        "entries": fmt.number(result.expected_entries, lang, 0),
        "poor": fmt.number(result.poor_households, lang, 0),
    }
    if result.needed_exits is None:
        return t("simulate.sentence_needed_impossible", lang, **common)
    return t(
        "simulate.sentence_needed",
        lang,
        exits=fmt.number(result.needed_exits, lang, 0),
        share=fmt.percent(result.needed_exit_pct, lang),
        **common,
    )


# ---------------------------------------------------------------- scenarios side by side


def _compare_column(run: ScenarioRun, names: dict[str, str], lang: str, show_indicator: bool) -> dict:
    """One scenario's column: its assumptions, then its results (each against its own target)."""
    a, setup = run.assumptions, run.setup
    col = {t("simulate.col_scenario", lang): run.name}
    if show_indicator:
        ind = run.indicator_id
        target = amount(setup.jobs_target, setup, lang) if setup and setup.jobs_target is not None else "—"
        col[t("simulate.col_indicator", lang)] = f"{names.get(ind, ind)}: {target}"
    kind = baseline_kind(setup, a) if setup else None
    col |= {
        t("simulate.col_baseline", lang): baseline_label(kind, setup.baselines[kind], lang)
        if setup and setup.baselines
        else "—",
        t("simulate.growth", lang): fmt.signed_percent(a.growth_pct, lang),
        t("simulate.cv", lang): fmt.percent(a.cv_pct, lang),
        t("simulate.seed", lang): str(a.seed),
    }
    if run.jobs:
        r = run.jobs
        col |= {
            t("simulate.col_jobs_median", lang): fmt.number(central(r), lang, 0),
            t(
                "simulate.col_jobs_interval", lang
            ): f"{fmt.number(r.low, lang, 0)} – {fmt.number(r.high, lang, 0)}",
            t("simulate.col_jobs_prob", lang): prob_text(r.probability_pct, lang),
        }
    if run.poverty:
        col |= {
            t("simulate.col_pov_median", lang): points(run.poverty.median, lang, fixed=True),
            t("simulate.col_pov_prob", lang): prob_text(run.poverty.probability_pct, lang),
        }
    return col


def compare_sentence(runs: list[ScenarioRun], lang: str) -> str:
    """The likeliest and least likely scenario, when they are of one indicator; otherwise that
    each is measured against its own target, so their chances are not ranked."""
    chances = {r.name: r.jobs.probability_pct for r in runs if r.jobs is not None}
    if not chances:
        return ""
    if not one_indicator(runs):
        return t("simulate.compare_indicators", lang)
    best, worst = max(chances, key=chances.get), min(chances, key=chances.get)
    best_prob, worst_prob = prob_texts((chances[best], chances[worst]), lang)
    return t(
        "simulate.sentence_compare", lang, best=best, best_prob=best_prob, worst=worst, worst_prob=worst_prob
    )


def compare_table(runs: list[ScenarioRun], names: dict[str, str], lang: str) -> pd.DataFrame:
    """Saved scenarios side by side: one column per scenario, one row per assumption or result
    (display text; "—" where a scenario has no such figure). A row names each scenario's
    indicator and target when they are not all of one indicator."""
    columns = [_compare_column(r, names, lang, not one_indicator(runs)) for r in runs]
    table = pd.DataFrame(columns).set_index(t("simulate.col_scenario", lang)).T.fillna("—")
    return table.rename_axis(index=t("simulate.col_item", lang), columns=None).reset_index()
