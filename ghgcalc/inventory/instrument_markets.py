"""An energy attribute certificate counts only for consumption in its own market.

GHG Protocol Scope 2 Guidance, Quality Criterion 6: a contractual instrument used in market-based Scope 2
must come from the market where the electricity is consumed. A guarantee of origin on a UK or US row, or an
I-REC in a country with its own tracking system, would lower market-based Scope 2 with a certificate that
does not convey that market's attributes. The boundaries are data (``ghgcalc/data/instrument-markets.csv``), and
so is the vocabulary: each market's own certificate (an Australian row names an LGC, a UK row a REGO) is a row of
that file, and a certificate a consumer cannot claim (Australia's STC) is listed with the reason it is refused. A
virtual PPA is a row too: a financial contract whose certificates reach the buyer apart from the power (unbundled,
as the file's label says), from a generator whose market the row does not name.
"""

from __future__ import annotations

from functools import lru_cache

from ghgcalc.core.shipped import read_shipped_table
from ghgcalc.errors import did_you_mean

MARKETS_FILE = "instrument-markets.csv"
ONSITE_RENEWABLE = "onsite_renewable"  # generated on site and used there: no Scope 2 under either method
CONTRACTS = ("green_power", "PPA", ONSITE_RENEWABLE)  # contracts and generation; certificates are data (the file)
SUPPLIER_INSTRUMENT = "supplier"  # the instrument that carries the supplier's own factor on the row
NO_INSTRUMENT = ("", "none")


def renewable_instruments() -> tuple[str, ...]:
    """Every instrument of renewable electricity: each market's certificates (ghgcalc/data/instrument-markets.csv,
    GO, REGO, REC, LGC, GEC, I-REC, NFC, J-Credit, and a virtual PPA's), green_power, PPA and onsite_renewable."""
    return certificate_names() + CONTRACTS


def known_instruments() -> tuple[str, ...]:
    """What a row's instrument may say: none, a renewable instrument, or supplier."""
    return NO_INSTRUMENT + renewable_instruments() + (SUPPLIER_INSTRUMENT,)


@lru_cache(maxsize=None)
def _table():
    return read_shipped_table(MARKETS_FILE)


@lru_cache(maxsize=None)
def instrument_markets() -> dict[str, tuple[frozenset, frozenset, str]]:
    """instrument -> (countries it may cover, or empty for any; countries it may not; why), for the certificates
    a row may name (not those the file lists as refused)."""
    return {row.instrument: (frozenset(row.markets.split()), frozenset(row.not_in.split()), row.reason)
            for row in _table().itertuples(index=False) if not row.refused}


def certificate_names() -> tuple[str, ...]:
    """The certificates a row may name, each market's own (GO, REGO, REC, LGC, GEC, I-REC, NFC, J-Credit) and a
    virtual PPA's (VPPA), in the file's order: the vocabulary is the data's, so a market's certificate is added
    there, not in code."""
    return tuple(instrument_markets())


@lru_cache(maxsize=None)
def certificate_labels() -> dict[str, str]:
    """How each certificate a row may name reaches the buyer, as reports say it ("unbundled certificate",
    "unbundled certificates of a virtual PPA"): the file's label column."""
    return {row.instrument: row.label for row in _table().itertuples(index=False) if not row.refused}


@lru_cache(maxsize=None)
def refused_instruments() -> dict[str, str]:
    """Certificates that exist but cannot lower a consumer's market-based Scope 2: name -> what it is and why not."""
    return {row.instrument: f"{row.reason}; {row.refused}" for row in _table().itertuples(index=False) if row.refused}


def suggested_instrument(value: str, region: str, allowed: tuple[str, ...], parents: dict) -> str:
    """The "; did you mean" for an unknown instrument: first among the certificates of the row's country (an 'LCG'
    on an Australian row is an LGC, not a GEC), then among every name allowed."""
    country = country_of(region, parents) if region else ""
    local = [name for name, (markets, not_in, _) in instrument_markets().items()
             if country and ((markets and country in markets) or (not markets and country not in not_in))]
    return did_you_mean(value, local) or did_you_mean(value, allowed)


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
