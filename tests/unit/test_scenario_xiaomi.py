"""Xiaomi under the shipped scenarios: figures worked out by hand from the 2023 report and the stated assumptions."""

import pytest

from ghgcalc.scenarios.projection import first_year_met, project
from ghgcalc.scenarios.definitions import load_scenario
from tests.unit.test_scenario import SCENARIOS


@pytest.fixture(scope="module")
def bau():
    return project(load_scenario(SCENARIOS / "xiaomi-bau.toml"))


@pytest.fixture(scope="module")
def plan():
    return project(load_scenario(SCENARIOS / "xiaomi-plan.toml"))


def test_bau_main_segments_in_2030(bau):
    # revenue x 1.3504 (2024) x 1.15^6 (2025-2030); main-segment activity grows with its square root
    k = (1.3504 * 1.15 ** 6) ** 0.5
    # every main line scales by k, except the 372 MWh of certificates, which stay: the market-based
    # electricity is (E k - 372) f with f = 81,717.2045 / (146,950.7405 - 372)
    f = 81_717.2045 / (146_950.7405 - 372)
    expected = k * (94_025.84 + 372 * f) - 372 * f
    outcome = bau.outcome("ghg-2030")
    assert outcome.values[0, bau.index(2030)] == pytest.approx(expected)
    assert outcome.gap[0, bau.index(2030)] == pytest.approx(expected - 0.30 * 82_820.16)
    assert first_year_met(outcome, bau.years) is None


def test_bau_ev_factory_doubles_until_2027_then_grows_5_percent(bau):
    ev = bau.segments.index("ev_factory")
    scope12 = bau.series["scope1"][ev, 0] + bau.series["scope2_market"][ev, 0]
    # 4,244.79 + 18,451.93 = 22,696.72 t in 2023; x 2^4 by 2027; x 1.05^3 by 2030
    assert scope12[bau.index(2027)] == pytest.approx(22_696.72 * 16)
    assert scope12[bau.index(2030)] == pytest.approx(22_696.72 * 16 * 1.05 ** 3)


def test_bau_meets_no_projected_target(bau):
    # the scenario projects emissions and energy: every target on them is projected; the e-waste running total and
    # the suppliers' renewable share are figures it does not model
    projected = [o for o in bau.targets if o.projected]
    assert [o.target.id for o in projected] == ["ghg-2030", "neutral-2040", "renewable-electricity-2035",
                                                "renewable-energy-2040", "energy-intensity-2026"]
    for outcome in projected:
        assert not outcome.met[0, bau.index(outcome.target.target_year)], outcome.target.id


def test_plan_reaches_100_percent_renewable_electricity_in_2035(plan):
    outcome = plan.outcome("renewable-electricity-2035")
    # the ramp covers 100 % of consumption from 2035: share 1.0 then, whatever the consumption
    assert outcome.values[0, plan.index(2035)] == pytest.approx(1.0)
    assert first_year_met(outcome, plan.years) == 2035
    # the base: the workspace prints only a bound, so the scenario's 2023 share stands in:
    # 372 / (182,165.6125 MWh of electricity: 95 % of 191,753.27)
    assert outcome.base[0, 0] == pytest.approx(372 / (0.95 * 191_753.27))


def test_plan_misses_2030_and_the_2040_residual(plan):
    ghg, neutral = plan.outcome("ghg-2030"), plan.outcome("neutral-2040")
    assert not ghg.met[0, plan.index(2030)]
    assert first_year_met(ghg, plan.years) == 2034
    # in 2040 the residual is above 2 % of the base (0.02 x 82,820.16 = 1,656.40 t), whatever credits are bought
    assert neutral.level[0, 0] == pytest.approx(1_656.4032)
    assert neutral.values[0, plan.index(2040)] > neutral.level[0, 0]
    assert neutral.counted[0, plan.index(2040)] == pytest.approx(10_000)


def test_plan_in_2023_is_the_printed_figure(plan):
    # group Scope 1+2 as printed: 116,722.56 t; main segments 116,722.56 - 4,244.79 - 18,451.93 = 94,025.84 t
    assert plan.total("scope12")[0, 0] == pytest.approx(116_722.56)
    assert plan.outcome("ghg-2030").values[0, 0] == pytest.approx(94_025.84)


def test_the_uncertain_plan_gives_probabilities():
    scenario = load_scenario(SCENARIOS / "xiaomi-plan-uncertain.toml", draws=2_000)
    result = project(scenario)
    assert result.uncertain and result.draws == 2_000
    p = {o.target.id: float(o.met[:, result.index(o.target.target_year)].mean()) for o in result.targets if o.projected}
    assert p["ghg-2030"] == 0 and p["neutral-2040"] == 0
    assert 0 < p["renewable-electricity-2035"] < 1
