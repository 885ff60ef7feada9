"""The unit registry built from cached definitions is the one built by parsing; a bad cache file is rebuilt."""

from __future__ import annotations

import hashlib
import json

import pytest

from ghgcalc.core import cache, gas_volume, pint_definitions, units
from ghgcalc.core.pint_import import pint


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, str(tmp_path / "cache"))
    return tmp_path / "cache"


def _parsed_registry():
    """The registry as ghgcalc built it before the cache: pint parses every file, then ghgcalc's lines."""
    registry = pint.UnitRegistry(on_redefinition="ignore", preprocessors=units._preprocessors(),
                                 autoconvert_offset_to_baseunit=True, cache_folder=None)
    registry.load_definitions(units._definitions("gases.txt") + gas_volume.definitions() + units._definitions("units.txt"))
    for gas in units.known_gases():
        for prefix, mass in units.MASS_PREFIXES.items():
            registry.define(f"{prefix}{gas} = {mass} * {gas}")
    return registry


def _cached_files(folder):
    return sorted(folder.glob("pint-definitions-*.json"))


# Conversions by hand: 1 kWh = 3.6 MJ; a short ton is 2,000 lb of 0.45359237 kg; a US gallon is
# 231 cubic inches of 2.54 cm; 1 tce = 29.3076 GJ (GB/T 2589-2020); a kilotonne of CO2e is 1,000 t; a normal
# cubic metre (0 degC) is 288.15 / 273.15 standard ones (15 degC) at the same pressure.
HAND = [("kWh", "MJ", 3.6), ("short_ton", "t", 0.90718474), ("US_gallon", "L", 3.785411784),
        ("tce", "GJ", 29.3076), ("ktCO2e", "t CO2e", 1000.0), ("kg HFC134a", "t HFC134a", 0.001),
        ("Nm3", "SCM", 288.15 / 273.15)]


def test_a_registry_read_from_the_cache_is_the_parsed_one(folder):
    written = units.get_registry.__wrapped__()  # parses and writes the cache
    assert len(_cached_files(folder)) == 1
    read = units.get_registry.__wrapped__()  # reads it back
    parsed = _parsed_registry()
    assert set(written._units) == set(parsed._units)  # read back, a prefixed name joins when first used
    for registry in (written, read):
        assert set(registry._prefixes) == set(parsed._prefixes)
        assert set(registry._contexts) == set(parsed._contexts) and set(registry._systems) == set(parsed._systems)
        for source, target, factor in HAND:
            assert registry.Quantity(1, source).to(target).magnitude == pytest.approx(factor, rel=1e-12)
    for unit in ("kg", "kWh", "m**3", "RMB", "person", "kg CO2e"):  # the units of a dimension, as pint lists them
        assert {str(u) for u in read.get_compatible_units(unit)} == {str(u) for u in parsed.get_compatible_units(unit)}
    for name in parsed._units:  # every unit is known and reduces to the same root and base units, by the same number
        for reduce in ("to_root_units", "to_base_units"):
            try:
                expected = getattr(parsed.Quantity(1, name), reduce)()
            except pint.errors.PintError:
                continue  # a unit pint itself cannot reduce (a name with a character its parser splits)
            got = getattr(read.Quantity(1, name), reduce)()
            assert (got.magnitude, str(got.units)) == (expected.magnitude, str(expected.units)), name


def _tampered(body: bytes) -> bytes:
    """A file whose checksum line matches a body that is not what ghgcalc wrote."""
    return hashlib.sha256(body).hexdigest().encode() + b"\n" + body


@pytest.mark.parametrize("damage", [
    lambda data: data[: len(data) // 2],  # cut short
    lambda data: data[:100] + bytes([data[100] ^ 1]) + data[101:],  # one bit changed
    lambda data: b"not a cache file",
    lambda data: _tampered(b"{\"pint\": 3}"),  # right checksum, wrong shape
    lambda data: _tampered(json.dumps({k: v for k, v in json.loads(data.partition(b"\n")[2]).items()
                                       if k != "equivalents"}).encode()),  # a part missing
    lambda data: _tampered(json.dumps({"pint": [{"class": "os:system", "fields": {"command": "false"}}],
                                       "ghgcalc": []}).encode()),  # a class outside pint is never made
    lambda data: _tampered(json.dumps({"pint": [{"class": "pint.util:UnitsContainer", "fields": {}}],
                                       "ghgcalc": []}).encode()),  # pint's, but not a definition record
])
def test_a_damaged_cache_file_is_parsed_again_and_rewritten(folder, damage):
    units.get_registry.__wrapped__()
    (path,) = _cached_files(folder)
    good = path.read_bytes()
    path.write_bytes(damage(good))
    registry = units.get_registry.__wrapped__()
    assert registry.Quantity(1, "kWh").to("MJ").magnitude == pytest.approx(3.6)
    assert cache.read_json(path.name) is not None  # rewritten whole
    assert json.loads(path.read_bytes().partition(b"\n")[2]) == json.loads(good.partition(b"\n")[2])


def test_changed_definitions_are_a_new_cache_entry(folder):
    pint_definitions.build_registry("widget = [widget]")
    registry = pint_definitions.build_registry("widget = [widget]\ngadget = 2 * widget")
    assert len(_cached_files(folder)) == 2
    assert registry.Quantity(3, "gadget").to("widget").magnitude == 6
    assert pint_definitions.build_registry("widget = [widget]\ngadget = 2 * widget").Quantity(1, "gadget").to(
        "widget").magnitude == 2  # read back


def test_no_cache_when_it_is_turned_off_or_cannot_be_written(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.ENV, "")
    assert cache.cache_folder() is None
    assert units.get_registry.__wrapped__().Quantity(1, "t CO2e").to("kg CO2e").magnitude == 1000
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    monkeypatch.setenv(cache.ENV, str(blocked))
    assert units.get_registry.__wrapped__().Quantity(1, "t CO2e").to("kg CO2e").magnitude == 1000
    assert blocked.read_text() == ""
