"""One figure, one value: gap, report and the disclosures read the same value of a figure that a workspace both
prints and computes in the same year, and a target whose base lacks a part of its metric is refused, not summed
from the parts that exist.

The workspace has the shape a US maker's first workspace had (fiscal years ending in September): its activity
table gives each scope as emissions already computed (so the computed values are the rows' own numbers), its
report prints some of the same figures rounded, and it has Scope 3 in FY2024 only.
"""

from pathlib import Path

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main

TOML = """[workspace]
name = "Meridian"
base_year = "FY2020"
gwp_set = "AR5GWP100"
currency = "USD"
fiscal_year_end = "09-28"
fiscal_year_format = "FY2024"

[data]
activity = ["activity.csv"]
reported = ["reported/sr.csv"]
targets = "targets.toml"
"""

ACTIVITY = """year,activity,quantity,unit,gas,scope,scope2_method,scope3_category
FY2020,emissions.reported,"2,658.26",t CO2e,CO2,1,,
FY2020,emissions.reported,"14,797.40",t CO2e,CO2,2,location,
FY2020,emissions.reported,"14,797.40",t CO2e,CO2,2,market,
FY2024,emissions.reported,"5,919.28",t CO2e,CO2,1,,
FY2024,emissions.reported,"18,623.10",t CO2e,CO2,2,location,
FY2024,emissions.reported,"15,650.36",t CO2e,CO2,2,market,
FY2024,emissions.reported,"41,548.44",t CO2e,CO2,3,,1
"""

PRINTED = """vintage,metric,year,value,unit,scope2_method
sr,scope1,FY2024,"5,919",t CO2e,
sr,scope1,FY2020,"2,658",t CO2e,
sr,scope2,FY2024,"15,650.4",t CO2e,market
sr,scope2,FY2024,"18,624",t CO2e,location
sr,scope2,FY2020,"14,798",t CO2e,market
sr,scope12,FY2024,"21,600",t CO2e,market
sr,scope12,FY2020,"17,456",t CO2e,market
sr,scope3,FY2024,"41,548",t CO2e,
"""

TARGETS = """[targets.scope12-fy2030]
type = "absolute"
metric = "scope12"
scope2_method = "market"
base_year = "FY2020"
target_year = "FY2030"
reduce_by = "42 %"

[targets.netzero-fy2050]
type = "net_zero"
metric = "scope123"
base_year = "FY2020"
target_year = "FY2050"
residual_max = "10 %"
min_reduction = "90 %"
value_chain = true
"""


@pytest.fixture
def meridian(tmp_path) -> Path:
    (tmp_path / "reported").mkdir()
    for name, text in {"ghgcalc.toml": TOML, "activity.csv": ACTIVITY, "reported/sr.csv": PRINTED,
                       "targets.toml": TARGETS}.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


def _json(*args):
    import json

    result = CliRunner().invoke(main, [*args, "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return json.loads(result.stdout)


def _targets(root):
    return {t["id"]: t for t in _json("gap", str(root))["targets"]}


def test_a_value_chain_base_without_scope3_in_its_base_year_is_refused_with_the_reason(meridian):
    netzero = _targets(meridian)["netzero-fy2050"]
    assert netzero["status"] == "no data" and netzero["on_track"] is None
    assert netzero["base"]["as_set"] is None  # never Scope 1+2 alone (2,658.26 + 14,797.40 = 17,455.66)
    for key in ("target_level", "gap", "gap_percent", "progress", "gap_to_pathway"):
        assert netzero[key] is None, key
    reason = netzero["status_reason"]
    assert "FY2020" in reason and "Scope 3" in reason and "scope3" in reason  # which year, which part, what to add


def test_the_refusal_is_shown_by_report_too(meridian):
    result = CliRunner().invoke(main, ["report", str(meridian)])
    table = result.stdout.split("== Targets")[1]
    row = next(line for line in table.splitlines() if line.startswith("netzero-fy2050"))
    assert row.split()[-2:] == ["no", "data"]
    assert "17,455.66" not in result.stdout and "1,745.57" not in result.stdout  # no base, no level from a part
    assert "FY2020 has no Scope 3 figure" in table


def test_the_value_chain_actual_is_the_printed_total_plus_printed_scope3_as_disclose_gives_it(meridian):
    netzero = _targets(meridian)["netzero-fy2050"]
    # the reports print Scope 1+2 under the market-based method only: 21,600 + 41,548 = 63,148
    assert netzero["actual"]["value"] == pytest.approx(21_600 + 41_548)
    cells = {c["datapoint"]: c for c in _json("disclose", str(meridian), "--standard", "esrs-e1")["datapoints"]}
    assert cells["E1-6_13"]["value"] == pytest.approx(netzero["actual"]["value"])


def test_the_base_of_a_scope12_target_is_the_printed_total(meridian):
    base = _targets(meridian)["scope12-fy2030"]["base"]
    assert base["as_set"]["value"] == 17_456  # printed, not the computed 2,658.26 + 14,797.40 = 17,455.66


def test_report_and_disclosures_read_one_value_of_scope12_location_in_the_base_year(meridian):
    """FY2020 Scope 1+2 location-based is not printed: it is built from the parts every reader uses, printed
    Scope 1 (2,658) and computed location-based Scope 2 (14,797.40, not printed): 17,455.40."""
    expected = 2_658 + 14_797.40
    years = _json("report", str(meridian))["sections"]["years"]
    row = next(r for r in years if r["scope"] == "Scope 1+2, location-based")
    assert row["FY2020"] == pytest.approx(expected)
    cells = {c["datapoint"]: c for c in _json("disclose", str(meridian), "--standard", "hkex")["datapoints"]}
    located = [c for c in cells.values() if c["used"] == "scope12_location"]
    assert located and all(c["base_year_value"] == pytest.approx(expected) for c in located)


def test_the_disclosures_say_which_scope_the_base_year_lacks(meridian):
    cells = {c["datapoint"]: c for c in _json("disclose", str(meridian), "--standard", "esrs-e1")["datapoints"]}
    cut = cells["E1-4_03"]  # absolute value of the total GHG reduction: the cut of a base that is not there
    assert cut["status"] == "missing" and cut["value"] is None
    assert "netzero-fy2050" in cut["source"] and "FY2020 has no Scope 3 figure" in cut["source"]


def test_the_refusal_is_in_the_html_report_too(meridian, tmp_path):
    page = tmp_path / "report.html"
    CliRunner().invoke(main, ["report", str(meridian), "--html", str(page)])
    text = " ".join(page.read_text(encoding="utf-8").split())
    assert "no data: the base year FY2020 has no figure to set the level from" in text
    assert "FY2020 has no Scope 3 figure" in text
