"""The tests' one shared helpers module (datasette's `tests/fixtures.py`): the app's path, the
page registry, opening a page the way a browser does (as a role, in a language, with a query),
acting as a signed-in role, and reading the link notices and error-boundary messages.

pytest fixtures (state folders, stores, the PostgreSQL server) live in conftest.py and
pg_server.py; plain helpers live here, and no test module imports another test module."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

from google.protobuf.descriptor import FieldDescriptor
from streamlit.testing.v1 import AppTest

from lib import i18n, nav, settings, ui
from lib.state import access, accounts, statedb

ROOT = Path(__file__).resolve().parent.parent
APP = str(ROOT / "app.py")
PAGES = [p.path for p in nav.PAGES]  # the registry's page files, as AppTest.switch_page takes them
PASSWORD = "mật khẩu đủ dài 2026"  # every test account's password


def act_as(at: AppTest, role: str, name: str | None = None) -> str:
    """Sign `at` in as `role` with a real local account (created when missing) in the test's
    state database, by seeding a valid session token (what a sign-in leaves in the session).
    Call before `at.run()`; needs a fresh state folder (`isolated_app`). Returns the user name.
    In demo mode every visitor is already a planner of their own session: nothing to do."""
    if settings.demo_mode():
        return ""
    name = name or f"kiem-thu-{role}"
    db = statedb.connect()
    if db.get_user(name) is None:
        db.add_user(name, role, accounts.hash_password(PASSWORD))
    at.session_state[ui.SESSION_TOKEN] = accounts.new_session(db, name)
    return name


def open_page(page: str, params: dict | None = None, role: str | None = None) -> AppTest:
    """Open `page` as a link `page?params` would: one run of app.py with its navigation (a page
    opened without app.py goes through it, `ui.enter_page`), as every browser request does;
    signed in as `role` when given (else an anonymous visitor, a viewer)."""
    at = AppTest.from_file(APP, default_timeout=30)
    if role:
        act_as(at, role)
    for key, value in (params or {}).items():
        at.query_params[key] = value
    return at.switch_page(page).run()


def url_notices(at: AppTest) -> list[str]:
    """The link notices on the page (in either language)."""
    starts = tuple(i18n.t("url.ignored", lang, keys="").split("(")[0] for lang in i18n.LANGS)
    return [i.value for i in at.info if i.value.startswith(starts)]


def boundary_messages(at: AppTest) -> list[str]:
    """The error boundary's messages on the page (in either language)."""
    starts = tuple(i18n.t("error.unexpected", lang, ref="").split(":")[0] for lang in i18n.LANGS)
    return [e.value for e in at.error if e.value.startswith(starts)]


# ---------------------------------------------------------------- the words on a page
# Wording a department would not sign (tests/test_wording.py, tests/test_tracking_pages.py).
STRUCK = [
    "pct_of_target",
    "change_pct",
    "actual /",
    "/ target",
    "seed",
    "hạt giống",
    "Monte Carlo",
    "tổng hợp",
    "Trung vị",
    "Độ bất định",
    "độ bất định",
    "lần rút",
    "một bước",
    "Học từ số liệu",
    "địa bàn con",
    "ASCII",
    "Gần đạt",
    "kiểu thường",
    "Không có kế hoạch",
    "Suy ra",
    "lớn hơn hẳn",
    "Đưa số liệu của bạn vào",
    "Báo cáo lãnh đạo",
    "tái nghèo/",
    "≈",
]
# A capitalised "Khoảng 80%" reads "about 80%": the interval is "Khoảng dự báo 80%".
STRUCK_PATTERNS = [r"Khoảng 80%", r"khoảng 80%:", r"\d việc làm\b", r"tăng trưởng tối thiểu −"]
# The Simulate page's method notes (an expander) name the method on purpose.
METHOD_NOTES = ("**Chỉ tiêu số lượng (người, hộ, suất quà, kinh phí).**", "**Giảm nghèo.**")


def _strings(msg) -> list[str]:
    """Every text a user can read in an element's protobuf (labels, bodies, help, options)."""
    out = []
    for field, value in msg.ListFields():
        name = field.name
        if name.endswith("id") or "key" in name or "query" in name or name in ("spec", "data", "datasets"):
            continue
        repeated = getattr(field, "is_repeated", None)
        if repeated is None:  # older protobuf
            repeated = field.label == FieldDescriptor.LABEL_REPEATED
        values = value if repeated else [value]
        for v in values:
            if field.type == FieldDescriptor.TYPE_STRING:
                out.append(v)
            elif field.type == FieldDescriptor.TYPE_MESSAGE:
                out += _strings(v)
    return out


def _walk(node):
    yield node
    for child in getattr(node, "children", {}).values():
        yield from _walk(child)


def page_texts(at: AppTest) -> list[str]:
    """All the text of a page: element texts (not charts, not the share link's code) and every
    cell and header of every table."""
    out = []
    for root in (at.main, at.sidebar):
        for node in _walk(root):
            proto = getattr(node, "proto", None)
            if proto is None or type(node).__name__ in ("Code", "UnknownElement"):
                continue
            out += _strings(proto)
    for table in at.dataframe:
        frame = table.value
        out += [str(c) for c in frame.columns]
        out += [str(v) for v in frame.astype(str).to_numpy().ravel()]
    return out


def struck_in(texts: list[str]) -> list[tuple[str, str]]:
    found = []
    for text in texts:
        if text.startswith(METHOD_NOTES):
            continue
        found += [(w, text[:120]) for w in STRUCK if w in text]
        found += [(p, text[:120]) for p in STRUCK_PATTERNS if re.search(p, text)]
    return found


# ---------------------------------------------------------------- the simulator page
SIM_PAGE = "pages/simulate.py"


def open_sim(**params: str) -> AppTest:
    """The simulator as a planner (who may save scenarios; viewers only load and compare them)."""
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = str(value)
    act_as(at, "planner")
    at.switch_page(SIM_PAGE).run()  # the link opens the page itself
    assert not at.exception, [e.value for e in at.exception]
    return at


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def share_link(at: AppTest) -> dict[str, str]:
    (code,) = [c.value for c in at.code]
    return dict(parse_qsl(urlsplit(code).query, keep_blank_values=True))


def protos(at):
    """Every element's proto on the page, blocks (expanders, tabs) included."""

    def walk(node):
        proto = getattr(node, "proto", None)
        if proto is not None:
            yield proto
        for child in getattr(node, "children", {}).values():
            yield from walk(child)

    yield from walk(at._tree)


# ---------------------------------------------------------------- files a planner uploads
# A good upload in the department's own style (semicolons, Vietnamese headers and numbers).
GOOD = (
    "Chỉ tiêu;Năm;Kế hoạch;Thực hiện;Tỷ lệ (%)\n"
    "Lượt lao động được tạo việc làm mới;2023;22.200;25.953;117\n"
    "Tuyển sinh đào tạo giáo dục nghề nghiệp;2023;8.000;13.575;169,7\n"
    "Lượt lao động được tạo việc làm mới;2024;23.000;;\n"
    "Tổng cộng;;53.200;39.528;\n"
).encode()


# ---------------------------------------------------------------- users for lib-level calls
VIEWER = access.User("xem", "viewer", "local")
PLANNER = access.User("lan", "planner", "local")
OTHER_PLANNER = access.User("minh", "planner", "local")
APPROVER = access.User("duyet", "approver", "local")


# ---------------------------------------------------------------- a year reported up to June
JUNE_CUT = 6  # the `june_folder` fixture's synthetic 2024 has actuals up to this month


# ---------------------------------------------------------------- files that are not a workbook
# Review 3, defect 10: what a planner may upload as ".xlsx" that cannot be read, each built in code.


def xlsx_bytes(rows: list[list] | None = None) -> bytes:
    """A real workbook (openpyxl) of `rows`, a small planner's table by default."""
    import io

    import openpyxl

    wb = openpyxl.Workbook()
    for row in rows or [
        ["Chỉ tiêu", "Năm", "Thực hiện"],
        ["Lượt lao động được tạo việc làm mới", 2024, 24310],
    ]:
        wb.active.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def zip_bytes(parts: dict[str, bytes]) -> bytes:
    """A zip archive of `parts` (name: bytes)."""
    import io
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buf.getvalue()


def ole_bytes(streams: list[str]) -> bytes:
    """An Office 97-2003 (OLE compound) file whose directory names `streams`: ["Workbook"] is an old
    .xls; ["EncryptionInfo", "EncryptedPackage"] is how Excel stores a password-protected .xlsx."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + b"\x3e\x00\x03\x00\xfe\xff\x09\x00"
    header = header.ljust(512, b"\x00")
    entries = b""
    for name in ["Root Entry", *streams]:
        encoded = (name + "\x00").encode("utf-16-le")
        entry = encoded.ljust(64, b"\x00") + len(encoded).to_bytes(2, "little") + b"\x02"
        entries += entry.ljust(128, b"\x00")
    return header + entries.ljust(512 * 2, b"\x00")


def damaged_part_xlsx() -> bytes:
    """A workbook whose sheet's packed bytes are flipped in the middle (the zip directory intact)."""
    data = bytearray(
        xlsx_bytes([["Chỉ tiêu", "Năm", "Thực hiện"], *[["việc làm", 2024, n] for n in range(400)]])
    )
    import zipfile

    with zipfile.ZipFile(__import__("io").BytesIO(bytes(data))) as zf:
        info = zf.getinfo("xl/worksheets/sheet1.xml")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for i in range(start + 20, start + min(info.compress_size, 200)):
        data[i] ^= 0x5A
    return bytes(data)


NOT_WORKBOOKS = {  # name: (bytes, the problem's code)
    "truncated": (xlsx_bytes()[:1500], "bad_xlsx"),
    "cut_at_the_end": (xlsx_bytes()[:-40], "bad_xlsx"),
    "damaged_part": (damaged_part_xlsx(), "bad_xlsx"),
    "plain_zip": (zip_bytes({"notes.txt": b"hello"}), "xlsx_not_workbook"),
    "word_docx": (
        zip_bytes({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>"}),
        "xlsx_not_workbook",
    ),
    "ods": (
        zip_bytes({"mimetype": b"application/vnd.oasis.opendocument.spreadsheet", "content.xml": b"<x/>"}),
        "xlsx_ods",
    ),
    "encrypted": (ole_bytes(["EncryptionInfo", "EncryptedPackage"]), "xlsx_encrypted"),
    "xls_renamed": (ole_bytes(["Workbook"]), "old_excel"),
    "empty": (b"", "empty_file"),
}
