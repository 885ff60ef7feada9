"""The inventory engine: activity table in, long emissions table out.

A pure function over a table. Factors are resolved once per distinct (activity, region,
year, unit, instrument) key, as "lines" (one per gas, and for Scope 2 one per method);
every input row is then expanded into its key's lines with numpy indexing. No Python
loop runs over rows and no pint object is made per row, so the cost is a few passes
over the columns, whatever the number of rows; the same function can run partition by
partition.

Each output row keeps its lineage: the input row, the factor id, the unit conversion
and any fallback rule used. Scope 2 follows the GHG Protocol Scope 2 Guidance (2015):
contractual instruments change the market-based figure only; without a residual mix the
market-based figure uses the location-based factor and says so (Table 6.3, last tier).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core import units
from ghgcalc.inventory.activity import RENEWABLE_INSTRUMENTS, SUPPLIER, validate_activities
from ghgcalc.errors import ConfigError, GhgcalcError, did_you_mean
from ghgcalc.factors.library import CONVERSION_PROPERTIES, FALLBACK_RULES, FactorChoice, FactorLibrary
from ghgcalc.factors.gwp import get_gwp_set

OUTPUT_COLUMNS = (
    C.SOURCE, C.ROW, C.YEAR, C.SCOPE, C.SCOPE2_METHOD, C.SCOPE3_CATEGORY, C.SEGMENT, C.SITE, C.REGION,
    C.ACTIVITY, C.GAS, C.MASS_T, C.GWP, C.CO2E_T, C.GWP_SET, C.FACTOR_ID, C.CONVERSION, C.FALLBACK,
)
_GAS_GROUPS = ("HFCs", "PFCs")
_KEY_COLUMNS = (C.ACTIVITY, C.REGION, C.YEAR, C.UNIT, "instrument_class", C.FACTOR_UNIT, C.GAS, C.SCOPE, C.SCOPE2_METHOD, C.SCOPE3_CATEGORY)


@dataclass(frozen=True)
class Line:
    """One output row per input row of a key: a gas, a scope (and method), a multiplier."""

    gas: str
    scope: str
    method: str
    category: str
    multiplier: float  # tonnes of gas per unit of the input quantity (times the row's own factor if row_factor)
    factor_id: str
    conversion: str
    fallback: str = ""
    row_factor: bool = False
    co2e_given: bool = False  # the quantity is already CO2e of this gas (a report's "CH4: 1,900 t CO2e")


@dataclass(frozen=True)
class InventoryResult:
    """Emissions (one row per input row x gas x Scope 2 method) and the rows that were refused."""

    emissions: pd.DataFrame
    rejected: pd.DataFrame
    rows_in: int
    gwp_set: str
    factors_used: pd.DataFrame = field(repr=False)

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


def compute_inventory(
    activities: pd.DataFrame,
    library: FactorLibrary,
    gwp_set: str,
    *,
    fallback: Sequence[str] = (),
    source: str = "",
) -> InventoryResult:
    """Emissions per input row, gas and Scope 2 method, in tonnes of gas and of CO2e.

    ``gwp_set`` must be named (e.g. "AR6GWP100"): there is no default GWP set here.
    ``fallback`` names the look-up fallbacks allowed (see ghgcalc.factors.library.FALLBACK_RULES).
    """
    for rule in fallback:
        if rule not in FALLBACK_RULES:
            raise ConfigError(f"fallback rule {rule!r} is not one of {', '.join(FALLBACK_RULES)}{did_you_mean(rule, FALLBACK_RULES)}")
    gwp = get_gwp_set(library.gwp_sets, gwp_set)
    normal, problems = validate_activities(activities, library, source)
    normal["instrument_class"] = _instrument_class(normal[C.INSTRUMENT])

    key_frame = normal[list(_KEY_COLUMNS) + ["kind"]]
    key_codes, keys = _factorize_rows(key_frame)
    resolver = _Resolver(library, tuple(fallback), gwp)
    key_lines: list[list[Line]] = []
    key_errors: list[tuple[str, str] | None] = []
    memo = library.memo.setdefault(("lines", tuple(fallback), gwp.name), {})
    for key in keys.itertuples(index=False):
        if key not in memo:
            try:
                lines = resolver.lines(key)
                memo[key] = (lines, None, [resolver.used[l.factor_id] for l in lines if l.factor_id in resolver.used])
            except GhgcalcError as exc:
                memo[key] = ([], (getattr(exc, "column", C.ACTIVITY), str(exc)), [])
        lines, error, used = memo[key]
        key_lines.append(lines)
        key_errors.append(error)
        resolver.used.update((choice.factor_id, choice) for choice in used)

    failed_keys = np.array([e is not None for e in key_errors] + [False], dtype=bool)
    row_failed = failed_keys[key_codes]
    if row_failed.any():
        columns = np.array([e[0] if e else "" for e in key_errors], dtype=object)[key_codes[row_failed]]
        messages = np.array([e[1] if e else "" for e in key_errors], dtype=object)[key_codes[row_failed]]
        failed = normal.loc[row_failed]
        values = np.where(columns == C.UNIT, failed[C.UNIT].to_numpy(dtype=object), failed[C.ACTIVITY].to_numpy(dtype=object))
        extra = pd.DataFrame({C.ROW: failed[C.ROW].to_numpy(), "column": columns, "value": values, "message": messages})
        problems = pd.concat([problems, extra], ignore_index=True).sort_values([C.ROW, "column"], kind="stable", ignore_index=True)

    emissions = _expand(normal, key_codes, key_lines, gwp, source)
    emissions = emissions.loc[~np.repeat(row_failed, _line_counts(key_lines)[key_codes])] if row_failed.any() else emissions
    emissions = emissions.reset_index(drop=True)
    problems.insert(0, C.SOURCE, source)
    return InventoryResult(emissions, problems, len(activities), gwp_set, resolver.used_frame())


def _instrument_class(instrument: pd.Series) -> pd.Categorical:
    """What decides the market-based factor: none, "renewable:<name>" (name kept for lineage), or supplier."""
    def classify(name: str) -> str:
        if name in RENEWABLE_INSTRUMENTS:
            return f"renewable:{name}"
        return SUPPLIER if name == SUPPLIER else ""

    return _map_categories(instrument, classify)


def _map_categories(series: pd.Series, fn) -> pd.Categorical:
    """fn applied to a categorical's categories, not to its rows."""
    categorical = series.array if isinstance(series.dtype, pd.CategoricalDtype) else pd.Categorical(series)
    mapped = [fn(c) for c in categorical.categories] + [fn("")]
    codes, categories = pd.factorize(pd.Index(mapped, dtype=object), sort=False)
    return pd.Categorical.from_codes(codes.astype(np.int32)[categorical.codes], categories=pd.Index(categories, dtype=object))


def _codes(series: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes of a column and how many distinct values it has (categoricals cost nothing)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy().astype(np.int64), len(series.cat.categories)
    codes, values = pd.factorize(series, sort=False)
    return codes.astype(np.int64), len(values)


def _factorize_rows(frame: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Codes of each row's distinct key, and the distinct keys (hashing, no sort)."""
    if len(frame) == 0:
        return np.zeros(0, dtype=np.int64), frame.iloc[0:0]
    combined = np.zeros(len(frame), dtype=np.int64)
    for column in frame.columns:
        codes, count = _codes(frame[column])
        combined *= count + 1
        combined += codes + 1
    key_codes, distinct = pd.factorize(combined, sort=False)
    first = np.empty(len(distinct), dtype=np.int64)
    first[key_codes[::-1]] = np.arange(len(frame) - 1, -1, -1)  # first row of each key
    keys = frame.iloc[first].reset_index(drop=True)
    for column in keys.columns:
        if isinstance(keys[column].dtype, pd.CategoricalDtype):
            keys[column] = keys[column].astype(object)
    return key_codes.astype(np.int64), keys


def _line_counts(key_lines: list[list[Line]]) -> np.ndarray:
    return np.array([len(lines) for lines in key_lines] + [0], dtype=np.int64)[:-1] if key_lines else np.zeros(0, np.int64)


def _expand(normal: pd.DataFrame, key_codes: np.ndarray, key_lines: list[list[Line]], gwp, source: str) -> pd.DataFrame:
    flat: list[Line] = [line for lines in key_lines for line in lines]
    counts = _line_counts(key_lines)
    starts = np.concatenate([[0], np.cumsum(counts)[:-1]]) if len(counts) else np.zeros(0, np.int64)
    per_row = counts[key_codes] if len(key_codes) else np.zeros(0, np.int64)
    row_index = np.repeat(np.arange(len(normal)), per_row)
    first_out = np.cumsum(per_row) - per_row  # where each input row's lines begin in the output
    line_index = np.arange(len(row_index)) + np.repeat(starts[key_codes] - first_out, per_row) if len(key_codes) else np.zeros(0, np.int64)

    def line_attr(name, dtype=object):
        return np.array([getattr(line, name) for line in flat], dtype=dtype)

    amount = normal[C.QUANTITY].to_numpy()[row_index] * line_attr("multiplier", float)[line_index]
    row_factor = line_attr("row_factor", bool)
    if row_factor.any():
        amount *= np.where(row_factor[line_index], normal[C.FACTOR_VALUE].to_numpy()[row_index], 1.0)
    gases = line_attr("gas")
    co2e_given = line_attr("co2e_given", bool)
    gwps = np.array([np.nan if given else gwp.value(g) for g, given in zip(gases, co2e_given)], dtype=float)
    gwp_per_line = gwps[line_index]
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
    frame = _frame_of(OUTPUT_COLUMNS, numeric, {
        C.SOURCE: pd.Categorical.from_codes(np.zeros(len(row_index), dtype=np.int8), categories=[source]),
        C.SCOPE: categorical(line_attr("scope")),
        C.SCOPE2_METHOD: categorical(line_attr("method")),
        C.SCOPE3_CATEGORY: categorical(line_attr("category")),
        C.SEGMENT: row_column(C.SEGMENT),
        C.SITE: row_column(C.SITE),
        C.REGION: row_column(C.REGION),
        C.ACTIVITY: row_column(C.ACTIVITY),
        C.GAS: categorical(gases),
        C.GWP_SET: pd.Categorical.from_codes(np.zeros(len(row_index), dtype=np.int8), categories=[gwp.name]),
        C.FACTOR_ID: categorical(line_attr("factor_id")),
        C.CONVERSION: categorical(line_attr("conversion")),
        C.FALLBACK: categorical(line_attr("fallback")),
    })
    return frame


def _frame_of(order: Sequence[str], numeric: dict, other: dict) -> pd.DataFrame:
    """A DataFrame over these arrays without copying them (pandas would copy and stack numeric columns)."""
    columns = {**numeric, **other}
    return pd.DataFrame({name: pd.Series(columns[name], copy=False) for name in order}, copy=False)


class _KeyError(GhgcalcError, ValueError):
    def __init__(self, message: str, column: str = C.ACTIVITY):
        super().__init__(message)
        self.column = column


class _Resolver:
    """Turns one distinct key into its lines, remembering every factor it used."""

    def __init__(self, library: FactorLibrary, rules: tuple[str, ...], gwp):
        self.library = library
        self.rules = rules
        self.gwp = gwp
        self.used: dict[str, FactorChoice] = {}

    def used_frame(self) -> pd.DataFrame:
        rows = [dict(choice.__dict__) for choice in self.used.values()]
        frame = pd.DataFrame(rows, columns=list(FactorChoice.__dataclass_fields__))
        if len(frame):
            frame["citation"] = [self.library.datasets[d].citation for d in frame["dataset"]]
        return frame

    def lines(self, key) -> list[Line]:
        kind = key.kind
        activity = key.activity
        catalogue = self.library.activities.loc[activity]
        scope = str(catalogue["scope"])
        category = str(catalogue["scope3_category"])
        if kind == "reported":
            return [self._gas_mass_line(key, key.scope, key.scope2_method if key.scope == "2" else "", key.scope3_category, "reported emissions")]
        if kind == "direct_gas":
            return [self._gas_mass_line(key, scope, "", category, "direct release")]
        if key.factor_unit and kind not in ("electricity", "heat"):
            return [self._row_factor_line(key, scope, "", category)]
        location = self._factor_lines(key, activity, scope, C.LOCATION if kind in ("electricity", "heat") else "", category)
        if kind not in ("electricity", "heat"):
            return location
        return location + self._market_lines(key, catalogue, location)

    # -- kinds -------------------------------------------------------------------------------
    def _gas_mass_line(self, key, scope, method, category, what) -> Line:
        gas = key.gas
        unit_gases = units.gases_in(units.parse_unit(key.unit))
        if unit_gases == (units.CO2E,) and gas != units.CO2E:
            multiplier = units.conversion_factor(key.unit, "t CO2e")
            conversion = f"{what}: {key.unit} of {gas} as printed (CO2e under the reporter's GWP set; not re-weighted)"
            return Line(gas, scope, method, category, multiplier, "", conversion, co2e_given=True)
        if unit_gases:
            multiplier = units.conversion_factor(key.unit, f"t {gas}")
        else:
            multiplier = units.conversion_factor(key.unit, "t")
        if gas in _GAS_GROUPS:
            raise _KeyError(f"{gas} is a group of gases with no GWP; give its emissions in CO2e (unit 't CO2e')", C.UNIT)
        conversion = f"{what}: {key.unit} -> t {gas} (x{multiplier:g})"
        return Line(gas, scope, method, category, multiplier, "", conversion, co2e_given=gas == units.CO2E)

    def _row_factor_line(self, key, scope, method, category) -> Line:
        """A supplier-specific factor given on the row itself."""
        factor_q = units.parse_unit(key.factor_unit)
        gases = units.gases_in(factor_q)
        if len(gases) != 1:
            raise _KeyError(f"factor_unit {key.factor_unit!r} must be a mass of one gas per unit of activity, e.g. 'kg CO2e / kWh'", C.FACTOR_UNIT)
        gas = gases[0]
        per_input = units.parse_unit(key.unit) * factor_q
        try:
            multiplier = float(per_input.to(f"t {gas}").magnitude)
        except Exception:
            raise _KeyError(f"factor_unit {key.factor_unit!r} does not apply to quantities in {key.unit!r}", C.FACTOR_UNIT) from None
        conversion = f"supplier-specific factor on the row: {key.unit} x factor_value {key.factor_unit} -> t {gas} (x{multiplier:g} per factor unit)"
        return Line(gas, scope, method, category, multiplier, "row:factor_value", conversion, row_factor=True)

    def _factor_lines(self, key, activity, scope, method, category, *, fallback_note: str = "") -> list[Line]:
        choices = self.library.find_factors(activity, key.region, key.year, self.rules)
        if not choices:
            raise _KeyError(str(self.library.factor_not_found(activity, key.region, key.year, self.rules)))
        lines = []
        by_gas: dict[str, list[FactorChoice]] = {}
        for choice in choices:
            by_gas.setdefault(choice.gas, []).append(choice)
        origin = str(self.library.activities.at[key.activity, "origin"])
        for gas, options in by_gas.items():
            choice, multiplier, conversion = self._convert(key, activity, options)
            self.used[choice.factor_id] = choice
            note = "; ".join(n for n in (choice.fallback, fallback_note) if n)
            label = self.gwp.methane_label(origin) if gas == "CH4" else gas
            if label != gas:
                conversion += f"; {origin} methane, weighted as {label} under {self.gwp.name}"
            lines.append(Line(label, scope, method, category, multiplier, choice.factor_id, conversion, note))
        return lines

    def _market_lines(self, key, catalogue, location: list[Line]) -> list[Line]:
        scope, category = str(catalogue["scope"]), str(catalogue["scope3_category"])
        inst = key.instrument_class
        if inst.startswith("renewable:"):
            name = inst.split(":", 1)[1]
            conversion = f"contractual instrument {name}: zero-emission attribute (market-based only)"
            return [Line(line.gas, scope, C.MARKET, category, 0.0, f"instrument:{name}", conversion) for line in location]
        if inst == SUPPLIER:
            return [self._row_factor_line(key, scope, C.MARKET, category)]
        market_activity = str(catalogue["market_activity"]) if catalogue["market_activity"] else ""
        if market_activity and self.library.find_factors(market_activity, key.region, key.year, self.rules):
            return self._factor_lines(key, market_activity, scope, C.MARKET, category)
        note = f"no residual mix for region {key.region or '(none)'} in {key.year}: location-based factor used"
        return [Line(l.gas, l.scope, C.MARKET, l.category, l.multiplier, l.factor_id, l.conversion,
                     "; ".join(n for n in (l.fallback, note) if n)) for l in location]

    # -- units ------------------------------------------------------------------------------
    def _convert(self, key, activity, options: list[FactorChoice]) -> tuple[FactorChoice, float, str]:
        """Pick the factor whose basis fits the input unit, converting through properties if needed."""
        quantity = units.parse_unit(key.unit)
        for choice in options:
            basis = _basis(choice)
            if basis.dimensionality == quantity.dimensionality:
                per_input = quantity * units.parse_unit(choice.unit) * choice.value
                multiplier = float(per_input.to(f"t {choice.gas}").magnitude)
                return choice, multiplier, f"{key.unit} x {choice.value:g} {choice.unit} -> t {choice.gas}"
        for choice in options:
            path = self._property_path(key, activity, quantity, _basis(choice))
            if path is not None:
                converted, steps = path
                per_input = converted * units.parse_unit(choice.unit) * choice.value
                multiplier = float(per_input.to(f"t {choice.gas}").magnitude)
                via = " x ".join(steps)
                return choice, multiplier, f"{key.unit} x {via} x {choice.value:g} {choice.unit} -> t {choice.gas}"
        bases = ", ".join(sorted({c.unit.split("/", 1)[-1].strip() for c in options}))
        raise _KeyError(
            f"{key.unit!r} ({units.describe_dimension(quantity)}) cannot be used for {activity}: its factors are per {bases}, "
            f"and no {' or '.join(CONVERSION_PROPERTIES)} property connects them", C.UNIT)

    def _property_path(self, key, activity, quantity, target):
        """Up to two property steps (e.g. m3 -> kg by density, kg -> TJ by NCV)."""
        steps = []
        for prop in CONVERSION_PROPERTIES:
            for p in self.library.find_property(activity, prop, key.region, key.year, self.rules):
                steps.append((p, units.parse_unit(p.unit) * p.value))
        frontier = [(quantity, [])]
        for _ in range(2):
            next_frontier = []
            for q, path in frontier:
                for p, pq in steps:
                    for candidate, sign in ((q * pq, ""), (q / pq, "1/")):
                        if (candidate / 1).dimensionality == target.dimensionality and _compatible(candidate, target):
                            note = path + [f"{sign}{p.value:g} {p.unit} ({p.property_id}{'; ' + p.fallback if p.fallback else ''})"]
                            return candidate, note
                        next_frontier.append((candidate, path + [f"{sign}{p.value:g} {p.unit} ({p.property_id})"]))
            frontier = next_frontier
        return None


def _basis(choice: FactorChoice):
    """The activity unit a factor is per: 'kg CO2 / TJ' -> 1/TJ's inverse, i.e. TJ."""
    factor = units.parse_unit(choice.unit)
    gas_mass = units.parse_unit(f"t {choice.gas}")
    return 1 / (factor / gas_mass)


def _compatible(a, b) -> bool:
    try:
        a.to(b.units)
        return True
    except Exception:
        return False


def summarise(emissions: pd.DataFrame, by: Iterable[str] = (C.YEAR, C.SCOPE, C.SCOPE2_METHOD)) -> pd.DataFrame:
    """Totals of mass and CO2e per group; groups never mix Scope 2 methods unless asked to."""
    by = list(by)
    for column in by:
        if column not in C.GROUPABLE:
            raise ConfigError(f"cannot group by {column!r}; choose from {', '.join(C.GROUPABLE)}{did_you_mean(column, C.GROUPABLE)}")
    if C.SCOPE in by and C.SCOPE2_METHOD not in by:
        scope2 = emissions[C.SCOPE].astype(str) == "2"
        if scope2.any() and emissions.loc[scope2, C.SCOPE2_METHOD].nunique() > 1:
            raise ConfigError("grouping by scope without scope2_method would add location- and market-based Scope 2 together")
    if C.GAS in by:
        values = [C.MASS_T, C.CO2E_T]
    else:
        values = [C.CO2E_T]
    grouped = emissions.groupby(by, observed=True, sort=False)[values].sum().reset_index()
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
