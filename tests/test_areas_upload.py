"""Uploads naming pre-2025 or today's units: mapped to today's units as `data/area_changes.csv`
says, summed where several old units became one, refused with the reason where an old unit was
split, where a figure cannot be added up, or where a name matches nothing (with the closest)."""

from __future__ import annotations

import pytest
from fixtures import open_page

from lib.data import areas, validate
from lib.state import datasets

HEADER = "Chỉ tiêu,Địa bàn,Năm,Loại số liệu,Giá trị\n"
OLD_COMMUNES = {  # three communes of the old Sóc Sơn district, all now part of Xã Trung Giã
    "Xã Bắc Sơn, Huyện Sóc Sơn": 10,
    "Xã Hồng Kỳ, Huyện Sóc Sơn": 20,
    "xa nam son, h. soc son": 30,  # no accents, lower case, an abbreviated type word
}
OLD_DISTRICTS = {"Quận Ba Đình": 100, "Q. Hoàn Kiếm": 50}  # both now part of Thành phố Hà Nội


def csv(rows: list[tuple[str, str, int | str, str, object]]) -> bytes:
    return (HEADER + "".join(f'{i},"{a}",{y},{m},{v}\n' for i, a, y, m, v in rows)).encode()


def preview(con, body: bytes) -> datasets.Preview:
    return datasets.preview(body, "địa bàn cũ.csv", con)


def notes(pv: datasets.Preview, lang: str = "vi") -> list[str]:
    return [n.message(lang) for n in pv.result.notes if n.code.startswith("area_")]


def problems(pv: datasets.Preview, lang: str = "vi") -> list[str]:
    return [p.text(lang) for p in pv.result.problems]


def today_of(written: str) -> str:
    """Where data/area_changes.csv says an old unit went (its one unit of today)."""
    m = areas.match(written, era="old")
    rows = areas.changes()[areas.changes()["old_id"] == m.old_id]
    assert len(rows) == 1, written
    return rows["new_area_id"].iloc[0]


def test_old_communes_and_districts_are_mapped_and_summed_as_the_mapping_says(con):
    written = OLD_COMMUNES | OLD_DISTRICTS
    rows = [("jobs_created", a, 2023, "actual", v) for a, v in written.items()]
    rows += [("jobs_created", "Toàn tỉnh", 2023, "actual", 7)]  # the bundled whole province
    pv = preview(con, csv(rows))
    assert pv.ok, problems(pv)
    expected: dict[str, float] = {"province": 7.0}
    for name, value in written.items():
        expected[today_of(name)] = expected.get(today_of(name), 0.0) + value
    frame = pv.result.frame
    assert dict(zip(frame["area"], frame["value"], strict=True)) == expected
    assert expected == {"c00385": 60.0, "p01": 150.0, "province": 7.0}
    said = notes(pv)
    assert said[0] == (
        "Xã Bắc Sơn, Huyện Sóc Sơn, Thành phố Hà Nội (trước 1/7/2025) nay thuộc Xã Trung Giã, "
        "Thành phố Hà Nội (thấy 'Xã Bắc Sơn, Huyện Sóc Sơn')"
    )
    assert (
        "3 đơn vị trước 1/7/2025 nay là Xã Trung Giã, Thành phố Hà Nội: số liệu của các đơn vị này "
        "được cộng lại (Xã Bắc Sơn, Xã Hồng Kỳ, Xã Nam Sơn)"
    ) in said
    assert "2 units of before 1 July 2025 are now Thành phố Hà Nội: their figures are added up" in " ".join(
        notes(pv, "en")
    )
    assert pv.counts()["areas"] == 3


def test_periods_are_summed_apart_and_plans_add_up_like_actuals(con):
    rows = [
        (i, a, y, m, v)
        for a, v in OLD_DISTRICTS.items()
        for y in (2022, 2023)
        for i, m in [("jobs_created", "actual"), ("jobs_created", "target")]
    ]
    frame = preview(con, csv(rows)).result.frame
    assert sorted(zip(frame["period"], frame["measure"], frame["value"], strict=True)) == [
        ("2022", "actual", 150.0),
        ("2022", "target", 150.0),
        ("2023", "actual", 150.0),
        ("2023", "target", 150.0),
    ]


def test_a_split_unit_is_refused_naming_the_units_it_went_to(con):
    pv = preview(con, csv([("jobs_created", "Phường Cống Vị, Quận Ba Đình", 2023, "actual", 10)]))
    assert not pv.ok
    assert problems(pv) == [
        "địa bàn cũ.csv:2: Địa bàn: Phường Cống Vị, Quận Ba Đình, Thành phố Hà Nội (trước 1/7/2025) đã "
        "được chia cho nhiều đơn vị (Phường Ngọc Hà, Thành phố Hà Nội; Phường Giảng Võ, Thành phố Hà Nội): "
        "tệp cần ghi số liệu riêng cho từng đơn vị mới (thấy 'Phường Cống Vị, Quận Ba Đình')"
    ]


def test_the_split_given_by_todays_units_is_accepted(con):
    # Today's names on figures from 2026, today's ids on figures restated for 2023 (the name
    # `Phường Ngọc Hà` on a 2023 figure is the old ward, which was split).
    rows = [
        ("jobs_created", "Phường Ngọc Hà", 2026, "actual", 4),
        ("jobs_created", "Phường Giảng Võ", 2026, "actual", 6),
        ("jobs_created", "c00008", 2023, "actual", 3),
        ("jobs_created", "c00025", 2023, "actual", 5),
    ]
    pv = preview(con, csv(rows))
    assert pv.ok, problems(pv)
    assert list(zip(pv.result.frame["area"], pv.result.frame["value"], strict=True)) == [
        ("c00008", 4.0),
        ("c00025", 6.0),
        ("c00008", 3.0),
        ("c00025", 5.0),
    ]


@pytest.mark.parametrize(
    ("written", "first"),
    [
        ("Phường Hoàn Kím", "Phường Hoàn Kiếm, Thành phố Hà Nội"),  # a letter left out
        ("Tinh Nghe Ann", "Tỉnh Nghệ An"),
    ],
)
def test_an_unknown_name_is_refused_with_the_closest_names(con, written, first):
    pv = preview(con, csv([("jobs_created", written, 2026, "actual", 1)]))
    assert not pv.ok
    (said,) = problems(pv)
    assert f"Không tìm thấy đơn vị hành chính “{written}”; có phải: {first};" in said


def test_a_measure_that_does_not_add_up_is_refused_for_merged_units(con):
    rows = [("jobs_created", a, 2023, "pct_of_target", 96) for a in OLD_DISTRICTS]
    rows += [("poverty_rate_fall", a, 2023, "actual", 1.2) for a in OLD_DISTRICTS]
    pv = preview(con, csv(rows))
    assert problems(pv, "en") == [
        "địa bàn cũ.csv:3: Địa bàn: several units of before 1 July 2025 are now Thành phố Hà Nội, and "
        "their “Against plan (%)” cannot be added up: give the figure of Thành phố Hà Nội itself "
        "(seen 'jobs_created')",
        "địa bàn cũ.csv:5: Địa bàn: several units of before 1 July 2025 are now Thành phố Hà Nội, and "
        "their “Actual” cannot be added up: give the figure of Thành phố Hà Nội itself "
        "(seen 'poverty_rate_fall')",
    ]


@pytest.mark.parametrize(
    "rows",
    [
        # the same old unit written two ways
        [("Quận Ba Đình", 1), ("Q. Ba Đình", 2)],
        # today's unit (by its id) and an old unit now part of it: counted twice if summed
        [("c00385", 5), ("Xã Bắc Sơn, Huyện Sóc Sơn", 1)],
    ],
)
def test_one_unit_given_twice_is_refused(con, rows):
    pv = preview(con, csv([("jobs_created", a, 2023, "actual", v) for a, v in rows]))
    assert [(p.code, p.line) for p in pv.result.problems] == [("area_twice", "3")]
    assert "dòng này và dòng 2 cùng ghi số liệu cho" in problems(pv)[0]


def test_todays_ids_and_own_codes_are_kept_and_free_text_is_refused(con):
    rows = [
        ("jobs_created", "c00070", 2023, "actual", 1),  # today's id on a period before July 2025
        ("jobs_created", "district_a", 2023, "actual", 2),  # a code of the user's own
        ("jobs_created", "province", 2023, "actual", 3),
    ]
    pv = preview(con, csv(rows))
    assert pv.ok and list(pv.result.frame["area"]) == ["c00070", "district_a", "province"]
    assert [n.code for n in pv.result.notes if n.code.startswith("area_")] == ["area_own"]
    nasty = "![x](https://evil.example/x.png) <b>Huyện</b> =HYPERLINK(1)"
    pv = preview(con, csv([("jobs_created", nasty.replace('"', ""), 2023, "actual", 1)]))
    assert [p.code for p in pv.result.problems] == ["area_unplaced"]


def test_the_reader_alone_keeps_the_area_as_written():
    body = csv([("jobs_created", "Quận Ba Đình", 2023, "actual", 1)])
    result = validate.validate_bytes(body, "f.csv", {"jobs_created": "people"})
    assert result.ok and list(result.frame["area"]) == ["Quận Ba Đình"]


def test_the_data_page_shows_the_mapping_in_the_notes(isolated_app):
    at = open_page("pages/data.py", role="planner")  # a planner: the one who uploads
    body = csv([("jobs_created", a, 2023, "actual", v) for a, v in OLD_DISTRICTS.items()])
    at.file_uploader(key="data_upload").set_value(("cũ.csv", body, "text/csv"))
    at.run()
    assert not at.exception
    shown = " ".join(" ".join(map(str, df.value.iloc[:, -1])) for df in at.dataframe)
    assert "Quận Ba Đình, Thành phố Hà Nội (trước 1/7/2025) nay thuộc Thành phố Hà Nội" in shown
    assert "2 đơn vị trước 1/7/2025 nay là Thành phố Hà Nội" in shown
