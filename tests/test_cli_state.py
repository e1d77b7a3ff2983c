"""`python -m lib users ...` and `python -m lib audit` on both backends: what an administrator
types and reads back (the table, the message, the exit code), and the audit line each leaves."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from argon2 import PasswordHasher, profiles

from lib.__main__ import main
from lib.state import accounts, statedb

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def cli(state_db_url, tmp_path, monkeypatch, capsys):
    """Run the command line against a fresh state database: cli(args, stdin) -> (code, out, err)."""
    monkeypatch.setenv("CHITIEU_DATABASE_URL", state_db_url)
    monkeypatch.setenv("CHITIEU_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.setattr(accounts, "HASHER", PasswordHasher.from_parameters(profiles.CHEAPEST))

    def run(args: list[str], stdin: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        code = main(args)
        out, err = capsys.readouterr()
        return code, out, err

    return run


def _lines(text: str) -> list[list[str]]:
    return [line.split() for line in text.splitlines()]


def test_users_add_list_set_role_remove_and_the_audit_shows_each(cli, state_db_url, tmp_path):
    assert cli(["users", "list"]) == (0, "no users yet: python -m lib users add NAME --role approver\n", "")
    assert cli(["users", "add", "lan", "--role", "planner"], "mật khẩu 1\n") == (
        0,
        "added lan (planner)\n",
        "",
    )
    assert cli(["users", "add", "binh", "--role", "approver"], "pw with spaces \n")[0] == 0
    code, out, _ = cli(["users", "list"])
    assert code == 0
    assert [row[:2] for row in _lines(out)] == [["name", "role"], ["binh", "approver"], ["lan", "planner"]]
    assert cli(["users", "set-role", "lan", "approver"]) == (0, "lan is now approver\n", "")
    assert cli(["users", "remove", "binh"]) == (0, "removed binh\n", "")
    code, out, _ = cli(["audit"])
    assert code == 0
    rows = _lines(out)
    assert rows[0] == ["seq", "time", "(UTC)", "user", "action", "version", "sha256", "detail"]
    assert [(r[0], r[3], r[4], " ".join(r[5:])) for r in rows[1:]] == [
        ("1", "cli", "user_add", "lan (planner)"),
        ("2", "cli", "user_add", "binh (approver)"),
        ("3", "cli", "role_change", "lan: planner -> approver"),
        ("4", "cli", "user_remove", "binh"),
    ]
    # the password was read whole from standard input (spaces kept), and only its hash stored
    db = statedb.connect(state_db_url, legacy_dir=tmp_path)
    lan = db.get_user("lan")
    assert accounts.verify_password(lan.password_hash, "mật khẩu 1") and "mật khẩu" not in lan.password_hash
    assert accounts.authenticate(db, "lan", "mật khẩu 1").role == "approver"
    db.close()


@pytest.mark.parametrize(
    ("args", "stdin", "code", "message"),
    [
        (
            ["users", "add", "lan", "--role", "admin"],
            "mười ký tự đủ\n",
            2,
            "error: unknown role admin; choose one of viewer, planner, approver\n",
        ),
        (
            ["users", "add", "lan", "--role", "planner"],
            "",
            1,
            "error: The password is empty. Give the password on standard input, one line.\n",
        ),
        (
            ["users", "add", "lan", "--role", "planner"],
            "\n",
            1,
            "error: The password is empty. Give the password on standard input, one line.\n",
        ),
        (
            ["users", "add", "   ", "--role", "planner"],
            "mười ký tự đủ\n",
            1,
            "error: A user name is 1 to 64 characters: lowercase letters a-z, digits and . _ - @,"
            " starting with a letter or a digit.\n",
        ),
        (
            ["users", "add", "an", "--role", "planner"],
            "mười ký tự đủ\n",
            1,
            "error: A user named an already exists.\n",
        ),
        (["users", "set-role", "nobody", "viewer"], "", 1, "error: There is no user named nobody.\n"),
        (
            ["users", "set-role", "an", "superuser"],
            "",
            2,
            "error: unknown role superuser; choose one of viewer, planner, approver\n",
        ),
        (["users", "remove", "nobody"], "", 1, "error: there is no user named nobody\n"),
        (["users", "unlock", "an"], "", 1, "error: an is not locked\n"),
        (
            ["users", "add", "lan", "--role", "planner"],
            "123\n",
            1,
            "error: The password needs at least 10 characters (a phrase you remember will do; no capitals or"
            " symbols required). Give the password on standard input, one line.\n",
        ),
        (
            ["users", "add", "<b>x</b>", "--role", "planner"],
            "mười ký tự đủ\n",
            1,
            "error: A user name is 1 to 64 characters: lowercase letters a-z, digits and . _ - @,"
            " starting with a letter or a digit.\n",
        ),
        (["audit", "--since", "1/12/2026"], "", 2, "error: --since 1/12/2026 is not a day like 2026-12-01\n"),
    ],
)
def test_mistakes_get_a_message_and_an_exit_code_and_change_nothing(cli, args, stdin, code, message):
    cli(["users", "add", "an", "--role", "viewer"], "mười ký tự đủ\n")
    before = cli(["audit", "--json"])[1]
    assert cli(args, stdin) == (code, "", message)
    assert cli(["audit", "--json"])[1] == before


def test_audit_json_and_since(cli, state_db_url, tmp_path):
    db = statedb.connect(state_db_url, legacy_dir=tmp_path)
    db.audit("lan", "sign_in", at_utc="2026-11-30T23:59:59+00:00")
    db.register_version(
        statedb.VersionRow("v0001", "2026-12-01T08:00:00+00:00", "t11.csv", "ab" * 32, "cd" * 32, 3, 9, "lan")
    )
    db.publish("v0001", "binh")
    db.close()
    code, out, _ = cli(["audit", "--since", "2026-12-01", "--json"])
    assert code == 0
    assert [(r["user"], r["action"], r["version"], r["sha256"]) for r in json.loads(out)] == [
        ("lan", "upload", "v0001", "ab" * 32),
        ("binh", "publish", "v0001", "ab" * 32),
    ]
    code, out, _ = cli(["audit", "--limit", "1"])
    assert _lines(out)[1][3:7] == ["binh", "publish", "v0001", "ab" * 6]  # the checksum shortened
    assert cli(["audit", "--since", "2099-01-01"]) == (0, "the audit log is empty since 2099-01-01\n", "")


@pytest.mark.parametrize("name", ["\x1b[2J\x1b[31mred", "tab\there", '=HYPERLINK("x")'])
def test_names_typed_at_sign_in_cannot_drive_the_terminal(cli, state_db_url, tmp_path, name):
    db = statedb.connect(state_db_url, legacy_dir=tmp_path)
    accounts.authenticate(db, name, "x")
    db.close()
    out = cli(["audit"])[1]
    assert "\x1b" not in out and "\t" not in out
    assert json.loads(cli(["audit", "--json"])[1])[0]["user"] == name  # JSON keeps the text exactly


def test_a_database_that_cannot_be_opened_is_a_sentence(tmp_path, monkeypatch, capsys):
    (tmp_path / "bad.sqlite3").write_bytes(b"not a database" * 500)
    monkeypatch.setenv("CHITIEU_DATABASE_URL", f"sqlite:///{tmp_path}/bad.sqlite3")
    assert main(["users", "list"]) == 1
    assert capsys.readouterr().err == "error: The state database file is damaged; restore it from a backup.\n"


def test_the_real_command_reads_the_password_from_a_pipe(tmp_path):
    env = {**os.environ, "CHITIEU_STATE_DIR": str(tmp_path / "state"), "CHITIEU_DATABASE_URL": ""}

    def run(*args, stdin=""):
        return subprocess.run(
            [sys.executable, "-m", "lib", *args],
            input=stdin,
            capture_output=True,
            text=True,
            cwd=ROOT,
            env=env,
        )

    added = run("users", "add", "tran.thu", "--role", "approver", stdin="bí mật lắm nhé\n")
    assert (added.returncode, added.stdout, added.stderr) == (0, "added tran.thu (approver)\n", "")
    assert (tmp_path / "state" / "chitieu.sqlite3").is_file()  # SQLite in the state folder by default
    wrong = run("users", "set-role", "tran.thu", "root")
    assert (wrong.returncode, wrong.stderr) == (
        2,
        "error: unknown role root; choose one of viewer, planner, approver\n",
    )
    assert "Traceback" not in wrong.stderr + added.stderr


def test_a_new_password_works_the_old_one_not_and_open_sessions_end(cli, state_db_url, tmp_path):
    cli(["users", "add", "lan", "--role", "planner"], "mật khẩu cũ 1\n")
    db = statedb.connect(state_db_url, legacy_dir=tmp_path)
    token = accounts.new_session(db, "lan")
    assert cli(["users", "set-password", "lan"], "mật khẩu mới 2\n") == (0, "new password set for lan\n", "")
    assert accounts.resume(db, token) is None
    assert accounts.authenticate(db, "lan", "mật khẩu cũ 1").reason == "bad_credentials"
    assert accounts.authenticate(db, "lan", "mật khẩu mới 2").name == "lan"
    assert cli(["users", "set-password", "ai"], "mười ký tự đủ\n") == (
        1,
        "",
        "error: There is no user named ai.\n",
    )
    assert cli(["users", "set-password", "lan"], "") == (
        1,
        "",
        "error: The password is empty. Give the password on standard input, one line.\n",
    )
    actions = [(r["user"], r["action"], r["detail"]) for r in json.loads(cli(["audit", "--json"])[1])]
    assert actions[:2] == [("cli", "user_add", "lan (planner)"), ("cli", "password_change", "lan")]
    db.close()


def test_users_unlock_lists_and_unlocks_a_locked_name_and_the_audit_says_so(cli, state_db_url, tmp_path):
    cli(["users", "add", "lan", "--role", "planner"], "mật khẩu 1\n")
    db = statedb.connect(state_db_url, legacy_dir=tmp_path)
    assert cli(["users", "unlock"]) == (0, "no name is locked\n", "")
    for _ in range(accounts.LOCK_AFTER_FAILURES):
        accounts.authenticate(db, "lan", "sai")
    assert accounts.authenticate(db, "lan", "mật khẩu 1").reason == "locked"
    assert cli(["users", "unlock"]) == (0, "lan\n", "")
    assert cli(["users", "unlock", "lan"]) == (0, "unlocked lan\n", "")
    assert accounts.authenticate(db, "lan", "mật khẩu 1").name == "lan"
    actions = [(r["user"], r["action"], r["detail"]) for r in json.loads(cli(["audit", "--json"])[1])]
    assert ("cli", "user_unlock", "lan") in actions
    db.close()
