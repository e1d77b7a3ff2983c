"""Data: bring your own figures. Upload, see every problem or a preview, confirm; switch versions.

Thin: reads the upload and the buttons, calls `lib.datasets` (which uses the shared reader in
`lib.validate`), draws. Nothing is saved until the user confirms a valid file.
"""

import streamlit as st

from lib import datasets, fmt, settings, store, ui, validate

ui.enter_page()  # first: a link opened without app.py goes through it

MB = 1024 * 1024
lang = ui.lang()
repo = ui.datasets_repo()
db = ui.current_store()
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
    st.success(flash, icon=":material/check_circle:")

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
            except OSError as exc:
                st.error(ui.t("data.save_failed", error=type(exc).__name__))
            else:
                st.session_state["_data_flash"] = ui.t("data.saved", version=version.id)
                st.rerun()

st.subheader(ui.t("data.versions"))
active = repo.active()
versions = repo.versions()
options = [datasets.BUNDLED] + [v.id for v in reversed(versions)]
label = {datasets.BUNDLED: ui.base_data_label()} | {v.id: f"{v.id} · {v.file_name}" for v in versions}
st.caption(ui.t("data.showing", version=label.get(active or datasets.BUNDLED, active)))
if not versions:
    st.info(ui.t("data.no_versions"))
else:
    st.dataframe(datasets.versions_table(repo, lang), hide_index=True, width="stretch")
    choice = st.selectbox(
        ui.t("data.choose"),
        options,
        index=options.index(active or datasets.BUNDLED),
        format_func=label.get,
        key="data_version",
    )
    if st.button(ui.t("data.activate"), key="data_activate", disabled=choice == (active or datasets.BUNDLED)):
        repo.activate(None if choice == datasets.BUNDLED else choice)
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
