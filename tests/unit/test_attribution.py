"""Shapley attribution: contributions computed by hand, and the exact sum to the total change."""

import numpy as np
import pytest

from ghgcalc.scenarios.attribution import attribute, shapley, subset_masks
from ghgcalc.scenarios.definitions import load_scenario
from tests.unit.test_projection import FUEL_AND_POWER, lever
from tests.unit.test_scenario import ONE_LINE, SCENARIOS, write_scenario


def test_two_levers_split_their_interaction_in_half(tmp_path):
    body = ONE_LINE + lever('id = "grow"\ntype = "growth"\nrate = "10 %"') + lever(
        'id = "cut"\ntype = "growth"\nrate = "-10 %"')
    attribution = attribute(load_scenario(write_scenario(tmp_path, body, horizon=2024)))
    change = attribution.change("scope12", 2024)
    # v(none) = 1,000; v(grow) = 1,100; v(cut) = 900; v(both) = 1,000 x 1.1 x 0.9 = 990
    # grow: ((1,100 - 1,000) + (990 - 900)) / 2 = 95; cut: ((900 - 1,000) + (990 - 1,100)) / 2 = -105
    assert change["levers"] == pytest.approx({"grow": 95.0, "cut": -105.0})
    assert change["total_change"] == pytest.approx(-10.0)  # 990 - 1,000 = 95 - 105


def test_shapley_of_three_players_by_hand():
    # v over subsets by bit mask (bit 0: a, bit 1: b, bit 2: c): v = 10 a + 20 b + 30 c + 60 a b c
    values = np.array([10 * (s & 1) + 20 * (s >> 1 & 1) + 30 * (s >> 2 & 1) + 60 * (s == 7) for s in range(8)], float)
    # the three-way term is shared equally: a = 10 + 20, b = 20 + 20, c = 30 + 20
    assert list(shapley(values, 3)) == pytest.approx([30, 40, 50])
    assert subset_masks(2).tolist() == [[0, 0], [1, 0], [0, 1], [1, 1]]


def test_market_only_lever_gets_no_share_of_location_based(tmp_path):
    body = FUEL_AND_POWER + lever('id = "rec"\ntype = "renewable"\ninstrument = "certificate"\nshare = "50 %"') + lever(
        'id = "grid"\ntype = "grid"\nrate = "-10 %"')
    attribution = attribute(load_scenario(write_scenario(tmp_path, body, horizon=2024)))
    change = attribution.change("scope12", 2024)
    # market-based: 1,000 MWh x 0.5 = 500 t; rec halves it, grid takes 10 %: 500 x 0.5 x 0.9 = 225
    # rec: ((250 - 500) + (225 - 450)) / 2 = -237.5; grid: ((450 - 500) + (225 - 250)) / 2 = -37.5
    assert change["levers"] == pytest.approx({"rec": -237.5, "grid": -37.5})


def test_xiaomi_plan_contributions_sum_exactly_to_the_change():
    attribution = attribute(load_scenario(SCENARIOS / "xiaomi-plan.toml"))
    for name in attribution.contributions:
        for year in (2025, 2030, 2040, 2050):
            change = attribution.change(name, year)
            parts = change["drivers_no_lever"] + sum(change["levers"].values())
            assert parts == pytest.approx(change["total_change"], rel=1e-12, abs=1e-9), (name, year)
    # emissions do not move without levers: the whole change is the levers'
    assert attribution.change("ghg-2030", 2030)["drivers_no_lever"] == 0
    # energy per revenue falls with revenue alone (energy flat, revenue up)
    assert attribution.change("energy-intensity-2026", 2026)["drivers_no_lever"] < 0
