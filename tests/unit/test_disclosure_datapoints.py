"""Every datapoint of each standard is listed, and the manufacturer example fills every one it has data for.

The expected lists are transcribed by hand from the project's research notes on disclosure
datapoints (sections 1.1-1.6 ESRS E1-4 to E1-7 with the EFRAG IG 3 ids, 2 GRI 305, 3.1 CDP
2024 module 7, 4 HKEX Appendix C2, 5 IFRS S2 para 29(a) and Appendix B), not read from the
shipped tables: a datapoint dropped from a table fails here.
"""

from __future__ import annotations

import re

import pytest

from ghgcalc.outputs.disclosure import MISSING, disclose, load_datapoints
from tests.conftest import ROOT

MANUFACTURER = ROOT / "examples" / "manufacturer"


def _ids(prefix: str, numbers) -> list[str]:
    return [f"{prefix}{n:02d}" for n in numbers]


EXPECTED = {
    "esrs-e1": (_ids("E1-4_", range(1, 25)) + ["E1.MDR-T_01-13", "E1.MDR-T_14-19"] + _ids("E1-5_", range(1, 24))
                + _ids("E1-6_", range(1, 36)) + [f"E1-6_11.{n:02d}" for n in range(1, 16)] + _ids("E1-7_", range(1, 26))),
    "gri-305": ([f"305-1-{x}" for x in "abcdefg"] + [f"305-2-{x}" for x in "abcdefg"]
                + [f"305-3-{x}" for x in "abcdefg"] + [f"305-4-{x}" for x in "abcd"] + [f"305-5-{x}" for x in "abcde"]
                + [f"305-1-b {g}" for g in ("CO2", "CH4", "N2O", "HFCs", "PFCs", "SF6", "NF3")]),
    "cdp": (["7.5", "7.6", "7.7 location-based", "7.7 market-based", "7.8 total", "7.8.1", "7.9", "7.9.1", "7.9.2",
             "7.9.3", "7.10", "7.10.1", "7.10.2", "7.11", "7.11.1", "7.12.1", "7.15.1", "7.16", "7.17.1", "7.17.2",
             "7.17.3", "7.20.1", "7.20.2", "7.20.3", "7.22", "7.23.1", "7.29", "7.30", "7.30.1", "7.30.7", "7.30.9",
             "7.30.14", "7.30.16", "7.45"] + [f"7.8 cat {n}" for n in range(1, 16)]
            + [f"7.5 Scope 3 cat {n}" for n in range(1, 16)]),
    "hkex": [f"A1.{n}" for n in range(1, 7)] + [f"A2.{n}" for n in range(1, 6)],
    "ifrs-s2": ["29(a)(i)(1)", "29(a)(i)(2)", "29(a)(i)(3)", "29(a)(ii)", "29(a)(iii)(1)", "29(a)(iii)(2)",
                "29(a)(iii)(3)", "29(a)(iv)(1)", "29(a)(iv)(2)", "29(a)(v)", "29(a)(vi)(1)", "29(a)(vi)(2)", "B20",
                "B21", "B27", "B29", "B30", "B31", "B32"],
}


def _listed(table) -> set[str]:
    """Each shipped datapoint id, its leading token (7.8 of "7.8 cat 3") and the ids its paragraph cites."""
    out = set()
    for datapoint, paragraph in zip(table["datapoint"], table["paragraph"]):
        out.add(datapoint)
        out.update(part.strip() for part in datapoint.split(";"))
        out.add(datapoint.split(" ")[0])
        if datapoint.startswith("7.5 Scope 3 cat") or datapoint.startswith("305-1-b "):
            continue
        out.update(re.findall(r"(?:B\d+|29\(a\)\([ivx]+\)(?:\(\d\))?)", paragraph))
    return out


@pytest.mark.parametrize("standard", sorted(EXPECTED))
def test_every_datapoint_of_the_standard_is_listed(standard):
    table, _ = load_datapoints(standard)
    listed = _listed(table)
    missing = [d for d in EXPECTED[standard] if d not in listed]
    assert not missing, f"{standard}: datapoints not listed: {missing}"


@pytest.mark.parametrize("standard", sorted(EXPECTED))
def test_every_empty_datapoint_says_why_and_what_to_add(standard):
    for cell in disclose(MANUFACTURER, standard, 2024).cells:
        if cell.status == MISSING:
            assert cell.source and cell.value is None and cell.text == "missing", cell.datapoint
            assert "no figure" in cell.source or "to fill it" in cell.source or "screened" in cell.source, cell


# Datapoints the manufacturer's workspace holds the data for (activity rows with gases, regions,
# sites, segments and instruments; a screening file; revenue and headcount; targets; ghgcalc.toml
# with base year, GWP set and consolidation approach): each must be filled.
FILLED = {
    "esrs-e1": ["E1-4_01", "E1-4_02", "E1.MDR-T_01-13", "E1-5_01", "E1-5_05", "E1-5_06", "E1-5_07", "E1-5_08",
                "E1-5_09", "E1-5_10", "E1-5_11", "E1-5_12", "E1-5_13", "E1-5_23", "E1-6_01", "E1-6_02", "E1-6_03",
                "E1-6_04", "E1-6_07", "E1-6_09", "E1-6_10", "E1-6_11", "E1-6_11.01", "E1-6_11.03", "E1-6_11.04",
                "E1-6_11.05", "E1-6_11.06", "E1-6_11.07", "E1-6_11.12", "E1-6_12", "E1-6_13", "E1-6_15", "E1-6_18",
                "E1-6_19", "E1-6_20", "E1-6_21", "E1-6_22", "E1-6_25", "E1-6_26", "E1-6_27", "E1-6_29", "E1-6_30",
                "E1-6_31", "E1-6_33", "E1-6_35", "E1-7_20", "ES-S12 location", "ES-S12 market",
                "ES-INT12 location", "ES-INT12 market"],
    "gri-305": ["305-1-a", "305-1-b", "305-1-b CO2", "305-1-b CH4", "305-1-b N2O", "305-1-b HFCs", "305-1-d",
                "305-1-e", "305-1-e GWP", "305-1-f", "305-1-g", "305-2-a", "305-2-b", "305-2-c", "305-2-d",
                "305-2-e", "305-2-e GWP", "305-2-f", "305-2-g", "305-3-a", "305-3-b", "305-3-d", "305-3-d excluded",
                "305-3-e", "305-3-f", "305-3-f GWP", "305-3-g", "305-4-a (S1+2 location per revenue)",
                "305-4-a (S1+2 market per revenue)", "305-4-a (S1+2 location per employee)",
                "305-4-a (S1+2 market per employee)", "305-4-a (S3 per revenue)", "305-4-b revenue",
                "305-4-b employees", "305-4-c", "305-4-d", "305-5-c"],
    "cdp": ["7.5 Scope 1", "7.5 Scope 2 location-based", "7.5 Scope 2 market-based", "7.5 Scope 3",
            "7.5 Scope 3 cat 3", "7.5 methodology", "7.6 Scope 1", "7.6 methodology", "7.7 location-based",
            "7.7 market-based", "7.7 methodology", "7.8 total", "7.8 cat 1", "7.8 cat 3", "7.8 cat 4", "7.8 cat 5",
            "7.8 cat 6", "7.8 cat 7", "7.8 cat 12", "7.8 evaluation status", "7.8 exclusions", "7.8 methodology",
            "7.8 supplier data", "7.8.1", "7.10 market-based", "7.10 location-based", "7.10.2", "7.11 total",
            "7.11.1 cat 3", "7.15.1 CO2", "7.15.1 CH4", "7.15.1 N2O", "7.15.1 HFCs", "7.15.1 GWP",
            "7.16 by country", "7.17.1", "7.17.2", "7.17.3", "7.20.1", "7.20.2", "7.20.3", "7.22 group",
            "7.30 activities", "7.30.1 fuel", "7.30.1 electricity", "7.30.1 self-generated", "7.30.1 renewable",
            "7.30.1 total", "7.30.7", "7.30.14", "7.30.16", "7.45 numerator (market-based)",
            "7.45 figure (market-based)", "7.45 numerator (location-based)", "7.45 figure (location-based)",
            "7.45 denominator"],
    "hkex": ["A1.2 Scope 1", "A1.2 Scope 2 location", "A1.2 Scope 2 market", "A1.2 Scope 1+2 location",
             "A1.2 Scope 1+2 market", "A1.2 intensity (revenue, location)", "A1.2 intensity (revenue, market)",
             "A1.2 intensity (employee, location)", "A1.2 intensity (employee, market)", "A1.5", "A2.1 total",
             "A2.1 direct", "A2.1 indirect", "A2.1 electricity", "A2.1 gas", "A2.1 oil", "A2.1 intensity"],
    "ifrs-s2": ["29(a)(i)(1)", "29(a)(i)(2); 29(a)(v)", "B31", "29(a)(i)(3)", "29(a)(ii)", "29(a)(iii)(1)",
                "29(a)(iv)(1)", "29(a)(v)", "29(a)(vi)(1)", "B20", "B21", "B27(a)", "B29", "B32"],
}


@pytest.mark.parametrize("standard", sorted(FILLED))
def test_the_manufacturer_fills_every_datapoint_it_has_data_for(standard):
    cells = {c.datapoint: c for c in disclose(MANUFACTURER, standard, 2024).cells}
    empty = [d for d in FILLED[standard] if cells[d].status == MISSING]
    assert not empty, f"{standard}: empty although the workspace has the data: {empty}"


def _cells(standard):
    return {c.datapoint: c for c in disclose(MANUFACTURER, standard, 2024).cells}


def test_the_manufacturers_facts_by_hand():
    esrs = _cells("esrs-e1")
    # 2024 electricity: 15,000 + 6,000 (GEC) MWh in Jiangsu, 9,200 + 5,000 (PPA) in Guangdong, 420 in the UK
    assert esrs["E1-5_07"].value == pytest.approx(6000 + 5000)
    assert "GEC 6,000.00 MWh" in esrs["E1-5_07"].source and "PPA 5,000.00 MWh" in esrs["E1-5_07"].source
    total = 15000 + 6000 + 9200 + 5000 + 420
    assert esrs["E1-6_18"].value == pytest.approx(100 * 11000 / total)  # 30.88 % of 35,620 MWh
    assert esrs["E1-6_20"].value == pytest.approx(100 * 6000 / total)  # certificates, unbundled
    assert esrs["E1-6_21"].value == pytest.approx(100 * 5000 / total)  # the PPA, bundled
    assert "8 Upstream leased assets: not applicable, the company owns its plants" in esrs["E1-6_27"].text
    assert esrs["E1-6_02"].text.startswith("operational control")
    gri = _cells("gri-305")
    assert gri["305-1-b"].text == "CO2, CH4, N2O, HFCs"  # natural gas, diesel, refrigerant (R-410A) top-ups
    assert gri["305-1-f"].text == "operational control" and gri["305-1-f"].status == "stated"
    cdp = _cells("cdp")
    # CN market-based Scope 2: 15,000 x 0.5978 + 9,200 x 0.4403 = 8,967.00 + 4,050.76 = 13,017.76 t CO2e
    assert "CN: S1" in cdp["7.16 by country"].text and "S2 market 13,017.76" in cdp["7.16 by country"].text
    assert "screened not applicable: the company owns its plants" in cdp["7.8 cat 8"].source
    # Scope 3 before 2024 is category 3 alone: the change says its coverage differs
    assert "coverage differs" in cdp["7.8 total"].note and "3 in 2023" in cdp["7.8 total"].note


def test_scope2_figures_name_their_method_and_changes_come_from_unrounded_figures():
    for standard in sorted(FILLED):
        for cell in disclose(MANUFACTURER, standard, 2024).cells:
            if cell.status != MISSING and any(w in cell.used for w in ("scope2", "scope12", "scope123")) \
                    and not cell.used.startswith("@"):
                assert cell.scope2_method in ("location-based", "market-based"), (standard, cell.datapoint)
    market = _cells("esrs-e1")["E1-6_10"]
    # 2023 market-based Scope 2 from the inventory, unrounded; the change is from the two unrounded figures
    assert market.previous_value is not None and market.previous_value != round(market.previous_value, 2)
    assert market.change_percent == pytest.approx(100 * (market.value - market.previous_value) / market.previous_value)


def test_a_printed_ratio_changes_as_its_parts_do():
    """Xiaomi packaging per revenue prints 0.02 in both 2022 and 2023; its parts fall 13.2 %."""
    cell = next(c for c in disclose(ROOT / "examples" / "xiaomi", "hkex", 2023).cells if c.datapoint == "A2.5 intensity")
    # 2023: 4,254.86 t / 270,970.1 RMB million; 2022: 5,065.08 / 280,044.0 (the reports' revenue)
    assert cell.change_percent == pytest.approx(-13.2, abs=0.05)
    assert "from its parts" in cell.note
