"""A Quebec report prints revenue in "M$" and its intensity per "M$": read as millions of the workspace's dollar.

The workspace is tests/fixtures/quebec (CAD), its reported table typed "CAD million"; the same table typed as the
report prints it gives the same figures.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import FIXTURES


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def quebec(folder: Path, revenue: str, per_revenue: str, currency: str = "CAD") -> Path:
    root = folder / "quebec"
    shutil.copytree(FIXTURES / "quebec", root)
    table = root / "reported" / "rapport.csv"
    text = table.read_text(encoding="utf-8").replace("t CO2e / CAD million", per_revenue)
    table.write_text(text.replace(",CAD million,", f",{revenue},"), encoding="utf-8")
    config = root / "ghgcalc.toml"
    config.write_text(config.read_text(encoding="utf-8").replace('currency = "CAD"', f'currency = "{currency}"'),
                      encoding="utf-8")
    return root


def intensities(root: Path) -> list:
    result = run("intensity", root, "--format", "json")
    assert result.exit_code == 0, result.output
    return [(r["year"], r["numerator"], r["value"], r["low"], r["high"]) for r in json.loads(result.stdout)["rows"]]


@pytest.mark.parametrize("revenue, per_revenue", [
    ("M$", "t CO2e / M$"),                       # was: 'M$' ([substance] / [length] ** 3) does not fit revenue
    ("M CAD", "t CO2e / M CAD"),                 # was: molar x CAD, and every "CAD million" row refused
    ("millions de dollars", "t CO2e / millions de dollars"),
    ("$ in millions", "t CO2e / $ in millions"),  # as a 10-K heads a table; was: ([currency_CAD] * [length])
    ("CAD (in millions)", "t CO2e / (CAD in millions)"),
    ("in millions of dollars", "t CO2e / in millions of dollars"),
])
def test_revenue_as_a_quebec_report_prints_it_gives_the_same_intensities(tmp_path, revenue, per_revenue):
    expected = intensities(quebec(tmp_path / "typed", "CAD million", "t CO2e / CAD million"))
    root = quebec(tmp_path / "printed", revenue, per_revenue)
    check = run("check", root)
    assert check.exit_code == 0, check.output
    assert intensities(root) == expected
    # FY2024: 9,703.90 t CO2e / 1,842.5 million CAD = 5.2667 t per million CAD (printed 5,26)
    assert [v for y, n, v, *_ in expected if y == 2024 and n == "scope12_location"] == [pytest.approx(5.26)]


def test_a_dollar_sign_under_a_currency_that_is_no_dollar_is_refused_with_what_to_write(tmp_path):
    root = quebec(tmp_path, "M$", "t CO2e / CAD million", currency="EUR")
    check = run("check", root)
    assert check.exit_code == 1
    assert ("Error: rapport.csv, row 10, column unit: 'M$': '$' is a dollar, and the workspace's currency is EUR; "
            "write the currency's code (did you mean 'USD million'?)") in check.output


def test_a_target_file_s_figure_in_m_dollars_is_in_millions_of_the_workspace_s_dollar(tmp_path):
    from ghgcalc.figures.metrics import load_vocabulary
    from ghgcalc.targets.target_file import load_targets

    root = quebec(tmp_path, "CAD million", "t CO2e / CAD million")
    targets = root / "targets.toml"
    targets.write_text(targets.read_text(encoding="utf-8") + '\n[[figures]]\nmetric = "revenue"\nyear = 2019\n'
                       'value = "1 300,0"\nunit = "M$"\nsource = "Rapport 2019"\n', encoding="utf-8")
    check = run("check", root)
    assert check.exit_code == 0, check.output  # was: 'M$': '$' does not say which dollar
    figures = load_targets(targets, vocabulary=load_vocabulary(currency="CAD"), decimal={"": ","}).figures
    assert (figures["unit"].tolist(), figures["value_c"].tolist()) == (["million CAD"], [1300.0])


def test_a_dollar_sign_of_unknown_letters_is_quoted_as_typed(tmp_path):
    root = quebec(tmp_path, "CAD million", "t CO2e / CAD million")
    activity = root / "activity.csv"
    lines = activity.read_text(encoding="utf-8").splitlines()
    spend = next(i for i, line in enumerate(lines) if ",CAD," in line)  # a spend-based row, in CAD
    lines[spend] = lines[spend].replace(",CAD,", ",XB$,")
    activity.write_text("\n".join(lines) + "\n", encoding="utf-8")
    check = run("check", root)
    assert check.exit_code == 1
    assert (f"Error: activity.csv, row {spend + 1}, column unit: 'XB$': 'XB$' is not a dollar sign ghgcalc knows "
            "(US$, ") in check.output  # was quoted as read: 'XB CAD' is not a unit
