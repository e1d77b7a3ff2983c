"""Synthetic national data, shaped like the real thing, for proving the app at scale.

Owns `python -m lib synth`: the real 34 provinces and 3.321 communes of the area catalogue
(`lib/data/areas.py`: official codes and names since July 2025; a small dataset takes the first
communes of every province in turn, so all 34 are always there), the indicator catalogue's
countable indicators, monthly actual and target over ten years ending 2024 (more years, back
from 2015, when more rows are asked for than 3.321 communes give), written as Parquet
partitioned by year (`observations/year=YYYY/*.parquet`) beside a copy of the indicator
catalogue (`indicators.csv`). The figures are invented for today's units, also for the years
before the 2025 reorganisation. Every row says `provenance=synthetic`: these numbers are invented and
the app marks them so on every page. Never writes into the bundled `data/` folder.

Deterministic: values come from NumPy's PCG64 generator seeded with `seed`, so the same
`rows` and `seed` give the same figures on every machine. Strings and the Parquet layout
are made by DuckDB (`write_synthetic_parquet`, rows sorted by period), so 10 million rows take
well under a minute: the one SQL statement outside the store layer (lib/data/store.py,
lib/data/queries.py), because it writes files, never reads the store.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from lib import settings
from lib.data import areas

PROVINCES = 34
LAST_YEAR = 2024
YEARS = 10  # at least; more when the communes alone do not give the rows asked for
FIRST_YEAR = LAST_YEAR - YEARS + 1
MONTHS = YEARS * 12
MEASURES = ("actual", "target")
DEFAULT_ROWS = 10_000_000
DEFAULT_SEED = 20231231
SOURCE = "chitieu synth (synthetic, not reported)"

# Monthly actual per commune (mean) for the catalogue's countable indicators. Scaled so a
# province of ~100 communes lands near the order of the bundled province's 2023 report
# (25.953 jobs, 13.575 trainees, 16.691 gifts, ...). Indicators measured in points or days,
# or as a stock (households still poor), are not monthly sums and are left out.
MONTHLY_MEAN = {
    "jobs_created": 21.0,
    "vocational_enrolment": 11.0,
    "merit_gifts": 14.0,
    "merit_gifts_value": 5_800_000.0,
    "merit_housing_families": 0.05,
    "merit_housing_value": 1_300_000.0,
    "temporary_homes_removed": 1.7,
    "poor_households_new_homes": 0.35,
}
# Rounding per indicator: whole people/households/gifts; money to the thousand đồng.
ROUND_TO = {"merit_gifts_value": 1000.0, "merit_housing_value": 1000.0}
# More work gets done before Tết and at year end than in the first months.
SEASON = np.array([0.6, 0.7, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.1, 1.2, 1.45])
GROWTH_PER_YEAR = 0.03


@dataclass(frozen=True)
class Shape:
    """How many of each thing a dataset of about `rows` rows holds."""

    communes: int
    indicators: tuple[str, ...]
    years: int = YEARS

    @property
    def months(self) -> int:
        return self.years * 12

    @property
    def first_year(self) -> int:
        return LAST_YEAR - self.years + 1

    @property
    def rows(self) -> int:
        return self.communes * len(self.indicators) * self.months * len(MEASURES)


def shape_for(rows: int, indicators: tuple[str, ...] = tuple(MONTHLY_MEAN)) -> Shape:
    """The communes and years that give at least `rows` rows (at least one commune per province).

    Rows = communes x indicators x months x 2 measures. Up to the 3.321 real communes over ten
    years (6.376.320 rows with the 8 countable indicators) the commune count grows; beyond,
    the years do: 10 million rows are 3.321 communes over 16 years (2009-2024), 10.202.112 rows.
    """
    per_commune = len(indicators) * MONTHS * len(MEASURES)
    total = len(commune_ids())
    communes = max(PROVINCES, -(-rows // per_commune))
    if communes <= total:
        return Shape(communes, indicators)
    per_year = total * len(indicators) * 12 * len(MEASURES)
    return Shape(total, indicators, years=-(-rows // per_year))


def commune_ids(communes: int | None = None) -> list[str]:
    """Today's communes from the area catalogue (`c00070`), the first of every province (in
    code order) first, then the second of every province, and so on; the first `communes`."""
    cat = areas.catalogue()
    com = cat[cat["level"] == "commune"][["area_id", "parent", "code"]].sort_values(["parent", "code"])
    com = com.assign(rank=com.groupby("parent").cumcount()).sort_values(["rank", "parent"])
    ids = com["area_id"].tolist()
    return ids if communes is None else ids[:communes]


def values(shape: Shape, seed: int) -> np.ndarray:
    """Actual and target, shape (months, indicators, communes, 2), rounded like real figures.

    actual = mean x commune size x season x growth^years x noise, commune size ~ lognormal(0;
    0,6), noise ~ lognormal(0; 0,25); target = mean x size x growth^years x plan ratio, the
    ratio drawn per commune and indicator around 0,95 (most places beat their plan a little).
    """
    rng = np.random.default_rng(seed)
    n_ind, n_com = len(shape.indicators), shape.communes
    means = np.array([MONTHLY_MEAN[i] for i in shape.indicators])
    size = rng.lognormal(0.0, 0.6, n_com)
    plan_ratio = rng.normal(0.95, 0.08, (n_ind, n_com)).clip(0.6, 1.3)
    months = np.arange(shape.months)
    trend = (1 + GROWTH_PER_YEAR) ** (months // 12)
    season = SEASON[months % 12]
    base = means[None, :, None] * size[None, None, :] * trend[:, None, None]
    noise = rng.lognormal(0.0, 0.25, (shape.months, n_ind, n_com))
    out = np.empty((shape.months, n_ind, n_com, 2))
    out[..., 0] = base * season[:, None, None] * noise
    out[..., 1] = base * plan_ratio[None, :, :]
    step = np.array([ROUND_TO.get(i, 1.0) for i in shape.indicators])[None, :, None, None]
    return np.round(out / step) * step


def generate(out: Path, rows: int = DEFAULT_ROWS, seed: int = DEFAULT_SEED) -> Shape:
    """Write `out/indicators.csv` and `out/observations/year=YYYY/*.parquet`; return the shape.

    Refuses to write into the bundled data folder or over a folder that is not a previous
    synthetic dataset (one holding anything but indicators.csv and observations/).
    """
    out = Path(out)
    if out.resolve() == settings.BUNDLED_DATA_DIR.resolve():
        raise ValueError(f"refusing to write into the bundled data folder {out}")
    if out.exists() and any(p.name not in {"indicators.csv", "observations"} for p in out.iterdir()):
        raise ValueError(f"{out} holds other files; choose an empty or new folder")
    catalogue = pd.read_csv(settings.BUNDLED_DATA_DIR / "indicators.csv", dtype=str)
    indicators = tuple(i for i in catalogue["indicator_id"] if i in MONTHLY_MEAN)
    shape = shape_for(rows, indicators)
    grid = values(shape, seed)
    m, i, c, k = (a.ravel() for a in np.indices(grid.shape, sparse=False))
    cells = pd.DataFrame(
        {
            "indicator_id": pd.Categorical.from_codes(i.astype(np.int8), categories=list(indicators)),
            "area": pd.Categorical.from_codes(c.astype(np.int32), categories=commune_ids(shape.communes)),
            "m": m.astype(np.int16),
            "k": k.astype(np.int8),
            "value": grid.ravel(),
        }
    )
    del grid, m, i, c, k
    out.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(out / "observations", ignore_errors=True)
    catalogue.to_csv(out / "indicators.csv", index=False)
    # Cells are in (month, indicator, commune, measure) order: sorted by period.
    write_synthetic_parquet(cells, out / "observations", first_year=shape.first_year, source=SOURCE)
    return shape


_SYNTH_ROWS_SQL = """
SELECT CAST(indicator_id AS VARCHAR) AS indicator_id, CAST(area AS VARCHAR) AS area,
       printf('%04d-%02d', $first_year + m // 12, m % 12 + 1) AS period,
       CASE k WHEN 0 THEN 'actual' ELSE 'target' END AS measure,
       value, 'exact' AS bound, 'synthetic' AS provenance,
       CAST($source AS VARCHAR) AS source, CAST(NULL AS VARCHAR) AS note,
       CAST($first_year + m // 12 AS INTEGER) AS year
FROM cells
"""


def write_synthetic_parquet(cells: pd.DataFrame, out_dir: Path, first_year: int, source: str) -> None:
    """Observation rows from coded cells, as Parquet partitioned by year, in the cells' order.

    `cells` has indicator_id and area (categoricals), m (month index from January of
    `first_year`), k (0 actual, 1 target) and value, already sorted by period: a projection
    keeps that order (no sort, so 10 million rows need little memory).
    """
    con = duckdb.connect(":memory:")
    try:
        con.execute("SET preserve_insertion_order = true")
        con.execute("SET threads = 1")  # one writer keeps the rows in period order
        con.register("cells", cells)
        rel = con.sql(_SYNTH_ROWS_SQL, params={"first_year": first_year, "source": source})
        rel.write_parquet(str(out_dir), partition_by=["year"], compression="zstd", row_group_size=122_880)
    finally:
        con.close()
