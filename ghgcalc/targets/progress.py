"""Progress towards targets in one reporting year: actual, pathway, gap, and what it still takes.

Everything is anchored to the reporting year: only figures for the base year up to the
reporting year are read, so a later year's data never changes an earlier year's verdict.
Figures carry their printed-precision intervals through every step (see
:mod:`ghgcalc.targets.pathway`); a verdict is given only when the whole interval agrees, and is
"undetermined" otherwise. Neutralisation (removals, credits) is shown beside the
emissions, never subtracted from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable, Sequence

import pandas as pd

from ghgcalc.errors import ConfigError
from ghgcalc.core.percent import percent_text
from ghgcalc.targets.actuals import Actual, Observations
from ghgcalc.targets.neutralisation import neutralised
from ghgcalc.targets.benchmarks import Benchmark, benchmarks_met, sbti_benchmarks, sbti_net_zero_source
from ghgcalc.targets.pathway import (
    REDUCE, Figure, compound_annual_change, gap as directed_gap, implied_linear_reduction, linear_pathway,
    progress_fraction, progress_fraction_of_base,
)
from ghgcalc.targets.definitions import StructuralChange, Target, TargetSet
from ghgcalc.targets.evidence import later_evidence
from ghgcalc.targets.kinds import counted_neutralisation, display_factor, pathway_points, residual_not_neutralised
from ghgcalc.workspace.config import DEFAULT_SIGNIFICANCE_THRESHOLD

SCOPE12_METRICS = ("scope1", "scope2", "scope2_location", "scope2_market", "scope12")
ON_TRACK, OFF_TRACK, UNDETERMINED, NO_DATA, MET, MISSED, BEFORE_BASE, AT_BASE = (
    "on track", "off track", "undetermined", "no data", "met", "missed", "before base year", "base year")


@dataclass(frozen=True)
class BaseYear:
    """The base as the target set it, and as recalculated for structural changes (GHG Protocol ch. 5)."""

    year: int | None
    as_set: Figure | None
    recalculated: Figure | None
    note: str
    source: str = ""
    missing: bool = False  # the base year has no figure

    @property
    def used(self) -> Figure | None:
        return self.recalculated if self.recalculated is not None else self.as_set


@dataclass(frozen=True)
class Ambition:
    """A Scope 1+2 target's implied yearly linear cut set against the SBTi minimum rates."""

    annual_linear_reduction: float  # fraction of base-year emissions per year
    meets: tuple[str, ...]
    benchmarks: tuple[Benchmark, ...] = field(default_factory=sbti_benchmarks)

    def describe(self) -> str:
        rate = f"{percent_text(self.annual_linear_reduction, '.2f')} % of base a year (linear)"
        verdicts = [f"{'meets' if b.name in self.meets else 'falls short of'} {b.name} "
                    f"({percent_text(b.annual_linear_reduction, '.1f')} %/yr)" for b in self.benchmarks]
        return f"{rate}: {', '.join(verdicts)} [{self.benchmarks[0].source}]"


@dataclass(frozen=True)
class Neutralisation:
    """Removals and credits recorded for the reporting year, kept apart from the emissions."""

    removals: Figure
    credits: Figure
    counted: Figure  # what this kind of target lets count (net zero: removals only)
    uncovered: Figure | None  # emissions minus what counts; never netted into the actual
    depth: float | None  # the cut the target sets, as a fraction of the base
    min_reduction: float | None
    depth_ok: bool | None

    def depth_note(self) -> str:
        """The depth check in words, citing the standard that sets the minimum."""
        return (f"depth check{'' if self.depth_ok else ' fails'}: the target cuts {percent_text(self.depth, '.4g')} % "
                f"of the base, {'at least' if self.depth_ok else 'less than'} the "
                f"{percent_text(self.min_reduction, '.4g')} % required ({sbti_net_zero_source()})")


@dataclass(frozen=True)
class Progress:
    """Where one target stands in one reporting year. Quantities are in the metric's canonical unit
    (shares and fractions as fractions); ``display_factor`` turns them into the target's unit."""

    target: Target
    year: int
    base: BaseYear
    actual: Actual
    target_level: Figure | None
    pathway_value: Figure | None
    pathway_points: tuple[tuple[int, Figure], ...]
    gap: Figure | None
    gap_fraction: Figure | None  # the gap as a fraction of the target level
    gap_to_pathway: Figure | None
    progress: Figure | None  # fraction of the way from base to target
    years_left: int
    required_annual_rate: Figure | None  # compound, fraction a year, in the target's direction
    required_annual_change: Figure | None  # linear, canonical unit a year, in the target's direction
    on_track: bool | None
    status: str
    ambition: Ambition | None
    neutralisation: Neutralisation | None
    history: tuple[tuple[int, Actual], ...]
    notes: tuple[str, ...]

    @property
    def display_factor(self) -> float:
        return display_factor(self.target)


# --- one target ---------------------------------------------------------------------------

def actual_for(target: Target, year: int, observations: Observations, changes: Sequence[StructuralChange]) -> Actual:
    """The target's figure in one year, measured as its kind says (a running total for cumulative targets)."""
    return target.kind.measure(observations, target, year, changes)


def recalculate_base(target: Target, base: Figure | None, changes: Iterable[StructuralChange], year: int,
                     threshold: float) -> tuple[Figure | None, str]:
    """Base-year recalculation, GHG Protocol Corporate Standard ch. 5 ("Tracking emissions over time").

    Structural changes (acquisitions, divestments, mergers, out/insourcing), methodology
    changes and error corrections declared up to the reporting year are summed; when
    their total size reaches ``threshold`` of the base, the base is recalculated as
    base + their effects. Organic growth and facilities that did not exist in the base
    year never trigger a recalculation. Changes to segments outside the boundary are ignored.
    """
    notes, effects = [], []
    for change in changes:
        if not (target.base_year < change.year <= year):
            continue
        outside = (change.segment and (change.segment in target.boundary.exclude or
                   (target.boundary.include and change.segment not in target.boundary.include)))
        label = f"{change.kind}{' of ' + change.segment if change.segment else ''} ({target.label(change.year)})"
        if outside:
            notes.append(f"{label}: outside the boundary")
        elif change.base_year_effect is None:
            notes.append(f"{label}: did not exist in the base year; no recalculation for organic growth")
        elif change.metric == target.metric:
            effects.append(change.base_year_effect)
            notes.append(f"{label}: {change.base_year_effect:+,.2f} {target.canonical_unit} on the base year")
        else:
            notes.append(f"{label}: declared for {change.metric}, not for this target's {target.metric}")
    if base is None or base.value in (None, 0) or not effects:
        return None, "; ".join(notes + ["base not recalculated"]) if notes else "no structural changes declared"
    size = sum(abs(e) for e in effects) / abs(base.value)
    verdict = (f"changes total {percent_text(size, '.2f')} % of the base, "
               f"{'at or above' if size >= threshold else 'below'} the {percent_text(threshold)} % significance threshold")
    summary = "; ".join(notes + [verdict])
    if size < threshold:
        return None, summary + ": base not recalculated"
    return base + sum(effects), summary + ": base recalculated"


def _verdict(figure: Figure | None) -> bool | None:
    """True when the whole interval is at or below zero (nothing left to go), False when all above."""
    if figure is None:
        return None
    tolerance = 1e-9 * max(1.0, abs(figure.low), abs(figure.high))
    if figure.high <= tolerance:
        return True
    if figure.low > tolerance:
        return False
    return None


def _safe(compute):
    try:
        return compute()
    except (ZeroDivisionError, ValueError, OverflowError):
        return None


def track_target(target: Target, year: int, observations: Observations, *,
                 changes: Sequence[StructuralChange] = (), threshold: float = DEFAULT_SIGNIFICANCE_THRESHOLD,
                 neutralisation: pd.DataFrame | None = None) -> Progress:
    """Progress of one target in ``year``, using only figures for years up to ``year``: the base, the level and
    its pathway, how far the actual is from them (:func:`distances`), neutralisation apart, and the verdict.

    A target whose figures cannot be read as it is written is refused naming it, its file and line."""
    try:
        return _track(target, year, observations, changes, threshold, neutralisation)
    except ConfigError as exc:
        raise ConfigError(f"{target.where('scope2_method')}: target {target.id}: {exc}") from None


def _track(target: Target, year: int, observations: Observations, changes, threshold: float,
           neutralisation: pd.DataFrame | None) -> Progress:
    notes = []
    actual = actual_for(target, year, observations, changes)
    if actual.proxy:
        notes.append(f"boundary {target.boundary.name!r} has no figures of its own: the whole-group figure stands in")
    base = base_year(target, year, actual, observations, changes, threshold)
    level, points = pathway_points(target, base.used, Figure.exact)
    refused = base.missing and level is None and year >= target.base_year  # no base, no level: no gap to give
    if base.missing and not refused:
        notes.append(f"base year: {base.source}")
    pathway = linear_pathway(points, year) if points and year >= target.base_year else None
    if year < target.base_year and not target.kind.running_total:
        notes.append(_before_base_note(target, year, level))
    figure = actual.figure
    measured = distances(target, year, figure, base, level, pathway)
    neutral = None
    if target.kind.counts:
        neutral = check_neutralisation(target, figure, level, base.used, neutralised(neutralisation, year))
        if neutral.depth_ok is not None:
            notes.append(neutral.depth_note())
    on_track, status = (None, NO_DATA) if refused else verdict(target, year, figure, measured, neutral)
    if figure is not None and figure.value is None:
        notes.append("the actual is a bound, not a value; so is every figure derived from it")
    notes += later_evidence(target, year, observations, changes)
    return Progress(
        target=target, year=year, base=base, actual=actual, target_level=level, pathway_value=pathway,
        pathway_points=tuple(points), gap=measured.gap, gap_fraction=measured.gap_fraction,
        gap_to_pathway=measured.to_pathway, progress=measured.progress, years_left=target.target_year - year,
        required_annual_rate=measured.rate, required_annual_change=measured.change, on_track=on_track,
        status=status, ambition=check_ambition(target, base.used, level), neutralisation=neutral,
        history=tuple(_history(target, year, observations, changes, actual)), notes=tuple(notes),
    )


@dataclass(frozen=True)
class Distances:
    """How far an actual is from a target's level and pathway, and what it takes to close the gap."""

    gap: Figure | None = None
    gap_fraction: Figure | None = None
    to_pathway: Figure | None = None
    progress: Figure | None = None
    rate: Figure | None = None
    change: Figure | None = None


def distances(target: Target, year: int, figure: Figure | None, base: BaseYear, level: Figure | None,
              pathway: Figure | None) -> Distances:
    """The gap to the level (and as a fraction of it), the gap to the pathway, the share of the way covered, and the
    yearly change (linear) and rate (compound) that would close the gap by the target year."""
    if figure is None or level is None:
        return Distances()
    direction, running_total, years_left = target.direction, target.kind.running_total, target.target_year - year
    gap = directed_gap(figure, level, direction)
    gap_fraction = None if level.low <= 0 <= level.high else gap / level
    to_path = progress = rate = change = None
    if pathway is not None:
        at_base = year == target.base_year and not running_total and base.recalculated is None
        to_path = Figure.exact(0.0) if at_base else directed_gap(figure, pathway, direction)
        progress = _progress(target, figure, base.used, level, running_total, at_base)
    if years_left > 0:
        change = gap / years_left
        if not running_total and figure.low > 0 and level.low >= 0:
            signed = _safe(lambda: compound_annual_change(figure, level, years_left))
            rate = None if signed is None else (-signed if direction == REDUCE else signed)
    return Distances(gap, gap_fraction, to_path, progress, rate, change)


def _progress(target: Target, figure: Figure, base: Figure | None, level: Figure, running_total: bool,
              at_base: bool) -> Figure | None:
    """The share of the way from the base to the level covered (of the total, for a running total)."""
    if running_total:
        return figure / level
    if at_base:
        return Figure.exact(0.0)
    kept = target.level.fraction_of_base
    if kept is not None and kept != 1:
        return _safe(lambda: progress_fraction_of_base(figure / base, kept))
    return _safe(lambda: progress_fraction(base, figure, level))


def verdict(target: Target, year: int, figure: Figure | None, measured: Distances,
            neutral: Neutralisation | None) -> tuple[bool | None, str]:
    """On track or not (None: the data cannot tell) and the status in words."""
    if year < target.base_year:
        return None, BEFORE_BASE
    if figure is None:
        return None, NO_DATA
    if target.target_year - year <= 0:
        return _final_verdict(measured.gap, neutral)
    on_track = _verdict(measured.to_pathway)
    if year == target.base_year and not target.kind.running_total:
        return on_track, AT_BASE
    return on_track, {True: ON_TRACK, False: OFF_TRACK, None: UNDETERMINED}[on_track]


def _before_base_note(target: Target, year: int, level) -> str:
    """What a year before the base year shows: a level fixed by the target itself (100 % renewable) is known in
    any year; one set against the base year's figure is not, since a year's progress reads no later figure."""
    start, now = target.label(target.base_year), target.label(year)
    if level is not None:
        return (f"target level: fixed by the target, so shown in any year; the pathway, gap and progress start in "
                f"the base year {start}")
    return (f"target level: set against the {start} figure, which a year before it does not read: no level, "
            f"pathway, gap or progress in {now}")


def base_year(target: Target, year: int, actual: Actual, observations: Observations,
              changes: Sequence[StructuralChange], threshold: float) -> BaseYear:
    """The target's base as set and, for structural changes up to ``year``, as recalculated."""
    start = target.base_year
    if target.kind.running_total:
        return BaseYear(None, Figure.exact(0.0), None, f"running total from {target.label(start)}")
    if year < start:
        return BaseYear(start, None, None, f"{target.label(year)} is before the base year {target.label(start)}; "
                                          f"its figures are not read")
    found = actual if year == start else actual_for(target, start, observations, changes)
    recalculated, note = recalculate_base(target, found.figure, changes, year, threshold) \
        if not target.kind.share else (None, "")
    return BaseYear(start, found.figure, recalculated, note, found.source, found.missing)


def check_neutralisation(target: Target, figure: Figure | None, level: Figure | None, base: Figure | None,
                         recorded: dict) -> Neutralisation:
    """What a neutrality or net-zero target lets count against the year's emissions, and whether its cut is deep
    enough (SBTi Corporate Net-Zero Standard: net zero counts removals only, after a deep enough cut)."""
    counted = counted_neutralisation(target, recorded)
    uncovered = None if figure is None else figure - counted
    fraction = target.level.fraction_of_base
    depth = None if fraction is None else 1 - fraction
    if depth is None and level is not None and base is not None and base.value:
        depth = 1 - level.value / base.value
    depth_ok = None if target.min_reduction is None or depth is None else depth >= target.min_reduction - 1e-12
    return Neutralisation(recorded["removal"], recorded["credit"], counted, uncovered, depth,
                          target.min_reduction, depth_ok)


def status_reason(p: "Progress") -> str:
    """Why a target is missed when its gap says the level is reached: a neutrality or net-zero target whose
    residual is not neutralised by what counts; why there is no data: the actual's or the base's figure is missing
    ("" when the status needs no reason beyond the gap)."""
    if p.status == NO_DATA:
        if p.actual.missing:
            return p.actual.source
        return f"the base year {p.target.label(p.target.base_year)} has no figure to set the level from: {p.base.source}"
    n = p.neutralisation
    if p.status != MISSED or n is None or n.uncovered is None or p.actual.figure is None or p.target_level is None:
        return ""
    if _verdict(p.gap) is not True or _verdict(n.uncovered) is True:
        return ""
    f = p.display_factor

    def at(figure: Figure) -> float:  # a figure known only by its bounds is read at their middle
        return (figure.value if figure.value is not None else (figure.low + figure.high) / 2) * f
    return residual_not_neutralised(p.target, at(p.actual.figure), at(n.counted), at(p.target_level), p.target.unit)


def _final_verdict(gap: Figure | None, neutral: Neutralisation | None) -> tuple[bool | None, str]:
    """At or after the target year: met when the level is reached and (neutrality, net zero) the rest is covered."""
    on_track = _verdict(gap)
    if neutral is not None and on_track is not False:
        covered = _verdict(neutral.uncovered)
        on_track = covered if on_track else (None if covered is not False else False)
    return on_track, {True: MET, False: MISSED, None: UNDETERMINED}[on_track]


def check_ambition(target: Target, base: Figure | None, level: Figure | None) -> Ambition | None:
    """For absolute Scope 1+2 targets: the implied linear yearly cut against the SBTi rates."""
    if not target.kind.ambition or target.metric not in SCOPE12_METRICS:
        return None
    fraction = target.level.fraction_of_base
    if fraction is None:
        if base is None or level is None or not base.value:
            return None
        fraction = level.value / base.value
    rate = implied_linear_reduction(fraction, target.base_year, target.target_year)
    return Ambition(rate, tuple(benchmarks_met(rate)))


def _history(target, year, observations, changes, actual) -> list[tuple[int, Actual]]:
    """The target's figure for each year from the base (or start) year to the reporting year."""
    first = target.base_year
    out = []
    for y in range(first, year + 1):
        found = actual if y == year else actual_for(target, y, observations, changes)
        if not found.missing:
            out.append((y, found))
    return out


def track_targets(target_set: TargetSet, observations: Observations, year: int, *,
                  threshold: float = DEFAULT_SIGNIFICANCE_THRESHOLD, neutralisation: pd.DataFrame | None = None,
                  ids: Sequence[str] = (), failed: list | None = None) -> list[Progress]:
    """Progress of the targets named by ``ids`` (default: all) in ``year``; with a ``failed`` list, a target that
    cannot be tracked adds its message there and the others are still tracked."""
    targets = [target_set.get(i) for i in ids] if ids else list(target_set.targets)
    out = []
    for t in targets:
        try:
            out.append(track_target(t, year, observations, changes=target_set.structural_changes,
                                    threshold=threshold, neutralisation=neutralisation))
        except ConfigError as exc:
            if failed is None:
                raise
            failed.append(str(exc))
    return out

