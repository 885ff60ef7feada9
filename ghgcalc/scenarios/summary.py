"""What a run's outputs print of its draws: percentiles of each series and target figure, and how many draws meet.

Why two ways to get it: attribution, goal seek and notebooks read every draw's figures
(``project`` keeps them); ``ghgcalc scenario run`` prints only bands and probabilities, so
``summarise`` projects the draws block by block and keeps, of each block, the counts and
the few draws near each percentile (:mod:`ghgcalc.scenarios.quantiles`). Memory then stays
that of a block however many draws are asked for, and the numbers are those of ``project``:
the same draws, chunked the same way, the same percentile arithmetic.
"""

from __future__ import annotations

import os
from contextlib import closing
from dataclasses import dataclass, replace
from typing import Callable

import numpy as np

from ghgcalc.scenarios.ahead import made_ahead
from ghgcalc.scenarios.definitions import Scenario
from ghgcalc.scenarios.projection import PERCENTILES, Plan, ScenarioResult, percentiles, refuse_beyond, with_targets
from ghgcalc.scenarios.quantiles import BlockPercentiles, mirrored
from ghgcalc.targets.pathway import REDUCE

YEAR_SERIES = ("scope1", "scope2_location", "scope2_market", "scope12", "energy_total", "electricity",
               "energy_renewable")
BLOCK_CHUNKS = 16  # chunks of draws in a block (about a million cells): the first block brackets every percentile


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
              progress: Callable[[int], None] | None = None, overlap: bool = False) -> ScenarioResult:
    """Project a scenario for its bands and probabilities only: a result whose ``summary`` holds them and
    whose per-draw arrays are left empty (``project`` keeps them).

    ``overlap``: project each block of draws in a second thread while the block before it is counted
    (:mod:`ghgcalc.scenarios.ahead`); the numbers are the same bit for bit either way. Off by default: on an
    idle 2-core machine 100,000 draws of the uncertain Xiaomi plan took 1.2 s of wall (1.5 s of CPU) with the
    thread against 0.93 s without: the engine's many small numpy calls hand the interpreter lock back and
    forth, so the two threads mostly take turns."""
    plan = Plan.of(scenario, draws=draws, seed=seed)
    # what grows with the draws: each uncertain parameter's draws, sampled at once (8 bytes a draw)
    uncertain = [leaf for leaf in scenario.parameters if leaf.uncertain]
    refuse_beyond(scenario, plan.draws, 8 * max(len(uncertain), 1), "the draws of its uncertain parameters")
    block = plan.chunk * BLOCK_CHUNKS
    if plan.draws <= block:
        result = plan.window(0, plan.draws, progress)
        result.summary = Summary.of(result)
        return result
    windows = [(lo, min(plan.draws, lo + block)) for lo in range(0, plan.draws, block)]
    return _summarise(scenario, plan, windows, progress, share=True, overlap=overlap)


def _summarise(scenario: Scenario, plan: Plan, windows: list, progress, share: bool, overlap: bool) -> ScenarioResult:
    """The windows' figures into running percentiles. With ``share``, a gap that is its figure moved by one level,
    and a figure the same as an earlier one draw for draw, are not counted on their own but read, at the end,
    off the figure they follow; should that stop holding in a later window, the run starts again without."""
    found, met, outcomes, shifted, same, order, again = {}, {}, [], None, None, [], False
    with closing(_parts(plan, windows, progress, overlap)) as parts:
        for part in parts:
            now = _shifted_gaps(part, plan.draws) if share else {}
            shifted = now if shifted is None else shifted
            if any(now.get(tid) != how for tid, how in shifted.items()):  # a level that differs between windows
                again = True
                break
            found_now = dict(figures(part, frozenset(("gap", tid) for tid in shifted)))
            if same is None:
                same = _same_figures(found_now) if share else {}
                order = [k for key in found_now for k in ([key, ("gap", key[1])] if key[0] == "values"
                                                          and key[1] in shifted else [key])]
            elif any(not np.array_equal(found_now[key], found_now[of]) for key, of in same.items()):
                again = True
                break
            outcomes = _add_window(part, {k: v for k, v in found_now.items() if k not in same}, plan.draws, found, met)
            del part, found_now  # before the next window is made: memory stays that of a few windows
    if again:  # the windows' worker has stopped: nothing else draws from the plan's sampler
        return _summarise(scenario, plan, windows, None, share=False, overlap=overlap)
    missed = {key: acc.missed() for key, acc in found.items()}
    missed = {key: columns for key, columns in missed.items() if len(columns)}
    if missed:  # a bracket that did not hold its percentile (rare): those columns again, whole
        with closing(_parts(plan, windows, None, overlap)) as parts:
            for part in parts:
                for key, values in figures(part):
                    if key in missed:
                        found[key].add_again(values, missed[key])
    bands = {key: acc.result() for key, acc in found.items()}
    for tid, (level, sign) in shifted.items():
        bands[("gap", tid)] = found[same.get(("values", tid), ("values", tid))].shifted(level, sign)
    bands |= {key: bands[of].copy() for key, of in same.items()}
    summary = Summary(plan.draws, {key: bands[key] for key in order}, met)
    years = np.asarray(scenario.years)
    return ScenarioResult(scenario, years, plan.draws, plan.seed, plan.uncertain, {}, plan.arrays.segments, {}, {},
                          outcomes, summary=summary)


def _parts(plan: Plan, windows: list, progress, overlap: bool):
    """Each window projected, its targets evaluated, in order. With ``overlap``, the next window is projected and
    its targets evaluated in a second thread while the caller counts this one; ``progress`` is told of each
    chunk as its window reaches the caller, in this thread."""
    size = max(hi - lo for lo, hi in windows)
    if not overlap or len(windows) < 2 or _cores() < 2:  # on one core a second thread only takes turns
        memory = plan.series_memory(size)
        for lo, hi in windows:
            yield with_targets(plan.lines(lo, hi, progress, into=memory))
        return
    # two windows' series at a time, made here and reused: the worker thread writes each window into the one
    # the caller is no longer reading (memory made and freed window after window in a second thread costs
    # the system more than the arithmetic: every page is handed out, zeroed and taken back again)
    ring = [plan.series_memory(size) for _ in range(2)]
    # the worker evaluates the targets too: then each thread has about half the work
    made = made_ahead(lambda k: (windows[k], with_targets(plan.lines(*windows[k], into=ring[k % 2]))),
                      range(len(windows)), held=2)
    with closing(made):
        for (lo, hi), part in made:
            for count in plan.chunks(lo, hi) if progress is not None else ():
                progress(count)
            yield part
            del part  # done with: the worker may write the window after next into its series


def _cores() -> int:
    """The processors this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


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
