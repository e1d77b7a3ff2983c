"""The Data page as a planner uses it: upload, read the errors or the preview, save a draft, view it.

Since issue 13 an upload is a draft: the session that saved it shows it (with the draft banner),
other sessions keep the published figures. Publishing, per role, is in tests/test_drafts.py.
The state database file appears at the first page load, so "nothing written" is checked on the
versions folder and the versions registry."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures import APP, GOOD, act_as
from streamlit.testing.v1 import AppTest

from lib import nav, settings
from lib.i18n import t

# A planner's sheet saved as CSV: Vietnamese headers and numbers, ";" separated, a totals row.
BROKEN = "Chỉ tiêu;Năm;Thực hiện\nViệc làm mới;2023;25.953,5\njobs_created;20233;1\n".encode()


def data_page(role: str | None = "planner", **params: str) -> AppTest:
    """The Data page opened by a link, as `role` (a planner: the one who uploads)."""
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    if role is not None and not settings.demo_mode():  # demo: every visitor is a planner already
        act_as(at, role)
    return at.switch_page("pages/data.py").run()  # the link opens the page itself


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader(key="data_upload").set_value((name, data, "text/csv"))
    return at.run()


def metrics(at: AppTest) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}


def overview_text(at: AppTest) -> str:
    at.switch_page("pages/overview.py").run()
    return at.dataframe[0].value.to_csv(index=False)


def table(at: AppTest, column: str):
    """The table on screen that has this column (the page shows notes, errors, changes, versions)."""
    return next(df.value for df in at.dataframe if column in df.value.columns)


def registered(tmp_path: Path) -> list[str]:
    from lib.state import statedb

    return [
        v.id for v in statedb.connect("sqlite:///" + str(tmp_path / "state" / "chitieu.sqlite3")).versions()
    ]


def files_under(path: Path) -> list[Path]:
    return sorted(p for p in path.rglob("*") if p.is_file()) if path.exists() else []


def test_good_file_previews_then_loads_on_confirm(isolated_app, tmp_path):
    at = upload(data_page(), "kế hoạch 2023.csv", GOOD)
    assert not at.exception
    assert metrics(at) == {
        "Số liệu": "7",
        "Chỉ tiêu": "2",
        "Kỳ": "2",
        "Địa bàn": "1",
        "Mới": "2",
        "Thay đổi": "1",
        "Không đổi": "4",
    }
    changes = table(at, "Trạng thái")
    assert changes.iloc[0].tolist() == [
        "thay đổi",
        "Lượt lao động được tạo việc làm mới",
        "Toàn tỉnh",
        "2024",
        "Kế hoạch",
        "22.550 người",
        "23.000 người",
    ]
    assert files_under(tmp_path / "state" / "datasets") == []  # nothing is written before confirming
    assert registered(tmp_path) == []

    at.button(key="data_confirm").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Đã lưu bản nháp v0001. Phiên này đang xem bản nháp; người xem khác vẫn thấy số liệu đã công "
        "bố cho đến khi người phê duyệt công bố nó."
    ]
    assert registered(tmp_path) == ["v0001"]
    saved = tmp_path / "state" / "datasets" / "v0001"
    assert (saved / "original.csv").read_bytes() == GOOD
    assert "jobs_created,province,2023,target,22200,exact,user,," in (saved / "normalised.csv").read_text()
    # Every page of this session now shows the uploaded plan, labelled as user-supplied; a new
    # session (another visitor) still sees the published figures.
    text = overview_text(at)
    assert ",22.200 người," in text and "Người dùng nhập" in text
    assert "khoảng 22.200 người" in overview_text(data_page("viewer"))


def test_broken_file_lists_its_errors_and_changes_nothing(isolated_app, tmp_path):
    at = upload(data_page(), "sai.csv", BROKEN)
    assert not at.exception
    assert [e.value for e in at.error] == [
        "Tệp có 2 lỗi; chưa nạp dữ liệu nào. Hãy sửa trong bảng tính rồi tải lên lại."
    ]
    errors = table(at, "Lỗi")
    assert errors.values.tolist() == [
        [
            "2",
            "Chỉ tiêu",
            "chỉ tiêu không có trong danh mục (thấy 'Việc làm mới'; cần Lượt lao động được tạo việc làm mới)",
        ],
        ["3", "Năm", "kỳ không hợp lệ (thấy '20233'; cần 2024 | 2024-05 | 05/2024 | Tháng 5/2024)"],
    ]
    assert "data_confirm" not in [b.key for b in at.button]
    assert files_under(tmp_path / "state" / "datasets") == []
    assert "25.953 người" in overview_text(at)


def test_switching_back_to_the_bundled_data(isolated_app, tmp_path):
    at = upload(data_page(), "kh.csv", GOOD)
    at.button(key="data_confirm").click().run()
    at.selectbox(key="data_version").set_value("bundled").run()
    at.button(key="data_activate").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Phiên này đang xem Dữ liệu có sẵn (kết quả năm 2023 của Sở, như đã đăng trên báo tỉnh). "
        "Người xem khác không bị ảnh hưởng."
    ]
    text = overview_text(at)  # the 2023 jobs plan is the derived one again, not the upload's
    assert "khoảng 22.200 người" in text and ",22.200 người," not in text
    # The saved version is still there, whole, to switch back to.
    assert (tmp_path / "state" / "datasets" / "v0001" / "original.csv").read_bytes() == GOOD


def test_demo_mode_keeps_uploads_in_the_session_and_writes_no_file(isolated_app, tmp_path, monkeypatch):
    monkeypatch.setenv("CHITIEU_DEMO", "1")
    at = upload(data_page(), "kh.csv", GOOD)
    at.button(key="data_confirm").click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Đã nạp thành phiên bản v0001")
    assert ",22.200 người," in overview_text(at)
    assert files_under(tmp_path) == []
    # Another visitor opening the demo sees the bundled data, not this session's upload.
    other = data_page(None)
    assert ",22.200 người," not in overview_text(other)


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("to.csv", b"x" * (10 * 1024 * 1024 + 1), "tệp quá lớn (10.0 MB; tối đa 10 MB)"),
        ("anh.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00", "không phải tệp văn bản (cần UTF-8 CSV)"),
    ],
)
def test_refused_files_say_why(isolated_app, tmp_path, name, data, error):
    at = upload(data_page(), name, data)
    assert table(at, "Lỗi").iloc[0, 2] == error
    assert files_under(tmp_path / "state" / "datasets") == []


def test_errors_are_listed_in_english_when_the_ui_is_english(isolated_app):
    at = upload(data_page(lang="en"), "sai.csv", BROKEN)
    assert [e.value for e in at.error] == [
        "Problems found in the file: 2. Nothing was loaded: fix them in your spreadsheet and upload it again."
    ]
    assert table(at, "Problem").values.tolist() == [
        [
            "2",
            "Chỉ tiêu",
            "indicator not in the catalogue (seen 'Việc làm mới'; expected Workers given new jobs)",
        ],
        ["3", "Năm", "not a valid period (seen '20233'; expected 2024 | 2024-05 | 05/2024)"],
    ]


def test_a_damaged_published_version_falls_back_to_the_bundled_data_and_says_so(isolated_app, tmp_path):
    from lib.state import access, datasets, statedb

    at = upload(data_page(), "kh.csv", GOOD)
    at.button(key="data_confirm").click().run()
    db = statedb.connect()
    datasets.DiskRepo(tmp_path / "state" / "datasets", db).publish(
        access.User("duyet", "approver", "local"), "v0001"
    )
    snapshot = tmp_path / "state" / "datasets" / "v0001" / "observations.csv"
    snapshot.write_bytes(snapshot.read_bytes().replace(b"22200", b"99999"))
    import streamlit as st

    st.cache_resource.clear()
    fresh = AppTest.from_file(APP, default_timeout=30).run()  # the front page, said once on top
    assert not fresh.exception
    assert [w.value for w in fresh.warning] == [
        "Phiên bản v0001 đang công bố bị hỏng, nên ứng dụng đang hiện "
        "Dữ liệu có sẵn (kết quả năm 2023 của Sở, như đã đăng trên báo tỉnh); "
        "người phê duyệt có thể quay lại một phiên bản khác trên trang Dữ liệu. "
        "Chi tiết: phiên bản đã lưu bị hỏng (mã kiểm tra không khớp) nên không được nạp."
    ]
    text = fresh.dataframe[0].value.to_csv(index=False)
    assert "khoảng 22.200 người" in text and "99.999" not in text


def _in_order(node) -> list:
    """The page's elements top to bottom (blocks opened), as a reader meets them."""
    children = getattr(node, "children", None)
    if not isinstance(children, dict):
        return [node]
    return [leaf for key in sorted(children) for leaf in _in_order(children[key])]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_title_opens_with_the_menus_name(isolated_app, lang):
    at = data_page(lang=lang)
    menu = t(nav.by_url_path("data").title_key, lang)
    assert [h.value for h in at.title] == [t("data.title", lang)]
    assert at.title[0].value.startswith(f"{menu}: ")  # "Dữ liệu: …" under "Dữ liệu" in the menu


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        (
            "vi",
            "Kéo thả tệp vào khung trên hoặc bấm “Upload” để chọn tệp CSV, TSV, TXT hoặc Excel (.xlsx),"
            " tối đa 10 MB một tệp.",
        ),
        (
            "en",
            "Drag a file onto the box above or press “Upload” to choose a CSV, TSV, TXT or Excel (.xlsx)"
            " file of at most 10 MB.",
        ),
    ],
)
def test_the_uploaders_english_box_is_said_beside_it_in_the_ui_language(isolated_app, lang, said):
    """Streamlit writes "Upload" and "10MB per file • CSV, TSV, TXT, XLSX" in English whatever the
    language (no parameter or option changes them): the line under the box says it in words."""
    at = data_page(lang=lang)
    elements = _in_order(at.main)
    box = next(i for i, e in enumerate(elements) if e.type == "file_uploader")
    assert elements[box].proto.max_upload_size_mb == 10
    assert (elements[box + 1].type, elements[box + 1].value) == ("caption", said)


@pytest.mark.parametrize(
    ("lang", "current", "new"),
    [("vi", "trên 3 điểm %", "3 điểm %"), ("en", "over 3 points", "3 points")],
)
def test_the_preview_writes_a_changed_figure_with_its_bound(isolated_app, lang, current, new):
    """Review 3, defect 4: "thay đổi | … | 3 | 3" hid that the reported "trên 3" became 3."""
    at = data_page(lang=lang)
    at = upload(at, "kh.csv", "Chỉ tiêu;Năm;Kế hoạch\npoverty_rate_fall;2024;3\n".encode())
    status = t("data.col_status", lang)
    row = table(at, status).iloc[0]
    assert (row[status], row[t("data.col_current", lang)], row[t("data.col_new", lang)]) == (
        t("data.status_changed", lang),
        current,
        new,
    )


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_data_csv_says_it_is_the_re_upload_format_not_for_excel(isolated_app, lang):
    at = data_page(lang=lang)
    assert at.get("download_button")[0].proto.label == t("data.download", lang)
    assert t("data.download_note", lang) in [c.value for c in at.caption]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_an_upload_that_breaks_a_series_is_warned_on_the_page_before_saving(isolated_app, lang):
    """The preview's warnings (a series' standard changed, or left unstated) are in sight, not
    only inside the closed "how the file was read" expander."""
    rows = "Chỉ tiêu,Địa bàn,Năm,Loại số liệu,Giá trị,Chuẩn\n"
    rows += 'Mức giảm tỷ lệ hộ nghèo (chuẩn nghèo đa chiều),Toàn tỉnh,2024,Thực hiện,"3,25",md_from_2027\n'
    at = upload(data_page(lang=lang), "chuan.csv", rows.encode())
    words = {"vi": "tức là đổi chuẩn đo", "en": "a change of standard"}[lang]
    assert [w.value for w in at.warning if words in w.value], [w.value for w in at.warning]
