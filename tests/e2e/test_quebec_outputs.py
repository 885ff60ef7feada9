"""Outputs of a Quebec company's workspace (tests/fixtures/quebec): CAD, fiscal years October to September
labelled by their end year, numbers typed the French-Canadian way ("9 703,90").

Each test is a defect a new user's trial found in an output; expected values are worked by hand from the
fixture's rapport.csv and activity.csv.
"""

from __future__ import annotations

import json
import re
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


def test_audit_shows_computed_numbers_at_the_printed_precision():
    out = run("audit", QUEBEC, codes=(1,))  # figures fail the audit: exit 1
    cells = [re.split(r" {2,}", line.strip()) for line in out.splitlines() if line.endswith(("  holds", "  fails"))]
    rows = {tuple(c[:3]): c for c in cells}  # vintage, identity, year, total, sum of parts, difference, unit, verdict
    # identities: 3 837,87 + 5 866,03 = 9 703,90; 3 837,87 + 4 132,60 = 7 970,47, 10,00 short of the printed 7 980,47
    assert rows[("rdd-2024", "scope12_location", "FY2024")][3:6] == ["9 703,90", "9,703.90", "0.00"]
    assert rows[("rdd-2024", "scope12_market", "FY2024")][3:6] == ["7 980,47", "7,970.47", "-10.00"]
    assert rows[("rdd-2024", "scope12_market", "FY2023")][3:6] == ["8 585,3", "8,585.3", "0.0"]  # 4 105,2 + 4 480,1
    # the computed value and its distance one digit past the print (two decimals + 1), as the printed interval's
    # bounds are shown, not five decimals
    flat = " ".join(out.split())
    found = re.search(r"the activity data give ([\d,]+\.(\d+)) t CO2e, printed 7 980,47 t CO2e "
                      r"\(7,980\.465 to 7,980\.475\): apart by (-[\d,]+\.(\d+))", flat)
    assert found, flat
    assert len(found[2]) == 3 and len(found[4]) == 3, found[0]
    assert "7,970.46990" not in out


def test_wrapped_text_never_splits_a_number_at_its_thousands_space():
    out = run("audit", QUEBEC, codes=(1,))
    printed = [text for text in re.findall(r'"([\d ]+(?:,\d+)?)"', (QUEBEC / "reported" / "rapport.csv").read_text())
               if " " in text]
    assert "12 180,0" in printed and "6 890,90" in printed  # the premise: spaced numbers the audit shows
    lines = out.splitlines()
    for text in printed:
        head, tail = text.split(" ", 1)
        for first, second in zip(lines, lines[1:]):  # never "12" at a line's end and "180,0" on the next
            assert not (first.rstrip().endswith(" " + head) and second.strip().startswith(tail)), (first, second)
    assert any("12 180,0" in line for line in lines)
    assert sum("6 890,90" in line for line in lines) >= 2  # the activity table and the sentence


def test_a_base_year_figure_read_from_a_report_says_printed_and_where():
    # rapport.csv line 23 (the header is line 1): rdd-2024,scope1,FY2020,"5 310,4"
    points = {d["datapoint"]: d for d in json.loads(run("disclose", QUEBEC, "--standard", "cdp", "--format", "json"))[
        "datapoints"]}
    scope1 = points["7.5 Scope 1"]
    assert scope1["status"] == "printed" and scope1["value"] == pytest.approx(5310.4)
    assert scope1["source"].startswith("rapport.csv row 23, vintage rdd-2024"), scope1["source"]
    assert scope1["text"] == "5,310.4"  # at its printed precision, not 5,310.40
    out = run("disclose", QUEBEC, "--standard", "cdp")
    assert "5,310.4 t CO2e  (printed: rapport.csv row 23" in out


def test_a_fact_that_states_its_unit_is_not_followed_by_it_again():
    out = run("disclose", QUEBEC, "--standard", "esrs-e1")
    lines = [line for line in out.splitlines() if " MWh (" in line or line.strip().startswith("10,000.00 MWh")]
    assert lines, out  # the premise: the instruments' shares are shown
    assert not any(line.rstrip().endswith(") %") or ") %  (" in line for line in lines), lines
    # 10,000 MWh supplier-specific of 231,500 MWh bought = 4.3 %
    assert "supplier 10,000.00 MWh (4.3 %) (computed" in " ".join(out.split())


def test_report_workbook_sheets_carry_no_internal_columns(tmp_path):
    import openpyxl

    out = tmp_path / "report.xlsx"
    run("report", QUEBEC, "--xlsx", out, codes=(0, 1))
    book = openpyxl.load_workbook(out)
    sheets = [name for name in book.sheetnames if name.startswith(("headline", "intensities"))]
    assert len(sheets) == 2, book.sheetnames  # the premise: both tables are in the workbook
    for name in sheets:
        header = [cell.value for cell in book[name][1]]
        assert "item" in header and not {"decimals", "previous_decimals"} & set(header), (name, header)
    # the JSON keeps them: the decimals each figure is printed with
    headline = json.loads(run("report", QUEBEC, "--format", "json", codes=(0, 1)))["headline"]
    assert {"decimals", "previous_decimals"} <= set(headline[0])


def test_scenario_workbook_sheet_names_are_short_and_the_unit_whole_in_the_headers(tmp_path):
    import openpyxl

    out = tmp_path / "plan.xlsx"
    run("scenario", "run", QUEBEC, "plan", "--format", "xlsx", "--output", out)
    book = openpyxl.load_workbook(out)
    assert {"targets, emissions", "targets, intensities", "targets, shares", "pathways, intensities"} <= set(
        book.sheetnames), book.sheetnames
    assert all(len(name) <= 31 and "/" not in name and "CO2e" not in name for name in book.sheetnames)
    header = [cell.value for cell in book["pathways, intensities"][1]]
    assert "value (t CO2e / (CAD million))" in header, header  # the unit whole: per million CAD, not per CAD


def test_a_probability_short_of_one_never_shows_as_100_percent(tmp_path):
    document = json.loads(run("scenario", "run", QUEBEC, "plan-incertain", "--format", "json"))
    met = {t["id"]: t["in_target_year"]["probability_met"] for t in document["targets"]}
    status = {t["id"]: t["status"] for t in document["targets"]}
    assert 0.999 < met["s12-fy2030"] < 1 and status["s12-fy2030"] == "uncertain"  # the premise: almost certain
    out = run("scenario", "compare", QUEBEC, "plan", "plan-incertain", "--wide")
    row = next(line for line in out.splitlines() if line.startswith("s12-fy2030"))
    assert "(P(met) > 99.9 %)" in row and "100.0 %" not in row, row
    wide = run("scenario", "run", QUEBEC, "plan-incertain", "--wide")
    row = next(line for line in wide.splitlines() if line.startswith("s12-fy2030"))
    assert "> 99.9 %" in row and "100.0 %" not in row, row


def test_csv_outputs_carry_the_fiscal_year_label_beside_the_year(tmp_path):
    import csv
    import io

    def rows(text):
        return list(csv.DictReader(io.StringIO(text)))

    # FY2024 = October 2023 to September 2024, counted as 2024; the base year FY2020 as 2020
    gap = rows(run("gap", QUEBEC, "--format", "csv"))
    assert gap and all((r["year"], r["year_label"], r["base_year"], r["base_year_label"], r["target_year"],
                        r["target_year_label"]) == ("2024", "FY2024", "2020", "FY2020", "2030", "FY2030") for r in gap)
    header = list(gap[0])
    assert header.index("year_label") == header.index("year") + 1  # beside the year it labels
    years = rows(run("scenario", "run", QUEBEC, "plan", "--format", "csv", "--view", "years"))
    assert [(r["year"], r["year_label"]) for r in years[:2]] == [("2024", "FY2024"), ("2025", "FY2025")]
    lines = tmp_path / "lines.csv"
    run("inventory", QUEBEC, "--lines", lines)
    written = rows(lines.read_text(encoding="utf-8"))
    assert len({r["row"] for r in written}) == 16  # every activity row has lines
    assert {(r["year"], r["year_label"]) for r in written} == {("2024", "FY2024")}


def test_scenario_years_table_leaves_out_segments_of_scope3_lines_only():
    # achats (spend on steel, category 1) and déplacements (business travel, category 6) have no Scope 1 or 2 line
    out = run("scenario", "run", QUEBEC, "plan", "--wide")
    assert "Scope 1+2 by segment leaves out achats, déplacements (Scope 3 lines only)" in " ".join(out.split())
    assert "scope12_achats" not in out and "scope12_déplacements" not in out
    assert "scope12_fabrication" in out and "scope12_logistique" in out


def test_seek_names_a_percentage_parameter_in_percent_when_the_projection_overflows():
    # a 1e100 % energy-efficiency change a year makes the FY2030 projection overflow; the message names the value as
    # the parameter is written (1e+100 %), not as the fraction it is kept in (1e+98)
    out = run("scenario", "seek", QUEBEC, "plan", "--lever", "efficacite", "--target", "s12-fy2030",
              "--between", "-100 %", "1e100 %", codes=(1,))
    assert "at 1e+100 % the projection of 's12-fy2030' does not stay finite" in out, out


def test_explain_counts_one_line_in_the_singular():
    # 12 kg of HFC-134a released at Usine Burlington: the one HFC-134a line of FY2024
    out = run("explain", QUEBEC, "--year", "FY2024", "--scope", "1", "--gas", "HFC134a")
    assert "from 1 line\n" in out and "1 lines" not in out, out


def test_the_report_scenarios_table_keeps_target_ids_whole():
    out = run("report", QUEBEC, codes=(0, 1))
    section = out.split("== Scenarios", 1)[1].split("\n\n", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("intensite-")]
    assert len(rows) == 2, section  # the intensity target under both scenarios, its id whole on its line
    assert all(line.startswith("intensite-fy2030  ") for line in rows), rows
    assert all(len(line) <= 100 for line in section.splitlines())


def test_a_year_before_the_base_year_says_why_a_level_is_shown_or_not():
    # FY2019 is before every target's base year FY2020: a year's progress reads no later figure, so the levels set
    # against FY2020 (40 % below it; 55 % below its intensity) are unknown, while 100 % renewable is fixed
    targets = {t["id"]: t for t in json.loads(run("gap", QUEBEC, "--year", "FY2019", "--format", "json"))["targets"]}
    assert {t["status"] for t in targets.values()} == {"before base year"}
    assert targets["s12-fy2030"]["target_level"] is None and targets["intensite-fy2030"]["target_level"] is None
    assert targets["re100-fy2030"]["target_level"]["value"] == 100
    for name in ("s12-fy2030", "intensite-fy2030"):
        assert any("set against the FY2020 figure" in note for note in targets[name]["notes"]), targets[name]["notes"]
    assert any("target level: fixed by the target" in note for note in targets["re100-fy2030"]["notes"])


def test_line_ids_keep_accented_letters_readable_and_the_former_ids_still_work(workspace):
    # the start view lists every line id: Usine Montréal -> usine-montreal (é as e, by Unicode decomposition)
    start = json.loads(run("scenario", "run", QUEBEC, "plan", "--view", "start", "--format", "json"))["start"]["lines"]
    ids = {line["id"] for line in start}
    assert {"fabrication-usine-montreal-electricity-grid-ca-qc", "logistique-flotte-quebec-diesel-mobile-ca-qc",
            "deplacements-siege-value-chain-ca"} <= ids, ids
    assert not any("montr-al" in i or "qu-bec" in i for i in ids)
    # plan.toml, written by the trial, names the electricity line in its former form: it still works, and says so
    former, now = "fabrication-usine-montr-al-electricity-grid-ca-qc", "fabrication-usine-montreal-electricity-grid-ca-qc"
    assert f'to = "{former}"' in (QUEBEC / "scenarios" / "plan.toml").read_text(encoding="utf-8")
    notes = json.loads(run("scenario", "run", QUEBEC, "plan", "--format", "json"))["notes"]
    assert any(f"line id {former!r} is the former form of {now!r}" in note for note in notes), notes
    checked = run("check", QUEBEC)
    assert f"write {now!r}" in " ".join(checked.split()) and "no problems" in checked
    # written with the id now, the same plan projects the same figures, without the note
    plan = workspace / "scenarios" / "plan.toml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(former, now), encoding="utf-8")
    renamed = json.loads(run("scenario", "run", workspace, "plan", "--format", "json"))
    assert not any("former form" in note for note in renamed["notes"])
    before = json.loads(run("scenario", "run", QUEBEC, "plan", "--format", "json"))
    assert [t["in_target_year"] for t in renamed["targets"]] == [t["in_target_year"] for t in before["targets"]]


def test_a_disclosure_shows_other_years_as_printed():
    # FY2023 Scope 1 printed "4 105,2" and base year FY2020 "5 310,4"; FY2023 Scope 1+2 location-based is not
    # printed: 4 105,2 + 6 020,8 = 10 126,0, at its parts' one decimal
    flat = " ".join(run("disclose", QUEBEC, "--standard", "esrs-e1").split())
    assert "FY2023: 4,105.2, -6.5 %; base year FY2020: 5,310.4" in flat
    assert "FY2023: 10,126.0, -4.2 %" in flat and "10,126.00" not in flat
