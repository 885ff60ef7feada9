"""The scenario result objects a notebook gets: to_dict() and to_frame() of a run, a comparison and a goal seek.

Expected values are the figures docs/scenarios.md prints for the shipped Xiaomi scenarios,
and arithmetic by hand from the scenario files.
"""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest

from ghgcalc.errors import ConfigError
from ghgcalc.scenarios.records import COST_COLUMNS
from ghgcalc.scenarios.run import compare_scenarios, find_scenario, run_scenario, seek_lever

XIAOMI = Path(__file__).resolve().parents[2] / "examples" / "xiaomi"


@pytest.fixture(scope="module")
def plan():
    return run_scenario("xiaomi-plan", XIAOMI)


def test_a_run_as_a_dict_holds_the_documented_2030_figures(plan):
    document = plan.to_dict()
    assert set(document) == {"scenario", "targets", "years", "pathways", "levers", "costs", "start", "notes"}
    target = next(t for t in document["targets"] if t["id"] == "ghg-2030")
    # main segments' Scope 1+2 in 2030: 59,840.89 t; the level 0.30 x 82,820.16 = 24,846.048 t;
    # the gap 59,840.89 - 24,846.05 = 34,994.84 t
    assert target["in_target_year"]["projected"]["value"] == pytest.approx(59_840.89, abs=0.005)
    assert target["base"]["value"] == pytest.approx(82_820.16)
    assert target["level"]["value"] == pytest.approx(0.30 * 82_820.16)
    assert target["in_target_year"]["gap"]["value"] == pytest.approx(59_840.89 - 24_846.048, abs=0.005)
    assert (target["first_year_met"], target["status"]) == (2034, "missed")
    change = document["levers"]["figures"]["ghg-2030"]
    # from 94,025.84 t in 2023 to 59,840.89 t: a change of -34,184.95 t, which the levers' shares add up to
    assert change["total_change"] == pytest.approx(59_840.89 - 94_025.84, abs=0.01)
    assert sum(change["levers"].values()) == pytest.approx(change["total_change"], abs=1e-6)
    assert change["levers"]["renewable-ramp"] == pytest.approx(-47_553.43, abs=0.005)


def test_a_run_as_frames_shows_each_view(plan):
    targets = plan.to_frame("targets").set_index("target")
    assert targets.at["ghg-2030", "projected"] == "59,840.89"
    assert targets.at["ewaste-2026", "status"] == "not projected"
    years = plan.to_frame("years").set_index("year")
    assert years.at[2030, "scope12_main"] == pytest.approx(59_840.89, abs=0.005)
    assert years.at[2030, "scope12"] == pytest.approx(241_780.24, abs=0.005)
    levers = plan.to_frame("levers").set_index("lever")
    assert levers.at["main-growth", "ghg-2030 (2030, t CO2e)"] == pytest.approx(47_737.66, abs=0.005)
    costs = plan.to_frame("costs").set_index("lever")
    assert tuple(costs.reset_index().columns) == COST_COLUMNS
    credits = costs.loc["credits-2040"]
    # 10,000 t of credits a year from 2040 to 2050 (2039 is 0 t): 11 x 10,000 = 110,000 t, bought at 80 RMB/t,
    # so 8.8 million RMB, and the levelised cost is the price itself (tonnes and money discount alike)
    assert bool(credits["neutralises"]) and credits["abated_t"] == pytest.approx(110_000)
    assert credits["purchases"] == pytest.approx(80 * 110_000)
    assert credits["cost_per_t"] == pytest.approx(80)
    start = plan.to_frame("start")
    assert {"id", "kind", "energy_mwh", "co2e_location_t"} <= set(start.columns)
    assert len(plan.to_frame("pathways")) == 5 * len(range(2023, 2051))  # five projected targets, 2023-2050


def test_a_run_says_what_it_is_and_what_it_could_not_project(plan):
    assert plan.describe().startswith("Xiaomi: stated plan (xiaomi-plan.toml): 2023-2050, deterministic")
    assert any(note.startswith("ewaste-2026: not projected") for note in plan.notes)
    with pytest.raises(ConfigError, match="not a view"):
        plan.to_frame("target")


def test_a_comparison_as_a_dict_and_as_frames():
    comparison = compare_scenarios(["xiaomi-bau", "xiaomi-plan"], XIAOMI)
    names = [document["scenario"]["name"] for document in comparison.to_dict()["scenarios"]]
    assert names == ["Xiaomi: business as usual", "Xiaomi: stated plan"]
    targets = comparison.to_frame("targets").set_index(["target", "scenario"])
    assert targets.at[("ghg-2030", "Xiaomi: business as usual"), "projected"] == pytest.approx(166_336.54, abs=0.005)
    assert targets.at[("ghg-2030", "Xiaomi: stated plan"), "projected"] == pytest.approx(59_840.89, abs=0.005)
    years = comparison.to_frame("years").set_index(["year", "scenario"])
    assert years.at[(2050, "Xiaomi: business as usual"), "scope12"] == pytest.approx(1_386_491.36, abs=0.005)


def test_a_goal_seek_as_a_dict_and_as_a_frame():
    found = seek_lever("xiaomi-plan", XIAOMI, lever="renewable-ramp", parameter="share.2030", target="ghg-2030")
    document = found.to_dict()
    # docs: "at least 83.96 % meets ghg-2030 in 2030 (searched 0 % to 100 %, 26 projections)"
    assert (document["value"], document["direction"], document["range"]) == ("83.96 %", "at least", ["0 %", "100 %"])
    assert document["number"] == pytest.approx(83.96, abs=0.005)
    assert (document["steps"], document["gap_unit"]) == (26, "t CO2e")
    assert document["gap_at_value"] == pytest.approx(0, abs=0.005)
    frame = found.to_frame()
    assert len(frame) == 1 and frame.at[0, "range_low"] == "0 %" and frame.at[0, "range_high"] == "100 %"


def test_a_shipped_scenario_is_found_by_name_and_a_typo_gets_a_suggestion():
    assert find_scenario("xiaomi-plan").name == "xiaomi-plan.toml"
    with pytest.raises(ConfigError, match="did you mean 'xiaomi-plan'"):
        find_scenario("xiaomi-plam")



def test_an_outcome_without_its_draws_says_so_for_its_gap_and_verdict(plan):
    # a run of many draws keeps each target's bands, not its draws (its outcomes as below): gap and met raise the
    # error total() raises, not a bare TypeError; a target not projected names why
    kept = plan.result.outcome("ghg-2030")
    assert kept.gap[0, -1] == pytest.approx(kept.values[0, -1] - kept.level[0, 0])
    bare = replace(kept, values=None, level=None, pathway=None, counted=None, base=None)
    for read in (lambda: bare.gap, lambda: bare.met):
        with pytest.raises(ValueError, match=r"kept no draw's figures, only its bands .*project\(\) keeps every draw"):
            read()
    not_projected = plan.result.outcome("ewaste-2026")
    assert not_projected.reason
    with pytest.raises(ValueError, match=f"target 'ewaste-2026' is not projected: {re.escape(not_projected.reason)}"):
        not_projected.met
