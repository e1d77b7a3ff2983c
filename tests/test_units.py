"""The unit registry: its facts as one table, its labels in both catalogues, the one
missing-value rule, and a new unit that works everywhere once it is in lib/units.py."""

from __future__ import annotations

import ast
import dataclasses
import io
import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from lib import fmt, i18n, units
from lib.data import queries, store, validate
from lib.report import briefing, report, scorecard
from lib.settings import BUNDLED_DATA_DIR

ROOT = Path(__file__).resolve().parents[1]

# Every unit and what it allows, as the department's data uses them.
COLUMNS = ("additive", "non_negative", "count", "compare", "money", "decimals", "prose", "cell_words")
FACTS = {
    "people":     (True,  True,  True,  "ratio",      False, None, False, ()),
    "households": (True,  True,  True,  "ratio",      False, None, False, ()),
    "gifts":      (True,  True,  True,  "ratio",      False, None, False, ()),
    "families":   (True,  True,  True,  "ratio",      False, None, False, ()),
    "vnd":        (True,  True,  False, "ratio",      True,  None, False, ()),
    "days":       (False, False, True,  "ratio",      False, None, False, ()),
    "points":     (False, False, False, "difference", False, 2,    True,  ("%", "diem")),
}  # fmt: skip


def facts(registry: dict[str, units.Unit]) -> dict[str, tuple]:
    return {
        uid: tuple(getattr(u, f.name) for f in dataclasses.fields(u) if f.name != "id")
        for uid, u in registry.items()
    }


def test_registry_facts_as_one_table():
    assert tuple(f.name for f in dataclasses.fields(units.Unit))[1:] == COLUMNS
    assert facts(units.REGISTRY) == FACTS
    assert all(uid == u.id for uid, u in units.REGISTRY.items())
    assert (units.ADDITIVE, units.NON_NEGATIVE, units.COUNTS) == (
        {"people", "households", "gifts", "families", "vnd"},
        {"people", "households", "gifts", "families", "vnd"},
        {"people", "households", "gifts", "families", "days"},
    )
    assert units.DEFAULT in units.REGISTRY


def test_what_each_unit_is_written_and_compared_with():
    got = {
        uid: (
            units.decimals(4.5, uid),
            units.decimals(250, uid),
            units.by_difference(uid),
            units.money(uid),
            units.d3_format(uid),
            units.excel_format(uid),
        )
        for uid in [*units.REGISTRY, "not_a_unit"]
    }
    whole = (0, 0, False, False, ",.0f", "#,##0")  # a count: whole numbers whatever its size
    assert got == {
        "people": whole,
        "households": whole,
        "gifts": whole,
        "families": whole,
        "vnd": (1, 0, False, True, ",.0f", "#,##0"),
        "days": whole,
        "points": (2, 2, True, False, ",.2~f", "0.00"),
        "not_a_unit": whole,  # a figure with no known indicator: like a count of people
    }
    with pytest.raises(KeyError):
        units.get("not_a_unit")


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_every_unit_has_its_labels_and_no_label_lacks_a_unit(lang):
    cat = i18n.catalogue(lang)
    labels = {k.removeprefix("unit.") for k in cat if k.startswith("unit.")}
    expected = set(units.REGISTRY) | {f"{u.id}_prose" for u in units.REGISTRY.values() if u.prose}
    assert labels == expected
    assert all(cat[f"unit.{x}"].strip() for x in expected)


def test_every_unit_of_the_bundled_catalogue_is_known():
    catalogue = pd.read_csv(BUNDLED_DATA_DIR / "indicators.csv")
    assert set(catalogue["unit"]) - set(units.REGISTRY) == set()


def test_the_catalogue_reader_refuses_a_unit_the_registry_does_not_know():
    body = (
        "indicator_id,field,name_vi,name_en,unit,direction\n"
        "jobs_created,labour,Lao động có việc làm,Jobs,people,up\n"
        "cups_given,social,Cốc được phát,Cups given,cups,up\n"
    )
    result = validate.validate_bytes(body.encode(), "indicators.csv", {})
    assert [(p.line, p.column, p.value) for p in result.problems] == [("3", "unit", "cups")]
    assert result.frame is None


@pytest.mark.parametrize(
    ("value", "missing"),
    [
        (None, True),
        (float("nan"), True),
        (np.nan, True),
        (np.float64("nan"), True),
        (np.float32("nan"), True),
        (pd.NA, True),
        (pd.NaT, True),
        (0, False),
        (0.0, False),
        (np.int64(0), False),
        ("", False),
        ("x", False),
        (math.inf, False),
        ([1, 2], False),
    ],
)
def test_the_one_missing_value_rule(value, missing):
    assert units.is_missing(value) is missing


@pytest.mark.parametrize("value", [None, float("nan"), np.float32("nan"), pd.NA, pd.NaT])
@pytest.mark.parametrize(
    "show",
    [
        lambda x: fmt.number(x),
        lambda x: fmt.percent(x),
        lambda x: fmt.signed_percent(x, "en"),
        lambda x: fmt.money_vnd(x),
        lambda x: fmt.figure(x, "people"),
        lambda x: fmt.figure(x, "points", "en", prose=True),
        lambda x: fmt.approx_figure(x, "households", "vi", 1, 2),
    ],
)
def test_every_formatter_shows_a_missing_figure_as_a_dash(show, value):
    assert show(value) == "—"


@pytest.mark.parametrize("empty", [None, float("nan"), pd.NA, ""])
def test_a_missing_english_name_falls_back_to_the_vietnamese_one(empty):
    row = {"name_vi": "Lượt lao động được tạo việc làm mới", "name_en": empty}
    frame = pd.DataFrame([row, {"name_vi": "Hộ nghèo", "name_en": "Poor households"}], dtype="object")
    assert i18n.name(row, "en") == "Lượt lao động được tạo việc làm mới"
    assert i18n.names(frame, "en").tolist() == ["Lượt lao động được tạo việc làm mới", "Poor households"]
    assert i18n.names(frame, "vi").tolist() == ["Lượt lao động được tạo việc làm mới", "Hộ nghèo"]


# ---------------------------------------------------------------- a new unit touches one module

NEW_UNITS = (
    # A count that adds up over months and places, compared by ratio.
    units.Unit("cups", additive=True, non_negative=True, count=True, compare="ratio"),
    # A score compared by difference, one decimal, with a sentence form of its label.
    units.Unit(
        "score", additive=False, non_negative=False, count=False, compare="difference", decimals=1, prose=True
    ),
)
NEW_LABELS = {
    "vi": {"unit.cups": "cốc", "unit.score": "điểm", "unit.score_prose": "điểm đánh giá"},
    "en": {"unit.cups": "cups", "unit.score": "score points", "unit.score_prose": "assessment points"},
}


@pytest.fixture
def new_units(monkeypatch):
    """Two units added the way a newcomer would: entries in REGISTRY (the sets follow from
    them) and their labels in the catalogues. No other module is touched."""
    registry = units.REGISTRY | {u.id: u for u in NEW_UNITS}
    monkeypatch.setattr(units, "REGISTRY", registry)
    for name, flag in (("ADDITIVE", "additive"), ("NON_NEGATIVE", "non_negative"), ("COUNTS", "count")):
        monkeypatch.setattr(units, name, frozenset(u.id for u in registry.values() if getattr(u, flag)))
    shipped = i18n.catalogue
    monkeypatch.setattr(i18n, "catalogue", lambda lang: shipped(lang) | NEW_LABELS[lang])
    return registry


@pytest.mark.parametrize(
    ("call", "vi", "en"),
    [
        (lambda lang: fmt.figure(1234, "cups", lang), "1.234 cốc", "1,234 cups"),
        (lambda lang: fmt.figure(7.25, "cups", lang), "7 cốc", "7 cups"),
        (lambda lang: fmt.figure(4.34, "score", lang), "4,3 điểm", "4.3 score points"),
        (
            lambda lang: fmt.figure(4.34, "score", lang, prose=True),
            "4,3 điểm đánh giá",
            "4.3 assessment points",
        ),
        (
            lambda lang: fmt.approx_figure(8001, "cups", lang, 7990, 8010),
            "khoảng 8.000 cốc",
            "about 8,000 cups",
        ),
        (lambda lang: scorecard.compare(110, 100, "cups", lang), ("10%", "above"), ("10%", "above")),
        (
            # A card's line, written as the card's figure is (the short label).
            lambda lang: scorecard.compare(6.0, 7.5, "score", lang),
            ("1,5 điểm", "below"),
            ("1.5 score points", "below"),
        ),
        (lambda lang: report._number_format("score", "actual"), "0.0", "0.0"),
        (lambda lang: briefing._num(12, "cups", lang, None), "12", "12"),
    ],
)
@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_new_unit_is_formatted_and_compared(new_units, call, vi, en, lang):
    assert call(lang) == (vi if lang == "vi" else en)


def test_a_new_unit_labels_a_chart(new_units, tmp_path):
    figures = pd.DataFrame(
        {
            "field": "social",
            "indicator_id": "score_kept",
            "name_vi": "Điểm hài lòng",
            "name_en": "Satisfaction",
            "unit": "score",
            "area": "province",
            "year": [2023, 2024],
            "measure": ["actual", "target"],
            "value": [7.5, 8.0],
            "bound": "exact",
            "provenance": "reported",
        }
    )
    b = briefing.Briefing(2023, "en", "province", [], [], figures)
    spec = briefing.target_chart(b, "social", "score_kept").to_dict()
    text = str(spec)
    assert "format(datum.shown, ',.1~f')" in text and "'score points'" in text


def test_a_new_additive_unit_sums_its_months_into_the_year(new_units, tmp_path):
    catalogue = "indicator_id,field,name_vi,name_en,unit,direction\n"
    catalogue += "cups_given,social,Cốc được phát,Cups given,cups,up\n"
    (tmp_path / "indicators.csv").write_text(catalogue, encoding="utf-8")
    lines = ["indicator_id,area,period,measure,value,bound,provenance,source,note"]
    lines += [f"cups_given,province,2023-{m:02d},actual,{m * 10},exact,reported,Test," for m in range(1, 13)]
    (tmp_path / "observations.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    s = store.open_dir(tmp_path)
    try:
        row = queries.year_summary(s.cursor(), 2023, "province").iloc[0]
    finally:
        s.close()
    assert (row["indicator_id"], row["actual"], row["actual_provenance"]) == ("cups_given", 780.0, "derived")


# ---------------------------------------------------------------- a computed count is whole

# A count of the user's own whose plan comes from a % of plan (74 households at 1000% of plan: a
# plan of 7,4 households) and whose 2022 actual comes from a change (74 / 1,12 = 66,07 households),
# beside the bundled data's 22.182,05 people (25.953 / 1,17) and 3,53 points (a rate: decimals).
SHELTER = "shelter_households"


@pytest.fixture
def computed_counts(data_copy):
    with open(data_copy / "indicators.csv", "a", encoding="utf-8") as fh:
        fh.write(f"{SHELTER},social,Hộ được hỗ trợ nhà ở tạm,Households given shelter,households,up\n")
    with open(data_copy / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write(f"{SHELTER},province,2023,actual,74,exact,user,Sổ theo dõi,,\n")
        fh.write(f"{SHELTER},province,2023,pct_of_target,1000,exact,user,Sổ theo dõi,,\n")
        fh.write(f"{SHELTER},province,2023,change_pct,12,exact,user,Sổ theo dõi,,\n")
        fh.write(f"{SHELTER},province,2024,target,80,exact,user,Sổ theo dõi,,\n")
    s = store.open_dir(data_copy)
    yield s.cursor()
    s.close()


WHOLE_TEXT = {
    # What a user reads of each computed count, per surface (vi, en); a rate keeps its decimals.
    # A calculated one is "khoảng …" at the precision its range allows, on every surface.
    "overview": (
        {"khoảng 22.200 người", "khoảng 7 hộ", "khoảng 3,53 điểm %"},
        {"about 22,200 people", "about 7 households", "about 3.53 points"},
    ),
    "explore_bullet": (
        {"khoảng 22.200", "khoảng 7", "khoảng 3,53"},
        {"about 22,200", "about 7", "about 3.53"},
    ),
}


def styled_text(styler) -> pd.DataFrame:
    """A Styler's cells as the page shows them (its display texts), headers as they are."""
    text = styler.hide(axis="index").to_string(delimiter="\t")
    return pd.read_csv(io.StringIO(text), sep="\t", dtype=str, keep_default_na=False)


@pytest.mark.parametrize("lang", i18n.LANGS)
def test_a_computed_count_is_written_whole_on_every_surface(computed_counts, lang):
    """Review 10: "22.182,05", "1.135,36 hộ", "24.954,81" and "7,4 hộ" were false precision. A
    count is whole wherever it is written: the Overview table, the Explore tables (their text,
    tooltip and download), the briefing's chart, the simulator's baseline."""
    from lib import ui
    from lib.models import sim_setup
    from lib.report import charts, export, sim_words, summary

    con, vi = computed_counts, lang == "vi"
    rows = queries.year_summary(con, 2023, "province").set_index("indicator_id")
    overview = summary.summary_table(rows.reset_index(), lang).set_index(
        i18n.t("overview.col_indicator", lang)
    )
    plans = overview[i18n.t("overview.col_plan", lang)]
    names = {i: i18n.name(r, lang) for i, r in rows.iterrows()}
    got = {plans[names[i]] for i in ("jobs_created", SHELTER, "poverty_rate_fall")}
    assert got == WHOLE_TEXT["overview"][0 if vi else 1]

    bullet = charts.bullet_data(queries.explore_table(con, period_from="2023", period_to="2023"), lang)
    table = charts.table(bullet, charts.BULLET_COLUMNS, lang)
    shown = styled_text(ui.styled(table, lang)).set_index(i18n.t("charts.indicator", lang))
    plan = i18n.t("charts.target", lang)
    got = {shown.loc[names[i], plan] for i in ("jobs_created", SHELTER, "poverty_rate_fall")}
    assert got == WHOLE_TEXT["explore_bullet"][0 if vi else 1]
    assert shown.loc[names["jobs_created"], i18n.t("charts.target_low", lang)] == (
        "22.088" if vi else "22,088"
    )
    csv = export.to_csv(table).decode("utf-8-sig")
    assert ",22182," in csv and ",7," in csv and ",3.53," in csv
    assert not any(x in csv for x in ("22182.05", "22182.0", "7.4", "22087.66")), csv

    series = charts.series_data(queries.explore_series(con, SHELTER), lang, "households")
    first = styled_text(ui.styled(charts.table(series, charts.SERIES_COLUMNS, lang), lang)).iloc[0]
    cols = [i18n.t(k, lang) for k in ("charts.value", "charts.low", "charts.high")]
    about = "khoảng 66" if vi else "about 66"
    assert (first[i18n.t("charts.period", lang)], *first[cols]) == ("2022", about, "66", "66")

    b = briefing.build(con, 2023, lang, simulate=False)
    spec = briefing.target_chart(b, "social", SHELTER).to_dict()
    tooltips = [tt for layer in spec["layer"] for tt in layer.get("encoding", {}).get("tooltip", [])]
    assert {tt["format"] for tt in tooltips if tt["field"] == "value"} == {",.0f"}

    setup = sim_setup.load_setup(con, "province", SHELTER)
    plan_option = sim_words.baseline_option("last_plan", setup.baselines["last_plan"], lang)
    assert plan_option.split(": ")[1].split(" (")[0] == ("khoảng 7" if vi else "about 7")
    assert sim_words.amount(setup.baselines["last_actual"]["value"], setup, lang).split(" ")[0] == "74"


def test_the_briefing_workbook_and_the_achievement_table_write_what_the_screen_says(con):
    """Review 2, item 3: the briefing workbook held the 2022 bounds as 24835.40669856459, and
    the Explore achievement table said 115,79 where every other place says 115,8%."""
    import io

    import openpyxl

    from lib.report import charts

    b = briefing.build(con, 2023, "vi", simulate=False)
    sheet = openpyxl.load_workbook(io.BytesIO(report.xlsx_bytes(b)))["Lao động"]
    (jobs_2022,) = [
        r
        for r in sheet.iter_rows(min_row=2, values_only=True)
        if r[12] == "jobs_created" and (r[1], r[13]) == (2022, "actual")
    ]
    assert (jobs_2022[3], jobs_2022[8], jobs_2022[9]) == (24955, 24835, 25075)
    rows = queries.explore_table(con, indicators=["jobs_created"], period_from="2023", period_to="2023")
    rows["pct_of_target"] = None  # computed from the actual and the plan: 115,79…
    assert charts.achievement_data(rows, "vi")["pct_of_target"].tolist() == [117.0]
    rows["target"] = 22413.0
    assert charts.achievement_data(rows, "vi")["pct_of_target"].tolist() == [115.8]


# ---------------------------------------------------------------- no unit list outside the registry

# Modules still naming units themselves until their helpers switch them to lib.units.
PENDING = {}


def _unit_literals(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        f"{path.relative_to(ROOT)}:{n.lineno} {n.value!r}"
        for n in ast.walk(tree)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value in units.REGISTRY
    ]


@pytest.mark.parametrize(
    "module",
    [
        pytest.param(p, marks=pytest.mark.xfail(strict=True, reason=PENDING[p])) if p in PENDING else p
        for p in sorted(
            str(f.relative_to(ROOT))
            for f in [*ROOT.glob("lib/**/*.py"), *ROOT.glob("pages/*.py"), ROOT / "app.py"]
        )
        if p != "lib/units.py"
    ],
)
def test_no_module_but_the_registry_names_a_unit(module):
    """A second list of units (or a special case `unit == "points"`) fails silently when a
    unit is added: every rule that depends on the unit asks lib/units.py."""
    assert _unit_literals(ROOT / module) == []
