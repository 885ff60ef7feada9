"""An energy attribute certificate counts only for consumption in its own market.

GHG Protocol Scope 2 Guidance, Quality Criterion 6: a contractual instrument used in market-based Scope 2
must come from the market where the electricity is consumed. A guarantee of origin on a UK or US row, or an
I-REC in a country with its own tracking system, would lower market-based Scope 2 with a certificate that
does not convey that market's attributes. The boundaries are data (``ghgcalc/data/instrument-markets.csv``).
"""

from __future__ import annotations

from functools import lru_cache

from ghgcalc.core.shipped import read_shipped_table

MARKETS_FILE = "instrument-markets.csv"


@lru_cache(maxsize=None)
def instrument_markets() -> dict[str, tuple[frozenset, frozenset, str]]:
    """instrument -> (countries it may cover, or empty for any; countries it may not; why)."""
    table = read_shipped_table(MARKETS_FILE)
    return {row.instrument: (frozenset(row.markets.split()), frozenset(row.not_in.split()), row.reason)
            for row in table.itertuples(index=False)}


def country_of(region: str, parents: dict) -> str:
    """The ISO 3166-1 country of a region: its root in the region hierarchy, or the prefix of an ISO 3166-2 code."""
    seen, code = set(), region
    while parents.get(code) and code not in seen:
        seen.add(code)
        code = parents[code]
    if code in parents or code != region:
        return code
    head = region.split("-", 1)[0]
    return head if len(head) == 2 and head.isalpha() and head.isupper() else ""


def market_boundary_problem(instrument: str, region: str, parents: dict) -> str:
    """'' when the instrument may cover consumption in ``region`` (or it cannot be told); else the rule and the fix."""
    rule = instrument_markets().get(instrument)
    country = country_of(region, parents) if region else ""
    if rule is None or not country:
        return ""
    markets, not_in, reason = rule
    if (markets and country not in markets) or country in not_in:
        return (f"instrument {instrument} does not cover consumption in {country} ({region}): {reason}. Scope 2 "
                f"Guidance, Quality Criterion 6: a certificate is used in the market where the electricity is consumed. "
                f"Fix: name the certificate of that market, or leave instrument empty (market-based Scope 2 then uses "
                f"the residual mix, or the location-based factor where none is published)")
    return ""
