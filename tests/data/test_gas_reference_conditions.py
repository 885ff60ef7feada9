"""data/gas-reference-conditions.csv: each row's kelvin and kilopascals are its printed conditions, and its
sidecar cites a source for it."""

import tomllib
from importlib import resources

import pytest

from ghgcalc.core import gas_volume, units

SIDECAR = tomllib.loads(resources.files("ghgcalc").joinpath("data/gas-reference-conditions.toml").read_text("utf-8"))
CONVENTIONS = list(gas_volume.conventions().values())


def test_there_are_normal_standard_and_us_conditions():
    assert [c.unit for c in CONVENTIONS] == ["Nm3", "SCM", "scf"]


@pytest.mark.parametrize("convention", CONVENTIONS, ids=lambda c: c.unit)
def test_the_numbers_are_the_printed_conditions(convention):
    registry = units.get_registry()
    value, scale = convention.temperature.split()
    kelvin = registry.Quantity(float(value), scale).to("K").magnitude
    pressure = registry.Quantity(1, convention.pressure.split()[1].replace("psia", "psi")) \
        * float(convention.pressure.split()[0])
    assert kelvin == pytest.approx(convention.temperature_k, rel=1e-12)
    assert pressure.to("kPa").magnitude == pytest.approx(convention.pressure_kpa, rel=1e-12)
    assert convention.volume in gas_volume.VOLUMES_M3
    assert convention.source in SIDECAR["sources"]
