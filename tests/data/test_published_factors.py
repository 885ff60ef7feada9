"""Shipped publisher tables hold the publishers' values.

Expected values were read off the workbooks ('Factors by Category' sheet, the Excel row in
each comment) and the EPA CSV, and typed in here; they are not the import's output. Every
test runs against the shipped CSV. When the source files are at hand, the same samples are
checked against them too, cell by cell, and the import is re-run and compared byte for byte:

    DESNZ_FLAT_DIR=folder-with-the-workbooks-and-the-EPA-csv python -m pytest tests/data

Without DESNZ_FLAT_DIR, the folder ../shared/data beside the repository is used when it exists
(where the project keeps the publishers' files, with a .source.md note for each). DESNZ_FLAT_DIR is searched for the publisher's files by year ('2021' ... '2025' and 'flat',
or 'full' for the 2024 full set) and for the EPA file ('naics' and 'co2e'). EPA_SUPPLY_CHAIN_CSV
may name the EPA file directly.
"""

from __future__ import annotations

import functools
import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from ghgcalc.factors.library import load_dataset

ROOT = Path(__file__).resolve().parents[2]
FACTORS = ROOT / "factors"
SHARED_DATA = ROOT.parent / "shared" / "data"
SOURCE_DIR = (Path(os.environ["DESNZ_FLAT_DIR"]) if os.environ.get("DESNZ_FLAT_DIR")
              else SHARED_DATA if SHARED_DATA.is_dir() else None)

# (year, factor_id, Excel row of 'Factors by Category', gas, published value).
# 2021 and 2022 have no ID column: their factor_id is "row-" + the Excel row.
DESNZ_SAMPLE = [
    (2025, "7_400_4000_5_1", 3066, "CO2e", 0.177),          # Scope 2, UK electricity generated, kWh
    (2025, "7_400_4000_5_2", 3067, "CO2", 0.17489),         # same, kg CO2e of CO2
    (2025, "1_100_1004_15_3", 73, "CH4", 3.8528),           # Scope 1, natural gas, tonnes, CH4
    (2025, "1_100_1004_1_2", 76, "CO2", 2.0627),            # Scope 1, natural gas, cubic metres, CO2
    (2025, "21_316_3160_11_1", 4410, "CO2e", 0.22928),      # Scope 3, flights domestic, average passenger, with RF
    (2025, "29_600_4000_13_1", 7395, "CO2e", 10.4),         # Scope 3, hotel stay UK, room per night
    (2025, "99_400_4001_5_2", 8746, "CO2", 0.11507),        # Outside of scopes, electricity generated
    (2025, "27_304_3138_14_1", 6381, "CO2e", 0.12226),      # Scope 3, HGV (all diesel) 50% laden, tonne.km
    (2025, "20_507_5313_15_1", 4261, "CO2e", 520.5327),     # Scope 3, commercial and industrial waste, landfill
    (2025, "6_301_3053_4_5", 2734, "", 0.66377),            # Scope 1, SECR kWh (Net CV) per km, medium diesel car
    (2025, "17_404_4005_10_1", 3945, "CO2e", 191.30156),    # Scope 3, water supply, million litres
    (2023, "7_400_4000_5_1", 2850, "CO2e", 0.20707428859060403),    # Scope 2, UK electricity (stored unrounded)
    (2023, "13_402_4000_5_4", 3414, "N2O", 0.00010671140939597315), # Scope 3, T&D UK electricity, N2O
    (2023, "11_100_1004_6_1", 3261, "CO2e", 0.03021),       # Scope 3, WTT natural gas, kWh (Gross CV)
    (2023, "4_301_3053_4_3", 1454, "CH4", 4.6368e-06),      # Scope 1, medium diesel car, km, CH4
    (2023, "19_500_5003_15_1", 3735, "CO2e", 3.194911723241611),    # Scope 3, aggregates, closed-loop source
    (2022, "row-2854", 2854, "CO2e", 0.19338),              # Scope 2, UK electricity (Level 4 '2020')
    (2022, "row-3412", 3412, "CO2e", 0.01769),              # Scope 3, T&D UK electricity
    (2022, "row-4195", 4195, "CO2e", 0.24587),              # Scope 3, flights domestic, with RF
    (2022, "row-1448", 1448, "CO2e", 0.16800414),           # Scope 1, medium diesel car, km
    (2022, "row-6910", 6910, "CO2e", 10.4),                 # Scope 3, hotel stay UK
    (2021, "row-1974", 1974, "CO2e", 0.21233),              # Scope 2, UK electricity
    (2021, "row-70", 70, "CO2e", 0.18316),                  # Scope 1, natural gas, kWh (Gross CV)
    (2021, "row-3574", 3574, "N2O", 0.00122),               # Scope 3, flights domestic with RF, label 'kg N2O'
    (2021, "row-7021", 7021, "CO2", 0.10686785675626792),   # Outside of scopes, electricity generated
    (2021, "row-6888", 6888, "CO2e", 467.0458),             # Scope 3, commercial and industrial waste, landfill
    (2021, "row-7199", 7199, "", 0.6578),                   # Scope 1, SECR kWh (Net CV) per km, medium diesel car
]

# 2024 full set (no IDs; each row takes the flat files' ID for the same labels):
# (factor_id, sheet, Excel row, column heading, gas, published value), read off the sheets.
DESNZ_2024_SAMPLE = [
    ("7_400_4000_5_1", "UK electricity", 25, "kg CO2e", "CO2e", 0.20705),          # Electricity: UK, kWh
    ("7_400_4000_5_2", "UK electricity", 25, "kg CO2e of CO2 per unit", "CO2", 0.20493),
    ("21_316_3164_11_1", "Business travel- air", 25, "With RF", "CO2e", 0.18287),  # short-haul economy
    ("21_316_3161_11_1", "Business travel- air", 23, "Without RF", "CO2e", 0.16098),  # domestic, average
    ("4_300_3000_4_1", "Passenger vehicles", 26, "Diesel", "CO2e", 0.10764),       # mini, km
    ("4_300_3001_4_2", "Passenger vehicles", 26, "Petrol", "CO2", 0.13019),
    ("20_500_5169_15_1", "Waste disposal", 24, "Open-loop", "CO2e", 0.98485),      # aggregates
    ("20_500_5173_15_1", "Waste disposal", 24, "Landfill", "CO2e", 1.23393),
    ("32_601_9999_12_1", "Homeworking", 22, "", "CO2e", 0.03144),                   # office equipment
    ("3_200_2003_3_1", "Refrigerant & other", 21, "", "CO2e", 28.0),                # methane, kg
]

# EPA v1.3.0 NAICS CO2e file: (code, without margins, margins, with margins), kg CO2e per 2022 USD.
EPA_SAMPLE = [
    ("111110", 0.488, 0.044, 0.532),   # Soybean Farming
    ("327310", 3.846, 0.078, 3.924),   # Cement Manufacturing, the largest factor
    ("541511", 0.084, 0.0, 0.084),     # Custom Computer Programming Services
]
# With-margins values quoted by an independent write-up of the same file.
EPA_WITH_MARGINS = {"331110": 0.787, "481111": 0.644, "484121": 0.595, "325211": 1.045,
                    "112111": 2.893, "236220": 0.224, "334111": 0.058}


@functools.lru_cache(maxsize=None)
def shipped(dataset_id: str) -> pd.DataFrame:
    return pd.read_csv(FACTORS / f"{dataset_id}.csv", dtype=str, keep_default_na=False).set_index("factor_id")


def source_file(*words: str) -> Path | None:
    if SOURCE_DIR is None:
        return None
    hits = [p for p in sorted(SOURCE_DIR.iterdir()) if all(w in p.name.lower() for w in words)
            and p.suffix.lower() in (".xls", ".xlsx", ".csv")]
    return hits[0] if hits else None


def desnz_workbook(year: int) -> Path | None:
    return source_file(str(year), "flat") or (source_file(str(year), "full") if year == 2024 else None)


@functools.lru_cache(maxsize=None)
def sheet_cells(path: Path) -> pd.DataFrame:
    """The factor sheet as raw cells; frame row i is Excel row i + 1."""
    engine = "calamine" if path.suffix.lower() == ".xls" else "openpyxl"
    if engine == "calamine":
        pytest.importorskip("python_calamine", reason="the legacy .xls workbooks need the data extra (python-calamine)")
    return pd.read_excel(path, sheet_name="Factors by Category", header=None, dtype=object, engine=engine)


def test_the_sample_spans_every_scope_and_year():
    scopes = {shipped(f"desnz-ghg-{y}-full").loc[i, "scope"] for y, i, *_ in DESNZ_SAMPLE}
    assert scopes == {"Scope 1", "Scope 2", "Scope 3", "Outside of Scopes"}
    assert {y for y, *_ in DESNZ_SAMPLE} == {2021, 2022, 2023, 2025}
    assert len(DESNZ_SAMPLE) >= 20


@pytest.mark.parametrize("year, factor_id, sheet_row, gas, expected", DESNZ_SAMPLE)
def test_shipped_desnz_value_is_the_published_value(year, factor_id, sheet_row, gas, expected):
    row = shipped(f"desnz-ghg-{year}-full").loc[factor_id]
    assert float(row["value"]) == pytest.approx(expected, rel=1e-12)
    assert row["gas"] == gas
    assert int(row["sheet_row"]) == sheet_row


@pytest.mark.parametrize("year, factor_id, sheet_row, gas, expected", DESNZ_SAMPLE)
def test_flat_file_cell_holds_the_sample_value(year, factor_id, sheet_row, gas, expected):
    path = desnz_workbook(year)
    if path is None:
        pytest.skip(f"set DESNZ_FLAT_DIR to a folder holding the DESNZ {year} flat file")
    cells = sheet_cells(path)
    row = cells.iloc[sheet_row - 1]
    value_column = next(j for j in range(cells.shape[1]) if str(cells.iloc[:10, j].tolist()).count(f"Conversion Factor {year}"))
    assert float(row.iloc[value_column]) == pytest.approx(expected, rel=1e-12)
    if not factor_id.startswith("row-"):
        assert row.iloc[0] == factor_id


@pytest.mark.parametrize("factor_id, sheet, sheet_row, heading, gas, expected", DESNZ_2024_SAMPLE)
def test_shipped_desnz_2024_value_is_the_full_set_value(factor_id, sheet, sheet_row, heading, gas, expected):
    row = shipped("desnz-ghg-2024-full").loc[factor_id]
    assert float(row["value"]) == expected and row["gas"] == gas
    assert row["sheet_row"] == f"{sheet}!{sheet_row}" and row["level_1"] == sheet
    assert heading in (row["column_text"], row["ghg_unit"], "")


def test_one_id_names_the_same_factor_in_2023_2024_and_2025():
    labels = ["scope", "level_1", "level_2", "level_3", "column_text", "uom", "ghg_unit"]
    tables = [shipped(f"desnz-ghg-{year}-full") for year in (2023, 2024, 2025)]
    for factor_id in ("21_316_3164_11_1", "27_304_3140_14_1", "20_507_5313_15_1", "4_301_3074_4_1"):
        assert len({tuple(t.loc[factor_id, labels]) for t in tables}) == 1, factor_id


@functools.lru_cache(maxsize=None)
def full_set_sheet(path: Path, sheet: str) -> pd.DataFrame:
    """One sheet of the 2024 full set as raw cells, read once for the samples it holds."""
    return pd.read_excel(path, sheet_name=sheet, header=None, dtype=object, engine="openpyxl")


@pytest.mark.parametrize("factor_id, sheet, sheet_row, heading, gas, expected", DESNZ_2024_SAMPLE)
def test_full_set_cell_holds_the_2024_sample_value(factor_id, sheet, sheet_row, heading, gas, expected):
    path = desnz_workbook(2024)
    if path is None:
        pytest.skip("set DESNZ_FLAT_DIR to a folder holding the DESNZ 2024 full set")
    cells = full_set_sheet(path, sheet)
    assert any(v == expected for v in cells.iloc[sheet_row - 1].tolist() if isinstance(v, (int, float)))


def test_uk_electricity_scope_2_factor_for_every_year_2021_to_2025(library):
    # kg CO2 per kWh, 'kg CO2e of CO2' of UK electricity generated in each edition:
    # 2021 row 1976 0.21016; 2022 row 2855 0.19121; 2023 ID 7_400_4000_5_2 0.20496;
    # 2024 full set, sheet 'UK electricity' row 25, 0.20493; 2025 ID 7_400_4000_5_2 0.17489.
    expected = {2021: 0.21016, 2022: 0.19121, 2023: 0.20496, 2024: 0.20493, 2025: 0.17489}
    for year, value in expected.items():
        co2 = [f for f in library.find_factors("electricity.grid", "GB", year) if f.gas == "CO2"]
        assert [(f.dataset, f.value, f.fallback) for f in co2] == [(f"desnz-{year}", value, "")]


def test_selection_ch4_is_the_published_co2e_over_28():
    # 2021 row 1975: 0.0008 kg CO2e of CH4 per kWh -> 0.0008 / 28 = 2.85714e-05 kg CH4 (6 s.f.)
    table = shipped("desnz-2021")
    assert float(table.loc["desnz-2021/electricity.grid/GB/2021/CH4/per-kWh", "value"]) == pytest.approx(0.0008 / 28, rel=1e-5)


@pytest.mark.parametrize("code, without, margins, with_margins", EPA_SAMPLE)
def test_shipped_epa_rows_are_the_published_values(code, without, margins, with_margins):
    table = shipped("epa-supply-chain-v1.3-naics")
    for basis, expected in (("without_margins", without), ("margins", margins), ("with_margins", with_margins)):
        row = table.loc[f"{code}/{basis}"]
        assert float(row["value"]) == expected
        assert (row["naics_code"], row["basis"], row["gas"], row["unit"]) == (code, basis, "CO2e", "kg CO2e / USD")


def test_epa_with_margins_agrees_with_independent_quotes():
    table = shipped("epa-supply-chain-v1.3-naics")
    assert {c: float(table.loc[f"{c}/with_margins", "value"]) for c in EPA_WITH_MARGINS} == EPA_WITH_MARGINS


def test_epa_table_covers_1016_codes_and_margins_add_up():
    table = shipped("epa-supply-chain-v1.3-naics")
    wide = table.pivot(index="naics_code", columns="basis", values="value").astype(float)
    assert len(wide) == 1016
    # published to 3 decimals, so SEF + MEF = SEF+MEF within 0.001
    assert ((wide["without_margins"] + wide["margins"] - wide["with_margins"]).abs() <= 0.001 + 1e-9).all()


def epa_source() -> Path | None:
    explicit = os.environ.get("EPA_SUPPLY_CHAIN_CSV")
    return Path(explicit) if explicit else source_file("naics", "co2e")


@pytest.mark.parametrize("code, without, margins, with_margins", EPA_SAMPLE)
def test_epa_file_holds_the_sample_values(code, without, margins, with_margins):
    path = epa_source()
    if path is None:
        pytest.skip("set DESNZ_FLAT_DIR or EPA_SUPPLY_CHAIN_CSV to check against the EPA file")
    source = pd.read_csv(path, dtype=str).set_index("2017 NAICS Code")
    row = source.loc[code]
    assert [float(row[c]) for c in ("Supply Chain Emission Factors without Margins",
                                    "Margins of Supply Chain Emission Factors",
                                    "Supply Chain Emission Factors with Margins")] == [without, margins, with_margins]


@pytest.mark.parametrize("year", [2021, 2022, 2023, 2024, 2025])
def test_desnz_import_rewrites_the_shipped_files_byte_for_byte(year, tmp_path):
    path = desnz_workbook(year)
    if path is None:
        pytest.skip(f"set DESNZ_FLAT_DIR to a folder holding the DESNZ {year} workbook")
    if path.suffix.lower() == ".xls":
        pytest.importorskip("python_calamine")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "import_desnz.py"), str(path),
                    "--output", str(tmp_path / "selection.csv"), "--full-output", str(tmp_path / "full.csv")],
                   check=True, capture_output=True)
    assert (tmp_path / "selection.csv").read_bytes() == (FACTORS / f"desnz-{year}.csv").read_bytes()
    assert (tmp_path / "full.csv").read_bytes() == (FACTORS / f"desnz-ghg-{year}-full.csv").read_bytes()


def test_epa_import_rewrites_the_shipped_file_byte_for_byte(tmp_path):
    path = epa_source()
    if path is None:
        pytest.skip("set DESNZ_FLAT_DIR or EPA_SUPPLY_CHAIN_CSV to re-run the EPA import")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "import_epa_supply_chain.py"), str(path),
                    "--output", str(tmp_path / "epa.csv")], check=True, capture_output=True)
    assert (tmp_path / "epa.csv").read_bytes() == (FACTORS / "epa-supply-chain-v1.3-naics.csv").read_bytes()


# ---------------------------------------------------------------- in the factor library

PUBLISHED = ["desnz-ghg-2021-full", "desnz-ghg-2022-full", "desnz-ghg-2023-full", "desnz-ghg-2024-full",
             "desnz-ghg-2025-full", "epa-supply-chain-v1.3-naics", "epa-supply-chain-v1.3-naics-byghg"]


def test_publisher_tables_are_listed_but_not_loaded_with_the_library(library):
    assert library.published_datasets() == PUBLISHED
    assert not set(PUBLISHED) & set(library.datasets)


@pytest.mark.parametrize("dataset_id", PUBLISHED)
def test_every_publisher_table_loads_and_validates(dataset_id):
    dataset = load_dataset(FACTORS / f"{dataset_id}.csv")  # raises on any bad row
    assert dataset.kind == "published_factors" and len(dataset.frame) > 3000


def test_a_published_factor_is_found_by_the_publishers_id(library):
    factor = library.published_factor("desnz-ghg-2025-full", "21_316_3160_11_2")
    # 2025 row 4411: flights, domestic, average passenger, with RF, kg CO2e of CO2 per passenger.km
    assert (factor.gas, factor.value, factor.unit, factor.region, factor.year_from) == (
        "CO2", 0.22771, "kg CO2e / person km", "GB", 2025)
    assert factor.row["level_3"] == "Domestic, to/from UK" and factor.row["column_text"] == "With RF"
    cement = library.published_factor("epa-supply-chain-v1.3-naics", "327310/with_margins")
    assert (cement.value, cement.unit, cement.region) == (3.924, "kg CO2e / USD", "US")


def test_an_unknown_published_id_or_table_says_so(library):
    from ghgcalc.errors import FactorNotFoundError

    with pytest.raises(FactorNotFoundError, match="desnz-ghg-2025-full: no factor with the id 'nope'"):
        library.published_factor("desnz-ghg-2025-full", "nope")
    with pytest.raises(FactorNotFoundError, match="did you mean 'desnz-ghg-2025-full'"):
        library.published_table("desnz-ghg-2025-ful")


def test_a_bad_publisher_table_lists_every_problem(tmp_path):
    from ghgcalc.errors import InputError

    (tmp_path / "pub.toml").write_text(
        '[dataset]\nid = "pub"\nkind = "published_factors"\ntitle = "t"\npublisher = "p"\nedition = "1"\n'
        'licence = "x"\nretrieved = "2026-01-01"\nregion = "GB"\nyear_from = 2025\nyear_to = 2025\n'
        '[sources.s]\ndocument = "d"\n')
    (tmp_path / "pub.csv").write_text(
        "factor_id,gas,value,unit,source_id\n"
        "a,CO2,-1,kg CO2e / kWh,s\n"       # negative
        "a,CH4,0.1,kg N2O / kWh,s\n"       # duplicate id; unit names another gas
        "b,,0.5,kg CO2e / km,s\n"          # an energy row (empty gas) whose unit has a gas
        "c,CO2e,0.2,kg CO2e / wombat,s\n")  # not a unit
    with pytest.raises(InputError) as caught:
        load_dataset(tmp_path / "pub.csv")
    lines = str(caught.value).splitlines()
    assert lines[:4] == [
        "pub.csv, row 2, column value: a factor cannot be negative",
        "pub.csv, row 3, column factor_id: duplicate id",
        "pub.csv, row 3, column unit: expected a mass of CH4 or CO2e per unit of activity",
        "pub.csv, row 4, column unit: expected no gas (the row's gas is empty)",
    ]
    assert lines[4].startswith("pub.csv, row 5, column unit: 'kg CO2e / wombat' is not a unit")


def test_epa_by_ghg_import_rewrites_the_shipped_file_byte_for_byte(tmp_path):
    path = source_file("naics", "byghg")
    if path is None:
        pytest.skip("set DESNZ_FLAT_DIR to a folder holding the EPA by-GHG file to re-run its import")
    subprocess.run([sys.executable, str(ROOT / "scripts" / "import_epa_supply_chain.py"), "--by-ghg", str(path),
                    "--output", str(tmp_path / "byghg.csv")], check=True, capture_output=True)
    assert (tmp_path / "byghg.csv").read_bytes() == (FACTORS / "epa-supply-chain-v1.3-naics-byghg.csv").read_bytes()


def test_epa_gases_weighted_by_ar5_give_the_published_co2e(library):
    """Each code's 17 gases x AR5 GWP-100, plus the unspecified part (already CO2e), equal EPA's CO2e factor
    within 0.0044 kg CO2e per USD, both bases (3-significant-figure rounding, as the source note found)."""
    gases = pd.read_csv(FACTORS / "epa-supply-chain-v1.3-naics-byghg.csv")
    ar5 = library.gwp_sets["AR5GWP100"]
    gases["co2e"] = [v if g == "CO2e" else v * ar5.value(g) for g, v in zip(gases["gas"], gases["value"])]
    summed = gases.groupby(gases["factor_id"].str.rsplit("/", n=1).str[0])["co2e"].sum()
    co2e = pd.read_csv(FACTORS / "epa-supply-chain-v1.3-naics.csv").set_index("factor_id")["value"]
    assert len(summed) == 2 * 1016 and set(summed.index) <= set(co2e.index)
    assert (summed - co2e.loc[summed.index]).abs().max() <= 0.0044
    assert (gases.groupby(gases["factor_id"].str.rsplit("/", n=1).str[0]).size() == 18).all()


def test_epa_import_refuses_every_bad_cell_of_both_files_at_once(tmp_path):
    import csv
    import importlib.util

    spec = importlib.util.spec_from_file_location("epa_import", ROOT / "scripts" / "import_epa_supply_chain.py")
    script = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(script)
    path = tmp_path / "epa.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["2017 NAICS Code", "2017 NAICS Title", "GHG", "Unit", *script.BASES, "Reference USEEIO Code"])
        writer.writerow(["111110", "Soybean Farming", "All GHGs", script.UNIT_PUBLISHED, "0.5", "x", "-1", "1111A0"])
    with pytest.raises(script.EpaImportError) as refused:
        script.build(path)
    assert str(refused.value).splitlines() == [
        f"epa.csv line 2, column {column!r}: {text!r} is not a non-negative number"
        for column, text in zip(list(script.BASES)[1:], ("x", "-1"))]
    with pytest.raises(script.EpaImportError, match=r"GHG 'All GHGs'.*is this the by-GHG file\?"):
        script.build_by_ghg(path)  # the CO2e file read as the by-GHG one: its GHG column names no gas
    (tmp_path / "short.csv").write_text("2017 NAICS Code,GHG,Unit\n", encoding="utf-8")
    with pytest.raises(script.EpaImportError, match=r"short.csv: missing columns \['2017 NAICS Title'"):
        script.build(tmp_path / "short.csv")
