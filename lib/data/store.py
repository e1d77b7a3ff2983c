"""The DuckDB store: loads indicator data once, owns the tables and views it is built of.

Tables `indicators` and `observations` hold the files as loaded (typed columns, sorted by
period so DuckDB can skip row groups a query does not need; for a Parquet folder `observations`
is a view of `observation_rows` and the one-row `observation_constants`: lib/data/parquet_reader.py).
The view `derived` computes the figures the source implies but does not print, each with its
formula and the range the rounding of the reported percentage allows; `figures` is both
together, with a provenance column saying which is which; `rollup` and `track_monthly` are sums
built once at load.

Series breaks: every figure carries `standard` (the measurement standard, '' = not stated; the
table `standards` is the catalogue, `data/standards.csv` or a data folder's own). Nothing is
derived across two standards: a change on the previous year needs both actuals under one
standard, and the previous year's actual is not derived from a reported change when that year
is under another standard (a figure of it says so, or the standard's `valid_from_year` is later).
A rollup total is made only where all its parts share one standard: grouping by standard would
give a province two partial "totals" of one key, and refusing would reject a valid file of
communes; the parts stay visible, the invented sum does not exist.

A CSV folder comes in through lib/data/validate.py; a Parquet folder through lib/data/parquet_reader.py,
against the same rules (`contract.ROW_RULES`: each rule's SQL beside its Python). The named
queries a built store answers are lib/data/queries.py. The store layer is these modules, the
only ones with SQL.

Queries take a cursor and plain parameters bound with `$name`; no SQL text is ever built from
values; identifiers come from fixed lists. This module never writes to the
data folder and never imports Streamlit.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import time
from pathlib import Path

import duckdb
import pandas as pd

from lib import settings
from lib import units as unit_registry  # `units` is also a query function (lib/data/queries.py)
from lib.data import areas as area_catalogue  # `areas` is also a query function (lib/data/queries.py)
from lib.data import contract, parquet_reader, validate
from lib.data.parquet_reader import LoadError, ParquetSource, failure

# Half a unit in the last reported decimal: 117 -> 0.5, 169.7 -> 0.05.
_HALF = "0.5 * pow(10, -{t}.value_decimals)"

# Each derived figure: the formula (shown to users) and the SQL that computes it.
# A table, not a view: observations never change after load, and a year's query then reads a
# few stored rows instead of re-running these joins (seconds on millions of rows).
DERIVED_SQL = f"""
CREATE OR REPLACE TABLE derived AS
-- Whole-year figures only (month IS NULL): the report's figures are yearly, and months of
-- every commune would make this view cost seconds per query at national scale.
WITH a AS (SELECT * FROM observations WHERE measure = 'actual' AND month IS NULL),
     p AS (SELECT * FROM observations WHERE measure = 'pct_of_target' AND month IS NULL),
     c AS (SELECT * FROM observations WHERE measure = 'change_pct' AND month IS NULL),
     g AS (SELECT * FROM observations WHERE measure = 'target' AND month IS NULL)
-- Plan from the actual and the reported % of plan.
SELECT a.indicator_id, a.area, a.period, a.year, a.month, 'target' AS measure,
       a.value / (p.value / 100) AS value,
       CASE WHEN p.bound = 'more_than' THEN 'less_than' ELSE 'exact' END AS bound,
       'derived' AS provenance, a.source, NULL AS note,
       'actual / (pct_of_target / 100)' AS formula,
       CASE WHEN p.bound = 'more_than' THEN NULL
            ELSE a.value / ((p.value + {_HALF.format(t="p")}) / 100) END AS value_low,
       a.value / ((p.value - {_HALF.format(t="p")}) / 100) AS value_high, a.standard
FROM a JOIN p USING (indicator_id, area, period, standard)
WHERE NOT EXISTS (SELECT 1 FROM g WHERE g.indicator_id = a.indicator_id
                  AND g.area = a.area AND g.period = a.period)
UNION ALL
-- Previous year's actual from this year's actual and the reported change.
SELECT a.indicator_id, a.area, CAST(a.year - 1 AS VARCHAR), a.year - 1, NULL, 'actual',
       a.value / (1 + c.value / 100), 'exact', 'derived', a.source, NULL,
       'actual / (1 + change_pct / 100)',
       a.value / (1 + (c.value + {_HALF.format(t="c")}) / 100),
       a.value / (1 + (c.value - {_HALF.format(t="c")}) / 100), a.standard
FROM a JOIN c USING (indicator_id, area, period, standard)
WHERE a.month IS NULL AND NOT EXISTS (
    SELECT 1 FROM a AS b WHERE b.indicator_id = a.indicator_id AND b.area = a.area
    AND b.period = CAST(a.year - 1 AS VARCHAR))
-- Series breaks: not when the previous year is under another standard.
AND NOT EXISTS (
    SELECT 1 FROM observations o WHERE o.indicator_id = a.indicator_id AND o.area = a.area
    AND o.year = a.year - 1 AND o.standard <> a.standard)
AND NOT EXISTS (
    SELECT 1 FROM standards s WHERE s.standard_id = a.standard AND s.valid_from_year > a.year - 1)
UNION ALL
-- % of plan from the actual and the plan, when the source did not print it.
SELECT a.indicator_id, a.area, a.period, a.year, a.month, 'pct_of_target',
       100 * a.value / g.value, 'exact', 'derived', a.source, NULL,
       '100 * actual / target', NULL, NULL, a.standard
FROM a JOIN g USING (indicator_id, area, period, standard)
WHERE g.value <> 0 AND NOT EXISTS (SELECT 1 FROM p WHERE p.indicator_id = a.indicator_id
                  AND p.area = a.area AND p.period = a.period)
UNION ALL
-- Change on the previous year from two actuals, when the source did not print it.
SELECT a.indicator_id, a.area, a.period, a.year, a.month, 'change_pct',
       100 * (a.value / b.value - 1), 'exact', 'derived', a.source, NULL,
       '100 * (actual / previous_actual - 1)', NULL, NULL, a.standard
FROM a JOIN a AS b ON b.indicator_id = a.indicator_id AND b.area = a.area
     AND b.month IS NULL AND b.year = a.year - 1
     AND b.standard = a.standard  -- series breaks: never a change across two standards
WHERE a.month IS NULL AND b.value <> 0 AND NOT EXISTS (
    SELECT 1 FROM c WHERE c.indicator_id = a.indicator_id AND c.area = a.area
    AND c.period = a.period)
"""

FIGURES_SQL = """
CREATE OR REPLACE VIEW figures AS
SELECT indicator_id, area, period, year, month, measure, value, bound, provenance, source,
       note, NULL AS formula, value AS value_low, value AS value_high, standard
FROM observations
UNION ALL
SELECT indicator_id, area, period, year, month, measure, value, bound, provenance, source,
       note, formula, value_low, value_high, standard
FROM derived
UNION ALL
SELECT indicator_id, area, period, year, month, measure, value, bound, provenance, source,
       note, formula, value_low, value_high, standard
FROM rollup
"""


# The one pass over every observation after loading, a year at a time (`$year`: a year's groups
# fit in the store's capped memory, where all years at once spilled to disk): per indicator,
# area, year and measure, how many rows, how many of them monthly and how many distinct months
# (the Parquet duplicate check reads these: lib/data/parquet_reader.py), whether a whole-year
# row exists, and the sum of the monthly values the yearly totals below are made of. A table
# of the build's transaction, dropped before it commits (a TEMP table held it in memory: 70 MB
# more at the process's peak).
GROUPS_SQL = """
SELECT indicator_id, area, year, measure, rows, monthly_rows, months, monthly_value,
       {synthetic} AS synthetic, {source} AS source, {standard} AS standard,
       {standard_max} AS standard_max
FROM (
    SELECT indicator_id, area, year, measure, count(*) AS rows, count(month) AS monthly_rows,
           coalesce(bit_count(bit_or(1 << month)), 0) AS months,
           sum(value) FILTER (WHERE month IS NOT NULL) AS monthly_value{aggregates}
    FROM {rows} WHERE year = $year
    GROUP BY indicator_id, area, year, measure
) g{constants}
"""
# Each column of GROUPS_SQL that reads a text column of the rows: its aggregate, and its value
# when that column holds one value in every row (`observation_constants k`: lib/data/parquet_reader.py),
# which then is not aggregated over millions of rows (half of this pass at ten million rows).
_GROUP_TEXT = {
    "synthetic": ("provenance", "bool_and(provenance = 'synthetic') FILTER (WHERE month IS NOT NULL)",
                  "CASE WHEN monthly_rows > 0 THEN k.provenance = 'synthetic' END"),
    "source": ("source", "min(source) FILTER (WHERE month IS NOT NULL)",
               "CASE WHEN monthly_rows > 0 THEN k.source END"),
    # one standard per series-year (contract.SERIES_YEAR_KEY): any row's is the group's, once the
    # check of that rule has read the lowest and the highest (lib/data/parquet_reader.py:
    # check_groups; a CSV's was checked when read)
    "standard": ("standard", "min(standard)", "k.standard"),
    "standard_max": ("standard", "max(standard)", "k.standard"),
}  # fmt: skip


def groups_sql(constant: list[str]) -> str:
    """GROUPS_SQL over the store's rows, given the columns stored once (`constant`, from the
    fixed list of parquet_reader). Identifiers only come from the fixed lists."""
    names = {}
    aggregates = ""
    for name, (column, aggregate, one) in _GROUP_TEXT.items():
        if column in constant:
            names[name] = one
        else:
            names[name] = f"g.{name}"
            aggregates += f", {aggregate} AS {name}"
    return GROUPS_SQL.format(
        **names,
        aggregates=aggregates,
        rows="observation_rows" if constant else "observations",
        constants=" CROSS JOIN observation_constants k" if constant else "",
    )


# Whole-year totals of monthly actuals and targets, built once at load so that a year's
# overview reads a few hundred rows instead of scanning every month of every commune. Only
# complete years (12 months) are summed, and never where the data already has the year's
# figure. The communes of the area catalogue (table `areas`, from lib/data/areas.py) also add up to
# their parent province (`p08`) and to `all`. A total of synthetic months is synthetic; any
# other total is derived. Read off `observation_groups` (GROUPS_SQL), one year at a time: the
# rows of a year go in together, so the table is in period order without a sort (sorting the
# strings within each year cost about a second of the first build at ten million rows).
ROLLUP_SQL = """
WITH m AS (
    SELECT indicator_id, area, year, measure, monthly_value AS value, monthly_rows AS months,
           synthetic, source,
           standard  -- one per series-year (contract.SERIES_YEAR_KEY)
    FROM observation_groups
    WHERE monthly_rows > 0 AND measure IN ('actual', 'target') AND year = $year
      AND indicator_id IN (SELECT indicator_id FROM indicators
                           WHERE list_contains($additive_units, unit))
), levels AS (
    SELECT indicator_id, area, year, measure, value, months = 12 AS complete, synthetic, source,
           'sum of the 12 monthly values' AS formula, standard
    FROM m
    UNION ALL
    -- Series breaks: a total only where every part is under one standard (lowest = highest).
    SELECT indicator_id, c.parent, year, measure, sum(value),
           bool_and(months = 12) AND min(standard) = max(standard), bool_and(synthetic), min(source),
           'sum over the areas inside of the 12 monthly values', min(standard)
    FROM m JOIN areas c ON c.area_id = m.area AND c.level = 'commune'
    GROUP BY indicator_id, c.parent, year, measure
    UNION ALL
    SELECT indicator_id, 'all', year, measure, sum(value),
           bool_and(months = 12) AND min(standard) = max(standard),
           bool_and(synthetic), min(source), 'sum over all areas of the 12 monthly values', min(standard)
    FROM m JOIN areas c ON c.area_id = m.area AND c.level = 'commune'
    GROUP BY indicator_id, year, measure
), totals AS (
    SELECT * FROM levels l
    WHERE complete AND NOT EXISTS (  -- the data's own whole-year figure
        SELECT 1 FROM observation_groups o WHERE o.rows > o.monthly_rows AND o.year = $year
        AND o.indicator_id = l.indicator_id AND o.area = l.area AND o.measure = l.measure)
)
SELECT indicator_id, area, CAST(year AS VARCHAR) AS period, year, CAST(NULL AS INTEGER) AS month,
       measure, value, 'exact' AS bound,
       CASE WHEN synthetic THEN 'synthetic' ELSE 'derived' END AS provenance, source,
       CAST(NULL AS VARCHAR) AS note, formula, value AS value_low, value AS value_high, standard
FROM totals
UNION ALL
SELECT a.indicator_id, a.area, a.period, a.year, NULL, 'pct_of_target', 100 * a.value / g.value,
       'exact', CASE WHEN a.synthetic AND g.synthetic THEN 'synthetic' ELSE 'derived' END,
       a.source, NULL, '100 * actual / target', NULL, NULL, a.standard
FROM (SELECT *, CAST(year AS VARCHAR) AS period FROM totals WHERE measure = 'actual') a
JOIN (SELECT * FROM totals WHERE measure = 'target') g USING (indicator_id, area, year, standard)
WHERE g.value <> 0
"""


# Built at load (a few seconds at 10 million rows, ~34.000 rows kept): the monthly sums of the
# areas inside each province (`p07`) and `all`, and which areas have monthly rows of their own,
# so the tracker of a province reads a few hundred rows instead of summing every commune.
TRACK_MONTHLY_SQL = """
CREATE OR REPLACE TABLE track_monthly AS
WITH m AS (
    SELECT indicator_id, c.parent AS province, year, month, value, provenance
    FROM observations JOIN areas c ON c.area_id = observations.area AND c.level = 'commune'
    WHERE month IS NOT NULL AND measure = 'actual'
      AND indicator_id IN (SELECT indicator_id FROM indicators WHERE list_contains($additive_units, unit))
)
SELECT indicator_id, province AS area, year, month, sum(value) AS value,
       CASE WHEN bool_and(provenance = 'synthetic') THEN 'synthetic' ELSE 'derived' END AS provenance
FROM m GROUP BY ALL
UNION ALL
SELECT indicator_id, 'all', year, month, sum(value),
       CASE WHEN bool_and(provenance = 'synthetic') THEN 'synthetic' ELSE 'derived' END
FROM m GROUP BY ALL
ORDER BY area, indicator_id, year, month
"""
TRACK_MONTHLY_AREAS_SQL = """
CREATE OR REPLACE TABLE track_monthly_areas AS
SELECT DISTINCT area FROM observation_groups WHERE monthly_rows > 0 AND measure = 'actual' ORDER BY area
"""


def _build(
    con: duckdb.DuckDBPyConnection,
    indicators: pd.DataFrame,
    observations,
    standards: pd.DataFrame | None = None,
) -> None:
    """Load the catalogue and the observations into `con`, then the totals, derived figures
    and the provenance counts (tables: the store is read-only once built). `standards`: the
    standards catalogue (None: the bundled one).

    One transaction: each year's totals then go to the transaction's own storage and are
    written once at the end, where sixteen commits wrote the log and compressed the growing
    table again each time (nearly half of the totals' time at ten million rows).
    """
    con.execute("BEGIN TRANSACTION")
    try:
        _build_tables(con, indicators, observations, standards)
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _build_tables(
    con: duckdb.DuckDBPyConnection, indicators: pd.DataFrame, observations, standards: pd.DataFrame | None
) -> None:
    con.register("ind_df", indicators)
    con.execute(
        """CREATE TABLE indicators AS SELECT
             CAST(indicator_id AS VARCHAR) AS indicator_id, CAST(field AS VARCHAR) AS field,
             CAST(name_vi AS VARCHAR) AS name_vi, CAST(name_en AS VARCHAR) AS name_en,
             CAST(unit AS VARCHAR) AS unit, CAST(direction AS VARCHAR) AS direction,
             {department} AS department
           FROM ind_df""".format(
            department="CAST(nullif(department, '') AS VARCHAR)"  # optional in the catalogue
            if "department" in indicators.columns
            else "CAST(NULL AS VARCHAR)"
        )
    )
    con.unregister("ind_df")
    _build_standards(con, standards)  # series breaks: before the observations are checked
    if isinstance(observations, ParquetSource):
        constant = parquet_reader.load(con, observations)
    else:
        constant = []
        con.register("obs_df", observations)
        con.execute(
            """CREATE TABLE observations AS SELECT
                 CAST(indicator_id AS VARCHAR) AS indicator_id, CAST(area AS VARCHAR) AS area,
                 CAST(period AS VARCHAR) AS period,
                 CAST(substr(period, 1, 4) AS INTEGER) AS year,
                 CAST(nullif(substr(period, 6, 2), '') AS INTEGER) AS month,
                 CAST(measure AS VARCHAR) AS measure, CAST(value AS DOUBLE) AS value,
                 CAST(value_decimals AS INTEGER) AS value_decimals,
                 CAST(coalesce(nullif(bound, ''), 'exact') AS VARCHAR) AS bound,
                 CAST(provenance AS VARCHAR) AS provenance,
                 CAST(nullif(source, '') AS VARCHAR) AS source,
                 CAST(nullif(note, '') AS VARCHAR) AS note,
                 {standard} AS standard
               FROM obs_df ORDER BY period, indicator_id, area, measure""".format(
                standard="CAST(coalesce(standard, '') AS VARCHAR)"  # optional: series breaks
                if "standard" in observations.columns
                else "''"
            )
        )
        con.unregister("obs_df")
    # Today's units and their parents: the hierarchy the totals follow (never parsed from ids).
    con.register("areas_df", area_catalogue.hierarchy())
    con.execute("CREATE TABLE areas AS SELECT * FROM areas_df")
    con.unregister("areas_df")
    years = [y for (y,) in con.execute("SELECT DISTINCT year FROM observations ORDER BY year").fetchall()]
    groups = groups_sql(constant)
    con.execute(f"CREATE TABLE observation_groups AS {groups}", {"year": None})  # empty
    for year in years:
        con.execute(f"INSERT INTO observation_groups {groups}", {"year": year})
    if isinstance(observations, ParquetSource):  # a CSV's were refused when read
        parquet_reader.check_groups(con, observations)  # mixed standards, duplicates
    params = {"additive_units": sorted(unit_registry.ADDITIVE)}
    con.execute(f"CREATE OR REPLACE TABLE rollup AS {ROLLUP_SQL}", params | {"year": None})  # empty
    for year in years:
        con.execute(f"INSERT INTO rollup {ROLLUP_SQL}", params | {"year": year})
    con.execute(TRACK_MONTHLY_SQL, params)
    con.execute(TRACK_MONTHLY_AREAS_SQL)
    con.execute("DROP TABLE observation_groups")
    con.execute(DERIVED_SQL)
    con.execute(FIGURES_SQL)
    con.execute(PROVENANCE_COUNTS_SQL)


def _build_standards(con: duckdb.DuckDBPyConnection, standards: pd.DataFrame | None) -> None:
    """The table `standards` (standard_id, name_vi, name_en, valid_from_year, source)."""
    frame = validate.bundled_standards() if standards is None else standards
    con.register("std_df", frame[contract.STANDARD_COLUMNS])
    con.execute(
        """CREATE TABLE standards AS SELECT
             CAST(standard_id AS VARCHAR) AS standard_id, CAST(name_vi AS VARCHAR) AS name_vi,
             CAST(coalesce(nullif(name_en, ''), name_vi) AS VARCHAR) AS name_en,
             TRY_CAST(nullif(CAST(valid_from_year AS VARCHAR), '') AS INTEGER) AS valid_from_year,
             CAST(nullif(source, '') AS VARCHAR) AS source
           FROM std_df"""
    )
    con.unregister("std_df")


PROVENANCE_COUNTS_SQL = """
CREATE OR REPLACE TABLE provenance_counts AS
SELECT provenance, count(*) AS rows FROM observations GROUP BY provenance
"""

# How this version builds a store: its own source, the contract's rules and DuckDB's version.
# Part of every content token, so a changed app never opens a store an older one built.
_BUILD_VERSION = hashlib.sha256(
    Path(__file__).read_bytes()
    + Path(contract.__file__).read_bytes()
    + Path(parquet_reader.__file__).read_bytes()
    + (settings.BUNDLED_DATA_DIR / "areas.csv").read_bytes()  # the hierarchy the totals follow
    + validate.bundled_standards().to_csv().encode()  # the standards catalogue (series breaks)
    + duckdb.__version__.encode()
).hexdigest()

# Every connection: never reach for the network (no extension downloads, no remote files).
_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def content_token(
    indicators: pd.DataFrame,
    observations: pd.DataFrame | ParquetSource,
    standards: pd.DataFrame | None = None,
) -> str:
    """A checksum of the data's content and of how this version builds a store from it.

    Frames are hashed by value (pandas' row hashes); Parquet files by their bytes, read in
    chunks (a file's name, size or time would miss an edit that keeps them). The SQL that
    builds the store is part of it, so a new version of the app never opens an old build.
    """
    digest = hashlib.sha256(_BUILD_VERSION.encode())
    digest.update(pd.util.hash_pandas_object(indicators, index=False).to_numpy().tobytes())
    digest.update("|".join(map(str, indicators.columns)).encode())
    if standards is not None:  # None: the bundled catalogue, part of the build's own files
        digest.update(pd.util.hash_pandas_object(standards, index=False).to_numpy().tobytes())
    if isinstance(observations, ParquetSource):
        for name in observations.files:
            try:
                with open(name, "rb") as f:
                    digest.update(hashlib.file_digest(f, "sha256").digest())
            except OSError as exc:  # e.g. a folder named like a Parquet file
                raise LoadError([contract.Problem(name, "", "", "bad_parquet")]) from exc
    else:
        digest.update(pd.util.hash_pandas_object(observations, index=False).to_numpy().tobytes())
        digest.update("|".join(map(str, observations.columns)).encode())
    return digest.hexdigest()[:32]


def stores_dir() -> Path:
    """Where built stores live: `<state folder>/stores`."""
    return settings.state_dir() / "stores"


# Built stores kept besides the one in use (other data folders, or versions just replaced).
KEEP_OTHER_STORES = 2


def persistent_store(
    token: str, indicators: pd.DataFrame, source: ParquetSource, standards: pd.DataFrame | None = None
) -> Path:
    """The DuckDB file of this content, built now if no earlier process built it.

    Built under a temporary name in the same folder, then renamed: a reader never sees half a
    store, and two processes building at once both end with the same complete file. A folder
    that fails validation leaves nothing behind (LoadError). The least recently opened other
    builds beyond `KEEP_OTHER_STORES` are removed (an open file stays readable until closed).
    """
    folder = stores_dir()
    path = folder / f"{token}.duckdb"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{token}.{os.getpid()}.{threading.get_ident()}.building"
        partial.unlink(missing_ok=True)
        with tempfile.TemporaryDirectory(prefix="chitieu-build-") as spill:
            con = duckdb.connect(
                str(partial), config=_CONFIG | {"memory_limit": BIG_MEMORY_LIMIT, "temp_directory": spill}
            )
            try:
                _build(con, indicators, source, standards)
                con.execute("CHECKPOINT")
            except BaseException:
                con.close()
                partial.unlink(missing_ok=True)
                Path(f"{partial}.wal").unlink(missing_ok=True)
                raise
            con.close()
        os.replace(partial, path)
    os.utime(path)  # "recently opened": what the cleaning below keeps
    _clean_stores(folder, keep=path)
    return path


def _clean_stores(folder: Path, keep: Path) -> None:
    others = sorted(
        (p for p in folder.glob("*.duckdb") if p != keep), key=lambda p: p.stat().st_mtime, reverse=True
    )
    for old in others[KEEP_OTHER_STORES:]:
        old.unlink(missing_ok=True)
    for stale in folder.glob(".*.building"):  # a build that died more than a day ago
        try:
            if stale.stat().st_mtime < time.time() - 86_400:
                stale.unlink(missing_ok=True)
        except OSError:
            pass


_SPILL: list[tempfile.TemporaryDirectory] = []
_SPILL_LOCK = threading.Lock()


def _process_spill_dir() -> str:
    """A temporary folder for DuckDB to spill to, one per process, removed at exit."""
    with _SPILL_LOCK:
        if not _SPILL:
            _SPILL.append(tempfile.TemporaryDirectory(prefix="chitieu-spill-"))
        return _SPILL[0].name


class Store:
    """One DuckDB database per data content per process; a cursor per session or thread.

    `token` names the data's content (`content_token`): equal data, equal token, in every
    process. Caches of results that depend only on the data key on it, never on `id(store)`.

    CSV data (small) loads into memory. Parquet data (big) is built once per content into a
    DuckDB file under the state folder (`persistent_store`) and opened read-only, so a
    restarted server opens it at once instead of reading and checking millions of rows again.
    In demo mode (nothing written to disk) it is built in a temporary file, for this process.
    """

    def __init__(
        self,
        indicators: pd.DataFrame,
        observations: pd.DataFrame | ParquetSource,
        label: str = "",
        *,
        persist: bool | None = None,
        standards: pd.DataFrame | None = None,
    ):
        self.label = label
        self._lock = threading.Lock()
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._con = None
        self.token = content_token(indicators, observations, standards)
        config = dict(_CONFIG)
        try:
            if isinstance(observations, ParquetSource):
                # Compressed columns with min/max per block (a year's query skips the other
                # years), a bounded buffer pool, and spilling to a temporary folder.
                config["memory_limit"] = BIG_MEMORY_LIMIT
                if persist if persist is not None else not settings.demo_mode():
                    path = persistent_store(self.token, indicators, observations, standards)
                    # One spill folder for the process: DuckDB shares one database between
                    # the connections to a file only when their settings are the same.
                    config["temp_directory"] = _process_spill_dir()
                    self._con = duckdb.connect(str(path), read_only=True, config=config)
                else:
                    self._tmp = tempfile.TemporaryDirectory(prefix="chitieu-store-")
                    config["temp_directory"] = self._tmp.name
                    self._con = duckdb.connect(str(Path(self._tmp.name) / "store.duckdb"), config=config)
                    _build(self._con, indicators, observations, standards)
            else:
                self._con = duckdb.connect(":memory:", config=config)
                _build(self._con, indicators, observations, standards)
            self.provenances: dict[str, int] = dict(
                self._con.execute(
                    "SELECT provenance, rows FROM provenance_counts ORDER BY provenance"
                ).fetchall()
            )
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        """Close the database and remove its temporary folder (big data only)."""
        if self._con is not None:
            self._con.close()
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A cursor of its own for the caller: DuckDB connections are not shared by threads."""
        with self._lock:
            return self._con.cursor()


def read_standards(path: Path) -> pd.DataFrame | None:
    """A data folder's own `standards.csv` (validated), or None: the bundled catalogue."""
    file = path / "standards.csv"
    if not file.exists():
        return None
    result = validate.read_standards(file)
    if result.problems or result.frame is None:
        raise LoadError(result.problems or [contract.Problem(str(file), "1", "", "unknown_kind")])
    return result.frame


def read_dir(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and validate `indicators.csv` and `observations.csv` from a folder (and its
    `standards.csv`, when it has one: the ids its `standard` cells are checked against).

    A missing or invalid catalogue is reported alone (without it every figure would also be
    "not in the catalogue").
    """
    ind_path, obs_path = path / "indicators.csv", path / "observations.csv"
    std_path = [path / "standards.csv"] if (path / "standards.csv").exists() else []
    results = validate.validate_paths([*std_path, ind_path, obs_path], base_units={}, number_style="plain")
    if std_path and results[0].problems:
        raise LoadError(results[0].problems)
    catalogue, figures = results[-2:]
    _check_catalogue(catalogue)
    if figures.problems or figures.kind != "observations":
        raise LoadError(figures.problems or [contract.Problem(figures.file, "1", "", "unknown_kind")])
    return catalogue.frame, figures.frame


def open_dir(path: Path) -> Store:
    """The store for a data folder: `indicators.csv` plus observations as CSV or Parquet.

    Observations are `observations.csv` when present, else Parquet files
    (`observations/**/*.parquet`, e.g. partitioned by year, or `observations.parquet`).
    Every failure (a missing or unreadable folder or file, a damaged Parquet file, a database
    error while loading) is a `LoadError` naming the folder or file, never another exception.
    """
    path = Path(path)
    try:
        is_folder = path.is_dir()
    except OSError:
        is_folder = False
    if not is_folder:
        raise LoadError([contract.Problem(str(path), "", "", "folder_missing")])
    files = parquet_files(path)
    try:
        if files and not (path / "observations.csv").exists():
            source = ParquetSource(tuple(str(f) for f in files))
            return Store(read_catalogue(path), source, label=str(path), standards=read_standards(path))
        indicators, observations = read_dir(path)
        return Store(indicators, observations, label=str(path), standards=read_standards(path))
    except (duckdb.Error, OSError) as exc:
        raise LoadError([failure(str(path), exc)]) from exc


# ---------------------------------------------------------------- Parquet data folders

# DuckDB's buffer pool for a Parquet-backed store: the rest of a serving process (Python,
# Streamlit, pandas results) fits beside it in the benchmark's 450 MB (issue #11).
BIG_MEMORY_LIMIT = "240MB"


def parquet_files(path: Path) -> list[Path]:
    folder, single = path / "observations", path / "observations.parquet"
    try:
        if folder.is_dir():
            return sorted(folder.rglob("*.parquet"))
        return [single] if single.is_file() else []
    except OSError as exc:  # a folder we may not list
        raise LoadError([failure(str(folder), exc)]) from exc


def folder_files(path: Path) -> list[Path]:
    """Every file `open_dir` may read in a data folder (present or not), the folder first."""
    files = [path, path / "indicators.csv", path / "observations.csv", path / "observations.parquet"]
    files.append(path / "standards.csv")  # series breaks: the folder's own standards, if any
    try:
        files += sorted((path / "observations").rglob("*.parquet"))
    except OSError:
        pass
    return files


def read_catalogue(path: Path) -> pd.DataFrame:
    """Read and validate `indicators.csv` alone (a Parquet folder's catalogue)."""
    result = validate.validate_paths([path / "indicators.csv"], base_units={})[0]
    _check_catalogue(result)
    return result.frame


def _check_catalogue(result: contract.FileResult) -> None:
    """A catalogue that cannot be used: its problems, or that it is another kind of file."""
    if result.kind == "observations":  # its figures would all be "not in the catalogue"
        raise LoadError([contract.Problem(result.file, "", "", "not_catalogue")])
    if result.problems or result.kind != "indicators" or result.frame is None:
        raise LoadError(result.problems or [contract.Problem(result.file, "1", "", "unknown_kind")])
