"""Scope 2 outside China and the UK: shipped grid datasets, worked by hand.

1 lb = 0.45359237 kg; AR5 GWP-100: CH4 28, N2O 265 (IPCC AR5 Table 8.A.1).
"""

import pandas as pd
import pytest

from ghgcalc.factors.library import load_factor_library
from ghgcalc.inventory.engine import compute_inventory

LB = 0.45359237

USER_SIDECAR = """[dataset]
id = "{id}"
kind = "emission_factors"
title = "{title}"
publisher = "{publisher}"
edition = "{edition}"
licence = "used under the publisher's terms; not redistributed"
retrieved = "2026-12-01"

[sources.own]
document = "{document}"
"""


def rows(region, year, quantity_mwh=1000.0, **extra):
    return pd.DataFrame({"year": [year], "activity": ["electricity.grid"], "quantity": [quantity_mwh], "unit": ["MWh"],
                         "region": [region], **{k: [v] for k, v in extra.items()}})


def own_factors(folder, name, csv_rows, **meta):
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.csv").write_text("factor_id,activity,region,gas,year_from,year_to,value,unit,source_id,note\n"
                                        + "\n".join(csv_rows) + "\n")
    (folder / f"{name}.toml").write_text(USER_SIDECAR.format(id=name, **meta))
    return folder


def by_method(result):
    return result.emissions.groupby("scope2_method")["co2e_t"].sum()


def test_egrid_subregion_gases_combined_under_the_named_set(library):
    # eGRID2023 WECC California (CAMX), total output: CO2 436.655, CH4 0.025, N2O 0.003 lb/MWh
    result = compute_inventory(rows("CAMX", 2023), library, "AR5GWP100")
    co2 = 1000 * 436.655 * LB / 1000          # 198.0634 t CO2
    ch4 = 1000 * 0.025 * LB / 1000 * 28       # 0.3175 t CO2e
    n2o = 1000 * 0.003 * LB / 1000 * 265      # 0.3606 t CO2e
    assert by_method(result)["location"] == pytest.approx(co2 + ch4 + n2o)  # 198.7415
    location = result.emissions[result.emissions["scope2_method"] == "location"].set_index("gas")
    assert location.loc["CO2", "factor_id"] == "epa-egrid/electricity.grid/CAMX/2023/CO2"
    assert location.loc["CH4", "mass_t"] == pytest.approx(0.025 * LB)


def test_egrid_under_ar6_changes_only_the_ch4_and_n2o_parts(library):
    # AR6 Table 7.SM.7: CH4 27.9 (grid electricity has no fuel origin in the catalogue), N2O 273:
    # 0.01134 t CH4 x (27.9 - 28) + 0.00136 t N2O x (273 - 265) = -0.00113 + 0.01089
    ar5 = by_method(compute_inventory(rows("CAMX", 2023), library, "AR5GWP100"))["location"]
    ar6 = by_method(compute_inventory(rows("CAMX", 2023), library, "AR6GWP100"))["location"]
    assert ar6 - ar5 == pytest.approx(0.025 * LB * (27.9 - 28) + 0.003 * LB * (273 - 265), rel=1e-3)


def test_a_us_state_is_not_a_subregion_unless_parent_region_is_allowed(library):
    refused = compute_inventory(rows("US-OH", 2023), library, "AR5GWP100")
    assert refused.rows_rejected == 1 and "US-OH" in refused.rejected["message"].iloc[0]
    # with the rule: the eGRID2023 US average, 771.523 lb CO2, 0.057 lb CH4, 0.008 lb N2O per MWh
    result = compute_inventory(rows("US-OH", 2023), library, "AR5GWP100", fallback=["parent_region"])
    assert by_method(result)["location"] == pytest.approx(771.523 * LB + 0.057 * LB * 28 + 0.008 * LB * 265)
    assert set(result.emissions["fallback"]) >= {"parent_region: US-OH -> US"}


def test_eu_country_location_from_eea_market_from_the_users_residual_mix(library, tmp_path):
    # Germany 2023: EEA 316 g CO2e/kWh generated. AIB's residual mix may not be shipped: the user points
    # to their own copy (here AIB European Residual Mixes 2023, Table 2, DE 719.90 g CO2/kWh).
    folder = own_factors(tmp_path / "aib", "aib-residual-mix-2023",
                         ["aib/DE/2023,electricity.residual_mix,DE,CO2,2023,2023,719.90,g CO2 / kWh,own,"],
                         title="European Residual Mixes 2023 (our licensed copy)", publisher="Association of Issuing Bodies",
                         edition="2023 v1.0", document="AIB European Residual Mixes 2023, Table 2, Germany")
    result = compute_inventory(rows("DE", 2023), load_factor_library([folder]), "AR5GWP100")
    totals = by_method(result)
    assert totals["location"] == pytest.approx(1000 * 0.316)  # 316.0 t CO2e
    assert totals["market"] == pytest.approx(1000 * 0.71990)  # 719.9 t CO2 = t CO2e
    market = result.emissions[result.emissions["scope2_method"] == "market"].iloc[0]
    assert market["factor_id"] == "aib/DE/2023" and market["fallback"] == ""


def test_eu_country_without_a_residual_mix_says_market_used_location(library):
    result = compute_inventory(rows("DE", 2024), library, "AR5GWP100")
    assert by_method(result)["market"] == pytest.approx(1000 * 0.291)  # EEA 2024, 291 g CO2e/kWh
    market = result.emissions[result.emissions["scope2_method"] == "market"].iloc[0]
    assert "no residual mix for region DE in 2024" in market["fallback"]


def test_certificates_count_zero_against_the_australian_residual_mix(library):
    # NGA 2024: Victoria 0.77 kg CO2e/kWh location-based; national residual mix 0.81 market-based
    table = pd.concat([rows("AU-VIC", 2024, 600.0), rows("AU-VIC", 2024, 400.0, instrument="REC")], ignore_index=True)
    table["instrument"] = table["instrument"].fillna("")
    totals = by_method(compute_inventory(table, library, "AR5GWP100"))
    assert totals["location"] == pytest.approx(1000 * 0.77)            # 770 t
    assert totals["market"] == pytest.approx(600 * 0.81 + 400 * 0.0)  # 486 t


def test_japan_needs_the_users_factor_and_then_uses_it(library, tmp_path):
    # No citable copy of the MOE/METI national average is shipped: a JP row is refused with the way out
    refused = compute_inventory(rows("JP", 2024), library, "AR5GWP100")
    assert refused.rows_rejected == 1
    assert "no emission factor for electricity.grid in region 'JP', year 2024" in refused.rejected["message"].iloc[0]
    folder = own_factors(tmp_path / "jp", "moe-jp", ["moe/JP/2024,electricity.grid,JP,CO2,2024,2024,0.000423,t CO2 / kWh,own,"],
                         title="Japan national average emission factor", publisher="Ministry of the Environment, Japan",
                         edition="FY2024 actuals (R8 submission)", document="r08_denki_coefficient_rev4.pdf, national average")
    result = compute_inventory(rows("JP", 2024), load_factor_library([folder]), "AR5GWP100")
    assert by_method(result)["location"] == pytest.approx(1000 * 1000 * 0.000423)  # 1,000,000 kWh x 0.000423 t = 423 t


def test_canada_and_korea_per_kwh_consumed(library):
    ontario = by_method(compute_inventory(rows("CA-ON", 2024), library, "AR5GWP100"))["location"]
    korea = by_method(compute_inventory(rows("KR", 2023), library, "AR5GWP100"))["location"]
    assert ontario == pytest.approx(1000 * 0.073)    # ECCC Table 5.4, 73 g CO2e/kWh
    assert korea == pytest.approx(1000 * 0.4173)     # 0.4173 t CO2e/MWh (provisional)
