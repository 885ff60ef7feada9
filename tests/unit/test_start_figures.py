"""A scenario's target figures start at the figure gap uses and carry the lines' change from there."""

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

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
def test_carry_share_starts_at_the_figure_stays_a_share_and_keeps_the_order(lines, figure):
    values = np.array([lines])
    carried = carry_share(values, values[:, :1], figure)
    assert carried[0, 0] == pytest.approx(figure, abs=1e-12)
    assert np.all(carried >= -1e-12) and np.all(carried <= 1 + 1e-12)
    order = np.argsort(values[0], kind="stable")
    assert np.all(np.diff(carried[0][order]) >= -1e-12)  # a higher share of the lines is never a lower one here
    if values[0, 0] < 1:  # 100 % of the lines is 100 % here too
        assert np.all(np.abs(carried[0][values[0] == 1.0] - 1.0) < 1e-12)
