"""A file's written areas as today's administrative units (the catalogue is lib/data/areas.py).

Owns what the reader decides about an area cell: the whole province however it is written
(`whole_province`), a unit of today kept, a pre-2025 unit mapped to the unit it is now part of,
several pre-2025 units now one unit summed where their figures add up, and what cannot be
placed refused with its first line. What is decided is said in notes.

Never changes a figure's value except by summing the units merged into one; never guesses a
name (a near match is only suggested); never raises.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal

from lib.data import areas
from lib.data.contract import DEFAULT_AREA, SUMMED_MEASURES, FileResult, InLanguages, Problem
from lib.data.tables import key
from lib.i18n import t
from lib.units import ADDITIVE

_PROVINCE_KEYS = {"province", "tinh", "toantinh", "provincewide", "toanbotinh"}
# A code of the user's own (`district_a`, `p01/c00001`): lower-case ASCII without spaces. It is
# kept as written when it names no unit; a written name that matches nothing is refused.
OWN_AREA_RE = re.compile(r"[a-z0-9][a-z0-9_./-]*", re.ASCII)

Placed = tuple[str, str, bool]  # (today's id, the unit written, whether it is of before 2025)


def whole_province(text: str) -> str:
    """The whole province however it is written ("Toàn tỉnh", "Province-wide") is `province`."""
    return DEFAULT_AREA if key(text) in _PROVINCE_KEYS else text


def _both(render: Callable[[str], str], name: str = "text") -> tuple[tuple[str, object], ...]:
    """`render(lang)` in both languages, as the one parameter `name` of a message."""
    return ((name, InLanguages(render("vi"), render("en"))),)


def _read_area(text: str, era: str, suggestions: bool) -> areas.Match:
    """A written area in its period's era; a name of the other era is also accepted (figures
    restated for today's units, an old name on a 2025 figure) when its own era has none."""
    found = areas.match(text, era=era, closest=False)
    if found.status == "unknown" and era != "auto":
        found = areas.match(text, era="auto", closest=False)
    if found.status == "unknown" and suggestions:
        found = areas.match(text, era=era, closest=True)
    return found


def _decide(
    pair: tuple[str, str], line: str, column: str, suggest: bool, result: FileResult
) -> areas.Match | None:
    """What one written area of one era is (None: the user's own code), noted or refused."""
    file = result.file
    m = _read_area(pair[0], pair[1], suggestions=suggest)
    if m.status == "unknown" and OWN_AREA_RE.fullmatch(pair[0]):
        result.notes.append(Problem(file, line, column, "area_own", pair[0]))
        return None
    if m.ok and m.old_id:
        result.notes.append(Problem(file, line, column, "area_mapped", pair[0], params=_both(m.message)))
    elif not m.ok:
        result.problems.append(Problem(file, line, column, "area_unplaced", pair[0], params=_both(m.message)))
    return m


def _place(
    records: list[dict[str, str]], lines: list[str], column: str, result: FileResult
) -> list[Placed | None]:
    """Each record's area as today's unit (None where it cannot be placed)."""
    decided: dict[tuple[str, str], areas.Match | None] = {}
    suggested = 0
    placed: list[Placed | None] = []
    for row, line in zip(records, lines, strict=True):
        pair = (row["area"], areas.era_of(row["period"]))
        if pair not in decided:
            decided[pair] = _decide(pair, line, column, suggested < areas.MAX_SUGGESTED, result)
            suggested += decided[pair] is not None and decided[pair].status == "unknown"
        m = decided[pair]
        if m is None:
            placed.append((pair[0], pair[0], False))
        else:
            placed.append((m.area_id, m.old_id or m.area_id, bool(m.old_id)) if m.ok else None)
    return placed


def _joined(rows: list[dict[str, str]], column: str) -> str:
    return "; ".join(dict.fromkeys(r[column] for r in rows if r[column]))


def _summed(rows: list[dict[str, str]], area_id: str) -> dict[str, str]:
    """One record for several units now one: values added, bounds and provenances combined."""
    first = rows[0]
    return {
        **first,
        "area": area_id,
        "value": str(sum(Decimal(r["value"]) for r in rows)),
        "bound": "more_than" if any(r["bound"] == "more_than" for r in rows) else "exact",
        "provenance": first["provenance"]
        if all(r["provenance"] == first["provenance"] for r in rows)
        else "user",
        "source": _joined(rows, "source"),
        "note": _joined(rows, "note"),
    }


def _merge(
    group: list[int], records: list[dict[str, str]], lines: list[str], placed: list[Placed],
    units: dict[str, str], column: str, result: FileResult,
) -> dict[str, str] | None:  # fmt: skip
    """The one record of several records placed in the same unit, or None (a problem added)."""
    file, first = result.file, records[group[0]]
    ind, area_id, measure = first["indicator_id"], placed[group[0]][0], first["measure"]
    written = [placed[i][1] for i in group]
    line = lines[group[1]]
    new = _both(lambda lang: areas.label(area_id, lang), "unit")
    if len(set(written)) < len(written) or not all(placed[i][2] for i in group):
        twice = (("first", lines[group[0]]),) + new
        result.problems.append(
            Problem(file, line, column, "area_twice", records[group[1]]["area"], params=twice)
        )
        return None
    if units.get(ind) not in ADDITIVE or measure not in SUMMED_MEASURES:
        params = new + _both(lambda lang: t(f"measure.{measure}", lang), "measure")
        result.problems.append(Problem(file, line, column, "area_not_additive", ind, params=params))
        return None
    return _summed([records[i] for i in group], area_id)


def today_areas(
    records: list[dict[str, str]], lines: list[str], units: dict[str, str], column: str, result: FileResult
) -> list[dict[str, str]]:
    """The records with their areas as today's units (`lib/data/areas.py`), what was decided in
    `result.notes` and what cannot be placed in `result.problems` (each naming its first line).

    - A unit of today (id or name) or the whole province: kept. A pre-2025 unit: mapped to the
      unit it is now part of, with a note `X (before 1 July 2025) is now part of Y`.
    - Several pre-2025 units now one unit: their figures (same indicator, period and measure)
      are summed, with a note naming them; refused for a measure or unit that does not add up
      (a % of plan, a rate), and where the file also gives that unit of today itself.
    - A pre-2025 unit split over several units: refused; the file must give each new unit.
    - Several units of that name: refused, naming them. No unit of that name: a code of the
      user's own (`OWN_AREA_RE`) is kept with a note; any other text is refused with the
      closest names.
    """
    placed = _place(records, lines, column, result)
    if result.problems:
        return records
    groups: dict[tuple[str, str, str, str], list[int]] = {}
    for i, (row, where) in enumerate(zip(records, placed, strict=True)):
        groups.setdefault((row["indicator_id"], where[0], row["period"], row["measure"]), []).append(i)
    out, said = [], set()
    for (_, area_id, _, _), group in groups.items():
        if len(group) == 1:
            out.append({**records[group[0]], "area": area_id})
            continue
        merged = _merge(group, records, lines, placed, units, column, result)
        if merged is None:
            continue
        out.append(merged)
        written = tuple(placed[i][1] for i in group)
        if (area_id, written) not in said:
            said.add((area_id, written))
            params = _both(lambda lang, a=area_id: areas.label(a, lang), "unit")
            params += (("old", ", ".join(areas.name(w) for w in written)), ("count", len(group)))
            result.notes.append(Problem(result.file, lines[group[0]], column, "area_summed", params=params))
    return out
