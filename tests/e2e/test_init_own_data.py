"""A new user's path: ``ghgcalc init``, then the template's activity rows replaced by the company's own,
then ``scenario run`` as the README says. The template's plan names example levers (diesel vehicles,
refrigerant, a "manufacturing" segment) that another company may not have: they are optional, so the
run goes on without them and a note names each one and says what to edit; a lever whose lines are
there still acts.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT

ELECTRICITY_AND_GAS = (  # a company with no vehicles and no refrigerant, in one segment of its own
    "year,activity,quantity,unit,region,segment,site,gas,instrument,factor_value,factor_unit\n"
    "2023,electricity.grid,2000,MWh,DE,plants,Mainz,,,,\n"
    "2023,natural_gas.stationary,5000,MWh,DE,plants,Mainz,,,,\n")


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code in (0, 3), result.output
    return result


def read(*args) -> str:
    """A command's text with its lines joined: a note wrapped at 100 columns read as one sentence."""
    return " ".join(run(*args).stdout.split())


@pytest.fixture
def workspace(tmp_path):
    root = tmp_path / "company"
    run("init", root)
    (root / "activity.xlsx").unlink()  # the workspace reads activity.csv; the workbook is the same template
    return root


def test_another_companys_rows_run_the_template_plan(workspace):
    (workspace / "activity.csv").write_text((ROOT / "examples" / "packaging-eu" / "activity.csv")
                                            .read_text(encoding="utf-8"), encoding="utf-8")
    text = read("scenario", "run", workspace, "plan")
    # its segments are DE, PL and UK: no "manufacturing", so the efficiency example has nothing to act on
    assert "note: lever 'efficiency' left out (optional = true): segment 'manufacturing' has no data" in text
    assert "edit its applies_to to act on this workspace's lines, or delete it (plan.toml, line" in text
    document = json.loads(run("scenario", "run", workspace, "plan", "--format", "json").stdout)
    levers = document["levers"]["figures"]["scope12-2030"]["levers"]
    assert "efficiency" not in levers
    assert levers["electric-vehicles"] < 0 and levers["leak-checks"] < 0  # its diesel fleet and its refrigerant


def test_a_company_without_vehicles_or_refrigerant(workspace):
    (workspace / "activity.csv").write_text(ELECTRICITY_AND_GAS, encoding="utf-8")
    text = read("scenario", "run", workspace, "plan")
    for lever in ("efficiency", "electric-vehicles", "leak-checks"):
        assert f"note: lever '{lever}' left out (optional = true)" in text
    assert "'diesel.mobile': no line has this activity (activities: electricity, electricity.grid, natural_gas" in text
    assert "a fugitive lever acts on fugitive lines, and it selects plants-mainz-electricity-grid-de (electricity)" in text
    assert "new-site-electricity (electricity); edit its applies_to to act on this workspace's lines" in text
    document = json.loads(run("scenario", "run", workspace, "plan", "--format", "json").stdout)
    assert document["levers"]["figures"]["scope12-2030"]["levers"]["green-power"] < 0  # its electricity is there


def test_a_start_year_the_inventory_lacks_says_which_it_has(workspace):
    (workspace / "activity.csv").write_text(ELECTRICITY_AND_GAS.replace("2023,", "2024,"), encoding="utf-8")
    result = CliRunner().invoke(main, ["scenario", "run", str(workspace), "plan"])
    assert result.exit_code == 1
    assert ("the inventory has no emissions in 2023, the scenario's start_year; it has 2024: set start_year under "
            "[scenario] to one of them") in " ".join(result.output.split())
