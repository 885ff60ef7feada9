"""``ghgcalc gap``: output formats, exit codes and the exact error text."""

import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from ghgcalc.cli import main

ROOT = Path(__file__).resolve().parents[2]
XIAOMI = ROOT / "examples" / "xiaomi"
TARGETS = XIAOMI / "targets.toml"
FIXTURES = ROOT / "tests" / "fixtures" / "targets"
CONTRACT = ("id", "reading", "year", "actual", "target_level", "pathway_value", "gap", "progress",
            "required_annual_rate", "on_track")


def gap(*args):
    return CliRunner().invoke(main, ["gap", str(XIAOMI), "--targets", str(TARGETS), *args])


def test_table_for_xiaomi_2023_is_off_track():
    result = gap("--year", "2023", "--wide")  # every column
    assert result.exit_code == 3, result.output
    row = next(line for line in result.stdout.splitlines() if line.startswith("ghg-2030 "))
    # base 82,820.16; actual 116,722.56 - 4,244.79 - 18,451.93 = 94,025.84; level 0.30 * 82,820.16 = 24,846.05
    # gap 94,025.84 - 24,846.05 = 69,179.79; 1 - (24,846.05 / 94,025.84) ** (1/7) = 17.3 % a year
    for text in ("82,820.16", "94,025.84", "24,846.05", "69,179.79", "17.3 % cut", "off track"):
        assert text in row
    neutral = next(line for line in result.stdout.splitlines() if line.startswith("neutral-2040 "))
    assert "1,656.40" in neutral  # 0.02 * 82,820.16
    assert "to 30 % of its 2021 level (reduce_to: a 70 % cut)" in result.stdout


def test_json_contract():
    result = gap("--year", "2023", "--format", "json")
    assert result.exit_code == 3
    document = json.loads(result.stdout)
    assert document["year"] == 2023
    targets = {t["id"]: t for t in document["targets"]}
    for record in targets.values():
        assert all(key in record for key in CONTRACT), record["id"]
    ghg = targets["ghg-2030"]
    assert ghg["actual"]["value"] == pytest.approx(116_722.56 - 4_244.79 - 18_451.93)
    assert ghg["actual"]["unit"] == "t CO2e"
    assert (ghg["actual"]["low"], ghg["actual"]["high"]) == pytest.approx((94_025.825, 94_025.855))
    assert ghg["target_level"]["value"] == pytest.approx(0.30 * 82_820.16)
    assert ghg["gap"]["value"] == pytest.approx(94_025.84 - 0.30 * 82_820.16)
    assert ghg["required_annual_rate"] == {
        "value": pytest.approx(100 * (1 - (0.30 * 82_820.16 / 94_025.84) ** (1 / 7))),
        "low": pytest.approx(17.3143723, rel=1e-6), "high": pytest.approx(17.3143775, rel=1e-6),
        "unit": "% per year", "direction": "reduction"}
    assert ghg["on_track"] is False
    assert ghg["ambition"]["meets"] == ["1.5 °C", "well-below 2 °C"]
    share = targets["renewable-electricity-2035"]
    assert share["actual"]["value"] is None  # a bound, not a guess
    assert share["actual"]["low"] == pytest.approx(100 * 371.995 / 191_753.275)
    assert share["gap"]["unit"] == "percentage points"


def test_csv_has_one_row_per_target_with_bounds():
    result = gap("--year", "2023", "--format", "csv")
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert list(frame["id"]) == ["ghg-2030", "neutral-2040", "renewable-electricity-2035", "renewable-energy-2040",
                                 "energy-intensity-2026", "ewaste-2026", "ev-suppliers-2025"]
    ghg = frame.set_index("id").loc["ghg-2030"]
    assert ghg["gap"] == pytest.approx(69_179.792)
    assert ghg["gap_unit"] == "t CO2e"
    assert {"gap_low", "gap_high", "required_annual_rate_unit", "status"} <= set(frame.columns)


def test_markdown():
    result = gap("--year", "2023", "--format", "markdown")
    assert result.stdout.startswith("**Xiaomi Corporation: progress towards targets in 2023**")
    assert "| ghg-2030 |" in result.stdout


def test_one_target_on_track_exits_0():
    result = gap("--year", "2023", "--target", "ewaste-2026")
    assert result.exit_code == 0, result.output
    assert "on track" in result.stdout and "ghg-2030" not in result.stdout


def test_year_defaults_to_the_latest_with_figures():
    result = gap("--target", "ghg-2030", "--format", "json")
    assert json.loads(result.stdout)["year"] == 2023


def test_unknown_target_id():
    result = gap("--target", "ghg-2031")
    assert result.exit_code == 1
    assert result.stderr == ("Error: targets.toml: no target 'ghg-2031'; did you mean 'ghg-2030'?; targets are "
                             "ghg-2030, neutral-2040, renewable-electricity-2035, renewable-energy-2040, "
                             "energy-intensity-2026, ewaste-2026, ev-suppliers-2025\n")


@pytest.mark.parametrize("fixture, message", [
    ("unknown-metric.toml",
     "Error: unknown-metric.toml, line 4: target 'ghg-2030', metric: 'scope13' is not a known metric (known: "
     "ghgcalc's metrics.csv and any declared under [metrics]); did you mean 'scope123'?"),
    ("target-year-before-base-year.toml",
     "Error: target-year-before-base-year.toml, line 6: target 'ghg-2030', target_year: 2019 is before base_year "
     "2021; the target year must come after the base year"),
    ("share-above-100-percent.toml",
     "Error: share-above-100-percent.toml, line 8: target 'renewable-2035', target_share: '120 %' is above 100 %; "
     "a share lies between 0 % and 100 %"),
    ("boundary-segment-without-data.toml",
     "Error: boundary-segment-without-data.toml, line 11: target 'ghg-2030', boundary.exclude: segment "
     "'ev_factroy' has no figures for scope12 (segments with figures: ev_factory); did you mean 'ev_factory'?"),
    ("both-reduce-to-and-reduce-by.toml",
     "Error: both-reduce-to-and-reduce-by.toml, line 8: target 'ghg-2030', reduce_by: give either reduce_to or "
     "reduce_by, not both: reduce_to = '30 %' keeps that share of the base, reduce_by = '70 %' removes that share"),
    ("level-without-unit.toml",
     "Error: level-without-unit.toml, line 7: target 'ghg-2030', reduce_to: 30 has no unit; write a string such "
     "as '30 %' or '24,846 t CO2e'"),
    ("share-of-a-printed-share-over-two-segments.toml",
     "Error: share-of-a-printed-share-over-two-segments.toml, line 8: target 'suppliers-2025', boundary: a printed "
     "share does not add up over segments: include the one segment it is printed for, or give numerator and "
     "denominator, which do"),
    ("share-target-on-a-metric-not-a-share.toml",
     "Error: share-target-on-a-metric-not-a-share.toml, line 4: target 'suppliers-2025', metric: "
     "suppliers_with_targets is in supplier, not a share; a share target names a metric in percent, or a numerator "
     "and a denominator"),
])
def test_bad_target_files(fixture, message):
    result = CliRunner().invoke(main, ["gap", str(XIAOMI), "--targets", str(FIXTURES / fixture), "--year", "2023"])
    assert result.exit_code == 1
    assert result.stderr == message + "\n"
    assert result.stdout == ""


def test_workspace_without_a_targets_file(tmp_path):
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\nname = "Empty"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["gap", str(tmp_path)])
    assert result.exit_code == 1
    assert result.stderr == ('Error: Empty: the workspace names no targets file; add targets = "targets.toml" '
                             'under [data] in ghgcalc.toml, or pass --targets FILE\n')


def test_plot_needs_png_or_svg(tmp_path):
    result = gap("--plot", str(tmp_path / "chart.pdf"))
    assert result.exit_code == 2
    assert "the plot file must end in .png or .svg" in result.stderr


def test_plot_renders_a_png(tmp_path):
    chart = tmp_path / "gap.png"
    result = gap("--year", "2023", "--plot", str(chart))
    assert result.exit_code == 3
    assert chart.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_matplotlib_is_not_imported_without_plot():
    code = ("import sys\nfrom ghgcalc.targets.gap import track_workspace\n"
            f"report = track_workspace({str(XIAOMI)!r}, year=2023, targets_file={str(TARGETS)!r})\n"
            "from ghgcalc.outputs.target_text import gap_table\ngap_table(report)\n"
            "print('matplotlib' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_docs_transcript_matches_the_command():
    """The transcript in docs/targets.md is this command's real output."""
    text = (ROOT / "docs" / "targets.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ ghgcalc gap examples/xiaomi --targets examples/xiaomi/targets.toml "
                      r"--year 2023\n(.*?)```", text, re.S)
    assert block, "docs/targets.md lost its transcript"
    result = gap("--year", "2023")
    assert block.group(1).rstrip("\n") == result.stdout.rstrip("\n")


def test_docs_supplier_transcript_matches_the_command():
    """The supplier target's transcript in docs/targets.md is this command's real output."""
    text = (ROOT / "docs" / "targets.md").read_text(encoding="utf-8")
    block = re.search(r"```console\n\$ ghgcalc gap examples/xiaomi --year 2024 --target ev-suppliers-2025\n(.*?)```",
                      text, re.S)
    assert block, "docs/targets.md lost its supplier transcript"
    result = CliRunner().invoke(main, ["gap", str(XIAOMI), "--year", "2024", "--target", "ev-suppliers-2025"])
    assert result.exit_code == 0
    assert block.group(1).rstrip("\n") == result.stdout.rstrip("\n")


def test_strict_turns_an_unknown_verdict_into_exit_3(tmp_path):
    (tmp_path / "reported.csv").write_text("vintage,metric,year,value,unit\nr,scope12,2020,1000,t CO2e\n",
                                           encoding="utf-8")
    (tmp_path / "targets.toml").write_text('[targets.a]\ntype = "absolute"\nmetric = "scope12"\nbase_year = 2020\n'
                                           'target_year = 2030\nreduce_to = "50 %"\n', encoding="utf-8")
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\nname = "Small"\n[data]\nreported = ["reported.csv"]\n'
                                           'targets = "targets.toml"\n', encoding="utf-8")
    relaxed = CliRunner().invoke(main, ["gap", str(tmp_path), "--year", "2021"])
    strict = CliRunner().invoke(main, ["gap", str(tmp_path), "--year", "2021", "--strict"])
    assert (relaxed.exit_code, strict.exit_code) == (0, 3)
    assert "no data" in relaxed.stdout
    assert "no figure for scope12 2021" in relaxed.stdout


def test_a_printed_only_workspace_tracks_a_target_built_from_printed_parts():
    """examples/lenovo prints Scope 1 and market-based Scope 2, not their sum; the target year is found anyway."""
    from tests.conftest import ROOT

    result = CliRunner().invoke(main, ["gap", str(ROOT / "examples" / "lenovo"), "--format", "json"])
    assert result.exit_code == 3, result.output  # off track
    document = json.loads(result.stdout)
    (target,) = document["targets"]
    assert target["year"] == 2020  # FY2019/20, the latest year with both parts printed
    assert target["base"]["as_set"]["value"] == pytest.approx(6_031 + 26_029)  # FY2018/19: 32,060 t
    assert target["actual"]["value"] == pytest.approx(7_766 + 23_852)  # FY2019/20: 31,618 t
    # a straight line from 32,060 t (2019) to half of it (2030): 32,060 - 16,030 / 11 = 30,602.73 t in 2020
    assert target["pathway_value"]["value"] == pytest.approx(32_060 - 16_030 / 11)


AS_REPORTED_ACTIVITY = ("year,activity,quantity,unit,region,segment,site,gas,instrument,factor_value,factor_unit\n"
                        "2023,natural_gas.stationary,10000,m3,CN,plant,A,,,2.0,kg CO2e / m3\n"
                        "2023,electricity.grid,1200,MWh,CN-JS,plant,A,,,,\n"
                        "2023,electricity.grid,200,MWh,CN-GD,offices,B,,supplier,0.45,kg CO2e / kWh\n")
AS_REPORTED_TARGET = ('[targets.intensity-2030]\ntype = "intensity"\nquote = "Halve Scope 1+2 per revenue."\n'
                      'source = "test"\nmetric = "ghg_per_revenue"\nbase_year = 2023\ntarget_year = 2030\n'
                      'reduce_by = "50 %"\n')


def _as_reported_workspace(root: Path, printed: str) -> Path:
    root.mkdir(parents=True)
    (root / "activity.csv").write_text(AS_REPORTED_ACTIVITY, encoding="utf-8")
    (root / "reported.csv").write_text("vintage,metric,year,value,unit\nr,revenue,2023,100.0,RMB million\n"
                                       "r,revenue,2024,100.0,RMB million\n" + printed, encoding="utf-8")
    (root / "targets.toml").write_text(AS_REPORTED_TARGET, encoding="utf-8")
    (root / "ghgcalc.toml").write_text('[workspace]\nname = "t"\ngwp_set = "AR6GWP100"\nfallback = '
                                       '["latest_earlier_year"]\n[data]\nactivity = ["activity.csv"]\nreported = '
                                       '["reported.csv"]\ntargets = "targets.toml"\n', encoding="utf-8")
    return root


def test_a_target_without_scope2_method_reads_the_inventory_under_the_method_the_reports_print(tmp_path):
    # The reports print Scope 1+2 market-based (2024: 700.0 t), so "as reported" is market-based. The 2023 base
    # from the inventory: Scope 1 10,000 m3 x 2.0 kg = 20 t; Scope 2 market 1,200 MWh x 0.5978 t (Jiangsu 2022,
    # the latest earlier year) + 200 MWh x 0.45 t (the supplier's) = 807.36 t; (20 + 807.36) / 100 = 8.2736
    # t CO2e per RMB million (location-based would be (20 + 717.36 + 200 x 0.4403) / 100 = 8.2542).
    root = _as_reported_workspace(tmp_path / "ws", "r,scope12_market,2024,700.0,t CO2e\n")
    result = CliRunner().invoke(main, ["gap", str(root), "--year", "2024", "--format", "json"])
    assert result.exit_code in (0, 3), result.output
    [target] = json.loads(result.stdout)["targets"]
    assert target["base"]["as_set"]["value"] == pytest.approx((20 + 1200 * 0.5978 + 200 * 0.45) / 100)
    assert "Scope 2 market-based as the reports print Scope 1+2" in target["base"]["source"]


def test_a_target_without_scope2_method_where_the_reports_print_no_method_is_named(tmp_path):
    root = _as_reported_workspace(tmp_path / "ws", "r,scope1,2024,20.0,t CO2e\n")
    message = ("targets.toml, line 1: target intensity-2030: the inventory holds Scope 2 by several methods "
               "(location, market) for 2023 and the reports print Scope 1+2 under no method; set scope2_method")
    result = CliRunner().invoke(main, ["gap", str(root), "--year", "2024"])
    assert result.exit_code == 1 and message in result.stderr
    checked = CliRunner().invoke(main, ["check", str(root)])
    assert checked.exit_code == 1 and message in checked.stderr
    report = CliRunner().invoke(main, ["report", str(root)])  # the rest of the report stands; the target is listed
    assert "== Inventory" in report.stdout and "== Not computed ==" in report.stdout
    assert report.exit_code == 1 and message in report.stderr


def test_a_computed_figure_reads_in_gap_as_the_inventory_prints_it(tmp_path):
    # 377,999.6 m3 x 2.0 kg CO2e / m3 = 755.9992 t: the inventory prints 756.00, and so must gap's source
    root = tmp_path / "ws"
    root.mkdir()
    (root / "activity.csv").write_text("year,activity,quantity,unit,region,factor_value,factor_unit\n"
                                       "2023,natural_gas.stationary,377999.6,m3,CN,2.0,kg CO2e / m3\n"
                                       "2024,natural_gas.stationary,377999.6,m3,CN,2.0,kg CO2e / m3\n", encoding="utf-8")
    (root / "targets.toml").write_text('[targets.s1]\ntype = "absolute"\nmetric = "scope1"\nbase_year = 2023\n'
                                       'target_year = 2030\nreduce_by = "50 %"\n', encoding="utf-8")
    (root / "ghgcalc.toml").write_text('[workspace]\nname = "t"\ngwp_set = "AR6GWP100"\n[data]\nactivity = ["activity.csv"]\n'
                                       'targets = "targets.toml"\n', encoding="utf-8")
    inventory = CliRunner().invoke(main, ["inventory", str(root)])
    assert "756.00" in inventory.stdout
    result = CliRunner().invoke(main, ["gap", str(root), "--year", "2024", "--format", "json"])
    [target] = json.loads(result.stdout)["targets"]
    assert target["actual"]["source"].endswith(": 756.00 t CO2e"), target["actual"]["source"]
