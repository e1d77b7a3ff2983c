"""Overview: the year's figures against plan (the leadership view grows from here)."""

import streamlit as st

from lib import store, summary, ui

con = ui.cursor()
years = store.years_with_actuals(con)
if not years:
    st.info(ui.t("overview.no_data"))
    st.stop()
year = st.selectbox(ui.t("overview.year"), years, key="year", bind="query-params")
st.title(ui.t("overview.title", year=year))
st.caption(ui.t("overview.caption"))
st.dataframe(summary.summary_table(store.year_summary(con, year), ui.lang()), hide_index=True)
