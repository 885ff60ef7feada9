"""US fuel and utility units as bills and 10-K tables print them: the oil barrel, M for a thousand, gallons named
by country, cubic feet, and tons that say which ton. Conversions by hand from the definitions:
1 US gal = 231 in3 = 3.785411784 L; 1 imperial gal = 4.54609 L; 1 in = 2.54 cm; 1 ft = 0.3048 m;
1 Btu = 1,055.056 J (the registry's, IT); 1 lb = 0.45359237 kg; 1 mile = 1,609.344 m."""

from __future__ import annotations

import pandas as pd
import pytest

from ghgcalc.core import units
from ghgcalc.inventory.engine import compute_inventory, total_co2e

US_GAL_L = 3.785411784
OIL_BARREL_L = 42 * US_GAL_L  # API barrel: 42 US gallons = 158.987294928 L


@pytest.mark.parametrize("unit", ["bbl", "bbls", "barrel", "barrels", "oil barrel", "oil_bbl"])
def test_a_barrel_is_the_42_gallon_oil_barrel(unit):
    assert units.conversion_factor(unit, "L") == pytest.approx(OIL_BARREL_L, rel=1e-12)


@pytest.mark.parametrize("unit, litres", [
    ("beer barrel", 31 * US_GAL_L),  # 31 US gallons
    ("dry barrel", 7056 * 2.54 ** 3 / 1000),  # 7,056 cubic inches
])
def test_other_barrels_only_by_their_names(unit, litres):
    assert units.conversion_factor(unit, "L") == pytest.approx(litres, rel=1e-12)


@pytest.mark.parametrize("unit", ["Mbbl", "kbbl"])
def test_a_scale_letter_before_bbl_is_refused(unit):
    with pytest.raises(units.UnitError, match=r"write barrels as 'bbl' \(the 42 US gallon oil barrel\)"):
        units.parse_unit(unit)


def test_1000_barrels_of_diesel(library):
    """1,000 bbl of diesel in a US fleet, IPCC 2006 defaults (Vol. 2 Table 1.2 NCV 43 TJ/Gg, density 0.8306 kg/L as
    ghgcalc's ipcc-2006-ncv; Table 3.2.1 and 3.2.2: 74,100 kg CO2, 3.9 kg CH4, 3.9 kg N2O per TJ), AR5 GWP-100."""
    tj = 1000 * OIL_BARREL_L * 0.8306 / 1e6 * 43  # 158,987.29 L x 0.8306 kg/L = 132.05 t = 0.13205 Gg -> 5.67836 TJ
    by_hand = tj * (74_100 + 3.9 * 28 + 3.9 * 265) / 1000  # 427.26 t CO2e
    rows = pd.DataFrame({"year": [2024, 2024], "activity": ["diesel.mobile"] * 2, "quantity": [1000, 42_000],
                         "unit": ["bbl", "gal"], "region": ["US", "US"]})
    lines = compute_inventory(rows, library, "AR5GWP100").emissions
    per_row = lines.groupby("row")["co2e_t"].sum()
    assert round(by_hand, 2) == 427.26
    assert per_row.iloc[0] == pytest.approx(by_hand, rel=1e-9)
    assert per_row.iloc[1] == pytest.approx(by_hand, rel=1e-9)  # 42,000 US gallons: the same fuel
    assert total_co2e(lines, ["1"]) == pytest.approx(2 * by_hand, rel=1e-9)


@pytest.mark.parametrize("unit", ["MBtu", "MBTU", "mBtu", "MBtu / h"])
def test_m_before_btu_is_refused(unit):
    with pytest.raises(units.UnitError) as caught:
        units.parse_unit(unit)
    message = str(caught.value)
    assert message.startswith(f"'{unit}' is not a unit ghgcalc reads")
    assert "'MMBtu'" in message and "'kBtu'" in message and "\n" not in message


@pytest.mark.parametrize("unit, target, factor", [
    ("kBtu", "MJ", 1.055056),  # 1,000 Btu
    ("MMBtu", "GJ", 1.055056),  # 1,000,000 Btu
    ("Dth", "MMBtu", 1.0),  # a dekatherm: 10 therms of 100,000 Btu
    ("dekatherms", "GJ", 1.055056),
    ("Therm", "MJ", 105.5056),  # 100,000 Btu
    ("therms", "MJ", 105.5056),
    ("thm", "MJ", 105.5056),
    ("Mcf", "scf", 1e3),
    ("MCF", "scf", 1e3),
    ("MMcf", "scf", 1e6),
    ("ccf", "scf", 100),
    ("CCF", "scf", 100),
])
def test_us_gas_and_utility_units(unit, target, factor):
    assert units.conversion_factor(unit, target) == pytest.approx(factor, rel=1e-12)


@pytest.mark.parametrize("unit, target, factor", [
    ("ft3", "m**3", 0.3048 ** 3),
    ("1000 ft3", "m**3", 1000 * 0.3048 ** 3),
    ("US gal", "L", US_GAL_L),
    ("US gallons", "L", US_GAL_L),
    ("gal (US)", "L", US_GAL_L),
    ("kg / US gal", "kg / L", 1 / US_GAL_L),
    ("imperial gallon", "L", 4.54609),
    ("imp gal", "L", 4.54609),
    ("gal (UK)", "L", 4.54609),
    ("short ton mile", "t km", 0.90718474 * 1.609344),  # 2,000 lb over a mile
    ("short ton-mile", "t km", 0.90718474 * 1.609344),
    ("metric ton mile", "t km", 1.609344),
])
def test_documented_us_units(unit, target, factor):
    assert units.conversion_factor(unit, target) == pytest.approx(factor, rel=1e-12)


@pytest.mark.parametrize("unit", ["ton mile", "ton-mile", "ton miles", "tons mile"])
def test_a_ton_mile_says_which_ton(unit):
    with pytest.raises(units.UnitError, match="write 'short ton mile' .* or 'metric ton mile'"):
        units.parse_unit(unit)


@pytest.mark.parametrize("unit", ["ton", "tons", "ton CO2e", "kg / ton"])
def test_a_bare_ton_says_which_ton(unit):
    """As a ton-mile does: 'ton' is 2,000 lb in the US, 1,000 kg in many reports, 2,240 lb in the UK."""
    with pytest.raises(units.UnitError, match="write 'short ton' .*'metric ton' or 't' .*'long ton'"):
        units.parse_unit(unit)


@pytest.mark.parametrize("unit", ["kton", "kton CO2e", "Mtons", "kilotons"])
def test_a_scaled_bare_ton_is_refused_too(unit):
    """pint reads 'kton' as 1,000 short tons (907.18474 t); European reports mean a kilotonne (1,000 t)."""
    with pytest.raises(units.UnitError, match="write 'kt' or 'Mt' for thousands or millions of tonnes"):
        units.parse_unit(unit)
