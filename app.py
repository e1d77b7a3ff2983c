"""chitieu's front door: page config, language, navigation. Nothing else.

Both parts run inside `ui.guarded`, the last line of defence: an unexpected error shows a plain
message with a reference (the traceback goes to the server log), never a traceback.
"""

import streamlit as st

from lib import i18n, ui

st.set_page_config(page_title="Chỉ tiêu", page_icon=":material/flag:", layout="wide")
with ui.guarded(notices=False):  # a broken banner must not take the page down with it
    ui.url_guard({"lang": ui.UrlParam.choice(i18n.LANGS)})
    ui.language_switch()
    ui.demo_banner()
    ui.synthetic_banner()
    ui.data_notice()

PAGES = [
    ("pages/overview.py", "nav.overview", "overview", ":material/dashboard:"),
    ("pages/explore.py", "nav.explore", "explore", ":material/query_stats:"),
    ("pages/simulate.py", "nav.simulate", "simulate", ":material/tune:"),
    ("pages/data.py", "nav.data", "data", ":material/upload_file:"),
    ("pages/briefing.py", "nav.briefing", "briefing", ":material/slideshow:"),
    ("pages/places.py", "nav.places", "places", ":material/map:"),
]
pages = [st.Page(path, title=ui.t(title), url_path=url, icon=icon) for path, title, url, icon in PAGES]
# The overview is the front page, served at "/"; a default page still reserves a path name, so it
# takes "home" and a hidden twin serves "/overview" links.
home, overview = PAGES[0][0], ui.t(PAGES[0][1])
pages[0] = st.Page(home, title=overview, url_path="home", icon=PAGES[0][3], default=True)
pages.append(st.Page(home, title=overview, url_path="overview", visibility="hidden"))
navigation = st.navigation(pages)
with ui.guarded(home=pages[0]):
    navigation.run()
