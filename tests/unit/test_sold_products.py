"""Scope 3 categories 11 and 12 modelled from units sold (ghgcalc.inventory.sold_products), worked by hand.

Factors typed from the shipped tables: DESNZ 2024 UK electricity generated (sheet 'UK electricity' row 25),
kg CO2e per kWh of CO2 0.20493, of CH4 0.0009, of N2O 0.00122 (AR5: CH4 28, N2O 265), shipped as kg of gas
(factors/desnz-2024.csv): 0.20493 kg CO2, 3.21429e-5 kg CH4, 4.60377e-6 kg N2O; DESNZ 2024 full set, Waste
disposal row 74, average plastics to landfill 20_505_5383_15_1: 8.88386 kg CO2e per tonne (AR5, CO2e only).
"""

import pandas as pd
import pytest

from ghgcalc.inventory.engine import compute_inventory, compute_lines

GB_KWH_AR6 = 0.20493 + 3.21429e-5 * 27.9 + 4.60377e-6 * 273  # kg CO2e per kWh: 0.20493 + 0.000896787 + 0.00125683
PLASTICS_LANDFILL = "20_505_5383_15_1"


def rows(**columns) -> pd.DataFrame:
    base = {"year": [2024], "quantity": [12_000.0], "unit": ["product"], "region": ["GB"]}
    return pd.DataFrame({**base, **{k: [v] for k, v in columns.items()}})


def use_phase(**changed) -> pd.DataFrame:
    return rows(**{"activity": "sold_products.use_electricity", "factor_value": "450", "factor_unit": "kWh / product",
                   "factor_dataset": "", "factor_id": "", **changed})


def end_of_life(**changed) -> pd.DataFrame:
    return rows(**{"activity": "sold_products.end_of_life", "factor_value": "1.2", "factor_unit": "kg / product",
                   "factor_dataset": "desnz-ghg-2024-full", "factor_id": PLASTICS_LANDFILL, **changed})


def test_use_phase_is_units_sold_x_lifetime_kwh_x_the_grid_factor_of_the_selling_region(library):
    # 12,000 products x 450 kWh = 5,400,000 kWh x 0.20708362 kg CO2e = 1,118,251.5 kg = 1,118.25 t, category 11
    result = compute_inventory(use_phase(), library, "AR6GWP100")
    totals = result.totals
    assert set(totals["scope3_category"]) == {"11"} and set(totals["scope"]) == {"3"}
    assert totals["co2e_t"].sum() == pytest.approx(12_000 * 450 * GB_KWH_AR6 / 1000)
    co2 = totals[totals["gas"] == "CO2"]["mass_t"].sum()
    assert co2 == pytest.approx(12_000 * 450 * 0.20493 / 1000)  # 1,106.62 t CO2
    line = compute_lines(use_phase(), library, "AR6GWP100").emissions.iloc[0]
    assert "use phase (direct, electricity)" in line["conversion"] and "grid factor where sold (GB)" in line["conversion"]


def test_the_lifetime_use_may_be_in_another_energy_unit(library):
    # 1.62 GJ per product = 450 kWh (1 kWh = 3.6 MJ): the same total
    result = compute_inventory(use_phase(factor_value="1.62", factor_unit="GJ / product"), library, "AR6GWP100")
    assert result.totals["co2e_t"].sum() == pytest.approx(12_000 * 450 * GB_KWH_AR6 / 1000)


def test_end_of_life_is_units_sold_x_mass_per_unit_x_the_waste_factor(library):
    # 12,000 x 1.2 kg = 14.4 t of plastics to landfill x 8.88386 kg CO2e/t = 127.928 kg, category 12
    result = compute_inventory(end_of_life(), library, "AR5GWP100")
    assert set(result.totals["scope3_category"]) == {"12"}
    assert result.totals["co2e_t"].sum() == pytest.approx(12_000 * 1.2 / 1000 * 8.88386 / 1000)


def test_rules_and_fixes_row_by_row(library):
    table = pd.concat([
        use_phase(factor_dataset="epa-supply-chain-v1.3-naics", factor_id="335220/with_margins"),  # row 2
        end_of_life(factor_dataset="epa-supply-chain-v1.3-naics", factor_id="562111/with_margins"),  # row 3
        use_phase(factor_unit="kg / product"),  # row 4
        end_of_life(factor_dataset="", factor_id=""),  # row 5
        use_phase(factor_value="", factor_unit=""),  # row 6
        end_of_life(factor_id="7_400_4000_5_1"),  # row 7: a Scope 2 electricity factor
    ], ignore_index=True)
    rejected = compute_lines(table, library, "AR5GWP100").rejected.set_index("row")
    assert rejected.loc[2, "column"] == "factor_dataset" and "grid factor of its region" in rejected.loc[2, "message"]
    assert rejected.loc[3, "column"] == "factor_id" and "does not fit category 12" in rejected.loc[3, "message"]
    assert "spend on purchases does not measure it" in rejected.loc[3, "message"]
    assert rejected.loc[4, "column"] == "factor_unit" and "is not an energy" in rejected.loc[4, "message"]
    assert rejected.loc[5, "column"] == "factor_dataset" and "waste-disposal factor" in rejected.loc[5, "message"]
    assert rejected.loc[6, "column"] == "factor_value" and "lifetime electricity use" in rejected.loc[6, "message"]
    assert rejected.loc[7, "column"] == "factor_id" and "category 12" in rejected.loc[7, "message"]
    assert sorted(rejected.index) == [2, 3, 4, 5, 6, 7]


def test_no_spend_based_factor_in_categories_11_and_12(library):
    for category in ("11", "12"):
        table = pd.DataFrame({"year": [2022], "activity": ["value_chain"], "quantity": [1000.0], "unit": ["USD"],
                              "scope3_category": [category], "factor_dataset": ["epa-supply-chain-v1.3-naics"],
                              "factor_id": ["335220/with_margins"]})
        (message,) = compute_lines(table, library, "AR5GWP100").rejected["message"]
        assert f"does not fit category {category}" in message and "model it from units sold" in message


@pytest.mark.parametrize("spelling", ["unit", "units", "pcs"])
def test_units_sold_may_be_written_as_people_write_them(library, spelling):
    # pint alone reads 'unit' as micro-nit (a luminance) and 'pcs' as parsecs: both are counts of products here
    changed = use_phase(unit=spelling, factor_unit=f"kWh / {spelling}")
    result = compute_inventory(changed, library, "AR6GWP100")
    assert result.totals["co2e_t"].sum() == pytest.approx(12_000 * 450 * GB_KWH_AR6 / 1000)
