"""The data contract is written once: the CSV reader and the Parquet check apply the same rules.

What a user would check: the same bad row gives the same problem (cell and code) whether the
data folder holds it as observations.csv or as Parquet; the catalogue refuses a unit the app
does not know; limits in a message are written in the reader's number style.
"""

from __future__ import annotations

import shutil

import duckdb
import pandas as pd
import pytest

from lib import settings, units
from lib.data import contract, store, validate

UNITS = {"jobs_created": "people", "poverty_rate_fall": "points", "merit_gifts_value": "vnd"}
GOOD = {
    "indicator_id": "jobs_created",
    "area": "province",
    "period": "2023",
    "measure": "actual",
    "value": "25953",
    "bound": "",
    "provenance": "",
    "standard": "",
}

# Cells as a Parquet file or a canonical CSV may hold them, good and bad, each column in turn.
CELLS = [
    {},
    {"indicator_id": ""},
    {"indicator_id": "jobs"},
    {"area": ""},
    {"period": ""},
    {"period": "2023-13"},
    {"period": "2023-00"},
    {"period": "2023-5"},
    {"period": "23"},
    {"period": "2023-12"},
    {"measure": ""},
    {"measure": "plan"},
    {"measure": "pct_of_target", "value": "-3"},
    {"bound": "more_than"},
    {"bound": "about"},
    {"provenance": "synthetic"},
    {"provenance": "guess"},
    {"value": ""},
    {"value": "abc"},
    {"value": "nan"},
    {"value": "inf"},
    {"value": "-inf"},
    {"value": "-5"},
    {"value": "-0.5"},
    {"value": "1e16"},
    {"value": "999999999999999"},
    {"value": "1000000000000000"},
    {"value": "169.7"},
    {"indicator_id": "poverty_rate_fall", "value": "-1.5"},
    {"indicator_id": "merit_gifts_value", "value": "-1"},
    {"indicator_id": "jobs", "value": "-1"},
    {"standard": '=HYPERLINK("x")'},
    {"standard": "md_2022_2025"},  # not in this test's (empty) standards catalogue
]


def _sql_flags(rows: list[dict[str, str]]) -> list[list[bool]]:
    """Each rule's SQL predicate over the rows, as DuckDB evaluates it on text columns."""
    con = duckdb.connect()
    try:
        con.register("cells", pd.DataFrame(rows, dtype="string"))
        flags = ", ".join(f"coalesce(({r.sql}), false)" for r in contract.ROW_RULES)
        sql = f"SELECT {flags} FROM cells"
        return [list(r) for r in con.execute(sql, contract.sql_params(contract.Against(UNITS))).fetchall()]
    finally:
        con.close()


def test_each_rule_says_the_same_in_python_and_in_sql():
    rows = [{**GOOD, **change} for change in CELLS]
    against = contract.Against(UNITS)
    in_python = [
        [rule.test(contract.with_defaults(row), against) for rule in contract.ROW_RULES] for row in rows
    ]
    in_sql = _sql_flags(rows)
    names = [f"{r.code}:{r.column}" for r in contract.ROW_RULES]
    for change, py, sql in zip(CELLS, in_python, in_sql, strict=True):
        assert dict(zip(names, py, strict=True)) == dict(zip(names, sql, strict=True)), change
    assert not any(in_python[0])  # the good row breaks nothing
    assert all(any(flags) for flags in in_python[1:2])


def test_every_rule_is_broken_by_some_cell():
    """The cells above exercise the whole contract: a new rule needs a cell here."""
    against = contract.Against(UNITS)
    broken = {
        (r.code, r.column)
        for change in CELLS
        for r in contract.broken_rules(contract.with_defaults({**GOOD, **change}), against)
    }
    assert broken == {(r.code, r.column) for r in contract.ROW_RULES}


# Bad rows a data folder may hold, as a canonical CSV and as Parquet (text columns) alike.
BAD_ROWS = [
    ({"indicator_id": "jobs"}, [("indicator_id", "unknown_indicator")]),
    ({"area": ""}, [("area", "required")]),
    ({"period": "2023-13"}, [("period", "bad_period")]),
    ({"measure": "plan"}, [("measure", "bad_value")]),
    ({"measure": ""}, [("measure", "required")]),
    ({"bound": "about"}, [("bound", "bad_value")]),
    ({"provenance": "guess"}, [("provenance", "bad_value")]),
    ({"value": ""}, [("value", "required")]),
    ({"value": "abc"}, [("value", "not_number")]),
    ({"value": "-5"}, [("value", "negative")]),
    ({"value": "2000000000000000"}, [("value", "too_big")]),
    (
        {"indicator_id": "jobs", "measure": "plan"},
        [("measure", "bad_value"), ("indicator_id", "unknown_indicator")],
    ),
]


def _folder(tmp_path, rows: list[dict[str, str]], as_parquet: bool):
    folder = tmp_path / ("pq" if as_parquet else "csv")
    folder.mkdir()
    shutil.copy(settings.BUNDLED_DATA_DIR / "indicators.csv", folder)
    frame = pd.DataFrame(rows, columns=contract.OBSERVATION_COLUMNS).fillna("").astype(str)
    if as_parquet:
        frame.to_parquet(folder / "observations.parquet", index=False)
    else:
        frame.to_csv(folder / "observations.csv", index=False)
    return folder


def _problems(folder) -> list[tuple[int, str, str]]:
    with pytest.raises(store.LoadError) as err:
        store.open_dir(folder)
    return sorted((p.line, p.column, p.code) for p in err.value.problems)


@pytest.mark.parametrize(("change", "expected"), BAD_ROWS, ids=[str(c) for c, _ in BAD_ROWS])
def test_a_bad_row_is_the_same_problem_in_csv_and_in_parquet(tmp_path, change, expected):
    good = {**GOOD, "period": "2022", "source": "", "note": ""}
    rows = [good, {**good, "period": "2023", **change}]
    in_csv = _problems(_folder(tmp_path, rows, as_parquet=False))
    in_parquet = _problems(_folder(tmp_path, rows, as_parquet=True))
    # A CSV's line 3 (after its header) is the Parquet file's row 2: the same figure.
    assert in_csv == sorted(("3", column, code) for column, code in expected)
    assert in_parquet == sorted(("2", column, code) for column, code in expected)


def test_a_catalogue_unit_the_registry_does_not_know_is_refused_naming_the_cell():
    body = "indicator_id,field,name_vi,name_en,unit,direction\njobs,labour,Việc làm,Jobs,percent,up\n"
    result = validate.validate_bytes(body.encode(), "indicators.csv", {})
    assert result.frame is None
    (problem,) = result.problems
    assert (problem.line, problem.column, problem.code, problem.value) == (
        "2",
        "unit",
        "unknown_unit",
        "percent",
    )
    assert problem.text("vi") == (
        "indicators.csv:2: unit: đơn vị tính không có trong danh sách đơn vị của ứng dụng; "
        "hãy dùng một trong các mã: people (người), households (hộ), gifts (suất), families (gia đình), "
        "vnd (đồng), days (ngày), points (điểm %) (thấy 'percent')"
    )
    assert problem.text("en").startswith(
        "indicators.csv:2: unit: a unit the app does not know; use one of the codes:"
    )
    assert all(u in problem.text("en") for u in units.REGISTRY)


def test_the_bundled_catalogue_uses_only_known_units():
    frame = pd.read_csv(settings.BUNDLED_DATA_DIR / "indicators.csv", dtype=str)
    assert set(frame["unit"]) <= set(units.REGISTRY)


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("vi", "f.csv: quá nhiều dòng (1.001; tối đa 1.000)"),
        ("en", "f.csv: too many rows (1,001; at most 1,000)"),
    ],
)
def test_a_limit_in_a_message_is_written_in_the_languages_number_style(monkeypatch, lang, text):
    monkeypatch.setattr(validate, "LIMITS", contract.Limits(max_rows=1_000))
    body = "indicator_id,area,period,measure,value\n" + "jobs_created,province,2023,actual,1\n" * 1_001
    assert [p.text(lang) for p in validate.validate_bytes(body.encode(), "f.csv", UNITS).problems] == [text]
