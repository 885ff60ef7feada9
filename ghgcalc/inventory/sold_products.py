"""Scope 3 categories 11 and 12 modelled from the units a company sells, not from what it spends.

GHG Protocol Scope 3 Standard, Table 5.4, and the Scope 3 Technical Guidance, chapters 11 and 12:
- ``sold_products.use_electricity`` (category 11, direct use-phase emissions of products that use
  electricity): units sold (``quantity``, e.g. in ``product``) x lifetime electricity use per unit
  (``factor_value`` with ``factor_unit``, e.g. 450 'kWh / product') x the location-based grid factor of
  the region the products are sold in (``region``, with the library's fallbacks). Why the grid of the
  selling region: the products are used where they are sold, and the Standard counts the electricity
  they use over their expected lifetime, in the reporting year of the sale.
- ``sold_products.end_of_life`` (category 12): units sold x mass per unit of one material (``factor_value``
  with ``factor_unit``, e.g. 1.2 'kg / product') x the waste-disposal factor of that material and
  treatment, named by its publisher's ID (``factor_dataset``, ``factor_id``: a DESNZ 'Waste disposal'
  row, e.g. plastics to landfill). A product of several materials is one row per material.

Spend-based factors never fit either category (ghgcalc/data/scope3-factor-rules.csv). The per-unit
amount is the row's own, so its lines are computed on quantity x factor_value, as a supplier's factor is.
"""

from __future__ import annotations

from ghgcalc import columns as C
from ghgcalc.core import units
from ghgcalc.errors import quoted
from ghgcalc.inventory.scope3 import Scope3Error, published_lines

USE_PHASE, END_OF_LIFE = "use_phase", "end_of_life"
KINDS = (USE_PHASE, END_OF_LIFE)
GRID = "electricity.grid"
_ROW = {USE_PHASE: "a use-phase row", END_OF_LIFE: "an end-of-life row"}
_PER_UNIT = {USE_PHASE: ("kWh", "its lifetime electricity use per unit sold in factor_value and factor_unit, "
                                "e.g. 450 and 'kWh / product'"),
             END_OF_LIFE: ("kg", "its mass of the material per unit sold in factor_value and factor_unit, "
                                 "e.g. 1.2 and 'kg / product'")}


def per_unit_sold(key, kind: str) -> float:
    """kWh (use phase) or kg (end of life) per unit of ``quantity`` and of ``factor_value``."""
    target, hint = _PER_UNIT[kind]
    if not key.factor_unit:
        raise Scope3Error(f"{_ROW[kind]} gives {hint}", C.FACTOR_VALUE)
    amount = units.parse_unit(key.unit) * units.parse_unit(key.factor_unit)
    try:
        return float(amount.to(target).magnitude)
    except Exception:
        raise Scope3Error(f"{quoted(key.unit)} x factor_unit {quoted(key.factor_unit)} is not {'an energy' if target == 'kWh' else 'a mass'}: "
                          f"give {hint}", C.FACTOR_UNIT) from None


def use_phase_lines(resolver, key, category: str, line) -> list:
    """The grid factor of the selling region, per kWh, times the lifetime kWh of the units sold (``line``: the
    resolver's line type, passed in so that this module stays below the resolver)."""
    if key.factor_dataset:
        raise Scope3Error("a use-phase row is priced with the grid factor of its region (region): leave factor_dataset "
                          "and factor_id empty", C.FACTOR_DATASET)
    per_unit = per_unit_sold(key, USE_PHASE)
    grid = resolver._factor_lines(key._replace(activity=GRID, unit="kWh"), GRID, "3", "", category)
    told = (f"method: average-data; use phase (direct, electricity): {key.unit} sold x factor_value {key.factor_unit} "
            f"= {per_unit:g} kWh per {key.unit} and factor unit; x the grid factor where sold ({key.region or 'no region'}): ")
    return [line(g.gas, "3", "", category, g.multiplier * per_unit, g.factor_id, told + g.conversion, g.fallback,
                 row_factor=True) for g in grid]


def end_of_life_lines(resolver, key, category: str, line) -> list:
    """The named waste-disposal factor, per kg, times the mass of the material in the units sold."""
    per_unit = per_unit_sold(key, END_OF_LIFE)
    if not key.factor_dataset:
        raise Scope3Error("an end-of-life row names the waste-disposal factor of its material and treatment "
                          "(factor_dataset and factor_id, e.g. desnz-ghg-2024-full and a 'Waste disposal' row)",
                          C.FACTOR_DATASET)
    found = published_lines(resolver.library, key._replace(unit="kg"), category, resolver.rules, resolver.spend,
                            resolver.gwp.name)
    resolver.used[found[0].factor_id] = found[0].choice
    lines = []
    for f in found:
        method, rest = f.conversion.split("; ", 1)
        told = (f"{method}; end of life: {key.unit} sold x factor_value {key.factor_unit} = {per_unit:g} kg per {key.unit} "
                f"and factor unit; x {rest}")
        lines.append(line(f.gas, "3", "", category, f.multiplier * per_unit, f.factor_id, told, f.fallback,
                          row_factor=True, co2e_given=f.co2e_given))
    return lines


def sold_product_lines(resolver, key, kind: str, category: str, line) -> list:
    model = use_phase_lines if kind == USE_PHASE else end_of_life_lines
    return model(resolver, key, category, line)
