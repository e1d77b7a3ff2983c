"""Data: bring your own figures. Upload, preview, save as a draft; view drafts; publish and roll back.

Thin: reads the upload and the buttons, calls lib, draws: `lib.state.datasets` (which checks each
role on the server side, whatever this page shows), `lib.state.versions_menu` (what is listed and
offered) and `lib.state.publishing` (what Xem, a save, Publish and Roll back do and say). Nothing
is saved until the user confirms a valid file, and what is saved is a draft: only an approver's
Publish changes what viewers see. What a role may not do is not offered here. A save, publish or
rollback that fails says what was and was not done; a damaged version is listed as damaged;
approvers read the audit log. Publish and Roll back take a second step naming both versions
(`ui.two_steps`, as the damaged-version notice's way back).
"""

import streamlit as st

from lib import fmt, settings, ui
from lib.data import queries, validate
from lib.report import export
from lib.state import datasets, publishing, versions_menu

ui.enter_page()  # first: a link opened without app.py goes through it

MB = 1024 * 1024
PROBLEMS_SHOWN = 50  # listed in full as text; the table below holds them all
lang = ui.lang()
user = ui.current_user()
repo = ui.datasets_repo()
state = ui.data_state()  # what is shown, and what could not be loaded (said above every page)
db = state.store
allowed = publishing.allowed(state)  # an upload needs the data folder and the state database
con = db.cursor()
loaded = queries.observation_count(con)  # a count: the rows themselves stay in DuckDB
small = loaded <= datasets.DOWNLOAD_MAX_ROWS
demo = settings.demo_mode()

st.title(ui.t("data.title"))
limits = validate.LIMITS
rows, cells = fmt.number(limits.max_rows, lang), fmt.number(limits.max_cells, lang)
st.caption(ui.t("data.intro", mb=limits.max_bytes // MB, rows=rows, cells=cells))
if demo:
    st.info(ui.t("data.demo_note"), icon=":material/lock:")


def flash(message: publishing.Flash) -> None:  # said under the title on the next run
    st.session_state["_data_flash"] = message


said = st.session_state.pop("_data_flash", None)
if said:
    (st.error if said[0] == "error" else st.success)(ui.literal(said[1]), icon=said[2])  # may name a file

upload = None
if not ui.can("upload"):
    st.info(ui.t("drafts.viewer_note"), icon=":material/visibility:")
elif allowed.upload:
    again = st.session_state.get("_data_upload_again", 0)  # "Upload another file": a fresh uploader
    upload = st.file_uploader(
        ui.t("data.upload"),
        type=["csv", "tsv", "txt", "xlsx"],
        key="data_upload" if not again else f"data_upload_{again}",
        max_upload_size=limits.max_bytes // MB,
    )
    # The box's own "Upload" and "10MB per file • CSV, …" are Streamlit's, in English only (no
    # parameter or option translates them, streamlit#13500): said here in the UI's language.
    st.caption(ui.t("data.upload_limits", mb=limits.max_bytes // MB))
saved = st.session_state.get("_data_saved")  # (file id, version) of this session's last save
if upload is not None and saved is not None and saved[0] == upload.file_id:
    # Saved: say only what happened and what comes next, not a stale preview of the saved file.
    if not demo:
        st.info(ui.t("data.saved_next", version=saved[1]), icon=":material/pending_actions:")
    if st.button(ui.t("data.upload_another"), key="data_another", icon=":material/upload_file:"):
        st.session_state["_data_upload_again"] = st.session_state.get("_data_upload_again", 0) + 1
        st.session_state.pop("_data_saved", None)
        st.rerun()
    upload = None
if upload is not None:
    original = upload.getvalue()
    pv = ui.session_cached(
        "_data_preview",
        (upload.file_id, datasets.sha256(original), state.version),
        lambda: datasets.preview(original, upload.name, con),
    )
    for line in datasets.problem_lines(pv.result.warnings, lang):  # a series this upload breaks
        st.warning(ui.literal(line), icon=":material/warning:")
    if pv.result.notes:
        with st.expander(ui.t("data.notes")):
            notes = datasets.problems_table(pv.result.notes, lang, "data.col_note")
            ui.table(notes)
    if not pv.ok:
        st.error(ui.t("data.errors", count=len(pv.result.problems)), icon=":material/error:")
        shown_problems = datasets.problem_lines(pv.result.problems[:PROBLEMS_SHOWN], lang)
        st.markdown("\n".join(f"- {ui.literal(line)}" for line in shown_problems))  # text from a file
        if len(pv.result.problems) > PROBLEMS_SHOWN:
            st.caption(ui.t("data.problems_more", count=len(pv.result.problems) - PROBLEMS_SHOWN))
        with st.expander(ui.t("data.problems_table")):  # every problem, sortable, downloadable
            table = datasets.problems_table(pv.result.problems, lang)
            ui.table(table)
    else:
        counts = pv.counts()
        st.subheader(ui.t("data.preview"))
        names = ["rows", "indicators", "periods", "areas", "new", "changed", "unchanged"]
        for col, name in zip(st.columns(len(names)), names, strict=True):
            col.metric(ui.t(f"data.{name}"), fmt.number(counts[name], lang))
        changes = datasets.changes_table(pv, queries.indicators(con), lang)
        ui.table(changes)
        if counts["new"] + counts["changed"] == 0:
            st.info(ui.t("data.nothing_new"))
        elif not small:  # a version keeps the whole dataset as CSV: not for millions of rows
            limit = fmt.number(datasets.DOWNLOAD_MAX_ROWS, lang)
            st.info(ui.t("data_big.no_upload", rows=fmt.number(loaded, lang), limit=limit))
        elif st.button(
            ui.t("data.confirm" if demo else "drafts.confirm"), type="primary", key="data_confirm"
        ):
            base = state.version or datasets.BUNDLED  # what this draft is built on (meta "base")
            version_id, message = publishing.save(
                repo, user, pv, original, upload.name, con, demo, lang, base
            )
            if version_id is None:  # nothing saved, or saved but not recorded: said now
                (st.error if message[0] == "error" else st.warning)(message[1])
            else:  # demo: the session is the audience, shown at once; else the draft, to this session
                if demo:
                    ui.view_published()
                else:
                    ui.view_version(version_id)
                flash(message)
                st.session_state["_data_saved"] = (upload.file_id, version_id)
                st.rerun()

st.subheader(ui.t("data.versions"))
base_label = ui.base_data_label() if not allowed.folder_broken else ui.t("data.bundled")
menu = versions_menu.menu(repo, state, ui.can("view_draft"), base_label)
label, shown, entries, usable = menu.label, menu.shown, menu.entries, menu.usable
key, params = versions_menu.showing(menu, state, demo, lang)
st.caption(ui.t_md(key, **params))
if not entries:
    st.info(ui.t("data.no_versions"))
else:
    table = datasets.versions_table(repo, lang, menu.broken, state.version, drafts=ui.can("view_draft"))
    ui.table(table)


def view(choice: str) -> None:
    """This session's choice (never what others see), checked first: a version that does not load
    is never "shown"."""
    st.session_state.pop("data_publish_sure", None)  # a tick was for the version shown then
    problems = ui.version_problems(choice) if choice != datasets.BUNDLED else []
    show, message = publishing.choose(choice, problems, state, demo, label.get(choice, choice), lang)
    if show == "published":
        ui.view_published()
    elif show is not None:
        ui.view_version(None if show == datasets.BUNDLED else show)
    flash(message)


if entries and ui.can("view_draft"):  # a choice for this session: drafts for those who may see them
    options = [datasets.BUNDLED] + [v.id for v in reversed(usable)]
    choice = st.selectbox(
        ui.t("data.choose" if demo else "drafts.view_choose"),
        options,
        index=options.index(shown) if shown in options else 0,
        format_func=label.get,
        key="data_version",
    )
    if st.button(ui.t("data.activate" if demo else "drafts.view_button"), key="data_activate"):
        view(choice)
        st.rerun()


@ui.guarded_callback  # a button's action: no traceback (lib/ui.py)
def unconfirm() -> None:
    st.session_state.pop("data_rollback_sure", None)


def publish(version_id: str | None, action: str, shown_as: str, lost=None) -> None:
    """An approver's Publish or Roll back, after the tick (`ui.two_steps`); `Repo.publish` checks
    the role again on the server."""
    problems = ui.version_problems(version_id) if version_id else []
    done, message = publishing.publish(repo, user, version_id, action, shown_as, problems, lang, lost)
    if done:
        ui.view_published()
    flash(message)


@ui.guarded_callback
def rebase(draft: str, published: str | None, names: tuple[str, str]) -> None:
    """A new draft: the published dataset and this draft's own upload (`publishing.rebase`)."""
    st.session_state.pop("data_publish_sure", None)  # the tick was for the draft shown then
    new, message = publishing.rebase(repo, user, draft, published, settings.data_dir(), names, lang)
    if new is not None:
        ui.view_version(new)
    flash(message)


def losses(draft: str, published: str | None, draft_as: str, published_as: str):
    """What publishing `draft` would lose of the published version, listed (lib compares); the
    choice to make the draft again on it. The loss (None: nothing lost, or not comparable)."""
    lost = ui.session_cached(
        "_data_loss",
        (draft, published, str(settings.data_dir())),
        lambda: publishing.loss(repo, draft, published, settings.data_dir()),
    )
    if lost is None or not lost.count:
        return None
    base = menu.name(None if lost.base == datasets.BUNDLED else lost.base) if lost.base else ""
    if lost.base == datasets.BUNDLED:  # "lập từ dữ liệu có sẵn": the base data's name mid-sentence
        base = base[:1].lower() + base[1:]
    words = dict(version=draft_as, published=published_as, count=fmt.number(lost.count, lang))
    if base and lost.base != (published or datasets.BUNDLED):
        st.warning(ui.t_md("data.loss_warning", base=base, **words), icon=":material/warning:")
    else:
        st.warning(ui.t_md("data.loss_warning_unknown", **words), icon=":material/warning:")
    ui.table(datasets.loss_table(lost.figures, queries.indicators(con), lang))
    st.caption(ui.t_md("data.loss_choices", version=draft_as))
    st.button(
        ui.t("data.rebase_button"),
        key="data_rebase",
        help=ui.t("data.rebase_help", version=draft_as),
        on_click=rebase,
        args=(draft, published, (draft_as, published_as)),
        icon=":material/merge:",
    )
    return lost


if not demo and entries and ui.can("publish") and allowed.publish:
    if state.version is not None and not state.current:
        # Two steps: what viewers (the director) see changes, so the page names both versions first.
        candidate = label.get(state.version, state.version)
        published_now = versions_menu.published_id(state)
        published_as = menu.name(published_now)
        lost = losses(state.version, published_now, candidate, published_as)
        check = (
            ui.t_md("drafts.publish_check", version=candidate, published=published_as)
            if lost is None
            else ui.t_md(
                "data.publish_check_loss",
                version=candidate,
                published=published_as,
                count=fmt.number(lost.count, lang),
            )
        )
        ui.two_steps(
            "data_publish",
            check,
            ui.t("drafts.publish_button", version=candidate),
            lambda v=state.version, c=candidate, x=lost: publish(v, "publish", c, x),
            lambda c=candidate: flash(publishing.unchecked(c, lang)),
            type="primary",
            help=ui.t("drafts.publish_help"),
            icon=":material/verified:",
        )
    else:
        st.caption(ui.t("drafts.publish_hint"))
if not demo and ui.can("rollback") and allowed.publish and state.published is not None:
    earlier = versions_menu.rollback_targets(menu, repo, state)
    if earlier:
        back_cols = st.columns([3, 1], vertical_alignment="bottom")
        target = back_cols[0].selectbox(
            ui.t("drafts.rollback_choose"),
            earlier,
            format_func=label.get,
            key="data_rollback_to",
            on_change=unconfirm,  # a tick was for the version named then
        )
        chosen_back = None if target == datasets.BUNDLED else target
        ui.two_steps(
            "data_rollback",
            ui.t_md(
                "drafts.rollback_check", version=label[target], published=menu.name(state.published.version)
            ),
            ui.t("drafts.rollback_button"),
            lambda v=chosen_back, c=label[target]: publish(v, "rollback", c),
            lambda c=label[target]: flash(publishing.unchecked(c, lang)),
            container=back_cols[0],
            button_in=back_cols[1],
            icon=":material/history:",
        )

if small:
    st.download_button(
        ui.t("data.download"),
        datasets.csv_download(db, export.to_csv),  # built when clicked, never on a rerun
        file_name="chitieu-observations.csv",
        mime="text/csv",
        key="data_download",
        on_click="ignore",
    )
    st.caption(ui.t("data.download_note"))  # code headers: the re-upload format, not for Excel
else:
    limit = fmt.number(datasets.DOWNLOAD_MAX_ROWS, lang)
    st.info(ui.t("data_big.no_download", rows=fmt.number(loaded, lang), limit=limit), icon=":material/info:")

if not demo and ui.can("read_audit"):
    st.subheader(ui.t("drafts.audit"))
    try:
        rows = repo.audit_log(user, limit=1000)
    except datasets.StateUnavailable as exc:
        st.warning(ui.t("drafts.audit_unavailable", reason=exc.reason(lang)))
    else:
        if not rows:
            st.caption(ui.t("drafts.audit_empty"))
        else:
            audit = datasets.audit_table(rows, lang)
            ui.table(audit)
            st.download_button(
                ui.t("drafts.audit_download"),
                lambda: export.to_csv(datasets.audit_table(rows, lang, screen=False)),
                file_name="chitieu-audit.csv",
                mime=export.CSV_MIME,
                key="data_audit_download",
                on_click="ignore",
            )
