"""The data contract: what a file of figures and a catalogue of indicators may hold.

Written once, applied by both readers: `lib.data.validate` (CSV/TSV/XLSX uploads and data folders,
row by row in Python) and `lib.data.store` (Parquet folders, checked with one SQL scan). Owns

- the columns of each file (`INDICATOR_COLUMNS`, `OBSERVATION_COLUMNS`, which are required)
  and the key no two figures may share (`DUPLICATE_KEY`);
- the allowed values (measures, bounds, provenances, directions) and which measures a unit's
  rules apply to; the units themselves are `lib.units` (the registry), asked here;
- the limits of one upload (`Limits`, `LIMITS`): its size, and two limits of one figure: a
  text cell holds at most `max_text_chars` (2.000) characters, and a period's year lies in
  `min_year`..`max_year` (2000 to this year + `years_ahead`, 20; see `Limits`);
- `ROW_RULES`: each per-row rule declared once, as data, with its Python predicate and its SQL
  predicate side by side (tests/test_contract.py checks the two agree on the same cells, and
  that a bad row gives the same problem codes through a CSV and through Parquet);
- `Problem` and `FileResult`: what a reader says about a file, in both languages (numbers in
  a message are written in the language's number style);
- series breaks: the optional `standard` column (the measurement standard a figure was
  measured under, an ASCII id such as `md_2022_2025`; empty = not stated, and a file without
  the column is all empty), the columns of the standards catalogue (`STANDARD_COLUMNS`,
  `data/standards.csv`), its shape and catalogue rules in `ROW_RULES`, and `comparable`: the
  one definition of "two figures may be joined or compared". A break is two *stated*
  standards that differ; a standard not stated is no evidence of a break (README: "empty or
  absent means none stated"), so such a figure is read as under the series' standard, and
  whatever compares it with a stated one says so (`assumed_same`). One series (indicator and
  area) carries one standard a year (`SERIES_YEAR_KEY`); a year under another stated standard
  than the one before is a break, and nothing is derived, summed, drawn or compared across it
  without saying so.

Never reads a file, never runs SQL (it only holds the predicates), never imports Streamlit.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from lib import fmt, units
from lib.data.areas import WHOLE
from lib.i18n import t

# ---------------------------------------------------------------- columns and values

INDICATOR_COLUMNS = ["indicator_id", "field", "name_vi", "name_en", "unit", "direction"]
# Optional columns of the catalogue: `department`, the department that owns the indicator
# (shown on the briefing where given). A catalogue without them stays valid.
OPTIONAL_INDICATOR_COLUMNS = ["department"]
INDICATOR_REQUIRED = ["indicator_id", "field", "name_vi", "unit"]
OBSERVATION_COLUMNS = [
    "indicator_id",
    "area",
    "period",
    "measure",
    "value",
    "bound",
    "provenance",
    "source",
    "note",
    "standard",  # optional: the measurement standard (series breaks); absent = empty
]
OBSERVATION_REQUIRED = ["indicator_id", "area", "period", "measure", "value"]
DUPLICATE_KEY = ("indicator_id", "area", "period", "measure")  # one figure per key

MEASURES = ("actual", "target", "pct_of_target", "change_pct")
BOUNDS = ("exact", "more_than")
PROVENANCES = ("reported", "user", "synthetic")
DIRECTIONS = ("up", "down")
DEFAULTS = {"bound": "exact", "provenance": "user"}  # what an empty cell of these columns means
DEFAULT_AREA = WHOLE  # a file without an area column gives figures of the whole province
# A negative figure of a non-negative unit (`units.NON_NEGATIVE`) is a typo in these measures.
NON_NEGATIVE_MEASURES = frozenset({"actual", "target", "pct_of_target"})
# A count unit's (`units.COUNTS`) actuals and plans are whole numbers.
COUNT_MEASURES = frozenset({"actual", "target"})
# Figures of several places add up (`units.ADDITIVE`) only for these measures.
SUMMED_MEASURES = frozenset({"actual", "target"})

ID_RE = re.compile(r"[a-z][a-z0-9_]*", re.ASCII)  # an indicator id (fullmatch)
# A standard id: lowercase ASCII, at most 40 characters (fullmatch; SQL the same pattern).
STANDARD_RE = re.compile(r"[a-z][a-z0-9_]{0,39}", re.ASCII)
STANDARD_SQL = "[a-z][a-z0-9_]{0,39}"
# The standards catalogue (`data/standards.csv`): how the UI names a standard in both
# languages and the first year it applies to. Optional; only `standard_id` and `name_vi` are required.
STANDARD_COLUMNS = ["standard_id", "name_vi", "name_en", "valid_from_year", "source"]
STANDARD_REQUIRED = ["standard_id", "name_vi"]
# One series carries one standard in a year: its figures (actual, plan, %, months) share it.
SERIES_YEAR_KEY = ("indicator_id", "area", "year")


def comparable(standard_a: object, standard_b: object) -> bool:
    """Whether two figures may be joined by a line, compared or combined: unless both state a
    standard and the two differ. A break is a fact the data states (two named standards); a
    figure whose standard is not stated (empty, or a file without the column) says nothing
    about one, so it is read as under the series' standard (`assumed_same` says where)."""
    a, b = _standard(standard_a), _standard(standard_b)
    return not (a and b and a != b)


def assumed_same(standard_a: object, standard_b: object) -> bool:
    """Whether a comparison of the two rests on an assumption: one states its standard and the
    other does not. What shows such a comparison says that the standard was not stated."""
    return bool(_standard(standard_a)) != bool(_standard(standard_b))


def _standard(value: object) -> str:
    return value if isinstance(value, str) else ""


PERIOD_RE = re.compile(r"(\d{4})(?:-(\d{2}))?", re.ASCII)  # "2023" or "2023-05" (fullmatch)
PERIOD_SQL = r"\d{4}(-(0[1-9]|1[0-2]))?"  # the same, with the month's range, for DuckDB
# A figure as a reader's canonical text: digits, "." decimals, an exponent (Parquet doubles).
_FIGURE_RE = re.compile(r"-?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?", re.ASCII)


def check_period(period: str) -> bool:
    m = PERIOD_RE.fullmatch(period)
    return bool(m) and (m.group(2) is None or 1 <= int(m.group(2)) <= 12)


def period_in_range(period: str, limits: Limits | None = None) -> bool:
    """Whether a well-formed period's year lies in the years a figure may name (`Limits`)."""
    limits = limits or LIMITS
    return limits.min_year <= int(period[:4]) <= limits.max_year


def period_allowed(period: str, limits: Limits | None = None) -> bool:
    return check_period(period) and period_in_range(period, limits)


def with_defaults(row: Mapping[str, str]) -> dict[str, str]:
    """The row as the contract reads it: an empty bound is exact, an empty provenance user."""
    return {**row, **{c: row.get(c) or d for c, d in DEFAULTS.items()}}


def known_units() -> InLanguages:
    """The units a catalogue may give, for a message: `people (người), households (hộ), ...`."""

    def listed(lang: str) -> str:
        labels = {u: t(f"unit.{u}", lang) for u in units.REGISTRY}
        return ", ".join(u if label.lower() == u else f"{u} ({label})" for u, label in labels.items())

    return InLanguages(listed("vi"), listed("en"))


@dataclass(frozen=True)
class Limits:
    """What one upload may hold. The one place these numbers live (README quotes them)."""

    max_bytes: int = 10 * 1024 * 1024
    max_rows: int = 50_000
    max_cells: int = 1_000_000
    max_columns: int = 256
    max_magnitude: float = 1e15  # no department figure comes near a million billion
    max_xlsx_parts: int = 1_000
    max_part_bytes: int = 50 * 1024 * 1024  # one unpacked part of a workbook (a sheet's XML)
    max_unpacked_bytes: int = 80 * 1024 * 1024  # all parts together
    max_shared_strings_bytes: int = 20 * 1024 * 1024
    max_pack_ratio: int = 200  # unpacked/packed size of a part over 4 MB; spreadsheets pack ~5-40 times
    # One text cell (a note, a source, a name): a note or source is a sentence or a reference,
    # a few hundred characters at most; 2.000 is a long paragraph. Past that the text is pasted
    # by mistake (or is a document of its own), and it could not be shown whole anyway: a table
    # cell shows a line, and an XLSX cell holds at most 32.767 characters.
    max_text_chars: int = 2_000
    # The years a period may name. Figures before 2000 are not in the department's reports (its
    # series start in the 2000s; the synthetic data at 10 million rows goes back to 2009); plans
    # reach at most 20 years ahead (strategies "đến năm 2030, tầm nhìn đến năm 2045"). A year
    # outside is a typo (1850, 2203), refused with its cell.
    min_year: int = 2000
    years_ahead: int = 20

    @property
    def max_year(self) -> int:
        return dt.date.today().year + self.years_ahead


LIMITS = Limits()


@dataclass(frozen=True)
class InLanguages:
    """A message parameter that is worded per language (a unit's label, a measure's name)."""

    vi: str
    en: str

    def __str__(self) -> str:
        return self.vi


# ---------------------------------------------------------------- per-row rules


@dataclass(frozen=True)
class Against:
    """What a row is checked against: the catalogue's {indicator_id: unit} and the limits."""

    units: Mapping[str, str]
    limits: Limits = LIMITS
    standards: frozenset[str] = frozenset()  # ids of the standards catalogue


@dataclass(frozen=True)
class Rule:
    """One per-row rule: broken when `test(row, against)` (Python) or `sql` (DuckDB) holds.

    Python sees the row as text with `with_defaults` applied and the value as the reader's
    canonical text ("-5", "169.7"); SQL sees the raw Parquet columns (`value` a number or
    text) with the parameters of `sql_params`. `column` is the cell the problem names.
    """

    code: str
    column: str
    test: Callable[[Mapping[str, str], Against], bool]
    sql: str
    expected: str | InLanguages = ""  # in the reader's words where they differ by language


_SQL_NUMBER = "TRY_CAST(value AS DOUBLE)"
_SQL_TEXT = "CAST(value AS VARCHAR)"
_SQL_FINITE = f"coalesce(isfinite({_SQL_NUMBER}), false)"


def _finite(value: str) -> bool:
    return bool(_FIGURE_RE.fullmatch(value)) and math.isfinite(float(value))


def _required(column: str) -> Rule:
    # The figure may be a number column: text is asked for only where it is not a number
    # (DuckDB evaluates the terms of an AND on the rows the earlier ones let through).
    sql = (
        f"{column} IS NULL OR ({_SQL_NUMBER} IS NULL AND {_SQL_TEXT} = '')"
        if column == "value"
        else (f"coalesce({column}, '') = ''")
    )
    return Rule("required", column, lambda row, _: not row.get(column), sql)


def _allowed(column: str, allowed: tuple[str, ...], default: str | None) -> Rule:
    raw = f"coalesce(nullif({column}, ''), '{default}')" if default else column
    guard = "" if default else f"{column} <> '' AND "
    return Rule(
        "bad_value",
        column,
        lambda row, _: row.get(column, "") != "" and row[column] not in allowed,
        f"{guard}NOT list_contains(${column}_allowed, {raw})",
        " | ".join(allowed),
    )


ROW_RULES: tuple[Rule, ...] = (
    *(_required(c) for c in OBSERVATION_REQUIRED),
    Rule(
        "bad_period",
        "period",
        lambda row, a: row["period"] != "" and not period_allowed(row["period"], a.limits),
        # One rule for the form and the year (one scan of the periods for a Parquet folder).
        f"period <> '' AND (NOT regexp_full_match(period, '{PERIOD_SQL}')"
        " OR NOT (TRY_CAST(substr(period, 1, 4) AS INTEGER) BETWEEN $min_year AND $max_year))",
        InLanguages(
            f"2024 | 2024-05 (năm {LIMITS.min_year}–{LIMITS.max_year})",
            f"2024 | 2024-05 (years {LIMITS.min_year}–{LIMITS.max_year})",
        ),
    ),
    _allowed("measure", MEASURES, None),
    _allowed("bound", BOUNDS, DEFAULTS["bound"]),
    _allowed("provenance", PROVENANCES, DEFAULTS["provenance"]),
    Rule(
        "unknown_indicator",
        "indicator_id",
        lambda row, a: row["indicator_id"] != "" and row["indicator_id"] not in a.units,
        "indicator_id <> '' AND NOT list_contains($known, indicator_id)",
    ),
    Rule(
        "not_number",
        "value",
        lambda row, _: row["value"] != "" and not _finite(row["value"]),
        f"value IS NOT NULL AND NOT {_SQL_FINITE} AND {_SQL_TEXT} <> ''",
        "25953 | 169.7",
    ),
    Rule(
        "too_big",
        "value",
        lambda row, a: _finite(row["value"]) and abs(float(row["value"])) >= a.limits.max_magnitude,
        f"abs({_SQL_NUMBER}) >= $max_magnitude AND {_SQL_FINITE}",
        InLanguages(
            f"nhỏ hơn {fmt.number(LIMITS.max_magnitude, 'vi')} (một triệu tỷ)",
            f"less than {fmt.number(LIMITS.max_magnitude, 'en')} (a million billion)",
        ),
    ),
    Rule(
        "negative",
        "value",
        lambda row, a: (
            _finite(row["value"])
            and row["value"].startswith("-")
            and a.units.get(row["indicator_id"]) in units.NON_NEGATIVE
            and row["measure"] in NON_NEGATIVE_MEASURES
        ),
        # `<= 0`: a written "-0" is refused as in a CSV; the text is read only for zeros.
        f"{_SQL_NUMBER} <= 0 AND {_SQL_FINITE} AND list_contains($non_negative, indicator_id)"
        f" AND list_contains($non_negative_measures, measure) AND starts_with({_SQL_TEXT}, '-')",
        InLanguages("0 trở lên", "0 or more"),
    ),
    Rule(
        "bad_standard",
        "standard",
        lambda row, _: row.get("standard", "") != "" and not STANDARD_RE.fullmatch(row["standard"]),
        f"coalesce(standard, '') <> '' AND NOT regexp_full_match(standard, '{STANDARD_SQL}')",
        "md_2022_2025",
    ),
    Rule(
        "unknown_standard",
        "standard",
        lambda row, a: (
            bool(STANDARD_RE.fullmatch(row.get("standard", ""))) and row["standard"] not in a.standards
        ),
        f"regexp_full_match(coalesce(standard, ''), '{STANDARD_SQL}')"
        " AND NOT list_contains($standards, standard)",
    ),
)


def rule_problem(
    rule: Rule, file: str, line: str, column: str, seen: str, typed: str = "", limits: Limits | None = None
) -> Problem:
    """The problem a broken rule gives for the cell seen (`typed`: the cell as the file shows it,
    when that differs). One rule checks a period's form and its year (so a Parquet folder's
    periods are scanned once), but a well-formed period whose year is out of range
    (`Limits.min_year`..`max_year`) says so: `period_out_of_range`, with the years allowed."""
    if rule.code == "bad_period" and check_period(seen):
        limits = limits or LIMITS
        # Years as written (2000, never "2.000"); how far ahead a plan may reach, as a count.
        params = (
            ("first", str(limits.min_year)),
            ("last", str(limits.max_year)),
            ("ahead", limits.years_ahead),
        )
        return Problem(file, line, column, "period_out_of_range", typed or seen, params=params)
    return Problem(file, line, column, rule.code, seen, rule.expected)


def broken_rules(row: Mapping[str, str], against: Against) -> list[Rule]:
    """The rules a row (as text, defaults applied) breaks, in `ROW_RULES` order."""
    return [rule for rule in ROW_RULES if rule.test(row, against)]


def sql_params(against: Against) -> dict[str, object]:
    """The parameters `ROW_RULES`' SQL predicates bind (`$known`, `$measure_allowed`...)."""
    return {
        "known": sorted(against.units),
        "measure_allowed": list(MEASURES),
        "bound_allowed": list(BOUNDS),
        "provenance_allowed": list(PROVENANCES),
        "non_negative": sorted(i for i, u in against.units.items() if u in units.NON_NEGATIVE),
        "non_negative_measures": sorted(NON_NEGATIVE_MEASURES),
        "max_magnitude": against.limits.max_magnitude,
        "min_year": against.limits.min_year,
        "max_year": against.limits.max_year,
        "standards": sorted(against.standards),
    }


# ---------------------------------------------------------------- what a reader says


def _param(value: object, lang: str) -> object:
    """A message parameter in `lang`: worded per language, numbers in its number style."""
    if isinstance(value, InLanguages):
        return getattr(value, lang, value.vi)
    if isinstance(value, int | float) and not isinstance(value, bool):
        return fmt.number(value, lang)
    return value


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell, line or file (also used for notes about a read file)."""

    file: str
    line: str  # "" for the whole file, "12", or "Sheet1!12" for Excel
    column: str  # as written in the file; "" when the problem is the whole line
    code: str  # key of the message in the [problems] catalogue section
    # The value seen and what was expected: text, or `InLanguages` where the words differ (a
    # figure's indicator by its name in the UI's language, a number in its number style).
    value: str | InLanguages = ""
    expected: str | InLanguages = ""
    params: tuple[tuple[str, object], ...] = ()

    def message(self, lang: str = "en") -> str:
        text = t(f"problems.{self.code}", lang, **{k: _param(v, lang) for k, v in self.params})
        extra = []
        if self.value != "":
            extra.append(f"{t('problems.seen', lang)} {str(_param(self.value, lang))!r}")
        if self.expected:
            extra.append(f"{t('problems.expected', lang)} {_param(self.expected, lang)}")
        return f"{text} ({'; '.join(extra)})" if extra else text

    def text(self, lang: str = "en") -> str:
        """`FILE:LINE: COLUMN: what is wrong (the value seen; what was expected)`."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        column = f" {self.column}:" if self.column else ""
        return f"{where}:{column} {self.message(lang)}"


def more_than(limit: int) -> InLanguages:
    """ "more than 50.000" as a count seen, when reading stopped at the limit."""
    return InLanguages(f">{fmt.number(limit, 'vi')}", f">{fmt.number(limit, 'en')}")


def line_order(problem: Problem) -> tuple[str, int]:
    """Sort problems as the file reads: whole-file first, then by sheet and row."""
    sheet, _, row = problem.line.rpartition("!")
    return (sheet, int(row) if row.isdigit() else 0)


# validate.WARNINGS, kept here so a FileResult knows its own warnings.
WARNING_CODES = frozenset({"standard_taken", "standard_unstated_series", "standard_breaks_series"})


@dataclass
class FileResult:
    """What one file holds once read: its kind, the clean frame, its problems and notes."""

    file: str
    kind: str  # "indicators", "observations", "areas" or "unknown"
    frame: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # how it was read; not errors

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def warnings(self) -> list[Problem]:
        """The notes a planner must read before saving (`validate.WARNINGS`: what the upload does
        to a series already loaded); they lead `notes`, so a page showing the notes shows them."""
        return [n for n in self.notes if n.code in WARNING_CODES]

    def summary(self) -> str:
        rows = 0 if self.frame is None else len(self.frame)
        return f"{self.file}: ok, {rows} {self.kind} rows"


def canonical_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """Typed observations: value as float plus the decimals it was written with.

    The decimals matter: a reported 117% means 116,5-117,5% and 169,7% means 169,65-169,75%,
    which is how the store derives the range of a plan from a rounded percentage.
    """
    out = frame.copy()
    text = out["value"].astype(str)
    out["value_decimals"] = pd.Series(
        [len(v.partition(".")[2]) for v in text], index=out.index, dtype="int64"
    )
    out["value"] = text.astype(float)
    return out
