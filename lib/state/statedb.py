"""The state database: users, sign-in attempts, sessions, the dataset versions registry, what is
published, saved scenarios and the audit log, behind one module.

Backends
- **SQLite** by default: one file `settings.state_dir()/chitieu.sqlite3` (stdlib `sqlite3`, WAL,
  `busy_timeout`, foreign keys on), created with its folder. Nothing to install.
- **PostgreSQL** when `CHITIEU_DATABASE_URL` is `postgresql://...` (psycopg 3), so several app
  replicas share one state. `sqlite:////absolute/path.sqlite3` names another SQLite file.

Connections: a `StateDB` is shared by every Streamlit session (threads). It keeps a small pool of
idle connections under a lock; each call takes one, uses it on this thread only and gives it back
(SQLite opens with `check_same_thread=False` for that reason; a connection is never used by two
threads at once). `db.transaction()` groups calls on one thread into one transaction (nested
calls join it). A pooled PostgreSQL connection that turns out dead is dropped and the call is
tried once more on a fresh one (safe: the failed transaction was rolled back).

SQL: every statement is written once with `?` placeholders; `_sql()` translates them for
psycopg (`%s`). DDL differs only in the few tokens of `_DDL_TOKENS` (auto-numbered keys) and the
triggers that keep the audit table append-only.

Migrations: `MIGRATIONS` is an ordered list; `schema_version` records those applied. They run at
`connect()`, each in one transaction under a lock (SQLite `BEGIN IMMEDIATE`, PostgreSQL
`pg_advisory_xact_lock`), so two processes starting at once apply each migration exactly once.
Right after the first migration, in the same transaction, `import_legacy` copies the state
folder of the old layout (version folders with meta.json, active.json, scenarios/*.json) in:
nothing is lost, damaged files are skipped and listed in `db.legacy_problems`.

Writes audit themselves: every method that changes something (`add_user`, `set_role`,
`remove_user`, `register_version`, `publish`, `save_scenario`, `delete_scenario`) writes its audit
row in the same transaction, so a change is never without its record. Callers audit only what
happens outside this module (sign-in, sign-out: see `lib.state.accounts`) with `audit()`. The audit
table is append-only: no UPDATE or DELETE on it anywhere, and triggers refuse them.

Times are ISO 8601 UTC strings with seconds (`2026-12-01T13:05:00+00:00`), compared as text.
Any driver error becomes `StateError` with words a user understands (`reason(lang)` fits the
UI's "Nothing was saved: {reason}" messages); never a raw driver exception.

In demo mode the UI never connects (nothing is written). Open it once per process
(`st.cache_resource` in the UI): `connect()` checks the migrations each time.
Never imports Streamlit and never writes dataset files (they stay files, see datasets.py); it reads
the old layout (meta.json, active.json, scenario files) only in `import_legacy`.

Why one module over ~500 lines: the issue asks for the state database behind one module;
its two dialects, migrations, error words and every table's methods share one connection
policy, which must not be restated elsewhere.
"""

from __future__ import annotations

import contextlib
import errno
import json
import re
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lib import settings
from lib.i18n import t
from lib.state import access

BUNDLED = "bundled"  # the version id of the bundled data folder (datasets.BUNDLED)

AUDIT_ACTIONS = (
    "upload",
    "publish",
    "rollback",
    "scenario_save",
    "scenario_delete",
    "sign_in",
    "sign_in_failed",
    "sign_out",
    "role_change",
    "user_add",
    "user_remove",
    "password_change",
    "user_unlock",
)
# AUDIT_ACTIONS is the one list of actions (checked in `audit()`, not by the table, so adding one
# needs no migration).
PUBLISH_ACTIONS = ("publish", "rollback")
LEGACY_BY = "legacy import"  # who the imported publication is by
MAX_USER_NAME = 64
# The shape of a user name (the one rule, for the form and the command line): lowercase Latin
# letters, digits and . _ - @ (so an e-mail address can name an account for OIDC), starting with a
# letter or digit, 1 to MAX_USER_NAME characters. No spaces, no markup, no look-alike letters.
USER_NAME = re.compile(rf"[a-z0-9][a-z0-9._@-]{{0,{MAX_USER_NAME - 1}}}")
MAX_TEXT = 2000  # audit text fields from people are cut to this (a name typed at sign-in, a detail)


# ---------------------------------------------------------------- rows


@dataclass(frozen=True)
class UserRow:
    name: str
    role: str
    password_hash: str
    created_utc: str


@dataclass(frozen=True)
class VersionRow:
    """A dataset version's description (its files stay in the state folder)."""

    id: str
    created_utc: str
    file_name: str  # as uploaded, for display only
    sha256: str  # of the original bytes
    snapshot_sha256: str  # of the version's whole dataset (observations.csv)
    rows: int  # figures in the upload
    total_rows: int  # figures in the whole dataset of this version
    created_by: str  # user name; "" for an import of the old layout or an anonymous upload
    original: str = ""  # stored name of the original bytes (original.csv / original.xlsx / ...)


@dataclass(frozen=True)
class Publication:
    """One change of what viewers see: `version_id` ("bundled" for the data folder)."""

    seq: int
    version_id: str
    published_utc: str
    published_by: str
    action: str  # "publish" or "rollback"


@dataclass(frozen=True)
class ScenarioRow:
    """A saved scenario. `payload` is the scenario's assumptions (`Assumptions.to_dict()`)."""

    owner: str  # user name; "" for scenarios imported from the old layout
    name: str
    payload: dict
    updated_utc: str


@dataclass(frozen=True)
class AuditRow:
    seq: int
    at_utc: str
    user: str
    action: str
    version: str | None = None
    sha256: str | None = None
    detail: str | None = None


@dataclass(frozen=True)
class LegacyProblem:
    """A file of the old layout that was not imported, and why (English, for the log/CLI)."""

    path: str
    reason: str


# ---------------------------------------------------------------- errors


class StateError(Exception):
    """The state database could not do what was asked. `str()` is an English sentence; `key`
    names the catalogue phrase (`reason(lang)`) that fits the UI's "{reason}" messages; `detail`
    is the driver's short message for the server log, never shown as a traceback."""

    def __init__(self, message: str, key: str = "statedb.reason_other", detail: str = "", **params: Any):
        super().__init__(message)
        self.key = key
        self.detail = detail
        self.params = params

    def reason(self, lang: str) -> str:
        return t(self.key, lang, **self.params)


class Duplicate(StateError):
    """The thing to add already exists (a user name, a version id)."""


class NotFound(StateError):
    """The thing named does not exist (a user, a version)."""


class Invalid(StateError):
    """A value the database refuses before trying (an unknown role or action, an empty name)."""


def _translate(exc: BaseException) -> StateError:
    """A driver error in words a user understands."""
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    low = text.lower()
    if isinstance(exc, sqlite3.Error):
        if "locked" in low or "busy" in low:
            return StateError(
                "The state database is busy; try again in a moment.", "statedb.reason_busy", text
            )
        if "full" in low:
            return StateError("The disk holding the state database is full.", "statedb.reason_full", text)
        if "readonly" in low or "read-only" in low or "unable to open" in low or "permission" in low:
            return StateError(
                "The state database cannot be written (the state folder is read-only or missing).",
                "statedb.reason_read_only",
                text,
            )
        if "not a database" in low or "malformed" in low or "corrupt" in low:
            return StateError(
                "The state database file is damaged; restore it from a backup.",
                "statedb.reason_corrupt",
                text,
            )
        if "disk i/o" in low:
            return StateError("The disk holding the state database failed.", "statedb.reason_disk", text)
        return StateError(f"The state database refused the request ({text}).", "statedb.reason_other", text)
    psycopg = _psycopg_or_none()
    if psycopg is not None and isinstance(exc, psycopg.OperationalError):
        return StateError(
            "The database server cannot be reached; try again in a moment.",
            "statedb.reason_unreachable",
            text,
        )
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return StateError("The disk holding the state database is full.", "statedb.reason_full", text)
    if isinstance(exc, OSError):
        return StateError(
            "The state folder cannot be written (read-only, missing or full).",
            "statedb.reason_read_only",
            text,
        )
    return StateError(f"The state database refused the request ({text}).", "statedb.reason_other", text)


def _psycopg_or_none():
    try:
        import psycopg
    except ImportError:  # only needed for postgresql:// URLs
        return None
    return psycopg


def _integrity(exc: BaseException) -> bool:
    if isinstance(exc, sqlite3.IntegrityError):
        return True
    psycopg = _psycopg_or_none()
    return psycopg is not None and isinstance(exc, psycopg.IntegrityError)


# ---------------------------------------------------------------- times and text


def now_utc() -> str:
    return iso(datetime.now(UTC))


def iso(when: datetime | str) -> str:
    """A time as this module stores it: ISO 8601 in UTC, to the second (naive means UTC)."""
    if isinstance(when, str):
        when = datetime.fromisoformat(when)
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return when.astimezone(UTC).isoformat(timespec="seconds")


def _cut(text: str | None, limit: int = MAX_TEXT) -> str | None:
    return None if text is None else str(text)[:limit]


# ---------------------------------------------------------------- SQL and migrations

_DDL_TOKENS = {
    "sqlite": {"{serial_key}": "INTEGER PRIMARY KEY AUTOINCREMENT"},
    "postgres": {"{serial_key}": "BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY"},
}


@dataclass(frozen=True)
class Migration:
    version: int
    description: str
    statements: tuple[str, ...]  # for both backends ({tokens} translated)
    sqlite: tuple[str, ...] = ()  # only for SQLite
    postgres: tuple[str, ...] = ()  # only for PostgreSQL


_ROLES_SQL = ", ".join(f"'{r}'" for r in access.ROLES)

MIGRATIONS: list[Migration] = [
    Migration(
        1,
        "users, attempts, sessions, versions, publications, scenarios, audit",
        (
            f"""CREATE TABLE users (
                name TEXT PRIMARY KEY,
                role TEXT NOT NULL CHECK (role IN ({_ROLES_SQL})),
                password_hash TEXT NOT NULL,
                created_utc TEXT NOT NULL)""",
            """CREATE TABLE login_attempts (
                id {serial_key},
                name TEXT NOT NULL,
                at_utc TEXT NOT NULL,
                ok INTEGER NOT NULL)""",
            "CREATE INDEX login_attempts_name ON login_attempts (name, at_utc)",
            """CREATE TABLE sessions (
                token_hash TEXT PRIMARY KEY,
                name TEXT NOT NULL REFERENCES users (name) ON DELETE CASCADE,
                created_utc TEXT NOT NULL,
                expires_utc TEXT NOT NULL)""",
            """CREATE TABLE versions (
                id TEXT PRIMARY KEY,
                created_utc TEXT NOT NULL,
                file_name TEXT NOT NULL,
                original TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                snapshot_sha256 TEXT NOT NULL,
                row_count BIGINT NOT NULL,
                total_rows BIGINT NOT NULL,
                created_by TEXT NOT NULL)""",
            """CREATE TABLE publications (
                seq {serial_key},
                version_id TEXT NOT NULL,
                published_utc TEXT NOT NULL,
                published_by TEXT NOT NULL,
                action TEXT NOT NULL CHECK (action IN ('publish', 'rollback')))""",
            """CREATE TABLE scenarios (
                owner TEXT NOT NULL,
                name TEXT NOT NULL,
                payload TEXT NOT NULL,
                updated_utc TEXT NOT NULL,
                PRIMARY KEY (owner, name))""",
            """CREATE TABLE audit (
                seq {serial_key},
                at_utc TEXT NOT NULL,
                user_name TEXT NOT NULL,
                action TEXT NOT NULL,
                version TEXT,
                sha256 TEXT,
                detail TEXT)""",
            "CREATE INDEX audit_at ON audit (at_utc)",
        ),
        sqlite=(
            """CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
               BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
            """CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit
               BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END""",
        ),
        postgres=(
            """CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
               BEGIN RAISE EXCEPTION 'the audit log is append-only'; END $$""",
            """CREATE TRIGGER audit_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON audit
               FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()""",
        ),
    ),
]

_PG_LOCK_KEY = 0x63686974  # "chit": the advisory lock that serialises migrations


def _sql(statement: str, dialect: str) -> str:
    """One statement for the backend: `?` placeholders become `%s` for psycopg (a literal `%`
    is doubled first); DDL tokens are filled in."""
    for token, value in _DDL_TOKENS[dialect].items():
        statement = statement.replace(token, value)
    if dialect == "postgres":
        statement = statement.replace("%", "%%").replace("?", "%s")
    return statement


# ---------------------------------------------------------------- connections


def connect(url: str | None = None, *, legacy_dir: Path | None = None) -> StateDB:
    """The state database named by `url` (None: the CHITIEU_DATABASE_URL setting), migrated.

    "" is the SQLite file in the state folder; `sqlite:///path` another SQLite file (four slashes
    for an absolute path);
    `postgresql://...` a PostgreSQL database. `legacy_dir` is the state folder whose old layout is
    imported when the database is new (default: the state folder). Raises `StateError`.
    """
    url = settings.DATABASE_URL.get() if url is None else url
    url = url.strip()
    if not url:
        db = StateDB("sqlite", str(settings.state_dir() / "chitieu.sqlite3"))
    elif url.startswith("sqlite:///"):
        db = StateDB("sqlite", url[len("sqlite:///") :])  # as SQLAlchemy: sqlite:////abs, sqlite:///rel
    elif url.startswith(("postgresql://", "postgres://")):
        db = StateDB("postgres", url)
    else:
        raise Invalid(
            "CHITIEU_DATABASE_URL must be empty (SQLite in the state folder), sqlite:///path or "
            "postgresql://...",
            "statedb.reason_bad_url",
        )
    db.migrate(settings.state_dir() if legacy_dir is None else Path(legacy_dir))
    return db


class StateDB:
    """One state database; methods are safe to call from any thread. See the module docstring."""

    MAX_IDLE = 4  # idle connections kept for reuse
    BUSY_TIMEOUT_S = 30.0  # SQLite: how long a write waits for another writer before "busy"

    def __init__(self, dialect: str, target: str):
        self.dialect = dialect
        self._target = target  # a file path (SQLite) or a URL (PostgreSQL)
        self._idle: list[Any] = []
        self._lock = threading.Lock()
        self._local = threading.local()
        self.legacy_problems: list[LegacyProblem] = []
        self.imported = False  # True when this connect() imported the old layout

    def __repr__(self) -> str:
        return f"StateDB({self.dialect}, {self.where})"

    @property
    def where(self) -> str:
        """Where the state lives, for messages: the SQLite file, or the server without password."""
        if self.dialect == "sqlite":
            return self._target
        return _hide_password(self._target)

    # -- connections

    def _open(self):
        if self.dialect == "sqlite":
            path = Path(self._target)
            path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(
                path, timeout=self.BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
            try:
                conn.execute(f"PRAGMA busy_timeout = {int(self.BUSY_TIMEOUT_S * 1000)}")
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA synchronous = FULL")  # a committed publish survives a power cut
            except BaseException:
                conn.close()
                raise
            return conn
        psycopg = _psycopg_or_none()
        if psycopg is None:
            raise StateError(
                "PostgreSQL support is not installed (pip install 'psycopg[binary]').",
                "statedb.reason_driver",
            )
        timeout = {} if "connect_timeout" in self._target else {"connect_timeout": 10}
        return psycopg.connect(self._target, autocommit=True, **timeout)

    def _take(self) -> tuple[Any, bool]:
        """An idle connection (and True) or a new one (False); one that cannot be opened is a
        `StateError` in words, never the driver's exception."""
        with self._lock:
            if self._idle:
                return self._idle.pop(), True
        try:
            return self._open(), False
        except StateError:
            raise
        except Exception as exc:
            raise self._fail(exc) from None

    def _give(self, conn, healthy: bool) -> None:
        if healthy:
            with self._lock:
                if len(self._idle) < self.MAX_IDLE:
                    self._idle.append(conn)
                    return
        with contextlib.suppress(Exception):
            conn.close()

    def close(self) -> None:
        """Close the idle connections (calls after this open new ones)."""
        with self._lock:
            idle, self._idle = self._idle, []
        for conn in idle:
            with contextlib.suppress(Exception):
                conn.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """Everything called inside on this thread is one write transaction (committed at the end,
        rolled back on an exception). Nested calls join the outer transaction."""
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        for attempt in (1, 2):
            conn, pooled = self._take()
            started = False
            try:
                self._begin(conn)
                started = True
                self._local.conn = conn
                try:
                    yield
                finally:
                    self._local.conn = None
                self._end(conn, commit=True)
            except GeneratorExit:
                raise
            except BaseException as exc:
                if started:
                    with contextlib.suppress(Exception):
                        self._end(conn, commit=False)
                dead = self._is_dead(conn, exc)
                self._give(conn, healthy=not dead)
                if dead and pooled and not started and attempt == 1 and self.dialect == "postgres":
                    continue  # a pooled connection the server dropped: once more on a fresh one
                if isinstance(exc, StateError) or not self._is_driver_error(exc):
                    raise
                raise self._fail(exc) from None
            else:
                self._give(conn, healthy=True)
            return

    def _fail(self, exc: BaseException) -> StateError:
        """`exc` in words, with the database password (if the driver repeated it) hidden."""
        error = _translate(exc)
        secret = _password(self._target) if self.dialect == "postgres" else ""
        if secret and (secret in str(error) or secret in error.detail):
            error = type(error)(
                str(error).replace(secret, "***"),
                error.key,
                error.detail.replace(secret, "***"),
                **error.params,
            )
        return error

    def _begin(self, conn) -> None:
        if self.dialect == "sqlite":
            conn.execute("BEGIN IMMEDIATE")  # take the write lock now: no deadlock on upgrade
        else:
            conn.execute("BEGIN")

    def _end(self, conn, commit: bool) -> None:
        conn.execute("COMMIT" if commit else "ROLLBACK")

    def _is_driver_error(self, exc: BaseException) -> bool:
        if isinstance(exc, sqlite3.Error):
            return True
        psycopg = _psycopg_or_none()
        return psycopg is not None and isinstance(exc, psycopg.Error)

    def _is_dead(self, conn, exc: BaseException) -> bool:
        if self.dialect == "sqlite":
            return isinstance(exc, sqlite3.Error) and not isinstance(exc, sqlite3.IntegrityError)
        return bool(getattr(conn, "closed", False)) or isinstance(
            exc, _psycopg_or_none().OperationalError if _psycopg_or_none() else ()
        )

    def _run(self, statement: str, params: tuple = ()) -> list[tuple]:
        """Run one statement (in the thread's transaction if any, else on its own) and return
        its rows (empty for statements without a result)."""
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            return self._execute(conn, statement, params)
        for attempt in (1, 2):
            conn, pooled = self._take()
            try:
                rows = self._execute(conn, statement, params)
            except Exception as exc:
                dead = self._is_dead(conn, exc)
                self._give(conn, healthy=not dead)
                if dead and pooled and attempt == 1 and self.dialect == "postgres":
                    continue
                if self._is_driver_error(exc):
                    raise self._fail(exc) from None
                raise
            self._give(conn, healthy=True)
            return rows
        raise AssertionError("unreachable")

    def _execute(self, conn, statement: str, params: tuple) -> list[tuple]:
        cur = conn.execute(_sql(statement, self.dialect), params)
        try:
            return list(cur.fetchall()) if cur.description is not None else []
        finally:
            cur.close()

    # -- migrations

    def schema_version(self) -> int:
        rows = self._run("SELECT MAX(version) FROM schema_version")
        return int(rows[0][0] or 0)

    def migrate(self, legacy_dir: Path | None = None) -> list[int]:
        """Apply the migrations not applied yet (each once, even with two processes starting at
        once); after the first, import the old layout from `legacy_dir`. Returns those applied."""
        applied = []
        for migration in MIGRATIONS:
            with self.transaction():
                if self.dialect == "postgres":
                    self._run("SELECT pg_advisory_xact_lock(?)", (_PG_LOCK_KEY,))
                self._run(
                    "CREATE TABLE IF NOT EXISTS schema_version "
                    "(version INTEGER PRIMARY KEY, applied_utc TEXT NOT NULL)"
                )
                if self.schema_version() >= migration.version:
                    continue
                extra = migration.sqlite if self.dialect == "sqlite" else migration.postgres
                for statement in (*migration.statements, *extra):
                    self._run(statement)
                self._run(
                    "INSERT INTO schema_version (version, applied_utc) VALUES (?, ?)",
                    (migration.version, now_utc()),
                )
                if migration.version == 1 and legacy_dir is not None:
                    self.legacy_problems = import_legacy(self, legacy_dir)
                    self.imported = True
                applied.append(migration.version)
        return applied

    # -- users

    def add_user(self, name: str, role: str, password_hash: str, *, by: str = "") -> UserRow:
        """A new account (audited as user_add by `by`). `Duplicate` when the name is taken,
        `Invalid` for an empty name or an unknown role."""
        name = clean_user_name(name)
        _check_role(role)
        row = UserRow(name, role, password_hash, now_utc())
        with self.transaction():
            if self.get_user(name) is not None:
                raise Duplicate(
                    f"A user named {name} already exists.", "statedb.reason_user_exists", name=name
                )
            self._insert_unique(
                "INSERT INTO users (name, role, password_hash, created_utc) VALUES (?, ?, ?, ?)",
                (row.name, row.role, row.password_hash, row.created_utc),
                Duplicate(f"A user named {name} already exists.", "statedb.reason_user_exists", name=name),
            )
            self.audit(by, "user_add", detail=f"{name} ({role})")
        return row

    def get_user(self, name: str) -> UserRow | None:
        rows = self._run("SELECT name, role, password_hash, created_utc FROM users WHERE name = ?", (name,))
        return UserRow(*rows[0]) if rows else None

    def list_users(self) -> list[UserRow]:
        rows = self._run("SELECT name, role, password_hash, created_utc FROM users ORDER BY name")
        return [UserRow(*r) for r in rows]

    def set_role(self, name: str, role: str, *, by: str = "") -> UserRow:
        """Change a user's role (audited as role_change "old -> new"). `NotFound`, `Invalid`."""
        _check_role(role)
        with self.transaction():
            user = self.get_user(name)
            if user is None:
                raise NotFound(f"There is no user named {name}.", "statedb.reason_no_user", name=name)
            self._run("UPDATE users SET role = ? WHERE name = ?", (role, name))
            self.audit(by, "role_change", detail=f"{name}: {user.role} -> {role}")
        return UserRow(user.name, role, user.password_hash, user.created_utc)

    def set_password(self, name: str, password_hash: str, *, by: str | None = None) -> None:
        """Store a new hash for a user. With `by` (a person changing it) the change is audited as
        password_change and the user's sessions end; without, it is the same password rehashed
        with stronger parameters (nothing to record). `NotFound`."""
        with self.transaction():
            if self.get_user(name) is None:
                raise NotFound(f"There is no user named {name}.", "statedb.reason_no_user", name=name)
            self._run("UPDATE users SET password_hash = ? WHERE name = ?", (password_hash, name))
            if by is not None:
                self._run("DELETE FROM sessions WHERE name = ?", (name,))
                self.audit(by, "password_change", detail=name)

    def remove_user(self, name: str, *, by: str = "") -> bool:
        """Remove an account and its sessions (audited as user_remove). False when unknown."""
        with self.transaction():
            if self.get_user(name) is None:
                return False
            self._run("DELETE FROM sessions WHERE name = ?", (name,))
            self._run("DELETE FROM users WHERE name = ?", (name,))
            self.audit(by, "user_remove", detail=name)
        return True

    # -- sign-in attempts

    def record_attempt(self, name: str, ok: bool, at_utc: datetime | str | None = None) -> None:
        """One sign-in attempt for `name` (any text typed; cut to MAX_USER_NAME * 4 characters)."""
        at = now_utc() if at_utc is None else iso(at_utc)
        self._run(
            "INSERT INTO login_attempts (name, at_utc, ok) VALUES (?, ?, ?)",
            (str(name)[: MAX_USER_NAME * 4], at, 1 if ok else 0),
        )

    def failed_attempts(self, name: str, since_utc: datetime | str) -> int:
        """Failed attempts for `name` at or after `since_utc`, and after its last success."""
        since = iso(since_utc)
        rows = self._run(
            """SELECT COUNT(*) FROM login_attempts
               WHERE name = ? AND ok = 0 AND at_utc >= ?
                 AND at_utc >= COALESCE(
                     (SELECT MAX(at_utc) FROM login_attempts WHERE name = ? AND ok = 1), '')""",
            (str(name)[: MAX_USER_NAME * 4], since, str(name)[: MAX_USER_NAME * 4]),
        )
        return int(rows[0][0])

    def locked_names(self, since_utc: datetime | str, failures: int) -> list[str]:
        """Names typed at sign-in with at least `failures` failed attempts at or after `since_utc`
        and after their last success (what `failed_attempts` counts), by name."""
        since = iso(since_utc)
        rows = self._run(
            """SELECT a.name FROM login_attempts a
               WHERE a.ok = 0 AND a.at_utc >= ?
                 AND a.at_utc >= COALESCE(
                     (SELECT MAX(b.at_utc) FROM login_attempts b WHERE b.name = a.name AND b.ok = 1), '')
               GROUP BY a.name HAVING COUNT(*) >= ? ORDER BY a.name""",
            (since, failures),
        )
        return [str(r[0]) for r in rows]

    def unlock(self, name: str, *, by: str) -> bool:
        """Forget the failed sign-ins of `name`, so it may sign in again at once (audited as
        user_unlock by `by`). False (and nothing audited) when it had none."""
        key = str(name)[: MAX_USER_NAME * 4]
        with self.transaction():
            failed = self._run("SELECT COUNT(*) FROM login_attempts WHERE name = ? AND ok = 0", (key,))
            if not int(failed[0][0]):
                return False
            self._run("DELETE FROM login_attempts WHERE name = ? AND ok = 0", (key,))
            self.audit(by, "user_unlock", detail=key)
        return True

    def forget_attempts(self, before_utc: datetime | str) -> None:
        """Drop attempts older than `before_utc` (the audit log keeps its own record)."""
        self._run("DELETE FROM login_attempts WHERE at_utc < ?", (iso(before_utc),))

    # -- sessions

    def create_session(self, name: str, token_hash: str, expires_utc: datetime | str) -> None:
        """A signed-in session for `name`, known by the hash of its token only. `NotFound`."""
        with self.transaction():
            if self.get_user(name) is None:
                raise NotFound(f"There is no user named {name}.", "statedb.reason_no_user", name=name)
            now = now_utc()
            self._run("DELETE FROM sessions WHERE expires_utc <= ?", (now,))
            self._run(
                "INSERT INTO sessions (token_hash, name, created_utc, expires_utc) VALUES (?, ?, ?, ?)",
                (token_hash, name, now, iso(expires_utc)),
            )

    def session_user(self, token_hash: str, now_utc: datetime | str) -> str | None:
        """The user of a session that has not expired at `now_utc`, else None."""
        rows = self._run(
            "SELECT name FROM sessions WHERE token_hash = ? AND expires_utc > ?", (token_hash, iso(now_utc))
        )
        return rows[0][0] if rows else None

    def end_session(self, token_hash: str) -> bool:
        """Forget a session; False when it was not known."""
        with self.transaction():
            known = bool(self._run("SELECT 1 FROM sessions WHERE token_hash = ?", (token_hash,)))
            self._run("DELETE FROM sessions WHERE token_hash = ?", (token_hash,))
        return known

    # -- dataset versions

    def register_version(self, version: VersionRow, detail: str | None = None) -> VersionRow:
        """Record a version whose files are written (audited as upload by `created_by`, with its
        id, checksum and `detail`, by default its file name). `Duplicate` when the id is taken."""
        with self.transaction():
            if self.get_version(version.id) is not None:
                raise Duplicate(
                    f"Version {version.id} already exists.",
                    "statedb.reason_version_exists",
                    version=version.id,
                )
            self._insert_version(
                version,
                Duplicate(
                    f"Version {version.id} already exists.",
                    "statedb.reason_version_exists",
                    version=version.id,
                ),
            )
            self.audit(
                version.created_by,
                "upload",
                version=version.id,
                sha256=version.sha256,
                detail=detail or version.file_name,
            )
        return version

    def _insert_unique(self, statement: str, params: tuple, duplicate: StateError) -> None:
        """An INSERT that raises `duplicate` when another writer got there first (PostgreSQL's
        READ COMMITTED lets two check-then-insert race; the unique key decides)."""
        try:
            self._run(statement, params)
        except Exception as exc:
            if _integrity(exc):
                raise duplicate from None
            raise

    def _insert_version(self, v: VersionRow, duplicate: StateError | None = None) -> None:
        self._insert_unique(
            """INSERT INTO versions (id, created_utc, file_name, original, sha256, snapshot_sha256,
                                     row_count, total_rows, created_by)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (v.id, v.created_utc, v.file_name, v.original, v.sha256, v.snapshot_sha256, v.rows, v.total_rows)
            + (v.created_by,),
            duplicate
            or Duplicate(f"Version {v.id} already exists.", "statedb.reason_version_exists", version=v.id),
        )

    _VERSION_COLS = (
        "id, created_utc, file_name, sha256, snapshot_sha256, row_count, total_rows, created_by, original"
    )

    def versions(self) -> list[VersionRow]:
        """Every registered version, oldest first (by id: v0001, v0002, ...)."""
        rows = self._run(f"SELECT {self._VERSION_COLS} FROM versions ORDER BY created_utc, id")
        return [VersionRow(*r) for r in rows]

    def get_version(self, version_id: str) -> VersionRow | None:
        rows = self._run(f"SELECT {self._VERSION_COLS} FROM versions WHERE id = ?", (version_id,))
        return VersionRow(*rows[0]) if rows else None

    # -- publishing

    def publish(
        self, version_id: str, by: str, action: str = "publish", detail: str | None = None
    ) -> Publication:
        """Make `version_id` (or "bundled") what viewers see, with its audit row (and `detail`), in one
        transaction. `NotFound` for an unknown version, `Invalid` for another action."""
        if action not in PUBLISH_ACTIONS:
            raise Invalid(f"Unknown publishing action {action}.", "statedb.reason_other", detail=action)
        with self.transaction():
            sha = None
            if version_id != BUNDLED:
                found = self.get_version(version_id)
                if found is None:
                    raise NotFound(
                        f"There is no version {version_id}.", "statedb.reason_no_version", version=version_id
                    )
                sha = found.sha256
            at = now_utc()
            rows = self._run(
                """INSERT INTO publications (version_id, published_utc, published_by, action)
                   VALUES (?, ?, ?, ?) RETURNING seq""",
                (version_id, at, by, action),
            )
            self.audit(by, action, version=version_id, sha256=sha, detail=detail)
        return Publication(int(rows[0][0]), version_id, at, by, action)

    _PUB_COLS = "seq, version_id, published_utc, published_by, action"

    def published(self) -> Publication | None:
        """The latest publication (what viewers see); None: nothing published yet."""
        rows = self._run(f"SELECT {self._PUB_COLS} FROM publications ORDER BY seq DESC LIMIT 1")
        return Publication(*rows[0]) if rows else None

    def publications(self) -> list[Publication]:
        """Every publication, oldest first."""
        return [Publication(*r) for r in self._run(f"SELECT {self._PUB_COLS} FROM publications ORDER BY seq")]

    # -- scenarios

    def save_scenario(
        self, owner: str, name: str, payload: dict, *, by: str | None = None, updated_utc: str | None = None
    ) -> ScenarioRow:
        """Save or replace `owner`'s scenario `name` (audited as scenario_save by `by`, default the
        owner). `payload` must be JSON (dict of plain values)."""
        if not isinstance(payload, dict):
            raise Invalid("A scenario's payload must be a dict.", "statedb.reason_other", detail="payload")
        text = json.dumps(payload, ensure_ascii=False, sort_keys=True, allow_nan=False)
        at = now_utc() if updated_utc is None else iso(updated_utc)
        with self.transaction():
            self._run(
                """INSERT INTO scenarios (owner, name, payload, updated_utc) VALUES (?, ?, ?, ?)
                   ON CONFLICT (owner, name) DO UPDATE
                   SET payload = excluded.payload, updated_utc = excluded.updated_utc""",
                (owner, name, text, at),
            )
            self.audit(
                owner if by is None else by, "scenario_save", detail=_scenario_detail(owner, name), at_utc=at
            )
        return ScenarioRow(owner, name, json.loads(text), at)

    def scenarios(self) -> list[ScenarioRow]:
        """Every saved scenario, by name (case-insensitive) then owner."""
        rows = self._run("SELECT owner, name, payload, updated_utc FROM scenarios")
        out = [ScenarioRow(o, n, json.loads(p), u) for o, n, p, u in rows]
        return sorted(out, key=lambda s: (s.name.casefold(), s.name, s.owner))

    def get_scenario(self, owner: str, name: str) -> ScenarioRow | None:
        rows = self._run(
            "SELECT owner, name, payload, updated_utc FROM scenarios WHERE owner = ? AND name = ?",
            (owner, name),
        )
        return ScenarioRow(rows[0][0], rows[0][1], json.loads(rows[0][2]), rows[0][3]) if rows else None

    def delete_scenario(self, owner: str, name: str, *, by: str | None = None) -> bool:
        """Delete `owner`'s scenario (audited as scenario_delete by `by`, default the owner);
        False (and no audit row) when there was none."""
        with self.transaction():
            if self.get_scenario(owner, name) is None:
                return False
            self._run("DELETE FROM scenarios WHERE owner = ? AND name = ?", (owner, name))
            self.audit(owner if by is None else by, "scenario_delete", detail=_scenario_detail(owner, name))
        return True

    # -- audit

    def audit(
        self,
        user: str,
        action: str,
        version: str | None = None,
        sha256: str | None = None,
        detail: str | None = None,
        *,
        at_utc: datetime | str | None = None,
    ) -> AuditRow:
        """Append one row to the audit log (never updated or deleted). `Invalid` for an action
        not in AUDIT_ACTIONS."""
        if action not in AUDIT_ACTIONS:
            raise Invalid(f"Unknown audit action {action}.", "statedb.reason_other", detail=action)
        at = now_utc() if at_utc is None else iso(at_utc)
        user = _cut(str(user), MAX_USER_NAME * 4) or ""
        rows = self._run(
            """INSERT INTO audit (at_utc, user_name, action, version, sha256, detail)
               VALUES (?, ?, ?, ?, ?, ?) RETURNING seq""",
            (at, user, action, _cut(version, 200), _cut(sha256, 200), _cut(detail)),
        )
        return AuditRow(
            int(rows[0][0]), at, user, action, _cut(version, 200), _cut(sha256, 200), _cut(detail)
        )

    def audit_log(self, since_utc: datetime | str | None = None, limit: int | None = None) -> list[AuditRow]:
        """The audit log in the order it was written (oldest first), from `since_utc` on;
        with `limit`, only the newest `limit` rows (still oldest first)."""
        where, params = ("WHERE at_utc >= ?", (iso(since_utc),)) if since_utc is not None else ("", ())
        cols = "seq, at_utc, user_name, action, version, sha256, detail"
        if limit is None:
            rows = self._run(f"SELECT {cols} FROM audit {where} ORDER BY seq", params)
        else:
            rows = self._run(
                f"SELECT {cols} FROM audit {where} ORDER BY seq DESC LIMIT ?", (*params, int(limit))
            )
            rows.reverse()
        return [AuditRow(int(r[0]), *r[1:]) for r in rows]


def _password(url: str) -> str:
    from urllib.parse import parse_qs, urlsplit

    try:
        parts = urlsplit(url)
        return parts.password or parse_qs(parts.query).get("password", [""])[0]
    except ValueError:
        return ""


def _hide_password(url: str) -> str:
    """A database URL fit to show: its password (in the user part or the query) as ***."""
    secret = _password(url)
    return url.replace(secret, "***") if secret else url


def _scenario_detail(owner: str, name: str) -> str:
    return f"{owner}/{name}" if owner else name


def _check_role(role: str) -> None:
    if role not in access.ROLES:
        raise Invalid(
            f"Unknown role {role}; choose one of {', '.join(access.ROLES)}.",
            "statedb.reason_bad_role",
            role=role,
            roles=", ".join(access.ROLES),
        )


def clean_user_name(name: str) -> str:
    """A user name as stored: NFC, surrounding spaces removed; `Invalid` unless it has the shape
    of `USER_NAME` (lowercase letters, digits, . _ - @; 1 to MAX_USER_NAME characters)."""
    import unicodedata

    text = unicodedata.normalize("NFC", str(name)).strip()
    if not USER_NAME.fullmatch(text):
        raise Invalid(
            f"A user name is 1 to {MAX_USER_NAME} characters: lowercase letters a-z, digits and . _ - @,"
            " starting with a letter or a digit.",
            "statedb.reason_bad_name",
            limit=MAX_USER_NAME,
        )
    return text


# ---------------------------------------------------------------- the old layout


def import_legacy(db: StateDB, state_dir: Path) -> list[LegacyProblem]:
    """Copy a state folder of the old layout into `db`, nothing lost: every version folder's
    meta.json (`datasets/vNNNN/meta.json`) becomes a registered version (created_by "", audited
    as upload at its own time), active.json's version a publication by "legacy import", and each
    `scenarios/*.json` a scenario with owner "" (audited as scenario_save at its saved time).
    Files that cannot be read are skipped and returned with the reason; nothing is deleted.
    Runs in one transaction (joined when called inside one). Called again, it adds only what is
    not there yet (no publication when one exists)."""
    from lib.state import datasets

    problems: list[LegacyProblem] = []
    root = Path(state_dir)
    repo = datasets.DiskRepo(root / "datasets")
    with db.transaction():
        for entry in repo.entries():
            where = str(root / "datasets" / entry.id / "meta.json")
            if entry.version is None:
                why = entry.problem.message("en") if entry.problem else "unreadable"
                problems.append(LegacyProblem(where, why))
                continue
            v = entry.version
            if db.get_version(v.id) is not None:
                continue
            try:
                created = iso(v.created_utc)
            except ValueError:
                problems.append(LegacyProblem(where, f"created_utc is not a time: {v.created_utc!r}"))
                continue
            row = VersionRow(
                v.id, created, v.file_name, v.sha256, v.snapshot_sha256, v.rows, v.total_rows, ""
            )
            row = VersionRow(**{**row.__dict__, "original": v.original})
            db._insert_version(row)
            db.audit(
                "",
                "upload",
                version=v.id,
                sha256=v.sha256,
                detail=f"{v.file_name} (legacy import)",
                at_utc=created,
            )
            if entry.problem is not None:
                problems.append(LegacyProblem(where, f"imported, but {entry.problem.message('en')}"))
        active, damaged = repo.active_state()
        if damaged is not None:
            problems.append(LegacyProblem(str(root / "datasets" / "active.json"), damaged.message("en")))
        elif active is not None:
            if db.get_version(active) is None:
                problems.append(
                    LegacyProblem(
                        str(root / "datasets" / "active.json"), f"names {active}, which was not imported"
                    )
                )
            elif db.published() is None:
                db.publish(active, LEGACY_BY)
        problems += _import_scenarios(db, root / "scenarios")
    return problems


def _import_scenarios(db: StateDB, folder: Path) -> list[LegacyProblem]:
    problems: list[LegacyProblem] = []
    if not folder.is_dir():
        return problems
    try:
        paths = sorted(folder.glob("*.json"))
    except OSError as exc:
        return [LegacyProblem(str(folder), f"cannot be listed ({type(exc).__name__})")]
    for path in paths:
        if path.name.startswith("."):
            continue  # a temporary file of an interrupted save
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            problems.append(LegacyProblem(str(path), f"not readable as JSON ({type(exc).__name__})"))
            continue
        if not (
            isinstance(record, dict)
            and isinstance(record.get("name"), str)
            and record["name"].strip()
            and isinstance(record.get("assumptions", {}), dict)
        ):
            problems.append(
                LegacyProblem(str(path), "not a scenario (no name, or assumptions not an object)")
            )
            continue
        try:
            saved = iso(record.get("saved_at") or now_utc())
        except (TypeError, ValueError):
            saved = now_utc()
        if db.get_scenario("", record["name"]) is not None:
            continue  # imported before (import_legacy called again)
        try:
            db.save_scenario("", record["name"], record.get("assumptions", {}), updated_utc=saved)
        except (ValueError, TypeError) as exc:  # NaN or odd values json.dumps refuses
            problems.append(LegacyProblem(str(path), f"assumptions not storable ({exc})"))
    return problems
