"""Activity tables: reading them and finding every bad value before anything is computed.

Validation is vectorised: each check is a boolean mask over the whole column, and unit
strings are parsed once per distinct value. Problems are a table (row, column, value,
message), so ten million bad rows cost a table, not ten million objects.
"""

from __future__ import annotations

import datetime
import decimal
from collections import Counter


import numpy as np
import pandas as pd

from ghgcalc import columns as C
from ghgcalc.core import units
from ghgcalc.core.number_format import as_typed, typed_text
from ghgcalc.errors import YEARS, InputError, Problem, did_you_mean, quoted
from ghgcalc.factors.gas_names import outside_scopes
from ghgcalc.factors.library import FactorLibrary
from ghgcalc.inventory.instrument_markets import (NO_INSTRUMENT, SUPPLIER_INSTRUMENT, known_instruments,
                                                 refused_instruments, suggested_instrument)

PROBLEM_COLUMNS = (C.ROW, "column", "value", "message")
FIRST_DATA_ROW = 2  # row numbers are as a spreadsheet shows them: the header is row 1
QUANTITY_NOT_A_NUMBER = "expected a number (digits, thousands separators and a decimal mark; no units)"
NEGATIVE_NOT_ALLOWED = "a negative quantity is not allowed for this activity"
SCOPE3_METHODS = ("supplier-specific", "hybrid", "average-data", "spend-based")  # Scope 3 Technical Guidance
PER_UNIT_SOLD = ("use_phase", "end_of_life")  # kinds whose factor_value is an amount per unit sold (inventory.sold_products)
FACTOR_NEEDS_BOTH = "a supplier-specific factor needs both factor_value and factor_unit"
DQ_SCORE_EXPECTED = ("expected a data quality score: 1 (very good), 2 (good), 3 (fair) or 4 (poor), "
                     "as in the Scope 3 Standard's Box 7.2; or blank for the method's default")


def row_numbers(frame: pd.DataFrame, first_row: int = FIRST_DATA_ROW) -> np.ndarray:
    """Each row's number as a spreadsheet shows it: the table's own (index named ``row``), or counted from ``first_row``."""
    if frame.index.name == C.ROW:
        return frame.index.to_numpy(dtype=np.int64)
    return np.arange(first_row, first_row + len(frame), dtype=np.int64)


class Problems:
    """Accumulates bad (row, column, value, message) entries as arrays."""

    def __init__(self, rows: np.ndarray):
        self._rows = rows
        self._parts: list[pd.DataFrame] = []

    def add(self, mask: np.ndarray, column: str, values, message) -> None:
        """``values``: a Coded column, or a per-row array; ``message``: text, or per-distinct array (with Coded)."""
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        if isinstance(values, Coded):
            picked_codes = values.codes[mask]
            picked = values.values[picked_codes]
            text = message[picked_codes] if isinstance(message, np.ndarray) else message
        else:
            picked = np.asarray(values, dtype=object)[mask]
            text = message
        self._parts.append(pd.DataFrame({C.ROW: self._rows[mask], "column": column,
                                         "value": np.asarray(picked, dtype=object), "message": text}))

    def frame(self) -> pd.DataFrame:
        if not self._parts:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in PROBLEM_COLUMNS}).astype({C.ROW: int})
        return pd.concat(self._parts, ignore_index=True).sort_values([C.ROW, "column"], kind="stable", ignore_index=True)


class Coded:
    """A text column as integer codes per row and its distinct, stripped values.

    Every check runs once per distinct value and reaches the rows by integer indexing,
    so ten million rows of a few distinct strings cost a few array gathers.
    """

    def __init__(self, frame: pd.DataFrame, column: str):
        n = len(frame)
        if column not in frame.columns:
            self.codes, self.values = np.zeros(n, dtype=np.int32), np.array([""], dtype=object)
            return
        raw_codes, uniques = pd.factorize(frame[column], sort=False, use_na_sentinel=True)
        cleaned = [clean_text(v) for v in uniques] + [""]  # the last one is for missing values (code -1)
        merged, values = pd.factorize(pd.Index(cleaned, dtype=object), sort=False)
        self.codes = merged.astype(np.int32)[raw_codes]
        self.values = np.asarray(values, dtype=object)

    def each(self, fn, dtype=object) -> np.ndarray:
        """fn applied to each distinct value (an array aligned with ``values``)."""
        return np.array([fn(v) for v in self.values], dtype=dtype)

    def rows(self, per_value: np.ndarray) -> np.ndarray:
        """A per-distinct-value array spread over the rows."""
        return per_value[self.codes]

    def is_in(self, allowed) -> np.ndarray:
        return self.rows(np.isin(self.values, list(allowed)))

    def categorical(self, mapping: np.ndarray | None = None) -> pd.Categorical:
        """The column (or a per-value mapping of it) as a categorical, without per-row strings."""
        values = self.values if mapping is None else mapping
        codes, categories = pd.factorize(pd.Index(values, dtype=object), sort=False)
        return pd.Categorical.from_codes(codes.astype(np.int32)[self.codes], categories=pd.Index(categories, dtype=object))


def clean_text(value) -> str:
    """A cell as the text the checks compare: stripped; whole floats without ".0"; missing as ""."""
    if isinstance(value, float):
        return "" if np.isnan(value) else str(int(value)) if value.is_integer() else str(value)
    return str(value).strip()


def _numbers(frame: pd.DataFrame, column: str, typed=None) -> tuple[np.ndarray, np.ndarray]:
    """A column as floats, and the raw values for messages (each text cell as ``typed``: "-40 000,0"); numeric
    columns pass through."""
    raw = frame[column]
    if pd.api.types.is_numeric_dtype(raw) and not pd.api.types.is_bool_dtype(raw):
        values = raw.to_numpy(dtype=float, na_value=np.nan)
    else:
        values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    return values, as_typed(raw, typed)


def check_columns(columns, source: str = "") -> None:
    """Refuse a table without the required columns, naming what it has."""
    columns = list(columns)
    missing = [c for c in C.REQUIRED_ACTIVITY_COLUMNS if c not in columns]
    if missing:
        present = ", ".join(map(str, columns))
        unclaimed = [str(c) for c in columns if c not in C.REQUIRED_ACTIVITY_COLUMNS + C.OPTIONAL_ACTIVITY_COLUMNS]
        raise InputError([Problem(source, None, c, None, f"missing column {c!r}{did_you_mean(c, unclaimed)} (columns present: {present})") for c in missing])


NUMBER_COLUMNS = (C.YEAR, C.QUANTITY, C.FACTOR_VALUE)
_PLAIN = {"string", "empty", "floating", "integer", "mixed-integer-float", "decimal", "categorical"}


def typed_cells(frame: pd.DataFrame, source: str = "", first_row: int = FIRST_DATA_ROW) -> pd.DataFrame:
    """The table with every cell of a type a spreadsheet or Parquet writer produces made checkable.

    Why one function for every format: a CSV holds only text, but an XLSX or Parquet file (or a
    DataFrame) holds booleans, dates, decimals and lists, and each must meet the same checks. In a
    number column a boolean, a date or a time becomes its text (refused there as it is in a CSV:
    ``TRUE`` is not a quantity, ``2023-01-01`` not a year) and a decimal its float; a list, a
    table or bytes in any activity column are refused with their rows.
    """
    twice = sorted(n for n, k in Counter(str(c) for c in frame.columns).items() if k > 1)
    if twice:
        raise InputError([Problem(source, None, n, None, f"column {n!r} appears twice in the header") for n in twice])
    problems, out = [], None
    for column in frame.columns:
        if column not in C.REQUIRED_ACTIVITY_COLUMNS + C.OPTIONAL_ACTIVITY_COLUMNS:
            continue
        series = frame[column]
        dtype = series.dtype
        number = column in NUMBER_COLUMNS
        if number and (pd.api.types.is_bool_dtype(dtype) or pd.api.types.is_datetime64_any_dtype(dtype)
                       or pd.api.types.is_timedelta64_dtype(dtype)):
            fixed = series.astype(object).map(_cell_text)
        elif dtype == object and pd.api.types.infer_dtype(series, skipna=True) not in _PLAIN:
            kinds = series.map(_cell_kind)
            nested = (kinds == "nested").to_numpy()
            if nested.any():
                rows = row_numbers(frame, first_row)[nested]
                problems += [Problem(source, int(r), str(column), _cell_text(v)[:60],
                                     f"{quoted(_cell_text(v)[:60])}: expected one value (text or a number), not "
                                     f"{'a table' if isinstance(v, dict) else 'bytes' if isinstance(v, (bytes, bytearray)) else 'a list'}")
                             for r, v in zip(rows[:20], series[nested][:20])]
                continue
            if not number:
                continue
            fixed = series.map(lambda v: _cell_text(v) if _cell_kind(v) == "other" else v)
            fixed = fixed.map(lambda v: float(v) if _cell_kind(v) == "decimal" else v)
        else:
            continue
        out = frame.copy() if out is None else out
        out[column] = fixed
    if problems:
        raise InputError(problems)
    return frame if out is None else out


def _cell_kind(value) -> str:
    """'nested' for a list, table, array or bytes; 'decimal'; 'other' for a boolean, date or time; else 'plain'."""
    if isinstance(value, (list, tuple, dict, set, np.ndarray, bytes, bytearray)):
        return "nested"
    if isinstance(value, decimal.Decimal):
        return "decimal"
    if isinstance(value, (bool, np.bool_, datetime.date, datetime.time, datetime.timedelta, pd.Timestamp,
                          pd.Timedelta)):
        return "other"
    return "plain"


def _cell_text(value) -> str:
    """A cell as a spreadsheet would show it: TRUE/FALSE for a boolean, a date as ISO text."""
    if isinstance(value, (bool, np.bool_)):
        return "TRUE" if value else "FALSE"
    if value is None or value is pd.NaT or (isinstance(value, float) and np.isnan(value)):
        return ""
    if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):  # pd.Timestamp too
        return value.date().isoformat()
    return str(value)


def negative_allowed(library: FactorLibrary, activity: str) -> bool:
    """Whether the catalogue allows negative quantities for an activity (e.g. a stock change)."""
    catalogue = library.activities
    return activity in catalogue.index and str(catalogue.at[activity, "allow_negative"]).lower() == "true"


def validate_activities(frame: pd.DataFrame, library: FactorLibrary, source: str = "",
                        first_row: int = FIRST_DATA_ROW) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split an activity table into normalised rows and a table of problems.

    The normalised table has typed columns (year int, quantity float, text columns as
    categoricals, gas canonical) and a ``row`` column; rows with any problem are left out
    of it and each of their problems is listed. ``first_row`` numbers the first row.
    Every column's check shares one pass: the row mask of rejected rows (:class:`_Rejections`)
    and the per-distinct-value codes are built once and each check adds to them.
    """
    check_columns(frame.columns, source)
    typed, frame = typed_text(frame, C.QUANTITY), typed_cells(frame, source, first_row)  # cells as typed, for messages
    rows = row_numbers(frame, first_row)
    reject = _Rejections(rows)
    year, year_bad = _check_year(frame, reject)
    quantity, qty_raw = _numbers(frame, C.QUANTITY, typed)
    reject(~np.isfinite(quantity), C.QUANTITY, qty_raw, QUANTITY_NOT_A_NUMBER)
    activity, kind_per = _check_activity(frame, library, reject, quantity, qty_raw)
    unit = Coded(frame, C.UNIT)
    parsed = [_try_parse(u) for u in unit.values]
    unit_error = np.array([e for _, e in parsed], dtype=object)
    reject(unit.rows(unit_error != ""), C.UNIT, unit, unit_error)
    gas_column = _check_gas(frame, library, reject, activity, kind_per, unit, parsed, unit_error)
    scope, method, category = Coded(frame, C.SCOPE), Coded(frame, C.SCOPE2_METHOD), Coded(frame, C.SCOPE3_CATEGORY)
    reported = activity.rows(kind_per == "reported")
    _check_scopes(reject, reported, scope, method, category, activity, library.activities)
    instrument = _check_instrument(frame, reject, activity, kind_per, library.regions)
    factor_text, factor_value, factor_unit, has_fv = _check_factor(frame, reject, instrument)
    dataset_in, factor_id_in, method_in = Coded(frame, C.FACTOR_DATASET), Coded(frame, C.FACTOR_ID), Coded(frame, C.METHOD)
    dq_scores = _check_value_chain(frame, library, reject, activity, category, factor_text, has_fv, dataset_in,
                                   factor_id_in, method_in, reported & scope.is_in(["3"]))

    columns = {
        C.ROW: rows,
        C.YEAR: np.where(year_bad, 0, np.nan_to_num(year)).astype(np.int64),
        C.ACTIVITY: activity.categorical(),
        C.QUANTITY: quantity,
        C.UNIT: unit.categorical(),
        C.REGION: Coded(frame, C.REGION).categorical(),
        C.SEGMENT: Coded(frame, C.SEGMENT).categorical(),
        C.SITE: Coded(frame, C.SITE).categorical(),
        C.SUPPLIER: Coded(frame, C.SUPPLIER).categorical(),
        C.SCOPE: scope.categorical(),
        C.SCOPE2_METHOD: method.categorical(),
        C.SCOPE3_CATEGORY: category.categorical(),
        C.GAS: gas_column,
        C.INSTRUMENT: instrument.categorical(np.where(instrument.values == "none", "", instrument.values)),
        C.FACTOR_VALUE: factor_value,
        C.FACTOR_UNIT: factor_unit.categorical(),
        C.FACTOR_DATASET: dataset_in.categorical(),
        C.FACTOR_ID: factor_id_in.categorical(),
        C.METHOD: method_in.categorical(),
        "kind": activity.categorical(kind_per),
        **dq_scores,
    }
    # Series without copies, and no consolidation: pandas would otherwise copy each numeric column
    normal = pd.DataFrame({name: pd.Series(values, copy=False) for name, values in columns.items()}, copy=False)
    keep = ~reject.bad
    return (normal if keep.all() else normal.loc[keep].reset_index(drop=True)), reject.problems.frame()


def _check_activity(frame: pd.DataFrame, library: FactorLibrary, reject, quantity: np.ndarray, qty_raw):
    """A known activity (its kind from the catalogue), and a negative quantity only where the activity allows it."""
    catalogue = library.activities
    activity = Coded(frame, C.ACTIVITY)
    known = activity.each(lambda a: a in catalogue.index, bool)
    reject(~activity.rows(known), C.ACTIVITY, activity,  # suggestions only for the unknown (difflib is slow)
           np.array(["" if k else f"unknown activity{did_you_mean(a, catalogue.index)}" for a, k in zip(activity.values, known)],
                    dtype=object))
    kind_per = activity.each(lambda a: catalogue.at[a, "kind"] if a in catalogue.index else "")
    negative_ok = activity.each(lambda a: negative_allowed(library, a), bool)
    reject(np.isfinite(quantity) & (quantity < 0) & ~activity.rows(negative_ok), C.QUANTITY, qty_raw, NEGATIVE_NOT_ALLOWED)
    return activity, kind_per


def _check_value_chain(frame, library, reject, activity, category, factor_text, has_fv, dataset_in, factor_id_in,
                       method_in, reported_scope3) -> dict:
    """The Scope 3 columns (:func:`_check_scope3`), and the data-quality scores of Scope 3 rows by column."""
    catalogue = library.activities
    _check_scope3(reject, activity, category, factor_text, has_fv, dataset_in, factor_id_in, method_in,
                  activity.each(lambda a: str(catalogue.at[a, "scope"]) if a in catalogue.index else ""),
                  activity.each(lambda a: str(catalogue.at[a, "scope3_category"]) if a in catalogue.index else ""),
                  activity.rows(activity.each(lambda a: a in catalogue.index and catalogue.at[a, "kind"] in PER_UNIT_SOLD, bool)))
    scope3_rows = activity.rows(activity.each(lambda a: a in catalogue.index and str(catalogue.at[a, "scope"]) == "3", bool))
    return {column: _dq_scores(Coded(frame, column), column, reject, scope3_rows | reported_scope3)
            for column in C.DQ_COLUMNS}


class _Rejections:
    """The problems found in an activity table and the rows they reject; each column's check calls it."""

    def __init__(self, rows: np.ndarray):
        self.problems = Problems(rows)
        self.bad = np.zeros(len(rows), dtype=bool)

    def __call__(self, mask, column, values, message) -> None:
        self.problems.add(mask, column, values, message)
        self.bad |= mask


def _check_year(frame: pd.DataFrame, reject: _Rejections) -> tuple[np.ndarray, np.ndarray]:
    """Each row's year, and which are not a whole year in range (a fiscal-year label gets its own message)."""
    year, year_raw = _numbers(frame, C.YEAR)
    with np.errstate(invalid="ignore"):
        year_bad = ~np.isfinite(year) | (np.mod(year, 1) != 0) | (year < YEARS[0]) | (year > YEARS[1])
    fiscal = year_bad & pd.Series(year_raw).astype(str).str.contains(r"FY|/", case=False, regex=True).to_numpy()
    reject(fiscal, C.YEAR, year_raw, f"expected a year such as 2023 (from {YEARS[0]} to {YEARS[1]}) or a fiscal year "
                                     f"as printed (FY2017/18, counted as 2018: the second year follows the first)")
    reject(year_bad & ~fiscal, C.YEAR, year_raw, f"expected a year such as 2023 (from {YEARS[0]} to {YEARS[1]})")
    return year, year_bad


def _unknown_gas(name: str) -> str:
    outside = outside_scopes(name)
    return outside.removeprefix(f"{name!r} is ") if outside else f"not a gas ghgcalc knows{did_you_mean(name, units.known_gases())}"


def _check_gas(frame: pd.DataFrame, library: FactorLibrary, reject: _Rejections, activity: Coded, kind_per,
               unit: Coded, parsed: list, unit_error: np.ndarray) -> pd.Categorical:
    """The gas column, canonical; for gas-mass activities the species comes from the unit ("kg HFC134a") or the
    gas column, decided once per distinct (activity, unit, gas) combination."""
    gas_in = Coded(frame, C.GAS)
    canonical = gas_in.each(lambda g: (library.canonical_gas(g) or "") if g else "")
    gas_unknown = gas_in.rows((gas_in.values != "") & (canonical == ""))
    reject(gas_unknown, C.GAS, gas_in, np.array([_unknown_gas(g) if g and not c else ""
                                                 for g, c in zip(gas_in.values, canonical)], dtype=object))
    combo = (activity.codes.astype(np.int64) * len(unit.values) + unit.codes) * len(gas_in.values) + gas_in.codes
    combo_codes, combo_values = pd.factorize(combo, sort=False)
    a_idx, rest = np.divmod(combo_values, len(unit.values) * len(gas_in.values))
    u_idx, g_idx = np.divmod(rest, len(gas_in.values))
    c_needs = np.isin(kind_per[a_idx], ("direct_gas", "reported"))
    c_unit_gas = np.array([_unit_gas(parsed[u][0]) for u in u_idx], dtype=object)
    c_gas = canonical[g_idx]
    c_resolved = np.where((c_unit_gas != "") & ((c_unit_gas != "CO2e") | (c_gas == "")), c_unit_gas, c_gas)
    c_unit_bad = unit_error[u_idx] != ""
    c_gas_unknown = (gas_in.values[g_idx] != "") & (c_gas == "")
    c_clash = c_needs & (c_unit_gas != "") & (c_unit_gas != "CO2e") & (c_gas != "") & (c_unit_gas != c_gas)
    c_no_gas = c_needs & (c_resolved == "") & ~c_unit_bad & ~c_gas_unknown
    c_mass = np.array([_is_mass(parsed[u][0]) or _is_gas_mass(parsed[u][0]) for u in u_idx], dtype=bool)
    c_wrong_dim = c_needs & ~c_unit_bad & ~c_mass
    reject(c_clash[combo_codes], C.GAS, gas_in, gas_in.each(lambda g: f"the unit names another gas than {quoted(g)}"))
    reject(c_no_gas[combo_codes], C.GAS, gas_in, "this activity needs the gas released: a gas column or a unit such as 'kg HFC134a'")
    reject(c_wrong_dim[combo_codes], C.UNIT, unit, "expected a mass of gas, e.g. 'kg' with a gas column, or 'kg HFC134a'")
    c_release_co2e = (kind_per[a_idx] == "direct_gas") & (c_resolved == "CO2e")
    reject(c_release_co2e[combo_codes], C.GAS, gas_in, "a release is a mass of one gas: name it (HFC-134a, "
           "R-410A, SF6 ...), not CO2e; CO2e already computed goes in an emissions.reported row")
    c_gas_out = np.where(c_needs, c_resolved, c_gas)
    gas_codes, gas_categories = pd.factorize(pd.Index(c_gas_out, dtype=object), sort=False)
    return pd.Categorical.from_codes(gas_codes.astype(np.int32)[combo_codes], categories=pd.Index(gas_categories, dtype=object))


def _check_scopes(reject: _Rejections, reported: np.ndarray, scope: Coded, method: Coded, category: Coded,
                  activity: Coded, catalogue: pd.DataFrame) -> None:
    """Reported emissions name their scope (and a Scope 2 method); a scope given on another row agrees with the
    activity's own; a Scope 2 method is one of the methods; a Scope 3 category is 1 to 15."""
    reject(reported & ~scope.is_in(["1", "2", "3"]), C.SCOPE, scope, "reported emissions need a scope: 1, 2 or 3")
    reject(reported & scope.is_in(["2"]) & ~method.is_in(C.SCOPE2_METHODS), C.SCOPE2_METHOD, method,
           "reported Scope 2 needs a method: location, market or unknown (when the report does not say)")
    given = scope.rows(scope.values != "") & ~reported
    reject(given & ~scope.is_in(["1", "2", "3"]), C.SCOPE, scope,
           "expected a scope: 1, 2 or 3, or blank (the activity's own scope)")
    for code, name in enumerate(activity.values):  # a scope that contradicts the activity's own
        own = str(catalogue.at[name, "scope"]) if name in catalogue.index else ""
        if own in ("1", "2", "3"):
            other = scope.is_in([s for s in ("1", "2", "3") if s != own])
            reject(given & other & (activity.codes == code), C.SCOPE, scope,
                   f"{name} is Scope {own}; leave scope blank or give {own}")
    reject(method.rows(method.values != "") & ~method.is_in(C.SCOPE2_METHODS), C.SCOPE2_METHOD, method,
           f"expected a Scope 2 method: {', '.join(C.SCOPE2_METHODS)}, or blank")
    reject(category.rows(category.each(lambda c: c != "" and c not in {str(i) for i in range(1, 16)}, bool)),
           C.SCOPE3_CATEGORY, category, "expected a Scope 3 category from 1 to 15")


def _check_instrument(frame: pd.DataFrame, reject: _Rejections, activity: Coded, kind_per, parents: dict) -> Coded:
    """A known contractual instrument, on purchased electricity or heat only; "did you mean" prefers the
    certificates of the row's own country, and a certificate a consumer cannot claim (STC) says why."""
    instrument = Coded(frame, C.INSTRUMENT)
    allowed = known_instruments()
    inst_known = instrument.each(lambda v: v in allowed, bool)
    refused = refused_instruments()
    inst_refused = instrument.each(lambda v: v in refused, bool)
    reject(instrument.rows(inst_refused), C.INSTRUMENT, instrument,
           instrument.each(lambda v: f"{v} cannot lower market-based Scope 2: {refused.get(v, '')}"))
    unknown = ~instrument.rows(inst_known | inst_refused)
    if unknown.any():
        region, rows = Coded(frame, C.REGION), np.flatnonzero(unknown)
        said: dict[tuple[int, int], str] = {}
        messages = np.empty(len(rows), dtype=object)
        for k, key in enumerate(zip(instrument.codes[rows].tolist(), region.codes[rows].tolist())):
            if key not in said:
                value = instrument.values[key[0]]
                said[key] = (f"not a contractual instrument ghgcalc knows ({', '.join(allowed[1:])})"
                             f"{suggested_instrument(value, region.values[key[1]], allowed, parents)}")
            messages[k] = said[key]
        values = np.empty(len(unknown), dtype=object)
        values[rows] = instrument.values[instrument.codes[rows]]
        reject(unknown, C.INSTRUMENT, values, messages)
    has_instrument = instrument.rows(inst_known & ~np.isin(instrument.values, NO_INSTRUMENT))
    reject(has_instrument & ~activity.rows(np.isin(kind_per, ("electricity", "heat"))), C.INSTRUMENT, instrument,
           "contractual instruments apply to purchased electricity and heat only")
    return instrument


def _check_factor(frame: pd.DataFrame, reject: _Rejections, instrument: Coded):
    """The row's own factor: a non-negative number with a unit, both or neither (a supplier instrument needs it)."""
    factor_text = Coded(frame, C.FACTOR_VALUE)
    factor_value = factor_text.rows(pd.to_numeric(pd.Series(factor_text.values, dtype=object), errors="coerce").to_numpy(dtype=float))
    has_fv = factor_text.rows(factor_text.values != "")
    reject(has_fv & ~(np.isfinite(factor_value) & (factor_value >= 0)), C.FACTOR_VALUE, factor_text, "expected a non-negative number")
    factor_unit = Coded(frame, C.FACTOR_UNIT)
    fu_error = factor_unit.each(lambda t: "" if t == "" else _try_parse(t)[1])
    reject(factor_unit.rows(fu_error != ""), C.FACTOR_UNIT, factor_unit, fu_error)
    has_fu = factor_unit.rows(factor_unit.values != "")
    # the column named is the one missing on that row (never decided by other rows, so chunks agree)
    reject(has_fu & ~has_fv, C.FACTOR_VALUE, factor_text, FACTOR_NEEDS_BOTH)
    reject(has_fv & ~has_fu, C.FACTOR_UNIT, factor_text, FACTOR_NEEDS_BOTH)
    reject(instrument.is_in([SUPPLIER_INSTRUMENT]) & ~has_fv, C.FACTOR_VALUE, factor_text,
           "instrument 'supplier' needs the supplier's factor in factor_value and factor_unit")
    return factor_text, factor_value, factor_unit, has_fv


def _check_scope3(reject, activity, category, factor_text, has_fv, dataset_in, factor_id_in, method_in, scope_per,
                  category_per, per_unit_and_factor) -> None:
    """The Scope 3 columns: a category where the catalogue leaves it to the row, one factor, a known method."""
    scope3 = activity.rows(scope_per == "3")
    open_category = activity.rows((scope_per == "3") & (category_per == ""))
    has_ds, has_id = dataset_in.rows(dataset_in.values != ""), factor_id_in.rows(factor_id_in.values != "")
    reject(open_category & ~category.rows(category.values != ""), C.SCOPE3_CATEGORY, category,
           "a Scope 3 row of this activity needs its category (scope3_category, 1 to 15)")
    reject(has_ds & ~has_id, C.FACTOR_ID, factor_id_in, "factor_dataset needs the factor's id in that table (factor_id)")
    reject(has_id & ~has_ds, C.FACTOR_DATASET, dataset_in, "factor_id needs the table it is from (factor_dataset)")
    reject((has_ds | has_id) & ~scope3, C.FACTOR_DATASET, dataset_in,
           "a published factor named on the row is for Scope 3 activities (e.g. value_chain)")
    # per unit sold (factor_value) is no factor: an end-of-life row also names its waste factor (inventory.sold_products)
    reject(has_ds & has_fv & ~per_unit_and_factor, C.FACTOR_VALUE, factor_text,
           "give one factor: a published one (factor_dataset) or the row's own (factor_value)")
    reject(open_category & ~has_ds & ~has_fv, C.FACTOR_DATASET, dataset_in,
           "this activity needs its factor: factor_dataset and factor_id, or the supplier's factor_value and factor_unit")
    known = method_in.each(lambda m: m in ("",) + SCOPE3_METHODS, bool)
    reject(~method_in.rows(known), C.METHOD, method_in,
           method_in.each(lambda m: f"not a Scope 3 method ({', '.join(SCOPE3_METHODS)}){did_you_mean(m, SCOPE3_METHODS)}"))
    reject(method_in.rows(method_in.values != "") & ~scope3, C.METHOD, method_in, "a calculation method is recorded for Scope 3 rows only")


def _dq_scores(score: Coded, column: str, reject, scope3_rows: np.ndarray) -> np.ndarray:
    """A data quality column as int8 scores per row (0: not given); refuses other values and non-Scope 3 rows."""
    codes = score.each(lambda t: 0 if t == "" else int(t) if t in ("1", "2", "3", "4") else -1, np.int8)
    reject(score.rows(codes < 0), column, score, DQ_SCORE_EXPECTED)
    reject(score.rows(codes > 0) & ~scope3_rows, column, score, "data quality scores are for Scope 3 rows")
    return score.rows(np.maximum(codes, 0).astype(np.int8))


def _try_parse(text: str):
    try:
        return units.parse_unit(text), ""
    except units.UnitError as exc:
        return None, str(exc)


def _unit_gas(quantity) -> str:
    if quantity is None:
        return ""
    gases = units.gases_in(quantity)
    return gases[0] if len(gases) == 1 else ""


def _is_mass(quantity) -> bool:
    return quantity is not None and quantity.dimensionality == units.get_registry().parse_units("kg").dimensionality


def _is_gas_mass(quantity) -> bool:
    if quantity is None:
        return False
    gas = _unit_gas(quantity)
    return bool(gas) and quantity.dimensionality == units.get_registry().parse_units(f"kg {gas}").dimensionality


def with_row_years(problems: pd.DataFrame) -> pd.DataFrame:
    """Refused rows' problems with the ``year`` of each row a factor look-up refused (its message names that year:
    "no emission factor ... year 2025"), as whole numbers, empty for the others; as it is without any."""
    if C.YEAR in problems.columns:
        problems = problems.assign(**{C.YEAR: pd.array(pd.to_numeric(problems[C.YEAR], errors="coerce"), dtype="Int64")})
    return problems
