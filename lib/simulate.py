"""The 2024 simulator's models: new jobs and the poor-household rate, by Monte Carlo.

Owns the arithmetic of "how likely are we to reach the target, and what would it take":
pure NumPy functions that take plain values and return plain values. Every model is seeded
(NumPy's PCG64 through `default_rng(seed)`), so the same inputs give the same numbers on
every machine, and vectorised (100.000 draws by default, a few milliseconds).

Uncertainty is one multiplicative normal factor per uncertain flow, S = max(0, 1 + CV * Z),
Z ~ N(0, 1): its mean is 1 and its coefficient of variation is CV (the clip at 0 only matters
beyond 1/CV standard deviations, e.g. 3,3 sd at CV 30%). A target is reached when the value is
at least the target (bound `exact`), or strictly more than it (bound `more_than`, the source's
"trên"); values are compared at 10^-6 precision so floating-point noise never decides "trên".

The only part that reads data is `jobs_setup`/`default_jobs_result`/`poverty_setup` at the end:
they ask `lib.store` for the baseline, the target and the monthly actuals. This module never
imports Streamlit, never writes, and never invents a reported figure: the poverty inputs the
source does not give are user assumptions with illustrative defaults.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, field, fields, replace
from functools import lru_cache

import numpy as np
import pandas as pd

DRAWS = 100_000
DEFAULT_SEED = 2024
LEVELS = (50, 80, 90)  # probabilities (%) the goal-seek answers for
_TOL = 1e-6
MONTHS = 12

JOBS_ID = "jobs_created"
POVERTY_ID = "poverty_rate_fall"
BASELINES = ("last_actual", "last_plan", "mean")
PROFILES = ("flat", "learned", "custom")


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
    v = np.round(np.asarray(values, dtype=float) / _TOL) * _TOL
    t = round(target / _TOL) * _TOL
    return v > t if bound == "more_than" else v >= t


# ---------------------------------------------------------------- jobs


@dataclass(frozen=True)
class JobsInputs:
    """Inputs of the jobs model (numbers, no data access)."""

    baseline: float  # jobs in the baseline year (last actual, last plan or mean of years)
    target: float  # the target year's target, from the data
    growth_pct: float = 0.0  # growth of the year against the baseline, %
    cv_pct: float = 10.0  # uncertainty of the simulated part: coefficient of variation, %
    profile: tuple[float, ...] = (1.0,) * MONTHS  # monthly weights (any scale; normalised)
    actual_months: tuple[tuple[int, float], ...] = ()  # (month, jobs) already reported this year
    target_bound: str = "exact"
    seed: int = DEFAULT_SEED
    draws: int = DRAWS


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


def jobs_totals(inp: JobsInputs) -> np.ndarray:
    """The simulated year totals: T = A + B * (1 + g) * R * S.

    A = jobs already reported for months of the target year (not simulated), B = baseline,
    g = growth, R = the monthly profile's share of the months not yet reported (1 when none
    is), S = max(0, 1 + CV * Z), Z ~ N(0, 1), one draw per simulated year.
    """
    actual, rest, _ = _jobs_parts(inp)
    z = _sorted_draws(inp.seed, inp.draws)
    return actual + inp.baseline * (1 + inp.growth_pct / 100) * rest * _factor(z, inp.cv_pct)


def jobs_probability(inp: JobsInputs) -> float:
    """P(T reaches the target), in %, as the share of the draws that reach it (a share does not
    depend on the draws' order, so this uses them unsorted: no sort for a new seed)."""
    actual, rest, _ = _jobs_parts(inp)
    z = _draws(inp.seed, inp.draws, 1)[0]
    totals = actual + inp.baseline * (1 + inp.growth_pct / 100) * rest * _factor(z, inp.cv_pct)
    return 100.0 * float(np.mean(reaches(totals, inp.target, inp.target_bound)))


def needed_growth(inp: JobsInputs, level_pct: float) -> float | None:
    """The smallest growth (%, on a 0,1-point grid) whose probability is at least `level_pct`.

    Goal-seek on the same draws: T >= target  <=>  1 + g >= (target - A) / (B * R * S), so the
    answer is the k-th smallest required factor, k = ceil(level * draws), rounded up to 0,1
    point and checked by running the model again. None when no growth can do it (every month
    reported, or a zero baseline); -100 when the months already reported reach the target.
    """
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
    totals = jobs_totals(inp)  # ascending: the draws are sorted
    low, median, high = _quantiles(totals, (0.1, 0.5, 0.9))
    actual, _, reported = _jobs_parts(inp)
    return JobsResult(
        inputs=inp,
        median=float(median),
        low=float(low),
        high=float(high),
        probability_pct=100.0 * float(np.mean(reaches(totals, inp.target, inp.target_bound))),
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


def learn_profile(monthly: pd.DataFrame) -> tuple[float, ...] | None:
    """Monthly weights from past years with all 12 months (columns year, month, value):
    w_m = mean over those years of (month m / year total). None when no year is complete."""
    if monthly is None or monthly.empty:
        return None
    full = monthly.groupby("year").filter(lambda g: g["month"].nunique() == MONTHS and g["value"].sum() > 0)
    if full.empty:
        return None
    share = full.assign(share=full["value"] / full.groupby("year")["value"].transform("sum"))
    w = share.groupby("month")["share"].mean().reindex(range(1, MONTHS + 1)).to_numpy()
    return tuple(float(x) for x in w / w.sum())


def parse_weights(text: str) -> tuple[float, ...] | None:
    """ "8;8;9;..." (12 non-negative numbers, `;` or spaces between, `,` or `.` as decimal mark)
    -> weights; None when it is not 12 such numbers."""
    parts = [p for p in str(text).replace(";", " ").split() if p]
    if len(parts) != MONTHS:
        return None
    try:
        values = tuple(float(p.replace(",", ".")) for p in parts)
    except ValueError:
        return None
    if any(not math.isfinite(v) or v < 0 for v in values) or sum(values) <= 0:
        return None
    return values


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
    cv_pct: float = 10.0  # uncertainty of each flow: coefficient of variation, %
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
    """The simulated fall of the poor-household rate, in points:

    fall = 100 * (exits - entries) / N = r * e * S1 - (100 - r) * f * S2,
    with N households, r the start rate (%), exits = e * (r/100 * N) * S1 poor households
    leaving poverty, entries = f * ((1 - r/100) * N) * S2 others falling into it, and S1, S2
    independent factors max(0, 1 + CV * Z). N cancels out of the rate; it sets the counts.
    """
    z = _draws(inp.seed, inp.draws, 2)
    out_pp = inp.rate_pct * inp.exit_pct / 100
    in_pp = (100 - inp.rate_pct) * inp.entry_pct / 100
    return out_pp * _factor(z[0], inp.cv_pct) - in_pp * _factor(z[1], inp.cv_pct)


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
    Cached by inputs (the page and its chart ask for the same one in a rerun)."""
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


# ---------------------------------------------------------------- assumptions (URL, scenarios)


@dataclass(frozen=True)
class Assumptions:
    """Every assumption of the page plus the seed: what a share link and a saved scenario hold.

    Field names are the URL's query keys and the widgets' keys. Poverty defaults are
    illustrative, not reported: the source gives only the fall (4,87 points in 2023).
    """

    baseline: str = "last_actual"
    growth_pct: float = 0.0
    cv_pct: float = 10.0
    profile: str = "learned"  # from past monthly data when there is some, else flat
    weights: str = ""
    pov_rate_pct: float = 8.0
    pov_households: int = 300_000
    pov_exit_pct: float = 45.0
    pov_entry_pct: float = 0.3
    pov_cv_pct: float = 10.0
    seed: int = DEFAULT_SEED
    indicator: str = ""  # the additive model's indicator id ("": the data's first with a target)

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, raw: dict) -> Assumptions:
        """Known keys only, each coerced to its field's type; anything unreadable or out of the
        page's range keeps its default."""
        values = {}
        defaults = cls()
        for f in fields(cls):
            if f.name not in raw:
                continue
            kind = type(getattr(defaults, f.name))
            try:
                value = kind(raw[f.name]) if kind is not int else int(float(raw[f.name]))
            except (TypeError, ValueError, OverflowError):
                continue
            if f.name in INPUTS and not INPUTS[f.name].low <= value <= INPUTS[f.name].high:
                continue  # out of the page's range (or NaN): the widget could not show it
            values[f.name] = value
        return replace(defaults, **values)


@dataclass(frozen=True)
class Input:
    """How the page asks for one numeric assumption: label key, range, step, display format."""

    label: str
    low: float
    high: float
    step: float
    format: str | None = "%.1f"
    kind: str = "slider"  # or "number"
    help: str | None = None


# Every numeric assumption's widget, in page order (the seed has its own, in the settings).
INPUTS = {
    "growth_pct": Input("simulate.growth", -50.0, 50.0, 0.1, help="simulate.growth_help"),
    "cv_pct": Input("simulate.cv", 0.0, 40.0, 0.5, help="simulate.cv_help"),
    "pov_rate_pct": Input("simulate.pov_rate", 0.1, 100.0, 0.1, kind="number"),
    "pov_households": Input("simulate.pov_households", 1, 100_000_000, 1000, None, "number"),
    "pov_exit_pct": Input("simulate.pov_exit", 0.0, 100.0, 1.0, kind="number"),
    "pov_entry_pct": Input("simulate.pov_entry", 0.0, 100.0, 0.05, "%.2f", "number"),
    "pov_cv_pct": Input("simulate.pov_cv", 0.0, 40.0, 0.5),
    "seed": Input("simulate.seed", 0, 2**31 - 1, 1, None, "number", "simulate.seed_help"),
}

POVERTY_ILLUSTRATIVE = ("pov_rate_pct", "pov_households", "pov_exit_pct", "pov_entry_pct", "pov_cv_pct")


# ---------------------------------------------------------------- from the store


@dataclass(frozen=True)
class Setup:
    """What the data says: the target year, targets and baselines, with their provenance."""

    year: int | None
    jobs_target: float | None
    jobs_target_bound: str
    baselines: dict  # kind -> {"value", "year", "bound", "provenance", "formula"} (kinds with data)
    actual_months: tuple[tuple[int, float], ...]
    learned_profile: tuple[float, ...] | None
    poverty_target: float | None
    poverty_target_bound: str
    poverty_last: dict | None  # {"value", "year", "provenance"}: last reported fall
    jobs_target_provenance: str = "reported"  # of the target itself (synthetic on synthetic data)
    poverty_target_provenance: str = "reported"
    indicator_id: str = JOBS_ID  # the additive model's indicator (the `jobs_*` fields are its)
    unit: str = "people"


def areas(con, indicator_id: str = JOBS_ID) -> list[str]:
    """The areas the simulator can simulate: those with a yearly target of the indicator."""
    from lib import store

    return store.sim_areas(con, indicator_id)


def additive_indicators(con) -> list[str]:
    """The indicators the additive model can simulate: a count or an amount (an additive unit)
    with a yearly target someone set in some area, in the catalogue's order."""
    from lib import store

    catalogue = store.indicators(con)
    additive = catalogue[catalogue["unit"].isin(store.ADDITIVE_UNITS)]["indicator_id"]
    return [i for i in additive if store.sim_areas(con, i)]


def default_area(areas: list[str]) -> str | None:
    """The area a link without `area=` opens: the whole province (the bundled data), else the
    national total `all` (synthetic national data), else the first area with a target."""
    for area in ("province", "all"):
        if area in areas:
            return area
    return areas[0] if areas else None


def load_setup(con, area: str = "province", indicator_id: str = JOBS_ID) -> Setup:
    """Ask the store for everything the simulator needs (four small queries). The additive
    model's fields (`jobs_*`, baselines, months) are for `indicator_id`: any additive indicator."""
    from lib import store

    jobs = store.sim_choices(store.sim_figures(con, indicator_id, area))
    poverty = store.sim_choices(store.sim_figures(con, POVERTY_ID, area))
    year = jobs["year"]
    months = store.monthly_actuals(con, indicator_id, year, area) if year else pd.DataFrame()
    history = store.monthly_history(con, indicator_id, year, area) if year else pd.DataFrame()
    catalogue = store.indicators(con).set_index("indicator_id")
    unit = str(catalogue.loc[indicator_id, "unit"]) if indicator_id in catalogue.index else "people"
    return Setup(
        indicator_id=indicator_id,
        unit=unit,
        year=year,
        jobs_target=None if jobs["target"] is None else jobs["target"]["value"],
        jobs_target_bound="exact" if jobs["target"] is None else jobs["target"]["bound"],
        baselines=jobs["baselines"],
        actual_months=tuple((int(r.month), float(r.value)) for r in months.itertuples()),
        learned_profile=learn_profile(history),
        poverty_target=None if poverty["target"] is None else poverty["target"]["value"],
        poverty_target_bound="more_than" if poverty["target"] is None else poverty["target"]["bound"],
        poverty_last=poverty["last_actual"],
        jobs_target_provenance="reported" if jobs["target"] is None else jobs["target"]["provenance"],
        poverty_target_provenance="reported"
        if poverty["target"] is None
        else poverty["target"]["provenance"],
    )


def jobs_inputs(setup: Setup, a: Assumptions) -> JobsInputs | None:
    """The jobs model's inputs for these assumptions; None when the data has no target or baseline."""
    base = setup.baselines.get(a.baseline) or setup.baselines.get("last_actual")
    if setup.jobs_target is None or not base:
        return None
    if a.profile == "custom" and parse_weights(a.weights):
        profile = parse_weights(a.weights)
    elif a.profile == "learned" and setup.learned_profile:
        profile = setup.learned_profile
    else:
        profile = (1.0,) * MONTHS
    return JobsInputs(
        baseline=base["value"],
        target=setup.jobs_target,
        growth_pct=a.growth_pct,
        cv_pct=a.cv_pct,
        profile=profile,
        actual_months=setup.actual_months,
        target_bound=setup.jobs_target_bound,
        seed=a.seed,
    )


def poverty_inputs(setup: Setup, a: Assumptions) -> PovertyInputs | None:
    if setup.poverty_target is None:
        return None
    return PovertyInputs(
        rate_pct=a.pov_rate_pct,
        households=a.pov_households,
        exit_pct=a.pov_exit_pct,
        entry_pct=a.pov_entry_pct,
        target_pp=setup.poverty_target,
        cv_pct=a.pov_cv_pct,
        target_bound=setup.poverty_target_bound,
        seed=a.seed,
    )


def default_jobs_result(con, assumptions: Assumptions | None = None) -> JobsResult | None:
    """The jobs result for the given (default: the page's default) assumptions on this data:
    e.g. `default_jobs_result(con).probability_pct`. None when the data has no jobs target."""
    inp = jobs_inputs(load_setup(con), assumptions or Assumptions())
    return None if inp is None else simulate_jobs(inp)


def default_poverty_result(con, assumptions: Assumptions | None = None) -> PovertyResult | None:
    """The poverty result for the given assumptions; the defaults are illustrative, not reported."""
    inp = poverty_inputs(load_setup(con), assumptions or Assumptions())
    return None if inp is None else simulate_poverty(inp)


# ---------------------------------------------------------------- any additive indicator
# The jobs model names no indicator: T = A + B * (1 + g) * R * S holds for any count or amount
# whose months add up to its year. These names say so; the jobs names stay for their callers.
AdditiveInputs = JobsInputs
AdditiveResult = JobsResult
simulate_additive = simulate_jobs
additive_probability = jobs_probability


def additive_result(
    con, indicator_id: str, area: str = "province", assumptions: Assumptions | None = None
) -> JobsResult | None:
    """The additive model's result for any indicator with a yearly target in an area; None when
    the data has no target or baseline for it."""
    inp = jobs_inputs(load_setup(con, area, indicator_id), assumptions or Assumptions())
    return None if inp is None else simulate_jobs(inp)


# ---------------------------------------------------------------- words (the UI's sentences)


def prob_text(p: float, lang: str) -> str:
    """A probability in %, never rounded to a certainty it is not: "> 99,9%", "< 0,1%"."""
    from lib import fmt

    if 99.95 <= p < 100:
        return "> " + fmt.percent(99.9, lang)
    if 0 < p < 0.05:
        return "< " + fmt.percent(0.1, lang)
    return fmt.percent(p, lang)


def signed_number(x: float, lang: str) -> str:
    """A whole-number difference with its sign: "+3.409", "−7.079" (a true minus sign)."""
    from lib import fmt

    rounded = round(x)
    return ("+" if rounded > 0 else "−" if rounded < 0 else "") + fmt.number(abs(rounded), lang, 0)


def baseline_years(base: dict) -> str:
    """ "2023", or "2022–2023" for a mean of several years."""
    years = base.get("years") or [base["year"]]
    return str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}"


def baseline_label(kind: str, base: dict, lang: str) -> str:
    """The baseline as the sentences name it: "2023", "kế hoạch 2023", "bình quân 2022–2023"."""
    from lib.i18n import t

    return t(f"simulate.baseline_word_{kind}", lang, year=base["year"], years=baseline_years(base))


def prob_words(p: float, lang: str, approx: bool = False) -> str:
    """A chance inside a sentence: "là 90,5%" (the Simulate page), or without false precision
    for a briefing (`approx`): "khoảng 90%" (to the nearest 5%), "trên 99%", "dưới 1%"."""
    from lib import fmt
    from lib.i18n import t

    if not approx:
        return t("simulate.prob_exact", lang, p=prob_text(p, lang))
    if p > 99:
        return t("simulate.prob_above", lang, p=fmt.percent(99, lang))
    if p < 1:
        return t("simulate.prob_below", lang, p=fmt.percent(1, lang))
    nearest = min(max(5 * round(p / 5), 5), 95)
    return t("simulate.prob_about", lang, p=fmt.percent(nearest, lang))


def jobs_sentence(result: JobsResult, setup: Setup, a: Assumptions, lang: str, approx: bool = False) -> str:
    """ "Nếu giữ bằng mức thực hiện năm 2023 (25.953 lượt lao động), khả năng đạt chỉ tiêu 22.550
    người là 90,5%." (`approx`: "khoảng 90%", for a briefing)."""
    from lib import fmt
    from lib.i18n import t

    kind = a.baseline if a.baseline in setup.baselines else "last_actual"
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


def amount(x: float, setup: Setup | None, lang: str, actual: bool = False) -> str:
    """A whole-year figure of the additive model's indicator with its unit: "22.550 người", an
    actual in the catalogue's words for what was counted when it has some ("25.953 lượt lao
    động", `[sim_actual_unit]`), money as "6,96 tỷ đồng"."""
    from lib import fmt, i18n

    unit = setup.unit if setup else "people"
    if unit == "vnd":
        return fmt.figure(x, unit, lang)
    word = fmt.unit_label(unit, lang)
    if actual and setup:
        counted = i18n.label("sim_actual_unit", setup.indicator_id, lang)
        word = word if counted == setup.indicator_id else counted
    return f"{fmt.number(x, lang, 0)} {word}"


def poverty_sentence(
    result: PovertyResult, lang: str, illustrative: bool = False, approx: bool = False
) -> str:
    """The expected fall, its 80% prediction interval and the chance, opened by what the
    assumptions are ("Với giả định minh họa, chưa phải số liệu của tỉnh, …" when `illustrative`)."""
    from lib import fmt
    from lib.i18n import t

    inp = result.inputs
    return t(
        "simulate.sentence_poverty",
        lang,
        opener=t("simulate.opener_illustrative" if illustrative else "simulate.opener_user", lang),
        median=fmt.number(result.median, lang, 2),
        low=fmt.number(result.low, lang, 2),
        high=fmt.number(result.high, lang, 2),
        bound=fmt.bound_prefix(inp.target_bound, lang),
        target=fmt.number(inp.target_pp, lang, 2),
        prob=prob_words(result.probability_pct, lang, approx),
    )


def needed_sentence(result: PovertyResult, lang: str) -> str:
    from lib import fmt
    from lib.i18n import t

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


def is_illustrative(a: Assumptions) -> bool:
    """True while every poverty assumption is still the page's illustrative default."""
    d = Assumptions()
    return all(getattr(a, k) == getattr(d, k) for k in POVERTY_ILLUSTRATIVE)


def compare_table(
    scenarios: dict[str, Assumptions], setup: Setup, lang: str
) -> tuple[pd.DataFrame, dict, str]:
    """Saved scenarios side by side (display text, a column per scenario), each scenario's simulated
    jobs totals for the overlaid chart, and one sentence naming the likeliest scenario."""
    from lib import fmt
    from lib.i18n import t

    rows, totals, chances = [], {}, {}
    for name, a in scenarios.items():
        ji, pi = jobs_inputs(setup, a), poverty_inputs(setup, a)
        jr = simulate_jobs(ji) if ji else None
        pr = simulate_poverty(pi) if pi else None
        kind = a.baseline if a.baseline in setup.baselines else "last_actual"
        row = {
            t("simulate.col_scenario", lang): name,
            t("simulate.col_baseline", lang): baseline_label(kind, setup.baselines[kind], lang)
            if setup.baselines
            else "—",
            t("simulate.growth", lang): fmt.signed_percent(a.growth_pct, lang),
            t("simulate.cv", lang): fmt.percent(a.cv_pct, lang),
            t("simulate.seed", lang): str(a.seed),
        }
        if jr:
            totals[name] = jr.totals
            chances[name] = jr.probability_pct
            row |= {
                t("simulate.col_jobs_median", lang): fmt.number(jr.median, lang, 0),
                t("simulate.col_jobs_interval", lang): f"{fmt.number(jr.low, lang, 0)} – "
                f"{fmt.number(jr.high, lang, 0)}",
                t("simulate.col_jobs_prob", lang): prob_text(jr.probability_pct, lang),
            }
        if pr:
            row |= {
                t("simulate.col_pov_median", lang): fmt.number(pr.median, lang, 2),
                t("simulate.col_pov_prob", lang): prob_text(pr.probability_pct, lang),
            }
        rows.append(row)
    sentence = ""
    if chances:
        best = max(chances, key=chances.get)
        worst = min(chances, key=chances.get)
        sentence = t(
            "simulate.sentence_compare",
            lang,
            best=best,
            best_prob=prob_text(chances[best], lang),
            worst=worst,
            worst_prob=prob_text(chances[worst], lang),
        )
    # Side by side: one column per scenario, one row per assumption or result.
    table = pd.DataFrame(rows).set_index(t("simulate.col_scenario", lang)).T
    table = table.rename_axis(index=t("simulate.col_item", lang), columns=None).reset_index()
    return table, totals, sentence


def share_query(a: Assumptions, lang: str, area: str | None = None) -> str:
    """The share link's query string: every assumption and the seed, written out explicitly
    (so the link means the same after the page's defaults change), and the area when given."""
    from urllib.parse import urlencode

    return urlencode({"lang": lang, **({"area": area} if area else {}), **a.to_dict()})


def goalseek_lines(result: JobsResult, lang: str, setup: Setup | None = None) -> list[str]:
    """One line per probability level: the growth needed, and the year's total it means."""
    from lib import fmt
    from lib.i18n import t

    lines = []
    for level, g in result.needed_growth_pct.items():
        level_txt = fmt.percent(level, lang)
        if g is None:
            lines.append(t("simulate.goalseek_never", lang, level=level_txt))
        elif g <= -100:
            lines.append(t("simulate.goalseek_done", lang, level=level_txt))
        else:
            # "cần tăng tối thiểu 4%", "có thể giảm tối đa 13,1%": never a "minimum growth of −13%".
            total = amount(expected_total(result.inputs, g), setup, lang, actual=True)
            way = "" if g > 0 else "_down" if g < 0 else "_level"
            lines.append(
                t(
                    f"simulate.goalseek_row{way}",
                    lang,
                    level=level_txt,
                    growth=fmt.percent(abs(g), lang),
                    total=total,
                )
            )
    return lines


def sensitivity_sentence(frame: pd.DataFrame, lang: str) -> str:
    """The assumption that moves the chance most, in one sentence (frame from `sensitivity`)."""
    from lib.i18n import t

    if frame.empty:
        return ""
    top = frame.iloc[0]
    return t(
        "simulate.sentence_sensitivity",
        lang,
        name=_lower_first(t(f"simulate.sens_{top['assumption']}", lang)),
        low=prob_text(top["low_pct"], lang),
        high=prob_text(top["high_pct"], lang),
        base=prob_text(top["base_pct"], lang),
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
