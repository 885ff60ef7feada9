"""The report's parts beside the headline: the inventory year by year with "not reported" rows and
restatements, Scope 3 by category, instruments, methodology, and what a later figure says about a target.

Expected values are the examples' own figures, with the arithmetic shown.
"""

from __future__ import annotations

import math

import pytest

from ghgcalc.figures.precision import parse_precision
from ghgcalc.outputs.report import report_workspace
from tests.conftest import ROOT

MANUFACTURER, XIAOMI = ROOT / "examples" / "manufacturer", ROOT / "examples" / "xiaomi"


@pytest.fixture(scope="module")
def manufacturer():
    return report_workspace(MANUFACTURER)


@pytest.fixture(scope="module")
def xiaomi():
    return report_workspace(XIAOMI, year=2023)


def _row(frame, scope):
    return frame.set_index("scope").loc[scope]


def test_every_scope_has_a_row_in_every_year_and_a_missing_one_says_so(xiaomi):
    years = xiaomi.sections.years
    assert list(years.columns[1:5]) == ["2020", "2021", "2022", "2023"]
    # the reports print Scope 2 without naming its method: both methods are rows that say "not reported"
    for scope in ("Scope 2, location-based", "Scope 2, market-based"):
        assert _row(years, scope)["note"] == "not reported" and math.isnan(_row(years, scope)["2023"])
    # Scope 3 is printed for 2021 and 2022 only (the 2023 report defers it)
    assert _row(years, "Scope 3")["note"].startswith("not reported in 2020, 2023")
    assert _row(years, "Scope 1")["2023"] == pytest.approx(12_252.52)
    headline = xiaomi.headline.set_index("item")
    assert headline.loc["Scope 3", "status"] == "not reported"


def test_restatements_are_flagged_beside_the_scope_they_change(xiaomi):
    note = _row(xiaomi.sections.years, "Scope 1+2, as reported")["note"]
    # the 2020 report printed 31,347.06 t; the 2023 report restates 2020 as 66,481.29 t:
    # (66,481.29 - 31,347.06) / 31,347.06 = +112.08 %
    assert "restated 2020: +112.08 % (esg-2023 against sr-2020)" in note
    assert xiaomi.sections.changes[0].startswith("2023: new segment ev_factory")


def test_scope3_by_category_with_screening_and_quality(manufacturer):
    table = manufacturer.sections.scope3.set_index("category")
    # 1,544.806 + 44.946 + 195.130 + 93.660 + 79.399 + 250.408 + 20.813 = 2,229.162 t CO2e (category 3 includes
    # the upstream emissions of the fuels and electricity, derived from the Scope 1 and 2 lines)
    parts = [table.at[str(n), "t CO2e"] for n in (1, 3, 4, 5, 6, 7, 12)]
    assert sum(parts) == pytest.approx(table.at["total", "t CO2e"]) == pytest.approx(2_229.16, abs=0.01)
    assert table.at["8", "status"] == "not applicable" and math.isnan(table.at["8", "t CO2e"])  # no lines, no zero
    assert "owns its plants" in table.at["8", "reason"]
    assert 1 <= table.at["1", "data quality"] <= 4 and table.at["1", "methods"].startswith("SB")
    # the headline's Scope 3 change (7.70 -> 2,190.12) is not like for like: six categories were added
    assert "categories 1, 3, 4, 5, 6, 7, 12 in 2024, 3 in 2023" in manufacturer.sections.notes["scope3"]


def test_instruments_in_mwh_with_their_type_and_share(manufacturer):
    table = manufacturer.sections.instruments.set_index("instrument")
    assert table.at["GEC", "MWh"] == 6_000 and table.at["GEC", "type"] == "unbundled certificate"
    assert table.at["PPA", "MWh"] == 5_000 and table.at["PPA", "type"] == "bundled with the electricity"
    # 6,000 of the 35,620 MWh of electricity: 16.84 %
    assert table.at["GEC", "share of electricity (%)"] == pytest.approx(100 * 6_000 / 35_620)


def test_methodology_names_boundary_gwp_factor_datasets_and_fallbacks(manufacturer):
    items = dict(manufacturer.sections.methodology)
    assert items["consolidation"] == "operational control"
    assert items["GWP set"].startswith("AR6GWP100")
    assert "mee-nbs-electricity" in items["factors, Scope 2"] and "desnz-2024" in items["factors, Scope 3"]
    assert "latest_earlier_year: 2024 -> 2022 [mee-nbs-electricity" in items["fallbacks"]


def test_a_report_without_a_consolidation_approach_says_what_to_add(xiaomi):
    assert "add consolidation = " in dict(xiaomi.sections.methodology)["consolidation"]


def test_the_workbook_sheets_carry_units_in_their_headers(manufacturer):
    tables = manufacturer.tables()
    assert list(tables["inventory by year"].columns[1:5]) == [f"{y} (t CO2e)" for y in range(2021, 2025)]
    assert "emissions (t CO2e)" in tables["scope 3 by category"] and "electricity (MWh)" in tables["instruments"]


def test_a_later_figure_tells_what_it_can_about_the_renewable_electricity_target(xiaomi):
    [progress] = [p for p in xiaomi.targets.progress if p.target.id == "renewable-electricity-2035"]
    [note] = [n for n in progress.notes if n.startswith("later figure")]
    # "more than 40 million kWh" in 2025 = at least 40,000 MWh; 40,000 / 372 (2023's renewable energy) = 107.5
    assert note.startswith("later figure, 2025: electricity_renewable at least 40,000.00 MWh")
    assert "107.5 times 2023's 372.00 MWh" in note
    assert "no share for 2025: electricity 2025 is not in the workspace" in note
    # the target still reads 2023: at least 371.995 MWh over at most 191,753.275 MWh (the prints' half-cents)
    assert progress.actual.figure.low == pytest.approx(371.995 / 191_753.275)
    assert "later figure, 2025" in xiaomi.render_text()


def test_at_least_is_a_lower_bound_with_no_upper_end():
    declared = parse_precision("at least", 0)
    assert (declared.below, declared.above, declared.word) == (0.0, math.inf, "at least")


def test_the_coverage_note_names_the_years_as_the_company_labels_them():
    report = report_workspace(ROOT / "examples" / "packaging-eu")
    # Rheinpack's years end on 30 June: Scope 3 has categories 1 and 6 in FY2023/24 and none before
    assert report.sections.notes["scope3"].startswith("coverage differs: categories 1, 6 in FY2023/24, none in FY2022/23")
