"""How a file of figures lays them out: which column is what, which rows are figures.

The canonical long layout (one figure per row: measure, value), the planners' wide one (plan
and actual side by side: `Kế hoạch | Thực hiện | Tỷ lệ`) and years as columns (`Thực hiện
2023`, or `Năm 2023` under a title or group saying which measure). STT columns, section rows
(`I. Lĩnh vực lao động`), totals rows and rows without figures are left out with a note. A
period is read from `Kỳ` or `Năm` (or the column's year); `Tháng` is always combined with
`Năm`/`Kỳ`, and a bad month is blamed on `Tháng` with the value typed.

A missing column is named in the planner's words, per language (`MISSING_COLUMN`: "thiếu cột
chỉ tiêu … cần một cột Chỉ tiêu (tên chỉ tiêu) hoặc Mã chỉ tiêu"), with the contract's ids only
where a cell must hold one. A measure cell (`Loại số liệu`) may hold the planner's words
(`measure_of`: "Thực hiện", "Kế hoạch", "Tỷ lệ (%)", "So với năm trước"), or the contract's ids;
a data folder (`measure_words=False`) holds to the ids, as its Parquet files do.

Gives `FigureRow`s (lib/data/numbers.py reads their figures); never judges a figure's value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from lib.data.contract import FileResult, InLanguages, Problem
from lib.data.numbers import FigureRow
from lib.data.tables import (
    GROUPS,
    HEADER_SYNONYMS,
    YEARS,
    DateCell,
    Table,
    cell_text,
    key,
    plain_lower,
    shown_text,
)

# A totals row's first words (key form): "Tổng cộng", "Tổng", "Cộng", "Total".
TOTAL_KEYS = {"tong", "tongcong", "tongso", "cong", "total", "totals", "grandtotal", "sum"}
# A title that says the figures are results: years as columns are then actuals.
ACTUAL_TITLE_KEYS = ("thuchien", "ketqua", "actual", "result")
PLAN_TITLE_KEYS = ("kehoach", "plan", "target")  # "Kế hoạch thực hiện" is a plan: not actuals


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
class Layout:
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


# A missing column of a file of figures: its name, and how the planner may head it, in each
# language: the headers people write (`tables.HEADER_SYNONYMS`), the contract's ids only where a
# cell must hold one (the cells of a measure column).
MISSING_COLUMN = {
    "indicator_id": (
        InLanguages("chỉ tiêu", "indicator"),
        InLanguages(
            "một cột Chỉ tiêu (tên chỉ tiêu) hoặc Mã chỉ tiêu",
            "a column Indicator (the indicator's name) or Indicator id (Chỉ tiêu | Mã chỉ tiêu)",
        ),
    ),
    "period": (
        InLanguages("kỳ", "period"),
        InLanguages(
            "một cột Năm hoặc Kỳ (2024, hoặc 2024-05 cho một tháng)",
            "a column Year or Period (2024, or 2024-05 for a month) (Năm | Kỳ)",
        ),
    ),
    "year": (
        InLanguages("năm", "year"),
        InLanguages(
            "một cột Năm hoặc Kỳ bên cạnh cột Tháng",
            "a column Year or Period beside the column Month (Năm | Kỳ)",
        ),
    ),
    "measure": (
        InLanguages("loại số liệu", "measure"),
        InLanguages(
            "các cột Kế hoạch, Thực hiện, Tỷ lệ thay cho cột Giá trị, hoặc một cột Loại số liệu bên cạnh "
            "cột Giá trị, ghi Thực hiện, Kế hoạch, Tỷ lệ (so với kế hoạch, %) hoặc So với năm trước (%)",
            "columns Plan, Actual, % of plan instead of the column Value (Kế hoạch | Thực hiện | Tỷ lệ), "
            "or a column Measure beside the column Value, holding Actual, Plan, % of plan or Change on "
            "previous year (%), or the codes actual, target, pct_of_target, change_pct",
        ),
    ),
    "value": (
        InLanguages("giá trị", "value"),
        InLanguages(
            "một cột Giá trị (hoặc Số liệu) bên cạnh cột Loại số liệu, hoặc các cột Kế hoạch, Thực hiện, "
            "Tỷ lệ thay cho cột Loại số liệu",
            "a column Value beside the column Measure, or columns Plan, Actual, % of plan instead of the "
            "column Measure (Giá trị | Kế hoạch | Thực hiện | Tỷ lệ)",
        ),
    ),
}


# What a measure cell (`Loại số liệu`) may hold: the contract's ids (the app's own CSV writes
# them), or the words planners write, as the wide layout's headers (`tables.HEADER_SYNONYMS`) and
# a few more, matched like headers (`key`; a "%" or "(%)" does not count).
MEASURE_CELL_WORDS = {
    "actual": ["thực hiện", "kết quả", "actual", "result"],
    "target": ["kế hoạch", "chỉ tiêu", "plan", "target"],
    "pct_of_target": [
        "so với kế hoạch",
        "tỷ lệ so với kế hoạch",
        "tỷ lệ",
        "tỉ lệ",
        "% of plan",
        "against plan",
    ],
    "change_pct": ["so với năm trước", "so với cùng kỳ", "change", "change on previous year"],
}
_MEASURE_KEYS: dict[str, str] = {}
for _pass in (lambda m: [m, *MEASURE_CELL_WORDS[m]], lambda m: HEADER_SYNONYMS[m]):
    for _measure in MEASURE_CELL_WORDS:  # own words first: "% kế hoạch" never makes "kế hoạch" a %
        for _word in _pass(_measure):
            _MEASURE_KEYS.setdefault(key(_word).replace("%", ""), _measure)


def measure_of(text: str) -> str:
    """The contract's measure a cell names ("Thực hiện", "Kế hoạch", "Tỷ lệ (%)", "actual"); the
    text as written when it names none (the contract's rule then refuses it, naming the cell)."""
    return _MEASURE_KEYS.get(key(text).replace("%", ""), text) if text else text


# How a measure cell may be written, for a message: the planner's words in each language, the
# contract's ids (what the app's own CSV writes) in English only.
MEASURE_CELL_EXAMPLE = InLanguages(
    "Thực hiện, Kế hoạch, Tỷ lệ (so với kế hoạch, %) hoặc So với năm trước (%)",
    "Actual, Plan, % of plan or Change on previous year (%), or the codes the app's CSV files use: "
    "actual, target, pct_of_target, change_pct",
)


# How a period may be written: a year, or a month as the app writes it and as planners do.
PERIOD_EXAMPLE = InLanguages("2024 | 2024-05 | 05/2024 | Tháng 5/2024", "2024 | 2024-05 | 05/2024")


def _title_says_actual(table: Table) -> str:
    """The title that says the figures are results (and does not also speak of a plan), or ""."""
    keys = [key(title) for title in table.titles]
    if any(k in title for title in keys for k in PLAN_TITLE_KEYS):
        return ""
    return next(
        (t_ for t_, k_ in zip(table.titles, keys, strict=True) if any(k in k_ for k in ACTUAL_TITLE_KEYS)), ""
    )


def find_layout(table: Table, result: FileResult) -> Layout | None:
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
        name, hint = MISSING_COLUMN[col]
        problem = Problem(file, line, "", "missing_column_named", found, hint, params=(("column", name),))
        result.problems.append(problem)
    if result.problems:
        return None
    if "area" not in at:
        result.notes.append(Problem(file, "", "", "default_area"))
    written = {c: table.header[i] for c, i in at.items()}
    skip = {at["indicator_id"]} | {i for i, c in enumerate(table.columns) if c.canon == "row_number"}
    return Layout(at, written, figures, wide, skip)


def _section_label(text: list[str], layout: Layout, known) -> str:
    """The label of a section row (`I. Lĩnh vực lao động`: a label and nothing else), else ""."""
    if any(cell for i, cell in enumerate(text) if i not in layout.skip):
        return ""
    label = text[layout.at["indicator_id"]] or next((c for c in text if c), "")
    return label if label and not known(label) else ""


def figure_rows(
    table: Table,
    layout: Layout,
    units: dict[str, str],
    names: dict[str, str],
    result: FileResult,
    measure_words: bool = True,
) -> list[FigureRow]:
    """One FigureRow per figure; totals, section and empty rows left out with a note.
    `measure_words`: a measure cell may hold the planner's words (`measure_of`); False holds a
    data folder to the contract's ids, as its Parquet files are held (`parquet_reader`)."""
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
        if measure_words and "measure" in base:  # "Thực hiện" in a Loại số liệu cell is the actual
            base["measure"] = measure_of(base["measure"])
        raw = {c: cells[layout.at[c]] for c in ("period", "year", "month") if c in layout.at}
        indicator = resolve_indicator(base["indicator_id"], units, names)
        if not layout.wide:
            rows.append(
                FigureRow(line, base, cells[layout.at["value"]], layout.written["value"], "", raw, indicator)
            )
            continue
        present = [f for f in layout.figures if text[f[0]]]
        if not present:
            result.notes.append(Problem(file, line, "", "no_figures", base.get("indicator_id", "")))
        for i, measure, year, written in present:
            rows.append(
                FigureRow(line, {**base, "measure": measure}, cells[i], written, year, raw, indicator)
            )
    return rows


def row_period(r: FigureRow, layout: Layout, file: str) -> tuple[str, list[Problem]]:
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
                    PERIOD_EXAMPLE,
                )
            ]
    elif year_text:
        cell = r.raw.get("year")
        # A date under Năm is what its format shows: `yyyy` a year, `mm/yyyy` a month; a full
        # date is neither, and is refused as shown.
        full_date = isinstance(cell, DateCell) and cell.shows in ("day", "month_only")
        base = None if full_date else normal_period(year_text)
        if base is None:
            return "", [Problem(file, r.line, col("year"), "bad_period", shown_text(cell), PERIOD_EXAMPLE)]
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
