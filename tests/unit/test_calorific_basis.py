"""Net and gross calorific value: a fuel factor per unit of energy names its basis in each line's lineage.

DESNZ 2024 full set, WTT- fuels, natural gas: 11_100_1004_7_1 0.03347 kg CO2e per kWh (Net CV), sheet row 40;
11_100_1004_6_1 0.03021 kg CO2e per kWh (Gross CV), row 41. The two rows have the same labels otherwise.
"""

import pandas as pd
import pytest

from ghgcalc.inventory.engine import compute_lines


def test_two_published_rows_differing_only_by_basis_say_which(library):
    table = pd.DataFrame({"year": [2024, 2024], "activity": ["value_chain"] * 2, "quantity": [100_000.0] * 2,
                          "unit": ["kWh"] * 2, "scope3_category": ["3"] * 2, "factor_dataset": ["desnz-ghg-2024-full"] * 2,
                          "factor_id": ["11_100_1004_7_1", "11_100_1004_6_1"]})
    lines = compute_lines(table, library, "AR5GWP100").emissions.set_index("row")
    # 100,000 kWh x 0.03347 = 3,347 kg; x 0.03021 = 3,021 kg (10.8 % apart)
    assert lines.loc[2, "co2e_t"] == pytest.approx(3.347) and lines.loc[3, "co2e_t"] == pytest.approx(3.021)
    assert "per kWh (Net CV)" in lines.loc[2, "conversion"] and "per kWh (Gross CV)" in lines.loc[3, "conversion"]


def test_catalogue_fuel_factors_per_energy_name_their_basis_and_electricity_does_not(library):
    table = pd.DataFrame({"year": [2024, 2024, 2024], "activity": ["natural_gas.stationary", "electricity.grid",
                                                                  "natural_gas.stationary"],
                          "quantity": [1000.0, 1000.0, 10.0], "unit": ["kWh", "kWh", "TJ"], "region": ["GB", "GB", "CN"]})
    lines = compute_lines(table, library, "AR5GWP100").emissions
    gas_gb = lines[lines["row"] == 2]["conversion"]
    assert gas_gb.str.contains("energy on the gross calorific value basis (desnz-2024)", regex=False).all()
    assert not lines[lines["row"] == 3]["conversion"].str.contains("calorific").any()
    assert lines[lines["row"] == 4]["conversion"].str.contains("net calorific value basis (ipcc-2006-stationary)", regex=False).all()
