"""Accounting-style cells of reported tables: footnote markers read off and kept, negatives in parentheses,
and dashes or "n/a" kept as not reported (never a misprint, never a zero)."""

from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from ghgcalc.audit.checks import audit_workspace
from ghgcalc.cli import main
from ghgcalc.core.intervals import parse_printed
from ghgcalc.core.printed_marks import read_cell
from ghgcalc.errors import InputError
from ghgcalc.figures.reported import not_reported, read_reported

HEADER = "vintage,metric,year,value,unit,source,note,read_as\n"


@pytest.mark.parametrize("typed, number, marker", [
    ("4,009¹", "4,009", "¹"), ("323*", "323", "*"), ("12,345†", "12,345", "†"), ("5,412 (a)", "5,412", "(a)"),
    ("1,234²³", "1,234", "²³"), ("7.5‡", "7.5", "‡"),
])
def test_a_footnote_marker_is_read_off_and_kept(typed, number, marker):
    cell = read_cell(typed)
    assert (cell.number, cell.footnote, cell.negative, cell.not_reported) == (number, marker, False, "")
    assert cell.read_off == f"footnote marker {marker} read off"


def test_a_superscript_digit_is_never_a_digit_of_the_figure():
    # "¹".isdigit() is True: read naively, "4,009¹" would be 40,091
    assert parse_printed(read_cell("4,009¹").number).value == 4009


@given(st.integers(min_value=0, max_value=10**12), st.sampled_from("¹²³⁴⁵⁶⁷⁸⁹⁰*†‡"))
def test_any_figure_with_a_marker_reads_as_the_figure(value, marker):
    assert parse_printed(read_cell(f"{value:,}{marker}").number).value == value


@pytest.mark.parametrize("typed", ["-", "–", "—", "n/a", "N/A", "n.a.", "not reported", "", "  "])
def test_a_dash_or_na_is_not_reported(typed):
    cell = read_cell(typed)
    assert cell.not_reported and cell.number == ""


def test_parentheses_are_a_negative():
    cell = read_cell("(8.8)")
    assert (cell.number, cell.negative, cell.footnote) == ("8.8", True, "")


def _table(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "sr.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


def test_reported_table_keeps_markers_negatives_and_not_reported(tmp_path):
    path = _table(tmp_path, "sr,scope1,2024,\"4,009¹\",t CO2e,Table 3,includes top-ups,\n"
                            "sr,scope3_cat6,2024,323*,t CO2e,Table 4,,\n"
                            "sr,scope123_yoy_change,2024,(8.8),percent,Table 3,decrease,\n"
                            "sr,scope3_cat2,2024,n/a,t CO2e,Table 4,not measured,\n"
                            "sr,scope1_sf6,2024,–,t CO2e,Table 5,,\n"
                            "sr,scope1_pfcs,2024,12,t CO2e,Table 5,,n/a\n"
                            "sr,scope1_ch4,2024,,t CO2e,Table 5,,\n")
    figures = read_reported([path])
    by_metric = {r["metric"]: r for r in figures.to_dict("records")}
    assert by_metric["scope1"]["value"] == 4009 and by_metric["scope1"]["text"] == "4,009¹"
    assert by_metric["scope1"]["note"] == "footnote marker ¹ read off; includes top-ups"
    assert by_metric["scope3_cat6"]["value"] == 323
    assert by_metric["scope123_yoy_change"]["value"] == -8.8
    assert (by_metric["scope123_yoy_change"]["low"], by_metric["scope123_yoy_change"]["high"]) == \
        pytest.approx((-8.85, -8.75))
    missing = {r["metric"]: r["not_reported"] for r in not_reported(figures)}
    assert missing == {"scope3_cat2": "printed 'n/a': not available",
                       "scope1_sf6": "printed '–': a dash (nil or not reported)",
                       "scope1_pfcs": "printed 'n/a': not available",   # read_as says the printed 12 is not one
                       "scope1_ch4": "printed '': an empty cell"}
    assert len(figures) + len(missing) == 7  # rows in = read + not reported (+ rejected: none)
    assert not set(missing) & set(figures["metric"])  # not reported is never a zero figure


def test_a_negative_emissions_figure_in_parentheses_is_refused_in_one_line(tmp_path):
    path = _table(tmp_path, "sr,scope1,2024,(120),t CO2e,Table 3,,\nsr,scope2,2024,5,t CO2e,Table 3,,\n")
    with pytest.raises(InputError) as caught:
        read_reported([path])
    assert str(caught.value) == ("sr.csv, row 2, column value: '(120)' is a negative in parentheses, and scope1 "
                                 "(mass of CO2e) cannot be negative; if the report misprinted it, give your reading "
                                 "in a read_as column")


def test_other_text_is_still_not_a_number(tmp_path):
    path = _table(tmp_path, "sr,scope1,2024,about 5,t CO2e,Table 3,,\n")
    with pytest.raises(InputError, match="'about 5' is not a number as printed"):
        read_reported([path])


def test_audit_says_not_reported_and_counts_no_misprint(aud_workspace):
    (aud_workspace / "reported" / "company.csv").write_text(
        "vintage,metric,year,value,unit,source,note\n"
        "ar,revenue,2023,\"1,250.0\",A$m,Annual report,\n"
        "ar,scope1,2023,\"4,009¹\",t CO2-e,Table 3,\n"
        "ar,scope3_cat2,2023,n/a,t CO2-e,Table 4,\n"
        "ar,scope1_sf6,2023,-,t CO2-e,Table 5,\n", encoding="utf-8")
    report = audit_workspace(aud_workspace)
    assert report.summary["misprint"] == 0 and report.summary["not_reported"] == 2
    found = {f.metric: f for f in report.findings if f.kind == "not_reported"}
    assert found["scope3_cat2"].detail == "company.csv row 4: printed 'n/a': not available; not a number and not zero"
    result = CliRunner().invoke(main, ["audit", str(aud_workspace)])
    assert "Not reported: figures printed as no number" in result.output
    assert all(len(line) <= 100 for line in result.output.splitlines())


def test_disclosure_lists_a_not_reported_datapoint_as_missing_with_its_reason(aud_workspace):
    (aud_workspace / "reported" / "company.csv").write_text(
        "vintage,metric,year,value,unit,source,note\n"
        "ar,scope1,2023,\"4,009\",t CO2e,Table 3,\n"
        "ar,scope3_cat2,2023,n/a,t CO2e,Table 4,\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["disclose", str(aud_workspace), "--standard", "cdp", "--year", "2023",
                                       "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "not reported (printed 'n/a': not available; company.csv row 3)" in result.output


def test_a_negative_activity_in_parentheses_is_refused_naming_the_cell(tmp_path):
    path = tmp_path / "activity.csv"
    path.write_text("year,activity,quantity,unit,region\n2024,diesel.mobile,(120),kL,AU\n2024,diesel.mobile,5,kL,AU\n",
                    encoding="utf-8")
    result = CliRunner().invoke(main, ["inventory", str(path), "--gwp", "AR5GWP100"])
    assert result.exit_code == 1
    assert ("Error: activity.csv, row 2, column quantity: '(120)': a negative quantity is not allowed for this "
            "activity") in result.output
    assert "rows in: 2, computed: 1, rejected: 1" in result.output
