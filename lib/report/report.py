"""Briefing exports: an A4 PDF, an XLSX workbook of the figures, each chart as PNG and SVG.

Owns turning a `briefing.Briefing` into files (bytes). The PDF draws the blocks of
`lib.report.document`, the model the Word report (`lib.report.docx_report`) draws too, so both say the same
things in the same order; this module only decides the PDF's look. The PDF embeds DejaVu Sans from
matplotlib's package (it covers Vietnamese; nothing is downloaded) so its text is real,
searchable text; charts go through vl-convert, offline, as PNG at 3x scale. The workbook keeps
numbers as numbers (formatted by Excel, so the reader's locale shows "25.953" or "25,953").
Must never write files itself (callers do), import Streamlit, or compute a figure.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import altair as alt
import matplotlib
import pandas as pd
import vl_convert as vlc
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import FontFace
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill

from lib import fmt, i18n, units
from lib.i18n import t
from lib.report import briefing, document, export
from lib.report.document import PERCENT_MEASURES, derived_note, value_text
from lib.units import is_missing

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
FONT = "DejaVu"
CHART_FONT = "DejaVu Sans"
PNG_SCALE = 3  # 3x the chart's CSS pixels: sharp on paper and on a projector
# A chart's CSS pixel printed at 0,3 mm: its 12 px labels come out near 10 pt, like the text.
MM_PER_CSS_PX = 0.3
_fonts_registered = False

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


# ---------------------------------------------------------------- PDF


class _Pdf(FPDF):
    def __init__(self, lang: str):
        super().__init__(orientation="portrait", unit="mm", format="A4")
        self.lang = lang
        for style, name in (("", ""), ("B", "-Bold"), ("I", "-Oblique"), ("BI", "-BoldOblique")):
            self.add_font(FONT, style, str(FONT_DIR / f"DejaVuSans{name}.ttf"))
        m = document.MARGINS_MM
        self.set_margins(m["left"], m["top"], m["right"])
        self.set_auto_page_break(True, margin=m["bottom"])

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.set_text_color(110)
        self.cell(0, 5, t("briefing.pdf_page", self.lang, page=self.page_no()), align="C")
        self.set_text_color(0)

    def para(
        self, text: str, size: float = 11, style: str = "", gap: float = 1.5, indent: float = 0, align="L"
    ) -> None:
        self.set_font(FONT, style, size)
        self.set_x(self.l_margin + indent)
        self.multi_cell(self.epw - indent, size * 0.5, text, align=align, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(gap)

    def columns(self, widths: tuple[float, float], left: list, right: list) -> None:
        """Two columns of centred lines, each (text, style, size); the page continues below both."""
        top, bottom = self.get_y(), self.get_y()
        x = self.l_margin
        for width, lines in zip(widths, (left, right), strict=True):
            self.set_xy(x, top)
            for text, style, size in lines:
                self.set_font(FONT, style, size)
                self.set_x(x)
                self.multi_cell(width, size * 0.5, text, align="C", new_x=XPos.LEFT, new_y=YPos.NEXT)
            bottom = max(bottom, self.get_y())
            x += width
        self.set_xy(self.l_margin, bottom)


def pdf_bytes(
    b: briefing.Briefing, today: dt.date | None = None, sender: document.Sender | None = None
) -> bytes:
    """The briefing as an A4 PDF, drawn from the same `lib.report.document` model as the Word report:
    header block, title, date and area, the results field by field with their charts, next
    year's targets, the table of figures, numbered notes (sources, derivations), the sign-off
    and the simulated chances as an appendix. The reading copy leaves out the Word file's
    number and place-date line (the date is under the title)."""
    model = document.build(b, today=today, sender=sender, with_charts=True)
    pdf = _Pdf(model.lang)
    pdf.set_title(model.title)
    if model.author:
        pdf.set_author(model.author)
    pdf.set_lang(model.lang)
    pdf.add_page()
    for block in model.blocks:
        _PDF_RENDER[type(block)](pdf, block)
    return bytes(pdf.output())


HEADER_MM, TABLE_MM = document.SIDES_MM, document.TABLE_MM  # the Word file's columns


def _pdf_letterhead(pdf: _Pdf, h: document.Letterhead) -> None:
    left = [(h.parent_agency.upper(), "", 9)] if h.parent_agency else []
    agency = h.agency if h.agency == document.BLANK else h.agency.upper()
    pdf.columns(HEADER_MM, left + [(agency, "B", 9.5)], [(h.nation, "B", 9.5), (h.motto, "BU", 10)])
    pdf.ln(8)


def _pdf_title(pdf: _Pdf, title: document.Title) -> None:
    pdf.para(title.full, size=16, style="B", gap=2)
    pdf.para(f"{title.prepared}   ·   {title.area}", size=9, gap=4)


# Room a heading needs below it so that it is never the last line of a page: the heading and the
# first lines of what follows (a sentence, a table's heading row and first rows), in mm. Word does
# the same with its headings' "keep with next" (lib/report/docx_report.py).
KEEP_WITH_NEXT_MM = {1: 40, 2: 25}


def _pdf_heading(pdf: _Pdf, h: document.Heading) -> None:
    if h.new_page or pdf.will_page_break(KEEP_WITH_NEXT_MM.get(h.level, 25)):
        pdf.add_page()
    if h.level == 1:
        pdf.ln(2)
        pdf.para(h.text, size=13, style="B", gap=2)
    else:
        pdf.para(h.text, size=11.5, style="B", gap=1.5)


def _pdf_para(pdf: _Pdf, para: document.Para) -> None:
    if para.kind in ("small", "source"):
        pdf.para(para.text, size=8.5, style="I", indent=6, gap=1.5)
        return
    if para.kind == "plain":
        pdf.para(para.text, size=10, indent=2)
        return
    marker = " " + "".join(f"[{n}]" for n in para.refs) if para.refs else ""
    label = f" {para.label}" if para.label else ""
    pdf.para("–  " + para.text + marker + label, indent=2)


def _pdf_chart(pdf: _Pdf, c: document.Chart) -> None:
    png = chart_png(c.chart)
    width = min(pdf.epw, _css_width_px(png) * MM_PER_CSS_PX)
    pdf.image(io.BytesIO(png), x=pdf.l_margin + (pdf.epw - width) / 2, w=width, alt_text=c.stem)
    pdf.ln(3)


def _pdf_table(pdf: _Pdf, table: document.Table) -> None:
    pdf.set_font(FONT, "", 7.5)
    plain, italic = FontFace(family=FONT), FontFace(family=FONT, emphasis="ITALICS")
    last = len(table.headings) - 1
    align = ("LEFT", "CENTER", "CENTER", *["RIGHT"] * (last - 3), "LEFT")
    rows = list(table.rows)
    spans = _name_spans(rows)
    with pdf.table(
        col_widths=TABLE_MM,
        width=sum(TABLE_MM),
        align="LEFT",
        text_align=align,
        line_height=3.6,
        headings_style=FontFace(family=FONT, emphasis="BOLD", fill_color=(221, 230, 242)),
        first_row_as_headings=True,
        repeat_headings=1,
    ) as out:
        heading = out.row()
        for h in table.headings:
            heading.cell(h, align="CENTER")
        for i, row in enumerate(rows):
            line = out.row()
            if row.group:
                line.cell(
                    row.cells[0],
                    colspan=len(table.headings),
                    align="LEFT",
                    style=FontFace(family=FONT, emphasis="BOLD", fill_color=(242, 242, 242)),
                )
                continue
            for j, (text, derived) in enumerate(zip(row.cells, row.derived, strict=True)):
                if j == 0:  # an indicator over several years: its name once, as in the Word file
                    if spans[i]:
                        line.cell(text, rowspan=spans[i], style=plain)
                    continue
                line.cell(text, style=italic if derived else plain)
    pdf.ln(1)


def _name_spans(rows: list[document.Row]) -> list[int]:
    """Per row, how many rows its indicator name spans (0: covered by the row above)."""
    spans = [0] * len(rows)
    start = None
    for i, row in enumerate(rows):
        if row.group:
            start = None
        elif start is not None and rows[start].cells[0] == row.cells[0]:
            spans[start] += 1
        else:
            start, spans[i] = i, 1
    return spans


def _pdf_notes(pdf: _Pdf, notes: document.Notes) -> None:
    if not notes.texts:
        return
    pdf.ln(2)
    pdf.para(notes.heading, size=11, style="B", gap=2)
    for i, text in enumerate(notes.texts, start=1):
        pdf.para(f"[{i}] {text}", size=8.5, gap=1)


def _pdf_signoff(pdf: _Pdf, s: document.SignOff) -> None:
    if pdf.get_y() > 240:
        pdf.add_page()
    pdf.ln(6)
    left = [(s.recipients_heading, "BI", 9)] + [(r, "", 8.5) for r in s.recipients]
    signer_title = s.signer_title if s.signer_title == document.BLANK else s.signer_title.upper()
    top = pdf.get_y()
    gap = [(" ", "", 10)] * 3
    pdf.columns(HEADER_MM, [], [(signer_title, "B", 10), *gap, (s.signer, "B", 10)])
    bottom = pdf.get_y()
    pdf.set_y(top)
    for text, style, size in left:
        pdf.set_font(FONT, style, size)
        pdf.cell(HEADER_MM[0], size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.set_y(max(bottom, pdf.get_y()))


_PDF_RENDER = {
    document.Letterhead: _pdf_letterhead,
    document.Title: _pdf_title,
    document.Heading: _pdf_heading,
    document.Para: _pdf_para,
    document.Chart: _pdf_chart,
    document.Table: _pdf_table,
    document.Notes: _pdf_notes,
    document.SignOff: _pdf_signoff,
}


# ---------------------------------------------------------------- XLSX


def _number_format(unit: str, measure: str) -> str:
    return "0.0" if measure in PERCENT_MEASURES else units.excel_format(unit)


# The workbook's columns: (catalogue key or a machine's ASCII id, width in characters).
XLSX_COLUMNS = (
    ("briefing.col_indicator", 52),
    ("briefing.col_year", 8),
    ("briefing.col_measure", 18),
    ("briefing.col_value", 16),
    ("briefing.col_unit", 12),
    ("briefing.col_bound", 10),
    ("briefing.col_provenance", 16),
    ("briefing.col_formula", 30),
    ("briefing.col_low", 14),
    ("briefing.col_high", 14),
    ("briefing.col_source", 50),
    ("briefing.col_note", 50),
    ("indicator_id", 28),
    ("measure", 16),
)
XLSX_NUMBER_COLUMNS = (4, 9, 10)  # value, low, high: formatted by the figure's unit


def xlsx_bytes(b: briefing.Briefing) -> bytes:
    """The briefing's figures, one sheet per field, one row per figure, numbers as numbers.

    Columns (XLSX_COLUMNS): indicator, year, measure, value, unit, bound, provenance, formula,
    low, high, source, note, then the ASCII ids (indicator_id, measure) for machines. Every cell
    goes through `export.xlsx_cell`: names, sources and notes never become formulas.
    """
    wb = Workbook()
    wb.remove(wb.active)
    for field_id in b.fields():
        _xlsx_sheet(wb, b, field_id)
    if b.data_version:  # which approved figures these are (issue 13), on a sheet of its own
        wb.create_sheet(export.sheet_title(t("drafts.sheet_about", b.lang))).append(
            [export.xlsx_cell(b.data_version)]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _xlsx_sheet(wb: Workbook, b: briefing.Briefing, field_id: str) -> None:
    lang = b.lang
    # openpyxl numbers a repeated title ("data1")
    ws = wb.create_sheet(export.sheet_title(i18n.label("field", field_id, lang)))
    # Catalogue keys are translated; the machines' ids ("indicator_id") stay as they are.
    ws.append([export.xlsx_cell(t(key, lang) if "." in key else key) for key, _ in XLSX_COLUMNS])
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDE6F2")
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for r in b.figures_for(field_id).itertuples(index=False):
        ws.append([export.xlsx_cell(v, lang) for v in _xlsx_row(r, lang)])
        number_format = _number_format(r.unit, r.measure)
        for col in XLSX_NUMBER_COLUMNS:
            ws.cell(ws.max_row, col).number_format = number_format
    for i, (_, width) in enumerate(XLSX_COLUMNS, start=1):
        ws.column_dimensions[ws.cell(1, i).column_letter].width = width
    ws.freeze_panes = "B2"


def _xlsx_row(r, lang: str) -> list:
    """One figure of `Briefing.figures` as the workbook's cells, in XLSX_COLUMNS order."""
    derived = r.provenance == "derived"

    def figure(x: float) -> float | int | None:  # to the decimals the screen shows: 1 for a %
        return export.percent_cell(x) if r.measure in PERCENT_MEASURES else export.figure_cell(x, r.unit)

    return [
        i18n.name(r, lang),
        int(r.year),
        t(f"measure.{r.measure}", lang),
        figure(r.value),
        "%" if r.measure in PERCENT_MEASURES else fmt.unit_label(r.unit, lang),
        fmt.bound_prefix(r.bound, lang).strip() or None,
        t(f"provenance.{r.provenance}", lang),
        r.formula if isinstance(r.formula, str) else None,
        None if not derived or is_missing(r.value_low) else figure(r.value_low),
        None if not derived or is_missing(r.value_high) or r.bound == "less_than" else figure(r.value_high),
        r.source if isinstance(r.source, str) else None,
        r.note if isinstance(r.note, str) else None,
        r.indicator_id,
        r.measure,
    ]


def figures_frame(b: briefing.Briefing, field_id: str) -> pd.DataFrame:
    """A field's table of figures as display text (what the PDF prints), for the page."""
    lang = b.lang
    rows = [
        {
            t("briefing.col_indicator", lang): i18n.name(r, lang),
            t("briefing.col_year", lang): str(int(r.year)),
            t("briefing.col_measure", lang): t(f"measure.{r.measure}", lang),
            t("briefing.col_value", lang): value_text(r, lang),
            t("briefing.col_provenance", lang): t(f"provenance.{r.provenance}", lang),
            t("briefing.col_note", lang): derived_note(r, lang) if r.provenance == "derived" else "",
        }
        for r in b.figures_for(field_id).itertuples(index=False)
    ]
    return pd.DataFrame(rows)
