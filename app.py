"""chitieu's front door: page config, language, sign-in, navigation. Nothing else.

Both parts run inside `ui.guarded`, the last line of defence: an unexpected error shows a plain
message with a reference (the traceback goes to the server log), never a traceback. Who is
signed in decides the navigation: with anonymous viewing off, a visitor who has not signed in
gets the sign-in page alone (`ui.navigation`), and no banner that would describe the data.
"""

from pathlib import Path

import streamlit as st

from lib import nav, ui

ui.begin_run()  # what this run learns of its data and user is asked once (lib/ui.py)
# A bundled file: a `:material/...` icon as favicon is fetched from fonts.gstatic.com by the
# browser, and the app makes no outbound connection (tests/test_offline.py).
FAVICON = str(Path(__file__).parent / "lib" / "assets" / "favicon.png")
st.set_page_config(page_title="Chỉ tiêu", page_icon=FAVICON, layout="wide")
with ui.guarded(notices=False):  # a broken banner must not take the page down with it
    ui.language_switch()

navigation = ui.navigation()
with ui.guarded(notices=False):
    ui.account_entry()  # after the navigation: its link to the account page must resolve
    if nav.unknown_path(st.context.url, navigation.url_path, st.get_option("server.baseUrlPath")):
        st.warning(ui.t("nav.not_found"), icon=":material/link_off:")  # e.g. /nosuchpage
        if ui.can("view"):  # else the sign-in page is all there is
            st.page_link(nav.PAGES[0].path, label=ui.t("error.home"), icon=":material/home:")
    if ui.can("view"):
        ui.demo_banner()
        ui.synthetic_banner()
        ui.data_notice()

with ui.guarded(home=nav.PAGES[0].path):
    navigation.run()
