"""What the Data page's acts do and say, as values: a session's choice of version, a saved upload,
an approver's publish or roll back. The page reads its widgets, calls these, and flashes the
`Flash` each returns (kind "success" | "error", the text, its icon) on the next run.

- `choose`: which version this session shows after "Xem" (a version that does not load is never
  shown: refused with its first problem), and what to say.
- `save`: a valid preview saved as a draft (`datasets.accept`), or what was and was not kept;
  `saved` is what a saved upload says (demo: shown at once; else a draft only this session sees).
- `publish`: an approver's Publish or Roll back (`Repo.publish` checks the role on the server),
  refused before anything changes when the version does not load; `refusal` says why a publish
  did not happen (shared with the damaged-version notice's way back, `lib.ui`).
- `allowed`: whether the data state allows an upload, a publish or a roll back at all.

The second step (a tick naming both versions) is the page's widget (`lib.ui.two_steps`); this
module is what happens after it. Never imports Streamlit; writes only through `Repo.publish`.
"""

from __future__ import annotations

from dataclasses import dataclass

from lib import faults
from lib.data import store
from lib.i18n import t
from lib.state import access, datasets, versions_menu

Flash = tuple[str, str, str]  # ("success" | "error", text, icon)


@dataclass(frozen=True)
class Allowed:
    """What the data state allows, whatever the role: an upload builds on the data folder and is
    recorded in the state database; a publish or roll back writes to that database."""

    folder_broken: bool
    db_broken: bool

    @property
    def upload(self) -> bool:
        return not self.folder_broken and not self.db_broken

    @property
    def publish(self) -> bool:
        return not self.db_broken


def allowed(state) -> Allowed:
    kinds = {kind for kind, _, _ in state.troubles}
    return Allowed("folder" in kinds, "statedb" in kinds)


def choose(choice: str, problems: list, state, demo: bool, label: str, lang: str) -> tuple[str | None, Flash]:
    """After "Xem" on `choice` (a menu id, `datasets.BUNDLED` for the base data) whose load found
    `problems`: ("published" | the version id | `datasets.BUNDLED` to show, the message), or
    (None, the refusal) when it does not load: the figures shown stay as they are."""
    chosen = None if choice == datasets.BUNDLED else choice
    if problems:
        text = t("state.cannot_switch", lang, version=chosen, problem=problems[0].message(lang))
        return None, ("error", text, ":material/error:")
    published = state.published.version if state.published else None
    show = "published" if chosen == published and not demo else choice
    key = "data.switched" if demo else "drafts.viewing"
    return show, ("success", t(key, lang, version=label), ":material/visibility:")


def save(
    repo, user, pv, original: bytes, file_name: str, con, demo: bool, lang: str
) -> tuple[str | None, Flash]:
    """Keep a valid preview as a new draft (`datasets.accept`): (its id, what to say next run), or
    (None, what was and was not kept, to say now: "error" or "warning" when the files were kept
    but not recorded)."""
    try:
        version = datasets.accept(repo, user, pv, original, file_name, con)
    except (access.Forbidden, store.LoadError, faults.SaveError) as exc:
        kind, text = versions_menu.save_outcome(exc, lang)
        return None, (kind, text, ":material/error:" if kind == "error" else ":material/warning:")
    return version.id, saved(version.id, demo, lang)


def saved(version_id: str, demo: bool, lang: str) -> Flash:
    """What a saved upload says: in demo mode the session shows it at once, else it is a draft."""
    key = "data.saved" if demo else "drafts.saved_draft"
    return "success", t(key, lang, version=version_id), ":material/check_circle:"


def unchecked(shown_as: str, lang: str) -> Flash:
    """A publish or roll back pressed without the tick (a stale or crafted click): nothing done."""
    return "error", t("drafts.unchecked", lang, version=shown_as), ":material/error:"


def refusal(exc: BaseException, shown_as: str, lang: str) -> str:
    """Why a publish or rollback did not happen, in the user's words (nothing changed)."""
    if isinstance(exc, access.Forbidden):
        return t("drafts.forbidden", lang, role=exc.role)
    if isinstance(exc, datasets.StateUnavailable):
        return t("drafts.publish_failed", lang, version=shown_as, reason=exc.reason(lang))
    return t("drafts.publish_failed", lang, version=shown_as, reason=t("state.gone", lang))


def publish(
    repo, user, version_id: str | None, action: str, shown_as: str, problems: list, lang: str
) -> tuple[bool, Flash]:
    """An approver's Publish or Roll back of `version_id` (None: the base data), whose load found
    `problems` (refused first: a version that does not load is never published). (done, message)."""
    if problems:
        text = t("drafts.cannot_publish", lang, version=shown_as, problem=problems[0].message(lang))
        return False, ("error", text, ":material/error:")
    try:
        repo.publish(user, version_id, action)
    except (access.Forbidden, datasets.StateUnavailable, KeyError) as exc:
        return False, ("error", refusal(exc, shown_as, lang), ":material/error:")
    key = "drafts.published_ok" if action == "publish" else "drafts.rolled_back"
    return True, ("success", t(key, lang, version=shown_as), ":material/verified:")
