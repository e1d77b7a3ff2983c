"""Local accounts on both backends: what a person signing in is told, when a name locks and
unlocks, sessions that expire, and the audit rows each step leaves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from argon2 import PasswordHasher, profiles

from lib.state import access, accounts, statedb

NOW = datetime.now(UTC).replace(microsecond=0)


@pytest.fixture(autouse=True)
def cheap_hashes(monkeypatch):
    """Sign-in tests use argon2's cheapest parameters (the real ones cost ~1 s a hash on a busy
    CI); the hashing test puts the real ones back."""
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher.from_parameters(profiles.CHEAPEST))


@pytest.fixture
def db(state_db):
    state_db.add_user("lan", "planner", accounts.hash_password("mật khẩu đúng"), by="cli")
    return state_db


def test_a_password_hash_is_argon2id_salted_and_checks_only_the_right_password(monkeypatch):
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher())
    one, two = accounts.hash_password("hà nội 1 2026"), accounts.hash_password("hà nội 1 2026")
    assert one.startswith("$argon2id$v=19$m=65536,t=3,p=4$") and one != two  # salted
    assert accounts.verify_password(one, "hà nội 1 2026") and accounts.verify_password(two, "hà nội 1 2026")
    assert not accounts.verify_password(one, "hà nội 2 2026")
    assert not accounts.verify_password("not a hash", "hà nội 1 2026")
    assert not accounts.verify_password(one, "x" * (accounts.MAX_PASSWORD + 1))


SHORT_VI = "Mật khẩu cần ít nhất 10 ký tự (có thể là một cụm từ dễ nhớ, không bắt buộc chữ hoa hay ký hiệu)."


@pytest.mark.parametrize(
    ("password", "vi", "en"),
    [
        ("", "Mật khẩu không được để trống.", "The password is empty."),
        *[
            (
                short,
                SHORT_VI,
                "The password needs at least 10 characters (a phrase you remember will do; no capitals or"
                " symbols required).",
            )
            for short in ("123", "ngan", "x" * 9, "mật khẩu")
        ],
        (
            "x" * 2000,
            "Mật khẩu dài quá 1024 ký tự.",
            "The password is longer than 1024 characters.",
        ),
    ],
)
def test_a_new_password_that_is_empty_short_or_huge_is_refused_in_the_users_language(password, vi, en):
    with pytest.raises(accounts.PasswordRefused) as refused:
        accounts.hash_password(password)
    assert (refused.value.message("vi"), refused.value.message("en"), str(refused.value)) == (vi, en, en)


@pytest.mark.parametrize("password", ["x" * accounts.MIN_PASSWORD, "một hai ba", "x" * accounts.MAX_PASSWORD])
def test_ten_characters_of_anything_are_enough(password):
    assert accounts.verify_password(accounts.hash_password(password), password)


@pytest.mark.parametrize(
    "name",
    ["", "   ", "Lan", "nguyen lan", "Nguyễn Lan", "<b>x</b>", "la\nn", "-lan", ".", "x" * 65, "a\x1b[31m"],
)
def test_a_user_name_outside_the_declared_shape_is_refused(state_db, name):
    with pytest.raises(statedb.Invalid) as refused:
        state_db.add_user(name, "viewer", accounts.hash_password("mật khẩu đúng"))
    assert refused.value.reason("vi").startswith("tên đăng nhập gồm từ 1 đến 64 ký tự: chữ thường")
    assert state_db.list_users() == []


@pytest.mark.parametrize("name", ["lan", "nguyen.lan", "tran_thu-2", "lan@so.gov.vn", "x" * 64, " lan "])
def test_a_user_name_of_the_declared_shape_is_kept(state_db, name):
    assert state_db.add_user(name, "viewer", accounts.hash_password("mật khẩu đúng")).name == name.strip()


def test_an_approver_unlocks_a_locked_name_at_once_and_it_is_audited(db):
    for _ in range(accounts.LOCK_AFTER_FAILURES):
        accounts.authenticate(db, "lan", "sai", now=NOW)
    assert accounts.locked_names(db, now=NOW) == ["lan"]
    assert accounts.authenticate(db, "lan", "mật khẩu đúng", now=NOW).reason == "locked"
    assert accounts.unlock(db, "lan", by="binh") is True
    assert accounts.locked_names(db, now=NOW) == []
    assert accounts.authenticate(db, "lan", "mật khẩu đúng", now=NOW) == access.User(
        "lan", "planner", "local"
    )
    assert accounts.unlock(db, "lan", by="binh") is False  # nothing to forget: nothing audited
    unlocks = [(r.user, r.action, r.detail) for r in db.audit_log() if r.action == "user_unlock"]
    assert unlocks == [("binh", "user_unlock", "lan")]
    # the lock itself is as strong as before: five more failures lock it again
    for _ in range(accounts.LOCK_AFTER_FAILURES):
        accounts.authenticate(db, "lan", "sai", now=NOW + timedelta(seconds=1))
    assert (
        accounts.authenticate(db, "lan", "mật khẩu đúng", now=NOW + timedelta(seconds=2)).reason == "locked"
    )


def test_a_hash_with_old_parameters_is_upgraded_at_sign_in(db, monkeypatch):
    old = db.get_user("lan").password_hash
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher(time_cost=2, memory_cost=1024, parallelism=1))
    assert accounts.authenticate(db, "lan", "mật khẩu đúng", now=NOW)
    new = db.get_user("lan").password_hash
    assert new != old and "m=1024,t=2,p=1" in new
    assert accounts.authenticate(db, "lan", "mật khẩu đúng", now=NOW + timedelta(seconds=1))


def test_signing_in_gives_the_user_with_their_role(db):
    user = accounts.authenticate(db, " lan ", "mật khẩu đúng", now=NOW)
    assert user == access.User("lan", "planner", "local") and user.signed_in
    assert [(r.user, r.action) for r in db.audit_log()][-1] == ("lan", "sign_in")


@pytest.mark.parametrize(
    ("name", "password"), [("lan", "sai"), ("không có", "mật khẩu đúng"), ("", ""), ("lan", "")]
)
def test_an_unknown_name_and_a_wrong_password_get_the_same_words(db, name, password):
    refused = accounts.authenticate(db, name, password, now=NOW)
    assert not refused and refused.reason == "bad_credentials"
    assert refused.message("vi") == "Tên đăng nhập hoặc mật khẩu không đúng."
    assert refused.message("en") == "The user name or password is not right."
    assert [(r.user, r.action) for r in db.audit_log()][-1] == (name, "sign_in_failed")


def test_five_failures_lock_the_name_even_for_the_right_password_then_it_unlocks(db):
    for minute in range(accounts.LOCK_AFTER_FAILURES):
        assert (
            accounts.authenticate(db, "lan", "sai", now=NOW + timedelta(minutes=minute)).reason
            == "bad_credentials"
        )
    later = NOW + timedelta(minutes=5)
    locked = accounts.authenticate(db, "lan", "mật khẩu đúng", now=later)
    assert locked.reason == "locked"
    assert locked.message("vi") == "Tên này đã đăng nhập sai quá nhiều lần. Hãy đợi 15 phút rồi thử lại."
    assert (
        accounts.authenticate(db, "binh", "x", now=later).reason == "bad_credentials"
    )  # other names unaffected
    # the failures (and the refused attempt while locked) age out of the window: signed in again
    free = later + accounts.LOCK_WINDOW + timedelta(seconds=1)
    assert accounts.authenticate(db, "lan", "mật khẩu đúng", now=free) == access.User(
        "lan", "planner", "local"
    )
    actions = [(r.action, r.detail) for r in db.audit_log() if r.user == "lan"]
    assert actions == [("sign_in_failed", None)] * 5 + [("sign_in_failed", "locked"), ("sign_in", "local")]


def test_an_unknown_name_locks_the_same_way_so_the_lock_tells_nothing(db):
    for _ in range(accounts.LOCK_AFTER_FAILURES):
        accounts.authenticate(db, "không có", "x", now=NOW)
    assert accounts.authenticate(db, "không có", "x", now=NOW).message("en") == (
        "Too many failed sign-ins for this name. Wait 15 minutes, then try again."
    )


def test_a_success_resets_the_count_of_failures(db):
    for _ in range(accounts.LOCK_AFTER_FAILURES - 1):
        accounts.authenticate(db, "lan", "sai", now=NOW)
    assert accounts.authenticate(db, "lan", "mật khẩu đúng", now=NOW + timedelta(seconds=1))
    assert accounts.authenticate(db, "lan", "sai", now=NOW + timedelta(seconds=2)).reason == "bad_credentials"
    assert not accounts.locked(db, "lan", now=NOW + timedelta(seconds=3))


def test_a_session_resumes_until_it_expires_or_ends(db):
    token = accounts.new_session(db, "lan", ttl=timedelta(hours=2), now=NOW)
    assert len(token) >= 40 and token not in repr(
        db._run("SELECT token_hash FROM sessions")
    )  # only a hash kept
    assert accounts.resume(db, token, now=NOW + timedelta(hours=1)) == access.User("lan", "planner", "local")
    assert accounts.resume(db, token, now=NOW + timedelta(hours=2)) is None  # expired
    assert accounts.end(db, token, now=NOW) is True
    assert accounts.resume(db, token, now=NOW) is None
    assert accounts.end(db, token, now=NOW) is False
    assert [(r.user, r.action) for r in db.audit_log()][-1] == ("lan", "sign_out")


@pytest.mark.parametrize("token", [None, "", "made-up", "x" * 5000, "' OR 1=1 --"])
def test_a_made_up_token_signs_nobody_in(db, token):
    accounts.new_session(db, "lan", now=NOW)
    assert accounts.resume(db, token, now=NOW) is None
    assert accounts.end(db, token, now=NOW) is False


def test_a_role_change_or_removal_applies_to_open_sessions(db):
    token = accounts.new_session(db, "lan", now=NOW)
    db.set_role("lan", "approver", by="binh")
    assert accounts.resume(db, token, now=NOW).role == "approver"
    db.remove_user("lan", by="binh")
    assert accounts.resume(db, token, now=NOW) is None


def test_a_session_for_an_unknown_user_is_refused(db):
    with pytest.raises(statedb.NotFound, match="There is no user named ai"):
        accounts.new_session(db, "ai", now=NOW)


def test_when_the_database_fails_signing_in_says_so_in_words(tmp_path):
    db = statedb.connect(f"sqlite:///{tmp_path}/chitieu.sqlite3", legacy_dir=tmp_path)
    db.close()
    (tmp_path / "chitieu.sqlite3").write_bytes(b"garbage" * 1000)
    for suffix in ("-wal", "-shm"):
        (tmp_path / f"chitieu.sqlite3{suffix}").unlink(missing_ok=True)
    refused = accounts.authenticate(db, "lan", "x", now=NOW)
    assert refused.reason == "unavailable"
    assert refused.message("en") == (
        "Signing in is not possible right now: the state database file is damaged; restore it from a backup."
    )


def test_signing_in_through_the_identity_provider_has_what_st_login_needs():
    """CHITIEU_AUTH=oidc: Streamlit's login route imports Authlib's Starlette client, which needs
    httpx; both are app requirements, so a fresh install from requirements.txt can sign in."""
    from pathlib import Path

    from authlib.integrations import starlette_client  # what the /auth/login route imports
    from streamlit.auth_util import is_authlib_installed

    text = (Path(__file__).resolve().parent.parent / "requirements.txt").read_text()
    required = {line.split(">=")[0].strip().lower() for line in text.splitlines() if ">=" in line}
    assert {"authlib", "httpx"} <= required
    assert is_authlib_installed() and starlette_client.OAuth
