"""Grid factors published only as CO2e under another GWP set are labelled under the inventory's set, never
silently mixed. EEA 2025 edition: Germany 2024, 291 g CO2e/kWh (AR5, per its sidecar); no per-gas values."""

import pandas as pd
import pytest

from ghgcalc.inventory.engine import compute_inventory
from ghgcalc.workspace.pipeline import run_inventory
from tests.conftest import ROOT


def germany() -> pd.DataFrame:
    return pd.DataFrame({"year": [2024], "activity": ["electricity.grid"], "quantity": [1000.0], "unit": ["MWh"],
                         "region": ["DE"]})


def fallbacks(library, gwp_set, fallback=()) -> set:
    totals = compute_inventory(germany(), library, gwp_set, fallback=fallback).totals
    return set(totals["fallback"].astype(str))


def test_under_the_publishers_set_nothing_is_said(library):
    totals = compute_inventory(germany(), library, "AR5GWP100").totals
    assert totals["co2e_t"].sum() == pytest.approx(2 * 1000 * 0.291)  # location and market (no residual mix) alike
    assert not any("CO2e as published" in f for f in fallbacks(library, "AR5GWP100"))


def test_under_another_set_each_line_says_so_and_the_value_stays_as_published(library):
    said = fallbacks(library, "AR6GWP100")
    assert any("CO2e as published under AR5GWP100 (no per-gas values to re-weigh); the inventory is under AR6GWP100" in f
               for f in said)
    allowed = fallbacks(library, "AR6GWP100", ("mixed_gwp",))
    assert any(f.startswith("mixed_gwp: CO2e as published under AR5GWP100") for f in allowed)
    assert compute_inventory(germany(), library, "AR6GWP100").totals["co2e_t"].sum() == pytest.approx(2 * 291.0)


def test_the_inventory_names_the_share_of_scope_2_in_another_set():
    # examples/packaging-eu, FY2023/24 location-based: EEA DE 8,200 MWh x 0.291 + PL 6,000 MWh x 0.566
    # = 2,386.20 + 3,396.00 = 5,782.20 t as published (AR5) of 5,906.45 t (the UK office's DESNZ factor is
    # re-weighted per gas: 600 MWh x 0.20708 = 124.25 t)
    doc = run_inventory(ROOT / "examples" / "packaging-eu").to_dict()
    scope2 = [m for m in doc["gwp_mixed"] if m["scope"] == "2" and m["year"] == 2024]
    assert [m["scope2_method"] for m in scope2] == ["location"]
    assert scope2[0]["co2e_t"] == pytest.approx(8_200 * 0.291 + 6_000 * 0.566)
    leeds = 600 * (0.20493 + 3.21429e-5 * 27.9 + 4.60377e-6 * 273)
    assert scope2[0]["share_of_scope"] == pytest.approx(5_782.2 / (5_782.2 + leeds))
    assert scope2[0]["share_of_scope3"] is None
