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
    """Grid electricity without a supplier instrument takes the grid factors, not factor_value: 1e9 kWh x 0.5306 kg
    CO2 per kWh = 530,600 t is computed, though 1e9 x the unused 1e200 would pass any ceiling."""
    row = (2023, "electricity.grid", 1e9, "kWh", "CN", None, 1e200, "kg CO2e / kWh")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        result = assert_paths_agree(table(row), library, "AR5GWP100", ["year", "scope", "scope2_method"])
    assert result.rows_rejected == 0
    totals = summarise(result.totals).set_index(["scope", "scope2_method"])["co2e_t"]
    assert totals[("2", "location")] == pytest.approx(530_600, rel=1e-12)


@pytest.mark.parametrize("quantity, refused", [
    # the market-based line is the larger: x 0.6096 t CO2 per MWh (national average excluding market-traded
    # non-fossil power, the residual mix), against 0.5306 location-based (MEE/NBS 2023)
    (1.6e12, False),   # 1.6e12 MWh x 0.6096 = 9.75e11 t: under the ceiling of 1e12 t CO2e, computed
    (1.7e12, True),    # 1.7e12 MWh x 0.6096 = 1.036e12 t: over it (location-based 9.02e11 is not), refused
    (1e300, True),     # 5.3e299 t: a number, but no row emits twenty years of the world's emissions
])
def test_a_row_over_the_plausibility_ceiling_is_refused(library, quantity, refused):
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        result = assert_paths_agree(table(GRID, (2023, "electricity.grid", quantity, "MWh", "CN", None, None, None)),
                                    library, "AR5GWP100", ["year", "scope", "scope2_method"])
    assert result.rows_rejected == int(refused)
    if refused:
        assert (result.rejected.iloc[0]["row"], result.rejected.iloc[0]["message"]) == (3, OVERFLOW)
    totals = summarise(result.totals).set_index(["scope", "scope2_method"])["co2e_t"]
    expected = 1000 * 0.5306 + (0 if refused else quantity * 0.5306)
    assert totals[("2", "location")] == pytest.approx(expected, rel=1e-12)


def test_a_refrigerant_over_the_ceiling_by_its_gwp_is_refused(library):
    """5e7 t of SF6 is 1.175e12 t CO2e at a GWP of 23,500 (AR5): over the ceiling though the mass is not."""
    result = compute_inventory(table((2023, "refrigerant.release", 5e7, "t", None, "SF6", None, None)), library,
                               "AR5GWP100")
    assert (result.rows_in, result.rows_rejected) == (1, 1)


def test_rows_that_would_add_up_past_the_largest_float_are_refused_row_by_row(library):
    """Each row is finite (1e308 MWh x 0.5306 = 5.3e307 t) but past the ceiling: each is refused by its row."""
    frame = table((2023, "electricity.grid", 1e308, "MWh", "CN", None, None, None),
                  (2023, "electricity.grid", 1e308, "MWh", "CN", None, None, None))
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)
        result = compute_inventory(frame, library, "AR5GWP100")
    assert (result.rows_in, result.rows_rejected) == (2, 2)
    assert len(compute_lines(frame, library, "AR5GWP100").rejected) == 2


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
