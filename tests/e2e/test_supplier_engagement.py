"""A new workspace (``ghgcalc init``) with supplier-engagement figures and a supplier target, through the CLI.

The figures are made up for the test, in the shape of Xiaomi's (examples/xiaomi): a programme of "nearly
300" suppliers, 111 of them with targets (printed as 37 %), 24 in SBTi, and the suppliers' average green
electricity at 43 % in 2023 and 48 % in 2024, with a target of 50 % by 2025.
"""

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main

SUPPLIERS = """vintage,metric,year,value,unit,source,note,precision
esg-2024,suppliers_in_scope,2024,300,supplier,ESG report 2024 p. 12,printed 'nearly 300 tier-one suppliers',nearly 50
esg-2024,suppliers_with_targets,2024,111,supplier,ESG report 2024 p. 12,,exact
esg-2024,suppliers_with_targets_share,2024,37,percent,ESG report 2024 p. 12,printed '37%',
esg-2024,suppliers_in_sbti,2024,24,supplier,ESG report 2024 p. 12,,exact
esg-2024,supplier_renewable_electricity_share,2023,43,percent,ESG report 2024 p. 13,,
esg-2024,supplier_renewable_electricity_share,2024,48,percent,ESG report 2024 p. 13,,
"""
TARGET = """
[targets.suppliers-green-2025]
type = "share"
quote = "Our suppliers' average green electricity share will exceed 50% by 2025."
source = "ESG report 2024 p. 13"
metric = "supplier_renewable_electricity_share"
target_share = "50 %"
base_year = 2023
target_year = 2025
"""


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    folder = tmp_path_factory.mktemp("suppliers") / "newco"
    assert run("init", folder).exit_code == 0
    (folder / "reported" / "suppliers.csv").write_text(SUPPLIERS, encoding="utf-8")
    config = folder / "ghgcalc.toml"
    text = config.read_text(encoding="utf-8")
    assert 'reported = ["reported/company.csv"]' in text
    config.write_text(text.replace('reported = ["reported/company.csv"]',
                                   'reported = ["reported/company.csv", "reported/suppliers.csv"]'), encoding="utf-8")
    with (folder / "targets.toml").open("a", encoding="utf-8") as targets:
        targets.write(TARGET)
    return folder


def test_audit_reproduces_and_derives_the_supplier_shares(workspace):
    result = run("audit", workspace, "--format", "json")
    assert result.exit_code == 0, result.output
    findings = {(f["kind"], f["metric"]): f for f in json.loads(result.stdout)["findings"]}
    # printed 37 % (36.5 to 37.5) against 111 / [250, 300] = 37.0 % to 44.4 %: they overlap
    printed = findings[("reproduction", "suppliers_with_targets_share")]
    assert printed["verdict"] == "reproduced"
    assert (printed["recomputed"]["low"], printed["recomputed"]["high"]) == pytest.approx((37.0, 44.4))
    # not printed: 24 / 300 = 8.0 % to 24 / 250 = 9.6 %
    sbti = findings[("derivation", "suppliers_in_sbti_share")]
    assert (sbti["recomputed"]["low"], sbti["recomputed"]["high"]) == pytest.approx((8.0, 9.6))
    text = run("audit", workspace).stdout
    [row] = [line.split() for line in text.splitlines() if line.startswith("suppliers_in_sbti_share ")]
    assert row[:5] == ["suppliers_in_sbti_share", "2024", "8.0", "9.6", "percent"]


def test_gap_tracks_the_supplier_target(workspace):
    result = run("gap", workspace, "--year", "2024", "--target", "suppliers-green-2025", "--format", "json")
    assert result.exit_code == 0, result.output  # on track
    [target] = json.loads(result.stdout)["targets"]
    # the straight path from 43 % (2023) to 50 % (2025) passes 46.5 % in 2024; the actual 48 % is ahead
    assert target["pathway_value"]["value"] == pytest.approx(43 + (50 - 43) / 2)
    assert target["actual"]["value"] == pytest.approx(48.0)
    assert target["gap"]["value"] == pytest.approx(50 - 48)  # 2 points (1.5 to 2.5) to go in one year
    assert (target["gap"]["low"], target["gap"]["high"]) == pytest.approx((1.5, 2.5))
    assert target["progress"]["value"] == pytest.approx(100 * (48 - 43) / (50 - 43))  # 71.4 % of the way
    assert target["required_annual_rate"]["value"] == pytest.approx(100 * (50 / 48 - 1))  # 4.17 % a year
    assert target["status"] == "on track"


def test_every_reading_command_still_runs(workspace):
    table = run("gap", workspace, "--year", "2024")
    assert table.exit_code == 0, table.output
    assert "suppliers-green-2025" in table.stdout and "48.00 ±0.50 %" in table.stdout
    assert run("report", workspace, "--year", "2024").exit_code == 0
    scenario = run("scenario", "run", workspace, "plan", "--wide")  # notes wrap, even with --wide
    assert scenario.exit_code == 0, scenario.output
    assert "suppliers-green-2025: not projected: the scenario has no figures for supplier_renewable_electricity_share" \
        in " ".join(scenario.stdout.split())
