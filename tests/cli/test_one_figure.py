"""One figure everywhere: Scope 1 + Scope 2 per revenue has one value in intensity, report, disclose, gap and
scenarios, and a printed figure the audit finds wrong is said to be wrong wherever it is used.

packaging-eu prints FY2022/23 (2023) Scope 1 as 3,819 t and location-based Scope 2 as 7,180 t, on purpose
1 % above its activity data (SOURCES.md), and revenue as 335.2 EUR million. Printed figures are used by
default, so Scope 1 + location-based Scope 2 per revenue is (3,819 + 7,180) / 335.2 = 32.8132 t per EUR
million; with [workspace] prefer = "computed" it is the inventory's Scope 1 + Scope 2 over the same revenue.
"""

import json
import shutil

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT

PACKAGING = ROOT / "examples" / "packaging-eu"
MANUFACTURER = ROOT / "examples" / "manufacturer"
WRONG_PRINT = "printed 7,180 t CO2e (scope2_location FY2022/23); fails audit: the activity data give 7,108.4 t CO2e"
LOCATION_TARGET = '''
[targets.location-intensity]
type = "intensity"
quote = "Halve Scope 1 and location-based Scope 2 emissions per EUR million by FY2029/30."
source = "test"
metric = "ghg_location_per_revenue"
base_year = 2022
target_year = 2030
reduce_by = "50 %"
'''


def run(*args) -> str:
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return result.stdout


def document(*args) -> dict:
    return json.loads(run(*args, "--format", "json"))


def packaging(tmp_path, prefer: str | None = None):
    root = tmp_path / "packaging"
    shutil.copytree(PACKAGING, root)
    with open(root / "targets.toml", "a", encoding="utf-8") as targets:
        targets.write(LOCATION_TARGET)
    if prefer:
        config = (root / "ghgcalc.toml").read_text(encoding="utf-8")
        (root / "ghgcalc.toml").write_text(config.replace("[workspace]\n", f'[workspace]\nprefer = "{prefer}"\n'),
                                           encoding="utf-8")
    return root


def inventory_totals(root) -> dict:
    rows = document("inventory", root, "--by", "year,scope,scope2_method")["rows"]
    return {(r["year"], r["scope"], r["scope2_method"]): r["value"] for r in rows}


def everywhere(root, year: int, metric: str, numerator: str, datapoint: str, target: str) -> dict:
    """The one figure as each command gives it (and the failing prints each names for it)."""
    rows = document("intensity", root, "--numerator", numerator, "--year", str(year))["rows"]
    report = document("report", root, "--year", str(year))
    item = next(r for r in report["intensities"] if r["item"].startswith(metric))
    esrs = document("disclose", root, "--standard", "esrs-e1", "--year", str(year))
    cell = next(d for d in esrs["datapoints"] if d["datapoint"] == datapoint)
    gap = next(t for t in document("gap", root, "--year", str(year))["targets"] if t["id"] == target)
    return {"intensity": (rows[0]["value"], rows[0].get("fails_audit", [])),
            "report": (item["value"], item["fails_audit"]),
            "disclose": (cell["value"], cell["fails_audit"]),
            "gap": (gap["actual"]["value"], gap["actual"].get("fails_audit", []))}


def test_printed_figures_by_default_one_value_everywhere_and_the_wrong_print_named_in_each(tmp_path):
    root = packaging(tmp_path)
    got = everywhere(root, 2023, "Scope 1 and location-based", "S1+2-location", "ES-INT12 location",
                     "location-intensity")
    expected = (3_819 + 7_180) / 335.2  # = 32.8132 t CO2e per EUR million
    for command, (value, failing) in got.items():
        assert value == pytest.approx(expected, rel=1e-9), command
        assert any(text.startswith(WRONG_PRINT) for text in failing), command
    text = {"intensity": run("intensity", root, "--numerator", "S1+2-location", "--year", "2023"),
            "report": run("report", root, "--year", "2023"),
            "disclose": run("disclose", root, "--standard", "esrs-e1", "--year", "2023"),
            "gap": run("gap", root, "--year", "2023")}
    for command, shown in text.items():
        flat = " ".join(shown.split())
        assert WRONG_PRINT in flat, command
        assert all(len(line) <= 100 for line in shown.splitlines() if line.startswith("!")), command
    for command in ("intensity", "report", "disclose"):
        assert "the printed one is used (the default: what a reader of the report saw" in " ".join(
            text[command].split()), command


def test_prefer_computed_uses_the_inventory_everywhere(tmp_path):
    root = packaging(tmp_path, "computed")
    totals = inventory_totals(root)
    expected = (totals[(2023, "1", "")] + totals[(2023, "2", "location")]) / 335.2  # (3,819.08 + 7,108.41) / 335.2
    assert expected == pytest.approx(32.5999, abs=5e-5)
    got = everywhere(root, 2023, "Scope 1 and location-based", "S1+2-location", "ES-INT12 location",
                     "location-intensity")
    for command, (value, failing) in got.items():
        assert value == pytest.approx(expected, rel=1e-9), command
        assert failing == [], command  # the wrong print is not used, so nothing it feeds is marked
    report = document("report", root, "--year", "2023")
    assert report["figures_used"].startswith("Where the reports print a figure the activity data also compute, "
                                             "the one computed from the activity data is used ([workspace] prefer")
    headline = {r["item"]: r for r in report["headline"]}
    assert headline["Scope 1"]["previous"] == pytest.approx(totals[(2022, "1", "")], rel=1e-9)
    assert headline["Scope 1"]["value"] == pytest.approx(totals[(2023, "1", "")], rel=1e-9)  # not the printed 3,819
    assert "computed where computed, else printed" in run("report", root, "--year", "2023")


def test_an_all_computed_workspace_has_one_figure_in_scenarios_too():
    totals = inventory_totals(MANUFACTURER)
    revenue_2024 = 3_012.8  # RMB million, reported/company.csv
    expected = (totals[(2024, "1", "")] + totals[(2024, "2", "market")]) / revenue_2024
    got = everywhere(MANUFACTURER, 2024, "Scope 1 and market-based", "S1+2-market", "ES-INT12 market",
                     "intensity-2030")
    for command, (value, failing) in got.items():
        assert value == pytest.approx(expected, rel=1e-9), command
        assert failing == []
    scenario = document("scenario", "run", MANUFACTURER, "bau")  # starts in 2024 from the inventory
    start = scenario["pathways"]["intensity-2030"][0]
    assert start["year"] == 2024 and start["value"] == pytest.approx(expected, rel=1e-9)


def test_check_refuses_a_prefer_that_is_no_choice(tmp_path):
    root = packaging(tmp_path, "newest")
    result = CliRunner().invoke(main, ["check", str(root)])
    assert result.exit_code == 1
    assert ("[workspace] prefer: 'newest' is not a choice of figure: \"printed\" (the figure the reports print, "
            "the default) or \"computed\" (the figure the activity data give), where both exist") in result.output


FLAT = '''[scenario]
name = "flat"
workspace = ".."
start_year = 2023
horizon = 2030
scope2_method = "location"
start_from = "inventory"
'''


def test_a_scenario_from_the_activity_lines_names_the_wrong_print_it_is_set_beside(tmp_path):
    """A scenario starts from its lines (here the inventory: 7,108.41 t location-based Scope 2 in FY2022/23); set
    beside the printed 7,180 it disagrees, and the reconciliation says the print fails the audit."""
    root = packaging(tmp_path)
    (root / "scenarios").mkdir()
    (root / "scenarios" / "flat.toml").write_text(FLAT, encoding="utf-8")
    scenario = document("scenario", "run", root, root / "scenarios" / "flat.toml")
    scope2 = next(r for r in scenario["start"]["reconciliation"] if r["metric"] == "scope2" and not r["segment"])
    assert scope2["workspace"] == 7_180 and scope2["agrees"] is False
    assert scope2["scenario"] == pytest.approx(inventory_totals(root)[(2023, "2", "location")], rel=1e-9)
    assert scope2["fails_audit"][0].startswith(WRONG_PRINT)
    text = " ".join(run("scenario", "run", root, root / "scenarios" / "flat.toml").split())
    assert f"the workspace 7,180.00 (! {WRONG_PRINT}" in text


def test_the_html_report_names_the_wrong_print_beside_the_rows_it_feeds(tmp_path):
    root = packaging(tmp_path)
    run("report", root, "--year", "2023", "--html", tmp_path / "report.html")
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert html.count(f'<strong class="fails">! {WRONG_PRINT}') >= 2  # Scope 2 and Scope 1+2 location-based


def test_a_target_on_scope12_reads_the_printed_total_the_headline_shows(tmp_path):
    """A printed Scope 1+2 (market) of 11,367 t beside printed parts 3,673 + 7,594 = 11,267 t: the printed total is
    the figure (it is what the report's headline prints), marked as failing its parts, in gap as in the report."""
    root = tmp_path / "packaging"
    shutil.copytree(PACKAGING, root)
    with open(root / "reported" / "company.csv", "a", encoding="utf-8") as table:
        table.write('ar-2024,scope12_market,FY2023/24,"11,367",t CO2e,Annual report 2023/24 p. 38,'
                    'fictitious: 100 t above its parts\n')
    target = next(t for t in document("gap", root, "--year", "2024")["targets"] if t["id"] == "scope12-2030")
    assert target["actual"]["value"] == pytest.approx(11_367)
    assert target["actual"]["low"] == pytest.approx(11_366.5) and target["actual"]["high"] == pytest.approx(11_367.5)
    assert "scope12_market FY2023/24" in target["actual"]["fails_audit"][0]
    headline = next(r for r in document("report", root)["headline"] if r["item"] == "Scope 1+2, market-based")
    assert headline["value"] == pytest.approx(target["actual"]["value"])


def test_prefer_computed_keeps_the_scope2_method_the_reports_print_scope12_under(tmp_path):
    """A target on Scope 1+2 that leaves the method open reads it as the reports print Scope 1+2 (here market-based
    only); preferring computed figures drops the printed total from the figures used, but not what the reports
    print: the target reads the inventory's Scope 1 + market-based Scope 2 (it was refused, 'the reports print
    Scope 1+2 under no method')."""
    root = packaging(tmp_path, prefer="computed")
    targets = (root / "targets.toml").read_text(encoding="utf-8")
    (root / "targets.toml").write_text(targets.replace('scope2_method = "market"\n', "", 1), encoding="utf-8")
    with open(root / "reported" / "company.csv", "a", encoding="utf-8") as table:
        table.write("ar-2024,scope12_market,FY2021/22,12000,t CO2e,Annual report 2023/24 p. 35,fictitious\n"
                    "ar-2024,scope12_market,FY2022/23,11500,t CO2e,Annual report 2023/24 p. 35,fictitious\n")
    totals = inventory_totals(root)
    computed = totals[(2023, "1", "")] + totals[(2023, "2", "market")]
    target = next(t for t in document("gap", root, "--year", "2023")["targets"] if t["id"] == "scope12-2030")
    assert target["actual"]["value"] == pytest.approx(computed, rel=1e-9)
    assert "market-based, as the reports print Scope 1+2" in target["actual"]["source"]
