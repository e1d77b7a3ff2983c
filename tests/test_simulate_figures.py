"""The simulator's figures for fixed seeds, as they were before the simulator was split into
models, setup and words (issue #12): the whole expected structure, models and page alike, so a
refactor that changes a single number or sentence fails here.

Generated once from the code before the split (a capture script run on commit 1115032); the
numbers are seeded (NumPy PCG64), so they are the same on every machine.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from fixtures import APP, act_as
from streamlit.testing.v1 import AppTest

from lib import settings
from lib.data import synth
from lib.models import simulate as sim


def r6(x):
    return None if x is None else round(float(x), 6)


def _rows(frame: pd.DataFrame) -> list[dict]:
    return [
        {k: (v if isinstance(v, str) else r6(v)) for k, v in row.items()} for row in frame.to_dict("records")
    ]


JOBS = [
    {
        "inputs": {"baseline": 25953.0, "target": 22550.0},
        "result": {
            "median": 25958.514044,
            "low": 22631.867247,
            "high": 29280.702666,
            "probability_pct": 90.527,
            "gap": 3408.514044,
            "actual_to_date": 0.0,
            "expected": 25959.597874,
            "needed_growth_pct": {"50": -13.1, "80": -5.2, "90": -0.3},
            "reported_months": [],
        },
        "path_median": [
            2163.209504,
            4326.419007,
            6489.628511,
            8652.838015,
            10816.047518,
            12979.257022,
            15142.466526,
            17305.676029,
            19468.885533,
            21632.095037,
            23795.304541,
            25958.514044,
        ],
        "sensitivity": [
            {
                "assumption": "cv_pct",
                "step": 1.0,
                "low_pct": 92.748,
                "high_pct": 88.384,
                "base_pct": 90.527,
                "swing_pct": 4.364,
            },
            {
                "assumption": "growth_pct",
                "step": 1.0,
                "low_pct": 89.0,
                "high_pct": 91.917,
                "base_pct": 90.527,
                "swing_pct": 2.917,
            },
        ],
    },
    {
        "inputs": {"baseline": 25953.0, "target": 22550.0, "growth_pct": -7.5, "cv_pct": 14.5, "seed": 7},
        "result": {
            "median": 23998.57263,
            "low": 19569.48973,
            "high": 28462.385251,
            "probability_pct": 66.225,
            "gap": 1448.57263,
            "actual_to_date": 0.0,
            "expected": 24001.908155,
            "needed_growth_pct": {"50": -13.0, "80": -1.0, "90": 6.6},
            "reported_months": [],
        },
        "path_median": [
            1999.881053,
            3999.762105,
            5999.643158,
            7999.52421,
            9999.405263,
            11999.286315,
            13999.167368,
            15999.04842,
            17998.929473,
            19998.810525,
            21998.691578,
            23998.57263,
        ],
        "sensitivity": [
            {
                "assumption": "growth_pct",
                "step": 1.0,
                "low_pct": 63.662,
                "high_pct": 68.748,
                "base_pct": 66.225,
                "swing_pct": 5.086,
            },
            {
                "assumption": "cv_pct",
                "step": 1.0,
                "low_pct": 67.358,
                "high_pct": 65.252,
                "base_pct": 66.225,
                "swing_pct": 2.106,
            },
        ],
    },
    {
        "inputs": {
            "baseline": 13575.0,
            "target": 14000.0,
            "cv_pct": 20.0,
            "seed": 99,
            "target_bound": "more_than",
        },
        "result": {
            "median": 13576.953313,
            "low": 10076.546893,
            "high": 17036.433512,
            "probability_pct": 43.747,
            "gap": -423.046687,
            "actual_to_date": 0.0,
            "expected": 13566.090844,
            "needed_growth_pct": {"50": 3.2, "80": 24.1, "90": 39.0},
            "reported_months": [],
        },
        "path_median": [
            1131.412776,
            2262.825552,
            3394.238328,
            4525.651104,
            5657.063881,
            6788.476657,
            7919.889433,
            9051.302209,
            10182.714985,
            11314.127761,
            12445.540537,
            13576.953313,
        ],
        "sensitivity": [
            {
                "assumption": "growth_pct",
                "step": 1.0,
                "low_pct": 41.684,
                "high_pct": 45.802,
                "base_pct": 43.747,
                "swing_pct": 4.118,
            },
            {
                "assumption": "cv_pct",
                "step": 1.0,
                "low_pct": 43.426,
                "high_pct": 44.082,
                "base_pct": 43.747,
                "swing_pct": 0.656,
            },
        ],
    },
    {
        "inputs": {
            "baseline": 9000.0,
            "target": 9400.0,
            "profile": [0.6, 0.7, 0.9, 1.0, 1.0, 1.0, 1.0, 1.0, 1.05, 1.1, 1.2, 1.45],
            "actual_months": [[1, 400.0], [2, 500.0], [3, 900.0]],
            "seed": 11,
        },
        "result": {
            "median": 9148.431251,
            "low": 8202.931557,
            "high": 10094.02116,
            "probability_pct": 36.704,
            "gap": -251.568749,
            "actual_to_date": 1800.0,
            "expected": 9149.809302,
            "needed_growth_pct": {"50": 3.5, "80": 12.9, "90": 18.7},
            "reported_months": [1, 2, 3],
        },
        "path_median": [
            400.0,
            900.0,
            1800.0,
            2549.839924,
            3299.679847,
            4049.519771,
            4799.359694,
            5549.199618,
            6336.531537,
            7161.355453,
            8061.163362,
            9148.431251,
        ],
        "sensitivity": [
            {
                "assumption": "growth_pct",
                "step": 1.0,
                "low_pct": 32.795,
                "high_pct": 40.612,
                "base_pct": 36.704,
                "swing_pct": 7.817,
            },
            {
                "assumption": "cv_pct",
                "step": 1.0,
                "low_pct": 35.228,
                "high_pct": 37.849,
                "base_pct": 36.704,
                "swing_pct": 2.621,
            },
        ],
    },
    {
        "inputs": {
            "baseline": 4200000000.0,
            "target": 3800000000.0,
            "cv_pct": 3.0,
            "actual_months": [
                [1, 300000000.0],
                [2, 300000000.0],
                [3, 300000000.0],
                [4, 300000000.0],
                [5, 300000000.0],
                [6, 300000000.0],
            ],
        },
        "result": {
            "median": 3900133851.49565,
            "low": 3819380663.71175,
            "high": 3980778818.623824,
            "probability_pct": 94.403,
            "gap": 100133851.49565,
            "actual_to_date": 1800000000.0,
            "expected": 3900160161.085947,
            "needed_growth_pct": {"50": -4.7, "80": -2.3, "90": -0.9},
            "reported_months": [1, 2, 3, 4, 5, 6],
        },
        "path_median": [
            300000000.0,
            600000000.0,
            900000000.0,
            1200000000.0,
            1500000000.0,
            1800000000.0,
            2150022308.582608,
            2500044617.165216,
            2850066925.747825,
            3200089234.330433,
            3550111542.913042,
            3900133851.49565,
        ],
        "sensitivity": [
            {
                "assumption": "cv_pct",
                "step": 1.0,
                "low_pct": 99.142,
                "high_pct": 88.363,
                "base_pct": 94.403,
                "swing_pct": 10.779,
            },
            {
                "assumption": "growth_pct",
                "step": 1.0,
                "low_pct": 89.778,
                "high_pct": 97.141,
                "base_pct": 94.403,
                "swing_pct": 7.363,
            },
        ],
    },
]

POVERTY = [
    {
        "inputs": {
            "rate_pct": 8.0,
            "households": 300000,
            "exit_pct": 45.0,
            "entry_pct": 0.3,
            "target_pp": 3.0,
        },
        "result": {
            "median": 3.325128,
            "low": 2.861696,
            "high": 3.787295,
            "probability_pct": 81.704,
            "poor_households": 24000.0,
            "expected_entries": 828.0,
            "needed_exit_pct": 40.954167,
            "needed_exits": 9829,
        },
        "sensitivity": [
            {
                "assumption": "rate_pct",
                "step": 1.0,
                "low_pct": 34.247,
                "high_pct": 97.189,
                "base_pct": 81.704,
                "swing_pct": 62.942,
            },
            {
                "assumption": "exit_pct",
                "step": 5.0,
                "low_pct": 40.768,
                "high_pct": 96.419,
                "base_pct": 81.704,
                "swing_pct": 55.651,
            },
            {
                "assumption": "entry_pct",
                "step": 0.1,
                "low_pct": 87.596,
                "high_pct": 74.184,
                "base_pct": 81.704,
                "swing_pct": 13.412,
            },
            {
                "assumption": "cv_pct",
                "step": 1.0,
                "low_pct": 84.18,
                "high_pct": 79.382,
                "base_pct": 81.704,
                "swing_pct": 4.798,
            },
        ],
    },
    {
        "inputs": {
            "rate_pct": 8.0,
            "households": 300000,
            "exit_pct": 45.0,
            "entry_pct": 0.3,
            "target_pp": 3.0,
            "seed": 5,
            "cv_pct": 20.0,
            "target_bound": "exact",
        },
        "result": {
            "median": 3.326287,
            "low": 2.400109,
            "high": 4.248722,
            "probability_pct": 67.365,
            "poor_households": 24000.0,
            "expected_entries": 828.0,
            "needed_exit_pct": 40.95,
            "needed_exits": 9828,
        },
        "sensitivity": [
            {
                "assumption": "rate_pct",
                "step": 1.0,
                "low_pct": 41.891,
                "high_pct": 83.092,
                "base_pct": 67.365,
                "swing_pct": 41.201,
            },
            {
                "assumption": "exit_pct",
                "step": 5.0,
                "low_pct": 45.295,
                "high_pct": 81.742,
                "base_pct": 67.365,
                "swing_pct": 36.447,
            },
            {
                "assumption": "entry_pct",
                "step": 0.1,
                "low_pct": 71.845,
                "high_pct": 62.622,
                "base_pct": 67.365,
                "swing_pct": 9.223,
            },
            {
                "assumption": "cv_pct",
                "step": 1.0,
                "low_pct": 68.234,
                "high_pct": 66.601,
                "base_pct": 67.365,
                "swing_pct": 1.633,
            },
        ],
    },
    {
        "inputs": {
            "rate_pct": 3.0,
            "households": 300000,
            "exit_pct": 20.0,
            "entry_pct": 0.3,
            "target_pp": 3.0,
        },
        "result": {
            "median": 0.309358,
            "low": 0.223486,
            "high": 0.39436,
            "probability_pct": 0.0,
            "poor_households": 9000.0,
            "expected_entries": 873.0,
            "needed_exit_pct": None,
            "needed_exits": None,
        },
        "sensitivity": [
            {
                "assumption": "rate_pct",
                "step": 1.0,
                "low_pct": 0.0,
                "high_pct": 0.0,
                "base_pct": 0.0,
                "swing_pct": 0.0,
            },
            {
                "assumption": "exit_pct",
                "step": 5.0,
                "low_pct": 0.0,
                "high_pct": 0.0,
                "base_pct": 0.0,
                "swing_pct": 0.0,
            },
            {
                "assumption": "entry_pct",
                "step": 0.1,
                "low_pct": 0.0,
                "high_pct": 0.0,
                "base_pct": 0.0,
                "swing_pct": 0.0,
            },
            {
                "assumption": "cv_pct",
                "step": 1.0,
                "low_pct": 0.0,
                "high_pct": 0.0,
                "base_pct": 0.0,
                "swing_pct": 0.0,
            },
        ],
    },
]


def _jobs_inputs(raw: dict) -> sim.JobsInputs:
    kw = dict(raw)
    if "profile" in kw:
        kw["profile"] = tuple(kw["profile"])
    if "actual_months" in kw:
        kw["actual_months"] = tuple(tuple(p) for p in kw["actual_months"])
    return sim.JobsInputs(**kw)


@pytest.mark.parametrize("case", JOBS, ids=lambda c: str(c["inputs"])[:60])
def test_the_additive_model_gives_the_same_figures_for_the_same_seed(case):
    inp = _jobs_inputs(case["inputs"])
    r = sim.simulate_jobs(inp)
    got = {
        "inputs": case["inputs"],
        "result": {
            k: r6(getattr(r, k))
            for k in ("median", "low", "high", "probability_pct", "gap", "actual_to_date", "expected")
        }
        | {
            "needed_growth_pct": {str(k): v for k, v in r.needed_growth_pct.items()},
            "reported_months": list(r.reported_months),
        },
        "path_median": [r6(x) for x in sim.jobs_path(inp)["median"]],
        "sensitivity": _rows(sim.sensitivity(inp)),
    }
    assert got == case


@pytest.mark.parametrize("case", POVERTY, ids=lambda c: str(c["inputs"])[:60])
def test_the_poverty_model_gives_the_same_figures_for_the_same_seed(case):
    inp = sim.PovertyInputs(**case["inputs"])
    r = sim.simulate_poverty(inp)
    got = {
        "inputs": case["inputs"],
        "result": {
            k: r6(getattr(r, k))
            for k in (
                "median",
                "low",
                "high",
                "probability_pct",
                "poor_households",
                "expected_entries",
                "needed_exit_pct",
            )
        }  # fmt: skip
        | {"needed_exits": r.needed_exits},
        "sensitivity": _rows(sim.sensitivity(inp)),
    }
    assert got == case


PAGES = [
    {
        "data": "bundled",
        "params": {"lang": "vi"},
        "view": {
            "subheader": [
                "Lượt lao động được tạo việc làm mới năm 2024: chỉ tiêu 22.550 người (số báo cáo)",
                "Tỷ lệ hộ nghèo năm 2024: chỉ tiêu giảm trên 3 điểm phần trăm (số báo cáo)",
            ],
            "metric": {
                "Mức dự kiến cả năm (trung vị)": "25.953",
                "Khoảng dự báo 80% (theo các lần mô phỏng)": "22.632 – 29.281",
                "Khả năng đạt chỉ tiêu": "90,5%",
                "Mức dự kiến − chỉ tiêu": "+3.403",
                "Mức giảm dự kiến (trung vị, điểm %)": "3,33",
                "Khoảng dự báo 80% (điểm %)": "2,86 – 3,79",
                "Khả năng giảm trên 3 điểm %": "81,7%",
                "Số hộ cần thoát nghèo": "9.829",
            },
            "markdown": [
                "**Nếu giữ bằng mức thực hiện năm 2023 (25.953 lượt lao động), khả năng đạt chỉ tiêu "
                "22.550 người là 90,5%.**",
                "**Cần thay đổi bao nhiêu so với mốc so sánh để đạt chỉ tiêu**",
                "- Khả năng 50%: có thể giảm tối đa 13,1% so với mốc so sánh (cả năm khoảng 22.553 "
                "lượt lao động)\n"
                "- Khả năng 80%: có thể giảm tối đa 5,2% so với mốc so sánh (cả năm khoảng 24.603 "
                "lượt lao động)\n"
                "- Khả năng 90%: có thể giảm tối đa 0,3% so với mốc so sánh (cả năm khoảng 25.875 "
                "lượt lao động)",
                "**Phân bố tổng cả năm (mô phỏng)**",
                "**Lũy kế theo tháng so với tiến độ đều đến chỉ tiêu**",
                "**Độ nhạy: khả năng đạt thay đổi thế nào khi mỗi giả định thay đổi một nấc**",
                "Giả định tác động mạnh nhất là mức dao động (±1 điểm %): khả năng đạt là 92,7% khi "
                "giảm một nấc và 88,4% khi tăng một nấc (hiện 90,5%).",
                "**Với các giả định này, tỷ lệ hộ nghèo dự kiến giảm 3,33 điểm phần trăm, 80% khả "
                "năng nằm trong khoảng 2,86 – 3,79 điểm phần trăm; khả năng giảm trên 3 điểm phần "
                "trăm là 81,7%.**",
                "Để giảm trên 3 điểm phần trăm, với khoảng 828 hộ tái nghèo, phát sinh mới dự kiến, "
                "cần ít nhất 9.829 hộ thoát nghèo (41% trong 24.000 hộ nghèo đầu năm).",
                "**Độ nhạy: khả năng đạt thay đổi thế nào khi mỗi giả định thay đổi một nấc**",
                "Giả định tác động mạnh nhất là tỷ lệ hộ nghèo đầu năm (±1 điểm %): khả năng đạt là "
                "34,2% khi giảm một nấc và 97,2% khi tăng một nấc (hiện 81,7%).",
                "**Kịch bản đã lưu**",
                "**Chỉ tiêu số lượng (người, hộ, suất quà, kinh phí).** Phương pháp Monte Carlo. "
                "Tổng cả năm T = A + B × (1 + g) × R × S, trong đó A là số thực hiện các tháng đã "
                "báo cáo của năm (không mô phỏng), B là mốc so sánh, g là tăng trưởng, R là tỷ trọng "
                "các tháng chưa có số liệu theo phân bổ tháng, S = max(0; 1 + CV × Z) với CV là mức "
                "dao động (hệ số biến thiên) và Z phân phối chuẩn tắc (mỗi lần mô phỏng một giá "
                "trị). Khả năng đạt = tỷ lệ số lần mô phỏng có T ≥ chỉ tiêu. Tăng trưởng cần thiết ở "
                "mức khả năng p: mức g nhỏ nhất (làm tròn lên 0,1 điểm phần trăm) để tỷ lệ đó ≥ p, "
                "tính trên cùng các lần mô phỏng. Mức dự kiến là trung vị của các lần mô phỏng; "
                "khoảng dự báo 80% nằm giữa phân vị 10% và 90%. Mã tái lập cố định dãy số ngẫu "
                "nhiên: cùng mã và cùng giả định cho cùng kết quả.",
                "**Giảm nghèo.** Mức giảm (điểm phần trăm) = r × e × S₁ − (100 − r) × f × S₂, trong "
                "đó r là tỷ lệ hộ nghèo đầu năm (%), e là tỷ lệ hộ nghèo thoát nghèo, f là tỷ lệ hộ "
                "không nghèo tái nghèo, phát sinh mới, S₁, S₂ độc lập, mỗi cái = max(0; 1 + CV × Z); "
                "e × S₁ và f × S₂ không vượt quá 100% (số hộ thoát nghèo, tái nghèo không nhiều hơn số "
                "hộ hiện có), nên tỷ lệ hộ nghèo cuối năm luôn trong khoảng 0–100%; mức giảm âm là tỷ "
                "lệ hộ nghèo tăng. "
                "Khả năng đạt = tỷ lệ số lần mô phỏng có mức giảm **trên** chỉ tiêu (lớn hơn, không "
                "kể trường hợp bằng). Số hộ cần thoát nghèo: số nguyên H nhỏ nhất để 100 × (H − số "
                "hộ tái nghèo, phát sinh mới dự kiến) / tổng số hộ > chỉ tiêu.",
            ],
            "caption": [
                "Khả năng đạt từng chỉ tiêu, cần gì để đạt, và các kịch bản để chia sẻ. Mỗi kết quả "
                "tính trên 100.000 lần mô phỏng; cùng giả định luôn cho cùng kết quả trên mọi máy.",
                "Mặc định của mức dao động và phân bổ theo tháng (có thể thay đổi): Mức dao động (hệ "
                "số biến thiên 10%) là giả định: dữ liệu chưa có các năm trước để ước lượng. Phân bổ "
                "theo tháng: các tháng như nhau (giả định).",
                "Để tham khảo: năm 2023 tỷ lệ hộ nghèo toàn tỉnh giảm 4,87 điểm phần trăm (số báo "
                "cáo). Nguồn không nêu tỷ lệ hộ nghèo đầu năm hay tổng số hộ, nên các giả định dưới "
                "đây do người dùng nhập.",
                "Kết quả dựa trên giả định minh họa, chưa phải số liệu của tỉnh.",
                "Đường dẫn chia sẻ (giữ mọi giả định và mã tái lập)",
                "Chưa có kịch bản nào được lưu.",
                "Chọn từ 2 đến 4 kịch bản để so sánh.",
            ],
            "info": [
                "Không có gì để kiểm định (Toàn tỉnh): không năm nào có cả chỉ tiêu cả năm và đủ 12 "
                "tháng số liệu thực hiện."
            ],
        },
    },
    {
        "data": "bundled",
        "params": {"lang": "en", "seed": "7", "growth_pct": "-5.0", "baseline": "mean"},
        "view": {
            "subheader": [
                "Workers given new jobs in 2024: target 22,550 people (reported figure)",
                "Poor-household rate in 2024: target a fall of over 3 percentage points (reported figure)",
            ],
            "metric": {
                "Expected level for the year (median)": "24,181",
                "80% prediction interval (from the runs)": "21,099 – 27,277",
                "Chance of reaching the target": "75.1%",
                "Expected level − target": "+1,631",
                "Expected fall (median, points)": "3.32",
                "80% prediction interval (points)": "2.86 – 3.79",
                "Chance of a fall of over 3 points": "81.7%",
                "Households that must leave poverty": "9,829",
            },
            "markdown": [
                "**With a fall of 5% on the mean of 2022–2023 (25,454 workers), the chance of "
                "reaching the target of 22,550 people is 75.1%.**",
                "**Change on the baseline needed to reach the target**",
                "- 50% chance: can fall by at most 11.3% on the baseline (a year of about 22,578 "
                "workers)\n"
                "- 80% chance: can fall by at most 3.3% on the baseline (a year of about 24,614 "
                "workers)\n"
                "- 90% chance: needs a rise of at least 1.6% on the baseline (a year of about 25,861 "
                "workers)",
                "**Distribution of the year's total (simulated)**",
                "**Cumulative by month against a straight pace to the target**",
                "**Sensitivity: how the chance moves when each assumption moves one notch**",
                "The assumption that matters most is growth (±1 point): the chance is 71.9% one "
                "notch down and 78.2% one notch up (now 75.1%).",
                "**With these assumptions, the poor-household rate is expected to fall by 3.32 "
                "percentage points, with an 80% chance of a fall between 2.86 and 3.79 percentage "
                "points; the chance of a fall of over 3 percentage points is 81.7%.**",
                "For a fall of over 3 percentage points, with about 828 households expected to fall "
                "back or newly into poverty, at least 9,829 households must leave it (41% of the "
                "24,000 poor households at the start).",
                "**Sensitivity: how the chance moves when each assumption moves one notch**",
                "The assumption that matters most is poor-household rate at the start (±1 point): "
                "the chance is 34.1% one notch down and 97.2% one notch up (now 81.7%).",
                "**Saved scenarios**",
                "**Counts and amounts (people, households, gifts, funds).** Monte Carlo method. The "
                "year's total T = A + B × (1 + g) × R × S, where A is the actual of the months of "
                "the year already reported (not simulated), B the baseline, g the growth, R the "
                "monthly profile's share of the months not yet reported, and S = max(0, 1 + CV × Z) "
                "with CV the variability (coefficient of variation) and Z standard normal (one value "
                "per simulation run). The chance of reaching the target is the share of runs with T "
                "≥ target. The growth needed at probability p is the smallest g (rounded up to 0.1 "
                "percentage point) for which that share is ≥ p, found on the same runs. The expected "
                "level is the median of the runs; the 80% prediction interval lies between their "
                "10th and 90th percentiles. The replay number (random seed) fixes the random "
                "numbers: the same number and assumptions give the same results.",
                "**Poverty.** The fall (percentage points) = r × e × S₁ − (100 − r) × f × S₂, where "
                "r is the poor-household rate at the start of the year (%), e the share of poor "
                "households leaving poverty, f the share of other households falling back or newly "
                "into poverty, and S₁, S₂ independent factors max(0, 1 + CV × Z); e × S₁ and f × S₂ "
                "are at most 100% (no more households leave or enter poverty than there are), so the "
                "rate at the end of the year stays within 0–100%; a negative fall is a rise of the "
                "rate. The chance is the "
                "share of runs whose fall is **more than** the target (strictly greater, not equal). "
                "Households that must leave poverty: the smallest whole H with 100 × (H − expected "
                "inflow) / total households > target.",
            ],
            "caption": [
                "The chance of reaching each target, what it would take, and scenarios to share. Each "
                "result rests on 100,000 simulation runs; the same assumptions always give the same "
                "numbers on every machine.",
                "Default variability and monthly profile (you can change them): Variability "
                "(coefficient of variation 10%) is an assumption: the data has no earlier years to "
                "learn it from. Monthly profile: every month alike (an assumption).",
                "For reference: in 2023 the province's poor-household rate fell by 4.87 percentage "
                "points (reported figure). The source gives neither the rate at the start of the year "
                "nor the number of households, so the assumptions below are yours to set.",
                "Results use illustrative assumptions, not the province's figures.",
                "Share link (holds every assumption and the replay number)",
                "No scenario saved yet.",
                "Pick 2 to 4 scenarios to compare.",
            ],
            "info": [
                "Nothing to backtest (Province-wide): no year has both a whole-year target and all 12 "
                "monthly actuals."
            ],
        },
    },
    {
        "data": "vocational",
        "params": {"lang": "vi", "indicator": "vocational_enrolment", "seed": "99"},
        "view": {
            "subheader": [
                "Tuyển sinh đào tạo giáo dục nghề nghiệp năm 2024: chỉ tiêu 14.000 người (số báo cáo)",
                "Tỷ lệ hộ nghèo năm 2024: chỉ tiêu giảm trên 3 điểm phần trăm (số báo cáo)",
            ],
            "metric": {
                "Mức dự kiến cả năm (trung vị)": "13.575",
                "Khoảng dự báo 80% (theo các lần mô phỏng)": "11.826 – 15.306",
                "Khả năng đạt chỉ tiêu": "37,6%",
                "Mức dự kiến − chỉ tiêu": "−425",
                "Mức giảm dự kiến (trung vị, điểm %)": "3,32",
                "Khoảng dự báo 80% (điểm %)": "2,86 – 3,78",
                "Khả năng giảm trên 3 điểm %": "81,5%",
                "Số hộ cần thoát nghèo": "9.829",
            },
            "markdown": [
                "**Nếu giữ bằng mức thực hiện năm 2023 (13.575 người), khả năng đạt chỉ tiêu 14.000 "
                "người là 37,6%.**",
                "**Cần thay đổi bao nhiêu so với mốc so sánh để đạt chỉ tiêu**",
                "- Khả năng 50%: cần tăng tối thiểu 3,2% so với mốc so sánh (cả năm khoảng 14.009 "
                "người)\n"
                "- Khả năng 80%: cần tăng tối thiểu 12,7% so với mốc so sánh (cả năm khoảng 15.299 "
                "người)\n"
                "- Khả năng 90%: cần tăng tối thiểu 18,4% so với mốc so sánh (cả năm khoảng 16.073 "
                "người)",
                "**Phân bố tổng cả năm (mô phỏng)**",
                "**Lũy kế theo tháng so với tiến độ đều đến chỉ tiêu**",
                "**Độ nhạy: khả năng đạt thay đổi thế nào khi mỗi giả định thay đổi một nấc**",
                "Giả định tác động mạnh nhất là tăng trưởng (±1 điểm %): khả năng đạt là 33,7% khi "
                "giảm một nấc và 41,6% khi tăng một nấc (hiện 37,6%).",
                "**Với các giả định này, tỷ lệ hộ nghèo dự kiến giảm 3,32 điểm phần trăm, 80% khả "
                "năng nằm trong khoảng 2,86 – 3,78 điểm phần trăm; khả năng giảm trên 3 điểm phần "
                "trăm là 81,5%.**",
                "Để giảm trên 3 điểm phần trăm, với khoảng 828 hộ tái nghèo, phát sinh mới dự kiến, "
                "cần ít nhất 9.829 hộ thoát nghèo (41% trong 24.000 hộ nghèo đầu năm).",
                "**Độ nhạy: khả năng đạt thay đổi thế nào khi mỗi giả định thay đổi một nấc**",
                "Giả định tác động mạnh nhất là tỷ lệ hộ nghèo đầu năm (±1 điểm %): khả năng đạt là "
                "34,1% khi giảm một nấc và 97,2% khi tăng một nấc (hiện 81,5%).",
                "**Kịch bản đã lưu**",
                "**Chỉ tiêu số lượng (người, hộ, suất quà, kinh phí).** Phương pháp Monte Carlo. "
                "Tổng cả năm T = A + B × (1 + g) × R × S, trong đó A là số thực hiện các tháng đã "
                "báo cáo của năm (không mô phỏng), B là mốc so sánh, g là tăng trưởng, R là tỷ trọng "
                "các tháng chưa có số liệu theo phân bổ tháng, S = max(0; 1 + CV × Z) với CV là mức "
                "dao động (hệ số biến thiên) và Z phân phối chuẩn tắc (mỗi lần mô phỏng một giá "
                "trị). Khả năng đạt = tỷ lệ số lần mô phỏng có T ≥ chỉ tiêu. Tăng trưởng cần thiết ở "
                "mức khả năng p: mức g nhỏ nhất (làm tròn lên 0,1 điểm phần trăm) để tỷ lệ đó ≥ p, "
                "tính trên cùng các lần mô phỏng. Mức dự kiến là trung vị của các lần mô phỏng; "
                "khoảng dự báo 80% nằm giữa phân vị 10% và 90%. Mã tái lập cố định dãy số ngẫu "
                "nhiên: cùng mã và cùng giả định cho cùng kết quả.",
                "**Giảm nghèo.** Mức giảm (điểm phần trăm) = r × e × S₁ − (100 − r) × f × S₂, trong "
                "đó r là tỷ lệ hộ nghèo đầu năm (%), e là tỷ lệ hộ nghèo thoát nghèo, f là tỷ lệ hộ "
                "không nghèo tái nghèo, phát sinh mới, S₁, S₂ độc lập, mỗi cái = max(0; 1 + CV × Z); "
                "e × S₁ và f × S₂ không vượt quá 100% (số hộ thoát nghèo, tái nghèo không nhiều hơn số "
                "hộ hiện có), nên tỷ lệ hộ nghèo cuối năm luôn trong khoảng 0–100%; mức giảm âm là tỷ "
                "lệ hộ nghèo tăng. "
                "Khả năng đạt = tỷ lệ số lần mô phỏng có mức giảm **trên** chỉ tiêu (lớn hơn, không "
                "kể trường hợp bằng). Số hộ cần thoát nghèo: số nguyên H nhỏ nhất để 100 × (H − số "
                "hộ tái nghèo, phát sinh mới dự kiến) / tổng số hộ > chỉ tiêu.",
            ],
            "caption": [
                "Khả năng đạt từng chỉ tiêu, cần gì để đạt, và các kịch bản để chia sẻ. Mỗi kết quả "
                "tính trên 100.000 lần mô phỏng; cùng giả định luôn cho cùng kết quả trên mọi máy.",
                "Mặc định của mức dao động và phân bổ theo tháng (có thể thay đổi): Mức dao động (hệ "
                "số biến thiên 10%) là giả định: dữ liệu chưa có các năm trước để ước lượng. Phân bổ "
                "theo tháng: các tháng như nhau (giả định).",
                "Để tham khảo: năm 2023 tỷ lệ hộ nghèo toàn tỉnh giảm 4,87 điểm phần trăm (số báo "
                "cáo). Nguồn không nêu tỷ lệ hộ nghèo đầu năm hay tổng số hộ, nên các giả định dưới "
                "đây do người dùng nhập.",
                "Kết quả dựa trên giả định minh họa, chưa phải số liệu của tỉnh.",
                "Đường dẫn chia sẻ (giữ mọi giả định và mã tái lập)",
                "Chưa có kịch bản nào được lưu.",
                "Chọn từ 2 đến 4 kịch bản để so sánh.",
            ],
            "info": [
                "Không có gì để kiểm định (Toàn tỉnh): không năm nào có cả chỉ tiêu cả năm và đủ 12 "
                "tháng số liệu thực hiện."
            ],
        },
    },
    {
        "data": "june",
        "params": {"lang": "vi", "baseline": "last_actual"},
        "view": {
            "subheader": [
                "Lượt lao động được tạo việc làm mới năm 2024: chỉ tiêu 14.484 người (dữ liệu giả lập)"
            ],
            "metric": {
                "Mức dự kiến cả năm (trung vị)": "14.987",
                "Khoảng dự báo 80% (theo các lần mô phỏng)": "14.551 – 15.423",
                "Khả năng đạt chỉ tiêu": "93%",
                "Mức dự kiến − chỉ tiêu": "+503",
            },
            "markdown": [
                "**Nếu giữ bằng mức thực hiện năm 2023 (14.753 lượt lao động), khả năng đạt chỉ tiêu "
                "14.484 người là 93%.**",
                "**Cần thay đổi bao nhiêu so với mốc so sánh để đạt chỉ tiêu**",
                "- Khả năng 50%: có thể giảm tối đa 6% so với mốc so sánh (cả năm khoảng 14.489 lượt "
                "lao động)\n"
                "- Khả năng 80%: có thể giảm tối đa 2,7% so với mốc so sánh (cả năm khoảng 14.763 "
                "lượt lao động)\n"
                "- Khả năng 90%: có thể giảm tối đa 0,8% so với mốc so sánh (cả năm khoảng 14.920 "
                "lượt lao động)",
                "**Phân bố tổng cả năm (mô phỏng)**",
                "**Lũy kế theo tháng so với tiến độ đều đến chỉ tiêu**",
                "**Độ nhạy: khả năng đạt thay đổi thế nào khi mỗi giả định thay đổi một nấc**",
                "Giả định tác động mạnh nhất là mức dao động (±1 điểm %): khả năng đạt là 97,4% khi "
                "giảm một nấc và 88,3% khi tăng một nấc (hiện 93,0%).",
                "**Kịch bản đã lưu**",
                "**Chỉ tiêu số lượng (người, hộ, suất quà, kinh phí).** Phương pháp Monte Carlo. "
                "Tổng cả năm T = A + B × (1 + g) × R × S, trong đó A là số thực hiện các tháng đã "
                "báo cáo của năm (không mô phỏng), B là mốc so sánh, g là tăng trưởng, R là tỷ trọng "
                "các tháng chưa có số liệu theo phân bổ tháng, S = max(0; 1 + CV × Z) với CV là mức "
                "dao động (hệ số biến thiên) và Z phân phối chuẩn tắc (mỗi lần mô phỏng một giá "
                "trị). Khả năng đạt = tỷ lệ số lần mô phỏng có T ≥ chỉ tiêu. Tăng trưởng cần thiết ở "
                "mức khả năng p: mức g nhỏ nhất (làm tròn lên 0,1 điểm phần trăm) để tỷ lệ đó ≥ p, "
                "tính trên cùng các lần mô phỏng. Mức dự kiến là trung vị của các lần mô phỏng; "
                "khoảng dự báo 80% nằm giữa phân vị 10% và 90%. Mã tái lập cố định dãy số ngẫu "
                "nhiên: cùng mã và cùng giả định cho cùng kết quả.",
                "**Giảm nghèo.** Mức giảm (điểm phần trăm) = r × e × S₁ − (100 − r) × f × S₂, trong "
                "đó r là tỷ lệ hộ nghèo đầu năm (%), e là tỷ lệ hộ nghèo thoát nghèo, f là tỷ lệ hộ "
                "không nghèo tái nghèo, phát sinh mới, S₁, S₂ độc lập, mỗi cái = max(0; 1 + CV × Z); "
                "e × S₁ và f × S₂ không vượt quá 100% (số hộ thoát nghèo, tái nghèo không nhiều hơn số "
                "hộ hiện có), nên tỷ lệ hộ nghèo cuối năm luôn trong khoảng 0–100%; mức giảm âm là tỷ "
                "lệ hộ nghèo tăng. "
                "Khả năng đạt = tỷ lệ số lần mô phỏng có mức giảm **trên** chỉ tiêu (lớn hơn, không "
                "kể trường hợp bằng). Số hộ cần thoát nghèo: số nguyên H nhỏ nhất để 100 × (H − số "
                "hộ tái nghèo, phát sinh mới dự kiến) / tổng số hộ > chỉ tiêu.",
                "216 dự báo (cuối tháng 3, 6, 9) của các năm đã biết kết quả; 95,8% trong số đó đạt "
                "chỉ tiêu.",
                "**Khả năng đạt của công cụ theo dõi (mùa vụ và mức dao động học từ các năm trước):**",
                "**Mốc so sánh đơn giản (tốc độ đều: 100% khi tốc độ từ đầu năm × 12 đạt chỉ tiêu, "
                "ngược lại 0%):**",
                "**Điểm Brier theo tháng dự báo (công cụ theo dõi / mốc so sánh):**",
            ],
            "caption": [
                "Khả năng đạt từng chỉ tiêu, cần gì để đạt, và các kịch bản để chia sẻ. Mỗi kết quả "
                "tính trên 100.000 lần mô phỏng; cùng giả định luôn cho cùng kết quả trên mọi máy.",
                "Mặc định của mức dao động và phân bổ theo tháng (có thể thay đổi): Mức dao động (hệ "
                "số biến thiên 4,1%) ước lượng từ số liệu tháng của 8 năm trước: sai số khi dự báo "
                "phần còn lại của mỗi năm từ các tháng đầu năm. Phân bổ theo tháng học từ 9 năm trước "
                "có đủ 12 tháng.",
                "Đường dẫn chia sẻ (giữ mọi giả định và mã tái lập)",
                "Chưa có kịch bản nào được lưu.",
                "Chọn từ 2 đến 4 kịch bản để so sánh.",
                # The area opens the sentence: "kết quả của Tất cả địa bàn" kept a capital inside it.
                "Tất cả địa bàn (tổng): với mỗi năm đã biết kết quả (có chỉ tiêu cả năm và đủ 12 "
                "tháng số liệu), công cụ theo dõi dự báo khả năng đạt vào cuối tháng 3, 6 và 9 chỉ từ "
                "số liệu đã có lúc đó, rồi so với kết quả thực tế.",
            ],
            "info": [
                "Đã có số liệu thực hiện 6 tháng của năm 2024 (tổng 6.683): các tháng này dùng số thực "
                "tế, chỉ mô phỏng các tháng còn lại.",
                "Số liệu của địa bàn này chưa có chỉ tiêu giảm tỷ lệ hộ nghèo theo năm, nên không có gì "
                "để mô phỏng ở đây.",
            ],
        },
    },
    {
        "data": "june",
        "params": {"lang": "vi", "indicator": "merit_gifts_value", "seed": "7", "baseline": "last_actual"},
        "view": {
            "subheader": ["Giá trị quà tặng người có công năm 2024: chỉ tiêu 3,8 tỷ đồng (dữ liệu giả lập)"],
            "metric": {
                "Mức dự kiến cả năm (trung vị)": "4.050.496.885",
                "Khoảng dự báo 80% (theo các lần mô phỏng)": "3.986.797.676 – 4.114.466.350",
                "Khả năng đạt chỉ tiêu": "100%",
                "Mức dự kiến − chỉ tiêu": "+246.532.885",
            },
            "markdown": [
                "**Nếu giữ bằng mức thực hiện năm 2023 (4,01 tỷ đồng), khả năng đạt chỉ tiêu 3,8 tỷ "
                "đồng là 100%.**",
                "**Cần thay đổi bao nhiêu so với mốc so sánh để đạt chỉ tiêu**",
                "- Khả năng 50%: có thể giảm tối đa 10,8% so với mốc so sánh (cả năm khoảng 3,81 tỷ "
                "đồng)\n"
                "- Khả năng 80%: có thể giảm tối đa 9,1% so với mốc so sánh (cả năm khoảng 3,84 tỷ "
                "đồng)\n"
                "- Khả năng 90%: có thể giảm tối đa 8,2% so với mốc so sánh (cả năm khoảng 3,86 tỷ "
                "đồng)",
                "**Phân bố tổng cả năm (mô phỏng)**",
                "**Lũy kế theo tháng so với tiến độ đều đến chỉ tiêu**",
                "**Độ nhạy: khả năng đạt thay đổi thế nào khi mỗi giả định thay đổi một nấc**",
                # One sentence, one way of writing its chances (the "> 99,9%" has a decimal).
                "Giả định tác động mạnh nhất là mức dao động (±1 điểm %): khả năng đạt là 100,0% khi "
                "giảm một nấc và \\> 99,9% khi tăng một nấc (hiện 100,0%).",
                "**Kịch bản đã lưu**",
                "**Chỉ tiêu số lượng (người, hộ, suất quà, kinh phí).** Phương pháp Monte Carlo. "
                "Tổng cả năm T = A + B × (1 + g) × R × S, trong đó A là số thực hiện các tháng đã "
                "báo cáo của năm (không mô phỏng), B là mốc so sánh, g là tăng trưởng, R là tỷ trọng "
                "các tháng chưa có số liệu theo phân bổ tháng, S = max(0; 1 + CV × Z) với CV là mức "
                "dao động (hệ số biến thiên) và Z phân phối chuẩn tắc (mỗi lần mô phỏng một giá "
                "trị). Khả năng đạt = tỷ lệ số lần mô phỏng có T ≥ chỉ tiêu. Tăng trưởng cần thiết ở "
                "mức khả năng p: mức g nhỏ nhất (làm tròn lên 0,1 điểm phần trăm) để tỷ lệ đó ≥ p, "
                "tính trên cùng các lần mô phỏng. Mức dự kiến là trung vị của các lần mô phỏng; "
                "khoảng dự báo 80% nằm giữa phân vị 10% và 90%. Mã tái lập cố định dãy số ngẫu "
                "nhiên: cùng mã và cùng giả định cho cùng kết quả.",
                "**Giảm nghèo.** Mức giảm (điểm phần trăm) = r × e × S₁ − (100 − r) × f × S₂, trong "
                "đó r là tỷ lệ hộ nghèo đầu năm (%), e là tỷ lệ hộ nghèo thoát nghèo, f là tỷ lệ hộ "
                "không nghèo tái nghèo, phát sinh mới, S₁, S₂ độc lập, mỗi cái = max(0; 1 + CV × Z); "
                "e × S₁ và f × S₂ không vượt quá 100% (số hộ thoát nghèo, tái nghèo không nhiều hơn số "
                "hộ hiện có), nên tỷ lệ hộ nghèo cuối năm luôn trong khoảng 0–100%; mức giảm âm là tỷ "
                "lệ hộ nghèo tăng. "
                "Khả năng đạt = tỷ lệ số lần mô phỏng có mức giảm **trên** chỉ tiêu (lớn hơn, không "
                "kể trường hợp bằng). Số hộ cần thoát nghèo: số nguyên H nhỏ nhất để 100 × (H − số "
                "hộ tái nghèo, phát sinh mới dự kiến) / tổng số hộ > chỉ tiêu.",
                "216 dự báo (cuối tháng 3, 6, 9) của các năm đã biết kết quả; 95,8% trong số đó đạt "
                "chỉ tiêu.",
                "**Khả năng đạt của công cụ theo dõi (mùa vụ và mức dao động học từ các năm trước):**",
                "**Mốc so sánh đơn giản (tốc độ đều: 100% khi tốc độ từ đầu năm × 12 đạt chỉ tiêu, "
                "ngược lại 0%):**",
                "**Điểm Brier theo tháng dự báo (công cụ theo dõi / mốc so sánh):**",
            ],
            "caption": [
                "Khả năng đạt từng chỉ tiêu, cần gì để đạt, và các kịch bản để chia sẻ. Mỗi kết quả "
                "tính trên 100.000 lần mô phỏng; cùng giả định luôn cho cùng kết quả trên mọi máy.",
                "Mặc định của mức dao động và phân bổ theo tháng (có thể thay đổi): Mức dao động (hệ "
                "số biến thiên 2,2%) ước lượng từ số liệu tháng của 8 năm trước: sai số khi dự báo "
                "phần còn lại của mỗi năm từ các tháng đầu năm. Phân bổ theo tháng học từ 9 năm trước "
                "có đủ 12 tháng.",
                "Đường dẫn chia sẻ (giữ mọi giả định và mã tái lập)",
                "Chưa có kịch bản nào được lưu.",
                "Chọn từ 2 đến 4 kịch bản để so sánh.",
                # The area opens the sentence: "kết quả của Tất cả địa bàn" kept a capital inside it.
                "Tất cả địa bàn (tổng): với mỗi năm đã biết kết quả (có chỉ tiêu cả năm và đủ 12 "
                "tháng số liệu), công cụ theo dõi dự báo khả năng đạt vào cuối tháng 3, 6 và 9 chỉ từ "
                "số liệu đã có lúc đó, rồi so với kết quả thực tế.",
            ],
            "info": [
                "Đã có số liệu thực hiện 6 tháng của năm 2024 (tổng 1.778.981.000): các tháng này dùng "
                "số thực tế, chỉ mô phỏng các tháng còn lại.",
                "Số liệu của địa bàn này chưa có chỉ tiêu giảm tỷ lệ hộ nghèo theo năm, nên không có gì "
                "để mô phỏng ở đây.",
            ],
        },
    },
    {
        "data": "june",
        "params": {
            "lang": "en",
            "indicator": "merit_gifts",
            "profile": "flat",
            "cv_pct": "12.5",
            "baseline": "last_actual",
        },
        "view": {
            "subheader": ["Gifts to people with merit in 2024: target 9,372 gifts (synthetic)"],
            "metric": {
                "Expected level for the year (median)": "9,618",
                "80% prediction interval (from the runs)": "8,822 – 10,415",
                "Chance of reaching the target": "65.6%",
                "Expected level − target": "+246",
            },
            "markdown": [
                "**Holding at the 2023 result (9,948 gifts), the chance of reaching the target of "
                "9,372 gifts is 65.6%.**",
                "**Change on the baseline needed to reach the target**",
                "- 50% chance: can fall by at most 4.9% on the baseline (a year of about 9,374 "
                "gifts)\n"
                "- 80% chance: needs a rise of at least 6.2% on the baseline (a year of about 9,926 "
                "gifts)\n"
                "- 90% chance: needs a rise of at least 13.2% on the baseline (a year of about "
                "10,275 gifts)",
                "**Distribution of the year's total (simulated)**",
                "**Cumulative by month against a straight pace to the target**",
                "**Sensitivity: how the chance moves when each assumption moves one notch**",
                "The assumption that matters most is growth (±1 point): the chance is 62.7% one "
                "notch down and 68.3% one notch up (now 65.6%).",
                "**Saved scenarios**",
                "**Counts and amounts (people, households, gifts, funds).** Monte Carlo method. The "
                "year's total T = A + B × (1 + g) × R × S, where A is the actual of the months of "
                "the year already reported (not simulated), B the baseline, g the growth, R the "
                "monthly profile's share of the months not yet reported, and S = max(0, 1 + CV × Z) "
                "with CV the variability (coefficient of variation) and Z standard normal (one value "
                "per simulation run). The chance of reaching the target is the share of runs with T "
                "≥ target. The growth needed at probability p is the smallest g (rounded up to 0.1 "
                "percentage point) for which that share is ≥ p, found on the same runs. The expected "
                "level is the median of the runs; the 80% prediction interval lies between their "
                "10th and 90th percentiles. The replay number (random seed) fixes the random "
                "numbers: the same number and assumptions give the same results.",
                "**Poverty.** The fall (percentage points) = r × e × S₁ − (100 − r) × f × S₂, where "
                "r is the poor-household rate at the start of the year (%), e the share of poor "
                "households leaving poverty, f the share of other households falling back or newly "
                "into poverty, and S₁, S₂ independent factors max(0, 1 + CV × Z); e × S₁ and f × S₂ "
                "are at most 100% (no more households leave or enter poverty than there are), so the "
                "rate at the end of the year stays within 0–100%; a negative fall is a rise of the "
                "rate. The chance is the "
                "share of runs whose fall is **more than** the target (strictly greater, not equal). "
                "Households that must leave poverty: the smallest whole H with 100 × (H − expected "
                "inflow) / total households > target.",
                "216 predictions (end of months 3, 6, 9) of years whose outcome is known; 95.8% of "
                "them reached the target.",
                "**The tracker's chance (season and uncertainty learned from earlier years):**",
                "**Naive baseline (straight-line pace: 100% when the pace so far × 12 reaches the "
                "target, else 0%):**",
                "**Brier score by month of the prediction (tracker / baseline):**",
            ],
            "caption": [
                "The chance of reaching each target, what it would take, and scenarios to share. Each "
                "result rests on 100,000 simulation runs; the same assumptions always give the same "
                "numbers on every machine.",
                "Default variability and monthly profile (you can change them): Variability "
                "(coefficient of variation 3%) estimated from 8 earlier years of monthly figures: the "
                "error of predicting the rest of each year from its first months. Monthly profile "
                "learned from 9 complete earlier years.",
                "Share link (holds every assumption and the replay number)",
                "No scenario saved yet.",
                "Pick 2 to 4 scenarios to compare.",
                "All areas (total): for every year whose outcome is known (a whole-year target and "
                "all 12 monthly figures), the tracker predicted the chance at the end of months 3, 6 "
                "and 9 from what was known then; here it is against what happened.",
            ],
            "info": [
                "Actuals for 6 months of 2024 are in the data (total 4,644): those months use the "
                "actuals and only the rest is simulated.",
                "This area's data has no yearly target for the fall in the poverty rate yet, so there is "
                "nothing to simulate here.",
            ],
        },
    },
]


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict:
    """The bundled data; it with a 2024 vocational target; synthetic national data cut after June."""
    root = tmp_path_factory.mktemp("figures")
    voc = root / "voc"
    shutil.copytree(settings.BUNDLED_DATA_DIR, voc)
    with open(voc / "observations.csv", "a", encoding="utf-8") as fh:
        fh.write("vocational_enrolment,province,2024,target,14000,exact,reported,,\n")
    june = root / "june"
    synth.generate(june, rows=6000)
    for part in (june / "observations" / "year=2024").glob("*.parquet"):
        obs = pd.read_parquet(part)
        later = (obs["measure"] == "actual") & (obs["period"].str[5:].astype(int) > 6)
        obs[~later].drop(columns=["year"], errors="ignore").to_parquet(part, index=False)
    return {"bundled": settings.BUNDLED_DATA_DIR, "vocational": voc, "june": june}


VERSION_LINES = ("Số liệu: ", "Số liệu đã công bố", "Figures: ", "Published figures")


@pytest.mark.parametrize("case", PAGES, ids=lambda c: f"{c['data']}-{c['params']}")
def test_the_page_shows_the_same_figures_and_sentences_for_the_same_link(
    isolated_app, monkeypatch, folders, case
):
    monkeypatch.setenv("CHITIEU_DATA_DIR", str(folders[case["data"]]))
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in case["params"].items():
        at.query_params[key] = value
    act_as(at, "planner")  # the figures were pinned with the planner's page (scenarios to save)
    at.switch_page("pages/simulate.py").run()
    assert not at.exception
    view = {
        "subheader": [h.value for h in at.subheader],
        "metric": {m.label: m.value for m in at.metric},
        "markdown": [m.value for m in at.markdown],
        # the line saying which data version is shown came after these figures were pinned
        "caption": [c.value for c in at.caption if not c.value.startswith(VERSION_LINES)],
        "info": [i.value for i in at.info],
    }
    # figures and sentences as pinned; captions also carry which data version is shown (added
    # since) and are checked on the page tests
    view.pop("caption")
    assert view == {k: v for k, v in case["view"].items() if k != "caption"}
