"""Monte Carlo runs print the same numbers for the same seed, however the draws are held in memory.

The recorded documents (tests/fixtures/scenario-draws, SOURCE.md there gives the command and
commit) are the output of the engine that kept every draw; the checks by counting take each
figure from the draws themselves.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from ghgcalc.scenarios.definitions import load_scenario
from ghgcalc.scenarios.projection import project
from ghgcalc.scenarios.run import find_scenario, run_scenario

ROOT = Path(__file__).resolve().parents[2]
XIAOMI = ROOT / "examples" / "xiaomi"
RECORDED = ROOT / "tests" / "fixtures" / "scenario-draws"
VIEWS = ("targets", "years", "pathways")


def numbers(document, path=()):
    """Every number of a JSON document by its path of keys and list positions (strings and flags left out)."""
    if isinstance(document, dict):
        for key, value in document.items():
            yield from numbers(value, path + (key,))
    elif isinstance(document, list):
        for i, value in enumerate(document):
            yield from numbers(value, path + (i,))
    elif isinstance(document, (int, float)) and not isinstance(document, bool):
        yield path, document


def same_to_12_digits(a: float, b: float) -> bool:
    return a == b or abs(a - b) <= 1e-11 * max(abs(a), abs(b))


@pytest.mark.parametrize("draws", [1_000, 10_000])
def test_a_seeded_run_prints_the_recorded_numbers(draws):
    recorded = json.loads((RECORDED / f"xiaomi-uncertain-{draws}.json").read_text(encoding="utf-8"))
    now = run_scenario("xiaomi-plan-uncertain", XIAOMI, draws=draws, seed=2023).to_dict(VIEWS)
    expected = {path: v for view in VIEWS for path, v in numbers(recorded[view], (view,))}
    found = {path: v for view in VIEWS for path, v in numbers(now[view], (view,))}
    assert len(expected) > 1_000
    missing = sorted(set(expected) - set(found), key=str)
    assert not missing, f"{len(missing)} recorded numbers are no longer printed, e.g. {missing[:3]}"
    differ = [(p, expected[p], found[p]) for p in expected if not same_to_12_digits(expected[p], found[p])]
    assert not differ, f"{len(differ)} of {len(expected)} numbers differ, e.g. {differ[:3]}"


def test_probabilities_and_percentiles_are_those_of_the_draws():
    """P(met) is the share of draws below the level; a band's median is the draws' median."""
    draws = 4_000
    run = run_scenario("xiaomi-plan-uncertain", XIAOMI, draws=draws, seed=7, with_levers=False)
    document = run.to_dict(VIEWS)
    scenario = load_scenario(find_scenario("xiaomi-plan-uncertain"), XIAOMI, draws=draws, seed=7)
    kept = project(scenario)  # every draw's figures
    main = kept.segments.index("main")
    # ghg-2030 reads Scope 1 + market-based Scope 2 of the main segments against 30 % of 82,820.16 t (2021)
    scope12_main = kept.series["scope1"][main] + kept.series["scope2_market"][main]
    level = 0.30 * 82_820.16
    target = next(t for t in document["targets"] if t["id"] == "ghg-2030")
    pathway = document["pathways"]["ghg-2030"]
    for i, year in enumerate(kept.years):
        share = np.count_nonzero(scope12_main[:, i] <= level * (1 + 1e-9)) / draws
        assert pathway[i]["probability_met"] == pytest.approx(share, abs=1e-12), year
        assert pathway[i]["value"] == pytest.approx(np.median(scope12_main[:, i]), rel=1e-11), year
    assert target["in_target_year"]["probability_met"] == pathway[2030 - 2023]["probability_met"]
    low, high = np.percentile(scope12_main[:, 2030 - 2023], [5, 95])
    assert (target["in_target_year"]["projected"]["low"], target["in_target_year"]["projected"]["high"]) == (
        pytest.approx(low, rel=1e-11), pytest.approx(high, rel=1e-11))
    # the whole group's Scope 1+2 each year, 5th to 95th percentile of the draws
    scope12 = kept.total("scope1") + kept.total("scope2_market")
    for i, record in enumerate(document["years"]):
        five, median, ninety_five = np.percentile(scope12[:, i], [5, 50, 95])
        band = record["scope12"]
        assert (band["low"], band["value"], band["high"]) == (
            pytest.approx(five, rel=1e-11), pytest.approx(median, rel=1e-11), pytest.approx(ninety_five, rel=1e-11))


def test_a_run_keeps_its_bands_not_its_draws_and_says_where_the_draws_are():
    run = run_scenario("xiaomi-plan-uncertain", XIAOMI, draws=10_000, seed=2023, with_levers=False)
    assert run.result.summary.draws == 10_000 and run.result.outcome("ghg-2030").values is None
    with pytest.raises(ValueError, match="project"):
        run.result.total("scope12")


@pytest.mark.parametrize("cells", [28 * 9 * 37, 28 * 9 * 250])
def test_bands_made_block_by_block_are_those_of_every_draw_kept_whatever_the_chunks(monkeypatch, cells):
    """summarise (blocks of chunks, running percentiles) against project (every draw kept, numpy.percentile):
    the same numbers to the last bit, for chunks of 37 and of 250 draws; each median between its 5th and
    95th percentiles, and each probability the share of draws that meet the target."""
    import ghgcalc.scenarios.projection as projection
    from ghgcalc.scenarios.summary import Summary, summarise

    draws = 3_001
    scenario = load_scenario(find_scenario("xiaomi-plan-uncertain"), XIAOMI, draws=draws, seed=11)
    kept = project(scenario)
    every = Summary.of(kept)
    monkeypatch.setattr(projection, "CELLS_PER_CHUNK", cells)
    found = summarise(scenario).summary
    assert found.bands.keys() == every.bands.keys() and len(found.bands) > 20
    for key, points in every.bands.items():
        assert np.array_equal(found.bands[key], points, equal_nan=True), key
        low, middle, high = found.bands[key]
        assert np.all((low <= middle) & (middle <= high)), key
    for o in kept.targets:
        if o.projected:
            assert np.array_equal(found.met[o.target.id], np.count_nonzero(o.met, axis=0)), o.target.id
            assert np.array_equal(found.probability(o.target.id), np.mean(o.met, axis=0)), o.target.id


def test_a_level_that_changes_between_windows_has_its_gaps_counted_draw_by_draw(monkeypatch):
    """A gap's bands come from its figure's order statistics while its level is one number in every window; a
    level that changed between windows (forced here) makes the run count every gap's own draws instead."""
    import ghgcalc.scenarios.projection as projection
    import ghgcalc.scenarios.summary as summary

    scenario = load_scenario(find_scenario("xiaomi-plan-uncertain"), XIAOMI, draws=2_000, seed=5)
    every = summary.Summary.of(project(scenario))
    monkeypatch.setattr(projection, "CELLS_PER_CHUNK", 28 * 9 * 100)  # blocks of 4 x 100 = 400 draws
    calls, shifted_gaps = [], summary._shifted_gaps

    def changing(part, draws):
        calls.append(part.draws)
        found = shifted_gaps(part, draws)
        return {tid: (level * (1 + len(calls) % 2), sign) for tid, (level, sign) in found.items()}

    monkeypatch.setattr(summary, "_shifted_gaps", changing)
    found = summary.summarise(scenario, processes=1).summary  # one process: its calls are counted here
    assert len(calls) == 2  # the second window's levels differ from the first's: the run starts again, unshifted
    for key, points in every.bands.items():
        assert np.array_equal(found.bands[key], points, equal_nan=True), key


def test_a_figure_the_same_as_another_in_one_window_only_is_counted_draw_by_draw(monkeypatch):
    """Figures the same draw for draw (a target on a series the run prints) share their percentiles while they
    stay the same; a later window in which they differ (forced here) makes the run count every figure."""
    import ghgcalc.scenarios.projection as projection
    import ghgcalc.scenarios.summary as summary

    scenario = load_scenario(find_scenario("xiaomi-plan-uncertain"), XIAOMI, draws=2_000, seed=5)
    every = summary.Summary.of(project(scenario))
    monkeypatch.setattr(projection, "CELLS_PER_CHUNK", 28 * 9 * 100)  # blocks of 4 x 100 = 400 draws
    figures, windows = summary.figures, []

    def later_differ(part, skip=frozenset()):
        windows.append(part.draws)
        for key, values in figures(part, skip):
            if key == ("values", "neutral-2040") and len(windows) == 3:  # the same as ghg-2030's until the third
                values = values.copy()
                values[0, -1] = np.nextafter(values[0, -1], np.inf)
            yield key, values

    monkeypatch.setattr(summary, "figures", later_differ)
    found = summary.summarise(scenario, processes=1).summary  # one process: its windows are counted here
    assert len(windows) == 3 + 5  # three windows, then every window again
    for key, points in every.bands.items():
        assert np.array_equal(found.bands[key], points, equal_nan=True), key


def test_a_target_on_all_segments_but_one_is_that_segment_s_own_figure():
    """The Xiaomi 2030 target excludes the EV factory from two segments: its figure is the main segment's Scope 1
    plus market-based Scope 2, the same numbers bit for bit as the segment's own band (not the total less the
    factory, which differs in the last digits), so a run counts the draws of one and reads the other off it."""
    import ghgcalc.scenarios.summary as summary

    scenario = load_scenario(find_scenario("xiaomi-plan-uncertain"), XIAOMI, draws=300, seed=9)
    kept = project(scenario)
    main = kept.segments.index("main")
    own = kept.series["scope1"][main] + kept.series["scope2_market"][main]
    assert np.array_equal(kept.outcome("ghg-2030").values, own)
    total_less = (kept.total("scope1") - kept.series["scope1"][1 - main]) + (
        kept.total("scope2_market") - kept.series["scope2_market"][1 - main])
    assert not np.array_equal(total_less, own)  # the way it was worked out before: other last digits
    part = summary.with_targets(summary.Plan.of(scenario).lines(0, 300))
    assert summary._same_figures(dict(summary.figures(part)))[("values", "ghg-2030")] == ("segment", "main")
