"""The issue's worked example, computed by hand from the cited factors.

Inputs (China, 2023):
- 1,000 MWh of grid electricity with no contractual instrument;
- 500 MWh of grid electricity covered by green electricity certificates (GEC);
- 10,000 m3 of natural gas burned in a boiler;
- 50 kg of HFC-134a topped up in air conditioning.

Factors (factors/*.csv):
- MEE/NBS 2023 national grid average 0.5306 kg CO2/kWh (location-based) and national
  average excluding market-traded non-fossil electricity 0.6096 kg CO2/kWh (used as the
  residual mix for market-based);
- Chinese default NCV of natural gas 389.31 GJ per 10^4 m3 = 38.931 MJ/m3;
- IPCC 2006 Vol.2 Table 2.3: 56,100 kg CO2, 1 kg CH4, 0.1 kg N2O per TJ;
- AR5 GWP-100: CH4 28, N2O 265, HFC-134a 1,300.
"""

import pandas as pd
import pytest

from ghgcalc.inventory.engine import compute_inventory, summarise, total_co2e

ACTIVITIES = pd.DataFrame({
    "year": [2023, 2023, 2023, 2023],
    "activity": ["electricity.grid", "electricity.grid", "natural_gas.stationary", "refrigerant.release"],
    "quantity": [1000, 500, 10000, 50],
    "unit": ["MWh", "MWh", "m3", "kg"],
    "region": ["CN", "CN", "CN", "CN"],
    "gas": ["", "", "", "HFC-134a"],
    "instrument": ["", "GEC", "", ""],
})

GAS_TJ = 10_000 * 38.931e-6  # 10,000 m3 x 38.931 MJ/m3 = 0.38931 TJ
SCOPE1_GAS_CO2 = GAS_TJ * 56_100 / 1000  # 21.840291 t CO2
SCOPE1_GAS_CH4 = GAS_TJ * 1 / 1000  # t CH4
SCOPE1_GAS_N2O = GAS_TJ * 0.1 / 1000  # t N2O
SCOPE1_HFC = 50 / 1000 * 1300  # 65 t CO2e
SCOPE1 = SCOPE1_GAS_CO2 + SCOPE1_GAS_CH4 * 28 + SCOPE1_GAS_N2O * 265 + SCOPE1_HFC  # 86.861508 t CO2e
SCOPE2_LOCATION = (1000 + 500) * 0.5306  # 795.9 t CO2
SCOPE2_MARKET = 1000 * 0.6096 + 500 * 0.0  # 609.6 t CO2


@pytest.fixture(scope="module")
def result(library):
    return compute_inventory(ACTIVITIES, library, "AR5GWP100")


def test_scope1(result):
    assert total_co2e(result.emissions, ["1"]) == pytest.approx(SCOPE1, rel=1e-12)


def test_scope2_location_and_market(result):
    totals = summarise(result.emissions).set_index(["scope", "scope2_method"])["co2e_t"]
    assert totals[("2", "location")] == pytest.approx(SCOPE2_LOCATION, rel=1e-12)
    assert totals[("2", "market")] == pytest.approx(SCOPE2_MARKET, rel=1e-12)


def test_natural_gas_by_gas(result):
    lines = result.emissions[result.emissions["activity"] == "natural_gas.stationary"].set_index("gas")
    assert lines.at["CO2", "mass_t"] == pytest.approx(SCOPE1_GAS_CO2, rel=1e-12)
    assert lines.at["CH4", "mass_t"] == pytest.approx(SCOPE1_GAS_CH4, rel=1e-12)
    assert lines.at["N2O", "co2e_t"] == pytest.approx(SCOPE1_GAS_N2O * 265, rel=1e-12)


def test_lineage_names_rows_factors_and_conversions(result):
    gas = result.emissions[(result.emissions["activity"] == "natural_gas.stationary") & (result.emissions["gas"] == "CO2")].iloc[0]
    assert gas["row"] == 4  # header is row 1
    assert gas["factor_id"].startswith("ipcc-2006-stationary/")
    assert "china-fuel-ncv" in gas["conversion"]
    certified = result.emissions[(result.emissions["row"] == 3) & (result.emissions["scope2_method"] == "market")].iloc[0]
    assert certified["factor_id"] == "instrument:GEC" and certified["co2e_t"] == 0


def test_ar6_changes_only_non_co2(library, result):
    ar6 = compute_inventory(ACTIVITIES, library, "AR6GWP100")
    # AR6 weighs methane by origin: natural gas is fossil, so CH4_fossil 29.8 (Table 7.15), not 27.9;
    # N2O 273, HFC-134a 1,530
    expected = SCOPE1_GAS_CO2 + SCOPE1_GAS_CH4 * 29.8 + SCOPE1_GAS_N2O * 273 + 50 / 1000 * 1530
    assert total_co2e(ar6.emissions, ["1"]) == pytest.approx(expected, rel=1e-12)
    assert total_co2e(ar6.emissions, ["2"]) == pytest.approx(SCOPE2_LOCATION, rel=1e-12)
    assert set(ar6.emissions["gas"]) == {"CO2", "CH4_fossil", "N2O", "HFC134a"}


def test_ar5_keeps_a_single_methane(result):
    # AR5 practice (GHG Protocol, DESNZ, US EPA) applies 28 to all methane
    assert "CH4" in set(result.emissions["gas"]) and "CH4_fossil" not in set(result.emissions["gas"])


def test_counts(result):
    assert (result.rows_in, result.rows_computed, result.rows_rejected) == (4, 4, 0)
