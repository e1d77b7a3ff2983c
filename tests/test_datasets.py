"""Dataset versions: originals kept byte for byte, atomic writes, switch and roll back, demo in memory."""

from __future__ import annotations

import hashlib
import json

import pytest

from lib import datasets, faults, settings, store, validate

PLAN = "Chỉ tiêu,Năm,Kế hoạch,Thực hiện,Tỷ lệ (%)\nLượt lao động được tạo việc làm mới,2023,22200,25953,117\n"
PLAN_2024 = (
    "Chỉ tiêu;Năm;Kế hoạch\nLượt lao động được tạo việc làm mới;2024;23.000\npoverty_rate_fall;2024;3,5\n"
)


def data_hashes() -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in settings.BUNDLED_DATA_DIR.iterdir()}


def upload(repo: datasets.Repo, con, text: str, name: str = "kh.csv") -> datasets.Version:
    data = text.encode("cp1258") if name.endswith(".txt") else text.encode("utf-8")
    pv = datasets.preview(data, name, con)
    assert pv.ok, [p.text() for p in pv.result.problems]
    return datasets.accept(repo, pv, data, name, con)


def jobs_plan(s: store.Store, year: int) -> tuple[float, str]:
    row = store.year_summary(s.cursor(), year).set_index("indicator_id").loc["jobs_created"]
    return row["target"], row["target_provenance"]


@pytest.fixture
def repo(tmp_path) -> datasets.DiskRepo:
    return datasets.DiskRepo(tmp_path / "datasets")


def test_a_version_keeps_the_original_bytes_the_normalised_csv_and_checksums(repo, con, tmp_path):
    before = data_hashes()
    data = PLAN.encode("utf-8")
    version = upload(repo, con, PLAN, name="C:\\Users\\kh\\..\\kế hoạch.csv")
    folder = tmp_path / "datasets" / "v0001"
    assert version.id == "v0001" and repo.active() == "v0001"
    assert sorted(p.name for p in folder.iterdir()) == [
        "meta.json",
        "normalised.csv",
        "observations.csv",
        "original.csv",
    ]
    assert (folder / "original.csv").read_bytes() == data
    assert (folder / "normalised.csv").read_text(encoding="utf-8").splitlines() == [
        "indicator_id,area,period,measure,value,bound,provenance,source,note",
        "jobs_created,province,2023,target,22200,exact,user,,",
        "jobs_created,province,2023,actual,25953,exact,user,,",
        "jobs_created,province,2023,pct_of_target,117,exact,user,,",
    ]
    meta = json.loads((folder / "meta.json").read_text(encoding="utf-8"))
    assert meta["file_name"] == "kế hoạch.csv"  # shown to people, never used as a path
    assert meta["sha256"] == hashlib.sha256(data).hexdigest()
    assert (meta["rows"], meta["total_rows"]) == (3, 20)
    assert data_hashes() == before  # the bundled data folder is never written


def test_the_new_version_holds_the_current_data_with_the_upload_applied(repo, con):
    upload(repo, con, PLAN)
    loaded = datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR)
    assert jobs_plan(loaded, 2023) == (22200.0, "user")
    # Unchanged figures keep their current row: the reported actual stays "reported".
    row = store.year_summary(loaded.cursor(), 2023).set_index("indicator_id").loc["jobs_created"]
    assert (row["actual"], row["actual_provenance"]) == (25953.0, "reported")


def test_switch_and_roll_back(repo, con):
    upload(repo, con, PLAN)
    v1 = datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR)
    upload(repo, v1.cursor(), PLAN_2024)
    assert [v.id for v in repo.versions()] == ["v0001", "v0002"] and repo.active() == "v0002"
    v2 = datasets.load_version(repo, "v0002", settings.BUNDLED_DATA_DIR)
    assert jobs_plan(v2, 2023) == (22200.0, "user")  # the earlier upload is still in
    repo.activate("v0001")
    assert repo.active() == "v0001"
    repo.activate(None)
    assert repo.active() is None
    with pytest.raises(KeyError):
        repo.activate("v0009")


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
    assert [v.id for v in repo.versions()] == ["v0001"] and repo.active() == "v0001"
    assert jobs_plan(datasets.load_version(repo, "v0001", settings.BUNDLED_DATA_DIR), 2023) == (
        22200.0,
        "user",
    )


def test_an_interrupted_switch_keeps_the_previous_choice(repo, con, monkeypatch):
    upload(repo, con, PLAN)
    monkeypatch.setattr(datasets.os, "replace", lambda *a: (_ for _ in ()).throw(OSError("disk gone")))
    with pytest.raises(OSError):
        repo.activate(None)
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
                ]
            ],
            columns=validate.OBSERVATION_COLUMNS,
        )
    )
    assert datasets.download_csv(frame).decode().splitlines()[1] == (
        'poverty_rate_fall,province,2023,actual,-0.5,exact,user,"\'=HYPERLINK(""x"")",\'@me'
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
