"""One chunk of draws projected: each line's energy and emissions, year by year, summed by segment.

A line's emissions in year t are

    activity index x energy intensity index x start energy x factor   (energy lines)
    activity index x leakage index x start emissions                  (other lines)

where each index is the product of the levers acting on the line (a rate r_t a year
compounds as prod(1 + r_t)), so levers compose multiplicatively and commute. Electricity
follows the GHG Protocol Scope 2 Guidance (2015): location-based emissions count grid
electricity at the grid factor, so on-site generation lowers them; market-based emissions
also take out electricity covered by certificates and PPAs, and without a residual-mix
factor the remaining electricity is counted at the grid factor (Table 6.3, last tier), as
ghgcalc's inventory engine does. Electrification moves fuel demand onto an electricity
line, so it cuts Scope 1 and raises location-based Scope 2, while market-based Scope 2
rises only by what renewable electricity does not cover.

Why line by line: each line's figures are (draws, years) arrays, and a line that no lever
touches costs nothing more than its start value; the work is one pass per factor a line
has, written straight into the series by segment the caller holds.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ghgcalc.scenarios.definitions import Scenario
from ghgcalc.scenarios.distributions import Sampler
from ghgcalc.scenarios.lever_effects import Effects, compound
from ghgcalc.scenarios.lines import ELECTRICITY, ENERGY_KINDS, FUEL, FUGITIVE, HEAT, LINE_SCOPES, PROCESS, VALUE_CHAIN


@dataclass(frozen=True)
class Arrays:
    """A scenario's lines as arrays, and each lever's columns."""

    ids: tuple[str, ...]
    kind: np.ndarray
    segment: np.ndarray  # (L,) index into segments
    segments: tuple[str, ...]
    energy0: np.ndarray
    co2e0: np.ndarray
    factor0: np.ndarray
    market_factor0: np.ndarray  # market-based factor of uncovered electricity (the grid's unless the inventory differs)
    onsite0: np.ndarray
    contracts0: np.ndarray
    columns: dict  # lever id -> index array
    sums: tuple = ()  # (series, "emissions"/"market"/"consumed"/"renewable", per segment its lines in order)

    @property
    def empty_series(self) -> frozenset:
        """The series no line adds to (Scope 3 in a scenario without value-chain lines): zero throughout."""
        return frozenset(name for name, _, groups in self.sums if not any(groups))

    @classmethod
    def of(cls, scenario: Scenario) -> "Arrays":
        lines = scenario.all_lines
        position = {line.id: i for i, line in enumerate(lines)}
        segments = scenario.segments
        kind = np.array([line.kind for line in lines])
        scope = np.array([LINE_SCOPES[k] for k in kind])
        segment = [segments.index(line.segment) for line in lines]
        sums = tuple((name, values, tuple(tuple(j for j in np.flatnonzero(chosen) if segment[j] == s)
                                          for s in range(len(segments))))
                     for name, values, chosen in (
            ("scope1", "emissions", scope == 1), ("scope2_location", "emissions", scope == 2),
            ("scope2_market", "market", scope == 2), ("scope3", "emissions", scope == 3),
            ("energy_direct", "consumed", kind == FUEL),
            ("energy_indirect", "consumed", (kind == ELECTRICITY) | (kind == HEAT)),
            ("electricity", "consumed", kind == ELECTRICITY), ("energy_renewable", "renewable", kind == ELECTRICITY)))
        return cls(
            ids=tuple(position), kind=kind, segment=np.array(segment), segments=segments,
            energy0=np.array([line.energy_mwh for line in lines]), co2e0=np.array([line.co2e_t for line in lines]),
            factor0=np.array([line.factor for line in lines]),
            market_factor0=np.array([line.uncovered_factor for line in lines]), onsite0=np.array([line.onsite_mwh for line in lines]),
            contracts0=np.array([line.contracts_mwh for line in lines]),
            columns={lever.id: np.array([position[i] for i in lever.line_ids], dtype=int) for lever in scenario.levers},
            sums=sums,
        )


def drivers(scenario: Scenario, sampler: Sampler, years: np.ndarray) -> dict:
    """name -> (draws, years): each driver from its start, compounded by its growth from the year after the start."""
    n, Y = sampler.size, len(years)
    found = {}
    for driver in scenario.drivers:
        if driver.growth is None:
            found[driver.name] = np.full((n, Y), float(driver.start))
            continue
        grown = np.add(sampler.yearly(driver.growth, years), 1.0, out=np.empty((n, Y)))
        grown[:, 0] = 1.0  # the start year does not grow
        found[driver.name] = np.multiply(compound(grown), driver.start, out=grown)
    return found


def project_chunk(scenario: Scenario, arrays: Arrays, sampler: Sampler, active: np.ndarray | None,
                  out: dict, totals: dict | None = None) -> dict:
    """One chunk of draws: writes each series by segment into ``out`` (name -> (segments, draws, years); a series
    no line adds to is left as it is, zero where it is made), and their sum over the segments into ``totals``
    (name -> (draws, years), for the names it holds); returns the chunk's neutralisation and drivers.

    Why the totals here: the chunk's series are still in the core's cache, where a sum over a whole block
    of draws afterwards reads them back from memory."""
    years = np.asarray(scenario.years, dtype=float)
    effects = Effects.start(sampler, years, arrays.factor0, arrays.ids, drivers(scenario, sampler, years))
    for k, lever in enumerate(scenario.levers):
        lever.spec.apply(lever, effects, arrays.columns[lever.id], None if active is None else active[:, k:k + 1])
    for lever in scenario.levers:  # a new business's lines are not in the starting inventory
        for j in arrays.columns[lever.id] if lever.new_lines else ():
            activity = np.array(_times(effects.shape, effects.activity[j]))  # its own copy: factors are shared
            activity[:, 0] = 0.0
            effects.activity[j] = activity
    consumed = _consumed(arrays, effects)
    kind = arrays.kind
    emissions, market, renewable = [None] * len(kind), [None] * len(kind), {}
    for j, k in enumerate(kind):
        if k == ELECTRICITY:
            continue
        emissions[j] = market[j] = _other_line(arrays, effects, consumed, j, k)
    electric = np.flatnonzero(kind == ELECTRICITY)
    if len(electric):
        own, bought = _instruments(arrays, effects, consumed, electric)
        for j in electric:
            emissions[j], market[j], renewable[j] = _electricity(arrays, effects, consumed[j], own[j], bought[j], j)

    found = {"emissions": emissions, "market": market, "consumed": consumed, "renewable": renewable}
    for name, values, groups in arrays.sums:
        if any(groups):
            _by_segment(out[name], found[values], groups)
            if totals and name in totals:
                over_segments(out[name], totals[name])
    return {"neutralisation": effects.neutral, "drivers": effects.drivers}


def _times(shape: tuple, *factors) -> np.ndarray:
    """The product of scalars and (draws, years) arrays, skipping None (an index still at 1), as (draws, years)."""
    product, own = None, False  # own: product is an array made here, to multiply in place
    for f in factors:
        if f is None:
            continue
        if product is None:
            product = f
        elif own and np.broadcast_shapes(product.shape, np.shape(f)) == product.shape:
            np.multiply(product, f, out=product)
        else:
            product = product * f
            own = isinstance(product, np.ndarray)
    if product is None or np.ndim(product) < 2:
        return np.full(shape, 1.0 if product is None else product)
    if product.shape != shape:  # indices the same in every draw: one row
        return np.array(np.broadcast_to(product, shape))
    return product


def _consumed(arrays: Arrays, effects: Effects) -> list:
    """Energy each line uses: start x activity x intensity, with fuel demand moved onto electricity lines."""
    shape = effects.shape
    # lines of other kinds (process, fugitive, value chain) use no energy the series count
    energy = [_times(shape, arrays.energy0[j], effects.activity[j], effects.intensity[j]) if k in ENERGY_KINDS else None
              for j, k in enumerate(arrays.kind)]
    consumed = list(energy)
    moved = {f: energy[f] * share for f, share in enumerate(effects.share_moved) if share is not None and share.any()}
    for f, mwh in moved.items():
        consumed[f] = energy[f] - mwh
    for f, mwh in moved.items():
        r = effects.receiver[f]
        consumed[r] = consumed[r] + mwh * effects.ratio_moved[f]
    return consumed


def _other_line(arrays: Arrays, effects: Effects, consumed: list, j: int, kind: str) -> np.ndarray:
    """Emissions of a line that is not electricity: the same under both Scope 2 methods."""
    if kind == HEAT:
        return _times(effects.shape, consumed[j] * arrays.factor0[j], effects.grid[j])
    if kind == FUEL:
        return consumed[j] * arrays.factor0[j]
    if kind == FUGITIVE:
        return _times(effects.shape, arrays.co2e0[j], effects.activity[j], effects.leakage[j])
    if kind in (PROCESS, VALUE_CHAIN):
        return _times(effects.shape, arrays.co2e0[j], effects.activity[j])
    raise ValueError(f"no emissions rule for lines of kind {kind!r}")


def _instruments(arrays: Arrays, effects: Effects, consumed: list, electric: np.ndarray) -> tuple[dict, dict]:
    """Each electricity line's renewable electricity generated on site and bought by contract, MWh."""
    own, bought = {}, {}
    for j in electric:
        onsite, contract = effects.covered_share["onsite"][j], effects.covered_share["contract"][j]
        own[j] = _plus(arrays.onsite0[j], onsite, consumed[j])
        bought[j] = _plus(arrays.contracts0[j], contract, consumed[j])
    spread = {}  # amounts over the same lines are shared in the same proportions
    for group, picked, mwh in effects.amounts:
        held = own if group == "onsite" else bought
        key = tuple(picked)
        if key not in spread:
            spread[key] = _spread([consumed[j] for j in picked])
        for j, share in zip(picked, spread[key]):
            added = mwh * share
            if isinstance(held[j], np.ndarray):  # an array of this chunk's own (made above)
                held[j] += added
            else:
                added += held[j]
                held[j] = added
    return own, bought


def _plus(start: float, share: np.ndarray | None, use: np.ndarray):
    """start + share x use: a number while no share is covered, else an array of its own."""
    if share is None:
        return start + 0.0
    added = share * use
    added += start
    return added


def _electricity(arrays: Arrays, effects: Effects, use: np.ndarray, own, bought, j: int):
    """Location-based, market-based and renewable-covered electricity (GHG Protocol Scope 2 Guidance)."""
    grid, factor0, market_factor0 = effects.grid[j], arrays.factor0[j], arrays.market_factor0[j]
    factor = factor0 if grid is None else factor0 * grid
    # the residual mix follows the grid
    market_factor = factor if market_factor0 == factor0 else market_factor0 if grid is None else market_factor0 * grid
    location = np.minimum(own, use)  # own electricity used
    np.subtract(use, location, out=location)
    location *= factor
    covered = np.minimum(own + bought, use)
    market = np.subtract(use, covered)
    market *= market_factor
    return location, market, covered


def _spread(weights: list) -> list:
    """An amount shared among lines in proportion to their consumption (equally when none consume)."""
    total = weights[0]
    for w in weights[1:]:
        total = total + w
    consume = total > 0
    if consume.all():
        return [w / total for w in weights]
    return [np.divide(w, total, out=np.full_like(w, 1.0 / len(weights)), where=consume) for w in weights]


def _by_segment(out: np.ndarray, values: list, groups: tuple) -> None:
    """(segments, draws, years) sums of the lines' values, in line order, written into ``out`` (the first two
    added straight into it)."""
    for s, lines in enumerate(groups):
        if not lines:
            out[s] = 0.0
        elif len(lines) == 1:
            out[s] = values[lines[0]]
        else:
            np.add(values[lines[0]], values[lines[1]], out=out[s])
            for j in lines[2:]:
                out[s] += values[j]


def over_segments(values: np.ndarray, out: np.ndarray | None = None) -> np.ndarray:
    """(segments, draws, years) summed over segments in their order (into ``out`` when given): for one segment its
    own values, for two one add (what sum(axis=0) does). The one rule for a series' total, whether added chunk by
    chunk here or afterwards by ``ScenarioResult.total``, so that both give the same numbers bit for bit."""
    if len(values) == 1 and out is None:
        return values[0]
    if len(values) == 2:
        return np.add(values[0], values[1], out=out)
    return np.sum(values, axis=0, out=out)
