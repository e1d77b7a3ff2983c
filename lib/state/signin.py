"""Who is signed in, decided without Streamlit: the sign-in mode, and the user an identity gives.

Three ways to sign in, chosen by `CHITIEU_AUTH` (see `lib.settings`):

- **local** (the default): accounts of this app in the state database (`lib.state.accounts`): a form
  checks the password, the session keeps an opaque token and every rerun resumes it. The token is
  the only thing kept in the browser session; the user and the role are read back from the
  database each time, so nothing a session holds (a widget's value, a crafted key) can name a
  role.
- **oidc**: Streamlit's `st.login` with the department's identity provider. `from_oidc` turns
  `st.user`'s claims into a user: the role from a claim (`CHITIEU_ROLE_CLAIM`), else from the
  users table by e-mail or name, else viewer.
- **proxy**: a reverse proxy that has signed the person in passes their name in headers, which
  `server.trustedUserHeaders` maps into `st.user`. `from_proxy`: the role from the users table,
  else viewer (a header never names a role: the proxy vouches for who, the app decides what).

Anonymous visitors are viewers (`access.ANONYMOUS`) when `CHITIEU_ANONYMOUS_VIEW` is on, and
`NOBODY` (may do nothing, not even view) when it is off. Demo mode (`CHITIEU_DEMO=1`) has no
sign-in at all (`access.DEMO_VISITOR`). The user-management functions check the acting user's
role themselves (`access.require`), whatever page calls them.

Never imports Streamlit; the one Streamlit-aware adapter is the "who is signed in" part of
`lib/ui.py`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable, Mapping

from lib import settings
from lib.state import access

MODES = ("local", "oidc", "proxy")
NOBODY = access.User("", "", "anonymous")  # anonymous viewing off: no role, so no action at all

_RANK = {role: rank for rank, role in enumerate(access.ROLES)}
_log = logging.getLogger("chitieu.signin")

# st.user keys that may carry who someone is, most specific first. An identity provider gives
# `email` (and `preferred_username`, `name`, `sub`); a proxy's headers are mapped to whichever of
# these keys the administrator chose in server.trustedUserHeaders.
OIDC_IDENTITY = ("email", "preferred_username", "name", "sub")
PROXY_IDENTITY = ("email", "name", "user", "username", "preferred_username")

NAME_MAX = 254  # an e-mail address at most; anything longer is not an identity


def mode() -> str:
    """The sign-in mode from `CHITIEU_AUTH`; an unknown value is read as "local" (logged), which
    grants no more than the default does."""
    value = settings.AUTH.get().strip().lower()
    if value in MODES:
        return value
    _log.warning("CHITIEU_AUTH=%r is not one of %s: using local accounts", value, "|".join(MODES))
    return "local"


def mode_problem() -> str | None:
    """The raw `CHITIEU_AUTH` value when it is not a known mode (for the account page)."""
    value = settings.AUTH.get().strip().lower()
    return None if value in MODES else settings.AUTH.get()


def anonymous_view() -> bool:
    """Whether visitors who have not signed in may view (`CHITIEU_ANONYMOUS_VIEW`, default on).
    Anything but a clear "off" value keeps it on, so a typo never locks a department out."""
    return settings.ANONYMOUS_VIEW.get().strip().lower() not in {"0", "false", "no", "off"}


def anonymous() -> access.User:
    """The user of a session nobody has signed in to: a viewer, or nobody (anonymous view off)."""
    return access.ANONYMOUS if anonymous_view() else NOBODY


def clean_name(value: object) -> str:
    """An identity as text: stripped, control characters refused (returns ""), bounded length."""
    if not isinstance(value, str):
        return ""
    text = value.strip()
    if not text or len(text) > NAME_MAX or re.search(r"[\x00-\x1f\x7f]", text):
        return ""
    return text


def role_from_claim(value: object) -> str | None:
    """A role named by an identity-token claim: "planner", ["viewer", "approver"] or
    "viewer approver" / "viewer,approver" (the highest known role wins, case ignored). None when
    the claim names no known role."""
    if isinstance(value, str):
        items: Iterable[object] = re.split(r"[\s,;]+", value)
    elif isinstance(value, list | tuple | set | frozenset):
        items = value
    else:
        return None
    known = [item.strip().lower() for item in items if isinstance(item, str)]
    known = [role for role in known if role in _RANK]
    return max(known, key=_RANK.__getitem__) if known else None


Lookup = Callable[[str], str | None]  # a name -> its role in the users table, or None


def _table_role(candidates: Iterable[str], lookup: Lookup) -> str | None:
    seen: set[str] = set()
    for name in candidates:
        for variant in (name, name.lower()):
            if variant in seen:
                continue
            seen.add(variant)
            role = lookup(variant)
            if role in _RANK:
                return role
    return None


def _identities(info: Mapping, keys: tuple[str, ...]) -> list[str]:
    names = [clean_name(info.get(key)) for key in keys]
    return list(dict.fromkeys(n for n in names if n))


def from_oidc(info: Mapping, lookup: Lookup, role_claim: str | None = None) -> access.User | None:
    """The user `st.user` describes after `st.login`, or None when nobody is logged in.

    The name is the first of e-mail, preferred_username, name and sub; the role comes from the
    claim `role_claim` (default `CHITIEU_ROLE_CLAIM`), else from the users table under any of
    those identities, else viewer."""
    if info.get("is_logged_in") is not True:
        return None
    names = _identities(info, OIDC_IDENTITY)
    if not names:
        return None
    claim = settings.ROLE_CLAIM.get() if role_claim is None else role_claim
    role = (role_from_claim(info.get(claim)) if claim else None) or _table_role(names, lookup)
    return access.User(names[0], role or "viewer", "oidc")


def from_proxy(info: Mapping, lookup: Lookup) -> access.User | None:
    """The user a trusted proxy's headers name (through `server.trustedUserHeaders`), or None when
    no header came. The role comes from the users table, else viewer."""
    names = _identities(info, PROXY_IDENTITY)
    if not names:
        return None
    return access.User(names[0], _table_role(names, lookup) or "viewer", "proxy")


# ---------------------------------------------------------------- managing users (approvers)


class Refused(Exception):
    """A user-management request refused for a reason the page states (`key`, `params`)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params


def list_users(db, actor: access.User) -> list[tuple[str, str, str]]:
    """Every account as (name, role, created_utc), by name; never the password hashes."""
    access.require(actor, "manage_users")
    return [(u.name, u.role, u.created_utc) for u in db.list_users()]


def add_user(db, actor: access.User, name: str, role: str, password: str, again: str):
    """A new local account made by `actor` (audited as user_add). `Refused` for a mismatch or a
    password `accounts` refuses; `statedb.Duplicate` / `statedb.Invalid` from the database."""
    from lib.state import accounts, statedb

    access.require(actor, "manage_users")
    if password != again:
        raise Refused("account.users_mismatch")
    try:
        name = statedb.clean_user_name(name)
    except statedb.Invalid:
        raise Refused("account.users_bad_name", limit=statedb.MAX_USER_NAME) from None
    try:
        digest = accounts.hash_password(password)
    except accounts.PasswordRefused as exc:
        raise Refused(exc.key, **exc.params) from None
    return db.add_user(name, role, digest, by=actor.name)


def locked_names(db, actor: access.User) -> list[str]:
    """Names locked by failed sign-ins right now (approvers only)."""
    from lib.state import accounts

    access.require(actor, "manage_users")
    return accounts.locked_names(db)


def unlock(db, actor: access.User, name: str) -> None:
    """Let a locked name sign in again at once (audited as user_unlock by `actor`). `Refused`
    when it is not locked."""
    from lib.state import accounts

    access.require(actor, "manage_users")
    if not accounts.unlock(db, name, by=actor.name):
        raise Refused("account.users_not_locked", name=name)


def _keep_an_approver(db, actor: access.User, name: str, new_role: str | None) -> None:
    """Refuse acting on one's own account, and leaving the users table without an approver."""
    if name == actor.name:
        raise Refused("account.users_not_self")
    target = db.get_user(name)
    if target is None:
        raise Refused("account.users_unknown", name=name)
    if target.role == "approver" and new_role != "approver":
        approvers = [u for u in db.list_users() if u.role == "approver"]
        if len(approvers) <= 1:
            raise Refused("account.users_last_approver", name=name)


def set_role(db, actor: access.User, name: str, role: str):
    """Change another user's role (audited as role_change by `actor`)."""
    access.require(actor, "manage_users")
    with db.transaction():  # the check and the change see the same table
        _keep_an_approver(db, actor, name, role)
        return db.set_role(name, role, by=actor.name)


def remove_user(db, actor: access.User, name: str) -> None:
    """Remove another user and end their sessions (audited as user_remove by `actor`)."""
    access.require(actor, "manage_users")
    with db.transaction():
        _keep_an_approver(db, actor, name, None)
        db.remove_user(name, by=actor.name)
