"""A virtual (financial) PPA: a contract for differences with a renewable generator, whose energy attribute
certificates are delivered to the buyer apart from the power (GHG Protocol Scope 2 Guidance, 2015, Scope 2
Quality Criteria; the buyer's electricity still comes from the grid). It was refused ("did you mean 'PPA'"),
and a PPA entered instead was reported as bundled with the electricity.

The workspace: a US company's 2023 electricity in RFC West (eGRID RFCW): 1,200 MWh with no instrument, 500 MWh
under a virtual PPA and 300 MWh under a physical PPA, 2,000 MWh in all."""

from __future__ import annotations

import pandas as pd
import pytest

from ghgcalc.inventory.engine import compute_lines
from ghgcalc.outputs.disclosure import disclose
from ghgcalc.outputs.report import report_workspace
from ghgcalc.workspace.template import create_workspace

ROWS = "\n".join([
    "year,activity,quantity,unit,region,segment,site,gas,instrument,factor_value,factor_unit",
    "2023,electricity.grid,1200,MWh,RFCW,manufacturing,Plant A,,,,",
    "2023,electricity.grid,500,MWh,RFCW,manufacturing,Plant A,,VPPA,,",
    "2023,electricity.grid,300,MWh,RFCW,manufacturing,Plant A,,PPA,,",
]) + "\n"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("vppa") / "us"
    create_workspace(root, currency="USD")
    (root / "activity.csv").write_text(ROWS, encoding="utf-8")
    return root


def test_a_virtual_ppa_is_an_instrument_that_counts_zero_market_based(library):
    rows = pd.DataFrame({"year": [2023, 2023], "activity": ["electricity.grid"] * 2, "quantity": [500.0, 500.0],
                         "unit": ["MWh"] * 2, "region": ["RFCW", "RFCW"], "instrument": ["VPPA", ""]})
    result = compute_lines(rows, library, "AR6GWP100", fallback=("latest_earlier_year",))
    assert not len(result.rejected)  # was: not a contractual instrument ghgcalc knows ...; did you mean 'PPA'?
    lines = result.emissions
    market = lines[lines["scope2_method"] == "market"].groupby("row")["co2e_t"].sum()
    location = lines[lines["scope2_method"] == "location"].groupby("row")["co2e_t"].sum()
    assert market.loc[2] == 0.0 and market.loc[3] > 0  # its certificates cover the 500 MWh; the other row does not
    assert location.loc[2] == pytest.approx(location.loc[3])  # the grid average, as for any grid electricity


def test_the_report_lists_it_as_unbundled_certificates(workspace):
    table = report_workspace(workspace, year=2023).sections.instruments.set_index("instrument")
    assert table.at["VPPA", "type"] == "unbundled certificates of a virtual PPA"
    assert table.at["PPA", "type"] == "bundled with the electricity"
    assert table.at["VPPA", "share of electricity (%)"] == pytest.approx(100 * 500 / 2000)  # 25 %


def test_esrs_counts_it_among_the_unbundled_instruments(workspace):
    cells = {c.datapoint: c for c in disclose(workspace, "esrs-e1", 2023).cells}
    assert cells["E1-6_18"].value == pytest.approx(100 * 800 / 2000)  # 40 %: both contracts
    assert cells["E1-6_20"].value == pytest.approx(100 * 500 / 2000)  # 25 %: the virtual PPA's certificates
    assert cells["E1-6_22"].value == pytest.approx(100 * 500 / 2000)
    assert cells["E1-6_19"].value == pytest.approx(100 * 300 / 2000)  # 15 %: the physical PPA, bundled
    assert cells["E1-6_21"].value == pytest.approx(100 * 300 / 2000)
    assert "virtual PPA" in cells["E1-6_20"].label


def test_no_bundled_instrument_is_said_as_a_share(tmp_path):
    """1,200 MWh with no instrument and 500 MWh under a virtual PPA: no bundled instrument, 0 % of 1,700 MWh (the
    text said "none of the 1,700.00 MWh bought under bundled instruments %")."""
    from click.testing import CliRunner

    from ghgcalc.cli import main

    root = tmp_path / "us"
    create_workspace(root, currency="USD")
    (root / "activity.csv").write_text("\n".join(ROWS.splitlines()[:3]) + "\n", encoding="utf-8")
    cells = {c.datapoint: c for c in disclose(root, "esrs-e1", 2023).cells}
    assert cells["E1-6_19"].value == 0.0
    assert cells["E1-6_19"].text == "0.00 % of 1,700.00 MWh: none bought under bundled instruments"
    assert cells["E1-6_20"].value == pytest.approx(100 * 500 / 1700)  # 29.41 %
    shown = CliRunner().invoke(main, ["disclose", str(root), "--standard", "esrs-e1", "--year", "2023"]).stdout
    assert "0.00 % of 1,700.00 MWh: none bought under bundled instruments  (computed" in shown
    assert "instruments %" not in shown
