"""The calorific basis of a quantity of fuel energy: gross (higher heating value, HHV) or net (lower, LHV).

Why it matters: the same fuel burned is about 10 % more energy gross than net for natural gas and about 5 %
for oil and coal (2006 IPCC Guidelines, Vol. 2, ch. 1, 1.4.1.2: NCV is about 5 % below GCV for coal and oil
and 10 % for natural gas), and a factor per unit of energy is for one basis. US and UK bills state gross
energy (therms, MMBtu, dekatherms; DESNZ's kWh "Gross CV"); the IPCC defaults are per TJ net.

A unit says its basis in parentheses, as DESNZ labels its rows: "kWh (gross)", "MWh (Gross CV)", "GJ (net)",
"MMBtu (HHV)", "GJ (LHV)". Units of the Btu family (Btu, MMBtu, therm, Dth) are gross unless they say
otherwise: that is how US energy is billed and how EPA publishes its factors. Standard coal equivalent (kgce,
tce) is net by definition (GB/T 2589-2020: 29,307.6 kJ of low calorific value). Other energy units say
nothing and are read on the basis of the factor that prices them, as before.
"""

from __future__ import annotations

import re

GROSS, NET = "gross", "net"
BASES = (GROSS, NET)
_WRITTEN = {"gross": GROSS, "gross cv": GROSS, "gcv": GROSS, "hhv": GROSS,
            "net": NET, "net cv": NET, "ncv": NET, "lhv": NET}
_ANNOTATION = re.compile(r"\s*\(\s*([A-Za-z]+(?:\s+CV)?)\s*\)\s*$", re.I)
# pint's names of the Btu family, whose energy is gross unless a unit says otherwise (US billing, EPA tables),
# and of standard coal equivalent, net by its definition
_USUAL = {"british_thermal_unit": GROSS, "therm": GROSS, "MMBtu": GROSS, "Dth": GROSS, "kgce": NET, "tce": NET}


def split_basis(text: str) -> tuple[str, str | None]:
    """(the unit without its basis, 'gross', 'net' or None): "MWh (Gross CV)" -> ("MWh", "gross")."""
    match = _ANNOTATION.search(text) if isinstance(text, str) else None
    said = " ".join(match.group(1).lower().split()) if match else ""
    if said not in _WRITTEN:
        return text, None
    return text[:match.start()], _WRITTEN[said]


def usual_basis(quantity) -> str | None:
    """The basis a unit means by itself: 'gross' for the Btu family, 'net' for coal equivalent, else None."""
    if not quantity.check("[energy]"):
        return None
    for name, _ in quantity.unit_items():
        for unit, basis in _USUAL.items():
            if str(name).lower().endswith(unit.lower()):  # 'Therm', 'kilobritish_thermal_unit' too
                return basis
    return None
