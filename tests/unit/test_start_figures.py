"""A scenario's target figures start at the figure gap uses and carry the lines' change from there."""

import warnings

import numpy as np
import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from ghgcalc.errors import ConfigError
from ghgcalc.scenarios.start_figures import carry, carry_share

positive = st.floats(min_value=1e-3, max_value=1e7, allow_nan=False)
fraction = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


def test_carry_by_hand():
    # lines 700 t at the start, 560 t later (-20 %); gap's figure 1,000 t: 1,000 and 800 t
    assert carry(np.array([[700.0, 560.0]]), np.array([[700.0]]), 1_000.0).tolist() == [[1_000.0, 800.0]]
    # lines that start at zero cannot be scaled: the difference is added
    assert carry(np.array([[0.0, 5.0]]), np.array([[0.0]]), 2.0).tolist() == [[2.0, 7.0]]


def test_carry_share_by_hand():
    own = np.array([[0.25]])
    # from 25 % (lines) to 30 % (gap's): 62.5 % is half way to 100 % from 25 %, so half way from 30 % = 65 %;
    # 12.5 % is half of 25 %, so half of 30 % = 15 %; 100 % and 0 % stay
    carried = carry_share(np.array([[0.25, 0.625, 0.125, 1.0, 0.0]]), own, 0.30)
    assert carried == pytest.approx(np.array([[0.30, 0.65, 0.15, 1.0, 0.0]]))


@given(st.lists(positive, min_size=2, max_size=6), positive)
def test_carry_starts_at_the_figure_and_keeps_every_relative_change(lines, figure):
    values = np.array([lines])
    carried = carry(values, values[:, :1], figure)
    assert carried[0, 0] == pytest.approx(figure, rel=1e-12)
    assert carried[0] / figure == pytest.approx(values[0] / values[0, 0], rel=1e-9)


@given(st.lists(fraction, min_size=2, max_size=6), fraction)
@example(lines=[2.225073858507e-311, 1.0], figure=0.0)  # values / own overflowed in the branch not taken
def test_carry_share_starts_at_the_figure_stays_a_share_and_keeps_the_order(lines, figure):
    values = np.array([lines])
    carried = carry_share(values, values[:, :1], figure)
    assert carried[0, 0] == pytest.approx(figure, abs=1e-12)
    assert np.all(carried >= -1e-12) and np.all(carried <= 1 + 1e-12)
    order = np.argsort(values[0], kind="stable")
    assert np.all(np.diff(carried[0][order]) >= -1e-12)  # a higher share of the lines is never a lower one here
    if values[0, 0] < 1:  # 100 % of the lines is 100 % here too
        assert np.all(np.abs(carried[0][values[0] == 1.0] - 1.0) < 1e-12)


def test_a_start_share_near_zero_carries_without_overflow():
    own = np.array([[2.2e-311]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # numpy's overflow warning is an error here
        carried = carry_share(np.array([[2.2e-311, 1.0, 1.1e-311]]), own, 0.4)
    # the start is the figure, 40 %; 100 % stays 100 %; half the start share is half of 40 %
    assert carried[0].tolist() == pytest.approx([0.4, 1.0, 0.2], rel=1e-9)  # subnormals hold few digits


def test_a_huge_figure_carries_or_is_refused_in_one_line():
    # lines of 1 t falling to 0.5 t, carried onto 1e300 t: 1e300 t, then half of it
    assert carry(np.array([[1.0, 0.5]]), np.array([[1.0]]), 1e300).tolist() == [[1e300, 0.5e300]]
    # lines of 1e-310 t doubling, carried onto 1e10 t: 1e10 t, then 2e10 t (1e10 / 1e-310 itself overflows)
    assert carry(np.array([[1e-310, 2e-310]]), np.array([[1e-310]]), 1e10)[0].tolist() == pytest.approx([1e10, 2e10])
    # lines of 1e-300 t growing to 1 t (1e300 times), carried onto 1e10 t: 1e310 t is more than a number holds
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ConfigError) as caught:
            carry(np.array([[1e-300, 1.0]]), np.array([[1e-300]]), 1e10)
    message = str(caught.value)
    assert len(message.splitlines()) == 1
    assert message.startswith("the start-year figure 1e+10 cannot be carried in proportion onto the lines, which start at 1e-300")
