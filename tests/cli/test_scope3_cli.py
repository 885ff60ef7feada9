"""ghgcalc inventory on a workspace with a Scope 3 screening file: the table, findings, and one-line errors."""

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main

ACTIVITY = """year,activity,quantity,unit,scope3_category,factor_dataset,factor_id,factor_value,factor_unit,method,dq_reliability
2024,value_chain,1000,count,1,,,2,kg CO2e / count,supplier-specific,{score}
2024,value_chain,20,room_night,6,desnz-ghg-2024-full,29_600_4000_13_1,,,,
"""
SCREENING = "category,status,reason\n1,relevant,parts\n2,relevant,machines\n6,{status},staff rarely travel\n"


def workspace(tmp_path, score="1", status="excluded"):
    (tmp_path / "ghgcalc.toml").write_text('[workspace]\ngwp_set = "AR5GWP100"\n\n[data]\nactivity = ["scope3.csv"]\n'
                                           'scope3_screening = "screening.csv"\n', encoding="utf-8")
    (tmp_path / "scope3.csv").write_text(ACTIVITY.format(score=score), encoding="utf-8")
    (tmp_path / "screening.csv").write_text(SCREENING.format(status=status), encoding="utf-8")
    return str(tmp_path)


def test_excluded_category_with_data_is_a_finding_not_an_error(tmp_path):
    result = CliRunner().invoke(main, ["inventory", workspace(tmp_path), "--format", "json"])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.stderr.splitlines() if line.startswith("Warning:")]
    # 20 room nights x 10.4 kg CO2e = 208 kg = 0.208 t
    assert warnings == ["Warning: 2024 category 6 (Business travel) is declared excluded in the screening but 0.208 t "
                        "CO2e were computed for it: they are counted; correct the screening or the data",
                        "Warning: 2024 category 2 (Capital goods) is declared relevant but has no data",
                        "Warning: categories not in the screening file: 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15"]
    document = json.loads(result.stdout)
    assert sum(r["value"] for r in document["rows"]) == pytest.approx(2.0 + 0.208)  # counted in the totals
    total = next(c for c in document["scope3"]["categories"] if c["category"] == "total")
    assert total["supplier_specific_share"] == pytest.approx(2.0 / 2.208)  # 1,000 x 2 kg = 2 t of 2.208 t
    assert total["average_data_share"] == pytest.approx(0.208 / 2.208)


def test_the_table_marks_the_contradiction(tmp_path):
    result = CliRunner().invoke(main, ["inventory", workspace(tmp_path)])
    assert result.exit_code == 0
    assert " 6  Business travel                excluded !" in result.stdout
    assert "6 excluded: staff rarely travel" in result.stdout
    assert "Finding: 2024 category 6 (Business travel) is declared excluded" in result.stdout


def test_a_bad_screening_status_is_one_line(tmp_path):
    result = CliRunner().invoke(main, ["inventory", workspace(tmp_path, status="maybe")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == ("Error: screening.csv, row 4, column status: 'maybe': expected one of "
                                             "relevant, estimated, excluded, not applicable")


def test_a_bad_score_is_one_line_per_row(tmp_path):
    result = CliRunner().invoke(main, ["inventory", workspace(tmp_path, score="5")])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[0] == (
        "Error: scope3.csv, row 2, column dq_reliability: '5': expected a data quality score: 1 (very good), 2 (good), "
        "3 (fair) or 4 (poor), as in the Scope 3 Standard's Box 7.2; or blank for the method's default")
