"""Is the tracker's chance honest? A backtest on the years whose outcome is known.

Owns `python -m lib backtest`. For every indicator, area and year with a whole-year target and
all 12 monthly actuals (areas with monthly actuals of their own; the sums of areas inside them
are not separate cases), the tracker (`tracking.track_values`, the very function the pages
show) predicts the chance at the end of months 3, 6 and 9 from what was known then: that
year's months up to the cut, and earlier years only (profile, CV, last actual). The outcome is
whether the 12 months met the target.

Scores: the Brier score, mean((p - outcome)^2) with p in [0, 1] (0 is perfect; always saying
50% scores 0,25), and a calibration table: predictions in bins of 10 points against the share
of them that were reached, with the expected calibration error (the bins' mean gap, weighted by
their size). The naive baseline is the straight-line pace: the year end is A * 12 / m, and the
chance is 100% when that meets the target, else 0%.

Never imports Streamlit, never writes.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from lib import fmt
from lib.data import queries
from lib.i18n import t
from lib.models import tracking

CUTS = (3, 6, 9)
BINS = 10  # calibration bins of 100 / BINS points


@dataclass(frozen=True)
class Result:
    predictions: pd.DataFrame  # one row per case and cut
    synthetic: bool  # every monthly actual used is synthetic

    @property
    def cases(self) -> int:
        return len(self.predictions)

    def brier(self, column: str = "model_pct") -> float:
        return brier(self.predictions, column)

    def calibration(self, column: str = "model_pct") -> pd.DataFrame:
        return calibration(self.predictions, column)

    def by_cut(self) -> pd.DataFrame:
        """Brier scores of model and baseline at each cut month."""
        rows = []
        for cut, g in self.predictions.groupby("cut"):
            rows.append(
                {
                    "cut": int(cut),
                    "n": len(g),
                    "model": brier(g, "model_pct"),
                    "baseline": brier(g, "baseline_pct"),
                }
            )
        return pd.DataFrame(rows, columns=["cut", "n", "model", "baseline"])

    def to_dict(self) -> dict:
        def scores(column):
            table = self.calibration(column)
            return {
                "brier": self.brier(column),
                "calibration_error_pct": calibration_error(table),
                "calibration": table.to_dict("records"),
            }

        return {
            "synthetic": self.synthetic,
            "cuts": list(CUTS),
            "cases": self.cases,
            "reached_pct": 100 * float(self.predictions["reached"].mean()) if self.cases else None,
            "model": scores("model_pct"),
            "baseline": scores("baseline_pct"),
            "by_cut": self.by_cut().to_dict("records"),
        }


def brier(frame: pd.DataFrame, column: str) -> float:
    """mean((p - outcome)^2), p the predicted chance as a share; NaN for no cases."""
    if frame.empty:
        return float("nan")
    p = frame[column].to_numpy(dtype=float) / 100
    return float(np.mean((p - frame["reached"].to_numpy(dtype=float)) ** 2))


def calibration(frame: pd.DataFrame, column: str) -> pd.DataFrame:
    """Predictions in bins of 10 points ([0, 10), ..., [90, 100]) against the share reached:
    low_pct, high_pct, n, predicted_pct (mean), reached_pct; empty bins left out."""
    p = frame[column].to_numpy(dtype=float)
    index = np.minimum((p // (100 / BINS)).astype(int), BINS - 1)
    rows = []
    for b in range(BINS):
        hit = index == b
        if not hit.any():
            continue
        rows.append(
            {
                "low_pct": b * 100 // BINS,
                "high_pct": (b + 1) * 100 // BINS,
                "n": int(hit.sum()),
                "predicted_pct": float(p[hit].mean()),
                "reached_pct": 100 * float(frame["reached"].to_numpy()[hit].mean()),
            }
        )
    return pd.DataFrame(rows, columns=["low_pct", "high_pct", "n", "predicted_pct", "reached_pct"])


def calibration_error(table: pd.DataFrame) -> float:
    """The bins' |predicted - reached|, weighted by their size, in points."""
    if table.empty:
        return float("nan")
    gap = (table["predicted_pct"] - table["reached_pct"]).abs()
    return float((gap * table["n"]).sum() / table["n"].sum())


def run(con, cuts: tuple[int, ...] = CUTS, areas: list[str] | None = None) -> Result:
    """Backtest every case in the store (or in the named areas, own rows or sums inside)."""
    catalogue = queries.indicators(con).set_index("indicator_id")
    if areas:
        # Only the named areas' whole years and standards: every area's would be a million rows
        # in pandas at 10 million figures (10 s and 500 MB on the Simulate page, benchmark).
        parts, yearly_parts, standard_parts = [], [], []
        for area in areas:
            m = queries.tracking_monthly(con, area, 0, 9999)
            parts.append(m.assign(area=area))
            yearly_parts.append(queries.tracking_yearly(con, area))
            standard_parts.append(queries.series_standards(con, area))
        monthly = pd.concat(parts, ignore_index=True) if parts else queries.tracking_monthly_own(con).iloc[:0]
        yearly = pd.concat(yearly_parts, ignore_index=True)
        found = pd.concat(standard_parts, ignore_index=True)
    else:
        monthly = queries.tracking_monthly_own(con)
        yearly = queries.tracking_yearly(con, None)
        found = queries.series_standards(con, None)
    rows = []
    targets = yearly[yearly["measure"] == "target"]
    actuals = yearly[yearly["measure"] == "actual"]
    target_index = {(r.indicator_id, r.area, int(r.year)): r for r in targets.itertuples()}
    pairs_by_key: dict[tuple, list] = {}
    for ind, area, year, value in zip(
        actuals["indicator_id"], actuals["area"], actuals["year"], actuals["value"], strict=True
    ):
        pairs_by_key.setdefault((ind, area), []).append((int(year), float(value)))
    standards: dict[tuple, dict[int, str]] = {}  # series breaks: {(indicator, area): {year: standard}}
    for ind, area, year, standard in found.itertuples(index=False):
        standards.setdefault((ind, area), {})[int(year)] = standard
    for (ind, area), g in monthly.groupby(["indicator_id", "area"], sort=True):
        years = sorted(int(y) for y in g["year"].unique())
        grid = tracking._matrix(g, years)
        pairs = pairs_by_key.get((ind, area), [])
        series = standards.get((ind, area), {})
        unit, direction = catalogue.loc[ind, "unit"], catalogue.loc[ind, "direction"]
        for i, year in enumerate(years):
            target = target_index.get((ind, area, year))
            row = grid[i]
            if target is None or not np.all(np.isfinite(row)):
                continue
            value, bound, provenance = float(target.value), str(target.bound), str(target.provenance)
            base = tracking.Track(ind, area, year, unit, direction, value, bound, provenance)
            # Only earlier years under this year's standard, as the tracker does.
            other = tracking.other_standard_years(series, year, years[:i] + [y for y, _ in pairs])
            keep = [j for j in range(i) if years[j] not in other]
            earlier = [(y, v) for y, v in pairs if y < year and y not in other]
            rows += _predictions(base, row, grid[keep], earlier, [years[j] for j in keep], cuts)
    columns = ["indicator_id", "area", "year", "cut", "model_pct", "baseline_pct", "reached", "cv_pct"]
    frame = pd.DataFrame(rows, columns=columns + ["cv_method", "cv_years"])
    synthetic = bool(len(monthly)) and bool((monthly["provenance"] == "synthetic").all())
    return Result(frame, synthetic)


def _predictions(base, row, history, earlier: list, history_years: list[int], cuts) -> list[dict]:
    """One case's rows: the tracker's chance and the straight-line pace's at each cut month,
    from that year's months up to the cut and earlier years only; the outcome from all 12."""
    direction = base.direction
    reached = tracking.within(float(row.sum()), base.target, base.target_bound, direction)
    last = earlier[-1][1] if earlier else None
    rows = []
    for cut in cuts:
        tr = tracking.track_values(base, row, history, earlier, cut, last, None, history_years)
        straight = float(row[:cut].sum()) * tracking.MONTHS / cut
        naive = tracking.within(straight, base.target, base.target_bound, direction)
        rows.append(
            {
                "indicator_id": base.indicator_id,
                "area": base.area,
                "year": base.year,
                "cut": cut,
                "model_pct": tr.chance_pct,
                "baseline_pct": 100.0 if naive else 0.0,
                "reached": bool(reached),
                "cv_pct": tr.cv_pct,
                "cv_method": tr.uncertainty.cv_method,
                "cv_years": tr.uncertainty.cv_years,
            }
        )
    return rows


def text(result: Result, lang: str = "en", label: str = "") -> str:
    """The backtest as plain text: what was tested, both calibration tables, the Brier scores."""
    lines = [t("backtest.title", lang, data=label)]
    if result.synthetic:
        lines.append(t("backtest.synthetic", lang))
    lines.append(
        t(
            "backtest.cases",
            lang,
            cases=fmt.number(result.cases, lang, 0),
            cuts=", ".join(str(c) for c in CUTS),
            reached=fmt.percent(100 * result.predictions["reached"].mean(), lang),
        )
    )
    for column, key in (("model_pct", "backtest.model"), ("baseline_pct", "backtest.baseline")):
        table = result.calibration(column)
        lines += ["", t(key, lang)]
        lines.append(
            f"  {t('backtest.col_bin', lang):<12}{t('backtest.col_n', lang):>8}"
            f"{t('backtest.col_predicted', lang):>14}{t('backtest.col_reached', lang):>14}"
        )
        for r in table.itertuples():
            lines.append(
                f"  {f'{r.low_pct}–{r.high_pct}%':<12}{fmt.number(r.n, lang, 0):>8}"
                f"{fmt.percent(r.predicted_pct, lang):>14}{fmt.percent(r.reached_pct, lang):>14}"
            )
        lines.append(
            t(
                "backtest.scores",
                lang,
                brier=fmt.number(result.brier(column), lang, 3),
                error=fmt.number(calibration_error(table), lang, 1),
            )
        )
    lines += ["", t("backtest.by_cut", lang)]
    for r in result.by_cut().itertuples():
        lines.append(
            t(
                "backtest.by_cut_row",
                lang,
                cut=r.cut,
                n=fmt.number(r.n, lang, 0),
                model=fmt.number(r.model, lang, 3),
                baseline=fmt.number(r.baseline, lang, 3),
            )
        )
    return "\n".join(lines)
