"""Where market-based Scope 2 leaves out a step of a country's own published method: said, never guessed.

Australia's NGA Factors deduct the Renewable Power Percentage (the Renewable Energy Target's share of the
electricity bought) from grid consumption before applying the national residual mix factor. Until a step can be
implemented with cited values (for the RPP: its rule for a July-June financial year), the inventory applies the
residual mix to all of the consumption, and ``ghgcalc check`` notes the gap for a workspace that has such lines.
The gaps are data (``ghgcalc/data/scope2-market-gaps.csv``, cited in its sidecar), one row per country and activity.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core.shipped import read_shipped_table
from ghgcalc.factors.regions import load_regions
from ghgcalc.inventory.instrument_markets import country_of

GAPS_FILE = "scope2-market-gaps.csv"


@lru_cache(maxsize=None)
def market_gaps() -> tuple[tuple[str, str, str], ...]:
    """(country, activity, what is left out and why) for each known gap."""
    return tuple(read_shipped_table(GAPS_FILE).itertuples(index=False, name=None))


def market_method_gaps(totals: pd.DataFrame, label=str) -> list[str]:
    """A sentence per known gap the totals run into: market-based Scope 2 of the gap's activity in its country, with
    emissions, by year (``totals`` grouped by year, scope, Scope 2 method, region and activity). ``label``: a year
    as the company labels it."""
    needed = {C.YEAR, C.SCOPE, C.SCOPE2_METHOD, C.REGION, C.ACTIVITY, C.CO2E_T}
    if not len(totals) or not needed <= set(totals.columns):
        return []
    market = totals[(totals[C.SCOPE].astype(str) == "2") & (totals[C.SCOPE2_METHOD].astype(str) == C.MARKET)
                    & (totals[C.CO2E_T] > 0)]
    parents = load_regions()
    countries = market[C.REGION].astype(object).fillna("").astype(str).map(lambda r: country_of(r, parents) if r else "")
    out = []
    for country, activity, gap in market_gaps():
        hit = market[(countries == country).to_numpy() & (market[C.ACTIVITY].astype(str) == activity).to_numpy()]
        if len(hit):
            by_year = hit.groupby(C.YEAR)[C.CO2E_T].sum()
            figures = ", ".join(f"{label(int(y))} {t:,.2f} t CO2e" for y, t in by_year.items())
            out.append(f"market-based Scope 2 of {activity} in {country} ({figures}): {gap}")
    return out
