"""Activity tables: reading them and finding every bad value before anything is computed.

Validation is vectorised: each check is a boolean mask over the whole column, and unit
strings are parsed once per distinct value. Problems are a table (row, column, value,
message), so ten million bad rows cost a table, not ten million objects.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from ghgcalc import columns as C
from ghgcalc import units
from ghgcalc.errors import InputError, Problem, did_you_mean
from ghgcalc.factors import FactorLibrary

PROBLEM_COLUMNS = (C.ROW, "column", "value", "message")
RENEWABLE_INSTRUMENTS = ("GEC", "green_power", "REC", "GO", "I-REC", "PPA", "onsite_renewable")
SUPPLIER = "supplier"
NO_INSTRUMENT = ("", "none")
INSTRUMENTS = NO_INSTRUMENT + RENEWABLE_INSTRUMENTS + (SUPPLIER,)
FIRST_DATA_ROW = 2  # row numbers are as a spreadsheet shows them: the header is row 1


def read_activity_table(path: str | Path) -> pd.DataFrame:
    """A CSV, XLSX or Parquet activity table, as written (no values changed)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return pd.read_csv(path, dtype={c: str for c in C.OPTIONAL_ACTIVITY_COLUMNS + (C.UNIT, C.ACTIVITY)},
                           keep_default_na=False, na_values={C.QUANTITY: [""], C.YEAR: [""], C.FACTOR_VALUE: [""]})
    if suffix in (".xlsx", ".xlsm"):
        return pd.read_excel(path, dtype={c: str for c in C.OPTIONAL_ACTIVITY_COLUMNS + (C.UNIT, C.ACTIVITY)})
    if suffix == ".parquet":
        return pd.read_parquet(path)
    raise InputError([Problem(path.name, None, None, suffix, f"cannot read {suffix or 'a file without extension'} files; use .csv, .xlsx or .parquet")])


class Problems:
    """Accumulates bad (row, column, value, message) entries as arrays."""

    def __init__(self, rows: np.ndarray):
        self._rows = rows
        self._parts: list[pd.DataFrame] = []

    def add(self, mask: np.ndarray, column: str, values: pd.Series | np.ndarray | str, message: pd.Series | str) -> None:
        mask = np.asarray(mask, dtype=bool)
        if not mask.any():
            return
        picked = values[mask] if not isinstance(values, str) else values
        text = message[mask] if isinstance(message, pd.Series) else message
        self._parts.append(pd.DataFrame({
            C.ROW: self._rows[mask],
            "column": column,
            "value": np.asarray(picked, dtype=object) if not isinstance(picked, str) else picked,
            "message": np.asarray(text, dtype=object) if not isinstance(text, str) else text,
        }))

    def frame(self) -> pd.DataFrame:
        if not self._parts:
            return pd.DataFrame({c: pd.Series(dtype=object) for c in PROBLEM_COLUMNS}).astype({C.ROW: int})
        return pd.concat(self._parts, ignore_index=True).sort_values([C.ROW, "column"], kind="stable", ignore_index=True)


def _text(frame: pd.DataFrame, column: str) -> pd.Series:
    """A text column as stripped strings ('' where empty), as a categorical.

    Converted once per distinct value; a categorical keeps ten million rows of a few
    distinct strings as small integer codes.
    """
    if column not in frame.columns:
        return pd.Series(pd.Categorical.from_codes(np.zeros(len(frame), dtype=np.int8), categories=[""]), index=frame.index)
    codes, uniques = pd.factorize(frame[column], sort=False)
    cleaned = [_clean(v) for v in uniques] + [""]
    cleaned_codes, categories = pd.factorize(pd.Index(cleaned, dtype=object), sort=False)
    return pd.Series(pd.Categorical.from_codes(cleaned_codes[codes], categories=pd.Index(categories, dtype=object)), index=frame.index)


def _clean(value) -> str:
    if isinstance(value, float):
        return "" if np.isnan(value) else str(int(value)) if value.is_integer() else str(value)
    return str(value).strip()


def _per_distinct(series: pd.Series, fn) -> tuple[np.ndarray, list]:
    """Apply fn once per distinct value; returns codes and the per-distinct results."""
    codes, uniques = pd.factorize(series, sort=False)
    return codes, [fn(u) for u in uniques]


def validate_activities(frame: pd.DataFrame, library: FactorLibrary, source: str = "") -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split an activity table into normalised rows and a table of problems.

    The normalised table has typed columns (year int, quantity float, text columns as
    strings, gas canonical) and a ``row`` column; rows with any problem are left out of it
    and each of their problems is listed.
    """
    missing = [c for c in C.REQUIRED_ACTIVITY_COLUMNS if c not in frame.columns]
    if missing:
        present = ", ".join(map(str, frame.columns))
        unclaimed = [str(c) for c in frame.columns if c not in C.REQUIRED_ACTIVITY_COLUMNS + C.OPTIONAL_ACTIVITY_COLUMNS]
        raise InputError([Problem(source, None, c, None, f"missing column {c!r}{did_you_mean(c, unclaimed)} (columns present: {present})") for c in missing])
    n = len(frame)
    rows = np.arange(FIRST_DATA_ROW, FIRST_DATA_ROW + n, dtype=np.int64)
    problems = Problems(rows)
    bad = np.zeros(n, dtype=bool)

    year_raw = frame[C.YEAR]
    year = pd.to_numeric(year_raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    year_bad = ~np.isfinite(year) | (np.mod(year, 1) != 0)
    problems.add(year_bad, C.YEAR, year_raw.to_numpy(dtype=object), "expected a year such as 2023")
    bad |= year_bad

    qty_raw = frame[C.QUANTITY]
    quantity = pd.to_numeric(qty_raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    qty_bad = ~np.isfinite(quantity)
    problems.add(qty_bad, C.QUANTITY, qty_raw.to_numpy(dtype=object), "expected a number (no thousands separators or units)")
    bad |= qty_bad

    activity = _text(frame, C.ACTIVITY)
    catalogue = library.activities
    act_codes, act_names = pd.factorize(activity, sort=False)
    act_known = np.array([a in catalogue.index for a in act_names], dtype=bool)
    if len(act_names) and not act_known.all():
        messages = np.array([
            "" if ok else f"unknown activity{did_you_mean(a, catalogue.index)}"
            for a, ok in zip(act_names, act_known)
        ], dtype=object)
        mask = ~act_known[act_codes]
        problems.add(mask, C.ACTIVITY, activity.to_numpy(dtype=object), pd.Series(messages[act_codes]))
        bad |= mask
    kind_of = np.array([catalogue.at[a, "kind"] if ok else "" for a, ok in zip(act_names, act_known)], dtype=object)
    kind = kind_of[act_codes] if len(act_names) else np.array([], dtype=object)

    allow_negative = np.array([ok and str(catalogue.at[a, "allow_negative"]).lower() == "true" for a, ok in zip(act_names, act_known)], dtype=bool)
    neg = np.isfinite(quantity) & (quantity < 0) & ~(allow_negative[act_codes] if len(act_names) else np.zeros(n, bool))
    problems.add(neg, C.QUANTITY, qty_raw.to_numpy(dtype=object), "a negative quantity is not allowed for this activity")
    bad |= neg

    unit = _text(frame, C.UNIT)
    unit_codes, parsed = _per_distinct(unit, _try_parse)
    unit_err = np.array([e for _, e in parsed] + [""], dtype=object)[unit_codes] if len(parsed) else np.array([], dtype=object)
    unit_bad = unit_err != ""
    problems.add(unit_bad, C.UNIT, unit.to_numpy(dtype=object), pd.Series(unit_err))
    bad |= unit_bad

    gas_text = _text(frame, C.GAS)
    gas_codes, gas_names = pd.factorize(gas_text, sort=False)
    canonical = np.array([library.canonical_gas(g) or "" if g else "" for g in gas_names] + [""], dtype=object)
    gas = canonical[gas_codes] if len(gas_names) else np.array([], dtype=object)
    gas_unknown = (gas_text.to_numpy(dtype=object) != "") & (gas == "")
    if gas_unknown.any():
        messages = np.array([f"not a gas ghgcalc knows{did_you_mean(g, units.known_gases())}" for g in gas_names] + [""], dtype=object)
        problems.add(gas_unknown, C.GAS, gas_text.to_numpy(dtype=object), pd.Series(messages[gas_codes]))
        bad |= gas_unknown

    # Gas-mass units: the species comes from the unit ("kg HFC134a") or the gas column.
    unit_gas = np.array([_unit_gas(q) for q, _ in parsed] + [""], dtype=object)[unit_codes] if len(parsed) else np.array([], dtype=object)
    needs_gas = np.isin(kind, ("direct_gas", "reported"))
    resolved_gas = np.where((unit_gas != "") & ((unit_gas != "CO2e") | (gas == "")), unit_gas, gas)
    clash = needs_gas & (unit_gas != "") & (unit_gas != "CO2e") & (gas != "") & (unit_gas != gas)
    problems.add(clash, C.GAS, gas_text.to_numpy(dtype=object), pd.Series(np.array([f"the unit says {u}" for u in unit_gas], dtype=object)))
    no_gas = needs_gas & (resolved_gas == "") & ~unit_bad & ~gas_unknown
    problems.add(no_gas, C.GAS, gas_text.to_numpy(dtype=object), "this activity needs the gas released: a gas column or a unit such as 'kg HFC134a'")
    mass_units = np.array([_is_mass(q) for q, _ in parsed] + [False], dtype=bool)[unit_codes] if len(parsed) else np.array([], dtype=bool)
    gas_unit_ok = np.array([_is_gas_mass(q) for q, _ in parsed] + [False], dtype=bool)[unit_codes] if len(parsed) else np.array([], dtype=bool)
    wrong_dim = needs_gas & ~unit_bad & ~(mass_units | gas_unit_ok)
    problems.add(wrong_dim, C.UNIT, unit.to_numpy(dtype=object), "expected a mass of gas, e.g. 'kg' with a gas column, or 'kg HFC134a'")
    bad |= clash | no_gas | wrong_dim

    scope = _text(frame, C.SCOPE)
    method = _text(frame, C.SCOPE2_METHOD)
    category = _text(frame, C.SCOPE3_CATEGORY)
    reported = kind == "reported"
    scope_bad = reported & ~scope.isin(["1", "2", "3"]).to_numpy()
    problems.add(scope_bad, C.SCOPE, scope.to_numpy(dtype=object), "reported emissions need a scope: 1, 2 or 3")
    method_bad = reported & (scope.to_numpy(dtype=object) == "2") & ~method.isin(C.SCOPE2_METHODS).to_numpy()
    problems.add(method_bad, C.SCOPE2_METHOD, method.to_numpy(dtype=object), "reported Scope 2 needs a method: location, market or unknown (when the report does not say)")
    cat_num = pd.to_numeric(category, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    cat_bad = (category.to_numpy(dtype=object) != "") & ~(np.isin(cat_num, np.arange(1, 16)))
    problems.add(cat_bad, C.SCOPE3_CATEGORY, category.to_numpy(dtype=object), "expected a Scope 3 category from 1 to 15")
    bad |= scope_bad | method_bad | cat_bad

    instrument = _text(frame, C.INSTRUMENT)
    inst_bad = ~instrument.isin(INSTRUMENTS).to_numpy()
    if inst_bad.any():
        messages = pd.Series([f"not a contractual instrument ghgcalc knows ({', '.join(INSTRUMENTS[1:])}){did_you_mean(v, INSTRUMENTS)}" for v in instrument])
        problems.add(inst_bad, C.INSTRUMENT, instrument.to_numpy(dtype=object), messages)
    inst_where = (instrument.to_numpy(dtype=object) != "") & (instrument.to_numpy(dtype=object) != "none") & ~np.isin(kind, ("electricity", "heat")) & ~inst_bad
    problems.add(inst_where, C.INSTRUMENT, instrument.to_numpy(dtype=object), "contractual instruments apply to purchased electricity and heat only")
    bad |= inst_bad | inst_where

    fv_raw = frame[C.FACTOR_VALUE] if C.FACTOR_VALUE in frame.columns else pd.Series(np.full(n, np.nan))
    factor_value = pd.to_numeric(fv_raw, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    fv_text = _text(frame, C.FACTOR_VALUE).to_numpy(dtype=object)
    fv_bad = (fv_text != "") & ~(np.isfinite(factor_value) & (factor_value >= 0))
    problems.add(fv_bad, C.FACTOR_VALUE, fv_text, "expected a non-negative number")
    factor_unit = _text(frame, C.FACTOR_UNIT)
    fu_codes, fu_parsed = _per_distinct(factor_unit, lambda t: (None, "") if t == "" else _try_parse(t))
    fu_err = np.array([e for _, e in fu_parsed] + [""], dtype=object)[fu_codes]
    fu_bad = fu_err != ""
    problems.add(fu_bad, C.FACTOR_UNIT, factor_unit.to_numpy(dtype=object), pd.Series(fu_err))
    has_fv = fv_text != ""
    has_fu = factor_unit.to_numpy(dtype=object) != ""
    half = has_fv != has_fu
    problems.add(half, C.FACTOR_VALUE if has_fu.any() else C.FACTOR_UNIT, fv_text, "a supplier-specific factor needs both factor_value and factor_unit")
    supplier_without = (instrument.to_numpy(dtype=object) == SUPPLIER) & ~has_fv
    problems.add(supplier_without, C.FACTOR_VALUE, fv_text, "instrument 'supplier' needs the supplier's factor in factor_value and factor_unit")
    bad |= fv_bad | fu_bad | half | supplier_without

    normal = pd.DataFrame({
        C.ROW: rows,
        C.YEAR: np.where(year_bad, 0, np.nan_to_num(year)).astype(np.int64),
        C.ACTIVITY: activity.array,
        C.QUANTITY: quantity,
        C.UNIT: unit.array,
        C.REGION: _text(frame, C.REGION).array,
        C.SEGMENT: _text(frame, C.SEGMENT).array,
        C.SITE: _text(frame, C.SITE).array,
        C.SCOPE: scope.array,
        C.SCOPE2_METHOD: method.array,
        C.SCOPE3_CATEGORY: category.array,
        C.GAS: pd.Categorical(np.where(needs_gas, resolved_gas, gas)),
        C.INSTRUMENT: pd.Categorical(np.where(instrument.to_numpy(dtype=object) == "none", "", instrument.to_numpy(dtype=object))),
        C.FACTOR_VALUE: factor_value,
        C.FACTOR_UNIT: factor_unit.array,
        "kind": pd.Categorical(kind),
    })
    return normal.loc[~bad].reset_index(drop=True), problems.frame()


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
