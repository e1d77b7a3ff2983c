"""Shared fixtures: a fresh store on the bundled data, and a writable copy of the data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lib import settings
from lib.data import store

# The state tests' backends: SQLite, and a throwaway PostgreSQL (tests/pg_server.py).
pytest_plugins = ["pg_server"]

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seed"


@pytest.fixture
def bundled_store() -> store.Store:
    return store.open_dir(settings.BUNDLED_DATA_DIR)


@pytest.fixture
def con(bundled_store):
    return bundled_store.cursor()


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the bundled data a test may edit; the bundled folder is never touched."""
    target = tmp_path / "data"
    shutil.copytree(settings.BUNDLED_DATA_DIR, target)
    return target


@pytest.fixture
def isolated_app(monkeypatch, tmp_path):
    """Point the app at a fresh state folder and clear Streamlit's process-wide caches."""
    import streamlit as st

    monkeypatch.setenv("CHITIEU_STATE_DIR", str(tmp_path / "state"))
    st.cache_resource.clear()
    st.cache_data.clear()
    yield
    st.cache_resource.clear()
    st.cache_data.clear()


@pytest.fixture(autouse=True)
def no_hidden_page_errors(request, caplog):
    """A page's last-resort boundary (`ui.guarded`) turns an exception into a message, so AppTest
    sees no exception element: fail any test whose page hit it, unless the test expects it (by
    asking for the `expect_page_error` fixture)."""
    import logging

    yield
    if "expect_page_error" in request.fixturenames:
        return
    caught = [
        r for r in caplog.get_records("call") if r.name == "chitieu.errors" and r.levelno >= logging.ERROR
    ]
    assert not caught, "\n".join(logging.Formatter().format(r) for r in caught)


@pytest.fixture
def expect_page_error():
    """Marks a test that makes a page fail on purpose (see `no_hidden_page_errors`)."""


@pytest.fixture(scope="session")
def june_folder(tmp_path_factory) -> Path:
    """Synthetic national data (34 communes, ten years) with 2024's actuals cut after June
    (`fixtures.JUNE_CUT`): a year being tracked. Built once per test run; never edit it (`june`)."""
    import pandas as pd
    from fixtures import JUNE_CUT

    from lib.data import synth

    folder = tmp_path_factory.mktemp("june") / "synth"
    synth.generate(folder, rows=6000)
    for part in (folder / "observations" / "year=2024").glob("*.parquet"):
        obs = pd.read_parquet(part)
        later = (obs["measure"] == "actual") & (obs["period"].str[5:].astype(int) > JUNE_CUT)
        obs[~later].drop(columns=["year"], errors="ignore").to_parquet(part, index=False)
    return folder


@pytest.fixture
def june(june_folder, tmp_path, monkeypatch) -> Path:
    """A copy of `june_folder` as the app's data folder (CHITIEU_DATA_DIR)."""
    folder = tmp_path / "data"
    shutil.copytree(june_folder, folder)
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(folder))
    return folder
