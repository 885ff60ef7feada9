"""Inputs that once gave a traceback or a silent result, kept as fixtures named by defect.

Each must give one line per problem (file, row, column, value, what was expected) and exit 1
from the CLI, and a GhgcalcError from the Python API, in every table format alike.
"""

import shutil

import pytest
from click.testing import CliRunner

from ghgcalc import compute_inventory, load_factor_library, validate_activities
from ghgcalc.cli import main
from ghgcalc.errors import GhgcalcError
from ghgcalc.inventory.reading import read_activity_table
from tests.conftest import FIXTURES, ROOT

BAD = FIXTURES / "bad-input"
COMPAT = ROOT / "tests" / "compat" / "contract-2026-11-22"


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    return result


def errors(result):
    return [line for line in result.stderr.splitlines() if line.startswith("Error:")]


# --- activity tables: the CLI ------------------------------------------------------------------------

@pytest.mark.parametrize("name, expected", [
    ("parquet-year-column-twice.parquet", ["Error: parquet-year-column-twice.parquet, column year: column 'year' "
                                           "appears twice in the header"]),
    ("parquet-year-datetimes.parquet", [
        "Error: parquet-year-datetimes.parquet, row 2, column year: '2023-01-01': expected a year such as 2023 "
        "(from 1900 to 2100)",
        "Error: parquet-year-datetimes.parquet, row 3, column year: '2023-06-30': expected a year such as 2023 "
        "(from 1900 to 2100)"]),
    ("xlsx-year-datetimes.xlsx", [
        "Error: xlsx-year-datetimes.xlsx, row 2, column year: '2023-01-01': expected a year such as 2023 "
        "(from 1900 to 2100)",
        "Error: xlsx-year-datetimes.xlsx, row 3, column year: '2023-06-30': expected a year such as 2023 "
        "(from 1900 to 2100)"]),
    ("parquet-year-int64-max.parquet", [
        "Error: parquet-year-int64-max.parquet, row 2, column year: '9223372036854775807': expected a year such as "
        "2023 (from 1900 to 2100)"]),
    ("parquet-boolean-quantities.parquet", [
        "Error: parquet-boolean-quantities.parquet, row 2, column quantity: 'TRUE': expected a number (digits, "
        "thousands separators and a decimal mark; no units)",
        "Error: parquet-boolean-quantities.parquet, row 3, column quantity: 'FALSE': expected a number (digits, "
        "thousands separators and a decimal mark; no units)"]),
    ("xlsx-date-in-quantity.xlsx", [
        "Error: xlsx-date-in-quantity.xlsx, row 2, column quantity: '2023-01-01': expected a number (digits, "
        "thousands separators and a decimal mark; no units)"]),
    ("parquet-text-year-and-quantity.parquet", [
        "Error: parquet-text-year-and-quantity.parquet, row 3, column quantity: 'lots': expected a number (digits, "
        "thousands separators and a decimal mark; no units)",
        "Error: parquet-text-year-and-quantity.parquet, row 3, column year: 'twenty': expected a year such as 2023 "
        "(from 1900 to 2100)"]),
    ("parquet-segment-lists.parquet", [
        "Error: parquet-segment-lists.parquet, row 2, column segment: '['main']': expected one value (text or a "
        "number), not a list",
        "Error: parquet-segment-lists.parquet, row 3, column segment: '['ev_factory']': expected one value (text "
        "or a number), not a list"]),
    # each 1e308 MWh row is past the ceiling of 1e12 t CO2e of one row before their sum could overflow
    ("quantities-sum-overflow.csv", [
        f"Error: quantities-sum-overflow.csv, row {row}, column quantity: '1e+308': too large: this quantity times its "
        "emission factor (and GWP) is more than 1e12 t CO2e, twenty times what the world emits in a year; check the "
        "quantity and its unit" for row in (2, 3)]),
    ("scope-not-a-scope.csv", [
        "Error: scope-not-a-scope.csv, row 2, column scope: 'S1': expected a scope: 1, 2 or 3, or blank (the "
        "activity's own scope)",
        "Error: scope-not-a-scope.csv, row 3, column scope: 'one': expected a scope: 1, 2 or 3, or blank (the "
        "activity's own scope)",
        "Error: scope-not-a-scope.csv, row 4, column scope: '1': electricity.grid is Scope 2; leave scope blank or "
        "give 2"]),
    ("release-gas-co2e.csv", [
        "Error: release-gas-co2e.csv, row 2, column gas: a release is a mass of one gas: name it (HFC-134a, R-410A, "
        "SF6 ...), not CO2e; CO2e already computed goes in an emissions.reported row"]),
])
def test_refused_in_one_line_each_with_exit_1(name, expected):
    result = run("inventory", BAD / name, "--gwp", "AR5GWP100", "--format", "json")
    assert result.exit_code == 1
    assert errors(result)[:len(expected)] == expected
    assert "Traceback" not in result.output


def test_a_parquet_file_of_zero_rows_is_an_empty_inventory():
    result = run("inventory", BAD / "parquet-zero-rows.parquet", "--gwp", "AR5GWP100")
    assert result.exit_code == 0
    assert "rows in: 0, computed: 0, rejected: 0" in result.stderr


def test_thousands_of_columns_are_read_at_the_speed_of_a_few():
    import time

    start = time.process_time()
    result = run("inventory", BAD / "thousands-of-columns.csv", "--gwp", "AR5GWP100")
    assert result.exit_code == 0, result.output
    # 2 rows x 1,000 MWh x 0.5306 t CO2 / MWh (MEE/NBS 2023 national average) = 1,061.20 t
    assert "1,061.20" in result.stdout
    assert time.process_time() - start < 5  # it took over 20 s when each column was scanned on its own


# --- activity tables: the API ------------------------------------------------------------------------

API_FIXTURES = ["parquet-year-column-twice.parquet", "parquet-segment-lists.parquet"]
ROW_FIXTURES = ["parquet-year-datetimes.parquet", "xlsx-year-datetimes.xlsx", "parquet-year-int64-max.parquet",
                "parquet-boolean-quantities.parquet", "xlsx-date-in-quantity.xlsx",
                "parquet-text-year-and-quantity.parquet", "scope-not-a-scope.csv", "release-gas-co2e.csv"]


@pytest.mark.parametrize("name", API_FIXTURES)
def test_the_api_raises_a_ghgcalc_error(name):
    with pytest.raises(GhgcalcError):
        compute_inventory(read_activity_table(BAD / name), load_factor_library(), "AR5GWP100")


@pytest.mark.parametrize("name", ROW_FIXTURES)
def test_the_api_refuses_the_rows_and_counts_them(name):
    table = read_activity_table(BAD / name)
    result = compute_inventory(table, load_factor_library(), "AR5GWP100")
    normal, problems = validate_activities(table, load_factor_library())
    assert result.rows_rejected >= 1 and result.rows_in == len(table)
    assert result.rows_in == result.rows_rejected + (result.rows_in - result.rows_rejected)
    assert len(problems) >= 1 and len(normal) + problems["row"].nunique() == len(table)


# --- TOML files, formulas, rates, printed figures ------------------------------------------------------

def test_binary_bytes_for_a_scenario_file():
    result = run("scenario", "run", ROOT / "examples" / "manufacturer", BAD / "toml-binary-bytes.toml")
    assert result.exit_code == 1
    assert errors(result) == ["Error: toml-binary-bytes.toml: not a text file in UTF-8 (byte 129 cannot be read); "
                              "save the scenario file as UTF-8 text"]


@pytest.mark.parametrize("name", ["ghgcalc.toml", "targets.toml", "metrics.csv"])
def test_binary_bytes_for_any_workspace_file(tmp_path, name):
    folder = shutil.copytree(COMPAT, tmp_path / "ws")
    shutil.copy(BAD / "toml-binary-bytes.toml", folder / name)
    for command in ("gap", "check"):
        result = run(command, folder)
        assert result.exit_code == 1
        assert len(errors(result)) == 1 and name in errors(result)[0], result.output


def test_a_driver_whose_figure_excludes_a_number_is_one_error():
    result = run("scenario", "run", ROOT / "examples" / "manufacturer", FIXTURES / "scenarios" / "driver-exclude-not-names.toml")
    assert result.exit_code == 1
    # once a ValueError; then a second, false error saying the growth lever's driver was not declared
    assert errors(result) == ["Error: driver-exclude-not-names.toml, line 13: drivers.revenue.start.exclude: must be "
                              "a list of names, e.g. exclude = [\"segment\"]; got a list holding a number"]


def test_a_boundary_exclude_holding_a_table():
    result = run("gap", ROOT / "examples" / "xiaomi", "--targets", FIXTURES / "targets" / "boundary-exclude-holds-a-table.toml")
    assert result.exit_code == 1
    assert errors(result) == ["Error: boundary-exclude-holds-a-table.toml, line 11: target 'ghg-2030', "
                              "boundary.exclude: must be a list of names, e.g. exclude = [\"segment\"]; got a list "
                              "holding a table"]


@pytest.mark.parametrize("numerator, message", [
    ("scope12 / 0", "Error: --numerator: the formula divides by '0', which is zero"),
    ("scope12 / (2 - 2)", "Error: --numerator: the formula divides by '2 - 2', which is zero"),
    ("scope12 * 1e999", "Error: --numerator: '1e999' is not a number a formula can use (too large)"),
])
def test_formulas_with_constant_zero_denominators_or_infinite_constants(numerator, message):
    result = run("intensity", ROOT / "examples" / "xiaomi", "--numerator", numerator)
    assert result.exit_code == 1
    assert errors(result) == [message]


def test_a_denominator_that_is_zero_by_the_data_is_one_line():
    result = run("intensity", ROOT / "examples" / "xiaomi", "--numerator", "scope12 * energy_total / (energy_total - energy_total)")
    assert result.exit_code == 1
    assert len(errors(result)) == 1 and "a denominator is zero or may be" in errors(result)[0]


def test_a_subnormal_exchange_rate_is_refused():
    from ghgcalc.figures.money import load_fx

    with pytest.raises(GhgcalcError, match=r"fx-rate-subnormal.csv, row 2, column rate: '1e-320' is not a rate or "
                                           r"an index ghgcalc can compute with \(from 1e-100 to 1e\+100\)"):
        load_fx(BAD / "fx-rate-subnormal.csv")


def test_a_500_digit_printed_figure_is_refused_not_infinite(tmp_path):
    folder = shutil.copytree(COMPAT, tmp_path / "ws")
    shutil.copy(FIXTURES / "reported" / "printed-500-digits.csv", folder / "reported" / "esg-2023.csv")
    result = run("audit", folder)
    assert result.exit_code == 1
    assert len(errors(result)) == 1
    assert errors(result)[0].startswith("Error: esg-2023.csv, row 2, column value: '99999999999999999999")
    assert "is too large to be a printed figure (at most 1e+100)" in errors(result)[0]


def test_a_printed_figure_of_a_segment_the_activity_data_never_name_is_said(tmp_path):
    folder = shutil.copytree(COMPAT, tmp_path / "ws")
    with open(folder / "reported" / "esg-2023.csv", "a", encoding="utf-8") as out:
        out.write("esg-2023,scope1,2023,50.00,t CO2e,nowhere,ESG Report 2023,\n")
    result = run("audit", folder)
    said = " ".join(line.strip() for line in result.stdout.splitlines())  # sentences wrap at 100 columns
    assert "esg-2023 scope1 (nowhere) 2023: activity not checkable: the activity data name no segment 'nowhere' " \
           "(their segments: main); the figure cannot be compared with them" in said
    assert "compared with them not printed" not in said  # the reason is no missing input


# --- messages: one error, the root cause; usage problems exit 2 ---------------------------------------

def test_seek_without_a_range_for_a_parameter_without_one_is_a_usage_error():
    result = run("scenario", "seek", ROOT / "examples" / "manufacturer", "plan", "--lever", "growth",
                 "--target", "scope12-2030")
    assert result.exit_code == 2
    assert errors(result) == ["Error: give the range to search with --between LOW HIGH (e.g. --between '0.95' ...): "
                              "a ratio has no natural upper end"]


def test_seek_over_a_range_that_overflows_is_one_line_and_no_numpy_warning():
    result = run("scenario", "seek", ROOT / "examples" / "manufacturer", "plan", "--lever", "growth",
                 "--target", "scope12-2030", "--between", "0", "1e308")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["Error: at 1e+308 the projection of 'scope12-2030' does not stay finite "
                                          "(it overflows); search a narrower range with --between LOW HIGH"]
