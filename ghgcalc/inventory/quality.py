"""Scope 3 data quality: five indicator scores per line, given on the row or defaulted by method.

The Scope 3 Standard (ch. 7 "Collecting Data") names five data quality indicators in Table 7.6
(technological, temporal and geographical representativeness, completeness, reliability) and
gives example criteria in Box 7.2 with four ratings: very good, good, fair, poor. A row scores
them 1 to 4 in the optional columns ``dq_technology`` ... ``dq_reliability``. A line whose row
gives no score gets its method's default (``ghgcalc/data/scope3-dq-defaults.csv``, cited in its
sidecar); the time score of a line with a dated factor is derived from the gap between the
row's year and the factor's years (Box 7.2: less than 3, 6, 10 years). Each score keeps its
basis (given, derived, default), so the output can say how much of a score rests on defaults.
Why 1 to 4, not the 1 to 5 of life-cycle pedigree matrices: Box 7.2 has four ratings, and a
fifth would be one the Standard does not define (a 5 is refused, not read as "poor").

A line's method is the one its lineage records ("method: spend-based; ..."), read once per
distinct line; a catalogue factor (e.g. T&D losses) is average data, and a line with no factor
(reported Scope 3 emissions) is "not stated".

Vectorised as the totals are: scores ride in the summed table (a score is part of a row's
combo, like its unit), and the table below has one row per year, category, method,
indicator and basis, however many rows the activity table has.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core.shipped import read_shipped_table
from ghgcalc.inventory.activity import SCOPE3_METHODS
from ghgcalc.inventory.resolver import resolve_keys

INDICATORS = ("technology", "time", "geography", "completeness", "reliability")  # Table 7.6, in C.DQ_COLUMNS order
RATINGS = {1: "very good", 2: "good", 3: "fair", 4: "poor"}  # Box 7.2
TIME_GAP_YEARS = (3, 6, 10)  # Box 7.2: less than 3, 6, 10 years of difference; more is poor
NOT_STATED = "not stated"
METHODS = SCOPE3_METHODS + (NOT_STATED,)
GIVEN, DERIVED, DEFAULT = "given", "derived", "default"
BASES = np.array([GIVEN, DERIVED, DEFAULT], dtype=object)
DEFAULTS_FILE = "scope3-dq-defaults.csv"
DQ_BASIS = "dq_basis"  # on each emissions line: the indicators its row did not score, and how they were scored
LINE_COLUMNS = C.DQ_COLUMNS + (DQ_BASIS,)
QUALITY_COLUMNS = (C.YEAR, C.SCOPE3_CATEGORY, C.METHOD, "indicator", "basis", C.CO2E_T, "score_x_co2e_t")
_METHOD_IN_LINEAGE = re.compile(r"^method: ([a-z -]+?);")


@lru_cache(maxsize=None)
def default_scores() -> pd.DataFrame:
    """The shipped defaults as a table: one row per method, one column per indicator."""
    table = read_shipped_table(DEFAULTS_FILE, dtype={"method": str, "indicator": str, "score": int, "reason": str},
                               keep_default_na=True)
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


def quality_table(sums: pd.DataFrame, library, rules: tuple[str, ...], gwp, spend=None) -> pd.DataFrame:
    """t CO2e and score x t CO2e of the Scope 3 lines, by year, category, method, indicator and basis.

    ``sums`` are quantities summed by key (:func:`ghgcalc.inventory.totals.aggregate_chunk`);
    a line's CO2e is computed as the totals compute it (base x multiplier x GWP), so the
    table's CO2e adds up to the Scope 3 totals.
    Long because the line attributes, the emissions and the five indicators share index arrays.
    """
    from ghgcalc.inventory.totals import QUANTITY_X_FACTOR, SUM_KEYS

    if sums is None or not len(sums):
        return empty_quality()
    scope_of = library.activities["scope"].astype(str)  # only Scope 3 rows are resolved again
    scope3 = sums[C.ACTIVITY].astype(object).map(scope_of).eq("3") | (
        sums["kind"].astype(object).eq("reported") & sums[C.SCOPE].astype(object).astype(str).eq("3"))
    if not scope3.any():
        return empty_quality()
    normal = sums.loc[scope3.to_numpy()].reset_index(drop=True)
    for column in SUM_KEYS[1:]:
        if column in normal.columns and column not in C.DQ_COLUMNS:
            normal[column] = pd.Categorical(normal[column].astype(object).fillna(""))
    normal[C.YEAR] = normal[C.YEAR].astype(np.int64)
    key_codes, key_lines, key_errors, resolver = resolve_keys(normal, library, rules, gwp, spend)
    flat = [line for lines in key_lines for line in lines]
    if not any(line.scope == "3" for line in flat):
        return empty_quality()
    counts = np.array([len(lines) for lines in key_lines], dtype=np.int64)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    per_row = counts[key_codes]
    row_index = np.repeat(np.arange(len(normal)), per_row)
    line_index = (np.arange(len(row_index)) - np.repeat(np.cumsum(per_row) - per_row, per_row)
                  + np.repeat(starts[key_codes], per_row))

    scope3, methods, year_from, year_to = line_attributes(flat, resolver.used)
    gwps = np.array([1.0 if line.co2e_given else float(gwp.value(line.gas)) if line.scope == "3" else np.nan
                     for line in flat], dtype=float)
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
    defaults = default_scores().reindex(methods)
    row_region = normal[C.REGION].astype(object).fillna("").astype(str).to_numpy()[row_index] if C.REGION in normal \
        else np.full(len(row_index), "", dtype=object)
    geography = geography_score(row_region, factor_regions(flat, resolver.used)[line_index], library.regions)
    parts = []
    for indicator, column in zip(INDICATORS, C.DQ_COLUMNS):
        given = normal[column].to_numpy(dtype=np.int64)[row_index]
        default = defaults[indicator].to_numpy(dtype=np.int64)[line_index]
        score, basis = line_score(indicator, given, default, year, year_from[line_index], year_to[line_index], geography)
        parts.append(pd.DataFrame({C.YEAR: year, C.SCOPE3_CATEGORY: category, C.METHOD: method, "indicator": indicator,
                                   "basis": BASES[basis], C.CO2E_T: co2e, "score_x_co2e_t": score * co2e}))
    return _grouped(pd.concat(parts, ignore_index=True))


def line_attributes(flat: list, used: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Per distinct line: Scope 3 or not, its method, and the years of its factor (-1: none, so no time derived)."""
    scope3 = np.array([line.scope == "3" for line in flat], dtype=bool)
    methods = np.array([method_of_line(line.conversion, line.factor_id) for line in flat], dtype=object)
    dated = [used.get(line.factor_id) for line in flat]
    year_from = np.array([c.year_from if c is not None else -1 for c in dated], dtype=np.int64)
    year_to = np.array([c.year_to if c is not None else -1 for c in dated], dtype=np.int64)
    return scope3, methods, year_from, year_to


def factor_regions(flat: list, used: dict) -> np.ndarray:
    """Per distinct line: the region of its factor ('' for a factor on the row or a line without one)."""
    return np.array([getattr(used.get(line.factor_id), "region", "") or "" for line in flat], dtype=object)


def geography_score(row_region: np.ndarray, factor_region: np.ndarray, parents: dict) -> tuple[np.ndarray, np.ndarray]:
    """Box 7.2's geography rating from the row's region against its factor's: the same area very good (1),
    an area that contains it good (2, e.g. a national factor for a province), another area fair (3: ghgcalc
    cannot tell whether production conditions are similar; a row may score 4 itself). Derived only when both
    are known; (scores, derived mask)."""
    scores = np.zeros(len(row_region), dtype=np.int64)
    for i, (row, factor) in enumerate(zip(row_region, factor_region)):
        if not row or not factor:
            continue
        if row == factor:
            scores[i] = 1
            continue
        ancestor, seen = parents.get(row), set()
        while ancestor and ancestor not in seen and ancestor != factor:
            seen.add(ancestor)
            ancestor = parents.get(ancestor)
        scores[i] = 2 if ancestor == factor else 3
    return scores, scores > 0


def line_score(indicator: str, given: np.ndarray, default: np.ndarray, year: np.ndarray, year_from: np.ndarray,
               year_to: np.ndarray, geography: tuple[np.ndarray, np.ndarray] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Per line: the indicator's score and its basis code (index into BASES): given, else derived (time of a
    dated factor, geography of a factor and row with regions), else the method's default."""
    score = default
    basis = np.full(len(given), 2, dtype=np.int8)
    if indicator == "time":
        dated = year_from >= 0
        gap = np.maximum(0, np.maximum(year_from - year, year - year_to))
        score = np.where(dated, time_score(gap), score)
        basis = np.where(dated, 1, basis).astype(np.int8)
    if indicator == "geography" and geography is not None:
        derived_score, derived = geography
        score = np.where(derived, derived_score, score)
        basis = np.where(derived, 1, basis).astype(np.int8)
    return np.where(given > 0, given, score), np.where(given > 0, 0, basis).astype(np.int8)


def score_lines(normal: pd.DataFrame, row_index: np.ndarray, line_index: np.ndarray, flat: list, used: dict,
                regions: dict | None = None) -> dict:
    """Each output line's five scores (nullable Int8, missing outside Scope 3) and ``dq_basis``: the
    indicators its row did not score, e.g. "time derived; completeness default" ("" when all given)."""
    n = len(row_index)
    scope3, methods, year_from, year_to = line_attributes(flat, used)
    in_scope3 = scope3[line_index] if n else np.zeros(0, dtype=bool)
    year = normal[C.YEAR].to_numpy()[row_index]
    defaults = default_scores().reindex(methods)
    row_region = normal[C.REGION].astype(object).fillna("").astype(str).to_numpy()[row_index] if C.REGION in normal \
        else np.full(n, "", dtype=object)
    geography = geography_score(row_region, factor_regions(flat, used)[line_index] if n else row_region, regions or {})
    out, code = {}, np.zeros(n, dtype=np.int64)
    for indicator, column in zip(INDICATORS, C.DQ_COLUMNS):
        given = normal[column].to_numpy(dtype=np.int64)[row_index]
        default = defaults[indicator].to_numpy(dtype=np.int64)[line_index] if n else given
        score, basis = line_score(indicator, given, default, year, year_from[line_index], year_to[line_index], geography)
        out[column] = pd.arrays.IntegerArray(score.astype(np.int8), ~in_scope3)
        code = code * len(BASES) + basis
    present, codes = np.unique(np.where(in_scope3, code, -1), return_inverse=True)
    out[DQ_BASIS] = pd.Categorical.from_codes(codes.reshape(-1).astype(np.int32),
                                              categories=pd.Index([_basis_label(c) for c in present], dtype=object))
    return out


def _basis_label(code: int) -> str:
    """A combined basis code as text: the indicators not given and how they were scored (Scope 3 only)."""
    if code < 0:
        return ""
    bases = []
    for indicator in reversed(INDICATORS):
        code, basis = divmod(code, len(BASES))
        bases.append((indicator, BASES[basis]))
    return "; ".join(f"{indicator} {basis}" for indicator, basis in reversed(bases) if basis != GIVEN)


def quality_of_lines(lines: pd.DataFrame) -> pd.DataFrame:
    """The quality table of an emissions lines table (for results built line by line), as quality_table."""
    if DQ_BASIS not in lines.columns:
        return empty_quality()
    part = lines.loc[lines[C.SCOPE].astype(str).to_numpy() == "3"]
    if not len(part):
        return empty_quality()
    pair = pd.MultiIndex.from_arrays([part[C.CONVERSION].astype(object), part[C.FACTOR_ID].astype(object)])
    codes, pairs = pd.factorize(pair)
    method = np.array([method_of_line(str(c), str(f)) for c, f in pairs], dtype=object)[codes]
    label_codes, labels = pd.factorize(part[DQ_BASIS].astype(object))
    parsed = [dict(item.rsplit(" ", 1) for item in label.split("; ") if item) for label in labels]
    co2e = part[C.CO2E_T].to_numpy(dtype=float)
    frames = []
    for indicator, column in zip(INDICATORS, C.DQ_COLUMNS):
        basis = np.array([p.get(indicator, GIVEN) for p in parsed], dtype=object)[label_codes]
        score = part[column].to_numpy(dtype=float, na_value=np.nan)
        frames.append(pd.DataFrame({C.YEAR: part[C.YEAR].to_numpy(), C.SCOPE3_CATEGORY: part[C.SCOPE3_CATEGORY].astype(str).to_numpy(),
                                    C.METHOD: method, "indicator": indicator, "basis": basis, C.CO2E_T: co2e,
                                    "score_x_co2e_t": score * co2e}))
    return _grouped(pd.concat(frames, ignore_index=True))


def _grouped(frame: pd.DataFrame) -> pd.DataFrame:
    return (frame.groupby(list(QUALITY_COLUMNS[:5]), sort=True)[[C.CO2E_T, "score_x_co2e_t"]].sum()
            .reset_index()[list(QUALITY_COLUMNS)])


def combine_quality(tables) -> pd.DataFrame:
    """Quality tables of several sources as one (sums over the same keys)."""
    tables = [t for t in tables if t is not None and len(t)]
    if not tables:
        return empty_quality()
    return _grouped(pd.concat(tables, ignore_index=True))


def empty_quality() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=np.int64 if c == C.YEAR else float if c.endswith("_t") else object)
                         for c in QUALITY_COLUMNS})
