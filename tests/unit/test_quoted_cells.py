"""Messages quote a cell as it was typed: French numbers keep their no-break spaces, and nothing shows Python escapes."""

import shutil

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.core import units
from ghgcalc.core.intervals import parse_printed
from ghgcalc.errors import quoted
from tests.conftest import FIXTURES


@pytest.mark.parametrize("value, shown", [
    ("3\u202f837,87", "'3\u202f837,87'"),        # narrow no-break space, as French Excel writes thousands
    ("1\u00a0250\u00a0000", "'1\u00a0250\u00a0000'"),
    ("l'usine", "'l'usine'"),                     # repr would switch to double quotes
    ("Montréal", "'Montréal'"),
    ("a\nb", "'a\\nb'"),                          # a line break would split the one-line message
    ("x\u200by", "'x\\u200by'"),                  # an invisible character is made visible
    (-40000.0, "'-40000'"),                        # a number as a spreadsheet shows it
    (12.5, "'12.5'"),
])
def test_a_cell_is_quoted_as_typed(value, shown):
    assert quoted(value) == shown


def test_parse_and_unit_messages_quote_as_typed():
    with pytest.raises(ValueError) as caught:
        parse_printed("3\u202f837,87")
    assert str(caught.value).startswith("'3\u202f837,87' is not a number as printed")
    with pytest.raises(units.UnitError) as caught:
        units.parse_unit("t\u00a0CO2e\u00a0x")
    assert "\\xa0" not in str(caught.value) and str(caught.value).startswith("'t\u00a0CO2e\u00a0x'")


def test_the_negative_quantity_error_quotes_the_cell_as_typed(tmp_path):
    root = tmp_path / "quebec"
    shutil.copytree(FIXTURES / "quebec", root)
    activity = root / "activity.csv"
    text = activity.read_text(encoding="utf-8")
    assert 'lpg.stationary,"40 000"' in text
    activity.write_text(text.replace('lpg.stationary,"40 000"', 'lpg.stationary,"-40\u202f000,0"'), encoding="utf-8")
    result = CliRunner().invoke(main, ["inventory", str(root)])
    assert result.exit_code == 1
    assert ("activity.csv, row 6, column quantity: '-40\u202f000,0': a negative quantity is not allowed for this "
            "activity") in result.stderr
    config = root / "ghgcalc.toml"  # undeclared, the reported table's first number is quoted as typed
    config.write_text(config.read_text(encoding="utf-8").replace('decimal = ","', ""), encoding="utf-8")
    result = CliRunner().invoke(main, ["check", str(root)])
    assert "rapport.csv, row 2, column value: '3\u202f837,87' reads only with a decimal comma" in result.output
    assert "\\u202f" not in result.output
