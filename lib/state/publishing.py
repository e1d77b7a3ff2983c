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
- `loss`: before Publish, the draft's whole dataset against what is published now: the published
  figures it would remove or change although its own upload did not set them (a draft built on
  older data, review 3 defect 1), for the page to list (`datasets.loss_table`); `rebase` makes the
  draft again on the published version (its original upload read and checked as any upload, on
  the published dataset: a new draft, audited as an upload saying so); a publish that goes ahead
  anyway records the loss in the audit (`datasets.lost_detail`).

The second step (a tick naming both versions) is the page's widget (`lib.ui.two_steps`); this
module is what happens after it. Never imports Streamlit; writes only through `Repo.publish`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from lib import faults
from lib.data import queries, store
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
    repo, user, pv, original: bytes, file_name: str, con, demo: bool, lang: str, base: str = ""
) -> tuple[str | None, Flash]:
    """Keep a valid preview as a new draft (`datasets.accept`) built on `base`, what `con` holds
    (a version id, `datasets.BUNDLED`): (its id, what to say next run), or (None, what was and was
    not kept, to say now: "error" or "warning" when the files were kept but not recorded)."""
    try:
        version = datasets.accept(repo, user, pv, original, file_name, con, base)
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
    repo,
    user,
    version_id: str | None,
    action: str,
    shown_as: str,
    problems: list,
    lang: str,
    lost: Loss | None = None,
) -> tuple[bool, Flash]:
    """An approver's Publish or Roll back of `version_id` (None: the base data), whose load found
    `problems` (refused first: a version that does not load is never published). With `lost` (the
    step listed figures lost and the tick named them) the audit row says how many, of which
    version. (done, message)."""
    if problems:
        text = t("drafts.cannot_publish", lang, version=shown_as, problem=problems[0].message(lang))
        return False, ("error", text, ":material/error:")
    detail = datasets.lost_detail(lost.count, lost.published) if lost is not None and lost.count else None
    try:
        repo.publish(user, version_id, action, detail)
    except (access.Forbidden, datasets.StateUnavailable, KeyError) as exc:
        return False, ("error", refusal(exc, shown_as, lang), ":material/error:")
    key = "drafts.published_ok" if action == "publish" else "drafts.rolled_back"
    return True, ("success", t(key, lang, version=shown_as), ":material/verified:")


# ---------------------------------------------------------------- what a publish would lose


@dataclass(frozen=True)
class Loss:
    """What publishing draft `draft` would throw away of the `published` version (None: the data
    folder): `figures` (`datasets.lost_figures`), and `base`, what the draft was built on (a
    version id, `datasets.BUNDLED`, "" when the draft is older than that record)."""

    draft: str
    published: str | None
    base: str
    figures: pd.DataFrame

    @property
    def count(self) -> int:
        return len(self.figures)


def published_store(repo, published: str | None, data_dir: Path) -> store.Store:
    """The store of what viewers see now: the published version's, or the data folder's.
    `store.LoadError` when it does not load."""
    if published is None:
        return store.open_dir(Path(data_dir))
    return datasets.load_version(repo, published, Path(data_dir))


def _dataset(repo, version_id: str, name: str, units: dict[str, str]) -> pd.DataFrame:
    data = repo.snapshot(version_id) if name == "observations.csv" else repo.read(version_id, name)
    return datasets.read_snapshot(data, f"{version_id}/{name}", units)


def loss(repo, draft: str, published: str | None, data_dir: Path) -> Loss | None:
    """The figures of the published version (None: the data folder) that publishing `draft` would
    remove or change although the draft's own upload (its normalised.csv) did not set them.
    None when the comparison cannot be made (either dataset does not load): the publish itself is
    then checked and refused as before. A draft whose normalised.csv is missing or damaged counts
    every difference as lost (what its upload set is then unknown)."""
    found = repo.get(draft)
    if found is None or draft == published:
        return None
    try:
        now = published_store(repo, published, data_dir)
        units = queries.units(now.cursor())
        current = queries.loaded_observations(now.cursor())
        dataset = _dataset(repo, draft, "observations.csv", units)
        try:
            upload = _dataset(repo, draft, "normalised.csv", units)
        except (OSError, KeyError, store.LoadError):  # missing or damaged: nothing counts as set
            upload = dataset.iloc[0:0]
    except store.LoadError:
        return None
    return Loss(draft, published, found.base, datasets.lost_figures(current, dataset, upload))


def rebase(
    repo, user, draft: str, published: str | None, data_dir: Path, names: tuple[str, str], lang: str
) -> tuple[str | None, Flash]:
    """ "Lập lại bản nháp trên phiên bản đang công bố": a new draft made of the published dataset
    and `draft`'s own upload (its original file, read and checked again exactly as an upload, on
    the published data), audited as an upload that says so; `draft` stays as it was. `names` are
    what the page calls the draft and the published version. (The new draft's id, what to say),
    or (None, why not: the cell that no longer validates, a failed save)."""
    draft_as, published_as = names
    found = repo.get(draft)
    try:
        if found is None:
            raise KeyError(draft)
        con = published_store(repo, published, data_dir).cursor()
        original = repo.read(draft, found.original)
    except (store.LoadError, OSError, KeyError) as exc:
        problems = getattr(exc, "problems", None)
        reason = problems[0].message(lang) if problems else t("state.gone", lang)
        text = t("data.rebase_failed", lang, version=draft_as, published=published_as, reason=reason)
        return None, ("error", text, _ERR)
    pv = datasets.preview(original, found.file_name, con)
    if not pv.ok:
        (first,) = datasets.problem_lines(pv.result.problems[:1], lang)
        text = t("data.rebase_invalid", lang, version=draft_as, published=published_as, problem=first)
        return None, ("error", text, _ERR)
    detail = datasets.rebase_detail(found.file_name, draft, published)
    try:
        version = datasets.accept(
            repo, user, pv, original, found.file_name, con, published or datasets.BUNDLED, detail
        )
    except (access.Forbidden, store.LoadError, faults.SaveError) as exc:
        kind, text = versions_menu.save_outcome(exc, lang)
        return None, (kind, text, _ERR if kind == "error" else ":material/warning:")
    text = t("data.rebased", lang, new=version.id, version=draft_as, published=published_as)
    return version.id, ("success", text, ":material/check_circle:")


_ERR = ":material/error:"
