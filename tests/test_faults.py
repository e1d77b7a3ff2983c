"""Damaged state and failed writes, as a user meets them: every page still opens, says what is wrong
in the UI's language, and offers the way back; a failed write says what was and was not saved.

Each state file is damaged the ways a disk, a crash or a hand edit damages it: the published
version's observations.csv (deleted, truncated, edited, emptied), its meta.json (not JSON, not
UTF-8, a list, wrong types, missing keys, deleted), the version folder itself, the state database
(unreadable, busy, lost; the old layout's active.json is imported into it once), the data folder
(missing, a file, no catalogue, no figures, a bad row, Parquet that is random bytes, truncated, or
of the wrong column types) and the bundled data. The published pointer is in the state database
since issue 13: only approvers are offered the way back (a rollback), others are told who can.
Writes fail with a full disk or a read-only folder (monkeypatched: the tests run as root, where
chmod blocks nothing), or a state database that refuses (monkeypatched `statedb.StateError`s).
Notices drawn by the front door show on the first run (AppTest drops the front door's elements
after `switch_page`; a browser shows them on every page); each page is also opened to check it
works on the fallback data.
"""

from __future__ import annotations

import errno
import gc
import json
import os
import re
import shutil
from pathlib import Path

import duckdb
import pytest
import streamlit as st
from fixtures import APP, APPROVER, PLANNER
from fixtures import act_as as as_role
from streamlit.testing.v1 import AppTest

from lib import i18n, settings
from lib.data import store, validate
from lib.literal import plain
from lib.models.sim_setup import Assumptions
from lib.state import access, datasets, scenarios, statedb

PAGES = ["pages/overview.py", "pages/explore.py", "pages/simulate.py", "pages/data.py", "pages/briefing.py"]
PLAN = "Chỉ tiêu,Năm,Kế hoạch\nLượt lao động được tạo việc làm mới,2023,{plan}\n"
BUNDLED = i18n.t("data.bundled", "vi")
FULL = OSError(errno.ENOSPC, "No space left on device")
READ_ONLY = OSError(errno.EROFS, "Read-only file system")


# ---------------------------------------------------------------- helpers


def restart() -> None:
    """What a server restart does to the caches: versions are read from disk again."""
    st.cache_resource.clear()
    st.cache_data.clear()


def front(role: str | None = None, **params: str) -> AppTest:
    """The front page, as `role` (None: whoever an anonymous visitor is)."""
    at = AppTest.from_file(APP, default_timeout=30)
    for key, value in params.items():
        at.query_params[key] = value
    if role is not None:
        as_role(at, role)
    at.run()
    assert not at.exception, [plain(e.value) for e in at.exception]
    return at


def open_page(page: str, role: str | None = None, **params: str) -> AppTest:
    at = front(role, **params)
    at.switch_page(page).run()
    assert not at.exception, [plain(e.value) for e in at.exception]
    return at


def way_back(at: AppTest) -> list[str]:
    """The labels of the way-back buttons (the sidebar may hold others: sign out, language)."""
    return [b.label for b in at.button if (b.key or "").startswith("state_")]


def overview_text(at: AppTest) -> str:
    return at.dataframe[0].value.to_csv(index=False)


def table(at: AppTest, column: str):
    return next(df.value for df in at.dataframe if column in df.value.columns)


def files_under(path: Path) -> dict[str, bytes]:
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


def save_plan(repo: datasets.Repo, con, plan: int) -> datasets.Version:
    data = PLAN.format(plan=plan).encode()
    pv = datasets.preview(data, f"kh-{plan}.csv", con)
    assert pv.ok
    return datasets.accept(repo, PLANNER, pv, data, f"kh-{plan}.csv", con)


def repo_of(root: Path) -> datasets.DiskRepo:
    return datasets.DiskRepo(root, statedb.connect())


def published(root: Path) -> str | None:
    return repo_of(root).active()


@pytest.fixture
def state(isolated_app, tmp_path) -> Path:
    """Two published versions: v0001 (2023 jobs plan 22.200), then v0002 on top of it (22.300)."""
    root = tmp_path / "state" / "datasets"
    repo = repo_of(root)
    save_plan(repo, store.open_dir(settings.BUNDLED_DATA_DIR).cursor(), 22200)
    repo.publish(APPROVER, "v0001")
    save_plan(repo, datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR).cursor(), 22300)
    repo.publish(APPROVER, "v0002")
    assert repo.active() == "v0002"
    restart()
    return root


# ---------------------------------------------------------------- damaged files of a version


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: len(path.read_bytes()) // 2])


def _edit(path: Path) -> None:
    path.write_bytes(path.read_bytes().replace(b"22300", b"99999"))


def _meta(change):
    def damage(path: Path) -> None:
        meta = json.loads(path.read_text(encoding="utf-8"))
        path.write_text(json.dumps(change(meta)), encoding="utf-8")

    return damage


MISSING_FILE = "thiếu hoặc không đọc được một tệp của phiên bản đã lưu ({name})"
CHECKSUM = "phiên bản đã lưu bị hỏng (mã kiểm tra không khớp) nên không được nạp"
BAD_META = "tệp mô tả của phiên bản (meta.json) bị hỏng: không phải JSON đọc được"
META_FIELDS = "tệp mô tả của phiên bản (meta.json) thiếu hoặc sai trường: {fields}"

DAMAGES = {
    "observations deleted": ("observations.csv", Path.unlink, MISSING_FILE.format(name="observations.csv")),
    "observations truncated": ("observations.csv", _truncate, CHECKSUM),
    "observations edited": ("observations.csv", _edit, CHECKSUM),
    "observations emptied": ("observations.csv", lambda p: p.write_bytes(b""), CHECKSUM),
    "observations a folder": (
        "observations.csv",
        lambda p: (p.unlink(), p.mkdir()),
        MISSING_FILE.format(name="observations.csv"),
    ),
    "meta deleted": ("meta.json", Path.unlink, MISSING_FILE.format(name="meta.json")),
    "meta not json": ("meta.json", lambda p: p.write_text("{rows: 3,"), BAD_META),
    "meta not utf-8": ("meta.json", lambda p: p.write_bytes(b'{"rows": "\xff\xfe"}'), BAD_META),
    "meta a list": ("meta.json", lambda p: p.write_text("[1, 2]"), BAD_META),
    "meta rows as text": ("meta.json", _meta(lambda m: m | {"rows": "3"}), META_FIELDS.format(fields="rows")),
    "meta total as bool": (
        "meta.json",
        _meta(lambda m: m | {"total_rows": True}),
        META_FIELDS.format(fields="total_rows"),
    ),
    "meta key missing": (
        "meta.json",
        _meta(lambda m: {k: v for k, v in m.items() if k != "snapshot_sha256"}),
        META_FIELDS.format(fields="snapshot_sha256"),
    ),
    "meta original outside": (
        "meta.json",
        _meta(lambda m: m | {"original": "../../etc/passwd"}),
        META_FIELDS.format(fields="original"),
    ),
    "meta wrong checksum": ("meta.json", _meta(lambda m: m | {"snapshot_sha256": "0" * 64}), CHECKSUM),
    "folder deleted": ("", shutil.rmtree, "phiên bản này không còn (thư mục của nó đã mất)"),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_published_version_says_why_and_an_approver_rolls_back_in_two_steps(state, damage):
    name, spoil, reason = DAMAGES[damage]
    spoil(state / "v0002" / name)
    kept = files_under(state)

    at = front("approver")
    assert [plain(w.value) for w in at.warning] == [
        f"Phiên bản v0002 đang công bố bị hỏng, nên ứng dụng đang hiện {BUNDLED}; "
        "người phê duyệt có thể quay lại một phiên bản khác trên trang Dữ liệu. "
        f"Chi tiết: {reason}."
    ]
    assert "khoảng 22.200 người" in overview_text(at)  # the bundled figures, said to be the bundled ones
    assert way_back(at) == [
        "Dùng phiên bản v0001 (phiên bản mới nhất còn dùng được)",
        f"Dùng {BUNDLED}",
    ]

    at.checkbox(key="state_use_version_sure").check().run()  # the second step (ui.two_steps)
    at.button(key="state_use_version").click().run()
    assert not at.exception
    assert [plain(w.value) for w in at.warning] == []
    assert [plain(s.value) for s in at.success] == [
        "Đã quay lại v0001: mọi người xem đang thấy phiên bản này."
    ]
    assert ",22.200 người," in overview_text(at)
    assert published(state) == "v0001"
    assert files_under(state) == kept  # nothing was lost or rewritten: the pointer is in the database


@pytest.mark.parametrize("role", ["viewer", "planner"])
def test_a_damaged_published_version_is_said_to_everyone_but_only_approvers_roll_back(state, role):
    (state / "v0002" / "observations.csv").unlink()
    at = front(role)
    assert [plain(w.value) for w in at.warning] == [
        f"Phiên bản v0002 đang công bố bị hỏng, nên ứng dụng đang hiện {BUNDLED}; "
        "người phê duyệt có thể quay lại một phiên bản khác trên trang Dữ liệu. "
        f"Chi tiết: {MISSING_FILE.format(name='observations.csv')}."
    ]
    assert way_back(at) == []  # the warning says who can go back, and where


@pytest.mark.parametrize("damage", ["observations deleted", "meta rows as text", "meta not json"])
def test_the_data_page_lists_a_damaged_version_as_damaged(state, damage):
    name, spoil, reason = DAMAGES[damage]
    spoil(state / "v0002" / name)
    at = open_page("pages/data.py", "planner")
    rows = table(at, "Tình trạng")
    assert rows[["Phiên bản", "Đang dùng", "Tình trạng"]].values.tolist() == [
        ["v0002", "", f"hỏng: {reason}"],
        ["v0001", "", "dùng được"],
    ]
    assert f"Ứng dụng đang dùng: {BUNDLED}" in [plain(c.value) for c in at.caption]
    assert at.selectbox(key="data_version").options == [BUNDLED, "v0001 · kh-22200.csv"]


def test_switching_to_a_version_that_does_not_load_is_refused_before_the_switch(state):
    repo_of(state).publish(APPROVER, "v0001", "rollback")
    _edit(state / "v0002" / "observations.csv")
    at = open_page("pages/data.py", "planner")
    at.selectbox(key="data_version").set_value("v0002").run()
    at.button(key="data_activate").click().run()
    assert not at.exception
    assert [plain(e.value) for e in at.error] == [
        f"Không dùng được phiên bản v0002: {CHECKSUM}. Dữ liệu đang hiện giữ nguyên."
    ]
    assert published(state) == "v0001"


def test_the_way_back_to_the_bundled_data(state):
    (state / "v0002" / "observations.csv").unlink()
    at = front("approver")
    at.checkbox(key="state_use_base_sure").check().run()  # the second step (ui.two_steps)
    at.button(key="state_use_base").click().run()
    assert not at.exception
    assert [plain(w.value) for w in at.warning] == []
    assert [plain(s.value) for s in at.success] == [
        f"Đã quay lại {BUNDLED}: mọi người xem đang thấy phiên bản này."
    ]
    assert published(state) is None


def test_without_an_older_good_version_the_way_back_is_the_bundled_data(state):
    (state / "v0001" / "observations.csv").unlink()
    (state / "v0002" / "observations.csv").unlink()
    at = front("approver", lang="en")
    assert [plain(w.value) for w in at.warning] == [
        "The published version v0002 is damaged, so the app shows "
        "Bundled data (the department's 2023 results, as published in the provincial newspaper); "
        "an approver can go back to another version on the Data page. "
        "Details: a file of this saved version is missing or unreadable (observations.csv)."
    ]
    assert way_back(at) == [
        "Use Bundled data (the department's 2023 results, as published in the provincial newspaper)"
    ]


def test_a_repaired_version_is_used_again_without_a_restart(state):
    path = state / "v0002" / "observations.csv"
    good = path.read_bytes()
    _edit(path)
    assert front().warning
    path.write_bytes(good)  # the administrator restores the file from a backup
    at = front()
    assert [plain(w.value) for w in at.warning] == [] and "22.300 người" in overview_text(at)


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_on_the_fallback_when_the_active_version_is_damaged(state, page):
    (state / "v0002" / "observations.csv").unlink()
    open_page(page)  # no exception on any page


# ---------------------------------------------------------------- the state database

DB_WARNING = (
    "Không dùng được cơ sở dữ liệu trạng thái ({where}): {reason}. Đang hiện {fallback}; chưa tải lên, "
    "công bố hay lưu kịch bản được cho đến khi cơ sở dữ liệu dùng lại được."
)


def _garbage(path: Path) -> None:
    for extra in ("-wal", "-shm"):
        Path(str(path) + extra).unlink(missing_ok=True)
    path.write_bytes(b"this is not a database, it was overwritten by hand" * 100)


def test_an_unreadable_state_database_says_so_on_every_page_and_shows_the_data_folder(state, tmp_path):
    db_file = tmp_path / "state" / "chitieu.sqlite3"
    kept = files_under(state)
    restart()  # the open database is forgotten, as after a restart
    gc.collect()  # and its connections closed (the last one to close writes its WAL back)
    _garbage(db_file)
    at = front()  # an anonymous visitor: nobody can sign in while the database is damaged
    assert [plain(w.value) for w in at.warning] == [
        DB_WARNING.format(
            where=db_file,
            reason="tệp cơ sở dữ liệu trạng thái bị hỏng; hãy khôi phục từ bản sao lưu",
            fallback=BUNDLED,
        )
    ]
    assert "khoảng 22.200 người" in overview_text(at)
    for page in PAGES:
        open_page(page)
    data = open_page("pages/data.py")
    assert len(data.get("file_uploader")) == 0  # nothing is uploaded that could not be recorded
    # A viewer is shown only published versions, and which were published is in the damaged
    # database: no version is offered, none is lost.
    assert files_under(state) == kept


def test_a_busy_state_database_says_so_and_a_publish_it_refuses_keeps_the_previous_one(state, fault):
    def busy(*args, **kwargs):
        raise statedb.StateError("busy", "statedb.reason_busy")

    at = open_page("pages/data.py", "approver")
    fault.setattr(statedb.StateDB, "publish", busy)
    at.selectbox(key="data_rollback_to").set_value("v0001").run()
    at.checkbox(key="data_rollback_sure").check().run()  # the second step
    at.button(key="data_rollback").click().run()
    assert not at.exception
    assert [plain(e.value) for e in at.error] == [
        "Chưa công bố được v0001 · kh-22200.csv: cơ sở dữ liệu trạng thái đang bận ghi một thay đổi khác; "
        "hãy thử lại sau giây lát. Số liệu đã công bố giữ nguyên."
    ]
    fault.setattr(statedb.StateDB, "published", busy)
    at = front()
    (warning,) = [plain(w.value) for w in at.warning]
    assert "cơ sở dữ liệu trạng thái đang bận ghi một thay đổi khác" in warning
    assert "khoảng 22.200 người" in overview_text(at)
    fault.undo()
    assert published(state) == "v0002"


def test_a_lost_database_server_says_so_and_every_page_still_opens(isolated_app, monkeypatch):
    monkeypatch.setenv("CHITIEU_DATABASE_URL", "postgresql://chitieu:secret@127.0.0.1:1/chitieu")
    at = front()
    (warning,) = [plain(w.value) for w in at.warning]
    assert warning.startswith(
        "Không dùng được cơ sở dữ liệu trạng thái (postgresql://chitieu:***@127.0.0.1:1/chitieu)"
    )
    assert "secret" not in warning
    assert "khoảng 22.200 người" in overview_text(at)
    for page in PAGES:
        open_page(page)


def test_a_state_folder_of_the_old_layout_is_imported_with_its_choice(isolated_app, tmp_path):
    root = tmp_path / "state" / "datasets"
    old = datasets.DiskRepo(root)  # the old layout: version folders and active.json, no database
    save_plan(old, store.open_dir(settings.BUNDLED_DATA_DIR).cursor(), 22200)
    (root / "active.json").write_text('{"version": "v0001"}')
    restart()
    at = front("viewer")
    assert [plain(w.value) for w in at.warning] == [] and ",22.200 người," in overview_text(at)
    (pub,) = repo_of(root).publications()
    assert (pub.version, pub.by) == ("v0001", statedb.LEGACY_BY)


@pytest.mark.parametrize("content", [b"{not json", b'{"version": "../../etc"}', b"\xff\xfe\x00"])
def test_a_damaged_active_json_of_the_old_layout_publishes_nothing_and_loses_nothing(
    isolated_app, tmp_path, content
):
    root = tmp_path / "state" / "datasets"
    save_plan(datasets.DiskRepo(root), store.open_dir(settings.BUNDLED_DATA_DIR).cursor(), 22200)
    (root / "active.json").write_bytes(content)
    restart()
    at = front()
    assert "khoảng 22.200 người" in overview_text(at)
    repo = repo_of(root)
    assert repo.active() is None and [v.id for v in repo.versions()] == ["v0001"]
    assert (root / "active.json").read_bytes() == content


def test_a_way_back_the_database_refuses_says_so(state, fault):
    (state / "v0002" / "observations.csv").unlink()
    at = front("approver")
    fault.setattr(statedb.StateDB, "publish", _raise(statedb.StateError("full", "statedb.reason_full")))
    at.checkbox(key="state_use_version_sure").check().run()  # the second step (ui.two_steps)
    at.button(key="state_use_version").click().run()
    fault.undo()
    assert not at.exception
    assert [plain(e.value) for e in at.error] == [
        "Chưa công bố được v0001: ổ đĩa chứa cơ sở dữ liệu trạng thái đã đầy. Số liệu đã công bố giữ nguyên."
    ]
    assert published(state) == "v0002"


# ---------------------------------------------------------------- the data folder


def _parquet_folder(folder: Path, sql: str, name: str = "observations.parquet") -> None:
    obs = settings.BUNDLED_DATA_DIR / "observations.csv"
    con = duckdb.connect()
    target = folder / name
    target.parent.mkdir(parents=True, exist_ok=True)
    con.execute(f"COPY ({sql.format(obs=f'read_csv({str(obs)!r}, all_varchar=true)')}) TO '{target}'")
    con.close()
    (folder / "observations.csv").unlink()


def _random_parquet(folder: Path) -> None:
    (folder / "observations.csv").unlink()
    (folder / "observations.parquet").write_bytes(os.urandom(4096))


def _truncated_parquet(folder: Path) -> None:
    _parquet_folder(folder, "FROM {obs}")
    _truncate(folder / "observations.parquet")


def _one_bad_partition(folder: Path) -> None:
    _parquet_folder(folder, "FROM {obs}", "observations/year=2023/part-0.parquet")
    (folder / "observations" / "year=2024").mkdir()
    (folder / "observations" / "year=2024" / "part-0.parquet").write_bytes(b"PAR1" + b"\0" * 100 + b"PAR1")


FOLDER_FAULTS = {
    "missing": (lambda f: shutil.rmtree(f), "thư mục dữ liệu không tồn tại hoặc không phải thư mục"),
    "a file": (
        lambda f: (shutil.rmtree(f), f.write_text("x")),
        "thư mục dữ liệu không tồn tại hoặc không phải thư mục",
    ),
    "no catalogue": (
        lambda f: (f / "indicators.csv").unlink(),
        "{f}/indicators.csv: không đọc được tệp (không tồn tại hoặc không có quyền đọc)",
    ),
    "no figures": (
        lambda f: (f / "observations.csv").unlink(),
        "{f}/observations.csv: không đọc được tệp (không tồn tại hoặc không có quyền đọc)",
    ),
    "random bytes parquet": (
        _random_parquet,
        "{f}/observations.parquet: không đọc được tệp Parquet (hỏng, bị cắt cụt hoặc không phải Parquet)",
    ),
    "truncated parquet": (
        _truncated_parquet,
        "{f}/observations.parquet: không đọc được tệp Parquet (hỏng, bị cắt cụt hoặc không phải Parquet)",
    ),
    "one bad partition": (
        _one_bad_partition,
        "{f}/observations/year=2024/part-0.parquet: không đọc được tệp Parquet "
        "(hỏng, bị cắt cụt hoặc không phải Parquet)",
    ),
    "figures as lists": (
        lambda f: _parquet_folder(f, "SELECT * REPLACE ([1, 2] AS value) FROM {obs}"),
        "{f}/observations.parquet: value: cột có kiểu dữ liệu không dùng được trong tệp Parquet "
        "(thấy 'INTEGER[]'; cần BIGINT | DOUBLE | DECIMAL | VARCHAR)",
    ),
    "dates as figures": (
        lambda f: _parquet_folder(f, "SELECT * REPLACE (DATE '2023-01-01' AS value) FROM {obs}"),
        "{f}/observations.parquet: value: cột có kiểu dữ liệu không dùng được trong tệp Parquet "
        "(thấy 'DATE'; cần BIGINT | DOUBLE | DECIMAL | VARCHAR)",
    ),
    "areas as structs": (
        lambda f: _parquet_folder(f, "SELECT * REPLACE ({{'a': area}} AS area) FROM {obs}"),
        "{f}/observations.parquet: area: cột có kiểu dữ liệu không dùng được trong tệp Parquet "
        "(thấy 'STRUCT(a VARCHAR)'; cần VARCHAR)",
    ),
    "a figure that is not a number": (
        lambda f: (f / "observations.csv").write_text(
            (f / "observations.csv").read_text().replace("25953", "25953x", 1)
        ),
        "{f}/observations.csv:",
    ),
}


@pytest.mark.parametrize("case", list(FOLDER_FAULTS))
def test_a_broken_data_folder_names_the_file_and_falls_back_to_the_bundled_data(
    isolated_app, data_copy, monkeypatch, case
):
    spoil, problem = FOLDER_FAULTS[case]
    spoil(data_copy)
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    at = front()
    (warning,) = [plain(w.value) for w in at.warning]
    prefix = (
        f"Không nạp được thư mục dữ liệu {data_copy}, nên đang hiện {BUNDLED}. "
        f"Lỗi: {problem.format(f=data_copy)}"
    )
    assert warning.startswith(prefix), warning
    assert warning.endswith(
        "Hãy sửa hoặc thay tệp đó trên máy chủ rồi tải lại trang. "
        "Khi thư mục dữ liệu chưa nạp được thì chưa tải tệp lên được."
    )
    assert "khoảng 22.200 người" in overview_text(at)
    data = at.switch_page("pages/data.py").run()
    assert not data.exception
    assert len(data.get("file_uploader")) == 0  # uploads wait until the data folder loads
    assert f"Ứng dụng đang dùng: {BUNDLED}" in [plain(c.value) for c in data.caption]


@pytest.mark.parametrize("page", PAGES)
def test_every_page_opens_when_the_data_folder_is_broken(isolated_app, data_copy, monkeypatch, page):
    _random_parquet(data_copy)
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    open_page(page)


def test_a_fixed_data_folder_is_used_on_the_next_page_load(isolated_app, data_copy, monkeypatch):
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    catalogue = (data_copy / "indicators.csv").read_bytes()
    (data_copy / "indicators.csv").unlink()
    assert front().warning
    (data_copy / "indicators.csv").write_bytes(catalogue)
    assert [plain(w.value) for w in front().warning] == []


def test_when_even_the_bundled_data_is_broken_the_page_says_which_file(isolated_app, data_copy, monkeypatch):
    (data_copy / "indicators.csv").write_text("rác", encoding="utf-8")
    monkeypatch.setattr(settings, "BUNDLED_DATA_DIR", data_copy)
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(data_copy))
    at = front()
    (error,) = [plain(e.value) for e in at.error]
    assert error.startswith(
        f"Không nạp được dữ liệu của ứng dụng (thư mục {data_copy}). Lỗi: {data_copy}/indicators.csv"
    )
    assert error.endswith("Hãy sửa hoặc thay tệp đó trên máy chủ rồi tải lại trang.")


# ---------------------------------------------------------------- writes that fail


@pytest.fixture
def fault():
    """A monkeypatch of its own for the failure, undone on its own (the app's state folder stays)."""
    patch = pytest.MonkeyPatch()
    yield patch
    patch.undo()


def _raise(exc: OSError):
    def fail(*args, **kwargs):
        raise exc

    return fail


def confirm_upload(at: AppTest, plan: int) -> AppTest:
    at.file_uploader(key="data_upload").set_value(
        (f"kh-{plan}.csv", PLAN.format(plan=plan).encode(), "text/csv")
    )
    at.run()
    return at.button(key="data_confirm").click().run()


@pytest.mark.parametrize(
    ("where", "exc", "reason"),
    [
        ("replace", FULL, "ổ đĩa đã đầy"),
        ("replace", READ_ONLY, "thư mục lưu trạng thái chỉ đọc hoặc không có quyền ghi"),
        ("open", FULL, "ổ đĩa đã đầy"),
        ("mkdir", READ_ONLY, "thư mục lưu trạng thái chỉ đọc hoặc không có quyền ghi"),
        ("replace", OSError(errno.EIO, "I/O error"), "hệ thống từ chối ghi (EIO)"),
    ],
)
def test_an_upload_that_cannot_be_written_says_nothing_was_saved(
    isolated_app, tmp_path, fault, where, exc, reason
):
    at = open_page("pages/data.py", "planner")
    if where == "replace":
        fault.setattr(datasets.os, "replace", _raise(exc))
    elif where == "open":
        fault.setattr(datasets, "open", _raise(exc), raising=False)
    else:
        fault.setattr(Path, "mkdir", _raise(exc))
    confirm_upload(at, 22200)
    fault.undo()
    assert not at.exception
    assert [plain(e.value) for e in at.error] == [f"Chưa lưu được gì: {reason}. Dữ liệu hiện tại giữ nguyên."]
    assert [plain(s.value) for s in at.success] == []
    assert files_under(tmp_path / "state" / "datasets") == {}  # no version, no half file, no staging
    assert statedb.connect().versions() == []
    assert "khoảng 22.200 người" in overview_text(front())


def test_a_version_saved_but_not_recorded_says_so_and_an_approver_can_still_publish_it(
    isolated_app, tmp_path, fault
):
    at = open_page("pages/data.py", "planner")
    fault.setattr(
        statedb.StateDB, "register_version", _raise(statedb.StateError("full", "statedb.reason_full"))
    )
    confirm_upload(at, 22200)
    fault.undo()
    assert not at.exception
    assert [plain(w.value) for w in at.warning] == [
        "Đã lưu các tệp của phiên bản v0001, nhưng chưa ghi được vào cơ sở dữ liệu trạng thái: ổ đĩa chứa cơ "
        "sở dữ liệu trạng thái đã đầy. Phiên bản có trong danh sách ở dưới; "
        "người phê duyệt vẫn công bố được nó."
    ]
    assert table(at, "Tình trạng")[["Phiên bản", "Đang dùng", "Công bố"]].values.tolist() == [
        ["v0001", "", "bản nháp"]
    ]
    assert f"Ứng dụng đang dùng: {BUNDLED}" in [plain(c.value) for c in at.caption]  # the truth, not v0001
    approver = open_page("pages/data.py", "approver")
    approver.selectbox(key="data_version").set_value("v0001").run()
    approver.button(key="data_activate").click().run()
    approver.checkbox(key="data_publish_sure").check().run()
    approver.button(key="data_publish").click().run()
    assert [plain(s.value) for s in approver.success] == [
        "Đã công bố v0001 · kh-22200.csv: mọi người xem đang thấy phiên bản này."
    ]
    assert ",22.200 người," in overview_text(front("viewer"))


def test_a_rollback_the_database_refuses_keeps_the_published_version(state, fault):
    at = open_page("pages/data.py", "approver")
    fault.setattr(statedb.StateDB, "publish", _raise(statedb.StateError("ro", "statedb.reason_read_only")))
    at.selectbox(key="data_rollback_to").set_value("v0001").run()
    at.checkbox(key="data_rollback_sure").check().run()  # the second step
    at.button(key="data_rollback").click().run()
    fault.undo()
    assert [plain(e.value) for e in at.error] == [
        "Chưa công bố được v0001 · kh-22200.csv: không ghi được cơ sở dữ liệu trạng thái (thư mục lưu trạng "
        "thái chỉ đọc hoặc không tồn tại). Số liệu đã công bố giữ nguyên."
    ]
    assert published(state) == "v0002"


def test_an_upload_whose_dataset_would_not_load_is_refused_before_anything_is_written(
    isolated_app, tmp_path, monkeypatch
):
    real = datasets.apply_upload

    def with_a_bad_row(current, upload):
        merged = real(current, upload)
        merged.loc[0, "indicator_id"] = "no_such_indicator"
        return merged

    monkeypatch.setattr(datasets, "apply_upload", with_a_bad_row)
    at = confirm_upload(open_page("pages/data.py", "planner"), 22200)
    (error,) = [plain(e.value) for e in at.error]
    assert error.startswith(
        "Chưa lưu được gì: dữ liệu sau khi thêm tệp này sẽ không nạp được (observations.csv:2:"
    )
    assert "chỉ tiêu không có trong danh mục" in error
    assert files_under(tmp_path / "state" / "datasets") == {}


# ---------------------------------------------------------------- scenarios


def open_sim() -> AppTest:
    return open_page("pages/simulate.py", "planner", lang="vi")


def listed(at: AppTest) -> list[str]:
    """The saved scenarios' names as listed (a signed-in owner's own are marked as theirs)."""
    return [m.value.split(" · ")[0] for m in at.markdown]


REASONS = {
    "statedb.reason_full": "ổ đĩa chứa cơ sở dữ liệu trạng thái đã đầy",
    "statedb.reason_busy": (
        "cơ sở dữ liệu trạng thái đang bận ghi một thay đổi khác; hãy thử lại sau giây lát"
    ),
    "statedb.reason_unreachable": "không kết nối được máy chủ cơ sở dữ liệu; hãy thử lại sau giây lát",
}


@pytest.mark.parametrize("key", list(REASONS))
def test_a_scenario_the_database_refuses_says_so_and_keeps_the_others(isolated_app, fault, key):
    at = open_sim()
    at.text_input(key="sim_name").input("Cũ")
    at.button(key="sim_save").click().run()
    fault.setattr(statedb.StateDB, "save_scenario", _raise(statedb.StateError("x", key)))
    at.text_input(key="sim_name").input("Mới")
    at.button(key="sim_save").click().run()
    fault.undo()
    assert not at.exception
    assert [plain(e.value) for e in at.error] == [
        f"Chưa lưu được kịch bản “Mới”: {REASONS[key]}. Các kịch bản đã lưu trước đó giữ nguyên."
    ]
    assert [r.name for r in statedb.connect().scenarios()] == ["Cũ"]
    assert "Cũ" in listed(at) and "Mới" not in listed(at)


def test_a_scenario_that_cannot_be_deleted_says_it_is_still_saved(isolated_app, fault):
    at = open_sim()
    at.text_input(key="sim_name").input("Giữ lại")
    at.button(key="sim_save").click().run()
    fault.setattr(statedb.StateDB, "delete_scenario", _raise(statedb.StateError("x", "statedb.reason_busy")))
    at.button(key="sim_del_0").click().run()
    fault.undo()
    assert not at.exception
    assert [plain(e.value) for e in at.error] == [
        "Chưa xóa được kịch bản “Giữ lại”: cơ sở dữ liệu trạng thái đang bận ghi một thay đổi khác; hãy thử "
        "lại sau giây lát. Kịch bản vẫn còn được lưu."
    ]
    assert "Giữ lại" in listed(at)


def test_scenarios_that_cannot_be_read_are_said_and_the_simulator_still_works(isolated_app, fault):
    fault.setattr(statedb.StateDB, "scenarios", _raise(statedb.StateError("x", "statedb.reason_corrupt")))
    at = open_sim()
    assert [plain(w.value) for w in at.warning][-1] == (
        "Chưa đọc được các kịch bản đã lưu: tệp cơ sở dữ liệu trạng thái bị hỏng; "
        "hãy khôi phục từ bản sao lưu."
    )
    assert at.metric  # the simulation itself is drawn


@pytest.mark.parametrize(
    "content", [b"{not json", b"[1, 2]", b'{"name": 5, "assumptions": {}}', b"\xff\xfe", b""]
)
def test_damaged_scenario_files_of_the_old_layout_are_skipped_and_the_others_imported(
    isolated_app, tmp_path, content
):
    folder = tmp_path / "state" / "scenarios"
    scenarios.DirScenarios(folder).save("Tốt", Assumptions())
    (folder / "0000000000000000.json").write_bytes(content)
    at = open_sim()
    assert "Tốt" in listed(at)
    at.button(key="sim_load_0").click().run()
    assert not at.exception
    assert (folder / "0000000000000000.json").read_bytes() == content  # never deleted


# ---------------------------------------------------------------- the snapshot grows past one upload's limits


def big_upload(first: int, rows: int) -> bytes:
    lines = ["indicator_id,area,period,measure,value"]
    lines += [f"jobs_created,p01/c{n:05d},2023,actual,{n}" for n in range(first, first + rows)]
    return ("\n".join(lines) + "\n").encode()


def test_two_uploads_within_the_limits_make_a_bigger_version_that_still_loads(isolated_app, monkeypatch):
    """Issue 10's two 30.000-row uploads, with the limits scaled down (50 -> 150 rows) to stay quick."""
    monkeypatch.setattr(
        validate, "LIMITS", validate.Limits(max_bytes=1_048_576, max_rows=150, max_cells=1_500)
    )
    at = open_page("pages/data.py", "planner")
    for n, first in enumerate((0, 100), start=1):
        at.file_uploader(key="data_upload").set_value((f"big{n}.csv", big_upload(first, 100), "text/csv"))
        at.run()
        at.button(key="data_confirm").click().run()
        assert not at.exception
        assert [plain(s.value) for s in at.success][0].startswith(f"Đã lưu bản nháp v000{n}.")
    repo_of(settings.state_dir() / "datasets").publish(APPROVER, "v0002")
    restart()  # as after a restart: v0002 is read back from disk and must load
    at = front()
    assert [plain(w.value) for w in at.warning] == []
    data = at.switch_page("pages/data.py").run()
    assert "Ứng dụng đang dùng: v0002 · big2.csv" in [plain(c.value) for c in data.caption]
    rows = table(data, "Tình trạng")
    assert rows.iloc[0][["Phiên bản", "Đang dùng", "Số liệu trong bộ dữ liệu"]].tolist() == [
        "v0002",
        "✓",
        "219",
    ]


def test_a_state_folder_that_is_a_file_leaves_every_page_working_and_says_nothing_can_be_saved(
    isolated_app, tmp_path, monkeypatch
):
    blocked = tmp_path / "state-is-a-file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("CHITIEU_STATE_DIR", str(blocked))
    for page in PAGES:
        open_page(page)
    at = open_page("pages/data.py")
    (warning,) = [plain(w.value) for w in at.warning]
    assert warning.startswith(f"Không dùng được cơ sở dữ liệu trạng thái ({blocked}/chitieu.sqlite3): ")
    assert len(at.get("file_uploader")) == 0
    assert blocked.read_text() == "not a folder"


# ---------------------------------------------------------------- a button's action that fails
# Streamlit runs a button's action (on_click, on_change) before the page, outside the page's
# boundary: an error there replaced the whole page with a traceback (`ui.guarded_callback`).

ACTION_FAILED = re.compile(
    r"Đã xảy ra lỗi ngoài dự kiến khi thực hiện thao tác vừa rồi, nên thao tác có thể chưa hoàn tất\. "
    r"Mã tham chiếu: [0-9a-f]{8}\. Xin báo mã này cho người quản trị hệ thống\."
)


def action_failures(at: AppTest) -> list[str]:
    return [plain(e.value) for e in at.error if ACTION_FAILED.fullmatch(plain(e.value))]


def home_links(at: AppTest) -> list[str]:
    return [link.proto.label for link in at.get("page_link") if link.proto.label == "Về trang Tổng quan"]


def test_a_publish_the_state_folder_refuses_midway_says_so_plainly_and_keeps_the_page(
    state, fault, expect_page_error
):
    at = open_page("pages/data.py", "approver")
    fault.setattr(statedb.StateDB, "publish", _raise(READ_ONLY))  # not a StateError: unforeseen
    at.selectbox(key="data_rollback_to").set_value("v0001").run()
    at.checkbox(key="data_rollback_sure").check().run()  # the second step
    at.button(key="data_rollback").click().run()
    fault.undo()
    assert not at.exception, [plain(e.value) for e in at.exception]
    assert len(action_failures(at)) == 1 and home_links(at) == ["Về trang Tổng quan"]
    assert at.button(key="data_rollback").label  # the page itself is drawn below
    assert published(state) == "v0002"
    at.run()
    assert action_failures(at) == [] and home_links(at) == []  # said once


def test_a_scenario_that_cannot_be_read_when_loaded_says_so_plainly(isolated_app, fault, expect_page_error):
    at = open_sim()
    at.text_input(key="sim_name").input("Tăng 5%")
    at.button(key="sim_save").click().run()
    fault.setattr(scenarios.DbScenarios, "load", _raise(READ_ONLY))
    at.button(key="sim_load_0").click().run()
    fault.undo()
    assert not at.exception, [plain(e.value) for e in at.exception]
    assert len(action_failures(at)) == 1 and home_links(at) == ["Về trang Tổng quan"]
    assert at.metric  # the simulator is drawn


def test_a_refusal_in_a_buttons_action_says_who_may(isolated_app, fault):
    at = open_sim()
    at.text_input(key="sim_name").input("Của tôi")
    at.button(key="sim_save").click().run()

    def refuse(*args, **kwargs):
        raise access.Forbidden("delete_scenario", "planner")

    fault.setattr(scenarios.DbScenarios, "load", refuse)
    at.button(key="sim_load_0").click().run()
    fault.undo()
    assert not at.exception and action_failures(at) == []
    assert any("xóa kịch bản" in plain(e.value) for e in [*at.error, *at.warning, *at.info])
