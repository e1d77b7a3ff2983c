"""Dataset versions: every accepted upload becomes a draft; publishing decides what viewers see.

A version holds the original file byte for byte, the upload normalised to the contract's CSV,
the whole dataset after applying it (the current figures with the upload's new and changed
figures put in) as `observations.csv`, and `meta.json`: time, file name as uploaded (shown,
never used as a path), who made it, row counts and SHA-256 checksums. `read_snapshot` is the one
check of a version's whole dataset: the contract every upload passes, without the per-upload
limits (two valid 30.000-row uploads make a 60.000-row dataset). It runs when a version is made,
before anything is written, and again when it is loaded (after the checksum), so a version that
was "loaded" always loads; a damaged one is refused with a `store.LoadError`, never half-used.

Drafts and publishing (issue 13). A saved version is a **draft**: nobody but the sessions that
choose to view it sees it. **Publishing** (access "publish") makes a version the one every
viewer sees; **rolling back** (access "rollback") publishes an earlier published version again
(or the data folder, `None`). The published pointer, the history of publications, the versions'
registry (who created each) and the audit log live in the state database (`lib.state.statedb`),
replacing `active.json` (an existing one is imported once by `statedb.import_legacy`). Every
function here that writes takes the user and calls `access.require` itself, so a page's hidden
button is never the only check. A state database that cannot be read is a `validate.Problem`
("state_db"), never an exception reaching a page: the app then shows the data folder.

A draft is built on what its session was viewing: meta.json's optional "base" names it (a version
id, or `BUNDLED` for the data folder; absent in versions saved before it existed). Before Publish,
`lost_figures` compares the draft's whole dataset with the published one: the published figures
it would remove or change although its own upload (normalised.csv) did not set them (review 3:
a draft made while another was still a draft dropped that one's figures once both were
published). `lib.state.publishing` names the loss and makes the draft again on the published data;
`loss_table` and `changes_table` write figures with their bound (`written`: "trên 3 điểm %").

Every state file can be damaged by hand or by a disk: `entries()` lists each version folder with
what is wrong with it (meta.json unreadable or with wrong fields, observations.csv missing), so
the Data page lists a broken version as broken. A write that fails raises `faults.SaveError`
saying whether the version was kept.

On disk (`DiskRepo`, under `settings.state_dir()/datasets`) every file is written to a
temporary name and renamed into place, and a version's folder appears in one rename, so an
interrupted write leaves the previous versions whole. In public demo mode (`MemoryRepo`) the
same versions live in the browser session, the session is the only audience (an upload is shown
at once, as before drafts existed) and nothing is written. The bundled `data/` folder is never
written. Never imports Streamlit.

Why one module over ~500 lines: a version's whole life (preview, checked snapshot, atomic
files, drafts, publishing, rollback, the tables the Data page shows) is one concept, and its
failure paths are easier to audit side by side than across files.
"""

from __future__ import annotations

import csv
import dataclasses
import hashlib
import io
import json
import os
import re
import shutil
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

import pandas as pd

from lib import faults, fmt, units
from lib.data import queries, store, validate
from lib.i18n import t
from lib.state import access

KEY = ["indicator_id", "area", "period", "measure"]
VERSION_RE = re.compile(r"^v\d{4,}$", re.ASCII)
ORIGINAL_SUFFIXES = {".csv", ".tsv", ".txt", ".xlsx"}
BUNDLED = "bundled"  # the id the UI uses for "no upload: the bundled data"


@dataclass(frozen=True)
class Version:
    """What is known about one saved version without reading its data."""

    id: str
    created_utc: str
    file_name: str  # as uploaded, for display only
    original: str  # stored name of the original bytes: original.csv / original.xlsx / ...
    rows: int  # figures in the upload
    total_rows: int  # figures in the whole dataset of this version
    sha256: str  # of the original bytes
    snapshot_sha256: str  # of observations.csv
    created_by: str = ""  # the user who uploaded it ("" before sign-in existed, or anonymous)
    # The version it was built on: a version id, `BUNDLED` (the data folder), or "" (unknown: a
    # version saved before drafts recorded it). Optional in meta.json.
    base: str = ""


# meta.json's fields and their types: anything else in the file is damage, never a crash.
META_FIELDS: dict[str, type] = {
    "created_utc": str,
    "file_name": str,
    "original": str,
    "rows": int,
    "total_rows": int,
    "sha256": str,
    "snapshot_sha256": str,
}


@dataclass(frozen=True)
class Entry:
    """One version folder as listed: its description when readable, and what is wrong with it."""

    id: str
    version: Version | None  # None when meta.json cannot be read
    problem: validate.Problem | None = None


def parse_meta(version_id: str, raw: bytes) -> Version | validate.Problem:
    """meta.json's bytes to a Version, or the Problem saying how it is damaged."""
    try:
        meta = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        return validate.Problem(version_id, "", "", "bad_meta")
    if not isinstance(meta, dict):
        return validate.Problem(version_id, "", "", "bad_meta")
    wrong = [
        name
        for name, kind in META_FIELDS.items()
        if not isinstance(meta.get(name), kind) or isinstance(meta.get(name), bool)
    ]
    original = meta.get("original")
    if "original" not in wrong and (
        not original.startswith("original") or Path(original).suffix not in ORIGINAL_SUFFIXES
    ):
        wrong.append("original")
    wrong += [n for n in ("rows", "total_rows") if n not in wrong and meta[n] < 0]
    if wrong:
        return validate.Problem(version_id, "", "", "bad_meta_fields", params=(("fields", ", ".join(wrong)),))
    by, base = meta.get("created_by", ""), meta.get("base", "")
    base = base if isinstance(base, str) and (base == BUNDLED or VERSION_RE.match(base)) else ""
    return Version(
        id=version_id,
        **{name: meta[name] for name in META_FIELDS},
        created_by=by if isinstance(by, str) else "",
        base=base,
    )


# ---------------------------------------------------------------- frames and bytes


def to_csv(frame: pd.DataFrame) -> bytes:
    """Observations as the contract's CSV (UTF-8, `,`, plain numbers with their written decimals)."""
    out = pd.DataFrame(
        {
            col: [
                f"{float(v):.{int(d)}f}" for v, d in zip(frame["value"], frame["value_decimals"], strict=True)
            ]
            if col == "value"
            else frame[col].astype("string").fillna("")
            for col in validate.OBSERVATION_COLUMNS
        }
    )
    return out.to_csv(index=False, lineterminator="\n").encode("utf-8")


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _keys(frame: pd.DataFrame) -> pd.Series:
    parts = [frame[k].astype(str) for k in KEY]
    joined = parts[0]
    for part in parts[1:]:
        joined = joined + "\x1f" + part
    return joined


def compare(current: pd.DataFrame, upload: pd.DataFrame) -> pd.DataFrame:
    """Each uploaded figure against the current data: status new, changed or unchanged.

    Changed means a different value or bound ("trên") for the same indicator, area, period
    and measure. An unchanged figure keeps its current row, so a reported figure typed in
    again stays "reported" with its source.
    """
    current, upload = _with_standard(current), _with_standard(upload)
    cur = current[[*KEY, "value", "bound", "standard"]].rename(
        columns={"value": "current_value", "bound": "current_bound", "standard": "current_standard"}
    )
    cur = cur.astype({k: str for k in KEY})
    up = upload[[*KEY, "value", "bound", "standard"]].astype({k: str for k in KEY})
    out = up.merge(cur, on=KEY, how="left", indicator=True)
    same = (out["value"] == out["current_value"]) & (out["bound"] == out["current_bound"])
    same &= out["standard"] == out["current_standard"]  # series breaks: a new standard is a change
    out["status"] = "changed"
    out.loc[same.fillna(False).astype(bool), "status"] = "unchanged"
    out.loc[out["_merge"] == "left_only", "status"] = "new"
    return out.drop(columns="_merge")


def compare_loaded(con, upload: pd.DataFrame) -> pd.DataFrame:
    """`compare` against the data `con` holds, joined in DuckDB: only the upload's rows come
    back, however big the loaded data is (same columns and statuses as `compare`)."""
    out = queries.compare_upload(con, upload)
    same = (out["value"] == out["current_value"]) & (out["bound"] == out["current_bound"])
    same &= out["standard"] == out["current_standard"]  # series breaks: a new standard is a change
    out["status"] = "changed"
    out.loc[same.fillna(False).astype(bool), "status"] = "unchanged"
    out.loc[~out["known"], "status"] = "new"
    return out.drop(columns="known")


def _with_standard(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame of observations with the optional `standard` column ('' where absent)."""
    return frame if "standard" in frame.columns else frame.assign(standard="")


def apply_upload(current: pd.DataFrame, upload: pd.DataFrame) -> pd.DataFrame:
    """The dataset after an upload: its new and changed figures put in, the rest as it was."""
    cols = [*validate.OBSERVATION_COLUMNS, "value_decimals"]
    current, upload = _with_standard(current), _with_standard(upload)
    status = compare(current, upload)["status"].to_numpy()
    incoming = upload[status != "unchanged"]
    kept = current[~_keys(current).isin(set(_keys(incoming)))] if len(current) else current
    merged = pd.concat([kept[cols], incoming[cols]], ignore_index=True)
    return merged.sort_values(KEY, kind="stable").reset_index(drop=True)


def lost_figures(published: pd.DataFrame, draft: pd.DataFrame, upload: pd.DataFrame) -> pd.DataFrame:
    """The figures of the `published` dataset that publishing `draft` would remove or change
    although the draft's own `upload` (its normalised.csv) did not set them: what a draft built
    on older data would quietly throw away (review 3, defect 1). One row per figure: the key,
    `value` and `bound` as published, `new_value` and `new_bound` in the draft (NaN and ""
    where the draft has no such figure), in key order. Empty when nothing is lost (a draft built
    on the published version never loses anything: its dataset is that one with its upload)."""

    def keyed(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame[[*KEY, "value", "bound"]].astype({k: str for k in KEY})
        return out.assign(bound=out["bound"].astype("string").fillna("exact").astype(str))

    pub = keyed(published)
    new = keyed(draft).rename(columns={"value": "new_value", "bound": "new_bound"})
    out = pub.merge(new, on=KEY, how="left", indicator=True)
    set_by_upload = _keys(out).isin(set(_keys(upload.astype({k: str for k in KEY}))))
    gone = out["_merge"] == "left_only"
    changed = (out["value"] != out["new_value"]) | (out["bound"] != out["new_bound"])
    lost = out[(gone | changed) & ~set_by_upload].drop(columns="_merge")
    lost = lost.assign(new_bound=lost["new_bound"].fillna(""))
    return lost.sort_values(KEY, kind="stable").reset_index(drop=True)


def lost_detail(count: int, published: str | None) -> str:
    """The audit detail of a publish that went ahead although `count` figures of `published`
    (None: the data folder) were lost; `audit_detail` says it in the reader's language."""
    return f"lost {count} of {published or BUNDLED}"


def rebase_detail(file_name: str, draft: str, published: str | None) -> str:
    """The audit detail of a draft made again on the published version (`publishing.rebase`)."""
    return f"{file_name} (rebase of {draft} on {published or BUNDLED})"


@dataclass
class Preview:
    """An upload read and compared, before anything is saved."""

    result: validate.FileResult
    changes: pd.DataFrame | None = None  # compare() output when the file is valid

    @property
    def ok(self) -> bool:
        return self.result.ok and self.result.kind == "observations" and self.result.frame is not None

    def counts(self) -> dict[str, int]:
        frame = self.result.frame
        if frame is None or self.changes is None:
            return {}
        status = self.changes["status"].value_counts()
        return {
            "rows": len(frame),
            "indicators": frame["indicator_id"].nunique(),
            "periods": frame["period"].nunique(),
            "areas": frame["area"].nunique(),
            **{s: int(status.get(s, 0)) for s in ("new", "changed", "unchanged")},
        }


def preview(data: bytes, file_name: str, con) -> Preview:
    """Read an upload with the shared reader and compare it with the data `con` holds.

    Only observation files are accepted here: the catalogue of indicators comes from the
    data folder, so an unknown indicator is an error that suggests the closest one.
    """
    shown = display_name(file_name)
    indicators = queries.indicators(con)
    result = validate.validate_bytes(
        data,
        shown,
        queries.units(con),
        validate.name_index(indicators),
        map_areas=True,
        series_standards=queries.series_standards(con, None),  # warn where a series would break
    )
    if result.ok and result.kind != "observations":
        result.problems.append(validate.Problem(shown, "", "", "not_observations"))
        result.frame = None
    if not result.ok:
        return Preview(result)
    return Preview(result, compare_loaded(con, result.frame))


def display_name(file_name: str) -> str:
    """A user's file name made safe to show: no folders, no control characters, not too long."""
    name = re.split(r"[\\/]", str(file_name))[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[:120] or "upload"


def original_suffix(data: bytes, file_name: str) -> str:
    if data.startswith(b"PK\x03\x04"):
        return ".xlsx"
    suffix = Path(display_name(file_name)).suffix.lower()
    return suffix if suffix in ORIGINAL_SUFFIXES and suffix != ".xlsx" else ".csv"


# ---------------------------------------------------------------- the snapshot check


# What one person may type into one upload (`validate.LIMITS`: a text cell of 2.000 characters,
# years 2000..now+20) is the upload door's rule, not a property of a dataset: a version accepted
# before a limit existed, or the dataset that grows on it, holds what was accepted then, and its
# checksum says it is unchanged. So a version is checked with the contract's rules of the data
# (well-formed periods, numbers, units, bounds, no duplicates) and any year a period can write.
SNAPSHOT_LIMITS = dataclasses.replace(validate.LIMITS, min_year=0, years_ahead=10_000)


def read_snapshot(data: bytes, file: str, units: dict[str, str]) -> pd.DataFrame:
    """A version's whole dataset (`observations.csv`, as `to_csv` writes it) read and checked.

    The one check for both ends: `Repo.save` runs it on the bytes it is about to write and
    `load_version` on the bytes it read, so a version is refused when it is made, never after.
    The contract is the uploads' (`validate.validate_observations`, plain number style), without
    the limits of one upload (`SNAPSHOT_LIMITS`): a dataset grows with every upload it takes in,
    and a version saved before a limit existed still opens.
    Raises `store.LoadError` with the problems found. The last dataset that passed is kept (a
    pure function of the bytes and the catalogue): the load right after a save reuses it.
    """
    memo_key = (sha256(data), tuple(sorted(units.items())))
    memo = _SNAPSHOT_MEMO.get(memo_key)
    if memo is not None:
        return memo
    corrupt = store.LoadError([validate.Problem(file, "", "", "corrupt_version")])
    try:
        records = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
    except (UnicodeDecodeError, csv.Error):
        raise corrupt from None
    # Versions saved before the `standard` column (series breaks) have the columns without it.
    older = [c for c in validate.OBSERVATION_COLUMNS if c != "standard"]
    if not records or records[0] not in (validate.OBSERVATION_COLUMNS, older):
        raise corrupt
    header = records[0]
    width = len(header)
    rows, problems = [], []
    for number, cells in enumerate(records[1:], start=2):
        if len(cells) != width:
            problems.append(
                validate.Problem(
                    file, str(number), "", "wrong_cells", params=(("seen", len(cells)), ("expected", width))
                )
            )
        else:
            rows.append((str(number), cells))
    if problems:
        raise store.LoadError(problems[:20])
    table = validate.Table(file, list(header), rows)  # not `read_table`: no text-cell limit either
    result = validate.validate_observations(table, units, None, "plain", limits=SNAPSHOT_LIMITS)
    if result.problems or result.frame is None:
        raise store.LoadError(result.problems[:20] or corrupt.problems)
    _SNAPSHOT_MEMO.clear()
    _SNAPSHOT_MEMO[memo_key] = result.frame
    return result.frame


_SNAPSHOT_MEMO: dict[tuple, pd.DataFrame] = {}  # one entry: the dataset last saved or loaded


# ---------------------------------------------------------------- repositories


@dataclass(frozen=True)
class Publication:
    """One entry of the publication history: `version` published (None: the data folder again)
    by `by` at `at_utc`, as "publish", "rollback" or "legacy" (imported from active.json)."""

    version: str | None
    by: str
    at_utc: str
    action: str = "publish"


class StateUnavailable(Exception):
    """The state database cannot be read or written; `problem` says so in the user's words and
    `error` is what the database said (for the server's log, never for a visitor)."""

    def __init__(self, problem: validate.Problem, error: BaseException | None = None) -> None:
        super().__init__(problem.code)
        self.problem = problem
        self.error = error

    def reason(self, lang: str) -> str:
        """Why, in words that fit "… was not saved: {reason}" (the database's own reason)."""
        if self.error is not None and hasattr(self.error, "reason"):
            return self.error.reason(lang)
        return t("drafts.db_not_open", lang)


def _publication(row) -> Publication:
    """A `statedb.Publication` in this module's terms ("bundled" is the data folder: None)."""
    from lib.state import statedb

    version = None if row.version_id == statedb.BUNDLED else row.version_id
    return Publication(version, row.published_by, row.published_utc, row.action)


def state_problem(exc: BaseException | None) -> validate.Problem:
    """The state database's failure as the problem every page states (its reason in words)."""
    if exc is not None and hasattr(exc, "reason"):
        reason = validate.InLanguages(exc.reason("vi"), exc.reason("en"))
    else:
        reason = validate.InLanguages(t("drafts.db_not_open", "vi"), t("drafts.db_not_open", "en"))
    return validate.Problem("state_db", "", "", "state_db", params=(("reason", reason),))


class Repo:
    """Versions (files), and which one is published; subclasses keep them on disk or in the session."""

    def entries(self) -> list[Entry]:
        """Every version, oldest first, each with what is wrong with it (None: looks whole)."""
        raise NotImplementedError

    def published_state(self) -> tuple[Publication | None, validate.Problem | None]:
        """The publication viewers see (None: nothing published, the data folder) and, when the
        state database cannot be read, the problem (the publication is then None). Never raises."""
        raise NotImplementedError

    def publications(self) -> list[Publication]:
        """Every publication, newest first (`StateUnavailable` when the database cannot be read)."""
        raise NotImplementedError

    def creators(self) -> dict[str, str]:
        """Who created each version (by id), as registered; empty when unknown."""
        return {}

    def _publish(self, version_id: str | None, by: str, action: str, detail: str | None = None) -> None:
        raise NotImplementedError

    def _register(self, version: Version, detail: str | None = None) -> None:
        """Record a new version's metadata (and who made it) beside its files; `detail` is the
        audit row's (default: the file name)."""

    def read(self, version_id: str, name: str) -> bytes:
        raise NotImplementedError

    def _store_files(self, files: dict[str, bytes], meta: dict) -> str:
        raise NotImplementedError

    def versions(self) -> list[Version]:
        """The versions whose description is readable, oldest first."""
        return [e.version for e in self.entries() if e.version is not None]

    def active(self) -> str | None:
        """The published version (None: the data folder, or the state database unreadable)."""
        published = self.published_state()[0]
        return published.version if published else None

    def entry(self, version_id: str) -> Entry | None:
        return next((e for e in self.entries() if e.id == version_id), None)

    def get(self, version_id: str) -> Version | None:
        found = self.entry(version_id)
        return found.version if found else None

    def ever_published(self) -> set[str | None]:
        """The versions published at some time (None: the data folder, always reachable again)."""
        try:
            return {None} | {p.version for p in self.publications()}
        except StateUnavailable:
            return {None}

    def status(self, version_id: str) -> str:
        """ "published" (what viewers see now), "earlier" (published before) or "draft"."""
        if version_id == self.active():
            return "published"
        return "earlier" if version_id in self.ever_published() else "draft"

    def publish(
        self,
        user: access.User | None,
        version_id: str | None,
        action: str = "publish",
        detail: str | None = None,
    ) -> None:
        """Make `version_id` (None: the data folder) what every viewer sees.

        `action` "publish" (access "publish": any whole version) or "rollback" (access
        "rollback": a version published before, or the data folder). Checked here, on the server,
        whatever the page showed: `access.Forbidden`. `KeyError` for a version that is not there
        (or, for a rollback, was never published); `StateUnavailable` when the database fails.
        `detail` goes into the audit row (`lost_detail`: published although figures are lost).
        """
        if action not in ("publish", "rollback"):
            raise ValueError(action)
        access.require(user, action)
        if version_id is not None:
            found = self.entry(version_id)
            if found is None or found.version is None:
                raise KeyError(version_id)
        if action == "rollback" and version_id not in self.ever_published():
            raise KeyError(version_id)
        self._publish(version_id, (user or access.ANONYMOUS).name, action, detail)

    def save(
        self,
        user: access.User | None,
        original: bytes,
        file_name: str,
        upload: pd.DataFrame,
        dataset: pd.DataFrame,
        units: dict[str, str] | None = None,
        base: str = "",
        detail: str | None = None,
    ) -> Version:
        """Keep an accepted upload as a new draft version (access "upload", checked here).

        `base` is the version the dataset was built on (a version id, `BUNDLED` for the data
        folder), kept in meta.json; `detail` the audit row's (default: the file name).

        With `units` (the catalogue it will load against) the dataset is first checked exactly
        as `load_version` will check it: `store.LoadError` then, and nothing is written.
        A write that fails raises `faults.SaveError`: `saved` None when nothing was kept, or the
        version id when its files were kept but its record could not be written.
        """
        access.require(user, "upload")
        snapshot = to_csv(dataset)
        if units is not None:
            read_snapshot(snapshot, "observations.csv", units)
        suffix = original_suffix(original, file_name)
        meta = {
            "created_utc": datetime.now(UTC).isoformat(timespec="seconds"),
            "file_name": display_name(file_name),
            "original": "original" + suffix,
            "rows": len(upload),
            "total_rows": len(dataset),
            "sha256": sha256(original),
            "snapshot_sha256": sha256(snapshot),
            "created_by": (user or access.ANONYMOUS).name,
        }
        if base:
            meta["base"] = base
        files = {
            meta["original"]: original,
            "normalised.csv": to_csv(upload),
            "observations.csv": snapshot,
        }
        try:
            version_id = self._store_files(files, meta)
        except OSError as exc:
            raise faults.SaveError(None, exc) from exc
        version = Version(
            id=version_id, **{k: meta[k] for k in META_FIELDS}, created_by=meta["created_by"], base=base
        )
        try:
            self._register(version, detail)
        except (OSError, StateUnavailable) as exc:
            raise faults.SaveError(version_id, exc) from exc
        return version

    def snapshot(self, version_id: str) -> bytes:
        """The version's whole dataset; `store.LoadError` when it is missing or damaged."""
        found = self.entry(version_id)
        if found is None:
            raise store.LoadError([validate.Problem(version_id, "", "", "version_missing")])
        if found.problem is not None:
            raise store.LoadError([found.problem])
        try:
            data = self.read(version_id, "observations.csv")
        except (OSError, KeyError):
            problem = validate.Problem(
                version_id, "", "", "version_file_missing", params=(("name", "observations.csv"),)
            )
            raise store.LoadError([problem]) from None
        if sha256(data) != found.version.snapshot_sha256:
            raise store.LoadError([validate.Problem(version_id, "", "", "corrupt_version")])
        return data


def _write_file(path: Path, data: bytes) -> None:
    """Write to a temporary name beside `path`, flush to disk, then rename into place."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


class DiskRepo(Repo):
    """Versions as folders `v0001`, `v0002`, ... under one root folder; their records, the
    publications and the audit in the state database `db` (a `statedb.StateDB`).

    `db` None with `db_error` (the `statedb.StateError` of opening it): the files are still
    listed (so the Data page shows them) and nothing is published. `db` None without an error:
    the old layout read as it is, for `statedb.import_legacy` (which also reads `active_state`).
    """

    def __init__(self, root: Path, db=None, db_error: Exception | None = None):
        self.root = Path(root)
        self.db = db
        self.db_error = db_error

    def _entry(self, folder: Path) -> Entry:
        try:
            raw = (folder / "meta.json").read_bytes()
        except OSError:
            missing = (("name", "meta.json"),)
            return Entry(
                folder.name,
                None,
                validate.Problem(folder.name, "", "", "version_file_missing", params=missing),
            )
        parsed = parse_meta(folder.name, raw)
        if isinstance(parsed, validate.Problem):
            return Entry(folder.name, None, parsed)
        # The figures are in observations.csv; the original upload is kept for the record only.
        for name in ("observations.csv",):
            if not (folder / name).is_file():
                missing = (("name", name),)
                return Entry(
                    folder.name,
                    parsed,
                    validate.Problem(folder.name, "", "", "version_file_missing", params=missing),
                )
        return Entry(folder.name, parsed)

    def entries(self) -> list[Entry]:
        try:
            folders = sorted(p for p in self.root.iterdir() if VERSION_RE.match(p.name) and p.is_dir())
        except OSError:  # no folder yet (nothing uploaded), or unreadable: no versions to offer
            return []
        return [self._entry(f) for f in folders]

    def entry(self, version_id: str) -> Entry | None:
        folder = self.root / version_id
        return self._entry(folder) if VERSION_RE.match(version_id) and folder.is_dir() else None

    # -- the state database

    def _call(self, method: str, *args, **kwargs):
        """A call to the state database; its failure (or its absence) is a `StateUnavailable`."""
        from lib.state import statedb

        if self.db is None:
            raise StateUnavailable(state_problem(self.db_error), self.db_error)
        try:
            return getattr(self.db, method)(*args, **kwargs)
        except statedb.StateError as exc:
            raise StateUnavailable(state_problem(exc), exc) from exc

    def published_state(self) -> tuple[Publication | None, validate.Problem | None]:
        if self.db is None and self.db_error is None:
            return None, None  # the old layout, read for its import only
        try:
            row = self._call("published")
        except StateUnavailable as exc:
            return None, exc.problem
        return (_publication(row) if row is not None else None), None

    def publications(self) -> list[Publication]:
        return [_publication(r) for r in reversed(self._call("publications"))]

    def creators(self) -> dict[str, str]:
        try:
            return {r.id: r.created_by for r in self._call("versions")}
        except StateUnavailable:
            return {}

    def _publish(self, version_id: str | None, by: str, action: str, detail: str | None = None) -> None:
        from lib.state import statedb

        if version_id is not None and self._call("get_version", version_id) is None:
            # Files kept but never recorded (the record's write failed): recorded now, then published.
            self._register(self.get(version_id))
        self._call("publish", version_id or statedb.BUNDLED, by, action, detail=detail)

    def _register(self, version: Version, detail: str | None = None) -> None:
        from lib.state import statedb

        if self.db is None and self.db_error is None:
            return  # the old layout: its files are the whole record (imported later)
        row = statedb.VersionRow(
            version.id,
            version.created_utc,
            version.file_name,
            version.sha256,
            version.snapshot_sha256,
            version.rows,
            version.total_rows,
            version.created_by,
            version.original,
        )
        self._call("register_version", row, detail=detail)

    def audit_log(self, user: access.User | None, limit: int | None = None) -> list:
        """The audit log, newest first (access "read_audit", checked here)."""
        access.require(user, "read_audit")
        return list(reversed(self._call("audit_log", limit=limit)))

    def active_state(self) -> tuple[str | None, validate.Problem | None]:
        """The old layout's choice (`active.json`), read only by `statedb.import_legacy`: the
        version chosen (None: the data folder) and, when the file is damaged, the problem."""
        path = self.root / "active.json"
        try:
            raw = path.read_bytes()
        except (FileNotFoundError, NotADirectoryError):
            return None, None  # never chosen (or no state folder at all): the data folder
        except OSError:
            return None, validate.Problem("active.json", "", "", "bad_active")
        try:
            chosen = json.loads(raw.decode("utf-8"))["version"]
        except (UnicodeDecodeError, ValueError, KeyError, TypeError, IndexError):
            return None, validate.Problem("active.json", "", "", "bad_active")
        if chosen is None:
            return None, None
        if not isinstance(chosen, str) or not VERSION_RE.match(chosen):
            return None, validate.Problem("active.json", "", "", "bad_active")
        return chosen, None

    def read(self, version_id: str, name: str) -> bytes:
        if not VERSION_RE.match(version_id) or "/" in name or "\\" in name or name.startswith("."):
            raise KeyError(version_id)
        return (self.root / version_id / name).read_bytes()

    def _store_files(self, files: dict[str, bytes], meta: dict) -> str:
        self.root.mkdir(parents=True, exist_ok=True)
        staging = self.root / f".new-{uuid.uuid4().hex}"
        staging.mkdir()
        try:
            for name, data in files.items():
                _write_file(staging / name, data)
            _write_file(staging / "meta.json", json.dumps(meta, ensure_ascii=False, indent=1).encode("utf-8"))
            while True:
                numbers = [int(v.name[1:]) for v in self.root.iterdir() if VERSION_RE.match(v.name)]
                version_id = f"v{max(numbers, default=0) + 1:04d}"
                try:
                    staging.rename(self.root / version_id)  # the version appears whole, or not at all
                    return version_id
                except OSError:
                    if not (self.root / version_id).exists():
                        raise
        finally:
            if staging.exists():
                shutil.rmtree(staging, ignore_errors=True)


class MemoryRepo(Repo):
    """The same versions kept in memory (one per browser session in public demo mode).

    The session is the only audience, so an upload is published in it at once (as before drafts
    existed); nothing reaches another visitor or the disk. At most `keep` versions: saving one
    more forgets the oldest that is not shown, so a visitor cannot grow the server's memory
    without bound.
    """

    def __init__(self, keep: int = 5) -> None:
        self._versions: dict[str, tuple[Version, dict[str, bytes]]] = {}
        self._publications: list[Publication] = []  # newest last
        self._count = 0
        self.keep = keep

    def entries(self) -> list[Entry]:
        return [Entry(v.id, v) for v, _ in self._versions.values()]

    def published_state(self) -> tuple[Publication | None, validate.Problem | None]:
        return (self._publications[-1] if self._publications else None), None

    def publications(self) -> list[Publication]:
        return list(reversed(self._publications))

    def creators(self) -> dict[str, str]:
        return {v.id: v.created_by for v, _ in self._versions.values()}

    def _publish(self, version_id: str | None, by: str, action: str, detail: str | None = None) -> None:
        now = datetime.now(UTC).isoformat(timespec="seconds")
        self._publications.append(Publication(version_id, by, now, action))

    def _register(self, version: Version, detail: str | None = None) -> None:
        self._publish(version.id, version.created_by, "publish")  # the session sees its upload

    def read(self, version_id: str, name: str) -> bytes:
        return self._versions[version_id][1][name]

    def _store_files(self, files: dict[str, bytes], meta: dict) -> str:
        self._count += 1
        version_id = f"v{self._count:04d}"
        self._versions[version_id] = (Version(id=version_id, **meta), dict(files))
        while len(self._versions) > self.keep:
            oldest = next(v for v in self._versions if v not in (self.active(), version_id))
            del self._versions[oldest]
        return version_id


def fingerprint(paths: list[Path]) -> tuple:
    """Sizes and modification times of files (or why they cannot be read): a load that failed is
    tried again once this changes, so a repaired file is used without a restart."""
    out = []
    for path in paths:
        try:
            stat = path.stat()
            out.append((str(path), stat.st_mtime_ns, stat.st_size))
        except OSError as exc:
            out.append((str(path), type(exc).__name__))
    return tuple(out)


def version_files(root: Path, version_id: str, data_dir: Path) -> list[Path]:
    """The files a saved version's load reads: its folder's, and the data folder's catalogue."""
    folder = Path(root) / version_id
    try:
        names = sorted(p.name for p in folder.iterdir())
    except OSError:
        names = []
    return [folder, *(folder / n for n in names), Path(data_dir) / "indicators.csv"]


def version_signature(root: Path, version_id: str, data_dir: Path) -> tuple:
    """The sizes and modification times of the files a version's load reads (a few `stat`
    calls, never the data): equal signatures, files as they were when last checked."""
    return fingerprint(version_files(Path(root), version_id, Path(data_dir)))


# (root, version, data folder) -> the signature of the files when that version last loaded in
# this process: a loaded store is in memory, so its files changing later (damage, a hand edit)
# is noticed only by comparing this, cheaply, on every open (`changed_since_loaded`).
_LOADED: dict[tuple[str, str, str], tuple] = {}


def _loaded_key(root: Path, version_id: str, data_dir: Path) -> tuple[str, str, str]:
    return (str(Path(root)), version_id, str(Path(data_dir)))


def load_version(repo: Repo, version_id: str, data_dir: Path) -> store.Store:
    """A store on a saved version: the data folder's catalogue with the version's figures.

    Raises `store.LoadError` when the version is missing or damaged (its files, its checksum)
    or its dataset does not pass `read_snapshot`, the check it passed when it was made. A load
    from disk remembers the files' signature taken before reading (so a change during the load
    counts as a change), for `changed_since_loaded`.
    """
    root = getattr(repo, "root", None)
    before = version_signature(root, version_id, data_dir) if root is not None else None
    indicators = store.read_catalogue(Path(data_dir))
    units = dict(zip(indicators["indicator_id"], indicators["unit"], strict=True))
    frame = read_snapshot(repo.snapshot(version_id), f"{version_id}/observations.csv", units)
    db = store.Store(indicators, frame, label=version_id)
    if before is not None:
        _LOADED[_loaded_key(root, version_id, data_dir)] = before
    return db


def changed_since_loaded(root: Path, version_id: str, data_dir: Path) -> bool:
    """True when a version loaded in this process has files that are no longer as they were
    when it was checked (a size or a time differs, a file is gone or new): the caller loads it
    again, and that load checks the checksum and the rules. False for a version never loaded
    here. Costs a few `stat` calls, so it can run on every page load."""
    seen = _LOADED.get(_loaded_key(root, version_id, data_dir))
    return seen is not None and seen != version_signature(root, version_id, data_dir)


def unusable_key(version_id: str, published_id: str | None) -> str:
    """The catalogue sentence for a version that cannot be loaded: the approved one (everyone
    sees the fallback: said plainly, with the way back), or one this session or a link asked for."""
    return "state.published_unusable" if version_id == published_id else "state.version_unusable"


def accept(
    repo: Repo,
    user: access.User | None,
    pv: Preview,
    original: bytes,
    file_name: str,
    con,
    base: str = "",
    detail: str | None = None,
) -> Version:
    """Save a valid preview as a new draft: the data `con` holds with the upload applied.

    `base` names what `con` holds (a version id, `BUNDLED` for the data folder), recorded in the
    draft's meta.json so its publish step can say what it was built on. Access "upload" (checked
    in `Repo.save`). The new dataset is checked as its load will check it before anything is
    written (`store.LoadError`); a failed write raises `faults.SaveError`.
    """
    if not pv.ok:
        raise ValueError("only a valid preview can be saved")
    access.require(user, "upload")
    dataset = apply_upload(queries.loaded_observations(con), pv.result.frame)
    return repo.save(
        user, original, file_name, pv.result.frame, dataset, queries.units(con), base=base, detail=detail
    )


def neutralise(cell: str) -> str:
    """A text cell a spreadsheet would run as a formula (=, +, -, @) gets a leading apostrophe."""
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


# The most observations the Data page offers as one CSV download or takes an upload onto: the
# file is built in memory (pandas), and a version keeps the whole dataset as CSV. The bundled
# data and uploaded versions are far below; national data (millions of rows) is far above.
DOWNLOAD_MAX_ROWS = 200_000


def csv_download(db: store.Store, write: Callable[[pd.DataFrame], bytes]):
    """The download button's data: a function building the current data's CSV, called only
    when the user clicks (never on a rerun), on a cursor of its own (it runs in another thread).
    `write` is the app's one CSV writer for downloads (`lib.report.export.to_csv`: UTF-8 with a
    byte-order mark so Excel reads the Vietnamese, text a spreadsheet would run neutralised);
    passed in because lib/state never imports lib/report."""

    def build() -> bytes:
        return download_csv(queries.loaded_observations(db.cursor()), write)

    return build


def download_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """Observations for download: the contract's columns; each figure a number with the decimals
    it was written with (`Decimal("1.50")`, so a range derived from a rounded figure survives a
    round trip), never text a spreadsheet could take for something else."""
    out = pd.DataFrame({c: frame[c].astype("string").fillna("") for c in validate.OBSERVATION_COLUMNS})
    written = zip(frame["value"], frame["value_decimals"], strict=True)
    out["value"] = pd.Series(
        [Decimal(f"{float(v):.{int(d)}f}") for v, d in written],
        index=out.index,
        dtype="object",
    )
    return out


def download_csv(frame: pd.DataFrame, write: Callable[[pd.DataFrame], bytes]) -> bytes:
    return write(download_frame(frame))


# ---------------------------------------------------------------- display tables


def problems_table(
    problems: list[validate.Problem], lang: str, heading: str = "data.col_problem"
) -> pd.DataFrame:
    """Problems or notes as the page lists them: where (line or Sheet!row), column, message."""
    return pd.DataFrame(
        {
            # st.dataframe offers its table as CSV: text the user wrote is neutralised there too.
            t("data.col_line", lang): [neutralise(p.line) for p in problems],
            t("data.col_column", lang): [neutralise(p.column) for p in problems],
            t(heading, lang): [p.message(lang) for p in problems],
        }
    )


def problem_lines(problems: list[validate.Problem], lang: str) -> list[str]:
    """Each problem in full, as a sentence naming its file, line and column (plain text: the page
    shows it literally; a long reason is never cut off in a table cell)."""
    out = []
    for p in problems:
        key = "data.problem_where_" + (
            "cell" if p.line and p.column else "line" if p.line else "column" if p.column else "file"
        )
        where = t(key, lang, file=p.file, line=p.line, column=p.column)
        out.append(f"{where}: {p.message(lang)}")
    return out


def written(value: float | None, bound: str | None, unit: str, measure: str, lang: str) -> str:
    """A figure as a table comparing two of them writes it: with its bound and unit in the UI's
    number style (`fmt.figure`: "trên 3 điểm %" beside "3 điểm %"), so a lost "trên" shows; a
    percentage measure as a percent ("108,3%", a change "−13%"); money in whole đồng
    ("6.960.000.000 đồng"), never rounded to "6,96 tỷ", so no change hides in the rounding. "—"
    where there is no figure."""
    if units.is_missing(value):
        return fmt.MISSING
    bound = bound if bound in ("more_than", "less_than") else None
    if measure == "change_pct":  # a change, as the pages write one: "+4%", "−13%"
        return fmt.bound_prefix(bound, lang) + fmt.signed_percent(value, lang, 2)
    if measure == "pct_of_target":
        return fmt.bound_prefix(bound, lang) + fmt.percent(value, lang, 2)
    if units.money(unit):
        return f"{fmt.bound_prefix(bound, lang)}{fmt.number(value, lang, 0)} {fmt.unit_label(unit, lang)}"
    return fmt.figure(value, unit, lang, bound)


def _figure_cells(rows: pd.DataFrame, indicators: pd.DataFrame, lang: str) -> dict[str, list]:
    """The columns naming each figure of `rows` (indicator, area, period, measure), in words."""
    names = dict(
        zip(indicators["indicator_id"], indicators["name_vi" if lang == "vi" else "name_en"], strict=True)
    )
    return {
        t("data.col_indicator", lang): [names.get(i, i) for i in rows["indicator_id"]],
        t("data.col_area", lang): [
            t(f"area.{a}", lang) if a == "province" else neutralise(a) for a in rows["area"]
        ],
        t("data.col_period", lang): rows["period"].tolist(),
        t("data.col_measure", lang): [t(f"measure.{m}", lang) for m in rows["measure"]],
    }


def _units_of(rows: pd.DataFrame, indicators: pd.DataFrame) -> list[str]:
    unit_of = dict(zip(indicators["indicator_id"], indicators["unit"], strict=True))
    return [unit_of.get(i, "") for i in rows["indicator_id"]]


def changes_table(pv: Preview, indicators: pd.DataFrame, lang: str) -> pd.DataFrame:
    """The uploaded figures against the current ones, in the UI's language and number style,
    each with its bound (`written`: "trên 3 điểm %" beside "3 điểm %")."""
    order = {"changed": 0, "new": 1, "unchanged": 2}
    rows = pv.changes.assign(_o=pv.changes["status"].map(order)).sort_values(["_o", *KEY], kind="stable")
    unit_ids = _units_of(rows, indicators)
    current = zip(rows["current_value"], rows["current_bound"], unit_ids, rows["measure"], strict=True)
    new = zip(rows["value"], rows["bound"], unit_ids, rows["measure"], strict=True)
    return pd.DataFrame(
        {
            t("data.col_status", lang): [t(f"data.status_{s}", lang) for s in rows["status"]],
            **_figure_cells(rows, indicators, lang),
            t("data.col_current", lang): [written(*figure, lang) for figure in current],
            t("data.col_new", lang): [written(*figure, lang) for figure in new],
        }
    )


def loss_table(lost: pd.DataFrame, indicators: pd.DataFrame, lang: str) -> pd.DataFrame:
    """`lost_figures` as the publish step lists them: indicator, area, year, measure, the value
    published now and what the draft would leave ("không còn" where it has none)."""
    unit_ids = _units_of(lost, indicators)
    old = zip(lost["value"], lost["bound"], unit_ids, lost["measure"], strict=True)
    new = zip(lost["new_value"], lost["new_bound"], unit_ids, lost["measure"], strict=True)
    return pd.DataFrame(
        {
            **_figure_cells(lost, indicators, lang),
            t("data.col_lost_old", lang): [written(*figure, lang) for figure in old],
            t("data.col_lost_new", lang): [
                written(*figure, lang) if not units.is_missing(figure[0]) else t("data.lost_none", lang)
                for figure in new
            ],
        }
    )


def when(iso_utc: str, lang: str = "vi", zone: bool = True) -> str:
    """A stored UTC time as people read it, in Vietnam time (`fmt.clock`): `01/12/2026 20:05 (giờ
    Việt Nam)`; `zone=False` in a table whose header says the zone."""
    return fmt.clock(iso_utc, lang, zone)


def versions_table(
    repo: Repo,
    lang: str,
    broken: dict[str, validate.Problem] | None = None,
    shown: str | None = "",
    drafts: bool = True,
) -> pd.DataFrame:
    """Every version folder, newest first, as the page lists them: whether it is a draft, the
    published one or published before, who made and who published it and when; a damaged one
    is listed with what is wrong with it (`broken` adds what is known from loading, e.g. a
    checksum mismatch). `shown` is the version this session really shows (None: the data
    folder); by default the published one, unless it is damaged. Without `drafts` (a viewer),
    only versions published at some time are listed: a draft's name and author are not public."""
    entries = _listed_entries(repo, drafts)
    cells = _VersionCells(repo, lang, dict(broken or {}))
    active = cells.shown(shown, entries)
    return pd.DataFrame({header: [cell(e) for e in entries] for header, cell in cells.columns(active)})


def _listed_entries(repo: Repo, drafts: bool) -> list[Entry]:
    """The version folders the table lists, newest first (without `drafts`: published ones)."""
    entries = sorted(repo.entries(), key=lambda e: e.id, reverse=True)
    if drafts:
        return entries
    ever = repo.ever_published()
    return [e for e in entries if e.id in ever]


def _described(get):
    """A cell read from a version's description; empty where meta.json could not be read."""
    return lambda entry: get(entry.version) if entry.version is not None else ""


def _last_publications(repo: Repo) -> dict[str | None, Publication]:
    """Each version's latest publication (none when the state database cannot be read)."""
    try:
        history = repo.publications()  # newest first
    except StateUnavailable:
        history = []
    last: dict[str | None, Publication] = {}
    for pub in history:
        last.setdefault(pub.version, pub)
    return last


class _VersionCells:
    """The cells of `versions_table`, column by column, for one repo, language and damage list."""

    def __init__(self, repo: Repo, lang: str, broken: dict[str, validate.Problem]) -> None:
        self.lang, self.broken = lang, broken
        self.creators = repo.creators()
        self.published = repo.active()
        self.last = _last_publications(repo)

    def shown(self, shown: str | None, entries: list[Entry]) -> str | None:
        """The version this session shows: `shown`, or ("") the published one unless damaged."""
        if shown != "":
            return shown
        active = self.published
        if active in self.broken or any(e.id == active and e.problem for e in entries):
            return None  # published but not loadable: the app shows the data folder instead
        return active

    def state(self, entry: Entry) -> str:
        problem = entry.problem or self.broken.get(entry.id)
        if problem is None:
            return t("state.version_ok", self.lang)
        return t("state.version_broken", self.lang, problem=problem.message(self.lang))

    def status(self, entry: Entry) -> str:
        if entry.id == self.published:
            return t("drafts.status_published", self.lang)
        return t("drafts.status_earlier" if entry.id in self.last else "drafts.status_draft", self.lang)

    def by(self, entry: Entry) -> str:
        name = self.creators.get(entry.id) or (entry.version.created_by if entry.version else "")
        return neutralise(name) if name else t("drafts.nobody", self.lang)

    def publication(self, entry: Entry) -> str:
        pub = self.last.get(entry.id)
        if pub is None:
            return ""
        by = neutralise(pub.by) or t("drafts.nobody", self.lang)
        return t("drafts.published_by", self.lang, by=by, time=when(pub.at_utc, self.lang, zone=False))

    def columns(self, active: str | None) -> list[tuple[str, object]]:
        """(header, the cell of an entry), in the table's order; a header of times says the zone."""
        lang = self.lang

        def header(key: str, times: bool = False) -> str:
            return fmt.vietnam_time(t(key, lang), lang) if times else t(key, lang)

        return [
            (header("data.col_version"), lambda e: e.id),
            (header("data.col_active"), lambda e: "✓" if e.id == active else ""),
            (header("drafts.col_status"), self.status),
            (header("state.col_state"), self.state),
            (header("drafts.col_created_by"), self.by),
            (
                header("data.col_time", times=True),
                _described(lambda v: when(v.created_utc, lang, zone=False)),
            ),
            (header("drafts.col_published", times=True), self.publication),
            (header("data.col_file"), _described(lambda v: neutralise(v.file_name))),
            (header("data.col_rows"), _described(lambda v: fmt.number(v.rows, lang))),
            (header("data.col_total"), _described(lambda v: fmt.number(v.total_rows, lang))),
            (header("data.col_checksum"), _described(lambda v: v.sha256[:12])),
        ]


_ROLES = "|".join(access.ROLES)
_USER_ROLE = re.compile(rf"(?P<name>.*) \((?P<role>{_ROLES})\)")  # user_add: "lan (planner)"
_ROLE_CHANGE = re.compile(rf"(?P<name>.*): (?P<old>{_ROLES}) -> (?P<new>{_ROLES})")  # role_change
_LOST = re.compile(r"lost (?P<count>\d+) of (?P<published>\S+)")  # lost_detail
_REBASE = re.compile(r"(?P<file>.*) \(rebase of (?P<version>v\d+) on (?P<published>\S+)\)")  # rebase_detail
_SIGN_IN_WAYS = ("local", "oidc", "proxy")  # the detail of sign_in / sign_out: how


def audit_detail(action: str, detail: str | None, lang: str) -> str:
    """An audit row's detail in the UI's language: the way someone signed in or out, a role by
    its catalogue name (`account.role_*`), "locked"; any other detail (a name, a file, a
    scenario) as it was written. The stored text stays as written (the log is append-only)."""
    text = detail or ""

    def role(name: str) -> str:
        return t(f"account.role_{name}", lang)

    if action in ("sign_in", "sign_out") and text in _SIGN_IN_WAYS:
        return t(f"drafts.via_{text}", lang)
    if action == "sign_in_failed" and text == "locked":
        return t("drafts.detail_locked", lang)
    if action == "user_add" and (m := _USER_ROLE.fullmatch(text)):
        return t("drafts.detail_user_role", lang, name=m["name"], role=role(m["role"]))
    if action == "publish" and (m := _LOST.fullmatch(text)):
        return t("data.detail_lost", lang, count=fmt.number(int(m["count"]), lang), published=m["published"])
    if action == "upload" and (m := _REBASE.fullmatch(text)):
        return t("data.detail_rebase", lang, file=m["file"], version=m["version"], published=m["published"])
    if action == "role_change" and (m := _ROLE_CHANGE.fullmatch(text)):
        return t("drafts.detail_role_change", lang, name=m["name"], old=role(m["old"]), new=role(m["new"]))
    return text


def audit_table(rows: list, lang: str, screen: bool = True) -> pd.DataFrame:
    """The audit log as the Data page lists it (rows newest first, as `DiskRepo.audit_log` gives):
    time, user, action in words, version, checksum, detail. With `screen`, text from people (a
    user name, a file name) is neutralised for the table's own copy; without, the raw text for
    `lib.report.export`, which neutralises the CSV download."""
    clean = neutralise if screen else str
    return pd.DataFrame(
        {
            fmt.vietnam_time(t("drafts.col_at", lang), lang): [
                fmt.clock(r.at_utc, lang, False, True) for r in rows
            ],
            t("drafts.col_user", lang): [clean(r.user) if r.user else t("drafts.nobody", lang) for r in rows],
            t("drafts.col_action", lang): [t(f"drafts.action_{r.action}", lang) for r in rows],
            t("data.col_version", lang): [("" if r.version is None else clean(str(r.version))) for r in rows],
            t("data.col_checksum", lang): [(r.sha256 or "")[:12] for r in rows],
            t("drafts.col_detail", lang): [clean(audit_detail(r.action, r.detail, lang)) for r in rows],
        }
    )


# ---------------------------------------------------------------- which figures a page shows


def published_date(iso_utc: str, lang: str) -> str:
    """The day of a publication on the department's clock (`fmt.day`): `01/12/2026` (vi)."""
    return fmt.day(iso_utc, lang)


def version_line(
    version: str | None,
    draft: bool,
    publication: Publication | None,
    current: bool,
    base_label: str,
    lang: str,
) -> str:
    """The one line every page, report and workbook states about its figures: the approved version
    and its publication day, an earlier approved one, a draft, or the base data by its name.
    `publication` is the shown version's latest publication; `current` whether it is today's."""
    if version is None:
        return t("drafts.line_base", lang, label=base_label)
    if draft or publication is None:
        return t("drafts.line_draft", lang, version=version)
    key = "drafts.line_version" if current else "drafts.line_earlier"
    return t(key, lang, version=version, date=published_date(publication.at_utc, lang))
