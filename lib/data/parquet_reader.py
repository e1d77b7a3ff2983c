"""The Parquet door: a data folder's Parquet files checked against the contract, then loaded.

The counterpart of lib/data/validate.py for big data: the same per-row rules (`contract.ROW_RULES`,
each rule's SQL beside its Python), applied by DuckDB instead of row by row, then the rows typed
into the store's `observations` table (`load`), then one standard per series-year and duplicates
(`contract.DUPLICATE_KEY`), from the store's per-year groups (`check_groups`). A folder with
any error loads nothing (`LoadError` names each cell); a file DuckDB cannot read, or a column
of a type the contract cannot hold, is named too.

Why the rules run one by one: a rule that reads one column (a period's form, a measure's
name) is asked of that column's distinct values, a handful per file, and a rule that reads the
figure is a filter DuckDB pushes into the Parquet scan; all rules OR-ed into one scan cost
seconds at ten million rows. Only when a rule finds something does the one scan that names
every broken cell (at most 20 rows) run, so the problems a user sees are the same either way.

What is stored: the typed rows go to `observation_rows`, except the columns that hold one value
in every row (often `bound`, `provenance`, `source`, `note`, `standard` in a big export), which go
once to the one-row table `observation_constants`; the view `observations` is both side by side,
so every query reads the same columns as before. Writing a text column costs about a second of
CPU per ten million rows whatever it holds, and most of a first build was that.

Series breaks: the optional `standard` column (absent in a file: empty) is checked by the same
contract rules (shape, an id of the store's `standards` table), and one series carries one
standard a year (`_check_standards`, as the CSV reader's `standard_mixed`, read off the store's
per-year groups with the duplicates: `check_groups`).

SQL lives in the store layer: lib/data/store.py (building), lib/data/queries.py (asking) and this module
(loading Parquet into a store being built). Never writes a file, never imports Streamlit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb

from lib.data import contract


class LoadError(Exception):
    """The data folder does not pass validation; `problems` says where and why."""

    def __init__(self, problems: list[contract.Problem]):
        super().__init__("\n".join(p.text() for p in problems))
        self.problems = problems


def failure(file: str, exc: BaseException) -> contract.Problem:
    """An unexpected database or system error while loading, as a problem naming the file."""
    text = (str(exc).splitlines() or [type(exc).__name__])[0]
    return contract.Problem(file, "", "", "unreadable", text[:300])


@dataclass(frozen=True)
class ParquetSource:
    """Observations as Parquet files, read by DuckDB straight into the store."""

    files: tuple[str, ...]


_PARQUET_COLUMNS = {c: f"CAST({c} AS VARCHAR) AS {c}" for c in contract.OBSERVATION_COLUMNS if c != "value"}
_CHECKED_COLUMNS = ["indicator_id", "area", "period", "measure", "bound", "provenance", "value", "standard"]
# The rows typed as the store holds them (a view of the build; `load` writes it once).
_PARQUET_TYPED = """
CREATE TEMP VIEW typed_obs AS SELECT
  indicator_id, area, period, CAST(substr(period, 1, 4) AS INTEGER) AS year,
  CAST(nullif(substr(period, 6, 2), '') AS INTEGER) AS month, measure,
  CAST(value AS DOUBLE) AS value,
  -- decimals as written matter only for reported percentages (a plan's range comes from them)
  CASE WHEN measure IN ('pct_of_target', 'change_pct')
       THEN length(rtrim(split_part(CAST(value AS VARCHAR), '.', 2), '0')) ELSE 0 END
       AS value_decimals,
  coalesce(nullif(bound, ''), 'exact') AS bound, coalesce(nullif(provenance, ''), 'user') AS provenance,
  nullif(source, '') AS source, nullif(note, '') AS note,
  coalesce(standard, '') AS standard  -- series breaks: '' = no standard stated
FROM raw_obs"""
# The store's `observations`, in these columns and this order (the CSV door's table has the same).
_STORED_COLUMNS = [
    "indicator_id", "area", "period", "year", "month", "measure", "value", "value_decimals",
    "bound", "provenance", "source", "note", "standard",
]  # fmt: skip
# Columns that often hold one value in every row of a big folder (a national export: one source,
# no notes, every figure `exact` and `synthetic` or `reported`). Such a column is not written ten
# million times (about a second of the first build each, at ten million rows): it is stored once,
# in the one-row table `observation_constants`, and the view `observations` puts it beside every
# row of `observation_rows` (a cross join with one row: what queries read is the same).
_CONSTANT_CANDIDATES = ["bound", "provenance", "source", "note", "standard"]
# Whether each candidate holds at most one value in the files (NULL counts as one: `note` empty
# everywhere), asked of the column's distinct values as the rules are (`_RULE_ON_VALUES`): a
# handful per file, where min and max of the typed rows cost a second and a half. Two raw values
# the typing makes one ('' and NULL: `exact`) only mean the column is written.
_PARQUET_CONSTANT = "SELECT {}".format(
    ", ".join(f"(SELECT count(*) <= 1 FROM (SELECT DISTINCT {c} FROM raw_obs LIMIT 2))"
              for c in _CONSTANT_CANDIDATES)
)  # fmt: skip
# Whether every row group's periods come after the previous one's. pyarrow writes a column's
# statistics as `min_value`/`max_value` only (`stats_min` NULL), and a missing statistic means
# "not known to be sorted": NULLs compared made unsorted pandas files pass as sorted.
_PARQUET_SORTED = """
SELECT coalesce(bool_and(first OR coalesce(lo >= prev_hi, false)), false) FROM (
    SELECT coalesce(stats_min_value, stats_min) AS lo,
           lag(coalesce(stats_max_value, stats_max)) OVER w AS prev_hi, row_number() OVER w = 1 AS first
    FROM parquet_metadata($files) WHERE path_in_schema = 'period'
    WINDOW w AS (ORDER BY list_position($files, file_name), row_group_id))
"""
_KEY = ", ".join(contract.DUPLICATE_KEY)  # indicator_id, area, period, measure
# Groups of the store's `observation_groups` (one per indicator, area, year and measure) that
# hold two rows of one key: two whole-year rows, or fewer distinct months than monthly rows
# (months are 1-12 once the period rule has passed). Then the keys themselves, in those groups.
_PARQUET_DUPLICATE_GROUPS = """
SELECT indicator_id, area, year, measure FROM observation_groups
WHERE rows - monthly_rows > 1 OR months < monthly_rows
ORDER BY year, indicator_id, area, measure LIMIT 5
"""
_PARQUET_DUPLICATES = f"""
SELECT {_KEY} FROM observations
WHERE year = $year AND indicator_id = $indicator_id AND area = $area AND measure = $measure
GROUP BY ALL HAVING count(*) > 1 ORDER BY ALL
"""
_PARQUET_DUPLICATE_ROWS = f"""
SELECT {_KEY}, filename, file_row_number + 1 FROM raw_obs
WHERE list_contains($keys, [{_KEY}])
ORDER BY {_KEY}, filename, file_row_number
"""
# Whether any row breaks one rule: over the distinct values of the one column it reads, or as a
# filter on the rows when it reads the figure or several columns. The LIMIT (never reached) keeps
# DuckDB from pushing the rule below the DISTINCT onto every row, which even a MATERIALIZED CTE
# does not prevent.
_RULE_ON_VALUES = """
SELECT EXISTS (SELECT 1 FROM (SELECT DISTINCT {column} FROM raw_obs LIMIT 9223372036854775807) WHERE {sql})
"""
_RULE_ON_ROWS = "SELECT EXISTS (SELECT 1 FROM raw_obs WHERE {sql})"
# One scan finds every row that breaks a per-row rule of the contract (`contract.ROW_RULES`,
# the same rules the CSV reader applies; at most 20 rows, each flag saying which rule).
_PARQUET_ROW_CHECKS = """
SELECT filename, file_row_number, {checked}, {flags} FROM raw_obs WHERE {any_flag} LIMIT 20
""".format(
    checked=", ".join(c if c != "value" else "CAST(value AS VARCHAR) AS value" for c in _CHECKED_COLUMNS),
    flags=", ".join(f"({rule.sql}) AS f{n}" for n, rule in enumerate(contract.ROW_RULES)),
    any_flag=" OR ".join(f"({rule.sql})" for rule in contract.ROW_RULES),
)


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
) -> contract.Problem:
    """Which file DuckDB could not read: the first whose footer does not parse, else the error."""
    for file in source.files:
        try:
            con.execute("SELECT count(*) FROM parquet_metadata($f)", {"f": file}).fetchone()
        except duckdb.Error:
            return contract.Problem(file, "", "", "bad_parquet")
    return failure(source.files[0] if len(source.files) == 1 else str(Path(source.files[0]).parent), exc)


def load(con: duckdb.DuckDBPyConnection, source: ParquetSource) -> list[str]:
    """Check the Parquet rows with SQL (never row by row in Python), then load them typed.

    Raises LoadError with the problems found; the caller then drops the whole store, so a
    folder with any error loads nothing. Mixed standards and duplicates are the caller's next
    step (`check_groups`, once the store has grouped the rows). A file DuckDB cannot read
    (random bytes, truncated) is named; so is a column of a type the contract cannot hold (a
    list, a date as the figure).
    """
    try:
        _raw_view(con, source)
        _check_rows(con)
        # Files already in period order (each row group's periods after the previous one's, as
        # `python -m lib synth` writes them) load as they are; others are sorted here.
        sorted_already = con.execute(_PARQUET_SORTED, {"files": list(source.files)}).fetchone()[0]
        con.execute(_PARQUET_TYPED)
        constant = _store_typed(con, order="" if sorted_already else " ORDER BY period")
        # mixed standards and duplicates: check_groups, once the store has its groups
        con.execute("DROP VIEW typed_obs")
        con.execute("DROP VIEW raw_obs")
    except duckdb.Error as exc:
        raise LoadError([_damaged_parquet(con, source, exc)]) from exc
    return constant


def _store_typed(con: duckdb.DuckDBPyConnection, order: str) -> list[str]:
    """The typed rows into the tables `observation_rows` (every column that varies) and
    `observation_constants` (one row: the columns that hold one value everywhere), and the view
    `observations` over both, in `_STORED_COLUMNS`. Identifiers come from the fixed lists above."""
    flags = con.execute(_PARQUET_CONSTANT).fetchone()
    constant = [c for c, one in zip(_CONSTANT_CANDIDATES, flags, strict=True) if one]
    stored = [c for c in _STORED_COLUMNS if c not in constant]
    con.execute(f"CREATE TABLE observation_rows AS SELECT {', '.join(stored)} FROM typed_obs{order}")
    if not constant:
        con.execute(f"CREATE VIEW observations AS SELECT {', '.join(stored)} FROM observation_rows")
        return constant
    # Typed as the column (a NULL-only `note` stays VARCHAR); no row when there is no row at all.
    cols = ", ".join(f"CAST({c} AS VARCHAR) AS {c}" for c in constant)
    con.execute(f"CREATE TABLE observation_constants AS SELECT {cols} FROM typed_obs LIMIT 1")
    select = ", ".join(f"k.{c}" if c in constant else f"r.{c}" for c in _STORED_COLUMNS)
    rows = "observation_rows r CROSS JOIN observation_constants k"
    con.execute(f"CREATE VIEW observations AS SELECT {select} FROM {rows}")
    return constant


def _raw_view(con: duckdb.DuckDBPyConnection, source: ParquetSource) -> None:
    """The view `raw_obs`: every file's rows in the contract's columns, once their columns and
    types are checked (absent optional columns are NULL)."""
    label = ", ".join(source.files[:1]) + (f" (+{len(source.files) - 1})" if len(source.files) > 1 else "")
    raw = con.read_parquet(
        list(source.files), filename=True, file_row_number=True, union_by_name=True, hive_partitioning=False
    )
    missing = [c for c in contract.OBSERVATION_REQUIRED if c not in raw.columns]
    if missing:
        raise LoadError([contract.Problem(label, "1", c, "missing_column") for c in missing])
    wrong = []
    for column, kind in zip(raw.columns, raw.types, strict=True):
        if column in contract.OBSERVATION_COLUMNS and not _parquet_type_ok(column, kind.id):
            holder = next((f for f in source.files if not _parquet_types_ok(con, f, column)), label)
            expected = "BIGINT | DOUBLE | DECIMAL | VARCHAR" if column == "value" else "VARCHAR"
            wrong.append(contract.Problem(holder, "", column, "bad_column_type", str(kind), expected))
    if wrong:
        raise LoadError(wrong)
    # Identifiers come from the contract's fixed column list.
    select = ", ".join(
        [
            _PARQUET_COLUMNS[c] if c in raw.columns else f"CAST(NULL AS VARCHAR) AS {c}"
            for c in _PARQUET_COLUMNS
        ]
        + ["value", "filename", "file_row_number"]
    )
    raw.select(select).create_view("raw_obs")


def _check_rows(con: duckdb.DuckDBPyConnection) -> None:
    """The contract's per-row rules over every row at once; LoadError naming each broken cell."""
    units = dict(con.execute("SELECT indicator_id, unit FROM indicators").fetchall())
    standards = frozenset(r[0] for r in con.execute("SELECT standard_id FROM standards").fetchall())
    against = contract.Against(units, standards=standards)
    params = contract.sql_params(against)
    if not any(_breaks(con, rule, params) for rule in contract.ROW_RULES):
        return
    bad = con.execute(_PARQUET_ROW_CHECKS, params).fetchall()
    problems = []
    n = len(_CHECKED_COLUMNS)
    for row in bad:
        file, line = row[0], str(row[1] + 1)
        cells = dict(zip(_CHECKED_COLUMNS, row[2 : 2 + n], strict=True))
        for rule, hit in zip(contract.ROW_RULES, row[2 + n :], strict=True):
            if hit:
                seen = "" if rule.code == "required" else cells.get(rule.column) or ""
                expected = rule.expected
                if rule.code == "unknown_standard":
                    expected = ", ".join(sorted(standards)) or "standards.csv"
                problems.append(contract.Problem(file, line, rule.column, rule.code, seen, expected))
    if problems:
        raise LoadError(problems)


def _breaks(con: duckdb.DuckDBPyConnection, rule: contract.Rule, params: dict[str, object]) -> bool:
    """Whether any row of `raw_obs` breaks `rule` (the same predicate as the full scan)."""
    columns = [c for c in contract.OBSERVATION_COLUMNS if re.search(rf"(?<![$\w]){c}(?!\w)", rule.sql)]
    one_column = len(columns) == 1 and columns[0] != "value"  # a figure has millions of values
    sql = (_RULE_ON_VALUES.format(column=columns[0], sql=rule.sql) if one_column else
           _RULE_ON_ROWS.format(sql=rule.sql))  # fmt: skip
    bound = {k: v for k, v in params.items() if re.search(rf"\${k}(?!\w)", rule.sql)}
    return bool(con.execute(sql, bound or None).fetchone()[0])


def check_groups(con: duckdb.DuckDBPyConnection, source: ParquetSource) -> None:
    """The rules that read several rows, off the store's `observation_groups` (per indicator,
    area, year and measure: rows, monthly rows, distinct months, lowest and highest standard,
    counted in the pass that also sums the months): one standard per series and year
    (`_check_standards`), then two rows of one key (`contract.DUPLICATE_KEY`). LoadError naming
    the rows and the first of each."""
    try:
        mixed = con.execute(_PARQUET_MIXED_STANDARDS).fetchall()
        groups = [] if mixed else con.execute(_PARQUET_DUPLICATE_GROUPS).fetchall()
        if not mixed and not groups:
            return
        _raw_view(con, source)  # the files' own rows, to name each one
        if mixed:
            _check_standards(con, mixed)
        keys = []
        for indicator_id, area, year, measure in groups:
            group = {"indicator_id": indicator_id, "area": area, "year": year, "measure": measure}
            keys += con.execute(_PARQUET_DUPLICATES, group).fetchall()
        rows = con.execute(_PARQUET_DUPLICATE_ROWS, {"keys": [list(k) for k in keys[:5]]}).fetchall()
        con.execute("DROP VIEW raw_obs")
    except duckdb.Error as exc:
        raise LoadError([_damaged_parquet(con, source, exc)]) from exc
    first: dict[tuple, str] = {}
    problems = []
    for ind, area, period, measure, file, line in rows:
        key = (ind, area, period, measure)
        if key in first:
            params = (("first", first[key]),)
            problems.append(
                contract.Problem(file, str(line), "", "duplicate", " / ".join(key), params=params)
            )
        first.setdefault(key, f"{file}:{line}")
    raise LoadError(problems)


# Series breaks: a series (indicator, area) with two standards in one year (`contract.SERIES_YEAR_KEY`),
# from the lowest and highest standard of each of its measures' groups (never NULL: '' = none).
_PARQUET_MIXED_STANDARDS = """
SELECT indicator_id, area, CAST(year AS VARCHAR) FROM observation_groups
GROUP BY indicator_id, area, year HAVING min(standard) <> max(standard_max) ORDER BY ALL LIMIT 5
"""
_PARQUET_MIXED_ROWS = """
SELECT filename, file_row_number + 1, coalesce(standard, ''), indicator_id, area, substr(period, 1, 4)
FROM raw_obs WHERE list_contains($keys, [indicator_id, area, substr(period, 1, 4)])
ORDER BY indicator_id, area, substr(period, 1, 4), filename, file_row_number
"""


def _check_standards(con: duckdb.DuckDBPyConnection, keys: list[tuple]) -> None:
    """One standard per series and year (`keys`: the series-years that break it, from
    `_PARQUET_MIXED_STANDARDS`): LoadError naming each row whose standard differs from the first
    row of its series-year (file and line), as the CSV reader's `standard_mixed`."""
    rows = con.execute(_PARQUET_MIXED_ROWS, {"keys": [list(k) for k in keys]}).fetchall()
    first: dict[tuple, tuple[str, str]] = {}
    problems = []
    for file, line, standard, *key in rows:
        seen = first.setdefault(tuple(key), (standard, f"{file}:{line}"))
        if seen[0] != standard:
            params = (("first", seen[1]), ("first_standard", seen[0] or "—"))
            problems.append(
                contract.Problem(
                    file, str(line), "standard", "standard_mixed", standard or "—", params=params
                )
            )
    raise LoadError(problems)
