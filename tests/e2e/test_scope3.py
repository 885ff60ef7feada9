"""examples/scope3-demo: each Scope 3 category's 2024 total by hand.

Factors typed from the shipped CSVs (factor IDs as published):
  EPA supply-chain v1.3 (kg CO2e per 2022 USD, with margins, AR5): 331110 steel mills 0.787, 326199 plastics 0.371;
  under AR6 each is recombined from EPA's by-GHG file (tests/epa_by_gas.py: kg of 17 gases x AR6 GWP, plus the
  'HFCs and PFCs, unspecified' part as published): steel 0.788214, plastics 0.371998, machine shops 0.278029,
  corrugated boxes 0.479315
  DESNZ 2024 full set (the edition of the rows' year; sheet and row of the full-set workbook):
  27_304_3140_14_1 HGV all diesel, all HGVs, average laden 0.09752 kg CO2e / tonne.km (Freighting goods row 63);
  20_507_5313_15_1 commercial and industrial waste to landfill 520.3342 kg CO2e / t (Waste disposal row 52);
  21_316_3164_11_1 short-haul flight, economy, with RF 0.18287 kg CO2e / passenger.km (Business travel- air row 25);
  29_600_4000_13_1 hotel stay UK 10.4 kg CO2e / room per night (Hotel stay row 22);
  25_301_3074_4_1 business travel by average car, unknown fuel 0.16691 kg CO2e / km (Business travel- land row 53);
  7_400_4000_5_1 UK electricity generated 0.20705 kg CO2e / kWh (UK electricity row 25).
The workspaces are under AR6GWP100 and DESNZ weighs its CO2e with AR5 (CH4 28, N2O 265): a DESNZ factor
with per-gas rows is re-weighted gas by gas (AR6: CH4 27.9, N2O 273), from the kg CO2e of CO2, CH4 and
N2O printed beside the total (same sheet row); the CO2e-only factors (EPA spend, hotel, waste) are kept as
published under the workspaces' fallback mixed_gwp, as is EPA's unspecified HFC/PFC part.
Spend of 2024 is brought to the EPA table's 2022 prices with the examples' price-index.csv (BLS CPI-U annual
averages, USD 2022 292.655, 2024 313.689): x 292.655/313.689 = x 0.932946 (to 6 digits). RMB spend is converted
at the manufacturer's fx.csv rate for 2024 first: 1 USD = 7.1217 RMB.
"""

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.factors.library import load_factor_library
from tests.conftest import ROOT
from tests.epa_by_gas import AR6 as AR6_GWP, kg_co2e_per_usd

EXAMPLE = str(ROOT / "examples" / "scope3-demo")
TO_2022_PRICES = 292.655 / 313.689  # 0.932946


def ar6(co2, ch4, n2o):
    """kg CO2e per unit under AR6 from DESNZ's per-gas kg CO2e (AR5)."""
    return co2 + ch4 / 28 * 27.9 + n2o / 265 * 273


STEEL, PLASTICS = kg_co2e_per_usd("331110", AR6_GWP), kg_co2e_per_usd("326199", AR6_GWP)  # 0.788214, 0.371998
MACHINED, CARTONS = kg_co2e_per_usd("332710", AR6_GWP), kg_co2e_per_usd("322211", AR6_GWP)  # 0.278029, 0.479315
FREIGHT = ar6(0.09601, 0.00002, 0.00149)  # 0.0975649 (published CO2e 0.09752)
FLIGHT = ar6(0.18196, 0.00001, 0.0009)    # 0.1828971 (0.18287)
CAR = ar6(0.16574, 0.00019, 0.00098)      # 0.1669389 (0.16691)
POWER = ar6(0.20493, 0.0009, 0.00122)     # 0.2070836 (0.20705)
BY_HAND_T = {
    # (197,053.5 + 29,759.9) kg x 0.932946 = 211,604.7 kg of spend-based; + 48,000 kg supplier-specific = 259.605 t
    "1": ((250_000 * STEEL + 80_000 * PLASTICS) * TO_2022_PRICES + 4_000 * 12) / 1000,
    "4": 120_000 * FREIGHT / 1000,  # 11,707.8 kg
    "5": 35 * 520.3342 / 1000,  # 18,211.697 kg (CO2e as published)
    "6": (60_000 * FLIGHT + 140 * 10.4) / 1000,  # 10,973.8 + 1,456 kg (hotel as published)
    "7": 450_000 * CAR / 1000,  # 75,122.5 kg
    "11": 800_000 * POWER / 1000,  # 165,666.9 kg
    "12": 12 * 520.3342 / 1000,  # 6,244.0104 kg
}
TYPED = {("epa-supply-chain-v1.3-naics", "331110/with_margins"): 0.787, ("epa-supply-chain-v1.3-naics", "326199/with_margins"): 0.371,
         ("desnz-ghg-2024-full", "27_304_3140_14_1"): 0.09752, ("desnz-ghg-2024-full", "20_507_5313_15_1"): 520.3342,
         ("desnz-ghg-2024-full", "21_316_3164_11_1"): 0.18287, ("desnz-ghg-2024-full", "29_600_4000_13_1"): 10.4,
         ("desnz-ghg-2024-full", "25_301_3074_4_1"): 0.16691, ("desnz-ghg-2024-full", "7_400_4000_5_1"): 0.20705,
         ("epa-supply-chain-v1.3-naics", "332710/with_margins"): 0.278, ("epa-supply-chain-v1.3-naics", "322211/with_margins"): 0.479}


def test_the_typed_factors_are_the_shipped_ones():
    library = load_factor_library()
    for (dataset, factor_id), value in TYPED.items():
        assert library.published_factor(dataset, factor_id).value == pytest.approx(value, rel=1e-9)


def test_each_category_by_hand():
    result = CliRunner().invoke(main, ["inventory", EXAMPLE, "--format", "json", "--by", "year,scope,scope2_method,scope3_category"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)["rows"]
    got = {r["scope3_category"]: r["value"] for r in rows if r["scope"] == "3"}
    assert got == pytest.approx(BY_HAND_T)


MANUFACTURER = str(ROOT / "examples" / "manufacturer")
# Both examples buy goods by spend at purchaser prices (EPA with_margins) and report category 4 freight
TRANSPORT_TWICE = ("2024 category 1 is partly spend-based at purchaser prices, whose factors include transport margins, "
                   "and category 4 has data: the same goods' transport may be counted twice; use producer-price "
                   "factors (EPA without_margins) for those purchases, or leave their transport out of category 4")
MANUFACTURER_2024_T = {  # examples/manufacturer/scope3.csv, same factors and price index as above
    # USD: (945,856.8 + 111,599.5) kg x 0.932946 = 986,550.1 kg; castings 50,000 x 2.4 = 120,000 kg;
    # RMB: 7,121,700 / 7.1217 = 1,000,000 USD x 0.932946 x 0.278029 (332710 machine shops) = 259,386.3 kg,
    #      2,848,680 / 7.1217 = 400,000 USD x 0.932946 x 0.479315 (322211 corrugated boxes) = 178,870.1 kg;
    # in all 1,544,806.5 kg = 1,544.81 t
    "1": ((1_200_000 * STEEL + 300_000 * PLASTICS) * TO_2022_PRICES + 50_000 * 2.4
          + 7_121_700 / 7.1217 * TO_2022_PRICES * MACHINED + 2_848_680 / 7.1217 * TO_2022_PRICES * CARTONS) / 1000,
    # T&D losses of the Birmingham office (activity.csv, DESNZ 2024, unchanged): 420,000 kWh x (0.01811 kg CO2
    # + 2.85714e-6 kg CH4 x 27.9 + 4.15094e-7 kg N2O x 273) = 7,606.2 + 33.48 + 47.596 kg = 7.687 t
    # plus category 3 derived from its Scope 1 and 2 rows (derive_category3 = true; DESNZ 2024, CO2e as
    # published under AR5, kept under mixed_gwp): WTT of UK electricity 420,000 kWh x (0.0459 + 0.00397)
    # = 20,945.4 kg, WTT of natural gas 540,000 kWh (Gross CV) x 0.03021 = 16,313.4 kg: 37.2588 t
    "3": (420_000 * (0.01811 + 2.85714e-6 * 27.9 + 4.15094e-7 * 273)
          + 420_000 * (0.0459 + 0.00397) + 540_000 * 0.03021) / 1000,
    "4": 2_000_000 * FREIGHT / 1000,  # 195,129.8 kg
    "5": 180 * 520.3342 / 1000,  # 93,660.156 kg
    "6": (400_000 * FLIGHT + 600 * 10.4) / 1000,  # 73,158.9 + 6,240 kg
    "7": 1_500_000 * CAR / 1000,  # 250,408.3 kg
    "12": 40 * 520.3342 / 1000,  # 20,813.368 kg
}


def test_manufacturer_scope3_by_hand():
    result = CliRunner().invoke(main, ["inventory", MANUFACTURER, "--format", "json", "--year", "2024",
                                       "--by", "year,scope,scope2_method,scope3_category"], catch_exceptions=False)
    assert result.exit_code in (0, 3), result.output
    got = {r["scope3_category"]: r["value"] for r in json.loads(result.stdout)["rows"] if r["scope"] == "3"}
    assert got == pytest.approx(MANUFACTURER_2024_T, rel=1e-4)


def test_manufacturer_rmb_lines_name_their_rate_and_index(tmp_path):
    lines = tmp_path / "lines.csv"
    result = CliRunner().invoke(main, ["inventory", MANUFACTURER, "--year", "2024", "--lines", str(lines)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    text = lines.read_text(encoding="utf-8")
    assert "RMB / 7.1217 RMB/USD (fx.csv row 2) x 292.655/313.689 (USD price index 2022/2024" in text


def test_manufacturer_category_1_by_supplier():
    result = CliRunner().invoke(main, ["inventory", MANUFACTURER, "--format", "json", "--year", "2024",
                                       "--by", "scope3_category,scope2_method,supplier"], catch_exceptions=False)
    got = {r["supplier"]: r["value"] for r in json.loads(result.stdout)["rows"] if r["scope3_category"] == "1"}
    assert got == pytest.approx({
        "Northbridge Steel": 1_200_000 * STEEL * TO_2022_PRICES / 1000,  # 945,856.8 kg x 0.932946 = 882.43 t
        "Lingnan Polymers": 300_000 * PLASTICS * TO_2022_PRICES / 1000,  # 111,599.5 kg x 0.932946 = 104.12 t
        "Taihu Foundry": 50_000 * 2.4 / 1000,  # the foundry's own 2.4 kg per casting: 120 t
        "Wuxi Precision Machining": 7_121_700 / 7.1217 * TO_2022_PRICES * MACHINED / 1000,  # 259.39 t
        "Pearl River Packaging": 2_848_680 / 7.1217 * TO_2022_PRICES * CARTONS / 1000,  # 178.87 t
    })


def test_explain_one_supplier_shows_the_rate_and_index():
    result = CliRunner().invoke(main, ["explain", MANUFACTURER, "--year", "2024", "--supplier", "Pearl River Packaging",
                                       "--format", "json"], catch_exceptions=False)
    payload = json.loads(result.stdout)
    assert payload["total_co2e"] == pytest.approx(2_848_680 / 7.1217 * TO_2022_PRICES * CARTONS / 1000)  # 178.87 t
    lines = payload["lines"]  # one per gas (17 re-weighted under AR6, and the unspecified HFC/PFC part as published)
    assert len(lines) == 18 and {(line["input_quantity"], line["input_unit"]) for line in lines} == {(2848680, "RMB")}
    assert all("(fx.csv row 2)" in line["conversion"] and "price-index.csv row 4" in line["conversion"] for line in lines)


def test_manufacturer_screening_and_data_quality_by_hand():
    """examples/manufacturer scores two category 1 rows (scope3.csv) and screens every category
    (scope3-screening.csv). Category 1, in t CO2e (k = 292.655 / 313.689 brings 2024 dollars to 2022):
    steel 1,200,000 x STEEL x k, spend-based, technology 2 and geography 3 given; plastics 300,000 x
    PLASTICS x k, machined parts 7,121,700 / 7.1217 x MACHINED x k and cartons 2,848,680 / 7.1217 x CARTONS x k,
    spend-based without scores (defaults 3, -, 3, 2, 3); castings 50,000 x 2.4 kg, supplier-specific
    with 1, 1, 1, 2, 1 given. The spend rows' time score is derived: EPA factors are for 2022, the rows
    for 2024, a gap of 2 years: very good (1)."""
    result = CliRunner().invoke(main, ["inventory", MANUFACTURER, "--format", "json", "--year", "2024"],
                                catch_exceptions=False)
    scope3 = json.loads(result.stdout)["scope3"]
    assert scope3["screened"] is True
    assert scope3["findings"] == ["2024 category 2 (Capital goods) is declared estimated but has no data",
                                  TRANSPORT_TWICE]
    one = next(c for c in scope3["categories"] if c["category"] == "1")
    k = TO_2022_PRICES
    steel, plastics, castings = 1_200_000 * STEEL * k / 1000, 300_000 * PLASTICS * k / 1000, 120.0
    machined, cartons = 1_000_000 * MACHINED * k / 1000, 400_000 * CARTONS * k / 1000  # RMB / 7.1217 = USD
    other_spend = plastics + machined + cartons  # spend-based rows scored by default
    total_t = steel + other_spend + castings
    assert one["co2e_t"] == pytest.approx(total_t)  # 882.43 + 104.12 + 259.39 + 178.87 + 120 = 1,544.81 t
    technology = (steel * 2 + other_spend * 3 + castings * 1) / total_t
    geography = reliability = (steel * 3 + other_spend * 3 + castings * 1) / total_t
    assert one["dq_technology"] == pytest.approx(technology)
    assert one["dq_time"] == pytest.approx(1.0)  # derived 1 for each spend row, given 1 for the castings
    assert one["dq_geography"] == pytest.approx(geography)
    assert one["dq_completeness"] == pytest.approx(2.0)  # default 2 for each spend row, given 2
    assert one["dq_reliability"] == pytest.approx(reliability)
    assert one["dq_score"] == pytest.approx((technology + 1 + geography + 2 + reliability) / 5)
    # defaults: steel 2 of 5 indicators (completeness, reliability), the other spend rows 4 of 5, castings none
    assert one["dq_default_share"] == pytest.approx((steel * 2 + other_spend * 4) / (5 * total_t))
    assert one["supplier_specific_share"] == pytest.approx(castings / total_t)  # 120 / 1,544.81 = 0.0777
    assert one["spend_based_share"] == pytest.approx((steel + other_spend) / total_t)
    nine = next(c for c in scope3["categories"] if c["category"] == "9")
    assert (nine["status"], nine["co2e_t"], nine["flag"]) == ("excluded", 0.0, "")


def test_the_scope3_table_fits_100_columns():
    result = CliRunner().invoke(main, ["inventory", MANUFACTURER, "--year", "2024"], catch_exceptions=False)
    text = result.stdout[result.stdout.index("Scope 3 by category"):]
    assert max(len(line) for line in text.splitlines()) <= 100
    assert "15  Investments                    not applicable" in text
    assert "Finding: 2024 category 2 (Capital goods) is declared estimated but has no data" in text


def test_scope3_demo_screening():
    """examples/scope3-demo screens all 15 categories; it has no row for category 3, which it calls relevant.
    Category 1: the supplier's assemblies are 48 t of 259.60 t (see BY_HAND_T)."""
    result = CliRunner().invoke(main, ["inventory", EXAMPLE, "--format", "json"], catch_exceptions=False)
    scope3 = json.loads(result.stdout)["scope3"]
    assert scope3["findings"] == ["2024 category 3 (Fuel- and energy-related activities) is declared relevant but has no data",
                                  TRANSPORT_TWICE]
    one = next(c for c in scope3["categories"] if c["category"] == "1")
    assert one["supplier_specific_share"] == pytest.approx(48 / BY_HAND_T["1"])  # 48 / 259.605 = 0.1849
    assert [c["status"] for c in scope3["categories"]].count("not applicable") == 6
