"""Every shipped scenario loads and validates against the workspace it is written for."""

import pytest

from ghgcalc.scenarios.projection import project
from ghgcalc.scenarios.definitions import load_scenario
from ghgcalc.core.shipped import shipped_dir
from tests.conftest import ROOT

SCENARIOS = sorted(shipped_dir("scenarios").glob("*.toml"))


def test_there_are_shipped_scenarios():
    assert {p.stem for p in SCENARIOS} >= {"xiaomi-bau", "xiaomi-plan", "xiaomi-plan-uncertain"}


@pytest.mark.parametrize("path", SCENARIOS, ids=lambda p: p.stem)
def test_shipped_scenario_starts_from_the_printed_2023_figures(path):
    scenario = load_scenario(path, ROOT / "examples" / "xiaomi", draws=10)
    assert (scenario.start_year, scenario.horizon) == (2023, 2050)
    result = project(scenario, draws=10, seed=1)
    first = result.index(2023)
    # 2023 ESG Report: Scope 1 12,252.52 + Scope 2 104,470.04 (read as market-based) = 116,722.56 t CO2e
    assert result.total("scope12")[:, first] == pytest.approx(116_722.56, rel=1e-9)
    assert result.total("scope1")[:, first] == pytest.approx(12_252.52, rel=1e-9)
