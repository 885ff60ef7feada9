"""The workspace report as a library object: inventory, audit and targets of the Xiaomi workspace."""

from __future__ import annotations

import re

import pytest

from ghgcalc.outputs.report import report_workspace
from tests.conftest import ROOT

XIAOMI = ROOT / "examples" / "xiaomi"


@pytest.fixture(scope="module")
def report():
    return report_workspace(XIAOMI, year=2023)


def test_parts_as_a_dict(report):
    document = report.to_dict()
    assert document["workspace"] == "Xiaomi Corporation"
    assert document["inventory"]["gwp_set"] == "AR5GWP100"
    # the audit's own document: 4 identities fail (docs/audit.md)
    assert document["audit"]["contract_version"] == 1 and document["audit"]["summary"]["fails"] == 4
    ghg_2030 = next(t for t in document["targets"]["targets"] if t["id"] == "ghg-2030")
    # 94,025.84 - 0.3 x 82,820.16 = 69,179.792 t CO2e
    assert ghg_2030["gap"]["value"] == pytest.approx(69_179.792)


def test_headline_frame(report):
    frame = report.to_frame()
    assert set(frame["section"]) == {"inventory", "audit", "targets"}
    scope1 = frame[(frame["section"] == "inventory") & (frame["item"] == "scope 1") & (frame["year"] == 2023)]
    # 2023 Scope 1 = 3,921.26 + 1,900.75 + 1.97 + 6,428.54 = 12,252.52 t CO2e, as printed
    assert scope1["value"].tolist() == pytest.approx([3_921.26 + 1_900.75 + 1.97 + 6_428.54])
    gap = frame[frame["item"] == "ghg-2030: gap"].iloc[0]
    assert gap["value"] == pytest.approx(69_179.792) and gap["unit"] == "t CO2e" and gap["status"] == "off track"
    assert frame[(frame["section"] == "audit") & (frame["item"] == "fails")]["value"].tolist() == [4]


def test_text_has_a_heading_per_part(report):
    text = report.render_text()
    assert text.splitlines()[0] == "Xiaomi Corporation: report for 2023"
    assert "\n== Inventory (t CO2e, GWP set AR5GWP100; " in text
    assert f"\n== Targets in 2023 (details: ghgcalc gap {XIAOMI} --year 2023) ==\n" in text


def test_the_manifest_names_every_dataset_a_figure_drew_on():
    # examples/manufacturer/scope3.csv names factors of the EPA spend-based table and of the DESNZ 2024 full set;
    # natural gas in m3 goes through the IPCC NCV and density; every CO2e figure through the GWP table
    manifest = report_workspace(ROOT / "examples" / "manufacturer").manifest
    used = {d["id"] for d in manifest["factors_used"]}
    assert {"epa-supply-chain-v1.3-naics", "desnz-ghg-2024-full", "ipcc-2006-ncv", "gwp-ipcc"} <= used
    assert "mee-carbon-market-grid" not in used and "activities" not in used
    listed = {d["id"]: d for d in manifest["factor_datasets"]}
    assert len(listed["epa-supply-chain-v1.3-naics"]["sha256"]) == 64


def test_a_target_the_scenario_does_not_project_reads_cleanly(tmp_path):
    from click.testing import CliRunner

    from ghgcalc.cli import main

    assert CliRunner().invoke(main, ["init", str(tmp_path / "ws")]).exit_code == 0
    targets = tmp_path / "ws" / "targets.toml"
    targets.write_text(targets.read_text(encoding="utf-8") + '\n[targets.water]\ntype = "absolute"\nquote = "Cut water '
                       'withdrawal by 20 % by 2030."\nmetric = "water_withdrawal"\n'
                       'base_year = 2023\ntarget_year = 2030\nreduce_by = "20 %"\n', encoding="utf-8")
    report = report_workspace(tmp_path / "ws")
    rows = {r["target"]: r for r in report.to_dict()["scenarios"]}  # a scenario projects emissions and energy only
    assert rows["water"]["status"] == "not projected" and rows["water"]["unit"] is None
    assert isinstance(rows["scope12-2030"]["first_year_met"], int)
    text = report.render_text()
    assert not re.search(r"\bnan\b", text.split("== Scenarios", 1)[1])  # a word ("financial" holds "nan")


def test_an_audit_with_nothing_to_check_says_so(tmp_path):
    from click.testing import CliRunner

    from ghgcalc.cli import main

    assert CliRunner().invoke(main, ["init", str(tmp_path / "ws")]).exit_code == 0  # revenue and headcount only
    text = report_workspace(tmp_path / "ws").render_text()
    audit = text.split("== Audit", 1)[1]
    assert "Summary: nothing to check" in audit  # was a bare "Summary:"
