"""The named queries the pages, models and reports ask the store (lib/data/store.py builds it).

Why a module of its own: lib/data/store.py owns the store itself (its tables and views, the build,
the Parquet check, the `Store` handle); the questions asked of a built store are many and
change with the pages, so they live here. The store layer is these two modules: the only two
with SQL. Each query is a named function taking a cursor and plain parameters bound with
`$name`; no SQL text is ever built from values; identifiers come from fixed lists. Results are
small DataFrames. Never writes, never imports Streamlit. Over ~500 lines: most of it is SQL
text, one statement per question, grouped by the page or model that asks (overview, simulator,
explorer, tracking, places); splitting it by page would scatter the shared pieces
(`_PIVOT_COLUMNS`, `_EXPLORE_WHERE`).

Series breaks: every figure carries `standard` ('' = not stated); a query that draws or compares
a series returns it (`year_summary` also `prev_standard`, the standard of the year before),
`standards` names them, `breaks` lists the years where an indicator's standard changes in an area.
"""

from __future__ import annotations

import duckdb
import pandas as pd

from lib import units as unit_registry

# The additive units (a count or an amount adds up over months and places, a rate not).
_ADDITIVE = sorted(unit_registry.ADDITIVE)


def indicators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT * FROM indicators ORDER BY field, indicator_id").df()


def units(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT indicator_id, unit FROM indicators").fetchall())


def loaded_observations(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The observations as loaded, in the contract's columns (for comparing an upload with them)."""
    return con.execute(
        """SELECT indicator_id, area, period, measure, value, bound, provenance,
                  coalesce(source, '') AS source, coalesce(note, '') AS note, standard, value_decimals
           FROM observations ORDER BY indicator_id, area, period, measure"""
    ).df()


def observation_count(con: duckdb.DuckDBPyConnection) -> int:
    """How many observations are loaded (decides what the Data page offers): the sum of the
    store's per-provenance counts, made at build, so no row is read (a count through the
    `observations` view of a big Parquet store reads every row: 14-35 ms at 10 million rows)."""
    return int(con.execute("SELECT coalesce(sum(rows), 0) FROM provenance_counts").fetchone()[0])


def compare_upload(con: duckdb.DuckDBPyConnection, upload: pd.DataFrame) -> pd.DataFrame:
    """Each uploaded figure beside the loaded one with the same indicator, area, period and
    measure, in upload order: indicator_id, area, period, measure, value, bound, standard,
    current_value, current_bound, current_standard and `known` (a loaded figure has that key).
    The join runs in DuckDB, so a small upload against millions of loaded rows brings back only
    the upload's rows."""
    cols = ["indicator_id", "area", "period", "measure", "value", "bound"]
    frame = upload[cols].assign(upload_row=range(len(upload)))
    frame["standard"] = upload["standard"].fillna("") if "standard" in upload.columns else ""
    # A cursor of this session's own: the registered name is visible to it alone.
    cur = con.cursor()
    cur.register("upload_df", frame)
    try:
        return cur.execute(
            """SELECT u.indicator_id, u.area, u.period, u.measure, CAST(u.value AS DOUBLE) AS value,
                      u.bound, u.standard, o.value AS current_value, o.bound AS current_bound,
                      o.standard AS current_standard, o.indicator_id IS NOT NULL AS known
               FROM (SELECT CAST(indicator_id AS VARCHAR) AS indicator_id, CAST(area AS VARCHAR) AS area,
                            CAST(period AS VARCHAR) AS period, CAST(measure AS VARCHAR) AS measure,
                            value, CAST(bound AS VARCHAR) AS bound,
                            CAST(standard AS VARCHAR) AS standard, upload_row FROM upload_df) u
               LEFT JOIN observations o ON o.indicator_id = u.indicator_id AND o.area = u.area
                    AND o.period = u.period AND o.measure = u.measure
               ORDER BY u.upload_row"""
        ).df()
    finally:
        cur.unregister("upload_df")
        cur.close()


def years_with_actuals(con: duckdb.DuckDBPyConnection) -> list[int]:
    rows = con.execute(
        """SELECT DISTINCT year FROM observations WHERE measure = 'actual'
           ORDER BY year DESC"""
    ).fetchall()
    return [r[0] for r in rows]


# One row of figures per key: each measure's value with its bound, provenance, source and (for
# derived figures) formula and range. Shared by the year summary and the explorer's table.
_PIVOT_COLUMNS = """
          max(value) FILTER (WHERE measure = 'actual') AS actual,
          any_value(bound) FILTER (WHERE measure = 'actual') AS actual_bound,
          any_value(provenance) FILTER (WHERE measure = 'actual') AS actual_provenance,
          any_value(source) FILTER (WHERE measure = 'actual') AS actual_source,
          any_value(formula) FILTER (WHERE measure = 'actual') AS actual_formula,
          max(value_low) FILTER (WHERE measure = 'actual') AS actual_low,
          max(value_high) FILTER (WHERE measure = 'actual') AS actual_high,
          max(value) FILTER (WHERE measure = 'target') AS target,
          any_value(bound) FILTER (WHERE measure = 'target') AS target_bound,
          any_value(provenance) FILTER (WHERE measure = 'target') AS target_provenance,
          any_value(formula) FILTER (WHERE measure = 'target') AS target_formula,
          max(value_low) FILTER (WHERE measure = 'target') AS target_low,
          max(value_high) FILTER (WHERE measure = 'target') AS target_high,
          any_value(source) FILTER (WHERE measure = 'target') AS target_source,
          max(value) FILTER (WHERE measure = 'pct_of_target') AS pct_of_target,
          any_value(bound) FILTER (WHERE measure = 'pct_of_target') AS pct_bound,
          any_value(provenance) FILTER (WHERE measure = 'pct_of_target') AS pct_provenance,
          any_value(formula) FILTER (WHERE measure = 'pct_of_target') AS pct_formula,
          max(value) FILTER (WHERE measure = 'change_pct') AS change_pct,
          any_value(provenance) FILTER (WHERE measure = 'change_pct') AS change_provenance,
          -- series breaks: one standard per series and year (contract.SERIES_YEAR_KEY)
          coalesce(any_value(standard), '') AS standard"""

_YEAR_SUMMARY = f"""
        WITH f AS (
            SELECT * FROM figures
            WHERE year = $year AND month IS NULL AND ($area IS NULL OR area = $area)
        )
        , prev AS (  -- series breaks: the standard of the year before, where it has figures
            SELECT indicator_id, area, any_value(standard) AS prev_standard FROM figures
            WHERE year = $year - 1 AND ($area IS NULL OR area = $area) GROUP BY ALL
        )
        , q AS (
        SELECT i.indicator_id, i.field, i.name_vi, i.name_en, i.unit, i.direction, f.area,
          {_PIVOT_COLUMNS},
          any_value(prev.prev_standard) AS prev_standard
        FROM f JOIN indicators i USING (indicator_id)
        LEFT JOIN prev ON prev.indicator_id = f.indicator_id AND prev.area = f.area
        GROUP BY ALL
        )
        SELECT q.*, coalesce(s.name_vi, q.standard) AS standard_name_vi,
               coalesce(s.name_en, q.standard) AS standard_name_en
        FROM q LEFT JOIN standards s ON s.standard_id = q.standard
        ORDER BY q.field, q.indicator_id, q.area
        """


def year_summary(con: duckdb.DuckDBPyConnection, year: int, area: str | None = None) -> pd.DataFrame:
    """One row per indicator for a year (whole-year figures): actual, plan, % of plan, change.

    Each figure comes with its provenance, bound and, for derived figures, the formula and
    the range the rounding allows. `area` None means every area (one row per indicator and
    area); the bundled data has one area, the whole province. `standard` is the year's
    measurement standard (named by `standard_name_vi`, `standard_name_en`), `prev_standard` the
    year before's (NA: no figure that year).
    """
    return con.execute(_YEAR_SUMMARY, {"year": year, "area": area}).df()


# ---- simulator: baselines, targets and monthly actuals for one indicator (whole-year rows
# have month NULL). One query per indicator; the choices are picked from its rows.


def sim_figures(con: duckdb.DuckDBPyConnection, indicator_id: str, area: str) -> pd.DataFrame:
    """Whole-year actuals and targets of one indicator, one row per year and measure, a
    reported (or user) figure preferred to a derived one: year, measure, value, bound,
    provenance, formula, the range of a derived one (value_low, value_high), standard; oldest
    first."""
    return con.execute(
        """SELECT year, measure, arg_min(value, provenance = 'derived') AS value,
                  arg_min(bound, provenance = 'derived') AS bound,
                  arg_min(provenance, provenance = 'derived') AS provenance,
                  arg_min(formula, provenance = 'derived') AS formula,
                  arg_min(value_low, provenance = 'derived') AS value_low,
                  arg_min(value_high, provenance = 'derived') AS value_high,
                  arg_min(standard, provenance = 'derived') AS standard
           FROM figures WHERE indicator_id = $id AND area = $area AND month IS NULL
           AND measure IN ('actual', 'target') GROUP BY year, measure ORDER BY year, measure""",
        {"id": indicator_id, "area": area},
    ).df()


def sim_areas(con: duckdb.DuckDBPyConnection, indicator_id: str) -> list[str]:
    """Areas with a whole-year target someone set (reported, user or synthetic, not derived) for
    an indicator: what the simulator can simulate. Ordered like `areas`: the province, `all`,
    the other areas, then the catalogue's communes."""
    rows = con.execute(
        """SELECT DISTINCT area FROM figures WHERE indicator_id = $id AND month IS NULL
           AND measure = 'target' AND provenance <> 'derived'
           ORDER BY area <> 'province', area <> 'all',
                    area IN (SELECT area_id FROM areas WHERE level = 'commune'), area""",
        {"id": indicator_id},
    ).fetchall()
    return [r[0] for r in rows]


# Monthly actuals of an area between two years: its own rows, or, when it has none, the sum of
# the areas inside it (`all`: every commune of the catalogue; `p08`: its communes), one row a month.
_SIM_MONTHLY_SQL = """
WITH own AS (
    SELECT year, month, value, provenance FROM observations
    WHERE indicator_id = $id AND area = $area AND year BETWEEN $first AND $last
      AND month IS NOT NULL AND measure = 'actual'
), inside AS (
    SELECT year, month, sum(value) AS value,
           CASE WHEN bool_and(provenance = 'synthetic') THEN 'synthetic' ELSE 'derived' END AS provenance
    FROM observations
    WHERE indicator_id = $id AND year BETWEEN $first AND $last AND month IS NOT NULL
      AND measure = 'actual'
      AND area IN (SELECT area_id FROM areas WHERE level = 'commune' AND ($area = 'all' OR parent = $area))
    GROUP BY year, month
)
SELECT * FROM own
UNION ALL
SELECT * FROM inside WHERE NOT EXISTS (SELECT 1 FROM own)
ORDER BY year, month
"""


def monthly_actuals(con: duckdb.DuckDBPyConnection, indicator_id: str, year: int, area: str) -> pd.DataFrame:
    """Monthly actuals already reported for a year: month, value, provenance (month order);
    an area without monthly rows of its own gets the monthly sums of the areas inside it."""
    frame = con.execute(
        _SIM_MONTHLY_SQL, {"id": indicator_id, "area": area, "first": year, "last": year}
    ).df()
    return frame[["month", "value", "provenance"]]


def monthly_history(
    con: duckdb.DuckDBPyConnection, indicator_id: str, before_year: int, area: str
) -> pd.DataFrame:
    """Monthly actuals of the years before a year (year, month, value): the seasonal profile
    (summed over the areas inside, as `monthly_actuals`)."""
    frame = con.execute(
        _SIM_MONTHLY_SQL, {"id": indicator_id, "area": area, "first": 0, "last": before_year - 1}
    ).df()
    return frame[["year", "month", "value"]]


# ---- explorer: filters are lists of ASCII ids; None or an empty list means "every value".
# The WHERE clause is fixed text; every value in it is a bound parameter.
_EXPLORE_WHERE = """
    (CAST($fields AS VARCHAR[]) IS NULL OR f.indicator_id IN (
        SELECT indicator_id FROM indicators WHERE list_contains(CAST($fields AS VARCHAR[]), field)))
    AND (CAST($indicators AS VARCHAR[]) IS NULL
         OR list_contains(CAST($indicators AS VARCHAR[]), f.indicator_id))
    AND (CAST($areas AS VARCHAR[]) IS NULL OR list_contains(CAST($areas AS VARCHAR[]), f.area))
    AND (CAST($measures AS VARCHAR[]) IS NULL
         OR list_contains(CAST($measures AS VARCHAR[]), f.measure))
    AND (CAST($provenances AS VARCHAR[]) IS NULL
         OR list_contains(CAST($provenances AS VARCHAR[]), f.provenance))
    AND ($from_key IS NULL OR f.year * 100 + coalesce(f.month, 0) >= $from_key)
    AND ($to_key IS NULL OR f.year * 100 + coalesce(f.month, 0) <= $to_key)
    -- The same bounds on the bare year column: rows are stored in period order, so DuckDB
    -- skips the row groups of other years (the expression above cannot use min/max stats).
    AND ($from_key IS NULL OR f.year >= $from_key // 100)
    AND ($to_key IS NULL OR f.year <= $to_key // 100)
"""


def _period_key(period: str | None, end: bool) -> int | None:
    """ "2023" -> 202300 (start) or 202312 (end); "2023-05" -> 202305: months sort inside years."""
    if not period:
        return None
    year, _, month = period.partition("-")
    return int(year) * 100 + (int(month) if month else (12 if end else 0))


def _explore_params(
    fields=None, indicators=None, areas=None, period_from=None, period_to=None, measures=None,
    provenances=None,
) -> dict:  # fmt: skip
    def ids(values):
        return [str(v) for v in values] if values else None

    return {
        "fields": ids(fields),
        "indicators": ids(indicators),
        "areas": ids(areas),
        "measures": ids(measures),
        "provenances": ids(provenances),
        "from_key": _period_key(period_from, end=False),
        "to_key": _period_key(period_to, end=True),
    }


def areas(con: duckdb.DuckDBPyConnection) -> list[str]:
    """Area ids in the data, the whole province (`province`) first, then the totals of the
    catalogue's communes (`all`, then each province) before the communes themselves."""
    rows = con.execute(
        """SELECT area FROM (SELECT area FROM observations UNION SELECT area FROM rollup)
           ORDER BY area <> 'province', area <> 'all',
                    area IN (SELECT area_id FROM areas WHERE level = 'commune'), area"""
    ).fetchall()
    return [r[0] for r in rows]


def explore_options(con: duckdb.DuckDBPyConnection) -> dict[str, list]:
    """The values each explorer filter offers (distinct values, computed in DuckDB)."""

    def column(sql: str) -> list:
        return [r[0] for r in con.execute(sql).fetchall()]

    return {
        "field": column("SELECT DISTINCT field FROM indicators ORDER BY field"),
        "area": column("SELECT DISTINCT area FROM observations ORDER BY area"),
        "period": column("SELECT DISTINCT period FROM figures ORDER BY period"),
        "measure": column("SELECT DISTINCT measure FROM figures ORDER BY measure"),
        "provenance": column("SELECT DISTINCT provenance FROM figures ORDER BY provenance"),
    }


# Above this many matching figures the explorer reads only the newest periods it needs for its
# `limit` rows (a few row groups) instead of grouping every key; the page then says how many
# figures matched rather than how many rows (counting the keys would cost a full grouping).
EXPLORE_EXACT_FIGURES = 200_000

# Grouped by the bare columns (a third of the time of grouping by the period key expression).
_EXPLORE_PERIOD_COUNTS = f"""
SELECT f.year * 100 + coalesce(f.month, 0) AS k, n FROM (
    SELECT f.year, f.month, count(*) AS n FROM figures f WHERE {_EXPLORE_WHERE} GROUP BY ALL) f
ORDER BY k DESC
"""

_EXPLORE_TABLE = f"""
        WITH f AS (
            SELECT * FROM figures f WHERE {_EXPLORE_WHERE}
        ), keys AS (
            SELECT indicator_id, area, period, any_value(year) AS year, any_value(month) AS month,
                   count(*) OVER () AS n_rows
            FROM f
            GROUP BY indicator_id, area, period
            ORDER BY year DESC, month DESC NULLS LAST, indicator_id, area
            LIMIT $limit
        ), g AS (
            SELECT indicator_id, area, period, any_value(k.year) AS year, any_value(k.month) AS month,
              {_PIVOT_COLUMNS},
              any_value(k.n_rows) AS n_rows
            FROM keys k JOIN f USING (indicator_id, area, period)
            GROUP BY indicator_id, area, period
        )
        SELECT g.indicator_id, i.field, i.name_vi, i.name_en, i.unit, i.direction,
               g.* EXCLUDE (indicator_id)
        FROM g JOIN indicators i USING (indicator_id)
        ORDER BY g.year DESC, g.month DESC NULLS LAST, i.field, g.indicator_id, g.area
        """


def explore_table(con: duckdb.DuckDBPyConnection, limit: int = 2000, **filters) -> pd.DataFrame:
    """One row per indicator, area and period of the filtered figures, newest period first.

    Columns as in `year_summary` plus period, year, month, the sources, `n_figures` (how many
    figures match) and `n_rows` (how many rows match before `limit`; NA when more than
    `EXPLORE_EXACT_FIGURES` figures match and the newest periods alone filled `limit` rows).
    Filters: fields, indicators, areas, period_from, period_to ("YYYY" or "YYYY-MM",
    inclusive), measures, provenances.
    """
    params = _explore_params(**filters)
    # Figures per period, newest first (one cheap scan): the periods a window must reach back to.
    counts = con.execute(_EXPLORE_PERIOD_COUNTS, params).fetchall()
    total = sum(n for _, n in counts)
    need = limit if total > EXPLORE_EXACT_FIGURES else total
    while True:
        # The newest periods holding `need` figures; a row (key) has one figure or more, so
        # `limit` rows need at least `limit` figures. Too few rows there: reach back further.
        seen, start = 0, None
        for key, n in counts:
            seen, start = seen + n, key
            if seen >= need:
                break
        whole = seen >= total
        window = params if whole else {**params, "from_key": max(start, params["from_key"] or 0)}
        rows = con.execute(_EXPLORE_TABLE, {**window, "limit": limit}).df()
        if whole or len(rows) >= limit:
            break
        need *= 2
    if not whole:
        rows["n_rows"] = pd.array([pd.NA] * len(rows), dtype="Int64")
    return rows.assign(n_figures=total)


def explore_series_indicators(con: duckdb.DuckDBPyConnection, **filters) -> list[str]:
    """Indicators with an actual or a plan in two or more of the filtered periods."""
    rows = con.execute(
        f"""
        SELECT f.indicator_id FROM figures f
        WHERE {_EXPLORE_WHERE} AND f.measure IN ('actual', 'target')
        GROUP BY f.indicator_id HAVING count(DISTINCT f.period) >= 2
        ORDER BY f.indicator_id
        """,
        _explore_params(**filters),
    ).fetchall()
    return [r[0] for r in rows]


def explore_series(
    con: duckdb.DuckDBPyConnection, indicator_id: str, limit: int = 5000, **filters
) -> pd.DataFrame:
    """Actuals and targets of one indicator over the filtered periods (a time series), oldest
    first: area, period, year, month, measure, value, bound, provenance, formula, range, source,
    standard and its names (`standard_name_vi`, `standard_name_en`; '' when none is stated)."""
    params = _explore_params(**{**filters, "indicators": [indicator_id]})
    return con.execute(
        f"""
        SELECT f.area, f.period, f.year, f.month, f.measure, f.value, f.bound, f.provenance,
               f.formula, f.value_low, f.value_high, f.source, f.standard,
               coalesce(s.name_vi, f.standard) AS standard_name_vi,
               coalesce(s.name_en, f.standard) AS standard_name_en
        FROM figures f LEFT JOIN standards s ON s.standard_id = f.standard
        WHERE {_EXPLORE_WHERE} AND f.measure IN ('actual', 'target')
        ORDER BY f.year, f.month NULLS FIRST, f.area, f.measure
        LIMIT $limit
        """,
        {**params, "limit": limit},
    ).df()


# ---- end of explorer queries


def figures_around(con: duckdb.DuckDBPyConnection, year: int, area: str | None = None) -> pd.DataFrame:
    """Every whole-year figure for the year before, the year and the year after (briefings).

    One row per figure with the indicator's field, names and unit, its provenance, bound,
    source, standard (and its names) and, for derived figures, the formula and the range the
    rounding allows.
    """
    return con.execute(
        """
        SELECT i.field, f.indicator_id, i.name_vi, i.name_en, i.unit, i.direction, f.area,
               f.year, f.measure, f.value, f.bound, f.provenance, f.formula, f.value_low,
               f.value_high, f.source, f.note, f.standard,
               coalesce(s.name_vi, f.standard) AS standard_name_vi,
               coalesce(s.name_en, f.standard) AS standard_name_en
        FROM figures f JOIN indicators i USING (indicator_id)
        LEFT JOIN standards s ON s.standard_id = f.standard
        WHERE f.month IS NULL AND f.year BETWEEN $year - 1 AND $year + 1
          AND ($area IS NULL OR f.area = $area)
        ORDER BY i.field, f.indicator_id, f.area, f.year, f.measure
        """,
        {"year": year, "area": area},
    ).df()


# ---- series breaks


def standards(con: duckdb.DuckDBPyConnection) -> dict[str, tuple[str, str]]:
    """The standards catalogue: {standard_id: (name_vi, name_en)}."""
    rows = con.execute("SELECT standard_id, name_vi, name_en FROM standards ORDER BY standard_id").fetchall()
    return {sid: (vi, en) for sid, vi, en in rows}


def series_standards(
    con: duckdb.DuckDBPyConnection, area: str | None, last_year: int | None = None
) -> pd.DataFrame:
    """The measurement standard of each indicator's year in an area (None: every area; whole-year
    figures, totals and months alike): indicator_id, area, year, standard ('' = not stated).
    Empty when no figure states a standard (every year then joins every other, as before)."""
    # Cheap when none does: a column of '' only has min = max = '' in every block, so the
    # filter skips them all (10 million synthetic rows are never grouped here).
    if not con.execute(
        "SELECT count(*) FROM (SELECT 1 FROM figures WHERE standard <> '' LIMIT 1)"
    ).fetchone()[0]:
        return pd.DataFrame({"indicator_id": [], "area": [], "year": [], "standard": []})
    return con.execute(
        """SELECT indicator_id, area, year, any_value(standard) AS standard FROM figures
           WHERE ($area IS NULL OR area = $area) AND ($last IS NULL OR year <= $last)
           GROUP BY indicator_id, area, year ORDER BY indicator_id, area, year""",
        {"area": area, "last": last_year},
    ).df()


def breaks(con: duckdb.DuckDBPyConnection, indicator_id: str, area: str) -> list[tuple[int, str, str]]:
    """The years where an indicator's standard in an area differs from the year before it with
    figures: [(year, standard before, standard from this year)] ('' = not stated), oldest first."""
    rows = con.execute(
        """WITH y AS (
               SELECT year, any_value(standard) AS standard FROM figures
               WHERE indicator_id = $id AND area = $area GROUP BY year),
           l AS (SELECT year, lag(standard) OVER (ORDER BY year) AS before, standard FROM y)
           SELECT year, before, standard FROM l WHERE before IS NOT NULL AND before <> standard
           ORDER BY year""",
        {"id": indicator_id, "area": area},
    ).fetchall()
    return [(int(y), b, a) for y, b, a in rows]


# ---- tracking (lib/models/tracking.py) and its backtest (lib/models/backtest.py): every indicator with a
# target, through the year. Monthly sums only for additive units (a count adds up, a rate not).


def tracking_yearly(
    con: duckdb.DuckDBPyConnection, area: str | None, last_year: int | None = None
) -> pd.DataFrame:
    """Whole-year actuals and targets of every indicator up to `last_year` (None: every year) in
    one area (None: every area): indicator_id, area, year, measure, value, bound, provenance; a
    figure someone gave (reported, user, synthetic) preferred to a derived one; oldest first."""
    return con.execute(
        """SELECT indicator_id, area, year, measure,
                  arg_min(value, provenance = 'derived') AS value,
                  arg_min(bound, provenance = 'derived') AS bound,
                  arg_min(provenance, provenance = 'derived') AS provenance
           FROM figures WHERE month IS NULL AND measure IN ('actual', 'target')
             AND ($area IS NULL OR area = $area) AND ($last IS NULL OR year <= $last)
           GROUP BY indicator_id, area, year, measure
           ORDER BY indicator_id, area, year, measure""",
        {"area": area, "last": last_year},
    ).df()


# Monthly actuals of every additive indicator in one area: its own rows, or, for an indicator
# the area has none of, the sum of the areas inside it (as `_SIM_MONTHLY_SQL`, per indicator).
_TRACK_MONTHLY_SQL = """
WITH add AS (SELECT indicator_id FROM indicators WHERE list_contains($additive_units, unit)),
own AS (
    SELECT indicator_id, year, month, value, provenance FROM observations
    WHERE area = $area AND year BETWEEN $first AND $last AND month IS NOT NULL
      AND measure = 'actual' AND indicator_id IN (SELECT indicator_id FROM add)
), inside AS (
    SELECT indicator_id, year, month, sum(value) AS value,
           CASE WHEN bool_and(provenance = 'synthetic') THEN 'synthetic' ELSE 'derived' END AS provenance
    FROM observations
    WHERE year BETWEEN $first AND $last AND month IS NOT NULL AND measure = 'actual'
      AND indicator_id IN (SELECT indicator_id FROM add)
      AND area IN (SELECT area_id FROM areas WHERE level = 'commune' AND ($area = 'all' OR parent = $area))
    GROUP BY indicator_id, year, month
)
SELECT * FROM own
UNION ALL
SELECT * FROM inside i WHERE NOT EXISTS (SELECT 1 FROM own o WHERE o.indicator_id = i.indicator_id)
ORDER BY indicator_id, year, month
"""


_TRACK_MONTHLY_BUILT = """
SELECT indicator_id, year, month, value, provenance FROM track_monthly
WHERE area = $area AND year BETWEEN $first AND $last
  AND indicator_id NOT IN (SELECT DISTINCT indicator_id FROM observations
                           WHERE $own AND area = $area AND month IS NOT NULL AND measure = 'actual')
UNION ALL
SELECT indicator_id, year, month, value, provenance FROM observations
WHERE $own AND area = $area AND year BETWEEN $first AND $last AND month IS NOT NULL
  AND measure = 'actual'
  AND indicator_id IN (SELECT indicator_id FROM indicators WHERE list_contains($additive_units, unit))
ORDER BY indicator_id, year, month
"""


def tracking_monthly(
    con: duckdb.DuckDBPyConnection, area: str, first_year: int, last_year: int
) -> pd.DataFrame:
    """Monthly actuals of every additive indicator in an area between two years (inclusive):
    indicator_id, year, month, value, provenance; an indicator without monthly rows of its own
    there gets the monthly sums of the areas inside it (from `track_monthly` for a province or
    `all`; summed here for deeper levels)."""
    own = con.execute(
        "SELECT count(*) FROM track_monthly_areas WHERE area = $area", {"area": area}
    ).fetchone()[0]
    built = con.execute("SELECT count(*) FROM track_monthly WHERE area = $area", {"area": area}).fetchone()[0]
    params = {"area": area, "first": first_year, "last": last_year, "additive_units": _ADDITIVE}
    if built:
        return con.execute(_TRACK_MONTHLY_BUILT, {**params, "own": bool(own)}).df()
    return con.execute(_TRACK_MONTHLY_SQL, params).df()


def tracking_monthly_own(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Every area's own monthly actuals of the additive indicators (no sums of areas inside):
    indicator_id, area, year, month, value, provenance (the backtest's cases)."""
    return con.execute(
        """SELECT indicator_id, area, year, month, value, provenance FROM observations
           WHERE month IS NOT NULL AND measure = 'actual' AND indicator_id IN (
               SELECT indicator_id FROM indicators WHERE list_contains($additive_units, unit))
           ORDER BY indicator_id, area, year, month""",
        {"additive_units": _ADDITIVE},
    ).df()


# ---- places: the areas of one province (its communes) or of the country (its provinces),
# ranked against their plans. Whole-year figures (month NULL: reported, or the rollup's sums of
# 12 months) of the catalogue's units; the hierarchy comes from the `areas` table.

_PLACES_SCOPE = """
    SELECT area_id FROM areas
    WHERE ($scope = 'all' AND level = 'province') OR (level = 'commune' AND parent = $scope)"""

_PLACE_OPTIONS = """
SELECT f.indicator_id, f.year, a.level, coalesce(a.parent, '') AS parent, count(DISTINCT f.area) AS areas
FROM figures f JOIN areas a ON a.area_id = f.area
WHERE f.month IS NULL AND a.level IN ('province', 'commune')
  AND f.measure IN ('actual', 'pct_of_target')
GROUP BY ALL ORDER BY f.indicator_id, f.year DESC, a.level, parent
"""


def place_options(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """What the places page can rank: indicator_id, year, level (`province` or `commune`),
    parent (a commune's province; "" for provinces) and how many such areas have a whole-year
    actual or % of plan. Empty when the data names no unit of the area catalogue."""
    return con.execute(_PLACE_OPTIONS).df()


_PLACE_RANKING = f"""
WITH f AS (
    SELECT * FROM figures
    WHERE year = $year AND month IS NULL AND indicator_id = $indicator
      AND area IN ({_PLACES_SCOPE})
)
SELECT f.area, i.unit, i.direction, {_PIVOT_COLUMNS}
FROM f JOIN indicators i USING (indicator_id)
GROUP BY ALL
ORDER BY f.area
"""


def place_ranking(con: duckdb.DuckDBPyConnection, scope: str, indicator_id: str, year: int) -> pd.DataFrame:
    """One row per area inside `scope` (`all`: the provinces; a province id: its communes) with a
    whole-year figure of the indicator in the year: area, unit, direction and the figures of
    `year_summary` (actual, target, pct_of_target with their bounds and provenance)."""
    return con.execute(_PLACE_RANKING, {"scope": scope, "indicator": indicator_id, "year": year}).df()


def departments(con: duckdb.DuckDBPyConnection, field: str) -> pd.DataFrame:
    """The indicators of a field whose catalogue names the department that owns them:
    indicator_id, name_vi, name_en, department (empty when the catalogue has no `department`)."""
    return con.execute(
        """SELECT indicator_id, name_vi, name_en, department FROM indicators
           WHERE field = $field AND department IS NOT NULL ORDER BY indicator_id""",
        {"field": field},
    ).df()


def explore_total(con: duckdb.DuckDBPyConnection, **filters) -> dict[str, int | None]:
    """What the explorer's filters match, for the words under its table: `figures` (how many
    figures) and `rows` (how many table rows, one per indicator, area and period; None above
    `EXPLORE_EXACT_FIGURES` figures, where counting them would cost a full grouping).
    Filters as in `explore_table`."""
    params = _explore_params(**filters)
    figures = con.execute(f"SELECT count(*) FROM figures f WHERE {_EXPLORE_WHERE}", params).fetchone()[0]
    if figures > EXPLORE_EXACT_FIGURES:
        return {"figures": figures, "rows": None}
    keys = f"SELECT count(DISTINCT (indicator_id, area, period)) FROM figures f WHERE {_EXPLORE_WHERE}"
    return {"figures": figures, "rows": con.execute(keys, params).fetchone()[0]}
