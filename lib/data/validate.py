"""The one door every file of figures or catalogue goes through (README, "Data format").

The app's upload page, the store loader and `python -m lib validate` all call `validate_paths` /
`validate_bytes`, so a file is judged the same way everywhere. The work is split by
responsibility; this module strings it together and checks a file against the contract:

- lib/data/contract.py   the columns, allowed values, limits, per-row rules, Problem / FileResult
- lib/data/text_files.py CSV/TSV/TXT bytes to a Table (encodings, separators, line ends)
- lib/data/workbooks.py  XLSX bytes to a Table (zip-bomb checks, hidden sheets, dates, formulas)
- lib/data/tables.py     cells, header words, the header among title rows, two-row headers
- lib/data/layouts.py    long / wide / years-as-columns layouts, STT, section and totals rows, periods
- lib/data/numbers.py    a written figure: Vietnamese or plain style, counts, Excel numbers
- lib/data/area_mapping.py  written areas as today's administrative units

Never guess silently: a figure is read one way or refused with its cell named. Each problem
names the file, the line as a spreadsheet user sees it (`12`, or `Sheet1!12` for Excel), the
column as written in the file, the value seen and what was expected. Validation never raises
on bad input and never writes anything. Pages, the CLI and lib.state.datasets import from here.

Messages name things as the planner does, in the UI's language: an indicator by its name
(`NameIndex.shown`, from `name_index`; the id in brackets where the file wrote ids), a figure's
key as `name / area / period / measure`, a measure cell's allowed codes with what each means.

Series breaks: a figure's `standard` cell (header `standard`, `Chuẩn`, `Chuẩn đo`) must be an id
of the standards catalogue (`validate_standards`: a data folder's `standards.csv`, else the
bundled `data/standards.csv`), and one series carries one standard a year (`standard_mixed`
names the cell and the first figure of that year; `standard_partly_stated` where one states it
and another does not), so a plan and its actual, or the months of a year, are never read under
two standards. A standard not stated is no break (`contract.comparable`); against the data
loaded (`series_standards`), an upload's unstated figure takes its year's stated standard, and
the notes warn (`WARNINGS`, first among the notes) where an upload breaks a series or leaves
its standard unstated (`series_notes`).
"""

from __future__ import annotations

import difflib
from pathlib import Path

import pandas as pd

from lib import i18n, settings
from lib import units as unit_registry
from lib.data.area_mapping import today_areas, whole_province
from lib.data.contract import (  # noqa: F401  (re-exported: the readers' public names)
    BOUNDS,
    DEFAULT_AREA,
    DIRECTIONS,
    DUPLICATE_KEY,
    ID_RE,
    INDICATOR_COLUMNS,
    INDICATOR_REQUIRED,
    LIMITS,
    MEASURES,
    NON_NEGATIVE_MEASURES,
    OBSERVATION_COLUMNS,
    OBSERVATION_REQUIRED,
    OPTIONAL_INDICATOR_COLUMNS,
    PROVENANCES,
    SERIES_YEAR_KEY,
    STANDARD_COLUMNS,
    STANDARD_RE,
    STANDARD_REQUIRED,
    WARNING_CODES,
    Against,
    FileResult,
    InLanguages,
    Limits,
    Problem,
    Rule,
    canonical_observations,
    check_period,
    known_units,
    line_order,
    rule_problem,
    with_defaults,
)
from lib.data.contract import broken_rules as _broken_rules
from lib.data.contract import comparable as contract_comparable
from lib.data.layouts import (
    MEASURE_CELL_EXAMPLE,
    Layout,
    figure_rows,
    find_layout,
    normal_period,
    row_period,
)
from lib.data.numbers import FigureRow, read_numbers
from lib.data.tables import Table, canonical_column, cell_text, key, kind, shown_text  # noqa: F401
from lib.data.text_files import decode, detect_delimiter, read_csv_text
from lib.data.workbooks import OLE_MAGIC, ole_problem, read_xlsx
from lib.i18n import t

# Notes a planner must see before saving (the page draws them as warnings): what the upload does
# to a series already loaded (`series_notes`).
WARNINGS = WARNING_CODES
# Problems that stop the reading before any cell is judged.
BLOCKING = ("too_many", "xlsx_", "formula_no_value")
# Headers that mark a file of the area catalogue (lib/data/areas.py), exact as the build writes them.
AREA_FILE_COLUMNS = ({"area_id", "level", "parent"}, {"old_id", "new_area_id"})
# A unit cell naming a scale ("tỷ đồng", "nghìn người") means the figure is not in base units.
SCALE_KEYS = ("ty", "trieu", "nghin", "ngan", "billion", "million", "thousand")


# ---------------------------------------------------------------- bytes to a table


def read_table(data: bytes, file: str, limits: Limits | None = None) -> tuple[Table | None, list[Problem]]:
    """Any accepted file's bytes to a Table, with notes on how it was read."""
    limits = limits or LIMITS
    if len(data) > limits.max_bytes:
        params = (("size", f"{len(data) / 1_048_576:.1f}"), ("limit", limits.max_bytes // 1_048_576))
        return None, [Problem(file, "", "", "too_large", params=params)]
    if data.startswith(b"PK\x03\x04"):
        return read_xlsx(data, file, limits)
    if data.startswith(OLE_MAGIC[:4]):  # an old .xls, or a password-protected workbook
        return None, [ole_problem(data, file)]
    text, problems, encoding = decode(data, file)
    if text is None:
        return None, problems
    delimiter = detect_delimiter(text)
    table, problems = read_csv_text(text, file, delimiter, limits)
    if table is not None:
        shown = {",": ",", ";": ";", "\t": "tab"}[delimiter]
        table.notes.insert(
            0, Problem(file, "", "", "read_as", params=(("encoding", encoding), ("delimiter", shown)))
        )
    return table, problems


# ---------------------------------------------------------------- the catalogue


def closest(word: str, choices: list[str], n: int = 3) -> list[str]:
    return difflib.get_close_matches(word, choices, n=n, cutoff=0.5)


class NameIndex(dict):
    """{key(name): indicator_id}, and `shown`: each id's names as a message names the indicator
    to a planner ({id: InLanguages(name_vi, name_en)}, in the catalogue's order)."""

    def __init__(self, *args, shown: dict[str, InLanguages] | None = None) -> None:
        super().__init__(*args)
        self.shown = dict(shown or {})

    def merge(self, other: dict[str, str]) -> None:
        """Another catalogue's names, which win over these (a folder's own catalogue)."""
        self.update(other)
        self.shown.update(getattr(other, "shown", {}))


def name_index(indicators: pd.DataFrame) -> NameIndex:
    """{key(name): indicator_id} for ids and both names, so a file may name indicators either way."""
    index = NameIndex()
    for row in indicators.itertuples(index=False):
        for name in (row.indicator_id, row.name_vi, row.name_en):
            if isinstance(name, str) and name:
                index.setdefault(key(name), row.indicator_id)
        record = {"name_vi": row.name_vi, "name_en": getattr(row, "name_en", "")}
        shown = InLanguages(i18n.name(record, "vi"), i18n.name(record, "en"))
        index.shown.setdefault(row.indicator_id, shown)
    return index


def shown_names(names: dict[str, str] | None) -> dict[str, InLanguages]:
    """The names a message gives each indicator (`NameIndex.shown`; none for a plain dict)."""
    return dict(getattr(names, "shown", {}))


def indicator_words(ind: str, shown: dict[str, InLanguages], with_id: bool = False) -> InLanguages:
    """An indicator as a planner names it, in each language: its name (the id in brackets when
    `with_id`, for a file that names indicators by id); the id alone when the catalogue has no name."""
    name = shown.get(ind)
    if name is None:
        return InLanguages(ind, ind)
    return InLanguages(*(f"{n} ({ind})" if with_id else n for n in (name.vi, name.en)))


def _indicator_problems(row: dict[str, str], line: str, file: str, seen: dict[str, str]) -> list[Problem]:
    """What is wrong with one catalogue row: empty cells, the id, a unit the registry lacks."""
    problems = [Problem(file, line, c, "required") for c in INDICATOR_REQUIRED if not row[c]]
    ind, unit = row["indicator_id"], row["unit"]
    if ind and not ID_RE.fullmatch(ind):
        problems.append(Problem(file, line, "indicator_id", "bad_id", ind, "jobs_created"))
    if ind in seen:
        params = (("first", seen[ind]),)
        problems.append(Problem(file, line, "indicator_id", "duplicate_indicator", ind, params=params))
    if unit and not unit_registry.known(unit):
        problems.append(Problem(file, line, "unit", "unknown_unit", unit, params=(("units", known_units()),)))
    if row["direction"] not in DIRECTIONS:
        problems.append(
            Problem(file, line, "direction", "bad_value", row["direction"], " | ".join(DIRECTIONS))
        )
    return problems


def validate_indicators(table: Table) -> FileResult:
    """Check a catalogue file: required columns, ids lowercase ASCII and unique, the unit one of
    the unit registry's (`lib/units.py`), the direction."""
    file = table.file
    result = FileResult(file, "indicators")
    header = [canonical_column(h) or h for h in table.header]
    missing = [c for c in INDICATOR_COLUMNS if c not in header]
    result.problems = [Problem(file, table.header_line, c, "missing_column") for c in missing]
    if missing:
        return result
    columns = INDICATOR_COLUMNS + [c for c in OPTIONAL_INDICATOR_COLUMNS if c in header]
    idx = {c: header.index(c) for c in columns}
    seen: dict[str, str] = {}
    records = []
    for line, cells in table.rows:
        row = {c: cell_text(cells[i]) for c, i in idx.items()}
        result.problems += _indicator_problems(row, line, file, seen)
        seen.setdefault(row["indicator_id"], line)
        records.append(row)
    if not result.problems:
        result.frame = _named_frame(records, columns)
    return result


def _named_frame(records: list[dict], columns: list[str]) -> pd.DataFrame:
    """A catalogue's rows, an empty English name falling back to the Vietnamese one."""
    frame = pd.DataFrame(records, columns=columns)
    frame["name_en"] = frame["name_en"].where(frame["name_en"] != "", frame["name_vi"])
    return frame


# ---------------------------------------------------------------- the standards catalogue


def validate_standards(table: Table) -> FileResult:
    """Check a standards catalogue (`standards.csv`): `standard_id` (lowercase ASCII, unique) and
    `name_vi` required; `name_en` (else the Vietnamese name), `valid_from_year` (a year or
    empty) and `source` optional. Kind "standards"; the frame has every `STANDARD_COLUMNS`."""
    file = table.file
    result = FileResult(file, "standards", notes=list(table.notes))
    header = [h.strip() for h in table.header]
    missing = [c for c in STANDARD_REQUIRED if c not in header]
    result.problems = [Problem(file, table.header_line, c, "missing_column") for c in missing]
    if missing:
        return result
    idx = {c: header.index(c) for c in STANDARD_COLUMNS if c in header}
    seen: dict[str, str] = {}
    records = []
    for line, cells in table.rows:
        row = {c: cell_text(cells[idx[c]]) if c in idx else "" for c in STANDARD_COLUMNS}
        result.problems += [Problem(file, line, c, "required") for c in STANDARD_REQUIRED if not row[c]]
        sid, year = row["standard_id"], row["valid_from_year"]
        if sid and not STANDARD_RE.fullmatch(sid):
            result.problems.append(Problem(file, line, "standard_id", "bad_standard", sid, "md_2022_2025"))
        if sid in seen:
            params = (("first", seen[sid]),)
            result.problems.append(
                Problem(file, line, "standard_id", "duplicate_standard", sid, params=params)
            )
        if year and not (len(year) == 4 and year.isdigit()):
            result.problems.append(Problem(file, line, "valid_from_year", "bad_value", year, "YYYY"))
        seen.setdefault(sid, line)
        records.append(row)
    if not result.problems:
        result.frame = _named_frame(records, STANDARD_COLUMNS)
    return result


def empty_standards() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series([], dtype="str") for c in STANDARD_COLUMNS})


def read_standards(path: Path) -> FileResult:
    """A standards catalogue file read and checked (kind "standards")."""
    try:
        data = path.read_bytes()
    except OSError:
        return FileResult(str(path), "unknown", problems=[Problem(str(path), "", "", "unreadable")])
    table, problems = read_table(data, str(path), LIMITS)
    if table is None or problems:
        return FileResult(str(path), "unknown", problems=problems)
    return validate_standards(table)


_BUNDLED_STANDARDS: list[pd.DataFrame] = []


def bundled_standards() -> pd.DataFrame:
    """The bundled catalogue (`data/standards.csv`; empty when absent), read once per process."""
    if not _BUNDLED_STANDARDS:
        path = settings.BUNDLED_DATA_DIR / "standards.csv"
        result = read_standards(path) if path.exists() else None
        _BUNDLED_STANDARDS.append(
            result.frame if result is not None and result.frame is not None else empty_standards()
        )
    return _BUNDLED_STANDARDS[0]


def bundled_standard_ids() -> frozenset[str]:
    return frozenset(bundled_standards()["standard_id"])


# ---------------------------------------------------------------- figures


def _unit_words(unit: str) -> set[str]:
    words = {key(unit), key(t(f"unit.{unit}", "vi")), key(t(f"unit.{unit}", "en"))}
    return words | set(unit_registry.get(unit).cell_words if unit_registry.known(unit) else ())


def _unit_matches(cell: str, unit: str) -> bool:
    """ "người", "lượt người" and "people" match the unit people; "tỷ đồng" does not match vnd."""
    cell_key = key(cell)
    if cell_key.startswith(SCALE_KEYS):
        return False
    return any(word and word in cell_key for word in _unit_words(unit))


def _record(r: FigureRow, layout: Layout, file: str) -> tuple[dict[str, str], dict[str, str], list[Problem]]:
    """The contract's columns for one figure, the cells as typed, and what is wrong with its period."""
    v, col = r.values, (lambda c: layout.written.get(c, c))
    period, problems = row_period(r, layout, file)
    typed_period = v.get("period") or v.get("year", "")
    if r.year and typed_period and (normal_period(typed_period) or "")[:4] != r.year:
        where = col("period") if v.get("period") else col("year")
        problems.append(Problem(file, r.line, where, "period_conflict", typed_period, r.year))
    row = with_defaults(
        {
            "indicator_id": r.indicator,
            "area": whole_province(v.get("area", "")) if "area" in layout.at else DEFAULT_AREA,
            "period": period,
            "measure": v.get("measure", ""),
            "value": r.value,
            "bound": v.get("bound", ""),
            "provenance": v.get("provenance", ""),
            "source": v.get("source", ""),
            "note": v.get("note", ""),
            "standard": v.get("standard", ""),
        }
    )
    # A cell typed but not readable is not missing: its own problem says why.
    typed = {**row, "value": cell_text(r.value_cell), "period": period or ("blamed" if problems else "")}
    return row, typed, problems


def _where(column: str, r: FigureRow, layout: Layout) -> str:
    """The header of the cell a rule names, as written in the file ("" for a wide file's measure)."""
    if column == "value" or (column == "period" and r.year):  # the year of "Thực hiện 2023"
        return r.value_column
    if column == "period" and "year" in layout.at:
        return layout.written["year"]
    if column == "measure" and layout.wide:
        return ""
    return layout.written.get(column, column)


def _rule_problem(rule: Rule, r: FigureRow, row: dict[str, str], layout: Layout, file: str) -> Problem:
    """A broken contract rule as this reader names it: the column as written, the cell as typed."""
    where = _where(rule.column, r, layout)
    if rule.code == "required":
        return Problem(file, r.line, where, "required")
    if rule.column == "value":
        seen = shown_text(r.value_cell) if rule.code == "too_big" else cell_text(r.value_cell)
    else:
        seen = row[rule.column]
    if rule.column == "period":
        typed = r.year or shown_text(r.raw.get("period") or r.raw.get("year"))
        return rule_problem(rule, file, r.line, where, seen, typed)
    if rule.code == "bad_value" and rule.column == "measure":
        return Problem(file, r.line, where, rule.code, seen, measure_words())
    return rule_problem(rule, file, r.line, where, seen)


def measure_words() -> InLanguages:
    """What a measure cell may hold, in the planner's words (`layouts.MEASURE_CELL_EXAMPLE`:
    Thực hiện, Kế hoạch, …; in English also the contract's ids, which the app's CSV writes)."""
    return MEASURE_CELL_EXAMPLE


def _unknown_indicator(
    r: FigureRow, layout: Layout, against: Against, names: dict[str, str], shown: dict, file: str
) -> Problem:
    """An indicator not in the catalogue, with the closest the catalogue has, named as the file names
    indicators: by name in the UI's language, and with the id too where the cell looks like an id."""
    text = r.values.get("indicator_id", "")
    with_id = bool(ID_RE.fullmatch(text))
    hint = list(dict.fromkeys(names[k] for k in closest(key(text), list(names))))[:3]
    if hint:
        words = [indicator_words(i, shown, with_id) for i in hint]
        expected = InLanguages(*(", ".join(getattr(w, lang) for w in words) for lang in ("vi", "en")))
    else:  # nothing close: some indicators of the catalogue, as examples
        some = list(shown or dict.fromkeys(sorted(against.units)))
        words = [indicator_words(i, shown, with_id) for i in some[:3]]
        more = " | …" if len(some) > 3 else ""
        expected = InLanguages(*(" | ".join(getattr(w, lang) for w in words) + more for lang in ("vi", "en")))
    return Problem(file, r.line, layout.written["indicator_id"], "unknown_indicator", text, expected)


def _figure_problems(
    r: FigureRow, layout: Layout, against: Against, names: dict[str, str], shown: dict, file: str
) -> tuple[dict[str, str], list[Problem]]:
    """One figure's record and every problem with it: its period, the contract's rules, its unit."""
    row, typed, problems = _record(r, layout, file)
    # "required" asks whether a cell was typed; every other rule judges the figure as read.
    problems += [
        _rule_problem(x, r, typed, layout, file)
        for x in _broken_rules(typed, against)
        if x.code == "required"
    ]
    for rule in (x for x in _broken_rules(row, against) if x.code != "required"):
        if rule.code == "unknown_indicator":
            problems.append(_unknown_indicator(r, layout, against, names, shown, file))
        elif rule.code == "unknown_standard":
            known = ", ".join(sorted(against.standards)) or "standards.csv"
            where = _where(rule.column, r, layout)
            problems.append(Problem(file, r.line, where, rule.code, row["standard"], known))
        else:
            problems.append(_rule_problem(rule, r, row, layout, file))
    ind, unit_cell = row["indicator_id"], r.values.get("unit", "")
    if unit_cell and ind in against.units and not _unit_matches(unit_cell, against.units[ind]):
        unit = against.units[ind]
        expected = InLanguages(t(f"unit.{unit}", "vi"), t(f"unit.{unit}", "en"))
        problems.append(Problem(file, r.line, layout.written["unit"], "unit_mismatch", unit_cell, expected))
    return row, problems


def _figure_words(row: dict[str, str], shown: dict, with_id: bool) -> InLanguages:
    """A figure's key as the planner names it: `Lượt lao động… / Toàn tỉnh / 2024 / Thực hiện`."""

    def words(lang: str) -> str:
        ind = getattr(indicator_words(row["indicator_id"], shown, with_id), lang)
        area = i18n.label("area", row["area"], lang)
        measure = i18n.label("measure", row["measure"], lang)
        return " / ".join((ind, area, row["period"], measure))

    return InLanguages(words("vi"), words("en"))


def _check_figures(
    rows: list[FigureRow],
    layout: Layout,
    against: Against,
    names: dict[str, str],
    shown: dict,
    result: FileResult,
) -> tuple[list[dict[str, str]], list[str]]:
    """The records of the figures and their lines; every problem into `result`, duplicates too."""
    first_seen: dict[tuple[str, ...], str] = {}
    year_standard: dict[tuple[str, ...], tuple[str, str]] = {}  # series-year: (standard, first line)
    records, lines = [], []
    for r in rows:
        row, problems = _figure_problems(r, layout, against, names, shown, result.file)
        dup_key = tuple(row[c] for c in DUPLICATE_KEY)
        if all(dup_key) and dup_key in first_seen:
            params = (("first", first_seen[dup_key]),)
            seen = _figure_words(row, shown, bool(ID_RE.fullmatch(r.values.get("indicator_id", ""))))
            problems.append(Problem(result.file, r.line, "", "duplicate", seen, params=params))
        first_seen.setdefault(dup_key, r.line)
        series_year = tuple(row[c] if c != "year" else row["period"][:4] for c in SERIES_YEAR_KEY)
        if all(series_year):
            standard, first = year_standard.setdefault(series_year, (row["standard"], r.line))
            if standard != row["standard"]:
                # Two stated standards are a break inside a year; a stated and an unstated one
                # are no break, but a year carries one standard: the file must say it once for all.
                code = "standard_mixed" if standard and row["standard"] else "standard_partly_stated"
                where = layout.written.get("standard", "standard")
                params = (("first", first), ("first_standard", standard or "—"))
                problems.append(
                    Problem(result.file, r.line, where, code, row["standard"] or "—", params=params)
                )
        result.problems.extend(problems)
        records.append(row)
        lines.append(r.line)
    return records, lines


def series_notes(
    records: list[dict[str, str]],
    lines: list[str],
    series: pd.DataFrame | None,
    shown: dict,
    file: str,
) -> list[Problem]:
    """What an upload does to the series already loaded (`series`: `queries.series_standards`,
    indicator_id, area, year, standard), said before anything is saved (warnings, `WARNINGS`):

    - a figure with no standard stated, in a year the loaded data states one for: it takes that
      year's standard (a series carries one standard a year; the file states no other), said;
    - a figure with no standard stated where other years of the series state one: it is read as
      under the series' standard (`contract.comparable`), and reports that compare it say so;
    - a figure under a stated standard other than the series' nearest year: a series break, so
      the reports will say "không so sánh được" across it.
    One note per series (the first line of it in the file); `records` are changed in place."""
    if series is None or series.empty:
        return []
    stated: dict[tuple[str, str], dict[int, str]] = {}
    for ind, area, year, standard in series[["indicator_id", "area", "year", "standard"]].itertuples(
        index=False
    ):
        if isinstance(standard, str) and standard:
            stated.setdefault((ind, area), {})[int(year)] = standard
    notes: dict[tuple[str, str, str], Problem] = {}
    if len(lines) != len(records):  # areas summed into today's units: no line to name
        lines = [""] * len(records)
    for row, line in zip(records, lines, strict=True):
        years = stated.get((row["indicator_id"], row["area"]))
        if not years or not row["period"][:4].isdigit():
            continue
        year = int(row["period"][:4])
        name = indicator_words(row["indicator_id"], shown)
        series_words = InLanguages(
            *(f"{getattr(name, lang)} / {i18n.label('area', row['area'], lang)}" for lang in ("vi", "en"))
        )
        if not row["standard"] and year in years:
            row["standard"] = years[year]
            params = (("series", series_words), ("year", str(year)), ("standard", years[year]))
            kind = "standard_taken"
        elif not row["standard"]:
            near = min(years, key=lambda y: (abs(y - year), -y))
            params = (("series", series_words), ("year", str(year)), ("other", str(near)))
            params += (("standard", years[near]),)
            kind = "standard_unstated_series"
        else:
            near = min(years, key=lambda y: (abs(y - year), -y))
            if contract_comparable(row["standard"], years[near]):
                continue
            params = (("series", series_words), ("year", str(year)), ("other", str(near)))
            params += (("standard", years[near]), ("new", row["standard"]))
            kind = "standard_breaks_series"
        notes.setdefault(
            (kind, row["indicator_id"], row["area"]), Problem(file, line, "", kind, params=params)
        )
    return sorted(notes.values(), key=line_order)


def validate_observations(
    table: Table,
    units: dict[str, str],
    names: dict[str, str] | None = None,
    style: str | None = None,
    map_areas: bool = False,
    limits: Limits | None = None,
    standards: frozenset[str] | None = None,
    series: pd.DataFrame | None = None,
) -> FileResult:
    """Check an observations file against the contract and the catalogue.

    `units` is {id: unit}; `names` {key(name): id} lets rows name indicators in Vietnamese or
    English. Long layout: one figure per row (measure, value). Wide layout: one row per
    indicator and period, one column per measure (Kế hoạch, Thực hiện, Tỷ lệ), or per measure
    and year (`Thực hiện 2023`, or a two-row header). `map_areas`: match the area names to
    the area catalogue's units of today (`today_areas`; what the upload door asks for).
    `standards`: the ids a `standard` cell may hold (None: the bundled catalogue's). `series`:
    the loaded data's standards (`queries.series_standards`), so the notes warn where the upload
    breaks a series or leaves its standard unstated (`series_notes`, first among the notes).
    """
    result = FileResult(table.file, "observations", notes=list(table.notes))
    shown = shown_names(names)
    names = dict(names or {})
    for ind in units:
        names.setdefault(key(ind), ind)
    layout = find_layout(table, result)
    if layout is None:
        return result
    # The canonical contract ("plain": data folders, saved versions) holds measure cells to its ids.
    rows = figure_rows(table, layout, units, names, result, measure_words=style != "plain")
    read_numbers(rows, units, style, result, cut=table.cut_lines > 0)
    known = bundled_standard_ids() if standards is None else frozenset(standards)
    against = Against(units, limits or LIMITS, known)
    records, lines = _check_figures(rows, layout, against, names, shown, result)
    if not result.problems and not records and not table.cut_lines:
        result.problems.append(Problem(table.file, "", "", "no_rows"))
    if map_areas and not result.problems and "area" in layout.at:
        records = today_areas(records, lines, units, layout.written["area"], result)
    if not result.problems and not table.cut_lines and all(r["value"] for r in records):
        result.notes[:0] = series_notes(records, lines, series, shown, table.file)
        result.frame = canonical_observations(pd.DataFrame(records, columns=OBSERVATION_COLUMNS))
    return result


# ---------------------------------------------------------------- files


def _judge(
    table: Table, units: dict[str, str], names, number_style, map_areas: bool, standards=None, series=None
) -> FileResult:
    """A table read from a file, checked as the kind of file its header says it is."""
    file, what = table.file, kind(table.columns)
    if "standard_id" in (h.strip() for h in table.header):
        return validate_standards(table)
    if any(required <= set(table.header) for required in AREA_FILE_COLUMNS):
        # The area catalogue and its changes (data/areas.csv, data/area_changes.csv, built by
        # `python -m lib areas build` and checked by lib/data/areas.py): not figures, nothing to read.
        return FileResult(file, "areas", frame=pd.DataFrame(index=range(len(table.rows))))
    if what == "indicators":
        result = validate_indicators(table)
        result.notes = list(table.notes)
        if not result.problems and result.frame is not None and result.frame.empty:
            result.problems.append(Problem(file, "", "", "no_rows"))
        return result
    if what == "observations":
        return validate_observations(table, units, names, number_style, map_areas, LIMITS, standards, series)
    found = ", ".join(h for h in table.header if h)
    return FileResult(file, "unknown", problems=[Problem(file, table.header_line, "", "unknown_kind", found)])


def validate_bytes(
    data: bytes,
    file: str,
    units: dict[str, str],
    names: dict[str, str] | None = None,
    number_style: str | None = None,
    map_areas: bool = False,
    standards: frozenset[str] | None = None,
    series_standards: pd.DataFrame | None = None,
) -> FileResult:
    """Validate one file given as bytes; `units` (and `names`) is the catalogue to check against.

    `number_style` "plain" or "vi" skips deciding it from the file (for files the app wrote);
    `map_areas`, `standards` and `series_standards` (its `series`) see `validate_observations`.
    The limits are this module's `LIMITS`.
    """
    table, problems = read_table(data, file, LIMITS)
    if table is None or problems and problems[0].code.startswith(BLOCKING):
        return FileResult(file, "unknown", problems=problems)
    result = _judge(table, units, names, number_style, map_areas, standards, series_standards)
    result.problems = sorted(problems + result.problems, key=line_order)
    if result.problems:
        result.frame = None
    return result


def validate_paths(
    paths: list[Path],
    base_units: dict[str, str],
    base_names: dict[str, str] | None = None,
    number_style: str | None = None,
) -> list[FileResult]:
    """Validate files named together: catalogues first, so observations may use their ids.

    `number_style` "plain" holds a data folder to the canonical contract (plain digits, "."
    as decimal mark), so a folder whose only decimals look like "1.500" is never misread.
    A standards catalogue among the paths is what their `standard` cells are checked against
    (else the bundled one).
    """
    blobs: list[tuple[Path, bytes | None]] = []
    for path in paths:
        try:
            blobs.append((path, path.read_bytes()))
        except OSError:
            blobs.append((path, None))
    units = dict(base_units)
    names = NameIndex(base_names or {}, shown=shown_names(base_names))
    results: dict[Path, FileResult] = {}
    ordered = sorted(blobs, key=lambda b: b[1] is None or b"name_vi" not in b[1][:4096])
    standards: frozenset[str] | None = None
    for path, data in ordered:
        if data is None:
            results[path] = FileResult(
                str(path), "unknown", problems=[Problem(str(path), "", "", "unreadable")]
            )
            continue
        res = validate_bytes(data, str(path), units, names, number_style, standards=standards)
        if res.kind == "standards" and res.frame is not None:
            standards = frozenset(res.frame["standard_id"])
        if res.kind == "indicators" and res.frame is not None:
            units.update(zip(res.frame["indicator_id"], res.frame["unit"], strict=True))
            names.merge(name_index(res.frame))
        results[path] = res
    return [results[p] for p, _ in blobs]
