"""Data: bring your own figures. Upload, see every problem or a preview, confirm; switch versions.

Thin: reads the upload and the buttons, calls `lib.datasets` (which uses the shared reader in
`lib.validate`), draws. Nothing is saved until the user confirms a valid file. A save or a
switch that fails says what was and was not saved; a damaged version is listed as damaged.
"""

import streamlit as st

from lib import datasets, faults, fmt, settings, store, ui, validate

ui.enter_page()  # first: a link opened without app.py goes through it

MB = 1024 * 1024
lang = ui.lang()
repo = ui.datasets_repo()
state = ui.data_state()  # what is shown, and what could not be loaded (said above every page)
db = state.store
folder_broken = any(kind == "folder" for kind, _, _ in state.troubles)
choice_broken = any(kind != "folder" for kind, _, _ in state.troubles)  # active.json or its version
con = db.cursor()
loaded = store.observation_count(con)  # a count: the rows themselves stay in DuckDB
small = loaded <= datasets.DOWNLOAD_MAX_ROWS

st.title(ui.t("data.title"))
limits = validate.LIMITS
st.caption(
    ui.t(
        "data.intro",
        mb=limits.max_bytes // MB,
        rows=fmt.number(limits.max_rows, lang),
        cells=fmt.number(limits.max_cells, lang),
    )
)
if settings.demo_mode():
    st.info(ui.t("data.demo_note"), icon=":material/lock:")
flash = st.session_state.pop("_data_flash", None)
if flash:
    st.success(ui.literal(flash), icon=":material/check_circle:")  # may name an uploaded file

upload = None
if not folder_broken:  # an upload is added to the data folder's figures: not while it is broken
    upload = st.file_uploader(
        ui.t("data.upload"),
        type=["csv", "tsv", "txt", "xlsx"],
        key="data_upload",
        max_upload_size=limits.max_bytes // MB,
    )
if upload is not None:
    original = upload.getvalue()
    pv = ui.session_cached(
        "_data_preview",
        (upload.file_id, datasets.sha256(original), repo.active()),
        lambda: datasets.preview(original, upload.name, con),
    )
    if pv.result.notes:
        with st.expander(ui.t("data.notes")):
            st.dataframe(datasets.problems_table(pv.result.notes, lang, "data.col_note"), hide_index=True)
    if not pv.ok:
        st.error(ui.t("data.errors", count=len(pv.result.problems)), icon=":material/error:")
        st.dataframe(datasets.problems_table(pv.result.problems, lang), hide_index=True, width="stretch")
    else:
        counts = pv.counts()
        st.subheader(ui.t("data.preview"))
        names = ["rows", "indicators", "periods", "areas", "new", "changed", "unchanged"]
        for col, name in zip(st.columns(len(names)), names, strict=True):
            col.metric(ui.t(f"data.{name}"), fmt.number(counts[name], lang))
        st.dataframe(
            datasets.changes_table(pv, store.indicators(con), lang), hide_index=True, width="stretch"
        )
        if counts["new"] + counts["changed"] == 0:
            st.info(ui.t("data.nothing_new"))
        elif not small:  # a version keeps the whole dataset as CSV: not for millions of rows
            limit = fmt.number(datasets.DOWNLOAD_MAX_ROWS, lang)
            st.info(ui.t("data_big.no_upload", rows=fmt.number(loaded, lang), limit=limit))
        elif st.button(ui.t("data.confirm"), type="primary", key="data_confirm"):
            try:
                version = datasets.accept(repo, pv, original, upload.name, con)
            except store.LoadError as exc:  # the new dataset would not load: nothing written
                st.error(ui.t("state.not_saved_invalid", problem=exc.problems[0].text(lang)))
            except faults.SaveError as exc:
                reason = faults.reason(exc.error, lang)
                if exc.saved:
                    st.warning(ui.t("state.saved_not_active", version=exc.saved, reason=reason))
                else:
                    st.error(ui.t("state.nothing_saved", reason=reason))
            else:
                st.session_state["_data_flash"] = ui.t("data.saved", version=version.id)
                st.rerun()

st.subheader(ui.t("data.versions"))
shown = state.version or datasets.BUNDLED
broken = {subject: problems[0] for kind, subject, problems in state.troubles if kind == "version"}
entries = repo.entries()
usable = [e.version for e in entries if e.version is not None and e.problem is None and e.id not in broken]
options = [datasets.BUNDLED] + [v.id for v in reversed(usable)]
label = {datasets.BUNDLED: ui.base_data_label() if not folder_broken else ui.t("data.bundled")}
label |= {v.id: f"{v.id} · {v.file_name}" for v in usable}
st.caption(ui.t_md("data.showing", version=label.get(shown, state.label)))
if not entries:
    st.info(ui.t("data.no_versions"))
else:
    st.dataframe(datasets.versions_table(repo, lang, broken, state.version), hide_index=True, width="stretch")
    choice = st.selectbox(
        ui.t("data.choose"),
        options,
        index=options.index(shown) if shown in options else 0,
        format_func=label.get,
        key="data_version",
    )
    chosen = None if choice == datasets.BUNDLED else choice
    if st.button(
        ui.t("data.activate"), key="data_activate", disabled=chosen == state.version and not choice_broken
    ):
        problems = ui.version_problems(chosen) if chosen else []
        if problems:  # checked before the switch: the app never "shows" a version it cannot load
            st.error(ui.t("state.cannot_switch", version=chosen, problem=problems[0].message(lang)))
        else:
            try:
                repo.activate(chosen)
            except (OSError, KeyError) as exc:
                reason = faults.reason(exc, lang) if isinstance(exc, OSError) else ui.t("state.gone")
                st.error(ui.t("state.switch_failed", version=label[choice], reason=reason))
            else:
                st.session_state["_data_flash"] = ui.t("data.switched", version=label[choice])
                st.rerun()
if small:
    st.download_button(
        ui.t("data.download"),
        datasets.csv_download(db),  # built when clicked, never on a rerun
        file_name="chitieu-observations.csv",
        mime="text/csv",
        key="data_download",
        on_click="ignore",
    )
else:
    limit = fmt.number(datasets.DOWNLOAD_MAX_ROWS, lang)
    st.info(ui.t("data_big.no_download", rows=fmt.number(loaded, lang), limit=limit), icon=":material/info:")
