"""What a run's outputs print of its draws: percentiles of each series and target figure, and how many draws meet.

Why two ways to get it: attribution, goal seek and notebooks read every draw's figures
(``project`` keeps them); ``ghgcalc scenario run`` prints only bands and probabilities, so
``summarise`` projects the draws block by block and keeps, of each block, the counts and
the few draws near each percentile (:mod:`ghgcalc.scenarios.quantiles`). Memory then stays
that of a block however many draws are asked for, and the numbers are those of ``project``:
the same draws, chunked the same way, the same percentile arithmetic.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import partial
from typing import Callable

import numpy as np

from ghgcalc.scenarios.definitions import Scenario
from ghgcalc.scenarios.forked import Tickets, at_once, tickets, usable_processes
from ghgcalc.scenarios.projection import PERCENTILES, Plan, ScenarioResult, percentiles, refuse_beyond, with_targets
from ghgcalc.scenarios.quantiles import BlockPercentiles, mirrored
from ghgcalc.targets.pathway import REDUCE

YEAR_SERIES = ("scope1", "scope2_location", "scope2_market", "scope12", "energy_total", "electricity",
               "energy_renewable")
WINDOWS_PER_PROCESS = 4  # blocks of draws a process counts at least, when the number of processes is left open
BLOCK_CHUNKS = 4  # chunks of draws in a block (about a million cells): the first block brackets every percentile


@dataclass(frozen=True)
class Summary:
    """Percentiles (``PERCENTILES``, by column) of each figure over the draws, and per target the draws that meet.

    Keys: ("series", name) for ``YEAR_SERIES``, ("segment", s) for a segment's Scope 1+2,
    ("neutral", kind), and (part, target id) for a target's values, gap, pathway, counted
    neutralisation (by year), base and level (one column).
    """

    draws: int
    bands: dict  # key -> (len(PERCENTILES), columns)
    met: dict  # target id -> (years,) number of draws that meet it

    def percentiles(self, key: tuple) -> np.ndarray:
        return self.bands[key]

    def probability(self, target_id: str) -> np.ndarray:
        """(years,): the share of draws that meet the target each year."""
        return self.met[target_id] / self.draws

    @classmethod
    def of(cls, result: ScenarioResult) -> "Summary":
        """From a run that kept every draw."""
        bands = {key: percentiles(values) for key, values in figures(result)}
        met = {o.target.id: np.count_nonzero(o.met, axis=0) for o in result.targets if o.projected}
        return cls(result.draws, bands, met)


def summary_of(result: ScenarioResult) -> Summary:
    """A run's summary: the one ``summarise`` made, or one made (once) from its draws."""
    if result.summary is None:
        result.summary = Summary.of(result)
    return result.summary


def series_total(result: ScenarioResult, name: str) -> np.ndarray:
    """(draws, years) of a year series: 'energy_total' is direct plus indirect energy."""
    if name == "energy_total":
        return result.once(name, lambda: result.total("energy_direct") + result.total("energy_indirect"))
    return result.total(name)


def figures(result: ScenarioResult, skip: frozenset = frozenset()):
    """Every figure the outputs print a band of: (key, (draws, columns) or (1, columns) when the same in every
    draw), one at a time, so that a block's figures need not all be held at once; none of the keys ``skip``."""
    method = f"scope2_{result.scenario.scope2_method}"
    for name in YEAR_SERIES:
        yield ("series", name), series_total(result, name)
    for k, segment in enumerate(result.segments):
        yield ("segment", segment), result.once(("segment", k), lambda: result.series["scope1"][k] + result.series[method][k])
    for kind, values in result.neutralisation.items():
        yield ("neutral", kind), values
    for o in result.targets:
        if o.projected:
            yield ("values", o.target.id), o.values
            if ("gap", o.target.id) not in skip:
                yield ("gap", o.target.id), o.gap
            for part in ("pathway", "counted", "base", "level"):
                if getattr(o, part) is not None:
                    yield (part, o.target.id), getattr(o, part)


def summarise(scenario: Scenario, *, draws: int | None = None, seed: int | None = None,
              progress: Callable[[int], None] | None = None, processes: int | None = None) -> ScenarioResult:
    """Project a scenario for its bands and probabilities only: a result whose ``summary`` holds them and
    whose per-draw arrays are left empty (``project`` keeps them).

    ``processes``: how many processes project the blocks of draws at once, this one and copies of it (None:
    one per core this process may use, a process more only for ``WINDOWS_PER_PROCESS`` blocks each, so 10,000
    draws stay in one; 1 where forking is not safe, :func:`ghgcalc.scenarios.forked.usable_processes`).
    The numbers are the same bit for bit however many: each percentile is an order statistic of every
    draw, found exactly whichever process counted which draws."""
    plan = Plan.of(scenario, draws=draws, seed=seed)
    refuse_sampled(plan)
    windows = blocks(plan)
    if len(windows) == 1:
        result = plan.window(0, plan.draws, progress)
        result.summary = Summary.of(result)
        return result
    return _summarise(scenario, plan, windows, progress, share=True, processes=processes_at(len(windows), processes))


def refuse_sampled(plan: Plan) -> None:
    """Refuse a run whose draws would not fit: what grows with them is each uncertain parameter's draws, sampled
    at once (8 bytes a draw), where the figures are made a block at a time."""
    uncertain = [leaf for leaf in plan.scenario.parameters if leaf.uncertain]
    refuse_beyond(plan.scenario, plan.draws, 8 * max(len(uncertain), 1), "the draws of its uncertain parameters")


def blocks(plan: Plan, start: int = 0, end: int | None = None) -> list:
    """Draws ``start`` to ``end`` (all: the run's) in blocks of ``BLOCK_CHUNKS`` chunks, the last what is left."""
    end = plan.draws if end is None else end
    block = plan.chunk * BLOCK_CHUNKS
    return [(lo, min(end, lo + block)) for lo in range(start, end, block)]


def block_draws(plan: Plan) -> int:
    """The draws in a run's largest block."""
    return min(plan.draws, plan.chunk * BLOCK_CHUNKS)


def processes_for(scenario: Scenario, draws: int | None = None, processes: int | None = None) -> int:
    """How many processes ``summarise`` counts ``draws`` draws of the scenario in."""
    windows = blocks(Plan.of(scenario, draws=draws))
    return 1 if len(windows) == 1 else processes_at(len(windows), processes)


def processes_at(windows: int, processes: int | None) -> int:
    """``processes`` where forking is safe; left open, one per core, but a process more only for a few windows
    each: for fewer, forking and adding up cost more than they save (10,000 draws, 3 windows: 0.147 s in two
    processes against 0.129 s in one; 40,000 draws, 10 windows: 0.33 s against 0.40 s)."""
    chosen = usable_processes(processes)
    return min(chosen, windows if processes is not None else max(1, windows // WINDOWS_PER_PROCESS))


@dataclass
class _Counted:
    """What one process counted of its windows: running percentiles, draws that meet, and the choices made of the
    first window (gaps read off their figure, figures the same as another) that every window must agree with."""

    found: dict
    met: dict
    outcomes: list
    shifted: dict
    same: dict
    order: list
    again: bool = False  # a later window broke a choice of the first: count again without sharing
    windows: list = field(default_factory=list)  # the windows counted


def _summarise(scenario: Scenario, plan: Plan, windows: list, progress, share: bool, processes: int) -> ScenarioResult:
    """The windows' figures into running percentiles, in ``processes`` processes each counting the windows it takes
    (``Claimed``; where the system shares no lock between processes, a run of windows each, ``draw_shares``).
    With ``share``, a gap that is its figure moved by one level, and a figure the same as an earlier one draw for
    draw, are not counted on their own but read, at the end, off the figure they follow; should that stop holding
    in a later window (or differ between processes), the run starts again without."""
    if processes > 1:
        handed = tickets(len(windows))
        if handed is None:
            runs = [(run, run[-1][1]) for run in draw_shares(plan, processes)]
        else:  # the first process samples the draws up to a window past its share (more if it takes more)
            share_end = windows[min(len(windows) - 1, len(windows) // processes)][1]
            runs = [(Claimed(windows, handed, from_back=k > 0), plan.draws if k else share_end)
                    for k in range(processes)]
        counted = at_once([partial(_count, plan, run, share=share, narrow=True, until=until) for run, until in runs],
                          progress)
        counted = [c for c in counted if c.windows or c.again]  # one that found every window taken counted none
    else:
        counted = [_count(plan, windows, progress, share)]
    first = counted[0]
    if any(c.again or (c.shifted, c.same, c.order) != (first.shifted, first.same, first.order) for c in counted):
        return _summarise(scenario, plan, windows, None, share=False, processes=processes)
    found, met, shifted, same = first.found, first.met, first.shifted, first.same
    for c in counted[1:]:
        for key, acc in c.found.items():
            found[key].absorb(acc)
        for tid, count in c.met.items():
            met[tid] = met[tid] + count
    missed = {key: acc.missed() for key, acc in found.items()}
    missed = {key: columns for key, columns in missed.items() if len(columns)}
    if missed:  # a bracket that did not hold its percentile (rare): those columns again, whole
        for _, part in projected(plan, windows, None):
            for key, values in figures(part):
                if key in missed:
                    found[key].add_again(values, missed[key])
    bands = {key: acc.result() for key, acc in found.items()}
    for tid, (level, sign) in shifted.items():
        bands[("gap", tid)] = found[same.get(("values", tid), ("values", tid))].shifted(level, sign)
    bands |= {key: bands[of].copy() for key, of in same.items()}
    summary = Summary(plan.draws, {key: bands[key] for key in first.order}, met)
    years = np.asarray(scenario.years)
    last = next(c for c in counted if windows[-1] in c.windows)  # the outcomes of the run's last draws, as project's
    return ScenarioResult(scenario, years, plan.draws, plan.seed, plan.uncertain, {}, plan.arrays.segments, {}, {},
                          last.outcomes, summary=summary)


class Claimed:
    """A run's windows, each counted by whichever process takes its ticket first, the first process from the front
    and the others from the back; iterating gives those this process takes."""

    def __init__(self, windows: list, handed: Tickets, from_back: bool):
        self.windows, self.handed, self.from_back = windows, handed, from_back

    def __iter__(self):
        while (k := self.handed.take(self.from_back)) is not None:
            yield self.windows[k]


def draw_shares(plan: Plan, processes: int) -> list:
    """Each process's windows: the draws cut into as many runs of whole chunks, the first a chunk longer, each
    run in blocks of at most ``BLOCK_CHUNKS`` chunks.

    Why the first longer: it samples only the draws up to its last where the others sample from the first
    draw (``Sampler.until``), and it reads the others' counts as they finish; with one chunk more, the two
    processes of a 100,000-draw run finish their counts within a few milliseconds of each other."""
    chunk, draws = plan.chunk, plan.draws
    chunks = -(-draws // chunk)
    cuts = [0] + [min(draws, (chunks * k // processes + 1) * chunk) for k in range(1, processes)] + [draws]
    runs = [blocks(plan, start, end) for start, end in zip(cuts, cuts[1:])]
    return [run for run in runs if run]


def _count(plan: Plan, windows, progress, share: bool, narrow: bool = False, until: int | None = None) -> _Counted:
    """A run of windows (a list, or ``Claimed``) projected, its targets evaluated, and its figures added to running
    percentiles; with ``narrow``, the brackets narrowed to the draws seen at the end (fewer kept draws to send and
    add together). ``until``: as ``projected``'s."""
    found, met, outcomes, shifted, same, order, counted = {}, {}, [], None, None, [], []
    for window, part in projected(plan, windows, progress, until):
        counted.append(window)
        now = _shifted_gaps(part, plan.draws) if share else {}
        shifted = now if shifted is None else shifted
        if any(now.get(tid) != how for tid, how in shifted.items()):  # a level that differs between windows
            return _Counted(found, met, outcomes, shifted, same or {}, order, again=True)
        found_now = dict(figures(part, frozenset(("gap", tid) for tid in shifted)))
        if same is None:
            same = _same_figures(found_now) if share else {}
            order = [k for key in found_now for k in ([key, ("gap", key[1])] if key[0] == "values"
                                                      and key[1] in shifted else [key])]
        elif any(not np.array_equal(found_now[key], found_now[of]) for key, of in same.items()):
            return _Counted(found, met, outcomes, shifted, same, order, again=True)
        outcomes = _add_window(part, {k: v for k, v in found_now.items() if k not in same}, plan.draws, found, met)
        del part, found_now  # before the next window is made: memory stays that of a few windows
    for acc in found.values() if narrow else ():
        acc.narrow()
    return _Counted(found, met, outcomes, shifted or {}, same or {}, order, windows=counted)


def projected(plan: Plan, windows, progress, until: int | None = None):
    """(window, its part) for each window, projected with its targets evaluated, in order, into the same series
    memory (room for a block); the plan samples no draw past ``until`` unless a window asks for more (None: the
    last window's, ``windows`` a list; a child's own copy of the plan: its parent's is apart)."""
    plan.sampler.until = max(hi for _, hi in windows) if until is None else until
    memory = plan.series_memory(block_draws(plan))
    for lo, hi in windows:
        yield (lo, hi), with_targets(plan.lines(lo, hi, progress, into=memory))


def _same_figures(found: dict) -> dict:
    """Key -> an earlier key whose figure is the same, draw for draw and bit for bit (a target on the figure a
    series already gives: its percentiles are that series')."""
    seen, same = {}, {}
    for key, values in found.items():
        if values.shape[0] < 2 or values.strides[0] == 0:  # the same in every draw: cheap to count anyway
            continue
        mark = (values.shape, values[:2].tobytes())
        earlier = next((k for k in seen.get(mark, []) if np.array_equal(values, found[k])), None)
        if earlier is None:
            seen.setdefault(mark, []).append(key)
        else:
            same[key] = earlier
    return same


def _shifted_gaps(part: ScenarioResult, draws: int) -> dict:
    """Target id -> (level, sign) for each target whose gap is its figure less one level (sign 1) or that level
    less its figure (sign -1) in every draw: its percentiles come from its figure's (``BlockPercentiles.shifted``)."""
    found = {}
    for o in part.targets:
        if o.projected and o.level is not None and o.level.size == 1 and not np.isnan(o.level).any():
            sign = 1 if o.target.direction == REDUCE else -1
            if sign > 0 or mirrored(draws, PERCENTILES) is not None:
                found[o.target.id] = (float(o.level.reshape(-1)[0]), sign)
    return found


def _add_window(part: ScenarioResult, found_now: dict, total: int, found: dict, met: dict) -> list:
    """A window's figures added to the running percentiles and counts; its outcomes without their draws."""
    draws = part.draws
    for key, values in found_now.items():
        if key not in found:
            found[key] = BlockPercentiles(total, values.shape[1], PERCENTILES)
        if values.base is not None and any(np.may_share_memory(values, s) for s in part.series.values()):
            values = values.copy()  # a view of the series (one segment's total), written again two windows on
        found[key].add(np.broadcast_to(values, (draws,) + values.shape[1:]))
    for o in part.targets:
        if o.projected:
            met[o.target.id] = met.get(o.target.id, 0) + np.count_nonzero(o.met, axis=0)
    return [replace(o, values=None, level=None, pathway=None, counted=None, base=None) for o in part.targets]
