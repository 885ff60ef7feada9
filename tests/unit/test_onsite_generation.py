"""Renewable electricity generated on site and used there (instrument onsite_renewable) is not purchased
electricity: no Scope 2 under either method (GHG Protocol Scope 2 Guidance, chapter 5). Before, its MWh were
multiplied by the grid factor in location-based Scope 2 (2,400 MWh x 0.727 t/MWh = 1,744.8 t for a plant
whose rooftop solar never touched the grid)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from ghgcalc.cli import main


def test_onsite_renewable_is_zero_under_both_methods(tmp_path):
    path = tmp_path / "power.csv"
    path.write_text("year,activity,quantity,unit,region,instrument\n"
                    "2023,electricity.grid,1000,MWh,DE,\n"
                    "2023,electricity.grid,400,MWh,DE,onsite_renewable\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["explain", str(path), "--gwp", "AR5GWP100", "--format", "json"])
    assert result.exit_code == 0, result.output
    lines = json.loads(result.stdout)["lines"]
    onsite = [line for line in lines if line["row"] == 3]
    assert sorted(line["scope2_method"] for line in onsite) == ["location", "market"]
    assert all(line["co2e_t"] == 0 for line in onsite)
    assert "not drawn from the grid" in onsite[0]["conversion"]
    grid = sum(line["co2e_t"] for line in lines if line["row"] == 2 and line["scope2_method"] == "location")
    location = sum(line["co2e_t"] for line in lines if line["scope2_method"] == "location")
    assert grid > 0 and location == pytest.approx(grid)   # the 1,000 grid MWh alone
