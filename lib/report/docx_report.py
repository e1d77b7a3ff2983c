"""The year-end report as a Word file (.docx) in the format of Decree 30/2020/NĐ-CP.

Owns the look of `lib.report.document`'s blocks in Word, written with python-docx: A4, margins of
Decree 30 (`document.MARGINS_MM`), Times New Roman 14 pt body (named in the file; Word has
it), the header block as a borderless two-column table, the motto bold and underlined, the
place-date line in italics, sections I-III, the table of figures with derived figures in
italics, the recipients and signature block as a borderless table, the appendix on its own
page, page numbers centred at the top from page 2. Word's own styles (Title, Heading 1-2,
Normal) are used so the planner's edits keep the look and the navigation pane shows the report.

Text from data goes in as runs, which python-docx writes literally. Must never decide what the
report says (that is `lib.report.document`), write files, or import Streamlit.
"""

from __future__ import annotations

import datetime as dt
import io
import re

from docx import Document as new_docx
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from lib.report import briefing, document

FONT = "Times New Roman"
BODY_PT = 14
TABLE_PT = 10
LANG_TAGS = {"vi": "vi-VN", "en": "en-GB"}
TABLE_MM, HEADER_MM = document.TABLE_MM, document.SIDES_MM


def docx_bytes(
    b: briefing.Briefing, today: dt.date | None = None, sender: document.Sender | None = None
) -> bytes:
    """The report of briefing `b` as a .docx file's bytes, dated `today` (the drafting date, which
    the planner may change in Word), from `sender` (settings when None)."""
    doc = document.build(b, today=today, sender=sender)
    return render(doc)


def render(model: document.Document) -> bytes:
    d = new_docx()
    _page(d)
    _styles(d, model.lang)
    d.core_properties.title = _xml_text(model.title)
    d.core_properties.author = _xml_text(model.author)
    d.core_properties.language = LANG_TAGS.get(model.lang, model.lang)
    for block in model.blocks:
        _RENDER[type(block)](d, block)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------- page and styles


def _page(d) -> None:
    s = d.sections[0]
    s.orientation = WD_ORIENT.PORTRAIT
    s.page_width, s.page_height = (Mm(x) for x in document.PAGE_MM)
    m = document.MARGINS_MM
    s.top_margin, s.bottom_margin = Mm(m["top"]), Mm(m["bottom"])
    s.left_margin, s.right_margin = Mm(m["left"]), Mm(m["right"])
    s.header_distance = Mm(10)
    # Decree 30: page numbers centred in the top margin, not on the first page.
    s.different_first_page_header_footer = True
    p = s.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_field(p)


def _page_field(paragraph) -> None:
    """A PAGE field (python-docx has no API for fields; this is the field's plain WordprocessingML)."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _styles(d, lang: str) -> None:
    normal = d.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    pf = normal.paragraph_format
    pf.space_before, pf.space_after = Pt(0), Pt(6)
    pf.line_spacing = 1.15
    # Spell-checking in the report's language, so Word does not underline every Vietnamese word.
    rpr = normal.element.get_or_add_rPr()
    tag = OxmlElement("w:lang")
    tag.set(qn("w:val"), LANG_TAGS.get(lang, lang))
    rpr.append(tag)
    for name, size in (("Title", BODY_PT), ("Heading 1", BODY_PT), ("Heading 2", BODY_PT)):
        st = d.styles[name]
        st.font.name = FONT
        st.font.size = Pt(size)
        st.font.bold = True
        st.font.italic = False
        st.font.color.rgb = None
        st.font.color.theme_color = None
        # The Title style's border line and theme fonts are Word's default look, not the decree's.
        rpr = st.element.get_or_add_rPr()
        fonts = rpr.find(qn("w:rFonts"))
        for attr in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if fonts is not None and fonts.get(qn(attr)) is not None:
                del fonts.attrib[qn(attr)]
        for parent, tag in ((rpr, "w:spacing"), (st.element.get_or_add_pPr(), "w:pBdr")):
            found = parent.find(qn(tag))  # the Title's letter-spacing and rule
            if found is not None:
                parent.remove(found)
        st.paragraph_format.space_before = Pt(12 if name != "Title" else 6)
        st.paragraph_format.space_after = Pt(6)
        st.paragraph_format.keep_with_next = True
    d.styles["Heading 1"].font.all_caps = True  # "I. KẾT QUẢ …": the text itself keeps its case
    d.styles["Title"].paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    d.styles["Title"].paragraph_format.space_after = Pt(0)


# ---------------------------------------------------------------- helpers


# Characters XML 1.0 cannot hold (python-docx refuses them): shown as "�" rather than lost.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def _run(p, text: str, bold=False, italic=False, underline=False, size=None, superscript=False, caps=False):
    """A run of literal text; `caps` shows it in capitals (as Decree 30 wants agency names and the
    signer's position) while the file keeps the text as typed."""
    r = p.add_run(_xml_text(text))
    if caps:
        r.font.all_caps = True
    r.font.name = FONT
    r.bold = bold or None
    r.italic = italic or None
    r.underline = underline or None
    if size:
        r.font.size = Pt(size)
    if superscript:
        r.font.superscript = True
    return r


def _para(container, align=WD_ALIGN_PARAGRAPH.CENTER, after=0):
    p = container.add_paragraph()
    p.alignment = align
    p.paragraph_format.space_after = Pt(after)
    p.paragraph_format.first_line_indent = Cm(0)
    return p


def _widths(table, widths_mm: tuple[int, ...]) -> None:
    """Fixed column widths: the grid (LibreOffice reads it) and every cell (Word reads those)."""
    table.autofit = False
    for column, w in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(w)
        for cell in column.cells:
            cell.width = Mm(w)


def _borderless(d, widths_mm: tuple[int, ...], rows: int = 1):
    """A table without borders (the default "Normal Table" style has none) of fixed widths."""
    table = d.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, widths_mm)
    return table


def _cell_lines(cell, lines: list[tuple[str, dict]]) -> None:
    """Fill a cell with centred lines, each (text, run options)."""
    first = True
    for text, opts in lines:
        p = cell.paragraphs[0] if first else cell.add_paragraph()
        first = False
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.first_line_indent = Cm(0)
        _run(p, text, **opts)


# ---------------------------------------------------------------- blocks


def _letterhead(d, h: document.Letterhead) -> None:
    """Two rows, so the number line and the place-date line sit level, as in the decree's model."""
    table = _borderless(d, HEADER_MM, rows=2)
    (agency, nation), (number, place_date) = (row.cells for row in table.rows)
    lines = []
    if h.parent_agency:
        lines.append((h.parent_agency, {"size": 12, "caps": True}))
    lines.append((h.agency, {"bold": True, "size": 12, "caps": True}))
    _cell_lines(agency, lines)
    _cell_lines(
        nation, [(h.nation, {"bold": True, "size": 12}), (h.motto, {"bold": True, "underline": True})]
    )
    _cell_lines(number, [(h.number, {"size": 13})])
    _cell_lines(place_date, [(h.place_date, {"italic": True})])
    for cell in (number, place_date):
        cell.paragraphs[0].paragraph_format.space_before = Pt(6)


def _title(d, title: document.Title) -> None:
    spacer = _para(d)
    spacer.paragraph_format.space_after = Pt(12)
    p = d.add_paragraph(style="Title")
    p.paragraph_format.space_before = Pt(18)
    _run(p, title.kind)
    p = d.add_paragraph(style="Title")
    p.paragraph_format.space_before = Pt(0)
    _run(p, title.subject)
    p = _para(d, after=12)
    _run(p, title.area, italic=True)


def _heading(d, h: document.Heading) -> None:
    p = d.add_paragraph(style=f"Heading {h.level}")
    p.paragraph_format.page_break_before = h.new_page
    if h.new_page:
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _run(p, h.text)


def _paragraph(d, para: document.Para) -> None:
    p = d.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if para.kind in ("small", "source"):
        p.paragraph_format.first_line_indent = Cm(1.27)
        _run(p, para.text, italic=True, size=12)
        return
    p.paragraph_format.first_line_indent = Cm(1.27)
    _run(p, ("- " if para.kind == "item" else "") + para.text)
    if para.refs:
        _run(p, ",".join(str(n) for n in para.refs), superscript=True)
    if para.label:
        _run(p, " " + para.label, italic=True)


def _table(d, table: document.Table) -> None:
    t = d.add_table(rows=1, cols=len(table.headings), style="Table Grid")
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(t, TABLE_MM)
    _repeat_header(t.rows[0])
    for cell, text in zip(t.rows[0].cells, table.headings, strict=True):
        _table_cell(cell, text, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
    last = len(table.headings) - 1
    above = None  # the previous row's indicator cell and its text, to merge a name's years
    for row in table.rows:
        added = t.add_row()
        _row_flag(added, "w:cantSplit")
        cells = added.cells
        for cell, w in zip(cells, TABLE_MM, strict=True):
            cell.width = Mm(w)  # before any merge: a merged cell spans its columns' widths
        if row.group:
            _table_cell(cells[0].merge(cells[-1]), row.cells[0], bold=True)
            above = None
            continue
        for i, (cell, text) in enumerate(zip(cells, row.cells, strict=True)):
            if i == 0 and above is not None and above[1] == text:
                above[0].merge(cell)  # one indicator over several years: its name once
                continue
            align = WD_ALIGN_PARAGRAPH.CENTER
            if i in (0, last):
                align = WD_ALIGN_PARAGRAPH.LEFT
            elif 3 <= i < last:
                align = WD_ALIGN_PARAGRAPH.RIGHT
            _table_cell(cell, text, italic=row.derived[i], align=align)
        if above is None or above[1] != row.cells[0]:
            above = (cells[0], row.cells[0])


def _row_flag(row, name: str) -> None:
    """A row property python-docx has no API for: w:tblHeader (repeat on every page) or
    w:cantSplit (keep a row on one page)."""
    flag = OxmlElement(name)
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _repeat_header(row) -> None:
    _row_flag(row, "w:tblHeader")


def _table_cell(cell, text: str, bold=False, italic=False, align=WD_ALIGN_PARAGRAPH.LEFT) -> None:
    lines = text.split("\n")
    for i, line in enumerate(lines):
        p = cell.paragraphs[0] if i == 0 else cell.add_paragraph()
        p.alignment = align
        p.paragraph_format.space_after = Pt(0)
        p.paragraph_format.line_spacing = 1.0
        p.paragraph_format.first_line_indent = Cm(0)
        _run(p, line, bold=bold, italic=italic, size=TABLE_PT)


def _notes(d, notes: document.Notes) -> None:
    if not notes.texts:
        return
    p = _para(d, align=WD_ALIGN_PARAGRAPH.LEFT, after=3)
    p.paragraph_format.space_before = Pt(12)
    _run(p, notes.heading, bold=True, size=12)
    for n, text in enumerate(notes.texts, start=1):
        p = _para(d, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=2)
        _run(p, str(n), superscript=True, size=12)
        _run(p, " " + text, size=12)


def _signoff(d, s: document.SignOff) -> None:
    _para(d, after=6)
    table = _borderless(d, HEADER_MM)
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    p.paragraph_format.space_after = Pt(0)
    _run(p, s.recipients_heading, bold=True, italic=True, size=12)
    for line in s.recipients:
        p = left.add_paragraph()
        p.paragraph_format.space_after = Pt(0)
        _run(p, line, size=11)
    _cell_lines(
        right,
        [
            (s.signer_title, {"bold": True, "caps": True}),
            *[("", {})] * 4,
            (s.signer, {"bold": True}),
        ],
    )


def _chart(d, c: document.Chart) -> None:
    """Charts are the PDF's; the Word report carries text and the table (see the module docstring)."""


_RENDER = {
    document.Letterhead: _letterhead,
    document.Title: _title,
    document.Heading: _heading,
    document.Para: _paragraph,
    document.Chart: _chart,
    document.Table: _table,
    document.Notes: _notes,
    document.SignOff: _signoff,
}
