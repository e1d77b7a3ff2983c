"""A file as a table of cells: what a cell is, what each header cell means, where the header is.

Owns the words people head their columns with (`HEADER_SYNONYMS`, matched ignoring case,
accents and spacing through `key`), a header's meaning column by column (`column_meaning`:
"Kế hoạch 2024" is the plan of 2024, "Năm 2023" a year whose measure must come from
elsewhere), finding the header among title rows in the first 30 rows, a two-row header (a
merged group over its measures or years), and the `Table` every reader
(`lib/data/text_files.py`, `lib/data/workbooks.py`) hands to the checks. Rows and cells are counted
against the limits here, once for both kinds of file, and so is each text cell's length
(`Limits.max_text_chars`: a cell over it is refused with its line and column, shown by its start).

Never decides what a figure is (lib/data/numbers.py, lib/data/layouts.py); never raises on bad input.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from itertools import chain

from lib.data.contract import LIMITS, Limits, Problem

YEAR_IN_HEADER = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)", re.ASCII)

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
    # The measurement standard a figure was measured under (series breaks; contract.py).
    "standard": ["chuẩn", "chuẩn đo", "chuẩn đo lường", "chuẩn áp dụng", "measurement standard"],
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


# ---------------------------------------------------------------- cells to a table


def header_score(columns: list[Column]) -> int:
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
            if two and header_score(two):
                return i, two, 2
        one = header_columns(texts)
        if header_score(one):
            return i, one, 1
    first = [cell_text(c) for c in records[0][1]] if records else []
    return 0, header_columns(first), 1


def _fit_rows(
    file: str,
    records: list[tuple[str, list[Cell]]],
    width: int,
    strict_width: bool,
    short: list[str] | None = None,
) -> tuple[list[tuple[str, list[Cell]]], list[Problem]]:
    """Rows cut or padded to the header's width; in a text file a row of another width is a problem,
    except a row that stops just before a last `standard` column (`short` given): the lines of a
    file written before that optional column (series breaks), read as "no standard stated" and
    listed in `short` for a note."""
    problems: list[Problem] = []
    rows: list[tuple[str, list[Cell]]] = []
    for line, cells in records:
        cells = list(cells)
        if len(cells) > width and not any(cell_text(c) for c in cells[width:]):
            cells = cells[:width]
        if short is not None and len(cells) == width - 1:
            short.append(line)
            cells.append("")
        if len(cells) != width:
            if strict_width:
                params = (("seen", len(cells)), ("expected", width))
                problems.append(Problem(file, line, "", "wrong_cells", params=params))
                continue
            cells = cells[:width] + [""] * (width - len(cells))
        rows.append((line, cells))
    return rows, problems


def _long_cells(
    file: str, columns: list[Column], rows: list[tuple[str, list[Cell]]], limit: int
) -> list[Problem]:
    """Text cells longer than `limit` characters (`Limits.max_text_chars`), each named with its
    line and column (the first row is the header, whose cells are named by line only); the value
    seen is the cell's start, never the whole text."""
    try:  # one pass in C over a text file's cells; almost every file stops here
        longest = max(map(len, chain.from_iterable(cells for _, cells in rows)), default=0)
    except TypeError:  # a workbook's numbers
        texts = (c for c in chain.from_iterable(cells for _, cells in rows) if isinstance(c, str))
        longest = max(map(len, texts), default=0)
    if longest <= limit:
        return []
    problems = []
    for n, (line, cells) in enumerate(rows):
        for i, cell in enumerate(cells):
            if isinstance(cell, str) and len(cell) > limit:
                column = columns[i].written if n and i < len(columns) else ""  # row 0: the header
                start = " ".join(cell[:40].split()) + "…"
                params = (("chars", len(cell)), ("limit", limit))
                problems.append(Problem(file, line, column, "cell_too_long", start, params=params))
    return problems


def _size_problems(file: str, rows: int, width: int, limits: Limits) -> list[Problem]:
    if rows > limits.max_rows:
        return [Problem(file, "", "", "too_many_rows", params=(("rows", rows), ("limit", limits.max_rows)))]
    if rows * max(width, 1) > limits.max_cells:
        params = (("cells", rows * width), ("limit", limits.max_cells))
        return [Problem(file, "", "", "too_many_cells", params=params)]
    return []


def table_from_records(
    file: str, records: list[tuple[str, list[Cell]]], strict_width: bool, limits: Limits = LIMITS
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
        # One title row is said as one row ("dòng tiêu đề Báo cáo!1"), never "from 1 to 1".
        code = "title_row" if first == last else "title_rows"
        notes.append(Problem(file, first, "", code, params=(("first", first), ("last", last))))
    short: list[str] | None = [] if strict_width and columns and columns[-1].canon == "standard" else None
    rows, problems = _fit_rows(file, records[at + spans :], len(columns), strict_width, short)
    if short:
        listed = ", ".join(short[:5]) + (f" (+{len(short) - 5})" if len(short) > 5 else "")
        notes.append(Problem(file, short[0], "", "no_standard_cell", value=listed))
    problems = _size_problems(file, len(rows), len(columns), limits) or problems
    if not problems or all(p.code == "wrong_cells" for p in problems):
        header_row = [(records[at][0], [c.written for c in columns])]
        problems += _long_cells(file, columns, header_row + rows, limits.max_text_chars)
    header = [c.written for c in columns]
    table = Table(file, header, rows, records[at][0], notes, columns, titles)
    table.cut_lines = sum(p.code == "wrong_cells" for p in problems)
    return table, problems


def kind_of(header: list[str]) -> str:
    return kind(header_columns(header))


def kind(columns: list[Column]) -> str:
    cols = {c.canon for c in columns}
    if "name_vi" in cols or "direction" in cols:
        return "indicators"
    if cols & {"measure", "value", *GROUPS}:
        return "observations"
    return "unknown"
