"""Text from people is text: a Markdown image, a link, HTML, a colour directive, math and a
spreadsheet formula in every field a file or a person fills (indicator names, an area, sources,
notes, a scenario's name, an uploaded file's name) show as their characters on every page, and
no download holds a live formula while figures stay numbers."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from fixtures import GOOD, boundary_messages, open_page, protos
from openpyxl import load_workbook

from lib import literal
from lib.data import queries, store
from lib.report import briefing, charts, export, report
from lib.state import datasets

FORMULA = '=HYPERLINK("https://evil.example","x")'
NASTY = (
    "![x](https://evil.example/x.png) [click](https://evil.example) "
    f"<img src=x onerror=alert(1)> :red[boom] $x$ www.evil.example x@evil.example {FORMULA}"
)
SHORT = "![x](https://evil.example/x.png) <img src=x> :red[b] $x$ [a](https://e.x)"  # fits 80 chars
# A file name has no "/" (the browser sends the base name).
FILE_NAME = "![x](x.png) <img src=x onerror=alert(1)> :red[b] $x$ [a](javascript:alert(1)).csv"
PAGES = ["pages/overview.py", "pages/explore.py", "pages/simulate.py", "pages/data.py", "pages/briefing.py"]
# Proto fields Streamlit renders as Markdown (labels, tooltips, bodies, option labels).
MARKDOWN_FIELDS = {"body", "label", "help", "delta", "content"}
PLAIN_PROTOS = {"Text", "Code"}  # st.text and st.code show their text as it is


def rewrite(path: Path, change) -> None:
    rows = list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))
    header = list(rows[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, header, lineterminator="\n")
    writer.writeheader()
    writer.writerows(change(rows))
    path.write_text(out.getvalue(), encoding="utf-8")


@pytest.fixture
def nasty_data(data_copy, monkeypatch) -> Path:
    """The bundled data with NASTY in the jobs indicator's names, sources and notes, and an area
    of that name holding a copy of the province's jobs figures."""

    def names(rows):
        for r in rows:
            if r["indicator_id"] == "jobs_created":
                r["name_vi"], r["name_en"] = f"Việc làm {NASTY}", f"Jobs {NASTY}"
        return rows

    def figures(rows):
        extra = []
        for r in rows:
            if r["indicator_id"] == "jobs_created":
                r["source"] = r["note"] = NASTY
                if r["area"] == "province":
                    extra.append({**r, "area": NASTY})
        return rows + extra

    rewrite(data_copy / "indicators.csv", names)
    rewrite(data_copy / "observations.csv", figures)
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    return data_copy


def markdown_strings(proto) -> list[str]:
    if type(proto).__name__ in PLAIN_PROTOS:
        return []
    found = []
    for field, value in proto.ListFields():
        for item in items(value):
            if isinstance(item, str) and field.name in MARKDOWN_FIELDS:
                found.append(item)
            elif hasattr(item, "ListFields"):
                found += markdown_strings(item)
    return found


def items(value) -> list:
    """A proto field's values: the items of a repeated field, else the value itself."""
    if isinstance(value, str | bytes) or hasattr(value, "ListFields") or not hasattr(value, "__iter__"):
        return [value]
    return list(value)


def live(source: str, token: str) -> bool:
    """Whether `token` is in Markdown `source` with its first character not backslash-escaped."""
    return any((len(m.group(1)) % 2) == 0 for m in re.finditer(r"(\\*)" + re.escape(token), source))


def plain_strings(at) -> list[str]:
    """Text shown as it is: options of select boxes, table cells, st.text."""
    found = []
    for proto in protos(at):
        for field, value in proto.ListFields():
            if field.name == "options":
                found += [v for v in items(value) if isinstance(v, str)]
        if type(proto).__name__ in PLAIN_PROTOS:
            found.append(str(getattr(proto, "body", "") or getattr(proto, "code_text", "")))
    for df in at.dataframe:
        found += [str(v) for v in df.value.astype(str).to_numpy().ravel()]
        found += [str(c) for c in df.value.columns]
    return found


def assert_literal(at, text: str | None = NASTY) -> None:
    """No Markdown place holds live syntax, and `text` (when given) is on the page as its
    characters."""
    assert not at.exception, [e.value for e in at.exception]
    assert not boundary_messages(at)
    shown = []
    for proto in protos(at):
        for source in markdown_strings(proto):
            for token in ("![", "](", "<img", ":red[", "$x$", "https://", "[click]", "[a]", "www.", "x@"):
                assert not live(source, token), (type(proto).__name__, token, source)
            shown.append(literal.plain(source))
    shown += plain_strings(at)
    assert text is None or any(text in s for s in shown), "the text is not on the page"


@pytest.mark.parametrize("page_path", PAGES)
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_every_page_shows_names_sources_and_notes_as_text(isolated_app, nasty_data, page_path, lang):
    at = open_page(page_path, {"lang": lang})
    # The simulator and the data page show no name or source of the data (no such sim area; the
    # data page lists versions, see the upload test).
    assert_literal(at, None if page_path in ("pages/simulate.py", "pages/data.py") else NASTY)


@pytest.mark.parametrize("page_path", ["pages/overview.py", "pages/explore.py", "pages/briefing.py"])
def test_an_area_named_like_code_is_text(isolated_app, nasty_data, page_path):
    at = open_page(page_path, {"area": NASTY} if page_path != "pages/explore.py" else {"area": [NASTY]})
    assert_literal(at)


def test_the_help_on_a_card_names_its_source_as_text(isolated_app, nasty_data):
    at = open_page("pages/overview.py")
    helps = [m.proto.help for m in at.markdown if m.proto.help]
    assert any(NASTY in literal.plain(h) for h in helps)
    for h in helps:
        assert not live(h, "![") and not live(h, "<img")


def test_a_scenario_name_is_text(isolated_app):
    at = open_page("pages/simulate.py", role="planner")  # a planner saves scenarios
    at.text_input(key="sim_name").input(SHORT)
    at.button(key="sim_save").click().run()
    assert_literal(at, SHORT)
    assert any(SHORT in literal.plain(s.value) for s in at.success)  # "saved as ..."
    at.multiselect(key="sim_compare").select(SHORT).run()
    assert_literal(at, SHORT)


def test_an_uploaded_file_name_is_text(isolated_app):
    at = open_page("pages/data.py", role="planner")  # a planner uploads
    at.file_uploader(key="data_upload").set_value((FILE_NAME, GOOD, "text/csv"))
    at.run()
    at.button(key="data_confirm").click().run()
    assert_literal(at, FILE_NAME)
    at.selectbox(key="data_version").set_value(datasets.BUNDLED).run()  # back, then again
    at.button(key="data_activate").click().run()
    at.selectbox(key="data_version").set_value("v0001").run()
    at.button(key="data_activate").click().run()
    assert_literal(at, FILE_NAME)
    assert any(FILE_NAME in literal.plain(s.value) for s in at.success)  # "now using ..."


# ---------------------------------------------------------------- downloads


def cells_of_csv(data: bytes) -> list[str]:
    return [c for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))) for c in row]


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def assert_csv_inert(data: bytes) -> None:
    cells = cells_of_csv(data)
    assert any(FORMULA in c for c in cells)
    for c in cells:
        assert is_number(c) or not c.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), c


def assert_xlsx_inert(data: bytes) -> list:
    """No formula cell, no text a spreadsheet would run; returns the numeric cells' values."""
    numbers, texts = [], []
    for ws in load_workbook(io.BytesIO(data)):
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if cell.data_type == "n" and cell.value is not None:
                    numbers.append(cell.value)
                if isinstance(cell.value, str):
                    texts.append(cell.value)
                    assert not cell.value.lstrip(" ").startswith(("=", "+", "-", "@", "\t", "\r")), cell.value
    assert any(FORMULA in t for t in texts)
    return numbers


@pytest.fixture
def nasty_con(nasty_data):
    return store.open_dir(nasty_data).cursor()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_explorer_downloads_hold_no_formula_and_keep_numbers(nasty_con, lang):
    rows = queries.explore_table(nasty_con)
    tables = [
        charts.table(charts.bullet_data(rows, lang), charts.BULLET_COLUMNS, lang),
        charts.table(charts.achievement_data(rows, lang), charts.ACHIEVEMENT_COLUMNS, lang),
        charts.table(
            charts.series_data(queries.explore_series(nasty_con, "jobs_created"), lang),
            charts.SERIES_COLUMNS,
            lang,
        ),
    ]
    for table, figure in zip(tables, [25953, 117, 25953], strict=True):
        assert_csv_inert(export.to_csv(table))
        assert figure in assert_xlsx_inert(export.to_xlsx(table))


@pytest.mark.parametrize("area", ["province", NASTY])
def test_overview_download_holds_no_formula_and_keeps_numbers(nasty_con, area):
    table = export.year_figures(queries.year_summary(nasty_con, 2023, area), "vi")
    assert_csv_inert(export.to_csv(table))
    numbers = assert_xlsx_inert(export.to_xlsx(table, sheet=area))
    assert 25953 in numbers and 117 in numbers


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_briefing_workbook_holds_no_formula_and_keeps_numbers(nasty_con, lang):
    data = report.xlsx_bytes(briefing.build(nasty_con, 2023, lang, "province"))
    assert 25953 in assert_xlsx_inert(data)


@pytest.mark.parametrize(
    "text", ["=1+1", "+84 912", "-", "@SUM(A1)", "\t=1", "\r=1", "\n=1", "  =1", "\uff1d1", "a\x07b"]
)
def test_every_formula_start_is_neutralised_in_xlsx(text):
    table = __import__("pandas").DataFrame({"name": [text], "value": [1.5]})
    ws = load_workbook(io.BytesIO(export.to_xlsx(table))).active
    assert ws["A2"].data_type == "s" and ws["B2"].data_type == "n"
    assert ws["A2"].value.startswith("'") or ws["A2"].value == "ab"
