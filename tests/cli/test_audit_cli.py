"""The audit and intensity commands: exit codes, the JSON contract, the exact error text, and the
transcripts in docs/audit.md (re-run here, so the documentation cannot drift)."""

from __future__ import annotations

import json
import re
import shlex
import shutil

import pytest
from click.testing import CliRunner

from ghgcalc.audit.findings import KINDS, VERDICTS
from ghgcalc.cli import main
from tests.conftest import FIXTURES, ROOT

XIAOMI = ROOT / "examples" / "xiaomi"
BAD = FIXTURES / "reported"
DOC = ROOT / "docs" / "audit.md"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def workspace_with(tmp_path, fixture):
    shutil.copy(BAD / fixture, tmp_path / fixture)
    (tmp_path / "ghgcalc.toml").write_text(f'[workspace]\nname = "bad"\n[data]\nreported = ["{fixture}"]\n', encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("fixture, message", [
    ("unknown-metric.csv", "Error: unknown-metric.csv, row 3, column metric: 'scope_12' is not a known metric; did you mean 'scope12'?"),
    ("wrong-dimension.csv", "Error: wrong-dimension.csv, row 2, column unit: 'MWh' (energy) does not fit metric scope1, "
                            "which is in t CO2e (mass of CO2e)"),
    ("not-a-number.csv", "Error: not-a-number.csv, row 3, column value: '104.470.04' is not a number as printed (digits, "
                         "optional thousands or lakh commas and decimals); if the report misprinted it, keep it and give your "
                         "reading in a read_as column"),
    ("duplicate.csv", "Error: duplicate.csv, row 4, column metric: scope1 2023 appears twice in vintage esg-2023"),
])
@pytest.mark.parametrize("command", ["audit", "intensity"])
def test_bad_reported_tables_name_file_row_and_column(tmp_path, fixture, message, command):
    result = run(command, workspace_with(tmp_path, fixture))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [message]
    assert result.stdout == ""


def test_unsafe_company_formula_is_refused(tmp_path):
    shutil.copy(XIAOMI / "reported" / "annual-reports.csv", tmp_path / "annual-reports.csv")
    (tmp_path / "ghgcalc.toml").write_text('[data]\nreported = ["annual-reports.csv"]\n', encoding="utf-8")
    (tmp_path / "metrics.csv").write_text("metric,unit,definition,formula\n"
                                          "sneaky,t CO2e,,__import__('os').getcwd()\n", encoding="utf-8")
    result = run("audit", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: metrics.csv, row 2, column formula: \"__import__('os').getcwd()\" is not allowed in a formula; "
        "only numbers, metric names, + - * / and parentheses are allowed"]


def test_audit_of_xiaomi_fails_and_says_why():
    result = run("audit", XIAOMI)
    assert result.exit_code == 1
    out = result.stdout
    assert "Rounding rule: half-up" in out
    # ghg_per_capita 2023: 116,722.56 / 35,116 = 3.32391 (116,722.555 / 35,116 to 116,722.565 / 35,116: a headcount
    # is a whole number), printed 3.47
    lines = out.splitlines()
    at = next(i for i, line in enumerate(lines) if re.match(r"esg-2023\s+ghg_per_capita\s+2023", line))
    row = lines[at]
    assert row.split()[3:6] == ["3.47", "3.32391", "t"]  # the interval's ends agree at the decimals shown
    # the best-ranked explanation, under its row
    assert "not_reproduced" in row and lines[at + 1].strip().startswith("scope12 / workforce_fulltime")
    assert all(len(line) <= 100 for line in lines)
    # water 2023: 523,100.75 + 164,353.00 = 687,453.75 against 683,906.94
    water = next(line for line in lines if re.match(r"esg-2023\s+water_withdrawal\s+2023", line))
    assert water.split()[3:6] == ["683,906.94", "687,453.75", "3,546.81"] and water.split()[-1] == "fails"


def test_no_fail_reports_only():
    result = run("audit", XIAOMI, "--no-fail")
    assert result.exit_code == 0
    assert "Summary: " in result.stdout


def test_json_contract():
    result = run("audit", XIAOMI, "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.stdout)
    assert document["contract_version"] == 1
    assert document["rounding_rule"].startswith("half-up")
    assert document["significance_threshold_percent"] == 5.0
    assert set(document["summary"]) == set(VERDICTS)
    assert sum(document["summary"].values()) == len(document["findings"])
    for finding in document["findings"]:
        assert {"kind", "metric", "year", "verdict", "reported", "recomputed", "unit", "explanation"} <= set(finding)
        assert finding["kind"] in KINDS and finding["verdict"] in VERDICTS
        assert finding["recomputed"] is None or set(finding["recomputed"]) == {"low", "high"}
    [ghg] = [f for f in document["findings"]
             if (f["kind"], f["metric"], f["year"], f["vintage"]) == ("reproduction", "ghg_per_revenue", 2023, "esg-2023")]
    assert ghg["verdict"] == "reproduced"
    assert ghg["recomputed"]["low"] <= 116722.56 / 270970.1 <= ghg["recomputed"]["high"]  # 0.43076
    assert ghg["reported"] == {"text": "0.43", "value": 0.43, "low": pytest.approx(0.425), "high": pytest.approx(0.435),
                               "unit_as_printed": "t CO2e / (million RMB)", "decimals": 2, "to_canonical": 1.0,
                               "vintage": "esg-2023", "file": "esg-2023.csv", "row": 78, "precision": "",
                               "year_label": "2023", "source": "Key ESG Performance Indicators > Key Environmental "
                                                               "Indicators > Use Intensity",
                               "note": "GHG emissions per unit of revenue (Scope 1 and 2)"}
    [restated] = [f for f in document["findings"] if (f["kind"], f["metric"], f["year"]) == ("restatement", "scope12", 2020)]
    assert restated["verdict"] == "restated" and restated["significant"]
    assert restated["change"]["percent"] == pytest.approx((66481.29 - 31347.06) / 31347.06 * 100)  # +112.08


def test_markdown_memo():
    result = run("audit", XIAOMI, "--format", "markdown", "--no-fail")
    assert result.exit_code == 0
    memo = result.stdout
    assert memo.startswith("# Audit memo: Xiaomi Corporation\n")
    for heading in ("## Scope and method", "## Summary", "## Exceptions", "## All findings"):
        assert f"\n{heading}\n" in memo
    assert "- full-time employees instead of total workforce: " in memo


def test_intensity_per_capita_with_full_time_headcount():
    result = run("intensity", XIAOMI, "--per", "capita", "--headcount", "workforce_fulltime", "--year", "2023",
                 "--decimals", "2", "--format", "json")
    assert result.exit_code == 0
    [row] = json.loads(result.stdout)["rows"]
    assert row["value"] == pytest.approx(116722.56 / 33627)  # 3.4711
    assert row["rounded"] == "3.47"
    assert row["unit"] == "t CO2e / person"


def test_intensity_per_wan_rmb():
    result = run("intensity", XIAOMI, "--currency", "万 RMB", "--year", "2023", "--format", "csv")
    assert result.exit_code == 0
    header, line = result.stdout.splitlines()
    values = dict(zip(header.split(","), line.split(",")))
    # Xiaomi prints 0.43 t per million RMB for 2023: that is the figure, 0.0043 t per 万 RMB; its parts give
    # 116,722.56 / (270,970.1 x 100) = 0.0043076, which the audit checks it against
    assert float(values["value"]) == pytest.approx(0.43 / 100)
    doc = json.loads(run("intensity", XIAOMI, "--currency", "万 RMB", "--year", "2023", "--format", "json").stdout)
    assert doc["rows"][0]["from_parts"] == pytest.approx(116722.56 / (270970.1 * 100))


def test_intensity_in_usd_needs_a_rate_for_the_year(tmp_path):
    ok = run("intensity", XIAOMI, "--currency", "USD million", "--fx", XIAOMI / "fx.csv", "--year", "2023")
    assert ok.exit_code == 0
    assert "FX: 1 RMB = 0.141225 USD (fx.csv row 5" in ok.stdout
    missing = run("intensity", XIAOMI, "--numerator", "S1+2+3", "--currency", "USD million", "--fx", XIAOMI / "fx.csv",
                  "--year", "2024")
    assert missing.exit_code == 1
    assert missing.stderr.splitlines() == [
        "Error: converting RMB to USD needs an exchange rate for 2024: fx.csv has RMB/USD rates for "
        "2020, 2021, 2022, 2023, 2024-12-31; add a row '2024,RMB,USD,<rate>,<source>'"]
    without_fx = tmp_path / "xiaomi"
    shutil.copytree(XIAOMI, without_fx)
    config = without_fx / "ghgcalc.toml"
    config.write_text("".join(line for line in config.read_text().splitlines(keepends=True) if not line.startswith("fx =")))
    no_table = run("intensity", without_fx, "--currency", "USD million", "--year", "2023")
    assert no_table.exit_code == 1 and "needs an exchange-rate table" in no_table.stderr


def _transcripts():
    """Every ```console block of docs/audit.md: the command after '$ ' and the output below it."""
    return re.findall(r"```console\n\$ (.+?)\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)


@pytest.mark.parametrize("command, output", _transcripts(), ids=lambda value: value[:70] if value.startswith("ghgcalc") else "")
def test_docs_transcripts_are_real(monkeypatch, command, output):
    monkeypatch.chdir(ROOT)
    program, *args = shlex.split(command)
    assert program == "ghgcalc"
    assert CliRunner().invoke(main, args).stdout == output


def test_audit_needs_reported_tables(tmp_path):
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\nname = "empty"\n', encoding="utf-8")
    result = run("audit", tmp_path)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["Error: empty: the workspace names no reported tables ([data] reported)"]
