"""What a reader of the Meridian workspace's outputs reads: its fiscal-year labels on every sheet, a difference
shown with the digits that keep it from reading as zero, and a printed figure never called computed."""

import openpyxl
from click.testing import CliRunner

from ghgcalc.cli import main
from tests.unit.test_one_value_per_figure import _json, meridian  # noqa: F401 (the workspace, a fixture)


def test_a_difference_that_rounds_to_zero_percent_is_shown_with_more_digits(meridian):  # noqa: F811
    findings = _json("audit", str(meridian))["findings"]
    found = next(f for f in findings if f["kind"] == "activity" and f["metric"] == "scope2_location")
    # 18,623.10 - 18,624 = -0.90; -0.90 / 18,624 = -0.0048 %: "-0.005%", not "-0.00%"
    assert found["detail"].endswith("apart by -0.9 (-0.005%)")


def test_the_report_workbook_labels_the_audit_findings_as_every_other_sheet(meridian, tmp_path):  # noqa: F811
    book = tmp_path / "report.xlsx"
    assert CliRunner().invoke(main, ["report", str(meridian), "--xlsx", str(book)]).exit_code in (0, 1)
    sheet = openpyxl.load_workbook(book)["audit findings"]
    header = [c.value for c in sheet[1]]
    column = next(i for i, name in enumerate(header) if str(name).startswith("year"))
    years = {row[column] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert years and years <= {"FY2020", "FY2024"}, years


def test_the_table_of_scopes_says_printed_for_printed_figures(meridian):  # noqa: F811
    cells = {c["datapoint"]: c for c in _json("disclose", str(meridian), "--standard", "esrs-e1")["datapoints"]}
    scopes = cells["E1-6_01"]
    assert scopes["status"] == "printed"  # each scope of FY2024 is printed: none is shown as computed
    assert scopes["text"] == ("Scope 1 5,919; Scope 2 location-based 18,624; Scope 2 market-based 15,650.4; "
                              "Scope 3 41,548 t CO2e")  # as printed, not 5,919.00


def test_every_printed_figure_gets_a_verdict_or_a_reason(meridian):  # noqa: F811
    with open(meridian / "reported" / "sr.csv", "a", encoding="utf-8") as table:
        table.write('sr,scope123_yoy_change,FY2024,(12.3),percent,\n')  # a fall of 12.3 %, printed in brackets
    document = _json("audit", str(meridian))
    assert document["figures"] == 9  # the nine rows of sr.csv
    about = {(f["metric"], f["year"]) for f in document["findings"]}
    used = {(i["metric"], i["year"]) for f in document["findings"] for i in f["inputs"]}
    printed = {("scope1", 2024), ("scope1", 2020), ("scope2_market", 2024), ("scope2_location", 2024),
               ("scope2_market", 2020), ("scope12_market", 2024), ("scope12_market", 2020), ("scope3", 2024),
               ("scope123_yoy_change", 2024)}
    assert printed <= about | used, printed - (about | used)  # read = checked + not checkable
    change = next(f for f in document["findings"] if f["metric"] == "scope123_yoy_change")
    assert change["verdict"] == "not_checkable" and change["kind"] == "figure"
    assert "scope123 FY2024" in change["detail"]  # what the check would need: the total it is a change of
    assert document["summary"]["not_checkable"] >= 1
    text = CliRunner().invoke(main, ["audit", str(meridian)]).stdout
    assert "scope123_yoy_change FY2024: not checkable: the previous year's total" in " ".join(text.split())


def test_a_failing_print_in_the_table_of_scopes_is_marked(meridian):  # noqa: F811
    cells = {c["datapoint"]: c for c in _json("disclose", str(meridian), "--standard", "esrs-e1")["datapoints"]}
    marked = cells["E1-6_01"]["fails_audit"]  # 18,624 printed; the activity data give 18,623.10
    assert len(marked) == 1 and marked[0].startswith("printed 18,624 t CO2e (scope2_location FY2024); fails audit")
