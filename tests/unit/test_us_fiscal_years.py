"""US fiscal years: "fiscal 2024" as a 10-K labels a year, and 52/53-week years that end on the last (or the
nearest) given weekday of a month.

Dates worked by hand from the calendar: 30 September 2023 and 28 September 2024 are Saturdays, so a year ending
on the last Saturday of September has FY2024 = Sunday 1 October 2023 to Saturday 28 September 2024 (52 weeks);
FY2023 ran from 25 September 2022 (the day after Saturday 24 September 2022) to 30 September 2023, 371 days or
53 weeks (Apple's fiscal 2023, its Form 10-K: "a 53-week year"). 30 September 2022 is a Friday: the Saturday
nearest the end of September 2022 is 1 October 2022, where the last Saturday of September is the 24th.
"""

from __future__ import annotations

import json
from datetime import date

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main
from ghgcalc.core.years import FiscalYears, YearError
from ghgcalc.figures.fiscal import describe_year_end, period_of
from ghgcalc.workspace.config import WorkspaceFileError, load_workspace
from ghgcalc.workspace.template import create_workspace
from tests.files import write_files

LAST_SAT_SEP = "last Saturday of September"
NEAREST_SAT_SEP = "Saturday nearest the end of September"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


# -- 1. "fiscal 2024" --------------------------------------------------------------------------------------------
@pytest.mark.parametrize("text", ["fiscal 2024", "Fiscal 2024", "fiscal year 2024", "Fiscal Year 2024",
                                  "FISCAL 2024", "fiscal  2024", "fiscal '24"])
def test_fiscal_2024_is_the_year_fy2024_is(text):
    assert FiscalYears("09-30", "end").year(text) == FiscalYears("09-30", "end").year("FY2024") == 2024
    assert FiscalYears("03-31", "start").year(text) == 2025  # by start: fiscal 2024 runs April 2024 to March 2025
    assert FiscalYears().year(text) == 2024  # calendar years
    assert FiscalYears(LAST_SAT_SEP, "end").year(text) == 2024


@pytest.mark.parametrize("text", ["fiscal", "fiscal year", "fiscal 20245", "fiscalyear 2024", "fiscal 2024 2025",
                                  "year 2024"])
def test_what_only_looks_like_fiscal_2024_is_refused(text):
    with pytest.raises(YearError, match="fiscal 2024"):
        FiscalYears("09-30", "end").year(text)


@pytest.mark.parametrize("style, shown", [("fiscal 2024", "fiscal 2020"), ("Fiscal 2024", "Fiscal 2020"),
                                          ("Fiscal Year 2024", "Fiscal Year 2020"), ("fiscal year 2024", "fiscal year 2020")])
def test_fiscal_2024_is_a_format_to_print_years_in(style, shown):
    years = FiscalYears(LAST_SAT_SEP, "end", style)
    assert years.label_of(2020) == shown
    assert years.year(shown) == 2020  # what is printed reads back as the same year


# -- 2. 52/53-week years ---------------------------------------------------------------------------------------
@pytest.mark.parametrize("rule, year, first, last", [
    (LAST_SAT_SEP, 2024, date(2023, 10, 1), date(2024, 9, 28)),     # 52 weeks
    (LAST_SAT_SEP, 2023, date(2022, 9, 25), date(2023, 9, 30)),     # 53 weeks
    ("last Sat in Sep", 2024, date(2023, 10, 1), date(2024, 9, 28)),
    (NEAREST_SAT_SEP, 2024, date(2023, 10, 1), date(2024, 9, 28)),  # 30 Sep 2024 is a Monday: the 28th is 2 days off
    (NEAREST_SAT_SEP, 2023, date(2022, 10, 2), date(2023, 9, 30)),  # 52 weeks, from the day after 1 Oct 2022
    (NEAREST_SAT_SEP, 2022, date(2021, 10, 3), date(2022, 10, 1)),  # 30 Sep 2022 a Friday: Saturday 1 October
    # 31 December 2021 is a Friday: the year 2021 ends on Saturday 1 January 2022, and 2022 starts the day after
    ("Saturday nearest the end of December", 2022, date(2022, 1, 2), date(2022, 12, 31)),
    ("09-28", 2024, date(2023, 9, 29), date(2024, 9, 28)),  # a fixed day: every year as before
    ("03-31", 2024, date(2023, 4, 1), date(2024, 3, 31)),
])
def test_each_fiscal_year_has_its_own_first_and_last_day(rule, year, first, last):
    assert period_of(year, rule) == (first, last)
    assert (last - first).days + 1 in ((364, 371) if not rule[0].isdigit() else (365, 366))


@pytest.mark.parametrize("rule", [LAST_SAT_SEP, NEAREST_SAT_SEP, "last Friday of June", "Sunday nearest the end of January"])
def test_52_53_week_years_follow_each_other_without_gap_or_overlap(rule):
    for year in range(2000, 2060):
        first, last = period_of(year, rule)
        assert period_of(year + 1, rule)[0] == date.fromordinal(last.toordinal() + 1)
        assert (last - first).days + 1 in (364, 371)
        assert last.weekday() == ("monday tuesday wednesday thursday friday saturday sunday".split()
                                  .index(rule.split()[1 if rule.startswith("last") else 0].lower()))


@pytest.mark.parametrize("rule, day, year", [
    (LAST_SAT_SEP, "2024-09-28", 2024), (LAST_SAT_SEP, "2024-09-29", 2025), (LAST_SAT_SEP, "2023-10-01", 2024),
    (LAST_SAT_SEP, "2023-09-30", 2023), ("09-28", "2023-09-29", 2024), ("09-28", "2023-09-28", 2023),
    (NEAREST_SAT_SEP, "2022-10-01", 2022), (NEAREST_SAT_SEP, "2022-10-02", 2023),
    ("Saturday nearest the end of December", "2022-01-01", 2021), (None, "2024-03-15", 2024),
    ("12-31", "2024-12-31", 2024),
])
def test_a_day_falls_in_one_fiscal_year(rule, day, year):
    years = FiscalYears(rule, "end")
    assert years.parse(day, days=True) == (day, year)


def test_a_day_is_a_year_only_where_a_row_is_dated():
    # an FX table's "2024-12-31" is a rate of that day, and --year 2024-12-31 no year: only activity rows take days
    with pytest.raises(YearError, match="is not a year") as caught:
        FiscalYears(LAST_SAT_SEP, "end").year("2024-12-31")
    assert "a day" not in str(caught.value)


def test_a_day_counts_under_labels_by_start_as_its_period_ends():
    # years ending 31 March labelled by start: 1 April 2023 is in FY2023, which ends in (and counts as) 2024
    years = FiscalYears("03-31", "start")
    assert years.parse("2023-04-01", days=True)[1] == 2024 and years.label_of(2024) == "FY2023"


@pytest.mark.parametrize("text", ["2024-02-30", "2024-13-01"])
def test_a_day_that_is_not_one_is_refused(text):
    with pytest.raises(YearError, match="not a day"):
        FiscalYears(LAST_SAT_SEP, "end").parse(text, days=True)


def test_the_audit_sentence_names_the_fiscal_years_own_days():
    sentence = describe_year_end(LAST_SAT_SEP, 2024, "FY2024")
    assert "last Saturday of September" in sentence
    assert "FY2024 = 1 October 2023 to 28 September 2024" in sentence
    assert "FY2024 = 29 September 2023 to 28 September 2024" in describe_year_end("09-28", 2024, "FY2024")


# -- in a workspace ----------------------------------------------------------------------------------------------
ACTIVITY = ("year,activity,quantity,unit,region,segment,site\n"
            "fiscal 2023,diesel.mobile,8000,L,US,manufacturing,Plant A\n"
            "2023-09-30,diesel.mobile,1000,L,US,manufacturing,Plant A\n"   # the last day of fiscal 2023
            "2023-10-01,diesel.mobile,500,L,US,manufacturing,Plant A\n")   # the first day of fiscal 2024


def us_workspace(root, year_end=LAST_SAT_SEP, base_year="fiscal 2023", style="fiscal 2024"):
    create_workspace(root, currency="USD")
    toml = (root / "ghgcalc.toml").read_text(encoding="utf-8")
    toml = toml.replace('currency = "USD"', f'currency = "USD"\nfiscal_year_end = "{year_end}"\n'
                                            f'fiscal_year_format = "{style}"')
    toml = toml.replace("base_year = 2023", f'base_year = "{base_year}"')
    (root / "ghgcalc.toml").write_text(toml, encoding="utf-8")
    targets = (root / "targets.toml").read_text(encoding="utf-8")
    targets = targets.replace("base_year = 2023", 'base_year = "fiscal 2023"').replace("target_year = 2030",
                                                                                    'target_year = "Fiscal Year 2030"')
    return write_files(root, {"activity.csv": ACTIVITY, "targets.toml": targets})


def test_a_us_workspace_reads_fiscal_2024_and_days_everywhere(tmp_path):
    root = us_workspace(tmp_path / "us")
    workspace = load_workspace(root)
    assert workspace.base_year == 2023 and workspace.fiscal_year_end == LAST_SAT_SEP
    result = run("inventory", root, "--year", "fiscal 2023", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["summary"]["rows_rejected"] == 0
    assert {row["year"] for row in document["rows"]} == {2023}
    assert {row["year_label"] for row in document["rows"]} == {"fiscal 2023"}
    # --year fiscal 2023 takes the two rows of fiscal 2023 (8,000 L and 1,000 L on its last day), not 1 October
    lines = tmp_path / "lines.csv"
    assert run("inventory", root, "--lines", lines).exit_code == 0
    import pandas as pd
    table = pd.read_csv(lines)
    litres = {2023: 9000, 2024: 500}
    co2 = table[table["gas"] == "CO2"].groupby("year")["mass_t"].sum()
    assert set(co2.index) == {2023, 2024}
    assert co2[2023] / co2[2024] == pytest.approx(litres[2023] / litres[2024])
    assert set(table["year_label"]) == {"fiscal 2023", "fiscal 2024"}
    shown = run("inventory", root, "--year", "Fiscal 2024")
    assert shown.exit_code == 0 and "fiscal 2024" in shown.output, shown.output


def test_a_52_53_week_year_end_is_documented_and_a_bad_one_refused(tmp_path):
    root = us_workspace(tmp_path / "us", year_end="last Caturday of September")
    with pytest.raises(WorkspaceFileError, match="fiscal_year_end.*last Saturday of September"):
        load_workspace(root)
    result = run("check", root)
    assert result.exit_code != 0 and "Traceback" not in result.output
    assert "fiscal_year_end" in result.output and "Caturday" in result.output


def test_a_workbook_row_dated_by_a_day_written_as_text(tmp_path):
    # a date-typed cell stays refused (tests/fixtures/bad/xlsx-year-datetimes.xlsx): Excel makes 2023 typed in a
    # date-formatted cell 15 July 1905; a day written as text is read as in a CSV
    import openpyxl
    from ghgcalc.inventory.reading import read_activity_table
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["year", "activity", "quantity", "unit", "region"])
    sheet.append(["2023-09-30", "diesel.mobile", 1000, "L", "US"])  # the last day of fiscal 2023
    sheet.append(["2023-10-01", "diesel.mobile", 500, "L", "US"])   # the first of fiscal 2024
    sheet.append([date(2023, 10, 2), "diesel.mobile", 500, "L", "US"])
    book.save(tmp_path / "activity.xlsx")
    table = read_activity_table(tmp_path / "activity.xlsx", years=FiscalYears(LAST_SAT_SEP, "end"))
    years = list(table["year"])
    assert years[:2] == [2023, 2024]
    assert not isinstance(years[2], int)  # left for the table's check to refuse, as before
