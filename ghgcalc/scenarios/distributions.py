"""Uncertain and time-varying lever parameters: distributions, yearly series, and how they are read.

Any number in a scenario file may be written as a quantity string ("15 %", "40,000 MWh"),
as a distribution over such quantities ({ distribution = "triangular", low = "50 %",
mode = "100 %", high = "150 %" }), or, where a parameter varies by year, as a series of
either ({ 2025 = "0 %", 2035 = "100 %" }). Every leaf value has a *path*
("levers.renewables.share.2035"): the path names it in error messages and goal seek,
and seeds its own random stream, so that adding or changing one parameter never changes
the draws of another (common random numbers across scenarios and goal-seek steps).

Why medians for the central run: the attribution and the deterministic view of an
uncertain scenario use each distribution's median, which exists for every family here
and, unlike the mean, stays inside a clipped support.
"""

from __future__ import annotations

import math
import zlib
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Callable

import numpy as np

from ghgcalc.core.quantity import QuantityError, read_quantity
from ghgcalc.core.years import CALENDAR, FiscalYears, YearError
from ghgcalc.errors import did_you_mean
from ghgcalc.core.percent import from_percent, percent_text
from ghgcalc.core.intervals import show_digits

DISTRIBUTIONS = {
    "normal": ("mean", "sd"),
    "lognormal": ("median", "gsd"),
    "triangular": ("low", "mode", "high"),
    "uniform": ("low", "high"),
}


@dataclass(frozen=True)
class Kind:
    """What a parameter measures: its canonical unit (None for plain fractions and ratios) and its domain."""

    name: str
    unit: str | None  # canonical unit; None: a fraction ("%") or a bare ratio
    low: float | None = None
    high: float | None = None
    percent: bool = False  # written as a percentage
    example: str = ""

    def format(self, value: float) -> str:
        """A value as written in a scenario file: '83.96 %', '40,000 MWh'."""
        if self.percent:
            return f"{percent_text(value, '.4g')} %"
        return show_digits(value) + (f" {self.unit}" if self.unit else "")

    def describe_domain(self) -> str:
        show = (lambda v: f"{percent_text(v)} %") if self.percent else (lambda v: f"{v:g}")
        if self.low is not None and self.high is not None:
            return f"between {show(self.low)} and {show(self.high)}"
        if self.low is not None:
            return f"at least {show(self.low)}"
        return "any value"


RATE = Kind("rate", None, -1.0, None, True, "'-3 %' (a change per year)")
SHARE = Kind("share", None, 0.0, 1.0, True, "'60 %'")
RATIO = Kind("ratio", None, 0.0, None, False, "'0.95'")
ENERGY = Kind("energy", "MWh", 0.0, None, False, "'40,000 MWh'")
MASS = Kind("mass", "t CO2e", 0.0, None, False, "'2,000 t CO2e'")
FACTOR = Kind("factor", "t CO2e / MWh", 0.0, None, False, "'0.45 t CO2e / MWh'")


def money(currency: str) -> Kind:
    return Kind("money", currency, 0.0, None, False, f"'12 million {currency}'")


def price(currency: str, per: str) -> Kind:
    return Kind("price", f"{currency} / ({per})", 0.0, None, False, f"'30 {currency} / {per}'")


@dataclass(frozen=True)
class Distribution:
    """One parameter value: fixed, or a distribution; values outside the parameter's domain are clipped."""

    family: str  # "fixed" or a key of DISTRIBUTIONS
    params: tuple[float, ...]
    path: str
    clip: tuple[float | None, float | None] = (None, None)

    @property
    def uncertain(self) -> bool:
        return self.family != "fixed"

    def central(self) -> float:
        """The median."""
        p = self.params
        if self.family == "fixed":
            value = p[0]
        elif self.family == "normal":
            value = p[0]
        elif self.family == "lognormal":
            value = p[0]
        elif self.family == "uniform":
            value = (p[0] + p[1]) / 2
        else:
            low, mode, high = p
            split = (mode - low) / (high - low)
            value = (low + math.sqrt(0.5 * (high - low) * (mode - low)) if split >= 0.5
                     else high - math.sqrt(0.5 * (high - low) * (high - mode)))
        return float(np.clip(value, *(-np.inf if self.clip[0] is None else self.clip[0],
                                      np.inf if self.clip[1] is None else self.clip[1])))

    def sample(self, seed: int, draws: int) -> np.ndarray:
        """``draws`` values from this parameter's own stream (seeded by ``seed`` and its path)."""
        if self.family == "fixed":
            return np.full(draws, self.params[0])
        rng = np.random.default_rng(np.random.SeedSequence(seed, spawn_key=(zlib.crc32(self.path.encode()),)))
        p = self.params
        if self.family == "normal":
            values = rng.normal(p[0], p[1], draws)
        elif self.family == "lognormal":
            values = p[0] * np.exp(math.log(p[1]) * rng.standard_normal(draws))
        elif self.family == "uniform":
            values = rng.uniform(p[0], p[1], draws)
        else:
            values = rng.triangular(p[0], p[1], p[2], draws)
        low, high = self.clip
        if low is not None or high is not None:
            values = np.clip(values, -np.inf if low is None else low, np.inf if high is None else high)
        return values


@dataclass(frozen=True)
class Series:
    """Values by year. Between listed years the value is interpolated linearly; after the last it
    holds; before the first the parameter has no effect (``before`` gives that neutral value)."""

    points: tuple[tuple[int, Distribution], ...]
    path: str
    before: float = 0.0

    @property
    def leaves(self) -> tuple[Distribution, ...]:
        return tuple(d for _, d in self.points)


Param = Distribution | Series
Report = Callable[[tuple, str], None]


@dataclass
class Sampler:
    """Values of every leaf parameter for a run: sampled draws, medians, or overrides.

    All draws of a leaf are made at once (so that the numbers do not depend on how the
    run is chunked); ``window`` picks the chunk of draws that ``leaf`` and ``yearly`` return.
    """

    seed: int
    draws: int
    central: bool = False
    overrides: dict = field(default_factory=dict)  # path -> float
    _cache: dict = field(default_factory=dict)
    _lo: int = 0
    _hi: int | None = None
    # draws a process projects none beyond (None: all): a leaf's first draws are the first of its own stream
    # whatever the number sampled, so a process that counts only the first half of a run samples only those
    until: int | None = None

    def window(self, lo: int, hi: int) -> None:
        self._lo, self._hi = lo, hi

    @property
    def size(self) -> int:
        return (self.draws if self._hi is None else self._hi) - self._lo

    def leaf(self, dist: Distribution) -> np.ndarray:
        """Shape (draws in the window, 1)."""
        if self.fixed(dist):  # one value in every draw: made once for each size of window, read-only as it is shared
            key = ("fixed", dist.path, self.size)
            if key not in self._cache:
                value = float(self.overrides[dist.path]) if dist.path in self.overrides else dist.central()
                self._cache[key] = np.full((self.size, 1), value)
                self._cache[key].flags.writeable = False
            return self._cache[key]
        hi = self.draws if self._hi is None else self._hi
        found = self._cache.get(dist.path)
        if found is None or len(found) < hi:
            made = self.draws if self.until is None or self.until < hi else self.until
            found = self._cache[dist.path] = dist.sample(self.seed, made)[:, None]
        return found[self._lo:hi]

    def fixed(self, dist: Distribution) -> bool:
        """Whether the leaf has one value in every draw (fixed, a median, or set by an override)."""
        return self.central or not dist.uncertain or dist.path in self.overrides

    def listed(self, series: Series) -> tuple[list[int], np.ndarray]:
        """The years a series lists (with any a goal seek sets) and their values, (draws, years listed)."""
        points = dict(series.points)
        for path in self.overrides:
            prefix, _, year = path.rpartition(".")
            if prefix == series.path and year.isdigit() and int(year) not in points:
                points[int(year)] = Distribution("fixed", (np.nan,), path)
        years = sorted(points)
        return years, np.concatenate([self.leaf(points[y]) for y in years], axis=1)

    def yearly(self, param: Param, years: np.ndarray) -> np.ndarray:
        """The parameter in every year: shape (draws, 1) for a constant, (draws, years) for a series
        ((1, years) when no value of the series is drawn)."""
        if isinstance(param, Distribution):
            return self.leaf(param)
        if all(self.fixed(d) for d in param.leaves):
            # the same in every draw: interpolated once a run, (1, years), read-only as it is shared
            key = ("yearly", param.path, np.asarray(years, dtype=float).tobytes())
            if key not in self._cache:
                listed, values = self.listed(param)
                self._cache[key] = interpolate(listed, values[:1], years, param.before)
                self._cache[key].flags.writeable = False
            return self._cache[key]
        listed, values = self.listed(param)
        return interpolate(listed, values, years, param.before)


def interpolate(listed, values: np.ndarray, years: np.ndarray, before: float) -> np.ndarray:
    """Linear interpolation of (draws, len(listed)) values to ``years``; ``before`` ahead of the first, the last after."""
    w = _weights(tuple(float(x) for x in listed), tuple(np.asarray(years, dtype=float)))
    # a year on a listed year or past the last takes that value itself (what values[:, left] * 1 + values[:, right]
    # * 0 gives); only the years strictly between two listed years are worked out, in two arrays rather than four
    out = values.take(w.nearest, axis=1)
    if len(w.between):
        out[:, w.between] = np.multiply(values[:, w.left], w.stay) + np.multiply(values[:, w.right], w.t)
    out[:, w.ahead] = before
    return out


@dataclass(frozen=True)
class _Weights:
    nearest: np.ndarray  # (years,) the listed column each year takes (its own, or the last) when not between two
    between: np.ndarray  # the years strictly between two listed years, and for each:
    left: np.ndarray  # the listed column before it,
    right: np.ndarray  # the one after it,
    stay: np.ndarray  # the weight 1 - t of the one before,
    t: np.ndarray  # and t of the one after
    ahead: np.ndarray  # the years ahead of the first listed year


@lru_cache(maxsize=512)
def _weights(listed: tuple, years: tuple) -> _Weights:
    """Where each year falls between the listed years. Worked out once per series and run."""
    xs, years = np.array(listed), np.array(years)
    ahead = np.flatnonzero(years < xs[0])
    if len(xs) == 1:
        none = np.zeros(0, dtype=np.intp)
        return _Weights(np.zeros(len(years), dtype=np.intp), none, none, none, np.zeros(0), np.zeros(0), ahead)
    right = np.clip(np.searchsorted(xs, years, side="right"), 1, len(xs) - 1)
    left = right - 1
    t = np.clip((years - xs[left]) / (xs[right] - xs[left]), 0.0, 1.0)
    between = np.flatnonzero((t > 0) & (t < 1))
    nearest = np.where(t >= 1, right, left)
    return _Weights(nearest, between, left[between], right[between], 1 - t[between], t[between], ahead)


# --- reading ----------------------------------------------------------------------------------

def parse_number(text, kind: Kind, decimal: str = ".") -> tuple[float | None, str | None]:
    """A quantity string as a number in the kind's canonical unit; (None, message) when it is not one. ``decimal``:
    the workspace's number format for the file ([data] decimal), read by the one quantity parser (core/quantity.py)
    as targets.toml is; under a decimal comma a comma that once grouped thousands ("1,500") is refused as ambiguous,
    since scenario files were read with a decimal point before."""
    if isinstance(text, bool):
        return None, f"{text!r} is not a quantity; write e.g. {kind.example}"
    if isinstance(text, (int, float)):
        if kind.unit is None and not kind.percent:
            return float(text), None
        return None, f"{text!r} has no unit; write a string such as {kind.example}"
    try:
        written = read_quantity(text, example=kind.example, decimal=decimal, strict_commas=decimal == ",")
    except QuantityError as exc:
        return None, str(exc)
    if kind.unit is None:
        if written.is_percent:
            return from_percent(written.number), None
        if written.unit == "" and not kind.percent:
            return written.number, None
        return None, f"{text!r} is not a {'percentage' if kind.percent else 'plain number'}; write e.g. {kind.example}"
    if not written.unit:
        return None, f"{text!r} has no unit; write e.g. {kind.example}"
    try:
        return written.to(kind.unit), None
    except QuantityError as exc:
        return None, f"{exc}; write e.g. {kind.example}"


def _check_domain(value: float, text, kind: Kind) -> str | None:
    if kind.low is not None and value < kind.low - 1e-12:
        if kind is SHARE:
            return f"{text!r} is below 0 %; a share lies between 0 % and 100 %"
        return f"{text!r} is out of range: a {kind.name} is {kind.describe_domain()}"
    if kind.high is not None and value > kind.high + 1e-12:
        if kind is SHARE:
            return f"{text!r} is above 100 %; a share lies between 0 % and 100 %"
        return f"{text!r} is out of range: a {kind.name} is {kind.describe_domain()}"
    return None


def parse_value(raw, kind: Kind, path: str, report: Report, where: tuple = (), decimal: str = ".") -> Distribution | None:
    """One value: a quantity string or a distribution table. Problems go to ``report(key_path, message)``."""
    if isinstance(raw, dict):
        return _parse_distribution(raw, kind, path, report, where, decimal)
    value, error = parse_number(raw, kind, decimal)
    if error:
        report(where, error)
        return None
    error = _check_domain(value, raw, kind)
    if error:
        report(where, error)
        return None
    return Distribution("fixed", (value,), path)


def _parse_distribution(raw: dict, kind: Kind, path: str, report: Report, where: tuple,
                        decimal: str = ".") -> Distribution | None:
    family = raw.get("distribution")
    if not isinstance(family, str) or family not in DISTRIBUTIONS:
        hint = did_you_mean(family, DISTRIBUTIONS) if isinstance(family, str) and family else ""
        report(where + (("distribution",) if family else ()),
               f"{family!r} is not a distribution{hint}; choose {', '.join(DISTRIBUTIONS)}" if family else
               "a table here is a distribution: give distribution = 'normal', 'lognormal', 'triangular' or 'uniform'")
        return None
    names = DISTRIBUTIONS[family]
    for key in raw:
        if key != "distribution" and key not in names:
            report(where + (key,), f"not a parameter of a {family} distribution{did_you_mean(key, names)}; "
                                   f"it takes {', '.join(names)}")
            return None
    values = []
    for name in names:
        if name not in raw:
            report(where, f"a {family} distribution needs {', '.join(names)}; {name} is missing")
            return None
        scale = RATIO if name == "gsd" else kind
        value, error = parse_number(raw[name], scale, decimal)
        if error:
            report(where + (name,), error)
            return None
        values.append(value)
    problem = _impossible(family, values, raw, kind)
    if problem:
        report(where, problem)
        return None
    return Distribution(family, tuple(values), path, (kind.low, kind.high))


def _impossible(family: str, v: list[float], raw: dict, kind: Kind) -> str | None:
    """Parameters no distribution of that family has, or a support wholly outside the domain."""
    if family == "normal" and v[1] <= 0:
        return f"a normal distribution needs sd > 0, not {raw['sd']!r}; for a fixed value write the value itself"
    if family == "lognormal":
        if v[0] <= 0:
            return (f"a lognormal distribution's values are positive, so its median must be too, not {raw['median']!r}; "
                    f"for a value that may be negative use normal, triangular or uniform")
        if v[1] <= 1:
            return f"a lognormal distribution needs gsd (geometric standard deviation) > 1, not {raw['gsd']!r}"
    if family == "uniform" and not v[0] < v[1]:
        return f"a uniform distribution needs low < high, not low = {raw['low']!r}, high = {raw['high']!r}"
    if family == "triangular" and not (v[0] <= v[1] <= v[2] and v[0] < v[2]):
        return (f"a triangular distribution needs low <= mode <= high and low < high, not low = {raw['low']!r}, "
                f"mode = {raw['mode']!r}, high = {raw['high']!r}")
    if family in ("uniform", "triangular"):
        for name in ("low", "high"):
            error = _check_domain(v[0] if name == "low" else v[-1], raw[name], kind)
            if error:
                return f"{name}: {error}"
    if family == "normal":
        error = _check_domain(v[0], raw["mean"], kind)
        if error:
            return f"mean: {error}"
    return None


def _year_key(key, labels: FiscalYears) -> int | None:
    """A series key as the calendar year it names: 2030, or a fiscal year as the company labels it ("FY2030")."""
    try:
        return labels.year(str(key))
    except YearError:
        return None


def parse_param(raw, kind: Kind, path: str, report: Report, where: tuple = (), *, series: bool = True,
                before: float = 0.0, years: tuple[int, int] | None = None,
                labels: FiscalYears = CALENDAR, decimal: str = ".") -> Param | None:
    """A value, or (when ``series``) a table of year = value. ``years`` bounds the years a series may list;
    ``labels``: how the company labels its years, so that a key may be "FY2030" as its reports print it;
    ``decimal``: the file's number format (:func:`parse_number`)."""
    if isinstance(raw, dict) and "distribution" not in raw and raw and all(_year_key(k, labels) for k in raw):
        if not series:
            report(where, "this parameter does not vary by year; give one value")
            return None
        points, ok = [], True
        for year, value in raw.items():
            y = _year_key(year, labels)
            if years is not None and not years[0] <= y <= years[1]:
                label = labels.label_of
                report(where + (year,), f"year {label(y)} is outside the scenario's years "
                                        f"{label(years[0])}-{label(years[1])}")
                ok = False
                continue
            leaf = parse_value(value, kind, f"{path}.{y}", report, where + (year,), decimal)
            ok = ok and leaf is not None
            if leaf is not None:
                points.append((y, leaf))
        return Series(tuple(sorted(points, key=lambda p: p[0])), path, before) if ok else None
    if isinstance(raw, dict) and "distribution" not in raw:
        keys = [k for k in raw if not _year_key(k, labels)]
        report(where + ((keys[0],) if keys else ()),
               f"a table here is either a series (year = value, e.g. {{ 2030 = {kind.example} }}) or a distribution "
               f"(distribution = 'normal', ...); {keys[0] if keys else 'it'!r} is neither")
        return None
    return parse_value(raw, kind, path, report, where, decimal)


def leaves(param: Param | None) -> tuple[Distribution, ...]:
    if param is None:
        return ()
    return param.leaves if isinstance(param, Series) else (param,)
