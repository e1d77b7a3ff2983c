"""The Data page after "Lưu bản nháp" (review items 12 and 13): only what happened, and a way on.

After a save the stale preview ("Xem trước ... không có gì để nạp") is gone: the page says the
draft was saved, who sees it and what an approver must do, and offers another upload; the
versions line says this session sees the draft while everyone else sees the published figures.
A refused file lists each problem in full, as literal text, naming the file, line and column.
"""

from __future__ import annotations

from fixtures import APP, GOOD, act_as
from streamlit.testing.v1 import AppTest

from lib.literal import plain

BUNDLED = "Dữ liệu có sẵn (kết quả năm 2023 của Sở, như đã đăng trên báo tỉnh)"
PLAN = "Chỉ tiêu,Năm,Kế hoạch\nLượt lao động được tạo việc làm mới,2023,{plan}\n"
# Headers a planner might write, one of them Markdown: the reason names them all, literally.
BAD_HEADERS = "Tên;Giá trị;[a](http://x.vn)\nabc;1;x\n".encode()


def data_page(role: str = "planner") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    act_as(at, role)
    return at.switch_page("pages/data.py").run()


def upload(at: AppTest, name: str, data: bytes) -> AppTest:
    at.file_uploader[0].set_value((name, data, "text/csv"))
    return at.run()


def texts(at: AppTest) -> list[str]:
    """What a visitor reads, in order of kind: subheaders, infos, captions, markdown."""
    return [plain(e.value) for kind in ("subheader", "info", "caption", "markdown") for e in at.get(kind)]


def test_after_saving_only_the_saved_draft_and_the_way_on_are_shown(isolated_app):
    at = upload(data_page(), "kh.csv", GOOD)
    assert "Xem trước: chưa nạp gì cho đến khi bạn xác nhận" in texts(at)
    at.button(key="data_confirm").click().run()
    assert not at.exception
    assert [plain(s.value) for s in at.success][0].startswith("Đã lưu bản nháp v0001.")
    shown = texts(at)
    assert "Xem trước: chưa nạp gì cho đến khi bạn xác nhận" not in shown
    assert not any("không có gì để nạp" in t for t in shown)
    assert at.metric == [] and "data_confirm" not in [b.key for b in at.button]
    assert any("người phê duyệt" in t and "Công bố" in t for t in shown), shown
    assert f"Phiên làm việc này đang xem bản nháp v0001 · kh.csv; mọi người khác xem {BUNDLED}." in shown
    # The way on: another upload starts from an empty uploader.
    at.button(key="data_another").click().run()
    assert at.file_uploader[0].value is None and at.metric == []
    at = upload(at, "kh2.csv", PLAN.format(plan=22300).encode())
    assert "Xem trước: chưa nạp gì cho đến khi bạn xác nhận" in texts(at)
    at.button(key="data_confirm").click().run()
    assert [plain(s.value) for s in at.success][0].startswith("Đã lưu bản nháp v0002.")


def test_the_versions_line_names_the_approved_version_others_see(isolated_app):
    at = upload(data_page(), "kh.csv", GOOD)
    at.button(key="data_confirm").click().run()
    at2 = data_page("approver")
    at2.selectbox(key="data_version").set_value("v0001").run()
    at2.button(key="data_activate").click().run()
    at2.checkbox(key="data_publish_sure").check().run()  # the second step: checked
    at2.button(key="data_publish").click().run()
    at = upload(at, "kh2.csv", PLAN.format(plan=22300).encode())
    at.button(key="data_confirm").click().run()
    assert (
        "Phiên làm việc này đang xem bản nháp v0002 · kh2.csv; "
        "mọi người khác xem v0001 · kh.csv (đã công bố)."
    ) in texts(at)
    assert "Ứng dụng đang dùng: v0001 · kh.csv" in texts(data_page("viewer"))


def test_each_problem_is_listed_in_full_as_literal_text(isolated_app):
    at = upload(data_page(), "sai cột.csv", BAD_HEADERS)
    listed = [m.value for m in at.markdown if "thiếu cột" in plain(m.value)]
    assert len(listed) == 1, [m.value for m in at.markdown]
    lines = [line.removeprefix("- ") for line in plain(listed[0]).split("\n")]
    assert lines == [
        "sai cột.csv, dòng 1: thiếu cột chỉ tiêu (thấy 'Tên, Giá trị, [a](http://x.vn)'; "
        "cần một cột Chỉ tiêu (tên chỉ tiêu) hoặc Mã chỉ tiêu)",
        "sai cột.csv, dòng 1: thiếu cột loại số liệu (thấy 'Tên, Giá trị, [a](http://x.vn)'; cần các cột "
        "Kế hoạch, Thực hiện, Tỷ lệ thay cho cột Giá trị, hoặc một cột Loại số liệu bên cạnh cột Giá trị, "
        "ghi Thực hiện, Kế hoạch, Tỷ lệ (so với kế hoạch, %) hoặc So với năm trước (%))",
        "sai cột.csv, dòng 1: thiếu cột kỳ (thấy 'Tên, Giá trị, [a](http://x.vn)'; "
        "cần một cột Năm hoặc Kỳ (2024, hoặc 2024-05 cho một tháng))",
    ]
    assert "[a](http" not in listed[0] and "\\[a\\]" in listed[0]  # the header is text, not a link
    # Still downloadable: the table with every problem stays, its CSV neutralised.
    table = next(df.value for df in at.dataframe if "Lỗi" in df.value.columns)
    assert len(table) == 3


def test_publishing_asks_for_a_second_step_naming_both_versions(isolated_app):
    """Review item 18: a Publish changes what the director sees; one click did it."""
    at = upload(data_page(), "kh.csv", GOOD)
    at.button(key="data_confirm").click().run()
    approver = data_page("approver")
    approver.selectbox(key="data_version").set_value("v0001").run()
    approver.button(key="data_activate").click().run()
    sure = approver.checkbox(key="data_publish_sure")
    assert plain(sure.label) == (
        "Tôi đã kiểm tra v0001 · kh.csv. Khi công bố, mọi người xem, kể cả lãnh đạo, sẽ thấy số liệu "
        f"của phiên bản này thay cho {BUNDLED}."
    )
    assert sure.value is False and approver.button(key="data_publish").disabled  # AppTest clicks no more
    assert "Ứng dụng đang dùng: " + BUNDLED in texts(data_page("viewer"))
    approver.checkbox(key="data_publish_sure").check().run()
    assert not approver.button(key="data_publish").disabled
    approver.button(key="data_publish").click().run()
    assert [plain(s.value) for s in approver.success] == [
        "Đã công bố v0001 · kh.csv: mọi người xem đang thấy phiên bản này."
    ]
    assert "Ứng dụng đang dùng: v0001 · kh.csv" in texts(data_page("viewer"))


def test_rolling_back_asks_for_a_second_step_naming_both_versions(isolated_app):
    """Review 2, item 12: a roll back changes what every viewer sees, in one click."""
    at = upload(data_page(), "kh.csv", GOOD)
    at.button(key="data_confirm").click().run()
    approver = data_page("approver")
    approver.selectbox(key="data_version").set_value("v0001").run()
    approver.button(key="data_activate").click().run()
    approver.checkbox(key="data_publish_sure").check().run()
    approver.button(key="data_publish").click().run()
    sure = approver.checkbox(key="data_rollback_sure")
    assert plain(sure.label) == (
        f"Tôi đã kiểm tra {BUNDLED}. Khi quay lại, mọi người xem, kể cả lãnh đạo, sẽ thấy số liệu của "
        "phiên bản này thay cho v0001 · kh.csv."
    )
    assert sure.value is False and approver.button(key="data_rollback").disabled
    sure.check().run()
    approver.button(key="data_rollback").click().run()
    assert [plain(s.value) for s in approver.success] == [
        f"Đã quay lại {BUNDLED}: mọi người xem đang thấy phiên bản này."
    ]
    assert "Ứng dụng đang dùng: " + BUNDLED in texts(data_page("viewer"))
