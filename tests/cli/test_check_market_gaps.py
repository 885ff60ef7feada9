"""check says where market-based Scope 2 leaves out a step of the country's own method (Australia's RPP), with the
figures it concerns; it never fills the step with a guess, and other countries' workspaces get no such note."""

import json

from click.testing import CliRunner

from ghgcalc.cli import main


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_an_australian_workspace_is_told_the_rpp_is_not_deducted(tmp_path):
    run("init", tmp_path / "aud", "--currency", "AUD")
    notes = json.loads(run("check", tmp_path / "aud", "--format", "json"))["notes"]
    gaps = [n["message"] for n in notes if "Renewable Power Percentage" in n["message"]]
    # the template's market-based lines with emissions: 1,200 MWh in New South Wales at the NGA 2023 residual mix
    # (0.81 kg CO2e / kWh, Table 2a) and 200 MWh at the supplier's 0.45: 972 + 90 = 1,062 t CO2e
    assert len(gaps) == 1 and "electricity.grid in AU (2023 1,062.00 t CO2e)" in gaps[0]
    assert "18.96 % for 2023 and 18.48 % for 2024, Clean Energy Regulator" in gaps[0]
    inventory = json.loads(run("inventory", tmp_path / "aud", "--format", "json"))["rows"]
    market = [r["value"] for r in inventory if r["scope"] == "2" and r["scope2_method"] == "market"]
    assert len(market) == 1 and abs(market[0] - (1200 * 0.81 + 200 * 0.45)) < 1e-9  # nothing deducted


def test_other_countries_get_no_such_note(tmp_path):
    run("init", tmp_path / "eur", "--currency", "EUR")
    notes = json.loads(run("check", tmp_path / "eur", "--format", "json"))["notes"]
    assert not [n for n in notes if "Renewable Power Percentage" in n["message"]]
