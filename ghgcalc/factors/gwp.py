"""GWP sets: the only road from a mass of gas to a mass of CO2e.

Values come from the cited table ``factors/gwp-ipcc.csv``; refrigerant blends get the
mass-weighted sum of their components' GWPs (``factors/gwp-blends.csv``), which is how
the IPCC, US EPA and UK DESNZ tables derive them.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import MappingProxyType
from typing import Mapping

import numpy as np
import pandas as pd

from ghgcalc.errors import GwpError, did_you_mean
from ghgcalc.core.units import CO2E


@dataclass(frozen=True)
class GwpSet:
    """One named set of 100-year GWPs (e.g. AR6GWP100), with where each value came from."""

    name: str
    values: Mapping[str, float]
    derivations: Mapping[str, str]  # gas -> "gwp-ipcc:AR6 source" or the blend formula
    methane_by_origin: bool = False  # weigh fossil and biogenic methane apart (AR6 does)

    def methane_label(self, origin: str) -> str:
        """The gas name methane of this origin is counted as under this set."""
        if not self.methane_by_origin or origin not in ("fossil", "biogenic"):
            return "CH4"
        return "CH4_fossil" if origin == "fossil" else "CH4_nonfossil"

    def value(self, gas: str) -> float:
        if gas == CO2E:
            return 1.0
        try:
            return self.values[gas]
        except KeyError:
            raise GwpError(f"{self.name} has no GWP for {gas!r}{did_you_mean(gas, self.values)}") from None

    def array(self, gases: pd.Index | np.ndarray) -> np.ndarray:
        """GWPs for an array of gas names (a CO2e 'gas' counts 1)."""
        return np.array([self.value(g) for g in gases], dtype=float)


def build_gwp_sets(gwp: pd.DataFrame, blends: pd.DataFrame, methane_by_origin: set[str] = frozenset()) -> dict[str, GwpSet]:
    sets: dict[str, GwpSet] = {}
    for metric, rows in gwp.groupby("metric", sort=True):
        values = dict(zip(rows["gas"], rows["value"].astype(float)))
        derivations = {g: f"{d}:{s}" for g, d, s in zip(rows["gas"], rows["dataset"], rows["source_id"])}
        for blend, parts in blends.groupby("blend", sort=True):
            missing = [c for c in parts["component"] if c not in values]
            if missing:
                continue  # the set cannot value this blend; asking for it raises GwpError
            weights = parts["mass_fraction"].astype(float).to_numpy()
            gwps = np.array([values[c] for c in parts["component"]])
            values[blend] = float(weights @ gwps)
            derivations[blend] = " + ".join(f"{w:g} x {c}" for w, c in zip(weights, parts["component"]))
        sets[metric] = GwpSet(metric, MappingProxyType(values), MappingProxyType(derivations), metric in methane_by_origin)
    return sets


def get_gwp_set(sets: Mapping[str, GwpSet], name: str) -> GwpSet:
    """A GWP set by name; there is no default here, by design."""
    try:
        return sets[name]
    except KeyError:
        raise GwpError(f"GWP set {name!r} is not defined; the sets are {', '.join(sets)}{did_you_mean(name, sets)}") from None
