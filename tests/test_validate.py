"""Validation: each problem a file can have, reported with its line, column, value, expectation."""

from __future__ import annotations

from pathlib import Path

import pytest

from lib import settings
from lib.__main__ import main
from lib.data import validate

UNITS = {"jobs_created": "people", "poverty_rate_fall": "points", "merit_gifts_value": "vnd"}
HEADER = "indicator_id,area,period,measure,value"


def problems(text: str | bytes, units=UNITS) -> list[str]:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return [p.text() for p in validate.validate_bytes(data, "f.csv", units).problems]


EMPTY = (
    "f.csv: the file has no content (it is empty, or holds only blank cells): check that you chose the "
    "right file and that it was saved completely"
)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "indicator_id,area,period,value\njobs_created,province,2023,1\n",
            [
                "f.csv:1: no measure column (seen 'indicator_id, area, period, value'; expected columns "
                "Plan, Actual, % of plan instead of the column Value (Kế hoạch | Thực hiện | Tỷ lệ), or a "
                "column Measure beside the column Value, holding Actual, Plan, % of plan or Change on "
                "previous year (%), or the codes actual, target, pct_of_target, change_pct)"
            ],
        ),
        (
            f"{HEADER}\njobs_created,province,2023,actual,25.953,x\n",
            ["f.csv:2: wrong number of cells on the line (seen 6; expected 5)"],
        ),
        (
            f"{HEADER}\njobs_created,province,2023,actual,12a\n",
            ["f.csv:2: value: not a number (seen '12a'; expected 25953 | 169.7)"],
        ),
        (
            f"{HEADER}\njobs_created,province,2023-13,actual,1\n",
            ["f.csv:2: period: not a valid period (seen '2023-13'; expected 2024 | 2024-05 | 05/2024)"],
        ),
        (
            f"{HEADER}\njobs_created,province,23,actual,1\n",
            ["f.csv:2: period: not a valid period (seen '23'; expected 2024 | 2024-05 | 05/2024)"],
        ),
        (
            f"{HEADER}\njobs_created,province,2023,actual,1\njobs_created,province,2023,actual,2\n",
            [
                "f.csv:3: same indicator, area, period and measure as line 2 "
                "(seen 'jobs_created / Province-wide / 2023 / Actual')"
            ],
        ),
        (
            f"{HEADER}\njob_created,province,2023,actual,1\n",
            [
                "f.csv:2: indicator_id: indicator not in the catalogue "
                "(seen 'job_created'; expected jobs_created)"
            ],
        ),
        (
            f"{HEADER}\njobs_created,province,2023,actual,-5\n",
            ["f.csv:2: value: negative where the unit cannot be negative (seen '-5'; expected 0 or more)"],
        ),
        (
            f"{HEADER}\njobs_created,province,2023,forecast,5\n",
            [
                "f.csv:2: measure: not an allowed value "
                "(seen 'forecast'; expected Actual, Plan, % of plan or Change on previous year (%), or the "
                "codes the app's CSV files use: actual, target, pct_of_target, change_pct)"
            ],
        ),
        ("", [EMPTY]),
        ("\n\n  \n", [EMPTY]),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", ["f.csv: not a text file (expected UTF-8 CSV)"]),
    ],
)
def test_each_problem_is_reported_where_it_is(body, expected):
    assert problems(body) == expected


def test_a_fall_in_points_may_be_negative():
    # The poverty rate can rise: a negative fall is a real figure, not a typo.
    assert problems(f"{HEADER}\npoverty_rate_fall,province,2023,actual,-0.5\n") == []


def test_line_numbers_count_the_header_as_line_one_and_skip_blank_lines():
    body = f"{HEADER}\njobs_created,province,2023,actual,1\n\njobs_created,province,2024,actual,x\n"
    assert problems(body) == ["f.csv:4: value: not a number (seen 'x'; expected 25953 | 169.7)"]


def test_good_file_gives_typed_frame():
    body = (
        f"{HEADER}\njobs_created,province,2023,actual,25953\npoverty_rate_fall,province,2023-05,actual,12.5\n"
    )
    result = validate.validate_bytes(body.encode(), "f.csv", UNITS)
    assert result.ok
    frame = result.frame
    assert frame["value"].tolist() == [25953.0, 12.5]
    assert frame["value_decimals"].tolist() == [0, 1]
    assert frame["provenance"].tolist() == ["user", "user"]
    assert frame["bound"].tolist() == ["exact", "exact"]


def test_vietnamese_messages():
    result = validate.validate_bytes(
        f"{HEADER}\njobs_created,province,2023,actual,12a\n".encode(), "f.csv", UNITS
    )
    # Nothing in the file shows its number style: the example is in the UI's (review 2, item 4).
    assert result.problems[0].text("vi") == "f.csv:2: value: không phải số (thấy '12a'; cần 25.953 | 169,7)"
    assert result.problems[0].text("en") == (
        "f.csv:2: value: not a number (seen '12a'; expected 25953 | 169.7)"
    )


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        (
            "indicator_id,field,name_vi,name_en,unit,direction\nJobs,labour,Việc làm,Jobs,people,up\n",
            [
                "i.csv:2: indicator_id: an indicator id may only hold lowercase letters without accents "
                "(a–z), digits and underscores (seen 'Jobs'; expected jobs_created)"
            ],
        ),
        (
            "indicator_id,field,name_vi,name_en,unit,direction\na,labour,A,A,people,up\n"
            "a,labour,A,A,people,sideways\n",
            [
                "i.csv:3: indicator_id: same indicator id as line 2 (seen 'a')",
                "i.csv:3: direction: not an allowed value (seen 'sideways'; expected up | down)",
            ],
        ),
    ],
)
def test_catalogue_problems(body, expected):
    result = validate.validate_bytes(body.encode(), "i.csv", {})
    assert [p.text() for p in result.problems] == expected


def test_cli_valid_bundled_files(capsys):
    from lib.settings import BUNDLED_DATA_DIR

    code = main(
        [
            "validate",
            str(BUNDLED_DATA_DIR / "indicators.csv"),
            str(BUNDLED_DATA_DIR / "observations.csv"),
        ]
    )
    out = capsys.readouterr().out.splitlines()
    assert code == 0
    assert [line.split(": ", 1)[1] for line in out] == [
        "ok, 11 rows of indicators",
        "ok, 19 rows of observations",
    ]


def test_cli_reports_every_problem_and_exits_1(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text(f"{HEADER}\njobs_created,province,2023,actual,abc\nx,y\n", encoding="utf-8")
    code = main(["validate", str(bad)])
    assert code == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{bad}:2: value: not a number (seen 'abc'; expected 25953 | 169.7)",
        f"{bad}:3: wrong number of cells on the line (seen 2; expected 5)",
    ]


def test_cli_knows_indicators_named_on_the_same_line(tmp_path, capsys):
    ind = tmp_path / "ind.csv"
    ind.write_text(
        "indicator_id,field,name_vi,name_en,unit,direction\nchild_care,social,Trẻ em,Children,people,up\n",
        encoding="utf-8",
    )
    obs = tmp_path / "obs.csv"
    obs.write_text(f"{HEADER}\nchild_care,province,2023,actual,10\n", encoding="utf-8")
    assert main(["validate", str(obs), str(ind)]) == 0


def test_cli_usage_error_exits_2(capsys):
    assert main(["validate"]) == 2
    assert main(["nonsense"]) == 2


def test_cli_never_writes(tmp_path, capsys):
    bad = tmp_path / "bad.csv"
    bad.write_text("garbage\n", encoding="utf-8")
    before = sorted(tmp_path.iterdir())
    main(["validate", str(bad)])
    assert sorted(tmp_path.iterdir()) == before


def test_the_bundled_data_folder_validates_whole_with_its_area_catalogue():
    """`python -m lib validate data/*.csv` (the README's example on the shipped folder) passes:
    the area catalogue and its changes are recognised, not read as indicators or figures."""
    files = sorted(str(p) for p in settings.BUNDLED_DATA_DIR.glob("*.csv"))
    assert {Path(f).name for f in files} >= {"areas.csv", "area_changes.csv", "indicators.csv"}
    assert main(["validate", *files]) == 0
