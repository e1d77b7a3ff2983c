"""A throwaway PostgreSQL for the state tests (a pytest plugin, registered in conftest.py).

`state_db_url` is parametrised over the two backends: "sqlite" (a file in the test's tmp folder)
and "postgres" (a fresh database per test). PostgreSQL comes from CHITIEU_TEST_DATABASE_URL when
set (a server where that user may CREATE DATABASE), else from a cluster this plugin starts once
per test session: Debian's initdb + pg_ctl, on a free local port, in a temporary folder,
stopped (and waited for) at the end. As root the cluster runs as the `postgres` user (`su`),
since PostgreSQL refuses to run as root. Without PostgreSQL binaries the postgres tests are
skipped with the reason, unless CHITIEU_REQUIRE_POSTGRES=1 (CI): then they fail.
"""

from __future__ import annotations

import contextlib
import glob
import itertools
import os
import shlex
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

BACKENDS = ["sqlite", "postgres"]


def _bin_dir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Cluster:
    """A PostgreSQL cluster in `folder`, run as `postgres` when we are root."""

    def __init__(self, bin_dir: Path):
        self.bin = bin_dir
        self.as_root = os.geteuid() == 0
        self.folder = Path(tempfile.mkdtemp(prefix="chitieu-pg-"))
        self.port = 0

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bin / args[0]), *args[1:]]
        if self.as_root:
            cmd = ["su", "postgres", "-s", "/bin/sh", "-c", shlex.join(cmd)]
        return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120)

    def start(self) -> str:
        if self.as_root:
            shutil.chown(self.folder, "postgres")
        data = self.folder / "pg"
        self._run("initdb", "-D", str(data), "-A", "trust", "-U", "postgres", "-E", "UTF8", "--no-sync")
        last = None
        for _ in range(3):  # another process may take the free port before the server does
            self.port = _free_port()
            opts = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
            done = self._run(
                "pg_ctl",
                "-D",
                str(data),
                "-o",
                opts,
                "-l",
                str(self.folder / "log"),
                "-w",
                "start",
                check=False,
            )
            if done.returncode == 0:
                return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"
            last = done.stderr + done.stdout
        raise RuntimeError(f"PostgreSQL did not start: {last}")

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._run("pg_ctl", "-D", str(self.folder / "pg"), "-m", "fast", "-w", "stop", check=False)
        shutil.rmtree(self.folder, ignore_errors=True)


def _unavailable(reason: str):
    if os.environ.get("CHITIEU_REQUIRE_POSTGRES") == "1":
        pytest.fail(f"PostgreSQL is required (CHITIEU_REQUIRE_POSTGRES=1) but {reason}")
    pytest.skip(
        f"PostgreSQL tests skipped: {reason} (apt-get install postgresql, or set CHITIEU_TEST_DATABASE_URL)"
    )


@pytest.fixture(scope="session")
def pg_admin_url():
    """A URL of a PostgreSQL server where new databases may be created."""
    given = os.environ.get("CHITIEU_TEST_DATABASE_URL", "").strip()
    if given:
        yield given
        return
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("the psycopg driver is not installed")
    bin_dir = _bin_dir()
    if bin_dir is None:
        _unavailable("no PostgreSQL binaries (initdb) on this machine")
    cluster = Cluster(bin_dir)
    try:
        url = cluster.start()
    except (RuntimeError, subprocess.SubprocessError, OSError) as exc:
        cluster.stop()
        _unavailable(f"a throwaway cluster could not start: {exc}")
    try:
        yield url
    finally:
        cluster.stop()


_counter = itertools.count(1)


@contextlib.contextmanager
def fresh_pg_database(admin_url: str):
    """A new empty database on the server, dropped afterwards; yields its URL."""
    import psycopg

    name = f"chitieu_test_{os.getpid()}_{next(_counter)}_{uuid.uuid4().hex[:6]}"
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    parts = urlsplit(admin_url)
    try:
        yield urlunsplit(parts._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(params=BACKENDS)
def backend(request) -> str:
    return request.param


@pytest.fixture
def state_db_url(backend, request, tmp_path):
    """The URL of a fresh, empty state database on `backend` (see the module docstring)."""
    if backend == "sqlite":
        yield f"sqlite:///{tmp_path / 'db' / 'chitieu.sqlite3'}"
        return
    admin = request.getfixturevalue("pg_admin_url")
    with fresh_pg_database(admin) as url:
        yield url


@pytest.fixture
def state_db(state_db_url, tmp_path):
    """A migrated state database on `backend`, with an empty state folder for the legacy import."""
    from lib.state import statedb

    db = statedb.connect(state_db_url, legacy_dir=tmp_path / "no-legacy-state")
    yield db
    db.close()
