"""The message for a factor the library lacks: what was sought, what it has, and what would help.

Why apart from the look-up: the look-up is hot and short; the message is written once per missing
key and tries each fallback rule the workspace does not use, so it names only one that would find
a factor (parent_region does nothing for a region without a parent) or else how to add your own;
and when parent_region is in force, it says which regions it tried, or why the region has no parent.
"""

from __future__ import annotations

import pandas as pd

from ghgcalc.core.year_sentences import write_sentence
from ghgcalc.errors import FactorNotFoundError


def factor_not_found(library, table: pd.DataFrame | None, activity: str, region: str, year: int,
                     rules: tuple[str, ...], all_rules: tuple[str, ...]) -> FactorNotFoundError:
    """The error for ``activity`` in ``region`` and ``year`` under ``rules`` (of ``all_rules``); ``table`` is the
    activity's factors and ``library`` the FactorLibrary (its regions and look-up)."""
    where = f"region {region!r}" if region else "no region"
    if table is None:
        return FactorNotFoundError(f"no emission factor for activity {activity!r} in any dataset in use")
    here = table[table["region"] == region]
    if len(here):
        spans = {str(a) if a == b else f"{a}-{b}" for a, b in zip(here["year_from"], here["year_to"])}
        have = f"{region} has factors for {', '.join(sorted(spans))}"
    else:
        have = _closest(library, set(table["region"].dropna().astype(str).unique()), region)
    allowed = ", ".join(rules) if rules else "none"
    helpful = [r for r in all_rules if r not in rules and len(library._pick(table, region, int(year), (*rules, r))[0])]  # noqa: SLF001
    later_only = len(here) > 0 and bool((here["year_from"].astype(int) > int(year)).all())
    if helpful:
        hint = f"; the fallback rule {' or '.join(helpful)} (ghgcalc.toml, fallback) would find one"
    elif later_only:  # a base year before a dataset's first edition (ECCC: data year 2024 only)
        hint = (", all later, and no fallback rule takes a later year's factor (latest_earlier_year takes earlier "
                "ones): add one for this year in your own dataset ([data] factors; README, 'Your own emission factors')")
    else:
        hint = (f"; to use your own factors{' for ' + region if region else ''}, name a folder of factor datasets "
                f"in ghgcalc.toml ([data] factors; README, 'Your own emission factors')")
    why = "".join(f"; {text}" for text in _why_not(library, region, rules))
    return FactorNotFoundError(write_sentence("no_factor", year, activity=activity, where=where,
                                              rest=f"{allowed}){why}; {have}{hint}"))


SHOWN_REGIONS = 8  # the closest codes a message names; the rest are counted


def _closest(library, regions: set[str], region: str) -> str:
    """The regions with factors closest to ``region``, not every one: its country (US for US-TX), those whose code
    begins with it or it with theirs (PR: the eGRID subregion PRMS), its country's subdivisions (CA-QC: CA-ON ...),
    and those regions.csv gives the same parent (US-TX: the eGRID subregions); else how many regions have factors."""
    tops = sorted(r for r in regions if library.regions.get(r) not in regions)  # CN, GB: not their provinces
    if not region:
        return f"the row names no region; {len(regions)} regions have factors, e.g. {', '.join(tops[:SHOWN_REGIONS])}"
    code = region.upper()
    country, parent = code.split("-")[0], library.regions.get(code)

    def rank(other: str) -> int | None:
        upper = other.upper()
        if upper in (country, parent):
            return 0
        if upper.startswith(code) or code.startswith(upper) or upper.endswith(f"-{code}"):
            return 1
        if upper.split("-")[0] == country:
            return 2
        return 3 if parent is not None and library.regions.get(other) == parent else None
    found = sorted((r for r in regions if rank(r) is not None), key=lambda r: (rank(r), r))
    if not found:
        return f"none of the {len(regions)} regions with factors is close to {region!r} by code or country"
    more = f" (and {len(found) - SHOWN_REGIONS} more)" if len(found) > SHOWN_REGIONS else ""
    return f"closest regions with factors: {', '.join(found[:SHOWN_REGIONS])}{more}"


def _why_not(library, region: str, rules: tuple[str, ...]) -> list[str]:
    """Why parent_region, in force, found nothing: the regions it tried, or why it had none to try."""
    if "parent_region" not in rules or not region:
        return []
    parents = [r for r, note in library.region_chain(region, ("parent_region",)) if note]
    if not parents:
        return [f"parent_region: {library.regions.why_none(region)}"]
    return [f"parent_region tried {' -> '.join([region, *parents])}: no factor there either"]
