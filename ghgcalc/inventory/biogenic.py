"""Biogenic CO2 outside the scopes: the CO2 of the biofuel share of forecourt fuels and of biomass in
grid electricity, which DESNZ publishes on its 'Outside of scopes' sheet and the GHG Protocol asks to be
reported beside, never inside, Scope 1, 2 and 3 (Corporate Standard, chapter 9).

Why apart from the inventory: these t CO2 are not emissions of any scope and never become CO2e of a
total; they are a memo figure per year, traced to the row and the published factor like any other.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core import units
from ghgcalc.core.shipped import read_shipped_table
from ghgcalc.errors import GhgcalcError
from ghgcalc.factors.library import FactorLibrary
from ghgcalc.inventory.category3 import FIRST_ROW, SERIES, _dimension

BIOGENIC_FILE = "biogenic-outside-scopes.csv"


@lru_cache(maxsize=None)
def biogenic_factors() -> pd.DataFrame:
    return read_shipped_table(BIOGENIC_FILE)


@dataclass(frozen=True)
class BiogenicResult:
    """t CO2 of biogenic origin per row and per year, outside the scopes."""

    lines: pd.DataFrame = field(repr=False)   # year, row, activity, region, factor_id, biogenic_co2_t
    findings: tuple[str, ...] = ()

    def to_frame(self) -> pd.DataFrame:
        """Per year: biogenic_co2_t (t CO2, outside the scopes)."""
        return self.lines.groupby(C.YEAR, as_index=False)["biogenic_co2_t"].sum()

    def to_dict(self) -> dict:
        return {"unit": "t CO2 (biogenic, outside the scopes)", "years": self.to_frame().to_dict("records"),
                "lines": self.lines.to_dict("records"), "findings": list(self.findings)}


def biogenic_co2(activities: pd.DataFrame, library: FactorLibrary) -> BiogenicResult:
    """Biogenic CO2 of every row whose activity, region and unit have an 'outside of scopes' factor."""
    table = activities.reset_index(drop=True)
    regions = table[C.REGION].astype(str) if C.REGION in table else pd.Series("", index=table.index)
    factors = biogenic_factors()
    lines, findings = [], []
    for index, year, activity, quantity, unit, region in zip(table.index, table[C.YEAR], table[C.ACTIVITY],
                                                             table[C.QUANTITY], table[C.UNIT], regions):
        match = factors[(factors["activity"] == activity) & (factors["region"] == region)
                        & (factors["dimension"] == _dimension(str(unit)))]
        for factor_id in match["factor_id"]:
            dataset = SERIES.format(year=int(year))
            try:
                factor = library.published_factor(dataset, factor_id)
            except GhgcalcError as exc:
                findings.append(f"row {int(index) + FIRST_ROW} ({activity} {year}): no biogenic factor: {exc}")
                continue
            # 'kg CO2e of CO2' is kg CO2: the CO2 part of a factor carries GWP 1 in every set
            per_unit = units.parse_unit(factor.unit.replace("CO2e", "CO2"))
            tonnes = float((units.parse_unit(str(unit)) * per_unit * factor.value * float(quantity)).to("t CO2").magnitude)
            lines.append({C.YEAR: int(year), "row": int(index) + FIRST_ROW, C.ACTIVITY: activity, C.REGION: region,
                          C.FACTOR_ID: f"{dataset}:{factor_id}", "biogenic_co2_t": tonnes})
    columns = [C.YEAR, "row", C.ACTIVITY, C.REGION, C.FACTOR_ID, "biogenic_co2_t"]
    return BiogenicResult(pd.DataFrame(lines, columns=columns), tuple(findings))
