"""Metric formulas: parsed safely, evaluated on intervals, solved for one unknown.

A formula such as ``scope12 / revenue`` or ``100 * scope3 / scope123`` says how a
metric follows from others. Formulas come from data files (the shipped vocabulary and a
workspace's own ``metrics.csv``), so they are parsed with :mod:`ast` and only numbers,
metric names, ``+ - * /`` and parentheses are accepted: nothing in a data file is ever
executed.

Why intervals: the inputs are printed figures, each standing for a range of values
(:mod:`ghgcalc.intervals`). In a formula where each metric appears once, interval
arithmetic gives exactly the range of results the inputs allow, and solving for one
input gives exactly the range of values of that input that are consistent with the
printed result: the inverse derivations the audit reports.

Units: each metric has a canonical unit. A formula is *bound* to those units
(:func:`bind_units`), which checks its dimensions once (no adding MWh to t CO2e) and
finds the scale between the inputs' units and the result's (t / person in, kg / person
out). A metric in percent enters a formula as its number (7.8, not 0.078), which is why
share formulas carry their own ``100 *``.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from io import StringIO
from pathlib import Path
from typing import Mapping

import pandas as pd

from ghgcalc import units
from ghgcalc.errors import InputError, Problem, ProblemCollector, UnitError, did_you_mean
from ghgcalc.intervals import Interval
from ghgcalc.reported import VOCABULARY_COLUMNS, Vocabulary, load_vocabulary

COMPANY_METRICS_FILE = "metrics.csv"
REQUIRED_COMPANY_COLUMNS = ("metric", "unit", "formula")
ALLOWED_SYNTAX = "only numbers, metric names, + - * / and parentheses are allowed"
_METRIC_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_OPERATORS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


class FormulaSyntaxError(ValueError):
    """Raised by :func:`parse_formula` internally; turned into an InputError with a location."""


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its text, its syntax tree and the metrics it names (in order)."""

    text: str
    tree: ast.expr = field(compare=False, repr=False)
    metrics: tuple[str, ...] = ()

    def evaluate(self, values: Mapping[str, Interval | float]) -> Interval:
        """The interval of results the given input intervals allow (plain numbers, no units)."""
        return _evaluate(self.tree, values)

    def solve(self, unknown: str, result: Interval, values: Mapping[str, Interval | float]) -> Interval:
        """Every value of ``unknown`` that, with the other inputs, gives a result in ``result``.

        Exact (the image, not an enclosure) when ``unknown`` appears once and every
        interval divided by lies on one side of zero.
        """
        if self.metrics.count(unknown) != 1:
            raise ValueError(f"{unknown!r} must appear exactly once in {self.text!r} to solve for it")
        return _invert(self.tree, unknown, _as_interval(result), values)

    @property
    def terms(self) -> tuple[str, ...] | None:
        """For a plain sum of metrics (``a + b + c``), the metrics added; otherwise None.

        Why: a total that is a sum is checked as an identity (does the table add up?),
        while other formulas are reproductions of a figure.
        """
        names: list[str] = []

        def walk(node) -> bool:
            if isinstance(node, ast.Name):
                names.append(node.id)
                return True
            return isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add) and walk(node.left) and walk(node.right)

        return tuple(names) if walk(self.tree) else None

    def substitute(self, metric: str, replacement: "Formula") -> "Formula":
        """This formula with every ``metric`` replaced by ``replacement`` (in parentheses)."""

        class Replace(ast.NodeTransformer):
            def visit_Name(self, node):  # noqa: N802 - ast API
                return replacement.tree if node.id == metric else node

        tree = Replace().visit(_copy(self.tree))
        return _from_tree(tree)

    def __str__(self) -> str:
        return self.text


def parse_formula(text: str, *, source: str = "formula", row: int | None = None, column: str | None = "formula") -> Formula:
    """A formula from text, refusing anything but numbers, names, + - * / and parentheses.

    Raises InputError naming the source, row and column and quoting the offending text.
    """
    try:
        tree = _parse(str(text))
    except FormulaSyntaxError as exc:
        raise InputError([Problem(source, row, column, text, str(exc))]) from None
    return _from_tree(tree, str(text).strip())


def _parse(text: str) -> ast.expr:
    stripped = text.strip()
    if not stripped:
        raise FormulaSyntaxError("the formula is empty")
    try:
        module = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        raise FormulaSyntaxError(f"{stripped!r} is not a formula ({exc.msg}); {ALLOWED_SYNTAX}") from None
    for node in ast.walk(module.body):
        allowed = (
            isinstance(node, (ast.Name, ast.Load))
            or (isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS)
            or (isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)))
            or (isinstance(node, ast.Constant) and type(node.value) in (int, float))
            or type(node) in _OPERATORS or isinstance(node, (ast.USub, ast.UAdd))
        )
        if not allowed:
            segment = ast.get_source_segment(stripped, node) or type(node).__name__
            raise FormulaSyntaxError(f"{segment!r} is not allowed in a formula; {ALLOWED_SYNTAX}")
    return module.body


def _from_tree(tree: ast.expr, text: str | None = None) -> Formula:
    names = tuple(n.id for n in _names_in_order(tree))
    return Formula(text or ast.unparse(tree), tree, names)


def _names_in_order(tree: ast.expr) -> list[ast.Name]:
    if isinstance(tree, ast.Name):
        return [tree]
    if isinstance(tree, ast.BinOp):
        return _names_in_order(tree.left) + _names_in_order(tree.right)
    if isinstance(tree, ast.UnaryOp):
        return _names_in_order(tree.operand)
    return []


def _copy(tree: ast.expr) -> ast.expr:
    return ast.parse(ast.unparse(tree), mode="eval").body


def _as_interval(value) -> Interval:
    return value if isinstance(value, Interval) else Interval.exact(float(value))


def _evaluate(node: ast.expr, values: Mapping[str, Interval | float]) -> Interval:
    if isinstance(node, ast.Constant):
        return Interval.exact(float(node.value))
    if isinstance(node, ast.Name):
        return _as_interval(values[node.id])
    if isinstance(node, ast.UnaryOp):
        inner = _evaluate(node.operand, values)
        return -inner if isinstance(node.op, ast.USub) else inner
    left, right = _evaluate(node.left, values), _evaluate(node.right, values)
    op = type(node.op)
    if op is ast.Add:
        return left + right
    if op is ast.Sub:
        return left - right
    if op is ast.Mult:
        return left * right
    return left / right


def _invert(node: ast.expr, unknown: str, target: Interval, values) -> Interval:
    """Walk down to ``unknown``, undoing each operation on the target interval."""
    if isinstance(node, ast.Name):
        return target
    if isinstance(node, ast.UnaryOp):
        return _invert(node.operand, unknown, -target if isinstance(node.op, ast.USub) else target, values)
    in_left = any(n.id == unknown for n in _names_in_order(node.left))
    known = _evaluate(node.right if in_left else node.left, values)
    op = type(node.op)
    if op is ast.Add:
        inner = target - known
    elif op is ast.Sub:
        inner = target + known if in_left else known - target
    elif op is ast.Mult:
        inner = target / known
    else:
        inner = target * known if in_left else known / target
    return _invert(node.left if in_left else node.right, unknown, inner, values)


# --- units -----------------------------------------------------------------------------

@dataclass(frozen=True)
class BoundFormula:
    """A formula tied to its inputs' and result's units: it works on canonical magnitudes."""

    formula: Formula
    result_unit: str
    input_scales: Mapping[str, float]  # canonical magnitude x scale = magnitude in base units
    result_scale: float  # base-unit result / result_scale = magnitude in result_unit

    def evaluate(self, values: Mapping[str, Interval | float]) -> Interval:
        scaled = {m: _as_interval(values[m]) * self.input_scales[m] for m in set(self.formula.metrics)}
        return self.formula.evaluate(scaled) * (1 / self.result_scale)

    def solve(self, unknown: str, result: Interval, values: Mapping[str, Interval | float]) -> Interval:
        scaled = {m: _as_interval(values[m]) * self.input_scales[m] for m in set(self.formula.metrics) if m != unknown}
        base = self.formula.solve(unknown, _as_interval(result) * self.result_scale, scaled)
        return base * (1 / self.input_scales[unknown])


def _base(unit: str):
    """A unit in base units; percent (any dimensionless unit) counts as a plain number."""
    quantity = units.parse_unit(unit)
    if not quantity.dimensionality:
        return units.get_registry().Quantity(1.0, "")
    return quantity.to_base_units()


def bind_units(formula: Formula, metric_units: Mapping[str, str], result_unit: str) -> BoundFormula:
    """Check a formula's dimensions and find its scales. Raises UnitError when they do not fit."""
    registry = units.get_registry()
    bases = {m: _base(metric_units[m]) for m in set(formula.metrics)}

    def walk(node):
        if isinstance(node, ast.Constant):
            return registry.Quantity(1.0, "")
        if isinstance(node, ast.Name):
            return registry.Quantity(1.0, bases[node.id].units)
        if isinstance(node, ast.UnaryOp):
            return walk(node.operand)
        left, right = walk(node.left), walk(node.right)
        op = type(node.op)
        if op in (ast.Add, ast.Sub):
            if left.dimensionality != right.dimensionality:
                raise UnitError(
                    f"formula {formula.text!r} {'adds' if op is ast.Add else 'subtracts'} "
                    f"{units.describe_dimension(right)} {'to' if op is ast.Add else 'from'} {units.describe_dimension(left)}")
            return registry.Quantity(1.0, left.units)
        return left * right if op is ast.Mult else left / right

    result = walk(formula.tree)
    target = _base(result_unit)
    if result.dimensionality != target.dimensionality:
        raise UnitError(f"formula {formula.text!r} gives {units.describe_dimension(result)}, "
                        f"but the metric is in {result_unit} ({units.describe_dimension(target)})")
    to_target = float(result.to(target.units).magnitude)
    return BoundFormula(formula, result_unit, {m: float(b.magnitude) for m, b in bases.items()},
                        float(target.magnitude) / to_target)


def bind_metric(vocabulary: Vocabulary, metric: str, formula: Formula | None = None) -> BoundFormula:
    """The metric's own formula (or ``formula``) bound to the vocabulary's units."""
    formula = formula or parse_formula(vocabulary.formula(metric), source="metrics.csv")
    return bind_units(formula, {m: vocabulary.unit(m) for m in formula.metrics}, vocabulary.unit(metric))


# --- company-specific metrics ----------------------------------------------------------

def load_workspace_vocabulary(root: str | Path | None, metrics_file: str | Path | None = None) -> Vocabulary:
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
        return validate_formulas(load_vocabulary(), "metrics.csv")
    extra = read_company_metrics(path)
    return validate_formulas(load_vocabulary(extra), path.name)


def read_company_metrics(path: str | Path) -> pd.DataFrame:
    """A company metrics table (columns as the shipped metrics.csv), checked row by row."""
    path = Path(path)
    collector = ProblemCollector(path.name)
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    collector.check_columns(table.columns, REQUIRED_COMPANY_COLUMNS)
    collector.raise_if_any()
    shipped = load_vocabulary()
    for idx, rec in enumerate(table.to_dict("records")):
        row = idx + 2
        name = rec["metric"].strip()
        if not _METRIC_NAME.match(name):
            collector.add(row, "metric", name, f"{name!r} is not a metric name (letters, digits and _, not starting with a digit)")
        elif name in shipped:
            collector.add(row, "metric", name, f"{name!r} is already a standard metric; give the company metric its own name")
        try:
            units.parse_unit(rec["unit"])
        except UnitError as exc:
            collector.add(row, "unit", rec["unit"], str(exc))
        if rec["formula"].strip():
            try:
                _parse(rec["formula"])
            except FormulaSyntaxError as exc:
                collector.add(row, "formula", rec["formula"], str(exc))
    collector.raise_if_any()
    table["metric"] = table["metric"].str.strip()
    return table.reindex(columns=VOCABULARY_COLUMNS, fill_value="")


def validate_formulas(vocabulary: Vocabulary, source: str) -> Vocabulary:
    """Every formula names known metrics, fits its metric's unit and is not circular."""
    collector = ProblemCollector(source)
    parsed: dict[str, Formula] = {}
    for position, metric in enumerate(vocabulary.names):
        text = vocabulary.formula(metric).strip()
        if not text:
            continue
        row = position + 2
        try:
            formula = parse_formula(text, source=source, row=row)
        except InputError as exc:
            collector.problems.extend(exc.problems)
            continue
        unknown = [m for m in formula.metrics if m not in vocabulary]
        for name in unknown:
            collector.add(row, "formula", text, f"{name!r} is not a known metric{did_you_mean(name, vocabulary.names)}")
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
        for name in formulas.get(metric, Formula("", ast.Constant(0))).metrics:
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
    table = pd.read_csv(source if is_path else StringIO(source), dtype=str, keep_default_na=False)
    collector = ProblemCollector(label)
    collector.check_columns(table.columns, formula_columns)
    collector.raise_if_any()
    rows = []
    for idx, rec in enumerate(table.to_dict("records")):
        parsed = {}
        for column in formula_columns:
            try:
                parsed[column] = parse_formula(rec[column], source=label, row=idx + 2, column=column)
            except InputError as exc:
                collector.problems.extend(exc.problems)
                continue
            for metric in parsed[column].metrics:
                if metric not in vocabulary:
                    collector.add(idx + 2, column, metric, f"{metric!r} is not a known metric{did_you_mean(metric, vocabulary.names)}")
        rows.append((idx + 2, rec, parsed))
    collector.raise_if_any()
    return rows
