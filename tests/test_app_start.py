"""A server started as the README says (`streamlit run app.py`): it warms up before it says healthy
(app.py's `st.App` lifespan: imports, the store reopened), and it still starts, and its first page
still says what is wrong, when the data or the state folder is broken.

Real servers (the warm-up runs only there; AppTest runs app.py as the page script), driven by the
crowd benchmark's websocket client. No timings: what is checked is what a visitor and an operator
see.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from benchmarks import crowd
from lib.data import synth
from lib.i18n import t

ROOT = crowd.ROOT
WARMED = "chitieu: warm-up"
FOLDER_UNUSABLE = t("state.folder_unusable", "vi", folder="", problem="", fallback="").split("{")[0][:30]


def first_page(env: dict[str, str]) -> tuple[crowd.Visit, str]:
    with crowd.Server(crowd.APP, env, start_timeout_s=180) as server:
        log_when_healthy = server.output()
        visit = crowd.run(crowd.visit(server.url, "", "", timeout_s=180))
    return visit, log_when_healthy


def test_a_restart_opens_the_built_store_before_it_says_healthy(tmp_path):
    data, state = tmp_path / "data", tmp_path / "state"
    synth.generate(data, rows=6000)
    env = {"CHITIEU_DATA_DIR": str(data), "CHITIEU_STATE_DIR": str(state)}
    built, _ = first_page(env)  # the first start builds the store file (in its warm-up)
    stores = sorted(p.name for p in (state / "stores").glob("*.duckdb"))
    again, log = first_page(env)  # a restart reopens it
    assert not built.errors and not again.errors
    assert WARMED in log  # Streamlit found the st.App: the warm-up ran before "healthy"
    assert sorted(p.name for p in (state / "stores").glob("*.duckdb")) == stores and len(stores) == 1
    assert any(t("synth.banner", "vi").split("(")[0] in text for text in again.texts), again.texts[:3]
    assert again.texts == built.texts  # the same page, whether the store was built or reopened


def _broken(tmp_path, kind: str) -> dict[str, str]:
    data, state = tmp_path / "data", tmp_path / "state"
    if kind == "data folder is a file":
        data.write_text("not a folder", encoding="utf-8")
    elif kind == "damaged Parquet file":
        synth.generate(data, rows=6000)
        part = sorted((data / "observations").rglob("*.parquet"))[0]
        part.write_bytes(b"PAR1" + b"\x00garbage" * 50)
    elif kind == "catalogue missing":
        synth.generate(data, rows=6000)
        (data / "indicators.csv").unlink()
    if kind == "state folder is a file":
        synth.generate(data, rows=6000)  # Parquet: the store file must be written under it
        state.write_text("not a folder", encoding="utf-8")
    return {"CHITIEU_DATA_DIR": str(data), "CHITIEU_STATE_DIR": str(state)}


@pytest.mark.parametrize(
    "kind", ["data folder is a file", "damaged Parquet file", "catalogue missing", "state folder is a file"]
)
def test_broken_data_still_starts_and_the_first_page_says_why(tmp_path, kind):
    visit, log = first_page(_broken(tmp_path, kind))
    assert not visit.errors, visit.errors
    assert "Traceback" not in log
    alerts = [text for text in visit.texts if text.startswith("alert: ")]
    assert alerts, visit.texts[:5]
    if kind != "state folder is a file":
        assert any(FOLDER_UNUSABLE in text for text in alerts), alerts


LIFESPAN = """if True:
    import asyncio, importlib.util, time
    import lib.ui
    def warm_up():
        {body}
    lib.ui.warm_up = warm_up
    spec = importlib.util.spec_from_file_location("app", "app.py")
    app = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(app)
    app.WARM_UP_WAIT_S = 0.5
    async def serve():
        async with app.lifespan(app.app):
            print("serving", flush=True)
            await asyncio.sleep(3)
    asyncio.run(serve())
"""


def lifespan_with(body: str) -> subprocess.CompletedProcess:
    """app.py's lifespan, as `streamlit run` enters it, around a stand-in warm-up (`body`)."""
    code = LIFESPAN.format(body=body)
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_a_warm_up_that_fails_is_logged_and_the_server_serves_anyway():
    """Whatever breaks in the warm-up (here: an error nobody foresaw) never keeps the server down."""
    done = lifespan_with('raise RuntimeError("disk on fire")')
    assert done.stdout.split() == ["serving"], done.stderr[-2000:]
    assert "warm-up failed" in done.stderr and "disk on fire" in done.stderr


def test_a_long_first_build_does_not_hold_the_server_back():
    """Past `WARM_UP_WAIT_S` the server serves and the warm-up goes on (a first build of big data)."""
    done = lifespan_with("time.sleep(1.5)")
    lines = [line.strip() for line in done.stdout.splitlines()]
    assert lines[1] == "serving" and lines[0].startswith("chitieu: warm-up still running"), done.stdout
    assert lines[2].startswith("chitieu: warm-up done"), done.stdout
