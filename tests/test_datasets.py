"""Dataset versions: originals kept byte for byte, atomic writes, drafts published and rolled back,
demo in memory. (Roles and concurrent publishing: tests/test_drafts.py.)"""

from __future__ import annotations

import hashlib
import json
import os

import pandas as pd
import pytest

from lib import faults, settings
from lib.data import queries, store, validate
from lib.i18n import t
from lib.report import export
from lib.state import access, datasets, statedb

PLAN = "Chỉ tiêu,Năm,Kế hoạch,Thực hiện,Tỷ lệ (%)\nLượt lao động được tạo việc làm mới,2023,22200,25953,117\n"
PLAN_2024 = (
    "Chỉ tiêu;Năm;Kế hoạch\nLượt lao động được tạo việc làm mới;2024;23.000\npoverty_rate_fall;2024;3,5\n"
)


PLANNER = access.User("lan", "planner", "local")
APPROVER = access.User("duyet", "approver", "local")


def data_hashes() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in settings.BUNDLED_DATA_DIR.iterdir()}


def upload(repo: datasets.Repo, con, text: str, name: str = "kh.csv") -> datasets.Version:
    data = text.encode("cp1258") if name.endswith(".txt") else text.encode("utf-8")
    pv = datasets.preview(data, name, con)
    assert pv.ok, [p.text() for p in pv.result.problems]
    return datasets.accept(repo, PLANNER, pv, data, name, con)


def jobs_plan(s: store.Store, year: int) -> tuple[float, str]:
    row = queries.year_summary(s.cursor(), year).set_index("indicator_id").loc["jobs_created"]
    return row["target"], row["target_provenance"]


@pytest.fixture
def repo(tmp_path) -> datasets.DiskRepo:
    db = statedb.connect("sqlite:///" + str(tmp_path / "state.sqlite3"), legacy_dir=tmp_path / "none")
    return datasets.DiskRepo(tmp_path / "datasets", db)


def test_a_version_keeps_the_original_bytes_the_normalised_csv_and_checksums(repo, con, tmp_path):
    before = data_hashes()
    data = PLAN.encode("utf-8")
    version = upload(repo, con, PLAN, name="C:\\Users\\kh\\..\\kế hoạch.csv")
    folder = tmp_path / "datasets" / "v0001"
    assert version.id == "v0001" and repo.active() is None  # a draft: nothing published yet
    assert repo.status("v0001") == "draft" and repo.creators() == {"v0001": "lan"}
    assert sorted(p.name for p in folder.iterdir()) == [
        "meta.json",
        "normalised.csv",
        "observations.csv",
        "original.csv",
    ]
    assert (folder / "original.csv").read_bytes() == data
    assert (folder / "normalised.csv").read_text(encoding="utf-8").splitlines() == [
        "indicator_id,area,period,measure,value,bound,provenance,source,note,standard",
        "jobs_created,province,2023,target,22200,exact,user,,,",
        "jobs_created,province,2023,actual,25953,exact,user,,,",
        "jobs_created,province,2023,pct_of_target,117,exact,user,,,",
    ]
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["file_name"] == "kế hoạch.csv"  # shown to people, never used as a path
    assert meta["created_by"] == "lan"
    assert meta["sha256"] == hashlib.sha256(data).hexdigest()
    assert (meta["rows"], meta["total_rows"]) == (3, 20)
    assert data_hashes() == before  # the bundled data folder is never written


def test_the_new_version_holds_the_current_data_with_the_upload_applied(repo, con):
    upload(repo, con, PLAN)
    loaded = datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR)
    assert jobs_plan(loaded, 2023) == (22200.0, "user")
    # Unchanged figures keep their current row: the reported actual stays "reported".
    row = queries.year_summary(loaded.cursor(), 2023).set_index("indicator_id").loc["jobs_created"]
    assert (row["actual"], row["actual_provenance"]) == (25953.0, "reported")


def test_publish_and_roll_back(repo, con):
    upload(repo, con, PLAN)
    v1 = datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR)
    upload(repo, v1.cursor(), PLAN_2024)
    assert [v.id for v in repo.versions()] == ["v0001", "v0002"] and repo.active() is None
    v2 = datasets.load_version(repo, "v0002", settings.BUNDLED_DATA_DIR)
    assert jobs_plan(v2, 2023) == (22200.0, "user")  # the earlier upload is still in
    repo.publish(APPROVER, "v0001")
    repo.publish(APPROVER, "v0002")
    assert repo.active() == "v0002" and repo.status("v0001") == "earlier"
    repo.publish(APPROVER, "v0001", "rollback")
    assert repo.active() == "v0001"
    repo.publish(APPROVER, None, "rollback")  # the data folder is always a way back
    assert repo.active() is None
    assert [(p.version, p.by, p.action) for p in repo.publications()] == [
        (None, "duyet", "rollback"),
        ("v0001", "duyet", "rollback"),
        ("v0002", "duyet", "publish"),
        ("v0001", "duyet", "publish"),
    ]
    with pytest.raises(KeyError):
        repo.publish(APPROVER, "v0009")


def test_preview_counts_new_changed_unchanged(con):
    pv = datasets.preview(PLAN_2024.encode(), "kh.csv", con)
    assert pv.counts() == {
        "rows": 2,
        "indicators": 2,
        "periods": 1,
        "areas": 1,
        "new": 0,
        "changed": 2,
        "unchanged": 0,
    }
    assert pv.changes[["indicator_id", "period", "current_value", "value", "status"]].values.tolist() == [
        ["jobs_created", "2024", 22550.0, 23000.0, "changed"],
        ["poverty_rate_fall", "2024", 3.0, 3.5, "changed"],
    ]


@pytest.mark.parametrize("failing", ["observations.csv", "meta.json"])
def test_an_interrupted_write_leaves_the_previous_version_whole(repo, con, tmp_path, monkeypatch, failing):
    upload(repo, con, PLAN)
    root = tmp_path / "datasets"
    before = {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    real_write = datasets._write_file

    def write_then_fail(path, data):
        if path.name == failing:
            path.with_name(f".{path.name}.partial").write_bytes(data[: len(data) // 2])
            raise OSError(28, "No space left on device")
        real_write(path, data)

    monkeypatch.setattr(datasets, "_write_file", write_then_fail)
    with pytest.raises(faults.SaveError) as err:
        upload(repo, con, PLAN_2024)
    assert err.value.saved is None and err.value.error.errno == 28
    after = {p.relative_to(root): p.read_bytes() for p in root.rglob("*") if p.is_file()}
    assert after == before  # no half version, no staging folder, v0001 byte for byte
    assert [v.id for v in repo.versions()] == ["v0001"] and repo.creators() == {"v0001": "lan"}
    assert jobs_plan(datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR), 2023) == (
        22200.0,
        "user",
    )


def test_a_publish_the_database_refuses_keeps_the_previous_one(repo, con, monkeypatch):
    upload(repo, con, PLAN)
    upload(repo, con, PLAN_2024)
    repo.publish(APPROVER, "v0001")

    def busy(*args, **kwargs):
        raise statedb.StateError("busy", "statedb.reason_busy")

    monkeypatch.setattr(repo.db, "publish", busy)
    with pytest.raises(datasets.StateUnavailable) as err:
        repo.publish(APPROVER, "v0002")
    assert err.value.problem.message("en") == (
        "the state database cannot be used: the state database is busy with another save; "
        "try again in a moment"
    )
    monkeypatch.undo()
    assert repo.active() == "v0001"


def test_a_damaged_version_is_refused_not_half_loaded(repo, con, tmp_path):
    upload(repo, con, PLAN)
    snapshot = tmp_path / "datasets" / "v0001" / "observations.csv"
    snapshot.write_bytes(snapshot.read_bytes().replace(b"22200", b"99999"))
    with pytest.raises(store.LoadError) as err:
        datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR)
    assert [p.text() for p in err.value.problems] == [
        "v0001: this saved version is damaged (its checksum does not match) and was not loaded"
    ]


def test_demo_repo_keeps_versions_in_memory_and_writes_nothing(con, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    repo = datasets.MemoryRepo()
    upload(repo, con, PLAN)
    assert repo.active() == "v0001" and repo.read("v0001", "original.csv") == PLAN.encode()
    assert jobs_plan(datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR), 2023) == (
        22200.0,
        "user",
    )
    assert list(tmp_path.iterdir()) == []


def test_demo_repo_forgets_the_oldest_versions_beyond_its_cap(con):
    repo = datasets.MemoryRepo(keep=2)
    for year in (2021, 2022, 2023):
        upload(repo, con, PLAN.replace("2023", str(year)))
    assert [v.id for v in repo.versions()] == ["v0002", "v0003"] and repo.active() == "v0003"


def test_an_indicator_catalogue_is_not_taken_as_figures(con):
    data = (settings.BUNDLED_DATA_DIR / "indicators.csv").read_bytes()
    pv = datasets.preview(data, "indicators.csv", con)
    assert not pv.ok
    assert [p.text() for p in pv.result.problems] == [
        "indicators.csv: this is a catalogue of indicators; upload a file of figures "
        "(indicator, period, plan or actual)"
    ]


def test_downloads_neutralise_formulas_and_keep_numbers_numbers():
    frame = validate.canonical_observations(
        __import__("pandas").DataFrame(
            [
                [
                    "poverty_rate_fall",
                    "province",
                    "2023",
                    "actual",
                    "-0.5",
                    "exact",
                    "user",
                    '=HYPERLINK("x")',
                    "@me",
                    "",
                ]
            ],
            columns=validate.OBSERVATION_COLUMNS,
        )
    )
    assert datasets.download_csv(frame, export.to_csv).decode("utf-8-sig").splitlines()[1] == (
        'poverty_rate_fall,province,2023,actual,-0.5,exact,user,"\'=HYPERLINK(""x"")",\'@me,'
    )


def test_tables_on_screen_neutralise_what_the_user_wrote():
    problem = validate.Problem("f.csv", "=Sheet!3", "@cmd", "duplicate_column", "@cmd")
    assert datasets.problems_table([problem], "en").values.tolist() == [
        ["'=Sheet!3", "'@cmd", "two columns mean the same thing (seen '@cmd')"]
    ]


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("../../etc/passwd", "passwd"),
        ("C:\\temp\\a.xlsx", "a.xlsx"),
        ("\x00\x1b[31m.csv", "[31m.csv"),
        ("", "upload"),
    ],
)
def test_user_file_names_are_only_shown_never_paths(name, shown):
    assert datasets.display_name(name) == shown
    assert datasets.original_suffix(b"a,b", name) in {".csv", ".txt", ".tsv"}


# ---------------------------------------------------------------- a version loads once it is made


def rows_upload(first: int, rows: int) -> str:
    lines = ["indicator_id,area,period,measure,value"]
    lines += [f"jobs_created,p01/c{n:05d},2023,actual,{n}" for n in range(first, first + rows)]
    return "\n".join(lines) + "\n"


def test_the_limits_are_for_one_upload_and_the_growing_dataset_always_loads(repo, con, monkeypatch):
    # Limits scaled down so the test is quick: each upload is within them, the dataset is not.
    monkeypatch.setattr(validate, "LIMITS", validate.Limits(max_bytes=10_000, max_rows=120, max_cells=1_200))
    upload(repo, con, rows_upload(0, 100))
    v1 = datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR)
    upload(repo, v1.cursor(), rows_upload(100, 100))
    v2 = datasets.load_version(repo, "v0002", settings.BUNDLED_DATA_DIR)
    assert queries.observation_count(v2.cursor()) == 219 and repo.get("v0002").total_rows == 219
    assert len(repo.read("v0002", "observations.csv")) > 10_000  # bigger than one upload may be


def test_a_dataset_that_would_not_load_is_refused_before_anything_is_written(repo, con, tmp_path):
    pv = datasets.preview(PLAN.encode(), "kh.csv", con)
    dataset = datasets.apply_upload(queries.loaded_observations(con), pv.result.frame)
    dataset.loc[0, "period"] = "2023-13"
    with pytest.raises(store.LoadError) as err:
        repo.save(PLANNER, PLAN.encode(), "kh.csv", pv.result.frame, dataset, units=queries.units(con))
    assert [p.code for p in err.value.problems] == ["bad_period"]
    assert not (tmp_path / "datasets").exists()


def test_a_version_kept_but_not_recorded_is_said_listed_and_can_still_be_published(repo, con, monkeypatch):
    def full(*args, **kwargs):
        raise statedb.StateError("full", "statedb.reason_full")

    monkeypatch.setattr(repo.db, "register_version", full)
    with pytest.raises(faults.SaveError) as err:
        upload(repo, con, PLAN)
    monkeypatch.undo()
    assert err.value.saved == "v0001" and isinstance(err.value.error, datasets.StateUnavailable)
    assert [(e.id, e.problem) for e in repo.entries()] == [("v0001", None)] and repo.active() is None
    assert repo.status("v0001") == "draft" and repo.creators() == {}
    repo.publish(APPROVER, "v0001")  # recorded (from its meta.json) as it is published
    assert repo.active() == "v0001" and repo.creators() == {"v0001": "lan"}


@pytest.mark.parametrize(
    ("raw", "problem"),
    [
        (b"{", "bad_meta"),
        (b"[]", "bad_meta"),
        (b"\xff", "bad_meta"),
        (b'"text"', "bad_meta"),
        (
            b"{}",
            "bad_meta_fields: created_utc, file_name, original, rows, total_rows, sha256, snapshot_sha256",
        ),
        (b"META rows=-1", "bad_meta_fields: rows"),
        (b"META rows=3.0", "bad_meta_fields: rows"),
        (b"META rows=null", "bad_meta_fields: rows"),
        (b"META file_name=7", "bad_meta_fields: file_name"),
        (b"META original='original.exe'", "bad_meta_fields: original"),
        (b"META extra=1", None),  # a field a later version adds is ignored
    ],
)
def test_meta_json_damage_is_named_never_raised(raw, problem):
    meta = {
        "created_utc": "2026-01-01T00:00:00+00:00", "file_name": "kh.csv", "original": "original.csv",
        "rows": 3, "total_rows": 20, "sha256": "a" * 64, "snapshot_sha256": "b" * 64,
    }  # fmt: skip
    if raw.startswith(b"META "):
        name, _, value = raw[5:].decode().partition("=")
        raw = json.dumps(meta | {name: json.loads(value.replace("'", '"'))}).encode()
    parsed = datasets.parse_meta("v0001", raw)
    if problem is None:
        assert parsed == datasets.Version(id="v0001", **meta)
    else:
        code, _, fields = problem.partition(": ")
        assert (parsed.code, dict(parsed.params).get("fields")) == (code, fields or None)


@pytest.mark.parametrize(
    ("content", "state"),
    [
        (None, (None, None)),
        (b'{"version": null}', (None, None)),
        (b'{"version": "v0001"}', ("v0001", None)),
        (b'{"version": "v0009"}', ("v0009", None)),  # gone: said when it is loaded
        (b"{", (None, "bad_active")),
        (b"[1]", (None, "bad_active")),
        (b'{"version": 1}', (None, "bad_active")),
        (b'{"version": "../v0001"}', (None, "bad_active")),
        (b"\x00\xff", (None, "bad_active")),
    ],
)
def test_active_json_damage_is_named_never_raised(repo, con, tmp_path, content, state):
    upload(repo, con, PLAN)
    path = tmp_path / "datasets" / "active.json"  # the old layout's choice, read for its import only
    path.unlink(missing_ok=True)
    if content is not None:
        path.write_bytes(content)
    chosen, problem = repo.active_state()
    assert (chosen, problem.code if problem else None) == state


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"\xff\xfe not utf-8", "corrupt_version"),
        (b"", "corrupt_version"),
        (b"indicator_id,area\njobs_created,province\n", "corrupt_version"),
        (
            b"indicator_id,area,period,measure,value,bound,provenance,source,note\njobs_created,province\n",
            "wrong_cells",
        ),
        (
            b"indicator_id,area,period,measure,value,bound,provenance,source,note\n"
            b"jobs_created,province,2023,actual,abc,exact,user,,\n",
            "not_number",
        ),
    ],
)
def test_a_snapshot_is_refused_with_what_is_wrong(data, code):
    with pytest.raises(store.LoadError) as err:
        datasets.read_snapshot(data, "v0001/observations.csv", {"jobs_created": "people"})
    assert err.value.problems[0].code == code


def test_a_broken_version_is_listed_with_the_good_ones(repo, con, tmp_path):
    upload(repo, con, PLAN)
    upload(repo, con, PLAN_2024)
    (tmp_path / "datasets" / "v0001" / "meta.json").write_text("[]")
    (tmp_path / "datasets" / "v0002" / "observations.csv").unlink()
    (tmp_path / "datasets" / "v0003").mkdir()  # an empty folder left by hand
    listed = [(e.id, e.version is not None, e.problem.code if e.problem else None) for e in repo.entries()]
    assert listed == [
        ("v0001", False, "bad_meta"),
        ("v0002", True, "version_file_missing"),
        ("v0003", False, "version_file_missing"),
    ]
    assert [v.id for v in repo.versions()] == ["v0002"]
    table = datasets.versions_table(repo, "en")
    assert table[["Version", "Shown", "State"]].values.tolist() == [
        ["v0003", "", "damaged: a file of this saved version is missing or unreadable (meta.json)"],
        ["v0002", "", "damaged: a file of this saved version is missing or unreadable (observations.csv)"],
        [
            "v0001",
            "",
            "damaged: the description of this saved version (meta.json) is damaged: not readable JSON",
        ],
    ]


def test_state_files_that_are_folders_or_a_root_that_is_a_file_are_named_not_raised(repo, con, tmp_path):
    upload(repo, con, PLAN)
    root = tmp_path / "datasets"
    (root / "active.json").mkdir()
    assert repo.active_state()[1].code == "bad_active"
    (root / "v0001" / "meta.json").unlink()
    (root / "v0001" / "meta.json").mkdir()
    assert repo.entries()[0].problem.code == "version_file_missing"
    with pytest.raises(store.LoadError):
        datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR)

    blocked = datasets.DiskRepo(tmp_path / "a-file")
    (tmp_path / "a-file").write_text("not a folder")
    assert blocked.entries() == [] and blocked.active_state() == (None, None)
    pv = datasets.preview(PLAN.encode(), "kh.csv", con)
    with pytest.raises(faults.SaveError) as err:
        datasets.accept(blocked, PLANNER, pv, PLAN.encode(), "kh.csv", con)
    assert err.value.saved is None
    assert (tmp_path / "a-file").read_text() == "not a folder"


class FixedRepo(datasets.Repo):
    """Versions, creators and publications given by the test: the whole table is then known."""

    def __init__(self, entries, publications, creators):
        self._entries, self._pubs, self._creators = entries, publications, creators

    def entries(self):
        return self._entries

    def publications(self):
        return self._pubs

    def published_state(self):
        return (self._pubs[0] if self._pubs else None), None

    def creators(self):
        return self._creators


def fixed_version(vid: str, created: str, file_name: str, rows: int, by: str = "") -> datasets.Version:
    return datasets.Version(
        vid, created, file_name, "original.csv", rows, 1000 + rows, "ab" * 32, "cd" * 32, by
    )


FIXED = FixedRepo(
    [
        datasets.Entry("v0001", fixed_version("v0001", "2026-11-30T01:02:03+00:00", "=HYPERLINK(1)", 12)),
        datasets.Entry("v0002", fixed_version("v0002", "2026-12-01T13:05:00+00:00", "kh.xlsx", 1234, "lan")),
        datasets.Entry("v0003", fixed_version("v0003", "2026-12-01T20:30:00+00:00", "nháp.csv", 5)),
        datasets.Entry("v0004", None, validate.Problem("v0004", "", "", "bad_meta")),
    ],
    [
        datasets.Publication("v0002", "duyet", "2026-12-01T14:00:00+00:00"),
        datasets.Publication("v0001", "", "2026-11-30T02:00:00+00:00"),
    ],
    {"v0003": "minh"},
)


def test_the_versions_table_whole_for_a_planner_and_for_a_viewer():
    table = datasets.versions_table(
        FIXED, "en", broken={"v0001": validate.Problem("v0001", "", "", "checksum")}
    )
    assert table.to_dict("list") == {
        "Version": ["v0004", "v0003", "v0002", "v0001"],
        "Shown": ["", "", "✓", ""],
        "Publication": ["draft", "draft", "published", "published earlier"],
        "State": [
            "damaged: the description of this saved version (meta.json) is damaged: not readable JSON",
            "usable",
            "usable",
            "damaged: " + validate.Problem("v0001", "", "", "checksum").message("en"),
        ],
        "Uploaded by": ["(no name recorded)", "minh", "lan", "(no name recorded)"],
        "Saved (Vietnam time)": [
            "",
            "December 2, 2026 03:30",
            "December 1, 2026 20:05",
            "November 30, 2026 08:02",
        ],
        "Last published (Vietnam time)": [
            "",
            "",
            "duyet, December 1, 2026 21:00",
            "(no name recorded), November 30, 2026 09:00",
        ],
        "File": ["", "nháp.csv", "kh.xlsx", "'=HYPERLINK(1)"],
        "Figures in file": ["", "5", "1,234", "12"],
        "Figures in dataset": ["", "1,005", "2,234", "1,012"],
        "SHA-256": ["", "ab" * 6, "ab" * 6, "ab" * 6],
    }
    viewer = datasets.versions_table(FIXED, "vi", shown=None, drafts=False)
    assert viewer.iloc[:, :3].values.tolist() == [
        ["v0002", "", "đang công bố"],
        ["v0001", "", "đã công bố trước đây"],
    ]
    damaged = datasets.versions_table(
        FIXED, "en", broken={"v0002": validate.Problem("v0002", "", "", "checksum")}
    )
    assert damaged["Shown"].tolist() == [
        "",
        "",
        "",
        "",
    ]  # the published one is damaged: the data folder is shown
    empty = datasets.versions_table(FixedRepo([], [], {}), "en")
    assert (list(empty.columns), len(empty)) == (list(table.columns), 0)


@pytest.mark.parametrize(
    ("lang", "line"),
    [
        ("vi", "Số liệu đã công bố: phiên bản v0001, ngày công bố 01/12/2026."),
        ("en", "Published figures: version v0001, published on December 1, 2026."),
    ],
)
def test_the_version_line_says_the_publication_day_in_each_languages_style(lang, line):
    # 23:30 UTC on 30 November is already 1 December in Vietnam
    pub = datasets.Publication("v0001", "duyet", "2026-11-30T23:30:00+00:00", "publish")
    assert datasets.version_line("v0001", False, pub, True, "", lang) == line


@pytest.mark.parametrize(
    "damage",
    [
        lambda p: p.write_bytes(p.read_bytes() + b"jobs_created,province,2031,actual,abc,exact,user,,\n"),
        lambda p: p.write_bytes(p.read_bytes()[:-10]),  # cut short
        lambda p: p.unlink(),
        # the same size, a later time: one changed figure
        lambda p: (p.write_bytes(p.read_bytes().replace(b"22200", b"22201")), os.utime(p, None)),
    ],
)
def test_a_version_damaged_after_it_was_loaded_is_noticed_by_a_cheap_check(repo, con, damage):
    upload(repo, con, PLAN)
    args = (repo.root, "v0001", settings.BUNDLED_DATA_DIR)
    datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR)
    assert not datasets.changed_since_loaded(*args)  # as checked: the store in memory is right
    snapshot = repo.root / "v0001" / "observations.csv"
    before = snapshot.stat()
    damage(snapshot)
    if snapshot.exists() and snapshot.stat().st_size == before.st_size:
        os.utime(snapshot, ns=(before.st_atime_ns, before.st_mtime_ns + 1_000_000))
    assert datasets.changed_since_loaded(*args)  # so the UI loads it again, and that load refuses it
    with pytest.raises(store.LoadError):
        datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR)


def test_a_version_never_loaded_in_this_process_is_not_called_changed(repo, con):
    upload(repo, con, PLAN)
    assert not datasets.changed_since_loaded(repo.root, "v0009", settings.BUNDLED_DATA_DIR)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        (
            "vi",
            "Phiên bản v0001 đang công bố bị hỏng, nên ứng dụng đang hiện Dữ liệu có sẵn; người phê duyệt có"
            " thể quay lại một phiên bản khác trên trang Dữ liệu. Chi tiết: phiên bản đã lưu bị hỏng (mã kiểm"
            " tra không khớp) nên không được nạp.",
        ),
        (
            "en",
            "The published version v0001 is damaged, so the app shows the bundled data; an approver can go"
            " back to another version on the Data page. Details: this saved version is damaged (its"
            " checksum does not match) and was not loaded.",
        ),
    ],
)
def test_a_damaged_published_version_is_said_plainly_once(lang, text):
    key = datasets.unusable_key("v0001", "v0001")
    problem = validate.Problem("v0001", "", "", "corrupt_version").message(lang)
    fallback = {"vi": "Dữ liệu có sẵn", "en": "the bundled data"}[lang]
    assert t(key, lang, version="v0001", fallback=fallback, problem=problem) == text
    assert datasets.unusable_key("v0002", "v0001") == "state.version_unusable"  # a draft or a link's


def test_a_version_saved_before_the_uploads_limits_still_opens_and_takes_new_uploads(repo, con):
    """A version accepted when it was saved (before the 2.000-character text cell and the years
    2000..now+20 of one upload) opens as it was, and a new upload builds on it; the upload door
    still refuses the same cells (`contract.Limits`)."""
    note = ("ghi chú dài " * 6_000).strip()  # 72.000 characters, as review 2's hostile note
    upload(repo, con, PLAN)
    folder = repo.root / "v0001"
    snapshot = (folder / "observations.csv").read_text(encoding="utf-8")  # as the old code wrote it
    snapshot = snapshot.replace("25.953 lượt lao động được tạo việc làm mới", note)
    snapshot += "jobs_created,province,1850,actual,12,exact,user,,,\n"
    (folder / "observations.csv").write_text(snapshot, encoding="utf-8")
    meta = json.loads((folder / "meta.json").read_text())
    meta["snapshot_sha256"] = hashlib.sha256(snapshot.encode()).hexdigest()
    (folder / "meta.json").write_text(json.dumps(meta))
    datasets._SNAPSHOT_MEMO.clear()
    loaded = datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR)
    figures = queries.loaded_observations(loaded.cursor())
    assert figures.loc[figures["period"] == "1850", "value"].astype(float).tolist() == [12.0]
    assert note in figures["note"].tolist()

    v2 = upload(repo, loaded.cursor(), PLAN_2024)  # the dataset's check keeps the old cells
    newer = queries.loaded_observations(
        datasets.load_version(repo, v2.id, settings.BUNDLED_DATA_DIR).cursor()
    )
    assert {"1850", "2023", "2024"} <= set(newer["period"]) and note in newer["note"].tolist()

    old = f"Chỉ tiêu,Năm,Thực hiện,Ghi chú\nLượt lao động được tạo việc làm mới,1850,12,{note}\n"
    door = datasets.preview(old.encode(), "cu.csv", con)  # the same cells in an upload: refused
    assert sorted({p.code for p in door.result.problems}) == ["cell_too_long", "period_out_of_range"]


META = {
    "created_utc": "2026-01-01T00:00:00+00:00", "file_name": "kh.csv", "original": "original.csv",
    "rows": 3, "total_rows": 20, "sha256": "a" * 64, "snapshot_sha256": "b" * 64,
}  # fmt: skip


@pytest.mark.parametrize(
    ("base", "read"),
    [
        ("v0001", "v0001"),
        ("bundled", "bundled"),
        ("../v0001", ""),  # damage or a hand edit: unknown, never a path
        ("v1", ""),
        (7, ""),
        (None, ""),
        ("", ""),
    ],
)
def test_a_drafts_base_is_read_from_meta_json_and_unknown_when_absent_or_damaged(base, read):
    assert datasets.parse_meta("v0002", json.dumps(META).encode()).base == ""  # before bases existed
    assert datasets.parse_meta("v0002", json.dumps(META | {"base": base}).encode()).base == read


def test_a_new_draft_records_what_it_was_built_on(repo, con):
    data = PLAN.encode()
    pv = datasets.preview(data, "kh.csv", con)
    version = datasets.accept(repo, PLANNER, pv, data, "kh.csv", con, datasets.BUNDLED)
    meta = json.loads((repo.root / "v0001" / "meta.json").read_text())
    assert (version.base, meta["base"], repo.get("v0001").base) == ("bundled", "bundled", "bundled")
    assert upload(repo, con, PLAN_2024).base == ""  # a caller that does not say: unknown, as before


def figures(*rows: tuple) -> pd.DataFrame:
    """Observations (indicator, area, period, measure, value, bound) for `lost_figures`."""
    return pd.DataFrame(rows, columns=[*datasets.KEY, "value", "bound"])


PLAN_3 = ("poverty_rate_fall", "province", "2024", "target", 3.0, "more_than")
JOBS = ("jobs_created", "province", "2023", "actual", 25953.0, "exact")
HOMES = ("temporary_homes_removed", "province", "2024", "target", 1500.0, "exact")


@pytest.mark.parametrize(
    ("published", "draft", "upload", "lost"),
    [
        # the same dataset, or the draft built on it with its upload: nothing lost
        ((PLAN_3, JOBS), (PLAN_3, JOBS), (), []),
        ((PLAN_3,), (PLAN_3[:4] + (3.5, "exact"), JOBS), (PLAN_3[:4] + (3.5, "exact"), JOBS), []),
        # only the bound differs ("trên 3" -> 3): lost, with both written
        ((PLAN_3,), (PLAN_3[:5] + ("exact",),), (), [("poverty_rate_fall", 3.0, "more_than", 3.0, "exact")]),
        # removed, and changed although the upload did not set it
        (
            (PLAN_3, JOBS, HOMES),
            (PLAN_3, JOBS[:4] + (25000.0, "exact")),
            (),
            [
                ("jobs_created", 25953.0, "exact", 25000.0, "exact"),
                ("temporary_homes_removed", 1500.0, "exact", None, ""),
            ],
        ),
        # a figure only the draft has is added, not lost; an empty published dataset loses nothing
        ((JOBS,), (JOBS, HOMES), (), []),
        ((), (JOBS,), (), []),
        # the upload set it to what the published has: nothing to lose either way
        ((HOMES,), (), (HOMES,), []),
    ],
)
def test_lost_figures_are_the_published_ones_a_draft_drops_that_its_upload_did_not_set(
    published, draft, upload, lost
):
    out = datasets.lost_figures(figures(*published), figures(*draft), figures(*upload))
    got = [
        (r.indicator_id, r.value, r.bound, None if pd.isna(r.new_value) else r.new_value, r.new_bound)
        for r in out.itertuples()
    ]
    assert got == lost


def test_lost_figures_match_a_period_read_as_a_number_and_a_missing_bound_as_exact():
    published = figures(JOBS).astype({"period": int}).assign(bound=[None])
    assert datasets.lost_figures(published, figures(JOBS), figures()).empty


@pytest.mark.parametrize(
    ("figure", "vi", "en"),
    [
        ((3.0, "more_than", "points", "target"), "trên 3 điểm %", "over 3 points"),
        ((3.25, "exact", "points", "actual"), "3,25 điểm %", "3.25 points"),
        (
            (6_961_000_000.0, "more_than", "vnd", "actual"),
            "trên 6.961.000.000 đồng",
            "over 6,961,000,000 VND",
        ),
        ((108.33, "exact", "households", "pct_of_target"), "108,33%", "108.33%"),
        ((-13.0, "exact", "people", "change_pct"), "−13%", "−13%"),
        ((None, "exact", "people", "target"), "—", "—"),
        ((float("nan"), "", "people", "target"), "—", "—"),
    ],
)
def test_a_compared_figure_is_written_with_its_bound_unit_and_every_digit(figure, vi, en):
    assert (datasets.written(*figure, "vi"), datasets.written(*figure, "en")) == (vi, en)
