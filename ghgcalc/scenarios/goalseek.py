"""Goal seek: the value of one lever parameter at which a target is just met in its target year.

"What renewable share in 2030 closes the gap?" is answered by bisection: the parameter is
set (by its path, e.g. ``share.2030``), the scenario projected, and the interval known to
hold the threshold halved until it is narrower than the tolerance. Bisection needs only
that meeting the target is monotone in the parameter, which holds for a lever that only
moves emissions one way (more renewable electricity, a faster cut); which end meets is
found first, so the answer is "at least v" or "at most v". For an uncertain scenario a
value "meets" when the share of draws that meet the target reaches ``probability``; every
step uses the same draws of the other parameters (common random numbers), so that
share too is monotone.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np
import pandas as pd

from ghgcalc.scenarios.distributions import Kind, Series, parse_number
from ghgcalc.errors import ConfigError, MissingArgumentError, did_you_mean
from ghgcalc.core.years import YearError
from ghgcalc.scenarios.levers import LEVER_TYPES
from ghgcalc.scenarios.lines import ELECTRICITY
from ghgcalc.scenarios.projection import Plan
from ghgcalc.scenarios.forked import at_once
from ghgcalc.scenarios.summary import blocks, draw_shares, processes_at, projected, refuse_sampled
from ghgcalc.scenarios.definitions import Scenario
from ghgcalc.targets.records import tidy
from ghgcalc.targets.kinds import display_factor, display_unit
from ghgcalc.core.intervals import show_digits

MAX_STEPS = 60


@dataclass(frozen=True)
class SeekResult:
    """The threshold found (``value``, in the parameter's canonical unit; fractions for percentages), or None."""

    lever: str
    parameter: str
    path: str
    target: str
    year: int
    kind: Kind
    low: float
    high: float
    value: float | None
    direction: str  # "at least" or "at most": which side of the value meets the target
    gap_at_value: float | None  # deterministic: gap in the target's unit; uncertain: None
    probability_at_value: float | None
    required_probability: float | None
    gap_at_best_end: float | None
    steps: int
    tolerance: float
    gap_unit: str = ""  # the target's unit (% for shares)
    gap_scale: float = 1.0  # canonical gap x gap_scale = gap in gap_unit
    year_label: str = ""  # the target year as the company labels it ("FY2030"); "" when it is the year itself
    limit: str = ""  # why the answer is the end of the parameter's domain, or none is found: what the lever cannot do

    @property
    def found(self) -> bool:
        return self.value is not None

    def to_dict(self) -> dict:
        """The JSON document of ``ghgcalc scenario seek --format json``: values as written, gaps in the target's unit."""
        show = self.kind.format
        return {"lever": self.lever, "parameter": self.parameter, "target": self.target, "year": self.year,
                "range": [show(self.low), show(self.high)], "found": self.found,
                "value": None if self.value is None else show(self.value), "direction": self.direction or None,
                "number": tidy(None if self.value is None else self.value * (100 if self.kind.percent else 1)),
                "unit": "%" if self.kind.percent else self.kind.unit,
                "gap_at_value": None if self.gap_at_value is None else tidy(self.gap_at_value * self.gap_scale),
                "gap_unit": self.gap_unit, "probability_at_value": tidy(self.probability_at_value),
                "required_probability": self.required_probability, "steps": self.steps,
                **({"year_label": self.year_label} if self.year_label else {}),
                **({"limit": self.limit} if self.limit else {})}

    def to_frame(self) -> pd.DataFrame:
        """One row: the document with its range as two columns."""
        document = self.to_dict()
        low, high = document.pop("range")
        return pd.DataFrame([{**document, "range_low": low, "range_high": high}])


def parameter_path(scenario: Scenario, lever_id: str, parameter: str | None) -> tuple[str, Kind, str]:
    """The full path of ``parameter`` ('share.2030', 'rate') of a lever, its kind and its name."""
    lever = scenario.lever(lever_id)
    spec = LEVER_TYPES[lever.type]
    names = list(lever.params)
    if parameter is None:
        if len(names) != 1:
            raise ConfigError(f"lever {lever_id!r} has parameters {', '.join(names)}; say which one with --parameter")
        parameter = names[0]
    name, _, year = parameter.partition(".")
    if name not in lever.params:
        raise ConfigError(f"lever {lever_id!r} has no parameter {name!r}{did_you_mean(name, names)}; "
                          f"its parameters are {', '.join(names)}")
    param = lever.params[name]
    labels = scenario.fiscal_years
    if isinstance(param, Series):
        try:  # the year as the series takes it: 2030 or the company's label ("FY2030"), counted as a calendar year
            at = labels.year(year)
        except YearError:
            listed = ", ".join(labels.label_of(y) for y, _ in param.points)
            raise ConfigError(f"lever {lever_id!r}: {name} varies by year (listed: {listed}); say which year, "
                              f"e.g. --parameter {name}.{labels.label_of(param.points[-1][0])}") from None
        if not scenario.start_year <= at <= scenario.horizon:
            raise ConfigError(f"lever {lever_id!r}: {year} is outside the scenario's years "
                              f"{labels.label_of(scenario.start_year)}-{labels.label_of(scenario.horizon)}")
        parameter = f"{name}.{at}"
    elif year:
        raise ConfigError(f"lever {lever_id!r}: {name} is one value for every year; write --parameter {name}")
    return f"levers.{lever_id}.{parameter}", spec.params[name], name


def _shown(parameter: str, scenario: Scenario) -> str:
    """'share.2030' as the company labels the year ('share.FY2030'); a parameter without a year as it is."""
    name, _, year = parameter.partition(".")
    return f"{name}.{scenario.fiscal_years.label_of(int(year))}" if year.isdigit() else parameter


def default_range(kind: Kind) -> tuple[float, float] | None:
    if kind.low is not None and kind.high is not None:
        return kind.low, kind.high
    if kind.name == "rate":
        return -1.0, 1.0
    return None


def _search_range(kind: Kind, between: tuple[str, str] | None) -> tuple[float, float]:
    """The range to search: the one given (as quantities), else the parameter's domain."""
    if between is not None:
        ends = []
        for text in between:
            value, error = parse_number(text, kind)
            if error:
                raise ConfigError(f"--between: {error}")
            ends.append(value)
        low, high = sorted(ends)
        return low, high
    found = default_range(kind)
    if found is None:
        raise MissingArgumentError(f"give the range to search with --between LOW HIGH (e.g. --between {kind.example} "
                          f"...): a {kind.name} has no natural upper end")
    return found


def seek(scenario: Scenario, lever_id: str, target_id: str, *, parameter: str | None = None,
         between: tuple[str, str] | None = None, probability: float = 0.5, draws: int | None = None,
         tolerance: float | None = None) -> SeekResult:
    """The threshold value of a lever parameter for a target in its target year (see the module docstring)."""
    path, kind, _ = parameter_path(scenario, lever_id, parameter)
    target = scenario.targets.get(target_id)
    low, high = _search_range(kind, between)
    tolerance = tolerance if tolerance is not None else (high - low) * 1e-7
    uncertain, steps = scenario.uncertain, 0

    def evaluate(value: float):
        nonlocal steps
        steps += 1
        with np.errstate(all="ignore"):  # an overflow is reported below, once, not as numpy's warning
            met, first_met, mean_gap, finite = _in_target_year(scenario, {path: value}, draws, target_id,
                                                               target.target_year)
        if not finite:
            raise ConfigError(f"at {kind.format(value)} the projection of {target_id!r} does not stay finite (it "
                              "overflows); search a narrower range with --between LOW HIGH")
        gaps.append(mean_gap)
        gap = gaps[-1] if not uncertain else None
        return (met >= probability - 1e-12) if uncertain else first_met, met, gap

    gaps: list[float] = []
    met_low, p_low, gap_low = evaluate(low)
    met_high, p_high, gap_high = evaluate(high)
    if p_low == p_high and abs(gaps[0] - gaps[1]) <= 1e-9 * max(1.0, abs(gaps[0])):
        raise ConfigError(_no_effect(lever_id, _shown(path.split(".", 2)[2], scenario), target_id, target, kind, low,
                                     high, gaps[0]))
    increasing = met_high or not met_low
    common = dict(lever=lever_id, parameter=_shown(path.split(".", 2)[2], scenario), path=path, target=target_id,
                  year=target.target_year, kind=kind, low=low, high=high,
                  required_probability=probability if uncertain else None, tolerance=tolerance,
                  gap_unit=display_unit(target), gap_scale=display_factor(target),
                  year_label="" if target.years.calendar else target.label(target.target_year))
    if not met_low and not met_high:
        best = gap_high if gap_high is not None and (gap_low is None or gap_high < gap_low) else gap_low
        return SeekResult(value=None, direction="", gap_at_value=None, probability_at_value=max(p_low, p_high),
                          gap_at_best_end=best, steps=steps, **common,
                          limit=_limit(scenario, lever_id, path, between is None and high == kind.high))
    if met_low and met_high:
        return SeekResult(value=low, direction="at least", gap_at_value=gap_low, probability_at_value=p_low,
                          gap_at_best_end=None, steps=steps, **common)
    # bisection: keep ``bad`` (not met) and ``good`` (met) on either side of the threshold
    bad, good = (low, high) if increasing else (high, low)
    good_gap, good_p = (gap_high, p_high) if increasing else (gap_low, p_low)
    while abs(good - bad) > tolerance and steps < MAX_STEPS:
        middle = (bad + good) / 2
        ok, p, g = evaluate(middle)
        if ok:
            good, good_gap, good_p = middle, g, p
        else:
            bad = middle
    return SeekResult(value=good, direction="at least" if increasing else "at most", gap_at_value=good_gap,
                      probability_at_value=good_p, gap_at_best_end=None, steps=steps, **common,
                      limit=_limit(scenario, lever_id, path, between is None and good == high == kind.high, found=True))


def _in_target_year(scenario: Scenario, overrides: dict, draws: int | None, target_id: str,
                    year: int) -> tuple[float, bool, float, bool]:
    """The share of draws that meet the target in ``year``, whether the first does, the mean gap and whether every
    gap is finite, projected block by block as ``ghgcalc scenario run`` projects them (the same draws, shared out
    among the same processes).

    Why blocks: a search projects the scenario a few dozen times, and keeping every draw's figures took
    about 6 MB per 1,000 draws each time; only the target year's counts and gaps are read."""
    plan = Plan.of(scenario, draws=draws, overrides=overrides)
    refuse_sampled(plan)
    windows = blocks(plan)
    processes = processes_at(len(windows), None)
    if processes > 1:
        parts = at_once([partial(_count_in_year, plan, run, target_id=target_id, year=year)
                         for run in draw_shares(plan, processes)])
    else:
        parts = [_count_in_year(plan, windows, None, target_id=target_id, year=year)]
    met, total = sum(part[0] for part in parts), sum(part[2] for part in parts)
    return met / plan.draws, parts[0][1], total / plan.draws, all(part[3] for part in parts)


def _count_in_year(plan: Plan, windows: list, progress, *, target_id: str, year: int) -> tuple[int, bool, float, bool]:
    """Of a run of windows: how many draws meet the target in ``year``, whether the run's first does, the sum of
    their gaps, and whether every gap is finite."""
    met, first, total, finite = 0, False, 0.0, True
    for (lo, _), part in projected(plan, windows, progress):
        outcome = part.outcome(target_id)
        if not outcome.projected:
            raise ConfigError(f"target {target_id!r} is not projected: {outcome.reason}")
        i = part.index(year)
        gap, reached = outcome.gap[:, i], outcome.met[:, i]
        finite = finite and bool(np.isfinite(gap).all())
        first = bool(reached[0]) if lo == windows[0][0] else first
        met += int(np.count_nonzero(reached))
        total += float(gap.sum())
    return met, first, total, finite


def _limit(scenario: Scenario, lever_id: str, path: str, at_end: bool, *, found: bool = False) -> str:
    """Why a renewable lever's share meets a target only at 100 %, or at no share: the share is added, line by line,
    to the renewable electricity a line already has and covers a line at most to its consumption, so a line with
    none of its own is covered in full only at 100 %; a line the lever does not apply to is never covered by it.
    "" for other levers and parameters, and unless the whole domain was searched and the answer is at its end
    (``at_end``: a share met only at 100 %, none met up to 100 %)."""
    lever = scenario.lever(lever_id)
    if not at_end or lever.spec is not LEVER_TYPES["renewable"] or path.split(".")[2] != "share":
        return ""
    electric = [line for line in scenario.all_lines if line.kind == ELECTRICITY]
    chosen = set(lever.line_ids)
    outside = [line for line in electric if line.id not in chosen]
    bare = [line for line in electric if line.id in chosen and line.onsite_mwh + line.contracts_mwh <= 0]

    def names(lines) -> str:
        return ", ".join(line.site or line.id for line in lines)
    if not found:
        if not outside:
            return ("at 100 % the lever covers every electricity line in full; what the target still lacks is in "
                    "figures the lever does not move")
        them, stay = ("it", "stays") if len(outside) == 1 else ("them", "stay")
        return (f"no share covers {len(outside)} of the {len(electric)} electricity lines: the lever does not apply "
                f"to {them} ({names(outside)}), and {them} {stay} uncovered")
    if not bare:
        return ""
    return (f"the share is added, line by line, to the renewable electricity a line already has, and covers a line "
            f"at most to its consumption: {len(bare)} of the {len(electric)} electricity lines have none of their own "
            f"({names(bare)}) and are covered in full only at 100 %; below it they stay partly uncovered"
            + (f"; the lever does not apply to {names(outside)}" if outside else ""))


def _no_effect(lever_id: str, parameter: str, target_id: str, target, kind: Kind, low: float, high: float,
               gap: float) -> str:
    """Why a search is pointless: the target's gap is the same at both ends of the range, so no value of the
    parameter meets it or misses it that any other would not (a cleaner grid does not change a renewable share)."""
    show = kind.format
    year = target.label(target.target_year)
    return (f"lever {lever_id!r} has no effect on target {target_id!r}: its gap in {year} is "
            f"{show_digits(gap * display_factor(target))} {display_unit(target)} at {parameter} = {show(low)} and "
            f"at {show(high)} alike, so no value of it meets the target that another would not; seek with a lever "
            f"that moves its figures")
