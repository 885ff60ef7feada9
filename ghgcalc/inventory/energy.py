"""Energy consumed, in MWh, from the same summed quantities as the emissions.

Why here: GRI 302-1 and ESRS E1-5 ask for energy consumption and its renewable share beside
the emissions, and a scenario needs each line's energy to project it. Electricity and
heat bought are energy already (kWh, MWh, GJ ...); a fuel is turned into energy by the same
property look-up (density, net calorific value) that its emission factors use, so the
MWh and the t CO2e of a row always rest on the same NCV. Rows bought under a renewable
instrument (certificates, PPAs, on-site generation) are counted as renewable electricity.

Fuel energy is totalled on one calorific basis, net (NCV, as the IPCC 2006 defaults, Vol. 2 Ch. 1, and
the calorific values above are): a row on the gross basis (a therm bill; "MWh (gross)"; kWh priced by
DESNZ's per kWh Gross CV factors) is brought to net by the fuel's cited net/gross ratio, the same
conversion its emissions use (:func:`ghgcalc.inventory.calorific.ratio_scale`). Each line keeps its
basis and the conversion in ``basis`` and ``calorific``: a gross row of a fuel with no cited ratio stays
gross and says so, and energy of no stated basis under a factor of none is counted as given ("").
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core import calorific, units
from ghgcalc.errors import GhgcalcError
from ghgcalc.factors.library import FactorLibrary
from ghgcalc.inventory.calorific import ratio_scale, row_basis
from ghgcalc.inventory.instrument_markets import renewable_instruments
from ghgcalc.inventory.resolver import _basis, _Resolver

ENERGY_KINDS = ("electricity", "heat", "combustion")
ENERGY_KEYS = (C.YEAR, C.SEGMENT, C.SITE, C.REGION, C.ACTIVITY, "kind", C.INSTRUMENT)
ENERGY_COLUMNS = ENERGY_KEYS + ("energy_mwh", "renewable", "basis", "calorific")
MWH = "MWh"
REPORTING_BASIS = calorific.NET


def energy_table(sums: pd.DataFrame, library: FactorLibrary, rules: tuple[str, ...], gwp,
                 basis: str = REPORTING_BASIS) -> pd.DataFrame:
    """MWh by year, segment, site, region, activity, kind and instrument, for the energy kinds, fuels on the
    calorific ``basis`` (net unless a workspace reports gross: ``energy_basis``).

    ``sums`` are a chunk's (or a whole table's) quantities summed by key
    (:func:`ghgcalc.inventory.totals.aggregate_chunk`).
    """
    if sums is None or not len(sums) or "kind" not in sums:
        return empty_energy()
    kinds = sums["kind"].astype(object).astype(str)
    part = sums.loc[kinds.isin(ENERGY_KINDS).to_numpy()]
    if not len(part):
        return empty_energy()
    resolver = _Resolver(library, tuple(rules), gwp)
    per_unit = {}
    keys = part[[C.ACTIVITY, C.UNIT, C.REGION, C.YEAR, "kind"]].astype(object)
    for key in keys.drop_duplicates().itertuples(index=False, name=None):
        per_unit[key] = _mwh_per_unit(resolver, *key, basis)
    found = [per_unit[k] for k in keys.itertuples(index=False, name=None)]
    frame = pd.DataFrame({k: part[k].astype(object).fillna("").to_numpy() if k != C.YEAR else part[k].to_numpy()
                          for k in ENERGY_KEYS})
    frame["energy_mwh"] = part[C.QUANTITY].to_numpy(dtype=float) * np.array([f[0] for f in found], dtype=float)
    frame["basis"] = [f[1] for f in found]
    frame["calorific"] = [f[2] for f in found]
    frame = frame[np.isfinite(frame["energy_mwh"])]
    frame["renewable"] = frame[C.INSTRUMENT].isin(renewable_instruments()) & (frame["kind"] == "electricity")
    return frame.groupby(list(ENERGY_KEYS) + ["renewable", "basis", "calorific"], sort=True, dropna=False)["energy_mwh"] \
        .sum().reset_index()[list(ENERGY_COLUMNS)]


def _mwh_per_unit(resolver: _Resolver, activity: str, unit: str, region: str, year, kind: str,
                  target_basis: str) -> tuple[float, str, str]:
    """(MWh per unit of the input quantity, on the reporting basis where a fuel's energy has one; the basis of
    that MWh; the conversion said); NaN when no property connects the unit to energy."""
    quantity = units.parse_unit(unit)
    target = units.parse_unit(MWH)
    if quantity.dimensionality == target.dimensionality:
        mwh = float(quantity.to(MWH).magnitude)
        if kind != "combustion":
            return mwh, "", ""  # electricity and heat bought have no calorific basis
        return _on_basis(mwh, row_basis(unit) or _factor_basis(resolver, activity, region, year), target_basis, activity)
    key = SimpleNamespace(activity=activity, region=region, year=int(year), unit=unit)
    try:
        path = resolver._property_path(key, activity, quantity, target)
    except GhgcalcError:
        path = None
    if path is None:
        return float("nan"), "", ""
    mwh = float(path[0].to(MWH).magnitude)  # by the net calorific value (the properties are NCV)
    return _on_basis(mwh, calorific.NET, target_basis, activity) if kind == "combustion" else (mwh, "", "")


def _on_basis(mwh: float, given: str | None, target: str, activity: str) -> tuple[float, str, str]:
    """(MWh on ``target``, its basis, the conversion) by the fuel's cited ratio; unconverted where none is cited."""
    if given is None:
        return mwh, "", ""
    converted = ratio_scale(given, target, activity)
    if converted is None:
        return mwh, given, (f"{given} -> {target} calorific value not converted: ghgcalc has no cited "
                            f"net/gross ratio for {activity}")
    scale, note = converted
    return mwh * scale, target, ("" if given == target else note)


def _factor_basis(resolver: _Resolver, activity: str, region: str, year) -> str | None:
    """The calorific basis of the factors per unit of energy that price a fuel whose unit states none (DESNZ's
    kWh are gross): its emissions read the energy on that basis, and so do its energy totals."""
    try:
        choices = resolver._find_factors(activity, region, int(year))
    except GhgcalcError:
        return None
    bases = set()
    for choice in choices:
        if _basis(choice).dimensionality == units.parse_unit(MWH).dimensionality:
            dataset = resolver.library.datasets.get(choice.dataset)
            bases.add(dataset.meta.get("calorific_basis") if dataset is not None else None)
    return bases.pop() if len(bases) == 1 else None


def empty_energy() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float if c == "energy_mwh" else bool if c == "renewable" else object)
                         for c in ENERGY_COLUMNS})


def basis_note(energy: pd.DataFrame, basis: str = REPORTING_BASIS) -> str:
    """The lineage of an energy total: its calorific basis, and each conversion or exception with its MWh."""
    fuel = energy[energy["kind"] == "combustion"] if len(energy) else energy
    said = (f"fuel energy on the net calorific value basis (NCV, that of the IPCC Guidelines' default factors)"
            if basis == calorific.NET else "fuel energy on the gross calorific value basis (GCV, the workspace's energy_basis)")
    if not len(fuel):
        return said
    parts = []
    for (activity, basis, note), mwh in fuel.groupby([C.ACTIVITY, "basis", "calorific"], sort=True)["energy_mwh"].sum().items():
        if note:
            parts.append(f"{activity} {mwh:,.2f} MWh: {note}")
        elif not basis:
            parts.append(f"{activity} {mwh:,.2f} MWh of no stated calorific basis (nor its factor's), counted as given")
    return said + ("; " + "; ".join(parts) if parts else "")
