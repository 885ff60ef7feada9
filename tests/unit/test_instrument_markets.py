"""A certificate counts only in its own market (Scope 2 Guidance, Quality Criterion 6): refused row by row
with the rule and the fix (ghgcalc/data/instrument-markets.csv)."""

import pandas as pd
import pytest

from ghgcalc.inventory.engine import compute_lines

ROWS = [("GB", "I-REC"), ("GB", "GO"), ("US-OH", "GO"), ("DE", "REC"), ("DE", "GO"), ("RFCW", "REC"), ("CN-JS", "GEC"),
        ("CN-JS", "I-REC"), ("GB", "PPA")]


def table() -> pd.DataFrame:
    return pd.DataFrame({"year": [2023] * len(ROWS), "activity": ["electricity.grid"] * len(ROWS),
                         "quantity": [100.0] * len(ROWS), "unit": ["MWh"] * len(ROWS),
                         "region": [r for r, _ in ROWS], "instrument": [i for _, i in ROWS]})


def test_certificates_outside_their_market_are_refused_with_the_rule_and_the_fix(library):
    result = compute_lines(table(), library, "AR6GWP100", fallback=("latest_earlier_year",))
    rejected = result.rejected.set_index("row")
    assert sorted(rejected.index) == [2, 3, 4, 5]  # I-REC and GO in GB, GO in Ohio, REC in Germany
    assert set(rejected["column"]) == {"instrument"}
    assert "instrument I-REC does not cover consumption in GB (GB)" in rejected.loc[2, "message"]
    assert "UK (REGOs)" in rejected.loc[2, "message"] and "Quality Criterion 6" in rejected.loc[2, "message"]
    assert "Fix: name the certificate of that market, or leave instrument empty" in rejected.loc[3, "message"]
    assert "consumption in US (US-OH)" in rejected.loc[4, "message"]


def test_certificates_in_their_market_count_zero_in_market_based_scope2(library):
    lines = compute_lines(table(), library, "AR6GWP100", fallback=("latest_earlier_year",)).emissions
    market = lines[lines["scope2_method"] == "market"].groupby("row")["co2e_t"].sum()
    # GO in Germany, REC in RFC West, GEC and I-REC in Jiangsu, a PPA in the UK: each 0 t market-based
    assert market.loc[[6, 7, 8, 9, 10]].tolist() == pytest.approx([0.0] * 5)
    location = lines[lines["scope2_method"] == "location"].groupby("row")["co2e_t"].sum()
    assert (location.loc[[6, 7, 8, 9, 10]] > 0).all()  # location-based keeps the grid average
