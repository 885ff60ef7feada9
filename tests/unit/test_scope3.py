"""Scope 3 rows that name their factor: published (DESNZ, EPA) or the supplier's own.

Expected values are the quantity times the factor typed from the shipped CSV (the test also
checks the CSV still holds that value), converted from kg to t by hand. Most tests run under
AR5GWP100, the set DESNZ and EPA weigh their CO2e with; the GWP tests below use AR4 and AR6.
"""

import pandas as pd
import pytest

from ghgcalc.factors.library import load_factor_library
from ghgcalc.inventory.engine import compute_inventory, compute_lines
from ghgcalc.inventory.spend import PriceIndex, SpendRates

DESNZ = "desnz-ghg-2024-full"  # the edition of the rows' year (2024)
EPA = "epa-supply-chain-v1.3-naics"
AIR_SHORT_ECONOMY = "21_316_3164_11_1"  # Business travel- air / Short-haul, to/from UK / Economy class / With RF: 0.18287 kg CO2e / passenger.km
HGV_AVERAGE_LADEN = "27_304_3140_14_1"  # Freighting goods / HGV (all diesel) / All HGVs / Average laden: 0.09752 kg CO2e / tonne.km
HOTEL_UK = "29_600_4000_13_1"  # Hotel stay / UK: 10.4 kg CO2e / room per night
WASTE_CI_LANDFILL = "20_507_5313_15_1"  # Waste disposal / Refuse / Commercial and industrial waste / Landfill: 520.3342 kg CO2e / t
CAR_AVERAGE = "25_301_3074_4_1"  # Business travel- land / Cars (by size) / Average car / Unknown fuel: 0.16691 kg CO2e / km
STEEL_MILLS = "331110/with_margins"  # Iron and Steel Mills and Ferroalloy Manufacturing: 0.787 kg CO2e / 2022 USD
PRICES = SpendRates(indices=(PriceIndex("USD", 2022, 100.0, "index row 2"), PriceIndex("USD", 2024, 125.0, "index row 4")))


@pytest.fixture(scope="module")
def library():
    return load_factor_library()


def row(quantity, unit, category, dataset="", factor_id="", **extra):
    return dict(year=2024, activity="value_chain", quantity=quantity, unit=unit, scope3_category=category,
                factor_dataset=dataset, factor_id=factor_id, **extra)


def test_the_typed_factors_are_the_shipped_ones(library):
    for dataset, factor_id, value in ((DESNZ, AIR_SHORT_ECONOMY, 0.18287), (DESNZ, HGV_AVERAGE_LADEN, 0.09752),
                                      (DESNZ, HOTEL_UK, 10.4), (DESNZ, WASTE_CI_LANDFILL, 520.3342),
                                      (DESNZ, CAR_AVERAGE, 0.16691), (EPA, STEEL_MILLS, 0.787)):
        assert library.published_factor(dataset, factor_id).value == pytest.approx(value, rel=1e-9)


def test_each_category_from_its_named_factor(library):
    rows = pd.DataFrame([
        row(10_000, "passenger.km", 6, DESNZ, AIR_SHORT_ECONOMY),  # 10,000 x 0.18287 = 1,828.7 kg
        row(20, "room_night", 6, DESNZ, HOTEL_UK),  # 20 x 10.4 = 208 kg
        row(50_000, "tkm", 4, DESNZ, HGV_AVERAGE_LADEN),  # 50,000 x 0.09752 = 4,876 kg
        row(20, "t", 5, DESNZ, WASTE_CI_LANDFILL),  # 20 x 520.3342 = 10,406.684 kg
        row(100_000, "km", 7, DESNZ, CAR_AVERAGE),  # 100,000 x 0.16691 = 16,691 kg
        # 2024 dollars at 2022 prices through a made-up index (2022: 100, 2024: 125):
        # 200,000 x 100/125 = 160,000 USD of 2022 x 0.787 = 125,920 kg
        row(200_000, "USD", 1, EPA, STEEL_MILLS, method="spend-based"),
        row(1_000, "count", 1, factor_value=12, factor_unit="kg CO2e / count", method="supplier-specific"),  # 12,000 kg
    ])
    result = compute_inventory(rows, library, "AR5GWP100", spend=PRICES)
    assert result.rows_rejected == 0
    by_category = result.totals.groupby("scope3_category")["co2e_t"].sum()
    assert by_category["6"] == pytest.approx(1.8287 + 0.208)
    assert by_category["4"] == pytest.approx(4.876)
    assert by_category["5"] == pytest.approx(10.406684)
    assert by_category["7"] == pytest.approx(16.691)
    assert by_category["1"] == pytest.approx(125.92 + 12.0)
    assert set(result.totals["scope"]) == {"3"}
    # the lines, row by row, agree with the totals and name the published factor
    lines = compute_lines(rows, library, "AR5GWP100", spend=PRICES).emissions
    assert lines["co2e_t"].sum() == pytest.approx(result.totals["co2e_t"].sum())
    spend = lines.loc[lines["row"] == 7].iloc[0]
    assert spend["factor_id"] == f"{EPA}:{STEEL_MILLS}"
    assert "method: spend-based" in spend["conversion"] and "per 2022 USD (purchaser price)" in spend["conversion"]
    assert "x 100/125 (USD price index 2022/2024: index row 2, index row 4)" in spend["conversion"]
    assert "used for 2024" in spend["fallback"]  # the EPA table is for 2022
    supplier = lines.loc[lines["row"] == 8].iloc[0]
    assert "method: supplier-specific" in supplier["conversion"]
    air = lines.loc[lines["row"] == 2].iloc[0]
    assert air["factor_id"] == f"{DESNZ}:{AIR_SHORT_ECONOMY}" and "method: average-data" in air["conversion"]
    used = set(result.factors_used["factor_id"])
    assert f"{DESNZ}:{HOTEL_UK}" in used and f"{EPA}:{STEEL_MILLS}" in used


@pytest.mark.parametrize("bad, column, words", [
    (row(1_000, "tkm", 6, DESNZ, HGV_AVERAGE_LADEN), "factor_id", "does not fit category 6"),  # freight in business travel
    (row(1_000, "passenger.km", 4, DESNZ, AIR_SHORT_ECONOMY), "factor_id", "does not fit category 4"),  # passengers as freight
    (row(1_000, "passenger.km", 9, DESNZ, AIR_SHORT_ECONOMY), "factor_id", "does not fit category 9"),
    (row(20, "t", 12, DESNZ, HGV_AVERAGE_LADEN), "factor_id", "needs a waste-disposal factor"),
    (row(1_000, "USD", 5, EPA, STEEL_MILLS), "factor_id", "NAICS 562"),
    (row(1_000, "RMB", 1, EPA, STEEL_MILLS), "unit", "convert the spend to 2022 USD first"),
    (row(1_000, "kWh", 6, DESNZ, AIR_SHORT_ECONOMY), "unit", "does not fit"),
    (row(1_000, "km", 8, DESNZ, "6_300_3000_4_5"), "factor_id", "not a mass of gas"),  # a SECR kWh-per-km row (leased car)
    (dict(row(1_000, "kWh", 5), activity="electricity.td_losses"), "scope3_category", "category 3, not 5"),
    (row(1_000, "USD", 1, EPA, "331110/nonesuch"), "factor_id", "no factor with the id"),
    (row(1_000, "USD", 1, "epa-nonesuch", STEEL_MILLS), "factor_dataset", "no published factor table"),
    (row(1_000, "USD", 1, EPA, STEEL_MILLS, method="average-data"), "method", "does not fit"),
    (row(1_000, "count", 1, factor_value=12, factor_unit="kg CO2e / count", method="spend-based"), "method",
     "expected supplier-specific or hybrid"),
    (row(1_000, "USD", 1, EPA, STEEL_MILLS, method="supplier-specific"), "method", "needs the supplier's own factor"),
    (row(1_000, "USD", 1, EPA, STEEL_MILLS, method="guesswork"), "method", "not a Scope 3 method"),
    (row(1_000, "USD", "", EPA, STEEL_MILLS), "scope3_category", "needs its category"),
    (row(1_000, "USD", 16, EPA, STEEL_MILLS), "scope3_category", "from 1 to 15"),
    (row(1_000, "USD", 1), "factor_dataset", "needs its factor"),
    (row(1_000, "USD", 1, EPA, ""), "factor_id", "needs the factor's id"),
    (dict(year=2024, activity="natural_gas.stationary", quantity=1, unit="kWh", factor_dataset=DESNZ, factor_id=HOTEL_UK),
     "factor_dataset", "Scope 3 activities"),
    # a factor's own metadata decides where it fits: the rule, and the fix
    (row(1_000, "kWh", 1, DESNZ, "7_400_4000_5_1"), "factor_id", "a Scope 2 factor measures"),  # UK grid power as a purchase
    (row(1_000, "kWh", 3, DESNZ, "1_100_1004_6_1"), "factor_id", "a Scope 1 factor measures"),  # combustion, not well-to-tank
    (row(1_000, "km", 7, DESNZ, "4_301_3074_4_1"), "factor_id", "name the Scope 3 factor"),  # a tailpipe factor for commuting
    (row(1_000, "USD", 1, EPA, "331110/margins", method="spend-based"), "factor_id", "margins-only factor"),
    (row(1_000, "USD", 11, EPA, STEEL_MILLS), "factor_id", "category 11 is the use of sold products"),
    (row(1_000, "USD", 12, EPA, "562212/with_margins"), "factor_id", "category 12 is the end-of-life treatment"),
    # a 2024 row with the 2025 edition: the rule, and the fix (the same ID in the 2024 edition)
    (row(1_000, "passenger.km", 6, "desnz-ghg-2025-full", AIR_SHORT_ECONOMY), "factor_dataset",
     "is the 2025 edition, not the row's year 2024: name desnz-ghg-2024-full (the 2024 edition has 21_316_3164_11_1), "
     "or allow the fallback other_edition"),
    (dict(row(1_000, "passenger.km", 6, DESNZ, AIR_SHORT_ECONOMY), year=2026), "factor_dataset",
     "no edition for 2026 is shipped"),
])
def test_rows_outside_the_rules_are_refused_in_one_line(library, bad, column, words):
    good = row(20, "room_night", 6, DESNZ, HOTEL_UK)
    result = compute_inventory(pd.DataFrame([good, bad]), library, "AR5GWP100")
    problems = result.rejected
    assert list(problems["row"].unique()) == [3], problems.to_string()
    assert column in set(problems["column"]) and any(words in m for m in problems["message"]), problems.to_string()
    assert "\n" not in "".join(problems["message"])
    assert result.totals["co2e_t"].sum() == pytest.approx(0.208)  # 20 x 10.4 kg; the bad row adds nothing
    lines = compute_lines(pd.DataFrame([good, bad]), library, "AR5GWP100")
    assert set(lines.rejected["row"]) == {3}


def test_a_scope_2_factor_as_hybrid_data_and_in_use_phase_is_allowed(library):
    # 1,000 kWh x 0.20705 kg CO2e (DESNZ 2024 UK electricity, Scope 2) = 207.05 kg, declared hybrid in category 1
    # and as the direct use-phase electricity of a sold product in category 11
    rows = pd.DataFrame([row(1_000, "kWh", 1, DESNZ, "7_400_4000_5_1", method="hybrid"),
                         row(1_000, "kWh", 11, DESNZ, "7_400_4000_5_1")])
    result = compute_inventory(rows, library, "AR5GWP100")
    assert result.rows_rejected == 0
    assert result.totals["co2e_t"].sum() == pytest.approx(2 * 0.20705)


def test_the_edition_of_the_rows_year_prices_it(library):
    # 400,000 passenger.km of short-haul economy flights with RF in 2024: DESNZ 2024 gives 0.18287 kg,
    # the 2025 set 0.12576 kg (31 % less): 73.148 t, or 50.304 t only as a named fallback
    flights = row(400_000, "passenger.km", 6, DESNZ, AIR_SHORT_ECONOMY)
    lines = compute_lines(pd.DataFrame([flights]), library, "AR5GWP100").emissions
    assert lines["co2e_t"].sum() == pytest.approx(400_000 * 0.18287 / 1000)
    assert set(lines["fallback"]) == {""}
    later = dict(flights, factor_dataset="desnz-ghg-2025-full")
    assert compute_inventory(pd.DataFrame([later]), library, "AR5GWP100").rows_rejected == 1
    allowed = compute_lines(pd.DataFrame([later]), library, "AR5GWP100", fallback=["other_edition"]).emissions
    assert allowed["co2e_t"].sum() == pytest.approx(400_000 * 0.12576 / 1000)
    assert set(allowed["fallback"]) == {"other_edition: desnz-ghg-2025-full (2025) used for 2024"}


# DESNZ 2024 per-gas rows, kg CO2e (AR5: CH4 28, N2O 265) per unit: (CO2, CH4, N2O)
FLIGHT_PARTS = (0.18196, 0.00001, 0.0009)   # 21_316_3164_11_2 .. _4, Business travel- air row 25, total 0.18287
FREIGHT_PARTS = (0.09601, 0.00002, 0.00149)  # 27_304_3140_14_2 .. _4, Freighting goods row 63, total 0.09752


def per_gas_total_t(quantity, parts, ch4_gwp, n2o_gwp):
    co2, ch4, n2o = parts
    return quantity * (co2 + ch4 / 28 * ch4_gwp + n2o / 265 * n2o_gwp) / 1000


@pytest.mark.parametrize("gwp_set, ch4_gwp, n2o_gwp", [("AR4GWP100", 25, 298), ("AR6GWP100", 27.9, 273)])
def test_published_co2e_is_re_weighted_gas_by_gas(library, gwp_set, ch4_gwp, n2o_gwp):
    rows = pd.DataFrame([row(10_000, "passenger.km", 6, DESNZ, AIR_SHORT_ECONOMY), row(50_000, "tkm", 4, DESNZ, HGV_AVERAGE_LADEN)])
    result = compute_inventory(rows, library, gwp_set)
    assert result.rows_rejected == 0
    expected = per_gas_total_t(10_000, FLIGHT_PARTS, ch4_gwp, n2o_gwp) + per_gas_total_t(50_000, FREIGHT_PARTS, ch4_gwp, n2o_gwp)
    assert result.totals["co2e_t"].sum() == pytest.approx(expected, rel=1e-9)
    lines = compute_lines(rows, library, gwp_set).emissions
    assert set(lines["gas"]) == {"CO2", "CH4", "N2O"} and set(lines["gwp_set"]) == {gwp_set}
    assert lines.loc[lines["gas"] == "CH4", "mass_t"].sum() == pytest.approx((10_000 * 0.00001 + 50_000 * 0.00002) / 28 / 1000)


def test_ar4_and_ar6_scope3_totals_differ_by_their_per_gas_gwps(library):
    rows = pd.DataFrame([row(10_000, "passenger.km", 6, DESNZ, AIR_SHORT_ECONOMY), row(50_000, "tkm", 4, DESNZ, HGV_AVERAGE_LADEN)])
    ar4 = compute_inventory(rows, library, "AR4GWP100").totals["co2e_t"].sum()
    ar6 = compute_inventory(rows, library, "AR6GWP100").totals["co2e_t"].sum()
    ch4_kg_co2e = 10_000 * 0.00001 + 50_000 * 0.00002  # 1.1 kg CO2e (AR5) of CH4
    n2o_kg_co2e = 10_000 * 0.0009 + 50_000 * 0.00149   # 83.5 kg CO2e (AR5) of N2O
    # AR4 - AR6 = 1.1/28 x (25 - 27.9) + 83.5/265 x (298 - 273) = -0.1139 + 7.8774 = 7.7635 kg
    assert (ar4 - ar6) * 1000 == pytest.approx(ch4_kg_co2e / 28 * (25 - 27.9) + n2o_kg_co2e / 265 * (298 - 273), rel=1e-9)
    # under AR5, DESNZ's own set, the per-gas parts are the published CO2e total (up to its rounding)
    ar5 = compute_inventory(rows, library, "AR5GWP100").totals["co2e_t"].sum()
    assert ar5 == pytest.approx((10_000 * 0.18287 + 50_000 * 0.09752) / 1000, rel=1e-12)


def test_co2e_only_factor_of_another_set_is_refused_or_labelled_mixed(library):
    hotel = pd.DataFrame([row(20, "room_night", 6, DESNZ, HOTEL_UK)])  # 10.4 kg CO2e per night, no per-gas rows
    refused = compute_inventory(hotel, library, "AR6GWP100")
    problem = refused.rejected.iloc[0]
    assert refused.rows_rejected == 1 and problem["column"] == "factor_id"
    assert ("is published only as CO2e under AR5GWP100, and the inventory is under AR6GWP100" in problem["message"]
            and "allow the fallback mixed_gwp" in problem["message"])
    kept = compute_lines(hotel, library, "AR6GWP100", fallback=["mixed_gwp"]).emissions
    assert kept["co2e_t"].sum() == pytest.approx(20 * 10.4 / 1000)  # 0.208 t, as published
    assert set(kept["fallback"]) == {"mixed_gwp: CO2e as published under AR5GWP100; the inventory is under AR6GWP100"}


def test_category_rules_are_data_with_a_cited_sidecar():
    import tomllib
    from importlib import resources

    data = resources.files("ghgcalc").joinpath("data")
    table = pd.read_csv(data.joinpath("scope3-factor-rules.csv"), dtype=str, keep_default_na=False)
    sidecar = tomllib.loads(data.joinpath("scope3-factor-rules.toml").read_text(encoding="utf-8"))
    assert set(table["rule"]) == {"forbid", "require"} and set(table["match"]) <= {"equals", "prefix"}
    assert set(table["source_id"]) <= set(sidecar["sources"])
    assert {int(c) for c in table["category"]} <= set(range(1, 16))


def test_a_gas_row_of_the_desnz_file_stays_co2e_of_that_gas(library):
    # 21_316_3164_11_3: the CH4 part of the short-haul economy factor, 0.00001 kg CO2e of CH4 per passenger.km
    rows = pd.DataFrame([row(10_000, "passenger.km", 6, DESNZ, "21_316_3164_11_3")])
    totals = compute_inventory(rows, library, "AR5GWP100").totals
    line = totals.iloc[0]
    assert line["gas"] == "CH4" and pd.isna(line["mass_t"])  # CO2e as DESNZ weighted it, no mass of CH4 invented
    assert line["co2e_t"] == pytest.approx(10_000 * 0.00001 / 1000)  # 0.1 kg


def test_a_row_category_must_match_the_catalogue(library):
    rows = pd.DataFrame([dict(year=2024, activity="electricity.td_losses", quantity=1000, unit="kWh", region="GB",
                              scope3_category=3)])
    assert compute_inventory(rows, library, "AR5GWP100").rows_rejected == 0
