"""Drafts, publishing, rollback, scenario owners and the audit, per role (issue 13).

Lib level first (the checks live in `lib.state.datasets` and `lib.state.scenarios`, whatever a page shows),
then the pages through AppTest. `as_role(at, role)` acts as a role: the sign-in work's real
account and session token when it is there (`tests/test_signin.py`'s `act_as`), else the
placeholder `ui.current_user` reads before sign-in lands (a user in the session).
"""

from __future__ import annotations

import csv
import io
import json
import threading

import pytest
import streamlit as st
from fixtures import APP, APPROVER, OTHER_PLANNER, PLANNER, VIEWER, act_as
from streamlit.testing.v1 import AppTest

from lib import fmt, settings, ui
from lib.data import queries, store, validate
from lib.literal import plain
from lib.models.sim_setup import Assumptions
from lib.report import export
from lib.state import access, datasets, publishing, scenarios, statedb

PLAN = "Chỉ tiêu,Năm,Kế hoạch\nLượt lao động được tạo việc làm mới,2023,{plan}\n"
BUNDLED = "Dữ liệu có sẵn (kết quả năm 2023 của Sở, như đã đăng trên báo tỉnh)"


as_role = act_as  # the name these tests read best with


def restart() -> None:
    st.cache_resource.clear()
    st.cache_data.clear()


# ---------------------------------------------------------------- lib level


@pytest.fixture
def db(tmp_path) -> statedb.StateDB:
    return statedb.connect("sqlite:///" + str(tmp_path / "state.sqlite3"), legacy_dir=tmp_path / "none")


@pytest.fixture
def repo(tmp_path, db) -> datasets.DiskRepo:
    return datasets.DiskRepo(tmp_path / "datasets", db)


def draft(repo: datasets.Repo, plan: int, user: access.User = PLANNER, con=None) -> datasets.Version:
    con = con or store.open_dir(settings.BUNDLED_DATA_DIR).cursor()
    data = PLAN.format(plan=plan).encode()
    pv = datasets.preview(data, f"kh-{plan}.csv", con)
    assert pv.ok
    return datasets.accept(repo, user, pv, data, f"kh-{plan}.csv", con)


def test_a_planners_upload_is_a_draft_until_an_approver_publishes_it(repo):
    version = draft(repo, 22200)
    assert (version.id, version.created_by) == ("v0001", "lan")
    assert repo.active() is None and repo.status("v0001") == "draft"  # viewers see the data folder
    repo.publish(APPROVER, "v0001")
    assert repo.active() == "v0001" and repo.status("v0001") == "published"
    (pub,) = repo.publications()
    assert (pub.version, pub.by, pub.action) == ("v0001", "duyet", "publish")


def test_rollback_publishes_an_earlier_published_version_again(repo):
    draft(repo, 22200)
    draft(repo, 22300)
    repo.publish(APPROVER, "v0001")
    repo.publish(APPROVER, "v0002")
    repo.publish(APPROVER, "v0001", "rollback")
    assert repo.active() == "v0001"
    assert [repo.status(v) for v in ("v0001", "v0002")] == ["published", "earlier"]
    draft(repo, 22400)
    with pytest.raises(KeyError):  # a draft is published, never "rolled back to"
        repo.publish(APPROVER, "v0003", "rollback")
    assert repo.active() == "v0001"


@pytest.mark.parametrize(
    ("user", "action"),
    [
        (VIEWER, "publish"),
        (PLANNER, "publish"),
        (VIEWER, "rollback"),
        (PLANNER, "rollback"),
        (None, "publish"),  # nobody signed in
        (access.User("x", "root", "local"), "publish"),  # a role that does not exist
    ],
)
def test_publishing_is_refused_on_the_server_for_every_other_role(repo, user, action):
    draft(repo, 22200)
    repo.publish(APPROVER, "v0001")
    draft(repo, 22300)
    with pytest.raises(access.Forbidden):
        repo.publish(user, "v0002" if action == "publish" else None, action)
    assert repo.active() == "v0001" and len(repo.publications()) == 1


def test_a_viewers_upload_is_refused_and_nothing_is_written(repo, tmp_path):
    with pytest.raises(access.Forbidden):
        draft(repo, 22200, user=VIEWER)
    assert not (tmp_path / "datasets").exists() and repo.db.versions() == []


def test_two_approvers_publishing_at_once_leave_one_published_and_both_recorded(repo):
    draft(repo, 22200)
    draft(repo, 22300)
    start = threading.Barrier(2)
    errors = []

    def publish(version_id: str, name: str) -> None:
        start.wait()
        try:
            repo.publish(access.User(name, "approver", "local"), version_id)
        except Exception as exc:  # noqa: BLE001 - the test reports any failure
            errors.append(exc)

    threads = [
        threading.Thread(target=publish, args=("v0001", "an")),
        threading.Thread(target=publish, args=("v0002", "binh")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    history = repo.publications()
    assert sorted((p.version, p.by) for p in history) == [("v0001", "an"), ("v0002", "binh")]
    assert repo.active() == history[0].version  # the later of the two, whole
    audit = [(r.action, r.user, r.version) for r in repo.audit_log(APPROVER) if r.action == "publish"]
    assert sorted(audit) == [("publish", "an", "v0001"), ("publish", "binh", "v0002")]


def test_the_audit_log_is_for_approvers_newest_first_with_user_version_and_checksum(repo):
    version = draft(repo, 22200)
    repo.publish(APPROVER, "v0001")
    repo.publish(APPROVER, None, "rollback")
    for user in (VIEWER, PLANNER):
        with pytest.raises(access.Forbidden):
            repo.audit_log(user)
    rows = repo.audit_log(APPROVER)
    assert [(r.action, r.user, r.version) for r in rows] == [
        ("rollback", "duyet", statedb.BUNDLED),
        ("publish", "duyet", "v0001"),
        ("upload", "lan", "v0001"),
    ]
    assert rows[2].sha256 == version.sha256
    table = datasets.audit_table(rows, "en")
    assert table[["User", "Action", "Version"]].values.tolist() == [
        ["duyet", "rolled back", "bundled"],
        ["duyet", "published", "v0001"],
        ["lan", "uploaded a draft", "v0001"],
    ]


def test_demo_sessions_publish_their_own_uploads_in_memory_only(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    repo = datasets.MemoryRepo()
    draft(repo, 22200, user=access.DEMO_VISITOR)
    assert repo.active() == "v0001"  # the session is the only audience: shown at once
    assert list(tmp_path.iterdir()) == []


# ---------------------------------------------------------------- scenarios


def test_planners_save_and_delete_their_own_scenarios_and_read_everyones(db):
    lan = scenarios.DbScenarios(db, PLANNER)
    minh = scenarios.DbScenarios(db, OTHER_PLANNER)
    lan.save("Thận trọng", Assumptions(seed=1))
    minh.save("Thận trọng", Assumptions(seed=2))  # the same name, another owner: both kept
    listed = [(e.owner, e.name, e.mine) for e in minh.entries()]
    assert listed == [("lan", "Thận trọng", False), ("minh", "Thận trọng", True)]
    assert minh.load(minh.key("lan", "Thận trọng")).seed == 1
    with pytest.raises(scenarios.NotYours):
        minh.delete(minh.key("lan", "Thận trọng"))
    with pytest.raises(scenarios.NotYours):  # approvers do not delete other people's either
        scenarios.DbScenarios(db, APPROVER).delete(minh.key("lan", "Thận trọng"))
    assert minh.delete("Thận trọng") is True  # his own, by its name
    assert [e.owner for e in lan.entries()] == ["lan"]
    actions = [(r.user, r.action) for r in db.audit_log()]
    assert actions == [("lan", "scenario_save"), ("minh", "scenario_save"), ("minh", "scenario_delete")]


def test_viewers_load_and_compare_but_cannot_save_or_delete(db):
    scenarios.DbScenarios(db, PLANNER).save("Kế hoạch", Assumptions())
    viewer = scenarios.DbScenarios(db, VIEWER)
    assert viewer.load(viewer.key("lan", "Kế hoạch")) == Assumptions()
    with pytest.raises(access.Forbidden):
        viewer.save("Của tôi", Assumptions())
    with pytest.raises(access.Forbidden):
        viewer.delete(viewer.key("lan", "Kế hoạch"))
    assert [e.name for e in viewer.entries()] == ["Kế hoạch"]


def test_the_data_pages_acts_say_what_happened_and_refuse_a_version_that_does_not_load(repo):
    """lib/state/publishing.py: what the Data page's Xem, Publish and Roll back do and say."""
    draft(repo, 22200)
    bad = [validate.Problem("v0001", "", "", "corrupt_version")]
    assert publishing.publish(repo, APPROVER, "v0001", "publish", "v0001 · kh.csv", bad, "vi") == (
        False,
        (
            "error",
            "Không công bố được v0001 · kh.csv: phiên bản đã lưu bị hỏng (mã kiểm tra không khớp) nên không"
            " được nạp. Số liệu đã công bố giữ nguyên.",
            ":material/error:",
        ),
    )
    assert repo.active() is None
    done, (kind, text, _) = publishing.publish(repo, VIEWER, "v0001", "publish", "v0001", [], "vi")
    assert (done, kind, repo.active()) == (False, "error", None)
    assert publishing.publish(repo, APPROVER, "v0001", "publish", "v0001", [], "en")[1][1] == (
        "Published v0001: every viewer now sees this version."
    )
    assert repo.active() == "v0001"
    state = ui.DataState(store=None, version=None, label="", published=repo.published_state()[0])
    assert publishing.choose("v0001", bad, state, False, "v0001", "vi")[0] is None  # never shown
    assert publishing.choose("v0001", [], state, False, "v0001", "vi")[0] == "published"
    assert (
        publishing.choose(datasets.BUNDLED, [], state, False, "Dữ liệu có sẵn", "vi")[0] == datasets.BUNDLED
    )


# ---------------------------------------------------------------- the pages, per role


def page(role: str | None, path: str = "pages/data.py", name: str | None = None, **params) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    if role is not None:
        as_role(at, role, name)
    at.run()
    assert not at.exception
    at.switch_page(path).run()
    assert not at.exception, [plain(e.value) for e in at.exception]
    return at


def overview_figures(at: AppTest) -> str:
    return at.dataframe[0].value.to_csv(index=False)


def save_draft(at: AppTest, plan: int) -> AppTest:
    at.file_uploader(key="data_upload").set_value(
        (f"kh-{plan}.csv", PLAN.format(plan=plan).encode(), "text/csv")
    )
    at.run()
    return at.button(key="data_confirm").click().run()


def keys(at: AppTest) -> set[str]:
    return {w.key for w in [*at.button, *at.selectbox]} | {w.key for w in at.get("file_uploader")}


def test_the_data_page_offers_each_role_only_what_it_may_do(isolated_app):
    viewer = page("viewer")
    assert [plain(i.value) for i in viewer.info][0].startswith("Bạn đang xem số liệu đã công bố.")
    assert keys(viewer) & {"data_upload", "data_confirm", "data_version", "data_publish"} == set()
    assert "Nhật ký thao tác" not in [s.value for s in viewer.subheader]
    planner = page("planner")
    assert "data_upload" in keys(planner) and "data_publish" not in keys(planner)
    assert "Nhật ký thao tác" not in [s.value for s in planner.subheader]
    approver = page("approver")
    assert "data_upload" in keys(approver) and "Nhật ký thao tác" in [s.value for s in approver.subheader]


def test_draft_publish_and_rollback_as_planner_viewer_and_approver_see_them(isolated_app, tmp_path):
    planner = save_draft(page("planner", name="lan"), 22200)
    assert [plain(s.value) for s in planner.success][0].startswith("Đã lưu bản nháp v0001.")
    (banner,) = [plain(w.value) for w in planner.warning]
    saved = json.loads((tmp_path / "state" / "datasets" / "v0001" / "meta.json").read_text())["created_utc"]
    when = fmt.clock(saved, "vi")  # Vietnam time, as the version line: "01/12/2026 20:05 (giờ Việt Nam)"
    assert banner.startswith(f"Bản nháp: phiên bản v0001 (kh-22200.csv, do lan tải lên lúc {when}) ")
    assert banner.endswith(
        f"chưa được công bố. Chỉ phiên làm việc này đang xem nó; người xem khác vẫn thấy {BUNDLED}."
    )
    assert "data_publish" not in keys(planner)
    assert ",22.200 người," in overview_figures(planner.switch_page("pages/overview.py").run())

    viewer = page("viewer", "pages/overview.py")
    assert "khoảng 22.200 người" in overview_figures(viewer) and not viewer.warning  # the published figures
    listed = page("viewer")
    assert "kh-22200.csv" not in " ".join(df.value.to_csv() for df in listed.dataframe)  # not public
    assert [plain(i.value) for i in listed.info][
        -1
    ] == "Chưa có tệp tải lên: ứng dụng đang dùng dữ liệu có sẵn."

    approver = page("approver", name="duyet")
    approver.selectbox(key="data_version").set_value("v0001").run()
    approver.button(key="data_activate").click().run()
    assert approver.button(key="data_publish").label == "Công bố v0001 · kh-22200.csv"
    approver.checkbox(key="data_publish_sure").check().run()  # the second step (pages/data.py)
    approver.button(key="data_publish").click().run()
    assert [plain(s.value) for s in approver.success] == [
        "Đã công bố v0001 · kh-22200.csv: mọi người xem đang thấy phiên bản này."
    ]
    versions = next(df.value for df in approver.dataframe if "Công bố" in df.value.columns)
    assert versions[["Phiên bản", "Công bố", "Người tải lên"]].values.tolist() == [
        ["v0001", "đang công bố", "lan"]
    ]

    viewer = page("viewer", "pages/overview.py")
    assert ",22.200 người," in overview_figures(viewer)
    assert any(
        plain(c.value).startswith("Số liệu đã công bố: phiên bản v0001, ngày công bố ")
        for c in viewer.caption
    )

    approver = page("approver", name="duyet")
    approver.selectbox(key="data_rollback_to").set_value(datasets.BUNDLED).run()
    approver.checkbox(key="data_rollback_sure").check().run()  # the second step
    approver.button(key="data_rollback").click().run()
    assert [plain(s.value) for s in approver.success] == [
        f"Đã quay lại {BUNDLED}: mọi người xem đang thấy phiên bản này."
    ]
    assert "khoảng 22.200 người" in overview_figures(page("viewer", "pages/overview.py"))
    audit = next(df.value for df in approver.dataframe if "Việc" in df.value.columns)
    actions = ["quay lại phiên bản trước", "công bố", "tải lên bản nháp"]  # not sign-ins
    steps = audit[audit["Việc"].isin(actions)]
    assert steps[["Người dùng", "Việc", "Phiên bản"]].values.tolist() == [
        ["duyet", "quay lại phiên bản trước", "bundled"],
        ["duyet", "công bố", "v0001"],
        ["lan", "tải lên bản nháp", "v0001"],
    ]


def test_a_viewers_link_may_pin_a_published_version_never_a_draft(isolated_app, tmp_path):
    repo = datasets.DiskRepo(tmp_path / "state" / "datasets", statedb.connect())
    draft(repo, 22200)
    repo.publish(APPROVER, "v0001")
    draft(repo, 22300, con=datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR).cursor())
    repo.publish(APPROVER, "v0002")
    draft(repo, 22400)  # v0003: a draft
    restart()
    earlier = page("viewer", "pages/overview.py", version="v0001")
    assert ",22.200 người," in overview_figures(earlier)
    (pinned,) = [plain(i.value) for i in earlier.info]
    assert pinned.startswith("Đường dẫn này ghim phiên bản v0001 (công bố ngày ")
    assert pinned.endswith("số liệu đã công bố hiện nay là phiên bản v0002.")
    for crafted in ("v0003", "v0009", "../v0001", "v0001,v0002"):
        at = page("viewer", "pages/overview.py", version=crafted)
        assert "22.300 người" in overview_figures(at), crafted  # the published figures, nothing else
    planner = page("planner", "pages/overview.py", version="v0003")
    assert "22.400 người" in overview_figures(planner)  # planners may view any draft


def test_a_crafted_session_choice_shows_a_viewer_no_draft(isolated_app, tmp_path):
    repo = datasets.DiskRepo(tmp_path / "state" / "datasets", statedb.connect())
    draft(repo, 22200)
    restart()
    at = AppTest.from_file(APP, default_timeout=30)
    as_role(at, "viewer")
    at.session_state[ui.VIEW_KEY] = "v0001"  # what the planner's Data page would leave
    at.run()
    assert "khoảng 22.200 người" in overview_figures(at) and not at.warning


def test_scenarios_per_role_on_the_simulator(isolated_app):
    lan = page("planner", "pages/simulate.py", name="lan")
    lan.text_input(key="sim_name").input("Thận trọng")
    lan.button(key="sim_save").click().run()
    assert "Thận trọng" in [m.value for m in lan.markdown]  # her own, by its name
    minh = page("planner", "pages/simulate.py", name="minh")
    assert "Thận trọng · lan" in [m.value for m in minh.markdown]
    assert "sim_del_0" not in {b.key for b in minh.button}  # not his to delete
    minh.button(key="sim_load_0").click().run()
    assert [plain(s.value) for s in minh.success] == ["Đã mở kịch bản “Thận trọng”."]
    viewer = page("viewer", "pages/simulate.py")
    assert "sim_save" not in {b.key for b in viewer.button}
    assert any(c.value.startswith("Người xem mở và so sánh được") for c in viewer.caption)


def test_the_audit_table_and_its_download_are_neutralised(isolated_app, tmp_path):
    repo = datasets.DiskRepo(tmp_path / "state" / "datasets", statedb.connect())
    con = store.open_dir(settings.BUNDLED_DATA_DIR).cursor()
    data = PLAN.format(plan=22200).encode()
    name = '=HYPERLINK("evil","x")+cmd.csv'
    datasets.accept(repo, PLANNER, datasets.preview(data, name, con), data, name, con)
    rows = repo.audit_log(APPROVER)
    shown = datasets.audit_table(rows, "vi")
    assert shown["Chi tiết"].tolist() == ["'" + name]
    body = export.to_csv(datasets.audit_table(rows, "vi", screen=False)).decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(body)))[1][-1] == "'" + name
    restart()
    at = page("approver")
    assert "data_audit_download" in {b.key for b in at.get("download_button")}
    assert (
        "'" + name
        in next(df.value for df in at.dataframe if "Chi tiết" in df.value.columns)["Chi tiết"].tolist()
    )


def test_the_pdf_word_and_workbook_state_which_approved_version_they_show(bundled_store):
    import dataclasses

    import docx
    import openpyxl
    import pypdf

    from lib.report import briefing, docx_report, report

    pub = datasets.Publication("v0003", "duyet", "2026-12-01T18:30:00+00:00")  # 01:30 on 2 Dec in Hanoi
    line = datasets.version_line("v0003", False, pub, True, BUNDLED, "vi")
    assert line == "Số liệu đã công bố: phiên bản v0003, ngày công bố 02/12/2026."
    b = dataclasses.replace(
        briefing.build(bundled_store.cursor(), 2023, "vi", simulate=False), data_version=line
    )
    pdf = pypdf.PdfReader(io.BytesIO(report.pdf_bytes(b)))
    assert line in " ".join(pdf.pages[0].extract_text().split())
    word = docx.Document(io.BytesIO(docx_report.docx_bytes(b)))
    assert line in [p.text for p in word.paragraphs]
    book = openpyxl.load_workbook(io.BytesIO(report.xlsx_bytes(b)))
    assert book["Nguồn số liệu"]["A1"].value == line
    assert datasets.version_line(None, False, None, True, BUNDLED, "en") == f"Figures: {BUNDLED}."
    assert (
        datasets.version_line("v0004", True, None, False, BUNDLED, "en")
        == "Draft: version v0004, not published."
    )


def test_the_audit_log_says_how_someone_signed_in_and_roles_in_the_users_language(state_db):
    state_db.add_user("xem.cuong", "viewer", "x", by="duyet")
    state_db.set_role("xem.cuong", "planner", by="duyet")
    state_db.audit("xem.cuong", "sign_in", detail="local")
    state_db.audit("lan@so.gov.vn", "sign_in", detail="oidc")
    state_db.audit("lan@so.gov.vn", "sign_out", detail="oidc")
    state_db.audit("ai", "sign_in_failed", detail="locked")
    state_db.audit("ai", "sign_in_failed")
    rows = list(reversed(state_db.audit_log()))
    vi = datasets.audit_table(rows, "vi")
    assert vi[["Việc", "Chi tiết"]].values.tolist() == [
        ["đăng nhập không thành công", ""],
        ["đăng nhập không thành công", "tên đang bị khóa"],
        ["đăng xuất", "hệ thống xác thực của cơ quan"],
        ["đăng nhập", "hệ thống xác thực của cơ quan"],
        ["đăng nhập", "tài khoản của hệ thống"],
        ["đổi vai trò", "xem.cuong: Người xem → Cán bộ kế hoạch"],
        ["thêm người dùng", "xem.cuong (Người xem)"],
    ]
    en = datasets.audit_table(rows, "en")
    assert en.iloc[:, -1].tolist()[4:] == [
        "this app's account",
        "xem.cuong: Viewer → Planner",
        "xem.cuong (Viewer)",
    ]


def test_the_draft_banner_says_draft_in_each_language_once():
    from lib import i18n

    vi = i18n.t(
        "drafts.banner", "vi", version="v0002", file="a.csv", by="lan", time="01/12/2026", published="x"
    )
    en = i18n.t(
        "drafts.banner", "en", version="v0002", file="a.csv", by="lan", time="01/12/2026", published="x"
    )
    assert vi.startswith("Bản nháp: phiên bản v0002") and "Draft" not in vi
    assert en.startswith("Draft: version v0002") and "Bản nháp" not in en


@pytest.mark.parametrize("role", [None, "approver"])
def test_a_published_version_damaged_while_the_server_runs_is_noticed_at_the_next_page_load(
    isolated_app, tmp_path, role
):
    repo = datasets.DiskRepo(tmp_path / "state" / "datasets", statedb.connect())
    draft(repo, 22200)
    repo.publish(APPROVER, "v0001")
    restart()
    at = page(role, "pages/overview.py")
    assert ",22.200 người," in at.dataframe[0].value.to_csv(index=False)  # loaded and cached
    snapshot = repo.root / "v0001" / "observations.csv"
    snapshot.write_bytes(snapshot.read_bytes() + b"jobs_created,province,2031,actual,abc,exact,user,,\n")
    at.run()  # the same process, no restart
    assert [plain(w.value) for w in at.warning] == [
        f"Phiên bản v0001 đang công bố bị hỏng, nên ứng dụng đang hiện {BUNDLED}; người phê duyệt có thể"
        " quay lại một phiên bản khác trên trang Dữ liệu. Chi tiết: phiên bản đã lưu bị hỏng (mã kiểm tra"
        " không khớp) nên không được nạp."
    ]
    assert not [i for i in at.info if "Phiên làm việc này đang xem" in plain(i.value)]  # no contradiction
    assert "khoảng 22.200 người" in at.dataframe[0].value.to_csv(index=False)  # the bundled figures
    buttons = [b.label for b in at.button if (b.key or "").startswith("state_")]
    assert buttons == ([f"Dùng {BUNDLED}"] if role == "approver" else [])


@pytest.mark.parametrize(
    ("key", "target", "shown"),
    [("state_use_version", "v0001", "22.200 người"), ("state_use_base", None, "khoảng 22.200 người")],
)
def test_the_way_back_from_a_damaged_version_takes_the_same_second_step_as_a_rollback(
    isolated_app, tmp_path, key, target, shown
):
    """Review 2: the way-back buttons changed what every viewer sees in one click; now a tick
    naming both versions first, as Publish and Roll back (`ui.two_steps`)."""
    repo = datasets.DiskRepo(tmp_path / "state" / "datasets", statedb.connect())
    draft(repo, 22200)
    repo.publish(APPROVER, "v0001")
    draft(repo, 22300, con=datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR).cursor())
    repo.publish(APPROVER, "v0002")
    (repo.root / "v0002" / "observations.csv").unlink()
    restart()
    at = page("approver", "pages/overview.py")
    label = target or BUNDLED
    sure = at.checkbox(key=f"{key}_sure")
    assert plain(sure.label) == (
        f"Tôi đã kiểm tra {label}. Khi quay lại, mọi người xem, kể cả lãnh đạo, sẽ thấy số liệu của "
        "phiên bản này thay cho v0002 (bị hỏng)."
    )
    assert sure.value is False and at.button(key=key).disabled
    at.checkbox(key=f"{key}_sure").check().run()
    at.checkbox(key=f"{key}_sure").uncheck()  # untick and press before the page redraws
    at.button(key=key).click().run()
    assert [plain(e.value) for e in at.error] == [
        f"Chưa thực hiện với {label}: hãy đánh dấu ô xác nhận đã kiểm tra rồi bấm lại."
    ]
    assert repo.active() == "v0002"  # nothing changed for anyone

    at.checkbox(key=f"{key}_sure").check().run()
    assert not at.button(key=key).disabled
    at.button(key=key).click().run()
    assert [plain(s.value) for s in at.success] == [
        f"Đã quay lại {label}: mọi người xem đang thấy phiên bản này."
    ]
    assert repo.active() == target
    assert shown in overview_figures(page("viewer", "pages/overview.py"))


# ---------------------------------------------------------------- a draft built on older data

# Review 3, defect 1: A (the planners' 2024 results) and B (three 2024 results) were both drafted
# on the bundled data; A was published, then B, and A's figures vanished for everyone.
DRAFT_A = (
    "Chỉ tiêu;Năm;Kế hoạch;Thực hiện\n"
    "Tuyển sinh đào tạo giáo dục nghề nghiệp;2024;9.000;9.450\n"
    "Mức giảm tỷ lệ hộ nghèo (chuẩn nghèo đa chiều);2024;3;3,25\n"
    "Xóa nhà tạm, nhà dột nát;2024;1.500;1.620\n"
)
DRAFT_B = (
    "Chỉ tiêu;Năm;Thực hiện;Ghi chú\n"
    'Lượt lao động được tạo việc làm mới;2024;26.111;=HYPERLINK("http://evil.example")\n'
    "Tuyển sinh đào tạo giáo dục nghề nghiệp;2024;9.500;\n"
    "Xóa nhà tạm, nhà dột nát;2024;2.100;\n"
)
# What publishing B would lose of A, as the publish step lists it: B's upload set neither of these
# figures (its own 9.500 and 2.100 are not "lost"); the poverty plan goes back to the bundled "trên 3".
POVERTY = "Mức giảm tỷ lệ hộ nghèo (chuẩn nghèo đa chiều)"
LOST_OF_A = [
    [POVERTY, "Toàn tỉnh", "2024", "Thực hiện", "3,25 điểm %", "không còn"],
    [POVERTY, "Toàn tỉnh", "2024", "Kế hoạch", "3 điểm %", "trên 3 điểm %"],
    ["Xóa nhà tạm, nhà dột nát", "Toàn tỉnh", "2024", "Kế hoạch", "1.500 hộ", "không còn"],
    ["Tuyển sinh đào tạo giáo dục nghề nghiệp", "Toàn tỉnh", "2024", "Kế hoạch", "9.000 người", "không còn"],
]


def upload_draft(repo, text: str, name: str, con=None, base: str = datasets.BUNDLED) -> datasets.Version:
    con = con or store.open_dir(settings.BUNDLED_DATA_DIR).cursor()
    pv = datasets.preview(text.encode(), name, con)
    assert pv.ok, [p.text() for p in pv.result.problems]
    return datasets.accept(repo, PLANNER, pv, text.encode(), name, con, base)


def a_then_b(repo) -> None:
    """The review's sequence: draft A and draft B on the data folder, then A published."""
    upload_draft(repo, DRAFT_A, "vi_headers_2024.csv")
    upload_draft(repo, DRAFT_B, "hostile.csv")
    repo.publish(APPROVER, "v0001")


def loss_rows(lost: publishing.Loss, lang: str = "vi") -> list[list[str]]:
    indicators = store.read_catalogue(settings.BUNDLED_DATA_DIR)
    return datasets.loss_table(lost.figures, indicators, lang).values.tolist()


def figures_of(repo, version_id: str) -> dict[tuple[str, str], str]:
    """(indicator, measure) -> value of a version's 2024 figures, as its dataset holds them."""
    frame = queries.loaded_observations(
        datasets.load_version(repo, version_id, settings.BUNDLED_DATA_DIR).cursor()
    )
    frame = frame[frame["period"] == "2024"]
    rows = zip(frame["indicator_id"], frame["measure"], frame["value"], strict=True)
    return {(i, m): f"{v:g}" for i, m, v in rows}


def test_a_draft_built_on_older_data_names_the_published_figures_its_publishing_would_lose(repo):
    a_then_b(repo)
    assert [repo.get(v).base for v in ("v0001", "v0002")] == [datasets.BUNDLED, datasets.BUNDLED]
    lost = publishing.loss(repo, "v0002", "v0001", settings.BUNDLED_DATA_DIR)
    assert (lost.count, lost.base, lost.published) == (4, datasets.BUNDLED, "v0001")
    assert loss_rows(lost) == LOST_OF_A
    assert loss_rows(lost, "en")[0] == [
        "Fall in the poor-household rate (multidimensional standard)",
        "Province-wide",
        "2024",
        "Actual",
        "3.25 points",
        "removed",
    ]
    # Nothing is lost by what A's own upload did to the data folder's figures (it set them).
    assert publishing.loss(repo, "v0001", None, settings.BUNDLED_DATA_DIR).count == 0


def test_making_the_draft_again_keeps_the_published_figures_and_adds_its_own_upload(repo):
    a_then_b(repo)
    names = ("v0002 · hostile.csv", "v0001 · vi_headers_2024.csv")
    new, (kind, text, _) = publishing.rebase(
        repo, APPROVER, "v0002", "v0001", settings.BUNDLED_DATA_DIR, names, "vi"
    )
    assert (new, kind) == ("v0003", "success")
    assert text == (
        "Đã lập bản nháp v0003 từ v0001 · vi_headers_2024.csv và tệp tải lên của v0002 · hostile.csv. "
        "Phiên này đang xem v0003; hãy kiểm tra rồi công bố v0003."
    )
    rebased = repo.get("v0003")
    assert (rebased.base, rebased.file_name, rebased.created_by, repo.status("v0002")) == (
        "v0001",
        "hostile.csv",
        "duyet",
        "draft",
    )
    figures = figures_of(repo, "v0003")
    assert {k: figures[k] for k in [("vocational_enrolment", "target"), ("poverty_rate_fall", "actual")]} == {
        ("vocational_enrolment", "target"): "9000",  # A's, kept
        ("poverty_rate_fall", "actual"): "3.25",
    }
    assert figures[("vocational_enrolment", "actual")] == "9500"  # B's upload, put in
    assert figures[("temporary_homes_removed", "actual")] == "2100"
    assert publishing.loss(repo, "v0003", "v0001", settings.BUNDLED_DATA_DIR).count == 0
    (row,) = [r for r in repo.audit_log(APPROVER) if r.version == "v0003"]
    assert (row.user, row.action, datasets.audit_detail(row.action, row.detail, "vi")) == (
        "duyet",
        "upload",
        "hostile.csv (lập lại bản nháp v0002 trên v0001)",
    )
    assert (
        datasets.audit_detail(row.action, row.detail, "en") == "hostile.csv (draft v0002 made again on v0001)"
    )


def test_making_the_draft_again_is_refused_with_the_cell_when_its_upload_no_longer_validates(repo, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    for path in settings.BUNDLED_DATA_DIR.iterdir():
        if path.is_file():
            (folder / path.name).write_bytes(path.read_bytes())
    catalogue = (folder / "indicators.csv").read_text()
    extra = "trial_count,social,Chỉ tiêu thử,Trial count,households,up\n"
    (folder / "indicators.csv").write_text(catalogue + extra)
    con = store.open_dir(folder).cursor()
    upload_draft(repo, DRAFT_A, "a.csv", con)
    upload_draft(repo, "Chỉ tiêu;Năm;Thực hiện\nChỉ tiêu thử;2024;12\n", "b.csv", con)
    repo.publish(APPROVER, "v0001")
    (folder / "indicators.csv").write_text(catalogue)  # the catalogue no longer has it
    new, (kind, text, _) = publishing.rebase(
        repo, APPROVER, "v0002", "v0001", folder, ("v0002", "v0001"), "vi"
    )
    assert (new, kind) == (None, "error")
    assert text.startswith("Không lập lại được bản nháp v0002 trên v0001: tệp tải lên không còn hợp lệ")
    assert "b.csv, dòng 2, cột Chỉ tiêu: " in text and text.endswith("Chưa lưu gì.")
    assert [v.id for v in repo.versions()] == ["v0001", "v0002"]  # nothing saved


def test_a_draft_built_on_the_published_version_loses_nothing_and_an_old_draft_is_still_compared(repo):
    a_then_b(repo)
    on_a = datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR).cursor()
    upload_draft(repo, DRAFT_B, "hostile.csv", on_a, base="v0001")
    assert publishing.loss(repo, "v0003", "v0001", settings.BUNDLED_DATA_DIR).count == 0
    # A draft saved before drafts recorded their base: no "base" in meta.json; still compared.
    meta_path = repo.root / "v0002" / "meta.json"
    meta = json.loads(meta_path.read_text())
    del meta["base"]
    meta_path.write_text(json.dumps(meta))
    assert repo.get("v0002").base == ""
    lost = publishing.loss(repo, "v0002", "v0001", settings.BUNDLED_DATA_DIR)
    assert (lost.count, lost.base) == (4, "")
    assert loss_rows(lost) == LOST_OF_A
    # Without its normalised.csv what its upload set is unknown: every difference is listed.
    (repo.root / "v0002" / "normalised.csv").write_text("damaged")
    assert publishing.loss(repo, "v0002", "v0001", settings.BUNDLED_DATA_DIR).count == 4 + 2


def test_publishing_anyway_after_the_tick_names_the_loss_shows_the_draft_and_audits_it(
    isolated_app, tmp_path
):
    repo = datasets.DiskRepo(tmp_path / "state" / "datasets", statedb.connect())
    a_then_b(repo)
    restart()
    at = page("approver", name="duyet")
    at.selectbox(key="data_version").set_value("v0002").run()
    at.button(key="data_activate").click().run()
    (warning,) = [plain(w.value) for w in at.warning if "không phải từ" in plain(w.value)]
    assert warning == (
        f"Bản nháp v0002 · hostile.csv được lập từ d{BUNDLED[1:]}, không phải từ v0001 · vi_headers_2024.csv "
        "đang công bố. Nếu công bố, 4 số liệu của v0001 · vi_headers_2024.csv mà tệp tải lên của bản nháp "
        "không hề nhập sẽ bị xóa hoặc đổi giá trị (bảng dưới)."
    )
    lost = next(df.value for df in at.dataframe if "Sau khi công bố" in df.value.columns)
    assert lost.values.tolist() == LOST_OF_A
    assert at.button(key="data_rebase").label == "Lập lại bản nháp trên phiên bản đang công bố"
    assert plain(at.checkbox(key="data_publish_sure").label) == (
        "Tôi đã kiểm tra v0002 · hostile.csv. Khi công bố, mọi người xem, kể cả lãnh đạo, sẽ thấy số liệu "
        "của phiên bản này thay cho v0001 · vi_headers_2024.csv, và 4 số liệu của v0001 · "
        "vi_headers_2024.csv liệt kê ở trên sẽ mất."
    )
    assert at.button(key="data_publish").disabled
    at.checkbox(key="data_publish_sure").check().run()
    at.button(key="data_publish").click().run()
    assert [plain(s.value) for s in at.success] == [
        "Đã công bố v0002 · hostile.csv: mọi người xem đang thấy phiên bản này."
    ]
    assert repo.active() == "v0002"
    assert figures_of(repo, "v0002")[("vocational_enrolment", "actual")] == "9500"
    audit = next(df.value for df in at.dataframe if "Việc" in df.value.columns)
    assert audit[["Việc", "Phiên bản", "Chi tiết"]].values.tolist()[0] == [
        "công bố",
        "v0002",
        "công bố dù mất 4 số liệu của v0001",
    ]


def test_the_publish_step_makes_the_draft_again_on_the_published_version(isolated_app, tmp_path):
    repo = datasets.DiskRepo(tmp_path / "state" / "datasets", statedb.connect())
    a_then_b(repo)
    restart()
    at = page("approver", name="duyet")
    at.selectbox(key="data_version").set_value("v0002").run()
    at.button(key="data_activate").click().run()
    at.button(key="data_rebase").click().run()
    assert [plain(s.value) for s in at.success] == [
        "Đã lập bản nháp v0003 từ v0001 · vi_headers_2024.csv và tệp tải lên của v0002 · hostile.csv. "
        "Phiên này đang xem v0003; hãy kiểm tra rồi công bố v0003."
    ]
    assert at.button(key="data_publish").label == "Công bố v0003 · hostile.csv"
    assert "data_rebase" not in keys(at)  # nothing lost: the step is as before
    assert plain(at.checkbox(key="data_publish_sure").label) == (
        "Tôi đã kiểm tra v0003 · hostile.csv. Khi công bố, mọi người xem, kể cả lãnh đạo, sẽ thấy số liệu "
        "của phiên bản này thay cho v0001 · vi_headers_2024.csv."
    )
    assert repo.active() == "v0001"  # a draft: nothing changed for viewers
