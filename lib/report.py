"""Briefing exports: an A4 PDF, an XLSX workbook of the figures, each chart as PNG and SVG.

Owns turning a `briefing.Briefing` into files (bytes). The PDF embeds DejaVu Sans from
matplotlib's package (it covers Vietnamese; nothing is downloaded) so its text is real,
searchable text; charts go through vl-convert, offline, as PNG at 3x scale. The workbook keeps
numbers as numbers (formatted by Excel, so the reader's locale shows "25.953" or "25,953").
Must never write files itself (callers do), import Streamlit, or compute a figure.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from pathlib import Path

import altair as alt
import matplotlib
import pandas as pd
import vl_convert as vlc
from babel.dates import format_date
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from lib import briefing, fmt
from lib.i18n import norm_lang, t

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
CHART_FONT = "DejaVu Sans"
PNG_SCALE = 3  # 3x the chart's CSS pixels: sharp on paper and on a projector
# A chart's CSS pixel printed at 0,3 mm: its 12 px labels come out near 10 pt, like the text.
MM_PER_CSS_PX = 0.3
_fonts_registered = False


def _missing(x: object) -> bool:
    return x is None or (isinstance(x, float) and math.isnan(x))


# ---------------------------------------------------------------- charts


def _spec(chart: alt.TopLevelMixin) -> dict:
    global _fonts_registered
    if not _fonts_registered:
        vlc.register_font_directory(str(FONT_DIR))
        _fonts_registered = True
    spec = chart.to_dict()
    spec.setdefault("config", {})["font"] = CHART_FONT
    return spec


def chart_png(chart: alt.TopLevelMixin, scale: float = PNG_SCALE) -> bytes:
    return vlc.vegalite_to_png(_spec(chart), scale=scale)


def chart_svg(chart: alt.TopLevelMixin) -> bytes:
    return vlc.vegalite_to_svg(_spec(chart)).encode("utf-8")


def chart_file(b: briefing.Briefing, field_id: str, stem: str, kind: str) -> bytes:
    """One chart of a field as a file ("png" or "svg"), drawn at the files' fixed size."""
    chart = dict(briefing.charts(b, field_id))[stem]
    return chart_png(chart) if kind == "png" else chart_svg(chart)


def _css_width_px(png: bytes) -> float:
    """The chart's width in CSS pixels, from the PNG header (width at bytes 16-20)."""
    return int.from_bytes(png[16:20], "big") / PNG_SCALE


def chart_files(b: briefing.Briefing) -> dict[str, bytes]:
    """Every chart of the briefing as {"<stem>.png": ..., "<stem>.svg": ...}."""
    out = {}
    for field_id in b.fields():
        for stem, chart in briefing.charts(b, field_id):
            out[f"{stem}.png"] = chart_png(chart)
            out[f"{stem}.svg"] = chart_svg(chart)
    return out


# ---------------------------------------------------------------- figures as text


def value_text(row, lang: str) -> str:
    """A figure of the table as people read it: "25.953 người", "117%", "+4%", "trên 3 điểm %"."""
    if row.measure == "pct_of_target":
        return fmt.bound_prefix(row.bound, lang) + fmt.percent(row.value, lang)
    if row.measure == "change_pct":
        return fmt.signed_percent(row.value, lang)
    return fmt.figure(row.value, row.unit, lang, row.bound)


def derived_note(row, lang: str) -> str:
    """What a derived figure is and the range the source's rounding allows."""
    low, high = row.value_low, row.value_high
    if row.measure in ("pct_of_target", "change_pct") or (_missing(low) and _missing(high)):
        return t("briefing.derived_note_plain", lang, formula=row.formula)
    if _missing(low):
        return t(
            "briefing.derived_note_open", lang, formula=row.formula, high=fmt.figure(high, row.unit, lang)
        )
    lo, hi = sorted((low, high))
    return t(
        "briefing.derived_note",
        lang,
        formula=row.formula,
        low=fmt.figure(lo, row.unit, lang),
        high=fmt.figure(hi, row.unit, lang),
    )


class _Notes:
    """Numbered footnotes, each text once: sources first seen first."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def ref(self, text: str) -> int:
        if text not in self.texts:
            self.texts.append(text)
        return self.texts.index(text) + 1


def _area_text(b: briefing.Briefing) -> str:
    if b.area is None:
        return t("briefing.pdf_area_all", b.lang)
    return briefing.area_label(b.area, b.lang)


def date_text(day: dt.date, lang: str) -> str:
    lang = norm_lang(lang)
    return format_date(
        day, format="dd/MM/yyyy" if lang == "vi" else "long", locale="vi_VN" if lang == "vi" else "en_US"
    )


# ---------------------------------------------------------------- PDF


class _Pdf(FPDF):
    def __init__(self, lang: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.lang = lang
        self.add_font(FONT, "", str(FONT_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
        self.set_margins(20, 18, 20)
        self.set_auto_page_break(True, margin=18)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(110)
        self.cell(0, 5, t("briefing.pdf_page", self.lang, page=self.page_no()), align="C")
        self.set_text_color(0)

    def para(self, text: str, size: float = 11, style: str = "", gap: float = 1.5, indent: float = 0) -> None:
        self.set_font(FONT, style, size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(self.epw - indent, size * 0.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(gap)


def pdf_bytes(b: briefing.Briefing, today: dt.date | None = None) -> bytes:
    """The briefing as an A4 PDF: title, date, per field the sentences, targets and charts, then
    a table of every figure with its provenance and numbered notes (sources, derivations)."""
    lang = b.lang
    today = today or dt.date.today()
    notes = _Notes()
    pdf = _Pdf(lang)
    pdf.set_title(t("briefing.pdf_title", lang, year=b.year))
    pdf.set_author(t("briefing.pdf_org", lang))
    pdf.set_lang(lang)
    pdf.add_page()
    pdf.para(t("briefing.pdf_org", lang).upper(), size=10, style="B", gap=4)
    pdf.para(t("briefing.pdf_title", lang, year=b.year), size=17, style="B", gap=2)
    pdf.para(
        t("briefing.pdf_date", lang, date=date_text(today, lang))
        + "   ·   "
        + t("briefing.pdf_area", lang, area=_area_text(b)),
        size=9,
        gap=5,
    )

    for number, field_id in enumerate(b.fields(), start=1):
        results, targets = b.results_for(field_id), b.targets_for(field_id)
        if number > 1 and pdf.get_y() > 200:
            pdf.add_page()
        pdf.para(f"{number}. {t(f'field.{field_id}', lang)}", size=14, style="B", gap=2)
        pdf.para(t("briefing.results_heading", lang, year=b.year), size=10, style="B", gap=1)
        if not results:
            pdf.para(t("briefing.no_results", lang, year=b.year), size=10)
        for s in results:
            refs = [notes.ref(src) for src in s.sources]
            refs += [notes.ref(t("briefing.derived_note_plain", lang, formula=f)) for f in s.formulas]
            marker = " " + "".join(f"[{r}]" for r in refs) if refs else ""
            pdf.para("–  " + s.text + marker + _provenance_suffix(s, lang), indent=2)
        pdf.ln(1)
        pdf.para(t("briefing.targets_heading", lang, year=b.year + 1), size=10, style="B", gap=1)
        if not targets:
            pdf.para(t("briefing.no_targets", lang, year=b.year + 1), size=10)
        for s in targets:
            refs = [notes.ref(src) for src in _target_sources(b, s)]
            marker = " " + "".join(f"[{r}]" for r in refs) if refs else ""
            pdf.para("–  " + s.text + marker + _provenance_suffix(s, lang), indent=2)
        sims = b.chances_for(field_id)
        if sims:
            pdf.ln(1)
            pdf.para(t("briefing.sim_heading", lang, year=b.year + 1), size=10, style="B", gap=1)
            for c in sims:
                pdf.para("–  " + c.text, indent=2, gap=0.5)
                pdf.para(c.assumptions, size=8.5, indent=6, gap=1)
            pdf.para(briefing.simulation_label(lang), size=8.5, indent=6, gap=2)
        for stem, chart in briefing.charts(b, field_id):
            png = chart_png(chart)
            width = min(pdf.epw, _css_width_px(png) * MM_PER_CSS_PX)
            pdf.image(io.BytesIO(png), x=pdf.l_margin + (pdf.epw - width) / 2, w=width, alt_text=stem)
            pdf.ln(3)
        pdf.ln(3)

    _pdf_table(pdf, b, notes)
    pdf.ln(4)
    pdf.para(t("briefing.pdf_notes_heading", lang), size=12, style="B", gap=2)
    for i, text in enumerate(notes.texts, start=1):
        pdf.para(f"[{i}] {text}", size=8.5, gap=1)
    return bytes(pdf.output())


def _provenance_suffix(s: briefing.Sentence, lang: str) -> str:
    """Reported sentences need no label; anything else says what it is."""
    if s.reported_only:
        return ""
    labels = ", ".join(t(f"provenance.{p}", lang) for p in s.provenances)
    return f" ({labels})"


def _target_sources(b: briefing.Briefing, s: briefing.Sentence) -> list[str]:
    f = b.figures
    rows = f[
        (f["indicator_id"].isin(s.indicator_ids)) & (f["year"] == b.year + 1) & (f["measure"] == "target")
    ]
    return [x for x in rows["source"] if isinstance(x, str)]


def _pdf_table(pdf: _Pdf, b: briefing.Briefing, notes: _Notes) -> None:
    lang = b.lang
    pdf.add_page()
    pdf.para(t("briefing.pdf_table_heading", lang), size=13, style="B", gap=2)
    pdf.set_font(FONT, "", 8)
    headings = [
        t("briefing.col_indicator", lang),
        t("briefing.col_year", lang),
        t("briefing.col_measure", lang),
        t("briefing.col_value", lang),
        t("briefing.col_provenance", lang),
        t("briefing.col_notes", lang),
    ]
    with pdf.table(
        col_widths=(62, 12, 24, 30, 22, 18),
        text_align=("LEFT", "CENTER", "LEFT", "RIGHT", "LEFT", "LEFT"),
        line_height=4,
        headings_style=FontFace(family=FONT, emphasis="BOLD", fill_color=(221, 230, 242)),
        first_row_as_headings=True,
        repeat_headings=1,
    ) as table:
        row = table.row()
        for h in headings:
            row.cell(h)
        for field_id in b.fields():
            row = table.row()
            row.cell(
                t(f"field.{field_id}", lang),
                colspan=len(headings),
                style=FontFace(family=FONT, emphasis="BOLD", fill_color=(242, 242, 242)),
            )
            for r in b.figures_for(field_id).itertuples(index=False):
                refs = []
                if isinstance(r.source, str):
                    refs.append(notes.ref(r.source))
                if r.provenance == "derived":
                    refs.append(notes.ref(derived_note(r, lang)))
                cells = (
                    r.name_vi if lang == "vi" else r.name_en,
                    str(int(r.year)),
                    t(f"measure.{r.measure}", lang),
                    value_text(r, lang),
                    t(f"provenance.{r.provenance}", lang),
                    "".join(f"[{n}]" for n in refs),
                )
                row = table.row()
                for c in cells:
                    row.cell(c)


# ---------------------------------------------------------------- XLSX


def _number_format(unit: str, measure: str) -> str:
    if measure in ("pct_of_target", "change_pct"):
        return "0.0"
    if unit == "points":
        return "0.00"
    return "#,##0"


def xlsx_bytes(b: briefing.Briefing) -> bytes:
    """The briefing's figures, one sheet per field, one row per figure, numbers as numbers.

    Columns: indicator, year, measure, value, unit, bound, provenance, formula, low, high,
    source, note, then the ASCII ids (indicator_id, measure) for machines. Every cell goes
    through `export.xlsx_cell`: names, sources and notes never become formulas.
    """
    from lib import export

    lang = b.lang
    wb = Workbook()
    wb.remove(wb.active)
    headings = [
        t("briefing.col_indicator", lang),
        t("briefing.col_year", lang),
        t("briefing.col_measure", lang),
        t("briefing.col_value", lang),
        t("briefing.col_unit", lang),
        t("briefing.col_bound", lang),
        t("briefing.col_provenance", lang),
        t("briefing.col_formula", lang),
        t("briefing.col_low", lang),
        t("briefing.col_high", lang),
        t("briefing.col_source", lang),
        t("briefing.col_note", lang),
        "indicator_id",
        "measure",
    ]
    widths = [52, 8, 18, 16, 12, 10, 16, 30, 14, 14, 50, 50, 28, 16]
    for field_id in b.fields():
        title = t(f"field.{field_id}", lang)
        title = export.sheet_title(field_id if title.startswith("field.") else title)
        ws = wb.create_sheet(title)  # openpyxl numbers a repeated title ("data1")
        ws.append([export.xlsx_cell(h) for h in headings])
        for cell in ws[1]:
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE6F2")
            cell.alignment = Alignment(wrap_text=True, vertical="top")
        for r in b.figures_for(field_id).itertuples(index=False):
            unit_label = t(f"unit.{r.unit}", lang)
            row = [
                r.name_vi if lang == "vi" else r.name_en,
                int(r.year),
                t(f"measure.{r.measure}", lang),
                float(r.value),
                "%" if r.measure in ("pct_of_target", "change_pct") else unit_label,
                fmt.bound_prefix(r.bound, lang).strip() or None,
                t(f"provenance.{r.provenance}", lang),
                r.formula if isinstance(r.formula, str) else None,
                None if r.provenance != "derived" or _missing(r.value_low) else float(r.value_low),
                None if r.provenance != "derived" or _missing(r.value_high) else float(r.value_high),
                r.source if isinstance(r.source, str) else None,
                r.note if isinstance(r.note, str) else None,
                r.indicator_id,
                r.measure,
            ]
            ws.append([export.xlsx_cell(v) for v in row])
            number_format = _number_format(r.unit, r.measure)
            for col in (4, 9, 10):
                ws.cell(ws.max_row, col).number_format = number_format
        for i, w in enumerate(widths, start=1):
            ws.column_dimensions[ws.cell(1, i).column_letter].width = w
        ws.freeze_panes = "B2"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def figures_frame(b: briefing.Briefing, field_id: str) -> pd.DataFrame:
    """A field's table of figures as display text (what the PDF prints), for the page."""
    lang = b.lang
    rows = [
        {
            t("briefing.col_indicator", lang): r.name_vi if lang == "vi" else r.name_en,
            t("briefing.col_year", lang): str(int(r.year)),
            t("briefing.col_measure", lang): t(f"measure.{r.measure}", lang),
            t("briefing.col_value", lang): value_text(r, lang),
            t("briefing.col_provenance", lang): t(f"provenance.{r.provenance}", lang),
            t("briefing.col_note", lang): derived_note(r, lang) if r.provenance == "derived" else "",
        }
        for r in b.figures_for(field_id).itertuples(index=False)
    ]
    return pd.DataFrame(rows)
