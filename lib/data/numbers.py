"""Reading a written figure: Vietnamese style (25.953; 169,7) or plain/English (25953; 25,953; 169.7).

Never guesses silently. Each cell's possible readings in plain/English style and Vietnamese
style are listed, then the unit rules some out: a count (`units.COUNTS`, for the measures in
`contract.COUNT_MEASURES`) has no fractional part, so `25,953` people is 25953 whatever the
style (a note says so). The style is decided per file from the cells only one style can read;
both kinds of evidence in one file, or a cell the evidence cannot settle, is refused with the
cells named. Three digits after the decimal mark (`22,200` in a file whose `22,5` shows a
decimal comma) are read as decimals only if the file also groups thousands with the other
mark; otherwise they could be an English thousands separator and are refused. An Excel number
cell is exact as stored.

Sets each `FigureRow.value` to its canonical text ("25953", "-169.7") or adds the problem; never
raises, never judges anything but the figure. A message writes a number the way the reader of
the UI reads it: both readings of an undecidable `1.234` in the UI's number style and in words
(`spoken`: "1.234 (một nghìn hai trăm ba mươi tư) hoặc 1,234 (một phẩy hai ba bốn)"), and the
example of a number in the file's style, or the UI's when nothing in the file shows one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lib import fmt
from lib.data.contract import COUNT_MEASURES, FileResult, InLanguages, Problem
from lib.data.tables import Cell, cell_text
from lib.units import COUNTS

NUMBER_RE = re.compile(r"^-?\d+(\.\d+)?$", re.ASCII)

# Grouped thousands never start with a 0 group: "0,875" and "0.875" are decimals in any style.
VI_NUMBER_RE = re.compile(r"^([1-9]\d{0,2}(\.\d{3})+(,\d+)?|\d+(,\d+)?)$", re.ASCII)
EN_NUMBER_RE = re.compile(r"^([1-9]\d{0,2}(,\d{3})+(\.\d+)?|\d+(\.\d+)?)$", re.ASCII)

THOUSANDS_MARK = {"plain": ",", "vi": "."}
EXAMPLE = {"plain": "25953 | 169.7", "vi": "25.953 | 169,7"}
# How to write a number when the file does not show a style: the UI's own.
UI_EXAMPLE = InLanguages(EXAMPLE["vi"], EXAMPLE["plain"])
WHOLE_EXAMPLE = InLanguages("25.953", "25,953")  # a count: whole, grouped in either style

_DIGITS = {
    "vi": ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín"),
    "en": ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"),
}
_SCALES = {
    "vi": ("", "nghìn", "triệu", "tỷ", "nghìn tỷ", "triệu tỷ"),
    "en": ("", "thousand", "million", "billion", "trillion", "quadrillion"),
}
_TEENS = ("ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
          "nineteen")  # fmt: skip
_TENS = ("", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")


def _vi_hundreds(n: int, inner: bool) -> list[str]:
    """0-999 in Vietnamese words; `inner`: a group after a larger one ("không trăm linh năm")."""
    d = _DIGITS["vi"]
    hundreds, tens, ones = n // 100, n // 10 % 10, n % 10
    words = [d[hundreds], "trăm"] if hundreds or inner else []
    if tens == 0:
        words += (["linh"] if words else []) + [d[ones]] if ones else []
    elif tens == 1:
        words += ["mười"] + (["lăm" if ones == 5 else d[ones]] if ones else [])
    else:
        last = {0: [], 1: ["mốt"], 4: ["tư"], 5: ["lăm"]}.get(ones, [d[ones]])
        words += [d[tens], "mươi", *last]
    return words


def _en_hundreds(n: int, inner: bool) -> list[str]:
    """0-999 in English words ("two hundred and thirty-four")."""
    hundreds, rest = divmod(n, 100)
    words = [_DIGITS["en"][hundreds], "hundred"] if hundreds else []
    if rest:
        words += ["and"] if words or inner else []
        if rest < 10:
            words.append(_DIGITS["en"][rest])
        elif rest < 20:
            words.append(_TEENS[rest - 10])
        else:
            words.append(_TENS[rest // 10] + (f"-{_DIGITS['en'][rest % 10]}" if rest % 10 else ""))
    return words


def spoken(canonical: str, lang: str) -> str:
    """A canonical figure ("1234", "-1.234") in words: "một nghìn hai trăm ba mươi tư", "âm một phẩy
    hai ba bốn" (vi); "one thousand two hundred and thirty-four", "minus one point two three four"."""
    lang = "en" if lang == "en" else "vi"
    whole, _, decimals = canonical.lstrip("-").partition(".")
    groups = []
    n = int(whole or "0")
    while n:
        n, group = divmod(n, 1000)
        groups.append(group)
    hundreds = _vi_hundreds if lang == "vi" else _en_hundreds
    words: list[str] = []
    for i in reversed(range(len(groups))):
        if groups[i]:
            words += hundreds(groups[i], bool(words)) + ([_SCALES[lang][i]] if i else [])
    words = words or [_DIGITS[lang][0]]
    if decimals:
        words += ["phẩy" if lang == "vi" else "point", *(_DIGITS[lang][int(c)] for c in decimals)]
    if canonical.startswith("-"):
        words.insert(0, "âm" if lang == "vi" else "minus")
    return " ".join(words)


def _in_ui_style(canonical: str) -> InLanguages:
    """A canonical figure written as each language's UI writes numbers: "1234" is 1.234 / 1,234."""
    decimals = len(canonical.partition(".")[2])
    return InLanguages(*(fmt.number(float(canonical), lang, decimals) for lang in ("vi", "en")))


def _readings_words(sign: str, canonical: str) -> tuple[InLanguages, InLanguages]:
    """A reading in the UI's number style, and in words."""
    value = sign + canonical
    return _in_ui_style(value), InLanguages(spoken(value, "vi"), spoken(value, "en"))


@dataclass
class FigureRow:
    """One figure as read, before checks: where it came from and its cells as text."""

    line: str
    values: dict[str, str]
    value_cell: Cell
    value_column: str
    year: str = ""  # the year the figure's column header gives ("Thực hiện 2023")
    raw: dict[str, Cell] = field(default_factory=dict)  # period, year and month cells as read
    indicator: str = ""  # the catalogue id the row names, or the text if none
    value: str = ""  # canonical number once read


def _split_sign(text: str, measure: str) -> tuple[str, str]:
    """(sign, digits and marks) of a written number: spaces, NBSP, U+2212 and a % dropped."""
    text = text.strip().replace("\u2212", "-")
    for space in ("\u00a0", "\u202f", "\u2009", " "):
        text = text.replace(space, "")
    if measure in ("pct_of_target", "change_pct") and text.endswith("%"):
        text = text[:-1]
    if text[:1] in ("-", "+"):
        return ("-" if text[0] == "-" else ""), text[1:]
    return "", text


def readings(body: str) -> dict[str, str]:
    """What each style reads an unsigned number as, in plain canonical text ("25953", "169.7").

    Plain style takes `.` as the decimal mark and `,` as an optional thousands separator
    (an English-locale Excel writes "25,953"); Vietnamese style the other way round.
    """
    out = {}
    if EN_NUMBER_RE.match(body):
        out["plain"] = body.replace(",", "")
    if VI_NUMBER_RE.match(body):
        out["vi"] = body.replace(".", "").replace(",", ".")
    return out


@dataclass
class _Reading:
    """One written figure and the readings the unit leaves it."""

    row: FigureRow
    sign: str
    body: str
    options: dict[str, str]  # style -> canonical text
    kind: str  # "neutral", "plain", "vi" (only that style reads it), "ambiguous", "bad", "fraction"
    counted: bool = False  # the unit settled it: a count has no fractional part


def _count_options(options: dict[str, str]) -> tuple[dict[str, str], bool]:
    """Readings of a count: whole ones only ("25.000" is 25000, never 25); "12.0" is 12."""
    whole = {s: v for s, v in options.items() if "." not in v}
    if whole:
        return whole, len(whole) < len(options)
    return {s: v.partition(".")[0] for s, v in options.items() if set(v.partition(".")[2]) == {"0"}}, False


def _reading(row: FigureRow, units: dict[str, str], forced: str | None) -> _Reading:
    measure = row.values.get("measure", "")
    sign, body = _split_sign(cell_text(row.value_cell), measure)
    if forced == "plain":  # the contract's canonical form: digits and "." only
        options = {"plain": body} if NUMBER_RE.match(body) else {}
    else:
        options = readings(body)
        options = {forced: options[forced]} if forced and forced in options else {} if forced else options
    counted = False
    if units.get(row.indicator) in COUNTS and measure in COUNT_MEASURES and options:
        options, counted = _count_options(options)
        if not options:
            return _Reading(row, sign, body, {}, "fraction")
    if not options:
        kind = "bad"
    elif len(set(options.values())) == 1 and (counted or len(options) == 2 or forced):
        kind = "neutral"
    else:
        kind = next(iter(options)) if len(options) == 1 else "ambiguous"
    return _Reading(row, sign, body, options, kind, counted)


def _trimmed(canonical: str) -> str:
    """A decimal reading without trailing zeros: "22.200" -> "22.2"; "22000" stays."""
    return canonical.rstrip("0").rstrip(".") if "." in canonical else canonical


def _mark(body: str) -> str:
    return "," if "," in body else "."


def _style_problem(rds: list[_Reading], file: str) -> tuple[str | None, list[Problem]]:
    """The file's style from the cells only one style reads; problems where the cells disagree."""
    first = {s: next((r for r in rds if r.kind == s), None) for s in ("plain", "vi")}
    if first["plain"] and first["vi"]:
        vi, plain = first["vi"], first["plain"]
        params = (("first", plain.row.line), ("other", cell_text(plain.row.value_cell)))
        return None, [
            Problem(
                file,
                vi.row.line,
                vi.row.value_column,
                "number_style_mixed",
                cell_text(vi.row.value_cell),
                params=params,
            )
        ]
    style = "vi" if first["vi"] else "plain" if first["plain"] else None
    ambiguous = [r for r in rds if r.kind == "ambiguous"]
    if style is None:
        if not ambiguous:
            return "plain", []
        r = ambiguous[0]
        # One reading groups thousands ("1234"), the other is a decimal ("1.234").
        whole, decimal = sorted(r.options.values(), key=lambda v: "." in v)
        (whole_shown, whole_words), (decimal_shown, decimal_words) = (
            _readings_words(r.sign, whole),
            _readings_words(r.sign, decimal),
        )
        params = (
            ("whole", whole_shown),
            ("whole_words", whole_words),
            ("decimal", decimal_shown),
            ("decimal_words", decimal_words),
            ("digits", r.sign + whole),
        )
        text = cell_text(r.row.value_cell)
        return None, [
            Problem(file, r.row.line, r.row.value_column, "number_style_undecidable", text, params=params)
        ]
    grouped = any(r.kind == style and THOUSANDS_MARK[style] in r.body for r in rds)
    problems = []
    for r in ambiguous:
        if _mark(r.body) == THOUSANDS_MARK[style] or grouped:
            continue
        other = THOUSANDS_MARK[style]
        evidence = first[style]
        digits = r.body.replace(_mark(r.body), "")
        (thousands_shown, thousands_words), (decimal_shown, decimal_words) = (
            _readings_words(r.sign, digits),
            _readings_words(r.sign, _trimmed(r.options[style])),
        )
        params = (
            ("thousands", digits),
            ("thousands_shown", thousands_shown),
            ("thousands_words", thousands_words),
            ("decimal", decimal_shown),
            ("decimal_words", decimal_words),
            ("written_mark", f"'{_mark(r.body)}'"),
            ("first", evidence.row.line),
            ("other", cell_text(evidence.row.value_cell)),
            ("mark", f"'{other}'"),
        )
        text = cell_text(r.row.value_cell)
        problems.append(
            Problem(file, r.row.line, r.row.value_column, "number_style_three_decimals", text, params=params)
        )
    return style, problems


def read_numbers(
    rows: list[FigureRow], units: dict[str, str], forced: str | None, result: FileResult, cut: bool = False
) -> None:
    """Set each row's canonical value, or add the problem with its cell; notes on what was decided."""
    file = result.file
    rds = [
        _reading(r, units, forced) for r in rows if isinstance(r.value_cell, str) and cell_text(r.value_cell)
    ]
    style, problems = (forced, []) if forced else _style_problem(rds, file)
    shown_style = forced or any(rd.kind in ("plain", "vi") for rd in rds)  # the file shows its style
    if cut:
        problems = []  # a line cut wrongly hides its numbers: fix that first, then judge the style
    result.problems.extend(problems)
    refused = {(p.line, p.column) for p in problems}
    for rd in rds:
        r = rd.row
        text = cell_text(r.value_cell)
        if rd.kind == "bad":
            expected = EXAMPLE[style] if style and shown_style else UI_EXAMPLE
            result.problems.append(Problem(file, r.line, r.value_column, "not_number", text, expected))
        elif rd.kind == "fraction":
            whole = Problem(file, r.line, r.value_column, "count_fraction", text, WHOLE_EXAMPLE)
            result.problems.append(whole)
        elif (r.line, r.value_column) not in refused and style:
            chosen = rd.options.get(style) or (
                next(iter(rd.options.values())) if rd.kind == "neutral" else None
            )
            if chosen is not None:
                r.value = rd.sign + chosen
    for r in rows:
        if not isinstance(r.value_cell, str):
            _excel_number(r, units, result)
    _number_notes(rds, style if not forced else None, result)


def _excel_number(r: FigureRow, units: dict[str, str], result: FileResult) -> None:
    """An Excel number cell: exact as stored; not finite or a fractional count is refused."""
    text = cell_text(r.value_cell)
    if not NUMBER_RE.match(text):
        result.problems.append(Problem(result.file, r.line, r.value_column, "not_number", text, UI_EXAMPLE))
    elif "." in text and units.get(r.indicator) in COUNTS and r.values.get("measure") in COUNT_MEASURES:
        whole = Problem(result.file, r.line, r.value_column, "count_fraction", text, WHOLE_EXAMPLE)
        result.problems.append(whole)
    else:
        r.value = text


def _number_notes(rds: list[_Reading], style: str | None, result: FileResult) -> None:
    counted = [rd for rd in rds if rd.counted]
    if counted:
        r = counted[0]
        params = (
            ("text", cell_text(r.row.value_cell)),
            ("value", _in_ui_style(r.sign + next(iter(r.options.values())))),
            ("n", len(counted)),
        )
        result.notes.append(
            Problem(result.file, r.row.line, r.row.value_column, "count_whole", params=params)
        )
    if style == "vi":
        result.notes.append(Problem(result.file, "", "", "style_vi"))
    elif style == "plain" and any("," in rd.body and rd.kind in ("plain", "ambiguous") for rd in rds):
        result.notes.append(Problem(result.file, "", "", "style_en"))
