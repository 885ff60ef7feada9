"""A gas as a user names it on the command line, read through the same alias table as activity tables.

Why: an activity row may say ``R-410A`` or ``HFC-32`` (factors/gas-aliases.csv maps them to
``HFC410a`` and ``HFC32``); a filter that compared the typed name with the lines' canonical
gas would match nothing and print a total of 0 t, which reads as a fact. One look-up serves
both, and a name that is no gas is refused with the names that are.
"""

from __future__ import annotations

from ghgcalc.core import units
from ghgcalc.errors import ConfigError, did_you_mean


def gas_named(library, name: str) -> str:
    """The canonical gas ``name`` stands for (``R-410A`` -> ``HFC410a``), or a ConfigError naming it."""
    canonical = library.canonical_gas(str(name).strip())
    if canonical:
        return canonical
    known = [*units.known_gases(), *library.aliases]
    raise ConfigError(f"--gas {name!r} is not a gas ghgcalc knows{did_you_mean(str(name), known)} "
                      "(gas names and the aliases of factors/gas-aliases.csv: CO2, CH4, N2O, HFC-32, R-410A, ...)")
