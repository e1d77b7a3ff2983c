"""A bare Streamlit app drawing about what one of chitieu's pages draws: 9 cards, a chart, a table.

The crowd benchmark's baseline (`python -m benchmarks.crowd`): what Streamlit itself costs on
this machine for a page of that size, with nothing of ours (no store, no catalogue, no cache).
"""

import altair as alt
import pandas as pd
import streamlit as st

st.set_page_config(page_title="bare", layout="wide")
st.sidebar.segmented_control("Language", ["vi", "en"], default="vi", key="lang")
st.title("Bare page")
st.caption("Nine cards, a chart and a table.")
frame = pd.DataFrame({"name": [f"Indicator {i}" for i in range(9)], "actual": range(100, 1000, 100)})
frame["target"] = frame["actual"] * 1.1
columns = st.columns(3)
for i, row in enumerate(frame.itertuples(index=False)):
    with columns[i % 3], st.container(border=True):
        st.markdown(f"**{row.name}**")
        st.markdown(f"### {row.actual:,}", anchors=False)
        st.caption("Reported")
        st.markdown(f"**Plan:** {row.target:,.0f}")
        st.badge("On track", color="blue")
chart = alt.Chart(frame).mark_bar().encode(x="actual:Q", y=alt.Y("name:N", sort=None))
st.altair_chart(chart, width="stretch")
st.dataframe(frame, hide_index=True, width="stretch")
