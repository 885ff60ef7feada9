"""A scenario workbook: every figure's unit in its column header, and no column mixing units (a table whose
targets are in t CO2e, % and kWh per revenue is one sheet per unit)."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from tests.conftest import ROOT

openpyxl = pytest.importorskip("openpyxl")
COUNTS = ("year", "target year", "first year met", "scope")  # numbers that have no unit


def _book(tmp_path, *args):
    output = tmp_path / "scenario.xlsx"
    result = CliRunner().invoke(main, ["scenario", *args, "--format", "xlsx", "--output", str(output)])
    assert result.exit_code == 0, result.output
    return openpyxl.load_workbook(output), result.stdout


@pytest.mark.parametrize("args", [("run", str(ROOT / "examples" / "xiaomi"), "xiaomi-plan"),
                                  ("compare", str(ROOT / "examples" / "manufacturer"), "plan", "bau")])
def test_every_figure_column_names_one_unit(tmp_path, args):
    book, said = _book(tmp_path, *args)
    for sheet in book.worksheets:
        header = [c.value for c in sheet[1]]
        assert "unit" not in header, sheet.title
        for j, name in enumerate(header):
            cells = [row[j] for row in sheet.iter_rows(min_row=2, values_only=True)]
            if any(isinstance(v, (int, float)) and not isinstance(v, bool) for v in cells) and name not in COUNTS:
                assert re.search(r"\(.+\)$", str(name)), (sheet.title, name)
        if sheet.title.startswith(("targets,", "pathways,")):
            units = {re.search(r"\((.+)\)$", str(n)).group(1) for n in header
                     if re.match(r"(base|level|projected|gap|value|low|high|pathway) \(", str(n))}
            assert len(units) == 1, (sheet.title, units)  # one unit on the whole sheet
    assert "sheets 'targets, emissions', " in said


def test_the_xiaomi_targets_split_by_unit(tmp_path):
    book, _ = _book(tmp_path, "run", str(ROOT / "examples" / "xiaomi"), "xiaomi-plan")
    names = book.sheetnames
    assert {"targets, emissions", "targets, shares", "pathways, emissions", "pathways, shares"} <= set(names)
    rows = list(book["targets, emissions"].iter_rows(values_only=True))
    assert rows[0][:3] == ("target", "base (t CO2e)", "level (t CO2e)")
    # ghg-2030: base 82,820.16 t, level 30 % of it: 24,846.048 t
    ghg = next(r for r in rows if r[0] == "ghg-2030")
    assert ghg[1] == pytest.approx(82_820.16) and ghg[2] == pytest.approx(0.30 * 82_820.16, abs=0.01)
    assert [c.value for c in book["costs"][1]][-1].startswith("cost per t (RMB / t CO2e)")
