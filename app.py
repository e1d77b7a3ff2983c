"""chitieu's front door: page config, language, sign-in, navigation; and the server's warm-up.

Both parts of a page run inside `ui.guarded`, the last line of defence: an unexpected error shows
a plain message with a reference (the traceback goes to the server log), never a traceback. Who
is signed in decides the navigation: with anonymous viewing off, a visitor who has not signed in
gets the sign-in page alone (`ui.navigation`), and no banner that would describe the data.

Two ways this file is read. Every visit runs it as the page script (`__name__ == "__main__"`,
also under AppTest and `ui.enter_page`). `streamlit run app.py` first finds the `st.App` below
(Streamlit's public ASGI entry point) and imports the file as a module to serve it: its lifespan
pays what every process pays once (`ui.warm_up`: imports, the store reopened, catalogues) before
the server says healthy, so the first visitor after a restart does not. A warm-up that fails is
logged and the server starts anyway: the first page then says what could not be loaded.
"""

from contextlib import asynccontextmanager
from pathlib import Path

import streamlit as st

if __name__ == "__main__":  # a page run
    from lib import nav, ui

    ui.begin_run()  # what this run learns of its data and user is asked once (lib/ui.py)
    # A bundled file: a `:material/...` icon as favicon is fetched from fonts.gstatic.com by the
    # browser, and the app makes no outbound connection (tests/test_offline.py).
    FAVICON = str(Path(__file__).parent / "lib" / "assets" / "favicon.png")
    st.set_page_config(page_title="Chỉ tiêu", page_icon=FAVICON, layout="wide")
    with ui.guarded(notices=False):  # a broken banner must not take the page down with it
        ui.language_switch()

    # Off in .streamlit/config.toml, so a fresh process's old `pages/` mode (before the first
    # `st.navigation`) draws no menu of file names; on again for the app's own menu.
    st.set_option("client.showSidebarNavigation", True)
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
else:  # imported by `streamlit run app.py`, to serve it
    import asyncio
    import logging
    import threading
    import time

    # A restart warms up in a second or two. A first start on big data builds the store first
    # (10-60 s on 2 cores): past this wait the server says healthy anyway (a health check with a
    # deadline must not kill it) and the build goes on; a visitor meanwhile waits for it, as the
    # first visitor did before there was a warm-up.
    WARM_UP_WAIT_S = 15

    def _warm_up(started: float) -> None:
        try:
            from lib import ui

            ui.warm_up()
            print(f"  chitieu: warm-up done in {time.perf_counter() - started:.1f} s", flush=True)
        except Exception:  # never keeps the server down: the page says what is wrong
            logging.getLogger("chitieu").exception("warm-up failed; the first page will say why")

    @asynccontextmanager
    async def lifespan(_app):
        started = time.perf_counter()
        # A daemon thread: the event loop stays free, and a build still running never delays a stop.
        worker = threading.Thread(target=_warm_up, args=(started,), name="chitieu-warm-up", daemon=True)
        worker.start()
        await asyncio.to_thread(worker.join, WARM_UP_WAIT_S)
        if worker.is_alive():
            print(f"  chitieu: warm-up still running after {WARM_UP_WAIT_S} s; serving", flush=True)
        yield

    app = st.App(__file__, lifespan=lifespan)
