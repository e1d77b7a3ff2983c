"""Downloads of exactly what a table shows: CSV (UTF-8 with BOM, so Excel reads Vietnamese)
and XLSX (openpyxl). Numbers stay numbers (never "25.953" as text); text cells that a
spreadsheet would run as a formula (starting with = + - @, tab or carriage return) get a
leading apostrophe. Never imports Streamlit, never writes to disk.
"""

from __future__ import annotations

import io
import math
import numbers

import pandas as pd
from openpyxl import Workbook

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(value: object) -> object:
    """Neutralise a text cell a spreadsheet would evaluate; numbers and the rest unchanged."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def _cell(value: object) -> object:
    """A plain Python value for a cell: numbers as int/float, missing as empty."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return None if math.isnan(float(value)) else float(value)
    return safe_text(str(value))


def neutralised(df: pd.DataFrame) -> pd.DataFrame:
    """A copy with every text cell (and header) neutralised; numeric columns untouched."""
    out = df.copy()
    for col in out.columns:
        if not pd.api.types.is_numeric_dtype(out[col]):
            out[col] = out[col].map(safe_text)
    out.columns = [safe_text(str(c)) for c in out.columns]
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark; "." as the decimal mark so any tool reads the numbers."""
    return neutralised(df).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_xlsx(df: pd.DataFrame, sheet: str = "data") -> bytes:
    """One sheet: the header row, then the rows, numbers as numeric cells."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet[:31]
    ws.append([safe_text(str(c)) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        ws.append([_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
