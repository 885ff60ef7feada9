"""ISO 3166-2 subdivisions fall back to their country under parent_region: the country of IN-MH is IN by
the code's definition (ISO 3166-2: country code, hyphen, up to three letters or digits), for any country,
without a regions.csv row; regions.csv still names parents no code states (grids), and its rows win."""

from __future__ import annotations

import pytest

from ghgcalc.errors import FactorNotFoundError
from ghgcalc.factors.library import load_factor_library
from ghgcalc.factors.regions import load_regions
from ghgcalc.outputs.disclosure_facts import country_of


def test_a_subdivision_code_names_its_country():
    parents = load_regions()
    assert parents["IN-MH"] == "IN" and parents.get("IN-TN") == "IN" and parents.get("BR-SP") == "BR"
    assert parents["CN-EAST"] == "CN" and parents["RFCM"] == "US"   # grids: from regions.csv
    assert parents["AU-NT-DKIS"] == "AU-NT" and parents["AU-NT"] == "AU"  # a grid of a state of a country
    assert parents.get("IN") is None and parents.get("XX-FOOO") is None and "XX-FOOO" not in parents
    assert country_of("IN-MH") == "IN" and country_of("CN-EAST") == "CN"


def test_a_state_takes_its_countrys_grid_factor_and_says_so():
    library = load_factor_library()
    country = library.find_factors("electricity.grid", "DE", 2023)
    state = library.find_factors("electricity.grid", "DE-BY", 2023, ("parent_region",))
    assert country and [(c.factor_id, c.value) for c in state] == [(c.factor_id, c.value) for c in country]
    assert all(c.fallback == "parent_region: DE-BY -> DE" for c in state)


def test_the_message_says_why_a_fallback_did_not_apply():
    library = load_factor_library()
    with pytest.raises(FactorNotFoundError) as tried:
        raise library.factor_not_found("electricity.grid", "XX-FOO", 2023, ("parent_region",))
    assert "parent_region tried XX-FOO -> XX: no factor there either" in str(tried.value)
    with pytest.raises(FactorNotFoundError) as none:
        raise library.factor_not_found("electricity.grid", "XX-FOOO", 2023, ("parent_region",))
    assert ("parent_region: XX-FOOO has no parent region (regions.csv names none, and it is not an ISO 3166-2 "
            "code such as IN-MH, whose country is its prefix)") in str(none.value)
    without = str(library.factor_not_found("electricity.grid", "DE-BY", 2023, ()))
    assert without.endswith("the fallback rule parent_region (ghgcalc.toml, fallback) would find one")
