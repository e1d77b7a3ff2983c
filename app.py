"""chitieu's front door: page config, language, navigation. Nothing else."""

import streamlit as st

from lib import ui

st.set_page_config(page_title="Chỉ tiêu", page_icon=":material/flag:", layout="wide")
ui.language_switch()
ui.demo_banner()
ui.synthetic_banner()

navigation = ui.navigation()
navigation.run()
