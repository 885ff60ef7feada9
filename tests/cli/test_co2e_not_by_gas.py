"""By gas, a total published as CO2e (a spend-based EEIO factor) has no gas mass: it is shown as not applicable,
never as 0 t, and a group that adds it to lines with a mass does not sum the mass it has as if it were all."""

import csv
import io
import json

import openpyxl
from click.testing import CliRunner

from ghgcalc.cli import main

# 20,000 USD of iron and steel at 2022 prices x 0.787 kg CO2e / USD (EPA Supply Chain GHG Emission Factors v1.3,
# NAICS 331110 with margins) = 15.74 t CO2e, published as CO2e: no gas mass. 1,000 km x 0.25 kg CO2 / km = 0.25 t CO2;
# 3,000 km x 0.1 kg CO2e / km = 0.3 t of a row's own CO2e factor (a mass of "CO2e").
ACTIVITY = """year,activity,quantity,unit,scope3_category,factor_dataset,factor_id,factor_value,factor_unit,gas
2022,value_chain,"20,000",USD,1,epa-supply-chain-v1.3-naics,331110/with_margins,,,
2022,value_chain,"1,000",km,4,,,0.25,kg CO2 / km,CO2
2022,value_chain,"3,000",km,4,,,0.1,kg CO2e / km,
"""


def run(tmp_path, *args):
    path = tmp_path / "activity.csv"
    path.write_text(ACTIVITY, encoding="utf-8")
    result = CliRunner().invoke(main, ["inventory", str(path), "--gwp", "AR5GWP100", *args])
    assert result.exit_code == 0, result.output
    return result


def test_json_gives_null_not_zero_for_the_mass_of_published_co2e(tmp_path):
    doc = json.loads(run(tmp_path, "--by", "year,gas,scope3_category", "--format", "json").stdout)
    rows = {(r["gas"], r["scope3_category"]): r for r in doc["rows"]}
    assert rows[("CO2e", "1")]["value"] is None and rows[("CO2e", "1")]["unit"] == "t CO2e"
    assert abs(rows[("CO2e", "1")]["co2e"] - 20_000 * 0.787 / 1000) < 1e-9
    assert abs(rows[("CO2e", "4")]["value"] - 0.3) < 1e-12
    assert abs(rows[("CO2", "4")]["value"] - 0.25) < 1e-12


def test_a_group_mixing_published_co2e_with_masses_has_no_mass(tmp_path):
    # 15.74 t without a mass and 0.3 t with one: the group's mass is not 0.3 (nor 0), it is not applicable
    doc = json.loads(run(tmp_path, "--by", "year,gas", "--format", "json").stdout)
    co2e = [r for r in doc["rows"] if r["gas"] == "CO2e"]
    assert len(co2e) == 1 and co2e[0]["value"] is None
    assert abs(co2e[0]["co2e"] - (15.74 + 0.3)) < 1e-9


def test_text_says_not_by_gas_and_csv_leaves_the_mass_empty(tmp_path):
    lines = run(tmp_path, "--by", "year,gas").stdout.splitlines()
    row = next(line for line in lines if line.startswith("2022  CO2e"))
    assert row.split() == ["2022", "CO2e", "(not", "by", "gas)", "n/a", "16.04"]
    assert not any(" 0.00 " in line for line in lines)
    table = list(csv.DictReader(io.StringIO(run(tmp_path, "--by", "year,gas", "--format", "csv").stdout)))
    assert [(r["gas"], r["mass_t"], r["co2e_t"]) for r in table] == [("CO2", "0.25", "0.25"), ("CO2e", "", "16.04")]


def test_the_workbook_leaves_the_mass_cell_empty(tmp_path):
    run(tmp_path, "--by", "year,gas", "--xlsx", str(tmp_path / "out.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "out.xlsx")["emissions"]
    header = [c.value for c in sheet[1]]
    rows = [dict(zip(header, (c.value for c in row))) for row in sheet.iter_rows(min_row=2)]
    co2e = [r for r in rows if r["gas"] == "CO2e"]
    assert len(co2e) == 1 and co2e[0]["t gas"] is None and abs(co2e[0]["t CO2e"] - 16.04) < 1e-9
