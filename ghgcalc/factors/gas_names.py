"""A gas as a user names it on the command line, read through the same alias table as activity tables.

Why: an activity row may say ``R-410A`` or ``HFC-32`` (factors/gas-aliases.csv maps them to
``HFC410a`` and ``HFC32``); a filter that compared the typed name with the lines' canonical
gas would match nothing and print a total of 0 t, which reads as a fact. One look-up serves
both, and a name that is no gas is refused with the names that are.
"""

from __future__ import annotations

import functools

from ghgcalc.core import units
from ghgcalc.core.shipped import read_shipped_table
from ghgcalc.errors import ConfigError, did_you_mean

MONTREAL_FILE = "montreal-protocol-gases.csv"


def gas_named(library, name: str) -> str:
    """The canonical gas ``name`` stands for (``R-410A`` -> ``HFC410a``), or a ConfigError naming it."""
    canonical = library.canonical_gas(str(name).strip())
    if canonical:
        return canonical
    known = [*units.known_gases(), *library.aliases]
    outside = outside_scopes(str(name))
    if outside:
        raise ConfigError(f"--gas {name!r}: {outside}")
    raise ConfigError(f"--gas {name!r} is not a gas ghgcalc knows{did_you_mean(str(name), known)} "
                      "(gas names and the aliases of factors/gas-aliases.csv: CO2, CH4, N2O, HFC-32, R-410A, ...)")


@functools.lru_cache(maxsize=1)
def _montreal() -> dict[str, tuple[str, str]]:
    """Every spelling of an ozone-depleting substance (upper case, no spaces) -> (substance, group)."""
    out = {}
    for row in read_shipped_table(MONTREAL_FILE).itertuples(index=False):
        for name in (row.substance, *row.aliases.split(";")):
            out[_key(name)] = (row.substance, row.group)
    return out


def _key(name: str) -> str:
    return "".join(str(name).split()).upper()


def outside_scopes(name: str) -> str:
    """Why a gas name that is an ozone-depleting substance is not counted ('' for any other name): R-22 is
    HCFC-22, controlled under the Montreal Protocol, and the GHG Protocol Corporate Standard reports such gases
    separately from Scopes 1-3 (chapter 9, optional information), so no CO2e of it enters a scope total."""
    found = _montreal().get(_key(name))
    if not found:
        return ""
    substance, group = found
    spelled = "" if _key(substance) == _key(name) else f"{substance}, "
    return (f"{name!r} is {spelled}an ozone-depleting substance ({group}) controlled under the Montreal Protocol, "
            f"not a Kyoto Protocol gas; the GHG Protocol Corporate Standard reports its emissions separately from "
            f"Scopes 1-3 (chapter 9, optional information), so ghgcalc counts it in no scope: report it beside "
            f"the inventory")
