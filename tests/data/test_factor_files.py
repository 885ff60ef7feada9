"""Every shipped factor table loads with plain pandas and honours the file contract.

The contract: each dataset is factors/<id>.csv plus factors/<id>.toml; the sidecar names
its kind, provenance and sources; the CSV's columns depend on the kind.  These tests use
only pandas and tomllib so that a broken data file is reported even when the library
cannot import.
"""

from __future__ import annotations

import functools
import math
import re
import tomllib
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[2]
FACTORS = ROOT / "factors"
CATALOGUE = FACTORS / "activities.csv"

COLUMNS = {
    "emission_factors": ["factor_id", "activity", "region", "gas", "year_from", "year_to",
                         "value", "unit", "source_id", "note"],
    "properties": ["property_id", "activity", "region", "property", "year_from", "year_to",
                   "value", "unit", "source_id", "note"],
    "gwp": ["metric", "gas", "value", "source_id"],
    "blends": ["blend", "component", "mass_fraction", "source_id"],
    "aliases": ["alias", "gas"],
}
# A publisher's table as published: these columns at least, its own descriptive columns besides.
PUBLISHED_COLUMNS = ["factor_id", "gas", "value", "unit", "source_id"]
PUBLISHED_META = {"region", "year_from", "year_to", "gwp_set"}
DATASET_KEYS = {"id", "kind", "title", "publisher", "edition", "licence", "url", "retrieved", "notes"}
SOURCE_KEYS = {"document", "table", "year", "url", "verification", "note"}
VERIFICATION = {"primary", "secondary", "computed"}
SINGLE_GASES = {"CO2", "CH4", "CH4_fossil", "CH4_nonfossil", "N2O", "HFC23", "HFC32", "HFC125",
                "HFC134a", "HFC143a", "HFC227ea", "SF6", "NF3", "CF4", "C2F6", "HFC236fa", "C3F8", "C4F10", "cC4F8",
                "C6F14"}
BLENDS = {"HFC410a", "HFC407c", "HFC404a"}
GASES = SINGLE_GASES | BLENDS | {"CO2e"}
METRICS = {"AR4GWP100", "AR5GWP100", "AR6GWP100"}
FACTOR_ONLY_ACTIVITIES = {"electricity.residual_mix", "electricity.baseline_om",
                          "electricity.baseline_bm"}
CN_GRIDS = {"CN-NORTH", "CN-NORTHEAST", "CN-EAST", "CN-CENTRAL", "CN-NORTHWEST", "CN-SOUTH",
            "CN-SOUTHWEST"}
MASS = {"g", "kg", "t", "lb"}
# denominator -> dimension, for "one factor per activity, region, years, gas and dimension"
DENOMINATORS = {"kWh": "energy", "MWh": "energy", "GWh": "energy", "GJ": "energy", "TJ": "energy",
                "m**3": "volume", "L": "volume", "kg": "mass"}
PROPERTY_UNITS = {
    "ncv": {"TJ / Gg", "GJ / m**3", "GJ / Nm3"},
    "density": {"kg / m**3", "kg / L"},
    "coal_equivalent": {"kgce / kWh", "kgce / kg", "kgce / m**3", "kgce / GJ"},
}


def dataset_ids() -> list[str]:
    return sorted(p.stem for p in FACTORS.glob("*.csv") if p != CATALOGUE)


@functools.lru_cache(maxsize=None)
def load(dataset_id: str) -> tuple[pd.DataFrame, dict]:
    table = pd.read_csv(FACTORS / f"{dataset_id}.csv")
    with (FACTORS / f"{dataset_id}.toml").open("rb") as handle:
        sidecar = tomllib.load(handle)
    return table, sidecar


def datasets_of_kind(kind: str) -> list[tuple[str, pd.DataFrame, dict]]:
    out = []
    for dataset_id in dataset_ids():
        table, sidecar = load(dataset_id)
        if sidecar["dataset"]["kind"] == kind:
            out.append((dataset_id, table, sidecar))
    return out


def catalogue_activities() -> set[str]:
    return set(pd.read_csv(CATALOGUE)["activity"])


@functools.lru_cache(maxsize=None)
def regions() -> frozenset[str]:
    return frozenset(pd.read_csv(ROOT / "ghgcalc" / "data" / "regions.csv", keep_default_na=False)["region"])


def is_region(code: str) -> bool:
    return code == "*" or code in regions()


# ---------------------------------------------------------------- every dataset

@pytest.mark.parametrize("dataset_id", dataset_ids())
def test_sidecar_exists_and_names_its_dataset(dataset_id):
    path = FACTORS / f"{dataset_id}.toml"
    assert path.exists(), f"{dataset_id}.csv has no sidecar {path.name}"
    _, sidecar = load(dataset_id)
    meta = sidecar["dataset"]
    missing = DATASET_KEYS - meta.keys()
    assert not missing, f"{path.name} [dataset] lacks {sorted(missing)}"
    assert meta["id"] == dataset_id
    assert meta["kind"] in COLUMNS or meta["kind"] == "published_factors", f"{path.name}: kind {meta['kind']!r}"
    if meta["kind"] == "published_factors":
        assert PUBLISHED_META <= meta.keys(), f"{path.name} lacks {sorted(PUBLISHED_META - meta.keys())}"
    if "gwp_set" in meta:
        assert meta["gwp_set"] in METRICS


@pytest.mark.parametrize("dataset_id", dataset_ids())
def test_columns_match_the_kind(dataset_id):
    table, sidecar = load(dataset_id)
    kind = sidecar["dataset"]["kind"]
    if kind == "published_factors":
        assert set(PUBLISHED_COLUMNS) <= set(table.columns) and table.columns[0] == "factor_id"
        assert table["factor_id"].is_unique
    else:
        assert list(table.columns) == COLUMNS[kind]
    assert len(table) > 0


@pytest.mark.parametrize("dataset_id", dataset_ids())
def test_every_source_is_defined_and_described(dataset_id):
    table, sidecar = load(dataset_id)
    sources = sidecar.get("sources", {})
    if "source_id" in table.columns:
        undefined = set(table["source_id"]) - sources.keys()
        assert not undefined, f"{dataset_id}: source_id not in sidecar: {sorted(undefined)}"
    for source_id, source in sources.items():
        missing = SOURCE_KEYS - source.keys()
        assert not missing, f"{dataset_id} [sources.{source_id}] lacks {sorted(missing)}"
        assert source["verification"] in VERIFICATION, (dataset_id, source_id)
        assert isinstance(source["year"], int)


@pytest.mark.parametrize("dataset_id", dataset_ids())
def test_values_are_finite_and_non_negative(dataset_id):
    table, sidecar = load(dataset_id)
    column = {"blends": "mass_fraction", "aliases": None}.get(sidecar["dataset"]["kind"], "value")
    if column is None:
        return
    values = pd.to_numeric(table[column], errors="coerce")
    bad = table[~values.map(lambda v: math.isfinite(v) and v >= 0)]
    assert bad.empty, f"{dataset_id}: bad {column} in rows\n{bad}"


# ---------------------------------------------------------------- factors and properties

def test_factor_and_property_ids_are_globally_unique():
    ids = []
    for kind, column in (("emission_factors", "factor_id"), ("properties", "property_id")):
        for _, table, _ in datasets_of_kind(kind):
            ids.extend(table[column])
    duplicated = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicated, duplicated


@pytest.mark.parametrize("kind", ["emission_factors", "properties"])
def test_rows_have_known_activity_region_and_ordered_years(kind):
    allowed = catalogue_activities() | FACTOR_ONLY_ACTIVITIES
    for dataset_id, table, _ in datasets_of_kind(kind):
        unknown = set(table["activity"]) - allowed
        assert not unknown, f"{dataset_id}: activities not in activities.csv: {sorted(unknown)}"
        regions = [r for r in table["region"] if not is_region(r)]
        assert not regions, f"{dataset_id}: unknown regions {regions}"
        assert (table["year_from"] <= table["year_to"]).all(), dataset_id
        assert table["year_from"].dtype.kind == "i" and table["year_to"].dtype.kind == "i"


def test_emission_factor_units_name_their_gas_and_basis():
    for dataset_id, table, sidecar in datasets_of_kind("emission_factors"):
        assert set(table["gas"]) <= GASES, dataset_id
        if "CO2e" in set(table["gas"]):
            assert "gwp_set" in sidecar["dataset"], f"{dataset_id} has CO2e rows but no gwp_set"
        for row in table.itertuples():
            match = re.fullmatch(r"(\S+) (\S+) / (\S+)", row.unit)
            assert match, f"{dataset_id} {row.factor_id}: unit {row.unit!r}"
            mass, gas, basis = match.groups()
            assert mass in MASS and gas == row.gas and basis in DENOMINATORS, row.factor_id


def test_one_factor_per_activity_region_years_gas_and_dimension():
    for dataset_id, table, _ in datasets_of_kind("emission_factors"):
        dimension = table["unit"].str.split(" / ").str[1].map(DENOMINATORS)
        key = ["activity", "region", "year_from", "year_to", "gas"]
        duplicated = table.assign(dimension=dimension).duplicated(key + ["dimension"], keep=False)
        assert not duplicated.any(), f"{dataset_id}:\n{table[duplicated]}"


def test_property_units_fit_the_property():
    for dataset_id, table, _ in datasets_of_kind("properties"):
        for row in table.itertuples():
            assert row.property in PROPERTY_UNITS, (dataset_id, row.property_id)
            assert row.unit in PROPERTY_UNITS[row.property], (dataset_id, row.property_id, row.unit)


def test_china_has_a_route_from_natural_gas_volume_to_energy():
    ncv = pd.concat([t for _, t, _ in datasets_of_kind("properties")])
    route = ncv[(ncv.activity == "natural_gas.stationary") & (ncv.region == "CN")
                & (ncv.property == "ncv") & (ncv.unit == "GJ / Nm3")]  # per normal cubic metre, as published
    assert len(route) == 1
    # 389.31 GJ per 10^4 Nm3 = 389.31 / 10000 GJ per Nm3
    assert route["value"].iloc[0] == pytest.approx(389.31 / 10_000)


# ---------------------------------------------------------------- GWPs, blends, aliases

def gwp_table() -> pd.DataFrame:
    return pd.concat([t for _, t, _ in datasets_of_kind("gwp")])


def test_gwp_metrics_and_gases_are_canonical():
    gwp = gwp_table()
    assert set(gwp["metric"]) == METRICS
    assert set(gwp["gas"]) <= SINGLE_GASES
    assert not gwp.duplicated(["metric", "gas"]).any()


@pytest.mark.parametrize("metric", sorted(METRICS))
def test_co2_is_one_in_every_gwp_set(metric):
    gwp = gwp_table()
    assert gwp[(gwp.metric == metric) & (gwp.gas == "CO2")]["value"].tolist() == [1]


@pytest.mark.parametrize("metric", sorted(METRICS))
def test_every_gwp_set_has_every_single_gas(metric):
    gwp = gwp_table()
    assert set(gwp[gwp.metric == metric]["gas"]) == SINGLE_GASES


def test_blend_fractions_sum_to_one_and_components_have_gwps():
    gwp = gwp_table()
    for dataset_id, table, _ in datasets_of_kind("blends"):
        assert set(table["blend"]) <= BLENDS, dataset_id
        assert set(table["component"]) <= set(gwp["gas"]), dataset_id
        for blend, rows in table.groupby("blend"):
            assert abs(rows["mass_fraction"].sum() - 1) <= 1e-9, (dataset_id, blend)


def test_aliases_map_to_canonical_names_once():
    for dataset_id, table, _ in datasets_of_kind("aliases"):
        assert set(table["gas"]) <= SINGLE_GASES | BLENDS, dataset_id
        assert table["alias"].str.casefold().is_unique, dataset_id
        assert not (set(table["alias"]) & (SINGLE_GASES | BLENDS)), "canonical names are not aliases"


# ---------------------------------------------------------------- values checked by hand

def value(dataset_id: str, **where) -> float:
    table, _ = load(dataset_id)
    for column, wanted in where.items():
        table = table[table[column] == wanted]
    assert len(table) == 1, (dataset_id, where, len(table))
    return float(table["value"].iloc[0])


def test_ar5_hfc134a_is_1300():
    assert value("gwp-ipcc", metric="AR5GWP100", gas="HFC134a") == 1300


def test_ar6_methane_split():
    assert value("gwp-ipcc", metric="AR6GWP100", gas="CH4_fossil") == 29.8
    assert value("gwp-ipcc", metric="AR6GWP100", gas="CH4_nonfossil") == 27.0
    assert value("gwp-ipcc", metric="AR5GWP100", gas="CH4_fossil") == 28 + 2


def test_r410a_ar5_gwp_from_composition():
    blends, _ = load("gwp-blends")
    r410a = blends[blends.blend == "HFC410a"]
    gwp = gwp_table()
    ar5 = gwp[gwp.metric == "AR5GWP100"].set_index("gas")["value"]
    total = sum(row.mass_fraction * ar5[row.component] for row in r410a.itertuples())
    assert total == pytest.approx(0.5 * 677 + 0.5 * 3170)  # = 1923.5; DESNZ prints 1924


def test_mee_2022_national_average():
    assert value("mee-nbs-electricity", activity="electricity.grid", region="CN",
                 year_from=2022) == 0.5366


def test_mee_carbon_market_2022():
    assert value("mee-carbon-market-grid", year_from=2022) == 0.5703


def test_desnz_2025_uk_electricity_co2():
    # flat file row 7_400_4000_5_2, kg CO2e of CO2 per kWh
    assert value("desnz-2025", activity="electricity.grid", gas="CO2") == 0.17489


def test_desnz_2025_methane_is_converted_back_to_mass():
    # flat file row 7_400_4000_5_3: 0.0009 kg CO2e of CH4 per kWh, AR5 GWP 28
    got = value("desnz-2025", activity="electricity.grid", gas="CH4")
    assert got == pytest.approx(0.0009 / 28, rel=1e-5)


def test_ipcc_natural_gas_stationary_co2():
    assert value("ipcc-2006-stationary", activity="natural_gas.stationary", gas="CO2") == 56_100


# ---------------------------------------------------------------- generated data

# Every edition, and the whole flat files, imported again and compared byte for byte:
# tests/data/test_published_factors.py (DESNZ_FLAT_DIR, else ../shared/data).


# ---------------------------------------------------------------- cross-dataset magnitudes

def test_natural_gas_energy_per_cubic_metre_agrees_across_chinese_tables():
    ncv_mj = value("china-fuel-ncv", activity="natural_gas.stationary", property="ncv") * 1000
    kgce_mj = value("gbt-2589-2020", activity="natural_gas.stationary") * 29.3076
    # 389.31 GJ/10^4 Nm3 = 38.931 MJ; 1.2143 kgce x 29.3076 MJ/kgce = 35.588 MJ
    assert ncv_mj == pytest.approx(38.931)
    assert kgce_mj == pytest.approx(35.588, abs=1e-3)
    assert abs(ncv_mj / kgce_mj - 1) < 0.15


def test_natural_gas_co2_per_cubic_metre_is_plausible_against_desnz():
    # China default: 0.038931 GJ/m3 x 56,100 kg CO2/TJ = 2.184 kg CO2/m3
    china = (value("china-fuel-ncv", activity="natural_gas.stationary", property="ncv") / 1000
             * value("ipcc-2006-stationary", activity="natural_gas.stationary", gas="CO2"))
    assert china == pytest.approx(2.184, abs=1e-3)
    uk = value("desnz-2025", activity="natural_gas.stationary", gas="CO2", unit="kg CO2 / m**3")
    assert abs(china / uk - 1) < 0.10  # UK 2.0627 kg/m3 at 15 degC vs China Nm3 at 0 degC
