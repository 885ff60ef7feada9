"""The calorific basis of a quantity of fuel energy: gross (higher heating value, HHV) or net (lower, LHV).

Why it matters: the same fuel burned is about 10 % more energy gross than net for natural gas and about 5 %
for oil and coal (2006 IPCC Guidelines, Vol. 2, ch. 1, 1.4.1.2: NCV is about 5 % below GCV for coal and oil
and 10 % for natural gas), and a factor per unit of energy is for one basis. US and UK bills state gross
energy (therms, MMBtu, dekatherms; DESNZ's kWh "Gross CV"); the IPCC defaults are per TJ net.

A unit says its basis in parentheses, as DESNZ labels its rows: "kWh (gross)", "MWh (Gross CV)", "GJ (net)",
"MMBtu (HHV)", "GJ (LHV)". Units of the Btu family (Btu, MMBtu, therm, Dth) are gross unless they say
otherwise: that is how US energy is billed and how EPA publishes its factors. Other energy units say nothing
and are read on the basis of the factor that prices them, as before.
"""

from __future__ import annotations

import re

GROSS, NET = "gross", "net"
BASES = (GROSS, NET)
_WRITTEN = {"gross": GROSS, "gross cv": GROSS, "gcv": GROSS, "hhv": GROSS,
            "net": NET, "net cv": NET, "ncv": NET, "lhv": NET}
_ANNOTATION = re.compile(r"\s*\(\s*([A-Za-z]+(?:\s+CV)?)\s*\)\s*$", re.I)
# pint's names of the Btu family, whose energy is gross unless a unit says otherwise (US billing, EPA tables)
_GROSS_BY_CUSTOM = ("british_thermal_unit", "therm", "MMBtu", "Dth")


def split_basis(text: str) -> tuple[str, str | None]:
    """(the unit without its basis, 'gross', 'net' or None): "MWh (Gross CV)" -> ("MWh", "gross")."""
    match = _ANNOTATION.search(text) if isinstance(text, str) else None
    said = " ".join(match.group(1).lower().split()) if match else ""
    if said not in _WRITTEN:
        return text, None
    return text[:match.start()], _WRITTEN[said]


def usual_basis(quantity) -> str | None:
    """'gross' for a quantity in a unit of the Btu family (its usual basis), else None (not stated)."""
    if not quantity.check("[energy]"):
        return None
    return GROSS if any(str(name).endswith(_GROSS_BY_CUSTOM) for name, _ in quantity.unit_items()) else None
