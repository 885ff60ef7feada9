"""The report's tables as a reader sees them: a table wider than the terminal wraps its long text cells
inside the table (a scenario's name), never pushes a column onto a line of its own."""

from __future__ import annotations

import shutil
from pathlib import Path

from click.testing import CliRunner

from ghgcalc.cli import main

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "manufacturer"


def test_a_long_scenario_name_wraps_inside_the_scenarios_table(tmp_path):
    workspace = tmp_path / "ws"
    shutil.copytree(EXAMPLE, workspace)
    bau = workspace / "scenarios" / "bau.toml"
    long_name = "Hengtai: business as usual, growth with revenue, uncertain"
    bau.write_text(bau.read_text(encoding="utf-8").replace('"Hengtai: business as usual"', f'"{long_name}"'),
                   encoding="utf-8")
    result = CliRunner().invoke(main, ["report", str(workspace)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    scenarios = lines.index(next(line for line in lines if line.startswith("== Scenarios")))
    start = lines.index(next(line for line in lines[scenarios:] if line.startswith("target ")))
    header, rule = lines[start], lines[start + 1]
    assert header.split()[-1] == "status" and set(rule) == {"-", " "}   # the status column on the header's line
    rows = lines[start + 2:lines.index("", start)]
    assert all(len(line) <= 100 for line in rows)
    assert any("Hengtai: business as usual," in line for line in rows)   # the name wrapped within its column


def test_the_workbook_line_names_the_sheets_as_written_and_fits(tmp_path):
    from openpyxl import load_workbook

    workspace = tmp_path / "ws"
    workspace.mkdir()
    (workspace / "reported.csv").write_text("vintage,metric,year,value,unit\nr,scope1,FY2024,\"1,000\",t CO2e\n"
                                            "r,scope1,FY2023,900,t CO2e\n", encoding="utf-8")
    (workspace / "ghgcalc.toml").write_text('[workspace]\nname = "Year to March Ltd"\nfiscal_year_end = "03-31"\n'
                                            '[data]\nreported = ["reported.csv"]\n', encoding="utf-8")
    book = tmp_path / "r.xlsx"
    result = CliRunner().invoke(main, ["report", str(workspace), "--xlsx", str(book)])
    assert result.exit_code == 0, result.output
    wrote = result.stdout[result.stdout.index("wrote "):]
    assert all(len(line) <= 100 for line in wrote.splitlines())
    names = load_workbook(book).sheetnames
    assert "headline FY2023 24" in names   # FY2023/24: Excel's sheet names hold no "/"
    assert " ".join(wrote.split()) == f"wrote {book}: sheets {', '.join(repr(n) for n in names)}"
