"""Downloads of exactly what a table shows: CSV (UTF-8 with BOM, so Excel reads Vietnamese)
and XLSX (openpyxl). Numbers stay numbers (never "25.953" as text); text cells that a
spreadsheet would run as a formula (starting with = + - @, tab or carriage return) get a
leading apostrophe. `xlsx_cell` is that rule for one cell, used by every workbook the app writes
(the briefing's too); control characters XLSX cannot hold are dropped rather than failing the
download. File names offered to the browser are ASCII. Never imports Streamlit, never writes to
disk. The tables' own toolbar download writes cells raw, so it is switched off in
`.streamlit/config.toml` (`client.disableDataExport`) and the pages offer these instead.
"""

from __future__ import annotations

import io
import math
import numbers
import re
import unicodedata

import pandas as pd

from lib import i18n
from lib.data import areas

# What a spreadsheet may run as a formula (OWASP's list, line feeds and the full-width signs some
# input methods type), also after leading spaces.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n", "\uff1d", "\uff0b", "\uff0d", "\uff20")
CSV_MIME = "text/csv"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def safe_text(value: object) -> object:
    """Neutralise a text cell a spreadsheet would evaluate; numbers and the rest unchanged."""
    if isinstance(value, str) and value.lstrip(" \u00a0").startswith(_FORMULA_START):
        return "'" + value
    return value


def _illegal() -> re.Pattern:
    """openpyxl's characters an XLSX cell cannot store. openpyxl is imported when a workbook is
    made, not with this module: every page's downloads import it, and openpyxl (with PIL and
    lxml) is ~0,4 s of a fresh server's first page."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return ILLEGAL_CHARACTERS_RE


def xlsx_cell(value: object) -> object:
    """A plain Python value for an XLSX cell: numbers as int/float (NaN and infinities empty),
    missing as empty, text neutralised (`safe_text`) and without the control characters XLSX
    cannot store. openpyxl would write a text starting with "=" as a live formula."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value) if math.isfinite(float(value)) else None
    return safe_text(_illegal().sub("", str(value)))


def sheet_title(text: str) -> str:
    """A worksheet name Excel accepts from any text (a field id from a user's file)."""
    title = re.sub(r"[\\/*?:\[\]]", "_", _illegal().sub("", str(text))).strip("'")[:31]
    return title or "data"


def file_name(stem: str, ext: str) -> str:
    """An ASCII file name for a download from any text (an indicator id, an area)."""
    ascii_stem = unicodedata.normalize("NFKD", str(stem)).encode("ascii", "ignore").decode()
    safe = re.sub(r"[^A-Za-z0-9._-]+", "_", ascii_stem).strip("._-")[:80]
    return f"{safe or 'chitieu'}.{ext}"


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
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(sheet)
    ws.append([xlsx_cell(str(c)) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        ws.append([xlsx_cell(v) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def year_figures(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The overview's year table as a download: the same indicators, figures as numbers (the
    screen shows them as text in the UI's style), with each figure's unit and source."""
    t = i18n.t
    return pd.DataFrame(
        {
            t("overview.col_indicator", lang): i18n.names(rows, lang),
            t("overview.col_field", lang): [i18n.label("field", f, lang) for f in rows["field"]],
            t("overview.area", lang): [areas.display_name(a, lang) for a in rows["area"]],
            t("briefing.col_unit", lang): [i18n.label("unit", u, lang) for u in rows["unit"]],
            t("overview.col_actual", lang): rows["actual"].astype("float64"),
            t("overview.col_plan", lang): rows["target"].astype("float64"),
            t("overview.col_pct", lang): rows["pct_of_target"].astype("float64"),
            t("overview.col_change", lang): rows["change_pct"].astype("float64"),
            t("overview.col_formula", lang): rows["target_formula"],
            t("briefing.col_source", lang): rows["actual_source"].fillna(rows["target_source"]),
        }
    ).reset_index(drop=True)
