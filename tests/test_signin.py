"""Sign-in and the server-side gates: who a session is, per role and action, through AppTest.

`act_as(at, role)` is how a test acts as a role: it creates a real local account in the test's
state database (use it with the `isolated_app` fixture, which gives each test its own state
folder) and seeds the AppTest's session with a valid session token, exactly what the sign-in
form leaves behind. `sign_in_with_form` does the same through the form. Nothing else grants a
role: a crafted session key, a widget value or a URL parameter does not.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fixtures import APP, PASSWORD, act_as
from streamlit.testing.v1 import AppTest

from lib import i18n, literal, ui
from lib.state import access, accounts, signin, statedb

SUBMIT = "FormSubmitter:account_sign_in-{label}"


# ---------------------------------------------------------------- how a test acts as a role


@pytest.fixture
def signed_in(isolated_app):
    """`signed_in(role)` -> an AppTest of app.py signed in as `role`, run once (front page)."""

    def make(role: str, name: str | None = None) -> AppTest:
        at = AppTest.from_file(APP, default_timeout=30)
        act_as(at, role, name)
        return at.run()

    return make


def new_app() -> AppTest:
    return AppTest.from_file(APP, default_timeout=30)


def account_page(at: AppTest) -> AppTest:
    return at.switch_page(ui.ACCOUNT_PAGE).run()


def sign_in_with_form(at: AppTest, name: str, password: str, lang: str = "vi") -> AppTest:
    """Type into the account page's form and submit it (the page must be open)."""
    at.text_input(key="account_name").input(name)
    at.text_input(key="account_password").input(password)
    return at.button(key=SUBMIT.format(label=i18n.t("account.sign_in", lang))).click().run()


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption] + [t.value for t in at.title]
    parts += [m.value for m in at.info] + [m.value for m in at.warning] + [m.value for m in at.error]
    parts += [m.value for m in at.success] + [c.value for c in at.sidebar.caption]
    return "\n".join(parts)


def add_user(name: str, role: str, password: str = PASSWORD) -> statedb.StateDB:
    db = statedb.connect()
    db.add_user(name, role, accounts.hash_password(password))
    return db


def probe(*actions: str):
    """A one-page app that reports `ui.can(action)` for each action (runs ui like a page does)."""

    def script(actions):
        import streamlit as st

        from lib import ui

        for action in actions:
            st.text(f"{action}={ui.can(action)}")

    return AppTest.from_function(script, args=(actions,), default_timeout=30)


def rights(at: AppTest) -> dict[str, bool]:
    return {t.value.split("=")[0]: t.value.endswith("True") for t in at.text}


# ---------------------------------------------------------------- roles and actions


@pytest.mark.parametrize("role", access.ROLES)
def test_each_role_may_do_exactly_what_access_declares(isolated_app, role):
    at = probe(*access.ACTIONS)
    act_as(at, role)
    assert rights(at.run()) == {action: role in allowed for action, allowed in access.ACTIONS.items()}


def test_an_anonymous_visitor_is_a_viewer(isolated_app):
    at = probe(*access.ACTIONS).run()
    assert rights(at) == {action: "viewer" in allowed for action, allowed in access.ACTIONS.items()}


@pytest.mark.parametrize(
    "crafted",
    [
        {"_user": access.User("ke-gian", "approver", "local")},
        {"_signin_token": "forged-token"},
        {"_signin_token": ["not", "a", "token"]},
        {"_signin_audited": ("ke-gian", "local"), "_signin_next": "data"},
        {"account_name": "admin", "account_password": "x", "role": "approver"},
    ],
)
def test_crafted_session_keys_grant_nothing(isolated_app, crafted):
    add_user("admin", "approver")
    at = probe("upload", "publish", "manage_users")
    for key, value in crafted.items():
        at.session_state[key] = value
    assert rights(at.run()) == {"upload": False, "publish": False, "manage_users": False}


def test_url_parameters_grant_nothing(isolated_app):
    add_user("admin", "approver")
    at = new_app()
    for key, value in {"user": "admin", "role": "approver", "token": "x", "_signin_token": "x"}.items():
        at.query_params[key] = value
    at.run()
    account_page(at)
    assert not at.get("dataframe")  # the users table is for approvers only
    assert "admin" not in texts(at)


def test_a_token_of_another_database_or_a_removed_user_signs_nobody_in(isolated_app):
    at = probe("upload")
    name = act_as(at, "planner")
    statedb.connect().remove_user(name)  # its sessions go with it
    assert rights(at.run()) == {"upload": False}
    assert ui.SESSION_TOKEN not in at.session_state


def test_a_role_change_applies_at_the_next_rerun(isolated_app):
    at = probe("publish")
    name = act_as(at, "planner")
    assert rights(at.run()) == {"publish": False}
    statedb.connect().set_role(name, "approver", by="test")
    assert rights(at.run()) == {"publish": True}


# ---------------------------------------------------------------- the local sign-in form


def test_the_sidebar_offers_sign_in_and_the_form_signs_in(isolated_app):
    add_user("lan", "planner")
    at = new_app().run()
    at.sidebar.button(key="signin_sidebar_in").click().run()
    assert [t.value for t in at.title] == ["Tài khoản"]
    assert not at.exception
    sign_in_with_form(at, "lan", PASSWORD)
    assert "Đã đăng nhập với tên lan, vai trò Cán bộ kế hoạch." in texts(at)
    assert "lan · Cán bộ kế hoạch" in [c.value for c in at.sidebar.caption]
    assert "account_password" not in at.session_state or at.session_state["account_password"] == ""
    (row,) = [r for r in statedb.connect().audit_log() if r.action == "sign_in"]
    assert (row.user, row.detail) == ("lan", "local")


@pytest.mark.parametrize(("name", "password"), [("lan", "sai mật khẩu"), ("không-có-ai", PASSWORD)])
def test_a_wrong_password_or_an_unknown_name_gets_one_message(isolated_app, name, password):
    add_user("lan", "planner")
    at = account_page(new_app().run())
    sign_in_with_form(at, name, password)
    assert [e.value for e in at.error] == [i18n.t("accounts.refused_bad_credentials", "vi")]
    assert ui.SESSION_TOKEN not in at.session_state
    (row,) = [r for r in statedb.connect().audit_log() if r.action == "sign_in_failed"]
    assert row.user == name


def test_an_empty_form_asks_for_both_fields(isolated_app):
    at = account_page(new_app().run())
    sign_in_with_form(at, "  ", "")
    assert [e.value for e in at.error] == [i18n.t("account.missing", "vi")]
    assert not statedb.connect().audit_log()


def test_too_many_failures_lock_the_name_even_with_the_right_password(isolated_app):
    add_user("lan", "planner")
    at = account_page(new_app().run())
    for _ in range(accounts.LOCK_AFTER_FAILURES):
        sign_in_with_form(at, "lan", "đoán bừa")
    sign_in_with_form(at, "lan", PASSWORD)
    minutes = int(accounts.LOCK_WINDOW.total_seconds() // 60)
    assert [e.value for e in at.error] == [i18n.t("accounts.refused_locked", "vi", minutes=minutes)]
    assert ui.SESSION_TOKEN not in at.session_state


def test_an_expired_session_signs_out_with_a_message(isolated_app):
    db = add_user("lan", "planner")
    at = probe("upload")
    long_ago = datetime.now(UTC) - accounts.SESSION_TTL - timedelta(minutes=1)
    at.session_state[ui.SESSION_TOKEN] = accounts.new_session(db, "lan", now=long_ago)
    assert rights(at.run()) == {"upload": False}
    at = new_app()
    at.session_state[ui.SESSION_TOKEN] = accounts.new_session(db, "lan", now=long_ago)
    at.run()
    assert i18n.t("account.expired", "vi") in [i.value for i in at.info]
    assert at.sidebar.button(key="signin_sidebar_in").label == "Đăng nhập"


def test_sign_out_ends_the_session_and_is_audited(signed_in):
    at = signed_in("planner", "lan")
    token = at.session_state[ui.SESSION_TOKEN]
    at.sidebar.button(key="signin_sidebar_out").click().run()
    assert ui.SESSION_TOKEN not in at.session_state
    assert i18n.t("account.signed_out", "vi") in [i.value for i in at.info]
    db = statedb.connect()
    assert accounts.resume(db, token) is None  # the old token is dead everywhere
    assert [r.user for r in db.audit_log() if r.action == "sign_out"] == ["lan"]


def test_signing_in_from_a_refusal_returns_to_that_page(isolated_app):
    """The refusal's sign-in link remembers the page; after the form the visitor is back there."""
    add_user("lan", "approver")
    at = new_app().run()
    at.switch_page("pages/explore.py").run()
    at.session_state["_signin_next"] = "explore"  # what ui.forbidden leaves on a guarded page
    account_page(at)
    sign_in_with_form(at, "lan", PASSWORD)
    assert not at.exception
    assert at.title[0].value == i18n.t("explore.title", "vi")


def test_a_lib_refusal_inside_a_page_is_a_message_not_an_error(isolated_app):
    def script():
        from lib import ui

        with ui.guarded():
            ui.require("publish")

    at = AppTest.from_function(script, default_timeout=30).run()
    assert not at.exception and not at.error
    (warning,) = at.warning
    assert warning.value == "Bạn cần đăng nhập với vai trò Người phê duyệt để công bố bộ dữ liệu chính thức."


def test_a_signed_in_planner_is_told_which_role_is_needed(isolated_app):
    def script():
        from lib import ui

        with ui.guarded():
            ui.guard("manage_users")

    at = AppTest.from_function(script, default_timeout=30)
    act_as(at, "planner", "lan")
    at.run()
    assert [w.value for w in at.warning] == [
        "Tài khoản lan có vai trò Cán bộ kế hoạch, không đủ quyền để quản lý người dùng. "
        "Việc này cần vai trò Người phê duyệt."
    ]
    assert not at.get("page_link")  # signed in already: no sign-in link


def test_the_state_database_down_signs_nobody_in_and_says_so(isolated_app, monkeypatch):
    at = new_app()
    act_as(at, "approver")

    def down(*args, **kwargs):
        raise statedb.StateError("unreachable", "statedb.reason_unreachable")

    monkeypatch.setattr(ui, "state_db", down)
    at.run()
    assert not at.exception
    assert i18n.t("account.db_down", "vi") in [i.value for i in at.info]
    account_page(at)
    assert not at.get("dataframe")


# ---------------------------------------------------------------- anonymous viewing off


@pytest.mark.parametrize("page", ["pages/overview.py", "pages/data.py", "pages/simulate.py"])
def test_with_anonymous_viewing_off_every_page_is_the_sign_in(isolated_app, monkeypatch, page):
    monkeypatch.setenv("CHITIEU_ANONYMOUS_VIEW", "0")
    add_user("lan", "viewer")
    at = new_app().run()
    assert [t.value for t in at.title] == ["Tài khoản"]
    assert not at.metric and not at.get("file_uploader")
    assert i18n.t("account.closed", "vi") in texts(at)
    sign_in_with_form(at, "lan", PASSWORD)
    at.switch_page(page).run()
    assert not at.exception
    assert at.title and at.title[0].value != "Tài khoản"


# ---------------------------------------------------------------- managing users


def test_an_approver_adds_changes_and_removes_users_and_each_step_is_audited(signed_in):
    at = account_page(signed_in("approver", "truong-phong"))
    assert at.dataframe[0].value["Tên đăng nhập"].tolist() == ["truong-phong"]
    at.text_input(key="account_add_name").input("  lan  ")
    at.selectbox(key="account_add_role").set_value("planner")
    at.text_input(key="account_add_pw").input(PASSWORD)
    at.text_input(key="account_add_pw2").input(PASSWORD)
    at.button(key="FormSubmitter:account_add-Thêm").click().run()
    assert "Đã thêm người dùng lan, vai trò Cán bộ kế hoạch." in [s.value for s in at.success]
    assert at.dataframe[0].value["Vai trò"].tolist() == ["Cán bộ kế hoạch", "Người phê duyệt"]
    at.selectbox(key="account_role_user").set_value("lan")
    at.selectbox(key="account_role_to").set_value("approver")
    at.button(key="account_role_go").click().run()
    assert "Đã đổi vai trò của lan thành Người phê duyệt." in [s.value for s in at.success]
    at.selectbox(key="account_remove_user").set_value("lan")
    at.checkbox(key="account_remove_sure").check().run()
    at.button(key="account_remove_go").click().run()
    assert "Đã xóa người dùng lan." in [s.value for s in at.success]
    log = [(r.user, r.action, r.detail) for r in statedb.connect().audit_log() if r.user == "truong-phong"]
    assert log == [
        ("truong-phong", "user_add", "lan (planner)"),
        ("truong-phong", "role_change", "lan: planner -> approver"),
        ("truong-phong", "user_remove", "lan"),
    ]


def test_the_add_form_says_why_a_user_was_not_added(signed_in):
    at = account_page(signed_in("approver", "truong-phong"))

    def add(name, first, again):
        at.text_input(key="account_add_name").input(name)
        at.text_input(key="account_add_pw").input(first)
        at.text_input(key="account_add_pw2").input(again)
        return at.button(key="FormSubmitter:account_add-Thêm").click().run()

    assert [e.value for e in add("lan", PASSWORD, PASSWORD + "x").error] == [
        i18n.t("account.users_mismatch", "vi")
    ]
    assert len(add("truong-phong", PASSWORD, PASSWORD).error) == 1  # taken
    assert len(add("a\x00b", PASSWORD, PASSWORD).error) == 1  # not a name
    assert len(add("lan", "", "").error) == 1  # no password
    assert not at.exception
    assert [u.name for u in statedb.connect().list_users()] == ["truong-phong"]


SHORT_VI = "Mật khẩu cần ít nhất 10 ký tự (có thể là một cụm từ dễ nhớ, không bắt buộc chữ hoa hay ký hiệu)."
NAME_RULE_VI = (
    "Tên đăng nhập gồm từ 1 đến 64 ký tự: chữ thường không dấu a–z, chữ số và các dấu . _ - @, bắt đầu"
    " bằng chữ hoặc số (ví dụ nguyen.lan). Không có dấu cách hay ký tự khác."
)


@pytest.mark.parametrize(
    ("name", "password", "message"),
    [
        (
            "nguyen.lan",
            "123",
            SHORT_VI,
        ),
        (
            "nguyen.lan",
            "ngan",
            SHORT_VI,
        ),
        ("<b>x</b>", PASSWORD, NAME_RULE_VI),
        ("Nguyễn Lan", PASSWORD, NAME_RULE_VI),
        ("   ", PASSWORD, NAME_RULE_VI),
    ],
)
def test_the_add_form_refuses_short_passwords_and_odd_names_in_vietnamese(signed_in, name, password, message):
    at = account_page(signed_in("approver", "truong-phong"))
    at.text_input(key="account_add_name").input(name)
    at.text_input(key="account_add_pw").input(password)
    at.text_input(key="account_add_pw2").input(password)
    at.button(key="FormSubmitter:account_add-Thêm").click().run()
    assert [e.value for e in at.error] == [message]
    assert not at.exception
    assert [u.name for u in statedb.connect().list_users()] == ["truong-phong"]


def test_the_password_field_says_the_rule():
    assert i18n.t("account.password_help", "vi", min=accounts.MIN_PASSWORD).startswith("Ít nhất 10 ký tự")


def test_an_approver_unlocks_a_locked_name_on_the_account_page_and_it_is_audited(signed_in):
    at = account_page(signed_in("approver", "truong-phong"))
    db = statedb.connect()
    db.add_user("lan", "planner", accounts.hash_password(PASSWORD))
    for _ in range(accounts.LOCK_AFTER_FAILURES):
        accounts.authenticate(db, "lan", "sai mật khẩu")
    assert accounts.authenticate(db, "lan", PASSWORD).reason == "locked"
    at.run()
    assert at.selectbox(key="account_unlock_user").options == ["lan"]
    at.button(key="account_unlock_go").click().run()
    assert "Đã mở khóa lan: tên này đăng nhập lại được ngay." in [s.value for s in at.success]
    assert accounts.authenticate(db, "lan", PASSWORD).name == "lan"
    assert [(r.user, r.action, r.detail) for r in db.audit_log() if r.action == "user_unlock"] == [
        ("truong-phong", "user_unlock", "lan")
    ]
    assert i18n.t("account.users_unlock_none", "vi") in texts(at)


def test_only_an_approver_may_unlock(isolated_app):
    db = add_user("truong-phong", "approver")
    with pytest.raises(access.Forbidden):
        signin.unlock(db, access.User("lan", "planner", "local"), "truong-phong")
    with pytest.raises(signin.Refused) as refused:
        signin.unlock(db, access.User("truong-phong", "approver", "local"), "lan")
    assert refused.value.key == "account.users_not_locked"


@pytest.mark.parametrize("role", ["viewer", "planner"])
def test_planners_and_viewers_see_no_user_management(signed_in, role):
    at = account_page(signed_in(role))
    assert not at.dataframe and not at.get("expander")
    assert i18n.t("account.users_title", "vi") not in [s.value for s in at.subheader]


@pytest.mark.parametrize("actor", [access.ANONYMOUS, access.User("lan", "planner", "local")])
def test_the_management_functions_refuse_anyone_but_an_approver(isolated_app, actor):
    db = add_user("truong-phong", "approver")
    with pytest.raises(access.Forbidden):
        signin.list_users(db, actor)
    with pytest.raises(access.Forbidden):
        signin.add_user(db, actor, "x", "approver", PASSWORD, PASSWORD)
    with pytest.raises(access.Forbidden):
        signin.set_role(db, actor, "truong-phong", "viewer")
    with pytest.raises(access.Forbidden):
        signin.remove_user(db, actor, "truong-phong")
    assert [(u.name, u.role) for u in db.list_users()] == [("truong-phong", "approver")]


def test_the_last_approver_stays_and_nobody_changes_their_own_account(isolated_app):
    db = add_user("a", "approver")
    me = access.User("a", "approver", "local")
    with pytest.raises(signin.Refused) as refused:
        signin.set_role(db, me, "a", "viewer")
    assert refused.value.key == "account.users_not_self"
    oidc_approver = access.User("giam-doc@so.gov.vn", "approver", "oidc")  # approver by a claim
    for attempt in (
        lambda: signin.set_role(db, oidc_approver, "a", "planner"),
        lambda: signin.remove_user(db, oidc_approver, "a"),
    ):
        with pytest.raises(signin.Refused) as refused:
            attempt()
        assert refused.value.key == "account.users_last_approver"
    signin.add_user(db, me, "b", "approver", PASSWORD, PASSWORD)
    signin.set_role(db, me, "b", "planner")
    with pytest.raises(signin.Refused) as refused:
        signin.remove_user(db, me, "nobody")
    assert refused.value.key == "account.users_unknown"
    assert [(u.name, u.role) for u in db.list_users()] == [("a", "approver"), ("b", "planner")]


# ---------------------------------------------------------------- oidc and proxy: the pure rules


def table(roles: dict[str, str]):
    return roles.get


@pytest.mark.parametrize(
    ("claim", "role"),
    [
        ("planner", "planner"),
        ("Approver", "approver"),
        (["viewer", "approver", "planner"], "approver"),
        ("viewer, planner", "planner"),
        ("admin", None),
        ("", None),
        (["root"], None),
        (7, None),
        (None, None),
        ({"role": "approver"}, None),
    ],
)
def test_a_role_claim(claim, role):
    assert signin.role_from_claim(claim) == role


@pytest.mark.parametrize(
    ("info", "users", "expected"),
    [
        ({"is_logged_in": False, "email": "a@so.vn", "chitieu_role": "approver"}, {}, None),
        ({"email": "a@so.vn", "chitieu_role": "approver"}, {}, None),  # no login flag: nobody
        ({"is_logged_in": "true", "email": "a@so.vn"}, {}, None),
        ({"is_logged_in": True, "email": "a@so.vn", "chitieu_role": "approver"}, {}, ("a@so.vn", "approver")),
        (
            {"is_logged_in": True, "email": "a@so.vn", "chitieu_role": "root"},
            {"a@so.vn": "planner"},
            ("a@so.vn", "planner"),
        ),
        ({"is_logged_in": True, "email": "Lan@So.vn"}, {"lan@so.vn": "planner"}, ("Lan@So.vn", "planner")),
        (
            {"is_logged_in": True, "email": "x@so.vn", "name": "Lan"},
            {"Lan": "approver"},
            ("x@so.vn", "approver"),
        ),
        ({"is_logged_in": True, "sub": "1234"}, {}, ("1234", "viewer")),
        (
            {"is_logged_in": True, "email": "a\nb@so.vn", "sub": "s1"},
            {"a\nb@so.vn": "approver"},
            ("s1", "viewer"),
        ),
        ({"is_logged_in": True}, {}, None),
    ],
)
def test_the_user_an_identity_provider_names(info, users, expected):
    user = signin.from_oidc(info, table(users), role_claim="chitieu_role")
    assert (None if user is None else (user.name, user.role, user.source)) == (
        None if expected is None else (*expected, "oidc")
    )


@pytest.mark.parametrize(
    ("info", "users", "expected"),
    [
        ({}, {"lan": "approver"}, None),
        ({"email": None, "name": None}, {}, None),
        ({"email": "   "}, {}, None),
        ({"email": "lan@so.vn"}, {"lan@so.vn": "planner"}, ("lan@so.vn", "planner")),
        ({"name": "lan"}, {}, ("lan", "viewer")),
        ({"email": "lan@so.vn", "role": "approver", "chitieu_role": "approver"}, {}, ("lan@so.vn", "viewer")),
        ({"email": "x" * 300}, {}, None),
    ],
)
def test_the_user_a_proxy_names_and_a_header_never_names_a_role(info, users, expected):
    user = signin.from_proxy(info, table(users))
    assert (None if user is None else (user.name, user.role, user.source)) == (
        None if expected is None else (*expected, "proxy")
    )


@pytest.mark.parametrize(
    ("value", "mode"), [("", "local"), ("OIDC ", "oidc"), ("proxy", "proxy"), ("ldap", "local")]
)
def test_the_sign_in_mode(monkeypatch, value, mode):
    monkeypatch.setenv("CHITIEU_AUTH", value)
    assert signin.mode() == mode


@pytest.mark.parametrize(
    ("value", "on"), [("1", True), ("0", False), ("off", False), ("no", False), ("tắt", True)]
)
def test_anonymous_viewing(monkeypatch, value, on):
    monkeypatch.setenv("CHITIEU_ANONYMOUS_VIEW", value)
    assert signin.anonymous_view() is on
    assert access.can(signin.anonymous(), "view") is on


# ---------------------------------------------------------------- oidc and proxy through st.user


def test_an_oidc_user_takes_the_role_from_the_claim(isolated_app, monkeypatch):
    monkeypatch.setenv("CHITIEU_AUTH", "oidc")
    at = new_app()
    at.user = {
        "is_logged_in": True,
        "email": "giam-doc@so.gov.vn",
        "name": "Giám đốc",
        "chitieu_role": "approver",
    }
    account_page(at.run())
    shown = literal.md("giam-doc@so.gov.vn") + " · Người phê duyệt"  # text from people, shown literally
    assert shown in [c.value for c in at.sidebar.caption]
    assert [s.value for s in at.subheader] == [i18n.t("account.users_title", "vi")]  # an approver
    (row,) = [r for r in statedb.connect().audit_log() if r.action == "sign_in"]
    assert (row.user, row.detail) == ("giam-doc@so.gov.vn", "oidc")
    at.run()
    assert len([r for r in statedb.connect().audit_log() if r.action == "sign_in"]) == 1  # once a session


def test_an_oidc_visitor_not_logged_in_is_offered_st_login_or_told_it_is_not_configured(
    isolated_app, monkeypatch
):
    monkeypatch.setenv("CHITIEU_AUTH", "oidc")
    at = new_app()
    at.user = {"is_logged_in": False}
    account_page(at.run())
    assert [e.value for e in at.error] == [i18n.t("account.oidc_unconfigured", "vi")]
    assert rights(probe("upload").run()) == {"upload": False}


def test_a_proxy_user_takes_the_role_from_the_users_table(isolated_app, monkeypatch):
    monkeypatch.setenv("CHITIEU_AUTH", "proxy")
    add_user("lan@so.gov.vn", "planner")
    at = probe("upload", "publish")
    at.user = {"email": "lan@so.gov.vn", "chitieu_role": "approver"}
    assert rights(at.run()) == {"upload": True, "publish": False}
    nobody = probe("upload")
    nobody.user = {"email": None}
    assert rights(nobody.run()) == {"upload": False}


def test_demo_mode_has_no_sign_in(isolated_app, monkeypatch):
    monkeypatch.setenv("CHITIEU_DEMO", "1")
    at = new_app().run()
    assert not [b for b in at.sidebar.button if b.key == "signin_sidebar_in"]
    assert rights(probe("upload", "publish").run()) == {"upload": True, "publish": False}
    account_page(at)
    assert [i.value for i in at.info][-1] == i18n.t("account.demo", "vi")
