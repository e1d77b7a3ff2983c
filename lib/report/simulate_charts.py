"""The simulator's Altair charts: distribution with the target, monthly path, tornado, comparison.

Owns chart specs only: it takes model results (lib/models/simulate.py's results, monthly path and
sensitivity frames) and translated labels, and returns Altair charts whose data stay numbers
(the UI language's number style comes from the chart's own locale, `fmt.chart_locale`). It
never runs a model: the page simulates once per rerun and hands the run here. Draws are binned
here (60 bins) so a chart never ships 100.000 points. `jobs_specs`/`poverty_specs` return the
finished Vega-Lite specs; the page keeps them per inputs (`ui.sim_jobs`), so moving a jobs
slider does not rebuild the poverty charts and a crowd on the same link builds them once
(building an Altair spec is most of a rerun's time). Specs are built by `charts.spec` (one at a
time, Altair's defaults; see lib/report/charts.py), without the schema check; the tests check every
spec against the Vega-Lite schema instead.
Never imports Streamlit.
"""

from __future__ import annotations

import altair as alt
import numpy as np
import pandas as pd

from lib import fmt
from lib.i18n import t
from lib.report.charts import OKABE_ITO, spec

BINS = 60
# Okabe-Ito blue and vermillion: told apart with any colour vision (never red against green)
REACHED, SHORT = OKABE_ITO[0], OKABE_ITO[5]


def _finish(layers: list, lang: str, height) -> alt.LayerChart:
    """One layered chart with the UI's number locale. Built in one step: every Altair method
    call deep-copies the whole chart, which is most of a rerun's time."""
    config = alt.Config(locale=alt.Locale(number=fmt.chart_locale(lang)), view=alt.ViewConfig(stroke=None))
    return alt.LayerChart(layer=layers, height=height, config=config)


def histogram(values: np.ndarray, bins: int = BINS, edges: np.ndarray | None = None) -> pd.DataFrame:
    """Share of draws (%) per bin: start, end, mid, share_pct."""
    values = np.asarray(values, dtype=float)
    if edges is None:
        lo, hi = float(values.min()), float(values.max())
        if hi - lo < 1e-9:
            lo, hi = lo - 0.5, hi + 0.5
        edges = np.linspace(lo, hi, bins + 1)
    counts, edges = np.histogram(values, bins=edges)
    return pd.DataFrame(
        {
            "start": edges[:-1],
            "end": edges[1:],
            "mid": (edges[:-1] + edges[1:]) / 2,
            "share_pct": 100 * counts / max(1, len(values)),
        }
    )


def _labels(lang: str, *keys: str) -> dict:
    return {k: t(f"simulate.{k}", lang) for k in keys}


def distribution(values: np.ndarray, target: float, x_key: str, lang: str, number_format: str = ",.0f"):
    """Bars of the simulated values, green where the bin reaches the target, with the target
    marked. `x_key`: the catalogue key of the x axis title (x_jobs or x_fall)."""
    labels = _labels(lang, "y_share", "target_mark", "reached", "short") | {"x": t(f"simulate.{x_key}", lang)}
    labels |= {"y": labels["y_share"], "target": labels["target_mark"]}
    data = histogram(values)
    data["status"] = np.where(data["mid"] >= target, labels["reached"], labels["short"])
    bars = (
        alt.Chart(data)
        .mark_bar(opacity=0.9, binSpacing=0)
        .encode(
            x=alt.X("start:Q", bin="binned", title=labels["x"], axis=alt.Axis(format=number_format)),
            x2=alt.X2("end"),
            y=alt.Y("share_pct:Q", title=labels["y"], axis=alt.Axis(format=",.1f")),
            color=alt.Color(
                "status:N",
                scale=alt.Scale(domain=[labels["reached"], labels["short"]], range=[REACHED, SHORT]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("start:Q", title=labels["x"], format=number_format),
                alt.Tooltip("end:Q", title="…", format=number_format),
                alt.Tooltip("share_pct:Q", title=labels["y"], format=",.2f"),
            ],
        )
    )
    rule = alt.Chart(pd.DataFrame({"target": [target], "label": [labels["target"]]}))
    marks = rule.mark_rule(color="#212121", strokeDash=[6, 3], size=2).encode(x=alt.X("target:Q"))
    text = rule.mark_text(align="left", dx=4, dy=-6, color="#212121").encode(
        x=alt.X("target:Q"), y=alt.YValue(0), text=alt.Text("label:N")
    )
    return _finish([bars, marks, text], lang, 260)


def path(frame: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    """Cumulative jobs by month (median line, 80% band) against the straight pace to target."""
    labels = _labels(lang, "month", "jobs_cum", "path_median", "path_pace", "path_reported")
    labels |= {"jobs": labels["jobs_cum"], "median": labels["path_median"], "pace": labels["path_pace"]}
    labels |= {"reported": labels["path_reported"]}
    base = alt.Chart(frame).encode(
        x=alt.X(
            "month:Q", title=labels["month"], scale=alt.Scale(domain=[1, 12]), axis=alt.Axis(tickMinStep=1)
        )
    )
    band = base.mark_area(opacity=0.2, color="#1565c0").encode(
        y=alt.Y("low:Q", title=labels["jobs"], axis=alt.Axis(format=",.0f")), y2=alt.Y2("high")
    )
    long = frame.melt(id_vars=["month"], value_vars=["median", "pace"], var_name="line", value_name="jobs")
    long["line"] = long["line"].map({"median": labels["median"], "pace": labels["pace"]})
    lines = (
        alt.Chart(long)
        .mark_line(point=True)
        .encode(
            x=alt.X("month:Q"),
            y=alt.Y("jobs:Q", title=labels["jobs"], axis=alt.Axis(format=",.0f")),
            color=alt.Color(
                "line:N",
                scale=alt.Scale(domain=[labels["median"], labels["pace"]], range=["#1565c0", "#757575"]),
                legend=alt.Legend(title=None, orient="bottom", direction="vertical", labelLimit=400),
            ),
            strokeDash=alt.StrokeDash(
                "line:N",
                scale=alt.Scale(domain=[labels["median"], labels["pace"]], range=[[1, 0], [6, 3]]),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("month:Q", title=labels["month"]),
                alt.Tooltip("line:N", title=" "),
                alt.Tooltip("jobs:Q", title=labels["jobs"], format=",.0f"),
            ],
        )
    )
    layers = [band, lines]
    reported = frame[frame["reported"]]
    if not reported.empty:
        layers.append(
            alt.Chart(reported.assign(kind=labels["reported"]))
            .mark_point(shape="square", size=80, filled=True, color="#212121")
            .encode(x=alt.X("month:Q"), y=alt.Y("median:Q"), tooltip=[alt.Tooltip("kind:N", title=" ")])
        )
    return _finish(layers, lang, 260)


def tornado(frame: pd.DataFrame, lang: str) -> alt.TopLevelMixin:
    """How the probability moves when each assumption moves one step down or up (frame from
    `simulate.sensitivity`; each assumption is named with its step, e.g. "Growth (±1 point)")."""
    names = {k: t(f"simulate.sens_{k}", lang) for k in frame["assumption"]}
    labels = {"x": t("simulate.tornado_x", lang), "down": t("simulate.step_down", lang)}
    labels["up"] = t("simulate.step_up", lang)
    rows = []
    for r in frame.itertuples(index=False):
        for side, value in ((labels["down"], r.low_pct), (labels["up"], r.high_pct)):
            rows.append(
                {"assumption": names.get(r.assumption, r.assumption), "side": side, "base": r.base_pct}
                | {"prob": value}
            )
    data = pd.DataFrame(rows)
    order = [names.get(a, a) for a in frame["assumption"]]
    lo = min(data["prob"].min(), frame["base_pct"].iloc[0]) if len(data) else 0.0
    hi = max(data["prob"].max(), frame["base_pct"].iloc[0]) if len(data) else 100.0
    pad = max(1.0, (hi - lo) * 0.15)
    domain = [max(0.0, lo - pad), min(100.0, hi + pad)]
    bars = (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("assumption:N", sort=order, title=None, axis=alt.Axis(labelLimit=320)),
            x=alt.X(
                "base:Q",
                title=labels["x"],
                scale=alt.Scale(domain=domain),
                axis=alt.Axis(format=",.0f", tickMinStep=1),
            ),
            x2=alt.X2("prob"),
            color=alt.Color(
                "side:N",
                scale=alt.Scale(domain=[labels["down"], labels["up"]], range=["#ef6c00", "#1565c0"]),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[
                alt.Tooltip("assumption:N", title=" "),
                alt.Tooltip("side:N", title=" "),
                alt.Tooltip("prob:Q", title=labels["x"], format=",.1f"),
            ],
        )
    )
    base = alt.Chart(frame.head(1)).mark_rule(color="#212121").encode(x=alt.X("base_pct:Q"))
    return _finish([bars, base], lang, alt.Step(36))


def compare(series: dict[str, np.ndarray], target: float, lang: str) -> alt.TopLevelMixin:
    """Overlaid distributions of several scenarios' simulated jobs totals on common bins, with
    the target marked. series: scenario name -> simulated values."""
    labels = {"x": t("simulate.x_jobs", lang), "y": t("simulate.y_share", lang)}
    labels |= {"target": t("simulate.target_mark", lang), "scenario": t("simulate.col_scenario", lang)}
    allv = np.concatenate([np.asarray(v, dtype=float) for v in series.values()])
    lo, hi = float(allv.min()), float(allv.max())
    if hi - lo < 1e-9:
        lo, hi = lo - 0.5, hi + 0.5
    edges = np.linspace(lo, hi, BINS + 1)
    data = pd.concat(
        [histogram(v, edges=edges).assign(scenario=name) for name, v in series.items()], ignore_index=True
    )
    lines = (
        alt.Chart(data)
        .mark_line(interpolate="step-after")
        .encode(
            x=alt.X("start:Q", title=labels["x"], axis=alt.Axis(format=",.0f")),
            y=alt.Y("share_pct:Q", title=labels["y"]),
            color=alt.Color("scenario:N", title=labels["scenario"], legend=alt.Legend(orient="top")),
            tooltip=[
                alt.Tooltip("scenario:N", title=labels["scenario"]),
                alt.Tooltip("start:Q", title=labels["x"], format=",.0f"),
                alt.Tooltip("share_pct:Q", title=labels["y"], format=",.2f"),
            ],
        )
    )
    rule = (
        alt.Chart(pd.DataFrame({"target": [target]}))
        .mark_rule(color="#212121", strokeDash=[6, 3], size=2)
        .encode(x=alt.X("target:Q"), tooltip=[alt.Tooltip("target:Q", title=labels["target"], format=",.0f")])
    )
    return _finish([lines, rule], lang, 260)


def jobs_specs(
    result, path_frame: pd.DataFrame, sensitivity: pd.DataFrame, lang: str
) -> tuple[dict, dict, dict]:
    """Vega-Lite specs of an additive-model run (`simulate.JobsResult`, `simulate.jobs_path`,
    `simulate.sensitivity`): distribution with the target, cumulative monthly path, tornado."""
    return (
        spec(distribution(result.totals, result.inputs.target, "x_jobs", lang)),
        spec(path(path_frame, lang)),
        spec(tornado(sensitivity, lang)),
    )


def poverty_specs(result, sensitivity: pd.DataFrame, lang: str) -> tuple[dict, dict]:
    """Vega-Lite specs of a poverty-model run: distribution of the fall, tornado."""
    return (
        spec(distribution(result.falls, result.inputs.target_pp, "x_fall", lang, ",.2f")),
        spec(tornado(sensitivity, lang)),
    )
