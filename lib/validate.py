"""Reading and validating indicator files against the data contract (README, "Data format").

Owns the contract: the columns, the allowed values, and every problem a file can have. The
app, the store loader and `python -m lib validate` all go through `validate_paths` /
`validate_bytes`, so a file is judged the same way everywhere.

Each problem names the file, the line as a spreadsheet user sees it (the header is line 1),
the column as written in the file, the value seen and what was expected. Validation never
raises on bad input and never writes anything.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from lib.i18n import t

INDICATOR_COLUMNS = ["indicator_id", "field", "name_vi", "name_en", "unit", "direction"]
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
]
OBSERVATION_REQUIRED = ["indicator_id", "area", "period", "measure", "value"]

MEASURES = ("actual", "target", "pct_of_target", "change_pct")
BOUNDS = ("exact", "more_than")
PROVENANCES = ("reported", "user", "synthetic")
DIRECTIONS = ("up", "down")
# Units whose actuals and targets are counts or amounts: a negative one is a typo.
NON_NEGATIVE_UNITS = {"people", "households", "gifts", "families", "vnd"}
NON_NEGATIVE_MEASURES = {"actual", "target", "pct_of_target"}

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$")
NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$")
PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell, line or file."""

    file: str
    line: str  # "" for the whole file, "12", or "Sheet1!12" for Excel
    column: str  # as written in the file; "" when the problem is the whole line
    code: str  # key of the message in the [problems] catalogue section
    value: str = ""
    expected: str = ""
    params: tuple[tuple[str, object], ...] = ()

    def message(self, lang: str = "en") -> str:
        text = t(f"problems.{self.code}", lang, **dict(self.params))
        extra = []
        if self.value != "":
            extra.append(f"{t('problems.seen', lang)} {self.value!r}")
        if self.expected:
            extra.append(f"{t('problems.expected', lang)} {self.expected}")
        return f"{text} ({'; '.join(extra)})" if extra else text

    def text(self, lang: str = "en") -> str:
        """`FILE:LINE: COLUMN: what is wrong (the value seen; what was expected)`."""
        where = f"{self.file}:{self.line}" if self.line else self.file
        column = f" {self.column}:" if self.column else ""
        return f"{where}:{column} {self.message(lang)}"


@dataclass
class FileResult:
    """What one file holds once read: its kind, the clean frame, and its problems."""

    file: str
    kind: str  # "indicators", "observations" or "unknown"
    frame: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        rows = 0 if self.frame is None else len(self.frame)
        return f"{self.file}: ok, {rows} {self.kind} rows"


@dataclass
class Table:
    """A file read as text cells: the header and each record with its spreadsheet line."""

    file: str
    header: list[str]
    rows: list[tuple[str, list[str]]]  # (line label, cells)


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem]]:
    """Bytes to text: UTF-8 with or without BOM. Empty or binary content is a problem."""
    if not data.strip():
        return None, [Problem(file, "", "", "empty_file")]
    if b"\x00" in data:
        return None, [Problem(file, "", "", "not_text", expected="UTF-8 CSV")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError:
        return None, [Problem(file, "", "", "not_text", expected="UTF-8 CSV")]


def read_csv_text(text: str, file: str) -> tuple[Table | None, list[Problem]]:
    """Parse CSV text; rows with the wrong number of cells are problems, blank lines skipped."""
    records = list(csv.reader(io.StringIO(text)))
    while records and not any(c.strip() for c in records[0]):
        records.pop(0)
    if not records:
        return None, [Problem(file, "", "", "empty_file")]
    header = [c.strip() for c in records[0]]
    problems: list[Problem] = []
    rows: list[tuple[str, list[str]]] = []
    for number, cells in enumerate(records[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            problems.append(
                Problem(
                    file,
                    str(number),
                    "",
                    "wrong_cells",
                    params=(("seen", len(cells)), ("expected", len(header))),
                )
            )
            continue
        rows.append((str(number), [c.strip() for c in cells]))
    return Table(file, header, rows), problems


def kind_of(header: list[str]) -> str:
    cols = set(header)
    if "name_vi" in cols or "direction" in cols:
        return "indicators"
    if "measure" in cols or "value" in cols:
        return "observations"
    return "unknown"


def closest(word: str, choices: list[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(word, choices, n=n, cutoff=0.5)


def validate_indicators(table: Table) -> FileResult:
    """Check a catalogue file: required columns, ids lowercase ASCII and unique, direction."""
    file = table.file
    result = FileResult(file, "indicators")
    missing = [c for c in INDICATOR_COLUMNS if c not in table.header]
    for col in missing:
        result.problems.append(Problem(file, "1", col, "missing_column"))
    if missing:
        return result
    idx = {c: table.header.index(c) for c in INDICATOR_COLUMNS}
    seen: dict[str, str] = {}
    records = []
    for line, cells in table.rows:
        row = {c: cells[i] for c, i in idx.items()}
        for col in ("indicator_id", "field", "name_vi", "unit"):
            if not row[col]:
                result.problems.append(Problem(file, line, col, "required"))
        ind = row["indicator_id"]
        if ind and not ID_RE.match(ind):
            result.problems.append(Problem(file, line, "indicator_id", "bad_id", ind, "jobs_created"))
        if ind in seen:
            result.problems.append(
                Problem(file, line, "indicator_id", "duplicate", ind, params=(("first", seen[ind]),))
            )
        seen.setdefault(ind, line)
        if row["direction"] not in DIRECTIONS:
            result.problems.append(
                Problem(file, line, "direction", "bad_value", row["direction"], "up | down")
            )
        records.append(row)
    if not result.problems:
        frame = pd.DataFrame(records, columns=INDICATOR_COLUMNS)
        frame["name_en"] = frame["name_en"].where(frame["name_en"] != "", frame["name_vi"])
        result.frame = frame
    return result


def check_period(period: str) -> bool:
    m = PERIOD_RE.match(period)
    if not m:
        return False
    return m.group(2) is None or 1 <= int(m.group(2)) <= 12


def validate_observations(table: Table, units: dict[str, str]) -> FileResult:
    """Check an observations file against the contract and the catalogue `units` {id: unit}."""
    file = table.file
    result = FileResult(file, "observations")
    header = table.header
    missing = [c for c in OBSERVATION_REQUIRED if c not in header]
    for col in missing:
        result.problems.append(Problem(file, "1", col, "missing_column"))
    if missing:
        return result
    known = sorted(units)
    first_seen: dict[tuple[str, str, str, str], str] = {}
    records = []
    for line, cells in table.rows:
        row = {c: (cells[header.index(c)] if c in header else "") for c in OBSERVATION_COLUMNS}
        problems = result.problems
        for col in OBSERVATION_REQUIRED:
            if not row[col]:
                problems.append(Problem(file, line, col, "required"))
        ind = row["indicator_id"]
        if ind and ind not in units:
            hint = ", ".join(closest(ind, known)) or ", ".join(known[:5])
            problems.append(Problem(file, line, "indicator_id", "unknown_indicator", ind, hint))
        if row["period"] and not check_period(row["period"]):
            problems.append(Problem(file, line, "period", "bad_period", row["period"], "YYYY | YYYY-MM"))
        if row["measure"] and row["measure"] not in MEASURES:
            problems.append(Problem(file, line, "measure", "bad_value", row["measure"], " | ".join(MEASURES)))
        row["bound"] = row["bound"] or "exact"
        if row["bound"] not in BOUNDS:
            problems.append(Problem(file, line, "bound", "bad_value", row["bound"], "exact | more_than"))
        row["provenance"] = row["provenance"] or "user"
        if row["provenance"] not in PROVENANCES:
            problems.append(
                Problem(
                    file,
                    line,
                    "provenance",
                    "bad_value",
                    row["provenance"],
                    " | ".join(PROVENANCES),
                )
            )
        value = row["value"]
        if value and not NUMBER_RE.match(value):
            problems.append(Problem(file, line, "value", "not_number", value, "25953 | 169.7"))
        elif (
            value.startswith("-")
            and units.get(ind) in NON_NEGATIVE_UNITS
            and row["measure"] in NON_NEGATIVE_MEASURES
        ):
            problems.append(Problem(file, line, "value", "negative", value, ">= 0"))
        key = (ind, row["area"], row["period"], row["measure"])
        if all(key) and key in first_seen:
            problems.append(
                Problem(
                    file,
                    line,
                    "",
                    "duplicate",
                    " / ".join(key),
                    params=(("first", first_seen[key]),),
                )
            )
        first_seen.setdefault(key, line)
        records.append(row)
    if not result.problems:
        result.frame = canonical_observations(pd.DataFrame(records, columns=OBSERVATION_COLUMNS))
    return result


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


def read_table(data: bytes, file: str) -> tuple[Table | None, list[Problem]]:
    text, problems = decode(data, file)
    if text is None:
        return None, problems
    return read_csv_text(text, file)


def validate_bytes(data: bytes, file: str, units: dict[str, str]) -> FileResult:
    """Validate one file given as bytes; `units` is the catalogue to check indicators against."""
    table, problems = read_table(data, file)
    if table is None:
        return FileResult(file, "unknown", problems=problems)
    kind = kind_of(table.header)
    if kind == "indicators":
        result = validate_indicators(table)
    elif kind == "observations":
        result = validate_observations(table, units)
    else:
        result = FileResult(file, "unknown", problems=[Problem(file, "1", "", "unknown_kind")])
    result.problems = sorted(problems + result.problems, key=line_order)
    if result.problems:
        result.frame = None
    return result


def line_order(problem: Problem) -> tuple[str, int]:
    """Sort problems as the file reads: whole-file first, then by sheet and row."""
    sheet, _, row = problem.line.rpartition("!")
    return (sheet, int(row) if row.isdigit() else 0)


def validate_paths(paths: list[Path], base_units: dict[str, str]) -> list[FileResult]:
    """Validate files named together: catalogues first, so observations may use their ids."""
    blobs: list[tuple[Path, bytes | None]] = []
    for path in paths:
        try:
            blobs.append((path, path.read_bytes()))
        except OSError:
            blobs.append((path, None))
    units = dict(base_units)
    results: dict[Path, FileResult] = {}
    ordered = sorted(blobs, key=lambda b: b[1] is None or b"name_vi" not in b[1][:4096])
    for path, data in ordered:
        if data is None:
            results[path] = FileResult(
                str(path), "unknown", problems=[Problem(str(path), "", "", "unreadable")]
            )
            continue
        res = validate_bytes(data, str(path), units)
        if res.kind == "indicators" and res.frame is not None:
            units.update(zip(res.frame["indicator_id"], res.frame["unit"], strict=True))
        results[path] = res
    return [results[p] for p, _ in blobs]
