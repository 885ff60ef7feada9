"""What each lever type does to the projection's indices: one function per type.

The projection (:mod:`ghgcalc.scenarios.projection`) multiplies a line's start-year
energy or emissions by indices over (draws, years): activity, energy intensity, grid
factor and leakage. A lever changes some of them on the lines it acts on, or records what
it moves (fuel demand onto electricity), covers (renewable electricity) or neutralises
(removals and credits). ``on`` (draws, 1) is 1 where the lever is switched on and 0 where
attribution switches it off, so that a switched-off lever leaves its indices at 1; None when it is
on in every draw (no pass over the draws multiplying by 1). The
table :data:`ghgcalc.scenarios.levers.LEVER_TYPES` names the function for each type.

Why per line and not one (draws, years, lines) array: a lever acts on a few lines with one
figure for all of them, so each line keeps a list of the (draws, years) arrays that act on
it (the same array shared, never written to), or None while nothing does; the projection
then makes one pass per factor a line actually has instead of several over every line.
Levers act from the year after the start year: each array is made neutral in the start
year (1 for an index, 0 for a share or amount) as it is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from ghgcalc.scenarios.distributions import Distribution, Sampler, Series, interpolate


@dataclass
class Effects:
    """What the levers of one chunk of draws do, line by line; each entry (draws, years), None while neutral."""

    sampler: Sampler
    years: np.ndarray  # float years
    factor0: np.ndarray  # (lines,) start-year emission factor
    ids: tuple[str, ...]  # line ids, in column order
    drivers: dict  # name -> (draws, years)
    activity: list
    intensity: list
    grid: list
    leakage: list
    share_moved: list  # share of a fuel line's energy moved to electricity
    ratio_moved: list  # (draws, 1): MWh of electricity per MWh of fuel moved
    receiver: np.ndarray  # (lines,): the line that takes over a fuel line's demand
    covered_share: dict  # "onsite" / "contract" -> per line, share of consumption covered
    amounts: list = field(default_factory=list)  # (instrument group, columns, MWh (draws, years))
    neutral: dict = field(default_factory=dict)  # "removal" / "credit" -> t CO2e (draws, years)

    @classmethod
    def start(cls, sampler: Sampler, years: np.ndarray, factor0: np.ndarray, ids: tuple[str, ...],
              drivers: dict) -> "Effects":
        """Every index at 1, nothing moved, covered or neutralised: the inventory as it stands."""
        n, Y, L = sampler.size, len(years), len(ids)
        return cls(sampler, years, factor0, ids, drivers, activity=[None] * L, intensity=[None] * L,
                   grid=[None] * L, leakage=[None] * L, share_moved=[None] * L, ratio_moved=[None] * L,
                   receiver=np.arange(L), covered_share={"onsite": [None] * L, "contract": [None] * L},
                   neutral={"removal": np.zeros((n, Y)), "credit": np.zeros((n, Y))})

    @property
    def shape(self) -> tuple[int, int]:
        return self.sampler.size, len(self.years)

    def from_next_year(self, values: np.ndarray, neutral: float, rows: bool = False) -> np.ndarray:
        """(draws, years) values of this chunk's own, neutral in the start year (the starting inventory); with
        ``rows``, (1, years) values the same in every draw stay one row (the arrays they multiply broadcast it)."""
        shape = values.shape if rows and values.shape == (1, self.shape[1]) else self.shape
        if values.shape != shape or values.base is not None or not values.flags.writeable:
            own = np.empty(shape)
            own[...] = values  # (what np.array(np.broadcast_to(values, shape)) makes, in one call)
            values = own
        values[:, 0] = neutral
        return values

    def scale(self, index: list, cols: np.ndarray, factor: np.ndarray) -> None:
        """Each line of ``cols`` times ``factor``: (draws, years) (or (1, years)) for all, or
        (draws, years, len(cols)) one each."""
        shared = self.from_next_year(factor, 1.0, rows=True) if factor.ndim == 2 else None
        for k, j in enumerate(cols):
            f = shared if shared is not None else self.from_next_year(factor[:, :, k], 1.0)
            index[j] = f if index[j] is None else index[j] * f

    def yearly(self, param, on: np.ndarray | None) -> np.ndarray:
        """A parameter's value each year, 0 where the lever is off: (draws, years), or (draws, 1) or (1, years)
        that broadcast to it (the arithmetic it meets broadcasts it)."""
        values = self.sampler.yearly(param, self.years)
        return values if on is None else values * on

    def compounded(self, lever, rate, on: np.ndarray | None) -> np.ndarray:
        """(draws, years), or (1, years) for a rate the same in every draw: prod(1 + r_t) over the years it acts."""
        values = self.sampler.yearly(rate, self.years)
        if isinstance(rate, Distribution) and self.sampler.fixed(rate):
            values = values[:1]
        r = values * _rate_window(lever, self.years)
        if on is not None:
            r = r * on
        r += 1
        return compound(r)

    def levels(self, series: Series, start: np.ndarray) -> np.ndarray:
        """A series of levels (grid factors, leak rates) by year, for each of ``start``'s columns: (draws, years, columns).

        Ahead of the first listed year the level moves in a straight line from the column's
        start-year value (a line's own grid factor, the baseline leak rate) to the first point.
        """
        years = self.years
        listed, values = self.sampler.listed(series)  # (n, K)
        n = values.shape[0]
        start = np.broadcast_to(start, (n, start.shape[-1]))
        if listed[0] <= years[0]:
            return np.repeat(interpolate(listed, values, years, np.nan)[:, :, None], start.shape[1], axis=2)
        xs = [int(years[0])] + listed
        return np.stack([interpolate(xs, np.concatenate([start[:, j:j + 1], values], axis=1), years, np.nan)
                         for j in range(start.shape[1])], axis=2)


def compound(factors: np.ndarray) -> np.ndarray:
    """(draws, years) factors, each year's times all the years' before it, in place: what np.cumprod(axis=1)
    gives, bit for bit.

    Why year by year: numpy accumulates a (draws, years) array one short row at a time, where a column at a
    time multiplies a whole year of draws per call (about a third less time for a chunk of a thousand draws)."""
    if factors.shape[0] < 64:
        return np.cumprod(factors, axis=1, out=factors)
    for t in range(1, factors.shape[1]):
        np.multiply(factors[:, t], factors[:, t - 1], out=factors[:, t])
    return factors


def _switched(change: np.ndarray, on: np.ndarray | None) -> np.ndarray:
    """A (draws, years, columns) change where the lever is on, 0 where it is off."""
    return change if on is None else on[:, :, None] * change


def _rate_window(lever, years: np.ndarray) -> np.ndarray:
    """1 in the years a rate acts (after the start year, within from/until), else 0 (made once per lever and years)."""
    return _window(lever.first_year, lever.last_year, tuple(years))


@lru_cache(maxsize=256)
def _window(first, last, years: tuple) -> np.ndarray:
    first = years[0] + 1 if first is None else first
    last = years[-1] if last is None else last
    window = np.array([first <= y <= last for y in years], dtype=float)
    window.flags.writeable = False
    return window


def grow(lever, effects: Effects, cols: np.ndarray, on: np.ndarray) -> None:
    """Activity x prod(1 + rate), or x (driver_t / driver_start) ** elasticity."""
    p = lever.params
    if "rate" in p:
        effects.scale(effects.activity, cols, effects.compounded(lever, p["rate"], on))
        return
    driver = effects.drivers[lever.driver]
    index = driver / driver[:, :1]
    elasticity = effects.sampler.leaf(p["elasticity"]) if "elasticity" in p else np.ones((effects.shape[0], 1))
    effects.scale(effects.activity, cols, np.power(index, elasticity if on is None else elasticity * on, out=index))


def save_energy(lever, effects: Effects, cols: np.ndarray, on: np.ndarray) -> None:
    """Energy per unit of activity x prod(1 + rate)."""
    effects.scale(effects.intensity, cols, effects.compounded(lever, lever.params["rate"], on))


def clean_grid(lever, effects: Effects, cols: np.ndarray, on: np.ndarray) -> None:
    """Grid factor x prod(1 + rate), or following a series of factors from each line's own."""
    p = lever.params
    if "rate" in p:
        effects.scale(effects.grid, cols, effects.compounded(lever, p["rate"], on))
        return
    factor0 = effects.factor0[cols]
    levels = effects.levels(p["factor"], factor0[None, :])
    effects.scale(effects.grid, cols, 1 + _switched(levels / factor0 - 1, on))


def cut_leakage(lever, effects: Effects, cols: np.ndarray, on: np.ndarray) -> None:
    """Leakage x prod(1 + rate), or x leak_rate_t / baseline."""
    p = lever.params
    if "rate" in p:
        effects.scale(effects.leakage, cols, effects.compounded(lever, p["rate"], on))
        return
    baseline = effects.sampler.leaf(p["baseline_leak_rate"])
    ratio = effects.levels(p["leak_rate"], baseline) / baseline[:, :, None]
    effects.scale(effects.leakage, cols, (1 + _switched(ratio - 1, on))[:, :, 0])


def ramp_in(lever, effects: Effects, cols: np.ndarray, on: np.ndarray) -> None:
    """A new business's lines at ramp_t of their full size."""
    effects.scale(effects.activity, cols, effects.yearly(lever.params["ramp"], on))


def electrify(lever, effects: Effects, cols: np.ndarray, on: np.ndarray) -> None:
    """A share of each fuel line's energy moves, times efficiency_ratio, onto its electricity line."""
    share = effects.from_next_year(effects.yearly(lever.params["share"], on), 0.0)
    ratio = effects.sampler.leaf(lever.params["efficiency_ratio"])
    for j in cols:
        effects.share_moved[j], effects.ratio_moved[j] = share, ratio
    for fuel, target in lever.to.items():
        effects.receiver[effects.ids.index(fuel)] = effects.ids.index(target)


def cover_with_renewables(lever, effects: Effects, cols: np.ndarray, on: np.ndarray) -> None:
    """A share of consumption, or an amount shared among the lines, covered on site or by contracts."""
    group = "onsite" if lever.instrument == "onsite" else "contract"
    if "share" in lever.params:
        share, covered = effects.from_next_year(effects.yearly(lever.params["share"], on), 0.0), effects.covered_share[group]
        for j in cols:
            covered[j] = share if covered[j] is None else covered[j] + share
    else:
        effects.amounts.append((group, cols, effects.from_next_year(effects.yearly(lever.params["energy"], on), 0.0)))


def buy_neutralisation(lever, effects: Effects, cols: np.ndarray, on: np.ndarray) -> None:
    """Removals or credits bought each year; emissions are untouched."""
    effects.neutral[lever.kind] += effects.yearly(lever.params["amount"], on)
