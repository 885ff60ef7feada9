"""Gas volumes at reference conditions: Nm3 (0 degC), SCM (15 degC) and scf (60 degF, 14.696 psia) are amounts of
gas, converted by the ideal-gas ratio of their temperatures and pressures; a plain m3 beside one of them is read at
its conditions, and the line's lineage says so."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.core import units

FT3_M3 = 0.3048 ** 3                       # a cubic foot, in m3
T_NORMAL, T_STANDARD = 273.15, 288.15      # 0 degC (DIN 1343), 15 degC (ISO 13443), in K
T_60F = 273.15 + (60 - 32) * 5 / 9         # 60 degF = 15.5556 degC = 288.7056 K
P_ATM = 101.325                            # kPa
P_SCF = 14.696 * 0.45359237 * 9.80665 / 0.0254 ** 2 / 1000  # 14.696 psia: lbf per square inch, in kPa
CN_NCV = 0.038931                          # GJ per Nm3 (389.31 GJ per 10^4 Nm3, China's default NCV of natural gas)
AR5_PER_TJ = 56_100 + 1 * 28 + 0.1 * 265   # kg CO2e per TJ of natural gas: IPCC 2006 CO2, CH4, N2O under AR5


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("source, target, expected", [
    ("Nm3", "SCM", T_STANDARD / T_NORMAL),                                   # 1.0549: a normal m3 holds more gas
    ("SCM", "Nm3", T_NORMAL / T_STANDARD),                                   # 0.94794
    ("scf", "SCM", FT3_M3 * (T_STANDARD / T_60F) * (P_SCF / P_ATM)),         # 0.0282625
    ("scf", "Nm3", FT3_M3 * (T_NORMAL / T_60F) * (P_SCF / P_ATM)),           # 0.0267912
    ("Mscf", "SCM", 1000 * FT3_M3 * (T_STANDARD / T_60F) * (P_SCF / P_ATM)),
    ("MMscf", "scf", 1e6),
    ("10^4 Nm3", "Nm3", 1e4),                                                # as China's tables print them
    ("Nm³", "Nm3", 1.0), ("Sm³", "SCM", 1.0), ("Sm3", "SCM", 1.0), ("m3(st)", "SCM", 1.0), ("m³(n)", "Nm3", 1.0),
])
def test_conversions_between_reference_conditions_by_hand(source, target, expected):
    assert units.conversion_factor(source, target) == pytest.approx(expected, rel=1e-12)


def test_the_ratios_of_the_issue():
    assert units.conversion_factor("Nm3", "SCM") == pytest.approx(1.0549, abs=5e-5)
    # scf at 60 degF against SCM at 15 degC: 0.02 % apart at the same geometric volume (and 3.5 ppm of pressure)
    assert units.conversion_factor("scf", "SCM") / FT3_M3 == pytest.approx(288.15 / 288.706, rel=1e-5)


def test_a_plain_volume_is_read_at_the_conditions_beside_it():
    # no conditions on one side: the plain volume takes the other's, so nothing changes numerically
    assert units.conversion_factor("1000 SCM", "m**3") == 1000
    assert units.conversion_factor("m**3", "Nm3") == 1
    assert units.conversion_factor("Mscf", "ft**3") == 1000
    assert units.describe_dimension(units.parse_unit("Nm3")) == "gas volume at reference conditions"


def test_reference_conditions_are_named():
    assert units.reference_conditions("1000 Nm3") == "Nm3, normal cubic metre: gas at 0 degC and 101.325 kPa"
    assert units.reference_conditions("SCM") == "SCM, standard cubic metre: gas at 15 degC and 101.325 kPa"
    assert units.reference_conditions("Mscf") == "scf, standard cubic foot: gas at 60 degF and 14.696 psia"
    assert units.reference_conditions("m3") == ""


def lines_of(tmp_path, body, *args):
    path = tmp_path / "gas.csv"
    path.write_text("year,activity,quantity,unit,region,factor_value,factor_unit\n" + body, encoding="utf-8")
    result = run("explain", path, "--gwp", "AR5GWP100", "--year", "2023", "--scope", "1", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["lines"]


def test_scm_against_chinas_ncv_per_normal_cubic_metre(tmp_path):
    # 10,000 SCM = 10,000 x 273.15 / 288.15 = 9,479.44 Nm3; x 0.038931 GJ = 369.04 GJ = 0.36904 TJ;
    # x 56,154.5 kg CO2e per TJ = 20.7235 t CO2e (the same 10,000 read as Nm3 would be 21.8615 t, 5.5 % more)
    lines = lines_of(tmp_path, "2023,natural_gas.stationary,10000,SCM,CN,,\n2023,natural_gas.stationary,10000,Nm3,CN,,\n")
    by_row = {}
    for line in lines:
        by_row[line["row"]] = by_row.get(line["row"], 0) + line["co2e_t"]
    assert by_row[2] == pytest.approx(10_000 * T_NORMAL / T_STANDARD * CN_NCV / 1000 * AR5_PER_TJ / 1000, rel=1e-12)
    assert by_row[2] == pytest.approx(20.7235, abs=5e-5)
    assert by_row[3] == pytest.approx(10_000 * CN_NCV / 1000 * AR5_PER_TJ / 1000, rel=1e-12)
    scm = [line for line in lines if line["row"] == 2 and line["gas"] == "CO2"][0]
    assert "SCM -> Nm3 x 0.947944 (ideal gas, 15 degC and 101.325 kPa -> 0 degC and 101.325 kPa)" in scm["conversion"]


def test_a_plain_cubic_metre_against_a_factor_per_normal_cubic_metre_is_named(tmp_path):
    # the numbers stay those of m3 taken as Nm3 (10,000 x 0.038931 GJ x 56,154.5 kg/TJ = 21.8615 t), and the line says so
    lines = lines_of(tmp_path, "2023,natural_gas.stationary,10000,m3,CN,,\n")
    assert sum(line["co2e_t"] for line in lines) == pytest.approx(10_000 * CN_NCV / 1000 * AR5_PER_TJ / 1000, rel=1e-12)
    for line in lines:
        assert ("m3 read as Nm3 (gas at 0 degC and 101.325 kPa), the conditions of property "
                "china-fuel-ncv/natural_gas.stationary/CN/ncv: m3 states none; if the gas was measured otherwise, "
                "write SCM or scf as its unit") in line["conversion"]


def test_a_row_factor_per_normal_cubic_metre_applied_to_standard_cubic_feet(tmp_path):
    # 1,000 scf = 1,000 x 0.0267912 Nm3 = 26.7912 Nm3 x 2 kg CO2e = 53.58 kg
    lines = lines_of(tmp_path, "2023,natural_gas.stationary,1000,scf,US,2,kg CO2e / Nm3\n")
    [line] = lines
    expected = 1000 * FT3_M3 * (T_NORMAL / T_60F) * (P_SCF / P_ATM) * 2 / 1000
    assert line["co2e_t"] == pytest.approx(expected, rel=1e-12)
    assert "scf -> Nm3 x 0.026791" in line["conversion"]


def test_a_factor_per_plain_cubic_metre_is_read_at_the_rows_conditions(tmp_path):
    # DESNZ 2023 natural gas, 2.03437 kg CO2 per cubic metre (no conditions printed beside it): 1,000 Nm3 x 2.03437
    lines = lines_of(tmp_path, "2023,natural_gas.stationary,1000,Nm3,GB,,\n")
    [co2] = [line for line in lines if line["gas"] == "CO2"]
    assert co2["co2e_t"] == pytest.approx(2.03437, rel=1e-12)
    assert ("Nm3, normal cubic metre: gas at 0 degC and 101.325 kPa; the volume of factor "
            "desnz-2023/natural_gas.stationary/GB/2023/CO2/per-m3, which states no conditions, read at these") in co2["conversion"]


def test_a_gas_volume_for_electricity_is_refused_with_the_dimension(tmp_path):
    path = tmp_path / "gas.csv"
    path.write_text("year,activity,quantity,unit,region\n2023,electricity.grid,100,Nm3,CN\n", encoding="utf-8")
    result = run("inventory", path, "--gwp", "AR5GWP100")
    assert result.exit_code == 1
    assert "'Nm3' (gas volume at reference conditions) cannot be used for electricity.grid" in result.stderr


def test_category3_derives_from_a_row_in_standard_cubic_metres():
    # DESNZ's well-to-tank factor per cubic metre (no conditions printed) is read at the row's: 1,000 SCM gives
    # what 1,000 m3 gives; the row was left out ('no upstream factor') while SCM was not known as a volume here
    import pandas as pd

    from ghgcalc import load_factor_library
    from ghgcalc.inventory.category3 import derive_category3

    rows = pd.DataFrame({"year": [2024, 2024], "activity": ["natural_gas.stationary"] * 2, "quantity": [1000, 1000],
                         "unit": ["SCM", "m3"], "region": ["GB", "GB"]})
    result = derive_category3(rows, load_factor_library(), "AR5GWP100")
    assert result.findings == ()
    assert list(result.lines["factor_id"]) == ["desnz-ghg-2024-full:11_100_1004_1_1"] * 2
    scm, m3 = result.lines["co2e_t"]
    assert scm == m3 > 0


def test_a_gas_volume_is_not_read_as_litres_of_liquid(tmp_path):
    # DESNZ prices LPG per litre of liquid: a normal cubic metre of LPG gas is no 1,000 litres of it (as it was read)
    path = tmp_path / "lpg.csv"
    path.write_text("year,activity,quantity,unit,region\n2023,lpg.stationary,100,Nm3,GB\n", encoding="utf-8")
    result = run("inventory", path, "--gwp", "AR5GWP100")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "Error: lpg.csv, row 2, column unit: 'Nm3' (gas volume at reference conditions) cannot be used for "
        "lpg.stationary: its factors are per L, kWh, kg, and no ncv or density property connects them")
