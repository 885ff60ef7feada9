"""Gas volumes at reference conditions (Nm3, SCM, scf): amounts of gas, not geometric volumes.

Why: a normal cubic metre (0 degC, DIN 1343) holds 288.15 / 273.15 = 1.0549 times the gas of a standard
one (15 degC, ISO 13443) at the same pressure, so a factor per Nm3 applied to SCM reads 5.5 % high if the
two are taken as equal volumes. Each convention of data/gas-reference-conditions.csv is a unit of one
dimension, an amount of gas, and the registry converts between them by the ideal-gas law: for the same
amount, volume is proportional to T / p (compression factors, close to 1 for natural gas at these
conditions, are left out). A plain m3 states no conditions: where the other side of a product (the factor,
a property, the row) states them, the plain volume is read at those conditions, and :func:`fit` says so in
words that go into the line's lineage.
"""

from __future__ import annotations

import csv
import functools
import io
import math
from dataclasses import dataclass
from importlib import resources

from ghgcalc.core.pint_import import pint

DIMENSION = "[gas_volume_at_reference]"
DATA_FILE = "gas-reference-conditions.csv"
# The geometric volume of one unit of each convention, in m3 (a foot is 0.3048 m exactly).
VOLUMES_M3 = {"m**3": 1.0, "ft**3": 0.3048 ** 3}


@dataclass(frozen=True)
class Convention:
    """One reference condition: its unit ('SCM'), what one unit is geometrically ('m**3') and at what T and p."""

    unit: str
    aliases: tuple[str, ...]
    name: str
    volume: str
    temperature: str
    temperature_k: float
    pressure: str
    pressure_kpa: float
    source: str

    @property
    def conditions(self) -> str:
        return f"{self.temperature} and {self.pressure}"

    def amount(self) -> float:
        """Proportional to the amount of gas in one unit (p V / T, R left out: only ratios are used)."""
        return self.pressure_kpa * VOLUMES_M3[self.volume] / self.temperature_k


@functools.lru_cache(maxsize=1)
def conventions() -> dict[str, Convention]:
    """The conventions by unit, in the order of the data file (the first is the one the others are defined from).

    Read with the csv module, not pandas: the registry needs it, and a command that never touches a table
    should not pay for importing pandas.
    """
    text = resources.files("ghgcalc").joinpath("data", DATA_FILE).read_text(encoding="utf-8")
    rows = csv.DictReader(io.StringIO(text))
    return {r["unit"]: Convention(r["unit"], tuple(r["aliases"].split()), r["name"], r["volume"], r["temperature"],
                                  float(r["temperature_k"]), r["pressure"], float(r["pressure_kpa"]), r["source"])
            for r in rows}


def ratio(source: str, target: str) -> float:
    """How many ``target`` units one ``source`` unit of gas is (ratio('Nm3', 'SCM') = 288.15 / 273.15)."""
    table = conventions()
    return table[source].amount() / table[target].amount()


def definitions() -> list[str]:
    """pint definition lines: the first convention is a new dimension, each other a multiple of it."""
    table = list(conventions().values())
    base = table[0]
    lines = [" = ".join([base.name.replace(" ", "_"), DIMENSION, base.unit, *base.aliases])]
    for convention in table[1:]:
        multiple = ratio(convention.unit, base.unit)
        lines.append(" = ".join([f"{convention.name.replace(' ', '_')}", f"{multiple!r} * {base.name.replace(' ', '_')}",
                                 convention.unit, *convention.aliases]))
    return lines


def convention_of(unit_name: str, registry: pint.UnitRegistry) -> Convention | None:
    """The convention a unit of gas volume is a multiple of ('Mscf' -> scf), or None for any other unit."""
    return _conventions_by_name(registry).get(unit_name) if unit_name in _conventions_by_name(registry) \
        else _find_convention(unit_name, registry)


@functools.lru_cache(maxsize=None)
def _conventions_by_name(registry: pint.UnitRegistry) -> dict[str, Convention]:
    return {registry.get_name(c.unit): c for c in conventions().values()}


@functools.lru_cache(maxsize=256)
def _find_convention(unit_name: str, registry: pint.UnitRegistry) -> Convention | None:
    """A scaled unit ('Mscf', a prefixed 'kiloNm3') belongs to the convention whose unit it is a power of ten of."""
    one = registry.Quantity(1, unit_name)
    if one.dimensionality != registry.parse_units(next(iter(conventions()))).dimensionality:
        return None
    for convention in conventions().values():
        scale = math.log10(one.to(convention.unit).magnitude)
        if abs(scale - round(scale)) < 1e-9:
            return convention
    return None


def named_in(quantity: pint.Quantity) -> tuple[Convention, ...]:
    """The conventions whose units a quantity names ('kg / Nm3' -> Nm3), in order, each once."""
    registry = quantity._REGISTRY  # noqa: SLF001 - the registry the quantity belongs to
    if DIMENSION not in quantity.dimensionality:
        return ()
    found = (convention_of(name, registry) for name in quantity._units)  # noqa: SLF001
    return tuple(dict.fromkeys(c for c in found if c is not None))


def _plain_power(quantity: pint.Quantity) -> int:
    """The power of a plain volume in a quantity (m3: 1, kg / m3: -1), 0 without one or beside a gas volume."""
    dims = quantity.dimensionality
    length = dims.get("[length]", 0)
    if DIMENSION in dims or not length or length % 3:
        return 0
    return int(length // 3)


def _liquid_measure(quantity: pint.Quantity) -> bool:
    """Whether a quantity's volume is a named one (litre, gallon, barrel: liquid measures), not a cube of a length."""
    registry = quantity._REGISTRY  # noqa: SLF001
    cube = registry.parse_units("m**3").dimensionality
    return any(registry.parse_units(name).dimensionality == cube for name in quantity._units)  # noqa: SLF001


def read_plain_as(quantity: pint.Quantity, convention: Convention) -> pint.Quantity:
    """A plain volume read as measured at ``convention``'s conditions: 1,000 m3 -> 1,000 SCM."""
    registry = quantity._REGISTRY  # noqa: SLF001
    per = registry.Quantity(1, convention.unit) / registry.Quantity(1, convention.volume)
    return quantity * per ** _plain_power(quantity)


def as_plain(quantity: pint.Quantity, convention: Convention) -> pint.Quantity:
    """A gas volume of ``convention`` as the geometric volume it is at its conditions: 1 Mscf -> 1,000 ft3."""
    registry = quantity._REGISTRY  # noqa: SLF001
    power = int(quantity.dimensionality.get(DIMENSION, 0))
    per = registry.Quantity(1, convention.volume) / registry.Quantity(1, convention.unit)
    return quantity * per ** power


def describe(convention: Convention) -> str:
    return f"{convention.unit}, {convention.name}: gas at {convention.conditions}"


def conversion_note(source: Convention, target: Convention) -> str:
    """The ideal-gas step between two conventions, with both conditions, for a line's lineage."""
    return (f"{source.unit} -> {target.unit} x {ratio(source.unit, target.unit):.6f} (ideal gas, {source.conditions} -> "
            f"{target.conditions})")


def fit(quantity: pint.Quantity, other: pint.Quantity, label: str, whose: str) -> tuple[pint.Quantity, str]:
    """``quantity`` made to meet ``other`` (a factor or property it multiplies), and what was assumed, or ''.

    Two conventions: pint converts between them; the note names the ratio. One convention and a plain volume
    on the other side: the plain volume is read at that convention's conditions (``label`` names ``quantity``'s
    unit as written, ``whose`` the other side, e.g. "factor china-fuel-ncv/...").
    """
    mine, theirs = named_in(quantity), named_in(other)
    if mine and theirs:
        notes = [conversion_note(m, t) for m in mine for t in theirs if m != t]
        return quantity, "; ".join(notes)
    if mine and _plain_power(other) and not _liquid_measure(other):  # LPG's factor per litre is per litre of liquid
        convention = mine[0]
        return as_plain(quantity, convention), (f"{describe(convention)}; the volume of {whose}, which states no "
                                                 f"conditions, read at these")
    if theirs and _plain_power(quantity):
        convention = theirs[0]
        return read_plain_as(quantity, convention), (
            f"{label} read as {convention.unit} (gas at {convention.conditions}), the conditions of {whose}: {label} "
            f"states none; if the gas was measured otherwise, write {_alternatives(convention)} as its unit")
    return quantity, ""


def _alternatives(convention: Convention) -> str:
    """The other conventions' units, as a user would write them ('SCM or scf')."""
    names = [c.unit for c in conventions().values() if c != convention]
    return ", ".join(names[:-1]) + " or " + names[-1] if len(names) > 1 else "".join(names)
