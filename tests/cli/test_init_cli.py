"""``ghgcalc init``: a workspace that runs as created, with figures checked by hand."""

import json

import openpyxl
import pytest
from click.testing import CliRunner

from ghgcalc.cli import main


@pytest.fixture
def created(tmp_path):
    folder = tmp_path / "newco"
    result = CliRunner().invoke(main, ["init", str(folder), "--name", 'Newco "East" Ltd'])
    assert result.exit_code == 0, result.output
    return folder


def test_init_writes_the_template(created):
    names = sorted(p.relative_to(created).as_posix() for p in created.rglob("*") if p.is_file())
    assert names == ["activity.csv", "activity.xlsx", "ghgcalc.toml", "reported/company.csv", "scenarios/plan.toml",
                     "targets.toml"]
    assert 'name = "Newco \\"East\\" Ltd"' in (created / "ghgcalc.toml").read_text()


def test_the_workbook_holds_the_same_rows_as_numbers(created):
    book = openpyxl.load_workbook(created / "activity.xlsx")
    assert book.sheetnames == ["activity", "columns"]
    sheet = book["activity"]
    assert sheet.freeze_panes == "A2"
    assert [c.value for c in sheet[1]][:4] == ["year", "activity", "quantity", "unit"]
    assert sheet["A2"].value == 2023 and sheet["C2"].value == 1200


def test_the_template_inventory_by_hand(created):
    # 2023 provincial factors are not published: the template allows latest_earlier_year, so
    # Jiangsu 2022 (0.5978 kg CO2/kWh) and Guangdong 2022 (0.4403) are used.
    # Location-based: (1,200 + 300) MWh x 0.5978 + 200 MWh x 0.4403 = 896.70 + 88.06 = 984.76 t
    # Market-based: 1,200 x 0.5978 + 300 MWh under GEC x 0 + 200 MWh x 0.45 (supplier) = 717.36 + 90 = 807.36 t
    result = CliRunner().invoke(main, ["inventory", str(created), "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {(r["scope"], r["scope2_method"]): r["value"] for r in json.loads(result.stdout)["rows"]}
    assert rows[("2", "location")] == pytest.approx(984.76)
    assert rows[("2", "market")] == pytest.approx(807.36)


def test_init_never_overwrites(created):
    result = CliRunner().invoke(main, ["init", str(created)])
    assert result.exit_code == 1
    assert "already holds ghgcalc.toml, activity.csv" in result.stderr


@pytest.mark.parametrize("command", [
    ["explain", "{ws}", "--year", "2023", "--scope", "2", "--method", "market"],
    ["intensity", "{ws}"], ["intensity", "{ws}", "--per", "capita"], ["audit", "{ws}"], ["gap", "{ws}"],
    ["report", "{ws}"], ["disclose", "{ws}", "--standard", "gri-305", "--year", "2023"],
    ["scenario", "run", "{ws}", "plan"], ["scenario", "compare", "{ws}", "plan", "{ws}/scenarios/plan.toml"],
    ["scenario", "seek", "{ws}", "plan", "--lever", "green-power", "--parameter", "share.2030", "--target", "scope12-2030"],
])
def test_every_command_runs_on_the_new_workspace(created, command):
    result = CliRunner().invoke(main, [part.format(ws=created) for part in command])
    if command[:2] == ["scenario", "compare"]:  # the same scenario by name and by path: refused, in one line
        assert result.exit_code == 1 and "both called 'My company: plan'" in result.stderr
        return
    assert result.exit_code in (0, 3), result.output


def test_the_template_scenario_starts_from_the_inventory(created):
    from ghgcalc.scenarios.run import run_scenario

    first = run_scenario("plan", created).to_dict()["years"][0]
    # Scope 1 and both Scope 2 methods are the inventory's (103.23, 984.76 and 807.36 t, computed above):
    # the supplier's 200 MWh keep its own 0.45 kg/kWh market-based, not the grid's 0.4403
    assert first["scope2_location"]["value"] == pytest.approx(984.76, abs=0.01)
    assert first["scope2_market"]["value"] == pytest.approx(1_200 * 0.5978 + 200 * 0.45, abs=0.01)  # 807.36 t
