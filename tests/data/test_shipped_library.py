"""The shipped data as the package sees it: consistent with the registry and the defaults."""

import tomllib
from importlib import resources

import pandas as pd

from ghgcalc.factors.library import discover_datasets
from ghgcalc.figures.metrics import load_vocabulary
from ghgcalc.core.shipped import shipped_dir
from ghgcalc.core.units import known_gases, parse_unit


def test_every_gas_in_the_gwp_table_is_a_registry_gas(library):
    gases = set(known_gases())
    for name, gwp_set in library.gwp_sets.items():
        assert set(gwp_set.values) <= gases, name


def test_every_single_gas_of_the_registry_has_a_gwp_in_every_set(library):
    groups = {"CO2e", "HFCs", "PFCs"}
    for name, gwp_set in library.gwp_sets.items():
        missing = [g for g in known_gases() if g not in groups and g not in gwp_set.values]
        assert missing == [], name


def test_every_shipped_factor_dataset_is_either_default_or_opt_in():
    defaults = tomllib.loads(resources.files("ghgcalc").joinpath("data/factor-defaults.toml").read_text())
    listed = set(defaults["precedence"]) | set(defaults["opt_in"])
    for path in discover_datasets(shipped_dir("factors")):
        kind = tomllib.loads(path.with_suffix(".toml").read_text())["dataset"]["kind"]
        if kind in ("emission_factors", "properties"):
            assert path.stem in listed, path.name


def test_metric_vocabulary_units_parse_and_formulas_name_known_metrics():
    import ast

    vocabulary = load_vocabulary()
    for metric, row in vocabulary.table.iterrows():
        assert metric.isidentifier(), metric
        parse_unit(row["unit"])
        if row["formula"]:
            names = {n.id for n in ast.walk(ast.parse(row["formula"], mode="eval")) if isinstance(n, ast.Name)}
            assert names <= set(vocabulary.names), metric


def test_regions_have_known_parents():
    text = resources.files("ghgcalc").joinpath("data/regions.csv").read_text()
    from io import StringIO

    regions = pd.read_csv(StringIO(text), dtype=str, keep_default_na=False)
    assert set(regions["parent"]) - {""} <= set(regions["region"])
