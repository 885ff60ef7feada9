"""Figures a report does not print, built from the ones it does: a sum from its parts, a part from its sum.

Why: a report that prints Scope 1 and Scope 2 location-based but not their sum still states
that sum, and an intensity of it is checkable; a report that prints a total and all but one
of its parts states the last part. The audit and ``ghgcalc intensity`` ask the same
:class:`Resolver`, so the two never disagree about what a report states. A built figure says
how it was built (``derivation``), and its interval is the exact image of its parts'.
"""

from __future__ import annotations

from typing import Iterable, Mapping

from ghgcalc.core.formula import Formula, parse_formula
from ghgcalc.figures.metrics import Vocabulary
from ghgcalc.figures.reported import FigureIndex

MAX_DEPTH = 4
COMPUTED_DECIMALS = 2  # a computed part has no printed precision: shown as computed figures are


def sum_definitions(vocabulary: Vocabulary, identities: Iterable = ()) -> dict[str, list[Formula]]:
    """Every plain sum that defines a metric: the vocabulary's formulas, then identities whose total is one metric."""
    sums: dict[str, list[Formula]] = {}
    for metric in vocabulary.names:
        text = vocabulary.formula(metric).strip()
        if text and parse_formula(text).terms:
            sums.setdefault(metric, []).append(parse_formula(text))
    for rule in identities:
        target = rule.target if isinstance(rule.target, Formula) else parse_formula(str(rule.target))
        if target.metrics and target.text == target.metrics[0] and rule.formula.terms:
            if all(f.text != rule.formula.text for f in sums.get(target.text, [])):
                sums.setdefault(target.text, []).append(rule.formula)
    return sums


def _text(value: float, decimals: int) -> str:
    return f"{value:,.{max(0, min(decimals, 10))}f}"


class Resolver:
    """Printed figures first (a vintage preferred, as :class:`FigureIndex`), else figures built from them."""

    def __init__(self, index: FigureIndex, sums: Mapping[str, list[Formula]]):
        self.index = index
        self.sums = dict(sums)
        self.part_of: dict[str, list[tuple[str, Formula]]] = {}
        for total, formulas in self.sums.items():
            for formula in formulas:
                for part in formula.terms or ():
                    self.part_of.setdefault(part, []).append((total, formula))
        self._found: dict[tuple, dict | None] = {}

    def get(self, metric: str, year: int, segment: str = "", prefer: str | None = None,
            _seen: frozenset = frozenset()) -> dict | None:
        """The printed figure, or one built from printed parts (or from a total less its other parts).

        Kept per question: an audit asks the same thousands of times, and the figures never change
        (a built figure is shared, as printed ones are: read, never written to)."""
        key = (metric, int(year), segment, prefer, _seen)
        if key not in self._found:
            self._found[key] = self._get(metric, year, segment, prefer, _seen)
        return self._found[key]

    def _get(self, metric: str, year: int, segment: str, prefer: str | None, _seen: frozenset) -> dict | None:
        record = self.index.get(metric, year, segment, prefer)
        if record is not None or len(_seen) >= MAX_DEPTH or metric in _seen:
            return record
        seen = _seen | {metric}
        for formula in self.sums.get(metric, ()):
            parts = [self.get(m, year, segment, prefer, seen) for m in formula.terms]
            if all(p is not None for p in parts):
                built = _built(metric, formula.text, parts, [], self.index)
                if built:
                    return built
        for total, formula in self.part_of.get(metric, ()):
            if total in seen:
                continue
            whole = self.get(total, year, segment, prefer, seen)
            others = [self.get(m, year, segment, prefer, seen) for m in formula.terms if m != metric]
            if whole is not None and all(o is not None for o in others) and formula.terms.count(metric) == 1:
                built = _built(metric, " - ".join([total, *[m for m in formula.terms if m != metric]]), [whole], others,
                               self.index)
                if built:
                    return built
        return None


def _built(metric: str, definition: str, plus: list[dict], minus: list[dict], index: FigureIndex) -> dict | None:
    """A figure computed from printed ones, with the arithmetic that gives it."""
    records = plus + minus
    if len({r["canonical_unit"] for r in records}) != 1:
        return None
    low = sum(r["low_c"] for r in plus) - sum(r["high_c"] for r in minus)
    high = sum(r["high_c"] for r in plus) - sum(r["low_c"] for r in minus)
    value = sum(r["value_c"] for r in plus) - sum(r["value_c"] for r in minus)
    same_unit = len({r["unit"] for r in records}) == 1
    decimals = max(int(r["decimals"]) if r["decimals"] == r["decimals"] else COMPUTED_DECIMALS for r in records)
    scale = 1 / records[0]["to_canonical"] if same_unit else 1.0
    unit = records[0]["unit"] if same_unit else records[0]["canonical_unit"]
    shown = " + ".join(_text(r["value_c"] * scale, decimals) for r in plus)
    shown += "".join(f" - {_text(r['value_c'] * scale, decimals)}" for r in minus)
    first = records[0]
    derivation = (f"{metric} {first.get('year_label', first['year'])} not printed; built as {definition} = {shown} "
                  f"= {_text(value * scale, decimals)} {unit}")
    vintages = "+".join(dict.fromkeys(r["vintage"] for r in records))
    return {
        "file": "", "row": None, "vintage": vintages, "metric": metric, "year": first["year"],
        "year_label": first.get("year_label", str(first["year"])), "segment": first["segment"],
        "text": _text(value * scale, decimals), "value": value * scale, "decimals": decimals, "precision": "",
        "unit": unit, "low": low * scale, "high": high * scale, "canonical_unit": first["canonical_unit"],
        "to_canonical": 1 / scale, "value_c": value, "low_c": low, "high_c": high, "source": "", "note": "",
        "read_as": "", "scope2_method": "", "derivation": derivation, "built_as": definition,
        "built_from": tuple(records),
    }
