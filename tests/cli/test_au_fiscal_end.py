"""An Australian manufacturer (AUD, fiscal years July-June labelled by their end year: FY2024 is 1 July 2023 to
30 June 2024), as a new user built it: tests/fixtures/au-fiscal-end. Its sustainability report prints revenue in
A$M and an intensity per A$M; its annual report prints revenue in A$ thousand. Every year a message names is the
company's label, and the money unit does not depend on the order of the reported files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main

FIXTURE = Path(__file__).parents[1] / "fixtures" / "au-fiscal-end"
SR, AR = '"reported/sr-fy2024.csv"', '"reported/ar-fy2024.csv"'
PER_MILLION = "t CO2e / (AUD million)"


def run(*args, codes=(0, 3)):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code in codes, result.output
    return result


@pytest.fixture
def copy(tmp_path) -> Path:
    root = tmp_path / "ws"
    shutil.copytree(FIXTURE, root)
    return root


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


# --- the money unit: one rule, never the order of the files ----------------------------------------

def intensity_rows(root) -> list[dict]:
    return json.loads(run("intensity", root, "--format", "json").stdout)["rows"]


@pytest.mark.parametrize("order", [f"{SR}, {AR}", f"{AR}, {SR}"])
def test_intensities_are_per_million_as_the_report_prints_its_intensity_whatever_the_file_order(copy, order):
    edit(copy / "ghgcalc.toml", f"reported = [{SR}, {AR}]", f"reported = [{order}]")
    rows = {(r["year_label"], r["numerator"]): r for r in intensity_rows(copy)}
    assert {r["unit"] for r in rows.values()} == {PER_MILLION}
    # FY2023: (4,187 + 24,079) t over revenue printed 1,198,200 A$ thousand = 1,198.2 A$M
    assert rows[("FY2023", "scope1 + scope2_location")]["value"] == pytest.approx((4_187 + 24_079) / 1_198.2)
    assert rows[("FY2024", "scope12_market")]["value"] == pytest.approx(21.11)  # printed, per A$M
    esrs = json.loads(run("disclose", copy, "--standard", "esrs-e1", "--format", "json").stdout)["datapoints"]
    cell = next(d for d in esrs if d["datapoint"] == "E1-6_30")
    # (Scope 1+2 location 27,094 + Scope 3 10,729) t over 1,284.6 A$M
    assert cell["unit"] == PER_MILLION and cell["value"] == pytest.approx((27_094 + 10_729) / 1_284.6, rel=1e-4)


def test_a_declared_money_unit_comes_first(copy):
    edit(copy / "ghgcalc.toml", 'currency = "AUD"', 'currency = "AUD"\nmoney_unit = "A$ thousand"')
    rows = intensity_rows(copy)
    assert {r["unit"] for r in rows} == {"t CO2e / (AUD thousand)"}
    fy2023 = next(r for r in rows if r["year_label"] == "FY2023" and r["numerator"] == "scope1 + scope2_location")
    assert fy2023["value"] == pytest.approx((4_187 + 24_079) / 1_198_200)


def test_a_money_unit_that_is_no_money_of_the_currency_is_one_line(copy):
    edit(copy / "ghgcalc.toml", 'currency = "AUD"', 'currency = "AUD"\nmoney_unit = "USD million"')
    result = run("intensity", copy, codes=(1, 2))
    assert "[workspace] money_unit: 'USD million' is not an amount of AUD" in result.output
    assert "Traceback" not in result.output and len(result.output.strip().splitlines()) == 1


# --- years in messages as the company labels them --------------------------------------------------

def test_a_target_year_before_its_base_is_named_by_labels(copy):
    edit(copy / "targets.toml", 'target_year = "FY2030"', 'target_year = "FY2018"')
    result = run("gap", copy, codes=(1, 2))
    assert "target_year: FY2018 is before base_year FY2019" in result.output
    assert "2018 is before" not in result.output.replace("FY2018 is before", "")


def test_a_missing_exchange_rate_names_the_row_the_fx_table_reads(copy):
    result = run("intensity", copy, "--currency", "KRW billion", codes=(1, 2))
    assert "needs an exchange rate for FY2023 (1 July 2022 to 30 June 2023)" in result.output
    assert "add a row 'FY2023,AUD,KRW,<rate>,<source>'" in result.output
    # the row as the message writes it is what the table takes: with it (and FY2024's) the intensities compute
    with open(copy / "fx.csv", "a", encoding="utf-8") as fx:
        fx.write("FY2023,AUD,KRW,874.1,test rate\nFY2024,AUD,KRW,877.4,test rate\n")
    rows = json.loads(run("intensity", copy, "--currency", "KRW billion", "--format", "json").stdout)["rows"]
    fy2023 = next(r for r in rows if r["year_label"] == "FY2023" and r["numerator"] == "scope1 + scope2_location")
    # revenue 1,198,200 A$ thousand x 874.1 KRW per AUD, in KRW billion
    assert fy2023["value"] == pytest.approx((4_187 + 24_079) / (1_198_200e3 * 874.1 / 1e9))


def test_a_spend_rows_price_index_step_names_the_fiscal_year(copy):
    text = " ".join(run("explain", copy, "--year", "FY2024", "--scope", "3").output.split())  # lines wrap
    assert text.count("USD price index 2022/FY2024") == 2  # the steel and the machining spend
    assert "price index 2022/2024" not in text


def test_seek_names_the_parameter_as_typed(copy):
    result = run("scenario", "seek", copy, "plan", "--lever", "green-power", "--parameter", "share.FY2026",
                 "--target", "re100-fy2025", codes=(1, 2))
    assert "share.FY2026 = 0 %" in result.output and "share.2026" not in result.output


def test_a_year_given_twice_is_named_as_typed(copy):
    with open(copy / "fx.csv", "a", encoding="utf-8") as fx:
        fx.write("FY2023,USD,AUD,1.5,again\n")
    with open(copy / "price-index.csv", "a", encoding="utf-8") as index:
        index.write("USD,FY2023,300,again\n")
    sr = copy / "reported" / "sr-fy2024.csv"
    row = next(line for line in sr.read_text(encoding="utf-8").splitlines() if ",scope1,FY2023," in line)
    with open(sr, "a", encoding="utf-8") as table:
        table.write(row + "\n")
    output = run("check", copy, codes=(1,)).output
    assert "fx.csv, row 6, column date_or_year: USD/AUD for FY2023 is already given in row 2" in output
    assert "price-index.csv, row 5, column year: USD for FY2023 is already given in row 3" in output
    assert "scope1 FY2023 appears twice in vintage sr-fy2024" in output
