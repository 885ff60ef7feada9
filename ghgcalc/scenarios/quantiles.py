"""Exact percentiles of draws that arrive in blocks, keeping only the draws near each percentile.

Why: a run's printed bands are the 5th, 50th and 95th percentiles of every series in every
year, and keeping 100,000 draws x 28 years of each series takes hundreds of MB. A
percentile needs two order statistics of its column, so the first draws (``SAMPLE`` of them, a random
sample: draws are independent and identically distributed) bracket each one with a margin
of ``Z`` binomial standard deviations; every block then adds to the counts of draws below
and above the bracket and keeps only the draws inside it. The number found is the one
``numpy.percentile`` (method 'linear', Hyndman and Fan's 7th) gives over all draws at once:
a bracket decides what is kept, never the value. Should a bracket miss (a few chances in a
million a column), ``missed`` says so and the caller feeds those columns whole in a second
pass (``add_again``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

Z = 4.5  # margin of a bracket, in standard deviations of a sample quantile's rank
GROWTH = 3  # brackets narrow each time the draws seen have grown this many times (sorting the kept draws costs)
# draws of the first block that bracket the percentiles: the bracket decides only what is kept, and sorting a
# sample costs more than keeping the wider bracket's few more draws until it narrows (100,000 draws in one
# process: 0.27 s from the first 1,024 draws against 0.29 s from a whole block of 4,160; 256 draws: 0.29 s)
SAMPLE = 1024
TILE = 32  # columns of a block compared at a time (their transposed copy stays in cache)
TABLE_FILL = 4  # kept draws sorted as a (columns, most kept in a column) table when it is at most this many times theirs


def signless_zero(values: np.ndarray) -> np.ndarray:
    """``values`` with -0.0 made 0.0, in place: -0.0 and 0.0 are tied draws, and which of the two a sort puts at an
    order statistic depends on the sort (numpy's default and stable sorts, and numpy.percentile's partition, differ),
    so that a percentile that is zero is the same number however its draws were ordered."""
    values += 0.0
    return values


def order_positions(count: int, points) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """numpy.percentile's ('linear') neighbouring order statistics and weight for each point."""
    virtual = (count - 1) * np.true_divide(np.asarray(points, dtype=float), 100)
    previous = np.floor(virtual)
    following = previous + 1
    last = virtual >= count - 1
    previous[last], following[last] = count - 1, count - 1
    return previous.astype(np.intp), following.astype(np.intp), virtual - previous


def _spread(seen: int, draws: int, f: float) -> float:
    """Standard deviation of how many of ``seen`` draws lie below the order statistic at fraction f of all ``draws``.

    Why not binomial: the draws seen are a random part of all the draws (they are independent
    and identically distributed), so the count is hypergeometric, whose spread shrinks to none
    as the seen draws become all of them."""
    return math.sqrt(seen * f * (1 - f) * (draws - seen) / max(draws - 1, 1))


def interpolate(a: np.ndarray, b: np.ndarray, gamma) -> np.ndarray:
    """numpy's own linear interpolation between two order statistics (so that the digits agree)."""
    gamma = np.asarray(gamma, dtype=float)
    diff = b - a
    out = np.add(a, diff * gamma)
    np.subtract(b, diff * (1 - gamma), out=out, where=gamma >= 0.5, casting="unsafe")
    return out


def _ranked(sample: np.ndarray, ranks: list) -> np.ndarray:
    """The sample with each column's values at ``ranks`` where a sort would put them (the rest in any order).

    Why not a sort: a bracket needs a few order statistics of its column, which a partition finds in about
    half a sort's time; a sample the same in every draw (a broadcast row) is its own order."""
    if sample.shape[0] > 1 and sample.strides[0] == 0:
        return sample
    return np.partition(sample, ranks, axis=0) if ranks else sample


def _counts(masks: np.ndarray) -> np.ndarray:
    """(...) int64: the true values along the last axis of masks, whose last axis is a multiple of 8 long.

    Why: 8 bytes of a mask read as one 64-bit word are 8 counters of 8 bits, so 255 words add
    up 8 at a time without a carry from one counter into the next."""
    words = masks.view(np.uint64)
    lanes = np.add.reduceat(words, np.arange(0, words.shape[-1], 255), axis=-1)  # (..., chunks) of 8 counters
    return np.add.reduce(lanes.view(np.uint8).reshape(lanes.shape[:-1] + (-1,)), axis=-1, dtype=np.int64)


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
        self.ordered = [True] * len(self.points)  # per point: each kept block's draws in order within each column
        self.whole: list | None = None  # the columns of a second pass
        self.sample = 0  # draws in the first block
        self.nan = np.zeros(columns, dtype=bool)  # columns with a draw that is not a number: their percentiles are NaN
        self.unmet = np.zeros(columns, dtype=bool)  # columns whose parts' brackets did not overlap (``absorb``)
        self._found = None  # (blocks of the second pass, order statistics) once found

    def add(self, block: np.ndarray) -> None:
        block = np.broadcast_to(block, (block.shape[0], self.columns)) if block.ndim == 2 else block
        if self.lo is None:
            self._bracket(block[:SAMPLE])
        self.seen += block.shape[0]
        if block.shape[0] > 1 and block.strides[0] == 0:  # the same in every draw of the block
            self.nan |= np.isnan(block[0])
            if not (self._settled.all() and np.all(block[0] == self.lo[0])):  # (settled at it: nothing to count)
                self._add_same(block[:1], block.shape[0])
            self._tighten_when_grown()
            return
        kept = [([], np.zeros(self.columns, dtype=np.int64)) for _ in self.points]
        for at in range(0, self.columns, TILE):
            self._add_columns(block[:, at:at + TILE], at, kept)
        for j, (values, counts) in enumerate(kept):
            if values:
                self.kept[j].append((np.concatenate(values) if len(values) > 1 else values[0], counts))
                self.ordered[j] = False
        self._tighten_when_grown()

    def _add_columns(self, part: np.ndarray, at: int, kept: list) -> None:
        """Counts of a few columns' draws (``at`` the first) and, in ``kept``, their draws inside a bracket.

        Why this way: each column's draws side by side (a transposed copy, unless the block
        holds them so) compare against one number a bracket side, the fastest comparison numpy
        makes; a few columns at a time keep that copy in cache, where a wide block's would not
        be. Two comparisons a side, all points at once; counts added 8 at a time; then only the
        few draws inside a bracket (by column, as the masks hold them) are looked up."""
        draws, width = part.shape
        columns = slice(at, at + width)
        if draws % 8 == 0 and part.T.flags.c_contiguous:
            rows = part.T
        else:  # each row a multiple of 8 long, padded with NaN (at least no lo, above no hi: counted nowhere)
            rows = np.empty((width, -(-draws // 8) * 8))
            rows[:, draws:] = np.nan
            for start in range(0, draws, 512):  # a few hundred draws at a time: what is read stays in cache
                np.copyto(rows[:, start:min(start + 512, draws)], part[start:start + 512].T)
        lo, hi, closed = self.lo[:, columns, None], self.hi[:, columns, None], ~self._open[:, columns]
        if self._settled[columns].all() and np.all(rows[:, :draws] == lo[0]):  # no count changes, none kept
            return
        if np.isnan(np.maximum.reduce(rows[:, :draws], axis=None)):  # a NaN somewhere: in which columns?
            self.nan[columns] |= np.isnan(rows[:, :draws]).any(axis=1)
        masks = np.empty((2, len(self.points)) + rows.shape, dtype=bool)
        np.greater_equal(rows, lo, out=masks[0])
        np.greater(rows, hi, out=masks[1])
        at_least, above = _counts(masks)
        self.below[:, columns] += draws - at_least
        self.above[:, columns] += above
        inside = np.where(closed, 0, at_least - above)  # lo <= x <= hi, as hi >= lo; a closed bracket keeps none
        words = masks[0].view(np.uint64)
        np.bitwise_xor(words, masks[1].view(np.uint64), out=words)  # x >= lo and not x > hi (x > hi >= lo: x >= lo)
        if closed.any():
            words[closed] = 0
        for j in np.flatnonzero(inside.any(axis=1)):
            found = np.flatnonzero(masks[0, j])  # by column, then draw
            kept[j][0].append(rows.reshape(-1)[found])
            kept[j][1][columns] += inside[j]

    def _tighten_when_grown(self) -> None:
        if self.sample and self.seen >= GROWTH * self.sample:
            self.narrow()

    def narrow(self) -> None:
        """The brackets narrowed to the draws seen so far (as each block does once the draws have grown)."""
        if self.lo is not None and self.sample and self.seen < self.draws:
            self._tighten()
            self.sample = self.seen

    def _add_same(self, row: np.ndarray, count: int) -> None:
        """A row that is every draw of a block: counted ``count`` times, as a block's draws are (NaN below)."""
        under, over = ~(row >= self.lo), row > self.hi  # (points, columns), all points at once
        self.below += count * under
        self.above += count * over
        inside = ~(under | over) & self._open
        for j in np.flatnonzero(inside.any(axis=1)):
            self.kept[j].append((np.repeat(row[0, inside[j]], count), count * inside[j]))

    def _bracket(self, sample: np.ndarray) -> None:
        """Each order statistic's bracket: the sample's values Z standard deviations either side of its rank."""
        size = self.sample = sample.shape[0]
        ranks = []  # per point, the sample's ranks of its bracket's low and high side
        for j in range(len(self.points)):
            if size >= self.draws:  # the sample is every draw: brackets of the order statistics themselves
                ranks.append((self.previous[j], self.following[j]))
                continue
            ranks.append((self._margin(self.previous[j], -1, size), self._margin(self.following[j], 1, size)))
        ordered = _ranked(sample, sorted({r for pair in ranks for r in pair if 0 <= r < size}))
        self.lo, self.hi = np.empty((2, len(self.points), self.columns))
        for j, (low, high) in enumerate(ranks):
            self.lo[j] = ordered[low] if low >= 0 else -np.inf
            self.hi[j] = ordered[high] if high < size else np.inf
        self._changed()

    def _margin(self, rank: int, side: int, seen: int) -> int:
        """Of ``seen`` draws, the rank Z standard deviations below (side -1) or above (side 1) where the order
        statistic of ``rank`` among all the run's draws is expected: one side of its bracket."""
        f = rank / max(self.draws - 1, 1)
        at = f * (seen - 1) + side * (Z * _spread(seen, self.draws, f) + 1)
        return math.floor(at) if side < 0 else math.ceil(at)

    def _sorted(self, j: int) -> "Kept":
        """Point j's kept draws, sorted by column then value."""
        per = np.array([c for _, c in self.kept[j]], dtype=np.int64).reshape(-1, self.columns)  # (blocks, columns): draws kept
        counts = per.sum(axis=0)
        if not counts.any():
            return Kept(np.zeros(0), counts, None)
        values = np.concatenate([v for v, _ in self.kept[j]]) if len(per) > 1 else self.kept[j][0][0]
        # blocks each in order (a narrowing's, or parts added together): numpy's stable sort merges such runs, in
        # less than half the time a sort takes (two runs a column, 324 columns of 1,400: 2.8 ms against 6.2 ms)
        kind = "stable" if self.ordered[j] else None
        width, lengths = int(counts.max()), per.reshape(-1)
        table = self.columns * width <= TABLE_FILL * len(values) + 1024  # as many kept in each column: a table
        first = np.arange(self.columns) * width if table else np.cumsum(counts) - counts  # where a column's go
        # each block's draws are grouped by column: block b's of column c go after those of the blocks before b
        offset = (first + np.cumsum(per, axis=0) - per).reshape(-1) - np.cumsum(lengths) + lengths
        out = np.full(self.columns * width, np.inf) if table else np.empty(len(values))
        out[np.arange(len(values)) + np.repeat(offset, lengths)] = values
        if table:
            out = out.reshape(self.columns, width)
            out.sort(axis=1, kind=kind)  # +inf, the padding, sorts last (a kept +inf is the same number)
            return Kept(out, counts, np.arange(width) < counts[:, None])
        for c in np.flatnonzero(counts > 1):  # a column far fuller than the others (many ties): each sorted alone
            out[first[c]:first[c] + counts[c]].sort(kind=kind)
        return Kept(out, counts, None)

    def _tighten(self) -> None:
        """Narrow each bracket to Z standard deviations of the draws seen so far, dropping the draws outside it.

        Why: a bracket from the first block is wide; the more draws are seen, the surer the
        rank of each order statistic among them, so fewer draws need keeping."""
        seen = self.seen
        for j in range(len(self.points)):
            kept = self._sorted(j)
            if not kept.counts.any():
                continue
            bounds = []
            for rank, side, old in ((self.previous[j], -1, self.lo[j]), (self.following[j], 1, self.hi[j])):
                index = self._margin(rank, side, seen) - self.below[j]
                usable = self._open[j] & (index > 0 if side < 0 else index >= 0) & (index < kept.counts - (side > 0))
                bounds.append(np.where(usable, kept.at(index), old))
            self.lo[j], self.hi[j] = bounds
            under, over, self.kept[j] = kept.split(self.lo[j], self.hi[j])
            self.ordered[j] = True
            self.below[j] += under
            self.above[j] += over
        self._changed()

    def _changed(self) -> None:
        """The brackets just set: which are open, and which columns are settled.

        Why settled: a column whose brackets are all one value v (the start year of every
        series, a neutralisation never bought) changes no count and keeps no draw while its
        draws are v, so a block of such columns that are all v needs one comparison, not six."""
        self._open = self.lo < self.hi
        self._settled = ~np.any(self._open, axis=0) & np.all(self.lo == self.lo[0], axis=0)

    def absorb(self, other: "BlockPercentiles") -> None:
        """Another part of the same run's draws (counted by another process) added to these.

        Why it is exact: each part's brackets hold what it saw between its counts below and above,
        so both re-split at the brackets' overlap (the higher lo, the lower hi) count every draw
        below, inside or above one bracket. A column whose brackets do not overlap holds its order
        statistic outside one of them: ``missed`` names it, to be fed whole again."""
        if other.columns != self.columns or other.points != self.points or other.draws != self.draws:
            raise ValueError("only parts of the same run's figure can be added together")
        if other.lo is None:
            return
        if self.lo is None:
            self.__dict__.update(other.__dict__)
            return
        lo, hi = np.maximum(self.lo, other.lo), np.minimum(self.hi, other.hi)
        apart = lo > hi
        self.unmet = self.unmet | apart.any(axis=0)
        hi[apart] = lo[apart]  # closed where they do not overlap: such a column is fed whole again
        for j in range(len(self.points)):
            below, above = np.zeros((2, self.columns), dtype=np.int64)
            blocks = []
            for part in (self, other):
                below += part.below[j]
                above += part.above[j]
                for values, counts in part.kept[j]:  # each block's draws by column, split where they lie (unsorted:
                    under, over, inside = _split(values, counts, lo[j], hi[j])  # the bands sort them once)
                    below += under
                    above += over
                    if inside[1].any():
                        blocks.append(inside)
                # a closed bracket kept none of its draws: they are all its one value
                same = ~part._open[j]
                count = np.where(same, part.seen - part.below[j] - part.above[j], 0)
                value = part.lo[j]
                below += np.where(value < lo[j], count, 0)
                above += np.where(value > hi[j], count, 0)
                held = (count > 0) & (value >= lo[j]) & (value <= hi[j]) & (lo[j] < hi[j])
                if held.any():
                    blocks.append((np.repeat(value[held], count[held]), np.where(held, count, 0)))
            self.below[j], self.above[j], self.kept[j] = below, above, blocks
            self.ordered[j] = self.ordered[j] and other.ordered[j]  # a split keeps a block's order; a repeat is one
        self.lo, self.hi = lo, hi
        self.seen += other.seen
        self.nan |= other.nan
        self.sample, self._found = 0, None
        self._changed()

    def missed(self) -> np.ndarray:
        """Columns whose brackets did not hold one of their order statistics (to be fed whole again)."""
        bad = np.zeros(self.columns, dtype=bool) if self.lo is not None else ~self.nan
        if self.lo is None:
            return np.flatnonzero(bad)
        bad |= self.unmet
        for j in range(len(self.points)):
            bad |= (self.below[j] > self.previous[j]) | (self.draws - self.above[j] <= self.following[j])
        return np.flatnonzero(bad)

    def add_again(self, block: np.ndarray, columns: np.ndarray) -> None:
        """Second pass: the missed columns of a block, kept whole."""
        if self.whole is None:
            self.whole = []
        self.whole.append(np.array(np.broadcast_to(block, (block.shape[0], self.columns))[:, columns]))

    def order_statistics(self) -> np.ndarray:
        """(points, 2, columns): the two neighbouring order statistics of each percentile, over every draw.

        Found once (the bands and a gap's shifted bands both read them); not to be written to."""
        if self.seen != self.draws:
            raise ValueError(f"{self.seen} of {self.draws} draws were added")
        if self._found is not None and self._found[0] == len(self.whole or ()):
            return self._found[1]
        out = np.empty((len(self.points), 2, self.columns))
        for j in range(len(self.points)):
            kept = self._sorted(j)
            for k, rank in enumerate((self.previous[j], self.following[j])):
                out[j, k] = np.where(self._open[j], kept.at(rank - self.below[j]), self.lo[j])
        missed = self.missed()
        if len(missed):
            whole = np.concatenate(self.whole) if self.whole else None
            if whole is None or whole.shape[0] != self.draws:
                raise ValueError("missed columns need a second pass (add_again) over every draw")
            ordered = np.sort(whole, axis=0)
            out[:, 0, missed], out[:, 1, missed] = ordered[self.previous], ordered[self.following]
        self._found = (len(self.whole or ()), out)
        out.flags.writeable = False
        return out

    def result(self) -> np.ndarray:
        """(points, columns): each column's percentiles, as numpy.percentile gives them over every draw."""
        pairs = self.order_statistics()
        out = np.array([interpolate(pairs[j, 0], pairs[j, 1], self.gamma[j]) for j in range(len(self.points))])
        out[:, self.nan] = np.nan  # as numpy.percentile gives for a column holding NaN
        return signless_zero(out)

    def shifted(self, level: float, sign: int) -> np.ndarray:
        """(points, columns): the percentiles of the draws less ``level`` (sign 1) or of ``level`` less the draws
        (sign -1), from the draws' own order statistics.

        Why: a target's gap is its figure less one level (or the level less the figure) in every
        draw, so its order statistics are the figure's, moved (and, for sign -1, taken at the
        mirrored ranks, which ``mirrored`` says the points hold); the numbers are those
        numpy.percentile gives over the gaps themselves."""
        pairs = self.order_statistics()
        mirror = mirrored(self.draws, self.points)
        if sign < 0 and mirror is None:
            raise ValueError("the points are not symmetric about the median")
        out = np.empty((len(self.points), self.columns))
        for j in range(len(self.points)):
            if sign > 0:
                a, b = pairs[j, 0] - level, pairs[j, 1] - level  # as the gaps hold them: figure - level
            else:
                q, k = mirror[j]  # the figure's order statistics at ranks draws - 1 - previous and draws - 2 - previous
                a, b = level - pairs[q, k], level - pairs[q, 0]
            out[j] = interpolate(a, b, self.gamma[j])
        out[:, self.nan] = np.nan
        return signless_zero(out)


@dataclass(frozen=True)
class Kept:
    """A point's kept draws sorted by column then value: a (columns, most kept in a column) ``table`` padded with
    +inf (``filled`` saying which are draws) when that is compact enough, else one array grouped by column."""

    values: np.ndarray  # (columns, width) table, or (kept,) grouped by column
    counts: np.ndarray  # (columns,) draws kept in each column
    filled: np.ndarray | None  # (columns, width) for a table: which places hold a draw

    def at(self, index: np.ndarray) -> np.ndarray:
        """(columns,): each column's kept draw at ``index`` in its order (clipped to what there is; 0 if none)."""
        if self.filled is not None:
            return np.take_along_axis(self.values, np.clip(index, 0, self.values.shape[1] - 1)[:, None], 1)[:, 0]
        if not len(self.values):
            return np.zeros(len(self.counts))
        starts = np.cumsum(self.counts) - self.counts
        return self.values[np.clip(starts + index, 0, len(self.values) - 1)]

    def split(self, lo: np.ndarray, hi: np.ndarray) -> tuple[np.ndarray, np.ndarray, list]:
        """Counts per column of the draws below lo and above hi, and the draws inside an open bracket (a block)."""
        if self.filled is not None:
            under, over = self.values < lo[:, None], (self.values > hi[:, None]) & self.filled
            keep = self.filled & ~(under | over) & (lo < hi)[:, None]
            return under.sum(axis=1), over.sum(axis=1), [(self.values[keep], keep.sum(axis=1))]
        under, over, inside = _split(self.values, self.counts, lo, hi)
        return under, over, [inside]


def _split(values: np.ndarray, counts: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> tuple:
    """Of draws grouped by column (``counts`` in each, in any order within a column): per column how many lie
    below lo and above hi, and (values, counts) of those inside an open bracket, grouped the same way."""
    owner = np.repeat(np.arange(len(counts)), counts)
    under, over = values < lo[owner], values > hi[owner]
    keep = ~(under | over) & (lo < hi)[owner]
    tally = lambda mask: np.bincount(owner[mask], minlength=len(counts))  # noqa: E731
    return tally(under), tally(over), (values[keep], tally(keep))


def mirrored(draws: int, points) -> list | None:
    """For each point, (q, k): its order statistics mirrored (rank r -> draws - 1 - r) are point q's
    (previous, following) when k is 1; when k is 0 the point is an order statistic itself (weight 0), point q's
    previous. None when some point's mirror is not among the points."""
    previous, following, gamma = order_positions(draws, points)
    found = []
    for j in range(len(previous)):
        pair = np.flatnonzero((previous == draws - 2 - previous[j]) & (following == draws - 1 - previous[j]))
        single = np.flatnonzero(previous == draws - 1 - previous[j]) if gamma[j] == 0 else []
        if len(pair):
            found.append((int(pair[0]), 1))
        elif len(single):
            found.append((int(single[0]), 0))
        else:
            return None
    return found
