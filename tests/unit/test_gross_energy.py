"""Fuel energy billed on the gross basis (therms, MMBtu, dekatherms; "kWh (gross)") priced by net-basis factors.

The US bills natural gas by its higher heating value. 412,500 therm (41,250 MMBtu) of natural gas times the IPCC
2006 default, 56,100 kg CO2 per TJ on the net calorific value, gave 2,441.53 t CO2; with the EPA's gross-basis
factor, 53.06 kg CO2 per MMBtu, it is 41,250 x 53.06 kg = 2,188.7 t. The gross energy is brought to net first
by natural gas's NCV/GCV, the quotient of DESNZ's two CO2 factors of the same gas (2025 flat file, natural gas
100 % mineral blend: 0.18457 kg CO2 per kWh Gross CV, row 100, over 0.20448 per kWh Net CV, row 96).

By hand: 1 therm = 100,000 Btu x 1,055.056 J = 105.5056 MJ.
412,500 therm = 43,521.06 GJ gross; x 0.18457/0.20448 = 39,283.7 GJ net; x 56.1 kg CO2/GJ = 2,203.8 t CO2
(0.7 % above the EPA figure: the two publishers' carbon contents of natural gas differ).
"""

from __future__ import annotations

import pandas as pd
import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.core import units
from ghgcalc.errors import UnitError
from ghgcalc.inventory.engine import compute_lines

GJ_PER_THERM = 1e5 * 1055.056e-9
NET_PER_GROSS_GAS = 0.18457 / 0.20448      # DESNZ 2025, natural gas (100 % mineral blend)
NET_PER_GROSS_LPG = 0.21419 / 0.22999      # DESNZ 2025, LPG
IPCC_GAS_CO2_KG_PER_GJ = 56.1               # 2006 IPCC Guidelines Vol. 2 Table 2.2 (per TJ net: 56,100 kg)
DESNZ_2024_GAS_CO2_KG_PER_KWH_GROSS = 0.18253   # desnz-2024, natural gas per kWh Gross CV (sheet Fuels row 42)


def co2(library, rows, gwp="AR5GWP100"):
    table = pd.DataFrame(rows, columns=["year", "activity", "quantity", "unit", "region"])
    result = compute_lines(table, library, gwp)
    lines = result.emissions
    return lines[lines["gas"] == "CO2"].set_index("row"), result


def test_a_therm_bill_is_gross_and_is_brought_to_net_for_ipcc_factors(library):
    lines, _ = co2(library, [[2024, "natural_gas.stationary", 412_500.0, "therm", "US"]])
    expected = 412_500 * GJ_PER_THERM * NET_PER_GROSS_GAS * IPCC_GAS_CO2_KG_PER_GJ / 1000
    assert lines.loc[2, "mass_t"] == pytest.approx(expected, rel=1e-9)
    assert lines.loc[2, "mass_t"] == pytest.approx(2203.8, abs=0.05)
    assert abs(lines.loc[2, "mass_t"] - 2188.7) / 2188.7 < 0.01  # within 1 % of the EPA gross-basis figure
    conversion = lines.loc[2, "conversion"]
    assert "gross -> net calorific value x0.90263" in conversion
    assert "desnz-ghg-2025-full 1_100_1005_6_2 0.18457" in conversion and "1_100_1005_7_2 0.20448" in conversion
    assert conversion.endswith("energy on the net calorific value basis (ipcc-2006-stationary)")


@pytest.mark.parametrize("unit, quantity", [("MMBtu", 41_250.0), ("Dth", 41_250.0), ("therm (gross)", 412_500.0),
                                            ("Therm", 412_500.0), ("kBtu", 41_250_000.0),
                                            ("MMBtu (HHV)", 41_250.0), ("GJ (gross)", 41_250 * 1.055056),
                                            ("kWh (Gross CV)", 41_250 * 1.055056e9 / 3.6e6)])
def test_every_way_of_saying_gross_energy_gives_the_same_tonnes(library, unit, quantity):
    lines, _ = co2(library, [[2024, "natural_gas.stationary", 412_500.0, "therm", "US"],
                             [2024, "natural_gas.stationary", quantity, unit, "US"]])
    assert lines.loc[3, "mass_t"] == pytest.approx(lines.loc[2, "mass_t"], rel=1e-9)


def test_energy_without_a_stated_basis_is_read_on_the_factors_as_before(library):
    lines, _ = co2(library, [[2024, "natural_gas.stationary", 1000.0, "GJ", "US"],
                             [2024, "natural_gas.stationary", 1000.0, "GJ (net)", "US"],
                             [2024, "natural_gas.stationary", 10.0, "therm (net)", "US"]])
    assert lines.loc[2, "mass_t"] == pytest.approx(1000 * 56.1 / 1000)  # 56.1 t CO2 per 1,000 GJ net
    assert lines.loc[3, "mass_t"] == pytest.approx(lines.loc[2, "mass_t"])
    assert lines.loc[4, "mass_t"] == pytest.approx(10 * GJ_PER_THERM * 56.1 / 1000)
    assert "x0." not in lines.loc[2, "conversion"]


def test_net_energy_under_a_gross_factor_is_divided_by_the_ratio(library):
    # GB natural gas: DESNZ 2024 per kWh Gross CV; 1,000,000 kWh net is 1,000,000 / 0.90263 kWh gross
    lines, _ = co2(library, [[2024, "natural_gas.stationary", 1e6, "kWh (net)", "GB"],
                             [2024, "natural_gas.stationary", 1e6, "kWh", "GB"],
                             [2024, "natural_gas.stationary", 1e6 * 3.6e6 / 1055.056e5, "therm", "GB"]])
    assert lines.loc[3, "mass_t"] == pytest.approx(1e6 * DESNZ_2024_GAS_CO2_KG_PER_KWH_GROSS / 1000)
    assert lines.loc[2, "mass_t"] == pytest.approx(lines.loc[3, "mass_t"] / NET_PER_GROSS_GAS)
    assert lines.loc[4, "mass_t"] == pytest.approx(lines.loc[3, "mass_t"])  # therms are gross, as DESNZ's kWh
    assert "net -> gross calorific value x1.10787" in lines.loc[2, "conversion"]


def test_lpg_has_its_own_ratio(library):
    lines, _ = co2(library, [[2024, "lpg.stationary", 1000.0, "GJ (gross)", "US"],
                             [2024, "lpg.stationary", 1000.0, "GJ (net)", "US"]])
    assert lines.loc[2, "mass_t"] == pytest.approx(lines.loc[3, "mass_t"] * NET_PER_GROSS_LPG)


def test_a_basis_on_what_is_not_fuel_energy_is_refused_naming_the_row(library):
    _, result = co2(library, [[2024, "natural_gas.stationary", 100.0, "m3 (gross)", "US"],
                              [2024, "electricity.grid", 100.0, "MWh (gross)", "RFCW"],
                              [2024, "natural_gas.stationary", 100.0, "therm", "US"]])
    problems = dict(zip(result.rejected["row"], result.rejected["message"]))
    assert "m3 (gross)" in problems[2] and "energy" in problems[2]
    assert "MWh (gross)" in problems[3] and "electricity.grid" in problems[3]
    assert 4 not in problems


@pytest.mark.parametrize("text", ["(gross)", "kWh (gross) (net)", "m3 (net)", "t CO2e (gross)"])
def test_a_basis_that_is_not_one_energy_unit_s_is_no_unit(text):
    with pytest.raises(UnitError, match="is not a unit"):
        units.parse_unit(text)


def test_dekatherm_is_ten_therms():
    assert units.conversion_factor("Dth", "therm") == pytest.approx(10)
    assert units.conversion_factor("Dth", "MMBtu") == pytest.approx(1)
    assert units.conversion_factor("MWh (gross)", "kWh") == pytest.approx(1000)


def test_the_ratios_are_desnz_own_quotients(library):
    """Each ratio's two factors are in the shipped DESNZ 2025 table under the IDs the data file cites."""
    from ghgcalc.inventory.calorific import calorific_ratios
    for activity, ratio in calorific_ratios().items():
        for side, uom in (("gross", "kWh (Gross CV)"), ("net", "kWh (Net CV)")):
            factor = library.published_factor(ratio["source"], ratio[f"{side}_factor_id"])
            assert factor.value == float(ratio[f"{side}_co2_kg_per_kwh"]) and factor.gas == "CO2"
            assert factor.row["uom"] == uom and factor.row["level_1"] == "Fuels"
        assert 0.85 < ratio["net_per_gross"] < 0.97  # IPCC 2006 Vol. 2 ch. 1: about 5 % (oil, coal) to 10 % (gas)
    assert set(calorific_ratios()) == {"natural_gas.stationary", "lpg.stationary", "diesel.stationary",
                                       "diesel.mobile", "motor_gasoline.stationary", "motor_gasoline.mobile"}



def test_category_3_of_gross_energy_uses_the_gross_wtt_factor_and_net_energy_is_named(library):
    from ghgcalc.inventory.category3 import derive_category3
    table = pd.DataFrame([[2024, "natural_gas.stationary", 540_000.0, "kWh", "GB"],
                          [2024, "natural_gas.stationary", 540_000.0, "kWh (gross)", "GB"],
                          [2024, "natural_gas.stationary", 540_000.0, "kWh (net)", "GB"]],
                         columns=["year", "activity", "quantity", "unit", "region"])
    result = derive_category3(table, library, "AR5GWP100")
    by_row = result.lines.set_index("row")["co2e_t"]
    # DESNZ 2024 WTT- fuels, natural gas, per kWh (Gross CV): 0.03021 kg CO2e (11_100_1004_6_1)
    assert by_row[2] == pytest.approx(540_000 * 0.03021 / 1000) and by_row[3] == pytest.approx(by_row[2])
    assert 4 not in by_row.index
    [named] = [f for f in result.findings if "row 4" in f]
    assert "net calorific value basis" in named and "per kWh (Gross CV)" in named


def test_a_us_workspace_bill_in_therms_is_priced_on_the_net_basis(tmp_path):
    from ghgcalc.workspace.template import create_workspace
    create_workspace(tmp_path / "us", currency="USD")
    (tmp_path / "us" / "activity.csv").write_text(
        "year,activity,quantity,unit,region,segment,site\n"
        "2023,natural_gas.stationary,\"412,500\",therm,US,manufacturing,Minneapolis MN\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["inventory", str(tmp_path / "us"), "--lines", str(tmp_path / "lines.csv")])
    assert result.exit_code == 0, result.output
    lines = pd.read_csv(tmp_path / "lines.csv")
    co2 = lines[lines["gas"] == "CO2"].iloc[0]
    assert co2["mass_t"] == pytest.approx(412_500 * GJ_PER_THERM * NET_PER_GROSS_GAS * IPCC_GAS_CO2_KG_PER_GJ / 1000)
    assert "gross -> net calorific value" in co2["conversion"]


def test_without_a_cited_ratio_or_a_stated_factor_basis_nothing_is_guessed():
    from ghgcalc.inventory.calorific import CalorificError, to_factor_basis
    with pytest.raises(CalorificError, match=r"'MMBtu' is energy on the gross .* no cited net/gross ratio for "
                                             r"coal\.stationary: give the energy on the net basis \('MMBtu \(net\)'\)"):
        to_factor_basis("MMBtu", "coal.stationary", "net", "my-coal-factors")
    scale, note = to_factor_basis("MMBtu", "natural_gas.stationary", None, "my-gas-factors")
    assert scale == 1 and "my-gas-factors states no calorific basis, so none was converted" in note
    assert to_factor_basis("GJ", "natural_gas.stationary", "net", "ipcc-2006-stationary") == (
        1.0, "; energy on the net calorific value basis (ipcc-2006-stationary)")  # as before: no basis stated


def test_coal_equivalent_is_net_energy(library):
    # GB/T 2589-2020: 1 tce = 29.3076 GJ of low (net) calorific value. On the IPCC net factors nothing changes;
    # on DESNZ's per kWh Gross CV it is brought to gross: 1 tce = 29,307.6 MJ / 3.6 = 8,141 kWh net
    lines, _ = co2(library, [[2024, "natural_gas.stationary", 1.0, "tce", "CN"],
                             [2024, "natural_gas.stationary", 1.0, "tce", "GB"]])
    assert lines.loc[2, "mass_t"] == pytest.approx(29.3076 * 56.1 / 1000)
    assert lines.loc[3, "mass_t"] == pytest.approx(29_307.6 / 3.6 / NET_PER_GROSS_GAS * DESNZ_2024_GAS_CO2_KG_PER_KWH_GROSS / 1000)
    assert "net -> gross calorific value" in lines.loc[3, "conversion"]
