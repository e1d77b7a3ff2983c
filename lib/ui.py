"""The one module that imports Streamlit: the cached store, the language switch, shared widgets.

Everything else in `lib` takes values and returns values; this module adapts them to
Streamlit's caching and session state. Pages call it, never DuckDB or the file system.
"""

from __future__ import annotations

import runpy
import threading
from pathlib import Path

import duckdb
import streamlit as st

from lib import i18n, settings, store


@st.cache_resource(show_spinner=False)
def _store_for(path: str) -> store.Store:
    """One store per data folder per process (loaded once; every session shares it)."""
    return store.open_dir(Path(path))


@st.cache_resource(show_spinner=False, max_entries=4)
def _store_for_version(root: str, version_id: str, data_dir: str) -> store.Store:
    """One store per saved dataset version (versions never change once written)."""
    from lib import datasets

    return datasets.load_version(datasets.DiskRepo(Path(root)), version_id, Path(data_dir))


def datasets_repo():
    """Uploaded dataset versions: the state folder, or this browser session in demo mode."""
    from lib import datasets

    if settings.demo_mode():
        if "_datasets_repo" not in st.session_state:
            st.session_state["_datasets_repo"] = datasets.MemoryRepo()
        return st.session_state["_datasets_repo"]
    return datasets.DiskRepo(settings.state_dir() / "datasets")


def current_store() -> store.Store:
    """The active dataset version's store, or the data folder's when no upload is active."""
    from lib import datasets

    repo = datasets_repo()
    version_id = repo.active()
    if version_id is None:
        return _store_for(str(settings.data_dir()))
    try:
        if isinstance(repo, datasets.MemoryRepo):  # demo: this session's own store, never shared
            cached = st.session_state.get("_datasets_store")
            if cached is None or cached[0] != version_id:
                cached = (version_id, datasets.load_version(repo, version_id, settings.data_dir()))
                st.session_state["_datasets_store"] = cached
            return cached[1]
        return _store_for_version(str(repo.root), version_id, str(settings.data_dir()))
    except store.LoadError as exc:
        st.warning(f"{t('data.version_unusable', version=version_id)} {exc.problems[0].message(lang())}")
        return _store_for(str(settings.data_dir()))


def base_data_label() -> str:
    """What the app shows when no upload is active: the bundled report, or the data folder's name."""
    if settings.data_dir().resolve() == settings.BUNDLED_DATA_DIR.resolve():
        return t("data.bundled")
    return t("data.folder", folder=settings.data_dir().name)


def session_cached(name: str, token: object, compute):
    """`compute()` once per `token` in this browser session (e.g. a big upload's preview across
    reruns); kept in session state, so one visitor's result never reaches another."""
    hit = st.session_state.get(name)
    if hit is not None and hit[0] == token:
        return hit[1]
    value = compute()
    st.session_state[name] = (token, value)
    return value


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor for this rerun: sessions run in threads and must not share one connection."""
    return current_store().cursor()


def lang() -> str:
    return i18n.norm_lang(st.session_state.get("lang"))


def t(key: str, **params: object) -> str:
    return i18n.t(key, lang(), **params)


def language_switch() -> str:
    """Vietnamese by default, English one click away; the URL holds `lang=vi|en`.

    Synced with `url_seed`/`url_write` rather than `bind="query-params"`: a bound widget with a
    `format_func` puts the *label* in the URL (`lang=English`), so `?lang=en` links would not work.
    """
    url_seed("lang", list(i18n.LANGS), i18n.DEFAULT_LANG)
    st.sidebar.segmented_control(
        "Ngôn ngữ / Language",
        options=list(i18n.LANGS),
        format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
        required=True,
        key="lang",
        persist_state="session",
    )
    url_write("lang", lang(), i18n.DEFAULT_LANG)
    return lang()


def url_values(key: str, options: list) -> list:
    """The options named by the URL's `key` (ASCII ids, repeats kept); unknown ids dropped."""
    by_text = {str(o): o for o in options}
    return [by_text[v] for v in st.query_params.get_all(key) if v in by_text]


def url_seed(key: str, options: list, default: object = None, multi: bool = False) -> None:
    """Give the widget `key` its value from the URL (ASCII option ids) when a view opens.

    Streamlit's `bind="query-params"` stores a widget's *formatted label* in the URL, so
    translated labels (Vietnamese, or English after a switch) would end up in links. Widgets
    with translated labels call this before they are drawn and `url_write` after: the URL then
    holds the option ids (`field=labour&field=merit`). Ids not among `options` are ignored.
    """
    if key in st.session_state:
        return
    chosen = list(dict.fromkeys(url_values(key, options)))
    if multi:
        st.session_state[key] = chosen if chosen else list(default or [])
    else:
        st.session_state[key] = chosen[0] if chosen else default


def url_write(key: str, value: object, default: object = None) -> None:
    """Put the widget's value (option ids) in the URL; the default leaves the URL clean."""
    values = list(value) if isinstance(value, list | tuple) else [value]
    if value == default or value is None or values == [] or values == list(default or []):
        if key in st.query_params:
            del st.query_params[key]
        return
    st.query_params[key] = [str(v) for v in values] if isinstance(value, list | tuple) else str(value)


def demo_banner() -> None:
    if settings.demo_mode():
        st.info(t("app.demo_banner"), icon=":material/public:")


def synthetic_banner() -> None:
    """Synthetic figures are marked on every page: the front door calls this before any page."""
    from lib import fmt

    # The page draws the store's own messages (e.g. "this version did not load"); drawn here
    # too they would show twice, so the front door's copy goes into a placeholder it clears.
    quiet = st.empty()
    try:
        with quiet:
            counts = current_store().provenances
    except store.LoadError:
        return  # the page itself reports why the data did not load
    finally:
        quiet.empty()
    synthetic = counts.get("synthetic", 0)
    if synthetic:
        st.warning(
            t(
                "synth.banner",
                rows=fmt.number(synthetic, lang()),
                total=fmt.number(sum(counts.values()), lang()),
            ),
            icon=":material/science:",
        )


def scenario_book():
    """Where the simulator's scenarios live: the state folder, or this browser session in demo mode."""
    from lib import scenarios

    if settings.demo_mode():
        return scenarios.MemoryScenarios(st.session_state.setdefault("_sim_scenarios", {}))
    return scenarios.DirScenarios(settings.state_dir() / "scenarios")


@st.cache_data(show_spinner=False, max_entries=8)
def _sim_setup(store_key: str, area: str, _store: store.Store):
    from lib import simulate

    return simulate.load_setup(_store.cursor(), area)


@st.cache_data(show_spinner=False, max_entries=8)
def _sim_areas(store_key: str, _store: store.Store) -> list[str]:
    from lib import simulate

    return simulate.areas(_store.cursor())


@st.cache_data(show_spinner=False, max_entries=2048)
def _shared(token: str, name: str, args: tuple, _compute):
    return _compute()


def shared(data: store.Store | None, name: str, args: tuple, compute):
    """`compute()` once per process for `data`'s content (`Store.token`), `name` and plain
    `args`: every visitor of the same view gets the same result without computing it.

    For results that depend only on the data and the view (summaries, sentences, chart specs,
    tables); `data` None for results that depend on `args` alone (a simulation of given
    inputs). `name` says what is computed (one name per computation); `args` holds every input
    besides the data (year, area, language, filters). Each caller gets its own copy
    (st.cache_data), and a crowd asking at once waits for one computation.
    """
    return _shared("" if data is None else data.token, name, tuple(args), compute)


def sim_areas() -> list[str]:
    """The areas the simulator can simulate in the current data (cached per store)."""
    data = current_store()
    return _sim_areas(data.token, data)


def sim_setup(area: str = "province"):
    """The simulator's targets, baselines and monthly actuals for an area of the current data
    (cached per store and area)."""
    data = current_store()
    return _sim_setup(data.token, area, data)


@st.cache_data(show_spinner=False, max_entries=8)
def _explore_options(store_key: str, _store: store.Store) -> dict[str, list]:
    return store.explore_options(_store.cursor())


def explore_options(data: store.Store) -> dict[str, list]:
    """The explorer's filter choices for a store (cached: a store never changes after load, and
    the distinct values of millions of rows cost a scan each)."""
    return _explore_options(data.token, data)


# ---- the front door: every page is opened through app.py
#
# Streamlit treats a `pages/` folder beside the main script as old-style pages until
# `st.navigation` has run once in the process (and AppTest restores that mode before each of
# its runs): a fresh server's first request for `/explore?...` then runs pages/explore.py
# alone, without app.py (no language switch, no banners, a raw sidebar). app.py marks each page
# run it opens (`navigation()`, a thread-local flag: a session's script runs in one thread); a
# page's first call (`enter_page()`) finds that mark or, opened without the front door, runs
# app.py right there: its public `st.navigation` leaves the old mode for the process and opens
# the requested page (same URL path, same query string, nothing rerun), then the outer run
# stops. Nothing runs at import; only public Streamlit calls.
_front_door = threading.local()


def pages() -> list:
    """The app's pages (`lib.nav.PAGES`) as `st.Page`s, titled in the UI language."""
    from lib import nav

    home = nav.PAGES[0]
    out = [st.Page(p.path, title=t(p.title_key), url_path=p.url_path, icon=p.icon) for p in nav.PAGES[1:]]
    front = st.Page(
        home.path, title=t(home.title_key), url_path=nav.HOME_URL_PATH, icon=home.icon, default=True
    )
    twin = st.Page(home.path, title=t(home.title_key), url_path=home.url_path, visibility="hidden")
    return [front, *out, twin]


def navigation():
    """app.py's navigation; the page it then runs knows it came through the front door."""
    chosen = st.navigation(pages())
    _front_door.opened = True
    return chosen


def enter_page() -> None:
    """Every page's first call: a page opened without app.py is drawn through it (see above)."""
    if getattr(_front_door, "opened", False):
        _front_door.opened = False
        return
    runpy.run_path(str(settings.ROOT / "app.py"), run_name="__main__")
    st.stop()  # the page has been drawn, inside app.py's run
