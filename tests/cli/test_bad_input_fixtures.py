"""Bad input named by defect (tests/fixtures/bad-input): a one-line error and exit 1, or read right.

Each fixture is one cause of a traceback, a hang or a silent acceptance that malformed
files used to produce; the expected message is the one a user should see.
"""

import json

import openpyxl
import pandas as pd
import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import FIXTURES

BAD = FIXTURES / "bad-input"


def inventory(path, *extra):
    result = CliRunner().invoke(main, ["inventory", str(path), "--gwp", "AR6GWP100", *extra])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result


@pytest.mark.parametrize("name, message", [
    ("binary-not-text.csv", "Error: binary-not-text.csv: is not a text file (it holds NUL bytes)"),
    ("empty.csv", "Error: empty.csv: is empty: the first line must name the columns"),
    ("duplicated-header-column.csv", "Error: duplicated-header-column.csv, row 1, column quantity: column 'quantity' "
                                     "appears twice in the header"),
    ("power-tower-unit.csv", "Error: power-tower-unit.csv, row 2, column unit: '9**9**9 kWh' is not a unit: "
                             "powers are whole numbers from -4 to 4"),
    ("power-unit-for-electricity.csv", "Error: power-unit-for-electricity.csv, row 2, column unit: 'kWh/h' (power) "
                                       "cannot be used for electricity.grid: its factors are per kWh, so its quantity "
                                       "must be energy"),
    ("number-after-unit.csv", "Error: number-after-unit.csv, row 2, column unit: 'm³3' is not a unit: the number 3 "
                              "after a unit would multiply it"),
    ("year-out-of-range.csv", "Error: year-out-of-range.csv, row 2, column year: '99999': expected a year such as 2023 "
                              "(from 1900 to 2100)"),
    ("quantity-overflows.csv", "Error: quantity-overflows.csv, row 2, column quantity: '1e400': expected a number"),
    ("supplier-unit-without-value-column.csv", "Error: supplier-unit-without-value-column.csv, row 2, column "
                                               "factor_value: a supplier-specific factor needs both"),
    ("blank-lines-keep-row-numbers.csv", "Error: blank-lines-keep-row-numbers.csv, row 5, column quantity: '-5': a "
                                         "negative quantity is not allowed"),
])
def test_refused_in_one_line_with_exit_1(name, message):
    result = inventory(BAD / name)
    assert result.exit_code == 1
    assert any(line.startswith(message) for line in result.stderr.splitlines()), result.stderr


def test_a_huge_cell_gives_a_short_message():
    result = inventory(BAD / "huge-cell.csv")
    assert result.exit_code == 1
    assert max(len(line) for line in result.stderr.splitlines()) <= 500


def test_the_json_lists_the_first_thousand_problems_and_counts_the_rest(tmp_path):
    path = tmp_path / "many-bad-units.csv"
    path.write_text("year,activity,quantity,unit,region\n" + "2023,electricity.grid,1,kg,CN\n" * 2500)
    result = inventory(path, "--format", "json", "--rejected", tmp_path / "all.csv")
    document = json.loads(result.stdout)
    # 2,500 rows, one problem each (kg is not energy): 1,000 listed, 1,500 counted; the file holds all 2,500
    assert document["summary"] == {"rows_in": 2500, "rows_computed": 0, "rows_rejected": 2500}
    assert len(document["rejected"]) == 1000 and document["rejected_not_listed"] == 1500
    assert len(pd.read_csv(tmp_path / "all.csv")) == 2500


@pytest.mark.parametrize("name", ["gbk-chinese-segments.csv", "utf8-bom.csv", "utf16-excel-unicode-text.csv"])
def test_every_common_encoding_gives_the_same_totals_as_utf8(name):
    def totals(path):
        result = inventory(path, "--format", "json", "--by", "year,segment,scope2_method")
        assert result.exit_code == 0, result.output
        return {(r["segment"], r["scope2_method"]): r["value"] for r in json.loads(result.stdout)["rows"]}

    assert totals(BAD / name) == totals(BAD / "utf8-chinese-segments.csv")
    assert {segment for segment, _ in totals(BAD / name)} == {"苏州工厂", "东莞工厂"}


def test_a_formula_as_segment_comes_out_as_text_in_csv():
    result = inventory(BAD / "formula-in-segment.csv", "--format", "csv", "--by", "year,segment,scope2_method")
    assert result.exit_code == 0
    assert "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"" in result.stdout


def test_a_formula_as_segment_comes_out_as_text_in_the_lines_file(tmp_path):
    lines = tmp_path / "lines.csv"
    assert inventory(BAD / "formula-in-segment.csv", "--lines", str(lines)).exit_code == 0
    assert set(pd.read_csv(lines)["segment"]) == {"'=HYPERLINK(\"http://x\",\"y\")"}  # location and market lines


def test_booleans_in_a_workbook_quantity_are_refused(tmp_path):
    path = tmp_path / "bool.xlsx"
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["year", "activity", "quantity", "unit", "region"])
    sheet.append([2023, "electricity.grid", True, "MWh", "CN"])
    book.save(path)
    result = inventory(path)
    assert result.exit_code == 1
    assert "row 2, column quantity: 'TRUE': expected a number" in result.stderr


@pytest.mark.parametrize("content, message", [(b"garbage", "is not a readable XLSX workbook"),
                                              (b"PAR1garbagePAR1", "is not a readable Parquet file")])
def test_garbage_workbooks_and_parquet_are_refused(tmp_path, content, message):
    for suffix in (".xlsx", ".parquet"):
        if (suffix == ".xlsx") != ("XLSX" in message):
            continue
        path = tmp_path / f"bad{suffix}"
        path.write_bytes(content)
        result = inventory(path)
        assert result.exit_code == 1
        assert message in result.stderr


def test_output_into_a_missing_folder_is_one_line(tmp_path):
    result = inventory(BAD / "utf8-chinese-segments.csv", "--lines", str(tmp_path / "missing" / "lines.csv"))
    assert result.exit_code == 1
    assert "the folder" in result.stderr and "does not exist; create it first" in result.stderr


@pytest.mark.parametrize("command", [["inventory", "examples/manufacturer"], ["gap", "examples/manufacturer"],
                                     ["intensity", "examples/manufacturer"], ["audit", "examples/xiaomi", "--no-fail"],
                                     ["explain", "examples/manufacturer", "--year", "2024", "--scope", "2"]])
def test_every_table_command_writes_a_formatted_workbook(tmp_path, command):
    from tests.conftest import ROOT

    path = tmp_path / "out.xlsx"
    result = CliRunner().invoke(main, [command[0], str(ROOT / command[1]), *command[2:], "--xlsx", str(path)])
    assert result.exit_code in (0, 3), result.output
    book = openpyxl.load_workbook(path)
    assert book.sheetnames[-1] == "sources"
    first = book.worksheets[0]
    assert first.freeze_panes == "A2"
    numeric = [c for row in first.iter_rows(min_row=2) for c in row if isinstance(c.value, float)]
    assert numeric and all(c.data_type == "n" and c.number_format != "General" for c in numeric)
    assert not any(str(c.value).startswith("=") for s in book.worksheets for row in s.iter_rows() for c in row
                   if c.data_type == "f")


def test_the_inventory_workbook_has_units_in_its_headers(tmp_path):
    from tests.conftest import ROOT

    path = tmp_path / "inv.xlsx"
    result = CliRunner().invoke(main, ["inventory", str(ROOT / "examples" / "manufacturer"), "--xlsx", str(path)])
    assert result.exit_code == 0, result.output
    header = [c.value for c in openpyxl.load_workbook(path)["emissions"][1]]
    assert header == ["year", "scope", "scope2_method", "scope3_category", "t CO2e"]
