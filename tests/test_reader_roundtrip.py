"""Property: a figure written in any accepted style and layout, as CSV or XLSX, is read back exactly or
the file is refused; never a different number.

Each example writes a few figures (counts, money, points) in one number style (plain, English with
thousands commas, Vietnamese with or without thousands dots), in the long or the planners' wide
layout, as text or as Excel cells, then compares what the reader loaded with what was written.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import openpyxl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lib import units
from lib.data import validate

UNITS = {
    "jobs_created": "people",
    "merit_gifts": "gifts",
    "merit_gifts_value": "vnd",
    "poverty_rate_fall": "points",
}
COUNTS = {i for i, u in UNITS.items() if u in units.COUNTS}
STYLES = ("plain", "en", "vi", "vi_nogroup")
WIDE = {"target": "Kế hoạch", "actual": "Thực hiện", "pct_of_target": "Tỷ lệ"}


def written(value: Decimal, decimals: int, style: str) -> str:
    """`value` as a planner's spreadsheet writes it in `style`, with exactly `decimals` decimals."""
    sign = "-" if value < 0 else ""
    whole, _, frac = f"{abs(value):.{decimals}f}".partition(".")
    grouped = f"{int(whole):,}"
    text = {
        "plain": whole + (f".{frac}" if frac else ""),
        "en": grouped + (f".{frac}" if frac else ""),
        "vi": grouped.replace(",", ".") + (f",{frac}" if frac else ""),
        "vi_nogroup": whole + (f",{frac}" if frac else ""),
    }[style]
    return sign + text


@st.composite
def figures(draw) -> list[tuple[str, str, str, Decimal, int]]:
    """(indicator, year, measure, value, decimals written) with distinct keys."""
    keys = draw(
        st.lists(
            st.tuples(st.sampled_from(sorted(UNITS)), st.sampled_from(["2022", "2023", "2024"])),
            min_size=1,
            max_size=4,
            unique=True,
        )
    )
    out = []
    for indicator, year in keys:
        for measure in draw(st.lists(st.sampled_from(list(WIDE)), min_size=1, max_size=3, unique=True)):
            count = indicator in COUNTS and measure != "pct_of_target"
            decimals = 0 if count else draw(st.integers(0, 3))
            units = draw(st.integers(0, 10**12 if indicator == "merit_gifts_value" else 10**6))
            value = Decimal(units).scaleb(-decimals)
            if indicator == "poverty_rate_fall" and draw(st.booleans()):
                value = -value
            out.append((indicator, year, measure, value, decimals))
    return out


def table_rows(figs, style: str, wide: bool | str, excel_numbers: bool) -> list[list]:
    def cell(value: Decimal, decimals: int):
        return float(value) if excel_numbers else written(value, decimals, style)

    if wide == "two_row":  # a merged "Năm 2023" over Kế hoạch | Thực hiện | Tỷ lệ, per year
        years = sorted({y for _, y, *_ in figs})
        top = ["STT", "Chỉ tiêu"] + [c for y in years for c in (f"Năm {y}", "", "")]
        sub = ["", ""] + [name for _ in years for name in WIDE.values()]
        cells_by: dict[str, dict[tuple[str, str], object]] = {}
        for i, y, m, v, d in figs:
            cells_by.setdefault(i, {})[(y, m)] = cell(v, d)
        body = [
            [str(n), i, *[cells.get((y, m), "") for y in years for m in WIDE]]
            for n, (i, cells) in enumerate(cells_by.items(), start=1)
        ]
        return [top, sub, *body]
    if not wide:
        rows = [["indicator_id", "area", "period", "measure", "value"]]
        rows += [[i, "province", y, m, cell(v, d)] for i, y, m, v, d in figs]
        return rows
    rows = [["Chỉ tiêu", "Năm", *WIDE.values()]]
    by_key: dict[tuple[str, str], dict[str, object]] = {}
    for i, y, m, v, d in figs:
        by_key.setdefault((i, y), {})[m] = cell(v, d)
    for (i, y), cells in by_key.items():
        rows.append([i, y, *[cells.get(m, "") for m in WIDE]])
    return rows


def as_csv(rows: list[list], delimiter: str) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return out.getvalue().encode("utf-8")


def as_xlsx(rows: list[list]) -> bytes:
    book = openpyxl.Workbook()
    for row in [["BÁO CÁO"], *rows]:
        book.active.append([None if c == "" else c for c in row])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def check(data: bytes, file: str, figs, must_read: bool) -> None:
    result = validate.validate_bytes(data, file, UNITS)
    for problem in result.problems + result.notes:
        problem.text("vi")
    if not result.ok:
        assert not must_read, [p.text() for p in result.problems]
        assert result.problems
        return
    frame = result.frame
    got = sorted(zip(frame["indicator_id"], frame["period"], frame["measure"], frame["value"], strict=True))
    assert got == sorted((i, y, m, float(v)) for i, y, m, v, _ in figs), [p.text() for p in result.notes]


LAYOUTS = st.sampled_from([False, True, "two_row"])  # long, wide, wide under a two-row header
SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(figures(), st.sampled_from(STYLES), LAYOUTS, st.sampled_from([",", ";", "\t"]))
def test_csv_figures_read_back_exactly_or_refused(figs, style, wide, delimiter):
    plain_ints = style == "plain" and all(d == 0 for *_, d in figs)
    check(as_csv(table_rows(figs, style, wide, False), delimiter), "f.csv", figs, plain_ints)


@SETTINGS
@given(figures(), st.sampled_from(STYLES), LAYOUTS, st.booleans())
def test_xlsx_figures_read_back_exactly_or_refused(figs, style, wide, excel_numbers):
    # Excel number cells carry no style at all: they must always be read.
    check(as_xlsx(table_rows(figs, style, wide, excel_numbers)), "f.xlsx", figs, excel_numbers)


@SETTINGS
@given(figures(), st.sampled_from(STYLES), LAYOUTS)
def test_the_same_figures_read_the_same_from_csv_and_xlsx(figs, style, layout):
    rows = table_rows(figs, style, layout, False)
    from_csv = validate.validate_bytes(as_csv(rows, ";"), "f.csv", UNITS)
    from_xlsx = validate.validate_bytes(as_xlsx(rows), "f.xlsx", UNITS)
    assert from_csv.ok == from_xlsx.ok
    if from_csv.ok:
        assert from_csv.frame["value"].tolist() == from_xlsx.frame["value"].tolist()
