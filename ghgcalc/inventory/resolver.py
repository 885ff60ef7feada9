"""Factor resolution: one distinct activity key in, its emission "lines" out.

A key is (activity, region, year, unit, instrument class, factor unit, gas, scope,
Scope 2 method, Scope 3 category); its lines are one per gas, and for purchased
electricity and heat one per Scope 2 method. Units are checked here, once per key,
never per row. Scope 2 follows the GHG Protocol Scope 2 Guidance (2015): contractual
instruments change the market-based figure only; without a residual mix the
market-based figure uses the location-based factor and says so (Table 6.3, last tier).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core import gas_volume, units
from ghgcalc.core.calorific import split_basis
from ghgcalc.core.year_sentences import write_sentence
from ghgcalc.errors import ColumnError, GhgcalcError, quoted
from ghgcalc.factors.choices import FactorChoice
from ghgcalc.factors.library import CONVERSION_PROPERTIES, MIXED_GWP, FactorLibrary
from ghgcalc.factors.citations import row_citation
from ghgcalc.inventory.calorific import to_factor_basis
from ghgcalc.inventory.instrument_markets import (ONSITE_RENEWABLE, SUPPLIER_INSTRUMENT, market_boundary_problem,
                                                 renewable_instruments)
from ghgcalc.inventory.published_gwp import mixed_note
from ghgcalc.inventory.scope3 import Scope3Error, published_lines, row_factor_method
from ghgcalc.inventory.sold_products import KINDS as SOLD_PRODUCT_KINDS, sold_product_lines
from ghgcalc.inventory.spend import SpendRates

_GAS_GROUPS = ("HFCs", "PFCs")
KEY_COLUMNS = (C.ACTIVITY, C.REGION, C.YEAR, C.UNIT, "instrument_class", C.FACTOR_UNIT, C.GAS, C.SCOPE, C.SCOPE2_METHOD, C.SCOPE3_CATEGORY,
               C.FACTOR_DATASET, C.FACTOR_ID, C.METHOD)


@dataclass(frozen=True)
class KeyLine:
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


def resolve_keys(normal: pd.DataFrame, library: FactorLibrary, rules: tuple[str, ...], gwp, spend: SpendRates | None = None):
    """Codes of each normalised row's key, each key's lines (or error), and the factors used.

    Look-ups are memoised on the library, so a key is resolved once per library whatever
    the number of rows, files or partitions that carry it. ``spend``: the exchange rates and
    price indices that spend-based rows need (none: such rows in another currency or year are refused).
    """
    normal = normal.assign(instrument_class=instrument_class(normal[C.INSTRUMENT]))
    key_frame = normal[list(KEY_COLUMNS) + ["kind"]]
    key_codes, keys = factorize_rows(key_frame)
    resolver = _Resolver(library, tuple(rules), gwp, spend)
    key_lines: list[list[KeyLine]] = []
    key_errors: list[tuple[str, str] | None] = []
    memo = library.memo.setdefault(("lines", tuple(rules), gwp.name, spend), {})
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
    return key_codes, key_lines, key_errors, resolver


def key_error_values(rows: pd.DataFrame, columns: np.ndarray) -> np.ndarray:
    """The value each failed row shows: that of the column its key's error names (the activity otherwise)."""
    values = rows[C.ACTIVITY].to_numpy(dtype=object).copy()
    for column in set(columns) - {C.ACTIVITY}:
        if column in rows.columns:
            pick = columns == column
            values[pick] = rows[column].to_numpy(dtype=object)[pick]
    return values


def instrument_class(instrument: pd.Series) -> pd.Categorical:
    """What decides the market-based factor: none, "renewable:<name>" (name kept for lineage), or supplier."""
    renewable = renewable_instruments()

    def classify(name: str) -> str:
        if name in renewable:
            return f"renewable:{name}"
        return SUPPLIER_INSTRUMENT if name == SUPPLIER_INSTRUMENT else ""

    return map_categories(instrument, classify)


def map_categories(series: pd.Series, fn) -> pd.Categorical:
    """fn applied to a categorical's categories, not to its rows."""
    categorical = series.array if isinstance(series.dtype, pd.CategoricalDtype) else pd.Categorical(series)
    mapped = [fn(c) for c in categorical.categories] + [fn("")]
    codes, categories = pd.factorize(pd.Index(mapped, dtype=object), sort=False)
    return pd.Categorical.from_codes(codes.astype(np.int32)[categorical.codes], categories=pd.Index(categories, dtype=object))


def column_codes(series: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes of a column and how many distinct values it has (categoricals cost nothing)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        return series.cat.codes.to_numpy().astype(np.int64), len(series.cat.categories)
    codes, values = pd.factorize(series, sort=False)
    return codes.astype(np.int64), len(values)


def factorize_rows(frame: pd.DataFrame) -> tuple[np.ndarray, pd.DataFrame]:
    """Codes of each row's distinct key, and the distinct keys (hashing, no sort)."""
    if len(frame) == 0:
        return np.zeros(0, dtype=np.int64), frame.iloc[0:0]
    combined = np.zeros(len(frame), dtype=np.int64)
    for column in frame.columns:
        codes, count = column_codes(frame[column])
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



class _KeyError(ColumnError):
    default_column = C.ACTIVITY


class _Resolver:
    """Turns one distinct key into its lines, remembering every factor it used."""

    def __init__(self, library: FactorLibrary, rules: tuple[str, ...], gwp, spend: SpendRates | None = None):
        self.library = library
        self.rules = rules
        self.gwp = gwp
        self.spend = spend
        self.used: dict[str, FactorChoice] = {}

    def _find_factors(self, activity: str, region: str, year) -> list[FactorChoice]:
        """The library's look-up, once per (activity, region, year): keys differing by unit or gas share it."""
        cache = self.library.memo.setdefault(("find_factors", self.rules), {})
        found = cache.get((activity, region, int(year)))
        if found is None:
            found = cache[(activity, region, int(year))] = self.library.find_factors(activity, region, year, self.rules)
        return found

    def _find_property(self, activity: str, prop: str, region: str, year):
        cache = self.library.memo.setdefault(("find_property", self.rules), {})
        found = cache.get((activity, prop, region, int(year)))
        if found is None:
            found = cache[(activity, prop, region, int(year))] = self.library.find_property(activity, prop, region, year, self.rules)
        return found

    def used_frame(self) -> pd.DataFrame:
        rows = [dict(choice.__dict__) for choice in self.used.values()]
        frame = pd.DataFrame(rows, columns=list(FactorChoice.__dataclass_fields__))
        if len(frame):
            datasets = [self.library.datasets.get(d) or self.library.published_table(d) for d in frame["dataset"]]
            frame["citation"] = [d.citation for d in datasets]
            frame["factor_source"] = [row_citation(d, f) for d, f in zip(datasets, frame["factor_id"])]
        return frame

    def lines(self, key) -> list[KeyLine]:
        kind = key.kind
        activity = key.activity
        catalogue = self.library.activities.loc[activity]
        if kind != "combustion" and split_basis(key.unit)[1]:
            raise _KeyError(f"{quoted(key.unit)} states a calorific basis, which is said of fuel burned; {activity} is "
                            f"{kind}: write the unit without it", C.UNIT)
        scope = str(catalogue["scope"])
        category = str(catalogue["scope3_category"])
        if kind == "reported":
            return [self._gas_mass_line(key, key.scope, key.scope2_method if key.scope == "2" else "", key.scope3_category, "reported emissions")]
        if kind == "direct_gas":
            return [self._gas_mass_line(key, scope, "", category, "direct release")]
        if scope == "3":
            category = category or key.scope3_category
            if key.scope3_category and key.scope3_category != category:
                raise _KeyError(f"{activity} is Scope 3 category {category}, not {key.scope3_category}", C.SCOPE3_CATEGORY)
            if kind in SOLD_PRODUCT_KINDS:
                return sold_product_lines(self, key, kind, category, KeyLine)
            if key.factor_dataset:
                found = published_lines(self.library, key, category, self.rules, self.spend, self.gwp.name)
                self.used[found[0].factor_id] = found[0].choice
                return [KeyLine(f.gas, scope, "", category, f.multiplier, f.factor_id, f.conversion, f.fallback,
                             co2e_given=f.co2e_given) for f in found]
            if key.factor_unit:
                line = self._row_factor_line(key, scope, "", category)
                method = row_factor_method(key.method)
                return [KeyLine(line.gas, scope, "", category, line.multiplier, line.factor_id,
                             f"method: {method}; {line.conversion}", row_factor=True)]
            if key.method:
                raise Scope3Error(f"method {key.method!r} is for rows that name their factor", C.METHOD)
        if key.factor_unit and kind not in ("electricity", "heat"):
            return [self._row_factor_line(key, scope, "", category)]
        if kind == "electricity" and key.instrument_class == f"renewable:{ONSITE_RENEWABLE}":
            return _onsite_lines(scope, category)
        if kind in ("electricity", "heat") and key.instrument_class.startswith("renewable:"):
            outside = market_boundary_problem(key.instrument_class.split(":", 1)[1], key.region, self.library.regions)
            if outside:
                raise _KeyError(outside, C.INSTRUMENT)
        location = self._factor_lines(key, activity, scope, C.LOCATION if kind in ("electricity", "heat") else "", category)
        if kind not in ("electricity", "heat"):
            return location
        return location + self._market_lines(key, catalogue, location)

    # -- kinds -------------------------------------------------------------------------------
    def _gas_mass_line(self, key, scope, method, category, what) -> KeyLine:
        gas = key.gas
        unit_gases = units.gases_in(units.parse_unit(key.unit))
        if unit_gases == (units.CO2E,) and gas != units.CO2E:
            multiplier = units.conversion_factor(key.unit, "t CO2e")
            conversion = f"{what}: {key.unit} of {gas} as printed (CO2e under the reporter's GWP set; not re-weighted)"
            return KeyLine(gas, scope, method, category, multiplier, "", conversion, co2e_given=True)
        if unit_gases:
            multiplier = units.conversion_factor(key.unit, f"t {gas}")
        else:
            multiplier = units.conversion_factor(key.unit, "t")
        if gas in _GAS_GROUPS:
            raise _KeyError(f"{gas} is a group of gases with no GWP; give its emissions in CO2e (unit 't CO2e')", C.UNIT)
        conversion = f"{what}: {key.unit} -> t {gas} (x{multiplier:g})"
        return KeyLine(gas, scope, method, category, multiplier, "", conversion, co2e_given=gas == units.CO2E)

    def _row_factor_line(self, key, scope, method, category) -> KeyLine:
        """A supplier-specific factor given on the row itself."""
        factor_q = units.parse_unit(key.factor_unit)
        gases = units.gases_in(factor_q)
        if len(gases) != 1:
            raise _KeyError(f"factor_unit {quoted(key.factor_unit)} must be a mass of one gas per unit of activity, e.g. 'kg CO2e / kWh'", C.FACTOR_UNIT)
        gas = gases[0]
        quantity, volume = gas_volume.fit(units.parse_unit(key.unit), factor_q, key.unit, "factor_unit")
        per_input = quantity * factor_q
        try:
            multiplier = float(per_input.to(f"t {gas}").magnitude)
        except Exception:
            raise _KeyError(f"factor_unit {quoted(key.factor_unit)} does not apply to quantities in {quoted(key.unit)}", C.FACTOR_UNIT) from None
        conversion = f"supplier-specific factor on the row: {key.unit} x factor_value {key.factor_unit} -> t {gas} (x{multiplier:g} per factor unit){_note(volume)}"
        return KeyLine(gas, scope, method, category, multiplier, "row:factor_value", conversion, row_factor=True)

    def _factor_lines(self, key, activity, scope, method, category, *, fallback_note: str = "") -> list[KeyLine]:
        choices = self._find_factors(activity, key.region, key.year)
        if not choices:
            raise _KeyError(str(self.library.factor_not_found(activity, key.region, key.year, self.rules)))
        lines = []
        by_gas: dict[str, list[FactorChoice]] = {}
        for choice in choices:
            by_gas.setdefault(choice.gas, []).append(choice)
        origin = str(self.library.activities.at[key.activity, "origin"])
        for gas, options in by_gas.items():
            choice, multiplier, conversion = self._convert(key, activity, options)
            scale, note = self._calorific(choice, activity, key.unit)
            multiplier, conversion = multiplier * scale, conversion + note
            self.used[choice.factor_id] = choice
            note = "; ".join(n for n in (choice.fallback, fallback_note, self._gwp_note(choice)) if n)
            label = self.gwp.methane_label(origin) if gas == "CH4" else gas
            if label != gas:
                conversion += f"; {origin} methane, weighted as {label} under {self.gwp.name}"
            lines.append(KeyLine(label, scope, method, category, multiplier, choice.factor_id, conversion, note))
        return lines

    def _market_lines(self, key, catalogue, location: list[KeyLine]) -> list[KeyLine]:
        scope, category = str(catalogue["scope"]), str(catalogue["scope3_category"])
        inst = key.instrument_class
        if inst.startswith("renewable:"):
            name = inst.split(":", 1)[1]
            conversion = f"contractual instrument {name}: zero-emission attribute (market-based only)"
            return [KeyLine(line.gas, scope, C.MARKET, category, 0.0, f"instrument:{name}", conversion) for line in location]
        if inst == SUPPLIER_INSTRUMENT:
            return [self._row_factor_line(key, scope, C.MARKET, category)]
        market_activity = str(catalogue["market_activity"]) if catalogue["market_activity"] else ""
        if market_activity and self._find_factors(market_activity, key.region, key.year):
            return self._factor_lines(key, market_activity, scope, C.MARKET, category)
        note = write_sentence("residual_mix", key.year, region=key.region or "(none)")
        return [KeyLine(l.gas, l.scope, C.MARKET, l.category, l.multiplier, l.factor_id, l.conversion,
                     "; ".join(n for n in (l.fallback, note) if n)) for l in location]

    def _gwp_note(self, choice: FactorChoice) -> str:
        """A factor published only as CO2e under another GWP set than the inventory's (the sidecar's gwp_set: EEA,
        NGA and ECCC grid factors are AR5) cannot be re-weighted: each of its lines says so, and the inventory
        names its t CO2e and share (gwp_mixed), so a total is never silently of two sets."""
        dataset = self.library.datasets.get(choice.dataset)
        publisher = dataset.meta.get("gwp_set") if dataset is not None else None
        if choice.gas != units.CO2E or not publisher or publisher == self.gwp.name:
            return ""
        if MIXED_GWP in self.rules:
            return mixed_note(publisher, self.gwp.name)
        return f"CO2e as published under {publisher} (no per-gas values to re-weigh); the inventory is under {self.gwp.name}"

    def _calorific(self, choice: FactorChoice, activity: str, unit: str) -> tuple[float, str]:
        """A fuel factor per unit of energy is for one calorific basis (its sidecar's calorific_basis): energy on the
        other (a therm bill is gross, the IPCC factors net) is brought to it by the fuel's cited net/gross ratio, and
        the lineage says which basis and ratio (:mod:`ghgcalc.inventory.calorific`)."""
        catalogue = self.library.activities
        if activity not in catalogue.index or catalogue.at[activity, "kind"] != "combustion":
            return 1.0, ""
        if _basis(choice).dimensionality != units.parse_unit("kWh").dimensionality:
            return 1.0, ""  # a factor per mass or volume: energy reached it through the fuel's NCV, on its basis
        dataset = self.library.datasets.get(choice.dataset)
        basis = dataset.meta.get("calorific_basis") if dataset is not None else None
        return to_factor_basis(unit, activity, basis, choice.dataset)

    # -- units ------------------------------------------------------------------------------
    def _convert(self, key, activity, options: list[FactorChoice]) -> tuple[FactorChoice, float, str]:
        """Pick the factor whose basis fits the input unit, converting through properties if needed.

        Remembered per unit, activity, region, year and factors: keys that differ only in what does not
        enter the conversion (instrument, gas column, scope, Scope 2 method) share it, the same numbers."""
        memo = self.library.memo.setdefault(("convert", self.rules), {})
        known = (key.unit, activity, key.region, int(key.year), tuple(options))
        if known not in memo:
            memo[known] = self._convert_once(key, activity, options)
        return memo[known]

    def _convert_once(self, key, activity, options: list[FactorChoice]) -> tuple[FactorChoice, float, str]:
        quantity = units.parse_unit(key.unit)
        for choice in options:
            basis = _basis(choice)
            fitted, volume = gas_volume.fit(quantity, basis, key.unit, f"factor {choice.factor_id}")
            if basis.dimensionality == fitted.dimensionality:
                per_input = fitted * units.parse_unit(choice.unit) * choice.value
                multiplier = float(per_input.to(f"t {choice.gas}").magnitude)
                return choice, multiplier, f"{key.unit} x {choice.value:g} {choice.unit} -> t {choice.gas}{_note(volume)}"
        for choice in options:
            path = self._property_path(key, activity, quantity, _basis(choice))
            if path is not None:
                converted, steps, volume = path
                per_input = converted * units.parse_unit(choice.unit) * choice.value
                multiplier = float(per_input.to(f"t {choice.gas}").magnitude)
                via = " x ".join(steps)
                return choice, multiplier, (f"{key.unit} x {via} x {choice.value:g} {choice.unit} -> t {choice.gas}"
                                            f"{_note(volume)}")
        bases = ", ".join(sorted({c.unit.split("/", 1)[-1].strip() for c in options}))
        wanted = " or ".join(sorted({units.describe_dimension(_basis(c)) for c in options}))
        if any(self._find_property(activity, prop, key.region, key.year) for prop in CONVERSION_PROPERTIES):
            why = f"and no {' or '.join(CONVERSION_PROPERTIES)} property connects them"
        else:  # electricity, heat: nothing converts another quantity into what the factors are per
            why = f"so its quantity must be {wanted}"
        raise _KeyError(f"{quoted(key.unit)} ({units.describe_dimension(quantity)}) cannot be used for {activity}: its "
                        f"factors are per {bases}, {why}", C.UNIT)

    def _property_path(self, key, activity, quantity, target):
        """Up to two property steps (e.g. m3 -> kg by density, kg -> TJ by NCV): the quantity, the steps and what
        was assumed of gas volumes (a plain m3 read at a property's reference conditions, or converted to them)."""
        steps = []
        for prop in CONVERSION_PROPERTIES:
            for p in self._find_property(activity, prop, key.region, key.year):
                steps.append((p, units.parse_unit(p.unit) * p.value))
        frontier = [(quantity, [], "")]
        for _ in range(2):
            next_frontier = []
            for q, path, volume in frontier:
                for p, pq in steps:
                    fitted, assumed = gas_volume.fit(q, pq, key.unit, f"property {p.property_id}")
                    assumed = "; ".join(n for n in (volume, assumed) if n)
                    for candidate, sign in ((fitted * pq, ""), (fitted / pq, "1/")):
                        if (candidate / 1).dimensionality == target.dimensionality and _compatible(candidate, target):
                            note = path + [f"{sign}{p.value:g} {p.unit} ({p.property_id}{'; ' + p.fallback if p.fallback else ''})"]
                            return candidate, note, assumed
                        next_frontier.append((candidate, path + [f"{sign}{p.value:g} {p.unit} ({p.property_id})"], assumed))
            frontier = next_frontier
        return None


def _onsite_lines(scope: str, category: str) -> list[KeyLine]:
    """Renewable electricity generated on site and used there, never through the grid: zero under both methods.
    GHG Protocol Scope 2 Guidance (2015), chapter 5: electricity a company generates and consumes itself is not
    purchased, so no Scope 2 (the plant's own emissions, none for solar or wind, are Scope 1); a grid-average
    factor describes electricity drawn from the grid, which this is not."""
    conversion = (f"{ONSITE_RENEWABLE}: generated on site and used there, not drawn from the grid: no Scope 2 under "
                  f"either method (GHG Protocol Scope 2 Guidance, chapter 5); kept for the energy totals")
    return [KeyLine("CO2", scope, method, category, 0.0, f"instrument:{ONSITE_RENEWABLE}", conversion)
            for method in (C.LOCATION, C.MARKET)]


def _note(volume: str) -> str:
    """What a line assumed of gas volumes at reference conditions (ghgcalc.core.gas_volume.fit), after a '; '."""
    return f"; {volume}" if volume else ""


def _basis(choice: FactorChoice):
    """The activity unit a factor is per: 'kg CO2 / TJ' -> 1/TJ's inverse, i.e. TJ."""
    return _basis_of(choice.unit, choice.gas)


@lru_cache(maxsize=1024)
def _basis_of(unit: str, gas: str):
    """Once per factor unit and gas (pint's arithmetic costs about 50 microseconds an operation)."""
    return 1 / (units.parse_unit(unit) / units.parse_unit(f"t {gas}"))


def _compatible(a, b) -> bool:
    try:
        a.to(b.units)
        return True
    except Exception:
        return False
