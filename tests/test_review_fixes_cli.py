"""Review of 1 Dec 2026, defect 18: the command line says "1 row", not "1 observations rows"."""

from __future__ import annotations

import pytest

from lib import settings
from lib.__main__ import _count, main

HEADER = "indicator_id,area,period,measure,value"


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["jobs_created,province,2023,actual,25953"], "ok, 1 row of observations"),
        (
            ["jobs_created,province,2023,actual,25953", "jobs_created,province,2024,target,22550"],
            "ok, 2 rows of observations",
        ),
    ],
)
def test_validate_says_row_or_rows(tmp_path, capsys, lines, expected):
    path = tmp_path / "one.csv"
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    assert main(["validate", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"{path}: {expected}"]


def test_validate_the_bundled_files(capsys):
    files = [settings.BUNDLED_DATA_DIR / "indicators.csv", settings.BUNDLED_DATA_DIR / "observations.csv"]
    assert main(["validate", *map(str, files)]) == 0
    assert [x.split(": ", 1)[1] for x in capsys.readouterr().out.splitlines()] == [
        "ok, 11 rows of indicators",
        "ok, 19 rows of observations",
    ]


@pytest.mark.parametrize(("n", "text"), [(0, "0 communes"), (1, "1 commune"), (34, "34 communes")])
def test_count(n, text):
    assert _count(n, "commune") == text
