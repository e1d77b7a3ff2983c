"""The simulator's models: the chance of reaching a yearly target, and what it would take.

Owns the arithmetic only: pure NumPy functions that take plain values (`AdditiveInputs`,
`PovertyInputs`) and return plain values. What the page asks for and what the data says live in
lib/models/sim_setup.py (sliders, assumptions, the store's figures); the sentences in lib/report/sim_words.py;
the charts in lib/report/simulate_charts.py, which take these results and never run a model.

- **The additive model** (`simulate_additive`, any count or amount whose months add up to its
  year, e.g. new jobs): T = A + B * (1 + g) * R * S, A the months already reported, B the
  baseline level, g the growth, R the monthly profile's share of the months not reported, S
  one factor per simulated year. The tracker (lib/models/tracking.py) asks `additive_probability` for
  its chance, so the overview and the simulator give one number for the same inputs.
- **The poor-household rate** (`simulate_poverty`): exits of poor households against entries of
  others, each flow uncertain; its inputs are the user's assumptions (the source gives none).
  Each flow is a share of the households it comes from and is capped at all of them, so the
  rate at the end of the year stays within 0–100% by construction (no clamp of the result):
  the fall lies between r − 100 (every other household falls into poverty) and r (every poor
  household leaves it). A negative fall is a rise of the rate.

Uncertainty is one multiplicative normal factor per uncertain flow, S = max(0, 1 + CV * Z),
Z ~ N(0, 1): its mean is 1 and its coefficient of variation is CV (the clip at 0 only matters
beyond 1/CV standard deviations, e.g. 3,3 sd at CV 30%). A target is met when the value is at
least the target (bound `exact`), or strictly more than it (`more_than`, the source's "trên");
a ceiling (direction `down`) when it is at most the target (`less_than`: strictly less).
Values are compared at 10^-6 precision so floating-point noise never decides "trên".

Every model is seeded (NumPy's PCG64 through `default_rng(seed)`), so the same inputs give the
same numbers on every machine, and vectorised (100.000 draws by default, a few milliseconds).
Never reads data, never imports Streamlit, never writes.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from dataclasses import dataclass, field, replace
from functools import lru_cache

import numpy as np
import pandas as pd

DRAWS = 100_000
DEFAULT_SEED = 2024
DEFAULT_CV_PCT = 10.0  # the uncertainty assumed when an indicator has no history to learn it from
LEVELS = (50, 80, 90)  # probabilities (%) the goal-seek answers for
_TOL = 1e-6
MONTHS = 12


# ---------------------------------------------------------------- random draws


@lru_cache(maxsize=8)
def _draws(seed: int, n: int, streams: int) -> np.ndarray:
    """`streams` x `n` standard normal draws for a seed (read-only; cached per process)."""
    z = np.random.default_rng(seed).standard_normal((streams, n))
    z.flags.writeable = False
    return z


@lru_cache(maxsize=8)
def _sorted_draws(seed: int, n: int) -> np.ndarray:
    """The jobs model's draws, sorted ascending. The model depends on one draw per simulated year
    through a non-decreasing function, so the sorted draws give the same distribution while
    quantiles and the goal-seek become look-ups instead of sorts."""
    z = np.sort(_draws(seed, n, 1)[0])
    z.flags.writeable = False
    return z


def _quantiles(ascending: np.ndarray, qs: tuple[float, ...]) -> list[float]:
    """Quantiles of an already sorted array, NumPy's default (linear) method, without a sort."""
    n = len(ascending)
    out = []
    for q in qs:
        pos = q * (n - 1)
        lo = math.floor(pos)
        hi = min(lo + 1, n - 1)
        out.append(float(ascending[lo] + (ascending[hi] - ascending[lo]) * (pos - lo)))
    return out


def _factor(z: np.ndarray, cv_pct: float) -> np.ndarray:
    """S = max(0, 1 + CV * Z): mean 1, coefficient of variation CV."""
    return np.maximum(0.0, 1.0 + (cv_pct / 100.0) * z)


def reaches(values: np.ndarray | float, target: float, bound: str = "exact") -> np.ndarray:
    """True where `values` reach the target: >= for `exact`, strictly > for `more_than` ("trên")."""
    return meets(values, target, bound, "up")


def meets(
    values: np.ndarray | float, target: float, bound: str = "exact", direction: str = "up"
) -> np.ndarray:
    """True where `values` meet the target. `up`: at least it (more than it for `more_than`);
    `down` (the target is a ceiling): at most it (less than it for `less_than`). Compared at
    10^-6 precision: the one rule, used by the tracker too."""
    v = np.round(np.asarray(values, dtype=float) / _TOL) * _TOL
    t = round(target / _TOL) * _TOL
    if direction == "down":
        return v < t if bound == "less_than" else v <= t
    return v > t if bound == "more_than" else v >= t


# ---------------------------------------------------------------- the additive model (jobs and any count)


@dataclass(frozen=True)
class JobsInputs:
    """Inputs of the additive model (numbers, no data access); the names say jobs, the first
    indicator it served, but nothing in it is particular to jobs."""

    baseline: float  # jobs in the baseline year (last actual, last plan or mean of years)
    target: float  # the target year's target, from the data
    growth_pct: float = 0.0  # growth of the year against the baseline, %
    cv_pct: float = DEFAULT_CV_PCT  # uncertainty of the simulated part: coefficient of variation, %
    profile: tuple[float, ...] = (1.0,) * MONTHS  # monthly weights (any scale; normalised)
    actual_months: tuple[tuple[int, float], ...] = ()  # (month, jobs) already reported this year
    target_bound: str = "exact"
    seed: int = DEFAULT_SEED
    draws: int = DRAWS
    direction: str = "up"  # "down": the target is a ceiling (the chance of staying within it)


@dataclass(frozen=True)
class JobsResult:
    inputs: JobsInputs
    median: float
    low: float  # 10th percentile: with the 90th, the 80% interval
    high: float
    probability_pct: float
    gap: float  # median - target (negative: short of the target)
    needed_growth_pct: dict[int, float | None]  # probability level (%) -> growth, 0,1 point
    actual_to_date: float
    reported_months: tuple[int, ...]
    expected: float  # mean of the simulated totals
    totals: np.ndarray = field(repr=False, compare=False)


def _weights(profile: tuple[float, ...]) -> np.ndarray:
    w = np.asarray(profile, dtype=float)
    if w.shape != (MONTHS,) or not np.all(np.isfinite(w)) or np.any(w < 0) or w.sum() <= 0:
        w = np.ones(MONTHS)
    return w / w.sum()


def _jobs_parts(inp: JobsInputs) -> tuple[float, float, np.ndarray]:
    """(actual to date A, share of the year still to simulate R, reported-month mask)."""
    reported = np.zeros(MONTHS, dtype=bool)
    actual = 0.0
    for month, value in inp.actual_months:
        if 1 <= month <= MONTHS:
            reported[month - 1] = True
            actual += float(value)
    w = _weights(inp.profile)
    return actual, float(w[~reported].sum()), reported


def _scale(inp: JobsInputs, rest: float) -> float:
    """B * (1 + g) * R, in the order the totals are computed (so every total is the same float)."""
    return inp.baseline * (1 + inp.growth_pct / 100) * rest


def jobs_totals(inp: JobsInputs) -> np.ndarray:
    """The simulated year totals, ascending: T = A + B * (1 + g) * R * S.

    A = the months already reported for the target year (not simulated), B = baseline,
    g = growth, R = the monthly profile's share of the months not yet reported (1 when none
    is), S = max(0, 1 + CV * Z), Z ~ N(0, 1), one draw per simulated year.
    """
    actual, rest, _ = _jobs_parts(inp)
    return actual + _scale(inp, rest) * _factor(_sorted_draws(inp.seed, inp.draws), inp.cv_pct)


def jobs_quantiles(inp: JobsInputs, qs: tuple[float, ...] = (0.1, 0.5, 0.9)) -> list[float]:
    """Quantiles of the simulated year totals (`jobs_totals`), NumPy's linear method, from the
    few totals they interpolate: each evaluated by the very expression `jobs_totals` evaluates,
    so the numbers are those of `simulate_jobs` to the last bit. The tracker's 80% interval is
    this (lib/models/tracking.py): one computation for the overview and the simulator."""
    actual, rest, _ = _jobs_parts(inp)
    z = _sorted_draws(inp.seed, inp.draws)
    n = len(z)
    out = []
    for q in qs:
        pos = q * (n - 1)
        lo = math.floor(pos)
        idx = np.array([lo, min(lo + 1, n - 1)])
        a, b = actual + _scale(inp, rest) * _factor(z[idx], inp.cv_pct)
        out.append(float(a + (b - a) * (pos - lo)))
    return out


def jobs_probability(inp: JobsInputs) -> float:
    """P(T meets the target), in %, as the share of the draws whose total meets it.

    T rises with Z (B * (1 + g) * R >= 0), so the draws that meet an `up` target are the top
    ones of the sorted draws and those within a ceiling the bottom ones: the count is where
    that starts. It is found by evaluating the very expression `jobs_totals` evaluates (IEEE
    arithmetic is monotone, so the count is exactly the element-wise one) on a few draws around
    the closed-form threshold Z* = ((target - A) / (B * (1 + g) * R) - 1) / CV, or by bisection
    when that window misses: microseconds after the seed's one sort, so the tracker can ask for
    every indicator of a province, and the backtest for every case, at once."""
    actual, rest, _ = _jobs_parts(inp)
    scale = _scale(inp, rest)
    z = _sorted_draws(inp.seed, inp.draws)

    def met(values: np.ndarray) -> np.ndarray:
        total = actual + scale * _factor(values, inp.cv_pct)
        flags = meets(total, inp.target, inp.target_bound, inp.direction)
        return flags if inp.direction == "down" else ~flags  # True before the boundary, False after

    if not scale >= 0:  # a negative level (or NaN): no order to rely on
        totals = actual + scale * _factor(z, inp.cv_pct)
        return 100.0 * float(np.mean(meets(totals, inp.target, inp.target_bound, inp.direction)))
    first = _boundary(z, met, _threshold(inp, actual, scale))
    hits = inp.draws - first if inp.direction != "down" else first
    return 100.0 * (hits / inp.draws)  # as 100 * mean(met): the same float, the same rounding


_WINDOW = 32  # draws either side of the closed-form threshold checked at once


def _threshold(inp: JobsInputs, actual: float, scale: float) -> float | None:
    """Z* where A + scale * (1 + CV * Z) equals the target (None when there is no such Z)."""
    c = inp.cv_pct / 100
    if scale <= 0 or c <= 0:
        return None
    z = ((inp.target - actual) / scale - 1) / c
    return z if math.isfinite(z) else None


def _boundary(z: np.ndarray, before, guess: float | None) -> int:
    """The first index of the ascending draws `z` where `before` (True, then False) turns False."""
    n = len(z)
    if guess is not None:
        i = int(np.searchsorted(z, guess))
        lo, hi = max(0, i - _WINDOW), min(n, i + _WINDOW)
        flags = before(z[lo:hi])
        if (lo == 0 or flags[0]) and (hi == n or not flags[-1]):  # the turn lies inside
            return lo + int(np.argmin(flags)) if not flags.all() else hi
    return bisect_left(range(n), True, key=lambda j: not before(z[j : j + 1])[0])


def needed_growth(inp: JobsInputs, level_pct: float) -> float | None:
    """The smallest growth (%, on a 0,1-point grid) whose probability is at least `level_pct`.

    Goal-seek on the same draws: T >= target  <=>  1 + g >= (target - A) / (B * R * S), so the
    answer is the k-th smallest required factor, k = ceil(level * draws), rounded up to 0,1
    point and checked by running the model again. None when no growth can do it (every month
    reported, or a zero baseline), and for a ceiling (`down`: the question is another one);
    -100 when the months already reported reach the target.
    """
    if inp.direction == "down":
        return None
    actual, rest, _ = _jobs_parts(inp)
    if reaches(actual, inp.target, inp.target_bound):
        return -100.0
    if rest <= 0 or inp.baseline <= 0:
        return None
    s = _factor(_sorted_draws(inp.seed, inp.draws), inp.cv_pct)  # ascending
    k = max(1, math.ceil(level_pct / 100 * inp.draws - 1e-9))
    s_k = s[inp.draws - k]  # the k-th largest
    if s_k <= 0:
        return None
    factor = (inp.target - actual) / (inp.baseline * rest * s_k)
    growth = max(-100.0, math.ceil(round((factor - 1) * 1000, 6)) / 10)
    for _ in range(5):  # float edges and the strict "trên": step up until it holds
        if jobs_probability(replace(inp, growth_pct=growth)) >= level_pct - 1e-9:
            return growth
        growth = round(growth + 0.1, 1)
    return growth


def simulate_jobs(inp: JobsInputs) -> JobsResult:
    """The year's distribution (median, 80% interval, mean), the chance and the goal-seek."""
    totals = jobs_totals(inp)  # ascending: the draws are sorted
    low, median, high = jobs_quantiles(inp, (0.1, 0.5, 0.9))  # the tracker's interval too
    actual, _, reported = _jobs_parts(inp)
    return JobsResult(
        inputs=inp,
        median=float(median),
        low=float(low),
        high=float(high),
        probability_pct=jobs_probability(inp),
        gap=float(median) - inp.target,
        needed_growth_pct={lv: needed_growth(inp, lv) for lv in LEVELS},
        actual_to_date=actual,
        reported_months=tuple(int(m) + 1 for m in np.flatnonzero(reported)),
        expected=float(totals.mean()),
        totals=totals,
    )


def expected_total(inp: JobsInputs, growth_pct: float) -> float:
    """The year's expected total at a growth: A + B * (1 + g) * R (the mean of S is 1)."""
    actual, rest, _ = _jobs_parts(inp)
    return actual + inp.baseline * (1 + growth_pct / 100) * rest


def jobs_path(inp: JobsInputs) -> pd.DataFrame:
    """Cumulative jobs by month (10th, 50th, 90th percentile) against a straight pace to target.

    cum(m) = actual reported up to m + B * (1 + g) * (profile share of simulated months <= m) * S_q,
    where S_q is the q-th percentile of the factor; pace(m) = target * m / 12.
    """
    _, _, reported = _jobs_parts(inp)
    w = _weights(inp.profile)
    monthly_actual = np.zeros(MONTHS)
    for month, value in inp.actual_months:
        if 1 <= month <= MONTHS:
            monthly_actual[month - 1] += float(value)
    sim_share = np.cumsum(np.where(reported, 0.0, w))
    s10, s50, s90 = _quantiles(_factor(_sorted_draws(inp.seed, inp.draws), inp.cv_pct), (0.1, 0.5, 0.9))
    scale = inp.baseline * (1 + inp.growth_pct / 100)
    cum_actual = np.cumsum(monthly_actual)
    months = np.arange(1, MONTHS + 1)
    return pd.DataFrame(
        {
            "month": months,
            "low": cum_actual + scale * sim_share * s10,
            "median": cum_actual + scale * sim_share * s50,
            "high": cum_actual + scale * sim_share * s90,
            "pace": inp.target * months / MONTHS,
            "reported": reported,
        }
    )


# ---------------------------------------------------------------- poverty


@dataclass(frozen=True)
class PovertyInputs:
    """Inputs of the poverty model. None of these is in the source article: they are the
    user's assumptions (the defaults on the page are illustrative)."""

    rate_pct: float  # poor-household rate at the start of the year, %
    households: int  # total households in the province
    exit_pct: float  # share of poor households expected to leave poverty during the year, %
    entry_pct: float  # share of the other households expected to fall into poverty, %
    target_pp: float  # the fall the target asks for, in points (from the data)
    cv_pct: float = DEFAULT_CV_PCT  # uncertainty of each flow: coefficient of variation, %
    target_bound: str = "more_than"
    seed: int = DEFAULT_SEED
    draws: int = DRAWS


@dataclass(frozen=True)
class PovertyResult:
    inputs: PovertyInputs
    median: float  # fall in points
    low: float
    high: float
    probability_pct: float
    poor_households: float  # at the start of the year
    expected_entries: float  # households expected to fall into poverty
    needed_exits: int | None  # households that must leave poverty, given the expected inflow
    needed_exit_pct: float | None  # the same as a share of the poor households, %
    falls: np.ndarray = field(repr=False, compare=False)


def poverty_falls(inp: PovertyInputs) -> np.ndarray:
    """The simulated fall of the poor-household rate, in points (negative: a rise):

    fall = 100 * (exits - entries) / N = r * min(1, e * S1) - (100 - r) * min(1, f * S2),
    with N households, r the start rate (%), exits = min(1, e * S1) * (r/100 * N) poor
    households leaving poverty, entries = min(1, f * S2) * ((1 - r/100) * N) others falling into
    it, and S1, S2 independent factors max(0, 1 + CV * Z). No more households can leave (or
    enter) poverty than there are, so the end rate r - fall stays within 0-100%: the fall lies in
    [r - 100, r]. N cancels out of the rate; it sets the counts.
    """
    z = _draws(inp.seed, inp.draws, 2)
    exit_share = np.minimum(1.0, inp.exit_pct / 100 * _factor(z[0], inp.cv_pct))
    entry_share = np.minimum(1.0, inp.entry_pct / 100 * _factor(z[1], inp.cv_pct))
    return inp.rate_pct * exit_share - (100 - inp.rate_pct) * entry_share


def poverty_probability(inp: PovertyInputs) -> float:
    return 100.0 * float(np.mean(reaches(poverty_falls(inp), inp.target_pp, inp.target_bound)))


def needed_exits(inp: PovertyInputs) -> int | None:
    """Households that must leave poverty for the fall to reach the target, at the expected
    inflow: the smallest whole H with 100 * (H - entries) / N > target (>= for `exact`).
    None when it is more than the poor households there are."""
    n = inp.households
    if n <= 0:
        return None
    entries = inp.entry_pct / 100 * (1 - inp.rate_pct / 100) * n
    h = max(0, math.ceil(round(inp.target_pp / 100 * n + entries, 6)))
    if inp.target_bound == "more_than" and not reaches(100 * (h - entries) / n, inp.target_pp, "more_than"):
        h += 1
    return h if h <= inp.rate_pct / 100 * n + 1e-9 else None


def simulate_poverty(inp: PovertyInputs) -> PovertyResult:
    falls = poverty_falls(inp)
    low, median, high = np.quantile(falls, [0.1, 0.5, 0.9])
    poor = inp.rate_pct / 100 * inp.households
    h = needed_exits(inp)
    return PovertyResult(
        inputs=inp,
        median=float(median),
        low=float(low),
        high=float(high),
        probability_pct=100.0 * float(np.mean(reaches(falls, inp.target_pp, inp.target_bound))),
        poor_households=poor,
        expected_entries=inp.entry_pct / 100 * (inp.households - poor),
        needed_exits=h,
        needed_exit_pct=None if h is None or poor <= 0 else 100 * h / poor,
        falls=falls,
    )


# ---------------------------------------------------------------- sensitivity

# One step either way for the tornado chart, per assumption (in the assumption's own unit).
JOBS_STEPS = {"growth_pct": 1.0, "cv_pct": 1.0}
POVERTY_STEPS = {"rate_pct": 1.0, "exit_pct": 5.0, "entry_pct": 0.1, "cv_pct": 1.0}
_PCT_OF_WHOLE = {"rate_pct", "exit_pct", "entry_pct"}  # shares of households: at most 100%


def sensitivity(inp: JobsInputs | PovertyInputs) -> pd.DataFrame:
    """The probability when each assumption moves one step down and up, others unchanged
    (same draws, so the differences are the assumption's effect, not sampling noise).
    Columns: assumption, step, low_pct, high_pct, base_pct, swing_pct (largest first).
    Cached by inputs for the process (a scenario comparison and the page may ask for the same)."""
    return pd.DataFrame(list(_sensitivity_rows(inp)))


@lru_cache(maxsize=32)
def _sensitivity_rows(inp: JobsInputs | PovertyInputs) -> tuple[dict, ...]:
    jobs = isinstance(inp, JobsInputs)
    steps, prob = (JOBS_STEPS, jobs_probability) if jobs else (POVERTY_STEPS, poverty_probability)
    base = prob(inp)
    rows = []
    for name, step in steps.items():
        value = getattr(inp, name)
        floor = -100.0 if name == "growth_pct" else 0.0  # shares and CVs are never negative
        down = replace(inp, **{name: max(floor, value - step)})
        up = replace(inp, **{name: min(100.0, value + step) if name in _PCT_OF_WHOLE else value + step})
        p_down, p_up = prob(down), prob(up)
        rows.append(
            {
                "assumption": name,
                "step": step,
                "low_pct": p_down,
                "high_pct": p_up,
                "base_pct": base,
                "swing_pct": abs(p_up - p_down),
            }
        )
    rows.sort(key=lambda r: -r["swing_pct"])
    return tuple(rows)


# ---------------------------------------------------------------- any additive indicator
# The jobs model names no indicator: T = A + B * (1 + g) * R * S holds for any count or amount
# whose months add up to its year. These names say so; the jobs names stay for their callers.
AdditiveInputs = JobsInputs
AdditiveResult = JobsResult
simulate_additive = simulate_jobs
additive_probability = jobs_probability
