"""The metric vocabulary: standard metric names, canonical units and formulas, plus a company's own.

Why data: which metrics exist, what unit each is kept in and how a derived metric follows
from others are facts about reporting practice, kept in ``ghgcalc/data/metrics.csv`` (with
GRI, ESRS and HKEX references) and in a workspace's own ``metrics.csv``, not in code.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Mapping

import pandas as pd

from ghgcalc.core.shipped import read_shipped_table
from ghgcalc.core.textfile import parse_csv, read_csv_table
from ghgcalc.core import units
from ghgcalc.core.formula import BoundFormula, Formula, bind_units, parse_formula
from ghgcalc.errors import InputError, Problem, ProblemCollector, UnitError, did_you_mean, quoted
from ghgcalc.figures.money import currency_of, with_currency
from ghgcalc.figures.money_unit import in_money

COMPANY_METRICS_FILE = "metrics.csv"
REQUIRED_COMPANY_COLUMNS = ("metric", "unit", "formula")
_METRIC_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
VOCABULARY_COLUMNS = ("metric", "unit", "definition", "formula", "gri", "esrs", "hkex")


@dataclass(frozen=True)
class Vocabulary:
    """Standard metric names, their canonical units and (for derived metrics) formulas."""

    table: pd.DataFrame  # indexed by metric
    notes: tuple[str, ...] = ()  # company rows that restate a standard metric and can go

    @cached_property
    def _columns(self) -> dict[str, dict[str, str]]:
        """Units and formulas as dicts: an audit asks for them ten thousand times, and a table cell costs microseconds."""
        return {column: dict(zip(self.table.index, map(str, self.table[column]))) for column in ("unit", "formula")}

    def unit(self, metric: str) -> str:
        return self._columns["unit"][metric]

    def formula(self, metric: str) -> str:
        return self._columns["formula"][metric]

    def __contains__(self, metric: str) -> bool:
        return metric in self._columns["unit"]

    @property
    def names(self) -> list[str]:
        return list(self._columns["unit"])


def load_vocabulary(extra: pd.DataFrame | None = None, *, currency: str | None = None,
                    money: str | None = None) -> Vocabulary:
    """The shipped vocabulary, plus company-specific metrics (same columns) if given.

    ``currency``: the workspace's currency (any ISO 4217 code the registry knows); the shipped
    money metrics (revenue, costs, every per-revenue intensity) are kept in it, so that a yen
    report's intensity is never labelled RMB. ``money``: the unit the company prints revenue in
    (:mod:`ghgcalc.figures.money_unit`: "億円", "EUR million"); the money metrics are kept in it,
    so that a yen maker's intensity is per 億円 as its report prints it. Without it, millions.
    """
    table = read_shipped_table("metrics.csv")
    if money:
        table["unit"] = [in_money(unit, money) for unit in table["unit"]]
    elif currency:
        table["unit"] = [with_currency(unit, currency) for unit in table["unit"]]
    if extra is not None and len(extra):
        table = pd.concat([table, extra.reindex(columns=VOCABULARY_COLUMNS, fill_value="")], ignore_index=True)
    duplicated = table["metric"][table["metric"].duplicated()]
    if len(duplicated):
        raise InputError([Problem("metrics", None, None, None, f"metric {duplicated.iloc[0]!r} is defined twice")])
    return Vocabulary(table.set_index("metric"))


def bind_metric(vocabulary: Vocabulary, metric: str, formula: Formula | None = None) -> BoundFormula:
    """The metric's own formula (or ``formula``) bound to the vocabulary's units."""
    formula = formula or parse_formula(vocabulary.formula(metric), source="metrics.csv")
    return bind_units(formula, {m: vocabulary.unit(m) for m in formula.metrics}, vocabulary.unit(metric))


# --- company-specific metrics ----------------------------------------------------------

def load_workspace_vocabulary(root: str | Path | None, metrics_file: str | Path | None = None, *,
                              currency: str | None = None, money: str | None = None) -> Vocabulary:
    """The shipped vocabulary plus the workspace's own ``metrics.csv``, if it has one.

    Why a file convention: the workspace file names data by kind, and company metrics
    (say ``ev_scope12 = scope1_ev + scope2_ev``) are data, kept beside the reported
    tables. Every row is validated before anything is used; all problems are raised at once.
    """
    if metrics_file is not None:
        path = Path(metrics_file)
    else:
        path = Path(root) / COMPANY_METRICS_FILE if root is not None else None
    if path is None or not path.is_file():
        return validate_formulas(load_vocabulary(currency=currency, money=money), "metrics.csv")
    extra, notes = read_company_metrics_with_notes(path, currency=currency, money=money)
    vocabulary = validate_formulas(load_vocabulary(extra, currency=currency, money=money), path.name,
                                   shipped=len(load_vocabulary().names))
    return Vocabulary(vocabulary.table, tuple(notes))


def read_company_metrics(path: str | Path) -> pd.DataFrame:
    """A company metrics table (columns as the shipped metrics.csv), checked row by row."""
    return read_company_metrics_with_notes(path)[0]


def read_company_metrics_with_notes(path: str | Path, *, currency: str | None = None,
                                   money: str | None = None) -> tuple[pd.DataFrame, list[str]]:
    """The company metrics table without rows that restate a standard metric, and a note for each.

    Why: metrics a workspace once had to declare itself (``scope12_market``, ``scope3_cat1``)
    became standard in later releases; a row that means what the standard metric means
    (same unit, same formula) is left out with a note saying it can go, so the workspace
    keeps running. A row that means something else under a standard name is refused with
    the difference shown.
    """
    path = Path(path)
    collector = ProblemCollector(path.name)
    table, _ = read_csv_table(path)
    collector.check_columns(table.columns, REQUIRED_COMPANY_COLUMNS)
    collector.raise_if_any()
    shipped = load_vocabulary(currency=currency, money=money)  # money in the workspace's currency, as its rows are
    restated, notes = [], []
    for row, rec in zip(table.index, table.to_dict("records")):
        name = rec["metric"].strip()
        unit_ok = _check_unit(collector, row, rec["unit"])
        formula_ok = _check_syntax(collector, row, rec["formula"])
        if not _METRIC_NAME.match(name):
            collector.add(row, "metric", name, f"{quoted(name)} is not a metric name (letters, digits and _, not starting with a digit)")
        elif name in shipped and unit_ok and formula_ok:
            difference = standard_difference(shipped, name, rec["unit"], rec["formula"])
            if difference:
                collector.add(row, "metric", name, f"{quoted(name)} is a standard metric, and this row means something "
                              f"else: {difference}; give the company metric its own name, or delete the row to use "
                              "the standard one")
            else:
                restated.append(row)
                notes.append(f"{path.name} row {row}: {name!r} is now a standard metric with the same unit and "
                             "formula; the row can go")
    collector.raise_if_any()
    table = table.drop(index=restated)
    table["metric"] = table["metric"].str.strip()
    return table.reindex(columns=VOCABULARY_COLUMNS, fill_value=""), notes


def _check_unit(collector: ProblemCollector, row: int, text: str) -> bool:
    try:
        units.parse_unit(text)
    except UnitError as exc:
        collector.add(row, "unit", text, str(exc))
        return False
    return True


def _check_syntax(collector: ProblemCollector, row: int, text: str) -> bool:
    if text.strip():
        try:
            parse_formula(text)
        except InputError as exc:
            collector.add(row, "formula", text, exc.problems[0].message)
            return False
    return True


def standard_difference(shipped: Vocabulary, metric: str, unit: str, formula: str) -> str:
    """How a company row under a standard metric's name differs from it ('' when it means the same).

    The same unit: one converts into the other with a factor of 1 (``tCO2e`` is ``t CO2e``); for a
    metric of money, any scale of the same currency (revenue in 億円 or million JPY: the scale is how the
    figure is shown, and figures convert between scales), so a row written before the vocabulary took
    the company's money unit still restates the standard metric. The
    same formula: both blank, or the same metrics combined to the same value at every point (checked
    at a few points, so ``scope2_market + scope1`` is ``scope1 + scope2_market``).
    """
    standard_unit, standard_formula = shipped.unit(metric), shipped.formula(metric).strip()
    ours, theirs = units.parse_unit(unit), units.parse_unit(standard_unit)
    if ours.dimensionality != theirs.dimensionality or not (currency_of(standard_unit) or math.isclose(
            float((ours / theirs).to_base_units().magnitude), 1.0, rel_tol=1e-12)):
        return f"unit {unit.strip()!r}, the standard metric's is {standard_unit!r}"
    formula = formula.strip()
    if not formula and not standard_formula:
        return ""
    shown = f"formula {formula!r}" if formula else "no formula (a printed figure)"
    against = f"the standard metric's is {standard_formula!r}" if standard_formula else \
        "the standard metric has none (a printed figure)"
    if not formula or not standard_formula or not _same_function(formula, standard_formula, shipped):
        return f"{shown}, {against}"
    return ""


def _same_function(first: str, second: str, shipped: Vocabulary) -> bool:
    """Whether two formulas give the same value at a few points, standard metrics expanded into their
    formulas (``scope1 + scope2_location + scope3`` is ``scope12_location + scope3``)."""
    formulas = [parse_formula(first), parse_formula(second)]
    for seed in (0.37, 1.91, 7.3):
        cache: dict[str, float] = {}
        x, y = (_expanded_value(formula, shipped, seed, cache) for formula in formulas)
        if not (math.isfinite(x) and math.isfinite(y) and math.isclose(x, y, rel_tol=1e-9, abs_tol=1e-12)):
            return False
    return True


def _expanded_value(formula: Formula, shipped: Vocabulary, seed: float, cache: dict, depth: int = 0) -> float:
    """The formula's value with each metric that has a standard formula computed from it, and each
    other metric given a value from ``seed`` and its name (distinct metrics, distinct values)."""
    values = {}
    for name in formula.metrics:
        if name not in cache:
            text = shipped.formula(name).strip() if name in shipped else ""
            if text and depth < 20:
                cache[name] = _expanded_value(parse_formula(text), shipped, seed, cache, depth + 1)
            else:
                cache[name] = seed * (1 + sum(ord(c) * (i + 1) for i, c in enumerate(name)) % 9973 / 97.0)
        values[name] = cache[name]
    return formula.evaluate(values).mid


def validate_formulas(vocabulary: Vocabulary, source: str, shipped: int = 0) -> Vocabulary:
    """Every formula names known metrics, fits its metric's unit and is not circular.

    The first ``shipped`` metrics are the shipped vocabulary; rows are counted in the user's own file.
    """
    collector = ProblemCollector(source)
    parsed: dict[str, Formula] = {}
    for position, metric in enumerate(vocabulary.names):
        text = vocabulary.formula(metric).strip()
        if not text:
            continue
        row = position - shipped + 2 if position >= shipped else position + 2
        try:
            formula = parse_formula(text, source=source, row=row)
        except InputError as exc:
            collector.problems.extend(exc.problems)
            continue
        unknown = [m for m in formula.metrics if m not in vocabulary]
        for name in unknown:
            collector.add(row, "formula", text, f"{quoted(name)} is not a known metric{did_you_mean(name, vocabulary.names)}")
        if unknown:
            continue
        try:
            bind_metric(vocabulary, metric, formula)
        except UnitError as exc:
            collector.add(row, "formula", text, str(exc))
            continue
        parsed[metric] = formula
    for metric in parsed:
        cycle = _cycle_from(metric, parsed)
        if cycle:
            collector.add(None, "formula", parsed[metric].text, f"formulas are circular: {' -> '.join(cycle)}")
            break
    collector.raise_if_any()
    return vocabulary


def _cycle_from(start: str, formulas: Mapping[str, Formula]) -> list[str] | None:
    stack = [(start, [start])]
    while stack:
        metric, path = stack.pop()
        for name in (formulas[metric].metrics if metric in formulas else ()):
            if name == start:
                return path + [name]
            if name not in path:
                stack.append((name, path + [name]))
    return None


def read_formula_table(source: str | Path, formula_columns: tuple[str, ...], vocabulary: Vocabulary,
                       name: str | None = None) -> list[tuple[int, dict, dict[str, Formula]]]:
    """Rows of a table (a CSV path, or CSV text) whose ``formula_columns`` hold formulas.

    Why: checks and derivations are declared as data (in the audit module or in a
    workspace file) and must be as safe and as well reported as company metrics: every
    formula parsed with :func:`parse_formula`, every name a known metric, all problems at once.
    Returns (row number, the row's text fields, its parsed formulas) for each row.
    """
    is_path = isinstance(source, Path)
    label = name or (source.name if is_path else "rules")
    if is_path:
        table, _ = read_csv_table(source)
    else:
        table = parse_csv(source)
        table.index = table.index + 2  # spreadsheet row numbers, as read_csv_table gives them
    collector = ProblemCollector(label)
    collector.check_columns(table.columns, formula_columns)
    collector.raise_if_any()
    rows = []
    for row, rec in zip(table.index, table.to_dict("records")):
        parsed = {}
        for column in formula_columns:
            try:
                parsed[column] = parse_formula(rec[column], source=label, row=row, column=column)
            except InputError as exc:
                collector.problems.extend(exc.problems)
                continue
            for metric in parsed[column].metrics:
                if metric not in vocabulary:
                    collector.add(row, column, metric, f"{quoted(metric)} is not a known metric{did_you_mean(metric, vocabulary.names)}")
        rows.append((row, rec, parsed))
    collector.raise_if_any()
    return rows
