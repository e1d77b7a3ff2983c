"""Every target through the year: actual to date, expected year end, pace, status and chance.

Owns the tracker's arithmetic and its reading of the store (one call per area and year,
`track_year`). For every indicator with a target for a year, wherever its monthly actuals
exist:

- actual to date A = the sum of the months reported (up to `through_month`);
- the rest of the year is the simulator's additive model (lib/models/simulate.py): rest = B * R * S,
  R = the monthly profile's share of the months not reported, S = max(0, 1 + CV * Z). B, the
  year's level, weighs the pace so far adjusted for the season, A / (1 - R), against last
  year's actual carried on by the mean yearly change g: B = lambda * A / (1 - R) +
  (1 - lambda) * last * (1 + g), lambda learned from earlier years (1, the pace alone, without
  them); before any month, B = last * (1 + g);
- expected year end E = A + B * R (the mean of S is 1), 80% interval the 10th and 90th
  percentiles of the simulator's seeded draws (`simulate.jobs_quantiles`, about E -+ 1,28 CV
  B * R; the Simulate page's default writes the same two figures); the chance is
  P(A + B * R * S meets the target) by the simulator's own seeded draws
  (`simulate.additive_probability` on `model_inputs(track)`): the simulator page shows the
  same number for the same inputs, and its count is a bisection of the sorted draws, so
  every indicator of a province gets one at once (about Phi((1 - k) / CV), k = (target - A) /
  (B * R), within the draws' sampling error);
- the pace: so far A / m per month (m months reported), needed (target - A) / (12 - m) per
  remaining month, expected B * R / (12 - m) (the pace so far carried on with the season);
- the status, after Open SDG's progress method (Statistics Canada: R >= 95% on track,
  60% <= R < 95% acceleration needed, below that limited progress or deterioration):
  R = expected pace / needed pace (= (E - A) / (target - A)); `down` indicators (the target is
  a ceiling) the other way round, R = allowed pace / expected pace. Thresholds are
  `ON_TRACK_AT` and `ACCELERATE_AT`, nowhere else.

Uncertainty from the data (`estimate_uncertainty`): the monthly profile is the mean share of
each month in earlier complete years; the CV is the root mean square of the model's own error
on earlier years (the rest of each year predicted from its first months, with the profile of
the other years: leave one year out), or, with only yearly figures (at least three), of the
year-on-year changes, widened for the few years it rests on; with neither, the default is an
assumption, and says so. The CV used is the estimate to 0,1 point, as the pages write it and the
simulator's slider starts from it. The method and the number of years are values, so a page can
state them. `python -m lib backtest` (lib/models/backtest.py) checks the resulting chance on known years.

Series breaks: history is only the earlier years under the tracked year's measurement standard
(`contract.comparable`, per indicator and area from `queries.series_standards`); the years
left out are in `Uncertainty.other_standard_years`, and `uncertainty_text` says so.

Non-additive indicators (rates, points, days) have no sum of months: a final yearly actual
gives achieved or not, otherwise no status (the poverty-rate model needs the simulator's
assumptions). Nothing here names a particular indicator. Never imports Streamlit, never writes.

Why over ~500 lines: a track is one model (level, pace, uncertainty, chance, status); its
formulas read best in one place, with the words the UI shows in lib/report/tracking_words.py.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np
import pandas as pd

from lib import fmt, i18n, units
from lib.data import contract, queries
from lib.models import simulate

MONTHS = simulate.MONTHS

# The status thresholds on the pace ratio R, declared once (Open SDG's 95% and 60%).
ON_TRACK_AT = 0.95
ACCELERATE_AT = 0.60
STATUSES = ("achieved", "on_track", "needs_acceleration", "off_track")  # best first
# Worst first, then the least likely: the explorer's ranking (no status last).
RANK = {"off_track": 0, "needs_acceleration": 1, "on_track": 2, "achieved": 3}

DEFAULT_CV_PCT = simulate.DEFAULT_CV_PCT  # the assumption when there is no history
MIN_MONTHLY_YEARS = 2  # complete earlier years needed for a leave-one-year-out CV
MIN_YEARLY_ACTUALS = 3  # yearly actuals needed for a CV of year-on-year changes
MIN_ESTIMATED_CV_PCT = 1.0  # a few identical years do not make a certainty

CV_METHODS = ("monthly_history", "yearly_history", "assumption")
PROFILE_METHODS = ("monthly_history", "assumption")


# ---------------------------------------------------------------- uncertainty


@dataclass(frozen=True)
class Uncertainty:
    """The default CV and monthly profile, with where they come from (a page states both)."""

    cv_pct: float
    cv_method: str  # one of CV_METHODS
    cv_years: int  # years of history the CV rests on (0: an assumption)
    profile: tuple[float, ...]  # 12 weights summing to 1
    profile_method: str  # one of PROFILE_METHODS ("assumption": flat)
    profile_years: int
    # How much the year's own pace counts against last year's level (1: the pace alone).
    pace_weight: float = 1.0
    growth_pct: float = 0.0  # mean year-on-year change, applied to last year's level
    # Series breaks: earlier years left out because they are under another standard, and the
    # names (vi, en) of the standard the history is under.
    other_standard_years: tuple[int, ...] = ()
    standard_names: tuple[str, str] = ("", "")


def estimate_uncertainty(
    history: np.ndarray,
    yearly: list[tuple[int, float]],
    reported: np.ndarray | None = None,
    history_years: list[int] | None = None,
    blend: bool = True,
) -> Uncertainty:
    """CV, profile and the pace's weight from earlier years.

    history: earlier years' monthly actuals, years x 12 (NaN where a month is missing), their
    years in `history_years`; yearly: earlier (year, actual) whole-year figures; reported: the
    12-month mask of the months reported this year (None: none); blend: this year has a last
    actual to weigh the pace against. Profile w_m = mean over complete years of month m / total.
    CV, by the first rule that applies:
    - `monthly_history` (some months reported, >= 2 complete years): for each year j, predict
      its unreported months from its reported ones with the profile of the other years: by the
      pace, P_j = A_j * R / (1 - R), and, when the year before is known, as the year before,
      L_j = x_(j-1) * R. The pace's weight lambda minimises sum((rest_j - lambda P_j -
      (1 - lambda) L_j) / L_j)^2 (clipped to [0, 1]; 1 without such years), and CV =
      sqrt(mean((actual rest_j / prediction_j - 1)^2)): the model's own error on past years;
    - `yearly_history` (>= 3 yearly actuals): CV = sqrt(mean((x_y / x_(y-1) - 1)^2)) over
      consecutive years (the error of "as last year");
    - `assumption`: DEFAULT_CV_PCT.
    An estimate is never below MIN_ESTIMATED_CV_PCT.
    """
    h = np.asarray(history, dtype=float).reshape(-1, MONTHS)
    keep = np.all(np.isfinite(h), axis=1) & (np.nansum(h, axis=1) > 0)
    full = h[keep]
    years = [y for y, k in zip(history_years or [None] * len(h), keep, strict=True) if k]
    shares = full / full.sum(axis=1, keepdims=True)
    if len(full):
        w = shares.mean(axis=0)
        profile, p_method, p_years = tuple(float(x) for x in w / w.sum()), "monthly_history", len(full)
    else:
        profile, p_method, p_years = (1.0 / MONTHS,) * MONTHS, "assumption", 0
    values = dict(sorted((int(y), float(v)) for y, v in yearly if v is not None and math.isfinite(v)))
    changes = [values[y] / values[y - 1] - 1 for y in values if y - 1 in values and values[y - 1] > 0]
    growth = sum(changes) / len(changes) if len(changes) >= MIN_YEARLY_ACTUALS - 1 else 0.0
    mask = np.zeros(MONTHS, dtype=bool) if reported is None else np.asarray(reported, dtype=bool)
    if 0 < mask.sum() < MONTHS and len(full) >= MIN_MONTHLY_YEARS:
        found = _monthly_cv(full, shares, years, values, growth, mask, blend)
        if found is not None:
            cv, n, weight = found
            return Uncertainty(
                max(MIN_ESTIMATED_CV_PCT, cv), "monthly_history", n, profile, p_method, p_years,
                weight, 100 * growth,
            )  # fmt: skip
    if len(values) >= MIN_YEARLY_ACTUALS and changes:
        cv = max(MIN_ESTIMATED_CV_PCT, 100 * _predictive_rms(changes))
        return Uncertainty(cv, "yearly_history", len(values), profile, p_method, p_years, 1.0, 100 * growth)
    return Uncertainty(DEFAULT_CV_PCT, "assumption", 0, profile, p_method, p_years)


def _monthly_cv(full, shares, years, values: dict, growth: float, mask, blend: bool):
    """The `monthly_history` rule of `estimate_uncertainty`: (CV %, years it rests on, the pace's
    weight lambda), or None with fewer than MIN_MONTHLY_YEARS usable years."""
    n = len(full)
    w_other = (shares.sum(axis=0) - shares) / (n - 1)  # row j: the profile without year j
    done = w_other[:, mask].sum(axis=1)
    a = full[:, mask].sum(axis=1)
    rests = full[:, ~mask].sum(axis=1)
    cases = []  # (rest, by the pace, as the year before or None)
    for j in range(n):
        if done[j] <= 0 or done[j] >= 1 or a[j] <= 0:
            continue
        before = values.get(years[j] - 1) if years[j] is not None else None
        last = before * (1 + growth) * (1 - done[j]) if blend and before and before > 0 else None
        cases.append((float(rests[j]), float(a[j] * (1 - done[j]) / done[j]), last))
    if len(cases) < MIN_MONTHLY_YEARS:
        return None
    weight = 1.0
    paired = [c for c in cases if c[2] is not None]
    if len(paired) >= MIN_MONTHLY_YEARS:
        x = np.array([(p - lst) / lst for _, p, lst in paired])
        y = np.array([(r - lst) / lst for r, _, lst in paired])
        weight = float(np.clip(x @ y / (x @ x), 0, 1)) if x @ x > 0 else 1.0
        cases = paired
    errors = [r / (weight * p + (1 - weight) * (lst or 0)) - 1 for r, p, lst in cases]
    return 100 * _predictive_rms(errors), len(errors), weight


def _predictive_rms(errors: list[float]) -> float:
    """The spread to expect of the next error from n past ones: the root mean square, widened by
    sqrt((n + 1) / (n - 1)) for a spread estimated from few years (n >= 2)."""
    n = len(errors)
    rms = math.sqrt(sum(e * e for e in errors) / n)
    return rms * math.sqrt((n + 1) / (n - 1)) if n >= 2 else rms


# ---------------------------------------------------------------- rules


def within(value: float, target: float, bound: str, direction: str) -> bool:
    """Does a year's value meet the target? `up`: at least it (more than it for `more_than`);
    `down` (the target is a ceiling): at most it (less than it for `less_than`)."""
    return bool(simulate.meets(value, target, bound, direction))


def status_of(ratio: float | None) -> str | None:
    """The status of a pace ratio R (expected over needed; allowed over expected for `down`):
    on track at R >= ON_TRACK_AT, needs acceleration at R >= ACCELERATE_AT, else off track.
    R is compared at 10^-9, so float noise never moves a case off its boundary."""
    if ratio is None:
        return None
    r = ratio if math.isinf(ratio) else round(ratio, 9)
    if r >= ON_TRACK_AT:
        return "on_track"
    if r >= ACCELERATE_AT:
        return "needs_acceleration"
    return "off_track"


# ---------------------------------------------------------------- one indicator


@dataclass(frozen=True)
class Track:
    """One indicator's year so far. Missing numbers are None; `reason` says why."""

    indicator_id: str
    area: str
    year: int
    unit: str
    direction: str
    target: float
    target_bound: str
    target_provenance: str
    actual_months: tuple[tuple[int, float], ...] = ()  # (month, actual) reported, up to the cut
    actual_to_date: float | None = None
    expected: float | None = None  # expected year end
    low: float | None = None  # 10th percentile of the year end
    high: float | None = None  # 90th percentile
    pace_so_far: float | None = None  # per month reported
    pace_needed: float | None = None  # per remaining month (allowed, for `down`)
    pace_expected: float | None = None  # per remaining month, the pace so far carried on
    pace_ratio: float | None = None  # R, the status's measure
    status: str | None = None
    final: bool = False  # the whole year is known: the status is the result
    chance_pct: float | None = None
    basis: str | None = None  # the rest simulated from "pace" | "last_actual"; "year": a yearly figure
    level: float | None = None  # B, the year's level the rest is simulated from
    uncertainty: Uncertainty | None = None
    cv_pct: float | None = None  # the CV used (the estimate unless overridden)
    reason: str | None = None  # "no_monthly" | "no_baseline" | "not_additive"


def track_values(
    base: Track,
    monthly: np.ndarray,
    history: np.ndarray,
    yearly: list[tuple[int, float]],
    through_month: int = MONTHS,
    last_actual: float | None = None,
    cv_pct: float | None = None,
    history_years: list[int] | None = None,
) -> Track:
    """Fill `base` (indicator, target, direction) from plain arrays.

    monthly: this year's 12 monthly actuals (NaN where not reported); months after
    `through_month` are treated as not reported. history, yearly: as `estimate_uncertainty`.
    last_actual: the latest earlier yearly actual (the level when no month is reported).
    cv_pct: a user's CV instead of the estimate (else the estimate to 0,1 point).
    """
    values = np.asarray(monthly, dtype=float).reshape(MONTHS)
    mask = np.isfinite(values) & (np.arange(1, MONTHS + 1) <= through_month)
    k = int(mask.sum())
    has_last = last_actual is not None and math.isfinite(last_actual) and last_actual > 0
    unc = estimate_uncertainty(history, yearly, mask, history_years, blend=has_last)
    cv = round(unc.cv_pct, 1) if cv_pct is None else float(cv_pct)
    w = np.asarray(unc.profile)
    done = float(w[mask].sum())
    actual = float(values[mask].sum())
    reported = tuple((int(m) + 1, float(values[m])) for m in np.flatnonzero(mask))
    out = replace(base, actual_months=reported, uncertainty=unc, cv_pct=cv)
    if k == MONTHS:
        level, basis, rest_share = actual, "pace", 0.0
    elif k and done > 0:
        lam = unc.pace_weight if has_last else 1.0
        last_level = float(last_actual) * (1 + unc.growth_pct / 100) if has_last else 0.0
        level = lam * actual / done + (1 - lam) * last_level
        basis, rest_share = "pace", 1 - done
    elif last_actual is not None and math.isfinite(last_actual):
        level, basis, rest_share = float(last_actual) * (1 + unc.growth_pct / 100), "last_actual", 1 - done
    else:
        return replace(out, actual_to_date=actual if k else None, reason="no_baseline")
    rest = level * rest_share
    out = replace(
        out, actual_to_date=actual, expected=actual + rest, basis=basis, level=level, final=k == MONTHS
    )
    # The 80% interval and the chance from the simulator's own seeded draws on the same inputs:
    # the Simulate page's default shows these very figures (review 3, defect 9).
    inputs = model_inputs(out)
    low, high = simulate.jobs_quantiles(inputs, (0.1, 0.9))
    out = replace(out, low=low, high=high, chance_pct=simulate.additive_probability(inputs))
    return replace(out, reason="no_monthly") if not k else _paced(out, actual, rest, k)


def _paced(out: Track, actual: float, rest: float, k: int) -> Track:
    """The pace and the status of a track with k >= 1 months reported (A = actual, the rest
    expected B * R): so far A / k, needed (target - A) / (12 - k), and the ratio R."""
    tr, direction, bound = out.target, out.direction, out.target_bound
    left = MONTHS - k
    if direction == "down":
        if not within(actual, tr, bound, direction):
            ratio, status = ((tr - actual) / rest if rest > 0 else -math.inf), "off_track"
        elif k == MONTHS:
            ratio, status = None, "achieved"
        else:
            ratio = math.inf if rest <= 0 else (tr - actual) / rest
            status = status_of(ratio)
    elif within(actual, tr, bound, direction):
        ratio, status = None, "achieved"
    else:
        ratio = rest / (tr - actual) if tr > actual else math.inf
        status = status_of(ratio)
    return replace(
        out,
        pace_so_far=actual / k,
        pace_needed=(tr - actual) / left if left else None,
        pace_expected=rest / left if left else None,
        pace_ratio=ratio,
        status=status,
    )


def model_inputs(track: Track, seed: int = simulate.DEFAULT_SEED) -> simulate.JobsInputs | None:
    """The simulator's additive-model inputs behind a track: baseline = the level B, growth 0,
    the track's CV and profile (the simulator's flat profile when it is an assumption), the
    months reported, the target's direction. `track.chance_pct` is the simulator's chance on
    them with the default seed; the simulator's `tracker` baseline starts from them."""
    if track.level is None or track.uncertainty is None:
        return None
    u = track.uncertainty
    return simulate.JobsInputs(
        baseline=track.level,
        target=track.target,
        cv_pct=track.cv_pct,
        profile=u.profile if u.profile_method == "monthly_history" else (1.0,) * MONTHS,
        actual_months=track.actual_months,
        target_bound=track.target_bound,
        seed=seed,
        direction=track.direction,
    )


# ---------------------------------------------------------------- from the store


def _matrix(frame: pd.DataFrame, years: list[int]) -> np.ndarray:
    """years x 12 monthly values (NaN where missing) from rows year, month, value."""
    return _grid(zip(frame["year"], frame["month"], frame["value"], strict=True), years)


def _grid(rows, years: list[int]) -> np.ndarray:
    out = np.full((len(years), MONTHS), np.nan)
    index = {y: i for i, y in enumerate(years)}
    for y, m, v in rows:
        if int(y) in index and 1 <= int(m) <= MONTHS:
            out[index[int(y)], int(m) - 1] = float(v)
    return out


def track_indicator(
    base: Track,
    monthly: list[tuple[int, int, float]],
    actuals: list[tuple[int, float]],
    through_month: int = MONTHS,
    cv_pct: float | None = None,
    additive: bool = True,
) -> Track:
    """One indicator's track from its rows: monthly (year, month, value) of this and earlier
    years; actuals (year, value) whole-year actuals up to this year, oldest first."""
    year = base.year
    final_actual = [v for y, v in actuals if y == year]
    earlier = [(y, v) for y, v in actuals if y < year]
    this = [r for r in monthly if r[0] == year]
    if (not additive or not this) and final_actual and through_month >= MONTHS:
        # The year's own figure, no months: the result, not a forecast.
        a = final_actual[-1]
        ok = within(a, base.target, base.target_bound, base.direction)
        return replace(
            base, actual_to_date=a, expected=a, low=a, high=a, final=True, basis="year",
            status="achieved" if ok else "off_track", chance_pct=100.0 if ok else 0.0,
        )  # fmt: skip
    if not additive:
        return replace(base, reason="not_additive")
    past = [r for r in monthly if r[0] < year]
    past_years = sorted({r[0] for r in past})
    last = earlier[-1][1] if earlier else None
    return track_values(
        base,
        _grid(this, [year])[0],
        _grid(past, past_years),
        earlier,
        through_month,
        last,
        cv_pct,
        past_years,
    )


def track_year(
    con, year: int, area: str, through_month: int = MONTHS, cv_pct: dict[str, float] | None = None
) -> list[Track]:
    """Every indicator with a whole-year target for `year` in `area`, tracked (three queries).

    through_month cuts the year (the backtest's "what was known then"); cv_pct overrides the
    estimated CV per indicator id. Ordered like the catalogue (field, indicator)."""
    yearly = queries.tracking_yearly(con, area, year)
    targets, actuals = {}, {}
    for ind, y, measure, value, bound, prov in zip(
        yearly["indicator_id"], yearly["year"], yearly["measure"], yearly["value"], yearly["bound"],
        yearly["provenance"], strict=True,
    ):  # fmt: skip
        if measure == "target" and y == year:
            targets[ind] = (float(value), str(bound), str(prov))
        elif measure == "actual":
            actuals.setdefault(ind, []).append((int(y), float(value)))
    if not targets:
        return []
    frame = queries.tracking_monthly(con, area, 0, year)
    standard_of = _standards_of(con, area, year)
    monthly: dict[str, list] = {}
    for ind, y, m, v in zip(
        frame["indicator_id"], frame["year"], frame["month"], frame["value"], strict=True
    ):
        monthly.setdefault(ind, []).append((int(y), int(m), float(v)))
    out = []
    for ind in queries.indicators(con).itertuples():
        if ind.indicator_id not in targets:
            continue
        value, bound, prov = targets[ind.indicator_id]
        base = Track(ind.indicator_id, area, year, ind.unit, ind.direction, value, bound, prov)
        monthly_rows, yearly_actuals, other = _same_standard(
            standard_of,
            ind.indicator_id,
            year,
            monthly.get(ind.indicator_id, []),
            actuals.get(ind.indicator_id, []),
        )
        track = track_indicator(
            base, monthly_rows, yearly_actuals, through_month, (cv_pct or {}).get(ind.indicator_id),
            additive=ind.unit in units.ADDITIVE,
        )  # fmt: skip
        if other and track.uncertainty is not None:
            names = standard_of.get("names", {}).get(
                standard_of["year"].get((ind.indicator_id, year), ""), ("", "")
            )
            track = replace(
                track,
                uncertainty=replace(track.uncertainty, other_standard_years=other, standard_names=names),
            )
        out.append(track)
    return out


def _standards_of(con, area: str, year: int) -> dict:
    """{"year": {(indicator_id, year): standard}, "names": {standard: (vi, en)}} for an area."""
    frame = queries.series_standards(con, area, year)
    by_year = dict(
        zip(
            zip(frame["indicator_id"], frame["year"].astype(int), strict=True), frame["standard"], strict=True
        )
    )
    return {"year": by_year, "names": queries.standards(con)}


def other_standard_years(standard_of: dict, year: int, years) -> set[int]:
    """The earlier `years` under another standard than `year`'s; `standard_of` is {year:
    standard} of one series. A year whose standard its figures do not tell (e.g. months summed
    over communes, no total) is not left out."""
    now = standard_of.get(year)
    if now is None:
        return set()
    return {
        y for y in years if y < year and y in standard_of and not contract.comparable(standard_of[y], now)
    }


def _same_standard(standard_of: dict, indicator_id: str, year: int, monthly: list, actuals: list):
    """Monthly rows and yearly actuals of the years under `year`'s standard, and the earlier
    years left out (under another standard), oldest first."""
    series = {y: v for (ind, y), v in standard_of["year"].items() if ind == indicator_id}
    other = other_standard_years(series, year, {r[0] for r in [*monthly, *actuals]})
    if not other:
        return monthly, actuals, ()
    keep = [r for r in monthly if r[0] not in other], [r for r in actuals if r[0] not in other]
    return (*keep, tuple(sorted(other)))


def current_year(con, area: str) -> int | None:
    """The year the tracker follows in an area: the latest with a whole-year target (None: none)."""
    yearly = queries.tracking_yearly(con, area)
    years = yearly.loc[yearly["measure"] == "target", "year"]
    return int(years.max()) if len(years) else None


def track_of(con, indicator_id: str, year: int, area: str, through_month: int = MONTHS) -> Track | None:
    """One indicator's track for a year in an area (the simulator's view of the tracker), None
    when it has no target that year."""
    return next(
        (t for t in track_year(con, year, area, through_month) if t.indicator_id == indicator_id), None
    )


def uncertainty_for(con, indicator_id: str, year: int, area: str, through_month: int = MONTHS):
    """The estimated CV and profile for one indicator's year in an area (the simulator's
    default): the Uncertainty of its track, or None when it has no target that year."""
    track = track_of(con, indicator_id, year, area, through_month)
    return None if track is None else track.uncertainty


def rank(tracks: list[Track]) -> list[Track]:
    """Worst first: off track, needs acceleration, on track, achieved, then no status; inside a
    status, the least likely first, and among equal chances (0% is common: the draws are
    counted) the furthest behind its needed pace first."""

    def key(t: Track) -> tuple:
        ratio = t.pace_ratio if t.pace_ratio is not None else math.inf
        return (RANK.get(t.status, len(RANK)), t.chance_pct if t.chance_pct is not None else 101.0, ratio)

    return sorted(tracks, key=key)


def to_frame(tracks: list[Track]) -> pd.DataFrame:
    """One row per track, plain values (numbers stay numbers), the uncertainty flattened."""
    rows = []
    for t in tracks:
        row = {k: v for k, v in t.__dict__.items() if k not in ("uncertainty", "actual_months")}
        row["months"] = len(t.actual_months)
        u = t.uncertainty
        row |= {
            "cv_method": u.cv_method if u else None,
            "cv_years": u.cv_years if u else None,
            "profile_method": u.profile_method if u else None,
            "profile_years": u.profile_years if u else None,
        }
        rows.append(row)
    return pd.DataFrame(rows)


# ---------------------------------------------------------------- words


def status_label(status: str | None, lang: str) -> str:
    return i18n.t(f"tracking.status_{status}", lang) if status else i18n.t("tracking.status_none", lang)


def status_rule(direction: str, lang: str) -> str:
    """The rule behind the status, for a hover: the thresholds written from ON_TRACK_AT and
    ACCELERATE_AT, judged the other way round for `down`."""
    key = "tracking.rule_down" if direction == "down" else "tracking.rule_up"
    return i18n.t(
        key,
        lang,
        on_track=fmt.percent(100 * ON_TRACK_AT, lang),
        accelerate=fmt.percent(100 * ACCELERATE_AT, lang),
    )


def uncertainty_text(u: Uncertainty, lang: str) -> str:
    """Where the CV and the profile come from: "estimated from 4 years ..." or "an assumption"."""
    cv = i18n.t(f"tracking.cv_{u.cv_method}", lang, cv=fmt.percent(u.cv_pct, lang), years=u.cv_years)
    profile = i18n.t(f"tracking.profile_{u.profile_method}", lang, years=u.profile_years)
    if not u.other_standard_years:
        return f"{cv} {profile}"
    name = u.standard_names[1 if lang == "en" else 0] or i18n.t("charts.standard_none", lang)
    years = ", ".join(str(y) for y in u.other_standard_years)
    return f"{cv} {profile} {i18n.t('tracking.other_standard', lang, standard=name, years=years)}"
