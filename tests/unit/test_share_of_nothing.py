"""A share whose denominator is zero in a year (a year with fuel rows and no electricity, under an RE100
target): no value and the reason, never a division by zero."""

from __future__ import annotations

from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.workspace.template import create_workspace
from tests.files import write_files


def test_a_year_without_electricity_has_no_renewable_share(tmp_path):
    root = tmp_path / "ws"
    create_workspace(root, currency="USD")
    write_files(root, {
        "activity.csv": "year,activity,quantity,unit,region,segment,site\n"
                        "2023,electricity.grid,1200,MWh,RFCW,manufacturing,Plant A\n"
                        "2024,diesel.mobile,8000,L,US,manufacturing,Plant A\n",
        "targets.toml": '[targets.re100]\ntype = "share"\nquote = "100 % renewable electricity by 2030."\n'
                        'source = "Example"\nnumerator = "electricity_renewable"\ndenominator = "electricity"\n'
                        'base_year = 2023\ntarget_year = 2030\ntarget_share = "100 %"\n'})
    for command in (["check", str(root)], ["gap", str(root), "--year", "2024"]):
        result = CliRunner().invoke(main, command)
        assert result.exception is None or isinstance(result.exception, SystemExit), result.output
        assert "Traceback" not in result.output
    gap = CliRunner().invoke(main, ["gap", str(root), "--year", "2024"])
    assert "electricity 2024 is zero or may be" in gap.output and "the share has no value" in gap.output
