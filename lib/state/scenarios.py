"""Saved simulator scenarios: a name, its owner, every assumption and the seed.

Owns where scenarios live and who may change them. `DbScenarios` keeps them in the state
database (`lib.state.statedb`, one row per owner and name, every save and delete audited there) for
one user: planners and approvers save and delete **their own**, everyone reads and compares
everyone's (the owner is shown). Approvers do not delete other people's scenarios: a scenario is
its author's argument (what they showed in a meeting), and the issue's complaint was exactly
that anyone could delete anyone's; the owner's name and the audit log say whose it is, and
removing an account is how a departed planner's work is retired. The checks are here
(`access.require` and the owner), not only on the page. `MemoryScenarios` keeps them in a dict
(the demo mode's browser session; `lib.ui` hands it the session's dict; nothing written).
`DirScenarios` is the old layout (one JSON file per scenario, written atomically), kept for
reading a state folder of that layout; `statedb.import_legacy` brings those in with owner "".
A scenario is referred to by its `key`, relative to the book's user: its name for the user's own,
else owner and name joined by `SEP` (a character neither a cleaned name nor a user name holds;
owner "" for imported ones), so one person's flow reads as before owners existed.
All have the same methods. A scenario stores every assumption
explicitly, so it reproduces the same numbers even after the page's defaults change.
A damaged file (not JSON, not an object, a name or assumptions of the wrong type) is skipped,
never fatal and never deleted. A write that fails raises the `OSError` (the page says why with
`faults.reason`); nothing half-written is left behind. Never imports Streamlit.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from lib.models.sim_setup import Assumptions
from lib.state import access

MAX_NAME = 80
SEP = "\x1f"  # between owner and name in a key: whitespace to str.split, unprintable for user names


@dataclass(frozen=True)
class Saved:
    """One saved scenario as listed: its key, owner ("" when unknown) and name; `mine` when the
    user of the book saved it (and so may delete it)."""

    key: str
    owner: str
    name: str
    mine: bool


def name_of(key: str) -> str:
    """The scenario's name in a book's key (see the module docstring)."""
    return str(key).partition(SEP)[2] or str(key)


class ScenarioError(ValueError):
    """A name that cannot be saved (empty or too long); the message is a catalogue key."""


def clean_name(name: str) -> str:
    text = " ".join(str(name).split())
    if not text:
        raise ScenarioError("simulate.err_name_empty")
    if len(text) > MAX_NAME:
        raise ScenarioError("simulate.err_name_long")
    return text


def _record(name: str, assumptions: Assumptions) -> dict:
    return {
        "name": clean_name(name),
        "saved_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "assumptions": assumptions.to_dict(),
    }


class MemoryScenarios:
    """Scenarios in a dict {name: record} owned by the caller (a browser session in demo mode,
    whose visitor owns every scenario in it)."""

    def __init__(self, book: dict, user: access.User | None = access.DEMO_VISITOR):
        self._book = book
        self.user = user

    def save(self, name: str, assumptions: Assumptions) -> str:
        access.require(self.user, "save_scenario")
        record = _record(name, assumptions)
        self._book[record["name"]] = record
        return record["name"]

    def entries(self) -> list[Saved]:
        return [Saved(n, "", n, True) for n in self.names()]

    def names(self) -> list[str]:
        return sorted(self._book, key=str.casefold)

    def load(self, name: str) -> Assumptions | None:
        record = self._book.get(name)
        return None if record is None else Assumptions.from_dict(record["assumptions"])

    def delete(self, name: str) -> bool:
        access.require(self.user, "delete_scenario")
        return self._book.pop(name, None) is not None


class DirScenarios:
    """Scenarios as `<folder>/<hash of the name>.json` (the name itself is inside the file, so
    any Vietnamese name is safe and no name can reach outside the folder)."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)

    def _path(self, name: str) -> Path:
        digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:16]
        return self.folder / f"{digest}.json"

    def save(self, name: str, assumptions: Assumptions) -> str:
        record = _record(name, assumptions)
        self.folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(record, fh, ensure_ascii=False, indent=2)
            os.replace(tmp, self._path(record["name"]))
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return record["name"]

    def _records(self) -> dict[str, dict]:
        out = {}
        if not self.folder.is_dir():
            return out
        for path in self.folder.glob("*.json"):
            if path.name.startswith("."):
                continue
            try:
                record = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # an unreadable file is skipped, never fatal (and never deleted)
            if (
                isinstance(record, dict)
                and isinstance(record.get("name"), str)
                and isinstance(record.get("assumptions", {}), dict)
            ):
                out[record["name"]] = record
        return out

    def names(self) -> list[str]:
        return sorted(self._records(), key=str.casefold)

    def entries(self) -> list[Saved]:
        return [Saved(n, "", n, True) for n in self.names()]

    def load(self, name: str) -> Assumptions | None:
        record = self._records().get(name)
        return None if record is None else Assumptions.from_dict(record.get("assumptions", {}))

    def delete(self, name: str) -> bool:
        path = self._path(name)
        if not path.exists():
            return False
        path.unlink()
        return True


class NotYours(PermissionError):
    """Deleting a scenario someone else saved (`owner`); the page says whose it is."""

    def __init__(self, owner: str, name: str) -> None:
        super().__init__(f"{name} belongs to {owner or 'nobody'}")
        self.owner = owner
        self.name = name


class DbScenarios:
    """The state database's scenarios as `user` sees them (see the module docstring).

    `db` None with `error` (the `statedb.StateError` of opening it): every call raises that
    error, which the page states in words. Any other database failure raises `StateError` too.
    """

    def __init__(self, db, user: access.User | None, error: Exception | None = None):
        self.db = db
        self.user = user or access.ANONYMOUS
        self.error = error

    def _db(self):
        if self.db is None:
            raise self.error
        return self.db

    def key(self, owner: str, name: str) -> str:
        return name if owner == self.user.name else f"{owner}{SEP}{name}"

    def _split(self, key: str) -> tuple[str, str]:
        owner, sep, name = str(key).partition(SEP)
        return (owner, name) if sep else (self.user.name, owner)

    def entries(self) -> list[Saved]:
        return [
            Saved(self.key(r.owner, r.name), r.owner, r.name, r.owner == self.user.name)
            for r in self._db().scenarios()
        ]

    def names(self) -> list[str]:
        return [e.key for e in self.entries()]

    def save(self, name: str, assumptions: Assumptions) -> str:
        """Save (or replace) the user's own scenario `name`: access "save_scenario"."""
        access.require(self.user, "save_scenario")
        clean = clean_name(name)
        self._db().save_scenario(self.user.name, clean, assumptions.to_dict())
        return clean

    def load(self, key: str) -> Assumptions | None:
        row = self._db().get_scenario(*self._split(key))
        return None if row is None else Assumptions.from_dict(row.payload)

    def delete(self, key: str) -> bool:
        """Delete one of the user's own scenarios: access "delete_scenario", and `NotYours` for
        someone else's (approvers included). False when there was none."""
        access.require(self.user, "delete_scenario")
        owner, name = self._split(key)
        if owner != self.user.name:
            if self._db().get_scenario(owner, name) is None:
                return False
            raise NotYours(owner, name)
        return self._db().delete_scenario(owner, name)
