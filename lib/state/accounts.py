"""Local accounts: password hashes, sign-in with rate limiting, and sessions that expire.

The embedded sign-in option (the others, OIDC and a proxy's headers, are Streamlit's). Pure:
takes a `statedb.StateDB`, returns values; never imports Streamlit and never shows anything.

- Passwords are hashed with **argon2id** (argon2-cffi's `PasswordHasher`, RFC 9106 parameters):
  the winner of the Password Hashing Competition, memory-hard (a GPU or ASIC guesses slowly),
  a maintained library with a stable, self-describing hash string (parameters and salt inside),
  so parameters can be raised later (`needs_rehash`) without breaking stored hashes.
- `authenticate` gives the same refusal for an unknown name and a wrong password (and spends
  the same work on both: an unknown name is checked against a dummy hash). After
  `LOCK_AFTER_FAILURES` failures for one name within `LOCK_WINDOW`, every attempt for that name
  is refused as `locked`, even with the right password, until fewer than that many failures lie
  in the last `LOCK_WINDOW` (a success resets the count). Attempts while locked count as
  failures, so a script hammering a name keeps it locked. Unknown names lock the same way, so
  the lock says nothing about whether a name exists. Every attempt is audited (sign_in /
  sign_in_failed with the name as typed). The way back is a person's: an approver (Account page,
  `signin.unlock`) or the server's administrator (`python -m lib users unlock NAME`) forgets the
  name's failures (audited as user_unlock); nothing else shortens a lock.
- New passwords: MIN_PASSWORD to MAX_PASSWORD characters, nothing else (no composition rules,
  as NIST SP 800-63B advises); a refusal is a `PasswordRefused` in the user's language.
- Sessions: `new_session` returns a random token (32 bytes, URL-safe) for the browser to keep;
  the database stores only its SHA-256 (a fast hash is enough for 256 random bits), so a copy of
  the database signs nobody in. `resume` honours the expiry and the user's current role (a role
  change or removal applies at the next rerun).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from lib.i18n import t
from lib.state import access, statedb

LOCK_AFTER_FAILURES = 5  # failed sign-ins for one name within LOCK_WINDOW that lock it
LOCK_WINDOW = timedelta(minutes=15)  # how far back failures count, and so how long a lock lasts
ATTEMPTS_KEPT = timedelta(days=1)  # sign-in attempts older than this are dropped (the audit log keeps them)
SESSION_TTL = timedelta(hours=12)  # a session's life from sign-in (a working day), then sign in again
MAX_PASSWORD = 1024  # characters; longer is refused before hashing (hashing cost is per byte)
# The shortest new password (NIST SP 800-63B asks at least 8; no composition rules, so a long
# phrase of plain words is fine). The same rule for the Account page and `python -m lib users`.
MIN_PASSWORD = 10

# argon2-cffi's default, RFC 9106's low-memory profile (argon2id, 64 MiB, 3 passes, 4 lanes):
# about 0.1 s per sign-in on an idle core. Tests swap in a cheap one (profiles.CHEAPEST).
HASHER = PasswordHasher()
_dummy_hashes: dict[int, str] = {}


def _dummy_hash() -> str:
    """A hash of no one's password with the current parameters, so an unknown name costs the
    same work as a wrong password."""
    key = id(HASHER)
    if key not in _dummy_hashes:
        _dummy_hashes[key] = HASHER.hash("chitieu: no such user")
    return _dummy_hashes[key]


@dataclass(frozen=True)
class Refused:
    """Why a sign-in was refused: `reason` "bad_credentials" (unknown name or wrong password:
    one message for both), "locked" (too many failures) or "unavailable" (the database failed;
    `error` says why). `key` names the catalogue message."""

    reason: str
    error: statedb.StateError | None = None

    @property
    def key(self) -> str:
        return f"accounts.refused_{self.reason}"

    def message(self, lang: str) -> str:
        """The refusal in the UI's language (the same words for an unknown name and a wrong password)."""
        if self.reason == "locked":
            return t(self.key, lang, minutes=int(LOCK_WINDOW.total_seconds() // 60))
        if self.reason == "unavailable":
            return t(self.key, lang, reason=self.error.reason(lang) if self.error else "")
        return t(self.key, lang)

    def __bool__(self) -> bool:  # `if result:` reads as "signed in"
        return False


class PasswordRefused(ValueError):
    """A new password that is not acceptable: `key` names the catalogue sentence, `params` its
    values; `message(lang)` says it in the UI's language (str() is the English one, for the CLI)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(t(key, "en", **params))
        self.key = key
        self.params = params

    def message(self, lang: str) -> str:
        return t(self.key, lang, **self.params)


def hash_password(password: str) -> str:
    """An argon2id hash string of `password` (`PasswordRefused` when `check_password` refuses it)."""
    check_password(password)
    return HASHER.hash(password)


def check_password(password: str) -> None:
    """`PasswordRefused` (a ValueError) when a new password is empty, shorter than MIN_PASSWORD
    or longer than MAX_PASSWORD characters. Old passwords keep working at sign-in."""
    if not isinstance(password, str) or not password:
        raise PasswordRefused("accounts.password_empty")
    if len(password) < MIN_PASSWORD:
        raise PasswordRefused("accounts.password_short", min=MIN_PASSWORD)
    if len(password) > MAX_PASSWORD:
        raise PasswordRefused("accounts.password_long", max=MAX_PASSWORD)


def verify_password(password_hash: str, password: str) -> bool:
    """True when `password` matches `password_hash`; False for a mismatch or a damaged hash."""
    if not isinstance(password, str) or len(password) > MAX_PASSWORD:
        return False
    try:
        return HASHER.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def _now(now: datetime | None) -> datetime:
    return datetime.now(UTC) if now is None else (now if now.tzinfo else now.replace(tzinfo=UTC))


def locked(db: statedb.StateDB, name: str, now: datetime | None = None) -> bool:
    """True while `name` is locked by failed sign-ins (see the module docstring)."""
    return db.failed_attempts(name, _now(now) - LOCK_WINDOW) >= LOCK_AFTER_FAILURES


def authenticate(
    db: statedb.StateDB, name: str, password: str, now: datetime | None = None
) -> access.User | Refused:
    """The signed-in user (source "local") or why not. Records the attempt and audits it."""
    when = _now(now)
    typed = str(name).strip()
    try:
        if locked(db, typed, when):
            db.record_attempt(typed, False, when)
            db.audit(typed, "sign_in_failed", detail="locked", at_utc=when)
            return Refused("locked")
        user = db.get_user(typed)
        ok = verify_password(user.password_hash if user else _dummy_hash(), password) and user is not None
        db.record_attempt(typed, ok, when)
        if not ok:
            db.audit(typed, "sign_in_failed", at_utc=when)
            return Refused("bad_credentials")
        db.audit(user.name, "sign_in", detail="local", at_utc=when)
        db.forget_attempts(when - ATTEMPTS_KEPT)
        if HASHER.check_needs_rehash(user.password_hash):
            db.set_password(user.name, HASHER.hash(password))
        return access.User(user.name, user.role, "local")
    except statedb.StateError as exc:
        return Refused("unavailable", exc)


def locked_names(db: statedb.StateDB, now: datetime | None = None) -> list[str]:
    """The names (as typed at sign-in) locked right now, by name."""
    return db.locked_names(_now(now) - LOCK_WINDOW, LOCK_AFTER_FAILURES)


def unlock(db: statedb.StateDB, name: str, *, by: str) -> bool:
    """Let `name` sign in again at once (audited as user_unlock by `by`); False when it was not
    locked or failing. Who may do it is checked by the caller (`signin.unlock`, the CLI)."""
    return db.unlock(name, by=by)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_session(
    db: statedb.StateDB, name: str, ttl: timedelta = SESSION_TTL, now: datetime | None = None
) -> str:
    """A new session for `name` that expires after `ttl`: the token to give the browser (only its
    hash is stored). Raises `statedb.NotFound` for an unknown user, `statedb.StateError`."""
    token = secrets.token_urlsafe(32)
    db.create_session(name, _token_hash(token), _now(now) + ttl)
    return token


def resume(db: statedb.StateDB, token: str | None, now: datetime | None = None) -> access.User | None:
    """The user of a session token that has not expired, with their current role; None for an
    unknown, expired or ended token or a removed user. Raises `statedb.StateError`."""
    if not token or not isinstance(token, str) or len(token) > 200:
        return None
    name = db.session_user(_token_hash(token), _now(now))
    user = db.get_user(name) if name is not None else None
    return access.User(user.name, user.role, "local") if user else None


def end(db: statedb.StateDB, token: str | None, now: datetime | None = None) -> bool:
    """Sign out: forget the session (audited as sign_out). False when the token was not known."""
    if not token or not isinstance(token, str) or len(token) > 200:
        return False
    digest = _token_hash(token)
    with db.transaction():
        name = db.session_user(digest, _now(now))
        known = db.end_session(digest)
        if known:
            db.audit(name or "", "sign_out", at_utc=_now(now))
    return known
