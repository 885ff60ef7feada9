"""Scope 3 rows that name their factor: a published table's row, or the supplier's own figure.

A row of activity ``value_chain`` (or any Scope 3 activity) may name a factor by the
publisher's ID (``factor_dataset`` + ``factor_id``: a DESNZ conversion factor, an EPA
spend-based factor per 2022 USD). The category's boundary (GHG Protocol Scope 3 Standard,
Table 5.4) decides which published factors fit it; those rules are data
(``ghgcalc/data/scope3-factor-rules.csv``), checked once per distinct key, never per row.
The calculation method (Scope 3 Technical Guidance: supplier-specific, hybrid,
average-data, spend-based) is recorded in each line's lineage.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core import gas_volume, units
from ghgcalc.core.shipped import read_shipped_table
from ghgcalc.core.year_sentences import write_sentence
from ghgcalc.errors import ColumnError, GhgcalcError, quoted
from ghgcalc.factors.choices import FactorChoice, PublishedFactor
from ghgcalc.factors.library import OTHER_EDITION, FactorLibrary
from ghgcalc.inventory.published_gwp import GwpMismatch, describe, reweigh
from ghgcalc.inventory.spend import SpendRates, bring_to_basis, currency_of
SPEND_BASED = "spend-based"
RULES_FILE = "scope3-factor-rules.csv"


class Scope3Error(ColumnError):
    """A Scope 3 key that cannot be computed."""

    default_column = C.FACTOR_ID


@dataclass(frozen=True)
class PublishedLine:
    """What a published factor makes of one key: the gas, t per input unit, lineage."""

    gas: str
    multiplier: float
    co2e_given: bool
    factor_id: str  # "<dataset>:<publisher's id>"
    conversion: str
    fallback: str
    choice: FactorChoice


@lru_cache(maxsize=None)
def category_rules() -> pd.DataFrame:
    """The shipped category rules (scope3-factor-rules.csv), as text."""
    return read_shipped_table(RULES_FILE)


def check_category(category: str, factor: PublishedFactor, method: str = "") -> None:
    """Refuse a published factor outside the category's boundary (forbid and require rules), naming the
    rule and the fix; a forbid rule with ``unless_method`` does not apply to a row of one of those methods."""
    rules = category_rules()
    rules = rules.loc[rules["category"] == category]
    required, described = [], factor.row
    for rule in rules.itertuples(index=False):
        value = described.get(rule.field)
        if value is None or (isinstance(value, float) and value != value):
            continue  # the table does not classify its factors this way
        text = str(value)
        hit = text == rule.value if rule.match == "equals" else text.startswith(rule.value)
        if rule.rule == "forbid" and hit and method not in [m for m in rule.unless_method.split("|") if m]:
            raise Scope3Error(f"{factor.dataset} {factor.factor_id} ({rule.field} {quoted(text)}) does not fit category {category}: {rule.reason}")
        if rule.rule == "require":
            required.append((hit, rule, text))
    if required and not any(hit for hit, _, _ in required):
        _, rule, text = required[0]
        raise Scope3Error(f"{factor.dataset} {factor.factor_id} ({rule.field} {quoted(text)}) does not fit category {category}: {rule.reason}")


def published_lines(library: FactorLibrary, key, category: str, rules: tuple[str, ...] = (),
                    spend: SpendRates | None = None, gwp_set: str = "") -> list[PublishedLine]:
    """The lines of a key whose row names a published factor, checked against its category and method.

    Spend for a per-money factor is first brought to the factor's currency and price year
    (:func:`ghgcalc.inventory.spend.bring_to_basis`, with ``spend``'s rates and ``rules``). A CO2e
    factor of another GWP set than ``gwp_set`` becomes one line per gas (ghgcalc.inventory.published_gwp).
    """
    dataset_id, factor_id = key.factor_dataset, key.factor_id
    try:
        factor = library.published_factor(dataset_id, factor_id)
    except GhgcalcError as exc:
        column = C.FACTOR_DATASET if dataset_id not in library.published_datasets() else C.FACTOR_ID
        raise Scope3Error(str(exc), column) from None
    check_category(category, factor, key.method)
    meta = library.published_table(dataset_id).meta
    factor_q = units.parse_unit(factor.unit)
    gases = units.gases_in(factor_q)
    if len(gases) != 1:
        raise Scope3Error(f"{dataset_id} {factor_id} is per {factor.unit!r}, not a mass of gas per unit of activity")
    unit_gas = gases[0]
    basis = 1 / (factor_q / units.parse_unit(f"kg {unit_gas}"))
    spend_basis = _is_money(basis)
    method = _method(key.method, spend_basis, dataset_id, factor_id)
    quantity = units.parse_unit(key.unit)
    money = _spend_basis(quantity, basis, key, meta, f"{dataset_id} {factor_id}", rules, spend) if spend_basis else None
    if money is not None:
        quantity = quantity * money[0]
    quantity, volume = gas_volume.fit(quantity, factor_q, key.unit, f"{dataset_id} {factor_id}")
    try:
        per_value = float((quantity * factor_q).to(f"t {unit_gas}").magnitude)  # t per unit of the factor's value
    except Exception:
        raise Scope3Error(_unit_mismatch(key.unit, quantity, factor, basis), C.UNIT) from None
    multiplier = per_value * factor.value
    co2e_given = unit_gas == units.CO2E
    gas = factor.gas if co2e_given else unit_gas
    described = _described(factor)
    price = f"; per {meta['price_year']} {meta['currency']} ({meta.get('price_basis', 'price basis not stated')})" if "price_year" in meta else ""
    weighted = f"; CO2e as published ({meta['gwp_set']}), not re-weighted" if co2e_given and meta.get("gwp_set") else (
        "; CO2e as published, not re-weighted" if co2e_given else "")
    steps = f" {money[1]}" if money is not None and money[1] else ""
    conversion = (f"method: {method}; {key.unit}{steps} x {factor.value:g} {factor.unit} ({dataset_id} {factor_id}: {described}) "
                  f"-> t {unit_gas}{price}{weighted}{'; ' + volume if volume else ''}")
    fallback = _edition(library, factor, int(key.year), meta, rules)
    try:
        parts, mixed = reweigh(library, factor, meta.get("gwp_set"), gwp_set, rules) if co2e_given and gwp_set else (None, "")
    except GwpMismatch as exc:
        raise Scope3Error(str(exc), C.FACTOR_ID) from None
    notes = [n for n in (fallback, money[2] if money is not None else "") if n]
    unmixed = "; ".join(notes)  # the lines of gases re-weighted under the inventory's set
    fallback = "; ".join(notes + [mixed] if mixed else notes)
    qualified = f"{dataset_id}:{factor_id}"
    choice = FactorChoice(qualified, dataset_id, factor.gas, factor.value, factor.unit, factor.region, factor.year_from,
                          factor.year_to, fallback)
    if parts is None:
        return [PublishedLine(gas, multiplier, co2e_given, qualified, conversion, fallback, choice)]
    conversion = conversion.replace(weighted, describe(parts, meta["gwp_set"], gwp_set))
    # Only a part kept as CO2e under the publisher's set carries the mixed_gwp note, so the mixed share is its own.
    return [PublishedLine(p.gas, per_value * p.kg_per_unit, p.gas == units.CO2E, qualified, conversion,
                          fallback if p.gas == units.CO2E else unmixed, choice) for p in parts]


def _described(factor: PublishedFactor) -> str:
    """The publisher's labels of a factor, for its lineage, with the calorific basis where the unit has one."""
    described = " / ".join(str(factor.row[k]) for k in ("level_1", "level_2", "level_3", "level_4", "column_text", "naics_title")
                           if isinstance(factor.row.get(k), str) and factor.row[k])
    uom = factor.row.get("uom")
    if isinstance(uom, str) and "CV)" in uom:  # DESNZ prints kWh (Net CV) and kWh (Gross CV) rows alike otherwise
        described += f" / per {uom}"
    return described


def _edition(library: FactorLibrary, factor: PublishedFactor, year: int, meta: dict, rules: tuple[str, ...]) -> str:
    """'' when the table's edition covers the row's year; else the fallback text, if the rule is allowed.

    A factor edition matches the activity year (DESNZ: use the set for the year of the activity
    data). A spend-based table priced in one year (``price_year``) is not refused: its bridge to the
    row's year is the exchange rate and price index (ghgcalc.inventory.spend); the lineage names it.
    """
    if factor.year_from <= year <= factor.year_to:
        return ""
    edition = f"{factor.year_from}" if factor.year_from == factor.year_to else f"{factor.year_from}-{factor.year_to}"
    if "price_year" in meta:
        return write_sentence("spend_edition", year, dataset=factor.dataset, edition=edition, price_year=meta["price_year"])
    if OTHER_EDITION in rules:
        return write_sentence(OTHER_EDITION, year, dataset=factor.dataset, edition=edition)
    instead = [d for d in library.editions_for_year(factor.dataset, year) if _has(library, d, factor.factor_id)]
    fields = dict(dataset=factor.dataset, factor_id=factor.factor_id, edition=edition)
    raise Scope3Error(write_sentence("edition_instead", year, instead=instead[0], instead_factor_id=factor.factor_id,
                                     **fields) if instead else write_sentence("edition_missing", year, **fields),
                      C.FACTOR_DATASET)


def _has(library: FactorLibrary, dataset_id: str, factor_id: str) -> bool:
    try:
        library.published_factor(dataset_id, factor_id)
    except GhgcalcError:
        return False
    return True


def row_factor_method(method: str) -> str:
    """The method of a row carrying the supplier's own factor (supplier-specific unless the row says hybrid)."""
    if method in ("", "supplier-specific", "hybrid"):
        return method or "supplier-specific"
    raise Scope3Error(f"method {quoted(method)} does not fit the supplier's own factor on the row (factor_value): "
                      "expected supplier-specific or hybrid", C.METHOD)


def _method(stated: str, spend_basis: bool, dataset_id: str, factor_id: str) -> str:
    """The row's method, or the one its factor implies; a spend-based claim must match a per-money factor."""
    if not stated:
        return SPEND_BASED if spend_basis else "average-data"
    if stated == "supplier-specific":
        raise Scope3Error(f"method 'supplier-specific' needs the supplier's own factor (factor_value, factor_unit), "
                          f"not the published {dataset_id} {factor_id}", C.METHOD)
    if (stated == SPEND_BASED) != spend_basis:
        what = "per unit of money" if spend_basis else "per physical unit"
        raise Scope3Error(f"method {quoted(stated)} does not fit {dataset_id} {factor_id}, a factor {what}", C.METHOD)
    return stated


def _is_money(basis) -> bool:
    return any(str(dim).startswith("[currency_") for dim in basis.dimensionality)


def _spend_basis(quantity, basis, key, meta: dict, what: str, rules: tuple[str, ...], spend: SpendRates | None):
    """(what turns the row's money into the factor's, the steps as text, any fallback), or None for non-money rows."""
    row_currency, factor_currency = currency_of(quantity), currency_of(basis)
    if row_currency is None or factor_currency is None:
        return None
    price_year = int(meta["price_year"]) if "price_year" in meta else None
    found = bring_to_basis(row_currency, int(key.year), factor_currency, price_year, what, spend, rules)
    per = f"{factor_currency} / {row_currency}" if row_currency != factor_currency else ""
    return units.get_registry().Quantity(found.multiplier, per), found.steps, found.fallback


def _unit_mismatch(unit: str, quantity, factor: PublishedFactor, basis) -> str:
    per = str(basis.units)
    return (f"{quoted(unit)} ({units.describe_dimension(quantity)}) does not fit {factor.dataset} {factor.factor_id}, "
            f"a factor per {per} ({units.describe_dimension(basis)})")
