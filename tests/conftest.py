"""Shared fixtures: a fresh store on the bundled data, and a writable copy of the data folder."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from lib import settings, store

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
