"""examples/scope3-demo: each Scope 3 category's 2024 total by hand.

Factors typed from the shipped CSVs (factor IDs as published):
  EPA supply-chain v1.3 (kg CO2e per 2022 USD, with margins): 331110 steel mills 0.787, 326199 plastics 0.371
  DESNZ 2025 full file: 27_304_3140_14_1 HGV all diesel, average laden 0.10163 kg CO2e / tonne.km;
  20_507_5313_15_1 commercial and industrial waste to landfill 520.5327 kg CO2e / t;
  21_316_3164_11_1 short-haul flight, economy, with RF 0.12576 kg CO2e / passenger.km;
  29_600_4000_13_1 hotel stay UK 10.4 kg CO2e / room per night;
  4_301_3074_4_1 average car, unknown fuel 0.16725 kg CO2e / km;
  7_400_4000_5_1 UK electricity generated 0.177 kg CO2e / kWh.
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

EXAMPLE = str(ROOT / "examples" / "scope3-demo")
TO_2022_PRICES = 292.655 / 313.689  # 0.932946
BY_HAND_T = {
    # (196,750 + 29,680) kg x 0.932946 = 211,247.0 kg of spend-based; + 48,000 kg supplier-specific = 259.247 t
    "1": ((250_000 * 0.787 + 80_000 * 0.371) * TO_2022_PRICES + 4_000 * 12) / 1000,
    "4": 120_000 * 0.10163 / 1000,  # 12,195.6 kg
    "5": 35 * 520.5327 / 1000,  # 18,218.6445 kg
    "6": (60_000 * 0.12576 + 140 * 10.4) / 1000,  # 7,545.6 + 1,456 kg = 9.0016 t
    "7": 450_000 * 0.16725 / 1000,  # 75,262.5 kg
    "11": 800_000 * 0.177 / 1000,  # 141,600 kg
    "12": 12 * 520.5327 / 1000,  # 6,246.3924 kg
}
TYPED = {("epa-supply-chain-v1.3-naics", "331110/with_margins"): 0.787, ("epa-supply-chain-v1.3-naics", "326199/with_margins"): 0.371,
         ("desnz-ghg-2025-full", "27_304_3140_14_1"): 0.10163, ("desnz-ghg-2025-full", "20_507_5313_15_1"): 520.5327,
         ("desnz-ghg-2025-full", "21_316_3164_11_1"): 0.12576, ("desnz-ghg-2025-full", "29_600_4000_13_1"): 10.4,
         ("desnz-ghg-2025-full", "4_301_3074_4_1"): 0.16725, ("desnz-ghg-2025-full", "7_400_4000_5_1"): 0.177,
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
MANUFACTURER_2024_T = {  # examples/manufacturer/scope3.csv, same factors and price index as above
    # USD: (944,400 + 111,300) kg x 0.932946 = 984,911.4 kg; castings 50,000 x 2.4 = 120,000 kg;
    # RMB: 7,121,700 / 7.1217 = 1,000,000 USD x 0.932946 x 0.278 (332710 machine shops) = 259,359.1 kg,
    #      2,848,680 / 7.1217 = 400,000 USD x 0.932946 x 0.479 (322211 corrugated boxes) = 178,752.5 kg;
    # in all 1,543,023.0 kg = 1,543.02 t
    "1": ((1_200_000 * 0.787 + 300_000 * 0.371) * TO_2022_PRICES + 50_000 * 2.4
          + 7_121_700 / 7.1217 * TO_2022_PRICES * 0.278 + 2_848_680 / 7.1217 * TO_2022_PRICES * 0.479) / 1000,
    # T&D losses of the Birmingham office (activity.csv, DESNZ 2024, unchanged): 420,000 kWh x (0.01811 kg CO2
    # + 2.85714e-6 kg CH4 x 27.9 + 4.15094e-7 kg N2O x 273) = 7,606.2 + 33.48 + 47.596 kg = 7.687 t
    "3": 420_000 * (0.01811 + 2.85714e-6 * 27.9 + 4.15094e-7 * 273) / 1000,
    "4": 2_000_000 * 0.10163 / 1000,  # 203,260 kg
    "5": 180 * 520.5327 / 1000,  # 93,695.886 kg
    "6": (400_000 * 0.12576 + 600 * 10.4) / 1000,  # 50,304 + 6,240 kg = 56.544 t
    "7": 1_500_000 * 0.16725 / 1000,  # 250,875 kg
    "12": 40 * 520.5327 / 1000,  # 20,821.308 kg
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
                                       "--by", "scope3_category,supplier"], catch_exceptions=False)
    got = {r["supplier"]: r["value"] for r in json.loads(result.stdout)["rows"] if r["scope3_category"] == "1"}
    assert got == pytest.approx({
        "Northbridge Steel": 1_200_000 * 0.787 * TO_2022_PRICES / 1000,  # 944,400 kg x 0.932946 = 881.07 t
        "Lingnan Polymers": 300_000 * 0.371 * TO_2022_PRICES / 1000,  # 111,300 kg x 0.932946 = 103.84 t
        "Taihu Foundry": 50_000 * 2.4 / 1000,  # the foundry's own 2.4 kg per casting: 120 t
        "Wuxi Precision Machining": 7_121_700 / 7.1217 * TO_2022_PRICES * 0.278 / 1000,  # 259.36 t
        "Pearl River Packaging": 2_848_680 / 7.1217 * TO_2022_PRICES * 0.479 / 1000,  # 178.75 t
    })


def test_explain_one_supplier_shows_the_rate_and_index():
    result = CliRunner().invoke(main, ["explain", MANUFACTURER, "--year", "2024", "--supplier", "Pearl River Packaging",
                                       "--format", "json"], catch_exceptions=False)
    payload = json.loads(result.stdout)
    assert payload["total_co2e"] == pytest.approx(2_848_680 / 7.1217 * TO_2022_PRICES * 0.479 / 1000)  # 178.75 t
    (line,) = payload["lines"]
    assert (line["input_quantity"], line["input_unit"]) == (2848680, "RMB")
    assert "(fx.csv row 2)" in line["conversion"] and "price-index.csv row 4" in line["conversion"]
