"""Printed figures against the inventory computed from the workspace's own activity records."""

from __future__ import annotations

import json

import pandas as pd
from click.testing import CliRunner

from ghgcalc.audit.against_activity import check_against_activity
from ghgcalc.cli import main
from ghgcalc.figures.reported import read_reported
from ghgcalc.workspace.template import create_workspace


def printed(tmp_path, rows: str) -> pd.DataFrame:
    path = tmp_path / "report.csv"
    path.write_text("vintage,metric,year,value,unit,source\n" + rows, encoding="utf-8")
    return read_reported([path])


def computed(*rows) -> pd.DataFrame:
    return pd.DataFrame([{"metric": m, "year": y, "segment": s, "value_c": v, "source": "inventory of activity.csv"}
                         for m, y, s, v in rows])


def test_a_computed_value_inside_the_printed_interval_is_reproduced_and_one_outside_is_not(tmp_path):
    # printed 103.23 t stands for [103.225, 103.235); 103.2345 lies inside, 1,250.1 lies outside [1,249.5, 1,250.5)
    figures = printed(tmp_path, "ar-2023,scope1,2023,103.23,t CO2e,p. 3\nar-2023,scope2_location,2023,\"1,250\",t CO2e,p. 3\n")
    found = {f.metric: f for f in check_against_activity(figures, computed(("scope1", 2023, "", 103.2345),
                                                                          ("scope2_location", 2023, "", 1251.1)))}
    assert found["scope1"].verdict == "reproduced"
    assert found["scope2_location"].verdict == "not_reproduced"
    assert abs(found["scope2_location"].difference - 1.1) < 1e-9  # 1,251.1 - 1,250
    assert "apart by 1.1 (+0.09%)" in found["scope2_location"].detail  # one digit past the print; 1.1 / 1,250 = 0.088 %


def test_a_superseded_print_is_restated_not_contradicted(tmp_path):
    # the 2020 report printed 624.29 t; the 2023 report restated 2020 as 8,402.12 t, which the records give
    figures = printed(tmp_path, "sr-2020,scope1,2020,624.29,t CO2e,p. 40\nesg-2023,scope1,2020,\"8,402.12\",t CO2e,p. 71\n")
    found = {f.vintage: f for f in check_against_activity(figures, computed(("scope1", 2020, "", 8402.12)))}
    assert found["esg-2023"].verdict == "reproduced"
    assert found["sr-2020"].verdict == "restated"
    assert "they give esg-2023's 8,402.12: the two prints differ" in found["sr-2020"].detail


def test_figures_without_a_computed_twin_are_left_to_the_other_checks(tmp_path):
    figures = printed(tmp_path, "ar-2023,revenue,2023,\"1,250.0\",RMB million,p. 1\n")
    assert check_against_activity(figures, computed(("scope1", 2023, "", 1.0))) == []
    assert check_against_activity(figures, None) == []


def test_the_audit_of_a_new_workspace_checks_its_printed_scope_1_against_its_records(tmp_path):
    root = tmp_path / "ws"
    create_workspace(root)
    # the template's 2023 Scope 1 records, by hand: natural gas 25,000 m3 x 0.038931 GJ/m3 x 56.1 t CO2/TJ = 54.601 t;
    # diesel 8,000 L x 0.8306 kg/L x 43 TJ/Gg x 74.1 t CO2/TJ = 21.172 t; R-410A 12 kg x 2,255.5 (AR6) = 27.066 t;
    # CH4 and N2O of both fuels 0.393 t CO2e: 103.232 t, printed 103.23. A second print of 110 is not what they give.
    with open(root / "reported" / "company.csv", "a", encoding="utf-8") as table:
        table.write("annual-report,scope1,2023,103.23,t CO2e,Annual report 2023,\n"
                    "sustainability-report,scope1,2023,110.00,t CO2e,Sustainability report 2023,\n")
    result = CliRunner().invoke(main, ["audit", str(root), "--format", "json"])
    findings = [f for f in json.loads(result.stdout)["findings"] if f["kind"] == "activity"]
    assert {(f["vintage"], f["verdict"]) for f in findings} == {("annual-report", "reproduced"),
                                                              ("sustainability-report", "restated")}
    assert result.exit_code == 0
