"""Which metrics are scope totals, the scopes each adds up and its Scope 2 method, read from the vocabulary.

Why from data: ``metrics.csv`` already says ``scope12_location = scope1 + scope2_location``;
a second table in code saying the same would drift from it. The only facts kept here are
the names of the three scopes' own figures (``scope1``, ``scope2``, ``scope3``) and the two
Scope 2 methods (GHG Protocol Scope 2 Guidance, ch. 4: location-based and market-based),
whose figures are named ``scope2_<method>``. Every other scope metric is one whose formula
adds up scope metrics: its scopes are theirs, and its method the one they share.

Who asks: reported tables (a total printed without a method, read under the method the report
states), target actuals (which inventory lines a scope metric sums, and a total under a chosen
method), intensities (the definitions a scope combination such as ``S1+2-market`` is tried
with), disclosures and the report (which metrics make a year's inventory).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from ghgcalc.core.formula import Formula, parse_formula
from ghgcalc.figures.metrics import Vocabulary, load_vocabulary

SCOPES = ("1", "2", "3")
SCOPE2_METHODS = ("location", "market")  # GHG Protocol Scope 2 Guidance, ch. 4


@dataclass(frozen=True)
class ScopeMetric:
    """A metric that is a scope total: the scopes it adds up, its Scope 2 method (None: as reported, or no
    Scope 2 in it), and its formula over other scope metrics (None for a scope's own figure)."""

    name: str
    scopes: tuple[str, ...]
    method: str | None = None
    formula: Formula | None = None

    @property
    def label(self) -> str:
        """The scope combination's name on the command line: S1, S2-market, S1+2+3-location."""
        return "S" + "+".join(self.scopes) + (f"-{self.method}" if self.method else "")


@dataclass(frozen=True)
class ScopeStructure:
    """Every scope metric of a vocabulary, in the order of the scopes (then no method, location, market)."""

    metrics: dict[str, ScopeMetric]

    def __contains__(self, metric: str) -> bool:
        return metric in self.metrics

    def __getitem__(self, metric: str) -> ScopeMetric:
        return self.metrics[metric]

    def scopes_of(self, metric: str) -> tuple[str, ...]:
        """The scopes a metric adds up ("1", "2", "3"); () for a metric that is no scope total."""
        return self.metrics[metric].scopes if metric in self.metrics else ()

    def with_method(self, metric: str, method: str) -> str | None:
        """The metric that is ``metric`` under Scope 2 ``method`` (scope12 -> scope12_market); the metric itself
        when it already is; None when it has no Scope 2 or no such variant is defined."""
        found = self.metrics.get(metric)
        if found is None or "2" not in found.scopes:
            return None
        if found.method is not None:
            return metric if found.method == method else None
        return next((m.name for m in self.metrics.values() if m.scopes == found.scopes and m.method == method), None)

    def method_formula(self, metric: str, method: str | None) -> str:
        """With a chosen Scope 2 method, how a method-less total is computed: a scope's own figure becomes its
        method's figure (scope2 -> scope2_market); a sum has each such part replaced (scope1 + scope2_market),
        and its other parts are read under the method in turn. "" when the method changes nothing."""
        found = self.metrics.get(metric)
        if not method or found is None or found.method is not None or "2" not in found.scopes:
            return ""
        if found.formula is None:
            return self.with_method(metric, method) or ""
        formula = found.formula
        for part in dict.fromkeys(found.formula.metrics):
            own = self.metrics.get(part)
            if own is not None and own.formula is None and own.method is None and self.with_method(part, method):
                formula = formula.substitute(part, parse_formula(self.with_method(part, method)))
        return formula.text

    def combinations(self) -> dict[str, tuple[tuple[str, ...], ...]]:
        """Each scope combination (S1, S2-location, S1+2+3 ...) with its definitions in the order tried: the
        printed total, then its formula expanded one sum at a time (scope12 + scope3, scope1 + scope2 + scope3),
        then, for a total without a method, the pair of its location- and market-based figures."""
        out = {}
        for metric in self.metrics.values():
            tried = [(metric.name,)]
            formula = metric.formula
            while formula is not None:
                tried.append((formula.text,))
                inner = next((m for m in formula.metrics if self.metrics[m].formula is not None), None)
                formula = None if inner is None else formula.substitute(inner, self.metrics[inner].formula)
            pair = tuple(v for v in (self.with_method(metric.name, m) for m in SCOPE2_METHODS) if v)
            if metric.method is None and len(pair) == len(SCOPE2_METHODS):
                tried.append(pair)
            out[metric.label] = tuple(tried)
        return out

    def year_metrics(self) -> tuple[str, ...]:
        """The metrics a year's Scope 1 and 2 inventory is printed as (any method): a year has an inventory when
        any of them has a figure for it."""
        return tuple(m.name for m in self.metrics.values() if set(m.scopes) <= {"1", "2"})


def scope_structure(vocabulary: Vocabulary | None = None) -> ScopeStructure:
    """The scope metrics of ``vocabulary`` (default: the shipped one), from their names and formulas."""
    return _structure(load_vocabulary() if vocabulary is None else vocabulary)


def _structure(vocabulary: Vocabulary) -> ScopeStructure:
    own = {f"scope{s}": ScopeMetric(f"scope{s}", (s,)) for s in SCOPES}
    own.update({f"scope2_{m}": ScopeMetric(f"scope2_{m}", ("2",), m) for m in SCOPE2_METHODS})
    found = {name: metric for name, metric in own.items() if name in vocabulary}
    pending = [name for name in vocabulary.names if name not in found and vocabulary.formula(name)]
    while True:  # a sum of scope metrics is one too; sums of sums need another pass
        added = False
        for name in pending:
            if name in found:
                continue
            formula = parse_formula(vocabulary.formula(name), source="metrics.csv")
            terms = formula.terms
            if not terms or any(t not in found for t in terms):
                continue
            scopes = tuple(sorted({s for t in terms for s in found[t].scopes}))
            methods = {found[t].method for t in terms} - {None}
            if len(scopes) != sum(len(found[t].scopes) for t in terms) or len(methods) > 1:
                continue  # a scope counted twice, or two Scope 2 methods added: not a scope total
            found[name] = ScopeMetric(name, scopes, methods.pop() if methods else None, formula)
            added = True
        if not added:
            break
    order = {None: 0, **{m: i + 1 for i, m in enumerate(SCOPE2_METHODS)}}
    ranked = sorted(found.values(), key=lambda m: (len(m.scopes), m.scopes, order[m.method]))
    return ScopeStructure({m.name: m for m in ranked})


@lru_cache(maxsize=1)
def shipped_scope_structure() -> ScopeStructure:
    """The scope metrics of the shipped vocabulary, read once (for tables that name them at import)."""
    return scope_structure()
