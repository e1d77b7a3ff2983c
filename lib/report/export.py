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

from lib import fmt, i18n, units
from lib.data import areas
from lib.report import summary
from lib.units import is_missing

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


XLSX_CELL_CHARS = 32_767  # the most characters Excel keeps in one cell


def xlsx_cell(value: object, lang: str = "vi") -> object:
    """A plain Python value for an XLSX cell: numbers as int/float (NaN and infinities empty),
    missing as empty, text neutralised (`safe_text`) and without the control characters XLSX
    cannot store. openpyxl would write a text starting with "=" as a live formula. A text longer
    than a cell holds is cut with words saying so (`export.cut`), never silently."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, numbers.Integral):
        return int(value)
    if isinstance(value, numbers.Real):
        return float(value) if math.isfinite(float(value)) else None
    text = safe_text(_illegal().sub("", str(value)))
    if len(text) > XLSX_CELL_CHARS:
        mark = i18n.t("export.cut", lang, n=fmt.number(len(text), lang))
        text = text[: XLSX_CELL_CHARS - len(mark)] + mark
    return text


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
            # not `map`: it would infer floats again from a column of whole numbers and gaps
            out[col] = pd.Series([safe_text(v) for v in out[col]], index=out.index, dtype="object")
    out.columns = [safe_text(str(c)) for c in out.columns]
    return out


def to_csv(df: pd.DataFrame) -> bytes:
    """UTF-8 with a byte-order mark; "." as the decimal mark so any tool reads the numbers, and
    a whole number without ".0" (a column holding 4,87 points and 22.182 people is floats)."""
    text = neutralised(df).to_csv(index=False, lineterminator="\r\n", float_format=_csv_number)
    return text.encode("utf-8-sig")


def _csv_number(x: float) -> str:
    """A float cell as the number it is: 22182 (never "22182.0"), 4.87; shortest exact digits."""
    x = float(x)
    return str(int(x)) if x.is_integer() and abs(x) < 1e15 else repr(x)


def to_xlsx(df: pd.DataFrame, sheet: str = "data", lang: str = "vi") -> bytes:
    """One sheet: the header row, then the rows, numbers as numeric cells (`lang`: the words of
    a cell cut to Excel's limit)."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = sheet_title(sheet)
    ws.append([xlsx_cell(str(c)) for c in df.columns])
    for row in df.itertuples(index=False, name=None):
        ws.append([xlsx_cell(v, lang) for v in row])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def figure_cell(x: object, unit: str) -> int | float | None:
    """A figure as a download's numeric cell: to the decimals its unit is written with
    (`units.rounded`: a calculated plan of 22182,05 people is 22182), a whole number as an int
    (25953, never 25953.0); missing as empty. The value on screen, as a number."""
    value = units.rounded(x, unit)
    if value is None:
        return None
    return int(value) if value.is_integer() else value


def percent_cell(x: object) -> float | None:
    """A percentage to the one decimal the screen shows (`fmt.percent`): 117, 169.7, -6.3 (never
    -6.330674681154392). The one rounding of every derived % a download writes."""
    if is_missing(x):
        return None
    value = round(float(x), 1)
    return int(value) if value.is_integer() else value


def year_figures(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The overview's year table as a download: the same indicators, figures as numbers (the
    screen shows them as text in the UI's style) at the decimals of their unit, each with its
    bound ("trên"/"dưới": a number alone would say "exactly") and its provenance in words, a
    calculated plan with the range its source's rounding allows, the formulas in the reader's
    words as the screen shows them, the unit and the source. Text goes through `to_csv`/`to_xlsx`,
    which neutralise formulas."""
    t = i18n.t

    def column(values) -> pd.Series:  # mixed int/float/None cells must not become floats again
        return pd.Series(list(values), dtype="object")

    def bound(values) -> pd.Series:
        return column(fmt.bound_prefix(b, lang).strip() or None for b in values)

    def provenance(values) -> pd.Series:
        return column(t(f"provenance.{p}", lang) if isinstance(p, str) else None for p in values)

    def figures(name: str) -> pd.Series:
        return column(figure_cell(x, u) for x, u in zip(rows[name], rows["unit"], strict=True))

    def ranged(side: int, measure: str = "target") -> pd.Series:
        """A calculated figure's range (none for an exact sum, whose range is itself); its top is
        no limit under "dưới" (the figure itself is)."""
        cells = []
        for r in rows.itertuples(index=False):
            low, high = getattr(r, f"{measure}_low", None), getattr(r, f"{measure}_high", None)
            provenance, bound = getattr(r, f"{measure}_provenance"), getattr(r, f"{measure}_bound")
            if provenance != "derived" or (not is_missing(low) and low == high):
                cells.append(None)
            elif side == 0:
                cells.append(figure_cell(low, r.unit))
            else:
                cells.append(None if bound == "less_than" else figure_cell(high, r.unit))
        return column(cells)

    return pd.DataFrame(
        {
            t("overview.col_indicator", lang): column(i18n.names(rows, lang)),
            t("overview.col_field", lang): column(i18n.label("field", f, lang) for f in rows["field"]),
            t("overview.area", lang): column(areas.display_name(a, lang) for a in rows["area"]),
            t("briefing.col_unit", lang): column(i18n.label("unit", u, lang) for u in rows["unit"]),
            t("overview.col_actual", lang): figures("actual"),
            t("overview.col_actual_bound", lang): bound(rows["actual_bound"]),
            t("overview.col_actual_provenance", lang): provenance(rows["actual_provenance"]),
            t("overview.col_actual_low", lang): ranged(0, "actual"),
            t("overview.col_actual_high", lang): ranged(1, "actual"),
            t("overview.col_plan", lang): figures("target"),
            t("overview.col_plan_bound", lang): bound(rows["target_bound"]),
            t("overview.col_plan_provenance", lang): provenance(rows["target_provenance"]),
            t("overview.col_plan_low", lang): ranged(0),
            t("overview.col_plan_high", lang): ranged(1),
            t("overview.col_pct", lang): column(percent_cell(x) for x in rows["pct_of_target"]),
            t("overview.col_pct_bound", lang): bound(rows["pct_bound"]),
            t("overview.col_pct_provenance", lang): provenance(rows["pct_provenance"]),
            t("measure.change_pct", lang): column(percent_cell(x) for x in rows["change_pct"]),
            t("overview.col_change_provenance", lang): provenance(rows["change_provenance"]),
            t("overview.col_formula", lang): column(
                summary.formula_words(r, lang) or None for r in rows.itertuples(index=False)
            ),
            t("briefing.col_source", lang): column(rows["actual_source"].fillna(rows["target_source"])),
        }
    )


def filtered_figures(rows: pd.DataFrame, lang: str) -> pd.DataFrame:
    """Explore's filtered figures as a download: `year_figures` with each row's period after
    its area (rows of `queries.explore_table`, newest first)."""
    out = year_figures(rows, lang)
    at = list(out.columns).index(i18n.t("overview.area", lang)) + 1
    periods = pd.Series([str(p) for p in rows["period"]], dtype="object")
    out.insert(at, i18n.t("charts.period", lang), periods)
    return out
