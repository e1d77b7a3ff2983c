"""The area catalogue (data/areas.csv, data/area_changes.csv) and matching written names to it:
what a planner's spreadsheet says, what the preview then says about it."""

from __future__ import annotations

import json
import unicodedata

import pandas as pd
import pytest

from lib import settings
from lib.data import areas

CATALOGUE_COLUMNS = [
    "area_id",
    "name_vi",
    "name_en",
    "level",
    "parent",
    "code",
    "lat",
    "lon",
    "valid_from",
    "valid_to",
]


# ---------------------------------------------------------------- the shipped files


def test_catalogue_has_the_34_provinces_and_3321_communes_with_unique_official_codes():
    cat = areas.catalogue()
    assert list(cat.columns) == CATALOGUE_COLUMNS
    assert cat["level"].value_counts().to_dict() == {"commune": 3321, "province": 34, "whole": 1}
    assert cat["area_id"].is_unique
    for level, digits in (("province", 2), ("commune", 5)):
        codes = cat.loc[cat["level"] == level, "code"]
        assert codes.is_unique and codes.str.fullmatch(rf"\d{{{digits}}}").all()
    provinces = set(cat.loc[cat["level"] == "province", "area_id"])
    communes = cat[cat["level"] == "commune"]
    assert set(communes["parent"]) == provinces  # every commune in a province, every province has some
    assert (communes["area_id"] == "c" + communes["code"]).all()
    # Every unit of today has a point inside Viet Nam's bounding box.
    today = cat[cat["level"] != "whole"]
    assert today["lat"].between(8.0, 23.5).all() and today["lon"].between(102.0, 117.9).all()
    assert set(today["valid_from"]) == {"2025-07-01"} and set(cat["valid_to"]) == {""}


def test_the_bundled_province_keeps_its_whole_province_meaning():
    whole = areas.catalogue().set_index("area_id").loc["province"]
    assert (whole["level"], whole["parent"], whole["name_vi"]) == ("whole", "", "Toàn tỉnh")
    m = areas.match("province")
    assert (m.status, m.area_ids, m.old_id) == ("ok", ("province",), None)
    assert areas.match("Toàn tỉnh").area_ids == ("province",)


@pytest.mark.parametrize(
    ("area_id", "name", "parent", "code"),
    [
        ("p01", "Thành phố Hà Nội", "", "01"),
        ("p08", "Tỉnh Tuyên Quang", "", "08"),
        ("c00070", "Phường Hoàn Kiếm", "p01", "00070"),
        # Two communes of Thái Nguyên differ only by a tone mark; both are kept apart.
        ("c05665", "Xã Văn Lăng", "p19", "05665"),
        ("c02143", "Xã Văn Lang", "p19", "02143"),
        ("c26732", "Đặc khu Côn Đảo", "p79", "26732"),
    ],
)
def test_known_units_carry_their_official_code_and_name(area_id, name, parent, code):
    row = areas.catalogue().set_index("area_id").loc[area_id]
    assert (row["name_vi"], row["parent"], row["code"], row["name_en"]) == (
        name,
        parent,
        code,
        areas.unaccented(name),
    )


def test_old_units_and_where_they_went():
    ch = areas.changes()
    old = ch.drop_duplicates("old_id")
    assert old["old_level"].value_counts().to_dict() == {"commune": 10035, "district": 696, "province": 63}
    today = set(areas.catalogue()["area_id"])
    assert set(ch["new_area_id"]) <= today
    assert set(ch["share"]) == {"whole", "part"}
    # A unit that went wholly somewhere has one row; a split one has a row per piece.
    rows = ch.groupby("old_id")["share"].agg(["count", "first"])
    assert ((rows["count"] == 1) == (rows["first"] == "whole")).all()
    # Old parents are old units; the 63 provinces became 34.
    assert set(ch["old_parent"]) - {""} <= set(ch["old_id"])
    provinces = ch[ch["old_level"] == "province"]
    assert provinces["new_area_id"].nunique() == 34
    # Every commune of today is made of at least one old commune (or an island district).
    assert set(ch.loc[ch["old_level"] != "province", "new_area_id"]) >= set(
        areas.catalogue().query("level == 'commune'")["area_id"]
    )


@pytest.mark.parametrize(
    ("old_province", "today"),
    [
        ("Tỉnh Hà Giang", "p08"),  # with Tuyên Quang, under Tuyên Quang's name and code
        ("Tỉnh Tuyên Quang", "p08"),
        ("Tỉnh Bắc Kạn", "p19"),  # into Thái Nguyên
        ("Tỉnh Quảng Nam", "p48"),  # into Đà Nẵng
        ("Tỉnh Bình Dương", "p79"),  # into Hồ Chí Minh City
        ("Tỉnh Bà Rịa - Vũng Tàu", "p79"),
        ("Thành phố Hà Nội", "p01"),  # unchanged
    ],
)
def test_the_2025_province_mergers(old_province, today):
    ch = areas.changes()
    row = ch[(ch["old_level"] == "province") & (ch["old_name_vi"] == old_province)]
    assert row["new_area_id"].tolist() == [today]


def test_files_are_small_enough_to_ship_and_say_where_they_come_from():
    for name in ("areas.csv", "area_changes.csv"):
        assert (settings.BUNDLED_DATA_DIR / name).stat().st_size < 2_000_000
    meta = json.loads((settings.BUNDLED_DATA_DIR / "areas.meta.json").read_text("utf-8"))
    assert [(s["package"], bool(s["version"])) for s in meta["sources"]] == [
        ("vietnam-provinces", True),
        ("vietnamadminunits", True),
    ]
    assert meta["counts"]["provinces"] == 34 and meta["counts"]["communes"] == 3321


# ---------------------------------------------------------------- matching today's names

NFD = unicodedata.normalize("NFD", "Phường Hoàn Kiếm")


@pytest.mark.parametrize(
    "written",
    [
        "Phường Hoàn Kiếm",
        "phường hoàn kiếm",
        "PHƯỜNG HOÀN KIẾM",
        NFD,
        "  Phường   Hoàn\u00a0Kiếm ",
        "P. Hoàn Kiếm",
        "P.Hoàn Kiếm",
        "Phuong Hoan Kiem",
        "phuong hoan kiem",
        "c00070",
        "C00070",
    ],
)
def test_todays_commune_in_nasty_spellings(written):
    m = areas.match(written)
    assert (m.status, m.area_ids, m.old_id) == ("ok", ("c00070",), None)
    assert m.message("vi") == "Phường Hoàn Kiếm, Thành phố Hà Nội"


@pytest.mark.parametrize(
    ("written", "area_id"),
    [
        ("Thành phố Hồ Chí Minh", "p79"),
        ("TP. Hồ Chí Minh", "p79"),
        ("TP.HCM", "p79"),
        ("Tp Hồ Chí Minh", "p79"),
        ("T.P. Hồ Chí Minh", "p79"),
        ("Hà Nội", "p01"),
        ("ha noi", "p01"),
        ("Tỉnh Tuyên Quang", "p08"),
        ("T. Tuyên Quang", "p08"),
        ("tuyen quang", "p08"),
        ("Xã Hoà An, Tỉnh Tuyên Quang", "c02353"),  # old tone placement: Hoà = Hòa
        ("Xã Hòa An, Tuyên Quang", "c02353"),
        ("X. Văn Lăng", "c05665"),
        ("Đặc khu Côn Đảo", "c26732"),
    ],
)
def test_type_words_abbreviations_and_scopes(written, area_id):
    m = areas.match(written)
    assert (m.status, m.area_ids) == ("ok", (area_id,)), m.message("en")


def test_a_name_without_accents_that_two_units_share_asks_for_more():
    m = areas.match("Xa Van Lang")
    assert m.status == "ambiguous"
    assert {"c05665", "c02143"} <= set(m.candidates)
    text = m.message("en")
    assert text.startswith("Several administrative units are called “Xa Van Lang” (")
    assert "Xã Văn Lăng, Tỉnh Thái Nguyên" in text and "Xã Văn Lang, Tỉnh Thái Nguyên" in text
    assert text.endswith(": add the province, the district or the unit's id")
    # With its tone marks and its province the name is one commune.
    assert areas.match("Xã Văn Lang, Tỉnh Thái Nguyên").area_ids == ("c02143",)
    assert areas.match("Xa Van Lang", within="p19").status == "ambiguous"  # Lang and Lăng
    assert areas.match("Xã Văn Lăng", within="Thái Nguyên").area_ids == ("c05665",)


# ---------------------------------------------------------------- old names


@pytest.mark.parametrize(
    ("written", "old_id", "area_id"),
    [
        ("Tỉnh Hà Giang", "old-p02", "p08"),
        ("Hà Giang", "old-p02", "p08"),  # a bare name is the province, not the town
        ("tinh ha giang", "old-p02", "p08"),
        ("Thành phố Hà Giang", "old-d024", "p08"),  # the old town of that name
        ("Huyện Ba Bể", "old-d061", "p19"),  # a district: the province it now lies in
        ("H. Ba Bể", "old-d061", "p19"),
        ("Quận Ba Đình", "old-d001", "p01"),
        ("TX. Sơn Tây", "old-d269", "p01"),  # the town of Hà Nội, not Huyện Sơn Tây of Quảng Ngãi
        ("Huyện Côn Đảo", "old-d755", "c26732"),  # the island district became one special zone
        ("Phường Phúc Xá", "old-c00001", "c00097"),  # merged into Phường Hồng Hà
        ("Phường Phúc Xá, Quận Ba Đình, Thành phố Hà Nội", "old-c00001", "c00097"),
        ("Phường Bến Nghé", "old-c26740", "c26740"),  # now Phường Sài Gòn, the same code
        ("Xã Thanh Xuân, Huyện Sóc Sơn", "old-c00433", "c00433"),
        ("Q1", "old-d760", "p79"),  # Quận 1 of Hồ Chí Minh City
        ("Q.1, TP.HCM", "old-d760", "p79"),
        ("Tỉnh Thừa Thiên Huế", "old-p46", "p46"),  # its name until 1 January 2025
        ("TỈNH HÀ GIANG", "old-p02", "p08"),
    ],
)
def test_an_old_name_maps_to_todays_unit(written, old_id, area_id):
    m = areas.match(written)
    assert (m.status, m.old_id, m.area_ids) == ("ok", old_id, (area_id,)), m.message("en")


def test_the_preview_says_what_an_old_name_became():
    m = areas.match("Tỉnh Hà Giang")
    assert m.message("vi") == "Tỉnh Hà Giang (trước 1/7/2025) nay thuộc Tỉnh Tuyên Quang"
    assert m.message("en") == "Tỉnh Hà Giang (before 1 July 2025) is now part of Tỉnh Tuyên Quang"
    into = areas.old_units_into("c00097")
    assert {"Phường Phúc Xá", "Phường Phúc Tân", "Phường Chương Dương"} <= set(
        into.loc[into["share"] == "whole", "old_name_vi"]
    )


def test_a_split_commune_is_refused_with_the_reason():
    m = areas.match("Phường Kim Mã")
    assert (m.status, m.ok, m.area_id, m.old_id) == ("split", False, None, "old-c00028")
    assert m.area_ids == ("c00004", "c00008", "c00025")
    assert m.message("vi") == (
        "Phường Kim Mã, Quận Ba Đình, Thành phố Hà Nội (trước 1/7/2025) đã được chia cho nhiều đơn vị "
        "(Phường Ba Đình, Thành phố Hà Nội; Phường Ngọc Hà, Thành phố Hà Nội; Phường Giảng Võ, Thành phố "
        "Hà Nội): tệp cần ghi số liệu riêng cho từng đơn vị mới"
    )


def test_a_numbered_old_ward_split_in_two_is_refused():
    m = areas.match("P7, Quận 8")
    assert (m.status, m.old_id, m.area_ids) == ("split", "old-c27433", ("c27424", "c27619"))
    assert areas.match("Phường 07, Quận 8, TP.HCM") == areas.Match(
        "Phường 07, Quận 8, TP.HCM", "split", ("c27424", "c27619"), old_id="old-c27433"
    )


def test_a_name_both_today_and_of_a_split_old_unit_depends_on_the_era():
    # Phường Ngọc Hà is a ward of today, and also an old ward split over two of today's.
    assert areas.match("Phường Ngọc Hà").status == "ambiguous"
    assert areas.match("Phường Ngọc Hà", era="current").area_ids == ("c00008",)
    # Before the reform two wards had the name (Hà Nội, Hà Giang): the district tells them apart.
    assert areas.match("Phường Ngọc Hà", era="old").status == "ambiguous"
    old = areas.match("Phường Ngọc Hà, Quận Ba Đình", era="old")
    assert (old.status, old.area_ids) == ("split", ("c00004", "c00008"))


@pytest.mark.parametrize(
    ("written", "suggested"),
    [
        ("Tỉnh Tuyên Quan", "p08"),
        ("Phường Hoàn Kiếmm", "c00070"),
        ("Phuong Hoan Kim", "c00070"),
        ("Huyện Ba Bêe", "old-d061"),
    ],
)
def test_an_unknown_name_suggests_the_closest(written, suggested):
    m = areas.match(written)
    assert m.status == "unknown"
    assert m.suggestions[0] == suggested
    assert m.message("en").startswith(f"No administrative unit called “{written}”; did you mean: ")


@pytest.mark.parametrize("written", ["", "   ", None, "Atlantis", '=HYPERLINK("x")', "**bold**"])
def test_nonsense_is_unknown_and_shown_as_text(written):
    m = areas.match(written)
    assert m.status == "unknown" and m.area_id is None
    assert areas.clean(written or "") in m.message("en")


# ---------------------------------------------------------------- summing an old file into today


def test_old_communes_merged_into_one_are_summed_and_split_ones_left_out():
    upload = pd.DataFrame(
        {
            "indicator_id": ["jobs_created"] * 5,
            "area": ["Phường Phúc Xá", "P. Phúc Tân", "Phuong Chuong Duong", "Phường Kim Mã", "Xã Nowhere"],
            "period": ["2024"] * 5,
            "value": [10.0, 20.0, 5.0, 7.0, 1.0],
        }
    )
    out, matches = areas.to_today(upload)
    assert out.to_dict("records") == [
        {"indicator_id": "jobs_created", "area": "c00097", "period": "2024", "value": 35.0}
    ]
    assert {k[0]: m.status for k, m in matches.items()} == {
        "Phường Phúc Xá": "ok",
        "P. Phúc Tân": "ok",
        "Phuong Chuong Duong": "ok",
        "Phường Kim Mã": "split",
        "Xã Nowhere": "unknown",
    }


@pytest.mark.parametrize(
    ("period", "era"),
    [("2024", "old"), ("2025-06", "old"), ("2025", "auto"), ("2025-07", "current"), ("2026", "current")],
)
def test_the_period_says_which_names_a_row_uses(period, era):
    assert areas.era_of(period) == era


def test_a_row_after_the_reform_reads_todays_name():
    upload = pd.DataFrame(
        {"area": ["Phường Ngọc Hà", "Phường Ngọc Hà"], "period": ["2025-08", "2024-08"], "value": [3.0, 4.0]}
    )
    out, matches = areas.to_today(upload)
    assert out.to_dict("records") == [{"area": "c00008", "period": "2025-08", "value": 3.0}]
    assert matches[("Phường Ngọc Hà", "old")].status == "ambiguous"  # two old wards of that name


# ---------------------------------------------------------------- the commands


def test_the_build_command_reproduces_the_shipped_files(tmp_path):
    from importlib import metadata

    try:  # the build reads the packages' data files; they are dev requirements only
        metadata.version("vietnam-provinces"), metadata.version("vietnamadminunits")
    except metadata.PackageNotFoundError:
        pytest.skip("the area packages of requirements-dev.txt are not installed")
    from tools import build_areas

    assert build_areas.main(["--out", str(tmp_path)]) == 0
    for name in ("areas.csv", "area_changes.csv", "areas.meta.json"):
        assert (tmp_path / name).read_bytes() == (settings.BUNDLED_DATA_DIR / name).read_bytes(), name


def test_the_match_command_says_what_each_name_is_today(capsys):
    from lib.__main__ import main

    assert main(["areas", "match", "Huyện Ba Bể", "TP.HCM", "--lang", "en"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines == [
        "Huyện Ba Bể\tok\tp19\t"
        "Huyện Ba Bể, Tỉnh Bắc Kạn (before 1 July 2025) is now part of Tỉnh Thái Nguyên",
        "TP.HCM\tok\tp79\tThành phố Hồ Chí Minh",
    ]
    assert main(["areas", "match", "Phường Kim Mã"]) == 1


@pytest.mark.parametrize(
    ("area_id", "lang", "shown"),
    [
        ("province", "vi", "Toàn tỉnh"),
        ("all", "en", "All areas (total)"),
        ("p08", "vi", "Tỉnh Tuyên Quang"),
        ("c00070", "vi", "Phường Hoàn Kiếm"),
        ("c00070", "en", "Phuong Hoan Kiem"),
        ("old-d061", "en", "Huyện Ba Bể"),
        ("my_own_area", "vi", "my_own_area"),
    ],
)
def test_pages_name_an_area_id_by_the_catalogue(area_id, lang, shown):
    from lib.report import briefing

    assert areas.display_name(area_id, lang) == shown
    assert briefing.area_label(area_id, lang) == shown
