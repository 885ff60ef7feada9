"""EPA spend-based rows recombined gas by gas under the inventory's GWP set (factors/epa-supply-chain-v1.3-naics-byghg).

Values typed from the publisher's by-GHG file (tests/epa_by_gas.py), 331110 iron and steel mills, with margins,
kg per 2022 USD: CO2 0.738, CH4 1.30e-3, N2O 2.08e-5, HFC-23 6.33e-8, HFC-32 1.03e-7, HFC-125 1.53e-7,
HFC-134a 2.50e-7, HFC-143a 4.21e-8, HFC-236fa 4.96e-10, SF6 1.60e-7, NF3 1.81e-9, CF4 8.51e-8, C2F6 1.04e-8,
C3F8 4.23e-10, C4F10 6.87e-10, c-C4F8 2.21e-9, C6F14 5.31e-10; 'HFCs and PFCs, unspecified' 1.20e-3 kg CO2e (AR5).
"""

import pandas as pd
import pytest

from ghgcalc.inventory.engine import compute_inventory, compute_lines
from tests.epa_by_gas import AR4, AR6, kg_co2e_per_usd


def steel(usd: float = 1000.0) -> pd.DataFrame:
    return pd.DataFrame({"year": [2022], "activity": ["value_chain"], "quantity": [usd], "unit": ["USD"],
                         "scope3_category": ["1"], "factor_dataset": ["epa-supply-chain-v1.3-naics"],
                         "factor_id": ["331110/with_margins"], "method": ["spend-based"]})


def scope3_t(library, gwp_set: str, fallback=("mixed_gwp",)) -> float:
    return float(compute_inventory(steel(), library, gwp_set, fallback=fallback).totals["co2e_t"].sum())


def test_ar4_and_ar6_scope3_totals_differ_by_their_per_gas_gwps(library):
    # 1,000 USD x kg of each gas x (AR6 - AR4): CH4 1.30e-3 x (27.9 - 25) = 3.77e-3; N2O 2.08e-5 x (273 - 298)
    # = -5.2e-4; HFC-23 6.33e-8 x (14,600 - 14,800) = -1.266e-5; HFC-32 1.03e-7 x (771 - 675) = 9.888e-6;
    # HFC-125 1.53e-7 x (3,740 - 3,500) = 3.672e-5; HFC-134a 2.50e-7 x (1,530 - 1,430) = 2.5e-5; HFC-143a
    # 4.21e-8 x (5,810 - 4,470) = 5.6414e-5; HFC-236fa 4.96e-10 x (8,690 - 9,810) = -5.5552e-7; SF6 1.60e-7 x
    # (25,200 - 22,800) = 3.84e-4; NF3 1.81e-9 x (17,400 - 17,200) = 3.62e-7; CF4 8.51e-8 x (7,380 - 7,390)
    # = -8.51e-7; C2F6 1.04e-8 x (12,400 - 12,200) = 2.08e-6; C3F8 4.23e-10 x (9,290 - 8,830) = 1.9458e-7;
    # C4F10 6.87e-10 x (10,000 - 8,860) = 7.8318e-7; c-C4F8 2.21e-9 x (10,200 - 10,300) = -2.21e-7; C6F14
    # 5.31e-10 x (8,620 - 9,300) = -3.6108e-7; CO2 and the unspecified part (as published in both): 0.
    # Sum: 3.75079316e-3 kg per USD, x 1,000 USD = 3.75079316 kg.
    per_usd = (3.77e-3 - 5.2e-4 - 1.266e-5 + 9.888e-6 + 3.672e-5 + 2.5e-5 + 5.6414e-5 - 5.5552e-7 + 3.84e-4 + 3.62e-7
               - 8.51e-7 + 2.08e-6 + 1.9458e-7 + 7.8318e-7 - 2.21e-7 - 3.6108e-7)
    assert per_usd == pytest.approx(3.75079316e-3)
    ar4, ar6 = scope3_t(library, "AR4GWP100"), scope3_t(library, "AR6GWP100")
    assert (ar6 - ar4) * 1000 == pytest.approx(1000 * per_usd, rel=1e-9)
    assert ar6 * 1000 == pytest.approx(1000 * kg_co2e_per_usd("331110", AR6))  # 788.214 kg
    assert ar4 * 1000 == pytest.approx(1000 * kg_co2e_per_usd("331110", AR4))  # 784.463 kg


def test_under_ar5_the_published_co2e_is_used_as_it_is(library):
    assert scope3_t(library, "AR5GWP100", fallback=()) * 1000 == pytest.approx(787.0)  # 1,000 USD x 0.787 kg CO2e


def test_only_the_unspecified_part_is_named_as_mixed(library):
    lines = compute_lines(steel(), library, "AR6GWP100", fallback=("mixed_gwp",)).emissions
    assert len(lines) == 18
    mixed = lines[lines["fallback"].astype(str).str.contains("mixed_gwp")]
    assert list(mixed["gas"]) == ["CO2e"] and mixed["co2e_t"].sum() * 1000 == pytest.approx(1.2)  # 1,000 x 1.20e-3 kg
    ch4 = lines[lines["gas"] == "CH4"].iloc[0]
    assert ch4["mass_t"] * 1000 == pytest.approx(1.30) and ch4["gwp"] == pytest.approx(27.9)
    assert "from epa-supply-chain-v1.3-naics-byghg" in lines["conversion"].iloc[0]


def test_without_mixed_gwp_the_row_is_refused_with_the_rule_and_the_fix(library):
    result = compute_lines(steel(), library, "AR6GWP100")
    assert result.emissions.empty
    (message,) = result.rejected["message"]
    assert result.rejected["row"].tolist() == [2] and result.rejected["column"].tolist() == ["factor_id"]
    assert "published only as CO2e under AR5GWP100 (0.0012 of 0.787 kg CO2e per unit, 0.2%" in message
    assert "allow the fallback mixed_gwp" in message
