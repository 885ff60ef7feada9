"""Scope 3 category 3 derived from Scope 1 and 2 activity, worked by hand.

DESNZ 2024 full set, kg CO2e per kWh (AR5, as published): WTT of UK electricity generation 0.0459
(15_917_4000_5_1), WTT of its T&D losses 0.00397 (15_918_4000_5_1), T&D losses 0.0183 (13_402_4000_5_1;
per gas 0.01811 CO2 + 0.00008 CH4 + 0.00011 N2O), WTT of natural gas per kWh (Gross CV) 0.03021
(11_100_1004_6_1).
"""

import pandas as pd
import pytest

from ghgcalc.inventory.category3 import derive_category3, upstream_factors
from tests.conftest import ROOT

MANUFACTURER = ROOT / "examples" / "manufacturer" / "activity.csv"


def manufacturer_2024() -> pd.DataFrame:
    table = pd.read_csv(MANUFACTURER, dtype=str, keep_default_na=False)
    table = table.assign(year=table["year"].astype(int), quantity=table["quantity"].astype(float))
    return table[table["year"] == 2024].reset_index(drop=True)


def test_manufacturer_2024_category_3_by_hand(library):
    result = derive_category3(manufacturer_2024(), library, "AR6GWP100", fallback=("latest_earlier_year", "mixed_gwp"))
    # Birmingham: 420,000 kWh x (0.0459 + 0.00397) = 19,278 + 1,667.4 kg; gas 540,000 kWh x 0.03021 = 16,313.4 kg.
    # Its T&D losses are typed in activity.csv (electricity.td_losses), so they are not derived again.
    assert result.lines["co2e_t"].sum() == pytest.approx((420_000 * (0.0459 + 0.00397) + 540_000 * 0.03021) / 1000)
    assert set(result.lines["part"]) == {"well-to-tank of generation", "well-to-tank of T&D losses", "well-to-tank"}
    coverage = result.coverage.iloc[0]
    # Scope 1 and 2 energy, fuels on the net basis: electricity 15,000 + 6,000 + 9,200 + 5,000 + 420 = 35,620 MWh;
    # GB gas 540,000 kWh, read on DESNZ's per kWh Gross CV factors, is gross: x 0.18457/0.20448 = 487.42 MWh net;
    # CN gas 410,000 m3 x 0.7 kg/m3 x 48 GJ/t = 13,776 GJ = 3,826.67 MWh; diesel 84,500 L x 0.8306 kg/L x 43 GJ/t
    # = 3,017.98 GJ = 838.33 MWh: 40,772.4 MWh, of which the UK office's 907.42 MWh (2.23 %) have upstream factors
    gas_gb = 540 * 0.18457 / 0.20448
    total = 35_620 + gas_gb + 410_000 * 0.7 * 48 / 1e6 / 3.6 * 1000 + 84_500 * 0.8306 * 43 / 1e6 / 3.6 * 1000
    assert coverage["energy_mwh"] == pytest.approx(total) and coverage["covered_mwh"] == pytest.approx(420 + gas_gb)
    assert coverage["covered_share"] == pytest.approx((420 + gas_gb) / total)
    assert len(result.findings) == 1 and "electricity.grid CN-JS 21,000 MWh" in result.findings[0]
    assert "no upstream factor for" in result.findings[0] and "(2.2%)" in result.findings[0]


def test_t_and_d_losses_are_derived_where_not_typed(library):
    # 1,000 MWh of UK grid electricity in 2024 under AR5: WTT 0.0459 + 0.00397, T&D 0.01811 + 0.00008 + 0.00011
    table = pd.DataFrame({"year": [2024], "activity": ["electricity.grid"], "quantity": [1000.0], "unit": ["MWh"],
                          "region": ["GB"]})
    result = derive_category3(table, library, "AR5GWP100")
    by_part = dict(zip(result.lines["part"], result.lines["co2e_t"]))
    assert by_part == pytest.approx({"well-to-tank of generation": 45.9, "well-to-tank of T&D losses": 3.97,
                                     "T&D losses": 1000 * (0.01811 + 0.00008 + 0.00011)})
    assert result.coverage.iloc[0]["covered_share"] == pytest.approx(1.0) and result.findings == ()


def test_a_co2e_only_wtt_factor_under_another_set_is_a_finding_not_a_silent_mix(library):
    table = pd.DataFrame({"year": [2024], "activity": ["natural_gas.stationary"], "quantity": [1000.0], "unit": ["kWh"],
                          "region": ["GB"]})
    result = derive_category3(table, library, "AR6GWP100")
    assert result.lines.empty
    assert any("published only as CO2e under AR5GWP100" in f for f in result.findings)


def test_every_upstream_factor_is_a_scope_3_row_of_the_2024_table(library):
    table = library.published_table("desnz-ghg-2024-full").frame.set_index("factor_id")
    for factor_id in upstream_factors()["factor_id"]:
        assert table.loc[factor_id, "scope"] == "Scope 3" and table.loc[factor_id, "gas"] == "CO2e", factor_id


def test_a_workspace_that_derives_category_3_adds_it_to_its_totals_and_names_its_coverage(tmp_path):
    # The manufacturer example sets derive_category3 = true: its 2024 category 3 is the typed T&D losses
    # (7.687 t, tests/e2e/test_scope3.py) plus the derived 420,000 x (0.0459 + 0.00397) + 540,000 x 0.03021 kg.
    from ghgcalc.workspace.pipeline import run_inventory

    lines = tmp_path / "lines.csv"
    summary = run_inventory(ROOT / "examples" / "manufacturer", years=[2024], lines_file=lines)
    derived = (420_000 * (0.0459 + 0.00397) + 540_000 * 0.03021) / 1000
    assert summary.rows_in == 50 and summary.rows_rejected == 0  # derived rows are not input rows
    doc = summary.to_dict()
    coverage = doc["category3_derived"]["coverage"]
    assert [c["year"] for c in coverage] == [2024] and coverage[0]["co2e_t"] == pytest.approx(derived)
    assert coverage[0]["covered_mwh"] == pytest.approx(420 + 540 * 0.18457 / 0.20448)  # the gas's kWh are gross: net
    assert any("no upstream factor for" in f for f in doc["category3_derived"]["findings"])
    table = pd.read_csv(lines, dtype={"scope3_category": str})
    from_rows = table[table["source"] == "activity.csv (category 3 derived)"]
    # each derived line names the Scope 1 or 2 row it comes from: activity.csv rows 38 (electricity) and 39 (gas)
    assert sorted(set(from_rows["row"])) == [38, 39] and set(from_rows["scope3_category"]) == {"3"}
    assert from_rows["co2e_t"].sum() == pytest.approx(derived)


def test_derive_category3_must_be_true_or_false(tmp_path):
    from ghgcalc.errors import GhgcalcError
    from ghgcalc.workspace.config import load_workspace

    (tmp_path / "ghgcalc.toml").write_text('[workspace]\ngwp_set = "AR6GWP100"\nderive_category3 = "yes"\n')
    with pytest.raises(GhgcalcError, match="derive_category3 = true"):
        load_workspace(tmp_path)


def test_rows_with_a_bad_year_or_quantity_derive_nothing_and_do_not_crash(library):
    table = pd.DataFrame({"year": ["2024", "20x4"], "activity": ["electricity.grid"] * 2, "quantity": ["1,0", "1000"],
                          "unit": ["MWh", "MWh"], "region": ["GB", "GB"]})
    result = derive_category3(table, library, "AR5GWP100")
    assert result.lines.empty and result.activities.empty


def test_a_parquet_source_is_named_as_not_derived_never_silently_left_out(tmp_path):
    from ghgcalc.workspace.pipeline import run_inventory

    pd.DataFrame({"year": [2024], "activity": ["electricity.grid"], "quantity": [1000.0], "unit": ["MWh"],
                  "region": ["GB"]}).to_parquet(tmp_path / "activity.parquet")
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\ngwp_set = "AR5GWP100"\nderive_category3 = true\n'
                                           '[data]\nactivity = ["activity.parquet"]\n')
    doc = run_inventory(tmp_path, years=[2024]).to_dict()
    assert doc["category3_derived"]["coverage"] == []
    assert doc["category3_derived"]["findings"] == [
        "category 3 not derived from activity.parquet: it is read piece by piece (Parquet); derive it from a CSV or "
        "XLSX table, or type it as category 3 rows"]


def test_explain_shows_the_scope_1_or_2_row_behind_each_derived_line():
    from ghgcalc.workspace.explain import explain_figure
    from ghgcalc.workspace.pipeline import inventory_for_workspace, locate_workspace

    run = inventory_for_workspace(locate_workspace(ROOT / "examples" / "manufacturer"))
    lines = explain_figure(run, year=2024, scope3_category="3").to_frame()
    derived = lines[lines["source"] == "activity.csv (category 3 derived)"]
    # rows 38 (420 MWh of UK grid electricity: two WTT parts) and 39 (540,000 kWh of natural gas)
    assert sorted(zip(derived["row"], derived["input_quantity"], derived["input_unit"])) == [
        (38, 420, "MWh"), (38, 420, "MWh"), (39, 540000, "kWh")]
