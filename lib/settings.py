"""Settings, declared once as (name, default, help) so they document themselves.

Owns reading the environment. Must never write anything or import Streamlit.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUNDLED_DATA_DIR = ROOT / "data"


@dataclass(frozen=True)
class Setting:
    name: str
    default: str
    help: str

    def get(self) -> str:
        return os.environ.get(self.name, self.default)


DATA_DIR = Setting(
    "CHITIEU_DATA_DIR",
    str(BUNDLED_DATA_DIR),
    "Folder of indicator data: indicators.csv plus observations.csv, or observations as Parquet "
    "(observations/*.parquet or observations.parquet). Read only.",
)
STATE_DIR = Setting(
    "CHITIEU_STATE_DIR",
    str(Path.home() / ".chitieu"),
    "Folder for state that must last: uploaded dataset versions and saved scenarios. "
    "Never inside the data folder.",
)
DEMO = Setting(
    "CHITIEU_DEMO",
    "0",
    "Public demo mode when 1: uploads and scenarios stay in the browser session, nothing is written to disk.",
)

ALL = [DATA_DIR, STATE_DIR, DEMO]


def data_dir() -> Path:
    return Path(DATA_DIR.get())


def state_dir() -> Path:
    return Path(STATE_DIR.get())


def demo_mode() -> bool:
    return DEMO.get().strip().lower() in {"1", "true", "yes", "on"}
