"""Properties of the auditor's rounding: largest-remainder shares add up to their total and stay within one
step of their values; a headcount's whole numbers are the integers of its printed interval."""

from __future__ import annotations

import math

from hypothesis import given, settings
from hypothesis import strategies as st

from ghgcalc.audit.counts import nearest_whole, whole_hull
from ghgcalc.audit.shares import largest_remainder
from ghgcalc.core.intervals import Interval

FAST = settings(max_examples=60, deadline=None)


@FAST
@given(st.lists(st.integers(min_value=0, max_value=10**6), min_size=2, max_size=8).filter(lambda c: sum(c) > 0),
       st.sampled_from([0, 1, 2]))
def test_largest_remainder_adds_up_and_moves_each_share_less_than_a_step(counts, decimals):
    step = 10.0 ** -decimals
    shares = [100 * c / sum(counts) for c in counts]
    rounded = largest_remainder(shares, 100, step)
    assert math.isclose(sum(rounded), 100, abs_tol=step / 1000)
    assert all(abs(r - s) < step + 1e-9 for r, s in zip(rounded, shares))
    # each share is its value rounded down or up to the step, never further
    assert all(math.isclose(r, math.floor(s / step + 1e-9) * step, abs_tol=1e-9)
               or math.isclose(r, (math.floor(s / step + 1e-9) + 1) * step, abs_tol=1e-9) for r, s in zip(rounded, shares))


@FAST
@given(st.integers(min_value=0, max_value=10**9))
def test_a_printed_headcount_stands_for_itself(count):
    # printed without decimals: [n - 0.5, n + 0.5) holds the one whole number n
    assert whole_hull(Interval(count - 0.5, count + 0.5)) == Interval(count, count)


@FAST
@given(st.floats(min_value=0, max_value=1e6), st.floats(min_value=0, max_value=0.99))
def test_an_interval_narrower_than_one_between_integers_holds_no_whole_number(start, width):
    low = math.floor(start) + 0.001
    interval = Interval(low, min(low + width, math.floor(start) + 0.999))
    assert whole_hull(interval) is None
    assert nearest_whole(interval) in (math.floor(start), math.floor(start) + 1)


def test_unbounded_intervals_are_refused_quietly():
    assert whole_hull(Interval(0, math.inf)) is None and nearest_whole(Interval(-math.inf, math.inf)) is None
