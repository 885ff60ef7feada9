"""Actuals: the figure a target is measured against in a given year, and where it came from.

A figure is looked up, in the order a target file chooses, from the reported tables (as
printed, so an interval from printed precision), from the formula of a derived metric
over reported components (scope12 = scope1 + scope2), or from the computed inventory.
Boundaries are applied here: a target on "the group minus the EV factory" subtracts the
segment's figure from the whole-boundary figure. When a figure cannot be found the
result says so, in words, instead of guessing; when only a bound is known (a share
whose denominator is not reported) the result is that bound.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Callable, Iterable

import numpy as np
import pandas as pd

from ghgcalc.core import units
from ghgcalc.core.formula import Formula, bind_units, parse_formula
from ghgcalc.errors import ConfigError
from ghgcalc.core.intervals import Interval, parse_printed
from ghgcalc.core.years import CALENDAR, FiscalYears
from ghgcalc.targets.pathway import Figure
from ghgcalc.figures.metrics import Vocabulary
from ghgcalc.core.percent import from_percent
from ghgcalc.targets.definitions import Boundary, StructuralChange, Target
from ghgcalc.targets.neutralisation import neutralised, read_neutralisation  # noqa: F401 (their old home)
from ghgcalc.figures.reported import read_reported
from ghgcalc.figures.scopes import scope_structure
from ghgcalc.figures.reported import COMPUTED, PRINTED_METRICS
from ghgcalc.workspace.choice import fails_text, used_figures
from ghgcalc.workspace.figures import ENERGY_METRICS, figure_table
from ghgcalc.workspace.opened import OpenWorkspace



@dataclass(frozen=True)
class Actual:
    """A figure for one metric, year and boundary, with its source in words.

    ``figure`` is None when nothing could be found; ``source`` then says what is missing.
    ``proxy`` marks a whole-group figure standing in for a narrower boundary.
    """

    figure: Figure | None
    source: str
    proxy: bool = False
    fails_audit: tuple[str, ...] = ()  # each printed figure in it that the audit finds wrong, with the reason

    @property
    def missing(self) -> bool:
        return self.figure is None


def _fmt(value: float) -> str:
    """t CO2e computed from the inventory, to the hundredth as ``ghgcalc inventory`` and the report print it, so
    that one figure reads the same everywhere (755.9989 is 756.00, not 755.999)."""
    return f"{value:,.2f}"


class Observations:
    """Figures by (metric, year, segment), from reported tables, supplied figures and an inventory.

    State is real here: the inventory is computed only when a figure is not reported,
    and only once.
    """

    def __init__(self, reported: pd.DataFrame, vocabulary: Vocabulary, *,
                 inventory: Callable[[], pd.DataFrame | None] | pd.DataFrame | None = None,
                 order: Iterable[str] = ("reported", "inventory"), inventory_name: str = "the inventory",
                 years: FiscalYears = CALENDAR):
        self.years = years  # how the company labels its years, for the sentences that name one
        self.reported = reported if reported is not None and len(reported) else _empty_reported()
        self.vocabulary = vocabulary
        self.scopes = scope_structure(vocabulary)
        self._inventory = inventory
        self._inventory_table: pd.DataFrame | None = None
        self._inventory_done = False
        self._inventory_years: dict[int, dict] = {}
        self._scopes_present: dict[int, frozenset] = {}
        self._grouped_table: pd.DataFrame | None = None
        self._groups: dict = {}
        self.order = tuple(order)
        self.inventory_name = inventory_name

    # -- sources ---------------------------------------------------------------------------

    def inventory(self) -> pd.DataFrame | None:
        if not self._inventory_done:
            source = self._inventory
            self._inventory_table = source() if callable(source) else source
            self._inventory_done = True
        return self._inventory_table

    def _rows_of(self, metric: str, year: int, segment: str) -> list[dict]:
        """The reported rows of one metric, year and segment, in table order, as records.

        Why grouped once, as records: a target file asks for the same table hundreds of times (each target,
        year, segment and formula part), and comparing every row, then reading a row through pandas, at each
        question was most of its cost.
        """
        table = self.reported
        if self._grouped_table is not table:
            records = table.to_dict("records")
            self._groups = {key: [records[i] for i in positions] for key, positions in
                            table.groupby(["metric", "year", "segment"], sort=False, dropna=False).indices.items()}
            self._grouped_table = table
        return self._groups.get((metric, year, segment), [])

    def _reported(self, metric: str, year: int, segment: str, vintage: str | None) -> Actual | None:
        rows = self._rows_of(metric, year, segment)
        if not rows:
            return None
        if vintage and any(r["vintage"] == vintage for r in rows):
            rows = [r for r in rows if r["vintage"] == vintage] + [r for r in rows if r["vintage"] != vintage]
        first = rows[0]
        figure = Figure.between(first["value_c"], first["low_c"], first["high_c"])
        source = f"{first['vintage']} {first['text']} {first['unit']}"
        if first.get("provenance") == COMPUTED:  # worded as the inventory's own figure is
            source = f"computed from {self.inventory_name}{' segment ' + segment if segment else ''}: {first['text']} {first['unit']}"
        others = [f"{r['vintage']} prints {r['text']}" for r in rows[1:]
                  if not Interval(r["low_c"], r["high_c"]).overlaps(figure.bounds)]
        if others:
            source += f" (also: {'; '.join(others)})"
        failing = fails_text(first)
        return Actual(figure, source, fails_audit=(failing,) if failing else ())

    def _inventory_figure(self, metric: str, year: int, segment: str, method: str | None) -> Actual | None:
        if metric not in self.scopes:
            return None
        emissions = self.inventory()
        if emissions is None or emissions.empty:
            return None
        if year not in self._inventory_years:  # each year's lines picked once, as plain columns: a target asks often
            lines = emissions[emissions["year"].astype(int) == year]
            self._inventory_years[year] = {c: (lines[c].to_numpy(dtype=float) if c == "co2e_t" else lines[c].astype(str).to_numpy())
                                           for c in ("segment", "scope", "scope2_method", "co2e_t") if c in lines}
        lines = self._inventory_years[year]
        scopes = self.scopes.scopes_of(metric)
        keep = np.fromiter((s in scopes for s in lines["scope"]), dtype=bool, count=len(lines["scope"]))
        if segment:
            keep &= lines["segment"] == segment
        if not keep.any():
            return None
        present = self._scopes_present.setdefault(year, frozenset(lines["scope"]))
        absent = [s for s in scopes if s not in present]
        if absent:  # a total of the scopes that exist is not the metric: never Scope 1+2 for Scope 1+2+3
            return Actual(None, self._absent_scopes(metric, year, absent))
        scope2 = keep & (lines["scope"] == "2")
        if self.scopes[metric].method is not None:
            method = self.scopes[metric].method
        if scope2.any():
            methods = sorted(set(lines["scope2_method"][scope2]))
            said = ""
            if method is None and len(methods) > 1:
                method, said = self.reported_method, f", Scope 2 {self.reported_method}-based as the reports print Scope 1+2"
                if method is None:
                    raise ConfigError(f"the inventory holds Scope 2 by several methods ({', '.join(methods)}) for "
                                      f"{self.years.label_of(year)} and the reports print Scope 1+2 under "
                                      f"{'both' if self._printed_methods() else 'no'} method; set scope2_method = "
                                      f"'location' or 'market' in the target")
            method = method or methods[0]
            keep &= ~scope2 | (lines["scope2_method"] == method)
        else:
            said = ""
        total = float(np.nansum(lines["co2e_t"][keep]))  # as pandas sums a column: in order, missing skipped
        where = f" segment {segment}" if segment else ""
        return Actual(Figure.exact(total), f"computed from {self.inventory_name}{where}{said}: {_fmt(total)} t CO2e")

    def _absent_scopes(self, metric: str, year: int, absent: list[str]) -> str:
        """Why a scope total has no figure in a year whose inventory lacks some of its scopes: which scope, which
        year, and what to add."""
        label, scopes = self.years.label_of(year), self.scopes.scopes_of(metric)
        which = " and ".join(f"Scope {s}" for s in absent)
        names = " or ".join(next((m.name for m in self.scopes.metrics.values() if m.scopes == (s,) and m.method is None),
                                 f"scope{s}") for s in absent)
        return (f"no figure for {metric} {label}: it adds Scopes {', '.join(scopes)}, and {label} has no {which} figure "
                f"(no {which} line in {self.inventory_name}, none printed); add {label}'s {which} (activity rows, or "
                f"{names} in a reported table), or choose a base year that has it")

    def _printed_methods(self) -> set[str]:
        """The Scope 2 methods under which the reported tables print a total of Scope 1 and 2 (scope12_market)."""
        table = self.reported
        printed = table.attrs.get(PRINTED_METRICS)  # every metric printed, also where a computed figure is used
        if printed is None:
            if "provenance" in table:  # the figures every command uses hold computed ones too: those are not printed
                table = table[table["provenance"] != COMPUTED]
            printed = set(table["metric"].astype(str))
        return {self.scopes[m].method for m in printed if m in self.scopes and self.scopes[m].method
                and {"1", "2"} <= set(self.scopes[m].scopes)}

    @property
    def reported_method(self) -> str | None:
        """Scope 2 "as reported" (a target that leaves the method open, docs/targets.md): the one method under which
        the reports print Scope 1+2, when they print it under exactly one; None otherwise."""
        if getattr(self, "_method_of", (None,))[0] is not self.reported:  # asked at every look-up: read once per table
            methods = self._printed_methods()
            self._method_of = (self.reported, next(iter(methods)) if len(methods) == 1 else None)
        return self._method_of[1]

    def _formula(self, metric: str, year: int, segment: str, method: str | None, vintage, depth: int) -> Actual | None:
        """A derived metric from its parts, through the formula engine (units bound as for any formula)."""
        text = self.scopes.method_formula(metric, method) or (
            self.vocabulary.formula(metric) if metric in self.vocabulary else "")
        if not text or depth > 3:
            return None
        formula = _parsed(text)
        parts = {}
        for name in dict.fromkeys(formula.metrics):
            part = self.figure(name, year, segment, scope2_method=method, vintage=vintage, _depth=depth + 1)
            if part.missing:
                return None
            parts[name] = part
        bound = bind_units(formula, {m: self.vocabulary.unit(m) for m in parts}, self.vocabulary.unit(metric))
        figure = bound.evaluate_as(Figure.exact, lambda name: parts[name].figure)
        return Actual(figure, f"{formula.text}: {formula.written(lambda name: parts[name].source)}",
                      fails_audit=failing_in(parts.values()))

    # -- public look-ups -------------------------------------------------------------------

    def figure(self, metric: str, year: int, segment: str = "", *, scope2_method: str | None = None,
               vintage: str | None = None, _depth: int = 0) -> Actual:
        """The figure for one metric, year and segment ('' for the whole reporting boundary)."""
        if scope2_method is None and _depth == 0:  # Scope 2 "as reported": the method the reports print Scope 1+2 under
            as_reported = self._as_reported(metric, year, segment, vintage)
            if as_reported is not None:
                return as_reported
        method_formula = self.scopes.method_formula(metric, scope2_method)
        refused = None
        for source in self.order:
            if source == "reported":
                # a total printed under the method (scope12_market) is the figure, before the sum of its parts:
                # the report's headline and intensity read that printed total, so the target reads it too
                variant = self.scopes.with_method(metric, scope2_method) if method_formula else metric
                found = self._reported(variant, year, segment, vintage) if variant else None
                found = found or self._formula(metric, year, segment, scope2_method, vintage, _depth)
            else:
                found = self._inventory_figure(metric, year, segment, scope2_method)
            if found is not None and found.missing:
                refused = refused or found
            elif found is not None:
                return found
        if refused is not None:
            return refused
        where = f", segment {segment}" if segment else ""
        return Actual(None, f"no figure for {metric} {self.years.label_of(year)}{where} in the reported tables, the supplied figures "
                            f"or the inventory")

    def _as_reported(self, metric: str, year: int, segment: str, vintage) -> Actual | None:
        """A method-less total that holds Scope 2 (scope123), read under the one method the reports print Scope 1+2
        under, as every other reader of the figures builds it (printed scope12_market + scope3), unless the total is
        itself printed without a method; None when that does not apply or finds nothing."""
        found = self.scopes.metrics.get(metric)
        method = self.reported_method if found is not None and found.method is None and "2" in found.scopes else None
        if method is None or self._rows_of(metric, year, segment):
            return None
        got = self.figure(metric, year, segment, scope2_method=method, vintage=vintage, _depth=1)
        said = f" (Scope 2 {method}-based, as the reports print Scope 1+2)"
        return None if got.missing else Actual(got.figure, got.source + said, got.proxy, got.fails_audit)

    def segments_with_data(self, metric: str) -> set[str]:
        """Segments for which the metric, or a component of its formula, has any figure."""
        names = {metric} | _components(metric, self.vocabulary)
        table = self.reported
        found = set(table.loc[table["metric"].isin(names), "segment"].astype(str))
        if metric in self.scopes and "inventory" in self.order:
            emissions = self.inventory()
            if emissions is not None and len(emissions) and "segment" in emissions:
                found |= set(emissions["segment"].astype(str))
        return {s for s in found if s}

    def years_with_data(self, metrics: Iterable[str]) -> set[int]:
        """Years with a printed figure for any of ``metrics``, or inventory lines for a scope metric."""
        metrics = list(metrics)
        table = self.reported
        years = set(int(y) for y in table.loc[table["metric"].isin(metrics), "year"])
        if "inventory" in self.order and any(m in self.scopes for m in metrics):
            emissions = self.inventory()
            if emissions is not None and len(emissions):
                years |= set(int(y) for y in emissions["year"].unique())
        return years

    def in_boundary(self, target: Target, metric: str, year: int,
                    changes: Iterable[StructuralChange] = ()) -> Actual:
        """The figure for a target's boundary: included segments summed, or excluded ones taken off the whole."""
        boundary: Boundary = target.boundary
        look = dict(scope2_method=target.scope2_method, vintage=target.vintage)
        if boundary.include:
            parts = [self._segment_part(metric, year, s, changes, look) for s in boundary.include]
            missing = [p for p in parts if p.missing]
            if missing:
                return Actual(None, "; ".join(p.source for p in missing))
            total = parts[0].figure
            for part in parts[1:]:
                total = total + part.figure
            return Actual(total, " + ".join(f"[{p.source}]" for p in parts), fails_audit=failing_in(parts))
        whole = self.figure(metric, year, **look)
        if whole.missing or not boundary.exclude:
            return Actual(whole.figure, whole.source + (" (whole group, used as a proxy for "
                          f"{boundary.name or 'the boundary'})" if boundary.proxy and not whole.missing else ""),
                          proxy=boundary.proxy, fails_audit=whole.fails_audit)
        parts = [self._segment_part(metric, year, s, changes, look) for s in boundary.exclude]
        missing = [p for p in parts if p.missing]
        if missing:
            return Actual(None, "; ".join(p.source for p in missing))
        value = whole.figure
        for part in parts:
            value = value - part.figure
        return Actual(value, f"[{whole.source}] minus " + " minus ".join(f"[{p.source}]" for p in parts),
                      fails_audit=failing_in([whole, *parts]))

    def _segment_part(self, metric, year, segment, changes, look) -> Actual:
        found = self.figure(metric, year, segment, **look)
        if not found.missing:
            return Actual(found.figure, f"{segment}: {found.source}", fails_audit=found.fails_audit)
        started = [c for c in changes if c.kind == "new_segment" and c.segment == segment
                   and c.base_year_effect is None and c.year > year]
        if started:
            return Actual(Figure.exact(0.0), f"{segment}: 0, not operating before {self.years.label_of(started[0].year)} "
                                             f"(structural change: new segment)")
        return Actual(None, f"no figure for {metric} {self.years.label_of(year)} of segment {segment}; supply it, or declare when the "
                            f"segment started with a structural change of kind 'new_segment'")

    # -- shares and running totals ---------------------------------------------------------

    def share(self, target: Target, year: int, changes: Iterable[StructuralChange] = ()) -> Actual:
        """numerator / denominator; when the denominator is missing but bounded from above, a lower bound.

        A share the reports print (a target with ``metric`` and no numerator) is read as printed, as a fraction,
        for the one segment the boundary includes: a share is never summed, nor zero before a segment began."""
        if not target.numerator:
            include = target.boundary.include
            found = (self.figure(target.metric, year, include[0], vintage=target.vintage) if include
                     else self.in_boundary(target, target.metric, year, changes))
            if found.missing:
                return found
            fraction = units.conversion_factor(self.vocabulary.unit(target.metric), "dimensionless")
            where = f" ({include[0]})" if include else ""
            return Actual(found.figure * fraction, f"{target.metric}{where}: {found.source}", proxy=found.proxy,
                          fails_audit=found.fails_audit)
        num = self.in_boundary(target, target.numerator, year, changes)
        if num.missing:
            return num
        den = self.in_boundary(target, target.denominator, year, changes)
        if not den.missing and den.figure.low <= 0 <= den.figure.high:  # no electricity that year: no share of it
            return Actual(None, f"{target.denominator} {self.years.label_of(year)} is zero or may be ({den.source}): "
                                f"the share has no value")
        if not den.missing:
            return Actual(num.figure / den.figure, f"{target.numerator} / {target.denominator}: {num.source} / {den.source}",
                          proxy=num.proxy, fails_audit=failing_in([num, den]))
        if not target.denominator_at_most:
            return Actual(None, den.source)
        bound = self.in_boundary(target, target.denominator_at_most, year, changes)
        if bound.missing:
            return Actual(None, f"{den.source}; and {bound.source}")
        low = min(num.figure.low / bound.figure.high, 1.0)
        return Actual(Figure(None, Interval(low, 1.0)),
                      f"a bound: at least {target.numerator} / {target.denominator_at_most} = {num.source} / "
                      f"{bound.source}, because {target.denominator} is not reported and is part of "
                      f"{target.denominator_at_most}; supply {target.denominator} for {target.label(year)} to get the share",
                      proxy=num.proxy)

    def cumulative(self, target: Target, year: int, changes: Iterable[StructuralChange] = ()) -> Actual:
        """The running total since the start year: the sum of yearly figures, else a reported progress share."""
        last = min(year, target.target_year)
        parts = [self.in_boundary(target, target.metric, y, changes) for y in range(target.base_year, last + 1)]
        missing = [y for y, p in zip(range(target.base_year, last + 1), parts) if p.missing]
        if parts and not missing:
            total = parts[0].figure
            for part in parts[1:]:
                total = total + part.figure
            return Actual(total, f"sum of {target.metric} {target.label(target.base_year)}-{target.label(last)}",
                          fails_audit=failing_in(parts))
        reported = dict(target.progress_reported)
        if year in reported:
            printed = parse_printed(reported[year])
            share = printed.interval
            total = target.level.absolute
            figure = Figure.between(*(from_percent(v) * total for v in (printed.value, share.low, share.high)))
            return Actual(figure, f"reported progress: {printed.text} % of the {target.level.text} total "
                                  f"(no yearly figures for {', '.join(map(target.label, missing))})")
        return Actual(None, f"no figure for {target.metric} in {', '.join(map(target.label, missing))} and no reported "
                            f"progress for {target.label(year)}")


def failing_in(actuals: Iterable[Actual]) -> tuple[str, ...]:
    """The failing prints of several figures, each once."""
    return tuple(dict.fromkeys(text for a in actuals for text in a.fails_audit))


def _components(metric: str, vocabulary: Vocabulary, depth: int = 0) -> set[str]:
    if metric not in vocabulary or depth > 3 or not vocabulary.formula(metric):
        return set()
    found = set()
    for name in _parsed(vocabulary.formula(metric)).metrics:
        found |= {name} | _components(name, vocabulary, depth + 1)
    return found


@lru_cache(maxsize=256)
def _parsed(text: str) -> Formula:
    return parse_formula(text, source="metrics.csv")


def _empty_reported() -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype=object) for c in ("vintage", "metric", "segment", "text", "unit")}
                        | {c: pd.Series(dtype=float) for c in ("value_c", "low_c", "high_c")}
                        | {"year": pd.Series(dtype=int)})


def combine_reported(*frames: pd.DataFrame | None) -> pd.DataFrame:
    """Reported tables and supplied figures as one table (empty frames dropped)."""
    frames = [f for f in frames if f is not None and len(f)]
    return pd.concat(frames, ignore_index=True) if frames else _empty_reported()


def workspace_observations(opened: OpenWorkspace, target_set) -> "Observations":
    """What a workspace says about its targets' metrics: reported figures first, its inventory if needed.

    Besides emissions, the inventory's energy figures (electricity, renewable electricity, energy
    by kind) stand after the printed ones, so that a renewable-electricity target is tracked from
    activity data where the report prints no share.
    """
    workspace = opened.config
    if target_set.vocabulary is opened.vocabulary or not workspace.reported_files:
        used = opened.used  # the target file declares no metrics of its own: the figures every command uses
    else:
        reported = _reported_with(opened, target_set.vocabulary)
        used = used_figures(figure_table(reported, opened.figures[opened.figures["provenance"] == COMPUTED]),
                            target_set.vocabulary, workspace.prefer, opened.failures)
    return Observations(combine_reported(_wanted(used, target_set), target_set.figures), target_set.vocabulary,
                        inventory=lambda: _workspace_emissions(opened), order=target_set.actuals_from,
                        inventory_name="the inventory of " + ", ".join(p.name for p in workspace.activity_files),
                        years=workspace.fiscal_years)


def _reported_with(opened: OpenWorkspace, vocabulary: Vocabulary) -> pd.DataFrame:
    """The reported tables read with a target file's metrics: the workspace's own reading when the file only adds
    metrics (no scope total, no other unit for a printed one), so it reads the same; else read again with them.

    Why: reading and validating the tables is a tenth of a small workspace's report, and was done twice.
    """
    workspace, printed, base = opened.config, opened.printed, opened.vocabulary
    names = set(printed["metric"]) if printed is not None and len(printed) else set()
    if (printed is not None and scope_structure(vocabulary).metrics == scope_structure(base).metrics
            and all(m in vocabulary and vocabulary.unit(m) == base.unit(m) for m in names)):
        return printed
    return read_reported(workspace.reported_files, vocabulary, workspace.encoding, workspace.fiscal_years,
                         workspace.decimal_marks)


def _wanted(used: pd.DataFrame, target_set) -> pd.DataFrame:
    """The used figures less computed energy figures no target measures (they would only slow look-ups)."""
    wanted = {name for t in target_set.targets for name in t.measures}
    energy = (used["provenance"] == COMPUTED) & used["metric"].isin(ENERGY_METRICS) & ~used["metric"].isin(wanted)
    return used[~energy]


def _workspace_emissions(opened: OpenWorkspace):
    """The workspace's computed emission totals (the lines' columns less ``row``), or None without
    activity files or a GWP set. Totals, not lines: a target needs sums, and lines cost a row each."""
    return opened.inventory.result.totals if opened.computes else None
