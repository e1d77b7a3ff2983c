"""Who may do what: the three roles, the actions, and the one check every write goes through.

- **viewer**: sees the published data and everything derived from it, runs the simulator, shares
  links; writes nothing on the server. Anonymous visitors are viewers (when anonymous viewing is
  on, the default for a local install).
- **planner**: uploads and previews files, saves them as drafts, views any draft, saves, shares
  and deletes their own scenarios, reads everyone's.
- **approver**: everything a planner may, plus publishing a draft, rolling back to an earlier
  published version and managing users.

`require(user, action)` is called by the lib function that performs the action (not only by the
page that shows its button), so a viewer's session cannot reach an upload or a publish by
crafting widget state or a URL. In demo mode every visitor is a planner of their own browser
session and nothing is written (the repos are in memory). Never imports Streamlit.
"""

from __future__ import annotations

from dataclasses import dataclass

ROLES = ("viewer", "planner", "approver")

# action -> the roles allowed to perform it
ACTIONS: dict[str, frozenset[str]] = {
    "view": frozenset(ROLES),
    "simulate": frozenset(ROLES),
    "upload": frozenset({"planner", "approver"}),  # preview a file and save it as a draft
    "view_draft": frozenset({"planner", "approver"}),
    "save_scenario": frozenset({"planner", "approver"}),  # own scenarios only
    "delete_scenario": frozenset({"planner", "approver"}),  # own scenarios only
    "publish": frozenset({"approver"}),
    "rollback": frozenset({"approver"}),
    "manage_users": frozenset({"approver"}),
    "read_audit": frozenset({"approver"}),
}


@dataclass(frozen=True)
class User:
    """Who is using this session. `name` "" is an anonymous visitor; `source` says how they
    signed in: "anonymous", "local" (an account of this app), "oidc" (st.login), "proxy"
    (server.trustedUserHeaders) or "demo"."""

    name: str
    role: str
    source: str = "anonymous"

    @property
    def signed_in(self) -> bool:
        return self.source not in ("anonymous", "demo")


ANONYMOUS = User("", "viewer", "anonymous")
DEMO_VISITOR = User("", "planner", "demo")


class Forbidden(PermissionError):
    """An action the user's role does not allow; `action` and `role` name it for the message."""

    def __init__(self, action: str, role: str) -> None:
        super().__init__(f"{role} may not {action}")
        self.action = action
        self.role = role


def can(user: User | None, action: str) -> bool:
    """True when `user`'s role allows `action` (an unknown action or role allows nothing)."""
    role = (user or ANONYMOUS).role
    return role in ACTIONS.get(action, frozenset())


def require(user: User | None, action: str) -> None:
    """Raise `Forbidden` unless `user` may perform `action`: the server-side check."""
    if not can(user, action):
        raise Forbidden(action, (user or ANONYMOUS).role)
