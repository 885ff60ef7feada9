"""Percentiles found block by block are numpy.percentile's over every draw, to the last bit."""

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from ghgcalc.scenarios import quantiles
from ghgcalc.scenarios.quantiles import BlockPercentiles, order_positions

FAST = settings(max_examples=60, deadline=None)


def block_by_block(values: np.ndarray, block: int, same_in_block: bool = False) -> np.ndarray:
    found = BlockPercentiles(values.shape[0], values.shape[1], (5, 50, 95))
    for lo in range(0, values.shape[0], block):
        part = values[lo:lo + block]
        found.add(np.broadcast_to(part[:1], part.shape) if same_in_block else part)
    missed = found.missed()
    if len(missed):
        for lo in range(0, values.shape[0], block):
            found.add_again(values[lo:lo + block], missed)
    return found.result()


@FAST
@given(draws=st.integers(1, 6_000), columns=st.integers(1, 4), block=st.integers(1, 3_000),
       ties=st.sampled_from([None, 0, 1, 2]), sample=st.sampled_from([1, 16, quantiles.SAMPLE]),
       seed=st.integers(0, 2**32 - 1))
def test_block_percentiles_equal_numpy_over_every_draw(draws, columns, block, ties, sample, seed):
    """Whatever the first bracket is drawn from (a single draw brackets nothing: every draw is kept at first)."""
    rng = np.random.default_rng(seed)
    values = rng.lognormal(size=(draws, columns))
    if ties is not None:  # values rounded to a few digits, or clipped at a bound, tie many draws
        values = np.round(values, ties) if ties else np.minimum(values, 1.0)
    previous, quantiles.SAMPLE = quantiles.SAMPLE, sample
    try:
        assert np.array_equal(block_by_block(values, block), np.percentile(values, (5, 50, 95), axis=0))
    finally:
        quantiles.SAMPLE = previous


@FAST
@given(draws=st.integers(1, 4_000), columns=st.integers(1, 60), block=st.integers(1, 1_500),
       odd=st.integers(0, 3_999), table=st.sampled_from([0, 4]), seed=st.integers(0, 2**32 - 1))
def test_columns_the_same_in_every_draw_but_one_and_ties_give_numpy(draws, columns, block, odd, table, seed):
    """Columns that hold one value in the first block (counted, not compared bracket by bracket) and then
    another in one later draw; columns clipped or rounded so that many draws tie: numpy's numbers still."""
    rng = np.random.default_rng(seed)
    values = rng.lognormal(size=(draws, columns))
    values[:, ::3] = np.minimum(values[:, ::3], 1.0)  # every third column holds many draws at 1.0
    values[:, 1::5] = np.round(values[:, 1::5], 0)
    values[:, 2::4] = 7.0  # the same in every draw ...
    values[odd % draws, 2::8] = 8.0  # ... but one, in half of them
    previous = quantiles.TABLE_FILL
    quantiles.TABLE_FILL = table  # 0: the kept draws sorted as one list, not as a table by column
    try:
        assert np.array_equal(block_by_block(values, block), np.percentile(values, (5, 50, 95), axis=0))
    finally:
        quantiles.TABLE_FILL = previous


@FAST
@given(draws=st.integers(2, 4_000), block=st.integers(1, 500), seed=st.integers(0, 2**32 - 1))
def test_blocks_the_same_in_every_draw_and_brackets_that_miss_still_give_numpy(draws, block, seed):
    """Blocks each the same in all their draws are no sample of the rest: brackets miss, the second pass answers."""
    rng = np.random.default_rng(seed)
    values = np.repeat(rng.normal(size=(draws // block + 1, 3)), block, axis=0)[:draws]
    assert np.array_equal(block_by_block(values, block, same_in_block=True),
                          np.percentile(values, (5, 50, 95), axis=0))


def test_order_positions_of_100000_draws():
    # numpy's 'linear' method: the 5th percentile of 100,000 draws lies 0.95 of the way from the
    # 5,000th to the 5,001st smallest (0-based 4,999 and 5,000): (100,000 - 1) x 0.05 = 4,999.95
    previous, following, gamma = order_positions(100_000, (5, 50, 95))
    assert previous.tolist() == [4_999, 49_999, 94_999] and following.tolist() == [5_000, 50_000, 95_000]
    assert gamma == pytest.approx([0.95, 0.5, 0.05])


def test_a_brackets_spread_is_hypergeometric_and_none_once_every_draw_is_seen():
    # 50 of 100 draws seen, the median: the count of them below it is hypergeometric (100 draws, 50 below,
    # 50 taken): variance 50 x 0.5 x 0.5 x (100 - 50) / (100 - 1) = 6.3131..., a spread of 2.5126
    assert quantiles._spread(50, 100, 0.5) == pytest.approx(2.51259, abs=1e-5)
    assert quantiles._spread(100, 100, 0.5) == 0.0
    assert quantiles._spread(10, 10**9, 0.05) == pytest.approx((10 * 0.05 * 0.95) ** 0.5, rel=1e-8)  # binomial


def test_a_run_that_adds_too_few_draws_is_refused():
    found = BlockPercentiles(10, 1, (50,))
    found.add(np.arange(4.0).reshape(-1, 1))
    with pytest.raises(ValueError, match="4 of 10 draws"):
        found.result()


def test_a_column_holding_nan_gives_nan_as_numpy_does():
    values = np.arange(40.0).reshape(20, 2)
    values[13, 1] = np.nan
    found = block_by_block(values, 5)
    assert np.isnan(found[:, 1]).all() and np.array_equal(found[:, 0], np.percentile(values[:, 0], (5, 50, 95)))


def _special(values: np.ndarray, rng: np.random.Generator, kind: str) -> np.ndarray:
    """Draws rounded so that many tie, or with NaN, +inf and -inf here and there."""
    if kind == "ties":
        return np.round(values, 0)
    if kind == "nan and inf":
        values = values.copy()
        for special in (np.nan, np.inf, -np.inf):
            values[rng.random(values.shape) < 0.01] = special
    return values


@FAST
@given(first=st.integers(2, 1_500), second=st.integers(1, 1_500), columns=st.integers(1, 75),
       kind=st.sampled_from(["plain", "ties", "nan and inf", "one row", "constant"]),
       order=st.sampled_from("CF"), seed=st.integers(0, 2**32 - 1))
def test_a_blocks_counts_and_kept_draws_are_those_numpy_finds(first, second, columns, kind, order, seed):
    """After the first block sets the brackets, the next one adds, per point and column, the draws not at least
    lo (NaN among them) to the count below, those above hi to the count above, and keeps the draws inside an open
    bracket: numpy's own comparisons over the block, for ties, NaN and infinities, a block that is one row repeated
    (stride 0), columns that hold one value, columns in C or Fortran order, more columns than are compared at once."""
    rng = np.random.default_rng(seed)
    second = 1 + second % (first - 1)  # fewer than the first block: no bracket narrows in between
    opening = rng.lognormal(size=(first, columns))
    block = _special(rng.lognormal(size=(second, columns)), rng, kind)
    if kind == "constant":  # columns that hold one value in the first block (closed brackets), in half the next
        opening[:, ::2] = 2.0
        block[:, ::4] = 2.0
    found = BlockPercentiles(first + second + 1, columns, (5, 50, 95))  # one draw short: no second pass
    found.add(opening)
    lo, hi, below, above = found.lo.copy(), found.hi.copy(), found.below.copy(), found.above.copy()
    before = [len(k) for k in found.kept]
    if kind == "one row":
        block = np.broadcast_to(block[:1], block.shape)
        assert block.strides[0] == 0
    else:
        block = np.asfortranarray(block) if order == "F" else block
    found.add(block)
    for j in range(3):
        assert np.array_equal(found.below[j] - below[j], np.sum(~(block >= lo[j]), axis=0))
        assert np.array_equal(found.above[j] - above[j], np.sum(block > hi[j], axis=0))
        inside = (block >= lo[j]) & ~(block > hi[j]) & (lo[j] < hi[j])
        added = found.kept[j][before[j]:]
        counts = sum((c for _, c in added), np.zeros(columns, dtype=np.int64))
        assert np.array_equal(counts, inside.sum(axis=0))
        values = np.concatenate([v for v, _ in added]) if added else np.zeros(0)
        ends = np.cumsum(counts)
        for c in range(columns):  # each block's kept draws grouped by column, as the tables read them
            assert np.array_equal(np.sort(values[ends[c] - counts[c]:ends[c]]), np.sort(block[inside[:, c], c]))
    assert np.array_equal(found.nan, np.isnan(block).any(axis=0))


def test_every_figure_side_by_side_in_one_wide_block_gives_each_figures_percentiles():
    """A run may add one block per window holding every figure's columns side by side (15 figures of 28 years):
    each figure's percentiles are those it has alone, and numpy's, whether the block is in C or Fortran order;
    figures include a column holding NaN, a column of one value and figures the same in every draw."""
    rng = np.random.default_rng(23)
    draws, block = 9_000, 2_080
    figures = [rng.lognormal(mean=k % 4, sigma=0.1 + 0.02 * k, size=(draws, 28)) for k in range(15)]
    figures[3][:, 0] = 5.0
    figures[4][4_321, 7] = np.nan
    figures[5] = np.round(figures[5], 0)
    figures[6][:] = rng.normal(size=28)
    wide = np.concatenate(figures, axis=1)
    expected = np.percentile(wide, (5, 50, 95), axis=0)
    for order in "CF":
        together = BlockPercentiles(draws, wide.shape[1], (5, 50, 95))
        for lo in range(0, draws, block):
            part = wide[lo:lo + block]
            together.add(np.asfortranarray(part) if order == "F" else part)
        assert not len(together.missed())
        assert np.array_equal(together.result(), expected, equal_nan=True)
    for k, figure in enumerate(figures):
        alone = block_by_block(figure, block)
        assert np.array_equal(alone, expected[:, 28 * k:28 * (k + 1)], equal_nan=True), k


@FAST
@given(draws=st.integers(3, 5_000), columns=st.integers(1, 12), block=st.integers(1, 1_200),
       parts=st.integers(2, 4), kind=st.sampled_from(["lognormal", "ties", "one value", "parts apart"]),
       narrowed=st.booleans(), seed=st.integers(0, 2**32 - 1))
def test_parts_counted_apart_and_added_together_give_numpy(draws, columns, block, parts, kind, narrowed, seed):
    """The draws split among several running percentiles (as processes count them), each part's brackets its
    own, then added together (``absorb``): numpy's numbers over every draw. Parts unlike one another (their
    brackets do not overlap) leave columns to the second pass, which still answers. ``narrowed``: each part
    narrowed at its end, as a process does, so that what is added together is kept in order (merged, not sorted)."""
    rng = np.random.default_rng(seed)
    values = rng.lognormal(size=(draws, columns))
    if kind == "ties":
        values = np.round(values, 0)
    elif kind == "one value":
        values[:, ::2] = 2.5
        values[rng.random(draws) < 0.01, ::4] = 7.0
    cuts = np.sort(rng.choice(np.arange(1, draws), size=min(parts - 1, draws - 1), replace=False))
    bounds = [0, *cuts.tolist(), draws]
    if kind == "parts apart":
        values[:bounds[1]] += 100.0
    found = []
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        part = BlockPercentiles(draws, columns, (5, 50, 95))
        for at in range(lo, hi, block):
            part.add(values[at:min(hi, at + block)])
        if narrowed:
            part.narrow()
        found.append(part)
    for part in found[1:]:
        found[0].absorb(part)
    assert found[0].ordered == [narrowed or o for o in found[0].ordered]  # narrowed parts stay in order
    for j, ordered in enumerate(found[0].ordered):  # what says it is in order is: each column of each block
        for kept, counts in found[0].kept[j] if ordered else ():
            assert all(np.all(column[:-1] <= column[1:]) for column in np.split(kept, np.cumsum(counts)[:-1]))
    missed = found[0].missed()
    if len(missed):
        for at in range(0, draws, block):
            found[0].add_again(values[at:at + block], missed)
    assert np.array_equal(found[0].result(), np.percentile(values, (5, 50, 95), axis=0))


def test_only_parts_of_the_same_figure_are_added_together():
    with pytest.raises(ValueError, match="same run's figure"):
        BlockPercentiles(100, 3, (5, 50, 95)).absorb(BlockPercentiles(100, 4, (5, 50, 95)))


@FAST
@given(draws=st.integers(2, 3_000), block=st.integers(1, 1_200), parts=st.integers(1, 3), seed=st.integers(0, 2**32 - 1))
def test_a_percentile_of_tied_zeros_is_zero_without_a_sign(draws, block, parts, seed):
    """-0.0 and 0.0 are the same draw's value to a sort, and which one an order statistic lands on depends on the
    sort (numpy's default and stable sorts, and numpy.percentile's partition, differ): a zero percentile is 0.0
    however the draws were ordered, counted in one part or several, as the bands over every draw give it."""
    from ghgcalc.scenarios.projection import percentiles

    rng = np.random.default_rng(seed)
    values = np.where(rng.random((draws, 3)) < 0.5, -0.0, 0.0)
    values[:, 2] = np.where(rng.random(draws) < 0.8, values[:, 2], rng.normal(size=draws))
    bounds = [0, *np.sort(rng.choice(np.arange(1, draws), size=min(parts - 1, draws - 1), replace=False)), draws]
    found = []
    for lo, hi in zip(bounds[:-1], bounds[1:]):
        part = BlockPercentiles(draws, 3, (5, 50, 95))
        for at in range(lo, hi, block):
            part.add(values[at:min(hi, at + block)])
        part.narrow()
        found.append(part)
    for part in found[1:]:
        found[0].absorb(part)
    missed = found[0].missed()
    if len(missed):
        for at in range(0, draws, block):
            found[0].add_again(values[at:at + block], missed)
    bands, whole = found[0].result(), percentiles(values)
    assert np.array_equal(bands, np.percentile(values, (5, 50, 95), axis=0))
    assert not np.signbit(bands[bands == 0]).any() and not np.signbit(whole[whole == 0]).any()
    assert np.array_equal(np.signbit(bands), np.signbit(whole))  # the same bits, zeros included
    gaps = found[0].shifted(0.0, 1)
    assert not np.signbit(gaps[gaps == 0]).any()
