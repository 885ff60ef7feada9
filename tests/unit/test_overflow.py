"""A finite quantity whose emissions overflow to infinity is refused with its row named, by the totals path and
the lines path alike (rows in = computed + rejected); a sum of rows that overflows is refused for the file."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.errors import InputError
from ghgcalc.inventory.engine import compute_inventory, compute_lines, summarise
from ghgcalc.inventory.overflow import OVERFLOW
from tests.property.path_checks import assert_paths_agree

LARGEST = 1.7976931348623157e308  # the largest float


def table(*rows) -> pd.DataFrame:
    columns = ["year", "activity", "quantity", "unit", "region", "gas", "factor_value", "factor_unit"]
    return pd.DataFrame([dict(zip(columns, r)) for r in rows], columns=columns)


GRID = (2023, "electricity.grid", 1000.0, "MWh", "CN", None, None, None)


@pytest.mark.parametrize("row, why", [
    # 1e306 GWh x 530.6 t CO2 per GWh (0.5306 t/MWh, MEE/NBS 2023) = 5.3e308 t: over the largest float
    ((2023, "electricity.grid", 1e306, "GWh", "CN", None, None, None), "the unit's conversion"),
    # 1e306 t SF6 is finite; x GWP 23,500 (AR5) = 2.35e310 t CO2e is not
    ((2023, "refrigerant.release", 1e306, "t", None, "SF6", None, None), "the GWP"),
    # a supplier's factor on the row: 1e200 m3 of gas x 1e200 kg CO2e per m3
    ((2023, "natural_gas.stationary", 1e200, "m3", "CN", None, 1e200, "kg CO2e / m3"), "the row's own factor"),
])
def test_a_row_whose_emissions_overflow_is_refused_by_name(library, row, why):
    assert row[2] < LARGEST  # the premise: the quantity itself is a finite number
    frame = table(GRID, row)
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        result = assert_paths_agree(frame, library, "AR5GWP100", ["year", "scope", "scope2_method"])
    assert (result.rows_in, result.rows_computed, result.rows_rejected) == (2, 1, 1), why
    refused = result.rejected.iloc[0]
    assert (refused["row"], refused["column"], refused["message"]) == (3, "quantity", OVERFLOW)
    totals = summarise(result.totals).set_index(["scope", "scope2_method"])["co2e_t"]
    assert totals[("2", "location")] == pytest.approx(1000 * 0.5306, rel=1e-12)  # the other row, untouched


def test_a_factor_value_the_row_does_not_use_is_no_reason_to_refuse_it(library):
    """Grid electricity without a supplier instrument takes the grid factors, not factor_value: 1e200 kWh x 0.5306 kg
    CO2 per kWh = 5.306e196 t is computed, though 1e200 x the unused 1e200 would overflow."""
    row = (2023, "electricity.grid", 1e200, "kWh", "CN", None, 1e200, "kg CO2e / kWh")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        result = assert_paths_agree(table(row), library, "AR5GWP100", ["year", "scope", "scope2_method"])
    assert result.rows_rejected == 0
    totals = summarise(result.totals).set_index(["scope", "scope2_method"])["co2e_t"]
    assert totals[("2", "location")] == pytest.approx(5.306e196, rel=1e-12)


def test_the_largest_quantity_that_stays_finite_is_computed(library):
    """1e300 MWh x 0.5306 t CO2 per MWh = 5.306e299 t: large, but a number; computed, not refused."""
    result = compute_inventory(table((2023, "electricity.grid", 1e300, "MWh", "CN", None, None, None)), library,
                               "AR5GWP100")
    assert result.rows_rejected == 0
    totals = summarise(result.totals).set_index(["scope", "scope2_method"])["co2e_t"]
    assert totals[("2", "location")] == pytest.approx(5.306e299, rel=1e-12)


def test_rows_that_add_up_past_the_largest_float_are_refused_for_the_file_without_a_warning(library):
    """Each row is finite (1e308 MWh x 0.5306 = 5.3e307 t); their sum is not, and no one row is to blame."""
    frame = table((2023, "electricity.grid", 1e308, "MWh", "CN", None, None, None),
                  (2023, "electricity.grid", 1e308, "MWh", "CN", None, None, None))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        with pytest.raises(InputError, match="add up to more than a number can hold"):
            compute_inventory(frame, library, "AR5GWP100")
    assert compute_lines(frame, library, "AR5GWP100").rejected.empty  # line by line, each line is a number


@pytest.mark.parametrize("rows, line", [
    # the CSV reader reads the column as numbers: the value is shown as the number read
    ("2023,electricity.grid,1000,MWh,CN\n2023,electricity.grid,1e306,GWh,CN\n",
     f"Error: activity.csv, row 3, column quantity: '1e+306': {OVERFLOW}"),
    # beyond a float's range the cell is no number: quoted as typed
    ("2024,diesel.stationary,10,L,IN\n2024,diesel.stationary,1e400,L,IN\n",
     "Error: activity.csv, row 3, column quantity: '1e400': expected a number"),
])
def test_the_command_names_the_row_and_exits_1(tmp_path, rows, line):
    path = tmp_path / "activity.csv"
    path.write_text("year,activity,quantity,unit,region\n" + rows, encoding="utf-8")
    result = CliRunner().invoke(main, ["inventory", str(path), "--gwp", "AR6GWP100"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0].startswith(line)
    assert "rows in: 2, computed: 1, rejected: 1" in result.stderr
