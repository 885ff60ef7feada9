"""Every workbook any command writes on the shipped examples: numbers as numbers, booleans as booleans.

A spreadsheet sums a number cell and skips a text cell that only looks like one ('82,820.16',
'2030'): the walk below opens each workbook and fails on any text cell that reads as a plain
number or as TRUE/FALSE, naming the command, sheet and cell.
"""

from __future__ import annotations

import openpyxl
import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.outputs.workbook import is_numeric_text
from tests.conftest import ROOT

XIAOMI, MANUFACTURER = str(ROOT / "examples" / "xiaomi"), str(ROOT / "examples" / "manufacturer")
COMMANDS = {
    "inventory": ["inventory", MANUFACTURER, "--xlsx", "{out}"],
    "explain": ["explain", MANUFACTURER, "--year", "2024", "--scope", "2", "--method", "market", "--xlsx", "{out}"],
    "audit": ["audit", XIAOMI, "--xlsx", "{out}"],
    "intensity": ["intensity", MANUFACTURER, "--xlsx", "{out}"],
    "gap": ["gap", XIAOMI, "--year", "2023", "--xlsx", "{out}"],
    "report xiaomi": ["report", XIAOMI, "--xlsx", "{out}"],
    "report manufacturer": ["report", MANUFACTURER, "--xlsx", "{out}"],
    "disclose": ["disclose", MANUFACTURER, "--standard", "cdp", "--format", "xlsx", "--output", "{out}"],
    "scenario run": ["scenario", "run", XIAOMI, "xiaomi-plan", "--format", "xlsx", "--output", "{out}"],
    "scenario compare": ["scenario", "compare", MANUFACTURER, "bau", "plan", "--format", "xlsx", "--output", "{out}"],
}


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_no_workbook_holds_a_number_or_a_boolean_as_text(name, tmp_path):
    out = tmp_path / "out.xlsx"
    args = [a.replace("{out}", str(out)) for a in COMMANDS[name]]
    result = CliRunner().invoke(main, args, catch_exceptions=False)
    assert result.exit_code in (0, 1, 3), result.output  # 1: a failed audit check, 3: a target off track
    book = openpyxl.load_workbook(out)
    bad = [f"{sheet.title}!{cell.coordinate}={cell.value!r}" for sheet in book.worksheets for row in sheet.iter_rows()
           for cell in row if cell.data_type == "s" and isinstance(cell.value, str)
           and (is_numeric_text(cell.value) or cell.value.strip().lower() in ("true", "false"))]
    assert not bad, f"{name}: {len(bad)} numbers or booleans written as text, e.g. {bad[:5]}"
    for sheet in book.worksheets:
        header = [cell.value for cell in sheet[1]]
        assert all(isinstance(h, str) and h.strip() for h in header if h is not None), (name, sheet.title)
