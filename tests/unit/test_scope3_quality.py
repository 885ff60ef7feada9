"""Scope 3 data quality, supplier-specific share and screening, with every expected value by hand.

Scores are the Scope 3 Standard's Box 7.2 ratings (1 very good, 2 good, 3 fair, 4 poor); the
method defaults used below are typed from ghgcalc/data/scope3-dq-defaults.csv (and checked
against it): supplier-specific 1, 2, 1, 2, 2 and hybrid 2, 2, 1, 2, 3 for technology, time,
geography, completeness, reliability.
"""

import numpy as np
import pandas as pd
import pytest

from ghgcalc.errors import InputError
from ghgcalc.inventory.engine import compute_inventory
from ghgcalc.inventory.quality import default_scores, time_score
from ghgcalc.inventory.screening import read_screening, scope3_overview

SUPPLIER_DEFAULTS = {"technology": 1, "time": 2, "geography": 1, "completeness": 2, "reliability": 2}
HYBRID_DEFAULTS = {"technology": 2, "time": 2, "geography": 1, "completeness": 2, "reliability": 3}
DQ = ("dq_technology", "dq_time", "dq_geography", "dq_completeness", "dq_reliability")


def supplier_row(quantity, kg_per_count, method, year=2024, category=1, **scores):
    return dict(year=year, activity="value_chain", quantity=quantity, unit="count", scope3_category=category,
                factor_value=kg_per_count, factor_unit="kg CO2e / count", method=method, **scores)


def published_row(quantity, unit, factor_id, year, category=6, dataset="desnz-ghg-2025-full"):
    return dict(year=year, activity="value_chain", quantity=quantity, unit=unit, scope3_category=category,
                factor_dataset=dataset, factor_id=factor_id)


ROWS = pd.DataFrame([
    supplier_row(1000, 2, "supplier-specific", **{c: 1 for c in DQ}),  # 2 t, every score given: 1
    supplier_row(3000, 1, "supplier-specific"),  # 3 t, no score: the supplier-specific defaults
    supplier_row(5000, 1, "hybrid", dq_reliability=4),  # 5 t, reliability given, the rest hybrid defaults
])


def test_the_typed_defaults_are_the_shipped_ones():
    defaults = default_scores()
    assert defaults.loc["supplier-specific"].to_dict() == SUPPLIER_DEFAULTS
    assert defaults.loc["hybrid"].to_dict() == HYBRID_DEFAULTS
    # the Technical Guidance ranks supplier-specific data above spend-based on technology and reliability
    assert defaults.at["supplier-specific", "technology"] < defaults.at["spend-based", "technology"]
    assert defaults.at["supplier-specific", "reliability"] < defaults.at["spend-based", "reliability"]


def test_weighted_scores_shares_and_defaults_by_hand(library):
    result = compute_inventory(ROWS, library, "AR5GWP100")
    overview = scope3_overview(result.scope3_quality)
    one = overview.table.set_index("category").loc["1"]
    assert one["co2e_t"] == pytest.approx(10.0)  # 2 + 3 + 5 t
    assert one["dq_technology"] == pytest.approx((2 * 1 + 3 * 1 + 5 * 2) / 10)  # 15 / 10 = 1.5
    assert one["dq_time"] == pytest.approx((2 * 1 + 3 * 2 + 5 * 2) / 10)  # 18 / 10 = 1.8 (row factors have no year)
    assert one["dq_geography"] == pytest.approx((2 * 1 + 3 * 1 + 5 * 1) / 10)  # 1.0
    assert one["dq_completeness"] == pytest.approx((2 * 1 + 3 * 2 + 5 * 2) / 10)  # 1.8
    assert one["dq_reliability"] == pytest.approx((2 * 1 + 3 * 2 + 5 * 4) / 10)  # 28 / 10 = 2.8
    assert one["dq_score"] == pytest.approx((1.5 + 1.8 + 1.0 + 1.8 + 2.8) / 5)  # 8.9 / 5 = 1.78
    assert one["supplier_specific_share"] == pytest.approx(5 / 10)  # rows 1 and 2
    assert one["hybrid_share"] == pytest.approx(5 / 10)  # counted apart
    # default scores: row 1 none of 5, row 2 all 5, row 3 four of 5: (0 + 3 x 5 + 5 x 4) / (5 x 10) = 35 / 50
    assert one["dq_default_share"] == pytest.approx(0.7)
    assert one["method_mix"] == "SS 50% HY 50%"
    total = overview.table.set_index("category").loc["total"]
    assert total["co2e_t"] == pytest.approx(10.0) and total["dq_score"] == pytest.approx(1.78)
    assert len(overview.table) == 16 and set(overview.table["status"]) == {"not screened", ""}


def test_time_score_follows_box_7_2():
    # less than 3 years: very good; less than 6: good; less than 10: fair; else poor
    assert time_score([0, 2, 3, 5, 6, 9, 10, 11]).tolist() == [1, 1, 2, 2, 3, 3, 4, 4]


@pytest.mark.parametrize("year, expected", [(2025, 1), (2022, 2), (2016, 3), (2014, 4)])
def test_time_is_derived_from_the_factor_year(library, year, expected):
    # DESNZ 2025 factors are for 2025: gaps of 0, 3, 9 and 11 years (another edition only under other_edition)
    rows = pd.DataFrame([published_row(10_000, "passenger.km", "21_316_3164_11_1", year)])
    quality = compute_inventory(rows, library, "AR5GWP100", fallback=["other_edition"]).scope3_quality
    time = quality.loc[quality["indicator"] == "time"].iloc[0]
    assert time["basis"] == "derived"
    assert time["score_x_co2e_t"] / time["co2e_t"] == pytest.approx(expected)
    # 10,000 passenger.km x 0.12576 kg = 1.2576 t; average-data by the factor (per physical unit)
    assert time["co2e_t"] == pytest.approx(1.2576) and time["method"] == "average-data"


@pytest.mark.parametrize("value", ["5", "0", "good", "2.5", "-1"])
def test_a_score_outside_1_to_4_is_refused_with_row_column_value(library, value):
    rows = ROWS.assign(dq_time=["", value, ""])
    result = compute_inventory(rows, library, "AR5GWP100")
    assert result.rows_rejected == 1
    problem = result.rejected.iloc[0]
    assert (problem["row"], problem["column"], str(problem["value"])) == (3, "dq_time", value)
    assert "1 (very good), 2 (good), 3 (fair) or 4 (poor)" in problem["message"]


def test_scores_on_a_scope_1_row_are_refused(library):
    rows = pd.DataFrame([dict(year=2024, activity="natural_gas.stationary", quantity=10, unit="MWh", dq_time=2)])
    result = compute_inventory(rows, library, "AR5GWP100")
    assert result.rejected.iloc[0]["message"] == "data quality scores are for Scope 3 rows"


def screening_file(tmp_path, text):
    path = tmp_path / "scope3-screening.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_screening_beside_the_data(library, tmp_path):
    rows = pd.concat([ROWS, pd.DataFrame([published_row(20, "room_night", "29_600_4000_13_1", 2024, dataset="desnz-ghg-2024-full")])], ignore_index=True)
    screening = read_screening(screening_file(tmp_path, "category,status,reason\n1,relevant,\n2,Relevant,\n"
                                                        "6,excluded,no travel\n8,not applicable,no leases\n"))
    overview = scope3_overview(compute_inventory(rows, library, "AR5GWP100").scope3_quality, screening)
    table = overview.table.set_index("category")
    assert table.loc["2", "flag"] == "no data" and table.loc["6", "flag"] == "excluded, has data"
    assert table.loc["6", "co2e_t"] == pytest.approx(0.208)  # 20 x 10.4 kg: counted, not dropped
    assert table.loc["8", "status"] == "not applicable" and table.loc["8", "flag"] == ""
    assert table.loc["3", "status"] == "not screened"
    assert overview.findings[0].startswith("2024 category 6 (Business travel) is declared excluded")
    assert "category 2 (Capital goods) is declared relevant but has no data" in overview.findings[1]
    assert overview.findings[-1].startswith("categories not in the screening file: 3, 4, 5, 7, 9")


@pytest.mark.parametrize("text, message", [
    ("category,status,reason\n1,relevnt,\n", "row 2, column status: 'relevnt': expected one of relevant, estimated, excluded, "
                                             "not applicable; did you mean 'relevant'?"),
    ("category,status,reason\n16,relevant,\n", "row 2, column category: '16': expected a Scope 3 category from 1 to 15"),
    ("category,status,reason\n9,excluded,\n", "row 2, column reason: a category that is excluded needs its reason"),
    ("category,status,reason\n1,relevant,\n1,relevant,\n", "row 3, column category: category 1 is screened twice"),
    ("category,status\n1,relevant\n", None),
])
def test_screening_file_errors_name_the_row_column_and_value(tmp_path, text, message):
    path = screening_file(tmp_path, text)
    if message is None:
        assert read_screening(path)["reason"].tolist() == [""]
        return
    with pytest.raises(InputError) as caught:
        read_screening(path)
    assert len(str(caught.value).splitlines()) == 1
    assert message in str(caught.value)


@pytest.mark.parametrize("region, expected", [("GB", 1), ("CN-GD", 3), ("", 2)])
def test_geography_is_derived_from_the_rows_region_against_the_factors(library, region, expected):
    # DESNZ factors are for GB: commuting in the UK scores very good (1); in Dongguan, a UK car factor is
    # another area, fair (3); a row without a region keeps the average-data default (2)
    row = dict(published_row(1_000, "km", "25_301_3074_4_1", 2024, category=7, dataset="desnz-ghg-2024-full"),
               region=region)
    quality = compute_inventory(pd.DataFrame([row]), library, "AR5GWP100").scope3_quality
    geography = quality.loc[quality["indicator"] == "geography"].iloc[0]
    assert geography["score_x_co2e_t"] / geography["co2e_t"] == pytest.approx(expected)
    assert geography["basis"] == ("derived" if region else "default")


def test_a_national_factor_for_a_province_is_good(library):
    from ghgcalc.inventory.quality import geography_score

    scores, derived = geography_score(np.array(["CN-GD", "CN-GD", "US-OH", ""], dtype=object),
                                      np.array(["CN", "CN-GD", "GB", "GB"], dtype=object), library.regions)
    assert scores.tolist() == [2, 1, 3, 0] and derived.tolist() == [True, True, True, False]


def test_the_time_derived_share_counts_the_time_score_alone(library):
    # one commuting row in the UK on DESNZ 2024: its time score is derived (a dated factor, gap 0) and so is its
    # geography (GB against GB); the share of t CO2e on a derived time is 1, not 2 (geography is not time), and
    # 3 of the 5 scores (technology, completeness, reliability) rest on defaults: 3 / 5 = 0.6
    row = dict(published_row(1_000, "km", "25_301_3074_4_1", 2024, category=7, dataset="desnz-ghg-2024-full"),
               region="GB")
    result = compute_inventory(pd.DataFrame([row]), library, "AR5GWP100")
    assert set(result.scope3_quality.query("basis == 'derived'")["indicator"]) == {"time", "geography"}
    seven = scope3_overview(result.scope3_quality).table.set_index("category").loc["7"]
    assert seven["dq_time_derived_share"] == 1.0
    assert seven["dq_default_share"] == pytest.approx(3 / 5)
