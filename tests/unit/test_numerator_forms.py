"""A scope combination typed as people write it names the same numerator: 'S1+S2' and 'S1 + S2' are 'S1+2'.

packaging-eu prints FY2022/23 Scope 1 as 3,819 t and location-based Scope 2 as 7,180 t over revenue of 335.2
EUR million: S1+2-location per revenue is (3,819 + 7,180) / 335.2 = 32.8132 t per EUR million, however typed.
"""

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT

PACKAGING = ROOT / "examples" / "packaging-eu"


def _values(numerator: str) -> list:
    result = CliRunner().invoke(main, ["intensity", str(PACKAGING), "--numerator", numerator, "--year", "2023",
                                       "--per", "revenue", "--format", "json"])
    assert result.exit_code == 0, result.output
    return [(r["year"], r["value"]) for r in json.loads(result.stdout)["rows"]]


@pytest.mark.parametrize("typed", ["S1+S2-location", "S1 + S2-location", "s1+2-location", " S1+2-location "])
def test_a_combination_typed_with_spaces_or_a_second_s_is_the_same_numerator(typed):
    assert _values(typed) == _values("S1+2-location") == [(2023, pytest.approx((3_819 + 7_180) / 335.2, rel=1e-9))]


def test_a_combination_inside_a_formula_is_said_to_stand_alone():
    result = CliRunner().invoke(main, ["intensity", str(PACKAGING), "--numerator", "S1 + scope3"])
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "'S1' is a scope combination, a numerator on its own; in a formula write metrics (scope1 ...)" in result.output
    assert "did you mean 'S1'" not in result.output
