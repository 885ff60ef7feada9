"""Metric formulas: parsed safely, evaluated on intervals, solved for one unknown.

A formula such as ``scope12 / revenue`` or ``100 * scope3 / scope123`` says how a
metric follows from others. Formulas come from data files (the shipped vocabulary and a
workspace's own ``metrics.csv``), so they are parsed with :mod:`ast` and only numbers,
metric names, ``+ - * /`` and parentheses are accepted: nothing in a data file is ever
executed.

Why intervals: the inputs are printed figures, each standing for a range of values
(:mod:`ghgcalc.core.intervals`). In a formula where each metric appears once, interval
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
import math
import operator
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Callable, Generic, Mapping, TypeVar

from ghgcalc.core import units
from ghgcalc.core.intervals import Interval
from ghgcalc.errors import FormulaSyntaxError, InputError, Problem, UnitError

if TYPE_CHECKING:
    import numpy as np

MAX_FORMULA_LENGTH = 1_000  # characters: a formula long enough for any metric, short enough to walk
MAX_NESTING = 50
ALLOWED_SYNTAX = "only numbers, metric names, + - * / and parentheses are allowed"
ARITHMETIC = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv}
SYMBOLS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/"}


def _same(value):
    return value


SIGNS = {ast.USub: operator.neg, ast.UAdd: _same}


def _same_degree(a, b):
    return a if a == b else None


def _plus_degree(a, b):
    return None if a is None or b is None else a + b


def _minus_degree(a, b):
    return None if a is None or b is None else a - b


# the degree of a formula in its inputs when each is scaled by one number (None: not homogeneous, as a + 1 is not)
HOMOGENEOUS = {ast.Add: _same_degree, ast.Sub: _same_degree, ast.Mult: _plus_degree, ast.Div: _minus_degree}
UNSIGNED = {ast.USub: _same, ast.UAdd: _same}  # for readings where a sign changes nothing (names, units)

T = TypeVar("T")


@dataclass(frozen=True)
class Algebra(Generic[T]):
    """What a formula's parts mean in one reading: numbers (intervals, arrays), units, names ...

    Why one walker: the syntax is the same whatever a formula is read as, so the tree is
    walked once (:func:`fold`) and each reading says only what a constant, a name and
    each operator give. ``binary`` and ``unary`` are tables keyed by the ``ast`` operator.
    """

    constant: Callable[[float], T]
    name: Callable[[str], T]
    binary: Mapping[type, Callable[[T, T], T]] = field(default_factory=lambda: ARITHMETIC)
    unary: Mapping[type, Callable[[T], T]] = field(default_factory=lambda: SIGNS)


def fold(tree: ast.expr, algebra: Algebra[T]) -> T:
    """The value of a parsed formula under ``algebra``, from the leaves up."""
    if isinstance(tree, ast.Constant):
        return algebra.constant(float(tree.value))
    if isinstance(tree, ast.Name):
        return algebra.name(tree.id)
    if isinstance(tree, ast.UnaryOp):
        return algebra.unary[type(tree.op)](fold(tree.operand, algebra))
    return algebra.binary[type(tree.op)](fold(tree.left, algebra), fold(tree.right, algebra))


def _interval_algebra(values: Mapping[str, Interval | float]) -> Algebra[Interval]:
    return Algebra(Interval.exact, lambda name: _as_interval(values[name]))


@dataclass(frozen=True)
class Formula:
    """A parsed formula: its text, its syntax tree and the metrics it names (in order)."""

    text: str
    tree: ast.expr = field(compare=False, repr=False)
    metrics: tuple[str, ...] = ()

    def evaluate(self, values: Mapping[str, Interval | float]) -> Interval:
        """The interval of results the given input intervals allow (plain numbers, no units)."""
        return fold(self.tree, _interval_algebra(values))

    def solve(self, unknown: str, result: Interval, values: Mapping[str, Interval | float]) -> Interval:
        """Every value of ``unknown`` that, with the other inputs, gives a result in ``result``.

        Exact (the image, not an enclosure) when ``unknown`` appears once and every
        interval divided by lies on one side of zero.
        """
        if self.metrics.count(unknown) != 1:
            raise ValueError(f"{unknown!r} must appear exactly once in {self.text!r} to solve for it")
        return _invert(self.tree, unknown, _as_interval(result), values)

    @cached_property
    def terms(self) -> tuple[str, ...] | None:
        """For a plain sum of metrics (``a + b + c``), the metrics added; otherwise None.

        Why: a total that is a sum is checked as an identity (does the table add up?),
        while other formulas are reproductions of a figure. Kept: a report asks thousands of times.
        """
        def both(left, right):
            return None if left is None or right is None else left + right

        def none(*_):
            return None

        sums = Algebra(none, lambda name: (name,), {op: both if op is ast.Add else none for op in ARITHMETIC},
                       {op: none for op in SIGNS})
        return fold(self.tree, sums)

    @cached_property
    def quotient(self) -> tuple["Formula", "Formula"] | None:
        """For a formula that is a division at its top (``(a + b) / c``), its numerator and denominator."""
        if isinstance(self.tree, ast.BinOp) and isinstance(self.tree.op, ast.Div):
            return _from_tree(self.tree.left), _from_tree(self.tree.right)
        return None

    @cached_property
    def addends(self) -> tuple["Formula", "Formula"] | None:
        """For a formula that is a sum at its top (``a + (b - c)``), its two sides."""
        if isinstance(self.tree, ast.BinOp) and isinstance(self.tree.op, ast.Add):
            return _from_tree(self.tree.left), _from_tree(self.tree.right)
        return None

    @cached_property
    def name(self) -> str | None:
        """The metric, for a formula that is one metric's name and nothing else."""
        return self.tree.id if isinstance(self.tree, ast.Name) else None

    def written(self, name: Callable[[str], str]) -> str:
        """The formula with each metric written as ``name`` gives it (its source, its value); nested parts
        in parentheses. Why: a derived figure says where each of its parts came from, in the formula's shape."""
        def grouped(part):
            return f"({part[0]})" if part[1] else part[0]

        def joined(symbol):
            return lambda left, right: (f"{grouped(left)} {symbol} {grouped(right)}", True)

        text = Algebra(lambda value: (f"{value:g}", False), lambda metric: (name(metric), False),
                       {op: joined(symbol) for op, symbol in SYMBOLS.items()},
                       {ast.USub: lambda part: (f"-{grouped(part)}", True), ast.UAdd: _same})
        return fold(self.tree, text)[0]

    def substitute(self, metric: str, replacement: "Formula") -> "Formula":
        """This formula with every ``metric`` replaced by ``replacement`` (in parentheses).

        Kept per process: the audit tries the same substitutions on every year and segment of a metric.
        """
        return _substituted(self, metric, replacement)

    def __str__(self) -> str:
        return self.text


def parse_formula(text: str, *, source: str = "formula", row: int | None = None, column: str | None = "formula") -> Formula:
    """A formula from text, refusing anything but numbers, names, + - * / and parentheses.

    Raises InputError naming the source, row and column and quoting the offending text.
    """
    try:
        return _parsed(str(text))
    except FormulaSyntaxError as exc:
        raise InputError([Problem(source, row, column, text, str(exc))]) from None


@lru_cache(maxsize=4096)
def _parsed(text: str) -> Formula:
    """Cached: a Formula never changes, and a report parses the same few texts over a thousand times."""
    return _from_tree(_parse(text), text.strip())


@lru_cache(maxsize=4096)
def _parse(text: str) -> ast.expr:
    """The checked tree of a formula. Cached: an audit reads the same few formulas hundreds of times,
    and nothing changes a tree once parsed (``substitute`` builds a new one)."""
    stripped = text.strip()
    if not stripped:
        raise FormulaSyntaxError("the formula is empty")
    if len(stripped) > MAX_FORMULA_LENGTH:
        raise FormulaSyntaxError(f"the formula is {len(stripped):,} characters long; a formula has at most "
                                 f"{MAX_FORMULA_LENGTH:,} (define a company metric for a long sum)")
    if stripped.count("(") > MAX_NESTING:
        raise FormulaSyntaxError(f"the formula nests more than {MAX_NESTING} parentheses")
    try:
        module = ast.parse(stripped, mode="eval")
    except SyntaxError as exc:
        raise FormulaSyntaxError(f"{stripped!r} is not a formula ({exc.msg}); {ALLOWED_SYNTAX}") from None
    except (RecursionError, MemoryError):
        raise FormulaSyntaxError(f"the formula is nested too deeply to read; {ALLOWED_SYNTAX}") from None
    for node in ast.walk(module.body):
        allowed = (
            isinstance(node, (ast.Name, ast.Load))
            or (isinstance(node, ast.BinOp) and type(node.op) in ARITHMETIC)
            or (isinstance(node, ast.UnaryOp) and type(node.op) in SIGNS)
            or (isinstance(node, ast.Constant) and type(node.value) in (int, float))
            or type(node) in ARITHMETIC or type(node) in SIGNS
        )
        if not allowed:
            segment = ast.get_source_segment(stripped, node) or type(node).__name__
            raise FormulaSyntaxError(f"{segment!r} is not allowed in a formula; {ALLOWED_SYNTAX}")
    for node in ast.walk(module.body):
        if isinstance(node, ast.Constant) and not _finite(node.value):
            segment = ast.get_source_segment(stripped, node) or str(node.value)
            raise FormulaSyntaxError(f"{segment[:40]!r} is not a number a formula can use (too large)")
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div) and _constant_zero(node.right):
            segment = ast.get_source_segment(stripped, node.right) or "0"
            raise FormulaSyntaxError(f"the formula divides by {segment!r}, which is zero")
    return module.body


def _finite(value) -> bool:
    try:
        return math.isfinite(float(value))
    except OverflowError:
        return False


def _constant_zero(tree: ast.expr) -> bool:
    """Whether a part of a formula without metric names comes to zero (``0``, ``2 - 2``, ``0 * 5``)."""
    if any(isinstance(node, ast.Name) for node in ast.walk(tree)):
        return False
    try:
        return fold(tree, Algebra(float, lambda name: math.nan)) == 0
    except (ZeroDivisionError, OverflowError):
        return False


@lru_cache(maxsize=4096)
def _substituted(formula: Formula, metric: str, replacement: Formula) -> Formula:
    class Replace(ast.NodeTransformer):
        def visit_Name(self, node):  # noqa: N802 - ast API
            return replacement.tree if node.id == metric else node

    return _from_tree(Replace().visit(_copy(formula.tree)))


def _from_tree(tree: ast.expr, text: str | None = None) -> Formula:
    names = tuple(_names_in_order(tree))
    return Formula(text or ast.unparse(tree), tree, names)


def _names_in_order(tree: ast.expr) -> list[str]:
    """The metric names of a tree, left to right, with repeats."""
    names = Algebra(lambda _: [], lambda name: [name], {op: operator.add for op in ARITHMETIC},
                    UNSIGNED)
    return fold(tree, names)


def _copy(tree: ast.expr) -> ast.expr:
    return ast.parse(ast.unparse(tree), mode="eval").body


def _as_interval(value) -> Interval:
    return value if isinstance(value, Interval) else Interval.exact(float(value))


def _invert(node: ast.expr, unknown: str, target: Interval, values) -> Interval:
    """Walk down to ``unknown``, undoing each operation on the target interval."""
    if isinstance(node, ast.Name):
        return target
    if isinstance(node, ast.UnaryOp):
        return _invert(node.operand, unknown, -target if isinstance(node.op, ast.USub) else target, values)
    in_left = unknown in _names_in_order(node.left)
    known = fold(node.right if in_left else node.left, _interval_algebra(values))
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

    def evaluate_arrays(self, values: Callable[[str], np.ndarray]) -> np.ndarray:
        """The result over numpy arrays of canonical magnitudes; ``values(metric)`` gives each input's array.

        A scale of exactly 1 (the metrics in one unit, as most are) is left out: x * 1.0 is x bit for bit, and
        each product would be one more pass over every draw and year. So are scales the result's undoes: inputs
        all in one unit, in a formula of the same degree in each term (a sum of emissions: (k a + k b) / k is
        a + b), give the result in that unit unscaled."""
        if self._scales_cancel:
            return fold(self.formula.tree, Algebra(float, values))

        def scaled(name: str) -> np.ndarray:
            scale = self.input_scales[name]
            return values(name) if scale == 1 else values(name) * scale

        found = fold(self.formula.tree, Algebra(float, scaled))
        return found if self.result_scale == 1 else found / self.result_scale

    @cached_property
    def _scales_cancel(self) -> bool:
        """Whether every input has one scale k and the formula is homogeneous of a degree d with k ** d the
        result's scale: then f(k x) / k ** d is f(x), and no input need be scaled."""
        scales = {self.input_scales[m] for m in self.formula.metrics}
        if len(scales) != 1:
            return False
        degree = fold(self.formula.tree, Algebra(lambda value: 0, lambda name: 1, HOMOGENEOUS, UNSIGNED))
        return degree is not None and scales.pop() ** degree == self.result_scale

    def evaluate_as(self, constant: Callable[[float], T], values: Callable[[str], T]) -> T:
        """The result over any numbers that add, multiply and divide (arrays, figures with bounds):
        ``values(metric)`` gives each input in its canonical unit, ``constant`` makes a number of the same sort."""
        scaled = Algebra(constant, lambda name: values(name) * self.input_scales[name])
        return fold(self.formula.tree, scaled) / self.result_scale

    def solve(self, unknown: str, result: Interval, values: Mapping[str, Interval | float]) -> Interval:
        scaled = {m: _as_interval(values[m]) * self.input_scales[m] for m in set(self.formula.metrics) if m != unknown}
        base = self.formula.solve(unknown, _as_interval(result) * self.result_scale, scaled)
        return base * (1 / self.input_scales[unknown])


@lru_cache(maxsize=1024)
def _base(unit: str):
    """A unit in base units; percent (any dimensionless unit) counts as a plain number.

    Cached (per unit text, in the shared registry): the conversion to base units is pint's slowest step,
    and an audit binds the same units hundreds of times."""
    quantity = units.parse_unit(unit)
    if not quantity.dimensionality:
        return units.get_registry().Quantity(1.0, "")
    return quantity.to_base_units()


def bind_units(formula: Formula, metric_units: Mapping[str, str], result_unit: str) -> BoundFormula:
    """Check a formula's dimensions and find its scales. Raises UnitError when they do not fit.

    Kept per process: an audit binds the same formula to the same units for every year and segment.
    """
    return _bind(formula, tuple(sorted((m, metric_units[m]) for m in set(formula.metrics))), result_unit)


@lru_cache(maxsize=4096)
def _bind(formula: Formula, metric_units: tuple[tuple[str, str], ...], result_unit: str) -> BoundFormula:
    registry = units.get_registry()
    bases = {m: _base(unit) for m, unit in metric_units}

    def additive(op):
        def check(left, right):
            if left.dimensionality != right.dimensionality:
                raise UnitError(
                    f"formula {formula.text!r} {'adds' if op is ast.Add else 'subtracts'} "
                    f"{units.describe_dimension(right)} {'to' if op is ast.Add else 'from'} {units.describe_dimension(left)}")
            return registry.Quantity(1.0, left.units)
        return check

    dimensions = Algebra(lambda _: registry.Quantity(1.0, ""), lambda name: registry.Quantity(1.0, bases[name].units),
                         {ast.Add: additive(ast.Add), ast.Sub: additive(ast.Sub), ast.Mult: operator.mul,
                          ast.Div: operator.truediv}, UNSIGNED)
    result = fold(formula.tree, dimensions)
    target = _base(result_unit)
    if result.dimensionality != target.dimensionality:
        raise UnitError(f"formula {formula.text!r} gives {units.describe_dimension(result)}, "
                        f"but the metric is in {result_unit} ({units.describe_dimension(target)})")
    to_target = float(result.to(target.units).magnitude)
    return BoundFormula(formula, result_unit, {m: float(b.magnitude) for m, b in bases.items()},
                        float(target.magnitude) / to_target)
