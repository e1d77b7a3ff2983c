"""The year-end report as one ordered list of blocks, which the PDF and the Word file both render.

Owns what the report says and in which order, in the layout of an administrative report under
Decree 30/2020/NĐ-CP: the header block (agency | national title and motto, number | place and
date), the title ("BÁO CÁO" and its subject), I. the year's results field by field (the
sentences of `lib.report.briefing`, each field closed by one "Nguồn:" line naming the sources of
the figures those sentences state, that year's only;
a calculated figure's formula in words is a numbered note), II. next year's targets (a
"Nguồn:" line per field too), III. the table of figures (one row per indicator and year: plan,
actual, % of plan, change on the year before; calculated figures in italics, their formula and
range in the numbered notes; one "Nguồn:" line under the table when it rests on one source,
otherwise each row cites its source by number), the recipients and signature block, and the
appendix "Phụ lục: mô phỏng tham khảo" with the simulated chances (no false precision:
"khoảng 90%"), labelled as a simulation with every assumption. Words follow issue 17 and
docs/GLOSSARY.md: never a formula id ("actual / (pct_of_target / 100)") in the report.

The renderers (`lib.report.report.pdf_bytes`, `lib.report.docx_report.docx_bytes`) walk the same blocks and
only decide the look, so the two files cannot say different things. Chart blocks are drawn by
the PDF; the Word file, which a planner edits and files, carries text and the table (charts
come as PNG and SVG files for pasting).

The sender (agency, place, signer) comes from settings or the page (`Sender`); an empty value
is a dotted line left to fill, never invented. Every figure comes from the `Briefing`; every
text from data stays plain text (renderers write it literally). Must never import Streamlit,
read or write files, or compute a figure.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import altair as alt
from babel.dates import format_date

from lib import fmt, i18n, settings, units
from lib.i18n import norm_lang, t
from lib.report import briefing, summary
from lib.units import is_missing

BLANK = "……………"  # a dotted line for the person who files the report to fill
ROMAN = ("I", "II", "III", "IV", "V")

# Page of Decree 30/2020/NĐ-CP (Appendix I): A4, margins in mm within the allowed ranges
# (top and bottom 20-25, left 30-35, right 15-20).
PAGE_MM = (210, 297)
MARGINS_MM = {"top": 20, "bottom": 20, "left": 30, "right": 15}
# Column widths in mm, adding up to the text width (165 mm): the header and signature blocks
# (left | right), and the table of figures (indicator, year, unit, plan, actual, %, change, note).
SIDES_MM = (62, 103)
TABLE_MM = (38, 12, 20, 18, 18, 15, 17, 27)


# ---------------------------------------------------------------- the sender


@dataclass(frozen=True)
class Sender:
    """Who files the report. Empty strings are lines left to fill."""

    parent_agency: str = ""
    agency: str = ""
    place: str = ""
    signer_title: str = ""
    signer: str = ""

    @classmethod
    def from_settings(cls) -> Sender:
        return cls(
            parent_agency=settings.PARENT_AGENCY.get().strip(),
            agency=settings.AGENCY.get().strip(),
            place=settings.PLACE.get().strip(),
            signer_title=settings.SIGNER_TITLE.get().strip(),
            signer=settings.SIGNER.get().strip(),
        )


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Letterhead:
    """Header block: agency left, national title and motto right; number left, place-date right."""

    parent_agency: str  # "" when there is none
    agency: str  # BLANK when not given
    number: str  # "Số: ……/BC-……"
    nation: str
    motto: str
    place_date: str  # "Hà Nội, ngày 15 tháng 01 năm 2024"


@dataclass(frozen=True)
class Title:
    kind: str  # "BÁO CÁO"
    subject: str  # "Kết quả thực hiện chỉ tiêu năm 2023"
    full: str  # the title in one line, for a reading copy and the file's metadata
    prepared: str  # "Ngày lập: 15/01/2024"
    area: str  # "Địa bàn: Toàn tỉnh"


@dataclass(frozen=True)
class Heading:
    level: int  # 1: "I. …" sections, 2: "1. …" fields
    text: str
    new_page: bool = False


@dataclass(frozen=True)
class Para:
    """A paragraph: "item" (a sentence of the report), "plain", "small" (assumptions, labels) or
    "source" (a section's "Nguồn:" line, drawn like "small")."""

    text: str
    kind: str = "item"
    refs: tuple[int, ...] = ()  # numbered notes
    label: str = ""  # what the figures are when not all reported: "(Dữ liệu giả lập)"


@dataclass(frozen=True)
class Chart:
    stem: str
    chart: alt.TopLevelMixin


@dataclass(frozen=True)
class Row:
    """A row of the table of figures; a field's title row has `group` set and one cell."""

    cells: tuple[str, ...]
    derived: tuple[bool, ...] = ()  # per cell: a derived figure (shown in italics)
    group: bool = False


@dataclass(frozen=True)
class Table:
    headings: tuple[str, ...]
    rows: tuple[Row, ...]
    legend: str  # what the italics mean; "" when nothing is derived


@dataclass(frozen=True)
class Notes:
    heading: str
    texts: tuple[str, ...]  # note n is texts[n - 1]


@dataclass(frozen=True)
class SignOff:
    recipients_heading: str  # "Nơi nhận:"
    recipients: tuple[str, ...]
    signer_title: str
    signer: str


Block = Letterhead | Title | Heading | Para | Chart | Table | Notes | SignOff


@dataclass(frozen=True)
class Document:
    lang: str
    title: str
    author: str
    blocks: tuple[Block, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------- figures as text

PERCENT_MEASURES = ("pct_of_target", "change_pct")  # figures in %, whatever the indicator's unit


def value_text(row, lang: str) -> str:
    """A figure of the table as people read it: "25.953 người", "117%", "+4%", "trên 3 điểm %"."""
    if row.measure == "pct_of_target":
        return fmt.bound_prefix(row.bound, lang) + fmt.percent(row.value, lang)
    if row.measure == "change_pct":
        return fmt.signed_percent(row.value, lang)
    # A calculated figure at the precision its range allows; an exact sum as it is.
    provenance = getattr(row, "provenance", None)
    return summary.figure_text(
        row.value, row.unit, lang, row.bound, provenance, row.value_low, row.value_high
    )


def derived_note(row, lang: str) -> str:
    """What a derived figure is and the range the source's rounding allows."""
    low, high = row.value_low, row.value_high
    if row.measure in PERCENT_MEASURES or (is_missing(low) and is_missing(high)):
        return t("briefing.derived_note_plain", lang, formula=row.formula)
    if is_missing(low):
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


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def report_day(now: dt.datetime | None = None) -> dt.date:
    """The day a report is made, on the department's clock (`fmt.VIETNAM`), as every time the app
    shows: at 01:49 on 2 December in Vietnam the server's UTC day is still 1 December, and a report
    dated the 1st would predate the version it prints, published on the 2nd."""
    return (now or _utc_now()).astimezone(fmt.VIETNAM).date()


def date_text(day: dt.date, lang: str) -> str:
    """15/01/2024 (vi) or January 15, 2024 (en)."""
    lang = norm_lang(lang)
    return format_date(
        day, format="dd/MM/yyyy" if lang == "vi" else "long", locale="vi_VN" if lang == "vi" else "en_US"
    )


def place_date(place: str, day: dt.date, lang: str) -> str:
    """The date line of Decree 30: "Hà Nội, ngày 05 tháng 02 năm 2024"; days below 10 and
    months below 3 take a leading zero ("tháng 01", "tháng 3"). English: "Hà Nội, 5 February 2024"."""
    place = place or BLANK
    if norm_lang(lang) == "en":
        return f"{place}, {format_date(day, format='d MMMM yyyy', locale='en_US')}"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return t("briefing.doc_place_date", lang, place=place, day=f"{day.day:02d}", month=month, year=day.year)


class _Notes:
    """Numbered notes, each text once, numbered in the order the report first cites them."""

    def __init__(self) -> None:
        self.texts: list[str] = []

    def ref(self, text: str) -> int:
        if text not in self.texts:
            self.texts.append(text)
        return self.texts.index(text) + 1


def _provenance_label(s: briefing.Sentence, lang: str) -> str:
    """Reported sentences need no label; anything else says what it is."""
    if s.reported_only:
        return ""
    return "(" + ", ".join(t(f"provenance.{p}", lang) for p in s.provenances) + ")"


RESULT_MEASURES = ("actual", "pct_of_target", "change_pct")  # what a result sentence states


def _result_sources(b: briefing.Briefing, field_id: str) -> list[str]:
    """The sources of the figures a field's results state: that year's actuals, % of plan and
    changes only (the briefing's figures also hold the years around it, e.g. next year's user
    figures, whose sources belong under their own year)."""
    f = b.figures_for(field_id)
    rows = f[(f["year"] == b.year) & (f["measure"].isin(RESULT_MEASURES))]
    return list(dict.fromkeys(x for x in rows["source"] if isinstance(x, str)))


def _target_sources(b: briefing.Briefing, s: briefing.Sentence) -> list[str]:
    f = b.figures
    rows = f[
        (f["indicator_id"].isin(s.indicator_ids)) & (f["year"] == b.year + 1) & (f["measure"] == "target")
    ]
    return [x for x in rows["source"] if isinstance(x, str)]


# ---------------------------------------------------------------- the table

COLUMNS = ("target", "actual", "pct_of_target", "change_pct")  # the table's figure columns


def _cell_text(row, lang: str) -> str:
    """A figure without its unit (the unit has its own column); money keeps its "tỷ"."""
    if row.measure in PERCENT_MEASURES:
        return value_text(row, lang)
    # "khoảng 8.000": no more digits than the range allows; an exact sum of months as it is.
    return summary.figure_text(
        row.value,
        row.unit,
        lang,
        row.bound,
        row.provenance,
        row.value_low,
        row.value_high,
        with_unit=units.money(row.unit),
    )


def _companions_follow(f):
    """The money that completes a sentence ("với trên 6,96 tỷ đồng") right under its partner."""
    ids = list(dict.fromkeys(f["indicator_id"]))
    for partner, companion in briefing.COMPANIONS.items():
        if partner in ids and companion in ids:
            ids.remove(companion)
            ids.insert(ids.index(partner) + 1, companion)
    rank = {ind: i for i, ind in enumerate(ids)}
    return f.sort_values("indicator_id", key=lambda s: s.map(rank), kind="stable")


def _table(b: briefing.Briefing, notes: _Notes) -> Table:
    lang = b.lang
    headings = (
        t("briefing.col_indicator", lang),
        t("briefing.col_year", lang),
        t("briefing.doc_col_unit", lang),
        t("measure.target", lang),
        t("measure.actual", lang),
        t("measure.pct_of_target", lang),
        t("briefing.doc_col_change", lang),
        t("briefing.col_note", lang),
    )
    several_areas = b.figures["area"].nunique() > 1
    # One source: a "Nguồn:" line under the table says it; several: each row cites its own.
    cite_sources = len(b.sources()) > 1
    rows: list[Row] = []
    any_derived = False
    for field_id in b.fields():
        rows.append(Row(cells=(i18n.label("field", field_id, lang),), group=True))
        f = _companions_follow(b.figures_for(field_id))
        # One row per indicator, area and year, in the field's report order.
        for (_ind, area, year), g in f.groupby(["indicator_id", "area", "year"], sort=False):
            by_measure = {r.measure: r for r in g.itertuples(index=False)}
            first = next(iter(by_measure.values()))
            name = i18n.name(first, lang)
            if several_areas:
                name = f"{name} ({briefing.area_label(area, lang)})"
            values, derived, refs, marks = [], [], [], []
            for r in g.itertuples(index=False):
                if cite_sources and isinstance(r.source, str):
                    refs.append(notes.ref(r.source))
            for column, measure in enumerate(COLUMNS, start=3):
                r = by_measure.get(measure)
                values.append("" if r is None else _cell_text(r, lang))
                is_derived = r is not None and r.provenance == "derived"
                derived.append(is_derived)
                if r is not None and r.provenance != "reported":
                    mark = f"{headings[column]}: {t(f'provenance.{r.provenance}', lang)}"
                    if is_derived:
                        mark += f" [{notes.ref(derived_note(r, lang))}]"
                    marks.append(mark)
            any_derived = any_derived or any(derived)
            unit = fmt.unit_label(first.unit, lang)
            note = "\n".join(["".join(f"[{n}]" for n in dict.fromkeys(refs))] + marks).strip("\n")
            rows.append(
                Row(
                    cells=(name, str(int(year)), unit, *values, note),
                    derived=(False, False, False, *derived, False),
                )
            )
    legend = t("briefing.doc_table_legend", lang) if any_derived else ""
    return Table(headings=headings, rows=tuple(rows), legend=legend)


# ---------------------------------------------------------------- the document


def build(
    b: briefing.Briefing,
    today: dt.date | None = None,
    sender: Sender | None = None,
    with_charts: bool = False,
) -> Document:
    """The report of briefing `b`, dated `today`, from `sender` (settings when None).

    `with_charts` adds the field's charts after its results (the PDF draws them).
    """
    lang = b.lang
    today = today or report_day()
    sender = sender or Sender.from_settings()
    notes = _Notes()
    section = iter(ROMAN)
    blocks: list[Block] = [
        *_front(b, sender, today),
        *_results(b, next(section), notes, with_charts),
        *_targets(b, next(section)),
        *_figures(b, next(section), notes, with_charts),
        _signoff(sender, lang),
        *_appendix(b),
    ]
    return Document(
        lang=lang,
        title=t("briefing.pdf_title", lang, year=b.year),
        author=sender.agency,
        blocks=tuple(blocks),
    )


def _front(b: briefing.Briefing, sender: Sender, today: dt.date) -> list[Block]:
    """The header block and the title."""
    lang = b.lang
    area = t("briefing.pdf_area_all", lang) if b.area is None else briefing.area_label(b.area, lang)
    return [
        Letterhead(
            parent_agency=sender.parent_agency,
            agency=sender.agency or BLANK,
            number=t("briefing.doc_number", lang, blank="……"),
            nation=t("briefing.doc_nation", lang),
            motto=t("briefing.doc_motto", lang),
            place_date=place_date(sender.place, today, lang),
        ),
        Title(
            kind=t("briefing.doc_kind", lang),
            subject=t("briefing.doc_subject", lang, year=b.year),
            full=t("briefing.pdf_title", lang, year=b.year),
            prepared=t("briefing.pdf_date", lang, date=date_text(today, lang)),
            area=t("briefing.pdf_area", lang, area=area),
        ),
        # which approved figures this report shows (issue 13)
        *([Para(b.data_version, kind="small")] if b.data_version else []),
    ]


def _field_heading(number: int, field_id: str, lang: str) -> Heading:
    return Heading(2, f"{number}. {i18n.label('field', field_id, lang)}")


def _field_part(number: int, field_id: str, lang: str, paras: list[Para], empty: str, sources) -> list[Block]:
    """One field of section I or II: its heading, its paragraphs (`empty` when it has none) and
    one "Nguồn:" line naming the sources of the figures they state."""
    blocks: list[Block] = [_field_heading(number, field_id, lang), *(paras or [Para(empty, kind="plain")])]
    if paras and sources:
        blocks.append(Para(t("briefing.sources_line", lang, sources="; ".join(sources)), kind="source"))
    return blocks


def _results(b: briefing.Briefing, roman: str, notes: _Notes, with_charts: bool) -> list[Block]:
    """I. The year's results, field by field, each closed by its "Nguồn:" line (and charts)."""
    lang = b.lang
    blocks: list[Block] = [Heading(1, f"{roman}. {t('briefing.doc_results_heading', lang, year=b.year)}")]
    empty = t("briefing.no_results", lang, year=b.year)
    for number, field_id in enumerate(b.fields(), start=1):
        paras = []
        for s in b.results_for(field_id):
            refs = tuple(notes.ref(t("briefing.derived_note_plain", lang, formula=f)) for f in s.formulas)
            paras.append(Para(s.text, refs=refs, label=_provenance_label(s, lang)))
        blocks += _field_part(number, field_id, lang, paras, empty, _result_sources(b, field_id))
        if with_charts:
            blocks += [Chart(stem, chart) for stem, chart in briefing.charts(b, field_id)]
    return blocks


def _targets(b: briefing.Briefing, roman: str) -> list[Block]:
    """II. Next year's targets, field by field, with the sources they were set in."""
    lang = b.lang
    blocks: list[Block] = [Heading(1, f"{roman}. {t('briefing.targets_heading', lang, year=b.year + 1)}")]
    empty = t("briefing.no_targets", lang, year=b.year + 1)
    for number, field_id in enumerate(b.fields(), start=1):
        targets = b.targets_for(field_id)
        paras = [Para(s.text, label=_provenance_label(s, lang)) for s in targets]
        sources = list(dict.fromkeys(src for s in targets for src in _target_sources(b, s)))
        blocks += _field_part(number, field_id, lang, paras, empty, sources)
    return blocks


def _figures(b: briefing.Briefing, roman: str, notes: _Notes, with_charts: bool) -> list[Block]:
    """III. The table of figures, its legend, its one source and every numbered note."""
    lang = b.lang
    blocks: list[Block] = [
        # No forced break: a page break after a short section II left a page nearly empty
        # (review 15); the renderers keep a heading with what follows it instead.
        Heading(1, f"{roman}. {t('briefing.pdf_table_heading', lang)}")
    ]
    table = _table(b, notes)
    blocks.append(table)
    if table.legend:
        blocks.append(Para(table.legend, kind="small"))
    if len(b.sources()) == 1:
        blocks.append(Para(t("briefing.sources_line", lang, sources=b.sources()[0]), kind="source"))
    blocks.append(Notes(t("briefing.pdf_notes_heading", lang), tuple(notes.texts)))
    return blocks


def _signoff(sender: Sender, lang: str) -> SignOff:
    return SignOff(
        recipients_heading=t("briefing.doc_recipients", lang),
        recipients=(f"- {BLANK};", t("briefing.doc_archive", lang)),
        signer_title=sender.signer_title or BLANK,
        signer=sender.signer or BLANK,
    )


def _appendix(b: briefing.Briefing) -> list[Block]:
    """The simulated chances, on a page of their own, labelled as a simulation; none: nothing."""
    if not b.chances:
        return []
    lang = b.lang
    blocks: list[Block] = [Heading(1, t("briefing.appendix_heading", lang), new_page=True)]
    for number, field_id in enumerate([f for f in b.fields() if b.chances_for(f)], start=1):
        blocks.append(_field_heading(number, field_id, lang))
        for c in b.chances_for(field_id):
            blocks.append(Para(c.text))
            blocks.append(Para(c.assumptions, kind="small"))
    blocks.append(Para(briefing.simulation_label(lang), kind="small"))
    return blocks
