"""``ghgcalc scenario``: output formats, charts, exit codes, the exact error text, and the docs' transcripts."""

import io
import json
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from ghgcalc.cli import main

ROOT = Path(__file__).resolve().parents[2]
XIAOMI = ROOT / "examples" / "xiaomi"
PLAN = ROOT / "scenarios" / "xiaomi-plan.toml"
BAU = ROOT / "scenarios" / "xiaomi-bau.toml"
UNCERTAIN = ROOT / "scenarios" / "xiaomi-plan-uncertain.toml"
FIXTURES = ROOT / "tests" / "fixtures" / "scenarios"
DOC = ROOT / "docs" / "scenarios.md"


def scenario(*args):
    return CliRunner().invoke(main, ["scenario", *map(str, args)])


@pytest.fixture(scope="module")
def plan_json():
    result = scenario("run", XIAOMI, PLAN, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


# --- errors ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("fixture, message", [
    ("unknown-lever.toml", "Error: unknown-lever.toml, line 18: lever 'panels', type: 'solar_panels' is not a lever "
                           "type; types are growth, efficiency, renewable, grid, electrification, fugitive, "
                           "new_business, neutralisation"),
    ("lever-type-not-text.toml", "Error: lever-type-not-text.toml, line 18: lever 'panels', type: ['renewable'] is not "
                                 "a lever type; types are growth, efficiency, renewable, grid, electrification, fugitive, "
                                 "new_business, neutralisation"),
    ("negative-share.toml", "Error: negative-share.toml, line 20: lever 'green-power', share.2030: '-10 %' is below "
                            "0 %; a share lies between 0 % and 100 %"),
    ("impossible-distribution.toml", "Error: impossible-distribution.toml, line 19: lever 'grid', rate: a triangular "
                                     "distribution needs low <= mode <= high and low < high, not low = '-1 %', "
                                     "mode = '-2 %', high = '-3 %'"),
    ("horizon-before-start.toml", "Error: horizon-before-start.toml, line 5: scenario.horizon: 2020 is before "
                                  "start_year 2023; the horizon is the last year projected and comes after the "
                                  "start year"),
    ("horizon-beyond-2100.toml", "Error: horizon-beyond-2100.toml, line 5: scenario.horizon: 1000000000 is not a "
                                 "year between 1900 and 2100"),
    ("segment-without-data.toml", "Error: segment-without-data.toml, line 19: lever 'factory-efficiency', "
                                  "applies_to.segment: segment 'ev_factroy' has no data: no line of the starting "
                                  "inventory is in it (segments with lines: main)"),
    ("line-without-source.toml", "Error: line-without-source.toml, line 8: line 'group-electricity', say where this "
                                 "line comes from: source = '...' (the sentence it encodes) or assumption = '...' "
                                 "(how it was split from a reported total)"),
])
def test_bad_scenario_files_name_the_file_and_the_line(fixture, message):
    result = scenario("run", XIAOMI, FIXTURES / fixture)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [message]
    assert result.stdout == ""


def test_draws_beyond_memory_are_refused_before_anything_is_allocated():
    # a run keeps the draws of its 10 uncertain parameters (3 revenue growth rates, an elasticity, 2 EV growth
    # rates, the 2035 renewable share, the grid, office efficiency and refrigerant rates), 8 bytes each:
    # 80 bytes a draw; 10**12 draws would need 8 x 10**13 bytes = 72.8 TiB, and 2 GiB holds 2**31 // 80 draws
    result = scenario("run", XIAOMI, UNCERTAIN, "--draws", str(10**12))
    assert result.exit_code == 1
    message = result.stderr.strip()
    assert "1,000,000,000,000 draws of 28 years would need 72.8 TiB" in message and "(80 bytes a draw)" in message
    assert f"at most {2**31 // 80:,} draws fit in the 2.0 GiB" in message, message


def test_unknown_lever_and_target_in_seek():
    result = scenario("seek", XIAOMI, PLAN, "--lever", "renewables", "--target", "ghg-2030")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: xiaomi-plan.toml: no lever 'renewables'; did you mean 'renewable-ramp'?; levers are main-growth, ev-growth, green-power-2025, "
        "renewable-ramp, solar-onsite, grid-decarbonisation, office-efficiency, factory-efficiency, "
        "electrify-main-fuel, refrigerant-management, credits-2040"]
    result = scenario("seek", XIAOMI, PLAN, "--lever", "renewable-ramp", "--parameter", "share.2030",
                      "--target", "ghg-2031")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: targets.toml: no target 'ghg-2031'; did you mean 'ghg-2030'?")


def test_a_shipped_scenario_by_name():
    by_name = scenario("run", XIAOMI, "xiaomi-bau", "--format", "csv")
    by_file = scenario("run", XIAOMI, BAU, "--format", "csv")
    assert by_name.exit_code == 0 and by_name.stdout == by_file.stdout
    missing = scenario("run", XIAOMI, "xiaomi-pln")
    assert missing.exit_code == 1
    assert missing.stderr.splitlines() == [
        "Error: xiaomi-pln: no such scenario file, and no shipped scenario of that name; did you mean 'xiaomi-plan'? "
        "(shipped: xiaomi-bau, xiaomi-plan, xiaomi-plan-uncertain)"]


def test_markdown_and_an_empty_cost_view():
    markdown = scenario("run", XIAOMI, BAU, "--format", "markdown")
    assert markdown.stdout.startswith("**targets**\n\n| target | unit |")
    assert "| 2030 | " in markdown.stdout and "2030.0" not in markdown.stdout
    costs = scenario("run", XIAOMI, BAU, "--format", "csv", "--view", "costs")
    assert costs.stdout == ("lever,type,neutralises,abated_t,abated_discounted_t,capex,opex,purchases,savings,npv,"
                            "cost_per_t\n")


def test_notes_say_what_is_not_projected_and_where_the_start_differs_from_the_workspace():
    # the fixture's one line holds all of Scope 2 but no Scope 1, and no EV-factory segment
    result = scenario("run", XIAOMI, FIXTURES / "start-without-scope1.toml")
    assert result.exit_code == 0, result.output
    # each note on one line again: a continuation is indented under its note
    notes = [" ".join(n.split()) for n in re.split(r"\n(?=\S)", result.stdout) if n.startswith("note: ")]
    assert "note: ghg-2030: not projected: its boundary names segment 'ev_factory', which has no lines in the " \
           "scenario (segments: main)" in notes
    assert "note: start scope1 whole: lines give 0.00, the workspace 12,252.52" in notes
    assert not any("scope2 whole" in n for n in notes)  # 104,470.04 t, as printed


def test_xlsx_needs_an_output_file():
    result = scenario("run", XIAOMI, PLAN, "--format", "xlsx")
    assert result.exit_code == 2
    assert "--format xlsx writes a workbook: give --output FILE.xlsx" in result.output


# --- outputs ---------------------------------------------------------------------------------------

def test_json_contract(plan_json):
    assert set(plan_json) == {"scenario", "targets", "years", "pathways", "levers", "costs", "start", "notes"}
    assert plan_json["scenario"]["draws"] == 1 and plan_json["scenario"]["uncertain"] is False
    targets = {t["id"]: t for t in plan_json["targets"]}
    ghg = targets["ghg-2030"]
    assert ghg["level"]["value"] == pytest.approx(0.30 * 82_820.16)
    assert ghg["base"]["value"] == 82_820.16
    assert ghg["in_target_year"]["gap"]["value"] == pytest.approx(ghg["in_target_year"]["projected"]["value"]
                                                                  - 0.30 * 82_820.16)
    assert (ghg["status"], ghg["first_year_met"]) == ("missed", 2034)
    assert targets["ewaste-2026"]["projected"] is False and targets["ewaste-2026"]["status"] == "not projected"
    first = plan_json["years"][0]
    assert first["year"] == 2023 and first["scope12"]["value"] == pytest.approx(116_722.56)
    assert first["segments"]["ev_factory"]["value"] == pytest.approx(4_244.79 + 18_451.93)
    levers = plan_json["levers"]["figures"]["ghg-2030"]
    assert sum(levers["levers"].values()) == pytest.approx(levers["total_change"])
    assert plan_json["levers"]["method"].startswith("Shapley values over levers")
    assert [p["year"] for p in plan_json["pathways"]["ghg-2030"]][:2] == [2023, 2024]
    # the straight pathway from 82,820.16 (2021) to 24,846.048 (2030) passes 2023 at 82,820.16 - 2/9 x 57,974.112
    assert plan_json["pathways"]["ghg-2030"][0]["pathway"] == pytest.approx(82_820.16 - 2 / 9 * 57_974.112)
    costs = {c["lever"]: c for c in plan_json["costs"]["levers"]}
    assert costs["credits-2040"]["cost_per_t"] == pytest.approx(80.0)  # price per t neutralised, levelised
    assert plan_json["start"]["reconciliation"][0] == {
        "metric": "scope1", "segment": "", "scenario": 12_252.52, "workspace": 12_252.52, "agrees": True,
        "source": "esg-2023 12,252.52 t CO2e"}


def test_csv_views():
    result = scenario("run", XIAOMI, PLAN, "--format", "csv")
    frame = pd.read_csv(io.StringIO(result.stdout))
    assert list(frame["target"]) == ["ghg-2030", "neutral-2040", "renewable-electricity-2035",
                                     "renewable-energy-2040", "energy-intensity-2026", "ewaste-2026",
                                     "ev-suppliers-2025"]
    years = pd.read_csv(io.StringIO(scenario("run", XIAOMI, PLAN, "--format", "csv", "--view", "years").stdout))
    assert list(years["year"]) == list(range(2023, 2051))
    assert years.loc[0, "scope12"] == pytest.approx(116_722.56)


def test_xlsx_has_one_sheet_per_view_and_unit(tmp_path):
    from openpyxl import load_workbook

    out = tmp_path / "plan.xlsx"
    result = scenario("run", XIAOMI, PLAN, "--format", "xlsx", "--output", out)
    assert result.exit_code == 0, result.output
    # the targets (and their pathways) are in t CO2e, %, kWh per 10,000 RMB and t: a sheet for each unit, named by
    # what the unit measures (the unit is in the header cells)
    sheets = ["targets, emissions", "targets, shares", "targets, intensities", "targets, mass", "years",
              "pathways, emissions", "pathways, shares", "pathways, intensities", "levers", "costs", "start"]
    assert " ".join(result.stdout.split()) == f"wrote plan.xlsx: sheets {', '.join(repr(s) for s in sheets)}"  # wrapped to 100; quoted: names hold commas
    assert all(len(line) <= 100 for line in result.stdout.splitlines())
    assert load_workbook(out).sheetnames == sheets


def test_charts(tmp_path):
    files = [tmp_path / "trajectory.png", tmp_path / "waterfall.svg", tmp_path / "macc.png"]
    result = scenario("run", XIAOMI, PLAN, "--view", "targets", "--plot", files[0], "--waterfall", files[1],
                      "--target", "ghg-2030", "--cost-curve", files[2])
    assert result.exit_code == 0, result.output
    assert files[0].read_bytes()[:4] == b"\x89PNG" and files[2].read_bytes()[:4] == b"\x89PNG"
    assert b"<svg" in files[1].read_bytes()[:500]
    bad = scenario("run", XIAOMI, PLAN, "--plot", tmp_path / "chart.pdf")
    assert bad.exit_code == 2 and "the chart file must end in .png or .svg" in bad.output


def test_uncertain_run_shows_percentiles_and_probabilities_and_no_progress_bar_off_a_terminal():
    result = scenario("run", XIAOMI, UNCERTAIN, "--view", "targets", "--draws", "300", "--wide")
    assert result.exit_code == 0, result.output
    assert "300 draws (seed 2023), median [5th to 95th percentile]" in " ".join(result.stdout.split())
    assert "P(met)" in result.stdout and "projecting draws" not in result.output


def test_compare_json_and_plot(tmp_path):
    chart = tmp_path / "compare.svg"
    result = scenario("compare", XIAOMI, BAU, PLAN, "--format", "json", "--plot", chart)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert [d["scenario"]["name"] for d in document["scenarios"]] == ["Xiaomi: business as usual",
                                                                      "Xiaomi: stated plan"]
    assert chart.exists()


def test_seek_exit_codes():
    found = scenario("seek", XIAOMI, PLAN, "--lever", "renewable-ramp", "--parameter", "share.2030",
                     "--target", "ghg-2030", "--format", "json")
    assert found.exit_code == 0
    document = json.loads(found.stdout)
    assert document["found"] is True and document["direction"] == "at least" and document["unit"] == "%"
    assert 0 < document["number"] < 100
    none = scenario("seek", XIAOMI, PLAN, "--lever", "renewable-ramp", "--parameter", "share.2035",
                    "--target", "neutral-2040")
    assert none.exit_code == 3
    assert none.stdout.startswith("lever 'renewable-ramp', share.2035: no value from 0 % to 100 % meets "
                                  "neutral-2040 in 2040")
    # the 2030 share does not reach 2040 (the 2035 share holds then): no search, an error that says so
    idle = scenario("seek", XIAOMI, PLAN, "--lever", "renewable-ramp", "--parameter", "share.2030",
                    "--target", "neutral-2040")
    assert idle.exit_code == 1
    assert idle.stderr.startswith("Error: lever 'renewable-ramp' has no effect on target 'neutral-2040'")


def test_matplotlib_is_not_imported_without_a_chart():
    code = ("import sys\nfrom click.testing import CliRunner\nfrom ghgcalc.cli import main\n"
            f"r = CliRunner().invoke(main, ['scenario', 'run', {str(XIAOMI)!r}, {str(PLAN)!r}, '--view', 'targets'])\n"
            "assert r.exit_code == 0, r.output\nprint('matplotlib' in sys.modules)\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


# --- the documentation ------------------------------------------------------------------------------

def _transcripts():
    """Every ```console block of docs/scenarios.md: the command after '$ ' and the output below it."""
    return re.findall(r"```console\n\$ (.+?)\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


def test_the_docs_have_transcripts():
    commands = [c for c, _ in _transcripts()]
    assert any("--format json" in c for c in commands)
    assert {c.split()[2] for c in commands} == {"run", "compare", "seek"}


@pytest.mark.parametrize("command, output", _transcripts(), ids=lambda value: value[:60] if value.startswith("ghgcalc") else "")
def test_docs_transcripts_are_real(monkeypatch, command, output):
    monkeypatch.chdir(ROOT)
    program, *args = shlex.split(command)
    assert program == "ghgcalc"
    assert CliRunner().invoke(main, args).stdout == output


def test_the_docs_python_example_prints_what_it_shows(monkeypatch, capsys):
    """The ```python block of docs/scenarios.md, run, prints the ```text block after it."""
    code, shown = re.search(r"```python\n(.*?)```\n\n```text\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S).groups()
    monkeypatch.chdir(ROOT)
    exec(compile(code, "docs/scenarios.md", "exec"), {})
    assert capsys.readouterr().out == shown
