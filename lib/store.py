"""The DuckDB store: loads indicator data once, owns every SQL statement.

Tables `indicators` and `observations` hold the files as loaded (typed columns, sorted by
period so DuckDB can skip row groups a query does not need). The view `derived` computes the
figures the source implies but does not print, each with its formula and the range the
rounding of the reported percentage allows; `figures` is both together, with a provenance
column saying which is which.

Rules: queries are named functions taking a cursor and plain parameters bound with `$name`;
no SQL text is ever built from values; identifiers come from fixed lists. Results are small
DataFrames. This module never writes to the data folder and never imports Streamlit.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from lib import areas as area_catalogue  # `areas` is also a query function below
from lib import settings, validate

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
       a.value / ((p.value - {_HALF.format(t="p")}) / 100) AS value_high
FROM a JOIN p USING (indicator_id, area, period)
WHERE NOT EXISTS (SELECT 1 FROM g WHERE g.indicator_id = a.indicator_id
                  AND g.area = a.area AND g.period = a.period)
UNION ALL
-- Previous year's actual from this year's actual and the reported change.
SELECT a.indicator_id, a.area, CAST(a.year - 1 AS VARCHAR), a.year - 1, NULL, 'actual',
       a.value / (1 + c.value / 100), 'exact', 'derived', a.source, NULL,
       'actual / (1 + change_pct / 100)',
       a.value / (1 + (c.value + {_HALF.format(t="c")}) / 100),
       a.value / (1 + (c.value - {_HALF.format(t="c")}) / 100)
FROM a JOIN c USING (indicator_id, area, period)
WHERE a.month IS NULL AND NOT EXISTS (
    SELECT 1 FROM a AS b WHERE b.indicator_id = a.indicator_id AND b.area = a.area
    AND b.period = CAST(a.year - 1 AS VARCHAR))
UNION ALL
-- % of plan from the actual and the plan, when the source did not print it.
SELECT a.indicator_id, a.area, a.period, a.year, a.month, 'pct_of_target',
       100 * a.value / g.value, 'exact', 'derived', a.source, NULL,
       '100 * actual / target', NULL, NULL
FROM a JOIN g USING (indicator_id, area, period)
WHERE g.value <> 0 AND NOT EXISTS (SELECT 1 FROM p WHERE p.indicator_id = a.indicator_id
                  AND p.area = a.area AND p.period = a.period)
UNION ALL
-- Change on the previous year from two actuals, when the source did not print it.
SELECT a.indicator_id, a.area, a.period, a.year, a.month, 'change_pct',
       100 * (a.value / b.value - 1), 'exact', 'derived', a.source, NULL,
       '100 * (actual / previous_actual - 1)', NULL, NULL
FROM a JOIN a AS b ON b.indicator_id = a.indicator_id AND b.area = a.area
     AND b.month IS NULL AND b.year = a.year - 1
WHERE a.month IS NULL AND b.value <> 0 AND NOT EXISTS (
    SELECT 1 FROM c WHERE c.indicator_id = a.indicator_id AND c.area = a.area
    AND c.period = a.period)
"""

FIGURES_SQL = """
CREATE OR REPLACE VIEW figures AS
SELECT indicator_id, area, period, year, month, measure, value, bound, provenance, source,
       note, NULL AS formula, value AS value_low, value AS value_high
FROM observations
UNION ALL
SELECT indicator_id, area, period, year, month, measure, value, bound, provenance, source,
       note, formula, value_low, value_high
FROM derived
UNION ALL
SELECT indicator_id, area, period, year, month, measure, value, bound, provenance, source,
       note, formula, value_low, value_high
FROM rollup
"""

# Units whose monthly figures add up to a year (a count or an amount, not a rate or a stock).
ADDITIVE_UNITS = ["people", "households", "gifts", "families", "vnd"]

# Whole-year totals of monthly actuals and targets, built once at load so that a year's
# overview reads a few hundred rows instead of scanning every month of every commune. Only
# complete years (12 months) are summed, and never where the data already has the year's
# figure. The communes of the area catalogue (table `areas`, from lib/areas.py) also add up to
# their parent province (`p08`) and to `all`. A total of synthetic months is synthetic; any
# other total is derived.
# One year at a time (`$year`): a year's groups fit in the store's capped memory, where all ten
# years at once spilled to disk (3-4 times the CPU time at 10 million rows).
ROLLUP_SQL = """
WITH m AS (
    SELECT indicator_id, area, year, measure, sum(value) AS value, count(*) AS months,
           bool_and(provenance = 'synthetic') AS synthetic, min(source) AS source
    FROM observations
    WHERE month IS NOT NULL AND measure IN ('actual', 'target') AND year = $year
      AND indicator_id IN (SELECT indicator_id FROM indicators
                           WHERE list_contains($additive_units, unit))
    GROUP BY ALL
), levels AS (
    SELECT indicator_id, area, year, measure, value, months = 12 AS complete, synthetic, source,
           'sum of the 12 monthly values' AS formula
    FROM m
    UNION ALL
    SELECT indicator_id, c.parent, year, measure, sum(value),
           bool_and(months = 12), bool_and(synthetic), min(source),
           'sum over the areas inside of the 12 monthly values'
    FROM m JOIN areas c ON c.area_id = m.area AND c.level = 'commune' GROUP BY ALL
    UNION ALL
    SELECT indicator_id, 'all', year, measure, sum(value), bool_and(months = 12),
           bool_and(synthetic), min(source), 'sum over all areas of the 12 monthly values'
    FROM m JOIN areas c ON c.area_id = m.area AND c.level = 'commune' GROUP BY ALL
), totals AS (
    SELECT * FROM levels l
    WHERE complete AND NOT EXISTS (
        SELECT 1 FROM observations o WHERE o.month IS NULL AND o.indicator_id = l.indicator_id
        AND o.area = l.area AND o.year = l.year AND o.measure = l.measure)
)
SELECT indicator_id, area, CAST(year AS VARCHAR) AS period, year, CAST(NULL AS INTEGER) AS month,
       measure, value, 'exact' AS bound,
       CASE WHEN synthetic THEN 'synthetic' ELSE 'derived' END AS provenance, source,
       CAST(NULL AS VARCHAR) AS note, formula, value AS value_low, value AS value_high
FROM totals
UNION ALL
SELECT a.indicator_id, a.area, a.period, a.year, NULL, 'pct_of_target', 100 * a.value / g.value,
       'exact', CASE WHEN a.synthetic AND g.synthetic THEN 'synthetic' ELSE 'derived' END,
       a.source, NULL, '100 * actual / target', NULL, NULL
FROM (SELECT *, CAST(year AS VARCHAR) AS period FROM totals WHERE measure = 'actual') a
JOIN (SELECT * FROM totals WHERE measure = 'target') g USING (indicator_id, area, year)
WHERE g.value <> 0
ORDER BY period, indicator_id, area, measure
"""


def _build(con: duckdb.DuckDBPyConnection, indicators: pd.DataFrame, observations) -> None:
    """Load the catalogue and the observations into `con`, then the totals, derived figures
    and the provenance counts (tables: the store is read-only once built)."""
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
    if isinstance(observations, ParquetSource):
        _load_parquet(con, observations)
    else:
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
                 CAST(nullif(note, '') AS VARCHAR) AS note
               FROM obs_df ORDER BY period, indicator_id, area, measure"""
        )
        con.unregister("obs_df")
    # Today's units and their parents: the hierarchy the totals follow (never parsed from ids).
    con.register("areas_df", area_catalogue.hierarchy())
    con.execute("CREATE TABLE areas AS SELECT * FROM areas_df")
    con.unregister("areas_df")
    params = {"additive_units": ADDITIVE_UNITS}
    con.execute(f"CREATE OR REPLACE TABLE rollup AS {ROLLUP_SQL}", params | {"year": None})  # empty
    monthly = "SELECT DISTINCT year FROM observations WHERE month IS NOT NULL ORDER BY year"
    for (year,) in con.execute(monthly).fetchall():
        con.execute(f"INSERT INTO rollup {ROLLUP_SQL}", params | {"year": year})
    con.execute(TRACK_MONTHLY_SQL, params)
    con.execute(TRACK_MONTHLY_AREAS_SQL)
    con.execute(DERIVED_SQL)
    con.execute(FIGURES_SQL)
    con.execute(PROVENANCE_COUNTS_SQL)


PROVENANCE_COUNTS_SQL = """
CREATE OR REPLACE TABLE provenance_counts AS
SELECT provenance, count(*) AS rows FROM observations GROUP BY provenance
"""

# How this version builds a store: its own source, the contract's rules and DuckDB's version.
# Part of every content token, so a changed app never opens a store an older one built.
_BUILD_VERSION = hashlib.sha256(
    Path(__file__).read_bytes()
    + Path(validate.__file__).read_bytes()
    + (settings.BUNDLED_DATA_DIR / "areas.csv").read_bytes()  # the hierarchy the totals follow
    + duckdb.__version__.encode()
).hexdigest()

# Every connection: never reach for the network (no extension downloads, no remote files).
_CONFIG = {"autoinstall_known_extensions": False, "autoload_known_extensions": False}


def content_token(indicators: pd.DataFrame, observations: pd.DataFrame | ParquetSource) -> str:
    """A checksum of the data's content and of how this version builds a store from it.

    Frames are hashed by value (pandas' row hashes); Parquet files by their bytes, read in
    chunks (a file's name, size or time would miss an edit that keeps them). The SQL that
    builds the store is part of it, so a new version of the app never opens an old build.
    """
    digest = hashlib.sha256(_BUILD_VERSION.encode())
    digest.update(pd.util.hash_pandas_object(indicators, index=False).to_numpy().tobytes())
    digest.update("|".join(map(str, indicators.columns)).encode())
    if isinstance(observations, ParquetSource):
        for name in observations.files:
            try:
                with open(name, "rb") as f:
                    digest.update(hashlib.file_digest(f, "sha256").digest())
            except OSError as exc:  # e.g. a folder named like a Parquet file
                raise LoadError([validate.Problem(name, "", "", "bad_parquet")]) from exc
    else:
        digest.update(pd.util.hash_pandas_object(observations, index=False).to_numpy().tobytes())
        digest.update("|".join(map(str, observations.columns)).encode())
    return digest.hexdigest()[:32]


def stores_dir() -> Path:
    """Where built stores live: `<state folder>/stores`."""
    return settings.state_dir() / "stores"


# Built stores kept besides the one in use (other data folders, or versions just replaced).
KEEP_OTHER_STORES = 2


def persistent_store(token: str, indicators: pd.DataFrame, source: ParquetSource) -> Path:
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
                _build(con, indicators, source)
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
    ):
        self.label = label
        self._lock = threading.Lock()
        self._tmp: tempfile.TemporaryDirectory | None = None
        self._con = None
        self.token = content_token(indicators, observations)
        config = dict(_CONFIG)
        try:
            if isinstance(observations, ParquetSource):
                # Compressed columns with min/max per block (a year's query skips the other
                # years), a bounded buffer pool, and spilling to a temporary folder.
                config["memory_limit"] = BIG_MEMORY_LIMIT
                if persist if persist is not None else not settings.demo_mode():
                    path = persistent_store(self.token, indicators, observations)
                    # One spill folder for the process: DuckDB shares one database between
                    # the connections to a file only when their settings are the same.
                    config["temp_directory"] = _process_spill_dir()
                    self._con = duckdb.connect(str(path), read_only=True, config=config)
                else:
                    self._tmp = tempfile.TemporaryDirectory(prefix="chitieu-store-")
                    config["temp_directory"] = self._tmp.name
                    self._con = duckdb.connect(str(Path(self._tmp.name) / "store.duckdb"), config=config)
                    _build(self._con, indicators, observations)
            else:
                self._con = duckdb.connect(":memory:", config=config)
                _build(self._con, indicators, observations)
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


class LoadError(Exception):
    """The data folder does not pass validation; `problems` says where and why."""

    def __init__(self, problems: list[validate.Problem]):
        super().__init__("\n".join(p.text() for p in problems))
        self.problems = problems


def read_dir(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Read and validate `indicators.csv` and `observations.csv` from a folder.

    A missing or invalid catalogue is reported alone (without it every figure would also be
    "not in the catalogue").
    """
    ind_path, obs_path = path / "indicators.csv", path / "observations.csv"
    results = validate.validate_paths([ind_path, obs_path], base_units={}, number_style="plain")
    catalogue, figures = results
    _check_catalogue(catalogue)
    if figures.problems or figures.kind != "observations":
        raise LoadError(figures.problems or [validate.Problem(figures.file, "1", "", "unknown_kind")])
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
        raise LoadError([validate.Problem(str(path), "", "", "folder_missing")])
    files = parquet_files(path)
    try:
        if files and not (path / "observations.csv").exists():
            source = ParquetSource(tuple(str(f) for f in files))
            return Store(read_catalogue(path), source, label=str(path))
        indicators, observations = read_dir(path)
        return Store(indicators, observations, label=str(path))
    except (duckdb.Error, OSError) as exc:
        raise LoadError([_failure(str(path), exc)]) from exc


def _failure(file: str, exc: BaseException) -> validate.Problem:
    """An unexpected database or system error while loading, as a problem naming the file."""
    text = (str(exc).splitlines() or [type(exc).__name__])[0]
    return validate.Problem(file, "", "", "unreadable", text[:300])


# ---------------------------------------------------------------- Parquet data folders

# DuckDB's buffer pool for a Parquet-backed store: the rest of a serving process (Python,
# Streamlit, pandas results) fits beside it in the benchmark's 600 MB.
BIG_MEMORY_LIMIT = "240MB"


@dataclass(frozen=True)
class ParquetSource:
    """Observations as Parquet files, read by DuckDB straight into the store."""

    files: tuple[str, ...]


def parquet_files(path: Path) -> list[Path]:
    folder, single = path / "observations", path / "observations.parquet"
    try:
        if folder.is_dir():
            return sorted(folder.rglob("*.parquet"))
        return [single] if single.is_file() else []
    except OSError as exc:  # a folder we may not list
        raise LoadError([_failure(str(folder), exc)]) from exc


def folder_files(path: Path) -> list[Path]:
    """Every file `open_dir` may read in a data folder (present or not), the folder first."""
    files = [path, path / "indicators.csv", path / "observations.csv", path / "observations.parquet"]
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


def _check_catalogue(result: validate.FileResult) -> None:
    """A catalogue that cannot be used: its problems, or that it is another kind of file."""
    if result.kind == "observations":  # its figures would all be "not in the catalogue"
        raise LoadError([validate.Problem(result.file, "", "", "not_catalogue")])
    if result.problems or result.kind != "indicators" or result.frame is None:
        raise LoadError(result.problems or [validate.Problem(result.file, "1", "", "unknown_kind")])


# One scan finds every row that breaks a per-row rule (at most `limit` of them; the
# examples say which rule); duplicates need their own grouping. Same rules as validate.py.
_PARQUET_ROW_CHECKS = [
    # (problem code, column, condition on the raw row, what was expected)
    ("required", "indicator_id", "coalesce(indicator_id, '') = ''", ""),
    ("required", "area", "coalesce(area, '') = ''", ""),
    ("required", "period", "coalesce(period, '') = ''", ""),
    ("required", "measure", "coalesce(measure, '') = ''", ""),
    ("required", "value", "value IS NULL", ""),
    (
        "unknown_indicator",
        "indicator_id",
        "indicator_id <> '' AND NOT list_contains($known, indicator_id)",
        "",
    ),
    (
        "bad_period",
        "period",
        "period <> '' AND NOT regexp_full_match(period, '\\d{4}(-(0[1-9]|1[0-2]))?')",
        "YYYY | YYYY-MM",
    ),
    ("bad_value", "measure", "measure <> '' AND NOT list_contains($measures, measure)", ""),
    ("bad_value", "bound", "NOT list_contains($bounds, coalesce(nullif(bound, ''), 'exact'))", ""),
    (
        "bad_value",
        "provenance",
        "NOT list_contains($provenances, coalesce(nullif(provenance, ''), 'user'))",
        "",
    ),
    (
        "not_number",
        "value",
        "value IS NOT NULL AND NOT coalesce(isfinite(TRY_CAST(value AS DOUBLE)), false)",
        "25953 | 169.7",
    ),
    (
        "negative",
        "value",
        "TRY_CAST(value AS DOUBLE) < 0 AND list_contains($non_negative, indicator_id)"
        " AND list_contains($non_negative_measures, measure)",
        ">= 0",
    ),
]
_PARQUET_COLUMNS = {c: f"CAST({c} AS VARCHAR) AS {c}" for c in validate.OBSERVATION_COLUMNS if c != "value"}
_CHECKED_COLUMNS = ["indicator_id", "area", "period", "measure", "bound", "provenance", "value"]
_PARQUET_TYPED = """
CREATE TABLE observations AS SELECT
  indicator_id, area, period, CAST(substr(period, 1, 4) AS INTEGER) AS year,
  CAST(nullif(substr(period, 6, 2), '') AS INTEGER) AS month, measure,
  CAST(value AS DOUBLE) AS value,
  -- decimals as written matter only for reported percentages (a plan's range comes from them)
  CASE WHEN measure IN ('pct_of_target', 'change_pct')
       THEN length(rtrim(split_part(CAST(value AS VARCHAR), '.', 2), '0')) ELSE 0 END
       AS value_decimals,
  coalesce(nullif(bound, ''), 'exact') AS bound, coalesce(nullif(provenance, ''), 'user') AS provenance,
  nullif(source, '') AS source, nullif(note, '') AS note
FROM raw_obs"""
_PARQUET_SORTED = """
SELECT coalesce(bool_and(prev_max IS NULL OR stats_min >= prev_max), false) FROM (
    SELECT stats_min, lag(stats_max) OVER (ORDER BY list_position($files, file_name), row_group_id)
           AS prev_max
    FROM parquet_metadata($files) WHERE path_in_schema = 'period')
"""
_PARQUET_DUPLICATES = """
SELECT indicator_id, area, period, measure FROM observations WHERE year = $year
GROUP BY ALL HAVING count(*) > 1 LIMIT 5
"""
_PARQUET_DUPLICATE_ROWS = """
SELECT indicator_id, area, period, measure, filename, file_row_number + 1 FROM raw_obs
WHERE list_contains($keys, [indicator_id, area, period, measure])
ORDER BY indicator_id, area, period, measure, filename, file_row_number
"""


# Parquet column types the contract can read (DuckDB type ids): the figure is a number (or text
# holding one, checked row by row); the other columns are text or plain scalars such as a year.
_PARQUET_VALUE_TYPES = {
    "tinyint", "smallint", "integer", "bigint", "hugeint", "utinyint", "usmallint", "uinteger",
    "ubigint", "uhugeint", "float", "double", "decimal", "varchar",
}  # fmt: skip
_PARQUET_NESTED_TYPES = {"list", "struct", "map", "array", "union", "blob", "bit"}


def _parquet_type_ok(column: str, type_id: str) -> bool:
    if column == "value":
        return type_id in _PARQUET_VALUE_TYPES
    return type_id not in _PARQUET_NESTED_TYPES


def _parquet_types_ok(con: duckdb.DuckDBPyConnection, file: str, column: str) -> bool:
    """Whether one file's `column` (if it has one) is of a type the contract can read."""
    rel = con.read_parquet(file)
    return all(_parquet_type_ok(c, k.id) for c, k in zip(rel.columns, rel.types, strict=True) if c == column)


def _damaged_parquet(
    con: duckdb.DuckDBPyConnection, source: ParquetSource, exc: duckdb.Error
) -> validate.Problem:
    """Which file DuckDB could not read: the first whose footer does not parse, else the error."""
    for file in source.files:
        try:
            con.execute("SELECT count(*) FROM parquet_metadata($f)", {"f": file}).fetchone()
        except duckdb.Error:
            return validate.Problem(file, "", "", "bad_parquet")
    return _failure(source.files[0] if len(source.files) == 1 else str(Path(source.files[0]).parent), exc)


def _load_parquet(con: duckdb.DuckDBPyConnection, source: ParquetSource) -> None:
    """Check the Parquet rows with SQL (never row by row in Python), then load them typed.

    Raises LoadError with the problems found; the caller then drops the whole store, so a
    folder with any error loads nothing. A file DuckDB cannot read (random bytes, truncated)
    is named; so is a column of a type the contract cannot hold (a list, a date as the figure).
    """
    try:
        _load_parquet_checked(con, source)
    except duckdb.Error as exc:
        raise LoadError([_damaged_parquet(con, source, exc)]) from exc


def _load_parquet_checked(con: duckdb.DuckDBPyConnection, source: ParquetSource) -> None:
    label = ", ".join(source.files[:1]) + (f" (+{len(source.files) - 1})" if len(source.files) > 1 else "")
    raw = con.read_parquet(
        list(source.files),
        filename=True,
        file_row_number=True,
        union_by_name=True,
        hive_partitioning=False,
    )
    missing = [c for c in validate.OBSERVATION_REQUIRED if c not in raw.columns]
    if missing:
        raise LoadError([validate.Problem(label, "1", c, "missing_column") for c in missing])
    wrong = []
    for column, kind in zip(raw.columns, raw.types, strict=True):
        if column in validate.OBSERVATION_COLUMNS and not _parquet_type_ok(column, kind.id):
            holder = next((f for f in source.files if not _parquet_types_ok(con, f, column)), label)
            expected = "BIGINT | DOUBLE | DECIMAL | VARCHAR" if column == "value" else "VARCHAR"
            wrong.append(validate.Problem(holder, "", column, "bad_column_type", str(kind), expected))
    if wrong:
        raise LoadError(wrong)
    # Identifiers come from the contract's fixed column list; absent optional columns are NULL.
    select = ", ".join(
        [
            _PARQUET_COLUMNS[c] if c in raw.columns else f"CAST(NULL AS VARCHAR) AS {c}"
            for c in _PARQUET_COLUMNS
        ]
        + ["value", "filename", "file_row_number"]
    )
    raw.select(select).create_view("raw_obs")
    units_by_id = dict(con.execute("SELECT indicator_id, unit FROM indicators").fetchall())
    params = {
        "known": sorted(units_by_id),
        "measures": list(validate.MEASURES),
        "bounds": list(validate.BOUNDS),
        "provenances": list(validate.PROVENANCES),
        "non_negative": sorted(i for i, u in units_by_id.items() if u in validate.NON_NEGATIVE_UNITS),
        "non_negative_measures": sorted(validate.NON_NEGATIVE_MEASURES),
    }
    flags = ", ".join(f"({cond}) AS f{n}" for n, (_, _, cond, _) in enumerate(_PARQUET_ROW_CHECKS))
    any_flag = " OR ".join(f"({cond})" for _, _, cond, _ in _PARQUET_ROW_CHECKS)
    bad = con.execute(
        f"SELECT filename, file_row_number, indicator_id, area, period, measure, bound, provenance,"
        f" CAST(value AS VARCHAR) AS value, {flags} FROM raw_obs WHERE {any_flag} LIMIT 20",
        params,
    ).fetchall()
    problems = []
    for row in bad:
        file, line = row[0], str(row[1] + 1)
        cells = dict(zip(_CHECKED_COLUMNS, row[2:9], strict=True))
        for (code, column, _, expected), hit in zip(_PARQUET_ROW_CHECKS, row[9:], strict=True):
            if hit:
                problems.append(validate.Problem(file, line, column, code, cells.get(column) or "", expected))
    if problems:
        raise LoadError(problems)
    # Files already in period order (each row group's periods after the previous one's, as
    # `python -m lib synth` writes them) load as they are; others are sorted here.
    sorted_already = con.execute(_PARQUET_SORTED, {"files": list(source.files)}).fetchone()[0]
    con.execute(_PARQUET_TYPED + ("" if sorted_already else " ORDER BY period"))
    # Duplicates share a period, so a year at a time keeps the grouping small.
    keys = []
    for (year,) in con.execute("SELECT DISTINCT year FROM observations ORDER BY year").fetchall():
        keys += con.execute(_PARQUET_DUPLICATES, {"year": year}).fetchall()
        if len(keys) >= 5:
            break
    if keys:
        rows = con.execute(_PARQUET_DUPLICATE_ROWS, {"keys": [list(k) for k in keys[:5]]}).fetchall()
        first: dict[tuple, str] = {}
        for ind, area, period, measure, file, line in rows:
            key = (ind, area, period, measure)
            if key in first:
                problems.append(
                    validate.Problem(
                        file, str(line), "", "duplicate", " / ".join(key), params=(("first", first[key]),)
                    )
                )
            first.setdefault(key, f"{file}:{line}")
        raise LoadError(problems)
    con.execute("DROP VIEW raw_obs")


# ---------------------------------------------------------------- synthetic data (lib/synth.py)

_SYNTH_ROWS_SQL = """
SELECT CAST(indicator_id AS VARCHAR) AS indicator_id, CAST(area AS VARCHAR) AS area,
       printf('%04d-%02d', $first_year + m // 12, m % 12 + 1) AS period,
       CASE k WHEN 0 THEN 'actual' ELSE 'target' END AS measure,
       value, 'exact' AS bound, 'synthetic' AS provenance,
       CAST($source AS VARCHAR) AS source, CAST(NULL AS VARCHAR) AS note,
       CAST($first_year + m // 12 AS INTEGER) AS year
FROM cells
"""


def write_synthetic_parquet(cells: pd.DataFrame, out_dir: Path, first_year: int, source: str) -> None:
    """Observation rows from coded cells, as Parquet partitioned by year, in the cells' order.

    `cells` has indicator_id and area (categoricals), m (month index from January of
    `first_year`), k (0 actual, 1 target) and value, already sorted by period: a projection
    keeps that order (no sort, so 10 million rows need little memory).
    """
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET preserve_insertion_order = true")
        con.execute("SET threads = 1")  # one writer keeps the rows in period order
        con.register("cells", cells)
        rel = con.sql(_SYNTH_ROWS_SQL, params={"first_year": first_year, "source": source})
        rel.write_parquet(str(out_dir), partition_by=["year"], compression="zstd", row_group_size=122_880)
    finally:
        con.close()


# ---------------------------------------------------------------- queries


def indicators(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    return con.execute("SELECT * FROM indicators ORDER BY field, indicator_id").df()


def units(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("SELECT indicator_id, unit FROM indicators").fetchall())


def loaded_observations(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The observations as loaded, in the contract's columns (for comparing an upload with them)."""
    return con.execute(
        """SELECT indicator_id, area, period, measure, value, bound, provenance,
                  coalesce(source, '') AS source, coalesce(note, '') AS note, value_decimals
           FROM observations ORDER BY indicator_id, area, period, measure"""
    ).df()


def observation_count(con: duckdb.DuckDBPyConnection) -> int:
    """How many observations are loaded (a count, no rows read: decides what the Data page offers)."""
    return con.execute("SELECT count(*) FROM observations").fetchone()[0]


def compare_upload(con: duckdb.DuckDBPyConnection, upload: pd.DataFrame) -> pd.DataFrame:
    """Each uploaded figure beside the loaded one with the same indicator, area, period and
    measure, in upload order: indicator_id, area, period, measure, value, bound, current_value,
    current_bound and `known` (a loaded figure has that key). The join runs in DuckDB, so a
    small upload against millions of loaded rows brings back only the upload's rows."""
    cols = ["indicator_id", "area", "period", "measure", "value", "bound"]
    frame = upload[cols].assign(upload_row=range(len(upload)))
    # A cursor of this session's own: the registered name is visible to it alone.
    cur = con.cursor()
    cur.register("upload_df", frame)
    try:
        return cur.execute(
            """SELECT u.indicator_id, u.area, u.period, u.measure, CAST(u.value AS DOUBLE) AS value,
                      u.bound, o.value AS current_value, o.bound AS current_bound,
                      o.indicator_id IS NOT NULL AS known
               FROM (SELECT CAST(indicator_id AS VARCHAR) AS indicator_id, CAST(area AS VARCHAR) AS area,
                            CAST(period AS VARCHAR) AS period, CAST(measure AS VARCHAR) AS measure,
                            value, CAST(bound AS VARCHAR) AS bound, upload_row FROM upload_df) u
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
          any_value(provenance) FILTER (WHERE measure = 'change_pct') AS change_provenance"""

_YEAR_SUMMARY = f"""
        WITH f AS (
            SELECT * FROM figures
            WHERE year = $year AND month IS NULL AND ($area IS NULL OR area = $area)
        )
        SELECT i.indicator_id, i.field, i.name_vi, i.name_en, i.unit, i.direction, f.area,
          {_PIVOT_COLUMNS}
        FROM f JOIN indicators i USING (indicator_id)
        GROUP BY ALL
        ORDER BY i.field, i.indicator_id, f.area
        """


def year_summary(con: duckdb.DuckDBPyConnection, year: int, area: str | None = None) -> pd.DataFrame:
    """One row per indicator for a year (whole-year figures): actual, plan, % of plan, change.

    Each figure comes with its provenance, bound and, for derived figures, the formula and
    the range the rounding allows. `area` None means every area (one row per indicator and
    area); the bundled data has one area, the whole province.
    """
    return con.execute(_YEAR_SUMMARY, {"year": year, "area": area}).df()


# ---- simulator: baselines, targets and monthly actuals for one indicator (whole-year rows
# have month NULL). One query per indicator; the choices are picked from its rows.


def sim_figures(con: duckdb.DuckDBPyConnection, indicator_id: str, area: str) -> pd.DataFrame:
    """Whole-year actuals and targets of one indicator, one row per year and measure, a
    reported (or user) figure preferred to a derived one: year, measure, value, bound,
    provenance, formula; oldest first."""
    return con.execute(
        """SELECT year, measure, arg_min(value, provenance = 'derived') AS value,
                  arg_min(bound, provenance = 'derived') AS bound,
                  arg_min(provenance, provenance = 'derived') AS provenance,
                  arg_min(formula, provenance = 'derived') AS formula
           FROM figures WHERE indicator_id = $id AND area = $area AND month IS NULL
           AND measure IN ('actual', 'target') GROUP BY year, measure ORDER BY year, measure""",
        {"id": indicator_id, "area": area},
    ).df()


def _row(frame: pd.DataFrame) -> dict | None:
    if frame.empty:
        return None
    r = frame.iloc[-1]
    return {
        "value": float(r["value"]), "year": int(r["year"]), "bound": r["bound"],
        "provenance": r["provenance"], "formula": r["formula"] if isinstance(r["formula"], str) else None,
    }  # fmt: skip


def sim_choices(rows: pd.DataFrame) -> dict:
    """From `sim_figures` rows: the year to simulate (the latest year with a set target) and its
    target, the latest actual before it, and the baselines: last_actual, last_plan (the latest
    earlier plan, reported or derived) and mean (of every earlier year's actual). Each figure:
    {"value", "year", "bound", "provenance", "formula"}; missing ones are None."""
    # The year to simulate has a target someone set (reported or user), not a derived past plan.
    targets = rows[(rows["measure"] == "target") & (rows["provenance"] != "derived")]
    if targets.empty:
        return {"year": None, "target": None, "last_actual": None, "baselines": {}}
    year = int(targets["year"].max())
    before = rows[rows["year"] < year]
    actuals, plans = before[before["measure"] == "actual"], before[before["measure"] == "target"]
    last = _row(actuals)
    baselines = {"last_actual": last, "last_plan": _row(plans)}
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
        "target": _row(targets[targets["year"] == year]),
        "last_actual": last,
        "baselines": {k: v for k, v in baselines.items() if v},
    }


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
    first: area, period, year, month, measure, value, bound, provenance, formula, range, source."""
    params = _explore_params(**{**filters, "indicators": [indicator_id]})
    return con.execute(
        f"""
        SELECT f.area, f.period, f.year, f.month, f.measure, f.value, f.bound, f.provenance,
               f.formula, f.value_low, f.value_high, f.source
        FROM figures f
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
    source and, for derived figures, the formula and the range the rounding allows.
    """
    return con.execute(
        """
        SELECT i.field, f.indicator_id, i.name_vi, i.name_en, i.unit, i.direction, f.area,
               f.year, f.measure, f.value, f.bound, f.provenance, f.formula, f.value_low,
               f.value_high, f.source, f.note
        FROM figures f JOIN indicators i USING (indicator_id)
        WHERE f.month IS NULL AND f.year BETWEEN $year - 1 AND $year + 1
          AND ($area IS NULL OR f.area = $area)
        ORDER BY i.field, f.indicator_id, f.area, f.year, f.measure
        """,
        {"year": year, "area": area},
    ).df()


# ---- tracking (lib/tracking.py) and its backtest (lib/backtest.py): every indicator with a
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
SELECT DISTINCT area FROM observations WHERE month IS NOT NULL AND measure = 'actual'
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
    params = {"area": area, "first": first_year, "last": last_year, "additive_units": ADDITIVE_UNITS}
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
        {"additive_units": ADDITIVE_UNITS},
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
