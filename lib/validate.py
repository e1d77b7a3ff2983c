"""Reading and validating indicator files against the data contract (README, "Data format").

Owns the contract and the one reader every door uses: the app's upload page, the store
loader and `python -m lib validate` all go through `validate_paths` / `validate_bytes`, so a
file is judged the same way everywhere. It reads what planners really have: CSV/TSV/TXT in
UTF-8 (with or without BOM), UTF-16 or Windows-1258, separated by `,` `;` or tab, with any
line ending (CR-only from old Mac Excel too); XLSX with title rows above the header, a
two-row header (a merged group such as `Năm 2023` over `Kế hoạch | Thực hiện`), STT columns,
section rows (`I. Lĩnh vực lao động`) and a totals row; headers in Vietnamese or English;
the canonical long layout, the planners' wide one (plan and actual side by side) and years
as columns (`Thực hiện 2023`, or `Năm 2023` under a title or group saying which measure).

Never guess silently. A figure is read one way or refused with its cell named:
- Numbers: each cell's possible readings in plain/English style (25953; 25,953; 169.7) and
  Vietnamese style (25.953; 169,7) are listed, then the unit rules some out: a count
  (`COUNT_UNITS`) has no fractional part, so `25,953` people is 25953 whatever the style
  (a note says so). The style is decided per file from the cells only one style can read;
  both kinds of evidence in one file, or a cell the evidence cannot settle, is refused with
  the cells named. Three digits after the decimal mark (`22,200` in a file whose `22,5` shows
  a decimal comma) are read as decimals only if the file also groups thousands with the
  other mark; otherwise they could be an English thousands separator and are refused.
- Excel: hidden and very hidden sheets are never read (a note names them); hidden rows and
  columns of the sheet read are data, as in Excel's own CSV export, and a note names them; a
  date cell is what its format shows (`yyyy` a year, `mm/yyyy` a month); a percent cell is
  the percent it shows; a formula without a cached value is an error naming the cells.
- Text: all of it NFC. A file that is UTF-8 but for a stray byte is refused naming the line,
  never re-read as Windows-1258 (which would garble every other letter without a word);
  Windows-1258 is the fallback only for files that are not UTF-8 at all.
- Months: `Tháng` is always combined with `Năm`/`Kỳ`; a bad month is blamed on `Tháng`
  with the value typed.
- Limits are checked before the work: bytes, then a workbook's parts (count and unpacked
  sizes from the zip directory, shared-string count, each visible sheet's `<dimension>`),
  then rows, columns and cells while reading; no value of magnitude 1e15 or more.

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
import zipfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from xml.etree import ElementTree

import pandas as pd

from lib import areas
from lib.i18n import t

INDICATOR_COLUMNS = ["indicator_id", "field", "name_vi", "name_en", "unit", "direction"]
# Optional columns of the catalogue: `department`, the department that owns the indicator
# (shown on the briefing where given). A catalogue without them stays valid.
OPTIONAL_INDICATOR_COLUMNS = ["department"]
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
# Units that count things: their actuals and targets are whole numbers (the one list; import it).
COUNT_UNITS = frozenset({"people", "households", "gifts", "families", "days"})
COUNT_MEASURES = frozenset({"actual", "target"})
DEFAULT_AREA = "province"


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


LIMITS = Limits()
# A long note must read as text, not as Python's "field larger than field limit": allow any
# cell up to the file-size limit (csv's limit is process-wide; it only ever grows here).
csv.field_size_limit(max(csv.field_size_limit(), LIMITS.max_bytes + 1))

ID_RE = re.compile(r"^[a-z][a-z0-9_]*$", re.ASCII)
NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$", re.ASCII)
PERIOD_RE = re.compile(r"^(\d{4})(?:-(\d{2}))?$", re.ASCII)
# Grouped thousands never start with a 0 group: "0,875" and "0.875" are decimals in any style.
VI_NUMBER_RE = re.compile(r"^([1-9]\d{0,2}(\.\d{3})+(,\d+)?|\d+(,\d+)?)$", re.ASCII)
EN_NUMBER_RE = re.compile(r"^([1-9]\d{0,2}(,\d{3})+(\.\d+)?|\d+(\.\d+)?)$", re.ASCII)
YEAR_IN_HEADER = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)", re.ASCII)
THOUSANDS_MARK = {"plain": ",", "vi": "."}
EXAMPLE = {"plain": "25953 | 169.7", "vi": "25.953 | 169,7"}

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
    "target": ["plan", "kế hoạch", "chỉ tiêu kế hoạch", "kh"],
    "actual": ["thực hiện", "kết quả thực hiện", "th"],
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
        "th/kh",
        "th/kh (%)",
        "% th/kh",
        "tỷ lệ th/kh",
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
    # Row numbers: left out with a note, never a figure.
    "row_number": ["stt", "tt", "số tt", "số thứ tự", "no", "no.", "#"],
}
WIDE_MEASURES = ("target", "actual", "pct_of_target", "change_pct")
YEARS = "years"  # a column headed by a year alone ("Năm 2023"): its measure must come from elsewhere
GROUPS = (*WIDE_MEASURES, YEARS)
# A totals row's first words (key form): "Tổng cộng", "Tổng", "Cộng", "Total".
TOTAL_KEYS = {"tong", "tongcong", "tongso", "cong", "total", "totals", "grandtotal", "sum"}
# A title that says the figures are results: years as columns are then actuals.
ACTUAL_TITLE_KEYS = ("thuchien", "ketqua", "actual", "result")
PLAN_TITLE_KEYS = ("kehoach", "plan", "target")  # "Kế hoạch thực hiện" is a plan: not actuals


@lru_cache(maxsize=1 << 16)  # a sheet repeats the same names and areas on every row
def key(text: object) -> str:
    """Match form of a header or name: no accents, lowercase, letters, digits and % only."""
    decomposed = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return re.sub(r"[^a-z0-9%]", "", plain)


def plain_lower(text: str) -> str:
    """Like `key` but keeping spaces and separators: "Tháng 5/2023" -> "thang 5/2023"."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " ".join(plain.split())


_HEADER_KEYS: dict[str, str] = {}
for _canon, _spellings in HEADER_SYNONYMS.items():
    for _spelling in [_canon, *_spellings]:
        _HEADER_KEYS[key(_spelling)] = _canon


def canonical_column(header_cell: str) -> str | None:
    return _HEADER_KEYS.get(key(header_cell))


def column_meaning(text: str) -> tuple[str | None, str]:
    """(canonical column or measure or YEARS, year) a header cell names.

    "Kế hoạch" is (target, ""); "KH 2024" and "Kế hoạch năm 2024" are (target, "2024");
    "Năm 2023" or "2023" alone is (YEARS, "2023"); anything else is (None, "").
    """
    canon = canonical_column(text)
    if canon:
        return canon, ""
    found = YEAR_IN_HEADER.search(text)
    if not found:
        return None, ""
    rest = key(text[: found.start()] + " " + text[found.end() :])
    for word in ("nam", "year"):
        rest = rest.removeprefix(word).removesuffix(word)
    if not rest:
        return YEARS, found.group(1)
    canon = _HEADER_KEYS.get(rest)
    return (canon, found.group(1)) if canon in WIDE_MEASURES else (None, "")


@dataclass(frozen=True)
class InLanguages:
    """A message parameter that is worded per language (a unit's label, a measure's name)."""

    vi: str
    en: str

    def __str__(self) -> str:
        return self.vi


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
        params = {k: getattr(v, lang, v.vi) if isinstance(v, InLanguages) else v for k, v in self.params}
        text = t(f"problems.{self.code}", lang, **params)
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


class DateCell(str):
    """An Excel date as the period its format shows ("2023", "2023-05", "5") and as shown."""

    shown: str
    shows: str  # "year", "month" (and year), "month_only" or "day"

    def __new__(cls, text: str, shown: str, shows: str) -> DateCell:
        cell = super().__new__(cls, text)
        cell.shown, cell.shows = shown, shows
        return cell


Cell = str | int | float  # Excel numbers stay numbers; dates are DateCell; everything else is text


@dataclass(frozen=True)
class Column:
    """What one header column means: as written, its canonical name or measure, a year it gives."""

    written: str
    canon: str | None
    year: str = ""


def header_columns(header: list[str]) -> list[Column]:
    return [Column(h, *column_meaning(h)) for h in header]


@dataclass
class Table:
    """A file read as cells: the header and each record with its spreadsheet line label."""

    file: str
    header: list[str]
    rows: list[tuple[str, list[Cell]]]  # (line label, cells)
    header_line: str = "1"
    notes: list[Problem] = field(default_factory=list)
    columns: list[Column] = field(default_factory=list)  # what each header cell means
    titles: list[str] = field(default_factory=list)  # text of the title rows above the header
    cut_lines: int = 0  # lines left out for having the wrong number of cells

    def __post_init__(self) -> None:
        if not self.columns:
            self.columns = header_columns(self.header)


def cell_text(cell: Cell | None) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return str(cell)
    if isinstance(cell, int):
        return str(cell)
    if isinstance(cell, float):
        if not math.isfinite(cell):
            return str(cell)
        if cell.is_integer():
            return str(int(cell))
        text = repr(cell)  # no exponent: the digits written are the decimals that count
        return format(Decimal(text), "f") if "e" in text else text
    return str(cell).strip()


def shown_text(cell: Cell | None) -> str:
    """A cell as the spreadsheet shows it (a date as its format shows it)."""
    return cell.shown if isinstance(cell, DateCell) else cell_text(cell)


# ---------------------------------------------------------------- bytes to text


def _too_large(data: bytes, file: str) -> list[Problem]:
    if len(data) <= LIMITS.max_bytes:
        return []
    mb = f"{len(data) / 1_048_576:.1f}"
    return [
        Problem(file, "", "", "too_large", params=(("size", mb), ("limit", LIMITS.max_bytes // 1_048_576)))
    ]


def _damaged_utf8(data: bytes, file: str) -> list[Problem]:
    """Lines with bytes that are not UTF-8, if the rest is UTF-8 (else [] and try Windows-1258).

    A file with more valid UTF-8 letters than bad bytes is UTF-8 with a few damaged bytes:
    reading it as Windows-1258 would turn every Vietnamese letter into two wrong ones.
    """
    text = data.decode("utf-8", errors="surrogateescape")
    bad = sum(1 for c in text if "\udc80" <= c <= "\udcff")
    good = sum(1 for c in text if ord(c) > 0x7F and not "\udc80" <= c <= "\udcff")
    if good < max(bad, 1):
        return []
    problems = []
    for number, line in enumerate(text.splitlines(), start=1):
        stray = [c for c in line if "\udc80" <= c <= "\udcff"]
        if stray:
            problems.append(Problem(file, str(number), "", "bad_utf8", f"0x{ord(stray[0]) - 0xDC00:02X}"))
        if len(problems) == 5:
            break
    return problems


def decode(data: bytes, file: str) -> tuple[str | None, list[Problem], str]:
    """Bytes to NFC text and the encoding's name: UTF-8 (BOM or not), UTF-16, Windows-1258."""
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
            damaged = _damaged_utf8(data, file) if codec.startswith("utf-8") else []
            if damaged:
                return None, damaged, ""
            continue
        # Windows-1258 writes tone marks as combining characters, macOS decomposes: compose.
        return unicodedata.normalize("NFC", text), [], name
    return None, [Problem(file, "", "", "not_text", expected="UTF-8, UTF-16, Windows-1258")], ""


def _records(text: str, delimiter: str) -> list[list[str]]:
    # newline="": csv sees \r, \n and \r\n line ends itself (old Mac Excel writes CR only).
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


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


def _unclosed_quote(text: str, last_start: int, delimiter: str) -> bool:
    """Whether the last record (from physical line `last_start`) opens a quote it never closes."""
    tail = "".join(io.StringIO(text, newline="").readlines()[last_start - 1 :])
    try:
        list(csv.reader(io.StringIO(tail, newline=""), delimiter=delimiter, strict=True))
    except csv.Error as exc:
        return "end of data" in str(exc)
    return False


def read_csv_text(text: str, file: str, delimiter: str = ",") -> tuple[Table | None, list[Problem]]:
    """Parse delimited text; rows with the wrong number of cells are problems, blank lines skipped."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    numbered: list[tuple[str, list[str]]] = []
    last_start = 1
    try:
        while True:
            start = reader.line_num + 1
            cells = next(reader, None)
            if cells is None:
                break
            numbered.append((str(len(numbered) + 1), [c.strip() for c in cells]))
            last_start = start
    except csv.Error as exc:
        return None, [Problem(file, str(len(numbered) + 1), "", "bad_csv", value=str(exc))]
    if numbered and any("\n" in c or "\r" in c for c in numbered[-1][1]):
        if _unclosed_quote(text, last_start, delimiter):
            return None, [Problem(file, numbered[-1][0], "", "unclosed_quote")]
    numbered = [(n, cells) for n, cells in numbered if any(cells)]
    return _table_from_records(file, numbered, strict_width=True)


# ---------------------------------------------------------------- cells to a table


def _header_score(columns: list[Column]) -> int:
    """How clearly a row is a header: recognised columns, provided it names the indicator."""
    cols = {c.canon for c in columns} - {None, "row_number"}
    if not {"indicator_id", "indicator_name"} & cols:
        return 0
    figures = cols & {"value", "measure", *GROUPS}
    if figures or {"name_vi", "direction"} & cols:
        return len(cols)
    return 0


def _two_row_header(top: list[str], sub: list[str]) -> list[Column] | None:
    """A group row over a row of measures or years, as a merged cell leaves it (label first).

    `STT | Chỉ tiêu | Năm 2023 | ` over ` | | Kế hoạch | Thực hiện` is target and actual of
    2023; `Chỉ tiêu | Thực hiện | ` over ` | Năm 2022 | Năm 2023` is the actuals of two years.
    None when the second row is not such a sub-header (a data row, say).
    """
    width = max(len(top), len(sub))
    top, sub = top + [""] * (width - len(top)), sub + [""] * (width - len(sub))
    if not any(sub):
        return None
    columns: list[Column] = []
    group = ""
    for above, below in zip(top, sub, strict=True):
        if above:
            group = above if column_meaning(above)[0] in GROUPS else ""
        if not below:
            columns.append(Column(above, *column_meaning(above)))
            continue
        below_canon, below_year = column_meaning(below)
        if below_canon not in GROUPS and not above:  # the header's own cell, nothing above: no group
            group = ""
            columns.append(Column(below, below_canon, below_year))
            continue
        if below_canon not in GROUPS or (above and not group):
            return None
        label = above or group
        group_canon, group_year = column_meaning(label) if label else (None, "")
        measure = below_canon if below_canon in WIDE_MEASURES else group_canon
        measure = measure if measure in WIDE_MEASURES else YEARS
        written = f"{label} / {below}" if label else below
        columns.append(Column(written, measure, below_year or group_year))
    return columns


def find_header(records: list[tuple[str, list[Cell]]]) -> tuple[int, list[Column], int]:
    """(index, columns, rows it spans) of the header: the first clear one in the first 30 rows."""
    for i, (_, cells) in enumerate(records[:30]):
        texts = [cell_text(c) for c in cells]
        if i + 1 < len(records):
            two = _two_row_header(texts, [cell_text(c) for c in records[i + 1][1]])
            if two and _header_score(two):
                return i, two, 2
        one = header_columns(texts)
        if _header_score(one):
            return i, one, 1
    first = [cell_text(c) for c in records[0][1]] if records else []
    return 0, header_columns(first), 1


def _fit_rows(
    file: str, records: list[tuple[str, list[Cell]]], width: int, strict_width: bool
) -> tuple[list[tuple[str, list[Cell]]], list[Problem]]:
    """Rows cut or padded to the header's width; in a text file a row of another width is a problem."""
    problems: list[Problem] = []
    rows: list[tuple[str, list[Cell]]] = []
    for line, cells in records:
        cells = list(cells)
        if len(cells) > width and not any(cell_text(c) for c in cells[width:]):
            cells = cells[:width]
        if len(cells) != width:
            if strict_width:
                params = (("seen", len(cells)), ("expected", width))
                problems.append(Problem(file, line, "", "wrong_cells", params=params))
                continue
            cells = cells[:width] + [""] * (width - len(cells))
        rows.append((line, cells))
    return rows, problems


def _size_problems(file: str, rows: int, width: int) -> list[Problem]:
    if rows > LIMITS.max_rows:
        return [Problem(file, "", "", "too_many_rows", params=(("rows", rows), ("limit", LIMITS.max_rows)))]
    if rows * max(width, 1) > LIMITS.max_cells:
        params = (("cells", rows * width), ("limit", LIMITS.max_cells))
        return [Problem(file, "", "", "too_many_cells", params=params)]
    return []


def _table_from_records(
    file: str, records: list[tuple[str, list[Cell]]], strict_width: bool
) -> tuple[Table | None, list[Problem]]:
    """Records (blank ones already dropped) to a Table: header found, title rows noted."""
    if not records:
        return None, [Problem(file, "", "", "empty_file")]
    at, columns, spans = find_header(records)
    while columns and not columns[-1].written:
        columns.pop()
    notes = []
    titles = [" ".join(cell_text(c) for c in cells if cell_text(c)) for _, cells in records[:at]]
    if at:
        first, last = records[0][0], records[at - 1][0]
        notes.append(Problem(file, first, "", "title_rows", params=(("first", first), ("last", last))))
    rows, problems = _fit_rows(file, records[at + spans :], len(columns), strict_width)
    problems = _size_problems(file, len(rows), len(columns)) or problems
    header = [c.written for c in columns]
    table = Table(file, header, rows, records[at][0], notes, columns, titles)
    table.cut_lines = sum(p.code == "wrong_cells" for p in problems)
    return table, problems


# ---------------------------------------------------------------- Excel workbooks

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_COUNT_RE = re.compile(rb'(?:uniqueCount|count)="(\d+)"')


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _part_problem(info: zipfile.ZipInfo, total: int, file: str) -> Problem | None:
    """A part too big unpacked (alone, or with the parts before it), or packed like a zip bomb."""
    strings = info.filename.lower().endswith("sharedstrings.xml")
    cap = LIMITS.max_shared_strings_bytes if strings else LIMITS.max_part_bytes
    size, limit = (info.file_size, cap) if info.file_size > cap else (total, LIMITS.max_unpacked_bytes)
    if size > limit:
        params = (("size", f"{size / 1_048_576:.0f}"), ("limit", limit // 1_048_576))
        return Problem(file, "", "", "xlsx_part_too_large", info.filename, params=params)
    ratio = info.file_size // max(info.compress_size, 1)
    if info.file_size > 4 * 1_048_576 and ratio > LIMITS.max_pack_ratio:
        params = (("ratio", ratio), ("limit", LIMITS.max_pack_ratio))
        return Problem(file, "", "", "xlsx_packed_too_tight", info.filename, params=params)
    return None


def _xlsx_part_problems(zf: zipfile.ZipFile, file: str) -> list[Problem]:
    """Refuse a workbook from its zip directory alone: too many parts, or parts that unpack huge."""
    infos = zf.infolist()
    if len(infos) > LIMITS.max_xlsx_parts:
        params = (("parts", len(infos)), ("limit", LIMITS.max_xlsx_parts))
        return [Problem(file, "", "", "xlsx_too_many_parts", params=params)]
    total = 0
    for info in infos:
        total += info.file_size
        problem = _part_problem(info, total, file)
        if problem:
            return [problem]
    return []


def _sheet_parts(zf: zipfile.ZipFile) -> dict[str, str]:
    """{sheet name: path of its XML part in the zip}, from the workbook and its relationships."""
    names = set(zf.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    targets = {}
    for rel in ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels")):
        target = rel.get("Target", "")
        targets[rel.get("Id")] = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
    parts = {}
    for sheet in ElementTree.fromstring(zf.read("xl/workbook.xml")).iter(f"{_MAIN_NS}sheet"):
        part = targets.get(sheet.get(_REL_ID))
        if part in names:
            parts[unicodedata.normalize("NFC", sheet.get("name", ""))] = part
    return parts


def _sheet_size_problems(zf: zipfile.ZipFile, parts: dict[str, str], file: str) -> list[Problem]:
    """A sheet's own `<dimension>` and the shared-string count, read before any cell is."""
    for part in [p for p in zf.namelist() if p.lower().endswith("sharedstrings.xml")]:
        with zf.open(part) as fh:
            counts = [int(n) for n in _COUNT_RE.findall(fh.read(1024))]
        if counts and max(counts) > LIMITS.max_cells:
            params = (("cells", max(counts)), ("limit", LIMITS.max_cells))
            return [Problem(file, "", "", "too_many_cells", params=params)]
    for title, part in parts.items():
        with zf.open(part) as fh:
            found = _DIMENSION_RE.search(fh.read(4096))
        if not found:
            continue
        columns = _column_number((found.group(3) or found.group(1)).decode())
        rows = int(found.group(4) or found.group(2))
        if columns > LIMITS.max_columns:
            params = (("columns", columns), ("limit", LIMITS.max_columns))
            return [Problem(file, f"{title}!1", "", "too_many_columns", params=params)]
        if rows > LIMITS.max_rows + 1000:
            return [
                Problem(file, "", "", "too_many_rows", params=(("rows", rows), ("limit", LIMITS.max_rows)))
            ]
    return []


_TIME_CODES_RE = re.compile(r"h+[^a-z]*m+|m+[^a-z]*s+")  # "h:mm", "mm:ss": minutes, not months


def _date_cell(value: date, number_format: str) -> DateCell:
    """A date as its format shows it: `yyyy` a year, `mm/yyyy` a month, a full date its month."""
    codes = re.sub(r'"[^"]*"|\[[^\]]*\]|\\.', "", number_format.lower())
    codes = _TIME_CODES_RE.sub("", codes)
    year, month, day = value.year, value.month, value.day
    has_year, has_month, has_day = "y" in codes, "m" in codes, "d" in codes
    if has_year and not has_month and not has_day:
        return DateCell(f"{year:04d}", f"{year:04d}", "year")
    if has_month and not has_year and not has_day:
        return DateCell(str(month), f"{month:02d}", "month_only")
    if has_year and has_month and not has_day:
        return DateCell(f"{year:04d}-{month:02d}", f"{month:02d}/{year:04d}", "month")
    return DateCell(f"{year:04d}-{month:02d}", f"{day:02d}/{month:02d}/{year:04d}", "day")


def _xlsx_value(cell) -> Cell | None:
    value = getattr(cell, "value", None)
    if value is None:
        return None
    number_format = str(getattr(cell, "number_format", "") or "")
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, datetime | date):
        return _date_cell(value, number_format)
    if isinstance(value, int | float):
        if "%" in number_format and math.isfinite(value):
            # A cell formatted as percent holds a fraction: 1.697 shows as 169.7%.
            return round(value * 100, 10)
        return value
    return unicodedata.normalize("NFC", str(value)).strip()


def _too_many(code: str, file: str, seen: object, limit: int, line: str = "") -> Problem:
    what = {"too_many_rows": "rows", "too_many_columns": "columns", "too_many_cells": "cells"}[code]
    return Problem(file, line, "", code, params=((what, seen), ("limit", limit)))


def _sheet_records(sheet, title: str, file: str) -> tuple[list[tuple[str, list[Cell]]], list[Problem]]:
    """A visible sheet's non-blank rows as (`Sheet!row`, cells); limits checked row by row."""
    sheet.reset_dimensions()  # a stale <dimension> must not cut cells off: rows end at their last cell
    records: list[tuple[str, list[Cell]]] = []
    seen = 0
    for number, row in enumerate(sheet.iter_rows(), start=1):
        if number > LIMITS.max_rows + 40:
            return [], [_too_many("too_many_rows", file, f">{LIMITS.max_rows}", LIMITS.max_rows)]
        if len(row) > LIMITS.max_columns:
            if any(getattr(c, "value", None) is not None for c in row[LIMITS.max_columns :]):
                return [], [
                    _too_many("too_many_columns", file, len(row), LIMITS.max_columns, f"{title}!{number}")
                ]
            row = row[: LIMITS.max_columns]
        cells = [_xlsx_value(c) for c in row]
        while cells and cells[-1] in (None, ""):
            cells.pop()
        if not cells:
            continue
        seen += len(cells)
        if seen > LIMITS.max_cells:
            return [], [_too_many("too_many_cells", file, f">{LIMITS.max_cells}", LIMITS.max_cells)]
        row_number = next((c.row for c in row if getattr(c, "row", None)), number)
        records.append((f"{title}!{row_number}", [c if c is not None else "" for c in cells]))
    return records, []


def _read_sheets(data: bytes, file: str) -> tuple[list[tuple[str, list]], list[str], list[Problem]]:
    """(visible sheets with their records, names of hidden sheets, problems)."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds on a damaged file; all mean "cannot read it"
        return [], [], [Problem(file, "", "", "bad_xlsx")]
    sheets, hidden = [], []
    try:
        for sheet in book.worksheets:
            title = unicodedata.normalize("NFC", sheet.title)
            if sheet.sheet_state != "visible":  # hidden and veryHidden: never read
                hidden.append(title)
                continue
            records, problems = _sheet_records(sheet, title, file)
            if problems:
                return [], hidden, problems
            sheets.append((title, records))
    except Exception:  # damaged sheet XML inside a valid zip
        return [], hidden, [Problem(file, "", "", "bad_xlsx")]
    finally:
        book.close()
    return sheets, hidden, []


def _xml_mentions(zf: zipfile.ZipFile, part: str, markers: tuple[bytes, ...]) -> bool:
    """Whether a part's XML holds any of `markers`, streamed in 1 MB chunks."""
    with zf.open(part) as fh:
        tail = b""
        while chunk := fh.read(1 << 20):
            if any(m in tail + chunk for m in markers):
                return True
            tail = chunk[-16:]
    return False


def sheet_xml_facts(zf: zipfile.ZipFile, part: str | None, title: str) -> tuple[list[str], list[str]]:
    """(formula cells with no cached value, hidden rows and columns) of a sheet, as `Sheet!D2`.

    openpyxl's data-only read gives None for a formula without a cached value (files written
    by scripts have them), indistinguishable from a blank, and its read-only mode does not
    say which rows are hidden; so the sheet's XML is streamed once more, only when it holds
    a formula or a hidden row or column at all.
    """
    if not part or not _xml_mentions(zf, part, (b"<f", b":f>", b'hidden="')):
        return [], []
    formulas, hidden = [], []
    with zf.open(part) as fh:
        for _, element in ElementTree.iterparse(fh):
            tag = element.tag
            if tag == f"{_MAIN_NS}c":
                value = element.find(f"{_MAIN_NS}v")
                if element.find(f"{_MAIN_NS}f") is not None and (
                    value is None or (not value.text and element.get("t") != "str")
                ):
                    formulas.append(f"{title}!{element.get('r', '')}")
                element.clear()
            elif tag in (f"{_MAIN_NS}row", f"{_MAIN_NS}col"):
                if element.get("hidden") in ("1", "true"):
                    where = element.get("r") or _column_letters(
                        element.get("min", "1"), element.get("max", "1")
                    )
                    hidden.append(f"{title}!{where}")
                element.clear()
    return formulas, hidden


def _column_letters(first: str, last: str) -> str:
    def letters(number: int) -> str:
        text = ""
        while number:
            number, rest = divmod(number - 1, 26)
            text = chr(65 + rest) + text
        return text

    a, b = letters(int(first)), letters(int(last))
    return a if a == b else f"{a}:{b}"


def _listed(items: list[str], at_most: int = 10) -> str:
    return ", ".join(items[:at_most]) + (f" (+{len(items) - at_most})" if len(items) > at_most else "")


def read_xlsx(data: bytes, file: str) -> tuple[Table | None, list[Problem]]:
    """The first visible sheet with a recognisable header (else the first), rows as `Sheet!row`."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        problems = _xlsx_part_problems(zf, file)
        parts = {} if problems else _sheet_parts(zf)
        problems = problems or _sheet_size_problems(zf, parts, file)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ElementTree.ParseError,
        OSError,
        EOFError,
        ValueError,
        KeyError,
    ):
        return None, [Problem(file, "", "", "bad_xlsx")]
    if problems:
        return None, problems
    sheets, hidden, problems = _read_sheets(data, file)
    if problems:
        return None, problems
    with_records = [s for s in sheets if s[1]]
    chosen = next((s for s in with_records if _header_score(find_header(s[1])[1])), None)
    chosen = chosen or next(iter(with_records), None)
    if chosen is None:
        return None, [Problem(file, "", "", "empty_file")]
    try:
        missing, hidden_cells = sheet_xml_facts(zf, parts.get(chosen[0]), chosen[0])
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError, EOFError, ValueError):
        return None, [Problem(file, "", "", "bad_xlsx")]
    if missing:
        return None, [Problem(file, "", "", "formula_no_value", _listed(missing))]
    table, problems = _table_from_records(file, chosen[1], strict_width=False)
    if table is not None:
        others = [name for name, recs in with_records if name != chosen[0]]
        if hidden:
            table.notes.append(Problem(file, "", "", "hidden_sheets", value=", ".join(hidden)))
        if hidden_cells:  # Excel's own CSV export keeps them too: read, and said
            table.notes.append(Problem(file, "", "", "hidden_cells", value=_listed(hidden_cells)))
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


def _split_sign(text: str, measure: str) -> tuple[str, str]:
    """(sign, digits and marks) of a written number: spaces, NBSP, U+2212 and a % dropped."""
    text = text.strip().replace("\u2212", "-")
    for space in ("\u00a0", "\u202f", "\u2009", " "):
        text = text.replace(space, "")
    if measure in ("pct_of_target", "change_pct") and text.endswith("%"):
        text = text[:-1]
    if text[:1] in ("-", "+"):
        return ("-" if text[0] == "-" else ""), text[1:]
    return "", text


def _number_token(text: str, measure: str) -> str:
    return _split_sign(text, measure)[1]


def readings(body: str) -> dict[str, str]:
    """What each style reads an unsigned number as, in plain canonical text ("25953", "169.7").

    Plain style takes `.` as the decimal mark and `,` as an optional thousands separator
    (an English-locale Excel writes "25,953"); Vietnamese style the other way round.
    """
    out = {}
    if EN_NUMBER_RE.match(body):
        out["plain"] = body.replace(",", "")
    if VI_NUMBER_RE.match(body):
        out["vi"] = body.replace(".", "").replace(",", ".")
    return out


@dataclass
class _Reading:
    """One written figure and the readings the unit leaves it."""

    row: _Row
    sign: str
    body: str
    options: dict[str, str]  # style -> canonical text
    kind: str  # "neutral", "plain", "vi" (only that style reads it), "ambiguous", "bad", "fraction"
    counted: bool = False  # the unit settled it: a count has no fractional part


def _count_options(options: dict[str, str]) -> tuple[dict[str, str], bool]:
    """Readings of a count: whole ones only ("25.000" is 25000, never 25); "12.0" is 12."""
    whole = {s: v for s, v in options.items() if "." not in v}
    if whole:
        return whole, len(whole) < len(options)
    return {s: v.partition(".")[0] for s, v in options.items() if set(v.partition(".")[2]) == {"0"}}, False


def _reading(row: _Row, units: dict[str, str], forced: str | None) -> _Reading:
    measure = row.values.get("measure", "")
    sign, body = _split_sign(cell_text(row.value_cell), measure)
    if forced == "plain":  # the contract's canonical form: digits and "." only
        options = {"plain": body} if NUMBER_RE.match(body) else {}
    else:
        options = readings(body)
        options = {forced: options[forced]} if forced and forced in options else {} if forced else options
    counted = False
    if units.get(row.indicator) in COUNT_UNITS and measure in COUNT_MEASURES and options:
        options, counted = _count_options(options)
        if not options:
            return _Reading(row, sign, body, {}, "fraction")
    if not options:
        kind = "bad"
    elif len(set(options.values())) == 1 and (counted or len(options) == 2 or forced):
        kind = "neutral"
    else:
        kind = next(iter(options)) if len(options) == 1 else "ambiguous"
    return _Reading(row, sign, body, options, kind, counted)


def _as_written(canonical: str, style: str) -> str:
    """A decimal reading in the file's own notation, trailing zeros dropped: "22.200" -> "22,2" (vi)."""
    text = canonical.rstrip("0").rstrip(".") if "." in canonical else canonical
    return text.replace(".", ",") if style == "vi" else text


def _mark(body: str) -> str:
    return "," if "," in body else "."


def _style_problem(rds: list[_Reading], file: str) -> tuple[str | None, list[Problem]]:
    """The file's style from the cells only one style reads; problems where the cells disagree."""
    first = {s: next((r for r in rds if r.kind == s), None) for s in ("plain", "vi")}
    if first["plain"] and first["vi"]:
        vi, plain = first["vi"], first["plain"]
        params = (("first", plain.row.line), ("other", cell_text(plain.row.value_cell)))
        return None, [
            Problem(
                file,
                vi.row.line,
                vi.row.value_column,
                "number_style_mixed",
                cell_text(vi.row.value_cell),
                params=params,
            )
        ]
    style = "vi" if first["vi"] else "plain" if first["plain"] else None
    ambiguous = [r for r in rds if r.kind == "ambiguous"]
    if style is None:
        if not ambiguous:
            return "plain", []
        r = ambiguous[0]
        params = (("vi", r.options["vi"]), ("plain", r.options["plain"]))
        text = cell_text(r.row.value_cell)
        return None, [
            Problem(file, r.row.line, r.row.value_column, "number_style_undecidable", text, params=params)
        ]
    grouped = any(r.kind == style and THOUSANDS_MARK[style] in r.body for r in rds)
    problems = []
    for r in ambiguous:
        if _mark(r.body) == THOUSANDS_MARK[style] or grouped:
            continue
        other = THOUSANDS_MARK[style]
        evidence = first[style]
        params = (
            ("thousands", r.body.replace(_mark(r.body), "")),
            ("decimal", _as_written(r.options[style], style)),
            ("first", evidence.row.line),
            ("other", cell_text(evidence.row.value_cell)),
            ("mark", f"'{other}'"),
        )
        text = cell_text(r.row.value_cell)
        problems.append(
            Problem(file, r.row.line, r.row.value_column, "number_style_three_decimals", text, params=params)
        )
    return style, problems


def _read_numbers(
    rows: list[_Row], units: dict[str, str], forced: str | None, result: FileResult, cut: bool = False
) -> None:
    """Set each row's canonical value, or add the problem with its cell; notes on what was decided."""
    file = result.file
    rds = [
        _reading(r, units, forced) for r in rows if isinstance(r.value_cell, str) and cell_text(r.value_cell)
    ]
    style, problems = (forced, []) if forced else _style_problem(rds, file)
    if cut:
        problems = []  # a line cut wrongly hides its numbers: fix that first, then judge the style
    result.problems.extend(problems)
    refused = {(p.line, p.column) for p in problems}
    for rd in rds:
        r = rd.row
        text = cell_text(r.value_cell)
        if rd.kind == "bad":
            expected = EXAMPLE[style or "plain"]
            result.problems.append(Problem(file, r.line, r.value_column, "not_number", text, expected))
        elif rd.kind == "fraction":
            result.problems.append(Problem(file, r.line, r.value_column, "count_fraction", text, "25953"))
        elif (r.line, r.value_column) not in refused and style:
            chosen = rd.options.get(style) or (
                next(iter(rd.options.values())) if rd.kind == "neutral" else None
            )
            if chosen is not None:
                r.value = rd.sign + chosen
    for r in rows:
        if not isinstance(r.value_cell, str):
            _excel_number(r, units, result)
    _number_notes(rds, style if not forced else None, result)


def _excel_number(r: _Row, units: dict[str, str], result: FileResult) -> None:
    """An Excel number cell: exact as stored; not finite or a fractional count is refused."""
    text = cell_text(r.value_cell)
    if not NUMBER_RE.match(text):
        result.problems.append(
            Problem(result.file, r.line, r.value_column, "not_number", text, EXAMPLE["plain"])
        )
    elif "." in text and units.get(r.indicator) in COUNT_UNITS and r.values.get("measure") in COUNT_MEASURES:
        result.problems.append(Problem(result.file, r.line, r.value_column, "count_fraction", text, "25953"))
    else:
        r.value = text


def _number_notes(rds: list[_Reading], style: str | None, result: FileResult) -> None:
    counted = [rd for rd in rds if rd.counted]
    if counted:
        r = counted[0]
        params = (
            ("text", cell_text(r.row.value_cell)),
            ("value", r.sign + next(iter(r.options.values()))),
            ("n", len(counted)),
        )
        result.notes.append(
            Problem(result.file, r.row.line, r.row.value_column, "count_whole", params=params)
        )
    if style == "vi":
        result.notes.append(Problem(result.file, "", "", "style_vi"))
    elif style == "plain" and any("," in rd.body and rd.kind in ("plain", "ambiguous") for rd in rds):
        result.notes.append(Problem(result.file, "", "", "style_en"))


def number_style(tokens: list[tuple[str, str, str]], file: str) -> tuple[str | None, Problem | None]:
    """Decide "plain" or "vi" from (line, column, text) cells alone, no unit (kept for callers)."""
    rows = [_Row(line, {}, text, column) for line, column, text in tokens]
    style, problems = _style_problem([_reading(r, {}, None) for r in rows], file)
    return style, (problems[0] if problems else None)


def parse_number(text: str, style: str, measure: str) -> str | None:
    """A written number as plain canonical text ("25953", "-169.7"), or None if it is not one."""
    sign, body = _split_sign(text, measure)
    if style == "vi":
        reading = readings(body).get("vi")
    else:
        reading = body if NUMBER_RE.match(body) else None
    return None if reading is None else sign + reading


# ---------------------------------------------------------------- checks


def kind_of(header: list[str]) -> str:
    return _kind(header_columns(header))


def _kind(columns: list[Column]) -> str:
    cols = {c.canon for c in columns}
    if "name_vi" in cols or "direction" in cols:
        return "indicators"
    if cols & {"measure", "value", *GROUPS}:
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
    columns = INDICATOR_COLUMNS + [c for c in OPTIONAL_INDICATOR_COLUMNS if c in header]
    idx = {c: header.index(c) for c in columns}
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
        frame = pd.DataFrame(records, columns=columns)
        frame["name_en"] = frame["name_en"].where(frame["name_en"] != "", frame["name_vi"])
        result.frame = frame
    return result


def check_period(period: str) -> bool:
    m = PERIOD_RE.match(period)
    if not m:
        return False
    return m.group(2) is None or 1 <= int(m.group(2)) <= 12


_YEAR_TEXT_RE = re.compile(r"^(?:nam|year)?\s*(\d{4})$")
_YEAR_MONTH_RE = re.compile(r"^(\d{4})\s*[-/.]\s*(\d{1,2})$")
_MONTH_YEAR_RE = re.compile(r"^(?:thang|month|t)?\s*(\d{1,2})\s*(?:[/.-]|nam|năm)\s*(\d{4})$")
_MONTH_RE = re.compile(r"^(?:thang|month|t)?\s*(\d{1,2})$")


@lru_cache(maxsize=4096)  # a file repeats its few periods and months on every row
def normal_period(text: str) -> str | None:
    """ "2023", "Năm 2023" -> "2023"; "2023-05", "05/2023", "Tháng 5/2023", "T5 năm 2023" -> "2023-05"."""
    s = plain_lower(text)
    if found := _YEAR_TEXT_RE.match(s):
        return found.group(1)
    if found := _YEAR_MONTH_RE.match(s):
        year, month = found.group(1), int(found.group(2))
    elif found := _MONTH_YEAR_RE.match(s):
        month, year = int(found.group(1)), found.group(2)
    else:
        return None
    return f"{year}-{month:02d}" if 1 <= month <= 12 else None


@lru_cache(maxsize=4096)
def month_of(text: str) -> tuple[int, str] | None:
    """(month, year or "") a month cell names: 5, "05", "Tháng 5", "T5", "5/2023"; None if none."""
    s = plain_lower(text)
    if found := _MONTH_RE.match(s):
        month, year = int(found.group(1)), ""
    elif period := normal_period(text):
        if "-" not in period:
            return None
        year, month = period[:4], int(period[5:])
    else:
        return None
    return (month, year) if 1 <= month <= 12 else None


@dataclass
class _Row:
    """One figure as read, before checks: where it came from and its cells as text."""

    line: str
    values: dict[str, str]
    value_cell: Cell
    value_column: str
    year: str = ""  # the year the figure's column header gives ("Thực hiện 2023")
    raw: dict[str, Cell] = field(default_factory=dict)  # period, year and month cells as read
    indicator: str = ""  # the catalogue id the row names, or the text if none
    value: str = ""  # canonical number once read


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


# "1.", "1.1", "a)", "II.", "-", "•": numbering planners put before a name.
ENUMERATION_RE = re.compile(r"^\s*(?:[-+•*–]+|\(?\d+(?:\.\d+)*[.)]?|\(?[a-zđ][.)]|[IVXLC]+[.)]?)\s+", re.I)


def resolve_indicator(text: str, units: dict[str, str], names: dict[str, str]) -> str:
    """The catalogue id a cell names (by id, or by name, with or without numbering); else the text."""
    if text in units:
        return text
    found = names.get(key(text))
    if found is None and ENUMERATION_RE.match(text):
        found = names.get(key(ENUMERATION_RE.sub("", text, count=1)))
    return found or text


@dataclass
class _Layout:
    """Where each canonical column is, and the figure columns of the wide layout."""

    at: dict[str, int]
    written: dict[str, str]
    figures: list[tuple[int, str, str, str]]  # (index, measure, year from the header, as written)
    wide: bool
    skip: set[int]  # columns a section row may fill: indicator and row numbers


def _columns(table: Table, result: FileResult) -> tuple[dict[str, int], list, list, list[str], list[str]]:
    """Canonical columns, figure columns, year-only columns, unused and row-number headers."""
    at: dict[str, int] = {}
    figures, years, unused, numbering = [], [], [], []
    seen: set[tuple[str, str]] = set()
    for i, col in enumerate(table.columns):
        if col.canon is None:
            unused.extend([col.written] if col.written else [])
        elif col.canon == "row_number":
            numbering.append(col.written)
        elif col.canon in GROUPS:
            if (col.canon, col.year) in seen:
                result.problems.append(
                    Problem(result.file, table.header_line, col.written, "duplicate_column", col.written)
                )
            seen.add((col.canon, col.year))
            (years if col.canon == YEARS else figures).append((i, col.canon, col.year, col.written))
        else:
            if col.canon in at:
                result.problems.append(
                    Problem(result.file, table.header_line, col.written, "duplicate_column", col.written)
                )
            at.setdefault(col.canon, i)
    return at, figures, years, unused, numbering


# How a missing column of a file of figures may be headed, in the planners' words and the contract's.
MISSING_HINT = {
    "indicator_id": "Chỉ tiêu | Mã chỉ tiêu | indicator_id",
    "period": "Năm | Kỳ | period",
    "year": "Năm | Kỳ",
    "measure": "measure (actual | target | pct_of_target | change_pct), or columns Kế hoạch | Thực hiện",
    "value": "value | Giá trị",
}


def _title_says_actual(table: Table) -> str:
    """The title that says the figures are results (and does not also speak of a plan), or ""."""
    keys = [key(title) for title in table.titles]
    if any(k in title for title in keys for k in PLAN_TITLE_KEYS):
        return ""
    return next(
        (t_ for t_, k_ in zip(table.titles, keys, strict=True) if any(k in k_ for k in ACTUAL_TITLE_KEYS)), ""
    )


def _layout(table: Table, result: FileResult) -> _Layout | None:
    """How the file lays its figures out, or None (with the problems) when it cannot be told."""
    file, line = result.file, table.header_line
    at, figures, years, unused, numbering = _columns(table, result)
    if "indicator_name" in at:
        name_at = at.pop("indicator_name")
        if "indicator_id" in at:
            unused.append(table.header[name_at])
        else:
            at["indicator_id"] = name_at
    wide = "measure" not in at and "value" not in at and bool(figures or years)
    if not wide:
        unused += [written for *_, written in figures + years]
    if wide and years:
        title = _title_says_actual(table)
        if not title:
            found = ", ".join(h for h in table.header if h)
            result.problems.append(Problem(file, line, "", "years_without_measure", found))
            return None
        result.notes.append(Problem(file, line, "", "years_as_actuals", title))
        figures += [(i, "actual", year, written) for i, _, year, written in years]
    if unused:
        result.notes.append(Problem(file, line, "", "unused_columns", ", ".join(unused)))
    if numbering:
        result.notes.append(Problem(file, line, "", "row_number_column", ", ".join(numbering)))
    dated = wide and all(year for _, _, year, _ in figures)
    required = ["indicator_id"] + ([] if wide else ["measure", "value"])
    if not (dated or "period" in at or "year" in at):
        required.append("year" if "month" in at else "period")
    found = ", ".join(h for h in table.header if h)
    for col in [c for c in required if c not in at]:
        result.problems.append(Problem(file, line, col, "missing_column", found, MISSING_HINT[col]))
    if result.problems:
        return None
    if "area" not in at:
        result.notes.append(Problem(file, "", "", "default_area"))
    written = {c: table.header[i] for c, i in at.items()}
    skip = {at["indicator_id"]} | {i for i, c in enumerate(table.columns) if c.canon == "row_number"}
    return _Layout(at, written, figures, wide, skip)


def _section_label(text: list[str], layout: _Layout, known) -> str:
    """The label of a section row (`I. Lĩnh vực lao động`: a label and nothing else), else ""."""
    if any(cell for i, cell in enumerate(text) if i not in layout.skip):
        return ""
    label = text[layout.at["indicator_id"]] or next((c for c in text if c), "")
    return label if label and not known(label) else ""


def _figure_rows(
    table: Table, layout: _Layout, units: dict[str, str], names: dict[str, str], result: FileResult
) -> list[_Row]:
    """One _Row per figure; totals, section and empty rows left out with a note."""
    file, rows = result.file, []
    ind_at = layout.at["indicator_id"]

    def known(label: str) -> bool:
        return resolve_indicator(label, units, names) in units

    for line, cells in table.rows:
        text = [cell_text(c) for c in cells]
        if _is_totals_row(text, ind_at):
            result.notes.append(Problem(file, line, "", "totals_row", text[ind_at]))
            continue
        label = _section_label(text, layout, known)
        if label:
            result.notes.append(Problem(file, line, "", "section_row", label))
            continue
        base = {c: text[i] for c, i in layout.at.items()}
        raw = {c: cells[layout.at[c]] for c in ("period", "year", "month") if c in layout.at}
        indicator = resolve_indicator(base["indicator_id"], units, names)
        if not layout.wide:
            rows.append(
                _Row(line, base, cells[layout.at["value"]], layout.written["value"], "", raw, indicator)
            )
            continue
        present = [f for f in layout.figures if text[f[0]]]
        if not present:
            result.notes.append(Problem(file, line, "", "no_figures", base.get("indicator_id", "")))
        for i, measure, year, written in present:
            rows.append(_Row(line, {**base, "measure": measure}, cells[i], written, year, raw, indicator))
    return rows


def _period(r: _Row, layout: _Layout, file: str) -> tuple[str, list[Problem]]:
    """The row's period: its Kỳ or Năm (or its column's year), with its Tháng when there is one."""
    col = layout.written.get
    period_text, year_text = r.values.get("period", ""), r.values.get("year", "")
    if r.year:
        base = r.year
    elif period_text:
        base = normal_period(period_text)
        if base is None:
            return "", [
                Problem(
                    file,
                    r.line,
                    col("period"),
                    "bad_period",
                    shown_text(r.raw.get("period")),
                    "YYYY | YYYY-MM",
                )
            ]
    elif year_text:
        cell = r.raw.get("year")
        # A date under Năm is what its format shows: `yyyy` a year, `mm/yyyy` a month; a full
        # date is neither, and is refused as shown.
        full_date = isinstance(cell, DateCell) and cell.shows in ("day", "month_only")
        base = None if full_date else normal_period(year_text)
        if base is None:
            return "", [Problem(file, r.line, col("year"), "bad_period", shown_text(cell), "YYYY | YYYY-MM")]
    else:
        return "", []
    month_text = r.values.get("month", "")
    if not month_text:
        return base, []
    month = month_of(month_text)
    typed = shown_text(r.raw.get("month"))
    bad = [Problem(file, r.line, col("month"), "bad_month", typed, "1 … 12")]
    if month is None or (month[1] and month[1] != base[:4]) or (len(base) > 4 and int(base[5:]) != month[0]):
        return "", bad
    return f"{base[:4]}-{month[0]:02d}", []


def _record(r: _Row, layout: _Layout, file: str) -> tuple[dict[str, str], list[Problem]]:
    """The contract's columns for one figure, and what is wrong with its cells."""
    v, col = r.values, (lambda c: layout.written.get(c, c))
    period, problems = _period(r, layout, file)
    typed_period = v.get("period") or v.get("year", "")
    if r.year and typed_period and (normal_period(typed_period) or "")[:4] != r.year:
        where = col("period") if v.get("period") else col("year")
        problems.append(Problem(file, r.line, where, "period_conflict", typed_period, r.year))
    row = {
        "indicator_id": r.indicator,
        "area": _area(v.get("area", "")) if "area" in layout.at else DEFAULT_AREA,
        "period": period,
        "measure": v.get("measure", ""),
        "value": r.value,
        "bound": v.get("bound", "") or "exact",
        "provenance": v.get("provenance", "") or "user",
        "source": v.get("source", ""),
        "note": v.get("note", ""),
    }
    typed = {**row, "value": cell_text(r.value_cell), "period": period or ("blamed" if problems else "")}
    for c in ("indicator_id", "area", "period", "measure", "value"):
        if not typed[c]:
            where = col("year") if c == "period" and "year" in layout.at else col(c)
            problems.append(
                Problem(file, r.line, "" if layout.wide and c == "measure" else where, "required")
            )
    for c, allowed in (("measure", MEASURES), ("bound", BOUNDS), ("provenance", PROVENANCES)):
        if row[c] and row[c] not in allowed:
            problems.append(Problem(file, r.line, col(c), "bad_value", row[c], " | ".join(allowed)))
    return row, problems


def _unit_and_sign(
    r: _Row, row: dict[str, str], units: dict[str, str], layout: _Layout, file: str
) -> list[Problem]:
    problems = []
    ind, value = row["indicator_id"], row["value"]
    unit_cell = r.values.get("unit", "")
    if unit_cell and ind in units and not _unit_matches(unit_cell, units[ind]):
        expected = f"{t(f'unit.{units[ind]}', 'vi')} | {t(f'unit.{units[ind]}', 'en')}"
        problems.append(Problem(file, r.line, layout.written["unit"], "unit_mismatch", unit_cell, expected))
    if value and abs(float(value)) >= LIMITS.max_magnitude:
        problems.append(Problem(file, r.line, r.value_column, "too_big", shown_text(r.value_cell), "< 10^15"))
    if (
        value.startswith("-")
        and units.get(ind) in NON_NEGATIVE_UNITS
        and row["measure"] in NON_NEGATIVE_MEASURES
    ):
        problems.append(Problem(file, r.line, r.value_column, "negative", cell_text(r.value_cell), ">= 0"))
    return problems


def _unknown_indicator(
    r: _Row, units: dict[str, str], names: dict[str, str], layout: _Layout, file: str
) -> Problem:
    text = r.values.get("indicator_id", "")
    hint = closest(key(text), list(names))
    shown = list(dict.fromkeys(names[k] for k in hint))[:3]
    expected = ", ".join(shown) or ", ".join(sorted(units)[:5])
    return Problem(file, r.line, layout.written["indicator_id"], "unknown_indicator", text, expected)


# A code of the user's own (`district_a`, `p01/c00001`): lower-case ASCII without spaces. It is
# kept as written when it names no unit; a written name that matches nothing is refused.
OWN_AREA_RE = re.compile(r"^[a-z0-9][a-z0-9_./-]*$", re.ASCII)
# Figures of several pre-2025 units that are now one unit add up only where the unit counts or
# amounts (`NON_NEGATIVE_UNITS`, the store's additive units) and the figure is an actual or a plan.
SUMMED_MEASURES = frozenset({"actual", "target"})


def _both(render, name: str = "text") -> tuple[tuple[str, object], ...]:
    """`render(lang)` in both languages, as the one parameter `name` of a message."""
    return ((name, InLanguages(render("vi"), render("en"))),)


def _read_area(text: str, era: str, suggestions: bool) -> areas.Match:
    """A written area in its period's era; a name of the other era is also accepted (figures
    restated for today's units, an old name on a 2025 figure) when its own era has none."""
    found = areas.match(text, era=era, closest=False)
    if found.status == "unknown" and era != "auto":
        found = areas.match(text, era="auto", closest=False)
    if found.status == "unknown" and suggestions:
        found = areas.match(text, era=era, closest=True)
    return found


def today_areas(
    records: list[dict[str, str]], lines: list[str], units: dict[str, str], column: str, result: FileResult
) -> list[dict[str, str]]:
    """The records with their areas as today's units (`lib/areas.py`), what was decided in
    `result.notes` and what cannot be placed in `result.problems` (each naming its first line).

    - A unit of today (id or name) or the whole province: kept. A pre-2025 unit: mapped to the
      unit it is now part of, with a note `X (before 1 July 2025) is now part of Y`.
    - Several pre-2025 units now one unit: their figures (same indicator, period and measure)
      are summed, with a note naming them; refused for a measure or unit that does not add up
      (a % of plan, a rate), and where the file also gives that unit of today itself.
    - A pre-2025 unit split over several units: refused; the file must give each new unit.
    - Several units of that name: refused, naming them. No unit of that name: a code of the
      user's own (`OWN_AREA_RE`) is kept with a note; any other text is refused with the
      closest names.
    """
    file = result.file
    decided: dict[tuple[str, str], areas.Match | None] = {}  # None: the user's own code
    first_line: dict[tuple[str, str], str] = {}
    suggested = 0
    placed: list[tuple[str, str, bool] | None] = []  # (today's id, the unit written, pre-2025)
    for row, line in zip(records, lines, strict=True):
        pair = (row["area"], areas.era_of(row["period"]))
        if pair not in decided:
            first_line[pair] = line
            m = _read_area(pair[0], pair[1], suggestions=suggested < areas.MAX_SUGGESTED)
            if m.status == "unknown" and OWN_AREA_RE.fullmatch(pair[0]):
                decided[pair] = None
                result.notes.append(Problem(file, line, column, "area_own", pair[0]))
            else:
                decided[pair] = m
                suggested += m.status == "unknown"
                if m.ok and m.old_id:
                    result.notes.append(
                        Problem(file, line, column, "area_mapped", pair[0], params=_both(m.message))
                    )
                elif not m.ok:
                    result.problems.append(
                        Problem(file, line, column, "area_unplaced", pair[0], params=_both(m.message))
                    )
        m = decided[pair]
        if m is None:
            placed.append((pair[0], pair[0], False))
        else:
            placed.append((m.area_id, m.old_id or m.area_id, bool(m.old_id)) if m.ok else None)
    if result.problems:
        return records
    groups: dict[tuple[str, str, str, str], list[int]] = {}
    for i, (row, where) in enumerate(zip(records, placed, strict=True)):
        groups.setdefault((row["indicator_id"], where[0], row["period"], row["measure"]), []).append(i)
    out, summed = [], set()
    for (ind, area_id, _, measure), rows in groups.items():
        first = records[rows[0]]
        if len(rows) == 1:
            out.append({**first, "area": area_id})
            continue
        written = [placed[i][1] for i in rows]
        line = lines[rows[1]]
        new = _both(lambda lang, a=area_id: areas.label(a, lang), "unit")
        if len(set(written)) < len(written) or not all(placed[i][2] for i in rows):
            twice = (("first", lines[rows[0]]),) + new
            result.problems.append(
                Problem(file, line, column, "area_twice", records[rows[1]]["area"], params=twice)
            )
            continue
        if units.get(ind) not in NON_NEGATIVE_UNITS or measure not in SUMMED_MEASURES:
            params = new + _both(lambda lang, m=measure: t(f"measure.{m}", lang), "measure")
            result.problems.append(Problem(file, line, column, "area_not_additive", ind, params=params))
            continue
        total = sum(Decimal(records[i]["value"]) for i in rows)
        out.append(
            {
                **first,
                "area": area_id,
                "value": str(total),
                "bound": "more_than" if any(records[i]["bound"] == "more_than" for i in rows) else "exact",
                "provenance": first["provenance"]
                if all(records[i]["provenance"] == first["provenance"] for i in rows)
                else "user",
                "source": "; ".join(
                    dict.fromkeys(records[i]["source"] for i in rows if records[i]["source"])
                ),
                "note": "; ".join(dict.fromkeys(records[i]["note"] for i in rows if records[i]["note"])),
            }
        )
        if (area_id, tuple(written)) not in summed:
            summed.add((area_id, tuple(written)))
            olds = ", ".join(areas.name(w) for w in written)
            params = new + (("old", olds), ("count", len(rows)))
            result.notes.append(Problem(file, lines[rows[0]], column, "area_summed", params=params))
    return out


def validate_observations(
    table: Table,
    units: dict[str, str],
    names: dict[str, str] | None = None,
    style: str | None = None,
    map_areas: bool = False,
) -> FileResult:
    """Check an observations file against the contract and the catalogue.

    `units` is {id: unit}; `names` {key(name): id} lets rows name indicators in Vietnamese or
    English. Long layout: one figure per row (measure, value). Wide layout: one row per
    indicator and period, one column per measure (Kế hoạch, Thực hiện, Tỷ lệ), or per measure
    and year (`Thực hiện 2023`, or a two-row header). `map_areas`: match the area names to
    the area catalogue's units of today (`today_areas`; what the upload door asks for).
    """
    file = table.file
    result = FileResult(file, "observations", notes=list(table.notes))
    names = dict(names or {})
    for ind in units:
        names.setdefault(key(ind), ind)
    layout = _layout(table, result)
    if layout is None:
        return result
    rows = _figure_rows(table, layout, units, names, result)
    _read_numbers(rows, units, style, result, cut=table.cut_lines > 0)
    first_seen: dict[tuple[str, str, str, str], str] = {}
    records, lines = [], []
    for r in rows:
        lines.append(r.line)
        row, problems = _record(r, layout, file)
        if row["indicator_id"] and row["indicator_id"] not in units:
            problems.append(_unknown_indicator(r, units, names, layout, file))
        problems += _unit_and_sign(r, row, units, layout, file)
        dup_key = (row["indicator_id"], row["area"], row["period"], row["measure"])
        if all(dup_key) and dup_key in first_seen:
            params = (("first", first_seen[dup_key]),)
            problems.append(Problem(file, r.line, "", "duplicate", " / ".join(dup_key), params=params))
        first_seen.setdefault(dup_key, r.line)
        result.problems.extend(problems)
        records.append(row)
    if not result.problems and not records and not table.cut_lines:
        result.problems.append(Problem(file, "", "", "no_rows"))
    if map_areas and not result.problems and "area" in layout.at:
        records = today_areas(records, lines, units, layout.written["area"], result)
    if not result.problems and not table.cut_lines and all(r["value"] for r in records):
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


# Problems that stop the reading before any cell is judged.
BLOCKING = ("too_many", "xlsx_", "formula_no_value")


def validate_bytes(
    data: bytes,
    file: str,
    units: dict[str, str],
    names: dict[str, str] | None = None,
    number_style: str | None = None,
    map_areas: bool = False,
) -> FileResult:
    """Validate one file given as bytes; `units` (and `names`) is the catalogue to check against.

    `number_style` "plain" or "vi" skips deciding it from the file (for files the app wrote);
    `map_areas` see `validate_observations`.
    """
    table, problems = read_table(data, file)
    if table is None or problems and problems[0].code.startswith(BLOCKING):
        return FileResult(file, "unknown", problems=problems)
    kind = _kind(table.columns)
    if any(required <= set(table.header) for required in AREA_FILE_COLUMNS):
        # The area catalogue and its changes (data/areas.csv, data/area_changes.csv, built by
        # `python -m lib areas build` and checked by lib/areas.py): not figures, nothing to read.
        result = FileResult(file, "areas", frame=pd.DataFrame(index=range(len(table.rows))))
    elif kind == "indicators":
        result = validate_indicators(table)
        result.notes = list(table.notes)
        if not result.problems and result.frame is not None and result.frame.empty:
            result.problems.append(Problem(file, "", "", "no_rows"))
    elif kind == "observations":
        result = validate_observations(table, units, names, number_style, map_areas)
    else:
        found = ", ".join(h for h in table.header if h)
        result = FileResult(
            file, "unknown", problems=[Problem(file, table.header_line, "", "unknown_kind", found)]
        )
    result.problems = sorted(problems + result.problems, key=line_order)
    if result.problems:
        result.frame = None
    return result


# Headers that mark a file of the area catalogue (lib/areas.py), exact as the build writes them.
AREA_FILE_COLUMNS = ({"area_id", "level", "parent"}, {"old_id", "new_area_id"})


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
