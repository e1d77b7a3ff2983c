"""The unit registry: every unit an indicator may have, and what the unit allows.

One place for each rule that depends on the unit: whether figures add up across places and
months (a count or an amount does; a rate's fall in points does not), whether a figure may be
negative, whether it is a count (whole numbers: `25,953` people can only be 25953), how many
decimals it is written with (on screen, in a table, in a chart's labels and tooltips, in a
workbook's cells, in a download: `decimals`, `rounded`), how two
figures of it compare (points by difference, everything else by ratio) and whether it is written
with its unit or as money. The reader, the store, formatting, cards, charts and sentences ask
this module; none keeps a list of its own. An id the registry does not know (a figure with no
indicator) is written like a count of people and compared by ratio: `get` alone is strict.

A new unit is one entry in `REGISTRY` plus its label in both string catalogues (`[unit]` in
lib/locales/*.toml: `<id>`, and `<id>_prose` when `prose` is set); tests/test_units.py checks
both and shows a new unit formatted, compared and summed with no other module touched. Also
owns the one missing-value rule (`is_missing`). Never imports Streamlit; pandas only for
`is_missing`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import pandas as pd


@dataclass(frozen=True)
class Unit:
    id: str
    additive: bool  # figures of several places or months add up to the total's figure
    non_negative: bool  # a figure below zero is an error in the file
    count: bool  # whole numbers only: the reader uses it to settle "25,953" vs "25.953"
    compare: str  # "difference" (points: 6,5 vs 4,87 is 1,63 points) or "ratio" (117%)
    money: bool = False  # written as an amount of money ("6,96 tỷ đồng"), not "N unit"
    decimals: int | None = None  # fixed decimals; None: a count 0, else 0 from 100 up and 1 below
    prose: bool = False  # a sentence names it otherwise than a table: `unit.<id>_prose`
    # Words a unit cell of an upload may hold besides the unit's labels (folded, no accents)
    cell_words: tuple[str, ...] = ()


REGISTRY: dict[str, Unit] = {
    u.id: u
    for u in (
        Unit("people", additive=True, non_negative=True, count=True, compare="ratio"),
        Unit("households", additive=True, non_negative=True, count=True, compare="ratio"),
        Unit("gifts", additive=True, non_negative=True, count=True, compare="ratio"),
        Unit("families", additive=True, non_negative=True, count=True, compare="ratio"),
        Unit("vnd", additive=True, non_negative=True, count=False, compare="ratio", money=True),
        # Days ahead of a deadline: a whole number, but two places' days do not add up and a
        # late delivery is negative.
        Unit("days", additive=False, non_negative=False, count=True, compare="ratio"),
        # A rate's change in percentage points: never summed, may be negative (a rise).
        Unit(
            "points",
            additive=False,
            non_negative=False,
            count=False,
            compare="difference",
            decimals=2,
            prose=True,  # "4,87 điểm %" in a table, "4,87 điểm phần trăm" in a sentence
            cell_words=("%", "diem"),  # "4,87%" of households is a change in points
        ),
    )
}

DEFAULT = "people"  # what a figure with no known indicator is formatted as

ADDITIVE: frozenset[str] = frozenset(u.id for u in REGISTRY.values() if u.additive)
NON_NEGATIVE: frozenset[str] = frozenset(u.id for u in REGISTRY.values() if u.non_negative)
COUNTS: frozenset[str] = frozenset(u.id for u in REGISTRY.values() if u.count)


def get(unit_id: str) -> Unit:
    """The unit; an id the registry does not know is a `KeyError` (the catalogue reader refuses
    such a unit before anything else asks)."""
    return REGISTRY[unit_id]


def known(unit_id: object) -> bool:
    return isinstance(unit_id, str) and unit_id in REGISTRY


def _fixed(unit_id: str) -> int | None:
    """The unit's decimals whatever the figure: its own, 0 for a count (people, households,
    lượt: a computed 22.182,05 people or 7,4 households is written 22.182 and 7; the range
    of a calculated plan says how exact it is, never its decimals), None when they depend on the
    figure. An id the registry does not know is a count of people (`DEFAULT`)."""
    unit = REGISTRY.get(unit_id, REGISTRY[DEFAULT])
    if unit.decimals is not None:
        return unit.decimals
    return 0 if unit.count else None


def decimals(x: float, unit_id: str) -> int:
    """Decimals a figure is written with: the unit's own, 0 for a count, else 0 from 100 up
    and 1 below (an amount of money under 100 đồng)."""
    fixed = _fixed(unit_id)
    if fixed is not None:
        return fixed
    return 0 if abs(x) >= 100 else 1


def rounded(x: float | None, unit_id: str) -> float | None:
    """The figure at the decimals it is written with (`decimals`): what a table's cell and a
    download hold, so the cell, its tooltip and its download say the same number (22182.05
    people -> 22182.0; 4.8712 points -> 4.87). Missing stays missing."""
    if is_missing(x):
        return None
    return round(float(x), decimals(float(x), unit_id))


def by_difference(unit_id: str) -> bool:
    """True when two figures compare by difference (points), False when by ratio (percent)."""
    return unit_id in REGISTRY and REGISTRY[unit_id].compare == "difference"


def money(unit_id: str) -> bool:
    """True when a figure is written as an amount ("6,96 tỷ đồng"), not "N <unit>"; money keeps
    its words even where a table gives the unit a column of its own."""
    return unit_id in REGISTRY and REGISTRY[unit_id].money


def prose(unit_id: str) -> bool:
    """True when a sentence names the unit otherwise than a table ("điểm phần trăm")."""
    return unit_id in REGISTRY and REGISTRY[unit_id].prose


def d3_format(unit_id: str) -> str:
    """A chart label's or tooltip's number format (d3, through the chart's locale): the unit's
    fixed decimals with trailing zeros trimmed (",.2~f": 4,87 and 3), else whole numbers
    (",.0f": a count, and money, which a chart labels in its own unit)."""
    fixed = _fixed(unit_id)
    return f",.{fixed}~f" if fixed else ",.0f"


def excel_format(unit_id: str) -> str:
    """A workbook cell's number format: the unit's fixed decimals ("0.00"), else thousands
    grouped with no decimals ("#,##0"); Excel then shows it in the reader's locale."""
    fixed = _fixed(unit_id)
    return "0." + "0" * fixed if fixed else "#,##0"


def is_missing(x: object) -> bool:
    """The one missing-value rule: None, NaN and pandas' NA are missing; 0 is a figure."""
    if x is None or x is pd.NA:
        return True
    if isinstance(x, float):
        return math.isnan(x)
    try:
        return bool(pd.isna(x)) if not isinstance(x, (str, bytes)) else False
    except (TypeError, ValueError):
        return False
