"""What the Data page says and offers about dataset versions, as values (the page draws them).

- `Menu`: the versions listed for this user (viewers: only those published at some time), those
  that load (`usable`), each one's label ("v0002 · kh.csv"; the base data under `datasets.BUNDLED`),
  the one shown, and the earlier publications an approver may roll back to (`rollback_targets`).
- `showing`: the "Ứng dụng đang dùng" line: what this session shows and, when it is this session's
  own choice (a draft, a link), what everyone else sees.
- `save_outcome`: what a save that failed means (`datasets.accept`'s errors), as a message.

Takes the data state (`lib.ui.DataState`, whatever has its fields) as a value; never imports
Streamlit, never writes.
"""

from __future__ import annotations

from dataclasses import dataclass

from lib import faults
from lib.data import store
from lib.i18n import t
from lib.state import access, datasets


@dataclass(frozen=True)
class Menu:
    entries: list  # datasets.Entry, listed in the versions table
    broken: dict  # version id -> the problem that kept it from loading this run
    usable: list  # datasets.Version: listed, whole and loading
    label: dict  # id (datasets.BUNDLED for the base data) -> what the page calls it
    shown: str  # the id of what this session shows
    base_label: str

    def name(self, version_id: str | None) -> str:
        """A version's label (the base data's for None), its id when it is not listed."""
        return self.label.get(version_id or datasets.BUNDLED, version_id)


def menu(repo, state, may_view_drafts: bool, base_label: str) -> Menu:
    """The versions this user is shown, given the data state this run resolved."""
    broken = {subject: problems[0] for kind, subject, problems in state.troubles if kind == "version"}
    entries = repo.entries()
    if not may_view_drafts:  # a draft's file and author are not for viewers (nor the public)
        ever = repo.ever_published()
        entries = [e for e in entries if e.id in ever]
    usable = [
        e.version for e in entries if e.version is not None and e.problem is None and e.id not in broken
    ]
    label = {datasets.BUNDLED: base_label} | {v.id: f"{v.id} · {v.file_name}" for v in usable}
    return Menu(entries, broken, usable, label, state.version or datasets.BUNDLED, base_label)


def published_id(state) -> str | None:
    return state.published.version if state.published else None


def showing(m: Menu, state, demo: bool, lang: str) -> tuple[str, dict]:
    """The catalogue key and parameters of the line naming what is shown (Markdown: labels hold
    file names). A fallback, or the published version, is what everyone sees: said once."""
    version = m.label.get(m.shown, state.label)
    if demo or state.current or state.chosen_by == "published":
        return "data.showing", {"version": version}
    approved = published_id(state)
    others = t("data.showing_approved", lang, version=m.name(approved)) if approved else m.base_label
    return ("data.showing_draft" if state.draft else "data.showing_other"), {
        "version": version,
        "published": others,
    }


def rollback_targets(m: Menu, repo, state) -> list[str]:
    """The earlier publications an approver may go back to, newest first, as menu ids (the base
    data as `datasets.BUNDLED`); only those listed and loading."""
    published = published_id(state)
    earlier = [v for v in repo.ever_published() if v != published and (v is None or v in m.label)]
    return [v or datasets.BUNDLED for v in sorted(earlier, key=lambda v: v or "", reverse=True)]


def save_outcome(exc: Exception, lang: str) -> tuple[str, str]:
    """("error" | "warning", the message) for a failed `datasets.accept`: refused (who may), the
    new dataset would not load (nothing written), or a write that failed part-way (what was kept).
    Any other exception is not a save outcome: raised again."""
    if isinstance(exc, access.Forbidden):
        return "error", t("drafts.forbidden", lang, role=exc.role)
    if isinstance(exc, store.LoadError):
        return "error", t("state.not_saved_invalid", lang, problem=exc.problems[0].text(lang))
    if not isinstance(exc, faults.SaveError):
        raise exc
    if isinstance(exc.error, datasets.StateUnavailable):
        return "warning", t(
            "drafts.saved_not_recorded", lang, version=exc.saved, reason=exc.error.reason(lang)
        )
    if exc.saved:
        reason = faults.reason(exc.error, lang)
        return "warning", t("drafts.saved_not_recorded", lang, version=exc.saved, reason=reason)
    return "error", t("state.nothing_saved", lang, reason=faults.reason(exc.error, lang))
