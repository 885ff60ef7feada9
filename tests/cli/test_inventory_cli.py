"""The inventory command: exit codes, the summary line and the exact error text."""

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import FIXTURES, ROOT

BAD = FIXTURES / "activity"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("fixture, lines, summary", [
    ("unknown-unit.csv", ["Error: unknown-unit.csv, row 3, column unit: 'kwh' is not a unit; did you mean 'kWh'?"],
     "rows in: 2, computed: 1, rejected: 1"),
    ("wrong-dimension.csv", ["Error: wrong-dimension.csv, row 3, column unit: 'kg CO2' (mass of CO2) cannot be used for "
                             "natural_gas.stationary: its factors are per TJ, and no ncv or density property connects them"],
     "rows in: 2, computed: 1, rejected: 1"),
    ("not-a-number.csv", ["Error: not-a-number.csv, row 2, column quantity: '1000 MWh': expected a number (digits, "
                          "thousands separators and a decimal mark; no units)",
                          "Error: not-a-number.csv, row 3, column quantity: 'lots': expected a number (digits, "
                          "thousands separators and a decimal mark; no units)"],
     "rows in: 2, computed: 0, rejected: 2"),
    ("negative-quantity.csv", ["Error: negative-quantity.csv, row 2, column quantity: '-5': a negative quantity is not allowed for this activity"],
     "rows in: 1, computed: 0, rejected: 1"),
    ("unknown-activity.csv", ["Error: unknown-activity.csv, row 2, column activity: 'electricity.grd': unknown activity; did you mean 'electricity.grid'?"],
     "rows in: 1, computed: 0, rejected: 1"),
    ("missing-factor.csv", ["Error: missing-factor.csv, row 2, column activity: no emission factor for electricity.grid in region 'CN-BJ', "
                            "year 2019 (fallback rules in force: none); CN-BJ has factors for 2021, 2022, all later, and "
                            "no fallback rule takes a later year's factor (latest_earlier_year takes earlier ones): add "
                            "one for this year in your own dataset ([data] factors; README, 'Your own emission factors')"],
     "rows in: 2, computed: 1, rejected: 1"),
])
def test_bad_rows_are_listed_counted_and_exit_1(fixture, lines, summary):
    result = run("inventory", BAD / fixture, "--gwp", "AR5GWP100")
    assert result.exit_code == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    assert errors == lines
    assert result.stderr.splitlines()[-1] == summary


def test_missing_column_is_one_line_and_exit_1():
    result = run("inventory", BAD / "missing-column.csv", "--gwp", "AR5GWP100")
    assert result.exit_code == 1
    assert result.stderr == "Error: missing-column.csv, column quantity: missing column 'quantity' (columns present: year, activity, amount, unit)\n"


def test_no_gwp_set_is_an_error_not_a_default():
    result = run("inventory", BAD / "good.csv")
    assert result.exit_code == 1
    assert "no GWP set named" in result.stderr


def test_unknown_gwp_set_suggests():
    result = run("inventory", BAD / "good.csv", "--gwp", "AR5GWP10")
    assert result.exit_code == 1
    assert "did you mean 'AR5GWP100'?" in result.stderr


def test_json_contract(tmp_path):
    result = run("inventory", BAD / "good.csv", "--gwp", "AR5GWP100", "--format", "json", "--by", "year,scope,scope2_method,gas")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["gwp_set"] == "AR5GWP100"
    assert doc["summary"] == {"rows_in": 4, "rows_computed": 4, "rows_rejected": 0}
    hfc = [r for r in doc["rows"] if r["gas"] == "HFC134a"]
    # 50 kg = 0.05 t HFC-134a; x 1,300 (AR5) = 65 t CO2e
    assert hfc == [{"year": 2023, "scope": "1", "scope2_method": "", "gas": "HFC134a", "value": pytest.approx(0.05),
                    "unit": "t HFC134a", "co2e": pytest.approx(65.0), "co2e_unit": "t CO2e", "gwp_set": "AR5GWP100"}]
    manifest = doc["manifest"]
    assert manifest["inputs"][0]["file"] == "good.csv" and len(manifest["inputs"][0]["sha256"]) == 64
    assert {d["id"] for d in manifest["factor_datasets"]} >= {"mee-nbs-electricity", "gwp-ipcc", "ipcc-2006-stationary"}


def test_manifest_makes_reruns_byte_identical(tmp_path):
    first, second = tmp_path / "a.json", tmp_path / "b.json"
    run("inventory", BAD / "good.csv", "--gwp", "AR5GWP100", "--manifest", first, "--lines", tmp_path / "a.csv")
    run("inventory", BAD / "good.csv", "--gwp", "AR5GWP100", "--manifest", second, "--lines", tmp_path / "b.csv")
    assert first.read_bytes() == second.read_bytes()
    assert (tmp_path / "a.csv").read_bytes() == (tmp_path / "b.csv").read_bytes()


def test_xiaomi_workspace_totals():
    result = run("inventory", ROOT / "examples" / "xiaomi", "--format", "csv", "--by", "year,scope")
    assert result.exit_code == 0, result.stderr
    rows = {tuple(line.split(",")[:2]): float(line.split(",")[2]) for line in result.stdout.splitlines()[1:]}
    # 2023 Scope 1 = CO2 3,921.26 + CH4 1,900.75 + N2O 1.97 + HFCs 6,428.54 = 12,252.52 (as printed)
    assert rows[("2023", "1")] == pytest.approx(12_252.52)
    assert rows[("2023", "2")] == pytest.approx(104_470.04)
    assert rows[("2021", "3")] == pytest.approx(12_368_223.29)


def test_explain_shows_factor_and_source():
    result = run("explain", BAD / "good.csv", "--gwp", "AR5GWP100", "--year", "2023", "--scope", "2", "--method", "location")
    assert result.exit_code == 0, result.stderr
    # (1,000 + 500) MWh x 0.5306 t CO2/MWh = 795.9 t CO2e
    assert result.stdout.splitlines()[0] == "year=2023, scope=2, scope2_method=location: 795.90 t CO2e (GWP set AR5GWP100) from 2 lines"
    assert "mee-nbs-electricity/electricity.grid/CN/2023/CO2 = 0.5306 kg CO2 / kWh" in result.stdout


def test_totals_by_year_alone_do_not_count_scope2_twice():
    # good.csv: Scope 1 86.86 t, Scope 2 795.90 t location-based and 609.60 t market-based (README worked example);
    # a total by year alone would be 86.86 + 795.90 + 609.60 = 1,492.36 t, Scope 2 counted under both methods
    refused = run("inventory", BAD / "good.csv", "--gwp", "AR5GWP100", "--by", "year")
    assert refused.exit_code == 1
    assert ("grouping by year without scope2_method would add location- and market-based Scope 2 together"
            in refused.stderr)
    assert "--by year,scope2_method" in refused.stderr
    split = run("inventory", BAD / "good.csv", "--gwp", "AR5GWP100", "--by", "year,scope2_method", "--format", "json")
    values = {r["scope2_method"]: r["value"] for r in json.loads(split.stdout)["rows"]}
    assert values == pytest.approx({"": 86.86, "location": 795.90, "market": 609.60}, abs=0.005)


def test_a_fiscal_year_label_in_an_activity_table_is_the_year_it_ends_in(tmp_path):
    table = tmp_path / "fy.csv"
    table.write_text("year,activity,quantity,unit,region\nFY2023/24,electricity.grid,100,MWh,GB\n"
                     "2024,electricity.grid,100,MWh,GB\n", encoding="utf-8")
    result = run("inventory", table, "--gwp", "AR6GWP100", "--by", "year,scope2_method", "--format", "json")
    assert result.exit_code == 0, result.output
    assert {r["year"] for r in json.loads(result.stdout)["rows"]} == {2024}  # both rows: one year


def test_a_fiscal_year_label_whose_years_do_not_follow_is_refused(tmp_path):
    table = tmp_path / "fy.csv"
    table.write_text("year,activity,quantity,unit,region\nFY2023/25,electricity.grid,100,MWh,GB\n", encoding="utf-8")
    result = run("inventory", table, "--gwp", "AR6GWP100")
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "Error: fy.csv, row 2, column year: 'FY2023/25': expected a year such as 2023 (from 1900 to 2100) or a fiscal "
        "year as printed (FY2017/18, counted as 2018: the second year follows the first)")


def test_explain_shows_an_instrument_line_without_an_empty_factor():
    # good.csv row 3: 500 MWh under green electricity certificates, zero in market-based
    result = run("explain", BAD / "good.csv", "--gwp", "AR5GWP100", "--year", "2023", "--scope", "2", "--method", "market")
    assert result.exit_code == 0, result.output
    assert "    factor instrument:GEC\n" in result.stdout and "=  ()" not in result.stdout


def test_the_manifest_names_the_workspace_given_as_dot(monkeypatch):
    monkeypatch.chdir(ROOT / "examples" / "manufacturer")
    result = run("inventory", ".", "--format", "json")
    assert json.loads(result.stdout)["manifest"]["arguments"]["path"] == "manufacturer"  # was ""


def test_explain_is_a_result_object_the_json_and_text_are_made_from():
    from ghgcalc.outputs.explain_text import explanation_lines
    from ghgcalc.workspace.explain import explain_figure
    from ghgcalc.workspace.pipeline import inventory_for_workspace, locate_workspace

    explanation = explain_figure(inventory_for_workspace(locate_workspace(BAD / "good.csv", gwp_set="AR5GWP100")),
                                 year=2023, scope="2", scope2_method="location", gas=None)
    # (1,000 + 500) MWh x 0.5306 t CO2/MWh = 795.9 t CO2e, from two lines
    assert explanation.total_co2e == pytest.approx(795.9)
    assert len(explanation.to_frame()) == 2
    document = explanation.to_dict()
    assert (document["filters"], document["unit"], len(document["lines"])) == (
        {"year": 2023, "scope": "2", "scope2_method": "location"}, "t CO2e", 2)
    cli = run("explain", BAD / "good.csv", "--gwp", "AR5GWP100", "--year", "2023", "--scope", "2", "--method",
              "location", "--format", "json")
    assert json.loads(cli.stdout)["total_co2e"] == pytest.approx(document["total_co2e"])
    assert explanation_lines(explanation)[0].endswith("795.90 t CO2e (GWP set AR5GWP100) from 2 lines")


def test_explain_prints_the_figure_as_the_inventory_prints_it():
    """Scope 1 of the manufacturer in 2023, explained and in the inventory table: one printed value (the lines keep
    six significant digits, so their arithmetic can be followed)."""
    inventory = json.loads(CliRunner().invoke(main, ["inventory", str(ROOT / "examples" / "manufacturer"), "--by",
                                                     "year,scope,scope2_method", "--format", "json"]).stdout)["rows"]
    [scope1] = [r["value"] for r in inventory if r["year"] == 2023 and r["scope"] == "1"]
    table = CliRunner().invoke(main, ["inventory", str(ROOT / "examples" / "manufacturer"), "--by", "year,scope,scope2_method"]).stdout
    explained = CliRunner().invoke(main, ["explain", str(ROOT / "examples" / "manufacturer"), "--year", "2023",
                                          "--scope", "1"]).stdout
    printed = f"{scope1:,.2f}"
    assert any(line.split()[:2] == ["2023", "1"] and line.split()[-1] == printed for line in table.splitlines())
    assert explained.startswith(f"year=2023, scope=1: {printed} t CO2e")
