"""Many visitors at once: 16 sessions in threads, each an AppTest on its own page with its own
filters and scenario, all reading one shared store. No session errs, and each one shows
exactly the numbers it shows when it runs alone."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import streamlit.testing.v1.app_test as app_test_module
from streamlit.runtime import Runtime
from streamlit.runtime.pages_manager import PagesManager
from streamlit.runtime.scriptrunner.script_cache import ScriptCache
from streamlit.testing.v1 import AppTest
from streamlit.testing.v1.util import patch_config_options

from lib import store

APP = str(Path(__file__).resolve().parent.parent / "app.py")

# (page, URL query parameters): different pages, filters, languages and scenarios.
SESSIONS = [
    ("pages/overview.py", {"lang": "vi", "year": "2023"}),
    ("pages/overview.py", {"lang": "en", "year": "2023"}),
    ("pages/overview.py", {"lang": "vi", "year": "2024"}),
    ("pages/explore.py", {"lang": "vi", "field": "labour"}),
    ("pages/explore.py", {"lang": "en", "field": "social", "measure": "actual"}),
    ("pages/explore.py", {"lang": "vi", "indicator": "jobs_created"}),
    ("pages/simulate.py", {"lang": "vi", "growth_pct": "-15.0", "cv_pct": "10.0"}),
    ("pages/simulate.py", {"lang": "vi", "growth_pct": "0.0", "cv_pct": "20.0"}),
    ("pages/simulate.py", {"lang": "en", "growth_pct": "-12.5", "cv_pct": "5.0", "seed": "7"}),
    ("pages/simulate.py", {"lang": "en", "growth_pct": "3.0", "pov_exit_pct": "30.0"}),
    ("pages/briefing.py", {"lang": "vi", "year": "2023", "field": "labour"}),
    ("pages/briefing.py", {"lang": "en", "year": "2023", "field": "social"}),
    ("pages/briefing.py", {"lang": "vi", "year": "2023", "field": "merit"}),
    ("pages/data.py", {"lang": "vi"}),
    ("pages/data.py", {"lang": "en"}),
    ("pages/overview.py", {"lang": "en", "year": "2024"}),
]


def snapshot(at: AppTest) -> list[tuple]:
    """What a visitor reads: titles, text, metrics, tables and messages, in page order."""
    out: list[tuple] = []
    for kind in (
        "title",
        "header",
        "subheader",
        "markdown",
        "caption",
        "info",
        "success",
        "warning",
        "error",
    ):
        out += [(kind, str(e.value)) for e in getattr(at, kind)]
    out += [("metric", m.label, str(m.value), str(m.delta)) for m in at.metric]
    out += [("dataframe", e.value.to_csv(index=False)) for e in at.dataframe]
    out += [("table", e.value.to_csv(index=False)) for e in at.table]
    return out


def run_session(page: str, params: dict[str, str]) -> tuple[list[str], list[tuple]]:
    at = AppTest.from_file(APP, default_timeout=120)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    at.switch_page(page).run()
    return [str(e.value) for e in at.exception], snapshot(at)


class OneRuntime:
    """A real server has one Runtime for every session; AppTest installs a fresh mock Runtime
    in a process-wide slot before each run and empties the slot after it, so two AppTests in
    threads would pull it from under each other. This keeps the first one installed."""

    def __getattr__(self, name: str):
        return getattr(Runtime, name)

    def __setattr__(self, name: str, value) -> None:
        if name != "_instance":
            setattr(Runtime, name, value)
        elif Runtime._instance is None and value is not None:
            Runtime._instance = value


def test_sixteen_sessions_at_once_see_what_each_sees_alone(isolated_app, monkeypatch):
    loads = []
    open_dir = store.open_dir
    monkeypatch.setattr(store, "open_dir", lambda path: loads.append(path) or open_dir(path))
    alone = [run_session(page, params) for page, params in SESSIONS]
    assert "25.953" in str(alone[0][1]) and "25,953" in str(alone[1][1])
    for (page, params), (errors, shown) in zip(SESSIONS, alone, strict=True):
        assert not errors, (page, params, errors)
        assert shown, (page, params)
    start = threading.Barrier(len(SESSIONS))

    def together(index: int) -> tuple[list[str], list[tuple]]:
        start.wait(timeout=120)  # every session starts at the same moment
        return run_session(*SESSIONS[index])

    monkeypatch.setattr(app_test_module, "Runtime", OneRuntime())
    # Like a server, compile each script once for everyone: AppTest compiles on every run,
    # and CPython 3.11's compiler is not safe to run in threads at once ("AST constructor
    # recursion depth mismatch").
    shared_cache = ScriptCache()
    monkeypatch.setattr(app_test_module, "ScriptCache", lambda: shared_cache)
    # A server settles its pages mode once, when st.navigation first runs; AppTest resets that
    # process-wide flag before every run, which in threads sends another session's page
    # through lib/ui.py's legacy-mode rerun (and that rerun drops the URL's parameters).
    monkeypatch.setattr(PagesManager, "uses_pages_directory", False)
    monkeypatch.setattr(app_test_module, "PagesManager", type("ServerPages", (PagesManager,), {}))
    try:
        # Held for the whole burst, so no run's exit switches test mode off for another.
        with patch_config_options({"global.appTest": True}):
            with ThreadPoolExecutor(max_workers=len(SESSIONS)) as pool:
                concurrent = list(pool.map(together, range(len(SESSIONS))))
    finally:
        Runtime._instance = None
    for (page, params), (errors, shown), (_, shown_alone) in zip(SESSIONS, concurrent, alone, strict=True):
        assert not errors, (page, params, errors)
        assert shown == shown_alone, (page, params)
    assert len(loads) == 1  # one store, loaded once, shared by all 32 sessions


@pytest.mark.parametrize(("page", "params"), [SESSIONS[6], SESSIONS[8]])
def test_scenarios_differ_so_a_mixup_would_show(isolated_app, page, params):
    """Guard against a vacuous comparison: two simulator sessions show different numbers."""
    other = SESSIONS[7]
    assert run_session(page, params)[1] != run_session(*other)[1]
