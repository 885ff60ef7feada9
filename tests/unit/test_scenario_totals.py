"""A run's totals and a target's figure are made once and shared, so none may be changed in place."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ghgcalc.scenarios.definitions import load_scenario
from ghgcalc.scenarios.projection import metric_values, project
from ghgcalc.scenarios.run import find_scenario

XIAOMI = Path(__file__).resolve().parents[2] / "examples" / "xiaomi"


@pytest.fixture(scope="module")
def kept():
    return project(load_scenario(find_scenario("xiaomi-plan-uncertain"), XIAOMI, draws=300, seed=4))


def test_a_total_is_the_sum_of_its_segments_made_once_and_read_only(kept):
    main, ev = kept.segments.index("main"), kept.segments.index("ev_factory")
    scope1 = kept.total("scope1")
    assert np.array_equal(scope1, kept.series["scope1"][main] + kept.series["scope1"][ev])
    assert kept.total("scope1") is scope1
    # Scope 1+2 with the scenario's (market-based) Scope 2
    assert np.array_equal(kept.total("scope12"), scope1 + kept.total("scope2_market"))
    with pytest.raises(ValueError, match="read-only"):
        scope1[0, 0] = 0.0


def test_targets_on_the_same_part_of_the_group_share_its_figure_whatever_the_boundary_is_called(kept):
    """ghg-2030 (the 'main operating segments') and neutral-2040 ('existing business segments') both leave
    out the EV factory: one Scope 1+2 figure serves both, the group's less the factory's."""
    targets = {t.id: t for t in kept.scenario.targets.targets}
    first, second = targets["ghg-2030"], targets["neutral-2040"]
    assert first.boundary.name != second.boundary.name and first.boundary.exclude == second.boundary.exclude
    figure = metric_values(kept, "scope12", first)
    assert metric_values(kept, "scope12", second) is figure
    ev = kept.segments.index("ev_factory")
    by_hand = (kept.total("scope1") - kept.series["scope1"][ev]) + (
        kept.total("scope2_market") - kept.series["scope2_market"][ev])
    assert figure == pytest.approx(by_hand, rel=1e-12)  # the formula adds in base units (kg)
