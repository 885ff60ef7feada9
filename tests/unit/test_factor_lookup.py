"""Factor look-up: most specific match, fallbacks only by a named rule, user data first."""

import pandas as pd
import pytest

from ghgcalc.errors import ConfigError, InputError
from ghgcalc.factors.library import FactorLibrary, load_dataset, load_factor_library
from ghgcalc.inventory.engine import compute_inventory

SIDECAR = """[dataset]
id = "{id}"
kind = "emission_factors"
title = "Supplier-specific electricity factors"
publisher = "Example Power Co."
edition = "2023"
licence = "CC-BY-4.0"
retrieved = "2024-03-01"

[sources.contract]
document = "Example Power Co. fuel mix disclosure 2023"
table = "Table 1"
"""


def user_dataset(folder, name="my-supplier", rows="mine/CN-BJ/2023,electricity.grid,CN-BJ,CO2,2023,2023,0.30,kg CO2 / kWh,contract,"):
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.csv").write_text("factor_id,activity,region,gas,year_from,year_to,value,unit,source_id,note\n" + rows + "\n")
    (folder / f"{name}.toml").write_text(SIDECAR.format(id=name))
    return folder


def one_row(region, year):
    return pd.DataFrame({"year": [year], "activity": ["electricity.grid"], "quantity": [1000.0], "unit": ["MWh"], "region": [region]})


def location_line(result):
    return result.emissions[result.emissions["scope2_method"] == "location"].iloc[0]


def test_user_factors_take_precedence_over_shipped(tmp_path):
    library = load_factor_library([user_dataset(tmp_path / "factors")])
    line = location_line(compute_inventory(one_row("CN-BJ", 2023), library, "AR5GWP100"))
    assert line["factor_id"] == "mine/CN-BJ/2023"
    assert line["co2e_t"] == pytest.approx(1000 * 0.30)  # 1,000 MWh x 0.30 t CO2/MWh


def test_no_fallback_unless_named(library):
    # the MEE/NBS provincial factors stop at 2022; nothing for Beijing 2023 without a rule
    result = compute_inventory(one_row("CN-BJ", 2023), library, "AR5GWP100")
    assert result.rows_rejected == 1
    assert "no emission factor for electricity.grid in region 'CN-BJ', year 2023" in result.rejected["message"].iloc[0]


def test_parent_region_fallback_is_reported(library):
    result = compute_inventory(one_row("CN-BJ", 2023), library, "AR5GWP100", fallback=["parent_region"])
    line = location_line(result)
    # Beijing is on the North China grid: 2023 regional average 0.6361 kg CO2/kWh
    assert line["factor_id"] == "mee-nbs-electricity/electricity.grid/CN-NORTH/2023/CO2"
    assert line["co2e_t"] == pytest.approx(1000 * 0.6361)
    assert line["fallback"] == "parent_region: CN-BJ -> CN-NORTH"


def test_latest_earlier_year_fallback_is_reported(library):
    result = compute_inventory(one_row("CN-BJ", 2023), library, "AR5GWP100", fallback=["latest_earlier_year"])
    line = location_line(result)
    # Beijing 2022 provincial factor 0.5580 kg CO2/kWh
    assert line["co2e_t"] == pytest.approx(1000 * 0.5580)
    assert line["fallback"] == "latest_earlier_year: 2023 -> 2022"


def test_exact_year_at_a_parent_beats_an_earlier_year_here(library):
    result = compute_inventory(one_row("CN-BJ", 2023), library, "AR5GWP100", fallback=["parent_region", "latest_earlier_year"])
    assert location_line(result)["fallback"] == "parent_region: CN-BJ -> CN-NORTH"


def test_market_based_without_residual_mix_says_so(tmp_path):
    rows = "mine/GB/2023,electricity.grid,GB,CO2,2023,2023,0.2,kg CO2 / kWh,contract,"
    library = load_factor_library([user_dataset(tmp_path / "f", rows=rows)])
    result = compute_inventory(one_row("GB", 2023), library, "AR5GWP100")
    market = result.emissions[result.emissions["scope2_method"] == "market"].iloc[0]
    assert market["co2e_t"] == pytest.approx(200.0)
    assert market["fallback"] == "no residual mix for region GB in 2023: location-based factor used"


def test_two_datasets_matching_equally_is_an_error(tmp_path, library):
    folder = user_dataset(tmp_path / "f", name="a")
    user_dataset(folder, name="b")
    shipped = [d for d in library.datasets.values() if d.kind not in ("emission_factors", "properties")]
    unordered = FactorLibrary(shipped + [load_dataset(folder / "a.csv"), load_dataset(folder / "b.csv")], precedence=[])
    with pytest.raises(ConfigError, match="datasets a, b both match equally well; put one before the other in factor_sets"):
        unordered.find_factors("electricity.grid", "CN-BJ", 2023)


def test_a_factor_file_without_provenance_is_refused(tmp_path):
    (tmp_path / "bare.csv").write_text("factor_id,activity,region,gas,year_from,year_to,value,unit,source_id\n")
    with pytest.raises(ConfigError, match="no provenance file bare.toml"):
        load_dataset(tmp_path / "bare.csv")


def test_bad_factor_rows_are_all_listed(tmp_path):
    rows = ("x/1,electricity.grid,CN,CO2,2023,2023,-1,kg CO2 / kWh,contract,\n"
            "x/2,electricity.grid,CN,CO2,2024,2023,0.5,kg CO2e / kWh,nowhere,")
    folder = user_dataset(tmp_path / "f", name="bad", rows=rows)
    with pytest.raises(InputError) as caught:
        load_dataset(folder / "bad.csv")
    messages = [str(p) for p in caught.value.problems]
    assert "bad.csv, row 2, column value: a factor cannot be negative" in messages
    assert "bad.csv, row 3, column year_to: year_to is before year_from" in messages
    assert any(m.startswith("bad.csv, row 3, column unit: expected a mass of CO2 per unit of activity") for m in messages)
    assert any(m.startswith("bad.csv, row 3, column source_id: source 'nowhere' is not described") for m in messages)


def test_a_bad_unit_is_reported_on_every_row_that_has_it(tmp_path):
    """Units are checked once per distinct (unit, gas) pair, and each row with a bad one is still named."""
    rows = ("x/1,electricity.grid,CN,CO2,2021,2021,0.5,kg CO2e / kWh,contract,\n"
            "x/2,electricity.grid,CN,CO2,2022,2022,0.5,kg CO2 / kWh,contract,\n"
            "x/3,electricity.grid,CN,CO2,2023,2023,0.5,kg CO2e / kWh,contract,\n"
            "x/4,electricity.grid,CN,CH4,2023,2023,0.5,kg CO2 / kWh,contract,")
    folder = user_dataset(tmp_path / "f", name="bad", rows=rows)
    with pytest.raises(InputError) as caught:
        load_dataset(folder / "bad.csv")
    named = sorted((p.row, p.column) for p in caught.value.problems)
    assert named == [(2, "unit"), (4, "unit"), (5, "unit")]


@pytest.mark.parametrize("rows, detail", [
    # one note with an unquoted comma: pandas stopped with a traceback
    ("x/1,electricity.grid,CN,CO2,2023,2023,0.5,kg CO2 / kWh,contract,ok\n"
     "x/2,electricity.grid,CN,CO2,2024,2024,0.5,kg CO2 / kWh,contract,grid, 2024", " (Expected 10 fields in line 3, saw 11)"),
    # every note with one: pandas took the first column as an index and shifted the others, so source_id read the note
    ("x/1,electricity.grid,CN,CO2,2023,2023,0.5,kg CO2 / kWh,contract,grid, 2023", ""),
])
def test_a_comma_in_an_unquoted_cell_is_named_not_shifted(tmp_path, rows, detail):
    folder = user_dataset(tmp_path / "f", name="commas", rows=rows)
    with pytest.raises(InputError) as caught:
        load_dataset(folder / "commas.csv")
    assert [str(p) for p in caught.value.problems] == [
        f"commas.csv: rows have more cells than the header names{detail}; a cell holding a comma must be in double quotes"]
