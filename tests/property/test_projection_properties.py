"""Properties of the projection engine and the attribution, over random inventories and levers."""

from dataclasses import replace

import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from ghgcalc.scenarios.attribution import attribute
from ghgcalc.scenarios.distributions import Distribution
from ghgcalc.scenarios.levers import Lever, Selection
from ghgcalc.scenarios.projection import project
from ghgcalc.scenarios.definitions import Line, load_scenario
from tests.unit.test_scenario import write_scenario

FAST = settings(max_examples=40, deadline=None)
positive = st.floats(min_value=1.0, max_value=1e6, allow_nan=False)
rate = st.floats(min_value=-0.5, max_value=0.5, allow_nan=False)
share = st.floats(min_value=0.0, max_value=1.0, allow_nan=False)


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    folder = tmp_path_factory.mktemp("properties")
    return load_scenario(write_scenario(folder, '''
[[lines]]
id = "placeholder"
kind = "process"
co2e = "1 t CO2e"
assumption = "replaced in each example"
'''))


def lines(gas_mwh=1_000.0, gas_t=200.0, power_mwh=1_000.0, power_t=500.0, hfc_t=300.0, contracts=0.0):
    return (
        Line("gas", "fuel", "plant", "natural_gas", energy_mwh=gas_mwh, co2e_t=gas_t, factor=gas_t / gas_mwh,
             assumption="t"),
        Line("power", "electricity", "plant", "electricity", energy_mwh=power_mwh, co2e_t=power_t,
             factor=power_t / power_mwh, contracts_mwh=contracts, assumption="t"),
        Line("hfc", "fugitive", "plant", "refrigerant", co2e_t=hfc_t, assumption="t"),
    )


def fixed(value, path):
    return Distribution("fixed", (float(value),), path)


def make(kind, lever_id, line_ids, instrument="", to=None, **params):
    return Lever(id=lever_id, type=kind, params={k: v if isinstance(v, Distribution) else fixed(v, f"levers.{lever_id}.{k}")
                                               for k, v in params.items()},
                 selection=Selection(), line_ids=tuple(line_ids), instrument=instrument, to=to or {}, assumption="t")


def scenario_with(base, levers, **line_args):
    return replace(base, lines=lines(**line_args), levers=tuple(levers), memo={})


LEVERS = {
    "growth": lambda v: make("growth", "growth", ["gas", "power", "hfc"], rate=v),
    "efficiency": lambda v: make("efficiency", "efficiency", ["gas", "power"], rate=v),
    "grid": lambda v: make("grid", "grid", ["power"], rate=v),
    "fugitive": lambda v: make("fugitive", "fugitive", ["hfc"], rate=v),
    "certificates": lambda v: make("renewable", "certificates", ["power"], "certificate", share=abs(v)),
    "onsite": lambda v: make("renewable", "onsite", ["power"], "onsite", energy=abs(v) * 1_000),
    "electrify": lambda v: make("electrification", "electrify", ["gas"], to={"gas": "power"}, share=abs(v),
                                efficiency_ratio=0.9),
}


@FAST
@given(positive, positive, positive, positive, positive)
def test_no_levers_keeps_the_starting_inventory(base, gas_mwh, gas_t, power_mwh, power_t, hfc_t):
    result = project(scenario_with(base, [], gas_mwh=gas_mwh, gas_t=gas_t, power_mwh=power_mwh, power_t=power_t,
                                   hfc_t=hfc_t))
    for name in ("scope1", "scope2_location", "scope2_market", "energy_direct", "electricity"):
        series = result.total(name)
        assert np.allclose(series, series[:, :1], rtol=1e-12), name
    assert result.total("scope1")[0, -1] == pytest.approx(gas_t + hfc_t)


@FAST
@given(rate, rate)
def test_growth_and_efficiency_compose_multiplicatively_and_commute(base, growth, efficiency):
    levers = [LEVERS["growth"](growth), LEVERS["efficiency"](efficiency)]
    forward = project(scenario_with(base, levers))
    backward = project(scenario_with(base, levers[::-1]))
    n = 5  # 2023 to 2028
    assert forward.total("scope2_location")[0, -1] == pytest.approx(500 * (1 + growth) ** n * (1 + efficiency) ** n)
    assert forward.total("scope1")[0, -1] == pytest.approx(200 * ((1 + growth) * (1 + efficiency)) ** n
                                                           + 300 * (1 + growth) ** n)
    for name in ("scope1", "scope2_location", "scope2_market"):
        assert forward.total(name) == pytest.approx(backward.total(name), rel=1e-12)


@FAST
@given(st.dictionaries(st.sampled_from(sorted(LEVERS)), rate, min_size=1, max_size=5))
def test_attribution_sums_to_the_total_change(base, chosen):
    scenario = scenario_with(base, [LEVERS[name](value) for name, value in chosen.items()])
    attribution = attribute(scenario)
    for name in ("scope12", "energy_renewable", "half-2028"):
        for year in (2024, 2028):
            change = attribution.change(name, year)
            total = change["drivers_no_lever"] + sum(change["levers"].values())
            assert total == pytest.approx(change["total_change"], rel=1e-9, abs=1e-9)


@FAST
@given(st.dictionaries(st.sampled_from(["growth", "efficiency", "grid", "onsite", "electrify"]), rate, max_size=4),
       share, st.sampled_from(["certificate", "ppa"]))
def test_a_market_only_lever_never_changes_location_based(base, others, covered, instrument):
    levers = [LEVERS[name](value) for name, value in others.items()]
    market_only = make("renewable", "contracts", ["power"], instrument, share=covered)
    without = project(scenario_with(base, levers))
    with_it = project(scenario_with(base, levers + [market_only]))
    assert np.array_equal(with_it.total("scope2_location"), without.total("scope2_location"))
    assert np.all(with_it.total("scope2_market") <= without.total("scope2_market") + 1e-9)


@FAST
@given(share, share, st.sampled_from(["certificate", "ppa", "onsite"]),
       st.dictionaries(st.sampled_from(["growth", "grid", "electrify"]), rate, max_size=3))
def test_more_renewable_electricity_never_raises_market_based(base, a, b, instrument, others):
    low, high = sorted((a, b))
    levers = [LEVERS[name](value) for name, value in others.items()]

    def market(s):
        lever = make("renewable", "re", ["power"], instrument, share=s)
        return project(scenario_with(base, levers + [lever])).total("scope2_market")

    assert np.all(market(high) <= market(low) + 1e-9)


@settings(max_examples=25, deadline=None)
@given(st.floats(min_value=-0.3, max_value=0.0), st.floats(min_value=-0.3, max_value=0.0))
def test_probability_of_meeting_is_monotone_in_a_reducing_lever(base, a, b):
    shallow, deep = max(a, b), min(a, b)  # deep cuts more
    uncertain = make("growth", "growth", ["gas", "power", "hfc"],
                     rate=Distribution("normal", (0.02, 0.05), "levers.growth.rate", (-1.0, None)))

    def probability(cut):
        scenario = scenario_with(base, [uncertain, LEVERS["efficiency"](cut)])
        result = project(scenario, draws=300, seed=5)
        outcome = result.outcome("half-2028")
        return outcome.met[:, -1].mean()

    assert probability(deep) >= probability(shallow)


@FAST
@given(st.integers(min_value=0, max_value=2 ** 32 - 1))
def test_same_seed_same_numbers(base, seed):
    uncertain = make("growth", "growth", ["gas", "power", "hfc"],
                     rate=Distribution("triangular", (-0.05, 0.0, 0.1), "levers.growth.rate", (-1.0, None)))
    scenario = scenario_with(base, [uncertain])
    first = project(scenario, draws=50, seed=seed).total("scope12")
    again = project(scenario, draws=50, seed=seed).total("scope12")
    other = project(scenario, draws=50, seed=seed + 1).total("scope12")
    assert np.array_equal(first, again)
    assert not np.array_equal(first, other)
