"""Goal seek: the value found meets the target; a slightly smaller one does not."""

import pytest

from ghgcalc.errors import ConfigError
from ghgcalc.scenarios.goalseek import seek
from ghgcalc.scenarios.projection import project
from ghgcalc.scenarios.definitions import load_scenario
from tests.unit.test_projection import FUEL_AND_POWER, lever
from tests.unit.test_scenario import SCENARIOS, write_scenario


def met(scenario, path, value, target="ghg-2030", year=2030):
    result = project(scenario, overrides={path: value})
    outcome = result.outcome(target)
    return bool(outcome.met[0, result.index(year)]), float(outcome.gap[0, result.index(year)])


@pytest.fixture(scope="module")
def plan():
    return load_scenario(SCENARIOS / "xiaomi-plan.toml")


def test_renewable_share_in_2030_that_closes_the_2030_gap(plan):
    found = seek(plan, "renewable-ramp", "ghg-2030", parameter="share.2030")
    assert found.found and found.direction == "at least" and found.path == "levers.renewable-ramp.share.2030"
    ok, gap = met(plan, found.path, found.value)
    assert ok and abs(gap) < 1.0  # within a tonne of the level
    assert not met(plan, found.path, found.value - 1e-4)[0]
    assert 0 < found.value < 1


def test_a_cut_lever_is_sought_as_at_most(plan):
    found = seek(plan, "office-efficiency", "ghg-2030")
    assert found.direction == "at most" and found.value < -0.03  # a deeper cut than the plan's 3 % a year
    assert met(plan, found.path, found.value)[0]
    assert not met(plan, found.path, found.value + 1e-4)[0]


def test_no_value_in_range(plan):
    found = seek(plan, "renewable-ramp", "neutral-2040", parameter="share.2035")  # held to 2040
    assert not found.found
    assert found.gap_at_best_end > 0


def test_a_hand_computed_threshold(tmp_path):
    targets = '''
[targets.cap]
type = "absolute"
metric = "scope12"
base_year = 2023
target_year = 2028
reduce_to = "70 %"
'''
    from tests.unit.test_scenario import tiny_workspace

    tiny_workspace(tmp_path / "ws", targets=targets)
    body = FUEL_AND_POWER + lever('id = "rec"\ntype = "renewable"\ninstrument = "ppa"\nshare = "0 %"')
    scenario = load_scenario(write_scenario(tmp_path, body))
    found = seek(scenario, "rec", "cap")
    # The workspace's 2023 Scope 1+2 is 1,000 t, the lines' 200 + 500 = 700 t: the scenario starts from gap's
    # 1,000 t and carries the lines' change, so 2028 is 1,000 / 700 x (200 + 500 (1 - s)) t.
    # level 0.7 x 1,000 = 700 t: 1,000 / 700 x (700 - 500 s) <= 700 -> s >= (700 - 700 x 0.7) / 500 = 0.42
    assert found.value == pytest.approx((700 - 700 * 700 / 1_000) / 500, abs=1e-6)
    targets2 = targets.replace('reduce_to = "70 %"', 'reduce_to = "45 %"')
    (tmp_path / "ws" / "targets.toml").write_text(targets2, encoding="utf-8")
    scenario = load_scenario(write_scenario(tmp_path, body))
    found = seek(scenario, "rec", "cap")
    # 1,000 / 700 x (700 - 500 s) <= 450 -> s >= (700 - 450 x 0.7) / 500 = 0.77
    assert found.value == pytest.approx((700 - 450 * 700 / 1_000) / 500, abs=1e-6)


def test_parameter_errors(plan):
    with pytest.raises(ConfigError, match=r"share varies by year \(listed: 2025, 2035\); say which year, "
                                          r"e.g. --parameter share.2035"):
        seek(plan, "renewable-ramp", "ghg-2030")
    with pytest.raises(ConfigError, match="no lever 'renewable-rmap'; did you mean 'renewable-ramp'"):
        seek(plan, "renewable-rmap", "ghg-2030")
    with pytest.raises(ConfigError, match="give the range to search with --between LOW HIGH"):
        seek(plan, "green-power-2025", "ghg-2030", parameter="energy.2025")
    with pytest.raises(ConfigError, match="no target 'ghg-2031'"):
        seek(plan, "renewable-ramp", "ghg-2031", parameter="share.2030")


def test_a_lever_that_cannot_move_the_target_is_refused(tmp_path):
    """A renewable lever changes market-based Scope 2 only: a Scope 1 target's gap is the same at 0 % and 100 %
    (Scope 1 starts from the printed 1,000 t, as gap reads it, and the gas line's 200 t stay 200 t, so 2028 is
    1,000 t against a level of 0.5 x 1,000 t = 500 t: 500 t), so a search
    would report a meaningless 'at least 0 %'; it is refused, and says why."""
    from tests.unit.test_scenario import tiny_workspace

    targets = ('[targets.s1]\ntype = "absolute"\nmetric = "scope1"\nbase_year = 2023\ntarget_year = 2028\n'
               'reduce_to = "50 %"\n')
    tiny_workspace(tmp_path / "ws", targets=targets)
    body = FUEL_AND_POWER + lever('id = "rec"\ntype = "renewable"\ninstrument = "ppa"\nshare = "0 %"')
    scenario = load_scenario(write_scenario(tmp_path, body))
    with pytest.raises(ConfigError, match=r"lever 'rec' has no effect on target 's1': its gap in 2028 is 500 t CO2e "
                                          r"at share = 0 % and at 100 % alike"):
        seek(scenario, "rec", "s1")


def test_an_uncertain_search_counts_the_target_year_block_by_block_as_every_draw_kept_gives(monkeypatch):
    """Each step projects the draws a block at a time and keeps only the target year's counts and gaps: over
    2,000 draws in blocks of 400, the share that meets the 2030 target is the one every draw kept gives, exactly
    (a count), and so is the mean gap to 1e-12; the search then finds the same value and probability, in one
    process or two."""
    import numpy as np
    import ghgcalc.scenarios.goalseek as goalseek
    from ghgcalc.scenarios.forked import usable_processes
    import ghgcalc.scenarios.projection as projection

    scenario = load_scenario(SCENARIOS / "xiaomi-plan-uncertain.toml", draws=2_000, seed=8)
    path = "levers.office-efficiency.rate"
    whole = seek(scenario, "office-efficiency", "ghg-2030")
    monkeypatch.setattr(projection, "CELLS_PER_CHUNK", 28 * 9 * 100)  # blocks of 4 x 100 = 400 draws
    kept = project(scenario, overrides={path: -0.177})
    outcome, i = kept.outcome("ghg-2030"), kept.index(2030)
    share, first, mean_gap, finite = goalseek._in_target_year(scenario, {path: -0.177}, None, "ghg-2030", 2030)
    assert share == outcome.met[:, i].mean() and 0 < share < 1 and finite
    assert first == bool(outcome.met[0, i])
    assert mean_gap == pytest.approx(float(np.mean(outcome.gap[:, i])), rel=1e-12)
    blocks = seek(scenario, "office-efficiency", "ghg-2030")
    assert (blocks.value, blocks.probability_at_value) == (whole.value, whole.probability_at_value)
    if usable_processes(2) > 1:  # the blocks shared out between two processes, as a large run's are
        monkeypatch.setattr(goalseek, "processes_at", lambda windows, asked: 2)
        assert goalseek._in_target_year(scenario, {path: -0.177}, None, "ghg-2030", 2030)[:2] == (share, first)
        shared = seek(scenario, "office-efficiency", "ghg-2030")
        assert (shared.value, shared.probability_at_value) == (whole.value, whole.probability_at_value)
