"""Pathway arithmetic: small facts with the expected values worked out by hand."""

import pytest

from ghgcalc.core.intervals import Interval
from ghgcalc.targets.benchmarks import benchmarks_met, sbti_benchmarks, sbti_net_zero_min_reduction
from ghgcalc.targets.pathway import (
    RAISE, REDUCE, Figure, compound_annual_change, gap, implied_linear_reduction, linear_annual_change,
    linear_pathway, power, progress_fraction, progress_fraction_of_base,
)


def test_pathway_halfway_between_base_and_target():
    # 100 in 2020 down to 30 in 2030: in 2025, 100 - 0.5 * (100 - 30) = 65
    assert linear_pathway([(2020, 100.0), (2030, 30.0)], 2025) == pytest.approx(65.0)


def test_pathway_through_a_milestone():
    # 100 (2020) -> 80 (2025) -> 30 (2030); in 2027: 80 + 2/5 * (30 - 80) = 60
    points = [(2020, 100.0), (2025, 80.0), (2030, 30.0)]
    assert linear_pathway(points, 2027) == pytest.approx(60.0)
    assert linear_pathway(points, 2025) == 80.0


def test_pathway_is_flat_outside_its_years():
    points = [(2020, 100.0), (2030, 30.0)]
    assert linear_pathway(points, 2018) == 100.0
    assert linear_pathway(points, 2035) == 30.0


def test_pathway_of_an_interval_base_is_tight():
    # base [99, 101], target 30: in 2025 [99 * 0.5 + 15, 101 * 0.5 + 15] = [64.5, 65.5]
    value = linear_pathway([(2020, Interval(99, 101)), (2030, Interval.exact(30))], 2025)
    assert (value.low, value.high) == pytest.approx((64.5, 65.5))


def test_gap_is_stated_in_the_direction_of_the_target():
    assert gap(94.0, 24.0, REDUCE) == 70.0  # 94 - 24 still to cut
    assert gap(0.2, 1.0, RAISE) == pytest.approx(0.8)  # 1.0 - 0.2 still to add
    assert gap(20.0, 24.0, REDUCE) == -4.0  # 4 below the level: met


def test_progress_fraction():
    # base 100, target 30, actual 65: (100 - 65) / (100 - 30) = 0.5
    assert progress_fraction(100.0, 65.0, 30.0) == pytest.approx(0.5)
    # moving away: actual 114: (100 - 114) / 70 = -0.2
    assert progress_fraction(100.0, 114.0, 30.0) == pytest.approx(-0.2)
    # the same as a fraction of base: (1 - 0.65) / (1 - 0.3) = 0.5
    assert progress_fraction_of_base(0.65, 0.30) == pytest.approx(0.5)


def test_progress_of_a_rising_target():
    # share from 10 % to 100 %, now 55 %: (0.10 - 0.55) / (0.10 - 1.00) = 0.5
    assert progress_fraction(0.10, 0.55, 1.00) == pytest.approx(0.5)


def test_compound_rate():
    # 100 -> 81 in 2 years: (81/100) ** (1/2) - 1 = 0.9 - 1 = -0.1
    assert compound_annual_change(100.0, 81.0, 2) == pytest.approx(-0.1)
    # 50 -> 200 in 2 years: 4 ** 0.5 - 1 = +1.0
    assert compound_annual_change(50.0, 200.0, 2) == pytest.approx(1.0)


def test_compound_rate_of_an_interval():
    # start [99, 101] -> 81 in 2 years: [(81/101) ** 0.5 - 1, (81/99) ** 0.5 - 1]
    rate = compound_annual_change(Interval(99, 101), 81.0, 2)
    assert (rate.low, rate.high) == pytest.approx(((81 / 101) ** 0.5 - 1, (81 / 99) ** 0.5 - 1))


def test_rate_needs_a_year_ahead():
    with pytest.raises(ValueError):
        compound_annual_change(100.0, 50.0, 0)


def test_linear_change():
    # 100 -> 30 in 7 years: (30 - 100) / 7 = -10
    assert linear_annual_change(100.0, 30.0, 7) == pytest.approx(-10.0)


def test_implied_linear_reduction_and_sbti_benchmarks():
    # to 30 % of the 2021 level by 2030: (1 - 0.30) / 9 = 0.0778 a year
    rate = implied_linear_reduction(0.30, 2021, 2030)
    assert rate == pytest.approx(0.7 / 9)
    assert benchmarks_met(rate) == ["1.5 °C", "well-below 2 °C"]
    # 30 % cut over 10 years: 0.03 a year: only well-below 2 °C (2.5 %), not 1.5 °C (4.2 %)
    assert benchmarks_met(0.03) == ["well-below 2 °C"]
    assert benchmarks_met(0.02) == []
    assert [b.annual_linear_reduction for b in sbti_benchmarks()] == [0.042, 0.025]  # 4.2 % and 2.5 % a year


def test_figure_keeps_a_point_value_and_bounds():
    a = Figure.between(10.0, 9.5, 10.5)
    b = Figure.exact(4.0)
    total = a - b
    assert total.value == 6.0
    assert (total.low, total.high) == (5.5, 6.5)
    ratio = a / b
    assert (ratio.value, ratio.low, ratio.high) == pytest.approx((2.5, 2.375, 2.625))


def test_a_bound_stays_a_bound():
    # a share known only to lie in [0.2, 1]: 1 - share is [0, 0.8] and has no point value
    share = Figure(None, Interval(0.2, 1.0))
    rest = 1 - share
    assert rest.value is None
    assert (rest.low, rest.high) == pytest.approx((0.0, 0.8))


def test_power_of_an_interval():
    root = power(Interval(4.0, 9.0), 0.5)
    assert (root.low, root.high) == (2.0, 3.0)


def test_benchmark_and_rule_tables_cite_their_sources():
    import tomllib
    from importlib import resources

    import pandas as pd

    data = resources.files("ghgcalc").joinpath("data")
    for name in ("sbti-benchmarks", "audit-alternatives", "audit-derivations"):
        table = pd.read_csv(data.joinpath(f"{name}.csv"), dtype=str, keep_default_na=False)
        sidecar = tomllib.loads(data.joinpath(f"{name}.toml").read_text(encoding="utf-8"))
        assert sidecar["dataset"]["licence"] and sidecar["dataset"]["id"] == name and len(table)
        for source in sidecar["sources"].values():
            assert source["document"] and source["section"]
        for source_id in table.get("source_id", []):
            assert source_id in sidecar["sources"]
    # the net-zero depth: at least 90 % below the base (SBTi Corporate Net-Zero Standard)
    assert sbti_net_zero_min_reduction() == 0.90
