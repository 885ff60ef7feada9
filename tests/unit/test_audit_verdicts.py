"""The auditor's verdicts against the whole report: each fixture under tests/fixtures/audit/ is named by
the defect it carries, and each expected value is computed by hand from its printed figures."""

from __future__ import annotations

import pytest

from ghgcalc.audit.checks import audit_workspace
from ghgcalc.workspace.config import load_workspace
from tests.conftest import FIXTURES, ROOT

AUDIT = FIXTURES / "audit"


def audit(name):
    return audit_workspace(load_workspace(AUDIT / name))


def find(report, kind, metric, year, vintage=None):
    [found] = [f for f in report.findings if (f.kind, f.metric, f.year) == (kind, metric, year)
               and (vintage is None or f.vintage == vintage)]
    return found


def test_headcount_not_whole_is_not_reproduced():
    finding = find(audit("headcount-not-whole"), "reproduction", "energy_per_capita", 2023)
    # 258,764.96 kWh / 296 persons = 874.2059 kWh per person; printed 874.19 is [874.185, 874.195)
    assert 258764.96 / 296 == pytest.approx(874.20595, abs=1e-5)
    assert finding.verdict == "not_reproduced"
    # in the metric's unit, MWh per person: 258.764955 / 296 to 258.764965 / 296
    assert (finding.recomputed.low, finding.recomputed.high) == pytest.approx((258.764955 / 296, 258.764965 / 296))
    implied = {i["metric"]: i for i in finding.implied}["workforce_total"]
    # the headcount that would give the print: 258,764.955 / 874.195 = 296.0037 to 258,764.965 / 874.185 = 296.0071
    assert (implied["low"], implied["high"]) == pytest.approx((258.764955 / 0.874195, 258.764965 / 0.874185))
    assert implied["whole_numbers"] is None and implied["nearest"] == 296
    assert "implied workforce_total: 296.004 to 296.007 (printed 296, a whole number of persons), which holds no " \
           "whole number (the nearest, 296, gives 874.20593 to 874.20596)" in finding.detail
    assert "rounds to the printed" not in finding.detail  # it does not: 874.206 -> 874.21


def test_rounding_up_contradicted_is_not_offered():
    report = audit("rounding-up-contradicted")
    up, truncated = "rounded up", "truncated (decimals cut off), not rounded"
    # 2023: 1,234.0 MWh / 100.00 = 12.3389 to 12.3411: half-up 12.3, printed 12.4, which only rounding up gives
    x = find(report, "reproduction", "energy_per_revenue", 2023)
    assert x.verdict == "not_reproduced" and x.explanation == ()
    [rule] = [a for a in x.alternatives if a["description"] == up]
    assert rule["reproduces"] and not rule["consistent"]
    # ... but 2022 of the same table, 1,213.0 / 100.00 = 12.1289 to 12.1311, is printed 12.1: rounded up it is 12.2
    assert rule["contradicted_by"] == ["energy_per_revenue 2022 (printed 12.1, rounded up it would be 12.2)"]
    assert "rounded up would give it, but is contradicted by energy_per_revenue 2022" in x.detail
    # 2021: 1,187.0 / 100.00 = 11.87 printed 11.8, only truncation gives it; 2020: 1,066.0 / 100.00 = 10.66 is
    # printed 10.7, which truncation would print 10.6
    w = find(report, "reproduction", "energy_per_revenue", 2021)
    [rule] = [a for a in w.alternatives if a["description"] == truncated]
    assert rule["reproduces"] and rule["contradicted_by"] == [
        "energy_per_revenue 2020 (printed 10.7, truncated it would be 10.6)"]
    assert w.explanation == ()
    # the summary counts only consistent explanations: none
    assert report.patterns == []
    # a reproduced figure carries no explanation list to drown the verdict
    assert find(report, "reproduction", "energy_per_revenue", 2022).explanation == ()


def test_stale_intensity_found_with_its_vintage():
    report = audit("stale-intensity")
    stale = find(report, "reproduction", "ghg_per_revenue", 2022, "esg-2023")
    # esg-2023 restates Scope 1 2022 from 10,000 to 12,500 t (+25 %) and reprints the 2022 intensity, 40.0:
    # (12,500 + 30,000) / 1,000 = 42.5, but (10,000 + 30,000) / 1,000 = 40.0 with esg-2022's Scope 1
    assert stale.verdict == "not_reproduced"
    assert stale.recomputed.contains(42500 / 1000)
    assert stale.explanation[0] == ("scope12 / revenue with the esg-2022 scope1 (10,000; restated later by +25.00 %): "
                                    "the intensity was not updated")
    [best] = [a for a in stale.alternatives if a.get("rank") == 1]
    # each part +-0.5 t: 39,999 to 40,001 t over 999.5 to 1,000.5 EUR million: 39.979 to 40.021
    assert (best["low"], best["high"]) == pytest.approx((39999 / 1000.5, 40001 / 999.5))
    # esg-2022's own intensity reproduces, and is flagged: it depends on a Scope 1 restated later
    old = find(report, "reproduction", "ghg_per_revenue", 2022, "esg-2022")
    assert old.verdict == "reproduced"
    [flag] = old.restated_inputs
    assert (flag["metric"], flag["vintage"], flag["later_vintage"]) == ("scope1", "esg-2022", "esg-2023")
    assert flag["change_percent"] == pytest.approx(100 * (12500 - 10000) / 10000)
    assert "depends on a figure restated later: scope1 2022 as printed in esg-2022 (10,000)" in old.detail
    assert find(report, "reproduction", "ghg_per_revenue", 2023, "esg-2023").restated_inputs == ()


def test_shares_by_largest_remainder_are_recognised():
    report = audit("shares-by-largest-remainder")
    # 1,004, 1,001 and 995 of 3,000: 33.467 %, 33.367 %, 33.167 %, each rounded half-up 33 (sum 99); rounded
    # down to 33 + 33 + 33 with the one step left to the largest remainder (0.467): 34 + 33 + 33 = 100, as printed
    assert [round(100 * n / 3000, 3) for n in (1004, 1001, 995)] == [33.467, 33.367, 33.167]
    under30 = find(report, "reproduction", "workforce_age_under30_share", 2023)
    assert under30.verdict == "not_reproduced"
    assert under30.explanation == ("100 * workforce_age_under30 / workforce_total, with workforce_age_shares rounded "
                                   "together by largest remainder: 34 + 33 + 33 = 100",)
    # rounding up would print 34 too, but 33.367 rounded up is 34, not the printed 33
    [up] = [a for a in under30.alternatives if a["description"] == "rounded up"]
    assert up["reproduces"] and not up["consistent"]


def test_identity_built_from_parts_and_linked_to_its_share():
    report = audit("identity-from-parts")
    # Scope 1+2 is not printed; built from its parts, Scope 1+2+3 is checkable:
    # 2023: (1,000 + 2,000) + 7,000 = 10,000 = printed 10,000
    holds = find(report, "identity", "scope123", 2023)
    assert holds.verdict == "holds" and holds.recomputed.contains(10000)
    # 2022: (1,200 + 2,300) + 7,500 = 11,000 against a printed 12,000: fails by 1,000
    fails = find(report, "identity", "scope123", 2022)
    assert fails.verdict == "fails" and fails.difference == pytest.approx(11000 - 12000)
    assert "scope12 2022 not printed; built as scope1 + scope2 = 1,200 + 2,300 = 3,500 t CO2e" in fails.detail
    # the Scope 3 share of 2022 fails with it: 100 x 7,500 / 12,000 = 62.5, printed 68.2 = 100 x 7,500 / 11,000
    share = find(report, "reproduction", "scope3_share", 2022)
    assert share.verdict == "not_reproduced" and share.recomputed.contains(62.5)
    assert fails.depends_on == ("scope3_share 2022",)
    assert share.depends_on == ("identity scope123 (scope123 = scope12 + scope3) fails for 2022",)
    assert round(100 * 7500 / 11000, 1) == 68.2
    assert share.explanation == ("100 * scope3 / scope123 with scope123 as scope12 + scope3 = 3,500 + 7,500 "
                                 "(a total as the sum of its printed parts, not as printed)",)
    assert find(report, "reproduction", "scope3_share", 2023).depends_on == ()


def test_xiaomi_use_intensity_figures_are_reproduced_or_explained():
    report = audit_workspace(load_workspace(ROOT / "examples" / "xiaomi"))
    table = [f for f in report.findings if f.kind == "reproduction" and f.vintage == "esg-2023"
             and (f.reported or {}).get("source", "").endswith("Use Intensity")]
    assert len(table) == 30
    assert all(f.verdict == "reproduced" or f.explanation for f in table)
    # and no explanation offered for them is one the rest of the table contradicts
    for f in table:
        offered = [a for a in f.alternatives if a["definition"] in f.explanation]
        assert all(a["consistent"] for a in offered)
    [denominators] = [f for f in report.findings if (f.kind, f.vintage, f.year) == ("denominator", "sr-2020", 2020)]
    assert denominators.verdict == "inconsistent"


def test_scope2_alone_when_scope1_is_not_printed():
    report = audit("scope2-alone")
    # no table prints Scope 1: Scope 1+2 per person is checked as Scope 2 per person, and says so
    # 2023: 1,480 / 400 = 3.70, as printed
    checked = find(report, "reproduction", "ghg_per_capita", 2023)
    assert checked.verdict == "reproduced" and checked.recomputed.contains(1480 / 400)
    assert checked.assumptions == ("scope1 not printed for 2023: scope12 taken as scope2 alone",)
    assert "assuming scope1 not printed for 2023: scope12 taken as scope2 alone" in checked.detail
    # 2022: 1,530 / 380 = 4.026, printed 4.30: not reproduced (before, both were "not checkable")
    assert find(report, "reproduction", "ghg_per_capita", 2022).verdict == "not_reproduced"


def test_shares_over_total_energy_found():
    report = audit("shares-over-total-energy")
    # 300 MWh renewable of 800 MWh electricity = 37.5 %, printed 30.0 = 300 / 1,000 MWh of total energy;
    # 2022: 220 / 880 = 25.0 %, printed 20.0 = 220 / 1,100
    for year, electricity, energy, renewable in [(2023, 800, 1000, 300), (2022, 880, 1100, 220)]:
        finding = find(report, "reproduction", "electricity_renewable_share", year)
        assert finding.verdict == "not_reproduced" and finding.recomputed.contains(100 * renewable / electricity)
        assert finding.explanation == ("100 * electricity_renewable / energy_total (total energy instead of electricity)",)
        [best] = [a for a in finding.alternatives if a.get("rank") == 1]
        assert best["low"] <= 100 * renewable / energy <= best["high"]
    assert report.patterns[0]["description"] == "total energy instead of electricity"
    assert report.patterns[0]["count"] == 2


def test_average_headcount_instead_of_year_end():
    finding = find(audit("average-headcount"), "reproduction", "ghg_per_capita", 2023)
    # 1,530 / 380 = 4.026 at year end; over the average of 332 and 380, 356: 1,530 / 356 = 4.2978 -> 4.30
    assert finding.verdict == "not_reproduced"
    assert finding.explanation == ("scope12 / workforce_total with workforce_total the average of 2022 and 2023, "
                                   "(332 + 380) / 2 (average headcount instead of year-end)",)
    [best] = [a for a in finding.alternatives if a.get("rank") == 1]
    assert best["low"] <= 1530 / 356 <= best["high"]


def test_restated_scope3_with_per_employee_figures_kept():
    report = audit("restated-scope3-per-employee")
    # esg-2023 restates Scope 3 2022 from 50,000 to 60,000 t (+20 %) and keeps the per-employee figures:
    # 60,000 / 1,000 = 60.0 and (5,000 + 60,000) / 1,000 = 65.0 against the printed 50.0 and 55.0, which
    # are 50,000 / 1,000 and (5,000 + 50,000) / 1,000 with esg-2022's Scope 3
    for metric, printed, now in [("scope3_per_employee", 50.0, 60.0), ("scope123_per_employee", 55.0, 65.0)]:
        stale = find(report, "reproduction", metric, 2022, "esg-2023")
        assert stale.verdict == "not_reproduced" and stale.recomputed.contains(now)
        assert "with the esg-2022 scope3 (50,000; restated later by +20.00 %): the intensity was not updated" \
            in stale.explanation[0]
        [best] = [a for a in stale.alternatives if a.get("rank") == 1]
        assert best["low"] <= printed <= best["high"]
    # with the restated numerators they would imply 60,000 / 50.0 = 1,200 and 65,000 / 55.0 = 1,182 persons
    # against the printed 1,000: a headcount question where there is none; they are left out, so no
    # denominator finding is made for esg-2023 2022
    assert not [f for f in report.findings if (f.kind, f.vintage, f.year) == ("denominator", "esg-2023", 2022)]
    # and the earlier report's figures are flagged as depending on the Scope 3 restated later
    for metric in ("scope3_per_employee", "scope123_per_employee"):
        old = find(report, "reproduction", metric, 2022, "esg-2022")
        assert old.verdict == "reproduced" and [r["metric"] for r in old.restated_inputs] == ["scope3"]
