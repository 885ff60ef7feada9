"""explain names, line by line, the document, table, year and licence of the factor row each line used (key
``factor_source``), not the dataset's list of editions; ``citation`` (the dataset's) stays as it was."""

import json

from click.testing import CliRunner

from ghgcalc.cli import main

ACTIVITY = """year,activity,quantity,unit,region
2024,electricity.grid,"1,000",MWh,AU-VIC
"""


def explain(tmp_path, *args):
    path = tmp_path / "activity.csv"
    path.write_text(ACTIVITY, encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(path), "--gwp", "AR5GWP100", "--year", "2024", "--scope", "2",
                                       *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_each_line_cites_the_table_and_edition_of_its_factor(tmp_path):
    lines = {line["scope2_method"]: line for line in json.loads(explain(tmp_path, "--format", "json"))["lines"]}
    # location-based: 1,000 MWh x 0.77 kg CO2e / kWh (NGA Factors 2024, Table 1, Victoria) = 770 t
    location, market = lines["location"], lines["market"]
    assert abs(location["co2e_t"] - 770.0) < 1e-9
    assert location["factor_source"] == (
        "DCCEEW, Australian National Greenhouse Accounts Factors 2024 (national-greenhouse-account-factors-2024.pdf), "
        "Table 1 (Scope 2, location based), pp. 8-9, 2024; licence: CC BY 4.0 (Commonwealth of Australia); attribute "
        "the Department of Climate Change, Energy, the Environment and Water")
    # market-based: the national residual mix, 1,000 MWh x 0.81 = 810 t (NGA Factors 2024, Table 2)
    assert abs(market["co2e_t"] - 810.0) < 1e-9
    assert "Table 2 (market-based: residual mix factor), p. 9, 2024; licence: CC BY 4.0" in market["factor_source"]
    for line in (location, market):
        assert "2023" not in line["factor_source"] and "2026" not in line["factor_source"]
        assert "2026 (August 2026)" in line["citation"]  # the dataset's citation is kept, as the contract had it


def test_the_text_cites_the_row_not_the_dataset(tmp_path):
    text = " ".join(explain(tmp_path, "--method", "location").split())
    assert "Accounts Factors 2024 (national-greenhouse-account-factors-2024.pdf), Table 1 (Scope 2, location based)" in text
    assert "2026 (August 2026)" not in text
