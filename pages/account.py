"""Account: sign in (local form, or the identity provider's st.login), who is signed in, sign out;
for approvers, managing users.

Thin: the rules are in `lib.state.signin` (the management functions refuse anyone but an approver
themselves, whatever this page draws) and the session in `lib.ui`'s "who is signed in" part.
"""

import pandas as pd
import streamlit as st

from lib import fmt, settings, ui
from lib.state import access, accounts, signin, statedb

ui.enter_page()  # first: a link opened without app.py goes through it

# The page never calls st.stop(): what a page draws after a stop is dropped, and the front door's
# link notice (an unusable ?lang=) is drawn when the page has run (ui.guarded).


def sign_in_or_out() -> None:
    """Who is signed in and signing out, or the way to sign in for this mode."""
    if signin.mode_problem() is not None:
        st.warning(ui.t_md("account.mode_unknown", value=signin.mode_problem()), icon=":material/warning:")

    how = signin.mode()
    user = ui.current_user()
    if user.signed_in:
        st.markdown(ui.t_md("account.signed_in_as", name=user.name, role=ui.role_name(user.role)))
        if how == "proxy":
            st.caption(ui.t("account.proxy_sign_out"))
        elif st.button(ui.t("account.sign_out"), key="account_sign_out", icon=":material/logout:"):
            ui.sign_out()
            st.rerun()
    else:
        st.caption(ui.t("account.anonymous_note" if signin.anonymous_view() else "account.closed"))
        if how == "local":
            with st.form("account_sign_in", clear_on_submit=True, width=420):  # no password kept
                st.caption(ui.t("account.form_intro"))
                name = st.text_input(ui.t("account.username"), key="account_name", max_chars=64)
                password = st.text_input(
                    ui.t("account.password"), type="password", key="account_password", max_chars=1024
                )
                submitted = st.form_submit_button(ui.t("account.sign_in"), type="primary")
            if submitted:
                st.session_state.pop("account_password", None)  # the password lives for this run only
                problem = ui.sign_in(name, password)
                if problem is None:
                    ui.after_sign_in()
                st.error(problem, icon=":material/error:")
        elif how == "oidc":
            if not ui.oidc_configured():
                st.error(ui.t("account.oidc_unconfigured"), icon=":material/error:")
            else:
                st.caption(ui.t("account.oidc_intro"))
                if st.button(
                    ui.t("account.sign_in"), type="primary", key="account_oidc", icon=":material/login:"
                ):
                    ui.oidc_sign_in()
        else:
            st.info(ui.t("account.proxy_intro"), icon=":material/info:")


def run(action, done_key: str, **params) -> None:
    """Do one management action; its outcome said in words, never a traceback."""
    try:
        action()
    except signin.Refused as exc:
        st.error(ui.t_md(exc.key, **exc.params), icon=":material/error:")
    except access.Forbidden as exc:
        ui.forbidden(exc.action)
    except statedb.StateError as exc:
        st.error(ui.literal(exc.reason(ui.lang())), icon=":material/error:")
    else:
        if "role" in params:
            params["role"] = ui.role_name(params["role"])
        st.session_state["_account_flash"] = (done_key, params)
        st.rerun()


def manage_users() -> None:
    """Approvers only (and each signin function checks the role again)."""
    st.divider()
    st.subheader(ui.t("account.users_title"))
    flash = st.session_state.pop("_account_flash", None)
    if flash:
        st.success(ui.t_md(flash[0], **flash[1]), icon=":material/check_circle:")

    try:
        db = ui.state_db()
        users = signin.list_users(db, ui.current_user())
    except statedb.StateError:
        st.error(ui.t("account.db_down"), icon=":material/error:")
        return

    if users:
        table = pd.DataFrame(
            [(name, ui.role_name(role), fmt.day(stamp, ui.lang())) for name, role, stamp in users],
            columns=[ui.t(f"account.users_col_{c}") for c in ("name", "role", "created")],
        )
        ui.table(table)
    else:
        st.info(ui.t("account.users_none"))

    roles = list(access.ROLES)
    with st.expander(ui.t("account.users_add"), icon=":material/person_add:"):
        with st.form("account_add", clear_on_submit=True):
            new_name = st.text_input(ui.t("account.username"), key="account_add_name", max_chars=64)
            new_role = st.selectbox(
                ui.t("account.role"), roles, format_func=ui.role_name, key="account_add_role"
            )
            # No max_chars: a browser drops a longer paste whole, which then read as "empty";
            # the length rule (`accounts`, before any hashing) says why instead.
            first = st.text_input(
                ui.t("account.users_initial_password"),
                type="password",
                key="account_add_pw",
                help=ui.t("account.password_help", min=accounts.MIN_PASSWORD),
            )
            again = st.text_input(
                ui.t("account.users_password_again"), type="password", key="account_add_pw2"
            )
            add = st.form_submit_button(ui.t("account.users_add_button"), type="primary")
        if add:
            run(
                lambda: signin.add_user(db, ui.current_user(), new_name, new_role, first, again),
                "account.users_added",
                name=new_name.strip(),
                role=new_role,
            )

    others = [name for name, _, _ in users if name != ui.current_user().name]
    if others:
        with st.expander(ui.t("account.users_change_role"), icon=":material/manage_accounts:"):
            who = st.selectbox(ui.t("account.users_pick"), others, key="account_role_user")
            to = st.selectbox(
                ui.t("account.users_new_role"), roles, format_func=ui.role_name, key="account_role_to"
            )
            if st.button(ui.t("account.users_change_role"), key="account_role_go"):
                run(
                    lambda: signin.set_role(db, ui.current_user(), who, to),
                    "account.users_role_changed",
                    name=who,
                    role=to,
                )
        with st.expander(ui.t("account.users_remove"), icon=":material/person_remove:"):
            gone = st.selectbox(ui.t("account.users_pick"), others, key="account_remove_user")
            sure = st.checkbox(ui.t("account.users_confirm_remove"), key="account_remove_sure")
            if st.button(ui.t("account.users_remove"), key="account_remove_go", disabled=not sure) and sure:
                run(
                    lambda: signin.remove_user(db, ui.current_user(), gone),
                    "account.users_removed",
                    name=gone,
                )
    unlock_names(db)
    st.caption(ui.t("account.users_cli"))


def unlock_names(db) -> None:
    """The way back from a lockout: an approver lets a locked name sign in again (audited)."""
    try:
        locked = signin.locked_names(db, ui.current_user())
    except statedb.StateError:
        return  # the users table above already said the database is down
    with st.expander(ui.t("account.users_unlock"), icon=":material/lock_open:"):
        if not locked:
            st.caption(ui.t("account.users_unlock_none"))
            return
        st.caption(
            ui.t(
                "account.users_unlock_intro",
                minutes=int(accounts.LOCK_WINDOW.total_seconds() // 60),
                failures=accounts.LOCK_AFTER_FAILURES,
            )
        )
        who = st.selectbox(ui.t("account.users_pick"), locked, key="account_unlock_user")
        if st.button(
            ui.t("account.users_unlock_button"), key="account_unlock_go", icon=":material/lock_open:"
        ):
            run(lambda: signin.unlock(db, ui.current_user(), who), "account.users_unlocked", name=who)


st.title(ui.t("account.title"))
if settings.demo_mode():
    st.info(ui.t("account.demo"), icon=":material/public:")
else:
    sign_in_or_out()
    if ui.can("manage_users"):
        manage_users()
