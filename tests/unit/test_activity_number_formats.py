"""Activity and FX tables in the number format they were written in; units as a US or Japanese user types them.

A table that shows a decimal comma ("12,7") is read with one; a table that mixes conventions, or
holds "1.000" beside "12,7" (1,000 or 1?), is refused in one line naming the cell and the key
([data] decimal). Declared, every format of thousands reads: "1.234,5", "1 234,5" (space, no-break,
thin space), "1'234.5", "1,234.5".
"""

from __future__ import annotations

import json
import math
from decimal import Decimal

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from ghgcalc.cli import main
from ghgcalc.errors import InputError
from ghgcalc.figures.money import load_fx
from ghgcalc.inventory.engine import compute_inventory
from ghgcalc.inventory.reading import read_activity_table

HEADER = "year,activity,quantity,unit,region,gas\n"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def table(tmp_path, rows: str, name: str = "activity.csv"):
    path = tmp_path / name
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def co2e_by_row(path, *args) -> dict[int, float]:
    result = run("explain", path, "--gwp", "AR5GWP100", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    out: dict[int, float] = {}
    for line in json.loads(result.stdout)["lines"]:
        if line["scope2_method"] in ("", "location"):
            out[line["row"]] = out.get(line["row"], 0.0) + line["co2e_t"]
    return out


def test_a_decimal_comma_table_reads_as_written(tmp_path):
    german = table(tmp_path, '2023,natural_gas.stationary,"1.234,5",m3,CN,\n2023,diesel.stationary,"12,7",L,CN,\n',
                   "de.csv")
    plain = table(tmp_path, "2023,natural_gas.stationary,1234.5,m3,CN,\n2023,diesel.stationary,12.7,L,CN,\n")
    assert list(read_activity_table(german)["quantity"]) == [1234.5, 12.7]
    assert co2e_by_row(german) == pytest.approx(co2e_by_row(plain), rel=1e-12)


@pytest.mark.parametrize("rows, message", [
    ('2023,diesel.stationary,"12,7",L,CN,\n2023,diesel.stationary,12.7,L,CN,\n',
     "Error: de.csv, row 3, column quantity: '12.7' reads only with a decimal point, but '12,7' (row 2, column "
     "quantity) only with a decimal comma: the table mixes number formats; write its numbers one way and declare "
     "the table's number format: decimal = \",\" (or \".\") under [data] in ghgcalc.toml (this table only: "
     "decimal = { \"de.csv\" = \",\" })"),
    ('2023,diesel.stationary,"12,7",L,CN,\n2023,natural_gas.stationary,1.000,m3,CN,\n',
     "Error: de.csv, row 3, column quantity: '1.000' is 1,000 with a decimal comma, as '12,7' (row 2) is written, "
     "or 1 with a decimal point, 1,000 times apart; declare the table's number format: decimal = \",\" (or \".\") "
     "under [data] in ghgcalc.toml (this table only: decimal = { \"de.csv\" = \",\" })"),
])
def test_an_unclear_table_is_refused_in_one_line(tmp_path, rows, message):
    result = run("inventory", table(tmp_path, rows, "de.csv"), "--gwp", "AR5GWP100")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [message]


def test_a_declared_table_reads_1_000_as_one_thousand(tmp_path):
    table(tmp_path, '2023,diesel.stationary,"12,7",L,CN,\n2023,natural_gas.stationary,1.000,m3,CN,\n', "de.csv")
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\nname = "de"\ngwp_set = "AR5GWP100"\n[data]\n'
                                           'activity = ["de.csv"]\ndecimal = { "de.csv" = "," }\n', encoding="utf-8")
    declared = co2e_by_row(tmp_path, "--year", "2023")
    plain = co2e_by_row(table(tmp_path, "2023,diesel.stationary,12.7,L,CN,\n2023,natural_gas.stationary,1000,m3,CN,\n"))
    assert declared == pytest.approx(plain, rel=1e-12)


def test_a_declared_decimal_comma_refuses_a_point_decimal(tmp_path):
    path = table(tmp_path, '2023,diesel.stationary,"12,7",L,CN,\n2023,diesel.stationary,7.1217,L,CN,\n')
    with pytest.raises(InputError) as caught:
        read_activity_table(path, decimal=",")
    assert str(caught.value) == (
        "activity.csv, row 3, column quantity: '7.1217' reads only with a decimal point, but the table is declared "
        "with decimal = \",\"; write it as the table's other numbers are, or declare the table's number format: "
        "decimal = \",\" (or \".\") under [data] in ghgcalc.toml (this table only: decimal = { \"activity.csv\" = \",\" })")


def test_thousands_in_a_decimal_point_table(tmp_path):
    path = table(tmp_path, '2023,diesel.stationary,"1,234.5",L,CN,\n2023,diesel.stationary,1 234.5,L,CN,\n'
                           "2023,diesel.stationary,1'234.5,L,CN,\n2023,diesel.stationary,1\u00a0234.5,L,CN,\n"
                           "2023,diesel.stationary,1234.5 L,L,CN,\n")
    read = read_activity_table(path)["quantity"]
    assert list(read[:4]) == [1234.5] * 4 and read.iloc[4] == "1234.5 L"  # a unit in the cell stays for the check
    result = run("inventory", path, "--gwp", "AR5GWP100")
    assert result.exit_code == 1
    assert "row 6, column quantity: '1234.5 L': expected a number (digits, thousands separators and a decimal " \
           "mark; no units)" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "rows in: 5, computed: 4, rejected: 1"


def test_an_xlsx_table_reads_text_cells_in_its_format(tmp_path):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["year", "activity", "quantity", "unit", "region"])
    sheet.append([2023, "diesel.stationary", "1.234,5", "L", "CN"])  # typed as text, the German way
    sheet.append([2023, "diesel.stationary", 12.5, "L", "CN"])  # a number cell is a number in any format
    sheet.append([2023, "diesel.stationary", "12,7", "L", "CN"])
    book.save(tmp_path / "de.xlsx")
    assert list(read_activity_table(tmp_path / "de.xlsx")["quantity"]) == [1234.5, 12.5, 12.7]
    sheet.append([2023, "diesel.stationary", "1.000", "L", "CN"])
    book.save(tmp_path / "de.xlsx")
    with pytest.raises(InputError, match=r"de.xlsx, row 5, column quantity: '1.000' is 1,000 with a decimal comma"):
        read_activity_table(tmp_path / "de.xlsx")


def test_fx_rates_in_a_decimal_comma_table(tmp_path):
    header = "date_or_year,from,to,rate,source\n"
    (tmp_path / "fx.csv").write_text(header + '2023,USD,EUR,"0,9248",ECB\n2024,USD,EUR,"0,9239",ECB\n', encoding="utf-8")
    rates = load_fx(tmp_path / "fx.csv").rates
    assert [r.rate for r in rates] == [0.9248, 0.9239]
    (tmp_path / "fx.csv").write_text(header + '2023,USD,EUR,"0,9248",ECB\n2024,USD,EUR,0.9239,ECB\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"^fx.csv, row 3, column rate: '0.9239' reads only with a decimal point, "
                                         r"but '0,9248' \(row 2, column rate\) only with a decimal comma"):
        load_fx(tmp_path / "fx.csv")
    (tmp_path / "fx.csv").write_text(header + '2023,USD,EUR,"1.234,5",ECB\n', encoding="utf-8")
    assert [r.rate for r in load_fx(tmp_path / "fx.csv", decimal={"fx.csv": ","}).rates] == [1234.5]
    assert [r.rate for r in load_fx(tmp_path / "fx.csv", decimal={"": ","}).rates] == [1234.5]  # [data] decimal


@pytest.mark.parametrize("us, metric", [
    # 1 Btu (IT) = 1,055.056 J, as pint defines it; Btu-family units are gross energy, as US bills state it
    ("1000,MMBtu", "1055.056,GJ (gross)"),
    ("10000,therm", "1055.056,GJ (gross)"),  # 100,000 Btu
    # 1 ft3 = 0.3048^3 m3; a scf is gas at 60 degF (288.7056 K) and 14.696 psia (101.32535 kPa), so in normal
    # cubic metres (0 degC, 101.325 kPa, the conditions of China's NCV) 1,000,000 scf are
    # 28,316.846592 x 273.15 / 288.7056 x 101.32535 / 101.325 = 26,791.22 Nm3
    ("1000000,scf", f"{28316.846592 * 273.15 / (273.15 + 28 * 5 / 9) * (14.696 * 6.894757293168361 / 101.325)!r},Nm3"),
])
def test_us_units_in_an_activity_table_give_what_their_metric_equals_give(tmp_path, us, metric):
    path = table(tmp_path, f"2023,natural_gas.stationary,{us},CN,\n2023,natural_gas.stationary,{metric},CN,\n")
    by_row = co2e_by_row(path)
    assert by_row[2] == pytest.approx(by_row[3], rel=1e-12) and by_row[2] > 0


@pytest.mark.parametrize("us, metric, activity, gas", [
    ("1000,US gallon", "3785.411784,L", "diesel.stationary", ""),  # 231 in3
    ("0.01,short ton", "9.0718474,kg", "refrigerant.release", "R-410A"),  # 2,000 lb x 0.45359237 kg
])
def test_us_volume_and_mass(tmp_path, us, metric, activity, gas):
    path = table(tmp_path, f"2023,{activity},{us},CN,{gas}\n2023,{activity},{metric},CN,{gas}\n")
    by_row = co2e_by_row(path)
    assert by_row[2] == pytest.approx(by_row[3], rel=1e-12) and by_row[2] > 0


def test_an_unknown_scale_word_in_an_activity_table_is_named(tmp_path):
    result = run("inventory", table(tmp_path, "2023,electricity.grid,2,兆 kWh,CN,\n"), "--gwp", "AR5GWP100")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == ("Error: activity.csv, row 2, column unit: '兆 kWh' is not a unit "
                                             "('兆' is unknown); did you mean 'kWh'?")


GROUPS = {".": [",", " ", "\u00a0", "\u2009", "'", ""], ",": [".", " ", "\u00a0", "\u2009", ""]}


def written(value: Decimal, mark: str, group: str) -> str:
    """A quantity as a table in that convention writes it: 1234567.25 -> '1.234.567,25' (mark ',', group '.')."""
    whole, _, fraction = f"{value:.2f}".partition(".")
    digits = f"{int(whole):,}".replace(",", group)
    return f"{digits}{mark}{fraction}"


@settings(max_examples=60, deadline=None)
@given(quantities=st.lists(st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False),
                           min_size=1, max_size=12),
       mark=st.sampled_from([".", ","]), data=st.data(), broken=st.lists(st.booleans(), min_size=12, max_size=12))
def test_rows_in_are_rows_computed_plus_rejected_in_any_number_format(tmp_path_factory, library, quantities, mark,
                                                                       data, broken):
    """Declared, every convention reads back the numbers written; a cell that is no number is rejected, not dropped."""
    group = data.draw(st.sampled_from(GROUPS[mark]))
    cells = [("lots" if bad else written(q, mark, group)) for q, bad in zip(quantities, broken)]
    rows = "".join(f'2023,diesel.stationary,"{cell}",L,CN,\n' for cell in cells)
    path = table(tmp_path_factory.mktemp("formats"), rows)
    read = read_activity_table(path, decimal=mark)
    for cell, quantity, value in zip(cells, quantities, read["quantity"]):
        if cell == "lots":
            assert value == "lots"
        else:
            assert math.isclose(float(value), float(quantity), rel_tol=1e-15, abs_tol=1e-12)
    result = compute_inventory(read, library, "AR5GWP100")
    computed = result.emissions["row"].nunique()  # the rows that became emissions lines
    assert result.rows_in == len(cells) == computed + result.rows_rejected
    assert result.rows_rejected == sum(cell == "lots" for cell in cells)
