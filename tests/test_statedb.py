"""The state database on both backends (SQLite, a throwaway PostgreSQL: tests/pg_server.py):
what a user would find in it after each change, the audit rows, the old layout imported, two
writers at once, and every driver failure as a sentence."""

from __future__ import annotations

import json
import sqlite3
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from lib import settings
from lib.data import queries, store
from lib.models.sim_setup import Assumptions
from lib.state import access, datasets, scenarios, statedb

T0 = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)


def _audit(db) -> list[tuple]:
    return [(r.user, r.action, r.version, r.detail) for r in db.audit_log()]


def _version(vid="v0001", by="lan", sha="a" * 64) -> statedb.VersionRow:
    return statedb.VersionRow(
        vid, "2026-11-30T10:00:00+00:00", "báo cáo T11.xlsx", sha, "b" * 64, 12, 340, by
    )


# ---------------------------------------------------------------- users


def test_users_are_listed_with_their_roles_and_every_change_is_audited(state_db):
    state_db.add_user("lan", "planner", "h1", by="cli")
    state_db.add_user("  nguyen.van.binh ", "approver", "h2", by="cli")
    state_db.set_role("lan", "approver", by="binh")
    assert [(u.name, u.role) for u in state_db.list_users()] == [
        ("lan", "approver"),
        ("nguyen.van.binh", "approver"),
    ]
    assert state_db.get_user("nguyen.van.binh").password_hash == "h2"
    assert state_db.remove_user("lan", by="cli") is True
    assert state_db.remove_user("lan", by="cli") is False
    assert state_db.get_user("lan") is None
    assert _audit(state_db) == [
        ("cli", "user_add", None, "lan (planner)"),
        ("cli", "user_add", None, "nguyen.van.binh (approver)"),
        ("binh", "role_change", None, "lan: planner -> approver"),
        ("cli", "user_remove", None, "lan"),
    ]


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda db: db.add_user("lan", "planner", "h"),
            statedb.Duplicate,
            "A user named lan already exists.",
        ),
        (lambda db: db.add_user("x", "admin", "h"), statedb.Invalid, "Unknown role admin"),
        (lambda db: db.add_user("   ", "viewer", "h"), statedb.Invalid, "A user name is 1 to 64"),
        (lambda db: db.add_user("a\x1b[31m", "viewer", "h"), statedb.Invalid, "lowercase letters"),
        (lambda db: db.add_user("x" * 65, "viewer", "h"), statedb.Invalid, "1 to 64"),
        (lambda db: db.set_role("nobody", "viewer"), statedb.NotFound, "There is no user named nobody."),
        (lambda db: db.set_role("lan", "root"), statedb.Invalid, "choose one of viewer, planner, approver"),
        (lambda db: db.publish("v0099", "lan"), statedb.NotFound, "There is no version v0099."),
        (lambda db: db.publish("bundled", "lan", action="delete"), statedb.Invalid, "Unknown publishing"),
        (lambda db: db.audit("lan", "drop_table"), statedb.Invalid, "Unknown audit action"),
    ],
)
def test_refused_changes_say_why_and_change_nothing(state_db, call, error, message):
    state_db.add_user("lan", "planner", "h")
    before = (state_db.list_users(), state_db.audit_log(), state_db.publications())
    with pytest.raises(error) as caught:
        call(state_db)
    assert message in str(caught.value)
    assert caught.value.reason("vi")  # a phrase in the UI's language for "{reason}" messages
    assert (state_db.list_users(), state_db.audit_log(), state_db.publications()) == before


# ---------------------------------------------------------------- attempts and sessions


def test_failed_attempts_count_from_a_time_and_reset_on_success(state_db):
    for minutes in (0, 5, 10):
        state_db.record_attempt("lan", False, T0 + timedelta(minutes=minutes))
    state_db.record_attempt("binh", False, T0)
    assert state_db.failed_attempts("lan", T0) == 3
    assert state_db.failed_attempts("lan", T0 + timedelta(minutes=5)) == 2
    state_db.record_attempt("lan", True, T0 + timedelta(minutes=11))
    state_db.record_attempt("lan", False, T0 + timedelta(minutes=12))
    assert state_db.failed_attempts("lan", T0) == 1
    assert state_db.failed_attempts("binh", T0) == 1


def test_sessions_end_when_they_expire_when_ended_and_when_the_user_goes(state_db):
    T0 = datetime.now(UTC).replace(microsecond=0)  # noqa: N806 - expired sessions are swept at real time
    state_db.add_user("lan", "planner", "h")
    state_db.create_session("lan", "tok1", T0 + timedelta(hours=1))
    state_db.create_session("lan", "tok2", T0 + timedelta(hours=1))
    assert state_db.session_user("tok1", T0) == "lan"
    assert state_db.session_user("tok1", T0 + timedelta(hours=1)) is None  # expired
    assert state_db.session_user("unknown", T0) is None
    assert state_db.end_session("tok1") is True
    assert state_db.end_session("tok1") is False
    assert state_db.session_user("tok1", T0) is None
    state_db.remove_user("lan")
    assert state_db.session_user("tok2", T0) is None
    with pytest.raises(statedb.NotFound):
        state_db.create_session("lan", "tok3", T0)


# ---------------------------------------------------------------- versions and publishing


def test_versions_are_registered_and_publishing_is_a_history(state_db):
    assert state_db.published() is None  # nothing published: the bundled data is shown
    state_db.register_version(_version("v0001"))
    state_db.register_version(_version("v0002", sha="c" * 64))
    assert [v.id for v in state_db.versions()] == ["v0001", "v0002"]
    assert state_db.get_version("v0001") == _version("v0001")
    assert state_db.get_version("v9999") is None
    first = state_db.publish("v0001", "binh")
    state_db.publish("v0002", "binh")
    back = state_db.publish("v0001", "binh", action="rollback")
    state_db.publish("bundled", "binh")
    assert state_db.published().version_id == "bundled"
    assert [(p.version_id, p.action) for p in state_db.publications()] == [
        ("v0001", "publish"),
        ("v0002", "publish"),
        ("v0001", "rollback"),
        ("bundled", "publish"),
    ]
    assert back.seq > first.seq and back.published_by == "binh"
    rows = state_db.audit_log()
    assert [(r.action, r.version, r.sha256) for r in rows] == [
        ("upload", "v0001", "a" * 64),
        ("upload", "v0002", "c" * 64),
        ("publish", "v0001", "a" * 64),
        ("publish", "v0002", "c" * 64),
        ("rollback", "v0001", "a" * 64),
        ("publish", "bundled", None),
    ]
    assert rows[0].user == "lan" and rows[0].detail == "báo cáo T11.xlsx"


def test_a_version_id_is_registered_once(state_db):
    state_db.register_version(_version("v0001"))
    with pytest.raises(statedb.Duplicate, match="Version v0001 already exists"):
        state_db.register_version(_version("v0001", by="binh"))
    assert [v.created_by for v in state_db.versions()] == ["lan"]
    assert [r.action for r in state_db.audit_log()] == ["upload"]


# ---------------------------------------------------------------- scenarios


def test_scenarios_are_saved_replaced_listed_and_deleted_per_owner(state_db):
    payload = Assumptions(growth_pct=2.5, seed=7).to_dict()
    state_db.save_scenario("lan", "Tăng 2,5%", payload)
    state_db.save_scenario("binh", "Tăng 2,5%", {"growth_pct": 1.0})
    state_db.save_scenario("lan", "Tăng 2,5%", {**payload, "seed": 8})  # replaced, not duplicated
    state_db.save_scenario("lan", "an toàn", {})
    listed = [(s.owner, s.name, s.payload.get("seed")) for s in state_db.scenarios()]
    assert listed == [("lan", "an toàn", None), ("binh", "Tăng 2,5%", None), ("lan", "Tăng 2,5%", 8)]
    assert Assumptions.from_dict(state_db.get_scenario("lan", "Tăng 2,5%").payload).seed == 8
    assert state_db.get_scenario("lan", "nothing") is None
    assert state_db.delete_scenario("lan", "Tăng 2,5%") is True
    assert state_db.delete_scenario("lan", "Tăng 2,5%") is False  # no audit row for nothing
    assert state_db.get_scenario("binh", "Tăng 2,5%") is not None
    assert [(r.user, r.action, r.detail) for r in state_db.audit_log()] == [
        ("lan", "scenario_save", "lan/Tăng 2,5%"),
        ("binh", "scenario_save", "binh/Tăng 2,5%"),
        ("lan", "scenario_save", "lan/Tăng 2,5%"),
        ("lan", "scenario_save", "lan/an toàn"),
        ("lan", "scenario_delete", "lan/Tăng 2,5%"),
    ]


@pytest.mark.parametrize("payload", [{"x": float("nan")}, {"x": object()}, ["not", "a", "dict"]])
def test_a_payload_that_is_not_json_is_refused_and_nothing_saved(state_db, payload):
    with pytest.raises((statedb.Invalid, ValueError, TypeError)):
        state_db.save_scenario("lan", "x", payload)
    assert state_db.scenarios() == [] and state_db.audit_log() == []


# ---------------------------------------------------------------- audit


NASTY = [
    "![x](http://e/x.png)",
    "<b>bold</b>",
    '=HYPERLINK("http://e")',
    "Lê Thị Hồng Nhung",
    "a'; DROP TABLE audit;--",
]


@pytest.mark.parametrize("text", NASTY)
def test_audit_keeps_text_from_people_as_text(state_db, text):
    state_db.audit(text, "sign_in_failed", detail=text)
    assert [(r.user, r.detail) for r in state_db.audit_log()] == [(text, text)]


def test_audit_log_reads_from_a_time_and_the_newest_rows(state_db):
    for day in range(1, 5):
        state_db.audit("lan", "sign_in", at_utc=datetime(2026, 11, day, 9, tzinfo=UTC))
    assert [r.at_utc[:10] for r in state_db.audit_log(since_utc=datetime(2026, 11, 3, tzinfo=UTC))] == [
        "2026-11-03",
        "2026-11-04",
    ]
    assert [r.seq for r in state_db.audit_log(limit=2)] == [3, 4]


@pytest.mark.parametrize("statement", ["UPDATE audit SET user_name = 'x'", "DELETE FROM audit"])
def test_the_audit_log_cannot_be_changed_even_by_hand(state_db, statement):
    state_db.audit("lan", "sign_in")
    with pytest.raises(statedb.StateError, match="append-only"):
        state_db._run(statement)
    assert [r.user for r in state_db.audit_log()] == ["lan"]


def test_no_update_or_delete_on_the_audit_table_in_the_code():
    source = Path(statedb.__file__).read_text(encoding="utf-8")
    assert "UPDATE audit" not in source and "DELETE FROM audit" not in source


# ---------------------------------------------------------------- migrations


def test_migrations_apply_once_however_many_times_we_connect(state_db_url, tmp_path):
    dbs = [statedb.connect(state_db_url, legacy_dir=tmp_path) for _ in range(3)]
    assert [db.schema_version() for db in dbs] == [len(statedb.MIGRATIONS)] * 3
    assert dbs[0]._run("SELECT COUNT(*) FROM schema_version")[0][0] == len(statedb.MIGRATIONS)
    for db in dbs:
        db.close()


def test_two_processes_starting_at_once_migrate_and_import_once(state_db_url, tmp_path):
    legacy = _legacy_state(tmp_path / "state")
    barrier, out, errors = threading.Barrier(4), [], []

    def start():
        barrier.wait()
        try:
            out.append(statedb.connect(state_db_url, legacy_dir=legacy))
        except Exception as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert errors == []
    assert sum(db.imported for db in out) == 1
    assert [v.id for v in out[0].versions()] == ["v0001", "v0002"]
    assert out[0]._run("SELECT COUNT(*) FROM schema_version")[0][0] == len(statedb.MIGRATIONS)
    for db in out:
        db.close()


# ---------------------------------------------------------------- the old layout


def _frame():
    return queries.loaded_observations(store.open_dir(settings.BUNDLED_DATA_DIR).cursor())


def _legacy_state(root: Path, *, damage: bool = False) -> Path:
    """A state folder as the app wrote it before the database: two versions (the second active),
    two scenarios; with `damage`, a version with a broken meta.json and a scenario file that is
    not JSON, and one that is JSON but not a scenario."""
    repo = datasets.DiskRepo(root / "datasets")
    frame = _frame()
    uploader = access.User("", "planner", "anonymous")  # before sign-in, anyone uploaded
    repo.save(uploader, b"indicator_id,area\n", "tháng 10.csv", frame.head(3), frame)
    repo.save(uploader, b"PK\x03\x04fake", "tháng 11.xlsx", frame.head(5), frame)
    (root / "datasets" / "active.json").write_text('{"version": "v0002"}')  # the old app wrote this
    book = scenarios.DirScenarios(root / "scenarios")
    book.save("Kịch bản cơ sở", Assumptions(growth_pct=1.5, seed=11))
    book.save("Lạc quan", Assumptions(growth_pct=4.0))
    if damage:
        (root / "datasets" / "v0003").mkdir()
        (root / "datasets" / "v0003" / "meta.json").write_text("{not json", encoding="utf-8")
        (root / "scenarios" / "broken.json").write_text("{{{", encoding="utf-8")
        (root / "scenarios" / "list.json").write_text("[1, 2]", encoding="utf-8")
        (root / "scenarios" / ".tmp-123.json").write_text("half", encoding="utf-8")
    return root


def test_the_old_state_folder_is_imported_with_nothing_lost(state_db_url, tmp_path):
    root = _legacy_state(tmp_path / "state")
    old = datasets.DiskRepo(root / "datasets")
    db = statedb.connect(state_db_url, legacy_dir=root)
    assert db.imported and db.legacy_problems == []
    assert [
        (v.id, v.created_utc, v.file_name, v.original, v.sha256, v.snapshot_sha256, v.rows, v.total_rows)
        for v in db.versions()
    ] == [
        (v.id, v.created_utc, v.file_name, v.original, v.sha256, v.snapshot_sha256, v.rows, v.total_rows)
        for v in old.versions()
    ]
    assert [v.created_by for v in db.versions()] == ["", ""]
    assert (db.published().version_id, db.published().published_by) == ("v0002", "legacy import")
    assert [(s.owner, s.name, s.payload) for s in db.scenarios()] == [
        ("", "Kịch bản cơ sở", Assumptions(growth_pct=1.5, seed=11).to_dict()),
        ("", "Lạc quan", Assumptions(growth_pct=4.0).to_dict()),
    ]
    assert [(r.action, r.version) for r in db.audit_log()] == [
        ("upload", "v0001"),
        ("upload", "v0002"),
        ("publish", "v0002"),
        ("scenario_save", None),
        ("scenario_save", None),
    ]
    db.close()
    again = statedb.connect(state_db_url, legacy_dir=root)  # a restart imports nothing twice
    assert not again.imported and len(again.audit_log()) == 5
    assert statedb.import_legacy(again, root) == [] and len(again.audit_log()) == 5  # nor a second call
    again.close()
    assert (root / "datasets" / "active.json").exists()  # the old files are left as they were


def test_damaged_old_files_are_skipped_and_reported(state_db_url, tmp_path):
    root = _legacy_state(tmp_path / "state", damage=True)
    (root / "datasets" / "active.json").write_text('{"version": 7}', encoding="utf-8")
    db = statedb.connect(state_db_url, legacy_dir=root)
    reported = sorted((Path(p.path).name, p.reason) for p in db.legacy_problems)
    assert [name for name, _ in reported] == ["active.json", "broken.json", "list.json", "meta.json"]
    assert [v.id for v in db.versions()] == ["v0001", "v0002"]
    assert db.published() is None
    assert [s.name for s in db.scenarios()] == ["Kịch bản cơ sở", "Lạc quan"]
    db.close()


def test_an_active_version_that_was_not_imported_is_reported(state_db_url, tmp_path):
    root = _legacy_state(tmp_path / "state")
    (root / "datasets" / "v0002" / "meta.json").write_text(json.dumps({"rows": "x"}), encoding="utf-8")
    db = statedb.connect(state_db_url, legacy_dir=root)
    assert [(Path(p.path).name, p.reason) for p in db.legacy_problems] == [
        ("meta.json", db.legacy_problems[0].reason),
        ("active.json", "names v0002, which was not imported"),
    ]
    assert db.published() is None and [v.id for v in db.versions()] == ["v0001"]
    db.close()


def test_an_empty_or_missing_state_folder_imports_nothing(state_db_url, tmp_path):
    db = statedb.connect(state_db_url, legacy_dir=tmp_path / "nothing-here")
    assert db.imported and db.legacy_problems == [] and db.audit_log() == []
    db.close()


# ---------------------------------------------------------------- two writers at once

WRITERS, EACH = 4, 15


def _together(work) -> list[BaseException]:
    barrier, errors = threading.Barrier(WRITERS), []

    def run(i):
        barrier.wait()
        try:
            work(i)
        except BaseException as exc:  # noqa: BLE001 - the test reports it
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(WRITERS)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    return errors


@pytest.mark.parametrize("separate", [False, True], ids=["one-db-object", "one-per-writer"])
def test_publishing_at_once_loses_nothing(state_db_url, tmp_path, separate):
    shared = statedb.connect(state_db_url, legacy_dir=tmp_path)
    shared.register_version(_version("v0001"))
    dbs = [statedb.connect(state_db_url, legacy_dir=tmp_path) if separate else shared for _ in range(WRITERS)]

    def work(i):
        for n in range(EACH):
            dbs[i].publish("v0001" if n % 2 else "bundled", f"approver{i}")

    assert _together(work) == []
    pubs = shared.publications()
    assert len(pubs) == WRITERS * EACH
    assert len({p.seq for p in pubs}) == WRITERS * EACH
    audit = [r for r in shared.audit_log() if r.action == "publish"]
    assert sorted((r.user, r.version) for r in audit) == sorted((p.published_by, p.version_id) for p in pubs)
    assert shared.published() == pubs[-1]
    for db in {id(d): d for d in [shared, *dbs]}.values():
        db.close()


def test_saving_scenarios_at_once_loses_nothing(state_db_url, tmp_path):
    dbs = [statedb.connect(state_db_url, legacy_dir=tmp_path) for _ in range(WRITERS)]

    def work(i):
        for n in range(EACH):
            dbs[i].save_scenario("lan", "chung", {"writer": i, "n": n})  # the same one, replaced
            dbs[i].save_scenario(f"planner{i}", f"kịch bản {n}", {"n": n})

    assert _together(work) == []
    saved = dbs[0].scenarios()
    assert len(saved) == WRITERS * EACH + 1
    assert dbs[0].get_scenario("lan", "chung").payload["n"] == EACH - 1
    assert len([r for r in dbs[0].audit_log() if r.action == "scenario_save"]) == 2 * WRITERS * EACH
    for db in dbs:
        db.close()


# ---------------------------------------------------------------- failures as sentences


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"this is not a database at all" * 100, "damaged"),
        (b"SQLite format 3\x00" + b"\xff" * 4000, "damaged"),
    ],
)
def test_a_damaged_sqlite_file_is_a_sentence_not_a_traceback(tmp_path, content, words):
    path = tmp_path / "chitieu.sqlite3"
    path.write_bytes(content)
    with pytest.raises(statedb.StateError) as caught:
        statedb.connect(f"sqlite:///{path}", legacy_dir=tmp_path)
    assert words in str(caught.value)
    assert caught.value.reason("vi") == "tệp cơ sở dữ liệu trạng thái bị hỏng; hãy khôi phục từ bản sao lưu"


def test_a_busy_sqlite_file_is_a_sentence(tmp_path):
    path = tmp_path / "chitieu.sqlite3"
    db = statedb.connect(f"sqlite:///{path}", legacy_dir=tmp_path)
    db.close()
    db.BUSY_TIMEOUT_S = 0.05
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
    try:
        with pytest.raises(statedb.StateError, match="busy") as caught:
            db.add_user("lan", "planner", "h")
        assert (
            caught.value.reason("en") == "the state database is busy with another save; try again in a moment"
        )
        assert db.list_users() == []  # reading still works while someone writes
    finally:
        other.execute("ROLLBACK")
        other.close()
    db.add_user("lan", "planner", "h")
    assert [u.name for u in db.list_users()] == ["lan"]


def test_a_state_folder_that_cannot_be_made_is_a_sentence(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(statedb.StateError, match="cannot be written"):
        statedb.connect(f"sqlite:///{blocker}/sub/chitieu.sqlite3", legacy_dir=tmp_path)


def test_an_unreachable_server_is_a_sentence():
    pytest.importorskip("psycopg")
    with pytest.raises(statedb.StateError) as caught:
        statedb.connect(
            "postgresql://nobody@127.0.0.1:1/none?connect_timeout=2", legacy_dir=Path("/nonexistent")
        )
    assert str(caught.value) == "The database server cannot be reached; try again in a moment."


@pytest.mark.parametrize("url", ["mysql://x", "file.db", "http://x"])
def test_an_unknown_database_setting_is_a_sentence(url):
    with pytest.raises(statedb.Invalid, match="CHITIEU_DATABASE_URL must be"):
        statedb.connect(url)


def test_a_lost_postgres_connection_is_reconnected(pg_admin_url, tmp_path):
    import psycopg
    from pg_server import fresh_pg_database

    with fresh_pg_database(pg_admin_url) as url:
        db = statedb.connect(url, legacy_dir=tmp_path)
        db.add_user("lan", "planner", "h")
        name = url.rsplit("/", 1)[1]
        with psycopg.connect(pg_admin_url, autocommit=True) as admin:  # the server drops us
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
            )
        assert [u.name for u in db.list_users()] == ["lan"]  # a read on a fresh connection
        with psycopg.connect(pg_admin_url, autocommit=True) as admin:
            admin.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", (name,)
            )
        db.add_user("binh", "viewer", "h")  # a write too
        assert [u.name for u in db.list_users()] == ["binh", "lan"]
        db.close()


def test_the_default_is_sqlite_in_the_state_folder(monkeypatch, tmp_path):
    monkeypatch.setenv("CHITIEU_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("CHITIEU_DATABASE_URL", raising=False)
    db = statedb.connect()
    assert db.dialect == "sqlite" and db.where == str(tmp_path / "state" / "chitieu.sqlite3")
    assert (tmp_path / "state" / "chitieu.sqlite3").is_file()
    db.close()


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://chitieu:s3cr3t@127.0.0.1:1/state",
        "postgresql://chitieu@127.0.0.1:1/state?password=s3cr3t",
    ],
)
def test_a_password_in_the_url_is_never_shown(url):
    pytest.importorskip("psycopg")
    db = statedb.StateDB("postgres", url)
    assert "s3cr3t" not in db.where and "s3cr3t" not in repr(db)
    with pytest.raises(statedb.StateError) as caught:
        db.list_users()
    assert "s3cr3t" not in str(caught.value) + caught.value.detail


def test_the_same_user_or_version_added_at_once_is_added_once(state_db_url, tmp_path):
    dbs = [statedb.connect(state_db_url, legacy_dir=tmp_path) for _ in range(WRITERS)]
    refused: list[str] = []

    def work(i):
        for call in (
            lambda: dbs[i].add_user("lan", "planner", f"h{i}", by=f"w{i}"),
            lambda: dbs[i].register_version(_version("v0001", by=f"w{i}")),
        ):
            try:
                call()
            except statedb.Duplicate as exc:
                refused.append(str(exc))

    assert _together(work) == []
    assert sorted(set(refused)) == ["A user named lan already exists.", "Version v0001 already exists."]
    assert len(refused) == 2 * (WRITERS - 1)
    assert len(dbs[0].list_users()) == 1 and len(dbs[0].versions()) == 1
    assert sorted(r.action for r in dbs[0].audit_log()) == ["upload", "user_add"]
    for db in dbs:
        db.close()


def _pg_error():
    psycopg = pytest.importorskip("psycopg")
    return psycopg.OperationalError("server closed the connection unexpectedly")


@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (
            lambda: sqlite3.OperationalError("database is locked"),
            "the state database is busy with another save",
        ),
        (
            lambda: sqlite3.OperationalError("database or disk is full"),
            "the disk holding the state database is full",
        ),
        (lambda: sqlite3.OperationalError("attempt to write a readonly database"), "cannot be written"),
        (lambda: sqlite3.OperationalError("unable to open database file"), "cannot be written"),
        (lambda: sqlite3.DatabaseError("file is not a database"), "damaged; restore it from a backup"),
        (
            lambda: sqlite3.DatabaseError("database disk image is malformed"),
            "damaged; restore it from a backup",
        ),
        (lambda: sqlite3.OperationalError("disk I/O error"), "the disk holding the state database failed"),
        (lambda: OSError(28, "No space left on device"), "the disk holding the state database is full"),
        (lambda: PermissionError(13, "Permission denied"), "cannot be written"),
        (_pg_error, "the database server cannot be reached"),
    ],
)
def test_each_kind_of_driver_failure_has_its_words(make, reason):
    error = statedb._translate(make())
    assert isinstance(error, statedb.StateError)
    assert reason in error.reason("en")
    assert error.reason("vi") != error.reason("en")
    assert "Traceback" not in str(error)


def test_a_later_migration_applies_to_an_existing_database_and_keeps_its_rows(
    state_db_url, tmp_path, monkeypatch
):
    first = statedb.connect(state_db_url, legacy_dir=tmp_path)
    first.add_user("lan", "planner", "h")
    first.close()
    later = statedb.Migration(2, "a test table", ("CREATE TABLE later_test (note TEXT)",))
    monkeypatch.setattr(statedb, "MIGRATIONS", [*statedb.MIGRATIONS, later])
    db = statedb.connect(state_db_url, legacy_dir=_legacy_state(tmp_path / "state"))
    assert db.schema_version() == 2 and not db.imported  # the old layout is imported only when new
    assert [u.name for u in db.list_users()] == ["lan"] and db.versions() == []
    assert db._run("SELECT COUNT(*) FROM later_test") == [(0,)]
    db.close()


def test_a_migration_that_fails_leaves_the_database_as_it_was(state_db_url, tmp_path, monkeypatch):
    statedb.connect(state_db_url, legacy_dir=tmp_path).close()
    broken = statedb.Migration(2, "half done", ("CREATE TABLE half (x TEXT)", "CREATE TABLE half (x TEXT)"))
    monkeypatch.setattr(statedb, "MIGRATIONS", [*statedb.MIGRATIONS, broken])
    with pytest.raises(statedb.StateError, match="refused the request"):
        statedb.connect(state_db_url, legacy_dir=tmp_path)
    monkeypatch.setattr(statedb, "MIGRATIONS", statedb.MIGRATIONS[:1])
    db = statedb.connect(state_db_url, legacy_dir=tmp_path)
    assert db.schema_version() == 1
    db._run("CREATE TABLE half (x TEXT)")  # the failed migration's first table was rolled back too
    db.close()
