"""Units a user outside metric countries types: MMBtu, therm, scf, US gallon, short ton; an unknown word is named."""

from __future__ import annotations

import json
import pytest

from ghgcalc.core import units


@pytest.mark.parametrize("unit, metric, factor", [
    ("MMBtu", "GJ", 1.055056),  # 1 Btu (IT) = 1,055.056 J
    ("mmBtu", "GJ", 1.055056),
    ("therm", "MJ", 105.5056),  # 100,000 Btu
    ("scf", "m**3", 0.3048 ** 3),  # a cubic foot
    ("US gallon", "L", 3.785411784),  # 231 cubic inches
    ("US gallons", "L", 3.785411784),
    ("short ton", "kg", 907.18474),  # 2,000 lb of 0.45359237 kg
    ("kg CO2 / MMBtu", "kg CO2 / GJ", 1 / 1.055056),
])
def test_us_units(unit, metric, factor):
    assert units.conversion_factor(unit, metric) == pytest.approx(factor, rel=1e-12)


@pytest.mark.parametrize("text, word", [("億 JPX", "JPX"), ("10 MMBTu", "MMBTu"), ("US galon", "US")])
def test_an_unknown_word_is_named(text, word):
    with pytest.raises(units.UnitError, match=f"'{word}' is unknown"):
        units.parse_unit(text)


def test_an_unknown_currency_word_is_named_by_intensity(tmp_path):
    from click.testing import CliRunner

    from ghgcalc.cli import main
    from ghgcalc.workspace.template import create_workspace

    create_workspace(tmp_path / "ws", currency="JPY")
    result = CliRunner().invoke(main, ["intensity", str(tmp_path / "ws"), "--currency", "億 JPX"])
    assert result.exit_code == 1
    assert "currency '億 JPX' is not an amount of money ('億 JPX' is not a unit ('JPX' is unknown))" in result.stderr


@pytest.mark.parametrize("typed", ["$ in millions", "$ million", "millions of dollars"])
def test_intensity_reads_a_dollar_currency_as_the_dollar_workspace_reads_its_tables(tmp_path, typed):
    """'--currency "$ in millions"' for a USD workspace is USD million, as its reported tables read the same head (it
    was refused: "'$' does not say which dollar"); for a EUR workspace '$' is refused, naming the workspace's."""
    from click.testing import CliRunner

    from ghgcalc.cli import main
    from ghgcalc.workspace.template import create_workspace

    create_workspace(tmp_path / "usd", currency="USD")
    create_workspace(tmp_path / "eur", currency="EUR")
    dollars = CliRunner().invoke(main, ["intensity", str(tmp_path / "usd"), "--currency", typed, "--format", "json"])
    named = CliRunner().invoke(main, ["intensity", str(tmp_path / "usd"), "--currency", "USD million", "--format", "json"])
    assert dollars.exit_code == 0, dollars.output
    figures = lambda result: [(r["year"], r["low"], r["high"], r["value"]) for r in json.loads(result.stdout)["rows"]]  # noqa: E731
    assert figures(dollars) == figures(named) != []
    euros = CliRunner().invoke(main, ["intensity", str(tmp_path / "eur"), "--currency", typed])
    assert euros.exit_code != 0 and "the workspace's currency is EUR" in euros.output
    assert "Traceback" not in euros.output
