"""Scope 3 data quality: five indicator scores per line, given on the row or defaulted by method.

The Scope 3 Standard (ch. 7 "Collecting Data") names five data quality indicators in Table 7.6
(technological, temporal and geographical representativeness, completeness, reliability) and
gives example criteria in Box 7.2 with four ratings: very good, good, fair, poor. A row scores
them 1 to 4 in the optional columns ``dq_technology`` ... ``dq_reliability``. A line whose row
gives no score gets its method's default (``ghgcalc/data/scope3-dq-defaults.csv``, cited in its
sidecar); the time score of a line with a dated factor is derived from the gap between the
row's year and the factor's years (Box 7.2: less than 3, 6, 10 years). Each score keeps its
basis (given, derived, default), so the output can say how much of a score rests on defaults.

Vectorised as the totals are: scores ride in the summed table (a score is part of a row's
combo, like its unit), and the table below has one row per year, category, method,
indicator and basis, however many rows the activity table has.
"""

from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from io import StringIO

import numpy as np
import pandas as pd

from ghgcalc import columns as C
from ghgcalc.inventory.activity import SCOPE3_METHODS
from ghgcalc.inventory.resolver import resolve_keys

INDICATORS = ("technology", "time", "geography", "completeness", "reliability")  # Table 7.6, in C.DQ_COLUMNS order
RATINGS = {1: "very good", 2: "good", 3: "fair", 4: "poor"}  # Box 7.2
TIME_GAP_YEARS = (3, 6, 10)  # Box 7.2: less than 3, 6, 10 years of difference; more is poor
NOT_STATED = "not stated"
METHODS = SCOPE3_METHODS + (NOT_STATED,)
GIVEN, DERIVED, DEFAULT = "given", "derived", "default"
DEFAULTS_FILE = "scope3-dq-defaults.csv"
QUALITY_COLUMNS = (C.YEAR, C.SCOPE3_CATEGORY, C.METHOD, "indicator", "basis", C.CO2E_T, "score_x_co2e_t")
_METHOD_IN_LINEAGE = re.compile(r"^method: ([a-z -]+?);")


@lru_cache(maxsize=None)
def default_scores() -> pd.DataFrame:
    """The shipped defaults as a table: one row per method, one column per indicator."""
    text = resources.files("ghgcalc").joinpath("data", DEFAULTS_FILE).read_text(encoding="utf-8")
    table = pd.read_csv(StringIO(text), dtype={"method": str, "indicator": str, "score": int, "reason": str})
    return table.pivot(index="method", columns="indicator", values="score").reindex(index=list(METHODS),
                                                                                    columns=list(INDICATORS))


def time_score(gap_years: np.ndarray) -> np.ndarray:
    """Box 7.2's time rating of a gap in years: under 3 very good (1), 6 good, 10 fair, else poor (4)."""
    gap = np.asarray(gap_years)
    return 1 + sum((gap >= limit).astype(np.int8) for limit in TIME_GAP_YEARS)


def method_of_line(conversion: str, factor_id: str) -> str:
    """The Scope 3 method a line's lineage records; a catalogue factor is average data; no factor: not stated."""
    found = _METHOD_IN_LINEAGE.match(conversion)
    if found and found.group(1) in SCOPE3_METHODS:
        return found.group(1)
    return "average-data" if factor_id else NOT_STATED


def quality_table(sums: pd.DataFrame, library, rules: tuple[str, ...], gwp) -> pd.DataFrame:
    """t CO2e and score x t CO2e of the Scope 3 lines, by year, category, method, indicator and basis.

    ``sums`` are quantities summed by key (:func:`ghgcalc.inventory.totals.aggregate_chunk`);
    a line's CO2e is computed as the totals compute it (base x multiplier x GWP), so the
    table's CO2e adds up to the Scope 3 totals.
    Long because the line attributes, the emissions and the five indicators share index arrays.
    """
    from ghgcalc.inventory.totals import QUANTITY_X_FACTOR, SUM_KEYS

    if sums is None or not len(sums):
        return empty_quality()
    normal = sums.copy()
    for column in SUM_KEYS[1:]:
        if column in normal.columns and column not in C.DQ_COLUMNS:
            normal[column] = pd.Categorical(normal[column].astype(object).fillna(""))
    normal[C.YEAR] = normal[C.YEAR].astype(np.int64)
    key_codes, key_lines, key_errors, resolver = resolve_keys(normal, library, rules, gwp)
    flat = [line for lines in key_lines for line in lines]
    if not any(line.scope == "3" for line in flat):
        return empty_quality()
    counts = np.array([len(lines) for lines in key_lines], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    per_row = counts[key_codes]
    row_index = np.repeat(np.arange(len(normal)), per_row)
    line_index = (np.arange(len(row_index)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
                  + np.repeat(starts[key_codes], per_row))

    # Per distinct line: Scope 3 or not, method, GWP, and the years its factor is for (to derive time).
    scope3 = np.array([line.scope == "3" for line in flat], dtype=bool)
    methods = np.array([method_of_line(line.conversion, line.factor_id) for line in flat], dtype=object)
    gwps = np.array([1.0 if line.co2e_given else float(gwp.value(line.gas)) if line.scope == "3" else np.nan
                     for line in flat], dtype=float)
    dated = [resolver.used.get(line.factor_id) for line in flat]
    year_from = np.array([c.year_from if c is not None else -1 for c in dated], dtype=np.int64)
    year_to = np.array([c.year_to if c is not None else -1 for c in dated], dtype=np.int64)

    keep = scope3[line_index]
    row_index, line_index = row_index[keep], line_index[keep]
    row_factor = np.array([line.row_factor for line in flat], dtype=bool)[line_index]
    multiplier = np.array([line.multiplier for line in flat], dtype=float)[line_index]
    base = np.where(row_factor, normal[QUANTITY_X_FACTOR].to_numpy(dtype=float)[row_index],
                    normal[C.QUANTITY].to_numpy(dtype=float)[row_index])
    co2e = base * multiplier * gwps[line_index]
    year = normal[C.YEAR].to_numpy()[row_index]
    category = np.array([line.category for line in flat], dtype=object)[line_index]
    method = methods[line_index]
    gap = np.maximum(0, np.maximum(year_from[line_index] - year, year - year_to[line_index]))
    has_year = year_from[line_index] >= 0
    defaults = default_scores()

    parts = []
    for indicator, column in zip(INDICATORS, C.DQ_COLUMNS):
        given = normal[column].to_numpy(dtype=np.int64)[row_index] if column in normal.columns else np.zeros(len(year), np.int64)
        default = defaults[indicator].reindex(method).to_numpy(dtype=np.int64)
        score, basis = default, np.full(len(year), DEFAULT, dtype=object)
        if indicator == "time":
            score = np.where(has_year, time_score(gap), score)
            basis = np.where(has_year, DERIVED, basis)
        score = np.where(given > 0, given, score)
        basis = np.where(given > 0, GIVEN, basis)
        parts.append(pd.DataFrame({C.YEAR: year, C.SCOPE3_CATEGORY: category, C.METHOD: method, "indicator": indicator,
                                   "basis": basis, C.CO2E_T: co2e, "score_x_co2e_t": score * co2e}))
    frame = pd.concat(parts, ignore_index=True)
    return (frame.groupby(list(QUALITY_COLUMNS[:5]), sort=True)[[C.CO2E_T, "score_x_co2e_t"]].sum()
            .reset_index()[list(QUALITY_COLUMNS)])


def combine_quality(tables) -> pd.DataFrame:
    """Quality tables of several sources as one (sums over the same keys)."""
    tables = [t for t in tables if t is not None and len(t)]
    if not tables:
        return empty_quality()
    stacked = pd.concat(tables, ignore_index=True)
    return (stacked.groupby(list(QUALITY_COLUMNS[:5]), sort=True)[[C.CO2E_T, "score_x_co2e_t"]].sum()
            .reset_index()[list(QUALITY_COLUMNS)])


def empty_quality() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=np.int64 if c == C.YEAR else float if c.endswith("_t") else object)
                         for c in QUALITY_COLUMNS})
