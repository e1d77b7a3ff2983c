"""chitieu's front door: page config, language, navigation. Nothing else.

Both parts run inside `ui.guarded`, the last line of defence: an unexpected error shows a plain
message with a reference (the traceback goes to the server log), never a traceback.
"""

import streamlit as st

from lib import nav, ui

st.set_page_config(page_title="Chỉ tiêu", page_icon=":material/flag:", layout="wide")
with ui.guarded(notices=False):  # a broken banner must not take the page down with it
    ui.language_switch()
    ui.demo_banner()
    ui.synthetic_banner()
    ui.data_notice()

navigation = ui.navigation()
with ui.guarded(home=nav.PAGES[0].path):
    navigation.run()
