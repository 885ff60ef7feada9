"""One mistake, one error, quoting what was typed: a blank year cell, a fiscal year end typed day first."""

from click.testing import CliRunner

import pytest

from ghgcalc.cli import main
from ghgcalc.workspace.config import WorkspaceFileError, load_workspace


def test_a_blank_year_is_said_to_be_empty_not_none(tmp_path):
    path = tmp_path / "activity.csv"
    path.write_text("year,activity,quantity,unit,region\n2023,electricity.grid,10,MWh,CN\n,electricity.grid,5,MWh,CN\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["inventory", str(path), "--gwp", "AR5GWP100"])
    assert result.exit_code == 1
    assert ("Error: activity.csv, row 3, column year: (empty): expected a year such as 2023 (from 1900 to 2100)"
            in result.output)
    assert "None" not in result.output
    assert "rows in: 2, computed: 1, rejected: 1" in result.output


def test_a_year_end_typed_day_first_is_one_error_with_the_reading(tmp_path):
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\nfiscal_year_end = "30-06"\nfiscal_year_format = "FY2024"\n',
                                           encoding="utf-8")
    with pytest.raises(WorkspaceFileError) as caught:
        load_workspace(tmp_path)
    assert caught.value.problems == [
        "ghgcalc.toml, line 2: [workspace] fiscal_year_end: '30-06' is not a day of the year (MM-DD; 29 February is "
        "not allowed); did you mean '06-30' (the month first)?"]


def test_a_fiscal_year_format_without_any_year_end_is_still_refused(tmp_path):
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\nfiscal_year_format = "FY2024"\n', encoding="utf-8")
    with pytest.raises(WorkspaceFileError) as caught:
        load_workspace(tmp_path)
    assert len(caught.value.problems) == 1 and "set fiscal_year_end too" in caught.value.problems[0]


def test_a_figure_beyond_a_quintillion_shows_with_an_exponent():
    from ghgcalc.core.intervals import show_half_up

    assert show_half_up(1e60, 2) == "1e+60"
    assert show_half_up(1.2345678e20, 2) == "1.23457e+20"
    assert show_half_up(-1.2345678e20, 2, sign=True) == "-1.23457e+20"
    assert show_half_up(1.2345678e20, 2, sign=True) == "+1.23457e+20"
    assert show_half_up(9.99e17, 0) == "999,000,000,000,000,000"  # below the threshold: every digit


def test_terminal_tables_fit_100_columns_whatever_the_numbers(tmp_path):
    root = tmp_path / "ws"
    assert CliRunner().invoke(main, ["init", str(root), "--name", "Big", "--currency", "AUD"]).exit_code == 0
    (root / "reported" / "company.csv").write_text(
        "vintage,metric,year,value,unit,source,note\n"
        f"sr,scope1,2023,\"{10 ** 60:,}\",t CO2e,Table 3,\n"
        "sr,scope2,2023,\"1,000\",t CO2e,Table 3,\n"
        "sr,scope12,2023,\"1,000\",t CO2e,Table 3,\n", encoding="utf-8")
    for command in ("audit", "report"):
        result = CliRunner().invoke(main, [command, str(root)])
        assert "1e+60" in result.stdout, command  # the premise: the figure is in the tables
        assert max(len(line) for line in result.stdout.splitlines()) <= 100, command
