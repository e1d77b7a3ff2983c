"""Places: the areas of a province (or the provinces of the country) ranked against plan, and
the map of them as dots on their coordinates.

Owns the ranking's frame (from `queries.place_ranking` rows: % of plan and the status word from
`lib/report/scorecard.py`, never thresholds of its own; behind plan first, areas without a plan last),
the table a user reads and downloads, and the map spec: Altair, offline (no tiles, no shapes of
borders: each unit is a dot at the `lat`/`lon` of `data/areas.csv`, on a Mercator projection),
coloured *and* shaped by status, sized by the actual, with a legend and a tooltip that says the
status in words. Never imports Streamlit, never queries the store.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from lib import fmt
from lib.data import areas
from lib.i18n import t
from lib.report import charts, scorecard
from lib.units import is_missing

# Status order of the ranking: the worst first (scorecard's order reversed), no plan last.
RANK_ORDER = (*reversed([s for s in scorecard.STATUSES if s != "no_plan"]), "no_plan")
MAP_HEIGHT = 520

RANKING_COLUMNS = [
    ("rank", "places.rank"),
    ("name", "charts.area"),
    ("actual", "charts.actual"),
    ("target", "charts.target"),
    ("pct_of_target", "charts.pct_of_target"),
    ("status_label", "charts.status"),
    ("provenance_label", "charts.provenance"),
    ("pct_provenance_label", "overview.col_pct_provenance"),
    ("pct_formula", "charts.formula"),
]


def ranking_data(rows: pd.DataFrame, lang: str = "vi") -> pd.DataFrame:
    """The areas ranked by % of plan, lowest (behind plan) first, those without a plan last:
    rank, area, name, actual, target, pct_of_target (reported, else computed as
    `scorecard.achievement_pct`; to the one decimal every % is written with, as Explore's
    achievement), status, status_label, provenance_label, pct_provenance_label and pct_formula
    (a computed % says "Tính toán" and its formula, "100 × Thực hiện ÷ Kế hoạch"), lat, lon."""
    columns = [c for c, _ in RANKING_COLUMNS] + ["area", "status", "lat", "lon"]
    if rows.empty:
        return pd.DataFrame(columns=columns)
    pct = [
        scorecard.achievement_pct(r.actual, r.target, r.pct_of_target, r.direction)
        for r in rows.itertuples(index=False)
    ]
    statuses = [
        scorecard.status(r.actual, r.target, r.pct_of_target, r.direction, r.pct_bound)
        for r in rows.itertuples(index=False)
    ]
    provenance = rows["actual_provenance"].where(rows["actual_provenance"].notna(), rows["pct_provenance"])
    # A % the source does not give but its actual and plan do is computed: it says so, and how.
    computed = [
        is_missing(reported) and x is not None for reported, x in zip(rows["pct_of_target"], pct, strict=True)
    ]
    pct_provenance = [
        "derived" if c else (p if x is not None else None)
        for c, x, p in zip(computed, pct, rows["pct_provenance"], strict=True)
    ]
    pct_formula = [
        ("100 * target / actual" if d == "down" else "100 * actual / target") if c else f
        for c, d, f in zip(computed, rows["direction"], rows["pct_formula"], strict=True)
    ]
    where = areas.catalogue().set_index("area_id")[["lat", "lon"]]
    out = pd.DataFrame(
        {
            "area": rows["area"].astype(str).to_numpy(),
            "name": [areas.display_name(str(a), lang) for a in rows["area"]],
            "actual": rows["actual"].astype(float).to_numpy(),
            "target": rows["target"].astype(float).to_numpy(),
            "pct_of_target": pd.Series(pct, dtype="float64").to_numpy(),
            "status": statuses,
            "status_label": [scorecard.status_label(s, lang) for s in statuses],
            "provenance_label": [charts.label("provenance", p, lang) for p in provenance],
            "pct_provenance_label": [charts.label("provenance", p, lang) for p in pct_provenance],
            "pct_formula": [fmt.formula_text(f, lang) or None for f in pct_formula],
        }
    )
    out = out.join(where, on="area")
    order = {s: i for i, s in enumerate(RANK_ORDER)}
    out["_order"] = [order[s] for s in out["status"]]
    out = out.sort_values(["_order", "pct_of_target", "name"], kind="stable", na_position="last")
    out = out.drop(columns="_order").reset_index(drop=True)
    out["pct_of_target"] = out["pct_of_target"].round(1)  # ranked on the exact %, shown as written
    out.insert(0, "rank", range(1, len(out) + 1))
    return out[columns]


def counts(data: pd.DataFrame) -> dict[str, int]:
    """How many areas have each status (in `scorecard.STATUSES` order), for the summary line."""
    found = data["status"].value_counts()
    return {s: int(found.get(s, 0)) for s in scorecard.STATUSES if found.get(s, 0)}


def map_chart(data: pd.DataFrame, lang: str = "vi", unit: str = "") -> alt.TopLevelMixin:
    """Each area a dot at its coordinates (longitude, latitude; Mercator), coloured and shaped by
    status, sized by the actual; the tooltip names the area, its figures and its status."""
    data = data[data["lat"].notna() & data["lon"].notna()]
    keys = [s for s in RANK_ORDER if s in set(data["status"])]
    domain = [scorecard.status_label(s, lang) for s in keys]
    status_title = t("charts.status", lang)
    unit_label = fmt.unit_label(unit, lang) if unit else ""
    actual_title = t("charts.actual", lang) + (f" ({unit_label})" if unit_label else "")
    chart = (
        # Drawn worst last, so the dots behind plan lie on top where dots crowd (a city's wards).
        alt.Chart(
            data[["rank", "name", "lat", "lon", "actual", "target", "pct_of_target", "status_label"]].assign(
                drawn=-data["rank"]
            )
        )
        .mark_point(filled=True, opacity=0.8, stroke="#333333", strokeWidth=0.5)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            color=alt.Color(
                "status_label:N",
                title=status_title,
                scale=alt.Scale(domain=domain, range=[scorecard.STATUS_HEX[s] for s in keys]),
            ),
            shape=alt.Shape(
                "status_label:N",
                title=status_title,
                scale=alt.Scale(domain=domain, range=[scorecard.STATUS_SHAPE[s] for s in keys]),
            ),
            size=alt.Size(
                "actual:Q",
                title=actual_title,
                scale=alt.Scale(range=[30, 600]),
                legend=alt.Legend(format=",~f"),
            ),
            order=alt.Order("drawn:Q"),
            tooltip=[
                alt.Tooltip("name:N", title=t("charts.area", lang)),
                alt.Tooltip("status_label:N", title=status_title),
                alt.Tooltip("pct_of_target:Q", title=t("charts.pct_of_target", lang), format=",.1~f"),
                alt.Tooltip("actual:Q", title=actual_title, format=",~f"),
                alt.Tooltip("target:Q", title=t("charts.target", lang), format=",~f"),
                alt.Tooltip("rank:Q", title=t("places.rank", lang)),
            ],
        )
        .project(type="mercator")
        .properties(width="container", height=MAP_HEIGHT)
    )
    return charts.localize(chart, lang)
