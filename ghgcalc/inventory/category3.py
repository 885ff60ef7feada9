"""Scope 3 category 3 derived from the Scope 1 and 2 activity: well-to-tank of fuels and purchased
energy, and transmission and distribution losses (GHG Protocol Scope 3 Standard, Table 5.4, category 3
activities a-c), wherever a published factor exists, with the share of Scope 1 and 2 energy covered.

Why derive it: every litre, cubic metre and kWh behind Scope 1 and 2 has an upstream part, and a company
that types category 3 by hand usually stops at T&D losses. The factors are named in
``ghgcalc/data/category3-upstream.csv`` (DESNZ IDs by activity, region and unit dimension); each derived
row is an ordinary published-factor row of category 3, so the edition of its year, the GWP set and the
category rules apply to it as to any other (ghgcalc.inventory.scope3).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core import units
from ghgcalc.core.calorific import NET, split_basis
from ghgcalc.core.shipped import read_shipped_table
from ghgcalc.errors import GhgcalcError
from ghgcalc.factors.library import FactorLibrary
from ghgcalc.inventory.engine import compute_inventory, compute_lines

UPSTREAM_FILE = "category3-upstream.csv"
TD_PART = "T&D losses"
SERIES = "desnz-ghg-{year}-full"
DIMENSIONS = {"energy": "kWh", "volume": "m**3", "mass": "kg"}
# A gas volume at stated reference conditions (Nm3, SCM, scf) takes the factor per volume: the line converts it.
GAS_VOLUME = "Nm3"
# The Scope 1 and 2 activities whose energy counts for coverage (combustion, electricity, heat).
ENERGY_KINDS = ("combustion", "electricity", "heat")
FIRST_ROW = 2  # row numbers as a spreadsheet shows them (the header is row 1)


@lru_cache(maxsize=None)
def upstream_factors() -> pd.DataFrame:
    return read_shipped_table(UPSTREAM_FILE)


@dataclass(frozen=True)
class Category3Result:
    """Derived category 3 lines, per-year coverage of Scope 1 and 2 energy, and findings for what is not covered."""

    gwp_set: str
    lines: pd.DataFrame = field(repr=False)      # year, row, activity, region, part, factor_id, co2e_t, fallback
    coverage: pd.DataFrame = field(repr=False)   # year, energy_mwh, covered_mwh, covered_share, co2e_t
    findings: tuple[str, ...] = ()
    # The derived rows that computed, as an activity table (one per line, in the order of ``lines``):
    # what a workspace adds to its totals (ghgcalc.workspace.pipeline).
    activities: pd.DataFrame = field(default_factory=pd.DataFrame, repr=False)

    def notes(self, year: int | None = None) -> list[str]:
        """The coverage sentence of each year (or of ``year``), then the findings: what a report prints."""
        lines = [line for line in self.coverage_lines() if year is None or line.startswith(f"{year} ")]
        return lines + [f for f in self.findings if year is None or _of_year(f, [year])]

    def coverage_lines(self) -> list[str]:
        """One sentence per year: the derived t CO2e and the share of Scope 1 and 2 energy it covers."""
        return [f"{int(r[C.YEAR])} category 3 derived: {r[C.CO2E_T]:,.2f} t CO2e, covering {r['covered_mwh']:,.0f} of "
                f"{r['energy_mwh']:,.0f} MWh of Scope 1 and 2 energy"
                + (f" ({r['covered_share']:.1%})" if r["covered_share"] == r["covered_share"] and r["covered_share"] is not None else "")
                for r in self.coverage.to_dict("records")]

    def to_frame(self) -> pd.DataFrame:
        return self.coverage.copy()

    def to_dict(self) -> dict:
        return {"gwp_set": self.gwp_set, "coverage": self.coverage.to_dict("records"),
                "lines": self.lines.to_dict("records"), "findings": list(self.findings)}


def _dimension(unit: str) -> str:
    """energy, volume or mass: the dimension of a row's unit that picks the factor per kWh, m3 or kg."""
    try:
        quantity = units.parse_unit(unit)
    except GhgcalcError:  # the inventory refuses the row with its own message
        return ""
    for name, reference in DIMENSIONS.items():
        if quantity.dimensionality == units.parse_unit(reference).dimensionality:
            return name
    return "volume" if quantity.dimensionality == units.parse_unit(GAS_VOLUME).dimensionality else ""


def derive_category3(activities: pd.DataFrame, library: FactorLibrary, gwp_set: str, *,
                     fallback: tuple[str, ...] = ()) -> Category3Result:
    """Category 3 lines for every Scope 1 and 2 row of ``activities`` that has an upstream factor.

    T&D losses are not derived for a year and region whose table already has electricity.td_losses
    rows (they would count twice). A row without a factor (its region, unit or year has none) is left
    out and named in the findings; coverage is the share of the year's Scope 1 and 2 MWh covered.
    """
    table = activities.reset_index(drop=True)
    regions = table[C.REGION].fillna("").astype(str) if C.REGION in table else pd.Series("", index=table.index)
    # Rows whose year or quantity is not a number are refused by the inventory itself; none is derived from them.
    years = pd.to_numeric(table[C.YEAR], errors="coerce")
    numbers = pd.to_numeric(table[C.QUANTITY], errors="coerce")
    usable = years.notna() & (years == years.round()) & numbers.notna()
    detail = [c for c in (C.SEGMENT, C.SITE) if c in table]
    typed_td = {(int(y), r) for y, a, r, ok in zip(years, table[C.ACTIVITY], regions, usable)
                if ok and a == "electricity.td_losses"}
    factors = upstream_factors()
    derived, sources, net_rows = [], [], []
    for index, year, activity, quantity, unit, region in zip(table.index, years, table[C.ACTIVITY], numbers,
                                                             table[C.UNIT], regions):
        match = factors[(factors["activity"] == activity) & (factors["region"] == region)]
        if not len(match) or not usable[index]:
            continue
        match = match[match["dimension"] == _dimension(str(unit))]
        unit, basis = split_basis(str(unit))  # the energy factors are per kWh (Gross CV): a gross row is theirs
        if basis == NET and len(match):
            net_rows.append(f"{int(year)} category 3 not derived for row {int(index) + FIRST_ROW} ({activity}): its "
                            f"energy is on the net calorific value basis and the well-to-tank factors are per kWh "
                            f"(Gross CV); give it on the gross basis, or as volume or mass")
            continue
        if (int(year), region) in typed_td:
            match = match[match["part"] != TD_PART]
        for part, factor_id in zip(match["part"], match["factor_id"]):
            derived.append({C.YEAR: int(year), C.ACTIVITY: "value_chain", C.QUANTITY: quantity, C.UNIT: unit,
                            C.SCOPE3_CATEGORY: "3", C.FACTOR_DATASET: SERIES.format(year=int(year)),
                            C.FACTOR_ID: factor_id, C.METHOD: "average-data", C.REGION: region,
                            **{c: table.at[index, c] for c in detail}})
            sources.append((int(index) + FIRST_ROW, int(year), activity, region, part, factor_id))
    derived = pd.DataFrame(derived)
    lines, refused, kept = _lines(derived, sources, library, gwp_set, fallback)
    coverage, findings = _coverage(table, library, gwp_set, fallback, lines)
    activities = derived.iloc[kept].reset_index(drop=True) if len(derived) else derived
    return Category3Result(gwp_set, lines, coverage, tuple(findings + refused + net_rows), activities)


def _lines(derived: pd.DataFrame, sources: list[tuple], library: FactorLibrary, gwp_set: str,
           fallback: tuple[str, ...]) -> tuple[pd.DataFrame, list[str], list[int]]:
    """One line per source row and part, with its t CO2e and any fallback; refusals as findings; the
    positions of the derived rows that computed."""
    columns = [C.YEAR, "row", C.ACTIVITY, C.REGION, "part", C.FACTOR_ID, C.CO2E_T, C.FALLBACK]
    if not len(derived):
        return pd.DataFrame(columns=columns), [], []
    result = compute_lines(derived, library, gwp_set, fallback=fallback)
    emissions = result.emissions
    per_row = emissions.groupby("row")[C.CO2E_T].sum()
    notes = emissions.groupby("row")[C.FALLBACK].first()
    out, kept = [], []
    for position, (row, year, activity, region, part, factor_id) in enumerate(sources):
        line_row = position + FIRST_ROW
        if line_row in per_row.index:
            out.append({C.YEAR: year, "row": row, C.ACTIVITY: activity, C.REGION: region, "part": part,
                        C.FACTOR_ID: f"{SERIES.format(year=year)}:{factor_id}", C.CO2E_T: float(per_row[line_row]),
                        C.FALLBACK: str(notes[line_row] or "")})
            kept.append(position)
    refused = []
    for r, m in zip(result.rejected["row"], result.rejected["message"]):
        row, year, activity = sources[int(r) - FIRST_ROW][:3]
        refused.append(f"{year} category 3 not derived for row {row} ({activity}): {m}")
    return pd.DataFrame(out, columns=columns), refused, kept


def _coverage(table: pd.DataFrame, library: FactorLibrary, gwp_set: str, fallback: tuple[str, ...],
              lines: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """Per year: Scope 1 and 2 MWh, the MWh whose (activity, region) has derived lines, their share; a
    finding naming what is not covered."""
    energy = compute_inventory(table, library, gwp_set, fallback=fallback).energy
    energy = energy[energy["kind"].astype(str).isin(ENERGY_KINDS)]
    covered_keys = set(zip(lines[C.YEAR], lines[C.ACTIVITY], lines[C.REGION]))
    keys = list(zip(energy[C.YEAR].astype(int), energy[C.ACTIVITY].astype(str), energy[C.REGION].astype(str)))
    energy = energy.assign(covered=[k in covered_keys for k in keys])
    rows, findings = [], []
    for year, group in energy.groupby(C.YEAR, sort=True):
        total = float(group["energy_mwh"].sum())
        covered = float(group.loc[group["covered"], "energy_mwh"].sum())
        co2e = float(lines.loc[lines[C.YEAR] == int(year), C.CO2E_T].sum())
        rows.append({C.YEAR: int(year), "energy_mwh": total, "covered_mwh": covered,
                     "covered_share": covered / total if total else None, C.CO2E_T: co2e})
        missing = group[~group["covered"]].groupby([C.ACTIVITY, C.REGION], observed=True)["energy_mwh"].sum()
        if len(missing):
            named = ", ".join(f"{a} {r or '(no region)'} {m:,.0f} MWh" for (a, r), m in missing.items())
            findings.append(f"{int(year)} category 3 derived for {covered:,.0f} of {total:,.0f} MWh of Scope 1 and 2 "
                            f"energy ({covered / total:.1%}); no upstream factor for {named}: add well-to-tank and T&D "
                            "factors of those regions in your own factor rows (category 3, value_chain)")
    return pd.DataFrame(rows, columns=[C.YEAR, "energy_mwh", "covered_mwh", "covered_share", C.CO2E_T]), findings


def _of_year(finding: str, years) -> bool:
    """Whether a finding is of one of ``years`` (it starts with its year) or of none in particular."""
    first = finding.split(" ", 1)[0]
    return not (first.isdigit() and len(first) == 4) or first in {str(y) for y in years}


def not_derived(gwp_set: str, finding: str) -> Category3Result:
    """No lines, no coverage: only the finding that says why (a source whose rows are not at hand)."""
    return Category3Result(gwp_set, pd.DataFrame(columns=[C.YEAR, "row", C.ACTIVITY, C.REGION, "part", C.FACTOR_ID,
                                                          C.CO2E_T, C.FALLBACK]),
                           pd.DataFrame(columns=[C.YEAR, "energy_mwh", "covered_mwh", "covered_share", C.CO2E_T]),
                           (finding,))


def combine_category3(results: list[Category3Result], years=None) -> Category3Result | None:
    """One result from several activity files' (coverage summed by year), cut to ``years`` if named."""
    if not results:
        return None
    lines = pd.concat([r.lines for r in results], ignore_index=True)
    coverage = pd.concat([r.coverage for r in results], ignore_index=True)
    if years:
        lines = lines[lines[C.YEAR].isin(list(years))].reset_index(drop=True)
        coverage = coverage[coverage[C.YEAR].isin(list(years))]
    coverage = coverage.groupby(C.YEAR, as_index=False)[["energy_mwh", "covered_mwh", C.CO2E_T]].sum()
    share = [c / e if e else None for c, e in zip(coverage["covered_mwh"], coverage["energy_mwh"])]
    coverage.insert(3, "covered_share", share)
    findings = [f for r in results for f in r.findings if not years or _of_year(f, years)]
    return Category3Result(results[0].gwp_set, lines, coverage, tuple(findings),
                           pd.concat([r.activities for r in results], ignore_index=True))
