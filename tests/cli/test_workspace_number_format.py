"""Every numeric table of a workspace reads numbers in the format ghgcalc.toml declares (decimal = ","), and
the figures do not depend on how a table's numbers are typed once its format is said.

The workspace is tests/fixtures/quebec: French-Canadian numbers ("1 842,5", "1,3698", "292,655").
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.figures.prices import load_price_index
from ghgcalc.targets.neutralisation import read_neutralisation
from ghgcalc.targets.target_file import load_targets
from tests.conftest import FIXTURES


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def quebec(folder: Path) -> Path:
    root = folder / "quebec"
    shutil.copytree(FIXTURES / "quebec", root)
    return root


def scope3(root: Path) -> list:
    result = run("inventory", root, "--format", "json", "--by", "year,scope,scope2_method")
    assert result.exit_code == 0, result.output
    return [row for row in json.loads(result.stdout)["rows"] if row["scope"] == 3]


def test_the_price_index_reads_in_the_declared_decimal_comma(tmp_path):
    root = quebec(tmp_path)
    check = run("check", root)
    assert check.exit_code == 0, check.output  # was: '292,655' is not a positive number
    indices = load_price_index(root / "price-index.csv", decimal={"": ","})
    assert [(i.currency, i.year, i.index) for i in indices] == [("USD", 2022, 292.655), ("USD", 2024, 313.689)]
    with_commas = scope3(root)
    # the same indices typed with decimal points, that table declared so: the same Scope 3
    (root / "price-index.csv").write_text(
        "currency,year,index,source\nUSD,2022,292.655,CPI-U 2022\nUSD,2024,313.689,CPI-U 2024\n", encoding="utf-8")
    config = root / "ghgcalc.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('decimal = ","', 'decimal = { "activity.csv" = ",", '
                      '"rapport.csv" = ",", "fx.csv" = ",", "price-index.csv" = "." }'), encoding="utf-8")
    assert run("check", root).exit_code == 0
    assert scope3(root) == with_commas


def test_removals_and_a_target_file_s_figures_read_in_the_declared_decimal_comma(tmp_path):
    root = quebec(tmp_path)
    (root / "retraits.csv").write_text("year,type,quantity,unit,source\nFY2024,removal,\"1 250,5\",t CO2e,contrat\n"
                                       "FY2024,credit,\"12,25\",t CO2e,registre\n", encoding="utf-8")
    config = root / "ghgcalc.toml"
    config.write_text(config.read_text(encoding="utf-8").replace("[data]\n", '[data]\nremovals = "retraits.csv"\n'),
                      encoding="utf-8")
    targets = root / "targets.toml"
    targets.write_text(targets.read_text(encoding="utf-8") + '\n[[figures]]\nmetric = "scope3_cat6"\nyear = 2023\n'
                       'value = "1 190,75"\nunit = "t CO2e"\nsource = "Rapport 2023"\n', encoding="utf-8")
    records = read_neutralisation(root / "retraits.csv", decimal={"": ","})
    assert list(records["value_c"]) == [1250.5, 12.25]
    assert list(records["low_c"]) == pytest.approx([1250.45, 12.245])  # printed to one and two decimals
    figures = load_targets(targets, decimal={"": ","}).figures
    assert list(figures["value"]) == [1190.75]
    check = run("check", root, "--format", "json")
    assert check.exit_code == 0, check.output
    assert "retraits.csv" in json.loads(check.stdout)["files"]  # the removals table is among the files checked
    gap = run("gap", root, "--year", "FY2024", "--format", "json")  # reads both, as check did
    assert gap.exit_code in (0, 3) and not gap.stderr, gap.output


def test_an_undeclared_removals_table_with_a_decimal_comma_is_told_how_to_declare_it(tmp_path):
    path = tmp_path / "retraits.csv"
    path.write_text("year,type,quantity,unit\n2024,removal,\"1 250,5\",t CO2e\n", encoding="utf-8")
    try:
        read_neutralisation(path)
    except Exception as exc:  # noqa: BLE001 - the message is what is tested
        message = str(exc)
    assert message.startswith("retraits.csv, row 2, column quantity: '1 250,5' is not a number as printed")
    assert 'decimal = { "retraits.csv" = "," }' in message
