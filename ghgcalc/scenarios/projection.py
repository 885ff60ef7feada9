"""The projection engine: a scenario's inventory, year by year and draw by draw, against its targets.

Every figure is an array over (draws, years), so one pass of numpy arithmetic projects
every draw at once (:mod:`ghgcalc.scenarios.engine` says how a line's emissions are made);
draws are processed in chunks of about 260,000 cells, so that the working arrays stay the
same size however many draws are asked for. ``project`` keeps every draw's figures (about
6 MB per 1,000 draws of the Xiaomi plan); a run that prints only bands and probabilities is
made block by block in bounded memory by :func:`ghgcalc.scenarios.summary.summarise`.

Targets are read at the same boundary and metric as ``ghgcalc gap`` reads them: the base
comes from the workspace (recalculated for structural changes as the GHG Protocol asks),
and when the workspace knows only bounds for it (a share whose denominator is not
reported) the scenario's own start-year value stands in.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

import numpy as np

from ghgcalc.scenarios.distributions import Sampler
from ghgcalc.scenarios.engine import Arrays, over_segments, project_chunk
from ghgcalc.scenarios.quantiles import signless_zero
from ghgcalc.scenarios.start_figures import StartFigure, from_start_figure, start_note, workspace_actual
from ghgcalc.targets.pathway import gap as directed_gap, linear_pathway
from ghgcalc.scenarios.definitions import Scenario
from ghgcalc.targets.definitions import Target
from ghgcalc.targets.kinds import counted_neutralisation, pathway_points
from ghgcalc.targets.progress import recalculate_base
from ghgcalc.core.units import conversion_factor
from ghgcalc.errors import ConfigError
from ghgcalc.figures.metrics import bind_metric

BYTE_UNITS = ("bytes", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB")
MAX_RESULT_BYTES = 2 * 1024**3  # results of one run; the working arrays are chunked and stay small
SERIES = ("scope1", "scope2_location", "scope2_market", "scope3", "energy_direct", "energy_indirect", "electricity",
          "energy_renewable")
PERCENTILES = (5, 50, 95)
# Figures a target may name that the scenario projects under another name. A scenario's renewable energy is
# the renewable electricity of its electricity lines (certificates, PPAs, on-site generation: the only
# renewable energy a line carries), so an RE100 target written as ``gap`` reads it (electricity_renewable /
# electricity) is projected from the same series as one written on energy_renewable.
SERIES_NAMED = {"electricity_renewable": "energy_renewable"}
# a chunk's arrays (about 230 KB each for 9 lines) stay in a core's cache; each chunk also costs a few hundred
# numpy calls, whatever its size: 100,000 draws in two processes took 0.46 s in chunks of 2**18 cells against
# 0.49 s of 2**17 and 0.51 s of 2**16 (0.69 s against 0.73 s in one process), and 2**19 was no faster
CELLS_PER_CHUNK = 1 << 18


class NotProjected(Exception):
    """A target the scenario has no figures for; the message says why."""


NO_DRAWS_KEPT = "this run kept no draw's figures, only its bands and probabilities (summary): project() keeps every draw"


@dataclass
class TargetOutcome:
    """One target under a scenario: its projected figure per draw and year, level, pathway and verdicts."""

    target: Target
    reason: str = ""  # why it is not projected ("" when it is)
    values: np.ndarray | None = None  # (draws, years), canonical unit (shares as fractions)
    level: np.ndarray | None = None  # (draws, 1), or (1, 1) when the same in every draw
    pathway: np.ndarray | None = None  # (draws, years), or (1, years)
    counted: np.ndarray | None = None  # neutralisation counted, (draws, years)
    base: np.ndarray | None = None  # (draws, 1), or (1, 1)
    base_source: str = ""
    notes: list = field(default_factory=list)
    start: StartFigure | None = None  # the start year's figure gap uses, beside the lines' (None: the workspace has none)

    @property
    def projected(self) -> bool:
        return not self.reason

    def _kept(self) -> np.ndarray:
        """Every draw's figures; why there are none, as one clear error (a bare TypeError said nothing)."""
        if self.values is None:
            raise ValueError(f"target {self.target.id!r} is not projected: {self.reason}" if self.reason
                             else NO_DRAWS_KEPT)
        return self.values

    @property
    def gap(self) -> np.ndarray:
        return directed_gap(self._kept(), self.level, self.target.direction)

    @property
    def met(self) -> np.ndarray:
        """(draws, years): the level reached (and, for neutrality, what remains neutralised)."""
        gap = self.gap  # first: where no draw is kept, the clear error
        ok = gap <= 1e-9 * np.maximum(1.0, np.abs(self.level))
        if self.counted is not None:
            ok &= self.values - self.counted <= 1e-9 * np.maximum(1.0, np.abs(self.level))
        return ok


@dataclass
class ScenarioResult:
    scenario: Scenario
    years: np.ndarray
    draws: int
    seed: int
    uncertain: bool
    series: dict  # name -> (segments, draws, years)
    segments: tuple[str, ...]
    neutralisation: dict  # "removal"/"credit" -> (draws, years)
    drivers: dict  # name -> (draws, years)
    targets: list  # TargetOutcome
    summary: object = None  # the bands and probabilities the outputs print (ghgcalc.scenarios.summary)
    # figures read more than once (a total, a metric over a boundary), made once; read-only, as they are shared
    made: dict = field(default_factory=dict, repr=False, compare=False)

    def index(self, year: int) -> int:
        return int(year - self.years[0])

    def outcome(self, target_id: str) -> TargetOutcome:
        for outcome in self.targets:
            if outcome.target.id == target_id:
                return outcome
        self.scenario.targets.get(target_id)  # raises with the known ids
        raise KeyError(target_id)

    def total(self, name: str) -> np.ndarray:
        """(draws, years): a series summed over segments; 'scope12' uses the scenario's Scope 2 method.

        Made once (the outputs, each target on it and the segments read the same totals), read-only."""
        if name == "scope12":
            return self.once(name, lambda: self.total("scope1") + self.total(f"scope2_{self.scenario.scope2_method}"))
        if name in SERIES and name not in self.series:
            raise ValueError(NO_DRAWS_KEPT)
        return self.once(name, lambda: over_segments(self.series[name]))

    def once(self, key, make: Callable[[], np.ndarray]) -> np.ndarray:
        """The figure ``make`` gives, made the first time ``key`` is asked for and kept read-only."""
        found = self.made.get(key)
        if found is None:
            found = self.made[key] = make()
            if isinstance(found, np.ndarray):
                found.flags.writeable = False
        return found


# --- running a scenario -----------------------------------------------------------------------

@dataclass
class Plan:
    """What a run needs before any draw is projected: the lines as arrays, the sampler, the chunking."""

    scenario: Scenario
    arrays: Arrays
    sampler: Sampler
    draws: int
    seed: int
    uncertain: bool
    chunk: int  # draws projected at once, so that the working arrays stay small
    active: np.ndarray | None = None

    @classmethod
    def of(cls, scenario: Scenario, *, draws: int | None = None, seed: int | None = None, central: bool = False,
           overrides: dict | None = None, active: np.ndarray | None = None) -> "Plan":
        seed = scenario.seed if seed is None else seed
        uncertain = scenario.uncertain and not central
        if active is not None:
            draws = active.shape[0]
        elif draws is None:
            draws = scenario.draws if uncertain else 1
        arrays = Arrays.of(scenario)
        sampler = Sampler(seed, draws, central=central or not uncertain, overrides=dict(overrides or {}))
        chunk = max(1, CELLS_PER_CHUNK // (len(scenario.years) * max(len(arrays.ids), 1)))
        return cls(scenario, arrays, sampler, draws, seed, uncertain, chunk, active)

    def window(self, lo: int, hi: int, progress: Callable[[int], None] | None = None) -> ScenarioResult:
        """Draws lo to hi projected chunk by chunk, and the targets evaluated on them."""
        return with_targets(self.lines(lo, hi, progress))

    def lines(self, lo: int, hi: int, progress: Callable[[int], None] | None = None,
              into: dict | None = None) -> ScenarioResult:
        """Draws lo to hi projected chunk by chunk: the series, neutralisation and drivers, no target yet.

        Chunks start at multiples of ``chunk`` counted from draw 0, so that a draw's figures
        are the same whichever window holds it. ``into``: series (``series_memory``) to write
        into, of at least hi - lo draws, reused from window to window rather than made anew."""
        scenario, arrays, sampler = self.scenario, self.arrays, self.sampler
        years = np.asarray(scenario.years)
        n = hi - lo
        memory = self.series_memory(n) if into is None else into
        series = {name: values[:, :n] for name, values in memory.items() if isinstance(name, str)}
        totals = {name: memory[("total", name)][:n] for name in SERIES if ("total", name) in memory}
        neutral = {name: np.empty((n, len(years))) for name in ("removal", "credit")}
        drivers = {d.name: np.empty((n, len(years))) for d in scenario.drivers}
        for a in range(lo, hi, self.chunk):
            b = min(hi, a + self.chunk)
            sampler.window(a, b)
            out = {name: series[name][:, a - lo:b - lo] for name in SERIES}
            added = {name: total[a - lo:b - lo] for name, total in totals.items()}
            part = project_chunk(scenario, arrays, sampler, None if self.active is None else self.active[a:b], out, added)
            for key, store in (("neutralisation", neutral), ("drivers", drivers)):
                for name, values in part[key].items():
                    store[name][a - lo:b - lo] = values
            if progress is not None:
                progress(b - a)
        result = ScenarioResult(scenario, years, n, self.seed, self.uncertain, series, arrays.segments, neutral, drivers, [])
        for name, total in totals.items():  # added chunk by chunk, while each chunk's series were at hand
            result.once(name, lambda: total)
        return result

    def series_memory(self, draws: int) -> dict:
        """Room for the series of ``draws`` draws, for ``lines(into=...)``: name -> (segments, draws, years), and
        ("total", name) -> (draws, years) for each series over more than one segment.

        A series no line adds to is zero, a view of one number (the projection never writes to it). Why one block:
        a block of draws' series is tens of MB, which the C allocator maps apart and numpy asks the system to
        back with huge pages, so a process forked for a run faults a few pages in where separate arrays of
        1-2 MB each took a page fault every 4 KB (10,200 page faults a process for 100,000 draws against 14,800)."""
        segments, years = len(self.arrays.segments), len(self.scenario.years)
        per_series = segments + (segments > 1)  # its segments, then its total
        written = [name for name in SERIES if name not in self.arrays.empty_series]
        room = np.empty((len(written) * per_series, draws, years))
        zero = np.zeros(())  # read through views as wide as a series, never written
        memory = {}
        for name in SERIES:
            if name in written:
                own = room[written.index(name) * per_series:][:per_series]
            else:
                own = np.broadcast_to(zero, (per_series, draws, years))
            memory[name] = own[:segments]
            if segments > 1:
                memory[("total", name)] = own[segments]
        return memory


def with_targets(result: ScenarioResult) -> ScenarioResult:
    """The result with each of its scenario's targets evaluated on its draws."""
    result.targets = [evaluate_target(result, target) for target in result.scenario.targets.targets]
    return result


def project(scenario: Scenario, *, draws: int | None = None, seed: int | None = None, central: bool = False,
            overrides: dict | None = None, active: np.ndarray | None = None,
            progress: Callable[[int], None] | None = None) -> ScenarioResult:
    """Project a scenario, keeping every draw's figures: every draw (or, ``central``, one run at each
    parameter's median). A run that needs only its bands and probabilities is lighter through
    :func:`ghgcalc.scenarios.summary.summarise`.

    ``overrides`` fixes parameters by path (goal seek); ``active`` (draws x levers, 0/1)
    switches levers off draw by draw (attribution). Deterministic for a given seed.
    """
    plan = Plan.of(scenario, draws=draws, seed=seed, central=central, overrides=overrides, active=active)
    _check_memory(scenario, plan.draws, len(plan.arrays.segments), len(scenario.years))
    return plan.window(0, plan.draws, progress)


def _check_memory(scenario: Scenario, draws: int, segments: int, years: int) -> None:
    """Refuse, before allocating, a run whose results would not fit: the message gives the memory needed.

    Why a fixed ceiling: results grow with draws x years x series, and numpy would otherwise
    try (and fail, or swap) to allocate whatever was asked, e.g. 10**12 draws.
    """
    per_draw = 8 * years * (len(SERIES) * max(segments, 1) + 2 + len(scenario.drivers))
    refuse_beyond(scenario, draws, per_draw, "the results")


def refuse_beyond(scenario: Scenario, draws: int, per_draw: int, held: str) -> None:
    """Refuse a run whose ``per_draw`` bytes (of ``held``) times ``draws`` pass ``MAX_RESULT_BYTES``."""
    needed = per_draw * draws
    if needed > MAX_RESULT_BYTES:
        raise ConfigError(f"{scenario.path.name}: {draws:,} draws of {len(scenario.years)} years would need "
                          f"{_bytes(needed)} of memory for {held} ({_bytes(per_draw)} a draw); at most "
                          f"{MAX_RESULT_BYTES // per_draw:,} draws fit in the {_bytes(MAX_RESULT_BYTES)} ghgcalc allows: "
                          f"ask for fewer draws (--draws)")


def _bytes(count: float) -> str:
    power = 0
    while count >= 1024 and power < len(BYTE_UNITS) - 1:
        count, power = count / 1024, power + 1
    return f"{count:,.0f} {BYTE_UNITS[power]}" if power == 0 else f"{count:,.1f} {BYTE_UNITS[power]}"


# --- targets ----------------------------------------------------------------------------------

def evaluate_target(result: ScenarioResult, target: Target) -> TargetOutcome:
    scenario = result.scenario
    outcome = TargetOutcome(target)
    if target.kind.project is None:
        outcome.reason = (f"a {target.type} target on {target.metric}: the scenario projects emissions and energy, "
                          f"not {target.metric}")
        return outcome
    if not scenario.start_year <= target.target_year <= scenario.horizon:
        label = target.label
        outcome.reason = (f"its target year {label(target.target_year)} is outside the scenario's years "
                          f"{label(scenario.start_year)}-{label(scenario.horizon)}")
        return outcome
    try:
        values = target.kind.project(target, lambda metric: metric_values(result, metric, target),
                                     scenario.targets.vocabulary.unit)
    except NotProjected as exc:
        outcome.reason = str(exc)
        return outcome
    values, outcome.start = from_start_figure(scenario, target, values)
    if outcome.start is not None and not outcome.start.agrees:
        outcome.notes.append(start_note(target, outcome.start, scenario.fiscal_years.label_of(scenario.start_year)))
    outcome.values = values
    outcome.base, outcome.base_source = _base(result, target, values, outcome.notes)
    base = outcome.base
    outcome.level, points = pathway_points(target, base, lambda value: np.full((1, 1), value))
    if outcome.level is None:  # a level set as a share of a base that has no figure
        outcome.reason = outcome.notes[-1]
        return outcome
    if points and not np.isnan(base).any():
        outcome.pathway = _pathway(result, target, base, points)
    if target.kind.counts:
        outcome.counted = counted_neutralisation(target, result.neutralisation)
    return outcome


def _pathway(result: ScenarioResult, target: Target, base: np.ndarray, points: list) -> np.ndarray:
    """(draws, years), or (1, years) from a base the same in every draw: then made once per scenario (read-only)."""
    def make():
        # a level the same in every draw meets a base that differs by draw: each year gets the draws' shape
        return np.concatenate(np.broadcast_arrays(*(linear_pathway(points, int(y)) for y in result.years)), axis=1)

    if base.shape != (1, 1):
        return make()
    key = ("pathway", target.id, base.tobytes())
    if key not in result.scenario.memo:
        result.scenario.memo[key] = pathway = make()
        pathway.flags.writeable = False
    return result.scenario.memo[key]


def _base(result: ScenarioResult, target: Target, values: np.ndarray, notes: list) -> tuple[np.ndarray | None, str]:
    """The base: the workspace's figure (recalculated for structural changes), else the scenario's own."""
    scenario = result.scenario
    key = ("base", target.id)
    if key not in scenario.memo:
        changes = scenario.targets.structural_changes
        target, found = workspace_actual(scenario, target, target.base_year)
        recalculated, note = (None, "") if found.figure is None or found.figure.value is None else recalculate_base(
            target, found.figure, changes, scenario.start_year, scenario.significance_threshold)
        scenario.memo[key] = (found, recalculated, note)
    found, recalculated, note = scenario.memo[key]
    if found.figure is not None and found.figure.value is not None:
        figure = recalculated if recalculated is not None else found.figure
        if recalculated is not None:
            notes.append(f"base recalculated: {note}")
        return np.full((1, 1), figure.value), f"workspace: {found.source}"
    if scenario.start_year <= target.base_year <= scenario.horizon:
        i = result.index(target.base_year)
        notes.append(f"the workspace has no value for the base ({found.source}); the scenario's own "
                     f"{target.label(target.base_year)} figure stands in")
        base = values[:, i:i + 1]
        return (base[:1].copy() if np.all(base == base[0]) else base.copy()), f"scenario, {target.label(target.base_year)}"
    notes.append(f"no base: {found.source}")
    return None, ""


def metric_values(result: ScenarioResult, metric: str, target: Target) -> np.ndarray:
    """(draws, years) of a metric over the target's boundary, in the metric's canonical unit."""
    scenario = result.scenario
    vocabulary = scenario.targets.vocabulary
    method = target.scope2_method or scenario.scope2_method
    if metric == "scope2":
        metric = f"scope2_{method}"
    metric = SERIES_NAMED.get(metric, metric)
    key = ("metric", metric, method, target.boundary.include, target.boundary.exclude)  # all its figure depends on
    if key in result.made:
        return result.made[key]
    if metric in result.series:
        return result.once(key, lambda: _in_boundary(result, metric, target))
    if metric in result.drivers:
        driver = next(d for d in scenario.drivers if d.name == metric)
        if metric in vocabulary and driver.unit != vocabulary.unit(metric):
            scale = conversion_factor(driver.unit, vocabulary.unit(metric))
            return result.once(key, lambda: result.drivers[metric] * scale)
        return result.drivers[metric]
    formula = vocabulary.formula(metric) if metric in vocabulary else ""
    if not formula:
        known = sorted(set(SERIES) | set(SERIES_NAMED) | {"scope2", "scope12"} | set(result.drivers))
        raise NotProjected(f"the scenario has no figures for {metric} (it projects {', '.join(known)}"
                           f"{'' if result.drivers else '; declare a driver to project a denominator'})")
    bound = bind_metric(vocabulary, metric)
    return result.once(key, lambda: bound.evaluate_arrays(lambda name: metric_values(result, name, target)))


def _in_boundary(result: ScenarioResult, metric: str, target: Target) -> np.ndarray:
    boundary = target.boundary
    segments, values = result.segments, result.series[metric]
    missing = [s for s in boundary.segments if s not in segments]
    if missing:
        raise NotProjected(f"its boundary names segment {missing[0]!r}, which has no lines in the scenario "
                           f"(segments: {', '.join(segments)})")
    # the segments in the boundary, added in the series' order: the whole boundary is the series' total itself, one
    # segment is its own figure (the same numbers as the run prints for it), and nothing is taken off a total
    inside = [k for k, s in enumerate(segments) if (s in boundary.include if boundary.include else s not in boundary.exclude)]
    if len(inside) == len(segments):
        return result.total(metric)
    if not inside:
        return np.zeros(values.shape[1:])
    if len(inside) == 1:
        return values[inside[0]]
    total = values[inside[0]] + values[inside[1]]
    for k in inside[2:]:
        total += values[k]
    return total


# --- summaries ---------------------------------------------------------------------------------

def percentiles(values: np.ndarray, points=PERCENTILES) -> np.ndarray:
    """(len(points), years) percentiles over draws; a single draw gives its own values."""
    if values.shape[0] == 1:
        return signless_zero(np.repeat(values, len(points), axis=0))
    return signless_zero(np.percentile(values, points, axis=0))


def probability_met(outcome: TargetOutcome) -> np.ndarray:
    """(years,): the share of draws in which the target's level is reached (and neutralised) each year."""
    return outcome.met.mean(axis=0)


def first_year_met(outcome: TargetOutcome, years: np.ndarray, threshold: float = 0.5) -> int | None:
    """The first year in which at least ``threshold`` of the draws meet the target (every draw for one draw)."""
    p = probability_met(outcome)
    hits = np.flatnonzero(p >= threshold - 1e-12)
    return int(years[hits[0]]) if len(hits) else None

