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


def rows_of(pairs) -> pd.DataFrame:
    return pd.DataFrame({"year": [2024] * len(pairs), "activity": ["electricity.grid"] * len(pairs),
                         "quantity": [1000.0] * len(pairs), "unit": ["MWh"] * len(pairs),
                         "region": [r for r, _ in pairs], "instrument": [i for _, i in pairs]})


def test_each_market_names_its_own_certificate(library):
    # an LGC in New South Wales and a REGO in the UK: 0 t market-based; location-based 1,000 MWh x 0.66 kg CO2e
    # / kWh (NGA Factors 2024, Table 1, NSW and ACT) = 660 t for the LGC row
    result = compute_lines(rows_of([("AU-NSW", "LGC"), ("GB", "REGO")]), library, "AR5GWP100")
    assert not len(result.rejected)
    lines = result.emissions
    market = lines[lines["scope2_method"] == "market"].groupby("row")["co2e_t"].sum()
    assert market.tolist() == [0.0, 0.0]
    location = lines[lines["scope2_method"] == "location"].groupby("row")["co2e_t"].sum()
    assert location.loc[2] == pytest.approx(1000 * 0.66)


def test_an_stc_is_refused_saying_who_surrenders_it(library):
    rejected = compute_lines(rows_of([("AU-QLD", "STC")]), library, "AR5GWP100").rejected
    assert rejected["column"].tolist() == ["instrument"]
    message = rejected["message"].iloc[0]
    assert message.startswith("STC cannot lower market-based Scope 2: small-scale technology certificates")
    assert "liable entities" in message and "onsite_renewable" in message and "LGC" in message


def test_did_you_mean_prefers_the_certificates_of_the_rows_country(library):
    # 'LEC' is as close to REC, GEC and LGC (2 letters of 3): in Jiangsu the suggestion is China's GEC, in
    # New South Wales one of Australia's (LGC or REC), never China's
    rejected = compute_lines(rows_of([("CN-JS", "LEC"), ("AU-NSW", "LEC"), ("AU-NSW", "LCG")]), library,
                             "AR5GWP100").rejected.set_index("row")["message"]
    assert rejected.loc[2].endswith("did you mean 'GEC'?")
    assert rejected.loc[3].endswith("did you mean 'REC'?") or rejected.loc[3].endswith("did you mean 'LGC'?")
    assert rejected.loc[4].endswith("did you mean 'LGC'?")
