"""Exact percentiles of draws that arrive in blocks, keeping only the draws near each percentile.

Why: a run's printed bands are the 5th, 50th and 95th percentiles of every series in every
year, and keeping 100,000 draws x 28 years of each series takes hundreds of MB. A
percentile needs two order statistics of its column, so the first block of draws (a random
sample: draws are independent and identically distributed) brackets each one with a margin
of ``Z`` binomial standard deviations; every block then adds to the counts of draws below
and above the bracket and keeps only the draws inside it. The number found is the one
``numpy.percentile`` (method 'linear', Hyndman and Fan's 7th) gives over all draws at once:
a bracket decides what is kept, never the value. Should a bracket miss (a few chances in a
million a column), ``missed`` says so and the caller feeds those columns whole in a second
pass (``add_again``).
"""

from __future__ import annotations

import math

import numpy as np

Z = 4.5  # margin of a bracket, in standard deviations of a sample quantile's rank


def order_positions(count: int, points) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """numpy.percentile's ('linear') neighbouring order statistics and weight for each point."""
    virtual = (count - 1) * np.true_divide(np.asarray(points, dtype=float), 100)
    previous = np.floor(virtual)
    following = previous + 1
    last = virtual >= count - 1
    previous[last], following[last] = count - 1, count - 1
    return previous.astype(np.intp), following.astype(np.intp), virtual - previous


def interpolate(a: np.ndarray, b: np.ndarray, gamma) -> np.ndarray:
    """numpy's own linear interpolation between two order statistics (so that the digits agree)."""
    gamma = np.asarray(gamma, dtype=float)
    diff = b - a
    out = np.add(a, diff * gamma)
    np.subtract(b, diff * (1 - gamma), out=out, where=gamma >= 0.5, casting="unsafe")
    return out


class BlockPercentiles:
    """Percentiles over draws of each column of (draws, columns) blocks; ``result`` is (points, columns)."""

    def __init__(self, draws: int, columns: int, points):
        self.draws, self.columns, self.points = draws, columns, tuple(points)
        self.previous, self.following, self.gamma = order_positions(draws, points)
        self.seen = 0
        self.lo = self.hi = None  # (points, columns) brackets, from the first block
        shape = (len(self.points), columns)
        self.below, self.above = np.zeros(shape, dtype=np.int64), np.zeros(shape, dtype=np.int64)
        self.kept = [[] for _ in self.points]  # per point: (values in column order, count per column) per block
        self.whole: list | None = None  # the columns of a second pass
        self.sample = 0  # draws in the first block
        self.nan = np.zeros(columns, dtype=bool)  # columns with a draw that is not a number: their percentiles are NaN

    def add(self, block: np.ndarray) -> None:
        block = np.broadcast_to(block, (block.shape[0], self.columns)) if block.ndim == 2 else block
        if self.lo is None:
            self._bracket(block)
        self.seen += block.shape[0]
        if block.shape[0] > 1 and block.strides[0] == 0:  # the same in every draw of the block
            self.nan |= np.isnan(block[0])
            self._add_same(block[:1], block.shape[0])
            return
        columns = np.ascontiguousarray(block.T)  # (columns, draws): each column's draws side by side
        self.nan |= np.isnan(columns).any(axis=1)
        for j in range(len(self.points)):
            from_lo = columns >= self.lo[j][:, None]
            over = columns > self.hi[j][:, None]
            at_least, above = np.count_nonzero(from_lo, axis=1), np.count_nonzero(over, axis=1)
            self.below[j] += block.shape[0] - at_least
            self.above[j] += above
            inside = from_lo ^ over  # lo <= x <= hi, as hi >= lo
            if not self._open[j].all():  # a bracket of one value keeps counts only
                inside &= self._open[j][:, None]
            counts = np.count_nonzero(inside, axis=1) if not self._open[j].all() else at_least - above
            if counts.any():
                self.kept[j].append((columns[inside], counts))
        self._tighten_when_doubled()

    def _tighten_when_doubled(self) -> None:
        if self.sample and self.seen < self.draws and self.seen >= 2 * self.sample:
            self._tighten()
            self.sample = self.seen

    def _add_same(self, row: np.ndarray, count: int) -> None:
        for j in range(len(self.points)):
            under, over = row < self.lo[j], row > self.hi[j]
            self.below[j] += count * under[0]
            self.above[j] += count * over[0]
            inside = ~(under | over) & self._open[j]
            if inside.any():
                self.kept[j].append((np.repeat(row[inside], count), count * inside[0]))
        self._tighten_when_doubled()

    def _bracket(self, sample: np.ndarray) -> None:
        """Each order statistic's bracket: the sample's values Z standard deviations either side of its rank."""
        size = self.sample = sample.shape[0]
        ordered = np.sort(sample, axis=0)
        self.lo, self.hi = np.empty((2, len(self.points), self.columns))
        for j in range(len(self.points)):
            if size >= self.draws:  # the sample is every draw: brackets of the order statistics themselves
                self.lo[j], self.hi[j] = ordered[self.previous[j]], ordered[self.following[j]]
                continue
            ranks = []
            for rank, side in ((self.previous[j], -1), (self.following[j], 1)):
                f = rank / max(self.draws - 1, 1)
                at = f * (size - 1) + side * (Z * math.sqrt(size * f * (1 - f)) + 1)
                ranks.append(math.floor(at) if side < 0 else math.ceil(at))
            low, high = ranks
            self.lo[j] = ordered[low] if low >= 0 else -np.inf
            self.hi[j] = ordered[high] if high < size else np.inf
        self._open = [self.lo[j] < self.hi[j] for j in range(len(self.points))]

    def _grouped(self, j: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Point j's kept draws sorted by column, then value; the column of each; where each column starts."""
        if not self.kept[j]:
            return np.zeros(0), np.zeros(0, dtype=np.intp), np.zeros(self.columns + 1, dtype=np.intp)
        values = np.concatenate([v for v, _ in self.kept[j]])
        owner = np.concatenate([np.repeat(np.arange(self.columns), c) for _, c in self.kept[j]])
        order = np.lexsort((values, owner))
        counts = np.bincount(owner, minlength=self.columns)
        return values[order], owner[order], np.concatenate([[0], np.cumsum(counts)])

    def _tighten(self) -> None:
        """Narrow each bracket to Z standard deviations of the draws seen so far, dropping the draws outside it.

        Why: a bracket from the first block is wide; the more draws are seen, the surer the
        rank of each order statistic among them, so fewer draws need keeping."""
        seen = self.seen
        for j in range(len(self.points)):
            values, owner, starts = self._grouped(j)
            if not len(values):
                continue
            counts = np.diff(starts)
            bounds = []
            for rank, side, old in ((self.previous[j], -1, self.lo[j]), (self.following[j], 1, self.hi[j])):
                f = rank / max(self.draws - 1, 1)
                at = f * (seen - 1) + side * (Z * math.sqrt(seen * f * (1 - f)) + 1)
                index = (math.floor(at) if side < 0 else math.ceil(at)) - self.below[j]
                usable = self._open[j] & (index > 0 if side < 0 else index >= 0) & (index < counts - (side > 0))
                picked = values[np.minimum(starts[:-1] + np.clip(index, 0, None), len(values) - 1)]
                bounds.append(np.where(usable, picked, old))
            lo, hi = bounds
            under, over = values < lo[owner], values > hi[owner]
            self.below[j] += np.bincount(owner[under], minlength=self.columns)
            self.above[j] += np.bincount(owner[over], minlength=self.columns)
            self.lo[j], self.hi[j] = lo, hi
            self._open[j] = lo < hi
            keep = ~(under | over) & self._open[j][owner]
            self.kept[j] = [(values[keep], np.bincount(owner[keep], minlength=self.columns))]

    def missed(self) -> np.ndarray:
        """Columns whose brackets did not hold one of their order statistics (to be fed whole again)."""
        bad = np.zeros(self.columns, dtype=bool) if self.lo is not None else ~self.nan
        if self.lo is None:
            return np.flatnonzero(bad)
        for j in range(len(self.points)):
            bad |= (self.below[j] > self.previous[j]) | (self.draws - self.above[j] <= self.following[j])
        return np.flatnonzero(bad)

    def add_again(self, block: np.ndarray, columns: np.ndarray) -> None:
        """Second pass: the missed columns of a block, kept whole."""
        if self.whole is None:
            self.whole = []
        self.whole.append(np.array(np.broadcast_to(block, (block.shape[0], self.columns))[:, columns]))

    def result(self) -> np.ndarray:
        """(points, columns): each column's percentiles, as numpy.percentile gives them over every draw."""
        if self.seen != self.draws:
            raise ValueError(f"{self.seen} of {self.draws} draws were added")
        out = np.empty((len(self.points), self.columns))
        missed = self.missed()
        for j in range(len(self.points)):
            values, _, starts = self._grouped(j)
            pair = np.empty((2, self.columns))
            for k, rank in enumerate((self.previous[j], self.following[j])):
                at = np.clip(starts[:-1] + rank - self.below[j], 0, max(len(values) - 1, 0))
                pair[k] = np.where(self._open[j], values[at] if len(values) else 0.0, self.lo[j])
            out[j] = interpolate(pair[0], pair[1], self.gamma[j])
        if len(missed):
            whole = np.concatenate(self.whole) if self.whole else None
            if whole is None or whole.shape[0] != self.draws:
                raise ValueError("missed columns need a second pass (add_again) over every draw")
            out[:, missed] = np.percentile(whole, self.points, axis=0)
        out[:, self.nan] = np.nan  # as numpy.percentile gives for a column holding NaN
        return out
