"""Saved scenarios: save, list, load, delete, in the state database, in the old layout's folder
(atomic JSON) and in a session (demo mode). Owners and roles: tests/test_drafts.py."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from lib import settings
from lib.models.sim_setup import Assumptions
from lib.state import access, scenarios, statedb

CUSTOM = replace(
    Assumptions(), baseline="last_plan", growth_pct=-2.5, cv_pct=12.0, pov_households=250_000, seed=7
)


@pytest.fixture(params=["db", "dir", "memory"])
def book(request, tmp_path):
    if request.param == "db":  # an owner with no name (anonymous): keys are the names themselves
        db = statedb.connect("sqlite:///" + str(tmp_path / "s.sqlite3"), legacy_dir=tmp_path / "none")
        return scenarios.DbScenarios(db, access.User("", "planner", "anonymous"))
    if request.param == "dir":
        return scenarios.DirScenarios(tmp_path / "state" / "scenarios")
    return scenarios.MemoryScenarios({})


@pytest.mark.parametrize("name", ["Kịch bản thận trọng", "Tăng 5% / quý 1", "../../etc/passwd", "a" * 80])
def test_save_list_load_delete_round_trip(book, name):
    assert book.save(name, CUSTOM) == name
    assert book.names() == [name]
    assert book.load(name) == CUSTOM
    assert book.delete(name) is True
    assert book.names() == [] and book.load(name) is None and book.delete(name) is False


def test_saving_a_name_again_replaces_it_and_names_sort_alphabetically(book):
    book.save("b", Assumptions())
    book.save("A", Assumptions())
    book.save("b", CUSTOM)
    assert book.names() == ["A", "b"]
    assert book.load("b") == CUSTOM


@pytest.mark.parametrize(
    "name, error",
    [
        ("", "simulate.err_name_empty"),
        ("   ", "simulate.err_name_empty"),
        ("x" * 81, "simulate.err_name_long"),
    ],
)
def test_bad_names_are_refused_and_nothing_is_saved(book, name, error):
    with pytest.raises(scenarios.ScenarioError, match=error):
        book.save(name, CUSTOM)
    assert book.names() == []


def test_files_hold_every_assumption_inside_the_state_folder_only(tmp_path):
    folder = tmp_path / "state" / "scenarios"
    scenarios.DirScenarios(folder).save("Kịch bản 1", CUSTOM)
    files = list(folder.iterdir())
    assert len(files) == 1 and files[0].suffix == ".json"  # no temporary file left behind
    record = json.loads(files[0].read_text(encoding="utf-8"))
    assert record["name"] == "Kịch bản 1"
    assert record["assumptions"] == CUSTOM.to_dict()  # every field written out, defaults included
    shipped = {p.name for p in settings.BUNDLED_DATA_DIR.glob("*.json")}
    assert shipped <= {"areas.meta.json"}  # the data folder holds only what ships with the app


def test_a_saved_scenario_survives_a_new_process_view_of_the_folder(tmp_path):
    folder = tmp_path / "scenarios"
    scenarios.DirScenarios(folder).save("Kế hoạch", CUSTOM)
    assert scenarios.DirScenarios(folder).load("Kế hoạch") == CUSTOM


def test_unreadable_files_are_skipped_not_fatal(tmp_path):
    folder = tmp_path / "scenarios"
    folder.mkdir()
    (folder / "broken.json").write_text("{not json", encoding="utf-8")
    (folder / "other.json").write_text('{"no_name": 1}', encoding="utf-8")
    book = scenarios.DirScenarios(folder)
    book.save("ok", CUSTOM)
    assert book.names() == ["ok"]


def test_a_scenario_from_older_defaults_keeps_its_own_values(tmp_path):
    """Links and files write every value, so a later change of defaults does not change them."""
    folder = tmp_path / "scenarios"
    book = scenarios.DirScenarios(folder)
    book.save("cũ", CUSTOM)
    path = next(folder.glob("*.json"))
    record = json.loads(path.read_text(encoding="utf-8"))
    record["assumptions"]["retired_setting"] = 1  # a field a future version dropped
    path.write_text(json.dumps(record), encoding="utf-8")
    assert book.load("cũ") == CUSTOM


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path, monkeypatch):
    folder = tmp_path / "scenarios"
    book = scenarios.DirScenarios(folder)
    book.save("x", Assumptions())

    def boom(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(scenarios.json, "dump", boom)
    with pytest.raises(OSError):
        book.save("x", CUSTOM)
    assert book.load("x") == Assumptions()
    assert [p.name for p in folder.iterdir() if p.name.startswith(".tmp-")] == []


@pytest.mark.parametrize(
    "content",
    [
        b"[1, 2]",
        b'"text"',
        b'{"name": 5}',
        b'{"name": "x", "assumptions": 5}',
        b'{"name": "x", "assumptions": [1]}',
    ],
)
def test_files_of_the_wrong_shape_are_skipped_and_kept(tmp_path, content):
    folder = tmp_path / "scenarios"
    book = scenarios.DirScenarios(folder)
    book.save("ok", CUSTOM)
    (folder / "odd.json").write_bytes(content)
    assert book.names() == ["ok"] and book.load("ok") == CUSTOM and book.load("x") is None
    assert (folder / "odd.json").read_bytes() == content  # never deleted


@pytest.mark.parametrize("call", ["save", "delete"])
def test_a_failed_write_or_delete_raises_the_os_error_and_changes_nothing(tmp_path, monkeypatch, call):
    import errno

    folder = tmp_path / "scenarios"
    book = scenarios.DirScenarios(folder)
    book.save("x", CUSTOM)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    if call == "save":
        monkeypatch.setattr(scenarios.os, "replace", full)
    else:
        monkeypatch.setattr(scenarios.Path, "unlink", full)
    with pytest.raises(OSError) as err:
        book.save("x", Assumptions()) if call == "save" else book.delete("x")
    assert err.value.errno == errno.ENOSPC
    monkeypatch.undo()
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
