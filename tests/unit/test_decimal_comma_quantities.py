"""Quantities in TOML files under a workspace's decimal comma ([data] decimal = ","): read as its tables are read
("40,5 %", "1 234,5 t CO2e"), and a number a decimal point would read otherwise refused in one line."""

import shutil
from pathlib import Path

import pytest

from ghgcalc.errors import GhgcalcError
from ghgcalc.targets.target_file import load_targets
from ghgcalc.workspace.config import load_workspace

QUEBEC = Path(__file__).parents[1] / "fixtures" / "quebec"


def quebec(tmp_path, old: str, new: str, file: str = "targets.toml") -> Path:
    folder = shutil.copytree(QUEBEC, tmp_path / "ws")
    text = (folder / file).read_text(encoding="utf-8")
    assert text.count(old) == 1
    (folder / file).write_text(text.replace(old, new), encoding="utf-8")
    return folder


def targets_of(folder: Path):
    workspace = load_workspace(folder)
    assert workspace.decimal == ","
    return load_targets(workspace.targets_file, years=workspace.fiscal_years, decimal=workspace.decimal_marks)


def test_a_percentage_with_a_decimal_comma_is_read(tmp_path):
    # "Réduire de 40,5 %": 40.5 % below the base, so the level is 59.5 % of it
    found = targets_of(quebec(tmp_path, 'reduce_by = "40 %"', 'reduce_by = "40,5 %"'))
    level = next(t for t in found.targets if t.id == "s12-fy2030").level
    assert level.fraction_of_base == pytest.approx(1 - 0.405)


def test_a_threshold_with_a_decimal_comma_is_read(tmp_path):
    folder = quebec(tmp_path, 'significance_threshold = "5 %"', 'significance_threshold = "2,5 %"', "ghgcalc.toml")
    assert load_workspace(folder).significance_threshold == pytest.approx(0.025)


@pytest.mark.parametrize("written, message", [
    ("40.5 %", "'40.5 %' reads only with a decimal point, but the workspace declares decimal = \",\" ([data] in "
               "ghgcalc.toml): write it as its tables are written ('40,5 %')"),
    ("40.500 %", "'40.500 %' is 40500 with the workspace's decimal comma (a point groups thousands) or 40.5 with a "
                 "decimal point: write a thousand and more without points ('40500', or with spaces), a fraction with "
                 "a comma"),
])
def test_a_number_a_decimal_point_reads_otherwise_is_refused_in_one_line(tmp_path, written, message):
    folder = quebec(tmp_path, 'reduce_by = "40 %"', f'reduce_by = "{written}"')
    with pytest.raises(GhgcalcError) as caught:
        targets_of(folder)
    text = str(caught.value)
    assert len(text.splitlines()) == 1
    assert text.endswith(message), text


# --- scenario files: the same parser, under the same declared format ---------------------------------------

EXTRA_LINE = '''
[[lines]]
id = "entrepot-laval"
kind = "electricity"
segment = "fabrication"
energy = "{energy}"
co2e_market = "{co2e}"
assumption = "Entrepôt loué en FY2024."
'''


def scenario_of(folder: Path, name: str = "plan.toml"):
    from ghgcalc.scenarios.definitions import load_scenario

    assert load_workspace(folder).decimal == ","
    return load_scenario(folder / "scenarios" / name)


def plan_with(tmp_path, growth: str, energy: str = "1.234,5 MWh", co2e: str = "12,3 t CO2e", rate: str = "6 %"):
    folder = quebec(tmp_path, 'growth = "4 %"', f'growth = "{growth}"', "scenarios/plan.toml")
    path = folder / "scenarios" / "plan.toml"
    text = path.read_text(encoding="utf-8").replace('discount_rate = "6 %"', f'discount_rate = "{rate}"')
    path.write_text(text + EXTRA_LINE.format(energy=energy, co2e=co2e), encoding="utf-8")
    return folder


def test_scenario_quantities_read_with_the_workspace_s_decimal_comma(tmp_path):
    scenario = scenario_of(plan_with(tmp_path, "12,5 %", rate="6,5 %"))
    [revenue] = scenario.drivers
    assert revenue.growth.params == (pytest.approx(0.125),)  # "12,5 %" = 12.5 % a year
    assert scenario.discount_rate == pytest.approx(0.065)  # "6,5 %"
    line = next(line for line in scenario.lines if line.id == "entrepot-laval")
    assert line.energy_mwh == pytest.approx(1234.5)  # "1.234,5 MWh": a point groups thousands
    assert line.co2e_t == pytest.approx(12.3)  # "12,3 t CO2e"
    assert line.factor == pytest.approx(12.3 / 1234.5)


@pytest.mark.parametrize("growth, energy, message", [
    # a comma the old reading took as grouping thousands: 1.5 MWh now, 1,500 MWh before
    ("4 %", "1,500 MWh", "energy: '1,500 MWh' is 1.5 with the workspace's decimal comma or 1500 with a comma grouping "
                         "thousands (as scenario files were read before [data] decimal applied to them): write 1500 "
                         "without commas ('1500', or with spaces) and 1.5 with other than three decimals ('1,5')"),
    ("12.5 %", "1.234,5 MWh", "growth: '12.5 %' reads only with a decimal point, but the workspace declares "
                              "decimal = \",\" ([data] in ghgcalc.toml): write it as its tables are written ('12,5 %')"),
    ("4 %", "1.500 MWh", "energy: '1.500 MWh' is 1500 with the workspace's decimal comma (a point groups thousands) "
                         "or 1.5 with a decimal point"),
])
def test_a_scenario_quantity_ambiguous_under_the_declared_format_is_refused_in_one_line(tmp_path, growth, energy,
                                                                                        message):
    with pytest.raises(GhgcalcError) as caught:
        scenario_of(plan_with(tmp_path, growth, energy))
    lines = str(caught.value).splitlines()
    assert len(lines) == 1 and lines[0].startswith("plan.toml, line "), lines
    assert message in lines[0], lines[0]


TABLES_ONLY = 'decimal = { "rapport.csv" = ",", "activity.csv" = ",", "fx.csv" = ",", "price-index.csv" = "," }'


def test_a_workspace_with_a_decimal_point_reads_scenario_commas_as_thousands_as_before(tmp_path):
    # the tables declare decimal commas one by one, the scenario file does not: its quantities read as before
    from ghgcalc.core.quantity import read_quantity

    assert read_quantity("1,500 MWh").number == 1500  # no [data] decimal: as before
    folder = plan_with(tmp_path, "4 %", energy="1,500 MWh", co2e="12.3 t CO2e")
    toml = folder / "ghgcalc.toml"
    toml.write_text(toml.read_text(encoding="utf-8").replace('decimal = ","', TABLES_ONLY), encoding="utf-8")
    from ghgcalc.scenarios.definitions import load_scenario

    line = next(line for line in load_scenario(folder / "scenarios" / "plan.toml").lines if line.id == "entrepot-laval")
    assert line.energy_mwh == pytest.approx(1500) and line.co2e_t == pytest.approx(12.3)
