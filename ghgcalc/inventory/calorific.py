"""Fuel energy brought to the calorific basis of the factor that prices it (gross or net), with the ratio cited.

A row's basis is what its unit says ("MWh (gross)"), else the usual basis of its unit (the Btu family is
gross: :mod:`ghgcalc.core.calorific`), else not stated, read on the factor's basis as before. A factor's
basis is its dataset's ``calorific_basis`` (IPCC 2006 per TJ net, DESNZ per kWh gross). Where both are known
and differ, the energy is multiplied (gross to net) or divided (net to gross) by the fuel's net/gross ratio
from ghgcalc/data/calorific-ratios.csv: DESNZ's own CO2 factors per kWh Gross CV and per kWh Net CV of the
same fuel (their quotient is the fuel's NCV/GCV), so a therm bill is no longer priced about 11 % high
against the IPCC net-basis factors.
"""

from __future__ import annotations

from functools import lru_cache

from ghgcalc import columns as C
from ghgcalc.core import calorific, units
from ghgcalc.core.shipped import read_shipped_table
from ghgcalc.errors import ColumnError, quoted

RATIOS_FILE = "calorific-ratios.csv"


class CalorificError(ColumnError):
    """Fuel energy on one basis priced by a factor on the other, with no cited ratio between them."""

    default_column = C.UNIT


@lru_cache(maxsize=1)
def calorific_ratios() -> dict[str, dict]:
    """Per activity: its row of the table, with net_per_gross, the quotient of the DESNZ factors it names."""
    table = read_shipped_table(RATIOS_FILE)
    return {row["activity"]: {**row, "net_per_gross": float(row["gross_co2_kg_per_kwh"]) / float(row["net_co2_kg_per_kwh"])}
            for row in table.to_dict("records")}


def row_basis(unit: str) -> str | None:
    """The basis a row's unit states, or the usual basis of the unit (gross for the Btu family), or None."""
    written, stated = calorific.split_basis(unit)
    if stated:
        return stated
    return calorific.usual_basis(units.parse_unit(written))


def to_factor_basis(unit: str, activity: str, factor_basis: str | None, dataset: str) -> tuple[float, str]:
    """(the multiplier that brings the row's energy to the factor's basis, the lineage note after '; ')."""
    basis = row_basis(unit)
    if basis is None:
        return 1.0, f"; energy on the {factor_basis} calorific value basis ({dataset})" if factor_basis else ""
    if factor_basis is None:
        return 1.0, (f"; energy on the {basis} calorific value basis as given; the factor's dataset {dataset} states no "
                     f"calorific basis, so none was converted")
    if basis == factor_basis:
        return 1.0, f"; energy on the {basis} calorific value basis, as the factor's ({dataset})"
    converted = ratio_scale(basis, factor_basis, activity)
    if converted is None:
        raise CalorificError(f"{quoted(unit)} is energy on the {basis} calorific value basis and the factors of "
                             f"{activity} ({dataset}) are per unit on the {factor_basis} basis; ghgcalc has no cited "
                             f"net/gross ratio for {activity}: give the energy on the {factor_basis} basis "
                             f"('{calorific.split_basis(unit)[0].strip()} ({factor_basis})') or the fuel by mass or volume")
    scale, note = converted
    return scale, f"; {note}; energy on the {factor_basis} calorific value basis ({dataset})"


def ratio_scale(basis: str, target: str, activity: str) -> tuple[float, str] | None:
    """(the multiplier that brings energy of ``activity`` from ``basis`` to ``target``, the note naming the
    cited ratio), or None when no ratio is cited for the fuel. The one conversion: emissions (to a factor's
    basis) and energy totals (to the reporting basis) both use it."""
    if basis == target:
        return 1.0, f"energy on the {basis} calorific value basis"
    ratio = calorific_ratios().get(activity)
    if ratio is None:
        return None
    net_per_gross = ratio["net_per_gross"]
    scale = net_per_gross if basis == calorific.GROSS else 1 / net_per_gross
    return scale, (f"{basis} -> {target} calorific value x{scale:.5f} (net/gross of {ratio['fuel']}: "
                   f"{ratio['source']} {ratio['gross_factor_id']} {ratio['gross_co2_kg_per_kwh']} kg CO2 per kWh Gross CV / "
                   f"{ratio['net_factor_id']} {ratio['net_co2_kg_per_kwh']} per kWh Net CV)")
