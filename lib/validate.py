"""Reading and validating indicator files against the data contract (README, "Data format").

Owns the contract and the one reader every door uses: the app's upload page, the store
loader and `python -m lib validate` all go through `validate_paths` / `validate_bytes`, so a
file is judged the same way everywhere. It reads what planners really have: CSV/TSV/TXT in
UTF-8 (with or without BOM), UTF-16 or Windows-1258, separated by `,` `;` or tab; XLSX with
title rows above the header and a totals row; headers in Vietnamese or English; numbers in
plain (25953; 169.7) or Vietnamese style (25.953; 169,7), decided per file and never guessed;
the canonical long layout or the planners' wide one (plan and actual side by side).

Each problem names the file, the line as a spreadsheet user sees it (`12`, or `Sheet1!12`
for Excel), the column as written in the file, the value seen and what was expected.
Validation never raises on bad input and never writes anything.
"""

from __future__ import annotations

import csv
import difflib
import io
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
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
DEFAULT_AREA = "province"


@dataclass(frozen=True)
class Limits:
    """What one upload may hold. The one place these numbers live (README quotes them)."""

    max_bytes: int = 10 * 1024 * 1024
    max_rows: int = 50_000
    max_cells: int = 1_000_000


LIMITS = Limits()

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$", re.ASCII)
NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$", re.ASCII)
PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?$", re.ASCII)
VI_NUMBER_RE = re.compile(r"^(\d{1,3}(\.\d{3})+(,\d+)?|\d+(,\d+)?)$", re.ASCII)
AMBIGUOUS_RE = re.compile(r"^\d{1,3}\.\d{3}$", re.ASCII)  # 25.953: 25953 (vi) or 25.953 (plain)?

# Header spellings people use, matched ignoring case, accents and spacing (see `key`).
HEADER_SYNONYMS: dict[str, list[str]] = {
    "indicator_id": ["mã chỉ tiêu", "indicator id", "indicator code"],
    # A name column serves as the indicator when there is no id column beside it.
    "indicator_name": ["indicator", "chỉ tiêu", "tên chỉ tiêu", "nội dung chỉ tiêu", "indicator name"],
    "area": ["địa bàn", "khu vực"],
    "period": ["kỳ", "kỳ báo cáo", "thời kỳ"],
    "year": ["năm"],
    "month": ["tháng"],
    "measure": ["loại số liệu"],
    "value": ["giá trị", "số liệu"],
    "target": ["plan", "kế hoạch", "chỉ tiêu kế hoạch"],
    "actual": ["thực hiện", "kết quả thực hiện"],
    "pct_of_target": [
        "tỷ lệ",
        "tỉ lệ",
        "tỷ lệ (%)",
        "tỉ lệ (%)",
        "tỷ lệ so với kế hoạch",
        "% kế hoạch",
        "% so với kế hoạch",
        "% of target",
        "% of plan",
    ],
    "change_pct": ["% so với cùng kỳ", "so với cùng kỳ (%)", "% change"],
    "unit": ["đơn vị", "đơn vị tính", "đvt"],
    "bound": [],
    "provenance": ["nguồn gốc số liệu"],
    "source": ["nguồn"],
    "note": ["ghi chú"],
    "field": ["lĩnh vực"],
    "name_vi": [],
    "name_en": [],
    "direction": [],
}
WIDE_MEASURES = ("target", "actual", "pct_of_target", "change_pct")
# A totals row's first words (key form): "Tổng cộng", "Tổng", "Cộng", "Total".
TOTAL_KEYS = {"tong", "tongcong", "tongso", "cong", "total", "totals", "grandtotal", "sum"}


@lru_cache(maxsize=1 << 16)  # a sheet repeats the same names and areas on every row
def key(text: object) -> str:
    """Match form of a header or name: no accents, lowercase, letters, digits and % only."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9%]", "", plain)


_HEADER_KEYS: dict[str, str] = {}
for _canon, _spellings in HEADER_SYNONYMS.items():
    for _spelling in [_canon, *_spellings]:
        _HEADER_KEYS[key(_spelling)] = _canon


def canonical_column(header_cell: str) -> str | None:
    return _HEADER_KEYS.get(key(header_cell))


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one cell, line or file (also used for notes about a read file)."""

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
    """What one file holds once read: its kind, the clean frame, its problems and notes."""

    file: str
    kind: str  # "indicators", "observations" or "unknown"
    frame: pd.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)
    notes: list[Problem] = field(default_factory=list)  # how it was read; not errors

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        rows = 0 if self.frame is None else len(self.frame)
        return f"{self.file}: ok, {rows} {self.kind} rows"


Cell = str | int | float  # Excel numbers stay numbers; everything else is text


@dataclass
class Table:
    """A file read as cells: the header and each record with its spreadsheet line label."""

    file: str
    header: list[str]
    rows: list[tuple[str, list[Cell]]]  # (line label, cells)
    header_line: str = "1"
    notes: list[Problem] = field(default_factory=list)


def cell_text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float):
        if cell.is_integer():
            return str(int(cell))
        text = repr(cell)  # no exponent: the digits written are the decimals that count
        return format(Decimal(text), "f") if "e" in text and math.isfinite(cell) else text
    return str(cell).strip()


# ---------------------------------------------------------------- bytes to cells


def _too_large(data: bytes, file: str) -> list[Problem]:
    if len(data) <= LIMITS.max_bytes:
        return []
    mb = f"{len(data) / 1_048_576:.1f}"
    return [
        Problem(file, "", "", "too_large", params=(("size", mb), ("limit", LIMITS.max_bytes // 1_048_576)))
    ]


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem], str]:
    """Bytes to text and the encoding's name: UTF-8 (BOM or not), UTF-16, Windows-1258."""
    if not data.strip():
        return None, [Problem(file, "", "", "empty_file")], ""
    attempts: list[tuple[str, str]] = []
    if data.startswith(b"\xef\xbb\xbf"):
        attempts = [("utf-8-sig", "UTF-8")]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        attempts = [("utf-16", "UTF-16")]
    elif b"\x00" in data:
        # UTF-16 without a BOM has a zero in most odd (little-endian) bytes of ASCII text.
        if len(data) % 2 == 0 and data[1::2].count(0) >= 0.6 * (len(data) // 2):
            attempts = [("utf-16-le", "UTF-16")]
        else:
            return None, [Problem(file, "", "", "not_text", expected="UTF-8 CSV")], ""
    else:
        attempts = [("utf-8", "UTF-8"), ("cp1258", "Windows-1258")]
    for codec, name in attempts:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        # Windows-1258 writes tone marks as combining characters: compose them.
        return unicodedata.normalize("NFC", text), [], name
    return None, [Problem(file, "", "", "not_text", expected="UTF-8, UTF-16, Windows-1258")], ""


def _records(text: str, delimiter: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text), delimiter=delimiter))


def detect_delimiter(text: str) -> str:
    """`,` `;` or tab: the one that splits the first lines into the most rows of one width."""
    sample = "\n".join(text.splitlines()[:50])
    best, best_score = ",", (0, 0)
    for delimiter in (",", ";", "\t"):
        try:
            records = [r for r in _records(sample, delimiter) if any(c.strip() for c in r)]
        except csv.Error:
            continue
        widths = Counter(len(r) for r in records)
        if not widths:
            continue
        width, count = widths.most_common(1)[0]
        score = (count, width) if width > 1 else (0, 0)
        if score > best_score:
            best, best_score = delimiter, score
    return best


def _header_score(cells: list[Cell]) -> int:
    """How clearly a row is a header: recognised columns, provided it names the indicator."""
    cols = {canonical_column(cell_text(c)) for c in cells} - {None}
    if not {"indicator_id", "indicator_name"} & cols:
        return 0
    figures = cols & {"value", "measure", *WIDE_MEASURES}
    if figures or {"name_vi", "direction"} & cols:
        return len(cols)
    return 0


def find_header(records: list[tuple[str, list[Cell]]]) -> int:
    """Index of the header row: the first clear header in the first 30 rows, else the first."""
    for i, (_, cells) in enumerate(records[:30]):
        if _header_score(cells):
            return i
    return 0


def _table_from_records(
    file: str, records: list[tuple[str, list[Cell]]], strict_width: bool
) -> tuple[Table | None, list[Problem]]:
    """Records (blank ones already dropped) to a Table: header found, title rows noted."""
    if not records:
        return None, [Problem(file, "", "", "empty_file")]
    at = find_header(records)
    header_line, header_cells = records[at]
    header = [cell_text(c) for c in header_cells]
    while header and not header[-1]:
        header.pop()
    notes = []
    if at:
        first, last = records[0][0], records[at - 1][0]
        notes.append(Problem(file, first, "", "title_rows", params=(("first", first), ("last", last))))
    problems: list[Problem] = []
    rows: list[tuple[str, list[Cell]]] = []
    width = len(header)
    for line, cells in records[at + 1 :]:
        cells = list(cells)
        if len(cells) > width and not any(cell_text(c) for c in cells[width:]):
            cells = cells[:width]
        if len(cells) != width:
            if strict_width or len(cells) > width:
                if strict_width:
                    problems.append(
                        Problem(
                            file, line, "", "wrong_cells", params=(("seen", len(cells)), ("expected", width))
                        )
                    )
                    continue
                cells = cells[:width]
            cells = cells + [""] * (width - len(cells))
        rows.append((line, cells))
    if len(rows) > LIMITS.max_rows:
        problems = [
            Problem(file, "", "", "too_many_rows", params=(("rows", len(rows)), ("limit", LIMITS.max_rows)))
        ]
    elif len(rows) * max(width, 1) > LIMITS.max_cells:
        cells_n = len(rows) * width
        problems = [
            Problem(file, "", "", "too_many_cells", params=(("cells", cells_n), ("limit", LIMITS.max_cells)))
        ]
    return Table(file, header, rows, header_line, notes), problems


def read_csv_text(text: str, file: str, delimiter: str = ",") -> tuple[Table | None, list[Problem]]:
    """Parse delimited text; rows with the wrong number of cells are problems, blank lines skipped."""
    try:
        records = _records(text, delimiter)
    except csv.Error as exc:
        return None, [Problem(file, "", "", "bad_csv", value=str(exc))]
    numbered = [(str(n), [c.strip() for c in cells]) for n, cells in enumerate(records, start=1)]
    numbered = [(n, cells) for n, cells in numbered if any(cells)]
    return _table_from_records(file, numbered, strict_width=True)


def _xlsx_value(cell) -> Cell | None:
    value = getattr(cell, "value", None)
    if value is None:
        return None
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime | date):  # a date cell in a period column names its month
        return f"{value.year:04d}-{value.month:02d}"
    if isinstance(value, int | float):
        if "%" in str(getattr(cell, "number_format", "") or ""):
            # A cell formatted as percent holds a fraction: 1.697 shows as 169.7%.
            return round(value * 100, 10)
        return value
    return str(value).strip()


def read_xlsx(data: bytes, file: str) -> tuple[Table | None, list[Problem]]:
    """The first sheet with a recognisable header (else the first sheet), rows as `Sheet!row`."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean "cannot read it"
        return None, [Problem(file, "", "", "bad_xlsx")]
    sheets: list[tuple[str, list[tuple[str, list[Cell]]]]] = []
    try:
        for sheet in book.worksheets:
            records: list[tuple[str, list[Cell]]] = []
            for number, row in enumerate(sheet.iter_rows(), start=1):
                if number > LIMITS.max_rows + 40:
                    return None, [
                        Problem(
                            file,
                            "",
                            "",
                            "too_many_rows",
                            params=(("rows", f">{LIMITS.max_rows}"), ("limit", LIMITS.max_rows)),
                        )
                    ]
                cells = [_xlsx_value(c) for c in row]
                row_number = next((c.row for c in row if getattr(c, "row", None)), number)
                if any(cell_text(c) for c in cells):
                    records.append(
                        (f"{sheet.title}!{row_number}", [c if c is not None else "" for c in cells])
                    )
            sheets.append((sheet.title, records))
    except Exception:  # damaged sheet XML inside a valid zip
        return None, [Problem(file, "", "", "bad_xlsx")]
    finally:
        book.close()
    chosen = next((s for s in sheets if s[1] and _header_score(s[1][find_header(s[1])][1])), None)
    if chosen is None:
        chosen = next((s for s in sheets if s[1]), None)
    if chosen is None:
        return None, [Problem(file, "", "", "empty_file")]
    table, problems = _table_from_records(file, chosen[1], strict_width=False)
    if table is not None:
        others = [name for name, recs in sheets if recs and name != chosen[0]]
        if others:
            table.notes.append(Problem(file, "", "", "other_sheets", value=", ".join(others)))
    return table, problems


def read_table(data: bytes, file: str) -> tuple[Table | None, list[Problem]]:
    """Any accepted file's bytes to a Table, with notes on how it was read."""
    too_large = _too_large(data, file)
    if too_large:
        return None, too_large
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, file)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return None, [Problem(file, "", "", "old_excel", expected=".xlsx")]
    text, problems, encoding = decode(data, file)
    if text is None:
        return None, problems
    delimiter = detect_delimiter(text)
    table, problems = read_csv_text(text, file, delimiter)
    if table is not None:
        shown = {",": ",", ";": ";", "\t": "tab"}[delimiter]
        table.notes.insert(
            0, Problem(file, "", "", "read_as", params=(("encoding", encoding), ("delimiter", shown)))
        )
    return table, problems


# ---------------------------------------------------------------- numbers


def _number_token(text: str, measure: str) -> str:
    text = text.strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    if measure in ("pct_of_target", "change_pct") and text.endswith("%"):
        text = text[:-1]
    return text[1:] if text.startswith(("-", "+")) else text


def number_style(tokens: list[tuple[str, str, str]], file: str) -> tuple[str | None, Problem | None]:
    """Decide "plain" or "vi" from (line, column, text) cells; a problem when undecidable.

    Plain-only: a dot not followed by exactly three digits (169.7) or a long integer part
    before it (1234.567). Vietnamese-only: a decimal comma (169,7) or several dot groups
    (1.234.567). Ambiguous: one dot and three digits (25.953). Integers tell nothing.
    """
    first_plain = first_vi = first_ambiguous = None
    for line, column, text in tokens:
        if NUMBER_RE.match(text) and "." in text:
            if AMBIGUOUS_RE.match(text):
                first_ambiguous = first_ambiguous or (line, column, text)
            else:
                first_plain = first_plain or (line, column, text)
        elif VI_NUMBER_RE.match(text) and ("," in text or "." in text):
            first_vi = first_vi or (line, column, text)
    if first_plain and first_vi:
        line, column, text = first_vi
        other = first_plain
        return None, Problem(
            file, line, column, "number_style_mixed", text, params=(("first", other[0]), ("other", other[2]))
        )
    if first_vi:
        return "vi", None
    if first_plain:
        return "plain", None
    if first_ambiguous:
        line, column, text = first_ambiguous
        return None, Problem(
            file,
            line,
            column,
            "number_style_undecidable",
            text,
            params=(("vi", text.replace(".", "")), ("plain", text)),
        )
    return "plain", None


def parse_number(text: str, style: str, measure: str) -> str | None:
    """A written number as plain canonical text ("25953", "-169.7"), or None if it is not one."""
    text = text.strip().replace("\u2212", "-").replace("\u00a0", "").replace(" ", "")
    if measure in ("pct_of_target", "change_pct") and text.endswith("%"):
        text = text[:-1]
    sign = "-" if text.startswith("-") else ""
    body = text[1:] if text[:1] in "+-" and text else text
    if style == "vi":
        if not VI_NUMBER_RE.match(body):
            return None
        body = body.replace(".", "").replace(",", ".")
    elif not NUMBER_RE.match(body):
        return None
    return sign + body


# ---------------------------------------------------------------- checks


def kind_of(header: list[str]) -> str:
    cols = {canonical_column(h) for h in header}
    if "name_vi" in cols or "direction" in cols:
        return "indicators"
    if cols & {"measure", "value", *WIDE_MEASURES}:
        return "observations"
    return "unknown"


def closest(word: str, choices: list[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(word, choices, n=n, cutoff=0.5)


def name_index(indicators: pd.DataFrame) -> dict[str, str]:
    """{key(name): indicator_id} for ids and both names, so a file may name indicators either way."""
    index: dict[str, str] = {}
    for row in indicators.itertuples(index=False):
        for name in (row.indicator_id, row.name_vi, row.name_en):
            if isinstance(name, str) and name:
                index.setdefault(key(name), row.indicator_id)
    return index


def validate_indicators(table: Table) -> FileResult:
    """Check a catalogue file: required columns, ids lowercase ASCII and unique, direction."""
    file = table.file
    result = FileResult(file, "indicators")
    header = [canonical_column(h) or h for h in table.header]
    missing = [c for c in INDICATOR_COLUMNS if c not in header]
    for col in missing:
        result.problems.append(Problem(file, table.header_line, col, "missing_column"))
    if missing:
        return result
    idx = {c: header.index(c) for c in INDICATOR_COLUMNS}
    seen: dict[str, str] = {}
    records = []
    for line, cells in table.rows:
        row = {c: cell_text(cells[i]) for c, i in idx.items()}
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


@dataclass
class _Row:
    """One figure as read, before checks: where it came from and its cells as text."""

    line: str
    values: dict[str, str]
    value_cell: Cell
    value_column: str


def _unit_words(unit: str) -> set[str]:
    words = {key(unit), key(t(f"unit.{unit}", "vi")), key(t(f"unit.{unit}", "en"))}
    return words | ({"%", "diem"} if unit == "points" else set())  # "4,87%" of households: points


# A unit cell naming a scale ("tỷ đồng", "nghìn người") means the figure is not in base units.
SCALE_KEYS = ("ty", "trieu", "nghin", "ngan", "billion", "million", "thousand")


def _unit_matches(cell: str, unit: str) -> bool:
    """ "người", "lượt người" and "people" match the unit people; "tỷ đồng" does not match vnd."""
    cell_key = key(cell)
    if cell_key.startswith(SCALE_KEYS):
        return False
    return any(word and word in cell_key for word in _unit_words(unit))


_PROVINCE_KEYS = {"province", "tinh", "toantinh", "provincewide", "toanbotinh"}


def _area(text: str) -> str:
    """The whole province however it is written ("Toàn tỉnh", "Province-wide") is `province`."""
    return DEFAULT_AREA if key(text) in _PROVINCE_KEYS else text


def _is_totals_row(cells: list[str], indicator_at: int) -> bool:
    firsts = [cells[indicator_at]] + cells[: min(indicator_at, 2)]
    return any(key(c) in TOTAL_KEYS or key(c).startswith(("tongcong", "total")) for c in firsts if c)


def validate_observations(
    table: Table, units: dict[str, str], names: dict[str, str] | None = None, style: str | None = None
) -> FileResult:
    """Check an observations file against the contract and the catalogue.

    `units` is {id: unit}; `names` {key(name): id} lets rows name indicators in Vietnamese or
    English. Long layout: one figure per row (measure, value). Wide layout: one row per
    indicator and period, one column per measure (Kế hoạch, Thực hiện, Tỷ lệ).
    """
    file = table.file
    result = FileResult(file, "observations", notes=list(table.notes))
    names = dict(names or {})
    for ind in units:
        names.setdefault(key(ind), ind)
    canon: dict[str, int] = {}
    for i, h in enumerate(table.header):
        col = canonical_column(h)
        if col is None:
            continue
        if col in canon:
            result.problems.append(Problem(file, table.header_line, h, "duplicate_column", h))
        canon.setdefault(col, i)
    unused = [h for h in table.header if h and canonical_column(h) is None]
    if "indicator_name" in canon:
        name_at = canon.pop("indicator_name")
        if "indicator_id" in canon:
            unused.append(table.header[name_at])
        else:
            canon["indicator_id"] = name_at
    if unused:
        result.notes.append(Problem(file, table.header_line, "", "unused_columns", ", ".join(unused)))
    wide = "measure" not in canon and "value" not in canon and any(m in canon for m in WIDE_MEASURES)
    required = ["indicator_id", "period"] + ([] if wide else ["measure", "value"])
    missing = [c for c in required if c not in canon and not (c == "period" and "year" in canon)]
    for col in missing:
        result.problems.append(Problem(file, table.header_line, col, "missing_column"))
    if missing or result.problems:
        return result
    written = {c: table.header[i] for c, i in canon.items()}
    if "area" not in canon:
        result.notes.append(Problem(file, "", "", "default_area"))

    rows: list[_Row] = []
    for line, cells in table.rows:
        text = [cell_text(c) for c in cells]
        if _is_totals_row(text, canon["indicator_id"]):
            result.notes.append(Problem(file, line, "", "totals_row", text[canon["indicator_id"]]))
            continue
        base = {c: text[i] for c, i in canon.items() if c not in WIDE_MEASURES}
        if wide:
            figures = [m for m in WIDE_MEASURES if m in canon and text[canon[m]]]
            if not figures:
                result.notes.append(Problem(file, line, "", "no_figures", base.get("indicator_id", "")))
                continue
            for m in figures:
                rows.append(_Row(line, {**base, "measure": m}, cells[canon[m]], written[m]))
        else:
            rows.append(_Row(line, base, cells[canon["value"]], written["value"]))

    tokens = [
        (r.line, r.value_column, _number_token(cell_text(r.value_cell), r.values.get("measure", "")))
        for r in rows
        if isinstance(r.value_cell, str)
    ]
    style_problem = None
    if style is None:  # decided per file, unless the caller knows (the app's own canonical CSV)
        style, style_problem = number_style(tokens, file)
    if style_problem:
        result.problems.append(style_problem)
    if style == "vi":
        result.notes.append(Problem(file, "", "", "style_vi"))
    example = "25.953 | 169,7" if style == "vi" else "25953 | 169.7"

    known = sorted(units)
    first_seen: dict[tuple[str, str, str, str], str] = {}
    records = []
    problems = result.problems

    def col(canonical: str) -> str:
        """The column as the file wrote it."""
        return written.get(canonical, canonical)

    for r in rows:
        v = r.values
        ind_text = v.get("indicator_id", "")
        period = v.get("period", "")
        if not period and v.get("year"):
            year, month = v["year"], v.get("month", "")
            period = (
                year
                if not month
                else f"{year}-{int(month):02d}"
                if month.isascii() and month.isdigit()
                else f"{year}-{month}"
            )
        row = {
            "indicator_id": names.get(key(ind_text), ind_text) if ind_text not in units else ind_text,
            "area": _area(v.get("area", "")) if "area" in canon else DEFAULT_AREA,
            "period": period,
            "measure": v.get("measure", ""),
            "value": cell_text(r.value_cell),
            "bound": v.get("bound", ""),
            "provenance": v.get("provenance", ""),
            "source": v.get("source", ""),
            "note": v.get("note", ""),
        }
        for c in ("indicator_id", "area", "period", "measure", "value"):
            if not row[c]:
                where = col("year") if c == "period" and "year" in canon else col(c)
                problems.append(Problem(file, r.line, "" if wide and c == "measure" else where, "required"))
        ind = row["indicator_id"]
        if ind and ind not in units:
            hint = closest(key(ind_text), list(names))
            shown = list(dict.fromkeys(names[k] for k in hint))[:3]
            problems.append(
                Problem(
                    file,
                    r.line,
                    col("indicator_id"),
                    "unknown_indicator",
                    ind_text,
                    ", ".join(shown) or ", ".join(known[:5]),
                )
            )
        if row["period"] and not check_period(row["period"]):
            where = col("period") if "period" in canon else col("year")
            problems.append(Problem(file, r.line, where, "bad_period", row["period"], "YYYY | YYYY-MM"))
        if row["measure"] and row["measure"] not in MEASURES:
            problems.append(
                Problem(file, r.line, col("measure"), "bad_value", row["measure"], " | ".join(MEASURES))
            )
        row["bound"] = row["bound"] or "exact"
        if row["bound"] not in BOUNDS:
            problems.append(
                Problem(file, r.line, col("bound"), "bad_value", row["bound"], "exact | more_than")
            )
        row["provenance"] = row["provenance"] or "user"
        if row["provenance"] not in PROVENANCES:
            problems.append(
                Problem(
                    file, r.line, col("provenance"), "bad_value", row["provenance"], " | ".join(PROVENANCES)
                )
            )
        unit_cell = v.get("unit", "")
        if unit_cell and ind in units and not _unit_matches(unit_cell, units[ind]):
            expected = f"{t(f'unit.{units[ind]}', 'vi')} | {t(f'unit.{units[ind]}', 'en')}"
            problems.append(Problem(file, r.line, col("unit"), "unit_mismatch", unit_cell, expected))
        value = row["value"]
        if isinstance(r.value_cell, str) and value:
            parsed = parse_number(value, style, row["measure"]) if style else None
            if style and parsed is None:
                problems.append(Problem(file, r.line, r.value_column, "not_number", value, example))
            value = parsed or ""
        elif value and not NUMBER_RE.match(value):  # a spreadsheet number that is not finite
            problems.append(Problem(file, r.line, r.value_column, "not_number", value, example))
            value = ""
        row["value"] = value
        if (
            value.startswith("-")
            and units.get(ind) in NON_NEGATIVE_UNITS
            and row["measure"] in NON_NEGATIVE_MEASURES
        ):
            problems.append(
                Problem(file, r.line, r.value_column, "negative", cell_text(r.value_cell), ">= 0")
            )
        dup_key = (ind, row["area"], row["period"], row["measure"])
        if all(dup_key) and dup_key in first_seen:
            problems.append(
                Problem(
                    file,
                    r.line,
                    "",
                    "duplicate",
                    " / ".join(dup_key),
                    params=(("first", first_seen[dup_key]),),
                )
            )
        first_seen.setdefault(dup_key, r.line)
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


def validate_bytes(
    data: bytes,
    file: str,
    units: dict[str, str],
    names: dict[str, str] | None = None,
    number_style: str | None = None,
) -> FileResult:
    """Validate one file given as bytes; `units` (and `names`) is the catalogue to check against.

    `number_style` "plain" or "vi" skips deciding it from the file (for files the app wrote).
    """
    table, problems = read_table(data, file)
    if table is None or problems and problems[0].code.startswith("too_many"):
        return FileResult(file, "unknown", problems=problems)
    kind = kind_of(table.header)
    if kind == "indicators":
        result = validate_indicators(table)
        result.notes = list(table.notes)
    elif kind == "observations":
        result = validate_observations(table, units, names, number_style)
    else:
        result = FileResult(file, "unknown", problems=[Problem(file, table.header_line, "", "unknown_kind")])
    result.problems = sorted(problems + result.problems, key=line_order)
    if result.problems:
        result.frame = None
    return result


def line_order(problem: Problem) -> tuple[str, int]:
    """Sort problems as the file reads: whole-file first, then by sheet and row."""
    sheet, _, row = problem.line.rpartition("!")
    return (sheet, int(row) if row.isdigit() else 0)


def validate_paths(
    paths: list[Path],
    base_units: dict[str, str],
    base_names: dict[str, str] | None = None,
    number_style: str | None = None,
) -> list[FileResult]:
    """Validate files named together: catalogues first, so observations may use their ids.

    `number_style` "plain" holds a data folder to the canonical contract (plain digits, "."
    as decimal mark), so a folder whose only decimals look like "1.500" is never misread.
    """
    blobs: list[tuple[Path, bytes | None]] = []
    for path in paths:
        try:
            blobs.append((path, path.read_bytes()))
        except OSError:
            blobs.append((path, None))
    units = dict(base_units)
    names = dict(base_names or {})
    results: dict[Path, FileResult] = {}
    ordered = sorted(blobs, key=lambda b: b[1] is None or b"name_vi" not in b[1][:4096])
    for path, data in ordered:
        if data is None:
            results[path] = FileResult(
                str(path), "unknown", problems=[Problem(str(path), "", "", "unreadable")]
            )
            continue
        res = validate_bytes(data, str(path), units, names, number_style)
        if res.kind == "indicators" and res.frame is not None:
            units.update(zip(res.frame["indicator_id"], res.frame["unit"], strict=True))
            names.update(name_index(res.frame))
        results[path] = res
    return [results[p] for p, _ in blobs]
