"""Energy consumed, in MWh, from the same summed quantities as the emissions.

Why here: GRI 302-1 and ESRS E1-5 ask for energy consumption and its renewable share beside
the emissions, and a scenario needs each line's energy to project it. Electricity and
heat bought are energy already (kWh, MWh, GJ ...); a fuel is turned into energy by the same
property look-up (density, net calorific value) that its emission factors use, so the
MWh and the t CO2e of a row always rest on the same NCV. Rows bought under a renewable
instrument (certificates, PPAs, on-site generation) are counted as renewable electricity.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core import units
from ghgcalc.errors import GhgcalcError
from ghgcalc.factors.library import FactorLibrary
from ghgcalc.inventory.instrument_markets import renewable_instruments
from ghgcalc.inventory.resolver import _Resolver

ENERGY_KINDS = ("electricity", "heat", "combustion")
ENERGY_KEYS = (C.YEAR, C.SEGMENT, C.SITE, C.REGION, C.ACTIVITY, "kind", C.INSTRUMENT)
ENERGY_COLUMNS = ENERGY_KEYS + ("energy_mwh", "renewable")
MWH = "MWh"


def energy_table(sums: pd.DataFrame, library: FactorLibrary, rules: tuple[str, ...], gwp) -> pd.DataFrame:
    """MWh by year, segment, site, region, activity, kind and instrument, for the energy kinds.

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
    for key in part[[C.ACTIVITY, C.UNIT, C.REGION, C.YEAR]].astype(object).drop_duplicates().itertuples(index=False):
        per_unit[tuple(key)] = _mwh_per_unit(resolver, *key)
    factor = np.array([per_unit[k] for k in part[[C.ACTIVITY, C.UNIT, C.REGION, C.YEAR]].astype(object)
                       .itertuples(index=False, name=None)], dtype=float)
    frame = pd.DataFrame({k: part[k].astype(object).fillna("").to_numpy() if k != C.YEAR else part[k].to_numpy()
                          for k in ENERGY_KEYS})
    frame["energy_mwh"] = part[C.QUANTITY].to_numpy(dtype=float) * factor
    frame = frame[np.isfinite(frame["energy_mwh"])]
    frame["renewable"] = frame[C.INSTRUMENT].isin(renewable_instruments()) & (frame["kind"] == "electricity")
    return frame.groupby(list(ENERGY_KEYS) + ["renewable"], sort=True, dropna=False)["energy_mwh"].sum() \
        .reset_index()[list(ENERGY_COLUMNS)]


def _mwh_per_unit(resolver: _Resolver, activity: str, unit: str, region: str, year) -> float:
    """MWh per unit of the input quantity; NaN when no property connects the unit to energy."""
    quantity = units.parse_unit(unit)
    target = units.parse_unit(MWH)
    if quantity.dimensionality == target.dimensionality:
        return float(quantity.to(MWH).magnitude)
    key = SimpleNamespace(activity=activity, region=region, year=int(year), unit=unit)
    try:
        path = resolver._property_path(key, activity, quantity, target)
    except GhgcalcError:
        path = None
    if path is None:
        return float("nan")
    converted = path[0]
    return float(converted.to(MWH).magnitude)


def empty_energy() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=float if c == "energy_mwh" else bool if c == "renewable" else object)
                         for c in ENERGY_COLUMNS})
