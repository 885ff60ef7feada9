"""Japan: a workspace's own electricity factors (docs/japan.md), run from the files the doc shows, so the doc
cannot drift. Figures: Shikoku Electric, notice of 7 April 2025 (2023 actuals): unadjusted 0.380
kg-CO2/kWh, menu C (residual) 0.464 kg-CO2/kWh."""

import re

import pytest

from ghgcalc.workspace.pipeline import run_inventory
from tests.conftest import ROOT

DOC = (ROOT / "docs" / "japan.md").read_text(encoding="utf-8")


def blocks(kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", DOC, flags=re.S)


def workspace(tmp_path, activity: str | None = None):
    (factors_csv, activity_csv), (sidecar, config) = blocks("csv"), blocks("toml")
    (tmp_path / "my-factors").mkdir()
    (tmp_path / "my-factors" / "jp-electricity.csv").write_text(factors_csv, encoding="utf-8")
    (tmp_path / "my-factors" / "jp-electricity.toml").write_text(sidecar, encoding="utf-8")
    (tmp_path / "ghgcalc.toml").write_text(config, encoding="utf-8")
    (tmp_path / "activity.csv").write_text(activity or activity_csv, encoding="utf-8")
    return tmp_path


def test_the_documented_workspace_prices_japanese_electricity_with_its_own_factors(tmp_path):
    summary = run_inventory(workspace(tmp_path), by=("year", "scope", "scope2_method", "gas"))
    rows = {(r["year"], r["scope2_method"], r["gas"]): r for r in summary.to_dict()["rows"]}
    # FY2024 (April 2024 - March 2025) is counted as 2025; CO2 only, as the retailer publishes it
    assert set(rows) == {(2025, "location", "CO2"), (2025, "market", "CO2")}
    assert rows[(2025, "location", "CO2")]["value"] == pytest.approx(1_000 * 0.380)  # 1,000 MWh x 0.380 kg/kWh = 380 t
    assert rows[(2025, "market", "CO2")]["value"] == pytest.approx(1_000 * 0.464)  # menu C residual: 464 t
    assert rows[(2025, "market", "CO2")]["unit"] == "t CO2"
    assert summary.rows_rejected == 0 and summary.fallbacks.empty


def test_a_japanese_region_without_a_row_is_refused_not_guessed(tmp_path):
    summary = run_inventory(workspace(tmp_path, "year,activity,quantity,unit,region\nFY2024,electricity.grid,1000,MWh,JP-13\n"))
    assert summary.rows_rejected == 1
    (message,) = summary.rejected["message"]
    assert "JP-13" in message
