"""The one module that imports Streamlit: the cached store, the language switch, shared widgets.

Everything else in `lib` takes values and returns values; this module adapts them to
Streamlit's caching and session state. Pages call it, never DuckDB or the file system.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
import streamlit as st

from lib import i18n, settings, store


@st.cache_resource(show_spinner=False)
def _store_for(path: str) -> store.Store:
    """One store per data folder per process (loaded once; every session shares it)."""
    return store.open_dir(Path(path))


def current_store() -> store.Store:
    return _store_for(str(settings.data_dir()))


def cursor() -> duckdb.DuckDBPyConnection:
    """A cursor for this rerun: sessions run in threads and must not share one connection."""
    return current_store().cursor()


def lang() -> str:
    return i18n.norm_lang(st.session_state.get("lang"))


def t(key: str, **params: object) -> str:
    return i18n.t(key, lang(), **params)


def language_switch() -> str:
    """Vietnamese by default, English one click away; bound to the URL as `lang=vi|en`."""
    st.sidebar.segmented_control(
        "Ngôn ngữ / Language",
        options=list(i18n.LANGS),
        format_func=lambda code: {"vi": "Tiếng Việt", "en": "English"}[code],
        default=i18n.DEFAULT_LANG,
        required=True,
        key="lang",
        bind="query-params",
    )
    return lang()


def demo_banner() -> None:
    if settings.demo_mode():
        st.info(t("app.demo_banner"), icon=":material/public:")


def scenario_book():
    """Where the simulator's scenarios live: the state folder, or this browser session in demo mode."""
    from lib import scenarios

    if settings.demo_mode():
        return scenarios.MemoryScenarios(st.session_state.setdefault("_sim_scenarios", {}))
    return scenarios.DirScenarios(settings.state_dir() / "scenarios")


@st.cache_data(show_spinner=False, max_entries=8)
def _sim_setup(store_key: str, _store: store.Store):
    from lib import simulate

    return simulate.load_setup(_store.cursor())


def sim_setup():
    """The simulator's targets, baselines and monthly actuals for the current data (cached per store)."""
    data = current_store()
    return _sim_setup(f"{id(data)}:{data.label}", data)


def placeholder(title_key: str) -> None:
    st.title(t(title_key))
    st.info(t("placeholder.coming"), icon=":material/construction:")
