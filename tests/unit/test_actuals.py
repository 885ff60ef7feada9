"""A derived metric's figure is computed from its parts through the formula engine, bounds and units included."""

import pytest

from ghgcalc.figures.metrics import load_vocabulary
from ghgcalc.figures.reported import read_reported
from ghgcalc.targets.actuals import Observations

REPORTED = ('vintage,metric,year,value,unit\n'
            'r,scope3,2023,"1,000",t CO2e\n'
            'r,scope123,2023,"4,000",t CO2e\n'
            'r,scope1,2023,300,t CO2e\n'
            'r,scope2,2023,0.2,kt CO2e\n')


@pytest.fixture
def observations(tmp_path):
    path = tmp_path / "reported.csv"
    path.write_text(REPORTED, encoding="utf-8")
    vocabulary = load_vocabulary()
    return Observations(read_reported([path], vocabulary), vocabulary)


def test_a_sum_of_parts_in_different_units_is_added_in_the_metric_unit(observations):
    found = observations.figure("scope12", 2023)
    # 300 t + 0.2 kt = 300 + 200 = 500 t; printed precision: 300 +-0.5 t and 0.2 +-0.05 kt (+-50 t)
    assert found.figure.value == pytest.approx(500.0)
    assert (found.figure.low, found.figure.high) == pytest.approx((449.5, 550.5))
    assert found.source == "scope1 + scope2: r 300 t CO2e + r 0.2 kt CO2e"


def test_a_share_formula_is_evaluated_whole(observations):
    found = observations.figure("scope3_share", 2023)
    # 100 x 1,000 / 4,000 = 25 %; bounds 100 x 999.5 / 4,000.5 and 100 x 1,000.5 / 3,999.5
    assert found.figure.value == pytest.approx(25.0)
    assert (found.figure.low, found.figure.high) == pytest.approx((100 * 999.5 / 4000.5, 100 * 1000.5 / 3999.5))
    assert found.source == "100 * scope3 / scope123: (100 * r 1,000 t CO2e) / r 4,000 t CO2e"


def test_a_formula_with_a_missing_part_gives_no_figure(observations):
    found = observations.figure("energy_total", 2023)
    assert found.missing
    assert found.source.startswith("no figure for energy_total 2023")
