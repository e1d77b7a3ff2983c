"""Real-browser tests: the app served by `streamlit run`, driven by Debian's Chromium.

Skipped, with the reason, when /usr/bin/chromium is missing, unless CHITIEU_REQUIRE_BROWSER=1
(set by `.ci/run`): then a missing browser fails the run. No network: the server listens on
127.0.0.1 and Chromium resolves no other host. Screenshots go to CHITIEU_E2E_ARTIFACTS
(default: a `chitieu-e2e` folder in the temp directory).
"""

from __future__ import annotations

import contextlib
import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

ROOT = Path(__file__).resolve().parents[2]
# The same Chromium and flags a developer uses for screenshots (offline, no sandbox as root).
from lib.i18n import t  # noqa: E402
from lib.state import accounts, statedb  # noqa: E402
from tools.screenshot import ARGS, CHROMIUM  # noqa: E402


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.e2e)


def require_chromium() -> None:
    """Skip with the reason when Chromium is missing; fail instead when CI requires it."""
    if Path(CHROMIUM).exists():
        return
    message = f"real-browser tests need Chromium at {CHROMIUM} (apt-get install -y chromium)"
    if os.environ.get("CHITIEU_REQUIRE_BROWSER") == "1":
        pytest.fail(f"CHITIEU_REQUIRE_BROWSER=1 and {message}")
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with code {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"streamlit did not answer {url}/_stcore/health in {timeout_s:.0f} s")


@contextlib.contextmanager
def serve(tmp_path_factory):
    """`streamlit run app.py` on a free port with a fresh state folder; stopped at the end."""
    with serve_app(tmp_path_factory.mktemp("state"), tmp_path_factory.mktemp("server")) as url:
        yield url


@contextlib.contextmanager
def serve_app(state_dir, log_dir, **settings: str):
    """`streamlit run app.py` on a free port with `state_dir` as its state folder and the
    given CHITIEU_* settings (none of the caller's CHITIEU_* variables leak in); stopped at the
    end. Its log is `log_dir/streamlit.log`."""
    require_chromium()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("CHITIEU_")}
    env.update({"CHITIEU_STATE_DIR": str(state_dir), **settings})
    log = open(log_dir / "streamlit.log", "w")  # noqa: SIM115
    server = subprocess.Popen(
        [
            sys.executable, "-m", "streamlit", "run", "app.py",
            "--server.headless", "true", "--server.port", str(port), "--server.address", "127.0.0.1",
            "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, server)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        log.close()


@pytest.fixture(scope="session")
def app_url(tmp_path_factory):
    """One server for the session's tests."""
    with serve(tmp_path_factory) as url:
        yield url


@pytest.fixture
def fresh_app_url(tmp_path_factory):
    """A server of its own that no request has reached yet (for first-request behaviour)."""
    with serve(tmp_path_factory) as url:
        yield url


@pytest.fixture(scope="session")
def chromium():
    require_chromium()
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=45_000)  # a busy CI machine draws a page in seconds, not ms

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def tab(chromium):
    context = chromium.new_context(viewport={"width": 1400, "height": 1000}, locale="vi-VN")
    context.set_default_timeout(45_000)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    folder = Path(os.environ.get("CHITIEU_E2E_ARTIFACTS", Path(tempfile.gettempdir()) / "chitieu-e2e"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


# ---------------------------------------------------------------- signed-in browsers
PASSWORD = "mật khẩu thử nghiệm 2026"


@contextlib.contextmanager
def serve_with_users(state_dir, users: dict[str, str]):
    """`streamlit run app.py` on a free port, its state database holding `users` (name -> role)."""
    require_chromium()
    db = statedb.connect(f"sqlite:///{state_dir / 'chitieu.sqlite3'}", legacy_dir=state_dir)
    for name, role in users.items():
        db.add_user(name, role, accounts.hash_password(PASSWORD), by="test")
    db.close()
    with serve_app(state_dir, state_dir, CHITIEU_AUTH="local") as url:
        yield url


def idle(tab) -> None:
    expect(tab.get_by_test_id("stApp")).to_have_attribute("data-test-script-state", "notRunning")


def go(tab, page: str) -> None:
    """Change page through the sidebar's navigation (same session: still signed in)."""
    idle(tab)
    tab.get_by_test_id("stSidebarNav").get_by_text(t(f"nav.{page}", "vi"), exact=True).click()
    if page == "overview":  # the front page is served at "/"
        expect(tab).not_to_have_url(re.compile(r"/(data|account)\b"))
    else:
        expect(tab).to_have_url(re.compile(f"/{page}\\b"))
    idle(tab)


def sign_in(tab, url: str, name: str) -> None:
    tab.goto(f"{url}/account?lang=vi")
    idle(tab)
    tab.get_by_label(t("account.username", "vi")).fill(name)
    tab.get_by_label(t("account.password", "vi")).fill(PASSWORD)
    tab.get_by_test_id("stFormSubmitButton").get_by_text(t("account.sign_in", "vi")).click()
    expect(tab.get_by_test_id("stSidebar").get_by_text(name).first).to_be_visible()
    idle(tab)
