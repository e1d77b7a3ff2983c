"""Rebuild the area catalogue: `python -m tools.build_areas [--out DIR]` (default: data/).

Writes three files the app ships and reads at run time (it never needs the packages below):
- `areas.csv`: today's units (since 1 July 2025): the bundled data's `province` (level
  `whole`, "the whole province"), the 34 provinces and the 3.321 communes, wards and special
  zones: area_id, name_vi, name_en, level, parent, code, lat, lon, valid_from, valid_to.
- `area_changes.csv`: the units before the reform (63 provinces, 696 districts, 10.035
  communes) and where each went: one row per (old unit, today's unit) pair: old_id, old_level,
  old_code, old_name_vi, old_parent, new_area_id, share (`whole`: all of the old unit lies in
  the new one; `part`: the old unit was split, one row per piece).
- `areas.meta.json`: the sources, their versions, the counts (CSV has no safe header) and
  other names of provinces: the package's short ones (`hcm`, `hn`: `TP.HCM` is how many files
  write it) and FORMER_NAMES below.

Sources, both pip packages, used here at build time only (pinned in requirements-dev.txt):
- `vietnam-provinces` (Nguyễn Hồng Quân, sunshine-tech/VietnamProvinces): today's names and
  **official codes** (Tổng cục Thống kê / Decision 19/2025/QĐ-TTg), read from its JSON.
- `vietnamadminunits` (tranngocminhhieu/vietnamadminunits): coordinates, the pre-2025 units
  and the old-to-new mapping, read from its SQLite file and `converter_2025.json`. Its own
  codes for today's wards come from sapnhap.bando.com.vn and differ from the official ones
  for 114 wards (its issue #1), so they are not used: its wards are joined to the official
  list by province code and name (tone marks kept: `Văn Lăng` and `Văn Lang` are two communes
  of Thái Nguyên), and the join must cover all 3.321 or the build stops.
Why both rather than one: only the first has the official codes, only the second has the
coordinates and the mapping. Neither is imported (the second would pull shapely and geopy):
their data files are located through `importlib.metadata` and read directly.

Id scheme: `p01` (province, official 2-digit code), `c00070` (commune, official 5-digit
code); old units `old-p02`, `old-d026`, `old-c00688` (old codes, which new ones reuse).
The prefix keeps spreadsheets from dropping leading zeros and keeps old and new apart.

An old district maps to today's province that contains it, or to a single commune when the
whole district became that one commune (the island districts became special zones).
"""

from __future__ import annotations

import argparse
import csv
import json
import sqlite3
import sys
from collections import defaultdict
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from lib.data import areas  # noqa: E402  (the same name keys the app matches with)

VALID_FROM = "2025-07-01"
OLD_VALID_TO = "2025-06-30"
AREA_COLUMNS = [
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
CHANGE_COLUMNS = ["old_id", "old_level", "old_code", "old_name_vi", "old_parent", "new_area_id", "share"]
# Names the packages no longer know that the department's older files use: Thừa Thiên Huế
# became Thành phố Huế on 1 January 2025 (the packages' "old" units are those of 30 June 2025).
FORMER_NAMES = {"old-p46": ["Thừa Thiên Huế"]}
WHOLE = {
    "area_id": "province",
    "name_vi": "Toàn tỉnh",
    "name_en": "Province-wide",
    "level": "whole",
    "parent": "",
    "code": "",
    "lat": "",
    "lon": "",
    "valid_from": "",
    "valid_to": "",
}


def package_file(dist: str, suffix: str) -> Path:
    """A data file inside an installed distribution, without importing it."""
    try:
        files = metadata.files(dist) or []
    except metadata.PackageNotFoundError:
        raise SystemExit(f"{dist} is not installed: pip install -r requirements-dev.txt") from None
    for f in files:
        if str(f).endswith(suffix):
            return Path(f.locate())
    raise SystemExit(f"{dist} has no {suffix}")


def _province_name(p: dict) -> str:
    """`Tỉnh Cao Bằng`, `Thành phố Hà Nội`: the package writes the type word for cities only."""
    name = p["name"]
    if p["division_type"] == "tỉnh" and not name.startswith("Tỉnh "):
        name = "Tỉnh " + name
    return name


def _coord(x) -> str:
    return "" if x is None else f"{float(x):.5f}".rstrip("0").rstrip(".")


def build() -> tuple[list[dict], list[dict], dict]:
    official = json.loads(package_file("vietnam-provinces", "data/nested-divisions.json").read_text("utf-8"))
    db = sqlite3.connect(package_file("vietnamadminunits", "data/dataset.db"))
    conv = json.loads(package_file("vietnamadminunits", "data/converter_2025.json").read_text("utf-8"))

    # vietnamadminunits' today's wards: (province code, toned name key) -> row; and its keys.
    geo: dict[tuple[str, str], tuple] = {}
    by_pkg_key: dict[tuple[str, str], tuple[str, str]] = {}  # (provinceKey, wardKey) -> (pcode, tkey)
    prov_geo: dict[str, tuple] = {}
    prov_key_code: dict[str, str] = {}
    aliases = {
        f"p{code}": json.loads(raw)
        for code, raw in db.execute("SELECT DISTINCT provinceCode, provinceAlias FROM admin_units")
        if raw and raw != "None"
    } | {
        f"old-p{code}": json.loads(raw)
        for code, raw in db.execute("SELECT DISTINCT provinceCode, provinceAlias FROM admin_units_legacy")
        if raw and raw != "None"
    }
    for unit, names in FORMER_NAMES.items():
        aliases[unit] = aliases.get(unit, []) + names
    rows = db.execute(
        "SELECT provinceCode, provinceKey, provinceLat, provinceLon, ward, wardKey, wardLat, wardLon "
        "FROM admin_units"
    )
    for pcode, pkey, plat, plon, ward, wkey, lat, lon in rows:
        k = (pcode, areas.toned_key(ward))
        if k in geo:
            raise SystemExit(f"two wards of province {pcode} share the name {ward}")
        geo[k] = (lat, lon)
        by_pkg_key[(pkey, wkey)] = k
        prov_geo[pcode] = (plat, plon)
        prov_key_code[pkey] = pcode

    out: list[dict] = [WHOLE]
    ward_id: dict[tuple[str, str], str] = {}
    for p in sorted(official, key=lambda p: p["code"]):
        pcode = f"{p['code']:02d}"
        plat, plon = prov_geo[pcode]
        name = _province_name(p)
        out.append(
            {
                "area_id": f"p{pcode}",
                "name_vi": name,
                "name_en": areas.unaccented(name),
                "level": "province",
                "parent": "",
                "code": pcode,
                "lat": _coord(plat),
                "lon": _coord(plon),
                "valid_from": VALID_FROM,
                "valid_to": "",
            }
        )
        for w in sorted(p["wards"], key=lambda w: w["code"]):
            code = f"{w['code']:05d}"
            k = (pcode, areas.toned_key(w["name"]))
            if k not in geo:
                raise SystemExit(f"no coordinates for {w['name']} ({code}) of {name}: names differ")
            lat, lon = geo.pop(k)
            ward_id[k] = f"c{code}"
            out.append(
                {
                    "area_id": f"c{code}",
                    "name_vi": w["name"],
                    "name_en": areas.unaccented(w["name"]),
                    "level": "commune",
                    "parent": f"p{pcode}",
                    "code": code,
                    "lat": _coord(lat),
                    "lon": _coord(lon),
                    "valid_from": VALID_FROM,
                    "valid_to": "",
                }
            )
    if geo:
        raise SystemExit(f"wards of vietnamadminunits not in the official list: {sorted(geo)[:5]}")

    # Old units and where they went.
    new_of_pkg = {pk: ward_id[k] for pk, k in by_pkg_key.items()}
    old_prov_to_new: dict[str, str] = {}
    for new_pkey, old_pkeys in conv["DICT_PROVINCE"].items():
        for old in old_pkeys:
            old_prov_to_new[old] = f"p{prov_key_code[new_pkey]}"
    ward_whole: dict[str, str] = {}
    for new_pkey, wards in conv["DICT_PROVINCE_WARD_NO_DIVIDED"].items():
        for new_wkey, olds in wards.items():
            for old in olds:
                ward_whole[old] = new_of_pkg[(new_pkey, new_wkey)]
    ward_parts: dict[str, list[str]] = {}
    for new_pkey, olds in conv["DICT_PROVINCE_WARD_DIVIDED"].items():
        for old, news in olds.items():
            ward_parts[old] = sorted({new_of_pkg[(new_pkey, n["newWardKey"])] for n in news})

    legacy = db.execute(
        "SELECT provinceKey, province, provinceCode, districtKey, district, districtCode, "
        "wardKey, ward, wardCode FROM admin_units_legacy ORDER BY provinceCode, districtCode, wardCode"
    ).fetchall()
    provinces: dict[str, tuple] = {}
    districts: dict[str, tuple] = {}
    district_targets: dict[str, set[str]] = defaultdict(set)
    communes: list[dict] = []
    for pkey, pname, pcode, dkey, dname, dcode, wkey, wname, wcode in legacy:
        new_prov = old_prov_to_new[pkey]
        provinces[pcode] = (pname, new_prov)
        districts[dcode] = (dname, pcode, new_prov)
        key = f"{pkey}_{dkey}_{wkey or ''}"
        targets = [ward_whole[key]] if key in ward_whole else ward_parts[key]
        district_targets[dcode].update(targets)
        if wname is None:  # an island district without communes: it became one special zone
            continue
        for t in targets:
            communes.append(
                {
                    "old_id": f"old-c{wcode}",
                    "old_level": "commune",
                    "old_code": wcode,
                    "old_name_vi": wname,
                    "old_parent": f"old-d{dcode}",
                    "new_area_id": t,
                    "share": "whole" if len(targets) == 1 else "part",
                }
            )
    parent_of = {r["area_id"]: r["parent"] for r in out}
    changes: list[dict] = []
    for pcode, (pname, new_prov) in sorted(provinces.items()):
        changes.append(
            {
                "old_id": f"old-p{pcode}",
                "old_level": "province",
                "old_code": pcode,
                "old_name_vi": pname,
                "old_parent": "",
                "new_area_id": new_prov,
                "share": "whole",
            }
        )
    for dcode, (dname, pcode, new_prov) in sorted(districts.items()):
        targets = district_targets[dcode]
        if {parent_of[t] for t in targets} != {new_prov}:
            raise SystemExit(f"district {dname} ({dcode}) spreads over several provinces")
        (target,) = targets if len(targets) == 1 else (new_prov,)
        changes.append(
            {
                "old_id": f"old-d{dcode}",
                "old_level": "district",
                "old_code": dcode,
                "old_name_vi": dname,
                "old_parent": f"old-p{pcode}",
                "new_area_id": target,
                "share": "whole",
            }
        )
    changes.extend(communes)

    meta = {
        "built_by": "python -m tools.build_areas",
        "valid_from": VALID_FROM,
        "old_units_valid_to": OLD_VALID_TO,
        "sources": [
            {
                "package": "vietnam-provinces",
                "version": metadata.version("vietnam-provinces"),
                "used_for": "names and official codes of today's provinces and communes",
                "home": "https://github.com/sunshine-tech/VietnamProvinces",
            },
            {
                "package": "vietnamadminunits",
                "version": metadata.version("vietnamadminunits"),
                "used_for": "coordinates, the pre-2025 units and the old-to-new mapping",
                "home": "https://github.com/tranngocminhhieu/vietnamadminunits",
            },
        ],
        "counts": {
            "provinces": sum(r["level"] == "province" for r in out),
            "communes": sum(r["level"] == "commune" for r in out),
            "old_provinces": len(provinces),
            "old_districts": len(districts),
            "old_communes": len({c["old_id"] for c in communes}),
            "old_communes_split": len({c["old_id"] for c in communes if c["share"] == "part"}),
        },
        "aliases": aliases,
        "coordinates": "one point per unit (from vietnamadminunits), WGS 84 degrees; not boundaries",
    }
    return out, changes, meta


def write(out_dir: Path) -> dict:
    rows, changes, meta = build()
    out_dir.mkdir(parents=True, exist_ok=True)
    for name, columns, data in (
        ("areas.csv", AREA_COLUMNS, rows),
        ("area_changes.csv", CHANGE_COLUMNS, changes),
    ):
        with (out_dir / name).open("w", newline="", encoding="utf-8") as f:
            w = csv.DictWriter(f, fieldnames=columns, lineterminator="\n")
            w.writeheader()
            w.writerows(data)
    (out_dir / "areas.meta.json").write_text(json.dumps(meta, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.build_areas", description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="folder to write (default: data/)")
    args = parser.parse_args(argv)
    meta = write(args.out)
    print(f"{args.out}: areas.csv, area_changes.csv, areas.meta.json: {json.dumps(meta['counts'])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
