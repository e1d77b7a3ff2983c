"""The simulator's setup: what the page asks (sliders, assumptions) and what the data says.

Owns three things between the data and the models (lib/models/simulate.py), none of them arithmetic:
- **the assumptions** a share link and a saved scenario hold (`Assumptions`), and how the page
  asks for each number (`Input`, `INPUTS`: label, range, step, declared once; the URL guard and
  `Assumptions.from_dict` read the same ranges);
- **the data's figures** for one indicator in one area (`load_setup`): the year to simulate and
  its target, the baselines (`choices`: last actual, last plan, mean of the years, and the
  tracker's level), and the tracker's view of the year (`Setup.track`, lib/models/tracking.py: the
  months reported, the profile and the CV learned from history, one estimate for both pages);
- **the inputs** those make for the models (`jobs_inputs`, `poverty_inputs`). With the baseline
  `tracker`, no growth, the tracker's CV and profile, `jobs_inputs` is exactly
  `tracking.model_inputs(track)`: the simulator's chance and 80% range are then the overview's.
  The page starts there (`default_baseline`). Before any month the tracker's level is last
  year's actual carried on by the mean yearly change: the `tracker` choice says so, and is not
  offered without such a change (it would be the last actual under another name).

The additive model offers every count or amount with a yearly target someone set whose target is
a floor (`up`); a ceiling (`down`) is tracked on the overview but has no goal-seek here yet. The
poor-household rate keeps its own model, for the one indicator `POVERTY_ID` it is written for.
Never imports Streamlit, never writes; the words are lib/report/sim_words.py's.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields, replace
from urllib.parse import urlencode

import pandas as pd

from lib import units
from lib.data import areas as area_catalogue
from lib.data import contract, queries
from lib.models import simulate, tracking

JOBS_ID = "jobs_created"  # the data's first additive indicator with a target, in the bundled data
POVERTY_ID = "poverty_rate_fall"  # the indicator the poverty model is written for
BASELINES = ("last_actual", "last_plan", "mean", "tracker")
PROFILES = ("flat", "learned", "custom")
FLAT = (1.0,) * simulate.MONTHS


# ---------------------------------------------------------------- what the page asks


@dataclass(frozen=True)
class Assumptions:
    """Every assumption of the page plus the seed: what a share link and a saved scenario hold.

    Field names are the URL's query keys and the widgets' keys. Poverty defaults are
    illustrative, not reported: the source gives only the fall (4,87 points in 2023).
    """

    baseline: str = "last_actual"  # one of BASELINES
    growth_pct: float = 0.0
    cv_pct: float = simulate.DEFAULT_CV_PCT
    profile: str = "learned"  # from past monthly data when there is some, else flat
    weights: str = ""
    pov_rate_pct: float = 8.0
    pov_households: int = 300_000
    pov_exit_pct: float = 45.0
    pov_entry_pct: float = 0.3
    pov_cv_pct: float = simulate.DEFAULT_CV_PCT
    seed: int = simulate.DEFAULT_SEED
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


def is_illustrative(a: Assumptions) -> bool:
    """True while every poverty assumption is still the page's illustrative default."""
    d = Assumptions()
    return all(getattr(a, k) == getattr(d, k) for k in POVERTY_ILLUSTRATIVE)


def parse_weights(text: str) -> tuple[float, ...] | None:
    """ "8;8;9;..." (12 non-negative numbers, `;` or spaces between, `,` or `.` as decimal mark)
    -> weights; None when it is not 12 such numbers."""
    parts = [p for p in str(text).replace(";", " ").split() if p]
    if len(parts) != simulate.MONTHS:
        return None
    try:
        values = tuple(float(p.replace(",", ".")) for p in parts)
    except ValueError:
        return None
    if any(not math.isfinite(v) or v < 0 for v in values) or sum(values) <= 0:
        return None
    return values


def clamp(key: str, value: float) -> float:
    """A value inside the range the page's widget for `key` can show."""
    spec = INPUTS[key]
    return min(spec.high, max(spec.low, value))


def share_query(a: Assumptions, lang: str, area: str | None = None) -> str:
    """The share link's query string: every assumption and the seed, written out explicitly
    (so the link means the same after the page's defaults change), and the area when given."""
    return urlencode({"lang": lang, **({"area": area} if area else {}), **a.to_dict()})


# ---------------------------------------------------------------- what the data says


@dataclass(frozen=True)
class Setup:
    """What the data says: the target year, targets and baselines, with their provenance. The
    `jobs_*` fields are the additive model's indicator's (`indicator_id`), whichever it is."""

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
    indicator_id: str = JOBS_ID
    unit: str = units.DEFAULT
    direction: str = "up"
    track: tracking.Track | None = None  # the tracker's view of the year (months, CV, profile, level)
    # The target year's own whole-year actual when the tracker calls the year final (a yearly
    # figure, or 12 months): {"value", "year", "bound", "provenance", "formula", "achieved"}.
    year_actual: dict | None = None
    poverty_year: int | None = None  # the poverty rate's own target year (`year` is the indicator's)


def _figure(frame: pd.DataFrame) -> dict | None:
    """The last row of `queries.sim_figures` rows as a figure dict (None for no rows)."""
    if frame.empty:
        return None
    r = frame.iloc[-1]
    return {
        "value": float(r["value"]), "year": int(r["year"]), "bound": r["bound"],
        "provenance": r["provenance"], "formula": r["formula"] if isinstance(r["formula"], str) else None,
        "low": r.get("value_low"), "high": r.get("value_high"),  # a derived figure's range, for its words
    }  # fmt: skip


def choices(rows: pd.DataFrame) -> dict:
    """From `queries.sim_figures` rows: the year to simulate (the latest year with a set target) and
    its target, the latest actual before it, and the baselines: last_actual, last_plan (the
    latest earlier plan, reported or derived) and mean (of every earlier year's actual). Each
    figure: {"value", "year", "bound", "provenance", "formula"}; missing ones are None. Only
    earlier years under the target year's measurement standard count (`contract.comparable`)."""
    # The year to simulate has a target someone set (reported or user), not a derived past plan.
    targets = rows[(rows["measure"] == "target") & (rows["provenance"] != "derived")]
    if targets.empty:
        return {"year": None, "target": None, "last_actual": None, "baselines": {}}
    year = int(targets["year"].max())
    before = rows[rows["year"] < year]
    if "standard" in rows.columns:  # series breaks: no baseline from a year under another standard
        now = targets.loc[targets["year"] == year, "standard"].iloc[-1]
        same = [contract.comparable(x, now) for x in before["standard"]]
        before = before[pd.Series(same, index=before.index, dtype=bool)]
    actuals, plans = before[before["measure"] == "actual"], before[before["measure"] == "target"]
    last = _figure(actuals)
    baselines = {"last_actual": last, "last_plan": _figure(plans)}
    if not actuals.empty:
        derived = (actuals["provenance"] == "derived").any() or len(actuals) > 1
        baselines["mean"] = {
            "value": float(actuals["value"].mean()), "year": int(actuals["year"].max()), "bound": "exact",
            "provenance": "derived" if derived else last["provenance"],
            "formula": "mean(" + ", ".join(str(int(y)) for y in actuals["year"]) + ")",
            "years": [int(y) for y in actuals["year"]],
        }  # fmt: skip
    return {
        "year": year,
        "target": _figure(targets[targets["year"] == year]),
        "last_actual": last,
        "baselines": {k: v for k, v in baselines.items() if v},
    }


def _tracker_baseline(track: tracking.Track | None) -> dict | None:
    """The tracker's level B as a baseline: the pace so far with the season, weighed against last
    year's level (lib/models/tracking.py); derived, never reported. Before any month of the year
    is reported the level is last year's actual carried on by the mean yearly change: offered as
    that (`growth` in the figure, its own words) when there is such a change, else not at all
    (review 3, defect 9: "Theo tiến độ năm 2024: 25.953 (tính toán)" was "Thực hiện năm 2023:
    25.953 (số báo cáo)" again)."""
    if track is None or track.level is None or track.uncertainty is None:
        return None
    growth = track.uncertainty.growth_pct
    if not track.actual_months and (track.basis != "last_actual" or not growth):
        return None
    return {
        "value": track.level, "year": track.year, "bound": "exact", "provenance": "derived",
        "formula": f"tracking.level({track.basis}, {len(track.actual_months)} months)",
        # Before any month with a mean yearly change: last year's actual carried on by it, said so.
        **({"growth": growth} if not track.actual_months else {}),
    }  # fmt: skip


def year_actual(rows: pd.DataFrame, track: tracking.Track | None) -> dict | None:
    """The target year's result when the tracker says the whole year is known (`track.final`:
    the year's own figure, or its 12 months summed): the year's actual from `queries.sim_figures`
    rows (derived, "sum of 12 months", when the data has only the months), and whether it met
    the target. None while the year is not over: then the simulator gives a chance."""
    if track is None or not track.final or track.actual_to_date is None:
        return None
    fig = _figure(rows[(rows["year"] == track.year) & (rows["measure"] == "actual")])
    if fig is None:
        fig = {"value": track.actual_to_date, "year": track.year, "bound": "exact",
               "provenance": "derived", "formula": None}  # fmt: skip
    return fig | {"achieved": track.status == "achieved"}


def areas(con, indicator_id: str = JOBS_ID) -> list[str]:
    """The areas the simulator can simulate: those with a yearly target of the indicator."""
    return queries.sim_areas(con, indicator_id)


def additive_indicators(con) -> list[str]:
    """The indicators the additive model can simulate: a count or an amount (an additive unit)
    whose target is a floor (`up`), with a yearly target someone set in some area, in the
    catalogue's order."""
    catalogue = queries.indicators(con)
    offered = catalogue[catalogue["unit"].isin(units.ADDITIVE) & (catalogue["direction"] != "down")]
    return [i for i in offered["indicator_id"] if queries.sim_areas(con, i)]


def default_area(areas: list[str]) -> str | None:
    """The area a link without `area=` opens: the whole province (the bundled data), else the
    national total `all` (synthetic national data), else the first area with a target."""
    for area in (area_catalogue.WHOLE, "all"):
        if area in areas:
            return area
    return areas[0] if areas else None


def load_setup(con, area: str = area_catalogue.WHOLE, indicator_id: str = JOBS_ID) -> Setup:
    """Ask the store for everything the simulator needs: the indicator's and the poverty rate's
    whole-year figures, and the tracker's view of the indicator's year (its months reported,
    profile, CV and level: `tracking.track_of`, the overview's very numbers)."""
    rows = queries.sim_figures(con, indicator_id, area)
    jobs = choices(rows)
    poverty = choices(queries.sim_figures(con, POVERTY_ID, area))
    year = jobs["year"]
    track = tracking.track_of(con, indicator_id, year, area) if year else None
    catalogue = queries.indicators(con).set_index("indicator_id")
    known = indicator_id in catalogue.index
    unc = track.uncertainty if track else None
    baselines = jobs["baselines"] | ({"tracker": b} if (b := _tracker_baseline(track)) else {})
    return Setup(
        indicator_id=indicator_id,
        unit=str(catalogue.loc[indicator_id, "unit"]) if known else units.DEFAULT,
        direction=str(catalogue.loc[indicator_id, "direction"]) if known else "up",
        year=year,
        jobs_target=None if jobs["target"] is None else jobs["target"]["value"],
        jobs_target_bound="exact" if jobs["target"] is None else jobs["target"]["bound"],
        baselines=baselines if jobs["baselines"] else {},
        actual_months=track.actual_months if track else (),
        learned_profile=unc.profile if unc and unc.profile_method == "monthly_history" else None,
        poverty_target=None if poverty["target"] is None else poverty["target"]["value"],
        poverty_target_bound="more_than" if poverty["target"] is None else poverty["target"]["bound"],
        poverty_last=poverty["last_actual"],
        jobs_target_provenance="reported" if jobs["target"] is None else jobs["target"]["provenance"],
        poverty_target_provenance="reported"
        if poverty["target"] is None
        else poverty["target"]["provenance"],
        track=track,
        year_actual=year_actual(rows, track),
        poverty_year=poverty["year"],
    )


def default_cv(setup: Setup) -> float:
    """The CV the page starts from: the tracker's (estimated from history, or the assumption)."""
    track = setup.track
    return clamp("cv_pct", track.cv_pct) if track and track.cv_pct is not None else Assumptions().cv_pct


def default_baseline(setup: Setup) -> str:
    """The baseline the page starts from: the tracker's level when offered (so the default run
    is `tracking.model_inputs(track)`, the overview's chance and 80% range), else the last
    actual (then the tracker's level itself), else the first the data has."""
    for kind in ("tracker", "last_actual"):
        if kind in setup.baselines:
            return kind
    return next(iter(setup.baselines), "last_actual")


def baseline_kind(setup: Setup, a: Assumptions) -> str:
    """The baseline the assumptions name, or the last actual when the data has no such one."""
    return a.baseline if a.baseline in setup.baselines else "last_actual"


# ---------------------------------------------------------------- the models' inputs


def jobs_inputs(setup: Setup, a: Assumptions) -> simulate.JobsInputs | None:
    """The additive model's inputs for these assumptions; None when the data has no target or
    baseline. With the `tracker` baseline they start from `tracking.model_inputs(track)`."""
    base = setup.baselines.get(a.baseline) or setup.baselines.get("last_actual")
    if setup.jobs_target is None or not base:
        return None
    if a.profile == "custom" and parse_weights(a.weights):
        profile = parse_weights(a.weights)
    elif a.profile == "learned" and setup.learned_profile:
        profile = setup.learned_profile
    else:
        profile = FLAT
    if a.baseline == "tracker" and "tracker" in setup.baselines:
        start = tracking.model_inputs(setup.track, a.seed)
        return replace(start, growth_pct=a.growth_pct, cv_pct=a.cv_pct, profile=profile)
    return simulate.JobsInputs(
        baseline=base["value"],
        target=setup.jobs_target,
        growth_pct=a.growth_pct,
        cv_pct=a.cv_pct,
        profile=profile,
        actual_months=setup.actual_months,
        target_bound=setup.jobs_target_bound,
        seed=a.seed,
        direction=setup.direction,
    )


def poverty_inputs(setup: Setup, a: Assumptions) -> simulate.PovertyInputs | None:
    """The poverty model's inputs: the user's (or the page's illustrative) assumptions and the
    target from the data; None when the data has no poverty target."""
    if setup.poverty_target is None:
        return None
    return simulate.PovertyInputs(
        rate_pct=a.pov_rate_pct,
        households=a.pov_households,
        exit_pct=a.pov_exit_pct,
        entry_pct=a.pov_entry_pct,
        target_pp=setup.poverty_target,
        cv_pct=a.pov_cv_pct,
        target_bound=setup.poverty_target_bound,
        seed=a.seed,
    )


def default_jobs_result(con, assumptions: Assumptions | None = None) -> simulate.JobsResult | None:
    """The jobs result for the given (default: the page's default) assumptions on this data:
    e.g. `default_jobs_result(con).probability_pct`. None when the data has no jobs target."""
    inp = jobs_inputs(load_setup(con), assumptions or Assumptions())
    return None if inp is None else simulate.simulate_jobs(inp)


def default_poverty_result(con, assumptions: Assumptions | None = None) -> simulate.PovertyResult | None:
    """The poverty result for the given assumptions; the defaults are illustrative, not reported."""
    inp = poverty_inputs(load_setup(con), assumptions or Assumptions())
    return None if inp is None else simulate.simulate_poverty(inp)


def additive_result(
    con, indicator_id: str, area: str = area_catalogue.WHOLE, assumptions: Assumptions | None = None
) -> simulate.JobsResult | None:
    """The additive model's result for any indicator with a yearly target in an area; None when
    the data has no target or baseline for it."""
    inp = jobs_inputs(load_setup(con, area, indicator_id), assumptions or Assumptions())
    return None if inp is None else simulate.simulate_jobs(inp)


# ---------------------------------------------------------------- scenarios side by side


@dataclass(frozen=True)
class ScenarioRun:
    """One saved scenario run on its own indicator's data (results None where the data has no
    target for it in the area)."""

    name: str
    assumptions: Assumptions
    indicator_id: str  # its own (`a.indicator`), or the page's default for one that names none
    setup: Setup | None
    jobs: simulate.JobsResult | None
    poverty: simulate.PovertyResult | None


def run_scenarios(scenarios: dict[str, Assumptions], setups: dict[str, Setup | None], default: str) -> list:
    """Each scenario on its own indicator (`a.indicator`, or `default` when it names none):
    setups maps an indicator id to its Setup in the area shown."""
    runs = []
    for name, a in scenarios.items():
        indicator_id = a.indicator or default
        setup = setups.get(indicator_id)
        ji = jobs_inputs(setup, a) if setup else None
        pi = poverty_inputs(setup, a) if setup else None
        jobs = simulate.simulate_jobs(ji) if ji else None
        poverty = simulate.simulate_poverty(pi) if pi else None
        runs.append(ScenarioRun(name, a, indicator_id, setup, jobs, poverty))
    return runs


def one_indicator(runs: list[ScenarioRun]) -> bool:
    """True when every scenario is of one indicator: their totals share an axis and a target,
    and their chances are of the same thing (so they may be ranked and overlaid)."""
    return len({r.indicator_id for r in runs}) <= 1
