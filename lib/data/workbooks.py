"""Excel workbooks (.xlsx) to a `Table`, with the limits checked before the work.

A workbook is a zip: it is refused from its zip directory alone when it has too many parts or
a part unpacks huge or packs like a zip bomb, then from each visible sheet's `<dimension>` and
the shared-string count, then row by row while reading. Hidden and very hidden sheets are never
read (a note names them); hidden rows and columns of the sheet read are data, as in Excel's own
CSV export, and a note names them. A date cell is what its format shows (`yyyy` a year,
`mm/yyyy` a month); a percent cell is the percent it shows; a formula without a cached value is
an error naming the cells. The first visible sheet with a recognisable header is read.

A file that is not a workbook it can read says what it is, in plain words, and what to do
(`unreadable_workbook`): damaged or not fully saved (a zip cut short, a part that does not
unpack, XML that does not parse: `bad_xlsx`), protected by a password (an OLE file holding an
`EncryptedPackage`: `xlsx_encrypted`), the old .xls format (any other OLE file, whatever its
name: `old_excel`), an OpenDocument spreadsheet (`xlsx_ods`), or a zip that holds no workbook
(a Word or PowerPoint file, a plain zip: `xlsx_not_workbook`).

Never raises on a damaged file (one of those problems instead); never writes.
"""

from __future__ import annotations

import io
import math
import re
import unicodedata
import zipfile
import zlib
from datetime import date, datetime
from xml.etree import ElementTree

from lib.data.contract import LIMITS, InLanguages, Limits, Problem, more_than
from lib.data.tables import Cell, DateCell, Table, find_header, header_score, table_from_records

_MAIN_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_ID = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_DIMENSION_RE = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_COUNT_RE = re.compile(rb'(?:uniqueCount|count)="(\d+)"')


OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # Office 97-2003 files, and encrypted Office files
# An encrypted .xlsx is an OLE file with these streams (names in UTF-16 in its directory).
_ENCRYPTED_MARKS = ("EncryptedPackage".encode("utf-16-le"), "EncryptionInfo".encode("utf-16-le"))
# What a zip that is not a workbook holds, said to the planner.
_ZIP_KINDS = (
    ("word/", InLanguages("tệp Word", "a Word document")),
    ("ppt/", InLanguages("tệp PowerPoint", "a PowerPoint file")),
)
_NO_SHEET = InLanguages("không có trang tính nào bên trong", "there is no worksheet inside")


def ole_problem(data: bytes, file: str) -> Problem:
    """An OLE (Office 97-2003 container) file: a password-protected workbook, or an old .xls."""
    head = data[: 1 << 20]
    if any(mark in head for mark in _ENCRYPTED_MARKS):
        return Problem(file, "", "", "xlsx_encrypted")
    return Problem(file, "", "", "old_excel")


def _not_a_workbook(zf: zipfile.ZipFile, file: str) -> Problem | None:
    """A zip without a workbook's parts: what it is instead (an .ods, a Word file...), else None."""
    names = zf.namelist()
    if "xl/workbook.xml" in names:
        return None
    if "mimetype" in names and b"opendocument.spreadsheet" in zf.read("mimetype")[:200]:
        return Problem(file, "", "", "xlsx_ods")
    what = next((kind for prefix, kind in _ZIP_KINDS if any(n.startswith(prefix) for n in names)), _NO_SHEET)
    return Problem(file, "", "", "xlsx_not_workbook", params=(("what", what),))


def _column_number(letters: str) -> int:
    number = 0
    for ch in letters:
        number = number * 26 + ord(ch) - 64
    return number


def _part_problem(info: zipfile.ZipInfo, total: int, file: str, limits: Limits) -> Problem | None:
    """A part too big unpacked (alone, or with the parts before it), or packed like a zip bomb."""
    strings = info.filename.lower().endswith("sharedstrings.xml")
    cap = limits.max_shared_strings_bytes if strings else limits.max_part_bytes
    size, limit = (info.file_size, cap) if info.file_size > cap else (total, limits.max_unpacked_bytes)
    if size > limit:
        params = (("size", round(size / 1_048_576)), ("limit", limit // 1_048_576))
        return Problem(file, "", "", "xlsx_part_too_large", info.filename, params=params)
    ratio = info.file_size // max(info.compress_size, 1)
    if info.file_size > 4 * 1_048_576 and ratio > limits.max_pack_ratio:
        params = (("ratio", ratio), ("limit", limits.max_pack_ratio))
        return Problem(file, "", "", "xlsx_packed_too_tight", info.filename, params=params)
    return None


def _xlsx_part_problems(zf: zipfile.ZipFile, file: str, limits: Limits) -> list[Problem]:
    """Refuse a workbook from its zip directory alone: too many parts, or parts that unpack huge."""
    infos = zf.infolist()
    if len(infos) > limits.max_xlsx_parts:
        params = (("parts", len(infos)), ("limit", limits.max_xlsx_parts))
        return [Problem(file, "", "", "xlsx_too_many_parts", params=params)]
    total = 0
    for info in infos:
        total += info.file_size
        problem = _part_problem(info, total, file, limits)
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


def _sheet_size_problems(
    zf: zipfile.ZipFile, parts: dict[str, str], file: str, limits: Limits
) -> list[Problem]:
    """A sheet's own `<dimension>` and the shared-string count, read before any cell is."""
    for part in [p for p in zf.namelist() if p.lower().endswith("sharedstrings.xml")]:
        with zf.open(part) as fh:
            counts = [int(n) for n in _COUNT_RE.findall(fh.read(1024))]
        if counts and max(counts) > limits.max_cells:
            params = (("cells", max(counts)), ("limit", limits.max_cells))
            return [Problem(file, "", "", "too_many_cells", params=params)]
    for title, part in parts.items():
        with zf.open(part) as fh:
            found = _DIMENSION_RE.search(fh.read(4096))
        if not found:
            continue
        columns = _column_number((found.group(3) or found.group(1)).decode())
        rows = int(found.group(4) or found.group(2))
        if columns > limits.max_columns:
            params = (("columns", columns), ("limit", limits.max_columns))
            return [Problem(file, f"{title}!1", "", "too_many_columns", params=params)]
        if rows > limits.max_rows + 1000:
            return [
                Problem(file, "", "", "too_many_rows", params=(("rows", rows), ("limit", limits.max_rows)))
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


def _sheet_records(
    sheet, title: str, file: str, limits: Limits
) -> tuple[list[tuple[str, list[Cell]]], list[Problem]]:
    """A visible sheet's non-blank rows as (`Sheet!row`, cells); limits checked row by row."""
    sheet.reset_dimensions()  # a stale <dimension> must not cut cells off: rows end at their last cell
    records: list[tuple[str, list[Cell]]] = []
    seen = 0
    for number, row in enumerate(sheet.iter_rows(), start=1):
        if number > limits.max_rows + 40:
            return [], [_too_many("too_many_rows", file, more_than(limits.max_rows), limits.max_rows)]
        if len(row) > limits.max_columns:
            if any(getattr(c, "value", None) is not None for c in row[limits.max_columns :]):
                return [], [
                    _too_many("too_many_columns", file, len(row), limits.max_columns, f"{title}!{number}")
                ]
            row = row[: limits.max_columns]
        cells = [_xlsx_value(c) for c in row]
        while cells and cells[-1] in (None, ""):
            cells.pop()
        if not cells:
            continue
        seen += len(cells)
        if seen > limits.max_cells:
            return [], [_too_many("too_many_cells", file, more_than(limits.max_cells), limits.max_cells)]
        row_number = next((c.row for c in row if getattr(c, "row", None)), number)
        records.append((f"{title}!{row_number}", [c if c is not None else "" for c in cells]))
    return records, []


def _read_sheets(
    data: bytes, file: str, limits: Limits
) -> tuple[list[tuple[str, list]], list[str], list[Problem]]:
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
            records, problems = _sheet_records(sheet, title, file, limits)
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


def read_xlsx(data: bytes, file: str, limits: Limits = LIMITS) -> tuple[Table | None, list[Problem]]:
    """The first visible sheet with a recognisable header (else the first), rows as `Sheet!row`."""
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        problems = _xlsx_part_problems(zf, file, limits)
        other = None if problems else _not_a_workbook(zf, file)
        if other is not None:
            return None, [other]
        parts = {} if problems else _sheet_parts(zf)
        problems = problems or _sheet_size_problems(zf, parts, file, limits)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        ElementTree.ParseError,
        OSError,
        EOFError,
        ValueError,
        KeyError,
        zlib.error,  # a part whose packed bytes are damaged
    ):
        return None, [Problem(file, "", "", "bad_xlsx")]
    if problems:
        return None, problems
    sheets, hidden, problems = _read_sheets(data, file, limits)
    if problems:
        return None, problems
    with_records = [s for s in sheets if s[1]]
    chosen = next((s for s in with_records if header_score(find_header(s[1])[1])), None)
    chosen = chosen or next(iter(with_records), None)
    if chosen is None:
        return None, [Problem(file, "", "", "empty_file")]
    try:
        missing, hidden_cells = sheet_xml_facts(zf, parts.get(chosen[0]), chosen[0])
    except (zipfile.BadZipFile, ElementTree.ParseError, OSError, EOFError, ValueError, zlib.error):
        return None, [Problem(file, "", "", "bad_xlsx")]
    if missing:
        return None, [Problem(file, "", "", "formula_no_value", _listed(missing))]
    table, problems = table_from_records(file, chosen[1], strict_width=False, limits=limits)
    if table is not None:
        others = [name for name, recs in with_records if name != chosen[0]]
        if hidden:
            table.notes.append(Problem(file, "", "", "hidden_sheets", value=", ".join(hidden)))
        if hidden_cells:  # Excel's own CSV export keeps them too: read, and said
            table.notes.append(Problem(file, "", "", "hidden_cells", value=_listed(hidden_cells)))
        if others:
            table.notes.append(Problem(file, "", "", "other_sheets", value=", ".join(others)))
    return table, problems
