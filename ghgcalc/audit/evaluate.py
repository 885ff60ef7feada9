"""One formula over a report's figures: money aligned through the FX table, units bound, intervals evaluated.

Why one helper: the stated definition, every alternative and every separately rounded piece
are evaluated the same way, so they differ only in the formula and the figures they take.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from typing import Iterable, Mapping

from ghgcalc.core.formula import BoundFormula, Formula, bind_units
from ghgcalc.core.intervals import Interval, show_digits
from ghgcalc.errors import CurrencyError
from ghgcalc.figures.metrics import Vocabulary
from ghgcalc.figures.money import FxTable, currency_of, money_factor, with_currency
from ghgcalc.figures.reported import FigureIndex
from ghgcalc.figures.resolve import Resolver
from ghgcalc.figures.scopes import ScopeStructure, scope_structure


@dataclass
class Context:
    """What every check of one audit shares: the vocabulary, the figures, the rules, the FX table."""

    vocabulary: Vocabulary
    index: FigureIndex
    resolver: Resolver
    alternatives: tuple = ()
    identities: tuple = ()
    fx: FxTable | None = None
    fiscal_year_end: str | None = None
    year_labels: dict = field(default_factory=dict)
    memo: dict = field(default_factory=dict, repr=False, compare=False)  # look-ups every figure repeats, once per audit

    def label(self, year: int) -> str:
        return self.year_labels.get(int(year), str(year))

    @cached_property
    def scopes(self) -> ScopeStructure:
        """The vocabulary's scope metrics (which totals have a Scope 2 method), read once per audit."""
        return scope_structure(self.vocabulary)


@dataclass(frozen=True)
class Evaluation:
    bound: BoundFormula
    values: dict
    value: Interval
    face: float
    notes: tuple[str, ...] = ()


def _currency(unit: str):
    try:
        return currency_of(unit)
    except CurrencyError:
        return None


def evaluate(ctx: Context, formula: Formula, target_unit: str, found: Mapping[str, dict], year: int) -> Evaluation:
    """``formula`` over the records ``found``, in ``target_unit``; money in another currency goes through the FX
    table for ``year`` (the note says which rate). Raises CurrencyError, UnitError or ZeroDivisionError."""
    units_of, values, faces, notes = {}, {}, {}, []
    target = _currency(target_unit)
    for metric, record in found.items():
        unit, interval, face = record["canonical_unit"], Interval(record["low_c"], record["high_c"]), record["value_c"]
        money = _currency(unit)
        if target and money and money[0] != target[0]:
            converted = with_currency(unit, target[0])
            factor = money_factor(unit, converted, year, ctx.fx)
            rate, row = ctx.fx.rate(money[0], target[0], year)
            notes.append(f"{metric} converted from {money[0]} to {target[0]} at {show_digits(rate)} for {ctx.label(year)} "
                         f"({row.lineage})")
            unit, interval, face = converted, interval * factor, face * factor
        units_of[metric], values[metric], faces[metric] = unit, interval, face
    bound = bind_units(formula, units_of, target_unit)
    return Evaluation(bound, values, bound.evaluate(values), bound.evaluate(faces).mid, tuple(notes))


def lookup(ctx: Context, metrics: Iterable[str], year: int, segment: str, vintage: str | None,
           years: Mapping[str, int] | None = None) -> dict[str, dict | None]:
    """Each metric's figure (printed, else built from printed parts) for its year."""
    return {m: ctx.resolver.get(m, (years or {}).get(m, year), segment, vintage) for m in metrics}
