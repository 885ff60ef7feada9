"""Energy totals on one calorific basis, net, whatever basis each fuel row was billed on.

By hand: 1 therm = 100,000 Btu x 1,055.056 J = 105.5056 MJ, so 412,500 therm = 43,521.06 GJ = 43.521 TJ gross
= 12,089.18 MWh gross (/3.6 GJ per MWh). Natural gas's NCV/GCV is the quotient of DESNZ's 2025 CO2 factors of
the gas per kWh Gross CV and per kWh Net CV, 0.18457 / 0.20448 = 0.90263, so the bill is 10,912.07 MWh net: the
basis of the IPCC 2006 net calorific values (Vol. 2 Ch. 1) through which a fuel's mass or volume becomes energy.
"""

from __future__ import annotations

import shutil

import pandas as pd
import pytest
from hypothesis import given, settings, strategies as st

from ghgcalc.errors import GhgcalcError
from ghgcalc.figures.metrics import load_vocabulary
from ghgcalc.inventory.engine import compute_inventory
from ghgcalc.outputs.disclosure import disclose, fill_datapoints, load_datapoints
from ghgcalc.workspace.config import load_workspace
from ghgcalc.workspace.figures import computed_figures
from tests.conftest import ROOT

GJ_PER_THERM = 1e5 * 1055.056e-9
NET_PER_GROSS_GAS = 0.18457 / 0.20448      # DESNZ 2025, natural gas (100 % mineral blend)
IPCC_GAS_CO2_KG_PER_GJ = 56.1               # 2006 IPCC Guidelines Vol. 2 Table 2.2, per GJ net
THERM_BILL_NET_MWH = 412_500 * GJ_PER_THERM / 3.6 * NET_PER_GROSS_GAS


def inventory(library, rows):
    table = pd.DataFrame(rows, columns=["year", "activity", "quantity", "unit", "region"])
    return compute_inventory(table, library, "AR5GWP100")


def fuel_mwh(library, rows) -> float:
    energy = inventory(library, rows).energy
    return float(energy.loc[energy["kind"] == "combustion", "energy_mwh"].sum())


def test_the_digits_by_hand():
    assert 412_500 * GJ_PER_THERM / 1000 == pytest.approx(43.521, abs=5e-4)      # TJ gross
    assert 412_500 * GJ_PER_THERM / 3.6 == pytest.approx(12_089.2, abs=0.05)     # MWh gross
    assert NET_PER_GROSS_GAS == pytest.approx(0.90263, abs=5e-6)
    assert THERM_BILL_NET_MWH == pytest.approx(10_912.1, abs=0.05)               # MWh net


def test_a_therm_bill_counts_its_net_energy(library):
    energy = inventory(library, [[2024, "natural_gas.stationary", 412_500.0, "therm", "US"]]).energy
    assert energy["energy_mwh"].sum() == pytest.approx(THERM_BILL_NET_MWH, rel=1e-9)
    assert list(energy["basis"]) == ["net"]
    assert "gross -> net calorific value x0.90263" in energy["calorific"].iloc[0]
    assert "1_100_1005_6_2 0.18457" in energy["calorific"].iloc[0]


@pytest.mark.parametrize("unit, quantity", [("MMBtu", 41_250.0), ("Dth", 41_250.0), ("MMBtu (HHV)", 41_250.0),
                                            ("MWh (gross)", 412_500 * GJ_PER_THERM / 3.6),
                                            ("GJ (Gross CV)", 412_500 * GJ_PER_THERM)])
def test_every_way_of_saying_gross_energy_counts_the_same_net_mwh(library, unit, quantity):
    assert fuel_mwh(library, [[2024, "natural_gas.stationary", quantity, unit, "US"]]) == \
        pytest.approx(THERM_BILL_NET_MWH, rel=1e-9)


def test_kwh_priced_by_desnz_gross_factors_is_gross_energy_brought_to_net(library):
    # a UK gas bill in kWh reads on DESNZ's per kWh Gross CV factors, so its energy is gross too
    assert fuel_mwh(library, [[2024, "natural_gas.stationary", 1_000_000.0, "kWh", "GB"]]) == \
        pytest.approx(1000 * NET_PER_GROSS_GAS, rel=1e-9)
    assert fuel_mwh(library, [[2024, "natural_gas.stationary", 1_000_000.0, "kWh (net)", "GB"]]) == \
        pytest.approx(1000, rel=1e-12)


@pytest.mark.parametrize("unit", ["MWh", "MWh (net)", "MWh (LHV)"])
def test_net_energy_under_the_ipcc_factors_is_counted_as_given(library, unit):
    energy = inventory(library, [[2024, "natural_gas.stationary", 1000.0, unit, "US"]]).energy
    assert energy["energy_mwh"].sum() == pytest.approx(1000, rel=1e-12)
    assert list(energy["basis"]) == ["net"] and list(energy["calorific"]) == [""]


def test_electricity_has_no_calorific_basis_and_is_not_scaled(library):
    energy = inventory(library, [[2023, "electricity.grid", 500.0, "MWh", "US"]]).energy
    assert energy["energy_mwh"].sum() == pytest.approx(500, rel=1e-12)
    assert list(energy["basis"]) == [""]


@settings(max_examples=25, deadline=None)
@given(therms=st.floats(min_value=1.0, max_value=1e7))
def test_emissions_and_energy_rest_on_the_same_net_energy(library, therms):
    """Both use one conversion: the CO2 of a therm bill over its energy total is the IPCC factor per MWh net."""
    result = inventory(library, [[2024, "natural_gas.stationary", therms, "therm", "US"]])
    co2 = result.totals.loc[result.totals["gas"] == "CO2", "mass_t"].sum()
    assert co2 * 1000 / result.energy["energy_mwh"].sum() == pytest.approx(IPCC_GAS_CO2_KG_PER_GJ * 3.6, rel=1e-9)


def energy_figures(library, rows):
    result = inventory(library, rows)
    figures = computed_figures(result.totals, load_vocabulary(), files=["activity.csv"], energy=result.energy)
    return figures.set_index("metric")


def test_energy_total_adds_one_basis_and_its_lineage_says_which(library):
    figures = energy_figures(library, [[2024, "natural_gas.stationary", 412_500.0, "therm", "US"],
                                       [2024, "natural_gas.stationary", 1000.0, "MWh (net)", "US"],
                                       [2024, "electricity.grid", 500.0, "MWh", "GB"]])
    assert figures.loc["energy_direct", "value"] == pytest.approx(THERM_BILL_NET_MWH + 1000, rel=1e-9)
    assert figures.loc["energy_total", "value"] == pytest.approx(THERM_BILL_NET_MWH + 1500, rel=1e-9)
    for metric in ("energy_direct", "energy_total"):
        note = figures.loc[metric, "note"]
        assert note.startswith("fuel energy on the net calorific value basis")
        assert "natural_gas.stationary 10,912.07 MWh: gross -> net calorific value x0.90263" in note


def test_the_esrs_energy_datapoint_names_the_basis(library):
    result = inventory(library, [[2024, "natural_gas.stationary", 412_500.0, "therm", "US"]])
    vocabulary = load_vocabulary()
    figures = computed_figures(result.totals, vocabulary, files=["activity.csv"], energy=result.energy)
    datapoints = load_datapoints("esrs-e1")[0]
    cells = fill_datapoints(datapoints[datapoints["datapoint"] == "E1-5_01"], figures, vocabulary, 2024)
    assert cells[0].value == pytest.approx(THERM_BILL_NET_MWH, rel=1e-9)
    assert "fuel energy on the net calorific value basis" in cells[0].source


def test_the_manufacturer_discloses_its_uk_gas_kwh_as_net_energy():
    """examples/manufacturer 2024: GB gas 540,000 kWh under DESNZ's per kWh Gross CV factors is gross, so
    540 x 0.90263 = 487.42 MWh net; CN gas 410,000 m3 x 0.7 kg/m3 x 48 GJ/t (IPCC NCV) = 3,826.67 MWh net."""
    cells = {c.datapoint: c for c in disclose(ROOT / "examples" / "manufacturer", "esrs-e1", 2024).cells}
    gas = 540 * NET_PER_GROSS_GAS + 410_000 * 0.7 * 48 / 3.6 / 1000
    assert cells["E1-5_12"].value == pytest.approx(gas, rel=1e-9)
    for datapoint in ("E1-5_01", "E1-5_12"):
        assert "fuel energy on the net calorific value basis" in cells[datapoint].source
        assert "natural_gas.stationary 4,314.09 MWh" not in cells[datapoint].source  # only the converted part
        assert "natural_gas.stationary 487.42 MWh: gross -> net calorific value x0.90263" in cells[datapoint].source


def test_a_workspace_may_report_its_fuel_energy_gross(library):
    """energy_basis = "gross" (UK SECR reports kWh gross): the therm bill counts as billed, 12,089.18 MWh; net
    energy is divided by the ratio, 1,000 MWh (net) = 1,107.87 MWh gross; 1,000 L of diesel, 0.8306 kg/L x
    43 GJ/t (IPCC NCV) = 9.9210 MWh net, / (0.24887 / 0.26475) = 10.554 MWh gross."""
    table = pd.DataFrame([[2024, "natural_gas.stationary", 412_500.0, "therm", "US"],
                          [2024, "natural_gas.stationary", 1000.0, "MWh (net)", "US"],
                          [2024, "diesel.stationary", 1000.0, "L", "US"]],
                         columns=["year", "activity", "quantity", "unit", "region"])
    energy = compute_inventory(table, library, "AR5GWP100", energy_basis="gross").energy.set_index("activity")
    gas = energy.loc["natural_gas.stationary"]
    assert gas["energy_mwh"].sum() == pytest.approx(412_500 * GJ_PER_THERM / 3.6 + 1000 / NET_PER_GROSS_GAS, rel=1e-9)
    assert set(gas["basis"]) == {"gross"}
    diesel_net = 1000 * 0.8306 * 43 / 3.6 / 1000
    assert energy.loc["diesel.stationary", "energy_mwh"] == pytest.approx(diesel_net / (0.24887 / 0.26475), rel=1e-6)
    assert "net -> gross calorific value x1.06381" in energy.loc["diesel.stationary", "calorific"]


def declaring(tmp_path, line: str):
    """A copy of examples/manufacturer whose [workspace] has ``line``."""
    root = tmp_path / "manufacturer"
    shutil.copytree(ROOT / "examples" / "manufacturer", root)
    config = root / "ghgcalc.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[workspace]\n", f"[workspace]\n{line}\n", 1),
                      encoding="utf-8")
    return root


def test_the_manufacturer_reporting_gross_discloses_gross_energy(tmp_path):
    """Its UK gas is billed gross, 540 MWh as given; the CN gas's 3,826.67 MWh net / 0.90263 = 4,239.46 MWh."""
    cells = {c.datapoint: c for c in disclose(declaring(tmp_path, 'energy_basis = "gross"'), "esrs-e1", 2024).cells}
    assert cells["E1-5_12"].value == pytest.approx(540 + 410_000 * 0.7 * 48 / 3.6 / 1000 / NET_PER_GROSS_GAS, rel=1e-9)
    assert "fuel energy on the gross calorific value basis" in cells["E1-5_01"].source


def test_an_energy_basis_that_is_neither_is_refused_in_one_line(tmp_path):
    with pytest.raises(GhgcalcError, match=r"energy_basis.*'HHV': expected 'net' \(the default") as raised:
        load_workspace(declaring(tmp_path, 'energy_basis = "HHV"'))
    assert "\n" not in str(raised.value).strip()
