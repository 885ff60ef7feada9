"""Outputs of a Quebec company's workspace (tests/fixtures/quebec): CAD, fiscal years October to September
labelled by their end year, numbers typed the French-Canadian way ("9 703,90").

Each test is a defect a new user's trial found in an output; expected values are worked by hand from the
fixture's rapport.csv and activity.csv.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from ghgcalc.audit.intensity import intensity_workspace
from ghgcalc.cli import main

QUEBEC = Path(__file__).resolve().parents[1] / "fixtures" / "quebec"


def run(*args, codes=(0, 3)):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exit_code in codes, result.output
    return result.output


@pytest.fixture
def workspace(tmp_path):
    """A copy, for commands that write."""
    target = tmp_path / "ws"
    shutil.copytree(QUEBEC, target)
    return target


def test_printed_intensity_the_audit_does_not_reproduce_is_marked():
    # 9 703,90 / 1 842,5 = 5.26670; at the printed precision at least 9 703,895 / 1 842,55 = 5.26656,
    # above the 5.265 the printed 5,26 reaches: the audit finds it not reproduced, so it is marked
    report = intensity_workspace(QUEBEC)
    row = next(r for r in report.results if r.year == 2024 and r.printed_as == "ghg_location_per_revenue")
    assert row.face_value == pytest.approx(5.26)
    assert any("ghg_location_per_revenue FY2024" in text for text in row.fails_audit), row.fails_audit
    out = run("intensity", QUEBEC)
    assert "! printed 5,26 t CO2e / CAD million (ghg_location_per_revenue FY2024); fails audit" in out
    assert "5.2666 to 5.2668" in out  # the parts' ratio at the print's precision + 2 digits
    rows = json.loads(run("intensity", QUEBEC, "--format", "json"))["rows"]
    assert any("ghg_location_per_revenue" in text for r in rows for text in r.get("fails_audit", []))


def test_a_sum_of_printed_parts_shows_at_the_parts_precision():
    # FY2023 Scope 1+2 location-based is not printed: 4 105,2 + 6 020,8 = 10 126,0, both parts to one decimal
    out = run("report", QUEBEC)
    rows = [line.split() for line in out.splitlines() if line.startswith("Scope 1+2, location-based")]
    assert len(rows) == 2, out  # the headline and the inventory year by year
    for row in rows:
        assert "10,126.0" in row and "10,126.00" not in row, row
        assert "9,703.90" in row  # FY2024 printed with two decimals, shown with two
