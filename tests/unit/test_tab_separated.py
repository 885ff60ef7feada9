"""Excel's "Unicode Text" save (UTF-16, tab-separated, .txt) and tab-separated .tsv tables are read as their CSV twins."""

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.core.textfile import delimiter_of, read_csv_table
from ghgcalc.errors import InputError

ROWS = [["year", "activity", "quantity", "unit", "region"],
        ["2023", "electricity.grid", "1,000", "MWh", "CN"],
        ["2023", "natural_gas.stationary", "10000", "m3", "CN"]]


def _write(path, rows, sep, encoding):
    path.write_text("\r\n".join(sep.join(f'"{c}"' if sep == "," and "," in c else c for c in r) for r in rows) + "\r\n",
                    encoding=encoding)
    return path


@pytest.mark.parametrize("name, encoding", [("activity.txt", "utf-16"), ("activity.tsv", "utf-8"),
                                            ("activity.csv", "utf-16")])
def test_a_tab_separated_table_gives_the_inventory_of_its_csv_twin(tmp_path, name, encoding):
    tabbed = _write(tmp_path / name, ROWS, "\t", encoding)
    twin = _write(tmp_path / "twin.csv", ROWS, ",", "utf-8")
    runner = CliRunner()
    result = runner.invoke(main, ["inventory", str(tabbed), "--gwp", "AR5GWP100", "--format", "json"])
    expected = runner.invoke(main, ["inventory", str(twin), "--gwp", "AR5GWP100", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["rows"] == json.loads(expected.stdout)["rows"]
    assert json.loads(result.stdout)["rows"]  # the premise: there are totals to compare
    assert "rows in: 2, computed: 2, rejected: 0" in runner.invoke(main, ["inventory", str(tabbed), "--gwp",
                                                                          "AR5GWP100"]).output


def test_a_bad_row_of_a_tab_separated_table_is_counted(tmp_path):
    path = _write(tmp_path / "activity.txt", ROWS + [["2023", "electricity.grid", "lots", "MWh", "CN"]], "\t", "utf-16")
    result = CliRunner().invoke(main, ["inventory", str(path), "--gwp", "AR5GWP100"])
    assert result.exit_code == 1
    assert "Error: activity.txt, row 4, column quantity: 'lots': expected a number" in result.output
    assert "rows in: 3, computed: 2, rejected: 1" in result.output


def test_the_header_says_the_delimiter():
    assert delimiter_of("year\tactivity\tquantity\n2023\tx\t1,000\n") == "\t"
    assert delimiter_of("year,activity,quantity\n2023,x,\"1\t000\"\n") == ","
    assert delimiter_of("year\n2023\n") == ","


def test_a_row_with_more_cells_than_a_tab_header_says_how_cells_were_split(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("year\tactivity\n2023\tx\textra\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_csv_table(path)
    assert str(caught.value) == "t.txt, row 2: 3 cells where the header names 2 (cells split at tabs, as the header is)"


def test_a_first_row_with_one_cell_too_many_is_refused_never_shifted(tmp_path):
    """pandas would take the extra cell for an index column and shift the row: 2023 lost, 'x' read as the year."""
    path = tmp_path / "t.csv"
    path.write_text("year,activity\n2023,x,extra\n2024,y\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_csv_table(path)
    assert str(caught.value) == "t.csv, row 2: 3 cells where the header names 2 (cells split at commas, as the header is)"
