"""One GWP set per result: published CO2e factors re-weighted under the inventory's set.

A publisher's CO2e is weighted with its own GWP set (DESNZ and EPA: AR5 GWP-100). An inventory
under another set (AR4, AR6) must not add those CO2e to its own, or its total carries two sets
under one label. Where the publisher also gives the factor per gas (DESNZ prints 'kg CO2e of CO2',
'of CH4', 'of N2O' beside the 'kg CO2e' row), each part is turned back into a mass of its gas with
the publisher's GWP and weighted again under the inventory's set. A factor published only as CO2e
cannot be re-weighted: the row is refused, or, when the caller allows the fallback ``mixed_gwp``,
kept as published and named in its line, so that the share of the total in another set is known.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ghgcalc.factors.choices import PublishedFactor
from ghgcalc.core.units import CO2E
from ghgcalc.factors.library import MIXED_GWP, FactorLibrary
PER_GAS = ("CO2", "CH4", "N2O")
# Columns that say which row of a publisher table a value is, not what it measures.
_NOT_LABELS = {"factor_id", "sheet_row", "ghg_unit", "gas", "value", "unit", "source_id"}


class GwpMismatch(ValueError):
    """A CO2e-only factor of another GWP set, without the mixed_gwp fallback."""


@dataclass(frozen=True)
class GasPart:
    """One gas of a published CO2e factor: kg of the gas per unit of activity, and how it was found.

    ``gas`` CO2e is a part the publisher gives only as CO2e under its own set (EPA's 'HFCs and PFCs,
    unspecified'): it cannot be re-weighted and is kept as published only under the fallback mixed_gwp."""

    gas: str
    kg_per_unit: float
    note: str
    source: str = ""  # the publisher's by-gas table the part was read from, if any


def _companion_parts(library: FactorLibrary, table_id: str, factor: PublishedFactor) -> list[GasPart] | None:
    """The factor's gases from the publisher's by-gas table (rows '<factor id>/<gas>', kg of the gas per unit)."""
    memo = library.memo.setdefault(("per_gas_rows",), {})
    if table_id not in memo:
        frame = library.published_table(table_id).frame
        parents = np.array([factor_id.rsplit("/", 1)[0] for factor_id in frame["factor_id"].tolist()], dtype=object)
        memo[table_id] = frame.groupby(parents, sort=False).indices
    positions = memo[table_id].get(factor.factor_id)
    if positions is None:
        return None
    rows = library.published_table(table_id).frame.iloc[positions]
    return [GasPart(gas, float(value), row_id, table_id) for row_id, gas, value in zip(rows["factor_id"], rows["gas"], rows["value"])]


def _groups(library: FactorLibrary, dataset_id: str) -> tuple[list[str], dict[tuple, np.ndarray]]:
    """The table's rows grouped by every descriptive label (one group = one factor and its gases).

    Groups are kept as row positions: cutting a table of 3,000 factors into as many frames took
    about 0.4 s of CPU per table, in every command that re-weighs a published factor."""
    memo = library.memo.setdefault(("published_groups",), {})
    if dataset_id not in memo:
        frame = library.published_table(dataset_id).frame
        labels = [c for c in frame.columns if c not in _NOT_LABELS]
        positions = frame.groupby(labels, sort=False).indices if labels else {}
        memo[dataset_id] = (labels, {k if isinstance(k, tuple) else (k,): v for k, v in positions.items()})
    return memo[dataset_id]


def gas_parts(library: FactorLibrary, factor: PublishedFactor, publisher_set: str) -> list[GasPart] | None:
    """The factor as masses of CO2, CH4 and N2O per unit, or None when the table has no per-gas values for it."""
    gwp = library.gwp_sets[publisher_set]
    companion = library.published_table(factor.dataset).meta.get("per_gas_table")
    if companion:
        return _companion_parts(library, str(companion), factor)
    if factor.gas in PER_GAS:  # a per-gas row in CO2e: that gas alone
        return [GasPart(factor.gas, factor.value / gwp.value(factor.gas), f"{factor.value:g} / {gwp.value(factor.gas):g}")]
    labels, groups = _groups(library, factor.dataset)
    if not labels:  # a table without descriptive columns cannot say which rows are one factor's gases
        return None
    positions = groups.get(tuple(factor.row.get(c, "") for c in labels))
    if positions is None:
        return None
    group = library.published_table(factor.dataset).frame.iloc[positions]
    parts = group[group["gas"].isin(PER_GAS) & (group["unit"] == factor.unit)]
    if sorted(parts["gas"]) != sorted(PER_GAS):
        return None
    return [GasPart(gas, float(value) / gwp.value(gas), f"{float(value):g} / {gwp.value(gas):g}")
            for gas, value in zip(parts["gas"], parts["value"])]


def reweigh(library: FactorLibrary, factor: PublishedFactor, publisher_set: str | None, inventory_set: str,
            rules: tuple[str, ...]) -> tuple[list[GasPart] | None, str]:
    """(parts to weigh under ``inventory_set``, or None to keep the CO2e; the fallback text, if any)."""
    if not publisher_set or publisher_set == inventory_set:
        return None, ""
    parts = gas_parts(library, factor, publisher_set)
    kept = [p for p in parts or () if p.gas == CO2E]
    if parts is not None and not kept:
        return parts, ""
    if kept and MIXED_GWP in rules:
        return parts, mixed_note(publisher_set, inventory_set)
    if kept:
        share = kept[0].kg_per_unit / factor.value if factor.value else 0.0
        raise GwpMismatch(f"{factor.dataset} {factor.factor_id} has a part published only as CO2e under {publisher_set} "
                          f"({kept[0].kg_per_unit:g} of {factor.value:g} kg CO2e per unit, {share:.1%}: an unnamed mix "
                          f"of gases), and the inventory is under {inventory_set}: its other gases are re-weighted; "
                          f"allow the fallback {MIXED_GWP} to keep that part as published (its share is then named), "
                          "or use your own factor")
    if MIXED_GWP in rules:
        return None, mixed_note(publisher_set, inventory_set)
    raise GwpMismatch(f"{factor.dataset} {factor.factor_id} is published only as CO2e under {publisher_set}, and the "
                      f"inventory is under {inventory_set}: use a factor with per-gas values or your own factor, or allow "
                      f"the fallback {MIXED_GWP} (the share of the total in {publisher_set} is then named)")


def mixed_note(publisher_set: str, inventory_set: str) -> str:
    return f"{MIXED_GWP}: CO2e as published under {publisher_set}; the inventory is under {inventory_set}"


def describe(parts: list[GasPart], publisher_set: str, inventory_set: str) -> str:
    source = next((p.source for p in parts if p.source), "")
    if source:
        shown = ", ".join(f"{p.gas} {p.kg_per_unit:.3g}" for p in parts)
        kept = f"; its CO2e part (an unnamed mix) kept as published under {publisher_set}" if any(p.gas == CO2E for p in parts) else ""
        return f"; re-weighted: kg of each gas per unit from {source} ({shown}), each gas weighted under {inventory_set}{kept}"
    shown = ", ".join(f"{p.gas} {p.note} = {p.kg_per_unit:.6g} kg" for p in parts)
    return (f"; re-weighted: the publisher's per-gas CO2e ({publisher_set}) back to kg of gas per unit ({shown}), "
            f"each gas weighted under {inventory_set}")

