"""The year summary as people read it: one row per indicator, figures in the UI's number style.

Owns turning `queries.year_summary` rows into display text (name in the UI language, unit,
"trên" bounds, provenance). Never computes a figure: every number comes from the store.
"""

from __future__ import annotations

import pandas as pd

from lib import fmt, i18n
from lib.i18n import t


def provenance_label(provenance: str | None, lang: str) -> str:
    return t(f"provenance.{provenance}", lang) if provenance else "—"


def summary_table(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Columns: indicator, field, actual, plan, % of plan, change, provenance, formula."""
    out = []
    for r in rows.itertuples(index=False):
        provs = {r.actual_provenance, r.target_provenance, r.pct_provenance}
        provs.discard(None)
        provs = {p for p in provs if isinstance(p, str)}
        out.append(
            {
                t("overview.col_indicator", lang): i18n.name(r, lang),
                t("overview.col_field", lang): i18n.label("field", r.field, lang),
                t("overview.col_actual", lang): fmt.figure(r.actual, r.unit, lang, r.actual_bound),
                t("overview.col_plan", lang): fmt.figure(r.target, r.unit, lang, r.target_bound),
                t("overview.col_pct", lang): fmt.bound_prefix(r.pct_bound, lang)
                + fmt.percent(r.pct_of_target, lang),
                t("overview.col_change", lang): fmt.signed_percent(r.change_pct, lang),
                t("overview.col_provenance", lang): ", ".join(
                    provenance_label(p, lang) for p in sorted(provs)
                ),
                t("overview.col_formula", lang): fmt.formula_text(r.target_formula, lang),
            }
        )
    return pd.DataFrame(out)
