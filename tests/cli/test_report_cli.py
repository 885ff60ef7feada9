"""``ghgcalc report``: the quick start's main job, read end to end on the Xiaomi workspace."""

from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT


def test_report_on_xiaomi_shows_inventory_audit_and_targets():
    result = CliRunner().invoke(main, ["report", str(ROOT / "examples" / "xiaomi")])
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    # inventory by year: 2023 Scope 1 = 3,921.26 + 1,900.75 + 1.97 + 6,428.54 = 12,252.52 t CO2e, as printed
    assert _inventory_row(out, "Scope 1")[-2:] == ["12,252.52", "printed"]
    # 2020 as the 2023 report restates it (66,481.29), against the first report's 31,347.06: +112.08 %
    assert "restated 2020: +112.08 % (esg-2023 against sr-2020)" in out
    # audit: the water identity fails by 523,100.75 + 164,353.00 - 683,906.94 = 3,546.81 t
    assert "[fails] esg-2023 water_withdrawal 2023" in out and "difference 3,546.81" in out
    # targets: 2030 gap = (116,722.56 - 4,244.79 - 18,451.93) - 0.3 x 82,820.16 = 69,179.79 t CO2e
    ghg_2030 = next(line for line in out.splitlines() if line.startswith("ghg-2030 "))
    assert "69,179.79" in ghg_2030 and "off track" in ghg_2030


def _inventory_row(text: str, scope: str) -> list[str]:
    """The cells of one scope's row in the report's inventory by year (the label, then each year, then how)."""
    part = text.split("\n== Inventory")[1].split("\n== ")[0]
    row = next(line for line in part.splitlines() if line.split("  ")[0] == scope)
    return [scope, *row[len(scope):].split()]


def test_report_as_json_and_csv():
    import json

    path = str(ROOT / "examples" / "xiaomi")
    document = json.loads(CliRunner().invoke(main, ["report", path, "--year", "2023", "--format", "json"]).stdout)
    assert document["audit"]["summary"]["fails"] == 4 and document["targets"]["year"] == 2023
    csv = CliRunner().invoke(main, ["report", path, "--year", "2023", "--format", "csv"]).stdout
    assert csv.splitlines()[0] == "section,item,year,value,unit,status"
    assert any(line.startswith("targets,ghg-2030: gap,2023,69179.792,t CO2e,off track") for line in csv.splitlines())


def test_report_fits_100_columns_with_totals_and_says_where_the_html_goes():
    result = CliRunner().invoke(main, ["report", str(ROOT / "examples" / "xiaomi")])
    out = result.stdout
    assert max(len(line) for line in out.splitlines()) <= 100
    # Scope 1+2 total row: 12,252.52 + 104,470.04 = 116,722.56 t CO2e, printed so
    assert _inventory_row(out, "Scope 1+2, as reported")[-2:] == ["116,722.56", "printed"]
    # gap relative to the base: 69,179.79 / 82,820.16 = 83.5 %; to the target level: 69,179.79 / 24,846.05 = 278.4 %
    ghg_2030 = next(line for line in out.splitlines() if line.startswith("ghg-2030 "))
    assert "83.5 %" in ghg_2030 and "278.4 %" in ghg_2030
    words = " ".join(out.replace("\n  ", " ").split())
    assert "gap/base divides it by the base-year figure" in words
    assert "--html report.html" in words


def test_report_writes_html_and_workbook(tmp_path):
    html, xlsx = tmp_path / "r.html", tmp_path / "r.xlsx"
    result = CliRunner().invoke(main, ["report", str(ROOT / "examples" / "xiaomi"), "--html", str(html),
                                       "--xlsx", str(xlsx)])
    assert result.exit_code == 0, result.output
    text = html.read_text(encoding="utf-8")
    assert "<svg" in text and "http://" not in text.replace("http://www.w3.org/2000/svg", "")  # no network
    assert xlsx.stat().st_size > 0


def test_report_wide_shows_every_target_column():
    out = CliRunner().invoke(main, ["report", str(ROOT / "examples" / "xiaomi"), "--wide"]).stdout
    assert "linear/yr" in out and "progress" in out


def test_a_scenario_in_error_is_named_in_the_report_without_hiding_the_rest(tmp_path):
    from ghgcalc.workspace.template import create_workspace

    root = tmp_path / "ws"
    create_workspace(root)
    activity = root / "activity.csv"  # the segment renamed in the data, not in the template's plan
    activity.write_text(activity.read_text(encoding="utf-8").replace("manufacturing", "factory"), encoding="utf-8")
    plan = root / "scenarios" / "plan.toml"  # the efficiency lever no longer optional: a missing segment is an error
    plan.write_text(plan.read_text(encoding="utf-8").replace('type = "efficiency"\noptional = true\n',
                                                             'type = "efficiency"\n'), encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(root), "--html", str(tmp_path / "r.html")])
    assert result.exit_code == 1
    message = ("plan.toml, line 36: lever 'efficiency', applies_to.segment: segment 'manufacturing' has no data: "
               "no line of the starting inventory is in it (segments with lines: factory, new_site, offices)")
    assert result.stderr.strip().splitlines()[-1] == f"Error: {message}"
    assert "== Inventory" in result.stdout and "== Not computed ==" in result.stdout  # the rest is still there
    assert "<h2>Not computed</h2>" in (tmp_path / "r.html").read_text(encoding="utf-8")
