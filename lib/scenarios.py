"""Saved simulator scenarios: a name plus every assumption and the seed, as JSON.

Owns where scenarios live and how they are written. `DirScenarios` keeps one JSON file per
scenario in a folder under the state directory (never in `data/`), written atomically (a
temporary file in the same folder, then `os.replace`), so a crash never leaves half a file.
`MemoryScenarios` keeps them in a dict (the demo mode's browser session; `lib.ui` hands it the
session's dict). Both have the same four methods. A scenario stores every assumption
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
from datetime import UTC, datetime
from pathlib import Path

from lib.sim_setup import Assumptions

MAX_NAME = 80


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
    """Scenarios in a dict {name: record} owned by the caller (a browser session in demo mode)."""

    def __init__(self, book: dict):
        self._book = book

    def save(self, name: str, assumptions: Assumptions) -> str:
        record = _record(name, assumptions)
        self._book[record["name"]] = record
        return record["name"]

    def names(self) -> list[str]:
        return sorted(self._book, key=str.casefold)

    def load(self, name: str) -> Assumptions | None:
        record = self._book.get(name)
        return None if record is None else Assumptions.from_dict(record["assumptions"])

    def delete(self, name: str) -> bool:
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

    def load(self, name: str) -> Assumptions | None:
        record = self._records().get(name)
        return None if record is None else Assumptions.from_dict(record.get("assumptions", {}))

    def delete(self, name: str) -> bool:
        path = self._path(name)
        if not path.exists():
            return False
        path.unlink()
        return True
