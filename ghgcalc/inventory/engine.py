"""The inventory engine: activity table in, emissions totals out, row lineage on demand.

Emissions are linear in quantity, so the engine totals first: quantities are summed by
distinct key (activity, unit, region, year, gas, scope, instrument, segment, site) in one
pass over integer codes, and factors are applied to that small table
(:mod:`ghgcalc.inventory.totals`). The long table of lines, one per input row, gas and
Scope 2 method, with each line's lineage (input row, factor id, unit conversion,
fallback rule), is built only when asked for: ``InventoryResult.emissions``.
"""

from __future__ import annotations

from typing import Callable, Iterable, Sequence

import numpy as np
import pandas as pd

from ghgcalc import columns as C
from ghgcalc.errors import ConfigError, Problem, did_you_mean, quoted
from ghgcalc.factors.library import FALLBACK_RULES, FactorLibrary
from ghgcalc.factors.gwp import get_gwp_set
from ghgcalc.core.years import CALENDAR, FiscalYears
from ghgcalc.inventory.activity import FIRST_DATA_ROW, row_numbers, validate_activities, with_row_years
from ghgcalc.inventory.overflow import OVERFLOW, key_scales, rows_overflowing
from ghgcalc.inventory.quality import LINE_COLUMNS, quality_of_lines, score_lines
from ghgcalc.inventory.resolver import KeyLine, key_error_values, resolve_keys
from ghgcalc.inventory.spend import SpendRates

OUTPUT_COLUMNS = (
    C.SOURCE, C.ROW, C.YEAR, C.SCOPE, C.SCOPE2_METHOD, C.SCOPE3_CATEGORY, C.SEGMENT, C.SITE, C.SUPPLIER,
    C.REGION, C.ACTIVITY, C.GAS, C.MASS_T, C.GWP, C.CO2E_T, C.GWP_SET, C.FACTOR_ID, C.CONVERSION, C.FALLBACK,
) + LINE_COLUMNS  # Scope 3 data quality scores (inventory.quality)


class InventoryResult:
    """Totals, refused rows and factors used; the per-row ``emissions`` lines when asked for.

    ``totals`` has the lines' columns less ``row``, summed over rows that share every other
    column, plus ``rows`` (input rows behind each total); ``summarise`` takes it as it takes
    ``emissions``. ``emissions`` (one row per input row x gas x Scope 2 method, with lineage)
    is computed on first use and kept.
    """

    def __init__(self, emissions: pd.DataFrame | None = None, rejected: pd.DataFrame | None = None, rows_in: int = 0,
                 gwp_set: str = "", factors_used: pd.DataFrame | None = None, *, totals: pd.DataFrame | None = None,
                 lines: Callable[[], pd.DataFrame] | None = None, energy: pd.DataFrame | None = None,
                 scope3_quality: pd.DataFrame | None = None, category3=None):
        if emissions is None and lines is None:
            raise ValueError("an InventoryResult needs its emissions lines or a way to compute them")
        self._emissions = emissions
        self._lines = lines
        self.rejected = rejected
        self.rows_in = rows_in
        self.gwp_set = gwp_set
        self.factors_used = factors_used if factors_used is not None else pd.DataFrame()
        self._totals = totals
        self.energy = energy  # MWh by year, segment, site, region, activity, kind, instrument (inventory.energy)
        self._scope3_quality = scope3_quality
        self.category3 = category3  # derived category 3 with its coverage (inventory.category3), when asked for

    def __repr__(self) -> str:
        return f"InventoryResult({self.summary_line()}, gwp_set={self.gwp_set!r})"

    @property
    def emissions(self) -> pd.DataFrame:
        if self._emissions is None:
            self._emissions = self._lines()
            self._lines = None
        return self._emissions

    @property
    def scope3_quality(self) -> pd.DataFrame:
        """Scope 3 t CO2e and data quality by year, category, method, indicator, basis (inventory.quality)."""
        if self._scope3_quality is None:
            self._scope3_quality = quality_of_lines(self.emissions)
        return self._scope3_quality

    @property
    def totals(self) -> pd.DataFrame:
        if self._totals is None:
            from ghgcalc.inventory.totals import totals_of_lines

            self._totals = totals_of_lines(self.emissions)
        return self._totals

    @property
    def rows_rejected(self) -> int:
        if not len(self.rejected):
            return 0
        return int(self.rejected[[C.SOURCE, C.ROW]].drop_duplicates().shape[0])

    @property
    def rows_computed(self) -> int:
        return self.rows_in - self.rows_rejected

    def summary_line(self) -> str:
        return f"rows in: {self.rows_in}, computed: {self.rows_computed}, rejected: {self.rows_rejected}"


def rejected_problems(rejected: pd.DataFrame | None, limit: int | None = None,
                      years: FiscalYears = CALENDAR) -> list[Problem]:
    """Each rejected row's problem as every command prints it: file, row, column, the value, what was expected."""
    if rejected is None or not len(rejected):
        return []
    out = []
    for r in (rejected if limit is None else rejected.head(limit)).to_dict("records"):
        value, message = r.get("value"), str(r.get("message", ""))
        if pd.notna(r.get(C.YEAR, None)):  # the row's year as the company labels it ("year FY2024")
            message = years.label_in(message, int(r[C.YEAR]))
        if value is None or (isinstance(value, float) and value != value):  # a blank cell, not the word None
            message = f"(empty): {message}"
        elif str(value) not in message:
            message = f"{quoted(value)}: {message}"
        row = int(r[C.ROW]) if pd.notna(r.get(C.ROW)) else None
        out.append(Problem(str(r.get(C.SOURCE) or ""), row, r.get("column") or None, value, message))
    return out


def check_fallback(fallback: Sequence[str]) -> tuple[str, ...]:
    for rule in fallback:
        if rule not in FALLBACK_RULES:
            raise ConfigError(f"fallback rule {rule!r} is not one of {', '.join(FALLBACK_RULES)}{did_you_mean(rule, FALLBACK_RULES)}")
    return tuple(fallback)


def compute_inventory(
    activities: pd.DataFrame,
    library: FactorLibrary,
    gwp_set: str,
    *,
    fallback: Sequence[str] = (),
    source: str = "",
    by: Iterable[str] | None = None,
    spend: SpendRates | None = None,
    energy_basis: str = "net",
) -> InventoryResult:
    """Emissions totals of an activity table, in tonnes of gas and of CO2e; lines on demand.

    ``gwp_set`` must be named (e.g. "AR6GWP100"): there is no default GWP set here.
    ``fallback`` names the fallbacks allowed (see ghgcalc.factors.library.FALLBACK_RULES).
    ``by``: the columns the totals will be summarised by, when known; segment and site are
    kept apart in ``totals`` only if named (default: kept, so any grouping can follow).
    ``spend``: the exchange rates and price indices that bring spend to a spend-based factor's
    currency and price year (:class:`ghgcalc.inventory.spend.SpendRates`; a workspace fills it
    from its FX and price-index tables). Without it, such spend in another currency or year is refused.
    """
    from ghgcalc.inventory.energy import energy_table
    from ghgcalc.inventory.quality import quality_table
    from ghgcalc.inventory.totals import DETAIL_COLUMNS, aggregate_chunk, apply_factors

    rules = check_fallback(fallback)
    gwp = get_gwp_set(library.gwp_sets, gwp_set)
    detail = DETAIL_COLUMNS if by is None else tuple(c for c in DETAIL_COLUMNS if c in set(by))
    partial = aggregate_chunk(activities, library, rules, gwp, source=source, detail=detail, spend=spend)
    totals, used = apply_factors(partial.sums, library, rules, gwp, source, detail, spend)
    energy = energy_table(partial.sums, library, rules, gwp, basis=energy_basis)  # fuels "net" or "gross"
    lines = lambda: compute_lines(activities, library, gwp_set, fallback=rules, source=source, spend=spend).emissions  # noqa: E731
    return InventoryResult(None, partial.rejected, len(activities), gwp_set, used, totals=totals, lines=lines,
                           energy=energy, scope3_quality=quality_table(partial.sums, library, rules, gwp, spend))


def compute_lines(activities: pd.DataFrame, library: FactorLibrary, gwp_set: str, *, fallback: Sequence[str] = (),
                  source: str = "", first_row: int = FIRST_DATA_ROW, spend: SpendRates | None = None) -> InventoryResult:
    """Emissions per input row, gas and Scope 2 method, each line with its lineage.

    ``first_row`` is the row number of the table's first row (a chunk of a larger file starts later);
    ``spend`` as for :func:`compute_inventory`.
    """
    rules = check_fallback(fallback)
    gwp = get_gwp_set(library.gwp_sets, gwp_set)
    normal, problems = validate_activities(activities, library, source, first_row=first_row)
    key_codes, key_lines, key_errors, resolver = resolve_keys(normal, library, rules, gwp, spend)

    failed_keys = np.array([e is not None for e in key_errors] + [False], dtype=bool)
    row_failed = failed_keys[key_codes]
    too_large = _too_large(normal, key_codes, key_lines, gwp) & ~row_failed
    if too_large.any():
        rows = normal.loc[too_large, C.ROW].to_numpy()
        at = pd.Index(row_numbers(activities, first_row)).get_indexer(rows)  # the cells as read, as the totals show them
        problems = pd.concat([problems, pd.DataFrame({
            C.ROW: rows, "column": C.QUANTITY, "value": activities[C.QUANTITY].to_numpy(dtype=object)[at],
            "message": OVERFLOW})], ignore_index=True)
    if row_failed.any():
        columns = np.array([e[0] if e else "" for e in key_errors], dtype=object)[key_codes[row_failed]]
        messages = np.array([e[1] if e else "" for e in key_errors], dtype=object)[key_codes[row_failed]]
        failed = normal.loc[row_failed]
        values = key_error_values(failed, columns)
        extra = pd.DataFrame({C.ROW: failed[C.ROW].to_numpy(), "column": columns, "value": values, "message": messages,
                              C.YEAR: failed[C.YEAR].to_numpy()})
        problems = pd.concat([problems, extra], ignore_index=True)
    if row_failed.any() or too_large.any():
        problems = with_row_years(problems).sort_values([C.ROW, "column"], kind="stable", ignore_index=True)
        row_failed = row_failed | too_large

    emissions = _expand(normal, key_codes, key_lines, gwp, source, resolver.used, library.regions)
    emissions = emissions.loc[~np.repeat(row_failed, _line_counts(key_lines)[key_codes])] if row_failed.any() else emissions
    emissions = emissions.reset_index(drop=True)
    problems.insert(0, C.SOURCE, source)
    return InventoryResult(emissions, problems, len(activities), gwp_set, resolver.used_frame())


def _too_large(normal: pd.DataFrame, key_codes: np.ndarray, key_lines: list, gwp) -> np.ndarray:
    """Rows whose emissions would overflow (:mod:`ghgcalc.inventory.overflow`), refused as the totals path refuses them."""
    factor = normal[C.FACTOR_VALUE].to_numpy(dtype=float) if C.FACTOR_VALUE in normal else None
    return rows_overflowing(normal[C.QUANTITY].to_numpy(dtype=float), factor, key_scales(key_lines, gwp),
                            lambda: key_codes)


def _line_counts(key_lines: list[list[KeyLine]]) -> np.ndarray:
    return np.array([len(lines) for lines in key_lines] + [0], dtype=np.int64)[:-1] if key_lines else np.zeros(0, np.int64)


def _expand(normal: pd.DataFrame, key_codes: np.ndarray, key_lines: list[list[KeyLine]], gwp, source: str,
            used: dict, regions: dict | None = None) -> pd.DataFrame:
    flat: list[KeyLine] = [line for lines in key_lines for line in lines]
    counts = _line_counts(key_lines)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]) if len(counts) else np.zeros(0, np.int64)
    per_row = counts[key_codes] if len(key_codes) else np.zeros(0, np.int64)
    row_index = np.repeat(np.arange(len(normal)), per_row)
    first_out = np.cumsum(per_row) - per_row  # where each input row's lines begin in the output
    line_index = np.arange(len(row_index)) + np.repeat(starts[key_codes] - first_out, per_row) if len(key_codes) else np.zeros(0, np.int64)

    def line_attr(name, dtype=object):
        return np.array([getattr(line, name) for line in flat], dtype=dtype)

    row_factor = line_attr("row_factor", bool)
    gases = line_attr("gas")
    co2e_given = line_attr("co2e_given", bool)
    gwps = np.array([np.nan if given else gwp.value(g) for g, given in zip(gases, co2e_given)], dtype=float)
    gwp_per_line = gwps[line_index]
    with np.errstate(over="ignore"):  # the lines of a row too large to compute are dropped (_too_large)
        amount = normal[C.QUANTITY].to_numpy()[row_index] * line_attr("multiplier", float)[line_index]
        if row_factor.any():
            amount *= np.where(row_factor[line_index], normal[C.FACTOR_VALUE].to_numpy()[row_index], 1.0)
        if co2e_given.any():
            given = co2e_given[line_index]
            mass = np.where(given, np.nan, amount)
            co2e = np.where(given, amount, amount * gwp_per_line)
        else:
            mass, co2e = amount, amount * gwp_per_line

    def categorical(values: np.ndarray) -> pd.Categorical:
        codes, categories = pd.factorize(pd.Index(values.astype(str), dtype=object), sort=False)
        return pd.Categorical.from_codes(codes.astype(np.int32)[line_index], categories=pd.Index(categories, dtype=object))

    def row_column(name):
        column = normal[name].array
        return pd.Categorical.from_codes(column.codes[row_index], categories=column.categories)

    numeric = {C.ROW: normal[C.ROW].to_numpy()[row_index], C.YEAR: normal[C.YEAR].to_numpy()[row_index],
               C.MASS_T: mass, C.GWP: gwp_per_line, C.CO2E_T: co2e}
    frame = frame_of(OUTPUT_COLUMNS, numeric, {
        C.SOURCE: pd.Categorical.from_codes(np.zeros(len(row_index), dtype=np.int8), categories=[source]),
        C.SCOPE: categorical(line_attr("scope")),
        C.SCOPE2_METHOD: categorical(line_attr("method")),
        C.SCOPE3_CATEGORY: categorical(line_attr("category")),
        C.SEGMENT: row_column(C.SEGMENT),
        C.SITE: row_column(C.SITE),
        C.SUPPLIER: row_column(C.SUPPLIER),
        C.REGION: row_column(C.REGION),
        C.ACTIVITY: row_column(C.ACTIVITY),
        C.GAS: categorical(gases),
        C.GWP_SET: pd.Categorical.from_codes(np.zeros(len(row_index), dtype=np.int8), categories=[gwp.name]),
        C.FACTOR_ID: categorical(line_attr("factor_id")),
        C.CONVERSION: categorical(line_attr("conversion")),
        C.FALLBACK: categorical(line_attr("fallback")),
        **score_lines(normal, row_index, line_index, flat, used, regions),
    })
    return frame


def frame_of(order: Sequence[str], numeric: dict, other: dict) -> pd.DataFrame:
    """A DataFrame over these arrays without copying them (pandas would copy and stack numeric columns)."""
    columns = {**numeric, **other}
    return pd.DataFrame({name: pd.Series(columns[name], copy=False) for name in order}, copy=False)


def summarise(emissions: pd.DataFrame, by: Iterable[str] = (C.YEAR, C.SCOPE, C.SCOPE2_METHOD)) -> pd.DataFrame:
    """Totals of mass and CO2e per group; groups never mix Scope 2 methods unless asked to."""
    by = list(by)
    for column in by:
        if column not in C.GROUPABLE:
            raise ConfigError(f"cannot group by {column!r}; choose from {', '.join(C.GROUPABLE)}{did_you_mean(column, C.GROUPABLE)}")
    if C.SCOPE2_METHOD not in by:  # every Scope 2 line comes once per method: summing across them counts it twice
        scope2 = emissions[C.SCOPE].astype(str) == "2"
        if scope2.any() and emissions.loc[scope2, C.SCOPE2_METHOD].nunique() > 1:
            asked = ",".join(by)
            raise ConfigError(f"grouping by {asked or 'nothing'} without scope2_method would add location- and "
                              f"market-based Scope 2 together (each Scope 2 line is counted under both methods); "
                              f"add scope2_method, e.g. --by {asked + ',' if asked else ''}scope2_method")
    if C.GAS in by:
        values = [C.MASS_T, C.CO2E_T]
    else:
        values = [C.CO2E_T]
    groups = emissions.groupby(by, observed=True, sort=False)
    grouped = groups[values].sum().reset_index()
    if C.GAS in by:  # a line published as CO2e has no gas mass: its group's mass is not applicable, never a 0
        massless = groups[C.MASS_T].count().to_numpy() < groups.size().to_numpy()
        grouped[C.MASS_T] = grouped[C.MASS_T].mask(massless)
    from ghgcalc.inventory.totals import refuse_non_finite

    refuse_non_finite(grouped, values)
    for column in by:  # plain columns out, whatever the emissions table's dtypes
        if isinstance(grouped[column].dtype, pd.CategoricalDtype):
            grouped[column] = grouped[column].astype(str)
    return grouped.sort_values(by, kind="stable", ignore_index=True)


def total_co2e(emissions: pd.DataFrame, scopes: Iterable[str], scope2_method: str = C.LOCATION) -> float:
    """Total tCO2e over the named scopes, Scope 2 by one method only."""
    scopes = [str(s) for s in scopes]
    mask = emissions[C.SCOPE].astype(str).isin(scopes)
    scope2 = emissions[C.SCOPE].astype(str) == "2"
    mask &= ~scope2 | (emissions[C.SCOPE2_METHOD].astype(str) == scope2_method)
    return float(emissions.loc[mask, C.CO2E_T].sum())
