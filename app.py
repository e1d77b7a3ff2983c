"""chitieu's front door: page config, language, navigation. Nothing else."""

import streamlit as st

from lib import ui

st.set_page_config(page_title="Chỉ tiêu", page_icon=":material/flag:", layout="wide")
ui.language_switch()
ui.demo_banner()
ui.synthetic_banner()

PAGES = [
    ("pages/overview.py", "nav.overview", "overview", ":material/dashboard:"),
    ("pages/explore.py", "nav.explore", "explore", ":material/query_stats:"),
    ("pages/simulate.py", "nav.simulate", "simulate", ":material/tune:"),
    ("pages/data.py", "nav.data", "data", ":material/upload_file:"),
    ("pages/briefing.py", "nav.briefing", "briefing", ":material/slideshow:"),
]
navigation = st.navigation(
    [
        st.Page(path, title=ui.t(title), url_path=url, icon=icon, default=(url == "overview"))
        for path, title, url, icon in PAGES
    ]
)
navigation.run()
