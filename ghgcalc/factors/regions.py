"""Which region a region falls back to under ``parent_region``: regions.csv, and ISO 3166-2 by definition.

Why a rule beside the table: an ISO 3166-2 subdivision code is its country's ISO 3166-1 alpha-2
code, a hyphen and up to three letters or digits (ISO 3166-2:2020, clause 5.2: IN-MH Maharashtra,
IN-TN Tamil Nadu, DE-BY, US-CA), so its country is its prefix for any country, and listing every
subdivision of the world in regions.csv would only let the table lag the standard. regions.csv still
names parents that no code states: grids (CN-EAST -> CN, eGRID RFCM -> US) and a table entry wins
over the rule.
"""

from __future__ import annotations

import re
from typing import Iterator, Mapping

from ghgcalc.core.shipped import read_shipped_table

ISO_3166_2 = re.compile(r"^([A-Z]{2})-[A-Z0-9]{1,3}$")


class RegionParents(Mapping[str, str]):
    """region -> parent region: regions.csv's rows, then the country of an ISO 3166-2 code."""

    def __init__(self, table: Mapping[str, str]):
        self._table = dict(table)

    def __getitem__(self, region: str) -> str:
        if region in self._table:
            return self._table[region]
        match = ISO_3166_2.match(str(region))
        if match:
            return match.group(1)
        raise KeyError(region)

    def __contains__(self, region) -> bool:
        return region in self._table or bool(ISO_3166_2.match(str(region)))

    def __iter__(self) -> Iterator[str]:  # the table's regions; ISO codes are answered, not listed
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)

    def why_none(self, region: str) -> str:
        """Why ``region`` has no parent, for a message."""
        return (f"{region} has no parent region (regions.csv names none, and it is not an ISO 3166-2 code "
                f"such as IN-MH, whose country is its prefix)")


def load_regions() -> RegionParents:
    frame = read_shipped_table("regions.csv")
    return RegionParents({r: p for r, p in zip(frame["region"], frame["parent"]) if p})
