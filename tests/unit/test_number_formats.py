"""Numbers as German, French and Swiss reports print them: declared per workspace or table, refused when ambiguous."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.core.intervals import parse_printed

GERMAN = "vintage,metric,year,value,unit\nbericht,scope1,2023,79.683,t CO2e\nbericht,revenue,2023,\"12,7\",EUR million\n"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


@pytest.mark.parametrize("text, decimal, value, decimals", [
    ("82,820.16", ".", 82_820.16, 2), ("82.820,16", ",", 82_820.16, 2), ("82 820,16", ",", 82_820.16, 2),
    ("82\u00a0820,16", ",", 82_820.16, 2), ("82\u2009820,16", ",", 82_820.16, 2), ("82'820.16", ".", 82_820.16, 2),
    ("79.683", ",", 79_683, 0), ("79.683", ".", 79.683, 3), ("12,7", ",", 12.7, 1), ("-0,5", ",", -0.5, 1),
    ("1 234 567", ".", 1_234_567, 0),
])
def test_numbers_in_each_format(text, decimal, value, decimals):
    printed = parse_printed(text, decimal)
    assert printed.value == pytest.approx(value) and printed.decimals == decimals


@pytest.mark.parametrize("text, decimal", [("1,234.5", ","), ("1.234,5", "."), ("12,7", "."), ("1.23.4", ",")])
def test_the_other_format_is_refused(text, decimal):
    with pytest.raises(ValueError, match="is not a number as printed"):
        parse_printed(text, decimal)


def workspace(tmp_path, data: str):
    (tmp_path / "reported").mkdir()
    (tmp_path / "reported" / "de.csv").write_text(GERMAN, encoding="utf-8")
    (tmp_path / "ghgcalc.toml").write_text(f'[workspace]\nname = "DE"\ncurrency = "EUR"\n[data]\n'
                                           f'reported = ["reported/de.csv"]\n{data}', encoding="utf-8")
    return tmp_path


def test_a_decimal_comma_table_is_refused_in_one_line_when_undeclared(tmp_path):
    result = run("intensity", workspace(tmp_path, ""), "--numerator", "S1")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        "Error: de.csv, row 3, column value: '12,7' reads only with a decimal comma, so other numbers of the table "
        "may be read 1,000 times too small or too large; declare the table's number format: decimal = \",\" under "
        "[data] in ghgcalc.toml (this table only: decimal = { \"de.csv\" = \",\" })"]


@pytest.mark.parametrize("declared", ['decimal = ","\n', 'decimal = { "reported/de.csv" = "," }\n'])
def test_a_declared_table_reads_as_printed(tmp_path, declared):
    result = run("intensity", workspace(tmp_path, declared), "--numerator", "S1", "--format", "json")
    assert result.exit_code == 0, result.output
    [row] = json.loads(result.stdout)["rows"]
    assert row["value"] == pytest.approx(79_683 / 12.7)  # 79.683 t is 79,683 t; "12,7" is 12.7 million EUR


def test_a_bad_declaration_names_the_key(tmp_path):
    result = run("intensity", workspace(tmp_path, 'decimal = ";"\n'))
    assert result.exit_code == 1
    assert "[data] decimal: ';' is not a decimal mark" in result.stderr
