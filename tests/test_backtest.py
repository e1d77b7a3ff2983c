"""The backtest: calibration table and Brier score for the tracker and the straight-line baseline,
on a small synthetic national folder (34 communes, 10 years: a generator with known truth)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from lib import settings
from lib.__main__ import main
from lib.data import store, synth
from lib.models import backtest

# Tolerances the tracker's chance is held to on the synthetic data (calibration error: the bins'
# mean gap between predicted chance and share reached, weighted by size, in points).
CALIBRATION_TOLERANCE = 10.0  # every case, including the first years with no history at all
CALIBRATION_TOLERANCE_WITH_HISTORY = 6.0  # cases with at least four earlier years
FIRST_COMMUNE = "c00004"  # Phường Ba Đình, Hà Nội: the synthetic data's first commune


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    out = tmp_path_factory.mktemp("backtest") / "synth"
    synth.generate(out, rows=6000)
    return out


@pytest.fixture(scope="module")
def result(folder) -> backtest.Result:
    return backtest.run(store.open_dir(folder).cursor())


def test_every_complete_year_is_predicted_at_months_3_6_and_9(result):
    p = result.predictions
    # 8 indicators x 34 communes x 10 years, each at three cuts.
    assert result.cases == len(synth.MONTHLY_MEAN) * synth.PROVINCES * synth.YEARS * 3
    assert sorted(p["cut"].unique()) == [3, 6, 9]
    assert p["model_pct"].between(0, 100).all()
    assert set(p["baseline_pct"]) == {0.0, 100.0}
    assert result.synthetic


def test_the_tracker_beats_the_straight_line_and_is_calibrated(result):
    assert result.brier("model_pct") < result.brier("baseline_pct")
    for cut in result.by_cut().itertuples():
        assert cut.model < cut.baseline
    model = result.calibration("model_pct")
    assert list(model.columns) == ["low_pct", "high_pct", "n", "predicted_pct", "reached_pct"]
    assert model["n"].sum() == result.cases
    assert backtest.calibration_error(model) <= CALIBRATION_TOLERANCE
    seasoned = result.predictions[result.predictions["year"] >= synth.FIRST_YEAR + 4]
    assert backtest.calibration_error(backtest.calibration(seasoned, "model_pct")) <= (
        CALIBRATION_TOLERANCE_WITH_HISTORY
    )


def test_calibration_and_brier_by_hand():
    frame = pd.DataFrame({"p": [0.0, 5.0, 50.0, 55.0, 100.0], "reached": [False, True, True, False, True]})
    table = backtest.calibration(frame, "p")
    assert table.to_dict("records") == [
        {"low_pct": 0, "high_pct": 10, "n": 2, "predicted_pct": 2.5, "reached_pct": 50.0},
        {"low_pct": 50, "high_pct": 60, "n": 2, "predicted_pct": 52.5, "reached_pct": 50.0},
        {"low_pct": 90, "high_pct": 100, "n": 1, "predicted_pct": 100.0, "reached_pct": 100.0},
    ]
    assert backtest.brier(frame, "p") == pytest.approx((0 + 0.95**2 + 0.25 + 0.55**2 + 0) / 5)
    assert backtest.calibration_error(table) == pytest.approx((2 * 47.5 + 2 * 2.5 + 0) / 5)


def test_cli_prints_both_tables_and_says_synthetic(folder, capsys):
    assert synth.commune_ids(1) == [FIRST_COMMUNE]
    assert main(["backtest", "--data", str(folder), "--area", FIRST_COMMUNE]) == 0
    out = capsys.readouterr().out
    assert "SYNTHETIC DATA" in out
    assert "Brier score" in out and "Naive baseline" in out
    assert main(["backtest", "--data", str(folder), "--area", FIRST_COMMUNE, "--lang", "vi"]) == 0
    assert "DỮ LIỆU GIẢ LẬP" in capsys.readouterr().out


def test_cli_json_shape(folder, capsys):
    assert main(["backtest", "--data", str(folder), "--area", FIRST_COMMUNE, "--json"]) == 0
    got = json.loads(capsys.readouterr().out)
    assert set(got) == {"data", "synthetic", "cuts", "cases", "reached_pct", "model", "baseline", "by_cut"}
    assert got["synthetic"] is True and got["cuts"] == [3, 6, 9]
    assert got["cases"] == len(synth.MONTHLY_MEAN) * synth.YEARS * 3
    for side in ("model", "baseline"):
        assert set(got[side]) == {"brier", "calibration_error_pct", "calibration"}
        assert set(got[side]["calibration"][0]) == {
            "low_pct",
            "high_pct",
            "n",
            "predicted_pct",
            "reached_pct",
        }
        assert sum(b["n"] for b in got[side]["calibration"]) == got["cases"]
    assert [c["cut"] for c in got["by_cut"]] == [3, 6, 9]


def test_cli_exit_codes(tmp_path, capsys):
    # The bundled data has yearly figures only: nothing to backtest.
    assert main(["backtest", "--data", str(settings.BUNDLED_DATA_DIR)]) == 1
    assert "Nothing to backtest" in capsys.readouterr().err
    assert main(["backtest", "--data", str(tmp_path / "missing")]) == 1
    assert main(["backtest", "--bogus"]) == 2
