"""Biogenic CO2 outside the scopes, worked by hand from DESNZ's 'Outside of scopes' rows.

DESNZ 2024: diesel (average biofuel blend) 0.16 kg CO2 per litre (99_604_1011_8_2), UK electricity
generated 0.11507 kg CO2 per kWh (99_400_4001_5_2); DESNZ 2023 petrol (average biofuel blend) 0.12 kg
CO2 per litre (99_604_1017_8_2).
"""

import pandas as pd
import pytest

from ghgcalc.inventory.biogenic import biogenic_co2
from ghgcalc.inventory.engine import compute_inventory


def table():
    return pd.DataFrame({"year": [2024, 2024, 2024, 2023], "quantity": [90_000.0, 600.0, 1_000.0, 1_000.0],
                         "activity": ["diesel.mobile", "electricity.grid", "natural_gas.stationary", "motor_gasoline.mobile"],
                         "unit": ["L", "MWh", "kWh", "L"], "region": ["GB", "GB", "GB", "GB"]})


def test_biogenic_co2_by_hand(library):
    result = biogenic_co2(table(), library)
    by_year = dict(zip(result.to_frame()["year"], result.to_frame()["biogenic_co2_t"]))
    # 2024: 90,000 L x 0.16 = 14,400 kg; 600,000 kWh x 0.11507 = 69,042 kg. 2023: 1,000 L x 0.12 = 120 kg.
    assert by_year == pytest.approx({2024: (90_000 * 0.16 + 600_000 * 0.11507) / 1000, 2023: 1_000 * 0.12 / 1000})
    assert list(result.lines["row"]) == [2, 3, 5]  # natural gas (row 4) has no biogenic share
    assert result.lines["factor_id"].iloc[0] == "desnz-ghg-2024-full:99_604_1011_8_2"


def test_biogenic_co2_is_outside_every_scope(library):
    # Scope 1 of 90,000 L of diesel: DESNZ 2024 2.4796 kg CO2 per litre (fossil part only) = 223.164 t CO2;
    # the biofuel share's 14.4 t CO2 is the memo figure, in no scope
    diesel = table().iloc[[0]]
    inventory = compute_inventory(diesel, library, "AR5GWP100").emissions
    assert inventory.loc[inventory["gas"] == "CO2", "mass_t"].sum() == pytest.approx(90_000 * 2.4796 / 1000)
    biogenic = biogenic_co2(diesel, library).to_dict()
    assert biogenic["unit"] == "t CO2 (biogenic, outside the scopes)"
    assert biogenic["years"] == [{"year": 2024, "biogenic_co2_t": pytest.approx(14.4)}]
