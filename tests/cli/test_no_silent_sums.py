"""No silent sums: gas names as activity tables write them, and no total of several years or both Scope 2 methods.

The manufacturer example releases R-410A (35 kg in 2021, 40 kg in 2022, 28 kg in 2023); its
activity rows spell the gas 'R-410A' (and 30 kg in 2024), which factors/gas-aliases.csv maps to HFC410a, a 50/50
blend of HFC-32 and HFC-125: under AR6GWP100 0.5 x 771 + 0.5 x 3,740 = 2,255.5 (IPCC AR6
WGI Table 7.SM.7).
"""

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT

EXAMPLE = ROOT / "examples" / "manufacturer"
R410A_AR6 = 0.5 * 771 + 0.5 * 3740  # = 2,255.5


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def explained(*args) -> dict:
    result = run("explain", EXAMPLE, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("spelling", ["R-410A", "R410A", "HFC410a"])
def test_explain_takes_the_gas_as_activity_tables_spell_it(spelling):
    document = explained("--gas", spelling, "--year", "2023")
    assert document["total_co2e"] == pytest.approx(28 * R410A_AR6 / 1000)  # 28 kg x 2,255.5 = 63.154 t
    assert [line["row"] for line in document["lines"]] == [23]
    assert document["adds"] == []


def test_a_gas_name_that_is_no_gas_is_refused_with_the_nearest_name():
    result = run("explain", EXAMPLE, "--gas", "R-41OA")
    assert result.exit_code == 1
    assert result.stderr.startswith("Error: --gas 'R-41OA' is not a gas ghgcalc knows; did you mean 'R-410A'?")
    assert len(result.stderr.strip().splitlines()) == 1


def test_explain_without_filters_gives_one_figure_per_year_and_scope2_method_not_one_total():
    everything = explained()
    assert everything["adds"] == ["years 2021, 2022, 2023, 2024", "location- and market-based Scope 2"]
    figures = {(f["year"], f["scope2_method"]): f["co2e_t"] for f in everything["figures"]}
    assert set(figures) == {(y, m) for y in (2021, 2022, 2023, 2024) for m in ("location", "market")}
    for (year, method), value in figures.items():  # each is the year's Scope 1 + Scope 2 (that method) + Scope 3
        parts = [explained("--year", str(year), "--scope", "1"),
                 explained("--year", str(year), "--scope", "2", "--method", method),
                 explained("--year", str(year), "--scope", "3")]
        assert value == pytest.approx(sum(p["total_co2e"] for p in parts))
        assert all(p["adds"] == [] for p in parts)
    text = run("explain", EXAMPLE).stdout
    assert "so no one total" in " ".join(text.split()) and text.startswith("everything:")
    assert f"{everything['total_co2e']:,.2f}" not in text  # the sum of both methods and four years is not shown
    assert "  2024, Scope 2 market-based: " in text


def test_explain_of_scope2_in_one_year_splits_the_methods():
    document = explained("--year", "2024", "--scope", "2")
    assert document["adds"] == ["location- and market-based Scope 2"]
    by_method = {f["scope2_method"]: f["co2e_t"] for f in document["figures"]}
    assert by_method["location"] == pytest.approx(explained("--year", "2024", "--scope", "2", "--method",
                                                            "location")["total_co2e"])


def rows(*args) -> list[dict]:
    result = run("inventory", EXAMPLE, "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["rows"]


def test_inventory_refuses_to_add_years_unless_asked_and_then_says_so():
    refused = run("inventory", EXAMPLE, "--by", "scope,scope2_method")
    assert refused.exit_code == 1
    assert refused.stderr.strip() == (
        "Error: grouping by scope,scope2_method without year would add 2021, 2022, 2023, 2024 together; add year "
        "(--by year,scope,scope2_method), choose one with --year, or add them on purpose with --add-years")
    per_year = rows("--by", "year,scope,scope2_method")
    added = run("inventory", EXAMPLE, "--by", "scope,scope2_method", "--add-years", "--format", "json")
    document = json.loads(added.stdout)
    assert document["years_added"] == [2021, 2022, 2023, 2024]
    for row in document["rows"]:
        same = [r["value"] for r in per_year if (r["scope"], r["scope2_method"]) == (row["scope"], row["scope2_method"])]
        assert row["value"] == pytest.approx(sum(same))
    text = run("inventory", EXAMPLE, "--by", "scope,scope2_method", "--add-years").stdout
    assert "each total adds 2021, 2022, 2023, 2024 together" in " ".join(text.split())
    csv = run("inventory", EXAMPLE, "--by", "scope,scope2_method", "--add-years", "--format", "csv").stdout
    assert csv.splitlines()[0] == "scope,scope2_method,co2e_t,gwp_set,years"
    one_year = rows("--by", "scope,scope2_method", "--year", "2024")  # one year: nothing is added
    assert {r["scope"] for r in one_year} == {"1", "2", "3"}


def test_inventory_keeps_one_gas_named_as_activity_tables_name_it():
    got = {r["year"]: r["value"] for r in rows("--gas", "R-410A", "--by", "year,scope2_method")}
    assert got == pytest.approx({2021: 35 * R410A_AR6 / 1000, 2022: 40 * R410A_AR6 / 1000,
                                 2023: 28 * R410A_AR6 / 1000, 2024: 30 * R410A_AR6 / 1000})  # 78.94 ... 67.67 t
    assert rows("--gas", "HFC410a", "--by", "year,scope2_method") == rows("--gas", "R-410A", "--by", "year,scope2_method")


def test_inventory_of_one_gas_does_not_print_the_scope3_table_of_every_gas():
    everything = run("inventory", EXAMPLE)
    assert "Scope 3 by category, 2024" in everything.output  # the premise: the example has Scope 3
    one_gas = run("inventory", EXAMPLE, "--gas", "R-410A")
    assert one_gas.exit_code == 0, one_gas.output
    assert "Scope 3 by category," not in one_gas.output and "Purchased goods" not in one_gas.output
    assert "the rows above are HFC410a's alone" in " ".join(one_gas.output.split())
    document = json.loads(run("inventory", EXAMPLE, "--gas", "R-410A", "--format", "json").stdout)
    assert document["gas"] == "HFC410a"  # the rows: its CO2e by year and scope (gas "CO2e" without --by gas)
