"""What each lever type does to the projection's arrays: one function per type.

The projection (:mod:`ghgcalc.scenarios.projection`) multiplies a line's start-year
energy or emissions by indices over (draws, years, lines): activity, energy intensity,
grid factor and leakage. A lever changes some of them on the columns of the lines it acts
on, or records what it moves (fuel demand onto electricity), covers (renewable
electricity) or neutralises (removals and credits). ``on`` (draws, 1) is 1 where the lever
is switched on and 0 where attribution switches it off, so that a switched-off lever
leaves its indices at 1. The table :data:`ghgcalc.scenarios.levers.LEVER_TYPES` names the
function for each type.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ghgcalc.scenarios.distributions import Sampler, Series, interpolate


@dataclass
class Effects:
    """The indices and records the levers of one chunk of draws change; arrays are (draws, years, lines)."""

    sampler: Sampler
    years: np.ndarray  # float years
    factor0: np.ndarray  # (lines,) start-year emission factor
    ids: tuple[str, ...]  # line ids, in column order
    drivers: dict  # name -> (draws, years)
    activity: np.ndarray
    intensity: np.ndarray
    grid: np.ndarray
    leakage: np.ndarray
    share_moved: np.ndarray  # share of a fuel line's energy moved to electricity
    ratio_moved: np.ndarray  # (draws, 1, lines): MWh of electricity per MWh of fuel moved
    receiver: np.ndarray  # (lines,): the line that takes over a fuel line's demand
    covered_share: dict  # "onsite" / "contract" -> share of consumption covered
    amounts: list = field(default_factory=list)  # (instrument group, columns, MWh (draws, years))
    neutral: dict = field(default_factory=dict)  # "removal" / "credit" -> t CO2e (draws, years)

    @classmethod
    def start(cls, sampler: Sampler, years: np.ndarray, factor0: np.ndarray, ids: tuple[str, ...],
              drivers: dict) -> "Effects":
        """Every index at 1, nothing moved, covered or neutralised: the inventory as it stands."""
        n, Y, L = sampler.size, len(years), len(ids)
        return cls(sampler, years, factor0, ids, drivers, activity=np.ones((n, Y, L)), intensity=np.ones((n, Y, L)),
                   grid=np.ones((n, Y, L)), leakage=np.ones((n, Y, L)), share_moved=np.zeros((n, Y, L)),
                   ratio_moved=np.zeros((n, 1, L)), receiver=np.arange(L),
                   covered_share={"onsite": np.zeros((n, Y, L)), "contract": np.zeros((n, Y, L))},
                   neutral={"removal": np.zeros((n, Y)), "credit": np.zeros((n, Y))})

    def keep_start_year(self, new: np.ndarray) -> None:
        """Undo every lever in the start year: it is the starting inventory, and levers act from the next year;
        the lines of a new business (columns ``new``) are not in it.

        Why: a series that lists the start year (a renewable share of 10 % in 2024, the start year)
        would otherwise change the start year itself, and attribution would then report the gap
        between the inventory and that changed start as growth without levers."""
        for index in (self.activity, self.intensity, self.grid, self.leakage):
            index[:, 0, :] = 1.0
        self.activity[:, 0, new] = 0.0
        self.share_moved[:, 0, :] = 0.0
        for covered in self.covered_share.values():
            covered[:, 0, :] = 0.0
        self.amounts = [(group, cols, np.concatenate([np.zeros_like(mwh[:, :1]), mwh[:, 1:]], axis=1))
                        for group, cols, mwh in self.amounts]

    @property
    def shape(self) -> tuple[int, int]:
        return self.sampler.size, len(self.years)

    def yearly(self, param, on: np.ndarray) -> np.ndarray:
        """(draws, years): a parameter's value each year, 0 where the lever is off."""
        return np.broadcast_to(self.sampler.yearly(param, self.years) * on, self.shape)

    def compounded(self, lever, rate, on: np.ndarray) -> np.ndarray:
        """(draws, years, 1): prod(1 + r_t) of a rate over the years it acts."""
        r = np.broadcast_to(self.sampler.yearly(rate, self.years) * _rate_window(lever, self.years) * on, self.shape)
        return np.cumprod(1 + r, axis=1)[:, :, None]

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


def _rate_window(lever, years: np.ndarray) -> np.ndarray:
    """1 in the years a rate acts (after the start year, within from/until), else 0."""
    first = lever.first_year if lever.first_year is not None else years[0] + 1
    last = lever.last_year if lever.last_year is not None else years[-1]
    return ((years >= first) & (years <= last)).astype(float)


def grow(lever, effects: Effects, cols: np.ndarray, on: np.ndarray) -> None:
    """Activity x prod(1 + rate), or x (driver_t / driver_start) ** elasticity."""
    p = lever.params
    if "rate" in p:
        effects.activity[:, :, cols] *= effects.compounded(lever, p["rate"], on)
        return
    driver = effects.drivers[lever.driver]
    index = driver / driver[:, :1]
    elasticity = effects.sampler.leaf(p["elasticity"]) if "elasticity" in p else 1.0
    effects.activity[:, :, cols] *= (index ** (elasticity * on))[:, :, None]


def save_energy(lever, effects: Effects, cols: np.ndarray, on: np.ndarray) -> None:
    """Energy per unit of activity x prod(1 + rate)."""
    effects.intensity[:, :, cols] *= effects.compounded(lever, lever.params["rate"], on)


def clean_grid(lever, effects: Effects, cols: np.ndarray, on: np.ndarray) -> None:
    """Grid factor x prod(1 + rate), or following a series of factors from each line's own."""
    p = lever.params
    if "rate" in p:
        effects.grid[:, :, cols] *= effects.compounded(lever, p["rate"], on)
        return
    factor0 = effects.factor0[cols]
    levels = effects.levels(p["factor"], factor0[None, :])
    effects.grid[:, :, cols] *= 1 + on[:, :, None] * (levels / factor0 - 1)


def cut_leakage(lever, effects: Effects, cols: np.ndarray, on: np.ndarray) -> None:
    """Leakage x prod(1 + rate), or x leak_rate_t / baseline."""
    p = lever.params
    if "rate" in p:
        effects.leakage[:, :, cols] *= effects.compounded(lever, p["rate"], on)
        return
    baseline = effects.sampler.leaf(p["baseline_leak_rate"])
    ratio = effects.levels(p["leak_rate"], baseline) / baseline[:, :, None]
    effects.leakage[:, :, cols] *= 1 + on[:, :, None] * (ratio - 1)


def ramp_in(lever, effects: Effects, cols: np.ndarray, on: np.ndarray) -> None:
    """A new business's lines at ramp_t of their full size."""
    effects.activity[:, :, cols] *= effects.yearly(lever.params["ramp"], on)[:, :, None]


def electrify(lever, effects: Effects, cols: np.ndarray, on: np.ndarray) -> None:
    """A share of each fuel line's energy moves, times efficiency_ratio, onto its electricity line."""
    effects.share_moved[:, :, cols] = effects.yearly(lever.params["share"], on)[:, :, None]
    effects.ratio_moved[:, :, cols] = effects.sampler.leaf(lever.params["efficiency_ratio"])[:, :, None]
    for fuel, target in lever.to.items():
        effects.receiver[effects.ids.index(fuel)] = effects.ids.index(target)


def cover_with_renewables(lever, effects: Effects, cols: np.ndarray, on: np.ndarray) -> None:
    """A share of consumption, or an amount shared among the lines, covered on site or by contracts."""
    group = "onsite" if lever.instrument == "onsite" else "contract"
    if "share" in lever.params:
        effects.covered_share[group][:, :, cols] += effects.yearly(lever.params["share"], on)[:, :, None]
    else:
        effects.amounts.append((group, cols, effects.yearly(lever.params["energy"], on)))


def buy_neutralisation(lever, effects: Effects, cols: np.ndarray, on: np.ndarray) -> None:
    """Removals or credits bought each year; emissions are untouched."""
    effects.neutral[lever.kind] += effects.yearly(lever.params["amount"], on)
